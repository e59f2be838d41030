/*
 * round.c — consultation rounds and their guide items: permissions,
 * validation, the write transactions (each with its audit entry and the
 * item's overlaps), closing.  The report and decisions are in
 * round_pairs.c, imports in round_import.c, the workbook in
 * round_export.c.  See round.h.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "core/util.h"
#include "domain/audit.h"
#include "domain/industry.h"
#include "domain/overlap.h"
#include "domain/overlap_index.h"
#include "domain/round.h"
#include "domain/round_internal.h"
#include "store/store.h"
#include "core/banned.h"

const struct term vocab_round_state[] = {
	{ "open", "会商中", "Open" },
	{ "closed", "已结束", "Closed" },
	{ NULL, NULL, NULL },
};

const struct term vocab_item_state[] = {
	{ "draft", "草案", "Draft" },
	{ "withdrawn", "已撤回", "Withdrawn" },
	{ "merged", "已合并", "Merged" },
	{ "funded", "已列入", "Funded" },
	{ NULL, NULL, NULL },
};

const struct term vocab_decision[] = {
	{ "merge", "合并", "Merge" },
	{ "cofund", "联合资助", "Co-fund" },
	{ "keep", "均保留", "Keep both" },
	{ "withdraw", "撤回", "Withdraw" },
	{ NULL, NULL, NULL },
};

const struct term vocab_level[] = {
	{ "duplicate", "重复", "Duplicate" },
	{ "suspected", "疑似重复", "Suspected" },
	{ "related", "主题相近", "Related" },
	{ "different", "不同", "Different" },
	{ NULL, NULL, NULL },
};

/* Rounds as JSON input; "fields" (an array) is read by round_apply(). */
struct round_in {
	int64_t year;
	const char *title;
	double suspect, duplicate, related;
};

static const struct field round_spec[] = {
	{ "year", FT_INT, F_REQUIRED, offsetof(struct round_in, year), 2000, 2100, NULL, "年度", "Year" },
	{ "title", FT_TEXT, F_REQUIRED, offsetof(struct round_in, title), 0, 200, NULL, "名称", "Title" },
	{ "suspect", FT_NUM, 0, offsetof(struct round_in, suspect), 0, 1, NULL, "疑似重复阈值", "Suspected from" },
	{ "duplicate", FT_NUM, 0, offsetof(struct round_in, duplicate), 0, 1, NULL, "重复阈值", "Duplicate from" },
	{ "related", FT_NUM, 0, offsetof(struct round_in, related), 0, 1, NULL, "主题相近阈值", "Related from" },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL },
};

/* For forms and the OpenAPI document: the same fields, plus fields[]. */
const struct field round_fields[] = {
	{ "year", FT_INT, F_REQUIRED, 0, 2000, 2100, NULL, "年度", "Year" },
	{ "title", FT_TEXT, F_REQUIRED, 0, 0, 200, NULL, "名称", "Title" },
	{ "fields", FT_ENUM, F_REQUIRED, 0, 0, 0, vocab_industry, "产业领域", "Industrial fields" },
	{ "suspect", FT_NUM, 0, 0, 0, 1, NULL, "疑似重复阈值", "Suspected from" },
	{ "duplicate", FT_NUM, 0, 0, 0, 1, NULL, "重复阈值", "Duplicate from" },
	{ "related", FT_NUM, 0, 0, 0, 1, NULL, "主题相近阈值", "Related from" },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL },
};

const struct field item_fields[] = {
	{ "id", FT_INT, F_READONLY, offsetof(struct guide_item, id), 0, 0, NULL, "编号", "ID" },
	{ "region", FT_TEXT, 0, offsetof(struct guide_item, region_code), 0, 6, NULL, "区域", "Region" },
	{ "field", FT_ENUM, F_REQUIRED, offsetof(struct guide_item, field), 0, 0, vocab_industry, "领域", "Field" },
	{ "title", FT_TEXT, F_REQUIRED, offsetof(struct guide_item, title), 0, OVERLAP_TITLE_MAX, NULL, "标题", "Title" },
	{ "content", FT_TEXT, F_REQUIRED | F_MULTILINE, offsetof(struct guide_item, content), 0, OVERLAP_CONTENT_MAX, NULL, "研究内容", "Research content" },
	{ "indicators", FT_TEXT, F_MULTILINE, offsetof(struct guide_item, indicators), 0, OVERLAP_INDICATORS_MAX, NULL, "考核指标", "Target indicators" },
	{ "budget_wan", FT_INT, 0, offsetof(struct guide_item, budget_wan), 0, ROUND_BUDGET_MAX, NULL, "预算（万元）", "Budget (10,000 CNY)" },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL },
};

/* ---- permissions -------------------------------------------------------- */

int round_may_take_part(const struct ctx *c)
{
	switch (role_of(c->user)) {
	case ROLE_COORDINATOR:
	case ROLE_OFFICE:
	case ROLE_SYSADMIN:
		return 1;
	default:
		return !c->user && !c->client;   /* the command line */
	}
}

int round_may_run(const struct ctx *c)
{
	enum role r = role_of(c->user);
	return r == ROLE_OFFICE || r == ROLE_SYSADMIN || (!c->user && !c->client);
}

int round_may_edit_region(const struct ctx *c, const char *region)
{
	if (round_may_run(c))
		return 1;
	return role_of(c->user) == ROLE_COORDINATOR && region && c->user->region_code &&
	       strcmp(region, c->user->region_code) == 0;
}

static int deny(const struct ctx *c, struct derr *e, const char *what)
{
	if (!c->user && c->client)
		return derr_set(e, DERR_UNAUTHORIZED, "login_required", NULL, "log in to %s", what);
	return derr_set(e, DERR_FORBIDDEN, "forbidden", NULL, "you may not %s", what);
}

/* ---- shared ------------------------------------------------------------- */

static int finish(struct ctx *c, int rc, struct derr *e, const char *what)
{
	if (rc < 0) {
		store_rollback(c->db);
		return e->kind ? -1 : derr_store(e, rc, what);
	}
	if ((rc = store_commit(c->db)) < 0)
		return derr_store(e, rc, what);
	overlap_after_commit(c);
	return 0;
}

static int not_found(struct derr *e, const char *what, int64_t id)
{
	return derr_set(e, DERR_NOT_FOUND, "not_found", NULL, "%s %lld does not exist", what,
			(long long)id);
}

json_t *round_json(const struct overlap_round *r)
{
	json_t *fields = json_array();
	char *copy = NULL, *save = NULL;
	json_t *j;
	if (r->fields && (copy = strdup(r->fields)))
		for (char *f = strtok_r(copy, ",", &save); f; f = strtok_r(NULL, ",", &save))
			json_array_append_new(fields, json_string(f));
	free(copy);
	j = json_pack("{s:I, s:I, s:s, s:o, s:s, s:f, s:f, s:f, s:I, s:I, s:I, s:I, s:I, s:I,"
		      " s:I, s:I}",
		"id", (json_int_t)r->id, "year", (json_int_t)r->year, "title", r->title,
		"fields", fields, "state", r->state, "suspect", r->suspect,
		"duplicate", r->duplicate, "related", r->related,
		"items", (json_int_t)r->items, "live_items", (json_int_t)r->live_items,
		"regions", (json_int_t)r->regions, "duplicates", (json_int_t)r->duplicates,
		"suspected", (json_int_t)r->suspected, "undecided", (json_int_t)r->undecided,
		"created_at", (json_int_t)r->created_at, "updated_at", (json_int_t)r->updated_at);
	if (j)
		json_object_set_new(j, "closed_at",
				    r->closed_at ? json_integer(r->closed_at) : json_null());
	return j;
}

/* Reads "fields" (an array of industry keys or labels, at least one, no
 * repeats) into a comma-separated list in c->a. */
static int parse_fields(struct ctx *c, json_t *v, const char **out, struct derr *e)
{
	char *list;
	size_t n, used = 0;
	if (!json_is_array(v))
		return derr_set(e, DERR_INVALID, "wrong_type", "fields",
				"fields must be an array of industrial fields");
	n = json_array_size(v);
	if (n == 0)
		return derr_set(e, DERR_INVALID, "required", "fields", "fields is required");
	if (n > ROUND_MAX_FIELDS)
		return derr_set(e, DERR_INVALID, "out_of_range", "fields",
				"a round has at most %d fields", ROUND_MAX_FIELDS);
	if (!(list = arena_zalloc(c->a, n * 24 + 1)))
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	for (size_t i = 0; i < n; i++) {
		json_t *x = json_array_get(v, i);
		const struct term *t = json_is_string(x) ? industry_find(json_string_value(x)) : NULL;
		if (!t)
			return derr_set(e, DERR_INVALID, "not_allowed", "fields",
					"fields must be industrial fields (ic, ai, biomed, ...)");
		for (size_t k = 0; k < i; k++)
			if (industry_find(json_string_value(json_array_get(v, k))) == t)
				return derr_set(e, DERR_INVALID, "repeated", "fields",
						"field %s is listed twice", t->key);
		used += (size_t)snprintf(list + used, n * 24 + 1 - used, "%s%s", i ? "," : "", t->key);
	}
	*out = list;
	return 0;
}

int round_has_field(const struct overlap_round *r, const char *key)
{
	size_t k = strlen(key);
	for (const char *p = r->fields; p && *p; ) {
		const char *q = strchr(p, ',');
		size_t n = q ? (size_t)(q - p) : strlen(p);
		if (n == k && strncmp(p, key, k) == 0)
			return 1;
		p = q ? q + 1 : NULL;
	}
	return 0;
}

/* Applies a round's JSON to r (create: all required; patch: what is given). */
static int round_apply(struct ctx *c, json_t *in, struct overlap_round *r, int create,
		       struct derr *e)
{
	struct round_in ri = { r->year, r->title, r->suspect, r->duplicate, r->related };
	json_t *rest, *fv;
	int rc;

	if (!json_is_object(in))
		return derr_set(e, DERR_INVALID, "wrong_type", NULL, "the body must be a JSON object");
	fv = json_object_get(in, "fields");
	if (!(rest = json_deep_copy(in)))
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	json_object_del(rest, "fields");
	rc = fields_apply(round_spec, rest, &ri, c->a, create ? FIELDS_CREATE : FIELDS_PATCH, e);
	json_decref(rest);
	if (rc < 0)
		return -1;
	if (fv || create) {
		if (!fv)
			return derr_set(e, DERR_INVALID, "required", "fields", "fields is required");
		if (parse_fields(c, fv, &r->fields, e) < 0)
			return -1;
	}
	/* an absent threshold keeps its value; null means the default */
	if (json_is_null(json_object_get(in, "suspect")) || ri.suspect < 0)
		ri.suspect = OVERLAP_SUSPECT;
	if (json_is_null(json_object_get(in, "duplicate")) || ri.duplicate < 0)
		ri.duplicate = OVERLAP_DUPLICATE;
	if (json_is_null(json_object_get(in, "related")) || ri.related < 0)
		ri.related = OVERLAP_RELATED;
	if (ri.suspect <= 0 || ri.suspect >= 1)
		return derr_set(e, DERR_INVALID, "out_of_range", "suspect",
				"suspect must be above 0 and below 1");
	if (ri.duplicate <= ri.suspect || ri.duplicate > 1)
		return derr_set(e, DERR_INVALID, "out_of_range", "duplicate",
				"duplicate must be above suspect and at most 1");
	if (ri.related <= 0 || ri.related > 1)
		return derr_set(e, DERR_INVALID, "out_of_range", "related",
				"related must be above 0 and at most 1");
	r->year = ri.year;
	r->title = ri.title;
	r->suspect = ri.suspect;
	r->duplicate = ri.duplicate;
	r->related = ri.related;
	return 0;
}

/* ---- rounds ------------------------------------------------------------- */

int round_create(struct ctx *c, json_t *in, int64_t *id, struct derr *e)
{
	struct overlap_round r, saved;
	json_t *after;
	int rc;

	if (!round_may_run(c))
		return deny(c, e, "open consultation rounds (the community office does)");
	memset(&r, 0, sizeof r);
	r.suspect = r.duplicate = r.related = -1;
	if (round_apply(c, in, &r, 1, e) < 0)
		return -1;
	r.created_by = c->user ? c->user->id : 0;
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "opening the round");
	rc = store_round_insert(c->db, &r, id);
	if (rc == 0)
		rc = store_round_get(c->db, c->a, *id, &saved);
	if (rc == 0) {
		after = round_json(&saved);
		rc = audit_log(c, "create", "overlap_round", *id, NULL, after, e);
		json_decref(after);
	}
	return finish(c, rc > 0 ? DB_ERR : rc, e, "opening the round");
}

/* Computes every live item's overlaps again (after new thresholds). */
static int round_recompute(struct ctx *c, const struct overlap_round *r, struct derr *e)
{
	struct guide_item *items;
	size_t n;
	int rc = store_item_list(c->db, c->a, r->id, NULL, 1, &items, &n);
	if (rc < 0)
		return derr_store(e, rc, "listing the items");
	for (size_t i = 0; i < n; i++) {
		struct ovq q;
		if (!items[i].doc_id)
			continue;
		if (ovq_prepare(&q, items[i].title, items[i].content, items[i].indicators, e) < 0)
			return -1;
		rc = round_pairs_for_item(c, r, items[i].doc_id, items[i].region_code,
					  items[i].field, &q, e);
		ovq_release(&q);
		if (rc < 0)
			return -1;
	}
	return 0;
}

int round_update(struct ctx *c, int64_t id, json_t *in, struct derr *e)
{
	struct overlap_round old, r, saved;
	json_t *before = NULL, *after = NULL;
	int rc;

	if (!round_may_run(c))
		return deny(c, e, "change consultation rounds (the community office does)");
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "changing the round");
	rc = store_round_get(c->db, c->a, id, &old);
	if (rc > 0) {
		store_rollback(c->db);
		return not_found(e, "round", id);
	}
	if (rc == 0 && strcmp(old.state, "open") != 0) {
		store_rollback(c->db);
		return derr_set(e, DERR_CONFLICT, "closed", NULL, "round %lld is closed", (long long)id);
	}
	r = old;
	if (rc == 0 && round_apply(c, in, &r, 0, e) < 0)
		rc = -1;
	if (rc == 0 && strcmp(r.fields, old.fields) != 0) {
		/* a field may leave the round only while no live item is in it */
		struct guide_item *items;
		size_t n;
		if ((rc = store_item_list(c->db, c->a, id, NULL, 1, &items, &n)) < 0)
			rc = derr_store(e, rc, "listing the items");
		for (size_t i = 0; rc == 0 && i < n; i++)
			if (!round_has_field(&r, items[i].field))
				rc = derr_set(e, DERR_CONFLICT, "in_use", "fields",
					      "field %s has items in this round; withdraw them first",
					      items[i].field);
	}
	if (rc == 0)
		rc = store_round_update(c->db, &r);
	if (rc == 0 && (r.suspect != old.suspect || r.duplicate != old.duplicate ||
			r.related != old.related))
		rc = round_recompute(c, &r, e);
	if (rc == 0)
		rc = store_round_get(c->db, c->a, id, &saved);
	if (rc == 0) {
		before = round_json(&old);
		after = round_json(&saved);
		rc = audit_log(c, "update", "overlap_round", id, before, after, e);
	}
	json_decref(before);
	json_decref(after);
	return finish(c, rc > 0 ? DB_ERR : rc, e, "changing the round");
}

int round_get(struct ctx *c, int64_t id, struct overlap_round *out, struct derr *e)
{
	int rc = store_round_get(c->db, c->a, id, out);
	if (rc > 0 || (rc == 0 && !round_may_take_part(c) && strcmp(out->state, "closed") != 0))
		return not_found(e, "round", id);   /* open rounds are not public */
	return rc < 0 ? derr_store(e, rc, "reading the round") : 0;
}

int round_list(struct ctx *c, struct overlap_round **out, size_t *n, struct derr *e)
{
	int rc = store_round_list(c->db, c->a, !round_may_take_part(c), out, n);
	return rc < 0 ? derr_store(e, rc, "listing rounds") : 0;
}

int round_close(struct ctx *c, int64_t id, struct derr *e)
{
	struct overlap_round r, saved;
	struct guide_item *items;
	size_t n;
	int64_t now = now_unix(), undecided;
	json_t *before = NULL, *after = NULL;
	int rc;

	if (!round_may_run(c))
		return deny(c, e, "close consultation rounds (the community office does)");
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "closing the round");
	rc = store_round_get(c->db, c->a, id, &r);
	if (rc > 0) {
		store_rollback(c->db);
		return not_found(e, "round", id);
	}
	if (rc == 0 && strcmp(r.state, "open") != 0) {
		store_rollback(c->db);
		return derr_set(e, DERR_CONFLICT, "closed", NULL, "round %lld is closed already",
				(long long)id);
	}
	undecided = rc == 0 ? store_pair_undecided(c->db, id) : 0;
	if (undecided > 0) {
		store_rollback(c->db);
		return derr_set(e, DERR_CONFLICT, "undecided", NULL,
				"%lld overlaps still need a decision before the round can close",
				(long long)undecided);
	}
	if (undecided < 0)
		rc = (int)undecided;
	if (rc == 0)
		rc = store_item_list(c->db, c->a, id, NULL, 0, &items, &n);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		int live = strcmp(items[i].state, "draft") == 0;
		if (live)
			rc = store_item_set_state(c->db, items[i].id, "funded", 0, now);
		/* funded items join the history; the others stay retired */
		if (rc == 0 && items[i].doc_id)
			rc = store_doc_set_status(c->db, items[i].doc_id, live ? "history" : "retired", 0);
	}
	if (rc == 0)
		rc = store_round_close(c->db, id, now);
	if (rc == 0)
		rc = store_round_get(c->db, c->a, id, &saved);
	if (rc == 0) {
		before = round_json(&r);
		after = round_json(&saved);
		rc = audit_log(c, "close", "overlap_round", id, before, after, e);
	}
	json_decref(before);
	json_decref(after);
	return finish(c, rc > 0 ? DB_ERR : rc, e, "closing the round");
}

/* ---- items -------------------------------------------------------------- */

json_t *item_json(const struct guide_item *it)
{
	json_t *j = json_pack("{s:I, s:I, s:s, s:s?, s:s?, s:s, s:s, s:s, s:s, s:I, s:I}",
		"id", (json_int_t)it->id, "round_id", (json_int_t)it->round_id,
		"region", it->region_code, "region_zh", it->region_zh, "region_en", it->region_en,
		"field", it->field, "title", it->title, "content", it->content,
		"state", it->state, "created_at", (json_int_t)it->created_at,
		"updated_at", (json_int_t)it->updated_at);
	if (!j)
		return NULL;
	json_object_set_new(j, "indicators", it->indicators ? json_string(it->indicators) : json_null());
	json_object_set_new(j, "budget_wan", it->budget_wan >= 0 ? json_integer(it->budget_wan)
								 : json_null());
	json_object_set_new(j, "merged_into", it->merged_into > 0 ? json_integer(it->merged_into)
								   : json_null());
	json_object_set_new(j, "doc_id", it->doc_id > 0 ? json_integer(it->doc_id) : json_null());
	return j;
}

int item_get(struct ctx *c, int64_t id, struct guide_item *out, struct derr *e)
{
	int rc = store_item_get(c->db, c->a, id, out);
	if (rc > 0 || (rc == 0 && !round_may_take_part(c) &&
		       (strcmp(out->round_state, "closed") != 0 || strcmp(out->state, "funded") != 0)))
		return not_found(e, "guide item", id);
	return rc < 0 ? derr_store(e, rc, "reading the guide item") : 0;
}

int item_list(struct ctx *c, int64_t round_id, const char *region, struct guide_item **out,
	      size_t *n, struct derr *e)
{
	struct overlap_round r;
	int rc;
	if (round_get(c, round_id, &r, e) < 0)
		return -1;
	rc = store_item_list(c->db, c->a, round_id, region && *region ? region : NULL,
			     !round_may_take_part(c), out, n);
	return rc < 0 ? derr_store(e, rc, "listing the items") : 0;
}

/* The item's document: sketch, words, texts; put into the store. */
static int item_doc(struct ctx *c, const struct overlap_round *r, const struct guide_item *it,
		    struct ovq *q, int64_t *doc, struct derr *e)
{
	struct overlap_doc d;
	unsigned char *s = NULL, *w = NULL;
	size_t ns = 0, nw = 0;
	int rc;

	if (ovq_prepare(q, it->title, it->content, it->indicators, e) < 0)
		return -1;
	if (ovq_words(c, q, e) < 0)
		return -1;
	if (ov_sketch_encode(&q->sketch, &s, &ns) < 0 || tfidf_vec_encode(&q->words, &w, &nw) < 0) {
		free(s);
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	}
	memset(&d, 0, sizeof d);
	d.kind = "guide_item";
	d.ref_id = it->id;
	d.round_id = r->id;
	d.status = "round";
	d.title = it->title;
	d.content = it->content;
	d.indicators = it->indicators;
	d.field = it->field;
	d.region_code = it->region_code;
	d.year = r->year;
	d.sketch = s;
	d.sketch_len = ns;
	d.words = w;
	d.words_len = nw;
	rc = store_doc_put(c->db, &d, doc);
	free(s);
	free(w);
	return rc < 0 ? derr_store(e, rc, "storing the item's text") : 0;
}

/* The item's texts were checked by fields_apply; this adds the region,
 * the field and what makes a text comparable. */
int round_item_check(struct ctx *c, const struct overlap_round *r, struct guide_item *it,
		     struct derr *e)
{
	struct region reg;
	int rc;
	if (!it->region_code) {
		if (role_of(c->user) == ROLE_COORDINATOR)
			it->region_code = c->user->region_code;
		else
			return derr_set(e, DERR_INVALID, "required", "region", "region is required");
	}
	rc = store_region_get(c->db, c->a, it->region_code, &reg);
	if (rc > 0)
		return derr_set(e, DERR_INVALID, "not_found", "region",
				"region %s is not in the community", it->region_code);
	if (rc < 0)
		return derr_store(e, rc, "checking the region");
	if (!round_may_edit_region(c, it->region_code))
		return deny(c, e, "submit items for another region");
	if (!round_has_field(r, it->field))
		return derr_set(e, DERR_INVALID, "not_in_round", "field",
				"field %s is not one of this round's fields", it->field);
	return overlap_text_check(it->title, it->content, it->indicators, 0, e);
}

/* Opens the round for writing items: it must exist and be open. */
static int open_round(struct ctx *c, int64_t round_id, struct overlap_round *r, struct derr *e)
{
	int rc = store_round_get(c->db, c->a, round_id, r);
	if (rc > 0)
		return not_found(e, "round", round_id);
	if (rc < 0)
		return derr_store(e, rc, "reading the round");
	if (strcmp(r->state, "open") != 0)
		return derr_set(e, DERR_CONFLICT, "closed", NULL,
				"round %lld is closed: its items cannot change", (long long)round_id);
	return 0;
}

int round_item_add(struct ctx *c, const struct overlap_round *r, struct guide_item *it,
		   int64_t *id, int audit, struct derr *e)
{
	struct guide_item saved;
	struct ovq q;
	int64_t doc;
	int rc;

	memset(&q, 0, sizeof q);
	it->round_id = r->id;
	it->created_by = c->user ? c->user->id : 0;
	if ((rc = store_item_insert(c->db, it, id)) < 0)
		return derr_store(e, rc, "adding the item");
	it->id = *id;
	rc = item_doc(c, r, it, &q, &doc, e);
	if (rc == 0)
		rc = round_pairs_for_item(c, r, doc, it->region_code, it->field, &q, e);
	ovq_release(&q);
	if (rc == 0 && audit) {
		json_t *after;
		if ((rc = store_item_get(c->db, c->a, *id, &saved)) != 0)
			return derr_store(e, rc < 0 ? rc : DB_ERR, "reading the item");
		after = item_json(&saved);
		rc = audit_log(c, "create", "guide_item", *id, NULL, after, e);
		json_decref(after);
	}
	return rc < 0 ? -1 : 0;
}

int item_create(struct ctx *c, int64_t round_id, json_t *in, int64_t *id, struct derr *e)
{
	struct overlap_round r;
	struct guide_item it;
	int rc;

	if (!round_may_take_part(c))
		return deny(c, e, "submit guide items (region coordinators do)");
	memset(&it, 0, sizeof it);
	it.budget_wan = -1;
	if (fields_apply(item_fields, in, &it, c->a, FIELDS_CREATE, e) < 0)
		return -1;
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "adding the item");
	rc = open_round(c, round_id, &r, e);
	if (rc == 0)
		rc = round_item_check(c, &r, &it, e);
	if (rc == 0)
		rc = round_item_add(c, &r, &it, id, 1, e);
	return finish(c, rc, e, "adding the item");
}

/* Reads an item for a change: it exists, its round is open, it is a
 * draft, and the actor may change its region's items. */
static int item_for_change(struct ctx *c, int64_t id, struct guide_item *it,
			   struct overlap_round *r, struct derr *e)
{
	int rc = store_item_get(c->db, c->a, id, it);
	if (rc > 0 || (rc == 0 && !round_may_take_part(c)))
		return not_found(e, "guide item", id);
	if (rc < 0)
		return derr_store(e, rc, "reading the item");
	if (open_round(c, it->round_id, r, e) < 0)
		return -1;
	if (!round_may_edit_region(c, it->region_code))
		return deny(c, e, "change another region's items");
	if (strcmp(it->state, "draft") != 0)
		return derr_set(e, DERR_CONFLICT, "not_draft", NULL,
				"item %lld is %s and cannot change", (long long)id, it->state);
	return 0;
}

int item_update(struct ctx *c, int64_t id, json_t *in, struct derr *e)
{
	struct overlap_round r;
	struct guide_item old, it, saved;
	struct ovq q;
	json_t *before = NULL, *after = NULL;
	int64_t doc;
	int rc;

	memset(&q, 0, sizeof q);
	if (!c->user && c->client)
		return deny(c, e, "change guide items");
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "changing the item");
	rc = item_for_change(c, id, &old, &r, e);
	it = old;
	if (rc == 0 && json_is_object(in) && json_object_get(in, "region")) {
		json_t *v = json_object_get(in, "region");
		if (!json_is_string(v) || strcmp(json_string_value(v), old.region_code) != 0)
			rc = derr_set(e, DERR_INVALID, "read_only", "region",
				      "an item cannot move to another region; withdraw it and add it there");
	}
	if (rc == 0 && fields_apply(item_fields, in, &it, c->a, FIELDS_PATCH, e) < 0)
		rc = -1;
	if (rc == 0)
		rc = round_item_check(c, &r, &it, e);
	if (rc == 0 && (rc = store_item_update(c->db, &it)) != 0)
		rc = derr_store(e, rc < 0 ? rc : DB_ERR, "changing the item");
	if (rc == 0)
		rc = item_doc(c, &r, &it, &q, &doc, e);
	if (rc == 0)
		rc = round_pairs_for_item(c, &r, doc, it.region_code, it.field, &q, e);
	ovq_release(&q);
	if (rc == 0 && (rc = store_item_get(c->db, c->a, id, &saved)) != 0)
		rc = derr_store(e, rc < 0 ? rc : DB_ERR, "reading the item");
	if (rc == 0) {
		before = item_json(&old);
		after = item_json(&saved);
		rc = audit_log(c, "update", "guide_item", id, before, after, e);
	}
	json_decref(before);
	json_decref(after);
	return finish(c, rc, e, "changing the item");
}

int round_item_retire(struct ctx *c, const struct guide_item *it, const char *state,
		      int64_t merged_into, struct derr *e)
{
	int rc = store_item_set_state(c->db, it->id, state, merged_into, now_unix());
	if (rc == 0 && it->doc_id)
		rc = store_doc_set_status(c->db, it->doc_id, "retired", 0);
	if (rc > 0)
		rc = DB_ERR;
	return rc < 0 ? derr_store(e, rc, "withdrawing the item") : 0;
}

int item_withdraw(struct ctx *c, int64_t id, struct derr *e)
{
	struct overlap_round r;
	struct guide_item old, saved;
	json_t *before = NULL, *after = NULL;
	int rc;

	if (!c->user && c->client)
		return deny(c, e, "withdraw guide items");
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "withdrawing the item");
	rc = item_for_change(c, id, &old, &r, e);
	if (rc == 0)
		rc = round_item_retire(c, &old, "withdrawn", 0, e);
	if (rc == 0 && (rc = store_item_get(c->db, c->a, id, &saved)) != 0)
		rc = derr_store(e, rc < 0 ? rc : DB_ERR, "reading the item");
	if (rc == 0) {
		before = item_json(&old);
		after = item_json(&saved);
		rc = audit_log(c, "withdraw", "guide_item", id, before, after, e);
	}
	json_decref(before);
	json_decref(after);
	return finish(c, rc, e, "withdrawing the item");
}
