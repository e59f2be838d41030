/*
 * instrument.c — shared instruments and facilities: rows, lists with
 * filters and full-text match, and the catalogue's figures.
 *
 * The full-text index (instrument_fts, tokenizer "shenrong") is kept by
 * triggers (migrate.c), so it changes in the same transaction as the row.
 */
#include <stdlib.h>
#include <string.h>
#include "core/buf.h"
#include "core/util.h"
#include "store/db.h"
#include "store/internal.h"
#include "store/pg_fts.h"
#include "store/store.h"
#include "core/banned.h"

static void bind_instrument(struct db_stmt *st, const struct instrument *in)
{
	db_bind_text(st, 1, in->kind);
	db_bind_text(st, 2, in->category);
	db_bind_text(st, 3, in->name_zh);
	bind_opt(st, 4, in->name_en);
	bind_opt(st, 5, in->model);
	bind_opt(st, 6, in->manufacturer);
	bind_opt(st, 7, in->country);
	db_bind_int(st, 8, in->value_cny);
	if (in->purchase_year > 0)
		db_bind_int(st, 9, in->purchase_year);
	db_bind_int(st, 10, in->org_id);
	db_bind_text(st, 11, in->city_code);
	bind_opt(st, 12, in->address);
	db_bind_text(st, 13, in->status);
	db_bind_text(st, 14, in->sharing);
	if (in->fee_internal >= 0)
		db_bind_double(st, 15, in->fee_internal);
	if (in->fee_external >= 0)
		db_bind_double(st, 16, in->fee_external);
	bind_opt(st, 17, in->contact);
	bind_opt(st, 18, in->specs);
	bind_opt(st, 19, in->areas);
	bind_opt(st, 20, in->description);
	db_bind_int(st, 21, now_unix());
}

int store_instrument_insert(struct db *db, const struct instrument *in, int64_t *id)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO instrument(kind, category, name_zh, name_en, model, manufacturer,"
		" country, value_cny, purchase_year, org_id, region_code, city_code, address,"
		" status, sharing, fee_internal, fee_external, contact, specs, areas, description,"
		" created_at, updated_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
		" (SELECT region_code FROM city WHERE code = ?11), ?11, ?12, ?13, ?14, ?15, ?16,"
		" ?17, ?18, ?19, ?20, ?21, ?21)");
	int rc;
	if (!st)
		return DB_ERR;
	bind_instrument(st, in);
	rc = db_run(st);
	if (rc == 0 && id)
		*id = db_last_id(db);
	return rc;
}

int store_instrument_update(struct db *db, const struct instrument *in)
{
	struct db_stmt *st = db_stmt(db,
		"UPDATE instrument SET kind = ?1, category = ?2, name_zh = ?3, name_en = ?4,"
		" model = ?5, manufacturer = ?6, country = ?7, value_cny = ?8, purchase_year = ?9,"
		" org_id = ?10, region_code = (SELECT region_code FROM city WHERE code = ?11),"
		" city_code = ?11, address = ?12, status = ?13, sharing = ?14, fee_internal = ?15,"
		" fee_external = ?16, contact = ?17, specs = ?18, areas = ?19, description = ?20,"
		" updated_at = ?21 WHERE id = ?22");
	int rc;
	if (!st)
		return DB_ERR;
	bind_instrument(st, in);
	db_bind_int(st, 22, in->id);
	rc = db_run(st);
	return rc == 0 && db_changes(db) == 0 ? 1 : rc;
}

int store_instrument_delete(struct db *db, int64_t id)
{
	struct db_stmt *st = db_stmt(db, "DELETE FROM instrument WHERE id = ?");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, id);
	rc = db_run(st);
	return rc == 0 && db_changes(db) == 0 ? 1 : rc;
}

#define INSTRUMENT_COLS \
	"i.id, i.kind, i.category, i.name_zh, i.name_en, i.model, i.manufacturer," \
	" i.country, i.value_cny, coalesce(i.purchase_year, 0), i.org_id, i.region_code," \
	" i.city_code, i.address, i.status, i.sharing, coalesce(i.fee_internal, -1)," \
	" coalesce(i.fee_external, -1), i.contact, i.specs, i.areas, i.description," \
	" i.created_at, i.updated_at, o.name_zh, o.name_en, r.name_zh, r.name_en," \
	" c.name_zh, c.name_en"
#define INSTRUMENT_JOINS \
	" JOIN org o ON o.id = i.org_id JOIN region r ON r.code = i.region_code" \
	" JOIN city c ON c.code = i.city_code"

static void instrument_read(struct db_stmt *st, struct arena *a, struct instrument *in)
{
	in->id = db_col_int(st, 0);
	in->kind = col_str(st, 1, a);
	in->category = col_str(st, 2, a);
	in->name_zh = col_str(st, 3, a);
	in->name_en = col_str(st, 4, a);
	in->model = col_str(st, 5, a);
	in->manufacturer = col_str(st, 6, a);
	in->country = col_str(st, 7, a);
	in->value_cny = db_col_int(st, 8);
	in->purchase_year = db_col_int(st, 9);
	in->org_id = db_col_int(st, 10);
	in->region_code = col_str(st, 11, a);
	in->city_code = col_str(st, 12, a);
	in->address = col_str(st, 13, a);
	in->status = col_str(st, 14, a);
	in->sharing = col_str(st, 15, a);
	in->fee_internal = db_col_double(st, 16);
	in->fee_external = db_col_double(st, 17);
	in->contact = col_str(st, 18, a);
	in->specs = col_str(st, 19, a);
	in->areas = col_str(st, 20, a);
	in->description = col_str(st, 21, a);
	in->created_at = db_col_int(st, 22);
	in->updated_at = db_col_int(st, 23);
	in->org_zh = col_str(st, 24, a);
	in->org_en = col_str(st, 25, a);
	in->region_zh = col_str(st, 26, a);
	in->region_en = col_str(st, 27, a);
	in->city_zh = col_str(st, 28, a);
	in->city_en = col_str(st, 29, a);
}

int store_instrument_get(struct db *db, struct arena *a, int64_t id, struct instrument *out)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT " INSTRUMENT_COLS " FROM instrument i" INSTRUMENT_JOINS " WHERE i.id = ?");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		memset(out, 0, sizeof *out);
		instrument_read(st, a, out);
		rc = 0;
	} else if (rc == DB_DONE)
		rc = 1;
	db_done(st);
	return rc;
}

/*
 * The list query is assembled from fixed fragments, one per filter that is
 * set, so that SQLite can use the matching index; values are bound in the
 * same order the fragments were added.
 */
struct binds {
	int n;
	const char *text[16];
	int64_t num[16];
	int is_num[16];
};

static int add_text(struct buf *sql, struct binds *b, const char *frag, const char *v)
{
	if (!v || !*v)
		return 0;
	b->text[b->n] = v;
	b->is_num[b->n++] = 0;
	return buf_adds(sql, frag);
}

static int add_num(struct buf *sql, struct binds *b, const char *frag, int64_t v)
{
	b->num[b->n] = v;
	b->is_num[b->n++] = 1;
	return buf_adds(sql, frag);
}

static void bind_all(struct db_stmt *st, const struct binds *b)
{
	for (int i = 0; i < b->n; i++) {
		if (b->is_num[i])
			db_bind_int(st, i + 1, b->num[i]);
		else
			db_bind_text(st, i + 1, b->text[i]);
	}
}

/* On PostgreSQL the FTS5 expressions of the filter become tsqueries
 * (store/pg_fts.h); pg is set then. */
static int build_where(struct buf *sql, struct binds *b, const struct instrument_filter *f,
		       int pg)
{
	int rc = f->match ? add_text(sql, b, pg ? " WHERE m.tsv @@ ?::tsquery"
						: " WHERE instrument_fts MATCH ?", f->match)
			  : buf_adds(sql, " WHERE 1=1");
	rc |= add_text(sql, b, " AND i.region_code = ?", f->region);
	rc |= add_text(sql, b, " AND i.city_code = ?", f->city);
	rc |= add_text(sql, b, " AND i.category = ?", f->category);
	rc |= add_text(sql, b, " AND i.kind = ?", f->kind);
	rc |= add_text(sql, b, " AND i.status = ?", f->status);
	rc |= add_text(sql, b, " AND i.sharing = ?", f->sharing);
	if (f->year > 0)
		rc |= add_num(sql, b, " AND i.purchase_year = ?", f->year);
	rc |= add_text(sql, b, pg ? " AND i.id NOT IN (SELECT id FROM instrument_fts"
				    " WHERE tsv @@ ?::tsquery)"
				  : " AND i.id NOT IN (SELECT rowid FROM instrument_fts"
				    " WHERE instrument_fts MATCH ?)", f->exclude);
	if (f->hide_retired)
		rc |= buf_adds(sql, " AND i.status <> 'retired'");
	if (f->org_id > 0)
		rc |= add_num(sql, b, " AND i.org_id = ?", f->org_id);
	if (f->value_min >= 0)
		rc |= add_num(sql, b, " AND i.value_cny >= ?", f->value_min);
	if (f->value_max >= 0)
		rc |= add_num(sql, b, " AND i.value_cny <= ?", f->value_max);
	return rc;
}

/* Each order twice: inside the id-picking subquery, and again outside it
 * (a join keeps no order of its own).  NULLS LAST is SQLite's own order
 * for DESC, said so that PostgreSQL orders the same. */
static const struct sort_sql {
	const char *inner, *outer;
} sort_sql[] = {
	[ISORT_RELEVANCE] = { "rank, id", "p.rank, i.id" },
	[ISORT_VALUE_DESC] = { "value_cny DESC, id", "i.value_cny DESC, i.id" },
	[ISORT_VALUE_ASC] = { "value_cny, id", "i.value_cny, i.id" },
	[ISORT_NEWEST] = { "id DESC", "i.id DESC" },
	[ISORT_YEAR_DESC] = { "purchase_year DESC NULLS LAST, id",
			       "i.purchase_year DESC NULLS LAST, i.id" },
	[ISORT_NAME] = { "name_zh, id", "i.name_zh, i.id" },
};

/* The number of rows the filter selects. */
static int count_matches(struct db *db, const struct instrument_filter *f, const char *from,
			 int64_t *total)
{
	struct buf sql = BUF_INIT;
	struct binds b = { 0 };
	struct db_stmt *st = NULL;
	int rc = DB_ERR;

	if (buf_adds(&sql, "SELECT count(*)") || buf_adds(&sql, from) ||
	    build_where(&sql, &b, f, db_backend(db) == DB_PG) || !(st = db_prepare(db, sql.s)))
		goto out;
	bind_all(st, &b);
	rc = db_step(st);
	if (rc == DB_ROW) {
		*total = db_col_int(st, 0);
		rc = 0;
	}
out:
	db_finalize(st);
	buf_release(&sql);
	return rc;
}

static int list(struct db *db, struct arena *a, const struct instrument_filter *f,
		struct instrument **out, size_t *n, int64_t *total);
static int list_ranked(struct db *db, struct arena *a, const struct instrument_filter *f,
		       const struct pg_fts_query *q, struct instrument **out, size_t *n,
		       int64_t *total);

int store_instrument_list(struct db *db, struct arena *a, const struct instrument_filter *f,
			  struct instrument **out, size_t *n, int64_t *total)
{
	struct pg_fts_query qm = { 0 }, qx = { 0 };
	struct instrument_filter g;
	int rc;
	*out = NULL;
	*n = 0;
	*total = 0;
	if (db_backend(db) != DB_PG)
		return list(db, a, f, out, n, total);
	g = *f;
	if ((f->match && pg_fts_query_make(f->match, &qm) < 0) ||
	    (f->exclude && pg_fts_query_make(f->exclude, &qx) < 0)) {
		rc = DB_ERR;
		goto out;
	}
	g.match = f->match ? qm.tsquery : NULL;
	g.exclude = f->exclude ? qx.tsquery : NULL;
	rc = f->match && f->sort == ISORT_RELEVANCE ? list_ranked(db, a, &g, &qm, out, n, total)
						    : list(db, a, &g, out, n, total);
out:
	pg_fts_query_free(&qm);
	pg_fts_query_free(&qx);
	return rc;
}

static int list(struct db *db, struct arena *a, const struct instrument_filter *f,
		struct instrument **out, size_t *n, int64_t *total)
{
	struct buf sql = BUF_INIT;
	struct binds b = { 0 };
	struct db_stmt *st = NULL;
	int pg = db_backend(db) == DB_PG;
	const char *from = !f->match ? " FROM instrument i"
		: pg ? " FROM instrument_fts m JOIN instrument i ON i.id = m.id"
		     : " FROM instrument_fts m JOIN instrument i ON i.id = m.rowid";
	const struct sort_sql *so;
	size_t cap = 0;
	int rc = DB_ERR;

	/* The inner query picks the page's ids from the narrow indexes, then
	 * only the page's rows are read ("late row lookup").  With a text
	 * match it also counts every match (a window over the whole result)
	 * so the match runs once; without one a count over a covering index
	 * is cheaper than the window. */
	if (!f->match && ((rc = count_matches(db, f, from, total)) < 0 || *total <= f->offset))
		goto out;
	so = &sort_sql[f->sort == ISORT_RELEVANCE && !f->match ? ISORT_VALUE_DESC : f->sort];
	if (buf_adds(&sql, "SELECT " INSTRUMENT_COLS ", p.rank, p.total FROM (SELECT i.id AS id, ") ||
	    buf_adds(&sql, f->match && !pg ? "m.rank AS rank" : "0 AS rank") ||
	    buf_adds(&sql, ", i.value_cny AS value_cny, i.purchase_year AS purchase_year") ||
	    buf_adds(&sql, f->match ? ", count(*) OVER () AS total" : ", 0 AS total") ||
	    buf_adds(&sql, f->sort == ISORT_NAME ? ", i.name_zh AS name_zh" : "") ||
	    buf_adds(&sql, from) || build_where(&sql, &b, f, pg) ||
	    buf_addf(&sql, " ORDER BY %s", so->inner) ||
	    add_num(&sql, &b, " LIMIT ?", f->limit) || add_num(&sql, &b, " OFFSET ?", f->offset) ||
	    buf_adds(&sql, ") p JOIN instrument i ON i.id = p.id" INSTRUMENT_JOINS) ||
	    buf_addf(&sql, " ORDER BY %s", so->outer))
		goto out;
	if (!(st = db_prepare(db, sql.s)))
		goto out;
	bind_all(st, &b);
	while ((rc = db_step(st)) == DB_ROW) {
		struct instrument *in = store_grow(a, (void **)out, &cap, *n, sizeof **out);
		if (!in) {
			rc = DB_ERR;
			break;
		}
		memset(in, 0, sizeof *in);
		instrument_read(st, a, in);
		in->rank = db_col_double(st, 30);
		if (f->match)
			*total = db_col_int(st, 31);
		(*n)++;
	}
	rc = rc == DB_DONE ? 0 : rc;
	/* a page past the end has no rows to carry the total */
	if (rc == 0 && f->match && *n == 0 && f->offset > 0)
		rc = count_matches(db, f, from, total);
out:
	db_finalize(st);
	buf_release(&sql);
	return rc;
}

/* ---- PostgreSQL: the relevance order computed in C ---------------------- */

/* bm25's column weights, as migration 1 sets FTS5's 'rank' */
static const double column_weight[] = { 10.0, 8.0, 4.0, 2.0, 1.5, 1.5, 1.0 };

struct ranked {
	int64_t id;
	double rank;
};

static int ranked_cmp(const void *x, const void *y)
{
	const struct ranked *a = x, *b = y;
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* FTS5's bm25 needs the table's rows and tokens, and each phrase's rows. */
static int bm25_stats(struct db *db, const struct pg_fts_query *q, double *avgdl, double *idf)
{
	int64_t rows, ntok, *hits = calloc((size_t)q->nphrase + 1, sizeof *hits);
	if (!hits || pg_fts_counts(db, FTS_INSTRUMENT, q, &rows, &ntok, hits) < 0) {
		free(hits);
		return DB_ERR;
	}
	*avgdl = rows > 0 ? (double)ntok / (double)rows : 1.0;
	for (int i = 0; i < q->nphrase; i++)
		idf[i] = pg_fts_bm25_idf((double)rows, (double)hits[i]);
	free(hits);
	return 0;
}

/* Every match with its hits, ranked as SQLite's bm25() ranks them, then
 * the page's rows read by id: the same order on both backends. */
static int list_ranked(struct db *db, struct arena *a, const struct instrument_filter *f,
		       const struct pg_fts_query *q, struct instrument **out, size_t *n,
		       int64_t *total)
{
	struct buf sql = BUF_INIT, ids = BUF_INIT;
	struct binds b = { 0 };
	struct db_stmt *st = NULL;
	struct ranked *r = NULL;
	double *idf = calloc((size_t)q->nphrase + 1, sizeof *idf), avgdl = 1.0;
	size_t nr = 0, cap = 0, from, to;
	int rc = DB_ERR;

	if (!idf || bm25_stats(db, q, &avgdl, idf) < 0)
		goto out;
	if ((strcmp(q->prefixes, "{}")
	     ? add_text(&sql, &b, "SELECT m.id, m.ntok, " PG_FTS_HITS_PREFIX("m.tsv"), q->lexemes) ||
	       add_text(&sql, &b, "", q->prefixes)
	     : add_text(&sql, &b, "SELECT m.id, m.ntok, " PG_FTS_HITS("m.tsv"), q->lexemes)) ||
	    buf_adds(&sql, " FROM instrument_fts m JOIN instrument i ON i.id = m.id") ||
	    build_where(&sql, &b, f, 1) || !(st = db_prepare(db, sql.s)))
		goto out;
	bind_all(st, &b);
	while ((rc = db_step(st)) == DB_ROW) {
		if (nr == cap) {
			struct ranked *nrk = realloc(r, (cap = cap ? cap * 2 : 256) * sizeof *nrk);
			if (!nrk) {
				rc = DB_ERR;
				break;
			}
			r = nrk;
		}
		r[nr].id = db_col_int(st, 0);
		r[nr].rank = pg_fts_bm25(q, idf, db_col_text(st, 2), column_weight,
					 (int)(sizeof column_weight / sizeof column_weight[0]),
					 (double)db_col_int(st, 1), avgdl);
		nr++;
	}
	db_finalize(st);
	st = NULL;
	if (rc != DB_DONE)
		goto out;
	if (nr)
		qsort(r, nr, sizeof *r, ranked_cmp);
	*total = (int64_t)nr;
	from = f->offset > 0 && (size_t)f->offset < nr ? (size_t)f->offset : f->offset > 0 ? nr : 0;
	to = f->limit > 0 && from + (size_t)f->limit < nr ? from + (size_t)f->limit : nr;
	rc = 0;
	if (from == to)
		goto out;
	for (size_t i = from; i < to; i++)
		if (buf_addf(&ids, "%c%lld", i == from ? '{' : ',', (long long)r[i].id) < 0)
			goto fail;
	if (buf_addch(&ids, '}') < 0 ||
	    !(*out = arena_alloc(a, (to - from) * sizeof **out)) ||
	    !(st = db_stmt(db, "SELECT " INSTRUMENT_COLS " FROM instrument i" INSTRUMENT_JOINS
			   " WHERE i.id = ANY (?::bigint[])")) ||
	    db_bind_text(st, 1, ids.s) < 0)
		goto fail;
	memset(*out, 0, (to - from) * sizeof **out);
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t id = db_col_int(st, 0);
		for (size_t i = from; i < to; i++)
			if (r[i].id == id) {
				instrument_read(st, a, &(*out)[i - from]);
				(*out)[i - from].rank = r[i].rank;
				break;
			}
	}
	db_done(st);
	if (rc != DB_DONE)
		goto fail;
	*n = to - from;
	rc = 0;
	goto out;
fail:
	rc = DB_ERR;
out:
	free(idf);
	free(r);
	buf_release(&sql);
	buf_release(&ids);
	return rc;
}

int store_catalogue_figures(struct db *db, struct catalogue_figures *out)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT count(*) FILTER (WHERE kind = 'instrument'),"
		" count(*) FILTER (WHERE kind = 'facility'),"
		" coalesce(sum(value_cny), 0), (SELECT count(*) FROM org),"
		" (SELECT count(DISTINCT city_code) FROM instrument WHERE status <> 'retired')"
		" FROM instrument WHERE status <> 'retired'");
	int rc;
	memset(out, 0, sizeof *out);
	if (!st)
		return DB_ERR;
	rc = db_step(st);
	if (rc == DB_ROW) {
		out->instruments = db_col_int(st, 0);
		out->facilities = db_col_int(st, 1);
		out->value_cny = db_col_int(st, 2);
		out->orgs = db_col_int(st, 3);
		out->cities = db_col_int(st, 4);
		rc = 0;
	}
	db_done(st);
	return rc == 0 ? 0 : DB_ERR;
}
