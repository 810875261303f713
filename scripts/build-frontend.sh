#!/usr/bin/env bash
# Builds the staff SPA (frontend/) into frontend/dist, which the server serves
# at `/` (ESTATE_CRM_SPA_DIR, default frontend/dist):
#
#   frontend/dist/index.html
#   frontend/dist/style.css
#   frontend/dist/pkg/frontend.js           (wasm-bindgen --target web)
#   frontend/dist/pkg/frontend_bg.wasm
#
# Ensures the wasm32 target and the wasm-bindgen CLI at exactly the version of
# the `wasm-bindgen` crate in Cargo.lock (the two must match, or the generated
# glue does not fit the module). Respects CARGO_TARGET_DIR.
#
#   scripts/build-frontend.sh
#
# Environment:
#   CARGO_TARGET_DIR   cargo's target directory (default: the workspace's target/)
#   CARGO_PROFILE_RELEASE_OPT_LEVEL / _LTO / _CODEGEN_UNITS
#                      override the size-tuned defaults below (z / fat / 1)
#   WASM_OPT           if set to a wasm-opt binary (binaryen >= 116, e.g. the npm
#                      package binaryen), the module is also shrunk with -Oz
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

TARGET=wasm32-unknown-unknown
DIST=frontend/dist
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

# 1. The wasm32 target.
if ! rustup target list --installed | grep -qx "$TARGET"; then
    echo "==> rustup target add $TARGET"
    rustup target add "$TARGET"
fi

# 2. wasm-bindgen CLI at the version pinned in Cargo.lock.
WBG_VERSION="$(awk '
    $0 == "name = \"wasm-bindgen\"" { found = 1; next }
    found && /^version = / { gsub(/"/, "", $3); print $3; exit }
' Cargo.lock)"
if [[ -z "$WBG_VERSION" ]]; then
    echo "error: no wasm-bindgen package in Cargo.lock" >&2
    exit 1
fi
WBG="$(command -v wasm-bindgen || true)"
if [[ -z "$WBG" && -x "$HOME/.cargo/bin/wasm-bindgen" ]]; then
    WBG="$HOME/.cargo/bin/wasm-bindgen"
fi
HAVE_VERSION=""
if [[ -n "$WBG" ]]; then
    HAVE_VERSION="$("$WBG" --version | awk '{ print $2 }')"
fi
if [[ "$HAVE_VERSION" != "$WBG_VERSION" ]]; then
    echo "==> cargo install wasm-bindgen-cli --version $WBG_VERSION (found: ${HAVE_VERSION:-none})"
    # Not --locked: its lock file pins a yanked dependency.
    cargo install wasm-bindgen-cli --version "$WBG_VERSION" --force
    WBG="$HOME/.cargo/bin/wasm-bindgen"
fi

# 3. The wasm module, optimised for size: the workspace release profile is tuned
# for the server (speed, thin LTO); a browser download wants small. These
# overrides only touch the wasm32 artifacts (build scripts and proc macros use
# the build-override profile), so they do not invalidate the server's build.
# opt-level z + fat LTO + 1 codegen unit: ~0.9 MB instead of ~2.5 MB.
echo "==> cargo build -p frontend --target $TARGET --release"
CARGO_PROFILE_RELEASE_OPT_LEVEL="${CARGO_PROFILE_RELEASE_OPT_LEVEL:-z}" \
CARGO_PROFILE_RELEASE_LTO="${CARGO_PROFILE_RELEASE_LTO:-fat}" \
CARGO_PROFILE_RELEASE_CODEGEN_UNITS="${CARGO_PROFILE_RELEASE_CODEGEN_UNITS:-1}" \
    cargo build -p frontend --target "$TARGET" --release

WASM="$TARGET_DIR/$TARGET/release/frontend.wasm"
if [[ ! -f "$WASM" ]]; then
    echo "error: $WASM was not built" >&2
    exit 1
fi

# 4. JS glue + static files into a fresh dist/.
rm -rf "$DIST"
mkdir -p "$DIST/pkg"
echo "==> wasm-bindgen --target web"
"$WBG" --target web --no-typescript --remove-name-section --out-dir "$DIST/pkg" "$WASM"
if [[ -n "${WASM_OPT:-}" ]]; then
    echo "==> $WASM_OPT -Oz"
    "$WASM_OPT" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
        -o "$DIST/pkg/frontend_bg.wasm" "$DIST/pkg/frontend_bg.wasm"
fi
cp frontend/index.html frontend/style.css "$DIST/"

for f in index.html style.css pkg/frontend.js pkg/frontend_bg.wasm; do
    [[ -s "$DIST/$f" ]] || { echo "error: $DIST/$f missing" >&2; exit 1; }
done
echo "==> $DIST ready ($(du -h "$DIST/pkg/frontend_bg.wasm" | cut -f1) wasm)"
