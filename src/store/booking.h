/*
 * booking.h — the store side of booking shared instruments: availability
 * (rules, weekly opening hours, blackouts, trained users), bookings in
 * series, the overlap check, the sweep's queue, notifications, the figures
 * kept per instrument and year, statements and calendar feeds.
 *
 * Conventions are those of store.h: 0 on success, 1 for a "get" of a
 * missing row, a negative db_rc on failure; strings of records read belong
 * to the arena passed in.  Nothing here opens a transaction: the domain
 * brackets each logical change with store_begin()/store_commit().
 *
 * Times are Unix seconds.  Money is kept as REAL yuan per hour for rates
 * and as integer fen (0.01 yuan) for fees, so sums are exact.
 */
#ifndef STORE_BOOKING_H
#define STORE_BOOKING_H

#include <stddef.h>
#include <stdint.h>
#include "core/arena.h"
#include "store/rc.h"

struct db;

/* ---- availability ------------------------------------------------------ */

struct booking_rules {
	int64_t instrument_id;
	double fee_cross_region;       /* CNY/hour; <0 = not set (external applies) */
	int64_t min_minutes, max_minutes, horizon_days, buffer_minutes, no_show_minutes;
	const char *approval;          /* required untrained none */
	double approve_below;          /* CNY; <0 = no cost limit */
	const char *quota_class;       /* general specialised */
	int64_t updated_at;            /* 0: never set, the defaults apply */
};

struct opening {
	int64_t weekday;               /* 1 Monday ... 7 Sunday */
	int64_t open_minute, close_minute;   /* [open, close) minutes of the CST day */
};

struct blackout {
	int64_t id, instrument_id, start_at, end_at, created_at;
	const char *kind;              /* closure maintenance */
	const char *reason;
};

/* 1 if the instrument has no rules row (the caller applies defaults). */
int store_rules_get(struct db *db, struct arena *a, int64_t instrument_id,
		    struct booking_rules *out);
int store_rules_put(struct db *db, const struct booking_rules *r);
/* Weekly windows by weekday and opening time. */
int store_hours_list(struct db *db, struct arena *a, int64_t instrument_id,
		     struct opening **out, size_t *n);
/* Replaces every window of the instrument by these. */
int store_hours_replace(struct db *db, int64_t instrument_id, const struct opening *h,
			size_t n);
int store_blackout_insert(struct db *db, const struct blackout *b, int64_t *id);
int store_blackout_get(struct db *db, struct arena *a, int64_t id, struct blackout *out);
int store_blackout_delete(struct db *db, int64_t id);
/* Blackouts of the instrument that overlap [from, to), by start. */
int store_blackout_list(struct db *db, struct arena *a, int64_t instrument_id,
			int64_t from, int64_t to, struct blackout **out, size_t *n);

struct trained {
	int64_t account_id, granted_at;
	const char *username, *display_name, *org_zh;
};
int store_trained_put(struct db *db, int64_t instrument_id, int64_t account_id,
		      int64_t granted_by, int64_t at);
/* 1 if there was no such mark. */
int store_trained_delete(struct db *db, int64_t instrument_id, int64_t account_id);
/* 1 if the account is marked as trained on the instrument, 0 if not, <0. */
int store_trained_has(struct db *db, int64_t instrument_id, int64_t account_id);
int store_trained_list(struct db *db, struct arena *a, int64_t instrument_id,
		       struct trained **out, size_t *n);

/* ---- series and bookings ----------------------------------------------- */

struct booking_series {
	int64_t id, account_id, org_id;
	const char *region_code;
	const char *purpose, *sample, *project;
	const char *frequency;         /* once daily weekly */
	int64_t repeat_every, occurrences, resources, created_at;
};

struct booking {
	int64_t id, series_id, occurrence, instrument_id, account_id;
	const char *state;
	int64_t start_at, end_at, hold_start, hold_end;
	const char *fee_class;         /* internal external cross_region */
	double rate;                   /* CNY per hour, fixed when booked */
	int64_t checked_in_at, checked_out_at;   /* 0 = not yet */
	int64_t fee_fen;               /* -1 until completed */
	int64_t rating;                /* 0 = not rated */
	const char *rating_comment, *reason;
	int64_t rated_at, decided_by, decided_at;
	int64_t no_show_at, remind_at, offer_expires_at, due_at;   /* 0 = none */
	int64_t created_at, updated_at;
	/* joined on read */
	int64_t owner_org_id, user_org_id, occurrences, resources;
	const char *instrument_zh, *instrument_en, *instrument_status;
	const char *owner_zh, *owner_en, *owner_region;
	const char *username, *user_display, *user_org_zh, *user_org_en, *user_region;
	const char *purpose, *sample, *project, *frequency;
};

int store_series_insert(struct db *db, const struct booking_series *s, int64_t *id);
int store_series_get(struct db *db, struct arena *a, int64_t id, struct booking_series *out);

/* Inserts a row (its holds flag follows from its state).  DB_CONSTRAINT if
 * the database refused it — among others when it would overlap a row that
 * holds the instrument, which store_booking_overlap() checks first. */
int store_booking_insert(struct db *db, const struct booking *b, int64_t *id);
/* Writes every mutable column of row b->id (state, times, hold, fee,
 * rating, decision, sweep times). */
int store_booking_update(struct db *db, const struct booking *b);
int store_booking_get(struct db *db, struct arena *a, int64_t id, struct booking *out);

/*
 * THE overlap check: is [hold_start, hold_end) on the instrument free of
 * every row that holds it, apart from row except_id (0 = none)?  0 if free,
 * 1 if not (*conflict = a conflicting row's id), <0 on error.  Call it
 * inside the write transaction that then inserts or moves the row, so that
 * check and write are one atomic step (SQLite has one writer).  A backend
 * with exclusion constraints may keep the query for its error message and
 * rely on the constraint for the guarantee.
 */
int store_booking_overlap(struct db *db, int64_t instrument_id, int64_t hold_start,
			  int64_t hold_end, int64_t except_id, int64_t *conflict);

/* The rows of one occurrence of a series (its resources), or of the whole
 * series, by occurrence and instrument. */
int store_booking_instance(struct db *db, struct arena *a, int64_t series_id,
			   int64_t occurrence, struct booking **out, size_t *n);
int store_booking_series_rows(struct db *db, struct arena *a, int64_t series_id,
			      struct booking **out, size_t *n);

struct booking_filter {
	int64_t account_id;            /* the requester, 0 = any */
	int64_t instrument_id;         /* 0 = any */
	int64_t owner_org_id;          /* instruments of this organisation, 0 = any */
	const char *state;             /* one state, NULL = any */
	int holding;                   /* only rows that hold their instrument */
	int64_t from, to;              /* rows overlapping [from, to); 0 = unbounded */
	int newest_first;
	int64_t offset, limit;
};
int store_booking_list(struct db *db, struct arena *a, const struct booking_filter *f,
		       struct booking **out, size_t *n, int64_t *total);
/* Rows holding the instrument over [from, to), by start: the calendar. */
int store_booking_taken(struct db *db, struct arena *a, int64_t instrument_id,
			int64_t from, int64_t to, struct booking **out, size_t *n);
/* Waitlisted rows of the instrument overlapping [from, to), first come
 * first. */
int store_booking_waiting(struct db *db, struct arena *a, int64_t instrument_id,
			  int64_t from, int64_t to, struct booking **out, size_t *n);
/* 1 if some row has due_at <= now (a cheap indexed probe), 0 if none. */
int store_booking_any_due(struct db *db, int64_t now);
/* Up to limit rows with due_at <= now, earliest first. */
int store_booking_due(struct db *db, struct arena *a, int64_t now, int64_t limit,
		      struct booking **out, size_t *n);

/* ---- notifications ----------------------------------------------------- */

struct notification {
	int64_t id, account_id, booking_id, at, read_at;
	const char *kind;
	/* joined */
	int64_t instrument_id, start_at, end_at;
	const char *instrument_zh, *instrument_en, *state, *username, *reason;
};
int store_notify(struct db *db, int64_t account_id, const char *kind, int64_t booking_id,
		 int64_t at);
/* Notifies every administrator of the organisation. */
int store_notify_org_admins(struct db *db, int64_t org_id, const char *kind,
			    int64_t booking_id, int64_t at);
int store_notify_list(struct db *db, struct arena *a, int64_t account_id, int unread_only,
		      int64_t offset, int64_t limit, struct notification **out, size_t *n,
		      int64_t *total, int64_t *unread);
/* Marks one (id > 0) or every (id == 0) notification of the account read;
 * *changed counts them. */
int store_notify_read(struct db *db, int64_t account_id, int64_t id, int64_t at,
		      int64_t *changed);

/* ---- figures (sharing.c) ----------------------------------------------- */

/* Adds one completed booking to its instrument's year. */
int store_usage_add(struct db *db, int64_t instrument_id, int64_t year, int64_t seconds,
		    const char *fee_class, int64_t fee_fen, int64_t account_id, int64_t org_id);
int store_usage_rate(struct db *db, int64_t instrument_id, int64_t year, int64_t rating);
/* Recomputes usage_year and usage_user from the bookings (after a bulk
 * load, or to check the running sums). */
int store_usage_rebuild(struct db *db);

/* What the figures of one scope add up to. */
struct usage_totals {
	int64_t instruments, effective_s, external_s, cross_s, income_fen, completed;
	int64_t users, orgs, external_orgs, rating_sum, ratings, under_quota, with_quota;
};
enum usage_scope { USAGE_INSTRUMENT, USAGE_ORG, USAGE_CITY, USAGE_REGION, USAGE_ALL };
/* Sums over the instruments of a scope that are not retired (id for an
 * instrument or organisation, code for a city or region).  An instrument
 * of kind 'instrument' is under quota when its effective seconds are below
 * quota_general_s or quota_special_s (by its quota class). */
int store_usage_totals(struct db *db, enum usage_scope scope, int64_t id, const char *code,
		       int64_t year, int64_t quota_general_s, int64_t quota_special_s,
		       struct usage_totals *out);

struct usage_row {
	int64_t instrument_id, org_id, value_cny;
	const char *name_zh, *name_en, *kind, *org_zh, *org_en, *region_code, *city_code;
	const char *city_zh, *city_en, *quota_class;
	int64_t effective_s, external_s, cross_s, income_fen, completed, users, orgs;
	int64_t rating_sum, ratings;
};
struct usage_filter {
	const char *region, *city;
	int64_t org_id;
	int64_t year;
	int under_quota;               /* only instruments below their quota */
	int64_t quota_general_s, quota_special_s;
	int ascending;                 /* by effective hours */
	int64_t offset, limit;
};
/* Instruments (kind 'instrument', not retired) of a scope with their
 * year's figures, by effective hours. */
int store_usage_list(struct db *db, struct arena *a, const struct usage_filter *f,
		     struct usage_row **out, size_t *n, int64_t *total);

/* Completed bookings on the organisation's instruments checked out in
 * [from, to), for its statement. */
int store_statement_rows(struct db *db, struct arena *a, int64_t org_id, int64_t from,
			 int64_t to, struct booking **out, size_t *n);

/* ---- bulk loading (the demo) -------------------------------------------- */

struct bookable {
	int64_t id, org_id, value_cny;
	const char *kind, *category, *status, *sharing, *region_code;
	double fee_internal, fee_external;     /* <0 = not set */
};
/* For a bulk load on this connection (the demo): a large page cache (1
 * GiB) so that index pages stay in memory, no foreign-key checks (the
 * loader makes consistent rows) and no syncing until the mode ends, when
 * the defaults come back and the log is checkpointed.  Outside a
 * transaction only. */
int store_bulk_mode(struct db *db, int on);
/* Every instrument, light, by id. */
int store_bookable_list(struct db *db, struct arena *a, struct bookable **out, size_t *n);

/* ---- calendar feeds ---------------------------------------------------- */

int store_feed_put(struct db *db, int64_t account_id, const unsigned char *hash, size_t len,
		   int64_t at);
/* 1 if no feed has this token hash. */
int store_feed_account(struct db *db, const unsigned char *hash, size_t len,
		       int64_t *account_id);

#endif
