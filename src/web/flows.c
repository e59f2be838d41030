/*
 * flows.c — the technology market between the regions (技术市场流向): the
 * cross-region contracts of a year and their growth, the five-year trend,
 * the region-to-region heat map, the top fields, sellers and buyers; each
 * chart with its table and CSV download.  The sections are shared with the
 * dashboard.
 */
#include <string.h>
#include "core/util.h"
#include "domain/contract.h"
#include "domain/figures.h"
#include "http/html.h"
#include "web/web.h"
#include "core/banned.h"

static const char *jstr(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static int64_t jint(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static void heading(struct req *r, int h, const char *id, const char *text)
{
	htmlf(r, "<section class=\"chart-block\" id=\"%s\"><h%d>", id, h);
	html_txt(r, text);
	htmlf(r, "</h%d>", h);
}

static void trend(struct req *r, json_t *flows, int h, int64_t year, const char *region)
{
	json_t *rows = json_object_get(flows, "trend"), *x;
	size_t n = json_array_size(rows), i;
	const char **labels = arena_alloc(r->a, (n + 1) * sizeof *labels);
	const char **vt = arena_alloc(r->a, (n + 1) * sizeof *vt);
	int64_t *values = arena_alloc(r->a, (n + 1) * sizeof *values), prev = 0;
	if (!labels || !vt || !values)
		return;
	json_array_foreach(rows, i, x) {
		labels[i] = arena_printf(r->a, "%lld", (long long)jint(x, "year"));
		values[i] = jint(x, "cross_count");
		vt[i] = figure_text(r, "count", json_object_get(x, "cross_count"));
	}
	heading(r, h, "trend", L(r, "跨区域技术合同（近五年）", "Cross-region contracts, five years"));
	svg_bars(r, L(r, "跨区域技术合同数", "Cross-region contracts per year"), labels, values, vt, n);
	html(r, "<table><thead><tr><th scope=\"col\">");
	html_txt(r, L(r, "年份", "Year"));
	html(r, "</th><th scope=\"col\" class=\"num\">");
	html_txt(r, L(r, "跨区域合同", "Cross-region contracts"));
	html(r, "</th><th scope=\"col\" class=\"num\">");
	html_txt(r, L(r, "同比", "Growth"));
	html(r, "</th><th scope=\"col\" class=\"num\">");
	html_txt(r, L(r, "成交额", "Value"));
	html(r, "</th><th scope=\"col\" class=\"num\">");
	html_txt(r, L(r, "全部已核验合同", "All verified contracts"));
	html(r, "</th></tr></thead><tbody>");
	json_array_foreach(rows, i, x) {
		int64_t c = jint(x, "cross_count");
		html(r, "<tr><th scope=\"row\">");
		html_txt(r, labels[i]);
		html(r, "</th><td class=\"num\">");
		html_count(r, c);
		html(r, "</td><td class=\"num\">");
		if (i && prev > 0)
			html_txt(r, arena_printf(r->a, "%+.1f%%", (double)(c - prev) / (double)prev * 100.0));
		else
			html(r, "—");
		html(r, "</td><td class=\"num\">");
		html_money(r, jint(x, "cross_amount_cny"));
		html(r, "</td><td class=\"num\">");
		html_count(r, jint(x, "all_count"));
		html(r, "</td></tr>");
		prev = c;
	}
	html(r, "</tbody></table><p class=\"actions\">");
	csv_link(r, "trend", year, region);
	html(r, "</p></section>\n");
}

static void matrix(struct req *r, json_t *flows, int h, int64_t year, const char *region)
{
	json_t *regions = json_object_get(flows, "regions"), *cells = json_object_get(flows, "matrix"), *x;
	size_t n = json_array_size(regions), i, j;
	const char **labels = arena_alloc(r->a, (n + 1) * sizeof *labels);
	const char **codes = arena_alloc(r->a, (n + 1) * sizeof *codes);
	int64_t *count = arena_zalloc(r->a, (n * n + 1) * sizeof *count);
	int64_t *amount = arena_zalloc(r->a, (n * n + 1) * sizeof *amount);
	const char **text = arena_alloc(r->a, (n * n + 1) * sizeof *text);
	if (!labels || !codes || !count || !amount || !text)
		return;
	json_array_foreach(regions, i, x) {
		labels[i] = L(r, jstr(x, "name_zh"), jstr(x, "name_en"));
		codes[i] = jstr(x, "code");
	}
	json_array_foreach(cells, i, x) {
		size_t a = n, b = n;
		for (size_t k = 0; k < n; k++) {
			if (!strcmp(codes[k], jstr(x, "seller")))
				a = k;
			if (!strcmp(codes[k], jstr(x, "buyer")))
				b = k;
		}
		if (a < n && b < n) {
			count[a * n + b] = jint(x, "count");
			amount[a * n + b] = jint(x, "amount_cny");
		}
	}
	for (i = 0; i < n * n; i++)
		text[i] = arena_printf(r->a, "%lld", (long long)count[i]);
	heading(r, h, "matrix", L(r, "区域间技术合同流向（卖方 → 买方）",
				     "Contracts between regions (seller → buyer)"));
	svg_heatmap(r, L(r, "区域间技术合同数热力图", "Heat map of contracts between regions"),
		    labels, n, count, text);
	html(r, "<table class=\"matrix\"><caption>");
	html_txt(r, L(r, "行为卖方所在区域，列为买方所在区域；合同数 / 成交额",
		      "Rows: the seller's region; columns: the buyer's; contracts / value"));
	html(r, "</caption><thead><tr><th scope=\"col\">");
	html_txt(r, L(r, "卖方 \\ 买方", "Seller \\ buyer"));
	html(r, "</th>");
	for (j = 0; j < n; j++) {
		html(r, "<th scope=\"col\" class=\"num\">");
		html_txt(r, labels[j]);
		html(r, "</th>");
	}
	html(r, "</tr></thead><tbody>");
	for (i = 0; i < n; i++) {
		html(r, "<tr><th scope=\"row\">");
		html_txt(r, labels[i]);
		html(r, "</th>");
		for (j = 0; j < n; j++) {
			html(r, i == j ? "<td class=\"num diag\">" : "<td class=\"num\">");
			html_count(r, count[i * n + j]);
			html(r, "<br><small>");
			html_money(r, amount[i * n + j]);
			html(r, "</small></td>");
		}
		html(r, "</tr>");
	}
	html(r, "</tbody></table><p class=\"actions\">");
	csv_link(r, "matrix", year, region);
	html(r, "</p></section>\n");
}

static void ranking(struct req *r, json_t *rows, int h, const char *id, const char *title,
		    const char *csv, int64_t year, const char *region)
{
	size_t n = json_array_size(rows), i;
	const char **labels = arena_alloc(r->a, (n + 1) * sizeof *labels);
	const char **vt = arena_alloc(r->a, (n + 1) * sizeof *vt);
	int64_t *values = arena_alloc(r->a, (n + 1) * sizeof *values);
	json_t *x;
	if (!labels || !vt || !values)
		return;
	json_array_foreach(rows, i, x) {
		if (*jstr(x, "key"))
			labels[i] = vocab_label(vocab_tech_field, jstr(x, "key"), r->lang);
		else
			labels[i] = L(r, jstr(x, "name_zh"), *jstr(x, "name_en") ? jstr(x, "name_en")
										: jstr(x, "name_zh"));
		values[i] = jint(x, "amount_cny");
		vt[i] = money_str(r, values[i]);
	}
	heading(r, h, id, title);
	if (!n) {
		html(r, "<p class=\"empty\">");
		html_txt(r, L(r, "该年度暂无已核验的跨区域技术合同。",
			      "No verified cross-region contracts in this year."));
		html(r, "</p></section>\n");
		return;
	}
	svg_bars(r, title, labels, values, vt, n);
	html(r, "<table><thead><tr><th scope=\"col\">#</th><th scope=\"col\">");
	html_txt(r, L(r, "名称", "Name"));
	html(r, "</th><th scope=\"col\" class=\"num\">");
	html_txt(r, L(r, "合同数", "Contracts"));
	html(r, "</th><th scope=\"col\" class=\"num\">");
	html_txt(r, L(r, "成交额", "Value"));
	html(r, "</th></tr></thead><tbody>");
	json_array_foreach(rows, i, x) {
		htmlf(r, "<tr><td>%zu</td><th scope=\"row\">", i + 1);
		if (jint(x, "org_id") > 0) {
			htmlf(r, "<a href=\"/orgs/%lld\">", (long long)jint(x, "org_id"));
			html_txt(r, labels[i]);
			html(r, "</a>");
		} else
			html_txt(r, labels[i]);
		html(r, "</th><td class=\"num\">");
		html_count(r, jint(x, "count"));
		html(r, "</td><td class=\"num\">");
		html_txt(r, vt[i]);
		html(r, "</td></tr>");
	}
	html(r, "</tbody></table><p class=\"actions\">");
	csv_link(r, csv, year, region);
	html(r, "</p></section>\n");
}

void web_flows_sections(struct req *r, json_t *flows, int h)
{
	int64_t year = jint(flows, "year");
	const char *region = json_string_value(json_object_get(flows, "region"));
	trend(r, flows, h, year, region);
	matrix(r, flows, h, year, region);
	ranking(r, json_object_get(flows, "fields"), h, "top-fields",
		L(r, "跨区域合同主要技术领域", "Top fields of cross-region contracts"), "fields", year, region);
	ranking(r, json_object_get(flows, "sellers"), h, "top-sellers",
		L(r, "跨区域技术输出前十位单位", "Top sellers across regions"), "sellers", year, region);
	ranking(r, json_object_get(flows, "buyers"), h, "top-buyers",
		L(r, "跨区域技术吸纳前十位单位", "Top buyers across regions"), "buyers", year, region);
}

int web_flows(struct req *r)
{
	struct derr e = { 0 };
	const char *region = q_str(r, "region");
	int64_t year;
	json_t *doc, *cross;

	if (q_int(r, "year", figures_default_year(now_unix()), 1990, 2100, &year) < 0)
		return -1;
	if (region && !*region)
		region = NULL;
	if (!(doc = flows_doc(&r->ctx, year, region, &e)))
		return reply_derr(r, &e);
	cross = json_object_get(doc, "cross");
	page_begin(r, L(r, "技术市场流向", "Technology market flows"));
	html(r, "<h1>");
	html_txt(r, L(r, "技术市场：区域间技术合同流向", "Technology market: contracts between regions"));
	html(r, "</h1>");
	figures_form(r, "/flows", year, region, 1);
	html(r, "<section class=\"figures\"><div class=\"fig\" id=\"fig-cross\"><strong>");
	html_count(r, jint(cross, "count"));
	html(r, "</strong><span class=\"label\">");
	html_txt(r, arena_printf(r->a, req_en(r) ? "cross-region contracts in %lld" : "%lld 年跨区域技术合同（项）",
				 (long long)year));
	html(r, "</span></div><div class=\"fig\" id=\"fig-growth\"><strong>");
	html_txt(r, growth_text(r, json_object_get(cross, "growth_count")));
	html(r, "</strong><span class=\"label\">");
	html_txt(r, arena_printf(r->a, req_en(r) ? "on %lld (%lld contracts)" : "较 %lld 年（%lld 项）同比增长",
				 (long long)(year - 1), (long long)jint(cross, "prev_count")));
	html(r, "</span></div><div class=\"fig\" id=\"fig-amount\"><strong>");
	html_money(r, jint(cross, "amount_cny"));
	html(r, "</strong><span class=\"label\">");
	html_txt(r, L(r, "跨区域合同成交额", "value of cross-region contracts"));
	html(r, "</span></div><div class=\"fig\"><strong>");
	html_txt(r, growth_text(r, json_object_get(cross, "growth_amount")));
	html(r, "</strong><span class=\"label\">");
	html_txt(r, L(r, "成交额同比增长", "growth of the value"));
	html(r, "</span></div></section><p class=\"meta\">");
	html_txt(r, L(r, "统计口径：经卖方所在区域核验的技术合同，按签订日期计入年度；买卖双方位于不同省级区域即为跨区域合同。",
		      "Counted: contracts verified by the seller's region, in the year of their signing;"
		      " a contract is cross-region when seller and buyer are in different regions."));
	html(r, "</p>\n");
	web_flows_sections(r, doc, 2);
	page_end(r);
	json_decref(doc);
	return 0;
}
