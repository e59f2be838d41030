/*
 * search_index.c — queries over the platform-wide search index (see
 * search.h; the tables, views and triggers are migration 7).
 *
 * A search is one statement: the FTS5 match joined to the items' narrow
 * covering index (search_item_meta), filtered, scored in SQL, and stepped
 * once in C, which counts the facets and keeps the best `want` hits in a
 * heap.  The statement is assembled from fixed fragments, one per filter
 * that is set; every value is bound.
 */
#include <stdlib.h>
#include <string.h>
#include "core/buf.h"
#include "store/db.h"
#include "store/internal.h"
#include "store/pg_fts.h"
#include "store/search_rank.h"
#include "store/search.h"
#include "core/banned.h"

/* Every kind's view, for rebuilding (migration 7 and later kinds'). */
static const char *const rebuild_views[] = {
	"INSERT INTO search_item SELECT * FROM search_src_org",
	"INSERT INTO search_item SELECT * FROM search_src_instrument",
	"INSERT INTO search_item SELECT * FROM search_src_expert",
	"INSERT INTO search_item SELECT * FROM search_src_guide_item",
	"INSERT INTO search_item SELECT * FROM search_src_contract",
	"INSERT INTO search_item SELECT * FROM search_src_challenge",
	"INSERT INTO search_item SELECT * FROM search_src_project",
};

/* ---- binding ------------------------------------------------------------ */

struct binds {
	int n;
	struct { const char *s; int64_t i; double d; char type; } v[256];
};

static int bind_s(struct binds *b, const char *s)
{
	if (b->n == (int)(sizeof b->v / sizeof b->v[0]))
		return -1;
	b->v[b->n].type = 's';
	b->v[b->n++].s = s;
	return 0;
}

static int bind_i(struct binds *b, int64_t i)
{
	if (b->n == (int)(sizeof b->v / sizeof b->v[0]))
		return -1;
	b->v[b->n].type = 'i';
	b->v[b->n++].i = i;
	return 0;
}

static int bind_d(struct binds *b, double d)
{
	if (b->n == (int)(sizeof b->v / sizeof b->v[0]))
		return -1;
	b->v[b->n].type = 'd';
	b->v[b->n++].d = d;
	return 0;
}

static void bind_all(struct db_stmt *st, const struct binds *b)
{
	for (int i = 0; i < b->n; i++) {
		if (b->v[i].type == 's')
			db_bind_text(st, i + 1, b->v[i].s);
		else if (b->v[i].type == 'i')
			db_bind_int(st, i + 1, b->v[i].i);
		else
			db_bind_double(st, i + 1, b->v[i].d);
	}
}

/* " AND col IN (?, ?, ...)" for a list of strings. */
static int add_in(struct buf *sql, struct binds *b, const char *col,
		  const char *const *v, size_t n)
{
	if (n == 0)
		return 0;
	if (n > SEARCH_MAX_VALUES || buf_addf(sql, " AND %s IN (", col) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (buf_adds(sql, i ? ", ?" : "?") < 0 || bind_s(b, v[i]) < 0)
			return -1;
	return buf_addch(sql, ')');
}

/* ---- the statement ------------------------------------------------------ */

/* On PostgreSQL (pg) the score column is only the multiplier; srank is
 * computed in C from the row's hits (store/pg_fts.h). */
static int add_score(struct buf *sql, struct binds *b, const struct search_filter *f, int pg)
{
	if (f->match && pg) {
		if (buf_adds(sql, "1.0") < 0)
			return -1;
	} else if (f->match) {
		if (buf_adds(sql, "srank(search_doc, ?, ?, ?, ?, m.name_len, m.name_en_len,"
				  " m.subtitle_len, m.body_len)") < 0 || bind_d(b, f->w_name) < 0 ||
		    bind_d(b, f->w_name_en) < 0 || bind_d(b, f->w_subtitle) < 0 ||
		    bind_d(b, f->w_body) < 0)
			return -1;
	} else if (buf_adds(sql, "-1.0") < 0) {   /* a browse: activity and kind decide */
		return -1;
	}
	if (buf_adds(sql, " * (1.0 + ? * m.activity)") < 0 || bind_d(b, f->activity_boost) < 0)
		return -1;
	if (f->nkind_weights == 0)
		return 0;
	if (f->nkind_weights > SEARCH_MAX_VALUES || buf_adds(sql, " * CASE m.kind") < 0)
		return -1;
	for (size_t i = 0; i < f->nkind_weights; i++)
		if (buf_adds(sql, " WHEN ? THEN ?") < 0 || bind_s(b, f->kind_weights[i].kind) < 0 ||
		    bind_d(b, f->kind_weights[i].weight) < 0)
			return -1;
	return buf_adds(sql, " ELSE 1.0 END");
}

static int add_where(struct buf *sql, struct binds *b, const struct search_filter *f, int pg)
{
	if (f->match) {
		if (buf_adds(sql, pg ? " WHERE d.tsv @@ ?::tsquery" : " WHERE search_doc MATCH ?") < 0 ||
		    bind_s(b, f->match) < 0)
			return -1;
	} else if (buf_adds(sql, " WHERE 1=1") < 0) {
		return -1;
	}
	if (add_in(sql, b, "m.kind", f->kinds, f->nkinds) < 0 ||
	    add_in(sql, b, "m.region_code", f->regions, f->nregions) < 0 ||
	    add_in(sql, b, "m.city_code", f->cities, f->ncities) < 0 ||
	    add_in(sql, b, "m.category", f->categories, f->ncategories) < 0)
		return -1;
	if (f->norgs) {
		if (f->norgs > SEARCH_MAX_VALUES || buf_adds(sql, " AND (m.org_id IN (") < 0)
			return -1;
		for (size_t i = 0; i < f->norgs; i++)
			if (buf_adds(sql, i ? ", ?" : "?") < 0 || bind_i(b, f->orgs[i]) < 0)
				return -1;
		if (buf_adds(sql, ") OR m.org2_id IN (") < 0)
			return -1;
		for (size_t i = 0; i < f->norgs; i++)
			if (buf_adds(sql, i ? ", ?" : "?") < 0 || bind_i(b, f->orgs[i]) < 0)
				return -1;
		if (buf_adds(sql, "))") < 0)
			return -1;
	}
	if (f->year > 0 && (buf_adds(sql, " AND m.year = ?") < 0 || bind_i(b, f->year) < 0))
		return -1;
	if (f->exclude && (buf_adds(sql, pg ? " AND m.id NOT IN (SELECT id FROM search_doc"
					      " WHERE tsv @@ ?::tsquery)"
					    : " AND m.id NOT IN (SELECT rowid FROM search_doc"
					      " WHERE search_doc MATCH ?)") < 0 ||
			   bind_s(b, f->exclude) < 0))
		return -1;
	/* who may see what: public items, and the restricted ones granted */
	if (buf_adds(sql, " AND (m.vis = 0") < 0)
		return -1;
	for (size_t i = 0; i < f->ngrants; i++) {
		const struct search_grant *g = &f->grants[i];
		int rc;
		if (g->scope == SEARCH_SEE_ALL)
			rc = buf_adds(sql, " OR m.kind = ?") < 0 || bind_s(b, g->kind) < 0;
		else if (g->scope == SEARCH_SEE_REGION)
			rc = buf_adds(sql, " OR (m.kind = ? AND (m.region_code = ? OR m.region2 = ?))") < 0 ||
			     bind_s(b, g->kind) < 0 || bind_s(b, g->region) < 0 ||
			     bind_s(b, g->region) < 0;
		else
			rc = buf_adds(sql, " OR (m.kind = ? AND (m.org_id = ? OR m.org2_id = ?))") < 0 ||
			     bind_s(b, g->kind) < 0 || bind_i(b, g->org_id) < 0 ||
			     bind_i(b, g->org_id) < 0;
		if (rc)
			return -1;
	}
	return buf_addch(sql, ')');
}

/* ---- facet counting ----------------------------------------------------- */

#define FACET_SLOTS 512   /* more than the values of any facet */

struct facet {
	struct search_count *slot[FACET_SLOTS];
	struct search_count *vals;
	size_t n, cap;
};

static uint32_t str_hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static int facet_add(struct facet *f, struct arena *a, const char *v)
{
	uint32_t h;
	size_t i;
	if (!v)
		return 0;
	h = str_hash(v);
	for (i = h % FACET_SLOTS; f->slot[i]; i = (i + 1) % FACET_SLOTS)
		if (strcmp(f->slot[i]->value, v) == 0) {
			f->slot[i]->n++;
			return 0;
		}
	if (f->n >= FACET_SLOTS / 2)
		return 0;   /* a facet with this many values counts no new ones */
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 16;
		struct search_count *nv = arena_alloc(a, cap * sizeof *nv);
		if (!nv)
			return -1;
		if (f->n)
			memcpy(nv, f->vals, f->n * sizeof *nv);
		/* the slots point into the old array: move them */
		for (size_t k = 0; k < FACET_SLOTS; k++)
			if (f->slot[k])
				f->slot[k] = nv + (f->slot[k] - f->vals);
		f->vals = nv;
		f->cap = cap;
	}
	f->vals[f->n].value = arena_strdup(a, v);
	f->vals[f->n].n = 1;
	if (!f->vals[f->n].value)
		return -1;
	f->slot[i] = &f->vals[f->n++];
	return 0;
}

static int count_cmp(const void *x, const void *y)
{
	const struct search_count *a = x, *b = y;
	if (a->n != b->n)
		return a->n > b->n ? -1 : 1;
	return strcmp(a->value, b->value);
}

/* ---- the best hits: a max-heap on (score, id), worst on top ------------- */

static int hit_worse(const struct search_hit *a, const struct search_hit *b)
{
	return a->score > b->score || (a->score == b->score && a->id > b->id);
}

static void heap_down(struct search_hit *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, w = i;
		struct search_hit t;
		if (l < n && hit_worse(&h[l], &h[w]))
			w = l;
		if (r < n && hit_worse(&h[r], &h[w]))
			w = r;
		if (w == i)
			return;
		t = h[i];
		h[i] = h[w];
		h[w] = t;
		i = w;
	}
}

static void heap_up(struct search_hit *h, size_t i)
{
	while (i > 0) {
		size_t p = (i - 1) / 2;
		struct search_hit t;
		if (!hit_worse(&h[i], &h[p]))
			return;
		t = h[i];
		h[i] = h[p];
		h[p] = t;
		i = p;
	}
}

static int hit_cmp(const void *x, const void *y)
{
	const struct search_hit *a = x, *b = y;
	if (a->score != b->score)
		return a->score < b->score ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

static int run(struct db *db, struct arena *a, const struct search_filter *f,
	       struct search_result *out, const struct pg_fts_query *pq);

/* The inverse document frequencies of the query's phrases, as srank
 * computes them on SQLite (none for one phrase: it orders nothing). */
static int pg_idf(struct db *db, const struct pg_fts_query *q, double *idf)
{
	int64_t rows, *hits;
	if (q->nphrase < 2) {
		idf[0] = 1.0;
		return 0;
	}
	if (!(hits = calloc((size_t)q->nphrase, sizeof *hits)) ||
	    pg_fts_counts(db, FTS_SEARCH, q, &rows, NULL, hits) < 0) {
		free(hits);
		return DB_ERR;
	}
	for (int i = 0; i < q->nphrase; i++)
		idf[i] = srank_idf((double)rows, (double)hits[i]);
	free(hits);
	return 0;
}

int store_search_run(struct db *db, struct arena *a, const struct search_filter *f,
		     struct search_result *out)
{
	struct pg_fts_query qm = { 0 }, qx = { 0 };
	struct search_filter g;
	int rc = DB_ERR;
	if (db_backend(db) != DB_PG)
		return run(db, a, f, out, NULL);
	memset(out, 0, sizeof *out);
	g = *f;
	if ((f->match && pg_fts_query_make(f->match, &qm) < 0) ||
	    (f->exclude && pg_fts_query_make(f->exclude, &qx) < 0))
		goto out;
	g.match = f->match ? qm.tsquery : NULL;
	g.exclude = f->exclude ? qx.tsquery : NULL;
	rc = run(db, a, &g, out, f->match ? &qm : NULL);
out:
	pg_fts_query_free(&qm);
	pg_fts_query_free(&qx);
	return rc;
}

static int run(struct db *db, struct arena *a, const struct search_filter *f,
	       struct search_result *out, const struct pg_fts_query *pq)
{
	struct buf sql = BUF_INIT;
	double *idf = NULL;
	int pg = db_backend(db) == DB_PG;
	struct binds *b = NULL;
	struct db_stmt *st = NULL;
	struct facet *fc = NULL;
	size_t want = f->want;
	int rc = DB_ERR;

	memset(out, 0, sizeof *out);
	b = calloc(1, sizeof *b);
	fc = calloc(SEARCH_FACETS, sizeof *fc);
	out->hits = arena_alloc(a, (want ? want : 1) * sizeof *out->hits);
	if (!b || !fc || !out->hits)
		goto out;
	if (pq && (!(idf = calloc((size_t)pq->nphrase + 1, sizeof *idf)) ||
		   pg_idf(db, pq, idf) < 0))
		goto out;
	if (buf_adds(&sql, "SELECT m.id, ") < 0 || add_score(&sql, b, f, pg) < 0 ||
	    buf_adds(&sql, ", m.kind, m.region_code, m.city_code, m.category") < 0 ||
	    (pq && (buf_adds(&sql, strcmp(pq->prefixes, "{}") ? ", " PG_FTS_HITS_PREFIX("d.tsv")
								: ", " PG_FTS_HITS("d.tsv")) < 0 ||
		    buf_adds(&sql, ", m.name_len, m.name_en_len, m.subtitle_len, m.body_len") < 0 ||
		    bind_s(b, pq->lexemes) < 0 ||
		    (strcmp(pq->prefixes, "{}") && bind_s(b, pq->prefixes) < 0))) ||
	    buf_adds(&sql, pq ? " FROM search_doc d JOIN search_item m ON m.id = d.id"
			 : pg ? " FROM search_item m"
			 : f->match ? " FROM search_doc JOIN search_item m INDEXED BY"
				      " search_item_meta ON m.id = search_doc.rowid"
				    : " FROM search_item m INDEXED BY search_item_meta") < 0 ||
	    add_where(&sql, b, f, pg) < 0)
		goto out;
	if (!(st = db_prepare(db, sql.s)))
		goto out;
	bind_all(st, b);
	while ((rc = db_step(st)) == DB_ROW) {
		struct search_hit h = { db_col_int(st, 0), db_col_double(st, 1) };
		if (pq) {
			double len[4];
			const double w[4] = { f->w_name, f->w_name_en, f->w_subtitle, f->w_body };
			for (int k = 0; k < 4; k++)
				len[k] = db_col_double(st, 7 + k);
			h.score *= pg_fts_srank(pq, idf, db_col_text(st, 6), w, len);
		}
		out->total++;
		for (int k = 0; k < SEARCH_FACETS; k++)
			if (facet_add(&fc[k], a, db_col_text(st, 2 + k)) < 0) {
				rc = DB_ERR;
				goto out;
			}
		if (out->nhits < want) {
			out->hits[out->nhits] = h;
			heap_up(out->hits, out->nhits++);
		} else if (want && hit_worse(&out->hits[0], &h)) {
			out->hits[0] = h;
			heap_down(out->hits, want, 0);
		}
	}
	if (rc != DB_DONE)
		goto out;
	qsort(out->hits, out->nhits, sizeof *out->hits, hit_cmp);
	for (int k = 0; k < SEARCH_FACETS; k++) {
		if (fc[k].n)
			qsort(fc[k].vals, fc[k].n, sizeof *fc[k].vals, count_cmp);
		out->facets[k] = fc[k].vals;
		out->nfacets[k] = fc[k].n;
	}
	rc = 0;
out:
	db_finalize(st);
	buf_release(&sql);
	free(idf);
	free(b);
	free(fc);
	return rc;
}

/* ---- reading items ------------------------------------------------------ */

int store_search_items(struct db *db, struct arena *a, const int64_t *ids, size_t n,
		       struct search_item *out)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT m.id, m.ref_id, m.kind, m.region_code, m.city_code, m.category,"
		" coalesce(m.org_id, 0), coalesce(m.year, 0), m.activity, m.name, m.name_en,"
		" m.subtitle, m.body, r.name_zh, r.name_en, c.name_zh, c.name_en"
		" FROM search_item m LEFT JOIN region r ON r.code = m.region_code"
		" LEFT JOIN city c ON c.code = m.city_code WHERE m.id = ?");
	int rc = 0;
	if (!st)
		return DB_ERR;
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct search_item *it = &out[i];
		memset(it, 0, sizeof *it);
		db_bind_int(st, 1, ids[i]);
		rc = db_step(st);
		if (rc == DB_ROW) {
			it->id = db_col_int(st, 0);
			it->ref_id = db_col_int(st, 1);
			it->kind = col_str(st, 2, a);
			it->region_code = col_str(st, 3, a);
			it->city_code = col_str(st, 4, a);
			it->category = col_str(st, 5, a);
			it->org_id = db_col_int(st, 6);
			it->year = db_col_int(st, 7);
			it->activity = db_col_double(st, 8);
			it->name = col_str(st, 9, a);
			it->name_en = col_str(st, 10, a);
			it->subtitle = col_str(st, 11, a);
			it->body = col_str(st, 12, a);
			it->region_zh = col_str(st, 13, a);
			it->region_en = col_str(st, 14, a);
			it->city_zh = col_str(st, 15, a);
			it->city_en = col_str(st, 16, a);
			rc = 0;
		} else if (rc == DB_DONE) {
			rc = 0;
		}
		db_done(st);
	}
	return rc;
}

struct id_slot {
	int64_t id;
	size_t i;
};

static int id_slot_cmp(const void *x, const void *y)
{
	const struct id_slot *a = x, *b = y;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* PostgreSQL: one round trip for all of them, each row put in its place
 * (on SQLite a lookup by key is a function call: the loop below). */
static int pg_names_of(struct db *db, struct arena *a, const int64_t *ids, size_t n,
		       const char **kinds, const char **names, const char **names_en)
{
	struct buf lit = BUF_INIT;
	struct db_stmt *st = db_stmt(db, "SELECT id, kind, name, name_en FROM search_item"
				     " WHERE id = ANY (?::bigint[])");
	struct id_slot *slot = malloc((n ? n : 1) * sizeof *slot);
	int rc = DB_ERR;
	if (!slot)
		goto out;
	for (size_t i = 0; i < n; i++) {
		slot[i].id = ids[i];
		slot[i].i = i;
	}
	qsort(slot, n, sizeof *slot, id_slot_cmp);
	for (size_t i = 0; i < n; i++)
		kinds[i] = names[i] = names_en[i] = NULL;
	if (!st || pg_id_array(&lit, ids, n) < 0 || db_bind_text(st, 1, lit.s) < 0)
		goto out;
	while ((rc = db_step(st)) == DB_ROW) {
		struct id_slot key = { db_col_int(st, 0), 0 }, *hit;
		hit = bsearch(&key, slot, n, sizeof *slot, id_slot_cmp);
		/* an id asked for twice: every slot gets the row */
		while (hit && hit > slot && hit[-1].id == key.id)
			hit--;
		for (; hit && hit < slot + n && hit->id == key.id; hit++) {
			kinds[hit->i] = col_str(st, 1, a);
			names[hit->i] = col_str(st, 2, a);
			names_en[hit->i] = col_str(st, 3, a);
		}
	}
	rc = rc == DB_DONE ? 0 : rc;
out:
	db_done(st);
	buf_release(&lit);
	free(slot);
	return rc;
}

int store_search_names_of(struct db *db, struct arena *a, const int64_t *ids, size_t n,
			  const char **kinds, const char **names, const char **names_en)
{
	struct db_stmt *st;
	int rc = 0;
	if (db_backend(db) == DB_PG)
		return pg_names_of(db, a, ids, n, kinds, names, names_en);
	st = db_stmt(db, "SELECT kind, name, name_en FROM search_item WHERE id = ?");
	if (!st)
		return DB_ERR;
	for (size_t i = 0; i < n && rc == 0; i++) {
		kinds[i] = names[i] = names_en[i] = NULL;
		db_bind_int(st, 1, ids[i]);
		rc = db_step(st);
		if (rc == DB_ROW) {
			kinds[i] = col_str(st, 0, a);
			names[i] = col_str(st, 1, a);
			names_en[i] = col_str(st, 2, a);
			rc = 0;
		} else if (rc == DB_DONE) {
			rc = 0;
		}
		db_done(st);
	}
	return rc;
}

/* ---- clocks, vocabulary, names ------------------------------------------ */

int store_search_clock(struct db *db, struct search_clock *out)
{
	struct db_stmt *st = db_stmt(db, "SELECT docs, names, epoch FROM search_clock WHERE id = 1");
	int rc;
	if (!st)
		return DB_ERR;
	rc = db_step(st);
	if (rc == DB_ROW) {
		out->docs = db_col_int(st, 0);
		out->names = db_col_int(st, 1);
		out->epoch = db_col_int(st, 2);
		rc = 0;
	} else {
		rc = DB_ERR;
	}
	db_done(st);
	return rc;
}

int store_search_terms(struct db *db, search_term_fn fn, void *arg)
{
	/* fts5vocab reads only the terms in the range: the Latin ones;
	 * PostgreSQL's ts_stat reads every vector */
	struct db_stmt *st = db_stmt(db, DB_SQL(db,
		"SELECT term, doc FROM search_vocab WHERE term >= 'a' AND term < '{'",
		"SELECT word, ndoc FROM ts_stat('SELECT tsv FROM search_doc')"
		" WHERE word >= 'a' AND word < '{'"));
	int rc;
	if (!st)
		return DB_ERR;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *t = db_col_text(st, 0);
		size_t len = t ? strlen(t) : 0, i;
		for (i = 0; i < len; i++)
			if (t[i] < 'a' || t[i] > 'z')
				break;
		if (len == 0 || i < len)
			continue;
		if ((rc = fn(arg, t, len, db_col_int(st, 1))) != 0)
			break;
	}
	db_done(st);
	return rc == DB_DONE ? 0 : rc;
}

int store_search_names(struct db *db, search_name_fn fn, void *arg)
{
	/* instruments by name, the English name that of the first: an
	 * instrument's item id is its ref_id * 16 + 1, so the least id is the
	 * least ref_id's row */
	struct db_stmt *st = db_stmt(db,
		"SELECT g.kind, g.ref_id, g.name, i.name_en, NULL, g.n FROM (SELECT kind, name,"
		" min(ref_id) AS ref_id, min(id) AS id, count(*) AS n FROM search_item"
		" WHERE kind IN ('instrument', 'facility') AND vis = 0 GROUP BY kind, name) AS g"
		" JOIN search_item i ON i.id = g.id"
		" UNION ALL SELECT m.kind, m.ref_id, m.name, m.name_en, o.name_zh, 1"
		" FROM search_item m LEFT JOIN org o ON o.id = m.org_id"
		" WHERE m.kind IN ('org', 'expert') AND m.vis = 0");
	int rc;
	if (!st)
		return DB_ERR;
	while ((rc = db_step(st)) == DB_ROW) {
		rc = fn(arg, db_col_text(st, 0), db_col_int(st, 1), db_col_text(st, 2),
			db_col_text(st, 3), db_col_text(st, 4), db_col_int(st, 5));
		if (rc != 0)
			break;
	}
	db_done(st);
	return rc == DB_DONE ? 0 : rc;
}

/* ---- maintenance -------------------------------------------------------- */

int store_search_rebuild(struct db *db, int64_t *items)
{
	int rc = db_exec(db, "UPDATE search_clock SET bulk = 1; DELETE FROM search_item;");
	for (size_t i = 0; rc == 0 && i < sizeof rebuild_views / sizeof rebuild_views[0]; i++)
		rc = db_exec(db, rebuild_views[i]);
	if (rc == 0 && db_backend(db) == DB_PG)
		rc = pg_fts_rebuild(db, FTS_SEARCH);   /* filled before commit */
	else if (rc == 0)
		rc = db_exec(db, "INSERT INTO search_doc(search_doc) VALUES ('rebuild');");
	if (rc == 0)
		rc = db_exec(db, "UPDATE search_clock SET bulk = 0, docs = docs + 1, names = names + 1;");
	if (rc == 0)
		*items = db_scalar_int(db_stmt(db, "SELECT count(*) FROM search_item"), 0);
	return rc;
}

int store_search_optimize(struct db *db)
{
	return db_exec(db, DB_SQL(db, "INSERT INTO search_doc(search_doc) VALUES ('optimize')",
				  "ANALYZE search_doc"));
}

int store_search_size(struct db *db, int64_t *index_bytes, int64_t *items_bytes)
{
	struct db_stmt *st = db_prepare(db, DB_SQL(db,
		"SELECT coalesce(sum(CASE WHEN name LIKE 'search\\_doc\\_%' ESCAPE '\\'"
		" THEN pgsize END), 0), coalesce(sum(CASE WHEN name IN ('search_item',"
		" 'search_item_meta') THEN pgsize END), 0) FROM dbstat",
		"SELECT pg_total_relation_size('search_doc'), pg_total_relation_size('search_item')"));
	int rc;
	*index_bytes = *items_bytes = -1;
	if (!st)
		return DB_ERR;   /* SQLite built without dbstat */
	rc = db_step(st);
	if (rc == DB_ROW) {
		*index_bytes = db_col_int(st, 0);
		*items_bytes = db_col_int(st, 1);
		rc = 0;
	}
	db_finalize(st);
	return rc == 0 ? 0 : DB_ERR;
}
