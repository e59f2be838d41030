/*
 * search.h — the store side of the platform-wide search: one FTS5 index
 * (search_doc, tokenizer "shenrong") over search_item, a row per
 * searchable record of every kind.  Migration 7 (migrate.c) builds a
 * kind's rows with a view, search_src_<kind>, and keeps them with
 * triggers on the kind's own tables, so an item changes in the same
 * transaction as its record, whatever code wrote it.
 *
 * Adding a kind takes a migration (its view and triggers, see migration
 * 7 for the pattern), its view's name in rebuild_views[] in
 * search_index.c, and its entry in domain/search_kinds.c.
 *
 * Conventions are those of store.h: 0 on success, a negative db_rc on
 * failure; strings belong to the arena passed in.
 */
#ifndef STORE_SEARCH_H
#define STORE_SEARCH_H

#include <stddef.h>
#include <stdint.h>
#include "core/arena.h"
#include "store/rc.h"

struct db;

/* Who may find the restricted items (vis = 1) of one kind. */
enum search_scope {
	SEARCH_SEE_ALL,          /* every item of the kind */
	SEARCH_SEE_REGION,       /* items whose region_code or region2 is region */
	SEARCH_SEE_ORG,          /* items whose org_id or org2_id is org_id */
};
struct search_grant {
	const char *kind;
	enum search_scope scope;
	const char *region;
	int64_t org_id;
};

/* A multiplier of the score of one kind's items (1.0 when not listed). */
struct search_kind_weight {
	const char *kind;
	double weight;
};

#define SEARCH_FACETS 4          /* kind, region, city, category */
#define SEARCH_MAX_VALUES 16     /* per filter list */

struct search_filter {
	const char *match;           /* FTS5 expression; NULL: browse by filters */
	const char *exclude;         /* FTS5 expression to leave out; NULL: none */
	/* each list is OR'ed; the lists are AND'ed; empty = any */
	const char *const *kinds;
	size_t nkinds;
	const char *const *regions;
	size_t nregions;
	const char *const *cities;
	size_t ncities;
	const char *const *categories;
	size_t ncategories;
	const int64_t *orgs;         /* the item's org_id or org2_id is one */
	size_t norgs;
	int64_t year;                /* 0 = any */
	/* the restricted items this reader may find; public ones always */
	const struct search_grant *grants;
	size_t ngrants;
	/* ranking: bm25 with these column weights, times
	 * (1 + activity_boost * activity), times the kind's weight */
	double w_name, w_name_en, w_subtitle, w_body;
	double activity_boost;
	const struct search_kind_weight *kind_weights;
	size_t nkind_weights;
	size_t want;                 /* how many of the best to return */
};

struct search_hit {
	int64_t id;
	double score;                /* lower is better */
};

struct search_count {
	const char *value;
	int64_t n;
};

struct search_result {
	int64_t total;               /* every item that matched */
	struct search_hit *hits;     /* the best min(total, want), best first */
	size_t nhits;
	/* counts over all matches: [0] kind, [1] region, [2] city,
	 * [3] category; largest first (NULL values are not counted) */
	struct search_count *facets[SEARCH_FACETS];
	size_t nfacets[SEARCH_FACETS];
};

/*
 * Finds the items that match f in one pass over the matches: counts
 * them and their facet values and keeps the f->want best (a heap).  The
 * arrays in out belong to a.  DB_ERR also for an FTS5 expression SQLite
 * cannot parse (the domain builds them, so that is a bug) or more than
 * SEARCH_MAX_VALUES values in a list.
 */
int store_search_run(struct db *db, struct arena *a, const struct search_filter *f,
		     struct search_result *out);

/* One item as the result list shows it. */
struct search_item {
	int64_t id, ref_id;
	const char *kind, *region_code, *city_code, *category;
	int64_t org_id, year;
	double activity;
	const char *name, *name_en, *subtitle, *body;
	const char *region_zh, *region_en, *city_zh, *city_en;   /* joined */
};

/* Reads the items ids[0..n) into out[0..n) (a missing one: id 0). */
int store_search_items(struct db *db, struct arena *a, const int64_t *ids, size_t n,
		       struct search_item *out);

/* The kind and names of the items ids[0..n) (NULL for a missing one),
 * for re-ranking the first results without reading their texts. */
int store_search_names_of(struct db *db, struct arena *a, const int64_t *ids, size_t n,
			  const char **kinds, const char **names, const char **names_en);

/* Counts of changes: docs moves on every change of a document, names on
 * every change of a name that suggestions list; epoch is the database's
 * own random number, so that copies kept in memory are never taken for
 * another database's.  Cheap (one row). */
struct search_clock {
	int64_t docs, names, epoch;
};
int store_search_clock(struct db *db, struct search_clock *out);

/* Calls fn for every Latin term of the index (ASCII letters only, as the
 * tokenizer stems them) with the number of documents holding it, in byte
 * order.  A non-zero return from fn stops and is returned. */
typedef int (*search_term_fn)(void *arg, const char *term, size_t len, int64_t docs);
int store_search_terms(struct db *db, search_term_fn fn, void *arg);

/* Calls fn for every name suggestions offer: distinct names of
 * instruments and facilities (ref_id: one of them, n: how many), and
 * every organisation and expert (org: the expert's organisation).  Only
 * public items. */
typedef int (*search_name_fn)(void *arg, const char *kind, int64_t ref_id,
			      const char *name, const char *name_en, const char *org,
			      int64_t n);
int store_search_names(struct db *db, search_name_fn fn, void *arg);

/* Refills search_item from every kind's view and rebuilds the index, in
 * the caller's write transaction; *items is how many there are now. */
int store_search_rebuild(struct db *db, int64_t *items);
/* Merges the index's segments into one (after a rebuild or a bulk load;
 * in the caller's write transaction). */
int store_search_optimize(struct db *db);
/* Bytes of the index (search_doc's shadow tables) and of the items
 * table with its indexes; -1 if the dbstat table is not available. */
int store_search_size(struct db *db, int64_t *index_bytes, int64_t *items_bytes);

#endif
