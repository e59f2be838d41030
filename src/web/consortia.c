/*
 * consortia.c — innovation consortia through the pages: the list, one
 * consortium with its members and projects, and the registration form
 * (members typed one a line, "organisation role").  The rules are in
 * domain/consortium.c.
 */
#include <stdio.h>
#include <string.h>
#include "core/util.h"
#include "domain/catalog.h"
#include "domain/consortium.h"
#include "domain/industry.h"
#include "domain/project.h"
#include "http/html.h"
#include "store/store.h"
#include "web/web.h"
#include "core/banned.h"

int web_consortia(struct req *r)
{
	struct consortium_query q;
	struct consortium *rows;
	struct derr e = { 0 };
	int64_t total;
	size_t n;

	memset(&q, 0, sizeof q);
	q.region = q_str(r, "region");
	q.field = q_str(r, "field");
	if (q_int(r, "page", 1, 1, 100000, &q.page) < 0)
		return -1;
	q.per_page = 20;
	if (consortium_list(&r->ctx, &q, &rows, &n, &total, &e) < 0)
		return reply_derr(r, &e);
	page_begin(r, L(r, "创新联合体", "Innovation consortia"));
	joint_tabs(r);
	html(r, "<h1>");
	html_txt(r, L(r, "创新联合体", "Innovation consortia"));
	html(r, "</h1><p class=\"meta\">");
	html_txt(r, L(r, "由龙头企业牵头，联合上下游企业和高校院所跨区域组建，可承担多个联合攻关项目。",
		      "Led by a leading enterprise, with upstream and downstream enterprises, universities"
		      " and institutes across regions; a consortium can take on several joint projects."));
	html(r, "</p>");
	if (consortium_may_create(&r->ctx)) {
		html(r, "<p class=\"actions\"><a class=\"button\" href=\"/consortia/new\">");
		html_txt(r, L(r, "登记创新联合体", "Register a consortium"));
		html(r, "</a></p>");
	}
	html(r, "<p class=\"count\" id=\"consortium-total\">");
	html_txt(r, arena_printf(r->a, req_en(r) ? "%lld consortia" : "共 %lld 个创新联合体", (long long)total));
	html(r, "</p><ol class=\"results\" id=\"consortia\">");
	for (size_t i = 0; i < n; i++) {
		const struct consortium *k = &rows[i];
		htmlf(r, "<li class=\"card\" data-id=\"%lld\"><h3><a href=\"/consortia/%lld\">",
		      (long long)k->id, (long long)k->id);
		html_txt(r, L(r, k->name, k->name_en && *k->name_en ? k->name_en : k->name));
		html(r, "</a></h3><p class=\"meta\">");
		html_txt(r, L(r, "牵头企业：", "Led by "));
		html_txt(r, L(r, k->lead_zh, k->lead_en && *k->lead_en ? k->lead_en : k->lead_zh));
		html(r, " · ");
		html_txt(r, arena_printf(r->a, req_en(r) ? "%lld members in %lld regions, %lld projects"
						     : "%lld 家成员，覆盖 %lld 个区域，承担 %lld 个项目",
					 (long long)k->nmembers, (long long)k->regions, (long long)k->nprojects));
		html(r, "</p></li>");
	}
	html(r, "</ol>");
	html_pager(r, q.page, q.per_page, total);
	page_end(r);
	return 0;
}

int web_consortium(struct req *r)
{
	struct consortium k;
	struct project_query q;
	struct project *ps;
	struct derr e = { 0 };
	int64_t total;
	size_t n;

	if (consortium_get(&r->ctx, r->id, &k, &e) < 0)
		return reply_derr(r, &e);
	memset(&q, 0, sizeof q);
	q.consortium_id = k.id;
	q.page = 1;
	q.per_page = 50;
	if (project_list(&r->ctx, &q, &ps, &n, &total, &e) < 0)
		return reply_derr(r, &e);
	page_begin(r, k.name);
	joint_tabs(r);
	html(r, "<article class=\"consortium\"><h1>");
	html_txt(r, k.name);
	html(r, "</h1>");
	if (k.name_en) {
		html(r, "<p class=\"sub\" lang=\"en\">");
		html_txt(r, k.name_en);
		html(r, "</p>");
	}
	html(r, "<table class=\"facts\"><tbody><tr><th scope=\"row\">");
	html_txt(r, L(r, "牵头企业", "Leading enterprise"));
	htmlf(r, "</th><td><a href=\"/orgs/%lld\">", (long long)k.lead_org_id);
	html_txt(r, L(r, k.lead_zh, k.lead_en && *k.lead_en ? k.lead_en : k.lead_zh));
	html(r, "</a></td></tr><tr><th scope=\"row\">");
	html_txt(r, L(r, "产业领域", "Field"));
	html(r, "</th><td>");
	html_txt(r, k.field ? vocab_label(vocab_industry, k.field, r->lang) : "—");
	html(r, "</td></tr><tr><th scope=\"row\">");
	html_txt(r, L(r, "组建年份", "Founded"));
	htmlf(r, "</th><td>%lld</td></tr><tr><th scope=\"row\">", (long long)k.founded_year);
	html_txt(r, L(r, "覆盖区域", "Regions"));
	htmlf(r, "</th><td>%lld</td></tr></tbody></table>", (long long)k.regions);
	if (k.description) {
		html(r, "<p class=\"pre\">");
		html_txt(r, k.description);
		html(r, "</p>");
	}
	html(r, "<h2>");
	html_txt(r, L(r, "成员单位", "Members"));
	html(r, "</h2>");
	joint_parties_table(r, k.members, k.nmember_rows, "members", vocab_consortium_role);
	html(r, "<h2>");
	html_txt(r, L(r, "承担的联合攻关项目", "Joint projects it takes on"));
	html(r, "</h2><ul id=\"consortium-projects\">");
	for (size_t i = 0; i < n; i++) {
		htmlf(r, "<li><a href=\"/projects/%lld\">", (long long)ps[i].id);
		html_txt(r, ps[i].title);
		html(r, "</a></li>");
	}
	html(r, "</ul></article>");
	page_end(r);
	return 0;
}

static void consortium_form(struct req *r, const struct derr *e)
{
	const char *lead = r->ctx.user && !strcmp(r->ctx.user->role, "org_admin") && r->ctx.user->org_id > 0
			   ? arena_printf(r->a, "%lld", (long long)r->ctx.user->org_id) : "";
	page_begin(r, L(r, "登记创新联合体", "Register an innovation consortium"));
	html(r, "<h1>");
	html_txt(r, L(r, "登记创新联合体", "Register an innovation consortium"));
	html(r, "</h1>");
	joint_form_error(r, e, consortium_fields);
	html(r, "<form method=\"post\" class=\"record\" action=\"/consortia\">");
	html_csrf(r);
	joint_input(r, "name", L(r, "联合体名称", "Name"), "text", joint_posted(r, "name"), 1);
	joint_input(r, "name_en", L(r, "英文名称", "Name (English)"), "text", joint_posted(r, "name_en"), 0);
	joint_input(r, "lead", L(r, "牵头企业（编号或全称）", "Leading enterprise (id or full Chinese name)"),
		    "text", r->nform ? joint_posted(r, "lead") : lead, 1);
	joint_select(r, "field", L(r, "产业领域", "Field"), vocab_industry, joint_posted(r, "field"), "—");
	joint_input(r, "founded_year", L(r, "组建年份", "Year founded"), "number",
		    joint_posted(r, "founded_year"), 0);
	joint_textarea(r, "members", L(r, "成员单位（每行一个：编号或全称，可加角色 upstream、downstream、research、other）",
				       "Members (one a line: id or full Chinese name, optionally with upstream,"
				       " downstream, research or other)"), joint_posted(r, "members"), 6);
	joint_textarea(r, "description", L(r, "简介", "Description"), joint_posted(r, "description"), 4);
	html(r, "<p><button type=\"submit\">");
	html_txt(r, L(r, "保存", "Save"));
	html(r, "</button></p></form>");
	page_end(r);
}

int web_consortium_new(struct req *r)
{
	if (!consortium_may_create(&r->ctx))
		return reply_error(r, 403, "forbidden", NULL, "you may not register consortia");
	consortium_form(r, NULL);
	return 0;
}

/* "name role" lines as [{org_id, role}]; the role is the last word when
 * it is one of the roles. */
static json_t *members_doc(struct req *r, struct derr *e)
{
	json_t *a = json_array();
	const char *p = joint_posted(r, "members");
	while (a && *p) {
		const char *nl = strchr(p, '\n'), *end = nl ? nl : p + strlen(p), *sp;
		char *line = arena_strndup(r->a, p, (size_t)(end - p)), *role = NULL;
		size_t n;
		json_t *id, *o;
		p = nl ? nl + 1 : end;
		if (!line)
			break;
		n = strlen(line);
		while (n && (line[n - 1] == '\r' || line[n - 1] == ' '))
			line[--n] = '\0';
		while (*line == ' ')
			line++;
		if (!*line)
			continue;
		if ((sp = strrchr(line, ' ')) && vocab_find(vocab_consortium_role, sp + 1)) {
			role = (char *)sp + 1;
			line[sp - line] = '\0';
		}
		if (!(id = joint_org_ref(r, line)) || json_integer_value(id) == INT64_MAX) {
			json_decref(id);
			json_decref(a);
			derr_set(e, DERR_INVALID, "not_found", "members", "no organisation is called %.120s", line);
			return NULL;
		}
		o = json_pack("{s:o}", "org_id", id);
		if (o && role)
			json_object_set_new(o, "role", json_string(role));
		json_array_append_new(a, o);
	}
	return a;
}

int web_consortium_create(struct req *r)
{
	static const char *const names[] = { "name", "name_en", "field", "founded_year", "description" };
	const char *keys[ARRAY_SIZE(names)], *vals[ARRAY_SIZE(names)];
	struct derr e = { 0 };
	json_t *in, *v;
	int64_t id;

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		keys[i] = names[i];
		vals[i] = joint_posted(r, names[i]);
	}
	if (!(in = fields_from_pairs(consortium_fields, keys, vals, ARRAY_SIZE(names), &e)))
		goto failed;
	if ((v = joint_org_ref(r, joint_posted(r, "lead"))))
		json_object_set_new(in, "lead_org_id", v);
	if (!(v = members_doc(r, &e)))
		goto failed;
	json_object_set_new(in, "members", v);
	if (consortium_create(&r->ctx, in, &id, &e) < 0)
		goto failed;
	json_decref(in);
	return reply_redirect(r, arena_printf(r->a, "/consortia/%lld", (long long)id));
failed:
	json_decref(in);
	if (e.kind != DERR_INVALID)
		return reply_derr(r, &e);
	r->status = 400;
	r->no_cache = 1;
	consortium_form(r, &e);
	return -1;
}
