/*
 * search_live.c — the process's in-memory search index, kept in step with
 * the store's change log (see search_live.h).
 */
#include <pthread.h>
#include <stdlib.h>
#include "core/log.h"
#include "core/util.h"
#include "domain/search_live.h"
#include "store/search.h"
#include "store/store.h"
#include "core/banned.h"

static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
static struct {
	struct sindex *x;
	int64_t rev, epoch;          /* the clock it has read up to, and whose */
} live;

struct load {
	struct sindex *x;
	struct tokenizer *tk;
	int failed;
};

static int load_cb(void *arg, const struct search_doc_row *r)
{
	struct load *l = arg;
	struct sindex_doc d;
	if (!r->kind) {
		sindex_remove(l->x, r->id);
		return 0;
	}
	d.id = r->id;
	d.kind = r->kind;
	d.region = r->region_code;
	d.city = r->city_code;
	d.category = r->category;
	d.region2 = r->region2;
	d.org = r->org_id;
	d.org2 = r->org2_id;
	d.year = r->year;
	d.vis = r->vis;
	d.activity = r->activity;
	d.text[0] = r->name;
	d.text[1] = r->name_en;
	d.text[2] = r->subtitle;
	d.text[3] = r->body;
	if (sindex_put(l->x, l->tk, &d) < 0) {
		l->failed = 1;
		return 1;
	}
	return 0;
}

/* Whether the index must be read again from every item. */
static int stale(const struct search_clock *k)
{
	struct sindex_stats st;
	if (!live.x || live.epoch != k->epoch || k->docs < live.rev ||
	    k->docs - live.rev > SEARCH_LOG_KEEP)
		return 1;
	sindex_stats(live.x, &st);
	return st.slots - st.docs > st.docs / 4 + 10000;   /* many replaced documents */
}

/* Brings the index to the store's state; the write lock is held. */
static int catch_up(struct ctx *c, struct derr *e)
{
	struct search_clock k;
	struct load l = { NULL, c->tk, 0 };
	int64_t t0 = now_usec_mono(), upto = 0;
	int rc, rebuild;

	if ((rc = store_begin_read(c->db)) < 0)
		return derr_store(e, rc, "reading the search index");
	if ((rc = store_search_clock(c->db, &k)) < 0)
		goto fail;
	if (live.x && live.epoch == k.epoch && live.rev == k.docs) {
		store_rollback(c->db);
		return 0;
	}
	rebuild = stale(&k);
	if (rebuild) {
		/* searches wait for the new one anyway: give the memory back first */
		sindex_free(live.x);
		live.x = NULL;
	}
	l.x = rebuild ? sindex_new() : live.x;
	if (!l.x) {
		store_rollback(c->db);
		goto oom;
	}
	rc = rebuild ? store_search_scan(c->db, load_cb, &l)
		     : store_search_changes(c->db, live.rev, &upto, load_cb, &l);
	store_rollback(c->db);
	if (l.failed || rc < 0) {
		/* a half-applied index is thrown away: the next search reads it all */
		if (l.x == live.x)
			live.x = NULL;
		sindex_free(l.x);
		if (l.failed)
			goto oom;
		return derr_store(e, rc, "reading the search index");
	}
	if (rebuild) {
		struct sindex_stats st;
		sindex_trim(l.x);
		live.x = l.x;
		sindex_stats(live.x, &st);
		log_info("search: index of %zu items, %zu terms, %llu postings, %zu MB built in %lld ms",
			 st.docs, st.terms, (unsigned long long)st.postings, st.bytes >> 20,
			 (long long)((now_usec_mono() - t0) / 1000));
	}
	live.rev = k.docs;
	live.epoch = k.epoch;
	return 0;
fail:
	store_rollback(c->db);
	return derr_store(e, rc, "reading the search index");
oom:
	return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory building the search index");
}

/* Takes the read lock on an index that is up to date (inside a
 * transaction: as it is, if there is one). */
static int read_lock_fresh(struct ctx *c, struct derr *e)
{
	struct search_clock k;
	int rc;
	if (store_in_txn(c->db)) {
		pthread_rwlock_rdlock(&lock);
		if (live.x)
			return 0;
		pthread_rwlock_unlock(&lock);
		return derr_set(e, DERR_INTERNAL, "internal", NULL,
				"the search index is not built (searched inside a transaction)");
	}
	if ((rc = store_search_clock(c->db, &k)) < 0)
		return derr_store(e, rc, "reading the search clock");
	pthread_rwlock_rdlock(&lock);
	if (live.x && live.epoch == k.epoch && live.rev == k.docs)
		return 0;
	pthread_rwlock_unlock(&lock);
	pthread_rwlock_wrlock(&lock);
	rc = catch_up(c, e);
	pthread_rwlock_unlock(&lock);
	if (rc < 0)
		return -1;
	pthread_rwlock_rdlock(&lock);
	if (!live.x) {
		pthread_rwlock_unlock(&lock);
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "the search index is not built");
	}
	return 0;
}

int search_live_run(struct ctx *c, const struct query *q, const struct search_filter *f,
		    struct search_result *out, struct derr *e)
{
	int rc;
	if (read_lock_fresh(c, e) < 0)
		return -1;
	rc = sindex_search(live.x, c->tk, q, f, c->a, out);
	pthread_rwlock_unlock(&lock);
	if (rc < 0)
		return derr_set(e, DERR_INTERNAL, "internal", NULL,
				"searching failed (out of memory, or over %d values in a filter)",
				SEARCH_MAX_VALUES);
	return 0;
}

int search_live_terms(struct ctx *c, sindex_term_fn fn, void *arg, struct derr *e)
{
	int rc;
	if (read_lock_fresh(c, e) < 0)
		return -1;
	rc = sindex_latin_terms(live.x, fn, arg);
	pthread_rwlock_unlock(&lock);
	if (rc == -1)
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory reading terms");
	return rc;
}

int search_live_warm(struct ctx *c, struct derr *e)
{
	if (read_lock_fresh(c, e) < 0)
		return -1;
	pthread_rwlock_unlock(&lock);
	return 0;
}

void search_live_free(void)
{
	pthread_rwlock_wrlock(&lock);
	sindex_free(live.x);
	live.x = NULL;
	live.rev = live.epoch = 0;
	pthread_rwlock_unlock(&lock);
}
