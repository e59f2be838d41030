/*
 * fuzz_overlap.c — libFuzzer target for the duplicate detector's engine
 * (text/shingle.h, minhash.h, lsh.h, overlap.h, tfidf.h).
 *
 * The input is cut at its first two 0x01 bytes into up to three parts of
 * text A, and the rest — after a 0x02 byte — is text B (missing pieces are
 * empty).  For any bytes it checks: preparing, comparing, sketching and
 * passages succeed; every score lies in [0, 1] and the comparison is
 * symmetric; a text compared with itself has copy 1 (when it has
 * shingles); shingle and passage byte ranges lie inside their part, start
 * before they end, begin and end with whole characters, and passages are
 * sorted and disjoint; a sketch survives encoding and decoding; the
 * index finds a text put into it under its own id; and the decoders of
 * stored sketches and word vectors refuse or accept the raw input without
 * reading out of bounds.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core/utf8.h"
#include "text/overlap.h"
#include "text/tfidf.h"
#include "text/tokenize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(x) do { if (!(x)) abort(); } while (0)

static struct tokenizer *tk;

/* 1 if a whole character starts at t[at] (so a range starting there
 * never splits one), even in a text that is not all valid UTF-8. */
static int starts_char(const char *t, size_t len, size_t at)
{
	uint32_t cp;
	return at < len && utf8_decode(t + at, len - at, &cp) > 0;
}

/* 1 if a whole character ends at t[at - 1]. */
static int ends_char(const char *t, size_t at)
{
	uint32_t cp;
	for (size_t k = 1; k <= 4 && k <= at; k++)
		if (utf8_decode(t + at - k, k, &cp) == k)
			return 1;
	return 0;
}

static void check_ranges(const struct ov_text *t, const struct ov_doc *d)
{
	for (int p = 0; p < OV_PARTS; p++) {
		const struct shingles *s = &t->part[p];
		for (size_t i = 0; i < s->n; i++) {
			CHECK(s->start[i] < s->end[i]);
			CHECK(s->end[i] <= d->len[p]);
			CHECK(starts_char(d->text[p], d->len[p], s->start[i]));
			CHECK(ends_char(d->text[p], s->end[i]));
		}
	}
}

static void check_score(const struct ov_score *s)
{
	CHECK(s->score >= 0 && s->score <= 1);
	CHECK(s->copy >= 0 && s->copy <= 1);
	CHECK(s->jaccard >= 0 && s->jaccard <= 1);
	CHECK(s->contain_a >= 0 && s->contain_a <= 1);
	CHECK(s->contain_b >= 0 && s->contain_b <= 1);
	for (int p = 0; p < OV_PARTS; p++)
		CHECK(s->part[p] <= 1);
}

static void check_passages(const struct ov_text *t, const struct ov_doc *d,
			   const struct shset *other)
{
	for (int p = 0; p < OV_PARTS; p++) {
		struct hl_range *r;
		size_t n;
		CHECK(ov_passages(t, p, other, &r, &n) == 0);
		for (size_t i = 0; i < n; i++) {
			CHECK(r[i].start < r[i].end && r[i].end <= d->len[p]);
			if (i)
				CHECK(r[i].start > r[i - 1].end);
		}
		free(r);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	struct ov_doc a = { { NULL, NULL, NULL }, { 0, 0, 0 } }, b = a;
	struct ov_text ta, tb;
	struct ov_score s1, s2;
	struct ov_sketch sk, back;
	struct tfidf_vec va = TFIDF_VEC_INIT, vb = TFIDF_VEC_INIT;
	unsigned char *blob;
	size_t n, at = 0, part = 0;
	const char *split = memchr(in, 0x02, size);
	size_t alen = split ? (size_t)(split - in) : size;

	if (!tk)
		tk = tokenizer_new();
	/* A's parts */
	while (part < OV_PARTS) {
		const char *cut = memchr(in + at, 0x01, alen - at);
		size_t len = cut ? (size_t)(cut - (in + at)) : alen - at;
		a.text[part] = in + at;
		a.len[part] = len;
		part++;
		if (!cut)
			break;
		at += len + 1;
	}
	if (split) {
		b.text[OV_CONTENT] = split + 1;
		b.len[OV_CONTENT] = size - alen - 1;
	}

	CHECK(ov_text_prepare(&a, &ta) == 0);
	CHECK(ov_text_prepare(&b, &tb) == 0);
	check_ranges(&ta, &a);
	check_ranges(&tb, &b);
	ov_compare(&ta, &tb, &s1);
	ov_compare(&tb, &ta, &s2);
	check_score(&s1);
	CHECK(s1.common == s2.common && s1.copy == s2.copy && s1.jaccard == s2.jaccard);
	/* the Jaccard similarity never exceeds the share of the smaller set */
	if (ta.all.n >= OV_MIN_SET && tb.all.n >= OV_MIN_SET)
		CHECK(s1.jaccard <= s1.copy + 1e-9);
	ov_compare(&ta, &ta, &s2);
	if (ta.all.n >= OV_MIN_SET)
		CHECK(s2.copy == 1.0);
	check_passages(&ta, &a, &tb.all);
	check_passages(&tb, &b, &ta.all);

	/* words and the topic */
	{
		const char *t[3] = { a.text[0], a.text[1], a.text[2] };
		const char *u[3] = { NULL, b.text[1], NULL };
		CHECK(tfidf_vec_make(tk, t, a.len, 3, &va) == 0);
		CHECK(tfidf_vec_make(tk, u, b.len, 3, &vb) == 0);
		double cos = tfidf_cosine(&va, &vb, NULL);
		CHECK(cos >= 0 && cos <= 1);
		ov_score_topic(&s1, cos);
		check_score(&s1);
		CHECK(tfidf_vec_encode(&va, &blob, &n) == 0);
		{
			struct tfidf_vec d;
			CHECK(tfidf_vec_decode(blob, n, &d) == 0);
			CHECK(d.n == va.n);
			tfidf_vec_release(&d);
		}
		free(blob);
	}

	/* sketches: a round trip, and the index finds its own */
	CHECK(ov_sketch_make(&ta, &sk) == 0);
	CHECK(ov_sketch_encode(&sk, &blob, &n) == 0);
	CHECK(ov_sketch_decode(blob, n, &back) == 0);
	CHECK(back.nseg == sk.nseg && back.nshingles == sk.nshingles);
	CHECK(memcmp(back.seg, sk.seg, sk.nseg * sizeof *sk.seg) == 0);
	free(blob);
	{
		struct ov_index *ix = ov_index_new();
		struct ov_sketch sb;
		struct ov_cand *c;
		size_t nc;
		int found = 0;
		CHECK(ix);
		CHECK(ov_sketch_make(&tb, &sb) == 0);
		CHECK(ov_index_put(ix, 1, 0, &sk) == 0);
		CHECK(ov_index_put(ix, 2, 0, &sb) == 0);
		CHECK(ov_index_query(ix, &back, 0.5, 10, NULL, NULL, &c, &nc) == 0);
		for (size_t i = 0; i < nc; i++)
			found |= c[i].id == 1;
		if (ta.all.n >= OV_MIN_SET)   /* smaller texts' copy scores are below 0.5 */
			CHECK(found);
		free(c);
		CHECK(ov_index_remove(ix, 1) == 0);
		ov_sketch_release(&sb);
		ov_index_free(ix);
	}
	ov_sketch_release(&back);
	ov_sketch_release(&sk);

	/* the raw input as a stored sketch or word vector */
	if (ov_sketch_decode(data, size, &back) == 0)
		ov_sketch_release(&back);
	{
		struct tfidf_vec d;
		if (tfidf_vec_decode(data, size, &d) == 0)
			tfidf_vec_release(&d);
	}

	tfidf_vec_release(&va);
	tfidf_vec_release(&vb);
	ov_text_release(&ta);
	ov_text_release(&tb);
	return 0;
}
