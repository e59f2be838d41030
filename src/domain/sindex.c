/*
 * sindex.c — the in-memory index of the platform-wide search (see
 * sindex.h for the model and the posting format).
 */
#include <stdlib.h>
#include <string.h>
#include "domain/sindex.h"
#include "store/search_rank.h"
#include "text/query.h"
#include "text/tokenize.h"
#include "core/banned.h"

#define NCOL 4
#define FACET_MAX 256           /* values listed per facet, the commonest */

/* ---- the structures ----------------------------------------------------- */

struct sterm {
	uint32_t off, len;           /* the token, in pool */
	uint32_t df;                 /* postings (retired slots' too) */
	uint32_t last;               /* slot of the last posting */
	uint32_t nbytes, cap;
	uint8_t *post;
	uint32_t *skip;              /* (slot before the block, byte offset) pairs */
	uint32_t nskip, capskip;     /* in pairs */
};

/* Open addressing over 32-bit ids + 1 (0: empty); the key is elsewhere. */
struct idmap {
	uint32_t *slot;
	uint32_t cap, n;             /* cap: a power of two */
};

struct i64map {                      /* document id -> slot + 1 */
	int64_t *key;
	uint32_t *val;
	uint32_t cap, n;
};

struct ent {                         /* one token of the document being added */
	uint32_t term, pos, next;
	uint8_t col;
};

/* What every match reads of its document, 20 bytes: the hot arrays of a
 * large index fit in the processor's last cache, where a match's lookup
 * is a hit, not a trip to memory.  The rest is read for the few matches
 * that need it (filters by year and organisation, restricted items, ties
 * in the heap, the ids of the results). */
struct shot {
	uint16_t kind, region, city, category;   /* value ids, 0 = none */
	uint16_t len[NCOL];          /* characters, at most 65,535 counted */
	uint16_t activity;           /* 0..1 in 65,535ths */
	uint8_t vis, alive;
};

struct scold {
	int64_t id, org, org2;
	int32_t year;
	uint16_t region2;
};

struct sindex {
	/* documents, per slot */
	size_t nslots, capslots, live;
	struct shot *hot;
	struct scold *cold;
	uint64_t *alivebits;         /* doc[s].alive as bits: a phrase's check stays in cache */
	struct i64map slot_of;
	/* values of the metadata, interned: id 1.. */
	char **val;
	size_t nval, capval;
	struct idmap valmap;
	/* terms */
	struct sterm *terms;
	size_t nterms, capterms;
	struct idmap termmap;
	char *pool;
	size_t npool, cappool;
	uint64_t postings;
	/* scratch of sindex_put */
	struct ent *ents;
	size_t nents, capents;
	uint32_t *thead, *ttail, *tstamp;   /* per term */
	size_t captmark;
	uint32_t stamp;
	uint32_t *touched;
	size_t ntouched, captouched;
};

static int grow(void **arr, size_t size, size_t need, size_t *cap)
{
	size_t n;
	void *p;
	if (need <= *cap)
		return 0;
	n = *cap ? *cap : 16;
	while (n < need)
		n *= 2;
	if (!(p = realloc(*arr, n * size)))
		return -1;
	*arr = p;
	*cap = n;
	return 0;
}

static uint32_t hash_bytes(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h ^ (h >> 15);
}

static uint32_t hash_i64(int64_t v)
{
	uint64_t z = (uint64_t)v * 0x9E3779B97F4A7C15ull;
	return (uint32_t)(z >> 32);
}

/* ---- the string maps ---------------------------------------------------- */

/* The slot of s in m (its id + 1 there, or 0 if absent). */
static uint32_t *idmap_find(const struct idmap *m, const char *s, size_t n,
			    const char *(*key)(const struct sindex *, uint32_t, size_t *),
			    const struct sindex *x)
{
	uint32_t i;
	if (!m->cap)
		return NULL;
	for (i = hash_bytes(s, n) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		size_t kn;
		const char *k;
		if (!m->slot[i])
			return &m->slot[i];
		k = key(x, m->slot[i] - 1, &kn);
		if (kn == n && memcmp(k, s, n) == 0)
			return &m->slot[i];
	}
}

static int idmap_grow(struct idmap *m, const char *(*key)(const struct sindex *, uint32_t, size_t *),
		      const struct sindex *x)
{
	struct idmap nm = { NULL, m->cap ? m->cap * 2 : 1024, 0 };
	if ((m->n + 1) * 2 <= m->cap)
		return 0;
	if (!(nm.slot = calloc(nm.cap, sizeof *nm.slot)))
		return -1;
	for (uint32_t i = 0; i < m->cap; i++)
		if (m->slot[i]) {
			size_t kn;
			const char *k = key(x, m->slot[i] - 1, &kn);
			*idmap_find(&nm, k, kn, key, x) = m->slot[i];
		}
	nm.n = m->n;
	free(m->slot);
	*m = nm;
	return 0;
}

static const char *term_key(const struct sindex *x, uint32_t id, size_t *n)
{
	*n = x->terms[id].len;
	return x->pool + x->terms[id].off;
}

static const char *val_key(const struct sindex *x, uint32_t id, size_t *n)
{
	*n = strlen(x->val[id]);
	return x->val[id];
}

/* The id of a term (creating it if create), or -1 (absent, or no memory:
 * *oom says which). */
static int64_t term_id(struct sindex *x, const char *s, size_t n, int create, int *oom)
{
	uint32_t *p = idmap_find(&x->termmap, s, n, term_key, x);
	struct sterm *t;
	if (p && *p)
		return *p - 1;
	if (!create)
		return -1;
	if (idmap_grow(&x->termmap, term_key, x) < 0 ||
	    grow((void **)&x->terms, sizeof *x->terms, x->nterms + 1, &x->capterms) < 0 ||
	    grow((void **)&x->pool, 1, x->npool + n, &x->cappool) < 0) {
		*oom = 1;
		return -1;
	}
	t = &x->terms[x->nterms];
	memset(t, 0, sizeof *t);
	t->off = (uint32_t)x->npool;
	t->len = (uint32_t)n;
	memcpy(x->pool + x->npool, s, n);
	x->npool += n;
	*idmap_find(&x->termmap, s, n, term_key, x) = (uint32_t)++x->nterms;
	x->termmap.n++;
	return (int64_t)x->nterms - 1;
}

/* The id of a metadata value (0 for NULL); -1 when memory runs out. */
static int64_t val_id(struct sindex *x, const char *s)
{
	uint32_t *p;
	size_t n;
	if (!s)
		return 0;
	n = strlen(s);
	p = idmap_find(&x->valmap, s, n, val_key, x);
	if (p && *p)
		return *p;
	if (x->nval >= UINT16_MAX)
		return 0;   /* more values than a document's 16 bits name: none */
	if (idmap_grow(&x->valmap, val_key, x) < 0 ||
	    grow((void **)&x->val, sizeof *x->val, x->nval + 1, &x->capval) < 0 ||
	    !(x->val[x->nval] = malloc(n + 1)))
		return -1;
	memcpy(x->val[x->nval], s, n + 1);
	*idmap_find(&x->valmap, s, n, val_key, x) = (uint32_t)++x->nval;
	x->valmap.n++;
	return (int64_t)x->nval;
}

/* A value's id without adding it: 0 when the index has never seen it. */
static uint32_t val_lookup(const struct sindex *x, const char *s)
{
	const uint32_t *p = s ? idmap_find(&x->valmap, s, strlen(s), val_key, x) : NULL;
	return p ? *p : 0;
}

/* ---- document ids ----------------------------------------------------------- */

static uint32_t *i64_find(const struct i64map *m, int64_t k, int *found)
{
	uint32_t i;
	*found = 0;
	if (!m->cap)
		return NULL;
	for (i = hash_i64(k) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		if (!m->val[i])
			return &m->val[i];
		if (m->key[i] == k) {
			*found = 1;
			return &m->val[i];
		}
	}
}

static int i64_put(struct i64map *m, int64_t k, uint32_t v)
{
	int found;
	uint32_t *p;
	if ((m->n + 1) * 2 > m->cap) {
		struct i64map nm = { NULL, NULL, m->cap ? m->cap * 2 : 1024, 0 };
		if (!(nm.key = malloc(nm.cap * sizeof *nm.key)) ||
		    !(nm.val = calloc(nm.cap, sizeof *nm.val))) {
			free(nm.key);
			return -1;
		}
		for (uint32_t i = 0; i < m->cap; i++)
			if (m->val[i]) {
				p = i64_find(&nm, m->key[i], &found);
				nm.key[p - nm.val] = m->key[i];
				*p = m->val[i];
			}
		nm.n = m->n;
		free(m->key);
		free(m->val);
		*m = nm;
	}
	p = i64_find(m, k, &found);
	if (!found) {
		m->key[p - m->val] = k;
		m->n++;
	}
	*p = v;
	return 0;
}

/* Removes k (backward-shift deletion keeps the probe chains whole). */
static void i64_del(struct i64map *m, int64_t k)
{
	int found;
	uint32_t *p = i64_find(m, k, &found), i, j;
	if (!found)
		return;
	i = (uint32_t)(p - m->val);
	m->val[i] = 0;
	m->n--;
	for (j = (i + 1) & (m->cap - 1); m->val[j]; j = (j + 1) & (m->cap - 1)) {
		uint32_t h = hash_i64(m->key[j]) & (m->cap - 1);
		/* move j back to i if its home is not in (i, j] */
		if ((j > i && (h <= i || h > j)) || (j < i && (h <= i && h > j))) {
			m->key[i] = m->key[j];
			m->val[i] = m->val[j];
			m->val[j] = 0;
			i = j;
		}
	}
}

/* ---- varints ------------------------------------------------------------ */

static int put_varint(struct sterm *t, uint32_t v)
{
	size_t cap = t->cap;
	if (grow((void **)&t->post, 1, (size_t)t->nbytes + 5, &cap) < 0)
		return -1;
	t->cap = (uint32_t)cap;
	while (v >= 0x80) {
		t->post[t->nbytes++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	t->post[t->nbytes++] = (uint8_t)v;
	return 0;
}

static inline uint32_t get_varint(const uint8_t *p, uint32_t *off)
{
	uint32_t v = 0;
	int sh = 0;
	uint8_t b = p[*off];
	if (b < 0x80) {
		(*off)++;
		return b;
	}
	do {
		b = p[(*off)++];
		v |= (uint32_t)(b & 0x7f) << sh;
		sh += 7;
	} while ((b & 0x80) && sh < 35);
	return v;
}

/* ---- life ------------------------------------------------------------------- */

struct sindex *sindex_new(void)
{
	return calloc(1, sizeof(struct sindex));
}

void sindex_free(struct sindex *x)
{
	if (!x)
		return;
	for (size_t i = 0; i < x->nterms; i++) {
		free(x->terms[i].post);
		free(x->terms[i].skip);
	}
	for (size_t i = 0; i < x->nval; i++)
		free(x->val[i]);
	free(x->terms);
	free(x->termmap.slot);
	free(x->pool);
	free(x->val);
	free(x->valmap.slot);
	free(x->hot);
	free(x->cold);
	free(x->alivebits);
	free(x->slot_of.key);
	free(x->slot_of.val);
	free(x->ents);
	free(x->thead);
	free(x->ttail);
	free(x->tstamp);
	free(x->touched);
	free(x);
}

void sindex_trim(struct sindex *x)
{
	for (size_t i = 0; i < x->nterms; i++) {
		struct sterm *t = &x->terms[i];
		uint8_t *p;
		uint32_t *s;
		if (t->nbytes && t->nbytes < t->cap && (p = realloc(t->post, t->nbytes))) {
			t->post = p;
			t->cap = t->nbytes;
		}
		if (t->nskip && t->nskip < t->capskip && (s = realloc(t->skip, 2 * t->nskip * sizeof *s))) {
			t->skip = s;
			t->capskip = t->nskip;
		}
	}
}

void sindex_stats(const struct sindex *x, struct sindex_stats *out)
{
	size_t b = sizeof *x;
	for (size_t i = 0; i < x->nterms; i++)
		b += x->terms[i].cap + 2 * (size_t)x->terms[i].capskip * sizeof(uint32_t);
	for (size_t i = 0; i < x->nval; i++)
		b += strlen(x->val[i]) + 1;
	b += x->capterms * sizeof *x->terms + x->termmap.cap * sizeof(uint32_t) + x->cappool;
	b += x->capval * sizeof *x->val + x->valmap.cap * sizeof(uint32_t);
	b += x->capslots * (sizeof *x->hot + sizeof *x->cold);
	b += x->slot_of.cap * (sizeof(int64_t) + sizeof(uint32_t));
	b += x->capents * sizeof *x->ents + x->captmark * 3 * sizeof(uint32_t) +
	     x->captouched * sizeof(uint32_t);
	out->docs = x->live;
	out->slots = x->nslots;
	out->terms = x->nterms;
	out->postings = x->postings;
	out->bytes = b;
}

/* ---- adding ------------------------------------------------------------- */

static size_t chars_of(const char *s)
{
	size_t n = 0;
	for (; s && *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

struct put {
	struct sindex *x;
	uint8_t col;
	int oom;
};

static int put_tok(void *arg, const struct tok *t)
{
	struct put *p = arg;
	struct sindex *x = p->x;
	int64_t id = term_id(x, t->text, t->len, 1, &p->oom);
	struct ent *e;
	if (id < 0)
		return 1;
	if (grow((void **)&x->ents, sizeof *x->ents, x->nents + 1, &x->capents) < 0) {
		p->oom = 1;
		return 1;
	}
	e = &x->ents[x->nents++];
	e->term = (uint32_t)id;
	e->pos = (uint32_t)t->pos;
	e->col = p->col;
	e->next = UINT32_MAX;
	return 0;
}

/* Makes the per-term scratch arrays (thead, ttail, tstamp) as long as the
 * term table; new stamps are 0, which no document has. */
static int term_scratch(struct sindex *x)
{
	size_t cap = x->captmark;
	uint32_t *p;
	if (x->nterms <= cap)
		return 0;
	while (cap < x->nterms)
		cap = cap ? cap * 2 : 4096;
	if (!(p = realloc(x->thead, cap * sizeof *p)))
		return -1;
	x->thead = p;
	if (!(p = realloc(x->ttail, cap * sizeof *p)))
		return -1;
	x->ttail = p;
	if (!(p = realloc(x->tstamp, cap * sizeof *p)))
		return -1;
	x->tstamp = p;
	memset(x->tstamp + x->captmark, 0, (cap - x->captmark) * sizeof *p);
	x->captmark = cap;
	return 0;
}

static int add_posting(struct sindex *x, uint32_t term, uint32_t slot)
{
	struct sterm *t = &x->terms[term];
	uint32_t tf[NCOL] = { 0 }, plen = 0;
	uint8_t mask = 0;
	int single = 1;
	if (t->df % SINDEX_SKIP == 0) {
		size_t cap = t->capskip;
		if (grow((void **)&t->skip, 2 * sizeof *t->skip, (size_t)t->nskip + 1, &cap) < 0)
			return -1;
		t->capskip = (uint32_t)cap;
		t->skip[2 * t->nskip] = t->last;
		t->skip[2 * t->nskip + 1] = t->nbytes;
		t->nskip++;
	}
	for (uint32_t e = x->thead[term]; e != UINT32_MAX; e = x->ents[e].next) {
		tf[x->ents[e].col]++;
		mask |= (uint8_t)(1u << x->ents[e].col);
	}
	for (uint8_t c = 0; c < NCOL; c++)
		if (tf[c] > 1)
			single = 0;
	/* the columns; 0x10: each holds the term once (no counts, no length) */
	if (put_varint(t, slot - (t->df ? t->last : 0)) < 0 ||
	    put_varint(t, mask | (single ? 0x10u : 0)) < 0)
		return -1;
	for (uint8_t c = 0; c < NCOL && !single; c++)
		if (tf[c] && put_varint(t, tf[c]) < 0)
			return -1;
	/* the positions' bytes, so that a reader who wants none skips them */
	for (uint8_t c = 0; c < NCOL; c++) {
		uint32_t prev = 0;
		int first = 1;
		for (uint32_t e = x->thead[term]; tf[c] && e != UINT32_MAX; e = x->ents[e].next) {
			uint32_t v;
			if (x->ents[e].col != c)
				continue;
			v = first ? x->ents[e].pos : x->ents[e].pos - prev;
			do
				plen++;
			while ((v >>= 7) != 0);
			prev = x->ents[e].pos;
			first = 0;
		}
	}
	if (!single && put_varint(t, plen) < 0)
		return -1;
	for (uint8_t c = 0; c < NCOL; c++) {
		uint32_t prev = 0;
		int first = 1;
		for (uint32_t e = x->thead[term]; tf[c] && e != UINT32_MAX; e = x->ents[e].next) {
			if (x->ents[e].col != c)
				continue;
			if (put_varint(t, first ? x->ents[e].pos : x->ents[e].pos - prev) < 0)
				return -1;
			prev = x->ents[e].pos;
			first = 0;
		}
	}
	t->last = slot;
	t->df++;
	x->postings++;
	return 0;
}

static int new_slot(struct sindex *x, const struct sindex_doc *d, uint32_t *slot)
{
	size_t cap = x->capslots, n = x->nslots + 1;
	int64_t v[5];
	if (n > UINT32_MAX - 1)
		return -1;
	if (n > cap) {
		size_t nc = cap ? cap * 2 : 1024;
		struct shot *nh = realloc(x->hot, nc * sizeof *nh);
		struct scold *ncold;
		uint64_t *nb;
		if (!nh)
			return -1;
		x->hot = nh;
		if (!(ncold = realloc(x->cold, nc * sizeof *ncold)))
			return -1;
		x->cold = ncold;
		if (!(nb = realloc(x->alivebits, (nc / 64 + 1) * sizeof *nb)))
			return -1;
		memset(nb + (cap ? cap / 64 + 1 : 0), 0, (nc / 64 + 1 - (cap ? cap / 64 + 1 : 0)) * sizeof *nb);
		x->alivebits = nb;
		x->capslots = nc;
	}
	if ((v[0] = val_id(x, d->kind)) < 0 || (v[1] = val_id(x, d->region)) < 0 ||
	    (v[2] = val_id(x, d->city)) < 0 || (v[3] = val_id(x, d->category)) < 0 ||
	    (v[4] = val_id(x, d->region2)) < 0)
		return -1;
	*slot = (uint32_t)x->nslots;
	x->cold[*slot].id = d->id;
	x->cold[*slot].org = d->org;
	x->cold[*slot].org2 = d->org2;
	x->cold[*slot].year = (int32_t)d->year;
	x->hot[*slot].kind = (uint16_t)v[0];
	x->hot[*slot].region = (uint16_t)v[1];
	x->hot[*slot].city = (uint16_t)v[2];
	x->hot[*slot].category = (uint16_t)v[3];
	x->cold[*slot].region2 = (uint16_t)v[4];
	for (int c = 0; c < NCOL; c++) {
		size_t n_ = chars_of(d->text[c]);
		x->hot[*slot].len[c] = n_ > UINT16_MAX ? UINT16_MAX : (uint16_t)n_;
	}
	x->hot[*slot].activity = (uint16_t)(d->activity <= 0.0 ? 0 : d->activity >= 1.0 ? 65535
					     : d->activity * 65535.0 + 0.5);
	x->hot[*slot].vis = d->vis != 0;
	x->hot[*slot].alive = 0;
	return 0;
}

void sindex_remove(struct sindex *x, int64_t id)
{
	int found;
	uint32_t *p = i64_find(&x->slot_of, id, &found);
	if (!found)
		return;
	x->hot[*p - 1].alive = 0;
	x->alivebits[(*p - 1) / 64] &= ~(1ull << ((*p - 1) % 64));
	x->live--;
	i64_del(&x->slot_of, id);
}

int sindex_put(struct sindex *x, struct tokenizer *tk, const struct sindex_doc *d)
{
	struct put p = { x, 0, 0 };
	uint32_t slot;

	x->nents = 0;
	for (int c = 0; c < NCOL; c++) {
		const char *s = d->text[c];
		int rc;
		if (!s || !*s)
			continue;
		p.col = (uint8_t)c;
		rc = tokenizer_run(tk, TOK_INDEX, s, strlen(s), put_tok, &p);
		if (p.oom || rc < 0)
			return -1;
	}
	if (term_scratch(x) < 0 || new_slot(x, d, &slot) < 0)
		return -1;
	x->nslots++;   /* taken, retired until every posting is in */
	/* chain each term's entries, in the order met (column, position) */
	if (++x->stamp == 0) {
		memset(x->tstamp, 0, x->captmark * sizeof *x->tstamp);
		x->stamp = 1;
	}
	x->ntouched = 0;
	for (size_t i = 0; i < x->nents; i++) {
		uint32_t t = x->ents[i].term;
		if (x->tstamp[t] != x->stamp) {
			if (grow((void **)&x->touched, sizeof *x->touched, x->ntouched + 1,
				 &x->captouched) < 0)
				return -1;
			x->touched[x->ntouched++] = t;
			x->tstamp[t] = x->stamp;
			x->thead[t] = (uint32_t)i;
		} else {
			x->ents[x->ttail[t]].next = (uint32_t)i;
		}
		x->ttail[t] = (uint32_t)i;
	}
	for (size_t i = 0; i < x->ntouched; i++)
		if (add_posting(x, x->touched[i], slot) < 0)
			return -1;   /* the slot stays retired: its postings are skipped */
	sindex_remove(x, d->id);
	if (i64_put(&x->slot_of, d->id, slot + 1) < 0)
		return -1;
	x->hot[slot].alive = 1;
	x->alivebits[slot / 64] |= 1ull << (slot % 64);
	x->live++;
	return 0;
}

/* ---- reading postings ------------------------------------------------------ */

/* A cursor over one term's postings. */
struct cur {
	const struct sterm *t;
	uint32_t off;                /* byte offset of the next posting */
	uint32_t idx;                /* index of the next posting */
	uint32_t slot;               /* the current posting's */
	int done;
	uint32_t tf[NCOL];
	uint32_t pstart, plen;       /* the positions, column after column */
};

/* Reads the posting at c->off; call when c->idx < df. */
static inline void cur_read(struct cur *c, uint32_t prev)
{
	const uint8_t *p = c->t->post;
	uint32_t off = c->off, mask;
	c->slot = prev + get_varint(p, &off);
	mask = p[off++];             /* below 32: one byte */
	if (mask & 0x10) {
		/* once in each column: as many positions as columns */
		int n = 0;
		for (int k = 0; k < NCOL; k++)
			n += (c->tf[k] = mask >> k & 1);
		c->pstart = off;
		while (n)
			n -= !(p[off++] & 0x80);
		c->plen = off - c->pstart;
		c->off = off;
	} else {
		for (int k = 0; k < NCOL; k++)
			c->tf[k] = mask & (1u << k) ? get_varint(p, &off) : 0;
		c->plen = get_varint(p, &off);
		c->pstart = off;
		c->off = off + c->plen;
	}
	c->idx++;
}

static void cur_next(struct cur *c)
{
	if (c->idx >= c->t->df) {
		c->done = 1;
		return;
	}
	cur_read(c, c->slot);
}

static void cur_start(struct cur *c, const struct sterm *t)
{
	memset(c, 0, sizeof *c);
	c->t = t;
	if (!t || !t->df) {
		c->done = 1;
		return;
	}
	cur_read(c, 0);
}

/* Moves to the first posting whose slot is >= target. */
static void cur_seek(struct cur *c, uint32_t target)
{
	const struct sterm *t = c->t;
	uint32_t blk, lo, hi;
	if (c->done || c->slot >= target)
		return;
	/* the last block whose previous slot is below target, if beyond ours */
	blk = c->idx / SINDEX_SKIP;          /* the block of the next posting */
	lo = blk + 1;
	hi = t->nskip;
	if (lo < hi && t->skip[2 * lo] < target) {
		while (lo + 1 < hi) {
			uint32_t mid = lo + (hi - lo) / 2;
			if (t->skip[2 * mid] < target)
				lo = mid;
			else
				hi = mid;
		}
		c->off = t->skip[2 * lo + 1];
		c->idx = lo * SINDEX_SKIP;
		c->slot = t->skip[2 * lo];
	}
	do
		cur_next(c);
	while (!c->done && c->slot < target);
}

/* Column k's positions of the current posting into out (room for tf[k]). */
static void cur_positions(const struct cur *c, int k, uint32_t *out)
{
	uint32_t off = c->pstart, pos = 0;
	for (int j = 0; j < k; j++)          /* the columns before k */
		for (uint32_t n = c->tf[j]; n; off++)
			n -= !(c->t->post[off] & 0x80);
	for (uint32_t i = 0; i < c->tf[k]; i++) {
		pos += get_varint(c->t->post, &off);
		out[i] = pos;
	}
}

/* ---- phrases ---------------------------------------------------------------- */

struct mhit {                        /* a materialised phrase's document */
	uint32_t slot;
	uint32_t tf[NCOL];
};

/* One term of the query: a single token read from its postings, or a
 * phrase of several whose matches are found once, up front. */
struct phrase {
	int ntok;
	uint32_t *tok;               /* term ids */
	uint32_t *rel;               /* position of each token in the phrase */
	int missing;                 /* a token the index does not hold */
	int negated;
	int group;                   /* clause number (positive), -1 negated */
	double idf;
	/* iteration */
	struct cur c;                /* ntok == 1 */
	struct mhit *m;              /* ntok > 1 */
	size_t nm, capm, mi;
	uint32_t slot;
	int done;
};

static void ph_sync(struct phrase *p)
{
	if (p->ntok == 1) {
		p->done = p->c.done;
		p->slot = p->c.slot;
	} else {
		p->done = p->mi >= p->nm;
		p->slot = p->done ? 0 : p->m[p->mi].slot;
	}
}

static void ph_seek(struct phrase *p, uint32_t target)
{
	if (p->done || p->slot >= target)
		return;
	if (p->ntok == 1) {
		cur_seek(&p->c, target);
	} else {
		/* gallop, then halve */
		size_t step = 1, lo = p->mi, hi;
		while (lo + step < p->nm && p->m[lo + step].slot < target) {
			lo += step;
			step *= 2;
		}
		hi = lo + step < p->nm ? lo + step : p->nm;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (p->m[mid].slot < target)
				lo = mid + 1;
			else
				hi = mid;
		}
		p->mi = lo;
	}
	ph_sync(p);
}

static void ph_tf(const struct phrase *p, uint32_t tf[NCOL])
{
	memcpy(tf, p->ntok == 1 ? p->c.tf : p->m[p->mi].tf, NCOL * sizeof *tf);
}

struct posbuf {
	uint32_t *v;
	size_t cap;
};

/* Finds every document holding the phrase (live ones only). */
static int ph_materialise(const struct sindex *x, struct phrase *p)
{
	struct cur *cs = calloc((size_t)p->ntok, sizeof *cs);
	struct posbuf *pb = calloc((size_t)p->ntok, sizeof *pb);
	size_t *at = calloc((size_t)p->ntok, sizeof *at);
	int lead = 0, rc = -1;

	if (!cs || !pb || !at)
		goto out;
	for (int i = 0; i < p->ntok; i++) {
		cur_start(&cs[i], &x->terms[p->tok[i]]);
		if (x->terms[p->tok[i]].df < x->terms[p->tok[lead]].df)
			lead = i;
	}
	while (!cs[lead].done) {
		uint32_t slot = cs[lead].slot, tf[NCOL] = { 0 };
		int all = 1, any = 0;
		for (int i = 0; i < p->ntok && all; i++) {
			cur_seek(&cs[i], slot);
			if (cs[i].done)
				goto done;
			if (cs[i].slot != slot) {
				all = 0;
				cur_seek(&cs[lead], cs[i].slot);
			}
		}
		if (!all)
			continue;
		if (!(x->alivebits[slot / 64] >> (slot % 64) & 1)) {
			cur_next(&cs[lead]);
			continue;
		}
		for (int k = 0; k < NCOL; k++) {
			int in_all = 1;
			for (int i = 0; i < p->ntok; i++)
				if (!cs[i].tf[k])
					in_all = 0;
			if (!in_all)
				continue;
			for (int i = 0; i < p->ntok; i++) {
				if (grow((void **)&pb[i].v, sizeof *pb[i].v, cs[i].tf[k], &pb[i].cap) < 0)
					goto out;
				cur_positions(&cs[i], k, pb[i].v);
			}
			/* starts s = pos(token 0) - rel[0]; every token i at s + rel[i] */
			{
				memset(at, 0, (size_t)p->ntok * sizeof *at);
				for (uint32_t j = 0; j < cs[0].tf[k]; j++) {
					int64_t s = (int64_t)pb[0].v[j] - p->rel[0];
					int ok = 1;
					for (int i = 1; i < p->ntok && ok; i++) {
						int64_t want = s + p->rel[i];
						while (at[i] < cs[i].tf[k] && (int64_t)pb[i].v[at[i]] < want)
							at[i]++;
						ok = at[i] < cs[i].tf[k] && (int64_t)pb[i].v[at[i]] == want;
					}
					if (ok)
						tf[k]++;
				}
			}
			any |= tf[k] != 0;
		}
		if (any) {
			if (grow((void **)&p->m, sizeof *p->m, p->nm + 1, &p->capm) < 0)
				goto out;
			p->m[p->nm].slot = slot;
			memcpy(p->m[p->nm].tf, tf, sizeof tf);
			p->nm++;
		}
		cur_next(&cs[lead]);
	}
done:
	rc = 0;
out:
	for (int i = 0; pb && i < p->ntok; i++)
		free(pb[i].v);
	free(pb);
	free(at);
	free(cs);
	return rc;
}

/* ---- the query ------------------------------------------------------------- */

struct qtoks {
	const struct sindex *x;
	struct phrase *p;
	int first, oom;
};

static int q_tok(void *arg, const struct tok *t)
{
	struct qtoks *q = arg;
	struct phrase *p = q->p;
	int64_t id;
	int oom = 0;
	uint32_t *nt, *nr;
	if (q->first < 0)
		q->first = t->pos;
	id = term_id((struct sindex *)q->x, t->text, t->len, 0, &oom);
	if (id < 0)
		p->missing = 1;
	if (!(nt = realloc(p->tok, (size_t)(p->ntok + 1) * sizeof *nt)) ||
	    (p->tok = nt, !(nr = realloc(p->rel, (size_t)(p->ntok + 1) * sizeof *nr)))) {
		q->oom = 1;
		return 1;
	}
	p->rel = nr;
	p->tok[p->ntok] = id < 0 ? 0 : (uint32_t)id;
	p->rel[p->ntok++] = (uint32_t)(t->pos - q->first);
	return 0;
}

struct plan {
	struct phrase *ph;
	size_t nph, nclause;
	struct phrase **pos, **neg;  /* the positive phrases by clause; the negated */
	size_t npos, nneg;
	size_t *cstart;              /* clause c: pos[cstart[c] .. cstart[c + 1]) */
};

static void plan_free(struct plan *pl)
{
	for (size_t i = 0; i < pl->nph; i++) {
		free(pl->ph[i].tok);
		free(pl->ph[i].rel);
		free(pl->ph[i].m);
	}
	free(pl->ph);
	free(pl->pos);
	free(pl->neg);
	free(pl->cstart);
}

/* The phrases of q: positive terms by clause (an OR group is one clause),
 * then the negated ones; terms without tokens are left out, as
 * query_to_fts5 leaves them out. */
static int plan_make(const struct sindex *x, struct tokenizer *tk, const struct query *q,
		     struct plan *pl)
{
	int clause = -1, prev_group = -2;
	memset(pl, 0, sizeof *pl);
	if (q->nterms && !(pl->ph = calloc(q->nterms, sizeof *pl->ph)))
		return -1;
	for (size_t i = 0; i < q->nterms; i++) {
		const struct query_term *qt = &q->terms[i];
		struct phrase *p = &pl->ph[pl->nph];
		struct qtoks qs = { x, p, -1, 0 };
		int rc = tokenizer_run(tk, TOK_QUERY, qt->text, strlen(qt->text), q_tok, &qs);
		if (qs.oom || rc < 0) {
			pl->nph++;
			return -1;
		}
		if (!p->ntok) {
			free(p->tok);
			free(p->rel);
			memset(p, 0, sizeof *p);
			continue;
		}
		p->negated = (qt->flags & QUERY_NEGATED) != 0;
		if (p->negated) {
			p->group = -1;
		} else {
			if (qt->group < 0 || qt->group != prev_group)
				clause++;
			prev_group = qt->group < 0 ? -2 : qt->group;
			p->group = clause;
		}
		pl->nph++;
	}
	pl->nclause = (size_t)(clause + 1);
	if (!(pl->pos = calloc(pl->nph + 1, sizeof *pl->pos)) ||
	    !(pl->neg = calloc(pl->nph + 1, sizeof *pl->neg)) ||
	    !(pl->cstart = calloc(pl->nclause + 1, sizeof *pl->cstart)))
		return -1;
	/* positive phrases are in clause order already */
	for (size_t i = 0; i < pl->nph; i++) {
		struct phrase *p = &pl->ph[i];
		if (p->negated) {
			pl->neg[pl->nneg++] = p;
		} else {
			pl->pos[pl->npos++] = p;
			pl->cstart[p->group + 1] = pl->npos;
		}
	}
	return 0;
}

/* Readies each phrase for reading, with its idf. */
static int plan_start(const struct sindex *x, struct plan *pl)
{
	/* srank counts the excluded phrases too (FTS5's phrase count) */
	size_t nphrases = pl->nph;
	for (size_t i = 0; i < pl->nph; i++) {
		struct phrase *p = &pl->ph[i];
		double hits;
		if (p->missing) {
			p->done = p->c.done = 1;
			hits = 0;
		} else if (p->ntok == 1) {
			cur_start(&p->c, &x->terms[p->tok[0]]);
			ph_sync(p);
			hits = x->terms[p->tok[0]].df;
		} else {
			if (ph_materialise(x, p) < 0)
				return -1;
			ph_sync(p);
			hits = (double)p->nm;
		}
		/* one phrase: its idf orders nothing (srank's rule) */
		p->idf = nphrases > 1 ? srank_idf((double)x->live, hits) : 1.0;
	}
	return 0;
}

/* ---- filters ---------------------------------------------------------------- */

struct vals {
	uint32_t v[SEARCH_MAX_VALUES];
	size_t n;
	int on;                      /* the list was given */
};

struct filt {
	struct vals kinds, regions, cities, categories;
	const int64_t *orgs;
	size_t norgs;
	int64_t year;
	struct { uint32_t kind, region; int64_t org; enum search_scope scope; } g[32];
	size_t ng;
	double w[NCOL], boost;
	struct { uint32_t kind; double w; } kw[SEARCH_MAX_VALUES];
	size_t nkw;
};

static int vals_make(const struct sindex *x, struct vals *v, const char *const *s, size_t n)
{
	memset(v, 0, sizeof *v);
	if (!n)
		return 0;
	if (n > SEARCH_MAX_VALUES)
		return -1;
	v->on = 1;
	for (size_t i = 0; i < n; i++) {
		uint32_t id = val_lookup(x, s[i]);
		if (id)
			v->v[v->n++] = id;
	}
	return 0;
}

static inline int vals_ok(const struct vals *v, uint32_t id)
{
	if (!v->on)
		return 1;
	for (size_t i = 0; i < v->n; i++)
		if (v->v[i] == id)
			return 1;
	return 0;
}

static int filt_make(const struct sindex *x, const struct search_filter *f, struct filt *o)
{
	memset(o, 0, sizeof *o);
	if (vals_make(x, &o->kinds, f->kinds, f->nkinds) < 0 ||
	    vals_make(x, &o->regions, f->regions, f->nregions) < 0 ||
	    vals_make(x, &o->cities, f->cities, f->ncities) < 0 ||
	    vals_make(x, &o->categories, f->categories, f->ncategories) < 0 ||
	    f->norgs > SEARCH_MAX_VALUES || f->ngrants > 32 || f->nkind_weights > SEARCH_MAX_VALUES)
		return -1;
	o->orgs = f->orgs;
	o->norgs = f->norgs;
	o->year = f->year;
	for (size_t i = 0; i < f->ngrants; i++) {
		uint32_t k = val_lookup(x, f->grants[i].kind);
		if (!k)
			continue;   /* no item of the kind */
		o->g[o->ng].kind = k;
		o->g[o->ng].scope = f->grants[i].scope;
		o->g[o->ng].region = f->grants[i].scope == SEARCH_SEE_REGION
				     ? val_lookup(x, f->grants[i].region) : 0;
		o->g[o->ng].org = f->grants[i].org_id;
		if (f->grants[i].scope == SEARCH_SEE_REGION && !o->g[o->ng].region)
			continue;   /* a region no item is in */
		o->ng++;
	}
	o->w[0] = f->w_name;
	o->w[1] = f->w_name_en;
	o->w[2] = f->w_subtitle;
	o->w[3] = f->w_body;
	o->boost = f->activity_boost;
	for (size_t i = 0; i < f->nkind_weights; i++) {
		uint32_t k = val_lookup(x, f->kind_weights[i].kind);
		if (k) {
			o->kw[o->nkw].kind = k;
			o->kw[o->nkw++].w = f->kind_weights[i].weight;
		}
	}
	return 0;
}

static int passes(const struct sindex *x, const struct filt *f, uint32_t s)
{
	const struct shot *h = &x->hot[s];
	if (!h->alive || !vals_ok(&f->kinds, h->kind) || !vals_ok(&f->regions, h->region) ||
	    !vals_ok(&f->cities, h->city) || !vals_ok(&f->categories, h->category) ||
	    (f->year > 0 && x->cold[s].year != f->year))
		return 0;
	if (f->norgs) {
		int hit = 0;
		for (size_t i = 0; i < f->norgs && !hit; i++)
			hit = x->cold[s].org == f->orgs[i] || x->cold[s].org2 == f->orgs[i];
		if (!hit)
			return 0;
	}
	if (!x->hot[s].vis)
		return 1;
	for (size_t i = 0; i < f->ng; i++) {
		if (f->g[i].kind != x->hot[s].kind)
			continue;
		if (f->g[i].scope == SEARCH_SEE_ALL ||
		    (f->g[i].scope == SEARCH_SEE_REGION &&
		     (x->hot[s].region == f->g[i].region || x->cold[s].region2 == f->g[i].region)) ||
		    (f->g[i].scope == SEARCH_SEE_ORG &&
		     (x->cold[s].org == f->g[i].org || x->cold[s].org2 == f->g[i].org)))
			return 1;
	}
	return 0;
}

/* ---- the best hits: a max-heap on (score, id), worst on top ------------- */

/* While searching, a hit's id field holds its slot; ties go by the id. */
static int hit_worse(const struct sindex *x, const struct search_hit *a, const struct search_hit *b)
{
	return a->score > b->score ||
	       (a->score == b->score && x->cold[a->id].id > x->cold[b->id].id);
}

static void heap_down(const struct sindex *x, struct search_hit *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, w = i;
		struct search_hit t;
		if (l < n && hit_worse(x, &h[l], &h[w]))
			w = l;
		if (r < n && hit_worse(x, &h[r], &h[w]))
			w = r;
		if (w == i)
			return;
		t = h[i];
		h[i] = h[w];
		h[w] = t;
		i = w;
	}
}

static void heap_up(const struct sindex *x, struct search_hit *h, size_t i)
{
	while (i > 0) {
		size_t p = (i - 1) / 2;
		struct search_hit t;
		if (!hit_worse(x, &h[i], &h[p]))
			return;
		t = h[i];
		h[i] = h[p];
		h[p] = t;
		i = p;
	}
}

static int hit_cmp(const void *x, const void *y)
{
	const struct search_hit *a = x, *b = y;
	if (a->score != b->score)
		return a->score < b->score ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

static void keep(const struct sindex *x, struct search_result *out, size_t want,
		 struct search_hit h)
{
	if (out->nhits < want) {
		out->hits[out->nhits] = h;
		heap_up(x, out->hits, out->nhits++);
	} else if (want && hit_worse(x, &out->hits[0], &h)) {
		out->hits[0] = h;
		heap_down(x, out->hits, want, 0);
	}
}

/* ---- the search --------------------------------------------------------- */

struct acc {
	const struct sindex *x;
	const struct filt *f;
	struct search_result *out;
	size_t want;
	uint32_t *count[SEARCH_FACETS];   /* per value id */
};

static void take(struct acc *ac, uint32_t s, double bm25)
{
	const struct sindex *x = ac->x;
	double mult = 1.0 + ac->f->boost * x->hot[s].activity / 65535.0;
	struct search_hit h;
	for (size_t i = 0; i < ac->f->nkw; i++)
		if (ac->f->kw[i].kind == x->hot[s].kind)
			mult *= ac->f->kw[i].w;
	h.id = s;
	h.score = -bm25 * mult;
	ac->out->total++;
	ac->count[0][x->hot[s].kind]++;
	ac->count[1][x->hot[s].region]++;
	ac->count[2][x->hot[s].city]++;
	ac->count[3][x->hot[s].category]++;
	keep(x, ac->out, ac->want, h);
}

static int excluded(struct plan *pl, uint32_t s)
{
	for (size_t i = 0; i < pl->nneg; i++) {
		struct phrase *p = pl->neg[i];
		ph_seek(p, s);
		if (!p->done && p->slot == s)
			return 1;
	}
	return 0;
}

/* A clause's next document at or after target: the least of its members'
 * (UINT32_MAX when all are done). */
static uint32_t clause_seek(struct plan *pl, size_t clause, uint32_t target)
{
	uint32_t best = UINT32_MAX;
	for (size_t i = pl->cstart[clause]; i < pl->cstart[clause + 1]; i++) {
		struct phrase *p = pl->pos[i];
		ph_seek(p, target);
		if (!p->done && p->slot < best)
			best = p->slot;
	}
	return best;
}

/* Matches wait in a batch while their documents are fetched: a match's
 * document is a cache miss, and the misses of a batch overlap. */
#define BATCH 64

struct batch {
	size_t n;
	uint32_t slot[BATCH];
	uint32_t *tf;                /* BATCH rows of npos phrases' NCOL counts */
};

static void batch_flush(struct acc *ac, struct batch *b, const struct plan *pl)
{
	const struct sindex *x = ac->x;
	for (size_t j = 0; j < b->n; j++) {
		uint32_t s = b->slot[j];
		const uint32_t *tf = b->tf + j * pl->npos * NCOL;
		double len[NCOL], bm25 = 0.0;
		if (!passes(x, ac->f, s))
			continue;
		for (int k = 0; k < NCOL; k++)
			len[k] = x->hot[s].len[k];
		for (size_t i = 0; i < pl->npos; i++, tf += NCOL) {
			int itf[NCOL];
			if (!(tf[0] | tf[1] | tf[2] | tf[3]))
				continue;
			for (int k = 0; k < NCOL; k++)
				itf[k] = tf[k] > INT32_MAX ? INT32_MAX : (int)tf[k];
			bm25 += srank_phrase(itf, pl->pos[i]->idf, ac->f->w, len);
		}
		take(ac, s, bm25);
	}
	b->n = 0;
}

/* Queues document s, matched, with its phrases' counts there. */
static void batch_add(struct acc *ac, struct batch *b, const struct plan *pl, uint32_t s)
{
	uint32_t *tf = b->tf + b->n * pl->npos * NCOL;
	for (size_t i = 0; i < pl->npos; i++, tf += NCOL) {
		const struct phrase *p = pl->pos[i];
		if (!p->done && p->slot == s)
			ph_tf(p, tf);
		else
			memset(tf, 0, NCOL * sizeof *tf);
	}
	__builtin_prefetch(&ac->x->hot[s]);
	b->slot[b->n++] = s;
	if (b->n == BATCH)
		batch_flush(ac, b, pl);
}

static int count_cmp(const void *x, const void *y)
{
	const struct search_count *a = x, *b = y;
	if (a->n != b->n)
		return a->n > b->n ? -1 : 1;
	return strcmp(a->value, b->value);
}

static int facets_out(struct acc *ac, struct arena *a)
{
	const struct sindex *x = ac->x;
	for (int k = 0; k < SEARCH_FACETS; k++) {
		size_t n = 0;
		struct search_count *v;
		for (size_t i = 1; i <= x->nval; i++)
			n += ac->count[k][i] != 0;
		if (!n)
			continue;
		if (!(v = arena_alloc(a, n * sizeof *v)))
			return -1;
		n = 0;
		for (size_t i = 1; i <= x->nval; i++)
			if (ac->count[k][i]) {
				v[n].value = x->val[i - 1];
				v[n++].n = ac->count[k][i];
			}
		qsort(v, n, sizeof *v, count_cmp);
		if (n > FACET_MAX)
			n = FACET_MAX;
		for (size_t i = 0; i < n; i++)
			if (!(v[i].value = arena_strdup(a, v[i].value)))
				return -1;
		ac->out->facets[k] = v;
		ac->out->nfacets[k] = n;
	}
	return 0;
}

int sindex_search(const struct sindex *x, struct tokenizer *tk, const struct query *q,
		  const struct search_filter *f, struct arena *a, struct search_result *out)
{
	struct plan pl;
	struct filt fl;
	struct acc ac = { x, &fl, out, f->want, { NULL } };
	struct batch b = { 0, { 0 }, NULL };
	uint32_t *counts = NULL;
	int rc = -1;

	memset(out, 0, sizeof *out);
	memset(&pl, 0, sizeof pl);
	if (filt_make(x, f, &fl) < 0 ||
	    !(out->hits = arena_alloc(a, (f->want ? f->want : 1) * sizeof *out->hits)) ||
	    !(counts = calloc(SEARCH_FACETS * (x->nval + 1), sizeof *counts)) ||
	    plan_make(x, tk, q, &pl) < 0 || plan_start(x, &pl) < 0 ||
	    !(b.tf = malloc(BATCH * (pl.npos + 1) * NCOL * sizeof *b.tf)))
		goto out;
	for (int k = 0; k < SEARCH_FACETS; k++)
		ac.count[k] = counts + (size_t)k * (x->nval + 1);
	if (pl.npos == 1 && pl.nneg == 0 && pl.pos[0]->ntok == 1) {
		/* one word: its postings alone */
		struct phrase *p = pl.pos[0];
		for (; !p->c.done; cur_next(&p->c)) {
			p->slot = p->c.slot;
			batch_add(&ac, &b, &pl, p->slot);
		}
	} else if (pl.nclause == 0) {
		/* a browse: every document the filters let through */
		for (uint32_t s = 0; s < x->nslots; s++)
			if (passes(x, &fl, s) && !excluded(&pl, s))
				take(&ac, s, 1.0);
	} else {
		/* the clause with the fewest documents leads; the others follow */
		size_t lead = 0;
		double least = -1;
		for (size_t c = 0; c < pl.nclause; c++) {
			double n = 0;
			for (size_t i = pl.cstart[c]; i < pl.cstart[c + 1]; i++) {
				const struct phrase *p = pl.pos[i];
				if (!p->missing)
					n += p->ntok == 1 ? x->terms[p->tok[0]].df : (double)p->nm;
			}
			if (least < 0 || n < least) {
				least = n;
				lead = c;
			}
		}
		for (uint32_t s = clause_seek(&pl, lead, 0); s != UINT32_MAX;) {
			uint32_t next = s;
			for (size_t c = 0; c < pl.nclause && next == s; c++)
				if (c != lead)
					next = clause_seek(&pl, c, s);
			if (next == UINT32_MAX)
				break;
			if (next != s) {
				s = clause_seek(&pl, lead, next);
				continue;
			}
			if (!excluded(&pl, s))
				batch_add(&ac, &b, &pl, s);
			s = s == UINT32_MAX - 1 ? UINT32_MAX : clause_seek(&pl, lead, s + 1);
		}
	}
	batch_flush(&ac, &b, &pl);
	for (size_t i = 0; i < out->nhits; i++)
		out->hits[i].id = x->cold[out->hits[i].id].id;
	qsort(out->hits, out->nhits, sizeof *out->hits, hit_cmp);
	if (facets_out(&ac, a) < 0)
		goto out;
	rc = 0;
out:
	free(b.tf);
	free(counts);
	plan_free(&pl);
	return rc;
}

/* ---- the vocabulary --------------------------------------------------------- */

static int term_cmp(const void *a, const void *b, void *arg)
{
	const struct sindex *x = arg;
	const struct sterm *s = &x->terms[*(const uint32_t *)a];
	const struct sterm *t = &x->terms[*(const uint32_t *)b];
	size_t n = s->len < t->len ? s->len : t->len;
	int c = memcmp(x->pool + s->off, x->pool + t->off, n);
	return c ? c : (s->len > t->len) - (s->len < t->len);
}

int sindex_latin_terms(const struct sindex *x, sindex_term_fn fn, void *arg)
{
	uint32_t *ids = malloc((x->nterms ? x->nterms : 1) * sizeof *ids);
	size_t n = 0;
	int rc = 0;
	if (!ids)
		return -1;
	for (size_t i = 0; i < x->nterms; i++) {
		const struct sterm *t = &x->terms[i];
		int latin = t->len > 0;
		for (uint32_t k = 0; k < t->len && latin; k++) {
			char ch = x->pool[t->off + k];
			latin = ch >= 'a' && ch <= 'z';
		}
		if (latin)
			ids[n++] = (uint32_t)i;
	}
	qsort_r(ids, n, sizeof *ids, term_cmp, (void *)x);
	for (size_t i = 0; i < n && !rc; i++) {
		const struct sterm *t = &x->terms[ids[i]];
		rc = fn(arg, x->pool + t->off, t->len, t->df);
	}
	free(ids);
	return rc;
}
