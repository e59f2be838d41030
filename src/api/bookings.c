/*
 * bookings.c — bookings through the API: requests (single, recurring,
 * several instruments), reading and listing, the actions of the state
 * machine, moves and ratings; booking series; the inbox; calendar feeds.
 *
 * Times in bodies and query strings are Unix seconds or ISO 8601 (without
 * an offset they are China Standard Time); answers carry both.
 */
#include <string.h>
#include "api/api.h"
#include "core/cst.h"
#include "core/util.h"
#include "domain/booking.h"
#include "core/banned.h"

/* Reads a time parameter already fetched with q_str: def if absent; -1
 * after answering 400 naming it. */
static int time_param(struct req *r, const char *name, const char *v, int64_t def,
		      int64_t *out)
{
	if (!v || !*v) {
		*out = def;
		return 0;
	}
	if (cst_parse(v, out) < 0)
		return reply_error(r, 400, "bad_time", name,
				   "%s must be Unix seconds or an ISO 8601 date-time", name);
	return 0;
}

static int answer_booking(struct req *r, int64_t id, int status)
{
	struct booking b;
	struct derr e = { 0 };
	if (booking_get(&r->ctx, id, now_unix(), &b, &e) < 0)
		return reply_derr(r, &e);
	return reply_json(r, status, booking_json(&b, 1));
}

int api_booking_create(struct req *r)
{
	struct booking_series s;
	struct booking *rows;
	struct derr e = { 0 };
	size_t n;
	int64_t id, now = now_unix();
	if (booking_create(&r->ctx, r->json, now, &id, &e) < 0 ||
	    booking_series_get(&r->ctx, id, now, &s, &rows, &n, &e) < 0)
		return reply_derr(r, &e);
	req_header(r, "Location", arena_printf(r->a, "/api/v1/booking-series/%lld", (long long)id));
	return reply_json(r, 201, series_json(&s, rows, n));
}

int api_bookings_list(struct req *r)
{
	struct booking_query q = { 0 };
	struct booking *rows;
	struct derr e = { 0 };
	size_t n;
	int64_t total;
	const char *from = q_str(r, "from"), *to = q_str(r, "to");
	json_t *items;

	if (q_int(r, "instrument", 0, 1, INT64_MAX, &q.instrument_id) < 0 ||
	    q_int(r, "org", 0, 1, INT64_MAX, &q.org_id) < 0 ||
	    q_int(r, "page", 1, 1, 100000, &q.page) < 0 ||
	    q_int(r, "per_page", 20, 1, 100, &q.per_page) < 0 ||
	    time_param(r, "from", from, 0, &q.from) < 0 || time_param(r, "to", to, 0, &q.to) < 0)
		return -1;
	q.scope = q_str(r, "scope");
	q.state = q_str(r, "state");
	if (booking_list(&r->ctx, &q, now_unix(), &rows, &n, &total, &e) < 0)
		return reply_derr(r, &e);
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, booking_json(&rows[i], 1));
	return reply_json(r, 200, api_list(items, total, q.page, q.per_page));
}

int api_booking_get(struct req *r)
{
	return answer_booking(r, r->id, 200);
}

int api_booking_move(struct req *r)
{
	struct derr e = { 0 };
	if (booking_move(&r->ctx, r->id, r->json, now_unix(), &e) < 0)
		return reply_derr(r, &e);
	return answer_booking(r, r->id, 200);
}

static int act(struct req *r, enum booking_action a)
{
	struct derr e = { 0 };
	if (booking_act(&r->ctx, r->id, a, r->json, now_unix(), &e) < 0)
		return reply_derr(r, &e);
	return answer_booking(r, r->id, 200);
}

int api_booking_approve(struct req *r)
{
	return act(r, BOOKING_APPROVE);
}

int api_booking_reject(struct req *r)
{
	return act(r, BOOKING_REJECT);
}

int api_booking_cancel(struct req *r)
{
	return act(r, BOOKING_CANCEL);
}

int api_booking_check_in(struct req *r)
{
	return act(r, BOOKING_CHECK_IN);
}

int api_booking_check_out(struct req *r)
{
	return act(r, BOOKING_CHECK_OUT);
}

int api_booking_accept(struct req *r)
{
	return act(r, BOOKING_ACCEPT);
}

int api_booking_decline(struct req *r)
{
	return act(r, BOOKING_DECLINE);
}

int api_booking_rate(struct req *r)
{
	struct derr e = { 0 };
	if (booking_rate(&r->ctx, r->id, r->json, now_unix(), &e) < 0)
		return reply_derr(r, &e);
	return answer_booking(r, r->id, 200);
}

int api_series_get(struct req *r)
{
	struct booking_series s;
	struct booking *rows;
	struct derr e = { 0 };
	size_t n;
	if (booking_series_get(&r->ctx, r->id, now_unix(), &s, &rows, &n, &e) < 0)
		return reply_derr(r, &e);
	return reply_json(r, 200, series_json(&s, rows, n));
}

/* ---- the inbox ---------------------------------------------------------- */

int api_inbox(struct req *r)
{
	struct notification *ns;
	struct derr e = { 0 };
	size_t n;
	int64_t total, unread, only, page, per_page;
	json_t *items, *body;

	if (q_int(r, "unread", 0, 0, 1, &only) < 0 ||
	    q_int(r, "page", 1, 1, 100000, &page) < 0 ||
	    q_int(r, "per_page", 20, 1, 100, &per_page) < 0)
		return -1;
	if (inbox_list(&r->ctx, (int)only, page, per_page, now_unix(), &ns, &n, &total, &unread,
		       &e) < 0)
		return reply_derr(r, &e);
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, notification_json(&ns[i]));
	body = api_list(items, total, page, per_page);
	if (body)
		json_object_set_new(body, "unread", json_integer(unread));
	return reply_json(r, 200, body);
}

int api_inbox_read(struct req *r)
{
	struct derr e = { 0 };
	json_t *id = json_object_get(r->json, "id"), *all = json_object_get(r->json, "all");
	int64_t changed = 0, total, unread;
	struct notification *ns;
	size_t n;
	const char *key;
	json_t *v;

	if (!json_is_object(r->json))
		return reply_error(r, 400, "wrong_type", NULL, "the body must be a JSON object");
	json_object_foreach(r->json, key, v) {
		(void)v;
		if (strcmp(key, "id") && strcmp(key, "all"))
			return reply_error(r, 400, "unknown_field", "body",
					   "the body takes id or all");
	}
	if ((id && all) || (!id && !all))
		return reply_error(r, 400, "required", "id", "give id (one notification) or all: true");
	if (id && (!json_is_integer(id) || json_integer_value(id) < 1))
		return reply_error(r, 400, "wrong_type", "id", "id must be a positive integer");
	if (all && !json_is_true(all))
		return reply_error(r, 400, "wrong_type", "all", "all must be true");
	if (inbox_read(&r->ctx, id ? json_integer_value(id) : 0, now_unix(), &changed, &e) < 0 ||
	    inbox_list(&r->ctx, 1, 1, 1, now_unix(), &ns, &n, &total, &unread, &e) < 0)
		return reply_derr(r, &e);
	return reply_json(r, 200, json_pack("{s:I, s:I}", "marked", (json_int_t)changed,
					    "unread", (json_int_t)unread));
}

/* ---- calendar feeds ------------------------------------------------------ */

int api_feed_create(struct req *r)
{
	char token[FEED_TOKEN_LEN + 1];
	struct derr e = { 0 };
	if (feed_create(&r->ctx, now_unix(), token, &e) < 0)
		return reply_derr(r, &e);
	return reply_json(r, 201, json_pack("{s:s, s:s}", "token", token, "url",
					    arena_printf(r->a, "/calendar/%s.ics", token)));
}
