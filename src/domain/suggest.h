/*
 * suggest.h — suggestions as one types in a search box: names of
 * instruments and facilities, organisations and experts that begin with
 * what was typed (any case; traditional and full-width forms fold), whose
 * pinyin initials begin with it ("fddx" → 复旦大学, "wj" → 王军), or —
 * for organisations and instruments — that hold it as an abbreviation:
 * characters or initials in order from the first ("中科大", "zkd" →
 * 中国科学技术大学).
 *
 * The names live in one sorted list per process, read from the search
 * index and read again when a name changed (search_clock.names, which
 * the index's triggers move, so writes by any process count).
 */
#ifndef DOMAIN_SUGGEST_H
#define DOMAIN_SUGGEST_H

#include <stddef.h>
#include <stdint.h>
#include "domain/domain.h"

#define SUGGEST_MAX 20
#define SUGGEST_MAX_CHARS 64     /* longer input is cut */

enum suggest_match {
	SUGGEST_PREFIX,      /* the name begins with the input */
	SUGGEST_INITIALS,    /* its pinyin initials begin with the input */
	SUGGEST_ABBREV,      /* the input's characters or initials, in order,
				from the name's first */
};

struct suggestion {
	const struct search_kind *kind;
	int64_t ref_id;              /* for instruments: one of n of that name */
	const char *name, *name_en;  /* name_en may be NULL */
	const char *org;             /* an expert's organisation, or NULL */
	int64_t n;                   /* instruments of that name; 1 otherwise */
	const char *url;             /* the record's page; for instrument names,
					the search for the name */
	enum suggest_match match;
};

/*
 * Up to limit (1..SUGGEST_MAX) suggestions for q, best first: prefix
 * matches, then initials, then abbreviations; organisations before
 * instruments before experts; common names first; shorter first.  An
 * empty or white-space q gives none.  Everything in c->a.  -1 with
 * DERR_INVALID naming "limit", or a store failure.
 */
int suggest_names(struct ctx *c, const char *q, size_t limit, struct suggestion **out,
		  size_t *n, struct derr *e);

#endif
