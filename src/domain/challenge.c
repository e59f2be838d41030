/*
 * challenge.c — enterprise challenges and the teams' responses: reading
 * and checking their documents, who may do what, the review and decision
 * workflow, and selection turning a challenge into a joint project.  See
 * challenge.h.  Recommendations are in challenge_match.c.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include "core/cst.h"
#include "core/util.h"
#include "domain/audit.h"
#include "domain/challenge.h"
#include "domain/industry.h"
#include "domain/joint.h"
#include "domain/overlap.h"
#include "domain/project.h"
#include "store/store.h"
#include "core/banned.h"

const struct term vocab_challenge_state[] = {
	{ "submitted", "待审核", "Awaiting review" },
	{ "returned", "已退回", "Returned" },
	{ "published", "已发布", "Published" },
	{ "closed", "已关闭", "Closed" },
	{ "selected", "已揭榜", "Taken on" },
	{ NULL, NULL, NULL },
};

const struct term vocab_ip_terms[] = {
	{ "poster", "归发榜方所有", "Owned by the poster" },
	{ "team", "归揭榜方所有", "Owned by the team" },
	{ "shared", "双方共有", "Shared" },
	{ "negotiated", "另行约定", "To be agreed" },
	{ NULL, NULL, NULL },
};

const struct term vocab_open_to[] = {
	{ "all", "长三角各区域", "Any region" },
	{ "regions", "指定区域", "Named regions" },
	{ NULL, NULL, NULL },
};

const struct term vocab_response_state[] = {
	{ "submitted", "已提交", "Submitted" },
	{ "shortlisted", "入围", "Shortlisted" },
	{ "withdrawn", "已撤回", "Withdrawn" },
	{ "selected", "揭榜成功", "Selected" },
	{ "declined", "未入选", "Not selected" },
	{ NULL, NULL, NULL },
};

const struct field challenge_fields[] = {
	{ "id", FT_INT, F_READONLY, offsetof(struct challenge, id), 0, 0, NULL, "编号", "ID" },
	{ "title", FT_TEXT, F_REQUIRED, offsetof(struct challenge, title), 0, 200, NULL, "榜单名称", "Title" },
	{ "statement", FT_TEXT, F_REQUIRED | F_MULTILINE, offsetof(struct challenge, statement), 0, 5000, NULL, "技术难题描述", "Problem statement" },
	{ "indicators", FT_TEXT, F_REQUIRED | F_MULTILINE, offsetof(struct challenge, indicators), 0, 2000, NULL, "目标指标", "Target indicators" },
	{ "field", FT_ENUM, F_REQUIRED, offsetof(struct challenge, field), 0, 0, vocab_industry, "产业领域", "Field" },
	{ "budget_cny", FT_INT, F_REQUIRED, offsetof(struct challenge, budget_cny), 0, CHALLENGE_MAX_CNY, NULL, "榜单金额（元）", "Budget (CNY)" },
	{ "deadline", FT_TEXT, F_REQUIRED, offsetof(struct challenge, deadline), 0, 10, NULL, "揭榜截止日期", "Deadline" },
	{ "open_to", FT_ENUM, 0, offsetof(struct challenge, open_to), 0, 0, vocab_open_to, "揭榜范围", "Open to" },
	{ "ip_terms", FT_ENUM, F_REQUIRED, offsetof(struct challenge, ip_terms), 0, 0, vocab_ip_terms, "知识产权归属", "Intellectual property" },
	{ "ip_note", FT_TEXT, F_MULTILINE, offsetof(struct challenge, ip_note), 0, 500, NULL, "知识产权说明", "Intellectual-property note" },
	{ "anonymous", FT_INT, 0, offsetof(struct challenge, anonymous), 0, 1, NULL, "对公众匿名", "Anonymous to the public" },
	{ "poster_org_id", FT_INT, 0, offsetof(struct challenge, poster_org_id), 1, INT64_MAX, NULL, "发榜企业", "Posting enterprise" },
	{ "state", FT_ENUM, F_READONLY, offsetof(struct challenge, state), 0, 0, vocab_challenge_state, "状态", "State" },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL },
};

const struct field response_fields[] = {
	{ "id", FT_INT, F_READONLY, offsetof(struct response, id), 0, 0, NULL, "编号", "ID" },
	{ "lead_org_id", FT_INT, F_REQUIRED, offsetof(struct response, lead_org_id), 1, INT64_MAX, NULL, "牵头单位", "Lead organisation" },
	{ "plan", FT_TEXT, F_REQUIRED | F_MULTILINE, offsetof(struct response, plan), 0, 10000, NULL, "攻关方案", "Plan" },
	{ "budget_cny", FT_INT, F_REQUIRED, offsetof(struct response, budget_cny), 0, CHALLENGE_MAX_CNY, NULL, "申请经费（元）", "Budget requested (CNY)" },
	{ "state", FT_ENUM, F_READONLY, offsetof(struct response, state), 0, 0, vocab_response_state, "状态", "State" },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL },
};

/* ---- who may do what ------------------------------------------------------- */

static int is(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static int public_state(const char *state)
{
	return is(state, "published") || is(state, "closed") || is(state, "selected");
}

int challenge_may_create(const struct ctx *c)
{
	enum role r = role_of(c->user);
	return r == ROLE_SYSADMIN || r == ROLE_COORDINATOR ||
	       ((r == ROLE_MEMBER || r == ROLE_ORG_ADMIN) && c->user->org_id > 0);
}

int challenge_may_decide(const struct ctx *c, const struct challenge *k)
{
	if (!c->user)
		return 0;
	return (k->created_by > 0 && k->created_by == c->user->id) ||
	       (role_of(c->user) == ROLE_ORG_ADMIN && c->user->org_id == k->poster_org_id);
}

int challenge_may_review(const struct ctx *c, const struct challenge *k)
{
	return role_of(c->user) == ROLE_COORDINATOR && is(c->user->region_code, k->region_code);
}

int challenge_may_see_all(const struct ctx *c, const struct challenge *k)
{
	enum role r = role_of(c->user);
	return r == ROLE_SYSADMIN || r == ROLE_OFFICE || challenge_may_review(c, k) ||
	       challenge_may_decide(c, k) ||
	       (c->user && c->user->org_id > 0 && c->user->org_id == k->poster_org_id);
}

int challenge_may_edit(const struct ctx *c, const struct challenge *k)
{
	return (is(k->state, "submitted") || is(k->state, "returned")) &&
	       (challenge_may_decide(c, k) || challenge_may_review(c, k) ||
		role_of(c->user) == ROLE_SYSADMIN);
}

static int region_named(const struct challenge *k, const char *region)
{
	if (!is(k->open_to, "regions"))
		return 1;
	for (size_t i = 0; i < k->nregions; i++)
		if (is(k->regions[i], region))
			return 1;
	return 0;
}

int challenge_may_respond(const struct ctx *c, const struct challenge *k, int64_t now)
{
	enum role r = role_of(c->user);
	return is(k->state, "published") && now < k->deadline_at &&
	       (r == ROLE_SYSADMIN || ((r == ROLE_MEMBER || r == ROLE_ORG_ADMIN) &&
				       c->user->org_id > 0 && c->user->org_id != k->poster_org_id));
}

int response_may_withdraw(const struct ctx *c, const struct challenge *k,
			  const struct response *x, int64_t now)
{
	if (!c->user || !is(k->state, "published") || now >= k->deadline_at ||
	    !(is(x->state, "submitted") || is(x->state, "shortlisted")))
		return 0;
	return role_of(c->user) == ROLE_SYSADMIN || x->created_by == c->user->id ||
	       (role_of(c->user) == ROLE_ORG_ADMIN && c->user->org_id == x->lead_org_id);
}

/* May the actor see this response? */
static int response_visible(const struct ctx *c, const struct challenge *k,
			    const struct response *x)
{
	return challenge_may_see_all(c, k) ||
	       (c->user && (x->created_by == c->user->id ||
			    (c->user->org_id > 0 && c->user->org_id == x->lead_org_id)));
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
		return e->kind ? -1 : derr_store(e, rc, what);
	}
	if ((rc = store_commit(c->db)) < 0)
		return derr_store(e, rc, what);
	overlap_after_commit(c);
	return 0;
}

/* ---- JSON -------------------------------------------------------------------- */

json_t *challenge_json(const struct ctx *c, const struct challenge *k, int64_t now)
{
	int all = challenge_may_see_all(c, k);
	int poster = !k->anonymous || all;
	json_t *regions = json_array();
	json_t *j;

	for (size_t i = 0; regions && i < k->nregions; i++)
		json_array_append_new(regions, json_string(k->regions[i]));
	j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:o, s:s, s:s?, s:b, s:s, s:s?,"
		      " s:s?, s:s, s:I, s:b, s:I, s:I}",
		"id", (json_int_t)k->id, "title", k->title, "statement", k->statement,
		"indicators", k->indicators, "field", k->field, "budget_cny", (json_int_t)k->budget_cny,
		"deadline", k->deadline, "open_to", k->open_to, "regions", regions,
		"ip_terms", k->ip_terms, "ip_note", k->ip_note, "anonymous", (int)k->anonymous,
		"region", k->region_code, "region_zh", k->region_zh, "region_en", k->region_en,
		"state", k->state, "responses", (json_int_t)k->responses,
		"open", is(k->state, "published") && now < k->deadline_at,
		"created_at", (json_int_t)k->created_at, "updated_at", (json_int_t)k->updated_at);
	if (!j)
		return NULL;
	json_object_set_new(j, "poster_org_id", poster ? json_integer(k->poster_org_id) : json_null());
	json_object_set_new(j, "poster_zh", poster && k->poster_zh ? json_string(k->poster_zh) : json_null());
	json_object_set_new(j, "poster_en", poster && k->poster_en ? json_string(k->poster_en) : json_null());
	json_object_set_new(j, "reason", all && k->reason ? json_string(k->reason) : json_null());
	json_object_set_new(j, "published_at", k->published_at ? json_integer(k->published_at) : json_null());
	json_object_set_new(j, "decided_at", k->decided_at ? json_integer(k->decided_at) : json_null());
	json_object_set_new(j, "selected_response",
			    k->selected_response ? json_integer(k->selected_response) : json_null());
	json_object_set_new(j, "project_id", k->project_id ? json_integer(k->project_id) : json_null());
	return j;
}

json_t *response_json(const struct response *x)
{
	json_t *j = json_pack("{s:I, s:I, s:I, s:s?, s:s?, s:s?, s:s, s:I, s:s, s:I, s:I, s:I}",
		"id", (json_int_t)x->id, "challenge_id", (json_int_t)x->challenge_id,
		"lead_org_id", (json_int_t)x->lead_org_id, "lead_zh", x->lead_zh,
		"lead_en", x->lead_en, "lead_region", x->lead_region, "plan", x->plan,
		"budget_cny", (json_int_t)x->budget_cny, "state", x->state,
		"members_count", (json_int_t)x->nmembers,
		"created_at", (json_int_t)x->created_at, "updated_at", (json_int_t)x->updated_at);
	if (j) {
		json_object_set_new(j, "members", joint_parties_json(x->members, x->nmember_rows));
		json_object_set_new(j, "experts", joint_persons_json(x->experts, x->nexperts));
	}
	return j;
}

/* The full record for the audit trail (everything, poster included). */
static json_t *audit_json(const struct challenge *k)
{
	struct ctx sys = { 0 };
	struct account root = { .role = "sysadmin" };
	sys.user = &root;
	return challenge_json(&sys, k, k->updated_at);
}

/* ---- reading and checking a challenge ------------------------------------------ */

/* Reads the named regions (an array of region codes) into k. */
static int read_regions(struct ctx *c, json_t *v, struct challenge *k, struct derr *e)
{
	size_t i;
	json_t *x;
	k->regions = NULL;
	k->nregions = 0;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_array(v) || json_array_size(v) > 8)
		return derr_set(e, DERR_INVALID, "wrong_type", "regions",
				"regions must be a list of at most 8 region codes");
	if (json_array_size(v) && !(k->regions = arena_zalloc(c->a, json_array_size(v) * sizeof *k->regions)))
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	json_array_foreach(v, i, x) {
		struct region r;
		const char *code = json_string_value(x);
		int rc;
		if (!code || json_string_length(x) > 6 || strlen(code) != json_string_length(x))
			return derr_set(e, DERR_INVALID, "wrong_type",
					arena_printf(c->a, "regions[%zu]", i),
					"regions[%zu] must be a region code", i);
		rc = store_region_get(c->db, c->a, code, &r);
		if (rc > 0)
			return derr_set(e, DERR_INVALID, "not_found", arena_printf(c->a, "regions[%zu]", i),
					"regions[%zu] is not a region of the community", i);
		if (rc < 0)
			return derr_store(e, rc, "reading a region");
		for (size_t k2 = 0; k2 < k->nregions; k2++)
			if (is(k->regions[k2], r.code))
				return derr_set(e, DERR_INVALID, "duplicate",
						arena_printf(c->a, "regions[%zu]", i),
						"regions[%zu] is listed twice", i);
		k->regions[k->nregions++] = r.code;
	}
	return 0;
}

/*
 * Applies a document to k inside the open transaction and checks it: the
 * deadline (a real date, not past, not too far), the regions, the poster
 * (an enterprise the actor may post for).
 */
static int read_challenge(struct ctx *c, json_t *in, enum fields_mode mode, struct challenge *k,
			  int64_t now, struct derr *e)
{
	static const char *const lists[] = { "regions" };
	json_t *rest, *v[1];
	struct org poster;
	int64_t day;
	int rc;

	if (joint_split(in, lists, 1, "anonymous", &rest, v, e) < 0)
		return -1;
	rc = fields_apply(challenge_fields, rest, k, c->a, mode, e);
	json_decref(rest);
	if (rc < 0)
		return -1;
	if ((mode != FIELDS_PATCH || v[0]) && read_regions(c, v[0], k, e) < 0)
		return -1;
	if (!k->open_to)
		k->open_to = "all";
	if (is(k->open_to, "regions") && !k->nregions)
		return derr_set(e, DERR_INVALID, "required", "regions",
				"name the regions the challenge is open to");
	if (is(k->open_to, "all") && k->nregions) {
		if (v[0] && json_array_size(v[0]))
			return derr_set(e, DERR_INVALID, "not_allowed", "regions",
					"regions are named only with open_to regions");
		k->nregions = 0;   /* opened to all by a change */
	}
	if ((day = joint_day(k->deadline)) < 0)
		return derr_set(e, DERR_INVALID, "wrong_type", "deadline",
				"deadline must be a date written YYYY-MM-DD");
	k->deadline_at = cst_day_start(day + 1);
	if (k->deadline_at <= now)
		return derr_set(e, DERR_INVALID, "in_past", "deadline", "the deadline is in the past");
	if (day > cst_day(now) + CHALLENGE_MAX_DAYS)
		return derr_set(e, DERR_INVALID, "out_of_range", "deadline",
				"the deadline is more than %d days away", CHALLENGE_MAX_DAYS);
	if (!k->poster_org_id && c->user && role_of(c->user) <= ROLE_ORG_ADMIN)
		k->poster_org_id = c->user->org_id;
	if (!k->poster_org_id)
		return derr_set(e, DERR_INVALID, "required", "poster_org_id",
				"poster_org_id is required");
	if (joint_org(c, k->poster_org_id, "enterprise", "poster_org_id", &poster, e) < 0)
		return -1;
	k->region_code = poster.region_code;
	switch (role_of(c->user)) {
	case ROLE_SYSADMIN:
		return 0;
	case ROLE_COORDINATOR:
		if (is(poster.region_code, c->user->region_code))
			return 0;
		break;
	case ROLE_MEMBER:
	case ROLE_ORG_ADMIN:
		if (poster.id == c->user->org_id)
			return 0;
		break;
	default:
		break;
	}
	return derr_set(e, DERR_FORBIDDEN, "forbidden", "poster_org_id",
			"you may not post challenges for this enterprise");
}

/* Reads the challenge inside the open transaction; refuses one the
 * actor may not see as missing. */
static int open_challenge(struct ctx *c, int64_t id, struct challenge *k, struct derr *e)
{
	int rc;
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "changing the challenge");
	rc = store_challenge_get(c->db, c->a, id, k);
	if (rc == 0 && !public_state(k->state) && !challenge_may_see_all(c, k))
		rc = 1;
	if (rc > 0) {
		store_rollback(c->db);
		return derr_set(e, DERR_NOT_FOUND, "not_found", NULL,
				"challenge %lld does not exist", (long long)id);
	}
	return rc < 0 ? finish(c, rc, e, "reading the challenge") : 0;
}

/* Writes k (state and all), its regions and an audit entry. */
static int save(struct ctx *c, const char *action, struct challenge *k,
		const struct challenge *old, struct derr *e)
{
	struct challenge saved;
	json_t *before = NULL, *after = NULL;
	int rc = store_challenge_update(c->db, k);
	if (rc == 0)
		rc = store_challenge_set_regions(c->db, k->id, k->regions, k->nregions);
	if (rc == 0 && (rc = store_challenge_get(c->db, c->a, k->id, &saved)) == 0) {
		before = old ? audit_json(old) : NULL;
		after = audit_json(&saved);
		rc = audit_log(c, action, "challenge", k->id, before, after, e);
	}
	json_decref(before);
	json_decref(after);
	return rc > 0 ? DB_ERR : rc;
}

int challenge_create(struct ctx *c, json_t *in, int64_t now, int64_t *id, struct derr *e)
{
	struct challenge k;
	int rc;

	memset(&k, 0, sizeof k);
	if (!challenge_may_create(c))
		return deny(c, e, "post challenges");
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "adding the challenge");
	if (read_challenge(c, in, FIELDS_CREATE, &k, now, e) < 0)
		return finish(c, -1, e, "adding the challenge");
	k.state = "submitted";
	k.created_by = c->user->id;
	if ((rc = store_challenge_insert(c->db, &k, id)) < 0)
		return finish(c, rc, e, "adding the challenge");
	k.id = *id;
	rc = save(c, "create", &k, NULL, e);
	return finish(c, rc, e, "adding the challenge");
}

int challenge_update(struct ctx *c, int64_t id, json_t *in, int64_t now, struct derr *e)
{
	struct challenge old, k;
	int rc;

	if (!c->user)
		return deny(c, e, "change challenges");
	if (open_challenge(c, id, &old, e) < 0)
		return -1;
	if (!challenge_may_edit(c, &old)) {
		store_rollback(c->db);
		if (challenge_may_see_all(c, &old) && !is(old.state, "submitted") && !is(old.state, "returned"))
			return derr_set(e, DERR_CONFLICT, "not_editable", NULL,
					"a %s challenge is not changed any more", old.state);
		return deny(c, e, "change this challenge");
	}
	k = old;
	if (read_challenge(c, in, FIELDS_PATCH, &k, now, e) < 0)
		return finish(c, -1, e, "changing the challenge");
	k.state = "submitted";   /* a change goes back to review */
	k.reason = NULL;
	rc = save(c, "update", &k, &old, e);
	return finish(c, rc, e, "changing the challenge");
}

/* The challenge's text in the duplicate detector's history. */
static int history_put(struct ctx *c, const struct challenge *k, struct derr *e)
{
	struct overlap_doc_in d = { 0 };
	d.kind = "challenge";
	d.ref_id = k->id;
	d.title = k->title;
	d.content = k->statement;
	d.indicators = k->indicators;
	d.field = k->field;
	d.region_code = k->region_code;
	d.year = cst_year(k->published_at);
	if (overlap_doc_put(c, &d, e) < 0) {
		if (e->kind == DERR_INVALID && is(e->field, "content"))
			snprintf(e->field, sizeof e->field, "statement");
		return -1;
	}
	return 0;
}

int challenge_publish(struct ctx *c, int64_t id, int64_t now, struct derr *e)
{
	struct challenge old, k;
	int rc;

	if (!c->user)
		return deny(c, e, "publish challenges");
	if (open_challenge(c, id, &old, e) < 0)
		return -1;
	if (!challenge_may_review(c, &old)) {
		store_rollback(c->db);
		return deny(c, e, "publish it: only the coordinator of the poster's region does");
	}
	if (!is(old.state, "submitted")) {
		store_rollback(c->db);
		return derr_set(e, DERR_CONFLICT, "wrong_state", NULL,
				"only a challenge awaiting review is published; this one is %s", old.state);
	}
	if (old.deadline_at <= now) {
		store_rollback(c->db);
		return derr_set(e, DERR_CONFLICT, "in_past", "deadline",
				"the deadline has passed: return it so the poster sets a new one");
	}
	k = old;
	k.state = "published";
	k.published_at = now;
	k.reviewed_by = c->user->id;
	k.reason = NULL;
	if (history_put(c, &k, e) < 0)
		return finish(c, -1, e, "publishing the challenge");
	rc = save(c, "publish", &k, &old, e);
	return finish(c, rc, e, "publishing the challenge");
}

int challenge_return(struct ctx *c, int64_t id, const char *reason, int64_t now, struct derr *e)
{
	struct challenge old, k;
	int rc;

	(void)now;
	if (!c->user)
		return deny(c, e, "review challenges");
	if (!reason || !*reason)
		return derr_set(e, DERR_INVALID, "required", "reason", "reason is required");
	if (text_check(reason, strlen(reason), 1, 500, "reason", e) < 0)
		return -1;
	if (open_challenge(c, id, &old, e) < 0)
		return -1;
	if (!challenge_may_review(c, &old)) {
		store_rollback(c->db);
		return deny(c, e, "return it: only the coordinator of the poster's region does");
	}
	if (!is(old.state, "submitted")) {
		store_rollback(c->db);
		return derr_set(e, DERR_CONFLICT, "wrong_state", NULL,
				"only a challenge awaiting review is returned; this one is %s", old.state);
	}
	k = old;
	k.state = "returned";
	k.reason = reason;
	k.reviewed_by = c->user->id;
	rc = save(c, "return", &k, &old, e);
	return finish(c, rc, e, "returning the challenge");
}

int challenge_close(struct ctx *c, int64_t id, int64_t now, struct derr *e)
{
	struct challenge old, k;
	int rc;

	if (!c->user)
		return deny(c, e, "close challenges");
	if (open_challenge(c, id, &old, e) < 0)
		return -1;
	if (!challenge_may_decide(c, &old)) {
		store_rollback(c->db);
		return deny(c, e, "close someone else's challenge");
	}
	if (!is(old.state, "published")) {
		store_rollback(c->db);
		return derr_set(e, DERR_CONFLICT, "wrong_state", NULL,
				"only a published challenge is closed; this one is %s", old.state);
	}
	k = old;
	k.state = "closed";
	k.decided_at = now;
	if ((rc = store_response_decline_others(c->db, id, 0, now)) < 0 ||
	    overlap_doc_delete(c, "challenge", id, e) < 0)
		return finish(c, rc < 0 ? rc : -1, e, "closing the challenge");
	rc = save(c, "close", &k, &old, e);
	return finish(c, rc, e, "closing the challenge");
}

int challenge_get(struct ctx *c, int64_t id, struct challenge *out, struct derr *e)
{
	int rc = store_challenge_get(c->db, c->a, id, out);
	if (rc == 0 && !public_state(out->state) && !challenge_may_see_all(c, out))
		rc = 1;
	if (rc > 0)
		return derr_set(e, DERR_NOT_FOUND, "not_found", NULL,
				"challenge %lld does not exist", (long long)id);
	return rc < 0 ? derr_store(e, rc, "reading the challenge") : 0;
}

int challenge_list(struct ctx *c, const struct challenge_query *q, struct challenge **out,
		   size_t *n, int64_t *total, struct derr *e)
{
	static const char *public_states[] = { "published", "closed", "selected", NULL };
	struct challenge_filter f = { 0 };
	const char **one = arena_zalloc(c->a, 2 * sizeof *one);
	enum role r = role_of(c->user);
	int rc;

	*out = NULL;
	*n = 0;
	*total = 0;
	if (!one)
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	if (q->field && *q->field && !vocab_find(vocab_industry, q->field))
		return derr_set(e, DERR_INVALID, "not_allowed", "field",
				"field must be one of the industrial fields");
	if (q->state && *q->state && !vocab_find(vocab_challenge_state, q->state))
		return derr_set(e, DERR_INVALID, "not_allowed", "state",
				"state must be one of submitted, returned, published, closed, selected");
	if (q->region && *q->region) {
		struct region reg;
		rc = store_region_get(c->db, c->a, q->region, &reg);
		if (rc > 0)
			return derr_set(e, DERR_INVALID, "not_found", "region",
					"region %.20s is not in the community", q->region);
		if (rc < 0)
			return derr_store(e, rc, "reading the region");
	}
	f.q = q->q;
	f.field = q->field;
	f.region = q->region;
	f.states = public_states;
	if (q->state && *q->state) {
		one[0] = q->state;
		f.states = one;
	}
	f.open_now = q->open;
	f.now = q->now;
	f.offset = (q->page - 1) * q->per_page;
	f.limit = q->per_page;
	if (q->mine || q->review || q->responded || (q->state && !public_state(q->state))) {
		if (!c->user)
			return deny(c, e, "see these challenges");
		if (q->review) {
			/* the coordinator's queue; others have none */
			if (r != ROLE_COORDINATOR)
				return 0;
			f.region = c->user->region_code;
			if (!q->state || !*q->state) {
				one[0] = "submitted";
				f.states = one;
			}
		} else if (q->mine || q->responded) {
			if (c->user->org_id <= 0)
				return 0;
			if (q->mine) {
				f.poster_org_id = c->user->org_id;
				f.states = q->state && *q->state ? one : NULL;
			} else
				f.responder_org_id = c->user->org_id;
		} else if (r == ROLE_COORDINATOR) {
			f.region = c->user->region_code;
		} else if (r != ROLE_SYSADMIN && r != ROLE_OFFICE) {
			if (c->user->org_id <= 0)
				return 0;
			f.poster_org_id = c->user->org_id;
		}
	}
	rc = store_challenge_list(c->db, c->a, &f, out, n, total);
	return rc < 0 ? derr_store(e, rc, "listing challenges") : 0;
}

/* ---- responses --------------------------------------------------------------------- */

int response_create(struct ctx *c, int64_t challenge_id, json_t *in, int64_t now, int64_t *id,
		    struct derr *e)
{
	static const char *const lists[] = { "members", "experts" };
	struct challenge k;
	struct response x, saved;
	struct party *m, *all;
	struct person *xs;
	size_t nm, nx;
	struct org lead;
	json_t *rest, *v[2], *after;
	int64_t other;
	int rc;

	memset(&x, 0, sizeof x);
	if (!c->user)
		return deny(c, e, "respond to challenges");
	if (joint_split(in, lists, 2, NULL, &rest, v, e) < 0)
		return -1;
	rc = fields_apply(response_fields, rest, &x, c->a, FIELDS_CREATE, e);
	json_decref(rest);
	if (rc < 0 || joint_parties(c, v[0], "members", x.lead_org_id, &m, &nm, e) < 0 ||
	    joint_persons(c, v[1], "experts", &xs, &nx, e) < 0)
		return -1;
	if (open_challenge(c, challenge_id, &k, e) < 0)
		return -1;
	if (!is(k.state, "published")) {
		store_rollback(c->db);
		return derr_set(e, DERR_CONFLICT, "not_open", NULL,
				"the challenge is %s: it takes no responses", k.state);
	}
	if (now >= k.deadline_at) {
		store_rollback(c->db);
		return derr_set(e, DERR_CONFLICT, "deadline_passed", "deadline",
				"responses closed at the end of %s", k.deadline);
	}
	if (joint_org(c, x.lead_org_id, NULL, "lead_org_id", &lead, e) < 0)
		return finish(c, -1, e, "adding the response");
	if (role_of(c->user) != ROLE_SYSADMIN &&
	    (role_of(c->user) > ROLE_ORG_ADMIN || c->user->org_id != lead.id)) {
		store_rollback(c->db);
		return deny(c, e, "respond for this organisation: only its own accounts do");
	}
	if (lead.id == k.poster_org_id) {
		store_rollback(c->db);
		return derr_set(e, DERR_INVALID, "poster", "lead_org_id",
				"the poster cannot respond to its own challenge");
	}
	if (!region_named(&k, lead.region_code)) {
		store_rollback(c->db);
		return derr_set(e, DERR_INVALID, "region_not_open", "lead_org_id",
				"the challenge is open only to teams led from the regions it names");
	}
	if ((other = store_response_live(c->db, challenge_id, lead.id)) != 0) {
		store_rollback(c->db);
		if (other < 0)
			return derr_store(e, (int)other, "checking responses");
		return derr_set(e, DERR_CONFLICT, "duplicate", "lead_org_id",
				"this organisation has responded already (response %lld);"
				" withdraw it to send another", (long long)other);
	}
	if (joint_check_orgs(c, m, nm, "members", e) < 0 ||
	    joint_check_experts(c, xs, nx, "experts", e) < 0)
		return finish(c, -1, e, "adding the response");
	if (!(all = arena_zalloc(c->a, (nm + 1) * sizeof *all)))
		return finish(c, DB_ERR, e, "adding the response");
	all[0].org_id = lead.id;
	all[0].role = "lead";
	for (size_t i = 0; i < nm; i++)
		all[i + 1] = m[i];
	x.challenge_id = challenge_id;
	x.state = "submitted";
	x.created_by = c->user->id;
	x.created_at = now;
	if ((rc = store_response_insert(c->db, &x, id)) < 0 ||
	    (rc = store_response_set_parties(c->db, *id, all, nm + 1, xs, nx)) < 0 ||
	    (rc = store_response_get(c->db, c->a, *id, &saved)) != 0)
		return finish(c, rc > 0 ? DB_ERR : rc, e, "adding the response");
	after = response_json(&saved);
	rc = audit_log(c, "create", "response", *id, NULL, after, e);
	json_decref(after);
	return finish(c, rc, e, "adding the response");
}

/* Opens the transaction with the response and its challenge. */
static int open_response(struct ctx *c, int64_t id, struct response *x, struct challenge *k,
			 struct derr *e)
{
	int rc;
	if (!c->user)
		return deny(c, e, "act on responses");
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "changing the response");
	rc = store_response_get(c->db, c->a, id, x);
	if (rc == 0)
		rc = store_challenge_get(c->db, c->a, x->challenge_id, k);
	if (rc == 0 && !response_visible(c, k, x))
		rc = 1;
	if (rc > 0) {
		store_rollback(c->db);
		return derr_set(e, DERR_NOT_FOUND, "not_found", NULL,
				"response %lld does not exist", (long long)id);
	}
	return rc < 0 ? finish(c, rc, e, "reading the response") : 0;
}

/* Sets the response's state and audits it. */
static int set_state(struct ctx *c, const char *action, struct response *x, const char *state,
		     int64_t now, struct derr *e)
{
	json_t *before = response_json(x), *after;
	int rc = store_response_set_state(c->db, x->id, state, now);
	x->state = state;
	x->updated_at = now;
	after = response_json(x);
	if (rc == 0)
		rc = before && after ? audit_log(c, action, "response", x->id, before, after, e) : DB_ERR;
	json_decref(before);
	json_decref(after);
	return rc > 0 ? DB_ERR : rc;
}

int response_withdraw(struct ctx *c, int64_t id, int64_t now, struct derr *e)
{
	struct response x;
	struct challenge k;
	int rc;

	if (open_response(c, id, &x, &k, e) < 0)
		return -1;
	if (!response_may_withdraw(c, &k, &x, now)) {
		store_rollback(c->db);
		if (!(role_of(c->user) == ROLE_SYSADMIN || x.created_by == c->user->id ||
		      (role_of(c->user) == ROLE_ORG_ADMIN && c->user->org_id == x.lead_org_id)))
			return deny(c, e, "withdraw this response");
		if (now >= k.deadline_at && is(k.state, "published"))
			return derr_set(e, DERR_CONFLICT, "deadline_passed", "deadline",
					"responses are withdrawn only before the deadline (%s)", k.deadline);
		return derr_set(e, DERR_CONFLICT, "wrong_state", NULL,
				"the response is %s and the challenge %s: it cannot be withdrawn",
				x.state, k.state);
	}
	rc = set_state(c, "withdraw", &x, "withdrawn", now, e);
	return finish(c, rc, e, "withdrawing the response");
}

/* Refuses a decision on someone else's challenge, or on a response or a
 * challenge in the wrong state. */
static int may_decide_on(struct ctx *c, const struct challenge *k, const struct response *x,
			 struct derr *e)
{
	if (!challenge_may_decide(c, k))
		return deny(c, e, "decide on someone else's challenge");
	if (!is(k->state, "published"))
		return derr_set(e, DERR_CONFLICT, "wrong_state", NULL,
				"the challenge is %s: nothing more is decided", k->state);
	if (is(x->state, "withdrawn"))
		return derr_set(e, DERR_CONFLICT, "withdrawn", NULL,
				"response %lld was withdrawn by its team", (long long)x->id);
	if (!is(x->state, "submitted") && !is(x->state, "shortlisted"))
		return derr_set(e, DERR_CONFLICT, "wrong_state", NULL,
				"response %lld is %s", (long long)x->id, x->state);
	return 0;
}

int response_shortlist(struct ctx *c, int64_t id, int64_t now, struct derr *e)
{
	struct response x;
	struct challenge k;
	int rc;

	if (open_response(c, id, &x, &k, e) < 0)
		return -1;
	if (may_decide_on(c, &k, &x, e) < 0) {
		store_rollback(c->db);
		return -1;
	}
	if (is(x.state, "shortlisted")) {
		store_rollback(c->db);
		return 0;   /* already: nothing to do */
	}
	rc = set_state(c, "shortlist", &x, "shortlisted", now, e);
	return finish(c, rc, e, "shortlisting the response");
}

/* The project a selection makes: the challenge's subject, the response's
 * consortium and experts, its budget as the poster's enterprise funds. */
static int selection_draft(struct ctx *c, const struct challenge *k, const struct response *x,
			   int64_t now, struct project_draft *d, struct derr *e)
{
	struct project *p = &d->p;
	int64_t year = cst_year(now);
	size_t nm = 0;

	memset(d, 0, sizeof *d);
	p->title = joint_cut(c->a, k->title, 200);
	p->summary = joint_cut(c->a, arena_printf(c->a, "%s\n\n%s", k->statement, x->plan), 5000);
	p->field = k->field;
	p->status = "active";
	p->start_year = year;
	p->end_year = year + 2;
	p->lead_org_id = x->lead_org_id;
	p->challenge_id = k->id;
	p->total_cny = x->budget_cny;
	if (!(p->members = arena_zalloc(c->a, (x->nmember_rows + 1) * sizeof *p->members)))
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	for (size_t i = 0; i < x->nmember_rows; i++)
		if (x->members[i].org_id != x->lead_org_id)
			p->members[nm++] = x->members[i];
	p->nmembers = nm;
	p->experts = x->experts;
	p->nexperts = x->nexperts;
	if (x->budget_cny > 0) {
		if (!(p->funding = arena_zalloc(c->a, sizeof *p->funding)))
			return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		p->funding[0].source = "enterprise";
		p->funding[0].region_code = k->region_code;
		p->funding[0].year = year;
		p->funding[0].amount_cny = x->budget_cny;
		p->funding[0].note = arena_printf(c->a, "榜单 #%lld", (long long)k->id);
		p->nfunding = 1;
	}
	d->has_members = d->has_experts = d->has_funding = 1;
	return 0;
}

int response_select(struct ctx *c, int64_t id, int64_t now, int64_t *project_id,
		    struct derr *e)
{
	struct project_draft d;
	struct response x;
	struct challenge old, k;
	int rc;

	if (open_response(c, id, &x, &old, e) < 0)
		return -1;
	if (may_decide_on(c, &old, &x, e) < 0) {
		store_rollback(c->db);
		return -1;
	}
	if (selection_draft(c, &old, &x, now, &d, e) < 0 ||
	    project_insert_draft(c, &d, project_id, e) < 0)
		return finish(c, -1, e, "selecting the response");
	if ((rc = set_state(c, "select", &x, "selected", now, e)) < 0 ||
	    (rc = store_response_decline_others(c->db, old.id, id, now)) < 0)
		return finish(c, rc, e, "selecting the response");
	if (overlap_doc_delete(c, "challenge", old.id, e) < 0)
		return finish(c, -1, e, "selecting the response");
	k = old;
	k.state = "selected";
	k.selected_response = id;
	k.project_id = *project_id;
	k.decided_at = now;
	rc = save(c, "select", &k, &old, e);
	return finish(c, rc, e, "selecting the response");
}

int response_get(struct ctx *c, int64_t id, struct response *out, struct derr *e)
{
	struct challenge k;
	int rc = store_response_get(c->db, c->a, id, out);
	if (rc == 0)
		rc = store_challenge_get(c->db, c->a, out->challenge_id, &k);
	if (rc == 0 && !response_visible(c, &k, out))
		rc = 1;
	if (rc > 0)
		return derr_set(e, DERR_NOT_FOUND, "not_found", NULL,
				"response %lld does not exist", (long long)id);
	return rc < 0 ? derr_store(e, rc, "reading the response") : 0;
}

int response_list(struct ctx *c, const struct challenge *k, struct response **out, size_t *n,
		  struct derr *e)
{
	struct response *all;
	size_t nall, kept = 0;
	int rc = store_response_list(c->db, c->a, k->id, 1, &all, &nall);
	if (rc < 0)
		return derr_store(e, rc, "listing responses");
	for (size_t i = 0; i < nall; i++)
		if (response_visible(c, k, &all[i]))
			all[kept++] = all[i];
	*out = all;
	*n = kept;
	return 0;
}
