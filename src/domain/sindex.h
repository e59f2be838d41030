/*
 * sindex.h — the platform-wide search's index, held in memory: every
 * search item's four texts (name, English name, subtitle, body) as
 * positional postings, and what filters, facets, permissions and the
 * ranking need per document (a 20-byte record every match reads, small
 * enough for a large index's records to stay in the processor's cache,
 * and a cold one for the rest; kind, region, city and category are ids of
 * interned values, at most 65,535 distinct ones, later ones counted as
 * none).  No database: domain/search_live.c
 * keeps one in step with the store; the benchmark fills one from a file.
 *
 * Documents live in slots that only grow: sindex_put() of an id already
 * held retires its old slot and takes a new one, sindex_remove() retires
 * it.  Retired slots stay in the postings (skipped when met) until the
 * owner rebuilds the index; document frequencies count them meanwhile.
 *
 * A term's postings are one byte string in slot order, a document each:
 * the slot's distance from the previous one, a byte of the columns that
 * hold the term, and per column the count and the positions (varints,
 * delta-coded), with a skip entry every SINDEX_SKIP documents so that an
 * AND of a rare and a common word reads only the common word's blocks
 * that can hold the rare one's documents.
 *
 * Matching is the query language's (text/query.h): each term a phrase of
 * its TOK_QUERY tokens at consecutive positions in one column; terms
 * ANDed; an OR group any of its members; exclusions none.  Ranking is
 * srank's (store/search_rank.h), the same numbers the FTS5 index gave:
 * per phrase and column BM25 from the phrase's hits, its idf (none for a
 * query of one phrase) and the document's column lengths in characters,
 * weighted by column, times 1 + activity boost × activity, times the
 * kind's weight; negated, lower is better.  Counting, facets and the best
 * `want` hits are taken in the one pass over the matches.
 *
 * Threads: sindex_put/remove need the caller's exclusive lock; any number
 * of sindex_search and sindex_terms may run at once under a shared one.
 */
#ifndef DOMAIN_SINDEX_H
#define DOMAIN_SINDEX_H

#include <stddef.h>
#include <stdint.h>
#include "core/arena.h"
#include "store/search.h"

struct query;
struct tokenizer;

#define SINDEX_SKIP 32   /* documents per skip entry */

struct sindex_doc {
	int64_t id;
	const char *kind, *region, *city, *category, *region2;   /* NULL: none */
	int64_t org, org2, year;                                  /* 0: none */
	int vis;                                                  /* 1: restricted */
	double activity;
	const char *text[4];   /* name, English name, subtitle, body; NULL: empty */
};

struct sindex_stats {
	size_t docs;           /* live documents */
	size_t slots;          /* slots used, retired ones too */
	size_t terms;
	uint64_t postings;     /* (term, slot) pairs */
	size_t bytes;          /* memory held */
};

/* A new empty index, or NULL when memory runs out. */
struct sindex *sindex_new(void);
void sindex_free(struct sindex *x);

/* Adds d, or replaces the document of d->id; 0, or -1 when memory runs
 * out (the index then holds d->id or not, but nothing half-added). */
int sindex_put(struct sindex *x, struct tokenizer *tk, const struct sindex_doc *d);
/* Retires the document of id, if held. */
void sindex_remove(struct sindex *x, int64_t id);
/* Gives back what growing left unused (after a bulk load). */
void sindex_trim(struct sindex *x);
void sindex_stats(const struct sindex *x, struct sindex_stats *out);

/*
 * Runs q (after query_drop_stop_words) with the filters, permissions and
 * weights of f and fills out as store/search.h describes; its arrays and
 * strings belong to a.  A query
 * without a positive term that has tokens lists the documents f lets
 * through, less the exclusions, by activity and kind weight.  0, or -1
 * when memory runs out or a list of f holds over SEARCH_MAX_VALUES values
 * (32 grants).
 */
int sindex_search(const struct sindex *x, struct tokenizer *tk, const struct query *q,
		  const struct search_filter *f, struct arena *a, struct search_result *out);

/* Calls fn for every term of ASCII letters only, with the documents that
 * hold it, in byte order; a non-zero return stops and is returned (-1
 * when memory runs out). */
typedef int (*sindex_term_fn)(void *arg, const char *term, size_t len, int64_t docs);
int sindex_latin_terms(const struct sindex *x, sindex_term_fn fn, void *arg);

#endif
