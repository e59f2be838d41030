/*
 * overlap_index.h — this process's duplicate-detection index over the
 * store's overlap_doc table, and the search that every overlap question
 * (a round's report, a check, a new history document) goes through.
 * Internal to the domain layer.
 *
 * The index (text/overlap.h) holds the sketch of every document that is
 * not retired, tagged with its round and region, and the document
 * frequencies of the words of those that have word vectors.  It follows
 * the table by change numbers (store/overlap.h): overlap_index_sync()
 * reads what changed since the number it has seen.  It is called before
 * every search and after every commit of this process; a write made by
 * another process (the command line, a second server) is picked up by
 * the next sync — nothing else is needed for several processes to share
 * one database.  Sync never runs inside a transaction (rows read there
 * might still be rolled back); a search inside a transaction instead adds
 * the documents changed after the index's number — a handful — by
 * reading them directly, so it always sees exactly what the transaction
 * sees.
 *
 * One index per process, for the database it was built from (each store
 * has a random identity in its meta table; another database rebuilds it).
 * Searches hold a read lock; syncs a write lock.
 */
#ifndef DOMAIN_OVERLAP_INDEX_H
#define DOMAIN_OVERLAP_INDEX_H

#include <stddef.h>
#include <stdint.h>
#include "domain/domain.h"
#include "store/overlap.h"
#include "text/overlap.h"
#include "text/tfidf.h"

#define OVERLAP_TOPIC_FLOOR 0.2   /* topic is weighed only from this copy score on */
#define OVERLAP_MAX_CAND 200      /* candidates verified exactly, at most */

/* A text prepared for comparison: shingles, sketch, and words once needed. */
struct ovq {
	struct ov_text text;
	struct ov_sketch sketch;
	struct tfidf_vec words;
	int have_words;
	const char *part[OV_PARTS];
	size_t len[OV_PARTS];
};

/* Prepares the three parts (any may be NULL).  0, or -1 with e set. */
int ovq_prepare(struct ovq *q, const char *title, const char *content, const char *indicators,
		struct derr *e);
void ovq_release(struct ovq *q);
/* Computes q's word vector if it has none.  0, or -1 with e set. */
int ovq_words(struct ctx *c, struct ovq *q, struct derr *e);

/* Which documents a search may return: asked with the document's id,
 * round (0 for the history) and region (its GB/T 2260 code as a number,
 * 0 if none).  1 keeps it. */
typedef int (*ovx_keep_fn)(void *arg, int64_t doc_id, int64_t round_id, int64_t region);

struct ovx_hit {
	struct overlap_doc doc;      /* the document found, read from the store */
	struct ov_score score;       /* exact, with topic where it can matter */
};

/*
 * The documents overlapping q with a score of at least min_score, best
 * first, at most max: LSH candidates whose estimate reaches min_est, plus
 * the documents the index has not read yet, each verified exactly against
 * its text in the store.  The topical part of the score is computed for
 * those whose copy score is from OVERLAP_TOPIC_FLOOR up to below 0.8 (or
 * always when all_topics is set), from stored word vectors when present.
 * Hits are in c->a; 0, or -1 with e set.
 */
int ovx_find(struct ctx *c, struct ovq *q, ovx_keep_fn keep, void *arg, double min_est,
	     double min_score, size_t max, int all_topics, struct ovx_hit **out, size_t *n,
	     struct derr *e);

/* The TF-IDF cosine of two word vectors with this process's document
 * frequencies. */
double ovx_cosine(const struct tfidf_vec *a, const struct tfidf_vec *b);

/* Brings the index up to date; a no-op inside a transaction.  0, or -1
 * with e set. */
int overlap_index_sync(struct ctx *c, struct derr *e);

/* Live documents in the index and bytes it holds (for the figures). */
void overlap_index_figures(size_t *docs, size_t *bytes);

/* A region code ("310000") as the number the index tags carry. */
int64_t overlap_region_num(const char *code);

#endif
