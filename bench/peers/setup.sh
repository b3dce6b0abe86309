#!/usr/bin/env bash
# Installs what the peer benchmark needs and is missing: Debian GiNaC, Maxima, SymPy, a C++
# compiler and pkg-config; the npm peers (mathjs, nerdamer, Algebrite) into bench/peers/node_modules
# from bench/peers/package.json + package-lock.json (never the root package.json). Idempotent.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
need=()
for p in libginac-dev maxima python3-sympy; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
command -v g++ >/dev/null || need+=(g++)
command -v pkg-config >/dev/null || need+=(pkg-config)
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)   # node may come with its own npm
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: apt-get install ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || true
  apt-get install -y -qq "${need[@]}"
fi
cd "$here"
if [ -f package-lock.json ]; then
  [ -d node_modules/mathjs ] && [ -d node_modules/nerdamer ] && [ -d node_modules/algebrite ] && [ -d node_modules/esbuild ] \
    || npm ci --no-audit --no-fund
else
  npm install --no-audit --no-fund
fi
