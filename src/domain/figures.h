/*
 * figures.h — the community's figures, computed from live data: the flows
 * of technology contracts between regions, the dashboard's headline
 * figures, and the cache that keeps them until the next write.
 *
 * THE REGISTRY.  Each headline figure of the dashboard is one provider
 * (figures.c, figure_providers[]): a key, labels, a unit and one function
 * that computes the value for a year and a region (NULL = the whole
 * community), and the previous year's value when a growth makes sense.  A
 * capability plugs its figure in by writing that function and putting it
 * in its line of the table; a line whose function is NULL is shown as "not
 * yet available", never as a made-up number.
 *
 * THE DOCUMENTS.  flows_doc() and dashboard_doc() answer JSON documents
 * (the API sends them as they are; the pages and CSV downloads read them).
 * They are cached per (kind, year, region) and recomputed on the first
 * read after any committed write (the store generation, as the response
 * cache does), so a page for an official costs a lookup, not the queries;
 * while one reader recomputes, the others get the previous document.  The
 * parts they are made of are cached the same way and shared between
 * regions: the year-by-region-pair counts of five years (one scan), the
 * catalogue per region, the cross-region hours per region.
 * A returned document is shared and must not be changed: the caller owns
 * one reference (json_decref when done).
 *
 * Growth is (this year - last year) / last year, null when last year is 0.
 * Cross-region contracts are verified contracts whose seller and buyer are
 * in different regions (with a region chosen: one party in it, the other
 * outside it); they count in the year of their signing date.
 */
#ifndef DOMAIN_FIGURES_H
#define DOMAIN_FIGURES_H

#include <jansson.h>
#include "domain/domain.h"

#define FIGURES_YEAR_MIN 1990
#define FIGURES_YEAR_MAX 2100
#define FLOWS_TREND_YEARS 5

enum figure_unit { FU_COUNT, FU_CNY, FU_HOURS };

struct figure_scope {
	int64_t year;
	const char *region;            /* NULL = the whole community */
	int64_t now;
};

/* Computes the figure: *value, and *prev (last year's) or -1 when the
 * figure has no growth.  0, or -1 with e set. */
typedef int (*figure_fn)(struct ctx *c, const struct figure_scope *s, int64_t *value,
			 int64_t *prev, struct derr *e);

struct figure_provider {
	const char *key;
	const char *zh, *en;
	enum figure_unit unit;
	figure_fn fn;                  /* NULL: not yet available */
	const char *note_zh, *note_en; /* what it counts, or whose data is missing */
};
extern const struct figure_provider figure_providers[];
extern const size_t nfigure_providers;

/* Checks a year and a region code (NULL or "" = all): DERR_INVALID naming
 * "year" or "region". */
int figures_check_scope(struct ctx *c, int64_t year, const char *region, struct derr *e);
/* The latest complete year, the default of the pages (the year before now). */
int64_t figures_default_year(int64_t now);

/*
 * {year, region, regions: [{code,name_zh,name_en}], matrix: [{seller,
 * buyer, count, amount_cny, income_cny}], cross: {count, amount_cny,
 * prev_count, prev_amount_cny, growth_count, growth_amount}, trend: [{year,
 * cross_count, cross_amount_cny, all_count, all_amount_cny}] (five years
 * to year), fields / sellers / buyers: the ten largest by amount}.
 */
json_t *flows_doc(struct ctx *c, int64_t year, const char *region, struct derr *e);
/*
 * {year, region, figures: [{key, name_zh, name_en, unit, available, value,
 * prev, growth, note_zh, note_en}], flows: flows_doc(), instruments_by_region:
 * [{code, name_zh, name_en, instruments, facilities, value_cny}]}.
 */
json_t *dashboard_doc(struct ctx *c, int64_t year, const char *region, int64_t now,
		      struct derr *e);
/* Recomputes every figure of every region and year shown, bypassing the
 * cache (for the benchmark): 0 or -1. */
int figures_recompute_all(struct ctx *c, int64_t year, int64_t now, struct derr *e);
/* Empties the cache (tests, and the benchmark's cold runs). */
void figures_cache_clear(void);

/*
 * The cache's protocol, for other documents too (institute rankings): the
 * document of (kind, year, region) as of the current store generation.  On
 * the first read after a write the reader recomputes it with fn while
 * readers that come meanwhile get the last one (so a recompute never
 * stalls them); with none yet, they compute too.  NULL with e set when fn
 * failed.  The caller owns one reference.
 */
typedef json_t *(*figures_fn)(struct ctx *c, int64_t year, const char *region,
			      struct derr *e);
json_t *figures_cached(struct ctx *c, const char *kind, int64_t year, const char *region,
		       figures_fn fn, struct derr *e);

/* ---- page views (visits.c) ---------------------------------------------- */

/*
 * Page views are counted without anything personal: one counter per kind
 * of page (its route), added to atomically on the request's thread, and
 * written now and then as (day, kind, views) rows by visits_flush(), so
 * counting never adds a write to a request.
 */
#define VISITS_KINDS 256
/* Counts one view of page kind k (< VISITS_KINDS); lock-free. */
void visits_count(size_t k);
/* Views counted and not yet written. */
int64_t visits_pending(void);
/* Writes the pending counts as views of today (CST) in one transaction;
 * names[k] is kind k's name.  Counts that could not be written stay
 * pending.  0 or -1. */
int visits_flush(struct db *db, const char *const *names, size_t n, int64_t now);
/* Views written up to the end of year (dashboard_doc adds the pending
 * ones of the current year on each read); <0 on a store error. */
int64_t visits_total(struct ctx *c, int64_t year);

#endif
