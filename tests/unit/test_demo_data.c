/*
 * test_demo_data.c — the demo's data file reader (domain/demo_data.c):
 * header and rows, comments and blank lines skipped, CRLF, short rows
 * padded, long rows and missing columns refused with the file named,
 * "|"-lists; and the real data files all load.
 */
#include "unit.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "domain/demo_data.h"

static char dir[64];

static void put(const char *name, const char *text)
{
	char path[128];
	FILE *f;
	snprintf(path, sizeof path, "%s/%s", dir, name);
	assert_non_null(f = fopen(path, "wb"));
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	fclose(f);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/shenrong-demo-data-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];
	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void rows_and_columns(void **state)
{
	struct demo_tsv t;
	struct derr e = { 0 };
	(void)state;
	put("a.tsv", "# a comment\n\nkey\tname\tnote\r\n"
		     "k1\t南京大学\tx|y|z\r\n"
		     "# another\n"
		     "k2\t浙江大学\n"
		     "\n"
		     "k3\t\tlast");
	assert_int_equal(demo_tsv_load(&t, dir, "a.tsv", &e), 0);
	assert_int_equal(t.ncols, 3);
	assert_int_equal(t.nrows, 3);
	assert_string_equal(t.head[2], "note");
	assert_string_equal(t.rows[0][1], "南京大学");
	assert_string_equal(t.rows[0][2], "x|y|z");   /* no \r left */
	assert_string_equal(t.rows[1][2], "");        /* padded */
	assert_string_equal(t.rows[2][1], "");
	assert_string_equal(t.rows[2][2], "last");    /* no newline at the end */
	assert_int_equal(demo_tsv_col(&t, "name", &e), 1);
	assert_int_equal(demo_tsv_col(&t, "city", &e), -1);
	assert_non_null(strstr(e.message, "a.tsv has no column city"));

	char *parts[2];
	assert_int_equal(demo_split(t.rows[0][2], '|', parts, 2), 2);
	assert_string_equal(parts[0], "x");
	assert_string_equal(parts[1], "y|z");        /* the last keeps the rest */
	assert_int_equal(demo_split(t.rows[1][2], '|', parts, 2), 0);
	demo_tsv_free(&t);
	assert_null(t.rows);
}

static void bad_files_are_named(void **state)
{
	struct demo_tsv t;
	struct derr e = { 0 };
	(void)state;
	put("long.tsv", "a\tb\n1\t2\n1\t2\t3\n");
	assert_int_equal(demo_tsv_load(&t, dir, "long.tsv", &e), -1);
	assert_non_null(strstr(e.message, "long.tsv: a row has more fields than the header"));
	assert_null(t.rows);
	assert_null(t.buf);

	put("empty.tsv", "# only a comment\n\n");
	memset(&e, 0, sizeof e);
	assert_int_equal(demo_tsv_load(&t, dir, "empty.tsv", &e), -1);
	assert_non_null(strstr(e.message, "empty.tsv is empty"));

	memset(&e, 0, sizeof e);
	assert_int_equal(demo_tsv_load(&t, dir, "none.tsv", &e), -1);
	assert_string_equal(e.code, "not_found");
	assert_non_null(strstr(e.message, "none.tsv"));
}

/* Every data file the generators read loads, with rows. */
static void the_real_files_load(void **state)
{
	static const char *const names[] = {
		"orgs.tsv", "facilities.tsv", "instrument_types.tsv", "org_patterns.tsv",
		"fields.tsv", "words.tsv", "people.tsv", "expert_topics.tsv",
		"../overlap/pairs.tsv", "../overlap/demo_topics.tsv",
	};
	(void)state;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		struct demo_tsv t;
		struct derr e = { 0 };
		assert_int_equal(demo_tsv_load(&t, "data/demo", names[i], &e), 0);
		assert_true(t.nrows > 0);
		demo_tsv_free(&t);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rows_and_columns),
		cmocka_unit_test(bad_files_are_named),
		cmocka_unit_test(the_real_files_load),
	};
	return cmocka_run_group_tests_name("demo data files", tests, setup, teardown);
}
