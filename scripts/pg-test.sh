#!/bin/sh
# Runs a command with a throw-away PostgreSQL server of its own:
#
#   scripts/pg-test.sh COMMAND [ARG...]
#
# initdb into a temporary folder (C collation, UTF-8, trust on the Unix
# socket only, no TCP), start it, export SHENRONG_TEST_PG (the socket's
# folder) and SHENRONG_TEST_PG_USER for the command, and stop and remove
# the server afterwards whatever happened: nothing is left running.
# PostgreSQL will not run as root: as root the server runs as the
# `postgres` user Debian's package creates.
set -eu
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bindir/initdb" ] || { echo "pg-test: PostgreSQL server not installed (scripts/deps.sh test)" >&2; exit 1; }
dir=$(mktemp -d /tmp/shenrong-pg.XXXXXX)
chmod 755 "$dir"
user=$(id -un)
as() { "$@"; }
if [ "$(id -u)" = 0 ]; then
  user=postgres
  chown postgres "$dir"
  as() { runuser -u postgres -- "$@"; }
fi
stop() {
  as "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT INT TERM
as "$bindir/initdb" -D "$dir/data" -U "$user" -A trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 1; }
# fsync off: a test server, thrown away afterwards
as "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
  "-k $dir -c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
  start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
export SHENRONG_TEST_PG="$dir" SHENRONG_TEST_PG_USER="$user" PGHOST="$dir" PGUSER="$user"
echo "pg-test: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on $dir"
set +e
"$@"
rc=$?
set -e
exit $rc
