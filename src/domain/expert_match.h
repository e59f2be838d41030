/*
 * expert_match.h — expert finding: given a text (a technical problem, a
 * guide item, a proposal; Chinese or English), the experts of the talent
 * pool best suited to it, best first, each with the reasons — the
 * keywords and disciplines of their profile that the text matched, the
 * words that did it, and their projects whose titles hold those words.
 * Filters narrow the answer (region, discipline, title), exclusions
 * remove experts and whole organisations.  A short text is also tried as
 * a name: experts whose name starts with it come back as "people", with
 * the projects they lead (VIVO users asked for exactly that).
 *
 * The ranking is the in-memory index of expert_index.h.  Anyone may
 * search; contact details never come back.
 */
#ifndef DOMAIN_EXPERT_MATCH_H
#define DOMAIN_EXPERT_MATCH_H

#include <jansson.h>
#include "domain/domain.h"
#include "domain/expert_index.h"
#include "store/expert.h"

#define MATCH_MAX_CHARS 5000     /* a long proposal abstract */
#define MATCH_MAX_LIMIT 100
#define MATCH_MAX_EXCLUDED 1000
#define MATCH_NAME_CHARS 20      /* texts this short are tried as names too */

struct match_query {
	const char *text;                    /* required */
	const char *region, *discipline, *title;   /* filters; NULL = any */
	const int64_t *exclude_experts, *exclude_orgs;
	size_t nexclude_experts, nexclude_orgs;
	int64_t limit;                       /* 1..MATCH_MAX_LIMIT; 0 = 20 */
};

struct match_hit {
	struct expert x;                     /* without contact details */
	double score;
	struct xreason why;
	struct expert_project *projects;     /* related: titles holding the matched words */
	size_t nprojects;
};

struct match_result {
	struct match_hit *hits;
	size_t n;
	int64_t candidates;                  /* experts the text matched at all */
	int64_t accepted;                    /* of those, within the filters */
	size_t nterms;                       /* words of the text the pool knows */
	struct expert *people;               /* name matches */
	size_t npeople;
	struct expert_project **leads;       /* per person: what they lead */
	size_t *nleads;
	int64_t usec;                        /* time taken */
};

/* Validates q (DERR_INVALID naming the field: text missing, too long or
 * not valid UTF-8; an unknown region, discipline or title; a limit out
 * of range) and searches.  Everything lives in c->a. */
int expert_match(struct ctx *c, const struct match_query *q, struct match_result *out,
		 struct derr *e);

/* Reads the API's body: {"text", "region", "discipline", "title",
 * "exclude_experts": [ids], "exclude_orgs": [ids], "limit"}.  Unknown
 * members and wrong types are refused, naming the member. */
int match_query_from_json(struct ctx *c, json_t *in, struct match_query *q, struct derr *e);

/* Reads a JSON array of positive ids (at most max) into c->a; absent or
 * null gives none.  -1 with e naming field. */
int json_ids(struct ctx *c, json_t *v, const char *field, size_t max, int64_t **out,
	     size_t *n, struct derr *e);

json_t *match_result_json(const struct match_result *r);

/* 1 if code is a region of the community, 0 if not, <0 on a store error. */
int region_exists(struct ctx *c, const char *code);

#endif
