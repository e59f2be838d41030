#!/bin/sh
# The platform-wide search against SQLite FTS5's trigram tokenizer and
# Xapian (CJK n-gram mode) on the same corpora and the same 1,000 queries:
# build time, index size, p50 and p99 latency, recall@10 of two-character
# Chinese words.  Three corpora: the search index of the --scale 10 demo
# community (every kind of record, built once into bench/out/search10.db),
# 2,000,000 documents generated from data/demo/, and the first 500,000 of
# those (with queries of their own).
#
#   bench/search/run.sh                    (every corpus)
#   CORPORA=scale10 bench/search/run.sh    (one)
#   XAPIAN_CORPORA="scale10 500k 2m" bench/search/run.sh   (Xapian on 2m too)
#
# Xapian runs only on the corpora of XAPIAN_CORPORA (default scale10 and
# 500k): at 2,000,000 documents its indexing alone needs about 25 minutes
# of one core, and more than an hour of wall time on a shared two-core
# machine, so by default the 2m corpus compares ours with trigram, and the
# 500k one all three.
#
# Writes bench/out/search/<corpus>/table.md and bench/out/search.md (every
# corpus measured so far), and prints the latter.  Needs scripts/deps.sh
# bench (libxapian-dev, g++).
set -eu
cd "$(dirname "$0")/../.."
OUT=bench/out/search
CORPORA=${CORPORA:-"scale10 500k 2m"}
XAPIAN_CORPORA=${XAPIAN_CORPORA:-"scale10 500k"}
DB=bench/out/search10.db
mkdir -p "$OUT" build

scripts/deps.sh bench
make --no-print-directory shenrong
cc -std=c11 -D_GNU_SOURCE -O2 -Isrc -I/usr/include/friso -o build/search_bench \
  bench/search/search_bench.c build/rel/domain/*.o build/rel/store/*.o build/rel/text/*.o \
  build/rel/core/*.o $(pkg-config --libs libmicrohttpd jansson sqlite3 libsodium libpq) \
  -lfriso -lstemmer -lopencc -lxlsxwriter -lzip -lexpat -lm -pthread
g++ -std=c++17 -O2 -o build/xapian_bench bench/search/xapian_bench.cc -lxapian

for c in $CORPORA; do
  dir=$OUT/$c
  mkdir -p "$dir"
  case $c in
    scale10)
      [ -f "$DB" ] || ./shenrong demo --db "$DB" --scale 10 --seed 1 --quiet
      build/search_bench prepare "$dir" --db "$DB" ;;
    2m|500k)
      n=2000000
      [ "$c" = 500k ] && n=500000
      start=$(date +%s)
      build/search_bench prepare "$dir" --generate $n data/demo
      echo "$c: corpus generated in $(( $(date +%s) - start )) s" ;;
    *) echo "unknown corpus $c" >&2; exit 2 ;;
  esac
  build/search_bench ours "$dir"
  build/search_bench trigram "$dir"
  rm -f "$dir/xapian.txt" "$dir/xapian.results"
  case " $XAPIAN_CORPORA " in *" $c "*) build/xapian_bench "$dir" ;; esac
  [ "$c" = scale10 ] && build/search_bench product "$dir" "$DB"
  build/search_bench eval "$dir"
  rm -rf "$dir/ours.db" "$dir/trigram.db" "$dir/xapian.db"
done

{
  echo "# Search: ours, SQLite FTS5 trigram, Xapian"
  echo
  echo "Made by bench/search/run.sh on $(date -u +%Y-%m-%d), $(nproc) cores."
  for c in scale10 500k 2m; do
    [ -f "$OUT/$c/table.md" ] || continue
    echo
    echo "## $c"
    echo
    cat "$OUT/$c/table.md"
  done
} > bench/out/search.md
cat bench/out/search.md
