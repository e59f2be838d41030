/*
 * overlap.c — prepared texts, exact comparison and passages, sketches,
 * and the candidate index.  See overlap.h.
 */
#include <stdlib.h>
#include <string.h>
#include "core/rng.h"
#include "text/lsh.h"
#include "text/overlap.h"
#include "core/banned.h"

/* ---- prepared texts ----------------------------------------------------- */

void ov_text_release(struct ov_text *t)
{
	for (int p = 0; p < OV_PARTS; p++) {
		shingles_release(&t->part[p]);
		shset_release(&t->set[p]);
	}
	shset_release(&t->all);
}

int ov_text_prepare(const struct ov_doc *d, struct ov_text *t)
{
	memset(t, 0, sizeof *t);
	for (int p = 0; p < OV_PARTS; p++) {
		const char *s = d->text[p] ? d->text[p] : "";
		size_t len = d->text[p] ? d->len[p] : 0;
		if (shingles_make(s, len, &t->part[p]) < 0 ||
		    shset_add(&t->set[p], t->part[p].hash, t->part[p].n) < 0 ||
		    shset_add(&t->all, t->set[p].h, t->set[p].n) < 0)
			goto fail;
	}
	return 0;
fail:
	ov_text_release(t);
	return -1;
}

/* ---- exact comparison --------------------------------------------------- */

double ov_combine(double copy, double topic)
{
	double lifted = (copy + topic) / 2;
	return topic >= 0 && lifted > copy ? lifted : copy;
}

static double ratio(size_t num, size_t den)
{
	double r = den ? (double)num / (double)den : 0;
	return r > 1 ? 1 : r;
}

void ov_compare(const struct ov_text *a, const struct ov_text *b, struct ov_score *out)
{
	size_t na = a->all.n, nb = b->all.n, small = na < nb ? na : nb;
	size_t c = shset_common(&a->all, &b->all);

	memset(out, 0, sizeof *out);
	out->common = c;
	out->jaccard = ratio(c, na + nb - c);
	out->contain_a = ratio(c, na);
	out->contain_b = ratio(c, nb);
	out->copy = ratio(c, small > OV_MIN_SET ? small : OV_MIN_SET);
	for (int p = 0; p < OV_PARTS; p++) {
		size_t pa = a->set[p].n, pb = b->set[p].n;
		out->part[p] = pa && pb
			? ratio(shset_common(&a->set[p], &b->set[p]), pa < pb ? pa : pb) : -1;
	}
	out->topic = -1;
	out->score = out->copy;
}

void ov_score_topic(struct ov_score *s, double topic)
{
	s->topic = topic < 0 ? -1 : topic > 1 ? 1 : topic;
	s->score = ov_combine(s->copy, s->topic);
}

int ov_passages(const struct ov_text *t, enum ov_part p, const struct shset *other,
		struct hl_range **out, size_t *n)
{
	const struct shingles *s;
	struct hl_range *r = NULL;
	size_t nr = 0, i = 0;

	*out = NULL;
	*n = 0;
	if ((unsigned)p >= OV_PARTS)
		return 0;
	s = &t->part[p];
	while (i < s->n) {
		size_t j = i;
		while (j < s->n && shset_has(other, s->hash[j]))
			j++;
		if (j - i >= OV_MIN_RUN) {
			size_t start = s->start[i], end = s->end[i];
			for (size_t k = i; k < j; k++)
				if (s->end[k] > end)
					end = s->end[k];
			if (nr && start <= r[nr - 1].end) {
				if (end > r[nr - 1].end)
					r[nr - 1].end = end;
			} else {
				struct hl_range *nrr = realloc(r, (nr + 1) * sizeof *r);
				if (!nrr) {
					free(r);
					return -1;
				}
				r = nrr;
				r[nr].start = start;
				r[nr].end = end;
				nr++;
			}
		}
		i = j > i ? j : i + 1;
	}
	*out = r;
	*n = nr;
	return 0;
}

/* ---- sketches ----------------------------------------------------------- */

void ov_sketch_release(struct ov_sketch *s)
{
	free(s->seg);
	memset(s, 0, sizeof *s);
}

/* Signs h[0..n) (repeats allowed) into seg, counting its distinct values
 * with the scratch tmp/tmp2 (n values each). */
static void sign_window(const uint64_t *h, size_t n, uint64_t *tmp, uint64_t *tmp2,
			struct ov_segment *seg)
{
	memcpy(tmp, h, n * sizeof *h);
	seg->size = (uint32_t)shingle_sort_unique(tmp, tmp2, n);
	minhash_sign(tmp, seg->size, &seg->sig);
}

int ov_sketch_make(const struct ov_text *t, struct ov_sketch *out)
{
	size_t total = 0, nwin = 0, k = 0, step = OV_WINDOW / 2;
	uint64_t *pos = NULL, *tmp = NULL, *tmp2 = NULL;
	int rc = -1;

	memset(out, 0, sizeof *out);
	for (int p = 0; p < OV_PARTS; p++)
		total += t->part[p].n;
	if (total > (size_t)OV_WINDOW * 3 / 2)
		nwin = (total - OV_WINDOW + step - 1) / step + 1;
	if (t->all.n > UINT32_MAX || nwin > UINT32_MAX - 1)
		return -1;
	if (!(out->seg = calloc(nwin + 1, sizeof *out->seg)))
		return -1;
	out->nshingles = (uint32_t)t->all.n;
	out->nseg = (uint32_t)(nwin + 1);
	out->seg[0].size = (uint32_t)t->all.n;
	minhash_sign(t->all.h, t->all.n, &out->seg[0].sig);
	if (nwin) {
		pos = malloc(total * sizeof *pos);
		tmp = malloc(OV_WINDOW * sizeof *tmp);
		tmp2 = malloc(OV_WINDOW * sizeof *tmp2);
		if (!pos || !tmp || !tmp2)
			goto out;
		for (int p = 0; p < OV_PARTS; p++) {
			if (!t->part[p].n)
				continue;
			memcpy(pos + k, t->part[p].hash, t->part[p].n * sizeof *pos);
			k += t->part[p].n;
		}
		for (size_t w = 0; w < nwin; w++) {
			size_t s = w * step;
			if (s + OV_WINDOW > total)
				s = total - OV_WINDOW;   /* the last window ends with the text */
			sign_window(pos + s, OV_WINDOW, tmp, tmp2, &out->seg[w + 1]);
		}
	}
	rc = 0;
out:
	free(pos);
	free(tmp);
	free(tmp2);
	if (rc < 0)
		ov_sketch_release(out);
	return rc;
}

#define SKETCH_HEAD 12
#define SKETCH_SEG (4 + 2 * MINHASH_K)
#define SKETCH_MAX_SEG (1u << 20)

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int ov_sketch_encode(const struct ov_sketch *s, unsigned char **blob, size_t *n)
{
	size_t len = SKETCH_HEAD + (size_t)s->nseg * SKETCH_SEG;
	unsigned char *b;

	*blob = NULL;
	*n = 0;
	if (s->nseg > SKETCH_MAX_SEG || !(b = malloc(len)))
		return -1;
	b[0] = 'O';
	b[1] = 'V';
	b[2] = OV_SKETCH_VERSION;
	b[3] = MINHASH_K;
	put32(b + 4, s->nshingles);
	put32(b + 8, s->nseg);
	for (uint32_t i = 0; i < s->nseg; i++) {
		unsigned char *p = b + SKETCH_HEAD + (size_t)i * SKETCH_SEG;
		put32(p, s->seg[i].size);
		for (int k = 0; k < MINHASH_K; k++) {
			p[4 + 2 * k] = (unsigned char)s->seg[i].sig.v[k];
			p[5 + 2 * k] = (unsigned char)(s->seg[i].sig.v[k] >> 8);
		}
	}
	*blob = b;
	*n = len;
	return 0;
}

int ov_sketch_decode(const void *blob, size_t n, struct ov_sketch *out)
{
	const unsigned char *b = blob;
	uint32_t nseg;

	memset(out, 0, sizeof *out);
	if (!b || n < SKETCH_HEAD || b[0] != 'O' || b[1] != 'V' || b[2] != OV_SKETCH_VERSION ||
	    b[3] != MINHASH_K)
		return -1;
	nseg = get32(b + 8);
	if (nseg == 0 || nseg > SKETCH_MAX_SEG || n != SKETCH_HEAD + (size_t)nseg * SKETCH_SEG)
		return -1;
	if (!(out->seg = calloc(nseg, sizeof *out->seg)))
		return -1;
	out->nshingles = get32(b + 4);
	out->nseg = nseg;
	for (uint32_t i = 0; i < nseg; i++) {
		const unsigned char *p = b + SKETCH_HEAD + (size_t)i * SKETCH_SEG;
		out->seg[i].size = get32(p);
		for (int k = 0; k < MINHASH_K; k++)
			out->seg[i].sig.v[k] = (uint16_t)(p[4 + 2 * k] | p[5 + 2 * k] << 8);
	}
	return 0;
}

/* ---- the index ---------------------------------------------------------- */

#define NONE UINT32_MAX
#define NO_ID INT64_MIN

struct idoc {
	int64_t id;
	uint64_t tag;
	uint32_t seg0, nseg;
	int live;
};

struct idmap {
	int64_t id;          /* NO_ID: empty */
	uint32_t doc;        /* NONE: removed */
};

struct ov_index {
	struct lsh *lsh;
	struct idoc *doc;
	size_t ndoc, capdoc, live;
	uint32_t *seg_doc, *seg_size;
	struct minhash *seg_sig;
	size_t nseg, capseg, dead_segs;
	struct idmap *map;
	unsigned mapbits;
	size_t mapused;
};

static uint64_t mix_id(int64_t id)
{
	return mix64((uint64_t)id + RNG_GOLDEN);
}

static struct idmap *map_alloc(unsigned bits)
{
	struct idmap *m = malloc(((size_t)1 << bits) * sizeof *m);
	if (m)
		for (size_t i = 0; i < ((size_t)1 << bits); i++) {
			m[i].id = NO_ID;
			m[i].doc = NONE;
		}
	return m;
}

/* The map slot for id: its own, or the empty one where it would go. */
static struct idmap *map_slot(struct idmap *m, unsigned bits, int64_t id)
{
	size_t mask = ((size_t)1 << bits) - 1, i = (size_t)(mix_id(id) >> (64 - bits));
	while (m[i].id != NO_ID && m[i].id != id)
		i = (i + 1) & mask;
	return &m[i];
}

static int map_reserve(struct ov_index *ix)
{
	unsigned bits = ix->mapbits;
	struct idmap *nm;
	if ((ix->mapused + 1) * 2 <= ((size_t)1 << bits))
		return 0;
	bits++;
	if (!(nm = map_alloc(bits)))
		return -1;
	for (size_t i = 0; i < ((size_t)1 << ix->mapbits); i++)
		if (ix->map[i].id != NO_ID && ix->map[i].doc != NONE)
			*map_slot(nm, bits, ix->map[i].id) = ix->map[i];
	free(ix->map);
	ix->map = nm;
	ix->mapbits = bits;
	ix->mapused = 0;
	for (size_t i = 0; i < ((size_t)1 << bits); i++)
		ix->mapused += nm[i].id != NO_ID;
	return 0;
}

struct ov_index *ov_index_new(void)
{
	struct ov_index *ix = calloc(1, sizeof *ix);
	if (!ix)
		return NULL;
	ix->mapbits = 8;
	if (!(ix->lsh = lsh_new()) || !(ix->map = map_alloc(ix->mapbits))) {
		ov_index_free(ix);
		return NULL;
	}
	return ix;
}

void ov_index_free(struct ov_index *ix)
{
	if (!ix)
		return;
	lsh_free(ix->lsh);
	free(ix->doc);
	free(ix->seg_doc);
	free(ix->seg_size);
	free(ix->seg_sig);
	free(ix->map);
	free(ix);
}

size_t ov_index_count(const struct ov_index *ix)
{
	return ix->live;
}

size_t ov_index_bytes(const struct ov_index *ix)
{
	return sizeof *ix + lsh_bytes(ix->lsh) + ix->capdoc * sizeof *ix->doc +
	       ix->capseg * (2 * sizeof(uint32_t) + sizeof(struct minhash)) +
	       ((size_t)1 << ix->mapbits) * sizeof *ix->map;
}

static int reserve(struct ov_index *ix, size_t nseg)
{
	if (ix->ndoc == ix->capdoc) {
		size_t cap = ix->capdoc ? ix->capdoc * 2 : 64;
		struct idoc *d = realloc(ix->doc, cap * sizeof *d);
		if (!d || cap >= NONE)
			return -1;
		ix->doc = d;
		ix->capdoc = cap;
	}
	if (ix->nseg + nseg > ix->capseg) {
		size_t cap = ix->capseg ? ix->capseg : 64;
		uint32_t *sd, *ss;
		struct minhash *sg;
		while (cap < ix->nseg + nseg)
			cap *= 2;
		if (cap >= NONE)
			return -1;
		if (!(sd = realloc(ix->seg_doc, cap * sizeof *sd)))
			return -1;
		ix->seg_doc = sd;
		if (!(ss = realloc(ix->seg_size, cap * sizeof *ss)))
			return -1;
		ix->seg_size = ss;
		if (!(sg = realloc(ix->seg_sig, cap * sizeof *sg)))
			return -1;
		ix->seg_sig = sg;
		ix->capseg = cap;
	}
	return map_reserve(ix);
}

static void kill_doc(struct ov_index *ix, uint32_t d)
{
	if (d == NONE || !ix->doc[d].live)
		return;
	ix->doc[d].live = 0;
	ix->live--;
	ix->dead_segs += ix->doc[d].nseg;
}

/* Rebuilds the arrays and the LSH table from the live documents when more
 * segments are dead than alive.  Failing leaves the index as it was. */
static void compact(struct ov_index *ix)
{
	struct ov_index *nx;
	if (ix->dead_segs < 1024 || ix->dead_segs < ix->nseg - ix->dead_segs)
		return;
	if (!(nx = ov_index_new()))
		return;
	for (size_t d = 0; d < ix->ndoc; d++) {
		struct idoc *o = &ix->doc[d];
		struct ov_segment *seg;
		struct ov_sketch sk;
		int rc;
		if (!o->live)
			continue;
		if (!(seg = malloc(o->nseg * sizeof *seg))) {
			ov_index_free(nx);
			return;
		}
		for (uint32_t k = 0; k < o->nseg; k++) {
			seg[k].size = ix->seg_size[o->seg0 + k];
			seg[k].sig = ix->seg_sig[o->seg0 + k];
		}
		sk.nshingles = seg[0].size;
		sk.nseg = o->nseg;
		sk.seg = seg;
		rc = ov_index_put(nx, o->id, o->tag, &sk);
		free(seg);
		if (rc < 0) {
			ov_index_free(nx);
			return;
		}
	}
	/* swap the insides */
	{
		struct ov_index tmp = *ix;
		*ix = *nx;
		*nx = tmp;
	}
	ov_index_free(nx);
}

int ov_index_put(struct ov_index *ix, int64_t id, uint64_t tag, const struct ov_sketch *s)
{
	struct idmap *m;
	uint32_t d;

	if (id == NO_ID)
		return -1;
	if (s->nshingles == 0 || s->nseg == 0)
		return ov_index_remove(ix, id);
	if (reserve(ix, s->nseg) < 0)
		return -1;
	d = (uint32_t)ix->ndoc;
	ix->doc[d] = (struct idoc){ id, tag, (uint32_t)ix->nseg, s->nseg, 0 };
	ix->ndoc++;
	for (uint32_t k = 0; k < s->nseg; k++) {
		uint32_t g = (uint32_t)ix->nseg;
		ix->seg_doc[g] = d;
		ix->seg_size[g] = s->seg[k].size;
		ix->seg_sig[g] = s->seg[k].sig;
		ix->nseg++;
		if (lsh_add(ix->lsh, g, &s->seg[k].sig) < 0) {
			/* the document stays dead; its segments are skipped */
			ix->doc[d].nseg = k + 1;
			ix->dead_segs += k + 1;
			return -1;
		}
	}
	m = map_slot(ix->map, ix->mapbits, id);
	if (m->id == NO_ID) {
		m->id = id;
		ix->mapused++;
	}
	kill_doc(ix, m->doc);
	m->doc = d;
	ix->doc[d].live = 1;
	ix->live++;
	compact(ix);
	return 0;
}

int ov_index_remove(struct ov_index *ix, int64_t id)
{
	struct idmap *m = map_slot(ix->map, ix->mapbits, id);
	if (m->id == NO_ID || m->doc == NONE)
		return 0;
	kill_doc(ix, m->doc);
	m->doc = NONE;
	compact(ix);
	return 0;
}

/* ---- queries ------------------------------------------------------------ */

#define REJECTED (-2.0)

struct qcand {
	uint32_t doc;
	uint32_t last_item, last_q;   /* the last segment pair looked at */
	double est;
};

struct query {
	const struct ov_index *ix;
	const struct ov_sketch *q;
	uint32_t qi;                  /* the query segment being looked up */
	ov_keep_fn keep;
	void *arg;
	struct qcand *c;
	size_t n, cap;
	uint32_t *slot;               /* open-addressed: doc -> index into c, or NONE */
	unsigned bits;
};

/* The largest size ratio of two segments whose signatures are compared:
 * beyond it the estimate is mostly noise, and a window of the larger one
 * (OV_WINDOW shingles) meets the smaller one anyway. */
#define MAX_RATIO 8

/*
 * Estimated copy score of two segments from their signatures and sizes:
 * J (a + b) / (1 + J) shared shingles over the smaller segment, with J
 * taken one agreement low, so that a chance agreement or two between a
 * long text and a short one does not look like a copy.
 */
static double estimate(uint32_t a, uint32_t b, int agree)
{
	double j = agree > 0 ? (double)(agree - 1) / MINHASH_K : 0, m = a < b ? a : b, e;
	if ((double)(a > b ? a : b) > MAX_RATIO * (m > 1 ? m : 1))
		return 0;
	if (m < OV_MIN_SET)
		m = OV_MIN_SET;
	e = j * ((double)a + b) / (1 + j) / m;
	return e > 1 ? 1 : e;
}

static int query_grow(struct query *st)
{
	unsigned bits = st->bits ? st->bits + 1 : 8;
	uint32_t *slot;
	if (st->n == st->cap) {
		size_t cap = st->cap ? st->cap * 2 : 128;
		struct qcand *c = realloc(st->c, cap * sizeof *c);
		if (!c)
			return -1;
		st->c = c;
		st->cap = cap;
	}
	if (st->bits && (st->n + 1) * 2 <= ((size_t)1 << st->bits))
		return 0;
	if (!(slot = malloc(((size_t)1 << bits) * sizeof *slot)))
		return -1;
	memset(slot, 0xFF, ((size_t)1 << bits) * sizeof *slot);
	for (size_t i = 0; i < st->n; i++) {
		size_t k = (size_t)(mix_id(st->c[i].doc) >> (64 - bits));
		while (slot[k] != NONE)
			k = (k + 1) & (((size_t)1 << bits) - 1);
		slot[k] = (uint32_t)i;
	}
	free(st->slot);
	st->slot = slot;
	st->bits = bits;
	return 0;
}

static int on_hit(void *arg, uint32_t item)
{
	struct query *st = arg;
	const struct ov_index *ix = st->ix;
	uint32_t d = ix->seg_doc[item];
	const struct idoc *doc = &ix->doc[d];
	struct qcand *c;
	size_t k;
	double e;

	if (!doc->live)
		return 0;
	if (st->bits) {
		k = (size_t)(mix_id(d) >> (64 - st->bits));
		while (st->slot[k] != NONE && st->c[st->slot[k]].doc != d)
			k = (k + 1) & (((size_t)1 << st->bits) - 1);
	}
	if (!st->bits || st->slot[k] == NONE) {
		if (query_grow(st) < 0)
			return -1;
		k = (size_t)(mix_id(d) >> (64 - st->bits));
		while (st->slot[k] != NONE)
			k = (k + 1) & (((size_t)1 << st->bits) - 1);
		st->slot[k] = (uint32_t)st->n;
		c = &st->c[st->n++];
		c->doc = d;
		c->last_item = NONE;
		c->last_q = NONE;
		c->est = st->keep && !st->keep(st->arg, doc->id, doc->tag) ? REJECTED : 0;
	} else {
		c = &st->c[st->slot[k]];
	}
	if (c->est == REJECTED || (c->last_item == item && c->last_q == st->qi))
		return 0;
	c->last_item = item;
	c->last_q = st->qi;
	e = estimate(st->q->seg[st->qi].size, ix->seg_size[item],
		     minhash_agree(&st->q->seg[st->qi].sig, &ix->seg_sig[item]));
	if (e > c->est)
		c->est = e;
	return 0;
}

static int cand_cmp(const void *x, const void *y)
{
	const struct ov_cand *a = x, *b = y;
	if (a->est != b->est)
		return a->est > b->est ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

int ov_index_query(const struct ov_index *ix, const struct ov_sketch *q, double min_est,
		   size_t max, ov_keep_fn keep, void *arg, struct ov_cand **out, size_t *n)
{
	struct query st = { .ix = ix, .q = q, .keep = keep, .arg = arg };
	struct ov_cand *res = NULL;
	size_t nres = 0;
	int rc = -1;

	*out = NULL;
	*n = 0;
	if (q->nshingles == 0)
		return 0;
	for (st.qi = 0; st.qi < q->nseg; st.qi++)
		if (lsh_query(ix->lsh, &q->seg[st.qi].sig, on_hit, &st) < 0)
			goto out;
	for (size_t i = 0; i < st.n; i++)
		nres += st.c[i].est >= min_est;
	if (nres) {
		size_t k = 0;
		if (!(res = malloc(nres * sizeof *res)))
			goto out;
		for (size_t i = 0; i < st.n; i++)
			if (st.c[i].est >= min_est) {
				const struct idoc *d = &ix->doc[st.c[i].doc];
				res[k].id = d->id;
				res[k].tag = d->tag;
				res[k].est = st.c[i].est;
				k++;
			}
		qsort(res, nres, sizeof *res, cand_cmp);
		if (nres > max)
			nres = max;
	}
	*out = res;
	*n = nres;
	res = NULL;
	rc = 0;
out:
	free(res);
	free(st.c);
	free(st.slot);
	return rc;
}
