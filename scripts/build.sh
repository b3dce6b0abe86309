#!/usr/bin/env bash
# Builds everything: native (CLI, tests), wasm (page module, node module, tests), and the
# static site in build/site/ (with the embed files, the service worker, the JS API and the
# single-file build/site/leibniz-offline.html). Assumes scripts/setup.sh has run.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs
cmake --preset native >/dev/null
cmake --build --preset native
cmake --preset wasm >/dev/null
cmake --build --preset wasm
node web/build-site.mjs
