/*
 * fuzz_tokenizer.c — libFuzzer target for text/tokenize in all three modes.
 *
 * Checks, for any input: runs succeed; tokens are non-empty valid UTF-8;
 * offsets lie within the input with start < end; positions never
 * decrease (TOK_QUERY and TOK_WORDS: go up by one); and the text matches
 * itself: every TOK_QUERY token appears in the TOK_INDEX output at the
 * same position with the same offsets, which is what makes an FTS5 phrase
 * query for a text find that text — and, for valid UTF-8, that it does:
 * the input is stored in an FTS5 table using the "shenrong" tokenizer and
 * must be found by the phrase query made of itself.  The first byte, when
 * odd, also makes the callback stop early, exercising the abandon paths.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "core/utf8.h"
#include "store/fts_tokenizer.h"
#include "text/tokenize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct rec {
	uint64_t hash;
	size_t start, end;
	int pos;
};

struct seen {
	enum tok_mode mode;
	size_t len;
	int last_pos;
	size_t n, cap;
	struct rec *r;
	size_t stop_at;		/* 0: never */
};

static struct tokenizer *tk;
static sqlite3 *db;
static sqlite3_stmt *ins, *sel;

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_tokenizer: %s\n", what);
		abort();
	}
}

static uint64_t hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

static int cb(void *arg, const struct tok *t)
{
	struct seen *s = arg;
	struct rec *r;

	check(t->len > 0, "empty token");
	check(utf8_valid(t->text, t->len), "token is not UTF-8");
	check(t->start < t->end, "start >= end");
	check(t->end <= s->len, "end beyond input");
	check(t->pos >= s->last_pos, "position went back");
	if (s->mode != TOK_INDEX)
		check(t->pos == (s->n ? s->last_pos + 1 : 0),
		      "position skipped");
	s->last_pos = t->pos;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 256;
		r = realloc(s->r, s->cap * sizeof(*r));
		check(r != NULL, "out of memory");
		s->r = r;
	}
	s->r[s->n].hash = hash(t->text, t->len);
	s->r[s->n].start = t->start;
	s->r[s->n].end = t->end;
	s->r[s->n].pos = t->pos;
	s->n++;
	if (s->stop_at && s->n == s->stop_at)
		return 42;
	return 0;
}

static void db_setup(void)
{
	check(sqlite3_open(":memory:", &db) == SQLITE_OK, "open");
	check(fts_tokenizer_register(db) == 0, "register");
	check(sqlite3_exec(db, "CREATE VIRTUAL TABLE d USING fts5(x, "
			   "tokenize='shenrong')", NULL, NULL, NULL) ==
	      SQLITE_OK, "create");
	check(sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO d(rowid, x) "
				 "VALUES (1, ?)", -1, &ins, NULL) == SQLITE_OK,
	      "prepare insert");
	check(sqlite3_prepare_v2(db, "SELECT count(*) FROM d WHERE d MATCH ?",
				 -1, &sel, NULL) == SQLITE_OK,
	      "prepare select");
}

/* Stores in[0..len) and checks that the phrase "in" finds it. */
static void self_match(const char *in, size_t len)
{
	static char q[2 * 4096 + 3];
	size_t i, n = 0;
	int rc;

	if (len > 4096 || memchr(in, '\0', len) || !utf8_valid(in, len))
		return;
	q[n++] = '"';
	for (i = 0; i < len; i++) {
		if (in[i] == '"')
			q[n++] = '"';
		q[n++] = in[i];
	}
	q[n++] = '"';
	sqlite3_bind_text(ins, 1, in, (int)len, SQLITE_STATIC);
	check(sqlite3_step(ins) == SQLITE_DONE, sqlite3_errmsg(db));
	sqlite3_reset(ins);
	sqlite3_bind_text(sel, 1, q, (int)n, SQLITE_STATIC);
	rc = sqlite3_step(sel);
	if (rc != SQLITE_ROW)
		fprintf(stderr, "MATCH error: %s\n", sqlite3_errmsg(db));
	check(rc == SQLITE_ROW, "phrase query failed");
	check(sqlite3_column_int(sel, 0) == 1,
	      "a text is not found by its own phrase");
	sqlite3_reset(sel);
}

static int run(struct seen *s, enum tok_mode mode, const char *in,
	       size_t len, size_t stop_at)
{
	s->mode = mode;
	s->len = len;
	s->last_pos = 0;
	s->n = 0;
	s->stop_at = stop_at;
	return tokenizer_run(tk, mode, in, len, cb, s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct seen ix, qy, wd;
	const char *in = (const char *)data;
	size_t i, j, stop = 0;
	int rc;

	if (!tk) {
		tk = tokenizer_new();
		db_setup();
	}
	check(tk != NULL, "tokenizer_new");
	if (size > 0 && (data[0] & 1))
		stop = 1 + data[0] / 2;

	check(run(&ix, TOK_INDEX, in, size, 0) == 0, "TOK_INDEX failed");
	check(run(&qy, TOK_QUERY, in, size, 0) == 0, "TOK_QUERY failed");
	check(run(&wd, TOK_WORDS, in, size, 0) == 0, "TOK_WORDS failed");

	/* every query token is in the index at the same place */
	for (i = 0, j = 0; i < qy.n; i++) {
		while (j < ix.n && ix.r[j].pos < qy.r[i].pos)
			j++;
		check(j < ix.n, "query token missing from the index");
		for (; j < ix.n && ix.r[j].pos == qy.r[i].pos; j++) {
			if (ix.r[j].hash == qy.r[i].hash &&
			    ix.r[j].start == qy.r[i].start &&
			    ix.r[j].end == qy.r[i].end)
				break;
		}
		check(j < ix.n && ix.r[j].pos == qy.r[i].pos,
		      "query token not in the index at its position");
	}

	if (qy.n > 0)
		self_match(in, size);

	if (stop) {
		rc = run(&ix, TOK_INDEX, in, size, stop);
		check(rc == 0 || rc == 42, "stopped TOK_INDEX");
		rc = run(&wd, TOK_WORDS, in, size, stop);
		check(rc == 0 || rc == 42, "stopped TOK_WORDS");
	}
	return 0;
}
