/*
 * overlap_index.c — the process's duplicate-detection index, kept in step
 * with the store by change numbers, and the verified search.  See
 * overlap_index.h.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/log.h"
#include "core/util.h"
#include "domain/overlap_index.h"
#include "store/store.h"
#include "text/tokenize.h"
#include "core/banned.h"

#define DUPLICATE_COPY 0.8   /* beyond this copy score topic cannot change a verdict */

static struct {
	pthread_rwlock_t lock;       /* ix and df */
	pthread_mutex_t sync;        /* one sync at a time */
	struct ov_index *ix;
	struct tfidf_df *df;
	int64_t seq;                 /* the last change applied */
	char instance[64];           /* the store it was built from */
	int loaded;
	size_t df_added;             /* vectors counted since the last full build */
} g = { .lock = PTHREAD_RWLOCK_INITIALIZER, .sync = PTHREAD_MUTEX_INITIALIZER };

int64_t overlap_region_num(const char *code)
{
	int64_t v;
	return code && parse_i64(code, 0, 999999, &v) == 0 ? v : 0;
}

static uint64_t tag_of(int64_t round_id, const char *region)
{
	return (uint64_t)round_id << 24 | (uint64_t)overlap_region_num(region);
}

/* ---- prepared texts ----------------------------------------------------- */

int ovq_prepare(struct ovq *q, const char *title, const char *content, const char *indicators,
		struct derr *e)
{
	struct ov_doc d;
	memset(q, 0, sizeof *q);
	q->part[OV_TITLE] = title;
	q->part[OV_CONTENT] = content;
	q->part[OV_INDICATORS] = indicators;
	for (int p = 0; p < OV_PARTS; p++) {
		d.text[p] = q->part[p];
		d.len[p] = q->len[p] = q->part[p] ? strlen(q->part[p]) : 0;
	}
	if (ov_text_prepare(&d, &q->text) < 0 || ov_sketch_make(&q->text, &q->sketch) < 0) {
		ovq_release(q);
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	}
	return 0;
}

void ovq_release(struct ovq *q)
{
	ov_text_release(&q->text);
	ov_sketch_release(&q->sketch);
	tfidf_vec_release(&q->words);
	q->have_words = 0;
}

int ovq_words(struct ctx *c, struct ovq *q, struct derr *e)
{
	if (q->have_words)
		return 0;
	if (!c->tk || tfidf_vec_make(c->tk, q->part, q->len, OV_PARTS, &q->words) < 0)
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "cannot read the words of a text");
	q->have_words = 1;
	return 0;
}

/* ---- keeping in step ---------------------------------------------------- */

struct apply {
	struct ctx *c;
	struct ov_index *ix;
	struct tfidf_df *df;
	int64_t seq;
	size_t added;
};

/* A sketch from the row, or made again from the text when it was stored
 * by another version of the engine. */
static int sketch_of(struct apply *ap, const struct overlap_doc *d, struct ov_sketch *s)
{
	struct overlap_doc full;
	struct ovq q;
	struct derr e = { 0 };
	if (ov_sketch_decode(d->sketch, d->sketch_len, s) == 0)
		return 0;
	if (store_doc_get(ap->c->db, ap->c->a, d->id, &full) != 0 ||
	    ovq_prepare(&q, full.title, full.content, full.indicators, &e) < 0)
		return -1;
	*s = q.sketch;
	memset(&q.sketch, 0, sizeof q.sketch);
	ovq_release(&q);
	return 0;
}

static int apply_doc(void *arg, const struct overlap_doc *d)
{
	struct apply *ap = arg;
	struct ov_sketch s;
	int rc;
	if (d->seq > ap->seq)
		ap->seq = d->seq;
	if (strcmp(d->status, "retired") == 0)
		return ov_index_remove(ap->ix, d->id) < 0 ? DB_ERR : 0;
	if (sketch_of(ap, d, &s) < 0)
		return DB_ERR;
	rc = ov_index_put(ap->ix, d->id, tag_of(d->round_id, d->region_code), &s);
	ov_sketch_release(&s);
	if (rc < 0)
		return DB_ERR;
	if (d->words) {
		struct tfidf_vec v;
		if (tfidf_vec_decode(d->words, d->words_len, &v) == 0) {
			rc = tfidf_df_add(ap->df, &v, 1);
			tfidf_vec_release(&v);
			if (rc < 0)
				return DB_ERR;
			ap->added++;
		}
	}
	return 0;
}

static int apply_gone(void *arg, int64_t doc_id)
{
	struct apply *ap = arg;
	return ov_index_remove(ap->ix, doc_id) < 0 ? DB_ERR : 0;
}

int overlap_index_sync(struct ctx *c, struct derr *e)
{
	const char *inst = NULL;
	struct apply ap = { c, NULL, NULL, 0, 0 };
	int64_t seq;
	int rc = -1, r;

	if (store_in_txn(c->db))
		return 0;
	pthread_mutex_lock(&g.sync);
	if ((r = store_overlap_instance(c->db, c->a, &inst)) != 0) {
		derr_set(e, DERR_INTERNAL, "internal", NULL,
			 r > 0 ? "the store has no overlap index identity" : "cannot read the store");
		goto out;
	}
	if (g.loaded && strcmp(inst, g.instance) == 0 &&
	    g.df_added < tfidf_df_docs(g.df) / 2 + 1000) {
		/* in step but for the latest changes */
		if ((seq = store_doc_seq(c->db)) < 0) {
			derr_store(e, (int)seq, "reading the index's changes");
			goto out;
		}
		if (seq > g.seq) {
			pthread_rwlock_wrlock(&g.lock);
			ap.ix = g.ix;
			ap.df = g.df;
			ap.seq = g.seq;
			r = store_doc_changes(c->db, g.seq, apply_doc, apply_gone, &ap);
			if (r == 0)
				g.seq = seq > ap.seq ? seq : ap.seq;
			else
				g.loaded = 0;   /* half applied: build afresh next time */
			g.df_added += ap.added;
			ap.ix = NULL;   /* the live index: not ours to free */
			ap.df = NULL;
			pthread_rwlock_unlock(&g.lock);
			if (r != 0) {
				derr_store(e, r < 0 ? r : DB_ERR, "following the index's changes");
				goto out;
			}
		}
		rc = 0;
		goto out;
	}
	/* build afresh, then swap in */
	if ((seq = store_doc_seq(c->db)) < 0) {
		derr_store(e, (int)seq, "reading the index's changes");
		goto out;
	}
	ap.ix = ov_index_new();
	ap.df = tfidf_df_new();
	if (!ap.ix || !ap.df) {
		derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		goto out;
	}
	if ((r = store_doc_changes(c->db, 0, apply_doc, apply_gone, &ap)) != 0) {
		derr_store(e, r < 0 ? r : DB_ERR, "building the overlap index");
		goto out;
	}
	pthread_rwlock_wrlock(&g.lock);
	ov_index_free(g.ix);
	tfidf_df_free(g.df);
	g.ix = ap.ix;
	g.df = ap.df;
	ap.ix = NULL;
	ap.df = NULL;
	g.seq = seq > ap.seq ? seq : ap.seq;
	g.df_added = 0;
	snprintf(g.instance, sizeof g.instance, "%s", inst);
	g.loaded = 1;
	pthread_rwlock_unlock(&g.lock);
	log_info("overlap: index of %zu documents built", ov_index_count(g.ix));
	rc = 0;
out:
	ov_index_free(ap.ix);
	tfidf_df_free(ap.df);
	pthread_mutex_unlock(&g.sync);
	return rc;
}

void overlap_index_figures(size_t *docs, size_t *bytes)
{
	pthread_rwlock_rdlock(&g.lock);
	*docs = g.ix ? ov_index_count(g.ix) : 0;
	*bytes = g.ix ? ov_index_bytes(g.ix) : 0;
	pthread_rwlock_unlock(&g.lock);
}

/* ---- the search --------------------------------------------------------- */

double ovx_cosine(const struct tfidf_vec *a, const struct tfidf_vec *b)
{
	double v;
	pthread_rwlock_rdlock(&g.lock);
	v = tfidf_cosine(a, b, g.df);
	pthread_rwlock_unlock(&g.lock);
	return v;
}

struct keep_state {
	ovx_keep_fn keep;
	void *arg;
};

static int keep_tag(void *arg, int64_t id, uint64_t tag)
{
	struct keep_state *k = arg;
	return !k->keep || k->keep(k->arg, id, (int64_t)(tag >> 24), (int64_t)(tag & 0xFFFFFF));
}

static int hit_cmp(const void *x, const void *y)
{
	const struct ovx_hit *a = x, *b = y;
	if (a->score.score != b->score.score)
		return a->score.score > b->score.score ? -1 : 1;
	return a->doc.id < b->doc.id ? -1 : a->doc.id > b->doc.id;
}

/* Compares q with document d exactly; 1 if it reaches min_score (*h set). */
static int verify(struct ctx *c, struct ovq *q, const struct overlap_doc *d, double min_score,
		  int all_topics, struct ovx_hit *h, struct derr *e)
{
	struct ovq o;
	int rc = 0;

	if (ovq_prepare(&o, d->title, d->content, d->indicators, e) < 0)
		return -1;
	memset(h, 0, sizeof *h);
	h->doc = *d;
	ov_compare(&q->text, &o.text, &h->score);
	if (h->score.copy >= OVERLAP_TOPIC_FLOOR && (all_topics || h->score.copy < DUPLICATE_COPY)) {
		struct tfidf_vec stored;
		const struct tfidf_vec *ow = NULL;
		if (ovq_words(c, q, e) < 0) {
			rc = -1;
			goto out;
		}
		if (d->words && tfidf_vec_decode(d->words, d->words_len, &stored) == 0) {
			ow = &stored;
		} else if (ovq_words(c, &o, e) == 0) {
			ow = &o.words;
			memset(&stored, 0, sizeof stored);
		} else {
			rc = -1;
			goto out;
		}
		ov_score_topic(&h->score, ovx_cosine(&q->words, ow));
		tfidf_vec_release(&stored);
	}
	rc = h->score.score >= min_score;
out:
	ovq_release(&o);
	return rc;
}

int ovx_find(struct ctx *c, struct ovq *q, ovx_keep_fn keep, void *arg, double min_est,
	     double min_score, size_t max, int all_topics, struct ovx_hit **out, size_t *n,
	     struct derr *e)
{
	struct keep_state ks = { keep, arg };
	struct ov_cand *cand = NULL;
	struct overlap_doc *delta = NULL;
	struct ovx_hit *hits = NULL;
	size_t ncand = 0, ndelta = 0, nhits = 0, cap;
	int64_t seq;
	int rc = -1, r;

	*out = NULL;
	*n = 0;
	if (overlap_index_sync(c, e) < 0)
		return -1;
	pthread_rwlock_rdlock(&g.lock);
	seq = g.seq;
	r = g.ix ? ov_index_query(g.ix, &q->sketch, min_est, OVERLAP_MAX_CAND, keep_tag, &ks,
				  &cand, &ncand) : 0;
	pthread_rwlock_unlock(&g.lock);
	if (r < 0)
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	/* what the index has not read: inside a transaction, this one's own
	 * writes and whatever was committed since the last sync */
	if ((r = store_doc_since(c->db, c->a, seq, &delta, &ndelta)) < 0) {
		derr_store(e, r, "reading recent documents");
		goto out;
	}
	cap = ncand + ndelta;
	if (cap && !(hits = arena_alloc(c->a, cap * sizeof *hits))) {
		derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < ncand; i++) {
		struct overlap_doc d;
		size_t k;
		for (k = 0; k < ndelta && delta[k].id != cand[i].id; k++)
			;
		if (k < ndelta)
			continue;   /* changed since: looked at below as it is now */
		r = store_doc_get(c->db, c->a, cand[i].id, &d);
		if (r < 0) {
			derr_store(e, r, "reading a document");
			goto out;
		}
		if (r > 0 || strcmp(d.status, "retired") == 0)
			continue;
		if ((r = verify(c, q, &d, min_score, all_topics, &hits[nhits], e)) < 0)
			goto out;
		nhits += (size_t)r;
	}
	for (size_t k = 0; k < ndelta; k++) {
		const struct overlap_doc *d = &delta[k];
		if (keep && !keep(arg, d->id, d->round_id, overlap_region_num(d->region_code)))
			continue;
		if ((r = verify(c, q, d, min_score, all_topics, &hits[nhits], e)) < 0)
			goto out;
		nhits += (size_t)r;
	}
	if (nhits)
		qsort(hits, nhits, sizeof *hits, hit_cmp);
	*out = hits;
	*n = nhits < max ? nhits : max;
	rc = 0;
out:
	free(cand);
	return rc;
}
