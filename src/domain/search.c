/*
 * search.c — compiling search-box queries for the catalogue, and the
 * filter values every search shares (region:, city:).  See search.h; the
 * platform-wide search is search_run.c.
 */
#include <stdlib.h>
#include <string.h>
#include "core/util.h"
#include "domain/catalog.h"
#include "domain/search.h"
#include "store/store.h"
#include "text/query.h"
#include "core/banned.h"

static const char *const filter_names[] = { "region", "city", "category", "kind", "year" };

/* A name matches a label if equal, or equal without a trailing 市/省. */
static int label_is(const char *label, const char *v)
{
	size_t n = strlen(v), m = strlen(label);
	if (str_ieq(label, v))
		return 1;
	/* 上海 = 上海市, 江苏 = 江苏省: the suffix is one 3-byte character */
	return m == n + 3 && strncmp(label, v, n) == 0 &&
	       (strcmp(label + n, "市") == 0 || strcmp(label + n, "省") == 0);
}

int search_resolve_region(struct ctx *c, const char *v, const char *field, const char **out,
			  struct derr *e)
{
	struct region *rs;
	size_t n;
	if (store_region_list(c->db, c->a, 0, &rs, &n) < 0)
		return derr_store(e, DB_ERR, "reading regions");
	for (size_t i = 0; i < n; i++)
		if (strcmp(rs[i].code, v) == 0 || label_is(rs[i].name_zh, v) ||
		    label_is(rs[i].name_en, v)) {
			*out = rs[i].code;
			return 0;
		}
	return derr_set(e, DERR_INVALID, "unknown_value", field,
			"region:%s is not a region of the community", v);
}

int search_resolve_city(struct ctx *c, const char *v, const char *field, const char **out,
			struct derr *e)
{
	struct city *cs;
	size_t n;
	if (store_city_list(c->db, c->a, NULL, 0, &cs, &n) < 0)
		return derr_store(e, DB_ERR, "reading cities");
	for (size_t i = 0; i < n; i++)
		if (strcmp(cs[i].code, v) == 0 || label_is(cs[i].name_zh, v) ||
		    label_is(cs[i].name_en, v)) {
			*out = cs[i].code;
			return 0;
		}
	return derr_set(e, DERR_INVALID, "unknown_value", field,
			"city:%s is not a city of the community", v);
}

static int resolve_vocab(const struct term *v, const char *name, const char *val,
			 const char **out, struct derr *e)
{
	for (; v->key; v++)
		if (strcmp(v->key, val) == 0 || strcmp(v->zh, val) == 0 || str_ieq(v->en, val)) {
			*out = v->key;
			return 0;
		}
	return derr_set(e, DERR_INVALID, "unknown_value", "q",
			"%s:%s is not a known %s", name, val, name);
}

int search_compile(struct ctx *c, const char *q, struct search *out, struct derr *e)
{
	struct query *pq = NULL;
	struct query_error qe;
	char *expr = NULL, *excl = NULL, **toks = NULL;
	size_t ntoks = 0;
	int rc = -1, positive = 0;

	memset(out, 0, sizeof *out);
	if (query_parse(q, strlen(q), filter_names, ARRAY_SIZE(filter_names),
			SEARCH_MAX_CHARS, &pq, &qe) < 0)
		return derr_set(e, DERR_INVALID, "bad_query", "q", "%s", qe.msg);
	out->truncated = pq->truncated;
	for (size_t i = 0; i < pq->nfilters; i++) {
		const char *k = pq->filters[i].key, *v = pq->filters[i].value;
		int r = 0;
		if (strcmp(k, "region") == 0)
			r = search_resolve_region(c, v, "q", &out->region, e);
		else if (strcmp(k, "city") == 0)
			r = search_resolve_city(c, v, "q", &out->city, e);
		else if (strcmp(k, "category") == 0)
			r = resolve_vocab(vocab_category, k, v, &out->category, e);
		else if (strcmp(k, "kind") == 0)
			r = resolve_vocab(vocab_instrument_kind, k, v, &out->kind, e);
		else if (strcmp(k, "year") == 0 && parse_i64(v, 1900, 2200, &out->year) < 0)
			r = derr_set(e, DERR_INVALID, "unknown_value", "q",
				     "year:%s is not a year", v);
		if (r < 0)
			goto out;
	}
	if (query_to_fts5(pq, c->tk, &expr) < 0 ||
	    query_to_fts5_excluded(pq, c->tk, &excl) < 0 ||
	    query_tokens(pq, c->tk, &toks, &ntoks) < 0) {
		derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < pq->nterms; i++)
		if (!(pq->terms[i].flags & QUERY_NEGATED))
			positive = 1;
	if (*expr) {
		out->match = arena_strdup(c->a, expr);
	} else if (*excl) {
		out->exclude = arena_strdup(c->a, excl);
	} else if (positive) {
		out->nothing = 1;   /* typed words, none searchable */
	}
	if (ntoks) {
		const char **t = arena_alloc(c->a, ntoks * sizeof *t);
		if (!t) {
			derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
			goto out;
		}
		for (size_t i = 0; i < ntoks; i++)
			t[i] = arena_strdup(c->a, toks[i]);
		out->tokens = t;
		out->ntokens = ntoks;
	}
	rc = 0;
out:
	free(expr);
	free(excl);
	free(toks);
	query_free(pq);
	return rc;
}
