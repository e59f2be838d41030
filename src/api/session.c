/*
 * session.c — API sessions: POST logs in and returns a bearer token,
 * GET says who you are, DELETE ends the session.
 */
#include <string.h>
#include "api/api.h"
#include "domain/auth.h"
#include "core/banned.h"

static json_t *account_json(const struct account *a)
{
	json_t *j = json_pack("{s:I, s:s, s:s?, s:s, s:s?}", "id", (json_int_t)a->id,
			      "username", a->username, "display_name", a->display_name,
			      "role", a->role, "region", a->region_code);
	if (j)
		json_object_set_new(j, "org_id", a->org_id > 0 ? json_integer(a->org_id) : json_null());
	return j;
}

int api_session_create(struct req *r)
{
	struct auth_session s;
	struct derr e = { 0 };
	const char *key;
	json_t *v;

	json_object_foreach(r->json, key, v) {
		if (strcmp(key, "username") && strcmp(key, "password"))
			return reply_error(r, 400, "unknown_field", key, "unknown field %s", key);
		if (!json_is_string(v))
			return reply_error(r, 400, "wrong_type", key, "%s must be a string", key);
	}
	if (!json_is_object(r->json))
		return reply_error(r, 400, "wrong_type", NULL, "the body must be a JSON object");
	if (auth_login(&r->ctx, json_string_value(json_object_get(r->json, "username")),
		       json_string_value(json_object_get(r->json, "password")), "api", &s, &e) < 0)
		return reply_derr(r, &e);
	return reply_json(r, 201, json_pack("{s:s, s:s, s:o}", "token", s.token,
					    "csrf", s.csrf, "account", account_json(&s.account)));
}

int api_session_get(struct req *r)
{
	return reply_json(r, 200, json_pack("{s:o, s:s}", "account",
					    account_json(&r->sess.account), "kind", r->sess.kind));
}

int api_session_delete(struct req *r)
{
	struct derr e = { 0 };
	if (auth_logout(&r->ctx, r->sess.token, &e) < 0)
		return reply_derr(r, &e);
	r->status = 204;
	r->ctype = "application/json";
	return 0;
}
