/*
 * institutes.c — integrated management of the institutes (专业研究所):
 * the ranking of a year under the unified assessment scheme, each
 * indicator's value and score, with the formula written on the page; and
 * the community office's form to set a year's scheme.
 */
#include <stdio.h>
#include <string.h>
#include "core/util.h"
#include "domain/figures.h"
#include "domain/institute.h"
#include "http/html.h"
#include "web/web.h"
#include "core/banned.h"

static const char *jstr(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static const char *value_text(struct req *r, const char *unit, double v)
{
	if (!strcmp(unit, "cny"))
		return money_str(r, (int64_t)v);
	if (!strcmp(unit, "hours"))
		return arena_printf(r->a, "%.1f", v);
	return arena_printf(r->a, "%.0f", v);
}

int web_institutes(struct req *r)
{
	struct derr e = { 0 };
	int64_t year;
	json_t *doc, *inds, *list, *ind, *x;
	size_t i, k;

	if (q_int(r, "year", figures_default_year(now_unix()), 1990, 2100, &year) < 0)
		return -1;
	if (!(doc = institute_ranking_doc(&r->ctx, year, &e)))
		return reply_derr(r, &e);
	inds = json_object_get(doc, "indicators");
	list = json_object_get(doc, "institutes");
	page_begin(r, L(r, "专业研究所统一考核", "Institutes' unified assessment"));
	html(r, "<h1>");
	html_txt(r, L(r, "专业研究所一体化管理与统一考核", "Institutes: integrated management and unified assessment"));
	html(r, "</h1>");
	figures_form(r, "/institutes", year, NULL, 0);
	if (institute_may_manage(&r->ctx)) {
		htmlf(r, "<p class=\"actions\"><a class=\"button\" id=\"set-scheme\" href=\"/institutes/scheme?year=%lld\">",
		      (long long)year);
		html_txt(r, L(r, "设置考核方案", "Set the assessment scheme"));
		html(r, "</a></p>");
	}
	html(r, "<section id=\"scheme\"><h2>");
	html_txt(r, arena_printf(r->a, req_en(r) ? "The %lld scheme" : "%lld 年度考核方案", (long long)year));
	html(r, "</h2>");
	if (!json_is_true(json_object_get(doc, "scheme_set"))) {
		html(r, "<p class=\"empty\" id=\"no-scheme\">");
		html_txt(r, L(r, "共同体办公室尚未设置本年度的考核方案，以下得分均为 0。",
			      "The community office has not set this year's scheme: every score is 0."));
		html(r, "</p>");
	}
	html(r, "<table><thead><tr><th scope=\"col\">");
	html_txt(r, L(r, "指标", "Indicator"));
	html(r, "</th><th scope=\"col\" class=\"num\">");
	html_txt(r, L(r, "权重", "Weight"));
	html(r, "</th><th scope=\"col\">");
	html_txt(r, L(r, "口径", "What it counts"));
	html(r, "</th></tr></thead><tbody>");
	json_array_foreach(inds, i, ind) {
		html(r, "<tr><th scope=\"row\">");
		html_txt(r, L(r, jstr(ind, "name_zh"), jstr(ind, "name_en")));
		if (!json_is_true(json_object_get(ind, "available"))) {
			html(r, " <span class=\"badge na\">");
			html_txt(r, L(r, "暂无数据", "not yet available"));
			html(r, "</span>");
		}
		htmlf(r, "</th><td class=\"num\">%lld</td><td>",
		      (long long)json_integer_value(json_object_get(ind, "weight")));
		html_txt(r, L(r, jstr(ind, "note_zh"), jstr(ind, "note_en")));
		html(r, "</td></tr>");
	}
	html(r, "</tbody></table><p class=\"meta\" id=\"formula\">");
	html_txt(r, L(r, "计分方法：每项指标得分 = 权重 × 本所指标值 ÷ 全部研究所中该指标的最高值（最高者得满分，无人有数据的指标均为 0）；"
		      "总分为各项得分之和（满分 100）。同一方案适用于所有区域的全部研究所。",
		      "Scoring: each indicator scores weight × the institute's value ÷ the best value among all"
		      " institutes (the best gets the full weight; an indicator nobody has yet scores 0);"
		      " the total is the sum (at most 100). One scheme for every institute in every region."));
	html(r, "</p></section>");

	html(r, "<section id=\"ranking\"><h2>");
	html_txt(r, L(r, "年度排名", "Ranking"));
	html(r, "</h2>");
	if (!json_array_size(list)) {
		html(r, "<p class=\"empty\">");
		html_txt(r, L(r, "尚无登记的专业研究所。", "No institute is registered yet."));
		html(r, "</p>");
	} else {
		html(r, "<table id=\"ranking-table\"><thead><tr><th scope=\"col\">");
		html_txt(r, L(r, "名次", "Rank"));
		html(r, "</th><th scope=\"col\">");
		html_txt(r, L(r, "研究所", "Institute"));
		html(r, "</th>");
		json_array_foreach(inds, k, ind) {
			html(r, "<th scope=\"col\" class=\"num\">");
			html_txt(r, L(r, jstr(ind, "name_zh"), jstr(ind, "name_en")));
			html(r, "<br><small>");
			html_txt(r, L(r, "值 / 得分", "value / score"));
			html(r, "</small></th>");
		}
		html(r, "<th scope=\"col\" class=\"num\">");
		html_txt(r, L(r, "总分", "Total"));
		html(r, "</th></tr></thead><tbody>");
		json_array_foreach(list, i, x) {
			json_t *values = json_object_get(x, "values"), *scores = json_object_get(x, "scores");
			htmlf(r, "<tr data-org=\"%lld\"><td>%lld</td><th scope=\"row\"><a href=\"/orgs/%lld\">",
			      (long long)json_integer_value(json_object_get(x, "org_id")),
			      (long long)json_integer_value(json_object_get(x, "rank")),
			      (long long)json_integer_value(json_object_get(x, "org_id")));
			html_txt(r, L(r, jstr(x, "name_zh"), *jstr(x, "name_en") ? jstr(x, "name_en")
										  : jstr(x, "name_zh")));
			html(r, "</a><br><small>");
			html_txt(r, L(r, jstr(x, "region_zh"), jstr(x, "region_en")));
			html(r, " · ");
			html_txt(r, L(r, jstr(x, "city_zh"), jstr(x, "city_en")));
			html(r, "</small></th>");
			json_array_foreach(inds, k, ind) {
				const char *key = jstr(ind, "key");
				html(r, "<td class=\"num\">");
				html_txt(r, value_text(r, jstr(ind, "unit"),
						       json_number_value(json_object_get(values, key))));
				html(r, "<br><small>");
				html_txt(r, arena_printf(r->a, "%.2f", json_number_value(json_object_get(scores, key))));
				html(r, "</small></td>");
			}
			html(r, "<td class=\"num\"><strong>");
			html_txt(r, arena_printf(r->a, "%.2f", json_number_value(json_object_get(x, "total"))));
			html(r, "</strong></td></tr>");
		}
		html(r, "</tbody></table>");
	}
	html(r, "</section>");
	page_end(r);
	json_decref(doc);
	return 0;
}

/* ---- the office's form ------------------------------------------------------- */

static void scheme_form(struct req *r, int64_t year, json_t *weights, const struct derr *e)
{
	page_begin(r, L(r, "设置考核方案", "Set the assessment scheme"));
	html(r, "<h1>");
	html_txt(r, arena_printf(r->a, req_en(r) ? "Assessment scheme for %lld" : "%lld 年度考核方案",
				 (long long)year));
	html(r, "</h1>");
	if (e && e->kind) {
		html(r, "<p class=\"err\" role=\"alert\" id=\"form-error\" data-field=\"");
		html_attr(r, e->field);
		html(r, "\">");
		html_txt(r, e->message);
		html(r, "</p>");
	}
	html(r, "<form class=\"narrow\" method=\"post\" action=\"/institutes/scheme\">");
	html_csrf(r);
	htmlf(r, "<input type=\"hidden\" name=\"year\" value=\"%lld\">", (long long)year);
	html(r, "<p class=\"meta\">");
	html_txt(r, L(r, "权重为整数，合计必须为 100；不计入的指标留空。", "Whole-number weights adding up to 100; leave out an indicator by leaving it empty."));
	html(r, "</p>");
	for (size_t k = 0; k < nindicators; k++) {
		json_t *w = json_object_get(weights, indicators[k].key);
		htmlf(r, "<label for=\"w-%s\">", indicators[k].key);
		html_txt(r, L(r, indicators[k].zh, indicators[k].en));
		htmlf(r, "</label><input id=\"w-%s\" name=\"%s\" type=\"number\" min=\"1\" max=\"100\" value=\"",
		      indicators[k].key, indicators[k].key);
		if (json_is_integer(w))
			htmlf(r, "%lld", (long long)json_integer_value(w));
		else if (json_is_string(w))
			html_attr(r, json_string_value(w));
		html(r, "\">");
	}
	html(r, "<button type=\"submit\">");
	html_txt(r, L(r, "保存方案", "Save the scheme"));
	html(r, "</button></form>");
	page_end(r);
}

int web_scheme(struct req *r)
{
	struct derr e = { 0 };
	int64_t year;
	json_t *s;
	if (q_int(r, "year", figures_default_year(now_unix()), 1990, 2100, &year) < 0)
		return -1;
	if (!institute_may_manage(&r->ctx))
		return reply_error(r, 403, "forbidden", NULL, "%s",
				   L(r, "只有共同体办公室可以设置考核方案",
				     "only the community office sets the assessment scheme"));
	if (!(s = assess_scheme_json(&r->ctx, year, &e)))
		return reply_derr(r, &e);
	scheme_form(r, year, json_object_get(s, "weights"), NULL);
	json_decref(s);
	return 0;
}

int web_scheme_save(struct req *r)
{
	struct derr e = { 0 };
	int64_t year;
	json_t *weights = json_object(), *typed = json_object(), *in;
	const char *ys = form_str(r, "year");

	if (!ys || parse_i64(ys, 1990, 2100, &year) < 0)
		return reply_error(r, 400, "out_of_range", "year", "year must be between 1990 and 2100");
	for (size_t k = 0; k < nindicators; k++) {
		const char *v = form_str(r, indicators[k].key);
		int64_t w;
		if (!v || !*v)
			continue;
		json_object_set_new(typed, indicators[k].key, json_string(v));
		if (parse_i64(v, INT64_MIN, INT64_MAX, &w) < 0) {
			derr_set(&e, DERR_INVALID, "wrong_type", indicators[k].key,
				 "the weight of %s must be a whole number", indicators[k].key);
			goto failed;
		}
		json_object_set_new(weights, indicators[k].key, json_integer(w));
	}
	in = json_pack("{s:O}", "weights", weights);
	if (assess_scheme_set(&r->ctx, year, in, &e) < 0) {
		json_decref(in);
		goto failed;
	}
	json_decref(in);
	json_decref(weights);
	json_decref(typed);
	return reply_redirect(r, arena_printf(r->a, "/institutes?year=%lld", (long long)year));
failed:
	json_decref(weights);
	if (e.kind != DERR_INVALID) {
		json_decref(typed);
		return reply_derr(r, &e);
	}
	r->status = 400;
	r->no_cache = 1;
	scheme_form(r, year, typed, &e);
	json_decref(typed);
	return -1;
}
