/*
 * overlap.h — the store of the pre-approval consultation (立项前会商):
 * consultation rounds, their guide items, the documents the duplicate
 * detector compares (guide items, funded projects, open challenges), the
 * overlaps found between them and the decisions taken on them.
 *
 * Tables (migrate.c): overlap_round, guide_item, overlap_doc, overlap_gone,
 * overlap_pair.  Every change to overlap_doc takes the next change number
 * (seq) — a row's seq on insert and update, an overlap_gone row on delete
 * — so that each process's in-memory index (domain/overlap_index.c) can
 * follow the table by reading what changed since the number it has seen.
 *
 * Conventions as in store.h: 0 on success, a negative db_rc on failure,
 * 1 for a "get" of a missing row; records' strings are owned by the arena
 * passed in; writes run inside the caller's transaction.
 */
#ifndef STORE_OVERLAP_H
#define STORE_OVERLAP_H

#include <stddef.h>
#include <stdint.h>
#include "core/arena.h"
#include "store/rc.h"

struct db;

/* ---- records ------------------------------------------------------------ */

struct overlap_round {
	int64_t id, year;
	const char *title;
	const char *fields;          /* industry keys, comma-separated, in order */
	const char *state;           /* open closed */
	double suspect, duplicate;   /* score thresholds of the two levels */
	double related;              /* topical similarity for joint-funding clusters */
	int64_t created_by, created_at, updated_at, closed_at;   /* closed_at 0: open */
	/* figures, filled by get and list */
	int64_t items, live_items, regions, duplicates, suspected, undecided;
};

struct guide_item {
	int64_t id, round_id;
	const char *region_code, *field, *title, *content, *indicators;
	int64_t budget_wan;          /* 万元; -1 = not given */
	const char *state;           /* draft withdrawn merged funded */
	int64_t merged_into;         /* 0 = none */
	int64_t created_by, created_at, updated_at;
	/* joined on read */
	int64_t doc_id;              /* its overlap_doc row, 0 if none */
	const char *region_zh, *region_en, *round_state;
	int64_t round_year;
};

struct overlap_doc {
	int64_t id;
	const char *kind;            /* guide_item project challenge */
	int64_t ref_id;
	int64_t round_id;            /* the open round of a draft item; 0 otherwise */
	const char *status;          /* round history retired */
	const char *title, *content, *indicators, *field, *region_code;
	int64_t year;                /* 0 = unknown */
	const void *sketch;          /* encoded ov_sketch */
	size_t sketch_len;
	const void *words;           /* encoded tfidf_vec, or NULL */
	size_t words_len;
	int64_t seq, updated_at;
	/* joined on read */
	const char *region_zh, *region_en;
	const char *item_state;      /* guide items: the item's state */
};

struct overlap_pair {
	int64_t id, round_id, a_doc, b_doc;
	const char *scope;           /* round history */
	const char *level;           /* duplicate suspected related */
	double score, copy, jaccard, topic;      /* topic < 0: not computed */
	double part[3];              /* title content indicators; < 0: a part is empty */
	const char *decision;        /* merge cofund keep withdraw, or NULL */
	int64_t decision_item;       /* merge: the item kept; withdraw: the one withdrawn */
	const char *reason;
	int64_t decided_by, decided_at, computed_at;
	/* joined on read: both sides */
	struct overlap_doc a, b;
	const char *decided_by_name;
};

/* ---- rounds ------------------------------------------------------------- */

int store_round_insert(struct db *db, const struct overlap_round *r, int64_t *id);
/* Title, year, fields and thresholds of an open round. */
int store_round_update(struct db *db, const struct overlap_round *r);
int store_round_close(struct db *db, int64_t id, int64_t now);
int store_round_get(struct db *db, struct arena *a, int64_t id, struct overlap_round *out);
/* All rounds, newest first; closed ones only when closed_only is set. */
int store_round_list(struct db *db, struct arena *a, int closed_only,
		     struct overlap_round **out, size_t *n);
/* The open rounds with their thresholds only (no figures: cheap). */
int store_round_list_open(struct db *db, struct arena *a, struct overlap_round **out,
			  size_t *n);

/* ---- guide items -------------------------------------------------------- */

/* A new item in state it->state (NULL: draft). */
int store_item_insert(struct db *db, const struct guide_item *it, int64_t *id);
/* Field, title, content, indicators and budget. */
int store_item_update(struct db *db, const struct guide_item *it);
int store_item_set_state(struct db *db, int64_t id, const char *state, int64_t merged_into,
			 int64_t now);
int store_item_get(struct db *db, struct arena *a, int64_t id, struct guide_item *out);
/* A round's items in region and field order; region may be NULL (all);
 * live_only leaves out withdrawn and merged items. */
int store_item_list(struct db *db, struct arena *a, int64_t round_id, const char *region,
		    int live_only, struct guide_item **out, size_t *n);

/* ---- documents ---------------------------------------------------------- */

/* Inserts or replaces the document (kind, ref_id) with the next change
 * number; *id is its row id. */
int store_doc_put(struct db *db, const struct overlap_doc *d, int64_t *id);
/* Sets the status and round of a document, with the next change number. */
int store_doc_set_status(struct db *db, int64_t id, const char *status, int64_t round_id);
/* Stores the word vector of a document (no new change number: words are
 * derived data). */
int store_doc_set_words(struct db *db, int64_t id, const void *words, size_t len);
/* Deletes the document (kind, ref_id) and logs its id in overlap_gone;
 * 1 if there was none. */
int store_doc_delete(struct db *db, const char *kind, int64_t ref_id);
int store_doc_get(struct db *db, struct arena *a, int64_t id, struct overlap_doc *out);
int store_doc_by_ref(struct db *db, struct arena *a, const char *kind, int64_t ref_id,
		     struct overlap_doc *out);
/* The highest change number so far (0 if none). */
int64_t store_doc_seq(struct db *db);

/*
 * Calls fn for every document changed after change number `after` (all
 * when after is 0), in change order: live documents with their sketch and
 * words (retired ones too, so the caller can drop them), then, through
 * gone, the ids of deleted documents.  Strings and blobs are valid only
 * during the call.  A non-zero return of fn stops and is returned.
 */
typedef int (*doc_fn)(void *arg, const struct overlap_doc *d);
typedef int (*gone_fn)(void *arg, int64_t doc_id);
int store_doc_changes(struct db *db, int64_t after, doc_fn fn, gone_fn gone, void *arg);

/* Documents changed after change number `after` that are not retired,
 * with their texts (for the rows an index has not read yet). */
int store_doc_since(struct db *db, struct arena *a, int64_t after, struct overlap_doc **out,
		    size_t *n);

/* The store's identity: a random value made by the migration, so that a
 * process can tell one database from another. */
int store_overlap_instance(struct db *db, struct arena *a, const char **out);

/* Live documents of an open round in a field from other regions than
 * region (for topical clusters), with their words. */
int store_doc_round_field(struct db *db, struct arena *a, int64_t round_id, const char *field,
			  const char *not_region, struct overlap_doc **out, size_t *n);

/* ---- pairs -------------------------------------------------------------- */

/* Inserts the pair (a_doc, b_doc) or updates its figures and level,
 * keeping any decision. */
int store_pair_put(struct db *db, const struct overlap_pair *p);
/* Deletes the pairs of doc that are not among keep[0..n) (other docs),
 * in this round; returns the count through *deleted when not NULL. */
int store_pair_prune(struct db *db, int64_t round_id, int64_t doc, const int64_t *keep, size_t n,
		     int *deleted);
/* Deletes every pair of a round (before recomputing it). */
int store_pair_clear(struct db *db, int64_t round_id);
int store_pair_get(struct db *db, struct arena *a, int64_t id, struct overlap_pair *out);
/* A round's pairs, best first: scope and level may be NULL (any); with
 * doc > 0 only those of that document. */
int store_pair_list(struct db *db, struct arena *a, int64_t round_id, const char *scope,
		    const char *level, int64_t doc, struct overlap_pair **out, size_t *n);
int store_pair_decide(struct db *db, int64_t id, const char *decision, int64_t item,
		      const char *reason, int64_t by, int64_t at);
/* Pairs of the round at the suspected level or above, both of whose
 * sides are still live, without a decision. */
int64_t store_pair_undecided(struct db *db, int64_t round_id);

#endif
