/*
 * demo_expert.c — generating the demo talent pool.  See demo_expert.h.
 *
 * One splitmix64 stream, consumed in a fixed order, makes the same pool
 * for the same seed.  Rows go to the store in batches (no audit: nobody
 * acted).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/buf.h"
#include "core/orcid.h"
#include "core/rng.h"
#include "core/util.h"
#include "domain/auth.h"
#include "domain/demo_data.h"
#include "domain/demo_expert.h"
#include "domain/discipline.h"
#include "store/expert.h"
#include "store/store.h"
#include "core/banned.h"

#define BATCH 2000
#define MAX_KW 24

/* A discipline of expert_topics.tsv with its keywords. */
struct topic {
	const char *code;
	char *zh[MAX_KW], *en[MAX_KW];
	size_t nk;
	size_t *members;          /* generated experts with it as their first */
	size_t nmembers, capmembers;
};

/* ---- generation ----------------------------------------------------------- */

struct gen {
	struct ctx *c;
	struct rng r;
	struct derr *e;
	struct org *orgs;
	size_t norgs;
	size_t *city_first;       /* per city: an organisation with experts */
	size_t ncity_first;
	int64_t *org_w, org_total;
	struct topic *topics;
	size_t ntopics;
	int64_t *topic_w, topic_total;
	const char **surnames, **given;
	int64_t *surname_w, surname_total;
	size_t nsurnames, ngiven;
	int64_t batch;
	/* per generated expert */
	int64_t *ids, *orgs_of;
	size_t *topic_of, *kw_of;
	size_t n;
};

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
	if (!g->batch)
		return 0;
	g->batch = 0;
	return (rc = store_commit(g->c->db)) < 0 ? derr_store(g->e, rc, "committing a batch") : 0;
}

static int fail(struct gen *g, int rc, const char *what)
{
	if (g->batch) {
		store_rollback(g->c->db);
		g->batch = 0;
	}
	return g->e->kind ? -1 : derr_store(g->e, rc, what);
}

static int64_t org_weight(const char *kind)
{
	return strcmp(kind, "university") == 0 ? 10 : strcmp(kind, "institute") == 0 ? 8 :
	       strcmp(kind, "lab") == 0 ? 6 : strcmp(kind, "centre") == 0 ? 4 :
	       strcmp(kind, "enterprise") == 0 ? 3 : 0;
}

static const char *pick_title(struct gen *g, const char *org_kind)
{
	unsigned x = (unsigned)rng_below(&g->r, 1000);
	int firm = strcmp(org_kind, "enterprise") == 0;
	if (x < 4)
		return "academician";
	if (x < 254)
		return firm ? "senior_engineer" : "professor";
	if (x < 554)
		return firm ? "engineer" : "associate";
	if (x < 754)
		return "senior_engineer";
	if (x < 904)
		return "engineer";
	return "other";
}

static int64_t count_for(struct gen *g, const char *title, int64_t top)
{
	int64_t scale = strcmp(title, "academician") == 0 ? 4 : strcmp(title, "professor") == 0 ? 2 :
			strcmp(title, "associate") == 0 ? 1 : 0;
	return (int64_t)rng_below(&g->r, (size_t)(top * (scale + 1) / 3 + 1));
}

static int remember(struct gen *g, int64_t id, int64_t org, size_t topic, size_t kw)
{
	struct topic *t = &g->topics[topic];
	if (t->nmembers == t->capmembers) {
		size_t cap = t->capmembers ? t->capmembers * 2 : 64;
		size_t *m = realloc(t->members, cap * sizeof *m);
		if (!m)
			return -1;
		t->members = m;
		t->capmembers = cap;
	}
	t->members[t->nmembers++] = g->n;
	g->ids[g->n] = id;
	g->orgs_of[g->n] = org;
	g->topic_of[g->n] = topic;
	g->kw_of[g->n] = kw;
	g->n++;
	return 0;
}

/* Adds distinct keywords of topic t, n of them, to the lists. */
static void add_keywords(struct gen *g, const struct topic *t, size_t n, struct buf *zh,
			 struct buf *en, size_t *first)
{
	size_t chosen[MAX_KW], k = 0;
	for (size_t tries = 0; k < n && k < t->nk && tries < 64; tries++) {
		size_t i = rng_below(&g->r, t->nk), j;
		for (j = 0; j < k && chosen[j] != i; j++)
			;
		if (j < k)
			continue;
		chosen[k++] = i;
		if (first && k == 1)
			*first = i;
		buf_addf(zh, "%s%s", zh->len ? "\n" : "", t->zh[i]);
		buf_addf(en, "%s%s", en->len ? "\n" : "", t->en[i]);
	}
}

static int one_expert(struct gen *g, int64_t i, int64_t serial, struct arena *a)
{
	static const char *const bios[] = {
		"%s，%s，现任职于%s。主要从事%s等方向的研究，近年来在%s方面取得系列成果。",
		"%s，%s，%s科研骨干。长期致力于%s研究，承担多项国家和省部级科研项目，重点关注%s。",
		"%s，%s，就职于%s。研究方向包括%s，在%s领域发表论文并获授权发明专利。",
	};
	size_t oi, t1, t2 = (size_t)-1, first = 0;
	struct org *o;
	struct expert x;
	struct buf zh = BUF_INIT, en = BUF_INIT;
	const char *codes[3];
	size_t ncodes = 0, kzh;
	int64_t id = 0;
	int rc = 0;
	char orcid[ORCID_LEN + 1];

	/* the first experts go one to each city that has an organisation */
	oi = rng_weighted(&g->r, g->org_w, g->norgs, g->org_total);
	if ((size_t)i < g->ncity_first)
		oi = g->city_first[i];
	o = &g->orgs[oi];
	t1 = rng_weighted(&g->r, g->topic_w, g->ntopics, g->topic_total);
	{
		unsigned x2 = (unsigned)rng_below(&g->r, 10);
		if (x2 < 3) {
			/* a neighbour under the same first-level discipline */
			for (int tries = 0; tries < 8 && t2 == (size_t)-1; tries++) {
				size_t k = rng_below(&g->r, g->ntopics);
				if (k != t1 && strncmp(g->topics[k].code, g->topics[t1].code, 3) == 0)
					t2 = k;
			}
		} else if (x2 < 5) {
			size_t k = rng_weighted(&g->r, g->topic_w, g->ntopics, g->topic_total);
			if (k != t1)
				t2 = k;
		}
	}
	memset(&x, 0, sizeof x);
	add_keywords(g, &g->topics[t1], 3 + rng_below(&g->r, 4), &zh, &en, &first);
	if (t2 != (size_t)-1)
		add_keywords(g, &g->topics[t2], 1 + rng_below(&g->r, 2), &zh, &en, NULL);
	codes[ncodes++] = g->topics[t1].code;
	if (t2 != (size_t)-1 && strcmp(g->topics[t2].code, g->topics[t1].code) != 0)
		codes[ncodes++] = g->topics[t2].code;
	if (rng_below(&g->r, 5) == 0) {
		/* some are filed under the first level too */
		const struct discipline *d = discipline_find(g->topics[t1].code);
		if (d && d->parent)
			codes[ncodes++] = d->parent;
	}
	x.org_id = o->id;
	x.title = pick_title(g, o->kind);
	x.keywords = arena_strdup(a, zh.s);
	x.keywords_en = arena_strdup(a, en.s);
	x.papers = count_for(g, x.title, 300);
	x.patents = count_for(g, x.title, 40);
	x.projects = count_for(g, x.title, 20);
	x.awards = count_for(g, x.title, 8);
	if (rng_below(&g->r, 10) < 4) {
		char digits[32];
		snprintf(digits, sizeof digits, "00000002%07llu",
			 (unsigned long long)serial % 10000000ull);
		snprintf(orcid, sizeof orcid, "0000-0002-%.4s-%.3s%c", digits + 8, digits + 12,
			 orcid_check_char(digits));
		x.orcid = orcid;
	}
	x.email = arena_printf(a, "expert%lld@demo.yrd-talent.cn", (long long)serial);
	x.phone = arena_printf(a, "1%c%09llu", "3456789"[rng_below(&g->r, 7)],
			       (unsigned long long)(rng_next(&g->r) % 1000000000ull));
	kzh = strcspn(zh.s, "\n");
	for (int tries = 0; tries < 20; tries++) {
		size_t s = rng_weighted(&g->r, g->surname_w, g->nsurnames, g->surname_total);
		x.name = arena_printf(a, "%s%s", g->surnames[s], g->given[rng_below(&g->r, g->ngiven)]);
		x.biography = arena_printf(a, bios[rng_below(&g->r, 3)], x.name,
					   strcmp(x.title, "academician") == 0 ? "中国科学院院士" :
					   strcmp(x.title, "professor") == 0 ? "教授、博士生导师" :
					   strcmp(x.title, "associate") == 0 ? "副研究员" :
					   strcmp(x.title, "senior_engineer") == 0 ? "高级工程师" :
					   strcmp(x.title, "engineer") == 0 ? "工程师" : "研究人员",
					   o->name_zh, arena_strndup(a, zh.s, kzh),
					   discipline_name(g->topics[t1].code, "zh"));
		if ((rc = batch_row(g)) < 0)
			break;
		/* a taken name or iD is looked for first: on PostgreSQL a failed
		 * INSERT would end the batch's transaction */
		if ((id = store_expert_identity(g->c->db, x.name, x.org_id, x.orcid)) == 0 &&
		    x.orcid)
			id = store_expert_by_orcid(g->c->db, x.orcid);
		if (id < 0) {
			rc = (int)id;
			break;
		}
		rc = id > 0 ? DB_CONSTRAINT : store_expert_insert(g->c->db, &x, &id);
		if (rc != DB_CONSTRAINT)
			break;
		if (x.orcid)
			x.orcid = NULL;   /* a repeat of the same person: drop the iD */
	}
	if (rc == 0)
		rc = store_expert_add_disciplines(g->c->db, id, codes, ncodes);
	if (rc == 0 && remember(g, id, o->id, t1, first) < 0)
		rc = derr_set(g->e, DERR_INTERNAL, "internal", NULL, "out of memory");
	buf_release(&zh);
	buf_release(&en);
	return rc < 0 ? fail(g, rc, "adding an expert") : 0;
}

static int projects(struct gen *g, int64_t n,
		    void (*progress)(void *arg, const char *what, int64_t done, int64_t total),
		    void *arg, struct demo_expert_result *out, struct arena *a)
{
	static const char *const patterns[] = {
		"%s关键技术研究", "面向长三角的%s协同攻关", "%s与产业化应用示范",
		"%s重大科技专项", "%s联合实验室建设", "基于%s的关键共性技术研发",
	};
	int rc = 0;
	for (int64_t j = 0; j < n && g->n; j++) {
		size_t lead = rng_below(&g->r, g->n);
		const struct topic *t = &g->topics[g->topic_of[lead]];
		int64_t start = 2014 + (int64_t)rng_below(&g->r, 12), end = start + 2 + (int64_t)rng_below(&g->r, 4);
		const char *title = arena_printf(a, patterns[rng_below(&g->r, 6)], t->zh[g->kw_of[lead]]);
		size_t ncolead = rng_below(&g->r, 3), nmember = 1 + rng_below(&g->r, 4);
		int64_t pid;

		if ((rc = batch_row(g)) < 0 ||
		    (rc = store_project_insert(g->c->db, title, g->orgs_of[lead], start,
					       end <= 2025 ? end : 0, end <= 2025 ? "completed" : "active",
					       &pid)) < 0 ||
		    (rc = store_project_member_put(g->c->db, pid, g->ids[lead], "lead")) < 0)
			return fail(g, rc, "adding a project");
		for (size_t k = 0; k < ncolead + nmember && t->nmembers > 1; k++) {
			size_t who = t->members[rng_below(&g->r, t->nmembers)];
			if (who == lead)
				continue;
			if ((rc = store_project_member_put(g->c->db, pid, g->ids[who],
							   k < ncolead ? "co_lead" : "member")) < 0)
				return fail(g, rc, "adding a project member");
		}
		out->projects++;
		if (j % 1000 == 0) {
			if (progress)
				progress(arg, "projects", j, n);
			arena_free(a);
		}
	}
	if (progress)
		progress(arg, "projects", n, n);
	return batch_end(g);
}

/* The member account "expert", linked to the first generated expert. */
static int expert_account(struct gen *g, const char *password, struct demo_expert_result *out)
{
	struct account acc = { 0 }, have;
	char hash[128];
	int64_t aid;
	int rc;

	if (!g->n || store_account_by_name(g->c->db, g->c->a, "expert", &have, NULL) == 0)
		return 0;
	if (auth_hash(password, hash) < 0)
		return derr_set(g->e, DERR_INTERNAL, "internal", NULL, "cannot hash the password");
	acc.username = "expert";
	acc.display_name = "演示专家";
	acc.role = "member";
	acc.org_id = g->orgs_of[0];
	if ((rc = store_begin(g->c->db)) < 0)
		return derr_store(g->e, rc, "adding the expert account");
	if ((rc = store_account_insert(g->c->db, &acc, hash, &aid)) < 0 ||
	    (rc = store_expert_link_account(g->c->db, g->ids[0], aid)) < 0) {
		store_rollback(g->c->db);
		return derr_store(g->e, rc, "adding the expert account");
	}
	if ((rc = store_commit(g->c->db)) < 0)
		return derr_store(g->e, rc, "adding the expert account");
	out->accounts++;
	return 0;
}

int demo_experts(struct ctx *c, int64_t count, uint64_t seed, const char *dir,
		 const char *password,
		 void (*progress)(void *arg, const char *what, int64_t done, int64_t total),
		 void *arg, struct demo_expert_result *out, struct derr *e)
{
	struct demo_tsv people = { 0 }, topics = { 0 };
	struct org_filter of = { .limit = 10000000 };
	struct gen g;
	struct arena scratch = ARENA_INIT;
	int64_t total, serial0;
	int rc = -1, pk, pv, td, tw, tz, te;

	memset(&g, 0, sizeof g);
	memset(out, 0, sizeof *out);
	g.c = c;
	g.e = e;
	g.r.s = seed ^ 0x5EED5EED5EED5EEDull;
	if (count < 0)
		return derr_set(e, DERR_INVALID, "out_of_range", "count", "count must not be negative");
	if (demo_tsv_load(&people, dir, "people.tsv", e) < 0 ||
	    demo_tsv_load(&topics, dir, "expert_topics.tsv", e) < 0 ||
	    (pk = demo_tsv_col(&people, "kind", e)) < 0 ||
	    (pv = demo_tsv_col(&people, "value", e)) < 0 ||
	    (td = demo_tsv_col(&topics, "discipline", e)) < 0 ||
	    (tw = demo_tsv_col(&topics, "weight", e)) < 0 ||
	    (tz = demo_tsv_col(&topics, "keywords_zh", e)) < 0 ||
	    (te = demo_tsv_col(&topics, "keywords_en", e)) < 0)
		goto out;
	if (store_org_list(c->db, c->a, &of, &g.orgs, &g.norgs, &total) < 0) {
		derr_store(e, DB_ERR, "reading organisations");
		goto out;
	}
	/* iDs continue after the experts already there, so they stay unique */
	serial0 = store_expert_count(c->db);
	if (!(g.org_w = calloc(g.norgs + 1, sizeof *g.org_w)) ||
	    !(g.topics = calloc(topics.nrows + 1, sizeof *g.topics)) ||
	    !(g.topic_w = calloc(topics.nrows + 1, sizeof *g.topic_w)) ||
	    !(g.surnames = calloc(people.nrows + 1, sizeof *g.surnames)) ||
	    !(g.surname_w = calloc(people.nrows + 1, sizeof *g.surname_w)) ||
	    !(g.given = calloc(people.nrows + 1, sizeof *g.given)) ||
	    !(g.ids = calloc((size_t)count + 1, sizeof *g.ids)) ||
	    !(g.orgs_of = calloc((size_t)count + 1, sizeof *g.orgs_of)) ||
	    !(g.topic_of = calloc((size_t)count + 1, sizeof *g.topic_of)) ||
	    !(g.kw_of = calloc((size_t)count + 1, sizeof *g.kw_of))) {
		derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		goto out;
	}
	if (!(g.city_first = calloc(g.norgs + 1, sizeof *g.city_first))) {
		derr_set(e, DERR_INTERNAL, "internal", NULL, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < g.norgs; i++) {
		size_t k;
		g.org_total += g.org_w[i] = org_weight(g.orgs[i].kind);
		if (!g.org_w[i])
			continue;
		for (k = 0; k < g.ncity_first &&
			    strcmp(g.orgs[g.city_first[k]].city_code, g.orgs[i].city_code) != 0; k++)
			;
		if (k == g.ncity_first)
			g.city_first[g.ncity_first++] = i;
	}
	for (size_t i = 0; i < people.nrows; i++) {
		char **row = people.rows[i];
		if (!*row[pv])
			continue;
		if (strcmp(row[pk], "surname") == 0) {
			g.surname_w[g.nsurnames] = 1000 / ((int64_t)g.nsurnames + 5);
			g.surname_total += g.surname_w[g.nsurnames];
			g.surnames[g.nsurnames++] = row[pv];
		} else if (strcmp(row[pk], "given") == 0) {
			g.given[g.ngiven++] = row[pv];
		}
	}
	for (size_t i = 0; i < topics.nrows; i++) {
		struct topic *t = &g.topics[g.ntopics];
		int64_t w;
		char *en[MAX_KW], **row = topics.rows[i];
		const struct discipline *dis = discipline_find(row[td]);
		if (!dis)
			continue;
		t->code = dis->code;
		t->nk = demo_split(row[tz], '|', t->zh, MAX_KW);
		if (demo_split(row[te], '|', en, MAX_KW) != t->nk || !t->nk)
			continue;
		memcpy(t->en, en, sizeof en);
		g.topic_w[g.ntopics] = parse_i64(row[tw], 1, 1000000, &w) == 0 ? w : 1;
		g.topic_total += g.topic_w[g.ntopics++];
	}
	if (!g.org_total || !g.ntopics || !g.nsurnames || !g.ngiven) {
		derr_set(e, DERR_INVALID, "invalid", "demo",
			 "no organisations, topics or names to make experts from");
		goto out;
	}
	for (int64_t i = 0; i < count; i++) {
		if (one_expert(&g, i, serial0 + i, &scratch) < 0)
			goto out;
		out->experts++;
		if (i % 1000 == 0) {
			if (progress)
				progress(arg, "experts", i, count);
			arena_free(&scratch);
		}
	}
	if (progress)
		progress(arg, "experts", count, count);
	if (batch_end(&g) < 0 || projects(&g, count / 8, progress, arg, out, &scratch) < 0)
		goto out;
	if (password && expert_account(&g, password, out) < 0)
		goto out;
	rc = 0;
out:
	if (g.batch)
		store_rollback(c->db);
	for (size_t i = 0; i < g.ntopics; i++)
		free(g.topics[i].members);
	free(g.org_w);
	free(g.city_first);
	free(g.topics);
	free(g.topic_w);
	free(g.surnames);
	free(g.surname_w);
	free(g.given);
	free(g.ids);
	free(g.orgs_of);
	free(g.topic_of);
	free(g.kw_of);
	arena_free(&scratch);
	demo_tsv_free(&people);
	demo_tsv_free(&topics);
	return rc;
}
