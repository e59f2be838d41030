/*
 * request.h — one HTTP request as handlers see it, and the calls that
 * answer it.
 *
 * The server fills a struct req, runs the route's checks (http/routes.c)
 * and calls the handler.  A handler reads typed parameters, calls the
 * domain, and writes its answer into r->out through html.h (pages) or
 * reply_json() (API).  Everything it allocates comes from r->a and is
 * freed when the response is sent.
 */
#ifndef HTTP_REQUEST_H
#define HTTP_REQUEST_H

#include <jansson.h>
#include <stdint.h>
#include "core/arena.h"
#include "core/buf.h"
#include "domain/auth.h"
#include "domain/domain.h"
#include "http/form.h"

struct route;
struct server;

#define REQ_MAX_HEADERS 8

struct req {
	struct arena *a;
	struct server *srv;
	const struct route *route;
	const char *method, *path, *raw_query, *content_type;
	struct kv *query, *form, *cookies;
	size_t nquery, nform, ncookies;
	const char *body;
	size_t body_len;
	json_t *json;                /* parsed body of BODY_JSON routes */
	int64_t id;                  /* the :id path segment, if any */
	const char *param;           /* the :code path segment, if any */
	const char *lang;            /* "zh" or "en" */
	const char *bearer;          /* Authorization: Bearer token, or NULL */
	const char *csrf_header;     /* X-CSRF-Token, or NULL */
	struct auth_session sess;
	int logged_in;
	char csrf[AUTH_CSRF_LEN + 1];   /* the token forms must echo */
	struct ctx ctx;              /* the domain's view: db, user, client */
	char client[64];
	/* the answer */
	int status;
	const char *ctype;
	struct buf out;
	struct { const char *name, *value; } headers[REQ_MAX_HEADERS];
	int nheaders;
	int no_cache;                /* never store this answer in the cache */
};

/* Query-string parameters.  q_str: NULL if absent.  q_int: def if absent;
 * -1 with an error answered (400 naming the parameter) if malformed or out
 * of [min, max] — the handler then returns at once. */
const char *q_str(struct req *r, const char *name);
int q_int(struct req *r, const char *name, int64_t def, int64_t min, int64_t max,
	  int64_t *out);
/* Checks that each present query parameter (and form field of a page that
 * asks) is valid UTF-8 without control characters: -1 after answering 400. */
int q_check_text(struct req *r);
const char *form_str(struct req *r, const char *name);
const char *cookie_str(struct req *r, const char *name);

void req_header(struct req *r, const char *name, const char *value);
/* Sets a cookie (HttpOnly, SameSite=Lax, Path=/); max_age < 0 = session. */
void req_cookie(struct req *r, const char *name, const char *value, int64_t max_age);
/* 303 See Other to a local path (must start with '/'). */
int reply_redirect(struct req *r, const char *location);
/* Serialises j (consumed) as the body with the status. */
int reply_json(struct req *r, int status, json_t *j);
/* The error answer: JSON {"error":{code,message,field}} on API routes, an
 * HTML page elsewhere.  Always returns -1. */
int reply_error(struct req *r, int status, const char *code, const char *field,
		const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* reply_error for a domain refusal, with the matching status. */
int reply_derr(struct req *r, const struct derr *e);
int derr_status(const struct derr *e);

/* 1 if the request's language is English. */
static inline int req_en(const struct req *r)
{
	return r->lang[0] == 'e';
}

#endif
