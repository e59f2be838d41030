/*
 * shingle.c — units, shingles and sets of shingle hashes.  See shingle.h.
 *
 * Two passes over the text: the first reads units (folded characters and
 * words, with their byte ranges and weights), the second slides over the
 * units and hashes each shortest run that weighs enough.
 */
#include <stdlib.h>
#include <string.h>
#include "core/rng.h"
#include "core/utf8.h"
#include "text/normalize.h"
#include "text/shingle.h"
#include "core/banned.h"

/* ---- hashing ------------------------------------------------------------ */

#define FNV_OFFSET 0xCBF29CE484222325ull
#define FNV_PRIME 0x100000001B3ull

/* A word's unit value: FNV-1a over its folded code points; the top bit
 * clear.  A Han character's: the code point with the top bit set, so a
 * character and a word never share a value. */
#define CJK_TAG (1ull << 63)

/* ---- units -------------------------------------------------------------- */

struct units {
	uint64_t *v;
	uint32_t *start, *end;
	unsigned char *w;
	size_t n, cap;
};

static int units_push(struct units *u, uint64_t v, size_t start, size_t end, int w)
{
	if (u->n == u->cap) {
		size_t cap = u->cap ? u->cap * 2 : 256;
		uint64_t *nv = realloc(u->v, cap * sizeof *nv);
		uint32_t *ns, *ne;
		unsigned char *nw;
		if (!nv)
			return -1;
		u->v = nv;
		if (!(ns = realloc(u->start, cap * sizeof *ns)))
			return -1;
		u->start = ns;
		if (!(ne = realloc(u->end, cap * sizeof *ne)))
			return -1;
		u->end = ne;
		if (!(nw = realloc(u->w, cap)))
			return -1;
		u->w = nw;
		u->cap = cap;
	}
	u->v[u->n] = v;
	u->start[u->n] = (uint32_t)start;
	u->end[u->n] = (uint32_t)end;
	u->w[u->n] = (unsigned char)w;
	u->n++;
	return 0;
}

static void units_release(struct units *u)
{
	free(u->v);
	free(u->start);
	free(u->end);
	free(u->w);
	memset(u, 0, sizeof *u);
}

static int is_skipped_mark(uint32_t cp)
{
	return (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF);
}

static int read_units(const char *text, size_t len, struct units *u)
{
	size_t i = 0, wstart = 0;
	uint64_t wh = 0;
	int inword = 0;

	while (i < len) {
		uint32_t cp;
		size_t k = utf8_decode(text + i, len - i, &cp);
		if (!k) {
			cp = 0xFFFD;   /* an invalid byte: a separator */
			k = 1;
		} else {
			cp = text_fold(cp);
		}
		if (is_skipped_mark(cp)) {
			i += k;   /* decorates the character before it */
			continue;
		}
		if (text_is_word(cp)) {
			if (!inword) {
				inword = 1;
				wstart = i;
				wh = FNV_OFFSET;
			}
			wh = (wh ^ cp) * FNV_PRIME;
			i += k;
			continue;
		}
		if (inword) {
			if (units_push(u, wh & ~CJK_TAG, wstart, i, SHINGLE_WORD_W) < 0)
				return -1;
			inword = 0;
		}
		if ((text_is_han(cp) || text_is_kana_hangul(cp)) &&
		    units_push(u, CJK_TAG | cp, i, i + k, SHINGLE_CJK_W) < 0)
			return -1;
		i += k;
	}
	if (inword && units_push(u, wh & ~CJK_TAG, wstart, len, SHINGLE_WORD_W) < 0)
		return -1;
	return 0;
}

/* ---- shingles ----------------------------------------------------------- */

void shingles_release(struct shingles *s)
{
	free(s->hash);
	free(s->start);
	free(s->end);
	memset(s, 0, sizeof *s);
}

static uint64_t run_hash(const struct units *u, size_t from, size_t to)
{
	uint64_t h = RNG_GOLDEN;
	for (size_t i = from; i < to; i++)
		h = mix64(h ^ u->v[i]) + i - from;
	return mix64(h);
}

int shingles_make(const char *text, size_t len, struct shingles *out)
{
	struct units u = { 0 };
	size_t j = 0, weight = 0;
	int rc = -1;

	shingles_release(out);
	if ((!text && len) || len > UINT32_MAX)
		return -1;
	if (read_units(text, len, &u) < 0)
		goto out;
	if (u.n == 0) {
		rc = 0;
		goto out;
	}
	out->hash = malloc(u.n * sizeof *out->hash);
	out->start = malloc(u.n * sizeof *out->start);
	out->end = malloc(u.n * sizeof *out->end);
	if (!out->hash || !out->start || !out->end)
		goto out;
	/* [i, j) is the window; weight its weight */
	for (size_t i = 0; i < u.n; i++) {
		while (j < u.n && weight < SHINGLE_WEIGHT)
			weight += u.w[j++];
		if (weight < SHINGLE_WEIGHT && i > 0)
			break;   /* the tail is covered by earlier shingles */
		out->hash[out->n] = run_hash(&u, i, j);
		out->start[out->n] = u.start[i];
		out->end[out->n] = u.end[j - 1];
		out->n++;
		weight -= u.w[i];
		if (weight < SHINGLE_WEIGHT && j == u.n)
			break;
	}
	rc = 0;
out:
	units_release(&u);
	if (rc < 0)
		shingles_release(out);
	return rc;
}

/* ---- sets --------------------------------------------------------------- */

static void insertion_sort(uint64_t *h, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		uint64_t v = h[i];
		size_t k = i;
		while (k > 0 && h[k - 1] > v) {
			h[k] = h[k - 1];
			k--;
		}
		h[k] = v;
	}
}

size_t shingle_sort_unique(uint64_t *h, uint64_t *tmp, size_t n)
{
	size_t k = 0;
	if (n <= 48) {
		insertion_sort(h, n);
	} else {
		uint64_t *src = h, *dst = tmp;
		for (int shift = 0; shift < 64; shift += 8) {
			size_t count[257] = { 0 };
			for (size_t i = 0; i < n; i++)
				count[((src[i] >> shift) & 0xFF) + 1]++;
			if (count[((src[0] >> shift) & 0xFF) + 1] == n)
				continue;   /* every value has the same byte here */
			for (int b = 0; b < 256; b++)
				count[b + 1] += count[b];
			for (size_t i = 0; i < n; i++)
				dst[count[(src[i] >> shift) & 0xFF]++] = src[i];
			uint64_t *t = src;
			src = dst;
			dst = t;
		}
		if (src != h)
			memcpy(h, src, n * sizeof *h);
	}
	for (size_t i = 0; i < n; i++)
		if (k == 0 || h[k - 1] != h[i])
			h[k++] = h[i];
	return k;
}

int shset_add(struct shset *set, const uint64_t *h, size_t n)
{
	size_t need = set->n + n;
	uint64_t *tmp;
	if (n == 0)
		return 0;
	if (need < n)
		return -1;
	if (need > set->cap) {
		uint64_t *nh = realloc(set->h, need * sizeof *nh);
		if (!nh)
			return -1;
		set->h = nh;
		set->cap = need;
	}
	if (!(tmp = malloc(need * sizeof *tmp)))
		return -1;
	memcpy(set->h + set->n, h, n * sizeof *h);
	set->n = shingle_sort_unique(set->h, tmp, need);
	free(tmp);
	return 0;
}

void shset_release(struct shset *set)
{
	free(set->h);
	memset(set, 0, sizeof *set);
}

size_t shset_common(const struct shset *a, const struct shset *b)
{
	size_t i = 0, j = 0, c = 0;
	while (i < a->n && j < b->n) {
		if (a->h[i] < b->h[j]) {
			i++;
		} else if (a->h[i] > b->h[j]) {
			j++;
		} else {
			c++;
			i++;
			j++;
		}
	}
	return c;
}

int shset_has(const struct shset *set, uint64_t h)
{
	size_t lo = 0, hi = set->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (set->h[mid] < h)
			lo = mid + 1;
		else if (set->h[mid] > h)
			hi = mid;
		else
			return 1;
	}
	return 0;
}
