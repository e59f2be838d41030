/*
 * round_pairs.c — a round's overlap report: computing the pairs of an
 * item or a history document, clusters of related items for joint
 * funding, passages, the decisions, and the consolidated list.  See
 * round.h.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "core/util.h"
#include "domain/audit.h"
#include "domain/overlap.h"
#include "domain/overlap_index.h"
#include "domain/round.h"
#include "domain/round_internal.h"
#include "store/store.h"
#include "core/banned.h"

#define MIN_EST_SHARE 0.6   /* candidates from 0.6 x the suspected threshold */

static const char *level_of(const struct overlap_round *r, double score)
{
	return score >= r->duplicate ? "duplicate" : "suspected";
}

static void pair_fill(struct overlap_pair *p, int64_t round, int64_t a, int64_t b,
		      const char *scope, const char *level, const struct ov_score *s)
{
	memset(p, 0, sizeof *p);
	p->round_id = round;
	p->a_doc = a;
	p->b_doc = b;
	p->scope = scope;
	p->level = level;
	p->score = s->score;
	p->copy = s->copy;
	p->jaccard = s->jaccard;
	p->topic = s->topic;
	for (int k = 0; k < 3; k++)
		p->part[k] = s->part[k];
}

/* ---- computing ---------------------------------------------------------- */

struct item_keep {
	int64_t round, self, region;
};

static int item_keep(void *arg, int64_t doc_id, int64_t round_id, int64_t region)
{
	const struct item_keep *k = arg;
	if (doc_id == k->self)
		return 0;
	return round_id == 0 || (round_id == k->round && region != k->region);
}

/* The word vector of a stored document: decoded, or made from its texts. */
static int doc_words(struct ctx *c, const struct overlap_doc *d, struct tfidf_vec *v,
		     struct derr *e)
{
	const char *t[3] = { d->title, d->content, d->indicators };
	size_t l[3];
	if (d->words && tfidf_vec_decode(d->words, d->words_len, v) == 0)
		return 0;
	for (int k = 0; k < 3; k++)
		l[k] = t[k] ? strlen(t[k]) : 0;
	if (!c->tk || tfidf_vec_make(c->tk, t, l, 3, v) < 0)
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "cannot read the words of a text");
	return 0;
}

int round_pairs_for_item(struct ctx *c, const struct overlap_round *r, int64_t doc,
			 const char *region, const char *field, struct ovq *q, struct derr *e)
{
	struct item_keep k = { r->id, doc, overlap_region_num(region) };
	struct ovx_hit *hits;
	struct overlap_doc *near;
	size_t nhits, nnear, nkeep = 0;
	int64_t *keep;
	int rc;

	if (ovx_find(c, q, item_keep, &k, MIN_EST_SHARE * r->suspect, r->suspect,
		     OVERLAP_MAX_CAND, 1, &hits, &nhits, e) < 0)
		return -1;
	if ((rc = store_doc_round_field(c->db, c->a, r->id, field, region, &near, &nnear)) < 0)
		return derr_store(e, rc, "reading the field's items");
	if (!(keep = arena_alloc(c->a, (nhits + nnear + 1) * sizeof *keep)))
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	for (size_t i = 0; i < nhits; i++) {
		const struct overlap_doc *o = &hits[i].doc;
		struct overlap_pair p;
		int round = o->round_id == r->id;
		pair_fill(&p, r->id, round && o->id < doc ? o->id : doc,
			  round && o->id < doc ? doc : o->id, round ? "round" : "history",
			  level_of(r, hits[i].score.score), &hits[i].score);
		if ((rc = store_pair_put(c->db, &p)) < 0)
			return derr_store(e, rc, "storing an overlap");
		keep[nkeep++] = o->id;
	}
	/* topically related items of the field in other regions: the
	 * candidates for joint funding */
	if (nnear && ovq_words(c, q, e) < 0)
		return -1;
	for (size_t i = 0; i < nnear; i++) {
		const struct overlap_doc *o = &near[i];
		struct tfidf_vec v = TFIDF_VEC_INIT;
		struct overlap_pair p;
		struct ov_score s;
		struct ovq oq;
		double topic;
		size_t j;
		for (j = 0; j < nkeep && keep[j] != o->id; j++)
			;
		if (j < nkeep || o->id == doc)
			continue;
		if (doc_words(c, o, &v, e) < 0)
			return -1;
		topic = ovx_cosine(&q->words, &v);
		tfidf_vec_release(&v);
		if (topic < r->related)
			continue;
		if (ovq_prepare(&oq, o->title, o->content, o->indicators, e) < 0)
			return -1;
		ov_compare(&q->text, &oq.text, &s);
		ovq_release(&oq);
		ov_score_topic(&s, topic);
		pair_fill(&p, r->id, o->id < doc ? o->id : doc, o->id < doc ? doc : o->id, "round",
			  s.score >= r->suspect ? level_of(r, s.score) : "related", &s);
		if ((rc = store_pair_put(c->db, &p)) < 0)
			return derr_store(e, rc, "storing an overlap");
		keep[nkeep++] = o->id;
	}
	if ((rc = store_pair_prune(c->db, r->id, doc, keep, nkeep, NULL)) < 0)
		return derr_store(e, rc, "updating the overlaps");
	return 0;
}

struct open_keep {
	const struct overlap_round *rounds;
	size_t n;
};

static int open_keep(void *arg, int64_t doc_id, int64_t round_id, int64_t region)
{
	const struct open_keep *k = arg;
	(void)doc_id;
	(void)region;
	for (size_t i = 0; i < k->n; i++)
		if (k->rounds[i].id == round_id)
			return 1;
	return 0;
}

int round_pairs_for_history(struct ctx *c, int64_t doc, struct ovq *q, struct derr *e)
{
	struct overlap_round *open;
	struct open_keep k;
	struct ovx_hit *hits;
	size_t nhits;
	double min_suspect = 1;
	int64_t *keep;
	int rc;

	if ((rc = store_round_list_open(c->db, c->a, &open, &k.n)) < 0)
		return derr_store(e, rc, "listing rounds");
	k.rounds = open;
	for (size_t i = 0; i < k.n; i++)
		if (open[i].suspect < min_suspect)
			min_suspect = open[i].suspect;
	if (!k.n)
		return 0;
	if (ovx_find(c, q, open_keep, &k, MIN_EST_SHARE * min_suspect, min_suspect,
		     OVERLAP_MAX_CAND, 1, &hits, &nhits, e) < 0)
		return -1;
	if (!(keep = arena_alloc(c->a, (nhits + 1) * sizeof *keep)))
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	for (size_t ri = 0; ri < k.n; ri++) {
		const struct overlap_round *r = &open[ri];
		size_t nkeep = 0;
		for (size_t i = 0; i < nhits; i++) {
			struct overlap_pair p;
			if (hits[i].doc.round_id != r->id || hits[i].score.score < r->suspect)
				continue;
			pair_fill(&p, r->id, hits[i].doc.id, doc, "history",
				  level_of(r, hits[i].score.score), &hits[i].score);
			if ((rc = store_pair_put(c->db, &p)) < 0)
				return derr_store(e, rc, "storing an overlap");
			keep[nkeep++] = hits[i].doc.id;
		}
		if ((rc = store_pair_prune(c->db, r->id, doc, keep, nkeep, NULL)) < 0)
			return derr_store(e, rc, "updating the overlaps");
	}
	return 0;
}

/* ---- the report --------------------------------------------------------- */

json_t *pair_json(const struct overlap_pair *p)
{
	struct ov_score s;
	json_t *j;
	memset(&s, 0, sizeof s);
	s.score = p->score;
	s.copy = p->copy;
	s.jaccard = p->jaccard;
	s.topic = p->topic;
	for (int k = 0; k < 3; k++)
		s.part[k] = p->part[k];
	j = overlap_score_json(&s, p->level);
	if (!j)
		return NULL;
	json_object_set_new(j, "id", json_integer(p->id));
	json_object_set_new(j, "round_id", json_integer(p->round_id));
	json_object_set_new(j, "scope", json_string(p->scope));
	json_object_set_new(j, "a", overlap_doc_json(&p->a, 0));
	json_object_set_new(j, "b", overlap_doc_json(&p->b, 0));
	json_object_set_new(j, "decision", p->decision ? json_string(p->decision) : json_null());
	json_object_set_new(j, "decision_item",
			    p->decision_item > 0 ? json_integer(p->decision_item) : json_null());
	json_object_set_new(j, "reason", p->reason ? json_string(p->reason) : json_null());
	json_object_set_new(j, "decided_by",
			    p->decided_by_name ? json_string(p->decided_by_name) : json_null());
	json_object_set_new(j, "decided_at", p->decided_at ? json_integer(p->decided_at) : json_null());
	return j;
}

/* Union-find over item indexes. */
static size_t find_root(size_t *up, size_t i)
{
	while (up[i] != i) {
		up[i] = up[up[i]];
		i = up[i];
	}
	return i;
}

static int clusters(struct ctx *c, int64_t round_id, const struct overlap_pair *p, size_t np,
		    struct round_report *out, struct derr *e)
{
	struct guide_item *items;
	size_t n, *up;
	int rc = store_item_list(c->db, c->a, round_id, NULL, 1, &items, &n);

	if (rc < 0)
		return derr_store(e, rc, "listing the items");
	if (!n)
		return 0;
	if (!(up = arena_alloc(c->a, n * sizeof *up)))
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	for (size_t i = 0; i < n; i++)
		up[i] = i;
	for (size_t k = 0; k < np; k++) {
		size_t ia = n, ib = n;
		if (strcmp(p[k].scope, "round") != 0)
			continue;
		for (size_t i = 0; i < n; i++) {
			if (items[i].doc_id == p[k].a_doc)
				ia = i;
			if (items[i].doc_id == p[k].b_doc)
				ib = i;
		}
		if (ia < n && ib < n && strcmp(items[ia].field, items[ib].field) == 0)
			up[find_root(up, ia)] = find_root(up, ib);
	}
	/* each root with members from two regions or more is a cluster */
	if (!(out->clusters = arena_zalloc(c->a, n * sizeof *out->clusters)))
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	for (size_t root = 0; root < n; root++) {
		struct round_cluster *cl = &out->clusters[out->nclusters];
		size_t members = 0;
		if (find_root(up, root) != root)
			continue;
		for (size_t i = 0; i < n; i++)
			members += find_root(up, i) == root;
		if (members < 2)
			continue;
		if (!(cl->items = arena_alloc(c->a, members * sizeof *cl->items)))
			return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		cl->field = items[root].field;
		for (size_t i = 0; i < n; i++) {
			if (find_root(up, i) != root)
				continue;
			cl->items[cl->n++] = items[i].id;
			{
				size_t j;
				for (j = 0; j < i; j++)
					if (find_root(up, j) == root &&
					    strcmp(items[j].region_code, items[i].region_code) == 0)
						break;
				if (j == i)
					cl->regions++;
			}
		}
		if (cl->regions >= 2)
			out->nclusters++;
	}
	return 0;
}

int round_report(struct ctx *c, int64_t round_id, const char *scope,
		 struct round_report *out, struct derr *e)
{
	struct overlap_round r;
	struct overlap_pair *all;
	size_t n;
	int rc;

	memset(out, 0, sizeof *out);
	if (!round_may_take_part(c))
		return derr_set(e, c->user ? DERR_FORBIDDEN : DERR_UNAUTHORIZED,
				c->user ? "forbidden" : "login_required", NULL,
				"the overlap report is for the coordinators and the office");
	if (round_get(c, round_id, &r, e) < 0)
		return -1;
	if (scope && strcmp(scope, "round") != 0 && strcmp(scope, "history") != 0)
		return derr_set(e, DERR_INVALID, "not_allowed", "scope",
				"scope must be round or history");
	if ((rc = store_pair_list(c->db, c->a, round_id, scope, NULL, 0, &all, &n)) < 0)
		return derr_store(e, rc, "listing the overlaps");
	if (n && !(out->pairs = arena_alloc(c->a, n * sizeof *out->pairs)))
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	for (size_t i = 0; i < n; i++)
		if (strcmp(all[i].level, "related") != 0)
			out->pairs[out->npairs++] = all[i];
	return clusters(c, round_id, all, n, out, e);
}

int pair_get(struct ctx *c, int64_t id, struct overlap_pair *out, struct derr *e)
{
	int rc;
	if (!round_may_take_part(c))
		return derr_set(e, c->user ? DERR_FORBIDDEN : DERR_UNAUTHORIZED,
				c->user ? "forbidden" : "login_required", NULL,
				"overlaps are for the coordinators and the office");
	rc = store_pair_get(c->db, c->a, id, out);
	if (rc > 0)
		return derr_set(e, DERR_NOT_FOUND, "not_found", NULL, "overlap %lld does not exist",
				(long long)id);
	return rc < 0 ? derr_store(e, rc, "reading the overlap") : 0;
}

static int copy_ranges(struct ctx *c, struct hl_range *r, size_t n, struct hl_range **out,
		       size_t *nout)
{
	*out = NULL;
	*nout = 0;
	if (!n)
		return 0;
	if (!(*out = arena_alloc(c->a, n * sizeof *r)))
		return -1;
	memcpy(*out, r, n * sizeof *r);
	*nout = n;
	return 0;
}

int pair_passages(struct ctx *c, const struct overlap_pair *p, struct pair_passages *out,
		  struct derr *e)
{
	struct ovq a, b;
	int rc = 0;

	memset(out, 0, sizeof *out);
	if (ovq_prepare(&a, p->a.title, p->a.content, p->a.indicators, e) < 0)
		return -1;
	if (ovq_prepare(&b, p->b.title, p->b.content, p->b.indicators, e) < 0) {
		ovq_release(&a);
		return -1;
	}
	for (int k = 0; rc == 0 && k < OV_PARTS; k++) {
		struct hl_range *r = NULL;
		size_t n = 0;
		if (ov_passages(&a.text, k, &b.text.all, &r, &n) < 0 ||
		    copy_ranges(c, r, n, &out->a[k], &out->na[k]) < 0)
			rc = -1;
		free(r);
		r = NULL;
		if (rc == 0 && (ov_passages(&b.text, k, &a.text.all, &r, &n) < 0 ||
				copy_ranges(c, r, n, &out->b[k], &out->nb[k]) < 0))
			rc = -1;
		free(r);
	}
	ovq_release(&a);
	ovq_release(&b);
	return rc < 0 ? derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory") : 0;
}

/* ---- decisions ---------------------------------------------------------- */

int pair_may_decide(const struct ctx *c, const struct overlap_pair *p)
{
	const char *own;
	if (round_may_run(c))
		return 1;
	if (role_of(c->user) != ROLE_COORDINATOR || !(own = c->user->region_code))
		return 0;
	return (p->a.region_code && strcmp(p->a.region_code, own) == 0) ||
	       (p->b.region_code && strcmp(p->b.region_code, own) == 0);
}

struct decision_in {
	const char *decision;
	int64_t item;
	const char *reason;
};

static const struct field decision_spec[] = {
	{ "decision", FT_ENUM, F_REQUIRED, offsetof(struct decision_in, decision), 0, 0, vocab_decision, "决定", "Decision" },
	{ "item", FT_INT, 0, offsetof(struct decision_in, item), 1, INT64_MAX, NULL, "条目", "Item" },
	{ "reason", FT_TEXT, F_MULTILINE, offsetof(struct decision_in, reason), 0, 1000, NULL, "理由", "Reason" },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL },
};

/* The guide item on side d of the pair, read for a change (0 if side d is
 * not a guide item of the round). */
static int side_item(struct ctx *c, const struct overlap_doc *d, struct guide_item *it,
		     struct derr *e)
{
	int rc;
	if (strcmp(d->kind, "guide_item") != 0 || strcmp(d->status, "round") != 0)
		return 1;
	rc = store_item_get(c->db, c->a, d->ref_id, it);
	if (rc < 0)
		return derr_store(e, rc, "reading the item");
	return rc;
}

/* Checks and applies the decision's effect on the items. */
static int decide_effect(struct ctx *c, const struct overlap_pair *p, struct decision_in *d,
			 struct derr *e)
{
	struct guide_item a, b, *target = NULL, *other = NULL;
	int ra, rb;

	if ((ra = side_item(c, &p->a, &a, e)) < 0 || (rb = side_item(c, &p->b, &b, e)) < 0)
		return -1;
	if (strcmp(d->decision, "keep") == 0) {
		if (!d->reason)
			return derr_set(e, DERR_INVALID, "required", "reason",
					"keeping both needs a reason");
		return d->item ? derr_set(e, DERR_INVALID, "not_allowed", "item",
					  "keeping both names no item") : 0;
	}
	if (strcmp(d->decision, "cofund") == 0)
		return d->item ? derr_set(e, DERR_INVALID, "not_allowed", "item",
					  "co-funding names no item") : 0;
	/* merge and withdraw name an item of the pair; without one, the
	 * coordinator's own region's item is meant */
	if (!d->item) {
		const char *own = role_of(c->user) == ROLE_COORDINATOR ? c->user->region_code : NULL;
		if (strcmp(d->decision, "withdraw") == 0 && own) {
			if (ra == 0 && strcmp(a.region_code, own) == 0)
				d->item = a.id;
			else if (rb == 0 && strcmp(b.region_code, own) == 0)
				d->item = b.id;
		} else if (strcmp(d->decision, "withdraw") == 0 && rb != 0 && ra == 0) {
			d->item = a.id;   /* against the history: the round's item */
		}
		if (!d->item)
			return derr_set(e, DERR_INVALID, "required", "item",
					"name the item to %s", strcmp(d->decision, "merge") == 0
					? "keep" : "withdraw");
	}
	if (ra == 0 && d->item == a.id) {
		target = &a;
		other = rb == 0 ? &b : NULL;
	} else if (rb == 0 && d->item == b.id) {
		target = &b;
		other = ra == 0 ? &a : NULL;
	} else {
		return derr_set(e, DERR_INVALID, "not_in_pair", "item",
				"item %lld is not a guide item of this pair", (long long)d->item);
	}
	if (strcmp(d->decision, "merge") == 0) {
		/* target is kept; the other is merged into it */
		if (!other)
			return derr_set(e, DERR_INVALID, "not_allowed", "decision",
					"merging joins two items of the round; with a funded"
					" project or a challenge choose co-fund, keep or withdraw");
		if (!round_may_edit_region(c, other->region_code))
			return derr_set(e, DERR_FORBIDDEN, "forbidden", "item",
					"only %s's coordinator or the office may merge away its item",
					other->region_code);
		return round_item_retire(c, other, "merged", target->id, e);
	}
	if (!round_may_edit_region(c, target->region_code))
		return derr_set(e, DERR_FORBIDDEN, "forbidden", "item",
				"only %s's coordinator or the office may withdraw its item",
				target->region_code);
	return round_item_retire(c, target, "withdrawn", 0, e);
}

int pair_decide(struct ctx *c, int64_t id, json_t *in, struct derr *e)
{
	struct overlap_pair old, saved;
	struct overlap_round r;
	struct decision_in d = { NULL, 0, NULL };
	json_t *before = NULL, *after = NULL;
	int rc;

	if (!c->user && c->client)
		return derr_set(e, DERR_UNAUTHORIZED, "login_required", NULL, "log in to decide");
	if (fields_apply(decision_spec, in, &d, c->a, FIELDS_CREATE, e) < 0)
		return -1;
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "recording the decision");
	if ((rc = store_pair_get(c->db, c->a, id, &old)) != 0 ||
	    (rc = store_round_get(c->db, c->a, old.round_id, &r)) != 0) {
		store_rollback(c->db);
		if (rc < 0)
			return derr_store(e, rc, "reading the overlap");
		return derr_set(e, DERR_NOT_FOUND, "not_found", NULL, "overlap %lld does not exist",
				(long long)id);
	}
	if (!round_may_take_part(c))
		rc = derr_set(e, DERR_NOT_FOUND, "not_found", NULL, "overlap %lld does not exist",
			      (long long)id);
	else if (!pair_may_decide(c, &old))
		rc = derr_set(e, DERR_FORBIDDEN, "not_involved", NULL,
			      "only the coordinators of the regions involved (%s%s%s) or the office"
			      " may decide this overlap", old.a.region_code ? old.a.region_code : "",
			      old.b.region_code ? ", " : "", old.b.region_code ? old.b.region_code : "");
	else if (strcmp(r.state, "open") != 0)
		rc = derr_set(e, DERR_CONFLICT, "closed", NULL, "round %lld is closed",
			      (long long)r.id);
	else if (strcmp(old.level, "related") == 0)
		rc = derr_set(e, DERR_CONFLICT, "no_decision", NULL,
			      "related items need no decision; they are candidates for joint funding");
	else if (strcmp(old.a.status, "retired") == 0 || strcmp(old.b.status, "retired") == 0)
		rc = derr_set(e, DERR_CONFLICT, "resolved", NULL,
			      "one side of this overlap has left the round already");
	else if (old.decision && (strcmp(old.decision, "merge") == 0 ||
				  strcmp(old.decision, "withdraw") == 0))
		rc = derr_set(e, DERR_CONFLICT, "final", NULL,
			      "this overlap was decided (%s) and cannot change", old.decision);
	if (rc == 0)
		rc = decide_effect(c, &old, &d, e);
	if (rc == 0)
		rc = store_pair_decide(c->db, id, d.decision, d.item, d.reason,
				       c->user ? c->user->id : 0, now_unix());
	if (rc == 0 && (rc = store_pair_get(c->db, c->a, id, &saved)) != 0)
		rc = derr_store(e, rc < 0 ? rc : DB_ERR, "reading the overlap");
	if (rc == 0) {
		before = pair_json(&old);
		after = pair_json(&saved);
		rc = audit_log(c, "decide", "overlap_pair", id, before, after, e);
	}
	json_decref(before);
	json_decref(after);
	if (rc < 0) {
		store_rollback(c->db);
		return e->kind ? -1 : derr_store(e, rc, "recording the decision");
	}
	if ((rc = store_commit(c->db)) < 0)
		return derr_store(e, rc, "recording the decision");
	overlap_after_commit(c);
	return 0;
}

/* ---- the consolidated list ---------------------------------------------- */

int round_list_entries(struct ctx *c, int64_t round_id, struct list_entry **out, size_t *n,
		       struct derr *e)
{
	struct overlap_round r;
	struct guide_item *items;
	struct overlap_pair *pairs;
	size_t ni, np;
	int rc;

	*out = NULL;
	*n = 0;
	if (round_get(c, round_id, &r, e) < 0)
		return -1;
	if ((rc = store_item_list(c->db, c->a, round_id, NULL, 0, &items, &ni)) < 0 ||
	    (rc = store_pair_list(c->db, c->a, round_id, NULL, NULL, 0, &pairs, &np)) < 0)
		return derr_store(e, rc, "reading the round");
	if (ni && !(*out = arena_zalloc(c->a, ni * sizeof **out)))
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	for (size_t i = 0; i < ni; i++) {
		struct list_entry *le;
		struct buf titles = BUF_INIT;
		if (strcmp(items[i].state, "draft") != 0 && strcmp(items[i].state, "funded") != 0)
			continue;
		le = &(*out)[(*n)++];
		le->item = items[i];
		le->merged = arena_alloc(c->a, ni * sizeof *le->merged);
		le->cofunded = arena_alloc(c->a, (np + 1) * sizeof *le->cofunded);
		if (!le->merged || !le->cofunded)
			return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		for (size_t k = 0; k < ni; k++)
			if (items[k].merged_into == items[i].id)
				le->merged[le->nmerged++] = items[k].id;
		for (size_t k = 0; k < np; k++) {
			const struct overlap_pair *p = &pairs[k];
			const struct overlap_doc *o;
			if (!p->decision || strcmp(p->decision, "cofund") != 0 || !items[i].doc_id)
				continue;
			if (p->a_doc == items[i].doc_id)
				o = &p->b;
			else if (p->b_doc == items[i].doc_id)
				o = &p->a;
			else
				continue;
			le->cofunded[le->ncofunded++] = strcmp(o->kind, "guide_item") == 0 ? o->ref_id : 0;
			if (titles.len)
				buf_adds(&titles, "；");
			buf_adds(&titles, o->title);
		}
		le->cofund_titles = titles.len ? arena_strdup(c->a, titles.s) : NULL;
		buf_release(&titles);
	}
	return 0;
}
