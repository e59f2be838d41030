/*
 * search.h — from what a person types in a search box to what the store
 * matches: the query language of text/query.h, compiled to the full-text
 * index's expression, with its field filters resolved against the
 * community (region:上海 → 310000).
 */
#ifndef DOMAIN_SEARCH_H
#define DOMAIN_SEARCH_H

#include <stdint.h>
#include "domain/domain.h"

#define SEARCH_MAX_CHARS 256     /* longer queries are cut at a word */

struct search {
	const char *match;       /* FTS expression of the positive terms, or NULL */
	const char *exclude;     /* FTS expression to subtract, or NULL */
	int nothing;             /* terms were typed but none is searchable:
				    the answer is empty */
	int truncated;           /* the query was cut to SEARCH_MAX_CHARS */
	/* filters written in the query; NULL / 0 when absent */
	const char *region, *city, *category, *kind;
	int64_t year;
	const char *const *tokens;   /* query tokens, for highlighting */
	size_t ntokens;
};

/* Compiles q (the user's text).  Strings live in c->a.  -1 with e naming
 * "q" when the query is not valid UTF-8, uses an unknown filter, or a
 * filter value that names nothing in the community. */
int search_compile(struct ctx *c, const char *q, struct search *out, struct derr *e);

#endif
