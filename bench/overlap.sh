#!/bin/sh
# The duplicate detector (src/text/overlap.h) at scale, against exact
# brute force: one 3,000-character proposal against 1,000,000 history
# items (p50, p99), a round of 5,000 items (wall time), brute-force
# Jaccard for the recall and the speed-up.  See bench/overlap_bench.c.
#
#   bench/overlap.sh                      (about 15 minutes, 6 GB of memory)
#   N=100000 Q=200 R=500 B=20 bench/overlap.sh     (a quicker look)
#
# Writes bench/out/overlap.txt and prints it.  The machine's load is
# printed too: the figures are CPU and wall times of this machine, and
# other processes slow the wall times down.
set -eu
cd "$(dirname "$0")/.."
mkdir -p build bench/out
N=${N:-1000000}
Q=${Q:-300}
R=${R:-5000}
B=${B:-30}
T=${THREADS:-2}
cc -std=c11 -D_GNU_SOURCE -O2 -g -Isrc -I/usr/include/friso -pthread -Wall -Wextra \
   -o build/overlap_bench bench/overlap_bench.c src/text/shingle.c src/text/minhash.c \
   src/text/lsh.c src/text/overlap.c src/text/tfidf.c src/text/tokenize.c \
   src/text/normalize.c src/core/utf8.c -lfriso -lstemmer -lopencc -lm
{
  echo "# overlap bench, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# build/overlap_bench -n $N -q $Q -r $R -b $B -t $T"
  build/overlap_bench -n "$N" -q "$Q" -r "$R" -b "$B" -t "$T"
  echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
} 2>&1 | grep -v '^  [0-9]* items,' | tee bench/out/overlap.txt
