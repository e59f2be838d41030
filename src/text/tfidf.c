/*
 * tfidf.c — word vectors, document frequencies, cosine.  See tfidf.h.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "text/tfidf.h"
#include "text/tokenize.h"
#include "core/banned.h"

/* ---- vectors ------------------------------------------------------------ */

struct collect {
	uint64_t *h;
	size_t n, cap;
	int oom;
};

static int on_word(void *arg, const struct tok *t)
{
	struct collect *c = arg;
	uint64_t h = 0xCBF29CE484222325ull;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 256;
		uint64_t *nh = realloc(c->h, cap * sizeof *nh);
		if (!nh) {
			c->oom = 1;
			return 1;
		}
		c->h = nh;
		c->cap = cap;
	}
	for (size_t i = 0; i < t->len; i++)
		h = (h ^ (unsigned char)t->text[i]) * 0x100000001B3ull;
	h ^= h >> 29;
	h *= 0xBF58476D1CE4E5B9ull;
	h ^= h >> 32;
	c->h[c->n++] = h;
	return 0;
}

void tfidf_vec_release(struct tfidf_vec *v)
{
	free(v->term);
	free(v->tf);
	memset(v, 0, sizeof *v);
}

static void insertion_sort(uint64_t *h, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		uint64_t x = h[i];
		size_t k = i;
		while (k > 0 && h[k - 1] > x) {
			h[k] = h[k - 1];
			k--;
		}
		h[k] = x;
	}
}

int tfidf_vec_make(struct tokenizer *tk, const char *const *t, const size_t *len, size_t n,
		   struct tfidf_vec *out)
{
	struct collect c = { 0 };
	uint64_t *tmp = NULL;
	size_t k = 0;
	int rc = -1;

	tfidf_vec_release(out);
	for (size_t i = 0; i < n; i++) {
		int r;
		if (!t[i] || !len[i])
			continue;
		r = tokenizer_run(tk, TOK_WORDS, t[i], len[i], on_word, &c);
		if (r != 0 || c.oom)
			goto out;
	}
	if (c.n == 0) {
		rc = 0;
		goto out;
	}
	/* sort the hashes with their repeats (radix for long texts) */
	if (c.n > 48) {
		uint64_t *src = c.h, *dst;
		if (!(tmp = malloc(c.n * sizeof *tmp)))
			goto out;
		dst = tmp;
		for (int shift = 0; shift < 64; shift += 8) {
			size_t count[257] = { 0 };
			for (size_t i = 0; i < c.n; i++)
				count[((src[i] >> shift) & 0xFF) + 1]++;
			for (int b = 0; b < 256; b++)
				count[b + 1] += count[b];
			for (size_t i = 0; i < c.n; i++)
				dst[count[(src[i] >> shift) & 0xFF]++] = src[i];
			uint64_t *x = src;
			src = dst;
			dst = x;
		}
		/* eight passes: the sorted values are back in c.h */
	} else {
		insertion_sort(c.h, c.n);
	}
	out->term = malloc(c.n * sizeof *out->term);
	out->tf = malloc(c.n * sizeof *out->tf);
	if (!out->term || !out->tf)
		goto out;
	for (size_t i = 0; i < c.n; i++) {
		if (k && out->term[k - 1] == c.h[i]) {
			if (out->tf[k - 1] < UINT32_MAX)
				out->tf[k - 1]++;
			continue;
		}
		out->term[k] = c.h[i];
		out->tf[k] = 1;
		k++;
	}
	out->n = k;
	rc = 0;
out:
	free(c.h);
	free(tmp);
	if (rc < 0)
		tfidf_vec_release(out);
	return rc;
}

#define VEC_HEAD 8
#define VEC_ITEM 12

int tfidf_vec_encode(const struct tfidf_vec *v, unsigned char **blob, size_t *n)
{
	size_t len = VEC_HEAD + v->n * VEC_ITEM;
	unsigned char *b;

	*blob = NULL;
	*n = 0;
	if (v->n > UINT32_MAX || !(b = malloc(len)))
		return -1;
	memcpy(b, "TF1", 4);
	for (int i = 0; i < 4; i++)
		b[4 + i] = (unsigned char)(v->n >> (8 * i));
	for (size_t k = 0; k < v->n; k++) {
		unsigned char *p = b + VEC_HEAD + k * VEC_ITEM;
		for (int i = 0; i < 8; i++)
			p[i] = (unsigned char)(v->term[k] >> (8 * i));
		for (int i = 0; i < 4; i++)
			p[8 + i] = (unsigned char)(v->tf[k] >> (8 * i));
	}
	*blob = b;
	*n = len;
	return 0;
}

int tfidf_vec_decode(const void *blob, size_t n, struct tfidf_vec *out)
{
	const unsigned char *b = blob;
	size_t cnt = 0;

	memset(out, 0, sizeof *out);
	if (!b || n < VEC_HEAD || memcmp(b, "TF1", 4) != 0)
		return -1;
	for (int i = 0; i < 4; i++)
		cnt |= (size_t)b[4 + i] << (8 * i);
	if (n != VEC_HEAD + cnt * VEC_ITEM)
		return -1;
	if (cnt == 0)
		return 0;
	out->term = malloc(cnt * sizeof *out->term);
	out->tf = malloc(cnt * sizeof *out->tf);
	if (!out->term || !out->tf) {
		tfidf_vec_release(out);
		return -1;
	}
	for (size_t k = 0; k < cnt; k++) {
		const unsigned char *p = b + VEC_HEAD + k * VEC_ITEM;
		uint64_t t = 0;
		uint32_t f = 0;
		for (int i = 0; i < 8; i++)
			t |= (uint64_t)p[i] << (8 * i);
		for (int i = 0; i < 4; i++)
			f |= (uint32_t)p[8 + i] << (8 * i);
		if ((k && t <= out->term[k - 1]) || f == 0) {
			tfidf_vec_release(out);
			return -1;   /* not ascending, or a zero count */
		}
		out->term[k] = t;
		out->tf[k] = f;
	}
	out->n = cnt;
	return 0;
}

/* ---- document frequencies ----------------------------------------------- */

struct dfslot {
	uint64_t term;
	uint32_t df;        /* 0: empty */
};

struct tfidf_df {
	struct dfslot *s;
	unsigned bits;
	size_t used, docs;
};

struct tfidf_df *tfidf_df_new(void)
{
	struct tfidf_df *df = calloc(1, sizeof *df);
	if (!df)
		return NULL;
	df->bits = 10;
	if (!(df->s = calloc((size_t)1 << df->bits, sizeof *df->s))) {
		free(df);
		return NULL;
	}
	return df;
}

void tfidf_df_free(struct tfidf_df *df)
{
	if (!df)
		return;
	free(df->s);
	free(df);
}

size_t tfidf_df_docs(const struct tfidf_df *df)
{
	return df->docs;
}

static struct dfslot *df_slot(struct dfslot *s, unsigned bits, uint64_t term)
{
	size_t mask = ((size_t)1 << bits) - 1, i = (size_t)(term >> (64 - bits));
	while (s[i].df && s[i].term != term)
		i = (i + 1) & mask;
	return &s[i];
}

static int df_reserve(struct tfidf_df *df, size_t more)
{
	unsigned bits = df->bits;
	struct dfslot *ns;
	while ((df->used + more) * 2 > ((size_t)1 << bits))
		bits++;
	if (bits == df->bits)
		return 0;
	if (bits > 40 || !(ns = calloc((size_t)1 << bits, sizeof *ns)))
		return -1;
	for (size_t i = 0; i < ((size_t)1 << df->bits); i++)
		if (df->s[i].df)
			*df_slot(ns, bits, df->s[i].term) = df->s[i];
	free(df->s);
	df->s = ns;
	df->bits = bits;
	return 0;
}

int tfidf_df_add(struct tfidf_df *df, const struct tfidf_vec *v, int sign)
{
	if (sign > 0) {
		if (df_reserve(df, v->n) < 0)
			return -1;
		for (size_t i = 0; i < v->n; i++) {
			struct dfslot *s = df_slot(df->s, df->bits, v->term[i]);
			if (!s->df) {
				s->term = v->term[i];
				df->used++;
			}
			if (s->df < UINT32_MAX)
				s->df++;
		}
		df->docs++;
		return 0;
	}
	/* counts never reach 0 again (an empty slot would break the probe
	 * runs behind it): a word whose documents all left keeps df 1 */
	for (size_t i = 0; i < v->n; i++) {
		struct dfslot *s = df_slot(df->s, df->bits, v->term[i]);
		if (s->df > 1)
			s->df--;
	}
	if (df->docs)
		df->docs--;
	return 0;
}

static double idf(const struct tfidf_df *df, uint64_t term)
{
	const struct dfslot *s;
	if (!df || !df->docs)
		return 1;
	s = df_slot(df->s, df->bits, term);
	return log(((double)df->docs + 1) / ((double)(s->df) + 1)) + 1;
}

double tfidf_cosine(const struct tfidf_vec *a, const struct tfidf_vec *b,
		    const struct tfidf_df *df)
{
	double dot = 0, na = 0, nb = 0;
	size_t i = 0, j = 0;

	if (!a->n || !b->n)
		return 0;
	while (i < a->n || j < b->n) {
		if (j == b->n || (i < a->n && a->term[i] < b->term[j])) {
			double w = (1 + log(a->tf[i])) * idf(df, a->term[i]);
			na += w * w;
			i++;
		} else if (i == a->n || b->term[j] < a->term[i]) {
			double w = (1 + log(b->tf[j])) * idf(df, b->term[j]);
			nb += w * w;
			j++;
		} else {
			double d = idf(df, a->term[i]);
			double wa = (1 + log(a->tf[i])) * d, wb = (1 + log(b->tf[j])) * d;
			dot += wa * wb;
			na += wa * wa;
			nb += wb * wb;
			i++;
			j++;
		}
	}
	if (na <= 0 || nb <= 0)
		return 0;
	dot /= sqrt(na) * sqrt(nb);
	return dot > 1 ? 1 : dot < 0 ? 0 : dot;
}
