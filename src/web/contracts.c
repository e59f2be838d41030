/*
 * contracts.c — technology contracts through the pages: the list (with the
 * coordinator's review queue and the exports), the registration form, one
 * contract with its verify and return buttons, and the import of a pasted
 * CSV sheet with its dry run.  The rules are in domain/contract.c.
 */
#include <stdio.h>
#include <string.h>
#include "core/util.h"
#include "domain/catalog.h"
#include "domain/contract.h"
#include "http/html.h"
#include "store/market.h"
#include "store/store.h"
#include "web/web.h"
#include "core/banned.h"

static void state_badge(struct req *r, const char *state)
{
	html(r, "<span class=\"badge ct-");
	html_attr(r, state);
	html(r, "\">");
	html_txt(r, vocab_label(vocab_contract_state, state, r->lang));
	html(r, "</span>");
}

static void vocab_options(struct req *r, const struct term *v, const char *current,
			  const char *any)
{
	if (any)
		html_option(r, "", any, current);
	for (; v->key; v++)
		html_option(r, v->key, L(r, v->zh, v->en), current);
}

/* ---- the list ------------------------------------------------------------ */

int web_contracts(struct req *r)
{
	struct contract_query q = { 0 };
	struct contract *rows;
	struct derr e = { 0 };
	int64_t total, review;
	size_t n;
	char ys[16] = "";

	q.state = q_str(r, "state");
	if (q_int(r, "year", 0, 1990, 2100, &q.year) < 0 || q_int(r, "review", 0, 0, 1, &review) < 0 ||
	    q_int(r, "page", 1, 1, 100000, &q.page) < 0)
		return -1;
	q.review = (int)review;
	q.per_page = 30;
	if (contract_list(&r->ctx, &q, &rows, &n, &total, &e) < 0)
		return reply_derr(r, &e);
	if (q.year)
		snprintf(ys, sizeof ys, "%lld", (long long)q.year);
	page_begin(r, L(r, "技术合同", "Technology contracts"));
	html(r, "<h1>");
	html_txt(r, q.review ? L(r, "待核验的技术合同", "Contracts to verify")
			     : L(r, "技术合同", "Technology contracts"));
	html(r, "</h1><p class=\"actions\">");
	if (contract_may_register(&r->ctx)) {
		html(r, "<a class=\"button\" href=\"/contracts/new\">");
		html_txt(r, L(r, "登记合同", "Register a contract"));
		html(r, "</a> <a class=\"button\" href=\"/contracts/import\">");
		html_txt(r, L(r, "批量导入", "Import"));
		html(r, "</a> ");
	}
	if (!strcmp(r->sess.account.role, "coordinator") || !strcmp(r->sess.account.role, "sysadmin")) {
		html(r, "<a class=\"button\" id=\"review-link\" href=\"/contracts?review=1\">");
		html_txt(r, L(r, "待我核验", "To verify"));
		html(r, "</a> ");
	}
	html(r, "<a href=\"/api/v1/contracts?format=csv");
	if (q.year)
		htmlf(r, "&amp;year=%lld", (long long)q.year);
	html(r, "\">");
	html_txt(r, L(r, "导出 CSV", "Export CSV"));
	html(r, "</a> <a href=\"/api/v1/contracts?format=xlsx");
	if (q.year)
		htmlf(r, "&amp;year=%lld", (long long)q.year);
	html(r, "\">");
	html_txt(r, L(r, "导出 Excel", "Export Excel"));
	html(r, "</a></p>");
	html(r, "<form class=\"filters inline-filters\" method=\"get\" action=\"/contracts\"><label>");
	html_txt(r, L(r, "年份", "Year"));
	html(r, "<input type=\"number\" name=\"year\" min=\"1990\" max=\"2100\" value=\"");
	html_attr(r, ys);
	html(r, "\"></label><label>");
	html_txt(r, L(r, "状态", "State"));
	html(r, "<select name=\"state\">");
	vocab_options(r, vocab_contract_state, q.state, L(r, "全部", "All"));
	html(r, "</select></label>");
	if (q.review)
		html(r, "<input type=\"hidden\" name=\"review\" value=\"1\">");
	html(r, "<button type=\"submit\">");
	html_txt(r, L(r, "筛选", "Filter"));
	html(r, "</button></form>");
	html(r, "<p class=\"meta\" id=\"contract-total\">");
	html_txt(r, arena_printf(r->a, req_en(r) ? "%lld contracts" : "共 %lld 份合同", (long long)total));
	html(r, "</p>");
	if (!n) {
		html(r, "<p class=\"empty\">");
		html_txt(r, L(r, "没有符合条件的合同。", "No contract matches."));
		html(r, "</p>");
		page_end(r);
		return 0;
	}
	html(r, "<table id=\"contracts\"><thead><tr><th scope=\"col\">");
	html_txt(r, L(r, "合同名称", "Title"));
	html(r, "</th><th scope=\"col\">");
	html_txt(r, L(r, "卖方 → 买方", "Seller → buyer"));
	html(r, "</th><th scope=\"col\">");
	html_txt(r, L(r, "签订日期", "Signed"));
	html(r, "</th><th scope=\"col\" class=\"num\">");
	html_txt(r, L(r, "金额", "Amount"));
	html(r, "</th><th scope=\"col\">");
	html_txt(r, L(r, "状态", "State"));
	html(r, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		htmlf(r, "<tr data-id=\"%lld\"><th scope=\"row\"><a href=\"/contracts/%lld\">",
		      (long long)rows[i].id, (long long)rows[i].id);
		html_txt(r, rows[i].title);
		html(r, "</a><br><small>");
		html_txt(r, vocab_label(vocab_contract_kind, rows[i].kind, r->lang));
		html(r, " · ");
		html_txt(r, vocab_label(vocab_tech_field, rows[i].field, r->lang));
		html(r, "</small></th><td>");
		html_txt(r, rows[i].seller_zh);
		html(r, " → ");
		html_txt(r, rows[i].buyer_zh);
		html(r, "</td><td>");
		html_txt(r, rows[i].signed_on);
		html(r, "</td><td class=\"num\">");
		html_money(r, rows[i].amount_cny);
		html(r, "</td><td>");
		state_badge(r, rows[i].state);
		html(r, "</td></tr>");
	}
	html(r, "</tbody></table>");
	html_pager(r, q.page, q.per_page, total);
	page_end(r);
	return 0;
}

/* ---- the registration form ------------------------------------------------- */

static const char *posted(struct req *r, const char *name)
{
	const char *v = r->nform ? form_str(r, name) : NULL;
	return v ? v : "";
}

static void contract_form(struct req *r, const struct derr *e)
{
	page_begin(r, L(r, "登记技术合同", "Register a technology contract"));
	html(r, "<h1>");
	html_txt(r, L(r, "登记技术合同", "Register a technology contract"));
	html(r, "</h1>");
	if (e && e->kind) {
		const struct field *f = fields_find(contract_fields, e->field);
		html(r, "<p class=\"err\" role=\"alert\" id=\"form-error\" data-field=\"");
		html_attr(r, e->field);
		html(r, "\">");
		html_txt(r, web_field_error(r, e, f ? field_label(f, r->lang) : NULL));
		html(r, "</p>");
	}
	html(r, "<form class=\"narrow\" method=\"post\" action=\"/contracts\">");
	html_csrf(r);
	html(r, "<label for=\"f-kind\">");
	html_txt(r, L(r, "合同类型", "Type"));
	html(r, "</label><select id=\"f-kind\" name=\"kind\">");
	vocab_options(r, vocab_contract_kind, posted(r, "kind"), NULL);
	html(r, "</select><label for=\"f-title\">");
	html_txt(r, L(r, "合同名称", "Title"));
	html(r, "</label><input id=\"f-title\" name=\"title\" maxlength=\"200\" required value=\"");
	html_attr(r, posted(r, "title"));
	html(r, "\"><label for=\"f-amount\">");
	html_txt(r, L(r, "合同金额（元）", "Amount (CNY)"));
	html(r, "</label><input id=\"f-amount\" name=\"amount_cny\" type=\"number\" min=\"1\" required value=\"");
	html_attr(r, posted(r, "amount_cny"));
	html(r, "\"><label for=\"f-income\">");
	html_txt(r, L(r, "技术性收入（元）", "Technical income (CNY)"));
	html(r, "</label><input id=\"f-income\" name=\"income_cny\" type=\"number\" min=\"0\" required value=\"");
	html_attr(r, posted(r, "income_cny"));
	html(r, "\">");
	if (strcmp(r->sess.account.role, "org_admin") != 0) {
		html(r, "<label for=\"f-seller\">");
		html_txt(r, L(r, "卖方单位（编号或全称）", "Seller (id or full Chinese name)"));
		html(r, "</label><input id=\"f-seller\" name=\"seller\" required value=\"");
		html_attr(r, posted(r, "seller"));
		html(r, "\">");
	}
	html(r, "<label for=\"f-buyer\">");
	html_txt(r, L(r, "买方单位（编号或全称）", "Buyer (id or full Chinese name)"));
	html(r, "</label><input id=\"f-buyer\" name=\"buyer\" required value=\"");
	html_attr(r, posted(r, "buyer"));
	html(r, "\"><label for=\"f-signed\">");
	html_txt(r, L(r, "签订日期", "Signing date"));
	html(r, "</label><input id=\"f-signed\" name=\"signed_on\" type=\"date\" required value=\"");
	html_attr(r, posted(r, "signed_on"));
	html(r, "\"><label for=\"f-field\">");
	html_txt(r, L(r, "技术领域", "Technology field"));
	html(r, "</label><select id=\"f-field\" name=\"field\">");
	vocab_options(r, vocab_tech_field, posted(r, "field"), NULL);
	html(r, "</select><button type=\"submit\">");
	html_txt(r, L(r, "提交核验", "Submit for verification"));
	html(r, "</button></form>");
	page_end(r);
}

int web_contract_new(struct req *r)
{
	if (!contract_may_register(&r->ctx))
		return reply_error(r, 403, "forbidden", NULL, "%s",
				   L(r, "只有单位管理员和区域协调员可以登记技术合同",
				     "only organisation administrators and coordinators register contracts"));
	contract_form(r, NULL);
	return 0;
}

/* An organisation named by id or exact Chinese name as a JSON id (0 if
 * none, so the domain names the field). */
static json_t *org_ref(struct req *r, const char *s)
{
	int64_t id;
	if (!*s)
		return json_null();
	if (parse_i64(s, 1, INT64_MAX, &id) == 0)
		return json_integer(id);
	id = store_org_by_name(r->ctx.db, s);
	return json_integer(id > 0 ? id : INT64_MAX);
}

int web_contract_create(struct req *r)
{
	static const char *const names[] = { "kind", "title", "amount_cny", "income_cny",
					     "signed_on", "field" };
	const char *keys[ARRAY_SIZE(names)], *vals[ARRAY_SIZE(names)];
	struct derr e = { 0 };
	json_t *in;
	int64_t id;

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		keys[i] = names[i];
		vals[i] = posted(r, names[i]);
	}
	if (!(in = fields_from_pairs(contract_fields, keys, vals, ARRAY_SIZE(names), &e)))
		goto failed;
	json_object_set_new(in, "buyer_org_id", org_ref(r, posted(r, "buyer")));
	if (*posted(r, "seller"))
		json_object_set_new(in, "seller_org_id", org_ref(r, posted(r, "seller")));
	if (contract_create(&r->ctx, in, &id, &e) < 0) {
		json_decref(in);
		goto failed;
	}
	json_decref(in);
	return reply_redirect(r, arena_printf(r->a, "/contracts/%lld", (long long)id));
failed:
	if (e.kind != DERR_INVALID)
		return reply_derr(r, &e);
	r->status = 400;
	r->no_cache = 1;
	contract_form(r, &e);
	return -1;
}

/* ---- one contract ------------------------------------------------------------ */

static void fact(struct req *r, const char *label, const char *value)
{
	html(r, "<tr><th scope=\"row\">");
	html_txt(r, label);
	html(r, "</th><td>");
	html_txt(r, value ? value : "—");
	html(r, "</td></tr>");
}

int web_contract(struct req *r)
{
	struct contract k;
	struct derr e = { 0 };

	if (contract_get(&r->ctx, r->id, &k, &e) < 0)
		return reply_derr(r, &e);
	page_begin(r, k.title);
	html(r, "<article><h1>");
	html_txt(r, k.title);
	html(r, "</h1><p>");
	state_badge(r, k.state);
	html(r, "</p>");
	if (k.reason) {
		html(r, "<p class=\"err\" id=\"return-reason\">");
		html_txt(r, L(r, "退回原因：", "Returned because: "));
		html_txt(r, k.reason);
		html(r, "</p>");
	}
	html(r, "<table class=\"facts\"><tbody>");
	fact(r, L(r, "合同类型", "Type"), vocab_label(vocab_contract_kind, k.kind, r->lang));
	fact(r, L(r, "技术领域", "Field"), vocab_label(vocab_tech_field, k.field, r->lang));
	fact(r, L(r, "合同金额", "Amount"), money_str(r, k.amount_cny));
	fact(r, L(r, "技术性收入", "Technical income"), money_str(r, k.income_cny));
	fact(r, L(r, "卖方", "Seller"), L(r, k.seller_zh, k.seller_en ? k.seller_en : k.seller_zh));
	fact(r, L(r, "买方", "Buyer"), L(r, k.buyer_zh, k.buyer_en ? k.buyer_en : k.buyer_zh));
	fact(r, L(r, "流向", "Flow"), arena_printf(r->a, "%s → %s", k.seller_region, k.buyer_region));
	fact(r, L(r, "签订日期", "Signed on"), k.signed_on);
	html(r, "</tbody></table>");
	if (contract_may_decide(&r->ctx, &k)) {
		htmlf(r, "<form method=\"post\" action=\"/contracts/%lld/verify\" class=\"inline\">",
		      (long long)k.id);
		html_csrf(r);
		html(r, "<button type=\"submit\" id=\"verify\">");
		html_txt(r, L(r, "核验通过", "Verify"));
		html(r, "</button></form>");
		htmlf(r, "<form method=\"post\" action=\"/contracts/%lld/return\" class=\"narrow\">",
		      (long long)k.id);
		html_csrf(r);
		html(r, "<label for=\"f-reason\">");
		html_txt(r, L(r, "退回原因", "Reason for returning"));
		html(r, "</label><textarea id=\"f-reason\" name=\"reason\" rows=\"3\" maxlength=\"500\"></textarea>"
			"<button type=\"submit\" id=\"return\">");
		html_txt(r, L(r, "退回修改", "Return"));
		html(r, "</button></form>");
	}
	html(r, "<p><a href=\"/contracts\">");
	html_txt(r, L(r, "返回合同列表", "Back to the contracts"));
	html(r, "</a></p></article>");
	page_end(r);
	return 0;
}

int web_contract_action(struct req *r)
{
	struct derr e = { 0 };
	int rc;
	if (!strcmp(r->param, "verify"))
		rc = contract_verify(&r->ctx, r->id, &e);
	else if (!strcmp(r->param, "return"))
		rc = contract_return(&r->ctx, r->id, posted(r, "reason"), &e);
	else
		return reply_error(r, 404, "not_found", NULL, "no such action");
	if (rc < 0)
		return reply_error(r, derr_status(&e), e.code, e.field, "%s",
				   web_field_error(r, &e, !strcmp(e.field, "reason")
							  ? L(r, "退回原因", "the reason") : NULL));
	return reply_redirect(r, arena_printf(r->a, "/contracts/%lld", (long long)r->id));
}

/* ---- import ------------------------------------------------------------------ */

static void import_page(struct req *r, const struct import_result *res, const struct derr *e)
{
	page_begin(r, L(r, "批量导入技术合同", "Import technology contracts"));
	html(r, "<h1>");
	html_txt(r, L(r, "批量导入技术合同", "Import technology contracts"));
	html(r, "</h1><p class=\"meta\">");
	html_txt(r, L(r, "从 Excel 复制表格（含表头行）粘贴到下面，或粘贴 CSV。表头：合同类型、合同名称、合同金额、"
		      "技术性收入、卖方、买方、签订日期、技术领域。先“试导入”检查每一行，全部无误后再正式导入；"
		      "有任何错误行时不会导入任何合同。XLSX 文件可通过 API 上传。",
		      "Paste a sheet copied from Excel (with its header row), or CSV. Columns: kind, title,"
		      " amount_cny, income_cny, seller, buyer, signed_on, field. A dry run checks every row;"
		      " nothing is imported while any row is wrong. XLSX files go through the API."));
	html(r, "</p>");
	if (e && e->kind) {
		html(r, "<p class=\"err\" role=\"alert\" id=\"form-error\">");
		html_txt(r, e->message);
		html(r, "</p>");
	}
	if (res) {
		html(r, "<section id=\"import-result\"><p class=\"");
		html(r, res->nerrors ? "err" : "ok");
		html(r, "\">");
		if (res->nerrors)
			html_txt(r, arena_printf(r->a, req_en(r) ? "%lld rows, %zu wrong: nothing was imported."
							     : "共 %lld 行，其中 %zu 行有误，未导入任何合同。",
						 (long long)res->rows, res->nerrors));
		else if (res->dry_run)
			html_txt(r, arena_printf(r->a, req_en(r) ? "All %lld rows are correct (dry run: nothing saved)."
							     : "全部 %lld 行无误（试导入，未保存）。",
						 (long long)res->rows));
		else
			html_txt(r, arena_printf(r->a, req_en(r) ? "%lld contracts registered for verification."
							     : "已登记 %lld 份合同，等待核验。",
						 (long long)res->created));
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
	html(r, "<form method=\"post\" action=\"/contracts/import\">");
	html_csrf(r);
	html(r, "<label for=\"f-csv\">");
	html_txt(r, L(r, "表格内容", "Sheet"));
	html(r, "</label><textarea id=\"f-csv\" name=\"csv\" rows=\"12\">");
	html_txt(r, posted(r, "csv"));
	html(r, "</textarea><p class=\"actions\"><button type=\"submit\" name=\"mode\" value=\"dry_run\" id=\"dry-run\">");
	html_txt(r, L(r, "试导入", "Dry run"));
	html(r, "</button> <button type=\"submit\" name=\"mode\" value=\"import\" id=\"do-import\">");
	html_txt(r, L(r, "正式导入", "Import"));
	html(r, "</button></p></form>");
	page_end(r);
}

int web_contract_import(struct req *r)
{
	if (!contract_may_register(&r->ctx))
		return reply_error(r, 403, "forbidden", NULL, "you may not register contracts");
	import_page(r, NULL, NULL);
	return 0;
}

int web_contract_import_post(struct req *r)
{
	struct import_result res;
	struct derr e = { 0 };
	const char *csv = posted(r, "csv");
	int dry = strcmp(posted(r, "mode"), "import") != 0;

	r->no_cache = 1;
	if (contract_import(&r->ctx, csv, strlen(csv), dry, &res, &e) < 0) {
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
