#!/bin/sh
# The PostgreSQL layer of `make test`, run by scripts/pg-test.sh inside a
# throw-away server: the whole API suite (bookings' racing test and the
# multi-server test among it) against PostgreSQL databases, the same demo
# on both backends answering alike (same-answers.test.mjs), the search's
# relevance set on PostgreSQL, then the shell checks in this folder
# (schema, transfer, backup and restore).
set -u
cd "$(dirname "$0")/../.."
: "${SHENRONG_TEST_PG:?run me through scripts/pg-test.sh}"
export SHENRONG_PG_BASE="postgresql://${SHENRONG_TEST_PG_USER}@/?host=${SHENRONG_TEST_PG}"
status=0
node --test --test-concurrency=2 tests/api/ tests/pg/ || status=1
node tests/relevance/run.mjs || status=1
for t in tests/pg/*.sh; do
  [ "$t" = tests/pg/run.sh ] && continue
  echo "# $t"
  sh "$t" || { echo "# $t FAILED" >&2; status=1; }
done
exit $status
