#!/bin/sh
# tests/pg/schema_check.sh — load every PostgreSQL migration
# (src/store/migrate_pg.c) into a scratch database, one transaction each
# as the driver runs them, and compare the resulting schema with a SQLite
# database made by `./shenrong init`: tables and their columns (order,
# type, NOT NULL, default, generated), foreign keys with their ON DELETE
# action, unique keys, indexes, views and triggers.  Differences that are
# the design (FTS5 → tsvector tables, the booking overlap triggers → an
# exclusion constraint) are listed, not failed.  Then a smoke test runs
# the trigger functions and views on a few rows.
#
#   tests/pg/schema_check.sh            (from the repository root)
#   PGHOST=/tmp/pgdev PGUSER=postgres KEEP=1 tests/pg/schema_check.sh
#
# Needs cc, psql, createdb/dropdb, sqlite3 and a built ./shenrong.
set -eu
cd "$(dirname "$0")/../.."
: "${PGHOST:=/tmp/pgdev}" "${PGUSER:=postgres}"
export PGHOST PGUSER
DB=${PGDB:-schema_check_$$}
DB2=${DB}_diff
TMP=$(mktemp -d)
fail=0
cleanup() {
	if [ -z "${KEEP:-}" ]; then
		dropdb --if-exists "$DB" 2>/dev/null || true
		dropdb --if-exists "$DB2" 2>/dev/null || true
	fi
	rm -rf "$TMP"
}
trap cleanup EXIT
PSQL="psql -X -q -A -t -v ON_ERROR_STOP=1 -d $DB"

# a tool that prints pg_migrations[N - 1] (or the count, without N)
cat > "$TMP/dump.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include "store/migrate_pg.h"
int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 0;
	if (n < 1 || n > pg_migrations_count)
		printf("%d\n", pg_migrations_count);
	else
		fputs(pg_migrations[n - 1], stdout);
	return 0;
}
C
cc -std=c11 -Wall -Wextra -Werror -Isrc "$TMP/dump.c" src/store/migrate_pg.c -o "$TMP/dump"
count=$("$TMP/dump")
echo "pg_migrations: $count entries"

# the SQLite reference
./shenrong init --db "$TMP/ref.db" >/dev/null 2>&1
sqlite_version=$(sqlite3 "$TMP/ref.db" "SELECT max(version) FROM schema_migrations")
echo "./shenrong init: SQLite schema $sqlite_version"
[ "$sqlite_version" = "$count" ] || { echo "FAIL: SQLite schema $sqlite_version, PG $count" \
	"(a migration missing here, or ./shenrong not rebuilt)"; fail=1; }

# the PostgreSQL side: what store_migrate() does, entry by entry
migrate() {	# database
	createdb "$1"
	psql -X -q -v ON_ERROR_STOP=1 -d "$1" -c "CREATE TABLE IF NOT EXISTS schema_migrations
		(version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)"
	v=1
	while [ "$v" -le "$count" ]; do
		"$TMP/dump" "$v" > "$TMP/m$v.sql"
		if ! psql -X -q -v ON_ERROR_STOP=1 -d "$1" -c "BEGIN" -c "$(cat "$TMP/m$v.sql")" \
			-c "INSERT INTO schema_migrations VALUES ($v, extract(epoch FROM now())::int)" \
			-c "COMMIT" > "$TMP/out$v" 2>&1; then
			echo "FAIL: migration $v:"; cat "$TMP/out$v"; echo "schema_check: FAIL"; exit 1
		fi
		v=$((v + 1))
	done
}
migrate "$DB"
echo "all $count migrations applied"

# FTS5 virtual tables and their shadow tables on the SQLite side; the PG
# tables that stand for them (plus the queue)
fts=$(sqlite3 "$TMP/ref.db" "SELECT group_concat(quote(name), ',') FROM sqlite_master
	WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")
SQ_SKIP="m.name IN ('schema_migrations', 'sqlite_stat1') OR m.name LIKE 'sqlite_%'
	OR m.name IN ($fts) OR EXISTS (SELECT 1 FROM sqlite_master v WHERE v.sql LIKE
	'CREATE VIRTUAL TABLE%' AND m.name LIKE v.name || '\_%' ESCAPE '\\')"
PG_FTS="'instrument_fts', 'fts_dirty'"
PG_TABLES="c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace
	AND c.relname NOT IN ('schema_migrations', $PG_FTS)"

compare() {	# what, then the two listings in $TMP/sq and $TMP/pg
	sort "$TMP/sq" > "$TMP/sq.s"; sort "$TMP/pg" > "$TMP/pg.s"
	if diff -u "$TMP/sq.s" "$TMP/pg.s" > "$TMP/diff"; then
		echo "ok   $1: $(wc -l < "$TMP/sq.s") identical"
	else
		echo "FAIL $1 (- SQLite, + PostgreSQL):"; sed -n '3,$p' "$TMP/diff" | grep '^[-+]'
		fail=1
	fi
}

# 1. tables and columns: position|table|column|type|not null|default|generated
sqlite3 "$TMP/ref.db" "SELECT m.name || '|' || (p.cid + 1) || '|' || p.name || '|' ||
	CASE upper(p.type) WHEN 'INTEGER' THEN 'bigint' WHEN 'REAL' THEN 'double precision'
	  WHEN 'BLOB' THEN 'bytea' WHEN 'TEXT' THEN 'text' ELSE p.type END || '|' ||
	(p.\"notnull\" OR p.pk > 0) || '|' || coalesce(p.dflt_value, '') || '|' ||
	(p.hidden IN (2, 3))
	FROM sqlite_master m, pragma_table_xinfo(m.name) p
	WHERE m.type = 'table' AND NOT ($SQ_SKIP)" > "$TMP/sq"
$PSQL -c "SELECT c.relname || '|' || a.attnum || '|' || a.attname || '|' ||
	replace(format_type(a.atttypid, a.atttypmod), 'citext', 'text') || '|' ||
	a.attnotnull::int || '|' ||
	coalesce(regexp_replace(pg_get_expr(d.adbin, d.adrelid), '::(text|bigint|integer)\$', ''), '')
	  || '|' || (a.attgenerated <> '')::int
	FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
	  AND NOT a.attisdropped
	LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum AND a.attgenerated = ''
	WHERE $PG_TABLES" > "$TMP/pg"
compare "tables and columns"

# 1b. TEXT COLLATE NOCASE columns (SQLite) are CITEXT (PostgreSQL)
sqlite3 -separator ' ' "$TMP/ref.db" "SELECT name, sql FROM sqlite_master
	WHERE type = 'table' AND sql LIKE '%COLLATE NOCASE%'" |
	awk '{ t = $1; n = split($0, seg, ","); for (i = 1; i <= n; i++)
		if (seg[i] ~ /COLLATE NOCASE/) { sub(/.*\(/, "", seg[i]); split(seg[i], w, " ");
		print t "|" w[1] } }' > "$TMP/sq"
$PSQL -c "SELECT c.relname || '|' || a.attname FROM pg_class c JOIN pg_attribute a
	ON a.attrelid = c.oid WHERE a.atttypid = 'citext'::regtype AND $PG_TABLES" > "$TMP/pg"
compare "NOCASE columns as citext"

# 2. foreign keys: table|column|target table|target column|on delete
sqlite3 "$TMP/ref.db" "SELECT m.name || '|' || f.\"from\" || '|' || f.\"table\" || '|' ||
	coalesce(f.\"to\", '') || '|' || f.on_delete
	FROM sqlite_master m, pragma_foreign_key_list(m.name) f
	WHERE m.type = 'table' AND NOT ($SQ_SKIP)" > "$TMP/sq"
$PSQL -c "SELECT k.conrelid::regclass || '|' || a.attname || '|' || k.confrelid::regclass || '|' ||
	b.attname || '|' || CASE k.confdeltype WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT'
	  WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' ELSE 'SET DEFAULT' END
	FROM pg_constraint k
	JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
	JOIN pg_attribute b ON b.attrelid = k.confrelid AND b.attnum = k.confkey[1]
	WHERE k.contype = 'f'" > "$TMP/pg"
compare "foreign keys"

# 3. unique keys (primary keys included): table|columns|partial
sqlite3 "$TMP/ref.db" "SELECT m.name || '|' || (SELECT group_concat(coalesce(ii.name, '<expr>'), ',')
	  FROM (SELECT * FROM pragma_index_info(i.name) ORDER BY seqno) ii) || '|' || i.partial
	FROM sqlite_master m, pragma_index_list(m.name) i
	WHERE m.type = 'table' AND NOT ($SQ_SKIP) AND i.\"unique\"
	UNION ALL SELECT m.name || '|' || p.name || '|0'
	FROM sqlite_master m, pragma_table_info(m.name) p
	WHERE m.type = 'table' AND NOT ($SQ_SKIP) AND p.pk = 1 AND upper(p.type) = 'INTEGER'
	  AND NOT EXISTS (SELECT 1 FROM pragma_table_info(m.name) q WHERE q.pk = 2)
	  AND m.sql NOT LIKE '%WITHOUT ROWID%'" > "$TMP/sq"
$PSQL -c "SELECT c.relname || '|' || (SELECT string_agg(coalesce(a.attname, '<expr>'), ','
	  ORDER BY k.n) FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(att, n)
	  LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.att AND k.att > 0)
	  || '|' || (x.indpred IS NOT NULL)::int
	FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid WHERE x.indisunique AND $PG_TABLES" > "$TMP/pg"
compare "unique keys"

# 4. named indexes (not those behind constraints)
sqlite3 "$TMP/ref.db" "SELECT m.tbl_name || '|' || m.name FROM sqlite_master m
	WHERE m.type = 'index' AND m.sql IS NOT NULL AND NOT ($SQ_SKIP)" > "$TMP/sq"
$PSQL -c "SELECT c.relname || '|' || i.relname FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid
	JOIN pg_class i ON i.oid = x.indexrelid WHERE $PG_TABLES
	AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)" > "$TMP/pg"
compare "indexes"

# 5. views and their numbers of columns
sqlite3 "$TMP/ref.db" "SELECT m.name || '|' || (SELECT count(*) FROM pragma_table_info(m.name))
	FROM sqlite_master m WHERE type = 'view'" > "$TMP/sq"
$PSQL -c "SELECT c.relname || '|' || c.relnatts FROM pg_class c
	WHERE c.relkind = 'v' AND c.relnamespace = 'public'::regnamespace" > "$TMP/pg"
compare "views"

# 6. triggers: table|name (the booking overlap triggers are a constraint here)
sqlite3 "$TMP/ref.db" "SELECT tbl_name || '|' || name FROM sqlite_master WHERE type = 'trigger'
	AND name NOT LIKE 'booking_no_overlap_%'" > "$TMP/sq"
$PSQL -c "SELECT tgrelid::regclass || '|' || tgname FROM pg_trigger WHERE NOT tgisinternal" > "$TMP/pg"
compare "triggers"

# the design's own differences, shown
echo "by design (FTS5 in SQLite: $fts):"
$PSQL -c "SELECT '     ' || c.relname || '(' || string_agg(a.attname || ' ' ||
	format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum) || ')'
	FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
	WHERE c.relname IN ($PG_FTS) AND c.relkind = 'r' GROUP BY c.relname ORDER BY 1"
$PSQL -c "SELECT '     ' || conrelid::regclass || ': ' || pg_get_constraintdef(oid)
	FROM pg_constraint WHERE contype = 'x'"
n=$($PSQL -c "SELECT count(*) FROM pg_class WHERE relname IN ($PG_FTS) AND relkind = 'r'")
[ "$n" = 2 ] || { echo "FAIL: expected 2 full-text tables, found $n"; fail=1; }

# 7. smoke test: the triggers and views on a few rows (rolled back)
cat > "$TMP/smoke.sql" <<'SQL'
BEGIN;
INSERT INTO region VALUES ('bj', '北京', 'Beijing', 1), ('tj', '天津', 'Tianjin', 2);
INSERT INTO city VALUES ('bj', 'bj', '北京', 'Beijing', 1), ('tj', 'tj', '天津', 'Tianjin', 2);
INSERT INTO org(kind, name_zh, name_en, region_code, city_code, created_at, updated_at)
  VALUES ('university', '清华大学', 'Tsinghua', 'bj', 'bj', 0, 0),
         ('enterprise', '天津公司', NULL, 'tj', 'tj', 0, 0);
INSERT INTO account(username, pwhash, role, created_at) VALUES ('Alice', 'x', 'member', 0);
DO $$ BEGIN
  INSERT INTO account(username, pwhash, role, created_at) VALUES ('aLICE', 'x', 'member', 0);
  RAISE EXCEPTION 'nocase unique did not hold';
EXCEPTION WHEN unique_violation THEN NULL; END $$;
SELECT CASE WHEN (SELECT count(*) FROM account WHERE username = 'ALICE') = 1 THEN 'ok'
  ELSE 'FAIL' END || '   username = is case-insensitive';
INSERT INTO instrument(kind, category, name_zh, name_en, model, value_cny, org_id, region_code,
  city_code, status, sharing, created_at, updated_at)
  VALUES ('instrument', 'em', '电镜', 'TEM', 'X1', 1, 1, 'bj', 'bj', 'in_service', 'open', 0, 0);
INSERT INTO usage_year(instrument_id, year, effective_s)
  VALUES (1, EXTRACT(YEAR FROM now())::int, 1800000);
INSERT INTO expert(name, org_id, title, rev, created_at, updated_at)
  VALUES ('张三', 1, 'professor', 1, 0, 0);
INSERT INTO tech_contract(kind, title, amount_cny, income_cny, seller_org_id, buyer_org_id,
  seller_region, buyer_region, signed_on, year, field, state, created_at, updated_at)
  VALUES ('transfer', '专利转让', 10, 5, 1, 2, 'bj', 'tj', '2026-01-02', 2026, 'x', 'verified', 0, 0);
INSERT INTO overlap_round(year, title, fields, state, suspect, duplicate, related, created_at,
  updated_at) VALUES (2026, '指南', 'x', 'open', 0.5, 0.8, 0.3, 0, 0);
INSERT INTO guide_item(round_id, region_code, field, title, content, state, created_at, updated_at)
  VALUES (1, 'bj', 'x', '芯片', '内容', 'funded', 0, 0);
INSERT INTO challenge(title, statement, indicators, field, budget_cny, deadline, deadline_at,
  open_to, ip_terms, anonymous, poster_org_id, region_code, state, published_at, created_at,
  updated_at) VALUES ('难题', '陈述', '指标', 'x', 1, '2027-01-01', 0, 'all', 'poster', 1, 2, 'tj',
  'published', 1798732800 - 3600, 0, 0);
SELECT kind || ' ' || id || ' vis=' || vis || ' act=' || activity || ' year=' || coalesce(year::text, '-')
  || ' org=' || coalesce(org_id::text, '-') || ' len=' || name_len || ' ' || coalesce(subtitle, '')
  FROM search_item ORDER BY id;
SELECT 'dirty ' || string_agg(tbl || ':' || id, ' ' ORDER BY tbl, id) FROM fts_dirty;
UPDATE org SET name_en = 'Tsinghua University' WHERE id = 1;
SELECT 'renamed: ' || subtitle FROM search_item WHERE id = 1 * 16 + 1;
SELECT 'clock docs=' || docs || ' names=' || names FROM search_clock;
UPDATE overlap_round SET state = 'closed';
SELECT 'guide vis after close=' || vis FROM search_item WHERE id = 1 * 16 + 6;
INSERT INTO booking_series(account_id, org_id, region_code, purpose, frequency, repeat_every,
  occurrences, resources, created_at) VALUES (1, 1, 'bj', 'p', 'once', 1, 1, 1, 0);
INSERT INTO booking(series_id, occurrence, instrument_id, account_id, state, holds, start_at,
  end_at, hold_start, hold_end, fee_class, rate, no_show_at, created_at, updated_at)
  VALUES (1, 1, 1, 1, 'approved', 1, 100, 200, 100, 260, 'internal', 0, 0, 0, 0);
DO $$ BEGIN
  INSERT INTO booking(series_id, occurrence, instrument_id, account_id, state, holds, start_at,
    end_at, hold_start, hold_end, fee_class, rate, no_show_at, created_at, updated_at)
    VALUES (1, 2, 1, 1, 'requested', 1, 250, 300, 250, 300, 'internal', 0, 0, 0, 0);
  RAISE EXCEPTION 'overlap accepted';
EXCEPTION WHEN exclusion_violation THEN RAISE NOTICE 'ok   overlap refused (SQLSTATE %)', SQLSTATE; END $$;
INSERT INTO booking(series_id, occurrence, instrument_id, account_id, state, holds, start_at,
  end_at, hold_start, hold_end, fee_class, rate, no_show_at, created_at, updated_at)
  VALUES (1, 3, 1, 1, 'requested', 1, 260, 300, 260, 300, 'internal', 0, 0, 0, 0),
         (1, 4, 1, 1, 'cancelled', 0, 100, 200, 100, 200, 'internal', 0, 0, 0, 0);
SELECT 'ok   adjacent and non-holding bookings accepted';
UPDATE instrument SET status = 'retired';
SELECT 'retired instrument indexed: ' || count(*) FROM search_item WHERE id = 17;
DELETE FROM booking; DELETE FROM usage_year; DELETE FROM instrument;
SELECT 'after delete: items=' || (SELECT count(*) FROM search_item WHERE kind = 'instrument')
  || ' dirty(1)=' || (SELECT count(*) FROM fts_dirty WHERE tbl = 1);
SELECT 'instr: ' || instr('光谱仪器', '仪');
UPDATE search_clock SET bulk = 1; DELETE FROM fts_dirty;
DELETE FROM search_item;
INSERT INTO search_item SELECT * FROM search_src_org;
SELECT 'bulk: items=' || (SELECT count(*) FROM search_item) || ' dirty=' ||
  (SELECT count(*) FROM fts_dirty) || ' docs=' || docs FROM search_clock;
ROLLBACK;
SQL
echo "smoke test:"
if ! psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$DB" -f "$TMP/smoke.sql" > "$TMP/smoke.out" 2>&1; then
	fail=1; echo "FAIL smoke test:"
fi
sed 's/^/     /; s/^     psql:[^ ]* NOTICE:  /     /' "$TMP/smoke.out"
grep -q 'FAIL' "$TMP/smoke.out" && fail=1

# 8. differential test: the same writes on both engines, then search_item
# and the names clock compared.  The SQLite copy loses the triggers that
# write the FTS5 table (the sqlite3 shell has no "shenrong" tokenizer).
migrate "$DB2"
cp "$TMP/ref.db" "$TMP/diff.db"
sqlite3 "$TMP/diff.db" "DROP TRIGGER instrument_ai; DROP TRIGGER instrument_au;
	DROP TRIGGER instrument_ad"
cat > "$TMP/w1.sql" <<'SQL'
INSERT INTO region VALUES ('bj', '北京', 'Beijing', 1);
INSERT INTO region VALUES ('tj', '天津', 'Tianjin', 2);
INSERT INTO city VALUES ('bj', 'bj', '北京', 'Beijing', 1);
INSERT INTO city VALUES ('tj', 'tj', '天津', 'Tianjin', 2);
INSERT INTO org(kind, name_zh, name_en, region_code, city_code, created_at, updated_at)
  VALUES ('university', '清华大学', NULL, 'bj', 'bj', 0, 0);
INSERT INTO org(kind, name_zh, name_en, region_code, city_code, parent_id, address, created_at,
  updated_at) VALUES ('lab', '实验室', 'Lab', 'tj', 'tj', 1, '路 1 号', 0, 0);
INSERT INTO instrument(kind, category, name_zh, name_en, model, manufacturer, value_cny, org_id,
  region_code, city_code, status, sharing, specs, description, purchase_year, created_at, updated_at)
  VALUES ('instrument', 'em', '透射电镜', 'TEM', 'X1', NULL, 1, 2, 'tj', 'tj', 'in_service',
  'open', '200 kV', NULL, 2019, 0, 0);
INSERT INTO instrument(kind, category, name_zh, value_cny, org_id, region_code, city_code, status,
  sharing, created_at, updated_at) VALUES ('facility', 'x', '装置', 5, 1, 'bj', 'bj', 'retired',
  'internal', 0, 0);
INSERT INTO usage_year(instrument_id, year, effective_s) VALUES (1, 2026, 1800000);
INSERT INTO usage_year(instrument_id, year, effective_s) VALUES (1, 2025, 9000000);
INSERT INTO expert(name, name_en, org_id, title, keywords, biography, rev, created_at, updated_at)
  VALUES ('张三', 'Zhang San', 2, 'academician', '芯片', NULL, 1, 0, 0);
INSERT INTO expert(name, org_id, title, keywords_en, rev, created_at, updated_at)
  VALUES ('李四', 1, 'other', 'chips', 1, 0, 0);
INSERT INTO tech_contract(kind, title, amount_cny, income_cny, seller_org_id, buyer_org_id,
  seller_region, buyer_region, signed_on, year, field, state, created_at, updated_at)
  VALUES ('transfer', '专利转让', 10, 5, 1, 2, 'bj', 'tj', '2026-01-02', 2026, 'f', 'verified', 0, 0);
INSERT INTO overlap_round(year, title, fields, state, suspect, duplicate, related, created_at,
  updated_at) VALUES (2026, '指南', 'x', 'open', 0.5, 0.8, 0.3, 0, 0);
INSERT INTO guide_item(round_id, region_code, field, title, content, indicators, state,
  created_at, updated_at) VALUES (1, 'bj', 'f', '芯片', '内容', NULL, 'funded', 0, 0);
INSERT INTO guide_item(round_id, region_code, field, title, content, indicators, state,
  created_at, updated_at) VALUES (1, 'tj', 'g', '光谱', '内容二', '指标', 'draft', 0, 0);
INSERT INTO challenge(title, statement, indicators, field, budget_cny, deadline, deadline_at,
  open_to, ip_terms, anonymous, poster_org_id, region_code, state, published_at, created_at,
  updated_at) VALUES ('难题', '陈述', '指标', 'f', 1, '2027-01-01', 0, 'all', 'poster', 1, 2, 'tj',
  'published', 1798732800, 0, 0);
INSERT INTO challenge(title, statement, indicators, field, budget_cny, deadline, deadline_at,
  open_to, ip_terms, anonymous, poster_org_id, region_code, state, published_at, created_at,
  updated_at) VALUES ('难题二', '陈述', '指标', 'f', 1, '2027-01-01', 0, 'all', 'poster', 0, 1, 'bj',
  'submitted', NULL, 0, 0);
INSERT INTO project(title, title_en, lead_org_id, start_year, summary, field, created_at, updated_at)
  VALUES ('联合项目', 'Joint', 2, 2025, '摘要', 'f', 0, 0);
INSERT INTO project(title, created_at, updated_at) VALUES ('无主项目', 0, 0);
SQL
cat > "$TMP/w2.sql" <<'SQL'
UPDATE org SET name_en = 'Tsinghua', city_code = 'tj' WHERE id = 1;
UPDATE org SET address = NULL WHERE id = 2;
UPDATE instrument SET name_en = NULL, specs = NULL WHERE id = 1;
UPDATE usage_year SET effective_s = 7200000 WHERE instrument_id = 1 AND year = 2026;
UPDATE expert SET title = 'engineer', biography = '简介' WHERE id = 2;
UPDATE overlap_round SET state = 'closed';
UPDATE challenge SET anonymous = 0 WHERE id = 1;
UPDATE project SET lead_org_id = 1 WHERE id = 2;
UPDATE tech_contract SET title = '转让' WHERE id = 1;
SQL
cat > "$TMP/w3.sql" <<'SQL'
UPDATE instrument SET status = 'retired' WHERE id = 1;
DELETE FROM guide_item WHERE id = 2;
DELETE FROM project WHERE id = 1;
DELETE FROM expert WHERE id = 1;
SQL
SHOW="SELECT id, kind, ref_id, region_code, city_code, category, org_id, org2_id, region2, year,
	vis, CAST(round(activity * 1000) AS INTEGER), name, name_en, subtitle, body, name_len,
	name_en_len, subtitle_len, body_len FROM search_item ORDER BY id;
	SELECT 'names clock', names FROM search_clock;"
for w in w1 w2 w3; do
	sqlite3 -bail "$TMP/diff.db" < "$TMP/$w.sql"
	sqlite3 -separator '|' "$TMP/diff.db" "$SHOW" > "$TMP/sq"
	psql -X -q -v ON_ERROR_STOP=1 -d "$DB2" -f "$TMP/$w.sql"
	psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$DB2" -F '|' -c "$SHOW" > "$TMP/pg"
	compare "search_item after writes $w"
done

if [ "$fail" = 0 ]; then echo "schema_check: PASS"; else echo "schema_check: FAIL"; fi
exit "$fail"
