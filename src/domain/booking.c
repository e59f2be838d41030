/*
 * booking.c — the booking rules and state machine: requests (single,
 * recurring, several instruments at once), decisions, check-in and
 * check-out with fees, moves, cancellations, the waitlist, ratings, the
 * sweep of due transitions, the inbox and calendar feeds.  See booking.h.
 *
 * Every change runs in one store_begin() transaction: the sweep of what is
 * due, the checks, the overlap test, the writes, the notifications and the
 * audit entry commit together or not at all.
 */
#include <math.h>
#include <sodium.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include "core/cst.h"
#include "core/log.h"
#include "core/util.h"
#include "domain/audit.h"
#include "domain/booking.h"
#include "domain/instrument.h"
#include "store/store.h"
#include "core/banned.h"

const struct term vocab_booking_state[] = {
	{ "waitlisted", "候补中", "Waitlisted" },
	{ "offered", "候补待确认", "Offered from the waitlist" },
	{ "requested", "待审核", "Requested" },
	{ "approved", "已批准", "Approved" },
	{ "checked_in", "使用中", "Checked in" },
	{ "completed", "已完成", "Completed" },
	{ "rejected", "已拒绝", "Rejected" },
	{ "cancelled", "已取消", "Cancelled" },
	{ "no_show", "未签到，已释放", "No-show, released" },
	{ "expired", "已失效", "Expired" },
	{ NULL, NULL, NULL },
};

const struct term vocab_fee_class[] = {
	{ "internal", "本单位", "Internal" },
	{ "external", "本区域外单位", "External" },
	{ "cross_region", "跨区域", "Cross-region" },
	{ NULL, NULL, NULL },
};

const struct term vocab_notification[] = {
	{ "request_received", "收到预约申请", "Request received" },
	{ "approved", "预约已批准", "Booking approved" },
	{ "rejected", "预约未获批准", "Booking rejected" },
	{ "reminder", "预约即将开始", "Booking starts soon" },
	{ "waitlist_offer", "候补时段已空出", "Waitlist offer" },
	{ "no_show", "未签到，预约已释放", "No-show" },
	{ NULL, NULL, NULL },
};

static const struct term vocab_frequency[] = {
	{ "daily", "每天", "Daily" },
	{ "weekly", "每周", "Weekly" },
	{ NULL, NULL, NULL },
};

static const struct term vocab_cancel_scope[] = {
	{ "instance", "本次", "This occurrence" },
	{ "series", "整个系列", "The whole series" },
	{ NULL, NULL, NULL },
};

const struct field booking_fields[] = {
	{ "purpose", FT_TEXT, F_REQUIRED | F_MULTILINE, offsetof(struct booking_series, purpose), 0, 500, NULL, "用途", "Purpose" },
	{ "sample", FT_TEXT, F_MULTILINE, offsetof(struct booking_series, sample), 0, 1000, NULL, "样品说明", "Sample description" },
	{ "project", FT_TEXT, 0, offsetof(struct booking_series, project), 0, 200, NULL, "服务的联合攻关项目", "Joint project served" },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL },
};

static const char *const action_names[] = {
	[BOOKING_APPROVE] = "approve", [BOOKING_REJECT] = "reject", [BOOKING_CANCEL] = "cancel",
	[BOOKING_CHECK_IN] = "check-in", [BOOKING_CHECK_OUT] = "check-out",
	[BOOKING_ACCEPT] = "accept", [BOOKING_DECLINE] = "decline",
};

const char *booking_action_name(enum booking_action a)
{
	return action_names[a];
}

int booking_action_parse(const char *name)
{
	for (size_t i = 0; name && i < ARRAY_SIZE(action_names); i++)
		if (strcmp(name, action_names[i]) == 0)
			return (int)i;
	return -1;
}

/* ---- small helpers ------------------------------------------------------ */

static int in_state(const struct booking *b, const char *s)
{
	return strcmp(b->state, s) == 0;
}

static int holding(const char *s)
{
	return !strcmp(s, "offered") || !strcmp(s, "requested") || !strcmp(s, "approved") ||
	       !strcmp(s, "checked_in");
}

int booking_is_mine(const struct ctx *c, const struct booking *b)
{
	return c->user && c->user->id == b->account_id;
}

int booking_is_managed(const struct ctx *c, const struct booking *b)
{
	return instrument_may_edit(c, b->owner_org_id);
}

static int is_sysadmin(const struct ctx *c)
{
	return role_of(c->user) == ROLE_SYSADMIN;
}

int booking_may(const struct ctx *c, const struct booking *b, enum booking_action act)
{
	switch (act) {
	case BOOKING_APPROVE:
	case BOOKING_REJECT:
		return booking_is_managed(c, b) && in_state(b, "requested");
	case BOOKING_CHECK_IN:
		return booking_is_managed(c, b) && in_state(b, "approved");
	case BOOKING_CHECK_OUT:
		return booking_is_managed(c, b) && in_state(b, "checked_in");
	case BOOKING_CANCEL:
		return (booking_is_mine(c, b) || is_sysadmin(c)) &&
		       (holding(b->state) || in_state(b, "waitlisted")) && !in_state(b, "checked_in");
	case BOOKING_ACCEPT:
	case BOOKING_DECLINE:
		return (booking_is_mine(c, b) || is_sysadmin(c)) && in_state(b, "offered");
	}
	return 0;
}

/* The next time the sweep must look at b, from its state and times. */
static void set_due(struct booking *b)
{
	int64_t due = 0;
#define EARLIEST(t) do { if ((t) > 0 && (!due || (t) < due)) due = (t); } while (0)
	if (in_state(b, "approved")) {
		EARLIEST(b->remind_at);
		EARLIEST(b->no_show_at);
	} else if (in_state(b, "requested")) {
		EARLIEST(b->no_show_at);
	} else if (in_state(b, "offered")) {
		EARLIEST(b->offer_expires_at);
		EARLIEST(b->start_at);
	} else if (in_state(b, "waitlisted")) {
		EARLIEST(b->start_at);
	}
#undef EARLIEST
	b->due_at = due;
}

static const char *when(struct ctx *c, int64_t t)
{
	char s[24];
	cst_format_short(t, s, sizeof s);
	return arena_strdup(c->a, s);
}

/* A context that acts as the system (the sweep's audit entries). */
static void system_ctx(struct ctx *sys, const struct ctx *c)
{
	*sys = *c;
	sys->user = NULL;
	sys->client = NULL;
}

static int audit_booking(struct ctx *c, const char *action, const struct booking *before,
			 const struct booking *after, struct derr *e)
{
	json_t *b = before ? booking_json(before, 1) : NULL;
	json_t *a = after ? booking_json(after, 1) : NULL;
	int rc;
	if ((before && !b) || (after && !a))
		rc = derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	else
		rc = audit_log(c, action, "booking", after ? after->id : before->id, b, a, e);
	json_decref(b);
	json_decref(a);
	return rc;
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

/* ---- JSON --------------------------------------------------------------- */

json_t *booking_json(const struct booking *b, int full)
{
	char s[32], en[32];
	json_t *j;
	cst_format_iso(b->start_at, s, sizeof s);
	cst_format_iso(b->end_at, en, sizeof en);
	j = json_pack("{s:I, s:I, s:I, s:I, s:I, s:s, s:s?, s:I, s:s, s:s, s:I, s:I, s:s,"
		      " s:s, s:I, s:I, s:s, s:f, s:I, s:I}",
		"id", (json_int_t)b->id, "series_id", (json_int_t)b->series_id,
		"occurrence", (json_int_t)b->occurrence, "occurrences", (json_int_t)b->occurrences,
		"instrument_id", (json_int_t)b->instrument_id, "instrument_zh", b->instrument_zh,
		"instrument_en", b->instrument_en, "owner_org_id", (json_int_t)b->owner_org_id,
		"owner_zh", b->owner_zh, "state", b->state,
		"start", (json_int_t)b->start_at, "end", (json_int_t)b->end_at,
		"start_iso", s, "end_iso", en,
		"hold_start", (json_int_t)b->hold_start, "hold_end", (json_int_t)b->hold_end,
		"fee_class", b->fee_class, "rate", b->rate,
		"created_at", (json_int_t)b->created_at, "updated_at", (json_int_t)b->updated_at);
	if (!j)
		return NULL;
	json_object_set_new(j, "fee", b->fee_fen >= 0 ? json_real((double)b->fee_fen / 100.0)
						     : json_null());
	json_object_set_new(j, "checked_in_at", b->checked_in_at ? json_integer(b->checked_in_at)
								 : json_null());
	json_object_set_new(j, "checked_out_at", b->checked_out_at ? json_integer(b->checked_out_at)
								   : json_null());
	json_object_set_new(j, "rating", b->rating ? json_integer(b->rating) : json_null());
	json_object_set_new(j, "rating_comment", b->rating_comment ? json_string(b->rating_comment)
								   : json_null());
	json_object_set_new(j, "reason", b->reason ? json_string(b->reason) : json_null());
	json_object_set_new(j, "offer_expires_at",
			    b->offer_expires_at ? json_integer(b->offer_expires_at) : json_null());
	if (full) {
		json_object_set_new(j, "account_id", json_integer(b->account_id));
		json_object_set_new(j, "username", json_string(b->username ? b->username : ""));
		json_object_set_new(j, "user_org_id", json_integer(b->user_org_id));
		json_object_set_new(j, "user_org_zh", json_string(b->user_org_zh ? b->user_org_zh : ""));
		json_object_set_new(j, "user_region", json_string(b->user_region ? b->user_region : ""));
		json_object_set_new(j, "purpose", json_string(b->purpose ? b->purpose : ""));
		json_object_set_new(j, "sample", b->sample ? json_string(b->sample) : json_null());
		json_object_set_new(j, "project", b->project ? json_string(b->project) : json_null());
	}
	return j;
}

json_t *series_json(const struct booking_series *s, const struct booking *rows, size_t n)
{
	json_t *items = json_array(), *instruments = json_array(), *j;
	for (size_t i = 0; i < n; i++) {
		int seen = 0;
		json_array_append_new(items, booking_json(&rows[i], 1));
		for (size_t k = 0; k < i; k++)
			seen |= rows[k].instrument_id == rows[i].instrument_id;
		if (!seen)
			json_array_append_new(instruments, json_integer(rows[i].instrument_id));
	}
	j = json_pack("{s:I, s:I, s:I, s:s, s:s, s:s?, s:s?, s:s, s:I, s:I, s:I, s:o, s:o}",
		"id", (json_int_t)s->id, "account_id", (json_int_t)s->account_id,
		"org_id", (json_int_t)s->org_id, "region", s->region_code,
		"purpose", s->purpose, "sample", s->sample, "project", s->project,
		"frequency", s->frequency, "every", (json_int_t)s->repeat_every,
		"occurrences", (json_int_t)s->occurrences,
		"created_at", (json_int_t)s->created_at, "instruments", instruments,
		"bookings", items);
	return j;
}

/* ---- the sweep ---------------------------------------------------------- */

/* Offers free time on an instrument to those waiting for it, first come
 * first: every waitlisted row overlapping [from, to) that now fits. */
static int offer_waitlist(struct ctx *c, int64_t instrument_id, int64_t from, int64_t to,
			  int64_t now, struct derr *e)
{
	struct booking *w;
	struct ctx sys;
	size_t n;
	int rc = store_booking_waiting(c->db, c->a, instrument_id, from, to, &w, &n);
	if (rc < 0)
		return rc;
	system_ctx(&sys, c);
	for (size_t i = 0; i < n; i++) {
		struct booking before = w[i];
		int64_t conflict;
		if (w[i].start_at <= now)
			continue;   /* too late: the sweep expires it */
		rc = store_booking_overlap(c->db, instrument_id, w[i].hold_start, w[i].hold_end,
					   w[i].id, &conflict);
		if (rc < 0)
			return rc;
		if (rc > 0)
			continue;
		w[i].state = "offered";
		w[i].offer_expires_at = now + BOOKING_OFFER_TTL < w[i].start_at
					? now + BOOKING_OFFER_TTL : w[i].start_at;
		w[i].updated_at = now;
		set_due(&w[i]);
		if ((rc = store_booking_update(c->db, &w[i])) < 0 ||
		    (rc = store_notify(c->db, w[i].account_id, "waitlist_offer", w[i].id, now)) < 0 ||
		    (rc = audit_booking(&sys, "offer", &before, &w[i], e)) < 0)
			return rc;
	}
	return 0;
}

/* Applies what is due for one row. */
static int sweep_row(struct ctx *c, struct booking *b, int64_t now, int *changed,
		     struct derr *e)
{
	struct booking before = *b;
	struct ctx sys;
	int freed = 0, rc;

	system_ctx(&sys, c);
	if (in_state(b, "approved")) {
		if (b->remind_at && b->remind_at <= now) {
			if ((rc = store_notify(c->db, b->account_id, "reminder", b->id, now)) < 0)
				return rc;
			b->remind_at = 0;
		}
		if (now >= b->no_show_at) {
			b->state = "no_show";
			b->reason = "no check-in in time; the slot was released";
			if ((rc = store_notify(c->db, b->account_id, "no_show", b->id, now)) < 0)
				return rc;
			freed = 1;
		}
	} else if (in_state(b, "requested") && now >= b->no_show_at) {
		b->state = "expired";
		b->reason = "not decided before the start";
		freed = 1;
	} else if (in_state(b, "offered") &&
		   (now >= b->offer_expires_at || now >= b->start_at)) {
		b->state = "expired";
		b->reason = "the waitlist offer was not taken up in time";
		freed = 1;
	} else if (in_state(b, "waitlisted") && now >= b->start_at) {
		b->state = "expired";
		b->reason = "no slot came free before the start";
	}
	set_due(b);
	b->updated_at = now;
	if ((rc = store_booking_update(c->db, b)) < 0)
		return rc;
	if (strcmp(before.state, b->state) != 0 || before.remind_at != b->remind_at) {
		(*changed)++;
		if ((rc = audit_booking(&sys, strcmp(before.state, b->state) ? b->state : "remind",
					&before, b, e)) < 0)
			return rc;
	}
	if (freed)
		return offer_waitlist(c, b->instrument_id, b->hold_start, b->hold_end, now, e);
	return 0;
}

/* The sweep inside an open write transaction. */
static int sweep_locked(struct ctx *c, int64_t now, int *changed, struct derr *e)
{
	int dummy = 0;
	if (!changed)
		changed = &dummy;
	for (int round = 0; round < 50; round++) {
		struct booking *due;
		size_t n;
		int rc = store_booking_any_due(c->db, now);
		if (rc <= 0)
			return rc;
		if ((rc = store_booking_due(c->db, c->a, now, 200, &due, &n)) < 0)
			return rc;
		for (size_t i = 0; i < n; i++)
			if ((rc = sweep_row(c, &due[i], now, changed, e)) < 0)
				return rc;
	}
	return 0;
}

int booking_sweep(struct ctx *c, int64_t now, int *changed, struct derr *e)
{
	int rc = store_booking_any_due(c->db, now), n = 0;
	if (changed)
		*changed = 0;
	if (rc <= 0)
		return rc < 0 ? derr_store(e, rc, "looking for due bookings") : 0;
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "releasing due bookings");
	rc = sweep_locked(c, now, &n, e);
	if (finish(c, rc, e, "releasing due bookings") < 0)
		return -1;
	if (changed)
		*changed = n;
	return 0;
}

/* Reads run the sweep first, so nobody waits for the server's timer; a
 * busy database only delays it. */
static void sweep_lazily(struct ctx *c, int64_t now)
{
	struct derr e = { 0 };
	if (booking_sweep(c, now, NULL, &e) < 0)
		log_warn("booking: sweep: %s", e.message);
}

/* ---- requests ----------------------------------------------------------- */

/* What one instrument of a request needs while it is checked and booked. */
struct target {
	struct instrument in;
	struct org owner;
	struct booking_rules rules;
	struct opening *hours;
	size_t nhours;
	const char *fee_class;
	double rate;
	int trained;
};

static const char *fee_class_of(int64_t user_org, const char *user_region,
				const struct org *owner)
{
	if (user_org == owner->id)
		return "internal";
	return strcmp(user_region, owner->region_code) == 0 ? "external" : "cross_region";
}

static double rate_of(const struct target *t)
{
	double r = !strcmp(t->fee_class, "internal") ? t->in.fee_internal
		 : !strcmp(t->fee_class, "external") ? t->in.fee_external
		 : t->rules.fee_cross_region >= 0 ? t->rules.fee_cross_region : t->in.fee_external;
	return r < 0 ? 0 : r;
}

/* approved at once, or requested: the owner's rules decide. */
static const char *first_state(const struct target *t, int64_t start, int64_t end)
{
	double estimate = t->rate * (double)(end - start) / 3600.0;
	/* conditional sharing: outsiders always wait for the owner */
	if (!strcmp(t->in.sharing, "conditional") && strcmp(t->fee_class, "internal") != 0)
		return "requested";
	if (!strcmp(t->rules.approval, "none"))
		return "approved";
	if (t->rules.approve_below >= 0 && estimate < t->rules.approve_below)
		return "approved";
	if (!strcmp(t->rules.approval, "untrained") && t->trained)
		return "approved";
	return "requested";
}

/* "occurrence 3 of 5 (2026-12-15 09:00) on 扫描电镜 (12): " or "" */
static const char *label(struct ctx *c, int64_t k, int64_t count, int64_t start,
			 const struct target *t, size_t ntargets)
{
	if (count <= 1 && ntargets <= 1)
		return "";
	if (count <= 1)
		return arena_printf(c->a, "%s (%lld): ", t->in.name_zh, (long long)t->in.id);
	return arena_printf(c->a, "occurrence %lld of %lld (%s) on %s (%lld): ", (long long)k + 1,
			    (long long)count, when(c, start), t->in.name_zh, (long long)t->in.id);
}

/* The instrument's rules for one occurrence [s, e). */
static int check_rules(struct ctx *c, const struct target *t, int64_t s, int64_t e_,
		       int64_t now, const char *lbl, struct derr *e)
{
	struct blackout *bl;
	size_t nbl;
	int rc;
	if (e_ - s < t->rules.min_minutes * 60)
		return derr_set(e, DERR_INVALID, "too_short", "end",
				"%sa booking lasts at least %lld minutes", lbl,
				(long long)t->rules.min_minutes);
	if (e_ - s > t->rules.max_minutes * 60)
		return derr_set(e, DERR_INVALID, "too_long", "end",
				"%sa booking lasts at most %lld minutes", lbl,
				(long long)t->rules.max_minutes);
	if (s > now + t->rules.horizon_days * DAY_SECONDS)
		return derr_set(e, DERR_INVALID, "beyond_horizon", "start",
				"%sbookings open at most %lld days ahead", lbl,
				(long long)t->rules.horizon_days);
	if (!t->nhours)
		return derr_set(e, DERR_INVALID, "outside_hours", "start",
				"%sthe instrument has no opening hours yet", lbl);
	if (!open_covers(c->a, t->hours, t->nhours, s, e_))
		return derr_set(e, DERR_INVALID, "outside_hours", "start",
				"%s%s to %s is outside the opening hours", lbl, when(c, s), when(c, e_));
	rc = store_blackout_list(c->db, c->a, t->in.id, s, e_, &bl, &nbl);
	if (rc < 0)
		return derr_store(e, rc, "reading the blackouts");
	if (nbl)
		return derr_set(e, DERR_INVALID, "blackout", "start",
				"%sthe instrument is closed (%s) from %s to %s%s%s", lbl,
				!strcmp(bl[0].kind, "closure") ? "closure" : "maintenance",
				when(c, bl[0].start_at), when(c, bl[0].end_at),
				bl[0].reason ? ": " : "", bl[0].reason ? bl[0].reason : "");
	return 0;
}

/* Loads and checks one instrument of a request (inside the transaction). */
static int load_target(struct ctx *c, int64_t id, const char *field, const struct org *user_org,
		       struct target *t, struct derr *e)
{
	int rc;
	memset(t, 0, sizeof *t);
	rc = store_instrument_get(c->db, c->a, id, &t->in);
	if (rc > 0)
		return derr_set(e, DERR_INVALID, "not_found", field,
				"instrument %lld does not exist", (long long)id);
	if (rc < 0)
		return derr_store(e, rc, "reading the instrument");
	if (!strcmp(t->in.status, "retired"))
		return derr_set(e, DERR_CONFLICT, "retired", field,
				"%s (%lld) is retired and cannot be booked", t->in.name_zh, (long long)id);
	if (!strcmp(t->in.status, "maintenance"))
		return derr_set(e, DERR_CONFLICT, "maintenance", field,
				"%s (%lld) is under maintenance and cannot be booked now",
				t->in.name_zh, (long long)id);
	rc = store_org_get(c->db, c->a, t->in.org_id, &t->owner);
	if (rc != 0)
		return derr_store(e, rc < 0 ? rc : DB_ERR, "reading the owner");
	if (!strcmp(t->in.sharing, "internal") && user_org->id != t->owner.id)
		return derr_set(e, DERR_FORBIDDEN, "internal_only", field,
				"%s (%lld) is for the use of %s only", t->in.name_zh, (long long)id,
				t->owner.name_zh);
	if (rules_load(c, id, &t->rules, e) < 0)
		return -1;
	if ((rc = store_hours_list(c->db, c->a, id, &t->hours, &t->nhours)) < 0)
		return derr_store(e, rc, "reading the opening hours");
	t->fee_class = fee_class_of(user_org->id, user_org->region_code, &t->owner);
	t->rate = rate_of(t);
	rc = store_trained_has(c->db, id, c->user->id);
	if (rc < 0)
		return derr_store(e, rc, "reading the trained users");
	t->trained = rc;
	return 0;
}

/* Reads "instrument_id" or "instruments" into ids (distinct, 1..MAX). */
static int parse_instruments(json_t *in, int64_t *ids, size_t *n, const char **field,
			     struct derr *e)
{
	json_t *one = json_object_get(in, "instrument_id"), *many = json_object_get(in, "instruments");
	*n = 0;
	if (one && many)
		return derr_set(e, DERR_INVALID, "not_allowed", "instruments",
				"give instrument_id or instruments, not both");
	if (one) {
		*field = "instrument_id";
		if (!json_is_integer(one) || json_integer_value(one) < 1)
			return derr_set(e, DERR_INVALID, "wrong_type", "instrument_id",
					"instrument_id must be a positive integer");
		ids[(*n)++] = json_integer_value(one);
		return 0;
	}
	*field = "instruments";
	if (!many)
		return derr_set(e, DERR_INVALID, "required", "instruments",
				"instrument_id or instruments is required");
	if (!json_is_array(many) || json_array_size(many) < 1 ||
	    json_array_size(many) > BOOKING_MAX_RESOURCES)
		return derr_set(e, DERR_INVALID, "out_of_range", "instruments",
				"instruments must list 1 to %d instrument ids", BOOKING_MAX_RESOURCES);
	for (size_t i = 0; i < json_array_size(many); i++) {
		json_t *v = json_array_get(many, i);
		if (!json_is_integer(v) || json_integer_value(v) < 1)
			return derr_set(e, DERR_INVALID, "wrong_type", "instruments",
					"instruments must list positive integer ids");
		for (size_t k = 0; k < *n; k++)
			if (ids[k] == json_integer_value(v))
				return derr_set(e, DERR_INVALID, "duplicate", "instruments",
						"instrument %lld is listed twice",
						(long long)ids[k]);
		ids[(*n)++] = json_integer_value(v);
	}
	return 0;
}

/* Reads "repeat": {frequency, every, count}. */
static int parse_repeat(json_t *in, struct booking_series *s, struct derr *e)
{
	json_t *r = json_object_get(in, "repeat"), *v;
	const char *key;
	s->frequency = "once";
	s->repeat_every = 1;
	s->occurrences = 1;
	if (!r || json_is_null(r))
		return 0;
	if (!json_is_object(r))
		return derr_set(e, DERR_INVALID, "wrong_type", "repeat",
				"repeat must be an object {frequency, every, count}");
	json_object_foreach(r, key, v) {
		(void)v;
		if (strcmp(key, "frequency") && strcmp(key, "every") && strcmp(key, "count"))
			return derr_set(e, DERR_INVALID, "unknown_field", "repeat",
					"repeat takes only frequency, every and count");
	}
	v = json_object_get(r, "frequency");
	if (!json_is_string(v) || !vocab_find(vocab_frequency, json_string_value(v)))
		return derr_set(e, DERR_INVALID, "not_allowed", "repeat.frequency",
				"repeat.frequency must be daily or weekly");
	s->frequency = vocab_find(vocab_frequency, json_string_value(v))->key;
	v = json_object_get(r, "every");
	if (v && (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 4))
		return derr_set(e, DERR_INVALID, "out_of_range", "repeat.every",
				"repeat.every must be 1 to 4");
	if (v)
		s->repeat_every = json_integer_value(v);
	v = json_object_get(r, "count");
	if (!json_is_integer(v) || json_integer_value(v) < 2 ||
	    json_integer_value(v) > BOOKING_MAX_OCCURRENCES)
		return derr_set(e, DERR_INVALID, "out_of_range", "repeat.count",
				"repeat.count must be 2 to %d", BOOKING_MAX_OCCURRENCES);
	s->occurrences = json_integer_value(v);
	return 0;
}

static void fill_times(struct booking *b, const struct target *t, int64_t s, int64_t e_,
		       int64_t now)
{
	b->start_at = s;
	b->end_at = e_;
	b->hold_start = s;
	b->hold_end = e_ + t->rules.buffer_minutes * 60;
	b->no_show_at = s + t->rules.no_show_minutes * 60 < e_ ? s + t->rules.no_show_minutes * 60
							       : e_;
	b->remind_at = s - now > BOOKING_REMIND_LEAD ? s - BOOKING_REMIND_LEAD : 0;
}

int booking_create(struct ctx *c, json_t *in, int64_t now, int64_t *series_id,
		   struct derr *e)
{
	int64_t ids[BOOKING_MAX_RESOURCES], start, end, step;
	struct target *t = NULL;
	struct booking_series s;
	struct org user_org;
	struct booking *rows = NULL;
	const char *field = "instruments";
	json_t *rest, *wl, *after = NULL;
	size_t nt = 0, nrows = 0;
	int waitlist = 0, rc;

	memset(&s, 0, sizeof s);
	if (!c->user)
		return derr_set(e, DERR_UNAUTHORIZED, "login_required", NULL, "log in to book");
	if (c->user->org_id <= 0)
		return derr_set(e, DERR_FORBIDDEN, "needs_organisation", NULL,
				"bookings are made by members of an organisation; this account has none");
	if (!json_is_object(in))
		return derr_set(e, DERR_INVALID, "wrong_type", NULL, "the body must be a JSON object");
	/* the plain members through the field spec, the rest by hand */
	if (!(rest = json_copy(in)))
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	json_object_del(rest, "instrument_id");
	json_object_del(rest, "instruments");
	json_object_del(rest, "start");
	json_object_del(rest, "end");
	json_object_del(rest, "repeat");
	json_object_del(rest, "waitlist");
	rc = fields_apply(booking_fields, rest, &s, c->a, FIELDS_CREATE, e);
	json_decref(rest);
	if (rc < 0 || parse_instruments(in, ids, &nt, &field, e) < 0 ||
	    json_time(in, "start", 1, &start, e) < 0 || json_time(in, "end", 1, &end, e) < 0 ||
	    parse_repeat(in, &s, e) < 0)
		return -1;
	wl = json_object_get(in, "waitlist");
	if (wl && !json_is_boolean(wl))
		return derr_set(e, DERR_INVALID, "wrong_type", "waitlist", "waitlist must be true or false");
	waitlist = wl && json_is_true(wl);
	if (end <= start)
		return derr_set(e, DERR_INVALID, "before_start", "end", "end must be after start");
	if (start < now)
		return derr_set(e, DERR_INVALID, "in_past", "start",
				"start (%s) is in the past", when(c, start));
	if (waitlist && (nt > 1 || s.occurrences > 1))
		return derr_set(e, DERR_INVALID, "not_allowed", "waitlist",
				"only a request for one instrument and one occurrence can wait");
	step = (!strcmp(s.frequency, "weekly") ? 7 : 1) * DAY_SECONDS * s.repeat_every;
	if (s.occurrences == 1)
		step = 0;
	t = arena_zalloc(c->a, nt * sizeof *t);
	rows = arena_zalloc(c->a, (size_t)s.occurrences * nt * sizeof *rows);
	if (!t || !rows)
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");

	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "booking");
	if ((rc = sweep_locked(c, now, NULL, e)) < 0)
		goto out;
	rc = store_org_get(c->db, c->a, c->user->org_id, &user_org);
	if (rc != 0) {
		rc = rc < 0 ? rc : DB_ERR;
		goto out;
	}
	for (size_t i = 0; i < nt; i++)
		if ((rc = load_target(c, ids[i], field, &user_org, &t[i], e)) < 0)
			goto out;
	/* every rule of every row before anything is written */
	for (int64_t k = 0; k < s.occurrences; k++)
		for (size_t i = 0; i < nt; i++) {
			int64_t os = start + k * step, oe = end + k * step;
			const char *lbl = label(c, k, s.occurrences, os, &t[i], nt);
			if ((rc = check_rules(c, &t[i], os, oe, now, lbl, e)) < 0)
				goto out;
		}
	s.account_id = c->user->id;
	s.org_id = user_org.id;
	s.region_code = user_org.region_code;
	s.resources = (int64_t)nt;
	s.created_at = now;
	if ((rc = store_series_insert(c->db, &s, &s.id)) < 0)
		goto out;
	/* check and insert each row: all of them, or a rollback */
	for (int64_t k = 0; k < s.occurrences; k++)
		for (size_t i = 0; i < nt; i++) {
			struct booking *b = &rows[nrows];
			int64_t os = start + k * step, oe = end + k * step, conflict = 0;
			b->series_id = s.id;
			b->occurrence = k + 1;
			b->instrument_id = t[i].in.id;
			b->account_id = c->user->id;
			b->fee_class = t[i].fee_class;
			b->rate = t[i].rate;
			b->fee_fen = -1;
			b->created_at = b->updated_at = now;
			fill_times(b, &t[i], os, oe, now);
			rc = store_booking_overlap(c->db, b->instrument_id, b->hold_start, b->hold_end,
						   0, &conflict);
			if (rc < 0)
				goto out;
			if (rc > 0 && !waitlist) {
				rc = derr_set(e, DERR_CONFLICT, "overlap", "start",
					      "%s%s to %s overlaps another booking of %s (%lld)%s",
					      label(c, k, s.occurrences, os, &t[i], nt), when(c, os),
					      when(c, oe), t[i].in.name_zh, (long long)t[i].in.id,
					      t[i].rules.buffer_minutes
					      ? " or the buffer between bookings" : "");
				goto out;
			}
			b->state = rc > 0 ? "waitlisted" : first_state(&t[i], os, oe);
			set_due(b);
			if ((rc = store_booking_insert(c->db, b, &b->id)) < 0)
				goto out;
			if (!strcmp(b->state, "requested") &&
			    (rc = store_notify_org_admins(c->db, t[i].owner.id, "request_received",
							  b->id, now)) < 0)
				goto out;
			nrows++;
		}
	if ((rc = store_booking_series_rows(c->db, c->a, s.id, &rows, &nrows)) < 0)
		goto out;
	if (!(after = series_json(&s, rows, nrows))) {
		rc = derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		goto out;
	}
	rc = audit_log(c, "create", "booking_series", s.id, NULL, after, e);
	*series_id = s.id;
out:
	json_decref(after);
	if (rc == DB_CONSTRAINT && !e->kind)   /* the trigger: a race we did not see */
		derr_set(e, DERR_CONFLICT, "overlap", "start", "the time is taken");
	return finish(c, rc, e, "booking");
}

/* ---- reading ------------------------------------------------------------ */

static int not_found(struct derr *e, int64_t id)
{
	return derr_set(e, DERR_NOT_FOUND, "not_found", NULL, "booking %lld does not exist",
			(long long)id);
}

int booking_get(struct ctx *c, int64_t id, int64_t now, struct booking *out,
		struct derr *e)
{
	int rc;
	if (!c->user)
		return derr_set(e, DERR_UNAUTHORIZED, "login_required", NULL, "log in to see bookings");
	sweep_lazily(c, now);
	rc = store_booking_get(c->db, c->a, id, out);
	if (rc > 0)
		return not_found(e, id);
	if (rc < 0)
		return derr_store(e, rc, "reading the booking");
	if (!booking_is_mine(c, out) && !booking_is_managed(c, out))
		return derr_set(e, DERR_FORBIDDEN, "forbidden", NULL,
				"booking %lld is someone else's", (long long)id);
	return 0;
}

int booking_series_get(struct ctx *c, int64_t id, int64_t now, struct booking_series *s,
		       struct booking **rows, size_t *n, struct derr *e)
{
	int rc, may;
	if (!c->user)
		return derr_set(e, DERR_UNAUTHORIZED, "login_required", NULL, "log in to see bookings");
	sweep_lazily(c, now);
	rc = store_series_get(c->db, c->a, id, s);
	if (rc > 0)
		return derr_set(e, DERR_NOT_FOUND, "not_found", NULL,
				"booking series %lld does not exist", (long long)id);
	if (rc < 0 || (rc = store_booking_series_rows(c->db, c->a, id, rows, n)) < 0)
		return derr_store(e, rc, "reading the booking series");
	may = s->account_id == c->user->id || is_sysadmin(c);
	for (size_t i = 0; i < *n && !may; i++)
		may = booking_is_managed(c, &(*rows)[i]);
	if (!may)
		return derr_set(e, DERR_FORBIDDEN, "forbidden", NULL,
				"booking series %lld is someone else's", (long long)id);
	return 0;
}

int booking_list(struct ctx *c, const struct booking_query *q, int64_t now,
		 struct booking **out, size_t *n, int64_t *total, struct derr *e)
{
	struct booking_filter f = { 0 };
	int rc;
	*out = NULL;
	*n = 0;
	*total = 0;
	if (!c->user)
		return derr_set(e, DERR_UNAUTHORIZED, "login_required", NULL, "log in to see bookings");
	if (q->state && *q->state && !vocab_find(vocab_booking_state, q->state))
		return derr_set(e, DERR_INVALID, "not_allowed", "state",
				"state must be one of the booking states");
	if (q->page < 1 || q->per_page < 1 || q->per_page > 100)
		return derr_set(e, DERR_INVALID, "out_of_range", "per_page",
				"per_page must be between 1 and 100");
	if (q->from && q->to && q->to <= q->from)
		return derr_set(e, DERR_INVALID, "before_start", "to", "to must be after from");
	f.state = q->state && *q->state ? q->state : NULL;
	f.from = q->from;
	f.to = q->to;
	f.offset = (q->page - 1) * q->per_page;
	f.limit = q->per_page;
	if (!q->scope || !*q->scope || !strcmp(q->scope, "mine")) {
		f.account_id = c->user->id;
		f.newest_first = 1;
		if (q->instrument_id)
			f.instrument_id = q->instrument_id;
	} else if (!strcmp(q->scope, "managed")) {
		if (is_sysadmin(c)) {
			f.owner_org_id = q->org_id;
		} else if (role_of(c->user) == ROLE_ORG_ADMIN && c->user->org_id > 0) {
			if (q->org_id && q->org_id != c->user->org_id)
				return derr_set(e, DERR_FORBIDDEN, "forbidden", "org",
						"you manage the bookings of your own organisation only");
			f.owner_org_id = c->user->org_id;
		} else {
			return derr_set(e, DERR_FORBIDDEN, "forbidden", "scope",
					"only organisation administrators manage bookings");
		}
		if (q->instrument_id) {
			struct instrument in;
			rc = store_instrument_get(c->db, c->a, q->instrument_id, &in);
			if (rc > 0)
				return derr_set(e, DERR_INVALID, "not_found", "instrument",
						"instrument %lld does not exist",
						(long long)q->instrument_id);
			if (rc < 0)
				return derr_store(e, rc, "reading the instrument");
			if (!instrument_may_edit(c, in.org_id))
				return derr_set(e, DERR_FORBIDDEN, "forbidden", "instrument",
						"instrument %lld is another organisation's",
						(long long)q->instrument_id);
			f.instrument_id = q->instrument_id;
		}
	} else {
		return derr_set(e, DERR_INVALID, "not_allowed", "scope",
				"scope must be mine or managed");
	}
	sweep_lazily(c, now);
	rc = store_booking_list(c->db, c->a, &f, out, n, total);
	return rc < 0 ? derr_store(e, rc, "listing bookings") : 0;
}

/* ---- actions ------------------------------------------------------------ */

struct act_input {
	const char *reason, *scope;
};

static int wrong_state(struct derr *e, const struct booking *b, const char *verb,
		       const char *need)
{
	return derr_set(e, DERR_CONFLICT, "wrong_state", NULL,
			"booking %lld is %s; only %s bookings can be %s", (long long)b->id,
			b->state, need, verb);
}

static int refuse(const struct ctx *c, struct derr *e, const struct booking *b,
		  const char *what)
{
	if (!c->user)
		return derr_set(e, DERR_UNAUTHORIZED, "login_required", NULL, "log in first");
	return derr_set(e, DERR_FORBIDDEN, "forbidden", NULL, "%s booking %lld", what,
			(long long)b->id);
}

/* Moves a row to a final state that releases it, and offers the time. */
static int release(struct ctx *c, struct booking *b, const char *state, const char *reason,
		   const char *action, int64_t now, struct derr *e)
{
	struct booking before = *b;
	int held = holding(b->state), rc;
	b->state = state;
	b->reason = reason;
	b->updated_at = now;
	set_due(b);
	if ((rc = store_booking_update(c->db, b)) < 0 ||
	    (rc = audit_booking(c, action, &before, b, e)) < 0)
		return rc;
	return held ? offer_waitlist(c, b->instrument_id, b->hold_start, b->hold_end, now, e) : 0;
}

/* Applies the owner's rules to a row that needs a decision again (a move,
 * an accepted offer). */
static int redecide(struct ctx *c, struct booking *b, int64_t now, struct derr *e)
{
	struct target t;
	struct org user_org;
	int rc;
	memset(&t, 0, sizeof t);
	if ((rc = store_instrument_get(c->db, c->a, b->instrument_id, &t.in)) != 0 ||
	    (rc = store_org_get(c->db, c->a, t.in.org_id, &t.owner)) != 0 ||
	    (rc = store_org_get(c->db, c->a, b->user_org_id, &user_org)) != 0)
		return rc < 0 ? rc : DB_ERR;
	if (rules_load(c, b->instrument_id, &t.rules, e) < 0)
		return -1;
	rc = store_trained_has(c->db, b->instrument_id, b->account_id);
	if (rc < 0)
		return rc;
	t.trained = rc;
	t.fee_class = b->fee_class;
	t.rate = b->rate;
	b->state = first_state(&t, b->start_at, b->end_at);
	b->decided_by = 0;
	b->decided_at = 0;
	if (!strcmp(b->state, "requested"))
		return store_notify_org_admins(c->db, t.owner.id, "request_received", b->id, now);
	return 0;
}

int booking_act(struct ctx *c, int64_t id, enum booking_action act, json_t *in,
		int64_t now, struct derr *e)
{
	static const struct field reject_fields[] = {
		{ "reason", FT_TEXT, F_REQUIRED | F_MULTILINE, offsetof(struct act_input, reason), 0, 500, NULL, "理由", "Reason" },
		{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL },
	};
	static const struct field cancel_fields[] = {
		{ "reason", FT_TEXT, F_MULTILINE, offsetof(struct act_input, reason), 0, 500, NULL, "理由", "Reason" },
		{ "scope", FT_ENUM, 0, offsetof(struct act_input, scope), 0, 0, vocab_cancel_scope, "范围", "Scope" },
		{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL },
	};
	static const struct field no_fields[] = { { NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL } };
	struct act_input ai = { 0 };
	struct booking b, before, *rows = NULL;
	size_t nrows = 0;
	const struct field *spec = act == BOOKING_REJECT ? reject_fields
				 : act == BOOKING_CANCEL ? cancel_fields : no_fields;
	int rc;

	if (!c->user)
		return derr_set(e, DERR_UNAUTHORIZED, "login_required", NULL, "log in first");
	if (in && fields_apply(spec, in, &ai, c->a, FIELDS_CREATE, e) < 0)
		return -1;
	if (!in && act == BOOKING_REJECT)
		return derr_set(e, DERR_INVALID, "required", "reason", "reason is required");
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "changing the booking");
	if ((rc = sweep_locked(c, now, NULL, e)) < 0)
		goto out;
	rc = store_booking_get(c->db, c->a, id, &b);
	if (rc > 0) {
		rc = not_found(e, id);
		goto out;
	}
	if (rc < 0)
		goto out;
	before = b;
	switch (act) {
	case BOOKING_APPROVE:
	case BOOKING_REJECT:
	case BOOKING_CHECK_IN:
	case BOOKING_CHECK_OUT:
		if (!booking_is_managed(c, &b)) {
			rc = refuse(c, e, &b, booking_is_mine(c, &b)
				    ? "only the owner's administrators may decide or record the use of"
				    : "you may not act on");
			goto out;
		}
		break;
	case BOOKING_CANCEL:
	case BOOKING_ACCEPT:
	case BOOKING_DECLINE:
		if (!booking_is_mine(c, &b) && !is_sysadmin(c)) {
			rc = refuse(c, e, &b, "only its requester may change");
			goto out;
		}
		break;
	}
	b.updated_at = now;
	switch (act) {
	case BOOKING_APPROVE:
		if (!in_state(&b, "requested")) {
			rc = wrong_state(e, &b, "approved", "requested");
			goto out;
		}
		b.state = "approved";
		b.decided_by = c->user->id;
		b.decided_at = now;
		set_due(&b);
		if ((rc = store_booking_update(c->db, &b)) < 0 ||
		    (rc = store_notify(c->db, b.account_id, "approved", b.id, now)) < 0 ||
		    (rc = audit_booking(c, "approve", &before, &b, e)) < 0)
			goto out;
		break;
	case BOOKING_REJECT:
		if (!in_state(&b, "requested")) {
			rc = wrong_state(e, &b, "rejected", "requested");
			goto out;
		}
		b.decided_by = c->user->id;
		b.decided_at = now;
		if ((rc = release(c, &b, "rejected", ai.reason, "reject", now, e)) < 0 ||
		    (rc = store_notify(c->db, b.account_id, "rejected", b.id, now)) < 0)
			goto out;
		/* all or none: the other instruments of this occurrence go too */
		if ((rc = store_booking_instance(c->db, c->a, b.series_id, b.occurrence, &rows,
						 &nrows)) < 0)
			goto out;
		for (size_t i = 0; i < nrows; i++)
			if (rows[i].id != b.id && holding(rows[i].state) &&
			    !in_state(&rows[i], "checked_in") &&
			    (rc = release(c, &rows[i], "rejected",
					  "another instrument of this booking was refused",
					  "reject", now, e)) < 0)
				goto out;
		break;
	case BOOKING_CANCEL: {
		int done = 0;
		if (ai.scope && !strcmp(ai.scope, "series"))
			rc = store_booking_series_rows(c->db, c->a, b.series_id, &rows, &nrows);
		else
			rc = store_booking_instance(c->db, c->a, b.series_id, b.occurrence, &rows,
						    &nrows);
		if (rc < 0)
			goto out;
		for (size_t i = 0; i < nrows; i++) {
			if (!booking_may(c, &rows[i], BOOKING_CANCEL))
				continue;
			if ((rc = release(c, &rows[i], "cancelled",
					  ai.reason ? ai.reason : "cancelled by the requester",
					  "cancel", now, e)) < 0)
				goto out;
			done++;
		}
		if (!done) {
			rc = wrong_state(e, &b, "cancelled",
					 "waitlisted, offered, requested or approved");
			goto out;
		}
		break;
	}
	case BOOKING_CHECK_IN:
		if (now >= b.end_at && (in_state(&b, "approved") || in_state(&b, "no_show"))) {
			rc = derr_set(e, DERR_CONFLICT, "ended", NULL,
				      "booking %lld ended at %s", (long long)id, when(c, b.end_at));
			goto out;
		}
		if (!in_state(&b, "approved")) {
			rc = wrong_state(e, &b, "checked in", "approved");
			goto out;
		}
		if (now < b.start_at) {
			rc = derr_set(e, DERR_CONFLICT, "not_started", NULL,
				      "booking %lld starts at %s; check in from then", (long long)id,
				      when(c, b.start_at));
			goto out;
		}
		b.state = "checked_in";
		b.checked_in_at = now;
		set_due(&b);
		if ((rc = store_booking_update(c->db, &b)) < 0 ||
		    (rc = audit_booking(c, "check-in", &before, &b, e)) < 0)
			goto out;
		break;
	case BOOKING_CHECK_OUT: {
		int64_t secs;
		if (!in_state(&b, "checked_in")) {
			rc = wrong_state(e, &b, "checked out", "checked-in");
			goto out;
		}
		secs = now - b.checked_in_at > 0 ? now - b.checked_in_at : 0;
		b.state = "completed";
		b.checked_out_at = b.checked_in_at + secs;
		b.fee_fen = llround(b.rate * 100.0 * (double)secs / 3600.0);
		set_due(&b);
		if ((rc = store_booking_update(c->db, &b)) < 0 ||
		    (rc = store_usage_add(c->db, b.instrument_id, cst_year(b.checked_in_at), secs,
					  b.fee_class, b.fee_fen, b.account_id, b.user_org_id)) < 0 ||
		    (rc = audit_booking(c, "check-out", &before, &b, e)) < 0)
			goto out;
		/* what is left of the held time is free again */
		if (now < b.hold_end &&
		    (rc = offer_waitlist(c, b.instrument_id, now, b.hold_end, now, e)) < 0)
			goto out;
		break;
	}
	case BOOKING_ACCEPT:
		if (!in_state(&b, "offered")) {
			rc = wrong_state(e, &b, "accepted", "offered");
			goto out;
		}
		b.offer_expires_at = 0;
		if ((rc = redecide(c, &b, now, e)) < 0)
			goto out;
		set_due(&b);
		if ((rc = store_booking_update(c->db, &b)) < 0 ||
		    (rc = audit_booking(c, "accept", &before, &b, e)) < 0)
			goto out;
		break;
	case BOOKING_DECLINE:
		if (!in_state(&b, "offered")) {
			rc = wrong_state(e, &b, "declined", "offered");
			goto out;
		}
		b.offer_expires_at = 0;
		if ((rc = release(c, &b, "cancelled", "the waitlist offer was declined", "decline",
				  now, e)) < 0)
			goto out;
		break;
	}
	rc = 0;
out:
	return finish(c, rc, e, "changing the booking");
}

int booking_move(struct ctx *c, int64_t id, json_t *in, int64_t now, struct derr *e)
{
	struct booking b, *rows, *old = NULL;
	size_t nrows;
	int64_t start, end;
	const char *key;
	json_t *v;
	int rc;

	if (!c->user)
		return derr_set(e, DERR_UNAUTHORIZED, "login_required", NULL, "log in first");
	if (!json_is_object(in))
		return derr_set(e, DERR_INVALID, "wrong_type", NULL, "the body must be a JSON object");
	json_object_foreach(in, key, v) {
		(void)v;
		if (strcmp(key, "start") && strcmp(key, "end"))
			return derr_set(e, DERR_INVALID, "unknown_field", key[0] && strlen(key) < 40
					? key : "body", "a move takes only start and end");
	}
	if (json_time(in, "start", 1, &start, e) < 0 || json_time(in, "end", 1, &end, e) < 0)
		return -1;
	if (end <= start)
		return derr_set(e, DERR_INVALID, "before_start", "end", "end must be after start");
	if (start < now)
		return derr_set(e, DERR_INVALID, "in_past", "start",
				"start (%s) is in the past", when(c, start));
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "moving the booking");
	if ((rc = sweep_locked(c, now, NULL, e)) < 0)
		goto out;
	rc = store_booking_get(c->db, c->a, id, &b);
	if (rc > 0) {
		rc = not_found(e, id);
		goto out;
	}
	if (rc < 0)
		goto out;
	if (!booking_is_mine(c, &b) && !is_sysadmin(c)) {
		rc = refuse(c, e, &b, "only its requester may move");
		goto out;
	}
	if ((rc = store_booking_instance(c->db, c->a, b.series_id, b.occurrence, &rows,
					 &nrows)) < 0)
		goto out;
	if (!(old = arena_alloc(c->a, (nrows + 1) * sizeof *old))) {
		rc = derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < nrows; i++) {
		struct target t;
		struct org user_org;
		if (!in_state(&rows[i], "requested") && !in_state(&rows[i], "approved")) {
			rc = wrong_state(e, &rows[i], "moved", "requested or approved");
			goto out;
		}
		if ((rc = store_org_get(c->db, c->a, rows[i].user_org_id, &user_org)) != 0 ||
		    (rc = load_target(c, rows[i].instrument_id, "start", &user_org, &t, e)) < 0) {
			rc = rc > 0 ? DB_ERR : rc;
			goto out;
		}
		if ((rc = check_rules(c, &t, start, end, now, label(c, 0, 1, start, &t, nrows),
				      e)) < 0)
			goto out;
		old[i] = rows[i];
		fill_times(&rows[i], &t, start, end, now);
		rc = store_booking_overlap(c->db, rows[i].instrument_id, rows[i].hold_start,
					   rows[i].hold_end, rows[i].id, NULL);
		if (rc > 0) {
			rc = derr_set(e, DERR_CONFLICT, "overlap", "start",
				      "%s to %s overlaps another booking of %s (%lld)", when(c, start),
				      when(c, end), t.in.name_zh, (long long)t.in.id);
			goto out;
		}
		if (rc < 0)
			goto out;
		rows[i].updated_at = now;
		if ((rc = redecide(c, &rows[i], now, e)) < 0)
			goto out;
		set_due(&rows[i]);
		if ((rc = store_booking_update(c->db, &rows[i])) < 0 ||
		    (rc = audit_booking(c, "move", &old[i], &rows[i], e)) < 0)
			goto out;
	}
	/* the old times are free again */
	for (size_t i = 0; i < nrows; i++)
		if ((rc = offer_waitlist(c, old[i].instrument_id, old[i].hold_start, old[i].hold_end,
					 now, e)) < 0)
			goto out;
	rc = 0;
out:
	if (rc == DB_CONSTRAINT && !e->kind)
		derr_set(e, DERR_CONFLICT, "overlap", "start", "the time is taken");
	return finish(c, rc, e, "moving the booking");
}

int booking_rate(struct ctx *c, int64_t id, json_t *in, int64_t now, struct derr *e)
{
	struct rate_input {
		int64_t rating;
		const char *comment;
	} ri = { 0, NULL };
	static const struct field fields[] = {
		{ "rating", FT_INT, F_REQUIRED, offsetof(struct rate_input, rating), 1, 5, NULL, "评分", "Rating" },
		{ "comment", FT_TEXT, F_MULTILINE, offsetof(struct rate_input, comment), 0, 500, NULL, "评价", "Comment" },
		{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL },
	};
	struct booking b, before;
	int rc;

	if (!c->user)
		return derr_set(e, DERR_UNAUTHORIZED, "login_required", NULL, "log in first");
	if (fields_apply(fields, in, &ri, c->a, FIELDS_CREATE, e) < 0)
		return -1;
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "rating the booking");
	rc = store_booking_get(c->db, c->a, id, &b);
	if (rc > 0) {
		rc = not_found(e, id);
		goto out;
	}
	if (rc < 0)
		goto out;
	if (!booking_is_mine(c, &b)) {
		rc = refuse(c, e, &b, "only its requester may rate");
		goto out;
	}
	if (!in_state(&b, "completed")) {
		rc = wrong_state(e, &b, "rated", "completed");
		goto out;
	}
	if (b.rating) {
		rc = derr_set(e, DERR_CONFLICT, "already_rated", "rating",
			      "booking %lld was rated already", (long long)id);
		goto out;
	}
	before = b;
	b.rating = ri.rating;
	b.rating_comment = ri.comment;
	b.rated_at = now;
	b.updated_at = now;
	if ((rc = store_booking_update(c->db, &b)) < 0 ||
	    (rc = store_usage_rate(c->db, b.instrument_id, cst_year(b.checked_in_at),
				   b.rating)) < 0 ||
	    (rc = audit_booking(c, "rate", &before, &b, e)) < 0)
		goto out;
	rc = 0;
out:
	return finish(c, rc > 0 ? DB_ERR : rc, e, "rating the booking");
}

/* ---- the inbox ---------------------------------------------------------- */

int inbox_list(struct ctx *c, int unread_only, int64_t page, int64_t per_page, int64_t now,
	       struct notification **out, size_t *n, int64_t *total, int64_t *unread,
	       struct derr *e)
{
	int rc;
	if (!c->user)
		return derr_set(e, DERR_UNAUTHORIZED, "login_required", NULL, "log in first");
	sweep_lazily(c, now);
	rc = store_notify_list(c->db, c->a, c->user->id, unread_only, (page - 1) * per_page,
			       per_page, out, n, total, unread);
	return rc < 0 ? derr_store(e, rc, "reading the inbox") : 0;
}

int inbox_read(struct ctx *c, int64_t id, int64_t now, int64_t *changed, struct derr *e)
{
	int rc;
	if (!c->user)
		return derr_set(e, DERR_UNAUTHORIZED, "login_required", NULL, "log in first");
	/* marking read is bookkeeping of one's own inbox: no audit entry */
	rc = store_notify_read(c->db, c->user->id, id, now, changed);
	return rc < 0 ? derr_store(e, rc, "updating the inbox") : 0;
}

json_t *notification_json(const struct notification *x)
{
	json_t *j = json_pack("{s:I, s:s, s:I, s:b}", "id", (json_int_t)x->id, "kind", x->kind,
			      "at", (json_int_t)x->at, "read", x->read_at != 0);
	if (!j)
		return NULL;
	json_object_set_new(j, "booking_id", x->booking_id ? json_integer(x->booking_id) : json_null());
	json_object_set_new(j, "instrument_id",
			    x->instrument_id ? json_integer(x->instrument_id) : json_null());
	json_object_set_new(j, "instrument_zh",
			    x->instrument_zh ? json_string(x->instrument_zh) : json_null());
	json_object_set_new(j, "start", x->start_at ? json_integer(x->start_at) : json_null());
	json_object_set_new(j, "text_zh", json_string(notification_text(NULL, x, "zh")));
	json_object_set_new(j, "text_en", json_string(notification_text(NULL, x, "en")));
	return j;
}

const char *notification_text(struct arena *a, const struct notification *x, const char *lang)
{
	static _Thread_local char buf[600];
	char t[24];
	int en = lang && !strcmp(lang, "en");
	const char *name = en && x->instrument_en && *x->instrument_en ? x->instrument_en
			 : x->instrument_zh ? x->instrument_zh : "?";
	cst_format_short(x->start_at, t, sizeof t);
	if (!strcmp(x->kind, "request_received"))
		snprintf(buf, sizeof buf, en ? "%s asks to book %s from %s." : "%s 申请预约“%s”（%s 起）。",
			 x->username ? x->username : "?", name, t);
	else if (!strcmp(x->kind, "approved"))
		snprintf(buf, sizeof buf, en ? "Your booking of %s from %s was approved."
					     : "您预约的“%s”（%s 起）已获批准。", name, t);
	else if (!strcmp(x->kind, "rejected"))
		snprintf(buf, sizeof buf, en ? "Your booking of %s from %s was rejected: %s"
					     : "您预约的“%s”（%s 起）未获批准：%s", name, t,
			 x->reason ? x->reason : "");
	else if (!strcmp(x->kind, "reminder"))
		snprintf(buf, sizeof buf, en ? "Reminder: your booking of %s starts at %s."
					     : "提醒：您预约的“%s”将于 %s 开始。", name, t);
	else if (!strcmp(x->kind, "waitlist_offer"))
		snprintf(buf, sizeof buf, en ? "The time you wait for on %s from %s is free: accept it"
					       " within two hours."
					     : "您候补的“%s”（%s 起）已空出，请在两小时内确认。", name, t);
	else if (!strcmp(x->kind, "no_show"))
		snprintf(buf, sizeof buf, en ? "You did not check in for %s at %s; the booking was"
					       " released."
					     : "您预约的“%s”（%s 起）未按时签到，预约已释放。", name, t);
	else
		snprintf(buf, sizeof buf, "%s", x->kind);
	return a ? arena_strdup(a, buf) : buf;
}

/* ---- feeds -------------------------------------------------------------- */

int feed_create(struct ctx *c, int64_t now, char token[FEED_TOKEN_LEN + 1], struct derr *e)
{
	unsigned char raw[32], hash[32];
	json_t *after;
	int rc;
	if (!c->user)
		return derr_set(e, DERR_UNAUTHORIZED, "login_required", NULL, "log in first");
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(token, FEED_TOKEN_LEN + 1, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	crypto_generichash(hash, sizeof hash, (const unsigned char *)token, strlen(token), NULL, 0);
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "making the calendar feed");
	after = json_pack("{s:s}", "feed", "created");
	if ((rc = store_feed_put(c->db, c->user->id, hash, sizeof hash, now)) == 0)
		rc = audit_log(c, "update", "calendar_feed", c->user->id, NULL, after, e);
	json_decref(after);
	return finish(c, rc, e, "making the calendar feed");
}

int feed_find(struct ctx *c, const char *token, int64_t *account_id)
{
	unsigned char hash[32];
	if (!token || strlen(token) != FEED_TOKEN_LEN)
		return 1;
	crypto_generichash(hash, sizeof hash, (const unsigned char *)token, strlen(token), NULL, 0);
	return store_feed_account(c->db, hash, sizeof hash, account_id);
}

int feed_bookings(struct ctx *c, int64_t account_id, int64_t now, struct booking **out,
		  size_t *n, struct derr *e)
{
	struct booking_filter f = { 0 };
	int64_t total;
	int rc;
	sweep_lazily(c, now);
	f.account_id = account_id;
	f.from = now - 30 * DAY_SECONDS;
	f.limit = 500;
	rc = store_booking_list(c->db, c->a, &f, out, n, &total);
	return rc < 0 ? derr_store(e, rc, "reading the bookings") : 0;
}
