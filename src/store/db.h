/*
 * db.h — the driver interface under the store layer.
 *
 * Everything in src/store/ speaks SQL through these calls only, so a second
 * backend (PostgreSQL through libpq) implements this file and the store
 * functions above it stay as they are.  SQL uses `?` placeholders; values are
 * always bound, never pasted.  Nothing outside src/store/ includes this.
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


/* Opens a connection to path (created if missing when create is set),
 * with WAL, foreign keys and the busy timeout.  NULL on failure, with a
 * reason in err. */
struct db *db_open(const char *path, int create, char *err, size_t errlen);
void db_close(struct db *db);

/* Transactions.  db_begin() starts a write transaction (BEGIN IMMEDIATE:
 * the write lock is taken up front, so a writer never fails half-way with
 * BUSY); db_begin_read() a read snapshot.  Not nestable. */
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
/* Returns DB_ROW, DB_DONE or a negative db_rc. */
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
/* The backend's own handle (sqlite3 *), for store-layer extensions. */
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
