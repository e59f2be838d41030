#!/bin/sh
# The talent pool's figures (issue 5): expert finding over 200,000 and
# 2,000,000 profiles (p50 and p99 latency of a 300-character Chinese
# problem text, through POST /api/v1/experts/match), the profile page's p99
# (HTML and JSON, response cache off), import throughput for 200,000 rows,
# and peak memory of the server and of the import.  Ratios are given
# against the 50 ms target and against VIVO's 10-60 s for a profile page.
#
#   bench/experts.sh                 both sizes
#   SIZES=200k bench/experts.sh      only the first
#   REQUESTS=500 bench/experts.sh    requests per figure (default 300)
#
# Databases are built once into bench/out/: experts200k.db is the demo at
# --scale 10 (200,000 experts); experts2m.db adds 1,800,000 generated ones
# with `shenrong experts generate`.  Writes bench/out/experts.md and prints it.
set -eu
cd "$(dirname "$0")/.."
OUT=bench/out
mkdir -p "$OUT"
SIZES=${SIZES:-"200k 2m"}
REQUESTS=${REQUESTS:-300}
PORT=18491
DB200=$OUT/experts200k.db
DB2M=$OUT/experts2m.db
RESULTS=$OUT/experts.md
[ -x ./shenrong ] || make --no-print-directory shenrong

build() {
  if [ ! -f "$DB200" ]; then
    echo "building $DB200 (demo --scale 10)" >&2
    /usr/bin/time -f '%e s' ./shenrong demo --db "$DB200" --scale 10 --seed 1 --quiet
  fi
  case " $SIZES " in *" 2m "*)
    if [ ! -f "$DB2M" ]; then
      echo "building $DB2M (+1,800,000 experts)" >&2
      cp "$DB200" "$DB2M.tmp"
      ./shenrong experts generate --db "$DB2M.tmp" --count 1800000 --seed 2
      mv "$DB2M.tmp" "$DB2M"
    fi ;;
  esac
}

SPID=
cleanup() { [ -n "$SPID" ] && kill "$SPID" 2>/dev/null || true; }
trap cleanup EXIT

serve() {
  SHENRONG_LOG=warn ./shenrong serve --db "$1" --listen 127.0.0.1:$PORT --threads 2 --no-cache &
  SPID=$!
  for _ in $(seq 200); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && return; sleep 0.1; done
  echo "shenrong did not start" >&2; exit 1
}
stop() { kill "$SPID"; wait "$SPID" 2>/dev/null || true; SPID=; }

build
echo "# Talent pool benchmark — $(date -u +%Y-%m-%dT%H:%MZ)" > "$RESULTS"
{
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo);"
  echo "\`shenrong serve --threads 2 --no-cache\`; one client on loopback, requests one after another;"
  echo "$REQUESTS requests per figure, after warming up. Latency is the client's, end to end."
  echo
  echo "CPU ms/req is the server's own CPU time per request (from /proc), which other load on the"
  echo "machine does not inflate; the load average at the start was $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "| profiles | what | p50 ms | p99 ms | CPU ms/req | p99 / 50 ms target | VIVO 10 s / p99 | VIVO 60 s / p99 |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|"
} >> "$RESULTS"

for size in $SIZES; do
  case $size in 200k) db=$DB200 ;; 2m) db=$DB2M ;; *) echo "unknown size $size" >&2; exit 2 ;; esac
  serve "$db"
  python3 bench/experts_client.py --port $PORT --db "$db" --requests "$REQUESTS" --pid "$SPID" \
    --label "$(sqlite3 "$db" 'SELECT count(*) FROM expert')" >> "$RESULTS"
  stop
done

# import throughput: the 200k pool exported, renamed (a second person of
# each name, without the ORCID iD; namesakes numbered) and imported into a
# copy of the pool, so every row is valid and the pool holds 200,000
# experts already
if [ ! -f "$OUT/experts200k.csv" ]; then
  ./shenrong experts export --db "$DB200" --format csv --out "$OUT/experts200k.all.csv" 2>/dev/null
  python3 - "$OUT/experts200k.all.csv" "$OUT/experts200k.csv" <<'PY'
import csv, sys
with open(sys.argv[1], newline='', encoding='utf-8-sig') as f, open(sys.argv[2], 'w', newline='', encoding='utf-8') as g:
    r, w = csv.reader(f), csv.writer(g)
    head = next(r)
    w.writerow(head)
    name, org, orcid = head.index('姓名'), head.index('单位'), head.index('ORCID')
    seen = {}
    for row in r:
        # namesakes at one organisation differ only by their ORCID iD:
        # number them so that every row stays a new, distinct person
        k = (row[name], row[org])
        seen[k] = seen.get(k, 0) + 1
        row[name] += '二三四五六七八九'[min(seen[k], 8) - 1]
        row[orcid] = ''
        w.writerow(row)
PY
  rm -f "$OUT/experts200k.all.csv"
fi
cp "$DB200" "$OUT/import.db"
python3 bench/experts_client.py --import-csv "$OUT/experts200k.csv" --db "$OUT/import.db" >> "$RESULTS"
rm -f "$OUT/import.db" "$OUT/import.db-wal" "$OUT/import.db-shm"
# the same without the platform search's trigger (migration 7), which
# indexes every new expert for the site-wide search: the talent pool's own
# share of the cost
if [ "$(sqlite3 "$DB200" "SELECT count(*) FROM sqlite_master WHERE name = 'search_expert_ai'")" = 1 ]; then
  cp "$DB200" "$OUT/import.db"
  sqlite3 "$OUT/import.db" 'DROP TRIGGER search_expert_ai'
  python3 bench/experts_client.py --import-csv "$OUT/experts200k.csv" --db "$OUT/import.db" \
    --note ", without the site-wide search's trigger" >> "$RESULTS"
  rm -f "$OUT/import.db" "$OUT/import.db-wal" "$OUT/import.db-shm"
fi
cat "$RESULTS"
