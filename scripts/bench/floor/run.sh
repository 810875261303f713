#!/usr/bin/env bash
# The write floor of an import, on both databases: how many leads a second
# PostgreSQL and SQLite themselves store when handed the rows an imported lead
# writes (already graded, encrypted and de-duplicated, in staging tables on
# the server), and how that moves as foreign keys, indexes and rows are taken
# away. No estate-crm code runs: this bounds what any import can reach on this
# machine with this schema. Results: scripts/bench/out/floor.txt, discussed in
# scripts/bench/RESULTS.md.
#
#   scripts/bench/floor/run.sh                    # 50,000 leads in the database, 10,000 copied
#   LEADS=1000000 scripts/bench/floor/run.sh      # on a 1,000,000-lead database (slower to fill)
set -euo pipefail
cd "$(dirname "$0")"
out=../out/floor.txt
work=$(mktemp -d /tmp/estate-floor.XXXXXX)
trap 'rm -rf "$work"' EXIT
{
  echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  ./pg.sh
  python3 sqlite.py "$work"
  echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee -a "$out"
