/*
 * test_fts_tokenizer.c — store/fts_tokenizer: the "shenrong" tokenizer in
 * a real FTS5 table: Chinese substrings, phrases, traditional and
 * full-width input, stemming, single characters, bm25 column weights,
 * highlight(), and expressions built by text/query.
 */
#include "unit.h"
#include <stdio.h>
#include <stdlib.h>
#include <sqlite3.h>
#include "store/fts_tokenizer.h"
#include "text/query.h"
#include "text/tokenize.h"

static sqlite3 *db;

static const char *rows[][2] = {
	/* 1 */ { "透射电子显微镜", "JEM-2100F 高分辨率电镜，用于材料表征" },
	/* 2 */ { "X射线衍射仪", "X射线 衍射 分析，物相鉴定" },
	/* 3 */ { "拉曼光谱仪", "Raman spectroscopy for chips 芯片检测" },
	/* 4 */ { "芯片测试平台", "semiconductor test bench" },
	/* 5 */ { "Scanning Electron Microscopes", "SEM imaging" },
	/* 6 */ { "掃描電鏡", "場發射 掃描電子顯微鏡" },
	/* 7 */ { "普通仪器", "用于芯片光谱 研究" },
	/* 8 */ { "王小明", "材料 专家" },
	/* 9 */ { "ＸＲＤ 衍射仪", "full-width name" },
};
#define NROWS (sizeof(rows) / sizeof(rows[0]))

static void exec(const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err ? err : "?");
}

static int group_setup(void **state)
{
	sqlite3_stmt *st;
	size_t i;

	(void)state;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		return -1;
	if (fts_tokenizer_register(db) != 0)
		return -1;
	exec("CREATE VIRTUAL TABLE t USING fts5(name, body, "
	     "tokenize='shenrong')");
	if (sqlite3_prepare_v2(db, "INSERT INTO t(rowid, name, body) "
			       "VALUES (?, ?, ?)", -1, &st, NULL) != SQLITE_OK)
		return -1;
	for (i = 0; i < NROWS; i++) {
		sqlite3_bind_int(st, 1, (int)i + 1);
		sqlite3_bind_text(st, 2, rows[i][0], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, rows[i][1], -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			return -1;
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	sqlite3_close(db);
	tokenizer_global_free();
	return 0;
}

/* Rowids matching expr in the given order, as "4 3 7". */
static const char *match_by(const char *expr, const char *order)
{
	static char buf[256];
	char sql[256];
	sqlite3_stmt *st;
	size_t used = 0;
	int rc;

	snprintf(sql, sizeof(sql),
		 "SELECT rowid FROM t WHERE t MATCH ? ORDER BY %s", order);
	rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	assert_int_equal(rc, SQLITE_OK);
	sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
	buf[0] = '\0';
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		used += (size_t)snprintf(buf + used, sizeof(buf) - used, "%s%d",
					 used ? " " : "",
					 sqlite3_column_int(st, 0));
	if (rc != SQLITE_DONE)
		fail_msg("MATCH %s: %s", expr, sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return buf;
}

/* Best first, the name weighing ten times the body. */
static const char *match(const char *expr)
{
	return match_by(expr, "bm25(t, 10.0, 1.0), rowid");
}

/* Sorted by rowid, for set comparisons. */
static const char *match_set(const char *expr)
{
	return match_by(expr, "rowid");
}

static void test_chinese_substrings(void **state)
{
	(void)state;
	assert_string_equal(match_set("\"芯片\""), "3 4 7");
	assert_string_equal(match_set("\"电镜\""), "1 6");
	assert_string_equal(match_set("\"光谱\""), "3 7");
	assert_string_equal(match_set("\"显微镜\""), "1 6");
	assert_string_equal(match_set("\"电子显微镜\""), "1 6");
	/* not a substring anywhere: a phrase of bigrams must be contiguous */
	assert_string_equal(match_set("\"芯片平台\""), "");
}

static void test_phrases_and_mixed(void **state)
{
	(void)state;
	assert_string_equal(match_set("\"x射线 衍射\""), "2");
	assert_string_equal(match_set("\"X射线衍射\""), "2");
	assert_string_equal(match_set("\"射线\" AND \"物相\""), "2");
	assert_string_equal(match_set("\"衍射仪\""), "2 9");
}

static void test_folding(void **state)
{
	(void)state;
	/* traditional query, simplified text, and the other way round */
	assert_string_equal(match_set("\"電鏡\""), "1 6");
	assert_string_equal(match_set("\"顯微鏡\""), "1 6");
	assert_string_equal(match_set("\"扫描电镜\""), "6");
	/* full width and case */
	assert_string_equal(match_set("\"xrd\""), "9");
	assert_string_equal(match_set("\"ＸＲＤ\""), "9");
	assert_string_equal(match_set("\"JEM-2100f\""), "1");
}

static void test_stemming_and_unigrams(void **state)
{
	(void)state;
	assert_string_equal(match_set("\"microscope\""), "5");
	assert_string_equal(match_set("\"microscopes\""), "5");
	assert_string_equal(match_set("\"chip\""), "3");
	/* a single character is found inside longer runs */
	assert_string_equal(match_set("\"王\""), "8");
	assert_string_equal(match_set("\"镜\""), "1 6");
	assert_string_equal(match_set("\"芯*\""), "3 4 7");	/* * is punctuation */
	assert_string_equal(match_set("\"芯\" *"), "3 4 7");
}

static void test_bm25_name_first(void **state)
{
	(void)state;
	/* 芯片 is in the name of 4, in the bodies of 3 and 7 */
	assert_memory_equal(match("\"芯片\""), "4 ", 2);
	/* 显微镜 is in the name of 1, in the body of 6 */
	assert_string_equal(match("\"显微镜\""), "1 6");
	/* without the weights, the shorter body of 6 comes first */
	assert_string_equal(match_by("\"显微镜\"", "bm25(t)"), "6 1");
}

static void test_highlight_offsets(void **state)
{
	sqlite3_stmt *st;

	(void)state;
	assert_int_equal(sqlite3_prepare_v2(db,
		"SELECT highlight(t, 0, '[', ']'), highlight(t, 1, '[', ']') "
		"FROM t WHERE t MATCH ? AND rowid = ?", -1, &st, NULL),
		SQLITE_OK);
	sqlite3_bind_text(st, 1, "\"电镜\"", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, 6);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "掃描[電鏡]");
	/* the body has 電 and 鏡, but not the word 電鏡 */
	assert_string_equal((const char *)sqlite3_column_text(st, 1),
			    "場發射 掃描電子顯微鏡");
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, "\"ＸＲＤ\"", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, 9);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "[ＸＲＤ] 衍射仪");
	sqlite3_finalize(st);
}

static void test_query_language(void **state)
{
	static const char *const fields[] = { "region", "year" };
	struct tokenizer *tk = tokenizer_new();
	struct query *q;
	char *e;

	(void)state;
	assert_non_null(tk);
	assert_int_equal(query_parse("电镜 OR 光谱 -拉曼 region:上海",
				     strlen("电镜 OR 光谱 -拉曼 region:上海"),
				     fields, 2, 512, &q, NULL), 0);
	assert_int_equal(query_to_fts5(q, tk, &e), 0);
	assert_string_equal(match_set(e), "1 6 7");
	free(e);
	query_free(q);

	assert_int_equal(query_parse("“X射线 衍射” \"AND\" NOT:x",
				     strlen("“X射线 衍射” \"AND\" NOT:x"),
				     fields, 0, 512, &q, NULL), -1);
	assert_int_equal(query_parse("“X射线 衍射” 分析 \"NEAR(\" (",
				     strlen("“X射线 衍射” 分析 \"NEAR(\" ("),
				     fields, 0, 512, &q, NULL), 0);
	assert_int_equal(query_to_fts5(q, tk, &e), 0);
	assert_string_equal(match_set(e), "");	/* no "near" in row 2 */
	free(e);
	query_free(q);
	tokenizer_free(tk);
}

static void test_tokenizer_arguments(void **state)
{
	char *err = NULL;

	(void)state;
	assert_int_not_equal(sqlite3_exec(db,
		"CREATE VIRTUAL TABLE u USING fts5(a, tokenize='shenrong x')",
		NULL, NULL, &err), SQLITE_OK);
	sqlite3_free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chinese_substrings),
		cmocka_unit_test(test_phrases_and_mixed),
		cmocka_unit_test(test_folding),
		cmocka_unit_test(test_stemming_and_unigrams),
		cmocka_unit_test(test_bm25_name_first),
		cmocka_unit_test(test_highlight_offsets),
		cmocka_unit_test(test_query_language),
		cmocka_unit_test(test_tokenizer_arguments),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
