/*
 * test_pg_fts.c — the PostgreSQL full-text search's pure parts, no server
 * needed: FTS5 expressions as the domain writes them become the right
 * tsquery (phrases of TOK_QUERY tokens joined by <->, AND/OR/NOT,
 * prefixes), and FTS5's bm25() computed from a row's hits (the
 * instruments' ranking) counts each phrase's occurrences by the columns
 * their positions tell.  (The server side — vectors filled before commit,
 * candidates by GIN — runs in the PostgreSQL layer of `make test`.)
 */
#include "unit.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "store/pg_fts.h"

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

/* FTS5's bm25() for one phrase whose occurrences weigh f in all */
static double bm25_term(double idf, double f, double ntok, double avgdl)
{
	const double k1 = 1.2, b = 0.75;
	return idf * (f * (k1 + 1.0)) / (f + k1 * (1 - b + b * ntok / avgdl));
}

/* column c at positions c * PG_FTS_COLUMN + 1 ... */
#define AT(c, p) ((c) * PG_FTS_COLUMN + (p))

static void bm25_counts_phrases_by_their_columns(void **state)
{
	struct pg_fts_query q;
	const double w[7] = { 10, 9, 5, 4, 3, 2, 1 };
	double idf[2] = { 1.3, 0.7 }, want;
	char hits[256];
	(void)state;
	/* hits as PG_FTS_HITS renders them: lexeme, positions, weights.  微镜
	 * at 3 follows 显微 at 2 (column 0): one phrase hit in the name; in
	 * the description (column 6) 显微 at +1 is followed by 微镜 at +2 once,
	 * and 显微 at +11 is not followed at all; 镜 alone is in the model
	 * (column 2). */
	snprintf(hits, sizeof hits, "显微 2,%d,%d A,D,D\n微镜 3,%d,%d A,D,D\n镜 %d B",
		 AT(6, 1), AT(6, 11), AT(6, 2), AT(6, 31), AT(2, 4));
	assert_int_equal(pg_fts_query_make("\"显微镜\" OR \"镜\"", &q), 0);
	want = bm25_term(idf[0], w[0] + w[6], 30, 20) + bm25_term(idf[1], w[2], 30, 20);
	assert_true(want > 0);
	assert_true(fabs(pg_fts_bm25(&q, idf, hits, w, 7, 30, 20) + want) < 1e-12);
	/* no hits: no score */
	assert_true(fabs(pg_fts_bm25(&q, idf, "", w, 7, 30, 20)) < 1e-12);
	assert_true(fabs(pg_fts_bm25(&q, idf, NULL, w, 7, 30, 20)) < 1e-12);
	pg_fts_query_free(&q);
}

static void bm25_of_a_prefix_counts_every_word_it_begins(void **state)
{
	struct pg_fts_query q;
	const double w[7] = { 1, 3, 1, 1, 1, 1, 1 }, idf[1] = { 1.0 };
	char hits[256];
	(void)state;
	snprintf(hits, sizeof hits, "lithograph %d A\nlithographi %d A\nlitho %d A",
		 AT(1, 5), AT(1, 9), AT(1, 11));
	assert_int_equal(pg_fts_query_make("\"lithograph\"*", &q), 0);
	assert_true(fabs(pg_fts_bm25(&q, idf, hits, w, 7, 12, 12) +
			 bm25_term(1.0, 2 * w[1], 12, 12)) < 1e-12);
	pg_fts_query_free(&q);
}

/* FTS5's idf, never below 1e-6 */
static void bm25_idf_is_fts5s(void **state)
{
	(void)state;
	assert_true(fabs(pg_fts_bm25_idf(100, 9) - log(91.5 / 9.5)) < 1e-12);
	assert_true(pg_fts_bm25_idf(10, 10) == 1e-6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_chinese_word_is_a_phrase_of_bigrams),
		cmocka_unit_test(operators_and_stems_carry_over),
		cmocka_unit_test(malformed_expressions_are_refused),
		cmocka_unit_test(bm25_counts_phrases_by_their_columns),
		cmocka_unit_test(bm25_of_a_prefix_counts_every_word_it_begins),
		cmocka_unit_test(bm25_idf_is_fts5s),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
