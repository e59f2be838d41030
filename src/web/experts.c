/*
 * experts.c — the talent pool's pages: finding experts for a problem (and
 * by name), one expert's profile with its audited contact details, the
 * forms to add and edit a profile and declare conflicts, an expert's own
 * data, and the discipline classification.
 */
#include <stdio.h>
#include <string.h>
#include "core/util.h"
#include "domain/catalog.h"
#include "domain/discipline.h"
#include "domain/expert.h"
#include "domain/expert_match.h"
#include "domain/panel.h"
#include "http/html.h"
#include "store/store.h"
#include "web/web.h"
#include "core/banned.h"

/* ---- small writers ------------------------------------------------------ */

static const char *title_label(struct req *r, const char *key)
{
	return vocab_label(vocab_expert_title, key, r->lang);
}

static const char *org_name(struct req *r, const char *zh, const char *en)
{
	return L(r, zh ? zh : "", en && *en ? en : (zh ? zh : ""));
}

static void discipline_links(struct req *r, const char *list, const char *const *hl, size_t nhl)
{
	struct ctx c = r->ctx;
	const char **codes;
	size_t n;
	if (expert_codes(&c, list, &codes, &n) < 0)
		return;
	for (size_t i = 0; i < n; i++) {
		int marked = 0;
		for (size_t k = 0; k < nhl; k++)
			marked |= strcmp(hl[k], codes[i]) == 0;
		if (i)
			html(r, "、");
		html(r, marked ? "<mark>" : "");
		html_txt(r, codes[i]);
		html(r, " ");
		html_txt(r, discipline_name(codes[i], r->lang));
		html(r, marked ? "</mark>" : "");
	}
}

static void keyword_list(struct req *r, const char *list, const char *const *hl, size_t nhl)
{
	struct ctx c = r->ctx;
	const char **lines;
	size_t n;
	if (expert_lines(&c, list, &lines, &n) < 0)
		return;
	for (size_t i = 0; i < n; i++) {
		int marked = 0;
		for (size_t k = 0; k < nhl; k++)
			marked |= strcmp(hl[k], lines[i]) == 0;
		if (i)
			html(r, req_en(r) ? "; " : "；");
		html(r, marked ? "<mark>" : "");
		html_txt(r, lines[i]);
		html(r, marked ? "</mark>" : "");
	}
}

static void project_line(struct req *r, const struct expert_project *p)
{
	static const struct term roles[] = {
		{ "lead", "负责人", "lead" }, { "co_lead", "共同负责人", "co-lead" },
		{ "member", "成员", "member" }, { NULL, NULL, NULL },
	};
	html_txt(r, p->title);
	html(r, " <small>");
	html_txt(r, vocab_label(roles, p->role, r->lang));
	if (p->start_year)
		htmlf(r, " · %lld–", (long long)p->start_year);
	if (p->end_year)
		htmlf(r, "%lld", (long long)p->end_year);
	html(r, "</small>");
}

/* One expert in a list: name, title, organisation, place. */
static void expert_head(struct req *r, const struct expert *x)
{
	htmlf(r, "<h3><a href=\"/experts/%lld\">", (long long)x->id);
	html_txt(r, L(r, x->name, x->name_en && *x->name_en ? x->name_en : x->name));
	html(r, "</a></h3><p class=\"meta\">");
	html_txt(r, title_label(r, x->title));
	htmlf(r, " · <a href=\"/orgs/%lld\">", (long long)x->org_id);
	html_txt(r, org_name(r, x->org_zh, x->org_en));
	html(r, "</a> · ");
	html_txt(r, L(r, x->region_zh ? x->region_zh : "", x->region_en ? x->region_en : ""));
	html(r, " · ");
	html_txt(r, L(r, x->city_zh ? x->city_zh : "", x->city_en ? x->city_en : ""));
	html(r, "</p>");
}

/* ---- the search page ------------------------------------------------------ */

static void region_select(struct req *r, const char *current)
{
	struct region *rs;
	size_t n;
	html(r, "<label>");
	html_txt(r, L(r, "区域", "Region"));
	html(r, "<select name=\"region\">");
	html_option(r, "", L(r, "全部区域", "All regions"), current);
	if (store_region_list(r->ctx.db, r->a, 0, &rs, &n) == 0)
		for (size_t i = 0; i < n; i++)
			html_option(r, rs[i].code, L(r, rs[i].name_zh, rs[i].name_en), current);
	html(r, "</select></label>");
}

static void first_level_select(struct req *r, const char *current)
{
	size_t n;
	const struct discipline *d = discipline_list(&n);
	html(r, "<label>");
	html_txt(r, L(r, "学科", "Discipline"));
	html(r, "<select name=\"discipline\">");
	html_option(r, "", L(r, "全部学科", "All disciplines"), current);
	for (size_t i = 0; i < n; i++)
		if (!d[i].parent)
			html_option(r, d[i].code, arena_printf(r->a, "%s %s", d[i].code,
							       L(r, d[i].name_zh, d[i].name_en)), current);
	html(r, "</select></label>");
}

static void title_select(struct req *r, const char *name, const char *current, int any)
{
	html(r, "<select id=\"f-");
	html_attr(r, name);
	html(r, "\" name=\"");
	html_attr(r, name);
	html(r, "\">");
	if (any)
		html_option(r, "", L(r, "全部职称", "Any title"), current);
	for (const struct term *t = vocab_expert_title; t->key; t++)
		html_option(r, t->key, L(r, t->zh, t->en), current);
	html(r, "</select>");
}

static void search_form(struct req *r, const char *q, const char *region, const char *disc,
			const char *title)
{
	html(r, "<form class=\"filters\" method=\"get\" action=\"/experts\" role=\"search\">"
		"<div class=\"field\"><label for=\"q\">");
	html_txt(r, L(r, "问题、指南条目、项目申报书摘要，或专家姓名",
		      "A problem, a guide item, a proposal abstract, or a name"));
	html(r, "</label><textarea id=\"q\" name=\"q\" rows=\"4\" maxlength=\"5000\">");
	html_txt(r, q ? q : "");
	html(r, "</textarea></div><div class=\"grid\">");
	region_select(r, region);
	first_level_select(r, disc);
	html(r, "<label>");
	html_txt(r, L(r, "职称", "Title"));
	title_select(r, "title", title, 1);
	html(r, "</label></div><p><button type=\"submit\">");
	html_txt(r, L(r, "查找专家", "Find experts"));
	html(r, "</button> <a href=\"/experts\">");
	html_txt(r, L(r, "清除", "Clear"));
	html(r, "</a></p></form>\n");
}

static void match_results(struct req *r, const struct match_result *m)
{
	if (m->npeople) {
		html(r, "<section class=\"people\"><h2>");
		html_txt(r, L(r, "姓名相符的专家", "Experts of that name"));
		html(r, "</h2><ul class=\"results\">");
		for (size_t i = 0; i < m->npeople; i++) {
			html(r, "<li class=\"card\">");
			expert_head(r, &m->people[i]);
			if (m->nleads[i]) {
				html(r, "<p>");
				html_txt(r, L(r, "主持的项目：", "Leads: "));
				for (size_t k = 0; k < m->nleads[i]; k++) {
					if (k)
						html(r, req_en(r) ? "; " : "；");
					project_line(r, &m->leads[i][k]);
				}
				html(r, "</p>");
			}
			html(r, "</li>");
		}
		html(r, "</ul></section>");
	}
	html(r, "<section class=\"matches\"><h2>");
	html_txt(r, L(r, "研究方向相符的专家", "Experts whose research matches"));
	html(r, "</h2><p class=\"count\" id=\"result-count\">");
	if (req_en(r))
		htmlf(r, "%lld experts match; the best %zu, in %.1f ms", (long long)m->accepted, m->n,
		      (double)m->usec / 1000.0);
	else
		htmlf(r, "共 %lld 位专家相符，列出最相关的 %zu 位（用时 %.1f 毫秒）",
		      (long long)m->accepted, m->n, (double)m->usec / 1000.0);
	html(r, "</p>");
	if (!m->n) {
		html(r, "<p class=\"empty\">");
		html_txt(r, L(r, "没有找到研究方向相符的专家。试试换一种说法，或放宽筛选条件。",
			      "No expert's research matches. Try other words or wider filters."));
		html(r, "</p></section>");
		return;
	}
	html(r, "<ol class=\"results\">");
	for (size_t i = 0; i < m->n; i++) {
		const struct match_hit *h = &m->hits[i];
		htmlf(r, "<li class=\"card\" data-id=\"%lld\">", (long long)h->x.id);
		expert_head(r, &h->x);
		if (h->why.nkeywords) {
			html(r, "<p class=\"why\">");
			html_txt(r, L(r, "匹配的研究方向：", "Matched keywords: "));
			for (size_t k = 0; k < h->why.nkeywords; k++) {
				if (k)
					html(r, req_en(r) ? "; " : "；");
				html(r, "<mark>");
				html_txt(r, h->why.keywords[k]);
				html(r, "</mark>");
			}
			html(r, "</p>");
		}
		if (h->why.ndisciplines) {
			html(r, "<p class=\"why\">");
			html_txt(r, L(r, "匹配的学科：", "Matched disciplines: "));
			for (size_t k = 0; k < h->why.ndisciplines; k++) {
				if (k)
					html(r, "、");
				html_txt(r, h->why.disciplines[k]);
				html(r, " ");
				html_txt(r, discipline_name(h->why.disciplines[k], r->lang));
			}
			html(r, "</p>");
		}
		if (h->nprojects) {
			html(r, "<p class=\"why\">");
			html_txt(r, L(r, "相关项目：", "Related projects: "));
			for (size_t k = 0; k < h->nprojects; k++) {
				if (k)
					html(r, req_en(r) ? "; " : "；");
				project_line(r, &h->projects[k]);
			}
			html(r, "</p>");
		}
		html(r, "</li>\n");
	}
	html(r, "</ol></section>");
}

static void pool_links(struct req *r)
{
	html(r, "<p class=\"actions\">");
	if (expert_may_add(&r->ctx)) {
		html(r, "<a class=\"button\" href=\"/experts/new\">");
		html_txt(r, L(r, "添加专家", "Add an expert"));
		html(r, "</a> <a href=\"/experts/import\">");
		html_txt(r, L(r, "批量导入", "Import"));
		html(r, "</a> <a href=\"/experts/export?format=xlsx\">");
		html_txt(r, L(r, "导出 Excel", "Export to Excel"));
		html(r, "</a> <a href=\"/experts/export?format=csv\">");
		html_txt(r, L(r, "导出 CSV", "Export to CSV"));
		html(r, "</a> ");
	}
	if (panel_may_draw(&r->ctx)) {
		html(r, "<a href=\"/panels\">");
		html_txt(r, L(r, "评审专家抽取", "Review-panel draws"));
		html(r, "</a> ");
	}
	if (r->logged_in) {
		html(r, "<a href=\"/me/expert\">");
		html_txt(r, L(r, "我的专家档案", "My expert profile"));
		html(r, "</a> ");
	}
	html(r, "<a href=\"/disciplines\">");
	html_txt(r, L(r, "学科分类代码", "Discipline codes"));
	html(r, "</a></p>");
}

int web_experts(struct req *r)
{
	const char *q = q_str(r, "q"), *region = q_str(r, "region"), *disc = q_str(r, "discipline"),
		   *title = q_str(r, "title");
	struct derr e = { 0 };

	if (q && !*q)
		q = NULL;
	if (q) {
		struct match_query mq = { 0 };
		struct match_result m;
		mq.text = q;
		mq.region = region;
		mq.discipline = disc;
		mq.title = title;
		if (expert_match(&r->ctx, &mq, &m, &e) < 0)
			return reply_derr(r, &e);
		page_begin(r, L(r, "专家查找", "Find experts"));
		html(r, "<h1>");
		html_txt(r, L(r, "专家查找", "Find experts"));
		html(r, "</h1>");
		search_form(r, q, region, disc, title);
		match_results(r, &m);
	} else {
		struct expert_query eq = { 0 };
		struct expert_page p;
		eq.region = region;
		eq.discipline = disc;
		eq.title = title;
		eq.per_page = 20;
		if (q_int(r, "page", 1, 1, 100000, &eq.page) < 0)
			return -1;
		if (expert_list(&r->ctx, &eq, &p, &e) < 0)
			return reply_derr(r, &e);
		page_begin(r, L(r, "科技人才库", "Talent pool"));
		html(r, "<h1>");
		html_txt(r, L(r, "长三角科技人才库", "The YRD talent pool"));
		html(r, "</h1>");
		search_form(r, NULL, region, disc, title);
		html(r, "<p class=\"count\" id=\"result-count\">");
		if (req_en(r)) {
			html_count(r, p.total);
			html(r, " experts");
		} else {
			html(r, "共 ");
			html_count(r, p.total);
			html(r, " 位专家");
		}
		html(r, "</p><ol class=\"results\">");
		for (size_t i = 0; i < p.n; i++) {
			html(r, "<li class=\"card\">");
			expert_head(r, &p.items[i]);
			html(r, "<p class=\"snippet\">");
			keyword_list(r, L(r, p.items[i].keywords, p.items[i].keywords_en
					  ? p.items[i].keywords_en : p.items[i].keywords), NULL, 0);
			html(r, "</p></li>");
		}
		html(r, "</ol>");
		html_pager(r, eq.page, eq.per_page, p.total);
	}
	pool_links(r);
	page_end(r);
	return 0;
}

/* ---- one expert ------------------------------------------------------------- */

static void fact(struct req *r, const char *label)
{
	html(r, "<tr><th scope=\"row\">");
	html_txt(r, label);
	html(r, "</th><td>");
}

int web_expert(struct req *r)
{
	struct expert x;
	struct expert_project *ps;
	struct derr e = { 0 };
	const char *want = q_str(r, "contact");
	int contact = 0;
	size_t np = 0;

	if (want && strcmp(want, "1") == 0) {
		if (expert_contact(&r->ctx, r->id, &x, &e) < 0)
			return reply_derr(r, &e);
		contact = 1;
		r->no_cache = 1;
	} else if (expert_get(&r->ctx, r->id, &x, &e) < 0) {
		return reply_derr(r, &e);
	}
	if (store_expert_projects(r->ctx.db, r->a, x.id, 0, 50, &ps, &np) < 0)
		return reply_error(r, 500, "internal", NULL, "cannot read the projects");
	page_begin(r, L(r, x.name, x.name_en && *x.name_en ? x.name_en : x.name));
	html(r, "<nav class=\"crumbs\"><a href=\"/experts\">");
	html_txt(r, L(r, "人才库", "Talent pool"));
	html(r, "</a></nav><article class=\"expert\"><h1>");
	html_txt(r, x.name);
	html(r, "</h1>");
	if (x.name_en && *x.name_en) {
		html(r, "<p class=\"sub\" lang=\"en\">");
		html_txt(r, x.name_en);
		html(r, "</p>");
	}
	html(r, "<table class=\"facts\"><tbody>");
	fact(r, L(r, "职称", "Title"));
	html_txt(r, title_label(r, x.title));
	html(r, "</td></tr>");
	fact(r, L(r, "所在单位", "Organisation"));
	htmlf(r, "<a href=\"/orgs/%lld\">", (long long)x.org_id);
	html_txt(r, org_name(r, x.org_zh, x.org_en));
	html(r, "</a> · ");
	html_txt(r, L(r, x.region_zh, x.region_en));
	html(r, " · ");
	html_txt(r, L(r, x.city_zh, x.city_en));
	html(r, "</td></tr>");
	fact(r, L(r, "学科", "Disciplines"));
	discipline_links(r, x.disciplines, NULL, 0);
	html(r, "</td></tr>");
	if (x.keywords) {
		fact(r, L(r, "研究方向", "Research keywords"));
		keyword_list(r, x.keywords, NULL, 0);
		html(r, "</td></tr>");
	}
	if (x.keywords_en) {
		fact(r, L(r, "研究方向（英文）", "Research keywords (English)"));
		keyword_list(r, x.keywords_en, NULL, 0);
		html(r, "</td></tr>");
	}
	fact(r, L(r, "成果", "Achievements"));
	if (req_en(r))
		htmlf(r, "%lld papers · %lld patents · %lld projects led · %lld awards",
		      (long long)x.papers, (long long)x.patents, (long long)x.projects,
		      (long long)x.awards);
	else
		htmlf(r, "论文 %lld 篇 · 专利 %lld 项 · 主持项目 %lld 项 · 获奖 %lld 项",
		      (long long)x.papers, (long long)x.patents, (long long)x.projects,
		      (long long)x.awards);
	html(r, "</td></tr>");
	if (x.orcid) {
		fact(r, "ORCID");
		html(r, "<a href=\"https://orcid.org/");
		html_attr(r, x.orcid);
		html(r, "\">");
		html_txt(r, x.orcid);
		html(r, "</a></td></tr>");
	}
	fact(r, L(r, "联系方式", "Contact"));
	if (contact) {
		html(r, "<span id=\"contact\">");
		html_txt(r, x.email ? x.email : "—");
		html(r, " · ");
		html_txt(r, x.phone ? x.phone : "—");
		html(r, "</span> <small>");
		html_txt(r, L(r, "（本次查看已记入审计日志）", "(this view was recorded in the audit log)"));
		html(r, "</small>");
	} else if (expert_may_see_contact(&r->ctx, &x)) {
		htmlf(r, "<a href=\"/experts/%lld?contact=1\">", (long long)x.id);
		html_txt(r, L(r, "查看联系方式（查看将记入审计日志）",
			      "Show contact details (the view is recorded in the audit log)"));
		html(r, "</a>");
	} else {
		html_txt(r, L(r, "个人信息，仅本人、所在区域协调员和共同体办公室可见",
			      "Personal information: shown only to the expert, their region's"
			      " coordinators and the community office"));
	}
	html(r, "</td></tr></tbody></table>");
	if (x.biography) {
		html(r, "<h2>");
		html_txt(r, L(r, "个人简介", "Biography"));
		html(r, "</h2><p class=\"pre\">");
		html_txt(r, x.biography);
		html(r, "</p>");
	}
	html(r, "<h2>");
	html_txt(r, L(r, "参与的项目", "Projects"));
	html(r, "</h2>");
	if (!np) {
		html(r, "<p class=\"empty\">");
		html_txt(r, L(r, "暂无项目记录。", "No projects recorded."));
		html(r, "</p>");
	} else {
		html(r, "<ul>");
		for (size_t i = 0; i < np; i++) {
			html(r, "<li>");
			project_line(r, &ps[i]);
			html(r, "</li>");
		}
		html(r, "</ul>");
	}
	if (expert_may_edit(&r->ctx, &x)) {
		htmlf(r, "<p class=\"actions\"><a class=\"button\" href=\"/experts/%lld/edit\">",
		      (long long)x.id);
		html_txt(r, L(r, "编辑", "Edit"));
		html(r, "</a></p>");
	}
	html(r, "</article>");
	page_end(r);
	return 0;
}

/* ---- the form ----------------------------------------------------------------- */

static const char *posted_or(struct req *r, const char *name, const char *value)
{
	return r->nform ? form_str(r, name) : value;
}

static void input(struct req *r, const char *name, const char *label, const char *value,
		  const char *type, int required, const struct derr *e, const char *hint)
{
	int bad = e && e->kind && strcmp(e->field, name) == 0;
	html(r, bad ? "<div class=\"field invalid\"><label for=\"f-" : "<div class=\"field\"><label for=\"f-");
	html_attr(r, name);
	html(r, "\">");
	html_txt(r, label);
	if (required)
		html(r, " <abbr title=\"required\">*</abbr>");
	html(r, "</label>");
	if (strcmp(type, "textarea") == 0) {
		html(r, "<textarea rows=\"4\" id=\"f-");
		html_attr(r, name);
		html(r, "\" name=\"");
		html_attr(r, name);
		html(r, "\">");
		html_txt(r, value ? value : "");
		html(r, "</textarea>");
	} else {
		html(r, "<input id=\"f-");
		html_attr(r, name);
		html(r, "\" name=\"");
		html_attr(r, name);
		html(r, "\" type=\"");
		html_attr(r, type);
		html(r, "\" value=\"");
		html_attr(r, value ? value : "");
		html(r, required ? "\" required=\"required\">" : "\">");
	}
	if (hint) {
		html(r, "<small>");
		html_txt(r, hint);
		html(r, "</small>");
	}
	if (bad) {
		const struct field *f = fields_find(expert_fields, name);
		html(r, "<p class=\"err\" role=\"alert\">");
		html_txt(r, web_field_error(r, e, f ? field_label(f, r->lang) : label));
		html(r, "</p>");
	}
	html(r, "</div>");
}

static const char *num(struct req *r, int64_t v)
{
	return arena_printf(r->a, "%lld", (long long)v);
}

/* The keywords as typed: one per line. */
static const char *lines_text(const char *list)
{
	return list ? list : "";
}

static void expert_form(struct req *r, const struct expert *x, const struct derr *e,
			int contact)
{
	int editing = x && x->id > 0;
	const char *heading = editing ? L(r, "编辑专家档案", "Edit expert profile")
				      : L(r, "添加专家", "Add an expert");
	enum role role = role_of(r->ctx.user);

	page_begin(r, heading);
	html(r, "<h1>");
	html_txt(r, heading);
	html(r, "</h1>");
	if (e && e->kind) {
		const struct field *f = fields_find(expert_fields, e->field);
		html(r, "<p class=\"err\" role=\"alert\" id=\"form-error\">");
		html_txt(r, web_field_error(r, e, f ? field_label(f, r->lang) : NULL));
		html(r, "</p>");
	}
	if (editing)
		htmlf(r, "<form method=\"post\" class=\"record\" action=\"/experts/%lld\">",
		      (long long)x->id);
	else
		html(r, "<form method=\"post\" class=\"record\" action=\"/experts\">");
	html_csrf(r);
	input(r, "name", L(r, "姓名", "Name"), posted_or(r, "name", x->name), "text", 1, e, NULL);
	input(r, "name_en", L(r, "英文姓名", "Name in English"), posted_or(r, "name_en", x->name_en),
	      "text", 0, e, NULL);
	if (role != ROLE_ORG_ADMIN && (!editing || expert_may_manage(&r->ctx, x->org_id,
								    x->region_code)))
		input(r, "org_id", L(r, "所在单位编号", "Organisation number"),
		      posted_or(r, "org_id", x->org_id ? num(r, x->org_id) : NULL), "number", 1, e,
		      L(r, "单位页面地址 /orgs/编号 中的编号", "the number in the organisation's page address /orgs/N"));
	html(r, "<div class=\"field\"><label for=\"f-title\">");
	html_txt(r, L(r, "职称", "Title"));
	html(r, " <abbr title=\"required\">*</abbr></label>");
	title_select(r, "title", posted_or(r, "title", x->title), 0);
	html(r, "</div>");
	input(r, "disciplines", L(r, "学科代码（GB/T 13745）", "Discipline codes (GB/T 13745)"),
	      posted_or(r, "disciplines", x->disciplines), "text", 1, e,
	      L(r, "一至五个代码，用空格分隔，如 52020 51030；见“学科分类代码”",
		"one to five codes separated by spaces, e.g. 52020 51030; see Discipline codes"));
	input(r, "keywords", L(r, "研究方向（每行一个）", "Research keywords (one per line)"),
	      posted_or(r, "keywords", lines_text(x->keywords)), "textarea", 0, e, NULL);
	input(r, "keywords_en", L(r, "英文研究方向（每行一个）", "Research keywords in English (one per line)"),
	      posted_or(r, "keywords_en", lines_text(x->keywords_en)), "textarea", 0, e, NULL);
	input(r, "biography", L(r, "个人简介", "Biography"), posted_or(r, "biography", x->biography),
	      "textarea", 0, e, NULL);
	input(r, "papers", L(r, "论文数", "Papers"), posted_or(r, "papers", num(r, x->papers)),
	      "number", 0, e, NULL);
	input(r, "patents", L(r, "专利数", "Patents"), posted_or(r, "patents", num(r, x->patents)),
	      "number", 0, e, NULL);
	input(r, "projects", L(r, "主持项目数", "Projects led"),
	      posted_or(r, "projects", num(r, x->projects)), "number", 0, e, NULL);
	input(r, "awards", L(r, "获奖数", "Awards"), posted_or(r, "awards", num(r, x->awards)),
	      "number", 0, e, NULL);
	input(r, "orcid", "ORCID", posted_or(r, "orcid", x->orcid), "text", 0, e,
	      L(r, "如 0000-0002-1825-0097", "e.g. 0000-0002-1825-0097"));
	/* contact details only for those who may see them (or when adding) */
	if (!editing || contact) {
		input(r, "email", L(r, "电子邮箱", "Email"), posted_or(r, "email", x->email), "email", 0,
		      e, L(r, "个人信息，仅本人、区域协调员和共同体办公室可见",
			    "personal: shown only to the expert, coordinators and the office"));
		input(r, "phone", L(r, "电话", "Phone"), posted_or(r, "phone", x->phone), "tel", 0, e,
		      NULL);
	}
	html(r, "<p><button type=\"submit\">");
	html_txt(r, L(r, "保存", "Save"));
	html(r, "</button></p></form>");
	if (editing) {
		htmlf(r, "<form method=\"post\" class=\"danger\" action=\"/experts/%lld/delete\">",
		      (long long)x->id);
		html_csrf(r);
		html(r, "<p>");
		html_txt(r, L(r, "删除此专家档案及其学科、回避声明和项目角色。此操作不可撤销。",
			      "Delete this profile with its disciplines, declared conflicts and project"
			      " roles. This cannot be undone."));
		html(r, "</p><button type=\"submit\">");
		html_txt(r, L(r, "删除专家档案", "Delete the profile"));
		html(r, "</button></form>");
	}
}

/* The declared conflicts, with forms to add and remove them. */
static void conflicts_section(struct req *r, int64_t id)
{
	struct expert_conflict *ks;
	struct derr e = { 0 };
	size_t n;
	if (expert_conflicts(&r->ctx, id, &ks, &n, &e) < 0)
		return;
	html(r, "<section id=\"conflicts\"><h2>");
	html_txt(r, L(r, "回避声明", "Declared conflicts of interest"));
	html(r, "</h2>");
	if (n) {
		html(r, "<ul>");
		for (size_t i = 0; i < n; i++) {
			html(r, "<li>");
			if (ks[i].org_id) {
				html_txt(r, L(r, "单位：", "Organisation: "));
				html_txt(r, ks[i].org_zh ? ks[i].org_zh : "?");
			} else {
				html_txt(r, L(r, "专家：", "Expert: "));
				html_txt(r, ks[i].other_name ? ks[i].other_name : "?");
			}
			if (ks[i].reason) {
				html(r, " — ");
				html_txt(r, ks[i].reason);
			}
			htmlf(r, " <form method=\"post\" class=\"inline\" action=\"/expert-conflicts/%lld/delete\">",
			      (long long)ks[i].id);
			html_csrf(r);
			html(r, "<button type=\"submit\" class=\"link\">");
			html_txt(r, L(r, "撤销", "Remove"));
			html(r, "</button></form></li>");
		}
		html(r, "</ul>");
	}
	htmlf(r, "<form method=\"post\" class=\"record\" action=\"/experts/%lld/conflicts\">",
	      (long long)id);
	html_csrf(r);
	input(r, "conflict_org", L(r, "回避单位编号", "Organisation number to avoid"), NULL, "number",
	      0, NULL, NULL);
	input(r, "conflict_expert", L(r, "或回避专家编号", "or expert number to avoid"), NULL,
	      "number", 0, NULL, NULL);
	input(r, "reason", L(r, "原因", "Reason"), NULL, "text", 0, NULL, NULL);
	html(r, "<p><button type=\"submit\">");
	html_txt(r, L(r, "添加回避声明", "Declare a conflict"));
	html(r, "</button></p></form></section>");
}

int web_expert_new(struct req *r)
{
	struct expert blank;
	memset(&blank, 0, sizeof blank);
	if (!expert_may_add(&r->ctx))
		return reply_error(r, 403, "forbidden", NULL,
				   "only organisation administrators, coordinators and the office add experts");
	if (role_of(r->ctx.user) == ROLE_ORG_ADMIN)
		blank.org_id = r->ctx.user->org_id;
	expert_form(r, &blank, NULL, 1);
	page_end(r);
	return 0;
}

/* The posted form as the domain's JSON input. */
static json_t *posted(struct req *r, struct derr *e)
{
	static const char *const lists[] = { "keywords", "keywords_en", "disciplines" };
	const char **keys = arena_alloc(r->a, (r->nform + 1) * sizeof *keys);
	const char **vals = arena_alloc(r->a, (r->nform + 1) * sizeof *vals);
	json_t *j;
	if (!keys || !vals) {
		derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < r->nform; i++) {
		keys[i] = r->form[i].key;
		vals[i] = r->form[i].val;
	}
	if (!(j = fields_from_pairs(expert_fields, keys, vals, r->nform, e)))
		return NULL;
	for (size_t i = 0; i < 3; i++) {
		const char *v = form_str(r, lists[i]);
		if (v)
			json_object_set_new(j, lists[i], json_string(v));
	}
	/* the link to an account is not set through the form */
	json_object_del(j, "account_id");
	return j;
}

int web_expert_create(struct req *r)
{
	struct derr e = { 0 };
	struct expert blank;
	int64_t id;
	json_t *in = posted(r, &e);
	if (in && expert_create(&r->ctx, in, &id, &e) == 0) {
		json_decref(in);
		return reply_redirect(r, arena_printf(r->a, "/experts/%lld", (long long)id));
	}
	json_decref(in);
	if (e.kind != DERR_INVALID && e.kind != DERR_CONFLICT)
		return reply_derr(r, &e);
	memset(&blank, 0, sizeof blank);
	r->status = derr_status(&e);
	expert_form(r, &blank, &e, 1);
	page_end(r);
	return 0;
}

int web_expert_edit(struct req *r)
{
	struct expert x;
	struct derr e = { 0 };
	int contact;
	if (expert_get(&r->ctx, r->id, &x, &e) < 0)
		return reply_derr(r, &e);
	if (!expert_may_edit(&r->ctx, &x))
		return reply_error(r, 403, "forbidden", NULL, "you may not edit this expert");
	/* filling in the contact fields is a view of them: audited */
	contact = expert_may_see_contact(&r->ctx, &x);
	if (contact && expert_contact(&r->ctx, r->id, &x, &e) < 0)
		return reply_derr(r, &e);
	expert_form(r, &x, NULL, contact);
	conflicts_section(r, x.id);
	page_end(r);
	return 0;
}

int web_expert_save(struct req *r)
{
	struct expert x;
	struct derr e = { 0 };
	json_t *in = posted(r, &e);
	if (in && expert_update(&r->ctx, r->id, in, FIELDS_PATCH, &e) == 0) {
		json_decref(in);
		return reply_redirect(r, arena_printf(r->a, "/experts/%lld", (long long)r->id));
	}
	json_decref(in);
	if (e.kind != DERR_INVALID && e.kind != DERR_CONFLICT) {
		return reply_derr(r, &e);
	}
	{
		struct derr e2 = { 0 };
		if (expert_get(&r->ctx, r->id, &x, &e2) < 0)
			return reply_derr(r, &e2);
	}
	r->status = derr_status(&e);
	expert_form(r, &x, &e, form_str(r, "email") != NULL);
	page_end(r);
	return 0;
}

int web_expert_delete(struct req *r)
{
	struct derr e = { 0 };
	if (expert_delete(&r->ctx, r->id, &e) < 0)
		return reply_derr(r, &e);
	return reply_redirect(r, "/experts");
}

int web_expert_conflict_add(struct req *r)
{
	struct derr e = { 0 };
	const char *org = form_str(r, "conflict_org"), *other = form_str(r, "conflict_expert"),
		   *reason = form_str(r, "reason");
	json_t *in = json_object();
	int64_t v, id;
	if (!in)
		return reply_error(r, 500, "internal", NULL, "out of memory");
	if (org && *org) {
		if (parse_i64(org, 1, INT64_MAX, &v) < 0) {
			json_decref(in);
			return reply_error(r, 400, "wrong_type", "org_id", "the organisation number is a whole number");
		}
		json_object_set_new(in, "org_id", json_integer(v));
	}
	if (other && *other) {
		if (parse_i64(other, 1, INT64_MAX, &v) < 0) {
			json_decref(in);
			return reply_error(r, 400, "wrong_type", "expert_id", "the expert number is a whole number");
		}
		json_object_set_new(in, "expert_id", json_integer(v));
	}
	if (reason && *reason)
		json_object_set_new(in, "reason", json_string(reason));
	if (expert_conflict_add(&r->ctx, r->id, in, &id, &e) < 0) {
		json_decref(in);
		return reply_derr(r, &e);
	}
	json_decref(in);
	return reply_redirect(r, arena_printf(r->a, "/experts/%lld/edit#conflicts", (long long)r->id));
}

int web_expert_conflict_delete(struct req *r)
{
	struct expert_conflict k;
	struct derr e = { 0 };
	int64_t expert = 0;
	if (store_conflict_get(r->ctx.db, r->a, r->id, &k) == 0)
		expert = k.expert_id;
	if (expert_conflict_remove(&r->ctx, r->id, &e) < 0)
		return reply_derr(r, &e);
	return reply_redirect(r, arena_printf(r->a, "/experts/%lld/edit#conflicts", (long long)expert));
}

/* ---- one's own data ------------------------------------------------------------- */

int web_me_expert(struct req *r)
{
	struct expert x;
	struct derr e = { 0 };
	if (expert_mine(&r->ctx, &x, &e) == 0) {
		page_begin(r, L(r, "我的专家档案", "My expert profile"));
		html(r, "<h1>");
		html_txt(r, L(r, "我的专家档案", "My expert profile"));
		html(r, "</h1><ul class=\"results\"><li class=\"card\">");
		expert_head(r, &x);
		html(r, "</li></ul><p class=\"actions\">");
		htmlf(r, "<a class=\"button\" href=\"/experts/%lld/edit\">", (long long)x.id);
		html_txt(r, L(r, "编辑我的档案", "Edit my profile"));
		html(r, "</a> <a href=\"/api/v1/me/expert/export\">");
		html_txt(r, L(r, "导出我的全部数据（JSON）", "Export all my data (JSON)"));
		html(r, "</a></p><form method=\"post\" class=\"danger\" action=\"/me/expert/delete\">");
		html_csrf(r);
		html(r, "<p>");
		html_txt(r, L(r, "删除我在人才库中的全部数据：档案、联系方式、学科、回避声明和项目角色。"
			      "已完成的评审抽取记录仅保留专家编号。",
			      "Delete all my data in the talent pool: profile, contact details,"
			      " disciplines, declared conflicts and project roles. Past review-panel"
			      " draws keep only the expert number."));
		html(r, "</p><button type=\"submit\">");
		html_txt(r, L(r, "删除我的数据", "Delete my data"));
		html(r, "</button></form>");
		page_end(r);
		return 0;
	}
	if (e.kind != DERR_NOT_FOUND)
		return reply_derr(r, &e);
	page_begin(r, L(r, "我的专家档案", "My expert profile"));
	html(r, "<h1>");
	html_txt(r, L(r, "我的专家档案", "My expert profile"));
	html(r, "</h1><p class=\"empty\">");
	html_txt(r, L(r, "您的账号尚未关联专家档案。请联系所在单位的管理员添加并关联。",
		      "Your account is not linked to an expert profile. Ask your organisation's"
		      " administrator to add and link it."));
	html(r, "</p>");
	page_end(r);
	return 0;
}

int web_me_expert_delete(struct req *r)
{
	struct expert x;
	struct derr e = { 0 };
	if (expert_mine(&r->ctx, &x, &e) < 0 || expert_delete(&r->ctx, x.id, &e) < 0)
		return reply_derr(r, &e);
	return reply_redirect(r, "/me/expert");
}

/* ---- the classification ------------------------------------------------------------ */

int web_disciplines(struct req *r)
{
	size_t n;
	const struct discipline *d = discipline_list(&n);
	page_begin(r, L(r, "学科分类与代码", "Classification of disciplines"));
	html(r, "<h1>");
	html_txt(r, L(r, "学科分类与代码（GB/T 13745）", "Classification and codes of disciplines (GB/T 13745)"));
	html(r, "</h1><table class=\"facts\"><thead><tr><th scope=\"col\">");
	html_txt(r, L(r, "代码", "Code"));
	html(r, "</th><th scope=\"col\">");
	html_txt(r, L(r, "学科", "Discipline"));
	html(r, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		html(r, d[i].parent ? "<tr><td>" : "<tr class=\"first\"><td><strong>");
		html_txt(r, d[i].code);
		html(r, d[i].parent ? "</td><td>" : "</strong></td><td><strong>");
		html_txt(r, L(r, d[i].name_zh, d[i].name_en));
		html(r, d[i].parent ? "</td></tr>" : "</strong></td></tr>");
	}
	html(r, "</tbody></table>");
	page_end(r);
	return 0;
}
