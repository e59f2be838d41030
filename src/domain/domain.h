/*
 * domain.h — what every domain call shares: who is acting (struct ctx) and
 * how a refusal is reported (struct derr).
 *
 * The domain layer holds the rules: who may do what, validation, and the
 * transaction around each logical change.  It knows nothing of HTTP or
 * HTML; the layers above turn a derr into a status code and a message.
 */
#ifndef DOMAIN_DOMAIN_H
#define DOMAIN_DOMAIN_H

#include <stdint.h>
#include "core/arena.h"
#include "store/model.h"

struct db;
struct tokenizer;

/* The actor and the tools of one request.  user is NULL for a visitor. */
struct ctx {
	struct db *db;
	struct arena *a;
	const struct account *user;
	const char *client;          /* client address, for audit and throttling */
	struct tokenizer *tk;        /* this thread's tokenizer */
};

enum derr_kind {
	DERR_NONE,
	DERR_INVALID,        /* 400: bad input; field names it */
	DERR_UNAUTHORIZED,   /* 401: must log in */
	DERR_FORBIDDEN,      /* 403: logged in, not allowed */
	DERR_NOT_FOUND,      /* 404 */
	DERR_CONFLICT,       /* 409: the state does not allow it */
	DERR_TOO_MANY,       /* 429: slowed down (login throttling) */
	DERR_BUSY,           /* 503: the database stayed locked */
	DERR_INTERNAL,       /* 500 */
};

struct derr {
	enum derr_kind kind;
	const char *code;        /* machine-readable, e.g. "required", "too_long" */
	char field[64];          /* the input field at fault, or "" */
	char message[256];       /* English; the web layer may localise by code */
	int64_t retry_after;     /* seconds, for DERR_TOO_MANY */
};

/* Fills e and returns -1, so `return derr_set(e, ...)` reads well. */
int derr_set(struct derr *e, enum derr_kind kind, const char *code,
	     const char *field, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* Maps a negative store return to a derr (busy, conflict, internal). */
int derr_store(struct derr *e, int rc, const char *what);

/* Roles, weakest first.  A visitor has no account. */
enum role { ROLE_VISITOR, ROLE_MEMBER, ROLE_ORG_ADMIN, ROLE_COORDINATOR,
	    ROLE_OFFICE, ROLE_SYSADMIN };
enum role role_of(const struct account *user);
const char *role_name(enum role r);
/* -1 if name is not a role. */
int role_parse(const char *name);

#endif
