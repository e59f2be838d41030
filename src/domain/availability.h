/*
 * availability.h — when an instrument can be booked (开放时间与预约规则):
 * its booking rules, weekly opening hours, closures and maintenance
 * windows (blackouts), the users its owner marked as trained, and the free
 * and taken time over any date range.
 *
 * Everyone may read the rules, hours, blackouts and slots (taken time is
 * shown without personal details).  The owner organisation's
 * administrators and system administrators change them; the trained list
 * is theirs to read too.  Every change is audited.
 *
 * Opening hours are minutes of the China Standard Time day per ISO weekday;
 * several windows a day are allowed, and windows that meet (18:00-24:00 and
 * the next day's 00:00-06:00) form one span, so a booking may run through
 * the night where the hours say so.  An instrument without opening hours
 * cannot be booked.
 */
#ifndef DOMAIN_AVAILABILITY_H
#define DOMAIN_AVAILABILITY_H

#include <jansson.h>
#include "domain/catalog.h"
#include "domain/domain.h"
#include "domain/fields.h"
#include "store/booking.h"

/* The rules an instrument gets until its owner sets its own. */
#define RULES_MIN_MINUTES 30
#define RULES_MAX_MINUTES 480
#define RULES_HORIZON_DAYS 90
#define RULES_NO_SHOW_MINUTES 30
#define SLOTS_MAX_DAYS 366          /* the longest range one slots call answers */
#define HOURS_MAX_WINDOWS 28        /* four windows a day */

extern const struct term vocab_approval[];      /* required untrained none */
extern const struct term vocab_quota_class[];   /* general specialised */
extern const struct term vocab_blackout_kind[]; /* closure maintenance */
/* The rules' input fields (the API's JSON and the page's form). */
extern const struct field rules_fields[];

/* Fills r with the defaults for instrument_id. */
void rules_default(struct booking_rules *r, int64_t instrument_id);
/* The instrument's rules, or the defaults: 0, or -1 with e set. */
int rules_load(struct ctx *c, int64_t instrument_id, struct booking_rules *out,
	       struct derr *e);

struct availability {
	struct booking_rules rules;
	struct opening *hours;
	size_t nhours;
	struct blackout *blackouts;     /* those not yet over */
	size_t nblackouts;
};

/* May the actor manage this organisation's instruments' bookings and
 * availability?  (Its administrators and system administrators.) */
int availability_may_manage(const struct ctx *c, int64_t org_id);

int availability_get(struct ctx *c, int64_t instrument_id, int64_t now,
		     struct availability *out, struct derr *e);
/* Changes the rules members present in in (rules_fields) and, when in has
 * "hours" (an array of {"weekday", "open", "close"}), replaces the opening
 * hours.  Refuses bad input naming the member (hours[2].close, ...). */
int availability_update(struct ctx *c, int64_t instrument_id, json_t *in, int64_t now,
			struct derr *e);
/* Adds a closure or maintenance window {"start", "end", "kind", "reason"};
 * refused with DERR_CONFLICT while bookings hold part of it. */
int blackout_create(struct ctx *c, int64_t instrument_id, json_t *in, int64_t now,
		    int64_t *id, struct derr *e);
int blackout_delete(struct ctx *c, int64_t id, struct derr *e);

/* Marks ({"username", "trained": true}) or unmarks a user as trained on
 * the instrument. */
int trained_set(struct ctx *c, int64_t instrument_id, json_t *in, int64_t now,
		struct derr *e);
int trained_list(struct ctx *c, int64_t instrument_id, struct trained **out, size_t *n,
		 struct derr *e);

/* ---- time spans --------------------------------------------------------- */

struct span {
	int64_t start, end;            /* [start, end) */
	int64_t booking_id;            /* taken spans: the row, else 0 */
	const char *state;             /* taken: the booking's state; blackout: its kind */
	const char *reason;            /* blackout: why */
};

/* The merged opening spans of the weekly hours over [from, to), clipped. */
int open_spans(struct arena *a, const struct opening *h, size_t nh, int64_t from,
	       int64_t to, struct span **out, size_t *n);
/* 1 if [start, end) lies inside one opening span. */
int open_covers(struct arena *a, const struct opening *h, size_t nh, int64_t start,
		int64_t end);

struct slots {
	int64_t instrument_id, from, to;
	struct span *open, *free, *taken, *blackouts;
	size_t nopen, nfree, ntaken, nblackouts;
};

/* The instrument's opening spans, blackouts, taken (held) spans and what is
 * free over [from, to) (free time starts no earlier than now).  from < to
 * and at most SLOTS_MAX_DAYS apart, else DERR_INVALID naming "from"/"to". */
int slots_get(struct ctx *c, int64_t instrument_id, int64_t from, int64_t to, int64_t now,
	      struct slots *out, struct derr *e);

/* Reads member name of in as a time (Unix seconds or ISO 8601, see
 * core/cst.h).  Absent: 1 (or DERR_INVALID "required" when required). */
int json_time(json_t *in, const char *name, int required, int64_t *out, struct derr *e);

json_t *rules_json(const struct booking_rules *r);
json_t *opening_json(const struct opening *h);
json_t *blackout_json(const struct blackout *b);
json_t *span_json(const struct span *s, int with_state);

#endif
