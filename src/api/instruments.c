/*
 * instruments.c — the catalogue through the API.
 */
#include <string.h>
#include "api/api.h"
#include "domain/instrument.h"
#include "http/params.h"
#include "core/banned.h"

int api_instruments_list(struct req *r)
{
	struct instrument_query q;
	struct instrument_page p;
	struct derr e = { 0 };
	json_t *items, *body;

	if (params_instrument_query(r, &q) < 0)
		return -1;
	if (instrument_list(&r->ctx, &q, &p, &e) < 0)
		return reply_derr(r, &e);
	items = json_array();
	for (size_t i = 0; i < p.n; i++)
		json_array_append_new(items, instrument_json(&p.items[i]));
	body = api_list(items, p.total, q.page, q.per_page);
	if (body && p.search.truncated)
		json_object_set_new(body, "query_truncated", json_true());
	return reply_json(r, 200, body);
}

int api_instrument_get(struct req *r)
{
	struct instrument in;
	struct derr e = { 0 };
	if (instrument_get(&r->ctx, r->id, &in, &e) < 0)
		return reply_derr(r, &e);
	return reply_json(r, 200, instrument_json(&in));
}

int api_instrument_create(struct req *r)
{
	struct instrument in;
	struct derr e = { 0 };
	int64_t id;
	if (instrument_create(&r->ctx, r->json, &id, &e) < 0 ||
	    instrument_get(&r->ctx, id, &in, &e) < 0)
		return reply_derr(r, &e);
	req_header(r, "Location", arena_printf(r->a, "/api/v1/instruments/%lld", (long long)id));
	return reply_json(r, 201, instrument_json(&in));
}

int api_instrument_update(struct req *r)
{
	struct instrument in;
	struct derr e = { 0 };
	enum fields_mode mode = strcmp(r->method, "PUT") == 0 ? FIELDS_REPLACE : FIELDS_PATCH;
	if (instrument_update(&r->ctx, r->id, r->json, mode, &e) < 0 ||
	    instrument_get(&r->ctx, r->id, &in, &e) < 0)
		return reply_derr(r, &e);
	return reply_json(r, 200, instrument_json(&in));
}

int api_instrument_delete(struct req *r)
{
	struct derr e = { 0 };
	if (instrument_delete(&r->ctx, r->id, &e) < 0)
		return reply_derr(r, &e);
	r->status = 204;
	r->ctype = "application/json";
	return 0;
}
