/*
 * challenge_match.c — what fits a challenge: experts through the talent
 * pool's expert finding (domain/expert_match.h), shared instruments
 * through the catalogue's full-text search (domain/instrument.h), and the
 * organisations that own them.  See challenge_recommend() in challenge.h.
 *
 * The catalogue's query language ANDs its words, and a problem statement
 * has dozens, so the instrument query is made of the statement's words
 * instead: the text is cut into dictionary words (the shared tokenizer's
 * TOK_WORDS mode), the words of the title and the most frequent others
 * are kept (at most RECO_WORDS) and asked for as "w1" OR "w2" ..., which
 * BM25 ranks by how many and how rare the matched words are.
 */
#include <stdlib.h>
#include <string.h>
#include "core/utf8.h"
#include "domain/challenge.h"
#include "domain/expert.h"
#include "domain/instrument.h"
#include "domain/joint.h"
#include "text/tokenize.h"
#include "core/banned.h"

#define RECO_WORDS 8
#define RECO_SEEN 256

struct word {
	const char *w;
	size_t len;
	int count, in_title;
};

struct words {
	struct arena *a;
	struct word w[RECO_SEEN];
	size_t n;
	int title;              /* tokenizing the title now */
};

/* Words every challenge uses, which say nothing about its subject. */
static const char *const generic[] = {
	"技术", "先进", "关键", "研究", "开发", "研发", "团队", "征集", "攻关", "方案", "实现",
	"形成", "需求", "面向", "现有", "企业", "产品", "要求", "问题", "相关", "能力", "应用",
	"提升", "达到", "完成", "工艺", "指标", "目标", "国产化", "依赖", "进口", "成本",
};

static int word_cb(void *arg, const struct tok *t)
{
	struct words *ws = arg;
	size_t chars = utf8_chars(t->text, t->len);
	int cjk = (unsigned char)t->text[0] >= 0x80;
	/* single characters and short Latin words say little about a subject */
	if ((cjk && chars < 2) || (!cjk && chars < 3) || t->len > 60)
		return 0;
	for (size_t i = 0; i < sizeof generic / sizeof generic[0]; i++)
		if (strlen(generic[i]) == t->len && memcmp(generic[i], t->text, t->len) == 0)
			return 0;
	for (size_t i = 0; i < ws->n; i++)
		if (ws->w[i].len == t->len && memcmp(ws->w[i].w, t->text, t->len) == 0) {
			ws->w[i].count++;
			ws->w[i].in_title |= ws->title;
			return 0;
		}
	if (ws->n == RECO_SEEN)
		return 0;
	if (!(ws->w[ws->n].w = arena_strndup(ws->a, t->text, t->len)))
		return -1;
	ws->w[ws->n].len = t->len;
	ws->w[ws->n].count = 1;
	ws->w[ws->n].in_title = ws->title;
	ws->n++;
	return 0;
}

static int by_weight(const void *a, const void *b)
{
	const struct word *x = a, *y = b;
	int wx = x->count + (x->in_title ? 4 : 0), wy = y->count + (y->in_title ? 4 : 0);
	if (wx != wy)
		return wy - wx;
	return (int)y->len - (int)x->len;
}

/* The instrument query for the challenge's words, or NULL. */
static const char *instrument_query(struct ctx *c, const struct challenge *k)
{
	struct words *ws = arena_zalloc(c->a, sizeof *ws);
	const char *parts[3] = { k->title, k->indicators, k->statement };
	char *q = NULL;

	if (!ws || !c->tk)
		return NULL;
	ws->a = c->a;
	for (int i = 0; i < 3; i++) {
		ws->title = i == 0;
		if (parts[i] && tokenizer_run(c->tk, TOK_WORDS, parts[i], strlen(parts[i]),
					      word_cb, ws) < 0)
			return NULL;
	}
	if (!ws->n)
		return NULL;
	qsort(ws->w, ws->n, sizeof ws->w[0], by_weight);
	for (size_t i = 0; i < ws->n && i < RECO_WORDS; i++)
		q = q ? arena_printf(c->a, "%s OR \"%s\"", q, ws->w[i].w)
		      : arena_printf(c->a, "\"%s\"", ws->w[i].w);
	return q;
}

static struct reco_org *org_slot(struct challenge_reco *r, struct reco_org *orgs, size_t max,
				 int64_t id)
{
	for (size_t i = 0; i < r->norgs; i++)
		if (orgs[i].org_id == id)
			return &orgs[i];
	if (r->norgs == max)
		return NULL;
	orgs[r->norgs].org_id = id;
	return &orgs[r->norgs++];
}

static int by_score(const void *a, const void *b)
{
	const struct reco_org *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return x->org_id < y->org_id ? -1 : x->org_id > y->org_id;
}

int challenge_recommend(struct ctx *c, const struct challenge *k, size_t limit,
			struct challenge_reco *out, struct derr *e)
{
	struct match_query mq = { 0 };
	struct derr me = { 0 };
	struct reco_org *orgs;
	size_t max_orgs, kept = 0;
	double top = 0;

	memset(out, 0, sizeof *out);
	if (limit < 1 || limit > 20)
		return derr_set(e, DERR_INVALID, "out_of_range", "limit", "limit must be between 1 and 20");

	/* experts: more are asked for when other regions' will be left out */
	mq.text = joint_cut(c->a, arena_printf(c->a, "%s\n%s\n%s", k->title, k->indicators,
					       k->statement), MATCH_MAX_CHARS);
	mq.exclude_orgs = &k->poster_org_id;
	mq.nexclude_orgs = 1;
	mq.limit = (int64_t)(strcmp(k->open_to, "regions") == 0 ? limit * 4 : limit);
	if (!mq.text || expert_match(c, &mq, &out->experts, &me) < 0) {
		if (me.kind == DERR_BUSY)
			return derr_set(e, DERR_BUSY, "busy", NULL, "%s", me.message);
		memset(&out->experts, 0, sizeof out->experts);
		out->experts_note = arena_strdup(c->a, me.kind ? me.message : "out of memory");
	} else {
		out->experts_available = 1;
		for (size_t i = 0; i < out->experts.n; i++) {
			int named = strcmp(k->open_to, "regions") != 0;
			for (size_t j = 0; !named && j < k->nregions; j++)
				named = out->experts.hits[i].x.region_code &&
					strcmp(out->experts.hits[i].x.region_code, k->regions[j]) == 0;
			if (named && kept < limit)
				out->experts.hits[kept++] = out->experts.hits[i];
		}
		out->experts.n = kept;
	}

	/* instruments */
	if ((out->instrument_query = instrument_query(c, k))) {
		struct instrument_query iq = INSTRUMENT_QUERY_INIT;
		struct instrument_page page;
		iq.q = out->instrument_query;
		iq.per_page = (int64_t)limit;
		if (instrument_list(c, &iq, &page, e) < 0)
			return -1;
		out->instruments = page.items;
		out->ninstruments = page.n;
	}

	/* organisations: the owners of both, the poster left out */
	max_orgs = out->experts.n + out->ninstruments;
	if (!max_orgs)
		return 0;
	if (!(orgs = arena_zalloc(c->a, max_orgs * sizeof *orgs)))
		return derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
	for (size_t i = 0; i < out->experts.n; i++)
		if (out->experts.hits[i].score > top)
			top = out->experts.hits[i].score;
	for (size_t i = 0; i < out->experts.n; i++) {
		const struct expert *x = &out->experts.hits[i].x;
		struct reco_org *o = org_slot(out, orgs, max_orgs, x->org_id);
		if (!o)
			continue;
		o->name_zh = x->org_zh;
		o->name_en = x->org_en;
		o->region_code = x->region_code;
		o->region_zh = x->region_zh;
		o->region_en = x->region_en;
		o->experts++;
		o->score += top > 0 ? out->experts.hits[i].score / top : 1;
	}
	for (size_t i = 0; i < out->ninstruments; i++) {
		const struct instrument *in = &out->instruments[i];
		struct reco_org *o;
		if (in->org_id == k->poster_org_id || !(o = org_slot(out, orgs, max_orgs, in->org_id)))
			continue;
		o->name_zh = in->org_zh;
		o->name_en = in->org_en;
		o->region_code = in->region_code;
		o->region_zh = in->region_zh;
		o->region_en = in->region_en;
		o->instruments++;
		o->score += 0.5;
	}
	qsort(orgs, out->norgs, sizeof *orgs, by_score);
	if (out->norgs > limit)
		out->norgs = limit;
	out->orgs = orgs;
	return 0;
}

json_t *challenge_reco_json(const struct challenge_reco *r)
{
	json_t *experts = json_array(), *instruments = json_array(), *orgs = json_array();
	for (size_t i = 0; i < r->experts.n; i++) {
		const struct match_hit *h = &r->experts.hits[i];
		json_t *kw = json_array();
		for (size_t k = 0; k < h->why.nkeywords; k++)
			json_array_append_new(kw, json_string(h->why.keywords[k]));
		json_array_append_new(experts, json_pack("{s:o, s:f, s:o}", "expert",
			expert_json(&h->x, 0), "score", h->score, "keywords", kw));
	}
	for (size_t i = 0; i < r->ninstruments; i++)
		json_array_append_new(instruments, instrument_json(&r->instruments[i]));
	for (size_t i = 0; i < r->norgs; i++) {
		const struct reco_org *o = &r->orgs[i];
		json_array_append_new(orgs, json_pack("{s:I, s:s?, s:s?, s:s?, s:s?, s:s?, s:I, s:I, s:f}",
			"org_id", (json_int_t)o->org_id, "name_zh", o->name_zh, "name_en", o->name_en,
			"region", o->region_code, "region_zh", o->region_zh, "region_en", o->region_en,
			"experts", (json_int_t)o->experts, "instruments", (json_int_t)o->instruments,
			"score", o->score));
	}
	return json_pack("{s:b, s:s?, s:o, s:s?, s:o, s:o}",
		"experts_available", r->experts_available, "experts_note", r->experts_note,
		"experts", experts, "instrument_query", r->instrument_query,
		"instruments", instruments, "organisations", orgs);
}
