/*
 * panels.c — review-panel draws through the API: draw, read, list,
 * record a decline (and its replacement), re-run.
 */
#include <string.h>
#include "api/api.h"
#include "domain/panel.h"
#include "core/banned.h"

static int reply_draw(struct req *r, int status, int64_t id)
{
	struct panel_draw d;
	struct panel_member *m;
	struct derr e = { 0 };
	size_t n;
	if (panel_get(&r->ctx, id, &d, &m, &n, &e) < 0)
		return reply_derr(r, &e);
	return reply_json(r, status, panel_json(&d, m, n));
}

int api_panel_create(struct req *r)
{
	struct derr e = { 0 };
	int64_t id;
	if (panel_draw(&r->ctx, r->json, &id, &e) < 0)
		return reply_derr(r, &e);
	req_header(r, "Location", arena_printf(r->a, "/api/v1/panel-draws/%lld", (long long)id));
	return reply_draw(r, 201, id);
}

int api_panel_get(struct req *r)
{
	return reply_draw(r, 200, r->id);
}

int api_panels_list(struct req *r)
{
	struct panel_draw *ds;
	struct derr e = { 0 };
	int64_t page, per_page, total;
	size_t n;
	json_t *items;

	if (q_int(r, "page", 1, 1, 100000, &page) < 0 ||
	    q_int(r, "per_page", 20, 1, 100, &per_page) < 0)
		return -1;
	if (panel_list(&r->ctx, page, per_page, &ds, &n, &total, &e) < 0)
		return reply_derr(r, &e);
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:I, s:s, s:I, s:I, s:s?}",
			"id", (json_int_t)ds[i].id, "item", ds[i].item, "n", (json_int_t)ds[i].n,
			"created_at", (json_int_t)ds[i].created_at, "created_by", ds[i].created_by_name));
	return reply_json(r, 200, api_list(items, total, page, per_page));
}

int api_panel_decline(struct req *r)
{
	struct derr e = { 0 };
	json_t *x = json_object_get(r->json, "expert_id"), *why = json_object_get(r->json, "reason");
	const char *key;
	json_t *v;
	int64_t repl;

	if (!json_is_object(r->json))
		return reply_error(r, 400, "wrong_type", NULL, "the body must be a JSON object");
	json_object_foreach(r->json, key, v)
		if (strcmp(key, "expert_id") != 0 && strcmp(key, "reason") != 0)
			return reply_error(r, 400, "unknown_field", NULL,
					   "a decline has expert_id and reason");
	if (!x)
		return reply_error(r, 400, "required", "expert_id", "expert_id is required");
	if (!json_is_integer(x) || json_integer_value(x) < 1)
		return reply_error(r, 400, "wrong_type", "expert_id",
				   "expert_id must be a positive integer");
	if (why && !json_is_null(why) && !json_is_string(why))
		return reply_error(r, 400, "wrong_type", "reason", "reason must be a string");
	if (why && json_is_string(why) && memchr(json_string_value(why), '\0', json_string_length(why)))
		return reply_error(r, 400, "control_character", "reason", "reason contains a NUL");
	if (panel_decline(&r->ctx, r->id, json_integer_value(x),
			  why && json_is_string(why) ? json_string_value(why) : NULL, &repl, &e) < 0)
		return reply_derr(r, &e);
	return reply_draw(r, 200, r->id);
}

int api_panel_rerun(struct req *r)
{
	struct panel_rerun res;
	struct derr e = { 0 };
	if (panel_rerun(&r->ctx, r->id, &res, &e) < 0)
		return reply_derr(r, &e);
	return reply_json(r, 200, panel_rerun_json(r->id, &res));
}
