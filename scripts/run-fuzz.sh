#!/bin/sh
# Runs each libFuzzer target for FUZZ_SECONDS (default 10) from its seed
# corpus in tests/fuzz/corpus/<name>/; new inputs go to build/fuzz/corpus/.
# Fails if any target finds a crash, leak or timeout.
set -u
secs=${FUZZ_SECONDS:-10}
fail=0
for bin in "$@"; do
  name=$(basename "$bin")
  seeds=tests/fuzz/corpus/$name
  work=build/fuzz/corpus/$name
  mkdir -p "$work" "$seeds"
  echo "fuzz: $name for ${secs}s"
  if ! "$bin" -max_total_time="$secs" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
       -print_final_stats=0 -artifact_prefix=build/fuzz/ "$work" "$seeds" \
       >build/fuzz/$name.log 2>&1; then
    echo "fuzz: $name FAILED; see build/fuzz/$name.log" >&2
    tail -40 build/fuzz/$name.log >&2
    fail=1
  fi
done
exit $fail
