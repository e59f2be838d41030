/*
 * request.c — typed parameters and the ways to answer.  See request.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "core/util.h"
#include "core/utf8.h"
#include "domain/fields.h"
#include "http/request.h"
#include "http/routes.h"
#include "web/web.h"
#include "core/banned.h"

const char *q_str(struct req *r, const char *name)
{
	return kv_get(r->query, r->nquery, name);
}

const char *form_str(struct req *r, const char *name)
{
	return kv_get(r->form, r->nform, name);
}

const char *cookie_str(struct req *r, const char *name)
{
	return kv_get(r->cookies, r->ncookies, name);
}

int q_int(struct req *r, const char *name, int64_t def, int64_t min, int64_t max,
	  int64_t *out)
{
	const char *s = q_str(r, name);
	if (!s || !*s) {
		*out = def;
		return 0;
	}
	if (parse_i64(s, min, max, out) < 0)
		return reply_error(r, 400, "invalid", name,
				   "%s must be a whole number from %lld to %lld", name,
				   (long long)min, (long long)max);
	return 0;
}

static int check_pairs(struct req *r, const struct kv *kv, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct derr e = { 0 };
		const char *name = utf8_valid(kv[i].key, kv[i].key_len) ? kv[i].key : "?";
		if (text_check(kv[i].key, kv[i].key_len, 0, 64, "parameter name", &e) < 0 ||
		    text_check(kv[i].val, kv[i].val_len, 1, 20000, name, &e) < 0)
			return reply_error(r, 400, e.code, e.field, "%s", e.message);
	}
	return 0;
}

int q_check_text(struct req *r)
{
	if (check_pairs(r, r->query, r->nquery) < 0)
		return -1;
	return check_pairs(r, r->form, r->nform);
}

void req_header(struct req *r, const char *name, const char *value)
{
	if (r->nheaders < REQ_MAX_HEADERS) {
		r->headers[r->nheaders].name = name;
		r->headers[r->nheaders].value = value;
		r->nheaders++;
	}
}

void req_cookie(struct req *r, const char *name, const char *value, int64_t max_age)
{
	char *v;
	if (max_age >= 0)
		v = arena_printf(r->a, "%s=%s; Path=/; HttpOnly; SameSite=Lax; Max-Age=%lld",
				 name, value, (long long)max_age);
	else
		v = arena_printf(r->a, "%s=%s; Path=/; HttpOnly; SameSite=Lax", name, value);
	if (v)
		req_header(r, "Set-Cookie", v);
}

int reply_redirect(struct req *r, const char *location)
{
	if (!location || location[0] != '/' || location[1] == '/')
		location = "/";
	r->status = 303;
	req_header(r, "Location", arena_strdup(r->a, location));
	buf_reset(&r->out);
	return 0;
}

int reply_json(struct req *r, int status, json_t *j)
{
	size_t need;
	r->status = status;
	r->ctype = "application/json";
	buf_reset(&r->out);
	if (!j) {
		r->status = 500;
		buf_adds(&r->out, "{\"error\":{\"code\":\"internal\",\"message\":\"out of memory\",\"field\":null}}");
		return -1;
	}
	need = json_dumpb(j, NULL, 0, JSON_COMPACT | JSON_REAL_PRECISION(15));
	if (need == 0 || buf_grow(&r->out, need) < 0) {
		json_decref(j);
		r->status = 500;
		return -1;
	}
	json_dumpb(j, r->out.s, need, JSON_COMPACT | JSON_REAL_PRECISION(15));
	r->out.len = need;
	r->out.s[need] = '\0';
	json_decref(j);
	return 0;
}

int reply_error(struct req *r, int status, const char *code, const char *field,
		const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	r->no_cache = 1;
	if ((r->route && (r->route->flags & API)) || strncmp(r->path, "/api/", 5) == 0) {
		json_t *j = json_pack("{s:{s:s, s:s, s:s?}}", "error", "code", code,
				      "message", msg, "field", field && *field ? field : NULL);
		reply_json(r, status, j);
		r->status = status;
	} else {
		r->status = status;
		buf_reset(&r->out);
		web_error_page(r, status, code, field, msg);
	}
	return -1;
}

int derr_status(const struct derr *e)
{
	switch (e->kind) {
	case DERR_INVALID: return 400;
	case DERR_UNAUTHORIZED: return 401;
	case DERR_FORBIDDEN: return 403;
	case DERR_NOT_FOUND: return 404;
	case DERR_CONFLICT: return 409;
	case DERR_TOO_MANY: return 429;
	case DERR_BUSY: return 503;
	default: return 500;
	}
}

int reply_derr(struct req *r, const struct derr *e)
{
	if (e->kind == DERR_TOO_MANY && e->retry_after > 0)
		req_header(r, "Retry-After", arena_printf(r->a, "%lld", (long long)e->retry_after));
	return reply_error(r, derr_status(e), e->code ? e->code : "error", e->field,
			   "%s", e->message);
}
