/*
 * test_expert.c — the talent pool's domain over a real store: ORCID iDs,
 * validation, duplicates, permissions, personal data and its audit,
 * expert finding (ranking, reasons, filters, keeping in step with
 * writes), review-panel draws (constraints, conflicts, determinism,
 * replacements, re-runs, impossible draws) and bulk import/export.
 */
#include "unit.h"
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "core/orcid.h"
#include "core/xlsx.h"
#include "domain/audit.h"
#include "domain/discipline.h"
#include "domain/expert.h"
#include "domain/expert_import.h"
#include "domain/expert_index.h"
#include "domain/expert_match.h"
#include "domain/panel.h"
#include "fixture.h"

/* Accounts beyond the fixture's: coordinators of Anhui (4) and Jiangsu
 * (5), the office (6), a member of org 1 who is an expert (7). */
static struct account coord_ah, coord_js, office, self;

static int setup(void **state)
{
	struct fx *f;
	if (fx_setup(state) < 0)
		return -1;
	f = *state;
	fx_sql(f, "INSERT INTO account(id, username, pwhash, role, org_id, region_code, created_at) VALUES"
		  " (4, 'cah', 'x', 'coordinator', NULL, '340000', 0),"
		  " (5, 'cjs', 'x', 'coordinator', NULL, '320000', 0),"
		  " (6, 'off', 'x', 'office', NULL, NULL, 0), (7, 'me', 'x', 'member', 1, NULL, 0)");
	fx_sql(f, "INSERT INTO org(id, kind, name_zh, name_en, region_code, city_code, created_at, updated_at)"
		  " VALUES (3, 'university', '上海测试大学', 'Shanghai Test University', '310000', '310100', 0, 0),"
		  "        (4, 'enterprise', '杭州测试公司', 'Hangzhou Test Co', '330000', '330100', 0, 0)");
	coord_ah = (struct account){ .id = 4, .username = "cah", .role = "coordinator", .region_code = "340000" };
	coord_js = (struct account){ .id = 5, .username = "cjs", .role = "coordinator", .region_code = "320000" };
	office = (struct account){ .id = 6, .username = "off", .role = "office" };
	self = (struct account){ .id = 7, .username = "me", .role = "member", .org_id = 1 };
	return 0;
}

static int teardown(void **state)
{
	xindex_free();
	return fx_teardown(state);
}

static json_t *body(const char *name, int64_t org, const char *disc, const char *kw)
{
	return json_pack("{s:s, s:I, s:s, s:s, s:s}", "name", name, "org_id", (json_int_t)org,
			 "title", "professor", "disciplines", disc, "keywords", kw);
}

static int64_t add(struct fx *f, const struct account *who, json_t *in, struct derr *e)
{
	int64_t id = 0;
	int rc;
	f->c.user = who;
	memset(e, 0, sizeof *e);
	rc = expert_create(&f->c, in, &id, e);
	json_decref(in);
	return rc < 0 ? -1 : id;
}

/* ---- ORCID ------------------------------------------------------------------ */

static void orcid_ids(void **state)
{
	char out[ORCID_LEN + 1];
	(void)state;
	assert_int_equal(orcid_parse("0000-0002-1825-0097", 19, out), ORCID_OK);
	assert_string_equal(out, "0000-0002-1825-0097");
	assert_int_equal(orcid_parse("0000-0002-1694-233x", 19, out), ORCID_OK);
	assert_string_equal(out, "0000-0002-1694-233X");
	assert_int_equal(orcid_parse("https://orcid.org/0000000151093700", 34, out), ORCID_OK);
	assert_string_equal(out, "0000-0001-5109-3700");
	assert_int_equal(orcid_parse("0000-0002-1825-0098", 19, out), ORCID_BAD_CHECKSUM);
	assert_int_equal(orcid_parse("0000-0002-1825-009", 18, out), ORCID_BAD_FORM);
	assert_int_equal(orcid_parse("0000-0002-1825-00X7", 19, out), ORCID_BAD_FORM);
	assert_int_equal(orcid_parse("0000 0002 1825 0097", 19, out), ORCID_BAD_FORM);
	assert_int_equal(orcid_check_char("000000021825009"), '7');
}

/* ---- profiles ----------------------------------------------------------------- */

static void create_normalises_and_audits(void **state)
{
	struct fx *f = *state;
	struct derr e;
	struct expert x;
	json_t *in = body("张伟", 1, "52020 520 52020", "深度学习；计算机视觉\n深度学习、 知识图谱 ");
	int64_t id;
	json_object_set_new(in, "orcid", json_string("https://orcid.org/0000-0002-1825-0097"));
	json_object_set_new(in, "email", json_string("zhang@example.cn"));
	json_object_set_new(in, "keywords_en", json_pack("[s, s]", "deep learning", "computer vision"));
	id = add(f, &f->orgadmin, in, &e);
	assert_true(id > 0);
	f->c.user = NULL;
	assert_int_equal(expert_get(&f->c, id, &x, &e), 0);
	assert_string_equal(x.disciplines, "520 52020");
	assert_string_equal(x.keywords, "深度学习\n计算机视觉\n知识图谱");
	assert_string_equal(x.keywords_en, "deep learning\ncomputer vision");
	assert_string_equal(x.orcid, "0000-0002-1825-0097");
	assert_string_equal(x.region_code, "340000");
	assert_null(x.email);   /* expert_get never gives contact details */
	/* audited with whether contact details are set, never their values */
	assert_int_equal(fx_count(f, "SELECT count(*) FROM audit WHERE entity = 'expert' AND"
				     " action = 'create' AND after LIKE '%\"email_set\":true%'"), 1);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM audit WHERE after LIKE '%zhang@example.cn%'"), 0);
}

static void bad_input_changes_nothing(void **state)
{
	struct fx *f = *state;
	struct derr e;
	json_t *in;
	char long_kw[200];
	static const struct { const char *key, *value, *code, *field; } cases[] = {
		{ "disciplines", "99999", "unknown_discipline", "disciplines" },
		{ "disciplines", "5202", "wrong_type", "disciplines" },
		{ "disciplines", "", "required", "disciplines" },
		{ "orcid", "0000-0002-1825-0098", "bad_checksum", "orcid" },
		{ "orcid", "orcid-please", "wrong_type", "orcid" },
		{ "email", "not an email", "wrong_type", "email" },
		{ "phone", "call me", "wrong_type", "phone" },
		{ "title", "emperor", "not_allowed", "title" },
		{ "name", "", "required", "name" },
		{ "name", "名\x01字", "control_character", "name" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		in = body("李娜", 1, "52020", "芯片");
		json_object_set_new(in, cases[i].key, json_string(cases[i].value));
		assert_int_equal(add(f, &f->admin, in, &e), -1);
		assert_int_equal(e.kind, DERR_INVALID);
		assert_string_equal(e.code, cases[i].code);
		assert_string_equal(e.field, cases[i].field);
	}
	/* wrong JSON types name the member */
	in = body("李娜", 1, "52020", "芯片");
	json_object_set_new(in, "keywords", json_integer(3));
	assert_int_equal(add(f, &f->admin, in, &e), -1);
	assert_string_equal(e.field, "keywords");
	in = body("李娜", 1, "52020", "芯片");
	json_object_set_new(in, "disciplines", json_pack("[i]", 52020));
	assert_int_equal(add(f, &f->admin, in, &e), -1);
	assert_string_equal(e.field, "disciplines");
	in = body("李娜", 1, "52020", "芯片");
	json_object_set_new(in, "papers", json_integer(-1));
	assert_int_equal(add(f, &f->admin, in, &e), -1);
	assert_string_equal(e.field, "papers");
	memset(long_kw, 'x', sizeof long_kw - 1);
	long_kw[sizeof long_kw - 1] = '\0';
	in = body("李娜", 1, "52020", long_kw);
	assert_int_equal(add(f, &f->admin, in, &e), -1);
	assert_string_equal(e.code, "too_long");
	in = body("李娜", 999, "52020", "芯片");
	assert_int_equal(add(f, &f->admin, in, &e), -1);
	assert_string_equal(e.field, "org_id");
	in = json_pack("{s:s, s:I, s:s, s:s, s:s}", "name", "李娜", "org_id", (json_int_t)1,
		       "title", "professor", "disciplines", "52020", "hobby", "golf");
	assert_int_equal(add(f, &f->admin, in, &e), -1);
	assert_string_equal(e.code, "unknown_field");
	assert_int_equal(fx_count(f, "SELECT count(*) FROM expert"), 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM audit"), 0);
}

static void duplicates(void **state)
{
	struct fx *f = *state;
	struct derr e;
	json_t *in;
	int64_t a, b;
	a = add(f, &f->admin, body("王芳", 1, "52020", "芯片"), &e);
	assert_true(a > 0);
	/* same name, organisation and (no) ORCID iD */
	assert_int_equal(add(f, &f->admin, body("王芳", 1, "14030", "光学"), &e), -1);
	assert_int_equal(e.kind, DERR_CONFLICT);
	assert_string_equal(e.code, "duplicate");
	/* a namesake elsewhere is another person */
	assert_true(add(f, &f->admin, body("王芳", 2, "52020", "芯片"), &e) > 0);
	/* an ORCID iD belongs to one person */
	in = body("赵磊", 1, "52020", "芯片");
	json_object_set_new(in, "orcid", json_string("0000-0002-1825-0097"));
	b = add(f, &f->admin, in, &e);
	assert_true(b > 0);
	in = body("钱坤", 2, "52020", "芯片");
	json_object_set_new(in, "orcid", json_string("0000000218250097"));
	assert_int_equal(add(f, &f->admin, in, &e), -1);
	assert_string_equal(e.field, "orcid");
	/* and an update may not make a duplicate either */
	f->c.user = &f->admin;
	in = json_pack("{s:s, s:n}", "name", "王芳", "orcid");
	memset(&e, 0, sizeof e);
	assert_int_equal(expert_update(&f->c, b, in, FIELDS_PATCH, &e), -1);
	assert_int_equal(e.kind, DERR_CONFLICT);
	json_decref(in);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM expert"), 3);
}

static void permissions(void **state)
{
	struct fx *f = *state;
	struct derr e;
	json_t *in;
	int64_t id;

	f->c.client = "127.0.0.1";   /* a visitor on the web, not the command line */
	assert_int_equal(add(f, NULL, body("甲", 1, "520", ""), &e), -1);
	assert_int_equal(e.kind, DERR_UNAUTHORIZED);
	assert_int_equal(add(f, &f->member, body("甲", 1, "520", ""), &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	assert_int_equal(add(f, &f->orgadmin, body("甲", 2, "520", ""), &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	assert_int_equal(add(f, &coord_ah, body("甲", 2, "520", ""), &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	assert_true(add(f, &coord_js, body("甲", 2, "520", ""), &e) > 0);
	/* an organisation administrator's default is their organisation */
	in = json_pack("{s:s, s:s, s:s}", "name", "乙", "title", "engineer", "disciplines", "520");
	id = add(f, &f->orgadmin, in, &e);
	assert_true(id > 0);
	/* linking the member's account makes them the expert: they edit it,
	 * but cannot move it */
	f->c.user = &f->orgadmin;
	in = json_pack("{s:I}", "account_id", (json_int_t)7);
	assert_int_equal(expert_update(&f->c, id, in, FIELDS_PATCH, &e), 0);
	json_decref(in);
	f->c.user = &self;
	in = json_pack("{s:s, s:[s]}", "biography", "我的简介", "keywords", "量子计算");
	assert_int_equal(expert_update(&f->c, id, in, FIELDS_PATCH, &e), 0);
	json_decref(in);
	in = json_pack("{s:I}", "org_id", (json_int_t)2);
	assert_int_equal(expert_update(&f->c, id, in, FIELDS_PATCH, &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	json_decref(in);
	/* another member may not */
	f->c.user = &f->member;
	in = json_pack("{s:s}", "biography", "x");
	assert_int_equal(expert_update(&f->c, id, in, FIELDS_PATCH, &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	assert_int_equal(expert_delete(&f->c, id, &e), -1);
	json_decref(in);
	f->c.client = NULL;
}

static void contact_is_personal_and_audited(void **state)
{
	struct fx *f = *state;
	struct derr e;
	struct expert x;
	json_t *in = body("孙丽", 1, "52020", "芯片");
	int64_t id;
	json_object_set_new(in, "email", json_string("sun@example.cn"));
	json_object_set_new(in, "phone", json_string("+86 551 1234 5678"));
	json_object_set_new(in, "account_id", json_integer(7));
	id = add(f, &f->admin, in, &e);
	assert_true(id > 0);
	f->c.client = "10.0.0.1";
	{
		const struct account *no[] = { &f->member, &f->orgadmin, &coord_js };
		for (size_t i = 0; i < 3; i++) {
			f->c.user = no[i];
			memset(&e, 0, sizeof e);
			assert_int_equal(expert_contact(&f->c, id, &x, &e), -1);
			assert_int_equal(e.kind, DERR_FORBIDDEN);
			assert_null(x.email);
		}
		f->c.user = NULL;
		assert_int_equal(expert_contact(&f->c, id, &x, &e), -1);
		assert_int_equal(e.kind, DERR_UNAUTHORIZED);
	}
	{
		const struct account *yes[] = { &coord_ah, &office, &f->admin, &self };
		for (size_t i = 0; i < 4; i++) {
			f->c.user = yes[i];
			assert_int_equal(expert_contact(&f->c, id, &x, &e), 0);
			assert_string_equal(x.email, "sun@example.cn");
		}
	}
	/* four views, four entries, each naming who looked */
	assert_int_equal(fx_count(f, "SELECT count(*) FROM audit WHERE action = 'view_contact'"), 4);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM audit WHERE action = 'view_contact'"
				     " AND actor = 'me'"), 1);
	f->c.client = NULL;
}

static void own_data_export_and_delete(void **state)
{
	struct fx *f = *state;
	struct derr e;
	json_t *in = body("周敏", 1, "52020", "芯片"), *doc;
	int64_t id, other;
	json_object_set_new(in, "email", json_string("zhou@example.cn"));
	json_object_set_new(in, "account_id", json_integer(7));
	id = add(f, &f->admin, in, &e);
	other = add(f, &f->admin, body("吴刚", 2, "52020", "芯片"), &e);
	assert_true(id > 0 && other > 0);
	fx_sql(f, "INSERT INTO project(id, title, lead_org_id, start_year, end_year, created_at, updated_at)"
		  " VALUES (1, '芯片联合攻关', 1, 2022, 2024, 0, 0)");
	fx_sql(f, "INSERT INTO project_expert VALUES (1, 1, 'lead')");
	f->c.user = &self;
	in = json_pack("{s:I, s:s}", "expert_id", (json_int_t)other, "reason", "师生关系");
	{
		int64_t kid;
		assert_int_equal(expert_conflict_add(&f->c, id, in, &kid, &e), 0);
	}
	json_decref(in);
	doc = expert_export_mine(&f->c, &e);
	assert_non_null(doc);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
		json_object_get(doc, "profile"), "contact"), "email")), "zhou@example.cn");
	assert_int_equal(json_array_size(json_object_get(doc, "projects")), 1);
	assert_int_equal(json_array_size(json_object_get(doc, "conflicts")), 1);
	json_decref(doc);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM audit WHERE action = 'export'"), 1);
	/* deleting one's data takes the profile and what hangs on it */
	assert_int_equal(expert_delete(&f->c, id, &e), 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM expert WHERE id = 1"), 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM expert_discipline WHERE expert_id = 1"), 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM expert_conflict"), 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM project_expert WHERE expert_id = 1"), 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM expert_gone WHERE expert_id = 1"), 1);
	assert_null(expert_export_mine(&f->c, &e));
	assert_int_equal(e.kind, DERR_NOT_FOUND);
}

/* ---- finding -------------------------------------------------------------------- */

static int64_t add_kw(struct fx *f, const char *name, int64_t org, const char *title,
		      const char *disc, const char *kw, const char *kw_en)
{
	struct derr e;
	json_t *in = json_pack("{s:s, s:I, s:s, s:s, s:s}", "name", name, "org_id", (json_int_t)org,
			       "title", title, "disciplines", disc, "keywords", kw);
	int64_t id;
	if (kw_en)
		json_object_set_new(in, "keywords_en", json_string(kw_en));
	id = add(f, &f->admin, in, &e);
	if (id < 0)
		fprintf(stderr, "add %s: %s\n", name, e.message);
	assert_true(id > 0);
	return id;
}

static void matching(void **state)
{
	struct fx *f = *state;
	struct match_query q = { 0 };
	struct match_result m;
	struct derr e = { 0 };
	int64_t bat = add_kw(f, "陈电池", 1, "professor", "48040", "固态电池；固态电解质；锂离子电池",
			     "solid-state batteries; solid electrolytes");
	int64_t bat2 = add_kw(f, "刘储能", 2, "senior_engineer", "48040", "锂离子电池；储能电站", NULL);
	int64_t ai = add_kw(f, "黄视觉", 3, "associate", "52020", "计算机视觉；深度学习",
			    "computer vision; deep learning");
	int64_t chem = add_kw(f, "杨材料", 4, "engineer", "43070 15065", "纳米材料；电解质", NULL);

	q.text = "研发高能量密度的固态锂离子电池，解决固态电解质界面阻抗问题。";
	f->c.user = NULL;
	assert_int_equal(expert_match(&f->c, &q, &m, &e), 0);
	assert_int_equal(m.n, 3);
	assert_int_equal(m.hits[0].x.id, bat);
	assert_true(m.hits[0].score > m.hits[1].score);
	assert_true(m.hits[1].x.id == bat2 || m.hits[2].x.id == bat2);
	/* the reasons are the keywords that matched, as written */
	assert_int_equal(m.hits[0].why.nkeywords, 3);
	assert_string_equal(m.hits[0].why.keywords[0], "固态电池");
	assert_null(m.hits[0].x.email);
	for (size_t i = 0; i < m.n; i++)
		assert_true(m.hits[i].x.id != ai);
	/* "电解质" alone is a whole keyword of the chemist's */
	{
		int found = 0;
		for (size_t i = 0; i < m.n; i++)
			found |= m.hits[i].x.id == chem;
		assert_true(found);
	}
	/* English finds the English keywords */
	q.text = "a computer vision system based on deep learning";
	assert_int_equal(expert_match(&f->c, &q, &m, &e), 0);
	assert_int_equal(m.n, 1);
	assert_int_equal(m.hits[0].x.id, ai);
	assert_int_equal(m.hits[0].why.nkeywords, 2);
	/* filters and exclusions */
	q.text = "锂离子电池";
	q.region = "320000";
	assert_int_equal(expert_match(&f->c, &q, &m, &e), 0);
	assert_int_equal(m.n, 1);
	assert_int_equal(m.hits[0].x.id, bat2);
	q.region = NULL;
	q.title = "professor";
	assert_int_equal(expert_match(&f->c, &q, &m, &e), 0);
	assert_int_equal(m.n, 1);
	assert_int_equal(m.hits[0].x.id, bat);
	q.title = NULL;
	q.exclude_orgs = (int64_t[]){ 1 };
	q.nexclude_orgs = 1;
	assert_int_equal(expert_match(&f->c, &q, &m, &e), 0);
	assert_int_equal(m.n, 1);
	assert_int_equal(m.hits[0].x.id, bat2);
	q.nexclude_orgs = 0;
	q.discipline = "480";
	assert_int_equal(expert_match(&f->c, &q, &m, &e), 0);
	assert_int_equal(m.n, 2);
	q.discipline = NULL;
	/* the index follows writes: new keywords, deletions */
	f->c.user = &f->admin;
	{
		json_t *in = json_pack("{s:s}", "keywords", "锂离子电池；电池管理系统；固态电池");
		assert_int_equal(expert_update(&f->c, bat2, in, FIELDS_PATCH, &e), 0);
		json_decref(in);
	}
	q.text = "电池管理系统的热失控预警";
	assert_int_equal(expert_match(&f->c, &q, &m, &e), 0);
	assert_int_equal(m.n, 1);
	assert_int_equal(m.hits[0].x.id, bat2);
	assert_int_equal(expert_delete(&f->c, bat2, &e), 0);
	assert_int_equal(expert_match(&f->c, &q, &m, &e), 0);
	assert_int_equal(m.n, 0);
	/* a name is found, with what the person leads */
	fx_sql(f, "INSERT INTO project(id, title, lead_org_id, start_year, created_at, updated_at)"
		  " VALUES (7, '固态电池联合攻关', 1, 2023, 0, 0)");
	fx_sql(f, "INSERT INTO project_expert VALUES (7, 1, 'lead')");
	q.text = "陈电池";
	assert_int_equal(expert_match(&f->c, &q, &m, &e), 0);
	assert_int_equal(m.npeople, 1);
	assert_int_equal(m.people[0].id, bat);
	assert_int_equal(m.nleads[0], 1);
	assert_string_equal(m.leads[0][0].title, "固态电池联合攻关");
	/* and a related project is given as a reason */
	q.text = "固态电池";
	assert_int_equal(expert_match(&f->c, &q, &m, &e), 0);
	assert_int_equal(m.hits[0].x.id, bat);
	assert_int_equal(m.hits[0].nprojects, 1);
}

static void match_bad_input(void **state)
{
	struct fx *f = *state;
	struct match_query q = { 0 };
	struct match_result m;
	struct derr e = { 0 };
	char *big = malloc(MATCH_MAX_CHARS * 3 + 4);
	q.text = "   ";
	assert_int_equal(expert_match(&f->c, &q, &m, &e), -1);
	assert_string_equal(e.field, "text");
	for (int i = 0; i <= MATCH_MAX_CHARS; i++)
		memcpy(big + 3 * i, "电", 3);
	big[3 * (MATCH_MAX_CHARS + 1)] = '\0';
	q.text = big;
	assert_int_equal(expert_match(&f->c, &q, &m, &e), -1);
	assert_string_equal(e.code, "too_long");
	free(big);
	q.text = "芯片";
	q.region = "999999";
	assert_int_equal(expert_match(&f->c, &q, &m, &e), -1);
	assert_string_equal(e.field, "region");
	q.region = NULL;
	q.discipline = "12345";
	assert_int_equal(expert_match(&f->c, &q, &m, &e), -1);
	assert_string_equal(e.field, "discipline");
	q.discipline = NULL;
	q.text = "\xff\xfe";
	assert_int_equal(expert_match(&f->c, &q, &m, &e), -1);
	assert_string_equal(e.code, "bad_encoding");
}

/* ---- panel draws -------------------------------------------------------------------- */

/* 40 experts in 52020 across the four organisations (10 each). */
static void pool(struct fx *f, int64_t *ids)
{
	for (int i = 0; i < 40; i++) {
		char name[32];
		snprintf(name, sizeof name, "专家%02d", i);
		ids[i] = add_kw(f, name, 1 + i % 4, i % 5 ? "professor" : "engineer", "52020",
				i % 2 ? "深度学习；计算机视觉" : "知识图谱；自然语言处理", NULL);
	}
}

static int64_t draw(struct fx *f, const char *request, struct derr *e)
{
	json_t *in = json_loads(request, 0, NULL);
	int64_t id = 0;
	int rc;
	assert_non_null(in);
	memset(e, 0, sizeof *e);
	rc = panel_draw(&f->c, in, &id, e);
	json_decref(in);
	return rc < 0 ? -1 : id;
}

static void panel_constraints(void **state)
{
	struct fx *f = *state;
	struct derr e;
	struct panel_draw d;
	struct panel_member *m;
	size_t n;
	int64_t ids[40], id;

	pool(f, ids);
	f->c.user = &f->member;
	assert_int_equal(draw(f, "{\"item\":\"x\",\"n\":3,\"disciplines\":[\"52020\"]}", &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	f->c.user = &office;
	/* applicant 专家00 (org 1): nobody from org 1; 专家01 co-led a
	 * project with them in 2023, 专家02 in 2010 (too long ago), 专家03
	 * declared a conflict with them */
	fx_sql(f, "INSERT INTO project(id, title, start_year, end_year, created_at, updated_at) VALUES"
		  " (1, 'p', 2021, 2023, 0, 0), (2, 'q', 2008, 2010, 0, 0)");
	fx_sql(f, "INSERT INTO project_expert VALUES (1, 1, 'lead'), (1, 2, 'co_lead'), (2, 1, 'lead'),"
		  " (2, 3, 'co_lead')");
	fx_sql(f, "INSERT INTO expert_conflict(expert_id, other_id, reason, created_at) VALUES (4, 1, 'x', 0)");
	id = draw(f, "{\"item\":\"人工智能评审\",\"text\":\"深度学习\",\"n\":6,\"disciplines\":[\"520\"],"
		     "\"applicants\":[1],\"org_max\":2,\"region_min\":{\"310000\":2},\"titles\":[\"professor\"]}", &e);
	if (id < 0)
		fprintf(stderr, "draw: %s\n", e.message);
	assert_true(id > 0);
	assert_int_equal(panel_get(&f->c, id, &d, &m, &n, &e), 0);
	assert_int_equal(n, 6);
	{
		int per_org[5] = { 0 }, shanghai = 0;
		for (size_t i = 0; i < n; i++) {
			struct expert x;
			assert_int_equal(store_expert_get(f->c.db, f->c.a, m[i].expert_id, &x), 0);
			assert_true(x.org_id != 1);                 /* the applicant's organisation */
			assert_true(x.id != 2 && x.id != 4);        /* co-led, declared conflict */
			assert_string_equal(x.title, "professor");
			per_org[x.org_id]++;
			shanghai += strcmp(x.region_code, "310000") == 0;
		}
		for (int k = 1; k <= 4; k++)
			assert_true(per_org[k] <= 2);
		assert_true(shanghai >= 2);
	}
	/* audited, with the seed */
	assert_int_equal(fx_count(f, "SELECT count(*) FROM audit WHERE entity = 'panel_draw' AND"
				     " action = 'draw' AND after LIKE '%\"seed\"%'"), 1);
	/* 专家02's project ended 2010: they may be in the pool */
	assert_non_null(strstr(d.pool, "[3,"));
	assert_null(strstr(d.pool, "[2,"));
}

static void panel_rerun_and_replacements(void **state)
{
	struct fx *f = *state;
	struct derr e;
	struct panel_draw d;
	struct panel_member *m;
	struct panel_rerun rr;
	size_t n;
	int64_t ids[40], id, repl, first;

	pool(f, ids);
	f->c.user = &coord_ah;
	id = draw(f, "{\"item\":\"复核\",\"n\":4,\"disciplines\":[\"52020\"],\"org_max\":1}", &e);
	assert_true(id > 0);
	assert_int_equal(panel_rerun(&f->c, id, &rr, &e), 0);
	assert_true(rr.same_pool);
	assert_true(rr.same_panel);
	assert_true(rr.same_replacements);
	/* a member declines: the replacement keeps one per organisation */
	assert_int_equal(panel_get(&f->c, id, &d, &m, &n, &e), 0);
	first = m[0].expert_id;
	assert_int_equal(panel_decline(&f->c, id, first, "出差", &repl, &e), 0);
	assert_true(repl > 0);
	assert_int_equal(panel_get(&f->c, id, &d, &m, &n, &e), 0);
	assert_int_equal(n, 5);
	assert_int_equal(m[4].expert_id, repl);
	assert_int_equal(m[4].replaces, 1);
	{
		struct expert a, b;
		assert_int_equal(store_expert_get(f->c.db, f->c.a, first, &a), 0);
		assert_int_equal(store_expert_get(f->c.db, f->c.a, repl, &b), 0);
		assert_int_equal(a.org_id, b.org_id);   /* the only organisation left free */
	}
	assert_int_equal(panel_decline(&f->c, id, first, NULL, &repl, &e), -1);
	assert_int_equal(e.kind, DERR_CONFLICT);
	assert_int_equal(panel_decline(&f->c, id, 999, NULL, &repl, &e), -1);
	assert_int_equal(e.kind, DERR_NOT_FOUND);
	/* the re-run replays the replacement; a changed profile changes the pool */
	assert_int_equal(panel_rerun(&f->c, id, &rr, &e), 0);
	assert_true(rr.same_panel && rr.same_replacements && rr.same_pool);
	f->c.user = &f->admin;
	assert_int_equal(expert_delete(&f->c, m[1].expert_id, &e), 0);
	f->c.user = &coord_ah;
	assert_int_equal(panel_rerun(&f->c, id, &rr, &e), 0);
	assert_true(rr.same_panel);        /* from the record */
	assert_false(rr.same_pool);        /* today's data differs */
	assert_int_equal(rr.nremoved, 1);
	assert_int_equal(rr.removed[0], m[1].expert_id);
	assert_int_equal(rr.nadded, 1);    /* the next best moves up */
	assert_int_equal(fx_count(f, "SELECT count(*) FROM audit WHERE entity = 'panel_draw'"
				     " AND action IN ('decline', 'rerun')"), 4);
}

static void panel_draws_differ_by_seed(void **state)
{
	struct fx *f = *state;
	struct derr e;
	int64_t ids[40], a, b;
	pool(f, ids);
	f->c.user = &office;
	a = draw(f, "{\"item\":\"a\",\"n\":5,\"disciplines\":[\"52020\"],\"pool\":40}", &e);
	b = draw(f, "{\"item\":\"b\",\"n\":5,\"disciplines\":[\"52020\"],\"pool\":40}", &e);
	assert_true(a > 0 && b > 0);
	/* two fresh seeds give different panels (40 choose 5 ≈ 658,008 ways) */
	assert_int_equal(fx_count(f, "SELECT count(DISTINCT g) FROM (SELECT group_concat(expert_id) g"
				     " FROM (SELECT * FROM panel_member ORDER BY draw_id, seq) GROUP BY draw_id)"), 2);
	/* and the seed is not chosen by the caller */
	assert_int_equal(draw(f, "{\"item\":\"c\",\"n\":5,\"disciplines\":[\"52020\"],\"seed\":\"00\"}", &e), -1);
	assert_string_equal(e.code, "unknown_field");
}

static void panel_impossible(void **state)
{
	struct fx *f = *state;
	struct derr e;
	int64_t ids[40];
	pool(f, ids);
	f->c.user = &office;
	/* only 8 engineers */
	assert_int_equal(draw(f, "{\"item\":\"x\",\"n\":9,\"disciplines\":[\"52020\"],"
				 "\"titles\":[\"engineer\"]}", &e), -1);
	assert_string_equal(e.code, "not_enough_experts");
	assert_string_equal(e.field, "titles");
	assert_non_null(strstr(e.message, "40 experts in the disciplines 52020"));
	assert_non_null(strstr(e.message, "8 with an allowed title"));
	/* excluding three organisations leaves 10 */
	assert_int_equal(draw(f, "{\"item\":\"x\",\"n\":11,\"disciplines\":[\"52020\"],"
				 "\"exclude_orgs\":[1,2,3]}", &e), -1);
	assert_string_equal(e.field, "exclude_orgs");
	/* one per organisation fills four places only */
	assert_int_equal(draw(f, "{\"item\":\"x\",\"n\":5,\"disciplines\":[\"52020\"],\"org_max\":1}", &e), -1);
	assert_string_equal(e.field, "org_max");
	/* Zhejiang has 10; asking for 11 there fails at the region */
	assert_int_equal(draw(f, "{\"item\":\"x\",\"n\":11,\"disciplines\":[\"52020\"],"
				 "\"region_min\":{\"330000\":11}}", &e), -1);
	assert_string_equal(e.field, "region_min");
	/* nobody in the discipline */
	assert_int_equal(draw(f, "{\"item\":\"x\",\"n\":1,\"disciplines\":[\"110\"]}", &e), -1);
	assert_string_equal(e.field, "disciplines");
	/* malformed requests */
	assert_int_equal(draw(f, "{\"item\":\"x\",\"n\":0,\"disciplines\":[\"52020\"]}", &e), -1);
	assert_string_equal(e.field, "n");
	assert_int_equal(draw(f, "{\"item\":\"x\",\"n\":2}", &e), -1);
	assert_string_equal(e.field, "disciplines");
	assert_int_equal(draw(f, "{\"item\":\"x\",\"n\":2,\"disciplines\":[\"99999\"]}", &e), -1);
	assert_string_equal(e.code, "unknown_discipline");
	assert_int_equal(draw(f, "{\"item\":\"x\",\"n\":2,\"disciplines\":[\"520\"],"
				 "\"region_min\":{\"999999\":1}}", &e), -1);
	assert_string_equal(e.field, "region_min");
	assert_int_equal(draw(f, "{\"item\":\"x\",\"n\":2,\"disciplines\":[\"520\"],"
				 "\"region_min\":{\"310000\":2},\"region_max\":{\"310000\":1}}", &e), -1);
	assert_string_equal(e.field, "region_min");
	assert_int_equal(draw(f, "{\"item\":\"x\",\"n\":2,\"disciplines\":[\"520\"],"
				 "\"applicants\":[99999]}", &e), -1);
	assert_string_equal(e.field, "applicants");
	assert_int_equal(fx_count(f, "SELECT count(*) FROM panel_draw"), 0);
}

/* ---- import and export ------------------------------------------------------------------ */

static void import_reports_every_bad_row(void **state)
{
	struct fx *f = *state;
	struct import_opts o = { 0 };
	struct import_report r;
	struct derr e = { 0 };
	const char *good =
		"姓名,单位,职称,学科代码,研究方向,ORCID\n"
		"张一,测试大学,教授/研究员,52020,深度学习；计算机视觉,0000-0002-1825-0097\n"
		"张二,2,engineer,51030 52030,集成电路设计,\n"
		"张三,Test University,副教授/副研究员,520,知识图谱,\n";
	const char *bad =
		"name,organisation,title,disciplines,keywords,orcid\n"
		"李一,测试大学,professor,99999,x,\n"
		"李二,不存在的单位,professor,520,x,\n"
		"李三,测试大学,professor,520,x,0000-0002-1825-0098\n"
		"李四,测试大学,professor,520,x,\n"
		"李四,测试大学,professor,520,y,\n"
		"李五,测试大学,皇帝,520,x,\n"
		"\"李六,测试大学,professor,520,x,\n";

	f->c.user = &f->orgadmin;
	/* a dry run checks and writes nothing */
	o.dry_run = 1;
	assert_int_equal(expert_import(&f->c, good, strlen(good), &o, &r, &e), 0);
	assert_int_equal(r.rows, 3);
	assert_int_equal(r.nerrors, 1);   /* org 2 is not the org admin's */
	assert_int_equal(r.errors[0].line, 3);
	assert_string_equal(r.errors[0].field, "org_id");
	assert_int_equal(fx_count(f, "SELECT count(*) FROM expert"), 0);
	f->c.user = &f->admin;
	assert_int_equal(expert_import(&f->c, good, strlen(good), &o, &r, &e), 0);
	assert_int_equal(r.nerrors, 0);
	assert_int_equal(r.imported, 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM expert"), 0);
	/* the real thing */
	o.dry_run = 0;
	assert_int_equal(expert_import(&f->c, good, strlen(good), &o, &r, &e), 0);
	assert_int_equal(r.imported, 3);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM expert"), 3);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM expert_discipline"), 4);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM audit WHERE action = 'import'"
				     " AND after LIKE '%\"rows\":3%'"), 1);
	/* again: every row is a duplicate now */
	assert_int_equal(expert_import(&f->c, good, strlen(good), &o, &r, &e), 0);
	assert_int_equal(r.nerrors, 3);
	assert_int_equal(r.imported, 0);
	/* a file with bad rows imports nothing and names each */
	assert_int_equal(expert_import(&f->c, bad, strlen(bad), &o, &r, &e), -1);
	assert_string_equal(e.field, "file");   /* the open quote spoils the file */
	assert_non_null(strstr(e.message, "line 8"));
	{
		const char *b2 = "name,organisation,title,disciplines,keywords,orcid\n"
			"李一,测试大学,professor,99999,x,\n"
			"李二,不存在的单位,professor,520,x,\n"
			"李三,测试大学,professor,520,x,0000-0002-1825-0098\n"
			"李四,测试大学,professor,520,x,\n"
			"李四,测试大学,professor,520,y,\n"
			"李五,测试大学,皇帝,520,x,\n"
			"李六,测试大学,professor,520,x,0000-0002-1825-0097\n";
		static const struct { size_t line; const char *field; } want[] = {
			{ 2, "disciplines" }, { 3, "org_id" }, { 4, "orcid" }, { 6, "name" },
			{ 7, "title" }, { 8, "orcid" },
		};
		assert_int_equal(expert_import(&f->c, b2, strlen(b2), &o, &r, &e), 0);
		assert_int_equal(r.rows, 7);
		assert_int_equal(r.nerrors, 6);
		assert_int_equal(r.imported, 0);
		for (size_t i = 0; i < 6; i++) {
			assert_int_equal(r.errors[i].line, want[i].line);
			assert_string_equal(r.errors[i].field, want[i].field);
		}
	}
	assert_int_equal(fx_count(f, "SELECT count(*) FROM expert"), 3);
	/* headings are checked */
	assert_int_equal(expert_import(&f->c, "姓名,单位\n张,1\n", 17, &o, &r, &e), -1);
	assert_string_equal(e.code, "missing_column");
	assert_int_equal(expert_import(&f->c, "姓名,单位,职称,学科代码,爱好\n", 41, &o, &r, &e), -1);
	assert_string_equal(e.code, "unknown_column");
}

static void export_round_trip(void **state)
{
	struct fx *f = *state;
	struct expert_filter filt = { 0 };
	struct import_opts o = { 0 };
	struct import_report r;
	struct derr e = { 0 };
	struct buf out = BUF_INIT;
	int64_t rows;
	json_t *in = body("导出者", 1, "52020", "=HYPERLINK(\"x\")；深度学习");
	json_object_set_new(in, "email", json_string("out@example.cn"));
	assert_true(add(f, &f->admin, in, &e) > 0);
	assert_true(add(f, &f->admin, body("导出二", 2, "14030", "光学"), &e) > 0);
	/* a member may not export; a coordinator gets their region only,
	 * with the contact details they may see */
	f->c.user = &f->member;
	assert_int_equal(expert_export(&f->c, &filt, "csv", &out, &rows, &e), -1);
	f->c.user = &coord_ah;
	assert_int_equal(expert_export(&f->c, &filt, "csv", &out, &rows, &e), 0);
	assert_int_equal(rows, 1);
	assert_non_null(strstr(out.s, "out@example.cn"));
	assert_non_null(strstr(out.s, "'=HYPERLINK"));   /* a formula stays text */
	buf_release(&out);
	f->c.user = &f->admin;
	assert_int_equal(expert_export(&f->c, &filt, "xlsx", &out, &rows, &e), 0);
	assert_int_equal(rows, 2);
	assert_true(xlsx_sniff(out.s, out.len));
	/* what was exported imports again, and is recognised as duplicates */
	assert_int_equal(expert_import(&f->c, out.s, out.len, &o, &r, &e), 0);
	assert_int_equal(r.rows, 2);
	assert_int_equal(r.nerrors, 2);
	assert_string_equal(r.errors[0].field, "name");
	buf_release(&out);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM audit WHERE action = 'export'"), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(orcid_ids),
		cmocka_unit_test_setup_teardown(create_normalises_and_audits, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_input_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(duplicates, setup, teardown),
		cmocka_unit_test_setup_teardown(permissions, setup, teardown),
		cmocka_unit_test_setup_teardown(contact_is_personal_and_audited, setup, teardown),
		cmocka_unit_test_setup_teardown(own_data_export_and_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(matching, setup, teardown),
		cmocka_unit_test_setup_teardown(match_bad_input, setup, teardown),
		cmocka_unit_test_setup_teardown(panel_constraints, setup, teardown),
		cmocka_unit_test_setup_teardown(panel_rerun_and_replacements, setup, teardown),
		cmocka_unit_test_setup_teardown(panel_draws_differ_by_seed, setup, teardown),
		cmocka_unit_test_setup_teardown(panel_impossible, setup, teardown),
		cmocka_unit_test_setup_teardown(import_reports_every_bad_row, setup, teardown),
		cmocka_unit_test_setup_teardown(export_round_trip, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
