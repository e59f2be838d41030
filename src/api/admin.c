/*
 * admin.c — health, figures and the audit log.
 */
#include "api/api.h"
#include "domain/audit.h"
#include "store/store.h"
#include "core/banned.h"

int api_healthz(struct req *r)
{
	int v = store_schema_version(r->ctx.db);
	r->no_cache = 1;
	if (v != store_schema_latest())
		return reply_error(r, 503, "unavailable", NULL, "database schema %d, need %d",
				   v, store_schema_latest());
	return reply_json(r, 200, json_pack("{s:s, s:i}", "status", "ok", "schema", v));
}

int api_stats(struct req *r)
{
	struct catalogue_figures f;
	struct region *rs;
	size_t n;
	json_t *regions;
	if (store_catalogue_figures(r->ctx.db, &f) < 0 ||
	    store_region_list(r->ctx.db, r->a, 1, &rs, &n) < 0)
		return reply_error(r, 500, "internal", NULL, "cannot compute the figures");
	regions = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(regions, json_pack("{s:s, s:s, s:s, s:I, s:I, s:I}",
			"code", rs[i].code, "name_zh", rs[i].name_zh, "name_en", rs[i].name_en,
			"organisations", (json_int_t)rs[i].orgs,
			"instruments", (json_int_t)rs[i].instruments,
			"value_cny", (json_int_t)rs[i].value_cny));
	return reply_json(r, 200, json_pack("{s:I, s:I, s:I, s:I, s:I, s:o}",
		"instruments", (json_int_t)f.instruments, "facilities", (json_int_t)f.facilities,
		"value_cny", (json_int_t)f.value_cny, "organisations", (json_int_t)f.orgs,
		"cities", (json_int_t)f.cities, "regions", regions));
}

int api_audit(struct req *r)
{
	struct audit_filter f = { 0 };
	struct audit_entry *es;
	struct derr e = { 0 };
	size_t n;
	int64_t total, page, per_page;
	json_t *items;

	if (q_int(r, "page", 1, 1, 100000, &page) < 0 ||
	    q_int(r, "per_page", 50, 1, 200, &per_page) < 0 ||
	    q_int(r, "entity_id", 0, 1, INT64_MAX, &f.entity_id) < 0 ||
	    q_int(r, "account", 0, 1, INT64_MAX, &f.account_id) < 0)
		return -1;
	f.entity = q_str(r, "entity");
	f.offset = (page - 1) * per_page;
	f.limit = per_page;
	if (audit_list(&r->ctx, &f, &es, &n, &total, &e) < 0)
		return reply_derr(r, &e);
	items = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *b = es[i].before ? json_loads(es[i].before, 0, NULL) : json_null();
		json_t *a = es[i].after ? json_loads(es[i].after, 0, NULL) : json_null();
		json_array_append_new(items, json_pack("{s:I, s:I, s:s, s:s, s:s, s:I, s:o*, s:o*, s:s?}",
			"id", (json_int_t)es[i].id, "at", (json_int_t)es[i].at,
			"actor", es[i].actor, "action", es[i].action, "entity", es[i].entity,
			"entity_id", (json_int_t)es[i].entity_id, "before", b, "after", a,
			"client", es[i].client));
	}
	return reply_json(r, 200, api_list(items, total, page, per_page));
}
