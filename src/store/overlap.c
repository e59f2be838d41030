/*
 * overlap.c — rounds, guide items, compared documents, overlap pairs and
 * decisions in SQL.  See overlap.h for the tables and the change numbers.
 */
#include <string.h>
#include "core/util.h"
#include "store/db.h"
#include "store/internal.h"
#include "store/overlap.h"
#include "core/banned.h"

static int run_changes(struct db *db, struct db_stmt *st, int rc)
{
	(void)st;
	return rc == 0 && db_changes(db) == 0 ? 1 : rc;
}

/* ---- rounds ------------------------------------------------------------- */

#define ROUND_COLS \
	"r.id, r.year, r.title, r.fields, r.state, r.suspect, r.duplicate, r.related," \
	" coalesce(r.created_by, 0), r.created_at, r.updated_at, coalesce(r.closed_at, 0)," \
	" (SELECT count(*) FROM guide_item g WHERE g.round_id = r.id)," \
	" (SELECT count(*) FROM guide_item g WHERE g.round_id = r.id" \
	"   AND g.state IN ('draft','funded'))," \
	" (SELECT count(DISTINCT region_code) FROM guide_item g WHERE g.round_id = r.id)," \
	" (SELECT count(*) FROM overlap_pair p WHERE p.round_id = r.id AND p.level = 'duplicate')," \
	" (SELECT count(*) FROM overlap_pair p WHERE p.round_id = r.id AND p.level = 'suspected')," \
	" (SELECT count(*) FROM overlap_pair p JOIN overlap_doc da ON da.id = p.a_doc" \
	"   JOIN overlap_doc db ON db.id = p.b_doc WHERE p.round_id = r.id" \
	"   AND p.level IN ('duplicate','suspected') AND p.decision IS NULL" \
	"   AND da.status <> 'retired' AND db.status <> 'retired')"

static void round_read(struct db_stmt *st, struct arena *a, struct overlap_round *r)
{
	memset(r, 0, sizeof *r);
	r->id = db_col_int(st, 0);
	r->year = db_col_int(st, 1);
	r->title = col_str(st, 2, a);
	r->fields = col_str(st, 3, a);
	r->state = col_str(st, 4, a);
	r->suspect = db_col_double(st, 5);
	r->duplicate = db_col_double(st, 6);
	r->related = db_col_double(st, 7);
	r->created_by = db_col_int(st, 8);
	r->created_at = db_col_int(st, 9);
	r->updated_at = db_col_int(st, 10);
	r->closed_at = db_col_int(st, 11);
	r->items = db_col_int(st, 12);
	r->live_items = db_col_int(st, 13);
	r->regions = db_col_int(st, 14);
	r->duplicates = db_col_int(st, 15);
	r->suspected = db_col_int(st, 16);
	r->undecided = db_col_int(st, 17);
}

int store_round_insert(struct db *db, const struct overlap_round *r, int64_t *id)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO overlap_round(year, title, fields, state, suspect, duplicate, related,"
		" created_by, created_at, updated_at) VALUES (?, ?, ?, 'open', ?, ?, ?, ?, ?, ?)");
	int64_t now = now_unix();
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, r->year);
	db_bind_text(st, 2, r->title);
	db_bind_text(st, 3, r->fields);
	db_bind_double(st, 4, r->suspect);
	db_bind_double(st, 5, r->duplicate);
	db_bind_double(st, 6, r->related);
	if (r->created_by > 0)
		db_bind_int(st, 7, r->created_by);
	db_bind_int(st, 8, now);
	db_bind_int(st, 9, now);
	rc = db_run(st);
	if (rc == 0 && id)
		*id = db_last_id(db);
	return rc;
}

int store_round_update(struct db *db, const struct overlap_round *r)
{
	struct db_stmt *st = db_stmt(db,
		"UPDATE overlap_round SET year = ?, title = ?, fields = ?, suspect = ?, duplicate = ?,"
		" related = ?, updated_at = ? WHERE id = ? AND state = 'open'");
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, r->year);
	db_bind_text(st, 2, r->title);
	db_bind_text(st, 3, r->fields);
	db_bind_double(st, 4, r->suspect);
	db_bind_double(st, 5, r->duplicate);
	db_bind_double(st, 6, r->related);
	db_bind_int(st, 7, now_unix());
	db_bind_int(st, 8, r->id);
	return run_changes(db, st, db_run(st));
}

int store_round_close(struct db *db, int64_t id, int64_t now)
{
	struct db_stmt *st = db_stmt(db,
		"UPDATE overlap_round SET state = 'closed', closed_at = ?, updated_at = ?"
		" WHERE id = ? AND state = 'open'");
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, now);
	db_bind_int(st, 3, id);
	return run_changes(db, st, db_run(st));
}

int store_round_get(struct db *db, struct arena *a, int64_t id, struct overlap_round *out)
{
	struct db_stmt *st = db_stmt(db, "SELECT " ROUND_COLS " FROM overlap_round r WHERE r.id = ?");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		round_read(st, a, out);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = 1;
	}
	db_done(st);
	return rc;
}

int store_round_list(struct db *db, struct arena *a, int closed_only,
		     struct overlap_round **out, size_t *n)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT " ROUND_COLS " FROM overlap_round r"
		" WHERE ? = 0 OR r.state = 'closed' ORDER BY r.year DESC, r.id DESC");
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, closed_only);
	while ((rc = db_step(st)) == DB_ROW) {
		struct overlap_round *r = store_grow(a, (void **)out, &cap, *n, sizeof **out);
		if (!r) {
			rc = DB_ERR;
			break;
		}
		round_read(st, a, r);
		(*n)++;
	}
	db_done(st);
	return rc == DB_DONE ? 0 : rc;
}

int store_round_list_open(struct db *db, struct arena *a, struct overlap_round **out,
			  size_t *n)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT id, year, title, fields, suspect, duplicate, related FROM overlap_round"
		" WHERE state = 'open' ORDER BY id");
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return DB_ERR;
	while ((rc = db_step(st)) == DB_ROW) {
		struct overlap_round *r = store_grow(a, (void **)out, &cap, *n, sizeof **out);
		if (!r) {
			rc = DB_ERR;
			break;
		}
		memset(r, 0, sizeof *r);
		r->id = db_col_int(st, 0);
		r->year = db_col_int(st, 1);
		r->title = col_str(st, 2, a);
		r->fields = col_str(st, 3, a);
		r->state = "open";
		r->suspect = db_col_double(st, 4);
		r->duplicate = db_col_double(st, 5);
		r->related = db_col_double(st, 6);
		(*n)++;
	}
	db_done(st);
	return rc == DB_DONE ? 0 : rc;
}

/* ---- guide items -------------------------------------------------------- */

#define ITEM_COLS \
	"g.id, g.round_id, g.region_code, g.field, g.title, g.content, g.indicators," \
	" coalesce(g.budget_wan, -1), g.state, coalesce(g.merged_into, 0), coalesce(g.created_by, 0)," \
	" g.created_at, g.updated_at, coalesce(d.id, 0), rg.name_zh, rg.name_en, r.state, r.year"
#define ITEM_JOINS \
	" JOIN overlap_round r ON r.id = g.round_id JOIN region rg ON rg.code = g.region_code" \
	" LEFT JOIN overlap_doc d ON d.kind = 'guide_item' AND d.ref_id = g.id"

static void item_read(struct db_stmt *st, struct arena *a, struct guide_item *it)
{
	memset(it, 0, sizeof *it);
	it->id = db_col_int(st, 0);
	it->round_id = db_col_int(st, 1);
	it->region_code = col_str(st, 2, a);
	it->field = col_str(st, 3, a);
	it->title = col_str(st, 4, a);
	it->content = col_str(st, 5, a);
	it->indicators = col_str(st, 6, a);
	it->budget_wan = db_col_int(st, 7);
	it->state = col_str(st, 8, a);
	it->merged_into = db_col_int(st, 9);
	it->created_by = db_col_int(st, 10);
	it->created_at = db_col_int(st, 11);
	it->updated_at = db_col_int(st, 12);
	it->doc_id = db_col_int(st, 13);
	it->region_zh = col_str(st, 14, a);
	it->region_en = col_str(st, 15, a);
	it->round_state = col_str(st, 16, a);
	it->round_year = db_col_int(st, 17);
}

int store_item_insert(struct db *db, const struct guide_item *it, int64_t *id)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO guide_item(round_id, region_code, field, title, content, indicators,"
		" budget_wan, state, created_by, created_at, updated_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, coalesce(?11, 'draft'), ?8, ?9, ?10)");
	int64_t now = now_unix();
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, it->round_id);
	db_bind_text(st, 2, it->region_code);
	db_bind_text(st, 3, it->field);
	db_bind_text(st, 4, it->title);
	db_bind_text(st, 5, it->content);
	bind_opt(st, 6, it->indicators);
	if (it->budget_wan >= 0)
		db_bind_int(st, 7, it->budget_wan);
	if (it->created_by > 0)
		db_bind_int(st, 8, it->created_by);
	db_bind_int(st, 9, now);
	db_bind_int(st, 10, now);
	bind_opt(st, 11, it->state);
	rc = db_run(st);
	if (rc == 0 && id)
		*id = db_last_id(db);
	return rc;
}

int store_item_update(struct db *db, const struct guide_item *it)
{
	struct db_stmt *st = db_stmt(db,
		"UPDATE guide_item SET field = ?, title = ?, content = ?, indicators = ?,"
		" budget_wan = ?, updated_at = ? WHERE id = ?");
	if (!st)
		return DB_ERR;
	db_bind_text(st, 1, it->field);
	db_bind_text(st, 2, it->title);
	db_bind_text(st, 3, it->content);
	bind_opt(st, 4, it->indicators);
	if (it->budget_wan >= 0)
		db_bind_int(st, 5, it->budget_wan);
	db_bind_int(st, 6, now_unix());
	db_bind_int(st, 7, it->id);
	return run_changes(db, st, db_run(st));
}

int store_item_set_state(struct db *db, int64_t id, const char *state, int64_t merged_into,
			 int64_t now)
{
	struct db_stmt *st = db_stmt(db,
		"UPDATE guide_item SET state = ?, merged_into = ?, updated_at = ? WHERE id = ?");
	if (!st)
		return DB_ERR;
	db_bind_text(st, 1, state);
	if (merged_into > 0)
		db_bind_int(st, 2, merged_into);
	db_bind_int(st, 3, now);
	db_bind_int(st, 4, id);
	return run_changes(db, st, db_run(st));
}

int store_item_get(struct db *db, struct arena *a, int64_t id, struct guide_item *out)
{
	struct db_stmt *st = db_stmt(db, "SELECT " ITEM_COLS " FROM guide_item g" ITEM_JOINS
				     " WHERE g.id = ?");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		item_read(st, a, out);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = 1;
	}
	db_done(st);
	return rc;
}

int store_item_list(struct db *db, struct arena *a, int64_t round_id, const char *region,
		    int live_only, struct guide_item **out, size_t *n)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT " ITEM_COLS " FROM guide_item g" ITEM_JOINS
		" WHERE g.round_id = ? AND (?2 IS NULL OR g.region_code = ?2)"
		" AND (?3 = 0 OR g.state IN ('draft','funded'))"
		" ORDER BY rg.sort, g.region_code, g.field, g.id");
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, round_id);
	bind_opt(st, 2, region);
	db_bind_int(st, 3, live_only);
	while ((rc = db_step(st)) == DB_ROW) {
		struct guide_item *it = store_grow(a, (void **)out, &cap, *n, sizeof **out);
		if (!it) {
			rc = DB_ERR;
			break;
		}
		item_read(st, a, it);
		(*n)++;
	}
	db_done(st);
	return rc == DB_DONE ? 0 : rc;
}

/* ---- documents ---------------------------------------------------------- */

int64_t store_doc_seq(struct db *db)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT coalesce(max(s), 0) FROM (SELECT max(seq) AS s FROM overlap_doc"
		" UNION ALL SELECT max(seq) FROM overlap_gone) AS t");
	return st ? db_scalar_int(st, 0) : DB_ERR;
}

static int next_seq(struct db *db, int64_t *seq)
{
	int64_t s = store_doc_seq(db);
	if (s < 0)
		return (int)s;
	*seq = s + 1;
	return 0;
}

int store_doc_put(struct db *db, const struct overlap_doc *d, int64_t *id)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO overlap_doc(kind, ref_id, round_id, status, title, content, indicators,"
		" field, region_code, year, sketch, words, seq, updated_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
		" ON CONFLICT (kind, ref_id) DO UPDATE SET round_id = ?3, status = ?4, title = ?5,"
		" content = ?6, indicators = ?7, field = ?8, region_code = ?9, year = ?10,"
		" sketch = ?11, words = ?12, seq = ?13, updated_at = ?14");
	struct db_stmt *q;
	int64_t seq = 0;
	int rc;

	if (!st)
		return DB_ERR;
	if ((rc = next_seq(db, &seq)) < 0)
		return rc;
	db_bind_text(st, 1, d->kind);
	db_bind_int(st, 2, d->ref_id);
	if (d->round_id > 0)
		db_bind_int(st, 3, d->round_id);
	db_bind_text(st, 4, d->status);
	db_bind_text(st, 5, d->title);
	db_bind_text(st, 6, d->content);
	bind_opt(st, 7, d->indicators);
	bind_opt(st, 8, d->field);
	bind_opt(st, 9, d->region_code);
	if (d->year > 0)
		db_bind_int(st, 10, d->year);
	db_bind_blob(st, 11, d->sketch, d->sketch_len);
	if (d->words)
		db_bind_blob(st, 12, d->words, d->words_len);
	db_bind_int(st, 13, seq);
	db_bind_int(st, 14, now_unix());
	if ((rc = db_run(st)) < 0)
		return rc;
	if (!id)
		return 0;
	if (!(q = db_stmt(db, "SELECT id FROM overlap_doc WHERE kind = ? AND ref_id = ?")))
		return DB_ERR;
	db_bind_text(q, 1, d->kind);
	db_bind_int(q, 2, d->ref_id);
	*id = db_scalar_int(q, 0);
	return *id > 0 ? 0 : DB_ERR;
}

int store_doc_set_status(struct db *db, int64_t id, const char *status, int64_t round_id)
{
	struct db_stmt *st = db_stmt(db,
		"UPDATE overlap_doc SET status = ?, round_id = ?, seq = ?, updated_at = ? WHERE id = ?");
	int64_t seq = 0;
	int rc;
	if (!st)
		return DB_ERR;
	if ((rc = next_seq(db, &seq)) < 0)
		return rc;
	db_bind_text(st, 1, status);
	if (round_id > 0)
		db_bind_int(st, 2, round_id);
	db_bind_int(st, 3, seq);
	db_bind_int(st, 4, now_unix());
	db_bind_int(st, 5, id);
	return run_changes(db, st, db_run(st));
}

int store_doc_set_words(struct db *db, int64_t id, const void *words, size_t len)
{
	struct db_stmt *st = db_stmt(db, "UPDATE overlap_doc SET words = ? WHERE id = ?");
	if (!st)
		return DB_ERR;
	db_bind_blob(st, 1, words, len);
	db_bind_int(st, 2, id);
	return run_changes(db, st, db_run(st));
}

int store_doc_delete(struct db *db, const char *kind, int64_t ref_id)
{
	struct db_stmt *q = db_stmt(db, "SELECT id FROM overlap_doc WHERE kind = ? AND ref_id = ?");
	struct db_stmt *del, *log;
	int64_t id, seq = 0;
	int rc;

	if (!q)
		return DB_ERR;
	db_bind_text(q, 1, kind);
	db_bind_int(q, 2, ref_id);
	if ((id = db_scalar_int(q, 0)) <= 0)
		return id < 0 ? (int)id : 1;
	if ((rc = next_seq(db, &seq)) < 0)
		return rc;
	if (!(del = db_stmt(db, "DELETE FROM overlap_doc WHERE id = ?")))
		return DB_ERR;
	db_bind_int(del, 1, id);
	if ((rc = db_run(del)) < 0)
		return rc;
	if (!(log = db_stmt(db, "INSERT INTO overlap_gone(seq, doc_id) VALUES (?, ?)")))
		return DB_ERR;
	db_bind_int(log, 1, seq);
	db_bind_int(log, 2, id);
	return db_run(log);
}

#define DOC_COLS(d) \
	d ".id, " d ".kind, " d ".ref_id, coalesce(" d ".round_id, 0), " d ".status, " d ".title, " \
	d ".content, " d ".indicators, " d ".field, " d ".region_code, coalesce(" d ".year, 0), " \
	d ".seq, " d ".updated_at"
#define DOC_NCOLS 13

/* Reads the DOC_COLS starting at column k. */
static void doc_read(struct db_stmt *st, int k, struct arena *a, struct overlap_doc *d)
{
	d->id = db_col_int(st, k);
	d->kind = col_str(st, k + 1, a);
	d->ref_id = db_col_int(st, k + 2);
	d->round_id = db_col_int(st, k + 3);
	d->status = col_str(st, k + 4, a);
	d->title = col_str(st, k + 5, a);
	d->content = col_str(st, k + 6, a);
	d->indicators = col_str(st, k + 7, a);
	d->field = col_str(st, k + 8, a);
	d->region_code = col_str(st, k + 9, a);
	d->year = db_col_int(st, k + 10);
	d->seq = db_col_int(st, k + 11);
	d->updated_at = db_col_int(st, k + 12);
}

/* Copies column i's blob into the arena. */
static const void *col_blob(struct db_stmt *st, int i, struct arena *a, size_t *n)
{
	const void *p = db_col_blob(st, i, n);
	void *q;
	if (!p || !*n)
		return NULL;
	if ((q = arena_alloc(a, *n)))
		memcpy(q, p, *n);
	return q;
}

#define DOC_FULL \
	"SELECT " DOC_COLS("d") ", d.sketch, d.words, rg.name_zh, rg.name_en, g.state" \
	" FROM overlap_doc d LEFT JOIN region rg ON rg.code = d.region_code" \
	" LEFT JOIN guide_item g ON d.kind = 'guide_item' AND g.id = d.ref_id"

static int doc_get(struct db_stmt *st, struct arena *a, struct overlap_doc *out)
{
	int rc = db_step(st);
	if (rc == DB_ROW) {
		memset(out, 0, sizeof *out);
		doc_read(st, 0, a, out);
		out->sketch = col_blob(st, DOC_NCOLS, a, &out->sketch_len);
		out->words = col_blob(st, DOC_NCOLS + 1, a, &out->words_len);
		out->region_zh = col_str(st, DOC_NCOLS + 2, a);
		out->region_en = col_str(st, DOC_NCOLS + 3, a);
		out->item_state = col_str(st, DOC_NCOLS + 4, a);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = 1;
	}
	db_done(st);
	return rc;
}

int store_doc_get(struct db *db, struct arena *a, int64_t id, struct overlap_doc *out)
{
	struct db_stmt *st = db_stmt(db, DOC_FULL " WHERE d.id = ?");
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, id);
	return doc_get(st, a, out);
}

int store_doc_by_ref(struct db *db, struct arena *a, const char *kind, int64_t ref_id,
		     struct overlap_doc *out)
{
	struct db_stmt *st = db_stmt(db, DOC_FULL " WHERE d.kind = ? AND d.ref_id = ?");
	if (!st)
		return DB_ERR;
	db_bind_text(st, 1, kind);
	db_bind_int(st, 2, ref_id);
	return doc_get(st, a, out);
}

int store_doc_changes(struct db *db, int64_t after, doc_fn fn, gone_fn gone, void *arg)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT id, kind, ref_id, coalesce(round_id, 0), status, region_code, field,"
		" coalesce(year, 0), seq, sketch, words FROM overlap_doc WHERE seq > ? ORDER BY seq");
	int rc;

	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, after);
	while ((rc = db_step(st)) == DB_ROW) {
		struct overlap_doc d;
		int r;
		memset(&d, 0, sizeof d);
		d.id = db_col_int(st, 0);
		d.kind = db_col_text(st, 1);
		d.ref_id = db_col_int(st, 2);
		d.round_id = db_col_int(st, 3);
		d.status = db_col_text(st, 4);
		d.region_code = db_col_text(st, 5);
		d.field = db_col_text(st, 6);
		d.year = db_col_int(st, 7);
		d.seq = db_col_int(st, 8);
		d.sketch = db_col_blob(st, 9, &d.sketch_len);
		d.words = db_col_blob(st, 10, &d.words_len);
		if ((r = fn(arg, &d)) != 0) {
			db_done(st);
			return r;
		}
	}
	db_done(st);
	if (rc != DB_DONE)
		return rc;
	if (!(st = db_stmt(db, "SELECT doc_id FROM overlap_gone WHERE seq > ? ORDER BY seq")))
		return DB_ERR;
	db_bind_int(st, 1, after);
	while ((rc = db_step(st)) == DB_ROW) {
		int r = gone(arg, db_col_int(st, 0));
		if (r != 0) {
			db_done(st);
			return r;
		}
	}
	db_done(st);
	return rc == DB_DONE ? 0 : rc;
}

int store_doc_since(struct db *db, struct arena *a, int64_t after, struct overlap_doc **out,
		    size_t *n)
{
	struct db_stmt *st = db_stmt(db, DOC_FULL " WHERE d.seq > ? AND d.status <> 'retired'"
				     " ORDER BY d.seq");
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, after);
	while ((rc = db_step(st)) == DB_ROW) {
		struct overlap_doc *d = store_grow(a, (void **)out, &cap, *n, sizeof **out);
		if (!d) {
			rc = DB_ERR;
			break;
		}
		memset(d, 0, sizeof *d);
		doc_read(st, 0, a, d);
		d->sketch = col_blob(st, DOC_NCOLS, a, &d->sketch_len);
		d->words = col_blob(st, DOC_NCOLS + 1, a, &d->words_len);
		d->region_zh = col_str(st, DOC_NCOLS + 2, a);
		d->region_en = col_str(st, DOC_NCOLS + 3, a);
		d->item_state = col_str(st, DOC_NCOLS + 4, a);
		(*n)++;
	}
	db_done(st);
	return rc == DB_DONE ? 0 : rc;
}

int store_overlap_instance(struct db *db, struct arena *a, const char **out)
{
	struct db_stmt *st = db_stmt(db, "SELECT value FROM meta WHERE key = 'overlap_instance'");
	int rc;
	*out = NULL;
	if (!st)
		return DB_ERR;
	rc = db_step(st);
	if (rc == DB_ROW) {
		*out = col_str(st, 0, a);
		rc = *out ? 0 : DB_ERR;
	} else if (rc == DB_DONE) {
		rc = 1;
	}
	db_done(st);
	return rc;
}

int store_doc_round_field(struct db *db, struct arena *a, int64_t round_id, const char *field,
			  const char *not_region, struct overlap_doc **out, size_t *n)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT id, ref_id, region_code, words, title, content, indicators FROM overlap_doc"
		" WHERE round_id = ? AND field = ? AND status = 'round' AND region_code <> ?"
		" ORDER BY id");
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, round_id);
	db_bind_text(st, 2, field);
	db_bind_text(st, 3, not_region ? not_region : "");
	while ((rc = db_step(st)) == DB_ROW) {
		struct overlap_doc *d = store_grow(a, (void **)out, &cap, *n, sizeof **out);
		if (!d) {
			rc = DB_ERR;
			break;
		}
		memset(d, 0, sizeof *d);
		d->id = db_col_int(st, 0);
		d->ref_id = db_col_int(st, 1);
		d->region_code = col_str(st, 2, a);
		d->words = col_blob(st, 3, a, &d->words_len);
		d->title = col_str(st, 4, a);
		d->content = col_str(st, 5, a);
		d->indicators = col_str(st, 6, a);
		d->kind = "guide_item";
		d->status = "round";
		d->round_id = round_id;
		(*n)++;
	}
	db_done(st);
	return rc == DB_DONE ? 0 : rc;
}

/* ---- pairs -------------------------------------------------------------- */

int store_pair_put(struct db *db, const struct overlap_pair *p)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO overlap_pair(round_id, a_doc, b_doc, scope, level, score, copy, jaccard,"
		" topic, part_title, part_content, part_indicators, computed_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
		" ON CONFLICT (a_doc, b_doc) DO UPDATE SET scope = ?4, level = ?5, score = ?6,"
		" copy = ?7, jaccard = ?8, topic = ?9, part_title = ?10, part_content = ?11,"
		" part_indicators = ?12, computed_at = ?13");
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, p->round_id);
	db_bind_int(st, 2, p->a_doc);
	db_bind_int(st, 3, p->b_doc);
	db_bind_text(st, 4, p->scope);
	db_bind_text(st, 5, p->level);
	db_bind_double(st, 6, p->score);
	db_bind_double(st, 7, p->copy);
	db_bind_double(st, 8, p->jaccard);
	if (p->topic >= 0)
		db_bind_double(st, 9, p->topic);
	for (int k = 0; k < 3; k++)
		if (p->part[k] >= 0)
			db_bind_double(st, 10 + k, p->part[k]);
	db_bind_int(st, 13, now_unix());
	return db_run(st);
}

int store_pair_prune(struct db *db, int64_t round_id, int64_t doc, const int64_t *keep, size_t n,
		     int *deleted)
{
	struct db_stmt *q = db_stmt(db,
		"SELECT id, CASE WHEN a_doc = ?2 THEN b_doc ELSE a_doc END FROM overlap_pair"
		" WHERE round_id = ?1 AND (a_doc = ?2 OR b_doc = ?2)");
	struct db_stmt *del;
	int64_t ids[512];
	size_t nid = 0;
	int rc, count = 0;

	if (deleted)
		*deleted = 0;
	if (!q)
		return DB_ERR;
	/* collect first (a statement may not delete under its own cursor),
	 * a batch at a time */
	do {
		nid = 0;
		db_bind_int(q, 1, round_id);
		db_bind_int(q, 2, doc);
		while ((rc = db_step(q)) == DB_ROW && nid < ARRAY_SIZE(ids)) {
			int64_t other = db_col_int(q, 1);
			size_t k;
			for (k = 0; k < n && keep[k] != other; k++)
				;
			if (k == n)
				ids[nid++] = db_col_int(q, 0);
		}
		db_done(q);
		if (rc < 0)
			return rc;
		for (size_t i = 0; i < nid; i++) {
			if (!(del = db_stmt(db, "DELETE FROM overlap_pair WHERE id = ?")))
				return DB_ERR;
			db_bind_int(del, 1, ids[i]);
			if ((rc = db_run(del)) < 0)
				return rc;
			count++;
		}
	} while (nid == ARRAY_SIZE(ids));
	if (deleted)
		*deleted = count;
	return 0;
}

int store_pair_clear(struct db *db, int64_t round_id)
{
	struct db_stmt *st = db_stmt(db, "DELETE FROM overlap_pair WHERE round_id = ?");
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, round_id);
	return db_run(st);
}

#define PAIR_COLS \
	"p.id, p.round_id, p.a_doc, p.b_doc, p.scope, p.level, p.score, p.copy, p.jaccard," \
	" coalesce(p.topic, -1), coalesce(p.part_title, -1), coalesce(p.part_content, -1)," \
	" coalesce(p.part_indicators, -1), p.decision, coalesce(p.decision_item, 0), p.reason," \
	" coalesce(p.decided_by, 0), coalesce(p.decided_at, 0), p.computed_at, ac.username, " \
	DOC_COLS("da") ", ra.name_zh, ra.name_en, ga.state, " \
	DOC_COLS("db") ", rb.name_zh, rb.name_en, gb.state"
#define PAIR_NCOLS 20
#define PAIR_JOINS \
	" JOIN overlap_doc da ON da.id = p.a_doc JOIN overlap_doc db ON db.id = p.b_doc" \
	" LEFT JOIN region ra ON ra.code = da.region_code LEFT JOIN region rb ON rb.code = db.region_code" \
	" LEFT JOIN guide_item ga ON da.kind = 'guide_item' AND ga.id = da.ref_id" \
	" LEFT JOIN guide_item gb ON db.kind = 'guide_item' AND gb.id = db.ref_id" \
	" LEFT JOIN account ac ON ac.id = p.decided_by"

static void pair_read(struct db_stmt *st, struct arena *a, struct overlap_pair *p)
{
	int k;
	memset(p, 0, sizeof *p);
	p->id = db_col_int(st, 0);
	p->round_id = db_col_int(st, 1);
	p->a_doc = db_col_int(st, 2);
	p->b_doc = db_col_int(st, 3);
	p->scope = col_str(st, 4, a);
	p->level = col_str(st, 5, a);
	p->score = db_col_double(st, 6);
	p->copy = db_col_double(st, 7);
	p->jaccard = db_col_double(st, 8);
	p->topic = db_col_double(st, 9);
	p->part[0] = db_col_double(st, 10);
	p->part[1] = db_col_double(st, 11);
	p->part[2] = db_col_double(st, 12);
	p->decision = col_str(st, 13, a);
	p->decision_item = db_col_int(st, 14);
	p->reason = col_str(st, 15, a);
	p->decided_by = db_col_int(st, 16);
	p->decided_at = db_col_int(st, 17);
	p->computed_at = db_col_int(st, 18);
	p->decided_by_name = col_str(st, 19, a);
	k = PAIR_NCOLS;
	doc_read(st, k, a, &p->a);
	p->a.region_zh = col_str(st, k + DOC_NCOLS, a);
	p->a.region_en = col_str(st, k + DOC_NCOLS + 1, a);
	p->a.item_state = col_str(st, k + DOC_NCOLS + 2, a);
	k += DOC_NCOLS + 3;
	doc_read(st, k, a, &p->b);
	p->b.region_zh = col_str(st, k + DOC_NCOLS, a);
	p->b.region_en = col_str(st, k + DOC_NCOLS + 1, a);
	p->b.item_state = col_str(st, k + DOC_NCOLS + 2, a);
}

int store_pair_get(struct db *db, struct arena *a, int64_t id, struct overlap_pair *out)
{
	struct db_stmt *st = db_stmt(db, "SELECT " PAIR_COLS " FROM overlap_pair p" PAIR_JOINS
				     " WHERE p.id = ?");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		pair_read(st, a, out);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = 1;
	}
	db_done(st);
	return rc;
}

int store_pair_list(struct db *db, struct arena *a, int64_t round_id, const char *scope,
		    const char *level, int64_t doc, struct overlap_pair **out, size_t *n)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT " PAIR_COLS " FROM overlap_pair p" PAIR_JOINS
		" WHERE p.round_id = ?1 AND (?2 IS NULL OR p.scope = ?2)"
		" AND (?3 IS NULL OR p.level = ?3) AND (?4 = 0 OR p.a_doc = ?4 OR p.b_doc = ?4)"
		" ORDER BY p.score DESC, p.id");
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, round_id);
	bind_opt(st, 2, scope);
	bind_opt(st, 3, level);
	db_bind_int(st, 4, doc);
	while ((rc = db_step(st)) == DB_ROW) {
		struct overlap_pair *p = store_grow(a, (void **)out, &cap, *n, sizeof **out);
		if (!p) {
			rc = DB_ERR;
			break;
		}
		pair_read(st, a, p);
		(*n)++;
	}
	db_done(st);
	return rc == DB_DONE ? 0 : rc;
}

int store_pair_decide(struct db *db, int64_t id, const char *decision, int64_t item,
		      const char *reason, int64_t by, int64_t at)
{
	struct db_stmt *st = db_stmt(db,
		"UPDATE overlap_pair SET decision = ?, decision_item = ?, reason = ?, decided_by = ?,"
		" decided_at = ? WHERE id = ?");
	if (!st)
		return DB_ERR;
	db_bind_text(st, 1, decision);
	if (item > 0)
		db_bind_int(st, 2, item);
	bind_opt(st, 3, reason);
	if (by > 0)
		db_bind_int(st, 4, by);
	db_bind_int(st, 5, at);
	db_bind_int(st, 6, id);
	return run_changes(db, st, db_run(st));
}

int64_t store_pair_undecided(struct db *db, int64_t round_id)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT count(*) FROM overlap_pair p JOIN overlap_doc da ON da.id = p.a_doc"
		" JOIN overlap_doc db ON db.id = p.b_doc"
		" WHERE p.round_id = ? AND p.level IN ('duplicate','suspected') AND p.decision IS NULL"
		" AND da.status <> 'retired' AND db.status <> 'retired'");
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, round_id);
	return db_scalar_int(st, 0);
}
