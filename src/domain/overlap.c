/*
 * overlap.c — the history documents other capabilities keep, and the
 * check of one text against everything.  See overlap.h.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "core/log.h"
#include "core/utf8.h"
#include "core/util.h"
#include "domain/fields.h"
#include "domain/industry.h"
#include "domain/overlap.h"
#include "domain/overlap_index.h"
#include "domain/round.h"
#include "store/store.h"
#include "core/banned.h"

#define CHECK_MIN_SCORE 0.2
#define CHECK_MIN_EST 0.3

const char *overlap_level(double score, double topic, double suspect, double duplicate,
			  double related)
{
	if (score >= duplicate)
		return "duplicate";
	if (score >= suspect)
		return "suspected";
	if (topic >= related)
		return "related";
	return "different";
}

/* 1 if s holds something besides white space. */
static int has_text(const char *s)
{
	for (; s && *s; s++)
		if (!isspace((unsigned char)*s))
			return 1;
	return 0;
}

int overlap_text_check(const char *title, const char *content, const char *indicators,
		       int allow_empty_title, struct derr *e)
{
	struct shingles sh = SHINGLES_INIT;
	int rc;

	if (!allow_empty_title && !has_text(title))
		return derr_set(e, DERR_INVALID, "required", "title", "title is required");
	if (!has_text(content))
		return derr_set(e, DERR_INVALID, "required", "content", "content is required");
	if ((title && text_check(title, strlen(title), 0, OVERLAP_TITLE_MAX, "title", e) < 0) ||
	    text_check(content, strlen(content), 1, OVERLAP_CONTENT_MAX, "content", e) < 0 ||
	    (indicators && text_check(indicators, strlen(indicators), 1, OVERLAP_INDICATORS_MAX,
				      "indicators", e) < 0))
		return -1;
	/* something to compare: at least one character or word */
	if (shingles_make(content, strlen(content), &sh) < 0)
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	rc = sh.n ? 0 : derr_set(e, DERR_INVALID, "no_text", "content",
				 "content has no characters or words to compare");
	shingles_release(&sh);
	return rc;
}

int overlap_may_see_drafts(const struct ctx *c)
{
	if (!c->user)
		return !c->client;   /* the command line */
	return round_may_take_part(c);
}

/* ---- the history ---------------------------------------------------------- */

/* The sketch and words of q, encoded for the store (in c->a). */
static int encode(struct ctx *c, struct ovq *q, struct overlap_doc *d, struct derr *e)
{
	unsigned char *s = NULL, *w = NULL;
	size_t ns = 0, nw = 0;
	int rc = -1;
	if (ovq_words(c, q, e) < 0)
		return -1;
	if (ov_sketch_encode(&q->sketch, &s, &ns) < 0 || tfidf_vec_encode(&q->words, &w, &nw) < 0) {
		derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		goto out;
	}
	d->sketch = arena_alloc(c->a, ns);
	d->words = arena_alloc(c->a, nw ? nw : 1);
	if (!d->sketch || !d->words) {
		derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		goto out;
	}
	memcpy((void *)d->sketch, s, ns);
	memcpy((void *)d->words, w, nw);
	d->sketch_len = ns;
	d->words_len = nw;
	rc = 0;
out:
	free(s);
	free(w);
	return rc;
}

int overlap_doc_put(struct ctx *c, const struct overlap_doc_in *in, struct derr *e)
{
	struct overlap_doc d;
	struct ovq q;
	struct region reg;
	int64_t id;
	int rc;

	if (!in->kind || (strcmp(in->kind, "project") != 0 && strcmp(in->kind, "challenge") != 0))
		return derr_set(e, DERR_INVALID, "not_allowed", "kind",
				"kind must be project or challenge");
	if (in->ref_id <= 0)
		return derr_set(e, DERR_INVALID, "required", "ref_id", "ref_id is required");
	if (overlap_text_check(in->title, in->content, in->indicators, 0, e) < 0)
		return -1;
	if (in->field && !industry_find(in->field))
		return derr_set(e, DERR_INVALID, "not_allowed", "field",
				"field must be one of the industrial fields");
	if (in->year && (in->year < 1950 || in->year > 2100))
		return derr_set(e, DERR_INVALID, "out_of_range", "year",
				"year must be between 1950 and 2100");
	if (in->region_code) {
		rc = store_region_get(c->db, c->a, in->region_code, &reg);
		if (rc > 0)
			return derr_set(e, DERR_INVALID, "not_found", "region",
					"region %s is not in the community", in->region_code);
		if (rc < 0)
			return derr_store(e, rc, "checking the region");
	}
	if (ovq_prepare(&q, in->title, in->content, in->indicators, e) < 0)
		return -1;
	memset(&d, 0, sizeof d);
	d.kind = in->kind;
	d.ref_id = in->ref_id;
	d.status = "history";
	d.title = in->title;
	d.content = in->content;
	d.indicators = in->indicators;
	d.field = in->field ? industry_find(in->field)->key : NULL;
	d.region_code = in->region_code;
	d.year = in->year;
	if ((rc = encode(c, &q, &d, e)) == 0) {
		if ((rc = store_doc_put(c->db, &d, &id)) < 0)
			derr_store(e, rc, "storing the document");
		else
			rc = round_pairs_for_history(c, id, &q, e);
	}
	ovq_release(&q);
	return rc < 0 ? -1 : 0;
}

int overlap_doc_delete(struct ctx *c, const char *kind, int64_t ref_id, struct derr *e)
{
	int rc;
	if (!kind || (strcmp(kind, "project") != 0 && strcmp(kind, "challenge") != 0))
		return derr_set(e, DERR_INVALID, "not_allowed", "kind",
				"kind must be project or challenge");
	rc = store_doc_delete(c->db, kind, ref_id);
	return rc < 0 ? derr_store(e, rc, "deleting the document") : 0;
}

void overlap_after_commit(struct ctx *c)
{
	struct derr e = { 0 };
	if (overlap_index_sync(c, &e) < 0)
		log_warn("overlap: the index did not follow a change: %s", e.message);
}

/* ---- the check ---------------------------------------------------------- */

struct check_keep {
	int drafts;
};

static int check_keep(void *arg, int64_t doc_id, int64_t round_id, int64_t region)
{
	const struct check_keep *k = arg;
	(void)doc_id;
	(void)region;
	return round_id == 0 || k->drafts;
}

int overlap_check(struct ctx *c, const char *title, const char *content,
		  const char *indicators, size_t limit, struct overlap_result *out,
		  struct derr *e)
{
	struct check_keep keep = { overlap_may_see_drafts(c) };
	struct ovx_hit *hits = NULL;
	struct ovq q;
	size_t n = 0;
	int64_t t0 = now_usec_mono();
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (limit < 1 || limit > OVERLAP_CHECK_LIMIT)
		return derr_set(e, DERR_INVALID, "out_of_range", "limit",
				"limit must be between 1 and %d", OVERLAP_CHECK_LIMIT);
	if (overlap_text_check(title, content, indicators, 1, e) < 0)
		return -1;
	if (ovq_prepare(&q, title, content, indicators, e) < 0)
		return -1;
	if (ovx_find(c, &q, check_keep, &keep, CHECK_MIN_EST, CHECK_MIN_SCORE, limit, 0,
		     &hits, &n, e) < 0)
		goto out;
	out->title = title;
	out->content = content;
	out->indicators = indicators;
	if (n && !(out->m = arena_zalloc(c->a, n * sizeof *out->m))) {
		derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		struct overlap_match *m = &out->m[i];
		struct ovq o;
		m->doc = hits[i].doc;
		m->score = hits[i].score;
		m->level = overlap_level(m->score.score, m->score.topic, OVERLAP_SUSPECT,
					 OVERLAP_DUPLICATE, OVERLAP_RELATED);
		if (ovq_prepare(&o, m->doc.title, m->doc.content, m->doc.indicators, e) < 0)
			goto out;
		for (int p = 0; p < OV_PARTS; p++) {
			struct hl_range *r = NULL;
			size_t nr = 0;
			if (ov_passages(&q.text, p, &o.text.all, &r, &nr) == 0 && nr &&
			    (m->q[p] = arena_alloc(c->a, nr * sizeof *r))) {
				memcpy(m->q[p], r, nr * sizeof *r);
				m->nq[p] = nr;
			}
			free(r);
			r = NULL;
			nr = 0;
			if (ov_passages(&o.text, p, &q.text.all, &r, &nr) == 0 && nr &&
			    (m->d[p] = arena_alloc(c->a, nr * sizeof *r))) {
				memcpy(m->d[p], r, nr * sizeof *r);
				m->nd[p] = nr;
			}
			free(r);
		}
		ovq_release(&o);
		out->n++;
	}
	overlap_index_figures(&out->searched, &(size_t){ 0 });
	out->usec = now_usec_mono() - t0;
	rc = 0;
out:
	ovq_release(&q);
	return rc;
}

/* ---- JSON --------------------------------------------------------------- */

static json_t *num_or_null(double v)
{
	return v < 0 ? json_null() : json_real((double)(int64_t)(v * 1000 + 0.5) / 1000);
}

json_t *overlap_doc_json(const struct overlap_doc *d, int with_text)
{
	json_t *j = json_pack("{s:I, s:s, s:I, s:s, s:s, s:s?, s:s?, s:s?}",
		"id", (json_int_t)d->id, "kind", d->kind, "ref_id", (json_int_t)d->ref_id,
		"status", d->status, "title", d->title, "field", d->field,
		"region", d->region_code, "item_state", d->item_state);
	if (!j)
		return NULL;
	json_object_set_new(j, "round_id", d->round_id > 0 ? json_integer(d->round_id) : json_null());
	json_object_set_new(j, "year", d->year > 0 ? json_integer(d->year) : json_null());
	if (!d->field)
		json_object_set_new(j, "field", json_null());
	if (!d->region_code)
		json_object_set_new(j, "region", json_null());
	if (!d->item_state)
		json_object_set_new(j, "item_state", json_null());
	if (with_text) {
		json_object_set_new(j, "content", json_string(d->content ? d->content : ""));
		json_object_set_new(j, "indicators",
				    d->indicators ? json_string(d->indicators) : json_null());
	}
	return j;
}

json_t *overlap_score_json(const struct ov_score *s, const char *level)
{
	json_t *parts = json_object();
	static const char *const names[OV_PARTS] = { "title", "content", "indicators" };
	for (int p = 0; p < OV_PARTS; p++)
		json_object_set_new(parts, names[p], num_or_null(s->part[p]));
	return json_pack("{s:o, s:s, s:o, s:o, s:o, s:o}", "score", num_or_null(s->score),
			 "level", level, "copy", num_or_null(s->copy),
			 "jaccard", num_or_null(s->jaccard), "topic", num_or_null(s->topic),
			 "parts", parts);
}

json_t *overlap_passages_json(const char *text, const struct hl_range *r, size_t n)
{
	json_t *a = json_array();
	size_t len = text ? strlen(text) : 0;
	for (size_t i = 0; a && i < n; i++) {
		if (r[i].start > r[i].end || r[i].end > len)
			continue;
		json_array_append_new(a, json_pack("{s:I, s:I, s:s%}",
			"start", (json_int_t)utf8_chars(text, r[i].start),
			"end", (json_int_t)utf8_chars(text, r[i].end),
			"text", text + r[i].start, r[i].end - r[i].start));
	}
	return a;
}

static json_t *parts_passages(const char *const *texts, struct hl_range *const *r,
			      const size_t *n)
{
	static const char *const names[OV_PARTS] = { "title", "content", "indicators" };
	json_t *j = json_object();
	for (int p = 0; j && p < OV_PARTS; p++)
		json_object_set_new(j, names[p], overlap_passages_json(texts[p], r[p], n[p]));
	return j;
}

json_t *overlap_result_json(const struct overlap_result *res)
{
	json_t *items = json_array();
	const char *qt[OV_PARTS] = { res->title, res->content, res->indicators };
	for (size_t i = 0; items && i < res->n; i++) {
		const struct overlap_match *m = &res->m[i];
		const char *dt[OV_PARTS] = { m->doc.title, m->doc.content, m->doc.indicators };
		json_t *it = overlap_score_json(&m->score, m->level);
		if (!it)
			continue;
		json_object_set_new(it, "document", overlap_doc_json(&m->doc, 1));
		json_object_set_new(it, "passages", json_pack("{s:o, s:o}",
			"query", parts_passages(qt, m->q, m->nq),
			"document", parts_passages(dt, m->d, m->nd)));
		json_array_append_new(items, it);
	}
	return json_pack("{s:o, s:I, s:f}", "items", items, "searched", (json_int_t)res->searched,
			 "took_ms", (double)res->usec / 1000.0);
}
