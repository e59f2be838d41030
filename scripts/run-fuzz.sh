#!/bin/sh
# Runs each libFuzzer target for FUZZ_SECONDS (default 10) from its seed
# corpus in tests/fuzz/corpus/<name>/; new inputs go to build/fuzz/corpus/.
# FUZZ_JOBS targets at a time (default: one per core).  Fails if any
# target finds a crash, leak or timeout.
set -u
secs=${FUZZ_SECONDS:-10}
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}
mkdir -p build/fuzz

one() {
  name=$(basename "$1")
  seeds=tests/fuzz/corpus/$name
  work=build/fuzz/corpus/$name
  mkdir -p "$work" "$seeds"
  rm -f "build/fuzz/$name.failed"
  if ! "$1" -max_total_time="$secs" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
       -print_final_stats=0 -artifact_prefix=build/fuzz/ "$work" "$seeds" \
       >"build/fuzz/$name.log" 2>&1; then
    : >"build/fuzz/$name.failed"
  fi
}

running=0
for bin in "$@"; do
  echo "fuzz: $(basename "$bin") for ${secs}s"
  one "$bin" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait
    running=0
  fi
done
wait

fail=0
for bin in "$@"; do
  name=$(basename "$bin")
  if [ -e "build/fuzz/$name.failed" ]; then
    echo "fuzz: $name FAILED; see build/fuzz/$name.log" >&2
    tail -40 "build/fuzz/$name.log" >&2
    fail=1
  fi
done
exit $fail
