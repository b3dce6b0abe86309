#!/usr/bin/env bash
# README command 1: install what is missing, build everything, serve http://localhost:8000
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
exec node scripts/serve.mjs build/site "${PORT:-8000}"
