/*
 * test_highlight.c — text/highlight: match ranges (folding, stemming,
 * merging, unigrams) and the snippet window (density, boundaries).
 */
#include "unit.h"
#include <stdio.h>
#include <stdlib.h>
#include "core/utf8.h"
#include "text/highlight.h"
#include "text/query.h"
#include "text/tokenize.h"

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

/* Ranges of the query q in text, as "[s,e) [s,e)". */
static const char *ranges(const char *q, const char *text)
{
	static char buf[1024];
	struct query *qq;
	struct hl_range *r;
	char **toks;
	size_t nt, nr, i, used = 0;

	assert_int_equal(query_parse(q, strlen(q), NULL, 0, 0, &qq, NULL), 0);
	assert_int_equal(query_tokens(qq, tk, &toks, &nt), 0);
	assert_int_equal(highlight_ranges(tk, text, strlen(text),
					  (const char *const *)toks, nt, &r,
					  &nr), 0);
	buf[0] = '\0';
	for (i = 0; i < nr; i++) {
		assert_true(r[i].start < r[i].end);
		if (i > 0)
			assert_true(r[i - 1].end < r[i].start);
		used += (size_t)snprintf(buf + used, sizeof(buf) - used,
					 "%s[%zu,%zu)", i ? " " : "",
					 r[i].start, r[i].end);
	}
	if (nr == 0)
		assert_null(r);
	free(r);
	free(toks);
	query_free(qq);
	return buf;
}

static void test_ranges(void **state)
{
	(void)state;
	/* 高性能 9 bytes, 芯片 9..15, 设计, ，, 芯片 24..30 */
	assert_string_equal(ranges("芯片", "高性能芯片设计，芯片制造"),
			    "[9,15) [24,30)");
	/* a phrase's bigrams overlap: one range */
	assert_string_equal(ranges("光谱分析", "拉曼光谱分析仪"), "[6,18)");
	/* touching ranges merge, separated ones do not */
	assert_string_equal(ranges("芯片 电镜", "芯片电镜"), "[0,12)");
	assert_string_equal(ranges("ab cd", "ab cd"), "[0,2) [3,5)");
	/* stemming: either form finds both */
	assert_string_equal(ranges("microscopes",
				   "Electron Microscopes and a microscope."),
			    "[9,20) [27,37)");
	/* traditional and full-width text, simplified and ASCII query */
	assert_string_equal(ranges("电镜 xrd", "透射電鏡與ＸＲＤ"),
			    "[6,12) [15,24)");
	/* a single character, inside runs too */
	assert_string_equal(ranges("王", "老王和小王"), "[3,6) [12,15)");
	/* nothing to find */
	assert_string_equal(ranges("钢", "芯片"), "");
	assert_string_equal(ranges("-芯片", "芯片"), "");
	assert_string_equal(ranges("芯片", ""), "");
}

static void test_ranges_invalid_text(void **state)
{
	const char *toks[] = { "芯片", NULL };
	const char text[] = "\xFF芯片\xE8";
	struct hl_range *r;
	size_t n;

	(void)state;
	assert_int_equal(highlight_ranges(tk, text, sizeof(text) - 1, toks, 2,
					  &r, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].start, 1);
	assert_int_equal(r[0].end, 7);
	free(r);
}

/* The window for q in text, checked for boundaries and size. */
static void window(const char *q, const char *text, size_t max,
		   size_t *s, size_t *e)
{
	struct query *qq;
	struct hl_range *r;
	char **toks;
	size_t nt, nr, len = strlen(text);

	assert_int_equal(query_parse(q, strlen(q), NULL, 0, 0, &qq, NULL), 0);
	assert_int_equal(query_tokens(qq, tk, &toks, &nt), 0);
	assert_int_equal(highlight_ranges(tk, text, len,
					  (const char *const *)toks, nt, &r,
					  &nr), 0);
	assert_int_equal(snippet_window(text, len, r, nr, max, s, e), 0);
	assert_true(*s <= *e && *e <= len);
	assert_true(utf8_chars(text + *s, *e - *s) <= max);
	assert_true(utf8_valid(text + *s, *e - *s));
	free(r);
	free(toks);
	query_free(qq);
}

static void test_window(void **state)
{
	char text[4096];
	size_t s, e, i, used = 0;
	const char *hit;

	(void)state;
	/* 100 filler characters, a match, 100 more */
	for (i = 0; i < 100; i++)
		used += (size_t)snprintf(text + used, sizeof(text) - used, "仪");
	used += (size_t)snprintf(text + used, sizeof(text) - used, "拉曼光谱");
	for (i = 0; i < 100; i++)
		used += (size_t)snprintf(text + used, sizeof(text) - used, "器");
	window("光谱", text, 40, &s, &e);
	hit = strstr(text, "光谱");
	assert_true(text + s <= hit && hit + 6 <= text + e);
	assert_int_equal(utf8_chars(text + s, e - s), 40);
	/* context on both sides */
	assert_true(utf8_chars(text + s, (size_t)(hit - text) - s) >= 15);

	/* short text: all of it */
	window("光谱", "光谱仪", 40, &s, &e);
	assert_int_equal(s, 0);
	assert_int_equal(e, strlen("光谱仪"));

	/* no match: the start, without splitting a word */
	window("钢", "alpha beta gamma delta epsilon", 13, &s, &e);
	assert_int_equal(s, 0);
	assert_int_equal(e, 10);	/* "alpha beta", not "alpha beta ga" */

	/* zero window */
	window("钢", "abc", 0, &s, &e);
	assert_int_equal(e, 0);
}

static void test_window_densest(void **state)
{
	char text[4096];
	size_t s, e, used = 0, i;
	const char *dense;

	(void)state;
	used += (size_t)snprintf(text + used, sizeof(text) - used,
				 "芯片 lead text here. ");
	for (i = 0; i < 60; i++)
		used += (size_t)snprintf(text + used, sizeof(text) - used,
					 "word%zu ", i);
	dense = text + used;
	used += (size_t)snprintf(text + used, sizeof(text) - used,
				 "芯片 and 芯片 and 芯片 again. ");
	for (i = 0; i < 60; i++)
		used += (size_t)snprintf(text + used, sizeof(text) - used,
					 "tail%zu ", i);
	window("芯片", text, 60, &s, &e);
	/* the three close matches win over the first lone one */
	assert_true(text + s <= dense);
	assert_true(dense + strlen("芯片 and 芯片 and 芯片") <= text + e);
	/* window edges do not cut Latin words */
	assert_true(s == 0 || text[s - 1] == ' ' || text[s] == ' ');
	assert_true(text[e] == ' ' || text[e - 1] == ' ' || e == used);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_ranges_invalid_text),
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_window_densest),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
