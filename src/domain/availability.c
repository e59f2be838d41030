/*
 * availability.c — booking rules, opening hours, blackouts, trained users
 * and the free/taken time of an instrument.  See availability.h.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "core/cst.h"
#include "core/util.h"
#include "domain/audit.h"
#include "domain/availability.h"
#include "domain/booking.h"
#include "domain/instrument.h"
#include "store/store.h"
#include "core/banned.h"

const struct term vocab_approval[] = {
	{ "required", "每次预约均需审核", "Every request waits for the owner" },
	{ "untrained", "未经培训的用户需审核", "Requests from untrained users wait for the owner" },
	{ "none", "无需审核，即约即得", "Every request is approved at once" },
	{ NULL, NULL, NULL },
};

const struct term vocab_quota_class[] = {
	{ "general", "通用仪器（年定额 1400 机时）", "General-purpose (1,400 hours a year)" },
	{ "specialised", "专用仪器（年定额 800 机时）", "Specialised (800 hours a year)" },
	{ NULL, NULL, NULL },
};

const struct term vocab_blackout_kind[] = {
	{ "closure", "停止开放", "Closure" },
	{ "maintenance", "维护保养", "Maintenance" },
	{ NULL, NULL, NULL },
};

const struct field rules_fields[] = {
	{ "fee_cross_region", FT_NUM, 0, offsetof(struct booking_rules, fee_cross_region), 0, 1000000, NULL, "跨区域收费（元/小时）", "Cross-region fee (CNY/hour)" },
	{ "min_minutes", FT_INT, 0, offsetof(struct booking_rules, min_minutes), 1, 20160, NULL, "最短预约时长（分钟）", "Shortest booking (minutes)" },
	{ "max_minutes", FT_INT, 0, offsetof(struct booking_rules, max_minutes), 1, 20160, NULL, "最长预约时长（分钟）", "Longest booking (minutes)" },
	{ "horizon_days", FT_INT, 0, offsetof(struct booking_rules, horizon_days), 1, 730, NULL, "最多提前预约（天）", "Bookable ahead (days)" },
	{ "buffer_minutes", FT_INT, 0, offsetof(struct booking_rules, buffer_minutes), 0, 1440, NULL, "两次预约间隔（分钟）", "Buffer after each booking (minutes)" },
	{ "approval", FT_ENUM, 0, offsetof(struct booking_rules, approval), 0, 0, vocab_approval, "审核方式", "Approval" },
	{ "approve_below", FT_NUM, 0, offsetof(struct booking_rules, approve_below), 0, 1000000000, NULL, "低于此费用免审核（元）", "Approved at once below this fee (CNY)" },
	{ "no_show_minutes", FT_INT, 0, offsetof(struct booking_rules, no_show_minutes), 1, 1440, NULL, "开始后未签到释放（分钟）", "Released if not checked in after (minutes)" },
	{ "quota_class", FT_ENUM, 0, offsetof(struct booking_rules, quota_class), 0, 0, vocab_quota_class, "考核定额类别", "Quota class" },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL },
};

void rules_default(struct booking_rules *r, int64_t instrument_id)
{
	memset(r, 0, sizeof *r);
	r->instrument_id = instrument_id;
	r->fee_cross_region = -1;
	r->min_minutes = RULES_MIN_MINUTES;
	r->max_minutes = RULES_MAX_MINUTES;
	r->horizon_days = RULES_HORIZON_DAYS;
	r->buffer_minutes = 0;
	r->approval = "required";
	r->approve_below = -1;
	r->no_show_minutes = RULES_NO_SHOW_MINUTES;
	r->quota_class = "general";
}

int rules_load(struct ctx *c, int64_t instrument_id, struct booking_rules *out,
	       struct derr *e)
{
	int rc = store_rules_get(c->db, c->a, instrument_id, out);
	if (rc < 0)
		return derr_store(e, rc, "reading the booking rules");
	if (rc > 0)
		rules_default(out, instrument_id);
	return 0;
}

int availability_may_manage(const struct ctx *c, int64_t org_id)
{
	return instrument_may_edit(c, org_id);
}

static int deny(const struct ctx *c, struct derr *e)
{
	if (!c->user)
		return derr_set(e, DERR_UNAUTHORIZED, "login_required", NULL,
				"log in to manage an instrument's availability");
	return derr_set(e, DERR_FORBIDDEN, "forbidden", NULL,
			"only the owner organisation's administrators may manage this instrument");
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

/* Opens the write transaction, finds the instrument and checks that the
 * actor manages it.  On failure the transaction is closed and e set. */
static int begin_managed(struct ctx *c, int64_t instrument_id, struct instrument *in,
			 const char *what, struct derr *e)
{
	int rc;
	if (!c->user)
		return deny(c, e);
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, what);
	rc = store_instrument_get(c->db, c->a, instrument_id, in);
	if (rc > 0) {
		store_rollback(c->db);
		return derr_set(e, DERR_NOT_FOUND, "not_found", NULL,
				"instrument %lld does not exist", (long long)instrument_id);
	}
	if (rc < 0)
		return finish(c, rc, e, what);
	if (!availability_may_manage(c, in->org_id)) {
		store_rollback(c->db);
		return deny(c, e);
	}
	return 0;
}

/* ---- JSON --------------------------------------------------------------- */

int json_time(json_t *in, const char *name, int required, int64_t *out, struct derr *e)
{
	json_t *v = json_object_get(in, name);
	int64_t x;
	if (!v || json_is_null(v)) {
		if (required)
			return derr_set(e, DERR_INVALID, "required", name, "%s is required", name);
		return 1;
	}
	if (json_is_integer(v)) {
		x = json_integer_value(v);
		if (x < 0 || x > 253402300799LL)
			return derr_set(e, DERR_INVALID, "out_of_range", name,
					"%s must be a time between 1970 and 9999", name);
	} else if (json_is_string(v)) {
		const char *s = json_string_value(v);
		if (strlen(s) != json_string_length(v) || cst_parse(s, &x) < 0)
			return derr_set(e, DERR_INVALID, "bad_time", name,
					"%s must be Unix seconds or an ISO 8601 date-time such as"
					" 2026-12-01T09:00:00+08:00", name);
	} else {
		return derr_set(e, DERR_INVALID, "wrong_type", name,
				"%s must be Unix seconds or an ISO 8601 string", name);
	}
	*out = x;
	return 0;
}

json_t *rules_json(const struct booking_rules *r)
{
	json_t *j = json_pack("{s:I, s:I, s:I, s:I, s:s, s:I, s:s}",
		"min_minutes", (json_int_t)r->min_minutes, "max_minutes", (json_int_t)r->max_minutes,
		"horizon_days", (json_int_t)r->horizon_days,
		"buffer_minutes", (json_int_t)r->buffer_minutes, "approval", r->approval,
		"no_show_minutes", (json_int_t)r->no_show_minutes, "quota_class", r->quota_class);
	if (!j)
		return NULL;
	json_object_set_new(j, "fee_cross_region",
			    r->fee_cross_region >= 0 ? json_real(r->fee_cross_region) : json_null());
	json_object_set_new(j, "approve_below",
			    r->approve_below >= 0 ? json_real(r->approve_below) : json_null());
	json_object_set_new(j, "customised", json_boolean(r->updated_at > 0));
	return j;
}

json_t *opening_json(const struct opening *h)
{
	char o[8], cl[8];
	cst_format_hhmm((int)h->open_minute, o, sizeof o);
	cst_format_hhmm((int)h->close_minute, cl, sizeof cl);
	return json_pack("{s:I, s:s, s:s}", "weekday", (json_int_t)h->weekday, "open", o,
			 "close", cl);
}

json_t *blackout_json(const struct blackout *b)
{
	char s[32], en[32];
	cst_format_iso(b->start_at, s, sizeof s);
	cst_format_iso(b->end_at, en, sizeof en);
	return json_pack("{s:I, s:I, s:s, s:I, s:I, s:s, s:s, s:s?}", "id", (json_int_t)b->id,
			 "instrument_id", (json_int_t)b->instrument_id, "kind", b->kind,
			 "start", (json_int_t)b->start_at, "end", (json_int_t)b->end_at,
			 "start_iso", s, "end_iso", en, "reason", b->reason);
}

json_t *span_json(const struct span *sp, int with_state)
{
	char s[32], en[32];
	json_t *j;
	cst_format_iso(sp->start, s, sizeof s);
	cst_format_iso(sp->end, en, sizeof en);
	j = json_pack("{s:I, s:I, s:s, s:s}", "start", (json_int_t)sp->start,
		      "end", (json_int_t)sp->end, "start_iso", s, "end_iso", en);
	if (j && with_state && sp->state)
		json_object_set_new(j, "state", json_string(sp->state));
	return j;
}

static json_t *availability_doc(const struct booking_rules *r, const struct opening *h,
				size_t nh)
{
	json_t *j = rules_json(r), *hours = json_array();
	for (size_t i = 0; i < nh; i++)
		json_array_append_new(hours, opening_json(&h[i]));
	if (j)
		json_object_set_new(j, "hours", hours);
	else
		json_decref(hours);
	return j;
}

/* ---- reading ------------------------------------------------------------ */

int availability_get(struct ctx *c, int64_t instrument_id, int64_t now,
		     struct availability *out, struct derr *e)
{
	struct instrument in;
	int rc;
	memset(out, 0, sizeof *out);
	rc = store_instrument_get(c->db, c->a, instrument_id, &in);
	if (rc > 0)
		return derr_set(e, DERR_NOT_FOUND, "not_found", NULL,
				"instrument %lld does not exist", (long long)instrument_id);
	if (rc < 0)
		return derr_store(e, rc, "reading the instrument");
	if (rules_load(c, instrument_id, &out->rules, e) < 0)
		return -1;
	if ((rc = store_hours_list(c->db, c->a, instrument_id, &out->hours, &out->nhours)) < 0 ||
	    (rc = store_blackout_list(c->db, c->a, instrument_id, now, INT64_MAX / 2,
				      &out->blackouts, &out->nblackouts)) < 0)
		return derr_store(e, rc, "reading the availability");
	return 0;
}

/* ---- changing the rules and hours ---------------------------------------- */

static int opening_cmp(const void *a, const void *b)
{
	const struct opening *x = a, *y = b;
	if (x->weekday != y->weekday)
		return x->weekday < y->weekday ? -1 : 1;
	return x->open_minute < y->open_minute ? -1 : x->open_minute > y->open_minute;
}

/* Reads "hours": [{weekday, open, close}, ...] into an arena array. */
static int parse_hours(struct ctx *c, json_t *v, struct opening **out, size_t *n,
		       struct derr *e)
{
	size_t count;
	struct opening *h;
	*out = NULL;
	*n = 0;
	if (!json_is_array(v))
		return derr_set(e, DERR_INVALID, "wrong_type", "hours",
				"hours must be an array of {weekday, open, close}");
	count = json_array_size(v);
	if (count > HOURS_MAX_WINDOWS)
		return derr_set(e, DERR_INVALID, "too_long", "hours",
				"hours may hold at most %d windows", HOURS_MAX_WINDOWS);
	h = arena_zalloc(c->a, (count + 1) * sizeof *h);
	if (!h)
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	for (size_t i = 0; i < count; i++) {
		json_t *w = json_array_get(v, i), *wd, *op, *cl;
		char field[40];
		const char *key;
		json_t *val;
		int om, cm;
		if (!json_is_object(w))
			return derr_set(e, DERR_INVALID, "wrong_type", "hours",
					"hours[%zu] must be an object {weekday, open, close}", i);
		json_object_foreach(w, key, val) {
			(void)val;
			if (strcmp(key, "weekday") && strcmp(key, "open") && strcmp(key, "close")) {
				snprintf(field, sizeof field, "hours[%zu]", i);
				return derr_set(e, DERR_INVALID, "unknown_field", field,
						"hours[%zu] takes only weekday, open and close", i);
			}
		}
		wd = json_object_get(w, "weekday");
		op = json_object_get(w, "open");
		cl = json_object_get(w, "close");
		snprintf(field, sizeof field, "hours[%zu].weekday", i);
		if (!json_is_integer(wd) || json_integer_value(wd) < 1 || json_integer_value(wd) > 7)
			return derr_set(e, DERR_INVALID, "out_of_range", field,
					"%s must be 1 (Monday) to 7 (Sunday)", field);
		snprintf(field, sizeof field, "hours[%zu].open", i);
		if (!json_is_string(op) || cst_parse_hhmm(json_string_value(op), &om) < 0 || om >= 1440)
			return derr_set(e, DERR_INVALID, "bad_time", field,
					"%s must be a time of day HH:MM from 00:00 to 23:59", field);
		snprintf(field, sizeof field, "hours[%zu].close", i);
		if (!json_is_string(cl) || cst_parse_hhmm(json_string_value(cl), &cm) < 0)
			return derr_set(e, DERR_INVALID, "bad_time", field,
					"%s must be a time of day HH:MM from 00:01 to 24:00", field);
		if (cm <= om)
			return derr_set(e, DERR_INVALID, "before_start", field,
					"%s must be later than its opening time", field);
		h[i].weekday = json_integer_value(wd);
		h[i].open_minute = om;
		h[i].close_minute = cm;
	}
	qsort(h, count, sizeof *h, opening_cmp);
	for (size_t i = 1; i < count; i++)
		if (h[i].weekday == h[i - 1].weekday && h[i].open_minute < h[i - 1].close_minute)
			return derr_set(e, DERR_INVALID, "overlap", "hours",
					"two windows of weekday %lld overlap",
					(long long)h[i].weekday);
	*out = h;
	*n = count;
	return 0;
}

int availability_update(struct ctx *c, int64_t instrument_id, json_t *in, int64_t now,
			struct derr *e)
{
	struct instrument inst;
	struct booking_rules old, r;
	struct opening *oldh = NULL, *h = NULL;
	size_t noldh = 0, nh = 0;
	json_t *rest = NULL, *hours, *before = NULL, *after = NULL;
	int rc;

	if (!json_is_object(in))
		return derr_set(e, DERR_INVALID, "wrong_type", NULL, "the body must be a JSON object");
	if (begin_managed(c, instrument_id, &inst, "changing the availability", e) < 0)
		return -1;
	if (rules_load(c, instrument_id, &old, e) < 0 ||
	    (rc = store_hours_list(c->db, c->a, instrument_id, &oldh, &noldh)) < 0) {
		rc = e->kind ? -1 : DB_ERR;
		goto out;
	}
	r = old;
	rest = json_copy(in);
	if (!rest) {
		rc = derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		goto out;
	}
	hours = json_object_get(in, "hours");
	json_object_del(rest, "hours");
	if ((rc = fields_apply(rules_fields, rest, &r, c->a, FIELDS_PATCH, e)) < 0)
		goto out;
	/* null puts a member back to its default */
	{
		struct booking_rules d;
		rules_default(&d, instrument_id);
		if (r.min_minutes <= 0) r.min_minutes = d.min_minutes;
		if (r.max_minutes <= 0) r.max_minutes = d.max_minutes;
		if (r.horizon_days <= 0) r.horizon_days = d.horizon_days;
		if (r.no_show_minutes <= 0) r.no_show_minutes = d.no_show_minutes;
		if (!r.approval) r.approval = d.approval;
		if (!r.quota_class) r.quota_class = d.quota_class;
	}
	if (r.max_minutes < r.min_minutes) {
		rc = derr_set(e, DERR_INVALID, "out_of_range", "max_minutes",
			      "max_minutes (%lld) is below min_minutes (%lld)",
			      (long long)r.max_minutes, (long long)r.min_minutes);
		goto out;
	}
	if (hours && (rc = parse_hours(c, hours, &h, &nh, e)) < 0)
		goto out;
	r.instrument_id = instrument_id;
	r.updated_at = now;
	if ((rc = store_rules_put(c->db, &r)) < 0)
		goto out;
	if (hours && (rc = store_hours_replace(c->db, instrument_id, h, nh)) < 0)
		goto out;
	before = availability_doc(&old, oldh, noldh);
	after = hours ? availability_doc(&r, h, nh) : availability_doc(&r, oldh, noldh);
	if (!before || !after) {
		rc = derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		goto out;
	}
	rc = audit_log(c, "update", "availability", instrument_id, before, after, e);
out:
	json_decref(rest);
	json_decref(before);
	json_decref(after);
	return finish(c, rc, e, "changing the availability");
}

/* ---- blackouts ---------------------------------------------------------- */

int blackout_create(struct ctx *c, int64_t instrument_id, json_t *in, int64_t now,
		    int64_t *id, struct derr *e)
{
	static const struct field fields[] = {
		{ "kind", FT_ENUM, 0, offsetof(struct blackout, kind), 0, 0, vocab_blackout_kind, "类型", "Kind" },
		{ "reason", FT_TEXT, 0, offsetof(struct blackout, reason), 0, 200, NULL, "原因", "Reason" },
		{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL },
	};
	struct instrument inst;
	struct blackout b;
	json_t *rest, *after = NULL;
	int64_t conflict = 0;
	int rc;

	memset(&b, 0, sizeof b);
	if (!json_is_object(in))
		return derr_set(e, DERR_INVALID, "wrong_type", NULL, "the body must be a JSON object");
	if (json_time(in, "start", 1, &b.start_at, e) < 0 || json_time(in, "end", 1, &b.end_at, e) < 0)
		return -1;
	if (!(rest = json_copy(in)))
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	json_object_del(rest, "start");
	json_object_del(rest, "end");
	rc = fields_apply(fields, rest, &b, c->a, FIELDS_CREATE, e);
	json_decref(rest);
	if (rc < 0)
		return -1;
	if (b.end_at <= b.start_at)
		return derr_set(e, DERR_INVALID, "before_start", "end", "end must be after start");
	if (b.end_at <= now)
		return derr_set(e, DERR_INVALID, "in_past", "end", "the window is over already");
	if (b.end_at - b.start_at > 366LL * DAY_SECONDS)
		return derr_set(e, DERR_INVALID, "too_long", "end",
				"a blackout lasts at most 366 days; close longer with the status");
	if (!b.kind)
		b.kind = "maintenance";
	if (begin_managed(c, instrument_id, &inst, "adding a blackout", e) < 0)
		return -1;
	b.instrument_id = instrument_id;
	b.created_at = now;
	rc = store_booking_overlap(c->db, instrument_id, b.start_at, b.end_at, 0, &conflict);
	if (rc > 0) {
		rc = derr_set(e, DERR_CONFLICT, "booked", "start",
			      "booking %lld holds part of this time; it must be cancelled or moved"
			      " first", (long long)conflict);
		goto out;
	}
	if (rc < 0 || (rc = store_blackout_insert(c->db, &b, id)) < 0)
		goto out;
	b.id = *id;
	if (!(after = blackout_json(&b))) {
		rc = derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		goto out;
	}
	rc = audit_log(c, "create", "blackout", *id, NULL, after, e);
out:
	json_decref(after);
	return finish(c, rc, e, "adding a blackout");
}

int blackout_delete(struct ctx *c, int64_t id, struct derr *e)
{
	struct blackout b;
	struct instrument inst;
	json_t *before = NULL;
	int rc;

	if (!c->user)
		return deny(c, e);
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "removing a blackout");
	rc = store_blackout_get(c->db, c->a, id, &b);
	if (rc > 0) {
		store_rollback(c->db);
		return derr_set(e, DERR_NOT_FOUND, "not_found", NULL,
				"blackout %lld does not exist", (long long)id);
	}
	if (rc == 0)
		rc = store_instrument_get(c->db, c->a, b.instrument_id, &inst);
	if (rc != 0)
		return finish(c, rc > 0 ? DB_ERR : rc, e, "removing a blackout");
	if (!availability_may_manage(c, inst.org_id)) {
		store_rollback(c->db);
		return deny(c, e);
	}
	if ((rc = store_blackout_delete(c->db, id)) != 0)
		goto out;
	if (!(before = blackout_json(&b))) {
		rc = derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		goto out;
	}
	rc = audit_log(c, "delete", "blackout", id, before, NULL, e);
out:
	json_decref(before);
	return finish(c, rc > 0 ? DB_ERR : rc, e, "removing a blackout");
}

/* ---- trained users ------------------------------------------------------ */

int trained_set(struct ctx *c, int64_t instrument_id, json_t *in, int64_t now,
		struct derr *e)
{
	struct instrument inst;
	struct account acc;
	json_t *u, *t, *after = NULL;
	const char *key;
	json_t *val;
	int rc;

	if (!json_is_object(in))
		return derr_set(e, DERR_INVALID, "wrong_type", NULL, "the body must be a JSON object");
	json_object_foreach(in, key, val) {
		(void)val;
		if (strcmp(key, "username") && strcmp(key, "trained"))
			return derr_set(e, DERR_INVALID, "unknown_field", "body",
					"the body takes only username and trained");
	}
	u = json_object_get(in, "username");
	t = json_object_get(in, "trained");
	if (!json_is_string(u) || !json_string_length(u) || json_string_length(u) > 64)
		return derr_set(e, DERR_INVALID, "required", "username",
				"username must name an account");
	if (t && !json_is_boolean(t))
		return derr_set(e, DERR_INVALID, "wrong_type", "trained",
				"trained must be true or false");
	if (begin_managed(c, instrument_id, &inst, "marking a trained user", e) < 0)
		return -1;
	rc = store_account_by_name(c->db, c->a, json_string_value(u), &acc, NULL);
	if (rc > 0) {
		rc = derr_set(e, DERR_INVALID, "not_found", "username", "there is no account %s",
			      json_string_value(u));
		goto out;
	}
	if (rc < 0)
		goto out;
	if (!t || json_is_true(t))
		rc = store_trained_put(c->db, instrument_id, acc.id, c->user->id, now);
	else if ((rc = store_trained_delete(c->db, instrument_id, acc.id)) > 0)
		rc = 0;   /* was not marked: nothing to undo */
	if (rc < 0)
		goto out;
	after = json_pack("{s:I, s:s, s:b}", "account_id", (json_int_t)acc.id,
			  "username", acc.username, "trained", !t || json_is_true(t));
	if (!after) {
		rc = derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		goto out;
	}
	rc = audit_log(c, "update", "trained_user", instrument_id, NULL, after, e);
out:
	json_decref(after);
	return finish(c, rc, e, "marking a trained user");
}

int trained_list(struct ctx *c, int64_t instrument_id, struct trained **out, size_t *n,
		 struct derr *e)
{
	struct instrument inst;
	int rc = store_instrument_get(c->db, c->a, instrument_id, &inst);
	*out = NULL;
	*n = 0;
	if (rc > 0)
		return derr_set(e, DERR_NOT_FOUND, "not_found", NULL,
				"instrument %lld does not exist", (long long)instrument_id);
	if (rc < 0)
		return derr_store(e, rc, "reading the instrument");
	if (!availability_may_manage(c, inst.org_id))
		return deny(c, e);
	rc = store_trained_list(c->db, c->a, instrument_id, out, n);
	return rc < 0 ? derr_store(e, rc, "reading the trained users") : 0;
}

/* ---- spans -------------------------------------------------------------- */

static int push_span(struct arena *a, struct span **arr, size_t *cap, size_t *n,
		     int64_t s, int64_t e)
{
	struct span *sp;
	/* merge with the last one when they touch or overlap */
	if (*n && s <= (*arr)[*n - 1].end) {
		if (e > (*arr)[*n - 1].end)
			(*arr)[*n - 1].end = e;
		return 0;
	}
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		struct span *na = arena_alloc(a, ncap * sizeof *na);
		if (!na)
			return -1;
		if (*n)
			memcpy(na, *arr, *n * sizeof *na);
		*arr = na;
		*cap = ncap;
	}
	sp = &(*arr)[(*n)++];
	memset(sp, 0, sizeof *sp);
	sp->start = s;
	sp->end = e;
	return 0;
}

int open_spans(struct arena *a, const struct opening *h, size_t nh, int64_t from,
	       int64_t to, struct span **out, size_t *n)
{
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	if (to <= from)
		return 0;
	for (int64_t day = cst_day(from); day <= cst_day(to - 1); day++) {
		int wd = cst_weekday(day);
		int64_t base = cst_day_start(day);
		for (size_t i = 0; i < nh; i++) {
			int64_t s, e;
			if (h[i].weekday != wd)
				continue;
			s = base + h[i].open_minute * 60;
			e = base + h[i].close_minute * 60;
			if (s < from)
				s = from;
			if (e > to)
				e = to;
			if (s < e && push_span(a, out, &cap, n, s, e) < 0)
				return -1;
		}
	}
	return 0;
}

int open_covers(struct arena *a, const struct opening *h, size_t nh, int64_t start,
		int64_t end)
{
	struct span *sp;
	size_t n;
	if (open_spans(a, h, nh, start, end, &sp, &n) < 0)
		return 0;
	return n == 1 && sp[0].start == start && sp[0].end == end;
}

static int span_cmp(const void *a, const void *b)
{
	const struct span *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

int slots_get(struct ctx *c, int64_t instrument_id, int64_t from, int64_t to, int64_t now,
	      struct slots *out, struct derr *e)
{
	struct instrument inst;
	struct opening *h;
	struct blackout *bl;
	struct booking *bk;
	struct span *blocked;
	size_t nh, nbl, nbk, nblocked = 0, cap = 0, k = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if (to <= from)
		return derr_set(e, DERR_INVALID, "before_start", "to", "to must be after from");
	{	/* the calendar shows what is due as done: no-shows are free */
		struct derr ignored = { 0 };
		booking_sweep(c, now, NULL, &ignored);
	}
	if (to - from > (int64_t)SLOTS_MAX_DAYS * DAY_SECONDS)
		return derr_set(e, DERR_INVALID, "too_long", "to",
				"one call answers at most %d days; ask again for the rest",
				SLOTS_MAX_DAYS);
	rc = store_instrument_get(c->db, c->a, instrument_id, &inst);
	if (rc > 0)
		return derr_set(e, DERR_NOT_FOUND, "not_found", NULL,
				"instrument %lld does not exist", (long long)instrument_id);
	if (rc < 0 ||
	    (rc = store_hours_list(c->db, c->a, instrument_id, &h, &nh)) < 0 ||
	    (rc = store_blackout_list(c->db, c->a, instrument_id, from, to, &bl, &nbl)) < 0 ||
	    (rc = store_booking_taken(c->db, c->a, instrument_id, from, to, &bk, &nbk)) < 0)
		return derr_store(e, rc, "reading the calendar");
	out->instrument_id = instrument_id;
	out->from = from;
	out->to = to;
	if (open_spans(c->a, h, nh, from, to, &out->open, &out->nopen) < 0)
		goto oom;
	out->blackouts = arena_zalloc(c->a, (nbl + 1) * sizeof *out->blackouts);
	out->taken = arena_zalloc(c->a, (nbk + 1) * sizeof *out->taken);
	blocked = arena_zalloc(c->a, (nbl + nbk + 2) * sizeof *blocked);
	if (!out->blackouts || !out->taken || !blocked)
		goto oom;
	for (size_t i = 0; i < nbl; i++) {
		struct span *s = &out->blackouts[out->nblackouts++];
		s->start = bl[i].start_at;
		s->end = bl[i].end_at;
		s->state = bl[i].kind;
		s->reason = bl[i].reason;
		blocked[nblocked++] = *s;
	}
	for (size_t i = 0; i < nbk; i++) {
		struct span *s = &out->taken[out->ntaken++];
		s->start = bk[i].hold_start;
		s->end = bk[i].hold_end;
		s->booking_id = bk[i].id;
		s->state = strcmp(bk[i].state, "checked_in") == 0 ? "in_use" : bk[i].state;
		blocked[nblocked++] = *s;
	}
	if (now > from) {   /* the past is never free */
		blocked[nblocked].start = from;
		blocked[nblocked++].end = now;
	}
	qsort(blocked, nblocked, sizeof *blocked, span_cmp);
	/* free = open minus blocked: one walk over both sorted lists */
	for (size_t i = 0; i < out->nopen; i++) {
		int64_t cur = out->open[i].start, end = out->open[i].end;
		while (k < nblocked && blocked[k].end <= cur)
			k++;
		for (size_t j = k; j < nblocked && blocked[j].start < end && cur < end; j++) {
			if (blocked[j].end <= cur)
				continue;
			if (blocked[j].start > cur &&
			    push_span(c->a, &out->free, &cap, &out->nfree, cur, blocked[j].start) < 0)
				goto oom;
			if (blocked[j].end > cur)
				cur = blocked[j].end;
		}
		if (cur < end && push_span(c->a, &out->free, &cap, &out->nfree, cur, end) < 0)
			goto oom;
	}
	return 0;
oom:
	return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
}
