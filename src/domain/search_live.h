/*
 * search_live.h — the process's copy of the platform-wide search index
 * (domain/sindex.h), kept in step with the store's search items.
 *
 * The store logs every change of an item (search_log, moved in the same
 * transaction as the record); each search first reads the store's change
 * clock, one row, and when it moved, applies the logged items before
 * answering, so a record is found the moment its save returns — whichever
 * process saved it.  The first search in a process, one on another
 * database, one after `shenrong reindex`, one that finds the log trimmed
 * past its place (SEARCH_LOG_KEEP changes behind) and one after many
 * replaced documents read every item again (a rebuild; searches wait).
 * `shenrong serve` keeps it up to date from a thread of its own (built when
 * it starts, changes applied every 200 ms).
 *
 * Inside a transaction the index is searched as it is, without reading
 * the log (what the transaction wrote could still be rolled back).
 */
#ifndef DOMAIN_SEARCH_LIVE_H
#define DOMAIN_SEARCH_LIVE_H

#include "domain/domain.h"
#include "domain/sindex.h"

struct query;

/* sindex_search over the up-to-date index; 0, or -1 with e set. */
int search_live_run(struct ctx *c, const struct query *q, const struct search_filter *f,
		    struct search_result *out, struct derr *e);
/* sindex_latin_terms over the up-to-date index; fn's non-zero return
 * stops it and is returned; -1 with e set on a failure. */
int search_live_terms(struct ctx *c, sindex_term_fn fn, void *arg, struct derr *e);
/* Brings the index up to date now (serve's start); 0, or -1 with e set. */
int search_live_warm(struct ctx *c, struct derr *e);
/* Frees the index (tests, exit). */
void search_live_free(void);

#endif
