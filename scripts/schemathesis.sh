#!/usr/bin/env bash
# Schemathesis conformance run: fuzzes every operation of the committed
# OpenAPI document (openapi/openapi.json) against a running server,
# authenticated as one demo user (ST_EMAIL, default the admin), and fails on
# any 5xx or any response whose status, content type or body the document
# does not describe. An operation the user's role may not call is fuzzed too,
# but only its refusal: CI runs it as the head of CRM (every customer-facing
# operation) and again as the admin for the admin's own (users, API keys,
# outbox), see .ci/run.
#
# Builds nothing: it runs an existing server binary.
#
#   scripts/schemathesis.sh            # builds and uses ${CARGO_TARGET_DIR:-target}/debug/estate-crm
#   ESTATE_CRM_BIN=path/to/estate-crm scripts/schemathesis.sh
#   scripts/schemathesis.sh --include-operation-id create_project   # extra `st run` options
#   ST_EMAIL=crm_head@demo.example scripts/schemathesis.sh          # as another demo user
#
# Environment:
#   ESTATE_CRM_BIN        server binary (default: cargo build -p estate-crm, then
#                         ${CARGO_TARGET_DIR:-target}/debug/estate-crm)
#   ST_MAX_EXAMPLES       test cases per operation and phase (default 100)
#   ST_SEED               random seed (default 20240601)
#   ST_EMAIL              the demo user to fuzz as (default admin@demo.example)
#   ST_WORKERS            concurrent schemathesis workers (default 1: on Python
#                         3.11 two workers can crash hypothesis in ast.parse,
#                         "AST constructor recursion depth mismatch", CPython
#                         keeps that depth per interpreter, not per thread)
#   ST_VENV               where schemathesis is installed
#                         (default ${XDG_CACHE_HOME:-$HOME/.cache}/estate-crm/venv)
#   ST_REPORT_DIR         where the JUnit and NDJSON reports go (default: the
#                         temporary work directory, removed after a clean run)
#
# Exits non-zero on any failure.
set -euo pipefail

SCHEMATHESIS_VERSION=4.32.5

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [[ -z "${ESTATE_CRM_BIN:-}" ]]; then
    cargo build -p estate-crm
fi
BIN="${ESTATE_CRM_BIN:-${CARGO_TARGET_DIR:-target}/debug/estate-crm}"
SPEC="openapi/openapi.json"
MAX_EXAMPLES="${ST_MAX_EXAMPLES:-100}"
SEED="${ST_SEED:-20240601}"
WORKERS="${ST_WORKERS:-1}"
VENV="${ST_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/estate-crm/venv}"
USER_EMAIL="${ST_EMAIL:-admin@demo.example}"
USER_PASSWORD="demo123456"

log() { printf '[schemathesis.sh] %s\n' "$*" >&2; }
die() {
    log "error: $*"
    exit 1
}

command -v python3 >/dev/null || die "python3 is required"
[[ -x "$BIN" ]] || die "no server binary at $BIN (build it with: cargo build -p estate-crm, or set ESTATE_CRM_BIN)"
[[ -f "$SPEC" ]] || die "no $SPEC (generate it with: $BIN openapi > $SPEC)"

# --- schemathesis -----------------------------------------------------------
ST=""
install_schemathesis() {
    if [[ -x "$VENV/bin/st" ]] && "$VENV/bin/st" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
        ST="$VENV/bin/st"
        return
    fi
    if python3 -m venv "$VENV" >/dev/null 2>&1 && [[ -x "$VENV/bin/pip" ]]; then
        log "installing schemathesis $SCHEMATHESIS_VERSION into $VENV"
        "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
        ST="$VENV/bin/st"
        return
    fi
    # No working venv module (e.g. Debian without python3-venv): a user install.
    rm -rf "$VENV"
    log "python3 -m venv is unavailable; installing schemathesis $SCHEMATHESIS_VERSION with pip --user"
    python3 -m pip install --quiet --disable-pip-version-check --user "schemathesis==$SCHEMATHESIS_VERSION" ||
        python3 -m pip install --quiet --disable-pip-version-check --user --break-system-packages "schemathesis==$SCHEMATHESIS_VERSION"
    ST="$(python3 -m site --user-base)/bin/st"
}
install_schemathesis
[[ -x "$ST" ]] || die "schemathesis was not installed ($ST missing)"
"$ST" --version | grep -q "$SCHEMATHESIS_VERSION" || die "expected schemathesis $SCHEMATHESIS_VERSION, got: $("$ST" --version)"

# --- the committed document is the server's own ------------------------------
if ! "$BIN" openapi 2>/dev/null | cmp -s - "$SPEC"; then
    die "$SPEC differs from the document of $BIN; regenerate it with: $BIN openapi > $SPEC"
fi

# --- server -------------------------------------------------------------------
WORK="$(mktemp -d "${TMPDIR:-/tmp}/estate-crm-schemathesis.XXXXXX")"
SERVER_PID=""
cleanup() {
    local rc=$?
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 50); do
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    if [[ $rc -ne 0 ]]; then
        [[ -n "$DIAGNOSED" ]] || diagnose
    else
        rm -rf "$WORK"
    fi
    exit "$rc"
}
# On failure: the end of the server log, and the kept work directory.
DIAGNOSED=""
diagnose() {
    DIAGNOSED=1
    if [[ -s "$WORK/server.log" ]]; then
        log "last server log lines ($WORK/server.log):"
        tail -n 40 "$WORK/server.log" >&2 || true
    fi
    log "kept for inspection: $WORK (server data, log and schemathesis reports)"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
BASE="http://127.0.0.1:$PORT"

export ESTATE_CRM_ENV=development
export ESTATE_CRM_DATA_DIR="$WORK/data"
export ESTATE_CRM_BIND="127.0.0.1:$PORT"
# Fuzzing sends many wrong passwords to /auth/login from one address: keep
# the lockout from answering 429 to everything (429 is documented anyway).
export ESTATE_CRM_LOGIN_MAX_FAILURES_IP=1000000
export ESTATE_CRM_LOGIN_MAX_FAILURES_ACCOUNT=1000000
export RUST_LOG="${RUST_LOG:-warn}"
unset DATABASE_URL
mkdir -p "$ESTATE_CRM_DATA_DIR"

log "loading the demo data into $ESTATE_CRM_DATA_DIR"
"$BIN" demo load >"$WORK/demo.log" 2>&1 || {
    cat "$WORK/demo.log" >&2
    die "estate-crm demo load failed"
}

log "starting $BIN on $BASE"
"$BIN" serve >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

python3 - "$BASE" "$SERVER_PID" <<'EOF' || die "the server did not become ready"
import os, sys, time, urllib.request
base, pid = sys.argv[1], int(sys.argv[2])
deadline = time.time() + 60
while time.time() < deadline:
    try:
        os.kill(pid, 0)
    except OSError:
        sys.exit("the server exited")
    try:
        with urllib.request.urlopen(base + "/health/ready", timeout=2) as r:
            if r.status == 200:
                sys.exit(0)
    except Exception:
        pass
    time.sleep(0.2)
sys.exit("timed out waiting for /health/ready")
EOF

TOKEN="$(python3 - "$BASE" "$USER_EMAIL" "$USER_PASSWORD" <<'EOF'
import json, sys, urllib.request
base, email, password = sys.argv[1:4]
req = urllib.request.Request(
    base + "/api/v1/auth/login",
    data=json.dumps({"email": email, "password": password}).encode(),
    headers={"Content-Type": "application/json"},
    method="POST",
)
with urllib.request.urlopen(req, timeout=10) as r:
    print(json.load(r)["access_token"])
EOF
)" || die "could not sign in as $USER_EMAIL"
[[ -n "$TOKEN" ]] || die "empty access token"

# GET /api/v1/me with the token: prints the user's id, fails on anything but 200.
whoami() {
    python3 - "$BASE" "$TOKEN" <<'EOF'
import json, sys, urllib.request
base, token = sys.argv[1:3]
req = urllib.request.Request(base + "/api/v1/me", headers={"Authorization": "Bearer " + token})
with urllib.request.urlopen(req, timeout=10) as r:
    print(json.load(r)["id"])
EOF
}
USER_ID="$(whoami)" || die "GET /api/v1/me failed with the token of $USER_EMAIL"
log "signed in as $USER_EMAIL ($USER_ID)"

# --- schemathesis run -----------------------------------------------------------
# Keeping the user's session alive for the whole run:
# - POST /api/v1/auth/logout is excluded (it ends the session of a refresh token);
# - disabling or demoting yourself is refused (409 cannot_change_self);
# - a new password ends all of a user's sessions, so a hook drops `password`
#   from PATCH /api/v1/users/{self} (a guessed `If-Match: "1"` could match);
# - after the run, GET /api/v1/me must still answer 200.
# Everything else, /auth/login included (its throttle is raised above), is fuzzed.
CHECKS=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance
REPORT_DIR="${ST_REPORT_DIR:-$WORK/report}"
mkdir -p "$REPORT_DIR"
JUNIT="$REPORT_DIR/junit.xml"

cat >"$WORK/hooks.py" <<'EOF'
import os

import schemathesis

SELF_ID = os.environ["ESTATE_CRM_ST_SELF_ID"]


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    # A new password would end the session this run is authenticated with.
    if (
        case.method.upper() == "PATCH"
        and case.path == "/api/v1/users/{id}"
        and (case.path_parameters or {}).get("id") == SELF_ID
        and isinstance(case.body, dict)
    ):
        case.body.pop("password", None)
EOF

# Longer stateful scenarios than the default 6 steps, so that create -> update
# -> delete chains (the document's links carry the ETag into If-Match) get far.
printf '[phases.stateful]\nmax-steps = 12\n' >"$WORK/schemathesis.toml"

log "running schemathesis $SCHEMATHESIS_VERSION: $MAX_EXAMPLES examples per operation, seed $SEED, $WORKERS worker(s)"
START=$(date +%s)
set +e
(
    cd "$WORK"
    export SCHEMATHESIS_HOOKS="$WORK/hooks.py"
    export ESTATE_CRM_ST_SELF_ID="$USER_ID"
    "$ST" --config-file "$WORK/schemathesis.toml" run "$ROOT/$SPEC" \
        --url "$BASE" \
        --header "Authorization: Bearer $TOKEN" \
        --checks "$CHECKS" \
        --exclude-operation-id logout \
        --max-examples "$MAX_EXAMPLES" \
        --seed "$SEED" \
        --workers "$WORKERS" \
        --request-timeout 30 \
        --generation-database none \
        --report junit,ndjson \
        --report-dir "$REPORT_DIR" \
        --report-junit-path "$JUNIT" \
        --no-color \
        "$@"
)
ST_RC=$?
set -e
ELAPSED=$(($(date +%s) - START))

PROBLEMS=0
if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    SERVER_RC=0
    wait "$SERVER_PID" || SERVER_RC=$?
    SERVER_PID=""
    log "FAIL: the server exited during the run (status $SERVER_RC)"
    PROBLEMS=$((PROBLEMS + 1))
elif ! whoami >/dev/null 2>&1; then
    log "FAIL: the session of $USER_EMAIL no longer works after the run: later requests were only answered 401"
    PROBLEMS=$((PROBLEMS + 1))
fi
if grep -qE 'panicked at|internal error' "$WORK/server.log"; then
    log "FAIL: the server logged internal errors:"
    grep -E 'panicked at|internal error' "$WORK/server.log" | head -n 20 >&2
    PROBLEMS=$((PROBLEMS + 1))
fi

# Operations (and the stateful phase) that passed or failed, from the JUnit report.
read -r PASSED FAILED < <(python3 - "$JUNIT" <<'EOF' || echo "0 0"
import sys, xml.etree.ElementTree as ET
try:
    root = ET.parse(sys.argv[1]).getroot()
except Exception:
    print("0 0")
    sys.exit()
suites = [root] if root.tag == "testsuite" else list(root)
tests = sum(int(s.get("tests", 0)) for s in suites)
bad = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
skipped = sum(int(s.get("skipped", 0)) for s in suites)
print(tests - bad - skipped, bad)
EOF
)
if [[ $ST_RC -ne 0 && $FAILED -eq 0 ]]; then
    FAILED=1 # schemathesis failed without a report (e.g. the schema did not load)
fi
FAILED=$((FAILED + PROBLEMS))
[[ $PROBLEMS -eq 0 ]] || ST_RC=1

[[ $ST_RC -eq 0 ]] || diagnose
echo
if [[ $ST_RC -eq 0 ]]; then
    echo "schemathesis conformance run PASSED in ${ELAPSED}s: $SPEC, $MAX_EXAMPLES examples per operation, seed $SEED, checks $CHECKS"
else
    echo "schemathesis conformance run FAILED (exit $ST_RC) in ${ELAPSED}s: $SPEC, $MAX_EXAMPLES examples per operation, seed $SEED; see above"
fi
echo "schemathesis: $PASSED passed, $FAILED failed"
exit "$ST_RC"
