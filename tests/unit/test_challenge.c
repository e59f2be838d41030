/*
 * test_challenge.c — enterprise challenges (揭榜挂帅) over a real store:
 * drafting with its refusals, the coordinator's review, who sees what
 * (anonymous posters, unpublished challenges), responses and their
 * refusals (after the deadline, twice, a consortium without a lead, a
 * member twice, regions not named), withdrawal, selection turning the
 * challenge into a joint project, closing, the duplicate detector's
 * history, the figures, and the recommendations.
 */
#include "unit.h"
#include <string.h>
#include "core/cst.h"
#include "core/util.h"
#include "domain/challenge.h"
#include "domain/expert.h"
#include "domain/expert_index.h"
#include "domain/figures.h"
#include "domain/instrument.h"
#include "domain/joint_figures.h"
#include "domain/project.h"
#include "fixture.h"

static struct account coord_ah = { .id = 4, .username = "cah", .role = "coordinator", .region_code = "340000" };
static struct account coord_sh = { .id = 5, .username = "csh", .role = "coordinator", .region_code = "310000" };
static struct account office = { .id = 6, .username = "off", .role = "office" };
static struct account oa3 = { .id = 7, .username = "oa3", .role = "org_admin", .org_id = 3 };
static struct account m3 = { .id = 8, .username = "m3", .role = "member", .org_id = 3 };
static struct account oa2 = { .id = 9, .username = "oa2", .role = "org_admin", .org_id = 2 };
static struct account m2 = { .id = 10, .username = "m2", .role = "member", .org_id = 2 };

static int setup(void **state)
{
	struct fx *f;
	if (fx_setup(state) < 0)
		return -1;
	f = *state;
	fx_sql(f, "INSERT INTO org(id, kind, name_zh, region_code, city_code, created_at, updated_at) VALUES"
		  " (3, 'enterprise', '上海测试半导体公司', '310000', '310100', 0, 0),"
		  " (4, 'enterprise', '杭州测试公司', '330000', '330100', 0, 0)");
	fx_sql(f, "INSERT INTO account(id, username, pwhash, role, org_id, region_code, created_at) VALUES"
		  " (4, 'cah', 'x', 'coordinator', NULL, '340000', 0),"
		  " (5, 'csh', 'x', 'coordinator', NULL, '310000', 0), (6, 'off', 'x', 'office', NULL, NULL, 0),"
		  " (7, 'oa3', 'x', 'org_admin', 3, NULL, 0), (8, 'm3', 'x', 'member', 3, NULL, 0),"
		  " (9, 'oa2', 'x', 'org_admin', 2, NULL, 0), (10, 'm2', 'x', 'member', 2, NULL, 0)");
	figures_cache_clear();
	return 0;
}

static int teardown(void **state)
{
	figures_cache_clear();
	xindex_free();
	return fx_teardown(state);
}

static const char *day_from_now(int64_t days)
{
	static char s[8][16];
	static int k;
	char *out = s[k++ % 8];
	cst_format_day(cst_day(now_unix()) + days, out, 16);
	return out;
}

static json_t *good(void)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:I, s:s, s:s}",
		"title", "6英寸碳化硅衬底量产工艺攻关",
		"statement", "征集团队攻关6英寸导电型碳化硅单晶生长与衬底加工量产工艺，实现稳定批量供货。",
		"indicators", "微管密度≤0.5 cm⁻²；6英寸衬底良率≥60%", "field", "semiconductor",
		"budget_cny", (json_int_t)30000000, "deadline", day_from_now(30), "ip_terms", "shared");
}

static int64_t draft(struct fx *f, const struct account *who, json_t *in, struct derr *e)
{
	int64_t id = 0;
	int rc;
	f->c.user = who;
	memset(e, 0, sizeof *e);
	rc = challenge_create(&f->c, in, now_unix(), &id, e);
	json_decref(in);
	return rc < 0 ? -1 : id;
}

/* Drafted by m3 for its enterprise (Shanghai) and published by Shanghai's coordinator. */
static int64_t published(struct fx *f, json_t *in)
{
	struct derr e = { 0 };
	int64_t id = draft(f, &m3, in, &e);
	assert_true(id > 0);
	f->c.user = &coord_sh;
	assert_int_equal(challenge_publish(&f->c, id, now_unix(), &e), 0);
	return id;
}

static int64_t respond(struct fx *f, const struct account *who, int64_t cid, json_t *in, int64_t now,
		       struct derr *e)
{
	int64_t id = 0;
	int rc;
	f->c.user = who;
	memset(e, 0, sizeof *e);
	rc = response_create(&f->c, cid, in, now, &id, e);
	json_decref(in);
	return rc < 0 ? -1 : id;
}

/* A response led by lead, with organisation 1 as member unless it leads. */
static json_t *team(int64_t lead)
{
	json_t *t = json_pack("{s:I, s:s, s:I}", "lead_org_id", (json_int_t)lead,
			      "plan", "三阶段完成单晶生长、衬底加工与中试验证。", "budget_cny", (json_int_t)25000000);
	if (lead != 1)
		json_object_set_new(t, "members", json_pack("[I]", (json_int_t)1));
	return t;
}

static void drafting_refusals_name_the_field(void **state)
{
	struct fx *f = *state;
	static const struct { const char *patch, *field, *code; } cases[] = {
		{ "{\"deadline\": \"2020-01-01\"}", "deadline", "in_past" },
		{ "{\"deadline\": \"2099-13-01\"}", "deadline", "wrong_type" },
		{ "{\"deadline\": \"2099-12-31\"}", "deadline", "out_of_range" },
		{ "{\"regions\": [\"320000\"]}", "regions", "not_allowed" },
		{ "{\"open_to\": \"regions\"}", "regions", "required" },
		{ "{\"open_to\": \"regions\", \"regions\": [\"320000\", \"320000\"]}", "regions[1]", "duplicate" },
		{ "{\"open_to\": \"regions\", \"regions\": [\"990000\"]}", "regions[0]", "not_found" },
		{ "{\"budget_cny\": -1}", "budget_cny", "out_of_range" },
		{ "{\"ip_terms\": \"mine\"}", "ip_terms", "not_allowed" },
		{ "{\"anonymous\": \"yes\"}", "anonymous", "wrong_type" },
		{ "{\"statement\": \"\"}", "statement", "required" },
	};
	struct derr e;
	json_t *in;

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		json_t *patch = json_loads(cases[i].patch, 0, NULL);
		in = good();
		json_object_update(in, patch);
		json_decref(patch);
		assert_int_equal(draft(f, &m3, in, &e), -1);
		if (strcmp(e.field, cases[i].field) || strcmp(e.code, cases[i].code))
			fail_msg("case %zu: got %s %s (%s)", i, e.field, e.code, e.message);
	}
	/* a university is no enterprise; nor may one post for another */
	assert_int_equal(draft(f, &f->member, good(), &e), -1);
	assert_string_equal(e.field, "poster_org_id");
	assert_string_equal(e.code, "wrong_kind");
	in = good();
	json_object_set_new(in, "poster_org_id", json_integer(4));
	assert_int_equal(draft(f, &m3, in, &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	in = good();
	json_object_set_new(in, "poster_org_id", json_integer(3));
	assert_int_equal(draft(f, &coord_ah, in, &e), -1);   /* Shanghai's enterprise, Anhui's coordinator */
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	assert_int_equal(draft(f, NULL, good(), &e), -1);
	assert_int_equal(e.kind, DERR_UNAUTHORIZED);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM challenge"), 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM audit"), 0);
	/* on behalf of an enterprise of its region */
	in = good();
	json_object_set_new(in, "poster_org_id", json_integer(3));
	json_object_set_new(in, "anonymous", json_true());
	assert_true(draft(f, &coord_sh, in, &e) > 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM challenge WHERE state = 'submitted'"
				     " AND anonymous = 1 AND region_code = '310000'"), 1);
}

static void only_the_regions_coordinator_publishes(void **state)
{
	struct fx *f = *state;
	struct derr e = { 0 };
	struct challenge k;
	int64_t id = draft(f, &m3, good(), &e);
	json_t *patch;

	assert_true(id > 0);
	/* not yet public */
	f->c.user = NULL;
	assert_int_equal(challenge_get(&f->c, id, &k, &e), -1);
	assert_int_equal(e.kind, DERR_NOT_FOUND);
	f->c.user = &coord_ah;   /* another region's coordinator does not even see it */
	assert_int_equal(challenge_publish(&f->c, id, now_unix(), &e), -1);
	assert_int_equal(e.kind, DERR_NOT_FOUND);
	const struct account *nope[] = { &oa3, &m3, &f->admin, &office };
	for (size_t i = 0; i < ARRAY_SIZE(nope); i++) {
		f->c.user = nope[i];
		assert_int_equal(challenge_publish(&f->c, id, now_unix(), &e), -1);
		assert_int_equal(e.kind, DERR_FORBIDDEN);
	}
	f->c.user = &coord_sh;
	assert_int_equal(challenge_return(&f->c, id, "", now_unix(), &e), -1);
	assert_string_equal(e.field, "reason");
	assert_int_equal(challenge_return(&f->c, id, "请补充目标指标的测试方法", now_unix(), &e), 0);
	assert_int_equal(challenge_get(&f->c, id, &k, &e), 0);
	assert_string_equal(k.state, "returned");
	/* the poster changes it: back to review */
	f->c.user = &m3;
	patch = json_pack("{s:s}", "indicators", "微管密度≤0.5 cm⁻²（按GB/T 31351测试）");
	assert_int_equal(challenge_update(&f->c, id, patch, now_unix(), &e), 0);
	json_decref(patch);
	assert_int_equal(challenge_get(&f->c, id, &k, &e), 0);
	assert_string_equal(k.state, "submitted");
	assert_null(k.reason);
	/* a deadline that passed meanwhile is not published */
	f->c.user = &coord_sh;
	assert_int_equal(challenge_publish(&f->c, id, k.deadline_at, &e), -1);
	assert_string_equal(e.code, "in_past");
	assert_int_equal(challenge_publish(&f->c, id, now_unix(), &e), 0);
	assert_int_equal(challenge_publish(&f->c, id, now_unix(), &e), -1);
	assert_int_equal(e.kind, DERR_CONFLICT);
	/* public now; in the duplicate detector's history */
	f->c.user = NULL;
	assert_int_equal(challenge_get(&f->c, id, &k, &e), 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM overlap_doc WHERE kind = 'challenge' AND ref_id = 1"), 1);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM audit WHERE entity = 'challenge'"), 4);
	/* and no longer changed */
	f->c.user = &m3;
	patch = json_pack("{s:s}", "title", "改名");
	assert_int_equal(challenge_update(&f->c, id, patch, now_unix(), &e), -1);
	assert_int_equal(e.kind, DERR_CONFLICT);
	json_decref(patch);
}

static void anonymous_posters_are_hidden_from_the_public(void **state)
{
	struct fx *f = *state;
	struct derr e = { 0 };
	struct challenge k;
	json_t *in = good(), *j;
	int64_t id;

	json_object_set_new(in, "anonymous", json_true());
	id = published(f, in);
	f->c.user = NULL;
	assert_int_equal(challenge_get(&f->c, id, &k, &e), 0);
	j = challenge_json(&f->c, &k, now_unix());
	assert_true(json_is_null(json_object_get(j, "poster_org_id")));
	assert_true(json_is_null(json_object_get(j, "poster_zh")));
	assert_true(json_is_true(json_object_get(j, "open")));
	json_decref(j);
	f->c.user = &oa2;   /* another organisation */
	j = challenge_json(&f->c, &k, now_unix());
	assert_true(json_is_null(json_object_get(j, "poster_org_id")));
	json_decref(j);
	f->c.user = &oa3;   /* the poster's side */
	j = challenge_json(&f->c, &k, now_unix());
	assert_int_equal(json_integer_value(json_object_get(j, "poster_org_id")), 3);
	json_decref(j);
}

static void responses_and_their_refusals(void **state)
{
	struct fx *f = *state;
	struct derr e;
	struct challenge k;
	int64_t cid, rid, other;
	json_t *in;

	/* not published yet: no responses */
	cid = draft(f, &m3, good(), &e);
	assert_int_equal(respond(f, &oa2, cid, team(2), now_unix(), &e), -1);
	assert_int_equal(e.kind, DERR_NOT_FOUND);   /* it cannot even be seen */
	f->c.user = &coord_sh;
	assert_int_equal(challenge_publish(&f->c, cid, now_unix(), &e), 0);
	assert_int_equal(challenge_get(&f->c, cid, &k, &e), 0);

	/* a consortium without a lead, a member twice, the lead again */
	in = team(2);
	json_object_del(in, "lead_org_id");
	assert_int_equal(respond(f, &oa2, cid, in, now_unix(), &e), -1);
	assert_string_equal(e.field, "lead_org_id");
	assert_string_equal(e.code, "required");
	in = team(2);
	json_object_set_new(in, "members", json_pack("[I, I]", (json_int_t)1, (json_int_t)1));
	assert_int_equal(respond(f, &oa2, cid, in, now_unix(), &e), -1);
	assert_string_equal(e.field, "members[1]");
	in = team(2);
	json_object_set_new(in, "members", json_pack("[I]", (json_int_t)2));
	assert_int_equal(respond(f, &oa2, cid, in, now_unix(), &e), -1);
	assert_string_equal(e.code, "duplicate");
	/* for another organisation, or the poster itself */
	assert_int_equal(respond(f, &f->member, cid, team(2), now_unix(), &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	assert_int_equal(respond(f, &oa3, cid, team(3), now_unix(), &e), -1);
	assert_string_equal(e.code, "poster");
	/* after the deadline */
	assert_int_equal(respond(f, &oa2, cid, team(2), k.deadline_at, &e), -1);
	assert_string_equal(e.code, "deadline_passed");
	assert_int_equal(fx_count(f, "SELECT count(*) FROM challenge_response"), 0);

	rid = respond(f, &m2, cid, team(2), now_unix(), &e);
	assert_true(rid > 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM response_member WHERE response_id = 1"), 2);
	/* twice */
	assert_int_equal(respond(f, &oa2, cid, team(2), now_unix(), &e), -1);
	assert_string_equal(e.code, "duplicate");
	assert_int_equal(e.kind, DERR_CONFLICT);

	/* withdrawn before the deadline only, by its own team */
	f->c.user = &f->orgadmin;
	assert_int_equal(response_withdraw(&f->c, rid, now_unix(), &e), -1);
	assert_int_equal(e.kind, DERR_NOT_FOUND);   /* not even visible to another organisation */
	f->c.user = &oa2;
	assert_int_equal(response_withdraw(&f->c, rid, k.deadline_at + 1, &e), -1);
	assert_string_equal(e.code, "deadline_passed");
	assert_int_equal(response_withdraw(&f->c, rid, now_unix(), &e), 0);
	/* a withdrawn response is not selected */
	f->c.user = &m3;
	assert_int_equal(response_select(&f->c, rid, now_unix(), &other, &e), -1);
	assert_string_equal(e.code, "withdrawn");
	/* responding again after withdrawing */
	other = respond(f, &oa2, cid, team(2), now_unix(), &e);
	assert_true(other > 0);

	/* named regions: a team led from elsewhere is refused */
	in = good();
	json_object_set_new(in, "open_to", json_string("regions"));
	json_object_set_new(in, "regions", json_pack("[s]", "320000"));
	json_object_set_new(in, "title", json_string("限江苏团队揭榜"));
	cid = published(f, in);
	assert_int_equal(respond(f, &f->orgadmin, cid, team(1), now_unix(), &e), -1);
	assert_string_equal(e.code, "region_not_open");
	assert_true(respond(f, &oa2, cid, team(2), now_unix(), &e) > 0);
}

static void selection_makes_a_joint_project(void **state)
{
	struct fx *f = *state;
	struct derr e = { 0 };
	struct challenge k;
	struct project p;
	struct figure_scope s = { .year = cst_year(now_unix()) };
	int64_t cid = published(f, good()), a, b, pid, v, prev;

	a = respond(f, &oa2, cid, team(2), now_unix(), &e);
	b = respond(f, &f->orgadmin, cid, json_pack("{s:I, s:s, s:I}", "lead_org_id", (json_int_t)1,
						    "plan", "另一方案", "budget_cny", (json_int_t)1), now_unix(), &e);
	assert_true(a > 0 && b > 0);
	/* only the poster decides */
	const struct account *nope[] = { &oa2, &coord_sh, &f->admin, &office };
	for (size_t i = 0; i < ARRAY_SIZE(nope); i++) {
		f->c.user = nope[i];
		assert_int_equal(response_select(&f->c, a, now_unix(), &pid, &e), -1);
		assert_int_equal(e.kind, DERR_FORBIDDEN);
		assert_int_equal(response_shortlist(&f->c, a, now_unix(), &e), -1);
	}
	f->c.user = &oa3;   /* the poster enterprise's administrator */
	assert_int_equal(response_shortlist(&f->c, a, now_unix(), &e), 0);
	f->c.user = &m3;    /* who drafted it */
	assert_int_equal(response_select(&f->c, a, now_unix(), &pid, &e), 0);
	assert_int_equal(challenge_get(&f->c, cid, &k, &e), 0);
	assert_string_equal(k.state, "selected");
	assert_int_equal(k.selected_response, a);
	assert_int_equal(k.project_id, pid);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM challenge_response WHERE id = 2"
				     " AND state = 'declined'"), 1);
	/* the consortium is the project's members; the budget its enterprise funds */
	assert_int_equal(project_get(&f->c, pid, &p, &e), 0);
	assert_int_equal(p.lead_org_id, 2);
	assert_int_equal(p.nmembers, 2);
	assert_int_equal(p.regions, 2);
	assert_int_equal(p.challenge_id, cid);
	assert_int_equal(p.enterprise_cny, 25000000);
	assert_int_equal(p.total_cny, 25000000);
	/* the detector's history: the project in, the challenge out */
	assert_int_equal(fx_count(f, "SELECT count(*) FROM overlap_doc WHERE kind = 'challenge'"), 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM overlap_doc WHERE kind = 'project'"), 1);
	/* decided: nothing more happens */
	assert_int_equal(response_select(&f->c, b, now_unix(), &pid, &e), -1);
	assert_int_equal(e.kind, DERR_CONFLICT);
	f->c.user = &f->admin;
	assert_int_equal(project_delete(&f->c, p.id, &e), -1);
	assert_string_equal(e.code, "in_use");
	/* the figures */
	f->c.user = NULL;
	assert_int_equal(joint_fig_published(&f->c, &s, &v, &prev, &e), 0);
	assert_int_equal(v, 1);
	assert_int_equal(joint_fig_answered(&f->c, &s, &v, &prev, &e), 0);
	assert_int_equal(v, 1);
	assert_int_equal(joint_fig_solved(&f->c, &s, &v, &prev, &e), 0);
	assert_int_equal(v, 1);
	s.region = "340000";
	assert_int_equal(joint_fig_solved(&f->c, &s, &v, &prev, &e), 0);
	assert_int_equal(v, 0);       /* posted from Shanghai */
	assert_int_equal(joint_solved_count(&f->c, 2, s.year, &v, &e), 0);
	assert_int_equal(v, 1);
	assert_int_equal(joint_solved_count(&f->c, 1, s.year, &v, &e), 0);
	assert_int_equal(v, 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM audit WHERE entity = 'challenge' AND action = 'select'"), 1);
}

static void the_poster_closes_without_selecting(void **state)
{
	struct fx *f = *state;
	struct derr e = { 0 };
	int64_t cid = published(f, good());
	assert_true(respond(f, &oa2, cid, team(2), now_unix(), &e) > 0);
	f->c.user = &oa2;
	assert_int_equal(challenge_close(&f->c, cid, now_unix(), &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	f->c.user = &oa3;
	assert_int_equal(challenge_close(&f->c, cid, now_unix(), &e), 0);
	assert_int_equal(challenge_close(&f->c, cid, now_unix(), &e), -1);
	assert_int_equal(e.kind, DERR_CONFLICT);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM challenge_response WHERE state = 'declined'"), 1);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM overlap_doc"), 0);
	assert_int_equal(respond(f, &f->orgadmin, cid, team(1), now_unix(), &e), -1);
	assert_string_equal(e.code, "not_open");
}

static void recommendations_fit_the_challenge(void **state)
{
	struct fx *f = *state;
	struct derr e = { 0 };
	struct challenge k;
	struct challenge_reco reco;
	int64_t cid, x2, x3, ins;
	json_t *in;

	f->c.user = &f->admin;
	in = json_pack("{s:s, s:I, s:s, s:s, s:s}", "name", "王晶体", "org_id", (json_int_t)2,
		       "title", "professor", "disciplines", "43070", "keywords", "碳化硅单晶生长；宽禁带半导体衬底");
	assert_int_equal(expert_create(&f->c, in, &x2, &e), 0);
	json_decref(in);
	in = json_pack("{s:s, s:I, s:s, s:s, s:s}", "name", "赵自家", "org_id", (json_int_t)3,
		       "title", "senior_engineer", "disciplines", "43070", "keywords", "碳化硅单晶生长");
	assert_int_equal(expert_create(&f->c, in, &x3, &e), 0);
	json_decref(in);
	in = json_pack("{s:s, s:s, s:I, s:I, s:s}", "name_zh", "碳化硅单晶生长炉", "category", "process",
		       "value_cny", (json_int_t)3000000, "org_id", (json_int_t)1,
		       "specs", "6英寸碳化硅单晶生长，温度2400 ℃");
	assert_int_equal(instrument_create(&f->c, in, &ins, &e), 0);
	json_decref(in);

	cid = published(f, good());
	f->c.user = NULL;
	assert_int_equal(challenge_get(&f->c, cid, &k, &e), 0);
	assert_int_equal(challenge_recommend(&f->c, &k, 5, &reco, &e), 0);
	assert_true(reco.experts_available);
	assert_int_equal(reco.experts.n, 1);          /* the poster's own expert left out */
	assert_int_equal(reco.experts.hits[0].x.id, x2);
	assert_int_equal(reco.ninstruments, 1);
	assert_int_equal(reco.instruments[0].id, ins);
	assert_non_null(strstr(reco.instrument_query, "碳化硅"));
	assert_int_equal(reco.norgs, 2);
	assert_int_equal(reco.orgs[0].org_id, 2);     /* an expert weighs more than an instrument */
	assert_int_equal(reco.orgs[1].org_id, 1);
	for (size_t i = 0; i < reco.norgs; i++)
		assert_true(reco.orgs[i].org_id != 3);
	json_decref(challenge_reco_json(&reco));
	assert_int_equal(challenge_recommend(&f->c, &k, 0, &reco, &e), -1);
	assert_string_equal(e.field, "limit");
	(void)x3;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(drafting_refusals_name_the_field, setup, teardown),
		cmocka_unit_test_setup_teardown(only_the_regions_coordinator_publishes, setup, teardown),
		cmocka_unit_test_setup_teardown(anonymous_posters_are_hidden_from_the_public, setup, teardown),
		cmocka_unit_test_setup_teardown(responses_and_their_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(selection_makes_a_joint_project, setup, teardown),
		cmocka_unit_test_setup_teardown(the_poster_closes_without_selecting, setup, teardown),
		cmocka_unit_test_setup_teardown(recommendations_fit_the_challenge, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
