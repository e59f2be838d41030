/*
 * overlaps.c — one overlap of a consultation round, side by side: both
 * texts with their shared passages marked, the scores by part, and the
 * decision form for the coordinators concerned.  Also the small writers
 * the round, item and check pages share (levels, documents, scores).
 */
#include <stdio.h>
#include <string.h>
#include "core/util.h"
#include "domain/catalog.h"
#include "domain/industry.h"
#include "domain/overlap.h"
#include "domain/round.h"
#include "http/html.h"
#include "web/web.h"
#include "core/banned.h"

/* ---- shared writers ----------------------------------------------------- */

void web_overlap_level(struct req *r, const char *level)
{
	html(r, "<span class=\"badge lv-");
	html_attr(r, level);
	html(r, "\">");
	html_txt(r, vocab_label(vocab_level, level, r->lang));
	html(r, "</span>");
}

void web_overlap_percent(struct req *r, double v)
{
	if (v < 0)
		html(r, "—");
	else
		htmlf(r, "%d%%", (int)(v * 100 + 0.5));
}

static const char *kind_label(struct req *r, const char *kind)
{
	if (strcmp(kind, "project") == 0)
		return L(r, "已立项项目", "Funded project");
	if (strcmp(kind, "challenge") == 0)
		return L(r, "榜单", "Challenge");
	return L(r, "指南条目", "Guide item");
}

void web_overlap_doc(struct req *r, const struct overlap_doc *d)
{
	if (strcmp(d->kind, "guide_item") == 0) {
		htmlf(r, "<a href=\"/guide-items/%lld\">", (long long)d->ref_id);
		html_txt(r, d->title);
		html(r, "</a>");
	} else {
		html_txt(r, d->title);
	}
	html(r, " <small class=\"meta\">");
	html_txt(r, kind_label(r, d->kind));
	if (d->region_zh) {
		html(r, " · ");
		html_txt(r, L(r, d->region_zh, d->region_en));
	}
	if (d->year > 0)
		htmlf(r, " · %lld", (long long)d->year);
	if (d->item_state && strcmp(d->item_state, "draft") != 0) {
		html(r, " · ");
		html_txt(r, vocab_label(vocab_item_state, d->item_state, r->lang));
	}
	html(r, "</small>");
}

/* The parts' scores: 标题 80% · 内容 62% · 指标 — */
void web_overlap_parts(struct req *r, const double *part)
{
	const char *names[3] = { L(r, "标题", "title"), L(r, "内容", "content"),
				 L(r, "指标", "indicators") };
	for (int k = 0; k < 3; k++) {
		if (k)
			html(r, " · ");
		html_txt(r, names[k]);
		html(r, " ");
		web_overlap_percent(r, part[k]);
	}
}

/* A part of a document with its passages marked, under a heading. */
static void marked_part(struct req *r, const char *label, const char *text,
			const struct hl_range *rg, size_t n)
{
	if (!text || !*text)
		return;
	html(r, "<h3>");
	html_txt(r, label);
	html(r, "</h3><p class=\"pre\">");
	html_marked(r, text, strlen(text), rg, n);
	html(r, "</p>");
}

void web_overlap_side(struct req *r, const char *title, const char *content,
		      const char *indicators, struct hl_range *const *rg, const size_t *n)
{
	marked_part(r, L(r, "标题", "Title"), title, rg[0], n[0]);
	marked_part(r, L(r, "研究内容", "Research content"), content, rg[1], n[1]);
	marked_part(r, L(r, "考核指标", "Target indicators"), indicators, rg[2], n[2]);
}

const char *web_overlap_error(struct req *r, const struct derr *e, const char *label)
{
	static const struct { const char *code, *zh, *en; } msgs[] = {
		{ "no_text", "%s没有可比对的文字", "%s has no characters or words to compare" },
		{ "not_in_round", "%s不在本轮会商的领域中", "%s is not one of this round's fields" },
		{ "not_in_pair", "%s不是这一对重叠中的条目", "%s is not an item of this overlap" },
	};
	if (label && e->code)
		for (size_t i = 0; i < sizeof msgs / sizeof msgs[0]; i++)
			if (strcmp(msgs[i].code, e->code) == 0) {
				const char *fmt = L(r, msgs[i].zh, msgs[i].en);
				const char *pct = strstr(fmt, "%s");
				return arena_printf(r->a, "%.*s%s%s", (int)(pct - fmt), fmt, label, pct + 2);
			}
	if (e->code && strcmp(e->code, "required") == 0 && strcmp(e->field, "reason") == 0)
		return L(r, "均保留时须填写理由", "Keeping both needs a reason");
	return web_field_error(r, e, label);
}

/* ---- one overlap -------------------------------------------------------- */

static void decision_form(struct req *r, const struct overlap_pair *p, const struct derr *e)
{
	int a_item = strcmp(p->a.kind, "guide_item") == 0 && strcmp(p->a.status, "round") == 0;
	int b_item = strcmp(p->b.kind, "guide_item") == 0 && strcmp(p->b.status, "round") == 0;

	htmlf(r, "<form method=\"post\" action=\"/overlaps/%lld/decision\" class=\"record\" id=\"decide\">",
	      (long long)p->id);
	html_csrf(r);
	if (e && e->kind) {
		html(r, "<p class=\"err\" role=\"alert\" id=\"form-error\">");
		html_txt(r, web_overlap_error(r, e, strcmp(e->field, "item") == 0
					      ? L(r, "所选条目", "The item") : NULL));
		html(r, "</p>");
	}
	html(r, "<fieldset><legend>");
	html_txt(r, L(r, "决定", "Decision"));
	html(r, "</legend>");
	for (const struct term *t = vocab_decision; t->key; t++) {
		if (strcmp(t->key, "merge") == 0 && !(a_item && b_item))
			continue;
		html(r, "<label class=\"choice\"><input type=\"radio\" name=\"decision\" value=\"");
		html_attr(r, t->key);
		html(r, "\" id=\"d-");
		html_attr(r, t->key);
		html(r, "\"> ");
		html_txt(r, L(r, t->zh, t->en));
		html(r, "</label>");
	}
	html(r, "</fieldset><div class=\"field\"><label for=\"f-item\">");
	html_txt(r, L(r, "涉及的条目（合并时保留的一方；撤回时撤回的一方）",
		      "The item concerned (kept when merging; withdrawn when withdrawing)"));
	html(r, "</label><select id=\"f-item\" name=\"item\"><option value=\"\">");
	html_txt(r, L(r, "（本区域的条目）", "(my region's item)"));
	html(r, "</option>");
	if (a_item) {
		char v[24];
		snprintf(v, sizeof v, "%lld", (long long)p->a.ref_id);
		html_option(r, v, p->a.title, NULL);
	}
	if (b_item) {
		char v[24];
		snprintf(v, sizeof v, "%lld", (long long)p->b.ref_id);
		html_option(r, v, p->b.title, NULL);
	}
	html(r, "</select></div><div class=\"field\"><label for=\"f-reason\">");
	html_txt(r, L(r, "理由（均保留时必填）", "Reason (required to keep both)"));
	html(r, "</label><textarea id=\"f-reason\" name=\"reason\" rows=\"3\" maxlength=\"1000\"></textarea>"
		"</div><p><button type=\"submit\">");
	html_txt(r, L(r, "记录决定", "Record the decision"));
	html(r, "</button></p></form>");
}

static int overlap_page(struct req *r, const struct overlap_pair *p, const struct derr *form_e)
{
	struct pair_passages pp;
	struct derr e = { 0 };

	if (pair_passages(&r->ctx, p, &pp, &e) < 0)
		return reply_derr(r, &e);
	page_begin(r, L(r, "重叠比对", "Overlap"));
	htmlf(r, "<nav class=\"crumbs\"><a href=\"/rounds\">%s</a> › <a href=\"/rounds/%lld\">%s</a></nav>",
	      L(r, "立项会商", "Consultation"), (long long)p->round_id,
	      L(r, "本轮会商", "This round"));
	html(r, "<h1>");
	html_txt(r, L(r, "重叠比对", "Overlap"));
	html(r, " ");
	web_overlap_level(r, p->level);
	html(r, "</h1><table class=\"facts\" id=\"scores\"><tbody><tr><th scope=\"row\">");
	html_txt(r, L(r, "相似度", "Score"));
	html(r, "</th><td><strong>");
	web_overlap_percent(r, p->score);
	html(r, "</strong></td></tr><tr><th scope=\"row\">");
	html_txt(r, L(r, "文字复用 / Jaccard / 主题", "Copy / Jaccard / topic"));
	html(r, "</th><td>");
	web_overlap_percent(r, p->copy);
	html(r, " / ");
	web_overlap_percent(r, p->jaccard);
	html(r, " / ");
	web_overlap_percent(r, p->topic);
	html(r, "</td></tr><tr><th scope=\"row\">");
	html_txt(r, L(r, "分项", "By part"));
	html(r, "</th><td>");
	web_overlap_parts(r, p->part);
	html(r, "</td></tr><tr><th scope=\"row\">");
	html_txt(r, L(r, "决定", "Decision"));
	html(r, "</th><td id=\"decision\">");
	if (p->decision) {
		html_txt(r, vocab_label(vocab_decision, p->decision, r->lang));
		if (p->reason) {
			html(r, "：");
			html_txt(r, p->reason);
		}
		if (p->decided_by_name) {
			html(r, " <small class=\"meta\">");
			html_txt(r, p->decided_by_name);
			html(r, " · ");
			html_time(r, p->decided_at);
			html(r, "</small>");
		}
	} else {
		html_txt(r, L(r, "待定", "Not yet decided"));
	}
	html(r, "</td></tr></tbody></table><div class=\"side-by-side\"><section class=\"side\" id=\"side-a\"><h2>");
	web_overlap_doc(r, &p->a);
	html(r, "</h2>");
	web_overlap_side(r, p->a.title, p->a.content, p->a.indicators, pp.a, pp.na);
	html(r, "</section><section class=\"side\" id=\"side-b\"><h2>");
	web_overlap_doc(r, &p->b);
	html(r, "</h2>");
	web_overlap_side(r, p->b.title, p->b.content, p->b.indicators, pp.b, pp.nb);
	html(r, "</section></div>");
	if (pair_may_decide(&r->ctx, p) && strcmp(p->level, "related") != 0 &&
	    (!p->decision || (strcmp(p->decision, "merge") != 0 && strcmp(p->decision, "withdraw") != 0)) &&
	    strcmp(p->a.status, "retired") != 0 && strcmp(p->b.status, "retired") != 0)
		decision_form(r, p, form_e);
	page_end(r);
	return 0;
}

int web_overlap(struct req *r)
{
	struct overlap_pair p;
	struct derr e = { 0 };
	if (pair_get(&r->ctx, r->id, &p, &e) < 0)
		return reply_derr(r, &e);
	return overlap_page(r, &p, NULL);
}

int web_overlap_decide(struct req *r)
{
	struct overlap_pair p;
	struct derr e = { 0 };
	const char *d = form_str(r, "decision"), *item = form_str(r, "item"),
		   *reason = form_str(r, "reason");
	json_t *in = json_object();
	int64_t id;

	if (d && *d)
		json_object_set_new(in, "decision", json_string(d));
	if (item && *item) {
		if (parse_i64(item, 1, INT64_MAX, &id) < 0) {
			json_decref(in);
			return reply_error(r, 400, "wrong_type", "item", "item must be an item's number");
		}
		json_object_set_new(in, "item", json_integer(id));
	}
	if (reason && *reason)
		json_object_set_new(in, "reason", json_string(reason));
	if (pair_decide(&r->ctx, r->id, in, &e) < 0) {
		struct derr ge = { 0 };
		json_decref(in);
		if (e.kind != DERR_INVALID || pair_get(&r->ctx, r->id, &p, &ge) < 0)
			return reply_derr(r, &e);
		r->status = 400;
		r->no_cache = 1;
		return overlap_page(r, &p, &e);
	}
	json_decref(in);
	return reply_redirect(r, arena_printf(r->a, "/overlaps/%lld", (long long)r->id));
}
