#!/bin/sh
# Runs each cmocka unit-test binary; fails if any fails.
set -u
fail=0
for t in "$@"; do
  "$t" || { echo "unit: FAILED $t" >&2; fail=1; }
done
exit $fail
