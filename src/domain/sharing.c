/*
 * sharing.c — the open-sharing figures and the under-use report.  See
 * sharing.h.  The sums come from the running totals the booking
 * transactions keep (store/sharing.c); here are the quotas, the rates and
 * who may read the report.
 */
#include <string.h>
#include "core/cst.h"
#include "domain/availability.h"
#include "domain/sharing.h"
#include "store/store.h"
#include "core/banned.h"

int64_t sharing_current_year(int64_t now)
{
	return cst_year(now);
}

int sharing_check_year(int64_t year, struct derr *e)
{
	if (year < SHARING_YEAR_MIN || year > SHARING_YEAR_MAX)
		return derr_set(e, DERR_INVALID, "out_of_range", "year",
				"year must be between %d and %d", SHARING_YEAR_MIN, SHARING_YEAR_MAX);
	return 0;
}

void sharing_quotas(int64_t year, int64_t now, int64_t *general_s, int64_t *special_s,
		    double *fraction)
{
	int64_t from = cst_year_start(year), to = cst_year_start(year + 1);
	double f = now >= to ? 1.0 : now <= from ? 0.0 : (double)(now - from) / (double)(to - from);
	*general_s = (int64_t)(QUOTA_GENERAL_HOURS * 3600.0 * f);
	*special_s = (int64_t)(QUOTA_SPECIAL_HOURS * 3600.0 * f);
	if (fraction)
		*fraction = f;
}

static int missing(struct derr *e, const char *what)
{
	return derr_set(e, DERR_NOT_FOUND, "not_found", NULL, "no such %s", what);
}

int sharing_figures_get(struct ctx *c, enum sharing_level level, int64_t id, const char *code,
			int64_t year, int64_t now, struct sharing_figures *out, struct derr *e)
{
	static const enum usage_scope scopes[] = {
		[SHARING_INSTRUMENT] = USAGE_INSTRUMENT, [SHARING_ORG] = USAGE_ORG,
		[SHARING_CITY] = USAGE_CITY, [SHARING_REGION] = USAGE_REGION,
		[SHARING_ALL] = USAGE_ALL,
	};
	struct usage_totals t;
	int64_t qg, qs;
	int rc = 0;

	memset(out, 0, sizeof *out);
	if (sharing_check_year(year, e) < 0)
		return -1;
	out->level = level;
	out->id = id;
	out->code = code;
	out->year = year;
	switch (level) {
	case SHARING_INSTRUMENT: {
		struct instrument in;
		rc = store_instrument_get(c->db, c->a, id, &in);
		if (rc > 0)
			return missing(e, "instrument");
		if (rc == 0) {
			out->name_zh = in.name_zh;
			out->name_en = in.name_en;
			if (!strcmp(in.kind, "instrument")) {
				struct booking_rules r;
				if (rules_load(c, id, &r, e) < 0)
					return -1;
				out->quota_class = r.quota_class;
			}
		}
		break;
	}
	case SHARING_ORG: {
		struct org o;
		rc = store_org_get(c->db, c->a, id, &o);
		if (rc > 0)
			return missing(e, "organisation");
		if (rc == 0) {
			out->name_zh = o.name_zh;
			out->name_en = o.name_en;
		}
		break;
	}
	case SHARING_CITY: {
		struct city ct;
		rc = store_city_get(c->db, c->a, code, &ct);
		if (rc > 0)
			return missing(e, "city");
		if (rc == 0) {
			out->name_zh = ct.name_zh;
			out->name_en = ct.name_en;
		}
		break;
	}
	case SHARING_REGION: {
		struct region g;
		rc = store_region_get(c->db, c->a, code, &g);
		if (rc > 0)
			return missing(e, "region");
		if (rc == 0) {
			out->name_zh = g.name_zh;
			out->name_en = g.name_en;
		}
		break;
	}
	case SHARING_ALL:
		out->name_zh = "共同体";
		out->name_en = "The community";
		break;
	}
	if (rc < 0)
		return derr_store(e, rc, "reading the figures");
	sharing_quotas(year, now, &qg, &qs, &out->year_fraction);
	rc = store_usage_totals(c->db, scopes[level], id, code, year, qg, qs, &t);
	if (rc < 0)
		return derr_store(e, rc, "reading the figures");
	out->instruments = t.instruments;
	out->with_quota = t.with_quota;
	out->under_quota = t.under_quota;
	out->effective_s = t.effective_s;
	out->external_s = t.external_s;
	out->cross_s = t.cross_s;
	out->income_fen = t.income_fen;
	out->completed = t.completed;
	out->users = t.users;
	out->orgs = t.orgs;
	out->external_orgs = t.external_orgs;
	out->ratings = t.ratings;
	out->sharing_rate = t.effective_s ? (double)t.external_s / (double)t.effective_s : 0;
	out->rating_avg = t.ratings ? (double)t.rating_sum / (double)t.ratings : 0;
	if (level == SHARING_INSTRUMENT && out->quota_class) {
		int special = !strcmp(out->quota_class, "specialised");
		out->quota_hours = (special ? qs : qg) / 3600;
		out->under = t.with_quota && t.under_quota > 0;
	}
	return 0;
}

static double hours(int64_t s)
{
	return (double)(s / 36) / 100.0;   /* two decimals, rounded down */
}

static double round2(double x)
{
	return (double)(int64_t)(x * 10000.0 + 0.5) / 10000.0;
}

json_t *sharing_json(const struct sharing_figures *f)
{
	static const char *const levels[] = {
		[SHARING_INSTRUMENT] = "instrument", [SHARING_ORG] = "organisation",
		[SHARING_CITY] = "city", [SHARING_REGION] = "region", [SHARING_ALL] = "community",
	};
	json_t *j = json_pack("{s:s, s:I, s:s?, s:s?, s:I, s:I, s:I, s:f, s:f, s:f, s:f,"
			      " s:I, s:I, s:I, s:I, s:f, s:I, s:f}",
		"level", levels[f->level], "year", (json_int_t)f->year,
		"name_zh", f->name_zh, "name_en", f->name_en,
		"instruments", (json_int_t)f->instruments,
		"instruments_with_quota", (json_int_t)f->with_quota,
		"under_quota", (json_int_t)f->under_quota,
		"effective_hours", hours(f->effective_s), "external_hours", hours(f->external_s),
		"cross_region_hours", hours(f->cross_s), "sharing_rate", round2(f->sharing_rate),
		"completed_bookings", (json_int_t)f->completed, "users_served", (json_int_t)f->users,
		"orgs_served", (json_int_t)f->orgs, "external_orgs_served", (json_int_t)f->external_orgs,
		"income", (double)f->income_fen / 100.0, "ratings", (json_int_t)f->ratings,
		"rating_avg", round2(f->rating_avg));
	if (!j)
		return NULL;
	json_object_set_new(j, "year_fraction", json_real(round2(f->year_fraction)));
	if (f->level == SHARING_INSTRUMENT || f->level == SHARING_ORG)
		json_object_set_new(j, "id", json_integer(f->id));
	else if (f->code)
		json_object_set_new(j, "code", json_string(f->code));
	if (f->level == SHARING_INSTRUMENT) {
		json_object_set_new(j, "quota_class",
				    f->quota_class ? json_string(f->quota_class) : json_null());
		json_object_set_new(j, "quota_hours",
				    f->quota_class ? json_integer(f->quota_hours) : json_null());
		json_object_set_new(j, "under", json_boolean(f->under));
	}
	return j;
}

int sharing_report(struct ctx *c, const struct sharing_query *q, int64_t now,
		   struct usage_row **out, size_t *n, int64_t *total, struct derr *e)
{
	struct usage_filter f = { 0 };
	int rc;

	*out = NULL;
	*n = 0;
	*total = 0;
	if (sharing_check_year(q->year, e) < 0)
		return -1;
	f.region = q->region && *q->region ? q->region : NULL;
	f.city = q->city && *q->city ? q->city : NULL;
	f.org_id = q->org_id;
	switch (role_of(c->user)) {
	case ROLE_VISITOR:
		return derr_set(e, DERR_UNAUTHORIZED, "login_required", NULL,
				"log in to read the report");
	case ROLE_SYSADMIN:
	case ROLE_OFFICE:
		break;
	case ROLE_COORDINATOR:
		if (f.region && strcmp(f.region, c->user->region_code ? c->user->region_code : ""))
			return derr_set(e, DERR_FORBIDDEN, "forbidden", "region",
					"a coordinator reads the report of their own region");
		f.region = c->user->region_code;
		break;
	case ROLE_ORG_ADMIN:
		if (f.org_id && f.org_id != c->user->org_id)
			return derr_set(e, DERR_FORBIDDEN, "forbidden", "org",
					"an organisation's administrator reads its own report");
		f.org_id = c->user->org_id;
		break;
	default:
		return derr_set(e, DERR_FORBIDDEN, "forbidden", NULL,
				"the report is for administrators, coordinators and the office");
	}
	if (f.region) {
		struct region g;
		rc = store_region_get(c->db, c->a, f.region, &g);
		if (rc > 0)
			return derr_set(e, DERR_INVALID, "not_found", "region", "no region %s", f.region);
		if (rc < 0)
			return derr_store(e, rc, "reading the region");
	}
	if (f.city) {
		struct city ct;
		rc = store_city_get(c->db, c->a, f.city, &ct);
		if (rc > 0)
			return derr_set(e, DERR_INVALID, "not_found", "city", "no city %s", f.city);
		if (rc < 0)
			return derr_store(e, rc, "reading the city");
	}
	f.year = q->year;
	f.under_quota = q->under_quota;
	f.ascending = q->ascending;
	sharing_quotas(q->year, now, &f.quota_general_s, &f.quota_special_s, NULL);
	f.offset = (q->page - 1) * q->per_page;
	f.limit = q->per_page;
	rc = store_usage_list(c->db, c->a, &f, out, n, total);
	return rc < 0 ? derr_store(e, rc, "reading the report") : 0;
}

json_t *usage_row_json(const struct usage_row *u, int64_t year, int64_t now)
{
	int64_t qg, qs, quota;
	json_t *j;
	sharing_quotas(year, now, &qg, &qs, NULL);
	quota = !strcmp(u->quota_class, "specialised") ? qs : qg;
	j = json_pack("{s:I, s:s, s:s?, s:I, s:s, s:s, s:s, s:s, s:I, s:f, s:f, s:f, s:f,"
		      " s:I, s:I, s:I, s:f, s:I, s:f, s:I, s:b}",
		"instrument_id", (json_int_t)u->instrument_id, "name_zh", u->name_zh,
		"name_en", u->name_en, "org_id", (json_int_t)u->org_id, "org_zh", u->org_zh,
		"region", u->region_code, "city", u->city_code, "quota_class", u->quota_class,
		"value_cny", (json_int_t)u->value_cny,
		"effective_hours", hours(u->effective_s), "external_hours", hours(u->external_s),
		"cross_region_hours", hours(u->cross_s),
		"sharing_rate", round2(u->effective_s ? (double)u->external_s / (double)u->effective_s : 0),
		"completed_bookings", (json_int_t)u->completed, "users_served", (json_int_t)u->users,
		"orgs_served", (json_int_t)u->orgs, "income", (double)u->income_fen / 100.0,
		"ratings", (json_int_t)u->ratings,
		"rating_avg", round2(u->ratings ? (double)u->rating_sum / (double)u->ratings : 0),
		"quota_hours", (json_int_t)(quota / 3600), "under", u->effective_s < quota);
	return j;
}
