/*
 * db.c — the public calls of db.h, forwarded to the connection's backend
 * (db_impl.h): SQLite for a file path, PostgreSQL for a postgresql:// URI.
 */
#include <stdatomic.h>
#include <string.h>
#include "core/log.h"
#include "store/db_impl.h"
#include "core/banned.h"

#define BASE(db) ((struct db_base *)(void *)(db))
#define OPS(db) (BASE(db)->ops)
#define SOPS(st) (*(const struct db_ops *const *)(const void *)(st))

static atomic_uint_fast64_t generation = 1;

int db_is_url(const char *s)
{
	return s && (strncmp(s, "postgresql://", 13) == 0 ||
		     strncmp(s, "postgres://", 11) == 0);
}

struct db *db_open(const char *path, int create, char *err, size_t errlen)
{
	if (db_is_url(path))
		return pg_open(path, err, errlen);
	return sqlite_open(path, create, err, errlen);
}

void db_close(struct db *db)
{
	if (db)
		OPS(db)->close(db);
}

int db_backend(struct db *db) { return OPS(db)->backend; }
static int begin(struct db *db, int write)
{
	struct db_base *b = BASE(db);
	int rc;
	if (b->in_txn)
		return error("db: transaction already open");
	rc = b->ops->begin(db, write);
	if (rc == DB_OK) {
		b->in_txn = 1;
		b->wrote = write;
	}
	return rc;
}

int db_begin(struct db *db) { return begin(db, 1); }
int db_begin_read(struct db *db) { return begin(db, 0); }

void db_rollback(struct db *db)
{
	struct db_base *b = BASE(db);
	if (!b->in_txn)
		return;
	b->ops->rollback(db);
	b->in_txn = b->wrote = 0;
}

int db_commit(struct db *db)
{
	struct db_base *b = BASE(db);
	int rc;
	if (!b->in_txn)
		return error("db: commit without a transaction");
	rc = b->ops->commit(db, b->wrote);
	if (rc != DB_OK) {
		db_rollback(db);
		return rc;
	}
	if (b->wrote)
		atomic_fetch_add(&generation, 1);
	b->in_txn = b->wrote = 0;
	return DB_OK;
}

int db_in_txn(struct db *db) { return BASE(db)->in_txn; }
int db_exec(struct db *db, const char *sql) { return OPS(db)->exec(db, sql); }
struct db_stmt *db_stmt(struct db *db, const char *sql) { return OPS(db)->stmt(db, sql); }
struct db_stmt *db_prepare(struct db *db, const char *sql) { return OPS(db)->prepare(db, sql); }

void db_done(struct db_stmt *st)
{
	if (st)
		SOPS(st)->done(st);
}

void db_finalize(struct db_stmt *st)
{
	if (st)
		SOPS(st)->finalize(st);
}

int db_bind_int(struct db_stmt *st, int i, int64_t v) { return SOPS(st)->bind_int(st, i, v); }
int db_bind_double(struct db_stmt *st, int i, double v) { return SOPS(st)->bind_double(st, i, v); }

int db_bind_text(struct db_stmt *st, int i, const char *s)
{
	if (!s)
		return SOPS(st)->bind_null(st, i);
	return SOPS(st)->bind_textn(st, i, s, strlen(s));
}

int db_bind_textn(struct db_stmt *st, int i, const char *s, size_t n)
{
	if (!s)
		return SOPS(st)->bind_null(st, i);
	return SOPS(st)->bind_textn(st, i, s, n);
}

int db_bind_blob(struct db_stmt *st, int i, const void *p, size_t n)
{
	return SOPS(st)->bind_blob(st, i, p, n);
}

int db_bind_null(struct db_stmt *st, int i) { return SOPS(st)->bind_null(st, i); }
int db_step(struct db_stmt *st) { return SOPS(st)->step(st); }
int db_col_count(struct db_stmt *st) { return SOPS(st)->col_count(st); }
int db_col_isnull(struct db_stmt *st, int i) { return SOPS(st)->col_isnull(st, i); }
int64_t db_col_int(struct db_stmt *st, int i) { return SOPS(st)->col_int(st, i); }
double db_col_double(struct db_stmt *st, int i) { return SOPS(st)->col_double(st, i); }
const char *db_col_text(struct db_stmt *st, int i) { return SOPS(st)->col_text(st, i); }

const void *db_col_blob(struct db_stmt *st, int i, size_t *n)
{
	return SOPS(st)->col_blob(st, i, n);
}

int64_t db_last_id(struct db *db) { return OPS(db)->last_id(db); }
int db_changes(struct db *db) { return OPS(db)->changes(db); }
const char *db_errmsg(struct db *db) { return OPS(db)->errmsg(db); }
void *db_handle(struct db *db) { return OPS(db)->handle(db); }
int64_t db_data_version(struct db *db) { return OPS(db)->data_version(db); }

int db_run(struct db_stmt *st)
{
	int rc;
	if (!st)
		return DB_ERR;
	rc = db_step(st);
	db_done(st);
	return rc == DB_DONE || rc == DB_ROW ? DB_OK : rc;
}

int64_t db_scalar_int(struct db_stmt *st, int64_t def)
{
	int64_t v = def;
	if (!st)
		return def;
	if (db_step(st) == DB_ROW && !db_col_isnull(st, 0))
		v = db_col_int(st, 0);
	db_done(st);
	return v;
}

uint64_t db_generation(void)
{
	return atomic_load(&generation);
}

void db_generation_bump(void)
{
	atomic_fetch_add(&generation, 1);
}

