/*
 * projects.c — joint projects through the pages: the list with its
 * filters, one project with its members, experts, funding, milestones
 * (with the leads' forms to add and update them) and outputs.  The form
 * to register or change a project and the import are in project_form.c;
 * the rules are in domain/project.c.
 */
#include <stdio.h>
#include <string.h>
#include "core/cst.h"
#include "core/util.h"
#include "domain/catalog.h"
#include "domain/industry.h"
#include "domain/joint.h"
#include "domain/project.h"
#include "http/html.h"
#include "store/store.h"
#include "web/web.h"
#include "core/banned.h"

static const struct term member_roles[] = {
	{ "lead", "牵头单位", "Lead" },
	{ "member", "参与单位", "Member" },
	{ NULL, NULL, NULL },
};

static void period(struct req *r, const struct project *p)
{
	if (p->end_year > 0)
		htmlf(r, "%lld–%lld", (long long)p->start_year, (long long)p->end_year);
	else if (p->start_year > 0)
		htmlf(r, "%lld–", (long long)p->start_year);
}

/* ---- the list ---------------------------------------------------------------- */

int web_projects(struct req *r)
{
	struct project_query q;
	struct project *rows;
	struct region *rs;
	struct derr e = { 0 };
	int64_t total, cross;
	size_t n, nr;
	char ys[16] = "";

	memset(&q, 0, sizeof q);
	q.q = q_str(r, "q");
	q.region = q_str(r, "region");
	q.field = q_str(r, "field");
	q.status = q_str(r, "status");
	if (q_int(r, "cross_region", 0, 0, 1, &cross) < 0 ||
	    q_int(r, "year", 0, 1990, 2100, &q.year) < 0 ||
	    q_int(r, "consortium", 0, 1, INT64_MAX, &q.consortium_id) < 0 ||
	    q_int(r, "page", 1, 1, 100000, &q.page) < 0)
		return -1;
	q.cross_region = (int)cross;
	q.per_page = 20;
	if (project_list(&r->ctx, &q, &rows, &n, &total, &e) < 0)
		return reply_derr(r, &e);
	if (q.year)
		snprintf(ys, sizeof ys, "%lld", (long long)q.year);
	page_begin(r, L(r, "联合攻关项目", "Joint projects"));
	joint_tabs(r);
	html(r, "<h1>");
	html_txt(r, L(r, "联合攻关项目", "Joint research projects"));
	html(r, "</h1>");
	if (project_may_create(&r->ctx)) {
		html(r, "<p class=\"actions\"><a class=\"button\" href=\"/projects/new\">");
		html_txt(r, L(r, "登记项目", "Register a project"));
		html(r, "</a> <a class=\"button\" href=\"/projects/import\">");
		html_txt(r, L(r, "批量导入", "Import"));
		html(r, "</a></p>");
	}
	html(r, "<form class=\"filters\" method=\"get\" action=\"/projects\" role=\"search\">"
		"<div class=\"grid\"><label>");
	html_txt(r, L(r, "项目名称", "Title"));
	html(r, "<input type=\"search\" name=\"q\" value=\"");
	html_attr(r, q.q ? q.q : "");
	html(r, "\"></label><label>");
	html_txt(r, L(r, "区域", "Region"));
	html(r, "<select name=\"region\">");
	html_option(r, "", L(r, "全部区域", "All regions"), q.region);
	if (store_region_list(r->ctx.db, r->a, 0, &rs, &nr) == 0)
		for (size_t i = 0; i < nr; i++)
			html_option(r, rs[i].code, L(r, rs[i].name_zh, rs[i].name_en), q.region);
	html(r, "</select></label><label>");
	html_txt(r, L(r, "产业领域", "Field"));
	html(r, "<select name=\"field\">");
	html_option(r, "", L(r, "全部领域", "All fields"), q.field);
	for (const struct term *t = vocab_industry; t->key; t++)
		html_option(r, t->key, L(r, t->zh, t->en), q.field);
	html(r, "</select></label><label>");
	html_txt(r, L(r, "状态", "Status"));
	html(r, "<select name=\"status\">");
	html_option(r, "", L(r, "全部", "All"), q.status);
	for (const struct term *t = vocab_project_status; t->key; t++)
		html_option(r, t->key, L(r, t->zh, t->en), q.status);
	html(r, "</select></label><label>");
	html_txt(r, L(r, "在研年份", "Running in"));
	html(r, "<input type=\"number\" name=\"year\" min=\"1990\" max=\"2100\" value=\"");
	html_attr(r, ys);
	html(r, "\"></label><label>");
	html_txt(r, L(r, "范围", "Scope"));
	html(r, "<select name=\"cross_region\">");
	html_option(r, "", L(r, "全部项目", "All projects"), cross ? "1" : "");
	html_option(r, "1", L(r, "仅跨区域项目", "Cross-region only"), cross ? "1" : "");
	html(r, "</select></label></div><button type=\"submit\">");
	html_txt(r, L(r, "筛选", "Filter"));
	html(r, "</button></form>");
	html(r, "<p class=\"count\" id=\"project-total\">");
	html_txt(r, arena_printf(r->a, req_en(r) ? "%lld projects" : "共 %lld 个项目", (long long)total));
	html(r, "</p>");
	if (!n) {
		html(r, "<p class=\"empty\">");
		html_txt(r, L(r, "没有符合条件的项目。", "No project matches."));
		html(r, "</p>");
	} else {
		html(r, "<table id=\"projects\"><thead><tr><th scope=\"col\">");
		html_txt(r, L(r, "项目", "Project"));
		html(r, "</th><th scope=\"col\">");
		html_txt(r, L(r, "牵头单位", "Lead"));
		html(r, "</th><th scope=\"col\">");
		html_txt(r, L(r, "周期", "Period"));
		html(r, "</th><th scope=\"col\" class=\"num\">");
		html_txt(r, L(r, "总经费", "Funding"));
		html(r, "</th><th scope=\"col\">");
		html_txt(r, L(r, "状态", "Status"));
		html(r, "</th></tr></thead><tbody>");
		for (size_t i = 0; i < n; i++) {
			const struct project *p = &rows[i];
			htmlf(r, "<tr data-id=\"%lld\"><th scope=\"row\"><a href=\"/projects/%lld\">",
			      (long long)p->id, (long long)p->id);
			html_txt(r, p->title);
			html(r, "</a>");
			if (p->regions >= 2) {
				html(r, " <span class=\"badge cross\">");
				html_txt(r, arena_printf(r->a, req_en(r) ? "%lld regions" : "跨%lld个区域",
							 (long long)p->regions));
				html(r, "</span>");
			}
			html(r, "</th><td>");
			html_txt(r, L(r, p->lead_zh ? p->lead_zh : "", p->lead_en && *p->lead_en ? p->lead_en
									: p->lead_zh ? p->lead_zh : ""));
			html(r, "</td><td>");
			period(r, p);
			html(r, "</td><td class=\"num\">");
			html_money(r, p->total_cny);
			html(r, "</td><td>");
			joint_badge(r, "pj", vocab_project_status, p->status);
			html(r, "</td></tr>");
		}
		html(r, "</tbody></table>");
	}
	html_pager(r, q.page, q.per_page, total);
	page_end(r);
	return 0;
}

/* ---- one project --------------------------------------------------------------- */

static void fact(struct req *r, const char *label, const char *value)
{
	html(r, "<tr><th scope=\"row\">");
	html_txt(r, label);
	html(r, "</th><td>");
	html_txt(r, value && *value ? value : "—");
	html(r, "</td></tr>");
}

static void funding_table(struct req *r, const struct project *p)
{
	html(r, "<table id=\"funding\"><thead><tr><th scope=\"col\">");
	html_txt(r, L(r, "资金来源", "Source"));
	html(r, "</th><th scope=\"col\">");
	html_txt(r, L(r, "区域", "Region"));
	html(r, "</th><th scope=\"col\">");
	html_txt(r, L(r, "年度", "Year"));
	html(r, "</th><th scope=\"col\" class=\"num\">");
	html_txt(r, L(r, "金额", "Amount"));
	html(r, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < p->nfunding; i++) {
		const struct funding_line *f = &p->funding[i];
		html(r, "<tr><td>");
		html_txt(r, vocab_label(vocab_funding_source, f->source, r->lang));
		if (f->note) {
			html(r, " <small>");
			html_txt(r, f->note);
			html(r, "</small>");
		}
		html(r, "</td><td>");
		html_txt(r, L(r, f->region_zh ? f->region_zh : "", f->region_en ? f->region_en : ""));
		htmlf(r, "</td><td>%lld</td><td class=\"num\">", (long long)f->year);
		html_money(r, f->amount_cny);
		html(r, "</td></tr>");
	}
	html(r, "</tbody><tfoot><tr><th scope=\"row\" colspan=\"3\">");
	html_txt(r, L(r, "合计", "Total"));
	html(r, "</th><td class=\"num\">");
	html_money(r, p->total_cny);
	html(r, "</td></tr></tfoot></table>");
}

static void milestones(struct req *r, const struct project *p, int lead)
{
	char today[16];
	cst_format_day(cst_day(now_unix()), today, sizeof today);
	html(r, "<section id=\"milestones\"><h2>");
	html_txt(r, L(r, "里程碑", "Milestones"));
	html(r, "</h2>");
	if (!p->nmilestones) {
		html(r, "<p class=\"empty\">");
		html_txt(r, L(r, "尚未设置里程碑。", "No milestones yet."));
		html(r, "</p>");
	} else {
		html(r, "<table><thead><tr><th scope=\"col\">");
		html_txt(r, L(r, "里程碑", "Milestone"));
		html(r, "</th><th scope=\"col\">");
		html_txt(r, L(r, "计划完成", "Due"));
		html(r, "</th><th scope=\"col\">");
		html_txt(r, L(r, "状态", "Status"));
		html(r, "</th></tr></thead><tbody>");
		for (size_t i = 0; i < p->nmilestones; i++) {
			const struct milestone *m = &p->milestones[i];
			int late = strcmp(m->due_on, today) < 0 && strcmp(m->status, "done") != 0 &&
				   strcmp(m->status, "cancelled") != 0;
			htmlf(r, "<tr data-id=\"%lld\"><td>", (long long)m->id);
			html_txt(r, m->title);
			if (m->note) {
				html(r, "<br><small>");
				html_txt(r, m->note);
				html(r, "</small>");
			}
			html(r, "</td><td>");
			html_txt(r, m->due_on);
			if (late) {
				html(r, " <span class=\"badge late\">");
				html_txt(r, L(r, "已逾期", "overdue"));
				html(r, "</span>");
			}
			html(r, "</td><td>");
			if (lead) {
				htmlf(r, "<form method=\"post\" action=\"/milestones/%lld\" class=\"inline\">",
				      (long long)m->id);
				html_csrf(r);
				htmlf(r, "<label class=\"sr\" for=\"ms-%lld\">", (long long)m->id);
				html_txt(r, L(r, "状态", "Status"));
				htmlf(r, "</label><select id=\"ms-%lld\" name=\"status\">", (long long)m->id);
				for (const struct term *t = vocab_milestone_status; t->key; t++)
					html_option(r, t->key, L(r, t->zh, t->en), m->status);
				html(r, "</select> <button type=\"submit\">");
				html_txt(r, L(r, "更新", "Update"));
				html(r, "</button></form>");
			} else {
				joint_badge(r, "ms", vocab_milestone_status, m->status);
			}
			if (m->done_on) {
				html(r, " <small>");
				html_txt(r, m->done_on);
				html(r, "</small>");
			}
			html(r, "</td></tr>");
		}
		html(r, "</tbody></table>");
	}
	if (lead) {
		htmlf(r, "<form method=\"post\" action=\"/projects/%lld/milestones\" class=\"record\""
			 " id=\"milestone-form\"><h3>", (long long)p->id);
		html_txt(r, L(r, "添加里程碑", "Add a milestone"));
		html(r, "</h3>");
		html_csrf(r);
		joint_input(r, "title", L(r, "里程碑", "Milestone"), "text", NULL, 1);
		joint_input(r, "due_on", L(r, "计划完成日期", "Due on"), "date", NULL, 1);
		html(r, "<button type=\"submit\">");
		html_txt(r, L(r, "添加", "Add"));
		html(r, "</button></form>");
	}
	html(r, "</section>");
}

static void outputs(struct req *r, const struct project *p, int may)
{
	html(r, "<section id=\"outputs\"><h2>");
	html_txt(r, L(r, "成果", "Outputs"));
	html(r, "</h2>");
	if (!p->noutputs) {
		html(r, "<p class=\"empty\">");
		html_txt(r, L(r, "尚未登记成果。", "No outputs yet."));
		html(r, "</p>");
	} else {
		html(r, "<ul>");
		for (size_t i = 0; i < p->noutputs; i++) {
			const struct project_output *o = &p->outputs[i];
			html(r, "<li>");
			joint_badge(r, "out", vocab_output_kind, o->kind);
			html(r, " ");
			html_txt(r, o->title);
			if (o->ref) {
				html(r, " <small>");
				html_txt(r, o->ref);
				html(r, "</small>");
			}
			if (o->year > 0)
				htmlf(r, " <small>%lld</small>", (long long)o->year);
			if (may) {
				htmlf(r, " <form method=\"post\" action=\"/project-outputs/%lld/delete\""
					 " class=\"inline\">", (long long)o->id);
				html_csrf(r);
				html(r, "<button type=\"submit\" class=\"link\">");
				html_txt(r, L(r, "删除", "Delete"));
				html(r, "</button></form>");
			}
			html(r, "</li>");
		}
		html(r, "</ul>");
	}
	if (may) {
		htmlf(r, "<form method=\"post\" action=\"/projects/%lld/outputs\" class=\"record\""
			 " id=\"output-form\"><h3>", (long long)p->id);
		html_txt(r, L(r, "登记成果", "Add an output"));
		html(r, "</h3>");
		html_csrf(r);
		joint_select(r, "kind", L(r, "成果类型", "Kind"), vocab_output_kind, "patent", NULL);
		joint_input(r, "out_title", L(r, "成果名称", "Title"), "text", NULL, 1);
		joint_input(r, "ref", L(r, "编号（专利号、DOI、标准号）", "Reference"), "text", NULL, 0);
		html(r, "<button type=\"submit\">");
		html_txt(r, L(r, "登记", "Add"));
		html(r, "</button></form>");
	}
	html(r, "</section>");
}

int web_project(struct req *r)
{
	struct project p;
	struct derr e = { 0 };
	int lead, edit;
	char num[64];

	if (project_get(&r->ctx, r->id, &p, &e) < 0)
		return reply_derr(r, &e);
	lead = project_may_edit_milestones(&r->ctx, &p);
	edit = project_may_edit(&r->ctx, &p);
	page_begin(r, p.title);
	joint_tabs(r);
	html(r, "<article class=\"project\"><h1>");
	html_txt(r, p.title);
	html(r, "</h1>");
	if (p.title_en) {
		html(r, "<p class=\"sub\" lang=\"en\">");
		html_txt(r, p.title_en);
		html(r, "</p>");
	}
	html(r, "<p>");
	joint_badge(r, "pj", vocab_project_status, p.status);
	if (p.regions >= 2) {
		html(r, " <span class=\"badge cross\" id=\"cross-region\">");
		html_txt(r, arena_printf(r->a, req_en(r) ? "cross-region: %lld regions" : "跨区域：%lld 个区域",
					 (long long)p.regions));
		html(r, "</span>");
	}
	html(r, "</p><table class=\"facts\"><tbody>");
	html(r, "<tr><th scope=\"row\">");
	html_txt(r, L(r, "牵头单位", "Lead organisation"));
	htmlf(r, "</th><td><a href=\"/orgs/%lld\">", (long long)p.lead_org_id);
	html_txt(r, L(r, p.lead_zh ? p.lead_zh : "", p.lead_en && *p.lead_en ? p.lead_en
							: p.lead_zh ? p.lead_zh : ""));
	html(r, "</a></td></tr>");
	fact(r, L(r, "产业领域", "Field"), p.field ? vocab_label(vocab_industry, p.field, r->lang) : NULL);
	snprintf(num, sizeof num, "%lld–%lld", (long long)p.start_year, (long long)p.end_year);
	fact(r, L(r, "实施周期", "Period"), p.end_year > 0 ? num : NULL);
	if (p.consortium_id) {
		html(r, "<tr><th scope=\"row\">");
		html_txt(r, L(r, "创新联合体", "Consortium"));
		htmlf(r, "</th><td><a href=\"/consortia/%lld\">", (long long)p.consortium_id);
		html_txt(r, p.consortium_name ? p.consortium_name : "");
		html(r, "</a></td></tr>");
	}
	if (p.challenge_id) {
		html(r, "<tr><th scope=\"row\">");
		html_txt(r, L(r, "来源榜单", "From challenge"));
		htmlf(r, "</th><td><a id=\"from-challenge\" href=\"/challenges/%lld\">#%lld</a></td></tr>",
		      (long long)p.challenge_id, (long long)p.challenge_id);
	}
	fact(r, L(r, "总经费", "Total funding"), money_str(r, p.total_cny));
	fact(r, L(r, "其中财政资金", "Fiscal funds"), money_str(r, p.fiscal_cny));
	fact(r, L(r, "企业投入", "Enterprise funds"), money_str(r, p.enterprise_cny));
	fact(r, L(r, "社会资本", "Social capital"), money_str(r, p.social_cny));
	html(r, "</tbody></table>");
	if (p.summary) {
		html(r, "<h2>");
		html_txt(r, L(r, "项目简介", "Summary"));
		html(r, "</h2><p class=\"pre\">");
		html_txt(r, p.summary);
		html(r, "</p>");
	}
	html(r, "<h2>");
	html_txt(r, arena_printf(r->a, req_en(r) ? "Members (%zu)" : "参与单位（%zu）", p.nmembers));
	html(r, "</h2>");
	joint_parties_table(r, p.members, p.nmembers, "members", member_roles);
	if (p.nexperts) {
		html(r, "<h2>");
		html_txt(r, L(r, "专家团队", "Experts"));
		html(r, "</h2>");
		joint_persons_list(r, p.experts, p.nexperts, "experts");
	}
	if (p.nfunding) {
		html(r, "<h2>");
		html_txt(r, L(r, "经费构成", "Funding"));
		html(r, "</h2>");
		funding_table(r, &p);
	}
	milestones(r, &p, lead);
	outputs(r, &p, lead || edit);
	if (edit) {
		htmlf(r, "<p class=\"actions\"><a class=\"button\" href=\"/projects/%lld/edit\">",
		      (long long)p.id);
		html_txt(r, L(r, "编辑项目", "Edit the project"));
		html(r, "</a></p>");
	}
	html(r, "</article>");
	page_end(r);
	return 0;
}

/* ---- milestones and outputs from the page's forms ------------------------------------ */

/* Answers a refusal of a small form as an error page naming the field. */
static int refused(struct req *r, const struct derr *e, const struct field *spec)
{
	const struct field *f = fields_find(spec, e->field);
	return reply_error(r, derr_status(e), e->code, e->field[0] ? e->field : NULL, "%s",
			   web_field_error(r, e, f ? field_label(f, r->lang) : NULL));
}

int web_milestone_add(struct req *r)
{
	struct derr e = { 0 };
	json_t *in = json_pack("{s:s, s:s}", "title", joint_posted(r, "title"),
			       "due_on", joint_posted(r, "due_on"));
	int64_t id;
	int rc;
	if (!in)
		return reply_error(r, 400, "bad_encoding", NULL, "the form is not valid UTF-8");
	rc = milestone_add(&r->ctx, r->id, in, now_unix(), &id, &e);
	json_decref(in);
	if (rc < 0)
		return refused(r, &e, milestone_fields);
	return reply_redirect(r, arena_printf(r->a, "/projects/%lld#milestones", (long long)r->id));
}

int web_milestone_save(struct req *r)
{
	struct milestone m;
	struct derr e = { 0 };
	json_t *in;
	int rc;
	if (milestone_get(&r->ctx, r->id, &m, &e) < 0)
		return reply_derr(r, &e);
	if (!(in = json_pack("{s:s}", "status", joint_posted(r, "status"))))
		return reply_error(r, 400, "bad_encoding", "status", "the form is not valid UTF-8");
	rc = milestone_update(&r->ctx, r->id, in, now_unix(), &e);
	json_decref(in);
	if (rc < 0)
		return refused(r, &e, milestone_fields);
	return reply_redirect(r, arena_printf(r->a, "/projects/%lld#milestones", (long long)m.project_id));
}

int web_output_add(struct req *r)
{
	struct derr e = { 0 };
	json_t *in = json_pack("{s:s, s:s}", "kind", joint_posted(r, "kind"),
			       "title", joint_posted(r, "out_title"));
	int64_t id;
	int rc;
	if (!in)
		return reply_error(r, 400, "bad_encoding", NULL, "the form is not valid UTF-8");
	if (*joint_posted(r, "ref"))
		json_object_set_new(in, "ref", json_string(joint_posted(r, "ref")));
	rc = output_add(&r->ctx, r->id, in, &id, &e);
	json_decref(in);
	if (rc < 0)
		return refused(r, &e, output_fields);
	return reply_redirect(r, arena_printf(r->a, "/projects/%lld#outputs", (long long)r->id));
}

int web_output_delete(struct req *r)
{
	struct derr e = { 0 };
	struct project_output o;
	if (output_get(&r->ctx, r->id, &o, &e) < 0 || output_delete(&r->ctx, r->id, &e) < 0)
		return reply_derr(r, &e);
	return reply_redirect(r, arena_printf(r->a, "/projects/%lld#outputs", (long long)o.project_id));
}
