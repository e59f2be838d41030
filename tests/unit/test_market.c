/*
 * test_market.c — the technology market, flows, the dashboard's figures
 * and cache, page views, institutes and their assessment, over a real
 * store: validation naming the field and changing nothing, who may verify,
 * the workflow, the import's dry run, the numbers the figures compute.
 */
#include "unit.h"
#include <string.h>
#include "core/cst.h"
#include "core/util.h"
#include "domain/contract.h"
#include "domain/figures.h"
#include "domain/institute.h"
#include "fixture.h"

static struct account coord_ah = { .id = 4, .username = "cah", .role = "coordinator", .region_code = "340000" };
static struct account coord_js = { .id = 5, .username = "cjs", .role = "coordinator", .region_code = "320000" };
static struct account office = { .id = 6, .username = "office", .role = "office" };

static int setup(void **state)
{
	struct fx *f;
	if (fx_setup(state) < 0)
		return -1;
	f = *state;
	fx_sql(f, "INSERT INTO account(id, username, pwhash, role, region_code, created_at) VALUES"
		  " (4, 'cah', 'x', 'coordinator', '340000', 0), (5, 'cjs', 'x', 'coordinator', '320000', 0),"
		  " (6, 'office', 'x', 'office', NULL, 0)");
	fx_sql(f, "INSERT INTO org(id, kind, name_zh, region_code, city_code, created_at, updated_at) VALUES"
		  " (3, 'enterprise', '上海测试公司', '310000', '310100', 0, 0),"
		  " (4, 'centre', '测试创新中心', '320000', '320500', 0, 0),"
		  " (5, 'institute', '测试二所', '330000', '330100', 0, 0)");
	figures_cache_clear();
	return 0;
}

static int teardown(void **state)
{
	figures_cache_clear();
	return fx_teardown(state);
}

static const char *last_year(void)
{
	static char s[16];
	snprintf(s, sizeof s, "%d-06-15", cst_year(now_unix()) - 1);
	return s;
}

static json_t *good(int64_t buyer)
{
	return json_pack("{s:s, s:s, s:I, s:I, s:I, s:s, s:s}", "kind", "development",
			 "title", "智能传感器芯片技术开发合同", "amount_cny", (json_int_t)1200000,
			 "income_cny", (json_int_t)900000, "buyer_org_id", (json_int_t)buyer,
			 "signed_on", last_year(), "field", "electronic_information");
}

static int64_t create_as(struct fx *f, const struct account *who, json_t *in, struct derr *e)
{
	int64_t id = 0;
	int rc;
	f->c.user = who;
	rc = contract_create(&f->c, in, &id, e);
	json_decref(in);
	return rc < 0 ? -1 : id;
}

static void registers_with_regions_and_audit(void **state)
{
	struct fx *f = *state;
	struct derr e = { 0 };
	struct contract k;
	int64_t id = create_as(f, &f->orgadmin, good(2), &e);
	assert_true(id > 0);
	assert_int_equal(contract_get(&f->c, id, &k, &e), 0);
	assert_int_equal(k.seller_org_id, 1);            /* the admin's own organisation */
	assert_string_equal(k.seller_region, "340000");
	assert_string_equal(k.buyer_region, "320000");
	assert_string_equal(k.state, "submitted");
	assert_int_equal(k.year, cst_year(now_unix()) - 1);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM audit WHERE entity = 'contract' AND action = 'create'"), 1);
}

static void bad_input_names_the_field_and_changes_nothing(void **state)
{
	struct fx *f = *state;
	char future[16];
	snprintf(future, sizeof future, "%d-01-01", cst_year(now_unix()) + 1);
	static const struct { const char *key; int kind; const char *field; } cases[] = {
		{ "amount_cny", 0, "amount_cny" },        /* negative */
		{ "income_cny", 1, "income_cny" },        /* above the amount */
		{ "buyer_org_id", 2, "buyer_org_id" },    /* the seller itself */
		{ "signed_on", 3, "signed_on" },          /* in the future */
		{ "signed_on", 4, "signed_on" },          /* not a date */
		{ "buyer_org_id", 5, "buyer_org_id" },    /* unknown organisation */
		{ "kind", 6, "kind" },                    /* not a type */
		{ "title", 7, "title" },                  /* wrong JSON type */
		{ "field", 8, "field" },                  /* not a field */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct derr e = { 0 };
		json_t *in = good(2);
		switch (cases[i].kind) {
		case 0: json_object_set_new(in, "amount_cny", json_integer(-5)); break;
		case 1: json_object_set_new(in, "income_cny", json_integer(1200001)); break;
		case 2: json_object_set_new(in, "buyer_org_id", json_integer(1)); break;
		case 3: json_object_set_new(in, "signed_on", json_string(future)); break;
		case 4: json_object_set_new(in, "signed_on", json_string("2024-02-30")); break;
		case 5: json_object_set_new(in, "buyer_org_id", json_integer(99)); break;
		case 6: json_object_set_new(in, "kind", json_string("gift")); break;
		case 7: json_object_set_new(in, "title", json_integer(7)); break;
		case 8: json_object_set_new(in, "field", json_string("astrology")); break;
		}
		assert_int_equal(create_as(f, &f->orgadmin, in, &e), -1);
		assert_int_equal(e.kind, DERR_INVALID);
		assert_string_equal(e.field, cases[i].field);
	}
	assert_int_equal(fx_count(f, "SELECT count(*) FROM tech_contract"), 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM audit"), 0);
}

static void who_may_register(void **state)
{
	struct fx *f = *state;
	struct derr e = { 0 };
	json_t *in = good(3);
	/* an organisation administrator for another seller */
	json_object_set_new(in, "seller_org_id", json_integer(2));
	assert_int_equal(create_as(f, &f->orgadmin, in, &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	memset(&e, 0, sizeof e);
	assert_int_equal(create_as(f, &f->member, good(2), &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	memset(&e, 0, sizeof e);
	assert_int_equal(create_as(f, NULL, good(2), &e), -1);
	assert_int_equal(e.kind, DERR_UNAUTHORIZED);
	/* a coordinator for a seller of their region */
	memset(&e, 0, sizeof e);
	in = good(3);
	json_object_set_new(in, "seller_org_id", json_integer(2));
	assert_true(create_as(f, &coord_js, in, &e) > 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM tech_contract"), 1);
}

static void verify_and_return_by_the_sellers_region(void **state)
{
	struct fx *f = *state;
	struct derr e = { 0 };
	struct contract k;
	json_t *patch;
	int64_t id = create_as(f, &f->orgadmin, good(2), &e);

	/* the buyer's region (Jiangsu) may not verify: the seller is in Anhui */
	f->c.user = &coord_js;
	assert_int_equal(contract_verify(&f->c, id, &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	/* the seller's organisation may not verify its own */
	f->c.user = &f->orgadmin;
	assert_int_equal(contract_verify(&f->c, id, &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	/* returning needs a reason */
	f->c.user = &coord_ah;
	memset(&e, 0, sizeof e);
	assert_int_equal(contract_return(&f->c, id, "  ", &e), -1);
	assert_string_equal(e.field, "reason");
	assert_int_equal(contract_return(&f->c, id, "请补充技术性收入核定依据", &e), 0);
	assert_int_equal(contract_get(&f->c, id, &k, &e), 0);
	assert_string_equal(k.state, "returned");
	assert_string_equal(k.reason, "请补充技术性收入核定依据");
	/* a returned contract cannot be verified until it is changed */
	assert_int_equal(contract_verify(&f->c, id, &e), -1);
	assert_int_equal(e.kind, DERR_CONFLICT);
	f->c.user = &f->orgadmin;
	patch = json_pack("{s:I}", "income_cny", (json_int_t)800000);
	assert_int_equal(contract_update(&f->c, id, patch, &e), 0);
	json_decref(patch);
	assert_int_equal(contract_get(&f->c, id, &k, &e), 0);
	assert_string_equal(k.state, "submitted");
	assert_null(k.reason);
	f->c.user = &coord_ah;
	assert_int_equal(contract_verify(&f->c, id, &e), 0);
	assert_int_equal(contract_get(&f->c, id, &k, &e), 0);
	assert_string_equal(k.state, "verified");
	/* final: no second verification, no change */
	assert_int_equal(contract_verify(&f->c, id, &e), -1);
	assert_int_equal(e.kind, DERR_CONFLICT);
	f->c.user = &f->orgadmin;
	patch = json_pack("{s:s}", "title", "改名");
	assert_int_equal(contract_update(&f->c, id, patch, &e), -1);
	assert_int_equal(e.kind, DERR_CONFLICT);
	json_decref(patch);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM audit WHERE entity = 'contract'"), 4);
}

static void readers_see_their_own(void **state)
{
	struct fx *f = *state;
	struct derr e = { 0 };
	struct contract *rows, k;
	size_t n;
	int64_t total;
	struct contract_query q = { .page = 1, .per_page = 20 };
	int64_t id = create_as(f, &f->orgadmin, good(3), &e);   /* Anhui → Shanghai */

	f->c.user = &coord_js;   /* Jiangsu is no party */
	assert_int_equal(contract_list(&f->c, &q, &rows, &n, &total, &e), 0);
	assert_int_equal(total, 0);
	assert_int_equal(contract_get(&f->c, id, &k, &e), -1);
	assert_int_equal(e.kind, DERR_NOT_FOUND);
	f->c.user = &office;
	assert_int_equal(contract_list(&f->c, &q, &rows, &n, &total, &e), 0);
	assert_int_equal(total, 1);
	f->c.user = &f->member;  /* a member of the seller */
	assert_int_equal(contract_get(&f->c, id, &k, &e), 0);
	f->c.user = &coord_ah;
	q.review = 1;
	assert_int_equal(contract_list(&f->c, &q, &rows, &n, &total, &e), 0);
	assert_int_equal(total, 1);
}

/* Inserts a verified contract straight into the store. */
static void verified(struct fx *f, int64_t seller, int64_t buyer, const char *sr, const char *br,
		     int year, int64_t amount)
{
	char sql[512];
	snprintf(sql, sizeof sql,
		 "INSERT INTO tech_contract(kind, title, amount_cny, income_cny, seller_org_id, buyer_org_id,"
		 " seller_region, buyer_region, signed_on, year, field, state, created_at, updated_at)"
		 " VALUES ('service', 't', %lld, %lld, %lld, %lld, '%s', '%s', '%d-03-01', %d, 'new_energy',"
		 " 'verified', 0, 0)", (long long)amount, (long long)amount / 2, (long long)seller,
		 (long long)buyer, sr, br, year, year);
	fx_sql(f, sql);
	db_generation_bump();   /* as a committed write does */
}

static json_t *figure(json_t *doc, const char *key)
{
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(doc, "figures"), i, x)
		if (!strcmp(json_string_value(json_object_get(x, "key")), key))
			return x;
	return NULL;
}

static void flows_and_growth(void **state)
{
	struct fx *f = *state;
	struct derr e = { 0 };
	int y = cst_year(now_unix()) - 1;
	json_t *doc, *cross, *fig;

	for (int i = 0; i < 5; i++)
		verified(f, 1, 3, "340000", "310000", y, 1000);      /* Anhui → Shanghai */
	for (int i = 0; i < 4; i++)
		verified(f, 2, 3, "320000", "310000", y - 1, 1000);
	verified(f, 1, 2, "340000", "340000", y, 7000);          /* inside a region: not cross */
	fx_sql(f, "UPDATE tech_contract SET state = 'verified'");
	/* a submitted one does not count */
	f->c.user = &f->orgadmin;
	create_as(f, &f->orgadmin, good(3), &e);
	doc = flows_doc(&f->c, y, NULL, &e);
	assert_non_null(doc);
	cross = json_object_get(doc, "cross");
	assert_int_equal(json_integer_value(json_object_get(cross, "count")), 5);
	assert_int_equal(json_integer_value(json_object_get(cross, "prev_count")), 4);
	assert_true(json_real_value(json_object_get(cross, "growth_count")) > 0.2499 &&
		    json_real_value(json_object_get(cross, "growth_count")) < 0.2501);
	assert_int_equal(json_integer_value(json_object_get(cross, "amount_cny")), 5000);
	assert_int_equal(json_array_size(json_object_get(doc, "matrix")), 2);
	assert_int_equal(json_array_size(json_object_get(doc, "sellers")), 1);
	json_decref(doc);
	/* with a region: Jiangsu had none in y */
	doc = flows_doc(&f->c, y, "320000", &e);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(doc, "cross"), "count")), 0);
	json_decref(doc);
	/* bad scope names the parameter */
	assert_null(flows_doc(&f->c, y, "999999", &e));
	assert_string_equal(e.field, "region");
	assert_null(flows_doc(&f->c, 1800, NULL, &e));
	assert_string_equal(e.field, "year");

	/* the dashboard agrees, and its cache follows writes */
	doc = dashboard_doc(&f->c, y, NULL, now_unix(), &e);
	fig = figure(doc, "cross_contracts");
	assert_int_equal(json_integer_value(json_object_get(fig, "value")), 5);
	/* every figure has a provider now: the other capabilities' count 0 here */
	for (size_t i = 0; i < nfigure_providers; i++) {
		json_t *x = figure(doc, figure_providers[i].key);
		assert_true(json_is_true(json_object_get(x, "available")));
		assert_true(json_is_integer(json_object_get(x, "value")));
	}
	assert_int_equal(json_integer_value(json_object_get(figure(doc, "experts"), "value")), 0);
	assert_int_equal(json_integer_value(json_object_get(figure(doc, "joint_projects"), "value")), 0);
	json_decref(doc);
	verified(f, 1, 3, "340000", "310000", y, 1000);
	doc = dashboard_doc(&f->c, y, NULL, now_unix(), &e);
	assert_int_equal(json_integer_value(json_object_get(figure(doc, "cross_contracts"), "value")), 6);
	json_decref(doc);
	assert_int_equal(figures_recompute_all(&f->c, y, now_unix(), &e), 0);
}

static void visits_are_counted_without_a_write_per_view(void **state)
{
	struct fx *f = *state;
	const char *names[] = { "/", "/dashboard" };
	struct derr e = { 0 };
	int64_t now = now_unix();
	json_t *doc;
	int64_t before = visits_pending();

	visits_count(0);
	visits_count(1);
	visits_count(1);
	visits_count(VISITS_KINDS + 5);   /* ignored */
	assert_int_equal(visits_pending() - before, 3);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM page_views"), 0);
	/* the dashboard of this year shows the pending ones too */
	doc = dashboard_doc(&f->c, cst_year(now), NULL, now, &e);
	assert_int_equal(json_integer_value(json_object_get(figure(doc, "visits"), "value")),
			 visits_pending());
	json_decref(doc);
	assert_int_equal(visits_flush(f->c.db, names, 2, now), 0);
	assert_int_equal(visits_pending(), 0);
	assert_int_equal(fx_count(f, "SELECT sum(views) FROM page_views WHERE kind = '/dashboard'"), 2);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM page_views WHERE kind = '/'"), 1);
	assert_int_equal(visits_total(&f->c, cst_year(now)), 3 + before);
	/* nothing personal in the table: day, kind, views only */
	assert_int_equal(fx_count(f, "SELECT count(*) FROM pragma_table_info('page_views')"), 3);
}

static void scheme_rules_and_ranking(void **state)
{
	struct fx *f = *state;
	struct derr e = { 0 };
	int y = cst_year(now_unix()) - 1;
	json_t *in, *doc, *list;
	static const char *const bad[][2] = {
		{ "{\"weights\":{\"contract_income\":60,\"contracts\":30}}", "weights" },
		{ "{\"weights\":{\"contract_income\":100,\"beauty\":0}}", "weights" },
		{ "{\"weights\":{\"contract_income\":0,\"contracts\":100}}", "contract_income" },
		{ "{\"weights\":{\"contract_income\":50.5,\"contracts\":49.5}}", "contract_income" },
		{ "{\"weights\":{}}", "weights" },
		{ "{\"weights\":[100]}", "weights" },
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(&e, 0, sizeof e);
		in = json_loads(bad[i][0], 0, NULL);
		f->c.user = &office;
		assert_int_equal(assess_scheme_set(&f->c, y, in, &e), -1);
		assert_int_equal(e.kind, DERR_INVALID);
		assert_string_equal(e.field, bad[i][1]);
		json_decref(in);
	}
	assert_int_equal(fx_count(f, "SELECT count(*) FROM assess_indicator"), 0);
	in = json_loads("{\"weights\":{\"contract_income\":80,\"experts\":20}}", 0, NULL);
	f->c.user = &coord_ah;
	assert_int_equal(assess_scheme_set(&f->c, y, in, &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	f->c.user = &office;
	assert_int_equal(assess_scheme_set(&f->c, y, in, &e), 0);
	json_decref(in);

	/* institutes: kind checks, then two registered */
	assert_int_equal(institute_register(&f->c, 1, 4, &e), -1);   /* a university */
	assert_string_equal(e.field, "org_id");
	assert_int_equal(institute_register(&f->c, 2, 3, &e), -1);   /* an enterprise as centre */
	assert_string_equal(e.field, "centre_id");
	assert_int_equal(institute_register(&f->c, 2, 4, &e), 0);
	assert_int_equal(institute_register(&f->c, 5, 4, &e), 0);
	verified(f, 2, 3, "320000", "310000", y, 1000);   /* income 500 */
	verified(f, 5, 3, "330000", "310000", y, 500);    /* income 250 */
	doc = institute_ranking_doc(&f->c, y, &e);
	assert_non_null(doc);
	list = json_object_get(doc, "institutes");
	assert_int_equal(json_array_size(list), 2);
	/* share of the best: 80 × 500/500 = 80 and 80 × 250/500 = 40; experts 0 */
	assert_int_equal(json_integer_value(json_object_get(json_array_get(list, 0), "org_id")), 2);
	assert_true(json_real_value(json_object_get(json_array_get(list, 0), "total")) == 80.0);
	assert_true(json_real_value(json_object_get(json_array_get(list, 1), "total")) == 40.0);
	json_decref(doc);
	assert_int_equal(institute_unregister(&f->c, 5, &e), 0);
	assert_int_equal(institute_unregister(&f->c, 5, &e), -1);
	assert_int_equal(e.kind, DERR_NOT_FOUND);
}

static void import_dry_run_lists_every_bad_row(void **state)
{
	struct fx *f = *state;
	struct derr e = { 0 };
	struct import_result res;
	int y = cst_year(now_unix()) - 1;
	char *bad = arena_printf(&f->a,
		"合同类型,合同名称,合同金额（元）,技术性收入（元）,买方,签订日期,技术领域\n"
		"技术开发,传感器开发,\"1,200,000\",900000,上海测试公司,%d-05-01,电子信息\n"
		"技术服务,检测服务,-5,0,上海测试公司,%d-05-02,new_energy\n"
		"技术服务,检测服务二,5000,100,不存在的公司,%d-05-03,new_energy\n"
		"transfer,专利转让,8000,8000,3,%d/7/9,新材料及其应用\n", y, y, y, y);
	f->c.user = &f->orgadmin;
	assert_int_equal(contract_import(&f->c, bad, strlen(bad), 1, &res, &e), 0);
	assert_int_equal(res.rows, 4);
	assert_int_equal(res.valid, 2);
	assert_int_equal(res.nerrors, 2);
	assert_int_equal(res.errors[0].row, 3);
	assert_string_equal(res.errors[0].field, "amount_cny");
	assert_int_equal(res.errors[1].row, 4);
	assert_string_equal(res.errors[1].field, "buyer");
	assert_int_equal(fx_count(f, "SELECT count(*) FROM tech_contract"), 0);
	/* not a dry run: still nothing while any row is bad */
	assert_int_equal(contract_import(&f->c, bad, strlen(bad), 0, &res, &e), 0);
	assert_int_equal(res.created, 0);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM tech_contract"), 0);
	/* the good rows alone go in, audited */
	{
		char *good_rows = arena_printf(&f->a,
			"kind,title,amount_cny,income_cny,buyer,signed_on,field\n"
			"development,传感器开发,1200000,900000,上海测试公司,%d-05-01,electronic_information\n"
			"transfer,专利转让,8000,8000,3,%d/7/9,新材料及其应用\n", y, y);
		assert_int_equal(contract_import(&f->c, good_rows, strlen(good_rows), 0, &res, &e), 0);
		assert_int_equal(res.created, 2);
		assert_int_equal(fx_count(f, "SELECT count(*) FROM tech_contract WHERE seller_org_id = 1"
					     " AND state = 'submitted'"), 2);
		assert_int_equal(fx_count(f, "SELECT count(*) FROM tech_contract WHERE signed_on LIKE '%-07-09'"), 1);
		assert_int_equal(fx_count(f, "SELECT count(*) FROM audit WHERE entity = 'contract'"), 2);
	}
	/* whole-file refusals */
	memset(&e, 0, sizeof e);
	assert_int_equal(contract_import(&f->c, "title,amount\nx,1\n", 17, 1, &res, &e), -1);
	assert_string_equal(e.code, "missing_column");
	assert_int_equal(contract_import(&f->c, "kind,\"title\n", 12, 1, &res, &e), -1);
	assert_string_equal(e.field, "file");
	f->c.user = &f->member;
	assert_int_equal(contract_import(&f->c, bad, strlen(bad), 1, &res, &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
}

static void export_reads_back(void **state)
{
	struct fx *f = *state;
	struct derr e = { 0 };
	struct contract *rows;
	size_t n;
	int64_t total;
	struct contract_query q = { .page = 1, .per_page = 0 };
	struct buf b = BUF_INIT;
	struct import_result res;

	create_as(f, &f->orgadmin, good(3), &e);
	f->c.user = &f->orgadmin;
	assert_int_equal(contract_list(&f->c, &q, &rows, &n, &total, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(contract_csv(rows, n, &b), 0);
	assert_non_null(strstr(b.s, "智能传感器芯片技术开发合同"));
	/* the export imports again (a second copy) */
	assert_int_equal(contract_import(&f->c, b.s, b.len, 0, &res, &e), 0);
	assert_int_equal(res.created, 1);
	buf_release(&b);
	assert_int_equal(contract_xlsx(rows, n, &b, &e), 0);
	assert_true(b.len > 1000 && !memcmp(b.s, "PK", 2));
	assert_int_equal(contract_import(&f->c, b.s, b.len, 1, &res, &e), 0);
	assert_int_equal(res.valid, 1);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(registers_with_regions_and_audit, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_input_names_the_field_and_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(who_may_register, setup, teardown),
		cmocka_unit_test_setup_teardown(verify_and_return_by_the_sellers_region, setup, teardown),
		cmocka_unit_test_setup_teardown(readers_see_their_own, setup, teardown),
		cmocka_unit_test_setup_teardown(flows_and_growth, setup, teardown),
		cmocka_unit_test_setup_teardown(visits_are_counted_without_a_write_per_view, setup, teardown),
		cmocka_unit_test_setup_teardown(scheme_rules_and_ranking, setup, teardown),
		cmocka_unit_test_setup_teardown(import_dry_run_lists_every_bad_row, setup, teardown),
		cmocka_unit_test_setup_teardown(export_reads_back, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
