/*
 * routes.c — the one table of routes, and the dispatcher that enforces
 * each route's flags so that no handler can forget them.
 *
 * Adding a route takes:
 *   1. a handler in web/<page>.c or api/<resource>.c, declared in web/web.h
 *      or api/api.h;
 *   2. one line in routes[] below, with the flags it needs;
 *   3. a test: tests/api/ for the API, tests/e2e/ for a page;
 *   4. for the API, an entry in docs/api/openapi.yaml (a test checks that
 *      every /api/ route here is documented there and the reverse).
 */
#include <sodium.h>
#include <string.h>
#include <strings.h>
#include "api/api.h"
#include "core/util.h"
#include "http/routes.h"
#include "web/web.h"
#include "core/banned.h"

const struct route routes[] = {
	/* pages */
	{ "GET", "/", web_home, CACHE },
	{ "GET", "/instruments", web_instruments, CACHE },
	{ "GET", "/instruments/new", web_instrument_new, NEED_LOGIN },
	{ "POST", "/instruments", web_instrument_create, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "GET", "/instruments/:id", web_instrument, CACHE },
	{ "GET", "/instruments/:id/edit", web_instrument_edit, NEED_LOGIN },
	{ "POST", "/instruments/:id", web_instrument_save, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "POST", "/instruments/:id/delete", web_instrument_delete, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "GET", "/orgs", web_orgs, CACHE },
	{ "GET", "/orgs/:id", web_org, CACHE },
	{ "GET", "/regions/:code", web_region, CACHE },
	{ "GET", "/login", web_login, 0 },
	{ "POST", "/login", web_login_post, NEED_CSRF | BODY_FORM },
	{ "POST", "/logout", web_logout, NEED_LOGIN | NEED_CSRF | BODY_FORM },
	{ "GET", "/admin/audit", web_audit, NEED_LOGIN },
	{ "GET", "/static/:code", web_static, CACHE },
	{ "GET", "/healthz", api_healthz, API },

	/* the JSON API */
	{ "POST", "/api/v1/session", api_session_create, API | BODY_JSON },
	{ "GET", "/api/v1/session", api_session_get, API | NEED_LOGIN },
	{ "DELETE", "/api/v1/session", api_session_delete, API | NEED_LOGIN | NEED_CSRF },
	{ "GET", "/api/v1/regions", api_regions, API | CACHE },
	{ "GET", "/api/v1/regions/:code", api_region, API | CACHE },
	{ "GET", "/api/v1/cities", api_cities, API | CACHE },
	{ "GET", "/api/v1/organisations", api_orgs_list, API | CACHE },
	{ "POST", "/api/v1/organisations", api_org_create, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "GET", "/api/v1/organisations/:id", api_org_get, API | CACHE },
	{ "PUT", "/api/v1/organisations/:id", api_org_update, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "PATCH", "/api/v1/organisations/:id", api_org_update, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "DELETE", "/api/v1/organisations/:id", api_org_delete, API | NEED_LOGIN | NEED_CSRF },
	{ "GET", "/api/v1/instruments", api_instruments_list, API | CACHE },
	{ "POST", "/api/v1/instruments", api_instrument_create, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "GET", "/api/v1/instruments/:id", api_instrument_get, API | CACHE },
	{ "PUT", "/api/v1/instruments/:id", api_instrument_update, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "PATCH", "/api/v1/instruments/:id", api_instrument_update, API | NEED_LOGIN | NEED_CSRF | BODY_JSON },
	{ "DELETE", "/api/v1/instruments/:id", api_instrument_delete, API | NEED_LOGIN | NEED_CSRF },
	{ "GET", "/api/v1/stats", api_stats, API | CACHE },
	{ "GET", "/api/v1/audit", api_audit, API | NEED_LOGIN },
};
const size_t nroutes = ARRAY_SIZE(routes);

/* Matches one path against a pattern; fills id / param for ":id" / ":code". */
static int path_match(const char *pat, const char *path, int64_t *id,
		      const char **param, struct arena *a)
{
	while (*pat && *path) {
		if (*pat != '/' || *path != '/')
			return 0;
		pat++;
		path++;
		if (*pat == ':') {
			const char *pe = strchr(pat, '/'), *se = strchr(path, '/');
			size_t plen = pe ? (size_t)(pe - pat) : strlen(pat);
			size_t slen = se ? (size_t)(se - path) : strlen(path);
			char num[24];
			int64_t v;
			if (slen == 0)
				return 0;
			if (plen == 3 && strncmp(pat, ":id", 3) == 0) {
				if (slen >= sizeof num)
					return 0;
				memcpy(num, path, slen);
				num[slen] = '\0';
				if (num[0] < '1' || num[0] > '9' ||
				    parse_i64(num, 1, INT64_MAX, &v) < 0)
					return 0;
				if (id)
					*id = v;
			} else if (param && a) {
				*param = arena_strndup(a, path, slen);
			}
			pat += plen;
			path += slen;
			continue;
		}
		while (*pat && *pat != '/' && *pat == *path) {
			pat++;
			path++;
		}
		if (*pat && *pat != '/')
			return 0;
		if (*path && *path != '/')
			return 0;
	}
	if (*path == '/' && path[1] == '\0' && !*pat)   /* a trailing slash */
		return 1;
	return !*pat && !*path;
}

const struct route *routes_match(const char *method, const char *path,
				 int64_t *id, const char **param, struct arena *a)
{
	if (strcmp(method, "HEAD") == 0)
		method = "GET";
	for (size_t i = 0; i < nroutes; i++)
		if (strcmp(routes[i].method, method) == 0 &&
		    path_match(routes[i].path, path, id, param, a))
			return &routes[i];
	return NULL;
}

static int content_type_is(const char *ct, const char *want)
{
	size_t n = strlen(want);
	return ct && strncasecmp(ct, want, n) == 0 && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

static int csrf_ok(struct req *r)
{
	const char *given;
	if (r->bearer && r->logged_in)
		return 1;   /* a bearer token is not sent by browsers on their own */
	given = (r->route->flags & BODY_FORM) ? form_str(r, "_csrf") : r->csrf_header;
	return given && r->csrf[0] && strlen(given) == strlen(r->csrf) &&
	       sodium_memcmp(given, r->csrf, strlen(given)) == 0;
}

void routes_dispatch(struct req *r)
{
	const struct route *rt = routes_match(r->method, r->path, &r->id, &r->param, r->a);
	unsigned f;

	if (!rt) {
		char allow[128] = "";
		size_t used = 0;
		for (size_t i = 0; i < nroutes; i++) {
			if (!path_match(routes[i].path, r->path, NULL, NULL, NULL))
				continue;
			if (!r->route)
				r->route = &routes[i];   /* answer in that route's format */
			if (!strstr(allow, routes[i].method)) {
				int k = snprintf(allow + used, sizeof allow - used, "%s%s",
						 used ? ", " : "", routes[i].method);
				if (k > 0 && (size_t)k < sizeof allow - used)
					used += (size_t)k;
			}
		}
		if (used) {
			req_header(r, "Allow", arena_strdup(r->a, allow));
			reply_error(r, 405, "method_not_allowed", NULL,
				    "%s is not allowed here; use %s", r->method, allow);
		} else {
			reply_error(r, 404, "not_found", NULL, "no such page");
		}
		return;
	}
	r->route = rt;
	f = rt->flags;
	if ((f & NEED_LOGIN) && !r->logged_in) {
		if (f & API) {
			reply_error(r, 401, "login_required", NULL, "log in first");
			req_header(r, "WWW-Authenticate", "Bearer");
		} else {
			/* come back to the same page, query and all */
			char *next = url_encode(r->a, r->raw_query[0]
						? arena_printf(r->a, "%s?%s", r->path, r->raw_query)
						: r->path);
			reply_redirect(r, arena_printf(r->a, "/login?next=%s", next ? next : "/"));
		}
		return;
	}
	if (f & BODY_FORM) {
		if (!content_type_is(r->content_type, "application/x-www-form-urlencoded")) {
			reply_error(r, 415, "unsupported_media_type", NULL,
				    "send application/x-www-form-urlencoded");
			return;
		}
		if (form_parse(r->a, r->body, r->body_len, &r->form, &r->nform) < 0) {
			reply_error(r, 400, "invalid", NULL, "too many form fields");
			return;
		}
	}
	if (f & BODY_JSON) {
		json_error_t je;
		if (!content_type_is(r->content_type, "application/json")) {
			reply_error(r, 415, "unsupported_media_type", NULL, "send application/json");
			return;
		}
		r->json = json_loadb(r->body ? r->body : "", r->body_len,
				     JSON_REJECT_DUPLICATES, &je);
		if (!r->json) {
			reply_error(r, 400, "malformed_json", NULL,
				    "malformed JSON at line %d column %d: %s",
				    je.line, je.column, je.text);
			return;
		}
	}
	if ((f & NEED_CSRF) && !csrf_ok(r)) {
		reply_error(r, 403, "csrf", "_csrf",
			    "the form's security token is missing or wrong; reload the page");
		return;
	}
	if (q_check_text(r) < 0)
		return;
	rt->fn(r);
}
