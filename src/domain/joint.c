/*
 * joint.c — lists of organisations and experts, dates and document
 * splitting shared by projects, consortia and challenges.  See joint.h.
 */
#include <stdio.h>
#include <string.h>
#include "core/cst.h"
#include "core/utf8.h"
#include "domain/joint.h"
#include "store/expert.h"
#include "store/store.h"
#include "core/banned.h"

const struct term vocab_expert_role[] = {
	{ "lead", "负责人", "Lead" },
	{ "co_lead", "共同负责人", "Co-lead" },
	{ "member", "成员", "Member" },
	{ NULL, NULL, NULL },
};

int joint_split(json_t *in, const char *const *names, size_t n, const char *bool_name,
		json_t **rest, json_t **vals, struct derr *e)
{
	json_t *b;
	*rest = NULL;
	for (size_t i = 0; i < n; i++)
		vals[i] = NULL;
	if (!json_is_object(in))
		return derr_set(e, DERR_INVALID, "wrong_type", NULL, "the body must be a JSON object");
	if (!(*rest = json_copy(in)))
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	for (size_t i = 0; i < n; i++) {
		vals[i] = json_object_get(in, names[i]);
		json_object_del(*rest, names[i]);
	}
	if (bool_name && (b = json_object_get(*rest, bool_name)) && json_is_boolean(b))
		json_object_set_new(*rest, bool_name, json_integer(json_is_true(b)));
	return 0;
}

static const char *at(struct ctx *c, const char *field, size_t i)
{
	const char *s = arena_printf(c->a, "%s[%zu]", field, i);
	return s ? s : field;
}

int joint_parties(struct ctx *c, json_t *v, const char *field, int64_t lead,
		  struct party **out, size_t *n, struct derr *e)
{
	size_t i, k;
	json_t *x;

	*out = NULL;
	*n = 0;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_array(v))
		return derr_set(e, DERR_INVALID, "wrong_type", field,
				"%s must be a list of organisation ids", field);
	if (json_array_size(v) > JOINT_MAX_MEMBERS)
		return derr_set(e, DERR_INVALID, "too_many", field, "%s has more than %d entries",
				field, JOINT_MAX_MEMBERS);
	if (json_array_size(v) && !(*out = arena_zalloc(c->a, json_array_size(v) * sizeof **out)))
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	json_array_foreach(v, i, x) {
		json_int_t id;
		if (!json_is_integer(x) || (id = json_integer_value(x)) < 1)
			return derr_set(e, DERR_INVALID, "wrong_type", at(c, field, i),
					"%s[%zu] must be an organisation id", field, i);
		if (id == lead)
			return derr_set(e, DERR_INVALID, "duplicate", at(c, field, i),
					"%s[%zu] is the lead organisation, listed again", field, i);
		for (k = 0; k < *n; k++)
			if ((*out)[k].org_id == id)
				return derr_set(e, DERR_INVALID, "duplicate", at(c, field, i),
						"%s[%zu]: organisation %lld is listed twice", field, i,
						(long long)id);
		(*out)[*n].org_id = id;
		(*out)[*n].role = "member";
		(*n)++;
	}
	return 0;
}

int joint_persons(struct ctx *c, json_t *v, const char *field, struct person **out,
		  size_t *n, struct derr *e)
{
	size_t i;
	json_t *x;

	*out = NULL;
	*n = 0;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_array(v))
		return derr_set(e, DERR_INVALID, "wrong_type", field,
				"%s must be a list of {expert_id, role}", field);
	if (json_array_size(v) > JOINT_MAX_EXPERTS)
		return derr_set(e, DERR_INVALID, "too_many", field, "%s has more than %d entries",
				field, JOINT_MAX_EXPERTS);
	if (json_array_size(v) && !(*out = arena_zalloc(c->a, json_array_size(v) * sizeof **out)))
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	json_array_foreach(v, i, x) {
		json_t *id = json_object_get(x, "expert_id"), *role = json_object_get(x, "role");
		const struct term *t = NULL;
		const char *key;
		json_t *m;
		if (!json_is_object(x))
			return derr_set(e, DERR_INVALID, "wrong_type", at(c, field, i),
					"%s[%zu] must be an object {expert_id, role}", field, i);
		json_object_foreach(x, key, m)
			if (strcmp(key, "expert_id") != 0 && strcmp(key, "role") != 0)
				return derr_set(e, DERR_INVALID, "unknown_field", at(c, field, i),
						"%s[%zu] has an unknown member", field, i);
		if (!json_is_integer(id) || json_integer_value(id) < 1)
			return derr_set(e, DERR_INVALID, json_is_null(id) || !id ? "required" : "wrong_type",
					arena_printf(c->a, "%s[%zu].expert_id", field, i),
					"%s[%zu].expert_id must be an expert's id", field, i);
		if (role && !json_is_null(role) &&
		    (!json_is_string(role) || !(t = vocab_find(vocab_expert_role, json_string_value(role)))))
			return derr_set(e, DERR_INVALID, "not_allowed",
					arena_printf(c->a, "%s[%zu].role", field, i),
					"%s[%zu].role must be lead, co_lead or member", field, i);
		for (size_t k = 0; k < *n; k++)
			if ((*out)[k].expert_id == json_integer_value(id))
				return derr_set(e, DERR_INVALID, "duplicate", at(c, field, i),
						"%s[%zu]: expert %lld is listed twice", field, i,
						(long long)json_integer_value(id));
		(*out)[*n].expert_id = json_integer_value(id);
		(*out)[*n].role = t ? t->key : "member";
		(*n)++;
	}
	return 0;
}

int joint_org(struct ctx *c, int64_t id, const char *kind, const char *field,
	      struct org *out, struct derr *e)
{
	int rc;
	if (id <= 0)
		return derr_set(e, DERR_INVALID, "required", field, "%s is required", field);
	rc = store_org_get(c->db, c->a, id, out);
	if (rc > 0)
		return derr_set(e, DERR_INVALID, "not_found", field,
				"organisation %lld does not exist", (long long)id);
	if (rc < 0)
		return derr_store(e, rc, "reading an organisation");
	if (kind && strcmp(out->kind, kind) != 0)
		return derr_set(e, DERR_INVALID, "wrong_kind", field,
				"organisation %lld is not an %s", (long long)id, kind);
	return 0;
}

int joint_check_orgs(struct ctx *c, struct party *m, size_t n, const char *field,
		     struct derr *e)
{
	for (size_t i = 0; i < n; i++) {
		struct org o;
		if (joint_org(c, m[i].org_id, NULL, at(c, field, i), &o, e) < 0)
			return -1;
		m[i].region_code = o.region_code;
		m[i].kind = o.kind;
		m[i].name_zh = o.name_zh;
		m[i].name_en = o.name_en;
	}
	return 0;
}

int joint_check_experts(struct ctx *c, const struct person *x, size_t n, const char *field,
			struct derr *e)
{
	for (size_t i = 0; i < n; i++) {
		struct expert ex;
		int rc = store_expert_get(c->db, c->a, x[i].expert_id, &ex);
		if (rc > 0)
			return derr_set(e, DERR_INVALID, "not_found",
					arena_printf(c->a, "%s[%zu].expert_id", field, i),
					"expert %lld does not exist", (long long)x[i].expert_id);
		if (rc < 0)
			return derr_store(e, rc, "reading an expert");
	}
	return 0;
}

int64_t joint_day(const char *s)
{
	int64_t y = 0;
	int m, d;
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (!cst_date_valid(y, m, d))
		return -1;
	return cst_days_from_civil(y, m, d);
}

const char *joint_cut(struct arena *a, const char *s, size_t max)
{
	size_t len = s ? strlen(s) : 0;
	return s ? arena_strndup(a, s, utf8_prefix(s, len, max)) : NULL;
}

json_t *joint_parties_json(const struct party *m, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, json_pack("{s:I, s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?}",
			"org_id", (json_int_t)m[i].org_id, "role", m[i].role,
			"region", m[i].region_code, "name_zh", m[i].name_zh, "name_en", m[i].name_en,
			"kind", m[i].kind, "region_zh", m[i].region_zh, "region_en", m[i].region_en));
	return a;
}

json_t *joint_persons_json(const struct person *x, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, json_pack("{s:I, s:s, s:s?, s:s?, s:I, s:s?, s:s?}",
			"expert_id", (json_int_t)x[i].expert_id, "role", x[i].role,
			"name", x[i].name, "name_en", x[i].name_en, "org_id", (json_int_t)x[i].org_id,
			"org_zh", x[i].org_zh, "org_en", x[i].org_en));
	return a;
}
