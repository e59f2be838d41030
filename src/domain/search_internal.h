/*
 * search_internal.h — what the platform-wide search's own files share
 * (search_run.c, search_spell.c); not for other files.
 */
#ifndef DOMAIN_SEARCH_INTERNAL_H
#define DOMAIN_SEARCH_INTERNAL_H

#include "domain/domain.h"

struct query;

/*
 * The query pq written again with its misspelt English words corrected:
 * a word (ASCII letters, at least 4, not quoted, not excluded) whose stem
 * no document holds is replaced by the nearest stem that documents hold
 * (spell.h's distance; the commonest of the nearest), spelt as a word.
 * *out is the corrected text in c->a, or NULL when no word needed or had
 * a correction.  Returns 0, or -1 if the store failed (*out = NULL).
 *
 * The index's Latin terms are read once per process and database, and
 * again when the index changed and the copy is more than a minute old: a
 * stale copy only makes a suggestion a little less apt.
 */
int search_spell(struct ctx *c, const struct query *pq, const char **out);

#endif
