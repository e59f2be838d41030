#!/bin/sh
# tests/pg/transfer.sh — `shenrong migrate-data`, `backup` and `restore`
# against PostgreSQL: a demo community moves SQLite → PostgreSQL (every
# table's rows and checksum compared), is dumped with pg_dump and restored
# into a second database (compared again), and moves back PostgreSQL →
# SQLite.
#
#   SHENRONG_PG_BASE='postgresql://postgres@/?host=/tmp/pgdev' tests/pg/transfer.sh [BIN]
#
# SHENRONG_PG_BASE is a connection URL without a database name: its path
# is just "/" and the database name is put right after that slash, before
# any "?query" — postgresql://postgres@/?host=/tmp/pgdev becomes
# postgresql://postgres@/NAME?host=/tmp/pgdev (and postgresql://u@h:5433/
# becomes postgresql://u@h:5433/NAME).  The user must be allowed to create
# databases; as a superuser the script also creates a role and checks the
# copy into a database that role owns (no superuser rights: another way to
# switch triggers off).  The script creates its databases
# (shenrong_xfer_<pid>_a, _b, _c) and role and drops them at the end.  BIN defaults to
# build/asan/shenrong.  Needs createdb/dropdb/psql, pg_dump/pg_restore and
# sqlite3.
set -u
cd "$(dirname "$0")/../.."
BIN=${1:-build/asan/shenrong}
: "${SHENRONG_PG_BASE:?set SHENRONG_PG_BASE, e.g. postgresql://postgres@/?host=/tmp/pgdev}"
case $SHENRONG_PG_BASE in
*\?*) PRE=${SHENRONG_PG_BASE%%\?*} QUERY=?${SHENRONG_PG_BASE#*\?} ;;
*) PRE=$SHENRONG_PG_BASE QUERY= ;;
esac
case $PRE in */) ;; *) PRE=$PRE/ ;; esac
url() { printf '%s%s%s' "$PRE" "$1" "$QUERY"; }
A=shenrong_xfer_$$_a
B=shenrong_xfer_$$_b
C=shenrong_xfer_$$_c
R=shenrong_xfer_$$_owner
T=$(mktemp -d)
cleanup() {
	for d in "$A" "$B" "$C"; do
		dropdb --if-exists --maintenance-db="$(url postgres)" "$d" 2>/dev/null
	done
	psql -X -q -d "$(url postgres)" -c "DROP ROLE IF EXISTS $R" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
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
is() {  # is NAME WANT GOT
  if [ "$2" = "$3" ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "not ok - $1: got '$3', want '$2'" >&2; fi
}
export SHENRONG_LOG=warn SHENRONG_FAST_HASH=1
createdb --maintenance-db="$(url postgres)" "$A" || exit 1
createdb --maintenance-db="$(url postgres)" "$B" || exit 1
UA=$(url "$A") UB=$(url "$B")
"$BIN" demo --db "$T/src.db" --scale 0.02 --seed 7 --quiet >/dev/null 2>&1 || { echo "demo failed" >&2; exit 1; }

# SQLite → PostgreSQL
check "migrate-data to PostgreSQL" 0 "rows copied: all match" -- "$BIN" migrate-data --from "$T/src.db" --to "$UA"
is "instrument vectors filled" "$(sqlite3 "$T/src.db" 'SELECT count(*) FROM instrument')" \
	"$(psql -X -A -t -d "$UA" -c 'SELECT count(*) FROM instrument_fts')"
is "search items copied" "$(sqlite3 "$T/src.db" 'SELECT count(*) FROM search_item')" \
	"$(psql -X -A -t -d "$UA" -c 'SELECT count(*) FROM search_item')"
is "nothing left queued" 0 "$(psql -X -A -t -d "$UA" -c 'SELECT count(*) FROM fts_dirty')"
check "migrate-data refuses a database with data" 1 "not empty" -- "$BIN" migrate-data --from "$T/src.db" --to "$UA"
check "verify SQLite against PostgreSQL" 0 "all match" -- "$BIN" migrate-data --from "$T/src.db" --to "$UA" --verify-only

# pg_dump → pg_restore into another database
check "backup a missing database" 1 "does not exist" -- "$BIN" backup --db "$(url shenrong_xfer_none_$$)" --to "$T/x.dump"
check "backup PostgreSQL" 0 "wrote .* tables" -- "$BIN" backup --db "$UA" --to "$T/a.dump"
check "backup refuses an existing file" 1 "exists" -- "$BIN" backup --db "$UA" --to "$T/a.dump"
check "restore into a database that does not exist" 1 "" -- "$BIN" restore --db "$(url shenrong_xfer_none_$$)" --from "$T/a.dump"
check "restore PostgreSQL" 0 "schema [0-9]" -- "$BIN" restore --db "$UB" --from "$T/a.dump"
check "restored equals the original" 0 "all match" -- "$BIN" migrate-data --from "$UA" --to "$UB" --verify-only
check "restored equals the SQLite source" 0 "all match" -- "$BIN" migrate-data --from "$T/src.db" --to "$UB" --verify-only
check "restore refuses a database with a schema" 1 "holds a schema" -- "$BIN" restore --db "$UB" --from "$T/a.dump"
check "restore --force" 0 "schema [0-9]" -- "$BIN" restore --db "$UB" --from "$T/a.dump" --force
check "restored again equals the original" 0 "all match" -- "$BIN" migrate-data --from "$UA" --to "$UB" --verify-only

# PostgreSQL → SQLite
check "migrate-data to SQLite" 0 "rows copied: all match" -- "$BIN" migrate-data --from "$UB" --to "$T/back.db"
check "the round trip equals the source" 0 "all match" -- "$BIN" migrate-data --from "$T/src.db" --to "$T/back.db" --verify-only
rows() { sqlite3 "$1" .dump | grep '^INSERT INTO' | grep -v -E '^INSERT INTO "?(instrument_fts|sqlite_stat|schema_migrations)' | sort | md5sum; }
is "the round trip's rows by sqlite3 .dump" "$(rows "$T/src.db")" "$(rows "$T/back.db")"

# the identity sequences moved past the copied ids: a new account gets one
check "a new row after the copy" 0 "^[0-9]" -- sh -c "echo 'a-long-password' | '$BIN' user add --db '$UA' --name xfer-new --role sysadmin --password-stdin"
check "a change is seen" 1 "account .*DIFFERS" -- "$BIN" migrate-data --from "$T/src.db" --to "$UA" --verify-only

# as the database's owner without superuser rights (docs/operations.md's
# deployment): the keys and triggers are switched off by the owner instead
if psql -X -q -d "$(url postgres)" -c "CREATE ROLE $R LOGIN" >/dev/null 2>&1 &&
   createdb --maintenance-db="$(url postgres)" -O "$R" "$C"; then
	case $QUERY in '') UC="$(url "$C")?user=$R" ;; *) UC="$(url "$C")&user=$R" ;; esac
	check "migrate-data as the owner" 0 "rows copied: all match" -- "$BIN" migrate-data --from "$T/src.db" --to "$UC"
	fks() { psql -X -A -t -d "$1" -c "SELECT count(*) FROM pg_constraint WHERE contype = 'f'"; }
	is "the owner's copy has its foreign keys back" "$(fks "$UB")" "$(fks "$UC")"
	is "the owner's copy has its triggers on" 0 \
		"$(psql -X -A -t -d "$UC" -c "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'O'")"
	is "the owner's copy has its vectors" "$(sqlite3 "$T/src.db" 'SELECT count(*) FROM instrument')" \
		"$(psql -X -A -t -d "$UC" -c 'SELECT count(*) FROM instrument_fts')"
else
	echo "# skipped the owner's copy: cannot create a role" >&2
fi

echo "pg transfer: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
