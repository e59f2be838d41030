/*
 * home.c — the front page: the community's shared-instrument figures, by
 * region, with a chart and its table, and the search box.
 */
#include "http/html.h"
#include "store/store.h"
#include "web/web.h"
#include "core/banned.h"

static void fig_label(struct req *r, const char *label)
{
	html(r, "<span class=\"label\">");
	html_txt(r, label);
	html(r, "</span>");
}

int web_home(struct req *r)
{
	struct catalogue_figures f;
	struct region *rs;
	size_t n;
	const char **labels, **vtext;
	int64_t *values;

	if (store_catalogue_figures(r->ctx.db, &f) < 0 ||
	    store_region_list(r->ctx.db, r->a, 1, &rs, &n) < 0)
		return reply_error(r, 500, "internal", NULL, "cannot read the figures");
	page_begin(r, L(r, "首页", "Home"));
	html(r, "<section class=\"hero\"><h1>");
	html_txt(r, L(r, "长三角科技资源共享", "Sharing research resources across the Yangtze River Delta"));
	html(r, "</h1><form class=\"search\" method=\"get\" action=\"/instruments\" role=\"search\">"
		"<label for=\"q\" class=\"sr\">");
	html_txt(r, L(r, "搜索仪器设施", "Search instruments and facilities"));
	html(r, "</label><input id=\"q\" name=\"q\" type=\"search\" placeholder=\"");
	html_attr(r, L(r, "如：电镜、X射线 衍射、质谱", "e.g. electron microscope, X-ray diffraction"));
	html(r, "\"><button type=\"submit\">");
	html_txt(r, L(r, "搜索", "Search"));
	html(r, "</button></form></section>\n");

	html(r, "<section class=\"figures\" aria-label=\"");
	html_attr(r, L(r, "共享仪器总体情况", "Shared instruments at a glance"));
	html(r, "\"><div class=\"fig\" id=\"fig-instruments\"><strong>");
	html_count(r, f.instruments);
	html(r, "</strong>");
	fig_label(r, L(r, "台（套）大型科研仪器", "large research instruments"));
	html(r, "</div><div class=\"fig\" id=\"fig-facilities\"><strong>");
	html_count(r, f.facilities);
	html(r, "</strong>");
	fig_label(r, L(r, "个重大科技基础设施", "major research facilities"));
	html(r, "</div><div class=\"fig\" id=\"fig-value\"><strong>");
	html_money(r, f.value_cny);
	html(r, "</strong>");
	fig_label(r, L(r, "仪器设施原值", "original value"));
	html(r, "</div><div class=\"fig\" id=\"fig-orgs\"><strong>");
	html_count(r, f.orgs);
	html(r, "</strong>");
	fig_label(r, L(r, "家单位", "organisations"));
	html(r, "</div><div class=\"fig\"><strong>");
	html_count(r, f.cities);
	html(r, "</strong>");
	fig_label(r, L(r, "个城市", "cities"));
	html(r, "</div></section>\n");

	labels = arena_alloc(r->a, (n + 1) * sizeof *labels);
	vtext = arena_alloc(r->a, (n + 1) * sizeof *vtext);
	values = arena_alloc(r->a, (n + 1) * sizeof *values);
	if (!labels || !vtext || !values)
		return reply_error(r, 500, "internal", NULL, "out of memory");
	for (size_t i = 0; i < n; i++) {
		labels[i] = L(r, rs[i].name_zh, rs[i].name_en);
		values[i] = rs[i].value_cny;
		vtext[i] = money_str(r, rs[i].value_cny);
	}
	html(r, "<section class=\"by-region\"><h2>");
	html_txt(r, L(r, "各区域仪器设施原值", "Instrument value by region"));
	html(r, "</h2>");
	svg_bars(r, L(r, "各区域仪器设施原值", "Instrument value by region"), labels, values, vtext, n);
	html(r, "<table><thead><tr><th scope=\"col\">");
	html_txt(r, L(r, "区域", "Region"));
	html(r, "</th><th scope=\"col\" class=\"num\">");
	html_txt(r, L(r, "仪器设施", "Instruments"));
	html(r, "</th><th scope=\"col\" class=\"num\">");
	html_txt(r, L(r, "原值", "Value"));
	html(r, "</th><th scope=\"col\" class=\"num\">");
	html_txt(r, L(r, "单位", "Organisations"));
	html(r, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		html(r, "<tr><th scope=\"row\"><a href=\"/regions/");
		html_url_arg(r, rs[i].code);
		html(r, "\">");
		html_txt(r, labels[i]);
		html(r, "</a></th><td class=\"num\"><a href=\"/instruments?region=");
		html_url_arg(r, rs[i].code);
		html(r, "\">");
		html_count(r, rs[i].instruments);
		html(r, "</a></td><td class=\"num\">");
		html_money(r, rs[i].value_cny);
		html(r, "</td><td class=\"num\">");
		html_count(r, rs[i].orgs);
		html(r, "</td></tr>");
	}
	html(r, "</tbody></table></section>\n");
	page_end(r);
	return 0;
}
