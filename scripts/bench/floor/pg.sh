#!/usr/bin/env bash
# The write floor of an import on PostgreSQL (see floor.sql and run.sh).
# A fresh database estate_floor_<pid> with the project's migrations, LEADS
# leads in it, then ROWS more leads copied in by chunks of CHUNK, per variant:
#   A  the schema as it is
#   A2 A in two sessions at once, CHUNK rows each (both cores writing)
#   B  A without foreign-key checks
#   C  B without the secondary indexes of leads
#   D  C without any secondary index but the phone's unique one
#   E  D writing only the customer, the lead and its clock (what the seeder writes)
set -euo pipefail
cd "$(dirname "$0")/../../.."
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}
LEADS=${LEADS:-50000}
ROWS=${ROWS:-10000}
CHUNK=${CHUNK:-5000}
db=estate_floor_$$
psql "$PG_URL/postgres" -qc "CREATE DATABASE $db" >/dev/null
trap 'psql "$PG_URL/postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null' EXIT
P=(psql "$PG_URL/$db" -q -v ON_ERROR_STOP=1)
for m in migrations/postgres/*/up.sql; do "${P[@]}" -f "$m" >/dev/null; done
"${P[@]}" -f scripts/bench/floor/floor.sql >/dev/null
ALL="{customers,consents,leads,gradings,lead_events,audit_events,sla_clocks}"
next=1
for ((lo = 1; lo <= LEADS; lo += 50000)); do
  hi=$((lo + 50000 - 1)); ((hi > LEADS)) && hi=$LEADS
  "${P[@]}" -c "SELECT stage($lo, $hi)" -c "SELECT load('$ALL')" >/dev/null
  next=$((hi + 1))
done
"${P[@]}" -c "CHECKPOINT" -c "VACUUM ANALYZE" >/dev/null

# Copies ROWS leads by chunks, three times; prints rows per second of load() time.
measure() {
  local label=$1 tables=$2
  for run in 1 2 3; do
    local script=""
    for ((lo = next; lo < next + ROWS; lo += CHUNK)); do
      script+="\\timing off"$'\n'"SELECT stage($lo, $((lo + CHUNK - 1)));"$'\n'
      script+="\\timing on"$'\n'"SELECT load('$tables');"$'\n'
    done
    next=$((next + ROWS))
    ms=$("${P[@]}" -At <<<"$script" | awk '/^Time:/ { s += $2 } END { print s }')
    echo "$label, run $run: $(awk -v r="$ROWS" -v ms="$ms" 'BEGIN { printf "%d", r / (ms / 1000) }') leads/s"
  done
}
# Two sessions at once, each copying one chunk it staged ahead (in schemas
# st1 and st2); prints rows per second of wall time from start to both done.
measure_two() {
  local label=$1 tables=$2
  for run in 1 2 3; do
    for s in st1 st2; do
      "${P[@]}" -c "SET search_path = $s, public" -c "SELECT stage($next, $((next + CHUNK - 1)))" >/dev/null
      next=$((next + CHUNK))
    done
    local start end
    start=$(date +%s%N)
    for s in st1 st2; do
      "${P[@]}" -c "SET search_path = $s, public" -c "SELECT load('$tables')" >/dev/null &
    done
    wait
    end=$(date +%s%N)
    echo "$label, run $run: $(( 2 * CHUNK * 1000000000 / (end - start) )) leads/s"
  done
}

echo "# postgres floor: $LEADS leads in the database, $ROWS copied by chunks of $CHUNK"
measure "A schema as it is" "$ALL"
measure_two "A2 A in two sessions at once" "$ALL"
for t in customers consents leads gradings lead_events audit_events sla_clocks; do
  "${P[@]}" -c "ALTER TABLE $t DISABLE TRIGGER ALL"
done
measure "B no foreign-key checks" "$ALL"
drop_indexes() {
  "${P[@]}" -At -c "SELECT format('DROP INDEX %I;', indexname) FROM pg_indexes WHERE schemaname = 'public'
      AND tablename IN ($1) AND indexname NOT LIKE '%pkey' AND indexname <> 'customers_phone_uq'" |
    "${P[@]}" >/dev/null
}
drop_indexes "'leads'"
measure "C B, leads without secondary indexes" "$ALL"
drop_indexes "'customers','consents','gradings','lead_events','audit_events','sla_clocks'"
measure "D C, no secondary index but the phone's" "$ALL"
measure "E D, customer + lead + clock only" "{customers,leads,sla_clocks}"
