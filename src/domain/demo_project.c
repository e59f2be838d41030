/*
 * demo_project.c — the demo's joint projects, consortia and challenges:
 * the real examples of data/demo/projects.tsv, consortia.tsv and
 * challenges.tsv, and generated ones.  See demo_project.h.
 *
 * Everything random comes from one splitmix64 stream seeded by the
 * caller and consumed in a fixed order.  The data files are read with the
 * shared CSV reader (TAB-separated).  Organisations of the files are named
 * by the keys of orgs.tsv.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/cst.h"
#include "core/rng.h"
#include "core/util.h"
#include "domain/auth.h"
#include "domain/catalog.h"
#include "domain/demo_data.h"
#include "domain/demo_project.h"
#include "domain/industry.h"
#include "domain/joint.h"
#include "domain/overlap.h"
#include "store/challenge.h"
#include "store/expert.h"
#include "store/market.h"
#include "store/project.h"
#include "store/store.h"
#include "core/banned.h"

#define YEARS 7                  /* the generated years, to this one */
#define PROJECTS_PER_YEAR 4.0    /* × scale: new cross-region projects */
#define CHALLENGES_PER_YEAR 6.0  /* × scale */
#define CONSORTIA 2.0            /* × scale */

/* ---- topics of generated records ---------------------------------------------- */

static const struct { const char *field, *topics[3]; } topics[] = {
	{ "ic", { "车规级MCU", "存算一体芯片", "RISC-V处理器" } },
	{ "ai", { "大模型推理加速", "工业视觉检测", "智能决策平台" } },
	{ "biomed", { "mRNA疫苗递送系统", "双特异性抗体药物", "CAR-T细胞治疗" } },
	{ "energy", { "钙钛矿光伏电池", "固态锂电池", "氢燃料电池电堆" } },
	{ "materials", { "碳纤维复合材料", "高性能分离膜材料", "特种高温合金" } },
	{ "equipment", { "五轴联动数控机床", "工业机器人精密减速器", "高端轴承" } },
	{ "quantum", { "量子密钥分发网络", "超导量子计算测控", "量子精密测量" } },
	{ "nev", { "动力电池管理系统", "线控底盘", "智能座舱" } },
	{ "ocean", { "深海探测装备", "漂浮式海上风电", "海洋环境观测" } },
	{ "environment", { "工业废水资源化", "二氧化碳捕集利用", "污染土壤修复" } },
	{ "agriculture", { "水稻种源", "智慧农业装备", "农产品精深加工" } },
	{ "industrial_internet", { "工业软件", "数字孪生工厂", "工业互联网标识解析" } },
	{ "aerospace", { "航空发动机叶片", "商业航天运载器", "大型无人机" } },
	{ "semiconductor", { "碳化硅功率器件", "氮化镓射频器件", "宽禁带半导体外延" } },
	{ "medical_devices", { "高端医学影像设备", "手术机器人", "高通量体外诊断" } },
	{ "networks", { "确定性网络", "6G无线通信", "算力网络调度" } },
};

static const char *const project_patterns[] = {
	"%s关键技术联合攻关", "长三角%s产业链协同创新", "%s国产化替代与应用示范",
	"%s核心工艺与装备研发", "面向产业化的%s共性技术研究",
};
static const char *const challenge_patterns[] = {
	"%s关键瓶颈技术攻关", "%s核心部件国产化", "%s量产工艺优化", "%s性能提升与可靠性验证",
};

/* ---- state ------------------------------------------------------------------ */

struct gen {
	struct ctx *c;
	struct derr *e;
	struct rng r;
	int64_t now, year;
	struct demo_project_result *out;
	struct org *orgs;              /* every organisation */
	size_t norgs;
	int64_t *lead_w, lead_total;   /* weights for leading a project */
	int64_t *ent_w, ent_total;     /* enterprises only */
	struct demo_tsv keys;          /* orgs.tsv */
	struct region *regions;
	size_t nregions;
	int64_t consortia[256];        /* ids of the consortia made */
	const char *consortium_keys[256];   /* the real ones' keys, else NULL */
	size_t nconsortia;
};

static int64_t consortium_by_key(struct gen *g, const char *key)
{
	for (size_t i = 0; i < g->nconsortia; i++)
		if (g->consortium_keys[i] && strcmp(g->consortium_keys[i], key) == 0)
			return g->consortia[i];
	return 0;
}

static const struct org *org_by_id(struct gen *g, int64_t id)
{
	for (size_t i = 0; i < g->norgs; i++)
		if (g->orgs[i].id == id)
			return &g->orgs[i];
	return NULL;
}

/* Cell of a row by column name (from the header), "" if absent. */
static const char *col(const struct demo_tsv *t, char **row, const char *name)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (strcmp(t->head[i], name) == 0)
			return row[i];
	return "";
}

/* The id of the organisation with key in orgs.tsv, else 0 (e set). */
static int64_t key_org(struct gen *g, const char *key)
{
	const struct demo_tsv *t = &g->keys;
	for (size_t i = 0; i < t->nrows; i++)
		if (strcmp(col(t, t->rows[i], "key"), key) == 0) {
			int64_t id = store_org_by_name(g->c->db, col(t, t->rows[i], "name_zh"));
			if (id > 0)
				return id;
			break;
		}
	derr_set(g->e, DERR_INVALID, "invalid", "demo", "no organisation with key %s", key);
	return 0;
}

static int64_t num(const char *s)
{
	int64_t v;
	return parse_i64(s, INT64_MIN / 2, INT64_MAX / 2, &v) == 0 ? v : 0;
}

/* Splits s (a copy in the arena) at sep; returns the parts' count. */
static size_t split(struct arena *a, const char *s, char sep, char **parts, size_t max)
{
	return demo_split(arena_strdup(a, s ? s : ""), sep, parts, max);
}

/* ---- lists of a project --------------------------------------------------------- */

struct lists {
	struct party m[JOINT_MAX_MEMBERS];
	size_t nm;
	struct person x[8];
	size_t nx;
	struct funding_line f[64];
	size_t nf;
	struct milestone ms[12];
	size_t nms;
	struct project_output o[8];
	size_t no;
};

static int has_member(const struct lists *l, int64_t id)
{
	for (size_t i = 0; i < l->nm; i++)
		if (l->m[i].org_id == id)
			return 1;
	return 0;
}

static void add_member(struct lists *l, int64_t id, const char *role)
{
	if (id > 0 && l->nm < JOINT_MAX_MEMBERS && !has_member(l, id)) {
		l->m[l->nm].org_id = id;
		l->m[l->nm++].role = role;
	}
}

/* amount spread evenly over the years of the period (the rest in the last). */
static void spread(struct lists *l, const char *source, const char *region, int64_t amount,
		   int64_t start, int64_t end)
{
	int64_t years = end - start + 1, each = amount / years;
	for (int64_t y = start; y <= end && l->nf < 64; y++) {
		int64_t v = y == end ? amount - each * (years - 1) : each;
		if (v <= 0)
			continue;
		l->f[l->nf].source = source;
		l->f[l->nf].region_code = region;
		l->f[l->nf].year = y;
		l->f[l->nf++].amount_cny = v;
	}
}

/* The first expert of an organisation, 0 if it has none. */
static int64_t expert_of(struct gen *g, int64_t org_id)
{
	struct expert_filter f = { .org_id = org_id, .limit = 1 };
	struct expert *x;
	size_t n;
	int64_t total;
	if (store_expert_list(g->c->db, g->c->a, &f, &x, &n, &total) < 0 || !n)
		return 0;
	return x[0].id;
}

/* Experts of the lead (the lead expert) and of two members. */
static void add_experts(struct gen *g, struct lists *l)
{
	for (size_t i = 0; i < l->nm && l->nx < 3; i++) {
		int64_t id = expert_of(g, l->m[i].org_id);
		int dup = 0;
		for (size_t k = 0; k < l->nx; k++)
			dup |= l->x[k].expert_id == id;
		if (!id || dup)
			continue;
		l->x[l->nx].expert_id = id;
		l->x[l->nx].role = l->nx == 0 ? "lead" : l->nx == 1 ? "co_lead" : "member";
		l->nx++;
	}
}

/* Writes a project with its lists (l->m[0] is the lead) and puts it in
 * the overlap history. */
static int save_project(struct gen *g, struct project *p, struct lists *l, int64_t *id)
{
	struct overlap_doc_in d = { 0 };
	const struct org *lead = org_by_id(g, p->lead_org_id);
	int64_t sum = 0;
	int rc;

	for (size_t i = 0; i < l->nf; i++)
		sum += l->f[i].amount_cny;
	p->total_cny = sum;
	if ((rc = store_joint_project_insert(g->c->db, p, id)) < 0 ||
	    (rc = store_project_set_members(g->c->db, *id, l->m, l->nm)) < 0 ||
	    (rc = store_project_set_experts(g->c->db, *id, l->x, l->nx)) < 0 ||
	    (rc = store_project_set_funding(g->c->db, *id, l->f, l->nf)) < 0)
		return derr_store(g->e, rc, "adding a demo project");
	for (size_t i = 0; i < l->nms; i++) {
		l->ms[i].project_id = *id;
		if ((rc = store_milestone_insert(g->c->db, &l->ms[i], NULL)) < 0)
			return derr_store(g->e, rc, "adding a milestone");
	}
	for (size_t i = 0; i < l->no; i++) {
		l->o[i].project_id = *id;
		if ((rc = store_output_insert(g->c->db, &l->o[i], NULL)) < 0)
			return derr_store(g->e, rc, "adding an output");
	}
	d.kind = "project";
	d.ref_id = *id;
	d.title = p->title;
	d.content = p->summary ? p->summary : p->title;
	d.field = p->field;
	d.region_code = lead ? lead->region_code : NULL;
	d.year = p->start_year;
	if (overlap_doc_put(g->c, &d, g->e) < 0)
		return -1;
	g->out->projects++;
	return 0;
}

/* Yearly milestones over the period, their status as of now. */
static void yearly_milestones(struct gen *g, struct lists *l, int64_t start, int64_t end)
{
	char due[16];
	for (int64_t y = start; y <= end && l->nms < 12; y++) {
		struct milestone *m = &l->ms[l->nms++];
		snprintf(due, sizeof due, "%lld-12-31", (long long)y);
		m->due_on = arena_strdup(g->c->a, due);
		m->title = y == end ? "项目验收" : arena_printf(g->c->a, "完成第%lld年度攻关任务",
							       (long long)(y - start + 1));
		m->status = y < g->year ? "done" : y == g->year ? "in_progress" : "planned";
		m->done_on = y < g->year ? m->due_on : NULL;
	}
}

/* ---- the real examples ---------------------------------------------------------- */

static int real_consortia(struct gen *g, const char *dir)
{
	struct demo_tsv t = { 0 };
	int rc = -1;
	if (demo_tsv_load(&t, dir, "consortia.tsv", g->e) < 0)
		return -1;
	for (size_t i = 0; i < t.nrows; i++) {
		char **row = t.rows[i];
		struct consortium k = { 0 };
		struct lists *l = arena_zalloc(g->c->a, sizeof *l);
		char *parts[JOINT_MAX_MEMBERS];
		size_t n;
		int64_t id;
		if (!l)
			goto out;
		k.name = col(&t, row, "name");
		k.name_en = col(&t, row, "name_en");
		k.field = col(&t, row, "field");
		k.founded_year = num(col(&t, row, "founded_year"));
		k.description = col(&t, row, "description");
		if (!(k.lead_org_id = key_org(g, col(&t, row, "lead"))))
			goto out;
		add_member(l, k.lead_org_id, "lead");
		n = split(g->c->a, col(&t, row, "members"), '|', parts, JOINT_MAX_MEMBERS);
		for (size_t j = 0; j < n; j++) {
			char *role = strchr(parts[j], ':');
			int64_t oid;
			if (role)
				*role++ = '\0';
			if (!(oid = key_org(g, parts[j])))
				goto out;
			add_member(l, oid, role && *role ? role : "other");
		}
		if ((rc = store_consortium_insert(g->c->db, &k, &id)) < 0 ||
		    (rc = store_consortium_set_members(g->c->db, id, l->m, l->nm)) < 0) {
			derr_store(g->e, rc, "adding a demo consortium");
			rc = -1;
			goto out;
		}
		if (g->nconsortia < 256) {
			g->consortium_keys[g->nconsortia] = arena_strdup(g->c->a, col(&t, row, "key"));
			g->consortia[g->nconsortia++] = id;
		}
		g->out->consortia++;
	}
	rc = 0;
out:
	demo_tsv_free(&t);
	return rc;
}

static int real_projects(struct gen *g, const char *dir)
{
	struct demo_tsv t = { 0 };
	int rc = -1;
	if (demo_tsv_load(&t, dir, "projects.tsv", g->e) < 0)
		return -1;
	for (size_t i = 0; i < t.nrows; i++) {
		char **row = t.rows[i];
		struct project p = { 0 };
		struct lists *l = arena_zalloc(g->c->a, sizeof *l);
		char *parts[JOINT_MAX_MEMBERS];
		const struct org *lead;
		size_t n;
		int64_t id;
		if (!l)
			goto out;
		p.title = col(&t, row, "title");
		p.title_en = col(&t, row, "title_en");
		p.summary = col(&t, row, "summary");
		p.field = col(&t, row, "field");
		p.status = col(&t, row, "status");
		p.start_year = num(col(&t, row, "start_year"));
		p.end_year = num(col(&t, row, "end_year"));
		p.consortium_id = consortium_by_key(g, col(&t, row, "consortium"));
		if (!(p.lead_org_id = key_org(g, col(&t, row, "lead"))) ||
		    !(lead = org_by_id(g, p.lead_org_id)))
			goto out;
		add_member(l, p.lead_org_id, "lead");
		n = split(g->c->a, col(&t, row, "members"), '|', parts, JOINT_MAX_MEMBERS);
		for (size_t j = 0; j < n; j++) {
			int64_t oid = key_org(g, parts[j]);
			if (!oid)
				goto out;
			add_member(l, oid, "member");
		}
		n = split(g->c->a, col(&t, row, "fiscal"), '|', parts, 8);
		for (size_t j = 0; j < n; j++) {
			char *eq = strchr(parts[j], '=');
			if (!eq)
				continue;
			*eq++ = '\0';
			spread(l, "fiscal", parts[j], num(eq), p.start_year, p.end_year);
		}
		spread(l, "enterprise", lead->region_code, num(col(&t, row, "enterprise_cny")),
		       p.start_year, p.end_year);
		spread(l, "social", lead->region_code, num(col(&t, row, "social_cny")),
		       p.start_year, p.end_year);
		n = split(g->c->a, col(&t, row, "milestones"), '|', parts, 12);
		for (size_t j = 0; j < n; j++) {
			char *f[3];
			if (split(g->c->a, parts[j], '~', f, 3) != 3)
				continue;
			l->ms[l->nms].due_on = f[0];
			l->ms[l->nms].title = f[1];
			l->ms[l->nms].status = f[2];
			l->ms[l->nms].done_on = strcmp(f[2], "done") == 0 ? f[0] : NULL;
			l->nms++;
		}
		n = split(g->c->a, col(&t, row, "outputs"), '|', parts, 8);
		for (size_t j = 0; j < n; j++) {
			char *f[3];
			if (split(g->c->a, parts[j], '~', f, 3) < 2)
				continue;
			l->o[l->no].kind = f[0];
			l->o[l->no].title = f[1];
			l->o[l->no].year = p.start_year + 1 <= g->year ? p.start_year + 1 : g->year;
			l->no++;
		}
		add_experts(g, l);
		if (save_project(g, &p, l, &id) < 0)
			goto out;
	}
	rc = 0;
out:
	demo_tsv_free(&t);
	return rc;
}

/* ---- generated records ------------------------------------------------------------ */

/* An organisation by the weights w (lead_w or ent_w), avoiding skip. */
static const struct org *pick(struct gen *g, const int64_t *w, int64_t total, int64_t skip)
{
	for (int tries = 0; tries < 20; tries++) {
		int64_t x = total > 0 ? (int64_t)(rng_next(&g->r) % (uint64_t)total) : 0;
		for (size_t i = 0; i < g->norgs; i++) {
			if (x < w[i]) {
				if (g->orgs[i].id != skip)
					return &g->orgs[i];
				break;
			}
			x -= w[i];
		}
	}
	return NULL;
}

/* Adds n members to l, the first from a region other than the lead's, so
 * that the project is cross-region. */
static void add_members(struct gen *g, struct lists *l, const struct org *lead, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		const struct org *o = pick(g, g->lead_w, g->lead_total, lead->id);
		for (int tries = 0; k == 0 && o && tries < 50 &&
		     strcmp(o->region_code, lead->region_code) == 0; tries++)
			o = pick(g, g->lead_w, g->lead_total, lead->id);
		if (o)
			add_member(l, o->id, "member");
	}
}

static const char *region_of(struct gen *g, int64_t org_id)
{
	const struct org *o = org_by_id(g, org_id);
	return o ? o->region_code : NULL;
}

static int generated_consortia(struct gen *g, int64_t n)
{
	for (int64_t i = 0; i < n; i++) {
		const struct org *lead = pick(g, g->ent_w, g->ent_total, 0);
		size_t t = rng_below(&g->r, sizeof topics / sizeof topics[0]);
		const char *topic = topics[t].topics[rng_below(&g->r, 3)];
		struct consortium k = { 0 };
		struct lists *l = arena_zalloc(g->c->a, sizeof *l);
		int64_t id;
		int rc;
		if (!lead || !l)
			return derr_set(g->e, DERR_INTERNAL, "internal", NULL, "no enterprise to lead");
		k.name = arena_printf(g->c->a, "长三角%s创新联合体（%s牵头）", topic, lead->name_zh);
		k.lead_org_id = lead->id;
		k.field = topics[t].field;
		k.founded_year = g->year - (int64_t)rng_below(&g->r, YEARS);
		k.description = arena_printf(g->c->a, "由%s牵头，联合上下游企业和高校院所，围绕%s开展产业链协同创新。",
					     lead->name_zh, topic);
		add_member(l, lead->id, "lead");
		add_members(g, l, lead, 3 + rng_below(&g->r, 5));
		for (size_t j = 1; j < l->nm; j++) {
			const struct org *o = org_by_id(g, l->m[j].org_id);
			l->m[j].role = o && strcmp(o->kind, "enterprise") == 0
				       ? (rng_below(&g->r, 2) ? "upstream" : "downstream") : "research";
		}
		/* a taken name is looked for first: on PostgreSQL a failed INSERT
		 * would end the transaction */
		if ((id = store_consortium_by_name(g->c->db, k.name)) > 0)
			k.name = arena_printf(g->c->a, "%s（%lld）", k.name, (long long)i + 1);
		rc = id < 0 ? (int)id : store_consortium_insert(g->c->db, &k, &id);
		if (rc < 0 || (rc = store_consortium_set_members(g->c->db, id, l->m, l->nm)) < 0)
			return derr_store(g->e, rc, "adding a demo consortium");
		if (g->nconsortia < 256)
			g->consortia[g->nconsortia++] = id;
		g->out->consortia++;
	}
	return 0;
}

/* Money rounded to ten thousand yuan. */
static int64_t wan(double yuan)
{
	return (int64_t)(yuan / 10000.0 + 0.5) * 10000;
}

static int generated_projects(struct gen *g, double scale)
{
	for (int64_t y = g->year - YEARS + 1; y <= g->year; y++) {
		/* a few more every year */
		int64_t n = llround(PROJECTS_PER_YEAR * scale * (0.82 + 0.06 * (double)(y - g->year + YEARS - 1)));
		for (int64_t i = 0; i < n; i++) {
			const struct org *lead = pick(g, g->lead_w, g->lead_total, 0);
			size_t t = rng_below(&g->r, sizeof topics / sizeof topics[0]);
			const char *topic = topics[t].topics[rng_below(&g->r, 3)];
			struct lists *l = arena_zalloc(g->c->a, sizeof *l);
			struct project p = { 0 };
			double fiscal = 1e6 + 11e6 * pow(rng_unit(&g->r), 2.0);
			int64_t id;
			if (!lead || !l)
				return derr_set(g->e, DERR_INTERNAL, "internal", NULL, "out of memory");
			p.lead_org_id = lead->id;
			p.start_year = y;
			p.end_year = y + 1 + (int64_t)rng_below(&g->r, 3);
			p.status = p.end_year < g->year ? "completed" : "active";
			p.field = topics[t].field;
			p.title = arena_printf(g->c->a, project_patterns[rng_below(&g->r, 5)], topic);
			add_member(l, lead->id, "lead");
			add_members(g, l, lead, 1 + rng_below(&g->r, 6));
			p.summary = arena_printf(g->c->a, "由%s牵头，联合长三角%zu家单位，围绕%s开展跨区域联合攻关，"
						 "突破关键核心技术并推动成果在区域内转化应用。",
						 lead->name_zh, l->nm - 1, topic);
			if (g->nconsortia && rng_below(&g->r, 10) < 3)
				p.consortium_id = g->consortia[rng_below(&g->r, g->nconsortia)];
			/* fiscal funds of the lead's region, sometimes shared with a member's */
			if (rng_below(&g->r, 10) < 3) {
				const char *other = region_of(g, l->m[1].org_id);
				spread(l, "fiscal", lead->region_code, wan(fiscal * 0.6), p.start_year, p.end_year);
				spread(l, "fiscal", other ? other : lead->region_code, wan(fiscal * 0.4),
				       p.start_year, p.end_year);
			} else {
				spread(l, "fiscal", lead->region_code, wan(fiscal), p.start_year, p.end_year);
			}
			spread(l, "enterprise", region_of(g, l->m[l->nm - 1].org_id),
			       wan(fiscal * (1.2 + 1.6 * rng_unit(&g->r))), p.start_year, p.end_year);
			spread(l, "social", lead->region_code, wan(fiscal * (1.2 + 1.6 * rng_unit(&g->r))),
			       p.start_year, p.end_year);
			yearly_milestones(g, l, p.start_year, p.end_year);
			if (p.start_year < g->year) {
				l->o[l->no].kind = rng_below(&g->r, 2) ? "patent" : "paper";
				l->o[l->no].title = arena_printf(g->c->a, "%s相关%s", topic,
								 strcmp(l->o[l->no].kind, "patent") ? "研究论文" : "发明专利");
				l->o[l->no++].year = p.start_year + 1;
			}
			add_experts(g, l);
			if (save_project(g, &p, l, &id) < 0)
				return -1;
		}
	}
	return 0;
}

/* ---- challenges -------------------------------------------------------------------- */

struct response_plan {
	int64_t lead;
	int64_t members[4];
	size_t nmembers;
};

/* Writes a challenge with its responses; selected >= 0 makes that one
 * selected and the challenge a project (decided at decided_at). */
static int save_challenge(struct gen *g, struct challenge *k, const struct response_plan *rs,
			  size_t nr, int selected, int64_t decided_at)
{
	const char *final = k->state;
	int64_t id, rid[8] = { 0 };
	int rc;

	if (selected >= 0)
		k->state = "published";   /* until its response exists */
	if ((rc = store_challenge_insert(g->c->db, k, &id)) < 0 ||
	    (rc = store_challenge_set_regions(g->c->db, id, k->regions, k->nregions)) < 0)
		return derr_store(g->e, rc, "adding a demo challenge");
	k->id = id;
	for (size_t i = 0; i < nr && i < 8; i++) {
		struct response x = { 0 };
		struct lists *l = arena_zalloc(g->c->a, sizeof *l);
		int closed = strcmp(final, "closed") == 0;
		if (!l)
			return derr_set(g->e, DERR_INTERNAL, "internal", NULL, "out of memory");
		x.challenge_id = id;
		x.lead_org_id = rs[i].lead;
		x.budget_cny = wan((double)k->budget_cny * (0.7 + 0.3 * rng_unit(&g->r)));
		x.state = (int)i == selected ? "selected" : selected >= 0 || closed ? "declined"
			  : i == 0 && nr > 1 ? "shortlisted" : "submitted";
		x.plan = arena_printf(g->c->a, "组建跨区域攻关团队，分三个阶段完成：方案设计与关键工艺验证、"
				      "样品试制与指标测试、中试与应用验证，确保达到榜单全部目标指标。");
		x.created_at = k->published_at + (int64_t)rng_below(&g->r, 20) * DAY_SECONDS + 3600;
		if (x.created_at > g->now - 3600)
			x.created_at = g->now - 3600;
		add_member(l, rs[i].lead, "lead");
		for (size_t j = 0; j < rs[i].nmembers; j++)
			add_member(l, rs[i].members[j], "member");
		add_experts(g, l);
		if ((rc = store_response_insert(g->c->db, &x, &rid[i])) < 0 ||
		    (rc = store_response_set_parties(g->c->db, rid[i], l->m, l->nm, l->x, l->nx)) < 0)
			return derr_store(g->e, rc, "adding a demo response");
		g->out->responses++;
		if ((int)i == selected) {
			struct project p = { 0 };
			int64_t year = cst_year(decided_at), pid;
			p.title = k->title;
			p.summary = arena_printf(g->c->a, "%s\n\n%s", k->statement, x.plan);
			p.field = k->field;
			p.start_year = year;
			p.end_year = year + 2;
			p.status = p.end_year < g->year ? "completed" : "active";
			p.lead_org_id = x.lead_org_id;
			p.challenge_id = id;
			l->nf = 0;
			spread(l, "enterprise", k->region_code, x.budget_cny, year, year);
			l->f[0].note = arena_printf(g->c->a, "榜单 #%lld", (long long)id);
			yearly_milestones(g, l, p.start_year, p.end_year);
			if (save_project(g, &p, l, &pid) < 0)
				return -1;
			k->project_id = pid;
		}
	}
	if (selected >= 0) {
		k->state = "selected";
		k->selected_response = rid[selected];
		k->decided_at = decided_at;
	} else if (strcmp(final, "closed") == 0)
		k->decided_at = decided_at;
	if ((rc = store_challenge_update(g->c->db, k)) < 0)
		return derr_store(g->e, rc, "adding a demo challenge");
	if (strcmp(k->state, "published") == 0) {
		struct overlap_doc_in d = { 0 };
		d.kind = "challenge";
		d.ref_id = id;
		d.title = k->title;
		d.content = k->statement;
		d.indicators = k->indicators;
		d.field = k->field;
		d.region_code = k->region_code;
		d.year = cst_year(k->published_at);
		if (overlap_doc_put(g->c, &d, g->e) < 0)
			return -1;
	}
	g->out->challenges++;
	return 0;
}

/* A deadline n days from t: its date and the time responses close. */
static void deadline(struct gen *g, struct challenge *k, int64_t t)
{
	char day[16];
	int64_t d = cst_day(t);
	cst_format_day(d, day, sizeof day);
	k->deadline = arena_strdup(g->c->a, day);
	k->deadline_at = cst_day_start(d + 1);
}

static int real_challenges(struct gen *g, const char *dir)
{
	struct demo_tsv t = { 0 };
	int rc = -1;
	if (demo_tsv_load(&t, dir, "challenges.tsv", g->e) < 0)
		return -1;
	for (size_t i = 0; i < t.nrows; i++) {
		char **row = t.rows[i];
		struct challenge k = { 0 };
		struct response_plan rs[8];
		char *parts[8], *regions[4];
		const char *open_to = col(&t, row, "open_to"), *sel = col(&t, row, "selected");
		const struct org *poster;
		size_t nr, n;
		int64_t ago = num(col(&t, row, "published_days_ago"));

		memset(rs, 0, sizeof rs);
		k.title = col(&t, row, "title");
		k.statement = col(&t, row, "statement");
		k.indicators = col(&t, row, "indicators");
		k.field = col(&t, row, "field");
		k.budget_cny = num(col(&t, row, "budget_cny"));
		k.ip_terms = col(&t, row, "ip_terms");
		k.anonymous = num(col(&t, row, "anonymous"));
		k.state = col(&t, row, "state");
		if (!(k.poster_org_id = key_org(g, col(&t, row, "poster"))) ||
		    !(poster = org_by_id(g, k.poster_org_id)))
			goto out;
		k.region_code = poster->region_code;
		k.created_at = g->now - (ago + 5) * DAY_SECONDS;
		k.published_at = strcmp(k.state, "submitted") == 0 ? 0 : g->now - ago * DAY_SECONDS;
		deadline(g, &k, g->now + num(col(&t, row, "deadline_days")) * DAY_SECONDS);
		if (strcmp(open_to, "all") == 0) {
			k.open_to = "all";
		} else {
			k.open_to = "regions";
			k.nregions = split(g->c->a, open_to, '|', regions, 4);
			k.regions = (const char **)regions;
		}
		nr = split(g->c->a, col(&t, row, "responses"), '|', parts, 8);
		for (size_t j = 0; j < nr; j++) {
			char *m[4], *colon = strchr(parts[j], ':');
			if (colon)
				*colon++ = '\0';
			if (!(rs[j].lead = key_org(g, parts[j])))
				goto out;
			n = colon ? split(g->c->a, colon, ',', m, 4) : 0;
			for (size_t x = 0; x < n; x++)
				if (!(rs[j].members[rs[j].nmembers++] = key_org(g, m[x])))
					goto out;
		}
		if (save_challenge(g, &k, rs, nr, *sel ? (int)num(sel) : -1,
				   k.deadline_at + 10 * DAY_SECONDS) < 0)
			goto out;
	}
	rc = 0;
out:
	demo_tsv_free(&t);
	return rc;
}

static int generated_challenges(struct gen *g, double scale)
{
	for (int64_t y = g->year - YEARS + 1; y <= g->year; y++) {
		int64_t n = llround(CHALLENGES_PER_YEAR * scale * (0.82 + 0.06 * (double)(y - g->year + YEARS - 1)));
		int64_t from = cst_year_start(y), to = y == g->year ? g->now - DAY_SECONDS : cst_year_start(y + 1);
		for (int64_t i = 0; i < n && to > from; i++) {
			const struct org *poster = pick(g, g->ent_w, g->ent_total, 0);
			size_t t = rng_below(&g->r, sizeof topics / sizeof topics[0]), nr;
			const char *topic = topics[t].topics[rng_below(&g->r, 3)];
			struct challenge k = { 0 };
			struct response_plan rs[4];
			const char **regions = arena_zalloc(g->c->a, 2 * sizeof *regions);
			int selected = -1;
			int64_t decided;

			if (!poster || !regions)
				return derr_set(g->e, DERR_INTERNAL, "internal", NULL, "out of memory");
			memset(rs, 0, sizeof rs);
			k.title = arena_printf(g->c->a, challenge_patterns[rng_below(&g->r, 4)], topic);
			k.statement = arena_printf(g->c->a, "%s在%s方面遇到制约产品升级的关键技术难题，现有方案依赖进口、"
						   "成本高。征集长三角科研团队联合攻关，形成可工程化的技术方案。",
						   poster->name_zh, topic);
			k.indicators = "关键性能指标达到国际同类产品水平；完成样品试制与用户验证；形成自主知识产权";
			k.field = topics[t].field;
			k.budget_cny = wan(1e6 + 8e6 * rng_unit(&g->r));
			k.ip_terms = rng_below(&g->r, 2) ? "shared" : "negotiated";
			k.anonymous = rng_below(&g->r, 5) == 0;
			k.poster_org_id = poster->id;
			k.region_code = poster->region_code;
			k.open_to = "all";
			if (rng_below(&g->r, 100) < 15) {
				k.open_to = "regions";
				regions[0] = poster->region_code;
				regions[1] = g->regions[rng_below(&g->r, g->nregions)].code;
				k.regions = regions;
				k.nregions = strcmp(regions[0], regions[1]) ? 2 : 1;
			}
			k.published_at = from + (int64_t)rng_below(&g->r, (size_t)((to - from) / 3600)) * 3600;
			k.created_at = k.published_at - 3 * DAY_SECONDS;
			deadline(g, &k, k.published_at + (30 + (int64_t)rng_below(&g->r, 60)) * DAY_SECONDS);
			decided = k.deadline_at + (10 + (int64_t)rng_below(&g->r, 30)) * DAY_SECONDS;
			nr = 1 + rng_below(&g->r, 4);
			if (k.deadline_at > g->now) {
				k.state = "published";
				nr = rng_below(&g->r, 3);
			} else if (decided < g->now && rng_below(&g->r, 100) < 65) {
				k.state = "selected";
				selected = (int)rng_below(&g->r, nr);
			} else {
				k.state = "closed";
				nr = rng_below(&g->r, 3);
				decided = k.deadline_at + DAY_SECONDS;
			}
			for (size_t j = 0; j < nr; j++) {
				const struct org *lead = pick(g, g->lead_w, g->lead_total, poster->id);
				for (int tries = 0; lead && tries < 50 &&
				     strcmp(k.open_to, "regions") == 0 &&
				     strcmp(lead->region_code, regions[0]) && strcmp(lead->region_code, regions[1]);
				     tries++)
					lead = pick(g, g->lead_w, g->lead_total, poster->id);
				rs[j].lead = lead ? lead->id : 0;
				for (size_t x = 0; x < j; x++)
					if (rs[x].lead == rs[j].lead)
						rs[j].lead = 0;   /* once per organisation */
				if (!rs[j].lead) {
					nr = j;
					break;
				}
				for (size_t m = 0; m < 1 + rng_below(&g->r, 3); m++) {
					const struct org *o = pick(g, g->lead_w, g->lead_total, lead->id);
					if (o && o->id != poster->id && o->id != lead->id)
						rs[j].members[rs[j].nmembers++] = o->id;
				}
			}
			if (selected >= (int)nr)
				selected = nr ? 0 : -1;
			if (selected < 0 && strcmp(k.state, "selected") == 0) {
				k.state = "closed";
				decided = k.deadline_at + DAY_SECONDS;
			}
			if (save_challenge(g, &k, rs, nr, selected, decided) < 0)
				return -1;
		}
	}
	/* a few waiting for review this year */
	for (int64_t i = 0; i < llround(scale); i++) {
		const struct org *poster = pick(g, g->ent_w, g->ent_total, 0);
		size_t t = rng_below(&g->r, sizeof topics / sizeof topics[0]);
		struct challenge k = { 0 };
		if (!poster)
			break;
		k.title = arena_printf(g->c->a, challenge_patterns[0], topics[t].topics[rng_below(&g->r, 3)]);
		k.statement = arena_printf(g->c->a, "%s征集%s方向的联合攻关团队。", poster->name_zh,
					   topics[t].topics[0]);
		k.indicators = "达到国际同类产品水平";
		k.field = topics[t].field;
		k.budget_cny = wan(1e6 + 5e6 * rng_unit(&g->r));
		k.ip_terms = "negotiated";
		k.poster_org_id = poster->id;
		k.region_code = poster->region_code;
		k.open_to = "all";
		k.state = "submitted";
		k.created_at = g->now - DAY_SECONDS;
		deadline(g, &k, g->now + 60 * DAY_SECONDS);
		if (save_challenge(g, &k, NULL, 0, -1, 0) < 0)
			return -1;
	}
	return 0;
}

/* ---- accounts and the whole ------------------------------------------------------- */

static int accounts(struct gen *g, const char *password)
{
	static const struct { const char *name, *key, *display; } accts[] = {
		{ "jsgan-admin", "jsgan", "江苏第三代半导体研究院管理员" },
		{ "zttc-admin", "zttc", "中天科技管理员" },
	};
	char hash[128];
	int rc;
	if (!password)
		return 0;
	if (auth_hash(password, hash) < 0)
		return derr_set(g->e, DERR_INTERNAL, "internal", NULL, "cannot hash the password");
	for (size_t i = 0; i < sizeof accts / sizeof accts[0]; i++) {
		struct account a = { 0 }, have;
		if (store_account_by_name(g->c->db, g->c->a, accts[i].name, &have, NULL) == 0)
			continue;
		a.username = accts[i].name;
		a.display_name = accts[i].display;
		a.role = "org_admin";
		if (!(a.org_id = key_org(g, accts[i].key)))
			return -1;
		if ((rc = store_account_insert(g->c->db, &a, hash, NULL)) < 0)
			return derr_store(g->e, rc, "adding a demo account");
		g->out->accounts++;
	}
	return 0;
}

int demo_projects(struct ctx *c, double scale, uint64_t seed, const char *dir, int64_t now,
		  const char *password,
		  void (*progress)(void *arg, const char *what, int64_t done, int64_t total),
		  void *arg, struct demo_project_result *out, struct derr *e)
{
	struct org_filter of = { .limit = 10000000 };
	struct gen g;
	int64_t total;
	int rc = -1;

	memset(&g, 0, sizeof g);
	memset(out, 0, sizeof *out);
	g.c = c;
	g.e = e;
	g.out = out;
	g.r.s = seed ^ 0x9F0E1EC7D15EA5E5ull;
	g.now = now;
	g.year = cst_year(now);
	if (store_org_list(c->db, c->a, &of, &g.orgs, &g.norgs, &total) < 0 ||
	    store_region_list(c->db, c->a, 0, &g.regions, &g.nregions) < 0)
		return derr_store(e, DB_ERR, "reading the community");
	if (!g.norgs || !g.nregions)
		return derr_set(e, DERR_INVALID, "invalid", "demo", "the community has no organisations");
	g.lead_w = calloc(g.norgs, sizeof *g.lead_w);
	g.ent_w = calloc(g.norgs, sizeof *g.ent_w);
	if (!g.lead_w || !g.ent_w) {
		derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < g.norgs; i++) {
		const char *k = g.orgs[i].kind;
		g.lead_w[i] = !strcmp(k, "university") || !strcmp(k, "institute") ? 4 :
			      !strcmp(k, "enterprise") ? 3 : !strcmp(k, "government") ? 0 : 2;
		g.ent_w[i] = !strcmp(k, "enterprise");
		g.lead_total += g.lead_w[i];
		g.ent_total += g.ent_w[i];
	}
	if (demo_tsv_load(&g.keys, dir, "orgs.tsv", e) < 0)
		goto out;
	if ((rc = store_begin(c->db)) < 0) {
		derr_store(e, rc, "adding the demo's projects");
		rc = -1;
		goto out;
	}
	rc = -1;
	if (progress)
		progress(arg, "joint research", 0, 1);
	if (real_consortia(&g, dir) < 0 || generated_consortia(&g, llround(CONSORTIA * scale)) < 0 ||
	    real_projects(&g, dir) < 0 || generated_projects(&g, scale) < 0 ||
	    real_challenges(&g, dir) < 0 || generated_challenges(&g, scale) < 0 ||
	    accounts(&g, password) < 0) {
		store_rollback(c->db);
		goto out;
	}
	if ((rc = store_commit(c->db)) < 0) {
		derr_store(e, rc, "adding the demo's projects");
		rc = -1;
		goto out;
	}
	overlap_after_commit(c);
	if (progress)
		progress(arg, "joint research", 1, 1);
	rc = 0;
out:
	free(g.lead_w);
	free(g.ent_w);
	demo_tsv_free(&g.keys);
	return rc;
}
