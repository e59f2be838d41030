/*
 * challenge.c — enterprise technical challenges, the regions they are
 * open to, the responses of teams with their consortia and experts, and
 * the challenge figures.  See challenge.h.
 */
#include <string.h>
#include "core/buf.h"
#include "core/util.h"
#include "store/challenge.h"
#include "store/db.h"
#include "store/internal.h"
#include "core/banned.h"

/* ---- challenges ------------------------------------------------------------ */

static void bind_opt_int(struct db_stmt *st, int i, int64_t v)
{
	if (v > 0)
		db_bind_int(st, i, v);
	else
		db_bind_null(st, i);
}

static void bind_challenge(struct db_stmt *st, const struct challenge *k)
{
	db_bind_text(st, 1, k->title);
	db_bind_text(st, 2, k->statement);
	db_bind_text(st, 3, k->indicators);
	db_bind_text(st, 4, k->field);
	db_bind_int(st, 5, k->budget_cny);
	db_bind_text(st, 6, k->deadline);
	db_bind_int(st, 7, k->deadline_at);
	db_bind_text(st, 8, k->open_to);
	db_bind_text(st, 9, k->ip_terms);
	bind_opt(st, 10, k->ip_note);
	db_bind_int(st, 11, k->anonymous ? 1 : 0);
	db_bind_int(st, 12, k->poster_org_id);
	db_bind_text(st, 13, k->region_code);
	db_bind_text(st, 14, k->state);
	bind_opt(st, 15, k->reason);
	bind_opt_int(st, 16, k->reviewed_by);
	bind_opt_int(st, 17, k->published_at);
	bind_opt_int(st, 18, k->decided_at);
	bind_opt_int(st, 19, k->selected_response);
	bind_opt_int(st, 20, k->project_id);
	db_bind_int(st, 21, now_unix());
}

int store_challenge_insert(struct db *db, const struct challenge *k, int64_t *id)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO challenge(title, statement, indicators, field, budget_cny, deadline,"
		" deadline_at, open_to, ip_terms, ip_note, anonymous, poster_org_id, region_code, state,"
		" reason, reviewed_by, published_at, decided_at, selected_response, project_id,"
		" created_at, updated_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
		" ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?21, ?22)");
	int rc;
	if (!st)
		return DB_ERR;
	bind_challenge(st, k);
	bind_opt_int(st, 22, k->created_by);
	rc = db_run(st);
	if (rc == 0 && id)
		*id = db_last_id(db);
	return rc;
}

int store_challenge_update(struct db *db, const struct challenge *k)
{
	struct db_stmt *st = db_stmt(db,
		"UPDATE challenge SET title = ?1, statement = ?2, indicators = ?3, field = ?4,"
		" budget_cny = ?5, deadline = ?6, deadline_at = ?7, open_to = ?8, ip_terms = ?9,"
		" ip_note = ?10, anonymous = ?11, poster_org_id = ?12, region_code = ?13, state = ?14,"
		" reason = ?15, reviewed_by = ?16, published_at = ?17, decided_at = ?18,"
		" selected_response = ?19, project_id = ?20, updated_at = ?21 WHERE id = ?22");
	int rc;
	if (!st)
		return DB_ERR;
	bind_challenge(st, k);
	db_bind_int(st, 22, k->id);
	rc = db_run(st);
	return rc == 0 && db_changes(db) == 0 ? 1 : rc;
}

#define CHALLENGE_COLS \
	"c.id, c.title, c.statement, c.indicators, c.field, c.budget_cny, c.deadline," \
	" c.deadline_at, c.open_to, c.ip_terms, c.ip_note, c.anonymous, c.poster_org_id," \
	" c.region_code, c.state, c.reason, coalesce(c.created_by, 0), coalesce(c.reviewed_by, 0)," \
	" coalesce(c.published_at, 0), coalesce(c.decided_at, 0), coalesce(c.selected_response, 0)," \
	" coalesce(c.project_id, 0), c.created_at, c.updated_at, o.name_zh, o.name_en, r.name_zh," \
	" r.name_en, (SELECT count(*) FROM challenge_response x WHERE x.challenge_id = c.id" \
	"  AND x.state <> 'withdrawn')"
#define CHALLENGE_JOINS \
	" JOIN org o ON o.id = c.poster_org_id JOIN region r ON r.code = c.region_code"

static void challenge_read(struct db_stmt *st, struct arena *a, struct challenge *k)
{
	memset(k, 0, sizeof *k);
	k->id = db_col_int(st, 0);
	k->title = col_str(st, 1, a);
	k->statement = col_str(st, 2, a);
	k->indicators = col_str(st, 3, a);
	k->field = col_str(st, 4, a);
	k->budget_cny = db_col_int(st, 5);
	k->deadline = col_str(st, 6, a);
	k->deadline_at = db_col_int(st, 7);
	k->open_to = col_str(st, 8, a);
	k->ip_terms = col_str(st, 9, a);
	k->ip_note = col_str(st, 10, a);
	k->anonymous = db_col_int(st, 11);
	k->poster_org_id = db_col_int(st, 12);
	k->region_code = col_str(st, 13, a);
	k->state = col_str(st, 14, a);
	k->reason = col_str(st, 15, a);
	k->created_by = db_col_int(st, 16);
	k->reviewed_by = db_col_int(st, 17);
	k->published_at = db_col_int(st, 18);
	k->decided_at = db_col_int(st, 19);
	k->selected_response = db_col_int(st, 20);
	k->project_id = db_col_int(st, 21);
	k->created_at = db_col_int(st, 22);
	k->updated_at = db_col_int(st, 23);
	k->poster_zh = col_str(st, 24, a);
	k->poster_en = col_str(st, 25, a);
	k->region_zh = col_str(st, 26, a);
	k->region_en = col_str(st, 27, a);
	k->responses = db_col_int(st, 28);
}

int store_challenge_get(struct db *db, struct arena *a, int64_t id, struct challenge *out)
{
	struct db_stmt *st = db_stmt(db, "SELECT " CHALLENGE_COLS " FROM challenge c"
				     CHALLENGE_JOINS " WHERE c.id = ?");
	size_t cap = 0;
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		challenge_read(st, a, out);
		rc = 0;
	} else if (rc == DB_DONE)
		rc = 1;
	db_done(st);
	if (rc != 0)
		return rc;
	if (!(st = db_stmt(db, "SELECT region_code FROM challenge_region WHERE challenge_id = ?"
			   " ORDER BY region_code")))
		return DB_ERR;
	db_bind_int(st, 1, id);
	while ((rc = db_step(st)) == DB_ROW) {
		const char **slot = store_grow(a, (void **)&out->regions, &cap, out->nregions,
					       sizeof *slot);
		if (!slot || !(*slot = col_str(st, 0, a))) {
			rc = DB_ERR;
			break;
		}
		out->nregions++;
	}
	db_done(st);
	return rc == DB_DONE ? 0 : rc;
}

int store_challenge_set_regions(struct db *db, int64_t id, const char *const *codes, size_t n)
{
	struct db_stmt *st = db_stmt(db, "DELETE FROM challenge_region WHERE challenge_id = ?");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, id);
	rc = db_run(st);
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (!(st = db_stmt(db, "INSERT INTO challenge_region(challenge_id, region_code)"
				   " VALUES (?, ?)")))
			return DB_ERR;
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, codes[i]);
		rc = db_run(st);
	}
	return rc;
}

/* The list's optional filters, from fixed fragments with bound values. */
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

static int challenge_where(struct buf *sql, struct binds *b, const struct challenge_filter *f,
			   int pg)
{
	int rc = buf_adds(sql, " WHERE 1=1");
	rc |= add_text(sql, b, pg ? " AND strpos(c.title, ?) > 0" : " AND instr(c.title, ?) > 0", f->q);
	rc |= add_text(sql, b, " AND c.field = ?", f->field);
	rc |= add_text(sql, b, " AND c.region_code = ?", f->region);
	if (f->states && f->states[0]) {
		rc |= buf_adds(sql, " AND c.state IN (");
		for (size_t i = 0; f->states[i] && b->n < 12; i++)
			rc |= add_text(sql, b, i ? ", ?" : "?", f->states[i]);
		rc |= buf_adds(sql, ")");
	}
	if (f->poster_org_id > 0)
		rc |= add_num(sql, b, " AND c.poster_org_id = ?", f->poster_org_id);
	if (f->open_now)
		rc |= add_num(sql, b, " AND c.state = 'published' AND c.deadline_at > ?", f->now);
	if (f->responder_org_id > 0)
		rc |= add_num(sql, b, " AND EXISTS (SELECT 1 FROM challenge_response x"
			      " WHERE x.challenge_id = c.id AND x.lead_org_id = ?)", f->responder_org_id);
	return rc;
}

int store_challenge_list(struct db *db, struct arena *a, const struct challenge_filter *f,
			 struct challenge **out, size_t *n, int64_t *total)
{
	struct buf sql = BUF_INIT;
	struct binds b = { 0 };
	struct db_stmt *st = NULL;
	size_t cap = 0;
	int rc = DB_ERR, pg = db_backend(db) == DB_PG;

	*out = NULL;
	*n = 0;
	*total = 0;
	if (buf_adds(&sql, "SELECT count(*) FROM challenge c") || challenge_where(&sql, &b, f, pg) ||
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
	if (buf_adds(&sql, "SELECT " CHALLENGE_COLS " FROM challenge c" CHALLENGE_JOINS) ||
	    challenge_where(&sql, &b, f, pg) ||
	    add_num(&sql, &b, " ORDER BY coalesce(c.published_at, c.created_at) DESC, c.id DESC"
		    " LIMIT ?", f->limit) ||
	    add_num(&sql, &b, " OFFSET ?", f->offset) || !(st = db_prepare(db, sql.s)))
		goto out;
	bind_all(st, &b);
	while ((rc = db_step(st)) == DB_ROW) {
		struct challenge *k = store_grow(a, (void **)out, &cap, *n, sizeof **out);
		if (!k) {
			rc = DB_ERR;
			break;
		}
		challenge_read(st, a, k);
		(*n)++;
	}
	rc = rc == DB_DONE ? 0 : rc;
out:
	db_finalize(st);
	buf_release(&sql);
	return rc;
}

/* ---- responses -------------------------------------------------------------- */

int store_response_insert(struct db *db, const struct response *x, int64_t *id)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO challenge_response(challenge_id, lead_org_id, plan, budget_cny, state,"
		" created_by, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, x->challenge_id);
	db_bind_int(st, 2, x->lead_org_id);
	db_bind_text(st, 3, x->plan);
	db_bind_int(st, 4, x->budget_cny);
	db_bind_text(st, 5, x->state);
	bind_opt_int(st, 6, x->created_by);
	db_bind_int(st, 7, x->created_at > 0 ? x->created_at : now_unix());
	rc = db_run(st);
	if (rc == 0 && id)
		*id = db_last_id(db);
	return rc;
}

int store_response_set_state(struct db *db, int64_t id, const char *state, int64_t at)
{
	struct db_stmt *st = db_stmt(db,
		"UPDATE challenge_response SET state = ?, updated_at = ? WHERE id = ?");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_text(st, 1, state);
	db_bind_int(st, 2, at);
	db_bind_int(st, 3, id);
	rc = db_run(st);
	return rc == 0 && db_changes(db) == 0 ? 1 : rc;
}

int store_response_decline_others(struct db *db, int64_t challenge_id, int64_t keep, int64_t at)
{
	struct db_stmt *st = db_stmt(db,
		"UPDATE challenge_response SET state = 'declined', updated_at = ?"
		" WHERE challenge_id = ? AND id <> ? AND state IN ('submitted', 'shortlisted')");
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, at);
	db_bind_int(st, 2, challenge_id);
	db_bind_int(st, 3, keep);
	return db_run(st);
}

int store_response_set_parties(struct db *db, int64_t id, const struct party *m, size_t n,
			       const struct person *x, size_t nx)
{
	struct db_stmt *st;
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (!(st = db_stmt(db, "INSERT INTO response_member(response_id, org_id, role,"
				   " region_code, seq) SELECT ?1, id, ?2, region_code, ?3 FROM org"
				   " WHERE id = ?4")))
			return DB_ERR;
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, m[i].role);
		db_bind_int(st, 3, (int64_t)i + 1);
		db_bind_int(st, 4, m[i].org_id);
		rc = db_run(st);
		if (rc == 0 && db_changes(db) == 0)
			rc = DB_CONSTRAINT;
	}
	for (size_t i = 0; i < nx && rc == 0; i++) {
		if (!(st = db_stmt(db, "INSERT INTO response_expert(response_id, expert_id, role)"
				   " VALUES (?, ?, ?)")))
			return DB_ERR;
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, x[i].expert_id);
		db_bind_text(st, 3, x[i].role);
		rc = db_run(st);
	}
	return rc;
}

#define RESPONSE_COLS \
	"x.id, x.challenge_id, x.lead_org_id, x.budget_cny, x.plan, x.state," \
	" coalesce(x.created_by, 0), x.created_at, x.updated_at, o.name_zh, o.name_en, o.region_code," \
	" (SELECT count(*) FROM response_member m WHERE m.response_id = x.id)"

static void response_read(struct db_stmt *st, struct arena *a, struct response *x)
{
	memset(x, 0, sizeof *x);
	x->id = db_col_int(st, 0);
	x->challenge_id = db_col_int(st, 1);
	x->lead_org_id = db_col_int(st, 2);
	x->budget_cny = db_col_int(st, 3);
	x->plan = col_str(st, 4, a);
	x->state = col_str(st, 5, a);
	x->created_by = db_col_int(st, 6);
	x->created_at = db_col_int(st, 7);
	x->updated_at = db_col_int(st, 8);
	x->lead_zh = col_str(st, 9, a);
	x->lead_en = col_str(st, 10, a);
	x->lead_region = col_str(st, 11, a);
	x->nmembers = db_col_int(st, 12);
}

/* Members (lead first) and experts of x. */
static int response_children(struct db *db, struct arena *a, struct response *x)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT m.org_id, m.role, m.region_code, o.name_zh, o.name_en, o.kind, r.name_zh,"
		" r.name_en FROM response_member m JOIN org o ON o.id = m.org_id"
		" JOIN region r ON r.code = m.region_code WHERE m.response_id = ? ORDER BY m.seq");
	size_t cap = 0;
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, x->id);
	while ((rc = db_step(st)) == DB_ROW) {
		struct party *m = store_grow(a, (void **)&x->members, &cap, x->nmember_rows, sizeof *m);
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
		x->nmember_rows++;
	}
	db_done(st);
	if (rc != DB_DONE)
		return rc;
	if (!(st = db_stmt(db, "SELECT y.expert_id, y.role, e.name, e.name_en, e.org_id, o.name_zh,"
			   " o.name_en, coalesce(e.account_id, 0) FROM response_expert y"
			   " JOIN expert e ON e.id = y.expert_id JOIN org o ON o.id = e.org_id"
			   " WHERE y.response_id = ? ORDER BY CASE y.role WHEN 'lead' THEN 0"
			   " WHEN 'co_lead' THEN 1 ELSE 2 END, y.expert_id")))
		return DB_ERR;
	db_bind_int(st, 1, x->id);
	cap = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		struct person *p = store_grow(a, (void **)&x->experts, &cap, x->nexperts, sizeof *p);
		if (!p) {
			rc = DB_ERR;
			break;
		}
		p->expert_id = db_col_int(st, 0);
		p->role = col_str(st, 1, a);
		p->name = col_str(st, 2, a);
		p->name_en = col_str(st, 3, a);
		p->org_id = db_col_int(st, 4);
		p->org_zh = col_str(st, 5, a);
		p->org_en = col_str(st, 6, a);
		p->account_id = db_col_int(st, 7);
		x->nexperts++;
	}
	db_done(st);
	return rc == DB_DONE ? 0 : rc;
}

int store_response_get(struct db *db, struct arena *a, int64_t id, struct response *out)
{
	struct db_stmt *st = db_stmt(db, "SELECT " RESPONSE_COLS " FROM challenge_response x"
				     " JOIN org o ON o.id = x.lead_org_id WHERE x.id = ?");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		response_read(st, a, out);
		rc = 0;
	} else if (rc == DB_DONE)
		rc = 1;
	db_done(st);
	return rc == 0 ? response_children(db, a, out) : rc;
}

int store_response_list(struct db *db, struct arena *a, int64_t challenge_id, int children,
			struct response **out, size_t *n)
{
	struct db_stmt *st = db_stmt(db, "SELECT " RESPONSE_COLS " FROM challenge_response x"
				     " JOIN org o ON o.id = x.lead_org_id WHERE x.challenge_id = ?"
				     " ORDER BY x.id");
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, challenge_id);
	while ((rc = db_step(st)) == DB_ROW) {
		struct response *x = store_grow(a, (void **)out, &cap, *n, sizeof **out);
		if (!x) {
			rc = DB_ERR;
			break;
		}
		response_read(st, a, x);
		(*n)++;
	}
	db_done(st);
	if (rc != DB_DONE)
		return rc;
	for (size_t i = 0; children && i < *n; i++)
		if ((rc = response_children(db, a, &(*out)[i])) < 0)
			return rc;
	return 0;
}

int64_t store_response_live(struct db *db, int64_t challenge_id, int64_t lead_org_id)
{
	struct db_stmt *st = db_stmt(db, "SELECT id FROM challenge_response WHERE challenge_id = ?"
				     " AND lead_org_id = ? AND state <> 'withdrawn'");
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, challenge_id);
	db_bind_int(st, 2, lead_org_id);
	return db_scalar_int(st, 0);
}

/* ---- figures ------------------------------------------------------------------ */

int store_challenge_figures(struct db *db, const char *region, int64_t from, int64_t to,
			    int64_t *published, int64_t *answered, int64_t *selected)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT count(*), count(*) FILTER (WHERE EXISTS (SELECT 1 FROM challenge_response x"
		"  WHERE x.challenge_id = c.id AND x.state <> 'withdrawn')),"
		" (SELECT count(*) FROM challenge d WHERE d.state = 'selected' AND d.decided_at >= ?1"
		"  AND d.decided_at < ?2 AND (?3 IS NULL OR d.region_code = ?3))"
		" FROM challenge c WHERE c.published_at >= ?1 AND c.published_at < ?2"
		" AND (?3 IS NULL OR c.region_code = ?3)");
	int rc;
	*published = *answered = *selected = 0;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, from);
	db_bind_int(st, 2, to);
	bind_opt(st, 3, region);
	rc = db_step(st);
	if (rc == DB_ROW) {
		*published = db_col_int(st, 0);
		*answered = db_col_int(st, 1);
		*selected = db_col_int(st, 2);
		rc = 0;
	}
	db_done(st);
	return rc == 0 ? 0 : rc < 0 ? rc : DB_ERR;
}

int64_t store_challenges_won(struct db *db, int64_t org_id, int64_t from, int64_t to)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT count(*) FROM challenge c JOIN challenge_response x ON x.id = c.selected_response"
		" WHERE x.lead_org_id = ? AND c.state = 'selected' AND c.decided_at >= ?"
		" AND c.decided_at < ?");
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, org_id);
	db_bind_int(st, 2, from);
	db_bind_int(st, 3, to);
	return db_scalar_int(st, DB_ERR);
}
