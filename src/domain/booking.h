/*
 * booking.h — booking shared instruments and facilities (仪器设施预约)
 * across organisations and regions.
 *
 * A request (a series) names one or more instruments, a time range, a
 * purpose, a sample description and optionally the joint project it
 * serves; it may repeat daily or weekly.  It becomes one booking row per
 * instrument and occurrence.  The rows of one occurrence (an "instance")
 * are booked, moved and cancelled together: all of them or none.
 *
 * States:
 *
 *   requested ──approve──▶ approved ──check in──▶ checked_in ──check out──▶ completed
 *       │                     │  └── no check-in N minutes after the start ──▶ no_show
 *       ├──reject──▶ rejected └──cancel──▶ cancelled
 *       └── undecided N minutes after the start ──▶ expired
 *   waitlisted ──a slot frees up──▶ offered ──accept──▶ requested/approved
 *                                      └──decline / expiry──▶ cancelled / expired
 *
 * The invariant: two rows that hold an instrument (offered, requested,
 * approved, checked_in) never overlap, buffers included.  Every write
 * checks it inside the same store_begin() transaction that makes the
 * change (SQLite has one writer; on PostgreSQL the writers take one lock),
 * and a trigger (on PostgreSQL an exclusion constraint) refuses any row
 * that would break it, however it got there.
 *
 * Who may do what: any member of an organisation requests, moves, cancels,
 * accepts offers and rates their own bookings; the owner organisation's
 * administrators approve, reject, check in and check out (and see the
 * requester); system administrators may do everything.  Others get
 * DERR_FORBIDDEN.
 *
 * Every function takes now (Unix seconds) so that tests choose the clock;
 * callers pass now_unix().  Due transitions (no-shows, expiries, offers,
 * reminders) happen in booking_sweep(), which the server calls every few
 * seconds and every read and write here calls first.
 */
#ifndef DOMAIN_BOOKING_H
#define DOMAIN_BOOKING_H

#include <jansson.h>
#include "domain/availability.h"
#include "domain/catalog.h"
#include "domain/domain.h"
#include "domain/fields.h"
#include "store/booking.h"

#define BOOKING_MAX_OCCURRENCES 52
#define BOOKING_MAX_RESOURCES 8
#define BOOKING_REMIND_LEAD (24 * 3600)   /* the reminder, before the start */
#define BOOKING_OFFER_TTL (2 * 3600)      /* how long a waitlist offer stands */

extern const struct term vocab_booking_state[];
extern const struct term vocab_fee_class[];
extern const struct term vocab_notification[];
/* The request's text fields: purpose, sample, project. */
extern const struct field booking_fields[];

/* Creates a series from
 *   {"instrument_id": 5 | "instruments": [5, 6], "start", "end",
 *    "purpose", "sample", "project",
 *    "repeat": {"frequency": "daily"|"weekly", "every": 1..4, "count": 2..52},
 *    "waitlist": false}
 * All rows or none: DERR_INVALID for a rule broken (naming the member:
 * start, end, instruments, repeat.count ...), DERR_CONFLICT "overlap" if
 * a row would overlap one that holds its instrument — unless waitlist is
 * set for a single instrument and occurrence, which is then waitlisted. */
int booking_create(struct ctx *c, json_t *in, int64_t now, int64_t *series_id,
		   struct derr *e);
/* One row, for its requester, the owner's administrators and system
 * administrators. */
int booking_get(struct ctx *c, int64_t id, int64_t now, struct booking *out,
		struct derr *e);
/* A series and its rows, for its requester, the administrators of an
 * instrument it books, and system administrators. */
int booking_series_get(struct ctx *c, int64_t id, int64_t now, struct booking_series *s,
		       struct booking **rows, size_t *n, struct derr *e);

struct booking_query {
	const char *scope;             /* "mine" (default) or "managed" */
	int64_t instrument_id, org_id; /* managed: narrow to one instrument / organisation */
	const char *state;
	int64_t from, to;              /* 0 = unbounded */
	int64_t page, per_page;
};
/* "mine": the actor's bookings, newest first.  "managed": bookings on
 * the instruments of the actor's organisation (system administrators: of
 * org_id or instrument_id, which they must give), by start. */
int booking_list(struct ctx *c, const struct booking_query *q, int64_t now,
		 struct booking **out, size_t *n, int64_t *total, struct derr *e);

enum booking_action {
	BOOKING_APPROVE, BOOKING_REJECT, BOOKING_CANCEL, BOOKING_CHECK_IN,
	BOOKING_CHECK_OUT, BOOKING_ACCEPT, BOOKING_DECLINE,
};
/* The action's name as used in addresses: approve reject cancel check-in
 * check-out accept decline; and back (-1 if unknown). */
const char *booking_action_name(enum booking_action a);
int booking_action_parse(const char *name);
/* Applies an action to row id.  in may be NULL or an object:
 *   reject {"reason"}; cancel {"reason", "scope": "instance"|"series"}.
 * A state that does not allow the action answers DERR_CONFLICT
 * "wrong_state"; checking in before the start "not_started", after the
 * end "ended". */
int booking_act(struct ctx *c, int64_t id, enum booking_action act, json_t *in,
		int64_t now, struct derr *e);
/* Moves the instance of row id to {"start", "end"} (all its instruments or
 * none); it needs approval again unless its rules approve it at once. */
int booking_move(struct ctx *c, int64_t id, json_t *in, int64_t now, struct derr *e);
/* The requester rates a completed booking: {"rating": 1..5, "comment"}. */
int booking_rate(struct ctx *c, int64_t id, json_t *in, int64_t now, struct derr *e);

/* What the actor may do to row b now (for showing buttons). */
int booking_may(const struct ctx *c, const struct booking *b, enum booking_action act);
int booking_is_mine(const struct ctx *c, const struct booking *b);
int booking_is_managed(const struct ctx *c, const struct booking *b);

/* Performs the due transitions (no-shows, expired requests and offers,
 * waitlist offers, reminders) in one write transaction, only if something
 * is due; *changed counts them.  The server calls it every few seconds. */
int booking_sweep(struct ctx *c, int64_t now, int *changed, struct derr *e);

/* JSON of a row; full adds the requester and the purpose (for those who may
 * see them). */
json_t *booking_json(const struct booking *b, int full);
json_t *series_json(const struct booking_series *s, const struct booking *rows, size_t n);

/* ---- the inbox ---------------------------------------------------------- */

int inbox_list(struct ctx *c, int unread_only, int64_t page, int64_t per_page, int64_t now,
	       struct notification **out, size_t *n, int64_t *total, int64_t *unread,
	       struct derr *e);
/* Marks one notification (id > 0) or all (id == 0) read. */
int inbox_read(struct ctx *c, int64_t id, int64_t now, int64_t *changed, struct derr *e);
json_t *notification_json(const struct notification *x);
/* A sentence about the notification in lang ("zh" or "en"), into a. */
const char *notification_text(struct arena *a, const struct notification *x, const char *lang);

/* ---- calendar feeds ------------------------------------------------------ */

#define FEED_TOKEN_LEN 43
/* Makes (or replaces) the actor's feed token; the token is shown once. */
int feed_create(struct ctx *c, int64_t now, char token[FEED_TOKEN_LEN + 1], struct derr *e);
/* The account whose feed token this is: 0, 1 if none, <0. */
int feed_find(struct ctx *c, const char *token, int64_t *account_id);
/* The bookings of an account for its feed: from 30 days ago on. */
int feed_bookings(struct ctx *c, int64_t account_id, int64_t now, struct booking **out,
		  size_t *n, struct derr *e);

#endif
