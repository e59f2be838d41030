/*
 * expert_index.c — the in-memory keyword index of expert profiles, kept in
 * step with the store's change clock.  See expert_index.h for the model.
 *
 * Layout: documents (one slot per profile version) as parallel arrays;
 * keywords and words in two dictionaries (open-addressing hash maps over
 * one string pool); each keyword lists its words and the slots holding
 * it, each word the keywords containing it, each discipline the slots
 * filed under it.  Slots only grow; a dead slot is skipped until the next
 * rebuild.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "core/log.h"
#include "core/util.h"
#include "domain/catalog.h"
#include "domain/discipline.h"
#include "domain/expert.h"
#include "domain/expert_index.h"
#include "store/expert.h"
#include "store/store.h"
#include "text/tokenize.h"
#include "core/banned.h"

#define KEYWORD_COVERAGE 0.6     /* share of a keyword's word weight the text must hold */
#define DISC_COVERAGE 0.5
#define MAX_KW_WORDS 32          /* words of one keyword taken into account */
#define MAX_DISC_WORDS 16

/* ---- the structures ----------------------------------------------------- */

struct kw {
	uint32_t off, len;           /* the keyword as written, in pool */
	uint32_t words, nwords;      /* its term ids, in wordpool */
	uint32_t df;                 /* slots that took it (dead ones too) */
	uint32_t *post, npost, cap;  /* slots holding it, ascending */
};

struct xterm {
	uint32_t off, len;           /* the folded word, in pool */
	uint32_t *kws, nkws, cap;    /* keywords containing it */
	int generic;                 /* too general to match a discipline by */
};

struct disc {
	const struct discipline *d;
	int parent;                  /* index of the first level, or -1 */
	uint32_t words[MAX_DISC_WORDS], nwords;
	uint32_t *post, npost, cap;
};

struct strmap {
	uint32_t *slot;              /* id + 1; 0 = empty */
	uint32_t cap, n;             /* cap is a power of two */
};

struct scratch {
	struct scratch *next;
	size_t ndocs, nkws, nterms;
	float *acc;                  /* per slot */
	uint8_t *mark;               /* per slot: 1 scored, 2 candidate */
	float *cov;                  /* per keyword */
	uint16_t *minq;              /* per keyword */
	uint16_t *qtf;               /* per term */
	uint32_t *touched, *tkws, *qterms, *cands;
	size_t ntouched, captouched, ntkws, captkws, nq, capq, ncands, capcands;
};

struct xindex {
	int built;
	int64_t rev, epoch;          /* of the database it was built from */
	/* documents */
	size_t ndocs, capdocs, dead;
	int64_t *id, *org;
	uint8_t *region, *title, *alive;
	uint16_t *city, *disc;       /* disc: XDOC_DISCIPLINES per slot, index + 1 */
	uint32_t *slot_of;           /* expert id -> slot + 1 */
	size_t nslot_of;
	char regions[255][8];
	int nregions;
	char (*cities)[8];
	int ncities, capcities;
	/* dictionaries */
	char *pool;
	size_t poollen, poolcap;
	struct kw *kws;
	size_t nkws, capkws;
	struct strmap kwmap;
	struct xterm *terms;
	size_t nterms, capterms;
	struct strmap termmap;
	uint32_t *wordpool;
	size_t nwordpool, capwordpool;
	struct disc *discs;
	size_t ndiscs;
	int64_t postings, build_ms;
};

static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
static pthread_mutex_t scratch_lock = PTHREAD_MUTEX_INITIALIZER;
static struct xindex ix;
static struct scratch *scratch_pool;

/* ---- growing arrays ----------------------------------------------------- */

/* Makes room for one more element in *arr (n used, *cap allocated). */
static int grow(void **arr, size_t size, size_t n, size_t *cap)
{
	void *p;
	size_t nc;
	if (n < *cap)
		return 0;
	nc = *cap ? *cap * 2 : 16;
	if (!(p = realloc(*arr, nc * size)))
		return -1;
	*arr = p;
	*cap = nc;
	return 0;
}

static int push_u32(uint32_t **arr, uint32_t *n, uint32_t *cap, uint32_t v)
{
	if (*n == *cap) {
		uint32_t nc = *cap ? *cap * 2 : 4;
		uint32_t *p = realloc(*arr, (size_t)nc * sizeof *p);
		if (!p)
			return -1;
		*arr = p;
		*cap = nc;
	}
	(*arr)[(*n)++] = v;
	return 0;
}

/* ---- the string dictionaries -------------------------------------------- */

static uint64_t hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

static int pool_add(const char *s, size_t n, uint32_t *off)
{
	if (ix.poollen + n + 1 > ix.poolcap) {
		size_t cap = ix.poolcap ? ix.poolcap : 65536;
		char *p;
		while (cap < ix.poollen + n + 1)
			cap *= 2;
		if (cap > UINT32_MAX || !(p = realloc(ix.pool, cap)))
			return -1;
		ix.pool = p;
		ix.poolcap = cap;
	}
	memcpy(ix.pool + ix.poollen, s, n);
	ix.pool[ix.poollen + n] = '\0';
	*off = (uint32_t)ix.poollen;
	ix.poollen += n + 1;
	return 0;
}

/* The string of entry id (its off and len, fetched by the caller). */
static int same(uint32_t off, uint32_t len, const char *s, size_t n)
{
	return len == n && memcmp(ix.pool + off, s, n) == 0;
}

/* Looks s up; kind 0 = terms, 1 = keywords.  The id, or -1. */
static int64_t map_find(const struct strmap *m, int kind, const char *s, size_t n)
{
	uint32_t mask, i;
	if (!m->cap)
		return -1;
	mask = m->cap - 1;
	for (i = (uint32_t)hash(s, n) & mask; m->slot[i]; i = (i + 1) & mask) {
		uint32_t id = m->slot[i] - 1;
		if (kind ? same(ix.kws[id].off, ix.kws[id].len, s, n)
			 : same(ix.terms[id].off, ix.terms[id].len, s, n))
			return id;
	}
	return -1;
}

static int map_put(struct strmap *m, int kind, uint32_t id);

static int map_rehash(struct strmap *m, int kind)
{
	struct strmap nm = { NULL, m->cap ? m->cap * 2 : 1024, 0 };
	if (!(nm.slot = calloc(nm.cap, sizeof *nm.slot)))
		return -1;
	for (uint32_t i = 0; i < m->cap; i++)
		if (m->slot[i] && map_put(&nm, kind, m->slot[i] - 1) < 0) {
			free(nm.slot);
			return -1;
		}
	free(m->slot);
	*m = nm;
	return 0;
}

static int map_put(struct strmap *m, int kind, uint32_t id)
{
	uint32_t mask, i, off, len;
	if ((m->n + 1) * 2 > m->cap && map_rehash(m, kind) < 0)
		return -1;
	off = kind ? ix.kws[id].off : ix.terms[id].off;
	len = kind ? ix.kws[id].len : ix.terms[id].len;
	mask = m->cap - 1;
	for (i = (uint32_t)hash(ix.pool + off, len) & mask; m->slot[i]; i = (i + 1) & mask)
		;
	m->slot[i] = id + 1;
	m->n++;
	return 0;
}

static int64_t term_get(const char *s, size_t n, int create)
{
	int64_t id = map_find(&ix.termmap, 0, s, n);
	struct xterm *t;
	if (id >= 0 || !create)
		return id;
	if (ix.nterms >= UINT32_MAX - 1 ||
	    grow((void **)&ix.terms, sizeof *ix.terms, ix.nterms, &ix.capterms) < 0)
		return -2;
	t = &ix.terms[ix.nterms];
	memset(t, 0, sizeof *t);
	t->len = (uint32_t)n;
	if (pool_add(s, n, &t->off) < 0 || map_put(&ix.termmap, 0, (uint32_t)ix.nterms) < 0)
		return -2;
	return (int64_t)ix.nterms++;
}

/* Collects the distinct term ids of a text (creating terms when asked). */
struct wordlist {
	uint32_t ids[MAX_KW_WORDS];
	uint32_t n;
	int create, failed;
};

static int words_cb(void *arg, const struct tok *t)
{
	struct wordlist *w = arg;
	int64_t id = term_get(t->text, t->len, w->create);
	if (id == -2) {
		w->failed = 1;
		return 1;
	}
	if (id < 0)
		return 0;
	for (uint32_t i = 0; i < w->n; i++)
		if (w->ids[i] == (uint32_t)id)
			return 0;
	if (w->n < MAX_KW_WORDS)
		w->ids[w->n++] = (uint32_t)id;
	return 0;
}

static int words_of(struct tokenizer *tk, const char *s, size_t n, int create, struct wordlist *w)
{
	w->n = 0;
	w->create = create;
	w->failed = 0;
	if (tokenizer_run(tk, TOK_WORDS, s, n, words_cb, w) < 0 || w->failed)
		return -1;
	return 0;
}

/* The keyword entry of s, made (and its words found) when new. */
static int64_t kw_get(struct tokenizer *tk, const char *s, size_t n)
{
	int64_t id = map_find(&ix.kwmap, 1, s, n);
	struct wordlist w;
	struct kw *k;

	if (id >= 0)
		return id;
	if (words_of(tk, s, n, 1, &w) < 0 || ix.nkws >= UINT32_MAX - 1 ||
	    grow((void **)&ix.kws, sizeof *ix.kws, ix.nkws, &ix.capkws) < 0)
		return -1;
	k = &ix.kws[ix.nkws];
	memset(k, 0, sizeof *k);
	k->len = (uint32_t)n;
	k->nwords = w.n;
	k->words = (uint32_t)ix.nwordpool;
	for (uint32_t i = 0; i < w.n; i++) {
		struct xterm *t = &ix.terms[w.ids[i]];
		if (grow((void **)&ix.wordpool, sizeof *ix.wordpool, ix.nwordpool,
			 &ix.capwordpool) < 0 ||
		    push_u32(&t->kws, &t->nkws, &t->cap, (uint32_t)ix.nkws) < 0)
			return -1;
		ix.wordpool[ix.nwordpool++] = w.ids[i];
	}
	if (pool_add(s, n, &k->off) < 0 || map_put(&ix.kwmap, 1, (uint32_t)ix.nkws) < 0)
		return -1;
	return (int64_t)ix.nkws++;
}

/* ---- disciplines -------------------------------------------------------- */

static int disc_index(const char *code)
{
	size_t lo = 0, hi = ix.ndiscs;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(code, ix.discs[mid].d->code);
		if (c == 0)
			return (int)mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

/* The disciplines and the words of their names; generic words ("科学",
 * "technology") do not count, or every text would match half of them. */
static int discs_setup(struct tokenizer *tk)
{
	static const char *const generic[] = {
		"科学", "技术", "工程", "其他", "学科", "基础", "相关", "应用", "科学技术",
		"工程技术", "其他学科", "基础学科", "学", "研究", "理论", "专题", "与", "及",
		"science", "sciences", "technology", "engineering", "other", "basic", "foundations",
		"related", "applied", "studies", "theory", "general", "history",
	};
	const struct discipline *all;
	size_t n;
	struct wordlist w;

	all = discipline_list(&n);
	if (!(ix.discs = calloc(n ? n : 1, sizeof *ix.discs)))
		return -1;
	ix.ndiscs = n;
	for (size_t i = 0; i < sizeof generic / sizeof generic[0]; i++) {
		if (words_of(tk, generic[i], strlen(generic[i]), 1, &w) < 0)
			return -1;
		for (uint32_t k = 0; k < w.n; k++)
			ix.terms[w.ids[k]].generic = 1;
	}
	for (size_t i = 0; i < n; i++)
		ix.discs[i].d = &all[i];
	for (size_t i = 0; i < n; i++) {
		struct disc *d = &ix.discs[i];
		d->parent = all[i].parent ? disc_index(all[i].parent) : -1;
		for (int lang = 0; lang < 2; lang++) {
			const char *name = lang ? all[i].name_en : all[i].name_zh;
			if (words_of(tk, name, strlen(name), 1, &w) < 0)
				return -1;
			for (uint32_t k = 0; k < w.n && d->nwords < MAX_DISC_WORDS; k++)
				if (!ix.terms[w.ids[k]].generic)
					d->words[d->nwords++] = w.ids[k];
		}
	}
	return 0;
}

/* ---- documents ---------------------------------------------------------- */

static int label_index(char (*table)[8], int *n, int max, const char *code)
{
	for (int i = 0; i < *n; i++)
		if (strcmp(table[i], code) == 0)
			return i;
	if (*n >= max)
		return 0;
	snprintf(table[*n], 8, "%s", code);
	return (*n)++;
}

static int city_index(const char *code)
{
	if (ix.ncities == ix.capcities) {
		int cap = ix.capcities ? ix.capcities * 2 : 64;
		char (*p)[8];
		if (cap > 65535 || !(p = realloc(ix.cities, (size_t)cap * sizeof *p)))
			return 0;
		ix.cities = p;
		ix.capcities = cap;
	}
	return label_index(ix.cities, &ix.ncities, ix.capcities, code);
}

static int title_index(const char *t)
{
	for (int i = 0; vocab_expert_title[i].key; i++)
		if (strcmp(vocab_expert_title[i].key, t) == 0)
			return i;
	return 0;
}

static void kill_slot(int64_t id)
{
	uint32_t s;
	if (id <= 0 || (size_t)id >= ix.nslot_of || !(s = ix.slot_of[id]))
		return;
	ix.alive[s - 1] = 0;
	ix.slot_of[id] = 0;
	ix.dead++;
}

/* Adds one keyword list (one per line) to slot. */
static int add_keywords(struct tokenizer *tk, uint32_t slot, const char *list)
{
	for (const char *p = list; p && *p;) {
		size_t n = strcspn(p, "\n");
		if (n) {
			int64_t k = kw_get(tk, p, n);
			struct kw *kw;
			if (k < 0)
				return -1;
			kw = &ix.kws[k];
			if (!kw->npost || kw->post[kw->npost - 1] != slot) {
				if (push_u32(&kw->post, &kw->npost, &kw->cap, slot) < 0)
					return -1;
				kw->df++;
				ix.postings++;
			}
		}
		p += n + (p[n] ? 1 : 0);
	}
	return 0;
}

static int add_doc(struct tokenizer *tk, const struct expert_brief *b)
{
	size_t s = ix.ndocs, cap = ix.capdocs;
	int nd = 0;

	kill_slot(b->id);
	if (s == cap) {
		size_t nc = cap ? cap * 2 : 4096;
		void *p;
#define GROW(field, per) \
		if (!(p = realloc(ix.field, nc * (per) * sizeof *ix.field))) return -1; \
		ix.field = p;
		GROW(id, 1) GROW(org, 1) GROW(region, 1) GROW(title, 1) GROW(alive, 1)
		GROW(city, 1) GROW(disc, XDOC_DISCIPLINES)
#undef GROW
		ix.capdocs = nc;
	}
	if (s >= UINT32_MAX - 1 || b->id <= 0)
		return -1;
	if ((size_t)b->id >= ix.nslot_of) {
		size_t n = ix.nslot_of ? ix.nslot_of : 4096;
		uint32_t *p;
		while (n <= (size_t)b->id)
			n *= 2;
		if (!(p = realloc(ix.slot_of, n * sizeof *p)))
			return -1;
		memset(p + ix.nslot_of, 0, (n - ix.nslot_of) * sizeof *p);
		ix.slot_of = p;
		ix.nslot_of = n;
	}
	ix.id[s] = b->id;
	ix.org[s] = b->org_id;
	ix.region[s] = (uint8_t)label_index(ix.regions, &ix.nregions, 255,
					    b->region_code ? b->region_code : "");
	ix.city[s] = (uint16_t)city_index(b->city_code ? b->city_code : "");
	ix.title[s] = (uint8_t)title_index(b->title ? b->title : "");
	ix.alive[s] = 1;
	memset(&ix.disc[s * XDOC_DISCIPLINES], 0, XDOC_DISCIPLINES * sizeof *ix.disc);
	for (const char *p = b->disciplines; p && *p && nd < XDOC_DISCIPLINES;) {
		char code[8];
		size_t n = strcspn(p, " ");
		int di;
		if (n && n < sizeof code) {
			memcpy(code, p, n);
			code[n] = '\0';
			if ((di = disc_index(code)) >= 0) {
				struct disc *d = &ix.discs[di];
				ix.disc[s * XDOC_DISCIPLINES + nd++] = (uint16_t)(di + 1);
				if (push_u32(&d->post, &d->npost, &d->cap, (uint32_t)s) < 0)
					return -1;
			}
		}
		p += n + (p[n] ? 1 : 0);
	}
	ix.ndocs++;
	if (add_keywords(tk, (uint32_t)s, b->keywords) < 0 ||
	    add_keywords(tk, (uint32_t)s, b->keywords_en) < 0)
		return -1;
	ix.slot_of[b->id] = (uint32_t)s + 1;
	return 0;
}

struct load {
	struct tokenizer *tk;
	int64_t rev;
	int failed;
};

static int load_cb(void *arg, const struct expert_brief *b)
{
	struct load *l = arg;
	if (add_doc(l->tk, b) < 0) {
		l->failed = 1;
		return 1;
	}
	if (b->rev > l->rev)
		l->rev = b->rev;
	return 0;
}

static void index_release(void)
{
	for (size_t i = 0; i < ix.nkws; i++)
		free(ix.kws[i].post);
	for (size_t i = 0; i < ix.nterms; i++)
		free(ix.terms[i].kws);
	for (size_t i = 0; i < ix.ndiscs; i++)
		free(ix.discs[i].post);
	free(ix.id);
	free(ix.org);
	free(ix.region);
	free(ix.title);
	free(ix.alive);
	free(ix.city);
	free(ix.disc);
	free(ix.slot_of);
	free(ix.cities);
	free(ix.pool);
	free(ix.kws);
	free(ix.kwmap.slot);
	free(ix.terms);
	free(ix.termmap.slot);
	free(ix.wordpool);
	free(ix.discs);
	memset(&ix, 0, sizeof ix);
}

/* Brings the index to the store's state; call with the write lock held. */
static int catch_up(struct ctx *c, int64_t clock, int64_t epoch, struct derr *e)
{
	struct load l = { c->tk, 0, 0 };
	int64_t *gone;
	size_t ngone;
	int rebuild = !ix.built || ix.epoch != epoch || ix.dead > ix.ndocs / 4 + 1000;
	int64_t t0 = now_usec_mono();
	int rc;

	if (rebuild) {
		index_release();
		if (discs_setup(c->tk) < 0)
			goto oom;
	}
	l.rev = ix.rev;
	if ((rc = store_begin_read(c->db)) < 0)
		return derr_store(e, rc, "reading experts");
	if (!rebuild) {
		rc = store_expert_gone(c->db, c->a, ix.rev, &gone, &ngone);
		for (size_t i = 0; rc == 0 && i < ngone; i++)
			kill_slot(gone[i]);
	} else {
		rc = 0;
	}
	if (rc == 0)
		rc = store_expert_scan(c->db, rebuild ? 0 : ix.rev, load_cb, &l);
	store_rollback(c->db);
	if (l.failed)
		goto oom;
	if (rc < 0) {
		if (rebuild)
			index_release();
		return derr_store(e, rc, "reading experts");
	}
	ix.rev = l.rev > clock ? l.rev : clock;
	ix.epoch = epoch;
	ix.built = 1;
	if (rebuild) {
		ix.build_ms = (now_usec_mono() - t0) / 1000;
		log_info("experts: index of %zu profiles, %zu keywords, %lld postings built in %lld ms",
			 ix.ndocs, ix.nkws, (long long)ix.postings, (long long)ix.build_ms);
	}
	return 0;
oom:
	index_release();
	return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory building the expert index");
}

/* Takes the read lock on an up-to-date index. */
static int read_lock_fresh(struct ctx *c, struct derr *e)
{
	int64_t clock, epoch;
	int rc = store_expert_clock(c->db, &clock, &epoch);
	if (rc < 0)
		return derr_store(e, rc, "reading the expert clock");
	pthread_rwlock_rdlock(&lock);
	if (ix.built && ix.epoch == epoch && ix.rev >= clock)
		return 0;
	pthread_rwlock_unlock(&lock);
	pthread_rwlock_wrlock(&lock);
	rc = (!ix.built || ix.epoch != epoch || ix.rev < clock) ? catch_up(c, clock, epoch, e) : 0;
	pthread_rwlock_unlock(&lock);
	if (rc < 0)
		return -1;
	pthread_rwlock_rdlock(&lock);
	if (!ix.built) {
		pthread_rwlock_unlock(&lock);
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "the expert index is not built");
	}
	return 0;
}

/* ---- scratch ------------------------------------------------------------ */

static void scratch_free(struct scratch *s)
{
	if (!s)
		return;
	free(s->acc);
	free(s->mark);
	free(s->cov);
	free(s->minq);
	free(s->qtf);
	free(s->touched);
	free(s->tkws);
	free(s->qterms);
	free(s->cands);
	free(s);
}

/* Grows a zeroed per-item array from *have to want items. */
static int zgrow(void **p, size_t size, size_t have, size_t want)
{
	void *np;
	if (want <= have)
		return 0;
	if (!(np = realloc(*p, want * size)))
		return -1;
	memset((char *)np + have * size, 0, (want - have) * size);
	*p = np;
	return 0;
}

/* A scratch sized for the index as it is (read lock held). */
static struct scratch *scratch_get(void)
{
	struct scratch *s;
	pthread_mutex_lock(&scratch_lock);
	if ((s = scratch_pool))
		scratch_pool = s->next;
	pthread_mutex_unlock(&scratch_lock);
	if (!s && !(s = calloc(1, sizeof *s)))
		return NULL;
	if (zgrow((void **)&s->acc, sizeof *s->acc, s->ndocs, ix.ndocs) < 0 ||
	    zgrow((void **)&s->mark, sizeof *s->mark, s->ndocs, ix.ndocs) < 0) {
		scratch_free(s);
		return NULL;
	}
	s->ndocs = s->ndocs > ix.ndocs ? s->ndocs : ix.ndocs;
	if (zgrow((void **)&s->cov, sizeof *s->cov, s->nkws, ix.nkws) < 0 ||
	    zgrow((void **)&s->minq, sizeof *s->minq, s->nkws, ix.nkws) < 0) {
		scratch_free(s);
		return NULL;
	}
	s->nkws = s->nkws > ix.nkws ? s->nkws : ix.nkws;
	if (zgrow((void **)&s->qtf, sizeof *s->qtf, s->nterms, ix.nterms) < 0) {
		scratch_free(s);
		return NULL;
	}
	s->nterms = s->nterms > ix.nterms ? s->nterms : ix.nterms;
	return s;
}

/* Clears what the search touched and returns the scratch to the pool. */
static void scratch_put(struct scratch *s)
{
	for (size_t i = 0; i < s->ntouched; i++) {
		s->acc[s->touched[i]] = 0;
		s->mark[s->touched[i]] = 0;
	}
	for (size_t i = 0; i < s->ncands; i++)
		s->mark[s->cands[i]] = 0;
	for (size_t i = 0; i < s->ntkws; i++) {
		s->cov[s->tkws[i]] = 0;
		s->minq[s->tkws[i]] = 0;
	}
	for (size_t i = 0; i < s->nq; i++)
		s->qtf[s->qterms[i]] = 0;
	s->ntouched = s->ntkws = s->nq = s->ncands = 0;
	pthread_mutex_lock(&scratch_lock);
	s->next = scratch_pool;
	scratch_pool = s;
	pthread_mutex_unlock(&scratch_lock);
}

static int push(uint32_t **arr, size_t *n, size_t *cap, uint32_t v)
{
	if (grow((void **)arr, sizeof **arr, *n, cap) < 0)
		return -1;
	(*arr)[(*n)++] = v;
	return 0;
}

/* ---- scoring ------------------------------------------------------------ */

static double word_idf(uint32_t t)
{
	return log(1.0 + (double)ix.nkws / (1.0 + (double)ix.terms[t].nkws));
}

static int count_term(struct scratch *s, const char *w, size_t n, unsigned times)
{
	int64_t id = term_get(w, n, 0);
	unsigned v;
	if (id < 0)
		return 0;
	if (s->qtf[id] == 0 && push(&s->qterms, &s->nq, &s->capq, (uint32_t)id) < 0)
		return -1;
	v = s->qtf[id] + times;
	s->qtf[id] = (uint16_t)(v < UINT16_MAX ? v : UINT16_MAX);
	return 0;
}

/* The text's words known to the index, counted into s->qtf.  A long
 * Chinese word also counts the shorter words inside it that keywords
 * use: friso gives "锂离子电池" as one word, and the keyword "固态电池"
 * needs its "电池". */
static int query_terms(struct scratch *s, const struct xwords *words)
{
	for (size_t k = 0; words && k < words->n; k++) {
		const char *w = words->w[k];
		size_t len = strlen(w), at[TOK_MAX_WORD_CHARS + 1], n = 0, i;
		if (count_term(s, w, len, words->count[k]) < 0)
			return -1;
		/* character boundaries; only runs of 3-byte (CJK) characters */
		for (i = 0; i < len && n <= TOK_MAX_WORD_CHARS; i += 3) {
			if (((unsigned char)w[i] & 0xF0) != 0xE0)
				break;
			at[n++] = i;
		}
		if (i < len || n < 3 || n > TOK_MAX_WORD_CHARS)
			continue;
		at[n] = len;
		for (size_t a = 0; a < n; a++)
			for (size_t b = a + 2; b <= n; b++)
				if (b - a < n && count_term(s, w + at[a], at[b] - at[a], words->count[k]) < 0)
					return -1;
	}
	return 0;
}

/* Coverage of words[0..n) by the text (s->qtf), weighted by idf; the
 * smallest count of a matched word in *minq. */
static double coverage(const struct scratch *s, const uint32_t *words, uint32_t n,
		       unsigned *minq)
{
	double have = 0, all = 0;
	*minq = 0;
	for (uint32_t i = 0; i < n; i++) {
		double w = word_idf(words[i]);
		all += w;
		if (s->qtf[words[i]]) {
			have += w;
			if (!*minq || s->qtf[words[i]] < *minq)
				*minq = s->qtf[words[i]];
		}
	}
	return all > 0 ? have / all : 0;
}

static double keyword_weight(const struct kw *k, double cov, unsigned minq)
{
	double live = (double)(ix.ndocs - ix.dead);
	return log(1.0 + live / (1.0 + k->df)) * cov * cov * (1.0 + log((double)(minq ? minq : 1)));
}

/* The weight the text gives discipline i itself (0 if it does not match). */
static double disc_weight(const struct scratch *s, size_t i)
{
	unsigned minq;
	double cov = coverage(s, ix.discs[i].words, ix.discs[i].nwords, &minq);
	return cov >= DISC_COVERAGE ? DISCIPLINE_WEIGHT * cov * cov : 0;
}

static int touch(struct scratch *s, uint32_t slot, float add)
{
	if (!(s->mark[slot] & 1)) {
		if (push(&s->touched, &s->ntouched, &s->captouched, slot) < 0)
			return -1;
		s->mark[slot] |= 1;
	}
	s->acc[slot] += add;
	return 0;
}

static int score(struct scratch *s)
{
	/* keywords the text's words fall in */
	for (size_t i = 0; i < s->nq; i++) {
		uint32_t t = s->qterms[i];
		double w = word_idf(t);
		for (uint32_t k = 0; k < ix.terms[t].nkws; k++) {
			uint32_t kw = ix.terms[t].kws[k];
			if (s->cov[kw] == 0 && push(&s->tkws, &s->ntkws, &s->captkws, kw) < 0)
				return -1;
			s->cov[kw] += (float)w;
			if (!s->minq[kw] || s->qtf[t] < s->minq[kw])
				s->minq[kw] = s->qtf[t];
		}
	}
	for (size_t i = 0; i < s->ntkws; i++) {
		struct kw *k = &ix.kws[s->tkws[i]];
		double all = 0, cov, w;
		for (uint32_t j = 0; j < k->nwords; j++)
			all += word_idf(ix.wordpool[k->words + j]);
		cov = all > 0 ? s->cov[s->tkws[i]] / all : 0;
		if (cov < KEYWORD_COVERAGE - 1e-9)
			continue;
		w = keyword_weight(k, cov > 1 ? 1 : cov, s->minq[s->tkws[i]]);
		for (uint32_t j = 0; j < k->npost; j++)
			if (ix.alive[k->post[j]] && touch(s, k->post[j], (float)w) < 0)
				return -1;
	}
	/* disciplines whose names the text covers; a first level lends
	 * half its weight to its children */
	if (s->nq) {
		double *dw = calloc(ix.ndiscs ? ix.ndiscs : 1, sizeof *dw);
		int rc = 0;
		if (!dw)
			return -1;
		for (size_t i = 0; i < ix.ndiscs; i++)
			dw[i] = disc_weight(s, i);
		for (size_t i = 0; i < ix.ndiscs && rc == 0; i++) {
			double w = dw[i] + (ix.discs[i].parent >= 0 ? 0.5 * dw[ix.discs[i].parent] : 0);
			if (w <= 0)
				continue;
			for (uint32_t j = 0; j < ix.discs[i].npost && rc == 0; j++)
				if (ix.alive[ix.discs[i].post[j]])
					rc = touch(s, ix.discs[i].post[j], (float)w);
		}
		free(dw);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* Marks the slots filed under the codes (a first level takes its
 * children) as candidates. */
static int mark_candidates(struct scratch *s, const char *const *codes, size_t n)
{
	for (size_t i = 0; i < ix.ndiscs; i++) {
		const struct disc *d = &ix.discs[i];
		int want = 0;
		for (size_t k = 0; k < n && !want; k++)
			want = strcmp(codes[k], d->d->code) == 0 ||
			       (d->d->parent && strcmp(codes[k], d->d->parent) == 0);
		if (!want)
			continue;
		for (uint32_t j = 0; j < d->npost; j++) {
			uint32_t slot = d->post[j];
			if (!ix.alive[slot] || (s->mark[slot] & 2))
				continue;
			if (push(&s->cands, &s->ncands, &s->capcands, slot) < 0)
				return -1;
			s->mark[slot] |= 2;
		}
	}
	return 0;
}

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ull;
	return x ^ (x >> 33);
}

/* Is hit a better than hit b?  Score, then the tiebreak. */
static int better(const struct xhit *a, const struct xhit *b, uint64_t seed)
{
	if (a->score != b->score)
		return a->score > b->score;
	if (seed)
		return mix(seed ^ (uint64_t)a->id) < mix(seed ^ (uint64_t)b->id);
	return a->id < b->id;
}

/* Keeps the best `limit` hits in a heap whose root is the worst kept. */
static void heap_offer(struct xhit *h, size_t *n, size_t limit, struct xhit x, uint64_t seed)
{
	size_t i;
	if (*n < limit) {
		i = (*n)++;
		while (i && better(&h[(i - 1) / 2], &x, seed)) {
			h[i] = h[(i - 1) / 2];
			i = (i - 1) / 2;
		}
		h[i] = x;
		return;
	}
	if (!limit || !better(&x, &h[0], seed))
		return;
	i = 0;
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		const struct xhit *cur = m == i ? &x : &h[m];
		if (l < *n && better(cur, &h[l], seed)) {
			m = l;
			cur = &h[l];
		}
		if (r < *n && better(cur, &h[r], seed))
			m = r;
		if (m == i)
			break;
		h[i] = h[m];
		i = m;
	}
	h[i] = x;
}

static int cmp_hits(const void *a, const void *b, void *seed)
{
	const struct xhit *x = a, *y = b;
	if (better(x, y, *(const uint64_t *)seed))
		return -1;
	if (better(y, x, *(const uint64_t *)seed))
		return 1;
	return 0;
}

static void fill_doc(uint32_t slot, struct xdoc *d)
{
	d->id = ix.id[slot];
	d->org_id = ix.org[slot];
	d->region = ix.regions[ix.region[slot]];
	d->city = ix.cities ? ix.cities[ix.city[slot]] : "";
	d->title = vocab_expert_title[ix.title[slot]].key;
	d->ndisciplines = 0;
	for (int k = 0; k < XDOC_DISCIPLINES; k++) {
		uint16_t di = ix.disc[slot * XDOC_DISCIPLINES + k];
		if (di)
			d->disciplines[d->ndisciplines++] = ix.discs[di - 1].d->code;
	}
}

int xindex_search(struct ctx *c, struct xsearch *q, struct xhit **hits, size_t *n,
		  struct derr *e)
{
	struct scratch *s = NULL;
	struct xhit *h = NULL;
	const uint32_t *list;
	size_t nlist, nh = 0;
	int rc = -1;

	*hits = NULL;
	*n = 0;
	q->candidates = q->accepted = 0;
	memset(q->rejected, 0, sizeof q->rejected);
	if (read_lock_fresh(c, e) < 0)
		return -1;
	if (!(s = scratch_get()) || !(h = arena_alloc(c->a, (q->limit ? q->limit : 1) * sizeof *h)))
		goto oom;
	if (query_terms(s, q->words) < 0 || score(s) < 0)
		goto oom;
	q->nterms = s->nq;
	if (q->ndisciplines) {
		if (mark_candidates(s, q->disciplines, q->ndisciplines) < 0)
			goto oom;
		list = s->cands;
		nlist = s->ncands;
	} else {
		list = s->touched;
		nlist = s->ntouched;
	}
	/* the simple filters as indexes into the index's own tables */
	{
		int region = -1, title = -1, disc = -1, first_level = 0;
		if (q->region && *q->region) {
			for (region = 0; region < ix.nregions && strcmp(ix.regions[region], q->region); region++)
				;
		}
		if (q->title && *q->title)
			title = title_index(q->title);
		if (q->discipline && *q->discipline) {
			disc = disc_index(q->discipline);
			first_level = disc >= 0 && ix.discs[disc].parent < 0;
			if (disc < 0)
				disc = INT32_MAX;   /* unknown: nobody has it */
		}
		for (size_t i = 0; i < nlist; i++) {
			uint32_t slot = list[i];
			struct xhit x = { ix.id[slot], s->acc[slot] };
			int stage = 0;
			if (!ix.alive[slot] || (!q->ndisciplines && x.score <= 0))
				continue;
			q->candidates++;
			if ((region >= 0 && ix.region[slot] != region) ||
			    (title >= 0 && ix.title[slot] != title)) {
				stage = 1;
			} else if (disc >= 0) {
				int has = 0;
				for (int k = 0; k < XDOC_DISCIPLINES && !has; k++) {
					int d = (int)ix.disc[slot * XDOC_DISCIPLINES + k] - 1;
					has = d >= 0 && (d == disc || (first_level && ix.discs[d].parent == disc));
				}
				stage = has ? 0 : 2;
			}
			if (!stage && q->filter) {
				struct xdoc d;
				fill_doc(slot, &d);
				stage = q->filter(q->filter_arg, &d);
			}
			if (stage > 0) {
				q->rejected[stage < XSEARCH_STAGES ? stage : XSEARCH_STAGES - 1]++;
				continue;
			}
			q->accepted++;
			heap_offer(h, &nh, q->limit, x, q->tiebreak_seed);
		}
	}
	qsort_r(h, nh, sizeof *h, cmp_hits, &q->tiebreak_seed);
	*hits = h;
	*n = nh;
	rc = 0;
	goto out;
oom:
	derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory searching experts");
out:
	if (s)
		scratch_put(s);
	pthread_rwlock_unlock(&lock);
	return rc;
}

/* ---- reasons ------------------------------------------------------------ */

/* Adds the words of k that the text holds to the reason's words. */
static int add_words(struct ctx *c, const struct scratch *s, const uint32_t *words, uint32_t n,
		     struct xreason *r, size_t *cap)
{
	for (uint32_t i = 0; i < n; i++) {
		const struct xterm *t = &ix.terms[words[i]];
		const char *w;
		size_t k;
		if (!s->qtf[words[i]])
			continue;
		w = ix.pool + t->off;
		for (k = 0; k < r->nwords && strcmp(r->words[k], w) != 0; k++)
			;
		if (k < r->nwords)
			continue;
		if (r->nwords == *cap) {
			const char **nw = arena_alloc(c->a, (*cap = *cap ? *cap * 2 : 8) * sizeof *nw);
			if (!nw)
				return -1;
			if (r->nwords)
				memcpy(nw, r->words, r->nwords * sizeof *nw);
			r->words = nw;
		}
		if (!(r->words[r->nwords++] = arena_strdup(c->a, w)))
			return -1;
	}
	return 0;
}

static int reason_one(struct ctx *c, const struct scratch *s, const struct expert *x,
		      struct xreason *r)
{
	const char *lists[2] = { x->keywords, x->keywords_en };
	const char **lines, **codes;
	size_t nl, nc, wcap = 0;

	memset(r, 0, sizeof *r);
	for (int l = 0; l < 2; l++) {
		if (expert_lines(c, lists[l], &lines, &nl) < 0)
			return -1;
		for (size_t i = 0; i < nl; i++) {
			int64_t k = map_find(&ix.kwmap, 1, lines[i], strlen(lines[i]));
			unsigned minq;
			const struct kw *kw;
			if (k < 0)
				continue;
			kw = &ix.kws[k];
			if (coverage(s, ix.wordpool + kw->words, kw->nwords, &minq) <
			    KEYWORD_COVERAGE - 1e-9)
				continue;
			if (!r->keywords && !(r->keywords = arena_alloc(c->a, (nl + EXPERT_MAX_KEYWORDS) *
									   sizeof *r->keywords)))
				return -1;
			r->keywords[r->nkeywords++] = lines[i];
			if (add_words(c, s, ix.wordpool + kw->words, kw->nwords, r, &wcap) < 0)
				return -1;
		}
	}
	if (expert_codes(c, x->disciplines, &codes, &nc) < 0)
		return -1;
	for (size_t i = 0; i < nc; i++) {
		int di = disc_index(codes[i]);
		if (di < 0 || (disc_weight(s, (size_t)di) <= 0 &&
			       (ix.discs[di].parent < 0 ||
				disc_weight(s, (size_t)ix.discs[di].parent) <= 0)))
			continue;
		if (!r->disciplines && !(r->disciplines = arena_alloc(c->a, nc * sizeof *r->disciplines)))
			return -1;
		r->disciplines[r->ndisciplines++] = codes[i];
		if (add_words(c, s, ix.discs[di].words, ix.discs[di].nwords, r, &wcap) < 0 ||
		    (ix.discs[di].parent >= 0 &&
		     add_words(c, s, ix.discs[ix.discs[di].parent].words,
			       ix.discs[ix.discs[di].parent].nwords, r, &wcap) < 0))
			return -1;
	}
	return 0;
}

int xindex_reasons(struct ctx *c, const struct xwords *words, const struct expert *x, size_t n,
		   struct xreason **out, struct derr *e)
{
	struct scratch *s = NULL;
	int rc = -1;

	*out = NULL;
	if (read_lock_fresh(c, e) < 0)
		return -1;
	if (!(s = scratch_get()) || !(*out = arena_zalloc(c->a, (n ? n : 1) * sizeof **out)) ||
	    query_terms(s, words) < 0)
		goto oom;
	for (size_t i = 0; i < n; i++)
		if (reason_one(c, s, &x[i], &(*out)[i]) < 0)
			goto oom;
	rc = 0;
	goto out;
oom:
	derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory explaining matches");
out:
	if (s)
		scratch_put(s);
	pthread_rwlock_unlock(&lock);
	return rc;
}

/* ---- overlap of two texts ---------------------------------------------- */

struct wordset {
	struct ctx *c;
	const char **w;
	size_t n, cap;
	int failed;
};

static int set_cb(void *arg, const struct tok *t)
{
	struct wordset *ws = arg;
	if (ws->n == ws->cap) {
		const char **nw = arena_alloc(ws->c->a, (ws->cap = ws->cap ? ws->cap * 2 : 64) *
						      sizeof *nw);
		if (!nw) {
			ws->failed = 1;
			return 1;
		}
		if (ws->n)
			memcpy(nw, ws->w, ws->n * sizeof *nw);
		ws->w = nw;
	}
	if (!(ws->w[ws->n++] = arena_strndup(ws->c->a, t->text, t->len))) {
		ws->failed = 1;
		return 1;
	}
	return 0;
}

static int cmp_word(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int xwords_of(struct ctx *c, const char *text, struct xwords *out, struct derr *e)
{
	struct wordset ws = { .c = c };
	size_t k = 0;
	out->w = NULL;
	out->count = NULL;
	out->n = 0;
	if (!text)
		return 0;
	if (tokenizer_run(c->tk, TOK_WORDS, text, strlen(text), set_cb, &ws) < 0 || ws.failed ||
	    !(out->count = arena_alloc(c->a, (ws.n + 1) * sizeof *out->count)))
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	if (ws.n)
		qsort(ws.w, ws.n, sizeof *ws.w, cmp_word);
	for (size_t i = 0; i < ws.n; i++) {
		if (k && strcmp(ws.w[k - 1], ws.w[i]) == 0) {
			out->count[k - 1]++;
			continue;
		}
		out->count[k] = 1;
		ws.w[k++] = ws.w[i];
	}
	out->w = ws.w;
	out->n = k;
	return 0;
}

/* ---- the end ------------------------------------------------------------ */

void xindex_free(void)
{
	pthread_rwlock_wrlock(&lock);
	index_release();
	pthread_rwlock_unlock(&lock);
	pthread_mutex_lock(&scratch_lock);
	while (scratch_pool) {
		struct scratch *s = scratch_pool;
		scratch_pool = s->next;
		scratch_free(s);
	}
	pthread_mutex_unlock(&scratch_lock);
}
