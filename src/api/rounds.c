/*
 * rounds.c — consultation rounds through the API: list, open, read,
 * change, close; their items (list, add, import a sheet); their overlap
 * report; their consolidated list.
 */
#include <string.h>
#include "api/api.h"
#include "domain/round.h"
#include "core/banned.h"

int api_rounds_list(struct req *r)
{
	struct overlap_round *rs;
	struct derr e = { 0 };
	json_t *items = json_array();
	size_t n;
	if (round_list(&r->ctx, &rs, &n, &e) < 0) {
		json_decref(items);
		return reply_derr(r, &e);
	}
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, round_json(&rs[i]));
	return reply_json(r, 200, api_list(items, (int64_t)n, 1, (int64_t)(n ? n : 1)));
}

int api_round_create(struct req *r)
{
	struct overlap_round g;
	struct derr e = { 0 };
	int64_t id;
	if (round_create(&r->ctx, r->json, &id, &e) < 0 || round_get(&r->ctx, id, &g, &e) < 0)
		return reply_derr(r, &e);
	req_header(r, "Location", arena_printf(r->a, "/api/v1/rounds/%lld", (long long)id));
	return reply_json(r, 201, round_json(&g));
}

int api_round_get(struct req *r)
{
	struct overlap_round g;
	struct derr e = { 0 };
	if (round_get(&r->ctx, r->id, &g, &e) < 0)
		return reply_derr(r, &e);
	return reply_json(r, 200, round_json(&g));
}

int api_round_update(struct req *r)
{
	struct overlap_round g;
	struct derr e = { 0 };
	if (round_update(&r->ctx, r->id, r->json, &e) < 0 || round_get(&r->ctx, r->id, &g, &e) < 0)
		return reply_derr(r, &e);
	return reply_json(r, 200, round_json(&g));
}

int api_round_close(struct req *r)
{
	struct overlap_round g;
	struct derr e = { 0 };
	if (round_close(&r->ctx, r->id, &e) < 0 || round_get(&r->ctx, r->id, &g, &e) < 0)
		return reply_derr(r, &e);
	return reply_json(r, 200, round_json(&g));
}

int api_round_items(struct req *r)
{
	struct guide_item *it;
	struct derr e = { 0 };
	json_t *items;
	size_t n;
	if (item_list(&r->ctx, r->id, q_str(r, "region"), &it, &n, &e) < 0)
		return reply_derr(r, &e);
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, item_json(&it[i]));
	return reply_json(r, 200, api_list(items, (int64_t)n, 1, (int64_t)(n ? n : 1)));
}

int api_round_item_create(struct req *r)
{
	struct guide_item it;
	struct derr e = { 0 };
	int64_t id;
	if (item_create(&r->ctx, r->id, r->json, &id, &e) < 0 || item_get(&r->ctx, id, &it, &e) < 0)
		return reply_derr(r, &e);
	req_header(r, "Location", arena_printf(r->a, "/api/v1/guide-items/%lld", (long long)id));
	return reply_json(r, 201, item_json(&it));
}

int api_round_import(struct req *r)
{
	struct round_import_result res;
	struct derr e = { 0 };
	json_t *rows;
	int64_t dry;

	if (q_int(r, "dry_run", 0, 0, 1, &dry) < 0)
		return -1;
	if (round_import(&r->ctx, r->id, q_str(r, "region"), r->body, r->body_len, (int)dry,
			 &res, &e) < 0) {
		if (e.code && strcmp(e.code, "bad_rows") == 0)
			return reply_error(r, 422, e.code, e.field, "%s; ?dry_run=1 lists every problem",
					   e.message);
		return reply_derr(r, &e);
	}
	/* every bad row, with its line, column and reason (a dry run's) */
	rows = json_array();
	for (size_t i = 0; i < res.nerrors; i++)
		json_array_append_new(rows, json_pack("{s:I, s:s, s:s, s:s}",
			"line", (json_int_t)res.errors[i].line, "field", res.errors[i].field,
			"code", res.errors[i].code, "message", res.errors[i].message));
	return reply_json(r, dry ? 200 : 201, json_pack("{s:b, s:I, s:I, s:I, s:o}",
		"dry_run", (int)dry, "rows", (json_int_t)res.rows,
		"bad_rows", (json_int_t)res.bad_rows, "imported", (json_int_t)res.imported,
		"errors", rows));
}

int api_round_overlaps(struct req *r)
{
	struct round_report rep;
	struct derr e = { 0 };
	json_t *pairs, *clusters;
	if (round_report(&r->ctx, r->id, q_str(r, "scope"), &rep, &e) < 0)
		return reply_derr(r, &e);
	pairs = json_array();
	for (size_t i = 0; i < rep.npairs; i++)
		json_array_append_new(pairs, pair_json(&rep.pairs[i]));
	clusters = json_array();
	for (size_t i = 0; i < rep.nclusters; i++) {
		json_t *ids = json_array();
		for (size_t k = 0; k < rep.clusters[i].n; k++)
			json_array_append_new(ids, json_integer(rep.clusters[i].items[k]));
		json_array_append_new(clusters, json_pack("{s:s, s:o, s:i}",
			"field", rep.clusters[i].field, "items", ids, "regions", rep.clusters[i].regions));
	}
	return reply_json(r, 200, json_pack("{s:o, s:o}", "pairs", pairs, "clusters", clusters));
}

int api_round_list(struct req *r)
{
	struct overlap_round g;
	struct list_entry *le;
	struct derr e = { 0 };
	json_t *items;
	size_t n;
	if (round_get(&r->ctx, r->id, &g, &e) < 0 || round_list_entries(&r->ctx, r->id, &le, &n, &e) < 0)
		return reply_derr(r, &e);
	items = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *it = item_json(&le[i].item), *merged = json_array();
		for (size_t k = 0; k < le[i].nmerged; k++)
			json_array_append_new(merged, json_integer(le[i].merged[k]));
		json_object_set_new(it, "merged_from", merged);
		json_object_set_new(it, "cofunded_with", le[i].cofund_titles
				    ? json_string(le[i].cofund_titles) : json_null());
		json_array_append_new(items, it);
	}
	return reply_json(r, 200, json_pack("{s:o, s:o}", "round", round_json(&g), "items", items));
}
