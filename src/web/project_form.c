/*
 * project_form.c — the form that registers or changes a joint project,
 * and the import of a pasted sheet with its dry run.  The form is turned
 * into the API's document (organisations typed by id or exact name,
 * experts by id, up to six funding lines) and checked by the domain, so a
 * page and an API call can never disagree.
 */
#include <stdio.h>
#include <string.h>
#include "core/util.h"
#include "domain/catalog.h"
#include "domain/consortium.h"
#include "domain/industry.h"
#include "domain/joint.h"
#include "domain/project.h"
#include "http/html.h"
#include "store/store.h"
#include "web/web.h"
#include "core/banned.h"

#define FORM_LINES 6   /* funding lines on a new form; an edit shows two more than it has */

/* The value of a field: posted if the form came back, else the fallback. */
static const char *val(struct req *r, const char *name, const char *fallback)
{
	return r->nform ? joint_posted(r, name) : fallback ? fallback : "";
}

static const char *num(struct req *r, int64_t v)
{
	return v > 0 ? arena_printf(r->a, "%lld", (long long)v) : "";
}

static void consortium_select(struct req *r, const char *current)
{
	struct consortium_query q = { .page = 1, .per_page = 100 };
	struct consortium *ks;
	struct derr e = { 0 };
	size_t n = 0;
	int64_t total;
	html(r, "<label for=\"f-consortium_id\">");
	html_txt(r, L(r, "所属创新联合体", "Innovation consortium"));
	html(r, "</label><select id=\"f-consortium_id\" name=\"consortium_id\">");
	html_option(r, "", "—", current);
	if (consortium_list(&r->ctx, &q, &ks, &n, &total, &e) == 0)
		for (size_t i = 0; i < n; i++)
			html_option(r, arena_printf(r->a, "%lld", (long long)ks[i].id), ks[i].name, current);
	html(r, "</select>");
}

static void funding_rows(struct req *r, const struct project *p)
{
	struct region *rs;
	size_t nr = 0, rows = p && p->nfunding + 2 > FORM_LINES ? p->nfunding + 2 : FORM_LINES;
	if (rows > PROJECT_MAX_FUNDING)
		rows = PROJECT_MAX_FUNDING;
	store_region_list(r->ctx.db, r->a, 0, &rs, &nr);
	html(r, "<fieldset id=\"funding-lines\"><legend>");
	html_txt(r, L(r, "经费构成（各行合计须等于总经费）", "Funding lines (they must add up to the total)"));
	html(r, "</legend><table><thead><tr><th scope=\"col\">");
	html_txt(r, L(r, "资金来源", "Source"));
	html(r, "</th><th scope=\"col\">");
	html_txt(r, L(r, "区域", "Region"));
	html(r, "</th><th scope=\"col\">");
	html_txt(r, L(r, "年度", "Year"));
	html(r, "</th><th scope=\"col\">");
	html_txt(r, L(r, "金额（元）", "Amount (CNY)"));
	html(r, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < rows; i++) {
		const struct funding_line *f = p && i < p->nfunding ? &p->funding[i] : NULL;
		const char *src = val(r, arena_printf(r->a, "source_%zu", i), f ? f->source : NULL);
		const char *reg = val(r, arena_printf(r->a, "region_%zu", i), f ? f->region_code : NULL);
		html(r, "<tr><td>");
		htmlf(r, "<label class=\"sr\" for=\"f-source_%zu\">", i);
		html_txt(r, arena_printf(r->a, req_en(r) ? "Source of line %zu" : "第%zu行资金来源", i + 1));
		htmlf(r, "</label><select id=\"f-source_%zu\" name=\"source_%zu\">", i, i);
		for (const struct term *t = vocab_funding_source; t->key; t++)
			html_option(r, t->key, L(r, t->zh, t->en), src);
		html(r, "</select></td><td>");
		htmlf(r, "<label class=\"sr\" for=\"f-region_%zu\">", i);
		html_txt(r, arena_printf(r->a, req_en(r) ? "Region of line %zu" : "第%zu行区域", i + 1));
		htmlf(r, "</label><select id=\"f-region_%zu\" name=\"region_%zu\">", i, i);
		html_option(r, "", L(r, "牵头单位所在区域", "The lead's region"), reg);
		for (size_t k = 0; k < nr; k++)
			html_option(r, rs[k].code, L(r, rs[k].name_zh, rs[k].name_en), reg);
		html(r, "</select></td><td>");
		htmlf(r, "<label class=\"sr\" for=\"f-year_%zu\">", i);
		html_txt(r, arena_printf(r->a, req_en(r) ? "Year of line %zu" : "第%zu行年度", i + 1));
		htmlf(r, "</label><input type=\"number\" min=\"1990\" max=\"2100\" id=\"f-year_%zu\""
			 " name=\"year_%zu\" value=\"", i, i);
		html_attr(r, val(r, arena_printf(r->a, "year_%zu", i), f ? num(r, f->year) : NULL));
		html(r, "\"></td><td>");
		htmlf(r, "<label class=\"sr\" for=\"f-amount_%zu\">", i);
		html_txt(r, arena_printf(r->a, req_en(r) ? "Amount of line %zu" : "第%zu行金额", i + 1));
		htmlf(r, "</label><input type=\"number\" min=\"1\" id=\"f-amount_%zu\" name=\"amount_%zu\""
			 " value=\"", i, i);
		html_attr(r, val(r, arena_printf(r->a, "amount_%zu", i), f ? num(r, f->amount_cny) : NULL));
		html(r, "\"></td></tr>");
	}
	html(r, "</tbody></table></fieldset>");
}

/* The members (without the lead) and experts of p as form text. */
static const char *members_text(struct req *r, const struct project *p)
{
	const char *s = "";
	for (size_t i = 0; p && i < p->nmembers; i++)
		if (p->members[i].org_id != p->lead_org_id)
			s = arena_printf(r->a, "%s%s\n", s, p->members[i].name_zh);
	return s;
}

static const char *experts_text(struct req *r, const struct project *p)
{
	const char *s = "";
	for (size_t i = 0; p && i < p->nexperts; i++)
		s = arena_printf(r->a, "%s%lld %s\n", s, (long long)p->experts[i].expert_id,
				 p->experts[i].role);
	return s;
}

static void project_form(struct req *r, const struct project *p, const struct derr *e)
{
	const char *title = p ? L(r, "编辑联合攻关项目", "Edit the joint project")
			      : L(r, "登记联合攻关项目", "Register a joint project");
	const char *lead = p ? p->lead_zh
		: r->ctx.user && r->ctx.user->org_id > 0 && !strcmp(r->ctx.user->role, "org_admin")
		? num(r, r->ctx.user->org_id) : NULL;

	page_begin(r, title);
	html(r, "<h1>");
	html_txt(r, title);
	html(r, "</h1>");
	joint_form_error(r, e, project_fields);
	if (p)
		htmlf(r, "<form method=\"post\" class=\"record\" action=\"/projects/%lld\">", (long long)p->id);
	else
		html(r, "<form method=\"post\" class=\"record\" action=\"/projects\">");
	html_csrf(r);
	joint_input(r, "title", L(r, "项目名称", "Title"), "text", val(r, "title", p ? p->title : NULL), 1);
	joint_input(r, "title_en", L(r, "英文名称", "Title (English)"), "text",
		    val(r, "title_en", p ? p->title_en : NULL), 0);
	joint_select(r, "field", L(r, "产业领域", "Field"), vocab_industry,
		     val(r, "field", p ? p->field : NULL), "—");
	joint_select(r, "status", L(r, "状态", "Status"), vocab_project_status,
		     val(r, "status", p ? p->status : "active"), NULL);
	joint_input(r, "start_year", L(r, "开始年份", "Start year"), "number",
		    val(r, "start_year", p ? num(r, p->start_year) : NULL), 1);
	joint_input(r, "end_year", L(r, "结束年份", "End year"), "number",
		    val(r, "end_year", p ? num(r, p->end_year) : NULL), 1);
	joint_input(r, "lead", L(r, "牵头单位（编号或全称）", "Lead organisation (id or full Chinese name)"),
		    "text", val(r, "lead", lead), 1);
	joint_textarea(r, "members", L(r, "参与单位（每行一个，编号或全称）",
				       "Member organisations (one a line, id or full Chinese name)"),
		       val(r, "members", members_text(r, p)), 5);
	joint_textarea(r, "experts", L(r, "专家（每行一个专家编号，可加角色 lead、co_lead 或 member）",
				       "Experts (one expert id a line, optionally with lead, co_lead or member)"),
		       val(r, "experts", experts_text(r, p)), 3);
	consortium_select(r, val(r, "consortium_id", p ? num(r, p->consortium_id) : NULL));
	joint_input(r, "total_cny", L(r, "总经费（元）", "Total funding (CNY)"), "number",
		    val(r, "total_cny", p ? arena_printf(r->a, "%lld", (long long)p->total_cny) : NULL), 1);
	funding_rows(r, p);
	joint_textarea(r, "summary", L(r, "项目简介", "Summary"), val(r, "summary", p ? p->summary : NULL), 5);
	html(r, "<p><button type=\"submit\">");
	html_txt(r, L(r, "保存", "Save"));
	html(r, "</button></p></form>");
	page_end(r);
}

/* The posted form as the API's document. */
static json_t *posted_doc(struct req *r, struct derr *e)
{
	static const char *const names[] = { "title", "title_en", "field", "status", "start_year",
					     "end_year", "total_cny", "summary", "consortium_id" };
	const char *keys[ARRAY_SIZE(names)], *vals[ARRAY_SIZE(names)];
	json_t *in, *v, *lines;

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		keys[i] = names[i];
		vals[i] = joint_posted(r, names[i]);
	}
	if (!(in = fields_from_pairs(project_fields, keys, vals, ARRAY_SIZE(names), e)))
		return NULL;
	if ((v = joint_org_ref(r, joint_posted(r, "lead"))))
		json_object_set_new(in, "lead_org_id", v);
	if (!(v = joint_org_refs(r, joint_posted(r, "members"), "members", e)))
		goto fail;
	json_object_set_new(in, "members", v);
	if (!(v = joint_expert_refs(r, joint_posted(r, "experts"), e)))
		goto fail;
	json_object_set_new(in, "experts", v);
	lines = json_array();
	json_object_set_new(in, "funding", lines);
	for (size_t i = 0; i < PROJECT_MAX_FUNDING; i++) {
		const char *amount = form_str(r, arena_printf(r->a, "amount_%zu", i));
		const char *year = joint_posted(r, arena_printf(r->a, "year_%zu", i));
		const char *region = joint_posted(r, arena_printf(r->a, "region_%zu", i));
		int64_t a, y;
		json_t *line;
		if (!amount)
			break;
		if (!*amount)
			continue;
		if (parse_i64(amount, 1, PROJECT_MAX_CNY, &a) < 0) {
			derr_set(e, DERR_INVALID, "out_of_range", arena_printf(r->a, "funding[%zu].amount_cny", i),
				 "the amount of line %zu is not a whole number of yuan", i + 1);
			goto fail;
		}
		if (parse_i64(year, 1990, 2100, &y) < 0) {
			derr_set(e, DERR_INVALID, *year ? "out_of_range" : "required",
				 arena_printf(r->a, "funding[%zu].year", i),
				 "line %zu needs its year", i + 1);
			goto fail;
		}
		line = json_pack("{s:s, s:I, s:I}", "source",
				 joint_posted(r, arena_printf(r->a, "source_%zu", i)),
				 "year", (json_int_t)y, "amount_cny", (json_int_t)a);
		if (line && *region)
			json_object_set_new(line, "region", json_string(region));
		json_array_append_new(lines, line);
	}
	return in;
fail:
	json_decref(in);
	return NULL;
}

static int form_failed(struct req *r, const struct project *p, const struct derr *e)
{
	if (e->kind != DERR_INVALID)
		return reply_derr(r, e);
	r->status = 400;
	r->no_cache = 1;
	project_form(r, p, e);
	return -1;
}

int web_project_new(struct req *r)
{
	if (!project_may_create(&r->ctx))
		return reply_error(r, 403, "forbidden", NULL, "%s",
				   L(r, "只有单位管理员、区域协调员和共同体办公室可以登记项目",
				     "only organisation administrators, coordinators and the office register projects"));
	project_form(r, NULL, NULL);
	return 0;
}

int web_project_create(struct req *r)
{
	struct derr e = { 0 };
	json_t *in = posted_doc(r, &e);
	int64_t id;
	if (!in || project_create(&r->ctx, in, &id, &e) < 0) {
		json_decref(in);
		return form_failed(r, NULL, &e);
	}
	json_decref(in);
	return reply_redirect(r, arena_printf(r->a, "/projects/%lld", (long long)id));
}

int web_project_edit(struct req *r)
{
	struct project p;
	struct derr e = { 0 };
	if (project_get(&r->ctx, r->id, &p, &e) < 0)
		return reply_derr(r, &e);
	if (!project_may_edit(&r->ctx, &p))
		return reply_error(r, 403, "forbidden", NULL, "%s",
				   L(r, "你不能修改这个项目", "you may not change this project"));
	project_form(r, &p, NULL);
	return 0;
}

int web_project_save(struct req *r)
{
	struct project p;
	struct derr e = { 0 };
	json_t *in;
	if (project_get(&r->ctx, r->id, &p, &e) < 0)
		return reply_derr(r, &e);
	if (!(in = posted_doc(r, &e)) || project_update(&r->ctx, r->id, in, &e) < 0) {
		json_decref(in);
		return form_failed(r, &p, &e);
	}
	json_decref(in);
	return reply_redirect(r, arena_printf(r->a, "/projects/%lld", (long long)r->id));
}

/* ---- import -------------------------------------------------------------------------- */

static void import_page(struct req *r, const struct project_import_result *res,
			const struct derr *e)
{
	page_begin(r, L(r, "批量导入联合攻关项目", "Import joint projects"));
	html(r, "<h1>");
	html_txt(r, L(r, "批量导入联合攻关项目", "Import joint projects"));
	html(r, "</h1><p class=\"meta\">");
	html_txt(r, L(r, "从 Excel 复制表格（含表头行）粘贴到下面，或粘贴 CSV。表头：项目名称、牵头单位、参与单位"
		      "（用分号或顿号分隔）、开始年份、结束年份、产业领域、状态、财政资金、财政资金区域、企业资金、"
		      "社会资本、总经费、创新联合体、项目简介。先“试导入”检查每一行；有任何错误行时不会导入任何项目。"
		      "XLSX 文件可通过 API 上传。",
		      "Paste a sheet copied from Excel (with its header row), or CSV. Columns: title, lead,"
		      " members (separated by ; or 、), start_year, end_year, field, status, fiscal_cny,"
		      " fiscal_region, enterprise_cny, social_cny, total_cny, consortium, summary. A dry run"
		      " checks every row; nothing is imported while any row is wrong. XLSX files go"
		      " through the API."));
	html(r, "</p>");
	if (e && e->kind) {
		html(r, "<p class=\"err\" role=\"alert\" id=\"form-error\" data-field=\"");
		html_attr(r, e->field);
		html(r, "\">");
		html_txt(r, e->message);
		html(r, "</p>");
	}
	if (res) {
		html(r, "<section id=\"import-result\"><p class=\"");
		html(r, res->nerrors ? "err" : "ok");
		html(r, "\">");
		if (res->nerrors)
			html_txt(r, arena_printf(r->a, req_en(r) ? "%lld rows, %zu wrong: nothing was imported."
							     : "共 %lld 行，其中 %zu 行有误，未导入任何项目。",
						 (long long)res->rows, res->nerrors));
		else if (res->dry_run)
			html_txt(r, arena_printf(r->a, req_en(r) ? "All %lld rows are correct (dry run: nothing saved)."
							     : "全部 %lld 行无误（试导入，未保存）。",
						 (long long)res->rows));
		else
			html_txt(r, arena_printf(r->a, req_en(r) ? "%lld projects registered."
							     : "已登记 %lld 个项目。", (long long)res->created));
		html(r, "</p>");
		if (res->nerrors) {
			html(r, "<table id=\"import-errors\"><thead><tr><th scope=\"col\">");
			html_txt(r, L(r, "行", "Row"));
			html(r, "</th><th scope=\"col\">");
			html_txt(r, L(r, "列", "Column"));
			html(r, "</th><th scope=\"col\">");
			html_txt(r, L(r, "问题", "Problem"));
			html(r, "</th></tr></thead><tbody>");
			for (size_t i = 0; i < res->nerrors; i++) {
				htmlf(r, "<tr><td>%lld</td><td>", (long long)res->errors[i].row);
				html_txt(r, res->errors[i].field);
				html(r, "</td><td>");
				html_txt(r, res->errors[i].message);
				html(r, "</td></tr>");
			}
			html(r, "</tbody></table>");
		}
		html(r, "</section>");
	}
	html(r, "<form method=\"post\" action=\"/projects/import\">");
	html_csrf(r);
	joint_textarea(r, "csv", L(r, "表格内容", "Sheet"), joint_posted(r, "csv"), 12);
	html(r, "<p class=\"actions\"><button type=\"submit\" name=\"mode\" value=\"dry_run\" id=\"dry-run\">");
	html_txt(r, L(r, "试导入", "Dry run"));
	html(r, "</button> <button type=\"submit\" name=\"mode\" value=\"import\" id=\"do-import\">");
	html_txt(r, L(r, "正式导入", "Import"));
	html(r, "</button></p></form>");
	page_end(r);
}

int web_project_import(struct req *r)
{
	if (!project_may_create(&r->ctx))
		return reply_error(r, 403, "forbidden", NULL, "you may not register projects");
	import_page(r, NULL, NULL);
	return 0;
}

int web_project_import_post(struct req *r)
{
	struct project_import_result res;
	struct derr e = { 0 };
	const char *csv = joint_posted(r, "csv");
	int dry = strcmp(joint_posted(r, "mode"), "import") != 0;

	r->no_cache = 1;
	if (project_import(&r->ctx, csv, strlen(csv), dry, &res, &e) < 0) {
		if (e.kind != DERR_INVALID)
			return reply_derr(r, &e);
		r->status = 400;
		import_page(r, NULL, &e);
		return -1;
	}
	r->status = res.nerrors ? 422 : 200;
	import_page(r, &res, NULL);
	return 0;
}
