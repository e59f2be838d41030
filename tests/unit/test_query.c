/*
 * test_query.c — text/query: the search language (words, phrases,
 * exclusions, OR, filters), its errors and policies, and the FTS5
 * expressions and highlight tokens built from it.
 */
#include "unit.h"
#include <stdio.h>
#include <stdlib.h>
#include "text/query.h"
#include "text/tokenize.h"

static const char *const fields[] = {
	"region", "city", "type", "org", "year", "category", "kind", "status",
};
#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

static struct tokenizer *tk;

static int group_setup(void **state)
{
	(void)state;
	tk = tokenizer_new();
	return tk ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	tokenizer_free(tk);
	tokenizer_global_free();
	return 0;
}

static struct query *parse_max(const char *s, size_t max)
{
	struct query *q = NULL;
	struct query_error err;

	if (query_parse(s, strlen(s), fields, NFIELDS, max, &q, &err) != 0)
		fail_msg("parse failed: %s [%s]", err.msg, err.part);
	return q;
}

static struct query *parse(const char *s)
{
	return parse_max(s, 512);
}

/* Parses s and returns its FTS5 expression in a static buffer. */
static const char *fts(const char *s)
{
	static char buf[4096];
	struct query *q = parse(s);
	char *e = NULL;

	assert_int_equal(query_to_fts5(q, tk, &e), 0);
	assert_non_null(e);
	snprintf(buf, sizeof(buf), "%s", e);
	free(e);
	query_free(q);
	return buf;
}

static void expect_error(const char *s, const char *msg_part,
			 const char *part)
{
	struct query *q = (struct query *)1;
	struct query_error err;

	assert_int_equal(query_parse(s, strlen(s), fields, NFIELDS, 512, &q,
				     &err), -1);
	assert_null(q);
	if (!strstr(err.msg, msg_part))
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, msg_part);
	assert_string_equal(err.part, part);
}

static void test_terms(void **state)
{
	struct query *q;

	(void)state;
	q = parse("  芯片\t光谱 ");
	assert_int_equal(q->nterms, 2);
	assert_string_equal(q->terms[0].text, "芯片");
	assert_string_equal(q->terms[1].text, "光谱");
	assert_int_equal(q->terms[0].flags, 0);
	assert_int_equal(q->terms[0].group, -1);
	assert_int_equal(q->nfilters, 0);
	assert_int_equal(q->truncated, 0);
	query_free(q);
	assert_string_equal(fts("芯片 光谱"), "\"芯片\" AND \"光谱\"");
	/* ideographic space separates too */
	assert_string_equal(fts("芯片　光谱"), "\"芯片\" AND \"光谱\"");
	query_free(NULL);
}

static void test_phrases(void **state)
{
	struct query *q;

	(void)state;
	assert_string_equal(fts("\"x射线 衍射\""), "\"x射线 衍射\"");
	q = parse("“电子 显微镜” 价格");
	assert_int_equal(q->nterms, 2);
	assert_string_equal(q->terms[0].text, "电子 显微镜");
	assert_int_equal(q->terms[0].flags, QUERY_PHRASE);
	query_free(q);
	/* an open quote runs to the end: not an error */
	q = parse("abc \"def ghi");
	assert_int_equal(q->nterms, 2);
	assert_string_equal(q->terms[1].text, "def ghi");
	assert_int_equal(q->terms[1].flags, QUERY_PHRASE);
	query_free(q);
	/* empty phrases vanish */
	q = parse("\"\" \"  \" x");
	assert_int_equal(q->nterms, 1);
	query_free(q);
	/* an embedded quote in a bare word is doubled for FTS5 */
	assert_string_equal(fts("ab\"cd"), "\"ab\"\"cd\"");
}

static void test_exclusions(void **state)
{
	struct query *q;
	char *e;

	(void)state;
	q = parse("芯片 -进口 -\"old model\" －二手");
	assert_int_equal(q->nterms, 4);
	assert_int_equal(q->terms[1].flags, QUERY_NEGATED);
	assert_int_equal(q->terms[2].flags, QUERY_NEGATED | QUERY_PHRASE);
	assert_string_equal(q->terms[2].text, "old model");
	assert_string_equal(q->terms[3].text, "二手");
	assert_int_equal(query_to_fts5(q, tk, &e), 0);
	assert_string_equal(e,
		"(\"芯片\") NOT (\"进口\" OR \"old model\" OR \"二手\")");
	free(e);
	query_free(q);
	/* a lone minus is punctuation, not an exclusion */
	assert_string_equal(fts("a - b"), "\"a\" AND \"b\"");
	/* only exclusions: nothing positive, empty expression */
	q = parse("-进口 -二手");
	assert_int_equal(query_to_fts5(q, tk, &e), 0);
	assert_string_equal(e, "");
	free(e);
	assert_int_equal(query_to_fts5_excluded(q, tk, &e), 0);
	assert_string_equal(e, "\"进口\" OR \"二手\"");
	free(e);
	query_free(q);
}

static void test_or_groups(void **state)
{
	struct query *q;

	(void)state;
	q = parse("电镜 OR 显微镜 OR SEM 价格");
	assert_int_equal(q->nterms, 4);
	assert_true(q->terms[0].group >= 0);
	assert_int_equal(q->terms[1].group, q->terms[0].group);
	assert_int_equal(q->terms[2].group, q->terms[0].group);
	assert_int_equal(q->terms[3].group, -1);
	query_free(q);
	assert_string_equal(fts("电镜 OR 显微镜 OR SEM 价格"),
		"(\"电镜\" OR \"显微镜\" OR \"SEM\") AND \"价格\"");
	assert_string_equal(fts("a OR b c OR d"),
			    "(\"a\" OR \"b\") AND (\"c\" OR \"d\")");
	/* OR that cannot join two positive terms is ignored */
	assert_string_equal(fts("OR a"), "\"a\"");
	assert_string_equal(fts("a OR"), "\"a\"");
	assert_string_equal(fts("a OR OR b"), "(\"a\" OR \"b\")");
	assert_string_equal(fts("a OR -b"), "(\"a\") NOT (\"b\")");
	assert_string_equal(fts("-a OR b"), "(\"b\") NOT (\"a\")");
	/* lower-case or is a word */
	assert_string_equal(fts("a or b"), "\"a\" AND \"or\" AND \"b\"");
	/* a group member without tokens drops out of the group */
	assert_string_equal(fts("!!! OR 芯片"), "\"芯片\"");
}

static void test_filters(void **state)
{
	struct query *q;

	(void)state;
	q = parse("region:上海 芯片 Year：2023 org:\"Fudan University\" "
		  "city:“苏州 ”");
	assert_int_equal(q->nterms, 1);
	assert_string_equal(q->terms[0].text, "芯片");
	assert_int_equal(q->nfilters, 4);
	assert_string_equal(q->filters[0].key, "region");
	assert_string_equal(q->filters[0].value, "上海");
	assert_string_equal(q->filters[1].key, "year");	/* allow-list's */
	assert_string_equal(q->filters[1].value, "2023");
	assert_string_equal(q->filters[2].key, "org");
	assert_string_equal(q->filters[2].value, "Fudan University");
	assert_string_equal(q->filters[3].key, "city");
	assert_string_equal(q->filters[3].value, "苏州");
	query_free(q);
	/* filters only: an empty expression, the caller browses */
	assert_string_equal(fts("region:江苏 year:2024"), "");
	/* not filters: names that are not identifiers, URLs */
	q = parse("10:30 注意:事项 http://x.org/a");
	assert_int_equal(q->nterms, 3);
	assert_int_equal(q->nfilters, 0);
	query_free(q);
}

static void test_errors(void **state)
{
	struct query *q = (struct query *)1;
	struct query_error err;

	(void)state;
	expect_error("芯片 colour:red", "unknown filter \"colour\"", "colour");
	expect_error("colour:red", "known filters: region, city", "colour");
	expect_error("region:", "filter \"region\" has no value", "region");
	expect_error("region:\"  \"", "has no value", "region");
	expect_error("-region:上海", "cannot be excluded", "region");
	expect_error("芯片 \xE8\x8A", "query is not valid UTF-8", "");
	expect_error("\xC0\x80", "not valid UTF-8", "");
	/* no allow-list: every filter is unknown */
	assert_int_equal(query_parse("a:b", 3, NULL, 0, 0, &q, &err), -1);
	assert_null(q);
	assert_string_equal(err.part, "a");
	/* err may be NULL */
	assert_int_equal(query_parse("a:b", 3, NULL, 0, 0, &q, NULL), -1);
}

static void test_controls_are_spaces(void **state)
{
	struct query *q;
	const char in[] = "芯片\x01光谱\0电镜\x7f" "a\xC2\x85z";

	(void)state;
	assert_int_equal(query_parse(in, sizeof(in) - 1, fields, NFIELDS, 0,
				     &q, NULL), 0);
	assert_int_equal(q->nterms, 5);
	assert_string_equal(q->terms[2].text, "电镜");
	assert_string_equal(q->terms[3].text, "a");
	assert_string_equal(q->terms[4].text, "z");
	query_free(q);
	assert_int_equal(query_parse(NULL, 0, fields, NFIELDS, 0, &q, NULL), 0);
	assert_int_equal(q->nterms, 0);
	query_free(q);
}

static void test_truncation(void **state)
{
	struct query *q;

	(void)state;
	/* cut at the last space before the limit: no half term */
	q = parse_max("aaaa bbbb cccc", 10);
	assert_int_equal(q->truncated, 1);
	assert_int_equal(q->nterms, 2);
	assert_string_equal(q->terms[1].text, "bbbb");
	query_free(q);
	/* the limit falls on a space */
	q = parse_max("aaaa bbbb cccc", 9);
	assert_int_equal(q->nterms, 2);
	query_free(q);
	/* one long term: cut at the character boundary */
	q = parse_max("芯片芯片芯片", 4);
	assert_int_equal(q->truncated, 1);
	assert_string_equal(q->terms[0].text, "芯片芯片");
	query_free(q);
	/* within the limit: untouched */
	q = parse_max("芯片芯片", 4);
	assert_int_equal(q->truncated, 0);
	query_free(q);
	/* cut inside a phrase: the phrase is left open, so it ends there */
	q = parse_max("\"abc def ghi\"", 9);
	assert_int_equal(q->nterms, 1);
	assert_string_equal(q->terms[0].text, "abc def");
	query_free(q);
}

static void test_tokenless_terms(void **state)
{
	(void)state;
	assert_string_equal(fts("!!! 芯片 ..."), "\"芯片\"");
	assert_string_equal(fts("， 。 ——"), "");
	assert_string_equal(fts("\"\"\"\""), "");
	assert_string_equal(fts("-!!! a"), "\"a\"");
}

static void test_query_tokens(void **state)
{
	struct query *q = parse("芯片分析 -进口 王 Microscopes \"x射线\" 王");
	char **t;
	size_t n;

	(void)state;
	assert_int_equal(query_tokens(q, tk, &t, &n), 0);
	assert_int_equal(n, 7);
	assert_string_equal(t[0], "microscop");
	assert_string_equal(t[1], "x");
	assert_string_equal(t[2], "分析");
	assert_string_equal(t[3], "射线");
	assert_string_equal(t[4], "片分");
	assert_string_equal(t[5], "王");
	assert_string_equal(t[6], "芯片");
	assert_null(t[7]);
	free(t);
	query_free(q);
	q = parse("-a");
	assert_int_equal(query_tokens(q, tk, &t, &n), 0);
	assert_int_equal(n, 0);
	assert_null(t[0]);
	free(t);
	query_free(q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_terms),
		cmocka_unit_test(test_phrases),
		cmocka_unit_test(test_exclusions),
		cmocka_unit_test(test_or_groups),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_controls_are_spaces),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_tokenless_terms),
		cmocka_unit_test(test_query_tokens),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
