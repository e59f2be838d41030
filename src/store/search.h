/*
 * search.h — the store side of the platform-wide search: search_item, a
 * row per searchable record of every kind, with its text and what the
 * filters, facets, ranking and permissions need.  Migration 7
 * (migrate.c) builds a kind's rows with a view, search_src_<kind>, and
 * keeps them with triggers on the kind's own tables, so an item changes
 * in the same transaction as its record, whatever code wrote it.
 *
 * The index itself is not in the database: every process keeps one in
 * memory (domain/search_live.c, domain/sindex.c), filled by
 * store_search_scan and kept up to date from search_log (migration 9),
 * which logs every change of an item (store_search_changes).  The search
 * and its filters, facets and ranking run there; search_filter and
 * search_result below are that engine's question and answer.
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

/* What to find besides the words (the in-memory engine takes the parsed
 * query itself, domain/search_live.h). */
struct search_filter {
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
	/* ranking: srank (store/search_rank.h) with these column weights,
	 * times (1 + activity_boost * activity), times the kind's weight */
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

/*
 * The change log (migration 9): every insert, delete and update of an
 * item moves search_clock.docs by one and logs (seq = that value, the
 * item's id), in the same transaction (an update that changes no column
 * is not logged); the log keeps the last SEARCH_LOG_KEEP entries.
 * `shenrong reindex` (store_search_rebuild) empties it and moves docs by
 * SEARCH_LOG_KEEP + 1, so that every reader finds its place gone.
 * Migration 9's triggers spell the number out: change it only with a
 * migration that changes them.
 */
#define SEARCH_LOG_KEEP 65536

/* One item as the in-memory search index needs it (strings valid only
 * during the callback). */
struct search_doc_row {
	int64_t id;
	const char *kind;            /* NULL: the item is gone (changes only) */
	const char *region_code, *city_code, *category, *region2;
	int64_t org_id, org2_id, year;   /* 0 when NULL */
	int vis;
	double activity;
	const char *name, *name_en, *subtitle, *body;   /* NULL when NULL */
};
typedef int (*search_doc_fn)(void *arg, const struct search_doc_row *r);

/*
 * Every item, in id order; a non-zero return from fn stops and is
 * returned.  Read in pages of a few thousand items (PostgreSQL hands a
 * statement's whole result over at once): read the clock and then scan
 * in one store_begin_read() snapshot, or at least the clock first — a
 * change made during the scan is then logged after that clock and
 * applied again by the next store_search_changes().
 */
int store_search_scan(struct db *db, search_doc_fn fn, void *arg);

/*
 * Every item logged with seq > since, each once, with its row as it is
 * now (kind NULL when it no longer exists), in id order; *upto is set to
 * the highest seq read (since when none).  A non-zero return from fn
 * stops and is returned; DB_ERR on failure.  Rows are read after *upto
 * is fixed, so they are never older than it, even outside a snapshot.
 *
 * The caller compares search_clock.docs with since first: when
 * docs - since > SEARCH_LOG_KEEP the log no longer covers it and it must
 * scan.  Do both in one store_begin_read() snapshot; outside one, writes
 * in between may trim the log past since, which this notices (after
 * reading) and answers DB_ERR.
 */
int store_search_changes(struct db *db, int64_t since, int64_t *upto, search_doc_fn fn,
			 void *arg);

/* Calls fn for every name suggestions offer: distinct names of
 * instruments and facilities (ref_id: one of them, n: how many), and
 * every organisation and expert (org: the expert's organisation).  Only
 * public items. */
typedef int (*search_name_fn)(void *arg, const char *kind, int64_t ref_id,
			      const char *name, const char *name_en, const char *org,
			      int64_t n);
int store_search_names(struct db *db, search_name_fn fn, void *arg);

/* Refills search_item from every kind's view (in bulk: search_item's
 * triggers neither count nor log each row), in the caller's write
 * transaction; *items is how many there are now.  The change log is
 * emptied and docs moves by SEARCH_LOG_KEEP + 1: every process's
 * in-memory index reads all items again. */
int store_search_rebuild(struct db *db, int64_t *items);
/* Bytes on disk of search_item with its indexes (all the search keeps
 * in the database besides the small log); *bytes = -1 and DB_ERR if
 * SQLite's dbstat table is not available. */
int store_search_size(struct db *db, int64_t *bytes);

#endif
