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
echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
