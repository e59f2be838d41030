/*
 * routes.h — the one table of routes and the checks it promises.
 */
#ifndef HTTP_ROUTES_H
#define HTTP_ROUTES_H

#include "http/request.h"

typedef int (*handler_fn)(struct req *r);

/* Flags, enforced by routes_dispatch() before the handler runs: */
#define NEED_LOGIN 0x01u  /* no session: 401 (API) or a redirect to /login */
#define NEED_CSRF  0x02u  /* forms echo _csrf; cookie-authenticated API calls
			     send X-CSRF-Token; bearer-token calls are exempt */
#define API        0x04u  /* errors answer JSON */
#define BODY_JSON  0x08u  /* Content-Type application/json, parsed into r->json */
#define BODY_FORM  0x10u  /* Content-Type application/x-www-form-urlencoded */
#define CACHE      0x20u  /* anonymous answers may be cached until the next write */

struct route {
	const char *method;
	const char *path;    /* segments; ":id" = a positive integer, ":code" = any */
	handler_fn fn;
	unsigned flags;
};

extern const struct route routes[];
extern const size_t nroutes;

/* Finds the route for r->method and r->path, runs its checks and the
 * handler.  Answers 404 / 405 (with Allow) itself. */
void routes_dispatch(struct req *r);
/* The route that would serve this method and path, or NULL (for the
 * cache's decision, made before the body is read). */
const struct route *routes_match(const char *method, const char *path,
				 int64_t *id, const char **param, struct arena *a);

#endif
