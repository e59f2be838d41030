/*
 * dashboard.c — the community's figures through the API: the dashboard's
 * document, the flows of technology contracts between regions, the
 * institutes' ranking, their registration and the assessment scheme.
 */
#include "api/api.h"
#include "core/util.h"
#include "domain/figures.h"
#include "domain/institute.h"
#include "core/banned.h"

/* Sends a shared document: serialised without taking it over. */
static int reply_doc(struct req *r, json_t *doc, const struct derr *e)
{
	if (!doc)
		return reply_derr(r, e);
	return reply_json(r, 200, doc);   /* consumes the caller's reference */
}

int api_dashboard(struct req *r)
{
	struct derr e = { 0 };
	const char *region = q_str(r, "region");
	int64_t year;
	if (q_int(r, "year", figures_default_year(now_unix()), 1990, 2100, &year) < 0)
		return -1;
	return reply_doc(r, dashboard_doc(&r->ctx, year, region, now_unix(), &e), &e);
}

int api_flows(struct req *r)
{
	struct derr e = { 0 };
	const char *region = q_str(r, "region");
	int64_t year;
	if (q_int(r, "year", figures_default_year(now_unix()), 1990, 2100, &year) < 0)
		return -1;
	return reply_doc(r, flows_doc(&r->ctx, year, region, &e), &e);
}

int api_institutes(struct req *r)
{
	struct derr e = { 0 };
	int64_t year;
	if (q_int(r, "year", figures_default_year(now_unix()), 1990, 2100, &year) < 0)
		return -1;
	return reply_doc(r, institute_ranking_doc(&r->ctx, year, &e), &e);
}

int api_institute_register(struct req *r)
{
	struct derr e = { 0 };
	json_t *org = json_object_get(r->json, "org_id"), *centre = json_object_get(r->json, "centre_id");
	if (!json_is_object(r->json))
		return reply_error(r, 400, "wrong_type", NULL, "the body must be a JSON object");
	if (!json_is_integer(org))
		return reply_error(r, 400, org ? "wrong_type" : "required", "org_id",
				   "org_id must be an organisation id");
	if (!json_is_integer(centre))
		return reply_error(r, 400, centre ? "wrong_type" : "required", "centre_id",
				   "centre_id must be an organisation id");
	if (institute_register(&r->ctx, json_integer_value(org), json_integer_value(centre), &e) < 0)
		return reply_derr(r, &e);
	return reply_json(r, 201, json_pack("{s:I, s:I}", "org_id", json_integer_value(org),
					    "centre_id", json_integer_value(centre)));
}

int api_institute_unregister(struct req *r)
{
	struct derr e = { 0 };
	if (institute_unregister(&r->ctx, r->id, &e) < 0)
		return reply_derr(r, &e);
	r->status = 204;
	r->ctype = "application/json";
	return 0;
}

int api_assessment_get(struct req *r)
{
	struct derr e = { 0 };
	return reply_doc(r, assess_scheme_json(&r->ctx, r->id, &e), &e);
}

int api_assessment_put(struct req *r)
{
	struct derr e = { 0 };
	if (assess_scheme_set(&r->ctx, r->id, r->json, &e) < 0)
		return reply_derr(r, &e);
	return reply_doc(r, assess_scheme_json(&r->ctx, r->id, &e), &e);
}
