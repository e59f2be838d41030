/*
 * search_bench.c — our search index against SQLite FTS5's trigram
 * tokenizer on the same corpus and the same queries (Xapian is
 * xapian_bench.cc, on the same files).  Build and run through
 * bench/search/run.sh; the subcommands:
 *
 *   prepare DIR --db FILE          the corpus of a shenrong database (its
 *                                  search_item rows: every kind of record)
 *   prepare DIR --generate N       N documents made from data/demo/ (fixed seed)
 *       writes DIR/corpus.tsv (name, English name, subtitle, body per line)
 *       and DIR/queries.tsv (1,000 queries: class, text), with the number
 *       of documents holding each two-character word (up to 10) as truth
 *   ours DIR | trigram DIR         builds the index (ours: the program's
 *       in-memory one, domain/sindex.h; trigram: in DIR/trigram.db), runs
 *       the queries four times (a warm-up, then each query's best of
 *       three), and writes
 *       DIR/<engine>.txt (build seconds, index bytes, p50, p99) and
 *       DIR/<engine>.results (the first ten ids of each query);
 *       SEARCH_BENCH_TOTALS=1 prints each query's matches and time
 *       (ours) to stderr
 *   product DIR DB                 the queries through the program's own
 *       search (domain/search_run: ranking, facets, highlighting) on DB
 *   eval DIR                       recall@10 of two-character words per
 *       engine, and the table (DIR/table.md)
 *
 * Both engines rank with BM25-style weights 10/8/3/1 over the name,
 * English name, subtitle and body and keep the best ten in a heap; ours
 * with srank, counting every match and its facets as the program does,
 * the trigram one with FTS5's bm25().  Each query's words are ANDed, each
 * word a phrase — what the trigram tokenizer needs, and what
 * text/query.c makes of plain words.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sqlite3.h>
#include "core/arena.h"
#include "core/rng.h"
#include "core/utf8.h"
#include "domain/search.h"
#include "domain/sindex.h"
#include "text/query.h"
#include "store/store.h"
#include "text/normalize.h"
#include "text/tokenize.h"

#define NQUERIES 1000
/* A warm-up pass, then three timed ones; a query's time is its fastest of
 * the three, so that other work on the machine does not decide it. */
#define PASSES 4

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "search_bench: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
	exit(1);
}

static char *path_of(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	if (!p)
		die("out of memory", NULL);
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

/* ---- randomness (core/rng.h, as the demo) -------------------------------- */

static struct rng rng = { 0x5EED };

static size_t below(size_t n)
{
	return rng_below(&rng, n);
}

/* ---- the corpus ----------------------------------------------------------- */

struct doc {
	char *f[4];          /* name, name_en, subtitle, body */
};

static struct doc *docs;
static size_t ndocs, capdocs;

static char *clean(const char *s)
{
	char *d = strdup(s ? s : "");
	if (!d)
		die("out of memory", NULL);
	for (char *p = d; *p; p++)
		if (*p == '\t' || *p == '\n' || *p == '\r')
			*p = ' ';
	return d;
}

static void add_doc(const char *a, const char *b, const char *c, const char *d)
{
	if (ndocs == capdocs) {
		capdocs = capdocs ? capdocs * 2 : 65536;
		if (!(docs = realloc(docs, capdocs * sizeof *docs)))
			die("out of memory", NULL);
	}
	docs[ndocs].f[0] = clean(a);
	docs[ndocs].f[1] = clean(b);
	docs[ndocs].f[2] = clean(c);
	docs[ndocs].f[3] = clean(d);
	ndocs++;
}

static void corpus_from_db(const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT name, name_en, subtitle, body FROM search_item ORDER BY id",
			       -1, &st, NULL) != SQLITE_OK)
		die("cannot read search_item of", path);
	while (sqlite3_step(st) == SQLITE_ROW)
		add_doc((const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
			(const char *)sqlite3_column_text(st, 2), (const char *)sqlite3_column_text(st, 3));
	sqlite3_finalize(st);
	sqlite3_close(db);
}

/* A TSV file of data/demo/: rows of fields (the header skipped). */
struct table {
	char ***rows;
	size_t n;
};

static struct table load_tsv(const char *dir, const char *name, size_t ncols)
{
	struct table t = { 0 };
	char *p = path_of(dir, name), line[65536];
	FILE *fp = fopen(p, "r");
	size_t cap = 0;
	if (!fp)
		die("cannot open", p);
	free(p);
	if (!fgets(line, sizeof line, fp))
		die("empty", name);
	while (fgets(line, sizeof line, fp)) {
		char **f = calloc(ncols, sizeof *f), *s = line, *tab;
		line[strcspn(line, "\r\n")] = '\0';
		for (size_t k = 0; k < ncols; k++) {
			tab = s ? strchr(s, '\t') : NULL;
			if (tab)
				*tab = '\0';
			f[k] = strdup(s ? s : "");
			s = tab ? tab + 1 : NULL;
		}
		if (t.n == cap) {
			cap = cap ? cap * 2 : 256;
			t.rows = realloc(t.rows, cap * sizeof *t.rows);
		}
		t.rows[t.n++] = f;
	}
	fclose(fp);
	return t;
}

/* The i-th |-separated part of s (len 0 if none) in out. */
static void part(const char *s, size_t i, char *out, size_t max)
{
	const char *b = s, *e;
	while (i-- > 0 && (b = strchr(b, '|')))
		b++;
	if (!b) {
		out[0] = '\0';
		return;
	}
	e = strchr(b, '|');
	snprintf(out, max, "%.*s", (int)(e ? (size_t)(e - b) : strlen(b)), b);
}

static size_t parts(const char *s)
{
	size_t n = *s ? 1 : 0;
	for (; *s; s++)
		n += *s == '|';
	return n;
}

/*
 * N documents like the platform's: 45% instruments (a type's names, a
 * model and maker, its specifications and areas, an owner and a city),
 * 40% experts (a name, an organisation, keywords of a discipline in both
 * languages, a short biography), 15% organisations (a real one, or one
 * made from a pattern, a field and a brand word).
 */
static void corpus_generate(size_t n, const char *dir)
{
	struct table types = load_tsv(dir, "instrument_types.tsv", 11);
	struct table orgs = load_tsv(dir, "orgs.tsv", 8);
	struct table topics = load_tsv(dir, "expert_topics.tsv", 4);
	struct table people = load_tsv(dir, "people.tsv", 2);
	struct table fields = load_tsv(dir, "fields.tsv", 2);
	struct table words = load_tsv(dir, "words.tsv", 2);
	static const char *const cities[] = { "上海市 Shanghai", "南京市 Nanjing", "苏州市 Suzhou",
		"杭州市 Hangzhou", "宁波市 Ningbo", "合肥市 Hefei", "无锡市 Wuxi", "芜湖市 Wuhu" };
	static const char *const kinds[] = { "研究院", "创新中心", "重点实验室", "科技有限公司" };
	char sur[64][16], giv[400][16];
	size_t nsur = 0, ngiv = 0;
	char a[512], b[512], c[2048], d[4096], x[256], y[256];

	for (size_t i = 0; i < people.n; i++) {
		if (strcmp(people.rows[i][0], "surname") == 0 && nsur < 64)
			snprintf(sur[nsur++], 16, "%s", people.rows[i][1]);
		else if (strcmp(people.rows[i][0], "given") == 0 && ngiv < 400)
			snprintf(giv[ngiv++], 16, "%s", people.rows[i][1]);
	}
	if (!types.n || !orgs.n || !topics.n || !nsur || !ngiv || !fields.n || !words.n)
		die("data files are missing rows", dir);
	for (size_t k = 0; k < n; k++) {
		size_t r = below(100);
		const char *city = cities[below(8)];
		char **org = orgs.rows[below(orgs.n)];
		if (r < 45) {
			char **t = types.rows[below(types.n)];
			size_t m = below(parts(t[3]) ? parts(t[3]) : 1);
			part(t[3], m, x, sizeof x);
			part(t[4], m, y, sizeof y);
			snprintf(c, sizeof c, "%s %s · %s · %s · %s", org[2], org[3], city, x, y);
			snprintf(d, sizeof d, "%s · %s · %s的%s，%d年购置，面向长三角科研人员开放预约。", t[8],
				 t[9], org[2], t[1], 2005 + (int)below(20));
			add_doc(t[1], t[2], c, d);
		} else if (r < 85) {
			char **tp = topics.rows[below(topics.n)];
			size_t kz = parts(tp[2]), i1 = below(kz), i2 = below(kz);
			snprintf(a, sizeof a, "%s%s", sur[below(nsur)], giv[below(ngiv)]);
			part(tp[2], i1, x, sizeof x);
			part(tp[2], i2, y, sizeof y);
			snprintf(c, sizeof c, "教授 研究员 Professor · %s %s · %s", org[2], org[3], city);
			snprintf(d, sizeof d, "%s · %s · %s · 长期从事%s与%s研究，主持国家重点研发计划项目，"
				 "发表论文%d篇。", x, y, tp[3], x, y, 10 + (int)below(200));
			add_doc(a, NULL, c, d);
		} else if (r < 90) {
			snprintf(c, sizeof c, "%s", city);
			add_doc(org[2], org[3], c, org[7]);
		} else {
			char **f = fields.rows[below(fields.n)], **w = words.rows[below(words.n)];
			snprintf(a, sizeof a, "%.*s%s%s%s", 6, city, w[0], f[0], kinds[below(4)]);
			snprintf(b, sizeof b, "%s %s %s", w[1], f[1], "Institute");
			snprintf(d, sizeof d, "围绕%s开展技术研发与成果转化。", f[0]);
			add_doc(a, b, city, d);
		}
	}
}

/* ---- queries --------------------------------------------------------------- */

struct bquery {
	char cls[8];
	char text[256];
	int truth;           /* zh2: documents holding the word, at most 10 */
};

static struct bquery queries[NQUERIES];

/* Decodes s into code points (folded); returns how many. */
static size_t cps_of(const char *s, uint32_t *out, size_t max)
{
	size_t n = 0, len = strlen(s), i = 0, k;
	uint32_t cp;
	while (i < len && n < max) {
		if (!(k = utf8_decode(s + i, len - i, &cp))) {
			i++;
			continue;
		}
		out[n++] = text_fold(cp);
		i += k;
	}
	return n;
}

static int han(uint32_t cp)
{
	return text_is_han(cp);
}

/* A run of at least want Han characters in s, from a random start; "" if none. */
static void han_chunk(const char *s, size_t want, char *out, size_t max)
{
	uint32_t cp[1024];
	size_t n = cps_of(s, cp, 1024), tries = 0, o = 0;
	out[0] = '\0';
	while (n >= want && tries++ < 20) {
		size_t at = below(n - want + 1), k;
		for (k = 0; k < want && han(cp[at + k]); k++)
			;
		if (k < want)
			continue;
		for (k = 0; k < want && o + 4 < max; k++)
			o += utf8_encode(cp[at + k], out + o);
		out[o] = '\0';
		return;
	}
}

static void latin_word(const char *s, char *out, size_t max)
{
	char buf[1024];
	char *w[64], *save = NULL;
	size_t n = 0;
	snprintf(buf, sizeof buf, "%s", s);
	for (char *p = buf; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
			*p = ' ';
	for (char *t = strtok_r(buf, " ", &save); t && n < 64; t = strtok_r(NULL, " ", &save))
		if (strlen(t) >= 4)
			w[n++] = t;
	snprintf(out, max, "%s", n ? w[below(n)] : "");
}

static void make_queries(void)
{
	size_t made = 0;
	while (made < NQUERIES) {
		const struct doc *dd = &docs[below(ndocs)];
		struct bquery *q = &queries[made];
		size_t r = made % 20;
		char x[128], y[128];
		memset(q, 0, sizeof *q);
		if (r < 7) {                      /* 35% two-character words */
			snprintf(q->cls, sizeof q->cls, "zh2");
			han_chunk(below(2) ? dd->f[0] : dd->f[3], 2, q->text, sizeof q->text);
		} else if (r < 13) {              /* 30% longer Chinese words */
			snprintf(q->cls, sizeof q->cls, "zh");
			han_chunk(dd->f[0], 3 + below(4), q->text, sizeof q->text);
		} else if (r < 17) {              /* 20% English */
			snprintf(q->cls, sizeof q->cls, "en");
			latin_word(below(2) ? dd->f[1] : dd->f[2], q->text, sizeof q->text);
		} else {                          /* 15% mixed */
			snprintf(q->cls, sizeof q->cls, "mixed");
			latin_word(dd->f[2], x, sizeof x);
			han_chunk(dd->f[0], 2 + below(3), y, sizeof y);
			if (*x && *y)
				snprintf(q->text, sizeof q->text, "%s %s", x, y);
		}
		if (q->text[0])
			made++;
	}
}

/* How many documents (at most 10) hold each two-character word, folded:
 * one pass over the corpus, each pair of neighbouring characters looked
 * up in a hash of the queries' pairs. */
#define TRUTH_SLOTS 4096

static void count_truth(void)
{
	static uint64_t key[TRUTH_SLOTS];
	static int first[TRUTH_SLOTS], next[NQUERIES];
	static size_t stamp[NQUERIES];
	uint32_t cp[8192], w[2];

	memset(first, -1, sizeof first);
	for (size_t qi = 0; qi < NQUERIES; qi++) {
		uint64_t k;
		size_t h;
		stamp[qi] = (size_t)-1;
		next[qi] = -1;
		if (strcmp(queries[qi].cls, "zh2") || cps_of(queries[qi].text, w, 2) != 2)
			continue;
		k = (uint64_t)w[0] << 32 | w[1];
		for (h = (size_t)(k * 0x9E3779B97F4A7C15ull >> 52); first[h] >= 0 && key[h] != k;
		     h = (h + 1) % TRUTH_SLOTS)
			;
		key[h] = k;
		next[qi] = first[h];
		first[h] = (int)qi;
	}
	for (size_t i = 0; i < ndocs; i++)
		for (int f = 0; f < 4; f++) {
			size_t n = cps_of(docs[i].f[f], cp, 8192);
			for (size_t c = 0; c + 1 < n; c++) {
				uint64_t k = (uint64_t)cp[c] << 32 | cp[c + 1];
				size_t h;
				for (h = (size_t)(k * 0x9E3779B97F4A7C15ull >> 52); first[h] >= 0 && key[h] != k;
				     h = (h + 1) % TRUTH_SLOTS)
					;
				for (int qi = first[h] >= 0 ? first[h] : -1; qi >= 0; qi = next[qi])
					if (stamp[qi] != i && queries[qi].truth < 10) {
						stamp[qi] = i;
						queries[qi].truth++;
					}
			}
		}
}

static void write_files(const char *dir)
{
	char *p = path_of(dir, "corpus.tsv");
	FILE *fp = fopen(p, "w");
	if (!fp)
		die("cannot write", p);
	for (size_t i = 0; i < ndocs; i++)
		fprintf(fp, "%s\t%s\t%s\t%s\n", docs[i].f[0], docs[i].f[1], docs[i].f[2], docs[i].f[3]);
	fclose(fp);
	free(p);
	p = path_of(dir, "queries.tsv");
	if (!(fp = fopen(p, "w")))
		die("cannot write", p);
	for (size_t i = 0; i < NQUERIES; i++)
		fprintf(fp, "%s\t%s\t%d\n", queries[i].cls, queries[i].text, queries[i].truth);
	fclose(fp);
	free(p);
}

static void read_files(const char *dir, int with_docs)
{
	char *p = path_of(dir, "queries.tsv"), line[1 << 16];
	FILE *fp = fopen(p, "r");
	size_t n = 0;
	if (!fp)
		die("cannot read", p);
	while (n < NQUERIES && fgets(line, sizeof line, fp)) {
		char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
		if (!t2)
			continue;
		*t1 = *t2 = '\0';
		snprintf(queries[n].cls, sizeof queries[n].cls, "%.*s", (int)sizeof queries[n].cls - 1, line);
		snprintf(queries[n].text, sizeof queries[n].text, "%s", t1 + 1);
		queries[n].truth = atoi(t2 + 1);
		n++;
	}
	fclose(fp);
	free(p);
	if (!with_docs)
		return;
	p = path_of(dir, "corpus.tsv");
	if (!(fp = fopen(p, "r")))
		die("cannot read", p);
	while (fgets(line, sizeof line, fp)) {
		char *f[4] = { line, NULL, NULL, NULL };
		line[strcspn(line, "\n")] = '\0';
		for (int k = 1; k < 4; k++) {
			f[k] = f[k - 1] ? strchr(f[k - 1], '\t') : NULL;
			if (f[k])
				*f[k]++ = '\0';
		}
		add_doc(f[0], f[1], f[2], f[3]);
	}
	fclose(fp);
	free(p);
}

/* ---- the SQLite engines ----------------------------------------------------- */

static int64_t dir_bytes_of(sqlite3 *db, const char *prefix)
{
	sqlite3_stmt *st;
	int64_t n = -1;
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT sum(pgsize) FROM dbstat WHERE name LIKE '%s%%'", prefix);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		die(sql, msg);
}

/* The query as FTS5 wants it: each word a phrase, ANDed. */
static void fts_expr(const char *q, char *out, size_t max)
{
	char buf[256], *save = NULL;
	size_t o = 0;
	snprintf(buf, sizeof buf, "%s", q);
	out[0] = '\0';
	for (char *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
		int k = snprintf(out + o, max - o, "%s\"", o ? " AND " : "");
		o += (size_t)k;
		for (; *t && o + 3 < max; t++) {
			if (*t == '"')
				out[o++] = '"';
			out[o++] = *t;
		}
		out[o++] = '"';
		out[o] = '\0';
	}
}

struct hit {
	int64_t id;
	double score;
};

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static int cmp_hit(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;
	return x->score < y->score ? -1 : x->score > y->score ? 1 : (x->id > y->id) - (x->id < y->id);
}

/* p50 of each class of queries, as "p50_<class>_ms" lines. */
static void class_latencies(FILE *fp, const double *lat)
{
	static const char *const cls[] = { "zh2", "zh", "en", "mixed" };
	static double v[NQUERIES];
	for (size_t c = 0; c < 4; c++) {
		size_t n = 0;
		for (size_t i = 0; i < NQUERIES; i++)
			if (strcmp(queries[i].cls, cls[c]) == 0)
				v[n++] = lat[i];
		qsort(v, n, sizeof *v, cmp_double);
		if (n)
			fprintf(fp, "p50_%s_ms %.3f\n", cls[c], v[n / 2] * 1e3);
	}
}

/* Steps st, keeping the ten lowest scores. */
static size_t top10(sqlite3_stmt *st, struct hit *best)
{
	size_t n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct hit h = { sqlite3_column_int64(st, 0), sqlite3_column_double(st, 1) };
		if (n < 10) {
			best[n++] = h;
			qsort(best, n, sizeof *best, cmp_hit);
		} else if (cmp_hit(&h, &best[9]) < 0) {
			best[9] = h;
			qsort(best, 10, sizeof *best, cmp_hit);
		}
	}
	sqlite3_reset(st);
	return n;
}

/* DIR/file: the build, the index's bytes, p50 and p99 overall and by
 * class (lat is sorted on the way). */
static void write_summary(const char *dir, const char *file, double build, int64_t bytes,
			  double *lat)
{
	char *res = path_of(dir, file);
	FILE *fp = fopen(res, "w");
	if (!fp)
		die("cannot write", res);
	class_latencies(fp, lat);
	qsort(lat, NQUERIES, sizeof *lat, cmp_double);
	fprintf(fp, "build_s %.1f\nindex_bytes %lld\np50_ms %.3f\np99_ms %.3f\ndocs %zu\n", build,
		(long long)bytes, lat[NQUERIES / 2] * 1e3, lat[NQUERIES * 99 / 100] * 1e3, ndocs);
	fclose(fp);
	free(res);
}

static void run_trigram(const char *dir)
{
	const char *name = "trigram";
	char *dbp, *txt, expr[1024];
	sqlite3 *db;
	sqlite3_stmt *ins, *q;
	double t0, build, lat[NQUERIES];
	struct hit best[10];
	FILE *fp;

	read_files(dir, 1);
	dbp = path_of(dir, "trigram.db");
	remove(dbp);
	if (sqlite3_open(dbp, &db) != SQLITE_OK)
		die("cannot open", dbp);
	exec(db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144");
	exec(db, "CREATE VIRTUAL TABLE t USING fts5(name, name_en, subtitle, body, content='',"
		 " tokenize='trigram')");
	if (sqlite3_prepare_v2(db, "INSERT INTO t(rowid, name, name_en, subtitle, body)"
			       " VALUES (?, ?, ?, ?, ?)", -1, &ins, NULL) != SQLITE_OK)
		die("prepare", sqlite3_errmsg(db));
	t0 = now();
	exec(db, "BEGIN");
	for (size_t i = 0; i < ndocs; i++) {
		sqlite3_bind_int64(ins, 1, (int64_t)i + 1);
		for (int k = 0; k < 4; k++)
			sqlite3_bind_text(ins, 2 + k, docs[i].f[k], -1, SQLITE_STATIC);
		if (sqlite3_step(ins) != SQLITE_DONE)
			die("insert", sqlite3_errmsg(db));
		sqlite3_reset(ins);
	}
	exec(db, "INSERT INTO t(t) VALUES ('optimize'); COMMIT");
	build = now() - t0;
	sqlite3_finalize(ins);
	if (sqlite3_prepare_v2(db, "SELECT rowid, bm25(t, 10.0, 8.0, 3.0, 1.0) FROM t WHERE t MATCH ?",
			       -1, &q, NULL) != SQLITE_OK)
		die("prepare", sqlite3_errmsg(db));
	txt = path_of(dir, "trigram.results");
	if (!(fp = fopen(txt, "w")))
		die("cannot write", txt);
	for (int pass = 0; pass < PASSES; pass++)
		for (size_t i = 0; i < NQUERIES; i++) {
			size_t n;
			double t;
			fts_expr(queries[i].text, expr, sizeof expr);
			sqlite3_bind_text(q, 1, expr, -1, SQLITE_STATIC);
			t0 = now();
			n = top10(q, best);
			t = now() - t0;
			if (pass == 1 || (pass > 1 && t < lat[i]))
				lat[i] = t;
			if (pass == 1) {
				fprintf(fp, "%zu", i);
				for (size_t k = 0; k < n; k++)
					fprintf(fp, " %lld", (long long)best[k].id);
				fputc('\n', fp);
			}
		}
	fclose(fp);
	free(txt);
	write_summary(dir, "trigram.txt", build, dir_bytes_of(db, "t_"), lat);
	printf("%s: %zu documents, built in %.1f s, p50 %.2f ms, p99 %.2f ms\n", name, ndocs, build,
	       lat[NQUERIES / 2] * 1e3, lat[NQUERIES * 99 / 100] * 1e3);
	sqlite3_finalize(q);
	sqlite3_close(db);
	free(dbp);
}

/* ---- ours: the program's in-memory index (domain/sindex.h) ------------------ */

static void run_ours(const char *dir)
{
	struct sindex *x = sindex_new();
	struct tokenizer *tk = tokenizer_new();
	struct sindex_stats st;
	struct search_filter f = { 0 };
	struct arena a = ARENA_INIT;
	double t0, build, lat[NQUERIES];
	char *res;
	FILE *fp;
	static const char *const no_fields[] = { "" };

	read_files(dir, 1);
	if (!x || !tk)
		die("out of memory", NULL);
	t0 = now();
	for (size_t i = 0; i < ndocs; i++) {
		struct sindex_doc d = { 0 };
		d.id = (int64_t)i + 1;
		for (int k = 0; k < 4; k++)
			d.text[k] = docs[i].f[k];
		if (sindex_put(x, tk, &d) < 0)
			die("out of memory", NULL);
	}
	sindex_trim(x);
	build = now() - t0;
	sindex_stats(x, &st);
	f.w_name = 10.0;
	f.w_name_en = 8.0;
	f.w_subtitle = 3.0;
	f.w_body = 1.0;
	f.want = 10;
	res = path_of(dir, "ours.results");
	if (!(fp = fopen(res, "w")))
		die("cannot write", res);
	for (int pass = 0; pass < PASSES; pass++)
		for (size_t i = 0; i < NQUERIES; i++) {
			struct query *q;
			struct search_result r;
			double t;
			t0 = now();
			if (query_parse(queries[i].text, strlen(queries[i].text), no_fields, 0, 0, &q,
					NULL) < 0 || sindex_search(x, tk, q, &f, &a, &r) < 0)
				die("search failed", queries[i].text);
			t = now() - t0;
			query_free(q);
			if (pass == 1 || (pass > 1 && t < lat[i]))
				lat[i] = t;
			if (pass == 1 && getenv("SEARCH_BENCH_TOTALS"))
				fprintf(stderr, "%s\t%lld\t%.3f\t%s\n", queries[i].cls, (long long)r.total,
					t * 1e3, queries[i].text);
			if (pass == 1) {
				fprintf(fp, "%zu", i);
				for (size_t k = 0; k < r.nhits; k++)
					fprintf(fp, " %lld", (long long)r.hits[k].id);
				fputc('\n', fp);
			}
			arena_free(&a);
		}
	fclose(fp);
	free(res);
	write_summary(dir, "ours.txt", build, (int64_t)st.bytes, lat);
	printf("ours: %zu documents (%zu terms, %llu postings), built in %.1f s, %zu MB in memory,"
	       " p50 %.3f ms, p99 %.2f ms\n", ndocs, st.terms, (unsigned long long)st.postings, build,
	       st.bytes >> 20, lat[NQUERIES / 2] * 1e3, lat[NQUERIES * 99 / 100] * 1e3);
	tokenizer_free(tk);
	sindex_free(x);
}

/* ---- the program's own search ------------------------------------------------ */

static void run_product(const char *dir, const char *dbpath)
{
	char err[256], *res;
	struct store *s;
	struct arena a = ARENA_INIT;
	struct ctx c = { 0 };
	double lat[NQUERIES], t0;
	FILE *fp;

	read_files(dir, 0);
	if (!(s = store_open(dbpath, 1, 0, err, sizeof err)))
		die("cannot open", err);
	c.db = store_acquire(s);
	c.a = &a;
	c.tk = tokenizer_new();
	for (int pass = 0; pass < PASSES; pass++)
		for (size_t i = 0; i < NQUERIES; i++) {
			struct search_request r = { 0 };
			struct search_answer ans;
			struct derr e = { 0 };
			double t;
			r.q = queries[i].text;
			r.page = 1;
			r.per_page = 10;
			t0 = now();
			if (search_run(&c, &r, &ans, &e) < 0)
				die("search", e.message);
			t = now() - t0;
			if (pass == 1 || (pass > 1 && t < lat[i]))
				lat[i] = t;
			arena_free(&a);
		}
	res = path_of(dir, "product.txt");
	if (!(fp = fopen(res, "w")))
		die("cannot write", res);
	class_latencies(fp, lat);
	qsort(lat, NQUERIES, sizeof *lat, cmp_double);
	fprintf(fp, "p50_ms %.3f\np99_ms %.3f\n", lat[NQUERIES / 2] * 1e3, lat[NQUERIES * 99 / 100] * 1e3);
	fclose(fp);
	printf("product (ranking, facets, highlighting): p50 %.2f ms, p99 %.2f ms\n",
	       lat[NQUERIES / 2] * 1e3, lat[NQUERIES * 99 / 100] * 1e3);
	free(res);
	tokenizer_free(c.tk);
	store_release(s, c.db);
	store_close(s);
}

/* ---- recall and the table ------------------------------------------------------ */

/* 1 if document id (from 1) holds the two characters of w, folded. */
static int holds(int64_t id, const char *w)
{
	uint32_t cp[8192], q[2];
	if (id < 1 || (size_t)id > ndocs)
		return 0;
	cps_of(w, q, 2);
	for (int f = 0; f < 4; f++) {
		size_t n = cps_of(docs[id - 1].f[f], cp, 8192);
		for (size_t k = 0; k + 1 < n; k++)
			if (cp[k] == q[0] && cp[k + 1] == q[1])
				return 1;
	}
	return 0;
}

static int read_kv(const char *dir, const char *file, const char *key, double *v)
{
	char *p = path_of(dir, file), k[64];
	FILE *fp = fopen(p, "r");
	double x;
	free(p);
	if (!fp)
		return -1;
	while (fscanf(fp, "%63s %lf", k, &x) == 2)
		if (strcmp(k, key) == 0) {
			*v = x;
			fclose(fp);
			return 0;
		}
	fclose(fp);
	return -1;
}

/* recall@10 of the two-character words: found relevant / min(10, relevant) */
static double recall_of(const char *dir, const char *engine)
{
	char file[64], *p, line[4096];
	double sum = 0;
	int n = 0;
	FILE *fp;
	snprintf(file, sizeof file, "%s.results", engine);
	p = path_of(dir, file);
	fp = fopen(p, "r");
	free(p);
	if (!fp)
		return -1;
	while (fgets(line, sizeof line, fp)) {
		char *s = line, *end;
		long qi = strtol(s, &end, 10);
		int found = 0;
		if (qi < 0 || qi >= NQUERIES || strcmp(queries[qi].cls, "zh2") || queries[qi].truth <= 0)
			continue;
		for (s = end; *s && *s != '\n'; s = end) {
			long long id = strtoll(s, &end, 10);
			if (end == s)
				break;
			found += holds(id, queries[qi].text);
		}
		sum += (double)found / (queries[qi].truth < 10 ? queries[qi].truth : 10);
		n++;
	}
	fclose(fp);
	return n ? sum / n : 0;
}

static void eval(const char *dir)
{
	static const char *const engines[] = { "ours", "trigram", "xapian" };
	static const char *const names[] = { "ours (shenrong tokenizer, srank)", "SQLite FTS5 trigram",
					     "Xapian 1.4 (CJK n-grams)" };
	double v[3][5], cls[3][4], docsof[3];
	char *p;
	FILE *fp;
	int nq[4] = { 0 };

	read_files(dir, 1);
	for (size_t i = 0; i < NQUERIES; i++)
		nq[strcmp(queries[i].cls, "zh2") == 0 ? 0 : strcmp(queries[i].cls, "zh") == 0 ? 1 :
		   strcmp(queries[i].cls, "en") == 0 ? 2 : 3]++;
	p = path_of(dir, "table.md");
	if (!(fp = fopen(p, "w")))
		die("cannot write", p);
	fprintf(fp, "%zu documents; %d queries: %d two-character Chinese words, %d longer Chinese,"
		" %d English, %d mixed.\n\n", ndocs, NQUERIES, nq[0], nq[1], nq[2], nq[3]);
	fprintf(fp, "| engine | build (s) | index (MB) | p50 (ms) | p99 (ms) | recall@10, 2-char words |\n"
		    "|---|---:|---:|---:|---:|---:|\n");
	for (int e = 0; e < 3; e++) {
		char file[64];
		snprintf(file, sizeof file, "%s.txt", engines[e]);
		if (read_kv(dir, file, "build_s", &v[e][0]) < 0 ||
		    read_kv(dir, file, "index_bytes", &v[e][1]) < 0 ||
		    read_kv(dir, file, "p50_ms", &v[e][2]) < 0 ||
		    read_kv(dir, file, "p99_ms", &v[e][3]) < 0) {
			v[e][0] = -1;
			continue;
		}
		v[e][4] = recall_of(dir, engines[e]);
		if (read_kv(dir, file, "docs", &docsof[e]) < 0)
			docsof[e] = (double)ndocs;
		/* an engine given only the corpus's first documents says so */
		if (docsof[e] < (double)ndocs)
			fprintf(fp, "| %s (first %.0f documents only) | %.1f | %.1f | %.2f | %.2f | %.3f* |\n",
				names[e], docsof[e], v[e][0], v[e][1] / 1048576.0, v[e][2], v[e][3], v[e][4]);
		else
			fprintf(fp, "| %s | %.1f | %.1f | %.2f | %.2f | %.3f |\n", names[e], v[e][0],
				v[e][1] / 1048576.0, v[e][2], v[e][3], v[e][4]);
	}
	fprintf(fp, "\np50 (ms) by class of query:\n\n| engine | 2-char words | longer Chinese |"
		    " English | mixed |\n|---|---:|---:|---:|---:|\n");
	for (int e = 0; e < 3; e++) {
		char file[64];
		double c[4] = { -1, -1, -1, -1 };
		static const char *const keys[] = { "p50_zh2_ms", "p50_zh_ms", "p50_en_ms", "p50_mixed_ms" };
		snprintf(file, sizeof file, "%s.txt", engines[e]);
		if (v[e][0] < 0)
			continue;
		for (int k = 0; k < 4; k++) {
			read_kv(dir, file, keys[k], &c[k]);
			cls[e][k] = c[k];
		}
		fprintf(fp, "| %s | %.3f | %.3f | %.3f | %.3f |\n", names[e], c[0], c[1], c[2], c[3]);
	}
	if (v[0][0] >= 0) {
		fprintf(fp, "\nRatios, ours ÷ other (below 1 is better for ours; p50 by class of"
			    " query; a trigram index answers a two-character word with nothing at"
			    " once, so its overall p50 counts those empty answers):\n\n"
			    "| against | build | index size | p50 | p99 | p50 longer Chinese |"
			    " p50 English | p50 mixed |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
		for (int e = 1; e < 3; e++)
			if (v[e][0] >= 0)
				fprintf(fp, "| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |\n",
					names[e], v[0][0] / v[e][0], v[0][1] / v[e][1], v[0][2] / v[e][2],
					v[0][3] / v[e][3], cls[0][1] / cls[e][1], cls[0][2] / cls[e][2],
					cls[0][3] / cls[e][3]);
		if (v[2][0] >= 0 && docsof[2] < (double)ndocs)
			fprintf(fp, "\n\\* Xapian indexed the first %.0f documents only; its recall is"
				" counted against the whole corpus's documents holding each word, and"
				" its ratios compare a smaller index.\n", docsof[2]);
	}
	{
		double p50, p99;
		if (read_kv(dir, "product.txt", "p50_ms", &p50) == 0 &&
		    read_kv(dir, "product.txt", "p99_ms", &p99) == 0)
			fprintf(fp, "\nThe program's whole search on the same queries (ranking with"
				" activity and kind weights, facet counts over every match, re-ranking,"
				" highlighting): p50 %.2f ms, p99 %.2f ms.\n", p50, p99);
	}
	fclose(fp);
	free(p);
}

int main(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "prepare") == 0) {
		if (argc == 5 && strcmp(argv[3], "--db") == 0)
			corpus_from_db(argv[4]);
		else if (argc >= 5 && strcmp(argv[3], "--generate") == 0)
			corpus_generate((size_t)strtoull(argv[4], NULL, 10),
					argc >= 6 ? argv[5] : "data/demo");
		else
			die("usage: prepare DIR --db FILE | --generate N [DATA]", NULL);
		make_queries();
		count_truth();
		write_files(argv[2]);
		printf("prepare: %zu documents, %d queries in %s\n", ndocs, NQUERIES, argv[2]);
	} else if (argc == 3 && (strcmp(argv[1], "ours") == 0 || strcmp(argv[1], "trigram") == 0)) {
		if (strcmp(argv[1], "ours") == 0)
			run_ours(argv[2]);
		else
			run_trigram(argv[2]);
	} else if (argc == 4 && strcmp(argv[1], "product") == 0) {
		run_product(argv[2], argv[3]);
	} else if (argc == 3 && strcmp(argv[1], "eval") == 0) {
		eval(argv[2]);
	} else {
		die("usage: search_bench prepare|ours|trigram|product|eval DIR ...", NULL);
	}
	return 0;
}
