/*
 * availability.c — when an instrument can be booked, through the API: its
 * rules and opening hours, blackouts, trained users, and the free and
 * taken time over any date range (no personal details).
 */
#include "api/api.h"
#include "core/cst.h"
#include "core/util.h"
#include "domain/availability.h"
#include "core/banned.h"

static json_t *availability_doc(int64_t id, const struct availability *av)
{
	json_t *j = rules_json(&av->rules), *hours = json_array(), *bl = json_array();
	for (size_t i = 0; i < av->nhours; i++)
		json_array_append_new(hours, opening_json(&av->hours[i]));
	for (size_t i = 0; i < av->nblackouts; i++)
		json_array_append_new(bl, blackout_json(&av->blackouts[i]));
	if (!j) {
		json_decref(hours);
		json_decref(bl);
		return NULL;
	}
	json_object_set_new(j, "instrument_id", json_integer(id));
	json_object_set_new(j, "hours", hours);
	json_object_set_new(j, "blackouts", bl);
	return j;
}

static int answer(struct req *r, int status)
{
	struct availability av;
	struct derr e = { 0 };
	if (availability_get(&r->ctx, r->id, now_unix(), &av, &e) < 0)
		return reply_derr(r, &e);
	return reply_json(r, status, availability_doc(r->id, &av));
}

int api_availability_get(struct req *r)
{
	return answer(r, 200);
}

int api_availability_update(struct req *r)
{
	struct derr e = { 0 };
	if (availability_update(&r->ctx, r->id, r->json, now_unix(), &e) < 0)
		return reply_derr(r, &e);
	return answer(r, 200);
}

int api_blackout_create(struct req *r)
{
	struct availability av;
	struct derr e = { 0 };
	int64_t id, now = now_unix();
	if (blackout_create(&r->ctx, r->id, r->json, now, &id, &e) < 0 ||
	    availability_get(&r->ctx, r->id, now, &av, &e) < 0)
		return reply_derr(r, &e);
	for (size_t i = 0; i < av.nblackouts; i++)
		if (av.blackouts[i].id == id)
			return reply_json(r, 201, blackout_json(&av.blackouts[i]));
	return reply_error(r, 500, "internal", NULL, "the blackout was not read back");
}

int api_blackout_delete(struct req *r)
{
	struct derr e = { 0 };
	if (blackout_delete(&r->ctx, r->id, &e) < 0)
		return reply_derr(r, &e);
	r->status = 204;
	r->ctype = "application/json";
	return 0;
}

static int answer_trained(struct req *r)
{
	struct trained *t;
	struct derr e = { 0 };
	size_t n;
	json_t *items;
	if (trained_list(&r->ctx, r->id, &t, &n, &e) < 0)
		return reply_derr(r, &e);
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:I, s:s, s:s?, s:s?, s:I}",
			"account_id", (json_int_t)t[i].account_id, "username", t[i].username,
			"display_name", t[i].display_name, "org_zh", t[i].org_zh,
			"granted_at", (json_int_t)t[i].granted_at));
	return reply_json(r, 200, api_list(items, (int64_t)n, 1, n ? (int64_t)n : 1));
}

int api_trained_list(struct req *r)
{
	return answer_trained(r);
}

int api_trained_set(struct req *r)
{
	struct derr e = { 0 };
	if (trained_set(&r->ctx, r->id, r->json, now_unix(), &e) < 0)
		return reply_derr(r, &e);
	return answer_trained(r);
}

int api_slots(struct req *r)
{
	struct slots sl;
	struct derr e = { 0 };
	int64_t now = now_unix(), from, to;
	const char *f = q_str(r, "from"), *t = q_str(r, "to");
	json_t *open, *free_, *taken, *bl;

	from = cst_day_start(cst_day(now));
	if (f && *f && cst_parse(f, &from) < 0)
		return reply_error(r, 400, "bad_time", "from",
				   "from must be Unix seconds or an ISO 8601 date-time");
	to = from + 7 * DAY_SECONDS;
	if (t && *t && cst_parse(t, &to) < 0)
		return reply_error(r, 400, "bad_time", "to",
				   "to must be Unix seconds or an ISO 8601 date-time");
	if (slots_get(&r->ctx, r->id, from, to, now, &sl, &e) < 0)
		return reply_derr(r, &e);
	open = json_array();
	free_ = json_array();
	taken = json_array();
	bl = json_array();
	for (size_t i = 0; i < sl.nopen; i++)
		json_array_append_new(open, span_json(&sl.open[i], 0));
	for (size_t i = 0; i < sl.nfree; i++)
		json_array_append_new(free_, span_json(&sl.free[i], 0));
	for (size_t i = 0; i < sl.ntaken; i++)
		json_array_append_new(taken, span_json(&sl.taken[i], 1));
	for (size_t i = 0; i < sl.nblackouts; i++) {
		json_t *j = span_json(&sl.blackouts[i], 0);
		if (j) {
			json_object_set_new(j, "kind", json_string(sl.blackouts[i].state));
			json_object_set_new(j, "reason", sl.blackouts[i].reason
					    ? json_string(sl.blackouts[i].reason) : json_null());
		}
		json_array_append_new(bl, j);
	}
	return reply_json(r, 200, json_pack("{s:I, s:I, s:I, s:o, s:o, s:o, s:o}",
		"instrument_id", (json_int_t)r->id, "from", (json_int_t)from, "to", (json_int_t)to,
		"open", open, "free", free_, "taken", taken, "blackouts", bl));
}
