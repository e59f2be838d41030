/*
 * pool.c — a fixed pool of database connections shared by the server's
 * threads, plus the small store-wide helpers (meta, size, transactions).
 *
 * Connections are opened lazily up to the pool's size; a thread that finds
 * none free waits on a condition variable.  Each connection is used by one
 * thread at a time, so SQLite runs in its no-mutex mode.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "core/log.h"
#include "store/db.h"
#include "store/internal.h"
#include "store/store.h"
#include "core/banned.h"

struct store {
	char *path;
	int create;
	int size, opened, nfree;
	struct db **free_list;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

struct store *store_open(const char *path, int nconn, int create,
			 char *err, size_t errlen)
{
	struct store *s = calloc(1, sizeof *s);
	struct db *first;

	if (nconn < 1)
		nconn = 1;
	if (!s || !(s->path = strdup(path)) ||
	    !(s->free_list = calloc((size_t)nconn, sizeof *s->free_list))) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	s->size = nconn;
	s->create = create;
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	/* open one now so that a bad path fails at start, not on a request */
	first = db_open(path, create, err, errlen);
	if (!first) {
		pthread_mutex_destroy(&s->mu);
		pthread_cond_destroy(&s->cv);
		goto fail;
	}
	s->opened = 1;
	s->free_list[s->nfree++] = first;
	return s;
fail:
	if (s) {
		free(s->path);
		free(s->free_list);
		free(s);
	}
	return NULL;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	if (s->nfree != s->opened)
		log_warn("store: closing with %d connections in use", s->opened - s->nfree);
	for (int i = 0; i < s->nfree; i++)
		db_close(s->free_list[i]);
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->cv);
	free(s->free_list);
	free(s->path);
	free(s);
}

struct db *store_acquire(struct store *s)
{
	struct db *db = NULL;
	int open_new = 0;
	char err[256];

	pthread_mutex_lock(&s->mu);
	while (!s->nfree && s->opened >= s->size)
		pthread_cond_wait(&s->cv, &s->mu);
	if (s->nfree)
		db = s->free_list[--s->nfree];
	else {
		s->opened++;
		open_new = 1;
	}
	pthread_mutex_unlock(&s->mu);
	if (open_new) {
		db = db_open(s->path, 0, err, sizeof err);
		if (!db) {
			error("store: %s", err);
			pthread_mutex_lock(&s->mu);
			s->opened--;
			pthread_cond_signal(&s->cv);
			pthread_mutex_unlock(&s->mu);
		}
	}
	return db;
}

void store_release(struct store *s, struct db *db)
{
	if (!db)
		return;
	if (db_in_txn(db)) {
		log_warn("store: connection returned inside a transaction; rolled back");
		db_rollback(db);
	}
	pthread_mutex_lock(&s->mu);
	s->free_list[s->nfree++] = db;
	pthread_cond_signal(&s->cv);
	pthread_mutex_unlock(&s->mu);
}

int store_exists(const char *path)
{
	char err[256];
	struct db *db;
	int v;
	if (!db_is_url(path))
		return access(path, F_OK) == 0;
	if (!(db = db_open(path, 0, err, sizeof err)))
		return 0;
	v = db_scalar_int(db_stmt(db, "SELECT count(*) FROM information_schema.tables"
				  " WHERE table_schema = current_schema()"
				  " AND table_name = 'schema_migrations'"), 0) > 0 &&
	    store_schema_version(db) > 0;
	db_close(db);
	return v;
}

int store_is_url(const char *path)
{
	return db_is_url(path);
}

const char *store_path(const struct store *s)
{
	return s->path;
}

int store_begin(struct db *db) { return db_begin(db); }
int store_begin_read(struct db *db) { return db_begin_read(db); }
int store_commit(struct db *db) { return db_commit(db); }
void store_rollback(struct db *db) { db_rollback(db); }
int store_in_txn(struct db *db) { return db_in_txn(db); }
uint64_t store_generation(void) { return db_generation(); }

void store_watch(struct db *db, int64_t *seen)
{
	int64_t v = db_data_version(db);
	if (v != *seen) {
		if (*seen)
			db_generation_bump();
		*seen = v;
	}
}

void *store_grow(struct arena *a, void **arr, size_t *cap, size_t n, size_t size)
{
	if (n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		void *p = arena_alloc(a, ncap * size);
		if (!p)
			return NULL;
		if (n)
			memcpy(p, *arr, n * size);
		*arr = p;
		*cap = ncap;
	}
	return (char *)*arr + n * size;
}

int store_meta_get(struct db *db, struct arena *a, const char *key, const char **val)
{
	struct db_stmt *st = db_stmt(db, "SELECT value FROM meta WHERE key = ?");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_text(st, 1, key);
	rc = db_step(st);
	if (rc == DB_ROW) {
		*val = col_str(st, 0, a);
		rc = 0;
	} else if (rc == DB_DONE) {
		*val = NULL;
		rc = 1;
	}
	db_done(st);
	return rc;
}

int store_meta_set(struct db *db, const char *key, const char *val)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO meta(key, value) VALUES (?, ?)"
		" ON CONFLICT(key) DO UPDATE SET value = excluded.value");
	if (!st)
		return DB_ERR;
	db_bind_text(st, 1, key);
	db_bind_text(st, 2, val);
	return db_run(st);
}

int store_analyze(struct db *db)
{
	return db_exec(db, "ANALYZE");
}

int64_t store_size_bytes(struct db *db)
{
	int64_t pages, size;
	if (db_backend(db) == DB_PG)
		return db_scalar_int(db_stmt(db, "SELECT pg_database_size(current_database())"), 0);
	pages = db_scalar_int(db_stmt(db, "PRAGMA page_count"), 0);
	size = db_scalar_int(db_stmt(db, "PRAGMA page_size"), 0);
	return pages * size;
}
