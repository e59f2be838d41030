/*
 * instrument.c — catalogue rules: validation, permissions, audit, queries.
 */
#include <stddef.h>
#include <string.h>
#include <time.h>
#include "core/util.h"
#include "domain/audit.h"
#include "domain/catalog.h"
#include "domain/instrument.h"
#include "domain/search.h"
#include "store/store.h"
#include "core/banned.h"

#define MAX_VALUE_CNY 100000000000LL   /* 100 billion: beyond any one facility */

const struct field instrument_fields[] = {
	{ "id", FT_INT, F_READONLY, offsetof(struct instrument, id), 0, 0, NULL, "编号", "ID" },
	{ "name_zh", FT_TEXT, F_REQUIRED, offsetof(struct instrument, name_zh), 0, 200, NULL, "中文名称", "Name (Chinese)" },
	{ "name_en", FT_TEXT, 0, offsetof(struct instrument, name_en), 0, 300, NULL, "英文名称", "Name (English)" },
	{ "kind", FT_ENUM, 0, offsetof(struct instrument, kind), 0, 0, vocab_instrument_kind, "类型", "Kind" },
	{ "category", FT_ENUM, F_REQUIRED, offsetof(struct instrument, category), 0, 0, vocab_category, "仪器分类", "Category" },
	{ "model", FT_TEXT, 0, offsetof(struct instrument, model), 0, 100, NULL, "型号", "Model" },
	{ "manufacturer", FT_TEXT, 0, offsetof(struct instrument, manufacturer), 0, 100, NULL, "生产厂商", "Manufacturer" },
	{ "country", FT_TEXT, 0, offsetof(struct instrument, country), 0, 50, NULL, "产地国别", "Country of manufacture" },
	{ "value_cny", FT_INT, F_REQUIRED, offsetof(struct instrument, value_cny), 0, MAX_VALUE_CNY, NULL, "原值（元）", "Original value (CNY)" },
	{ "purchase_year", FT_INT, 0, offsetof(struct instrument, purchase_year), 1950, 2100, NULL, "购置年份", "Purchase year" },
	{ "org_id", FT_INT, 0, offsetof(struct instrument, org_id), 1, INT64_MAX, NULL, "所属单位", "Owner organisation" },
	{ "city", FT_TEXT, 0, offsetof(struct instrument, city_code), 0, 6, NULL, "所在城市", "City" },
	{ "address", FT_TEXT, 0, offsetof(struct instrument, address), 0, 200, NULL, "放置地址", "Address" },
	{ "status", FT_ENUM, 0, offsetof(struct instrument, status), 0, 0, vocab_status, "状态", "Status" },
	{ "sharing", FT_ENUM, 0, offsetof(struct instrument, sharing), 0, 0, vocab_sharing, "共享方式", "Sharing mode" },
	{ "fee_internal", FT_NUM, 0, offsetof(struct instrument, fee_internal), 0, 1000000, NULL, "内部收费（元/小时）", "Internal fee (CNY/hour)" },
	{ "fee_external", FT_NUM, 0, offsetof(struct instrument, fee_external), 0, 1000000, NULL, "对外收费（元/小时）", "External fee (CNY/hour)" },
	{ "contact", FT_TEXT, 0, offsetof(struct instrument, contact), 0, 200, NULL, "联系方式", "Contact" },
	{ "specs", FT_TEXT, F_MULTILINE, offsetof(struct instrument, specs), 0, 4000, NULL, "主要技术指标", "Main technical specifications" },
	{ "areas", FT_TEXT, F_MULTILINE, offsetof(struct instrument, areas), 0, 2000, NULL, "应用领域", "Application areas" },
	{ "description", FT_TEXT, F_MULTILINE, offsetof(struct instrument, description), 0, 10000, NULL, "简介", "Description" },
	{ "region", FT_TEXT, F_READONLY, offsetof(struct instrument, region_code), 0, 0, NULL, "区域", "Region" },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL },
};

json_t *instrument_json(const struct instrument *in)
{
	json_t *j = json_pack(
		"{s:I, s:s, s:s, s:s, s:s?, s:s?, s:s?, s:s?, s:I, s:I, s:s?, s:s, s:s,"
		" s:s?, s:s, s:s, s:s?, s:s?, s:s?, s:I, s:I}",
		"id", (json_int_t)in->id, "kind", in->kind, "category", in->category,
		"name_zh", in->name_zh, "name_en", in->name_en, "model", in->model,
		"manufacturer", in->manufacturer, "country", in->country,
		"value_cny", (json_int_t)in->value_cny, "org_id", (json_int_t)in->org_id,
		"org_zh", in->org_zh, "region", in->region_code, "city", in->city_code,
		"address", in->address, "status", in->status, "sharing", in->sharing,
		"specs", in->specs, "areas", in->areas, "description", in->description,
		"created_at", (json_int_t)in->created_at,
		"updated_at", (json_int_t)in->updated_at);
	if (!j)
		return NULL;
	json_object_set_new(j, "purchase_year",
			    in->purchase_year > 0 ? json_integer(in->purchase_year) : json_null());
	json_object_set_new(j, "fee_internal",
			    in->fee_internal >= 0 ? json_real(in->fee_internal) : json_null());
	json_object_set_new(j, "fee_external",
			    in->fee_external >= 0 ? json_real(in->fee_external) : json_null());
	json_object_set_new(j, "contact", in->contact ? json_string(in->contact) : json_null());
	json_object_set_new(j, "org_en", in->org_en ? json_string(in->org_en) : json_null());
	if (in->city_zh) {
		json_object_set_new(j, "city_zh", json_string(in->city_zh));
		json_object_set_new(j, "city_en", json_string(in->city_en));
		json_object_set_new(j, "region_zh", json_string(in->region_zh));
		json_object_set_new(j, "region_en", json_string(in->region_en));
	}
	return j;
}

int instrument_may_edit(const struct ctx *c, int64_t org_id)
{
	switch (role_of(c->user)) {
	case ROLE_SYSADMIN:
		return 1;
	case ROLE_ORG_ADMIN:
		return org_id > 0 && c->user->org_id == org_id;
	default:
		return 0;
	}
}

static int deny(const struct ctx *c, struct derr *e)
{
	if (!c->user)
		return derr_set(e, DERR_UNAUTHORIZED, "login_required", NULL,
				"log in to change instruments");
	return derr_set(e, DERR_FORBIDDEN, "forbidden", NULL,
			"only this organisation's administrators may change its instruments");
}

static int current_year(void)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	return tm.tm_year + 1900;
}

static const struct { const char *key; enum instrument_sort sort; } sorts[] = {
	{ "relevance", ISORT_RELEVANCE }, { "value_desc", ISORT_VALUE_DESC },
	{ "value_asc", ISORT_VALUE_ASC }, { "newest", ISORT_NEWEST },
	{ "year_desc", ISORT_YEAR_DESC }, { "name", ISORT_NAME },
};

static int check_vocab(const struct term *v, const char *key, const char *param,
		       struct derr *e)
{
	if (key && *key && !vocab_find(v, key))
		return derr_set(e, DERR_INVALID, "not_allowed", param,
				"%s must be one of the listed values", param);
	return 0;
}

int instrument_list(struct ctx *c, const struct instrument_query *q,
		    struct instrument_page *out, struct derr *e)
{
	struct instrument_filter f = { 0 };
	struct search *s = &out->search;
	int rc;

	memset(out, 0, sizeof *out);
	if (check_vocab(vocab_category, q->category, "category", e) < 0 ||
	    check_vocab(vocab_instrument_kind, q->kind, "kind", e) < 0 ||
	    check_vocab(vocab_sharing, q->sharing, "sharing", e) < 0)
		return -1;
	if (q->status && *q->status && strcmp(q->status, "all") != 0 &&
	    check_vocab(vocab_status, q->status, "status", e) < 0)
		return -1;
	if (q->page < 1 || q->page > 100000)
		return derr_set(e, DERR_INVALID, "out_of_range", "page",
				"page must be between 1 and 100000");
	if (q->per_page < 1 || q->per_page > 100)
		return derr_set(e, DERR_INVALID, "out_of_range", "per_page",
				"per_page must be between 1 and 100");
	if (q->value_min >= 0 && q->value_max >= 0 && q->value_min > q->value_max)
		return derr_set(e, DERR_INVALID, "out_of_range", "value_max",
				"value_max is below value_min");
	f.region = q->region;
	f.city = q->city;
	f.category = q->category;
	f.kind = q->kind;
	f.sharing = q->sharing;
	f.org_id = q->org_id;
	f.value_min = q->value_min;
	f.value_max = q->value_max;
	f.offset = (q->page - 1) * q->per_page;
	f.limit = q->per_page;
	f.sort = ISORT_RELEVANCE;
	if (q->sort && *q->sort) {
		size_t i;
		for (i = 0; i < sizeof sorts / sizeof sorts[0]; i++)
			if (strcmp(q->sort, sorts[i].key) == 0)
				break;
		if (i == sizeof sorts / sizeof sorts[0])
			return derr_set(e, DERR_INVALID, "not_allowed", "sort",
					"sort must be relevance, value_desc, value_asc,"
					" newest, year_desc or name");
		f.sort = sorts[i].sort;
	}
	if (!q->status || !*q->status)
		f.hide_retired = 1;
	else if (strcmp(q->status, "all") != 0)
		f.status = q->status;
	if (q->q && *q->q) {
		if (search_compile(c, q->q, s, e) < 0)
			return -1;
		if (s->nothing)
			return 0;   /* only stop words or punctuation */
		f.match = s->match;
		f.exclude = s->exclude;
		/* a filter in the query narrows the form's; two different
		 * values cannot both hold */
		if ((s->region && f.region && strcmp(s->region, f.region)) ||
		    (s->city && f.city && strcmp(s->city, f.city)) ||
		    (s->category && f.category && strcmp(s->category, f.category)) ||
		    (s->kind && f.kind && strcmp(s->kind, f.kind)))
			return 0;
		if (s->region) f.region = s->region;
		if (s->city) f.city = s->city;
		if (s->category) f.category = s->category;
		if (s->kind) f.kind = s->kind;
		f.year = s->year;
	}
	rc = store_instrument_list(c->db, c->a, &f, &out->items, &out->n, &out->total);
	return rc < 0 ? derr_store(e, rc, "listing instruments") : 0;
}

int instrument_get(struct ctx *c, int64_t id, struct instrument *out, struct derr *e)
{
	int rc = store_instrument_get(c->db, c->a, id, out);
	if (rc > 0)
		return derr_set(e, DERR_NOT_FOUND, "not_found", NULL,
				"instrument %lld does not exist", (long long)id);
	return rc < 0 ? derr_store(e, rc, "reading the instrument") : 0;
}

/* Checks the record inside the open transaction: the owner exists, the
 * city is in the community (default: the owner's city), the year is not in
 * the future, defaults for kind, status and sharing. */
static int instrument_check(struct ctx *c, struct instrument *in, struct derr *e)
{
	struct org org;
	struct city city;
	int rc;

	if (in->org_id <= 0)
		return derr_set(e, DERR_INVALID, "required", "org_id", "org_id is required");
	rc = store_org_get(c->db, c->a, in->org_id, &org);
	if (rc > 0)
		return derr_set(e, DERR_INVALID, "not_found", "org_id",
				"organisation %lld does not exist", (long long)in->org_id);
	if (rc < 0)
		return derr_store(e, rc, "checking the organisation");
	if (!in->city_code)
		in->city_code = org.city_code;
	rc = store_city_get(c->db, c->a, in->city_code, &city);
	if (rc > 0)
		return derr_set(e, DERR_INVALID, "not_found", "city",
				"city %s is not in the community", in->city_code);
	if (rc < 0)
		return derr_store(e, rc, "checking the city");
	in->region_code = city.region_code;
	if (in->purchase_year > current_year())
		return derr_set(e, DERR_INVALID, "out_of_range", "purchase_year",
				"purchase_year is in the future");
	if (!in->kind)
		in->kind = "instrument";
	if (!in->status)
		in->status = "in_service";
	if (!in->sharing)
		in->sharing = "open";
	return 0;
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

/* Reads the saved row back and audits the change from before to it. */
static int audit_saved(struct ctx *c, const char *action, int64_t id,
		       const struct instrument *old, struct derr *e)
{
	struct instrument saved;
	json_t *before = NULL, *after = NULL;
	int rc = 0;

	if (old && !(before = instrument_json(old)))
		rc = DB_ERR;
	if (!rc && strcmp(action, "delete") != 0) {
		rc = store_instrument_get(c->db, c->a, id, &saved);
		if (rc == 0 && !(after = instrument_json(&saved)))
			rc = DB_ERR;
	}
	if (rc == 0)
		rc = audit_log(c, action, "instrument", id, before, after, e);
	json_decref(before);
	json_decref(after);
	return rc > 0 ? DB_ERR : rc;
}

int instrument_create(struct ctx *c, json_t *in, int64_t *id, struct derr *e)
{
	struct instrument r;
	int rc;

	memset(&r, 0, sizeof r);
	r.fee_internal = r.fee_external = -1;
	if (!c->user || (role_of(c->user) != ROLE_SYSADMIN && role_of(c->user) != ROLE_ORG_ADMIN))
		return deny(c, e);
	if (fields_apply(instrument_fields, in, &r, c->a, FIELDS_CREATE, e) < 0)
		return -1;
	if (r.org_id <= 0 && role_of(c->user) == ROLE_ORG_ADMIN)
		r.org_id = c->user->org_id;
	if (!instrument_may_edit(c, r.org_id))
		return deny(c, e);
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "creating the instrument");
	rc = instrument_check(c, &r, e);
	if (rc == 0)
		rc = store_instrument_insert(c->db, &r, id);
	if (rc == 0)
		rc = audit_saved(c, "create", *id, NULL, e);
	return finish(c, rc, e, "creating the instrument");
}

int instrument_update(struct ctx *c, int64_t id, json_t *in, enum fields_mode mode,
		      struct derr *e)
{
	struct instrument old, r;
	int rc;

	if (!c->user)
		return deny(c, e);
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "updating the instrument");
	rc = store_instrument_get(c->db, c->a, id, &old);
	if (rc > 0) {
		store_rollback(c->db);
		return derr_set(e, DERR_NOT_FOUND, "not_found", NULL,
				"instrument %lld does not exist", (long long)id);
	}
	if (rc < 0)
		return finish(c, rc, e, "updating the instrument");
	if (!instrument_may_edit(c, old.org_id)) {
		store_rollback(c->db);
		return deny(c, e);
	}
	r = old;
	if (mode == FIELDS_REPLACE)
		r.org_id = 0;   /* a full replacement restates the owner too */
	if (fields_apply(instrument_fields, in, &r, c->a, mode, e) < 0)
		return finish(c, -1, e, "updating the instrument");
	if (r.org_id <= 0)
		r.org_id = old.org_id;
	/* moving it to another organisation needs rights over both */
	if (!instrument_may_edit(c, r.org_id)) {
		store_rollback(c->db);
		return deny(c, e);
	}
	rc = instrument_check(c, &r, e);
	if (rc == 0)
		rc = store_instrument_update(c->db, &r);
	if (rc == 0)
		rc = audit_saved(c, "update", id, &old, e);
	return finish(c, rc, e, "updating the instrument");
}

int instrument_delete(struct ctx *c, int64_t id, struct derr *e)
{
	struct instrument old;
	int rc;

	if (!c->user)
		return deny(c, e);
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "deleting the instrument");
	rc = store_instrument_get(c->db, c->a, id, &old);
	if (rc > 0) {
		store_rollback(c->db);
		return derr_set(e, DERR_NOT_FOUND, "not_found", NULL,
				"instrument %lld does not exist", (long long)id);
	}
	if (rc < 0)
		return finish(c, rc, e, "deleting the instrument");
	if (!instrument_may_edit(c, old.org_id)) {
		store_rollback(c->db);
		return deny(c, e);
	}
	rc = store_instrument_delete(c->db, id);
	if (rc == 0)
		rc = audit_saved(c, "delete", id, &old, e);
	return finish(c, rc, e, "deleting the instrument");
}
