#!/usr/bin/env bash
# The whole test suite: unit and integration tests on SQLite, and again on
# PostgreSQL when TEST_POSTGRES_URL is set (e.g. postgres://postgres@127.0.0.1:5432/postgres).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== tests on SQLite"
ESTATE_CRM_TEST_DB=sqlite cargo test --workspace --all-targets

if [ -n "${TEST_POSTGRES_URL:-}" ]; then
  echo "== tests on PostgreSQL (${TEST_POSTGRES_URL%%@*}@…)"
  if ! psql "$TEST_POSTGRES_URL" -Atqc 'SELECT 1' >/dev/null; then
    echo "error: PostgreSQL is unreachable at TEST_POSTGRES_URL" >&2
    exit 1
  fi
  # Databases left behind by an interrupted earlier run: only those over two
  # hours old with nobody connected, so a concurrent run on the same server
  # keeps its databases.
  psql "$TEST_POSTGRES_URL" -Atqc "
    SELECT d.datname FROM pg_database d
    WHERE d.datname LIKE 'estate_test_%'
      AND (pg_stat_file('base/' || d.oid || '/PG_VERSION')).modification < now() - interval '2 hours'
      AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)" |
    while read -r db; do psql "$TEST_POSTGRES_URL" -qc "DROP DATABASE IF EXISTS \"$db\"" >/dev/null || true; done
  # The same package selection as the SQLite run, so cargo reuses its build
  # (a narrower -p selection unifies features differently and rebuilds deps).
  ESTATE_CRM_TEST_DB=postgres cargo test --workspace --all-targets
else
  echo "== PostgreSQL suite skipped: TEST_POSTGRES_URL is not set"
fi
