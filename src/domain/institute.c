/*
 * institute.c — institutes under innovation centres, the yearly
 * assessment scheme and the ranking it gives.  See institute.h.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "core/util.h"
#include "domain/audit.h"
#include "domain/figures.h"
#include "domain/institute.h"
#include "domain/joint_figures.h"
#include "store/expert.h"
#include "store/booking.h"
#include "store/market.h"
#include "store/store.h"
#include "core/banned.h"

const struct indicator indicators[] = {
	{ "contract_income", "技术合同技术性收入", "Technical income from contracts", "cny", 1,
	  "作为卖方、已核验技术合同的技术性收入", "technical income of verified contracts it sold" },
	{ "contracts", "技术合同数", "Technology contracts", "count", 1,
	  "作为卖方、已核验的技术合同", "verified contracts it sold" },
	{ "instrument_hours", "仪器对外服务机时", "Shared-instrument hours", "hours", 1,
	  "本所仪器为其他单位提供的有效服务机时", "hours its instruments served other organisations" },
	{ "joint_projects_led", "牵头联合攻关项目", "Joint projects led", "count", 1,
	  "当年在研、由本所牵头的跨区域联合攻关项目", "cross-region joint projects it leads, running in the year" },
	{ "challenges_solved", "揭榜攻关成功", "Challenges solved", "count", 1,
	  "当年本所揭榜方案被选定的榜单", "challenges whose solution by it was selected in the year" },
	{ "experts", "入库专家", "Experts in the talent pool", "count", 1,
	  "人才库中本所的专家（当前）", "its experts in the talent pool (today)" },
};
const size_t nindicators = ARRAY_SIZE(indicators);

static const struct indicator *indicator_find(const char *key)
{
	for (size_t i = 0; i < nindicators; i++)
		if (!strcmp(indicators[i].key, key))
			return &indicators[i];
	return NULL;
}

int institute_may_manage(const struct ctx *c)
{
	enum role r = role_of(c->user);
	return r == ROLE_OFFICE || r == ROLE_SYSADMIN;
}

static int deny(const struct ctx *c, struct derr *e)
{
	if (!c->user)
		return derr_set(e, DERR_UNAUTHORIZED, "login_required", NULL, "log in first");
	return derr_set(e, DERR_FORBIDDEN, "forbidden", NULL,
			"only the community office manages institutes and their assessment");
}

static int finish(struct ctx *c, int rc, struct derr *e, const char *what)
{
	if (rc < 0) {
		store_rollback(c->db);
		return e->kind ? -1 : derr_store(e, rc, what);
	}
	if ((rc = store_commit(c->db)) < 0)
		return derr_store(e, rc, what);
	return 0;
}

/* The organisation id of kind kind, else DERR_INVALID naming field. */
static int need_kind(struct ctx *c, int64_t id, const char *kind, const char *field,
		     struct derr *e)
{
	struct org o;
	int rc = id > 0 ? store_org_get(c->db, c->a, id, &o) : 1;
	if (rc > 0)
		return derr_set(e, DERR_INVALID, "not_found", field,
				"organisation %lld does not exist", (long long)id);
	if (rc < 0)
		return derr_store(e, rc, "reading the organisation");
	if (strcmp(o.kind, kind) != 0)
		return derr_set(e, DERR_INVALID, "wrong_kind", field,
				"organisation %lld is not of kind %s", (long long)id, kind);
	return 0;
}

int institute_register(struct ctx *c, int64_t org_id, int64_t centre_id, struct derr *e)
{
	json_t *after;
	int rc;
	if (!institute_may_manage(c))
		return deny(c, e);
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "registering the institute");
	if (need_kind(c, org_id, "institute", "org_id", e) < 0 ||
	    need_kind(c, centre_id, "centre", "centre_id", e) < 0)
		return finish(c, -1, e, "registering the institute");
	rc = store_institute_put(c->db, org_id, centre_id, now_unix());
	after = json_pack("{s:I, s:I}", "org_id", (json_int_t)org_id, "centre_id", (json_int_t)centre_id);
	if (rc == 0)
		rc = audit_log(c, "register", "institute", org_id, NULL, after, e);
	json_decref(after);
	return finish(c, rc, e, "registering the institute");
}

int institute_unregister(struct ctx *c, int64_t org_id, struct derr *e)
{
	int64_t centre;
	json_t *before;
	int rc;
	if (!institute_may_manage(c))
		return deny(c, e);
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "unregistering the institute");
	rc = store_institute_get(c->db, org_id, &centre);
	if (rc > 0) {
		store_rollback(c->db);
		return derr_set(e, DERR_NOT_FOUND, "not_found", NULL,
				"organisation %lld is not a registered institute", (long long)org_id);
	}
	if (rc == 0)
		rc = store_institute_delete(c->db, org_id);
	before = json_pack("{s:I, s:I}", "org_id", (json_int_t)org_id, "centre_id", (json_int_t)centre);
	if (rc == 0)
		rc = audit_log(c, "unregister", "institute", org_id, before, NULL, e);
	json_decref(before);
	return finish(c, rc, e, "unregistering the institute");
}

/* ---- the scheme --------------------------------------------------------- */

static int check_year(int64_t year, struct derr *e)
{
	if (year < FIGURES_YEAR_MIN || year > FIGURES_YEAR_MAX)
		return derr_set(e, DERR_INVALID, "out_of_range", "year",
				"year must be between %d and %d", FIGURES_YEAR_MIN, FIGURES_YEAR_MAX);
	return 0;
}

int assess_scheme_set(struct ctx *c, int64_t year, json_t *in, struct derr *e)
{
	struct assess_weight w[ARRAY_SIZE(indicators)];
	json_t *weights, *v, *before = NULL, *after = NULL;
	const char *key;
	size_t n = 0;
	int64_t sum = 0;
	int rc;

	if (!institute_may_manage(c))
		return deny(c, e);
	if (check_year(year, e) < 0)
		return -1;
	if (!json_is_object(in))
		return derr_set(e, DERR_INVALID, "wrong_type", NULL, "the body must be a JSON object");
	json_object_foreach(in, key, v)
		if (strcmp(key, "weights") != 0)
			return derr_set(e, DERR_INVALID, "unknown_field", "", "unknown field; send {\"weights\": {...}}");
	weights = json_object_get(in, "weights");
	if (!json_is_object(weights))
		return derr_set(e, DERR_INVALID, weights ? "wrong_type" : "required", "weights",
				"weights must be an object of indicator: weight");
	json_object_foreach(weights, key, v) {
		const struct indicator *ind = indicator_find(key);
		if (!ind)
			return derr_set(e, DERR_INVALID, "unknown_indicator", "weights",
					"weights names an unknown indicator");
		if (!json_is_integer(v))
			return derr_set(e, DERR_INVALID, "wrong_type", ind->key,
					"the weight of %s must be a whole number", ind->key);
		if (json_integer_value(v) < 1 || json_integer_value(v) > 100)
			return derr_set(e, DERR_INVALID, "out_of_range", ind->key,
					"the weight of %s must be between 1 and 100", ind->key);
		w[n].indicator = ind->key;
		w[n].weight = json_integer_value(v);
		sum += w[n].weight;
		n++;
	}
	if (!n)
		return derr_set(e, DERR_INVALID, "required", "weights", "give at least one indicator");
	if (sum != 100)
		return derr_set(e, DERR_INVALID, "bad_sum", "weights",
				"the weights add up to %lld, not 100", (long long)sum);
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "setting the scheme");
	if (!(before = assess_scheme_json(c, year, e))) {
		store_rollback(c->db);
		return -1;
	}
	rc = store_assess_put(c->db, year, w, n);
	if (rc == 0 && !(after = assess_scheme_json(c, year, e)))
		rc = -1;
	if (rc == 0)
		rc = audit_log(c, "set", "assessment", year, before, after, e);
	json_decref(before);
	json_decref(after);
	return finish(c, rc, e, "setting the scheme");
}

json_t *assess_scheme_json(struct ctx *c, int64_t year, struct derr *e)
{
	struct assess_weight *w;
	size_t n;
	json_t *weights;
	int rc;
	if (check_year(year, e) < 0)
		return NULL;
	if ((rc = store_assess_get(c->db, c->a, year, &w, &n)) < 0) {
		derr_store(e, rc, "reading the scheme");
		return NULL;
	}
	weights = json_object();
	for (size_t i = 0; i < n; i++)
		json_object_set_new(weights, w[i].indicator, json_integer(w[i].weight));
	return json_pack("{s:I, s:b, s:o, s:i}", "year", (json_int_t)year, "set", n > 0,
			 "weights", weights, "total", n ? 100 : 0);
}

/* ---- the ranking -------------------------------------------------------- */

struct ranked {
	struct institute_row *row;
	double values[ARRAY_SIZE(indicators)], scores[ARRAY_SIZE(indicators)], total;
};

static int by_total(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->total != y->total)
		return x->total < y->total ? 1 : -1;
	return strcmp(x->row->name_zh, y->row->name_zh);
}

static json_t *ranking_compute(struct ctx *c, int64_t year, const char *region, struct derr *e)
{
	struct institute_row *rows;
	struct assess_weight *w;
	struct ranked *rk = NULL;
	int64_t weight[ARRAY_SIZE(indicators)] = { 0 };
	double max[ARRAY_SIZE(indicators)] = { 0 };
	size_t n, nw;
	json_t *inds, *list, *doc = NULL;
	int rc;

	(void)region;
	if ((rc = store_assess_get(c->db, c->a, year, &w, &nw)) < 0 ||
	    (rc = store_institute_list(c->db, c->a, year, &rows, &n)) < 0) {
		derr_store(e, rc, "computing the ranking");
		return NULL;
	}
	for (size_t i = 0; i < nw; i++)
		for (size_t k = 0; k < nindicators; k++)
			if (!strcmp(w[i].indicator, indicators[k].key))
				weight[k] = w[i].weight;
	if (n && !(rk = arena_zalloc(c->a, n * sizeof *rk))) {
		derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		struct usage_totals t;
		rk[i].row = &rows[i];
		if ((rc = store_usage_totals(c->db, USAGE_ORG, rows[i].org_id, NULL, year, 0, 0, &t)) < 0) {
			derr_store(e, rc, "adding up instrument hours");
			return NULL;
		}
		rk[i].values[0] = (double)rows[i].income_cny;
		rk[i].values[1] = (double)rows[i].contracts;
		rk[i].values[2] = floor((double)t.external_s / 360.0 + 0.5) / 10.0;   /* hours, 0.1 */
		{
			struct expert_filter f = { .org_id = rows[i].org_id, .limit = 1 };
			struct expert *x;
			size_t nx;
			int64_t led = 0, solved = 0, experts = 0;
			if (joint_led_count(c, rows[i].org_id, year, &led, e) < 0 ||
			    joint_solved_count(c, rows[i].org_id, year, &solved, e) < 0)
				return NULL;
			if ((rc = store_expert_list(c->db, c->a, &f, &x, &nx, &experts)) < 0) {
				derr_store(e, rc, "counting experts");
				return NULL;
			}
			rk[i].values[3] = (double)led;
			rk[i].values[4] = (double)solved;
			rk[i].values[5] = (double)experts;
		}
		for (size_t k = 0; k < nindicators; k++)
			if (rk[i].values[k] > max[k])
				max[k] = rk[i].values[k];
	}
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < nindicators; k++) {
			rk[i].scores[k] = max[k] > 0 ? (double)weight[k] * rk[i].values[k] / max[k] : 0;
			rk[i].scores[k] = floor(rk[i].scores[k] * 100 + 0.5) / 100;
			rk[i].total += rk[i].scores[k];
		}
		rk[i].total = floor(rk[i].total * 100 + 0.5) / 100;
	}
	if (n)
		qsort(rk, n, sizeof *rk, by_total);
	inds = json_array();
	for (size_t k = 0; k < nindicators; k++)
		json_array_append_new(inds, json_pack("{s:s, s:s, s:s, s:s, s:I, s:b, s:s, s:s, s:f}",
			"key", indicators[k].key, "name_zh", indicators[k].zh, "name_en", indicators[k].en,
			"unit", indicators[k].unit, "weight", (json_int_t)weight[k],
			"available", indicators[k].available, "note_zh", indicators[k].note_zh,
			"note_en", indicators[k].note_en, "max", max[k]));
	list = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct institute_row *r = rk[i].row;
		json_t *values = json_object(), *scores = json_object();
		for (size_t k = 0; k < nindicators; k++) {
			json_object_set_new(values, indicators[k].key, json_real(rk[i].values[k]));
			json_object_set_new(scores, indicators[k].key, json_real(rk[i].scores[k]));
		}
		json_array_append_new(list, json_pack("{s:I, s:I, s:s, s:s?, s:s, s:s, s:s, s:s, s:s,"
						      " s:I, s:s, s:s?, s:o, s:o, s:f}",
			"rank", (json_int_t)(i + 1), "org_id", (json_int_t)r->org_id,
			"name_zh", r->name_zh, "name_en", r->name_en, "region", r->region_code,
			"region_zh", r->region_zh, "region_en", r->region_en,
			"city_zh", r->city_zh, "city_en", r->city_en,
			"centre_id", (json_int_t)r->centre_id, "centre_zh", r->centre_zh,
			"centre_en", r->centre_en, "values", values, "scores", scores,
			"total", rk[i].total));
	}
	doc = json_pack("{s:I, s:b, s:o, s:o}", "year", (json_int_t)year, "scheme_set", nw > 0,
			"indicators", inds, "institutes", list);
	if (!doc)
		derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	return doc;
}

json_t *institute_ranking_doc(struct ctx *c, int64_t year, struct derr *e)
{
	if (check_year(year, e) < 0)
		return NULL;
	return figures_cached(c, "ranking", year, NULL, ranking_compute, e);
}
