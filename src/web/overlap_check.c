/*
 * overlap_check.c — the check page: paste one proposal, see the closest
 * guide items, funded projects and challenges, each with its scores and
 * the shared passages marked on both sides.
 */
#include <string.h>
#include "domain/overlap.h"
#include "domain/round.h"
#include "http/html.h"
#include "web/web.h"
#include "core/banned.h"

static void check_form(struct req *r, const struct derr *e)
{
	static const struct { const char *name; int max, rows; } parts[] = {
		{ "title", OVERLAP_TITLE_MAX, 0 },
		{ "content", OVERLAP_CONTENT_MAX, 10 },
		{ "indicators", OVERLAP_INDICATORS_MAX, 3 },
	};
	const char *labels[3] = { L(r, "标题", "Title"), L(r, "研究内容", "Research content"),
				  L(r, "考核指标", "Target indicators") };
	html(r, "<form method=\"post\" action=\"/check\" class=\"record\" id=\"check-form\">");
	html_csrf(r);
	if (e && e->kind) {
		const char *label = strcmp(e->field, "title") == 0 ? L(r, "标题", "Title")
				  : strcmp(e->field, "content") == 0 ? L(r, "研究内容", "Research content")
				  : strcmp(e->field, "indicators") == 0 ? L(r, "考核指标", "Target indicators")
				  : NULL;
		html(r, "<p class=\"err\" role=\"alert\" id=\"form-error\">");
		html_txt(r, web_overlap_error(r, e, label));
		html(r, "</p>");
	}
	for (int k = 0; k < 3; k++) {
		const char *v = form_str(r, parts[k].name);
		htmlf(r, "<div class=\"field\"><label for=\"c-%s\">", parts[k].name);
		html_txt(r, labels[k]);
		html(r, "</label>");
		if (parts[k].rows)
			htmlf(r, "<textarea id=\"c-%s\" name=\"%s\" rows=\"%d\" maxlength=\"%d\">",
			      parts[k].name, parts[k].name, parts[k].rows, parts[k].max);
		else
			htmlf(r, "<input id=\"c-%s\" name=\"%s\" type=\"text\" maxlength=\"%d\" value=\"",
			      parts[k].name, parts[k].name, parts[k].max);
		if (parts[k].rows) {
			html_txt(r, v ? v : "");
			html(r, "</textarea>");
		} else {
			html_attr(r, v ? v : "");
			html(r, "\">");
		}
		html(r, "</div>");
	}
	html(r, "<p><button type=\"submit\">");
	html_txt(r, L(r, "查重", "Check"));
	html(r, "</button></p></form>");
}

int web_check(struct req *r)
{
	page_begin(r, L(r, "文本查重", "Check a text"));
	html(r, "<h1>");
	html_txt(r, L(r, "文本查重", "Check a text"));
	html(r, "</h1><p>");
	html_txt(r, L(r, "把一份申报材料或指南条目与所有已有的指南条目、已立项项目和榜单比对。",
		      "Compare one proposal or guide item with every existing guide item, funded"
		      " project and challenge."));
	html(r, "</p>");
	check_form(r, NULL);
	page_end(r);
	return 0;
}

int web_check_post(struct req *r)
{
	struct overlap_result res;
	struct derr e = { 0 };
	const char *title = form_str(r, "title"), *content = form_str(r, "content"),
		   *ind = form_str(r, "indicators");

	r->no_cache = 1;
	if (overlap_check(&r->ctx, title, content, ind && *ind ? ind : NULL, 10, &res, &e) < 0) {
		if (e.kind != DERR_INVALID)
			return reply_derr(r, &e);
		r->status = 400;
		page_begin(r, L(r, "文本查重", "Check a text"));
		html(r, "<h1>");
		html_txt(r, L(r, "文本查重", "Check a text"));
		html(r, "</h1>");
		check_form(r, &e);
		page_end(r);
		return -1;
	}
	page_begin(r, L(r, "查重结果", "Check results"));
	html(r, "<h1>");
	html_txt(r, L(r, "查重结果", "Check results"));
	html(r, "</h1><p class=\"count\" id=\"result-count\">");
	if (req_en(r))
		htmlf(r, "%zu close documents among %zu, in %.1f ms.", res.n, res.searched,
		      (double)res.usec / 1000);
	else
		htmlf(r, "在 %zu 份文档中找到 %zu 份相近文档，用时 %.1f 毫秒。", res.searched, res.n,
		      (double)res.usec / 1000);
	html(r, "</p>");
	if (!res.n) {
		html(r, "<p class=\"empty\">");
		html_txt(r, L(r, "没有发现重叠。", "No overlaps found."));
		html(r, "</p>");
	}
	for (size_t i = 0; i < res.n; i++) {
		const struct overlap_match *m = &res.m[i];
		htmlf(r, "<section class=\"match\" id=\"match-%zu\"><h2>", i + 1);
		web_overlap_percent(r, m->score.score);
		html(r, " ");
		web_overlap_level(r, m->level);
		html(r, " ");
		web_overlap_doc(r, &m->doc);
		html(r, "</h2><p class=\"meta\">");
		web_overlap_parts(r, m->score.part);
		html(r, "</p><div class=\"side-by-side\"><div class=\"side\">");
		web_overlap_side(r, res.title, res.content, res.indicators, m->q, m->nq);
		html(r, "</div><div class=\"side\">");
		web_overlap_side(r, m->doc.title, m->doc.content, m->doc.indicators, m->d, m->nd);
		html(r, "</div></div></section>");
	}
	html(r, "<h2>");
	html_txt(r, L(r, "再查一份", "Check another"));
	html(r, "</h2>");
	check_form(r, NULL);
	page_end(r);
	return 0;
}
