#!/usr/bin/env bash
# The write floor of an import, on both databases: how many leads a second
# PostgreSQL and SQLite themselves store when handed the rows an imported lead
# writes (already graded, encrypted and de-duplicated, in staging tables on
# the database), and how that moves as foreign keys, indexes and rows are taken
# away. None of the import's code runs: this bounds what any import can reach
# on this machine with this schema. PostgreSQL: pg.sh (plain SQL); SQLite:
# `estate-bench floor` (the server's own pool and SQLite library). Results:
# scripts/bench/out/floor.txt, discussed in scripts/bench/RESULTS.md.
#
#   scripts/bench/floor/run.sh                  # 50,000 leads in the database, 10,000 copied
#   LEADS=1000000 scripts/bench/floor/run.sh    # on a 1,000,000-lead database (slower to fill)
#   NO_BUILD=1 …                                # estate-bench already built in release mode
set -euo pipefail
cd "$(dirname "$0")/../../.."
LEADS=${LEADS:-50000}
ROWS=${ROWS:-10000}
export LEADS ROWS
if [ -z "${NO_BUILD:-}" ]; then
  cargo build --release -p estate-bench
fi
bench=${CARGO_TARGET_DIR:-target}/release/estate-bench
out=scripts/bench/out/floor.txt
work=$(mktemp -d /tmp/estate-floor.XXXXXX)
trap 'rm -rf "$work"' EXIT
# The seeder's fixed secrets (the floor writes no personal data through them).
export ESTATE_CRM_TOKEN_SECRET=bench-token-secret-0123456789abcdef0123456789
export ESTATE_CRM_PII_KEY=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=
export ESTATE_CRM_PII_KEY_ID=k1
export ESTATE_CRM_BLIND_INDEX_KEY=YmVuY2gtYmxpbmQtaW5kZXgta2V5LTAxMjM0NTY3ODk=
export ESTATE_CRM_DATA_DIR=$work ESTATE_CRM_JOBS=false
{
  echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  scripts/bench/floor/pg.sh
  DATABASE_URL="sqlite://$work/floor.db" "$bench" floor --leads "$LEADS" --rows "$ROWS" --chunk "${SQLITE_CHUNK:-1000}" | grep -v '^result:'
  echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee -a "$out"
