/*
 * contracts.c — technology contracts through the API: list (JSON, CSV or
 * XLSX), register, read, change, verify, return, and import with a dry run.
 */
#include <string.h>
#include "api/api.h"
#include "domain/contract.h"
#include "core/banned.h"

int api_contracts_list(struct req *r)
{
	struct contract_query q;
	struct contract *rows;
	struct derr e = { 0 };
	const char *format = q_str(r, "format");
	int64_t total, review;
	size_t n;
	json_t *items;

	memset(&q, 0, sizeof q);
	q.state = q_str(r, "state");
	q.kind = q_str(r, "kind");
	q.field = q_str(r, "field");
	q.region = q_str(r, "region");
	if (q_int(r, "year", 0, 1990, 2100, &q.year) < 0 ||
	    q_int(r, "org", 0, 1, INT64_MAX, &q.org_id) < 0 ||
	    q_int(r, "review", 0, 0, 1, &review) < 0 ||
	    q_int(r, "page", 1, 1, 100000, &q.page) < 0 ||
	    q_int(r, "per_page", 20, 1, 200, &q.per_page) < 0)
		return -1;
	q.review = (int)review;
	if (format && *format && strcmp(format, "json") && strcmp(format, "csv") &&
	    strcmp(format, "xlsx"))
		return reply_error(r, 400, "not_allowed", "format", "format must be json, csv or xlsx");
	if (format && (!strcmp(format, "csv") || !strcmp(format, "xlsx")))
		q.per_page = 0;   /* the whole selection */
	if (contract_list(&r->ctx, &q, &rows, &n, &total, &e) < 0)
		return reply_derr(r, &e);
	if (format && !strcmp(format, "csv")) {
		buf_reset(&r->out);
		if (contract_csv(rows, n, &r->out) < 0)
			return reply_error(r, 500, "internal", NULL, "the export is too large");
		r->ctype = "text/csv; charset=utf-8";
		req_header(r, "Content-Disposition", "attachment; filename=\"contracts.csv\"");
		return 0;
	}
	if (format && !strcmp(format, "xlsx")) {
		buf_reset(&r->out);
		if (contract_xlsx(rows, n, &r->out, &e) < 0)
			return reply_derr(r, &e);
		r->ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
		req_header(r, "Content-Disposition", "attachment; filename=\"contracts.xlsx\"");
		return 0;
	}
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, contract_json(&rows[i]));
	return reply_json(r, 200, api_list(items, total, q.page, q.per_page));
}

int api_contract_get(struct req *r)
{
	struct contract k;
	struct derr e = { 0 };
	if (contract_get(&r->ctx, r->id, &k, &e) < 0)
		return reply_derr(r, &e);
	return reply_json(r, 200, contract_json(&k));
}

int api_contract_create(struct req *r)
{
	struct contract k;
	struct derr e = { 0 };
	int64_t id;
	if (contract_create(&r->ctx, r->json, &id, &e) < 0 ||
	    contract_get(&r->ctx, id, &k, &e) < 0)
		return reply_derr(r, &e);
	req_header(r, "Location", arena_printf(r->a, "/api/v1/contracts/%lld", (long long)id));
	return reply_json(r, 201, contract_json(&k));
}

int api_contract_update(struct req *r)
{
	struct contract k;
	struct derr e = { 0 };
	if (contract_update(&r->ctx, r->id, r->json, &e) < 0 ||
	    contract_get(&r->ctx, r->id, &k, &e) < 0)
		return reply_derr(r, &e);
	return reply_json(r, 200, contract_json(&k));
}

int api_contract_verify(struct req *r)
{
	struct contract k;
	struct derr e = { 0 };
	if (contract_verify(&r->ctx, r->id, &e) < 0 || contract_get(&r->ctx, r->id, &k, &e) < 0)
		return reply_derr(r, &e);
	return reply_json(r, 200, contract_json(&k));
}

int api_contract_return(struct req *r)
{
	struct contract k;
	struct derr e = { 0 };
	json_t *reason = json_object_get(r->json, "reason");
	if (!json_is_object(r->json))
		return reply_error(r, 400, "wrong_type", NULL, "the body must be a JSON object");
	if (reason && !json_is_string(reason))
		return reply_error(r, 400, "wrong_type", "reason", "reason must be a string");
	if (contract_return(&r->ctx, r->id, reason ? json_string_value(reason) : NULL, &e) < 0 ||
	    contract_get(&r->ctx, r->id, &k, &e) < 0)
		return reply_derr(r, &e);
	return reply_json(r, 200, contract_json(&k));
}

int api_contract_import(struct req *r)
{
	struct import_result res;
	struct derr e = { 0 };
	int64_t dry;
	json_t *errors;

	if (q_int(r, "dry_run", 0, 0, 1, &dry) < 0)
		return -1;
	if (!r->body_len)
		return reply_error(r, 400, "required", "file",
				   "send the CSV or XLSX file as the request body");
	if (contract_import(&r->ctx, r->body, r->body_len, (int)dry, &res, &e) < 0)
		return reply_derr(r, &e);
	if (res.nerrors && !res.dry_run)
		return reply_error(r, 422, "bad_rows", "file",
				   "row %lld (%s): %s; %zu%s wrong rows in all, nothing was imported"
				   " (a dry run lists them)", (long long)res.errors[0].row,
				   res.errors[0].field, res.errors[0].message, res.nerrors,
				   res.truncated ? " or more" : "");
	errors = json_array();
	for (size_t i = 0; i < res.nerrors; i++)
		json_array_append_new(errors, json_pack("{s:I, s:s, s:s, s:s}",
			"row", (json_int_t)res.errors[i].row, "field", res.errors[i].field,
			"code", res.errors[i].code, "message", res.errors[i].message));
	return reply_json(r, dry ? 200 : 201,
			  json_pack("{s:b, s:I, s:I, s:I, s:o, s:b}", "dry_run", res.dry_run,
				    "rows", (json_int_t)res.rows, "valid", (json_int_t)res.valid,
				    "created", (json_int_t)res.created, "errors", errors,
				    "truncated", res.truncated));
}
