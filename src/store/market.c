/*
 * market.c — technology contracts, the flows between regions, institutes
 * and their assessment scheme, page views and row counts.  See market.h.
 *
 * Lists take their optional filters as "(?n IS NULL OR column = ?n)", so
 * each query is one cached statement with bound values; the flows read the
 * covering index tech_contract_flow and never the wide rows (the top lists
 * group by "+column" so that the planner does not walk the seller or buyer
 * index instead and fetch every row; they select "+column" too, as
 * PostgreSQL wants the selected column to be the grouped expression).
 */
#include <string.h>
#include "core/util.h"
#include "store/db.h"
#include "store/internal.h"
#include "store/market.h"
#include "core/banned.h"

/* ---- contracts ---------------------------------------------------------- */

#define CONTRACT_COLS \
	"c.id, c.kind, c.title, c.amount_cny, c.income_cny, c.seller_org_id, c.buyer_org_id," \
	" c.seller_region, c.buyer_region, c.signed_on, c.year, c.field, c.state, c.reason," \
	" coalesce(c.registered_by, 0), coalesce(c.decided_by, 0), coalesce(c.decided_at, 0)," \
	" c.created_at, c.updated_at, s.name_zh, s.name_en, b.name_zh, b.name_en"
#define CONTRACT_JOINS \
	" JOIN org s ON s.id = c.seller_org_id JOIN org b ON b.id = c.buyer_org_id"

static void read_contract(struct db_stmt *st, struct arena *a, struct contract *c)
{
	c->id = db_col_int(st, 0);
	c->kind = col_str(st, 1, a);
	c->title = col_str(st, 2, a);
	c->amount_cny = db_col_int(st, 3);
	c->income_cny = db_col_int(st, 4);
	c->seller_org_id = db_col_int(st, 5);
	c->buyer_org_id = db_col_int(st, 6);
	c->seller_region = col_str(st, 7, a);
	c->buyer_region = col_str(st, 8, a);
	c->signed_on = col_str(st, 9, a);
	c->year = db_col_int(st, 10);
	c->field = col_str(st, 11, a);
	c->state = col_str(st, 12, a);
	c->reason = col_str(st, 13, a);
	c->registered_by = db_col_int(st, 14);
	c->decided_by = db_col_int(st, 15);
	c->decided_at = db_col_int(st, 16);
	c->created_at = db_col_int(st, 17);
	c->updated_at = db_col_int(st, 18);
	c->seller_zh = col_str(st, 19, a);
	c->seller_en = col_str(st, 20, a);
	c->buyer_zh = col_str(st, 21, a);
	c->buyer_en = col_str(st, 22, a);
}

static void bind_opt_int(struct db_stmt *st, int i, int64_t v)
{
	if (v > 0)
		db_bind_int(st, i, v);
	else
		db_bind_null(st, i);
}

int store_contract_insert(struct db *db, const struct contract *c, int64_t *id)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO tech_contract(kind, title, amount_cny, income_cny, seller_org_id,"
		" buyer_org_id, seller_region, buyer_region, signed_on, year, field, state, reason,"
		" registered_by, decided_by, decided_at, created_at, updated_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17)");
	int64_t now = c->created_at > 0 ? c->created_at : now_unix();
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_text(st, 1, c->kind);
	db_bind_text(st, 2, c->title);
	db_bind_int(st, 3, c->amount_cny);
	db_bind_int(st, 4, c->income_cny);
	db_bind_int(st, 5, c->seller_org_id);
	db_bind_int(st, 6, c->buyer_org_id);
	db_bind_text(st, 7, c->seller_region);
	db_bind_text(st, 8, c->buyer_region);
	db_bind_text(st, 9, c->signed_on);
	db_bind_int(st, 10, c->year);
	db_bind_text(st, 11, c->field);
	db_bind_text(st, 12, c->state);
	bind_opt(st, 13, c->reason);
	bind_opt_int(st, 14, c->registered_by);
	bind_opt_int(st, 15, c->decided_by);
	bind_opt_int(st, 16, c->decided_at);
	db_bind_int(st, 17, now);
	rc = db_run(st);
	if (rc == 0 && id)
		*id = db_last_id(db);
	return rc;
}

int store_contract_update(struct db *db, const struct contract *c)
{
	struct db_stmt *st = db_stmt(db,
		"UPDATE tech_contract SET kind = ?2, title = ?3, amount_cny = ?4, income_cny = ?5,"
		" seller_org_id = ?6, buyer_org_id = ?7, seller_region = ?8, buyer_region = ?9,"
		" signed_on = ?10, year = ?11, field = ?12, state = ?13, reason = ?14,"
		" decided_by = ?15, decided_at = ?16, updated_at = ?17 WHERE id = ?1");
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, c->id);
	db_bind_text(st, 2, c->kind);
	db_bind_text(st, 3, c->title);
	db_bind_int(st, 4, c->amount_cny);
	db_bind_int(st, 5, c->income_cny);
	db_bind_int(st, 6, c->seller_org_id);
	db_bind_int(st, 7, c->buyer_org_id);
	db_bind_text(st, 8, c->seller_region);
	db_bind_text(st, 9, c->buyer_region);
	db_bind_text(st, 10, c->signed_on);
	db_bind_int(st, 11, c->year);
	db_bind_text(st, 12, c->field);
	db_bind_text(st, 13, c->state);
	bind_opt(st, 14, c->reason);
	bind_opt_int(st, 15, c->decided_by);
	bind_opt_int(st, 16, c->decided_at);
	db_bind_int(st, 17, now_unix());
	return db_run(st);
}

int store_contract_get(struct db *db, struct arena *a, int64_t id, struct contract *out)
{
	struct db_stmt *st = db_stmt(db, "SELECT " CONTRACT_COLS " FROM tech_contract c"
				     CONTRACT_JOINS " WHERE c.id = ?");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		memset(out, 0, sizeof *out);
		read_contract(st, a, out);
		rc = 0;
	} else if (rc == DB_DONE)
		rc = 1;
	db_done(st);
	return rc;
}

#define CONTRACT_WHERE \
	" WHERE (?1 IS NULL OR c.year = ?1) AND (?2 IS NULL OR c.state = ?2)" \
	" AND (?3 IS NULL OR c.kind = ?3) AND (?4 IS NULL OR c.field = ?4)" \
	" AND (?5 IS NULL OR c.seller_region = ?5 OR c.buyer_region = ?5)" \
	" AND (?6 IS NULL OR c.seller_region = ?6)" \
	" AND (?7 IS NULL OR c.seller_org_id = ?7 OR c.buyer_org_id = ?7)"

static void bind_filter(struct db_stmt *st, const struct contract_filter *f)
{
	bind_opt_int(st, 1, f->year);
	bind_opt(st, 2, f->state);
	bind_opt(st, 3, f->kind);
	bind_opt(st, 4, f->field);
	bind_opt(st, 5, f->region);
	bind_opt(st, 6, f->seller_region);
	bind_opt_int(st, 7, f->org_id);
}

int store_contract_list(struct db *db, struct arena *a, const struct contract_filter *f,
			struct contract **out, size_t *n, int64_t *total)
{
	struct db_stmt *st = db_stmt(db, "SELECT count(*) FROM tech_contract c" CONTRACT_WHERE);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return DB_ERR;
	bind_filter(st, f);
	*total = db_scalar_int(st, 0);
	if (*total == 0 || f->offset >= *total)
		return 0;
	st = db_stmt(db, "SELECT " CONTRACT_COLS " FROM tech_contract c" CONTRACT_JOINS
		     CONTRACT_WHERE " ORDER BY c.signed_on DESC, c.id DESC LIMIT ?8 OFFSET ?9");
	if (!st)
		return DB_ERR;
	bind_filter(st, f);
	db_bind_int(st, 8, f->limit > 0 ? f->limit : INT64_MAX);
	db_bind_int(st, 9, f->offset);
	while ((rc = db_step(st)) == DB_ROW) {
		struct contract *c = store_grow(a, (void **)out, &cap, *n, sizeof **out);
		if (!c) {
			rc = DB_ERR;
			break;
		}
		memset(c, 0, sizeof *c);
		read_contract(st, a, c);
		(*n)++;
	}
	db_done(st);
	return rc == DB_DONE ? 0 : rc;
}

int64_t store_org_by_name(struct db *db, const char *name_zh)
{
	struct db_stmt *st = db_stmt(db, "SELECT id FROM org WHERE name_zh = ?");
	if (!st)
		return DB_ERR;
	db_bind_text(st, 1, name_zh);
	return db_scalar_int(st, 0);
}

/* ---- flows -------------------------------------------------------------- */

int store_flow_pairs(struct db *db, struct arena *a, int64_t from, int64_t to,
		     struct flow_cell **out, size_t *n)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT year, seller_region, buyer_region, count(*), sum(amount_cny), sum(income_cny)"
		" FROM tech_contract WHERE year BETWEEN ? AND ? AND state = 'verified'"
		" GROUP BY year, seller_region, buyer_region"
		" ORDER BY year, seller_region, buyer_region");
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, from);
	db_bind_int(st, 2, to);
	while ((rc = db_step(st)) == DB_ROW) {
		struct flow_cell *c = store_grow(a, (void **)out, &cap, *n, sizeof **out);
		if (!c) {
			rc = DB_ERR;
			break;
		}
		c->year = db_col_int(st, 0);
		c->seller_region = col_str(st, 1, a);
		c->buyer_region = col_str(st, 2, a);
		c->count = db_col_int(st, 3);
		c->amount_cny = db_col_int(st, 4);
		c->income_cny = db_col_int(st, 5);
		(*n)++;
	}
	db_done(st);
	return rc == DB_DONE ? 0 : rc;
}

int store_flow_top(struct db *db, struct arena *a, enum flow_top by, int64_t year,
		   const char *region, int64_t limit, struct flow_rank **out, size_t *n)
{
#define FLOW_CROSS " c.year = ?1 AND c.state = 'verified' AND c.seller_region <> c.buyer_region" \
		   " AND (?2 IS NULL OR c.seller_region = ?2 OR c.buyer_region = ?2)"
	static const char *const sql[] = {
		[FLOW_TOP_FIELD] =
			"SELECT c.field, 0, NULL, NULL, NULL, count(*), sum(c.amount_cny)"
			" FROM tech_contract c WHERE" FLOW_CROSS
			" GROUP BY c.field ORDER BY 7 DESC, 1 LIMIT ?3",
		[FLOW_TOP_SELLER] =
			"SELECT NULL, o.id, o.name_zh, o.name_en, o.region_code, t.n, t.amount FROM"
			" (SELECT +c.seller_org_id AS id, count(*) AS n, sum(c.amount_cny) AS amount"
			"  FROM tech_contract c WHERE" FLOW_CROSS
			"  GROUP BY +c.seller_org_id ORDER BY 3 DESC, 1 LIMIT ?3) t"
			" JOIN org o ON o.id = t.id ORDER BY t.amount DESC, o.id",
		[FLOW_TOP_BUYER] =
			"SELECT NULL, o.id, o.name_zh, o.name_en, o.region_code, t.n, t.amount FROM"
			" (SELECT +c.buyer_org_id AS id, count(*) AS n, sum(c.amount_cny) AS amount"
			"  FROM tech_contract c WHERE" FLOW_CROSS
			"  GROUP BY +c.buyer_org_id ORDER BY 3 DESC, 1 LIMIT ?3) t"
			" JOIN org o ON o.id = t.id ORDER BY t.amount DESC, o.id",
	};
#undef FLOW_CROSS
	struct db_stmt *st = db_stmt(db, sql[by]);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, year);
	bind_opt(st, 2, region);
	db_bind_int(st, 3, limit);
	while ((rc = db_step(st)) == DB_ROW) {
		struct flow_rank *k = store_grow(a, (void **)out, &cap, *n, sizeof **out);
		if (!k) {
			rc = DB_ERR;
			break;
		}
		k->key = col_str(st, 0, a);
		k->org_id = db_col_int(st, 1);
		k->name_zh = col_str(st, 2, a);
		k->name_en = col_str(st, 3, a);
		k->region_code = col_str(st, 4, a);
		k->count = db_col_int(st, 5);
		k->amount_cny = db_col_int(st, 6);
		(*n)++;
	}
	db_done(st);
	return rc == DB_DONE ? 0 : rc;
}

/* ---- institutes and the assessment scheme ------------------------------- */

int store_institute_put(struct db *db, int64_t org_id, int64_t centre_id, int64_t at)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO institute(org_id, centre_id, registered_at) VALUES (?1, ?2, ?3)"
		" ON CONFLICT(org_id) DO UPDATE SET centre_id = ?2");
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, org_id);
	db_bind_int(st, 2, centre_id);
	db_bind_int(st, 3, at);
	return db_run(st);
}

int store_institute_delete(struct db *db, int64_t org_id)
{
	struct db_stmt *st = db_stmt(db, "DELETE FROM institute WHERE org_id = ?");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, org_id);
	rc = db_run(st);
	return rc == 0 && db_changes(db) == 0 ? 1 : rc;
}

int store_institute_get(struct db *db, int64_t org_id, int64_t *centre_id)
{
	struct db_stmt *st = db_stmt(db, "SELECT centre_id FROM institute WHERE org_id = ?");
	int64_t v;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, org_id);
	v = db_scalar_int(st, -1);
	if (v < 0)
		return 1;
	*centre_id = v;
	return 0;
}

int store_institute_list(struct db *db, struct arena *a, int64_t year,
			 struct institute_row **out, size_t *n)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT i.org_id, i.centre_id, i.registered_at, o.name_zh, o.name_en,"
		" o.region_code, o.city_code, r.name_zh, r.name_en, ct.name_zh, ct.name_en,"
		" ce.name_zh, ce.name_en,"
		" (SELECT count(*) FROM tech_contract c WHERE c.seller_org_id = i.org_id"
		"   AND c.year = ?1 AND c.state = 'verified'),"
		" (SELECT coalesce(sum(c.income_cny), 0) FROM tech_contract c"
		"   WHERE c.seller_org_id = i.org_id AND c.year = ?1 AND c.state = 'verified')"
		" FROM institute i JOIN org o ON o.id = i.org_id JOIN org ce ON ce.id = i.centre_id"
		" JOIN region r ON r.code = o.region_code JOIN city ct ON ct.code = o.city_code"
		" ORDER BY r.sort, o.name_zh");
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, year);
	while ((rc = db_step(st)) == DB_ROW) {
		struct institute_row *x = store_grow(a, (void **)out, &cap, *n, sizeof **out);
		if (!x) {
			rc = DB_ERR;
			break;
		}
		x->org_id = db_col_int(st, 0);
		x->centre_id = db_col_int(st, 1);
		x->registered_at = db_col_int(st, 2);
		x->name_zh = col_str(st, 3, a);
		x->name_en = col_str(st, 4, a);
		x->region_code = col_str(st, 5, a);
		x->city_code = col_str(st, 6, a);
		x->region_zh = col_str(st, 7, a);
		x->region_en = col_str(st, 8, a);
		x->city_zh = col_str(st, 9, a);
		x->city_en = col_str(st, 10, a);
		x->centre_zh = col_str(st, 11, a);
		x->centre_en = col_str(st, 12, a);
		x->contracts = db_col_int(st, 13);
		x->income_cny = db_col_int(st, 14);
		(*n)++;
	}
	db_done(st);
	return rc == DB_DONE ? 0 : rc;
}

int store_assess_get(struct db *db, struct arena *a, int64_t year,
		     struct assess_weight **out, size_t *n)
{
	struct db_stmt *st = db_stmt(db, "SELECT indicator, weight FROM assess_indicator"
				     " WHERE year = ? ORDER BY indicator");
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, year);
	while ((rc = db_step(st)) == DB_ROW) {
		struct assess_weight *w = store_grow(a, (void **)out, &cap, *n, sizeof **out);
		if (!w) {
			rc = DB_ERR;
			break;
		}
		w->indicator = col_str(st, 0, a);
		w->weight = db_col_int(st, 1);
		(*n)++;
	}
	db_done(st);
	return rc == DB_DONE ? 0 : rc;
}

int store_assess_put(struct db *db, int64_t year, const struct assess_weight *w, size_t n)
{
	struct db_stmt *st = db_stmt(db, "DELETE FROM assess_indicator WHERE year = ?");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, year);
	if ((rc = db_run(st)) < 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		st = db_stmt(db, "INSERT INTO assess_indicator(year, indicator, weight)"
			     " VALUES (?, ?, ?)");
		if (!st)
			return DB_ERR;
		db_bind_int(st, 1, year);
		db_bind_text(st, 2, w[i].indicator);
		db_bind_int(st, 3, w[i].weight);
		if ((rc = db_run(st)) < 0)
			return rc;
	}
	return 0;
}

/* ---- page views --------------------------------------------------------- */

int store_page_views_add(struct db *db, int64_t day, const char *kind, int64_t views)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO page_views(day, kind, views) VALUES (?1, ?2, ?3)"
		" ON CONFLICT(day, kind) DO UPDATE SET views = page_views.views + excluded.views");
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, day);
	db_bind_text(st, 2, kind);
	db_bind_int(st, 3, views);
	return db_run(st);
}

int64_t store_page_views_total(struct db *db, int64_t until_day)
{
	struct db_stmt *st = db_stmt(db, "SELECT coalesce(sum(views), 0) FROM page_views"
				     " WHERE day <= ?");
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, until_day);
	return db_scalar_int(st, DB_ERR);
}

/* ---- figures per region ------------------------------------------------ */

static int region_slot(const char *const *codes, size_t n, const char *code)
{
	for (size_t k = 0; code && k < n; k++)
		if (!strcmp(codes[k], code))
			return (int)k;
	return -1;
}

int store_cross_seconds(struct db *db, int64_t year, const char *const *codes, size_t n,
			int64_t *out)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT i.region_code, sum(u.cross_s) FROM usage_year u"
		" JOIN instrument i ON i.id = u.instrument_id WHERE u.year = ? GROUP BY i.region_code");
	int rc;
	if (!st)
		return DB_ERR;
	memset(out, 0, n * sizeof *out);
	db_bind_int(st, 1, year);
	while ((rc = db_step(st)) == DB_ROW) {
		int k = region_slot(codes, n, db_col_text(st, 0));
		if (k >= 0)
			out[k] = db_col_int(st, 1);
	}
	db_done(st);
	return rc == DB_DONE ? 0 : rc;
}

int store_instrument_regions(struct db *db, const char *const *codes, size_t n,
			     int64_t *instruments, int64_t *facilities, int64_t *value_cny)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT region_code, count(*) FILTER (WHERE kind = 'instrument'),"
		" count(*) FILTER (WHERE kind = 'facility'), coalesce(sum(value_cny), 0) FROM instrument"
		" WHERE status <> 'retired' GROUP BY region_code");
	int rc;
	if (!st)
		return DB_ERR;
	memset(instruments, 0, n * sizeof *instruments);
	memset(facilities, 0, n * sizeof *facilities);
	memset(value_cny, 0, n * sizeof *value_cny);
	while ((rc = db_step(st)) == DB_ROW) {
		int k = region_slot(codes, n, db_col_text(st, 0));
		if (k < 0)
			continue;
		instruments[k] = db_col_int(st, 1);
		facilities[k] = db_col_int(st, 2);
		value_cny[k] = db_col_int(st, 3);
	}
	db_done(st);
	return rc == DB_DONE ? 0 : rc;
}

/* ---- /metrics ----------------------------------------------------------- */

int store_counts_get(struct db *db, struct store_counts *out)
{
	static const char *const sql[] = {
		"SELECT count(*) FROM instrument", "SELECT count(*) FROM org",
		"SELECT count(*) FROM account", "SELECT count(*) FROM booking",
		"SELECT count(*) FROM tech_contract",
	};
	int64_t *slot[] = { &out->instruments, &out->organisations, &out->accounts,
			    &out->bookings, &out->contracts };
	for (size_t i = 0; i < ARRAY_SIZE(sql); i++) {
		struct db_stmt *st = db_stmt(db, sql[i]);
		if (!st)
			return DB_ERR;
		if ((*slot[i] = db_scalar_int(st, DB_ERR)) < 0)
			return DB_ERR;
	}
	return 0;
}
