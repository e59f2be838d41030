#!/bin/sh
# Catalogue list and search over the --scale 10 community, with wrk on
# loopback, side by side with nginx serving a static file of the same size.
#
#   make bench                  (or: bench/run.sh)
#   DURATION=20 CONNS=64 bench/run.sh
#
# Writes bench/out/results.md and prints it.  The database is built once
# into bench/out/scale10.db.
set -eu
cd "$(dirname "$0")/.."
OUT=bench/out
mkdir -p "$OUT/www"
DUR=${DURATION:-10}
CONNS=${CONNS:-64}
THREADS=${WRK_THREADS:-2}
SRV_THREADS=${SRV_THREADS:-4}
PORT=18481
NGINX_PORT=18482
DB=$OUT/scale10.db

[ -f "$DB" ] || ./shenrong demo --db "$DB" --scale 10 --seed 1 --quiet

cleanup() {
  [ -n "${SPID:-}" ] && kill "$SPID" 2>/dev/null || true
  [ -f "$OUT/nginx.pid" ] && kill "$(cat "$OUT/nginx.pid")" 2>/dev/null || true
}
trap cleanup EXIT

start_shenrong() {
  SHENRONG_LOG=warn ./shenrong serve --db "$DB" --listen 127.0.0.1:$PORT --threads "$SRV_THREADS" "$@" &
  SPID=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && return; sleep 0.1; done
  echo "shenrong did not start" >&2; exit 1
}
stop_shenrong() { kill "$SPID"; wait "$SPID" 2>/dev/null || true; SPID=; }

cat > "$OUT/nginx.conf" <<NGINX
worker_processes 2;
pid $PWD/$OUT/nginx.pid;
error_log $PWD/$OUT/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  default_type application/json;
  sendfile on;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $PWD/$OUT/www;
  }
}
NGINX

# wrk: requests/s and p99 (ms) from --latency output
measure() {
  wrk -t"$THREADS" -c"$CONNS" -d"${DUR}s" --latency "$1" > "$OUT/wrk.txt" 2>&1
  rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk.txt")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' "$OUT/wrk.txt")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$OUT/wrk.txt")
  echo "$rps ${p99:-?} ${non2xx:-0}"
}

LIST='/api/v1/instruments?region=320000&category=analytical&sort=value_desc&per_page=20'
SEARCH='/api/v1/instruments?q=%E7%94%B5%E9%95%9C&per_page=20'
PAGE='/instruments?q=%E5%85%89%E8%B0%B1'

start_shenrong
for name in list search page; do
  case $name in list) u=$LIST;; search) u=$SEARCH;; page) u=$PAGE;; esac
  curl -sf "http://127.0.0.1:$PORT$u" -o "$OUT/www/$name.json"
done
nginx -c "$PWD/$OUT/nginx.conf"
sleep 0.3

{
  echo "# Catalogue benchmark — $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); wrk -t$THREADS -c$CONNS -d${DUR}s on loopback;"
  echo "shenrong serve --threads $SRV_THREADS on the --scale 10 community ($(sqlite3 "$DB" 'SELECT count(*) FROM instrument') instruments);"
  echo "nginx (2 workers) serving a static file with the same bytes as each answer."
  echo
  echo "| request | bytes | shenrong req/s | p99 ms | nginx static req/s | p99 ms | ratio |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
} > "$OUT/results.md"

row() {  # row LABEL URL FILE
  bytes=$(stat -c %s "$OUT/www/$3")
  set -- "$1" "$2" "$3" "$bytes"
  s=$(measure "http://127.0.0.1:$PORT$2")
  n=$(measure "http://127.0.0.1:$NGINX_PORT/$3")
  sr=$(echo "$s" | cut -d' ' -f1); sp=$(echo "$s" | cut -d' ' -f2); se=$(echo "$s" | cut -d' ' -f3)
  nr=$(echo "$n" | cut -d' ' -f1); np=$(echo "$n" | cut -d' ' -f2)
  ratio=$(awk -v a="$sr" -v b="$nr" 'BEGIN { printf "%.2f", a / b }')
  echo "| $1 | $4 | $sr | $sp | $nr | $np | ${ratio}× |" >> "$OUT/results.md"
  [ "$se" = 0 ] || echo "  ($1: $se non-2xx answers)" >> "$OUT/results.md"
}

row "list (JSON), cached" "$LIST" list.json
row "search 电镜 (JSON), cached" "$SEARCH" search.json
row "search page 光谱 (HTML), cached" "$PAGE" page.json
stop_shenrong

start_shenrong --no-cache
row "list (JSON), no cache" "$LIST" list.json
row "search 电镜 (JSON), no cache" "$SEARCH" search.json
row "search page 光谱 (HTML), no cache" "$PAGE" page.json
stop_shenrong

echo >> "$OUT/results.md"
echo "Reproduce: \`make bench\` (DURATION=$DUR CONNS=$CONNS)." >> "$OUT/results.md"
cat "$OUT/results.md"
