/*
 * account.c — accounts, sessions, login throttling and the audit log.
 */
#include <string.h>
#include "core/util.h"
#include "store/db.h"
#include "store/internal.h"
#include "store/store.h"
#include "core/banned.h"

/* ---- accounts ---------------------------------------------------------- */

int store_account_insert(struct db *db, const struct account *acc,
			 const char *pwhash, int64_t *id)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO account(username, display_name, pwhash, role, org_id, region_code, created_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?)");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_text(st, 1, acc->username);
	bind_opt(st, 2, acc->display_name);
	db_bind_text(st, 3, pwhash);
	db_bind_text(st, 4, acc->role);
	if (acc->org_id > 0)
		db_bind_int(st, 5, acc->org_id);
	bind_opt(st, 6, acc->region_code);
	db_bind_int(st, 7, now_unix());
	rc = db_run(st);
	if (rc == 0 && id)
		*id = db_last_id(db);
	return rc;
}

#define ACCOUNT_SELECT \
	"SELECT a.id, a.username, a.display_name, a.role, coalesce(a.org_id, 0)," \
	" a.region_code, a.disabled, a.created_at, o.name_zh, o.name_en, a.pwhash" \
	" FROM account a LEFT JOIN org o ON o.id = a.org_id"

static void account_read(struct db_stmt *st, struct arena *a, struct account *acc)
{
	acc->id = db_col_int(st, 0);
	acc->username = col_str(st, 1, a);
	acc->display_name = col_str(st, 2, a);
	acc->role = col_str(st, 3, a);
	acc->org_id = db_col_int(st, 4);
	acc->region_code = col_str(st, 5, a);
	acc->disabled = (int)db_col_int(st, 6);
	acc->created_at = db_col_int(st, 7);
	acc->org_zh = col_str(st, 8, a);
	acc->org_en = col_str(st, 9, a);
}

static int account_one(struct db_stmt *st, struct arena *a, struct account *out,
		       const char **pwhash)
{
	int rc = db_step(st);
	if (rc == DB_ROW) {
		account_read(st, a, out);
		if (pwhash)
			*pwhash = col_str(st, 10, a);
		rc = 0;
	} else if (rc == DB_DONE)
		rc = 1;
	db_done(st);
	return rc;
}

int store_account_get(struct db *db, struct arena *a, int64_t id, struct account *out)
{
	struct db_stmt *st = db_stmt(db, ACCOUNT_SELECT " WHERE a.id = ?");
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, id);
	return account_one(st, a, out, NULL);
}

int store_account_by_name(struct db *db, struct arena *a, const char *username,
			  struct account *out, const char **pwhash)
{
	struct db_stmt *st = db_stmt(db, ACCOUNT_SELECT " WHERE a.username = ?");
	if (!st)
		return DB_ERR;
	db_bind_text(st, 1, username);
	return account_one(st, a, out, pwhash);
}

int store_account_set_password(struct db *db, int64_t id, const char *pwhash)
{
	struct db_stmt *st = db_stmt(db, "UPDATE account SET pwhash = ? WHERE id = ?");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_text(st, 1, pwhash);
	db_bind_int(st, 2, id);
	rc = db_run(st);
	return rc == 0 && db_changes(db) == 0 ? 1 : rc;
}

int store_account_list(struct db *db, struct arena *a, int64_t offset, int64_t limit,
		       struct account **out, size_t *n, int64_t *total)
{
	struct db_stmt *st;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	*total = db_scalar_int(db_stmt(db, "SELECT count(*) FROM account"), 0);
	st = db_stmt(db, ACCOUNT_SELECT " ORDER BY a.id LIMIT ? OFFSET ?");
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, limit);
	db_bind_int(st, 2, offset);
	while ((rc = db_step(st)) == DB_ROW) {
		struct account *acc = store_grow(a, (void **)out, &cap, *n, sizeof **out);
		if (!acc) {
			rc = DB_ERR;
			break;
		}
		account_read(st, a, acc);
		(*n)++;
	}
	db_done(st);
	return rc == DB_DONE ? 0 : rc;
}

/* ---- sessions ---------------------------------------------------------- */

int store_session_insert(struct db *db, const unsigned char *token_hash, size_t hlen,
			 int64_t account_id, const char *kind, const char *csrf,
			 int64_t expires_at)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO session(token_hash, account_id, kind, csrf, created_at, expires_at)"
		" VALUES (?, ?, ?, ?, ?, ?)");
	if (!st)
		return DB_ERR;
	db_bind_blob(st, 1, token_hash, hlen);
	db_bind_int(st, 2, account_id);
	db_bind_text(st, 3, kind);
	db_bind_text(st, 4, csrf);
	db_bind_int(st, 5, now_unix());
	db_bind_int(st, 6, expires_at);
	return db_run(st);
}

int store_session_get(struct db *db, struct arena *a, const unsigned char *token_hash,
		      size_t hlen, int64_t now, int64_t *account_id,
		      const char **kind, const char **csrf)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT s.account_id, s.kind, s.csrf FROM session s"
		" JOIN account a ON a.id = s.account_id"
		" WHERE s.token_hash = ? AND s.expires_at > ? AND a.disabled = 0");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_blob(st, 1, token_hash, hlen);
	db_bind_int(st, 2, now);
	rc = db_step(st);
	if (rc == DB_ROW) {
		*account_id = db_col_int(st, 0);
		*kind = col_str(st, 1, a);
		*csrf = col_str(st, 2, a);
		rc = 0;
	} else if (rc == DB_DONE)
		rc = 1;
	db_done(st);
	return rc;
}

int store_session_delete(struct db *db, const unsigned char *token_hash, size_t hlen)
{
	struct db_stmt *st = db_stmt(db, "DELETE FROM session WHERE token_hash = ?");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_blob(st, 1, token_hash, hlen);
	rc = db_run(st);
	return rc == 0 && db_changes(db) == 0 ? 1 : rc;
}

int store_session_purge(struct db *db, int64_t now)
{
	struct db_stmt *st = db_stmt(db, "DELETE FROM session WHERE expires_at <= ?");
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, now);
	return db_run(st);
}

/* ---- login throttling -------------------------------------------------- */

int store_throttle_get(struct db *db, const char *key, int64_t *failures,
		       int64_t *locked_until, int64_t *last)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT failures, locked_until, last_at FROM login_throttle WHERE key = ?");
	int rc;
	*failures = 0;
	*locked_until = 0;
	if (last)
		*last = 0;
	if (!st)
		return DB_ERR;
	db_bind_text(st, 1, key);
	rc = db_step(st);
	if (rc == DB_ROW) {
		*failures = db_col_int(st, 0);
		*locked_until = db_col_int(st, 1);
		if (last)
			*last = db_col_int(st, 2);
	}
	db_done(st);
	return rc == DB_ROW || rc == DB_DONE ? 0 : rc;
}

int store_throttle_put(struct db *db, const char *key, int64_t failures,
		       int64_t now, int64_t locked_until)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO login_throttle(key, failures, last_at, locked_until) VALUES (?, ?, ?, ?)"
		" ON CONFLICT(key) DO UPDATE SET failures = excluded.failures,"
		" last_at = excluded.last_at, locked_until = excluded.locked_until");
	if (!st)
		return DB_ERR;
	db_bind_text(st, 1, key);
	db_bind_int(st, 2, failures);
	db_bind_int(st, 3, now);
	db_bind_int(st, 4, locked_until);
	return db_run(st);
}

int store_throttle_clear(struct db *db, const char *key)
{
	struct db_stmt *st = db_stmt(db, "DELETE FROM login_throttle WHERE key = ?");
	if (!st)
		return DB_ERR;
	db_bind_text(st, 1, key);
	return db_run(st);
}

/* ---- audit ------------------------------------------------------------- */

int store_audit_insert(struct db *db, const struct audit_entry *e)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO audit(at, account_id, actor, action, entity, entity_id, before, after, client)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, e->at ? e->at : now_unix());
	if (e->account_id > 0)
		db_bind_int(st, 2, e->account_id);
	db_bind_text(st, 3, e->actor);
	db_bind_text(st, 4, e->action);
	db_bind_text(st, 5, e->entity);
	if (e->entity_id > 0)
		db_bind_int(st, 6, e->entity_id);
	db_bind_text(st, 7, e->before);
	db_bind_text(st, 8, e->after);
	db_bind_text(st, 9, e->client);
	return db_run(st);
}

#define AUDIT_WHERE \
	" WHERE (?1 IS NULL OR entity = ?1) AND (?2 = 0 OR entity_id = ?2)" \
	" AND (?3 = 0 OR account_id = ?3)"

int store_audit_list(struct db *db, struct arena *a, const struct audit_filter *f,
		     struct audit_entry **out, size_t *n, int64_t *total)
{
	struct db_stmt *st;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	st = db_stmt(db, "SELECT count(*) FROM audit" AUDIT_WHERE);
	if (!st)
		return DB_ERR;
	bind_opt(st, 1, f->entity);
	db_bind_int(st, 2, f->entity_id);
	db_bind_int(st, 3, f->account_id);
	*total = db_scalar_int(st, 0);
	st = db_stmt(db,
		"SELECT id, at, coalesce(account_id, 0), coalesce(entity_id, 0), actor, action,"
		" entity, before, after, client FROM audit" AUDIT_WHERE
		" ORDER BY id DESC LIMIT ?4 OFFSET ?5");
	if (!st)
		return DB_ERR;
	bind_opt(st, 1, f->entity);
	db_bind_int(st, 2, f->entity_id);
	db_bind_int(st, 3, f->account_id);
	db_bind_int(st, 4, f->limit);
	db_bind_int(st, 5, f->offset);
	while ((rc = db_step(st)) == DB_ROW) {
		struct audit_entry *e = store_grow(a, (void **)out, &cap, *n, sizeof **out);
		if (!e) {
			rc = DB_ERR;
			break;
		}
		e->id = db_col_int(st, 0);
		e->at = db_col_int(st, 1);
		e->account_id = db_col_int(st, 2);
		e->entity_id = db_col_int(st, 3);
		e->actor = col_str(st, 4, a);
		e->action = col_str(st, 5, a);
		e->entity = col_str(st, 6, a);
		e->before = col_str(st, 7, a);
		e->after = col_str(st, 8, a);
		e->client = col_str(st, 9, a);
		(*n)++;
	}
	db_done(st);
	return rc == DB_DONE ? 0 : rc;
}
