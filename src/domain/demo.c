/*
 * demo.c — generating the demo community.  See demo.h.
 *
 * Everything random comes from one splitmix64 stream seeded by the caller,
 * consumed in a fixed order, so a seed always gives the same community.
 * Rows go straight to the store in batches (no audit: nobody acted).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "core/rng.h"
#include "core/util.h"
#include "domain/auth.h"
#include "domain/demo.h"
#include "domain/demo_booking.h"
#include "domain/demo_data.h"
#include "domain/demo_market.h"
#include "domain/demo_expert.h"
#include "domain/demo_overlap.h"
#include "domain/demo_project.h"
#include "store/market.h"
#include "store/store.h"
#include "core/banned.h"

#define BATCH 5000

/* ---- generation --------------------------------------------------------- */

/* How much research each city does, roughly: weights for placing
 * generated organisations and instruments. */
static int64_t city_weight(const char *code)
{
	static const struct { const char *code; int64_t w; } heavy[] = {
		{ "310100", 60 }, { "320100", 30 }, { "320500", 26 }, { "330100", 28 },
		{ "340100", 24 }, { "320200", 12 }, { "330200", 12 }, { "320400", 8 },
		{ "320600", 6 }, { "321000", 5 }, { "321100", 5 }, { "320300", 5 },
		{ "330300", 5 }, { "330400", 5 }, { "330600", 4 }, { "340200", 5 },
		{ "330700", 4 }, { "331000", 4 }, { "320700", 4 }, { "340500", 3 },
		{ "340300", 3 }, { "330500", 3 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(heavy); i++)
		if (strcmp(heavy[i].code, code) == 0)
			return heavy[i].w;
	return 2;
}

struct gen {
	struct ctx *c;
	const struct demo_opts *o;
	struct rng r;
	struct derr *e;
	struct city *cities;
	size_t ncities;
	int64_t *city_w, city_total;
	/* organisations made so far, for owners */
	int64_t *org_ids;
	const char **org_city;
	const char **org_name;
	const char **org_kind;
	int64_t *org_w, org_total;
	size_t norgs, org_cap;
	struct demo_result *res;
	int64_t batch;      /* rows in the open transaction */
	int64_t *real_ids;  /* orgs.tsv row → organisation id */
	struct arena scratch;   /* per-row strings, freed as batches go */
};

/* Counts one row into the open batch, opening and committing as needed. */
static int batch_row(struct gen *g)
{
	int rc;
	if (g->batch == 0 && (rc = store_begin(g->c->db)) < 0)
		return derr_store(g->e, rc, "starting a batch");
	if (++g->batch >= BATCH) {
		g->batch = 0;
		if ((rc = store_commit(g->c->db)) < 0)
			return derr_store(g->e, rc, "committing a batch");
	}
	return 0;
}

static int batch_end(struct gen *g)
{
	int rc;
	if (g->batch == 0)
		return 0;
	g->batch = 0;
	if ((rc = store_commit(g->c->db)) < 0)
		return derr_store(g->e, rc, "committing a batch");
	return 0;
}

static int fail(struct gen *g, int rc, const char *what)
{
	if (g->batch) {
		store_rollback(g->c->db);
		g->batch = 0;
	}
	return g->e->kind ? -1 : derr_store(g->e, rc, what);
}

static void progress(struct gen *g, const char *what, int64_t done, int64_t total)
{
	if (g->o->progress)
		g->o->progress(g->o->arg, what, done, total);
}

static int remember_org(struct gen *g, int64_t id, const char *city, const char *name,
			const char *kind)
{
	if (g->norgs == g->org_cap) {
		size_t cap = g->org_cap ? g->org_cap * 2 : 256;
		int64_t *ids = realloc(g->org_ids, cap * sizeof *ids);
		int64_t *w;
		const char **cities, **names, **kinds;
		if (ids)
			g->org_ids = ids;
		w = realloc(g->org_w, cap * sizeof *w);
		if (w)
			g->org_w = w;
		cities = realloc(g->org_city, cap * sizeof *cities);
		if (cities)
			g->org_city = cities;
		names = realloc(g->org_name, cap * sizeof *names);
		if (names)
			g->org_name = names;
		kinds = realloc(g->org_kind, cap * sizeof *kinds);
		if (kinds)
			g->org_kind = kinds;
		if (!ids || !w || !cities || !names || !kinds)
			return derr_set(g->e, DERR_INTERNAL, "internal", NULL, "out of memory");
		g->org_cap = cap;
	}
	g->org_ids[g->norgs] = id;
	g->org_city[g->norgs] = city;
	g->org_name[g->norgs] = name;
	g->org_kind[g->norgs] = kind;
	/* universities and institutes own most large instruments */
	g->org_w[g->norgs] = strcmp(kind, "university") == 0 ? 10 :
			     strcmp(kind, "institute") == 0 || strcmp(kind, "lab") == 0 ? 8 :
			     strcmp(kind, "centre") == 0 ? 5 :
			     strcmp(kind, "enterprise") == 0 ? 3 : 0;
	g->org_total += g->org_w[g->norgs];
	g->norgs++;
	return 0;
}

static const char *city_of_code(struct gen *g, const char *code)
{
	for (size_t i = 0; i < g->ncities; i++)
		if (strcmp(g->cities[i].code, code) == 0)
			return g->cities[i].code;
	return NULL;
}

/* The real organisations of orgs.tsv, parents before children. */
static int real_orgs(struct gen *g, struct demo_tsv *t)
{
	int ck = demo_tsv_col(t, "key", g->e), cind = demo_tsv_col(t, "kind", g->e),
	    cz = demo_tsv_col(t, "name_zh", g->e), ce = demo_tsv_col(t, "name_en", g->e),
	    cc = demo_tsv_col(t, "city", g->e), cp = demo_tsv_col(t, "parent", g->e),
	    ca = demo_tsv_col(t, "address", g->e);
	int64_t *ids;
	int rc = 0;

	if (ck < 0 || cind < 0 || cz < 0 || ce < 0 || cc < 0 || cp < 0 || ca < 0)
		return -1;
	if (!(ids = g->real_ids = calloc(t->nrows + 1, sizeof *ids)))
		return derr_set(g->e, DERR_INTERNAL, "internal", NULL, "out of memory");
	/* passes: roots first, then rows whose parent exists by now */
	for (int pass = 0; pass < 4; pass++) {
		for (size_t i = 0; i < t->nrows; i++) {
			char **f = t->rows[i];
			struct org o = { 0 };
			const char *city = city_of_code(g, f[cc]);
			if (ids[i])
				continue;
			if (!city) {
				return derr_set(g->e, DERR_INVALID, "invalid", "demo",
						"orgs.tsv: %s has unknown city %s", f[ck], f[cc]);
			}
			if (*f[cp]) {
				size_t k;
				for (k = 0; k < t->nrows; k++)
					if (strcmp(t->rows[k][ck], f[cp]) == 0)
						break;
				if (k == t->nrows) {
					return derr_set(g->e, DERR_INVALID, "invalid", "demo",
							"orgs.tsv: %s has unknown parent %s", f[ck], f[cp]);
				}
				if (!ids[k])
					continue;   /* next pass */
				o.parent_id = ids[k];
			}
			o.kind = f[cind];
			o.name_zh = f[cz];
			o.name_en = f[ce];
			o.city_code = city;
			o.address = f[ca];
			if ((rc = batch_row(g)) < 0 ||
			    (rc = store_org_insert(g->c->db, &o, &ids[i])) < 0 ||
			    (rc = remember_org(g, ids[i], city, f[cz], f[cind])) < 0)
				return fail(g, rc, "adding a real organisation");
			g->res->orgs++;
		}
	}
	for (size_t i = 0; i < t->nrows; i++)
		if (!ids[i])
			return derr_set(g->e, DERR_INVALID, "invalid", "demo",
					"orgs.tsv: the parents of %s form a cycle", t->rows[i][ck]);
	return batch_end(g);
}

/* Generated organisations: n names from the patterns, fields and words. */
static int generated_orgs(struct gen *g, int64_t n, struct demo_tsv *pat, struct demo_tsv *fields,
			  struct demo_tsv *words)
{
	int pk = demo_tsv_col(pat, "kind", g->e),
	    pz = demo_tsv_col(pat, "pattern_zh", g->e),
	    pe = demo_tsv_col(pat, "pattern_en", g->e),
	    pw = demo_tsv_col(pat, "weight", g->e),
	    fz = demo_tsv_col(fields, "field_zh", g->e),
	    fe = demo_tsv_col(fields, "field_en", g->e),
	    wz = demo_tsv_col(words, "word_zh", g->e),
	    we = demo_tsv_col(words, "word_en", g->e);
	int64_t *w, total = 0;
	int rc;

	if (pk < 0 || pz < 0 || pe < 0 || pw < 0 || fz < 0 || fe < 0 || wz < 0 || we < 0)
		return -1;
	if (!pat->nrows || !fields->nrows || !words->nrows)
		return derr_set(g->e, DERR_INVALID, "invalid", "demo", "a name file is empty");
	if (!(w = calloc(pat->nrows, sizeof *w)))
		return derr_set(g->e, DERR_INTERNAL, "internal", NULL, "out of memory");
	for (size_t i = 0; i < pat->nrows; i++) {
		int64_t x;
		w[i] = parse_i64(pat->rows[i][pw], 1, 1000000, &x) == 0 ? x : 1;
		total += w[i];
	}
	for (int64_t k = 0; k < n; k++) {
		char **p = pat->rows[rng_weighted(&g->r, w, pat->nrows, total)];
		size_t ci = rng_weighted(&g->r, g->city_w, g->ncities, g->city_total);
		/* the first of them go one to each city, none a government office,
		 * so that every city has someone who owns instruments */
		if ((size_t)k < g->ncities) {
			ci = (size_t)k;
			for (int tries = 0; tries < 50 && strcmp(p[pk], "government") == 0; tries++)
				p = pat->rows[rng_weighted(&g->r, w, pat->nrows, total)];
		}
		char **fld = fields->rows[rng_below(&g->r, fields->nrows)];
		char **wd = words->rows[rng_below(&g->r, words->nrows)];
		struct city *city = &g->cities[ci];
		const char *cz = city->name_zh, *ce = city->name_en;
		char zh[256], en[512];
		struct org o = { 0 };
		int64_t id;
		/* 上海市 → 上海 inside a name */
		size_t czl = strlen(cz);
		char cshort[64];
		snprintf(cshort, sizeof cshort, "%.*s", (int)(czl > 3 && strcmp(cz + czl - 3, "市") == 0
							      ? czl - 3 : czl), cz);
		for (int lang = 0; lang < 2; lang++) {
			const char *src = lang ? p[pe] : p[pz];
			char *out = lang ? en : zh;
			size_t cap = lang ? sizeof en : sizeof zh, used = 0;
			while (*src && used + 1 < cap) {
				const char *rep = NULL;
				size_t skip = 0;
				if (*src == '{') {
					static const char *const keys[] = { "{city}", "{city_en}", "{field}",
						"{field_en}", "{word}", "{word_en}" };
					const char *vals[] = { cshort, ce, fld[fz], fld[fe], wd[wz], wd[we] };
					for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
						if (strncmp(src, keys[i], strlen(keys[i])) == 0) {
							rep = vals[i];
							skip = strlen(keys[i]);
							break;
						}
				}
				if (rep) {
					int m = snprintf(out + used, cap - used, "%s", rep);
					used += m > 0 && (size_t)m < cap - used ? (size_t)m : 0;
					src += skip;
				} else
					out[used++] = *src++;
			}
			out[used] = '\0';
		}
		o.kind = p[pk];
		o.name_zh = arena_strdup(g->c->a, zh);
		o.name_en = arena_strdup(g->c->a, en);
		o.city_code = city->code;
		rc = batch_row(g);
		if (rc == 0) {
			/* the same name came up twice: give it a branch number (asked
			 * before inserting: on PostgreSQL a failed insert would end
			 * the batch's transaction) */
			int64_t same = store_org_by_name(g->c->db, o.name_zh);
			if (same < 0)
				rc = (int)same;
			else if (same > 0) {
				o.name_zh = arena_printf(g->c->a, "%s（%lld）", zh, (long long)k + 1);
				o.name_en = arena_printf(g->c->a, "%s (%lld)", en, (long long)k + 1);
			}
			if (rc == 0)
				rc = store_org_insert(g->c->db, &o, &id);
		}
		if (rc == 0)
			rc = remember_org(g, id, city->code, o.name_zh, o.kind);
		if (rc < 0) {
			free(w);
			return fail(g, rc, "adding an organisation");
		}
		g->res->orgs++;
		if (k % 100 == 0)
			progress(g, "organisations", k, n);
	}
	free(w);
	progress(g, "organisations", n, n);
	return batch_end(g);
}

static int64_t find_org(struct gen *g, struct demo_tsv *orgs, const char *key, int *found)
{
	int ck = demo_tsv_col(orgs, "key", g->e);
	*found = 0;
	for (size_t i = 0; ck >= 0 && i < orgs->nrows; i++)
		if (strcmp(orgs->rows[i][ck], key) == 0) {
			*found = 1;
			return g->real_ids[i];
		}
	return 0;
}

/* A plausible contact line for an instrument: the office, not a person. */
static const char *contact_for(struct gen *g, const char *city)
{
	static const struct { const char *city, *area; } codes[] = {
		{ "310100", "021" }, { "320100", "025" }, { "320500", "0512" }, { "330100", "0571" },
		{ "340100", "0551" }, { "320200", "0510" }, { "330200", "0574" },
	};
	const char *area = "0";
	for (size_t i = 0; i < ARRAY_SIZE(codes); i++)
		if (strcmp(codes[i].city, city) == 0)
			area = codes[i].area;
	return arena_printf(&g->scratch, "仪器共享服务办公室 %s-%08llu", area,
			    (unsigned long long)(rng_next(&g->r) % 90000000ull + 10000000ull));
}

static void fees_for(struct gen *g, int64_t value, struct instrument *in)
{
	/* about 1/5000 of the value per hour outside, 60 % inside, rounded */
	double ext = (double)value / 5000.0 * (0.7 + 0.6 * rng_unit(&g->r));
	ext = ext < 50 ? 50 : ext;
	in->fee_external = (double)((int64_t)(ext / 10.0 + 0.5) * 10);
	in->fee_internal = (double)((int64_t)(in->fee_external * 0.6 / 10.0 + 0.5) * 10);
}

/* The real facilities and notable instruments of facilities.tsv. */
static int real_facilities(struct gen *g, struct demo_tsv *t, struct demo_tsv *orgs)
{
	int co = demo_tsv_col(t, "owner", g->e), ck = demo_tsv_col(t, "kind", g->e),
	    cc = demo_tsv_col(t, "category", g->e),
	    cz = demo_tsv_col(t, "name_zh", g->e), ce = demo_tsv_col(t, "name_en", g->e),
	    cm = demo_tsv_col(t, "model", g->e), cmf = demo_tsv_col(t, "manufacturer", g->e),
	    cn = demo_tsv_col(t, "country", g->e), cv = demo_tsv_col(t, "value_cny", g->e),
	    cy = demo_tsv_col(t, "year", g->e), cci = demo_tsv_col(t, "city", g->e),
	    cs = demo_tsv_col(t, "specs", g->e), ca = demo_tsv_col(t, "areas", g->e),
	    cd = demo_tsv_col(t, "description", g->e);
	int rc;

	if (co < 0 || ck < 0 || cc < 0 || cz < 0 || ce < 0 || cm < 0 || cmf < 0 || cn < 0 ||
	    cv < 0 || cy < 0 || cci < 0 || cs < 0 || ca < 0 || cd < 0)
		return -1;
	for (size_t i = 0; i < t->nrows; i++) {
		char **f = t->rows[i];
		struct instrument in;
		int found;
		int64_t id, v, y;

		memset(&in, 0, sizeof in);
		in.org_id = find_org(g, orgs, f[co], &found);
		if (!found)
			return derr_set(g->e, DERR_INVALID, "invalid", "demo",
					"facilities.tsv: unknown owner %s", f[co]);
		if (parse_i64(f[cv], 0, 100000000000LL, &v) < 0)
			return derr_set(g->e, DERR_INVALID, "invalid", "demo",
					"facilities.tsv: bad value_cny for %s", f[cz]);
		in.kind = f[ck];
		in.category = f[cc];
		in.name_zh = f[cz];
		in.name_en = f[ce];
		in.model = f[cm];
		in.manufacturer = f[cmf];
		in.country = f[cn];
		in.value_cny = v;
		in.purchase_year = parse_i64(f[cy], 1950, 2100, &y) == 0 ? y : 0;
		in.city_code = city_of_code(g, f[cci]);
		if (!in.city_code)
			return derr_set(g->e, DERR_INVALID, "invalid", "demo",
					"facilities.tsv: unknown city %s", f[cci]);
		in.status = "in_service";
		in.sharing = strcmp(in.kind, "facility") == 0 ? "conditional" : "open";
		in.specs = f[cs];
		in.areas = f[ca];
		in.description = f[cd];
		in.contact = contact_for(g, in.city_code);
		fees_for(g, v > 20000000 ? 20000000 : v, &in);
		if ((rc = batch_row(g)) < 0 || (rc = store_instrument_insert(g->c->db, &in, &id)) < 0)
			return fail(g, rc, "adding a facility");
		g->res->instruments++;
		g->res->value_cny += v;
	}
	return batch_end(g);
}

/* An organisation in city that owns instruments, else fallback. */
static size_t owner_in(struct gen *g, const char *city, size_t fallback)
{
	for (size_t i = 0; i < g->norgs; i++)
		if (g->org_w[i] > 0 && strcmp(g->org_city[i], city) == 0)
			return i;
	return fallback;
}

struct itype {
	char **f;
	char *models[16], *makers[16], *countries[16], *areas[16];
	size_t nmodels, nmakers, ncountries, nareas;
	int64_t vmin, vmax;
};

static int generated_instruments(struct gen *g, int64_t n, struct demo_tsv *types)
{
	int tc = demo_tsv_col(types, "category", g->e),
	    tz = demo_tsv_col(types, "name_zh", g->e),
	    te = demo_tsv_col(types, "name_en", g->e),
	    tm = demo_tsv_col(types, "models", g->e),
	    tmf = demo_tsv_col(types, "manufacturers", g->e),
	    tco = demo_tsv_col(types, "country", g->e),
	    tmin = demo_tsv_col(types, "value_min", g->e),
	    tmax = demo_tsv_col(types, "value_max", g->e),
	    ts = demo_tsv_col(types, "specs", g->e),
	    ta = demo_tsv_col(types, "areas", g->e),
	    tw = demo_tsv_col(types, "weight", g->e);
	struct itype *it;
	int64_t *w, total = 0;
	int rc = 0;

	if (tc < 0 || tz < 0 || te < 0 || tm < 0 || tmf < 0 || tco < 0 || tmin < 0 || tmax < 0 ||
	    ts < 0 || ta < 0 || tw < 0)
		return -1;
	if (!types->nrows || !g->org_total)
		return derr_set(g->e, DERR_INVALID, "invalid", "demo",
				"no instrument types or no organisation that owns instruments");
	it = calloc(types->nrows, sizeof *it);
	w = calloc(types->nrows, sizeof *w);
	if (!it || !w) {
		free(it);
		free(w);
		return derr_set(g->e, DERR_INTERNAL, "internal", NULL, "out of memory");
	}
	for (size_t i = 0; i < types->nrows; i++) {
		char **f = types->rows[i];
		int64_t x;
		it[i].f = f;
		it[i].nmodels = demo_split(f[tm], '|', it[i].models, 16);
		it[i].nmakers = demo_split(f[tmf], '|', it[i].makers, 16);
		it[i].ncountries = demo_split(f[tco], '|', it[i].countries, 16);
		it[i].nareas = demo_split(f[ta], '|', it[i].areas, 16);
		it[i].vmin = parse_i64(f[tmin], 1, 100000000000LL, &x) == 0 ? x : 500000;
		it[i].vmax = parse_i64(f[tmax], 1, 100000000000LL, &x) == 0 ? x : it[i].vmin;
		if (it[i].vmin < 500000)   /* large instruments start at 500,000 yuan */
			it[i].vmin = 500000;
		if (it[i].vmax < it[i].vmin)
			it[i].vmax = it[i].vmin;
		w[i] = parse_i64(f[tw], 1, 1000000, &x) == 0 ? x : 1;
		total += w[i];
	}
	for (int64_t k = 0; k < n && rc == 0; k++) {
		struct itype *t = &it[rng_weighted(&g->r, w, types->nrows, total)];
		size_t oi = rng_weighted(&g->r, g->org_w, g->norgs, g->org_total);
		if ((size_t)k < g->ncities)   /* one in every city first */
			oi = owner_in(g, g->cities[k].code, oi);
		size_t mk = rng_below(&g->r, t->nmakers ? t->nmakers : t->nmodels ? t->nmodels : 1);
		double u = rng_unit(&g->r), st = rng_unit(&g->r), sh = rng_unit(&g->r);
		struct instrument in;
		int64_t id, year;
		char areas[512] = "";
		size_t used = 0;

		memset(&in, 0, sizeof in);
		in.kind = "instrument";
		in.category = t->f[tc];
		in.name_zh = t->f[tz];
		in.name_en = t->f[te];
		/* the lists are parallel: a model goes with its maker */
		in.model = mk < t->nmodels ? t->models[mk] :
			   t->nmodels ? t->models[rng_below(&g->r, t->nmodels)] : NULL;
		in.manufacturer = t->nmakers ? t->makers[mk] : NULL;
		in.country = mk < t->ncountries ? t->countries[mk] : NULL;
		/* most large instruments cost little more than the threshold;
		 * a long tail reaches the type's maximum */
		in.value_cny = t->vmin + (int64_t)((double)(t->vmax - t->vmin) * pow(u, 4.0));
		in.value_cny = in.value_cny / 1000 * 1000;
		year = 2005 + (int64_t)(20.0 * sqrt(rng_unit(&g->r)));
		in.purchase_year = year;
		in.org_id = g->org_ids[oi];
		in.city_code = g->org_city[oi];
		in.status = st < 0.92 ? "in_service" : st < 0.98 ? "maintenance" : "retired";
		in.sharing = sh < 0.75 ? "open" : sh < 0.95 ? "conditional" : "internal";
		in.specs = t->f[ts];
		for (size_t a = 0; a < t->nareas && a < 4; a++) {
			int m = snprintf(areas + used, sizeof areas - used, "%s%s", a ? "、" : "",
					 t->areas[a]);
			if (m < 0 || (size_t)m >= sizeof areas - used)
				break;
			used += (size_t)m;
		}
		in.areas = areas;
		in.description = arena_printf(&g->scratch, "%s的%s，%lld年购置%s。", g->org_name[oi],
					      in.name_zh, (long long)year,
					      strcmp(in.sharing, "internal") == 0
					      ? "，目前仅供本单位内部使用"
					      : "，面向长三角科研人员和企业开放预约");
		in.contact = contact_for(g, in.city_code);
		fees_for(g, in.value_cny, &in);
		if ((rc = batch_row(g)) < 0 || (rc = store_instrument_insert(g->c->db, &in, &id)) < 0) {
			rc = fail(g, rc, "adding an instrument");
			break;
		}
		g->res->instruments++;
		if (strcmp(in.status, "retired") != 0)
			g->res->value_cny += in.value_cny;
		if (k % 500 == 0) {
			progress(g, "instruments", k, n);
			arena_free(&g->scratch);   /* what was written is in the store */
		}
	}
	free(it);
	free(w);
	if (rc < 0)
		return rc;
	progress(g, "instruments", n, n);
	return batch_end(g);
}

/* The demo's accounts, all with one password made for this database. */
static int demo_accounts(struct gen *g, struct demo_tsv *orgs)
{
	static const struct { const char *name, *role, *region, *org_key, *display; } accts[] = {
		{ "admin", "sysadmin", NULL, NULL, "系统管理员" },
		{ "office", "office", NULL, NULL, "共同体办公室" },
		{ "coord-sh", "coordinator", "310000", NULL, "上海市协调员" },
		{ "coord-js", "coordinator", "320000", NULL, "江苏省协调员" },
		{ "coord-zj", "coordinator", "330000", NULL, "浙江省协调员" },
		{ "coord-ah", "coordinator", "340000", NULL, "安徽省协调员" },
		{ "ustc-admin", "org_admin", NULL, "ustc", "中国科大仪器管理员" },
		{ "nju-admin", "org_admin", NULL, "nju", "南京大学仪器管理员" },
		{ "zju-admin", "org_admin", NULL, "zju", "浙江大学仪器管理员" },
		{ "sjtu-admin", "org_admin", NULL, "sjtu", "上海交大仪器管理员" },
		{ "researcher", "member", NULL, "ustc", "科研人员" },
	};
	static const char alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
	char hash[128];
	int rc;

	for (size_t i = 0; i < 16; i++)
		g->res->password[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
	g->res->password[16] = '\0';
	if (auth_hash(g->res->password, hash) < 0)
		return derr_set(g->e, DERR_INTERNAL, "internal", NULL, "cannot hash the password");
	if ((rc = store_begin(g->c->db)) < 0)
		return derr_store(g->e, rc, "adding accounts");
	for (size_t i = 0; i < ARRAY_SIZE(accts); i++) {
		struct account a = { 0 };
		int found = 1;
		a.username = accts[i].name;
		a.display_name = accts[i].display;
		a.role = accts[i].role;
		a.region_code = accts[i].region;
		if (accts[i].org_key) {
			a.org_id = find_org(g, orgs, accts[i].org_key, &found);
			g->e->kind = DERR_NONE;
		}
		if (!found)
			continue;   /* the data files do not have that organisation */
		if ((rc = store_account_insert(g->c->db, &a, hash, NULL)) < 0) {
			store_rollback(g->c->db);
			return derr_store(g->e, rc, "adding accounts");
		}
		g->res->accounts++;
	}
	if ((rc = store_commit(g->c->db)) < 0)
		return derr_store(g->e, rc, "adding accounts");
	return 0;
}

int demo_generate(struct ctx *c, const struct demo_opts *o, struct demo_result *out,
		  struct derr *e)
{
	struct demo_tsv orgs = { 0 }, fac = { 0 }, types = { 0 }, pat = { 0 }, fields = { 0 },
		   words = { 0 };
	struct gen g;
	int rc = -1;

	memset(&g, 0, sizeof g);
	memset(out, 0, sizeof *out);
	g.c = c;
	g.o = o;
	g.e = e;
	g.res = out;
	g.r.s = o->seed;
	if (o->scale < 0 || o->scale > 1000 || !isfinite(o->scale))
		return derr_set(e, DERR_INVALID, "out_of_range", "scale",
				"scale must be between 0 and 1000");
	if (store_city_list(c->db, c->a, NULL, 0, &g.cities, &g.ncities) < 0 || !g.ncities)
		return derr_set(e, DERR_INVALID, "invalid", "demo", "the community has no cities");
	if (!(g.city_w = calloc(g.ncities, sizeof *g.city_w)))
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	for (size_t i = 0; i < g.ncities; i++) {
		g.city_w[i] = city_weight(g.cities[i].code);
		g.city_total += g.city_w[i];
	}
	if (demo_tsv_load(&orgs, o->dir, "orgs.tsv", e) < 0 ||
	    demo_tsv_load(&fac, o->dir, "facilities.tsv", e) < 0 ||
	    demo_tsv_load(&types, o->dir, "instrument_types.tsv", e) < 0 ||
	    demo_tsv_load(&pat, o->dir, "org_patterns.tsv", e) < 0 ||
	    demo_tsv_load(&fields, o->dir, "fields.tsv", e) < 0 ||
	    demo_tsv_load(&words, o->dir, "words.tsv", e) < 0)
		goto out;
	if (real_orgs(&g, &orgs) < 0 ||
	    generated_orgs(&g, (int64_t)llround(250.0 * o->scale), &pat, &fields, &words) < 0 ||
	    real_facilities(&g, &fac, &orgs) < 0 ||
	    generated_instruments(&g, (int64_t)llround(5000.0 * o->scale) - (int64_t)fac.nrows,
				  &types) < 0 ||
	    demo_accounts(&g, &orgs) < 0)
		goto out;
	{	/* availability and a year of bookings (demo_booking.c) */
		struct demo_booking_result br;
		if (demo_bookings(c, o->seed, now_unix(), out->password, o->progress, o->arg,
				  &br, e) < 0)
			goto out;
		out->accounts += br.accounts;
	}
	{	/* contracts, institutes, page views (demo_market.c) */
		struct demo_market_result mr;
		if (demo_market(c, o->scale, o->seed, now_unix(), &mr, e) < 0)
			goto out;
	}
	{	/* the talent pool: experts, projects (demo_expert.c) */
		struct demo_expert_result xr;
		if (demo_experts(c, (int64_t)llround(20000.0 * o->scale), o->seed, o->dir,
				 out->password, o->progress, o->arg, &xr, e) < 0)
			goto out;
		out->accounts += xr.accounts;
	}
	{	/* joint projects, consortia, challenges (demo_project.c); before the
		 * consultation, whose rounds then compare against them */
		struct demo_project_result pr;
		if (demo_projects(c, o->scale, o->seed, o->dir, now_unix(), out->password, o->progress,
				  o->arg, &pr, e) < 0)
			goto out;
		out->accounts += pr.accounts;
	}
	{	/* the pre-approval consultation: past rounds, an open one (demo_overlap.c) */
		struct demo_overlap_result orr;
		if (demo_overlap(c, o->scale, o->seed, o->dir, o->progress, o->arg, &orr, e) < 0)
			goto out;
	}
	if (store_analyze(c->db) < 0) {
		derr_set(e, DERR_INTERNAL, "internal", NULL, "ANALYZE failed");
		goto out;
	}
	rc = 0;
out:
	demo_tsv_free(&orgs);
	demo_tsv_free(&fac);
	demo_tsv_free(&types);
	demo_tsv_free(&pat);
	demo_tsv_free(&fields);
	demo_tsv_free(&words);
	free(g.city_w);
	free(g.org_ids);
	free(g.org_w);
	free(g.org_city);
	free(g.org_name);
	free(g.org_kind);
	free(g.real_ids);
	arena_free(&g.scratch);
	return rc;
}
