#!/bin/sh
# SQLite and PostgreSQL side by side, with one and with two application
# servers on the same database: catalogue list and search throughput
# (response cache off, so every request reaches the database), and booking
# writes with 64 concurrent clients, with p50/p99 latency and the overlaps
# found afterwards (must be 0).
#
#   bench/multinode.sh                 (DURATION=10 CONNS=64 SRV_THREADS=4)
#
# The --scale 10 demo community is built once into bench/out/multinode10.db
# and moved into a throw-away PostgreSQL server
# with `shenrong migrate-data` (timed).  With two servers, wrk drives each
# with half the connections, and the table shows the sum of their
# requests/s and the worse p99.  Writes bench/out/multinode.md.
set -eu
cd "$(dirname "$0")/.."
# a PostgreSQL server of our own for the run (scripts/pg-test.sh)
if [ -z "${SHENRONG_TEST_PG:-}" ]; then exec scripts/pg-test.sh "$0" "$@"; fi
OUT=bench/out
mkdir -p "$OUT/mn"
DUR=${DURATION:-10}
CONNS=${CONNS:-64}
THREADS=${WRK_THREADS:-2}
SRV_THREADS=${SRV_THREADS:-4}
BASE=${BASE:-$OUT/multinode10.db}
export SHENRONG_LOG=warn SHENRONG_FAST_HASH=1
PGURL="postgresql://$SHENRONG_TEST_PG_USER@/bench10?host=$SHENRONG_TEST_PG"

command -v wrk >/dev/null || { echo "wrk is missing: scripts/deps.sh bench" >&2; exit 1; }
[ -x ./shenrong ] || make --no-print-directory shenrong
# (re)built when missing or made before the schema took its present shape
if [ ! -f "$BASE" ] || ! sqlite3 "$BASE" 'SELECT epoch FROM search_clock' >/dev/null 2>&1; then
  rm -f "$BASE" "$BASE.credentials"
  echo "building the --scale 10 demo community into $BASE…" >&2
  ./shenrong demo --db "$BASE" --scale 10 --seed 1 --quiet
fi
./shenrong migrate --db "$BASE" >/dev/null

sql() {  # sql BACKEND QUERY
  if [ "$1" = pg ]; then psql -X -qAt -d "$PGURL" -c "$2"; else sqlite3 "$OUT/mn/run.db" "$2"; fi
}

createdb bench10
t0=$(date +%s.%N)
./shenrong migrate-data --from "$BASE" --to "$PGURL" > "$OUT/mn/migrate-data.txt" 2>&1 ||
  { cat "$OUT/mn/migrate-data.txt" >&2; exit 1; }
moved=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }')

PIDS=""
start() {  # start DB N: N servers on ports 18601..
  PIDS=""
  for k in $(seq "$2"); do
    ./shenrong serve --db "$1" --listen 127.0.0.1:$((18600 + k)) --threads "$SRV_THREADS" $EXTRA &
    PIDS="$PIDS $!"
  done
  for k in $(seq "$2"); do
    for _ in $(seq 200); do curl -sf "http://127.0.0.1:$((18600 + k))/healthz" >/dev/null && break; sleep 0.1; done
    # each server builds its search index when it starts: measure after it
    curl -sf "http://127.0.0.1:$((18600 + k))/api/v1/search?q=%E7%94%B5%E9%95%9C" >/dev/null
  done
}
stop() { for p in $PIDS; do kill "$p" 2>/dev/null || true; done; for p in $PIDS; do wait "$p" 2>/dev/null || true; done; PIDS=""; }
trap stop EXIT

ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; printf "%.1f", v}'; }

# load N PATH [SCRIPT ARGS...]: wrk on each of N servers at once, CONNS/N
# connections each (with a Lua script and its arguments if given); prints
# "req/s p50 p99 non2xx" (requests summed, latencies the worst)
load() {
  n=$1; path=$2; shift 2
  c=$((CONNS / n))
  wrks=""
  rm -f "$OUT"/mn/wrk*.txt
  for k in $(seq "$n"); do
    if [ $# -gt 0 ]; then
      lua=$1; shift_args=$(echo "$@" | cut -d' ' -f2-)
      # shellcheck disable=SC2086
      wrk -t"$THREADS" -c"$c" -d"${DUR}s" --latency -s "$lua" "http://127.0.0.1:$((18600 + k))$path" -- $shift_args$k > "$OUT/mn/wrk$k.txt" 2>&1 &
    else
      wrk -t"$THREADS" -c"$c" -d"${DUR}s" --latency "http://127.0.0.1:$((18600 + k))$path" > "$OUT/mn/wrk$k.txt" 2>&1 &
    fi
    wrks="$wrks $!"
  done
  # the wrk processes only: the servers are this shell's children too
  for w in $wrks; do wait "$w"; done
  rps=0; p50=0; p99=0; bad=0
  for k in $(seq "$n"); do
    f=$OUT/mn/wrk$k.txt
    r=$(awk '/Requests\/sec/ {print $2}' "$f")
    a=$(awk '$1 == "50%" {print $2}' "$f" | ms); b=$(awk '$1 == "99%" {print $2}' "$f" | ms)
    e=$(awk '/Non-2xx/ {print $NF}' "$f")
    rps=$(awk -v x="$rps" -v y="${r:-0}" 'BEGIN { printf "%.0f", x + y }')
    p50=$(awk -v x="$p50" -v y="${a:-0}" 'BEGIN { print (y > x ? y : x) }')
    p99=$(awk -v x="$p99" -v y="${b:-0}" 'BEGIN { print (y > x ? y : x) }')
    bad=$((bad + ${e:-0}))
  done
  echo "$rps $p50 $p99 $bad"
}

LIST='/api/v1/instruments?region=320000&category=analytical&sort=value_desc&per_page=20'
SEARCH='/api/v1/search?q=%E7%94%B5%E9%95%9C'
ROWS=""
row() { ROWS="$ROWS
| $1 | $2 | $3 | $4 | $5 | $6 | $7 |"; }

for backend in sqlite pg; do
  if [ $backend = pg ]; then DB=$PGURL; else rm -f "$OUT/mn/run.db"*; cp "$BASE" "$OUT/mn/run.db"; DB=$OUT/mn/run.db; fi
  # bench users, their tokens, bookable instruments, weekdays
  orgs=$(sql $backend "SELECT id FROM org WHERE kind IN ('university','institute') ORDER BY id LIMIT 16")
  i=0
  for org in $orgs; do
    i=$((i + 1))
    echo 'bench-password-1' | ./shenrong user add --db "$DB" --name "mn$i" --role member --org "$org" --password-stdin >/dev/null
  done
  sql $backend "SELECT i.id FROM instrument i JOIN booking_rules r ON r.instrument_id = i.id
    WHERE i.status = 'in_service' AND i.sharing = 'open' AND i.kind = 'instrument'
    ORDER BY (i.id * 2654435761) % 4294967296 LIMIT 256" > "$OUT/mn/instruments.txt"
  python3 - > "$OUT/mn/days.txt" <<'PY'
import time
cst = 8 * 3600
today = (int(time.time()) + cst) // 86400 * 86400 - cst
for d in range(2, 30):
    t = today + d * 86400
    if ((t + cst) // 86400 + 3) % 7 < 5:
        print(t)
PY
  for n in 1 2; do
    EXTRA=--no-cache start "$DB" "$n"
    set -- $(load "$n" "$LIST"); row "$backend" "$n" "catalogue list (no cache)" "$1" "$2" "$3" "$4 non-2xx"
    set -- $(load "$n" "$SEARCH"); row "$backend" "$n" "search 电镜 (no cache)" "$1" "$2" "$3" "$4 non-2xx"
    stop
    EXTRA= start "$DB" "$n"
    : > "$OUT/mn/tokens.txt"
    for k in $(seq "$i"); do
      curl -sf -XPOST "http://127.0.0.1:18601/api/v1/session" -H 'Content-Type: application/json' \
        -d "{\"username\":\"mn$k\",\"password\":\"bench-password-1\"}" |
        python3 -c 'import sys, json; print(json.load(sys.stdin)["token"])' >> "$OUT/mn/tokens.txt"
    done
    before=$(sql $backend 'SELECT count(*) FROM booking')
    load "$n" /api/v1/bookings bench/booking.lua "$OUT/mn/tokens.txt" "$OUT/mn/instruments.txt" "$OUT/mn/days.txt" "$n" >/dev/null
    stop
    made=0; busy=0
    for k in $(seq "$n"); do
      made=$((made + $(awk '$1 == "status" && $2 == 201 {print $3}' "$OUT/mn/wrk$k.txt" | head -1 | grep . || echo 0)))
      busy=$((busy + $(awk '$1 == "status" && $2 == 503 {print $3}' "$OUT/mn/wrk$k.txt" | head -1 | grep . || echo 0)))
    done
    p50=$(cat "$OUT"/mn/wrk*.txt | awk '$1 == "p50_ms" {if ($2 > m) m = $2} END {print m}')
    p99=$(cat "$OUT"/mn/wrk*.txt | awk '$1 == "p99_ms" {if ($2 > m) m = $2} END {print m}')
    rps=$(cat "$OUT"/mn/wrk*.txt | awk '$1 == "requests" {r += $2} $1 == "seconds" {if ($2 > s) s = $2} END {printf "%.0f", r / s}')
    overlaps=$(sql $backend "SELECT count(*) FROM booking a JOIN booking b ON a.instrument_id = b.instrument_id
      AND a.id < b.id WHERE a.holds = 1 AND b.holds = 1 AND a.hold_start < b.hold_end AND b.hold_start < a.hold_end")
    added=$(( $(sql $backend 'SELECT count(*) FROM booking') - before ))
    row "$backend" "$n" "bookings, $CONNS clients" "$rps" "$p50" "$p99" "$made created, $added rows, $busy busy, overlaps $overlaps"
    [ "$overlaps" = 0 ] || { echo "OVERLAPS FOUND on $backend" >&2; exit 1; }
  done
done

{
  echo "# SQLite and PostgreSQL, one and two servers — $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), everything on it (servers, PostgreSQL, wrk);"
  echo "wrk -t$THREADS -c$CONNS -d${DUR}s in all (split over the servers); \`shenrong serve --threads $SRV_THREADS\` each;"
  echo "the --scale 10 demo community ($(sqlite3 "$BASE" 'SELECT count(*) FROM instrument') instruments, $(sqlite3 "$BASE" 'SELECT count(*) FROM booking') bookings),"
  echo "moved to PostgreSQL $(psql -X -qAt -d "$PGURL" -c 'SHOW server_version') by \`shenrong migrate-data\` in $moved s."
  echo
  echo "| backend | servers | request | req/s | p50 ms | p99 ms | notes |"
  echo "|---|---:|---|---:|---:|---:|---|$ROWS"
  echo
  echo "Reproduce: \`bench/multinode.sh\` (DURATION=$DUR CONNS=$CONNS SRV_THREADS=$SRV_THREADS)."
} > "$OUT/multinode.md"
cat "$OUT/multinode.md"
