/*
 * community.c — regions, cities and organisations.
 */
#include <string.h>
#include "api/api.h"
#include "domain/catalog.h"
#include "domain/org.h"
#include "store/store.h"
#include "core/banned.h"

json_t *api_list(json_t *items, int64_t total, int64_t page, int64_t per_page)
{
	if (!items)
		return NULL;
	return json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total,
			 "page", (json_int_t)page, "per_page", (json_int_t)per_page);
}

static json_t *region_json(const struct region *g)
{
	return json_pack("{s:s, s:s, s:s, s:I, s:I, s:I}", "code", g->code,
			 "name_zh", g->name_zh, "name_en", g->name_en,
			 "organisations", (json_int_t)g->orgs,
			 "instruments", (json_int_t)g->instruments,
			 "value_cny", (json_int_t)g->value_cny);
}

int api_regions(struct req *r)
{
	struct region *rs;
	size_t n;
	json_t *items = json_array();
	if (store_region_list(r->ctx.db, r->a, 1, &rs, &n) < 0) {
		json_decref(items);
		return reply_error(r, 500, "internal", NULL, "cannot read regions");
	}
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, region_json(&rs[i]));
	return reply_json(r, 200, api_list(items, (int64_t)n, 1, (int64_t)n));
}

int api_region(struct req *r)
{
	struct region g;
	struct city *cs;
	size_t n;
	json_t *j, *cities;
	int rc = store_region_get(r->ctx.db, r->a, r->param, &g);
	if (rc > 0)
		return reply_error(r, 404, "not_found", NULL, "no region %s", r->param);
	if (rc < 0 || store_city_list(r->ctx.db, r->a, g.code, 1, &cs, &n) < 0)
		return reply_error(r, 500, "internal", NULL, "cannot read the region");
	j = region_json(&g);
	cities = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(cities, json_pack("{s:s, s:s, s:s, s:I}", "code", cs[i].code,
			"name_zh", cs[i].name_zh, "name_en", cs[i].name_en,
			"instruments", (json_int_t)cs[i].instruments));
	json_object_set_new(j, "cities", cities);
	return reply_json(r, 200, j);
}

int api_cities(struct req *r)
{
	const char *region = q_str(r, "region");
	struct city *cs;
	size_t n;
	json_t *items;
	if (region && *region) {
		struct region g;
		int rc = store_region_get(r->ctx.db, r->a, region, &g);
		if (rc > 0)
			return reply_error(r, 400, "not_found", "region", "no region %s", region);
	}
	if (store_city_list(r->ctx.db, r->a, region && *region ? region : NULL, 1, &cs, &n) < 0)
		return reply_error(r, 500, "internal", NULL, "cannot read cities");
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s, s:I}",
			"code", cs[i].code, "region", cs[i].region_code, "name_zh", cs[i].name_zh,
			"name_en", cs[i].name_en, "instruments", (json_int_t)cs[i].instruments));
	return reply_json(r, 200, api_list(items, (int64_t)n, 1, (int64_t)n));
}

int api_orgs_list(struct req *r)
{
	struct org_filter f = { 0 };
	struct derr e = { 0 };
	struct org *os;
	size_t n;
	int64_t total, page, per_page;
	json_t *items;

	if (q_int(r, "page", 1, 1, 100000, &page) < 0 ||
	    q_int(r, "per_page", 20, 1, 100, &per_page) < 0 ||
	    q_int(r, "parent", 0, 1, INT64_MAX, &f.parent_id) < 0)
		return -1;
	f.region = q_str(r, "region");
	f.city = q_str(r, "city");
	f.kind = q_str(r, "kind");
	f.name_like = q_str(r, "q");
	if (f.kind && *f.kind && !vocab_find(vocab_org_kind, f.kind))
		return reply_error(r, 400, "not_allowed", "kind", "kind must be one of the listed values");
	f.offset = (page - 1) * per_page;
	f.limit = per_page;
	if (org_list(&r->ctx, &f, &os, &n, &total, &e) < 0)
		return reply_derr(r, &e);
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, org_json(&os[i]));
	return reply_json(r, 200, api_list(items, total, page, per_page));
}

int api_org_get(struct req *r)
{
	struct org o;
	struct derr e = { 0 };
	if (org_get(&r->ctx, r->id, &o, &e) < 0)
		return reply_derr(r, &e);
	return reply_json(r, 200, org_json(&o));
}

int api_org_create(struct req *r)
{
	struct org o;
	struct derr e = { 0 };
	int64_t id;
	if (org_create(&r->ctx, r->json, &id, &e) < 0 || org_get(&r->ctx, id, &o, &e) < 0)
		return reply_derr(r, &e);
	req_header(r, "Location", arena_printf(r->a, "/api/v1/organisations/%lld", (long long)id));
	return reply_json(r, 201, org_json(&o));
}

int api_org_update(struct req *r)
{
	struct org o;
	struct derr e = { 0 };
	enum fields_mode mode = strcmp(r->method, "PUT") == 0 ? FIELDS_REPLACE : FIELDS_PATCH;
	if (org_update(&r->ctx, r->id, r->json, mode, &e) < 0 || org_get(&r->ctx, r->id, &o, &e) < 0)
		return reply_derr(r, &e);
	return reply_json(r, 200, org_json(&o));
}

int api_org_delete(struct req *r)
{
	struct derr e = { 0 };
	if (org_delete(&r->ctx, r->id, &e) < 0)
		return reply_derr(r, &e);
	r->status = 204;
	r->ctype = "application/json";
	return 0;
}
