/*
 * figures.c — the registry of headline figures, the flows of technology
 * contracts between regions, the dashboard's document, and their cache.
 * See figures.h.
 *
 * Documents are built from parts that are cached too and shared by every
 * region: "pairs" (verified contracts per year and region pair over five
 * years, one scan of the covering index), "catalogue" (instruments per
 * region) and "hours" (cross-region instrument hours per region and year).
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include "core/cst.h"
#include "core/util.h"
#include "domain/figures.h"
#include "domain/joint_figures.h"
#include "store/expert.h"
#include "store/market.h"
#include "store/store.h"
#include "core/banned.h"

/* ---- the cache ------------------------------------------------------------ */

#define CACHE_SLOTS 96

static struct slot {
	char kind[16];
	int64_t year;
	char region[8];
	uint64_t gen;
	json_t *doc;
	int computing;               /* a reader is making a newer one */
	uint64_t used;
} slots[CACHE_SLOTS];
static uint64_t clock_tick;
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

static struct slot *slot_find(const char *kind, int64_t year, const char *region)
{
	for (size_t i = 0; i < CACHE_SLOTS; i++)
		if (slots[i].doc && slots[i].year == year && !strcmp(slots[i].kind, kind) &&
		    !strcmp(slots[i].region, region ? region : ""))
			return &slots[i];
	return NULL;
}

/* The document if fresh, or stale while another reader recomputes it;
 * NULL if the caller is to compute it (then marked as computing). */
static json_t *cache_get(const char *kind, int64_t year, const char *region, uint64_t gen)
{
	struct slot *s;
	json_t *doc = NULL;
	pthread_mutex_lock(&cache_lock);
	if ((s = slot_find(kind, year, region))) {
		if (s->gen == gen || s->computing) {
			doc = json_incref(s->doc);
			s->used = ++clock_tick;
		} else {
			s->computing = 1;
		}
	}
	pthread_mutex_unlock(&cache_lock);
	return doc;
}

/* Keeps doc (a reference of its own) as made at generation gen, or, when
 * doc is NULL, gives up the recompute. */
static void cache_put(const char *kind, int64_t year, const char *region, uint64_t gen,
		      json_t *doc)
{
	struct slot *v;
	json_t *old = NULL;
	pthread_mutex_lock(&cache_lock);
	v = slot_find(kind, year, region);
	if (!doc) {
		if (v)
			v->computing = 0;
		pthread_mutex_unlock(&cache_lock);
		return;
	}
	for (size_t i = 0; i < CACHE_SLOTS && !v; i++)
		if (!slots[i].doc)
			v = &slots[i];
	if (!v) {
		v = &slots[0];
		for (size_t i = 1; i < CACHE_SLOTS; i++)
			if (slots[i].used < v->used)
				v = &slots[i];
	}
	old = v->doc;
	snprintf(v->kind, sizeof v->kind, "%s", kind);
	snprintf(v->region, sizeof v->region, "%s", region ? region : "");
	v->year = year;
	v->gen = gen;
	v->doc = json_incref(doc);
	v->computing = 0;
	v->used = ++clock_tick;
	pthread_mutex_unlock(&cache_lock);
	json_decref(old);
}

json_t *figures_cached(struct ctx *c, const char *kind, int64_t year, const char *region,
		       figures_fn fn, struct derr *e)
{
	uint64_t gen = store_generation();
	json_t *doc = cache_get(kind, year, region, gen);
	if (doc)
		return doc;
	doc = fn(c, year, region, e);
	cache_put(kind, year, region, gen, doc);
	return doc;
}

void figures_cache_clear(void)
{
	pthread_mutex_lock(&cache_lock);
	for (size_t i = 0; i < CACHE_SLOTS; i++) {
		json_decref(slots[i].doc);
		memset(&slots[i], 0, sizeof slots[i]);
	}
	pthread_mutex_unlock(&cache_lock);
}

/* ---- the parts ------------------------------------------------------------ */

/* The community's regions in order: codes and names (in c->a). */
static int regions_of(struct ctx *c, struct region **rs, size_t *n, struct derr *e)
{
	int rc = store_region_list(c->db, c->a, 0, rs, n);
	return rc < 0 ? derr_store(e, rc, "listing regions") : 0;
}

static const char **codes_of(struct ctx *c, const struct region *rs, size_t n)
{
	const char **codes = arena_alloc(c->a, (n + 1) * sizeof *codes);
	for (size_t k = 0; codes && k < n; k++)
		codes[k] = rs[k].code;
	return codes;
}

/* [[year, seller, buyer, count, amount, income], ...] for the five years
 * to year. */
static json_t *pairs_compute(struct ctx *c, int64_t year, const char *region, struct derr *e)
{
	struct flow_cell *p;
	size_t n;
	json_t *a;
	int rc = store_flow_pairs(c->db, c->a, year - FLOWS_TREND_YEARS + 1, year, &p, &n);
	(void)region;
	if (rc < 0) {
		derr_store(e, rc, "counting contracts");
		return NULL;
	}
	a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, json_pack("[I, s, s, I, I, I]", (json_int_t)p[i].year,
			p[i].seller_region, p[i].buyer_region, (json_int_t)p[i].count,
			(json_int_t)p[i].amount_cny, (json_int_t)p[i].income_cny));
	return a;
}

/* {code: [instruments, facilities, value]} */
static json_t *catalogue_compute(struct ctx *c, int64_t year, const char *region, struct derr *e)
{
	struct region *rs;
	size_t n;
	int64_t *x;
	json_t *o;
	int rc;
	(void)year;
	(void)region;
	if (regions_of(c, &rs, &n, e) < 0)
		return NULL;
	if (!(x = arena_alloc(c->a, (3 * n + 1) * sizeof *x))) {
		derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		return NULL;
	}
	if ((rc = store_instrument_regions(c->db, codes_of(c, rs, n), n, x, x + n, x + 2 * n)) < 0) {
		derr_store(e, rc, "counting instruments");
		return NULL;
	}
	o = json_object();
	for (size_t k = 0; o && k < n; k++)
		json_object_set_new(o, rs[k].code, json_pack("[I, I, I]", (json_int_t)x[k],
			(json_int_t)x[n + k], (json_int_t)x[2 * n + k]));
	return o;
}

/* {code: seconds} of the year */
static json_t *hours_compute(struct ctx *c, int64_t year, const char *region, struct derr *e)
{
	struct region *rs;
	size_t n;
	int64_t *x;
	json_t *o;
	int rc;
	(void)region;
	if (regions_of(c, &rs, &n, e) < 0)
		return NULL;
	if (!(x = arena_alloc(c->a, (n + 1) * sizeof *x))) {
		derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		return NULL;
	}
	if ((rc = store_cross_seconds(c->db, year, codes_of(c, rs, n), n, x)) < 0) {
		derr_store(e, rc, "adding up instrument hours");
		return NULL;
	}
	o = json_object();
	for (size_t k = 0; o && k < n; k++)
		json_object_set_new(o, rs[k].code, json_integer(x[k]));
	return o;
}

/* The value under region in a {code: ...} part (an integer or the i-th of
 * an array), or the sum over every region when region is NULL. */
static int64_t part_value(json_t *part, const char *region, int i)
{
	const char *code;
	json_t *v;
	int64_t sum = 0;
	json_object_foreach(part, code, v) {
		if (region && strcmp(code, region) != 0)
			continue;
		sum += json_integer_value(json_is_array(v) ? json_array_get(v, (size_t)i) : v);
	}
	return sum;
}

/* ---- the providers ------------------------------------------------------ */

static int cross_contracts(struct ctx *c, const struct figure_scope *s, int64_t *v,
			   int64_t *prev, int amount, struct derr *e)
{
	json_t *f = flows_doc(c, s->year, s->region, e), *cross;
	if (!f)
		return -1;
	cross = json_object_get(f, "cross");
	*v = json_integer_value(json_object_get(cross, amount ? "amount_cny" : "count"));
	*prev = json_integer_value(json_object_get(cross, amount ? "prev_amount_cny" : "prev_count"));
	json_decref(f);
	return 0;
}

static int fig_cross_count(struct ctx *c, const struct figure_scope *s, int64_t *v,
			   int64_t *prev, struct derr *e)
{
	return cross_contracts(c, s, v, prev, 0, e);
}

static int fig_cross_amount(struct ctx *c, const struct figure_scope *s, int64_t *v,
			    int64_t *prev, struct derr *e)
{
	return cross_contracts(c, s, v, prev, 1, e);
}

static int catalogue(struct ctx *c, const struct figure_scope *s, int64_t *v, int64_t *prev,
		     int which, struct derr *e)
{
	json_t *part = figures_cached(c, "catalogue", 0, NULL, catalogue_compute, e);
	if (!part)
		return -1;
	*v = part_value(part, s->region, which);
	*prev = -1;
	json_decref(part);
	return 0;
}

static int fig_instruments(struct ctx *c, const struct figure_scope *s, int64_t *v,
			   int64_t *prev, struct derr *e)
{
	return catalogue(c, s, v, prev, 0, e);
}

static int fig_facilities(struct ctx *c, const struct figure_scope *s, int64_t *v,
			  int64_t *prev, struct derr *e)
{
	return catalogue(c, s, v, prev, 1, e);
}

static int fig_instrument_value(struct ctx *c, const struct figure_scope *s, int64_t *v,
				int64_t *prev, struct derr *e)
{
	return catalogue(c, s, v, prev, 2, e);
}

/* Hours on the scope's instruments used by organisations of other
 * regions (the bookings' running totals, store/booking.h). */
static int fig_cross_hours(struct ctx *c, const struct figure_scope *s, int64_t *v,
			   int64_t *prev, struct derr *e)
{
	for (int k = 0; k < 2; k++) {
		json_t *part = figures_cached(c, "hours", s->year - k, NULL, hours_compute, e);
		if (!part)
			return -1;
		*(k ? prev : v) = (part_value(part, s->region, 0) + 1800) / 3600;
		json_decref(part);
	}
	return 0;
}

/* Experts in the talent pool (store/expert.h), of organisations in the
 * region when one is chosen. */
static int fig_experts(struct ctx *c, const struct figure_scope *s, int64_t *v, int64_t *prev,
		       struct derr *e)
{
	struct expert_filter f = { .region = s->region, .limit = 1 };
	struct expert *x;
	size_t n;
	int rc;
	*prev = -1;
	if (!s->region) {   /* the whole pool: a plain count */
		*v = store_expert_count(c->db);
		return *v < 0 ? derr_store(e, (int)*v, "counting experts") : 0;
	}
	rc = store_expert_list(c->db, c->a, &f, &x, &n, v);
	return rc < 0 ? derr_store(e, rc, "counting experts") : 0;
}

static int fig_visits(struct ctx *c, const struct figure_scope *s, int64_t *v, int64_t *prev,
		      struct derr *e)
{
	*prev = -1;
	if ((*v = visits_total(c, s->year)) < 0)
		return derr_store(e, (int)*v, "counting visits");
	return 0;
}

/*
 * The dashboard's figures, in the order shown, one provider each: the
 * technology market's here, joint research's in joint_figures.c (projects,
 * consortia, challenges, the funds), experts from the talent pool.  A
 * capability plugs its figure in on its line; a NULL function would be
 * shown as "not yet available".
 */
const struct figure_provider figure_providers[] = {
	{ "fiscal_funds", "联合攻关财政资金", "Fiscal funds for joint research", FU_CNY,
	  joint_fig_fiscal, "当年联合攻关项目的财政资金（按出资区域）",
	  "fiscal funds of the year's joint-research funding lines (by the funding region)" },
	{ "social_capital", "带动社会资本投入", "Social capital drawn in", FU_CNY, joint_fig_social,
	  "当年企业配套资金与其他社会资本", "enterprise funds and other social capital of the year" },
	{ "cross_contracts", "跨区域技术合同", "Cross-region technology contracts", FU_COUNT,
	  fig_cross_count, "已核验、买卖双方在不同省级区域的技术合同（按签订年份）",
	  "verified contracts whose seller and buyer are in different regions, by signing year" },
	{ "cross_contract_amount", "跨区域技术合同成交额", "Cross-region contract value", FU_CNY,
	  fig_cross_amount, "上述合同的合同金额合计", "the amounts of those contracts" },
	{ "instruments", "大型科研仪器", "Large research instruments", FU_COUNT, fig_instruments,
	  "在用与维修中的仪器（当前）", "in service or under maintenance (today)" },
	{ "facilities", "重大科技基础设施", "Major research facilities", FU_COUNT, fig_facilities,
	  "当前", "today" },
	{ "instrument_value", "仪器设施原值", "Value of instruments and facilities", FU_CNY,
	  fig_instrument_value, "当前", "today" },
	{ "cross_region_hours", "跨区域共享机时", "Instrument hours shared across regions", FU_HOURS,
	  fig_cross_hours, "其他区域单位用户的有效使用机时（按签到年份）",
	  "checked-in hours by users of organisations in other regions" },
	{ "experts", "人才库专家", "Experts in the talent pool", FU_COUNT, fig_experts,
	  "人才库中的专家（当前）", "experts in the talent pool (today)" },
	{ "visits", "平台累计访问量", "Cumulative visits to the platform", FU_COUNT, fig_visits,
	  "截至当年底的页面浏览次数，不记录任何个人信息（全共同体）",
	  "page views to the end of the year, nothing personal kept (whole community)" },
	{ "joint_projects", "跨区域联合攻关项目", "Cross-region joint projects", FU_COUNT,
	  joint_fig_projects, "当年在研、成员来自两个以上区域的项目",
	  "projects running in the year with members in two regions or more" },
	{ "consortia", "跨区域创新联合体", "Cross-region innovation consortia", FU_COUNT,
	  joint_fig_consortia, "截至当年成立的跨区域创新联合体", "cross-region consortia founded by the year" },
	{ "challenges_published", "发布榜单", "Challenges published", FU_COUNT, joint_fig_published,
	  "当年发布的榜单", "challenges published in the year" },
	{ "challenges_answered", "获得响应的榜单", "Challenges answered", FU_COUNT,
	  joint_fig_answered, "当年发布、收到有效揭榜方案的榜单",
	  "challenges published in the year that received a response not withdrawn" },
	{ "challenges_solved", "揭榜成功", "Challenges solved", FU_COUNT, joint_fig_solved,
	  "当年选定揭榜方的榜单", "challenges whose solver was selected in the year" },
};
const size_t nfigure_providers = ARRAY_SIZE(figure_providers);

/* ---- scope ---------------------------------------------------------------- */

int64_t figures_default_year(int64_t now)
{
	return cst_year(now) - 1;
}

int figures_check_scope(struct ctx *c, int64_t year, const char *region, struct derr *e)
{
	struct region r;
	int rc;
	if (year < FIGURES_YEAR_MIN || year > FIGURES_YEAR_MAX)
		return derr_set(e, DERR_INVALID, "out_of_range", "year",
				"year must be between %d and %d", FIGURES_YEAR_MIN, FIGURES_YEAR_MAX);
	if (!region || !*region)
		return 0;
	rc = store_region_get(c->db, c->a, region, &r);
	if (rc > 0)
		return derr_set(e, DERR_INVALID, "not_found", "region",
				"region %.20s is not in the community", region);
	return rc < 0 ? derr_store(e, rc, "reading the region") : 0;
}

static json_t *growth(int64_t now, int64_t prev)
{
	return prev > 0 ? json_real((double)(now - prev) / (double)prev) : json_null();
}

/* ---- flows ---------------------------------------------------------------- */

static json_t *ranks_json(const struct flow_rank *k, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++) {
		json_t *o = k[i].key
			? json_pack("{s:s, s:I, s:I}", "key", k[i].key, "count", (json_int_t)k[i].count,
				    "amount_cny", (json_int_t)k[i].amount_cny)
			: json_pack("{s:I, s:s?, s:s?, s:s?, s:I, s:I}", "org_id", (json_int_t)k[i].org_id,
				    "name_zh", k[i].name_zh, "name_en", k[i].name_en,
				    "region", k[i].region_code, "count", (json_int_t)k[i].count,
				    "amount_cny", (json_int_t)k[i].amount_cny);
		if (json_array_append_new(a, o) < 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

/* Is a (seller, buyer) pair cross-region for the scope?  With a region:
 * one party in it and the other outside. */
static int crosses(const char *s, const char *b, const char *region)
{
	if (!strcmp(s, b))
		return 0;
	return !region || !strcmp(s, region) || !strcmp(b, region);
}

static json_t *flows_compute(struct ctx *c, int64_t year, const char *region, struct derr *e)
{
	struct region *rs;
	struct flow_rank *top[3];
	size_t nr, nt[3], i;
	int64_t cc[FLOWS_TREND_YEARS] = { 0 }, ca[FLOWS_TREND_YEARS] = { 0 };
	int64_t ac[FLOWS_TREND_YEARS] = { 0 }, aa[FLOWS_TREND_YEARS] = { 0 };
	json_t *pairs, *p, *doc = NULL, *regions, *matrix, *trend;
	int rc;

	if (regions_of(c, &rs, &nr, e) < 0 ||
	    !(pairs = figures_cached(c, "pairs", year, NULL, pairs_compute, e)))
		return NULL;
	if ((rc = store_flow_top(c->db, c->a, FLOW_TOP_FIELD, year, region, 10, &top[0], &nt[0])) < 0 ||
	    (rc = store_flow_top(c->db, c->a, FLOW_TOP_SELLER, year, region, 10, &top[1], &nt[1])) < 0 ||
	    (rc = store_flow_top(c->db, c->a, FLOW_TOP_BUYER, year, region, 10, &top[2], &nt[2])) < 0) {
		json_decref(pairs);
		derr_store(e, rc, "computing the flows");
		return NULL;
	}
	regions = json_array();
	matrix = json_array();
	trend = json_array();
	for (i = 0; i < nr; i++)
		json_array_append_new(regions, json_pack("{s:s, s:s, s:s}", "code", rs[i].code,
							 "name_zh", rs[i].name_zh, "name_en", rs[i].name_en));
	json_array_foreach(pairs, i, p) {
		int64_t y = json_integer_value(json_array_get(p, 0));
		const char *s = json_string_value(json_array_get(p, 1));
		const char *b = json_string_value(json_array_get(p, 2));
		int64_t n = json_integer_value(json_array_get(p, 3));
		int64_t amount = json_integer_value(json_array_get(p, 4));
		int64_t k = y - (year - FLOWS_TREND_YEARS + 1);
		if (k < 0 || k >= FLOWS_TREND_YEARS || !s || !b)
			continue;
		if (y == year)   /* the matrix is the whole community's */
			json_array_append_new(matrix, json_pack("{s:s, s:s, s:I, s:I, s:I}",
				"seller", s, "buyer", b, "count", (json_int_t)n, "amount_cny", (json_int_t)amount,
				"income_cny", json_integer_value(json_array_get(p, 5))));
		if (region && strcmp(s, region) && strcmp(b, region))
			continue;
		ac[k] += n;
		aa[k] += amount;
		if (crosses(s, b, region)) {
			cc[k] += n;
			ca[k] += amount;
		}
	}
	json_decref(pairs);
	for (int k = 0; k < FLOWS_TREND_YEARS; k++)
		json_array_append_new(trend, json_pack("{s:I, s:I, s:I, s:I, s:I}",
			"year", (json_int_t)(year - FLOWS_TREND_YEARS + 1 + k),
			"cross_count", (json_int_t)cc[k], "cross_amount_cny", (json_int_t)ca[k],
			"all_count", (json_int_t)ac[k], "all_amount_cny", (json_int_t)aa[k]));
#define NOW (FLOWS_TREND_YEARS - 1)
	doc = json_pack("{s:I, s:s?, s:o, s:o, s:{s:I, s:I, s:I, s:I, s:o, s:o}, s:o, s:o*, s:o*, s:o*}",
		"year", (json_int_t)year, "region", region,
		"regions", regions, "matrix", matrix,
		"cross", "count", (json_int_t)cc[NOW], "amount_cny", (json_int_t)ca[NOW],
		"prev_count", (json_int_t)cc[NOW - 1], "prev_amount_cny", (json_int_t)ca[NOW - 1],
		"growth_count", growth(cc[NOW], cc[NOW - 1]),
		"growth_amount", growth(ca[NOW], ca[NOW - 1]),
		"trend", trend, "fields", ranks_json(top[0], nt[0]),
		"sellers", ranks_json(top[1], nt[1]), "buyers", ranks_json(top[2], nt[2]));
#undef NOW
	if (!doc)
		derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	return doc;
}

json_t *flows_doc(struct ctx *c, int64_t year, const char *region, struct derr *e)
{
	if (region && !*region)
		region = NULL;
	if (figures_check_scope(c, year, region, e) < 0)
		return NULL;
	return figures_cached(c, "flows", year, region, flows_compute, e);
}

/* ---- the dashboard -------------------------------------------------------- */

static const char *const unit_names[] = { [FU_COUNT] = "count", [FU_CNY] = "cny",
					  [FU_HOURS] = "hours" };

static json_t *dashboard_compute(struct ctx *c, int64_t year, const char *region, struct derr *e)
{
	struct figure_scope s = { year, region, now_unix() };
	struct region *rs;
	size_t nr;
	json_t *figs = json_array(), *byregion = json_array(), *flows, *cat, *doc;

	for (size_t i = 0; i < nfigure_providers; i++) {
		const struct figure_provider *p = &figure_providers[i];
		int64_t v = 0, prev = -1;
		if (p->fn && p->fn(c, &s, &v, &prev, e) < 0)
			goto fail;
		json_array_append_new(figs, json_pack("{s:s, s:s, s:s, s:s, s:b, s:o, s:o, s:o, s:s, s:s}",
			"key", p->key, "name_zh", p->zh, "name_en", p->en, "unit", unit_names[p->unit],
			"available", p->fn != NULL,
			"value", p->fn ? json_integer(v) : json_null(),
			"prev", p->fn && prev >= 0 ? json_integer(prev) : json_null(),
			"growth", p->fn && prev >= 0 ? growth(v, prev) : json_null(),
			"note_zh", p->note_zh, "note_en", p->note_en));
	}
	if (regions_of(c, &rs, &nr, e) < 0 ||
	    !(cat = figures_cached(c, "catalogue", 0, NULL, catalogue_compute, e)))
		goto fail;
	for (size_t i = 0; i < nr; i++)
		json_array_append_new(byregion, json_pack("{s:s, s:s, s:s, s:I, s:I, s:I}",
			"code", rs[i].code, "name_zh", rs[i].name_zh, "name_en", rs[i].name_en,
			"instruments", (json_int_t)part_value(cat, rs[i].code, 0),
			"facilities", (json_int_t)part_value(cat, rs[i].code, 1),
			"value_cny", (json_int_t)part_value(cat, rs[i].code, 2)));
	json_decref(cat);
	if (!(flows = flows_doc(c, year, region, e)))
		goto fail;
	doc = json_pack("{s:I, s:s?, s:o, s:o, s:o}", "year", (json_int_t)year,
			"region", region, "figures", figs, "flows", flows,
			"instruments_by_region", byregion);
	if (!doc)
		derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	return doc;
fail:
	json_decref(figs);
	json_decref(byregion);
	return NULL;
}

/* The cached document with the visits of today (not yet written) added:
 * a copy whose figures array is the only new part. */
static json_t *with_pending_visits(json_t *doc, int64_t year, int64_t now)
{
	json_t *copy, *figs, *f;
	int64_t pending;
	size_t i;

	if (cst_year(now) > year || !(pending = visits_pending()))
		return doc;
	copy = json_copy(doc);
	figs = copy ? json_deep_copy(json_object_get(doc, "figures")) : NULL;
	if (!figs) {
		json_decref(copy);
		return doc;
	}
	json_array_foreach(figs, i, f)
		if (!strcmp(json_string_value(json_object_get(f, "key")), "visits"))
			json_object_set_new(f, "value",
				json_integer(json_integer_value(json_object_get(f, "value")) + pending));
	json_object_set_new(copy, "figures", figs);
	json_decref(doc);
	return copy;
}

json_t *dashboard_doc(struct ctx *c, int64_t year, const char *region, int64_t now,
		      struct derr *e)
{
	json_t *doc;
	if (region && !*region)
		region = NULL;
	if (figures_check_scope(c, year, region, e) < 0)
		return NULL;
	/* the stored visits only: the pending ones are added on each read */
	if (!(doc = figures_cached(c, "dashboard", year, region, dashboard_compute, e)))
		return NULL;
	return with_pending_visits(doc, year, now);
}

int figures_recompute_all(struct ctx *c, int64_t year, int64_t now, struct derr *e)
{
	struct region *rs;
	size_t nr;
	if (regions_of(c, &rs, &nr, e) < 0)
		return -1;
	figures_cache_clear();
	for (size_t i = 0; i <= nr; i++) {
		json_t *d = dashboard_doc(c, year, i < nr ? rs[i].code : NULL, now, e);
		if (!d)
			return -1;
		json_decref(d);
	}
	return 0;
}
