/*
 * expert.c — expert profiles: validation, permissions, personal data,
 * audit, conflicts of interest.  See expert.h.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "core/buf.h"
#include "core/orcid.h"
#include "core/utf8.h"
#include "core/util.h"
#include "domain/audit.h"
#include "domain/discipline.h"
#include "domain/expert.h"
#include "store/store.h"
#include "core/banned.h"

const struct term vocab_expert_title[] = {
	{ "academician", "院士", "Academician" },
	{ "professor", "教授/研究员", "Professor or researcher" },
	{ "associate", "副教授/副研究员", "Associate professor or researcher" },
	{ "senior_engineer", "高级工程师", "Senior engineer" },
	{ "engineer", "工程师", "Engineer" },
	{ "other", "其他", "Other" },
	{ NULL, NULL, NULL },
};

#define MAX_COUNT 100000

const struct field expert_fields[] = {
	{ "id", FT_INT, F_READONLY, offsetof(struct expert, id), 0, 0, NULL, "编号", "ID" },
	{ "name", FT_TEXT, F_REQUIRED, offsetof(struct expert, name), 0, 50, NULL, "姓名", "Name" },
	{ "name_en", FT_TEXT, 0, offsetof(struct expert, name_en), 0, 100, NULL, "英文姓名", "Name in English" },
	{ "org_id", FT_INT, 0, offsetof(struct expert, org_id), 1, INT64_MAX, NULL, "所在单位", "Organisation" },
	{ "title", FT_ENUM, F_REQUIRED, offsetof(struct expert, title), 0, 0, vocab_expert_title, "职称", "Title" },
	{ "biography", FT_TEXT, F_MULTILINE, offsetof(struct expert, biography), 0, 4000, NULL, "个人简介", "Biography" },
	{ "papers", FT_INT, 0, offsetof(struct expert, papers), 0, MAX_COUNT, NULL, "论文数", "Papers" },
	{ "patents", FT_INT, 0, offsetof(struct expert, patents), 0, MAX_COUNT, NULL, "专利数", "Patents" },
	{ "projects", FT_INT, 0, offsetof(struct expert, projects), 0, MAX_COUNT, NULL, "主持项目数", "Projects led" },
	{ "awards", FT_INT, 0, offsetof(struct expert, awards), 0, MAX_COUNT, NULL, "获奖数", "Awards" },
	{ "orcid", FT_TEXT, 0, offsetof(struct expert, orcid), 0, 40, NULL, "ORCID", "ORCID iD" },
	{ "email", FT_TEXT, 0, offsetof(struct expert, email), 0, 254, NULL, "电子邮箱", "Email" },
	{ "phone", FT_TEXT, 0, offsetof(struct expert, phone), 0, 40, NULL, "电话", "Phone" },
	{ "account_id", FT_INT, 0, offsetof(struct expert, account_id), 1, INT64_MAX, NULL, "关联账号", "Linked account" },
	{ "region", FT_TEXT, F_READONLY, offsetof(struct expert, region_code), 0, 0, NULL, "区域", "Region" },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL },
};

/* ---- small parsers ------------------------------------------------------- */

/* Splits one string at ；;,，、 and line breaks into trimmed items. */
static int split_items(struct ctx *c, const char *s, json_t *out)
{
	static const char *const seps[] = { "；", "，", "、", ";", ",", "\n", "\r" };
	const char *p = s;
	while (*p) {
		const char *best = NULL;
		size_t blen = 0, n;
		json_t *v;
		for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++) {
			const char *q = strstr(p, seps[i]);
			if (q && (!best || q < best)) {
				best = q;
				blen = strlen(seps[i]);
			}
		}
		n = best ? (size_t)(best - p) : strlen(p);
		if (!(v = json_stringn_nocheck(p, n)) || json_array_append_new(out, v) < 0)
			return -1;
		p += n + blen;
	}
	(void)c;
	return 0;
}

/* Turns a keywords member (array of strings, or one string) into one
 * keyword per line, trimmed, without duplicates. */
static int parse_keywords(struct ctx *c, json_t *v, const char *field, const char **out,
			  struct derr *e)
{
	json_t *list = NULL, *item;
	struct buf b = BUF_INIT;
	size_t i, count = 0;
	int rc = -1;

	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (json_is_string(v)) {
		if (!(list = json_array()) || split_items(c, json_string_value(v), list) < 0) {
			json_decref(list);
			return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		}
		if (memchr(json_string_value(v), '\0', json_string_length(v))) {
			json_decref(list);
			return derr_set(e, DERR_INVALID, "control_character", field,
					"%s contains a NUL character", field);
		}
	} else if (json_is_array(v)) {
		list = json_incref(v);
	} else {
		return derr_set(e, DERR_INVALID, "wrong_type", field,
				"%s must be a list of strings", field);
	}
	json_array_foreach(list, i, item) {
		const char *s;
		size_t len;
		if (!json_is_string(item)) {
			derr_set(e, DERR_INVALID, "wrong_type", field, "%s must be a list of strings",
				 field);
			goto out;
		}
		s = json_string_value(item);
		len = json_string_length(item);
		if (memchr(s, '\0', len)) {
			derr_set(e, DERR_INVALID, "control_character", field,
				 "%s contains a NUL character", field);
			goto out;
		}
		while (len && isspace((unsigned char)*s)) {
			s++;
			len--;
		}
		while (len && isspace((unsigned char)s[len - 1]))
			len--;
		if (!len)
			continue;
		if (text_check(s, len, 0, EXPERT_KEYWORD_CHARS, field, e) < 0)
			goto out;
		/* the same keyword twice is kept once */
		{
			int dup = 0;
			const char *q = b.s;
			while (*q && !dup) {
				const char *nl = strchr(q, '\n');
				size_t k = nl ? (size_t)(nl - q) : strlen(q);
				dup = k == len && memcmp(q, s, len) == 0;
				q += k + (nl ? 1 : 0);
			}
			if (dup)
				continue;
		}
		if (++count > EXPERT_MAX_KEYWORDS) {
			derr_set(e, DERR_INVALID, "too_long", field,
				 "%s: at most %d keywords", field, EXPERT_MAX_KEYWORDS);
			goto out;
		}
		if ((b.len && buf_addch(&b, '\n') < 0) || buf_add(&b, s, len) < 0) {
			derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
			goto out;
		}
	}
	if (b.len && !(*out = arena_strndup(c->a, b.s, b.len))) {
		derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		goto out;
	}
	rc = 0;
out:
	json_decref(list);
	buf_release(&b);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Turns a disciplines member (array of codes, or one string of codes)
 * into sorted, distinct, known codes separated by spaces. */
static int parse_disciplines(struct ctx *c, json_t *v, const char **out, struct derr *e)
{
	const char *codes[EXPERT_MAX_DISCIPLINES];
	size_t n = 0, i;
	json_t *list = NULL, *item;
	struct buf b = BUF_INIT;
	int rc = -1;

	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (json_is_string(v)) {
		char *s = arena_strndup(c->a, json_string_value(v), json_string_length(v));
		if (!s || !(list = json_array()))
			return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		for (char *p = s; *p;) {
			size_t k;
			while (*p && (isspace((unsigned char)*p) || *p == ',' || *p == ';' || *p == '|'))
				p++;
			for (k = 0; p[k] && !isspace((unsigned char)p[k]) && p[k] != ',' &&
				    p[k] != ';' && p[k] != '|'; k++)
				;
			if (k && json_array_append_new(list, json_stringn_nocheck(p, k)) < 0) {
				json_decref(list);
				return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
			}
			p += k;
		}
	} else if (json_is_array(v)) {
		list = json_incref(v);
	} else {
		return derr_set(e, DERR_INVALID, "wrong_type", "disciplines",
				"disciplines must be a list of GB/T 13745 codes");
	}
	json_array_foreach(list, i, item) {
		const char *code;
		size_t k;
		if (!json_is_string(item)) {
			derr_set(e, DERR_INVALID, "wrong_type", "disciplines",
				 "disciplines must be a list of GB/T 13745 codes");
			goto out;
		}
		code = json_string_value(item);
		if (strlen(code) != json_string_length(item) || strlen(code) > 16 ||
		    !utf8_valid(code, strlen(code))) {
			derr_set(e, DERR_INVALID, "wrong_type", "disciplines",
				 "disciplines: a discipline code is 3 or 5 digits (GB/T 13745)");
			goto out;
		}
		if (discipline_check(code, "disciplines", e) < 0)
			goto out;
		for (k = 0; k < n && strcmp(codes[k], code) != 0; k++)
			;
		if (k < n)
			continue;
		if (n == EXPERT_MAX_DISCIPLINES) {
			derr_set(e, DERR_INVALID, "too_long", "disciplines",
				 "disciplines: at most %d codes", EXPERT_MAX_DISCIPLINES);
			goto out;
		}
		codes[n++] = discipline_find(code)->code;
	}
	qsort(codes, n, sizeof codes[0], cmp_str);
	for (i = 0; i < n; i++)
		if (buf_addf(&b, "%s%s", i ? " " : "", codes[i]) < 0)
			goto oom;
	if (n && !(*out = arena_strdup(c->a, b.s)))
		goto oom;
	rc = 0;
	goto out;
oom:
	derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
out:
	json_decref(list);
	buf_release(&b);
	return rc;
}

static int email_ok(const char *s)
{
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@') || !strchr(at + 1, '.') ||
	    at[1] == '.' || s[strlen(s) - 1] == '.')
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || *s == ',' || *s == ';' || *s == '<' || *s == '>')
			return 0;
	return 1;
}

static int phone_ok(const char *s)
{
	int digits = 0;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (!strchr("+-() ", *s))
			return 0;
	}
	return digits >= 5;
}

int expert_parse(struct ctx *c, json_t *in, struct expert *x, enum fields_mode mode,
		 struct derr *e)
{
	static const char *const lists[] = { "keywords", "keywords_en", "disciplines" };
	json_t *scalars, *v[3];
	int rc;

	if (!json_is_object(in))
		return derr_set(e, DERR_INVALID, "wrong_type", NULL, "the body must be a JSON object");
	if (!(scalars = json_copy(in)))
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	for (int i = 0; i < 3; i++) {
		v[i] = json_object_get(in, lists[i]);
		json_object_del(scalars, lists[i]);
	}
	rc = fields_apply(expert_fields, scalars, x, c->a, mode, e);
	json_decref(scalars);
	if (rc < 0)
		return -1;
	if ((v[0] || mode != FIELDS_PATCH) && parse_keywords(c, v[0], "keywords", &x->keywords, e) < 0)
		return -1;
	if ((v[1] || mode != FIELDS_PATCH) &&
	    parse_keywords(c, v[1], "keywords_en", &x->keywords_en, e) < 0)
		return -1;
	if (v[2] || mode != FIELDS_PATCH) {
		if (parse_disciplines(c, v[2], &x->disciplines, e) < 0)
			return -1;
		if (!x->disciplines)
			return derr_set(e, DERR_INVALID, "required", "disciplines",
					"disciplines is required: at least one GB/T 13745 code");
	}
	if (x->orcid) {
		char canon[ORCID_LEN + 1];
		switch (orcid_parse(x->orcid, strlen(x->orcid), canon)) {
		case ORCID_OK:
			x->orcid = arena_strdup(c->a, canon);
			break;
		case ORCID_BAD_CHECKSUM:
			return derr_set(e, DERR_INVALID, "bad_checksum", "orcid",
					"orcid: %s has a wrong check character", x->orcid);
		default:
			return derr_set(e, DERR_INVALID, "wrong_type", "orcid",
					"orcid must look like 0000-0002-1825-0097");
		}
	}
	if (x->email && !email_ok(x->email))
		return derr_set(e, DERR_INVALID, "wrong_type", "email",
				"email is not an email address");
	if (x->phone && !phone_ok(x->phone))
		return derr_set(e, DERR_INVALID, "wrong_type", "phone",
				"phone may hold digits, spaces and + - ( ) only, at least 5 digits");
	return 0;
}

int expert_codes(struct ctx *c, const char *list, const char ***codes, size_t *n)
{
	size_t cap = 0;
	*codes = NULL;
	*n = 0;
	for (const char *p = list; p && *p;) {
		size_t k = strcspn(p, " ");
		if (k) {
			if (*n == cap) {
				const char **nc = arena_alloc(c->a, (cap = cap ? cap * 2 : 8) * sizeof *nc);
				if (!nc)
					return -1;
				if (*n)
					memcpy(nc, *codes, *n * sizeof *nc);
				*codes = nc;
			}
			if (!((*codes)[(*n)++] = arena_strndup(c->a, p, k)))
				return -1;
		}
		p += k + (p[k] ? 1 : 0);
	}
	return 0;
}

int expert_lines(struct ctx *c, const char *list, const char ***lines, size_t *n)
{
	size_t cap = 0;
	*lines = NULL;
	*n = 0;
	for (const char *p = list; p && *p;) {
		size_t k = strcspn(p, "\n");
		if (k) {
			if (*n == cap) {
				const char **nl = arena_alloc(c->a, (cap = cap ? cap * 2 : 8) * sizeof *nl);
				if (!nl)
					return -1;
				if (*n)
					memcpy(nl, *lines, *n * sizeof *nl);
				*lines = nl;
			}
			if (!((*lines)[(*n)++] = arena_strndup(c->a, p, k)))
				return -1;
		}
		p += k + (p[k] ? 1 : 0);
	}
	return 0;
}

/* ---- JSON --------------------------------------------------------------- */

static json_t *lines_json(struct ctx *c, const char *list)
{
	json_t *a = json_array();
	const char **lines;
	size_t n;
	if (a && list && expert_lines(c, list, &lines, &n) == 0)
		for (size_t i = 0; i < n; i++)
			json_array_append_new(a, json_string(lines[i]));
	return a;
}

/* Splitting needs an arena; the JSON writers get a private one. */
json_t *expert_json(const struct expert *x, int with_contact)
{
	struct arena a = ARENA_INIT;
	struct ctx c = { .a = &a };
	json_t *disc = json_array(), *j;
	const char **codes = NULL;
	size_t n = 0;

	if (disc && x->disciplines && expert_codes(&c, x->disciplines, &codes, &n) == 0)
		for (size_t i = 0; i < n; i++) {
			const struct discipline *d = discipline_find(codes[i]);
			json_array_append_new(disc, json_pack("{s:s, s:s?, s:s, s:s}",
				"code", codes[i], "parent", d ? d->parent : NULL,
				"name_zh", d ? d->name_zh : codes[i], "name_en", d ? d->name_en : codes[i]));
		}
	j = json_pack("{s:I, s:s, s:s?, s:I, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?,"
		      " s:s, s:o, s:o, s:o, s:s?, s:I, s:I, s:I, s:I, s:s?, s:I, s:I}",
		"id", (json_int_t)x->id, "name", x->name, "name_en", x->name_en,
		"org_id", (json_int_t)x->org_id, "org_zh", x->org_zh, "org_en", x->org_en,
		"region", x->region_code, "city", x->city_code,
		"region_zh", x->region_zh, "region_en", x->region_en,
		"city_zh", x->city_zh, "city_en", x->city_en,
		"title", x->title, "disciplines", disc,
		"keywords", lines_json(&c, x->keywords), "keywords_en", lines_json(&c, x->keywords_en),
		"biography", x->biography,
		"papers", (json_int_t)x->papers, "patents", (json_int_t)x->patents,
		"projects", (json_int_t)x->projects, "awards", (json_int_t)x->awards,
		"orcid", x->orcid,
		"created_at", (json_int_t)x->created_at, "updated_at", (json_int_t)x->updated_at);
	arena_free(&a);
	if (!j)
		return NULL;
	json_object_set_new(j, "account_id", x->account_id > 0 ? json_integer(x->account_id)
								: json_null());
	if (with_contact)
		json_object_set_new(j, "contact", json_pack("{s:s?, s:s?}", "email", x->email,
							    "phone", x->phone));
	return j;
}

/* What the audit log keeps: the profile, and whether contact details are
 * set, never their values. */
static json_t *audit_json(const struct expert *x)
{
	json_t *j = expert_json(x, 0);
	if (j) {
		json_object_set_new(j, "email_set", json_boolean(x->email != NULL));
		json_object_set_new(j, "phone_set", json_boolean(x->phone != NULL));
	}
	return j;
}

json_t *expert_project_json(const struct expert_project *p)
{
	json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s?, s:s?}",
		"id", (json_int_t)p->id, "title", p->title, "role", p->role, "status", p->status,
		"lead_org_zh", p->lead_org_zh, "lead_org_en", p->lead_org_en);
	if (j) {
		json_object_set_new(j, "start_year", p->start_year ? json_integer(p->start_year)
								   : json_null());
		json_object_set_new(j, "end_year", p->end_year ? json_integer(p->end_year) : json_null());
	}
	return j;
}

json_t *expert_conflict_json(const struct expert_conflict *k)
{
	json_t *j = json_pack("{s:I, s:I, s:s?, s:I}", "id", (json_int_t)k->id,
			      "expert_id", (json_int_t)k->expert_id, "reason", k->reason,
			      "created_at", (json_int_t)k->created_at);
	if (!j)
		return NULL;
	if (k->org_id > 0) {
		json_object_set_new(j, "org_id", json_integer(k->org_id));
		json_object_set_new(j, "org_zh", k->org_zh ? json_string(k->org_zh) : json_null());
		json_object_set_new(j, "other_expert_id", json_null());
	} else {
		json_object_set_new(j, "org_id", json_null());
		json_object_set_new(j, "other_expert_id", json_integer(k->other_id));
		json_object_set_new(j, "other_name", k->other_name ? json_string(k->other_name)
								   : json_null());
	}
	return j;
}

/* ---- permissions --------------------------------------------------------- */

static int is_self(const struct ctx *c, const struct expert *x)
{
	return c->user && x->account_id > 0 && x->account_id == c->user->id;
}

/* The command line acts as the system: no user and no client address. */
static int is_system(const struct ctx *c)
{
	return !c->user && !c->client;
}

int expert_may_manage(const struct ctx *c, int64_t org_id, const char *region)
{
	if (is_system(c))
		return 1;
	switch (role_of(c->user)) {
	case ROLE_SYSADMIN:
	case ROLE_OFFICE:
		return 1;
	case ROLE_COORDINATOR:
		return region && c->user->region_code && strcmp(region, c->user->region_code) == 0;
	case ROLE_ORG_ADMIN:
		return org_id > 0 && c->user->org_id == org_id;
	default:
		return 0;
	}
}

int expert_may_add(const struct ctx *c)
{
	enum role r = role_of(c->user);
	return is_system(c) || r == ROLE_SYSADMIN || r == ROLE_OFFICE || r == ROLE_COORDINATOR ||
	       r == ROLE_ORG_ADMIN;
}

int expert_may_edit(const struct ctx *c, const struct expert *x)
{
	return is_self(c, x) || expert_may_manage(c, x->org_id, x->region_code);
}

int expert_may_see_contact(const struct ctx *c, const struct expert *x)
{
	if (is_system(c))
		return 1;
	switch (role_of(c->user)) {
	case ROLE_SYSADMIN:
	case ROLE_OFFICE:
		return 1;
	case ROLE_COORDINATOR:
		return x->region_code && c->user->region_code &&
		       strcmp(x->region_code, c->user->region_code) == 0;
	default:
		return is_self(c, x);
	}
}

static int deny(const struct ctx *c, struct derr *e, const char *what)
{
	if (!c->user)
		return derr_set(e, DERR_UNAUTHORIZED, "login_required", NULL, "log in to %s", what);
	return derr_set(e, DERR_FORBIDDEN, "forbidden", NULL, "you may not %s", what);
}

static int not_found(struct derr *e, int64_t id)
{
	return derr_set(e, DERR_NOT_FOUND, "not_found", NULL, "expert %lld does not exist",
			(long long)id);
}

/* ---- reading ------------------------------------------------------------ */

static int get_row(struct ctx *c, int64_t id, struct expert *out, struct derr *e)
{
	int rc = store_expert_get(c->db, c->a, id, out);
	if (rc > 0)
		return not_found(e, id);
	return rc < 0 ? derr_store(e, rc, "reading the expert") : 0;
}

int expert_get(struct ctx *c, int64_t id, struct expert *out, struct derr *e)
{
	if (get_row(c, id, out, e) < 0)
		return -1;
	out->email = out->phone = NULL;
	return 0;
}

static int finish(struct ctx *c, int rc, struct derr *e, const char *what)
{
	if (rc < 0) {
		store_rollback(c->db);
		return e->kind ? -1 : derr_store(e, rc, what);
	}
	if ((rc = store_commit(c->db)) < 0)
		return derr_store(e, rc, what);
	return 0;
}

/* The audit entry of a view of personal data, in its own transaction. */
static int audit_view(struct ctx *c, const char *action, int64_t id, struct derr *e)
{
	int rc = store_begin(c->db);
	if (rc < 0)
		return derr_store(e, rc, "recording the view");
	rc = audit_log(c, action, "expert", id, NULL, NULL, e);
	return finish(c, rc, e, "recording the view");
}

int expert_contact(struct ctx *c, int64_t id, struct expert *out, struct derr *e)
{
	if (get_row(c, id, out, e) < 0)
		return -1;
	if (!expert_may_see_contact(c, out)) {
		out->email = out->phone = NULL;
		return deny(c, e, "see this expert's contact details");
	}
	return audit_view(c, "view_contact", id, e);
}

int expert_mine(struct ctx *c, struct expert *out, struct derr *e)
{
	int rc;
	if (!c->user)
		return deny(c, e, "see your expert profile");
	rc = store_expert_by_account(c->db, c->a, c->user->id, out);
	if (rc > 0)
		return derr_set(e, DERR_NOT_FOUND, "not_found", NULL,
				"your account is not linked to an expert profile");
	return rc < 0 ? derr_store(e, rc, "reading your profile") : 0;
}

int expert_list(struct ctx *c, const struct expert_query *q, struct expert_page *out,
		struct derr *e)
{
	struct expert_filter f = { 0 };
	int rc;

	memset(out, 0, sizeof *out);
	if (q->page < 1 || q->page > 100000)
		return derr_set(e, DERR_INVALID, "out_of_range", "page",
				"page must be between 1 and 100000");
	if (q->per_page < 1 || q->per_page > 100)
		return derr_set(e, DERR_INVALID, "out_of_range", "per_page",
				"per_page must be between 1 and 100");
	if (q->name && text_check(q->name, strlen(q->name), 0, 50, "q", e) < 0)
		return -1;
	if (q->title && *q->title && !vocab_find(vocab_expert_title, q->title))
		return derr_set(e, DERR_INVALID, "not_allowed", "title",
				"title must be one of the listed values");
	if (q->discipline && *q->discipline && discipline_check(q->discipline, "discipline", e) < 0)
		return -1;
	f.name = q->name;
	f.region = q->region;
	f.city = q->city;
	f.title = q->title;
	f.discipline = q->discipline;
	f.org_id = q->org_id;
	f.offset = (q->page - 1) * q->per_page;
	f.limit = q->per_page;
	rc = store_expert_list(c->db, c->a, &f, &out->items, &out->n, &out->total);
	if (rc < 0)
		return derr_store(e, rc, "listing experts");
	if (out->n) {
		out->leads = arena_zalloc(c->a, out->n * sizeof *out->leads);
		out->nleads = arena_zalloc(c->a, out->n * sizeof *out->nleads);
		if (!out->leads || !out->nleads)
			return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	}
	for (size_t i = 0; i < out->n; i++) {
		out->items[i].email = out->items[i].phone = NULL;
		if ((rc = store_expert_projects(c->db, c->a, out->items[i].id, 1, 5, &out->leads[i],
						&out->nleads[i])) < 0)
			return derr_store(e, rc, "reading projects");
	}
	return 0;
}

/* ---- writing ------------------------------------------------------------ */

/* Checks what needs the database, inside the open transaction: the
 * organisation (x's region is filled in), an account to link, and
 * duplicates.  self is x's own id when updating, else 0. */
static int check_db(struct ctx *c, struct expert *x, int64_t self, int64_t old_account,
		    struct derr *e)
{
	struct org org;
	int64_t other;
	int rc = store_org_get(c->db, c->a, x->org_id, &org);

	if (rc > 0)
		return derr_set(e, DERR_INVALID, "not_found", "org_id",
				"organisation %lld does not exist", (long long)x->org_id);
	if (rc < 0)
		return derr_store(e, rc, "checking the organisation");
	x->region_code = org.region_code;
	x->org_zh = org.name_zh;
	if (x->account_id > 0 && x->account_id != old_account) {
		struct account acc;
		struct expert linked;
		rc = store_account_get(c->db, c->a, x->account_id, &acc);
		if (rc > 0)
			return derr_set(e, DERR_INVALID, "not_found", "account_id",
					"account %lld does not exist", (long long)x->account_id);
		if (rc < 0)
			return derr_store(e, rc, "checking the account");
		/* an organisation administrator links accounts of their own */
		if (role_of(c->user) == ROLE_ORG_ADMIN && acc.org_id != c->user->org_id)
			return derr_set(e, DERR_FORBIDDEN, "forbidden", "account_id",
					"account %lld belongs to another organisation",
					(long long)x->account_id);
		rc = store_expert_by_account(c->db, c->a, x->account_id, &linked);
		if (rc == 0 && linked.id != self)
			return derr_set(e, DERR_CONFLICT, "duplicate", "account_id",
					"account %lld is linked to expert %lld already",
					(long long)x->account_id, (long long)linked.id);
		if (rc < 0)
			return derr_store(e, rc, "checking the account");
	}
	/* the same person first, then an iD that is someone else's */
	other = store_expert_identity(c->db, x->name, x->org_id, x->orcid);
	if (other < 0)
		return derr_store(e, (int)other, "checking for duplicates");
	if (other && other != self)
		return derr_set(e, DERR_CONFLICT, "duplicate", "name",
				"%s at %s%s is expert %lld already", x->name, org.name_zh,
				x->orcid ? " with the same ORCID iD" : ", both without an ORCID iD,",
				(long long)other);
	if (x->orcid && (other = store_expert_by_orcid(c->db, x->orcid)) != 0 && other != self) {
		if (other < 0)
			return derr_store(e, (int)other, "checking the ORCID iD");
		return derr_set(e, DERR_CONFLICT, "duplicate", "orcid",
				"orcid %s belongs to expert %lld already", x->orcid, (long long)other);
	}
	return 0;
}

/* Writes the disciplines of x after the row (fresh: a row just inserted). */
static int save_disciplines(struct ctx *c, int64_t id, const struct expert *x, int fresh)
{
	const char **codes;
	size_t n;
	if (expert_codes(c, x->disciplines, &codes, &n) < 0)
		return DB_ERR;
	return fresh ? store_expert_add_disciplines(c->db, id, codes, n)
		     : store_expert_set_disciplines(c->db, id, codes, n);
}

static int audit_saved(struct ctx *c, const char *action, int64_t id,
		       const struct expert *old, struct derr *e)
{
	struct expert saved;
	json_t *before = NULL, *after = NULL;
	int rc = 0;

	if (old && !(before = audit_json(old)))
		rc = DB_ERR;
	if (!rc && strcmp(action, "delete") != 0) {
		rc = store_expert_get(c->db, c->a, id, &saved);
		if (rc == 0 && !(after = audit_json(&saved)))
			rc = DB_ERR;
	}
	if (rc == 0)
		rc = audit_log(c, action, "expert", id, before, after, e);
	json_decref(before);
	json_decref(after);
	return rc > 0 ? DB_ERR : rc;
}

int expert_create(struct ctx *c, json_t *in, int64_t *id, struct derr *e)
{
	struct expert x;
	int rc;

	memset(&x, 0, sizeof x);
	if (!expert_may_add(c))
		return deny(c, e, "add experts");
	if (expert_parse(c, in, &x, FIELDS_CREATE, e) < 0)
		return -1;
	if (x.org_id <= 0) {
		if (role_of(c->user) != ROLE_ORG_ADMIN)
			return derr_set(e, DERR_INVALID, "required", "org_id", "org_id is required");
		x.org_id = c->user->org_id;
	}
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "adding the expert");
	rc = check_db(c, &x, 0, 0, e);
	if (rc == 0 && !expert_may_manage(c, x.org_id, x.region_code))
		rc = deny(c, e, "add experts of this organisation");
	if (rc == 0)
		rc = store_expert_insert(c->db, &x, id);
	if (rc == DB_CONSTRAINT)
		rc = derr_set(e, DERR_CONFLICT, "duplicate", "name",
			      "this expert exists already");
	if (rc == 0)
		rc = save_disciplines(c, *id, &x, 1);
	if (rc == 0)
		rc = audit_saved(c, "create", *id, NULL, e);
	return finish(c, rc, e, "adding the expert");
}

int expert_update(struct ctx *c, int64_t id, json_t *in, enum fields_mode mode,
		  struct derr *e)
{
	struct expert old, x;
	int self, rc;

	if (!c->user)
		return deny(c, e, "change experts");
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "changing the expert");
	rc = store_expert_get(c->db, c->a, id, &old);
	if (rc > 0) {
		store_rollback(c->db);
		return not_found(e, id);
	}
	if (rc < 0)
		return finish(c, rc, e, "changing the expert");
	self = is_self(c, &old);
	if (!self && !expert_may_manage(c, old.org_id, old.region_code)) {
		store_rollback(c->db);
		return deny(c, e, "change this expert");
	}
	x = old;
	if (mode == FIELDS_REPLACE)
		x.org_id = 0;
	if (expert_parse(c, in, &x, mode, e) < 0)
		return finish(c, -1, e, "changing the expert");
	if (x.org_id <= 0)
		x.org_id = old.org_id;
	if (mode == FIELDS_REPLACE && !json_object_get(in, "account_id"))
		x.account_id = old.account_id;   /* the link is not part of a profile */
	if (self && !expert_may_manage(c, old.org_id, old.region_code) &&
	    (x.org_id != old.org_id || x.account_id != old.account_id)) {
		store_rollback(c->db);
		return derr_set(e, DERR_FORBIDDEN, "forbidden",
				x.org_id != old.org_id ? "org_id" : "account_id",
				"an expert cannot move or relink their own profile;"
				" ask the organisation's administrator");
	}
	/* moving to another organisation needs rights over both */
	rc = check_db(c, &x, id, old.account_id, e);
	if (rc == 0 && !self && !expert_may_manage(c, x.org_id, x.region_code))
		rc = deny(c, e, "move the expert to that organisation");
	if (rc == 0)
		rc = store_expert_update(c->db, &x);
	if (rc == DB_CONSTRAINT)
		rc = derr_set(e, DERR_CONFLICT, "duplicate", "name", "this expert exists already");
	if (rc == 0 && (mode != FIELDS_PATCH || json_object_get(in, "disciplines")))
		rc = save_disciplines(c, id, &x, 0);
	if (rc == 0)
		rc = audit_saved(c, "update", id, &old, e);
	return finish(c, rc, e, "changing the expert");
}

int expert_delete(struct ctx *c, int64_t id, struct derr *e)
{
	struct expert old;
	int rc;

	if (!c->user)
		return deny(c, e, "delete experts");
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "deleting the expert");
	rc = store_expert_get(c->db, c->a, id, &old);
	if (rc > 0) {
		store_rollback(c->db);
		return not_found(e, id);
	}
	if (rc == 0 && !expert_may_edit(c, &old)) {
		store_rollback(c->db);
		return deny(c, e, "delete this expert");
	}
	if (rc == 0)
		rc = store_expert_delete(c->db, id);
	if (rc == 0)
		rc = audit_saved(c, "delete", id, &old, e);
	return finish(c, rc, e, "deleting the expert");
}

json_t *expert_export_mine(struct ctx *c, struct derr *e)
{
	struct expert x;
	struct expert_project *ps;
	struct expert_conflict *ks;
	size_t np, nk;
	json_t *doc = NULL, *arr;
	int rc;

	if (expert_mine(c, &x, e) < 0)
		return NULL;
	if ((rc = store_expert_projects(c->db, c->a, x.id, 0, 1000, &ps, &np)) < 0 ||
	    (rc = store_conflict_list(c->db, c->a, x.id, &ks, &nk)) < 0) {
		derr_store(e, rc, "reading your data");
		return NULL;
	}
	if (!(doc = json_pack("{s:s, s:I, s:o}", "format", "shenrong-expert-export-1",
			      "exported_at", (json_int_t)now_unix(), "profile", expert_json(&x, 1)))) {
		derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		return NULL;
	}
	arr = json_array();
	for (size_t i = 0; i < np; i++)
		json_array_append_new(arr, expert_project_json(&ps[i]));
	json_object_set_new(doc, "projects", arr);
	arr = json_array();
	for (size_t i = 0; i < nk; i++)
		json_array_append_new(arr, expert_conflict_json(&ks[i]));
	json_object_set_new(doc, "conflicts", arr);
	if (audit_view(c, "export", x.id, e) < 0) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}

/* ---- conflicts of interest ---------------------------------------------- */

int expert_conflicts(struct ctx *c, int64_t expert_id, struct expert_conflict **out,
		     size_t *n, struct derr *e)
{
	struct expert x;
	int rc;
	if (get_row(c, expert_id, &x, e) < 0)
		return -1;
	if (!expert_may_edit(c, &x) && role_of(c->user) != ROLE_OFFICE)
		return deny(c, e, "see this expert's declared conflicts");
	rc = store_conflict_list(c->db, c->a, expert_id, out, n);
	return rc < 0 ? derr_store(e, rc, "reading conflicts") : 0;
}

int expert_conflict_add(struct ctx *c, int64_t expert_id, json_t *in, int64_t *id,
			struct derr *e)
{
	struct expert_conflict k = { 0 };
	struct expert x;
	json_t *org = json_object_get(in, "org_id"), *other = json_object_get(in, "expert_id"),
	       *reason = json_object_get(in, "reason");
	const char *key;
	json_t *v;
	int rc;

	if (!json_is_object(in))
		return derr_set(e, DERR_INVALID, "wrong_type", NULL, "the body must be a JSON object");
	json_object_foreach(in, key, v)
		if (strcmp(key, "org_id") != 0 && strcmp(key, "expert_id") != 0 &&
		    strcmp(key, "reason") != 0)
			return derr_set(e, DERR_INVALID, "unknown_field", NULL,
					"a conflict has org_id or expert_id, and reason");
	if ((org && !json_is_null(org)) == (other && !json_is_null(other)))
		return derr_set(e, DERR_INVALID, "required", "org_id",
				"give exactly one of org_id and expert_id");
	if (org && !json_is_null(org)) {
		if (!json_is_integer(org) || json_integer_value(org) < 1)
			return derr_set(e, DERR_INVALID, "wrong_type", "org_id",
					"org_id must be a positive integer");
		k.org_id = json_integer_value(org);
	} else {
		if (!json_is_integer(other) || json_integer_value(other) < 1)
			return derr_set(e, DERR_INVALID, "wrong_type", "expert_id",
					"expert_id must be a positive integer");
		k.other_id = json_integer_value(other);
		if (k.other_id == expert_id)
			return derr_set(e, DERR_INVALID, "not_allowed", "expert_id",
					"an expert cannot declare a conflict with themself");
	}
	if (reason && !json_is_null(reason)) {
		if (!json_is_string(reason))
			return derr_set(e, DERR_INVALID, "wrong_type", "reason", "reason must be a string");
		if (text_check(json_string_value(reason), json_string_length(reason), 0, 200,
			       "reason", e) < 0)
			return -1;
		k.reason = json_string_value(reason);
	}
	k.expert_id = expert_id;
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "declaring the conflict");
	rc = store_expert_get(c->db, c->a, expert_id, &x);
	if (rc > 0)
		rc = not_found(e, expert_id);
	else if (rc == 0 && !expert_may_edit(c, &x))
		rc = deny(c, e, "declare conflicts for this expert");
	if (rc == 0) {
		rc = store_conflict_insert(c->db, &k, id);
		if (rc == DB_CONSTRAINT)
			rc = derr_set(e, DERR_INVALID, "not_found", k.org_id ? "org_id" : "expert_id",
				      "%s %lld does not exist", k.org_id ? "organisation" : "expert",
				      (long long)(k.org_id ? k.org_id : k.other_id));
	}
	if (rc == 0) {
		struct expert_conflict saved;
		json_t *after = NULL;
		rc = store_conflict_get(c->db, c->a, *id, &saved);
		if (rc == 0 && !(after = expert_conflict_json(&saved)))
			rc = DB_ERR;
		if (rc == 0)
			rc = audit_log(c, "create", "expert_conflict", *id, NULL, after, e);
		json_decref(after);
	}
	return finish(c, rc, e, "declaring the conflict");
}

int expert_conflict_remove(struct ctx *c, int64_t conflict_id, struct derr *e)
{
	struct expert_conflict k;
	struct expert x;
	json_t *before = NULL;
	int rc;

	if (!c->user)
		return deny(c, e, "remove conflicts");
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "removing the conflict");
	rc = store_conflict_get(c->db, c->a, conflict_id, &k);
	if (rc > 0)
		rc = derr_set(e, DERR_NOT_FOUND, "not_found", NULL, "conflict %lld does not exist",
			      (long long)conflict_id);
	if (rc == 0 && (rc = store_expert_get(c->db, c->a, k.expert_id, &x)) > 0)
		rc = DB_ERR;
	if (rc == 0 && !expert_may_edit(c, &x))
		rc = deny(c, e, "remove this expert's conflicts");
	if (rc == 0)
		rc = store_conflict_delete(c->db, conflict_id);
	if (rc == 0 && !(before = expert_conflict_json(&k)))
		rc = DB_ERR;
	if (rc == 0)
		rc = audit_log(c, "delete", "expert_conflict", conflict_id, before, NULL, e);
	json_decref(before);
	return finish(c, rc > 0 ? DB_ERR : rc, e, "removing the conflict");
}
