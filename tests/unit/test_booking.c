/*
 * test_booking.c — the booking domain over a real store: the community's
 * clock, availability rules, overlap with buffers, recurring series,
 * all-or-none groups, the state machine, fee classes, no-shows, the
 * waitlist, reminders, figures, statements, audit, atomicity, and threads
 * racing for the same slots.
 *
 * The clock is chosen by each test (domain calls take now): T0 is Monday
 * 2030-01-07 00:00 China Standard Time.
 */
#include "unit.h"
#include <pthread.h>
#include <string.h>
#include "core/cst.h"
#include "core/util.h"
#include "domain/availability.h"
#include "domain/booking.h"
#include "domain/sharing.h"
#include "domain/statement.h"
#include "fixture.h"

#define HOUR 3600
#define DAY 86400

static int64_t T0;

/* Accounts beyond the fixture's: org 3 is in Wuhu (Anhui, like org 1),
 * org 2 in Suzhou (Jiangsu). */
static const struct account m_org2 = { .id = 4, .username = "m2", .role = "member", .org_id = 2 };
static const struct account m_org3 = { .id = 5, .username = "m3", .role = "member", .org_id = 3 };
static const struct account oa_org2 = { .id = 6, .username = "oa2", .role = "org_admin", .org_id = 2 };
static const struct account m_org1b = { .id = 7, .username = "m1b", .role = "member", .org_id = 1 };
static const struct account coord_ah = { .id = 8, .username = "cah", .role = "coordinator",
					 .region_code = "340000" };

static int setup(void **state)
{
	struct fx *f;
	if (fx_setup(state) < 0)
		return -1;
	f = *state;
	T0 = cst_day_start(cst_days_from_civil(2030, 1, 7));
	fx_sql(f, "INSERT INTO org(id, kind, name_zh, region_code, city_code, created_at, updated_at)"
		  " VALUES (3, 'enterprise', '芜湖测试公司', '340000', '340200', 0, 0)");
	fx_sql(f, "INSERT INTO account(id, username, pwhash, role, org_id, region_code, created_at) VALUES"
		  " (4, 'm2', 'x', 'member', 2, NULL, 0), (5, 'm3', 'x', 'member', 3, NULL, 0),"
		  " (6, 'oa2', 'x', 'org_admin', 2, NULL, 0), (7, 'm1b', 'x', 'member', 1, NULL, 0),"
		  " (8, 'cah', 'x', 'coordinator', NULL, '340000', 0)");
	return 0;
}

/* An instrument of org with fees 100 (internal) / 200 (external). */
static int64_t instrument(struct fx *f, int64_t org, const char *sharing, const char *status)
{
	char sql[512];
	snprintf(sql, sizeof sql,
		 "INSERT INTO instrument(kind, category, name_zh, value_cny, org_id, region_code,"
		 " city_code, status, sharing, fee_internal, fee_external, created_at, updated_at)"
		 " SELECT 'instrument', 'analytical', '扫描电镜', 1000000, id, region_code, city_code,"
		 " '%s', '%s', 100, 200, 0, 0 FROM org WHERE id = %lld", status, sharing, (long long)org);
	fx_sql(f, sql);
	return fx_count(f, "SELECT max(id) FROM instrument");
}

/* Sets rules and Monday-Friday 09:00-17:00 as the owner's administrator. */
static void open_weekdays(struct fx *f, int64_t inst, const char *rules)
{
	struct derr e = { 0 };
	char body[1024];
	const struct account *owner = &f->admin;
	json_t *in;
	snprintf(body, sizeof body, "{%s%s\"hours\":["
		 "{\"weekday\":1,\"open\":\"09:00\",\"close\":\"17:00\"},"
		 "{\"weekday\":2,\"open\":\"09:00\",\"close\":\"17:00\"},"
		 "{\"weekday\":3,\"open\":\"09:00\",\"close\":\"17:00\"},"
		 "{\"weekday\":4,\"open\":\"09:00\",\"close\":\"17:00\"},"
		 "{\"weekday\":5,\"open\":\"09:00\",\"close\":\"17:00\"}]}",
		 rules ? rules : "", rules && *rules ? "," : "");
	in = json_loads(body, 0, NULL);
	assert_non_null(in);
	f->c.user = owner;
	if (availability_update(&f->c, inst, in, T0, &e) < 0)
		fail_msg("availability_update: %s (%s)", e.message, e.field);
	json_decref(in);
}

static json_t *req(int64_t inst, int64_t start, int64_t end)
{
	return json_pack("{s:I, s:I, s:I, s:s, s:s}", "instrument_id", (json_int_t)inst,
			 "start", (json_int_t)start, "end", (json_int_t)end, "purpose", "形貌表征",
			 "sample", "二维材料薄膜 3 片");
}

/* Books as who at now; returns the series id, or -1 with e set. */
static int64_t book(struct fx *f, const struct account *who, json_t *in, int64_t now,
		    struct derr *e)
{
	int64_t id = 0;
	int rc;
	memset(e, 0, sizeof *e);
	f->c.user = who;
	rc = booking_create(&f->c, in, now, &id, e);
	json_decref(in);
	return rc < 0 ? -1 : id;
}

/* The first booking row of a series. */
static int64_t row_of(struct fx *f, int64_t series)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT min(id) FROM booking WHERE series_id = %lld", (long long)series);
	return fx_count(f, sql);
}

static const char *state_of(struct fx *f, int64_t id)
{
	static char s[32];
	struct booking b;
	assert_int_equal(store_booking_get(f->c.db, f->c.a, id, &b), 0);
	snprintf(s, sizeof s, "%s", b.state);
	return s;
}

static int act(struct fx *f, const struct account *who, int64_t id, enum booking_action a,
	       const char *json, int64_t now, struct derr *e)
{
	json_t *in = json ? json_loads(json, 0, NULL) : NULL;
	int rc;
	memset(e, 0, sizeof *e);
	f->c.user = who;
	rc = booking_act(&f->c, id, a, in, now, e);
	json_decref(in);
	return rc;
}

static int64_t overlaps(struct fx *f)
{
	return fx_count(f, "SELECT count(*) FROM booking a JOIN booking b ON a.instrument_id ="
			   " b.instrument_id AND a.id < b.id WHERE a.holds = 1 AND b.holds = 1"
			   " AND a.hold_start < b.hold_end AND b.hold_start < a.hold_end");
}

/* ---- the clock ----------------------------------------------------------- */

static void cst_dates_and_iso(void **state)
{
	int64_t t;
	char s[40];
	int y, m, d, mins;
	(void)state;
	assert_int_equal(cst_weekday(cst_day(T0)), 1);            /* 2030-01-07 is a Monday */
	assert_int_equal(cst_parse("2030-01-07T09:00:00+08:00", &t), 0);
	assert_int_equal(t, T0 + 9 * HOUR);
	assert_int_equal(cst_parse("2030-01-07T01:00:00Z", &t), 0);
	assert_int_equal(t, T0 + 9 * HOUR);
	assert_int_equal(cst_parse("2030-01-07 09:00", &t), 0);    /* no offset: CST */
	assert_int_equal(t, T0 + 9 * HOUR);
	assert_int_equal(cst_parse("2030-01-07", &t), 0);
	assert_int_equal(t, T0);
	assert_int_equal(cst_parse("1894000000", &t), 0);
	assert_int_equal(t, 1894000000);
	assert_int_equal(cst_parse("2030-02-30T09:00", &t), -1);
	assert_int_equal(cst_parse("2030-01-07T25:00", &t), -1);
	assert_int_equal(cst_parse("2030-01-07T09:00+08:00x", &t), -1);
	assert_int_equal(cst_parse("tomorrow", &t), -1);
	cst_format_iso(T0 + 9 * HOUR + 30 * 60, s, sizeof s);
	assert_string_equal(s, "2030-01-07T09:30:00+08:00");
	cst_format_ical(T0 + 9 * HOUR, s, sizeof s);
	assert_string_equal(s, "20300107T010000Z");
	cst_civil(cst_day(T0 - 1), &y, &m, &d);                   /* one second earlier: Sunday */
	assert_int_equal(y * 10000 + m * 100 + d, 20300106);
	assert_int_equal(cst_weekday(cst_day(T0 - 1)), 7);
	assert_int_equal(cst_year(cst_year_start(2031) - 1), 2030);
	assert_int_equal(cst_month_start(2030, 13), cst_year_start(2031));
	assert_int_equal(cst_parse_hhmm("24:00", &mins), 0);
	assert_int_equal(mins, 1440);
	assert_int_equal(cst_parse_hhmm("24:01", &mins), -1);
}

/* ---- availability ---------------------------------------------------------- */

static void availability_is_the_owners(void **state)
{
	struct fx *f = *state;
	struct derr e = { 0 };
	struct availability av;
	int64_t inst = instrument(f, 1, "open", "in_service");
	json_t *in = json_pack("{s:i, s:s}", "buffer_minutes", 15, "approval", "none");

	f->c.user = &f->member;
	assert_int_equal(availability_update(&f->c, inst, in, T0, &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	memset(&e, 0, sizeof e);
	f->c.user = &oa_org2;
	assert_int_equal(availability_update(&f->c, inst, in, T0, &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	memset(&e, 0, sizeof e);
	f->c.user = &f->orgadmin;
	assert_int_equal(availability_update(&f->c, inst, in, T0, &e), 0);
	json_decref(in);
	assert_int_equal(availability_get(&f->c, inst, T0, &av, &e), 0);
	assert_int_equal(av.rules.buffer_minutes, 15);
	assert_string_equal(av.rules.approval, "none");
	assert_int_equal(av.rules.min_minutes, RULES_MIN_MINUTES);   /* the rest: defaults */
	assert_int_equal(fx_count(f, "SELECT count(*) FROM audit WHERE entity = 'availability'"), 1);

	/* bad input names the member and changes nothing */
	static const struct { const char *json, *field; } bad[] = {
		{ "{\"min_minutes\":0}", "min_minutes" },
		{ "{\"min_minutes\":120,\"max_minutes\":60}", "max_minutes" },
		{ "{\"approval\":\"sometimes\"}", "approval" },
		{ "{\"colour\":1}", "colour" },
		{ "{\"hours\":[{\"weekday\":8,\"open\":\"09:00\",\"close\":\"17:00\"}]}", "hours[0].weekday" },
		{ "{\"hours\":[{\"weekday\":1,\"open\":\"9am\",\"close\":\"17:00\"}]}", "hours[0].open" },
		{ "{\"hours\":[{\"weekday\":1,\"open\":\"09:00\",\"close\":\"08:00\"}]}", "hours[0].close" },
		{ "{\"hours\":[{\"weekday\":1,\"open\":\"09:00\",\"close\":\"12:00\"},"
		  "{\"weekday\":1,\"open\":\"11:00\",\"close\":\"14:00\"}]}", "hours" },
		{ "{\"hours\":\"always\"}", "hours" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		memset(&e, 0, sizeof e);
		in = json_loads(bad[i].json, 0, NULL);
		assert_non_null(in);
		assert_int_equal(availability_update(&f->c, inst, in, T0, &e), -1);
		assert_int_equal(e.kind, DERR_INVALID);
		assert_string_equal(e.field, bad[i].field);
		json_decref(in);
	}
	assert_int_equal(fx_count(f, "SELECT count(*) FROM audit WHERE entity = 'availability'"), 1);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM opening_hours"), 0);
}

static void slots_show_free_and_taken_time(void **state)
{
	struct fx *f = *state;
	struct derr e = { 0 };
	struct slots sl;
	int64_t inst = instrument(f, 1, "open", "in_service");
	open_weekdays(f, inst, "\"approval\":\"none\",\"buffer_minutes\":30");
	assert_true(book(f, &f->member, req(inst, T0 + DAY + 10 * HOUR, T0 + DAY + 12 * HOUR),
			 T0, &e) > 0);
	f->c.user = NULL;
	/* Tuesday */
	assert_int_equal(slots_get(&f->c, inst, T0 + DAY, T0 + 2 * DAY, T0, &sl, &e), 0);
	assert_int_equal(sl.nopen, 1);
	assert_int_equal(sl.open[0].start, T0 + DAY + 9 * HOUR);
	assert_int_equal(sl.ntaken, 1);
	assert_int_equal(sl.taken[0].end, T0 + DAY + 12 * HOUR + 30 * 60);   /* with the buffer */
	assert_int_equal(sl.nfree, 2);
	assert_int_equal(sl.free[0].end, T0 + DAY + 10 * HOUR);
	assert_int_equal(sl.free[1].start, T0 + DAY + 12 * HOUR + 30 * 60);
	/* a week: five open days, the weekend closed */
	assert_int_equal(slots_get(&f->c, inst, T0, T0 + 7 * DAY, T0, &sl, &e), 0);
	assert_int_equal(sl.nopen, 5);
	/* any range up to a year; a longer one or a reversed one is refused */
	assert_int_equal(slots_get(&f->c, inst, T0, T0 + 366 * DAY, T0, &sl, &e), 0);
	assert_int_equal(slots_get(&f->c, inst, T0, T0 + 367 * DAY, T0, &sl, &e), -1);
	assert_string_equal(e.field, "to");
	assert_int_equal(slots_get(&f->c, inst, T0 + DAY, T0, T0, &sl, &e), -1);
	assert_int_equal(slots_get(&f->c, 999, T0, T0 + DAY, T0, &sl, &e), -1);
	assert_int_equal(e.kind, DERR_NOT_FOUND);
}

/* ---- requests and their rules ---------------------------------------------- */

static void bad_requests_get_a_clear_error_and_change_nothing(void **state)
{
	struct fx *f = *state;
	struct derr e;
	int64_t inst = instrument(f, 1, "open", "in_service");
	int64_t retired = instrument(f, 1, "open", "retired");
	int64_t internal = instrument(f, 1, "internal", "in_service");
	int64_t mon = T0, tue = T0 + DAY, sat = T0 + 5 * DAY;
	open_weekdays(f, inst, "\"min_minutes\":60,\"max_minutes\":240,\"horizon_days\":30");
	open_weekdays(f, retired, NULL);
	open_weekdays(f, internal, NULL);
	{
		json_t *bl = json_pack("{s:I, s:I, s:s, s:s}", "start", (json_int_t)(tue + 13 * HOUR),
				       "end", (json_int_t)(tue + 15 * HOUR), "kind", "maintenance",
				       "reason", "更换灯丝");
		int64_t id;
		f->c.user = &f->orgadmin;
		assert_int_equal(blackout_create(&f->c, inst, bl, T0, &id, &e), 0);
		json_decref(bl);
	}
	assert_true(book(f, &f->member, req(inst, tue + 9 * HOUR, tue + 10 * HOUR), T0, &e) > 0);

	static const struct {
		const char *what;
		int64_t start, end, now;
		enum derr_kind kind;
		const char *code, *field;
	} cases[] = {
		{ "in the past", 0, 0, 0, DERR_INVALID, "in_past", "start" },
		{ "end before start", 1, 0, 0, DERR_INVALID, "before_start", "end" },
		{ "outside opening hours", 2, 0, 0, DERR_INVALID, "outside_hours", "start" },
		{ "on a Saturday", 3, 0, 0, DERR_INVALID, "outside_hours", "start" },
		{ "inside a blackout", 4, 0, 0, DERR_INVALID, "blackout", "start" },
		{ "too short", 5, 0, 0, DERR_INVALID, "too_short", "end" },
		{ "too long", 6, 0, 0, DERR_INVALID, "too_long", "end" },
		{ "beyond the horizon", 7, 0, 0, DERR_INVALID, "beyond_horizon", "start" },
		{ "overlapping", 8, 0, 0, DERR_CONFLICT, "overlap", "start" },
	};
	const int64_t ranges[][2] = {
		{ mon + 9 * HOUR - DAY, mon + 10 * HOUR - DAY },
		{ tue + 11 * HOUR, tue + 10 * HOUR },
		{ tue + 16 * HOUR, tue + 18 * HOUR },
		{ sat + 10 * HOUR, sat + 11 * HOUR },
		{ tue + 14 * HOUR, tue + 16 * HOUR },
		{ tue + 11 * HOUR, tue + 11 * HOUR + 30 * 60 },
		{ tue + 9 * HOUR, tue + 9 * HOUR + 5 * HOUR },
		{ mon + 35 * DAY + 9 * HOUR, mon + 35 * DAY + 10 * HOUR },
		{ tue + 9 * HOUR + 30 * 60, tue + 11 * HOUR },
	};
	int64_t rows = fx_count(f, "SELECT count(*) FROM booking");
	int64_t audits = fx_count(f, "SELECT count(*) FROM audit");
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		assert_int_equal(book(f, &f->member, req(inst, ranges[i][0], ranges[i][1]), T0, &e), -1);
		if (e.kind != cases[i].kind || strcmp(e.code, cases[i].code) ||
		    strcmp(e.field, cases[i].field))
			fail_msg("%s: got %d %s %s (%s)", cases[i].what, e.kind, e.code, e.field, e.message);
		assert_true(strlen(e.message) > 10);
	}
	/* a retired instrument, one for its owner's use only, one that does not exist */
	assert_int_equal(book(f, &f->member, req(retired, tue + 11 * HOUR, tue + 12 * HOUR), T0, &e), -1);
	assert_int_equal(e.kind, DERR_CONFLICT);
	assert_string_equal(e.code, "retired");
	assert_int_equal(book(f, &m_org3, req(internal, tue + 11 * HOUR, tue + 12 * HOUR), T0, &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	assert_string_equal(e.code, "internal_only");
	assert_true(book(f, &f->member, req(internal, tue + 11 * HOUR, tue + 12 * HOUR), T0, &e) > 0);
	assert_int_equal(book(f, &f->member, req(999, tue + 11 * HOUR, tue + 12 * HOUR), T0, &e), -1);
	assert_int_equal(e.kind, DERR_INVALID);
	assert_string_equal(e.field, "instrument_id");
	/* malformed members */
	{
		json_t *in = req(inst, tue + 11 * HOUR, tue + 12 * HOUR);
		json_object_set_new(in, "start", json_string("next tuesday"));
		assert_int_equal(book(f, &f->member, in, T0, &e), -1);
		assert_string_equal(e.field, "start");
		in = req(inst, tue + 11 * HOUR, tue + 12 * HOUR);
		json_object_del(in, "purpose");
		assert_int_equal(book(f, &f->member, in, T0, &e), -1);
		assert_string_equal(e.field, "purpose");
		in = req(inst, tue + 11 * HOUR, tue + 12 * HOUR);
		json_object_set_new(in, "colour", json_string("red"));
		assert_int_equal(book(f, &f->member, in, T0, &e), -1);
		assert_string_equal(e.field, "colour");
		in = req(inst, tue + 11 * HOUR, tue + 12 * HOUR);
		json_object_set_new(in, "repeat", json_pack("{s:s, s:i}", "frequency", "weekly", "count", 99));
		assert_int_equal(book(f, &f->member, in, T0, &e), -1);
		assert_string_equal(e.field, "repeat.count");
		/* ISO 8601 with +08:00 is accepted too */
		in = req(inst, 0, 0);
		json_object_set_new(in, "start", json_string("2030-01-08T11:00:00+08:00"));
		json_object_set_new(in, "end", json_string("2030-01-08T12:00:00+08:00"));
		assert_true(book(f, &f->member, in, T0, &e) > 0);
	}
	/* a visitor and an account without an organisation */
	assert_int_equal(book(f, NULL, req(inst, tue + 15 * HOUR, tue + 16 * HOUR), T0, &e), -1);
	assert_int_equal(e.kind, DERR_UNAUTHORIZED);
	assert_int_equal(book(f, &coord_ah, req(inst, tue + 15 * HOUR, tue + 16 * HOUR), T0, &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	/* exactly the two good ones more: nothing else was written */
	assert_int_equal(fx_count(f, "SELECT count(*) FROM booking"), rows + 2);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM booking_series"), rows + 2);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM audit"), audits + 2);
}

static void buffers_count_as_held_time(void **state)
{
	struct fx *f = *state;
	struct derr e;
	int64_t inst = instrument(f, 1, "open", "in_service"), tue = T0 + DAY;
	open_weekdays(f, inst, "\"buffer_minutes\":30,\"approval\":\"none\"");
	assert_true(book(f, &f->member, req(inst, tue + 10 * HOUR, tue + 11 * HOUR), T0, &e) > 0);
	/* right after the end: inside the buffer */
	assert_int_equal(book(f, &m_org3, req(inst, tue + 11 * HOUR, tue + 12 * HOUR), T0, &e), -1);
	assert_string_equal(e.code, "overlap");
	assert_non_null(strstr(e.message, "buffer"));
	assert_int_equal(book(f, &m_org3, req(inst, tue + 11 * HOUR + 29 * 60, tue + 12 * HOUR), T0, &e), -1);
	/* after the buffer: free */
	assert_true(book(f, &m_org3, req(inst, tue + 11 * HOUR + 30 * 60, tue + 12 * HOUR), T0, &e) > 0);
	/* before: a booking ending exactly at the start, its own buffer reaching in */
	assert_int_equal(book(f, &m_org3, req(inst, tue + 9 * HOUR, tue + 10 * HOUR), T0, &e), -1);
	assert_true(book(f, &m_org3, req(inst, tue + 9 * HOUR, tue + 9 * HOUR + 30 * 60), T0, &e) > 0);
	assert_int_equal(overlaps(f), 0);
}

static void the_database_refuses_an_overlap_whoever_writes_it(void **state)
{
	struct fx *f = *state;
	struct derr e;
	char *msg = NULL;
	int64_t inst = instrument(f, 1, "open", "in_service"), tue = T0 + DAY;
	char sql[512];
	open_weekdays(f, inst, "\"approval\":\"none\"");
	assert_true(book(f, &f->member, req(inst, tue + 10 * HOUR, tue + 11 * HOUR), T0, &e) > 0);
	/* straight SQL, around the domain: the trigger says no */
	snprintf(sql, sizeof sql, "INSERT INTO booking(series_id, occurrence, instrument_id, account_id,"
		 " state, holds, start_at, end_at, hold_start, hold_end, fee_class, rate, no_show_at,"
		 " created_at, updated_at) VALUES (1, 2, %lld, 3, 'approved', 1, %lld, %lld, %lld, %lld,"
		 " 'internal', 0, 0, 0, 0)", (long long)inst, (long long)(tue + 10 * HOUR + 1800),
		 (long long)(tue + 12 * HOUR), (long long)(tue + 10 * HOUR + 1800), (long long)(tue + 12 * HOUR));
	assert_int_not_equal(sqlite3_exec(db_handle(f->c.db), sql, NULL, NULL, &msg), SQLITE_OK);
	assert_non_null(strstr(msg, "booking_overlap"));
	sqlite3_free(msg);
	/* and a row that holds must say so */
	assert_int_not_equal(sqlite3_exec(db_handle(f->c.db), "UPDATE booking SET holds = 0", NULL,
					  NULL, &msg), SQLITE_OK);
	sqlite3_free(msg);
}

/* ---- fee classes and approval ------------------------------------------------ */

static void fee_class_follows_the_organisations(void **state)
{
	struct fx *f = *state;
	struct derr e;
	struct booking b;
	int64_t inst = instrument(f, 1, "open", "in_service"), tue = T0 + DAY;
	open_weekdays(f, inst, "\"fee_cross_region\":300,\"approval\":\"none\"");
	static const struct { const struct account *who; const char *cls; double rate; } cases[] = {
		{ NULL, "internal", 100 }, { &m_org3, "external", 200 }, { &m_org2, "cross_region", 300 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct account *who = cases[i].who ? cases[i].who : &f->member;
		int64_t s = book(f, who, req(inst, tue + (9 + (int64_t)i * 2) * HOUR,
					     tue + (10 + (int64_t)i * 2) * HOUR), T0, &e);
		assert_true(s > 0);
		f->c.user = who;
		assert_int_equal(booking_get(&f->c, row_of(f, s), T0, &b, &e), 0);
		assert_string_equal(b.fee_class, cases[i].cls);
		assert_true(b.rate == cases[i].rate);
		assert_string_equal(b.state, "approved");
	}
	/* without a cross-region rate the external one applies */
	{
		json_t *in = json_pack("{s:n}", "fee_cross_region");
		f->c.user = &f->orgadmin;
		assert_int_equal(availability_update(&f->c, inst, in, T0, &e), 0);
		json_decref(in);
		int64_t s = book(f, &m_org2, req(inst, tue + 15 * HOUR, tue + 16 * HOUR), T0, &e);
		f->c.user = &m_org2;
		assert_int_equal(booking_get(&f->c, row_of(f, s), T0, &b, &e), 0);
		assert_true(b.rate == 200);
	}
}

static void approval_rules_trained_users_and_cost_limit(void **state)
{
	struct fx *f = *state;
	struct derr e;
	int64_t inst = instrument(f, 1, "open", "in_service"), tue = T0 + DAY, s;
	open_weekdays(f, inst, "\"approval\":\"untrained\",\"approve_below\":150");
	/* 2 h internal = 200 yuan: above the limit, untrained: waits */
	s = book(f, &f->member, req(inst, tue + 9 * HOUR, tue + 11 * HOUR), T0, &e);
	assert_string_equal(state_of(f, row_of(f, s)), "requested");
	/* the owner was told */
	assert_int_equal(fx_count(f, "SELECT count(*) FROM notification WHERE account_id = 2"
				     " AND kind = 'request_received'"), 1);
	/* 1 h internal = 100 yuan: below the limit: approved at once */
	s = book(f, &f->member, req(inst, tue + 12 * HOUR, tue + 13 * HOUR), T0, &e);
	assert_string_equal(state_of(f, row_of(f, s)), "approved");
	/* once trained, approved at once whatever it costs */
	{
		json_t *in = json_pack("{s:s, s:b}", "username", "m", "trained", 1);
		f->c.user = &f->member;
		assert_int_equal(trained_set(&f->c, inst, in, T0, &e), -1);   /* not the owner */
		assert_int_equal(e.kind, DERR_FORBIDDEN);
		f->c.user = &f->orgadmin;
		memset(&e, 0, sizeof e);
		assert_int_equal(trained_set(&f->c, inst, in, T0, &e), 0);
		json_decref(in);
	}
	s = book(f, &f->member, req(inst, tue + 14 * HOUR, tue + 17 * HOUR), T0, &e);
	assert_string_equal(state_of(f, row_of(f, s)), "approved");
	/* conditional sharing: outsiders always wait */
	{
		int64_t cond = instrument(f, 1, "conditional", "in_service");
		open_weekdays(f, cond, "\"approval\":\"none\"");
		s = book(f, &m_org3, req(cond, tue + 9 * HOUR, tue + 10 * HOUR), T0, &e);
		assert_string_equal(state_of(f, row_of(f, s)), "requested");
		s = book(f, &f->member, req(cond, tue + 11 * HOUR, tue + 12 * HOUR), T0, &e);
		assert_string_equal(state_of(f, row_of(f, s)), "approved");
	}
}

/* ---- the state machine --------------------------------------------------------- */

static void request_approve_check_in_out_fee_and_rating(void **state)
{
	struct fx *f = *state;
	struct derr e;
	struct booking b;
	int64_t inst = instrument(f, 1, "open", "in_service"), tue = T0 + DAY;
	open_weekdays(f, inst, "\"fee_cross_region\":300");
	int64_t id = row_of(f, book(f, &m_org2, req(inst, tue + 9 * HOUR, tue + 12 * HOUR), T0, &e));
	assert_string_equal(state_of(f, id), "requested");
	/* the requester cannot approve, another organisation's admin neither */
	assert_int_equal(act(f, &m_org2, id, BOOKING_APPROVE, NULL, T0, &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	assert_int_equal(act(f, &oa_org2, id, BOOKING_APPROVE, NULL, T0, &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	/* nor can they read it */
	f->c.user = &m_org3;
	assert_int_equal(booking_get(&f->c, id, T0, &b, &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	/* check-in needs an approval first */
	assert_int_equal(act(f, &f->orgadmin, id, BOOKING_CHECK_IN, NULL, tue + 9 * HOUR, &e), -1);
	assert_string_equal(e.code, "wrong_state");
	assert_int_equal(act(f, &f->orgadmin, id, BOOKING_APPROVE, NULL, T0, &e), 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM notification WHERE account_id = 4 AND kind = 'approved'"), 1);
	/* approving twice */
	assert_int_equal(act(f, &f->orgadmin, id, BOOKING_APPROVE, NULL, T0, &e), -1);
	assert_int_equal(e.kind, DERR_CONFLICT);
	assert_string_equal(e.code, "wrong_state");
	/* checking in before the start */
	assert_int_equal(act(f, &f->orgadmin, id, BOOKING_CHECK_IN, NULL, tue + 9 * HOUR - 60, &e), -1);
	assert_string_equal(e.code, "not_started");
	assert_int_equal(act(f, &f->orgadmin, id, BOOKING_CHECK_IN, NULL, tue + 9 * HOUR + 10 * 60, &e), 0);
	/* checked in: cannot be cancelled or approved */
	assert_int_equal(act(f, &m_org2, id, BOOKING_CANCEL, "{}", tue + 10 * HOUR, &e), -1);
	assert_string_equal(e.code, "wrong_state");
	/* checking out at 11:40: 2.5 h checked in, cross-region 300/h = 750 yuan */
	assert_int_equal(act(f, &f->orgadmin, id, BOOKING_CHECK_OUT, NULL, tue + 11 * HOUR + 40 * 60, &e), 0);
	f->c.user = &m_org2;
	assert_int_equal(booking_get(&f->c, id, tue + 12 * HOUR, &b, &e), 0);
	assert_string_equal(b.state, "completed");
	assert_int_equal(b.fee_fen, 75000);
	assert_int_equal(b.checked_out_at - b.checked_in_at, 150 * 60);
	/* the slot after the check-out is free again */
	assert_int_equal(fx_count(f, "SELECT holds FROM booking WHERE id = (SELECT max(id) FROM booking)"), 0);
	/* the requester rates it, once, 1-5 */
	{
		json_t *in = json_pack("{s:i, s:s}", "rating", 6, "comment", "好");
		f->c.user = &m_org2;
		memset(&e, 0, sizeof e);
		assert_int_equal(booking_rate(&f->c, id, in, tue + 13 * HOUR, &e), -1);
		assert_string_equal(e.field, "rating");
		json_object_set_new(in, "rating", json_integer(5));
		f->c.user = &f->orgadmin;
		memset(&e, 0, sizeof e);
		assert_int_equal(booking_rate(&f->c, id, in, tue + 13 * HOUR, &e), -1);
		assert_int_equal(e.kind, DERR_FORBIDDEN);
		f->c.user = &m_org2;
		memset(&e, 0, sizeof e);
		assert_int_equal(booking_rate(&f->c, id, in, tue + 13 * HOUR, &e), 0);
		memset(&e, 0, sizeof e);
		assert_int_equal(booking_rate(&f->c, id, in, tue + 13 * HOUR, &e), -1);
		assert_string_equal(e.code, "already_rated");
		json_decref(in);
	}
	/* every step left an audit entry */
	assert_int_equal(fx_count(f, "SELECT count(*) FROM audit WHERE entity = 'booking'"
				     " AND action IN ('approve', 'check-in', 'check-out', 'rate')"), 4);
}

static void checking_in_after_the_end_and_rejections(void **state)
{
	struct fx *f = *state;
	struct derr e;
	int64_t inst = instrument(f, 1, "open", "in_service"), tue = T0 + DAY;
	open_weekdays(f, inst, "\"approval\":\"none\",\"no_show_minutes\":120");
	int64_t id = row_of(f, book(f, &f->member, req(inst, tue + 9 * HOUR, tue + 10 * HOUR), T0, &e));
	assert_int_equal(act(f, &f->orgadmin, id, BOOKING_CHECK_IN, NULL, tue + 10 * HOUR, &e), -1);
	assert_string_equal(e.code, "ended");
	/* a rejection needs a reason, and frees the time */
	open_weekdays(f, inst, "\"approval\":\"required\"");
	id = row_of(f, book(f, &m_org3, req(inst, tue + 13 * HOUR, tue + 14 * HOUR), T0, &e));
	assert_int_equal(act(f, &f->orgadmin, id, BOOKING_REJECT, "{}", T0, &e), -1);
	assert_string_equal(e.field, "reason");
	assert_int_equal(act(f, &f->orgadmin, id, BOOKING_REJECT, "{\"reason\":\"样品不适合\"}", T0, &e), 0);
	assert_string_equal(state_of(f, id), "rejected");
	assert_int_equal(act(f, &f->orgadmin, id, BOOKING_REJECT, "{\"reason\":\"再次\"}", T0, &e), -1);
	assert_string_equal(e.code, "wrong_state");
	assert_true(book(f, &m_org2, req(inst, tue + 13 * HOUR, tue + 14 * HOUR), T0, &e) > 0);
	/* someone else cannot cancel it */
	id = row_of(f, book(f, &m_org3, req(inst, tue + 15 * HOUR, tue + 16 * HOUR), T0, &e));
	assert_int_equal(act(f, &f->member, id, BOOKING_CANCEL, "{}", T0, &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	assert_int_equal(act(f, &m_org3, id, BOOKING_CANCEL, "{\"reason\":\"改期\"}", T0, &e), 0);
	assert_int_equal(act(f, &m_org3, id, BOOKING_CANCEL, "{}", T0, &e), -1);
	assert_string_equal(e.code, "wrong_state");
	assert_int_equal(act(f, &m_org3, 9999, BOOKING_CANCEL, "{}", T0, &e), -1);
	assert_int_equal(e.kind, DERR_NOT_FOUND);
}

/* ---- series and groups ------------------------------------------------------------ */

static void recurring_series_all_or_none_and_instances_alone(void **state)
{
	struct fx *f = *state;
	struct derr e;
	struct booking_series s;
	struct booking *rows;
	size_t n;
	int64_t inst = instrument(f, 1, "open", "in_service"), tue = T0 + DAY, sid, third;
	open_weekdays(f, inst, "\"approval\":\"none\",\"horizon_days\":60");
	/* someone holds the third Tuesday */
	assert_true(book(f, &m_org3, req(inst, tue + 14 * DAY + 10 * HOUR, tue + 14 * DAY + 11 * HOUR),
			 T0, &e) > 0);
	json_t *in = req(inst, tue + 10 * HOUR, tue + 12 * HOUR);
	json_object_set_new(in, "repeat", json_pack("{s:s, s:i}", "frequency", "weekly", "count", 4));
	assert_int_equal(book(f, &f->member, json_deep_copy(in), T0, &e), -1);
	assert_string_equal(e.code, "overlap");
	assert_non_null(strstr(e.message, "occurrence 3 of 4"));
	assert_int_equal(fx_count(f, "SELECT count(*) FROM booking WHERE account_id = 3"), 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM booking_series WHERE account_id = 3"), 0);
	/* a weekly series reaching beyond the 60-day horizon: every rule is
	 * checked for every occurrence before the overlap */
	json_object_set_new(in, "repeat", json_pack("{s:s, s:i}", "frequency", "weekly", "count", 12));
	assert_int_equal(book(f, &f->member, json_deep_copy(in), T0, &e), -1);
	assert_string_equal(e.code, "beyond_horizon");
	assert_non_null(strstr(e.message, "occurrence 10 of 12"));
	/* every other day from Tuesday falls on a Saturday... */
	json_object_set_new(in, "start", json_integer(tue + 12 * HOUR));
	json_object_set_new(in, "end", json_integer(tue + 13 * HOUR));
	json_object_set_new(in, "repeat", json_pack("{s:s, s:i, s:i}", "frequency", "daily", "every", 2, "count", 3));
	assert_int_equal(book(f, &f->member, json_deep_copy(in), T0, &e), -1);
	assert_string_equal(e.code, "outside_hours");
	assert_non_null(strstr(e.message, "occurrence 3 of 3"));
	/* daily Tuesday-Friday is fine */
	json_object_set_new(in, "repeat", json_pack("{s:s, s:i}", "frequency", "daily", "count", 4));
	sid = book(f, &f->member, in, T0, &e);
	assert_true(sid > 0);
	f->c.user = &f->member;
	assert_int_equal(booking_series_get(&f->c, sid, T0, &s, &rows, &n, &e), 0);
	assert_int_equal(n, 4);
	assert_int_equal(s.occurrences, 4);
	assert_int_equal(rows[3].start_at, tue + 3 * DAY + 12 * HOUR);
	third = rows[2].id;
	/* move the third alone, to the afternoon */
	in = json_pack("{s:I, s:I}", "start", (json_int_t)(tue + 2 * DAY + 15 * HOUR),
		       "end", (json_int_t)(tue + 2 * DAY + 16 * HOUR));
	f->c.user = &f->member;
	memset(&e, 0, sizeof e);
	assert_int_equal(booking_move(&f->c, third, in, T0, &e), 0);
	json_decref(in);
	/* onto someone's time: refused */
	in = json_pack("{s:I, s:I}", "start", (json_int_t)(tue + 14 * DAY + 10 * HOUR),
		       "end", (json_int_t)(tue + 14 * DAY + 11 * HOUR));
	memset(&e, 0, sizeof e);
	assert_int_equal(booking_move(&f->c, third, in, T0, &e), -1);
	assert_string_equal(e.code, "overlap");
	json_decref(in);
	assert_int_equal(booking_series_get(&f->c, sid, T0, &s, &rows, &n, &e), 0);
	assert_int_equal(rows[2].start_at, tue + 2 * DAY + 15 * HOUR);
	assert_int_equal(rows[1].start_at, tue + 1 * DAY + 12 * HOUR);   /* the others stay */
	/* cancel the second alone, then the rest of the series */
	assert_int_equal(act(f, &f->member, rows[1].id, BOOKING_CANCEL, "{}", T0, &e), 0);
	assert_string_equal(state_of(f, rows[1].id), "cancelled");
	assert_string_equal(state_of(f, rows[0].id), "approved");
	assert_int_equal(act(f, &f->member, rows[0].id, BOOKING_CANCEL, "{\"scope\":\"series\"}", T0, &e), 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM booking WHERE account_id = 3 AND state = 'cancelled'"), 4);
	assert_int_equal(overlaps(f), 0);
}

static void several_instruments_at_once_all_or_none(void **state)
{
	struct fx *f = *state;
	struct derr e;
	int64_t a = instrument(f, 1, "open", "in_service"), b = instrument(f, 1, "open", "in_service");
	int64_t c2 = instrument(f, 2, "open", "in_service"), tue = T0 + DAY, sid;
	open_weekdays(f, a, "\"approval\":\"none\"");
	open_weekdays(f, b, "\"approval\":\"none\"");
	open_weekdays(f, c2, NULL);
	assert_true(book(f, &m_org3, req(b, tue + 11 * HOUR, tue + 12 * HOUR), T0, &e) > 0);
	json_t *in = json_pack("{s:[I, I], s:I, s:I, s:s}", "instruments", (json_int_t)a, (json_int_t)b,
			       "start", (json_int_t)(tue + 10 * HOUR), "end", (json_int_t)(tue + 12 * HOUR),
			       "purpose", "制样与表征");
	assert_int_equal(book(f, &f->member, json_deep_copy(in), T0, &e), -1);
	assert_string_equal(e.code, "overlap");
	assert_int_equal(fx_count(f, "SELECT count(*) FROM booking WHERE account_id = 3"), 0);
	json_object_set_new(in, "start", json_integer(tue + 13 * HOUR));
	json_object_set_new(in, "end", json_integer(tue + 15 * HOUR));
	json_object_set_new(in, "instruments", json_pack("[I, I, I]", (json_int_t)a, (json_int_t)b, (json_int_t)c2));
	sid = book(f, &f->member, json_deep_copy(in), T0, &e);
	assert_true(sid > 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM booking WHERE account_id = 3 AND holds = 1"), 3);
	/* the other organisation's admin rejects theirs: the whole slot goes */
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT id FROM booking WHERE series_id = %lld AND instrument_id = %lld",
		 (long long)sid, (long long)c2);
	assert_int_equal(act(f, &oa_org2, fx_count(f, sql), BOOKING_REJECT, "{\"reason\":\"检修\"}", T0, &e), 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM booking WHERE account_id = 3 AND holds = 1"), 0);
	/* duplicates and too many are refused */
	json_object_set_new(in, "instruments", json_pack("[I, I]", (json_int_t)a, (json_int_t)a));
	assert_int_equal(book(f, &f->member, json_deep_copy(in), T0, &e), -1);
	assert_string_equal(e.field, "instruments");
	json_object_set_new(in, "instrument_id", json_integer(a));
	assert_int_equal(book(f, &f->member, in, T0, &e), -1);
	assert_string_equal(e.field, "instruments");
}

/* ---- the sweep: no-shows, expiry, reminders, the waitlist ------------------------ */

static void no_shows_are_released_lazily(void **state)
{
	struct fx *f = *state;
	struct derr e;
	struct booking b;
	int changed;
	int64_t inst = instrument(f, 1, "open", "in_service"), tue = T0 + DAY;
	open_weekdays(f, inst, "\"approval\":\"none\",\"no_show_minutes\":15");
	/* booked the same morning: no reminders in the way */
	int64_t id = row_of(f, book(f, &f->member, req(inst, tue + 9 * HOUR, tue + 11 * HOUR), tue + 8 * HOUR, &e));
	int64_t req_id = row_of(f, book(f, &m_org3, req(inst, tue + 13 * HOUR, tue + 14 * HOUR), tue + 8 * HOUR, &e));
	fx_sql(f, "UPDATE booking SET state = 'requested', due_at = no_show_at WHERE id = (SELECT max(id) FROM booking)");
	/* nothing is due yet */
	f->c.user = NULL;
	assert_int_equal(booking_sweep(&f->c, tue + 9 * HOUR + 14 * 60, &changed, &e), 0);
	assert_int_equal(changed, 0);
	/* reading the booking at 09:15 releases it, without any timer */
	f->c.user = &f->member;
	assert_int_equal(booking_get(&f->c, id, tue + 9 * HOUR + 15 * 60, &b, &e), 0);
	assert_string_equal(b.state, "no_show");
	assert_int_equal(fx_count(f, "SELECT count(*) FROM notification WHERE kind = 'no_show' AND account_id = 3"), 1);
	/* the rest of its time is free for someone else */
	assert_true(book(f, &m_org3, req(inst, tue + 9 * HOUR + 30 * 60, tue + 10 * HOUR + 30 * 60),
			 tue + 9 * HOUR + 16 * 60, &e) > 0);
	/* an undecided request expires at its no-show time (and the 09:30
	 * booking, never checked in, is a no-show by then too) */
	assert_int_equal(booking_sweep(&f->c, tue + 13 * HOUR + 15 * 60, &changed, &e), 0);
	assert_int_equal(changed, 2);
	assert_string_equal(state_of(f, req_id), "expired");
	assert_int_equal(fx_count(f, "SELECT count(*) FROM audit WHERE actor = 'system' AND action IN ('no_show', 'expired')"), 3);
}

static void reminders_come_a_day_ahead(void **state)
{
	struct fx *f = *state;
	struct derr e;
	int changed;
	int64_t inst = instrument(f, 1, "open", "in_service"), thu = T0 + 3 * DAY;
	open_weekdays(f, inst, "\"approval\":\"none\"");
	book(f, &f->member, req(inst, thu + 10 * HOUR, thu + 11 * HOUR), T0, &e);
	f->c.user = NULL;
	assert_int_equal(booking_sweep(&f->c, thu + 10 * HOUR - 24 * HOUR - 1, &changed, &e), 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM notification WHERE kind = 'reminder'"), 0);
	assert_int_equal(booking_sweep(&f->c, thu + 10 * HOUR - 24 * HOUR, &changed, &e), 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM notification WHERE kind = 'reminder' AND account_id = 3"), 1);
	assert_int_equal(booking_sweep(&f->c, thu + 9 * HOUR, &changed, &e), 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM notification WHERE kind = 'reminder'"), 1);
	/* the inbox shows it, and marks it read */
	{
		struct notification *ns;
		size_t n;
		int64_t total, unread, ch;
		f->c.user = &f->member;
		assert_int_equal(inbox_list(&f->c, 0, 1, 20, thu, &ns, &n, &total, &unread, &e), 0);
		assert_int_equal(unread, 1);
		assert_string_equal(ns[0].kind, "reminder");
		assert_non_null(strstr(notification_text(f->c.a, &ns[0], "zh"), "提醒"));
		assert_int_equal(inbox_read(&f->c, 0, thu, &ch, &e), 0);
		assert_int_equal(ch, 1);
		assert_int_equal(inbox_list(&f->c, 1, 1, 20, thu, &ns, &n, &total, &unread, &e), 0);
		assert_int_equal(n, 0);
	}
}

static void the_waitlist_offers_a_freed_slot_first_come_first(void **state)
{
	struct fx *f = *state;
	struct derr e;
	int64_t inst = instrument(f, 1, "open", "in_service"), tue = T0 + DAY;
	open_weekdays(f, inst, "\"approval\":\"none\"");
	int64_t held = row_of(f, book(f, &f->member, req(inst, tue + 10 * HOUR, tue + 12 * HOUR), T0, &e));
	json_t *in = req(inst, tue + 10 * HOUR, tue + 11 * HOUR);
	json_object_set_new(in, "waitlist", json_true());
	int64_t w1 = row_of(f, book(f, &m_org3, json_deep_copy(in), T0, &e));
	int64_t w2 = row_of(f, book(f, &m_org2, in, T0 + 60, &e));
	assert_string_equal(state_of(f, w1), "waitlisted");
	assert_string_equal(state_of(f, w2), "waitlisted");
	/* a waitlist is for one instrument and one occurrence */
	in = req(inst, tue + 10 * HOUR, tue + 11 * HOUR);
	json_object_set_new(in, "waitlist", json_true());
	json_object_set_new(in, "repeat", json_pack("{s:s, s:i}", "frequency", "daily", "count", 2));
	assert_int_equal(book(f, &m_org3, in, T0, &e), -1);
	assert_string_equal(e.field, "waitlist");
	/* the holder cancels: the first in line is offered it and told */
	assert_int_equal(act(f, &f->member, held, BOOKING_CANCEL, "{}", T0 + 120, &e), 0);
	assert_string_equal(state_of(f, w1), "offered");
	assert_string_equal(state_of(f, w2), "waitlisted");
	assert_int_equal(fx_count(f, "SELECT count(*) FROM notification WHERE kind = 'waitlist_offer' AND account_id = 5"), 1);
	/* only its requester may accept; the offer lapses after two hours */
	assert_int_equal(act(f, &m_org2, w1, BOOKING_ACCEPT, NULL, T0 + 130, &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	f->c.user = NULL;
	int changed;
	assert_int_equal(booking_sweep(&f->c, T0 + 120 + BOOKING_OFFER_TTL, &changed, &e), 0);
	assert_string_equal(state_of(f, w1), "expired");
	assert_string_equal(state_of(f, w2), "offered");   /* the next one */
	assert_int_equal(act(f, &m_org2, w2, BOOKING_ACCEPT, NULL, T0 + 200 + BOOKING_OFFER_TTL, &e), 0);
	assert_string_equal(state_of(f, w2), "approved");
	assert_int_equal(act(f, &m_org2, w2, BOOKING_DECLINE, NULL, T0 + 300 + BOOKING_OFFER_TTL, &e), -1);
	assert_string_equal(e.code, "wrong_state");
	assert_int_equal(overlaps(f), 0);
}

/* ---- figures and statements ------------------------------------------------------- */

/* Books, approves, checks in and out: a completed booking of `hours`. */
static void use(struct fx *f, const struct account *who, int64_t inst, int64_t day, int64_t hours,
		int rating)
{
	struct derr e;
	int64_t start = day + 9 * HOUR;
	int64_t id = row_of(f, book(f, who, req(inst, start, start + hours * HOUR), start - DAY, &e));
	assert_true(id > 0);
	assert_int_equal(act(f, &f->admin, id, BOOKING_CHECK_IN, NULL, start, &e), 0);
	assert_int_equal(act(f, &f->admin, id, BOOKING_CHECK_OUT, NULL, start + hours * HOUR, &e), 0);
	if (rating) {
		json_t *in = json_pack("{s:i}", "rating", rating);
		f->c.user = who;
		memset(&e, 0, sizeof e);
		assert_int_equal(booking_rate(&f->c, id, in, start + hours * HOUR, &e), 0);
		json_decref(in);
	}
}

static void sharing_figures_count_like_the_evaluation(void **state)
{
	struct fx *f = *state;
	struct sharing_figures fig;
	struct derr e = { 0 };
	int64_t a = instrument(f, 1, "open", "in_service"), b = instrument(f, 1, "open", "in_service");
	int64_t c2 = instrument(f, 2, "open", "in_service");
	open_weekdays(f, a, "\"approval\":\"none\",\"fee_cross_region\":300,\"quota_class\":\"specialised\"");
	open_weekdays(f, b, "\"approval\":\"none\"");
	open_weekdays(f, c2, "\"approval\":\"none\"");
	use(f, &f->member, a, T0 + DAY, 4, 5);          /* internal 4 h */
	use(f, &m_org1b, a, T0 + 2 * DAY, 2, 0);        /* internal 2 h, another user */
	use(f, &m_org3, a, T0 + 3 * DAY, 3, 4);         /* external 3 h */
	use(f, &m_org2, a, T0 + 4 * DAY, 1, 3);         /* cross-region 1 h */
	use(f, &m_org2, b, T0 + 7 * DAY, 2, 0);         /* cross-region 2 h on b */
	use(f, &f->member, c2, T0 + 8 * DAY, 5, 0);     /* org 1's user on org 2's */

	f->c.user = NULL;
	assert_int_equal(sharing_figures_get(&f->c, SHARING_INSTRUMENT, a, NULL, 2030,
					     cst_year_start(2031), &fig, &e), 0);
	assert_int_equal(fig.effective_s, 10 * HOUR);
	assert_int_equal(fig.external_s, 4 * HOUR);
	assert_int_equal(fig.cross_s, 1 * HOUR);
	assert_true(fig.sharing_rate > 0.399 && fig.sharing_rate < 0.401);
	assert_int_equal(fig.users, 4);
	assert_int_equal(fig.orgs, 3);
	assert_int_equal(fig.external_orgs, 2);
	assert_int_equal(fig.income_fen, (4 * 100 + 2 * 100 + 3 * 200 + 1 * 300) * 100);
	assert_int_equal(fig.ratings, 3);
	assert_true(fig.rating_avg > 3.99 && fig.rating_avg < 4.01);
	assert_string_equal(fig.quota_class, "specialised");
	assert_int_equal(fig.quota_hours, 800);
	assert_true(fig.under);
	/* the organisation: a and b (c2 is org 2's) */
	assert_int_equal(sharing_figures_get(&f->c, SHARING_ORG, 1, NULL, 2030, cst_year_start(2031), &fig, &e), 0);
	assert_int_equal(fig.instruments, 2);
	assert_int_equal(fig.effective_s, 12 * HOUR);
	assert_int_equal(fig.cross_s, 3 * HOUR);
	assert_int_equal(fig.under_quota, 2);
	assert_int_equal(fig.users, 4);
	/* the region of Anhui has org 1's; Jiangsu org 2's */
	assert_int_equal(sharing_figures_get(&f->c, SHARING_REGION, 0, "320000", 2030, cst_year_start(2031), &fig, &e), 0);
	assert_int_equal(fig.effective_s, 5 * HOUR);
	assert_int_equal(fig.cross_s, 5 * HOUR);
	assert_int_equal(sharing_figures_get(&f->c, SHARING_CITY, 0, "340100", 2030, cst_year_start(2031), &fig, &e), 0);
	assert_int_equal(fig.effective_s, 12 * HOUR);
	assert_int_equal(sharing_figures_get(&f->c, SHARING_ALL, 0, NULL, 2030, cst_year_start(2031), &fig, &e), 0);
	assert_int_equal(fig.effective_s, 17 * HOUR);
	assert_int_equal(fig.users, 4);
	/* another year has nothing */
	assert_int_equal(sharing_figures_get(&f->c, SHARING_ORG, 1, NULL, 2029, cst_year_start(2031), &fig, &e), 0);
	assert_int_equal(fig.effective_s, 0);
	assert_int_equal(sharing_figures_get(&f->c, SHARING_ORG, 99, NULL, 2030, T0, &fig, &e), -1);
	assert_int_equal(e.kind, DERR_NOT_FOUND);
	assert_int_equal(sharing_figures_get(&f->c, SHARING_ORG, 1, NULL, 1900, T0, &fig, &e), -1);
	assert_string_equal(e.field, "year");
	/* the running sums equal a recount from the bookings */
	int64_t before = fx_count(f, "SELECT sum(effective_s * 7 + external_s * 5 + cross_s * 3 + income_fen"
				     " + rating_sum * 11 + ratings) FROM usage_year");
	assert_int_equal(store_usage_rebuild(f->c.db), 0);
	assert_int_equal(fx_count(f, "SELECT sum(effective_s * 7 + external_s * 5 + cross_s * 3 + income_fen"
				     " + rating_sum * 11 + ratings) FROM usage_year"), before);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM usage_user"), 6);
	/* the report: under-used instruments, for those allowed */
	{
		struct sharing_query q = { .year = 2030, .under_quota = 1, .ascending = 1, .page = 1, .per_page = 20 };
		struct usage_row *rows;
		size_t n;
		int64_t total;
		f->c.user = &f->member;
		assert_int_equal(sharing_report(&f->c, &q, cst_year_start(2031), &rows, &n, &total, &e), -1);
		assert_int_equal(e.kind, DERR_FORBIDDEN);
		f->c.user = &coord_ah;
		memset(&e, 0, sizeof e);
		assert_int_equal(sharing_report(&f->c, &q, cst_year_start(2031), &rows, &n, &total, &e), 0);
		assert_int_equal(total, 2);                  /* Anhui's two; Jiangsu's is not theirs */
		assert_int_equal(rows[0].instrument_id, b);  /* fewest hours first */
		q.region = "320000";
		assert_int_equal(sharing_report(&f->c, &q, cst_year_start(2031), &rows, &n, &total, &e), -1);
		assert_int_equal(e.kind, DERR_FORBIDDEN);
	}
	/* mid-year the quota is pro-rated: 1,400 h × 1/2 */
	{
		int64_t g, s;
		double frac;
		sharing_quotas(2030, (cst_year_start(2030) + cst_year_start(2031)) / 2, &g, &s, &frac);
		assert_int_equal(g / 3600, 700);
		assert_int_equal(s / 3600, 400);
	}
}

static void statements_as_csv_and_xlsx(void **state)
{
	struct fx *f = *state;
	struct statement st;
	struct derr e = { 0 };
	struct buf csv = BUF_INIT, xlsx = BUF_INIT;
	int64_t a = instrument(f, 1, "open", "in_service");
	open_weekdays(f, a, "\"approval\":\"none\",\"fee_cross_region\":300");
	use(f, &m_org3, a, T0 + DAY, 3, 0);
	use(f, &m_org2, a, T0 + 2 * DAY, 2, 0);
	f->c.user = &f->member;
	assert_int_equal(statement_get(&f->c, 1, "2030-01", T0, &st, &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	f->c.user = &f->orgadmin;
	memset(&e, 0, sizeof e);
	assert_int_equal(statement_get(&f->c, 1, "2030-13", T0, &st, &e), -1);
	assert_string_equal(e.field, "month");
	memset(&e, 0, sizeof e);
	assert_int_equal(statement_get(&f->c, 1, "2030-01", T0, &st, &e), 0);
	assert_int_equal(st.n, 2);
	assert_int_equal(st.total_fen, (3 * 200 + 2 * 300) * 100);
	assert_int_equal(st.class_fen[2], 600 * 100);
	assert_int_equal(statement_csv(&st, &csv), 0);
	assert_memory_equal(csv.s, "\xEF\xBB\xBF", 3);
	assert_non_null(strstr(csv.s, "芜湖测试公司"));
	assert_non_null(strstr(csv.s, ",cross_region,"));
	assert_non_null(strstr(csv.s, "1200.00\r\n"));
	assert_int_equal(statement_xlsx(&st, &xlsx, &e), 0);
	assert_true(xlsx.len > 1000);
	assert_memory_equal(xlsx.s, "PK", 2);    /* a zip, as XLSX is */
	buf_release(&csv);
	buf_release(&xlsx);
	/* another month is empty; the coordinator of the region may read it */
	f->c.user = &coord_ah;
	assert_int_equal(statement_get(&f->c, 1, "2030-02", T0, &st, &e), 0);
	assert_int_equal(st.n, 0);
}

/* ---- atomicity and concurrency ----------------------------------------------------- */

static void a_failed_audit_leaves_no_booking(void **state)
{
	struct fx *f = *state;
	struct derr e;
	int64_t inst = instrument(f, 1, "open", "in_service"), tue = T0 + DAY;
	open_weekdays(f, inst, "\"approval\":\"none\"");
	fx_audit_fails(f, 1);
	json_t *in = json_pack("{s:[I], s:I, s:I, s:s, s:{s:s, s:i}}", "instruments", (json_int_t)inst,
			       "start", (json_int_t)(tue + 10 * HOUR), "end", (json_int_t)(tue + 11 * HOUR),
			       "purpose", "x", "repeat", "frequency", "daily", "count", 3);
	assert_int_equal(book(f, &f->member, in, T0, &e), -1);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM booking"), 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM booking_series"), 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM notification"), 0);
	fx_audit_fails(f, 0);
	assert_true(book(f, &f->member, req(inst, tue + 10 * HOUR, tue + 11 * HOUR), T0, &e) > 0);
}

struct racer {
	const char *path;
	int64_t inst[2];
	int64_t base;
	int n, won, busy, lost, other;
	pthread_barrier_t *go;
};

static void *race(void *arg)
{
	struct racer *r = arg;
	char err[256];
	struct store *s = store_open(r->path, 1, 0, err, sizeof err);
	struct arena a = ARENA_INIT;
	struct account who = { .id = 3, .username = "m", .role = "member", .org_id = 1 };
	struct ctx c = { .db = store_acquire(s), .a = &a, .user = &who, .client = "racer" };
	pthread_barrier_wait(r->go);
	for (int k = 0; k < r->n; k++) {
		struct derr e = { 0 };
		int64_t sid;
		/* 1-hour slots on Tuesday and Wednesday; every racer tries each:
		 * singles, pairs of instruments, and weekly series */
		int slot = k % 16;
		int64_t day = r->base + (slot < 8 ? 0 : DAY), start = day + (9 + slot % 8) * HOUR;
		json_t *in;
		if (k % 3 == 0)
			in = json_pack("{s:I, s:I, s:I, s:s}", "instrument_id", (json_int_t)r->inst[0],
				       "start", (json_int_t)start, "end", (json_int_t)(start + HOUR), "purpose", "race");
		else if (k % 3 == 1)
			in = json_pack("{s:[I, I], s:I, s:I, s:s}", "instruments", (json_int_t)r->inst[0],
				       (json_int_t)r->inst[1], "start", (json_int_t)start,
				       "end", (json_int_t)(start + HOUR), "purpose", "race");
		else
			in = json_pack("{s:I, s:I, s:I, s:s, s:{s:s, s:i}}", "instrument_id",
				       (json_int_t)r->inst[1], "start", (json_int_t)start,
				       "end", (json_int_t)(start + HOUR), "purpose", "race",
				       "repeat", "frequency", "weekly", "count", 3);
		if (booking_create(&c, in, T0, &sid, &e) == 0)
			r->won++;
		else if (e.kind == DERR_BUSY)
			r->busy++;
		else if (e.kind == DERR_CONFLICT)
			r->lost++;
		else
			r->other++;
		json_decref(in);
		arena_free(&a);
	}
	store_release(s, c.db);
	store_close(s);
	return NULL;
}

static void threads_racing_for_the_same_slots_never_overlap(void **state)
{
	struct fx *f = *state;
	enum { THREADS = 8, EACH = 48 };
	struct racer r[THREADS];
	pthread_t th[THREADS];
	pthread_barrier_t go;
	int64_t a = instrument(f, 1, "open", "in_service"), b = instrument(f, 1, "open", "in_service");
	int won = 0, busy = 0, lost = 0, other = 0;
	open_weekdays(f, a, "\"approval\":\"none\"");
	open_weekdays(f, b, "\"approval\":\"none\",\"horizon_days\":60");
	pthread_barrier_init(&go, NULL, THREADS);
	for (int i = 0; i < THREADS; i++) {
		r[i] = (struct racer){ .path = f->path, .inst = { a, b }, .base = T0 + DAY, .n = EACH, .go = &go };
		pthread_create(&th[i], NULL, race, &r[i]);
	}
	for (int i = 0; i < THREADS; i++) {
		pthread_join(th[i], NULL);
		won += r[i].won;
		busy += r[i].busy;
		lost += r[i].lost;
		other += r[i].other;
	}
	pthread_barrier_destroy(&go);
	assert_int_equal(busy, 0);
	assert_int_equal(other, 0);
	assert_int_equal(won + lost, THREADS * EACH);
	assert_true(won >= 16 && won <= 32);
	assert_int_equal(overlaps(f), 0);
	/* every slot of instrument a on Tuesday/Wednesday is taken exactly once */
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM booking WHERE instrument_id = %lld AND holds = 1", (long long)a);
	assert_int_equal(fx_count(f, sql), 16);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cst_dates_and_iso),
		cmocka_unit_test_setup_teardown(availability_is_the_owners, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(slots_show_free_and_taken_time, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(bad_requests_get_a_clear_error_and_change_nothing, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(buffers_count_as_held_time, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(the_database_refuses_an_overlap_whoever_writes_it, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(fee_class_follows_the_organisations, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(approval_rules_trained_users_and_cost_limit, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(request_approve_check_in_out_fee_and_rating, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(checking_in_after_the_end_and_rejections, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(recurring_series_all_or_none_and_instances_alone, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(several_instruments_at_once_all_or_none, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(no_shows_are_released_lazily, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(reminders_come_a_day_ahead, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(the_waitlist_offers_a_freed_slot_first_come_first, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(sharing_figures_count_like_the_evaluation, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(statements_as_csv_and_xlsx, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(a_failed_audit_leaves_no_booking, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(threads_racing_for_the_same_slots_never_overlap, setup, fx_teardown),
	};
	T0 = cst_day_start(cst_days_from_civil(2030, 1, 7));
	return cmocka_run_group_tests(tests, NULL, NULL);
}
