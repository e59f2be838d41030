/*
 * suggest.c — suggestions as one types (see suggest.h).
 *
 * The list holds every suggestible name once, folded as the tokenizer
 * folds (lower case, simplified characters, half-width forms) with the
 * first characters decoded for the initials.  A lookup is one pass over
 * it with cheap tests — a byte prefix, a few bit tests per character —
 * keeping the best few in a small sorted array: about a millisecond for
 * the quarter of a million names of a --scale 10 community.  A read-write
 * lock lets lookups run together; a change of names makes the next
 * lookup read the list again.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "core/arena.h"
#include "core/buf.h"
#include "core/utf8.h"
#include "domain/search_kinds.h"
#include "domain/suggest.h"
#include "store/search.h"
#include "text/normalize.h"
#include "text/pinyin.h"
#include "core/banned.h"

#define ABBREV_CHARS 24          /* characters kept for abbreviations */
#define EXPERT_CHARS 8           /* experts match by prefix only */

struct entry {
	const char *name, *name_en, *org;
	const char *fold, *fold_en;  /* folded name; lower-case English name */
	const uint32_t *cps;         /* the name's first folded characters */
	int64_t ref_id, n;
	unsigned char ncp;
	unsigned char kind;          /* index into search_kinds[] */
	unsigned char order;         /* organisations first (0) ... experts (3) */
};

struct list {
	struct arena a;
	struct entry *e;
	size_t n, cap;
	struct search_clock clock;   /* the index's clock when read */
};

static pthread_rwlock_t list_lock = PTHREAD_RWLOCK_INITIALIZER;
static struct list *list;

/* ---- building ----------------------------------------------------------- */

/* Folds s into the arena; with cps, also its first max characters. */
static const char *fold(struct arena *a, const char *s, uint32_t *cps, unsigned char *ncp,
			size_t max)
{
	struct buf b = BUF_INIT;
	size_t len = strlen(s), i = 0, k;
	const char *out = NULL;
	char enc[4];
	uint32_t cp;

	if (ncp)
		*ncp = 0;
	while (i < len) {
		if (!(k = utf8_decode(s + i, len - i, &cp))) {
			i++;
			continue;
		}
		i += k;
		cp = text_fold(cp);
		if (cps && *ncp < max)
			cps[(*ncp)++] = cp;
		if (buf_add(&b, enc, utf8_encode(cp, enc)) < 0)
			goto out;
	}
	out = arena_strndup(a, b.s, b.len);
out:
	buf_release(&b);
	return out;
}

static int list_add(void *arg, const char *kind, int64_t ref_id, const char *name,
		    const char *name_en, const char *org, int64_t n)
{
	struct list *l = arg;
	const struct search_kind *k = search_kind_find(kind);
	uint32_t cps[ABBREV_CHARS];
	struct entry *e;
	size_t max;

	if (!k || !name)
		return 0;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 4096;
		struct entry *ne = realloc(l->e, cap * sizeof *ne);
		if (!ne)
			return -1;
		l->e = ne;
		l->cap = cap;
	}
	e = &l->e[l->n];
	memset(e, 0, sizeof *e);
	e->kind = (unsigned char)(k - search_kinds);
	e->order = strcmp(kind, "org") == 0 ? 0 : strcmp(kind, "facility") == 0 ? 1 :
		   strcmp(kind, "instrument") == 0 ? 2 : 3;
	max = e->order == 3 ? EXPERT_CHARS : ABBREV_CHARS;
	e->ref_id = ref_id;
	e->n = n;
	e->name = arena_strdup(&l->a, name);
	e->name_en = name_en && *name_en ? arena_strdup(&l->a, name_en) : NULL;
	e->org = org ? arena_strdup(&l->a, org) : NULL;
	e->fold = fold(&l->a, name, cps, &e->ncp, max);
	e->fold_en = e->name_en ? fold(&l->a, name_en, NULL, NULL, 0) : NULL;
	e->cps = arena_alloc(&l->a, (e->ncp ? e->ncp : 1) * sizeof *e->cps);
	if (!e->name || !e->fold || !e->cps || (e->name_en && !e->fold_en))
		return -1;
	memcpy((uint32_t *)e->cps, cps, e->ncp * sizeof *cps);
	l->n++;
	return 0;
}

static void list_free(struct list *l)
{
	if (!l)
		return;
	arena_free(&l->a);
	free(l->e);
	free(l);
}

/* Makes sure the list is current; call without the lock. */
static int list_fresh(struct ctx *c)
{
	struct search_clock clock;
	struct list *l;
	int rc = 0;

	if (store_search_clock(c->db, &clock) < 0)
		return -1;
	pthread_rwlock_rdlock(&list_lock);
	l = list;
	rc = l && l->clock.names == clock.names && l->clock.epoch == clock.epoch;
	pthread_rwlock_unlock(&list_lock);
	if (rc)
		return 0;
	pthread_rwlock_wrlock(&list_lock);
	if (!list || list->clock.names != clock.names || list->clock.epoch != clock.epoch) {
		if (!(l = calloc(1, sizeof *l)) || store_search_names(c->db, list_add, l) != 0) {
			list_free(l);
			pthread_rwlock_unlock(&list_lock);
			return -1;
		}
		l->clock = clock;
		list_free(list);
		list = l;
	}
	pthread_rwlock_unlock(&list_lock);
	return 0;
}

/* ---- matching ----------------------------------------------------------- */

/* 1 if the letters q[0..n) are the initials of cps[0..n). */
static int initials_prefix(const struct entry *e, const char *q, size_t n)
{
	if (n > e->ncp)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!pinyin_has_initial(e->cps[i], q[i]))
			return 0;
	return 1;
}

/* 1 if q's letters are initials of e's characters in order, the first
 * letter that of the first character. */
static int initials_abbrev(const struct entry *e, const char *q, size_t n)
{
	size_t j = 1;
	if (n < 2 || e->ncp == 0 || !pinyin_has_initial(e->cps[0], q[0]))
		return 0;
	for (size_t k = 1; k < n; k++) {
		while (j < e->ncp && !pinyin_has_initial(e->cps[j], q[k]))
			j++;
		if (j == e->ncp)
			return 0;
		j++;
	}
	return 1;
}

/* 1 if the characters qc[0..n) are e's characters in order, the first
 * being e's first. */
static int chars_abbrev(const struct entry *e, const uint32_t *qc, size_t n)
{
	size_t j = 1;
	if (n < 2 || e->ncp == 0 || e->cps[0] != qc[0])
		return 0;
	for (size_t k = 1; k < n; k++) {
		while (j < e->ncp && e->cps[j] != qc[k])
			j++;
		if (j == e->ncp)
			return 0;
		j++;
	}
	return 1;
}

struct pick {
	const struct entry *e;
	enum suggest_match m;
};

/* 1 if a ranks before b. */
static int better(const struct pick *a, const struct pick *b)
{
	size_t la, lb;
	if (a->m != b->m)
		return a->m < b->m;
	if (a->e->order != b->e->order)
		return a->e->order < b->e->order;
	if (a->e->n != b->e->n)
		return a->e->n > b->e->n;
	la = strlen(a->e->fold);
	lb = strlen(b->e->fold);
	if (la != lb)
		return la < lb;
	return a->e->ref_id < b->e->ref_id;
}

static void keep(struct pick *best, size_t *n, size_t limit, struct pick p)
{
	size_t i = *n;
	if (*n == limit && !better(&p, &best[limit - 1]))
		return;
	if (*n < limit)
		(*n)++;
	else
		i = limit - 1;
	while (i > 0 && better(&p, &best[i - 1])) {
		best[i] = best[i - 1];
		i--;
	}
	best[i] = p;
}

int suggest_names(struct ctx *c, const char *q, size_t limit, struct suggestion **out,
		  size_t *n, struct derr *e)
{
	struct arena *a = c->a;
	struct pick best[SUGGEST_MAX];
	uint32_t qc[SUGGEST_MAX_CHARS];
	unsigned char nqc = 0;
	const char *qf;
	size_t nbest = 0, qn, cut, start = 0;
	int letters = 1;

	*out = NULL;
	*n = 0;
	if (limit < 1 || limit > SUGGEST_MAX)
		return derr_set(e, DERR_INVALID, "out_of_range", "limit",
				"limit must be between 1 and %d", SUGGEST_MAX);
	if (!q)
		return 0;
	/* trim white space, cut at SUGGEST_MAX_CHARS characters */
	while (q[start] == ' ' || q[start] == '\t')
		start++;
	cut = utf8_prefix(q + start, strlen(q + start), SUGGEST_MAX_CHARS);
	if (!(qf = arena_strndup(a, q + start, cut)) ||
	    !(qf = fold(a, qf, qc, &nqc, SUGGEST_MAX_CHARS)))
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	qn = strlen(qf);
	while (qn > 0 && (qf[qn - 1] == ' ' || qf[qn - 1] == '\t'))
		qn--;
	while (nqc > 0 && (qc[nqc - 1] == ' ' || qc[nqc - 1] == '\t'))
		nqc--;
	if (qn == 0)
		return 0;
	for (size_t i = 0; i < qn; i++)
		if (!(qf[i] >= 'a' && qf[i] <= 'z'))
			letters = 0;
	if (list_fresh(c) < 0)
		return derr_store(e, DB_ERR, "reading the names");
	pthread_rwlock_rdlock(&list_lock);
	for (size_t i = 0; i < list->n; i++) {
		const struct entry *en = &list->e[i];
		struct pick p = { en, SUGGEST_PREFIX };
		if (strncmp(en->fold, qf, qn) == 0 || (en->fold_en && strncmp(en->fold_en, qf, qn) == 0))
			p.m = SUGGEST_PREFIX;
		else if (letters && initials_prefix(en, qf, qn))
			p.m = SUGGEST_INITIALS;
		else if (en->order < 3 && (letters ? initials_abbrev(en, qf, qn)
						   : chars_abbrev(en, qc, nqc)))
			p.m = SUGGEST_ABBREV;
		else
			continue;
		keep(best, &nbest, limit, p);
	}
	*out = arena_zalloc(a, (nbest ? nbest : 1) * sizeof **out);
	for (size_t i = 0; *out && i < nbest; i++) {
		const struct entry *en = best[i].e;
		struct suggestion *s = &(*out)[i];
		const struct search_kind *k = &search_kinds[en->kind];
		s->kind = k;
		s->ref_id = en->ref_id;
		s->name = arena_strdup(a, en->name);
		s->name_en = en->name_en ? arena_strdup(a, en->name_en) : NULL;
		s->org = en->org ? arena_strdup(a, en->org) : NULL;
		s->n = en->n;
		s->url = k->url && en->n == 1 ? arena_printf(a, k->url, (long long)en->ref_id) : NULL;
		s->match = best[i].m;
	}
	pthread_rwlock_unlock(&list_lock);
	if (!*out)
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	*n = nbest;
	return 0;
}
