/*
 * db.h — the driver interface under the store layer.
 *
 * Everything in src/store/ speaks SQL through these calls only.  Two
 * backends implement them (db_impl.h): SQLite (sqlite.c) for a file path and
 * PostgreSQL through libpq (pg.c) for a postgresql:// URI; the store
 * functions above stay as they are.  SQL uses `?` (or `?N`) placeholders;
 * values are always bound, never pasted.  Where the two dialects must
 * differ, DB_SQL() picks one of two literals.  Nothing outside src/store/
 * includes this.
 *
 * Statements come from a per-connection cache keyed by the SQL text's
 * address (pass string literals): db_stmt() returns a ready statement,
 * db_done() resets it for the next user.  A statement is used by one
 * caller at a time because a connection is.
 */
#ifndef STORE_DB_H
#define STORE_DB_H

#include <stddef.h>
#include <stdint.h>

struct db;
struct db_stmt;

#include "store/rc.h"


enum db_backend { DB_SQLITE = 1, DB_PG = 2 };

/* Opens a connection: a postgresql:// (or postgres://) URI goes to
 * PostgreSQL, anything else is a SQLite file path (created if missing when
 * create is set; WAL, foreign keys, the busy timeout).  NULL on failure,
 * with a reason in err. */
struct db *db_open(const char *path, int create, char *err, size_t errlen);
void db_close(struct db *db);
/* 1 if s names a PostgreSQL database rather than a file. */
int db_is_url(const char *s);
int db_backend(struct db *db);
/* The SQL for this connection's dialect; pass two string literals. */
#define DB_SQL(db, lite, pg) (db_backend(db) == DB_PG ? (pg) : (lite))


/* Transactions.  db_begin() starts a write transaction with the write lock
 * taken up front (SQLite: BEGIN IMMEDIATE; PostgreSQL: a transaction-level
 * advisory lock, the same one on every server), so write transactions run
 * one at a time and a writer never fails half-way with BUSY;
 * db_begin_read() a read snapshot.  Not nestable. */
int db_begin(struct db *db);
int db_begin_read(struct db *db);
int db_commit(struct db *db);
void db_rollback(struct db *db);
int db_in_txn(struct db *db);

/* Runs SQL text without parameters (migrations, pragmas). */
int db_exec(struct db *db, const char *sql);

struct db_stmt *db_stmt(struct db *db, const char *sql);
void db_done(struct db_stmt *st);
/* For SQL assembled at run time from fixed fragments (never from input):
 * an uncached statement, freed with db_finalize().  NULL on error. */
struct db_stmt *db_prepare(struct db *db, const char *sql);
void db_finalize(struct db_stmt *st);
int db_bind_int(struct db_stmt *st, int i, int64_t v);
int db_bind_double(struct db_stmt *st, int i, double v);
/* s may be NULL (binds NULL).  The text is copied. */
int db_bind_text(struct db_stmt *st, int i, const char *s);
int db_bind_textn(struct db_stmt *st, int i, const char *s, size_t n);
int db_bind_blob(struct db_stmt *st, int i, const void *p, size_t n);
int db_bind_null(struct db_stmt *st, int i);
/* Returns DB_ROW, DB_DONE or a negative db_rc.  A failed statement ends
 * the transaction on PostgreSQL (every later statement fails until the
 * rollback), so no caller may catch DB_CONSTRAINT and carry on in the same
 * transaction: look first, then write. */
int db_step(struct db_stmt *st);
int db_col_count(struct db_stmt *st);
int db_col_isnull(struct db_stmt *st, int i);
int64_t db_col_int(struct db_stmt *st, int i);
double db_col_double(struct db_stmt *st, int i);
/* Valid until the next step or db_done(); NULL for SQL NULL. */
const char *db_col_text(struct db_stmt *st, int i);
const void *db_col_blob(struct db_stmt *st, int i, size_t *n);
int64_t db_last_id(struct db *db);
int db_changes(struct db *db);
const char *db_errmsg(struct db *db);
/* The backend's own handle (sqlite3 * or PGconn *), for store-layer
 * extensions and tests. */
void *db_handle(struct db *db);

/* Runs a statement that returns no rows: step + done.  DB_OK or <0. */
int db_run(struct db_stmt *st);
/* Runs a one-row, one-column integer query; def if no row. */
int64_t db_scalar_int(struct db_stmt *st, int64_t def);

/* A process-wide counter bumped by every committed write transaction, so
 * caches of derived data know when they went stale. */
uint64_t db_generation(void);
void db_generation_bump(void);
/* Changes whenever another connection (this process or another) commits
 * to the database; for noticing writes made outside this process. */
int64_t db_data_version(struct db *db);

#endif
