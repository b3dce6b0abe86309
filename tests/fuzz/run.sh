#!/usr/bin/env bash
# Run every libFuzzer target for SECONDS (default 20), one at a time.
#   bash tests/fuzz/run.sh [SECONDS]
# Per target: first the saved reproducers in tests/fuzz/regressions/ (each must pass), then
# fuzzing from the seed corpus (inputs of tests/fixtures/cases.json) with leibniz.dict.
# Working corpora, logs and crash artifacts go to build/fuzz/. Prints the executions per
# target and ends with "fuzz: N passed, M failed" (targets); exits non-zero on any failure.
# FUZZ_TARGETS="fuzz_parse fuzz_roundtrip" restricts the targets; extra libFuzzer flags go
# in FUZZ_FLAGS.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/tests/fuzz"
OUT="${FUZZ_OUT:-$ROOT/build/fuzz}"
SECS="${1:-20}"
TARGETS=(${FUZZ_TARGETS:-fuzz_parse fuzz_pipeline fuzz_roundtrip fuzz_matrix})

bash "$HERE/build.sh" "${TARGETS[@]}" || { echo "fuzz: 0 passed, ${#TARGETS[@]} failed (build)"; exit 1; }

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

# Seed corpora: the fixture inputs; for fuzz_pipeline with an options byte in front.
SEEDS="$OUT/seeds"
rm -rf "$SEEDS"
mkdir -p "$SEEDS/plain" "$SEEDS/pipeline" "$SEEDS/matrix"
python3 - "$ROOT/tests/fixtures/cases.json" "$SEEDS" <<'PY'
import json, sys, hashlib
cases = json.load(open(sys.argv[1]))["cases"]
out = sys.argv[2]
inputs = sorted({c["input"] for c in cases if isinstance(c.get("input"), str)})
for i, s in enumerate(inputs):
    b = s.encode()
    h = hashlib.sha1(b).hexdigest()[:12]
    open(f"{out}/plain/{h}", "wb").write(b)
    # options byte: order 1..3, gradient, evaluation point (see fuzz_pipeline.cpp)
    open(f"{out}/pipeline/{h}", "wb").write(bytes([i % 16]) + b)
# fuzz_matrix: options byte (shape set, layout, variable; see fuzz_matrix.cpp) + expression
matrix = ["x W + b", "x*W", "norm(x W - t)^2", "sum(sigmoid(x W).^2)", "x A x'", "tr(X A X^T)",
          "log(det(X))", "inv(X)", "X^2 .* X", "-sum(t .* log(softmax(x W)))", "A x", "x' B x",
          "tr(inv(X) W)", "kron(X, W)", "X Y W", "relu(x W + b) .* b", "exp(X) ./ (1 + X.^2)"]
for i, s in enumerate(matrix):
    for opt in range(0, 256, 37):
        open(f"{out}/matrix/{i:02d}-{opt:03d}", "wb").write(bytes([opt]) + s.encode())
PY

FLAGS=(-max_len=512 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -dict="$HERE/leibniz.dict")
passed=0
failed=0
total=0
summary=()
for t in "${TARGETS[@]}"; do
    bin="$OUT/$t"
    log="$OUT/logs/$t.log"
    mkdir -p "$OUT/logs" "$OUT/corpus/$t" "$OUT/artifacts/$t"
    : >"$log"
    ok=1
    # 1. Regression inputs: this target's own reproducers; the plain-text targets also run
    #    the other plain-text targets' reproducers (fuzz_pipeline's start with an options byte).
    shopt -s nullglob
    if [ "$t" = fuzz_pipeline ] || [ "$t" = fuzz_matrix ]; then
        regs=("$HERE"/regressions/"$t"-*)
    else
        regs=()
        for f in "$HERE"/regressions/*; do
            case "$(basename "$f")" in fuzz_pipeline-* | fuzz_matrix-*) ;; *) regs+=("$f") ;; esac
        done
    fi
    shopt -u nullglob
    nreg_fail=0
    for f in "${regs[@]}"; do
        if ! "$bin" -timeout=10 -rss_limit_mb=2048 "$f" >>"$log" 2>&1; then
            echo "$t: REGRESSION FAILS: $f (log: $log)"
            nreg_fail=$((nreg_fail + 1))
            ok=0
        fi
    done
    # 2. Fuzzing.
    "$bin" "${FLAGS[@]}" -max_total_time="$SECS" -artifact_prefix="$OUT/artifacts/$t/" \
        ${FUZZ_FLAGS:-} "$OUT/corpus/$t" "$SEEDS/$(case "$t" in fuzz_pipeline) echo pipeline ;; fuzz_matrix) echo matrix ;; *) echo plain ;; esac)" \
        >>"$log" 2>&1
    rc=$?
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
    execs=${execs:-0}
    total=$((total + execs))
    if [ $rc -ne 0 ]; then
        ok=0
        echo "$t: FUZZING FAILED (exit $rc); log: $log"
        grep -E '^==[0-9]+==ERROR|^SUMMARY|INVARIANT FAILURE|runtime error|Test unit written' "$log" | head -8 | sed 's/^/  /'
    fi
    printf '%s: %d regression input(s), %d failed; %s executions in %ss; corpus %s files\n' \
        "$t" "${#regs[@]}" "$nreg_fail" "$execs" "$SECS" "$(ls "$OUT/corpus/$t" | wc -l)"
    if [ $ok = 1 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
echo "total executions: $total"
echo "fuzz: $passed passed, $failed failed"
[ $failed = 0 ]
