/*
 * db_impl.h — what a backend of db.h provides: a table of operations.
 *
 * db.c holds the public db_* calls; each forwards through the ops table of
 * the connection (struct db and struct db_stmt both start with a pointer to
 * it), so SQLite (sqlite.c) and PostgreSQL (pg.c) live in one binary and
 * the store above does not know which one it talks to.  Only db.c,
 * sqlite.c and pg.c include this.
 */
#ifndef STORE_DB_IMPL_H
#define STORE_DB_IMPL_H

#include "store/db.h"

struct db_ops {
	int backend;      /* DB_SQLITE or DB_PG */
	void (*close)(struct db *db);
	/* The transaction's state is db.c's (struct db_base): a backend only
	 * opens one (write: with the write lock), commits one (wrote: it was
	 * a write transaction) and rolls one back, whatever state it is in. */
	int (*begin)(struct db *db, int write);
	int (*commit)(struct db *db, int wrote);
	void (*rollback)(struct db *db);
	int (*exec)(struct db *db, const char *sql);
	struct db_stmt *(*stmt)(struct db *db, const char *sql);
	void (*done)(struct db_stmt *st);
	struct db_stmt *(*prepare)(struct db *db, const char *sql);
	void (*finalize)(struct db_stmt *st);
	int (*bind_int)(struct db_stmt *st, int i, int64_t v);
	int (*bind_double)(struct db_stmt *st, int i, double v);
	int (*bind_textn)(struct db_stmt *st, int i, const char *s, size_t n);
	int (*bind_blob)(struct db_stmt *st, int i, const void *p, size_t n);
	int (*bind_null)(struct db_stmt *st, int i);
	int (*step)(struct db_stmt *st);
	int (*col_count)(struct db_stmt *st);
	int (*col_isnull)(struct db_stmt *st, int i);
	int64_t (*col_int)(struct db_stmt *st, int i);
	double (*col_double)(struct db_stmt *st, int i);
	const char *(*col_text)(struct db_stmt *st, int i);
	const void *(*col_blob)(struct db_stmt *st, int i, size_t *n);
	int64_t (*last_id)(struct db *db);
	int (*changes)(struct db *db);
	const char *(*errmsg)(struct db *db);
	void *(*handle)(struct db *db);
	int64_t (*data_version)(struct db *db);
};

/* The first member of every backend's struct db (a struct db_stmt starts
 * with its ops pointer alone). */
struct db_base {
	const struct db_ops *ops;
	int in_txn;
	int wrote;        /* the open transaction is a write transaction */
};

struct db *sqlite_open(const char *path, int create, char *err, size_t errlen);
struct db *pg_open(const char *conninfo, char *err, size_t errlen);


#endif
