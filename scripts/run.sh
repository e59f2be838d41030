#!/bin/sh
# `make run`: creates shenrong.db with the demo community if it is missing,
# shows how to log in, and serves on 127.0.0.1:8080 (override with
# SHENRONG_DB, SHENRONG_LISTEN).
set -eu
cd "$(dirname "$0")/.."
DB=${SHENRONG_DB:-shenrong.db}
LISTEN=${SHENRONG_LISTEN:-127.0.0.1:8080}
if [ ! -f "$DB" ]; then
  echo "Creating $DB with the demo community (a minute or so)…"
  ./shenrong demo --db "$DB"
fi
echo
echo "  Shenrong is at http://$LISTEN/"
if [ -r "$DB.credentials" ]; then
  pw=$(awk '$1 == "admin" { print $2 }' "$DB.credentials")
  echo "  demo administrator: admin   password: $pw"
  echo "  (other demo accounts, same password: office, coord-sh, coord-js, coord-zj,"
  echo "   coord-ah, ustc-admin, nju-admin, zju-admin, sjtu-admin, researcher)"
fi
echo
exec ./shenrong serve --db "$DB" --listen "$LISTEN"
