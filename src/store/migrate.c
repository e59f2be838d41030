/*
 * migrate.c — numbered schema migrations, applied in order at start.
 *
 * Each entry is one step from version N-1 to N, run in its own write
 * transaction and recorded in schema_migrations.  Never edit a released
 * step: add a new one.  Adding a migration takes: one entry at the end of
 * migrations[], and a test that the new shape works (tests/unit/test_store.c).
 */
#include <stdio.h>
#include "core/log.h"
#include "core/util.h"
#include "store/db.h"
#include "store/store.h"
#include "core/banned.h"

static const char *const migrations[] = {
/* 1: the community, organisations, accounts, sessions, audit, instruments */
"CREATE TABLE region ("
"  code TEXT PRIMARY KEY,"
"  name_zh TEXT NOT NULL,"
"  name_en TEXT NOT NULL,"
"  sort INTEGER NOT NULL DEFAULT 0);"
"CREATE TABLE city ("
"  code TEXT PRIMARY KEY,"
"  region_code TEXT NOT NULL REFERENCES region(code),"
"  name_zh TEXT NOT NULL,"
"  name_en TEXT NOT NULL,"
"  sort INTEGER NOT NULL DEFAULT 0);"
"CREATE INDEX city_region ON city(region_code);"
"CREATE TABLE org ("
"  id INTEGER PRIMARY KEY,"
"  kind TEXT NOT NULL CHECK (kind IN ('university','institute','enterprise','centre','lab','government')),"
"  name_zh TEXT NOT NULL,"
"  name_en TEXT,"
"  region_code TEXT NOT NULL REFERENCES region(code),"
"  city_code TEXT NOT NULL REFERENCES city(code),"
"  parent_id INTEGER REFERENCES org(id),"
"  uscc TEXT UNIQUE,"
"  address TEXT,"
"  created_at INTEGER NOT NULL,"
"  updated_at INTEGER NOT NULL);"
"CREATE INDEX org_region ON org(region_code);"
"CREATE INDEX org_city ON org(city_code);"
"CREATE INDEX org_parent ON org(parent_id);"
"CREATE UNIQUE INDEX org_name ON org(name_zh);"
"CREATE TABLE account ("
"  id INTEGER PRIMARY KEY,"
"  username TEXT NOT NULL UNIQUE COLLATE NOCASE,"
"  display_name TEXT,"
"  pwhash TEXT NOT NULL,"
"  role TEXT NOT NULL CHECK (role IN ('member','org_admin','coordinator','office','sysadmin')),"
"  org_id INTEGER REFERENCES org(id),"
"  region_code TEXT REFERENCES region(code),"
"  disabled INTEGER NOT NULL DEFAULT 0,"
"  created_at INTEGER NOT NULL);"
"CREATE INDEX account_org ON account(org_id);"
"CREATE TABLE session ("
"  token_hash BLOB PRIMARY KEY,"
"  account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,"
"  kind TEXT NOT NULL CHECK (kind IN ('web','api')),"
"  csrf TEXT NOT NULL,"
"  created_at INTEGER NOT NULL,"
"  expires_at INTEGER NOT NULL);"
"CREATE INDEX session_account ON session(account_id);"
"CREATE TABLE login_throttle ("
"  key TEXT PRIMARY KEY,"
"  failures INTEGER NOT NULL,"
"  last_at INTEGER NOT NULL,"
"  locked_until INTEGER NOT NULL);"
"CREATE TABLE audit ("
"  id INTEGER PRIMARY KEY,"
"  at INTEGER NOT NULL,"
"  account_id INTEGER,"
"  actor TEXT NOT NULL,"
"  action TEXT NOT NULL,"
"  entity TEXT NOT NULL,"
"  entity_id INTEGER,"
"  before TEXT,"
"  after TEXT,"
"  client TEXT);"
"CREATE INDEX audit_entity ON audit(entity, entity_id);"
"CREATE INDEX audit_account ON audit(account_id);"
"CREATE TABLE instrument ("
"  id INTEGER PRIMARY KEY,"
"  kind TEXT NOT NULL CHECK (kind IN ('instrument','facility')),"
"  category TEXT NOT NULL,"
"  name_zh TEXT NOT NULL,"
"  name_en TEXT,"
"  model TEXT,"
"  manufacturer TEXT,"
"  country TEXT,"
"  value_cny INTEGER NOT NULL CHECK (value_cny >= 0),"
"  purchase_year INTEGER,"
"  org_id INTEGER NOT NULL REFERENCES org(id),"
"  region_code TEXT NOT NULL REFERENCES region(code),"
"  city_code TEXT NOT NULL REFERENCES city(code),"
"  address TEXT,"
"  status TEXT NOT NULL CHECK (status IN ('in_service','maintenance','retired')),"
"  sharing TEXT NOT NULL CHECK (sharing IN ('open','conditional','internal')),"
"  fee_internal REAL CHECK (fee_internal >= 0),"
"  fee_external REAL CHECK (fee_external >= 0),"
"  contact TEXT,"
"  specs TEXT,"
"  areas TEXT,"
"  description TEXT,"
"  created_at INTEGER NOT NULL,"
"  updated_at INTEGER NOT NULL);"
/* Covering indexes: every catalogue filter and sort column, led by the
 * filters people use most, so counts and page selection never read the
 * wide rows (store/instrument.c looks the page's rows up afterwards). */
"CREATE INDEX instrument_org ON instrument(org_id, status, value_cny);"
"CREATE INDEX instrument_value ON instrument(value_cny);"
"CREATE INDEX instrument_by_region ON instrument(region_code, category, status, city_code,"
"  kind, sharing, value_cny, purchase_year, org_id);"
"CREATE INDEX instrument_by_city ON instrument(city_code, category, status, kind, sharing,"
"  value_cny, purchase_year, org_id);"
"CREATE INDEX instrument_by_category ON instrument(category, status, kind, sharing,"
"  value_cny, purchase_year, region_code, city_code, org_id);"
/* The search index follows the table inside the same transaction. */
"CREATE VIRTUAL TABLE instrument_fts USING fts5("
"  name_zh, name_en, model, manufacturer, specs, areas, description,"
"  content='instrument', content_rowid='id', tokenize='shenrong');"
"INSERT INTO instrument_fts(instrument_fts, rank) VALUES ('rank', 'bm25(10.0, 8.0, 4.0, 2.0, 1.5, 1.5, 1.0)');"
"CREATE TRIGGER instrument_ai AFTER INSERT ON instrument BEGIN"
"  INSERT INTO instrument_fts(rowid, name_zh, name_en, model, manufacturer, specs, areas, description)"
"  VALUES (new.id, new.name_zh, new.name_en, new.model, new.manufacturer, new.specs, new.areas, new.description);"
"END;"
"CREATE TRIGGER instrument_ad AFTER DELETE ON instrument BEGIN"
"  INSERT INTO instrument_fts(instrument_fts, rowid, name_zh, name_en, model, manufacturer, specs, areas, description)"
"  VALUES ('delete', old.id, old.name_zh, old.name_en, old.model, old.manufacturer, old.specs, old.areas, old.description);"
"END;"
"CREATE TRIGGER instrument_au AFTER UPDATE ON instrument BEGIN"
"  INSERT INTO instrument_fts(instrument_fts, rowid, name_zh, name_en, model, manufacturer, specs, areas, description)"
"  VALUES ('delete', old.id, old.name_zh, old.name_en, old.model, old.manufacturer, old.specs, old.areas, old.description);"
"  INSERT INTO instrument_fts(rowid, name_zh, name_en, model, manufacturer, specs, areas, description)"
"  VALUES (new.id, new.name_zh, new.name_en, new.model, new.manufacturer, new.specs, new.areas, new.description);"
"END;"
"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
};

int store_schema_version(struct db *db)
{
	struct db_stmt *st;
	if (db_exec(db, "CREATE TABLE IF NOT EXISTS schema_migrations ("
			"version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)") < 0)
		return -1;
	st = db_stmt(db, "SELECT max(version) FROM schema_migrations");
	return (int)db_scalar_int(st, 0);
}

int store_schema_latest(void)
{
	return (int)ARRAY_SIZE(migrations);
}

int store_migrate(struct db *db, int *applied)
{
	int have = store_schema_version(db);
	*applied = 0;
	if (have < 0)
		return -1;
	if (have > store_schema_latest())
		return error("store: database schema %d is newer than this program (%d)",
			     have, store_schema_latest());
	for (int v = have + 1; v <= store_schema_latest(); v++) {
		struct db_stmt *st;
		if (db_begin(db) < 0)
			return -1;
		/* re-check under the write lock: another process may have
		 * migrated while we waited */
		if (store_schema_version(db) >= v) {
			db_rollback(db);
			continue;
		}
		if (db_exec(db, migrations[v - 1]) < 0)
			goto fail;
		st = db_stmt(db, "INSERT INTO schema_migrations(version, applied_at) VALUES (?, ?)");
		if (!st || db_bind_int(st, 1, v) < 0 || db_bind_int(st, 2, now_unix()) < 0 ||
		    db_run(st) < 0)
			goto fail;
		if (db_commit(db) < 0)
			return error("store: migration %d did not commit", v);
		log_info("store: applied migration %d", v);
		(*applied)++;
		continue;
fail:
		db_rollback(db);
		return error("store: migration %d failed", v);
	}
	return 0;
}
