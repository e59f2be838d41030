/*
 * search_index.c — the store side of the platform-wide search (see
 * search.h; the tables, views and triggers are migration 7, the change
 * log migration 9): the items for the in-memory index (a scan, the
 * changes since a clock), the items and names a result list shows, the
 * names suggestions offer, and the rebuild.
 */
#include <stdlib.h>
#include <string.h>
#include "core/buf.h"
#include "core/log.h"
#include "store/db.h"
#include "store/internal.h"
#include "store/pg_fts.h"
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

/* ---- the clock ------------------------------------------------------------ */

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

/* ---- the items for the in-memory index, and the change log ------------- */

#define SCAN_PAGE 2048   /* rows per statement: PostgreSQL returns them all at once */

/* The columns of a search_doc_row, after an id: of m, a search_item
 * (NULL for all of them when the row is missing). */
#define DOC_COLS "m.kind, m.region_code, m.city_code, m.category, m.region2," \
	" coalesce(m.org_id, 0), coalesce(m.org2_id, 0), coalesce(m.year, 0)," \
	" coalesce(m.vis, 0), coalesce(m.activity, 0.0), m.name, m.name_en, m.subtitle, m.body"

/* Reads the row's columns from i on (DOC_COLS). */
static void doc_row(struct db_stmt *st, int i, struct search_doc_row *r)
{
	r->kind = db_col_text(st, i);
	r->region_code = db_col_text(st, i + 1);
	r->city_code = db_col_text(st, i + 2);
	r->category = db_col_text(st, i + 3);
	r->region2 = db_col_text(st, i + 4);
	r->org_id = db_col_int(st, i + 5);
	r->org2_id = db_col_int(st, i + 6);
	r->year = db_col_int(st, i + 7);
	r->vis = (int)db_col_int(st, i + 8);
	r->activity = db_col_double(st, i + 9);
	r->name = db_col_text(st, i + 10);
	r->name_en = db_col_text(st, i + 11);
	r->subtitle = db_col_text(st, i + 12);
	r->body = db_col_text(st, i + 13);
}

/* Steps st a page at a time: its parameters are lead[0..nlead), then the
 * id to read after, then the page's size; its columns an id and DOC_COLS.
 * Each row goes to fn; DB_DONE, fn's non-zero return, or an error. */
static int pages(struct db_stmt *st, const int64_t *lead, int nlead, search_doc_fn fn, void *arg)
{
	int64_t after = INT64_MIN;
	int rc;
	for (;;) {
		int n = 0;
		for (int i = 0; i < nlead; i++)
			db_bind_int(st, i + 1, lead[i]);
		db_bind_int(st, nlead + 1, after);
		db_bind_int(st, nlead + 2, SCAN_PAGE);
		while ((rc = db_step(st)) == DB_ROW) {
			struct search_doc_row r;
			r.id = after = db_col_int(st, 0);
			doc_row(st, 1, &r);
			n++;
			if ((rc = fn(arg, &r)) != 0)
				break;
		}
		db_done(st);
		if (rc != DB_DONE || n < SCAN_PAGE)
			return rc;
	}
}

int store_search_scan(struct db *db, search_doc_fn fn, void *arg)
{
	struct db_stmt *st = db_stmt(db, "SELECT m.id, " DOC_COLS " FROM search_item m"
				     " WHERE m.id > ? ORDER BY m.id LIMIT ?");
	int rc;
	if (!st)
		return DB_ERR;
	rc = pages(st, NULL, 0, fn, arg);
	return rc == DB_DONE ? 0 : rc;
}

int store_search_changes(struct db *db, int64_t since, int64_t *upto, search_doc_fn fn,
			 void *arg)
{
	/* the highest seq first: whatever is read after it is at least as new */
	struct db_stmt *top = db_stmt(db, "SELECT coalesce(max(seq), ?) FROM search_log WHERE seq > ?");
	struct db_stmt *st;
	int64_t hi, docs, lead[2];
	int rc = DB_DONE;
	*upto = since;
	if (!top || db_bind_int(top, 1, since) < 0 || db_bind_int(top, 2, since) < 0) {
		db_done(top);
		return DB_ERR;
	}
	hi = db_scalar_int(top, INT64_MIN);
	if (hi == INT64_MIN)
		return DB_ERR;
	st = db_stmt(db, "SELECT l.id, " DOC_COLS " FROM (SELECT DISTINCT id FROM search_log"
		     " WHERE seq > ? AND seq <= ? AND id > ?) l"
		     " LEFT JOIN search_item m ON m.id = l.id ORDER BY l.id LIMIT ?");
	if (!st)
		return DB_ERR;
	lead[0] = since;
	lead[1] = hi;
	if (hi > since)
		rc = pages(st, lead, 2, fn, arg);
	else
		db_done(st);
	if (rc != DB_DONE)
		return rc;
	/* did the log reach back to since when it was read?  (always, when
	 * the caller checked in the same snapshot; outside one, writers may
	 * have trimmed it meanwhile) */
	docs = db_scalar_int(db_stmt(db, "SELECT docs FROM search_clock WHERE id = 1"), INT64_MIN);
	if (docs == INT64_MIN)
		return DB_ERR;
	if (docs - since > SEARCH_LOG_KEEP)
		return error("store: the search log no longer reaches back to %lld (clock %lld)",
			     (long long)since, (long long)docs);
	*upto = hi;
	return 0;
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
	/* the log describes the items before: gone, and docs past its reach */
	if (rc == 0)
		rc = db_exec(db, "DELETE FROM search_log");
	if (rc == 0) {
		struct db_stmt *st = db_stmt(db, "UPDATE search_clock SET bulk = 0, docs = docs + ?,"
					     " names = names + 1");
		if (!st || db_bind_int(st, 1, (int64_t)SEARCH_LOG_KEEP + 1) < 0) {
			db_done(st);
			rc = DB_ERR;
		} else {
			rc = db_run(st);
		}
	}
	if (rc == 0)
		*items = db_scalar_int(db_stmt(db, "SELECT count(*) FROM search_item"), 0);
	return rc;
}

int store_search_size(struct db *db, int64_t *bytes)
{
	/* the table and every index on it (SQLite: the primary key is the
	 * table's own B-tree; PostgreSQL: TOAST included) */
	struct db_stmt *st = db_prepare(db, DB_SQL(db,
		"SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name IN"
		" (SELECT name FROM sqlite_master WHERE tbl_name = 'search_item'"
		" AND type IN ('table', 'index'))",
		"SELECT pg_total_relation_size('search_item')"));
	int rc;
	*bytes = -1;
	if (!st)
		return DB_ERR;   /* SQLite built without dbstat */
	rc = db_step(st);
	if (rc == DB_ROW) {
		*bytes = db_col_int(st, 0);
		rc = 0;
	}
	db_finalize(st);
	return rc == 0 ? 0 : DB_ERR;
}
