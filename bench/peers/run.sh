#!/usr/bin/env bash
# Side-by-side benchmark of Leibniz against mathjs, nerdamer, Algebrite, GiNaC, SymPy and Maxima.
#   bash bench/peers/run.sh [--quick] [--only ginac,leibniz-native,...] [--timeout SECONDS]
# Installs what is missing (bench/peers/setup.sh), builds the GiNaC driver into
# build/peers-ginac/, runs bench/peers/run.mjs; writes build/bench-peers.json.
# Needs build/native/leibniz and build/wasm/wasm/ (bash scripts/build.sh).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bash "$here/setup.sh"
out="$root/build/peers-ginac"
mkdir -p "$out"
if [ ! -x "$out/ginac_driver" ] || [ "$here/ginac_driver.cpp" -nt "$out/ginac_driver" ]; then
  echo "building $out/ginac_driver"
  g++ -O2 -std=c++17 -o "$out/ginac_driver" "$here/ginac_driver.cpp" $(pkg-config --cflags --libs ginac)
fi
cd "$root"
exec node "$here/run.mjs" "$@"
