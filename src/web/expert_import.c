/*
 * expert_import.c — the bulk import page: rows pasted from Excel (tab
 * separated) or a CSV file's text, checked with a dry run that lists every
 * bad row (line, field, why), then imported.  Whole .xlsx and .csv files
 * go through the API (POST /api/v1/experts/import) or the command line
 * (`shenrong experts import`), which also shows progress for long files.
 * And the export: the pool as a CSV or Excel download.
 */
#include <string.h>
#include "domain/expert.h"
#include "domain/discipline.h"
#include "domain/expert_import.h"
#include "http/params.h"
#include "http/html.h"
#include "web/web.h"
#include "core/banned.h"

static const char template_zh[] =
	"姓名\t单位\t职称\t学科代码\t研究方向\t英文研究方向\tORCID\t电子邮箱\n"
	"张三\t中国科学技术大学\t教授/研究员\t52020 51030\t类脑芯片；存算一体\t"
	"neuromorphic chips; computing in memory\t0000-0002-1825-0097\tzhang@example.cn";

static void import_form(struct req *r, const char *text, int dry)
{
	html(r, "<form method=\"post\" class=\"record\" action=\"/experts/import\">");
	html_csrf(r);
	html(r, "<div class=\"field\"><label for=\"f-rows\">");
	html_txt(r, L(r, "表格内容（从 Excel 复制粘贴，或 CSV 文本；第一行为列名）",
		      "The sheet (pasted from Excel, or CSV text; the first row names the columns)"));
	html(r, "</label><textarea id=\"f-rows\" name=\"rows\" rows=\"12\">");
	html_txt(r, text ? text : "");
	html(r, "</textarea><small>");
	html_txt(r, L(r, "列名：姓名、英文姓名、单位（名称或编号）、职称、学科代码、研究方向、英文研究方向、"
		      "个人简介、论文数、专利数、主持项目数、获奖数、ORCID、电子邮箱、电话。",
		      "Columns: name, name_en, organisation (name or number), title, disciplines,"
		      " keywords, keywords_en, biography, papers, patents, projects, awards, orcid,"
		      " email, phone (Chinese headings work too)."));
	html(r, "</small></div><div class=\"field\"><label><input type=\"checkbox\" name=\"dry_run\""
		" value=\"1\"");
	if (dry)
		html(r, " checked=\"checked\"");
	html(r, "> ");
	html_txt(r, L(r, "仅检查，不导入", "Check only, import nothing"));
	html(r, "</label></div><p><button type=\"submit\">");
	html_txt(r, L(r, "检查并导入", "Check and import"));
	html(r, "</button></p></form>");
}

int web_expert_import(struct req *r)
{
	if (!expert_may_add(&r->ctx))
		return reply_error(r, 403, "forbidden", NULL,
				   "only organisation administrators, coordinators and the office import experts");
	page_begin(r, L(r, "批量导入专家", "Import experts"));
	html(r, "<h1>");
	html_txt(r, L(r, "批量导入专家", "Import experts"));
	html(r, "</h1><p>");
	html_txt(r, L(r, "先勾选“仅检查”核对每一行；有任何一行不合格时不会导入任何数据。"
		      "Excel（.xlsx）或 CSV 文件请通过接口 POST /api/v1/experts/import 上传。",
		      "Check first: if any row is bad, nothing is imported. Whole .xlsx or CSV files"
		      " go through POST /api/v1/experts/import."));
	html(r, "</p>");
	import_form(r, template_zh, 1);
	page_end(r);
	return 0;
}

int web_expert_import_post(struct req *r)
{
	struct import_opts o = { 0 };
	struct import_report rep;
	struct derr e = { 0 };
	const char *text = form_str(r, "rows");
	size_t len = kv_len(r->form, r->nform, "rows");

	o.dry_run = form_str(r, "dry_run") != NULL;
	o.format = "csv";
	if (!text || !len)
		return reply_error(r, 400, "required", "rows", "paste the rows to import");
	if (expert_import(&r->ctx, text, len, &o, &rep, &e) < 0) {
		if (e.kind != DERR_INVALID)
			return reply_derr(r, &e);
		r->status = 400;
		page_begin(r, L(r, "批量导入专家", "Import experts"));
		html(r, "<h1>");
		html_txt(r, L(r, "批量导入专家", "Import experts"));
		html(r, "</h1><p class=\"err\" role=\"alert\" id=\"form-error\">");
		html_txt(r, e.message);
		html(r, "</p>");
		import_form(r, text, o.dry_run);
		page_end(r);
		return 0;
	}
	if (rep.nerrors)
		r->status = 422;
	page_begin(r, L(r, "导入结果", "Import result"));
	html(r, "<h1>");
	html_txt(r, L(r, "导入结果", "Import result"));
	html(r, "</h1><p class=\"count\" id=\"import-summary\">");
	if (rep.nerrors) {
		if (req_en(r))
			htmlf(r, "%zu rows read, %zu bad: nothing was imported.", rep.rows, rep.nerrors);
		else
			htmlf(r, "共 %zu 行，其中 %zu 行有误：未导入任何数据。", rep.rows, rep.nerrors);
	} else if (rep.dry_run) {
		if (req_en(r))
			htmlf(r, "All %zu rows are valid. Nothing was imported yet.", rep.rows);
		else
			htmlf(r, "全部 %zu 行均合格，尚未导入。", rep.rows);
	} else {
		if (req_en(r))
			htmlf(r, "%zu experts imported.", rep.imported);
		else
			htmlf(r, "已导入 %zu 位专家。", rep.imported);
	}
	html(r, "</p>");
	if (rep.nlisted) {
		html(r, "<table class=\"facts\" id=\"import-errors\"><thead><tr><th scope=\"col\">");
		html_txt(r, L(r, "行", "Line"));
		html(r, "</th><th scope=\"col\">");
		html_txt(r, L(r, "字段", "Field"));
		html(r, "</th><th scope=\"col\">");
		html_txt(r, L(r, "原因", "Why"));
		html(r, "</th></tr></thead><tbody>");
		for (size_t i = 0; i < rep.nlisted; i++) {
			const struct field *f = fields_find(expert_fields, rep.errors[i].field);
			htmlf(r, "<tr><td>%zu</td><td>", rep.errors[i].line);
			html_txt(r, f ? field_label(f, r->lang) : rep.errors[i].field);
			html(r, "</td><td>");
			html_txt(r, rep.errors[i].message);
			html(r, "</td></tr>");
		}
		html(r, "</tbody></table>");
	}
	if (rep.nerrors || rep.dry_run)
		import_form(r, text, rep.nerrors != 0);
	else
		html(r, "<p><a href=\"/experts\">");
	if (!rep.nerrors && !rep.dry_run) {
		html_txt(r, L(r, "返回人才库", "Back to the talent pool"));
		html(r, "</a></p>");
	}
	page_end(r);
	return 0;
}

int web_experts_export(struct req *r)
{
	struct expert_query q;
	struct expert_filter f = { 0 };
	struct derr e = { 0 };
	const char *fmt = q_str(r, "format");
	int64_t rows;
	int xlsx = fmt && strcmp(fmt, "xlsx") == 0;

	if (params_expert_query(r, &q) < 0)
		return -1;
	if (q.discipline && *q.discipline && discipline_check(q.discipline, "discipline", &e) < 0)
		return reply_derr(r, &e);
	f.region = q.region;
	f.city = q.city;
	f.title = q.title;
	f.discipline = q.discipline;
	f.org_id = q.org_id;
	buf_reset(&r->out);
	if (expert_export(&r->ctx, &f, fmt ? fmt : "csv", &r->out, &rows, &e) < 0) {
		buf_reset(&r->out);
		return reply_derr(r, &e);
	}
	r->no_cache = 1;
	r->ctype = xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
			: "text/csv; charset=utf-8";
	req_header(r, "Content-Disposition", xlsx ? "attachment; filename=\"experts.xlsx\""
						  : "attachment; filename=\"experts.csv\"");
	return 0;
}
