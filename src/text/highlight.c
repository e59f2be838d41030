/*
 * highlight.c — match ranges of query tokens in a text, and the snippet
 * window around the densest matches (see highlight.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core/utf8.h"
#include "text/highlight.h"
#include "text/tokenize.h"
#include "core/banned.h"

/* ------------------------------------------------------------------ */
/* Ranges                                                              */
/* ------------------------------------------------------------------ */

struct hl_ctx {
	const char **toks;	/* sorted by strcmp */
	size_t ntoks;
	struct hl_range *r;
	size_t n, cap;
	int unsorted;
};

static int cstr_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int range_cmp(const void *a, const void *b)
{
	const struct hl_range *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->end < y->end ? -1 : x->end > y->end;
}

/* 1 if the counted string s[0..n) is in the sorted list. */
static int token_known(const struct hl_ctx *c, const char *s, size_t n)
{
	size_t lo = 0, hi = c->ntoks, mid, zn;
	int cmp;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		zn = strlen(c->toks[mid]);
		cmp = memcmp(s, c->toks[mid], n < zn ? n : zn);
		if (cmp == 0)
			cmp = n < zn ? -1 : n > zn;
		if (cmp == 0)
			return 1;
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

static int hl_token(void *arg, const struct tok *t)
{
	struct hl_ctx *c = arg;
	struct hl_range *r;
	size_t cap;

	if (!token_known(c, t->text, t->len))
		return 0;
	if (c->n > 0) {
		r = &c->r[c->n - 1];
		if (t->start < r->start)
			c->unsorted = 1;
		else if (t->start <= r->end) {	/* overlaps or touches */
			if (t->end > r->end)
				r->end = t->end;
			return 0;
		}
	}
	if (c->n == c->cap) {
		cap = c->cap ? c->cap * 2 : 16;
		r = realloc(c->r, cap * sizeof(*r));
		if (!r)
			return -2;
		c->r = r;
		c->cap = cap;
	}
	c->r[c->n].start = t->start;
	c->r[c->n].end = t->end;
	c->n++;
	return 0;
}

int highlight_ranges(struct tokenizer *tk, const char *text, size_t len,
		     const char *const *tokens, size_t ntokens,
		     struct hl_range **out, size_t *nout)
{
	struct hl_ctx c;
	size_t i, k;
	int ret = -1;

	*out = NULL;
	*nout = 0;
	memset(&c, 0, sizeof(c));
	if (ntokens == 0 || len == 0)
		return 0;
	c.toks = malloc(ntokens * sizeof(*c.toks));
	if (!c.toks)
		goto out;
	for (i = 0; i < ntokens; i++) {
		if (tokens[i])
			c.toks[c.ntoks++] = tokens[i];
	}
	qsort(c.toks, c.ntoks, sizeof(*c.toks), cstr_cmp);
	if (tokenizer_run(tk, TOK_INDEX, text, len, hl_token, &c) != 0)
		goto out;
	if (c.unsorted && c.n > 1) {
		qsort(c.r, c.n, sizeof(*c.r), range_cmp);
		for (i = 1, k = 0; i < c.n; i++) {
			if (c.r[i].start <= c.r[k].end) {
				if (c.r[i].end > c.r[k].end)
					c.r[k].end = c.r[i].end;
			} else {
				c.r[++k] = c.r[i];
			}
		}
		c.n = k + 1;
	}
	if (c.n > 0) {
		*out = c.r;
		*nout = c.n;
		c.r = NULL;
	}
	ret = 0;
out:
	free(c.r);
	free(c.toks);
	return ret;
}

/* ------------------------------------------------------------------ */
/* Snippet window                                                      */
/* ------------------------------------------------------------------ */

static size_t char_len(const char *s, size_t len)
{
	uint32_t cp;
	size_t n = utf8_decode(s, len, &cp);

	return n ? n : 1;
}

static int is_alnum_byte(const char *text, size_t len, size_t i)
{
	unsigned char c;

	if (i >= len)
		return 0;
	c = (unsigned char)text[i];
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/*
 * Char indices of every range end point: idx[2i] of r[i].start and
 * idx[2i+1] of r[i].end, in one pass over the text.
 */
static void char_indices(const char *text, size_t len,
			 const struct hl_range *r, size_t nr, size_t *idx)
{
	size_t b = 0, c = 0, k, target;

	for (k = 0; k < 2 * nr; k++) {
		target = (k & 1) ? r[k / 2].end : r[k / 2].start;
		while (b < target && b < len) {
			b += char_len(text + b, len - b);
			c++;
		}
		idx[k] = c;
	}
}

int snippet_window(const char *text, size_t len, const struct hl_range *r,
		   size_t nr, size_t max_chars, size_t *start, size_t *end)
{
	size_t *idx = NULL, total, i, j, first = 0, last = 0, best = 0;
	size_t ws, we, span, room, bs, be, lo, hi;

	*start = 0;
	*end = 0;
	if (max_chars == 0 || len == 0)
		return 0;
	total = utf8_chars(text, len);
	if (total <= max_chars) {
		*end = len;
		return 0;
	}
	if (nr == 0) {
		ws = 0;
		we = max_chars;
		lo = 0;
		hi = 0;
	} else {
		idx = calloc(2 * nr, sizeof(*idx));
		if (!idx)
			return -1;
		char_indices(text, len, r, nr, idx);
		for (i = 0, j = 0; i < nr; i++) {
			if (j < i)
				j = i;
			while (j < nr && idx[2 * j + 1] - idx[2 * i] <= max_chars)
				j++;
			if (j - i > best) {
				best = j - i;
				first = i;
				last = j - 1;
			}
		}
		if (best == 0)		/* a range longer than the window */
			first = last = 0;
		span = idx[2 * last + 1] - idx[2 * first];
		room = span < max_chars ? max_chars - span : 0;
		ws = idx[2 * first] > room / 2 ? idx[2 * first] - room / 2 : 0;
		we = ws + max_chars;
		if (we > total) {
			we = total;
			ws = total - max_chars;
		}
		lo = r[first].start;
		hi = r[last].end;
	}
	bs = utf8_prefix(text, len, ws);
	be = utf8_prefix(text, len, we);
	/* Do not start or end inside a Latin word, if the matches allow. */
	if (bs > 0 && is_alnum_byte(text, len, bs - 1) &&
	    is_alnum_byte(text, len, bs)) {
		i = bs;
		while (i < len && is_alnum_byte(text, len, i))
			i++;
		while (i < len && text[i] == ' ')
			i++;
		if (nr == 0 || i <= lo)
			bs = i;
	}
	if (be < len && be > 0 && is_alnum_byte(text, len, be - 1) &&
	    is_alnum_byte(text, len, be)) {
		i = be;
		while (i > bs && is_alnum_byte(text, len, i - 1))
			i--;
		while (i > bs && text[i - 1] == ' ')
			i--;
		if (i > bs && (nr == 0 || i >= hi))
			be = i;
	}
	if (be < bs)
		be = bs;
	*start = bs;
	*end = be;
	free(idx);
	return 0;
}
