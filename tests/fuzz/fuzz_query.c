/*
 * fuzz_query.c — libFuzzer target for text/query, text/highlight and the
 * FTS5 tokenizer together.
 *
 * Parses the input as a search query (the first byte picks the length
 * limit), builds the FTS5 expressions and the highlight tokens, and runs
 * every non-empty expression against an in-memory FTS5 table that uses
 * the "shenrong" tokenizer: FTS5 must accept every expression we build
 * (any SQLite error aborts).  The tokens then go through highlight_ranges
 * and snippet_window over a fixed document and over the query itself;
 * then the search's stop-word pass (query_drop_stop_words) must leave a
 * well-formed query whose expression FTS5 accepts.  Matches are ranked by
 * bm25() and by the search index's srank() (store/search_rank.c).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "core/utf8.h"
#include "store/fts_tokenizer.h"
#include "store/search_rank.h"
#include "text/highlight.h"
#include "text/query.h"
#include "text/tokenize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const fields[] = {
	"region", "city", "type", "org", "year", "category", "kind", "status",
};

static const char *const docs[] = {
	"透射电子显微镜 JEM-2100F 高分辨率电镜，用于材料表征",
	"X射线衍射仪 X射线 衍射 分析，物相鉴定 near or and not",
	"拉曼光谱仪 Raman spectroscopy for chips 芯片检测",
	"掃描電鏡 場發射 掃描電子顯微鏡 ＸＲＤ 王小明",
};

static sqlite3 *db;
static sqlite3_stmt *st;
static struct tokenizer *tk;

static void check(int ok, const char *what, const char *detail)
{
	if (!ok) {
		fprintf(stderr, "fuzz_query: %s: %s\n", what,
			detail ? detail : "");
		abort();
	}
}

static void setup(void)
{
	size_t i;
	char sql[512];

	check(sqlite3_open(":memory:", &db) == SQLITE_OK, "open", NULL);
	check(fts_tokenizer_register(db) == 0, "register", NULL);
	check(sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(name, body,"
			   " tokenize='shenrong')", NULL, NULL, NULL) ==
	      SQLITE_OK, "create", sqlite3_errmsg(db));
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		snprintf(sql, sizeof(sql),
			 "INSERT INTO t(name, body) VALUES ('%s', '%s')",
			 docs[i], docs[(i + 1) % 4]);
		check(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK,
		      "insert", sqlite3_errmsg(db));
	}
	check(search_rank_register(db) == 0, "register srank", NULL);
	check(sqlite3_prepare_v2(db, "SELECT rowid, highlight(t, 0, '[', ']'),"
				 " bm25(t, 10.0, 1.0), srank(t, 10, 8, 3, 1, length(name),"
				 " 0, 0, length(body)) FROM t WHERE t MATCH ?",
				 -1, &st, NULL) == SQLITE_OK, "prepare",
	      sqlite3_errmsg(db));
	tk = tokenizer_new();
	check(tk != NULL, "tokenizer_new", NULL);
}

static void run_match(const char *expr)
{
	int rc;

	if (!expr[0])
		return;
	sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	if (rc != SQLITE_DONE) {
		fprintf(stderr, "expression: %s\n", expr);
		check(0, "FTS5 rejected our expression", sqlite3_errmsg(db));
	}
	sqlite3_reset(st);
}

static void run_highlight(const char *text, size_t len, char **toks,
			  size_t ntoks)
{
	struct hl_range *r;
	size_t nr, i, s, e;

	check(highlight_ranges(tk, text, len, (const char *const *)toks, ntoks,
			       &r, &nr) == 0, "highlight_ranges", NULL);
	for (i = 0; i < nr; i++) {
		check(r[i].start < r[i].end && r[i].end <= len, "range", NULL);
		check(i == 0 || r[i - 1].end < r[i].start, "ranges order",
		      NULL);
	}
	for (i = 0; i < 4; i++) {
		size_t max = i * 17;

		check(snippet_window(text, len, r, nr, max, &s, &e) == 0,
		      "snippet_window", NULL);
		check(s <= e && e <= len, "window bounds", NULL);
		check(utf8_chars(text + s, e - s) <= max, "window size", NULL);
		check(utf8_valid(text, len) == 0 ||
		      utf8_valid(text + s, e - s), "window boundaries", NULL);
	}
	free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct query *q = NULL;
	struct query_error err;
	char *expr = NULL, *excl = NULL, **toks = NULL;
	size_t ntoks, i, max = 0;

	if (!db)
		setup();
	if (size > 0) {
		max = data[0] < 128 ? 512 : data[0] - 128;
		data++;
		size--;
	}
	if (query_parse((const char *)data, size, fields, 8, max, &q, &err)) {
		check(q == NULL, "q set on error", NULL);
		check(err.msg[0] != '\0', "error without a message", NULL);
		check(memchr(err.msg, '\0', sizeof(err.msg)) != NULL &&
		      memchr(err.part, '\0', sizeof(err.part)) != NULL,
		      "unterminated error", NULL);
		check(utf8_valid(err.part, strlen(err.part)), "error part",
		      err.part);
		return 0;
	}
	for (i = 0; i < q->nterms; i++) {
		check(q->terms[i].text[0] != '\0', "empty term", NULL);
		check(utf8_valid(q->terms[i].text, strlen(q->terms[i].text)),
		      "term not UTF-8", NULL);
	}
	for (i = 0; i < q->nfilters; i++)
		check(q->filters[i].value[0] != '\0', "empty filter value",
		      q->filters[i].key);
	check(query_to_fts5(q, tk, &expr) == 0, "query_to_fts5", NULL);
	check(query_to_fts5_excluded(q, tk, &excl) == 0, "excluded", NULL);
	run_match(expr);
	run_match(excl);
	check(query_tokens(q, tk, &toks, &ntoks) == 0, "query_tokens", NULL);
	check(toks[ntoks] == NULL, "tokens not NULL-terminated", NULL);
	for (i = 0; i < 4; i++)
		run_highlight(docs[i], strlen(docs[i]), toks, ntoks);
	run_highlight((const char *)data, size, toks, ntoks);
	free(toks);
	free(expr);
	free(excl);
	/* the search's stop-word pass keeps the query well formed */
	query_drop_stop_words(q);
	for (i = 0; i < q->nterms; i++) {
		int g = q->terms[i].group;
		check(q->terms[i].text[0] != '\0', "empty term after stop words", NULL);
		check(g < 0 || (i > 0 && q->terms[i - 1].group == g) ||
		      (i + 1 < q->nterms && q->terms[i + 1].group == g),
		      "a group of one after stop words", NULL);
	}
	check(query_to_fts5(q, tk, &expr) == 0, "query_to_fts5 after stop words", NULL);
	run_match(expr);
	free(expr);
	query_free(q);
	return 0;
}
