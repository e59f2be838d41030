/*
 * dashboard.c — the front page for officials (数据看板): the community's
 * headline figures for a chosen year and region, computed from live data
 * (domain/figures.h), the flows of technology contracts and the
 * instruments by region, each chart drawn in SVG by the server with its
 * table and a CSV download beside it; and those CSV downloads.
 */
#include <string.h>
#include "core/csv.h"
#include "core/util.h"
#include "domain/contract.h"
#include "domain/figures.h"
#include "http/html.h"
#include "web/web.h"
#include "core/banned.h"

/* Reads year and region; -1 after answering 400. */
static int scope(struct req *r, int64_t *year, const char **region)
{
	*region = q_str(r, "region");
	if (*region && !**region)
		*region = NULL;
	return q_int(r, "year", figures_default_year(now_unix()), 1990, 2100, year);
}

static const char *jstr(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static int64_t jint(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static void headline(struct req *r, json_t *figs)
{
	size_t i;
	json_t *f;
	html(r, "<section class=\"figures\" aria-label=\"");
	html_attr(r, L(r, "主要指标", "Headline figures"));
	html(r, "\">");
	json_array_foreach(figs, i, f) {
		int avail = json_is_true(json_object_get(f, "available"));
		html(r, "<div class=\"fig");
		if (!avail)
			html(r, " na");
		html(r, "\" id=\"fig-");
		html_attr(r, jstr(f, "key"));
		html(r, "\"><strong>");
		html_txt(r, figure_text(r, jstr(f, "unit"), json_object_get(f, "value")));
		html(r, "</strong><span class=\"label\">");
		html_txt(r, L(r, jstr(f, "name_zh"), jstr(f, "name_en")));
		html(r, "</span>");
		if (json_is_number(json_object_get(f, "growth"))) {
			html(r, "<span class=\"growth\">");
			html_txt(r, L(r, "同比 ", "year on year "));
			html_txt(r, growth_text(r, json_object_get(f, "growth")));
			html(r, "</span>");
		}
		html(r, "<small>");
		html_txt(r, L(r, jstr(f, "note_zh"), jstr(f, "note_en")));
		html(r, "</small></div>");
	}
	html(r, "</section>\n");
}

static void instruments_section(struct req *r, json_t *rows, int64_t year, const char *region)
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
		values[i] = jint(x, "value_cny");
		vt[i] = money_str(r, values[i]);
	}
	html(r, "<section class=\"chart-block\" id=\"instruments-by-region\"><h2>");
	html_txt(r, L(r, "各区域共享仪器设施", "Shared instruments and facilities by region"));
	html(r, "</h2>");
	svg_bars(r, L(r, "各区域仪器设施原值", "Value of instruments and facilities by region"),
		 labels, values, vt, n);
	html(r, "<table><thead><tr><th scope=\"col\">");
	html_txt(r, L(r, "区域", "Region"));
	html(r, "</th><th scope=\"col\" class=\"num\">");
	html_txt(r, L(r, "仪器", "Instruments"));
	html(r, "</th><th scope=\"col\" class=\"num\">");
	html_txt(r, L(r, "设施", "Facilities"));
	html(r, "</th><th scope=\"col\" class=\"num\">");
	html_txt(r, L(r, "原值", "Value"));
	html(r, "</th></tr></thead><tbody>");
	json_array_foreach(rows, i, x) {
		html(r, "<tr><th scope=\"row\">");
		html_txt(r, labels[i]);
		html(r, "</th><td class=\"num\">");
		html_count(r, jint(x, "instruments"));
		html(r, "</td><td class=\"num\">");
		html_count(r, jint(x, "facilities"));
		html(r, "</td><td class=\"num\">");
		html_txt(r, vt[i]);
		html(r, "</td></tr>");
	}
	html(r, "</tbody></table><p class=\"actions\">");
	csv_link(r, "instruments", year, region);
	html(r, "</p></section>\n");
}

int web_dashboard(struct req *r)
{
	struct derr e = { 0 };
	const char *region;
	int64_t year;
	json_t *doc;

	if (scope(r, &year, &region) < 0)
		return -1;
	if (!(doc = dashboard_doc(&r->ctx, year, region, now_unix(), &e)))
		return reply_derr(r, &e);
	page_begin(r, L(r, "数据看板", "Dashboard"));
	html(r, "<h1>");
	html_txt(r, L(r, "长三角科技创新共同体数据看板", "Community dashboard"));
	html(r, "</h1><p class=\"meta\">");
	html_txt(r, L(r, "以下指标均由平台实时数据计算；“暂无数据”表示相应功能尚未上线，不作估计。",
		      "Every figure is computed from the platform's live data; \"not yet available\""
		      " marks data no part of the platform keeps yet, never an estimate."));
	html(r, "</p>");
	figures_form(r, "/dashboard", year, region, 1);
	headline(r, json_object_get(doc, "figures"));
	html(r, "<p class=\"actions\">");
	csv_link(r, "figures", year, region);
	html(r, " <a href=\"/flows\">");
	html_txt(r, L(r, "技术市场流向", "Technology market flows"));
	html(r, "</a> <a href=\"/institutes\">");
	html_txt(r, L(r, "专业研究所统一考核", "Institutes' assessment"));
	html(r, "</a>");
	if (r->logged_in) {
		html(r, " <a href=\"/contracts\">");
		html_txt(r, L(r, "技术合同登记与核验", "Contracts: registration and verification"));
		html(r, "</a>");
	}
	html(r, "</p>\n");
	web_flows_sections(r, json_object_get(doc, "flows"), 2);
	instruments_section(r, json_object_get(doc, "instruments_by_region"), year, region);
	page_end(r);
	json_decref(doc);
	return 0;
}

/* ---- the CSV twins --------------------------------------------------------- */

static void cells(struct buf *b, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		csv_add_field(b, v[i], strlen(v[i]), ',', 1);
		buf_adds(b, i + 1 < n ? "," : "\r\n");
	}
}

static const char *num(struct req *r, json_t *v)
{
	if (json_is_integer(v))
		return arena_printf(r->a, "%lld", (long long)json_integer_value(v));
	if (json_is_real(v))
		return arena_printf(r->a, "%.4f", json_real_value(v));
	return "";
}

int web_dashboard_csv(struct req *r)
{
	struct derr e = { 0 };
	const char *region, *name = r->param;
	int64_t year;
	json_t *doc, *flows, *x;
	struct buf *b = &r->out;
	size_t i;

	if (scope(r, &year, &region) < 0)
		return -1;
	if (strcmp(name, "figures.csv") && strcmp(name, "trend.csv") && strcmp(name, "matrix.csv") &&
	    strcmp(name, "fields.csv") && strcmp(name, "sellers.csv") && strcmp(name, "buyers.csv") &&
	    strcmp(name, "instruments.csv"))
		return reply_error(r, 404, "not_found", NULL, "no such download");
	if (!(doc = dashboard_doc(&r->ctx, year, region, now_unix(), &e)))
		return reply_derr(r, &e);
	flows = json_object_get(doc, "flows");
	buf_reset(b);
	buf_adds(b, "\xEF\xBB\xBF");
	if (!strcmp(name, "figures.csv")) {
		cells(b, (const char *[]){ "key", "name_zh", "name_en", "unit", "year", "value", "prev", "growth" }, 8);
		json_array_foreach(json_object_get(doc, "figures"), i, x)
			cells(b, (const char *[]){ jstr(x, "key"), jstr(x, "name_zh"), jstr(x, "name_en"),
				jstr(x, "unit"), num(r, json_object_get(doc, "year")),
				json_is_true(json_object_get(x, "available")) ? num(r, json_object_get(x, "value"))
									      : "not yet available",
				num(r, json_object_get(x, "prev")), num(r, json_object_get(x, "growth")) }, 8);
	} else if (!strcmp(name, "trend.csv")) {
		cells(b, (const char *[]){ "year", "cross_count", "cross_amount_cny", "all_count", "all_amount_cny" }, 5);
		json_array_foreach(json_object_get(flows, "trend"), i, x)
			cells(b, (const char *[]){ num(r, json_object_get(x, "year")),
				num(r, json_object_get(x, "cross_count")), num(r, json_object_get(x, "cross_amount_cny")),
				num(r, json_object_get(x, "all_count")), num(r, json_object_get(x, "all_amount_cny")) }, 5);
	} else if (!strcmp(name, "matrix.csv")) {
		cells(b, (const char *[]){ "year", "seller_region", "buyer_region", "count", "amount_cny", "income_cny" }, 6);
		json_array_foreach(json_object_get(flows, "matrix"), i, x)
			cells(b, (const char *[]){ num(r, json_object_get(doc, "year")), jstr(x, "seller"),
				jstr(x, "buyer"), num(r, json_object_get(x, "count")),
				num(r, json_object_get(x, "amount_cny")), num(r, json_object_get(x, "income_cny")) }, 6);
	} else if (!strcmp(name, "fields.csv")) {
		cells(b, (const char *[]){ "field", "name_zh", "count", "amount_cny" }, 4);
		json_array_foreach(json_object_get(flows, "fields"), i, x)
			cells(b, (const char *[]){ jstr(x, "key"), vocab_label(vocab_tech_field, jstr(x, "key"), "zh"),
				num(r, json_object_get(x, "count")), num(r, json_object_get(x, "amount_cny")) }, 4);
	} else if (!strcmp(name, "sellers.csv") || !strcmp(name, "buyers.csv")) {
		cells(b, (const char *[]){ "org_id", "name_zh", "region", "count", "amount_cny" }, 5);
		json_array_foreach(json_object_get(flows, name[0] == 's' ? "sellers" : "buyers"), i, x)
			cells(b, (const char *[]){ num(r, json_object_get(x, "org_id")), jstr(x, "name_zh"),
				jstr(x, "region"), num(r, json_object_get(x, "count")),
				num(r, json_object_get(x, "amount_cny")) }, 5);
	} else {
		cells(b, (const char *[]){ "region", "name_zh", "instruments", "facilities", "value_cny" }, 5);
		json_array_foreach(json_object_get(doc, "instruments_by_region"), i, x)
			cells(b, (const char *[]){ jstr(x, "code"), jstr(x, "name_zh"),
				num(r, json_object_get(x, "instruments")), num(r, json_object_get(x, "facilities")),
				num(r, json_object_get(x, "value_cny")) }, 5);
	}
	json_decref(doc);
	r->status = 200;
	r->ctype = "text/csv; charset=utf-8";
	req_header(r, "Content-Disposition",
		   arena_printf(r->a, "attachment; filename=\"shenrong-%lld-%s\"", (long long)year, name));
	return 0;
}
