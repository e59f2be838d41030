/*
 * test_project.c — joint projects and innovation consortia over a real
 * store: a project with members across regions, experts, funding lines
 * and milestones is written with its audit entry and overlap document;
 * every kind of bad input is refused naming the field and changes
 * nothing; who may create, change and edit milestones; the import's dry
 * run and all-or-nothing; the figures counted from the rows.
 */
#include "unit.h"
#include <string.h>
#include "core/cst.h"
#include "core/util.h"
#include "domain/consortium.h"
#include "domain/figures.h"
#include "domain/joint_figures.h"
#include "domain/project.h"
#include "fixture.h"

static struct account coord_ah = { .id = 4, .username = "cah", .role = "coordinator", .region_code = "340000" };
static struct account coord_js = { .id = 5, .username = "cjs", .role = "coordinator", .region_code = "320000" };
static struct account office = { .id = 6, .username = "off", .role = "office" };
static struct account oa3 = { .id = 7, .username = "oa3", .role = "org_admin", .org_id = 3 };
static struct account oa2 = { .id = 9, .username = "oa2", .role = "org_admin", .org_id = 2 };
static struct account lead_x = { .id = 10, .username = "lx", .role = "member", .org_id = 2 };
static struct account other_x = { .id = 11, .username = "ox", .role = "member", .org_id = 2 };

static int setup(void **state)
{
	struct fx *f;
	if (fx_setup(state) < 0)
		return -1;
	f = *state;
	fx_sql(f, "INSERT INTO org(id, kind, name_zh, region_code, city_code, created_at, updated_at) VALUES"
		  " (3, 'enterprise', '上海测试公司', '310000', '310100', 0, 0),"
		  " (4, 'enterprise', '杭州测试公司', '330000', '330100', 0, 0)");
	fx_sql(f, "INSERT INTO account(id, username, pwhash, role, org_id, region_code, created_at) VALUES"
		  " (4, 'cah', 'x', 'coordinator', NULL, '340000', 0),"
		  " (5, 'cjs', 'x', 'coordinator', NULL, '320000', 0), (6, 'off', 'x', 'office', NULL, NULL, 0),"
		  " (7, 'oa3', 'x', 'org_admin', 3, NULL, 0), (9, 'oa2', 'x', 'org_admin', 2, NULL, 0),"
		  " (10, 'lx', 'x', 'member', 2, NULL, 0), (11, 'ox', 'x', 'member', 2, NULL, 0)");
	fx_sql(f, "INSERT INTO expert(id, name, org_id, title, rev, created_at, updated_at, account_id) VALUES"
		  " (1, '张三', 2, 'professor', 1, 0, 0, 10), (2, '李四', 1, 'professor', 2, 0, 0, 11)");
	figures_cache_clear();
	return 0;
}

static int teardown(void **state)
{
	figures_cache_clear();
	return fx_teardown(state);
}

/* A project led by organisation 2 (Jiangsu) with members in Anhui and
 * Shanghai; 1,000 yuan in three lines. */
static json_t *good(void)
{
	return json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:[I, I], s:[{s:I, s:s}],"
			 " s:[{s:s, s:s, s:I, s:I}, {s:s, s:I, s:I}, {s:s, s:I, s:I}], s:[{s:s, s:s}]}",
		"title", "6英寸氮化镓衬底联合攻关", "summary", "攻关大尺寸氮化镓单晶衬底生长与外延缺陷控制技术。",
		"field", "semiconductor", "start_year", (json_int_t)2024, "end_year", (json_int_t)2026,
		"lead_org_id", (json_int_t)2, "total_cny", (json_int_t)1000,
		"members", (json_int_t)1, (json_int_t)3,
		"experts", "expert_id", (json_int_t)1, "role", "lead",
		"funding", "source", "fiscal", "region", "320000", "year", (json_int_t)2024, "amount_cny", (json_int_t)600,
		"source", "enterprise", "year", (json_int_t)2025, "amount_cny", (json_int_t)300,
		"source", "social", "year", (json_int_t)2026, "amount_cny", (json_int_t)100,
		"milestones", "title", "中试线贯通", "due_on", "2025-06-30");
}

static int64_t create_as(struct fx *f, const struct account *who, json_t *in, struct derr *e)
{
	int64_t id = 0;
	int rc;
	f->c.user = who;
	memset(e, 0, sizeof *e);
	rc = project_create(&f->c, in, &id, e);
	json_decref(in);
	return rc < 0 ? -1 : id;
}

static void creates_with_lists_audit_and_history(void **state)
{
	struct fx *f = *state;
	struct derr e = { 0 };
	struct project p;
	int64_t id = create_as(f, &oa2, good(), &e);

	assert_true(id > 0);
	assert_int_equal(project_get(&f->c, id, &p, &e), 0);
	assert_int_equal(p.regions, 3);
	assert_int_equal(p.nmembers, 3);
	assert_int_equal(p.members[0].org_id, 2);            /* the lead first */
	assert_string_equal(p.members[0].role, "lead");
	assert_string_equal(p.members[1].region_code, "340000");
	assert_int_equal(p.fiscal_cny, 600);
	assert_int_equal(p.enterprise_cny, 300);
	assert_int_equal(p.social_cny, 100);
	assert_string_equal(p.funding[1].region_code, "320000");   /* the lead's region by default */
	assert_int_equal(p.nmilestones, 1);
	assert_string_equal(p.milestones[0].status, "planned");
	assert_int_equal(p.nexperts, 1);
	assert_string_equal(p.status, "active");
	assert_int_equal(fx_count(f, "SELECT count(*) FROM audit WHERE entity = 'project' AND action = 'create'"
				     " AND after LIKE '%6英寸氮化镓%' AND account_id = 9"), 1);
	/* the duplicate detector sees it, in the same transaction */
	assert_int_equal(fx_count(f, "SELECT count(*) FROM overlap_doc WHERE kind = 'project' AND ref_id = 1"
				     " AND status = 'history' AND region_code = '320000' AND year = 2024"), 1);
	/* the talent pool sees its experts */
	assert_int_equal(fx_count(f, "SELECT count(*) FROM project_expert WHERE project_id = 1 AND role = 'lead'"), 1);
}

/* Each refusal names its field, and nothing is written. */
static void bad_input_names_the_field_and_changes_nothing(void **state)
{
	struct fx *f = *state;
	static const struct { const char *patch, *field, *code; } cases[] = {
		{ "{\"lead_org_id\": null}", "lead_org_id", "required" },
		{ "{\"members\": [1, 1]}", "members[1]", "duplicate" },
		{ "{\"members\": [3, 2]}", "members[1]", "duplicate" },
		{ "{\"members\": [99]}", "members[0]", "not_found" },
		{ "{\"members\": \"1,3\"}", "members", "wrong_type" },
		{ "{\"total_cny\": 999}", "funding", "sum_mismatch" },
		{ "{\"funding\": [{\"source\": \"fiscal\", \"year\": 2024, \"amount_cny\": 1000}]}", "funding[0].region", "required" },
		{ "{\"funding\": [{\"source\": \"fiscal\", \"region\": \"990000\", \"year\": 2024, \"amount_cny\": 1000}]}", "funding[0].region", "not_found" },
		{ "{\"funding\": [{\"source\": \"social\", \"year\": 2030, \"amount_cny\": 1000}]}", "funding[0].year", "out_of_range" },
		{ "{\"funding\": [{\"source\": \"gift\", \"year\": 2024, \"amount_cny\": 1000}]}", "funding[0].source", "not_allowed" },
		{ "{\"funding\": [{\"source\": \"social\", \"year\": 2024, \"amount_cny\": -5}]}", "funding[0].amount_cny", "out_of_range" },
		{ "{\"end_year\": 2023}", "end_year", "out_of_range" },
		{ "{\"end_year\": 2050}", "end_year", "out_of_range" },
		{ "{\"start_year\": \"2024\"}", "start_year", "wrong_type" },
		{ "{\"experts\": [{\"expert_id\": 99}]}", "experts[0].expert_id", "not_found" },
		{ "{\"experts\": [{\"expert_id\": 1}, {\"expert_id\": 1, \"role\": \"member\"}]}", "experts[1]", "duplicate" },
		{ "{\"experts\": [{\"expert_id\": 1, \"role\": \"boss\"}]}", "experts[0].role", "not_allowed" },
		{ "{\"milestones\": [{\"title\": \"x\", \"due_on\": \"2025-02-30\"}]}", "milestones[0].due_on", "wrong_type" },
		{ "{\"consortium_id\": 42}", "consortium_id", "not_found" },
		{ "{\"field\": \"alchemy\"}", "field", "not_allowed" },
		{ "{\"colour\": \"red\"}", "colour", "unknown_field" },
		{ "{\"title\": \"\\u0007bell\"}", "title", "control_character" },
	};
	struct derr e;
	int64_t before = fx_count(f, "SELECT count(*) FROM audit");

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		json_t *in = good(), *patch = json_loads(cases[i].patch, 0, NULL);
		assert_non_null(patch);
		json_object_update(in, patch);
		json_decref(patch);
		if (json_is_null(json_object_get(in, "lead_org_id")))
			json_object_del(in, "lead_org_id");
		assert_int_equal(create_as(f, &f->admin, in, &e), -1);
		if (strcmp(e.field, cases[i].field) || strcmp(e.code, cases[i].code))
			fail_msg("case %zu: got %s %s (%s)", i, e.field, e.code, e.message);
		assert_int_equal(e.kind, DERR_INVALID);
	}
	/* a title that is not UTF-8 */
	{
		json_t *in = good();
		json_object_set_new(in, "title", json_stringn_nocheck("\xff\xfe", 2));
		assert_int_equal(create_as(f, &f->admin, in, &e), -1);
		assert_string_equal(e.field, "title");
		assert_string_equal(e.code, "bad_encoding");
	}
	assert_int_equal(fx_count(f, "SELECT count(*) FROM project"), 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM project_funding"), 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM overlap_doc"), 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM audit"), before);
}

/* A write that fails half-way — after the project and its lists are
 * written — leaves nothing behind. */
static void a_failure_half_way_leaves_nothing(void **state)
{
	struct fx *f = *state;
	struct derr e;
	json_t *in;

	/* the database refuses the milestone, the last row written */
	fx_sql(f, "CREATE TRIGGER fail_milestone BEFORE INSERT ON project_milestone"
		  " BEGIN SELECT RAISE(ABORT, 'disk on fire'); END");
	assert_int_equal(create_as(f, &oa2, good(), &e), -1);
	assert_int_equal(e.kind, DERR_CONFLICT);   /* the database refused the change */
	fx_sql(f, "DROP TRIGGER fail_milestone");
	/* the duplicate detector refuses a text with nothing to compare,
	 * after the rows are in */
	in = good();
	json_object_set_new(in, "title", json_string("——！"));
	json_object_del(in, "summary");
	assert_int_equal(create_as(f, &oa2, in, &e), -1);
	assert_string_equal(e.field, "title");
	assert_string_equal(e.code, "no_text");
	assert_int_equal(fx_count(f, "SELECT (SELECT count(*) FROM project) + (SELECT count(*) FROM project_member)"
				     " + (SELECT count(*) FROM project_funding) + (SELECT count(*) FROM project_expert)"
				     " + (SELECT count(*) FROM project_milestone) + (SELECT count(*) FROM overlap_doc)"
				     " + (SELECT count(*) FROM audit)"), 0);
	/* and the next write works */
	assert_true(create_as(f, &oa2, good(), &e) > 0);
}

static void who_may_create_and_change(void **state)
{
	struct fx *f = *state;
	struct derr e;
	int64_t id;
	json_t *patch;

	assert_int_equal(create_as(f, &f->member, good(), &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	assert_int_equal(create_as(f, &f->orgadmin, good(), &e), -1);   /* org 1 is not the lead */
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	assert_int_equal(create_as(f, &coord_ah, good(), &e), -1);      /* the lead is in Jiangsu */
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	f->c.user = NULL;
	assert_int_equal(create_as(f, NULL, good(), &e), -1);
	assert_int_equal(e.kind, DERR_UNAUTHORIZED);
	id = create_as(f, &coord_js, good(), &e);
	assert_true(id > 0);
	assert_true(create_as(f, &office, good(), &e) > 0);

	/* a new member list replaces the old one; regions are recounted */
	f->c.user = &oa2;
	patch = json_pack("{s:[I]}", "members", (json_int_t)1);
	assert_int_equal(project_update(&f->c, id, patch, &e), 0);
	json_decref(patch);
	assert_int_equal(fx_count(f, "SELECT regions FROM project WHERE id = 1"), 2);
	/* handing the project to another organisation needs rights over it */
	patch = json_pack("{s:I}", "lead_org_id", (json_int_t)1);
	assert_int_equal(project_update(&f->c, id, patch, &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	f->c.user = &f->admin;
	assert_int_equal(project_update(&f->c, id, patch, &e), 0);
	json_decref(patch);
	/* org 1, a member, became the lead: it is not listed twice */
	assert_int_equal(fx_count(f, "SELECT count(*) FROM project_member WHERE project_id = 1"), 1);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM audit WHERE entity = 'project' AND action = 'update'"), 2);
	/* milestones are not changed with the project */
	patch = json_pack("{s:[]}", "milestones");
	assert_int_equal(project_update(&f->c, id, patch, &e), -1);
	assert_string_equal(e.field, "milestones");
	json_decref(patch);
	/* the lead org's administrator may delete a project made directly */
	f->c.user = &oa2;
	assert_int_equal(project_delete(&f->c, 2, &e), 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM project WHERE id = 2"), 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM overlap_doc WHERE kind = 'project' AND ref_id = 2"), 0);
	f->c.user = &f->member;
	assert_int_equal(project_delete(&f->c, 1, &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
}

static void only_leads_edit_milestones(void **state)
{
	struct fx *f = *state;
	struct derr e;
	struct milestone m;
	json_t *in = json_pack("{s:s, s:s}", "title", "样品验证", "due_on", "2026-03-31");
	json_t *done = json_pack("{s:s}", "status", "done");
	int64_t pid = create_as(f, &coord_js, good(), &e), mid;

	assert_true(pid > 0);
	/* may change the project, but is not one of its leads */
	f->c.user = &coord_js;
	assert_int_equal(milestone_add(&f->c, pid, in, now_unix(), &mid, &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	f->c.user = &f->orgadmin;   /* administrator of a member, not of the lead */
	assert_int_equal(milestone_add(&f->c, pid, in, now_unix(), &mid, &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	f->c.user = &other_x;       /* same organisation, not a lead expert */
	assert_int_equal(milestone_add(&f->c, pid, in, now_unix(), &mid, &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	/* the lead organisation's administrator */
	f->c.user = &oa2;
	assert_int_equal(milestone_add(&f->c, pid, in, now_unix(), &mid, &e), 0);
	/* the lead expert's own account */
	f->c.user = &lead_x;
	assert_int_equal(milestone_update(&f->c, mid, done, now_unix(), &e), 0);
	assert_int_equal(milestone_get(&f->c, mid, &m, &e), 0);
	assert_string_equal(m.status, "done");
	assert_non_null(m.done_on);   /* today */
	/* bad input changes nothing */
	json_decref(done);
	done = json_pack("{s:s}", "due_on", "next week");
	assert_int_equal(milestone_update(&f->c, mid, done, now_unix(), &e), -1);
	assert_string_equal(e.field, "due_on");
	assert_int_equal(milestone_get(&f->c, mid, &m, &e), 0);
	assert_string_equal(m.due_on, "2026-03-31");
	assert_int_equal(fx_count(f, "SELECT count(*) FROM audit WHERE entity = 'milestone'"), 2);
	/* outputs: the leads, and whoever may change the project */
	json_decref(done);
	done = json_pack("{s:s, s:s}", "kind", "patent", "title", "一种氮化镓衬底的制备方法");
	f->c.user = &coord_js;
	assert_int_equal(output_add(&f->c, pid, done, &mid, &e), 0);
	f->c.user = &f->member;
	assert_int_equal(output_add(&f->c, pid, done, &mid, &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	json_decref(in);
	json_decref(done);
}

static void consortia_are_led_by_an_enterprise(void **state)
{
	struct fx *f = *state;
	struct derr e = { 0 };
	struct consortium k;
	json_t *in = json_pack("{s:s, s:I, s:s, s:[{s:I}, {s:I, s:s}]}", "name", "长三角测试创新联合体",
			       "lead_org_id", (json_int_t)2, "field", "semiconductor",
			       "members", "org_id", (json_int_t)1, "org_id", (json_int_t)4, "role", "downstream");
	int64_t id, pid;

	f->c.user = &f->admin;
	assert_int_equal(consortium_create(&f->c, in, &id, &e), -1);
	assert_string_equal(e.field, "lead_org_id");
	assert_string_equal(e.code, "wrong_kind");
	json_object_set_new(in, "lead_org_id", json_integer(3));
	f->c.user = &oa2;
	assert_int_equal(consortium_create(&f->c, in, &id, &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	f->c.user = &oa3;
	assert_int_equal(consortium_create(&f->c, in, &id, &e), 0);
	assert_int_equal(consortium_get(&f->c, id, &k, &e), 0);
	assert_int_equal(k.regions, 3);
	assert_int_equal(k.nmember_rows, 3);
	assert_string_equal(k.members[0].role, "lead");
	assert_int_equal(fx_count(f, "SELECT count(*) FROM consortium_member WHERE org_id = 1 AND role = 'research'"), 1);
	/* a member twice, the lead again */
	json_object_set_new(in, "members", json_pack("[{s:I}, {s:I}]", "org_id", (json_int_t)1, "org_id", (json_int_t)1));
	json_object_set_new(in, "name", json_string("另一个联合体"));
	assert_int_equal(consortium_create(&f->c, in, &id, &e), -1);
	assert_string_equal(e.field, "members[1]");
	json_object_set_new(in, "members", json_pack("[{s:I}]", "org_id", (json_int_t)3));
	assert_int_equal(consortium_create(&f->c, in, &id, &e), -1);
	assert_string_equal(e.code, "duplicate");
	json_decref(in);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM consortium"), 1);
	/* with a project it is not deleted */
	in = good();
	json_object_set_new(in, "consortium_id", json_integer(1));
	pid = create_as(f, &oa2, in, &e);
	assert_true(pid > 0);
	f->c.user = &oa3;
	assert_int_equal(consortium_delete(&f->c, 1, &e), -1);
	assert_string_equal(e.code, "in_use");
	assert_int_equal(consortium_get(&f->c, 1, &k, &e), 0);
	assert_int_equal(k.nprojects, 1);
}

static void import_dry_run_and_all_or_nothing(void **state)
{
	struct fx *f = *state;
	struct project_import_result res;
	struct derr e = { 0 };
	const char *csv =
		"项目名称,牵头单位,参与单位,开始年份,结束年份,产业领域,财政资金（元）,财政资金区域,企业资金,社会资本,总经费\n"
		"碳化硅外延联合攻关,测试研究院,测试大学；上海测试公司,2024,2025,第三代半导体,\"1,000,000\",江苏省,2000000,500000,\n"
		"总额不符的项目,测试研究院,测试大学,2024,2025,semiconductor,100,,,,200\n"
		"牵头不存在,不存在的研究院,,2024,2025,,,,,,\n"
		"年份有误,测试研究院,,2024,二〇二五,,,,,,\n";

	f->c.user = &f->admin;
	assert_int_equal(project_import(&f->c, csv, strlen(csv), 1, &res, &e), 0);
	assert_int_equal(res.rows, 4);
	assert_int_equal(res.valid, 1);
	assert_int_equal(res.nerrors, 3);
	assert_int_equal(res.errors[0].row, 3);
	assert_string_equal(res.errors[0].field, "total_cny");
	assert_string_equal(res.errors[0].code, "sum_mismatch");
	assert_int_equal(res.errors[1].row, 4);
	assert_string_equal(res.errors[1].field, "lead");
	assert_int_equal(res.errors[2].row, 5);
	assert_string_equal(res.errors[2].field, "end_year");
	/* a real import with bad rows leaves nothing */
	assert_int_equal(project_import(&f->c, csv, strlen(csv), 0, &res, &e), 0);
	assert_int_equal(res.created, 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM project"), 0);
	/* the good row alone */
	{
		const char *one =
			"title,lead,members,start_year,end_year,field,fiscal_cny,fiscal_region,enterprise_cny,social_cny\n"
			"碳化硅外延联合攻关,2,1|3,2024,2025,semiconductor,1000000,320000,2000000,500000\n";
		assert_int_equal(project_import(&f->c, one, strlen(one), 0, &res, &e), 0);
		assert_int_equal(res.created, 1);
	}
	assert_int_equal(fx_count(f, "SELECT total_cny FROM project"), 3500000);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM project_funding WHERE year = 2024"), 3);
	assert_int_equal(fx_count(f, "SELECT regions FROM project"), 3);
	/* the whole file refused: no header column, not allowed */
	assert_int_equal(project_import(&f->c, "name\nx\n", 7, 1, &res, &e), -1);
	assert_string_equal(e.field, "title");
	f->c.user = &f->member;
	assert_int_equal(project_import(&f->c, csv, strlen(csv), 1, &res, &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
}

static void figures_count_the_rows(void **state)
{
	struct fx *f = *state;
	struct derr e = { 0 };
	struct figure_scope s = { .year = 2024, .region = NULL };
	int64_t v, prev, led;
	json_t *doc;

	assert_true(create_as(f, &oa2, good(), &e) > 0);
	/* inside one region only: not a joint project of the figures */
	{
		json_t *in = good();
		json_object_set_new(in, "members", json_array());
		json_object_set_new(in, "title", json_string("单区域项目"));
		assert_true(create_as(f, &oa2, in, &e) > 0);
	}
	f->c.user = NULL;
	assert_int_equal(joint_fig_fiscal(&f->c, &s, &v, &prev, &e), 0);
	assert_int_equal(v, 1200);
	assert_int_equal(prev, 0);
	s.region = "320000";
	assert_int_equal(joint_fig_fiscal(&f->c, &s, &v, &prev, &e), 0);
	assert_int_equal(v, 1200);
	s.region = "340000";
	assert_int_equal(joint_fig_fiscal(&f->c, &s, &v, &prev, &e), 0);
	assert_int_equal(v, 0);
	assert_int_equal(joint_fig_projects(&f->c, &s, &v, &prev, &e), 0);
	assert_int_equal(v, 1);       /* a member in Anhui */
	s.region = NULL;
	s.year = 2025;
	assert_int_equal(joint_fig_projects(&f->c, &s, &v, &prev, &e), 0);
	assert_int_equal(v, 1);
	assert_int_equal(prev, 1);
	assert_int_equal(joint_fig_social(&f->c, &s, &v, &prev, &e), 0);
	assert_int_equal(v, 600);     /* enterprise funds of 2025, both projects */
	assert_int_equal(joint_led_count(&f->c, 2, 2025, &led, &e), 0);
	assert_int_equal(led, 1);
	assert_int_equal(joint_led_count(&f->c, 1, 2025, &led, &e), 0);
	assert_int_equal(led, 0);
	doc = joint_figures_doc(&f->c, 2024, NULL, &e);
	assert_non_null(doc);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(doc, "figures"), "fiscal_cny")), 1200);
	assert_int_equal(json_array_size(json_object_get(doc, "by_region")), 4);
	assert_int_equal(json_array_size(json_object_get(doc, "trend")), 5);
	assert_true(json_is_number(json_object_get(json_object_get(doc, "figures"), "leverage")));
	json_decref(doc);
	assert_null(joint_figures_doc(&f->c, 2024, "999999", &e));
	assert_string_equal(e.field, "region");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(creates_with_lists_audit_and_history, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_input_names_the_field_and_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(a_failure_half_way_leaves_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(who_may_create_and_change, setup, teardown),
		cmocka_unit_test_setup_teardown(only_leads_edit_milestones, setup, teardown),
		cmocka_unit_test_setup_teardown(consortia_are_led_by_an_enterprise, setup, teardown),
		cmocka_unit_test_setup_teardown(import_dry_run_and_all_or_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(figures_count_the_rows, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
