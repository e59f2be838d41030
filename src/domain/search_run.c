/*
 * search_run.c — the platform-wide search: from the search box's text and
 * the chosen facets to a ranked, faceted, highlighted page of records of
 * every kind (see search.h; the kinds are search_kinds.c, the index the
 * process's in-memory one, search_live.c and sindex.c, over the store's
 * search items, search_index.c).
 *
 * The steps: parse the query (text/query.h) with this search's filters,
 * drop stop words, resolve the filters against the community, add the
 * reader's grants for restricted records, let the index rank and count,
 * correct a misspelt English word when nothing matched, then read the
 * page's items and mark the matched words in them.
 */
#include <stdlib.h>
#include <string.h>
#include "core/buf.h"
#include "core/utf8.h"
#include "core/util.h"
#include "domain/audit.h"
#include "domain/search.h"
#include "domain/search_internal.h"
#include "domain/search_live.h"
#include "domain/search_kinds.h"
#include "store/search.h"
#include "store/store.h"
#include "text/highlight.h"
#include "text/normalize.h"
#include "text/query.h"
#include "core/banned.h"

static const char *const filter_names[] = { "type", "region", "city", "org", "year",
					    "category" };

/* Column weights of BM25 (name, English name, subtitle, body) and the
 * most activity can add: a third of a score, so it reorders near equals
 * but never lifts a description match over a name match. */
static const double W_NAME = 10.0, W_NAME_EN = 8.0, W_SUBTITLE = 3.0, W_BODY = 1.0;
static const double ACTIVITY_BOOST = 0.3;

/* What the store is asked, built up from the query and the parameters. */
struct plan {
	const char *kinds[SEARCH_MAX_VALUES], *regions[SEARCH_MAX_VALUES];
	const char *cities[SEARCH_MAX_VALUES], *categories[SEARCH_MAX_VALUES];
	size_t nkinds, nregions, ncities, ncategories;
	int64_t orgs[SEARCH_MAX_VALUES];
	size_t norgs;
	int64_t year;
	int impossible;              /* two filters that cannot both hold */
};

static int too_many(struct derr *e, const char *name)
{
	return derr_set(e, DERR_INVALID, "too_many", "q", "at most %d %s: filters",
			SEARCH_MAX_VALUES, name);
}

static int add_str(const char **list, size_t *n, const char *v, const char *name,
		   struct derr *e)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp(list[i], v) == 0)
			return 0;
	if (*n == SEARCH_MAX_VALUES)
		return too_many(e, name);
	list[(*n)++] = v;
	return 0;
}

/* A facet chosen in the parameters narrows the query's own list. */
static void narrow_str(struct plan *p, const char **list, size_t *n, const char *v)
{
	size_t i;
	if (!v)
		return;
	for (i = 0; i < *n; i++)
		if (strcmp(list[i], v) == 0)
			break;
	if (*n && i == *n)
		p->impossible = 1;
	list[0] = v;
	*n = 1;
}

/* org:NAME → the organisations it names: the one(s) of exactly that
 * name, else those whose name contains it (at most SEARCH_MAX_VALUES). */
static int resolve_org(struct ctx *c, const char *v, struct plan *p, struct derr *e)
{
	struct org_filter f = { 0 };
	struct org *os;
	size_t n, exact = 0;
	int64_t total, id;
	int rc;

	if (parse_i64(v, 1, INT64_MAX, &id) == 0) {
		struct org o;
		rc = store_org_get(c->db, c->a, id, &o);
		if (rc < 0)
			return derr_store(e, rc, "reading the organisation");
		if (rc == 0) {
			p->orgs[p->norgs++] = id;
			return 0;
		}
	}
	f.name_like = v;
	f.limit = SEARCH_MAX_VALUES;
	if ((rc = store_org_list(c->db, c->a, &f, &os, &n, &total)) < 0)
		return derr_store(e, rc, "finding the organisation");
	for (size_t i = 0; i < n; i++)
		if (strcmp(os[i].name_zh, v) == 0 || (os[i].name_en && str_ieq(os[i].name_en, v)))
			exact++;
	for (size_t i = 0; i < n; i++) {
		int is = strcmp(os[i].name_zh, v) == 0 || (os[i].name_en && str_ieq(os[i].name_en, v));
		if (exact && !is)
			continue;
		if (p->norgs == SEARCH_MAX_VALUES)
			return too_many(e, "org");
		p->orgs[p->norgs++] = os[i].id;
	}
	if (n == 0)
		return derr_set(e, DERR_INVALID, "unknown_value", "q",
				"org:%s names no organisation of the community", v);
	return 0;
}

/* category: a value (its key, or its label in either language) of any
 * kind's vocabulary — every kind has one; NULL, with a 400 naming field,
 * if none has it. */
static const char *resolve_category(const char *v, const char *field, struct derr *e)
{
	for (size_t i = 0; i < nsearch_kinds; i++)
		for (const struct term *t = search_kinds[i].categories; t && t->key; t++)
			if (strcmp(t->key, v) == 0 || strcmp(t->zh, v) == 0 || str_ieq(t->en, v))
				return t->key;
	derr_set(e, DERR_INVALID, "unknown_value", field,
		 "%s%s is not a category of any kind of record",
		 strcmp(field, "q") == 0 ? "category:" : "", v);
	return NULL;
}

static int kind_error(struct derr *e, const char *field, const char *v)
{
	return derr_set(e, DERR_INVALID, "unknown_value", field,
			"%s%s is not a kind of record (instrument, facility, org, expert,"
			" guide_item, contract, project, challenge)",
			strcmp(field, "q") == 0 ? "type:" : "", v);
}

static int plan_filters(struct ctx *c, const struct query *pq, struct plan *p, struct derr *e)
{
	for (size_t i = 0; i < pq->nfilters; i++) {
		const char *k = pq->filters[i].key, *v = pq->filters[i].value, *code;
		int rc = 0;
		if (strcmp(k, "type") == 0) {
			const struct search_kind *sk = search_kind_named(v);
			rc = sk ? add_str(p->kinds, &p->nkinds, sk->key, k, e) : kind_error(e, "q", v);
		} else if (strcmp(k, "region") == 0) {
			rc = search_resolve_region(c, v, "q", &code, e);
			if (rc == 0)
				rc = add_str(p->regions, &p->nregions, code, k, e);
		} else if (strcmp(k, "city") == 0) {
			rc = search_resolve_city(c, v, "q", &code, e);
			if (rc == 0)
				rc = add_str(p->cities, &p->ncities, code, k, e);
		} else if (strcmp(k, "category") == 0) {
			const char *cat = resolve_category(v, "q", e);
			rc = cat ? add_str(p->categories, &p->ncategories, cat, k, e) : -1;
		} else if (strcmp(k, "org") == 0) {
			rc = resolve_org(c, v, p, e);
		} else if (strcmp(k, "year") == 0) {
			int64_t y;
			if (parse_i64(v, 1900, 2200, &y) < 0)
				rc = derr_set(e, DERR_INVALID, "unknown_value", "q",
					      "year:%s is not a year", v);
			else if (p->year && p->year != y)
				p->impossible = 1;
			else
				p->year = y;
		}
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int plan_params(struct ctx *c, const struct search_request *q, struct plan *p,
		       struct derr *e)
{
	const char *code;
	if (q->type && *q->type) {
		const struct search_kind *sk = search_kind_named(q->type);
		if (!sk)
			return kind_error(e, "type", q->type);
		narrow_str(p, p->kinds, &p->nkinds, sk->key);
	}
	if (q->region && *q->region) {
		if (search_resolve_region(c, q->region, "region", &code, e) < 0)
			return -1;
		narrow_str(p, p->regions, &p->nregions, code);
	}
	if (q->city && *q->city) {
		if (search_resolve_city(c, q->city, "city", &code, e) < 0)
			return -1;
		narrow_str(p, p->cities, &p->ncities, code);
	}
	if (q->category && *q->category) {
		const char *cat = resolve_category(q->category, "category", e);
		if (!cat)
			return -1;
		narrow_str(p, p->categories, &p->ncategories, cat);
	}
	if (q->org_id > 0) {
		size_t i;
		for (i = 0; i < p->norgs; i++)
			if (p->orgs[i] == q->org_id)
				break;
		if (p->norgs && i == p->norgs)
			p->impossible = 1;
		p->orgs[0] = q->org_id;
		p->norgs = 1;
	}
	if (q->year) {
		if (q->year < 1900 || q->year > 2200)
			return derr_set(e, DERR_INVALID, "out_of_range", "year",
					"year must be between 1900 and 2200");
		if (p->year && p->year != q->year)
			p->impossible = 1;
		p->year = q->year;
	}
	return 0;
}

/* ---- marking ------------------------------------------------------------ */

static void mark(struct ctx *c, const char *text, const char *const *toks, size_t ntoks,
		 size_t window, struct search_marked *m)
{
	struct hl_range *r = NULL;
	size_t n = 0, from = 0, to;

	memset(m, 0, sizeof *m);
	if (!text)
		return;
	to = strlen(text);
	if (ntoks && highlight_ranges(c->tk, text, to, toks, ntoks, &r, &n) < 0) {
		r = NULL;
		n = 0;
	}
	if (window && snippet_window(text, to, r, n, window, &from, &to) < 0) {
		from = 0;
		to = strlen(text);
	}
	m->text = text + from;
	m->len = to - from;
	m->cut_before = from > 0;
	m->cut_after = to < strlen(text);
	if (n) {
		m->marks = arena_alloc(c->a, n * sizeof *m->marks);
		for (size_t i = 0; m->marks && i < n; i++) {
			if (r[i].start < from || r[i].end > to)
				continue;
			m->marks[m->nmarks].start = r[i].start - from;
			m->marks[m->nmarks].end = r[i].end - from;
			m->nmarks++;
		}
	}
	free(r);
}

/* ---- the first results, ranked again -------------------------------------
 *
 * Two things the index's score cannot see, applied to the first
 * RERANK_WINDOW results (the same window whatever the page, so pages do
 * not overlap): a record whose name is exactly what was typed comes
 * first, and records of one name (a catalogue holds dozens of
 * "X射线衍射仪", a consultation near-copies of a guide item) do not fill
 * the page — each earlier one of the same kind and name halves a record's
 * score, so other records come up between them unless they match far
 * worse.  Experts are left alone: two people may share a name. */

#define RERANK_WINDOW 100
#define EXACT_NAME_BOOST 3.0
#define SAME_NAME_DECAY 0.5

/* s folded as the index folds it (text/normalize.h), white space trimmed. */
static char *folded(struct arena *a, const char *s)
{
	struct buf b = BUF_INIT;
	char enc[4], *out;
	size_t len = s ? strlen(s) : 0, k;
	uint32_t cp;
	for (size_t i = 0; i < len; i += k ? k : 1) {
		if (!(k = utf8_decode(s + i, len - i, &cp)))
			continue;
		if (buf_add(&b, enc, utf8_encode(text_fold(cp), enc)) < 0)
			break;
	}
	while (b.len && (b.s[b.len - 1] == ' ' || b.s[b.len - 1] == '\t'))
		b.len--;
	k = 0;
	while (k < b.len && (b.s[k] == ' ' || b.s[k] == '\t'))
		k++;
	out = arena_strndup(a, b.s + k, b.len - k);
	buf_release(&b);
	return out;
}

struct ranked {
	struct search_hit h;
	size_t at;
};

static int ranked_cmp(const void *x, const void *y)
{
	const struct ranked *a = x, *b = y;
	if (a->h.score != b->h.score)
		return a->h.score < b->h.score ? -1 : 1;
	return a->at < b->at ? -1 : a->at > b->at;
}

static int rerank(struct ctx *c, const char *typed, struct search_result *res, struct derr *e)
{
	size_t n = res->nhits < RERANK_WINDOW ? res->nhits : RERANK_WINDOW;
	const char **kinds, **names, **names_en, **keys;
	const char *want = typed && *typed ? folded(c->a, typed) : NULL;
	struct ranked *r;
	int64_t *ids;
	int rc;

	if (n == 0)
		return 0;
	ids = arena_alloc(c->a, n * sizeof *ids);
	kinds = arena_alloc(c->a, n * sizeof *kinds);
	names = arena_alloc(c->a, n * sizeof *names);
	names_en = arena_alloc(c->a, n * sizeof *names_en);
	keys = arena_alloc(c->a, n * sizeof *keys);
	r = arena_alloc(c->a, n * sizeof *r);
	if (!ids || !kinds || !names || !names_en || !keys || !r)
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	for (size_t i = 0; i < n; i++)
		ids[i] = res->hits[i].id;
	if ((rc = store_search_names_of(c->db, c->a, ids, n, kinds, names, names_en)) < 0)
		return derr_store(e, rc, "reading the results");
	for (size_t i = 0; i < n; i++) {
		double score = res->hits[i].score;
		keys[i] = names[i] ? folded(c->a, names[i]) : NULL;
		if (want && keys[i] && (strcmp(keys[i], want) == 0 ||
					(names_en[i] && strcmp(folded(c->a, names_en[i]), want) == 0)))
			score *= EXACT_NAME_BOOST;
		if (kinds[i] && keys[i] && strcmp(kinds[i], "expert") != 0)
			for (size_t k = 0; k < i; k++)
				if (keys[k] && strcmp(keys[k], keys[i]) == 0 &&
				    strcmp(kinds[k], kinds[i]) == 0)
					score *= SAME_NAME_DECAY;
		r[i].h.id = res->hits[i].id;
		r[i].h.score = score;
		r[i].at = i;
	}
	qsort(r, n, sizeof *r, ranked_cmp);
	for (size_t i = 0; i < n; i++)
		res->hits[i] = r[i].h;
	return 0;
}

/* ---- the answer --------------------------------------------------------- */

static int fill_items(struct ctx *c, const struct search_result *res, size_t from, size_t n,
		      const char *const *toks, size_t ntoks, struct search_answer *out,
		      struct derr *e)
{
	struct search_item *its;
	int64_t *ids;
	int rc;

	if (n == 0)
		return 0;
	its = arena_alloc(c->a, n * sizeof *its);
	ids = arena_alloc(c->a, n * sizeof *ids);
	out->items = arena_zalloc(c->a, n * sizeof *out->items);
	if (!its || !ids || !out->items)
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	for (size_t i = 0; i < n; i++)
		ids[i] = res->hits[from + i].id;
	if ((rc = store_search_items(c->db, c->a, ids, n, its)) < 0)
		return derr_store(e, rc, "reading the results");
	for (size_t i = 0; i < n; i++) {
		const struct search_item *it = &its[i];
		struct search_answer_item *o = &out->items[out->n];
		const struct search_kind *k = search_kind_find(it->kind);
		if (!it->id || !k)
			continue;   /* a kind this program does not know: skip it */
		o->kind = k;
		o->ref_id = it->ref_id;
		o->url = k->url ? arena_printf(c->a, k->url, (long long)it->ref_id) : NULL;
		mark(c, it->name, toks, ntoks, 0, &o->name);
		mark(c, it->name_en, toks, ntoks, 0, &o->name_en);
		mark(c, it->subtitle, toks, ntoks, 0, &o->subtitle);
		mark(c, it->body, toks, ntoks, SEARCH_SNIPPET_CHARS, &o->snippet);
		o->region_code = it->region_code;
		o->region_zh = it->region_zh;
		o->region_en = it->region_en;
		o->city_code = it->city_code;
		o->city_zh = it->city_zh;
		o->city_en = it->city_en;
		o->category = it->category;
		o->category_zh = search_kind_category(k, it->category, "zh");
		o->category_en = search_kind_category(k, it->category, "en");
		o->year = it->year;
		o->score = res->hits[from + i].score;
		out->n++;
	}
	return 0;
}

/* Facet values with their labels; regions and cities from the community. */
static int fill_facets(struct ctx *c, const struct search_result *res,
		       struct search_answer *out, struct derr *e)
{
	struct region *rs = NULL;
	struct city *cs = NULL;
	size_t nr = 0, nc = 0;

	if ((res->nfacets[SF_REGION] && store_region_list(c->db, c->a, 0, &rs, &nr) < 0) ||
	    (res->nfacets[SF_CITY] && store_city_list(c->db, c->a, NULL, 0, &cs, &nc) < 0))
		return derr_store(e, DB_ERR, "reading the community");
	for (int f = 0; f < SEARCH_FACETS; f++) {
		size_t n = res->nfacets[f];
		struct search_facet_value *v = arena_zalloc(c->a, (n ? n : 1) * sizeof *v);
		if (!v)
			return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		for (size_t i = 0; i < n; i++) {
			const char *val = res->facets[f][i].value;
			v[i].value = val;
			v[i].n = res->facets[f][i].n;
			v[i].zh = v[i].en = val;
			if (f == SF_TYPE) {
				const struct search_kind *k = search_kind_find(val);
				if (k) {
					v[i].zh = k->zh;
					v[i].en = k->en;
				}
			} else if (f == SF_REGION) {
				for (size_t k = 0; k < nr; k++)
					if (strcmp(rs[k].code, val) == 0) {
						v[i].zh = rs[k].name_zh;
						v[i].en = rs[k].name_en;
					}
			} else if (f == SF_CITY) {
				for (size_t k = 0; k < nc; k++)
					if (strcmp(cs[k].code, val) == 0) {
						v[i].zh = cs[k].name_zh;
						v[i].en = cs[k].name_en;
					}
			} else {
				/* the first kind whose vocabulary knows the value */
				for (size_t k = 0; k < nsearch_kinds; k++) {
					const struct search_kind *sk = &search_kinds[k];
					if (sk->categories && vocab_find(sk->categories, val)) {
						v[i].zh = search_kind_category(sk, val, "zh");
						v[i].en = search_kind_category(sk, val, "en");
						break;
					}
				}
			}
		}
		out->facets[f] = v;
		out->nfacets[f] = n;
	}
	return 0;
}

/* Compiles pq and runs it; *res is what the store found.  typed: words
 * were typed (before stop words were dropped). */
static int run_query(struct ctx *c, const struct search_request *q, struct query *pq,
		     int typed, struct search_answer *out, struct search_result *res,
		     char ***toks, size_t *ntoks, struct derr *e)
{
	struct plan p;
	struct search_filter f = { 0 };
	struct search_grant grants[16];
	struct search_kind_weight kw[16];
	char *expr = NULL, *excl = NULL;
	int positive = 0, rc = -1;

	memset(&p, 0, sizeof p);
	memset(res, 0, sizeof *res);
	if (plan_filters(c, pq, &p, e) < 0 || plan_params(c, q, &p, e) < 0)
		return -1;
	if (query_to_fts5(pq, c->tk, &expr) < 0 || query_to_fts5_excluded(pq, c->tk, &excl) < 0 ||
	    query_tokens(pq, c->tk, toks, ntoks) < 0) {
		derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < pq->nterms; i++)
		if (!(pq->terms[i].flags & QUERY_NEGATED))
			positive = 1;
	if (positive && !*expr) {
		out->nothing = 1;    /* typed words, none searchable */
		rc = 0;
		goto out;
	}
	if (!*expr && !*excl && !pq->nfilters && !p.nkinds && !p.nregions && !p.ncities &&
	    !p.ncategories && !p.norgs && !p.year) {
		/* words typed, all of them stop words: nothing to search for */
		if (typed)
			out->nothing = 1;
		else
			out->empty = 1;
		rc = 0;
		goto out;
	}
	if (p.impossible) {
		rc = 0;
		goto out;
	}
	f.kinds = p.kinds;
	f.nkinds = p.nkinds;
	f.regions = p.regions;
	f.nregions = p.nregions;
	f.cities = p.cities;
	f.ncities = p.ncities;
	f.categories = p.categories;
	f.ncategories = p.ncategories;
	f.orgs = p.orgs;
	f.norgs = p.norgs;
	f.year = p.year;
	for (size_t i = 0; i < nsearch_kinds && f.ngrants < 16; i++) {
		struct search_grant g = { search_kinds[i].key, SEARCH_SEE_ALL, NULL, 0 };
		if (search_kinds[i].grant && search_kinds[i].grant(c, &g))
			grants[f.ngrants++] = g;
	}
	f.grants = grants;
	for (size_t i = 0; i < nsearch_kinds && f.nkind_weights < 16; i++)
		if (search_kinds[i].weight != 1.0) {
			kw[f.nkind_weights].kind = search_kinds[i].key;
			kw[f.nkind_weights++].weight = search_kinds[i].weight;
		}
	f.kind_weights = kw;
	f.w_name = W_NAME;
	f.w_name_en = W_NAME_EN;
	f.w_subtitle = W_SUBTITLE;
	f.w_body = W_BODY;
	f.activity_boost = ACTIVITY_BOOST;
	f.want = (size_t)(q->page * q->per_page);
	if (f.want < RERANK_WINDOW)
		f.want = RERANK_WINDOW;
	if ((rc = search_live_run(c, pq, &f, res, e)) < 0)
		goto out;
	rc = rerank(c, pq->nfilters || *excl ? NULL : q->q, res, e);
out:
	free(expr);
	free(excl);
	return rc;
}

int search_run(struct ctx *c, const struct search_request *q, struct search_answer *out,
	       struct derr *e)
{
	struct query *pq = NULL, *fixed = NULL;
	struct query_error qe;
	struct search_result res;
	char **toks = NULL;
	size_t ntoks = 0, from;
	const char *text = q->q ? q->q : "";
	int64_t t0 = now_usec_mono();
	int rc = -1, typed = 0;

	memset(out, 0, sizeof *out);
	if (q->page < 1 || q->page > SEARCH_PAGE_MAX)
		return derr_set(e, DERR_INVALID, "out_of_range", "page",
				"page must be between 1 and %d", SEARCH_PAGE_MAX);
	if (q->per_page < 1 || q->per_page > SEARCH_PER_PAGE_MAX)
		return derr_set(e, DERR_INVALID, "out_of_range", "per_page",
				"per_page must be between 1 and %d", SEARCH_PER_PAGE_MAX);
	out->page = q->page;
	out->per_page = q->per_page;
	if (query_parse(text, strlen(text), filter_names, ARRAY_SIZE(filter_names),
			SEARCH_MAX_CHARS, &pq, &qe) < 0)
		return derr_set(e, DERR_INVALID, "bad_query", "q", "%s", qe.msg);
	out->truncated = pq->truncated;
	for (size_t i = 0; i < pq->nterms; i++)
		if (!(pq->terms[i].flags & QUERY_NEGATED))
			typed = 1;
	query_drop_stop_words(pq);
	if (run_query(c, q, pq, typed, out, &res, &toks, &ntoks, e) < 0)
		goto out;
	if (res.total == 0 && !out->nothing && !out->empty) {
		const char *better = NULL;
		if (search_spell(c, pq, &better) < 0) {
			derr_set(e, DERR_INTERNAL, "internal", NULL, "reading the vocabulary failed");
			goto out;
		}
		if (better && query_parse(better, strlen(better), filter_names,
					  ARRAY_SIZE(filter_names), SEARCH_MAX_CHARS, &fixed,
					  &qe) == 0) {
			struct search_result res2;
			char **toks2 = NULL;
			size_t ntoks2 = 0;
			struct search_answer tmp = *out;
			if (run_query(c, q, fixed, typed, &tmp, &res2, &toks2, &ntoks2, e) < 0) {
				free(toks2);
				goto out;
			}
			if (res2.total > 0) {
				out->did_you_mean = better;
				out->corrected = 1;
				res = res2;
				free(toks);
				toks = toks2;
				ntoks = ntoks2;
			} else {
				free(toks2);
			}
		}
	}
	out->total = res.total;
	from = (size_t)((q->page - 1) * q->per_page);
	if (from < res.nhits &&
	    fill_items(c, &res, from, res.nhits - from < (size_t)q->per_page
		       ? res.nhits - from : (size_t)q->per_page, (const char *const *)toks, ntoks,
		       out, e) < 0)
		goto out;
	if (fill_facets(c, &res, out, e) < 0)
		goto out;
	rc = 0;
out:
	out->took_us = now_usec_mono() - t0;
	free(toks);
	query_free(pq);
	query_free(fixed);
	return rc;
}

/* ---- maintenance -------------------------------------------------------- */

int search_reindex(struct ctx *c, int64_t *items, struct derr *e)
{
	json_t *after;
	int rc;

	*items = 0;
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "rebuilding the search index");
	rc = store_search_rebuild(c->db, items);
	if (rc < 0) {
		store_rollback(c->db);
		return derr_store(e, rc, "rebuilding the search index");
	}
	after = json_pack("{s:I}", "items", (json_int_t)*items);
	rc = audit_log(c, "reindex", "search", 0, NULL, after, e);
	json_decref(after);
	if (rc < 0) {
		store_rollback(c->db);
		return -1;
	}
	if ((rc = store_commit(c->db)) < 0)
		return derr_store(e, rc, "rebuilding the search index");
	return 0;
}
