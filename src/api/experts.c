/*
 * experts.c — the talent pool through the API: profiles, contact details
 * (audited), an expert's own data, declared conflicts, expert finding,
 * bulk import and export, and the discipline classification.
 */
#include <string.h>
#include "api/api.h"
#include "domain/discipline.h"
#include "domain/expert.h"
#include "domain/expert_import.h"
#include "domain/expert_match.h"
#include "http/params.h"
#include "core/banned.h"

static json_t *projects_json(const struct expert_project *p, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, expert_project_json(&p[i]));
	return a;
}

int api_experts_list(struct req *r)
{
	struct expert_query q;
	struct expert_page p;
	struct derr e = { 0 };
	json_t *items;

	if (params_expert_query(r, &q) < 0)
		return -1;
	if (expert_list(&r->ctx, &q, &p, &e) < 0)
		return reply_derr(r, &e);
	items = json_array();
	for (size_t i = 0; i < p.n; i++) {
		json_t *x = expert_json(&p.items[i], 0);
		if (x)
			json_object_set_new(x, "leads", projects_json(p.leads[i], p.nleads[i]));
		json_array_append_new(items, x);
	}
	return reply_json(r, 200, api_list(items, p.total, q.page, q.per_page));
}

/* The profile with its projects (and contact details when given). */
static int reply_expert(struct req *r, int status, const struct expert *x, int contact)
{
	struct expert_project *ps;
	size_t n = 0;
	json_t *j = expert_json(x, contact);
	if (store_expert_projects(r->ctx.db, r->a, x->id, 0, 20, &ps, &n) < 0)
		return reply_error(r, 500, "internal", NULL, "cannot read the projects");
	if (j)
		json_object_set_new(j, "project_history", projects_json(ps, n));
	return reply_json(r, status, j);
}

int api_expert_get(struct req *r)
{
	struct expert x;
	struct derr e = { 0 };
	if (expert_get(&r->ctx, r->id, &x, &e) < 0)
		return reply_derr(r, &e);
	return reply_expert(r, 200, &x, 0);
}

int api_expert_contact(struct req *r)
{
	struct expert x;
	struct derr e = { 0 };
	if (expert_contact(&r->ctx, r->id, &x, &e) < 0)
		return reply_derr(r, &e);
	r->no_cache = 1;
	return reply_json(r, 200, json_pack("{s:I, s:s?, s:s?}", "expert_id", (json_int_t)x.id,
					    "email", x.email, "phone", x.phone));
}

int api_expert_create(struct req *r)
{
	struct expert x;
	struct derr e = { 0 };
	int64_t id;
	if (expert_create(&r->ctx, r->json, &id, &e) < 0 ||
	    store_expert_get(r->ctx.db, r->a, id, &x) != 0)
		return e.kind ? reply_derr(r, &e) : reply_error(r, 500, "internal", NULL, "lost the expert");
	req_header(r, "Location", arena_printf(r->a, "/api/v1/experts/%lld", (long long)id));
	return reply_expert(r, 201, &x, expert_may_see_contact(&r->ctx, &x));
}

int api_expert_update(struct req *r)
{
	struct expert x;
	struct derr e = { 0 };
	enum fields_mode mode = strcmp(r->method, "PUT") == 0 ? FIELDS_REPLACE : FIELDS_PATCH;
	if (expert_update(&r->ctx, r->id, r->json, mode, &e) < 0 ||
	    expert_get(&r->ctx, r->id, &x, &e) < 0)
		return reply_derr(r, &e);
	return reply_expert(r, 200, &x, 0);
}

int api_expert_delete(struct req *r)
{
	struct derr e = { 0 };
	if (expert_delete(&r->ctx, r->id, &e) < 0)
		return reply_derr(r, &e);
	r->status = 204;
	r->ctype = "application/json";
	return 0;
}

/* ---- one's own data --------------------------------------------------------- */

int api_me_expert(struct req *r)
{
	struct expert x;
	struct derr e = { 0 };
	if (expert_mine(&r->ctx, &x, &e) < 0)
		return reply_derr(r, &e);
	r->no_cache = 1;
	return reply_expert(r, 200, &x, 1);
}

int api_me_expert_export(struct req *r)
{
	struct derr e = { 0 };
	json_t *doc = expert_export_mine(&r->ctx, &e);
	if (!doc)
		return reply_derr(r, &e);
	r->no_cache = 1;
	req_header(r, "Content-Disposition", "attachment; filename=\"my-expert-data.json\"");
	return reply_json(r, 200, doc);
}

int api_me_expert_delete(struct req *r)
{
	struct expert x;
	struct derr e = { 0 };
	if (expert_mine(&r->ctx, &x, &e) < 0 || expert_delete(&r->ctx, x.id, &e) < 0)
		return reply_derr(r, &e);
	r->status = 204;
	r->ctype = "application/json";
	return 0;
}

/* ---- conflicts of interest --------------------------------------------------- */

int api_expert_conflicts(struct req *r)
{
	struct expert_conflict *ks;
	struct derr e = { 0 };
	size_t n;
	json_t *items;
	if (expert_conflicts(&r->ctx, r->id, &ks, &n, &e) < 0)
		return reply_derr(r, &e);
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, expert_conflict_json(&ks[i]));
	return reply_json(r, 200, json_pack("{s:o}", "items", items));
}

int api_expert_conflict_create(struct req *r)
{
	struct expert_conflict *ks;
	struct derr e = { 0 };
	size_t n;
	int64_t id;
	if (expert_conflict_add(&r->ctx, r->id, r->json, &id, &e) < 0 ||
	    expert_conflicts(&r->ctx, r->id, &ks, &n, &e) < 0)
		return reply_derr(r, &e);
	for (size_t i = 0; i < n; i++)
		if (ks[i].id == id) {
			req_header(r, "Location", arena_printf(r->a, "/api/v1/expert-conflicts/%lld",
							       (long long)id));
			return reply_json(r, 201, expert_conflict_json(&ks[i]));
		}
	return reply_error(r, 500, "internal", NULL, "lost the conflict");
}

int api_expert_conflict_delete(struct req *r)
{
	struct derr e = { 0 };
	if (expert_conflict_remove(&r->ctx, r->id, &e) < 0)
		return reply_derr(r, &e);
	r->status = 204;
	r->ctype = "application/json";
	return 0;
}

/* ---- finding ------------------------------------------------------------------ */

int api_experts_match(struct req *r)
{
	struct match_query q;
	struct match_result res;
	struct derr e = { 0 };
	if (match_query_from_json(&r->ctx, r->json, &q, &e) < 0 ||
	    expert_match(&r->ctx, &q, &res, &e) < 0)
		return reply_derr(r, &e);
	return reply_json(r, 200, match_result_json(&res));
}

/* ---- import and export ----------------------------------------------------------- */

static json_t *report_json(const struct import_report *rep)
{
	json_t *errors = json_array();
	for (size_t i = 0; i < rep->nlisted; i++)
		json_array_append_new(errors, json_pack("{s:I, s:s?, s:s}",
			"line", (json_int_t)rep->errors[i].line,
			"field", *rep->errors[i].field ? rep->errors[i].field : NULL,
			"message", rep->errors[i].message));
	return json_pack("{s:b, s:s, s:I, s:I, s:I, s:o, s:I, s:I, s:f}",
		"dry_run", rep->dry_run, "format", rep->format, "rows", (json_int_t)rep->rows,
		"imported", (json_int_t)rep->imported, "bad_rows", (json_int_t)rep->nerrors,
		"errors", errors, "first_id", (json_int_t)rep->first_id,
		"last_id", (json_int_t)rep->last_id, "seconds", (double)rep->usec / 1e6);
}

int api_experts_import(struct req *r)
{
	struct import_opts o = { 0 };
	struct import_report rep;
	struct derr e = { 0 };
	const char *dry = q_str(r, "dry_run"), *fmt = q_str(r, "format");

	o.dry_run = dry && (strcmp(dry, "1") == 0 || strcmp(dry, "true") == 0);
	if (fmt && *fmt && strcmp(fmt, "csv") != 0 && strcmp(fmt, "xlsx") != 0)
		return reply_error(r, 400, "not_allowed", "format", "format is csv or xlsx");
	o.format = fmt && *fmt ? fmt : NULL;
	if (!r->body_len)
		return reply_error(r, 400, "required", "file",
				   "send the CSV or XLSX file as the request body");
	if (expert_import(&r->ctx, r->body, r->body_len, &o, &rep, &e) < 0)
		return reply_derr(r, &e);
	/* a file with bad rows imports nothing: the first one is named here,
	 * a dry run lists them all */
	if (rep.nerrors && !rep.dry_run && !rep.nlisted)
		return reply_error(r, 422, "invalid_rows", "file", "%zu of %zu rows are not valid, so"
				   " nothing was imported", rep.nerrors, rep.rows);
	if (rep.nerrors && !rep.dry_run)
		return reply_error(r, 422, "invalid_rows", rep.errors[0].field,
				   "%zu of %zu rows are not valid, so nothing was imported; line %zu:"
				   " %s (send the file with dry_run=1 for every bad row)",
				   rep.nerrors, rep.rows, rep.errors[0].line, rep.errors[0].message);
	return reply_json(r, rep.dry_run ? 200 : 201, report_json(&rep));
}

/* ---- the classification ------------------------------------------------------------ */

int api_disciplines(struct req *r)
{
	size_t n;
	const struct discipline *d = discipline_list(&n);
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:s, s:s?, s:s, s:s}", "code", d[i].code,
			"parent", d[i].parent, "name_zh", d[i].name_zh, "name_en", d[i].name_en));
	return reply_json(r, 200, json_pack("{s:o}", "items", items));
}
