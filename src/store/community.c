/*
 * community.c — regions, cities and organisations.
 */
#include <string.h>
#include "core/util.h"
#include "store/db.h"
#include "store/internal.h"
#include "store/store.h"
#include "core/banned.h"

/* ---- regions and cities ---------------------------------------------- */

int store_region_put(struct db *db, const struct region *r, int sort)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO region(code, name_zh, name_en, sort) VALUES (?, ?, ?, ?)"
		" ON CONFLICT(code) DO UPDATE SET name_zh = excluded.name_zh,"
		" name_en = excluded.name_en, sort = excluded.sort");
	if (!st)
		return DB_ERR;
	db_bind_text(st, 1, r->code);
	db_bind_text(st, 2, r->name_zh);
	db_bind_text(st, 3, r->name_en);
	db_bind_int(st, 4, sort);
	return db_run(st);
}

int store_city_put(struct db *db, const struct city *c, int sort)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO city(code, region_code, name_zh, name_en, sort) VALUES (?, ?, ?, ?, ?)"
		" ON CONFLICT(code) DO UPDATE SET region_code = excluded.region_code,"
		" name_zh = excluded.name_zh, name_en = excluded.name_en, sort = excluded.sort");
	if (!st)
		return DB_ERR;
	db_bind_text(st, 1, c->code);
	db_bind_text(st, 2, c->region_code);
	db_bind_text(st, 3, c->name_zh);
	db_bind_text(st, 4, c->name_en);
	db_bind_int(st, 5, sort);
	return db_run(st);
}

#define REGION_SELECT \
	"SELECT r.code, r.name_zh, r.name_en," \
	" (SELECT count(*) FROM org o WHERE o.region_code = r.code)," \
	" (SELECT count(*) FROM instrument i WHERE i.region_code = r.code AND i.status <> 'retired')," \
	" (SELECT coalesce(sum(value_cny), 0) FROM instrument i WHERE i.region_code = r.code AND i.status <> 'retired')" \
	" FROM region r"

static void region_read(struct db_stmt *st, struct arena *a, struct region *r)
{
	r->code = col_str(st, 0, a);
	r->name_zh = col_str(st, 1, a);
	r->name_en = col_str(st, 2, a);
	r->orgs = db_col_int(st, 3);
	r->instruments = db_col_int(st, 4);
	r->value_cny = db_col_int(st, 5);
}

int store_region_list(struct db *db, struct arena *a, int figures, struct region **out,
		      size_t *n)
{
	struct db_stmt *st = figures
		? db_stmt(db, REGION_SELECT " ORDER BY r.sort, r.code")
		: db_stmt(db, "SELECT code, name_zh, name_en, 0, 0, 0 FROM region ORDER BY sort, code");
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return DB_ERR;
	while ((rc = db_step(st)) == DB_ROW) {
		struct region *r = store_grow(a, (void **)out, &cap, *n, sizeof **out);
		if (!r) {
			rc = DB_ERR;
			break;
		}
		region_read(st, a, r);
		(*n)++;
	}
	db_done(st);
	return rc == DB_DONE ? 0 : rc;
}

int store_region_get(struct db *db, struct arena *a, const char *code, struct region *out)
{
	struct db_stmt *st = db_stmt(db, REGION_SELECT " WHERE r.code = ?");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_text(st, 1, code);
	rc = db_step(st);
	if (rc == DB_ROW) {
		region_read(st, a, out);
		rc = 0;
	} else if (rc == DB_DONE)
		rc = 1;
	db_done(st);
	return rc;
}

int store_city_list(struct db *db, struct arena *a, const char *region, int figures,
		    struct city **out, size_t *n)
{
	struct db_stmt *st = figures
		? db_stmt(db, "SELECT c.code, c.region_code, c.name_zh, c.name_en,"
			  " (SELECT count(*) FROM instrument i WHERE i.city_code = c.code AND i.status <> 'retired')"
			  " FROM city c JOIN region r ON r.code = c.region_code"
			  " WHERE ?1 IS NULL OR c.region_code = ?1 ORDER BY r.sort, c.sort, c.code")
		: db_stmt(db, "SELECT c.code, c.region_code, c.name_zh, c.name_en, 0"
			  " FROM city c JOIN region r ON r.code = c.region_code"
			  " WHERE ?1 IS NULL OR c.region_code = ?1 ORDER BY r.sort, c.sort, c.code");
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return DB_ERR;
	db_bind_text(st, 1, region);
	while ((rc = db_step(st)) == DB_ROW) {
		struct city *c = store_grow(a, (void **)out, &cap, *n, sizeof **out);
		if (!c) {
			rc = DB_ERR;
			break;
		}
		c->code = col_str(st, 0, a);
		c->region_code = col_str(st, 1, a);
		c->name_zh = col_str(st, 2, a);
		c->name_en = col_str(st, 3, a);
		c->instruments = db_col_int(st, 4);
		(*n)++;
	}
	db_done(st);
	return rc == DB_DONE ? 0 : rc;
}

int store_city_get(struct db *db, struct arena *a, const char *code, struct city *out)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT code, region_code, name_zh, name_en FROM city WHERE code = ?");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_text(st, 1, code);
	rc = db_step(st);
	if (rc == DB_ROW) {
		memset(out, 0, sizeof *out);
		out->code = col_str(st, 0, a);
		out->region_code = col_str(st, 1, a);
		out->name_zh = col_str(st, 2, a);
		out->name_en = col_str(st, 3, a);
		rc = 0;
	} else if (rc == DB_DONE)
		rc = 1;
	db_done(st);
	return rc;
}

/* ---- organisations --------------------------------------------------- */

int store_org_insert(struct db *db, const struct org *o, int64_t *id)
{
	struct db_stmt *st = db_stmt(db,
		"INSERT INTO org(kind, name_zh, name_en, region_code, city_code, parent_id,"
		" uscc, address, created_at, updated_at)"
		" VALUES (?, ?, ?, (SELECT region_code FROM city WHERE code = ?4), ?4, ?, ?, ?, ?, ?9)");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_text(st, 1, o->kind);
	db_bind_text(st, 2, o->name_zh);
	bind_opt(st, 3, o->name_en);
	db_bind_text(st, 4, o->city_code);
	if (o->parent_id > 0)
		db_bind_int(st, 5, o->parent_id);
	bind_opt(st, 6, o->uscc);
	bind_opt(st, 7, o->address);
	db_bind_int(st, 8, now_unix());
	db_bind_int(st, 9, now_unix());
	rc = db_run(st);
	if (rc == 0 && id)
		*id = db_last_id(db);
	return rc;
}

int store_org_update(struct db *db, const struct org *o)
{
	struct db_stmt *st = db_stmt(db,
		"UPDATE org SET kind = ?, name_zh = ?, name_en = ?,"
		" region_code = (SELECT region_code FROM city WHERE code = ?4), city_code = ?4,"
		" parent_id = ?, uscc = ?, address = ?, updated_at = ? WHERE id = ?");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_text(st, 1, o->kind);
	db_bind_text(st, 2, o->name_zh);
	bind_opt(st, 3, o->name_en);
	db_bind_text(st, 4, o->city_code);
	if (o->parent_id > 0)
		db_bind_int(st, 5, o->parent_id);
	bind_opt(st, 6, o->uscc);
	bind_opt(st, 7, o->address);
	db_bind_int(st, 8, now_unix());
	db_bind_int(st, 9, o->id);
	rc = db_run(st);
	if (rc == 0 && db_changes(db) == 0)
		return 1;
	return rc;
}

int store_org_delete(struct db *db, int64_t id)
{
	struct db_stmt *st = db_stmt(db, "DELETE FROM org WHERE id = ?");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, id);
	rc = db_run(st);
	if (rc == 0 && db_changes(db) == 0)
		return 1;
	return rc;
}

int64_t store_org_refs(struct db *db, int64_t id)
{
	struct db_stmt *st = db_stmt(db,
		"SELECT (SELECT count(*) FROM instrument WHERE org_id = ?1)"
		" + (SELECT count(*) FROM account WHERE org_id = ?1)"
		" + (SELECT count(*) FROM org WHERE parent_id = ?1)");
	if (!st)
		return -1;
	db_bind_int(st, 1, id);
	return db_scalar_int(st, -1);
}

int64_t store_org_by_uscc(struct db *db, const char *uscc)
{
	struct db_stmt *st = db_stmt(db, "SELECT id FROM org WHERE uscc = ?");
	if (!st)
		return DB_ERR;
	db_bind_text(st, 1, uscc);
	return db_scalar_int(st, 0);
}

#define ORG_SELECT \
	"SELECT o.id, o.kind, o.name_zh, o.name_en, o.region_code, o.city_code," \
	" coalesce(o.parent_id, 0), o.uscc, o.address, o.created_at, o.updated_at," \
	" r.name_zh, r.name_en, c.name_zh, c.name_en, p.name_zh, p.name_en," \
	" (SELECT count(*) FROM instrument i WHERE i.org_id = o.id AND i.status <> 'retired')," \
	" (SELECT coalesce(sum(value_cny), 0) FROM instrument i WHERE i.org_id = o.id AND i.status <> 'retired')" \
	" FROM org o JOIN region r ON r.code = o.region_code JOIN city c ON c.code = o.city_code" \
	" LEFT JOIN org p ON p.id = o.parent_id"

static void org_read(struct db_stmt *st, struct arena *a, struct org *o)
{
	o->id = db_col_int(st, 0);
	o->kind = col_str(st, 1, a);
	o->name_zh = col_str(st, 2, a);
	o->name_en = col_str(st, 3, a);
	o->region_code = col_str(st, 4, a);
	o->city_code = col_str(st, 5, a);
	o->parent_id = db_col_int(st, 6);
	o->uscc = col_str(st, 7, a);
	o->address = col_str(st, 8, a);
	o->created_at = db_col_int(st, 9);
	o->updated_at = db_col_int(st, 10);
	o->region_zh = col_str(st, 11, a);
	o->region_en = col_str(st, 12, a);
	o->city_zh = col_str(st, 13, a);
	o->city_en = col_str(st, 14, a);
	o->parent_zh = col_str(st, 15, a);
	o->parent_en = col_str(st, 16, a);
	o->instruments = db_col_int(st, 17);
	o->value_cny = db_col_int(st, 18);
}

int store_org_get(struct db *db, struct arena *a, int64_t id, struct org *out)
{
	struct db_stmt *st = db_stmt(db, ORG_SELECT " WHERE o.id = ?");
	int rc;
	if (!st)
		return DB_ERR;
	db_bind_int(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		org_read(st, a, out);
		rc = 0;
	} else if (rc == DB_DONE)
		rc = 1;
	db_done(st);
	return rc;
}

#define ORG_WHERE \
	" WHERE (?1 IS NULL OR o.region_code = ?1) AND (?2 IS NULL OR o.city_code = ?2)" \
	" AND (?3 IS NULL OR o.kind = ?3) AND (?4 = 0 OR o.parent_id = ?4)" \
	" AND (?5 IS NULL OR instr(o.name_zh, ?5) > 0 OR instr(lower(o.name_en), lower(?5)) > 0)"

static void org_bind_filter(struct db_stmt *st, const struct org_filter *f)
{
	bind_opt(st, 1, f->region);
	bind_opt(st, 2, f->city);
	bind_opt(st, 3, f->kind);
	db_bind_int(st, 4, f->parent_id);
	bind_opt(st, 5, f->name_like);
}

int store_org_list(struct db *db, struct arena *a, const struct org_filter *f,
		   struct org **out, size_t *n, int64_t *total)
{
	struct db_stmt *st;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	st = db_stmt(db, "SELECT count(*) FROM org o" ORG_WHERE);
	if (!st)
		return DB_ERR;
	org_bind_filter(st, f);
	*total = db_scalar_int(st, 0);
	st = db_stmt(db, ORG_SELECT ORG_WHERE
		     " ORDER BY r.sort, c.sort, o.kind, o.name_zh LIMIT ?6 OFFSET ?7");
	if (!st)
		return DB_ERR;
	org_bind_filter(st, f);
	db_bind_int(st, 6, f->limit);
	db_bind_int(st, 7, f->offset);
	while ((rc = db_step(st)) == DB_ROW) {
		struct org *o = store_grow(a, (void **)out, &cap, *n, sizeof **out);
		if (!o) {
			rc = DB_ERR;
			break;
		}
		org_read(st, a, o);
		(*n)++;
	}
	db_done(st);
	return rc == DB_DONE ? 0 : rc;
}
