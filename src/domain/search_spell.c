/*
 * search_spell.c — "did you mean": English words of a query that no
 * document holds, corrected to the nearest term that documents do hold
 * (see search_internal.h).
 *
 * The Latin terms of the index (stems, as the tokenizer makes them) are
 * kept in one sorted block per process, read from the in-memory index
 * (search_live_terms).  A word is stemmed like the index's words; if its
 * stem is not there, every term within spell_max_distance() is a
 * candidate and the nearest wins, the one in most documents among
 * equals.  The stem found is then spelt as a word (the typed word's
 * ending on the new stem, or the stem with a usual ending) that stems
 * back to it, so that the suggestion reads like English and searches
 * what was found.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "core/buf.h"
#include "core/util.h"
#include "domain/search_internal.h"
#include "domain/search_live.h"
#include "store/search.h"
#include "text/query.h"
#include "text/spell.h"
#include "text/tokenize.h"
#include "core/banned.h"

#define VOCAB_MAX_AGE_US (60 * 1000000LL)

struct vocab {
	char *blob;          /* term\0term\0... in byte order */
	size_t *off;
	int64_t *docs;
	size_t n, cap, used, blob_cap;
	struct search_clock clock;   /* the index's clock when read */
	int64_t read_at;     /* now_usec_mono() when read */
};

static pthread_mutex_t vocab_lock = PTHREAD_MUTEX_INITIALIZER;
static struct vocab *vocab;

static void vocab_free(struct vocab *v)
{
	if (!v)
		return;
	free(v->blob);
	free(v->off);
	free(v->docs);
	free(v);
}

static int vocab_add(void *arg, const char *term, size_t len, int64_t docs)
{
	struct vocab *v = arg;
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 1024;
		size_t *o = realloc(v->off, cap * sizeof *o);
		int64_t *d;
		if (!o)
			return -1;
		v->off = o;
		if (!(d = realloc(v->docs, cap * sizeof *d)))
			return -1;
		v->docs = d;
		v->cap = cap;
	}
	if (v->used + len + 1 > v->blob_cap) {
		size_t cap = (v->blob_cap ? v->blob_cap * 2 : 16384) + len + 1;
		char *b = realloc(v->blob, cap);
		if (!b)
			return -1;
		v->blob = b;
		v->blob_cap = cap;
	}
	memcpy(v->blob + v->used, term, len);
	v->blob[v->used + len] = '\0';
	v->off[v->n] = v->used;
	v->docs[v->n++] = docs;
	v->used += len + 1;
	return 0;
}

/* The process's copy, read again when it is another database's, or when
 * the index changed and it is over a minute old; call with vocab_lock
 * held. */
static int vocab_fresh(struct ctx *c)
{
	int64_t now = now_usec_mono();
	struct search_clock clock;
	struct vocab *v;
	struct derr e = { 0 };

	if (store_search_clock(c->db, &clock) < 0)
		return -1;
	if (vocab && vocab->clock.epoch == clock.epoch &&
	    (vocab->clock.docs == clock.docs || now - vocab->read_at < VOCAB_MAX_AGE_US))
		return 0;
	if (!(v = calloc(1, sizeof *v)))
		return -1;
	if (search_live_terms(c, vocab_add, v, &e) != 0) {
		vocab_free(v);
		return -1;
	}
	v->clock = clock;
	v->read_at = now;
	vocab_free(vocab);
	vocab = v;
	return 0;
}

static int vocab_has(const struct vocab *v, const char *s, size_t n)
{
	size_t lo = 0, hi = v->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *t = v->blob + v->off[mid];
		size_t tn = strlen(t);
		int cmp = memcmp(s, t, n < tn ? n : tn);
		if (cmp == 0)
			cmp = n < tn ? -1 : n > tn;
		if (cmp == 0)
			return 1;
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

/* The nearest term to s, or NULL. */
static const char *vocab_nearest(const struct vocab *v, const char *s, size_t n)
{
	int max = spell_max_distance(n), best_d = max + 1;
	int64_t best_docs = -1;
	const char *best = NULL;
	for (size_t i = 0; i < v->n && max > 0; i++) {
		const char *t = v->blob + v->off[i];
		int d = spell_distance(s, n, t, strlen(t), best_d < max ? best_d : max);
		if (d > max)
			continue;
		if (d < best_d || (d == best_d && v->docs[i] > best_docs)) {
			best_d = d;
			best_docs = v->docs[i];
			best = t;
		}
	}
	return best;
}

/* ---- stems and spellings ------------------------------------------------ */

struct one_token {
	char text[SPELL_MAX_LEN + 1];
	size_t len;
	int count;
};

static int take_token(void *arg, const struct tok *t)
{
	struct one_token *o = arg;
	if (o->count++ == 0 && t->len <= SPELL_MAX_LEN) {
		memcpy(o->text, t->text, t->len);
		o->len = t->len;
		o->text[t->len] = '\0';
	}
	return 0;
}

/* The stem of word (one token), or "" if it is not exactly one token. */
static void stem_of(struct tokenizer *tk, const char *word, size_t n, struct one_token *o)
{
	memset(o, 0, sizeof *o);
	if (tokenizer_run(tk, TOK_QUERY, word, n, take_token, o) != 0 || o->count != 1)
		o->len = 0;
	o->text[o->len] = '\0';
}

static int stems_to(struct tokenizer *tk, const char *word, const char *stem)
{
	struct one_token o;
	stem_of(tk, word, strlen(word), &o);
	return o.len && strcmp(o.text, stem) == 0;
}

/* A word that stems to stem: the typed word's ending moved onto the new
 * stem (microscpoes → microscopes), else the stem with a usual ending. */
static const char *spell_word(struct ctx *c, const char *typed, const char *typed_stem,
			      const char *stem)
{
	static const char *const endings[] = { "", "e", "s", "es", "y", "ing", "ion", "al" };
	size_t ts = strlen(typed_stem);
	char *w;
	if (strncmp(typed, typed_stem, ts) == 0) {
		w = arena_printf(c->a, "%s%s", stem, typed + ts);
		if (w && stems_to(c->tk, w, stem))
			return w;
	}
	for (size_t i = 0; i < ARRAY_SIZE(endings); i++) {
		w = arena_printf(c->a, "%s%s", stem, endings[i]);
		if (w && stems_to(c->tk, w, stem))
			return w;
	}
	return stem;
}

static int is_latin_word(const char *s)
{
	size_t n = strlen(s);
	if (n < 4 || n > SPELL_MAX_LEN)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
			return 0;
	return 1;
}

/* Appends s, quoted when it holds white space or a quote. */
static int add_value(struct buf *b, const char *s, int quote)
{
	if (!quote && !strpbrk(s, " \t\""))
		return buf_adds(b, s);
	if (buf_addch(b, '"') < 0)
		return -1;
	for (; *s; s++)
		if (*s != '"' && buf_addch(b, *s) < 0)
			return -1;
	return buf_addch(b, '"');
}

int search_spell(struct ctx *c, const struct query *pq, const char **out)
{
	struct buf b = BUF_INIT;
	int changed = 0, rc = -1;

	*out = NULL;
	pthread_mutex_lock(&vocab_lock);
	if (vocab_fresh(c) < 0)
		goto out;
	for (size_t i = 0; i < pq->nterms; i++) {
		const struct query_term *t = &pq->terms[i];
		const char *word = t->text;
		if (i > 0 && buf_adds(&b, t->group >= 0 && t->group == pq->terms[i - 1].group
				      ? " OR " : " ") < 0)
			goto out;
		if (!(t->flags & (QUERY_PHRASE | QUERY_NEGATED)) && is_latin_word(word)) {
			struct one_token o;
			stem_of(c->tk, word, strlen(word), &o);
			if (o.len && !vocab_has(vocab, o.text, o.len)) {
				const char *near = vocab_nearest(vocab, o.text, o.len);
				if (near) {
					word = spell_word(c, t->text, o.text, near);
					changed = 1;
				}
			}
		}
		if (((t->flags & QUERY_NEGATED) && buf_addch(&b, '-') < 0) ||
		    add_value(&b, word, (t->flags & QUERY_PHRASE) != 0) < 0)
			goto out;
	}
	for (size_t i = 0; i < pq->nfilters; i++)
		if (buf_addf(&b, "%s%s:", b.len ? " " : "", pq->filters[i].key) < 0 ||
		    add_value(&b, pq->filters[i].value, 0) < 0)
			goto out;
	if (changed && !(*out = arena_strdup(c->a, b.s)))
		goto out;
	rc = 0;
out:
	pthread_mutex_unlock(&vocab_lock);
	buf_release(&b);
	return rc;
}
