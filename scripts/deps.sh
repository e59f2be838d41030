#!/bin/sh
# Installs the Debian packages Shenrong needs, and only those missing.
#   scripts/deps.sh run    what building and serving needs
#   scripts/deps.sh test   that, plus what the test suite and fuzzers need
# Safe to run repeatedly: it asks dpkg first and calls apt-get only when
# something is missing. Needs root (or sudo) only when it installs.
set -eu
RUN="build-essential pkg-config libmicrohttpd-dev libjansson-dev libsqlite3-dev
     libsodium-dev libfriso-dev friso-dict libstemmer-dev libopencc-dev opencc
     libxlsxwriter-dev libzip-dev libexpat1-dev libpq-dev postgresql-client"
# postgresql: the throw-away cluster the PostgreSQL tests start (initdb)
TEST="$RUN clang libclang-rt-14-dev libcmocka-dev chromium fonts-noto-cjk tidy sqlite3 procps
      postgresql"
# libxapian-dev and g++: the search benchmark's Xapian side (bench/search/)
BENCH="wrk nginx-light hyperfine libxapian-dev g++"
case "${1:-run}" in
  run) want=$RUN ;;
  test) want=$TEST ;;
  bench) want="$TEST $BENCH" ;;
  *) echo "usage: $0 run|test|bench" >&2; exit 2 ;;
esac
missing=""
# Node.js and npm may come from elsewhere (a nodejs build that bundles npm):
# ask for Debian's only when the commands are missing.
if [ "${1:-run}" != run ]; then
  command -v node >/dev/null 2>&1 || missing="$missing nodejs"
  command -v npm >/dev/null 2>&1 || missing="$missing npm"
fi
for p in $want; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' \
    || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing$missing" >&2
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >&2
