#!/usr/bin/env bash
# Builds and starts EstateCRM on the embedded SQLite default with the demo
# company: installs the wasm target and the pinned wasm-bindgen CLI if
# missing, builds the SPA and the server in release mode, migrates, loads the
# demo data (once) and serves http://127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/build-frontend.sh
cargo build --release -p estate-crm
bin=${CARGO_TARGET_DIR:-target}/release/estate-crm

export ESTATE_CRM_DATA_DIR=${ESTATE_CRM_DATA_DIR:-./data}
export ESTATE_CRM_SPA_DIR=${ESTATE_CRM_SPA_DIR:-frontend/dist}
"$bin" migrate
"$bin" demo load
bind=${ESTATE_CRM_BIND:-127.0.0.1:8080}
echo
echo "EstateCRM is starting on http://$bind  (API docs: http://$bind/docs/)"
echo "Sign in as admin@demo.example / demo123456 (every role: <role>@demo.example, listed above)."
echo
exec "$bin" serve
