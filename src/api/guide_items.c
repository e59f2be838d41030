/*
 * guide_items.c — one guide item of a consultation round through the API:
 * read it, change it, withdraw it.
 */
#include "api/api.h"
#include "domain/round.h"
#include "core/banned.h"

int api_guide_item_get(struct req *r)
{
	struct guide_item it;
	struct derr e = { 0 };
	if (item_get(&r->ctx, r->id, &it, &e) < 0)
		return reply_derr(r, &e);
	return reply_json(r, 200, item_json(&it));
}

int api_guide_item_update(struct req *r)
{
	struct guide_item it;
	struct derr e = { 0 };
	if (item_update(&r->ctx, r->id, r->json, &e) < 0 || item_get(&r->ctx, r->id, &it, &e) < 0)
		return reply_derr(r, &e);
	return reply_json(r, 200, item_json(&it));
}

int api_guide_item_withdraw(struct req *r)
{
	struct guide_item it;
	struct derr e = { 0 };
	if (item_withdraw(&r->ctx, r->id, &e) < 0 || item_get(&r->ctx, r->id, &it, &e) < 0)
		return reply_derr(r, &e);
	return reply_json(r, 200, item_json(&it));
}
