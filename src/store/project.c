/*
 * project.c — joint projects with their members, experts, funding lines,
 * milestones and outputs; innovation consortia; the figures counted from
 * them.  See project.h.
 *
 * A project's lists are replaced whole (delete, then insert in order):
 * they are short (tens of rows) and always edited as a whole.
 */
#include <string.h>
#include "core/buf.h"
#include "core/util.h"
#include "store/db.h"
#include "store/internal.h"
#include "store/project.h"
#include "core/banned.h"

static int run_id(struct db *db, const char *sql, int64_t id)
{
	struct db_stmt *st = db_stmt(db, sql);
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, id);
	return db_run(st);
}

static int changed_or_missing(struct db *db, int rc)
{
	return rc == 0 && db_changes(db) == 0 ? 1 : rc;
}

/* ---- projects ------------------------------------------------------------ */

static void bind_project(struct db_stmt *st, const struct project *p)
{
	db_bind_text(st, 1, p->title);
	bind_opt(st, 2, p->title_en);
	bind_opt(st, 3, p->summary);
	bind_opt(st, 4, p->field);
	db_bind_text(st, 5, p->status);
	db_bind_int(st, 6, p->lead_org_id);
	db_bind_int(st, 7, p->start_year);
	if (p->end_year > 0)
		db_bind_int(st, 8, p->end_year);
	if (p->consortium_id > 0)
		db_bind_int(st, 9, p->consortium_id);
	db_bind_int(st, 10, p->total_cny);
	db_bind_int(st, 11, now_unix());
}

int store_joint_project_insert(struct db *db, const struct project *p, int64_t *id)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO project(title, title_en, summary, field, status, lead_org_id, start_year,"
		" end_year, consortium_id, total_cny, created_at, updated_at, challenge_id, created_by)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12, ?13)");
	int rc;
	if (!st)
		return DB_ERR;
	bind_project(st, p);
	if (p->challenge_id > 0)
		db_bind_int(st, 12, p->challenge_id);
	if (p->created_by > 0)
		db_bind_int(st, 13, p->created_by);
	rc = db_run(st);
	if (rc == 0 && id)
		*id = db_last_id(db);
	return rc;
}

int store_joint_project_update(struct db *db, const struct project *p)
{
	struct db_stmt *st = db_stmt(db,
		"UPDATE project SET title = ?1, title_en = ?2, summary = ?3, field = ?4, status = ?5,"
		" lead_org_id = ?6, start_year = ?7, end_year = ?8, consortium_id = ?9, total_cny = ?10,"
		" updated_at = ?11 WHERE id = ?12");
	if (!st)
		return DB_ERR;
	bind_project(st, p);
	db_bind_int(st, 12, p->id);
	return changed_or_missing(db, db_run(st));
}

int store_joint_project_delete(struct db *db, int64_t id)
{
	/* project_expert goes by its ON DELETE CASCADE, the rest by ours */
	return changed_or_missing(db, run_id(db, "DELETE FROM project WHERE id = ?", id));
}

#define PROJECT_COLS \
	"p.id, p.title, p.title_en, p.summary, p.field, p.status, coalesce(p.lead_org_id, 0)," \
	" coalesce(p.start_year, 0), coalesce(p.end_year, 0), coalesce(p.consortium_id, 0)," \
	" coalesce(p.challenge_id, 0), p.total_cny, p.regions, coalesce(p.created_by, 0)," \
	" p.created_at, p.updated_at, o.name_zh, o.name_en, o.region_code, k.name," \
	" (SELECT coalesce(sum(amount_cny), 0) FROM project_funding f WHERE f.project_id = p.id" \
	"  AND f.source = 'fiscal')," \
	" (SELECT coalesce(sum(amount_cny), 0) FROM project_funding f WHERE f.project_id = p.id" \
	"  AND f.source = 'enterprise')," \
	" (SELECT coalesce(sum(amount_cny), 0) FROM project_funding f WHERE f.project_id = p.id" \
	"  AND f.source = 'social')"
#define PROJECT_JOINS \
	" LEFT JOIN org o ON o.id = p.lead_org_id LEFT JOIN consortium k ON k.id = p.consortium_id"

static void project_read(struct db_stmt *st, struct arena *a, struct project *p)
{
	memset(p, 0, sizeof *p);
	p->id = db_col_int(st, 0);
	p->title = col_str(st, 1, a);
	p->title_en = col_str(st, 2, a);
	p->summary = col_str(st, 3, a);
	p->field = col_str(st, 4, a);
	p->status = col_str(st, 5, a);
	p->lead_org_id = db_col_int(st, 6);
	p->start_year = db_col_int(st, 7);
	p->end_year = db_col_int(st, 8);
	p->consortium_id = db_col_int(st, 9);
	p->challenge_id = db_col_int(st, 10);
	p->total_cny = db_col_int(st, 11);
	p->regions = db_col_int(st, 12);
	p->created_by = db_col_int(st, 13);
	p->created_at = db_col_int(st, 14);
	p->updated_at = db_col_int(st, 15);
	p->lead_zh = col_str(st, 16, a);
	p->lead_en = col_str(st, 17, a);
	p->lead_region = col_str(st, 18, a);
	p->consortium_name = col_str(st, 19, a);
	p->fiscal_cny = db_col_int(st, 20);
	p->enterprise_cny = db_col_int(st, 21);
	p->social_cny = db_col_int(st, 22);
}

int store_joint_project_get(struct db *db, struct arena *a, int64_t id, struct project *out)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT " PROJECT_COLS " FROM project p" PROJECT_JOINS " WHERE p.id = ?");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		project_read(st, a, out);
		rc = 0;
	} else if (rc == DB_DONE)
		rc = 1;
	db_done(st);
	return rc;
}

/* Reads the parties a prepared statement yields (org_id, role, region,
 * name_zh, name_en, kind, region_zh, region_en). */
static int read_parties(struct db_stmt *st, struct arena *a, struct party **out, size_t *n)
{
	size_t cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		struct party *m = store_grow(a, (void **)out, &cap, *n, sizeof **out);
		if (!m) {
			rc = DB_ERR;
			break;
		}
		m->org_id = db_col_int(st, 0);
		m->role = col_str(st, 1, a);
		m->region_code = col_str(st, 2, a);
		m->name_zh = col_str(st, 3, a);
		m->name_en = col_str(st, 4, a);
		m->kind = col_str(st, 5, a);
		m->region_zh = col_str(st, 6, a);
		m->region_en = col_str(st, 7, a);
		(*n)++;
	}
	db_done(st);
	return rc == DB_DONE ? 0 : rc;
}

static int read_persons(struct db_stmt *st, struct arena *a, struct person **out, size_t *n)
{
	size_t cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		struct person *x = store_grow(a, (void **)out, &cap, *n, sizeof **out);
		if (!x) {
			rc = DB_ERR;
			break;
		}
		x->expert_id = db_col_int(st, 0);
		x->role = col_str(st, 1, a);
		x->name = col_str(st, 2, a);
		x->name_en = col_str(st, 3, a);
		x->org_id = db_col_int(st, 4);
		x->org_zh = col_str(st, 5, a);
		x->org_en = col_str(st, 6, a);
		x->account_id = db_col_int(st, 7);
		(*n)++;
	}
	db_done(st);
	return rc == DB_DONE ? 0 : rc;
}

#define PARTY_COLS \
	"m.org_id, m.role, m.region_code, o.name_zh, o.name_en, o.kind, r.name_zh, r.name_en"
#define PERSON_COLS \
	"x.expert_id, x.role, e.name, e.name_en, e.org_id, o.name_zh, o.name_en," \
	" coalesce(e.account_id, 0)"
#define ROLE_ORDER(col) \
	" CASE " col " WHEN 'lead' THEN 0 WHEN 'co_lead' THEN 1 ELSE 2 END"

int store_project_children(struct db *db, struct arena *a, struct project *p)
{
	struct db_stmt *st;
	size_t cap;
	int rc;

	if (!(st = db_stmt(db, "SELECT " PARTY_COLS " FROM project_member m"
			   " JOIN org o ON o.id = m.org_id JOIN region r ON r.code = m.region_code"
			   " WHERE m.project_id = ? ORDER BY m.seq")))
		return DB_ERR;
	db_bind_int(st, 1, p->id);
	if ((rc = read_parties(st, a, &p->members, &p->nmembers)) < 0)
		return rc;
	if (!(st = db_stmt(db, "SELECT " PERSON_COLS " FROM project_expert x"
			   " JOIN expert e ON e.id = x.expert_id JOIN org o ON o.id = e.org_id"
			   " WHERE x.project_id = ? ORDER BY" ROLE_ORDER("x.role") ", x.expert_id")))
		return DB_ERR;
	db_bind_int(st, 1, p->id);
	if ((rc = read_persons(st, a, &p->experts, &p->nexperts)) < 0)
		return rc;

	if (!(st = db_stmt(db, "SELECT f.id, f.source, f.region_code, f.year, f.amount_cny, f.note,"
			   " r.name_zh, r.name_en FROM project_funding f JOIN region r ON r.code = f.region_code"
			   " WHERE f.project_id = ? ORDER BY f.id")))
		return DB_ERR;
	db_bind_int(st, 1, p->id);
	cap = 0;
	p->funding = NULL;
	p->nfunding = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		struct funding_line *f = store_grow(a, (void **)&p->funding, &cap, p->nfunding,
						    sizeof *f);
		if (!f) {
			rc = DB_ERR;
			break;
		}
		f->id = db_col_int(st, 0);
		f->source = col_str(st, 1, a);
		f->region_code = col_str(st, 2, a);
		f->year = db_col_int(st, 3);
		f->amount_cny = db_col_int(st, 4);
		f->note = col_str(st, 5, a);
		f->region_zh = col_str(st, 6, a);
		f->region_en = col_str(st, 7, a);
		p->nfunding++;
	}
	db_done(st);
	if (rc != DB_DONE)
		return rc;

	if (!(st = db_stmt(db, "SELECT id, project_id, seq, title, due_on, status, done_on, note,"
			   " updated_at FROM project_milestone WHERE project_id = ? ORDER BY due_on, seq")))
		return DB_ERR;
	db_bind_int(st, 1, p->id);
	cap = 0;
	p->milestones = NULL;
	p->nmilestones = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		struct milestone *m = store_grow(a, (void **)&p->milestones, &cap, p->nmilestones,
						 sizeof *m);
		if (!m) {
			rc = DB_ERR;
			break;
		}
		m->id = db_col_int(st, 0);
		m->project_id = db_col_int(st, 1);
		m->seq = db_col_int(st, 2);
		m->title = col_str(st, 3, a);
		m->due_on = col_str(st, 4, a);
		m->status = col_str(st, 5, a);
		m->done_on = col_str(st, 6, a);
		m->note = col_str(st, 7, a);
		m->updated_at = db_col_int(st, 8);
		p->nmilestones++;
	}
	db_done(st);
	if (rc != DB_DONE)
		return rc;

	if (!(st = db_stmt(db, "SELECT id, project_id, kind, title, ref, coalesce(year, 0), created_at"
			   " FROM project_output WHERE project_id = ? ORDER BY id")))
		return DB_ERR;
	db_bind_int(st, 1, p->id);
	cap = 0;
	p->outputs = NULL;
	p->noutputs = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		struct project_output *o = store_grow(a, (void **)&p->outputs, &cap, p->noutputs,
						      sizeof *o);
		if (!o) {
			rc = DB_ERR;
			break;
		}
		o->id = db_col_int(st, 0);
		o->project_id = db_col_int(st, 1);
		o->kind = col_str(st, 2, a);
		o->title = col_str(st, 3, a);
		o->ref = col_str(st, 4, a);
		o->year = db_col_int(st, 5);
		o->created_at = db_col_int(st, 6);
		p->noutputs++;
	}
	db_done(st);
	return rc == DB_DONE ? 0 : rc;
}

int store_project_set_members(struct db *db, int64_t id, const struct party *m, size_t n)
{
	struct db_stmt *st;
	int rc = run_id(db, "DELETE FROM project_member WHERE project_id = ?", id);
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (!(st = db_stmt(db, "INSERT INTO project_member(project_id, org_id, role, region_code,"
				   " seq) SELECT ?1, id, ?2, region_code, ?3 FROM org WHERE id = ?4")))
			return DB_ERR;
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, m[i].role);
		db_bind_int(st, 3, (int64_t)i + 1);
		db_bind_int(st, 4, m[i].org_id);
		rc = db_run(st);
		if (rc == 0 && db_changes(db) == 0)
			rc = DB_CONSTRAINT;   /* no such organisation */
	}
	if (rc == 0)
		rc = run_id(db, "UPDATE project SET regions = (SELECT count(DISTINCT region_code)"
			    " FROM project_member WHERE project_id = ?1) WHERE id = ?1", id);
	return rc;
}

int store_project_set_experts(struct db *db, int64_t id, const struct person *x, size_t n)
{
	struct db_stmt *st;
	int rc = run_id(db, "DELETE FROM project_expert WHERE project_id = ?", id);
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (!(st = db_stmt(db, "INSERT INTO project_expert(project_id, expert_id, role)"
				   " VALUES (?, ?, ?)")))
			return DB_ERR;
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, x[i].expert_id);
		db_bind_text(st, 3, x[i].role);
		rc = db_run(st);
	}
	return rc;
}

int store_project_set_funding(struct db *db, int64_t id, const struct funding_line *f, size_t n)
{
	struct db_stmt *st;
	int rc = run_id(db, "DELETE FROM project_funding WHERE project_id = ?", id);
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (!(st = db_stmt(db, "INSERT INTO project_funding(project_id, source, region_code,"
				   " year, amount_cny, note) VALUES (?, ?, ?, ?, ?, ?)")))
			return DB_ERR;
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, f[i].source);
		db_bind_text(st, 3, f[i].region_code);
		db_bind_int(st, 4, f[i].year);
		db_bind_int(st, 5, f[i].amount_cny);
		bind_opt(st, 6, f[i].note);
		rc = db_run(st);
	}
	return rc;
}

/*
 * The list is assembled from fixed fragments, one per filter that is set;
 * values are bound in the order the fragments were added (as the
 * catalogue's list does).
 */
struct binds {
	int n;
	const char *text[12];
	int64_t num[12];
	int is_num[12];
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

static int project_where(struct buf *sql, struct binds *b, const struct project_filter *f,
			 int pg)
{
	int rc = buf_adds(sql, " WHERE 1=1");
	/* the words as typed, a plain substring (no wildcards) */
	rc |= add_text(sql, b, pg ? " AND strpos(p.title, ?) > 0" : " AND instr(p.title, ?) > 0",
		       f->q);
	if (f->region && *f->region) {
		b->text[b->n] = f->region;
		b->is_num[b->n++] = 0;
		rc |= buf_addf(sql, " AND (EXISTS (SELECT 1 FROM project_member m WHERE m.project_id = p.id"
			       " AND m.region_code = ?%d) OR (p.regions = 0 AND o.region_code = ?%d))",
			       b->n, b->n);
	}
	rc |= add_text(sql, b, " AND p.field = ?", f->field);
	rc |= add_text(sql, b, " AND p.status = ?", f->status);
	if (f->org_id > 0) {
		b->num[b->n] = f->org_id;
		b->is_num[b->n++] = 1;
		rc |= buf_addf(sql, " AND (p.lead_org_id = ?%d OR EXISTS (SELECT 1 FROM project_member m"
			       " WHERE m.project_id = p.id AND m.org_id = ?%d))", b->n, b->n);
	}
	if (f->consortium_id > 0)
		rc |= add_num(sql, b, " AND p.consortium_id = ?", f->consortium_id);
	if (f->cross_region)
		rc |= buf_adds(sql, " AND p.regions >= 2");
	if (f->year > 0) {
		b->num[b->n] = f->year;
		b->is_num[b->n++] = 1;
		rc |= buf_addf(sql, " AND p.start_year <= ?%d AND coalesce(p.end_year, 9999) >= ?%d",
			       b->n, b->n);
	}
	return rc;
}

int store_joint_project_list(struct db *db, struct arena *a, const struct project_filter *f,
			     struct project **out, size_t *n, int64_t *total)
{
	struct buf sql = BUF_INIT;
	struct binds b = { 0 };
	struct db_stmt *st = NULL;
	size_t cap = 0;
	int rc = DB_ERR, pg = db_backend(db) == DB_PG;

	*out = NULL;
	*n = 0;
	*total = 0;
	if (buf_adds(&sql, "SELECT count(*) FROM project p LEFT JOIN org o ON o.id = p.lead_org_id") ||
	    project_where(&sql, &b, f, pg) || !(st = db_prepare(db, sql.s)))
		goto out;
	bind_all(st, &b);
	if ((rc = db_step(st)) != DB_ROW)
		goto out;
	*total = db_col_int(st, 0);
	db_finalize(st);
	st = NULL;
	rc = 0;
	if (!*total || f->offset >= *total)
		goto out;
	buf_reset(&sql);
	memset(&b, 0, sizeof b);
	rc = DB_ERR;
	if (buf_adds(&sql, "SELECT " PROJECT_COLS " FROM project p" PROJECT_JOINS) ||
	    project_where(&sql, &b, f, pg) ||
	    add_num(&sql, &b, " ORDER BY p.id DESC LIMIT ?", f->limit) ||
	    add_num(&sql, &b, " OFFSET ?", f->offset) || !(st = db_prepare(db, sql.s)))
		goto out;
	bind_all(st, &b);
	while ((rc = db_step(st)) == DB_ROW) {
		struct project *p = store_grow(a, (void **)out, &cap, *n, sizeof **out);
		if (!p) {
			rc = DB_ERR;
			break;
		}
		project_read(st, a, p);
		(*n)++;
	}
	rc = rc == DB_DONE ? 0 : rc;
out:
	db_finalize(st);
	buf_release(&sql);
	return rc;
}

/* ---- milestones and outputs ------------------------------------------------ */

int store_milestone_insert(struct db *db, const struct milestone *m, int64_t *id)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO project_milestone(project_id, seq, title, due_on, status, done_on, note,"
		" updated_at) VALUES (?1, (SELECT coalesce(max(seq), 0) + 1 FROM project_milestone"
		" WHERE project_id = ?1), ?2, ?3, ?4, ?5, ?6, ?7)");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, m->project_id);
	db_bind_text(st, 2, m->title);
	db_bind_text(st, 3, m->due_on);
	db_bind_text(st, 4, m->status);
	bind_opt(st, 5, m->done_on);
	bind_opt(st, 6, m->note);
	db_bind_int(st, 7, now_unix());
	rc = db_run(st);
	if (rc == 0 && id)
		*id = db_last_id(db);
	return rc;
}

int store_milestone_update(struct db *db, const struct milestone *m)
{
	struct db_stmt *st = db_stmt(db,
		"UPDATE project_milestone SET title = ?, due_on = ?, status = ?, done_on = ?, note = ?,"
		" updated_at = ? WHERE id = ?");
	if (!st)
		return DB_ERR;
	db_bind_text(st, 1, m->title);
	db_bind_text(st, 2, m->due_on);
	db_bind_text(st, 3, m->status);
	bind_opt(st, 4, m->done_on);
	bind_opt(st, 5, m->note);
	db_bind_int(st, 6, now_unix());
	db_bind_int(st, 7, m->id);
	return changed_or_missing(db, db_run(st));
}

int store_milestone_delete(struct db *db, int64_t id)
{
	return changed_or_missing(db, run_id(db, "DELETE FROM project_milestone WHERE id = ?", id));
}

int store_milestone_get(struct db *db, struct arena *a, int64_t id, struct milestone *out)
{
	struct db_stmt *st = db_stmt(db, "SELECT id, project_id, seq, title, due_on, status,"
				     " done_on, note, updated_at FROM project_milestone WHERE id = ?");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		memset(out, 0, sizeof *out);
		out->id = db_col_int(st, 0);
		out->project_id = db_col_int(st, 1);
		out->seq = db_col_int(st, 2);
		out->title = col_str(st, 3, a);
		out->due_on = col_str(st, 4, a);
		out->status = col_str(st, 5, a);
		out->done_on = col_str(st, 6, a);
		out->note = col_str(st, 7, a);
		out->updated_at = db_col_int(st, 8);
		rc = 0;
	} else if (rc == DB_DONE)
		rc = 1;
	db_done(st);
	return rc;
}

int store_output_insert(struct db *db, const struct project_output *o, int64_t *id)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO project_output(project_id, kind, title, ref, year, created_at)"
		" VALUES (?, ?, ?, ?, ?, ?)");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, o->project_id);
	db_bind_text(st, 2, o->kind);
	db_bind_text(st, 3, o->title);
	bind_opt(st, 4, o->ref);
	if (o->year > 0)
		db_bind_int(st, 5, o->year);
	db_bind_int(st, 6, now_unix());
	rc = db_run(st);
	if (rc == 0 && id)
		*id = db_last_id(db);
	return rc;
}

int store_output_delete(struct db *db, int64_t id)
{
	return changed_or_missing(db, run_id(db, "DELETE FROM project_output WHERE id = ?", id));
}

int store_output_get(struct db *db, struct arena *a, int64_t id, struct project_output *out)
{
	struct db_stmt *st = db_stmt(db, "SELECT id, project_id, kind, title, ref, coalesce(year, 0),"
				     " created_at FROM project_output WHERE id = ?");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		memset(out, 0, sizeof *out);
		out->id = db_col_int(st, 0);
		out->project_id = db_col_int(st, 1);
		out->kind = col_str(st, 2, a);
		out->title = col_str(st, 3, a);
		out->ref = col_str(st, 4, a);
		out->year = db_col_int(st, 5);
		out->created_at = db_col_int(st, 6);
		rc = 0;
	} else if (rc == DB_DONE)
		rc = 1;
	db_done(st);
	return rc;
}

int store_project_is_lead_expert(struct db *db, int64_t project_id, int64_t account_id)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT count(*) FROM project_expert x JOIN expert e ON e.id = x.expert_id"
		" WHERE x.project_id = ? AND x.role = 'lead' AND e.account_id = ?");
	int64_t n;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, project_id);
	db_bind_int(st, 2, account_id);
	n = db_scalar_int(st, -1);
	return n < 0 ? DB_ERR : n > 0;
}

/* ---- consortia ------------------------------------------------------------- */

static void bind_consortium(struct db_stmt *st, const struct consortium *k)
{
	db_bind_text(st, 1, k->name);
	bind_opt(st, 2, k->name_en);
	db_bind_int(st, 3, k->lead_org_id);
	bind_opt(st, 4, k->field);
	bind_opt(st, 5, k->description);
	db_bind_int(st, 6, k->founded_year);
	db_bind_int(st, 7, now_unix());
}

int store_consortium_insert(struct db *db, const struct consortium *k, int64_t *id)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO consortium(name, name_en, lead_org_id, field, description, founded_year,"
		" created_at, updated_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)");
	int rc;
	if (!st)
		return DB_ERR;
	bind_consortium(st, k);
	if (k->created_by > 0)
		db_bind_int(st, 8, k->created_by);
	rc = db_run(st);
	if (rc == 0 && id)
		*id = db_last_id(db);
	return rc;
}

int store_consortium_update(struct db *db, const struct consortium *k)
{
	struct db_stmt *st = db_stmt(db,
		"UPDATE consortium SET name = ?1, name_en = ?2, lead_org_id = ?3, field = ?4,"
		" description = ?5, founded_year = ?6, updated_at = ?7 WHERE id = ?8");
	if (!st)
		return DB_ERR;
	bind_consortium(st, k);
	db_bind_int(st, 8, k->id);
	return changed_or_missing(db, db_run(st));
}

int store_consortium_delete(struct db *db, int64_t id)
{
	return changed_or_missing(db, run_id(db, "DELETE FROM consortium WHERE id = ?", id));
}

#define CONSORTIUM_COLS \
	"k.id, k.name, k.name_en, k.field, k.description, k.lead_org_id, k.founded_year, k.regions," \
	" coalesce(k.created_by, 0), k.created_at, k.updated_at, o.name_zh, o.name_en, o.region_code," \
	" (SELECT count(*) FROM consortium_member m WHERE m.consortium_id = k.id)," \
	" (SELECT count(*) FROM project p WHERE p.consortium_id = k.id)"

static void consortium_read(struct db_stmt *st, struct arena *a, struct consortium *k)
{
	memset(k, 0, sizeof *k);
	k->id = db_col_int(st, 0);
	k->name = col_str(st, 1, a);
	k->name_en = col_str(st, 2, a);
	k->field = col_str(st, 3, a);
	k->description = col_str(st, 4, a);
	k->lead_org_id = db_col_int(st, 5);
	k->founded_year = db_col_int(st, 6);
	k->regions = db_col_int(st, 7);
	k->created_by = db_col_int(st, 8);
	k->created_at = db_col_int(st, 9);
	k->updated_at = db_col_int(st, 10);
	k->lead_zh = col_str(st, 11, a);
	k->lead_en = col_str(st, 12, a);
	k->lead_region = col_str(st, 13, a);
	k->nmembers = db_col_int(st, 14);
	k->nprojects = db_col_int(st, 15);
}

int store_consortium_get(struct db *db, struct arena *a, int64_t id, struct consortium *out)
{
	struct db_stmt *st = db_stmt(db, "SELECT " CONSORTIUM_COLS " FROM consortium k"
				     " JOIN org o ON o.id = k.lead_org_id WHERE k.id = ?");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		consortium_read(st, a, out);
		rc = 0;
	} else if (rc == DB_DONE)
		rc = 1;
	db_done(st);
	if (rc != 0)
		return rc;
	if (!(st = db_stmt(db, "SELECT " PARTY_COLS " FROM consortium_member m"
			   " JOIN org o ON o.id = m.org_id JOIN region r ON r.code = m.region_code"
			   " WHERE m.consortium_id = ? ORDER BY CASE m.role WHEN 'lead' THEN 0"
			   " WHEN 'upstream' THEN 1 WHEN 'downstream' THEN 2 WHEN 'research' THEN 3"
			   " ELSE 4 END, o.name_zh")))
		return DB_ERR;
	db_bind_int(st, 1, id);
	return read_parties(st, a, &out->members, &out->nmember_rows);
}

int store_consortium_set_members(struct db *db, int64_t id, const struct party *m, size_t n)
{
	struct db_stmt *st;
	int rc = run_id(db, "DELETE FROM consortium_member WHERE consortium_id = ?", id);
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (!(st = db_stmt(db, "INSERT INTO consortium_member(consortium_id, org_id, role,"
				   " region_code) SELECT ?1, id, ?2, region_code FROM org WHERE id = ?3")))
			return DB_ERR;
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, m[i].role);
		db_bind_int(st, 3, m[i].org_id);
		rc = db_run(st);
		if (rc == 0 && db_changes(db) == 0)
			rc = DB_CONSTRAINT;
	}
	if (rc == 0)
		rc = run_id(db, "UPDATE consortium SET regions = (SELECT count(DISTINCT region_code)"
			    " FROM consortium_member WHERE consortium_id = ?1) WHERE id = ?1", id);
	return rc;
}

static int consortium_where(struct buf *sql, struct binds *b, const struct consortium_filter *f)
{
	int rc = buf_adds(sql, " WHERE 1=1");
	rc |= add_text(sql, b, " AND EXISTS (SELECT 1 FROM consortium_member m WHERE"
		       " m.consortium_id = k.id AND m.region_code = ?)", f->region);
	rc |= add_text(sql, b, " AND k.field = ?", f->field);
	if (f->org_id > 0)
		rc |= add_num(sql, b, " AND EXISTS (SELECT 1 FROM consortium_member m WHERE"
			      " m.consortium_id = k.id AND m.org_id = ?)", f->org_id);
	return rc;
}

int store_consortium_list(struct db *db, struct arena *a, const struct consortium_filter *f,
			  struct consortium **out, size_t *n, int64_t *total)
{
	struct buf sql = BUF_INIT;
	struct binds b = { 0 };
	struct db_stmt *st = NULL;
	size_t cap = 0;
	int rc = DB_ERR;

	*out = NULL;
	*n = 0;
	*total = 0;
	if (buf_adds(&sql, "SELECT count(*) FROM consortium k") || consortium_where(&sql, &b, f) ||
	    !(st = db_prepare(db, sql.s)))
		goto out;
	bind_all(st, &b);
	if ((rc = db_step(st)) != DB_ROW)
		goto out;
	*total = db_col_int(st, 0);
	db_finalize(st);
	st = NULL;
	rc = 0;
	if (!*total || f->offset >= *total)
		goto out;
	buf_reset(&sql);
	memset(&b, 0, sizeof b);
	rc = DB_ERR;
	if (buf_adds(&sql, "SELECT " CONSORTIUM_COLS " FROM consortium k"
		     " JOIN org o ON o.id = k.lead_org_id") ||
	    consortium_where(&sql, &b, f) ||
	    add_num(&sql, &b, " ORDER BY k.regions DESC, k.id LIMIT ?", f->limit) ||
	    add_num(&sql, &b, " OFFSET ?", f->offset) || !(st = db_prepare(db, sql.s)))
		goto out;
	bind_all(st, &b);
	while ((rc = db_step(st)) == DB_ROW) {
		struct consortium *k = store_grow(a, (void **)out, &cap, *n, sizeof **out);
		if (!k) {
			rc = DB_ERR;
			break;
		}
		consortium_read(st, a, k);
		(*n)++;
	}
	rc = rc == DB_DONE ? 0 : rc;
out:
	db_finalize(st);
	buf_release(&sql);
	return rc;
}

int64_t store_consortium_by_name(struct db *db, const char *name)
{
	struct db_stmt *st = db_stmt(db, "SELECT id FROM consortium WHERE name = ?");
	if (!st)
		return DB_ERR;
	db_bind_text(st, 1, name);
	return db_scalar_int(st, 0);
}

/* ---- figures ---------------------------------------------------------------- */

int store_funds_by_region(struct db *db, struct arena *a, const char *region, int64_t from,
			  int64_t to, struct funds_row **out, size_t *n)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT year, region_code, coalesce(sum(CASE source WHEN 'fiscal' THEN amount_cny END), 0),"
		" coalesce(sum(CASE source WHEN 'enterprise' THEN amount_cny END), 0),"
		" coalesce(sum(CASE source WHEN 'social' THEN amount_cny END), 0)"
		" FROM project_funding WHERE year BETWEEN ?1 AND ?2 AND (?3 IS NULL OR region_code = ?3)"
		" GROUP BY year, region_code ORDER BY year, region_code");
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, from);
	db_bind_int(st, 2, to);
	bind_opt(st, 3, region);
	while ((rc = db_step(st)) == DB_ROW) {
		struct funds_row *f = store_grow(a, (void **)out, &cap, *n, sizeof **out);
		if (!f) {
			rc = DB_ERR;
			break;
		}
		f->year = db_col_int(st, 0);
		f->region_code = col_str(st, 1, a);
		f->fiscal_cny = db_col_int(st, 2);
		f->enterprise_cny = db_col_int(st, 3);
		f->social_cny = db_col_int(st, 4);
		(*n)++;
	}
	db_done(st);
	return rc == DB_DONE ? 0 : rc;
}

int64_t store_joint_running(struct db *db, const char *region, int64_t year)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT count(*) FROM project p WHERE p.regions >= 2 AND p.start_year <= ?1"
		" AND coalesce(p.end_year, 9999) >= ?1 AND (?2 IS NULL OR EXISTS (SELECT 1"
		" FROM project_member m WHERE m.project_id = p.id AND m.region_code = ?2))");
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, year);
	bind_opt(st, 2, region);
	return db_scalar_int(st, DB_ERR);
}

int64_t store_joint_started(struct db *db, const char *region, int64_t year)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT count(*) FROM project p WHERE p.regions >= 2 AND p.start_year = ?1"
		" AND (?2 IS NULL OR EXISTS (SELECT 1 FROM project_member m WHERE m.project_id = p.id"
		" AND m.region_code = ?2))");
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, year);
	bind_opt(st, 2, region);
	return db_scalar_int(st, DB_ERR);
}

int64_t store_consortia_count(struct db *db, const char *region, int64_t year)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT count(*) FROM consortium k WHERE k.regions >= 2 AND k.founded_year <= ?1"
		" AND (?2 IS NULL OR EXISTS (SELECT 1 FROM consortium_member m"
		" WHERE m.consortium_id = k.id AND m.region_code = ?2))");
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, year);
	bind_opt(st, 2, region);
	return db_scalar_int(st, DB_ERR);
}

int64_t store_joint_led(struct db *db, int64_t org_id, int64_t year)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT count(*) FROM project WHERE lead_org_id = ?1 AND regions >= 2"
		" AND start_year <= ?2 AND coalesce(end_year, 9999) >= ?2");
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, org_id);
	db_bind_int(st, 2, year);
	return db_scalar_int(st, DB_ERR);
}
