/*
 * overlap_bench.c — the duplicate detector (text/overlap.h) at the scale of
 * a national programme's history, against exact brute force.
 *
 * It builds a history of N generated guide items (default 1,000,000) and
 * measures:
 *
 *   1. single checks: one 3,000-character proposal against the history,
 *      the whole path a check takes — shingles, sketch, LSH candidates,
 *      exact verification of the candidates (their texts made again, as a
 *      database read would give them), words and TF-IDF for the closest —
 *      p50 and p99 over Q proposals;
 *   2. a round: R items (default 5,000) each checked against the history
 *      and against the round's other items, on T threads, wall time;
 *   3. brute force: the same proposals compared exactly (sorted shingle
 *      sets, merged) with every history item; its answers — every item
 *      whose copy score reaches the suspected threshold — are the truth
 *      for our recall, and its time per proposal the baseline of the
 *      speed-up.  Brute force runs over the first B proposals (default 20:
 *      each takes seconds); its round time is that per-proposal time
 *      times R, stated as extrapolated.
 *
 * The text is pseudo-Chinese: sentences of dictionary words (friso's
 * lex-main.lex, 2-4 characters) drawn with a Zipf law, field by field, so
 * shingle frequencies look like real technical Chinese, punctuated like it.
 * 5 % of the history items are variants of an earlier one (sentences
 * reordered, words inserted, part copied, text appended), as regions
 * repeat each other; 60 % of the proposals hold copies (whole or partial,
 * edited) of one to three history items.  Everything is deterministic for
 * a seed.
 *
 *   make build/overlap_bench   (or bench/overlap.sh, which also runs it)
 *   build/overlap_bench [-n N] [-q Q] [-r R] [-b B] [-t T] [-s SEED]
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "text/overlap.h"
#include "text/tfidf.h"
#include "text/tokenize.h"

#define SUSPECT 0.5
#define MIN_EST 0.3
#define MAX_CAND 100
#define TOPIC_FLOOR 0.2
#define DUPLICATE 0.8
#define FIELDS 16

/* ---- randomness and words ----------------------------------------------- */

static uint64_t mix(uint64_t z)
{
	z += 0x9E3779B97F4A7C15ull;
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

struct rng { uint64_t s; };
static uint64_t rnd(struct rng *r) { return mix(r->s++ * 0xD1B54A32D192ED03ull); }
static double rnd01(struct rng *r) { return (double)(rnd(r) >> 11) / 9007199254740992.0; }
static size_t below(struct rng *r, size_t n) { return n ? (size_t)(rnd(r) % n) : 0; }

static char **words;
static unsigned char *wlen;    /* bytes of each word */
static size_t nwords;
static double *zipf_cdf;       /* over ranks 0..nwords-1 */
static uint64_t seed0 = 1;

static void load_words(void)
{
	FILE *f = fopen("/usr/share/friso/dict/UTF-8/lex-main.lex", "r");
	char line[256];
	size_t cap = 0;
	if (f) {
		while (fgets(line, sizeof line, f)) {
			char *slash = strchr(line, '/');
			size_t len;
			if (slash)
				*slash = '\0';
			len = strlen(line);
			if (len < 6 || len > 12 || (unsigned char)line[0] < 0xE4)
				continue;   /* 2-4 CJK characters (3 bytes each) */
			if (nwords == cap) {
				cap = cap ? cap * 2 : 65536;
				words = realloc(words, cap * sizeof *words);
			}
			words[nwords++] = strdup(line);
		}
		fclose(f);
	}
	if (nwords < 1000) {
		/* no dictionary: random two-character words of common Han */
		fprintf(stderr, "overlap_bench: friso dictionary missing; random words\n");
		struct rng r = { 99 };
		nwords = 60000;
		words = realloc(words, nwords * sizeof *words);
		for (size_t i = 0; i < nwords; i++) {
			char w[7];
			for (int k = 0; k < 2; k++) {
				unsigned cp = 0x4E00 + (unsigned)below(&r, 3000);
				w[3 * k] = (char)(0xE0 | cp >> 12);
				w[3 * k + 1] = (char)(0x80 | ((cp >> 6) & 0x3F));
				w[3 * k + 2] = (char)(0x80 | (cp & 0x3F));
			}
			w[6] = '\0';
			words[i] = strdup(w);
		}
	}
	/* a fixed shuffle, then Zipf ranks (s = 1.05) */
	struct rng r = { 7 };
	for (size_t i = nwords - 1; i > 0; i--) {
		size_t j = below(&r, i + 1);
		char *t = words[i];
		words[i] = words[j];
		words[j] = t;
	}
	wlen = malloc(nwords);
	for (size_t i = 0; i < nwords; i++)
		wlen[i] = (unsigned char)strlen(words[i]);
	zipf_cdf = malloc(nwords * sizeof *zipf_cdf);
	double s = 0;
	for (size_t i = 0; i < nwords; i++)
		zipf_cdf[i] = (s += 1.0 / pow((double)i + 1, 1.05));
	for (size_t i = 0; i < nwords; i++)
		zipf_cdf[i] /= s;
}

/* A word of field f: Zipf rank, then a field-specific rotation of the
 * ranks past the 300 most common (shared by all fields). */
static size_t word(struct rng *r, int field)
{
	double u = rnd01(r);
	size_t lo = 0, hi = nwords - 1;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (zipf_cdf[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo >= 300)
		lo = 300 + (lo - 300 + (size_t)field * 7919) % (nwords - 300);
	return lo;
}

/* ---- texts -------------------------------------------------------------- */

struct sb { char *s; size_t len, cap; };

static void sb_add(struct sb *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = realloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void sb_adds(struct sb *b, const char *s) { sb_add(b, s, strlen(s)); }

/* Fresh sentences of field f until the text has `chars` characters. */
static void fresh(struct rng *r, int field, size_t chars, struct sb *b)
{
	size_t have = 0;
	while (have < chars) {
		size_t n = 4 + below(r, 8);
		for (size_t k = 0; k < n; k++) {
			size_t w = word(r, field);
			sb_add(b, words[w], wlen[w]);
			have += wlen[w] / 3;
			if (k + 1 < n && below(r, 5) == 0) {
				sb_adds(b, "，");
				have++;
			}
		}
		sb_adds(b, below(r, 4) ? "。" : "；");
		have++;
	}
}

/* Splits text into sentences (ending with 。 or ；), as offsets. */
static size_t split(const char *t, size_t len, size_t *from, size_t *to, size_t max)
{
	size_t n = 0, start = 0;
	for (size_t i = 0; i + 3 <= len && n < max; ) {
		if ((unsigned char)t[i] == 0xE3 && (unsigned char)t[i + 1] == 0x80 &&
		    (unsigned char)t[i + 2] == 0x82) {
			from[n] = start;
			to[n++] = i + 3;
			start = i + 3;
			i += 3;
		} else if ((unsigned char)t[i] == 0xEF && (unsigned char)t[i + 1] == 0xBC &&
			   (unsigned char)t[i + 2] == 0x9B) {
			from[n] = start;
			to[n++] = i + 3;
			start = i + 3;
			i += 3;
		} else {
			i++;
		}
	}
	if (start < len && n < max) {
		from[n] = start;
		to[n++] = len;
	}
	return n;
}

/* An edited copy of src (frac of its sentences, from a random start, in a
 * possibly shuffled order, with a few inserted words) appended to b. */
static void copy_edit(struct rng *r, const char *src, size_t len, double frac, int shuffle,
		      int inserts, int field, struct sb *b)
{
	static __thread size_t from[4096], to[4096], ord[4096];
	size_t n = split(src, len, from, to, 4096), take, start;
	if (!n)
		return;
	take = (size_t)ceil(frac * (double)n);
	if (take > n)
		take = n;
	start = below(r, n - take + 1);
	for (size_t i = 0; i < take; i++)
		ord[i] = start + i;
	if (shuffle)
		for (size_t i = take - 1; i > 0; i--) {
			size_t j = below(r, i + 1), t = ord[i];
			ord[i] = ord[j];
			ord[j] = t;
		}
	for (size_t i = 0; i < take; i++) {
		size_t f = from[ord[i]], t = to[ord[i]];
		if (inserts && below(r, 3) == 0 && t - f > 12) {
			size_t cut = f + 3 * below(r, (t - f) / 3);
			size_t w = word(r, field);
			sb_add(b, src + f, cut - f);
			sb_add(b, words[w], wlen[w]);
			sb_add(b, src + cut, t - cut);
		} else {
			sb_add(b, src + f, t - f);
		}
	}
}

/* History item i: its field, and its text into b (replaced). */
static int history_field(size_t i) { return (int)(mix(i ^ seed0 << 40) % FIELDS); }

static void history_text(size_t i, struct sb *b)
{
	struct rng r = { mix(i * 31 + seed0) };
	int field = history_field(i);
	double u = rnd01(&r);
	b->len = 0;
	sb_adds(b, "");
	/* a log-normal length around 600 characters, 150..4000 */
	double l = exp(log(600) + 0.6 * sqrt(-2 * log(rnd01(&r) + 1e-12)) * cos(6.283185 * rnd01(&r)));
	size_t chars = l < 150 ? 150 : l > 4000 ? 4000 : (size_t)l;
	if (i >= 100 && u < 0.05) {
		/* a variant of an earlier item */
		struct sb src = { 0 };
		size_t j = below(&r, i);
		int kind = (int)below(&r, 4);
		history_text(j, &src);
		field = history_field(j);
		switch (kind) {
		case 0: copy_edit(&r, src.s, src.len, 1.0, 1, 0, field, b); break;       /* reordered */
		case 1: copy_edit(&r, src.s, src.len, 1.0, 0, 1, field, b); break;       /* words inserted */
		case 2: copy_edit(&r, src.s, src.len, 0.4 + 0.5 * rnd01(&r), 0, 0, field, b);
			fresh(&r, field, chars / 2, b); break;                             /* part copied */
		default: copy_edit(&r, src.s, src.len, 1.0, 0, 0, field, b);
			fresh(&r, field, chars, b); break;                                 /* appended */
		}
		free(src.s);
		return;
	}
	fresh(&r, field, chars, b);
}

/* Proposal q: about 3,000 characters. */
static void proposal_text(size_t q, size_t nhist, size_t target, struct sb *b)
{
	struct rng r = { mix(q * 77 + 12345 + seed0) };
	int field = (int)below(&r, FIELDS);
	double u = rnd01(&r);
	b->len = 0;
	sb_adds(b, "");
	if (u < 0.6) {
		int copies = 1 + (int)below(&r, 3);
		for (int k = 0; k < copies; k++) {
			struct sb src = { 0 };
			size_t j = below(&r, nhist);
			history_text(j, &src);
			copy_edit(&r, src.s, src.len, 0.3 + 0.7 * rnd01(&r), below(&r, 2), 1,
				  history_field(j), b);
			free(src.s);
		}
	}
	if (b->len / 3 < target)
		fresh(&r, field, target - b->len / 3, b);
}

/* ---- the checker -------------------------------------------------------- */

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* This thread's CPU time: the machine may be shared, and CPU time is
 * what a check costs whatever else runs. */
static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Time spent in each step of the checks, CPU seconds. */
static __thread double st_prep, st_query, st_verify, st_topic;

struct found { int64_t id; double score; };

struct checker {
	struct tokenizer *tk;
	struct sb text;
};

static size_t nhistory;

/* The whole check of one text: returns the number of items whose copy
 * score reaches SUSPECT (ids into out, at most max). */
static size_t check(struct checker *ck, const struct ov_index *ix, const char *t, size_t len,
		    const struct tfidf_df *df, int64_t *out, size_t max, size_t *ncand)
{
	struct ov_doc d = { { NULL, t, NULL }, { 0, len, 0 } };
	struct ov_text qt;
	struct ov_sketch qs;
	struct ov_cand *c = NULL;
	struct tfidf_vec qv = TFIDF_VEC_INIT;
	size_t nc = 0, nf = 0;
	int have_qv = 0;

	double t0 = cpu_now(), t1;
	ov_text_prepare(&d, &qt);
	ov_sketch_make(&qt, &qs);
	t1 = cpu_now();
	st_prep += t1 - t0;
	ov_index_query(ix, &qs, MIN_EST, MAX_CAND, NULL, NULL, &c, &nc);
	t0 = cpu_now();
	st_query += t0 - t1;
	*ncand = nc;
	for (size_t i = 0; i < nc; i++) {
		struct ov_doc hd = { { NULL, NULL, NULL }, { 0, 0, 0 } };
		struct ov_text ht;
		struct ov_score sc;
		history_text((size_t)c[i].id, &ck->text);
		hd.text[OV_CONTENT] = ck->text.s;
		hd.len[OV_CONTENT] = ck->text.len;
		ov_text_prepare(&hd, &ht);
		ov_compare(&qt, &ht, &sc);
		if (sc.copy >= TOPIC_FLOOR && sc.copy < DUPLICATE && i < 10) {
			double tt = cpu_now();
			/* the words of both, for the topical part of the score */
			struct tfidf_vec hv = TFIDF_VEC_INIT;
			const char *tx[1] = { ck->text.s };
			size_t lx[1] = { ck->text.len };
			if (!have_qv) {
				const char *qx[1] = { t };
				size_t ql[1] = { len };
				tfidf_vec_make(ck->tk, qx, ql, 1, &qv);
				have_qv = 1;
			}
			tfidf_vec_make(ck->tk, tx, lx, 1, &hv);
			ov_score_topic(&sc, tfidf_cosine(&qv, &hv, df));
			tfidf_vec_release(&hv);
			st_topic += cpu_now() - tt;
		}
		if (sc.copy >= SUSPECT && nf < max)
			out[nf++] = c[i].id;
		ov_text_release(&ht);
	}
	free(c);
	tfidf_vec_release(&qv);
	ov_sketch_release(&qs);
	ov_text_release(&qt);
	st_verify += cpu_now() - t0;
	return nf;
}

/* ---- brute force -------------------------------------------------------- */

static uint32_t **bf_set;      /* each history item's sorted distinct shingles (low 32 bits) */
static uint32_t *bf_n;

static size_t common32(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	size_t i = 0, j = 0, c = 0;
	while (i < na && j < nb) {
		if (a[i] < b[j])
			i++;
		else if (a[i] > b[j])
			j++;
		else {
			c++;
			i++;
			j++;
		}
	}
	return c;
}

static uint32_t *to32(const struct shset *s, uint32_t *n)
{
	uint32_t *v = malloc((s->n ? s->n : 1) * sizeof *v);
	uint32_t *tmp = malloc((s->n ? s->n : 1) * sizeof *tmp);
	size_t k = 0;
	for (size_t i = 0; i < s->n; i++)
		v[i] = (uint32_t)s->h[i];
	for (int shift = 0; shift < 32; shift += 8) {
		size_t count[257] = { 0 };
		for (size_t i = 0; i < s->n; i++)
			count[((v[i] >> shift) & 0xFF) + 1]++;
		for (int b = 0; b < 256; b++)
			count[b + 1] += count[b];
		for (size_t i = 0; i < s->n; i++)
			tmp[count[(v[i] >> shift) & 0xFF]++] = v[i];
		memcpy(v, tmp, s->n * sizeof *v);
	}
	free(tmp);
	for (size_t i = 0; i < s->n; i++)
		if (!k || v[k - 1] != v[i])
			v[k++] = v[i];
	*n = (uint32_t)k;
	return v;
}

/* ---- the round, on threads ---------------------------------------------- */

struct round_job {
	const struct ov_index *hist, *round;
	const struct tfidf_df *df;
	size_t from, to, nround;
	size_t found, pairs;
};

static void round_text(size_t k, size_t nround, struct sb *b)
{
	struct rng r = { mix(k * 131 + 999 + seed0) };
	(void)nround;
	/* a guide item: 500..3000 characters; a quarter hold part of the
	 * history, a tenth repeat another item of the round */
	size_t chars = 500 + below(&r, 2500);
	b->len = 0;
	sb_adds(b, "");
	if (k >= 10 && below(&r, 10) == 0) {
		struct sb src = { 0 };
		round_text(below(&r, k), nround, &src);
		copy_edit(&r, src.s, src.len, 0.5 + 0.5 * rnd01(&r), below(&r, 2), 1, 0, b);
		free(src.s);
	} else if (below(&r, 4) == 0) {
		struct sb src = { 0 };
		size_t j = below(&r, nhistory);
		history_text(j, &src);
		copy_edit(&r, src.s, src.len, 0.5 + 0.5 * rnd01(&r), 0, 1, history_field(j), b);
		free(src.s);
	}
	if (b->len / 3 < chars)
		fresh(&r, (int)below(&r, FIELDS), chars - b->len / 3, b);
}

static void *round_worker(void *arg)
{
	struct round_job *j = arg;
	struct checker ck = { tokenizer_new(), { 0 } };
	struct sb t = { 0 };
	int64_t ids[256];
	for (size_t k = j->from; k < j->to; k++) {
		size_t nc;
		round_text(k, j->nround, &t);
		j->found += check(&ck, j->hist, t.s, t.len, j->df, ids, 256, &nc);
		/* and against the round (its sketches are in j->round) */
		{
			struct ov_doc d = { { NULL, t.s, NULL }, { 0, t.len, 0 } };
			struct ov_text qt;
			struct ov_sketch qs;
			struct ov_cand *c = NULL;
			size_t n = 0;
			ov_text_prepare(&d, &qt);
			ov_sketch_make(&qt, &qs);
			ov_index_query(j->round, &qs, MIN_EST, MAX_CAND, NULL, NULL, &c, &n);
			for (size_t i = 0; i < n; i++) {
				struct sb o = { 0 };
				struct ov_doc od = { { NULL, NULL, NULL }, { 0, 0, 0 } };
				struct ov_text ot;
				struct ov_score sc;
				if ((size_t)c[i].id == k)
					continue;
				round_text((size_t)c[i].id, j->nround, &o);
				od.text[OV_CONTENT] = o.s;
				od.len[OV_CONTENT] = o.len;
				ov_text_prepare(&od, &ot);
				ov_compare(&qt, &ot, &sc);
				j->pairs += sc.copy >= SUSPECT;
				ov_text_release(&ot);
				free(o.s);
			}
			free(c);
			ov_sketch_release(&qs);
			ov_text_release(&qt);
		}
	}
	free(t.s);
	free(ck.text.s);
	tokenizer_free(ck.tk);
	return NULL;
}

/* ---- main --------------------------------------------------------------- */

static int dcmp(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return a < b ? -1 : a > b;
}

int main(int argc, char **argv)
{
	size_t n = 1000000, nq = 200, nr = 5000, nb = 20;
	int threads = 2, opt;
	struct ov_index *ix;
	struct tfidf_df *df;
	struct checker ck;
	struct sb t = { 0 };
	double t0, t_build, *lat;
	size_t truth = 0, hit = 0, cand_total = 0;

	while ((opt = getopt(argc, argv, "n:q:r:b:t:s:")) != -1) {
		switch (opt) {
		case 'n': n = strtoul(optarg, NULL, 10); break;
		case 'q': nq = strtoul(optarg, NULL, 10); break;
		case 'r': nr = strtoul(optarg, NULL, 10); break;
		case 'b': nb = strtoul(optarg, NULL, 10); break;
		case 't': threads = (int)strtol(optarg, NULL, 10); break;
		case 's': seed0 = strtoull(optarg, NULL, 10); break;
		default:
			fprintf(stderr, "usage: %s [-n N] [-q Q] [-r R] [-b B] [-t T] [-s SEED]\n", argv[0]);
			return 2;
		}
	}
	if (nb > nq)
		nb = nq;
	setvbuf(stdout, NULL, _IOLBF, 0);
	nhistory = n;
	load_words();
	tokenizer_global_init(NULL);
	ck.tk = tokenizer_new();
	ck.text = (struct sb){ 0 };
	ix = ov_index_new();
	df = tfidf_df_new();
	bf_set = calloc(n, sizeof *bf_set);
	bf_n = calloc(n, sizeof *bf_n);

	/* the history: sketches into the index, shingle sets for brute force,
	 * words of every 500th item for document frequencies */
	printf("history: %zu generated items\n", n);
	t0 = now();
	size_t chars = 0;
	double t_words = 0;
	for (size_t i = 0; i < n; i++) {
		struct ov_doc d = { { NULL, NULL, NULL }, { 0, 0, 0 } };
		struct ov_text ht;
		struct ov_sketch hs;
		history_text(i, &t);
		chars += t.len / 3;
		d.text[OV_CONTENT] = t.s;
		d.len[OV_CONTENT] = t.len;
		ov_text_prepare(&d, &ht);
		ov_sketch_make(&ht, &hs);
		ov_index_put(ix, (int64_t)i, 0, &hs);
		bf_set[i] = to32(&ht.all, &bf_n[i]);
		if (i % 500 == 0) {
			double tw = now();
			struct tfidf_vec v = TFIDF_VEC_INIT;
			const char *tx[1] = { t.s };
			size_t lx[1] = { t.len };
			tfidf_vec_make(ck.tk, tx, lx, 1, &v);
			tfidf_df_add(df, &v, 1);
			tfidf_vec_release(&v);
			t_words += now() - tw;
		}
		ov_sketch_release(&hs);
		ov_text_release(&ht);
		if (i && i % 100000 == 0)
			fprintf(stderr, "  %zu items, %.1f s\n", i, now() - t0);
	}
	t_build = now() - t0;
	printf("  %.0f characters on average; built in %.1f s (%.0f items/s, sets for brute force included);"
	       " index %.0f MB\n", (double)chars / (double)n, t_build, (double)n / t_build,
	       (double)ov_index_bytes(ix) / 1e6);

	/* single checks */
	lat = calloc(nq, sizeof *lat);
	double *clat = calloc(nq, sizeof *clat);
	int64_t (*ours)[256] = calloc(nq, sizeof *ours);
	size_t *nours = calloc(nq, sizeof *nours);
	for (size_t q = 0; q < nq; q++) {
		size_t nc;
		double c0;
		proposal_text(q, n, 3000, &t);
		t0 = now();
		c0 = cpu_now();
		nours[q] = check(&ck, ix, t.s, t.len, df, ours[q], 256, &nc);
		lat[q] = now() - t0;
		clat[q] = cpu_now() - c0;
		cand_total += nc;
	}
	double *sorted = malloc(nq * sizeof *sorted), mean = 0;
	memcpy(sorted, lat, nq * sizeof *sorted);
	qsort(sorted, nq, sizeof *sorted, dcmp);
	for (size_t q = 0; q < nq; q++)
		mean += lat[q] / (double)nq;
	double p50 = sorted[nq / 2], p99 = sorted[(size_t)ceil(0.99 * (double)nq) - 1];
	printf("single check (3,000 characters, %zu proposals): p50 %.2f ms, p99 %.2f ms,"
	       " mean %.2f ms (wall); %.1f candidates verified on average\n",
	       nq, p50 * 1e3, p99 * 1e3, mean * 1e3, (double)cand_total / (double)nq);
	qsort(clat, nq, sizeof *clat, dcmp);
	printf("  CPU time: p50 %.2f ms, p99 %.2f ms; per check: shingles and sketch %.2f ms,"
	       " candidates %.2f ms, verification %.2f ms, of which words and TF-IDF %.2f ms\n",
	       clat[nq / 2] * 1e3, clat[(size_t)ceil(0.99 * (double)nq) - 1] * 1e3,
	       st_prep / (double)nq * 1e3, st_query / (double)nq * 1e3,
	       (st_verify) / (double)nq * 1e3, st_topic / (double)nq * 1e3);

	/* brute force over the first nb proposals */
	double t_bf = 0, c_bf = 0;
	for (size_t q = 0; q < nb; q++) {
		struct ov_doc d = { { NULL, NULL, NULL }, { 0, 0, 0 } };
		struct ov_text qt;
		uint32_t qn, *qset;
		double c0;
		proposal_text(q, n, 3000, &t);
		t0 = now();
		c0 = cpu_now();
		d.text[OV_CONTENT] = t.s;
		d.len[OV_CONTENT] = t.len;
		ov_text_prepare(&d, &qt);
		qset = to32(&qt.all, &qn);
		size_t tq = 0, hq = 0;
		for (size_t i = 0; i < n; i++) {
			size_t c = common32(qset, qn, bf_set[i], bf_n[i]);
			size_t small = qn < bf_n[i] ? qn : bf_n[i];
			double copy = (double)c / (double)(small > OV_MIN_SET ? small : OV_MIN_SET);
			if (copy >= SUSPECT) {
				size_t k;
				tq++;
				for (k = 0; k < nours[q]; k++)
					if (ours[q][k] == (int64_t)i) {
						hq++;
						break;
					}
				if (k == nours[q] && getenv("OVERLAP_BENCH_VERBOSE"))
					fprintf(stderr, "  missed: proposal %zu, item %zu: %zu shingles,"
						" %u in common, copy %.3f, Jaccard %.3f\n", q, i,
						(size_t)bf_n[i], (unsigned)c, copy,
						(double)c / (double)(qn + bf_n[i] - c));
			}
		}
		t_bf += now() - t0;
		c_bf += cpu_now() - c0;
		truth += tq;
		hit += hq;
		free(qset);
		ov_text_release(&qt);
	}
	double bf_per = nb ? t_bf / (double)nb : 0, bf_cpu = nb ? c_bf / (double)nb : 0;
	printf("brute force (%zu proposals, exact shingle sets merged with all %zu items):"
	       " %.0f ms per proposal (wall), %.0f ms CPU\n", nb, n, bf_per * 1e3, bf_cpu * 1e3);
	printf("recall against brute force: %zu of %zu items at copy >= %.1f found (%.4f)\n",
	       hit, truth, SUSPECT, truth ? (double)hit / (double)truth : 1.0);
	{
		double cmean = 0;
		for (size_t q = 0; q < nq; q++)
			cmean += clat[q] / (double)nq;
		printf("speed-up over brute force: %.0fx at p50, %.0fx at the mean (wall);"
		       " %.0fx at p50, %.0fx at the mean (CPU)\n", bf_per / p50, bf_per / mean,
		       bf_cpu / clat[nq / 2], bf_cpu / cmean);
	}

	/* the round */
	if (nr) {
		struct ov_index *rix = ov_index_new();
		pthread_t *th = calloc((size_t)threads, sizeof *th);
		struct round_job *jobs = calloc((size_t)threads, sizeof *jobs);
		size_t found = 0, pairs = 0;
		t0 = now();
		for (size_t k = 0; k < nr; k++) {
			struct ov_doc d = { { NULL, NULL, NULL }, { 0, 0, 0 } };
			struct ov_text rt;
			struct ov_sketch rs;
			round_text(k, nr, &t);
			d.text[OV_CONTENT] = t.s;
			d.len[OV_CONTENT] = t.len;
			ov_text_prepare(&d, &rt);
			ov_sketch_make(&rt, &rs);
			ov_index_put(rix, (int64_t)k, 0, &rs);
			ov_sketch_release(&rs);
			ov_text_release(&rt);
		}
		for (int k = 0; k < threads; k++) {
			jobs[k] = (struct round_job){ ix, rix, df, nr * (size_t)k / (size_t)threads,
						      nr * (size_t)(k + 1) / (size_t)threads, nr, 0, 0 };
			pthread_create(&th[k], NULL, round_worker, &jobs[k]);
		}
		for (int k = 0; k < threads; k++) {
			pthread_join(th[k], NULL);
			found += jobs[k].found;
			pairs += jobs[k].pairs;
		}
		double t_round = now() - t0;
		printf("round of %zu items (500-3,000 characters) against the history and each other,"
		       " %d threads: %.1f s wall; %zu history overlaps, %zu round pair hits\n",
		       nr, threads, t_round, found, pairs);
		printf("brute force for the round (extrapolated: %zu x %.0f ms, one thread): %.0f s;"
		       " speed-up %.0fx (per thread %.0fx)\n", nr, bf_per * 1e3, bf_per * (double)nr,
		       bf_per * (double)nr / t_round, bf_per * (double)nr / (t_round * threads));
		ov_index_free(rix);
		free(th);
		free(jobs);
	}
	printf("document frequencies from %zu items (%.1f s of word segmentation)\n",
	       tfidf_df_docs(df), t_words);

	for (size_t i = 0; i < n; i++)
		free(bf_set[i]);
	free(bf_set);
	free(bf_n);
	free(lat);
	free(clat);
	free(sorted);
	free(ours);
	free(nours);
	free(t.s);
	free(ck.text.s);
	tokenizer_free(ck.tk);
	tfidf_df_free(df);
	ov_index_free(ix);
	tokenizer_global_free();
	for (size_t i = 0; i < nwords; i++)
		free(words[i]);
	free(words);
	free(wlen);
	free(zipf_cdf);
	return 0;
}
