/*
 * panel.c — review-panel draws: the request, the qualified pool, the
 * seeded shuffle, replacements and re-runs.  See panel.h.
 */
#include <ctype.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "core/buf.h"
#include "core/util.h"
#include "domain/audit.h"
#include "domain/discipline.h"
#include "domain/expert.h"
#include "domain/expert_index.h"
#include "domain/expert_match.h"
#include "domain/panel.h"
#include "store/store.h"
#include "core/banned.h"

#define SEED_BYTES 32
#define MAX_DISCIPLINES 10
#define MAX_APPLICANTS 100
#define MAX_EXCLUDED 1000

/* ---- the request ---------------------------------------------------------- */

struct quota {
	char region[8];
	int64_t min, max;            /* max -1 = no bound */
};

struct spec {
	const char *item, *text;
	int64_t n, pool, org_max, year;
	const char **disc, **titles;
	size_t ndisc, ntitles;
	struct quota *q;
	size_t nq;
	int64_t *xorg, *app, *xexp;
	size_t nxorg, napp, nxexp;
};

/* A member of the pool, as it was when drawn. */
struct cand {
	int64_t id, org;
	char region[8];
};

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_quota(const void *a, const void *b)
{
	return strcmp(((const struct quota *)a)->region, ((const struct quota *)b)->region);
}

static int has_id(const int64_t *ids, size_t n, int64_t id)
{
	return n && bsearch(&id, ids, n, sizeof *ids, cmp_id) != NULL;
}

static int current_year(void)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	return tm.tm_year + 1900;
}

static int int_member(json_t *in, const char *name, int64_t min, int64_t max, int64_t def,
		      int64_t *out, struct derr *e)
{
	json_t *v = json_object_get(in, name);
	*out = def;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v))
		return derr_set(e, DERR_INVALID, "wrong_type", name, "%s must be an integer", name);
	if (json_integer_value(v) < min || json_integer_value(v) > max)
		return derr_set(e, DERR_INVALID, "out_of_range", name,
				"%s must be between %lld and %lld", name, (long long)min,
				(long long)max);
	*out = json_integer_value(v);
	return 0;
}

static int text_member(struct ctx *c, json_t *in, const char *name, int64_t max, int multiline,
		       const char **out, struct derr *e)
{
	json_t *v = json_object_get(in, name);
	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return derr_set(e, DERR_INVALID, "wrong_type", name, "%s must be a string", name);
	if (text_check(json_string_value(v), json_string_length(v), multiline, max, name, e) < 0)
		return -1;
	if (memchr(json_string_value(v), '\0', json_string_length(v)))
		return derr_set(e, DERR_INVALID, "control_character", name,
				"%s contains a NUL character", name);
	/* copied: a stored request is freed after parsing */
	if (!(*out = arena_strdup(c->a, json_string_value(v))))
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	while (**out && isspace((unsigned char)**out))
		(*out)++;
	if (!**out)
		*out = NULL;
	return 0;
}

/* A list of strings checked by check(); sorted, without repeats. */
static int str_list(struct ctx *c, json_t *in, const char *name, size_t max,
		    int (*check)(const char *s, const char *field, struct derr *e),
		    const char ***out, size_t *n, struct derr *e)
{
	json_t *v = json_object_get(in, name), *item;
	size_t i;
	*out = NULL;
	*n = 0;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_array(v))
		return derr_set(e, DERR_INVALID, "wrong_type", name, "%s must be a list", name);
	if (json_array_size(v) > max)
		return derr_set(e, DERR_INVALID, "too_long", name, "%s: at most %zu", name, max);
	if (json_array_size(v) && !(*out = arena_alloc(c->a, json_array_size(v) * sizeof **out)))
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	json_array_foreach(v, i, item) {
		const char *s = json_string_value(item);
		size_t k;
		if (!json_is_string(item) || strlen(s) != json_string_length(item))
			return derr_set(e, DERR_INVALID, "wrong_type", name,
					"%s must be a list of strings", name);
		if (check(s, name, e) < 0)
			return -1;
		for (k = 0; k < *n && strcmp((*out)[k], s) != 0; k++)
			;
		if (k == *n && !((*out)[(*n)++] = arena_strdup(c->a, s)))
			return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	}
	if (*n)
		qsort(*out, *n, sizeof **out, cmp_str);
	return 0;
}

static int check_title(const char *s, const char *field, struct derr *e)
{
	if (!vocab_find(vocab_expert_title, s))
		return derr_set(e, DERR_INVALID, "not_allowed", field,
				"%s: %s is not a title (academician, professor, associate,"
				" senior_engineer, engineer, other)", field, s);
	return 0;
}

static int check_disc(const char *s, const char *field, struct derr *e)
{
	return discipline_check(s, field, e);
}

static int sorted_ids(struct ctx *c, json_t *in, const char *name, size_t max, int64_t **out,
		      size_t *n, struct derr *e)
{
	size_t k = 0;
	if (json_ids(c, json_object_get(in, name), name, max, out, n, e) < 0)
		return -1;
	if (*n)
		qsort(*out, *n, sizeof **out, cmp_id);
	for (size_t i = 0; i < *n; i++)
		if (!k || (*out)[k - 1] != (*out)[i])
			(*out)[k++] = (*out)[i];
	*n = k;
	return 0;
}

/* Reads region_min or region_max into the quotas. */
static int quota_member(struct ctx *c, json_t *in, const char *name, struct spec *s,
			struct derr *e)
{
	json_t *v = json_object_get(in, name), *cnt;
	const char *code;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_object(v))
		return derr_set(e, DERR_INVALID, "wrong_type", name,
				"%s must map region codes to counts, e.g. {\"310000\": 1}", name);
	json_object_foreach(v, code, cnt) {
		struct quota *q = NULL;
		int rc = strlen(code) < 8 ? region_exists(c, code) : 0;
		if (rc < 0)
			return derr_store(e, rc, "checking regions");
		if (rc == 0)
			return derr_set(e, DERR_INVALID, "not_found", name,
					"%s: %.16s is not a region of the community", name, code);
		if (!json_is_integer(cnt) || json_integer_value(cnt) < 0 ||
		    json_integer_value(cnt) > s->n)
			return derr_set(e, DERR_INVALID, "out_of_range", name,
					"%s: the count for %s must be between 0 and n", name, code);
		for (size_t i = 0; i < s->nq; i++)
			if (strcmp(s->q[i].region, code) == 0)
				q = &s->q[i];
		if (!q) {
			struct quota *nq = arena_alloc(c->a, (s->nq + 1) * sizeof *nq);
			if (!nq)
				return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
			if (s->nq)
				memcpy(nq, s->q, s->nq * sizeof *nq);
			s->q = nq;
			q = &s->q[s->nq++];
			snprintf(q->region, sizeof q->region, "%s", code);
			q->min = 0;
			q->max = -1;
		}
		if (strcmp(name, "region_min") == 0)
			q->min = json_integer_value(cnt);
		else
			q->max = json_integer_value(cnt);
	}
	return 0;
}

static int parse_spec(struct ctx *c, json_t *in, int stored, struct spec *s, struct derr *e)
{
	static const char *const known[] = { "item", "text", "n", "disciplines", "titles",
		"region_min", "region_max", "org_max", "applicants", "exclude_orgs",
		"exclude_experts", "pool", "year" };
	const char *key;
	json_t *v;
	int64_t sum = 0;

	memset(s, 0, sizeof *s);
	if (!json_is_object(in))
		return derr_set(e, DERR_INVALID, "wrong_type", NULL, "the body must be a JSON object");
	json_object_foreach(in, key, v) {
		size_t i, nk = sizeof known / sizeof known[0] - (stored ? 0 : 1);
		for (i = 0; i < nk && strcmp(key, known[i]) != 0; i++)
			;
		if (i == nk)
			return derr_set(e, DERR_INVALID, "unknown_field", NULL,
					"unknown field; a draw has item, text, n, disciplines,"
					" titles, region_min, region_max, org_max, applicants,"
					" exclude_orgs, exclude_experts and pool");
	}
	if (text_member(c, in, "item", 200, 0, &s->item, e) < 0 ||
	    text_member(c, in, "text", MATCH_MAX_CHARS, 1, &s->text, e) < 0)
		return -1;
	if (!s->item)
		return derr_set(e, DERR_INVALID, "required", "item",
				"item is required: what is the panel to review?");
	if (!json_object_get(in, "n"))
		return derr_set(e, DERR_INVALID, "required", "n", "n (the panel size) is required");
	if (int_member(in, "n", 1, PANEL_MAX_N, 0, &s->n, e) < 0 ||
	    int_member(in, "org_max", 1, PANEL_MAX_N, 0, &s->org_max, e) < 0 ||
	    int_member(in, "year", 2000, 2200, current_year(), &s->year, e) < 0 ||
	    str_list(c, in, "disciplines", MAX_DISCIPLINES, check_disc, &s->disc, &s->ndisc, e) < 0 ||
	    str_list(c, in, "titles", 6, check_title, &s->titles, &s->ntitles, e) < 0 ||
	    sorted_ids(c, in, "applicants", MAX_APPLICANTS, &s->app, &s->napp, e) < 0 ||
	    sorted_ids(c, in, "exclude_orgs", MAX_EXCLUDED, &s->xorg, &s->nxorg, e) < 0 ||
	    sorted_ids(c, in, "exclude_experts", MAX_EXCLUDED, &s->xexp, &s->nxexp, e) < 0 ||
	    quota_member(c, in, "region_min", s, e) < 0 ||
	    quota_member(c, in, "region_max", s, e) < 0)
		return -1;
	if (!s->text && !s->ndisc)
		return derr_set(e, DERR_INVALID, "required", "disciplines",
				"give disciplines, a text, or both: they decide who is a candidate");
	if (int_member(in, "pool", s->n, PANEL_MAX_POOL,
		       s->n * 5 > 20 ? (s->n * 5 < PANEL_MAX_POOL ? s->n * 5 : PANEL_MAX_POOL) : 20,
		       &s->pool, e) < 0)
		return -1;
	if (s->pool < s->n)
		s->pool = s->n;
	if (s->nq)
		qsort(s->q, s->nq, sizeof *s->q, cmp_quota);
	for (size_t i = 0; i < s->nq; i++) {
		if (s->q[i].max >= 0 && s->q[i].min > s->q[i].max)
			return derr_set(e, DERR_INVALID, "out_of_range", "region_min",
					"region_min: %s asks for more than its region_max", s->q[i].region);
		sum += s->q[i].min;
	}
	if (sum > s->n)
		return derr_set(e, DERR_INVALID, "out_of_range", "region_min",
				"region_min asks for %lld experts, more than n = %lld",
				(long long)sum, (long long)s->n);
	return 0;
}

static json_t *ids_array(const int64_t *ids, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, json_integer(ids[i]));
	return a;
}

static json_t *strs_array(const char *const *s, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, json_string(s[i]));
	return a;
}

/* The request as recorded: every default made explicit. */
static json_t *spec_json(const struct spec *s)
{
	json_t *mins = json_object(), *maxs = json_object();
	json_t *j = json_pack("{s:s, s:s?, s:I, s:I, s:I, s:o, s:o, s:o, s:o, s:o}",
		"item", s->item, "text", s->text, "n", (json_int_t)s->n, "pool", (json_int_t)s->pool,
		"year", (json_int_t)s->year, "disciplines", strs_array(s->disc, s->ndisc),
		"titles", strs_array(s->titles, s->ntitles), "applicants", ids_array(s->app, s->napp),
		"exclude_orgs", ids_array(s->xorg, s->nxorg),
		"exclude_experts", ids_array(s->xexp, s->nxexp));
	for (size_t i = 0; i < s->nq; i++) {
		if (s->q[i].min > 0)
			json_object_set_new(mins, s->q[i].region, json_integer(s->q[i].min));
		if (s->q[i].max >= 0)
			json_object_set_new(maxs, s->q[i].region, json_integer(s->q[i].max));
	}
	if (!j) {
		json_decref(mins);
		json_decref(maxs);
		return NULL;
	}
	json_object_set_new(j, "region_min", mins);
	json_object_set_new(j, "region_max", maxs);
	if (s->org_max)
		json_object_set_new(j, "org_max", json_integer(s->org_max));
	return j;
}

/* ---- the pool ------------------------------------------------------------ */

/* Why a candidate was left out: the filter's stages. */
enum stage { ST_OK, ST_INDEX_REGION, ST_INDEX_DISC,   /* the index's simple filters */
	     ST_TITLE, ST_ORG, ST_EXPERT, ST_COLEAD, ST_CONFLICT, ST_N };

static const struct {
	const char *what, *field;
} stages[ST_N] = {
	[ST_TITLE] = { "with an allowed title", "titles" },
	[ST_ORG] = { "not from the applicants' or excluded organisations", "exclude_orgs" },
	[ST_EXPERT] = { "not an applicant or an excluded expert", "exclude_experts" },
	[ST_COLEAD] = { "without a project co-led with an applicant in the last 5 years",
			"applicants" },
	[ST_CONFLICT] = { "without a declared conflict with the applicants", "applicants" },
};

struct exclusions {
	const struct spec *s;
	int64_t *orgs, *experts, *coleads, *conflicts;
	size_t norgs, nexperts, ncoleads, nconflicts;
};

static int pool_filter(void *arg, const struct xdoc *d)
{
	const struct exclusions *x = arg;
	const struct spec *s = x->s;
	if (s->ntitles && !bsearch(&d->title, s->titles, s->ntitles, sizeof *s->titles, cmp_str))
		return ST_TITLE;
	if (has_id(x->orgs, x->norgs, d->org_id))
		return ST_ORG;
	if (has_id(x->experts, x->nexperts, d->id))
		return ST_EXPERT;
	if (has_id(x->coleads, x->ncoleads, d->id))
		return ST_COLEAD;
	if (has_id(x->conflicts, x->nconflicts, d->id))
		return ST_CONFLICT;
	return ST_OK;
}

/* Merges two id lists into a sorted set in c->a. */
static int64_t *merge_ids(struct ctx *c, const int64_t *a, size_t na, const int64_t *b,
			  size_t nb, size_t *n)
{
	int64_t *m = arena_alloc(c->a, (na + nb + 1) * sizeof *m);
	size_t k = 0;
	if (!m)
		return NULL;
	if (na)
		memcpy(m, a, na * sizeof *m);
	if (nb)
		memcpy(m + na, b, nb * sizeof *m);
	qsort(m, na + nb, sizeof *m, cmp_id);
	for (size_t i = 0; i < na + nb; i++)
		if (!k || m[k - 1] != m[i])
			m[k++] = m[i];
	*n = k;
	return m;
}

/* Everything about the pool that explains it. */
struct pool {
	struct cand *c;
	size_t n;
	int64_t candidates, accepted;
	int64_t rejected[XSEARCH_STAGES];
	int64_t *region_qualified;   /* per quota */
};

static int compute_pool(struct ctx *c, const struct spec *s, uint64_t tiebreak, int strict,
			struct pool *p, struct derr *e)
{
	struct exclusions x = { .s = s };
	struct xsearch q = { 0 };
	struct xwords words;
	struct xhit *hits, *all;
	struct expert *apps, *xs;
	size_t napps, nh, nall, nx;
	int64_t *app_orgs;
	int rc;

	memset(p, 0, sizeof *p);
	if ((rc = store_expert_get_many(c->db, c->a, s->app, s->napp, &apps, &napps)) < 0)
		return derr_store(e, rc, "reading the applicants");
	if (strict && napps < s->napp) {
		for (size_t i = 0; i < s->napp; i++) {
			size_t k;
			for (k = 0; k < napps && apps[k].id != s->app[i]; k++)
				;
			if (k == napps)
				return derr_set(e, DERR_INVALID, "not_found", "applicants",
						"applicants: expert %lld does not exist", (long long)s->app[i]);
		}
	}
	if (!(app_orgs = arena_alloc(c->a, (napps + 1) * sizeof *app_orgs)))
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	for (size_t i = 0; i < napps; i++)
		app_orgs[i] = apps[i].org_id;
	if (!(x.orgs = merge_ids(c, s->xorg, s->nxorg, app_orgs, napps, &x.norgs)) ||
	    !(x.experts = merge_ids(c, s->xexp, s->nxexp, s->app, s->napp, &x.nexperts)))
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	if ((rc = store_coleaders(c->db, c->a, s->app, s->napp, s->year - PANEL_COLEAD_YEARS,
				  &x.coleads, &x.ncoleads)) < 0 ||
	    (rc = store_conflicted(c->db, c->a, x.orgs, x.norgs, s->app, s->napp, &x.conflicts,
				   &x.nconflicts)) < 0)
		return derr_store(e, rc, "reading conflicts of interest");

	if (xwords_of(c, s->text, &words, e) < 0)
		return -1;
	q.words = &words;
	q.disciplines = s->disc;
	q.ndisciplines = s->ndisc;
	q.filter = pool_filter;
	q.filter_arg = &x;
	q.limit = (size_t)s->pool;
	q.tiebreak_seed = tiebreak;
	if (xindex_search(c, &q, &hits, &nh, e) < 0)
		return -1;
	p->candidates = q.candidates;
	p->accepted = q.accepted;
	memcpy(p->rejected, q.rejected, sizeof p->rejected);
	if (!(all = arena_alloc(c->a, (nh + 5 * (size_t)s->n + 1) * sizeof *all)) ||
	    (s->nq && !(p->region_qualified = arena_zalloc(c->a, s->nq * sizeof *p->region_qualified))))
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	if (nh)
		memcpy(all, hits, nh * sizeof *all);
	nall = nh;
	/* the best of each region with a minimum, so the minimum can be met */
	for (size_t i = 0; i < s->nq; i++) {
		struct xhit *rh;
		size_t nr;
		if (s->q[i].min <= 0)
			continue;
		q.region = s->q[i].region;
		q.limit = (size_t)(5 * s->q[i].min);
		if (xindex_search(c, &q, &rh, &nr, e) < 0)
			return -1;
		p->region_qualified[i] = q.accepted;
		for (size_t k = 0; k < nr; k++) {
			size_t j;
			for (j = 0; j < nall && all[j].id != rh[k].id; j++)
				;
			if (j == nall)
				all[nall++] = rh[k];
		}
	}
	if (nall) {
		int64_t *ids = arena_alloc(c->a, nall * sizeof *ids);
		if (!ids || !(p->c = arena_alloc(c->a, nall * sizeof *p->c)))
			return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		for (size_t i = 0; i < nall; i++)
			ids[i] = all[i].id;
		if ((rc = store_expert_get_many(c->db, c->a, ids, nall, &xs, &nx)) < 0)
			return derr_store(e, rc, "reading the pool");
		for (size_t i = 0; i < nx; i++) {
			p->c[i].id = xs[i].id;
			p->c[i].org = xs[i].org_id;
			snprintf(p->c[i].region, sizeof p->c[i].region, "%s",
				 xs[i].region_code ? xs[i].region_code : "");
		}
		p->n = nx;
	}
	return 0;
}

/* The refusal of a draw the pool cannot fill, counting down the stages. */
static int not_enough(const struct spec *s, const struct pool *p, struct derr *e)
{
	struct buf b = BUF_INIT;
	int64_t left = p->candidates;
	const char *field = s->ndisc ? "disciplines" : "text";
	char codes[128] = "";
	size_t used = 0;

	for (size_t i = 0; i < s->ndisc && used < sizeof codes - 8; i++) {
		int k = snprintf(codes + used, sizeof codes - used, "%s%s", i ? " " : "", s->disc[i]);
		if (k > 0)
			used += (size_t)k;
	}
	if (s->ndisc)
		buf_addf(&b, "%lld experts in the disciplines %s", (long long)left, codes);
	else
		buf_addf(&b, "%lld experts match the text", (long long)left);
	for (int st = ST_TITLE; st < ST_N; st++) {
		if (!p->rejected[st])
			continue;
		if (left >= s->n && left - p->rejected[st] < s->n)
			field = stages[st].field;
		left -= p->rejected[st];
		buf_addf(&b, "; %lld %s", (long long)left, stages[st].what);
	}
	derr_set(e, DERR_INVALID, "not_enough_experts", field,
		 "only %lld qualified experts for %lld places: %s", (long long)left,
		 (long long)s->n, b.s);
	buf_release(&b);
	return -1;
}

/* ---- the seeded shuffle -------------------------------------------------- */

struct stream {
	unsigned char seed[SEED_BYTES];
	unsigned char *buf;
	size_t len, pos;
};

static int next32(struct stream *st, uint32_t *out)
{
	if (st->pos + 4 > st->len) {
		/* the keystream for a longer length begins with the shorter one */
		size_t len = st->len ? st->len * 2 : 4096;
		unsigned char *b = realloc(st->buf, len);
		if (!b)
			return -1;
		randombytes_buf_deterministic(b, len, st->seed);
		st->buf = b;
		st->len = len;
	}
	*out = (uint32_t)st->buf[st->pos] | (uint32_t)st->buf[st->pos + 1] << 8 |
	       (uint32_t)st->buf[st->pos + 2] << 16 | (uint32_t)st->buf[st->pos + 3] << 24;
	st->pos += 4;
	return 0;
}

/* A uniform integer in [0, k), without modulo bias. */
static int uniform(struct stream *st, uint32_t k, uint32_t *out)
{
	uint32_t r, limit = UINT32_MAX - UINT32_MAX % k;
	do {
		if (next32(st, &r) < 0)
			return -1;
	} while (r >= limit);
	*out = r % k;
	return 0;
}

/* perm[0..n) = a permutation of 0..n-1 drawn from the seed. */
static int shuffle(const unsigned char seed[SEED_BYTES], size_t *perm, size_t n)
{
	struct stream st = { .buf = NULL };
	int rc = 0;
	memcpy(st.seed, seed, SEED_BYTES);
	for (size_t i = 0; i < n; i++)
		perm[i] = i;
	for (size_t i = n; i > 1 && rc == 0; i--) {
		uint32_t j;
		size_t t;
		if ((rc = uniform(&st, (uint32_t)i, &j)) == 0) {
			t = perm[i - 1];
			perm[i - 1] = perm[j];
			perm[j] = t;
		}
	}
	sodium_memzero(st.buf, st.len);
	free(st.buf);
	return rc;
}

/* ---- drawing ------------------------------------------------------------- */

struct board {
	const struct spec *s;
	const struct cand *c;
	size_t n;
	size_t *perm;
	unsigned char *invited, *active;   /* per candidate */
};

static int64_t count_active(const struct board *b, const char *region, int64_t org)
{
	int64_t k = 0;
	for (size_t i = 0; i < b->n; i++)
		if (b->active[i] && (region ? strcmp(b->c[i].region, region) == 0 : b->c[i].org == org))
			k++;
	return k;
}

static int fits(const struct board *b, size_t i)
{
	if (b->invited[i])
		return 0;
	if (b->s->org_max && count_active(b, NULL, b->c[i].org) >= b->s->org_max)
		return 0;
	for (size_t k = 0; k < b->s->nq; k++)
		if (b->s->q[k].max >= 0 && strcmp(b->s->q[k].region, b->c[i].region) == 0 &&
		    count_active(b, b->s->q[k].region, 0) >= b->s->q[k].max)
			return 0;
	return 1;
}

static void take(struct board *b, size_t i)
{
	b->invited[i] = 1;
	b->active[i] = 1;
}

static size_t nactive(const struct board *b)
{
	size_t k = 0;
	for (size_t i = 0; i < b->n; i++)
		k += b->active[i];
	return k;
}

/* The initial panel: region minimums first, then the rest.  On failure
 * e names the constraint. */
static int draw_panel(struct board *b, struct derr *e)
{
	const struct spec *s = b->s;
	for (size_t k = 0; k < s->nq; k++) {
		const struct quota *q = &s->q[k];
		for (size_t p = 0; p < b->n && count_active(b, q->region, 0) < q->min; p++) {
			size_t i = b->perm[p];
			if (strcmp(b->c[i].region, q->region) == 0 && fits(b, i))
				take(b, i);
		}
		if (count_active(b, q->region, 0) < q->min)
			return derr_set(e, DERR_INVALID, "not_enough_experts", "region_min",
					"region_min: %s needs %lld experts but only %lld qualify"
					" within org_max", q->region, (long long)q->min,
					(long long)count_active(b, q->region, 0));
	}
	for (size_t p = 0; p < b->n && nactive(b) < (size_t)s->n; p++)
		if (fits(b, b->perm[p]))
			take(b, b->perm[p]);
	if (nactive(b) < (size_t)s->n)
		return derr_set(e, DERR_INVALID, "not_enough_experts",
				s->org_max ? "org_max" : "region_max",
				"only %zu of %lld places can be filled from the %zu qualified experts"
				" within %s", nactive(b), (long long)s->n, b->n,
				s->org_max ? "org_max and region_max" : "region_max");
	return 0;
}

/* The replacement for a member who declined (already inactive): an index,
 * or -1 when nobody fits. */
static long replacement(const struct board *b)
{
	const struct quota *unmet = NULL;
	for (size_t k = 0; k < b->s->nq && !unmet; k++)
		if (count_active(b, b->s->q[k].region, 0) < b->s->q[k].min)
			unmet = &b->s->q[k];
	for (int pass = unmet ? 0 : 1; pass < 2; pass++)
		for (size_t p = 0; p < b->n; p++) {
			size_t i = b->perm[p];
			if (fits(b, i) && (pass || strcmp(b->c[i].region, unmet->region) == 0))
				return (long)i;
		}
	return -1;
}

static long cand_index(const struct board *b, int64_t id)
{
	for (size_t i = 0; i < b->n; i++)
		if (b->c[i].id == id)
			return (long)i;
	return -1;
}

static int board_init(struct ctx *c, struct board *b, const struct spec *s,
		      const struct cand *cands, size_t n, const unsigned char *seed)
{
	memset(b, 0, sizeof *b);
	b->s = s;
	b->c = cands;
	b->n = n;
	if (!(b->perm = arena_alloc(c->a, (n + 1) * sizeof *b->perm)) ||
	    !(b->invited = arena_zalloc(c->a, n + 1)) || !(b->active = arena_zalloc(c->a, n + 1)))
		return -1;
	return shuffle(seed, b->perm, n);
}

/* The active members in shuffled order. */
static int64_t *panel_ids(struct ctx *c, const struct board *b, size_t *n)
{
	int64_t *ids = arena_alloc(c->a, (b->n + 1) * sizeof *ids);
	*n = 0;
	if (!ids)
		return NULL;
	for (size_t p = 0; p < b->n; p++)
		if (b->active[b->perm[p]])
			ids[(*n)++] = b->c[b->perm[p]].id;
	return ids;
}

/* ---- the record ----------------------------------------------------------- */

static json_t *pool_json(const struct cand *c, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, json_pack("[I, I, s]", (json_int_t)c[i].id,
						   (json_int_t)c[i].org, c[i].region));
	return a;
}

static int pool_from_json(struct ctx *c, const char *text, struct cand **out, size_t *n)
{
	json_t *a = json_loads(text, 0, NULL), *item;
	size_t i;
	*out = NULL;
	*n = 0;
	if (!json_is_array(a) ||
	    !(*out = arena_alloc(c->a, (json_array_size(a) + 1) * sizeof **out))) {
		json_decref(a);
		return -1;
	}
	json_array_foreach(a, i, item) {
		json_int_t id, org;
		const char *region;
		if (json_unpack(item, "[I, I, s]", &id, &org, &region) < 0) {
			json_decref(a);
			return -1;
		}
		(*out)[*n].id = id;
		(*out)[*n].org = org;
		snprintf((*out)[*n].region, sizeof (*out)[*n].region, "%s", region);
		(*n)++;
	}
	json_decref(a);
	return 0;
}

/* j as compact JSON with sorted keys, in c->a. */
static const char *arena_json(struct ctx *c, json_t *j)
{
	char *t = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	const char *r = t ? arena_strdup(c->a, t) : NULL;
	free(t);
	return r;
}

int panel_may_draw(const struct ctx *c)
{
	enum role r = role_of(c->user);
	return r == ROLE_SYSADMIN || r == ROLE_OFFICE || r == ROLE_COORDINATOR;
}

static int deny(const struct ctx *c, struct derr *e)
{
	if (!c->user)
		return derr_set(e, DERR_UNAUTHORIZED, "login_required", NULL, "log in to draw panels");
	return derr_set(e, DERR_FORBIDDEN, "forbidden", NULL,
			"only the community office, region coordinators and administrators"
			" draw review panels");
}

static uint64_t tiebreak_of(const unsigned char *seed)
{
	uint64_t t = 0;
	for (int i = 0; i < 8; i++)
		t = t << 8 | seed[i];
	return t | 1;
}

static int finish(struct ctx *c, int rc, struct derr *e, const char *what)
{
	if (rc < 0) {
		store_rollback(c->db);
		return e->kind ? -1 : derr_store(e, rc, what);
	}
	if ((rc = store_commit(c->db)) < 0)
		return derr_store(e, rc, what);
	return 0;
}

int panel_draw(struct ctx *c, json_t *request, int64_t *id, struct derr *e)
{
	unsigned char seed[SEED_BYTES];
	char hex[SEED_BYTES * 2 + 1];
	struct spec s;
	struct pool p;
	struct board b;
	struct panel_draw d = { 0 };
	json_t *rq = NULL, *pj = NULL, *after = NULL;
	int64_t *panel;
	size_t np;
	int rc;

	if (!panel_may_draw(c))
		return deny(c, e);
	if (parse_spec(c, request, 0, &s, e) < 0)
		return -1;
	randombytes_buf(seed, sizeof seed);
	sodium_bin2hex(hex, sizeof hex, seed, sizeof seed);
	/* the pool is read before the write transaction: the index catches
	 * up with the store by itself */
	if (compute_pool(c, &s, tiebreak_of(seed), 1, &p, e) < 0)
		return -1;
	if (p.accepted < s.n)
		return not_enough(&s, &p, e);
	for (size_t k = 0; k < s.nq; k++)
		if (s.q[k].min > 0 && p.region_qualified[k] < s.q[k].min)
			return derr_set(e, DERR_INVALID, "not_enough_experts", "region_min",
					"region_min: %s needs %lld experts but only %lld qualify there",
					s.q[k].region, (long long)s.q[k].min,
					(long long)p.region_qualified[k]);
	if (board_init(c, &b, &s, p.c, p.n, seed) < 0)
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	if (draw_panel(&b, e) < 0)
		return -1;
	if (!(panel = panel_ids(c, &b, &np)) || !(rq = spec_json(&s)) || !(pj = pool_json(p.c, p.n)))
		goto oom;
	d.item = s.item;
	d.n = s.n;
	d.seed = hex;
	d.created_by = c->user->id;
	d.created_at = now_unix();
	if (!(d.request = arena_json(c, rq)) || !(d.pool = arena_json(c, pj)))
		goto oom;
	if ((rc = store_begin(c->db)) < 0) {
		json_decref(rq);
		json_decref(pj);
		return derr_store(e, rc, "recording the draw");
	}
	rc = store_draw_insert(c->db, &d, id);
	for (size_t i = 0; rc == 0 && i < np; i++) {
		struct panel_member m = { .draw_id = *id, .seq = (int64_t)i + 1, .expert_id = panel[i] };
		rc = store_member_insert(c->db, &m);
	}
	if (rc == 0) {
		after = json_pack("{s:s, s:I, s:s, s:O, s:o, s:I}", "item", s.item, "n",
				  (json_int_t)s.n, "seed", hex, "request", rq,
				  "panel", ids_array(panel, np), "pool_size", (json_int_t)p.n);
		rc = after ? audit_log(c, "draw", "panel_draw", *id, NULL, after, e) : DB_ERR;
	}
	json_decref(after);
	json_decref(rq);
	json_decref(pj);
	return finish(c, rc, e, "recording the draw");
oom:
	json_decref(rq);
	json_decref(pj);
	return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
}

/* ---- reading -------------------------------------------------------------- */

static int read_draw(struct ctx *c, int64_t id, struct panel_draw *d, struct panel_member **m,
		     size_t *nm, struct derr *e)
{
	int rc = store_draw_get(c->db, c->a, id, d);
	if (rc > 0)
		return derr_set(e, DERR_NOT_FOUND, "not_found", NULL, "draw %lld does not exist",
				(long long)id);
	if (rc == 0)
		rc = store_member_list(c->db, c->a, id, m, nm);
	return rc < 0 ? derr_store(e, rc, "reading the draw") : 0;
}

int panel_get(struct ctx *c, int64_t id, struct panel_draw *d, struct panel_member **m,
	      size_t *nm, struct derr *e)
{
	if (!panel_may_draw(c))
		return deny(c, e);
	return read_draw(c, id, d, m, nm, e);
}

int panel_list(struct ctx *c, int64_t page, int64_t per_page, struct panel_draw **out,
	       size_t *n, int64_t *total, struct derr *e)
{
	int rc;
	if (!panel_may_draw(c))
		return deny(c, e);
	rc = store_draw_list(c->db, c->a, (page - 1) * per_page, per_page, out, n, total);
	return rc < 0 ? derr_store(e, rc, "listing draws") : 0;
}

/* The draw's spec, pool and shuffled board, from its record. */
static int replay_setup(struct ctx *c, const struct panel_draw *d, struct spec *s,
			struct board *b, unsigned char *seed, struct derr *e)
{
	json_t *rq = json_loads(d->request, 0, NULL);
	struct cand *cands;
	size_t n;
	int rc = parse_spec(c, rq, 1, s, e);
	json_decref(rq);
	if (rc < 0)
		return -1;
	if (sodium_hex2bin(seed, SEED_BYTES, d->seed, strlen(d->seed), NULL, NULL, NULL) != 0 ||
	    pool_from_json(c, d->pool, &cands, &n) < 0)
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "draw %lld: a damaged record",
				(long long)d->id);
	if (board_init(c, b, s, cands, n, seed) < 0)
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	return 0;
}

int panel_decline(struct ctx *c, int64_t draw_id, int64_t expert_id, const char *reason,
		  int64_t *replacement_id, struct derr *e)
{
	unsigned char seed[SEED_BYTES];
	struct panel_draw d;
	struct panel_member *m;
	struct spec s;
	struct board b;
	json_t *after = NULL;
	size_t nm, at;
	int64_t maxseq = 0;
	long r;
	int rc;

	*replacement_id = 0;
	if (!panel_may_draw(c))
		return deny(c, e);
	if (reason && text_check(reason, strlen(reason), 0, 200, "reason", e) < 0)
		return -1;
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "recording the decline");
	if (read_draw(c, draw_id, &d, &m, &nm, e) < 0)
		return finish(c, -1, e, "recording the decline");
	for (at = 0; at < nm && !(m[at].expert_id == expert_id && !m[at].declined_at); at++)
		;
	if (at == nm) {
		for (at = 0; at < nm && m[at].expert_id != expert_id; at++)
			;
		rc = at < nm ? derr_set(e, DERR_CONFLICT, "already_declined", "expert_id",
					"expert %lld has declined already", (long long)expert_id)
			     : derr_set(e, DERR_NOT_FOUND, "not_found", "expert_id",
					"expert %lld is not on this panel", (long long)expert_id);
		return finish(c, rc, e, "recording the decline");
	}
	if (replay_setup(c, &d, &s, &b, seed, e) < 0)
		return finish(c, -1, e, "recording the decline");
	for (size_t i = 0; i < nm; i++) {
		long k = cand_index(&b, m[i].expert_id);
		if (m[i].seq > maxseq)
			maxseq = m[i].seq;
		if (k < 0)
			continue;
		b.invited[k] = 1;
		b.active[k] = !m[i].declined_at && i != at;
	}
	rc = store_member_decline(c->db, draw_id, m[at].seq, reason, now_unix());
	if (rc == 0 && (r = replacement(&b)) >= 0) {
		struct panel_member nmem = { .draw_id = draw_id, .seq = maxseq + 1,
					     .expert_id = b.c[r].id, .replaces = m[at].seq };
		*replacement_id = b.c[r].id;
		rc = store_member_insert(c->db, &nmem);
	}
	if (rc == 0) {
		after = json_pack("{s:I, s:s?, s:o}", "expert_id", (json_int_t)expert_id,
				  "reason", reason, "replacement",
				  *replacement_id ? json_integer(*replacement_id) : json_null());
		rc = after ? audit_log(c, "decline", "panel_draw", draw_id, NULL, after, e) : DB_ERR;
	}
	json_decref(after);
	return finish(c, rc > 0 ? DB_ERR : rc, e, "recording the decline");
}

/* ---- re-running ----------------------------------------------------------- */

static int cmp_decline(const void *a, const void *b)
{
	const struct panel_member *x = *(const struct panel_member *const *)a,
				  *y = *(const struct panel_member *const *)b;
	return x->decline_order < y->decline_order ? -1 : x->decline_order > y->decline_order;
}

static int in_pool(const struct cand *c, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (c[i].id == id)
			return 1;
	return 0;
}

int panel_rerun(struct ctx *c, int64_t id, struct panel_rerun *out, struct derr *e)
{
	unsigned char seed[SEED_BYTES];
	struct panel_draw d;
	struct panel_member *m, **declines;
	struct spec s;
	struct board b;
	struct pool now;
	struct derr ignore = { 0 };
	json_t *after;
	size_t nm, nd = 0, np;
	int64_t *panel;
	int rc;

	memset(out, 0, sizeof *out);
	if (!panel_may_draw(c))
		return deny(c, e);
	if (read_draw(c, id, &d, &m, &nm, e) < 0 || replay_setup(c, &d, &s, &b, seed, e) < 0)
		return -1;
	/* the pool from today's data */
	if (compute_pool(c, &s, tiebreak_of(seed), 0, &now, e) < 0)
		return -1;
	out->pool_now = (int64_t)now.n;
	out->pool_then = (int64_t)b.n;
	out->same_pool = now.n == b.n;
	for (size_t i = 0; out->same_pool && i < b.n; i++)
		out->same_pool = now.c[i].id == b.c[i].id && now.c[i].org == b.c[i].org &&
				 strcmp(now.c[i].region, b.c[i].region) == 0;
	out->added = arena_alloc(c->a, 50 * sizeof *out->added);
	out->removed = arena_alloc(c->a, 50 * sizeof *out->removed);
	if (!out->added || !out->removed)
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	for (size_t i = 0; i < now.n && out->nadded < 50; i++)
		if (!in_pool(b.c, b.n, now.c[i].id))
			out->added[out->nadded++] = now.c[i].id;
	for (size_t i = 0; i < b.n && out->nremoved < 50; i++)
		if (!in_pool(now.c, now.n, b.c[i].id))
			out->removed[out->nremoved++] = b.c[i].id;
	/* the draw, from the record */
	if (draw_panel(&b, &ignore) < 0) {
		out->same_panel = 0;
		out->panel = NULL;
	} else {
		if (!(panel = panel_ids(c, &b, &np)))
			return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		out->panel = panel;
		out->npanel = np;
		out->same_panel = np == (size_t)d.n;
		for (size_t i = 0; out->same_panel && i < np; i++) {
			size_t k;
			for (k = 0; k < nm && !(m[k].seq == (int64_t)i + 1 && m[k].expert_id == panel[i]); k++)
				;
			out->same_panel = k < nm;
		}
	}
	/* the replacements, in the order members declined */
	if (!(declines = arena_alloc(c->a, (nm + 1) * sizeof *declines)) ||
	    !(out->replacements = arena_alloc(c->a, (nm + 1) * sizeof *out->replacements)))
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	for (size_t i = 0; i < nm; i++)
		if (m[i].declined_at)
			declines[nd++] = &m[i];
	qsort(declines, nd, sizeof *declines, cmp_decline);
	out->same_replacements = out->same_panel;
	for (size_t i = 0; i < nd && out->panel; i++) {
		long k = cand_index(&b, declines[i]->expert_id), r;
		int64_t recorded = 0;
		if (k >= 0)
			b.active[k] = 0;
		r = replacement(&b);
		if (r >= 0)
			take(&b, (size_t)r);
		out->replacements[out->nreplacements++] = r >= 0 ? b.c[r].id : 0;
		for (size_t j = 0; j < nm; j++)
			if (m[j].replaces == declines[i]->seq)
				recorded = m[j].expert_id;
		if (recorded != (r >= 0 ? b.c[r].id : 0))
			out->same_replacements = 0;
	}
	if ((rc = store_begin(c->db)) < 0)
		return derr_store(e, rc, "recording the re-run");
	after = json_pack("{s:b, s:b, s:b, s:I, s:I}", "same_pool", out->same_pool,
			  "same_panel", out->same_panel, "same_replacements", out->same_replacements,
			  "pool_now", (json_int_t)out->pool_now, "pool_then", (json_int_t)out->pool_then);
	rc = after ? audit_log(c, "rerun", "panel_draw", id, NULL, after, e) : DB_ERR;
	json_decref(after);
	return finish(c, rc, e, "recording the re-run");
}

/* ---- JSON ---------------------------------------------------------------- */

json_t *panel_json(const struct panel_draw *d, const struct panel_member *m, size_t nm)
{
	json_t *members = json_array(), *request = json_loads(d->request, 0, NULL),
	       *pool = json_loads(d->pool, 0, NULL);
	for (size_t i = 0; i < nm; i++) {
		json_t *x = json_pack("{s:I, s:I, s:s?, s:s?, s:s?, s:s?, s:s?, s:s, s:s?}",
			"seq", (json_int_t)m[i].seq, "expert_id", (json_int_t)m[i].expert_id,
			"name", m[i].name, "org_zh", m[i].org_zh, "org_en", m[i].org_en,
			"region", m[i].region_code, "title", m[i].title,
			"status", m[i].declined_at ? "declined" : "invited", "reason", m[i].reason);
		if (!x)
			continue;
		json_object_set_new(x, "replaces", m[i].replaces ? json_integer(m[i].replaces)
								 : json_null());
		json_object_set_new(x, "declined_at", m[i].declined_at ? json_integer(m[i].declined_at)
								       : json_null());
		json_array_append_new(members, x);
	}
	return json_pack("{s:I, s:s, s:I, s:s, s:I, s:s?, s:o, s:o, s:o}",
		"id", (json_int_t)d->id, "item", d->item, "n", (json_int_t)d->n, "seed", d->seed,
		"created_at", (json_int_t)d->created_at, "created_by", d->created_by_name,
		"request", request ? request : json_null(), "pool", pool ? pool : json_array(),
		"members", members);
}

json_t *panel_rerun_json(int64_t id, const struct panel_rerun *r)
{
	return json_pack("{s:I, s:b, s:b, s:b, s:o, s:o, s:I, s:I, s:o, s:o}",
		"draw_id", (json_int_t)id, "same_pool", r->same_pool, "same_panel", r->same_panel,
		"same_replacements", r->same_replacements,
		"panel", r->panel ? ids_array(r->panel, r->npanel) : json_null(),
		"replacements", ids_array(r->replacements, r->nreplacements),
		"pool_now", (json_int_t)r->pool_now, "pool_then", (json_int_t)r->pool_then,
		"pool_added", ids_array(r->added, r->nadded),
		"pool_removed", ids_array(r->removed, r->nremoved));
}
