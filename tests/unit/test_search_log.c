/*
 * test_search_log.c — the search items' change log (migration 9,
 * store/search.h): every insert, delete and update of an item (activity
 * and vis too) moves search_clock.docs by one and logs the item, in the
 * record's own transaction; store_search_changes gives each logged item
 * once with its row as it is now, store_search_scan every item; the log
 * is trimmed to SEARCH_LOG_KEEP entries, emptied by a rebuild, and left
 * alone by a transaction that rolls back.  The same writes on SQLite and
 * (with SHENRONG_TEST_PG set, as scripts/pg-test.sh does) PostgreSQL log
 * the same.
 */
#include "unit.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "domain/instrument.h"
#include "store/search.h"
#include "fixture.h"

/* ---- helpers ------------------------------------------------------------- */

#define MAX_ROWS 64

/* What a callback saw, copied (the row's strings live only during it). */
struct seen {
	struct arena *a;
	size_t n;
	int stop_after;              /* return 7 after this many rows; 0: never */
	struct search_doc_row r[MAX_ROWS];
};

static const char *copy(struct arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

static int collect(void *arg, const struct search_doc_row *r)
{
	struct seen *s = arg;
	struct search_doc_row *c;
	if (s->n == MAX_ROWS)
		return 99;
	c = &s->r[s->n++];
	*c = *r;
	c->kind = copy(s->a, r->kind);
	c->region_code = copy(s->a, r->region_code);
	c->city_code = copy(s->a, r->city_code);
	c->category = copy(s->a, r->category);
	c->region2 = copy(s->a, r->region2);
	c->name = copy(s->a, r->name);
	c->name_en = copy(s->a, r->name_en);
	c->subtitle = copy(s->a, r->subtitle);
	c->body = copy(s->a, r->body);
	return s->stop_after && (int)s->n == s->stop_after ? 7 : 0;
}

static int64_t docs(struct db *db)
{
	struct search_clock k;
	assert_int_equal(store_search_clock(db, &k), 0);
	return k.docs;
}

/* store_search_changes since `since` into s (emptied first); returns upto */
static int64_t changes(struct db *db, int64_t since, struct seen *s)
{
	int64_t upto = -12345;
	s->n = 0;
	assert_int_equal(store_search_changes(db, since, &upto, collect, s), 0);
	for (size_t i = 1; i < s->n; i++)
		assert_true(s->r[i - 1].id < s->r[i].id);          /* id order, each once */
	return upto;
}

static const struct search_doc_row *row_of(const struct seen *s, int64_t id)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->r[i].id == id)
			return &s->r[i];
	return NULL;
}

static int64_t add_instrument(struct fx *f, const char *name, int64_t org)
{
	struct derr e = { 0 };
	int64_t id = 0;
	json_t *in = json_pack("{s:s, s:s, s:I, s:I}", "name_zh", name, "category", "analytical",
			       "value_cny", (json_int_t)1000000, "org_id", (json_int_t)org);
	f->c.user = &f->admin;
	assert_int_equal(instrument_create(&f->c, in, &id, &e), 0);
	json_decref(in);
	return id;
}

static int64_t log_rows(struct fx *f)
{
	return fx_count(f, "SELECT count(*) FROM search_log");
}

/* ---- the clock and the log follow the records ---------------------------- */

static void each_changed_item_moves_the_clock_once_and_is_logged(void **state)
{
	struct fx *f = *state;
	struct seen s = { .a = &f->a };
	const struct search_doc_row *r;
	char sql[256];
	int64_t d0 = docs(f->c.db), d, inst, item;

	/* a record saved through the program: one new item */
	inst = add_instrument(f, "拉曼光谱仪", 1);
	item = inst * 16 + 1;
	assert_int_equal(docs(f->c.db), d0 + 1);
	assert_int_equal(changes(f->c.db, d0, &s), d0 + 1);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.r[0].id, item);
	assert_string_equal(s.r[0].kind, "instrument");
	assert_string_equal(s.r[0].name, "拉曼光谱仪");
	assert_int_equal(s.r[0].org_id, 1);
	assert_int_equal(s.r[0].org2_id, 0);                   /* NULL */
	assert_null(s.r[0].region2);
	assert_int_equal(fx_count(f, "SELECT max(seq) FROM search_log"), d0 + 1);

	/* activity only (a check-in's hours): one */
	d = docs(f->c.db);
	snprintf(sql, sizeof sql, "INSERT INTO usage_year(instrument_id, year, effective_s)"
		 " VALUES (%lld, CAST(strftime('%%Y', 'now') AS INTEGER), 1800000)", (long long)inst);
	fx_sql(f, sql);
	assert_int_equal(docs(f->c.db), d + 1);
	assert_int_equal(changes(f->c.db, d, &s), d + 1);
	assert_int_equal(s.n, 1);
	assert_true(s.r[0].activity > 0.49 && s.r[0].activity < 0.51);

	/* vis only: one */
	d = docs(f->c.db);
	fx_sql(f, "UPDATE search_item SET vis = 1 WHERE id = 34");
	assert_int_equal(docs(f->c.db), d + 1);
	assert_int_equal(changes(f->c.db, d, &s), d + 1);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.r[0].id, 34);
	assert_int_equal(s.r[0].vis, 1);

	/* a text column and another in one update: once, with both */
	d = docs(f->c.db);
	fx_sql(f, "UPDATE search_item SET name = '红外光谱仪', activity = 0.75 WHERE id = 18");
	assert_int_equal(docs(f->c.db), d + 1);
	assert_int_equal(changes(f->c.db, d, &s), d + 1);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.r[0].id, 18);
	assert_string_equal(s.r[0].name, "红外光谱仪");
	assert_true(s.r[0].activity == 0.75);

	/* two rows in one statement: two; an update that changes nothing: none */
	d = docs(f->c.db);
	fx_sql(f, "UPDATE search_item SET year = 2020 WHERE id IN (18, 34)");
	assert_int_equal(docs(f->c.db), d + 2);
	fx_sql(f, "UPDATE search_item SET year = 2020 WHERE id IN (18, 34)");
	fx_sql(f, "UPDATE search_item SET name = name");
	assert_int_equal(docs(f->c.db), d + 2);

	/* a record deleted: its item is gone, logged with no row */
	fx_sql(f, "DELETE FROM usage_year");
	d = docs(f->c.db);
	fx_sql(f, "DELETE FROM instrument");
	assert_int_equal(docs(f->c.db), d + 1);
	assert_int_equal(changes(f->c.db, d, &s), d + 1);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.r[0].id, item);
	assert_null(s.r[0].kind);
	assert_null(s.r[0].name);

	/* everything since the start: each item once, as it is now */
	d = docs(f->c.db);
	assert_int_equal(changes(f->c.db, d0, &s), d);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.r[0].id, item);      /* 17 */
	assert_null(s.r[0].kind);
	r = row_of(&s, 18);
	assert_non_null(r);
	assert_string_equal(r->kind, "org");
	assert_string_equal(r->name, "红外光谱仪");
	assert_int_equal(r->year, 2020);
	assert_true(r->activity == 0.75);
	assert_string_equal(r->region_code, "340000");
	assert_string_equal(r->city_code, "340100");
	r = row_of(&s, 34);
	assert_non_null(r);
	assert_int_equal(r->vis, 1);
	assert_int_equal(r->org_id, 2);
	/* the log holds every change since the database was made */
	assert_int_equal(log_rows(f), d);
	assert_int_equal(fx_count(f, "SELECT min(seq) FROM search_log"), 1);

	/* nothing new: no rows, upto stays */
	assert_int_equal(changes(f->c.db, d, &s), d);
	assert_int_equal(s.n, 0);
	/* a caller's stop is returned */
	s.stop_after = 1;
	s.n = 0;
	{
		int64_t upto = -1;
		assert_int_equal(store_search_changes(f->c.db, d0, &upto, collect, &s), 7);
	}
	assert_int_equal(s.n, 1);
}

static void a_scan_gives_every_item_in_id_order(void **state)
{
	struct fx *f = *state;
	struct seen s = { .a = &f->a };
	const struct search_doc_row *r;
	int64_t inst = add_instrument(f, "原子力显微镜", 2);

	fx_sql(f, "UPDATE search_item SET org2_id = 1, region2 = '310000', body = NULL WHERE id = 18");
	assert_int_equal(store_search_scan(f->c.db, collect, &s), 0);
	assert_int_equal(s.n, 3);
	assert_int_equal((int64_t)s.n, fx_count(f, "SELECT count(*) FROM search_item"));
	assert_int_equal(s.r[0].id, inst * 16 + 1);
	assert_int_equal(s.r[1].id, 18);
	assert_int_equal(s.r[2].id, 34);
	r = &s.r[0];
	assert_string_equal(r->kind, "instrument");
	assert_string_equal(r->category, "analytical");
	assert_string_equal(r->name, "原子力显微镜");
	assert_null(r->name_en);
	assert_non_null(r->subtitle);
	assert_string_equal(r->region_code, "320000");
	assert_int_equal(r->org_id, 2);
	assert_int_equal(r->vis, 0);
	r = &s.r[1];
	assert_int_equal(r->org2_id, 1);
	assert_string_equal(r->region2, "310000");
	assert_null(r->body);
	assert_string_equal(r->name_en, "Test University");
	/* a non-zero return stops the scan and is returned */
	s.n = 0;
	s.stop_after = 2;
	assert_int_equal(store_search_scan(f->c.db, collect, &s), 7);
	assert_int_equal(s.n, 2);
}

/* Counts rows, checking that ids only grow. */
struct tally {
	int64_t n, last, gone;
};

static int tally(void *arg, const struct search_doc_row *r)
{
	struct tally *t = arg;
	if (t->n && r->id <= t->last)
		return 1;
	t->n++;
	t->last = r->id;
	t->gone += !r->kind;
	return 0;
}

/* Both read in pages (a few thousand rows): nothing lost or repeated at
 * the pages' edges. */
static void many_items_are_read_whole(void **state)
{
	struct fx *f = *state;
	struct tally t = { 0 };
	int64_t d0 = docs(f->c.db), upto;

	fx_sql(f, "INSERT INTO search_item(id, kind, ref_id, vis, activity, name)"
		  " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)"
		  " SELECT 1000 + i * 16, 'project', 1000 + i, 0, 0.0, '项目' || i FROM n");
	fx_sql(f, "DELETE FROM search_item WHERE id % 32 = 8");     /* every other one */
	assert_int_equal(docs(f->c.db), d0 + 7500);
	assert_int_equal(store_search_scan(f->c.db, tally, &t), 0);
	assert_int_equal(t.n, 2502);                                /* with the fixture's two */
	memset(&t, 0, sizeof t);
	assert_int_equal(store_search_changes(f->c.db, d0, &upto, tally, &t), 0);
	assert_int_equal(upto, d0 + 7500);
	assert_int_equal(t.n, 5000);
	assert_int_equal(t.gone, 2500);
}

/* The log keeps the last SEARCH_LOG_KEEP entries: the clock is moved on
 * by hand (search_clock has no triggers) so that the next change trims
 * what lies SEARCH_LOG_KEEP or more behind it. */
static void the_log_is_trimmed_to_its_last_entries(void **state)
{
	struct fx *f = *state;
	char sql[256];
	int64_t d0 = docs(f->c.db), d;

	fx_sql(f, "UPDATE search_item SET activity = 0.1 WHERE id = 18");
	fx_sql(f, "UPDATE search_item SET activity = 0.2 WHERE id = 18");
	fx_sql(f, "UPDATE search_item SET activity = 0.1 WHERE id = 34");
	snprintf(sql, sizeof sql, "SELECT count(*) FROM search_log WHERE seq > %lld", (long long)d0);
	assert_int_equal(fx_count(f, sql), 3);                  /* d0+1 .. d0+3 */
	assert_true(log_rows(f) > 3);                           /* and the fixture's */
	/* the next change is d0 + 2 + KEEP: d0+1 and d0+2 fall out, d0+3 stays */
	snprintf(sql, sizeof sql, "UPDATE search_clock SET docs = %lld",
		 (long long)(d0 + 1 + SEARCH_LOG_KEEP));
	fx_sql(f, sql);
	fx_sql(f, "UPDATE search_item SET activity = 0.3 WHERE id = 18");
	d = docs(f->c.db);
	assert_int_equal(d, d0 + 2 + SEARCH_LOG_KEEP);
	assert_int_equal(log_rows(f), 2);
	assert_int_equal(fx_count(f, "SELECT min(seq) FROM search_log"), d0 + 3);
	assert_int_equal(fx_count(f, "SELECT max(seq) FROM search_log"), d);
	assert_int_equal(fx_count(f, "SELECT id FROM search_log WHERE seq = (SELECT docs FROM search_clock)"), 18);
	/* exactly SEARCH_LOG_KEEP behind is still covered */
	{
		struct seen s = { .a = &f->a };
		assert_int_equal(changes(f->c.db, d - SEARCH_LOG_KEEP, &s), d);
		assert_int_equal(s.n, 2);
	}
}

static void a_rebuild_empties_the_log_and_moves_the_clock_past_it(void **state)
{
	struct fx *f = *state;
	struct seen s = { .a = &f->a };
	struct search_clock k0, k1;
	int64_t n, upto = -1;

	add_instrument(f, "X射线衍射仪", 1);
	fx_sql(f, "UPDATE search_item SET vis = 1 WHERE id = 18");
	assert_true(log_rows(f) > 0);
	assert_int_equal(store_search_clock(f->c.db, &k0), 0);
	assert_int_equal(store_begin(f->c.db), 0);
	assert_int_equal(store_search_rebuild(f->c.db, &n), 0);
	assert_int_equal(store_commit(f->c.db), 0);
	assert_int_equal(n, 3);
	assert_int_equal(store_search_clock(f->c.db, &k1), 0);
	assert_int_equal(k1.docs, k0.docs + SEARCH_LOG_KEEP + 1);
	assert_int_equal(k1.names, k0.names + 1);
	assert_int_equal(k1.epoch, k0.epoch);
	assert_int_equal(log_rows(f), 0);
	assert_int_equal(fx_count(f, "SELECT bulk FROM search_clock"), 0);
	/* a reader at the old clock is too far behind: changes refuses (and
	 * logs an error line: expected) */
	assert_true(k1.docs - k0.docs > SEARCH_LOG_KEEP);
	assert_true(store_search_changes(f->c.db, k0.docs, &upto, collect, &s) < 0);
	/* the next change is logged after the new clock */
	fx_sql(f, "UPDATE search_item SET activity = 0.5 WHERE id = 34");
	assert_int_equal(changes(f->c.db, k1.docs, &s), k1.docs + 1);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.r[0].id, 34);
}

static void a_rolled_back_write_leaves_clock_and_log_alone(void **state)
{
	struct fx *f = *state;
	struct derr e = { 0 };
	struct search_clock k0, k1;
	int64_t id = 0, logged;
	json_t *in;

	fx_sql(f, "UPDATE search_item SET activity = 0.1 WHERE id = 18");
	assert_int_equal(store_search_clock(f->c.db, &k0), 0);
	logged = log_rows(f);
	/* the store's transaction, rolled back */
	assert_int_equal(store_begin(f->c.db), 0);
	fx_sql(f, "UPDATE search_item SET activity = 0.9 WHERE id = 18");
	fx_sql(f, "DELETE FROM search_item WHERE id = 34");
	assert_int_equal(docs(f->c.db), k0.docs + 2);           /* seen inside */
	store_rollback(f->c.db);
	assert_int_equal(store_search_clock(f->c.db, &k1), 0);
	assert_int_equal(k1.docs, k0.docs);
	assert_int_equal(log_rows(f), logged);
	assert_int_equal(fx_count(f, "SELECT max(seq) FROM search_log"), k0.docs);
	/* a save that fails half-way (its audit row refused) */
	in = json_pack("{s:s, s:s, s:I, s:I}", "name_zh", "回滚测试仪", "category", "analytical",
		       "value_cny", (json_int_t)1000000, "org_id", (json_int_t)1);
	fx_audit_fails(f, 1);
	f->c.user = &f->admin;
	assert_int_equal(instrument_create(&f->c, in, &id, &e), -1);
	json_decref(in);
	assert_int_equal(store_search_clock(f->c.db, &k1), 0);
	assert_int_equal(k1.docs, k0.docs);
	assert_int_equal(log_rows(f), logged);
}

/* ---- the same writes on both backends ------------------------------------ */

/* Portable writes, each in its own transaction; what each does to the
 * clock and the log is checked, and recorded for comparing backends. */
static const char *const script[] = {
	"INSERT INTO region VALUES ('bj', '北京', 'Beijing', 1);"
	"INSERT INTO city VALUES ('bj', 'bj', '北京', 'Beijing', 1)",
	"INSERT INTO org(kind, name_zh, name_en, region_code, city_code, created_at, updated_at)"
	" VALUES ('university', '清华大学', NULL, 'bj', 'bj', 0, 0)",
	"INSERT INTO org(kind, name_zh, name_en, region_code, city_code, parent_id, created_at,"
	" updated_at) VALUES ('lab', '实验室', 'Lab', 'bj', 'bj', 1, 0, 0)",
	"INSERT INTO instrument(kind, category, name_zh, name_en, value_cny, org_id, region_code,"
	" city_code, status, sharing, created_at, updated_at) VALUES ('instrument', 'em', '透射电镜',"
	" 'TEM', 1, 2, 'bj', 'bj', 'in_service', 'open', 0, 0)",
	"UPDATE search_item SET activity = 0.25 WHERE id = 17",
	"UPDATE search_item SET vis = 1 WHERE id = 18",
	"UPDATE search_item SET activity = 0.25 WHERE id = 17",
	"UPDATE search_item SET name = '实验室二' WHERE id = 34",
	"UPDATE org SET name_en = 'Tsinghua' WHERE id = 1",
	"DELETE FROM instrument",
};
/* per step: how far the clock moves, and the items it logs (sorted) */
static const struct {
	int moves;
	int64_t ids[6];
} expect[] = {
	{ 0, { 0 } },
	{ 1, { 18 } },
	{ 1, { 34 } },
	{ 1, { 17 } },
	{ 1, { 17 } },
	{ 1, { 18 } },
	{ 0, { 0 } },
	{ 1, { 34 } },
	/* the organisation re-derived (delete + insert), its child too (the
	 * parent's name is in the subtitle) */
	{ 4, { 18, 18, 34, 34 } },
	{ 1, { 17 } },
};

static int id_cmp(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return a < b ? -1 : a > b;
}

struct trace {
	char text[4096];             /* what happened, for comparing backends */
	size_t len;
};

static void trace_add(struct trace *t, const char *s)
{
	size_t n = strlen(s);
	assert_true(t->len + n < sizeof t->text);
	memcpy(t->text + t->len, s, n + 1);
	t->len += n;
}

static void run_script(struct db *db, struct arena *a, struct trace *t)
{
	struct seen s = { .a = a };
	char line[256];
	int64_t d0 = docs(db), n;
	for (size_t i = 0; i < sizeof script / sizeof script[0]; i++) {
		int64_t d = docs(db), ids[8];
		size_t m = 0;
		struct db_stmt *st;
		assert_int_equal(store_begin(db), 0);
		if (db_exec(db, script[i]) < 0)
			fail_msg("step %zu: %s", i, db_errmsg(db));
		assert_int_equal(store_commit(db), 0);
		assert_int_equal(docs(db), d + expect[i].moves);
		/* seq d+1 .. d+moves, each once */
		st = db_prepare(db, "SELECT seq, id FROM search_log WHERE seq > ? ORDER BY seq");
		assert_non_null(st);
		db_bind_int(st, 1, d);
		while (db_step(st) == DB_ROW) {
			assert_true(m < 8);
			assert_int_equal(db_col_int(st, 0), d + 1 + (int64_t)m);
			ids[m++] = db_col_int(st, 1);
		}
		db_finalize(st);
		assert_int_equal(m, (size_t)expect[i].moves);
		qsort(ids, m, sizeof ids[0], id_cmp);
		for (size_t k = 0; k < m; k++)
			assert_int_equal(ids[k], expect[i].ids[k]);
		snprintf(line, sizeof line, "step %zu: +%d\n", i, expect[i].moves);
		trace_add(t, line);
	}
	/* what a reader at the start gets now */
	assert_int_equal(changes(db, d0, &s), docs(db));
	assert_int_equal(s.n, 3);
	for (size_t i = 0; i < s.n; i++) {
		const struct search_doc_row *r = &s.r[i];
		snprintf(line, sizeof line, "%lld %s %s %s %s %s %lld %lld %lld %d %.3f %s %s %s %s\n",
			 (long long)r->id, r->kind ? r->kind : "-", r->region_code ? r->region_code : "-",
			 r->city_code ? r->city_code : "-", r->category ? r->category : "-",
			 r->region2 ? r->region2 : "-", (long long)r->org_id, (long long)r->org2_id,
			 (long long)r->year, r->vis, r->activity, r->name ? r->name : "-",
			 r->name_en ? r->name_en : "-", r->subtitle ? r->subtitle : "-",
			 r->body ? r->body : "-");
		trace_add(t, line);
	}
	assert_null(s.r[0].kind);                 /* 17: the instrument, deleted */
	assert_string_equal(s.r[1].name_en, "Tsinghua");
	assert_int_equal(s.r[1].vis, 0);          /* re-derived from its view */
	assert_string_equal(s.r[2].name, "实验室");
	/* a rolled-back write */
	n = docs(db);
	assert_int_equal(store_begin(db), 0);
	assert_int_equal(db_exec(db, "UPDATE search_item SET activity = 0.5"), 0);
	store_rollback(db);
	assert_int_equal(docs(db), n);
	/* a rebuild */
	assert_int_equal(store_begin(db), 0);
	assert_int_equal(store_search_rebuild(db, &n), 0);
	assert_int_equal(store_commit(db), 0);
	assert_int_equal(n, 2);
	assert_int_equal(db_scalar_int(db_stmt(db, "SELECT count(*) FROM search_log"), -1), 0);
	s.n = 0;
	assert_int_equal(store_search_scan(db, collect, &s), 0);
	assert_int_equal(s.n, 2);
	snprintf(line, sizeof line, "rebuilt: %lld items, clock +%lld\n", (long long)n,
		 (long long)(docs(db) - d0));
	trace_add(t, line);
}

/* Opens a migrated store on path (a file, or a PostgreSQL URI). */
static struct store *open_store(const char *path, struct db **db)
{
	char err[256];
	int applied;
	struct store *st = store_open(path, 1, 1, err, sizeof err);
	if (!st)
		fail_msg("store_open %s: %s", path, err);
	*db = store_acquire(st);
	assert_non_null(*db);
	assert_int_equal(store_migrate(*db, &applied), 0);
	return st;
}

/* The script on a fresh SQLite file, its trace in t. */
static void sqlite_trace(struct arena *a, struct trace *t)
{
	char path[64], wal[80];
	struct store *st;
	struct db *db;
	snprintf(path, sizeof path, "/tmp/shenrong-unit-XXXXXX");
	close(mkstemp(path));
	unlink(path);
	st = open_store(path, &db);
	run_script(db, a, t);
	store_release(st, db);
	store_close(st);
	unlink(path);
	snprintf(wal, sizeof wal, "%s-wal", path);
	unlink(wal);
	snprintf(wal, sizeof wal, "%s-shm", path);
	unlink(wal);
}

static void writes_log_as_expected(void **state)
{
	struct arena a = ARENA_INIT;
	struct trace *t = calloc(1, sizeof *t);
	char want[64];
	int moves = 0;
	(void)state;
	assert_non_null(t);
	sqlite_trace(&a, t);
	for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++)
		moves += expect[i].moves;
	snprintf(want, sizeof want, "rebuilt: 2 items, clock +%lld\n",
		 (long long)moves + SEARCH_LOG_KEEP + 1);
	assert_non_null(strstr(t->text, want));
	free(t);
	arena_free(&a);
}

/* The same script on PostgreSQL (SHENRONG_TEST_PG: the server's socket
 * folder, as scripts/pg-test.sh exports it), in a database of its own,
 * gives the same trace. */
static void the_same_writes_log_the_same_on_postgresql(void **state)
{
	const char *pg = getenv("SHENRONG_TEST_PG");
	const char *user = getenv("SHENRONG_TEST_PG_USER");
	struct arena a = ARENA_INIT;
	struct trace *lite, *pgt;
	char url[512], sql[128], name[64], err[256];
	struct store *st;
	struct db *db, *admin;
	(void)state;

	if (!pg || !*pg)
		skip();
	if (!user || !*user)
		user = "postgres";
	lite = calloc(1, sizeof *lite);
	pgt = calloc(1, sizeof *pgt);
	assert_non_null(lite);
	assert_non_null(pgt);
	sqlite_trace(&a, lite);
	snprintf(name, sizeof name, "shenrong_unit_log_%d", (int)getpid());
	snprintf(url, sizeof url, "postgresql://%s@/postgres?host=%s", user, pg);
	if (!(admin = db_open(url, 0, err, sizeof err)))
		fail_msg("%s: %s", url, err);
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s", name);
	assert_int_equal(db_exec(admin, sql), 0);
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
	assert_int_equal(db_exec(admin, sql), 0);
	snprintf(url, sizeof url, "postgresql://%s@/%s?host=%s", user, name, pg);
	st = open_store(url, &db);
	run_script(db, &a, pgt);
	store_release(st, db);
	store_close(st);
	snprintf(sql, sizeof sql, "DROP DATABASE %s", name);
	assert_int_equal(db_exec(admin, sql), 0);
	db_close(admin);
	if (strcmp(lite->text, pgt->text) != 0)
		fail_msg("SQLite:\n%s\nPostgreSQL:\n%s", lite->text, pgt->text);
	free(lite);
	free(pgt);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(each_changed_item_moves_the_clock_once_and_is_logged,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(a_scan_gives_every_item_in_id_order, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(many_items_are_read_whole, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(the_log_is_trimmed_to_its_last_entries, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(a_rebuild_empties_the_log_and_moves_the_clock_past_it,
						fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(a_rolled_back_write_leaves_clock_and_log_alone,
						fx_setup, fx_teardown),
		cmocka_unit_test(writes_log_as_expected),
		cmocka_unit_test(the_same_writes_log_the_same_on_postgresql),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
