/*
 * auth.c — accounts, sessions and throttled logins.  See auth.h.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include "core/log.h"
#include "core/util.h"
#include "domain/audit.h"
#include "domain/auth.h"
#include "store/store.h"
#include "core/banned.h"

static unsigned long long ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
static size_t mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
static char dummy_hash[crypto_pwhash_STRBYTES];

int auth_init(int fast)
{
	if (sodium_init() < 0)
		return error("auth: libsodium failed to initialise");
	if (fast) {
		ops = crypto_pwhash_OPSLIMIT_MIN;
		mem = crypto_pwhash_MEMLIMIT_MIN;
	}
	/* a hash to verify against when the user does not exist, so that
	 * unknown and known names take the same time */
	if (crypto_pwhash_str(dummy_hash, "not a password", 14, ops, mem) != 0)
		return error("auth: cannot hash (out of memory?)");
	return 0;
}

void auth_random_hex(char *out, size_t bytes)
{
	unsigned char raw[64];
	if (bytes > sizeof raw)
		bytes = sizeof raw;
	randombytes_buf(raw, bytes);
	sodium_bin2hex(out, bytes * 2 + 1, raw, bytes);
}

int auth_hash(const char *password, char out[128])
{
	_Static_assert(crypto_pwhash_STRBYTES <= 128, "hash string fits");
	return crypto_pwhash_str(out, password, strlen(password), ops, mem) == 0 ? 0 : -1;
}

static int username_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 3 || n > 64)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-'))
			return 0;
	}
	return 1;
}

int auth_account_create(struct ctx *c, const struct account *acc,
			const char *password, int64_t *id, struct derr *e)
{
	char hash[128];
	int r = role_parse(acc->role);
	size_t plen = password ? strlen(password) : 0;
	struct org org;
	json_t *after;
	int rc;

	if (c->user ? role_of(c->user) != ROLE_SYSADMIN : c->client != NULL)
		return derr_set(e, DERR_FORBIDDEN, "forbidden", NULL,
				"only system administrators create accounts");
	if (!username_ok(acc->username))
		return derr_set(e, DERR_INVALID, "invalid", "username",
				"username must be 3-64 letters, digits, '.', '_' or '-'");
	if (r < 0)
		return derr_set(e, DERR_INVALID, "not_allowed", "role",
				"role must be member, org_admin, coordinator, office or sysadmin");
	if ((r == ROLE_MEMBER || r == ROLE_ORG_ADMIN) && acc->org_id <= 0)
		return derr_set(e, DERR_INVALID, "required", "org",
				"a %s belongs to an organisation", acc->role);
	if (r == ROLE_COORDINATOR && (!acc->region_code || !*acc->region_code))
		return derr_set(e, DERR_INVALID, "required", "region",
				"a coordinator coordinates one region");
	if (plen < AUTH_PASSWORD_MIN || plen > AUTH_PASSWORD_MAX)
		return derr_set(e, DERR_INVALID, "invalid", "password",
				"password must be %d to %d bytes", AUTH_PASSWORD_MIN,
				AUTH_PASSWORD_MAX);
	if (auth_hash(password, hash) != 0)
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "cannot hash the password");

	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "creating the account");
	if (acc->org_id > 0) {
		rc = store_org_get(c->db, c->a, acc->org_id, &org);
		if (rc) {
			store_rollback(c->db);
			return rc > 0 ? derr_set(e, DERR_INVALID, "not_found", "org",
						 "organisation %lld does not exist",
						 (long long)acc->org_id)
				      : derr_store(e, rc, "creating the account");
		}
	}
	if (acc->region_code) {
		struct region reg;
		rc = store_region_get(c->db, c->a, acc->region_code, &reg);
		if (rc) {
			store_rollback(c->db);
			return rc > 0 ? derr_set(e, DERR_INVALID, "not_found", "region",
						 "region %s does not exist", acc->region_code)
				      : derr_store(e, rc, "creating the account");
		}
	}
	rc = store_account_insert(c->db, acc, hash, id);
	if (rc == DB_CONSTRAINT) {
		store_rollback(c->db);
		return derr_set(e, DERR_CONFLICT, "taken", "username",
				"username %s is taken", acc->username);
	}
	if (rc < 0) {
		store_rollback(c->db);
		return derr_store(e, rc, "creating the account");
	}
	after = json_pack("{s:s, s:s, s:I, s:s?}", "username", acc->username,
			  "role", acc->role, "org_id", (json_int_t)acc->org_id,
			  "region", acc->region_code);
	rc = audit_log(c, "create", "account", *id, NULL, after, e);
	json_decref(after);
	if (rc < 0) {
		store_rollback(c->db);
		return -1;
	}
	if ((rc = store_commit(c->db)) < 0)
		return derr_store(e, rc, "creating the account");
	return 0;
}

/* ---- throttling -------------------------------------------------------- */

static int64_t lock_for(int64_t failures)
{
	int64_t n = failures - AUTH_FREE_FAILURES;
	if (n <= 0)
		return 0;   /* the first AUTH_FREE_FAILURES are free */
	if (n > 10)
		return AUTH_MAX_LOCK;
	return (int64_t)1 << n > AUTH_MAX_LOCK ? AUTH_MAX_LOCK : (int64_t)1 << n;
}

/* Records one failure for key, inside the caller's transaction.  A key
 * quiet for AUTH_MAX_LOCK seconds starts counting afresh, so a shared
 * address (a campus behind one NAT) is not punished for old typos. */
static int throttle_fail(struct db *db, const char *key, int64_t now)
{
	int64_t failures, until, last;
	if (store_throttle_get(db, key, &failures, &until, &last) < 0)
		return -1;
	if (now - last > AUTH_MAX_LOCK && until <= now)
		failures = 0;
	failures++;
	return store_throttle_put(db, key, failures, now, now + lock_for(failures));
}

static void throttle_key(char *out, size_t size, char kind, const char *v)
{
	snprintf(out, size, "%c:%s", kind, v ? v : "-");
}

/* ---- sessions ---------------------------------------------------------- */

static void token_hash(const char *token, unsigned char out[32])
{
	crypto_generichash(out, 32, (const unsigned char *)token, strlen(token), NULL, 0);
}

int auth_login(struct ctx *c, const char *username, const char *password,
	       const char *kind, struct auth_session *out, struct derr *e)
{
	char ukey[96], akey[96];
	int64_t now = now_unix(), f1, u1, f2, u2, ttl;
	const char *hash = NULL;
	unsigned char raw[32], th[32];
	int found, ok, rc;

	if (!username || !*username)
		return derr_set(e, DERR_INVALID, "required", "username", "username is required");
	if (strlen(username) > 64)
		return derr_set(e, DERR_INVALID, "too_long", "username",
				"username is longer than 64 characters");
	if (!password || !*password || strlen(password) > AUTH_PASSWORD_MAX)
		return derr_set(e, DERR_INVALID, "required", "password", "password is required");
	throttle_key(ukey, sizeof ukey, 'u', username);
	throttle_key(akey, sizeof akey, 'a', c->client);
	for (char *p = ukey; *p; p++)   /* user names are case-insensitive */
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	if (store_throttle_get(c->db, ukey, &f1, &u1, NULL) < 0 ||
	    store_throttle_get(c->db, akey, &f2, &u2, NULL) < 0)
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "cannot read throttle state");
	if (u1 > now || u2 > now) {
		e->retry_after = (u1 > u2 ? u1 : u2) - now;
		return derr_set(e, DERR_TOO_MANY, "too_many_attempts", NULL,
				"too many failed logins; try again in %lld seconds",
				(long long)e->retry_after);
	}
	found = store_account_by_name(c->db, c->a, username, &out->account, &hash);
	if (found < 0)
		return derr_store(e, found, "logging in");
	/* the slow part, outside any transaction */
	ok = crypto_pwhash_str_verify(found == 0 ? hash : dummy_hash, password,
				      strlen(password)) == 0;
	ok = ok && found == 0 && !out->account.disabled;

	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "logging in");
	if (!ok) {
		if (throttle_fail(c->db, ukey, now) < 0 || throttle_fail(c->db, akey, now) < 0 ||
		    store_commit(c->db) < 0) {
			store_rollback(c->db);
			return derr_set(e, DERR_INTERNAL, "internal", NULL, "cannot record the failure");
		}
		return derr_set(e, DERR_UNAUTHORIZED, "bad_credentials", NULL,
				"wrong user name or password");
	}
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out->token, sizeof out->token, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	auth_random_hex(out->csrf, AUTH_CSRF_LEN / 2);
	token_hash(out->token, th);
	out->kind = kind;
	ttl = strcmp(kind, "api") == 0 ? AUTH_API_TTL : AUTH_WEB_TTL;
	c->user = &out->account;
	if ((rc = store_throttle_clear(c->db, ukey)) < 0 ||
	    (rc = store_session_purge(c->db, now)) < 0 ||
	    (rc = store_session_insert(c->db, th, sizeof th, out->account.id, kind,
				       out->csrf, now + ttl)) < 0 ||
	    (rc = audit_log(c, "login", "account", out->account.id, NULL, NULL, e)) < 0 ||
	    (rc = store_commit(c->db)) < 0) {
		store_rollback(c->db);
		c->user = NULL;
		sodium_memzero(out->token, sizeof out->token);
		return e->kind ? -1 : derr_store(e, rc, "logging in");
	}
	return 0;
}

int auth_session_find(struct ctx *c, const char *token, struct auth_session *out)
{
	unsigned char th[32];
	int64_t account_id;
	const char *csrf;
	int rc;

	if (!token || strlen(token) != AUTH_TOKEN_LEN)
		return 1;
	token_hash(token, th);
	rc = store_session_get(c->db, c->a, th, sizeof th, now_unix(), &account_id,
			       &out->kind, &csrf);
	if (rc)
		return rc;
	rc = store_account_get(c->db, c->a, account_id, &out->account);
	if (rc)
		return rc;
	memcpy(out->token, token, AUTH_TOKEN_LEN + 1);
	snprintf(out->csrf, sizeof out->csrf, "%s", csrf ? csrf : "");
	return 0;
}

int auth_logout(struct ctx *c, const char *token, struct derr *e)
{
	unsigned char th[32];
	int rc;
	if (!token || strlen(token) != AUTH_TOKEN_LEN)
		return 0;
	token_hash(token, th);
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "logging out");
	rc = store_session_delete(c->db, th, sizeof th);
	if (rc < 0 || (rc == 0 && c->user &&
		       audit_log(c, "logout", "account", c->user->id, NULL, NULL, e) < 0)) {
		store_rollback(c->db);
		return e->kind ? -1 : derr_store(e, rc, "logging out");
	}
	if ((rc = store_commit(c->db)) < 0)
		return derr_store(e, rc, "logging out");
	return 0;
}
