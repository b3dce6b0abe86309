#!/usr/bin/env bash
# Installs what building and testing need, from Debian packages and npm only. Idempotent:
# packages already present are not touched, and npm reuses node_modules.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake make g++ libboost-dev doctest-dev emscripten nodejs npm chromium chromium-driver
          python3 python3-sympy clang-14 libclang-rt-14-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
# node and npm may come from elsewhere (a newer Node.js); accept them if they run.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=()
  for p in "${missing[@]}"; do [[ "$p" == nodejs || "$p" == npm ]] || filtered+=("$p"); done
  missing=("${filtered[@]}")
fi
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
if [[ ! -d node_modules/katex || ! -d node_modules/playwright-core || package.json -nt node_modules/.package-lock.json ]]; then
  npm install --no-audit --no-fund
fi
