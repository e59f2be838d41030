/*
 * demo_market.c — the demo's technology contracts, institutes, assessment
 * schemes and page views.  See demo_market.h.
 *
 * Rows go straight to the store in large write transactions (no audit:
 * nobody acted).  Sellers are mostly universities, institutes and
 * laboratories, buyers mostly enterprises; amounts are log-normal around
 * half a million yuan with a long tail.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/cst.h"
#include "core/rng.h"
#include "core/util.h"
#include "domain/contract.h"
#include "domain/demo_market.h"
#include "store/market.h"
#include "store/store.h"
#include "core/banned.h"

#define BATCH 20000
#define YEARS 5                  /* complete years before this one */
#define CROSS_AT_SCALE_1 1400.0  /* latest complete year */
#define GROWTH_LATEST 1.267

static size_t pick(struct rng *r, const int *w, size_t n)
{
	int total = 0, x;
	for (size_t i = 0; i < n; i++)
		total += w[i];
	x = (int)(rng_next(r) % (uint64_t)total);
	for (size_t i = 0; i < n; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

static const char *const regions[] = { "310000", "320000", "330000", "340000" };
#define NREG 4
/* Cross-region flows, seller (row) to buyer (column): Shanghai's research
 * sells most to Jiangsu's and Zhejiang's manufacturers. */
static const int flow_w[NREG][NREG] = {
	{ 0, 30, 22, 10 }, { 14, 0, 9, 7 }, { 9, 8, 0, 5 }, { 4, 5, 3, 0 },
};
/* Contracts inside each region, relative to one another. */
static const int inside_w[NREG] = { 34, 33, 22, 11 };

static const int kind_w[] = { 45, 10, 7, 8, 30 };   /* vocab_contract_kind order */
static const int field_w[] = { 28, 2, 18, 14, 11, 9, 6, 1, 3, 3, 5 };   /* vocab_tech_field */
static const char *const topics[][4] = {
	{ "工业互联网平台", "智能传感器芯片", "工业软件", "5G通信模组" },
	{ "航空发动机叶片", "无人机飞控系统", "卫星遥感数据处理", "机载电子设备" },
	{ "工业机器人", "高端数控机床", "智能产线", "激光加工装备" },
	{ "抗体药物", "体外诊断试剂", "医学影像设备", "细胞治疗工艺" },
	{ "碳纤维复合材料", "高分子膜材料", "第三代半导体材料", "先进金属材料" },
	{ "动力电池", "氢燃料电池", "光伏组件", "储能系统" },
	{ "工业废水处理", "固废资源化", "大气污染治理", "土壤修复" },
	{ "核技术辐照", "同位素检测", "核电设备", "辐射防护" },
	{ "水稻育种", "智慧农业系统", "农产品加工", "畜禽疫病防控" },
	{ "智能网联汽车", "轨道交通信号", "港口自动化", "新能源汽车电驱" },
	{ "智慧城市管理", "建筑节能", "公共卫生信息系统", "城市地下管网监测" },
};
static const char *const kind_word[] = { "技术开发合同", "技术转让合同", "专利实施许可合同",
					 "技术咨询合同", "技术服务合同" };

struct party { int64_t *ids; int *w; size_t n, cap; };

struct gen {
	struct ctx *c;
	struct derr *e;
	struct rng r;
	int64_t batch;
	struct party sellers[NREG], buyers[NREG];
	struct arena scratch;        /* titles, freed year by year */
};

static int row(struct gen *g)
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
	if (!g->batch)
		return 0;
	g->batch = 0;
	return (rc = store_commit(g->c->db)) < 0 ? derr_store(g->e, rc, "committing a batch") : 0;
}

static int party_add(struct party *p, int64_t id, int w)
{
	if (w <= 0)
		return 0;
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		int64_t *ids = realloc(p->ids, cap * sizeof *ids);
		int *ws;
		if (!ids)
			return -1;
		p->ids = ids;
		if (!(ws = realloc(p->w, cap * sizeof *ws)))
			return -1;
		p->w = ws;
		p->cap = cap;
	}
	p->ids[p->n] = id;
	p->w[p->n++] = w;
	return 0;
}

static int64_t party_pick(struct gen *g, const struct party *p)
{
	return p->ids[pick(&g->r, p->w, p->n)];
}

static int region_index(const char *code)
{
	for (int i = 0; i < NREG; i++)
		if (!strcmp(regions[i], code))
			return i;
	return -1;
}

/* Sellers and buyers of each region, weighted by kind. */
static int parties(struct gen *g)
{
	struct org_filter f = { .limit = 1000000 };
	struct org *os;
	size_t n;
	int64_t total;
	int rc = store_org_list(g->c->db, g->c->a, &f, &os, &n, &total);
	if (rc < 0)
		return derr_store(g->e, rc, "listing organisations");
	for (size_t i = 0; i < n; i++) {
		int k = region_index(os[i].region_code), sw, bw;
		const char *kind = os[i].kind;
		if (k < 0)
			continue;
		sw = !strcmp(kind, "university") ? 10 : !strcmp(kind, "institute") ? 12 :
		     !strcmp(kind, "lab") ? 6 : !strcmp(kind, "centre") ? 5 :
		     !strcmp(kind, "enterprise") ? 3 : 0;
		bw = !strcmp(kind, "enterprise") ? 12 : !strcmp(kind, "government") ? 0 : 2;
		if (party_add(&g->sellers[k], os[i].id, sw) < 0 || party_add(&g->buyers[k], os[i].id, bw) < 0)
			return derr_set(g->e, DERR_INTERNAL, "internal", NULL, "out of memory");
	}
	for (int k = 0; k < NREG; k++)
		if (g->sellers[k].n < 2 || !g->buyers[k].n)
			return derr_set(g->e, DERR_INVALID, "invalid", "demo",
					"region %s has too few organisations for contracts", regions[k]);
	return 0;
}

static double normal(struct rng *r)
{
	double u = rng_unit(r), v = rng_unit(r);
	if (u < 1e-12)
		u = 1e-12;
	return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

/* One contract of year between regions s and b, signed on a day in
 * [first, last]. */
static int one(struct gen *g, int64_t year, int s, int b, int64_t first, int64_t last,
	       int current, int64_t *made)
{
	struct contract k;
	size_t kind = pick(&g->r, kind_w, ARRAY_SIZE(kind_w));
	size_t field = pick(&g->r, field_w, ARRAY_SIZE(field_w));
	double amount = exp(log(500000.0) + 1.25 * normal(&g->r)), st = rng_unit(&g->r);
	static const double income_share[] = { 0.65, 0.95, 0.95, 0.9, 0.85 };
	int y, m, d, rc;
	int64_t day = first + (int64_t)(rng_unit(&g->r) * (double)(last - first + 1));
	char date[16];

	memset(&k, 0, sizeof k);
	if (day > last)
		day = last;
	cst_civil(day, &y, &m, &d);
	snprintf(date, sizeof date, "%04d-%02d-%02d", y, m, d);
	if (amount < 20000)
		amount = 20000;
	if (amount > 2e9)
		amount = 2e9;
	k.kind = vocab_contract_kind[kind].key;
	k.field = vocab_tech_field[field].key;
	k.title = arena_printf(&g->scratch, "%s%s", topics[field][rng_next(&g->r) % 4], kind_word[kind]);
	k.amount_cny = (int64_t)amount / 1000 * 1000;
	k.income_cny = (int64_t)((double)k.amount_cny * income_share[kind] * (0.85 + 0.15 * rng_unit(&g->r)));
	k.seller_org_id = party_pick(g, &g->sellers[s]);
	do
		k.buyer_org_id = party_pick(g, &g->buyers[b]);
	while (k.buyer_org_id == k.seller_org_id);
	k.seller_region = regions[s];
	k.buyer_region = regions[b];
	k.signed_on = date;
	k.year = year;
	k.state = !current || st < 0.85 ? "verified" : st < 0.95 ? "submitted" : "returned";
	if (!strcmp(k.state, "returned"))
		k.reason = "技术性收入核定依据不足，请补充合同附件";
	k.created_at = cst_day_start(day) + 10 * 3600;
	if (strcmp(k.state, "submitted"))
		k.decided_at = k.created_at + 3 * 86400;
	if ((rc = row(g)) < 0 || (rc = store_contract_insert(g->c->db, &k, NULL)) < 0)
		return rc < 0 && g->e->kind ? -1 : derr_store(g->e, rc, "adding a contract");
	(*made)++;
	return 0;
}

static int contracts(struct gen *g, double scale, int64_t now, struct demo_market_result *out)
{
	int64_t this_year = cst_year(now), today = cst_day(now);
	double cross = CROSS_AT_SCALE_1 * scale;
	int flow_total = 0, inside_total = 0;

	for (int s = 0; s < NREG; s++) {
		inside_total += inside_w[s];
		for (int b = 0; b < NREG; b++)
			flow_total += flow_w[s][b];
	}
	/* from the oldest year: the latest complete one has `cross`, the one
	 * before it cross / 1.267, earlier ones a little less growth each */
	for (int64_t year = this_year - YEARS; year <= this_year; year++) {
		int64_t first = cst_day(cst_year_start(year)), last = cst_day(cst_year_start(year + 1)) - 1;
		double n = cross;
		int current = year == this_year;
		int64_t made = 0, made_cross = 0;
		if (year < this_year - 1) {
			n /= GROWTH_LATEST;
			for (int64_t k = this_year - 2; k > year; k--)
				n /= 1.2 + 0.01 * (double)(this_year - k);
		} else if (current) {
			n *= 1.2 * (double)(today - first + 1) / (double)(last - first + 1);
			last = today;
		}
		for (int s = 0; s < NREG; s++) {
			for (int b = 0; b < NREG; b++) {
				double share = s == b ? (double)inside_w[s] / inside_total
						      : (double)flow_w[s][b] / flow_total;
				int64_t cnt = llround(n * share);
				for (int64_t i = 0; i < cnt; i++)
					if (one(g, year, s, b, first, last, current, &made) < 0)
						return -1;
				if (s != b)
					made_cross += cnt;
			}
		}
		out->contracts += made;
		if (year == this_year - 1)
			out->cross_latest = made_cross;
		if (year == this_year - 2)
			out->cross_before = made_cross;
		arena_free(&g->scratch);   /* the titles are in the store now */
	}
	return batch_end(g);
}

/* The institutes of the YRD national technology innovation centre: the
 * real ones the data files name, found by name, and a few generated ones
 * in each region. */
static int institutes(struct gen *g, int64_t now, struct demo_market_result *out)
{
	static const char *const names[] = {
		"江苏集萃智能制造技术研究所有限公司", "江苏集萃先进高分子材料研究所有限公司",
		"江苏省产业技术研究院膜科学技术研究所", "江苏集萃先进金属材料研究所有限公司",
		"南京先进激光技术研究院", "江苏集萃有机光电技术研究所有限公司",
		"江苏集萃分子工程研究院有限公司", "江苏集萃微纳自动化系统与装备技术研究所有限公司",
		"江苏集萃脑机融合智能技术研究所有限公司", "长三角先进材料研究院",
		"江苏集萃深度感知技术研究所有限公司", "江苏集萃碳纤维及复合材料应用技术研究院有限公司",
		"江苏集萃先进纤维材料研究所有限公司", "江苏第三代半导体研究院", "江苏省未来网络创新研究院",
		"上海微技术工业研究院", "中国科学院上海微系统与信息技术研究所", "中国科学院上海高等研究院",
		"中国科学院上海光学精密机械研究所", "中国科学院宁波材料技术与工程研究所",
		"浙江清华长三角研究院", "中国科学院合肥物质科学研究院", "中国科学院等离子体物理研究所",
		"中国科学院安徽光学精密机械研究所", "中国科学院苏州纳米技术与纳米仿生研究所",
	};
	static const struct assess_weight scheme[] = {
		{ "contract_income", 35 }, { "contracts", 15 }, { "instrument_hours", 20 },
		{ "joint_projects_led", 10 }, { "challenges_solved", 10 }, { "experts", 10 },
	};
	int64_t centre = store_org_by_name(g->c->db, "长三角国家技术创新中心"), id;
	int64_t this_year = cst_year(now);
	struct org_filter f = { .kind = "institute", .limit = 1000000 };
	struct org *os;
	size_t n;
	int64_t total;
	int per_region[NREG] = { 0 }, rc;

	if (centre <= 0)
		return 0;   /* data files without the centre: no institutes */
	if ((rc = store_begin(g->c->db)) < 0)
		return derr_store(g->e, rc, "registering institutes");
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		if ((id = store_org_by_name(g->c->db, names[i])) <= 0)
			continue;
		if ((rc = store_institute_put(g->c->db, id, centre, now)) < 0)
			goto fail;
		out->institutes++;
	}
	if ((rc = store_org_list(g->c->db, g->c->a, &f, &os, &n, &total)) < 0)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		int k = region_index(os[i].region_code);
		if (k < 0 || os[i].parent_id > 0 || per_region[k] >= 3 ||
		    store_institute_get(g->c->db, os[i].id, &id) == 0)
			continue;
		if ((rc = store_institute_put(g->c->db, os[i].id, centre, now)) < 0)
			goto fail;
		per_region[k]++;
		out->institutes++;
	}
	for (int64_t y = this_year - YEARS; y <= this_year; y++)
		if ((rc = store_assess_put(g->c->db, y, scheme, ARRAY_SIZE(scheme))) < 0)
			goto fail;
	if ((rc = store_commit(g->c->db)) < 0)
		return derr_store(g->e, rc, "registering institutes");
	return 0;
fail:
	store_rollback(g->c->db);
	return derr_store(g->e, rc, "registering institutes");
}

/* A year of page views: a few hundred a day per unit of scale, fewer at
 * weekends, spread over the public pages. */
static int visits(struct gen *g, double scale, int64_t now)
{
	static const char *const kinds[] = { "/", "/instruments", "/instruments/:id", "/orgs",
					     "/orgs/:id", "/regions/:code", "/dashboard", "/flows",
					     "/institutes" };
	static const int share[] = { 22, 30, 25, 5, 6, 3, 5, 3, 1 };
	int64_t today = cst_day(now);
	int rc;
	if ((rc = store_begin(g->c->db)) < 0)
		return derr_store(g->e, rc, "adding page views");
	for (int64_t d = today - 365; d < today; d++) {
		double base = 300.0 * scale * (cst_weekday(d) >= 6 ? 0.45 : 1.0) * (0.8 + 0.4 * rng_unit(&g->r));
		for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
			int64_t v = llround(base * share[k] / 100.0);
			if (v > 0 && (rc = store_page_views_add(g->c->db, d, kinds[k], v)) < 0) {
				store_rollback(g->c->db);
				return derr_store(g->e, rc, "adding page views");
			}
		}
	}
	if ((rc = store_commit(g->c->db)) < 0)
		return derr_store(g->e, rc, "adding page views");
	return 0;
}

int demo_market(struct ctx *c, double scale, uint64_t seed, int64_t now,
		struct demo_market_result *out, struct derr *e)
{
	struct gen g;
	int rc = -1;

	memset(&g, 0, sizeof g);
	memset(out, 0, sizeof *out);
	g.c = c;
	g.e = e;
	g.r.s = seed ^ 0x7465636D61726B74ull;   /* its own stream */
	if (parties(&g) < 0 || contracts(&g, scale, now, out) < 0 ||
	    institutes(&g, now, out) < 0 || visits(&g, scale, now) < 0)
		goto out;
	rc = 0;
out:
	if (g.batch)
		store_rollback(c->db);
	arena_free(&g.scratch);
	for (int k = 0; k < NREG; k++) {
		free(g.sellers[k].ids);
		free(g.sellers[k].w);
		free(g.buyers[k].ids);
		free(g.buyers[k].w);
	}
	return rc;
}
