/*
 * search.c — the platform-wide search and the suggestions through the
 * API: GET /api/v1/search and GET /api/v1/suggest.
 *
 * Marked text is sent as segments, [{"text": "场发射", "mark": false},
 * {"text": "电镜", "mark": true}], so that a client never parses markup
 * or counts offsets.
 */
#include <string.h>
#include "api/api.h"
#include "domain/search.h"
#include "domain/search_kinds.h"
#include "domain/suggest.h"
#include "http/params.h"
#include "core/banned.h"

/* The segments of a marked text; an empty array when there is none. */
static json_t *segments(const struct search_marked *m)
{
	json_t *a = json_array();
	size_t at = 0;
	if (!a || !m->text)
		return a;
	for (size_t i = 0; i <= m->nmarks; i++) {
		size_t s = i < m->nmarks ? m->marks[i].start : m->len;
		if (s > at)
			json_array_append_new(a, json_pack("{s:s%, s:b}", "text", m->text + at,
							   s - at, "mark", 0));
		if (i < m->nmarks) {
			json_array_append_new(a, json_pack("{s:s%, s:b}", "text",
							   m->text + m->marks[i].start,
							   m->marks[i].end - m->marks[i].start,
							   "mark", 1));
			at = m->marks[i].end;
		}
	}
	return a;
}

static json_t *opt(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *item_json(const struct search_answer_item *it)
{
	json_t *j = json_pack("{s:s, s:I, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o,"
			      " s:o, s:o, s:f}",
			      "type", it->kind->key, "id", (json_int_t)it->ref_id,
			      "url", opt(it->url), "name", it->name.text ? it->name.text : "",
			      "name_en", opt(it->name_en.text), "subtitle", opt(it->subtitle.text),
			      "region", opt(it->region_code), "region_zh", opt(it->region_zh),
			      "city", opt(it->city_code), "city_zh", opt(it->city_zh),
			      "category", opt(it->category), "category_zh", opt(it->category_zh),
			      "category_en", opt(it->category_en),
			      "year", it->year ? json_integer(it->year) : json_null(),
			      "score", -it->score);
	json_t *hl = json_pack("{s:o, s:o, s:o, s:o, s:b, s:b}", "name", segments(&it->name),
			       "name_en", segments(&it->name_en), "subtitle",
			       segments(&it->subtitle), "snippet", segments(&it->snippet),
			       "snippet_cut_before", it->snippet.cut_before,
			       "snippet_cut_after", it->snippet.cut_after);
	if (!j || !hl) {
		json_decref(j);
		json_decref(hl);
		return NULL;
	}
	json_object_set_new(j, "region_en", opt(it->region_en));
	json_object_set_new(j, "city_en", opt(it->city_en));
	json_object_set_new(j, "highlight", hl);
	return j;
}

static json_t *facet_json(const struct search_facet_value *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:I}", "value", v[i].value,
						   "label_zh", v[i].zh, "label_en", v[i].en,
						   "count", (json_int_t)v[i].n));
	return a;
}

int api_search(struct req *r)
{
	struct search_request q;
	struct search_answer ans;
	struct derr e = { 0 };
	json_t *items, *body;

	if (params_search_request(r, &q) < 0)
		return -1;
	if (search_run(&r->ctx, &q, &ans, &e) < 0)
		return reply_derr(r, &e);
	if (ans.empty)
		return reply_error(r, 400, "required", "q",
				   "type words to search for, or a filter such as type:expert");
	items = json_array();
	for (size_t i = 0; items && i < ans.n; i++)
		json_array_append_new(items, item_json(&ans.items[i]));
	body = api_list(items, ans.total, ans.page, ans.per_page);
	if (!body)
		return reply_error(r, 500, "internal", NULL, "out of memory");
	json_object_set_new(body, "query", json_string(q.q ? q.q : ""));
	json_object_set_new(body, "facets",
			    json_pack("{s:o, s:o, s:o, s:o}",
				      "type", facet_json(ans.facets[SF_TYPE], ans.nfacets[SF_TYPE]),
				      "region", facet_json(ans.facets[SF_REGION], ans.nfacets[SF_REGION]),
				      "city", facet_json(ans.facets[SF_CITY], ans.nfacets[SF_CITY]),
				      "category", facet_json(ans.facets[SF_CATEGORY],
							     ans.nfacets[SF_CATEGORY])));
	json_object_set_new(body, "did_you_mean", opt(ans.did_you_mean));
	json_object_set_new(body, "corrected", json_boolean(ans.corrected));
	json_object_set_new(body, "query_truncated", json_boolean(ans.truncated));
	json_object_set_new(body, "unsearchable", json_boolean(ans.nothing));
	json_object_set_new(body, "took_ms", json_real((double)ans.took_us / 1000.0));
	return reply_json(r, 200, body);
}

int api_suggest(struct req *r)
{
	static const char *const match[] = { "prefix", "initials", "abbreviation" };
	struct suggestion *s;
	struct derr e = { 0 };
	size_t n;
	int64_t limit;
	json_t *items;

	if (q_int(r, "limit", 8, 1, 20, &limit) < 0)   /* SUGGEST_MAX */
		return -1;
	if (suggest_names(&r->ctx, q_str(r, "q"), (size_t)limit, &s, &n, &e) < 0)
		return reply_derr(r, &e);
	items = json_array();
	for (size_t i = 0; items && i < n; i++) {
		json_t *j = json_pack("{s:s, s:I, s:s, s:o, s:o, s:I, s:o, s:s}",
				      "type", s[i].kind->key, "id", (json_int_t)s[i].ref_id,
				      "name", s[i].name, "name_en", opt(s[i].name_en),
				      "org", opt(s[i].org), "count", (json_int_t)s[i].n,
				      "url", opt(s[i].url), "match", match[s[i].match]);
		json_array_append_new(items, j);
	}
	return reply_json(r, 200, json_pack("{s:o}", "items", items));
}
