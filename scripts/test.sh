#!/usr/bin/env bash
# README command 2: install what is missing, build everything, run every test:
# native doctest (ctest), the same under ASan + UBSan, the doctest binary under node, node tests of the wasm module
# (fixtures, KaTeX rendering, the ES module API against the CLI), the SymPy oracle, a short libFuzzer run, and
# browser tests (the page; embedding and offline use; the matrix calculus page).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
export NODE_PATH=/usr/share/nodejs
echo "== native doctest"
ctest --preset native
echo "== native doctest with AddressSanitizer and UndefinedBehaviorSanitizer"
cmake --preset native-debug >/dev/null
cmake --build --preset native-debug
ctest --preset native-debug
echo "== doctest under node (wasm)"
ctest --preset wasm
echo "== SymPy oracle over the fixture file"
/usr/bin/python3 tests/sympy_oracle.py build/native/leibniz
echo "== node tests of the wasm module"
node --test tests/node/
echo "== fuzzing: each libFuzzer target for 10 s after its saved regressions"
bash tests/fuzz/run.sh 10
echo "== browser tests"
node tests/browser/run.mjs
echo "== browser tests of embedding and offline use (element, iframe, service worker, single file)"
node tests/browser/embed.mjs
echo "== browser tests of the matrix calculus page (layouts, variables panel, several variables)"
node tests/browser/matrix.mjs
echo "== hostile input through every door (input, share URL, matrix URL, iframe URL, element attributes)"
node tests/browser/xss.mjs
