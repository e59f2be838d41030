#!/bin/sh
# Booking throughput: 64 concurrent clients (wrk) request bookings through
# the API of `shenrong serve` on a copy of the --scale 10 demo community
# (about 50,000 instruments and 0.9 million bookings), each a distinct
# random 30-minute slot of one of 256 bookable instruments; then a SQL check
# counts rows holding an instrument that overlap (must be 0), and the 503
# answers count requests that failed because the database was busy (must
# be 0).  Prints requests/s, p50 and p99 latency and writes
# bench/out/booking.md.
#
#   bench/booking.sh                 (DURATION=10 CONNS=64 SRV_THREADS=4)
#
# The database is built once into bench/out/booking10.db and copied for
# each run, so every run starts from the same bookings.
set -eu
cd "$(dirname "$0")/.."
OUT=bench/out
mkdir -p "$OUT"
DUR=${DURATION:-10}
CONNS=${CONNS:-64}
THREADS=${WRK_THREADS:-2}
SRV_THREADS=${SRV_THREADS:-4}
PORT=18491
BASE=$OUT/booking10.db
DB=$OUT/booking-run.db
export SHENRONG_LOG=warn

command -v wrk >/dev/null || { echo "wrk is missing: scripts/deps.sh bench" >&2; exit 1; }
[ -x ./shenrong ] || make --no-print-directory shenrong
# (re)build the community when missing or made by an older schema
if [ ! -f "$BASE" ] || ! sqlite3 "$BASE" 'SELECT 1 FROM booking LIMIT 1' >/dev/null 2>&1; then
  rm -f "$BASE" "$BASE.credentials"
  echo "building the --scale 10 demo community into $BASE…" >&2
  /usr/bin/time -f "  demo: %e s" ./shenrong demo --db "$BASE" --scale 10 --seed 1 --quiet
fi
./shenrong migrate --db "$BASE" >/dev/null    # a schema step added since it was built
rm -f "$DB" "$DB-wal" "$DB-shm"
cp "$BASE" "$DB"

# bench users: members of organisations in each region (the hash cost only
# slows the set-up, so the test suite's fast hash is used for them)
ORGS=$(sqlite3 "$DB" "SELECT id FROM (SELECT id, region_code, row_number() OVER (PARTITION BY region_code ORDER BY id) AS k FROM org WHERE kind IN ('university','institute')) WHERE k <= 4 ORDER BY id")
i=0
for org in $ORGS; do
  i=$((i + 1))
  echo 'bench-password-1' | SHENRONG_FAST_HASH=1 ./shenrong user add --db "$DB" --name "bench$i" \
    --role member --org "$org" --password-stdin >/dev/null
done
# bookable instruments: in service, shared beyond their owner, 30-day horizon at least
sqlite3 "$DB" "SELECT i.id FROM instrument i JOIN booking_rules r ON r.instrument_id = i.id
  WHERE i.status = 'in_service' AND i.sharing = 'open' AND i.kind = 'instrument'
  ORDER BY (i.id * 2654435761) % 4294967296 LIMIT 256" > "$OUT/bench-instruments.txt"
# weekdays from the day after tomorrow for four weeks, 00:00 China Standard Time
python3 - > "$OUT/bench-days.txt" <<'PY'
import time
cst = 8 * 3600
today = (int(time.time()) + cst) // 86400 * 86400 - cst
for d in range(2, 30):
    t = today + d * 86400
    if ((t + cst) // 86400 + 3) % 7 < 5:   # Monday..Friday
        print(t)
PY

SHENRONG_FAST_HASH=1 ${SERVE_PREFIX:-} ./shenrong serve --db "$DB" --listen 127.0.0.1:$PORT --threads "$SRV_THREADS" &
SPID=$!
trap 'kill $SPID 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
: > "$OUT/bench-tokens.txt"
for k in $(seq "$i"); do
  curl -sf -XPOST "http://127.0.0.1:$PORT/api/v1/session" -H 'Content-Type: application/json' \
    -d "{\"username\":\"bench$k\",\"password\":\"bench-password-1\"}" |
    python3 -c 'import sys, json; print(json.load(sys.stdin)["token"])' >> "$OUT/bench-tokens.txt"
done

before=$(sqlite3 "$DB" 'SELECT count(*) FROM booking')
wrk -t"$THREADS" -c"$CONNS" -d"${DUR}s" --latency -s bench/booking.lua \
  "http://127.0.0.1:$PORT/api/v1/bookings" -- "$OUT/bench-tokens.txt" \
  "$OUT/bench-instruments.txt" "$OUT/bench-days.txt" 1 > "$OUT/booking-wrk.txt" 2>&1
kill $SPID; wait $SPID 2>/dev/null || true
trap - EXIT

get() { awk -v k="$1" '$1 == k { print $2 }' "$OUT/booking-wrk.txt"; }
status() { awk -v s="$1" '$1 == "status" && $2 == s { print $3 }' "$OUT/booking-wrk.txt"; }
requests=$(get requests); seconds=$(get seconds)
created=$(status 201); conflicts=$(status 409); busy=$(status 503)
created=${created:-0}; conflicts=${conflicts:-0}; busy=${busy:-0}
other=$((requests - created - conflicts - busy))
rows=$(( $(sqlite3 "$DB" 'SELECT count(*) FROM booking') - before ))
overlaps=$(sqlite3 "$DB" "SELECT count(*) FROM booking a JOIN booking b ON a.instrument_id = b.instrument_id
  AND a.id < b.id WHERE a.holds = 1 AND b.holds = 1 AND a.hold_start < b.hold_end AND b.hold_start < a.hold_end")
rps=$(awk -v r="$requests" -v s="$seconds" 'BEGIN { printf "%.0f", r / s }')
{
  echo "# Booking benchmark — $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores; wrk -t$THREADS -c$CONNS -d${DUR}s on loopback against"
  echo "\`shenrong serve --threads $SRV_THREADS\` on the --scale 10 demo community"
  echo "($(sqlite3 "$DB" 'SELECT count(*) FROM instrument') instruments, $before bookings before the run);"
  echo "each request books a random 30-minute weekday slot of one of 256 instruments as one of $i users."
  echo
  echo "| requests/s | p50 ms | p99 ms | requests | created (201) | conflicts (409) | busy (503) | other | overlaps found |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  echo "| $rps | $(get p50_ms) | $(get p99_ms) | $requests | $created | $conflicts | $busy | $other | $overlaps |"
  echo
  echo "Rows added: $rows (one per 201, and those of requests still in flight when wrk stopped counting). Reproduce: \`bench/booking.sh\` (DURATION=$DUR CONNS=$CONNS)."
} > "$OUT/booking.md"
cat "$OUT/booking.md"
# (wrk stops counting with up to CONNS requests in flight: their rows count, not their answers)
[ "$overlaps" = 0 ] && [ "$busy" = 0 ] && [ "$rows" -ge "$created" ] && [ "$rows" -le $((created + CONNS)) ]
