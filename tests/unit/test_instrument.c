/*
 * test_instrument.c — the catalogue's domain rules over a real store:
 * validation, permissions, audit, search and atomicity.
 */
#include "unit.h"
#include <string.h>
#include "domain/instrument.h"
#include "domain/audit.h"
#include "fixture.h"

static json_t *good(void)
{
	return json_pack("{s:s, s:s, s:I, s:s, s:s, s:i}", "name_zh", "场发射扫描电子显微镜（电镜）",
			 "category", "analytical", "value_cny", (json_int_t)3200000,
			 "model", "SU8010", "specs", "分辨率 1.0 nm，加速电压 0.1–30 kV",
			 "org_id", 1);
}

static int64_t create_as(struct fx *f, const struct account *who, json_t *in, struct derr *e)
{
	int64_t id = 0;
	f->c.user = who;
	int rc = instrument_create(&f->c, in, &id, e);
	json_decref(in);
	return rc < 0 ? -1 : id;
}

static void org_admin_creates_for_own_org(void **state)
{
	struct fx *f = *state;
	struct derr e = { 0 };
	struct instrument in;
	int64_t id = create_as(f, &f->orgadmin, good(), &e);
	assert_true(id > 0);
	assert_int_equal(instrument_get(&f->c, id, &in, &e), 0);
	assert_int_equal(in.org_id, f->org1);
	assert_string_equal(in.city_code, "340100");      /* defaults to the owner's city */
	assert_string_equal(in.region_code, "340000");
	assert_string_equal(in.status, "in_service");
	assert_string_equal(in.sharing, "open");
	/* the write left one audit entry with the record after */
	assert_int_equal(fx_count(f, "SELECT count(*) FROM audit WHERE entity = 'instrument'"
				     " AND action = 'create' AND before IS NULL AND after LIKE '%SU8010%'"), 1);
}

static void org_admin_cannot_touch_other_org(void **state)
{
	struct fx *f = *state;
	struct derr e = { 0 };
	json_t *in = good();
	json_object_set_new(in, "org_id", json_integer(f->org2));
	assert_int_equal(create_as(f, &f->orgadmin, in, &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	/* an instrument of org2, made by the system administrator */
	memset(&e, 0, sizeof e);
	in = good();
	json_object_set_new(in, "org_id", json_integer(f->org2));
	int64_t id = create_as(f, &f->admin, in, &e);
	assert_true(id > 0);
	f->c.user = &f->orgadmin;
	json_t *patch = json_pack("{s:s}", "status", "retired");
	assert_int_equal(instrument_update(&f->c, id, patch, FIELDS_PATCH, &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	assert_int_equal(instrument_delete(&f->c, id, &e), -1);
	json_decref(patch);
	/* moving one's own instrument to another organisation is refused too */
	memset(&e, 0, sizeof e);
	int64_t mine = create_as(f, &f->orgadmin, good(), &e);
	f->c.user = &f->orgadmin;
	patch = json_pack("{s:I}", "org_id", (json_int_t)f->org2);
	assert_int_equal(instrument_update(&f->c, mine, patch, FIELDS_PATCH, &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	json_decref(patch);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM instrument WHERE org_id = 2"), 1);
}

static void members_and_visitors_cannot_write(void **state)
{
	struct fx *f = *state;
	struct derr e = { 0 };
	assert_int_equal(create_as(f, &f->member, good(), &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	memset(&e, 0, sizeof e);
	assert_int_equal(create_as(f, NULL, good(), &e), -1);
	assert_int_equal(e.kind, DERR_UNAUTHORIZED);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM instrument"), 0);
}

static void validation_names_the_field(void **state)
{
	struct fx *f = *state;
	static const struct { const char *json, *field; } cases[] = {
		{ "{\"category\":\"analytical\",\"value_cny\":1}", "name_zh" },
		{ "{\"name_zh\":\"x\",\"category\":\"analytical\",\"value_cny\":1}", "org_id" },
		{ "{\"name_zh\":\"x\",\"category\":\"nonsense\",\"org_id\":1,\"value_cny\":1}", "category" },
		{ "{\"name_zh\":\"x\",\"category\":\"analytical\",\"org_id\":1,\"value_cny\":-5}", "value_cny" },
		{ "{\"name_zh\":\"x\",\"category\":\"analytical\",\"org_id\":1,\"value_cny\":\"1\"}", "value_cny" },
		{ "{\"name_zh\":5,\"category\":\"analytical\",\"org_id\":1,\"value_cny\":1}", "name_zh" },
		{ "{\"name_zh\":\"x\",\"category\":\"analytical\",\"org_id\":1,\"value_cny\":1,\"colour\":\"red\"}", "colour" },
		{ "{\"name_zh\":\"a\\u0001b\",\"category\":\"analytical\",\"org_id\":1,\"value_cny\":1}", "name_zh" },
		{ "{\"name_zh\":\"x\",\"category\":\"analytical\",\"org_id\":1,\"value_cny\":1,\"purchase_year\":2999}", "purchase_year" },
		{ "{\"name_zh\":\"x\",\"category\":\"analytical\",\"org_id\":1,\"value_cny\":1,\"purchase_year\":2100}", "purchase_year" },
		{ "{\"name_zh\":\"x\",\"category\":\"analytical\",\"org_id\":1,\"value_cny\":1,\"city\":\"999999\"}", "city" },
		{ "{\"name_zh\":\"x\",\"category\":\"analytical\",\"value_cny\":1,\"org_id\":99}", "org_id" },
		{ "{\"name_zh\":\"x\",\"category\":\"analytical\",\"org_id\":1,\"value_cny\":1,\"fee_internal\":-1}", "fee_internal" },
		{ "{\"name_zh\":\"x\",\"category\":\"analytical\",\"org_id\":1,\"value_cny\":1,\"id\":7}", "id" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct derr e = { 0 };
		json_t *in = json_loads(cases[i].json, 0, NULL);
		assert_non_null(in);
		assert_int_equal(create_as(f, &f->admin, in, &e), -1);
		assert_int_equal(e.kind, DERR_INVALID);
		assert_string_equal(e.field, cases[i].field);
	}
	/* 201 characters is one too many for a name */
	{
		struct derr e = { 0 };
		char name[700] = "";
		for (int i = 0; i < 201; i++)
			memcpy(name + i * 3, "仪", 3);
		json_t *in = good();
		json_object_set_new(in, "name_zh", json_string(name));
		assert_int_equal(create_as(f, &f->admin, in, &e), -1);
		assert_string_equal(e.code, "too_long");
	}
	assert_int_equal(fx_count(f, "SELECT count(*) FROM instrument"), 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM audit"), 0);
}

static void a_failed_audit_leaves_nothing(void **state)
{
	struct fx *f = *state;
	struct derr e = { 0 };
	fx_audit_fails(f, 1);
	assert_int_equal(create_as(f, &f->admin, good(), &e), -1);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM instrument"), 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM instrument_fts WHERE instrument_fts MATCH '\"电镜\"'"), 0);
	fx_audit_fails(f, 0);
	memset(&e, 0, sizeof e);
	assert_true(create_as(f, &f->admin, good(), &e) > 0);
}

static size_t search(struct fx *f, const char *q, const char *first)
{
	struct instrument_query iq = INSTRUMENT_QUERY_INIT;
	struct instrument_page p;
	struct derr e = { 0 };
	iq.q = q;
	assert_int_equal(instrument_list(&f->c, &iq, &p, &e), 0);
	if (first) {
		assert_true(p.n > 0);
		assert_string_equal(p.items[0].name_zh, first);
	}
	return p.n;
}

static void search_finds_two_character_words_at_once(void **state)
{
	struct fx *f = *state;
	static const char *const names[] = {
		"高端芯片测试系统", "冷场发射扫描电镜", "激光拉曼光谱仪", "X射线单晶衍射仪",
		"Transmission electron microscope",
	};
	struct derr e = { 0 };
	for (size_t i = 0; i < 5; i++) {
		json_t *in = json_pack("{s:s, s:s, s:i, s:i}", "name_zh", names[i], "category", "analytical",
				       "value_cny", 1000000, "org_id", 1);
		assert_true(create_as(f, &f->admin, in, &e) > 0);
	}
	/* a description-only match ranks below a name match */
	json_t *in = json_pack("{s:s, s:s, s:i, s:s, s:i}", "name_zh", "通用测试平台", "category", "other",
			       "value_cny", 900000, "description", "可用于芯片的失效分析", "org_id", 1);
	assert_true(create_as(f, &f->admin, in, &e) > 0);
	assert_int_equal(search(f, "芯片", "高端芯片测试系统"), 2);
	assert_int_equal(search(f, "电镜", "冷场发射扫描电镜"), 1);
	assert_int_equal(search(f, "光谱", "激光拉曼光谱仪"), 1);
	assert_int_equal(search(f, "X射线 衍射", "X射线单晶衍射仪"), 1);
	assert_int_equal(search(f, "電鏡", "冷场发射扫描电镜"), 1);
	assert_int_equal(search(f, "microscopes", "Transmission electron microscope"), 1);
	assert_int_equal(search(f, "芯片 -失效", "高端芯片测试系统"), 1);
	assert_int_equal(search(f, "电镜 OR 光谱", NULL), 2);
	assert_int_equal(search(f, "\"扫描电镜\"", NULL), 1);
	assert_int_equal(search(f, "！！！", NULL), 0);
}

static void filters_and_paging_are_checked(void **state)
{
	struct fx *f = *state;
	struct instrument_query q = INSTRUMENT_QUERY_INIT;
	struct instrument_page p;
	struct derr e = { 0 };
	q.sort = "loudest";
	assert_int_equal(instrument_list(&f->c, &q, &p, &e), -1);
	assert_string_equal(e.field, "sort");
	q.sort = NULL;
	q.per_page = 101;
	assert_int_equal(instrument_list(&f->c, &q, &p, &e), -1);
	assert_string_equal(e.field, "per_page");
	q.per_page = 10;
	q.category = "bogus";
	assert_int_equal(instrument_list(&f->c, &q, &p, &e), -1);
	assert_string_equal(e.field, "category");
	q.category = NULL;
	q.q = "region:火星";
	assert_int_equal(instrument_list(&f->c, &q, &p, &e), -1);
	assert_string_equal(e.field, "q");
}

static void retired_ones_are_hidden_by_default(void **state)
{
	struct fx *f = *state;
	struct derr e = { 0 };
	struct instrument_query q = INSTRUMENT_QUERY_INIT;
	struct instrument_page p;
	json_t *in = good();
	json_object_set_new(in, "status", json_string("retired"));
	assert_true(create_as(f, &f->admin, in, &e) > 0);
	assert_true(create_as(f, &f->admin, good(), &e) > 0);
	assert_int_equal(instrument_list(&f->c, &q, &p, &e), 0);
	assert_int_equal(p.total, 1);
	q.status = "all";
	assert_int_equal(instrument_list(&f->c, &q, &p, &e), 0);
	assert_int_equal(p.total, 2);
	q.status = "retired";
	assert_int_equal(instrument_list(&f->c, &q, &p, &e), 0);
	assert_int_equal(p.total, 1);
	assert_string_equal(p.items[0].status, "retired");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(org_admin_creates_for_own_org, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(org_admin_cannot_touch_other_org, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(members_and_visitors_cannot_write, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(validation_names_the_field, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(a_failed_audit_leaves_nothing, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(search_finds_two_character_words_at_once, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(filters_and_paging_are_checked, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(retired_ones_are_hidden_by_default, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
