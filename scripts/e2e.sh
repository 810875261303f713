#!/usr/bin/env bash
# Browser tests: the real SPA against the real server in headless Chromium.
# Installs Debian's chromium and the npm packages when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}

if [ ! -x /usr/bin/chromium ]; then
  echo "installing chromium"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
(cd frontend/e2e && npm ci --no-audit --no-fund --loglevel=error)

scripts/build-frontend.sh
cargo build -p estate-crm
bin=$target/debug/estate-crm

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export ESTATE_CRM_DATA_DIR=$work ESTATE_CRM_BIND=127.0.0.1:$port ESTATE_CRM_SPA_DIR=frontend/dist
unset DATABASE_URL
"$bin" demo load >/dev/null
"$bin" serve >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  sleep 0.2
done

status=0
(cd frontend/e2e && E2E_BASE_URL=http://127.0.0.1:$port node --test --test-concurrency=1 *.test.mjs) || status=$?
if [ $status -ne 0 ]; then
  echo "--- server log (tail)"; tail -n 40 "$work/server.log"
fi
exit $status
