/*
 * search.c — the search page, /search: one box for every kind of record,
 * results with the matched words marked, facets to narrow them (type,
 * region, city, category; each a link, so the page needs no script),
 * "did you mean", and pages of results.
 */
#include <stdio.h>
#include <string.h>
#include "domain/search.h"
#include "domain/search_kinds.h"
#include "http/html.h"
#include "http/params.h"
#include "web/web.h"
#include "core/banned.h"

static const char *const facet_param[SEARCH_FACETS] = { "type", "region", "city", "category" };

/* Writes /search? with the current parameters but page, name set to
 * value (NULL: without name), as an attribute value. */
static void search_link(struct req *r, const char *name, const char *value)
{
	int first = 1;
	html(r, "/search");
	for (size_t i = 0; i < r->nquery; i++) {
		const char *k = r->query[i].key;
		if (strcmp(k, name) == 0 || strcmp(k, "page") == 0 || !r->query[i].val[0])
			continue;
		html(r, first ? "?" : "&amp;");
		first = 0;
		html_url_arg(r, k);
		html(r, "=");
		html_url_arg(r, r->query[i].val);
	}
	if (value) {
		html(r, first ? "?" : "&amp;");
		html_url_arg(r, name);
		html(r, "=");
		html_url_arg(r, value);
	}
}

static void marked(struct req *r, const struct search_marked *m)
{
	if (!m->text)
		return;
	if (m->cut_before)
		html(r, "…");
	html_marked(r, m->text, m->len, m->marks, m->nmarks);
	if (m->cut_after)
		html(r, "…");
}

static void facets(struct req *r, const struct search_answer *a)
{
	static const char *const zh[] = { "类型", "区域", "城市", "分类" };
	static const char *const en[] = { "Type", "Region", "City", "Category" };
	html(r, "<aside class=\"facets\" aria-label=\"");
	html_attr(r, L(r, "筛选结果", "Narrow the results"));
	html(r, "\">");
	for (int f = 0; f < SEARCH_FACETS; f++) {
		const char *chosen = q_str(r, facet_param[f]);
		if (!a->nfacets[f])
			continue;
		htmlf(r, "<section class=\"facet\" data-facet=\"%s\"><h2>", facet_param[f]);
		html_txt(r, L(r, zh[f], en[f]));
		html(r, "</h2><ul>");
		for (size_t i = 0; i < a->nfacets[f] && i < 12; i++) {
			const struct search_facet_value *v = &a->facets[f][i];
			int on = chosen && *chosen && strcmp(chosen, v->value) == 0;
			html(r, "<li><a href=\"");
			search_link(r, facet_param[f], on ? NULL : v->value);
			html(r, on ? "\" aria-current=\"true\" class=\"on\">" : "\">");
			html_txt(r, L(r, v->zh, v->en));
			html(r, " <span class=\"n\">");
			html_count(r, v->n);
			html(r, "</span></a></li>");
		}
		html(r, "</ul></section>");
	}
	html(r, "</aside>");
}

static void result(struct req *r, const struct search_answer_item *it)
{
	const struct search_marked *title = req_en(r) && it->name_en.text && *it->name_en.text
					    ? &it->name_en : &it->name;
	htmlf(r, "<li class=\"card result\" data-type=\"%s\" data-id=\"%lld\"><h3>",
	      it->kind->key, (long long)it->ref_id);
	if (it->url) {
		html(r, "<a href=\"");
		html_attr(r, it->url);
		html(r, "\">");
	}
	marked(r, title);
	if (it->url)
		html(r, "</a>");
	html(r, " <span class=\"badge kind\">");
	html_txt(r, L(r, it->kind->zh, it->kind->en));
	html(r, "</span></h3>");
	if (title == &it->name && it->name_en.text && *it->name_en.text) {
		html(r, "<p class=\"alt\" lang=\"en\">");
		marked(r, &it->name_en);
		html(r, "</p>");
	}
	if (it->subtitle.text && *it->subtitle.text) {
		html(r, "<p class=\"meta\">");
		marked(r, &it->subtitle);
		html(r, "</p>");
	}
	if (it->snippet.len) {
		html(r, "<p class=\"snippet\">");
		marked(r, &it->snippet);
		html(r, "</p>");
	}
	if (it->category || it->year) {
		html(r, "<p class=\"meta small\">");
		if (it->category)
			html_txt(r, L(r, it->category_zh, it->category_en));
		if (it->category && it->year)
			html(r, " · ");
		if (it->year)
			htmlf(r, "%lld", (long long)it->year);
		html(r, "</p>");
	}
	html(r, "</li>\n");
}

int web_search(struct req *r)
{
	struct search_request q;
	struct search_answer a;
	struct derr e = { 0 };
	const char *text;

	if (params_search_request(r, &q) < 0)
		return -1;
	text = q.q ? q.q : "";
	if (search_run(&r->ctx, &q, &a, &e) < 0 && e.kind != DERR_INVALID)
		return reply_derr(r, &e);
	page_begin(r, *text ? text : L(r, "搜索", "Search"));
	html(r, "<h1>");
	html_txt(r, L(r, "全站搜索", "Search everything"));
	html(r, "</h1><form class=\"search-page\" method=\"get\" action=\"/search\" role=\"search\">"
		"<div class=\"searchrow\"><label for=\"q\" class=\"sr\">");
	html_txt(r, L(r, "关键词", "Keywords"));
	html(r, "</label><input id=\"q\" name=\"q\" type=\"search\" value=\"");
	html_attr(r, text);
	html(r, "\" placeholder=\"");
	html_attr(r, L(r, "仪器、单位、专家、指南、合同…", "instruments, organisations, experts…"));
	html(r, "\"><button type=\"submit\">");
	html_txt(r, L(r, "搜索", "Search"));
	html(r, "</button></div><p class=\"hint\">");
	html_txt(r, L(r, "可用 \"精确短语\"、-排除、OR，以及 type: region: city: org: year: 筛选，"
		      "如：电镜 region:上海",
		      "Use \"exact phrases\", -exclusion, OR, and the filters type: region: city:"
		      " org: year:, e.g. microscope region:Shanghai"));
	html(r, "</p></form>\n");

	if (e.kind == DERR_INVALID) {
		html(r, "<p class=\"notice error\" role=\"alert\">");
		html_txt(r, e.message);
		html(r, "</p>");
		page_end(r);
		r->status = 400;
		return 0;
	}
	if (a.truncated) {
		html(r, "<p class=\"notice\">");
		html_txtf(r, L(r, "查询过长，只使用了前 %d 个字。", "The query was long; its first %d"
			       " characters were used."), SEARCH_MAX_CHARS);
		html(r, "</p>");
	}
	if (a.empty) {
		page_end(r);
		return 0;
	}
	if (a.nothing) {
		html(r, "<p class=\"notice\">");
		html_txt(r, L(r, "查询只包含标点或常用词，请换用更具体的词语。",
			      "The query holds only punctuation or very common words; try more"
			      " specific words."));
		html(r, "</p>");
		page_end(r);
		return 0;
	}
	if (a.corrected) {
		html(r, "<p class=\"didyoumean\">");
		html_txt(r, L(r, "没有找到与之相符的结果，以下是“", "Nothing matched; showing results for “"));
		html(r, "<a href=\"");
		search_link(r, "q", a.did_you_mean);
		html(r, "\"><strong>");
		html_txt(r, a.did_you_mean);
		html(r, "</strong></a>");
		html_txt(r, L(r, "”的结果。", "”."));
		html(r, "</p>");
	}
	html(r, "<div class=\"search-results\">");
	facets(r, &a);
	html(r, "<section class=\"results\" aria-live=\"polite\"><p class=\"count\">");
	if (req_en(r))
		html_txtf(r, "%lld result%s (%.0f ms)", (long long)a.total, a.total == 1 ? "" : "s",
			  (double)a.took_us / 1000.0);
	else
		html_txtf(r, "找到 %lld 条结果（用时 %.0f 毫秒）", (long long)a.total,
			  (double)a.took_us / 1000.0);
	html(r, "</p>");
	if (a.total == 0) {
		html(r, "<p class=\"empty\">");
		html_txt(r, L(r, "没有找到结果。试试更短或更通用的词语，或去掉筛选条件。",
			      "No results. Try fewer or more general words, or remove a filter."));
		html(r, "</p>");
	} else {
		html(r, "<ol class=\"cards\">");
		for (size_t i = 0; i < a.n; i++)
			result(r, &a.items[i]);
		html(r, "</ol>");
		html_pager(r, a.page, a.per_page,
			   a.total < (int64_t)SEARCH_PAGE_MAX * a.per_page
			   ? a.total : (int64_t)SEARCH_PAGE_MAX * a.per_page);
	}
	html(r, "</section></div>");
	page_end(r);
	return 0;
}
