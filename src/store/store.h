/*
 * store.h — the store layer: the only code that speaks SQL.
 *
 * A struct store is a pool of connections to one database.  A request
 * takes one with store_acquire() and gives it back with store_release().
 * Every function below takes the connection and, when it returns records,
 * an arena that owns their strings.
 *
 * Errors: functions return 0 on success and a negative db_rc (rc.h) on
 * failure: DB_CONSTRAINT when the database refused the change (a unique
 * name taken, a reference that does not exist), DB_BUSY when the write lock
 * could not be had, DB_ERR otherwise.  A "get" of a missing row returns 1.
 *
 * Writes do not open transactions themselves: the domain layer brackets
 * each logical change with store_begin()/store_commit(), so a failed
 * request leaves nothing half-done.
 */
#ifndef STORE_STORE_H
#define STORE_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "core/arena.h"
#include "store/model.h"
#include "store/rc.h"

struct db;
struct store;

/* ---- the pool ---------------------------------------------------------- */

/* Opens up to nconn connections to path (lazily).  With create, a missing
 * file is created.  NULL on failure with a reason in err. */
struct store *store_open(const char *path, int nconn, int create,
			 char *err, size_t errlen);
void store_close(struct store *s);
/* Blocks until a connection is free.  NULL only if opening one failed. */
struct db *store_acquire(struct store *s);
void store_release(struct store *s, struct db *db);
/* 1 if path names a database that exists: a file, or a PostgreSQL
 * database (postgresql://...) that holds a schema already; 0 if not. */
int store_exists(const char *path);
/* 1 if path is a PostgreSQL URI rather than a file. */
int store_is_url(const char *path);
const char *store_path(const struct store *s);

/* Transactions (see db.h): begin = write transaction, taken up front. */
int store_begin(struct db *db);
int store_begin_read(struct db *db);
int store_commit(struct db *db);
void store_rollback(struct db *db);
/* 1 while a transaction is open on db. */
int store_in_txn(struct db *db);
/* Bumped on every committed write; caches compare it.  Writes by other
 * processes are noticed by store_watch() (call it now and then). */
uint64_t store_generation(void);
/* Bumps the generation if the database changed under db since the last
 * call (another process wrote); *seen keeps the state between calls. */
void store_watch(struct db *db, int64_t *seen);

/* ---- schema ------------------------------------------------------------ */

int store_schema_version(struct db *db);
int store_schema_latest(void);
/* Applies every pending migration; *applied counts them. */
int store_migrate(struct db *db, int *applied);
int store_meta_get(struct db *db, struct arena *a, const char *key, const char **val);
int store_meta_set(struct db *db, const char *key, const char *val);
/* Gathers the query planner's statistics (after a bulk load). */
int store_analyze(struct db *db);
/* Size of the database in bytes (page_count * page_size). */
int64_t store_size_bytes(struct db *db);

/* ---- regions and cities ---------------------------------------------- */

int store_region_put(struct db *db, const struct region *r, int sort);
int store_city_put(struct db *db, const struct city *c, int sort);
/* All regions in order; with figures, their organisation and instrument
 * counts and value too (a scan: leave them out for menus). */
int store_region_list(struct db *db, struct arena *a, int figures, struct region **out,
		      size_t *n);
int store_region_get(struct db *db, struct arena *a, const char *code, struct region *out);
/* Cities of one region, or all when region is NULL; with figures, their
 * instrument counts. */
int store_city_list(struct db *db, struct arena *a, const char *region, int figures,
		    struct city **out, size_t *n);
int store_city_get(struct db *db, struct arena *a, const char *code, struct city *out);

/* ---- organisations --------------------------------------------------- */

struct org_filter {
	const char *region, *city, *kind, *name_like;
	int64_t parent_id;               /* 0 = any */
	int64_t offset, limit;
};
int store_org_insert(struct db *db, const struct org *o, int64_t *id);
int store_org_update(struct db *db, const struct org *o);
int store_org_delete(struct db *db, int64_t id);
int store_org_get(struct db *db, struct arena *a, int64_t id, struct org *out);
int store_org_list(struct db *db, struct arena *a, const struct org_filter *f,
		   struct org **out, size_t *n, int64_t *total);
/* Counts of rows that refer to the organisation (instruments, accounts,
 * child organisations), to refuse deleting one that is in use. */
int64_t store_org_refs(struct db *db, int64_t id);
/* The organisation holding this credit code: its id, 0 if none, <0 on error. */
int64_t store_org_by_uscc(struct db *db, const char *uscc);

/* ---- accounts, sessions, login throttling ----------------------------- */

int store_account_insert(struct db *db, const struct account *acc,
			 const char *pwhash, int64_t *id);
int store_account_get(struct db *db, struct arena *a, int64_t id, struct account *out);
/* Also returns the stored password hash (arena-owned) when pwhash != NULL. */
int store_account_by_name(struct db *db, struct arena *a, const char *username,
			  struct account *out, const char **pwhash);
int store_account_set_password(struct db *db, int64_t id, const char *pwhash);
int store_account_list(struct db *db, struct arena *a, int64_t offset, int64_t limit,
		       struct account **out, size_t *n, int64_t *total);

int store_session_insert(struct db *db, const unsigned char *token_hash, size_t hlen,
			 int64_t account_id, const char *kind, const char *csrf,
			 int64_t expires_at);
/* Looks a live session up; 1 if none (or expired). */
int store_session_get(struct db *db, struct arena *a, const unsigned char *token_hash,
		      size_t hlen, int64_t now, int64_t *account_id,
		      const char **kind, const char **csrf);
int store_session_delete(struct db *db, const unsigned char *token_hash, size_t hlen);
int store_session_purge(struct db *db, int64_t now);

/* Failure counters per key ("u:name" or "a:address").  get returns the
 * failures, the time until which the key is locked and the last failure's
 * time (0, 0, 0 if none); last may be NULL. */
int store_throttle_get(struct db *db, const char *key, int64_t *failures,
		       int64_t *locked_until, int64_t *last);
int store_throttle_put(struct db *db, const char *key, int64_t failures,
		       int64_t now, int64_t locked_until);
int store_throttle_clear(struct db *db, const char *key);

/* ---- audit ------------------------------------------------------------ */

int store_audit_insert(struct db *db, const struct audit_entry *e);
struct audit_filter {
	const char *entity;
	int64_t entity_id, account_id;   /* 0 = any */
	int64_t offset, limit;
};
int store_audit_list(struct db *db, struct arena *a, const struct audit_filter *f,
		     struct audit_entry **out, size_t *n, int64_t *total);

/* ---- instruments ------------------------------------------------------ */

enum instrument_sort {
	ISORT_RELEVANCE, ISORT_VALUE_DESC, ISORT_VALUE_ASC, ISORT_NEWEST,
	ISORT_YEAR_DESC, ISORT_NAME,
};
struct instrument_filter {
	const char *region, *city, *category, *kind, *status, *sharing;
	int hide_retired;                /* status <> 'retired' */
	int64_t org_id;                  /* 0 = any */
	int64_t value_min, value_max;    /* -1 = no bound */
	const char *match;               /* FTS5 expression, NULL = none */
	const char *exclude;             /* FTS5 expression to leave out, NULL = none */
	int64_t year;                    /* purchase year, 0 = any */
	enum instrument_sort sort;
	int64_t offset, limit;
};
int store_instrument_insert(struct db *db, const struct instrument *in, int64_t *id);
int store_instrument_update(struct db *db, const struct instrument *in);
int store_instrument_delete(struct db *db, int64_t id);
int store_instrument_get(struct db *db, struct arena *a, int64_t id, struct instrument *out);
int store_instrument_list(struct db *db, struct arena *a, const struct instrument_filter *f,
			  struct instrument **out, size_t *n, int64_t *total);

/* Community figures: count and value of instruments in service or under
 * maintenance (not retired), overall and per kind. */
struct catalogue_figures {
	int64_t instruments, facilities, value_cny, orgs, cities;
};
int store_catalogue_figures(struct db *db, struct catalogue_figures *out);

#endif
