/*
 * auth.h — accounts, passwords, sessions and login throttling.
 *
 * Passwords are hashed with libsodium's crypto_pwhash (Argon2id).  A
 * session is a random 256-bit token given to the client (a cookie for the
 * browser, a bearer token for API clients); the store keeps only its hash,
 * so a stolen database does not yield live sessions.  Each session has a
 * CSRF token that state-changing forms must echo.
 *
 * Repeated failed logins are slowed per account and per client address:
 * after AUTH_FREE_FAILURES consecutive failures a key is locked for
 * 2^(n - AUTH_FREE_FAILURES) seconds, at most AUTH_MAX_LOCK; a locked key
 * gets DERR_TOO_MANY with retry_after, without its password being tried.
 */
#ifndef DOMAIN_AUTH_H
#define DOMAIN_AUTH_H

#include <stddef.h>
#include "domain/domain.h"

#define AUTH_TOKEN_LEN 43        /* base64url of 32 bytes, no padding */
#define AUTH_CSRF_LEN 32         /* hex of 16 bytes */
#define AUTH_FREE_FAILURES 5
#define AUTH_MAX_LOCK 900
#define AUTH_WEB_TTL (12 * 3600)
#define AUTH_API_TTL (24 * 3600)
#define AUTH_PASSWORD_MIN 10
#define AUTH_PASSWORD_MAX 256

/* Must be called once before any other auth call (initialises libsodium).
 * fast = 1 selects the minimum Argon2id cost: only for test suites. */
int auth_init(int fast);

/* Creates an account.  Allowed to the system (c->user == NULL and
 * c->client == NULL: the command line) and to system administrators.
 * Checks the user name (3-64 of [A-Za-z0-9._-]), role, the organisation
 * (members and organisation administrators need one), the region
 * (coordinators need one) and the password length. */
int auth_account_create(struct ctx *c, const struct account *acc,
			const char *password, int64_t *id, struct derr *e);

/* Hashes a password for storage (Argon2id string, at most 128 bytes with
 * its NUL).  0, or -1 if memory runs out. */
int auth_hash(const char *password, char out[128]);

struct auth_session {
	char token[AUTH_TOKEN_LEN + 1];
	char csrf[AUTH_CSRF_LEN + 1];
	struct account account;
	const char *kind;              /* "web" or "api" */
};

/* Checks the password and opens a session of kind "web" or "api".
 * Unknown user and wrong password give the same DERR_UNAUTHORIZED. */
int auth_login(struct ctx *c, const char *username, const char *password,
	       const char *kind, struct auth_session *out, struct derr *e);

/* Finds the live session for a token; 1 if there is none (or it expired),
 * 0 with out filled (strings in c->a), <0 on a store error. */
int auth_session_find(struct ctx *c, const char *token, struct auth_session *out);

/* Ends the session; 0 even if it was already gone. */
int auth_logout(struct ctx *c, const char *token, struct derr *e);

/* A fresh random token of the given byte length as lowercase hex into out
 * (2*bytes+1 long). */
void auth_random_hex(char *out, size_t bytes);

#endif
