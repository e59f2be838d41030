/*
 * orgs.c — organisations and regions: the list, one organisation with its
 * instruments, and one region with its cities.
 */
#include <stdio.h>
#include <string.h>
#include "domain/catalog.h"
#include "domain/instrument.h"
#include "domain/org.h"
#include "domain/sharing.h"
#include "http/html.h"
#include "store/store.h"
#include "web/web.h"
#include "core/banned.h"

static const char *org_name(struct req *r, const struct org *o)
{
	return L(r, o->name_zh, o->name_en && *o->name_en ? o->name_en : o->name_zh);
}

int web_orgs(struct req *r)
{
	struct org_filter f = { 0 };
	struct derr e = { 0 };
	struct region *rs;
	struct org *os;
	size_t n, nr;
	int64_t total, page;

	if (q_int(r, "page", 1, 1, 100000, &page) < 0)
		return -1;
	f.region = q_str(r, "region");
	f.kind = q_str(r, "kind");
	f.name_like = q_str(r, "q");
	f.city = q_str(r, "city");
	if (f.kind && *f.kind && !vocab_find(vocab_org_kind, f.kind))
		return reply_error(r, 400, "not_allowed", "kind", "kind must be one of the listed values");
	f.limit = 50;
	f.offset = (page - 1) * f.limit;
	if (org_list(&r->ctx, &f, &os, &n, &total, &e) < 0)
		return reply_derr(r, &e);
	page_begin(r, L(r, "单位", "Organisations"));
	html(r, "<h1>");
	html_txt(r, L(r, "共同体单位", "Organisations of the community"));
	html(r, "</h1><form class=\"filters\" method=\"get\" action=\"/orgs\"><div class=\"grid\"><label>");
	html_txt(r, L(r, "名称包含", "Name contains"));
	html(r, "<input name=\"q\" type=\"search\" value=\"");
	html_attr(r, f.name_like ? f.name_like : "");
	html(r, "\"></label><label>");
	html_txt(r, L(r, "区域", "Region"));
	html(r, "<select name=\"region\">");
	html_option(r, "", L(r, "全部区域", "All regions"), f.region);
	if (store_region_list(r->ctx.db, r->a, 0, &rs, &nr) == 0)
		for (size_t i = 0; i < nr; i++)
			html_option(r, rs[i].code, L(r, rs[i].name_zh, rs[i].name_en), f.region);
	html(r, "</select></label><label>");
	html_txt(r, L(r, "类型", "Kind"));
	html(r, "<select name=\"kind\">");
	html_option(r, "", L(r, "全部类型", "All kinds"), f.kind);
	for (const struct term *t = vocab_org_kind; t->key; t++)
		html_option(r, t->key, L(r, t->zh, t->en), f.kind);
	html(r, "</select></label></div><button type=\"submit\">");
	html_txt(r, L(r, "筛选", "Filter"));
	html(r, "</button></form><p class=\"count\">");
	html_count(r, total);
	html_txt(r, L(r, " 家单位", " organisations"));
	html(r, "</p><table class=\"list\"><thead><tr><th scope=\"col\">");
	html_txt(r, L(r, "名称", "Name"));
	html(r, "</th><th scope=\"col\">");
	html_txt(r, L(r, "类型", "Kind"));
	html(r, "</th><th scope=\"col\">");
	html_txt(r, L(r, "城市", "City"));
	html(r, "</th><th scope=\"col\" class=\"num\">");
	html_txt(r, L(r, "仪器设施", "Instruments"));
	html(r, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		htmlf(r, "<tr><td><a href=\"/orgs/%lld\">", (long long)os[i].id);
		html_txt(r, org_name(r, &os[i]));
		html(r, "</a></td><td>");
		html_txt(r, vocab_label(vocab_org_kind, os[i].kind, r->lang));
		html(r, "</td><td>");
		html_txt(r, L(r, os[i].city_zh, os[i].city_en));
		html(r, "</td><td class=\"num\">");
		html_count(r, os[i].instruments);
		html(r, "</td></tr>");
	}
	html(r, "</tbody></table>");
	html_pager(r, page, f.limit, total);
	page_end(r);
	return 0;
}

int web_org(struct req *r)
{
	struct org o;
	struct derr e = { 0 };
	struct instrument_query q = INSTRUMENT_QUERY_INIT;
	struct instrument_page p;
	struct org_filter cf = { 0 };
	struct org *children;
	size_t nchildren;
	int64_t nch_total;

	if (q_int(r, "page", 1, 1, 100000, &q.page) < 0)
		return -1;
	if (org_get(&r->ctx, r->id, &o, &e) < 0)
		return reply_derr(r, &e);
	q.org_id = o.id;
	q.sort = "value_desc";
	q.per_page = 50;
	if (instrument_list(&r->ctx, &q, &p, &e) < 0)
		return reply_derr(r, &e);
	cf.parent_id = o.id;
	cf.limit = 200;
	if (org_list(&r->ctx, &cf, &children, &nchildren, &nch_total, &e) < 0)
		return reply_derr(r, &e);

	page_begin(r, org_name(r, &o));
	html(r, "<article class=\"org\"><h1>");
	html_txt(r, o.name_zh);
	html(r, "</h1>");
	if (o.name_en && *o.name_en) {
		html(r, "<p class=\"sub\" lang=\"en\">");
		html_txt(r, o.name_en);
		html(r, "</p>");
	}
	html(r, "<table class=\"facts\"><tbody><tr><th scope=\"row\">");
	html_txt(r, L(r, "类型", "Kind"));
	html(r, "</th><td>");
	html_txt(r, vocab_label(vocab_org_kind, o.kind, r->lang));
	html(r, "</td></tr><tr><th scope=\"row\">");
	html_txt(r, L(r, "所在地", "Location"));
	html(r, "</th><td><a href=\"/regions/");
	html_url_arg(r, o.region_code);
	html(r, "\">");
	html_txt(r, L(r, o.region_zh, o.region_en));
	html(r, "</a> · ");
	html_txt(r, L(r, o.city_zh, o.city_en));
	if (o.address) {
		html(r, " · ");
		html_txt(r, o.address);
	}
	html(r, "</td></tr>");
	if (o.parent_id > 0) {
		html(r, "<tr><th scope=\"row\">");
		html_txt(r, L(r, "上级单位", "Part of"));
		htmlf(r, "</th><td><a href=\"/orgs/%lld\">", (long long)o.parent_id);
		html_txt(r, L(r, o.parent_zh, o.parent_en && *o.parent_en ? o.parent_en : o.parent_zh));
		html(r, "</a></td></tr>");
	}
	if (o.uscc) {
		html(r, "<tr><th scope=\"row\">");
		html_txt(r, L(r, "统一社会信用代码", "Unified social credit code"));
		html(r, "</th><td>");
		html_txt(r, o.uscc);
		html(r, "</td></tr>");
	}
	html(r, "<tr><th scope=\"row\">");
	html_txt(r, L(r, "仪器设施", "Instruments"));
	html(r, "</th><td>");
	html_count(r, o.instruments);
	html(r, " · ");
	html_money(r, o.value_cny);
	html(r, "</td></tr></tbody></table>");
	web_sharing_section(r, SHARING_ORG, o.id, NULL);
	if (nchildren) {
		html(r, "<h2>");
		html_txt(r, L(r, "下属单位", "Member organisations"));
		html(r, "</h2><ul class=\"children\">");
		for (size_t i = 0; i < nchildren; i++) {
			htmlf(r, "<li><a href=\"/orgs/%lld\">", (long long)children[i].id);
			html_txt(r, org_name(r, &children[i]));
			html(r, "</a> · ");
			html_txt(r, L(r, children[i].city_zh, children[i].city_en));
			html(r, "</li>");
		}
		html(r, "</ul>");
	}
	html(r, "<h2 id=\"instruments\">");
	html_txt(r, L(r, "本单位仪器设施", "Instruments of this organisation"));
	html(r, "</h2>");
	if (p.n)
		web_instrument_cards(r, p.items, p.n);
	else {
		html(r, "<p class=\"empty\">");
		html_txt(r, L(r, "暂无登记的仪器设施。", "No instruments registered yet."));
		html(r, "</p>");
	}
	html_pager(r, q.page, q.per_page, p.total);
	html(r, "</article>");
	page_end(r);
	return 0;
}

int web_region(struct req *r)
{
	struct region g;
	struct city *cs;
	size_t n;
	const char **labels, **vtext;
	int64_t *values;
	int rc = store_region_get(r->ctx.db, r->a, r->param, &g);

	if (rc > 0)
		return reply_error(r, 404, "not_found", NULL, "no such region");
	if (rc < 0 || store_city_list(r->ctx.db, r->a, g.code, 1, &cs, &n) < 0)
		return reply_error(r, 500, "internal", NULL, "cannot read the region");
	labels = arena_alloc(r->a, (n + 1) * sizeof *labels);
	vtext = arena_alloc(r->a, (n + 1) * sizeof *vtext);
	values = arena_alloc(r->a, (n + 1) * sizeof *values);
	if (!labels || !vtext || !values)
		return reply_error(r, 500, "internal", NULL, "out of memory");
	page_begin(r, L(r, g.name_zh, g.name_en));
	html(r, "<h1>");
	html_txt(r, L(r, g.name_zh, g.name_en));
	html(r, "</h1><p class=\"lead\">");
	html_count(r, g.instruments);
	html_txt(r, L(r, " 台（套）仪器设施，原值 ", " instruments and facilities worth "));
	html_money(r, g.value_cny);
	html_txt(r, L(r, "；", "; "));
	html_count(r, g.orgs);
	html_txt(r, L(r, " 家单位。", " organisations."));
	html(r, "</p>");
	for (size_t i = 0; i < n; i++) {
		labels[i] = L(r, cs[i].name_zh, cs[i].name_en);
		values[i] = cs[i].instruments;
		vtext[i] = arena_printf(r->a, "%lld", (long long)cs[i].instruments);
	}
	html(r, "<h2>");
	html_txt(r, L(r, "各城市仪器设施数量", "Instruments by city"));
	html(r, "</h2>");
	svg_bars(r, L(r, "各城市仪器设施数量", "Instruments by city"), labels, values, vtext, n);
	html(r, "<table><thead><tr><th scope=\"col\">");
	html_txt(r, L(r, "城市", "City"));
	html(r, "</th><th scope=\"col\">");
	html_txt(r, L(r, "行政区划代码", "GB/T 2260 code"));
	html(r, "</th><th scope=\"col\" class=\"num\">");
	html_txt(r, L(r, "仪器设施", "Instruments"));
	html(r, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		html(r, "<tr><th scope=\"row\">");
		html_txt(r, labels[i]);
		html(r, "</th><td>");
		html_txt(r, cs[i].code);
		html(r, "</td><td class=\"num\"><a href=\"/instruments?city=");
		html_url_arg(r, cs[i].code);
		html(r, "\">");
		html_count(r, cs[i].instruments);
		html(r, "</a></td></tr>");
	}
	html(r, "</tbody></table>");
	web_sharing_section(r, SHARING_REGION, 0, g.code);
	page_end(r);
	return 0;
}
