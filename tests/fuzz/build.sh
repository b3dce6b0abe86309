#!/usr/bin/env bash
# Build the libFuzzer targets (Debian clang 14) into build/fuzz/.
#   bash tests/fuzz/build.sh            # all targets
#   bash tests/fuzz/build.sh fuzz_parse # some targets
# Core objects are rebuilt only when a source or header of core/ or wasm/ is newer.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="${FUZZ_OUT:-$ROOT/build/fuzz}"
CXX="${CXX:-clang++-14}"
JOBS="${JOBS:-2}"
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
CXXFLAGS="-std=c++17 -O1 -g -fno-omit-frame-pointer $SAN -I$ROOT"
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(fuzz_parse fuzz_pipeline fuzz_roundtrip fuzz_matrix)

command -v "$CXX" >/dev/null || { echo "build.sh: $CXX not found (apt-get install clang-14)" >&2; exit 2; }
mkdir -p "$OUT/obj"

SOURCES=("$ROOT"/core/*.cpp "$ROOT"/core/matrix/*.cpp "$ROOT/wasm/api.cpp" "$ROOT/wasm/matrix_api.cpp")
# Newest header the objects depend on: a header change rebuilds everything.
newest_header=$(ls -t "$ROOT"/core/*.hpp "$ROOT"/core/matrix/*.hpp "$ROOT"/wasm/*.hpp "$ROOT"/tests/matrix_check.hpp | head -1)

build_obj() { # src obj
    # number.cpp is mostly instantiated Boost.Multiprecision: tracing its comparisons made
    # half of all fuzzing time (perf) and guides nothing of ours, so it keeps edge coverage
    # and the sanitizers but drops trace-cmp.
    local cov=-fsanitize=fuzzer-no-link
    case "$1" in */core/number.cpp) cov="-fsanitize-coverage=inline-8bit-counters,pc-table" ;; esac
    "$CXX" $CXXFLAGS $cov -c "$1" -o "$2"
}
export -f build_obj
export CXX CXXFLAGS

todo=()
objs=()
for src in "${SOURCES[@]}"; do
    name=$(basename "$(dirname "$src")")_$(basename "$src" .cpp)
    obj="$OUT/obj/$name.o"
    objs+=("$obj")
    if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || [ "$newest_header" -nt "$obj" ]; then
        todo+=("$src" "$obj")
    fi
done
if [ ${#todo[@]} -gt 0 ]; then
    echo "build.sh: compiling $(( ${#todo[@]} / 2 )) core source(s) with $CXX"
    printf '%s\0' "${todo[@]}" | xargs -0 -n 2 -P "$JOBS" bash -c 'build_obj "$0" "$1"'
fi

for t in "${TARGETS[@]}"; do
    src="$ROOT/tests/fuzz/$t.cpp"
    [ -f "$src" ] || { echo "build.sh: no target $src" >&2; exit 2; }
    echo "build.sh: linking $OUT/$t"
    "$CXX" $CXXFLAGS -fsanitize=fuzzer "$src" "${objs[@]}" -o "$OUT/$t"
done
