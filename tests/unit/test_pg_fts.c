/*
 * test_pg_fts.c — the PostgreSQL full-text search's pure parts, no server
 * needed: FTS5 expressions as the domain writes them become the right
 * tsquery (phrases of TOK_QUERY tokens joined by <->, AND/OR/NOT,
 * prefixes), and srank computed from a row's hits gives what the formula
 * gives for the same counts per column.  (The server side — vectors filled
 * before commit, candidates by GIN — runs in the PostgreSQL layer of
 * `make test`.)
 */
#include "unit.h"
#include <math.h>
#include <stdlib.h>
#include "store/pg_fts.h"
#include "store/search_rank.h"

static void one_chinese_word_is_a_phrase_of_bigrams(void **state)
{
	struct pg_fts_query q;
	(void)state;
	assert_int_equal(pg_fts_query_make("\"电子显微镜\"", &q), 0);
	assert_string_equal(q.tsquery, "('电子' <-> '子显' <-> '显微' <-> '微镜')");
	assert_int_equal(q.nphrase, 1);
	assert_int_equal(q.ph[0].n, 4);
	assert_string_equal(q.lexemes, "{\"电子\",\"子显\",\"显微\",\"微镜\"}");
	assert_string_equal(q.prefixes, "{}");
	pg_fts_query_free(&q);
}

static void operators_and_stems_carry_over(void **state)
{
	struct pg_fts_query q;
	(void)state;
	assert_int_equal(pg_fts_query_make("(\"光谱\" AND (\"Microscopes\" OR \"X射线\")) NOT (\"拉曼\")", &q), 0);
	assert_string_equal(q.tsquery,
			    "(('光谱') & (('microscop') | ('x' <-> '射线'))) & !(('拉曼'))");
	assert_int_equal(q.nphrase, 4);
	pg_fts_query_free(&q);
	/* side by side means AND, as in FTS5; a prefix marks its last token */
	assert_int_equal(pg_fts_query_make("\"芯片\" \"lithograph\"*", &q), 0);
	assert_string_equal(q.tsquery, "('芯片') & ('lithograph':*)");
	assert_int_equal(q.ph[1].prefix, 1);
	assert_string_equal(q.prefixes, "{\"lithograph\"}");
	pg_fts_query_free(&q);
	/* a quote inside a phrase is doubled in FTS5 and harmless here */
	assert_int_equal(pg_fts_query_make("\"o\"\"neil\"", &q), 0);
	assert_string_equal(q.tsquery, "('o' <-> 'neil')");
	pg_fts_query_free(&q);
}

static void malformed_expressions_are_refused(void **state)
{
	struct pg_fts_query q;
	(void)state;
	assert_int_equal(pg_fts_query_make("\"unbalanced", &q), -1);
	assert_int_equal(pg_fts_query_make("", &q), -1);
	assert_int_equal(pg_fts_query_make("NEAR(\"a\" \"b\") ^", &q), -1);
}

static void srank_counts_phrases_per_column(void **state)
{
	struct pg_fts_query q;
	const double w[4] = { 10, 6, 3, 1 }, len[4] = { 10, 30, 60, 300 };
	double idf[2] = { 1.3, 0.7 };
	/* hits as PG_FTS_HITS renders them: lexeme, positions, weights.  微镜
	 * at 3 (A) follows 显微 at 2 (A): one phrase hit in the name; in the
	 * body (D) 显微 at 40 is followed by 微镜 at 41 once, and 显微 at 50 is
	 * not followed at all; 镜 alone is in the subtitle (C). */
	const char *hits = "显微 2,40,50 A,D,D\n微镜 3,41,70 A,D,D\n镜 20 C";
	int tf1[4] = { 1, 0, 0, 1 }, tf2[4] = { 0, 0, 1, 0 };
	double want;
	(void)state;
	assert_int_equal(pg_fts_query_make("\"显微镜\" OR \"镜\"", &q), 0);
	want = srank_phrase(tf1, idf[0], w, len) + srank_phrase(tf2, idf[1], w, len);
	assert_true(want > 0);
	assert_true(fabs(pg_fts_srank(&q, idf, hits, w, len) + want) < 1e-12);
	/* no hits: no score */
	assert_true(fabs(pg_fts_srank(&q, idf, "", w, len)) < 1e-12);
	assert_true(fabs(pg_fts_srank(&q, idf, NULL, w, len)) < 1e-12);
	pg_fts_query_free(&q);
}

static void srank_of_a_prefix_counts_every_word_it_begins(void **state)
{
	struct pg_fts_query q;
	const double w[4] = { 1, 1, 1, 1 }, len[4] = { 14, 40, 70, 350 };
	int tf[4] = { 0, 2, 0, 0 };
	(void)state;
	assert_int_equal(pg_fts_query_make("\"lithograph\"*", &q), 0);
	assert_true(fabs(pg_fts_srank(&q, NULL, "lithograph 5 B\nlithographi 9 B\nlitho 11 B", w, len) +
			 srank_phrase(tf, 1.0, w, len)) < 1e-12);
	pg_fts_query_free(&q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_chinese_word_is_a_phrase_of_bigrams),
		cmocka_unit_test(operators_and_stems_carry_over),
		cmocka_unit_test(malformed_expressions_are_refused),
		cmocka_unit_test(srank_counts_phrases_per_column),
		cmocka_unit_test(srank_of_a_prefix_counts_every_word_it_begins),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
