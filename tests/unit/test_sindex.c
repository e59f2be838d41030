/*
 * test_sindex.c — the in-memory search index (domain/sindex.h) against
 * the engine it replaced: SQLite FTS5 with the same "shenrong" tokenizer
 * and srank, over random documents and random queries (words, phrases,
 * OR groups, exclusions).  Totals, the order of the best hits and their
 * scores must agree; after documents are replaced and removed, the sets
 * of matches must.  Filters, permissions, facets and kind weights are
 * checked against a loop over the documents' fields.
 */
#include "unit.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sqlite3.h>
#include "core/arena.h"
#include "core/rng.h"
#include "domain/sindex.h"
#include "store/fts_tokenizer.h"
#include "store/search_rank.h"
#include "text/query.h"
#include "text/tokenize.h"

#define NDOCS 1500
#define NQUERIES 400

static struct rng rng = { 12345 };

static size_t below(size_t n)
{
	return rng_below(&rng, n);
}

/* A few characters and words, so that phrases repeat across documents. */
static const char *const han[] = { "电", "子", "显", "微", "镜", "光", "谱", "仪", "分", "析",
				   "测", "试", "研", "究", "所", "大", "學", "電" };
static const char *const words[] = { "electron", "microscope", "microscopes", "spectrometer",
				     "analysis", "lab", "x", "2100F", "Ｘ射线", "ray" };

static void text_of(char *out, size_t max, size_t parts)
{
	size_t o = 0;
	out[0] = '\0';
	for (size_t i = 0; i < parts && o + 64 < max; i++) {
		if (below(3) == 0) {
			o += (size_t)snprintf(out + o, max - o, "%s%s", o ? " " : "", words[below(10)]);
		} else {
			size_t n = 1 + below(6);
			if (o && below(2))
				out[o++] = ' ';
			for (size_t k = 0; k < n; k++)
				o += (size_t)snprintf(out + o, max - o, "%s", han[below(18)]);
		}
	}
}

struct doc {
	char text[4][512];
	const char *kind, *region;
	int64_t org, year;
	int vis, alive;
};

static struct doc docs[NDOCS];
static const char *const kinds[] = { "instrument", "org", "expert", "contract" };
static const char *const regions[] = { "310000", "320000", "330000", "340000" };

struct fixture {
	struct sindex *x;
	struct tokenizer *tk;
	sqlite3 *db;
	sqlite3_stmt *ins, *len, *del, *dlen;
};

static void put(struct fixture *f, size_t i)
{
	struct sindex_doc d = { 0 };
	d.id = (int64_t)i + 1;
	d.kind = docs[i].kind;
	d.region = docs[i].region;
	d.city = NULL;
	d.category = below(2) ? "analytical" : NULL;
	d.org = docs[i].org;
	d.year = docs[i].year;
	d.vis = docs[i].vis;
	for (int k = 0; k < 4; k++)
		d.text[k] = docs[i].text[k];
	assert_int_equal(sindex_put(f->x, f->tk, &d), 0);
	docs[i].alive = 1;
	sqlite3_bind_int64(f->ins, 1, d.id);
	sqlite3_bind_int64(f->len, 1, d.id);
	for (int k = 0; k < 4; k++) {
		sqlite3_bind_text(f->ins, 2 + k, docs[i].text[k], -1, SQLITE_STATIC);
		sqlite3_bind_text(f->len, 2 + k, docs[i].text[k], -1, SQLITE_STATIC);
	}
	assert_int_equal(sqlite3_step(f->ins), SQLITE_DONE);
	assert_int_equal(sqlite3_step(f->len), SQLITE_DONE);
	sqlite3_reset(f->ins);
	sqlite3_reset(f->len);
}

static void drop(struct fixture *f, size_t i)
{
	sindex_remove(f->x, (int64_t)i + 1);
	docs[i].alive = 0;
	sqlite3_bind_int64(f->del, 1, (int64_t)i + 1);
	sqlite3_bind_int64(f->dlen, 1, (int64_t)i + 1);
	assert_int_equal(sqlite3_step(f->del), SQLITE_DONE);
	assert_int_equal(sqlite3_step(f->dlen), SQLITE_DONE);
	sqlite3_reset(f->del);
	sqlite3_reset(f->dlen);
}

static void random_doc(size_t i)
{
	text_of(docs[i].text[0], sizeof docs[i].text[0], 1 + below(2));
	text_of(docs[i].text[1], sizeof docs[i].text[1], below(3));
	text_of(docs[i].text[2], sizeof docs[i].text[2], below(3));
	text_of(docs[i].text[3], sizeof docs[i].text[3], below(12));
	docs[i].kind = kinds[below(4)];
	docs[i].region = regions[below(4)];
	docs[i].org = 1 + (int64_t)below(5);
	docs[i].year = 2020 + (int64_t)below(3);
	docs[i].vis = below(5) == 0;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->x = sindex_new();
	f->tk = tokenizer_new();
	assert_int_equal(sqlite3_open(":memory:", &f->db), SQLITE_OK);
	assert_int_equal(fts_tokenizer_register(f->db), 0);
	assert_int_equal(search_rank_register(f->db), 0);
	assert_int_equal(sqlite3_exec(f->db,
				      "CREATE VIRTUAL TABLE t USING fts5(name, name_en, subtitle, body,"
				      " tokenize='shenrong', columnsize=0);"
				      "CREATE TABLE len(id INTEGER PRIMARY KEY, l0, l1, l2, l3);",
				      NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(f->db, "INSERT INTO t(rowid, name, name_en, subtitle, body)"
					    " VALUES (?, ?, ?, ?, ?)", -1, &f->ins, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(f->db, "INSERT INTO len VALUES (?, length(?), length(?),"
					    " length(?), length(?))", -1, &f->len, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(f->db, "DELETE FROM t WHERE rowid = ?", -1, &f->del, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(f->db, "DELETE FROM len WHERE id = ?", -1, &f->dlen, NULL),
			 SQLITE_OK);
	sqlite3_exec(f->db, "BEGIN", NULL, NULL, NULL);
	for (size_t i = 0; i < NDOCS; i++) {
		random_doc(i);
		put(f, i);
	}
	sqlite3_exec(f->db, "COMMIT", NULL, NULL, NULL);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	sqlite3_finalize(f->ins);
	sqlite3_finalize(f->len);
	sqlite3_finalize(f->del);
	sqlite3_finalize(f->dlen);
	sqlite3_close(f->db);
	sindex_free(f->x);
	tokenizer_free(f->tk);
	free(f);
	return 0;
}

/* A random query: pieces of a document (so that it matches something),
 * words, quoted phrases, OR groups, exclusions. */
static void random_query(char *out, size_t max)
{
	size_t o = 0, n = 1 + below(3);
	for (size_t i = 0; i < n && o + 80 < max; i++) {
		const char *src = docs[below(NDOCS)].text[below(4) == 0 ? 3 : 0];
		size_t len = strlen(src), start, w;
		char piece[64];
		int r = (int)below(10);
		if (!len)
			continue;
		/* a whole UTF-8 piece of 1-4 characters from src */
		start = below(len);
		while (start && ((unsigned char)src[start] & 0xC0) == 0x80)
			start--;
		w = 0;
		for (size_t k = start, chars = 0; src[k] && chars < 1 + below(4); chars++) {
			size_t c = 1;
			while (((unsigned char)src[k + c] & 0xC0) == 0x80)
				c++;
			if (w + c >= sizeof piece)
				break;
			memcpy(piece + w, src + k, c);
			w += c;
			k += c;
		}
		piece[w] = '\0';
		if (r == 0)
			o += (size_t)snprintf(out + o, max - o, "%s-%s", o ? " " : "", piece);
		else if (r == 1)
			o += (size_t)snprintf(out + o, max - o, "%s\"%s\"", o ? " " : "", piece);
		else if (r == 2 && o)
			o += (size_t)snprintf(out + o, max - o, " OR %s", piece);
		else if (r == 3)
			o += (size_t)snprintf(out + o, max - o, "%s%s", o ? " " : "", words[below(10)]);
		else
			o += (size_t)snprintf(out + o, max - o, "%s%s", o ? " " : "", piece);
	}
}

struct ref {
	int64_t id;
	double score;
};

static int ref_cmp(const void *a, const void *b)
{
	const struct ref *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

/* FTS5's answer: every match with srank's score, best first. */
static size_t fts5_answer(struct fixture *f, const char *expr, struct ref *out)
{
	sqlite3_stmt *st;
	size_t n = 0;
	assert_int_equal(sqlite3_prepare_v2(f->db, "SELECT t.rowid, srank(t, 10.0, 8.0, 3.0, 1.0,"
					    " l.l0, l.l1, l.l2, l.l3) FROM t JOIN len l ON l.id = t.rowid"
					    " WHERE t MATCH ?", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		out[n].id = sqlite3_column_int64(st, 0);
		out[n++].score = sqlite3_column_double(st, 1);
	}
	sqlite3_finalize(st);
	qsort(out, n, sizeof *out, ref_cmp);
	return n;
}

static void filter_init(struct search_filter *sf, size_t want)
{
	memset(sf, 0, sizeof *sf);
	sf->w_name = 10.0;
	sf->w_name_en = 8.0;
	sf->w_subtitle = 3.0;
	sf->w_body = 1.0;
	sf->want = want;
}

/* Runs NQUERIES random queries on both engines; exact: scores and order
 * too, else the sets of matches only. */
static void compare(struct fixture *f, int exact, int *nonempty)
{
	static const struct search_grant see_all[] = {
		{ "instrument", SEARCH_SEE_ALL, NULL, 0 }, { "org", SEARCH_SEE_ALL, NULL, 0 },
		{ "expert", SEARCH_SEE_ALL, NULL, 0 }, { "contract", SEARCH_SEE_ALL, NULL, 0 } };
	static struct ref ref[NDOCS];
	struct arena a = ARENA_INIT;
	for (int qi = 0; qi < NQUERIES; qi++) {
		char text[512], *expr = NULL;
		struct query *q;
		struct search_filter sf;
		struct search_result r;
		size_t n;
		random_query(text, sizeof text);
		assert_int_equal(query_parse(text, strlen(text), NULL, 0, 0, &q, NULL), 0);
		assert_int_equal(query_to_fts5(q, f->tk, &expr), 0);
		if (!*expr) {
			free(expr);
			query_free(q);
			continue;
		}
		n = fts5_answer(f, expr, ref);
		filter_init(&sf, NDOCS);
		sf.grants = see_all;   /* FTS5 knows nothing of restricted items */
		sf.ngrants = 4;
		assert_int_equal(sindex_search(f->x, f->tk, q, &sf, &a, &r), 0);
		if (r.total != (int64_t)n && getenv("SINDEX_DEBUG")) {
			for (size_t i = 0; i < n; i++) {
				int found = 0;
				for (size_t j = 0; j < r.nhits; j++)
					found |= r.hits[j].id == ref[i].id;
				if (!found)
					fprintf(stderr, "missing %lld: [%s] [%s] [%s] [%s]\n", (long long)ref[i].id,
						docs[ref[i].id - 1].text[0], docs[ref[i].id - 1].text[1],
						docs[ref[i].id - 1].text[2], docs[ref[i].id - 1].text[3]);
			}
		}
		if (r.total != (int64_t)n)
			fail_msg("query %s (%s): %lld matches, FTS5 %zu", text, expr, (long long)r.total, n);
		assert_int_equal(r.nhits, n);
		if (!exact) {
			int64_t *mine = malloc((n + 1) * sizeof *mine), *theirs = malloc((n + 1) * sizeof *theirs);
			for (size_t i = 0; i < n; i++) {
				mine[i] = r.hits[i].id;
				theirs[i] = ref[i].id;
			}
			/* same sets: sort both by id */
			for (size_t i = 0; i < n; i++)
				for (size_t j = i + 1; j < n; j++) {
					int64_t t;
					if (mine[j] < mine[i]) { t = mine[i]; mine[i] = mine[j]; mine[j] = t; }
					if (theirs[j] < theirs[i]) { t = theirs[i]; theirs[i] = theirs[j]; theirs[j] = t; }
				}
			for (size_t i = 0; i < n; i++)
				assert_int_equal(mine[i], theirs[i]);
			free(mine);
			free(theirs);
		} else {
			for (size_t i = 0; i < n; i++) {
				double d = fabs(r.hits[i].score - ref[i].score);
				if (d > 1e-9 * (1.0 + fabs(ref[i].score)))
					fail_msg("query %s: hit %zu score %.12g, FTS5 %.12g", text, i,
						 r.hits[i].score, ref[i].score);
				/* equal scores may be ordered either way only if equal */
				if (r.hits[i].id != ref[i].id && fabs(r.hits[i].score - ref[i].score) > 0)
					fail_msg("query %s: hit %zu is %lld, FTS5 %lld", text, i,
						 (long long)r.hits[i].id, (long long)ref[i].id);
			}
		}
		*nonempty += n > 0;
		free(expr);
		query_free(q);
		arena_free(&a);
	}
}

static void matches_and_ranks_as_fts5_did(void **state)
{
	struct fixture *f = *state;
	int nonempty = 0;
	compare(f, 1, &nonempty);
	/* the random queries are worth something only if most find documents */
	assert_true(nonempty > NQUERIES / 2);
}

static void replaced_and_removed_documents_are_gone(void **state)
{
	struct fixture *f = *state;
	int nonempty = 0;
	sqlite3_exec(f->db, "BEGIN", NULL, NULL, NULL);
	for (size_t i = 0; i < NDOCS; i += 3) {
		if (below(2)) {
			drop(f, i);
		} else {
			drop(f, i);   /* FTS5 replaces by delete and insert */
			random_doc(i);
			put(f, i);
		}
	}
	sqlite3_exec(f->db, "COMMIT", NULL, NULL, NULL);
	compare(f, 0, &nonempty);
	assert_true(nonempty > NQUERIES / 2);
}

/* What the filters let through, counted by a plain loop. */
static void filters_permissions_and_facets(void **state)
{
	struct fixture *f = *state;
	struct arena a = ARENA_INIT;
	struct query *q;
	const char *ks[] = { "instrument", "contract" }, *rs[] = { "320000" };
	int64_t orgs[] = { 2, 3 };
	struct search_grant g[] = { { "contract", SEARCH_SEE_REGION, "320000", 0 },
				    { "org", SEARCH_SEE_ORG, NULL, 4 } };
	struct search_kind_weight kw[] = { { "instrument", 2.0 } };

	assert_int_equal(query_parse("", 0, NULL, 0, 0, &q, NULL), 0);
	for (int round = 0; round < 4; round++) {
		struct search_filter sf;
		struct search_result r;
		int64_t total = 0, kind_count[4] = { 0 };
		filter_init(&sf, 5);
		sf.grants = g;
		sf.ngrants = 2;
		if (round & 1) {
			sf.kinds = ks;
			sf.nkinds = 2;
			sf.orgs = orgs;
			sf.norgs = 2;
		}
		if (round & 2) {
			sf.regions = rs;
			sf.nregions = 1;
			sf.year = 2021;
		}
		sf.kind_weights = kw;
		sf.nkind_weights = 1;
		assert_int_equal(sindex_search(f->x, f->tk, q, &sf, &a, &r), 0);
		for (size_t i = 0; i < NDOCS; i++) {
			const struct doc *d = &docs[i];
			int ok = d->alive;
			if (round & 1)
				ok = ok && (!strcmp(d->kind, "instrument") || !strcmp(d->kind, "contract")) &&
				     (d->org == 2 || d->org == 3);
			if (round & 2)
				ok = ok && !strcmp(d->region, "320000") && d->year == 2021;
			if (ok && d->vis)
				ok = (!strcmp(d->kind, "contract") && !strcmp(d->region, "320000")) ||
				     (!strcmp(d->kind, "org") && d->org == 4);
			if (!ok)
				continue;
			total++;
			for (int k = 0; k < 4; k++)
				kind_count[k] += !strcmp(d->kind, kinds[k]);
		}
		assert_true(total > 0);
		assert_int_equal(r.total, total);
		for (size_t v = 0; v < r.nfacets[0]; v++)
			for (int k = 0; k < 4; k++)
				if (!strcmp(r.facets[0][v].value, kinds[k]))
					assert_int_equal(r.facets[0][v].n, kind_count[k]);
		/* a browse ranks by kind weight: instruments first */
		assert_int_equal(r.nhits, 5);
		assert_true(!strcmp(docs[r.hits[0].id - 1].kind, "instrument"));
		assert_true(r.hits[0].score < r.hits[4].score || kind_count[0] >= 5);
		arena_free(&a);
	}
	query_free(q);
}

static int latin(void *arg, const char *term, size_t len, int64_t n)
{
	int *seen = arg;
	if (len == 9 && !memcmp(term, "microscop", 9))   /* microscope(s), stemmed */
		seen[0] = n > 0;
	for (size_t i = 0; i < len; i++)
		if (term[i] < 'a' || term[i] > 'z')
			seen[1] = 1;
	return 0;
}

static void latin_terms_are_the_stems(void **state)
{
	struct fixture *f = *state;
	int seen[2] = { 0, 0 };
	assert_int_equal(sindex_latin_terms(f->x, latin, seen), 0);
	assert_true(seen[0]);
	assert_false(seen[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(matches_and_ranks_as_fts5_did),
		cmocka_unit_test(latin_terms_are_the_stems),
		cmocka_unit_test(replaced_and_removed_documents_are_gone),
		cmocka_unit_test(filters_permissions_and_facets),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
