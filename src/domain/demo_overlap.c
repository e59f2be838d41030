/*
 * demo_overlap.c — the demo's consultation rounds.  See demo_overlap.h.
 *
 * The history goes straight to the store in batches (closed rounds need
 * no report: nobody compared them); the open round goes through the
 * domain, as coordinators would submit it, so its report is computed the
 * way a real one is.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/buf.h"
#include "core/rng.h"
#include "core/util.h"
#include "domain/demo_data.h"
#include "domain/demo_overlap.h"
#include "domain/industry.h"
#include "domain/overlap.h"
#include "domain/overlap_index.h"
#include "domain/round.h"
#include "store/overlap.h"
#include "store/store.h"
#include "core/banned.h"

#define BATCH 2000
#define WORDS_SAMPLE 1000     /* history items given word vectors, for the IDF */

/* ---- generated guide items --------------------------------------------- */

struct topic {
	const char *field, *name;
	char *kw[8], *app[3];
	size_t nkw, napp;
};

static const char *const openers[] = {
	"针对{A}对{T}的迫切需求，开展{K}与{K}关键技术研究。",
	"面向{A}领域的重大需求，围绕{T}的{K}问题开展系统研究。",
	"为解决{T}在{A}中{K}不足的问题，研究{K}的新方法。",
	"聚焦{T}的自主可控，开展{K}、{K}等核心环节的攻关。",
};

static const char *const bodies[] = {
	"重点突破{K}、{K}和{K}等关键技术，解决{K}难题。",
	"研究{K}的形成机理与调控方法，提升{K}水平。",
	"建立{T}的{K}评价与验证平台，开展与{A}用户的联合验证。",
	"开发面向{A}的{K}系统，实现{K}与{K}的协同优化。",
	"构建{K}数据集和{K}评测基准，形成可推广的技术规范。",
	"攻克{K}过程中的{K}控制技术，提高产品一致性和可靠性。",
	"突破{K}与{K}的集成技术，研制具有自主知识产权的{T}样机。",
	"开展{K}的长期稳定性研究，建立寿命预测模型。",
	"形成{T}的规模化制备能力，在{A}领域开展示范应用。",
	"研究{K}对{K}的影响规律，提出优化设计方法。",
	"建设{T}中试线，完成{K}工艺的工程化验证。",
	"编制{T}的{K}测试规范，推动形成团体标准。",
};

static const char *const goals[] = {
	"{K}指标达到国际先进水平", "{K}提升{N}%以上", "完成不少于{N}家用户单位的应用验证",
	"申请发明专利不少于{N}项", "形成行业或团体标准{N}项", "建成示范工程{N}个",
	"{K}成本降低{N}%以上", "培养研究生不少于{N}名",
};

static const char *const titles[] = {
	"{T}关键技术研究", "{T}{K}技术攻关与示范应用", "面向{A}的{T}研发",
	"{T}{K}与{K}研究", "{T}工程化与产业化",
};

/* Appends template t with its slots filled. */
static void fill(struct buf *b, struct rng *r, const struct topic *tp, const char *t)
{
	for (const char *p = t; *p; p++) {
		if (p[0] == '{' && p[1] && p[2] == '}') {
			switch (p[1]) {
			case 'T': buf_adds(b, tp->name); break;
			case 'K': buf_adds(b, tp->kw[rng_below(r, tp->nkw)]); break;
			case 'A': buf_adds(b, tp->app[rng_below(r, tp->napp)]); break;
			case 'N': buf_addf(b, "%d", 2 + (int)rng_below(r, 29)); break;
			}
			p += 2;
			continue;
		}
		buf_addch(b, *p);
	}
}

static void gen_item(struct rng *r, const struct topic *tp, struct buf *title, struct buf *content,
		     struct buf *ind)
{
	size_t nb = 3 + rng_below(r, 4), ng = 3 + rng_below(r, 2);
	unsigned used = 0;
	buf_reset(title);
	buf_reset(content);
	buf_reset(ind);
	fill(title, r, tp, titles[rng_below(r, ARRAY_SIZE(titles))]);
	fill(content, r, tp, openers[rng_below(r, ARRAY_SIZE(openers))]);
	for (size_t i = 0; i < nb; i++) {
		size_t k = rng_below(r, ARRAY_SIZE(bodies));
		if (used & (1u << k))
			continue;
		used |= 1u << k;
		fill(content, r, tp, bodies[k]);
	}
	used = 0;
	for (size_t i = 0; i < ng; i++) {
		size_t k = rng_below(r, ARRAY_SIZE(goals));
		if (used & (1u << k))
			continue;
		used |= 1u << k;
		if (ind->len)
			buf_adds(ind, "；");
		fill(ind, r, tp, goals[k]);
	}
	buf_adds(ind, "。");
}

/* A variant of content: its sentences rotated and a word inserted. */
static void variant(struct rng *r, const char *src, struct buf *out)
{
	const char *mid = strstr(src, "。");
	buf_reset(out);
	if (mid && mid[3]) {
		buf_adds(out, mid + 3);
		buf_add(out, src, (size_t)(mid + 3 - src));
	} else {
		buf_adds(out, src);
	}
	if (rng_below(r, 2))
		buf_adds(out, "同时加强成果转化和人才培养。");
}

/* ---- the history --------------------------------------------------------- */

static const char *const regions[4] = { "310000", "320000", "330000", "340000" };
static const int region_w[4] = { 30, 30, 25, 15 };

static const char *pick_region(struct rng *r)
{
	int x = (int)rng_below(r, 100);
	for (int i = 0; i < 4; i++) {
		if (x < region_w[i])
			return regions[i];
		x -= region_w[i];
	}
	return regions[0];
}

/* Stores one funded item of a closed round with its history document. */
static int put_history(struct ctx *c, int64_t round, int64_t year, const char *region,
		       const char *field, const char *title, const char *content,
		       const char *ind, int with_words, struct derr *e)
{
	struct guide_item it;
	struct overlap_doc d;
	struct ovq q;
	unsigned char *s = NULL, *w = NULL;
	size_t ns = 0, nw = 0;
	int64_t id, doc;
	int rc;

	memset(&it, 0, sizeof it);
	it.round_id = round;
	it.region_code = region;
	it.field = field;
	it.title = title;
	it.content = content;
	it.indicators = ind;
	it.budget_wan = 500 + 100 * (int64_t)(strlen(content) % 40);
	it.state = "funded";
	if ((rc = store_item_insert(c->db, &it, &id)) < 0)
		return derr_store(e, rc, "adding the history");
	if (ovq_prepare(&q, title, content, ind, e) < 0)
		return -1;
	rc = -1;
	if ((with_words && ovq_words(c, &q, e) < 0))
		goto out;
	if (ov_sketch_encode(&q.sketch, &s, &ns) < 0 ||
	    (with_words && tfidf_vec_encode(&q.words, &w, &nw) < 0)) {
		derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		goto out;
	}
	memset(&d, 0, sizeof d);
	d.kind = "guide_item";
	d.ref_id = id;
	d.status = "history";
	d.title = title;
	d.content = content;
	d.indicators = ind;
	d.field = field;
	d.region_code = region;
	d.year = year;
	d.sketch = s;
	d.sketch_len = ns;
	d.words = w;
	d.words_len = nw;
	if ((rc = store_doc_put(c->db, &d, &doc)) < 0)
		derr_store(e, rc, "adding the history");
out:
	free(s);
	free(w);
	ovq_release(&q);
	return rc < 0 ? -1 : 0;
}

static int closed_round(struct ctx *c, int64_t year, int64_t *id, struct derr *e)
{
	struct overlap_round r;
	char title[128];
	int rc;
	memset(&r, 0, sizeof r);
	snprintf(title, sizeof title, "%lld年度长三角联合攻关项目指南", (long long)year);
	r.year = year;
	r.title = title;
	r.fields = "ic,ai,biomed,energy,materials,equipment,quantum,nev,ocean,environment,"
		   "agriculture,industrial_internet,aerospace,semiconductor,medical_devices,networks";
	r.suspect = OVERLAP_SUSPECT;
	r.duplicate = OVERLAP_DUPLICATE;
	r.related = OVERLAP_RELATED;
	if ((rc = store_round_insert(c->db, &r, id)) < 0 ||
	    (rc = store_round_close(c->db, *id, now_unix())) != 0)
		return derr_store(e, rc < 0 ? rc : DB_ERR, "adding a past round");
	return 0;
}

/* ---- the open round ----------------------------------------------------- */

struct pair_row {
	char *label, *kind, *lang, *field, *a[3], *b[3];
};

static int seen(char **used, size_t n, const char *t)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(used[i], t) == 0)
			return 1;
	return 0;
}

/* Submits one item as the coordinator of region. */
static int submit(struct ctx *c, int64_t round, const char *region, const char *field,
		  char *const *t, struct derr *e)
{
	static const char *const users[4] = { "coord-sh", "coord-js", "coord-zj", "coord-ah" };
	struct account acc;
	json_t *in;
	int64_t id;
	int rc, k;

	for (k = 0; k < 4 && strcmp(regions[k], region) != 0; k++)
		;
	rc = store_account_by_name(c->db, c->a, users[k % 4], &acc, NULL);
	c->user = rc == 0 ? &acc : NULL;
	in = json_pack("{s:s, s:s, s:s, s:s, s:I}", "region", region, "field", field, "title", t[0],
		       "content", t[1], "budget_wan", (json_int_t)(800 + 200 * (int64_t)(strlen(t[1]) % 20)));
	if (in && t[2][0])
		json_object_set_new(in, "indicators", json_string(t[2]));
	rc = in ? item_create(c, round, in, &id, e) : derr_set(e, DERR_INTERNAL, "internal", NULL,
								 "out of memory");
	json_decref(in);
	c->user = NULL;
	return rc;
}

static int open_round(struct ctx *c, const char *dir, int64_t history_round,
		      struct demo_overlap_result *out, struct derr *e)
{
	struct demo_tsv l;
	struct pair_row *rows = NULL;
	char *used[256], *repeat = NULL;
	size_t nused = 0, nrows = 0;
	int dup = 0, sus = 0, hist = 0, rel = 0, n = 0, rc = -1;
	int64_t round;
	json_t *in;

	if (demo_tsv_load(&l, dir, "../overlap/pairs.tsv", e) < 0)
		return -1;
	if (l.ncols != 11) {
		derr_set(e, DERR_INTERNAL, "internal", NULL, "%s: 11 columns expected", l.name);
		goto out;
	}
	rows = calloc(l.nrows + 1, sizeof *rows);
	repeat = calloc(l.nrows + 1, 1);
	if (!rows || !repeat) {
		derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < l.nrows; i++) {
		char **col = l.rows[i];
		rows[nrows++] = (struct pair_row){ col[1], col[2], col[3], col[4],
			{ col[5], col[6], col[7] }, { col[8], col[9], col[10] } };
	}
	/* the history items the round will repeat, first */
	if (store_begin(c->db) < 0) {
		derr_set(e, DERR_BUSY, "busy", NULL, "the store is busy");
		goto out;
	}
	for (size_t i = 0; i < nrows && hist < 3; i++) {
		struct pair_row *p = &rows[i];
		if (strcmp(p->lang, "zh") != 0 || strcmp(p->label, "different") == 0 ||
		    (strcmp(p->kind, "reorder") != 0 && strcmp(p->kind, "paraphrase") != 0) ||
		    seen(used, nused, p->a[0]) || seen(used, nused, p->b[0]))
			continue;
		if (put_history(c, history_round, 2024, regions[(hist + 2) % 4], p->field, p->b[0],
				p->b[1], p->b[2], 1, e) < 0) {
			store_rollback(c->db);
			goto out;
		}
		used[nused++] = p->a[0];
		used[nused++] = p->b[0];
		repeat[i] = 1;
		hist++;
	}
	if (store_commit(c->db) < 0) {
		derr_set(e, DERR_BUSY, "busy", NULL, "cannot commit the history");
		goto out;
	}
	overlap_after_commit(c);
	in = json_loads("{\"year\":2025,\"title\":\"2025年度长三角科技创新共同体联合攻关指南（会商稿）\","
			"\"fields\":[\"ic\",\"ai\",\"biomed\",\"energy\",\"materials\",\"equipment\","
			"\"quantum\",\"nev\",\"ocean\",\"environment\",\"agriculture\","
			"\"industrial_internet\"]}", 0, NULL);
	rc = in ? round_create(c, in, &round, e) : -1;
	json_decref(in);
	if (rc < 0)
		goto out;
	rc = -1;
	/* cross-region pairs: both sides, from two regions; the history
	 * repeats: the a side alone */
	for (size_t i = 0; i < nrows; i++) {
		struct pair_row *p = &rows[i];
		if (repeat[i]) {
			if (submit(c, round, regions[n % 4], p->field, p->a, e) < 0)
				goto out;
			n++;
			continue;
		}
		int *count = strcmp(p->label, "duplicate") == 0 ? &dup
			   : strcmp(p->label, "suspected") == 0 ? &sus
			   : strcmp(p->kind, "same_field") == 0 ? &rel : NULL;
		if (!count || *count >= 6 || seen(used, nused, p->a[0]) ||
		    seen(used, nused, p->b[0]) || nused + 2 > ARRAY_SIZE(used))
			continue;
		(*count)++;
		used[nused++] = p->a[0];
		used[nused++] = p->b[0];
		if (submit(c, round, regions[n % 4], p->field, p->a, e) < 0 ||
		    submit(c, round, regions[(n + 1) % 4], p->field, p->b, e) < 0)
			goto out;
		n += 2;
	}
	out->items += n;
	out->rounds++;
	/* one decision already taken, to show how it reads */
	{
		struct overlap_pair *pairs;
		size_t np;
		if (store_pair_list(c->db, c->a, round, "round", "suspected", 0, &pairs, &np) == 0 && np) {
			json_t *d = json_pack("{s:s, s:s}", "decision", "keep", "reason",
					      "两地技术路线不同，分别承担材料与工艺验证，保留并加强协同。");
			int dr = pair_decide(c, pairs[0].id, d, e);
			json_decref(d);
			if (dr < 0)
				goto out;
		}
		if (store_pair_list(c->db, c->a, round, NULL, NULL, 0, &pairs, &np) == 0)
			out->pairs = (int64_t)np;
	}
	rc = 0;
out:
	free(rows);
	free(repeat);
	demo_tsv_free(&l);
	return rc;
}

/* ---- the whole ---------------------------------------------------------- */

int demo_overlap(struct ctx *c, double scale, uint64_t seed, const char *dir,
		 void (*progress)(void *arg, const char *what, int64_t done, int64_t total),
		 void *arg, struct demo_overlap_result *out, struct derr *e)
{
	struct demo_tsv tl = { 0 };
	struct topic *topics = NULL;
	struct buf title = BUF_INIT, content = BUF_INIT, ind = BUF_INIT, var = BUF_INIT;
	struct rng r = { seed ^ 0x6f7665726c6170ull };
	struct arena scratch = ARENA_INIT, *caller_arena = c->a;
	int64_t total = (int64_t)llround(20000.0 * scale), done = 0, round[4];
	size_t nt = 0;
	int in_txn = 0, rc = -1;

	memset(out, 0, sizeof *out);
	if (demo_tsv_load(&tl, dir, "../overlap/demo_topics.tsv", e) < 0)
		return -1;
	if (tl.ncols != 4) {
		derr_set(e, DERR_INTERNAL, "internal", NULL, "%s: 4 columns expected", tl.name);
		goto out;
	}
	if (!(topics = calloc(tl.nrows + 1, sizeof *topics))) {
		derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < tl.nrows; i++) {
		char **col = tl.rows[i];
		struct topic *t = &topics[nt];
		if (!industry_find(col[0]))
			continue;
		t->field = industry_find(col[0])->key;
		t->name = col[1];
		t->nkw = demo_split(col[2], '|', t->kw, 8);
		t->napp = demo_split(col[3], '|', t->app, 3);
		nt++;
	}
	if (!nt) {
		derr_set(e, DERR_INTERNAL, "internal", NULL, "%s holds no topics", tl.name);
		goto out;
	}
	if (store_begin(c->db) < 0) {
		derr_set(e, DERR_BUSY, "busy", NULL, "the store is busy");
		goto out;
	}
	in_txn = 1;
	c->a = &scratch;   /* each item's strings, freed as it goes */
	for (int y = 0; y < 4; y++)
		if (closed_round(c, 2021 + y, &round[y], e) < 0)
			goto out;
	out->rounds = 4;
	for (int64_t i = 0; i < total; i++) {
		const struct topic *tp = &topics[rng_below(&r, nt)];
		int y = (int)(i * 4 / (total ? total : 1));
		const char *region = pick_region(&r);
		gen_item(&r, tp, &title, &content, &ind);
		if (put_history(c, round[y], 2021 + y, region, tp->field, title.s, content.s, ind.s,
				i < WORDS_SAMPLE, e) < 0)
			goto out;
		out->history++;
		/* about 3 %: another region repeats it with small changes */
		if (rng_below(&r, 100) < 3) {
			const char *other = regions[(size_t)(region - regions[0]) % 4 == 0 ? 1 : 0];
			for (int k = 0; k < 4; k++)
				if (strcmp(regions[k], region) != 0 && rng_below(&r, 2)) {
					other = regions[k];
					break;
				}
			variant(&r, content.s, &var);
			if (put_history(c, round[y], 2021 + y, other, tp->field, title.s, var.s, ind.s,
					0, e) < 0)
				goto out;
			out->history++;
		}
		if (++done % BATCH == 0) {
			if (store_commit(c->db) < 0 || store_begin(c->db) < 0) {
				in_txn = 0;
				derr_set(e, DERR_BUSY, "busy", NULL, "cannot commit a batch");
				goto out;
			}
			if (progress)
				progress(arg, "guide history", done, total);
		}
		arena_free(&scratch);
	}
	c->a = caller_arena;
	in_txn = 0;
	if (store_commit(c->db) < 0) {
		derr_set(e, DERR_BUSY, "busy", NULL, "cannot commit the history");
		goto out;
	}
	if (progress)
		progress(arg, "guide history", total, total);
	overlap_after_commit(c);
	if (open_round(c, dir, round[3], out, e) < 0)
		goto out;
	rc = 0;
out:
	if (in_txn)
		store_rollback(c->db);
	c->a = caller_arena;
	arena_free(&scratch);
	buf_release(&title);
	buf_release(&content);
	buf_release(&ind);
	buf_release(&var);
	free(topics);
	demo_tsv_free(&tl);
	return rc;
}
