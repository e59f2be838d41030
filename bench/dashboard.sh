#!/bin/sh
# The dashboard (数据看板) over the --scale 10 community: the page's p50 and
# p99 with wrk on loopback — for a visitor (the response cache), for a
# logged-in official (no response cache: the figures cache), and with
# --no-cache — against the 20 ms p99 target; and the time to recompute
# every figure from scratch (bench/figures_bench.c).
#
#   bench/dashboard.sh                    (after `make shenrong`)
#   DURATION=20 CONNS=32 bench/dashboard.sh
#
# Writes bench/out/dashboard.md and prints it.  The database is built once
# into bench/out/dashboard10.db (the time the demo took is reported).
set -eu
cd "$(dirname "$0")/.."
OUT=bench/out
mkdir -p "$OUT"
DUR=${DURATION:-10}
CONNS=${CONNS:-16}
THREADS=${WRK_THREADS:-2}
SRV_THREADS=${SRV_THREADS:-4}
PORT=18493
DB=$OUT/dashboard10.db
TARGET_MS=20
YEAR=$(( $(date -u +%Y) - 1 ))

[ -x ./shenrong ] || make shenrong
if [ ! -f "$DB" ]; then
  t0=$(date +%s.%N)
  ./shenrong demo --db "$DB" --scale 10 --seed 1 --quiet
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f\n", b - a }' > "$OUT/dashboard10.demo-seconds"
fi
DEMO_S=$(cat "$OUT/dashboard10.demo-seconds" 2>/dev/null || echo "?")

# the figures benchmark, against the optimised objects
LIBS=$(make -s --no-print-directory --eval='print-libs: ; @echo $(LIBS)' print-libs)
# shellcheck disable=SC2046,SC2086
cc -std=c11 -D_GNU_SOURCE -O2 -Isrc -I/usr/include/friso -pthread -o build/figures_bench \
  bench/figures_bench.c $(find build/rel -name '*.o' ! -name main.o | sort) $LIBS

SPID=
cleanup() { [ -n "$SPID" ] && kill "$SPID" 2>/dev/null || true; }
trap cleanup EXIT
start() {
  SHENRONG_LOG=warn ./shenrong serve --db "$DB" --listen 127.0.0.1:$PORT --threads "$SRV_THREADS" "$@" &
  SPID=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && return; sleep 0.1; done
  echo "shenrong did not start" >&2; exit 1
}
stop() { kill "$SPID"; wait "$SPID" 2>/dev/null || true; SPID=; }

# wrk's p50 and p99 in ms, requests/s, non-2xx answers, after 3 s of
# warming up (every server thread opens its connection and tokenizer)
measure() {  # measure URL [header]
  if [ $# -gt 1 ]; then
    wrk -t"$THREADS" -c"$CONNS" -d3s -H "$2" "$1" > /dev/null 2>&1
  else
    wrk -t"$THREADS" -c"$CONNS" -d3s "$1" > /dev/null 2>&1
  fi
  if [ $# -gt 1 ]; then
    wrk -t"$THREADS" -c"$CONNS" -d"${DUR}s" --latency -H "$2" "$1" > "$OUT/wrk-dash.txt" 2>&1
  else
    wrk -t"$THREADS" -c"$CONNS" -d"${DUR}s" --latency "$1" > "$OUT/wrk-dash.txt" 2>&1
  fi
  awk '
    function ms(v) { if (v ~ /us$/) { sub(/us/, "", v); return v / 1000 }
                     if (v ~ /ms$/) { sub(/ms/, "", v); return v + 0 }
                     if (v ~ /s$/) { sub(/s/, "", v); return v * 1000 } return v }
    $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
    /Requests\/sec/ { rps = $2 } /Non-2xx/ { bad = $4 }
    END { printf "%s %s %s %s\n", p50, p99, rps, bad + 0 }' "$OUT/wrk-dash.txt"
}
row() {  # row LABEL "p50 p99 rps bad"
  set -- "$1" $2
  ratio=$(awk -v p="$3" -v t="$TARGET_MS" 'BEGIN { printf "%.3f", p / t }')
  echo "| $1 | $2 | $3 | $ratio× | $4 | $5 |" >> "$OUT/dashboard.md"
}

PAGE="http://127.0.0.1:$PORT/dashboard?year=$YEAR"
{
  echo "# Dashboard benchmark — $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores; wrk -t$THREADS -c$CONNS -d${DUR}s on loopback; shenrong serve --threads $SRV_THREADS"
  echo "on the --scale 10 community ($(sqlite3 "$DB" 'SELECT count(*) FROM instrument') instruments,"
  echo "$(sqlite3 "$DB" 'SELECT count(*) FROM tech_contract') technology contracts, of which"
  echo "$(sqlite3 "$DB" "SELECT count(*) FROM tech_contract WHERE year = $YEAR AND state = 'verified' AND seller_region <> buyer_region")"
  echo "verified cross-region in $YEAR; \`demo --scale 10\` took ${DEMO_S} s). Target: the page under ${TARGET_MS} ms p99."
  echo
  echo "| /dashboard?year=$YEAR | p50 ms | p99 ms | p99 ÷ target | req/s | non-2xx |"
  echo "|---|---:|---:|---:|---:|---:|"
} > "$OUT/dashboard.md"

start
TOKEN=$(curl -s -XPOST "http://127.0.0.1:$PORT/api/v1/session" -H 'Content-Type: application/json' \
  -d "{\"username\":\"office\",\"password\":\"$(awk '/^admin/ {print $2}' "$DB.credentials")\"}" |
  sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$TOKEN" ] || { echo "cannot log in as office" >&2; exit 1; }
curl -sf "$PAGE" -o /dev/null
row "visitor (response cache)" "$(measure "$PAGE")"
row "official, logged in (figures cache)" "$(measure "$PAGE" "Authorization: Bearer $TOKEN")"
stop
start --no-cache
curl -sf "$PAGE" -o /dev/null
row "visitor, --no-cache (figures cache)" "$(measure "$PAGE")"
stop

{
  echo
  echo "Figures from scratch (cache emptied, optimised build):"
  echo
  echo '```'
  ./build/figures_bench "$DB" "$YEAR" 7
  echo '```'
  echo
  echo "Reproduce: \`make shenrong && bench/dashboard.sh\` (DURATION=$DUR CONNS=$CONNS)."
} >> "$OUT/dashboard.md"
cat "$OUT/dashboard.md"
