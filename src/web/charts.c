/*
 * charts.c — what the figure pages (dashboard, flows, institutes) share:
 * the heat map of flows between regions in SVG, the year and region
 * chooser, CSV links, and figures written in their units.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "core/cst.h"
#include "core/util.h"
#include "domain/figures.h"
#include "http/html.h"
#include "store/store.h"
#include "web/web.h"
#include "core/banned.h"

void svg_heatmap(struct req *r, const char *title, const char *const *labels, size_t n,
		 const int64_t *values, const char *const *cell_text)
{
	const int label_w = 96, head_h = 34, cw = 118, ch = 46;
	int64_t max = 1;
	for (size_t i = 0; i < n * n; i++)
		if (values[i] > max)
			max = values[i];
	htmlf(r, "<svg class=\"chart heat\" role=\"img\" viewBox=\"0 0 %d %d\" "
		 "xmlns=\"http://www.w3.org/2000/svg\"><title>", label_w + (int)n * cw + 4,
	      head_h + (int)n * ch + 4);
	html_txt(r, title);
	html(r, "</title>");
	for (size_t j = 0; j < n; j++) {
		htmlf(r, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">", label_w + (int)j * cw + cw / 2,
		      head_h - 12);
		html_txt(r, labels[j]);
		html(r, "</text>");
	}
	for (size_t i = 0; i < n; i++) {
		int y = head_h + (int)i * ch;
		htmlf(r, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", label_w - 8, y + ch / 2 + 5);
		html_txt(r, labels[i]);
		html(r, "</text>");
		for (size_t j = 0; j < n; j++) {
			int64_t v = values[i * n + j];
			/* shade by the square root, so small flows still show */
			double t = v > 0 ? 0.12 + 0.88 * sqrt((double)v / (double)max) : 0.0;
			int x = label_w + (int)j * cw;
			htmlf(r, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"3\" "
				 "fill=\"#1d6fb8\" fill-opacity=\"%.2f\" stroke=\"#c8d3df\"></rect>",
			      x + 1, y + 1, cw - 2, ch - 2, t < 0.04 ? 0.04 : t);
			htmlf(r, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" ", x + cw / 2, y + ch / 2 + 5);
			html(r, t > 0.55 ? "class=\"on\">" : "class=\"v\">");
			html_txt(r, cell_text[i * n + j]);
			html(r, "</text>");
		}
	}
	html(r, "</svg>");
}

void figures_form(struct req *r, const char *action, int64_t year, const char *region,
		  int with_region)
{
	int64_t now_year = cst_year(now_unix());
	char y[24], cur[24];
	snprintf(cur, sizeof cur, "%lld", (long long)year);
	html(r, "<form class=\"filters inline-filters\" method=\"get\" action=\"");
	html_attr(r, action);
	html(r, "\"><label>");
	html_txt(r, L(r, "年份", "Year"));
	html(r, "<select name=\"year\">");
	for (int64_t k = now_year; k >= now_year - 9; k--) {
		snprintf(y, sizeof y, "%lld", (long long)k);
		html_option(r, y, y, cur);
	}
	html(r, "</select></label>");
	if (with_region) {
		struct region *rs;
		size_t nr;
		html(r, "<label>");
		html_txt(r, L(r, "区域", "Region"));
		html(r, "<select name=\"region\">");
		html_option(r, "", L(r, "长三角全域", "Whole community"), region ? region : "");
		if (store_region_list(r->ctx.db, r->a, 0, &rs, &nr) == 0)
			for (size_t i = 0; i < nr; i++)
				html_option(r, rs[i].code, L(r, rs[i].name_zh, rs[i].name_en), region);
		html(r, "</select></label>");
	}
	html(r, "<button type=\"submit\">");
	html_txt(r, L(r, "查看", "Show"));
	html(r, "</button></form>\n");
}

void csv_link(struct req *r, const char *name, int64_t year, const char *region)
{
	htmlf(r, "<a class=\"csv\" download href=\"/dashboard/%s.csv?year=%lld", name, (long long)year);
	if (region && *region) {
		html(r, "&amp;region=");
		html_url_arg(r, region);
	}
	html(r, "\">");
	html_txt(r, L(r, "下载 CSV", "Download CSV"));
	html(r, "</a>");
}

const char *figure_text(struct req *r, const char *unit, json_t *value)
{
	int64_t v = json_integer_value(value);
	char digits[32], out[48];
	int len, k = 0;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	if (!json_is_number(value))
		return L(r, "暂无数据", "not yet available");
	if (!strcmp(unit, "cny"))
		return money_str(r, v);
	len = snprintf(digits, sizeof digits, "%llu", (unsigned long long)u);
	if (v < 0)
		out[k++] = '-';
	for (int i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			out[k++] = ',';
		out[k++] = digits[i];
	}
	out[k] = '\0';
	if (!strcmp(unit, "hours"))
		return arena_printf(r->a, "%s %s", out, L(r, "小时", "h"));
	return arena_strdup(r->a, out);
}

const char *growth_text(struct req *r, json_t *growth)
{
	double g;
	if (!json_is_number(growth))
		return "—";
	g = json_number_value(growth) * 100.0;
	return arena_printf(r->a, "%+.1f%%", g);
}
