// libFuzzer target: matrix calculus, leibniz::api::run_matrix and the closed forms behind it.
//
// The first byte picks the options: bits 0-1 the shape set (below), bits 2-3 the layout
// (seed, numerator, denominator), bits 4-6 the variable to differentiate by (an index into
// the set's names; 7 = the default), bit 7 the element-wise form (slow: entry by entry
// through the scalar engine). The rest is the expression.
// Invariants:
//  - run_matrix returns within max_time_ms (2 s) plus 3 s of slack for the sanitizers and
//    never reports an internal error; ok XOR error; input errors point inside the input;
//  - on ok: the result, the symbol and the differential have text and LaTeX, the shape is set;
//  - the closed form agrees numerically with central differences of the expression at a
//    random point, whenever two step sizes agree with each other (so kinks, overflow and
//    ill-conditioned points are skipped, never reported).
#include "common.hpp"

#include "core/matrix/matrix.hpp"
#include "tests/matrix_check.hpp"
#include "wasm/matrix_api.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>

using namespace leibniz;
using leibniz_fuzz::fail;

namespace {

const char *kTarget = "fuzz_matrix";

const std::vector<std::vector<std::pair<std::string, std::string>>> kShapeSets = {
    {{"x", "1x3"}, {"W", "3x2"}, {"b", "1x2"}, {"t", "1x2"}, {"A", "3x3"}, {"X", "3x3"}},
    {{"x", "1xn"}, {"W", "nxm"}, {"A", "nxn"}, {"X", "nxn"}, {"b", "1xm"}, {"t", "1xm"}},
    {{"x", "3x1"}, {"y", "2x1"}, {"A", "2x3"}, {"X", "2x2"}, {"B", "2x2"}},
    {{"X", "2x3"}, {"Y", "3x2"}, {"W", "2x2"}, {"v", "1x2"}},
};
const char *kLayouts[] = {"seed", "numerator", "denominator", "seed"};

bool finite(const mx::Mat &m) {
    for (double v : m.v)
        if (!std::isfinite(v) || std::fabs(v) > 1e6) return false;
    return true;
}

bool close(double a, double b, double tol) { return std::fabs(a - b) <= tol * (1 + std::fabs(a) + std::fabs(b)); }

void check_numbers(const api::MatrixRequest &req, const api::MatrixResponse &r, const std::string &input) {
    mx::Shapes shapes;
    for (const auto &p : req.shapes) shapes[p.first] = mx::parse_shape(p.second);
    mx::MatrixInput in = mx::parse_matrix(req.input, shapes);
    mx::Layout layout;
    mx::parse_layout(r.layout, layout);
    const std::string &wrt = r.wrt;
    mx::Shape ws = shapes.count(wrt) ? shapes.at(wrt) : mx::Shape{};
    mx::M d = mx::derivative(in.expr, wrt, ws, layout);
    mx::NumericEnv env;
    env.dims = {{"n", 3}, {"m", 2}};
    std::mt19937 rng(static_cast<unsigned>(std::hash<std::string>()(input)));
    std::uniform_real_distribution<double> u(0.2, 1.2);
    std::vector<std::string> names = mx::variables(in.expr);
    const std::vector<std::string> typed = names;
    for (const auto &v : mx::variables(d)) names.push_back(v);
    for (const auto &name : names) {
        if (env.values.count(name)) continue;
        // A symbolic dimension the closed form uses as a number (the m of W(m p softmax(xW) - p 1)
        // for -sum(p .* log(softmax(x W))) with W n x m) has its concrete value, not a random one.
        if (env.dims.count(name) && std::find(typed.begin(), typed.end(), name) == typed.end()) {
            env.values[name] = mx::Mat{1, 1, {static_cast<double>(env.dims.at(name))}};
            continue;
        }
        mx::Shape s = shapes.count(name) ? shapes.at(name) : mx::Shape{};
        std::size_t rows = mx::dim_value(s.rows, env), cols = mx::dim_value(s.cols, env);
        mx::Mat m{rows, cols, std::vector<double>(rows * cols)};
        for (auto &v : m.v) v = u(rng);
        // Square matrices: diagonally dominant, so inverses and log det are defined.
        if (rows == cols)
            for (std::size_t i = 0; i < rows; ++i) m.at(i, i) += static_cast<double>(rows);
        env.values[name] = m;
    }
    // Central differences lose everything to cancellation when f itself is huge.
    if (!finite(mx::evaluate(in.expr, env))) return;
    mx::Mat closed = mx::evaluate(d, env);
    mx::Mat a = mx::numeric_derivative(in.expr, wrt, ws, env, layout, 1e-4);
    mx::Mat b = mx::numeric_derivative(in.expr, wrt, ws, env, layout, 1e-6);
    if (!finite(closed) || !finite(a) || !finite(b)) return;
    if (closed.rows != a.rows || closed.cols != a.cols)
        fail(kTarget, "shape " + std::to_string(closed.rows) + "x" + std::to_string(closed.cols) +
                          " differs from the central differences' " + std::to_string(a.rows) + "x" +
                          std::to_string(a.cols) + " for " + r.result.text,
             input);
    for (std::size_t i = 0; i < a.v.size(); ++i) {
        if (!close(a.v[i], b.v[i], 1e-5)) return; // the difference quotient itself is unreliable here
        if (!close(closed.v[i], a.v[i], 1e-3))
            fail(kTarget, "closed form " + r.result.text + " (" + r.layout + ") entry " + std::to_string(i) + " is " +
                              leibniz_fuzz::num_text(closed.v[i]) + ", central differences give " +
                              leibniz_fuzz::num_text(a.v[i]),
                 input);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    if (size < 1) return 0;
    std::uint8_t opt = data[0];
    std::string text(reinterpret_cast<const char *>(data + 1), size - 1);
    std::string input(reinterpret_cast<const char *>(data), size);
    api::MatrixRequest req;
    req.input = text;
    req.shapes = kShapeSets[opt & 3];
    req.layout = kLayouts[(opt >> 2) & 3];
    std::size_t w = (opt >> 4) & 7;
    if (w < req.shapes.size()) req.wrt = req.shapes[w].first;
    req.elementwise = (opt & 0x80) != 0;
    req.limits.max_time_ms = 2000;
    req.limits.max_nodes = 200000;
    req.limits.max_result_chars = 200000;
    auto t0 = std::chrono::steady_clock::now();
    api::MatrixResponse r = api::run_matrix(req);
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (secs > 5) fail(kTarget, "run_matrix took " + std::to_string(secs) + " s", input);
    if (!r.ok) {
        if (r.error.message.empty()) fail(kTarget, "an error without a message", input);
        if (r.error.kind == "internal") fail(kTarget, "internal error: " + r.error.message, input);
        if (r.error.kind != "input" && r.error.kind != "usage" && r.error.kind != "limit")
            fail(kTarget, "unknown error kind " + r.error.kind, input);
        if (r.error.kind == "input" && r.error.position + r.error.length > leibniz_fuzz::code_points(text) + 1)
            fail(kTarget, "error position outside the input", input);
        return 0;
    }
    if (r.result.text.empty() || r.result.latex.empty() || r.symbol.latex.empty() || r.differential.latex.empty() ||
        r.rows.empty() || r.cols.empty())
        fail(kTarget, "an answer with an empty part", input);
    try {
        check_numbers(req, r, input);
    } catch (const std::exception &) {
        // The numeric oracle has its own limits (no value for a symbolic dimension, ...).
    }
    mx::reset_atoms();
    return 0;
}
