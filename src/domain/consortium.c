/*
 * consortium.c — innovation consortia: reading and checking their
 * documents, who may do what, writes with audit.  See consortium.h.
 */
#include <stddef.h>
#include <string.h>
#include "core/cst.h"
#include "core/util.h"
#include "domain/audit.h"
#include "domain/consortium.h"
#include "domain/industry.h"
#include "domain/joint.h"
#include "domain/project.h"
#include "store/store.h"
#include "core/banned.h"

const struct term vocab_consortium_role[] = {
	{ "lead", "牵头企业", "Leading enterprise" },
	{ "upstream", "上游企业", "Upstream enterprise" },
	{ "downstream", "下游企业", "Downstream enterprise" },
	{ "research", "高校院所", "University or institute" },
	{ "other", "其他成员", "Other member" },
	{ NULL, NULL, NULL },
};

const struct field consortium_fields[] = {
	{ "id", FT_INT, F_READONLY, offsetof(struct consortium, id), 0, 0, NULL, "编号", "ID" },
	{ "name", FT_TEXT, F_REQUIRED, offsetof(struct consortium, name), 0, 120, NULL, "联合体名称", "Name" },
	{ "name_en", FT_TEXT, 0, offsetof(struct consortium, name_en), 0, 200, NULL, "英文名称", "Name (English)" },
	{ "lead_org_id", FT_INT, F_REQUIRED, offsetof(struct consortium, lead_org_id), 1, INT64_MAX, NULL, "牵头企业", "Leading enterprise" },
	{ "field", FT_ENUM, 0, offsetof(struct consortium, field), 0, 0, vocab_industry, "产业领域", "Field" },
	{ "founded_year", FT_INT, 0, offsetof(struct consortium, founded_year), PROJECT_YEAR_MIN, PROJECT_YEAR_MAX, NULL, "组建年份", "Year founded" },
	{ "description", FT_TEXT, F_MULTILINE, offsetof(struct consortium, description), 0, 5000, NULL, "简介", "Description" },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL },
};

json_t *consortium_json(const struct consortium *k)
{
	json_t *j = json_pack("{s:I, s:s, s:s?, s:I, s:s?, s:s?, s:s?, s:s?, s:s?, s:I, s:I, s:b,"
			      " s:I, s:I, s:I, s:I}",
		"id", (json_int_t)k->id, "name", k->name, "name_en", k->name_en,
		"lead_org_id", (json_int_t)k->lead_org_id, "lead_zh", k->lead_zh, "lead_en", k->lead_en,
		"lead_region", k->lead_region, "field", k->field, "description", k->description,
		"founded_year", (json_int_t)k->founded_year, "regions", (json_int_t)k->regions,
		"cross_region", k->regions >= 2, "members_count", (json_int_t)k->nmembers,
		"projects", (json_int_t)k->nprojects,
		"created_at", (json_int_t)k->created_at, "updated_at", (json_int_t)k->updated_at);
	if (j && k->members)
		json_object_set_new(j, "members", joint_parties_json(k->members, k->nmember_rows));
	return j;
}

static int may_lead(const struct ctx *c, int64_t lead, const char *region)
{
	switch (role_of(c->user)) {
	case ROLE_SYSADMIN:
	case ROLE_OFFICE:
		return 1;
	case ROLE_COORDINATOR:
		return region && c->user->region_code && strcmp(region, c->user->region_code) == 0;
	case ROLE_ORG_ADMIN:
		return lead > 0 && lead == c->user->org_id;
	default:
		return 0;
	}
}

int consortium_may_create(const struct ctx *c)
{
	return project_may_create(c);
}

int consortium_may_edit(const struct ctx *c, const struct consortium *k)
{
	return may_lead(c, k->lead_org_id, k->lead_region);
}

static int deny(const struct ctx *c, struct derr *e, const char *what)
{
	if (!c->user)
		return derr_set(e, DERR_UNAUTHORIZED, "login_required", NULL, "log in to %s", what);
	return derr_set(e, DERR_FORBIDDEN, "forbidden", NULL, "you may not %s", what);
}

static int finish(struct ctx *c, int rc, struct derr *e, const char *what)
{
	if (rc < 0) {
		store_rollback(c->db);
		if (e->kind)
			return -1;
		if (rc == DB_CONSTRAINT)
			return derr_set(e, DERR_CONFLICT, "taken", "name",
					"a consortium with this name exists");
		return derr_store(e, rc, what);
	}
	if ((rc = store_commit(c->db)) < 0)
		return derr_store(e, rc, what);
	return 0;
}

/* Reads the members list [{org_id, role}] of a document. */
static int read_members(struct ctx *c, json_t *v, int64_t lead, struct party **out, size_t *n,
			struct derr *e)
{
	json_t *ids = json_array(), *x;
	size_t i;
	int rc;

	*out = NULL;
	*n = 0;
	if (!ids)
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	if (v && !json_is_null(v) && !json_is_array(v)) {
		json_decref(ids);
		return derr_set(e, DERR_INVALID, "wrong_type", "members",
				"members must be a list of {org_id, role}");
	}
	/* the ids through the shared reader (types, duplicates, the lead) */
	json_array_foreach(v, i, x) {
		json_t *id = json_object_get(x, "org_id");
		const char *key;
		json_t *m;
		if (!json_is_object(x) || !id) {
			json_decref(ids);
			return derr_set(e, DERR_INVALID, json_is_object(x) ? "required" : "wrong_type",
					arena_printf(c->a, "members[%zu]", i),
					"members[%zu] must be an object {org_id, role}", i);
		}
		json_object_foreach(x, key, m)
			if (strcmp(key, "org_id") != 0 && strcmp(key, "role") != 0) {
				json_decref(ids);
				return derr_set(e, DERR_INVALID, "unknown_field",
						arena_printf(c->a, "members[%zu]", i),
						"members[%zu] has an unknown member", i);
			}
		json_array_append(ids, id);
	}
	rc = joint_parties(c, ids, "members", lead, out, n, e);
	json_decref(ids);
	if (rc < 0)
		return -1;
	json_array_foreach(v, i, x) {
		json_t *role = json_object_get(x, "role");
		const struct term *t;
		if (!role || json_is_null(role)) {
			(*out)[i].role = NULL;   /* from the organisation's kind, later */
			continue;
		}
		if (!json_is_string(role) || !(t = vocab_find(vocab_consortium_role, json_string_value(role))) ||
		    strcmp(t->key, "lead") == 0)
			return derr_set(e, DERR_INVALID, "not_allowed",
					arena_printf(c->a, "members[%zu].role", i),
					"members[%zu].role must be upstream, downstream, research or other", i);
		(*out)[i].role = t->key;
	}
	return 0;
}

/* Inside the transaction: the lead is an enterprise, the members exist;
 * default roles; the stored list (lead first) in *all. */
static int check(struct ctx *c, struct consortium *k, struct party *m, size_t *np,
		 struct party **all, struct derr *e)
{
	struct org lead;
	size_t n = 0;
	/* a member made the lead by a change is the lead now, not a member too */
	for (size_t i = 0; i < *np; i++)
		if (m[i].org_id != k->lead_org_id)
			m[n++] = m[i];
	*np = n;
	if (joint_org(c, k->lead_org_id, "enterprise", "lead_org_id", &lead, e) < 0)
		return -1;
	k->lead_region = lead.region_code;
	if (!k->founded_year)
		k->founded_year = cst_year(now_unix());
	if (joint_check_orgs(c, m, n, "members", e) < 0)
		return -1;
	if (!(*all = arena_zalloc(c->a, (n + 1) * sizeof **all)))
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	(*all)[0].org_id = k->lead_org_id;
	(*all)[0].role = "lead";
	for (size_t i = 0; i < n; i++) {
		(*all)[i + 1] = m[i];
		if (!m[i].role)
			(*all)[i + 1].role = strcmp(m[i].kind, "enterprise") == 0 ||
					     strcmp(m[i].kind, "government") == 0 ? "other" : "research";
	}
	return 0;
}

static json_t *saved_json(struct ctx *c, int64_t id)
{
	struct consortium k;
	return store_consortium_get(c->db, c->a, id, &k) == 0 ? consortium_json(&k) : NULL;
}

/* The list given in the document, or the stored one without the lead. */
static int members_of(struct ctx *c, json_t *in, const struct consortium *k, struct party **m,
		      size_t *n, int *given, struct derr *e)
{
	json_t *v = json_object_get(in, "members");
	size_t j = 0;
	*given = v != NULL;
	if (v)
		return read_members(c, v, k->lead_org_id, m, n, e);
	*m = arena_zalloc(c->a, (k->nmember_rows + 1) * sizeof **m);
	for (size_t i = 0; *m && i < k->nmember_rows; i++)
		if (k->members[i].org_id != k->lead_org_id && strcmp(k->members[i].role, "lead") != 0)
			(*m)[j++] = k->members[i];
	*n = j;
	return 0;
}

int consortium_create(struct ctx *c, json_t *in, int64_t *id, struct derr *e)
{
	static const char *const lists[] = { "members" };
	struct consortium k;
	struct party *m, *all;
	json_t *rest, *v[1], *after;
	size_t n;
	int given, rc;

	memset(&k, 0, sizeof k);
	if (!consortium_may_create(c))
		return deny(c, e, "register consortia");
	if (joint_split(in, lists, 1, NULL, &rest, v, e) < 0)
		return -1;
	rc = fields_apply(consortium_fields, rest, &k, c->a, FIELDS_CREATE, e);
	json_decref(rest);
	if (rc < 0 || members_of(c, in, &k, &m, &n, &given, e) < 0)
		return -1;
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "adding the consortium");
	if (check(c, &k, m, &n, &all, e) < 0)
		return finish(c, -1, e, "adding the consortium");
	if (!may_lead(c, k.lead_org_id, k.lead_region)) {
		store_rollback(c->db);
		return deny(c, e, "register a consortium led by this enterprise");
	}
	k.created_by = c->user->id;
	if ((rc = store_consortium_insert(c->db, &k, id)) < 0 ||
	    (rc = store_consortium_set_members(c->db, *id, all, n + 1)) < 0)
		return finish(c, rc, e, "adding the consortium");
	if (!(after = saved_json(c, *id)))
		return finish(c, DB_ERR, e, "adding the consortium");
	rc = audit_log(c, "create", "consortium", *id, NULL, after, e);
	json_decref(after);
	return finish(c, rc, e, "adding the consortium");
}

int consortium_update(struct ctx *c, int64_t id, json_t *in, struct derr *e)
{
	static const char *const lists[] = { "members" };
	struct consortium old, k;
	struct party *m, *all;
	json_t *rest, *v[1], *before, *after;
	size_t n;
	int given, rc;

	if (!c->user)
		return deny(c, e, "change consortia");
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "changing the consortium");
	rc = store_consortium_get(c->db, c->a, id, &old);
	if (rc > 0) {
		store_rollback(c->db);
		return derr_set(e, DERR_NOT_FOUND, "not_found", NULL,
				"consortium %lld does not exist", (long long)id);
	}
	if (rc < 0)
		return finish(c, rc, e, "changing the consortium");
	if (!consortium_may_edit(c, &old)) {
		store_rollback(c->db);
		return deny(c, e, "change this consortium");
	}
	k = old;
	if (joint_split(in, lists, 1, NULL, &rest, v, e) < 0)
		return finish(c, -1, e, "changing the consortium");
	rc = fields_apply(consortium_fields, rest, &k, c->a, FIELDS_PATCH, e);
	json_decref(rest);
	if (rc < 0 || members_of(c, in, &k, &m, &n, &given, e) < 0 || check(c, &k, m, &n, &all, e) < 0)
		return finish(c, -1, e, "changing the consortium");
	if (!may_lead(c, k.lead_org_id, k.lead_region)) {
		store_rollback(c->db);
		return deny(c, e, "hand the consortium to this enterprise");
	}
	if ((rc = store_consortium_update(c->db, &k)) != 0 ||
	    (rc = store_consortium_set_members(c->db, id, all, n + 1)) < 0)
		return finish(c, rc > 0 ? DB_ERR : rc, e, "changing the consortium");
	before = consortium_json(&old);
	after = saved_json(c, id);
	rc = before && after ? audit_log(c, "update", "consortium", id, before, after, e) : DB_ERR;
	json_decref(before);
	json_decref(after);
	return finish(c, rc, e, "changing the consortium");
}

int consortium_delete(struct ctx *c, int64_t id, struct derr *e)
{
	struct consortium old;
	json_t *before;
	int rc;

	if (!c->user)
		return deny(c, e, "delete consortia");
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "deleting the consortium");
	rc = store_consortium_get(c->db, c->a, id, &old);
	if (rc > 0) {
		store_rollback(c->db);
		return derr_set(e, DERR_NOT_FOUND, "not_found", NULL,
				"consortium %lld does not exist", (long long)id);
	}
	if (rc < 0)
		return finish(c, rc, e, "deleting the consortium");
	if (!consortium_may_edit(c, &old)) {
		store_rollback(c->db);
		return deny(c, e, "delete this consortium");
	}
	if (old.nprojects > 0) {
		store_rollback(c->db);
		return derr_set(e, DERR_CONFLICT, "in_use", NULL,
				"consortium %lld still has %lld projects", (long long)id,
				(long long)old.nprojects);
	}
	before = consortium_json(&old);
	rc = store_consortium_delete(c->db, id);
	if (rc == 0)
		rc = audit_log(c, "delete", "consortium", id, before, NULL, e);
	json_decref(before);
	return finish(c, rc > 0 ? DB_ERR : rc, e, "deleting the consortium");
}

int consortium_get(struct ctx *c, int64_t id, struct consortium *out, struct derr *e)
{
	int rc = store_consortium_get(c->db, c->a, id, out);
	if (rc > 0)
		return derr_set(e, DERR_NOT_FOUND, "not_found", NULL,
				"consortium %lld does not exist", (long long)id);
	return rc < 0 ? derr_store(e, rc, "reading the consortium") : 0;
}

int consortium_list(struct ctx *c, const struct consortium_query *q, struct consortium **out,
		    size_t *n, int64_t *total, struct derr *e)
{
	struct consortium_filter f = { 0 };
	int rc;
	if (q->field && *q->field && !vocab_find(vocab_industry, q->field))
		return derr_set(e, DERR_INVALID, "not_allowed", "field",
				"field must be one of the industrial fields");
	if (q->region && *q->region) {
		struct region r;
		rc = store_region_get(c->db, c->a, q->region, &r);
		if (rc > 0)
			return derr_set(e, DERR_INVALID, "not_found", "region",
					"region %.20s is not in the community", q->region);
		if (rc < 0)
			return derr_store(e, rc, "reading the region");
	}
	f.region = q->region;
	f.field = q->field;
	f.org_id = q->org_id;
	f.offset = (q->page - 1) * q->per_page;
	f.limit = q->per_page;
	rc = store_consortium_list(c->db, c->a, &f, out, n, total);
	return rc < 0 ? derr_store(e, rc, "listing consortia") : 0;
}
