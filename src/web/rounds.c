/*
 * rounds.c — the consultation rounds' pages: the list, opening a round,
 * one round (its items by region, the overlap report, the clusters for
 * joint funding, the office's settings and closing), and the published
 * consolidated list with its XLSX workbook.
 */
#include <stdio.h>
#include <string.h>
#include "core/util.h"
#include "domain/catalog.h"
#include "domain/industry.h"
#include "domain/overlap.h"
#include "domain/round.h"
#include "http/html.h"
#include "store/store.h"
#include "web/web.h"
#include "core/banned.h"

static void state_badge(struct req *r, const char *state)
{
	html(r, "<span class=\"badge rs-");
	html_attr(r, state);
	html(r, "\">");
	html_txt(r, vocab_label(vocab_round_state, state, r->lang));
	html(r, "</span>");
}

/* "集成电路、人工智能" of a comma-separated list of keys. */
static void field_names(struct req *r, const char *list)
{
	const char *p = list;
	int first = 1;
	while (p && *p) {
		const char *q = strchr(p, ',');
		size_t n = q ? (size_t)(q - p) : strlen(p);
		char *key = arena_strndup(r->a, p, n);
		if (!first)
			html_txt(r, L(r, "、", ", "));
		html_txt(r, key ? vocab_label(vocab_industry, key, r->lang) : "");
		first = 0;
		p = q ? q + 1 : NULL;
	}
}

/* ---- the list ----------------------------------------------------------- */

int web_rounds(struct req *r)
{
	struct overlap_round *rs;
	struct derr e = { 0 };
	size_t n;

	if (round_list(&r->ctx, &rs, &n, &e) < 0)
		return reply_derr(r, &e);
	page_begin(r, L(r, "立项前会商", "Pre-approval consultation"));
	html(r, "<h1>");
	html_txt(r, L(r, "立项前会商", "Pre-approval consultation"));
	html(r, "</h1><p class=\"lead\">");
	html_txt(r, L(r, "各区域在共同产业领域交换项目指南和揭榜榜单草案，立项前查看所有重复与重叠，"
		      "对每一处重叠作出合并、联合资助、均保留或撤回的决定，形成合并清单。",
		      "Regions exchange draft project guides and challenge lists in shared industrial"
		      " fields, see every duplicate and overlap before funding, decide on each — merge,"
		      " co-fund, keep both or withdraw — and publish one consolidated list."));
	html(r, "</p>");
	if (round_may_run(&r->ctx)) {
		html(r, "<p><a class=\"button\" href=\"/rounds/new\">");
		html_txt(r, L(r, "开启新一轮会商", "Open a round"));
		html(r, "</a> <a href=\"/check\">");
		html_txt(r, L(r, "文本查重", "Check a text"));
		html(r, "</a></p>");
	} else if (r->logged_in) {
		html(r, "<p><a href=\"/check\">");
		html_txt(r, L(r, "文本查重", "Check a text"));
		html(r, "</a></p>");
	}
	if (!n) {
		html(r, "<p class=\"empty\">");
		html_txt(r, L(r, "还没有会商。", "No rounds yet."));
		html(r, "</p>");
	} else {
		html(r, "<table id=\"rounds\"><thead><tr><th scope=\"col\">");
		html_txt(r, L(r, "会商", "Round"));
		html(r, "</th><th scope=\"col\">");
		html_txt(r, L(r, "领域", "Fields"));
		html(r, "</th><th scope=\"col\">");
		html_txt(r, L(r, "条目", "Items"));
		html(r, "</th><th scope=\"col\">");
		html_txt(r, L(r, "重复 / 疑似", "Duplicate / suspected"));
		html(r, "</th><th scope=\"col\">");
		html_txt(r, L(r, "状态", "State"));
		html(r, "</th></tr></thead><tbody>");
		for (size_t i = 0; i < n; i++) {
			htmlf(r, "<tr><td><a href=\"/rounds/%lld%s\">%lld ", (long long)rs[i].id,
			      round_may_take_part(&r->ctx) ? "" : "/list", (long long)rs[i].year);
			html_txt(r, rs[i].title);
			html(r, "</a></td><td>");
			field_names(r, rs[i].fields);
			htmlf(r, "</td><td>%lld</td><td>%lld / %lld</td><td>", (long long)rs[i].live_items,
			      (long long)rs[i].duplicates, (long long)rs[i].suspected);
			state_badge(r, rs[i].state);
			html(r, "</td></tr>");
		}
		html(r, "</tbody></table>");
	}
	page_end(r);
	return 0;
}

/* ---- opening a round ---------------------------------------------------- */

static void round_form(struct req *r, const struct derr *e)
{
	const char *v;
	page_begin(r, L(r, "开启新一轮会商", "Open a round"));
	html(r, "<h1>");
	html_txt(r, L(r, "开启新一轮会商", "Open a round"));
	html(r, "</h1>");
	if (e && e->kind) {
		html(r, "<p class=\"err\" role=\"alert\" id=\"form-error\">");
		html_txt(r, e->message);
		html(r, "</p>");
	}
	html(r, "<form method=\"post\" action=\"/rounds\" class=\"record\">");
	html_csrf(r);
	html(r, "<div class=\"field\"><label for=\"f-year\">");
	html_txt(r, L(r, "年度", "Year"));
	html(r, "</label><input id=\"f-year\" name=\"year\" type=\"number\" min=\"2000\" max=\"2100\""
		" required=\"required\" value=\"");
	html_attr(r, (v = form_str(r, "year")) ? v : "");
	html(r, "\"></div><div class=\"field\"><label for=\"f-title\">");
	html_txt(r, L(r, "名称", "Title"));
	html(r, "</label><input id=\"f-title\" name=\"title\" type=\"text\" maxlength=\"200\""
		" required=\"required\" value=\"");
	html_attr(r, (v = form_str(r, "title")) ? v : "");
	html(r, "\"></div><fieldset><legend>");
	html_txt(r, L(r, "产业领域", "Industrial fields"));
	html(r, "</legend>");
	for (const struct term *t = vocab_industry; t->key; t++) {
		int on = 0;
		for (size_t i = 0; i < r->nform; i++)
			on |= strcmp(r->form[i].key, "fields") == 0 && strcmp(r->form[i].val, t->key) == 0;
		html(r, "<label class=\"choice\"><input type=\"checkbox\" name=\"fields\" value=\"");
		html_attr(r, t->key);
		html(r, on ? "\" checked> " : "\"> ");
		html_txt(r, L(r, t->zh, t->en));
		html(r, "</label>");
	}
	html(r, "</fieldset>");
	{
		static const char *const names[3] = { "suspect", "duplicate", "related" };
		const char *labels[3] = {
			L(r, "疑似重复阈值（默认 0.5）", "Suspected from (default 0.5)"),
			L(r, "重复阈值（默认 0.8）", "Duplicate from (default 0.8)"),
			L(r, "主题相近阈值（默认 0.35）", "Related from (default 0.35)"),
		};
		for (int k = 0; k < 3; k++) {
			htmlf(r, "<div class=\"field\"><label for=\"f-%s\">", names[k]);
			html_txt(r, labels[k]);
			htmlf(r, "</label><input id=\"f-%s\" name=\"%s\" type=\"number\" step=\"0.01\""
				 " min=\"0.01\" max=\"1\" value=\"", names[k], names[k]);
			html_attr(r, (v = form_str(r, names[k])) ? v : "");
			html(r, "\"></div>");
		}
	}
	html(r, "<p><button type=\"submit\">");
	html_txt(r, L(r, "开启", "Open"));
	html(r, "</button></p></form>");
	page_end(r);
}

int web_round_new(struct req *r)
{
	if (!round_may_run(&r->ctx))
		return reply_error(r, 403, "forbidden", NULL,
				   "the community office opens consultation rounds");
	round_form(r, NULL);
	return 0;
}

/* Adds a number posted in the form to obj (an empty field is left out);
 * -1 after filling e if it is not a number. */
static int posted_number(struct req *r, json_t *obj, const char *name, int integer,
			 struct derr *e)
{
	const char *v = form_str(r, name);
	double d;
	if (!v || !*v)
		return 0;
	if (parse_double(v, -1e12, 1e12, &d) < 0 || (integer && d != (double)(int64_t)d))
		return derr_set(e, DERR_INVALID, "wrong_type", name, "%s must be a number", name);
	json_object_set_new(obj, name, integer ? json_integer((json_int_t)d) : json_real(d));
	return 0;
}

int web_round_create(struct req *r)
{
	struct derr e = { 0 };
	json_t *in = json_object(), *fields = json_array();
	const char *title = form_str(r, "title");
	int64_t id;

	for (size_t i = 0; i < r->nform; i++)
		if (strcmp(r->form[i].key, "fields") == 0)
			json_array_append_new(fields, json_string(r->form[i].val));
	json_object_set_new(in, "fields", fields);
	if (title)
		json_object_set_new(in, "title", json_string(title));
	if (posted_number(r, in, "year", 1, &e) < 0 || posted_number(r, in, "suspect", 0, &e) < 0 ||
	    posted_number(r, in, "duplicate", 0, &e) < 0 || posted_number(r, in, "related", 0, &e) < 0 ||
	    round_create(&r->ctx, in, &id, &e) < 0) {
		json_decref(in);
		if (e.kind != DERR_INVALID)
			return reply_derr(r, &e);
		r->status = 400;
		r->no_cache = 1;
		round_form(r, &e);
		return -1;
	}
	json_decref(in);
	return reply_redirect(r, arena_printf(r->a, "/rounds/%lld", (long long)id));
}

/* ---- one round ---------------------------------------------------------- */

static void pairs_table(struct req *r, const char *id, const struct overlap_pair *p, size_t n,
			const char *scope)
{
	size_t shown = 0;
	for (size_t i = 0; i < n; i++)
		shown += strcmp(p[i].scope, scope) == 0;
	if (!shown) {
		html(r, "<p class=\"empty\">");
		html_txt(r, L(r, "没有发现。", "None found."));
		html(r, "</p>");
		return;
	}
	html(r, "<table class=\"overlaps\" id=\"");
	html_attr(r, id);
	html(r, "\"><thead><tr><th scope=\"col\">");
	html_txt(r, L(r, "相似度", "Score"));
	html(r, "</th><th scope=\"col\">");
	html_txt(r, L(r, "条目", "Item"));
	html(r, "</th><th scope=\"col\">");
	html_txt(r, strcmp(scope, "round") == 0 ? L(r, "重叠的条目", "Overlaps with")
					       : L(r, "重叠的已有项目", "Overlaps with"));
	html(r, "</th><th scope=\"col\">");
	html_txt(r, L(r, "分项", "By part"));
	html(r, "</th><th scope=\"col\">");
	html_txt(r, L(r, "决定", "Decision"));
	html(r, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		const struct overlap_pair *q = &p[i];
		if (strcmp(q->scope, scope) != 0)
			continue;
		htmlf(r, "<tr data-pair=\"%lld\"><td><a href=\"/overlaps/%lld\">", (long long)q->id,
		      (long long)q->id);
		web_overlap_percent(r, q->score);
		html(r, "</a> ");
		web_overlap_level(r, q->level);
		html(r, "</td><td>");
		web_overlap_doc(r, &q->a);
		html(r, "</td><td>");
		web_overlap_doc(r, &q->b);
		html(r, "</td><td class=\"meta\">");
		web_overlap_parts(r, q->part);
		html(r, "</td><td>");
		if (q->decision)
			html_txt(r, vocab_label(vocab_decision, q->decision, r->lang));
		else if (strcmp(q->a.status, "retired") == 0 || strcmp(q->b.status, "retired") == 0)
			html_txt(r, L(r, "已解决（条目已撤回或合并）", "Resolved (an item left)"));
		else {
			htmlf(r, "<a class=\"todo\" href=\"/overlaps/%lld\">", (long long)q->id);
			html_txt(r, L(r, "待决定", "To decide"));
			html(r, "</a>");
		}
		html(r, "</td></tr>");
	}
	html(r, "</tbody></table>");
}

static void clusters_list(struct req *r, const struct round_report *rep,
			  const struct guide_item *items, size_t n)
{
	if (!rep->nclusters) {
		html(r, "<p class=\"empty\">");
		html_txt(r, L(r, "没有跨区域的主题相近条目。", "No related items across regions."));
		html(r, "</p>");
		return;
	}
	html(r, "<ul class=\"clusters\" id=\"clusters\">");
	for (size_t c = 0; c < rep->nclusters; c++) {
		const struct round_cluster *cl = &rep->clusters[c];
		html(r, "<li><strong>");
		html_txt(r, vocab_label(vocab_industry, cl->field, r->lang));
		html(r, "</strong> · ");
		if (req_en(r))
			htmlf(r, "%d regions", cl->regions);
		else
			htmlf(r, "%d 个区域", cl->regions);
		html(r, "<ul>");
		for (size_t k = 0; k < cl->n; k++)
			for (size_t i = 0; i < n; i++)
				if (items[i].id == cl->items[k]) {
					htmlf(r, "<li><a href=\"/guide-items/%lld\">", (long long)items[i].id);
					html_txt(r, items[i].title);
					html(r, "</a> <small class=\"meta\">");
					html_txt(r, L(r, items[i].region_zh, items[i].region_en));
					html(r, "</small></li>");
				}
		html(r, "</ul></li>");
	}
	html(r, "</ul>");
}

static void items_table(struct req *r, const struct guide_item *items, size_t n)
{
	if (!n) {
		html(r, "<p class=\"empty\">");
		html_txt(r, L(r, "还没有条目。", "No items yet."));
		html(r, "</p>");
		return;
	}
	html(r, "<table id=\"items\"><thead><tr><th scope=\"col\">");
	html_txt(r, L(r, "区域", "Region"));
	html(r, "</th><th scope=\"col\">");
	html_txt(r, L(r, "领域", "Field"));
	html(r, "</th><th scope=\"col\">");
	html_txt(r, L(r, "标题", "Title"));
	html(r, "</th><th scope=\"col\">");
	html_txt(r, L(r, "预算（万元）", "Budget (10k CNY)"));
	html(r, "</th><th scope=\"col\">");
	html_txt(r, L(r, "状态", "State"));
	html(r, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		html(r, "<tr><td>");
		html_txt(r, L(r, items[i].region_zh, items[i].region_en));
		html(r, "</td><td>");
		html_txt(r, vocab_label(vocab_industry, items[i].field, r->lang));
		htmlf(r, "</td><td><a href=\"/guide-items/%lld\">", (long long)items[i].id);
		html_txt(r, items[i].title);
		html(r, "</a></td><td>");
		if (items[i].budget_wan >= 0)
			html_count(r, items[i].budget_wan);
		html(r, "</td><td>");
		html_txt(r, vocab_label(vocab_item_state, items[i].state, r->lang));
		html(r, "</td></tr>");
	}
	html(r, "</tbody></table>");
}

static void office_forms(struct req *r, const struct overlap_round *g)
{
	static const char *const names[3] = { "suspect", "duplicate", "related" };
	const double vals[3] = { g->suspect, g->duplicate, g->related };
	const char *labels[3] = { L(r, "疑似重复阈值", "Suspected from"),
				  L(r, "重复阈值", "Duplicate from"),
				  L(r, "主题相近阈值", "Related from") };
	html(r, "<h2>");
	html_txt(r, L(r, "会商设置", "Settings"));
	htmlf(r, "</h2><form method=\"post\" action=\"/rounds/%lld/settings\" class=\"record\" id=\"settings\">",
	      (long long)g->id);
	html_csrf(r);
	for (int k = 0; k < 3; k++) {
		htmlf(r, "<div class=\"field\"><label for=\"s-%s\">", names[k]);
		html_txt(r, labels[k]);
		htmlf(r, "</label><input id=\"s-%s\" name=\"%s\" type=\"number\" step=\"0.01\""
			 " min=\"0.01\" max=\"1\" value=\"%.2f\"></div>", names[k], names[k], vals[k]);
	}
	html(r, "<p><button type=\"submit\">");
	html_txt(r, L(r, "保存并重新计算", "Save and recompute"));
	htmlf(r, "</button></p></form><form method=\"post\" action=\"/rounds/%lld/close\" id=\"close\">",
	      (long long)g->id);
	html_csrf(r);
	html(r, "<p>");
	html_txt(r, L(r, "所有重复与疑似重复都有决定后，会商才能结束；结束后条目列入合并清单并公布。",
		      "A round closes once every duplicate and suspected overlap is decided; its"
		      " items then form the published consolidated list."));
	html(r, "</p><button type=\"submit\">");
	html_txt(r, L(r, "结束会商", "Close the round"));
	html(r, "</button></form>");
}

int web_round(struct req *r)
{
	struct overlap_round g;
	struct round_report rep;
	struct guide_item *items;
	struct derr e = { 0 };
	size_t n;
	int open;

	if (round_get(&r->ctx, r->id, &g, &e) < 0)
		return reply_derr(r, &e);
	if (!round_may_take_part(&r->ctx))
		return reply_redirect(r, arena_printf(r->a, "/rounds/%lld/list", (long long)r->id));
	if (round_report(&r->ctx, r->id, NULL, &rep, &e) < 0 ||
	    item_list(&r->ctx, r->id, NULL, &items, &n, &e) < 0)
		return reply_derr(r, &e);
	open = strcmp(g.state, "open") == 0;
	page_begin(r, g.title);
	html(r, "<nav class=\"crumbs\"><a href=\"/rounds\">");
	html_txt(r, L(r, "立项会商", "Consultation"));
	html(r, "</a></nav><h1>");
	htmlf(r, "%lld ", (long long)g.year);
	html_txt(r, g.title);
	html(r, "</h1><p>");
	state_badge(r, g.state);
	html(r, " ");
	field_names(r, g.fields);
	html(r, " · ");
	html_txt(r, L(r, "阈值：疑似 ", "thresholds: suspected "));
	web_overlap_percent(r, g.suspect);
	html_txt(r, L(r, "，重复 ", ", duplicate "));
	web_overlap_percent(r, g.duplicate);
	html(r, "</p><ul class=\"figs\" id=\"figures\">");
	htmlf(r, "<li><strong>%lld</strong> %s</li>", (long long)g.live_items,
	      L(r, "条有效条目", "live items"));
	htmlf(r, "<li><strong>%lld</strong> %s</li>", (long long)g.regions, L(r, "个区域", "regions"));
	htmlf(r, "<li><strong>%lld</strong> %s</li>", (long long)g.duplicates, L(r, "处重复", "duplicates"));
	htmlf(r, "<li><strong>%lld</strong> %s</li>", (long long)g.suspected,
	      L(r, "处疑似重复", "suspected"));
	htmlf(r, "<li><strong id=\"undecided\">%lld</strong> %s</li></ul>", (long long)g.undecided,
	      L(r, "处待决定", "to decide"));
	html(r, "<p class=\"actions\">");
	if (open) {
		htmlf(r, "<a class=\"button\" href=\"/rounds/%lld/items/new\">", (long long)g.id);
		html_txt(r, L(r, "提交指南条目", "Submit an item"));
		htmlf(r, "</a> <a class=\"button\" href=\"/rounds/%lld/import\">", (long long)g.id);
		html_txt(r, L(r, "批量导入", "Import a sheet"));
		html(r, "</a> ");
	}
	htmlf(r, "<a href=\"/rounds/%lld/list\">", (long long)g.id);
	html_txt(r, L(r, "合并清单", "Consolidated list"));
	html(r, "</a></p><h2>");
	html_txt(r, L(r, "跨区域重复与疑似重复", "Duplicates and suspected overlaps across regions"));
	html(r, "</h2>");
	pairs_table(r, "round-pairs", rep.pairs, rep.npairs, "round");
	html(r, "<h2>");
	html_txt(r, L(r, "与已立项项目、在榜榜单的重叠", "Overlaps with funded projects and open challenges"));
	html(r, "</h2>");
	pairs_table(r, "history-pairs", rep.pairs, rep.npairs, "history");
	html(r, "<h2>");
	html_txt(r, L(r, "联合资助候选（同一领域、多个区域、主题相近）",
		      "Candidates for joint funding (one field, several regions, related topics)"));
	html(r, "</h2>");
	clusters_list(r, &rep, items, n);
	html(r, "<h2>");
	html_txt(r, L(r, "各区域指南条目", "Items by region"));
	html(r, "</h2>");
	items_table(r, items, n);
	if (open && round_may_run(&r->ctx))
		office_forms(r, &g);
	page_end(r);
	return 0;
}

int web_round_settings(struct req *r)
{
	struct derr e = { 0 };
	json_t *in = json_object();
	if (posted_number(r, in, "suspect", 0, &e) < 0 || posted_number(r, in, "duplicate", 0, &e) < 0 ||
	    posted_number(r, in, "related", 0, &e) < 0 || round_update(&r->ctx, r->id, in, &e) < 0) {
		json_decref(in);
		return reply_derr(r, &e);
	}
	json_decref(in);
	return reply_redirect(r, arena_printf(r->a, "/rounds/%lld", (long long)r->id));
}

int web_round_close(struct req *r)
{
	struct derr e = { 0 };
	if (round_close(&r->ctx, r->id, &e) < 0)
		return reply_derr(r, &e);
	return reply_redirect(r, arena_printf(r->a, "/rounds/%lld/list", (long long)r->id));
}

/* ---- the consolidated list ---------------------------------------------- */

int web_round_list(struct req *r)
{
	struct overlap_round g;
	struct list_entry *le;
	struct derr e = { 0 };
	size_t n;

	if (round_get(&r->ctx, r->id, &g, &e) < 0 ||
	    round_list_entries(&r->ctx, r->id, &le, &n, &e) < 0)
		return reply_derr(r, &e);
	page_begin(r, L(r, "合并清单", "Consolidated list"));
	html(r, "<nav class=\"crumbs\"><a href=\"/rounds\">");
	html_txt(r, L(r, "立项会商", "Consultation"));
	html(r, "</a></nav><h1>");
	htmlf(r, "%lld ", (long long)g.year);
	html_txt(r, g.title);
	html(r, " — ");
	html_txt(r, L(r, "合并清单", "consolidated list"));
	html(r, "</h1><p>");
	state_badge(r, g.state);
	if (strcmp(g.state, "open") == 0) {
		html(r, " ");
		html_txt(r, L(r, "会商尚未结束，清单为草案。", "The round is open: this list is a draft."));
	}
	htmlf(r, " <a href=\"/rounds/%lld/list.xlsx\" id=\"xlsx\">", (long long)g.id);
	html_txt(r, L(r, "下载 XLSX", "Download XLSX"));
	html(r, "</a></p>");
	if (!n) {
		html(r, "<p class=\"empty\">");
		html_txt(r, L(r, "清单为空。", "The list is empty."));
		html(r, "</p>");
	} else {
		html(r, "<table id=\"list\"><thead><tr><th scope=\"col\">#</th><th scope=\"col\">");
		html_txt(r, L(r, "区域", "Region"));
		html(r, "</th><th scope=\"col\">");
		html_txt(r, L(r, "领域", "Field"));
		html(r, "</th><th scope=\"col\">");
		html_txt(r, L(r, "标题", "Title"));
		html(r, "</th><th scope=\"col\">");
		html_txt(r, L(r, "预算（万元）", "Budget (10k CNY)"));
		html(r, "</th><th scope=\"col\">");
		html_txt(r, L(r, "说明", "Notes"));
		html(r, "</th></tr></thead><tbody>");
		for (size_t i = 0; i < n; i++) {
			const struct guide_item *it = &le[i].item;
			htmlf(r, "<tr><td>%zu</td><td>", i + 1);
			html_txt(r, L(r, it->region_zh, it->region_en));
			html(r, "</td><td>");
			html_txt(r, vocab_label(vocab_industry, it->field, r->lang));
			html(r, "</td><td>");
			html_txt(r, it->title);
			html(r, "</td><td>");
			if (it->budget_wan >= 0)
				html_count(r, it->budget_wan);
			html(r, "</td><td>");
			if (le[i].nmerged) {
				html_txt(r, L(r, "合并了 ", "merged from "));
				for (size_t k = 0; k < le[i].nmerged; k++)
					htmlf(r, "%s#%lld", k ? ", " : "", (long long)le[i].merged[k]);
				html(r, " ");
			}
			if (le[i].cofund_titles) {
				html_txt(r, L(r, "与以下联合资助：", "co-funded with: "));
				html_txt(r, le[i].cofund_titles);
			}
			html(r, "</td></tr>");
		}
		html(r, "</tbody></table>");
	}
	page_end(r);
	return 0;
}

int web_round_list_xlsx(struct req *r)
{
	struct derr e = { 0 };
	struct buf x = BUF_INIT;
	if (round_list_xlsx(&r->ctx, r->id, &x, &e) < 0) {
		buf_release(&x);
		return reply_derr(r, &e);
	}
	if (buf_add(&r->out, x.s, x.len) < 0) {
		buf_release(&x);
		return reply_error(r, 500, "internal", NULL, "the workbook is too large");
	}
	buf_release(&x);
	r->ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	req_header(r, "Content-Disposition",
		   arena_printf(r->a, "attachment; filename=\"round-%lld-list.xlsx\"", (long long)r->id));
	return 0;
}
