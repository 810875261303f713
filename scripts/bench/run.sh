#!/usr/bin/env bash
# The benchmarks of issue 3 point 13 (results: scripts/bench/RESULTS.md).
# Builds in release mode, then for SQLite and PostgreSQL: seeds a fresh
# database, serves it with `estate-crm serve` and the bare endpoint side by
# side, measures the HTTP figures, then the import and the SLA sweep.
#
#   scripts/bench/run.sh                       # 1,000,000 leads, both databases
#   LEADS=20000 IMPORT_ROWS=2000 SECS=3 scripts/bench/run.sh   # a quick check
#   DBS=sqlite scripts/bench/run.sh            # one database only
#
# PostgreSQL: PG_URL (default postgres://postgres@127.0.0.1:5432) for creating
# and dropping a fresh database estate_bench_<pid>. The programs connect through
# the server's Unix socket PG_SOCKET (default /var/run/postgresql), as a server
# on the same host as its database should; PG_SOCKET= connects over TCP to
# PG_URL instead (with TLS when the server offers it, as libpq prefers). Figures go to
# scripts/bench/out/<db>.txt (appended to when the seed step is skipped).
#
# To seed ahead and measure later (seeding takes minutes and is not a figure):
#   KEEP=/var/tmp/estate-bench STEPS=seed scripts/bench/run.sh
#   KEEP=/var/tmp/estate-bench STEPS="http import sla" scripts/bench/run.sh
# KEEP keeps the SQLite file there and the PostgreSQL database estate_bench.
# NO_BUILD=1 uses the binaries already in $CARGO_TARGET_DIR/release.
set -euo pipefail
cd "$(dirname "$0")/../.."

LEADS=${LEADS:-1000000}
IMPORT_ROWS=${IMPORT_ROWS:-100000}
SECS=${SECS:-10}
CONNS=${CONNS:-16}
RATE=${RATE:-1000}
DEEP_PAGES=${DEEP_PAGES:-200}
DBS=${DBS:-"sqlite postgres"}
STEPS=${STEPS:-"seed http import sla"}
KEEP=${KEEP:-}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}
PG_SOCKET=${PG_SOCKET-/var/run/postgresql}
APP_ADDR=127.0.0.1:${APP_PORT:-8190}
BARE_ADDR=127.0.0.1:${BARE_PORT:-8191}
OUT=scripts/bench/out
TARGET=${CARGO_TARGET_DIR:-target}

if [ -z "${NO_BUILD:-}" ]; then
  echo "== building (release)"
  cargo build --release -p estate-crm -p estate-bench
fi
BIN=$TARGET/release
mkdir -p "$OUT"
WORK=$(mktemp -d /tmp/estate-bench.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# Fixed secrets: the seeder, the server and the bare endpoint must agree.
export ESTATE_CRM_TOKEN_SECRET=bench-token-secret-0123456789abcdef0123456789
export ESTATE_CRM_PII_KEY=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=
export ESTATE_CRM_PII_KEY_ID=k1
export ESTATE_CRM_BLIND_INDEX_KEY=YmVuY2gtYmxpbmQtaW5kZXgta2V5LTAxMjM0NTY3ODk=
export ESTATE_CRM_DATA_DIR=$WORK
export ESTATE_CRM_JOBS=false
export ESTATE_CRM_SPA_DIR=$WORK/no-spa
export ESTATE_CRM_LOGIN_MAX_FAILURES_IP=1000
export RUST_LOG=${RUST_LOG:-warn}

wait_for() {
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/${1%:*}/${1#*:}") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "error: nothing listens on $1" >&2
  exit 1
}

for db in $DBS; do
  echo "== $db"
  out=$OUT/$db.txt
  [[ " $STEPS " == *" seed "* ]] && : >"$out"
  {
    echo "# $db, $(date -u +%Y-%m-%dT%H:%MZ), leads=$LEADS import_rows=$IMPORT_ROWS secs=$SECS conns=$CONNS rate=$RATE"
    echo "# machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  } >>"$out"
  case $db in
    sqlite)
      if [ -n "$KEEP" ]; then mkdir -p "$KEEP"; export DATABASE_URL="sqlite://$KEEP/bench.db"
      else export DATABASE_URL="sqlite://$WORK/bench.db"; fi
      ;;
    postgres)
      if [ -n "$KEEP" ]; then
        name=estate_bench
        psql "$PG_URL/postgres" -Atqc "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1 ||
          psql "$PG_URL/postgres" -qc "CREATE DATABASE $name" >/dev/null
      else
        name=estate_bench_$$
        psql "$PG_URL/postgres" -qc "CREATE DATABASE $name" >/dev/null
        trap 'cleanup; psql "$PG_URL/postgres" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null' EXIT
      fi
      if [ -n "$PG_SOCKET" ]; then
        export DATABASE_URL="postgres:///$name?host=$PG_SOCKET&user=${PG_USER:-postgres}"
        echo "# postgres connection: Unix socket $PG_SOCKET" >>"$out"
      else
        export DATABASE_URL="$PG_URL/$name"
        echo "# postgres connection: TCP ${PG_URL#*@} (TLS when offered)" >>"$out"
      fi
      ;;
    *) echo "unknown database $db" >&2; exit 1 ;;
  esac
  has() { [[ " $STEPS " == *" $1 "* ]]; }
  if has seed; then "$BIN/estate-bench" seed --leads "$LEADS" | tee -a "$out"; fi
  if has http; then
    ESTATE_CRM_BIND=$APP_ADDR "$BIN/estate-crm" serve >"$WORK/serve.log" 2>&1 &
    pids+=($!); app_pid=$!
    "$BIN/estate-bench" bare --bind "$BARE_ADDR" >"$WORK/bare.log" 2>&1 &
    pids+=($!); bare_pid=$!
    wait_for "$APP_ADDR"; wait_for "$BARE_ADDR"
    "$BIN/estate-bench" http --app "$APP_ADDR" --bare "$BARE_ADDR" --secs "$SECS" \
        --conns "$CONNS" --rate "$RATE" --deep-pages "$DEEP_PAGES" | tee -a "$out"
    kill "$app_pid" "$bare_pid"; wait "$app_pid" "$bare_pid" 2>/dev/null || true
  fi
  if has import; then "$BIN/estate-bench" import --rows "$IMPORT_ROWS" | tee -a "$out"; fi
  if has sla; then "$BIN/estate-bench" sla | tee -a "$out"; fi
  echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out"
done
echo "== figures in $OUT/"
