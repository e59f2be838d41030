/*
 * guide_items.c — a round's guide items on the web: the form to submit or
 * change one, one item's page with its overlaps, withdrawing it, and the
 * import of a pasted sheet (CSV or columns copied from Excel; XLSX files
 * go through the API).
 */
#include <stdio.h>
#include <string.h>
#include "domain/catalog.h"
#include "domain/industry.h"
#include "domain/overlap.h"
#include "domain/round.h"
#include "http/html.h"
#include "store/store.h"
#include "web/web.h"
#include "core/banned.h"

/* ---- the form ----------------------------------------------------------- */

/* What to show in a field: the posted value after an error, else the
 * item's. */
static const char *value_of(struct req *r, const char *name, const char *rec)
{
	return r->nform ? form_str(r, name) : rec;
}

static void field_error(struct req *r, const struct derr *e, const char *name)
{
	const struct field *f;
	if (!e || !e->kind || strcmp(e->field, name) != 0)
		return;
	f = fields_find(item_fields, name);
	html(r, "<p class=\"err\">");
	html_txt(r, web_overlap_error(r, e, f ? field_label(f, r->lang) : NULL));
	html(r, "</p>");
}

static void text_field(struct req *r, const char *name, const char *label, const char *value,
		       int max, int area, int required, const struct derr *e)
{
	html(r, e && e->kind && strcmp(e->field, name) == 0 ? "<div class=\"field invalid\">"
							     : "<div class=\"field\">");
	htmlf(r, "<label for=\"f-%s\">", name);
	html_txt(r, label);
	if (required)
		html(r, " <abbr title=\"required\">*</abbr>");
	html(r, "</label>");
	if (area) {
		htmlf(r, "<textarea id=\"f-%s\" name=\"%s\" rows=\"%d\" maxlength=\"%d\">", name, name,
		      max > 6000 ? 10 : 4, max);
		html_txt(r, value ? value : "");
		html(r, "</textarea>");
	} else {
		htmlf(r, "<input id=\"f-%s\" name=\"%s\" type=\"text\" maxlength=\"%d\"%s value=\"", name,
		      name, max, required ? " required=\"required\"" : "");
		html_attr(r, value ? value : "");
		html(r, "\">");
	}
	field_error(r, e, name);
	html(r, "</div>");
}

static void item_form(struct req *r, const struct overlap_round *g, const struct guide_item *it,
		      const struct derr *e)
{
	int editing = it && it->id > 0;
	const char *title = editing ? L(r, "修改指南条目", "Change the item")
				    : L(r, "提交指南条目", "Submit an item");
	const char *v;

	page_begin(r, title);
	htmlf(r, "<nav class=\"crumbs\"><a href=\"/rounds/%lld\">", (long long)g->id);
	html_txt(r, g->title);
	html(r, "</a></nav><h1>");
	html_txt(r, title);
	html(r, "</h1>");
	if (e && e->kind) {
		const struct field *bad = fields_find(item_fields, e->field);
		html(r, "<p class=\"err\" role=\"alert\" id=\"form-error\">");
		html_txt(r, web_overlap_error(r, e, bad ? field_label(bad, r->lang) : NULL));
		html(r, "</p>");
	}
	if (editing)
		htmlf(r, "<form method=\"post\" class=\"record\" action=\"/guide-items/%lld\">",
		      (long long)it->id);
	else
		htmlf(r, "<form method=\"post\" class=\"record\" action=\"/rounds/%lld/items\">",
		      (long long)g->id);
	html_csrf(r);
	if (!editing && round_may_run(&r->ctx)) {
		struct region *rs;
		size_t nr;
		html(r, "<div class=\"field\"><label for=\"f-region\">");
		html_txt(r, L(r, "区域", "Region"));
		html(r, "</label><select id=\"f-region\" name=\"region\">");
		v = form_str(r, "region");
		if (store_region_list(r->ctx.db, r->a, 0, &rs, &nr) == 0)
			for (size_t i = 0; i < nr; i++)
				html_option(r, rs[i].code, L(r, rs[i].name_zh, rs[i].name_en), v);
		html(r, "</select>");
		field_error(r, e, "region");
		html(r, "</div>");
	}
	html(r, "<div class=\"field\"><label for=\"f-field\">");
	html_txt(r, L(r, "领域", "Field"));
	html(r, "</label><select id=\"f-field\" name=\"field\">");
	v = value_of(r, "field", it ? it->field : NULL);
	for (const char *p = g->fields; p && *p; ) {
		const char *q = strchr(p, ',');
		char *key = arena_strndup(r->a, p, q ? (size_t)(q - p) : strlen(p));
		if (key)
			html_option(r, key, vocab_label(vocab_industry, key, r->lang), v);
		p = q ? q + 1 : NULL;
	}
	html(r, "</select>");
	field_error(r, e, "field");
	html(r, "</div>");
	text_field(r, "title", L(r, "标题", "Title"), value_of(r, "title", it ? it->title : NULL),
		   OVERLAP_TITLE_MAX, 0, 1, e);
	text_field(r, "content", L(r, "研究内容", "Research content"),
		   value_of(r, "content", it ? it->content : NULL), OVERLAP_CONTENT_MAX, 1, 1, e);
	text_field(r, "indicators", L(r, "考核指标", "Target indicators"),
		   value_of(r, "indicators", it ? it->indicators : NULL), OVERLAP_INDICATORS_MAX, 1, 0, e);
	html(r, "<div class=\"field\"><label for=\"f-budget_wan\">");
	html_txt(r, L(r, "预算（万元）", "Budget (10,000 CNY)"));
	htmlf(r, "</label><input id=\"f-budget_wan\" name=\"budget_wan\" type=\"number\" min=\"0\""
		 " max=\"%d\" step=\"1\" value=\"", ROUND_BUDGET_MAX);
	if (r->nform)
		html_attr(r, (v = form_str(r, "budget_wan")) ? v : "");
	else if (it && it->budget_wan >= 0)
		htmlf(r, "%lld", (long long)it->budget_wan);
	html(r, "\">");
	field_error(r, e, "budget_wan");
	html(r, "</div><p><button type=\"submit\">");
	html_txt(r, editing ? L(r, "保存", "Save") : L(r, "提交", "Submit"));
	html(r, "</button></p></form>");
	page_end(r);
}

/* The posted form as the domain's JSON: the item's fields, empty ones
 * left out. */
static json_t *posted(struct req *r, struct derr *e)
{
	const char **keys = arena_alloc(r->a, (r->nform + 1) * sizeof *keys);
	const char **vals = arena_alloc(r->a, (r->nform + 1) * sizeof *vals);
	size_t n = 0;
	if (!keys || !vals) {
		derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < r->nform; i++) {
		if (!r->form[i].val[0] && strcmp(r->form[i].key, "title") != 0 &&
		    strcmp(r->form[i].key, "content") != 0)
			continue;
		keys[n] = r->form[i].key;
		vals[n++] = r->form[i].val;
	}
	return fields_from_pairs(item_fields, keys, vals, n, e);
}

int web_item_new(struct req *r)
{
	struct overlap_round g;
	struct derr e = { 0 };
	if (round_get(&r->ctx, r->id, &g, &e) < 0)
		return reply_derr(r, &e);
	if (strcmp(g.state, "open") != 0)
		return reply_error(r, 409, "closed", NULL, "this round is closed");
	if (!round_may_take_part(&r->ctx))
		return reply_error(r, 403, "forbidden", NULL, "region coordinators submit items");
	item_form(r, &g, NULL, NULL);
	return 0;
}

int web_item_create(struct req *r)
{
	struct overlap_round g;
	struct derr e = { 0 };
	json_t *in;
	int64_t id;

	if (round_get(&r->ctx, r->id, &g, &e) < 0)
		return reply_derr(r, &e);
	if (!(in = posted(r, &e)) || item_create(&r->ctx, r->id, in, &id, &e) < 0) {
		json_decref(in);
		if (e.kind != DERR_INVALID)
			return reply_derr(r, &e);
		r->status = 400;
		r->no_cache = 1;
		item_form(r, &g, NULL, &e);
		return -1;
	}
	json_decref(in);
	return reply_redirect(r, arena_printf(r->a, "/guide-items/%lld", (long long)id));
}

int web_item_edit(struct req *r)
{
	struct overlap_round g;
	struct guide_item it;
	struct derr e = { 0 };
	if (item_get(&r->ctx, r->id, &it, &e) < 0 || round_get(&r->ctx, it.round_id, &g, &e) < 0)
		return reply_derr(r, &e);
	if (!round_may_edit_region(&r->ctx, it.region_code))
		return reply_error(r, 403, "forbidden", NULL, "only this region's coordinator may change it");
	item_form(r, &g, &it, NULL);
	return 0;
}

int web_item_save(struct req *r)
{
	struct overlap_round g;
	struct guide_item it;
	struct derr e = { 0 };
	json_t *in;
	if (item_get(&r->ctx, r->id, &it, &e) < 0 || round_get(&r->ctx, it.round_id, &g, &e) < 0)
		return reply_derr(r, &e);
	if (!(in = posted(r, &e)) || item_update(&r->ctx, r->id, in, &e) < 0) {
		json_decref(in);
		if (e.kind != DERR_INVALID)
			return reply_derr(r, &e);
		r->status = 400;
		r->no_cache = 1;
		item_form(r, &g, &it, &e);
		return -1;
	}
	json_decref(in);
	return reply_redirect(r, arena_printf(r->a, "/guide-items/%lld", (long long)r->id));
}

int web_item_withdraw(struct req *r)
{
	struct derr e = { 0 };
	if (item_withdraw(&r->ctx, r->id, &e) < 0)
		return reply_derr(r, &e);
	return reply_redirect(r, arena_printf(r->a, "/guide-items/%lld", (long long)r->id));
}

/* ---- one item ----------------------------------------------------------- */

int web_guide_item(struct req *r)
{
	struct guide_item it;
	struct overlap_pair *pairs = NULL;
	struct derr e = { 0 };
	size_t np = 0;

	if (item_get(&r->ctx, r->id, &it, &e) < 0)
		return reply_derr(r, &e);
	if (it.doc_id && round_may_take_part(&r->ctx) &&
	    store_pair_list(r->ctx.db, r->a, it.round_id, NULL, NULL, it.doc_id, &pairs, &np) < 0)
		return reply_error(r, 500, "internal", NULL, "cannot read the item's overlaps");
	page_begin(r, it.title);
	htmlf(r, "<nav class=\"crumbs\"><a href=\"/rounds\">%s</a> › <a href=\"/rounds/%lld\">%lld</a></nav>",
	      L(r, "立项会商", "Consultation"), (long long)it.round_id, (long long)it.round_year);
	html(r, "<article class=\"item\"><h1>");
	html_txt(r, it.title);
	html(r, "</h1><p><span class=\"badge\">");
	html_txt(r, vocab_label(vocab_item_state, it.state, r->lang));
	html(r, "</span> ");
	html_txt(r, L(r, it.region_zh, it.region_en));
	html(r, " · ");
	html_txt(r, vocab_label(vocab_industry, it.field, r->lang));
	if (it.budget_wan >= 0) {
		html(r, " · ");
		html_count(r, it.budget_wan);
		html_txt(r, L(r, " 万元", " × 10,000 CNY"));
	}
	if (it.merged_into > 0) {
		htmlf(r, " · <a href=\"/guide-items/%lld\">", (long long)it.merged_into);
		html_txt(r, L(r, "已并入另一条目", "merged into another item"));
		html(r, "</a>");
	}
	html(r, "</p><h2>");
	html_txt(r, L(r, "研究内容", "Research content"));
	html(r, "</h2><p class=\"pre\">");
	html_txt(r, it.content);
	html(r, "</p>");
	if (it.indicators) {
		html(r, "<h2>");
		html_txt(r, L(r, "考核指标", "Target indicators"));
		html(r, "</h2><p class=\"pre\">");
		html_txt(r, it.indicators);
		html(r, "</p>");
	}
	if (round_may_take_part(&r->ctx)) {
		html(r, "<h2>");
		html_txt(r, L(r, "重叠", "Overlaps"));
		html(r, "</h2>");
		if (!np) {
			html(r, "<p class=\"empty\" id=\"no-overlaps\">");
			html_txt(r, L(r, "没有发现重叠。", "No overlaps found."));
			html(r, "</p>");
		} else {
			html(r, "<ul class=\"overlaps\" id=\"item-overlaps\">");
			for (size_t i = 0; i < np; i++) {
				const struct overlap_doc *o = pairs[i].a_doc == it.doc_id ? &pairs[i].b
											  : &pairs[i].a;
				htmlf(r, "<li><a href=\"/overlaps/%lld\">", (long long)pairs[i].id);
				web_overlap_percent(r, pairs[i].score);
				html(r, "</a> ");
				web_overlap_level(r, pairs[i].level);
				html(r, " ");
				web_overlap_doc(r, o);
				html(r, "</li>");
			}
			html(r, "</ul>");
		}
	}
	if (strcmp(it.state, "draft") == 0 && strcmp(it.round_state, "open") == 0 &&
	    round_may_edit_region(&r->ctx, it.region_code)) {
		htmlf(r, "<p class=\"actions\"><a class=\"button\" href=\"/guide-items/%lld/edit\">",
		      (long long)it.id);
		html_txt(r, L(r, "修改", "Change"));
		htmlf(r, "</a></p><form method=\"post\" class=\"danger\" action=\"/guide-items/%lld/withdraw\">",
		      (long long)it.id);
		html_csrf(r);
		html(r, "<button type=\"submit\">");
		html_txt(r, L(r, "撤回此条目", "Withdraw this item"));
		html(r, "</button></form>");
	}
	html(r, "</article>");
	page_end(r);
	return 0;
}

/* ---- import ------------------------------------------------------------- */

static void import_page(struct req *r, const struct overlap_round *g,
			const struct round_import_result *res, const struct derr *e)
{
	const char *v = form_str(r, "sheet");
	page_begin(r, L(r, "批量导入指南条目", "Import guide items"));
	htmlf(r, "<nav class=\"crumbs\"><a href=\"/rounds/%lld\">", (long long)g->id);
	html_txt(r, g->title);
	html(r, "</a></nav><h1>");
	html_txt(r, L(r, "批量导入指南条目", "Import guide items"));
	html(r, "</h1><p>");
	html_txt(r, L(r, "粘贴 CSV，或从 Excel 复制的各列（含表头）：标题、领域、研究内容、考核指标、预算（万元）。"
		      "任何一行有误时，列出所有错误行，不导入任何条目。XLSX 文件请通过 API 上传。",
		      "Paste CSV, or columns copied from Excel with their header: title, field, content,"
		      " indicators, budget_wan. If any row is wrong, every wrong row is listed and nothing"
		      " is imported. XLSX files go through the API."));
	html(r, "</p>");
	if (e && e->kind) {
		html(r, "<p class=\"err\" role=\"alert\" id=\"form-error\">");
		html_txt(r, e->message);
		html(r, "</p>");
	}
	if (res && res->nerrors) {
		html(r, "<table id=\"import-errors\"><thead><tr><th scope=\"col\">");
		html_txt(r, L(r, "行", "Line"));
		html(r, "</th><th scope=\"col\">");
		html_txt(r, L(r, "列", "Column"));
		html(r, "</th><th scope=\"col\">");
		html_txt(r, L(r, "问题", "Problem"));
		html(r, "</th></tr></thead><tbody>");
		for (size_t i = 0; i < res->nerrors; i++) {
			htmlf(r, "<tr><td>%zu</td><td>", res->errors[i].line);
			html_txt(r, res->errors[i].field);
			html(r, "</td><td>");
			html_txt(r, res->errors[i].message);
			html(r, "</td></tr>");
		}
		html(r, "</tbody></table>");
	}
	htmlf(r, "<form method=\"post\" action=\"/rounds/%lld/import\" class=\"record\">", (long long)g->id);
	html_csrf(r);
	html(r, "<div class=\"field\"><label for=\"f-sheet\">");
	html_txt(r, L(r, "表格内容", "The sheet"));
	html(r, "</label><textarea id=\"f-sheet\" name=\"sheet\" rows=\"12\">");
	html_txt(r, v ? v : "");
	html(r, "</textarea></div><p><button type=\"submit\">");
	html_txt(r, L(r, "导入", "Import"));
	html(r, "</button></p></form>");
	page_end(r);
}

int web_round_import(struct req *r)
{
	struct overlap_round g;
	struct derr e = { 0 };
	if (round_get(&r->ctx, r->id, &g, &e) < 0)
		return reply_derr(r, &e);
	if (!round_may_take_part(&r->ctx))
		return reply_error(r, 403, "forbidden", NULL, "region coordinators import items");
	import_page(r, &g, NULL, NULL);
	return 0;
}

int web_round_import_post(struct req *r)
{
	struct overlap_round g;
	struct round_import_result res;
	struct derr e = { 0 };
	const char *sheet = form_str(r, "sheet");

	if (round_get(&r->ctx, r->id, &g, &e) < 0)
		return reply_derr(r, &e);
	if (round_import(&r->ctx, r->id, NULL, sheet, sheet ? strlen(sheet) : 0, 0, &res, &e) < 0) {
		if (e.kind != DERR_INVALID)
			return reply_derr(r, &e);
		r->status = 400;
		r->no_cache = 1;
		import_page(r, &g, &res, &e);
		return -1;
	}
	return reply_redirect(r, arena_printf(r->a, "/rounds/%lld", (long long)r->id));
}
