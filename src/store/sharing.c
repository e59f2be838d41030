/*
 * sharing.c — the open-sharing figures: running sums per instrument and
 * year (usage_year) and who was served (usage_user), kept in the
 * transaction that completes or rates a booking; their totals over an
 * instrument, organisation, city, region or the whole community; and the
 * per-instrument list with the under-quota test.  See booking.h.
 *
 * The year of a booking is the China Standard Time year of its check-in.
 */
#include <string.h>
#include "core/buf.h"
#include "store/booking.h"
#include "store/db.h"
#include "store/internal.h"
#include "store/store.h"
#include "core/banned.h"

int store_usage_add(struct db *db, int64_t instrument_id, int64_t year, int64_t seconds,
		    const char *fee_class, int64_t fee_fen, int64_t account_id, int64_t org_id)
{
	int external = strcmp(fee_class, "internal") != 0;
	int cross = strcmp(fee_class, "cross_region") == 0;
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO usage_year(instrument_id, year, effective_s, external_s, cross_s,"
		" income_fen, completed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1)"
		" ON CONFLICT(instrument_id, year) DO UPDATE"
		" SET effective_s = usage_year.effective_s + excluded.effective_s,"
		" external_s = usage_year.external_s + excluded.external_s,"
		" cross_s = usage_year.cross_s + excluded.cross_s,"
		" income_fen = usage_year.income_fen + excluded.income_fen,"
		" completed = usage_year.completed + 1");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, instrument_id);
	db_bind_int(st, 2, year);
	db_bind_int(st, 3, seconds);
	db_bind_int(st, 4, external ? seconds : 0);
	db_bind_int(st, 5, cross ? seconds : 0);
	db_bind_int(st, 6, fee_fen);
	if ((rc = db_run(st)) < 0)
		return rc;
	st = db_stmt(db,
		"INSERT INTO usage_user(instrument_id, year, account_id, org_id) VALUES (?, ?, ?, ?)"
		" ON CONFLICT(instrument_id, year, account_id) DO NOTHING");
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, instrument_id);
	db_bind_int(st, 2, year);
	db_bind_int(st, 3, account_id);
	db_bind_int(st, 4, org_id);
	return db_run(st);
}

int store_usage_rate(struct db *db, int64_t instrument_id, int64_t year, int64_t rating)
{
	struct db_stmt *st = db_stmt(db,
		"UPDATE usage_year SET rating_sum = rating_sum + ?, ratings = ratings + 1"
		" WHERE instrument_id = ? AND year = ?");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, rating);
	db_bind_int(st, 2, instrument_id);
	db_bind_int(st, 3, year);
	rc = db_run(st);
	return rc == 0 && db_changes(db) == 0 ? 1 : rc;
}

/* The China Standard Time year of a Unix time, in each dialect. */
#define CST_YEAR_LITE(col) "CAST(strftime('%Y', " col " + 28800, 'unixepoch') AS INTEGER)"
#define CST_YEAR_PG(col) "CAST(extract(year FROM to_timestamp(" col " + 28800)" \
	" AT TIME ZONE 'UTC') AS BIGINT)"
#define USAGE_REBUILD(YEAR_OF) \
	"DELETE FROM usage_year; DELETE FROM usage_user;" \
	"INSERT INTO usage_year(instrument_id, year, effective_s, external_s, cross_s," \
	"  income_fen, completed, rating_sum, ratings)" \
	" SELECT instrument_id, " YEAR_OF("checked_in_at") " AS y," \
	"  sum(checked_out_at - checked_in_at)," \
	"  sum(CASE WHEN fee_class <> 'internal' THEN checked_out_at - checked_in_at ELSE 0 END)," \
	"  sum(CASE WHEN fee_class = 'cross_region' THEN checked_out_at - checked_in_at ELSE 0 END)," \
	"  sum(fee_fen), count(*), coalesce(sum(rating), 0), count(rating)" \
	" FROM booking WHERE state = 'completed' GROUP BY instrument_id, y;" \
	"INSERT INTO usage_user(instrument_id, year, account_id, org_id)" \
	" SELECT b.instrument_id, " YEAR_OF("b.checked_in_at") ", b.account_id, s.org_id" \
	" FROM booking b JOIN booking_series s ON s.id = b.series_id" \
	" WHERE b.state = 'completed' ORDER BY 1, 2, 3" \
	" ON CONFLICT(instrument_id, year, account_id) DO NOTHING;"

int store_usage_rebuild(struct db *db)
{
	int rc = db_exec(db, DB_SQL(db, USAGE_REBUILD(CST_YEAR_LITE), USAGE_REBUILD(CST_YEAR_PG)));
	return rc < 0 ? rc : 0;
}

/* ---- totals ------------------------------------------------------------- */

#define TOTALS_SELECT \
	"SELECT count(*), coalesce(sum(u.effective_s), 0), coalesce(sum(u.external_s), 0)," \
	" coalesce(sum(u.cross_s), 0), coalesce(sum(u.income_fen), 0)," \
	" coalesce(sum(u.completed), 0), coalesce(sum(u.rating_sum), 0)," \
	" coalesce(sum(u.ratings), 0)," \
	" count(*) FILTER (WHERE i.kind = 'instrument' AND coalesce(u.effective_s, 0) <" \
	"   CASE coalesce(r.quota_class, 'general') WHEN 'specialised' THEN CAST(?3 AS BIGINT)" \
	"   ELSE CAST(?2 AS BIGINT) END)," \
	" count(*) FILTER (WHERE i.kind = 'instrument')" \
	" FROM instrument i LEFT JOIN usage_year u ON u.instrument_id = i.id AND u.year = ?1" \
	" LEFT JOIN booking_rules r ON r.instrument_id = i.id WHERE i.status <> 'retired'"
#define SERVED_SELECT \
	"SELECT count(DISTINCT uu.account_id), count(DISTINCT uu.org_id)," \
	" count(DISTINCT CASE WHEN uu.org_id <> i.org_id THEN uu.org_id END)" \
	" FROM instrument i JOIN usage_user uu ON uu.instrument_id = i.id AND uu.year = ?1" \
	" WHERE i.status <> 'retired'"

static const struct {
	const char *totals, *served;
} scope_sql[] = {
	[USAGE_INSTRUMENT] = { TOTALS_SELECT " AND i.id = ?4", SERVED_SELECT " AND i.id = ?4" },
	[USAGE_ORG] = { TOTALS_SELECT " AND i.org_id = ?4", SERVED_SELECT " AND i.org_id = ?4" },
	[USAGE_CITY] = { TOTALS_SELECT " AND i.city_code = ?5", SERVED_SELECT " AND i.city_code = ?5" },
	[USAGE_REGION] = { TOTALS_SELECT " AND i.region_code = ?5",
			   SERVED_SELECT " AND i.region_code = ?5" },
	[USAGE_ALL] = { TOTALS_SELECT " AND ?4 IS NOT NULL AND ?5 IS NOT NULL",
			SERVED_SELECT " AND ?4 IS NOT NULL AND ?5 IS NOT NULL" },
};

int store_usage_totals(struct db *db, enum usage_scope scope, int64_t id, const char *code,
		       int64_t year, int64_t quota_general_s, int64_t quota_special_s,
		       struct usage_totals *out)
{
	struct db_stmt *st = db_stmt(db, scope_sql[scope].totals);
	int rc;

	memset(out, 0, sizeof *out);
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, year);
	db_bind_int(st, 2, quota_general_s);
	db_bind_int(st, 3, quota_special_s);
	db_bind_int(st, 4, id);
	db_bind_text(st, 5, code ? code : "");
	rc = db_step(st);
	if (rc == DB_ROW) {
		out->instruments = db_col_int(st, 0);
		out->effective_s = db_col_int(st, 1);
		out->external_s = db_col_int(st, 2);
		out->cross_s = db_col_int(st, 3);
		out->income_fen = db_col_int(st, 4);
		out->completed = db_col_int(st, 5);
		out->rating_sum = db_col_int(st, 6);
		out->ratings = db_col_int(st, 7);
		out->under_quota = db_col_int(st, 8);
		out->with_quota = db_col_int(st, 9);
	}
	db_done(st);
	if (rc != DB_ROW)
		return rc < 0 ? rc : DB_ERR;
	st = db_stmt(db, scope_sql[scope].served);
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, year);
	db_bind_int(st, 4, id);
	db_bind_text(st, 5, code ? code : "");
	rc = db_step(st);
	if (rc == DB_ROW) {
		out->users = db_col_int(st, 0);
		out->orgs = db_col_int(st, 1);
		out->external_orgs = db_col_int(st, 2);
	}
	db_done(st);
	return rc == DB_ROW ? 0 : rc < 0 ? rc : DB_ERR;
}

/* ---- the per-instrument list --------------------------------------------- */

struct binds {
	int n;
	int64_t num[12];
	const char *text[12];
	int is_text[12];
};

static int frag_num(struct buf *sql, struct binds *b, const char *frag, int64_t v)
{
	b->num[b->n] = v;
	b->is_text[b->n++] = 0;
	return buf_adds(sql, frag);
}

static int frag_text(struct buf *sql, struct binds *b, const char *frag, const char *v)
{
	if (!v || !*v)
		return 0;
	b->text[b->n] = v;
	b->is_text[b->n++] = 1;
	return buf_adds(sql, frag);
}

static void bind_frags(struct db_stmt *st, const struct binds *b)
{
	for (int i = 0; i < b->n; i++) {
		if (b->is_text[i])
			db_bind_text(st, i + 1, b->text[i]);
		else
			db_bind_int(st, i + 1, b->num[i]);
	}
}

static int usage_where(struct buf *sql, struct binds *b, const struct usage_filter *f)
{
	int rc = frag_num(sql, b, " FROM instrument i LEFT JOIN usage_year u"
			  " ON u.instrument_id = i.id AND u.year = ?", f->year);
	rc |= buf_adds(sql, " LEFT JOIN booking_rules r ON r.instrument_id = i.id"
		       " WHERE i.status <> 'retired' AND i.kind = 'instrument'");
	rc |= frag_text(sql, b, " AND i.region_code = ?", f->region);
	rc |= frag_text(sql, b, " AND i.city_code = ?", f->city);
	if (f->org_id > 0)
		rc |= frag_num(sql, b, " AND i.org_id = ?", f->org_id);
	if (f->under_quota) {
		rc |= frag_num(sql, b, " AND coalesce(u.effective_s, 0) < CASE coalesce(r.quota_class,"
			       " 'general') WHEN 'specialised' THEN CAST(? AS BIGINT)", f->quota_special_s);
		rc |= frag_num(sql, b, " ELSE CAST(? AS BIGINT) END", f->quota_general_s);
	}
	return rc;
}

int store_usage_list(struct db *db, struct arena *a, const struct usage_filter *f,
		     struct usage_row **out, size_t *n, int64_t *total)
{
	struct buf sql = BUF_INIT;
	struct binds b = { 0 };
	struct db_stmt *st = NULL;
	size_t cap = 0;
	int rc = DB_ERR;

	*out = NULL;
	*n = 0;
	*total = 0;
	if (buf_adds(&sql, "SELECT count(*)") || usage_where(&sql, &b, f))
		goto out;
	if (!(st = db_prepare(db, sql.s)))
		goto out;
	bind_frags(st, &b);
	if ((rc = db_step(st)) != DB_ROW)
		goto out;
	*total = db_col_int(st, 0);
	db_finalize(st);
	st = NULL;
	rc = 0;
	if (*total == 0 || f->offset >= *total)
		goto out;
	buf_reset(&sql);
	memset(&b, 0, sizeof b);
	rc = DB_ERR;
	/* pick the page's ids first, then read their rows */
	if (buf_adds(&sql, "SELECT p.id, i.org_id, i.value_cny, i.name_zh, i.name_en, i.kind,"
		     " o.name_zh, o.name_en, i.region_code, i.city_code, c.name_zh, c.name_en,"
		     " coalesce(r.quota_class, 'general'), coalesce(u.effective_s, 0),"
		     " coalesce(u.external_s, 0), coalesce(u.cross_s, 0),"
		     " coalesce(u.income_fen, 0), coalesce(u.completed, 0),"
		     " (SELECT count(*) FROM usage_user uu WHERE uu.instrument_id = p.id"
		     "   AND uu.year = p.year),"
		     " (SELECT count(DISTINCT uu.org_id) FROM usage_user uu"
		     "   WHERE uu.instrument_id = p.id AND uu.year = p.year),"
		     " coalesce(u.rating_sum, 0), coalesce(u.ratings, 0)"
		     " FROM (SELECT i.id AS id, coalesce(u.effective_s, 0) AS eff, u.year AS year") ||
	    usage_where(&sql, &b, f) ||
	    buf_adds(&sql, f->ascending ? " ORDER BY eff, i.id" : " ORDER BY eff DESC, i.id") ||
	    frag_num(&sql, &b, " LIMIT ?", f->limit) || frag_num(&sql, &b, " OFFSET ?", f->offset) ||
	    buf_adds(&sql, ") p JOIN instrument i ON i.id = p.id JOIN org o ON o.id = i.org_id"
		     " JOIN city c ON c.code = i.city_code") ||
	    frag_num(&sql, &b, " LEFT JOIN usage_year u ON u.instrument_id = i.id AND u.year = ?",
		     f->year) ||
	    buf_adds(&sql, " LEFT JOIN booking_rules r ON r.instrument_id = i.id") ||
	    buf_adds(&sql, f->ascending ? " ORDER BY p.eff, p.id" : " ORDER BY p.eff DESC, p.id"))
		goto out;
	if (!(st = db_prepare(db, sql.s)))
		goto out;
	bind_frags(st, &b);
	while ((rc = db_step(st)) == DB_ROW) {
		struct usage_row *u = store_grow(a, (void **)out, &cap, *n, sizeof **out);
		if (!u) {
			rc = DB_ERR;
			break;
		}
		memset(u, 0, sizeof *u);
		u->instrument_id = db_col_int(st, 0);
		u->org_id = db_col_int(st, 1);
		u->value_cny = db_col_int(st, 2);
		u->name_zh = col_str(st, 3, a);
		u->name_en = col_str(st, 4, a);
		u->kind = col_str(st, 5, a);
		u->org_zh = col_str(st, 6, a);
		u->org_en = col_str(st, 7, a);
		u->region_code = col_str(st, 8, a);
		u->city_code = col_str(st, 9, a);
		u->city_zh = col_str(st, 10, a);
		u->city_en = col_str(st, 11, a);
		u->quota_class = col_str(st, 12, a);
		u->effective_s = db_col_int(st, 13);
		u->external_s = db_col_int(st, 14);
		u->cross_s = db_col_int(st, 15);
		u->income_fen = db_col_int(st, 16);
		u->completed = db_col_int(st, 17);
		u->users = db_col_int(st, 18);
		u->orgs = db_col_int(st, 19);
		u->rating_sum = db_col_int(st, 20);
		u->ratings = db_col_int(st, 21);
		(*n)++;
	}
	rc = rc == DB_DONE ? 0 : rc;
out:
	db_finalize(st);
	buf_release(&sql);
	return rc;
}
