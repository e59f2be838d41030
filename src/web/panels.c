/*
 * panels.c — review-panel draw pages (专家抽取): the list of draws, the
 * form that states the constraints, one draw with its members, seed and
 * pool, the decline-and-replace form and the re-run check.
 */
#include <stdio.h>
#include <string.h>
#include "core/util.h"
#include "domain/catalog.h"
#include "domain/discipline.h"
#include "domain/expert.h"
#include "domain/panel.h"
#include "http/html.h"
#include "store/store.h"
#include "web/web.h"
#include "core/banned.h"

static int refuse(struct req *r)
{
	return reply_error(r, 403, "forbidden", NULL,
			   "only the community office, region coordinators and administrators draw panels");
}

int web_panels(struct req *r)
{
	struct panel_draw *ds;
	struct derr e = { 0 };
	int64_t page, total;
	size_t n;

	if (q_int(r, "page", 1, 1, 100000, &page) < 0)
		return -1;
	if (panel_list(&r->ctx, page, 20, &ds, &n, &total, &e) < 0)
		return reply_derr(r, &e);
	page_begin(r, L(r, "评审专家抽取", "Review-panel draws"));
	html(r, "<h1>");
	html_txt(r, L(r, "评审专家抽取", "Review-panel draws"));
	html(r, "</h1><p class=\"actions\"><a class=\"button\" href=\"/panels/new\">");
	html_txt(r, L(r, "新的抽取", "New draw"));
	html(r, "</a></p>");
	if (!n) {
		html(r, "<p class=\"empty\">");
		html_txt(r, L(r, "还没有抽取记录。", "No draws yet."));
		html(r, "</p>");
	} else {
		html(r, "<ol class=\"results\">");
		for (size_t i = 0; i < n; i++) {
			htmlf(r, "<li class=\"card\"><h3><a href=\"/panels/%lld\">", (long long)ds[i].id);
			html_txt(r, ds[i].item);
			html(r, "</a></h3><p class=\"meta\">");
			htmlf(r, req_en(r) ? "%lld experts · " : "%lld 位专家 · ", (long long)ds[i].n);
			html_time(r, ds[i].created_at);
			if (ds[i].created_by_name) {
				html(r, " · ");
				html_txt(r, ds[i].created_by_name);
			}
			html(r, "</p></li>");
		}
		html(r, "</ol>");
		html_pager(r, page, 20, total);
	}
	page_end(r);
	return 0;
}

static void field_input(struct req *r, const char *name, const char *label, const char *type,
			const char *hint, const struct derr *e)
{
	const char *v = r->nform ? form_str(r, name) : NULL;
	int bad = e && e->kind && strcmp(e->field, name) == 0;
	html(r, bad ? "<div class=\"field invalid\"><label for=\"f-" : "<div class=\"field\"><label for=\"f-");
	html_attr(r, name);
	html(r, "\">");
	html_txt(r, label);
	html(r, "</label>");
	if (strcmp(type, "textarea") == 0) {
		html(r, "<textarea rows=\"4\" id=\"f-");
		html_attr(r, name);
		html(r, "\" name=\"");
		html_attr(r, name);
		html(r, "\">");
		html_txt(r, v ? v : "");
		html(r, "</textarea>");
	} else {
		html(r, "<input id=\"f-");
		html_attr(r, name);
		html(r, "\" name=\"");
		html_attr(r, name);
		html(r, "\" type=\"");
		html_attr(r, type);
		html(r, "\" value=\"");
		html_attr(r, v ? v : "");
		html(r, "\">");
	}
	if (hint) {
		html(r, "<small>");
		html_txt(r, hint);
		html(r, "</small>");
	}
	html(r, "</div>");
}

static void draw_form(struct req *r, const struct derr *e)
{
	struct region *rs;
	size_t nr;

	page_begin(r, L(r, "新的评审专家抽取", "New review-panel draw"));
	html(r, "<h1>");
	html_txt(r, L(r, "新的评审专家抽取", "New review-panel draw"));
	html(r, "</h1>");
	if (e && e->kind) {
		html(r, "<p class=\"err\" role=\"alert\" id=\"form-error\">");
		html_txt(r, e->message);
		if (*e->field) {
			html(r, " <code>");
			html_txt(r, e->field);
			html(r, "</code>");
		}
		html(r, "</p>");
	}
	html(r, "<form method=\"post\" class=\"record\" action=\"/panels\">");
	html_csrf(r);
	field_input(r, "item", L(r, "评审事项", "Item under review"), "text", NULL, e);
	field_input(r, "text", L(r, "事项说明（用于按相关度排序候选专家）",
				 "Its description (ranks the candidates by relevance)"), "textarea", NULL, e);
	field_input(r, "n", L(r, "抽取人数", "Panel size"), "number", NULL, e);
	field_input(r, "disciplines", L(r, "学科代码", "Discipline codes"), "text",
		    L(r, "用空格分隔，一级学科代码包含其二级学科", "separated by spaces; a first-level"
		      " code takes its second-level ones"), e);
	html(r, "<fieldset><legend>");
	html_txt(r, L(r, "职称（不选为不限）", "Titles (none ticked: any)"));
	html(r, "</legend>");
	for (const struct term *t = vocab_expert_title; t->key; t++) {
		html(r, "<label><input type=\"checkbox\" name=\"titles\" value=\"");
		html_attr(r, t->key);
		html(r, "\"> ");
		html_txt(r, L(r, t->zh, t->en));
		html(r, "</label> ");
	}
	html(r, "</fieldset><fieldset><legend>");
	html_txt(r, L(r, "各区域人数（留空为不限）", "Per region (empty: no bound)"));
	html(r, "</legend><div class=\"grid\">");
	if (store_region_list(r->ctx.db, r->a, 0, &rs, &nr) == 0)
		for (size_t i = 0; i < nr; i++) {
			const char *name = L(r, rs[i].name_zh, rs[i].name_en);
			field_input(r, arena_printf(r->a, "min_%s", rs[i].code),
				    arena_printf(r->a, req_en(r) ? "%s at least" : "%s 至少", name),
				    "number", NULL, e);
			field_input(r, arena_printf(r->a, "max_%s", rs[i].code),
				    arena_printf(r->a, req_en(r) ? "%s at most" : "%s 至多", name),
				    "number", NULL, e);
		}
	html(r, "</div></fieldset>");
	field_input(r, "org_max", L(r, "同一单位至多", "At most from one organisation"), "number", NULL, e);
	field_input(r, "applicants", L(r, "申请人（专家编号）", "Applicants (expert numbers)"), "text",
		    L(r, "回避申请人所在单位、近五年共同主持项目者和声明回避者",
		      "leaves out their organisations, those who co-led a project with them in the"
		      " last 5 years, and declared conflicts"), e);
	field_input(r, "exclude_orgs", L(r, "另需回避的单位编号", "Further organisations to leave out"),
		    "text", NULL, e);
	field_input(r, "exclude_experts", L(r, "另需回避的专家编号", "Further experts to leave out"),
		    "text", NULL, e);
	html(r, "<p><button type=\"submit\">");
	html_txt(r, L(r, "抽取", "Draw"));
	html(r, "</button></p></form>");
	page_end(r);
}

int web_panel_new(struct req *r)
{
	if (!panel_may_draw(&r->ctx))
		return refuse(r);
	draw_form(r, NULL);
	return 0;
}

/* "1 2, 3" into a JSON array of integers; -1 if a part is not a number. */
static int ids_of(const char *s, json_t *arr)
{
	while (s && *s) {
		char num[24];
		size_t k = 0;
		int64_t v;
		while (*s == ' ' || *s == ',' || *s == ';' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		if (!*s)
			break;
		while (*s && *s != ' ' && *s != ',' && *s != ';' && *s != '\t' && *s != '\n' &&
		       *s != '\r') {
			if (k + 1 >= sizeof num)
				return -1;
			num[k++] = *s++;
		}
		num[k] = '\0';
		if (parse_i64(num, 1, INT64_MAX, &v) < 0)
			return -1;
		json_array_append_new(arr, json_integer(v));
	}
	return 0;
}

/* The posted form as a draw request. */
static json_t *posted(struct req *r, struct derr *e)
{
	static const char *const idlists[] = { "applicants", "exclude_orgs", "exclude_experts" };
	json_t *j = json_object(), *titles = json_array(), *disc = json_array(),
	       *mins = json_object(), *maxs = json_object();
	const char *v;
	int64_t x;

	if (!j || !titles || !disc || !mins || !maxs)
		goto oom;
	if ((v = form_str(r, "item")) && *v)
		json_object_set_new(j, "item", json_string(v));
	if ((v = form_str(r, "text")) && *v)
		json_object_set_new(j, "text", json_string(v));
	if ((v = form_str(r, "n")) && *v) {
		if (parse_i64(v, 1, 1000, &x) < 0) {
			derr_set(e, DERR_INVALID, "wrong_type", "n", "the panel size is a whole number");
			goto bad;
		}
		json_object_set_new(j, "n", json_integer(x));
	}
	if ((v = form_str(r, "org_max")) && *v) {
		if (parse_i64(v, 1, 1000, &x) < 0) {
			derr_set(e, DERR_INVALID, "wrong_type", "org_max", "org_max is a whole number");
			goto bad;
		}
		json_object_set_new(j, "org_max", json_integer(x));
	}
	if ((v = form_str(r, "disciplines"))) {
		const char *p = v;
		while (*p) {
			size_t k;
			while (*p == ' ' || *p == ',' || *p == ';')
				p++;
			for (k = 0; p[k] && p[k] != ' ' && p[k] != ',' && p[k] != ';'; k++)
				;
			if (k)
				json_array_append_new(disc, json_stringn(p, k));
			p += k;
		}
	}
	for (size_t i = 0; i < r->nform; i++) {
		const char *key = r->form[i].key, *val = r->form[i].val;
		if (strcmp(key, "titles") == 0)
			json_array_append_new(titles, json_string(val));
		else if ((strncmp(key, "min_", 4) == 0 || strncmp(key, "max_", 4) == 0) && *val) {
			if (parse_i64(val, 0, 1000, &x) < 0) {
				derr_set(e, DERR_INVALID, "wrong_type",
					 key[1] == 'i' ? "region_min" : "region_max",
					 "the counts per region are whole numbers");
				goto bad;
			}
			json_object_set_new(key[1] == 'i' ? mins : maxs, key + 4, json_integer(x));
		}
	}
	for (size_t i = 0; i < 3; i++) {
		json_t *arr = json_array();
		if (!arr || ids_of(form_str(r, idlists[i]), arr) < 0) {
			json_decref(arr);
			derr_set(e, DERR_INVALID, "wrong_type", idlists[i],
				 "%s: numbers separated by spaces", idlists[i]);
			goto bad;
		}
		json_object_set_new(j, idlists[i], arr);
	}
	json_object_set_new(j, "titles", titles);
	json_object_set_new(j, "disciplines", disc);
	json_object_set_new(j, "region_min", mins);
	json_object_set_new(j, "region_max", maxs);
	return j;
oom:
	derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
bad:
	json_decref(j);
	json_decref(titles);
	json_decref(disc);
	json_decref(mins);
	json_decref(maxs);
	return NULL;
}

int web_panel_create(struct req *r)
{
	struct derr e = { 0 };
	int64_t id;
	json_t *in;

	if (!panel_may_draw(&r->ctx))
		return refuse(r);
	if ((in = posted(r, &e)) && panel_draw(&r->ctx, in, &id, &e) == 0) {
		json_decref(in);
		return reply_redirect(r, arena_printf(r->a, "/panels/%lld", (long long)id));
	}
	json_decref(in);
	if (e.kind != DERR_INVALID)
		return reply_derr(r, &e);
	r->status = 400;
	draw_form(r, &e);
	return 0;
}

static void draw_page(struct req *r, const struct panel_draw *d, const struct panel_member *m,
		      size_t nm, const struct panel_rerun *rerun)
{
	json_t *pool = json_loads(d->pool, 0, NULL);
	page_begin(r, d->item);
	html(r, "<nav class=\"crumbs\"><a href=\"/panels\">");
	html_txt(r, L(r, "评审专家抽取", "Review-panel draws"));
	html(r, "</a></nav><h1>");
	html_txt(r, d->item);
	html(r, "</h1><table class=\"facts\"><tbody><tr><th scope=\"row\">");
	html_txt(r, L(r, "抽取时间", "Drawn"));
	html(r, "</th><td>");
	html_time(r, d->created_at);
	if (d->created_by_name) {
		html(r, " · ");
		html_txt(r, d->created_by_name);
	}
	html(r, "</td></tr><tr><th scope=\"row\">");
	html_txt(r, L(r, "随机种子", "Seed"));
	html(r, "</th><td><code id=\"seed\">");
	html_txt(r, d->seed);
	html(r, "</code></td></tr><tr><th scope=\"row\">");
	html_txt(r, L(r, "候选池", "Pool"));
	html(r, "</th><td>");
	htmlf(r, req_en(r) ? "%zu qualified experts, best ranked" : "%zu 位合格专家（按相关度）",
	      json_array_size(pool));
	html(r, "</td></tr><tr><th scope=\"row\">");
	html_txt(r, L(r, "抽取条件", "Constraints"));
	html(r, "</th><td><code class=\"pre\">");
	html_txt(r, d->request);
	html(r, "</code></td></tr></tbody></table>");
	json_decref(pool);

	html(r, "<h2>");
	html_txt(r, L(r, "评审专家", "Panel"));
	html(r, "</h2><table class=\"facts\" id=\"members\"><thead><tr><th scope=\"col\">#</th>"
		"<th scope=\"col\">");
	html_txt(r, L(r, "专家", "Expert"));
	html(r, "</th><th scope=\"col\">");
	html_txt(r, L(r, "单位", "Organisation"));
	html(r, "</th><th scope=\"col\">");
	html_txt(r, L(r, "状态", "Status"));
	html(r, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < nm; i++) {
		htmlf(r, "<tr data-expert=\"%lld\"><td>%lld</td><td>", (long long)m[i].expert_id,
		      (long long)m[i].seq);
		if (m[i].name) {
			htmlf(r, "<a href=\"/experts/%lld\">", (long long)m[i].expert_id);
			html_txt(r, m[i].name);
			html(r, "</a>");
		} else {
			htmlf(r, req_en(r) ? "(deleted profile #%lld)" : "（已删除的档案 #%lld）",
			      (long long)m[i].expert_id);
		}
		html(r, "</td><td>");
		html_txt(r, L(r, m[i].org_zh ? m[i].org_zh : "",
			      m[i].org_en ? m[i].org_en : (m[i].org_zh ? m[i].org_zh : "")));
		html(r, "</td><td>");
		if (m[i].declined_at) {
			html_txt(r, L(r, "已谢绝", "Declined"));
			if (m[i].reason) {
				html(r, "：");
				html_txt(r, m[i].reason);
			}
		} else {
			html_txt(r, m[i].replaces ? L(r, "递补", "Replacement") : L(r, "已邀请", "Invited"));
			htmlf(r, " <form method=\"post\" class=\"inline\" action=\"/panels/%lld/decline\">",
			      (long long)d->id);
			html_csrf(r);
			htmlf(r, "<input type=\"hidden\" name=\"expert_id\" value=\"%lld\">",
			      (long long)m[i].expert_id);
			htmlf(r, "<label class=\"sr\" for=\"reason-%lld\">", (long long)m[i].seq);
			html_txt(r, L(r, "谢绝原因", "Reason for declining"));
			htmlf(r, "</label><input id=\"reason-%lld\" name=\"reason\" type=\"text\">",
			      (long long)m[i].seq);
			html(r, "<button type=\"submit\" class=\"link\">");
			html_txt(r, L(r, "谢绝并递补", "Declines: replace"));
			html(r, "</button></form>");
		}
		html(r, "</td></tr>");
	}
	html(r, "</tbody></table>");
	if (rerun) {
		html(r, "<section id=\"rerun\"><h2>");
		html_txt(r, L(r, "重新运行的结果", "Re-run"));
		html(r, "</h2><ul><li>");
		html_txt(r, rerun->same_panel ? L(r, "按记录重新抽取：专家组相同", "Replayed from the record: the same panel")
					      : L(r, "按记录重新抽取：专家组不同", "Replayed from the record: a DIFFERENT panel"));
		html(r, "</li><li>");
		html_txt(r, rerun->same_replacements ? L(r, "递补顺序相同", "The same replacements")
						     : L(r, "递补不同", "DIFFERENT replacements"));
		html(r, "</li><li>");
		if (rerun->same_pool)
			html_txt(r, L(r, "按今天的数据重算候选池：与记录相同", "The pool from today's data: the same"));
		else if (req_en(r))
			htmlf(r, "The pool from today's data differs: %zu new, %zu gone (profiles changed since)",
			      rerun->nadded, rerun->nremoved);
		else
			htmlf(r, "按今天的数据重算候选池：新增 %zu 人，减少 %zu 人（档案已有变动）",
			      rerun->nadded, rerun->nremoved);
		html(r, "</li></ul></section>");
	}
	htmlf(r, "<form method=\"post\" action=\"/panels/%lld/rerun\">", (long long)d->id);
	html_csrf(r);
	html(r, "<p><button type=\"submit\">");
	html_txt(r, L(r, "重新运行以核验", "Re-run to verify"));
	html(r, "</button></p></form>");
	page_end(r);
}

int web_panel(struct req *r)
{
	struct panel_draw d;
	struct panel_member *m;
	struct derr e = { 0 };
	size_t n;
	if (panel_get(&r->ctx, r->id, &d, &m, &n, &e) < 0)
		return reply_derr(r, &e);
	draw_page(r, &d, m, n, NULL);
	return 0;
}

int web_panel_decline(struct req *r)
{
	struct derr e = { 0 };
	const char *x = form_str(r, "expert_id"), *reason = form_str(r, "reason");
	int64_t id, repl;
	if (!x || parse_i64(x, 1, INT64_MAX, &id) < 0)
		return reply_error(r, 400, "wrong_type", "expert_id", "expert_id is a whole number");
	if (panel_decline(&r->ctx, r->id, id, reason && *reason ? reason : NULL, &repl, &e) < 0)
		return reply_derr(r, &e);
	return reply_redirect(r, arena_printf(r->a, "/panels/%lld", (long long)r->id));
}

int web_panel_rerun(struct req *r)
{
	struct panel_draw d;
	struct panel_member *m;
	struct panel_rerun res;
	struct derr e = { 0 };
	size_t n;
	if (panel_rerun(&r->ctx, r->id, &res, &e) < 0 ||
	    panel_get(&r->ctx, r->id, &d, &m, &n, &e) < 0)
		return reply_derr(r, &e);
	draw_page(r, &d, m, n, &res);
	return 0;
}
