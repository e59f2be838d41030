/*
 * sqlite.c — the SQLite implementation of db.h.
 *
 * One struct db per connection; a connection is used by one thread at a
 * time (the store pool hands them out).  Prepared statements are cached per
 * connection in a small open-addressing table keyed by the SQL literal's
 * address, so the hot path never re-parses SQL.
 */
#include <sqlite3.h>
#include <time.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/log.h"
#include "store/db_impl.h"
#include "store/fts_tokenizer.h"
#include "core/banned.h"

#define CACHE_SLOTS 256   /* power of two; more distinct SQL strings than we have */
#define BUSY_TIMEOUT_MS 10000

static const struct db_ops sqlite_ops;

struct db_stmt {
	const struct db_ops *ops;
	sqlite3_stmt *st;
	struct db *db;
};

struct db {
	struct db_base base;
	sqlite3 *h;
	struct timespec busy_since;
	struct {
		const char *sql;
		struct db_stmt s;
	} cache[CACHE_SLOTS];
};

/* Waiting for the write lock: short sleeps (0.1 ms growing to 2 ms) rather
 * than SQLite's default 1, 2, 5 ... 100 ms, so that a busy moment does not
 * leave a request asleep long after the lock came free; gives up after
 * BUSY_TIMEOUT_MS like sqlite3_busy_timeout. */
static int busy_wait(void *arg, int n)
{
	struct db *db = arg;
	struct timespec now, pause;
	long waited_ms, us = 100L << (n < 5 ? n : 5);
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (n == 0)
		db->busy_since = now;
	waited_ms = (now.tv_sec - db->busy_since.tv_sec) * 1000 +
		    (now.tv_nsec - db->busy_since.tv_nsec) / 1000000;
	if (waited_ms >= BUSY_TIMEOUT_MS)
		return 0;
	if (us > 2000)
		us = 2000;
	pause.tv_sec = 0;
	pause.tv_nsec = us * 1000;
	nanosleep(&pause, NULL);
	return 1;
}

static int64_t lite_data_version(struct db *db)
{
	return db_scalar_int(db_stmt(db, "PRAGMA data_version"), -1);
}

static int map_rc(struct db *db, int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK: return DB_OK;
	case SQLITE_ROW: return DB_ROW;
	case SQLITE_DONE: return DB_DONE;
	case SQLITE_CONSTRAINT: return DB_CONSTRAINT;
	case SQLITE_BUSY: case SQLITE_LOCKED:
		log_warn("db: busy: %s", sqlite3_errmsg(db->h));
		return DB_BUSY;
	default:
		log_warn("db: %s (%d)", sqlite3_errmsg(db->h), rc);
		return DB_ERR;
	}
}

struct db *sqlite_open(const char *path, int create, char *err, size_t errlen)
{
	struct db *db = calloc(1, sizeof *db);
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;

	if (!db) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	db->base.ops = &sqlite_ops;
	if (create)
		flags |= SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(path, &db->h, flags, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "cannot open %s: %s", path,
			 db->h ? sqlite3_errmsg(db->h) : "out of memory");
		goto fail;
	}
	sqlite3_extended_result_codes(db->h, 0);
	sqlite3_busy_handler(db->h, busy_wait, db);
	if (db_exec(db, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;"
		    " PRAGMA synchronous=NORMAL; PRAGMA cache_size=-32000;"
		    " PRAGMA temp_store=MEMORY;") < 0) {
		snprintf(err, errlen, "cannot configure %s: %s", path,
			 sqlite3_errmsg(db->h));
		goto fail;
	}
	if (fts_tokenizer_register(db->h) < 0) {
		snprintf(err, errlen, "cannot register the text tokenizer");
		goto fail;
	}
	return db;
fail:
	db_close(db);
	return NULL;
}

static void lite_close(struct db *db)
{
	if (!db)
		return;
	for (size_t i = 0; i < CACHE_SLOTS; i++)
		if (db->cache[i].sql)
			sqlite3_finalize(db->cache[i].s.st);
	/* keeps the planner's statistics fresh, as SQLite advises */
	sqlite3_exec(db->h, "PRAGMA optimize", NULL, NULL, NULL);
	sqlite3_close(db->h);
	free(db);
}

static int lite_exec(struct db *db, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		log_warn("db: %s", msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return map_rc(db, rc) == DB_BUSY ? DB_BUSY : DB_ERR;
	}
	return DB_OK;
}

static int lite_begin(struct db *db, int write)
{
	return db_exec(db, write ? "BEGIN IMMEDIATE" : "BEGIN");
}

static int lite_commit(struct db *db, int wrote)
{
	(void)wrote;
	return db_exec(db, "COMMIT");
}

static void lite_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

static struct db_stmt *lite_stmt(struct db *db, const char *sql)
{
	size_t h = ((uintptr_t)sql >> 3) * 0x9E3779B97F4A7C15ull;
	size_t i = (h >> 20) & (CACHE_SLOTS - 1);

	for (size_t n = 0; n < CACHE_SLOTS; n++, i = (i + 1) & (CACHE_SLOTS - 1)) {
		if (db->cache[i].sql == sql)
			return &db->cache[i].s;
		if (!db->cache[i].sql) {
			sqlite3_stmt *st;
			if (sqlite3_prepare_v3(db->h, sql, -1,
					       SQLITE_PREPARE_PERSISTENT, &st, NULL)
			    != SQLITE_OK) {
				error("db: prepare: %s: %s", sqlite3_errmsg(db->h), sql);
				return NULL;
			}
			db->cache[i].sql = sql;
			db->cache[i].s.st = st;
			db->cache[i].s.db = db;
			db->cache[i].s.ops = &sqlite_ops;
			return &db->cache[i].s;
		}
	}
	error("db: statement cache full");
	return NULL;
}

static struct db_stmt *lite_prepare(struct db *db, const char *sql)
{
	struct db_stmt *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	if (sqlite3_prepare_v2(db->h, sql, -1, &s->st, NULL) != SQLITE_OK) {
		error("db: prepare: %s: %s", sqlite3_errmsg(db->h), sql);
		sqlite3_finalize(s->st);
		free(s);
		return NULL;
	}
	s->db = db;
	s->ops = &sqlite_ops;
	return s;
}

static void lite_finalize(struct db_stmt *st)
{
	if (!st)
		return;
	sqlite3_finalize(st->st);
	free(st);
}

static void lite_done(struct db_stmt *st)
{
	if (!st)
		return;
	sqlite3_reset(st->st);
	sqlite3_clear_bindings(st->st);
}

static int lite_bind_int(struct db_stmt *st, int i, int64_t v)
{
	return sqlite3_bind_int64(st->st, i, v) == SQLITE_OK ? 0 : -1;
}

static int lite_bind_double(struct db_stmt *st, int i, double v)
{
	return sqlite3_bind_double(st->st, i, v) == SQLITE_OK ? 0 : -1;
}

static int lite_bind_textn(struct db_stmt *st, int i, const char *s, size_t n)
{
	if (!s)
		return db_bind_null(st, i);
	return sqlite3_bind_text64(st->st, i, s, n, SQLITE_TRANSIENT,
				   SQLITE_UTF8) == SQLITE_OK ? 0 : -1;
}

static int lite_bind_blob(struct db_stmt *st, int i, const void *p, size_t n)
{
	return sqlite3_bind_blob64(st->st, i, p, n, SQLITE_TRANSIENT) == SQLITE_OK ? 0 : -1;
}

static int lite_bind_null(struct db_stmt *st, int i)
{
	return sqlite3_bind_null(st->st, i) == SQLITE_OK ? 0 : -1;
}

static int lite_step(struct db_stmt *st)
{
	return map_rc(st->db, sqlite3_step(st->st));
}

static int lite_col_count(struct db_stmt *st)
{
	return sqlite3_column_count(st->st);
}

static int lite_col_isnull(struct db_stmt *st, int i)
{
	return sqlite3_column_type(st->st, i) == SQLITE_NULL;
}

static int64_t lite_col_int(struct db_stmt *st, int i)
{
	return sqlite3_column_int64(st->st, i);
}

static double lite_col_double(struct db_stmt *st, int i)
{
	return sqlite3_column_double(st->st, i);
}

static const char *lite_col_text(struct db_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st->st, i);
}

static const void *lite_col_blob(struct db_stmt *st, int i, size_t *n)
{
	const void *p = sqlite3_column_blob(st->st, i);
	*n = (size_t)sqlite3_column_bytes(st->st, i);
	return p;
}

static int64_t lite_last_id(struct db *db)
{
	return sqlite3_last_insert_rowid(db->h);
}

static int lite_changes(struct db *db)
{
	return sqlite3_changes(db->h);
}

static const char *lite_errmsg(struct db *db)
{
	return sqlite3_errmsg(db->h);
}

static void *lite_handle(struct db *db)
{
	return db->h;
}

static const struct db_ops sqlite_ops = {
	.backend = DB_SQLITE,
	.close = lite_close,
	.begin = lite_begin,
	.commit = lite_commit,
	.rollback = lite_rollback,
	.exec = lite_exec,
	.stmt = lite_stmt,
	.done = lite_done,
	.prepare = lite_prepare,
	.finalize = lite_finalize,
	.bind_int = lite_bind_int,
	.bind_double = lite_bind_double,
	.bind_textn = lite_bind_textn,
	.bind_blob = lite_bind_blob,
	.bind_null = lite_bind_null,
	.step = lite_step,
	.col_count = lite_col_count,
	.col_isnull = lite_col_isnull,
	.col_int = lite_col_int,
	.col_double = lite_col_double,
	.col_text = lite_col_text,
	.col_blob = lite_col_blob,
	.last_id = lite_last_id,
	.changes = lite_changes,
	.errmsg = lite_errmsg,
	.handle = lite_handle,
	.data_version = lite_data_version,
};
