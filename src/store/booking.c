/*
 * booking.c — availability, bookings, the overlap check, the sweep's
 * queue, notifications and calendar feeds.  See booking.h.
 *
 * A booking row holds its instrument over [hold_start, hold_end) while its
 * state is offered, requested, approved or checked_in; the holds column
 * says so (a CHECK keeps it equal to the state) so that the partial index
 * booking_hold holds only the live rows and the overlap check and the
 * calendar read a handful of entries per instrument.
 */
#include <string.h>
#include "core/buf.h"
#include "store/booking.h"
#include "store/db.h"
#include "store/internal.h"
#include "store/store.h"
#include "core/banned.h"

/* The longest held interval the schema allows (14 days and a day's
 * buffer): a row that overlaps [s, e) starts after s - MAX_HOLD. */
#define MAX_HOLD 1296000

static int bind_opt_int(struct db_stmt *st, int i, int64_t v)
{
	return v ? db_bind_int(st, i, v) : db_bind_null(st, i);
}

static int one_row_done(struct db_stmt *st, int rc)
{
	db_done(st);
	return rc;
}

/* ---- rules and hours ---------------------------------------------------- */

int store_rules_get(struct db *db, struct arena *a, int64_t instrument_id,
		    struct booking_rules *out)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT coalesce(fee_cross_region, -1), min_minutes, max_minutes, horizon_days,"
		" buffer_minutes, approval, coalesce(approve_below, -1), no_show_minutes,"
		" quota_class, updated_at FROM booking_rules WHERE instrument_id = ?");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, instrument_id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		memset(out, 0, sizeof *out);
		out->instrument_id = instrument_id;
		out->fee_cross_region = db_col_double(st, 0);
		out->min_minutes = db_col_int(st, 1);
		out->max_minutes = db_col_int(st, 2);
		out->horizon_days = db_col_int(st, 3);
		out->buffer_minutes = db_col_int(st, 4);
		out->approval = col_str(st, 5, a);
		out->approve_below = db_col_double(st, 6);
		out->no_show_minutes = db_col_int(st, 7);
		out->quota_class = col_str(st, 8, a);
		out->updated_at = db_col_int(st, 9);
		rc = 0;
	} else if (rc == DB_DONE)
		rc = 1;
	return one_row_done(st, rc);
}

int store_rules_put(struct db *db, const struct booking_rules *r)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO booking_rules(instrument_id, fee_cross_region, min_minutes, max_minutes,"
		" horizon_days, buffer_minutes, approval, approve_below, no_show_minutes, quota_class,"
		" updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
		" ON CONFLICT(instrument_id) DO UPDATE SET fee_cross_region = ?2, min_minutes = ?3,"
		" max_minutes = ?4, horizon_days = ?5, buffer_minutes = ?6, approval = ?7,"
		" approve_below = ?8, no_show_minutes = ?9, quota_class = ?10, updated_at = ?11");
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, r->instrument_id);
	if (r->fee_cross_region >= 0)
		db_bind_double(st, 2, r->fee_cross_region);
	db_bind_int(st, 3, r->min_minutes);
	db_bind_int(st, 4, r->max_minutes);
	db_bind_int(st, 5, r->horizon_days);
	db_bind_int(st, 6, r->buffer_minutes);
	db_bind_text(st, 7, r->approval);
	if (r->approve_below >= 0)
		db_bind_double(st, 8, r->approve_below);
	db_bind_int(st, 9, r->no_show_minutes);
	db_bind_text(st, 10, r->quota_class);
	db_bind_int(st, 11, r->updated_at);
	return db_run(st);
}

int store_hours_list(struct db *db, struct arena *a, int64_t instrument_id,
		     struct opening **out, size_t *n)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT weekday, open_minute, close_minute FROM opening_hours"
		" WHERE instrument_id = ? ORDER BY weekday, open_minute");
	size_t cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, instrument_id);
	while ((rc = db_step(st)) == DB_ROW) {
		struct opening *o = store_grow(a, (void **)out, &cap, *n, sizeof **out);
		if (!o) {
			rc = DB_ERR;
			break;
		}
		o->weekday = db_col_int(st, 0);
		o->open_minute = db_col_int(st, 1);
		o->close_minute = db_col_int(st, 2);
		(*n)++;
	}
	db_done(st);
	return rc == DB_DONE ? 0 : rc;
}

int store_hours_replace(struct db *db, int64_t instrument_id, const struct opening *h,
			size_t n)
{
	struct db_stmt *del = db_stmt(db, "DELETE FROM opening_hours WHERE instrument_id = ?");
	int rc;
	if (!del)
		return DB_ERR;
	db_bind_int(del, 1, instrument_id);
	if ((rc = db_run(del)) < 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		struct db_stmt *st = db_stmt(db,
			"INSERT INTO opening_hours(instrument_id, weekday, open_minute, close_minute)"
			" VALUES (?, ?, ?, ?)");
		if (!st)
			return DB_ERR;
		db_bind_int(st, 1, instrument_id);
		db_bind_int(st, 2, h[i].weekday);
		db_bind_int(st, 3, h[i].open_minute);
		db_bind_int(st, 4, h[i].close_minute);
		if ((rc = db_run(st)) < 0)
			return rc;
	}
	return 0;
}

/* ---- blackouts ---------------------------------------------------------- */

#define BLACKOUT_COLS "id, instrument_id, kind, start_at, end_at, reason, created_at"

static void blackout_read(struct db_stmt *st, struct arena *a, struct blackout *b)
{
	b->id = db_col_int(st, 0);
	b->instrument_id = db_col_int(st, 1);
	b->kind = col_str(st, 2, a);
	b->start_at = db_col_int(st, 3);
	b->end_at = db_col_int(st, 4);
	b->reason = col_str(st, 5, a);
	b->created_at = db_col_int(st, 6);
}

int store_blackout_insert(struct db *db, const struct blackout *b, int64_t *id)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO blackout(instrument_id, kind, start_at, end_at, reason, created_at)"
		" VALUES (?, ?, ?, ?, ?, ?)");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, b->instrument_id);
	db_bind_text(st, 2, b->kind);
	db_bind_int(st, 3, b->start_at);
	db_bind_int(st, 4, b->end_at);
	bind_opt(st, 5, b->reason);
	db_bind_int(st, 6, b->created_at);
	rc = db_run(st);
	if (rc == 0 && id)
		*id = db_last_id(db);
	return rc;
}

int store_blackout_get(struct db *db, struct arena *a, int64_t id, struct blackout *out)
{
	struct db_stmt *st = db_stmt(db, "SELECT " BLACKOUT_COLS " FROM blackout WHERE id = ?");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		blackout_read(st, a, out);
		rc = 0;
	} else if (rc == DB_DONE)
		rc = 1;
	return one_row_done(st, rc);
}

int store_blackout_delete(struct db *db, int64_t id)
{
	struct db_stmt *st = db_stmt(db, "DELETE FROM blackout WHERE id = ?");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, id);
	rc = db_run(st);
	return rc == 0 && db_changes(db) == 0 ? 1 : rc;
}

int store_blackout_list(struct db *db, struct arena *a, int64_t instrument_id,
			int64_t from, int64_t to, struct blackout **out, size_t *n)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT " BLACKOUT_COLS " FROM blackout WHERE instrument_id = ? AND end_at > ?"
		" AND start_at < ? ORDER BY start_at, id");
	size_t cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, instrument_id);
	db_bind_int(st, 2, from);
	db_bind_int(st, 3, to);
	while ((rc = db_step(st)) == DB_ROW) {
		struct blackout *b = store_grow(a, (void **)out, &cap, *n, sizeof **out);
		if (!b) {
			rc = DB_ERR;
			break;
		}
		blackout_read(st, a, b);
		(*n)++;
	}
	db_done(st);
	return rc == DB_DONE ? 0 : rc;
}

/* ---- trained users ------------------------------------------------------ */

int store_trained_put(struct db *db, int64_t instrument_id, int64_t account_id,
		      int64_t granted_by, int64_t at)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO trained_user(instrument_id, account_id, granted_by, granted_at)"
		" VALUES (?, ?, ?, ?) ON CONFLICT(instrument_id, account_id) DO NOTHING");
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, instrument_id);
	db_bind_int(st, 2, account_id);
	bind_opt_int(st, 3, granted_by);
	db_bind_int(st, 4, at);
	return db_run(st);
}

int store_trained_delete(struct db *db, int64_t instrument_id, int64_t account_id)
{
	struct db_stmt *st = db_stmt(db,
		"DELETE FROM trained_user WHERE instrument_id = ? AND account_id = ?");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, instrument_id);
	db_bind_int(st, 2, account_id);
	rc = db_run(st);
	return rc == 0 && db_changes(db) == 0 ? 1 : rc;
}

int store_trained_has(struct db *db, int64_t instrument_id, int64_t account_id)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT 1 FROM trained_user WHERE instrument_id = ? AND account_id = ?");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, instrument_id);
	db_bind_int(st, 2, account_id);
	rc = db_step(st);
	return one_row_done(st, rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc);
}

int store_trained_list(struct db *db, struct arena *a, int64_t instrument_id,
		       struct trained **out, size_t *n)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT t.account_id, t.granted_at, a.username, a.display_name, o.name_zh"
		" FROM trained_user t JOIN account a ON a.id = t.account_id"
		" LEFT JOIN org o ON o.id = a.org_id WHERE t.instrument_id = ? ORDER BY a.username");
	size_t cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, instrument_id);
	while ((rc = db_step(st)) == DB_ROW) {
		struct trained *t = store_grow(a, (void **)out, &cap, *n, sizeof **out);
		if (!t) {
			rc = DB_ERR;
			break;
		}
		t->account_id = db_col_int(st, 0);
		t->granted_at = db_col_int(st, 1);
		t->username = col_str(st, 2, a);
		t->display_name = col_str(st, 3, a);
		t->org_zh = col_str(st, 4, a);
		(*n)++;
	}
	db_done(st);
	return rc == DB_DONE ? 0 : rc;
}

/* ---- series ------------------------------------------------------------- */

int store_series_insert(struct db *db, const struct booking_series *s, int64_t *id)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO booking_series(account_id, org_id, region_code, purpose, sample, project,"
		" frequency, repeat_every, occurrences, resources, created_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, s->account_id);
	db_bind_int(st, 2, s->org_id);
	db_bind_text(st, 3, s->region_code);
	db_bind_text(st, 4, s->purpose);
	bind_opt(st, 5, s->sample);
	bind_opt(st, 6, s->project);
	db_bind_text(st, 7, s->frequency);
	db_bind_int(st, 8, s->repeat_every);
	db_bind_int(st, 9, s->occurrences);
	db_bind_int(st, 10, s->resources);
	db_bind_int(st, 11, s->created_at);
	rc = db_run(st);
	if (rc == 0 && id)
		*id = db_last_id(db);
	return rc;
}

int store_series_get(struct db *db, struct arena *a, int64_t id, struct booking_series *out)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT id, account_id, org_id, region_code, purpose, sample, project, frequency,"
		" repeat_every, occurrences, resources, created_at FROM booking_series WHERE id = ?");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		memset(out, 0, sizeof *out);
		out->id = db_col_int(st, 0);
		out->account_id = db_col_int(st, 1);
		out->org_id = db_col_int(st, 2);
		out->region_code = col_str(st, 3, a);
		out->purpose = col_str(st, 4, a);
		out->sample = col_str(st, 5, a);
		out->project = col_str(st, 6, a);
		out->frequency = col_str(st, 7, a);
		out->repeat_every = db_col_int(st, 8);
		out->occurrences = db_col_int(st, 9);
		out->resources = db_col_int(st, 10);
		out->created_at = db_col_int(st, 11);
		rc = 0;
	} else if (rc == DB_DONE)
		rc = 1;
	return one_row_done(st, rc);
}

/* ---- bookings ----------------------------------------------------------- */

#define BOOKING_COLS \
	"b.id, b.series_id, b.occurrence, b.instrument_id, b.account_id, b.state," \
	" b.start_at, b.end_at, b.hold_start, b.hold_end, b.fee_class, b.rate," \
	" coalesce(b.checked_in_at, 0), coalesce(b.checked_out_at, 0), coalesce(b.fee_fen, -1)," \
	" coalesce(b.rating, 0), b.rating_comment, b.reason, coalesce(b.rated_at, 0)," \
	" coalesce(b.decided_by, 0), coalesce(b.decided_at, 0), b.no_show_at," \
	" coalesce(b.remind_at, 0), coalesce(b.offer_expires_at, 0), coalesce(b.due_at, 0)," \
	" b.created_at, b.updated_at, i.org_id, s.org_id, s.occurrences, s.resources," \
	" i.name_zh, i.name_en, i.status, o.name_zh, o.name_en, i.region_code," \
	" a.username, a.display_name, uo.name_zh, uo.name_en, s.region_code, s.purpose," \
	" s.sample, s.project, s.frequency"
#define BOOKING_JOINS \
	" JOIN booking_series s ON s.id = b.series_id JOIN instrument i ON i.id = b.instrument_id" \
	" JOIN org o ON o.id = i.org_id JOIN account a ON a.id = b.account_id" \
	" JOIN org uo ON uo.id = s.org_id"

static void booking_read(struct db_stmt *st, struct arena *a, struct booking *b)
{
	memset(b, 0, sizeof *b);
	b->id = db_col_int(st, 0);
	b->series_id = db_col_int(st, 1);
	b->occurrence = db_col_int(st, 2);
	b->instrument_id = db_col_int(st, 3);
	b->account_id = db_col_int(st, 4);
	b->state = col_str(st, 5, a);
	b->start_at = db_col_int(st, 6);
	b->end_at = db_col_int(st, 7);
	b->hold_start = db_col_int(st, 8);
	b->hold_end = db_col_int(st, 9);
	b->fee_class = col_str(st, 10, a);
	b->rate = db_col_double(st, 11);
	b->checked_in_at = db_col_int(st, 12);
	b->checked_out_at = db_col_int(st, 13);
	b->fee_fen = db_col_int(st, 14);
	b->rating = db_col_int(st, 15);
	b->rating_comment = col_str(st, 16, a);
	b->reason = col_str(st, 17, a);
	b->rated_at = db_col_int(st, 18);
	b->decided_by = db_col_int(st, 19);
	b->decided_at = db_col_int(st, 20);
	b->no_show_at = db_col_int(st, 21);
	b->remind_at = db_col_int(st, 22);
	b->offer_expires_at = db_col_int(st, 23);
	b->due_at = db_col_int(st, 24);
	b->created_at = db_col_int(st, 25);
	b->updated_at = db_col_int(st, 26);
	b->owner_org_id = db_col_int(st, 27);
	b->user_org_id = db_col_int(st, 28);
	b->occurrences = db_col_int(st, 29);
	b->resources = db_col_int(st, 30);
	b->instrument_zh = col_str(st, 31, a);
	b->instrument_en = col_str(st, 32, a);
	b->instrument_status = col_str(st, 33, a);
	b->owner_zh = col_str(st, 34, a);
	b->owner_en = col_str(st, 35, a);
	b->owner_region = col_str(st, 36, a);
	b->username = col_str(st, 37, a);
	b->user_display = col_str(st, 38, a);
	b->user_org_zh = col_str(st, 39, a);
	b->user_org_en = col_str(st, 40, a);
	b->user_region = col_str(st, 41, a);
	b->purpose = col_str(st, 42, a);
	b->sample = col_str(st, 43, a);
	b->project = col_str(st, 44, a);
	b->frequency = col_str(st, 45, a);
}

/* Reads every row of a prepared statement into an arena array. */
static int read_rows(struct db_stmt *st, struct arena *a, struct booking **out, size_t *n)
{
	size_t cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		struct booking *b = store_grow(a, (void **)out, &cap, *n, sizeof **out);
		if (!b) {
			rc = DB_ERR;
			break;
		}
		booking_read(st, a, b);
		(*n)++;
	}
	return rc == DB_DONE ? 0 : rc;
}

/* Parameters 5..26 of the insert and the update. */
static void bind_mutable(struct db_stmt *st, const struct booking *b)
{
	db_bind_text(st, 5, b->state);
	db_bind_int(st, 6, b->start_at);
	db_bind_int(st, 7, b->end_at);
	db_bind_int(st, 8, b->hold_start);
	db_bind_int(st, 9, b->hold_end);
	db_bind_text(st, 10, b->fee_class);
	db_bind_double(st, 11, b->rate);
	bind_opt_int(st, 12, b->checked_in_at);
	bind_opt_int(st, 13, b->checked_out_at);
	if (b->fee_fen >= 0)
		db_bind_int(st, 14, b->fee_fen);
	bind_opt_int(st, 15, b->rating);
	bind_opt(st, 16, b->rating_comment);
	bind_opt_int(st, 17, b->rated_at);
	bind_opt(st, 18, b->reason);
	bind_opt_int(st, 19, b->decided_by);
	bind_opt_int(st, 20, b->decided_at);
	db_bind_int(st, 21, b->no_show_at);
	bind_opt_int(st, 22, b->remind_at);
	bind_opt_int(st, 23, b->offer_expires_at);
	bind_opt_int(st, 24, b->due_at);
	db_bind_int(st, 25, b->created_at);
	db_bind_int(st, 26, b->updated_at);
}

int store_booking_insert(struct db *db, const struct booking *b, int64_t *id)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO booking(series_id, occurrence, instrument_id, account_id, state, holds,"
		" start_at, end_at, hold_start, hold_end, fee_class, rate, checked_in_at,"
		" checked_out_at, fee_fen, rating, rating_comment, rated_at, reason, decided_by,"
		" decided_at, no_show_at, remind_at, offer_expires_at, due_at, created_at, updated_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5,"
		" CASE WHEN ?5 IN ('offered','requested','approved','checked_in') THEN 1 ELSE 0 END,"
		" ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22,"
		" ?23, ?24, ?25, ?26)");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, b->series_id);
	db_bind_int(st, 2, b->occurrence);
	db_bind_int(st, 3, b->instrument_id);
	db_bind_int(st, 4, b->account_id);
	bind_mutable(st, b);
	rc = db_run(st);
	if (rc == 0 && id)
		*id = db_last_id(db);
	return rc;
}

int store_booking_update(struct db *db, const struct booking *b)
{
	struct db_stmt *st = db_stmt(db,
		"UPDATE booking SET state = ?5,"
		" holds = CASE WHEN ?5 IN ('offered','requested','approved','checked_in')"
		" THEN 1 ELSE 0 END, start_at = ?6,"
		" end_at = ?7, hold_start = ?8, hold_end = ?9, fee_class = ?10, rate = ?11,"
		" checked_in_at = ?12, checked_out_at = ?13, fee_fen = ?14, rating = ?15,"
		" rating_comment = ?16, rated_at = ?17, reason = ?18, decided_by = ?19,"
		" decided_at = ?20, no_show_at = ?21, remind_at = ?22, offer_expires_at = ?23,"
		" due_at = ?24, created_at = ?25, updated_at = ?26 WHERE id = ?27");
	int rc;
	if (!st)
		return DB_ERR;
	bind_mutable(st, b);
	db_bind_int(st, 27, b->id);
	rc = db_run(st);
	return rc == 0 && db_changes(db) == 0 ? 1 : rc;
}

int store_booking_get(struct db *db, struct arena *a, int64_t id, struct booking *out)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT " BOOKING_COLS " FROM booking b" BOOKING_JOINS " WHERE b.id = ?");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		booking_read(st, a, out);
		rc = 0;
	} else if (rc == DB_DONE)
		rc = 1;
	return one_row_done(st, rc);
}

int store_booking_overlap(struct db *db, int64_t instrument_id, int64_t hold_start,
			  int64_t hold_end, int64_t except_id, int64_t *conflict)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT id FROM booking WHERE instrument_id = ?1 AND holds = 1"
		" AND hold_start > CAST(?2 AS BIGINT) - 1296000 AND hold_start < ?3 AND hold_end > ?2"
		" AND id <> ?4 ORDER BY hold_start LIMIT 1");
	int rc;
	_Static_assert(MAX_HOLD == 1296000, "the bound in the SQL above");
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, instrument_id);
	db_bind_int(st, 2, hold_start);
	db_bind_int(st, 3, hold_end);
	db_bind_int(st, 4, except_id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		if (conflict)
			*conflict = db_col_int(st, 0);
		rc = 1;
	} else if (rc == DB_DONE)
		rc = 0;
	return one_row_done(st, rc);
}

int store_booking_instance(struct db *db, struct arena *a, int64_t series_id,
			   int64_t occurrence, struct booking **out, size_t *n)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT " BOOKING_COLS " FROM booking b" BOOKING_JOINS
		" WHERE b.series_id = ? AND b.occurrence = ? ORDER BY b.instrument_id");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, series_id);
	db_bind_int(st, 2, occurrence);
	rc = read_rows(st, a, out, n);
	db_done(st);
	return rc;
}

int store_booking_series_rows(struct db *db, struct arena *a, int64_t series_id,
			      struct booking **out, size_t *n)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT " BOOKING_COLS " FROM booking b" BOOKING_JOINS
		" WHERE b.series_id = ? ORDER BY b.occurrence, b.instrument_id");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, series_id);
	rc = read_rows(st, a, out, n);
	db_done(st);
	return rc;
}

/* The list query, assembled from fixed fragments with values bound in
 * the order the fragments were added. */
struct binds {
	int n;
	int64_t num[12];
	const char *text[12];
	int is_text[12];
};

static int frag_num(struct buf *sql, struct binds *b, const char *frag, int64_t v)
{
	b->num[b->n] = v;
	b->is_text[b->n++] = 0;
	return buf_adds(sql, frag);
}

static int frag_text(struct buf *sql, struct binds *b, const char *frag, const char *v)
{
	b->text[b->n] = v;
	b->is_text[b->n++] = 1;
	return buf_adds(sql, frag);
}

static void bind_frags(struct db_stmt *st, const struct binds *b)
{
	for (int i = 0; i < b->n; i++) {
		if (b->is_text[i])
			db_bind_text(st, i + 1, b->text[i]);
		else
			db_bind_int(st, i + 1, b->num[i]);
	}
}

static int list_where(struct buf *sql, struct binds *b, const struct booking_filter *f)
{
	int rc = buf_adds(sql, " WHERE 1=1");
	if (f->account_id > 0)
		rc |= frag_num(sql, b, " AND b.account_id = ?", f->account_id);
	if (f->instrument_id > 0)
		rc |= frag_num(sql, b, " AND b.instrument_id = ?", f->instrument_id);
	if (f->owner_org_id > 0)
		rc |= frag_num(sql, b, " AND b.instrument_id IN (SELECT id FROM instrument"
			       " WHERE org_id = ?)", f->owner_org_id);
	if (f->state && *f->state)
		rc |= frag_text(sql, b, " AND b.state = ?", f->state);
	/* a state that holds its instrument: the partial index booking_hold
	 * has those rows only */
	if (f->state && (!strcmp(f->state, "requested") || !strcmp(f->state, "approved") ||
			 !strcmp(f->state, "offered") || !strcmp(f->state, "checked_in")))
		rc |= buf_adds(sql, " AND b.holds = 1");
	if (f->holding)
		rc |= buf_adds(sql, " AND b.holds = 1");
	if (f->from > 0)
		rc |= frag_num(sql, b, " AND b.end_at > ?", f->from);
	if (f->to > 0)
		rc |= frag_num(sql, b, " AND b.start_at < ?", f->to);
	return rc;
}

int store_booking_list(struct db *db, struct arena *a, const struct booking_filter *f,
		       struct booking **out, size_t *n, int64_t *total)
{
	struct buf sql = BUF_INIT;
	struct binds b = { 0 };
	struct db_stmt *st = NULL;
	int rc = DB_ERR;

	*out = NULL;
	*n = 0;
	*total = 0;
	if (buf_adds(&sql, "SELECT count(*) FROM booking b") || list_where(&sql, &b, f))
		goto out;
	if (!(st = db_prepare(db, sql.s)))
		goto out;
	bind_frags(st, &b);
	if ((rc = db_step(st)) != DB_ROW)
		goto out;
	*total = db_col_int(st, 0);
	db_finalize(st);
	st = NULL;
	rc = 0;
	if (*total == 0 || f->offset >= *total)
		goto out;
	buf_reset(&sql);
	memset(&b, 0, sizeof b);
	rc = DB_ERR;
	if (buf_adds(&sql, "SELECT " BOOKING_COLS " FROM booking b" BOOKING_JOINS) ||
	    list_where(&sql, &b, f) ||
	    buf_adds(&sql, f->newest_first ? " ORDER BY b.start_at DESC, b.id DESC"
					   : " ORDER BY b.start_at, b.id") ||
	    frag_num(&sql, &b, " LIMIT ?", f->limit) || frag_num(&sql, &b, " OFFSET ?", f->offset))
		goto out;
	if (!(st = db_prepare(db, sql.s)))
		goto out;
	bind_frags(st, &b);
	rc = read_rows(st, a, out, n);
out:
	db_finalize(st);
	buf_release(&sql);
	return rc;
}

int store_booking_taken(struct db *db, struct arena *a, int64_t instrument_id,
			int64_t from, int64_t to, struct booking **out, size_t *n)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT " BOOKING_COLS " FROM booking b" BOOKING_JOINS
		" WHERE b.instrument_id = ?1 AND b.holds = 1"
		" AND b.hold_start > CAST(?2 AS BIGINT) - 1296000"
		" AND b.hold_start < ?3 AND b.hold_end > ?2 ORDER BY b.hold_start");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, instrument_id);
	db_bind_int(st, 2, from);
	db_bind_int(st, 3, to);
	rc = read_rows(st, a, out, n);
	db_done(st);
	return rc;
}

int store_booking_waiting(struct db *db, struct arena *a, int64_t instrument_id,
			  int64_t from, int64_t to, struct booking **out, size_t *n)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT " BOOKING_COLS " FROM booking b" BOOKING_JOINS
		" WHERE b.instrument_id = ? AND b.state = 'waitlisted' AND b.hold_end > ?"
		" AND b.hold_start < ? ORDER BY b.created_at, b.id");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, instrument_id);
	db_bind_int(st, 2, from);
	db_bind_int(st, 3, to);
	rc = read_rows(st, a, out, n);
	db_done(st);
	return rc;
}

int store_booking_any_due(struct db *db, int64_t now)
{
	struct db_stmt *st = db_stmt(db, "SELECT 1 FROM booking WHERE due_at <= ? LIMIT 1");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, now);
	rc = db_step(st);
	return one_row_done(st, rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc);
}

int store_booking_due(struct db *db, struct arena *a, int64_t now, int64_t limit,
		      struct booking **out, size_t *n)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT " BOOKING_COLS " FROM booking b" BOOKING_JOINS
		" WHERE b.due_at <= ? ORDER BY b.due_at, b.id LIMIT ?");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, limit);
	rc = read_rows(st, a, out, n);
	db_done(st);
	return rc;
}

/* ---- notifications ------------------------------------------------------ */

int store_notify(struct db *db, int64_t account_id, const char *kind, int64_t booking_id,
		 int64_t at)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO notification(account_id, kind, booking_id, at) VALUES (?, ?, ?, ?)");
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, account_id);
	db_bind_text(st, 2, kind);
	bind_opt_int(st, 3, booking_id);
	db_bind_int(st, 4, at);
	return db_run(st);
}

int store_notify_org_admins(struct db *db, int64_t org_id, const char *kind,
			    int64_t booking_id, int64_t at)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO notification(account_id, kind, booking_id, at)"
		" SELECT id, ?2, ?3, ?4 FROM account WHERE org_id = ?1 AND role = 'org_admin'"
		" AND disabled = 0 ORDER BY id");
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, org_id);
	db_bind_text(st, 2, kind);
	bind_opt_int(st, 3, booking_id);
	db_bind_int(st, 4, at);
	return db_run(st);
}

int store_notify_list(struct db *db, struct arena *a, int64_t account_id, int unread_only,
		      int64_t offset, int64_t limit, struct notification **out, size_t *n,
		      int64_t *total, int64_t *unread)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT count(*), count(*) FILTER (WHERE read_at IS NULL) FROM notification"
		" WHERE account_id = ?");
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, account_id);
	rc = db_step(st);
	if (rc != DB_ROW)
		return one_row_done(st, rc < 0 ? rc : DB_ERR);
	*unread = db_col_int(st, 1);
	*total = unread_only ? *unread : db_col_int(st, 0);
	db_done(st);
	st = db_stmt(db,
		"SELECT n.id, n.account_id, coalesce(n.booking_id, 0), n.at, coalesce(n.read_at, 0),"
		" n.kind, coalesce(b.instrument_id, 0), coalesce(b.start_at, 0),"
		" coalesce(b.end_at, 0), i.name_zh, i.name_en, b.state, a.username, b.reason"
		" FROM notification n LEFT JOIN booking b ON b.id = n.booking_id"
		" LEFT JOIN instrument i ON i.id = b.instrument_id"
		" LEFT JOIN account a ON a.id = b.account_id"
		" WHERE n.account_id = ?1 AND (?2 = 0 OR n.read_at IS NULL)"
		" ORDER BY n.id DESC LIMIT ?3 OFFSET ?4");
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, account_id);
	db_bind_int(st, 2, unread_only);
	db_bind_int(st, 3, limit);
	db_bind_int(st, 4, offset);
	while ((rc = db_step(st)) == DB_ROW) {
		struct notification *x = store_grow(a, (void **)out, &cap, *n, sizeof **out);
		if (!x) {
			rc = DB_ERR;
			break;
		}
		x->id = db_col_int(st, 0);
		x->account_id = db_col_int(st, 1);
		x->booking_id = db_col_int(st, 2);
		x->at = db_col_int(st, 3);
		x->read_at = db_col_int(st, 4);
		x->kind = col_str(st, 5, a);
		x->instrument_id = db_col_int(st, 6);
		x->start_at = db_col_int(st, 7);
		x->end_at = db_col_int(st, 8);
		x->instrument_zh = col_str(st, 9, a);
		x->instrument_en = col_str(st, 10, a);
		x->state = col_str(st, 11, a);
		x->username = col_str(st, 12, a);
		x->reason = col_str(st, 13, a);
		(*n)++;
	}
	db_done(st);
	return rc == DB_DONE ? 0 : rc;
}

int store_notify_read(struct db *db, int64_t account_id, int64_t id, int64_t at,
		      int64_t *changed)
{
	struct db_stmt *st = db_stmt(db,
		"UPDATE notification SET read_at = ?3 WHERE account_id = ?1"
		" AND (?2 = 0 OR id = ?2) AND read_at IS NULL");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, account_id);
	db_bind_int(st, 2, id);
	db_bind_int(st, 3, at);
	rc = db_run(st);
	if (rc == 0 && changed)
		*changed = db_changes(db);
	return rc;
}

/* ---- bulk loading -------------------------------------------------------- */

int store_bulk_mode(struct db *db, int on)
{
	/* what was written is made durable when the mode ends (the demo
	 * starts again from nothing if the machine fails before); the
	 * pragmas are SQLite's, PostgreSQL has nothing to switch */
	if (db_backend(db) == DB_PG)
		return 0;
	if (!on)
		return db_exec(db, "PRAGMA cache_size=-32000; PRAGMA foreign_keys=ON;"
			       " PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=1000;"
			       " PRAGMA wal_checkpoint(TRUNCATE)");
	return db_exec(db, "PRAGMA cache_size=-1048576; PRAGMA foreign_keys=OFF;"
		       " PRAGMA synchronous=OFF; PRAGMA wal_autocheckpoint=16384");
}

int store_bookable_list(struct db *db, struct arena *a, struct bookable **out, size_t *n)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT id, org_id, value_cny, kind, category, status, sharing, region_code,"
		" coalesce(fee_internal, -1), coalesce(fee_external, -1) FROM instrument ORDER BY id");
	size_t cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	if (!st)
		return DB_ERR;
	while ((rc = db_step(st)) == DB_ROW) {
		struct bookable *b = store_grow(a, (void **)out, &cap, *n, sizeof **out);
		if (!b) {
			rc = DB_ERR;
			break;
		}
		b->id = db_col_int(st, 0);
		b->org_id = db_col_int(st, 1);
		b->value_cny = db_col_int(st, 2);
		b->kind = col_str(st, 3, a);
		b->category = col_str(st, 4, a);
		b->status = col_str(st, 5, a);
		b->sharing = col_str(st, 6, a);
		b->region_code = col_str(st, 7, a);
		b->fee_internal = db_col_double(st, 8);
		b->fee_external = db_col_double(st, 9);
		(*n)++;
	}
	db_done(st);
	return rc == DB_DONE ? 0 : rc;
}

/* ---- calendar feeds ----------------------------------------------------- */

int store_feed_put(struct db *db, int64_t account_id, const unsigned char *hash, size_t len,
		   int64_t at)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO calendar_feed(account_id, token_hash, created_at) VALUES (?1, ?2, ?3)"
		" ON CONFLICT(account_id) DO UPDATE SET token_hash = ?2, created_at = ?3");
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, account_id);
	db_bind_blob(st, 2, hash, len);
	db_bind_int(st, 3, at);
	return db_run(st);
}

int store_feed_account(struct db *db, const unsigned char *hash, size_t len,
		       int64_t *account_id)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT account_id FROM calendar_feed WHERE token_hash = ?");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_blob(st, 1, hash, len);
	rc = db_step(st);
	if (rc == DB_ROW) {
		*account_id = db_col_int(st, 0);
		rc = 0;
	} else if (rc == DB_DONE)
		rc = 1;
	return one_row_done(st, rc);
}

/* ---- statements --------------------------------------------------------- */

int store_statement_rows(struct db *db, struct arena *a, int64_t org_id, int64_t from,
			 int64_t to, struct booking **out, size_t *n)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT " BOOKING_COLS " FROM booking b" BOOKING_JOINS
		" WHERE b.instrument_id IN (SELECT id FROM instrument WHERE org_id = ?)"
		" AND b.state = 'completed' AND b.checked_out_at >= ? AND b.checked_out_at < ?"
		" ORDER BY b.checked_out_at, b.id");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, org_id);
	db_bind_int(st, 2, from);
	db_bind_int(st, 3, to);
	rc = read_rows(st, a, out, n);
	db_done(st);
	return rc;
}
