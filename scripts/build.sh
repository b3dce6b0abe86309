#!/usr/bin/env bash
# Builds everything: native (CLI, tests), wasm (page module, node module, tests), and the
# static site in build/site/. Assumes scripts/setup.sh has run.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs
cmake --preset native >/dev/null
cmake --build --preset native
cmake --preset wasm >/dev/null
cmake --build --preset wasm
node web/build-site.mjs
