#!/bin/sh
# `make test` after the build: every test layer in turn, then one summary.
#   unit      cmocka tests of src/ under ASan+UBSan+LSan
#   cli       the command line's exit codes and messages (tests/cli.sh)
#   fuzz      each libFuzzer target for FUZZ_SECONDS (default 10)
#   api       node:test against sanitizer-built servers (tests/api/)
#   relevance the search's relevance set: recall@10 and MRR (tests/relevance/)
#   e2e       playwright-core driving Debian's chromium (tests/e2e/)
#   pg        the API suite and tests/pg/ against a throw-away PostgreSQL
#             server (scripts/pg-test.sh starts it and stops it)
# Set ONLY="unit api" to run some layers.
set -u
cd "$(dirname "$0")/.."
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export SHENRONG_FAST_HASH=1 SHENRONG_LOG=warn
layers=${ONLY:-unit cli fuzz api relevance e2e pg}
passed=0 failed=0 failed_names=""

run_layer() {
  name=$1; shift
  echo "=== $name"
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1)); failed_names="$failed_names $name"
    echo "=== $name FAILED" >&2
  fi
}

node_deps() {
  if [ ! -d tests/node_modules/playwright-core ] || [ tests/package-lock.json -nt tests/node_modules/.package-lock.json ]; then
    (cd tests && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

for layer in $layers; do
  case $layer in
    unit) run_layer unit scripts/run-unit.sh build/asan/tests/test_* ;;
    cli) run_layer cli sh tests/cli.sh build/asan/shenrong ;;
    fuzz) run_layer fuzz scripts/run-fuzz.sh build/fuzz/bin/fuzz_* ;;
    api) node_deps && run_layer api node --test --test-concurrency=2 tests/api/ ;;
    relevance) node_deps && run_layer relevance node tests/relevance/run.mjs ;;
    e2e) node_deps && run_layer e2e node --test --test-concurrency=1 tests/e2e/ ;;
    pg) node_deps && run_layer pg scripts/pg-test.sh sh tests/pg/run.sh ;;
    *) echo "unknown layer $layer" >&2; exit 2 ;;
  esac
done
echo
echo "layers: $passed passed, $failed failed${failed_names:+ ($failed_names )}"
[ "$failed" -eq 0 ]
