/*
 * expert_match.c — expert finding: validation, filters, reasons, related
 * projects and name matches around the index's ranking.  See
 * expert_match.h.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "core/utf8.h"
#include "core/util.h"
#include "domain/discipline.h"
#include "domain/expert.h"
#include "domain/expert_match.h"
#include "store/store.h"
#include "core/banned.h"

#define RELATED_PROJECTS 3

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

static int has_id(const int64_t *ids, size_t n, int64_t id)
{
	return n && bsearch(&id, ids, n, sizeof *ids, cmp_id) != NULL;
}

struct filter {
	const struct match_query *q;
	int64_t *xe, *xo;                    /* sorted copies of the exclusions */
};

/* The exclusions (the index checks region, title and discipline itself). */
static int match_filter(void *arg, const struct xdoc *d)
{
	const struct filter *f = arg;
	if (has_id(f->xo, f->q->nexclude_orgs, d->org_id))
		return 3;
	if (has_id(f->xe, f->q->nexclude_experts, d->id))
		return 4;
	return 0;
}

static int64_t *sorted_copy(struct ctx *c, const int64_t *ids, size_t n)
{
	int64_t *s;
	if (!n)
		return NULL;
	if (!(s = arena_alloc(c->a, n * sizeof *s)))
		return NULL;
	memcpy(s, ids, n * sizeof *s);
	qsort(s, n, sizeof *s, cmp_id);
	return s;
}

/* The expert's projects whose titles hold words that matched the
 * expert's profile (why.words), most such words first.  A substring test:
 * the words are the text's own, so no second segmentation is needed. */
static int related(struct ctx *c, struct match_hit *h, struct derr *e)
{
	struct expert_project *ps;
	size_t n, k = 0;
	int best[RELATED_PROJECTS];
	int rc = store_expert_projects(c->db, c->a, h->x.id, 0, 20, &ps, &n);

	if (rc < 0)
		return derr_store(e, rc, "reading projects");
	h->projects = NULL;
	h->nprojects = 0;
	if (!n || !h->why.nwords)
		return 0;
	if (!(h->projects = arena_alloc(c->a, RELATED_PROJECTS * sizeof *h->projects)))
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	for (size_t i = 0; i < n; i++) {
		int count = 0;
		size_t at;
		for (size_t w = 0; w < h->why.nwords; w++)
			count += strlen(h->why.words[w]) >= 2 && strcasestr(ps[i].title, h->why.words[w]);
		if (!count)
			continue;
		/* insertion into the best few, stable for equal counts */
		for (at = k; at > 0 && best[at - 1] < count; at--)
			;
		if (at >= RELATED_PROJECTS)
			continue;
		if (k < RELATED_PROJECTS)
			k++;
		for (size_t j = k - 1; j > at; j--) {
			best[j] = best[j - 1];
			h->projects[j] = h->projects[j - 1];
		}
		best[at] = count;
		h->projects[at] = ps[i];
	}
	h->nprojects = k;
	return 0;
}

int region_exists(struct ctx *c, const char *code)
{
	/* the list without figures: store_region_get() counts a region's
	 * instruments too, far more than a check needs */
	struct region *rs;
	size_t n;
	int rc = store_region_list(c->db, c->a, 0, &rs, &n);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (strcmp(rs[i].code, code) == 0)
			return 1;
	return 0;
}

static int check_query(struct ctx *c, const struct match_query *q, struct derr *e)
{
	const char *t = q->text;
	size_t len;
	if (!t)
		return derr_set(e, DERR_INVALID, "required", "text", "text is required");
	len = strlen(t);
	if (text_check(t, len, 1, MATCH_MAX_CHARS, "text", e) < 0)
		return -1;
	while (len && isspace((unsigned char)*t)) {
		t++;
		len--;
	}
	if (!len)
		return derr_set(e, DERR_INVALID, "required", "text", "text is required");
	if (q->limit < 0 || q->limit > MATCH_MAX_LIMIT)
		return derr_set(e, DERR_INVALID, "out_of_range", "limit",
				"limit must be between 1 and %d", MATCH_MAX_LIMIT);
	if (q->region && *q->region) {
		int rc = region_exists(c, q->region);
		if (rc == 0)
			return derr_set(e, DERR_INVALID, "not_found", "region",
					"region %s is not in the community", q->region);
		if (rc < 0)
			return derr_store(e, rc, "checking the region");
	}
	if (q->title && *q->title && !vocab_find(vocab_expert_title, q->title))
		return derr_set(e, DERR_INVALID, "not_allowed", "title",
				"title must be one of the listed values");
	if (q->discipline && *q->discipline && discipline_check(q->discipline, "discipline", e) < 0)
		return -1;
	return 0;
}

int expert_match(struct ctx *c, const struct match_query *q, struct match_result *out,
		 struct derr *e)
{
	struct filter f = { q, NULL, NULL };
	struct xsearch s = { 0 };
	struct xwords words;
	struct xhit *hits;
	struct expert *xs;
	struct xreason *why;
	size_t nh, nx;
	int64_t t0 = now_usec_mono();
	int rc;

	memset(out, 0, sizeof *out);
	if (check_query(c, q, e) < 0)
		return -1;
	if ((q->nexclude_experts && !(f.xe = sorted_copy(c, q->exclude_experts, q->nexclude_experts))) ||
	    (q->nexclude_orgs && !(f.xo = sorted_copy(c, q->exclude_orgs, q->nexclude_orgs))))
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	if (xwords_of(c, q->text, &words, e) < 0)
		return -1;
	s.words = &words;
	s.region = q->region;
	s.title = q->title;
	s.discipline = q->discipline;
	if (q->nexclude_orgs || q->nexclude_experts) {
		s.filter = match_filter;
		s.filter_arg = &f;
	}
	s.limit = (size_t)(q->limit ? q->limit : 20);
	if (xindex_search(c, &s, &hits, &nh, e) < 0)
		return -1;
	out->candidates = s.candidates;
	out->accepted = s.accepted;
	out->nterms = s.nterms;
	if (nh) {
		int64_t *ids = arena_alloc(c->a, nh * sizeof *ids);
		if (!ids)
			return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		for (size_t i = 0; i < nh; i++)
			ids[i] = hits[i].id;
		if ((rc = store_expert_get_many(c->db, c->a, ids, nh, &xs, &nx)) < 0)
			return derr_store(e, rc, "reading experts");
		if (xindex_reasons(c, &words, xs, nx, &why, e) < 0)
			return -1;
		if (!(out->hits = arena_zalloc(c->a, nx * sizeof *out->hits)))
			return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		for (size_t i = 0; i < nx; i++) {
			struct match_hit *h = &out->hits[out->n++];
			h->x = xs[i];
			h->x.email = h->x.phone = NULL;
			h->why = why[i];
			for (size_t k = 0; k < nh; k++)
				if (hits[k].id == xs[i].id)
					h->score = hits[k].score;
			if (related(c, h, e) < 0)
				return -1;
		}
	}
	/* a short text may be a name */
	if (utf8_chars(q->text, strlen(q->text)) <= MATCH_NAME_CHARS) {
		struct expert_filter nf = { 0 };
		int64_t total;
		const char *t = q->text;
		while (isspace((unsigned char)*t))
			t++;
		nf.name = arena_strdup(c->a, t);
		if (!nf.name)
			return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		for (char *p = (char *)nf.name + strlen(nf.name);
		     p > nf.name && isspace((unsigned char)p[-1]); p--)
			p[-1] = '\0';
		nf.region = q->region;
		nf.title = q->title;
		nf.discipline = q->discipline;
		nf.limit = 10;
		if ((rc = store_expert_list(c->db, c->a, &nf, &out->people, &out->npeople, &total)) < 0)
			return derr_store(e, rc, "looking up names");
		if (out->npeople) {
			out->leads = arena_zalloc(c->a, out->npeople * sizeof *out->leads);
			out->nleads = arena_zalloc(c->a, out->npeople * sizeof *out->nleads);
			if (!out->leads || !out->nleads)
				return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		}
		for (size_t i = 0; i < out->npeople; i++) {
			out->people[i].email = out->people[i].phone = NULL;
			if ((rc = store_expert_projects(c->db, c->a, out->people[i].id, 1, 10,
							&out->leads[i], &out->nleads[i])) < 0)
				return derr_store(e, rc, "reading projects");
		}
	}
	out->usec = now_usec_mono() - t0;
	return 0;
}

/* ---- JSON ---------------------------------------------------------------- */

int json_ids(struct ctx *c, json_t *v, const char *field, size_t max, int64_t **out,
	     size_t *n, struct derr *e)
{
	size_t i;
	json_t *item;
	*out = NULL;
	*n = 0;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_array(v))
		return derr_set(e, DERR_INVALID, "wrong_type", field, "%s must be a list of ids", field);
	if (json_array_size(v) > max)
		return derr_set(e, DERR_INVALID, "too_long", field, "%s: at most %zu ids", field, max);
	if (json_array_size(v) && !(*out = arena_alloc(c->a, json_array_size(v) * sizeof **out)))
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	json_array_foreach(v, i, item) {
		if (!json_is_integer(item) || json_integer_value(item) < 1)
			return derr_set(e, DERR_INVALID, "wrong_type", field,
					"%s must be a list of positive integers", field);
		(*out)[(*n)++] = json_integer_value(item);
	}
	return 0;
}

/* A string member, or NULL; -1 if present with another type. */
static int str_member(json_t *in, const char *name, const char **out, struct derr *e)
{
	json_t *v = json_object_get(in, name);
	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return derr_set(e, DERR_INVALID, "wrong_type", name, "%s must be a string", name);
	if (memchr(json_string_value(v), '\0', json_string_length(v)))
		return derr_set(e, DERR_INVALID, "control_character", name,
				"%s contains a NUL character", name);
	*out = json_string_value(v);
	return 0;
}

int match_query_from_json(struct ctx *c, json_t *in, struct match_query *q, struct derr *e)
{
	static const char *const known[] = { "text", "region", "discipline", "title",
					     "exclude_experts", "exclude_orgs", "limit" };
	const char *key;
	json_t *v;
	int64_t *xe, *xo;

	memset(q, 0, sizeof *q);
	if (!json_is_object(in))
		return derr_set(e, DERR_INVALID, "wrong_type", NULL, "the body must be a JSON object");
	json_object_foreach(in, key, v) {
		size_t i;
		for (i = 0; i < sizeof known / sizeof known[0] && strcmp(key, known[i]) != 0; i++)
			;
		if (i == sizeof known / sizeof known[0])
			return derr_set(e, DERR_INVALID, "unknown_field", NULL,
					"unknown field; the body has text, region, discipline,"
					" title, exclude_experts, exclude_orgs and limit");
	}
	if (str_member(in, "text", &q->text, e) < 0 || str_member(in, "region", &q->region, e) < 0 ||
	    str_member(in, "discipline", &q->discipline, e) < 0 ||
	    str_member(in, "title", &q->title, e) < 0 ||
	    json_ids(c, json_object_get(in, "exclude_experts"), "exclude_experts",
		     MATCH_MAX_EXCLUDED, &xe, &q->nexclude_experts, e) < 0 ||
	    json_ids(c, json_object_get(in, "exclude_orgs"), "exclude_orgs", MATCH_MAX_EXCLUDED,
		     &xo, &q->nexclude_orgs, e) < 0)
		return -1;
	q->exclude_experts = xe;
	q->exclude_orgs = xo;
	if ((v = json_object_get(in, "limit")) && !json_is_null(v)) {
		if (!json_is_integer(v))
			return derr_set(e, DERR_INVALID, "wrong_type", "limit", "limit must be an integer");
		if (json_integer_value(v) < 1 || json_integer_value(v) > MATCH_MAX_LIMIT)
			return derr_set(e, DERR_INVALID, "out_of_range", "limit",
					"limit must be between 1 and %d", MATCH_MAX_LIMIT);
		q->limit = json_integer_value(v);
	}
	return 0;
}

static json_t *strings_json(const char *const *s, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, json_string(s[i]));
	return a;
}

json_t *match_result_json(const struct match_result *r)
{
	json_t *items = json_array(), *people = json_array(), *j;
	for (size_t i = 0; i < r->n; i++) {
		const struct match_hit *h = &r->hits[i];
		json_t *disc = json_array(), *projects = json_array();
		for (size_t k = 0; k < h->why.ndisciplines; k++) {
			const struct discipline *d = discipline_find(h->why.disciplines[k]);
			json_array_append_new(disc, json_pack("{s:s, s:s, s:s}", "code",
				h->why.disciplines[k], "name_zh", d ? d->name_zh : h->why.disciplines[k],
				"name_en", d ? d->name_en : h->why.disciplines[k]));
		}
		for (size_t k = 0; k < h->nprojects; k++)
			json_array_append_new(projects, expert_project_json(&h->projects[k]));
		json_array_append_new(items, json_pack("{s:o, s:f, s:{s:o, s:o, s:o, s:o}}",
			"expert", expert_json(&h->x, 0), "score", h->score,
			"reasons", "keywords", strings_json(h->why.keywords, h->why.nkeywords),
			"disciplines", disc, "words", strings_json(h->why.words, h->why.nwords),
			"projects", projects));
	}
	for (size_t i = 0; i < r->npeople; i++) {
		json_t *leads = json_array();
		for (size_t k = 0; k < r->nleads[i]; k++)
			json_array_append_new(leads, expert_project_json(&r->leads[i][k]));
		json_array_append_new(people, json_pack("{s:o, s:o}", "expert",
			expert_json(&r->people[i], 0), "leads", leads));
	}
	j = json_pack("{s:o, s:o, s:I, s:I, s:I, s:f}", "items", items, "people", people,
		      "candidates", (json_int_t)r->candidates, "accepted", (json_int_t)r->accepted,
		      "terms", (json_int_t)r->nterms, "ms", (double)r->usec / 1000.0);
	return j;
}
