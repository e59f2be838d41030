/*
 * org.c — organisations: validation, permissions, audit.  See org.h.
 */
#include <stddef.h>
#include <string.h>
#include "domain/audit.h"
#include "domain/catalog.h"
#include "domain/org.h"
#include "store/store.h"
#include "core/banned.h"

const struct field org_fields[] = {
	{ "id", FT_INT, F_READONLY, offsetof(struct org, id), 0, 0, NULL, "编号", "ID" },
	{ "kind", FT_ENUM, F_REQUIRED, offsetof(struct org, kind), 0, 0, vocab_org_kind, "类型", "Kind" },
	{ "name_zh", FT_TEXT, F_REQUIRED, offsetof(struct org, name_zh), 0, 120, NULL, "中文名称", "Name (Chinese)" },
	{ "name_en", FT_TEXT, 0, offsetof(struct org, name_en), 0, 200, NULL, "英文名称", "Name (English)" },
	{ "city", FT_TEXT, F_REQUIRED, offsetof(struct org, city_code), 0, 6, NULL, "城市", "City" },
	{ "parent_id", FT_INT, 0, offsetof(struct org, parent_id), 1, INT64_MAX, NULL, "上级单位", "Parent organisation" },
	{ "uscc", FT_TEXT, 0, offsetof(struct org, uscc), 0, 18, NULL, "统一社会信用代码", "Unified social credit code" },
	{ "address", FT_TEXT, 0, offsetof(struct org, address), 0, 200, NULL, "地址", "Address" },
	{ "region", FT_TEXT, F_READONLY, offsetof(struct org, region_code), 0, 0, NULL, "区域", "Region" },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL },
};

json_t *org_json(const struct org *o)
{
	json_t *j = json_pack("{s:I, s:s, s:s, s:s?, s:s, s:s, s:s?, s:s?, s:s?, s:s?,"
			      " s:s?, s:s?, s:I, s:I, s:I, s:I}",
		"id", (json_int_t)o->id, "kind", o->kind, "name_zh", o->name_zh,
		"name_en", o->name_en, "region", o->region_code, "city", o->city_code,
		"region_zh", o->region_zh, "region_en", o->region_en,
		"city_zh", o->city_zh, "city_en", o->city_en,
		"uscc", o->uscc, "address", o->address,
		"instruments", (json_int_t)o->instruments,
		"value_cny", (json_int_t)o->value_cny,
		"created_at", (json_int_t)o->created_at,
		"updated_at", (json_int_t)o->updated_at);
	if (j && o->parent_id > 0) {
		json_object_set_new(j, "parent_id", json_integer(o->parent_id));
		if (o->parent_zh)
			json_object_set_new(j, "parent_zh", json_string(o->parent_zh));
	} else if (j)
		json_object_set_new(j, "parent_id", json_null());
	return j;
}

static int may_edit(const struct ctx *c, const char *region)
{
	switch (role_of(c->user)) {
	case ROLE_SYSADMIN:
	case ROLE_OFFICE:
		return 1;
	case ROLE_COORDINATOR:
		return region && c->user->region_code &&
		       strcmp(region, c->user->region_code) == 0;
	default:
		return 0;
	}
}

static int deny(const struct ctx *c, struct derr *e)
{
	if (!c->user)
		return derr_set(e, DERR_UNAUTHORIZED, "login_required", NULL,
				"log in to change organisations");
	return derr_set(e, DERR_FORBIDDEN, "forbidden", NULL,
			"you may not change this organisation");
}

int org_get(struct ctx *c, int64_t id, struct org *out, struct derr *e)
{
	int rc = store_org_get(c->db, c->a, id, out);
	if (rc > 0)
		return derr_set(e, DERR_NOT_FOUND, "not_found", NULL,
				"organisation %lld does not exist", (long long)id);
	return rc < 0 ? derr_store(e, rc, "reading the organisation") : 0;
}

int org_list(struct ctx *c, const struct org_filter *f, struct org **out,
	     size_t *n, int64_t *total, struct derr *e)
{
	int rc = store_org_list(c->db, c->a, f, out, n, total);
	return rc < 0 ? derr_store(e, rc, "listing organisations") : 0;
}

/* Checks the references and codes of o inside the open transaction, and
 * fills o->region_code from its city. */
static int org_check(struct ctx *c, struct org *o, struct derr *e)
{
	struct city city;
	int rc = store_city_get(c->db, c->a, o->city_code, &city);
	if (rc > 0)
		return derr_set(e, DERR_INVALID, "not_found", "city",
				"city %s is not in the community", o->city_code);
	if (rc < 0)
		return derr_store(e, rc, "checking the city");
	o->region_code = city.region_code;
	if (o->uscc) {
		char *up = arena_strdup(c->a, o->uscc);   /* codes are upper case */
		int64_t other;
		for (char *p = up; p && *p; p++)
			if (*p >= 'a' && *p <= 'z')
				*p = (char)(*p - 'a' + 'A');
		o->uscc = up;
		if (!uscc_valid(o->uscc))
			return derr_set(e, DERR_INVALID, "bad_checksum", "uscc",
					"uscc is not a valid unified social credit code");
		other = store_org_by_uscc(c->db, o->uscc);
		if (other < 0)
			return derr_store(e, (int)other, "checking the credit code");
		if (other > 0 && other != o->id)
			return derr_set(e, DERR_CONFLICT, "taken", "uscc",
					"organisation %lld has this credit code already",
					(long long)other);
	}
	if (o->parent_id > 0) {
		struct org parent;
		if (o->parent_id == o->id)
			return derr_set(e, DERR_INVALID, "invalid", "parent_id",
					"an organisation cannot be its own parent");
		rc = store_org_get(c->db, c->a, o->parent_id, &parent);
		if (rc > 0)
			return derr_set(e, DERR_INVALID, "not_found", "parent_id",
					"parent organisation %lld does not exist",
					(long long)o->parent_id);
		if (rc < 0)
			return derr_store(e, rc, "checking the parent");
		/* no cycles: walk up from the parent */
		for (int depth = 0; parent.parent_id > 0; depth++) {
			if (parent.parent_id == o->id || depth > 32)
				return derr_set(e, DERR_INVALID, "cycle", "parent_id",
						"parent_id would make a cycle");
			if (store_org_get(c->db, c->a, parent.parent_id, &parent) != 0)
				break;
		}
	}
	return 0;
}

static int finish(struct ctx *c, int rc, struct derr *e, const char *what)
{
	if (rc < 0) {
		store_rollback(c->db);
		if (e->kind)
			return -1;
		if (rc == DB_CONSTRAINT)   /* the credit code was checked: the name */
			return derr_set(e, DERR_CONFLICT, "taken", "name_zh",
					"an organisation with this name exists");
		return derr_store(e, rc, what);
	}
	if ((rc = store_commit(c->db)) < 0)
		return derr_store(e, rc, what);
	return 0;
}

int org_create(struct ctx *c, json_t *in, int64_t *id, struct derr *e)
{
	struct org o = { 0 };
	json_t *after = NULL;
	int rc;

	if (!c->user || role_of(c->user) < ROLE_COORDINATOR)
		return deny(c, e);
	if (fields_apply(org_fields, in, &o, c->a, FIELDS_CREATE, e) < 0)
		return -1;
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "creating the organisation");
	if ((rc = org_check(c, &o, e)) < 0)
		return finish(c, rc, e, "creating the organisation");
	if (!may_edit(c, o.region_code)) {
		store_rollback(c->db);
		return deny(c, e);
	}
	if ((rc = store_org_insert(c->db, &o, id)) == 0) {
		struct org saved;
		rc = store_org_get(c->db, c->a, *id, &saved);
		if (rc == 0 && !(after = org_json(&saved)))
			rc = DB_ERR;
		if (rc == 0)
			rc = audit_log(c, "create", "org", *id, NULL, after, e);
	}
	json_decref(after);
	return finish(c, rc, e, "creating the organisation");
}

int org_update(struct ctx *c, int64_t id, json_t *in, enum fields_mode mode,
	       struct derr *e)
{
	struct org old, o;
	json_t *before = NULL, *after = NULL;
	int rc;

	if (!c->user)
		return deny(c, e);
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "updating the organisation");
	rc = store_org_get(c->db, c->a, id, &old);
	if (rc > 0) {
		store_rollback(c->db);
		return derr_set(e, DERR_NOT_FOUND, "not_found", NULL,
				"organisation %lld does not exist", (long long)id);
	}
	if (rc < 0)
		return finish(c, rc, e, "updating the organisation");
	if (!may_edit(c, old.region_code)) {
		store_rollback(c->db);
		return deny(c, e);
	}
	o = old;
	if (fields_apply(org_fields, in, &o, c->a, mode, e) < 0 ||
	    org_check(c, &o, e) < 0)
		return finish(c, -1, e, "updating the organisation");
	if (!may_edit(c, o.region_code)) {
		store_rollback(c->db);
		return deny(c, e);
	}
	if ((rc = store_org_update(c->db, &o)) == 0) {
		struct org saved;
		rc = store_org_get(c->db, c->a, id, &saved);
		before = org_json(&old);
		after = rc == 0 ? org_json(&saved) : NULL;
		if (rc == 0)
			rc = audit_log(c, "update", "org", id, before, after, e);
	}
	json_decref(before);
	json_decref(after);
	return finish(c, rc, e, "updating the organisation");
}

int org_delete(struct ctx *c, int64_t id, struct derr *e)
{
	struct org old;
	json_t *before;
	int64_t refs;
	int rc;

	if (!c->user)
		return deny(c, e);
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "deleting the organisation");
	rc = store_org_get(c->db, c->a, id, &old);
	if (rc > 0) {
		store_rollback(c->db);
		return derr_set(e, DERR_NOT_FOUND, "not_found", NULL,
				"organisation %lld does not exist", (long long)id);
	}
	if (rc < 0)
		return finish(c, rc, e, "deleting the organisation");
	if (!may_edit(c, old.region_code)) {
		store_rollback(c->db);
		return deny(c, e);
	}
	refs = store_org_refs(c->db, id);
	if (refs != 0) {
		store_rollback(c->db);
		return refs < 0 ? derr_store(e, DB_ERR, "deleting the organisation")
				: derr_set(e, DERR_CONFLICT, "in_use", NULL,
					   "organisation %lld still has instruments, accounts"
					   " or member organisations", (long long)id);
	}
	before = org_json(&old);
	rc = store_org_delete(c->db, id);
	if (rc == DB_CONSTRAINT)   /* another capability's rows refer to it */
		derr_set(e, DERR_CONFLICT, "in_use", NULL,
			 "organisation %lld is still referred to (contracts, experts,"
			 " projects or the like)", (long long)id);
	if (rc == 0)
		rc = audit_log(c, "delete", "org", id, before, NULL, e);
	json_decref(before);
	return finish(c, rc, e, "deleting the organisation");
}
