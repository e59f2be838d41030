/*
 * sharing.c — the open-sharing figures through the API (per instrument,
 * organisation, city, region and the community), the per-instrument
 * report with the under-quota flag, and an organisation's monthly fee
 * statement as JSON, CSV or XLSX.
 */
#include <string.h>
#include "api/api.h"
#include "core/util.h"
#include "domain/sharing.h"
#include "domain/statement.h"
#include "core/banned.h"

static int figures(struct req *r, enum sharing_level level, int64_t id, const char *code,
		   int64_t year)
{
	struct sharing_figures f;
	struct derr e = { 0 };
	if (sharing_figures_get(&r->ctx, level, id, code, year, now_unix(), &f, &e) < 0)
		return reply_derr(r, &e);
	return reply_json(r, 200, sharing_json(&f));
}

int api_sharing_instrument(struct req *r)
{
	int64_t year;
	if (q_int(r, "year", sharing_current_year(now_unix()), 2000, 2100, &year) < 0)
		return -1;
	return figures(r, SHARING_INSTRUMENT, r->id, NULL, year);
}

int api_sharing_org(struct req *r)
{
	int64_t year;
	if (q_int(r, "year", sharing_current_year(now_unix()), 2000, 2100, &year) < 0)
		return -1;
	return figures(r, SHARING_ORG, r->id, NULL, year);
}

int api_sharing_city(struct req *r)
{
	int64_t year;
	if (q_int(r, "year", sharing_current_year(now_unix()), 2000, 2100, &year) < 0)
		return -1;
	return figures(r, SHARING_CITY, 0, r->param, year);
}

int api_sharing_region(struct req *r)
{
	int64_t year;
	if (q_int(r, "year", sharing_current_year(now_unix()), 2000, 2100, &year) < 0)
		return -1;
	return figures(r, SHARING_REGION, 0, r->param, year);
}

int api_sharing_all(struct req *r)
{
	int64_t year;
	if (q_int(r, "year", sharing_current_year(now_unix()), 2000, 2100, &year) < 0)
		return -1;
	return figures(r, SHARING_ALL, 0, NULL, year);
}

int api_sharing_report(struct req *r)
{
	struct sharing_query q = { 0 };
	struct usage_row *rows;
	struct derr e = { 0 };
	size_t n;
	int64_t total, under, now = now_unix();
	const char *order = q_str(r, "order");
	json_t *items, *body;

	if (q_int(r, "year", sharing_current_year(now_unix()), 2000, 2100, &q.year) < 0 ||
	    q_int(r, "org", 0, 1, INT64_MAX, &q.org_id) < 0 ||
	    q_int(r, "under_quota", 0, 0, 1, &under) < 0 ||
	    q_int(r, "page", 1, 1, 100000, &q.page) < 0 ||
	    q_int(r, "per_page", 20, 1, 100, &q.per_page) < 0)
		return -1;
	q.region = q_str(r, "region");
	q.city = q_str(r, "city");
	q.under_quota = (int)under;
	if (order && *order && strcmp(order, "asc") && strcmp(order, "desc"))
		return reply_error(r, 400, "not_allowed", "order", "order must be asc or desc");
	q.ascending = order && !strcmp(order, "asc");
	if (sharing_report(&r->ctx, &q, now, &rows, &n, &total, &e) < 0)
		return reply_derr(r, &e);
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, usage_row_json(&rows[i], q.year, now));
	body = api_list(items, total, q.page, q.per_page);
	if (body)
		json_object_set_new(body, "year", json_integer(q.year));
	return reply_json(r, 200, body);
}

int api_statement(struct req *r)
{
	struct statement s;
	struct derr e = { 0 };
	const char *month = q_str(r, "month"), *format = q_str(r, "format");

	if (format && *format && strcmp(format, "json") && strcmp(format, "csv") &&
	    strcmp(format, "xlsx"))
		return reply_error(r, 400, "not_allowed", "format", "format must be json, csv or xlsx");
	if (statement_get(&r->ctx, r->id, month, now_unix(), &s, &e) < 0)
		return reply_derr(r, &e);
	if (!format || !*format || !strcmp(format, "json"))
		return reply_json(r, 200, statement_json(&s));
	buf_reset(&r->out);
	if (!strcmp(format, "csv")) {
		if (statement_csv(&s, &r->out) < 0)
			return reply_error(r, 500, "internal", NULL, "the statement is too large");
		r->ctype = "text/csv; charset=utf-8";
	} else {
		if (statement_xlsx(&s, &r->out, &e) < 0)
			return reply_derr(r, &e);
		r->ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	}
	r->status = 200;
	req_header(r, "Content-Disposition", arena_printf(r->a, "attachment; filename=\"%s\"",
		   statement_filename(r->a, &s, format)));
	return 0;
}
