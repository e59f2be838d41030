/*
 * search.h — from what a person types in a search box to what the store
 * matches: the query language of text/query.h, compiled to the full-text
 * index's expression, with its field filters resolved against the
 * community (region:上海 → 310000).
 *
 * Two searches use it: the catalogue's (search_compile, over the
 * instruments' own index) and the platform-wide one (search_run, over
 * every kind of record, domain/search_kinds.h).
 */
#ifndef DOMAIN_SEARCH_H
#define DOMAIN_SEARCH_H

#include <stddef.h>
#include <stdint.h>
#include "domain/domain.h"
#include "store/search.h"
#include "text/highlight.h"

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

/* The region or city a filter value names (a code, or a name in either
 * language, with or without 市/省) → its code in *out (arena-owned).  -1
 * with DERR_INVALID "unknown_value" naming field if it names none. */
int search_resolve_region(struct ctx *c, const char *v, const char *field, const char **out,
			  struct derr *e);
int search_resolve_city(struct ctx *c, const char *v, const char *field, const char **out,
			struct derr *e);

/* ---- the platform-wide search (search_run.c) ---------------------------- */

#define SEARCH_PER_PAGE_MAX 50
#define SEARCH_PAGE_MAX 100          /* the first 5,000 results at most */
#define SEARCH_SNIPPET_CHARS 90

/*
 * What was asked: the search box's text (the query language of
 * text/query.h with the filters region: city: type: org: year: category:),
 * and the facets chosen on the page or in the API's parameters, which
 * narrow the query's own filters (every list OR'ed inside, AND'ed across).
 */
struct search_request {
	const char *q;
	const char *type, *region, *city, *category;   /* NULL or "" = any */
	int64_t org_id;                  /* 0 = any */
	int64_t year;                    /* 0 = any */
	int64_t page, per_page;
};

/* A piece of text with the matched words marked: ranges are byte offsets
 * into text; cut_before / cut_after say that text is a window of a longer
 * one (show "…"). */
struct search_marked {
	const char *text;
	size_t len;
	struct hl_range *marks;
	size_t nmarks;
	int cut_before, cut_after;
};

struct search_kind;
struct search_answer_item {
	const struct search_kind *kind;
	int64_t ref_id;
	const char *url;                 /* NULL when the kind has no page */
	struct search_marked name, name_en, subtitle, snippet;   /* name_en.text may be NULL */
	const char *region_code, *region_zh, *region_en;
	const char *city_code, *city_zh, *city_en;
	const char *category, *category_zh, *category_en;
	int64_t year;                    /* 0 = none */
	double score;                    /* lower is better */
};

struct search_facet_value {
	const char *value, *zh, *en;
	int64_t n;
};

enum search_facet { SF_TYPE, SF_REGION, SF_CITY, SF_CATEGORY };

struct search_answer {
	int64_t total, page, per_page;
	struct search_answer_item *items;
	size_t n;
	struct search_facet_value *facets[SEARCH_FACETS];   /* enum search_facet */
	size_t nfacets[SEARCH_FACETS];
	const char *did_you_mean;        /* a spelling that finds something, or NULL */
	int corrected;                   /* the items are those of did_you_mean */
	int truncated;                   /* the query was cut at SEARCH_MAX_CHARS */
	int nothing;                     /* words were typed, none searchable
					    (punctuation, stop words): no items */
	int empty;                       /* nothing asked: no words, no filters */
	int64_t took_us;                 /* time spent, microseconds */
};

/*
 * Runs a search for the actor of c: public records, and the restricted
 * ones the kinds' rules let them find.  Results are ranked by BM25 with
 * field weights (name over English name over organisation, place and
 * model over description), a mild boost for instruments in use and the
 * kind's weight; without words (filters only) by activity.  When nothing
 * matches and an English word looks misspelt, the corrected query is run
 * instead (corrected = 1, did_you_mean says which).  All of out lives in
 * c->a.  -1 with DERR_INVALID naming "q" (bad query, unknown filter or
 * value), "type", "region", "city", "org", "year", "page" or "per_page".
 */
int search_run(struct ctx *c, const struct search_request *q, struct search_answer *out,
	       struct derr *e);

/*
 * Rebuilds the whole index from the records (`shenrong reindex`): every
 * kind's items again, the full-text index from them, its segments merged,
 * all in one write transaction (searches read the old index until it
 * commits) with an audit entry.  *items is how many there are now.
 */
int search_reindex(struct ctx *c, int64_t *items, struct derr *e);

#endif
