/*
 * expert.c — expert profiles, the change clock, projects read for
 * experts, conflicts of interest and review-panel draws.  See expert.h.
 *
 * Lists of ids are bound as one JSON array and opened with json_each()
 * (PostgreSQL: json_array_elements_text()), so each query is one fixed,
 * cached statement whatever the list length.
 */
#include <stdio.h>
#include <string.h>
#include "core/buf.h"
#include "core/util.h"
#include "store/db.h"
#include "store/expert.h"
#include "store/internal.h"
#include "core/banned.h"

/* ---- helpers ------------------------------------------------------------ */

/* Takes the next value of the change clock. */
static int next_rev(struct db *db, int64_t *rev)
{
	struct db_stmt *st = db_stmt(db,
		"UPDATE expert_clock SET rev = rev + 1 WHERE id = 1 RETURNING rev");
	int rc;
	if (!st)
		return DB_ERR;
	rc = db_step(st);
	if (rc == DB_ROW) {
		*rev = db_col_int(st, 0);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = DB_ERR;
	}
	db_done(st);
	return rc;
}

/* ids as a JSON array, for json_each(); "" on an allocation failure. */
static int ids_json(struct buf *b, const int64_t *ids, size_t n)
{
	int rc = buf_addch(b, '[');
	for (size_t i = 0; i < n && !rc; i++)
		rc = buf_addf(b, "%s%lld", i ? "," : "", (long long)ids[i]);
	return rc | buf_addch(b, ']');
}

/* Reads one integer column of every row into a sorted arena array. */
static int collect_ids(struct db_stmt *st, struct arena *a, int64_t **out, size_t *n)
{
	size_t cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t *slot = store_grow(a, (void **)out, &cap, *n, sizeof **out);
		if (!slot) {
			rc = DB_ERR;
			break;
		}
		*slot = db_col_int(st, 0);
		(*n)++;
	}
	db_done(st);
	return rc == DB_DONE ? 0 : rc;
}

/* ---- profiles ----------------------------------------------------------- */

static void bind_expert(struct db_stmt *st, const struct expert *x, int64_t rev)
{
	db_bind_text(st, 1, x->name);
	bind_opt(st, 2, x->name_en);
	db_bind_int(st, 3, x->org_id);
	db_bind_text(st, 4, x->title);
	bind_opt(st, 5, x->keywords);
	bind_opt(st, 6, x->keywords_en);
	bind_opt(st, 7, x->biography);
	db_bind_int(st, 8, x->papers);
	db_bind_int(st, 9, x->patents);
	db_bind_int(st, 10, x->projects);
	db_bind_int(st, 11, x->awards);
	bind_opt(st, 12, x->orcid);
	bind_opt(st, 13, x->email);
	bind_opt(st, 14, x->phone);
	if (x->account_id > 0)
		db_bind_int(st, 15, x->account_id);
	else
		db_bind_null(st, 15);
	db_bind_int(st, 16, rev);
	db_bind_int(st, 17, now_unix());
}

int store_expert_insert(struct db *db, const struct expert *x, int64_t *id)
{
	struct db_stmt *st;
	int64_t rev;
	int rc = next_rev(db, &rev);
	if (rc < 0)
		return rc;
	st = db_stmt(db,
		"INSERT INTO expert(name, name_en, org_id, title, keywords, keywords_en, biography,"
		" papers, patents, projects, awards, orcid, email, phone, account_id, rev,"
		" created_at, updated_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17)");
	if (!st)
		return DB_ERR;
	bind_expert(st, x, rev);
	rc = db_run(st);
	if (rc == 0 && id)
		*id = db_last_id(db);
	return rc;
}

int store_expert_update(struct db *db, const struct expert *x)
{
	struct db_stmt *st;
	int64_t rev;
	int rc = next_rev(db, &rev);
	if (rc < 0)
		return rc;
	st = db_stmt(db,
		"UPDATE expert SET name = ?1, name_en = ?2, org_id = ?3, title = ?4, keywords = ?5,"
		" keywords_en = ?6, biography = ?7, papers = ?8, patents = ?9, projects = ?10,"
		" awards = ?11, orcid = ?12, email = ?13, phone = ?14, account_id = ?15, rev = ?16,"
		" updated_at = ?17 WHERE id = ?18");
	if (!st)
		return DB_ERR;
	bind_expert(st, x, rev);
	db_bind_int(st, 18, x->id);
	rc = db_run(st);
	return rc == 0 && db_changes(db) == 0 ? 1 : rc;
}

int store_expert_add_disciplines(struct db *db, int64_t id, const char *const *codes, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct db_stmt *st = db_stmt(db,
			"INSERT INTO expert_discipline(expert_id, code) VALUES (?, ?)"
			" ON CONFLICT (expert_id, code) DO NOTHING");
		int rc;
		if (!st)
			return DB_ERR;
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, codes[i]);
		if ((rc = db_run(st)) < 0)
			return rc;
	}
	return 0;
}

int store_expert_set_disciplines(struct db *db, int64_t id, const char *const *codes,
				 size_t n)
{
	struct db_stmt *st = db_stmt(db, "DELETE FROM expert_discipline WHERE expert_id = ?");
	int64_t rev;
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, id);
	if ((rc = db_run(st)) < 0 || (rc = store_expert_add_disciplines(db, id, codes, n)) < 0)
		return rc;
	if ((rc = next_rev(db, &rev)) < 0)
		return rc;
	st = db_stmt(db, "UPDATE expert SET rev = ? WHERE id = ?");
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, rev);
	db_bind_int(st, 2, id);
	return db_run(st);
}

int store_expert_link_account(struct db *db, int64_t id, int64_t account_id)
{
	struct db_stmt *st;
	int64_t rev;
	int rc = next_rev(db, &rev);
	if (rc < 0)
		return rc;
	if (!(st = db_stmt(db, "UPDATE expert SET account_id = ?, rev = ? WHERE id = ?")))
		return DB_ERR;
	if (account_id > 0)
		db_bind_int(st, 1, account_id);
	db_bind_int(st, 2, rev);
	db_bind_int(st, 3, id);
	rc = db_run(st);
	return rc == 0 && db_changes(db) == 0 ? 1 : rc;
}

int store_expert_delete(struct db *db, int64_t id)
{
	struct db_stmt *st = db_stmt(db, "DELETE FROM expert WHERE id = ?");
	int64_t rev;
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, id);
	if ((rc = db_run(st)) < 0)
		return rc;
	if (db_changes(db) == 0)
		return 1;
	if ((rc = next_rev(db, &rev)) < 0)
		return rc;
	st = db_stmt(db, "INSERT INTO expert_gone(expert_id, rev) VALUES (?, ?)"
			 " ON CONFLICT (expert_id) DO UPDATE SET rev = excluded.rev");
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, rev);
	return db_run(st);
}

/* an expert's discipline codes in code order, space-separated */
#define DISC_LITE \
	"(SELECT group_concat(code, ' ') FROM (SELECT code FROM expert_discipline d" \
	" WHERE d.expert_id = e.id ORDER BY code))"
#define DISC_PG \
	"(SELECT string_agg(code, ' ' ORDER BY code) FROM expert_discipline d" \
	" WHERE d.expert_id = e.id)"
#define EXPERT_COLS_(disc) \
	"e.id, e.name, e.name_en, e.org_id, e.title, e.keywords, e.keywords_en, e.biography," \
	" e.papers, e.patents, e.projects, e.awards, e.orcid, e.email, e.phone," \
	" coalesce(e.account_id, 0), " disc ", e.rev," \
	" e.created_at, e.updated_at, o.name_zh, o.name_en, o.region_code, o.city_code," \
	" r.name_zh, r.name_en, c.name_zh, c.name_en"
#define EXPERT_COLS EXPERT_COLS_(DISC_LITE)
#define EXPERT_COLS_PG EXPERT_COLS_(DISC_PG)
#define EXPERT_JOINS \
	" JOIN org o ON o.id = e.org_id JOIN region r ON r.code = o.region_code" \
	" JOIN city c ON c.code = o.city_code"

static void expert_read(struct db_stmt *st, struct arena *a, struct expert *x)
{
	memset(x, 0, sizeof *x);
	x->id = db_col_int(st, 0);
	x->name = col_str(st, 1, a);
	x->name_en = col_str(st, 2, a);
	x->org_id = db_col_int(st, 3);
	x->title = col_str(st, 4, a);
	x->keywords = col_str(st, 5, a);
	x->keywords_en = col_str(st, 6, a);
	x->biography = col_str(st, 7, a);
	x->papers = db_col_int(st, 8);
	x->patents = db_col_int(st, 9);
	x->projects = db_col_int(st, 10);
	x->awards = db_col_int(st, 11);
	x->orcid = col_str(st, 12, a);
	x->email = col_str(st, 13, a);
	x->phone = col_str(st, 14, a);
	x->account_id = db_col_int(st, 15);
	x->disciplines = col_str(st, 16, a);
	x->rev = db_col_int(st, 17);
	x->created_at = db_col_int(st, 18);
	x->updated_at = db_col_int(st, 19);
	x->org_zh = col_str(st, 20, a);
	x->org_en = col_str(st, 21, a);
	x->region_code = col_str(st, 22, a);
	x->city_code = col_str(st, 23, a);
	x->region_zh = col_str(st, 24, a);
	x->region_en = col_str(st, 25, a);
	x->city_zh = col_str(st, 26, a);
	x->city_en = col_str(st, 27, a);
}

static int get_one(struct db_stmt *st, struct arena *a, struct expert *out)
{
	int rc = db_step(st);
	if (rc == DB_ROW) {
		expert_read(st, a, out);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = 1;
	}
	db_done(st);
	return rc;
}

int store_expert_get(struct db *db, struct arena *a, int64_t id, struct expert *out)
{
	struct db_stmt *st = db_stmt(db, DB_SQL(db,
		"SELECT " EXPERT_COLS " FROM expert e" EXPERT_JOINS " WHERE e.id = ?",
		"SELECT " EXPERT_COLS_PG " FROM expert e" EXPERT_JOINS " WHERE e.id = ?"));
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, id);
	return get_one(st, a, out);
}

int store_expert_by_account(struct db *db, struct arena *a, int64_t account_id,
			    struct expert *out)
{
	struct db_stmt *st = db_stmt(db, DB_SQL(db,
		"SELECT " EXPERT_COLS " FROM expert e" EXPERT_JOINS " WHERE e.account_id = ?",
		"SELECT " EXPERT_COLS_PG " FROM expert e" EXPERT_JOINS " WHERE e.account_id = ?"));
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, account_id);
	return get_one(st, a, out);
}

int64_t store_expert_identity(struct db *db, const char *name, int64_t org_id,
			      const char *orcid)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT id FROM expert WHERE org_id = ? AND name = ? AND coalesce(orcid, '') = ?");
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, org_id);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, orcid ? orcid : "");
	return db_scalar_int(st, 0);
}

int64_t store_expert_by_orcid(struct db *db, const char *orcid)
{
	struct db_stmt *st = db_stmt(db, "SELECT id FROM expert WHERE orcid = ?");
	if (!st)
		return DB_ERR;
	db_bind_text(st, 1, orcid);
	return db_scalar_int(st, 0);
}

int64_t store_expert_count(struct db *db)
{
	return db_scalar_int(db_stmt(db, "SELECT count(*) FROM expert"), 0);
}

int64_t store_org_id_by_name(struct db *db, const char *name)
{
	/* name_zh is unique (org_name); an English name may not be */
	struct db_stmt *st = db_stmt(db,
		"SELECT coalesce((SELECT id FROM org WHERE name_zh = ?1),"
		" (SELECT min(id) FROM org WHERE name_en = ?1), 0)");
	if (!st)
		return DB_ERR;
	db_bind_text(st, 1, name);
	return db_scalar_int(st, 0);
}

/* The WHERE clause of a filter, from fixed fragments; values are bound
 * in the order added. */
struct filter_sql {
	struct buf sql;
	const char *text[8];
	int64_t num[8];
	int is_num[8], n;
	int pg;                 /* PostgreSQL: LIKE for GLOB, UTF-8 bounds */
	char upper[256], glob[16];
};

static int add_text(struct filter_sql *q, const char *frag, const char *v)
{
	q->text[q->n] = v;
	q->is_num[q->n++] = 0;
	return buf_adds(&q->sql, frag);
}

static int build_filter(struct filter_sql *q, const struct expert_filter *f)
{
	int rc = buf_adds(&q->sql, " WHERE 1=1");
	if (f->name && *f->name) {
		/* a prefix range on both names: nothing in UTF-8 sorts after 0xFF;
		 * PostgreSQL takes valid UTF-8 only: U+10FFFF, the last character */
		snprintf(q->upper, sizeof q->upper, "%s%s", f->name,
			 q->pg ? "\xf4\x8f\xbf\xbf" : "\xff");
		rc |= add_text(q, " AND ((e.name >= ?", f->name);
		rc |= add_text(q, " AND e.name < ?)", q->upper);
		rc |= add_text(q, " OR (e.name_en >= ?", f->name);
		rc |= add_text(q, " AND e.name_en < ?))", q->upper);
	}
	/* through the organisations' indexes, so counts need no join */
	if (f->region && *f->region)
		rc |= add_text(q, " AND e.org_id IN (SELECT id FROM org WHERE region_code = ?)", f->region);
	if (f->city && *f->city)
		rc |= add_text(q, " AND e.org_id IN (SELECT id FROM org WHERE city_code = ?)", f->city);
	if (f->title && *f->title)
		rc |= add_text(q, " AND e.title = ?", f->title);
	if (f->discipline && *f->discipline) {
		/* codes are digits (checked by the domain): no glob or LIKE
		 * characters.  GLOB reads SQLite's index; PostgreSQL's LIKE on
		 * the C collation does the same. */
		snprintf(q->glob, sizeof q->glob, "%s%s", f->discipline,
			 strlen(f->discipline) == 3 ? (q->pg ? "%" : "*") : "");
		rc |= add_text(q, q->pg ? " AND e.id IN (SELECT expert_id FROM expert_discipline"
					  " WHERE code LIKE ?)"
					: " AND e.id IN (SELECT expert_id FROM expert_discipline"
					  " WHERE code GLOB ?)", q->glob);
	}
	if (f->org_id > 0) {
		q->num[q->n] = f->org_id;
		q->is_num[q->n++] = 1;
		rc |= buf_adds(&q->sql, " AND e.org_id = ?");
	}
	return rc;
}

static void bind_filter(struct db_stmt *st, const struct filter_sql *q, int first)
{
	for (int i = 0; i < q->n; i++) {
		if (q->is_num[i])
			db_bind_int(st, first + i, q->num[i]);
		else
			db_bind_text(st, first + i, q->text[i]);
	}
}

int store_expert_list(struct db *db, struct arena *a, const struct expert_filter *f,
		      struct expert **out, size_t *n, int64_t *total)
{
	struct filter_sql q = { .sql = BUF_INIT, .pg = db_backend(db) == DB_PG };
	struct db_stmt *st = NULL;
	size_t cap = 0;
	int rc = DB_ERR;

	*out = NULL;
	*n = 0;
	*total = 0;
	if (buf_adds(&q.sql, "SELECT count(*) FROM expert e") ||
	    build_filter(&q, f) || !(st = db_prepare(db, q.sql.s)))
		goto out;
	bind_filter(st, &q, 1);
	if (db_step(st) != DB_ROW)
		goto out;
	*total = db_col_int(st, 0);
	db_finalize(st);
	st = NULL;
	if (*total == 0 || f->offset >= *total) {
		rc = 0;
		goto out;
	}
	buf_reset(&q.sql);
	q.n = 0;
	if (buf_adds(&q.sql, DB_SQL(db, "SELECT " EXPERT_COLS " FROM expert e" EXPERT_JOINS,
				    "SELECT " EXPERT_COLS_PG " FROM expert e" EXPERT_JOINS)) ||
	    build_filter(&q, f) ||
	    buf_adds(&q.sql, f->name && *f->name ? " ORDER BY e.name, e.id" : " ORDER BY e.id DESC") ||
	    buf_addf(&q.sql, " LIMIT %lld OFFSET %lld", (long long)f->limit, (long long)f->offset) ||
	    !(st = db_prepare(db, q.sql.s)))
		goto out;
	bind_filter(st, &q, 1);
	while ((rc = db_step(st)) == DB_ROW) {
		struct expert *x = store_grow(a, (void **)out, &cap, *n, sizeof **out);
		if (!x) {
			rc = DB_ERR;
			break;
		}
		expert_read(st, a, x);
		(*n)++;
	}
	rc = rc == DB_DONE ? 0 : rc;
out:
	db_finalize(st);
	buf_release(&q.sql);
	return rc;
}

int store_expert_each(struct db *db, const struct expert_filter *f,
		      int (*fn)(void *arg, const struct expert *x), void *arg)
{
	struct filter_sql q = { .sql = BUF_INIT, .pg = db_backend(db) == DB_PG };
	struct db_stmt *st = NULL;
	struct arena scratch = ARENA_INIT;
	int rc = DB_ERR;

	if (buf_adds(&q.sql, DB_SQL(db, "SELECT " EXPERT_COLS " FROM expert e" EXPERT_JOINS,
				    "SELECT " EXPERT_COLS_PG " FROM expert e" EXPERT_JOINS)) ||
	    build_filter(&q, f) || buf_adds(&q.sql, " ORDER BY e.id") ||
	    !(st = db_prepare(db, q.sql.s)))
		goto out;
	bind_filter(st, &q, 1);
	while ((rc = db_step(st)) == DB_ROW) {
		struct expert x;
		expert_read(st, &scratch, &x);
		rc = fn(arg, &x);
		arena_free(&scratch);
		if (rc)
			goto out;
	}
	rc = rc == DB_DONE ? 0 : rc;
out:
	db_finalize(st);
	buf_release(&q.sql);
	arena_free(&scratch);
	return rc;
}

int store_expert_get_many(struct db *db, struct arena *a, const int64_t *ids, size_t nids,
			  struct expert **out, size_t *n)
{
	struct db_stmt *st;
	struct buf js = BUF_INIT;
	struct expert *found = NULL;
	size_t cap = 0, nfound = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!nids)
		return 0;
	if (ids_json(&js, ids, nids) < 0 ||
	    !(st = db_stmt(db, DB_SQL(db,
		"SELECT " EXPERT_COLS " FROM expert e" EXPERT_JOINS
		" WHERE e.id IN (SELECT value FROM json_each(?))",
		"SELECT " EXPERT_COLS_PG " FROM expert e" EXPERT_JOINS
		" WHERE e.id IN (SELECT value::bigint FROM json_array_elements_text(?::json)"
		" AS t(value))")))) {
		buf_release(&js);
		return DB_ERR;
	}
	db_bind_text(st, 1, js.s);
	buf_release(&js);
	while ((rc = db_step(st)) == DB_ROW) {
		struct expert *x = store_grow(a, (void **)&found, &cap, nfound, sizeof *found);
		if (!x) {
			rc = DB_ERR;
			break;
		}
		expert_read(st, a, x);
		nfound++;
	}
	db_done(st);
	if (rc != DB_DONE)
		return rc;
	/* back into the order asked for */
	if (nfound && !(*out = arena_alloc(a, nfound * sizeof **out)))
		return DB_ERR;
	for (size_t i = 0; i < nids; i++)
		for (size_t k = 0; k < nfound; k++)
			if (found[k].id == ids[i]) {
				(*out)[(*n)++] = found[k];
				break;
			}
	return 0;
}

/* ---- the change clock --------------------------------------------------- */

int store_expert_clock(struct db *db, int64_t *rev, int64_t *epoch)
{
	struct db_stmt *st = db_stmt(db, "SELECT rev, epoch FROM expert_clock WHERE id = 1");
	int rc;
	if (!st)
		return DB_ERR;
	rc = db_step(st);
	*rev = rc == DB_ROW ? db_col_int(st, 0) : 0;
	*epoch = rc == DB_ROW ? db_col_int(st, 1) : 0;
	db_done(st);
	return rc == DB_ROW || rc == DB_DONE ? 0 : rc;
}

#define BRIEF_COLS_(disc) \
	"SELECT e.id, e.org_id, e.rev, o.region_code, o.city_code, e.title, e.keywords," \
	" e.keywords_en, " disc " FROM expert e JOIN org o ON o.id = e.org_id"
#define BRIEF_COLS BRIEF_COLS_(DISC_LITE)
#define BRIEF_COLS_PG BRIEF_COLS_(DISC_PG)

int store_expert_scan(struct db *db, int64_t since,
		      int (*fn)(void *arg, const struct expert_brief *b), void *arg)
{
	/* everything: in table order, which reads the table once; changes:
	 * by the rev index */
	struct db_stmt *st = since == 0
		? db_stmt(db, DB_SQL(db, BRIEF_COLS " ORDER BY e.id", BRIEF_COLS_PG " ORDER BY e.id"))
		: db_stmt(db, DB_SQL(db, BRIEF_COLS " WHERE e.rev > ? ORDER BY e.rev",
				     BRIEF_COLS_PG " WHERE e.rev > ? ORDER BY e.rev"));
	int rc;
	if (!st)
		return DB_ERR;
	if (since)
		db_bind_int(st, 1, since);
	while ((rc = db_step(st)) == DB_ROW) {
		struct expert_brief b;
		b.id = db_col_int(st, 0);
		b.org_id = db_col_int(st, 1);
		b.rev = db_col_int(st, 2);
		b.region_code = db_col_text(st, 3);
		b.city_code = db_col_text(st, 4);
		b.title = db_col_text(st, 5);
		b.keywords = db_col_text(st, 6);
		b.keywords_en = db_col_text(st, 7);
		b.disciplines = db_col_text(st, 8);
		if ((rc = fn(arg, &b)) != 0) {
			db_done(st);
			return rc;
		}
	}
	db_done(st);
	return rc == DB_DONE ? 0 : rc;
}

int store_expert_gone(struct db *db, struct arena *a, int64_t since, int64_t **ids,
		      size_t *n)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT expert_id FROM expert_gone WHERE rev > ? ORDER BY rev");
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, since);
	return collect_ids(st, a, ids, n);
}

/* ---- projects ----------------------------------------------------------- */

int store_expert_projects(struct db *db, struct arena *a, int64_t expert_id, int leads_only,
			  size_t limit, struct expert_project **out, size_t *n)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT p.id, pe.expert_id, p.title, pe.role, p.status, coalesce(p.start_year, 0),"
		" coalesce(p.end_year, 0), o.name_zh, o.name_en FROM project_expert pe"
		" JOIN project p ON p.id = pe.project_id LEFT JOIN org o ON o.id = p.lead_org_id"
		" WHERE pe.expert_id = ?1 AND (?2 = 0 OR pe.role IN ('lead', 'co_lead'))"
		" ORDER BY coalesce(p.end_year, 9999) DESC, p.start_year DESC NULLS LAST, p.id DESC"
		" LIMIT ?3");
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, expert_id);
	db_bind_int(st, 2, leads_only);
	db_bind_int(st, 3, (int64_t)limit);
	while ((rc = db_step(st)) == DB_ROW) {
		struct expert_project *p = store_grow(a, (void **)out, &cap, *n, sizeof **out);
		if (!p) {
			rc = DB_ERR;
			break;
		}
		p->id = db_col_int(st, 0);
		p->expert_id = db_col_int(st, 1);
		p->title = col_str(st, 2, a);
		p->role = col_str(st, 3, a);
		p->status = col_str(st, 4, a);
		p->start_year = db_col_int(st, 5);
		p->end_year = db_col_int(st, 6);
		p->lead_org_zh = col_str(st, 7, a);
		p->lead_org_en = col_str(st, 8, a);
		(*n)++;
	}
	db_done(st);
	return rc == DB_DONE ? 0 : rc;
}

int store_project_insert(struct db *db, const char *title, int64_t lead_org_id,
			 int64_t start_year, int64_t end_year, const char *status, int64_t *id)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO project(title, lead_org_id, start_year, end_year, status, created_at,"
		" updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_text(st, 1, title);
	if (lead_org_id > 0)
		db_bind_int(st, 2, lead_org_id);
	if (start_year > 0)
		db_bind_int(st, 3, start_year);
	if (end_year > 0)
		db_bind_int(st, 4, end_year);
	db_bind_text(st, 5, status ? status : "active");
	db_bind_int(st, 6, now_unix());
	rc = db_run(st);
	if (rc == 0 && id)
		*id = db_last_id(db);
	return rc;
}

int store_project_member_put(struct db *db, int64_t project_id, int64_t expert_id,
			     const char *role)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO project_expert(project_id, expert_id, role) VALUES (?, ?, ?)"
		" ON CONFLICT (project_id, expert_id) DO UPDATE SET role = excluded.role");
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, project_id);
	db_bind_int(st, 2, expert_id);
	db_bind_text(st, 3, role);
	return db_run(st);
}

/* ---- conflicts of interest ---------------------------------------------- */

int store_conflict_insert(struct db *db, const struct expert_conflict *c, int64_t *id)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO expert_conflict(expert_id, org_id, other_id, reason, created_at)"
		" VALUES (?, ?, ?, ?, ?)");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, c->expert_id);
	if (c->org_id > 0)
		db_bind_int(st, 2, c->org_id);
	if (c->other_id > 0)
		db_bind_int(st, 3, c->other_id);
	bind_opt(st, 4, c->reason);
	db_bind_int(st, 5, now_unix());
	rc = db_run(st);
	if (rc == 0 && id)
		*id = db_last_id(db);
	return rc;
}

#define CONFLICT_COLS \
	"SELECT k.id, k.expert_id, coalesce(k.org_id, 0), coalesce(k.other_id, 0), k.created_at," \
	" k.reason, o.name_zh, o.name_en, x.name FROM expert_conflict k" \
	" LEFT JOIN org o ON o.id = k.org_id LEFT JOIN expert x ON x.id = k.other_id"

static void conflict_read(struct db_stmt *st, struct arena *a, struct expert_conflict *c)
{
	c->id = db_col_int(st, 0);
	c->expert_id = db_col_int(st, 1);
	c->org_id = db_col_int(st, 2);
	c->other_id = db_col_int(st, 3);
	c->created_at = db_col_int(st, 4);
	c->reason = col_str(st, 5, a);
	c->org_zh = col_str(st, 6, a);
	c->org_en = col_str(st, 7, a);
	c->other_name = col_str(st, 8, a);
}

int store_conflict_get(struct db *db, struct arena *a, int64_t id, struct expert_conflict *out)
{
	struct db_stmt *st = db_stmt(db, CONFLICT_COLS " WHERE k.id = ?");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		conflict_read(st, a, out);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = 1;
	}
	db_done(st);
	return rc;
}

int store_conflict_delete(struct db *db, int64_t id)
{
	struct db_stmt *st = db_stmt(db, "DELETE FROM expert_conflict WHERE id = ?");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, id);
	rc = db_run(st);
	return rc == 0 && db_changes(db) == 0 ? 1 : rc;
}

int store_conflict_list(struct db *db, struct arena *a, int64_t expert_id,
			struct expert_conflict **out, size_t *n)
{
	struct db_stmt *st = db_stmt(db, CONFLICT_COLS " WHERE k.expert_id = ? ORDER BY k.id");
	size_t cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, expert_id);
	while ((rc = db_step(st)) == DB_ROW) {
		struct expert_conflict *c = store_grow(a, (void **)out, &cap, *n, sizeof **out);
		if (!c) {
			rc = DB_ERR;
			break;
		}
		conflict_read(st, a, c);
		(*n)++;
	}
	db_done(st);
	return rc == DB_DONE ? 0 : rc;
}

int store_coleaders(struct db *db, struct arena *a, const int64_t *applicants, size_t napp,
		    int64_t since_year, int64_t **out, size_t *n)
{
	struct buf js = BUF_INIT;
	struct db_stmt *st;

	*out = NULL;
	*n = 0;
	if (!napp)
		return 0;
	/* a project without an end year is taken as still running */
	st = db_stmt(db, DB_SQL(db,
		"SELECT DISTINCT b.expert_id FROM project_expert a"
		" JOIN project p ON p.id = a.project_id"
		" JOIN project_expert b ON b.project_id = a.project_id"
		" WHERE a.expert_id IN (SELECT value FROM json_each(?1))"
		" AND a.role IN ('lead', 'co_lead') AND b.role IN ('lead', 'co_lead')"
		" AND b.expert_id <> a.expert_id AND coalesce(p.end_year, 9999) >= ?2"
		" ORDER BY 1",
		"SELECT DISTINCT b.expert_id FROM project_expert a"
		" JOIN project p ON p.id = a.project_id"
		" JOIN project_expert b ON b.project_id = a.project_id"
		" WHERE a.expert_id IN (SELECT value::bigint FROM"
		" json_array_elements_text(?1::json) AS t(value))"
		" AND a.role IN ('lead', 'co_lead') AND b.role IN ('lead', 'co_lead')"
		" AND b.expert_id <> a.expert_id AND coalesce(p.end_year, 9999) >= ?2"
		" ORDER BY 1"));
	if (!st || ids_json(&js, applicants, napp) < 0) {
		buf_release(&js);
		if (st)
			db_done(st);
		return DB_ERR;
	}
	db_bind_text(st, 1, js.s);
	db_bind_int(st, 2, since_year);
	buf_release(&js);
	return collect_ids(st, a, out, n);
}

int store_conflicted(struct db *db, struct arena *a, const int64_t *orgs, size_t norgs,
		     const int64_t *experts, size_t nexp, int64_t **out, size_t *n)
{
	struct buf jo = BUF_INIT, je = BUF_INIT;
	struct db_stmt *st = db_stmt(db, DB_SQL(db,
		"SELECT expert_id FROM expert_conflict WHERE org_id IN (SELECT value FROM json_each(?1))"
		" OR other_id IN (SELECT value FROM json_each(?2))"
		" UNION SELECT other_id FROM expert_conflict WHERE other_id IS NOT NULL"
		" AND expert_id IN (SELECT value FROM json_each(?2)) ORDER BY 1",
		"SELECT expert_id FROM expert_conflict WHERE org_id IN (SELECT value::bigint FROM"
		" json_array_elements_text(?1::json) AS t(value))"
		" OR other_id IN (SELECT value::bigint FROM json_array_elements_text(?2::json) AS t(value))"
		" UNION SELECT other_id FROM expert_conflict WHERE other_id IS NOT NULL"
		" AND expert_id IN (SELECT value::bigint FROM json_array_elements_text(?2::json)"
		" AS t(value)) ORDER BY 1"));
	*out = NULL;
	*n = 0;
	if (!st || ids_json(&jo, orgs, norgs) < 0 || ids_json(&je, experts, nexp) < 0) {
		buf_release(&jo);
		buf_release(&je);
		if (st)
			db_done(st);
		return DB_ERR;
	}
	db_bind_text(st, 1, jo.s);
	db_bind_text(st, 2, je.s);
	buf_release(&jo);
	buf_release(&je);
	return collect_ids(st, a, out, n);
}

/* ---- review-panel draws ------------------------------------------------- */

int store_draw_insert(struct db *db, const struct panel_draw *d, int64_t *id)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO panel_draw(item, request, seed, pool, n, created_by, created_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?)");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_text(st, 1, d->item);
	db_bind_text(st, 2, d->request);
	db_bind_text(st, 3, d->seed);
	db_bind_text(st, 4, d->pool);
	db_bind_int(st, 5, d->n);
	if (d->created_by > 0)
		db_bind_int(st, 6, d->created_by);
	db_bind_int(st, 7, d->created_at);
	rc = db_run(st);
	if (rc == 0 && id)
		*id = db_last_id(db);
	return rc;
}

#define DRAW_COLS \
	"SELECT d.id, d.n, coalesce(d.created_by, 0), d.created_at, d.item, d.request, d.seed," \
	" d.pool, a.username FROM panel_draw d LEFT JOIN account a ON a.id = d.created_by"

static void draw_read(struct db_stmt *st, struct arena *a, struct panel_draw *d)
{
	d->id = db_col_int(st, 0);
	d->n = db_col_int(st, 1);
	d->created_by = db_col_int(st, 2);
	d->created_at = db_col_int(st, 3);
	d->item = col_str(st, 4, a);
	d->request = col_str(st, 5, a);
	d->seed = col_str(st, 6, a);
	d->pool = col_str(st, 7, a);
	d->created_by_name = col_str(st, 8, a);
}

int store_draw_get(struct db *db, struct arena *a, int64_t id, struct panel_draw *out)
{
	struct db_stmt *st = db_stmt(db, DRAW_COLS " WHERE d.id = ?");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		draw_read(st, a, out);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = 1;
	}
	db_done(st);
	return rc;
}

int store_draw_list(struct db *db, struct arena *a, int64_t offset, int64_t limit,
		    struct panel_draw **out, size_t *n, int64_t *total)
{
	struct db_stmt *st;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	*total = db_scalar_int(db_stmt(db, "SELECT count(*) FROM panel_draw"), 0);
	if (!(st = db_stmt(db, DRAW_COLS " ORDER BY d.id DESC LIMIT ? OFFSET ?")))
		return DB_ERR;
	db_bind_int(st, 1, limit);
	db_bind_int(st, 2, offset);
	while ((rc = db_step(st)) == DB_ROW) {
		struct panel_draw *d = store_grow(a, (void **)out, &cap, *n, sizeof **out);
		if (!d) {
			rc = DB_ERR;
			break;
		}
		draw_read(st, a, d);
		(*n)++;
	}
	db_done(st);
	return rc == DB_DONE ? 0 : rc;
}

int store_member_insert(struct db *db, const struct panel_member *m)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO panel_member(draw_id, seq, expert_id, replaces) VALUES (?, ?, ?, ?)");
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, m->draw_id);
	db_bind_int(st, 2, m->seq);
	db_bind_int(st, 3, m->expert_id);
	if (m->replaces > 0)
		db_bind_int(st, 4, m->replaces);
	return db_run(st);
}

int store_member_decline(struct db *db, int64_t draw_id, int64_t seq, const char *reason,
			 int64_t at)
{
	struct db_stmt *st = db_stmt(db,
		"UPDATE panel_member SET declined_at = ?1, reason = ?2, decline_order = (SELECT"
		" coalesce(max(decline_order), 0) + 1 FROM panel_member WHERE draw_id = ?3)"
		" WHERE draw_id = ?3 AND seq = ?4 AND declined_at IS NULL");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, at);
	bind_opt(st, 2, reason);
	db_bind_int(st, 3, draw_id);
	db_bind_int(st, 4, seq);
	rc = db_run(st);
	return rc == 0 && db_changes(db) == 0 ? 1 : rc;
}

int store_member_list(struct db *db, struct arena *a, int64_t draw_id,
		      struct panel_member **out, size_t *n)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT m.draw_id, m.seq, m.expert_id, coalesce(m.replaces, 0),"
		" coalesce(m.declined_at, 0), coalesce(m.decline_order, 0), m.reason, e.name,"
		" o.name_zh, o.name_en,"
		" o.region_code, e.title FROM panel_member m LEFT JOIN expert e ON e.id = m.expert_id"
		" LEFT JOIN org o ON o.id = e.org_id WHERE m.draw_id = ? ORDER BY m.seq");
	size_t cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, draw_id);
	while ((rc = db_step(st)) == DB_ROW) {
		struct panel_member *m = store_grow(a, (void **)out, &cap, *n, sizeof **out);
		if (!m) {
			rc = DB_ERR;
			break;
		}
		m->draw_id = db_col_int(st, 0);
		m->seq = db_col_int(st, 1);
		m->expert_id = db_col_int(st, 2);
		m->replaces = db_col_int(st, 3);
		m->declined_at = db_col_int(st, 4);
		m->decline_order = db_col_int(st, 5);
		m->reason = col_str(st, 6, a);
		m->name = col_str(st, 7, a);
		m->org_zh = col_str(st, 8, a);
		m->org_en = col_str(st, 9, a);
		m->region_code = col_str(st, 10, a);
		m->title = col_str(st, 11, a);
		(*n)++;
	}
	db_done(st);
	return rc == DB_DONE ? 0 : rc;
}
