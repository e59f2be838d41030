/*
 * instruments.c — the catalogue pages: the searchable list with filters,
 * one instrument's page, and the forms to add, edit, retire and delete.
 */
#include <stdio.h>
#include <string.h>
#include "domain/catalog.h"
#include "domain/instrument.h"
#include "domain/sharing.h"
#include "http/html.h"
#include "http/params.h"
#include "store/store.h"
#include "web/web.h"
#include "core/banned.h"

/* ---- the list ----------------------------------------------------------- */

static void vocab_select(struct req *r, const char *name, const char *label,
			 const struct term *v, const char *current, const char *any)
{
	html(r, "<label>");
	html_txt(r, label);
	html(r, "<select name=\"");
	html_attr(r, name);
	html(r, "\">");
	html_option(r, "", any, current);
	for (; v->key; v++)
		html_option(r, v->key, L(r, v->zh, v->en), current);
	html(r, "</select></label>");
}

/* The city select, grouped by region; also used by the forms. */
static void city_select(struct req *r, const char *name, const char *current,
			const char *any)
{
	struct region *rs;
	struct city *cs;
	size_t nr, nc;
	if (store_region_list(r->ctx.db, r->a, 0, &rs, &nr) < 0 ||
	    store_city_list(r->ctx.db, r->a, NULL, 0, &cs, &nc) < 0)
		return;
	html(r, "<select name=\"");
	html_attr(r, name);
	html(r, "\" id=\"f-");
	html_attr(r, name);
	html(r, "\">");
	html_option(r, "", any, current);
	for (size_t i = 0; i < nr; i++) {
		html(r, "<optgroup label=\"");
		html_attr(r, L(r, rs[i].name_zh, rs[i].name_en));
		html(r, "\">");
		for (size_t k = 0; k < nc; k++)
			if (strcmp(cs[k].region_code, rs[i].code) == 0)
				html_option(r, cs[k].code, L(r, cs[k].name_zh, cs[k].name_en), current);
		html(r, "</optgroup>");
	}
	html(r, "</select>");
}

static void filters_form(struct req *r, const struct instrument_query *q)
{
	struct region *rs;
	size_t nr;
	char num[24];

	html(r, "<form class=\"filters\" method=\"get\" action=\"/instruments\" role=\"search\">"
		"<div class=\"searchrow\"><label for=\"q\" class=\"sr\">");
	html_txt(r, L(r, "关键词", "Keywords"));
	html(r, "</label><input id=\"q\" name=\"q\" type=\"search\" value=\"");
	html_attr(r, q->q ? q->q : "");
	html(r, "\" placeholder=\"");
	html_attr(r, L(r, "名称、型号、厂商、技术指标…", "name, model, maker, specifications…"));
	html(r, "\"><button type=\"submit\">");
	html_txt(r, L(r, "搜索", "Search"));
	html(r, "</button></div><details class=\"more\"");
	if (q->region || q->city || q->category || q->kind || q->status || q->sharing ||
	    q->value_min >= 0 || q->value_max >= 0)
		html(r, " open");
	html(r, "><summary>");
	html_txt(r, L(r, "筛选与排序", "Filters and sorting"));
	html(r, "</summary><div class=\"grid\">");
	html(r, "<label>");
	html_txt(r, L(r, "区域", "Region"));
	html(r, "<select name=\"region\">");
	html_option(r, "", L(r, "全部区域", "All regions"), q->region);
	if (store_region_list(r->ctx.db, r->a, 0, &rs, &nr) == 0)
		for (size_t i = 0; i < nr; i++)
			html_option(r, rs[i].code, L(r, rs[i].name_zh, rs[i].name_en), q->region);
	html(r, "</select></label><label>");
	html_txt(r, L(r, "城市", "City"));
	city_select(r, "city", q->city, L(r, "全部城市", "All cities"));
	html(r, "</label>");
	vocab_select(r, "category", L(r, "仪器分类", "Category"), vocab_category, q->category,
		     L(r, "全部分类", "All categories"));
	vocab_select(r, "kind", L(r, "类型", "Kind"), vocab_instrument_kind, q->kind,
		     L(r, "仪器与设施", "Instruments and facilities"));
	html(r, "<label>");
	html_txt(r, L(r, "状态", "Status"));
	html(r, "<select name=\"status\">");
	html_option(r, "", L(r, "在用与维修中", "In service or maintenance"), q->status);
	for (const struct term *t = vocab_status; t->key; t++)
		html_option(r, t->key, L(r, t->zh, t->en), q->status);
	html_option(r, "all", L(r, "全部（含已报废）", "All, with retired"), q->status);
	html(r, "</select></label>");
	vocab_select(r, "sharing", L(r, "共享方式", "Sharing"), vocab_sharing, q->sharing,
		     L(r, "全部方式", "Any"));
	html(r, "<label>");
	html_txt(r, L(r, "原值不低于（元）", "Value at least (CNY)"));
	html(r, "<input type=\"number\" min=\"0\" name=\"value_min\" value=\"");
	if (q->value_min >= 0) {
		snprintf(num, sizeof num, "%lld", (long long)q->value_min);
		html_attr(r, num);
	}
	html(r, "\"></label><label>");
	html_txt(r, L(r, "原值不高于（元）", "Value at most (CNY)"));
	html(r, "<input type=\"number\" min=\"0\" name=\"value_max\" value=\"");
	if (q->value_max >= 0) {
		snprintf(num, sizeof num, "%lld", (long long)q->value_max);
		html_attr(r, num);
	}
	html(r, "\"></label><label>");
	html_txt(r, L(r, "排序", "Sort by"));
	html(r, "<select name=\"sort\">");
	html_option(r, "", L(r, "相关度（无关键词时按原值）", "Relevance (value without keywords)"), q->sort);
	html_option(r, "value_desc", L(r, "原值从高到低", "Value, highest first"), q->sort);
	html_option(r, "value_asc", L(r, "原值从低到高", "Value, lowest first"), q->sort);
	html_option(r, "year_desc", L(r, "购置年份从新到旧", "Purchase year, newest first"), q->sort);
	html_option(r, "newest", L(r, "最近加入", "Recently added"), q->sort);
	html_option(r, "name", L(r, "名称", "Name"), q->sort);
	html(r, "</select></label>");
	if (q->org_id > 0) {
		snprintf(num, sizeof num, "%lld", (long long)q->org_id);
		html(r, "<input type=\"hidden\" name=\"org\" value=\"");
		html_attr(r, num);
		html(r, "\">");
	}
	html(r, "</div><button type=\"submit\">");
	html_txt(r, L(r, "应用", "Apply"));
	html(r, "</button> <a href=\"/instruments\">");
	html_txt(r, L(r, "清除", "Clear"));
	html(r, "</a></details></form>\n");
}

static void status_badge(struct req *r, const char *status)
{
	html(r, "<span class=\"badge st-");
	html_attr(r, status);
	html(r, "\">");
	html_txt(r, vocab_label(vocab_status, status, r->lang));
	html(r, "</span>");
}

/* One result: used by the catalogue and the organisation page. */
static void instrument_card(struct req *r, const struct instrument *in,
			    const char *const *tokens, size_t ntokens)
{
	const char *name = L(r, in->name_zh, in->name_en && *in->name_en ? in->name_en : in->name_zh);
	htmlf(r, "<li class=\"card\" data-id=\"%lld\"><h3><a href=\"/instruments/%lld\">",
	      (long long)in->id, (long long)in->id);
	html_highlight(r, name, tokens, ntokens, 0);
	html(r, "</a></h3><p class=\"meta\">");
	if (strcmp(in->kind, "facility") == 0) {
		html(r, "<span class=\"badge fac\">");
		html_txt(r, vocab_label(vocab_instrument_kind, in->kind, r->lang));
		html(r, "</span> ");
	}
	html_txt(r, vocab_label(vocab_category, in->category, r->lang));
	if (in->model) {
		html(r, " · ");
		html_highlight(r, in->model, tokens, ntokens, 0);
	}
	if (in->manufacturer) {
		html(r, " · ");
		html_highlight(r, in->manufacturer, tokens, ntokens, 0);
	}
	htmlf(r, "</p><p class=\"meta\"><a href=\"/orgs/%lld\">", (long long)in->org_id);
	html_txt(r, L(r, in->org_zh, in->org_en && *in->org_en ? in->org_en : in->org_zh));
	html(r, "</a> · ");
	html_txt(r, L(r, in->city_zh, in->city_en));
	html(r, " · <strong>");
	html_money(r, in->value_cny);
	html(r, "</strong> ");
	status_badge(r, in->status);
	html(r, "</p>");
	if (ntokens && (in->specs || in->description)) {
		html(r, "<p class=\"snippet\">");
		html_highlight(r, in->specs ? in->specs : in->description, tokens, ntokens, 90);
		html(r, "</p>");
	}
	html(r, "</li>\n");
}

int web_instruments(struct req *r)
{
	struct instrument_query q;
	struct instrument_page p;
	struct derr e = { 0 };

	if (params_instrument_query(r, &q) < 0)
		return -1;
	if (instrument_list(&r->ctx, &q, &p, &e) < 0)
		return reply_derr(r, &e);
	page_begin(r, L(r, "仪器设施目录", "Instruments and facilities"));
	html(r, "<h1>");
	html_txt(r, L(r, "大型科研仪器与重大科技基础设施", "Large instruments and major facilities"));
	html(r, "</h1>");
	filters_form(r, &q);
	html(r, "<p class=\"count\" id=\"result-count\">");
	if (req_en(r)) {
		html_count(r, p.total);
		html(r, p.total == 1 ? " result" : " results");
	} else {
		html(r, "共 ");
		html_count(r, p.total);
		html(r, " 条结果");
	}
	if (p.search.truncated)
		html_txt(r, L(r, "（查询过长，已截断）", " (the query was too long and was cut)"));
	html(r, "</p>");
	if (p.n == 0) {
		html(r, "<p class=\"empty\">");
		html_txt(r, L(r, "没有找到符合条件的仪器设施。试试更少的关键词或更宽的筛选条件。",
			      "Nothing matches. Try fewer words or wider filters."));
		html(r, "</p>");
	} else {
		html(r, "<ol class=\"results\">");
		for (size_t i = 0; i < p.n; i++)
			instrument_card(r, &p.items[i], p.search.tokens, p.search.ntokens);
		html(r, "</ol>");
	}
	html_pager(r, q.page, q.per_page, p.total);
	if (instrument_may_edit(&r->ctx, r->ctx.user ? r->ctx.user->org_id : 0) ||
	    (r->ctx.user && strcmp(r->ctx.user->role, "sysadmin") == 0)) {
		html(r, "<p><a class=\"button\" href=\"/instruments/new\">");
		html_txt(r, L(r, "登记仪器设施", "Add an instrument"));
		html(r, "</a></p>");
	}
	page_end(r);
	return 0;
}

/* ---- one instrument ----------------------------------------------------- */

static void row(struct req *r, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	html(r, "<tr><th scope=\"row\">");
	html_txt(r, label);
	html(r, "</th><td>");
	html_txt(r, value);
	html(r, "</td></tr>");
}

static void fee_row(struct req *r, const char *label, double fee)
{
	if (fee < 0)
		return;
	html(r, "<tr><th scope=\"row\">");
	html_txt(r, label);
	html(r, "</th><td>");
	htmlf(r, "%.2f ", fee);
	html_txt(r, L(r, "元/小时", "CNY per hour"));
	html(r, "</td></tr>");
}

int web_instrument(struct req *r)
{
	struct instrument in;
	struct derr e = { 0 };
	char year[24];

	if (instrument_get(&r->ctx, r->id, &in, &e) < 0)
		return reply_derr(r, &e);
	page_begin(r, L(r, in.name_zh, in.name_en && *in.name_en ? in.name_en : in.name_zh));
	html(r, "<nav class=\"crumbs\"><a href=\"/instruments\">");
	html_txt(r, L(r, "仪器设施", "Instruments"));
	html(r, "</a> › <a href=\"/instruments?region=");
	html_url_arg(r, in.region_code);
	html(r, "\">");
	html_txt(r, L(r, in.region_zh, in.region_en));
	html(r, "</a></nav><article class=\"instrument\"><h1>");
	html_txt(r, in.name_zh);
	html(r, "</h1>");
	if (in.name_en && *in.name_en) {
		html(r, "<p class=\"sub\" lang=\"en\">");
		html_txt(r, in.name_en);
		html(r, "</p>");
	}
	html(r, "<p>");
	status_badge(r, in.status);
	html(r, " <span class=\"badge\">");
	html_txt(r, vocab_label(vocab_sharing, in.sharing, r->lang));
	html(r, "</span></p><table class=\"facts\"><tbody>");
	row(r, L(r, "类型", "Kind"), vocab_label(vocab_instrument_kind, in.kind, r->lang));
	row(r, L(r, "仪器分类", "Category"), vocab_label(vocab_category, in.category, r->lang));
	row(r, L(r, "型号", "Model"), in.model);
	row(r, L(r, "生产厂商", "Manufacturer"), in.manufacturer);
	row(r, L(r, "产地国别", "Country of manufacture"), in.country);
	html(r, "<tr><th scope=\"row\">");
	html_txt(r, L(r, "原值", "Original value"));
	html(r, "</th><td>");
	html_money(r, in.value_cny);
	html(r, "</td></tr>");
	if (in.purchase_year > 0) {
		snprintf(year, sizeof year, "%lld", (long long)in.purchase_year);
		row(r, L(r, "购置年份", "Purchase year"), year);
	}
	htmlf(r, "<tr><th scope=\"row\">%s</th><td><a href=\"/orgs/%lld\">",
	      req_en(r) ? "Owner" : "所属单位", (long long)in.org_id);
	html_txt(r, L(r, in.org_zh, in.org_en && *in.org_en ? in.org_en : in.org_zh));
	html(r, "</a></td></tr>");
	html(r, "<tr><th scope=\"row\">");
	html_txt(r, L(r, "所在地", "Location"));
	html(r, "</th><td>");
	html_txt(r, L(r, in.region_zh, in.region_en));
	html(r, " · ");
	html_txt(r, L(r, in.city_zh, in.city_en));
	if (in.address) {
		html(r, " · ");
		html_txt(r, in.address);
	}
	html(r, "</td></tr>");
	fee_row(r, L(r, "内部收费", "Internal fee"), in.fee_internal);
	fee_row(r, L(r, "对外收费", "External fee"), in.fee_external);
	row(r, L(r, "联系方式", "Contact"), in.contact);
	html(r, "</tbody></table>");
	if (in.specs) {
		html(r, "<h2>");
		html_txt(r, L(r, "主要技术指标", "Main technical specifications"));
		html(r, "</h2><p class=\"pre\">");
		html_txt(r, in.specs);
		html(r, "</p>");
	}
	if (in.areas) {
		html(r, "<h2>");
		html_txt(r, L(r, "应用领域", "Application areas"));
		html(r, "</h2><p class=\"pre\">");
		html_txt(r, in.areas);
		html(r, "</p>");
	}
	if (in.description) {
		html(r, "<h2>");
		html_txt(r, L(r, "简介", "Description"));
		html(r, "</h2><p class=\"pre\">");
		html_txt(r, in.description);
		html(r, "</p>");
	}
	web_booking_links(r, &in);
	web_sharing_section(r, SHARING_INSTRUMENT, in.id, NULL);
	if (instrument_may_edit(&r->ctx, in.org_id)) {
		htmlf(r, "<p class=\"actions\"><a class=\"button\" href=\"/instruments/%lld/edit\">",
		      (long long)in.id);
		html_txt(r, L(r, "编辑", "Edit"));
		html(r, "</a></p>");
	}
	html(r, "</article>");
	page_end(r);
	return 0;
}

/* ---- the form ----------------------------------------------------------- */

/* The value to show in a field: what was posted if the form came back
 * with an error, else the record's. */
static const char *field_value(struct req *r, const struct field *f, const void *rec)
{
	const char *p = (const char *)rec + f->offset;
	if (r->nform)
		return form_str(r, f->name);
	if (!rec)
		return NULL;
	switch (f->type) {
	case FT_TEXT:
	case FT_ENUM:
		return *(const char *const *)p;
	case FT_INT:
		return *(const int64_t *)p > 0 ? arena_printf(r->a, "%lld", (long long)*(const int64_t *)p)
					       : NULL;
	case FT_NUM:
		return *(const double *)p >= 0 ? arena_printf(r->a, "%.2f", *(const double *)p) : NULL;
	}
	return NULL;
}

static void form_field(struct req *r, const struct field *f, const void *rec,
		       const struct derr *e)
{
	const char *v = field_value(r, f, rec);
	int bad = e && e->kind && strcmp(e->field, f->name) == 0;

	if (f->flags & F_READONLY)
		return;
	html(r, "<div class=\"field");
	if (bad)
		html(r, " invalid");
	html(r, "\"><label for=\"f-");
	html_attr(r, f->name);
	html(r, "\">");
	html_txt(r, field_label(f, r->lang));
	if (f->flags & F_REQUIRED)
	{
		html(r, " <abbr title=\"");
		html_attr(r, L(r, "必填", "required"));
		html(r, "\">*</abbr>");
	}
	html(r, "</label>");
	if (strcmp(f->name, "city") == 0) {
		city_select(r, "city", v, L(r, "与所属单位相同", "Same as the owner"));
	} else if (f->type == FT_ENUM) {
		html(r, "<select id=\"f-");
		html_attr(r, f->name);
		html(r, "\" name=\"");
		html_attr(r, f->name);
		html(r, "\">");
		if (!(f->flags & F_REQUIRED))
			html_option(r, "", "—", v);
		for (const struct term *t = f->vocab; t->key; t++)
			html_option(r, t->key, L(r, t->zh, t->en), v);
		html(r, "</select>");
	} else if (f->flags & F_MULTILINE) {
		html(r, "<textarea rows=\"4\" id=\"f-");
		html_attr(r, f->name);
		html(r, "\" name=\"");
		html_attr(r, f->name);
		htmlf(r, "\" maxlength=\"%lld\">", (long long)f->max);
		html_txt(r, v);
		html(r, "</textarea>");
	} else {
		html(r, "<input id=\"f-");
		html_attr(r, f->name);
		html(r, "\" name=\"");
		html_attr(r, f->name);
		if (f->type == FT_INT)
			htmlf(r, "\" type=\"number\" step=\"1\" min=\"%lld\" max=\"%lld",
			      (long long)f->min, (long long)f->max);
		else if (f->type == FT_NUM)
			htmlf(r, "\" type=\"number\" step=\"0.01\" min=\"%lld", (long long)f->min);
		else
			htmlf(r, "\" type=\"text\" maxlength=\"%lld", (long long)f->max);
		if (f->flags & F_REQUIRED)
			html(r, "\" required=\"required");
		html(r, "\" value=\"");
		html_attr(r, v);
		html(r, "\">");
	}
	if (bad) {
		html(r, "<p class=\"err\" role=\"alert\">");
		html_txt(r, web_field_error(r, e, field_label(f, r->lang)));
		html(r, "</p>");
	}
	html(r, "</div>");
}

static void instrument_form(struct req *r, const struct instrument *rec, const struct derr *e)
{
	int editing = rec && rec->id > 0;
	page_begin(r, editing ? L(r, "编辑仪器设施", "Edit instrument")
			      : L(r, "登记仪器设施", "Add an instrument"));
	html(r, "<h1>");
	html_txt(r, editing ? L(r, "编辑仪器设施", "Edit instrument")
			    : L(r, "登记仪器设施", "Add an instrument"));
	html(r, "</h1>");
	if (e && e->kind) {
		const struct field *bad = fields_find(instrument_fields, e->field);
		html(r, "<p class=\"err\" role=\"alert\" id=\"form-error\">");
		html_txt(r, web_field_error(r, e, bad ? field_label(bad, r->lang) : NULL));
		html(r, "</p>");
	}
	if (editing)
		htmlf(r, "<form method=\"post\" class=\"record\" action=\"/instruments/%lld\">",
		      (long long)rec->id);
	else
		html(r, "<form method=\"post\" class=\"record\" action=\"/instruments\">");
	html_csrf(r);
	for (const struct field *f = instrument_fields; f->name; f++) {
		if (strcmp(f->name, "org_id") == 0 &&
		    (!r->ctx.user || strcmp(r->ctx.user->role, "sysadmin") != 0))
			continue;   /* an organisation's administrator adds to their own */
		form_field(r, f, rec, e);
	}
	html(r, "<p><button type=\"submit\">");
	html_txt(r, L(r, "保存", "Save"));
	html(r, "</button></p></form>");
	if (editing) {
		htmlf(r, "<form method=\"post\" class=\"danger\" action=\"/instruments/%lld/delete\">",
		      (long long)rec->id);
		html_csrf(r);
		html(r, "<p>");
		html_txt(r, L(r, "删除只用于录入错误；仪器不再使用时请把状态改为“已报废”。",
			      "Delete only a record entered by mistake; for an instrument taken out"
			      " of use set its status to Retired."));
		html(r, "</p><button type=\"submit\">");
		html_txt(r, L(r, "删除此记录", "Delete this record"));
		html(r, "</button></form>");
	}
	page_end(r);
}

int web_instrument_new(struct req *r)
{
	struct instrument blank;
	memset(&blank, 0, sizeof blank);
	blank.fee_internal = blank.fee_external = -1;
	if (!instrument_may_edit(&r->ctx, r->ctx.user->org_id) &&
	    strcmp(r->ctx.user->role, "sysadmin") != 0)
		return reply_error(r, 403, "forbidden", NULL,
				   "only organisation administrators add instruments");
	instrument_form(r, &blank, NULL);
	return 0;
}

/* Converts the posted form into the domain's JSON input. */
static json_t *posted(struct req *r, struct derr *e)
{
	const char **keys = arena_alloc(r->a, (r->nform + 1) * sizeof *keys);
	const char **vals = arena_alloc(r->a, (r->nform + 1) * sizeof *vals);
	if (!keys || !vals) {
		derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < r->nform; i++) {
		keys[i] = r->form[i].key;
		vals[i] = r->form[i].val;
	}
	return fields_from_pairs(instrument_fields, keys, vals, r->nform, e);
}

static int form_failed(struct req *r, const struct instrument *rec, const struct derr *e)
{
	if (e->kind != DERR_INVALID)
		return reply_derr(r, e);
	r->status = 400;
	r->no_cache = 1;
	instrument_form(r, rec, e);
	return -1;
}

int web_instrument_create(struct req *r)
{
	struct derr e = { 0 };
	struct instrument blank;
	json_t *in = posted(r, &e);
	int64_t id;
	char *loc;

	memset(&blank, 0, sizeof blank);
	if (!in || instrument_create(&r->ctx, in, &id, &e) < 0) {
		json_decref(in);
		return form_failed(r, &blank, &e);
	}
	json_decref(in);
	loc = arena_printf(r->a, "/instruments/%lld", (long long)id);
	return reply_redirect(r, loc);
}

int web_instrument_edit(struct req *r)
{
	struct instrument in;
	struct derr e = { 0 };
	if (instrument_get(&r->ctx, r->id, &in, &e) < 0)
		return reply_derr(r, &e);
	if (!instrument_may_edit(&r->ctx, in.org_id))
		return reply_error(r, 403, "forbidden", NULL,
				   "only this organisation's administrators may edit it");
	instrument_form(r, &in, NULL);
	return 0;
}

int web_instrument_save(struct req *r)
{
	struct instrument old;
	struct derr e = { 0 };
	json_t *in;

	if (instrument_get(&r->ctx, r->id, &old, &e) < 0)
		return reply_derr(r, &e);
	if (!(in = posted(r, &e)) || instrument_update(&r->ctx, r->id, in, FIELDS_PATCH, &e) < 0) {
		json_decref(in);
		return form_failed(r, &old, &e);
	}
	json_decref(in);
	return reply_redirect(r, arena_printf(r->a, "/instruments/%lld", (long long)r->id));
}

int web_instrument_delete(struct req *r)
{
	struct derr e = { 0 };
	if (instrument_delete(&r->ctx, r->id, &e) < 0)
		return reply_derr(r, &e);
	return reply_redirect(r, "/instruments");
}

void web_instrument_cards(struct req *r, const struct instrument *items, size_t n)
{
	html(r, "<ol class=\"results\">");
	for (size_t i = 0; i < n; i++)
		instrument_card(r, &items[i], NULL, 0);
	html(r, "</ol>");
}
