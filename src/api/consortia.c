/*
 * consortia.c — innovation consortia through the API: list, register,
 * read, change, delete.
 */
#include <string.h>
#include "api/api.h"
#include "domain/consortium.h"
#include "core/banned.h"

int api_consortia_list(struct req *r)
{
	struct consortium_query q;
	struct consortium *rows;
	struct derr e = { 0 };
	int64_t total;
	size_t n;
	json_t *items;

	memset(&q, 0, sizeof q);
	q.region = q_str(r, "region");
	q.field = q_str(r, "field");
	if (q_int(r, "org", 0, 1, INT64_MAX, &q.org_id) < 0 ||
	    q_int(r, "page", 1, 1, 100000, &q.page) < 0 ||
	    q_int(r, "per_page", 20, 1, 100, &q.per_page) < 0)
		return -1;
	if (consortium_list(&r->ctx, &q, &rows, &n, &total, &e) < 0)
		return reply_derr(r, &e);
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, consortium_json(&rows[i]));
	return reply_json(r, 200, api_list(items, total, q.page, q.per_page));
}

int api_consortium_get(struct req *r)
{
	struct consortium k;
	struct derr e = { 0 };
	if (consortium_get(&r->ctx, r->id, &k, &e) < 0)
		return reply_derr(r, &e);
	return reply_json(r, 200, consortium_json(&k));
}

int api_consortium_create(struct req *r)
{
	struct consortium k;
	struct derr e = { 0 };
	int64_t id;
	if (consortium_create(&r->ctx, r->json, &id, &e) < 0 ||
	    consortium_get(&r->ctx, id, &k, &e) < 0)
		return reply_derr(r, &e);
	req_header(r, "Location", arena_printf(r->a, "/api/v1/consortia/%lld", (long long)id));
	return reply_json(r, 201, consortium_json(&k));
}

int api_consortium_update(struct req *r)
{
	struct consortium k;
	struct derr e = { 0 };
	if (consortium_update(&r->ctx, r->id, r->json, &e) < 0 ||
	    consortium_get(&r->ctx, r->id, &k, &e) < 0)
		return reply_derr(r, &e);
	return reply_json(r, 200, consortium_json(&k));
}

int api_consortium_delete(struct req *r)
{
	struct derr e = { 0 };
	if (consortium_delete(&r->ctx, r->id, &e) < 0)
		return reply_derr(r, &e);
	r->status = 204;
	r->ctype = "application/json";
	return 0;
}
