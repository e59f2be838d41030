/*
 * joint_figures.c — the figures of joint research on a page: fiscal funds
 * for joint projects and what they drew in, cross-region projects and
 * consortia, challenges published, answered and solved, for a year and a
 * region, by region (a chart and its table) and over five years.  It
 * reads the document the API sends (domain/joint_figures.h).
 */
#include <stdio.h>
#include <string.h>
#include "core/util.h"
#include "domain/figures.h"
#include "domain/joint_figures.h"
#include "http/html.h"
#include "web/web.h"
#include "core/banned.h"

static int64_t jint(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static const char *jstr(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

/* One headline card; money when cny, else a count. */
static void card(struct req *r, const char *id, json_t *figs, json_t *prev, const char *key,
		 int cny, const char *zh, const char *en)
{
	json_t *v = json_object_get(figs, key);
	int64_t now = jint(figs, key), before = jint(prev, key);
	html(r, "<div class=\"fig\" id=\"");
	html_attr(r, id);
	html(r, "\"><strong>");
	html_txt(r, figure_text(r, cny ? "cny" : "count", v));
	html(r, "</strong><span class=\"label\">");
	html_txt(r, L(r, zh, en));
	html(r, "</span>");
	if (before > 0) {
		json_t *g = json_real((double)(now - before) / (double)before);
		html(r, "<span class=\"growth\">");
		html_txt(r, L(r, "同比 ", "year on year "));
		html_txt(r, growth_text(r, g));
		html(r, "</span>");
		json_decref(g);
	}
	html(r, "</div>");
}

static void by_region(struct req *r, json_t *rows)
{
	size_t n = json_array_size(rows), i;
	const char **labels = arena_alloc(r->a, (n + 1) * sizeof *labels);
	const char **vt = arena_alloc(r->a, (n + 1) * sizeof *vt);
	int64_t *values = arena_alloc(r->a, (n + 1) * sizeof *values);
	json_t *x;
	if (!labels || !vt || !values)
		return;
	json_array_foreach(rows, i, x) {
		labels[i] = L(r, jstr(x, "name_zh"), jstr(x, "name_en"));
		values[i] = jint(x, "fiscal_cny");
		vt[i] = money_str(r, values[i]);
	}
	html(r, "<section class=\"chart-block\" id=\"by-region\"><h2>");
	html_txt(r, L(r, "各区域联合攻关财政资金", "Fiscal funds for joint research by region"));
	html(r, "</h2>");
	svg_bars(r, L(r, "各区域联合攻关财政资金", "Fiscal funds for joint research by region"),
		 labels, values, vt, n);
	html(r, "<table><thead><tr><th scope=\"col\">");
	html_txt(r, L(r, "区域", "Region"));
	html(r, "</th><th scope=\"col\" class=\"num\">");
	html_txt(r, L(r, "财政资金", "Fiscal funds"));
	html(r, "</th><th scope=\"col\" class=\"num\">");
	html_txt(r, L(r, "企业投入", "Enterprise funds"));
	html(r, "</th><th scope=\"col\" class=\"num\">");
	html_txt(r, L(r, "社会资本", "Social capital"));
	html(r, "</th><th scope=\"col\" class=\"num\">");
	html_txt(r, L(r, "在研跨区域项目", "Cross-region projects"));
	html(r, "</th><th scope=\"col\" class=\"num\">");
	html_txt(r, L(r, "发布/揭榜成功", "Challenges published / solved"));
	html(r, "</th></tr></thead><tbody>");
	json_array_foreach(rows, i, x) {
		html(r, "<tr><th scope=\"row\">");
		html_txt(r, L(r, jstr(x, "name_zh"), jstr(x, "name_en")));
		html(r, "</th><td class=\"num\">");
		html_money(r, jint(x, "fiscal_cny"));
		html(r, "</td><td class=\"num\">");
		html_money(r, jint(x, "enterprise_cny"));
		html(r, "</td><td class=\"num\">");
		html_money(r, jint(x, "social_cny"));
		html(r, "</td><td class=\"num\">");
		html_count(r, jint(x, "joint_projects"));
		html(r, "</td><td class=\"num\">");
		html_count(r, jint(x, "challenges_published"));
		html(r, " / ");
		html_count(r, jint(x, "challenges_solved"));
		html(r, "</td></tr>");
	}
	html(r, "</tbody></table></section>");
}

static void trend(struct req *r, json_t *rows)
{
	size_t i;
	json_t *x;
	html(r, "<section class=\"chart-block\" id=\"trend\"><h2>");
	html_txt(r, L(r, "近五年", "The last five years"));
	html(r, "</h2><table><thead><tr><th scope=\"col\">");
	html_txt(r, L(r, "年份", "Year"));
	html(r, "</th><th scope=\"col\" class=\"num\">");
	html_txt(r, L(r, "财政资金", "Fiscal funds"));
	html(r, "</th><th scope=\"col\" class=\"num\">");
	html_txt(r, L(r, "带动社会资本", "Drawn in"));
	html(r, "</th><th scope=\"col\" class=\"num\">");
	html_txt(r, L(r, "新启动跨区域项目", "New cross-region projects"));
	html(r, "</th><th scope=\"col\" class=\"num\">");
	html_txt(r, L(r, "发布榜单", "Published"));
	html(r, "</th><th scope=\"col\" class=\"num\">");
	html_txt(r, L(r, "获得响应", "Answered"));
	html(r, "</th><th scope=\"col\" class=\"num\">");
	html_txt(r, L(r, "揭榜成功", "Solved"));
	html(r, "</th></tr></thead><tbody>");
	json_array_foreach(rows, i, x) {
		htmlf(r, "<tr><th scope=\"row\">%lld</th><td class=\"num\">", (long long)jint(x, "year"));
		html_money(r, jint(x, "fiscal_cny"));
		html(r, "</td><td class=\"num\">");
		html_money(r, jint(x, "drawn_cny"));
		html(r, "</td><td class=\"num\">");
		html_count(r, jint(x, "joint_projects_started"));
		html(r, "</td><td class=\"num\">");
		html_count(r, jint(x, "challenges_published"));
		html(r, "</td><td class=\"num\">");
		html_count(r, jint(x, "challenges_answered"));
		html(r, "</td><td class=\"num\">");
		html_count(r, jint(x, "challenges_solved"));
		html(r, "</td></tr>");
	}
	html(r, "</tbody></table></section>");
}

int web_joint_figures(struct req *r)
{
	struct derr e = { 0 };
	const char *region = q_str(r, "region");
	json_t *doc, *figs, *prev, *lev;
	int64_t year;

	if (q_int(r, "year", figures_default_year(now_unix()), 1990, 2100, &year) < 0)
		return -1;
	if (!(doc = joint_figures_doc(&r->ctx, year, region, &e)))
		return reply_derr(r, &e);
	figs = json_object_get(doc, "figures");
	prev = json_object_get(doc, "prev");
	page_begin(r, L(r, "联合攻关数据", "Joint research in figures"));
	joint_tabs(r);
	html(r, "<h1>");
	html_txt(r, L(r, "联合攻关与揭榜挂帅数据", "Joint research and challenges in figures"));
	html(r, "</h1>");
	figures_form(r, "/projects/figures", year, region, 1);
	html(r, "<section class=\"figures\" aria-label=\"");
	html_attr(r, L(r, "主要指标", "Headline figures"));
	html(r, "\">");
	card(r, "fig-fiscal", figs, prev, "fiscal_cny", 1, "联合攻关财政资金", "Fiscal funds for joint research");
	card(r, "fig-drawn", figs, prev, "drawn_cny", 1, "带动企业与社会资本", "Enterprise funds and social capital drawn in");
	lev = json_object_get(figs, "leverage");
	html(r, "<div class=\"fig\" id=\"fig-leverage\"><strong>");
	if (json_is_number(lev))
		html_txtf(r, "1 : %.1f", json_number_value(lev));
	else
		html(r, "—");
	html(r, "</strong><span class=\"label\">");
	html_txt(r, L(r, "财政资金撬动比", "Leverage of fiscal funds"));
	html(r, "</span></div>");
	card(r, "fig-projects", figs, prev, "joint_projects", 0, "在研跨区域联合攻关项目", "Cross-region projects running");
	card(r, "fig-consortia", figs, prev, "consortia", 0, "跨区域创新联合体", "Cross-region consortia");
	card(r, "fig-published", figs, prev, "challenges_published", 0, "发布榜单", "Challenges published");
	card(r, "fig-answered", figs, prev, "challenges_answered", 0, "获得响应的榜单", "Challenges answered");
	card(r, "fig-solved", figs, prev, "challenges_solved", 0, "揭榜成功", "Challenges solved");
	html(r, "</section><p class=\"meta\">");
	html_txt(r, L(r, "资金按经费行的年度和区域统计（财政资金按出资区域）；项目按成员单位所在区域计为跨区域；"
		      "榜单按发布年份统计，揭榜成功按选定年份统计。",
		      "Money by the year and region of each funding line (fiscal funds by the funding region);"
		      " a project is cross-region when its members are in two regions or more; challenges"
		      " count in the year they were published, solutions in the year one was selected."));
	html(r, " <a href=\"");
	html_attr(r, arena_printf(r->a, "/api/v1/projects/figures?year=%lld", (long long)year));
	html(r, "\">JSON</a></p>");
	by_region(r, json_object_get(doc, "by_region"));
	trend(r, json_object_get(doc, "trend"));
	page_end(r);
	json_decref(doc);
	return 0;
}
