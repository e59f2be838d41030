/*
 * test_org.c — organisations: credit codes, who may change what, parents.
 */
#include "unit.h"
#include <string.h>
#include "domain/catalog.h"
#include "domain/org.h"
#include "fixture.h"

static void uscc_checksum(void **state)
{
	(void)state;
	assert_true(uscc_valid("91350100M000100Y43"));
	assert_true(uscc_valid("91110000600037341L"));
	assert_false(uscc_valid("91350100M000100Y44"));
	assert_false(uscc_valid("91350100M000100Y4"));
	assert_false(uscc_valid("91350100M000100YI3"));   /* I is not in the alphabet */
	assert_false(uscc_valid(""));
	assert_false(uscc_valid(NULL));
}

static int create(struct fx *f, const struct account *who, const char *json, int64_t *id,
		  struct derr *e)
{
	json_t *in = json_loads(json, 0, NULL);
	int rc;
	memset(e, 0, sizeof *e);   /* as every request starts */
	f->c.user = who;
	rc = org_create(&f->c, in, id, e);
	json_decref(in);
	return rc;
}

static void who_may_create(void **state)
{
	struct fx *f = *state;
	struct account coord = { .id = 9, .username = "c", .role = "coordinator", .region_code = "340000" };
	struct derr e = { 0 };
	int64_t id;
	assert_int_equal(create(f, &f->admin, "{\"kind\":\"enterprise\",\"name_zh\":\"甲公司\",\"city\":\"310100\"}", &id, &e), 0);
	assert_int_equal(create(f, &coord, "{\"kind\":\"enterprise\",\"name_zh\":\"乙公司\",\"city\":\"340200\"}", &id, &e), 0);
	assert_int_equal(create(f, &coord, "{\"kind\":\"enterprise\",\"name_zh\":\"丙公司\",\"city\":\"320100\"}", &id, &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	assert_int_equal(create(f, &f->orgadmin, "{\"kind\":\"enterprise\",\"name_zh\":\"丁公司\",\"city\":\"340100\"}", &id, &e), -1);
	assert_int_equal(e.kind, DERR_FORBIDDEN);
	assert_int_equal(create(f, &f->admin, "{\"kind\":\"enterprise\",\"name_zh\":\"甲公司\",\"city\":\"310100\"}", &id, &e), -1);
	assert_int_equal(e.kind, DERR_CONFLICT);
	assert_int_equal(create(f, &f->admin, "{\"kind\":\"enterprise\",\"name_zh\":\"戊公司\",\"city\":\"310100\",\"uscc\":\"91350100M000100Y44\"}", &id, &e), -1);
	assert_string_equal(e.field, "uscc");
	assert_int_equal(create(f, &f->admin, "{\"kind\":\"enterprise\",\"name_zh\":\"戊公司\",\"city\":\"110100\"}", &id, &e), -1);
	assert_string_equal(e.field, "city");
	assert_int_equal(create(f, &f->admin, "{\"kind\":\"enterprise\",\"name_zh\":\"戊公司\",\"city\":\"310100\",\"parent_id\":404}", &id, &e), -1);
	assert_string_equal(e.field, "parent_id");
	assert_int_equal(fx_count(f, "SELECT count(*) FROM org"), 4);
	assert_int_equal(fx_count(f, "SELECT count(*) FROM audit WHERE entity = 'org'"), 2);
}

static void parents_cannot_cycle_and_used_orgs_stay(void **state)
{
	struct fx *f = *state;
	struct derr e = { 0 };
	int64_t child;
	json_t *patch;
	assert_int_equal(create(f, &f->admin, "{\"kind\":\"institute\",\"name_zh\":\"下属所\",\"city\":\"320500\",\"parent_id\":2}", &child, &e), 0);
	patch = json_pack("{s:I}", "parent_id", (json_int_t)child);
	assert_int_equal(org_update(&f->c, 2, patch, FIELDS_PATCH, &e), -1);
	assert_string_equal(e.code, "cycle");
	json_decref(patch);
	memset(&e, 0, sizeof e);
	assert_int_equal(org_delete(&f->c, 2, &e), -1);   /* it has a child */
	assert_int_equal(e.kind, DERR_CONFLICT);
	memset(&e, 0, sizeof e);
	assert_int_equal(org_delete(&f->c, child, &e), 0);
	assert_int_equal(org_delete(&f->c, 2, &e), 0);
	memset(&e, 0, sizeof e);
	assert_int_equal(org_delete(&f->c, 1, &e), -1);   /* accounts belong to it */
	assert_int_equal(e.kind, DERR_CONFLICT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(uscc_checksum),
		cmocka_unit_test_setup_teardown(who_may_create, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(parents_cannot_cycle_and_used_orgs_stay, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
