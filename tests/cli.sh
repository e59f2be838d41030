#!/bin/sh
# The command line: exit status 0 / 1 / 2 and what it says.  Usage:
#   sh tests/cli.sh build/asan/shenrong
set -u
BIN=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
check() {  # check NAME EXPECTED_STATUS PATTERN -- command...
  name=$1 want=$2 pat=$3; shift 4
  out=$("$@" 2>&1); got=$?
  if [ "$got" -eq "$want" ] && { [ -z "$pat" ] || printf '%s\n' "$out" | grep -q -- "$pat"; }; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1)); echo "not ok - $name: status $got (want $want), output: $out" >&2
  fi
  if printf '%s' "$out" | grep -q 'Sanitizer\|runtime error'; then
    fail=$((fail + 1)); echo "not ok - $name: sanitizer report: $out" >&2
  fi
}
check "version" 0 "shenrong [0-9]" -- "$BIN" --version
check "help lists commands" 0 "shenrong serve" -- "$BIN" help
check "no command" 2 "usage" -- "$BIN"
check "unknown command" 2 "not a command" -- "$BIN" frobnicate
check "init needs --db" 2 "usage" -- "$BIN" init
check "init" 0 "created" -- "$BIN" init --db "$T/a.db"
check "init refuses an existing file" 1 "exists" -- "$BIN" init --db "$T/a.db"
check "migrate is idempotent" 0 "schema" -- "$BIN" migrate --db "$T/a.db"
check "migrate a missing file" 1 "does not exist" -- "$BIN" migrate --db "$T/none.db"
check "user add" 0 "^[0-9]" -- sh -c "echo 'a-long-password' | '$BIN' user add --db '$T/a.db' --name alice --role sysadmin --password-stdin"
check "user add duplicate" 1 "taken" -- sh -c "echo 'a-long-password' | '$BIN' user add --db '$T/a.db' --name alice --role sysadmin --password-stdin"
check "user add short password" 1 "password" -- sh -c "echo 'short' | '$BIN' user add --db '$T/a.db' --name bob --role sysadmin --password-stdin"
check "user add bad role" 1 "role" -- sh -c "echo 'a-long-password' | '$BIN' user add --db '$T/a.db' --name bob --role king --password-stdin"
check "user add member needs org" 1 "organisation" -- sh -c "echo 'a-long-password' | '$BIN' user add --db '$T/a.db' --name bob --role member --password-stdin"
check "user add unknown org" 1 "does not exist" -- sh -c "echo 'a-long-password' | '$BIN' user add --db '$T/a.db' --name bob --role member --org 999 --password-stdin"
check "user add without --password-stdin" 2 "usage" -- "$BIN" user add --db "$T/a.db" --name bob --role sysadmin
check "serve bad listen" 2 "listen" -- "$BIN" serve --db "$T/a.db" --listen nonsense
check "serve bad threads" 2 "threads" -- "$BIN" serve --db "$T/a.db" --threads 0
check "serve missing db" 1 "cannot open" -- "$BIN" serve --db "$T/missing/x.db" --listen 127.0.0.1:1
check "demo bad scale" 2 "scale" -- "$BIN" demo --db "$T/d.db" --scale -1
check "demo" 0 "" -- "$BIN" demo --db "$T/d.db" --scale 0.05 --seed 3 --quiet
check "demo refuses an existing file" 1 "exists" -- "$BIN" demo --db "$T/d.db" --quiet
check "demo credentials are private" 0 "600" -- stat -c %a "$T/d.db.credentials"
# the search index: rebuilt whole, the same afterwards (FTS5's own check)
check "reindex usage" 2 "usage" -- "$BIN" reindex
check "reindex a missing file" 1 "does not exist" -- "$BIN" reindex --db "$T/none.db"
check "reindex" 0 "records indexed" -- "$BIN" reindex --db "$T/d.db"
check "reindex leaves a sound index" 0 "^ok$" -- sqlite3 "$T/d.db" "SELECT CASE WHEN (SELECT count(*) FROM search_item) > 1000 AND (SELECT count(*) FROM search_item) = (SELECT count(*) FROM search_src_org) + (SELECT count(*) FROM search_src_instrument) + (SELECT count(*) FROM search_src_expert) + (SELECT count(*) FROM search_src_guide_item) + (SELECT count(*) FROM search_src_contract) + (SELECT count(*) FROM search_src_challenge) + (SELECT count(*) FROM search_src_project) THEN 'ok' END"
# the same seed gives the same community
"$BIN" demo --db "$T/e.db" --scale 0.05 --seed 3 --quiet >/dev/null 2>&1
a=$(sqlite3 "$T/d.db" "SELECT group_concat(name_zh || value_cny, ',') FROM (SELECT * FROM instrument ORDER BY id)" | md5sum)
b=$(sqlite3 "$T/e.db" "SELECT group_concat(name_zh || value_cny, ',') FROM (SELECT * FROM instrument ORDER BY id)" | md5sum)
if [ "$a" = "$b" ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "not ok - demo is not deterministic" >&2; fi
# the default scale: at least 300 organisations and 5,000 instruments over
# all 41 cities, with the real organisations and facilities among them
"$BIN" demo --db "$T/f.db" --quiet >/dev/null 2>&1
got=$(sqlite3 "$T/f.db" "SELECT (SELECT count(*) >= 300 FROM org) AND (SELECT count(*) >= 5000 FROM instrument)
  AND (SELECT count(DISTINCT city_code) = 41 FROM instrument)
  AND (SELECT count(*) FROM org WHERE name_zh IN ('中国科学技术大学','南京大学','浙江大学','上海交通大学','紫金山实验室','江苏省产业技术研究院')) = 6
  AND (SELECT count(*) FROM instrument WHERE name_zh LIKE '%未来网络试验设施%' OR name_zh LIKE '%燃气轮机%') >= 2")
if [ "$got" = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "not ok - demo at scale 1 lacks organisations, instruments, cities or the real ones" >&2; fi
# technology market: at scale 1 the last complete year has about 1,400
# verified cross-region contracts (14,000 at scale 10), up about 26.7 %
y=$(( $(date -u +%Y) - 1 ))
got=$(sqlite3 "$T/f.db" "SELECT (SELECT count(*) FROM tech_contract WHERE year = $y AND state = 'verified'
  AND seller_region <> buyer_region) BETWEEN 1350 AND 1450 AND
  abs((SELECT count(*) * 1.0 FROM tech_contract WHERE year = $y AND seller_region <> buyer_region) /
      (SELECT count(*) FROM tech_contract WHERE year = $y - 1 AND seller_region <> buyer_region) - 1.267) < 0.01
  AND (SELECT count(*) FROM institute) >= 10 AND (SELECT count(*) FROM assess_indicator WHERE year = $y) > 0")
if [ "$got" = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "not ok - demo contracts do not match the published cross-region figure" >&2; fi
# bookings: every instrument has rules and opening hours, a year of bookings
# that never overlap, figures that equal a recount, most instruments under quota
got=$(sqlite3 "$T/f.db" "SELECT (SELECT count(*) FROM instrument) = (SELECT count(*) FROM booking_rules)
  AND (SELECT count(*) FROM instrument i WHERE NOT EXISTS (SELECT 1 FROM opening_hours h WHERE h.instrument_id = i.id)) = 0
  AND (SELECT count(*) FROM booking WHERE state = 'completed') > 50000
  AND (SELECT count(*) FROM booking WHERE holds = 1 AND start_at > strftime('%s', 'now')) > 1000
  AND (SELECT count(*) FROM booking a JOIN booking b ON a.instrument_id = b.instrument_id AND a.id < b.id
       WHERE a.holds = 1 AND b.holds = 1 AND a.hold_start < b.hold_end AND b.hold_start < a.hold_end) = 0
  AND (SELECT sum(effective_s) FROM usage_year) = (SELECT sum(checked_out_at - checked_in_at) FROM booking WHERE state = 'completed')
  AND (SELECT count(DISTINCT fee_class) FROM booking) = 3")
if [ "$got" = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "not ok - demo bookings: rules, hours, overlaps or figures" >&2; fi
# the talent pool at the default scale: 20,000 experts over all 41 cities,
# projects with leads, the account "expert" linked; and `shenrong experts`
got=$(sqlite3 "$T/f.db" "SELECT (SELECT count(*) = 20000 FROM expert)
  AND (SELECT count(DISTINCT o.city_code) = 41 FROM expert e JOIN org o ON o.id = e.org_id)
  AND (SELECT count(*) >= 2000 FROM project_expert WHERE role = 'lead')
  AND (SELECT count(*) = 1 FROM expert e JOIN account a ON a.id = e.account_id WHERE a.username = 'expert')
  AND (SELECT count(*) = 0 FROM expert WHERE keywords IS NULL OR keywords_en IS NULL)")
if [ "$got" = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "not ok - demo talent pool: experts, cities, projects or the expert account" >&2; fi
check "experts usage" 2 "usage" -- "$BIN" experts
check "experts import a missing file" 1 "cannot read" -- "$BIN" experts import --db "$T/f.db" "$T/none.csv"
check "experts export to xlsx" 0 "20000 experts exported" -- "$BIN" experts export --db "$T/f.db" --format xlsx --out "$T/x.xlsx"
check "experts import: the export is all duplicates" 1 "20000 of 20000 rows are bad" -- "$BIN" experts import --db "$T/f.db" --dry-run "$T/x.xlsx"
# joint research at the default scale: the community's real examples (the
# GaN project with its 13 teams in four regions, the CENI trial), every
# project's funding adding up, solved challenges made projects, published
# ones and all projects in the duplicate detector's history
got=$(sqlite3 "$T/f.db" "SELECT (SELECT count(*) = 13 AND count(DISTINCT m.region_code) = 4 FROM project p
    JOIN project_member m ON m.project_id = p.id WHERE p.title LIKE '6英寸及以上氮化镓%')
  AND (SELECT count(*) = 1 FROM project WHERE title LIKE '%CENI%' AND regions = 2)
  AND (SELECT count(*) >= 4 FROM consortium WHERE regions >= 2)
  AND (SELECT count(*) = 0 FROM project p WHERE p.total_cny <> (SELECT coalesce(sum(amount_cny), 0)
    FROM project_funding f WHERE f.project_id = p.id))
  AND (SELECT count(*) = 0 FROM challenge c WHERE c.state = 'selected' AND NOT EXISTS (SELECT 1
    FROM project p WHERE p.id = c.project_id AND p.challenge_id = c.id))
  AND (SELECT count(*) FROM challenge WHERE state = 'published') = (SELECT count(*) FROM overlap_doc WHERE kind = 'challenge')
  AND (SELECT count(*) FROM project WHERE regions > 0) = (SELECT count(*) FROM overlap_doc WHERE kind = 'project')
  AND (SELECT count(*) = 2 FROM account WHERE username IN ('jsgan-admin', 'zttc-admin'))")
if [ "$got" = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "not ok - demo joint research: real projects, funding, challenges or history" >&2; fi
# the pre-approval consultation: four closed rounds of history, an open one
# from all four regions with overlaps of both kinds; `shenrong check`
got=$(sqlite3 "$T/f.db" "SELECT (SELECT count(*) >= 20000 FROM overlap_doc WHERE kind = 'guide_item' AND status = 'history')
  AND (SELECT count(*) = 4 FROM overlap_round WHERE state = 'closed')
  AND (SELECT count(DISTINCT g.region_code) = 4 FROM guide_item g JOIN overlap_round r ON r.id = g.round_id WHERE r.state = 'open')
  AND (SELECT count(*) >= 5 FROM overlap_pair WHERE scope = 'round' AND level IN ('duplicate', 'suspected'))
  AND (SELECT count(*) >= 1 FROM overlap_pair WHERE scope = 'history')")
if [ "$got" = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "not ok - demo consultation: history, rounds or overlaps missing" >&2; fi
{ echo "高端光刻胶研发"; awk -F'\t' 'NR == 2 { print $10 }' "$(dirname "$0")/../data/overlap/pairs.tsv"; } > "$T/p.txt"
head -c 1100000 /dev/zero | tr '\0' 'a' > "$T/big.txt"
printf '标题\n。。。\n' > "$T/punct.txt"
check "check usage" 2 "usage" -- "$BIN" check
check "check a missing database" 1 "does not exist" -- "$BIN" check --db "$T/none.db" "$T/p.txt"
check "check a missing file" 1 "cannot read" -- "$BIN" check --db "$T/f.db" "$T/none.txt"
check "check finds the duplicate" 0 "duplicate" -- "$BIN" check --db "$T/f.db" "$T/p.txt"
check "check shows the passages" 0 "this:  «" -- "$BIN" check --db "$T/f.db" "$T/p.txt"
check "check --json" 0 '"passages"' -- "$BIN" check --db "$T/f.db" --json --limit 3 "$T/p.txt"
check "check a bad --limit" 2 "limit" -- "$BIN" check --db "$T/f.db" --limit 99 "$T/p.txt"
check "check a file over 1 MB" 1 "larger than 1 MB" -- "$BIN" check --db "$T/f.db" "$T/big.txt"
check "check a text without words" 1 "no characters or words" -- "$BIN" check --db "$T/f.db" "$T/punct.txt"
check "check from standard input" 0 "duplicate" -- sh -c "'$BIN' check --db '$T/f.db' - < '$T/p.txt'"
# backups and moving a community, SQLite side (PostgreSQL: tests/pg/transfer.sh)
"$BIN" demo --db "$T/bk.db" --scale 0.02 --seed 7 --quiet >/dev/null 2>&1
check "backup usage" 2 "usage" -- "$BIN" backup --db "$T/bk.db"
check "backup unknown option" 2 "usage" -- "$BIN" backup --db "$T/bk.db" --to "$T/x.bak" --fast
check "backup a missing database" 1 "does not exist" -- "$BIN" backup --db "$T/none.db" --to "$T/x.bak"
check "backup" 0 "wrote .* tables" -- "$BIN" backup --db "$T/bk.db" --to "$T/bk.bak"
check "backup refuses an existing file" 1 "exists" -- "$BIN" backup --db "$T/bk.db" --to "$T/bk.bak"
check "backup --force" 0 "wrote" -- "$BIN" backup --db "$T/bk.db" --to "$T/bk.bak" --force
check "restore usage" 2 "usage" -- "$BIN" restore --from "$T/bk.bak"
check "restore a missing backup" 1 "does not exist" -- "$BIN" restore --db "$T/rs.db" --from "$T/none.bak"
check "restore a file that is no backup" 1 "not a Shenrong backup" -- "$BIN" restore --db "$T/rs.db" --from "$T/p.txt"
check "restore" 0 "schema [0-9]" -- "$BIN" restore --db "$T/rs.db" --from "$T/bk.bak"
check "restore refuses an existing database" 1 "exists" -- "$BIN" restore --db "$T/rs.db" --from "$T/bk.bak"
check "restore --force" 0 "schema [0-9]" -- "$BIN" restore --db "$T/rs.db" --from "$T/bk.bak" --force
# a backup from before migration 8 (joint projects in the search index) is
# upgraded (made by undoing migrations 9 and 8 by hand: undo later ones
# too when they land).  Migration 7's FTS5 search table, which migration 9
# drops, is made again with the shell's default tokenizer (it has no
# "shenrong"); the upgrade must drop it and its triggers.
"$BIN" init --db "$T/old.db" >/dev/null 2>&1
sqlite3 "$T/old.db" "DROP TRIGGER search_item_log_ai; DROP TRIGGER search_item_log_ad;
  DROP TRIGGER search_item_log_au; DROP TABLE search_log;
  CREATE VIRTUAL TABLE search_doc USING fts5(name, name_en, subtitle, body,
    content='search_item', content_rowid='id', columnsize=0);
  CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_doc, 'row');
  CREATE TRIGGER search_item_ai AFTER INSERT ON search_item WHEN (SELECT bulk FROM search_clock) = 0 BEGIN
    INSERT INTO search_doc(rowid, name, name_en, subtitle, body)
    VALUES (new.id, new.name, new.name_en, new.subtitle, new.body);
    UPDATE search_clock SET docs = docs + 1; END;
  CREATE TRIGGER search_item_ad AFTER DELETE ON search_item WHEN (SELECT bulk FROM search_clock) = 0 BEGIN
    INSERT INTO search_doc(search_doc, rowid, name, name_en, subtitle, body)
    VALUES ('delete', old.id, old.name, old.name_en, old.subtitle, old.body);
    UPDATE search_clock SET docs = docs + 1; END;
  CREATE TRIGGER search_item_au AFTER UPDATE OF name, name_en, subtitle, body ON search_item
    WHEN (SELECT bulk FROM search_clock) = 0 BEGIN
    INSERT INTO search_doc(search_doc, rowid, name, name_en, subtitle, body)
    VALUES ('delete', old.id, old.name, old.name_en, old.subtitle, old.body);
    INSERT INTO search_doc(rowid, name, name_en, subtitle, body)
    VALUES (new.id, new.name, new.name_en, new.subtitle, new.body);
    UPDATE search_clock SET docs = docs + 1; END;
  INSERT INTO search_doc(search_doc) VALUES ('rebuild');
  CREATE INDEX search_item_meta ON search_item(id, kind, region_code, city_code, category,
    org_id, org2_id, region2, year, vis, activity, name_len, name_en_len, subtitle_len, body_len);
  DROP TRIGGER search_project_ai; DROP TRIGGER search_project_au; DROP TRIGGER search_project_ad;
  DROP TRIGGER search_org_renamed_project; DROP VIEW search_src_project;
  DELETE FROM schema_migrations WHERE version IN (8, 9)"
check "backup an older schema" 0 "wrote" -- "$BIN" backup --db "$T/old.db" --to "$T/old.bak"
check "restore upgrades an older backup" 0 "schema [0-9]* (2 migrations applied)" -- "$BIN" restore --db "$T/old2.db" --from "$T/old.bak"
check "the upgrade drops the FTS5 search table, its triggers and index" 0 "^0$" -- sqlite3 "$T/old2.db" "SELECT count(*) FROM sqlite_master WHERE name LIKE 'search_doc%' OR name IN ('search_vocab', 'search_item_meta', 'search_item_ai', 'search_item_ad', 'search_item_au')"
check "the upgrade logs the search items' changes" 0 "^3$" -- sqlite3 "$T/old2.db" "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search_item_log_%'"
check "restored equals the original" 0 "all match" -- "$BIN" migrate-data --from "$T/bk.db" --to "$T/rs.db" --verify-only
# the same rows by sqlite3's own rendering, not our checksum
rows() { sqlite3 "$1" .dump | grep '^INSERT INTO' | grep -v -E '^INSERT INTO "?(instrument_fts|sqlite_stat|schema_migrations)' | sort | md5sum; }
if [ "$(rows "$T/bk.db")" = "$(rows "$T/rs.db")" ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "not ok - restored rows differ (sqlite3 .dump)" >&2; fi
check "migrate-data usage" 2 "usage" -- "$BIN" migrate-data --from "$T/bk.db"
check "migrate-data unknown option" 2 "usage" -- "$BIN" migrate-data --from "$T/bk.db" --to "$T/md.db" --fast
check "migrate-data a missing source" 1 "does not exist" -- "$BIN" migrate-data --from "$T/none.db" --to "$T/md.db"
check "migrate-data --verify-only a missing target" 1 "does not exist" -- "$BIN" migrate-data --from "$T/bk.db" --to "$T/none.db" --verify-only
check "migrate-data" 0 "rows copied: all match" -- "$BIN" migrate-data --from "$T/bk.db" --to "$T/md.db"
if [ "$(rows "$T/bk.db")" = "$(rows "$T/md.db")" ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "not ok - migrated rows differ (sqlite3 .dump)" >&2; fi
check "migrate-data refuses a target with data" 1 "not empty" -- "$BIN" migrate-data --from "$T/bk.db" --to "$T/md.db"
check "migrate-data refuses a database made by init" 1 "not empty" -- sh -c "'$BIN' init --db '$T/in.db' >/dev/null 2>&1 && '$BIN' migrate-data --from '$T/bk.db' --to '$T/in.db'"
check "migrate-data into a migrated empty schema" 0 "all match" -- sh -c ": > '$T/em.db' && '$BIN' migrate --db '$T/em.db' >/dev/null 2>&1 && '$BIN' migrate-data --from '$T/bk.db' --to '$T/em.db'"
check "migrate-data --verify-only finds a change" 1 "page_views .*DIFFERS" -- sh -c "sqlite3 '$T/md.db' 'UPDATE page_views SET views = views + 1 WHERE day = (SELECT min(day) FROM page_views)' && '$BIN' migrate-data --from '$T/bk.db' --to '$T/md.db' --verify-only"
echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
