/*
 * projects.c — joint projects through the API: list, register, read,
 * change, delete, import (CSV or XLSX, with a dry run), their milestones
 * and outputs, and the figures of joint research.
 */
#include <string.h>
#include "api/api.h"
#include "core/util.h"
#include "domain/figures.h"
#include "domain/joint_figures.h"
#include "domain/project.h"
#include "core/banned.h"

int api_projects_list(struct req *r)
{
	struct project_query q;
	struct project *rows;
	struct derr e = { 0 };
	int64_t total, cross;
	size_t n;
	json_t *items;

	memset(&q, 0, sizeof q);
	q.q = q_str(r, "q");
	q.region = q_str(r, "region");
	q.field = q_str(r, "field");
	q.status = q_str(r, "status");
	if (q_int(r, "org", 0, 1, INT64_MAX, &q.org_id) < 0 ||
	    q_int(r, "consortium", 0, 1, INT64_MAX, &q.consortium_id) < 0 ||
	    q_int(r, "year", 0, 1990, 2100, &q.year) < 0 ||
	    q_int(r, "cross_region", 0, 0, 1, &cross) < 0 ||
	    q_int(r, "page", 1, 1, 100000, &q.page) < 0 ||
	    q_int(r, "per_page", 20, 1, 100, &q.per_page) < 0)
		return -1;
	q.cross_region = (int)cross;
	if (project_list(&r->ctx, &q, &rows, &n, &total, &e) < 0)
		return reply_derr(r, &e);
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, project_json(&rows[i], 0));
	return reply_json(r, 200, api_list(items, total, q.page, q.per_page));
}

int api_project_get(struct req *r)
{
	struct project p;
	struct derr e = { 0 };
	if (project_get(&r->ctx, r->id, &p, &e) < 0)
		return reply_derr(r, &e);
	return reply_json(r, 200, project_json(&p, 1));
}

int api_project_create(struct req *r)
{
	struct project p;
	struct derr e = { 0 };
	int64_t id;
	if (project_create(&r->ctx, r->json, &id, &e) < 0 || project_get(&r->ctx, id, &p, &e) < 0)
		return reply_derr(r, &e);
	req_header(r, "Location", arena_printf(r->a, "/api/v1/projects/%lld", (long long)id));
	return reply_json(r, 201, project_json(&p, 1));
}

int api_project_update(struct req *r)
{
	struct project p;
	struct derr e = { 0 };
	if (project_update(&r->ctx, r->id, r->json, &e) < 0 ||
	    project_get(&r->ctx, r->id, &p, &e) < 0)
		return reply_derr(r, &e);
	return reply_json(r, 200, project_json(&p, 1));
}

int api_project_delete(struct req *r)
{
	struct derr e = { 0 };
	if (project_delete(&r->ctx, r->id, &e) < 0)
		return reply_derr(r, &e);
	r->status = 204;
	r->ctype = "application/json";
	return 0;
}

int api_projects_import(struct req *r)
{
	struct project_import_result res;
	struct derr e = { 0 };
	int64_t dry;
	json_t *errors;

	if (q_int(r, "dry_run", 0, 0, 1, &dry) < 0)
		return -1;
	if (!r->body_len)
		return reply_error(r, 400, "required", "file",
				   "send the CSV or XLSX file as the request body");
	if (project_import(&r->ctx, r->body, r->body_len, (int)dry, &res, &e) < 0)
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

int api_projects_figures(struct req *r)
{
	struct derr e = { 0 };
	const char *region = q_str(r, "region");
	json_t *doc;
	int64_t year;
	if (q_int(r, "year", figures_default_year(now_unix()), 1990, 2100, &year) < 0)
		return -1;
	if (!(doc = joint_figures_doc(&r->ctx, year, region, &e)))
		return reply_derr(r, &e);
	return reply_json(r, 200, doc);
}

int api_milestone_create(struct req *r)
{
	struct milestone m;
	struct derr e = { 0 };
	int64_t id;
	if (milestone_add(&r->ctx, r->id, r->json, now_unix(), &id, &e) < 0 ||
	    milestone_get(&r->ctx, id, &m, &e) < 0)
		return reply_derr(r, &e);
	req_header(r, "Location", arena_printf(r->a, "/api/v1/milestones/%lld", (long long)id));
	return reply_json(r, 201, milestone_json(&m));
}

int api_milestone_update(struct req *r)
{
	struct milestone m;
	struct derr e = { 0 };
	if (milestone_update(&r->ctx, r->id, r->json, now_unix(), &e) < 0 ||
	    milestone_get(&r->ctx, r->id, &m, &e) < 0)
		return reply_derr(r, &e);
	return reply_json(r, 200, milestone_json(&m));
}

int api_milestone_delete(struct req *r)
{
	struct derr e = { 0 };
	if (milestone_delete(&r->ctx, r->id, &e) < 0)
		return reply_derr(r, &e);
	r->status = 204;
	r->ctype = "application/json";
	return 0;
}

int api_output_create(struct req *r)
{
	struct project_output o;
	struct derr e = { 0 };
	int64_t id;
	if (output_add(&r->ctx, r->id, r->json, &id, &e) < 0 || output_get(&r->ctx, id, &o, &e) < 0)
		return reply_derr(r, &e);
	return reply_json(r, 201, output_json(&o));
}

int api_output_delete(struct req *r)
{
	struct derr e = { 0 };
	if (output_delete(&r->ctx, r->id, &e) < 0)
		return reply_derr(r, &e);
	r->status = 204;
	r->ctype = "application/json";
	return 0;
}
