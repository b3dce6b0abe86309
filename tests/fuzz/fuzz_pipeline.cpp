// libFuzzer target: the whole facade, leibniz::api::run, as every front end calls it.
//
// The first byte picks the options: bits 0-1 the order (1..3), bit 2 a gradient over the
// variables found in the input, bit 3 an evaluation point, bits 4-5 = 3 the default limit
// of 10000 digits per exact number (else 1000, which keeps big-number inputs fast under the
// sanitizers). The rest is the input text.
// Invariants:
//  - run returns within max_time_ms (2 s) plus 3 s of slack for the sanitizers;
//  - run never throws; ok XOR error; an error has a non-empty message and a kind among
//    input/usage/limit ("internal" is a bug); input errors point inside the input;
//  - on ok: input echo, result (or every gradient entry) has non-empty text and LaTeX;
//    each result text parses back (api::run on it, differentiating by the same variable,
//    succeeds or stops at a limit); one value list per point with one value per result;
//  - the printed result evaluates (api::evaluate) to the value run computed at the point;
//  - a gradient entry equals the scalar derivative by that variable (same text, or the same
//    expanded text when either run named repeated subexpressions);
//  - named forms: with `where`, the printed definitions and result evaluate (definitions in
//    order) to the value run computed; and for every result, naming its subexpressions
//    (core/share.hpp, forced, at several sizes) expands back to the same canonical node and
//    its printed text evaluates to the same value;
//  - no expression nodes are retained after run returns.
#include "common.hpp"
#include "rounding.hpp"

#include "core/eval.hpp"
#include "core/expr.hpp"
#include "core/parser.hpp"
#include "core/print.hpp"
#include "core/share.hpp"
#include "wasm/api.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <optional>
#include <exception>
#include <string>

using namespace leibniz;
using leibniz_fuzz::fail;

namespace {

const char *kTarget = "fuzz_pipeline";

Limits small_limits() {
    Limits lim;
    lim.max_time_ms = 2000;
    lim.max_nodes = 200000;
    lim.max_result_chars = 200000;
    lim.max_depth = 300;
    return lim;
}

bool close_enough(double a, double b) {
    double scale = std::max({1.0, std::fabs(a), std::fabs(b)});
    return std::fabs(a - b) <= 1e-6 * scale;
}

std::string describe(const api::Response &r) {
    if (!r.ok)
        return "error{kind=" + r.error.kind + ", message=" + r.error.message + ", position=" +
               std::to_string(r.error.position) + ", length=" + std::to_string(r.error.length) + "}";
    std::string s = "ok{result=" + r.result.text;
    for (const auto &g : r.gradient) s += ", d/d" + g.var + "=" + g.formula.text;
    s += "}";
    return s.size() > 300 ? s.substr(0, 300) + "..." : s;
}

api::Response run_checked(const api::Request &req, const std::string &what) {
    api::Response r;
    auto t0 = std::chrono::steady_clock::now();
    try {
        r = api::run(req);
    } catch (const std::exception &e) {
        fail(kTarget, what + ": api::run threw: " + e.what(), req.input);
    } catch (...) {
        fail(kTarget, what + ": api::run threw a non-std exception", req.input);
    }
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    if (req.limits.max_time_ms && !leibniz_fuzz::known("slow") && static_cast<std::size_t>(ms) > req.limits.max_time_ms + 3000)
        fail(kTarget, what + ": api::run took " + std::to_string(ms) + " ms with max_time_ms " +
                          std::to_string(req.limits.max_time_ms) + ": " + describe(r), req.input);
    const bool has_error = !r.error.kind.empty() || !r.error.message.empty();
    if (r.ok == has_error) fail(kTarget, what + ": not exactly one of ok and error: " + describe(r), req.input);
    if (!r.ok) {
        const std::string &k = r.error.kind;
        if (k != "input" && k != "usage" && k != "limit")
            fail(kTarget, what + ": error kind '" + k + "': " + describe(r), req.input);
        if (r.error.message.empty()) fail(kTarget, what + ": empty error message", req.input);
        std::size_t cps = leibniz_fuzz::code_points(req.input);
        if (r.error.position > cps || r.error.length > cps || r.error.position + r.error.length > cps)
            fail(kTarget, what + ": error span outside the input (" + std::to_string(cps) +
                              " code points): " + describe(r), req.input);
    }
    return r;
}

// The printed result must be input the calculator accepts again.
void check_reparses(const std::string &text, const std::string &var, const std::string &input,
                    const Limits &lim) {
    if (text.empty()) fail(kTarget, "empty result text", input);
    api::Request again;
    again.input = text;
    again.wrt = {var};
    again.limits = lim;
    again.limits.max_time_ms = 1000;
    api::Response r = run_checked(again, "re-run of the result text");
    if (!r.ok && r.error.kind != "limit")
        fail(kTarget, "result text \"" + leibniz_fuzz::escaped(text) + "\" does not run again (d/d" + var +
                          "): " + describe(r), input);
}

// Adds the value of every named subexpression at `p` (definitions in order, each may use the
// ones before); false where one is undefined or does not evaluate.
bool with_definitions(const std::vector<api::Definition> &where, Point &p, const Limits &lim) {
    for (const api::Definition &d : where) {
        api::Response e = api::evaluate(d.formula.text, {p}, lim);
        if (!e.ok || e.values.empty() || e.values[0].empty() || !e.values[0][0]) return false;
        p[d.name] = *e.values[0][0];
    }
    return true;
}

void named_forms_agree(const Expr &e, const std::vector<std::string> &vars, const Point &p, const std::string &text,
                       const std::string &input);

// Naming is display only. Forced on the printed result at several sizes: expand_shared gives
// back the same canonical node, and the printed named form evaluates to the same value.
void check_named_forms(const std::string &text, const std::string &input) {
    Expr e;
    try {
        e = parse_expr(text);
    } catch (...) {
        return; // a limit: covered by check_reparses
    }
    if (tree_size(e, 5001) > 5000) return; // bound the time per input
    std::vector<std::string> vars = free_symbols(e);
    Point p;
    double v = 0.4;
    for (const std::string &name : vars) p[name] = (v += 0.27);
    try {
        named_forms_agree(e, vars, p, text, input);
    } catch (const LimitError &) {
        // the deadline or a size limit: not a disagreement
    }
}

void named_forms_agree(const Expr &e, const std::vector<std::string> &vars, const Point &p, const std::string &text,
                       const std::string &input) {
    for (std::size_t min : {2u, 4u, 6u}) {
        ShareOptions opt;
        opt.min_nodes = min;
        SharedForm f = share_subexpressions({e}, vars, opt);
        if (canonicalize(expand_shared(f)[0]) != e)
            fail(kTarget, "the named form of \"" + leibniz_fuzz::escaped(text) + "\" does not expand back", input);
        Point q = p;
        bool defined = true;
        for (const SharedDefinition &d : f.definitions) {
            double dv = evaluate(parse_expr(to_text(d.value)), q);
            defined = defined && std::isfinite(dv);
            q[d.name] = dv;
        }
        double want = evaluate(e, p);
        if (!defined || !std::isfinite(want)) continue;
        double got = evaluate(parse_expr(to_text(f.roots[0])), q);
        if (!close_enough(got, want)) {
            Point p2 = p;
            for (auto &kv : p2) kv.second *= 1 + 1e-10;
            if (!close_enough(evaluate(e, p2), want)) continue; // ill-conditioned
            // Cancellation: both forms round differently; allow what rounding can carry.
            if (std::fabs(got - want) <= 16 * leibniz_fuzz::rounding_error(e, p)) continue;
            fail(kTarget, "the printed named form of \"" + leibniz_fuzz::escaped(text) + "\" evaluates to " +
                              leibniz_fuzz::num_text(got) + ", the expression to " + leibniz_fuzz::num_text(want),
                 input);
        }
    }
}

void check_ok(const api::Request &req, const api::Response &r) {
    const std::string &input = req.input;
    if (r.input.text.empty() || r.input.latex.empty()) fail(kTarget, "empty input echo", input);
    std::size_t n_results = 0;
    if (r.is_gradient) {
        if (r.gradient.size() != req.gradient.size())
            fail(kTarget, "gradient has " + std::to_string(r.gradient.size()) + " entries for " +
                              std::to_string(req.gradient.size()) + " variables", input);
        std::size_t k = 0;
        for (const auto &g : r.gradient) {
            if (g.formula.latex.empty()) fail(kTarget, "empty LaTeX in a gradient entry", input);
            if (k++ < 4) check_reparses(g.formula.text, g.var, input, req.limits); // bound the time per input
        }
        n_results = r.gradient.size();
    } else {
        if (r.result.latex.empty()) fail(kTarget, "empty result LaTeX", input);
        if (r.wrt.empty()) fail(kTarget, "ok without a differentiation variable", input);
        check_reparses(r.result.text, r.wrt.back(), input, req.limits);
        if (r.where.empty()) check_named_forms(r.result.text, input);
        n_results = 1;
    }
    if (r.values.size() != req.at.size()) fail(kTarget, "one value list per point expected", input);
    for (const auto &v : r.values)
        if (v.size() != n_results) fail(kTarget, "one value per result expected", input);
    // The printed text means what was evaluated: api::evaluate(text) at the same point gives
    // the same value (when both are finite and the value is well-conditioned there).
    for (std::size_t i = 0; i < req.at.size() && i < 1; ++i) {
        for (std::size_t j = 0; j < n_results && j < 4; ++j) {
            const std::optional<double> &v = r.values[i][j];
            const std::string &text = r.is_gradient ? r.gradient[j].formula.text : r.result.text;
            Point at = req.at[i];
            if (!with_definitions(r.where, at, req.limits)) continue;
            api::Response e = api::evaluate(text, {at}, req.limits);
            if (!v || !e.ok || !e.values[0][0]) continue;
            double a = *v, b = *e.values[0][0];
            if (close_enough(a, b)) continue;
            Point q = req.at[i];
            for (auto &kv : q) kv.second *= 1 + 1e-10;
            if (!with_definitions(r.where, q, req.limits)) continue;
            api::Response e2 = api::evaluate(text, {q}, req.limits);
            if (!e2.ok || !e2.values[0][0] || !close_enough(b, *e2.values[0][0])) continue; // ill-conditioned
            fail(kTarget, "value " + leibniz_fuzz::num_text(a) + " of the result differs from " + leibniz_fuzz::num_text(b) +
                              " of its printed text \"" + leibniz_fuzz::escaped(text) + "\"", input);
        }
    }
}

// A gradient entry is the same derivative the scalar run gives for that variable.
void check_gradient_matches_scalar(const api::Request &g, const api::Response &r) {
    for (std::size_t i = 0; i < r.gradient.size() && i < 3; ++i) {
        api::Request s;
        s.input = g.input;
        s.limits = g.limits;
        s.wrt = {r.gradient[i].var};
        api::Response one = run_checked(s, "scalar run for a gradient entry");
        if (!one.ok) continue; // a limit hit in one run and not the other
        std::string entry = r.gradient[i].formula.text;
        if (!r.where.empty() || !one.where.empty()) { // names are per answer: compare expanded
            api::Request ge = g, se = s;
            ge.expanded = se.expanded = true;
            api::Response re = run_checked(ge, "expanded gradient run"), oe = run_checked(se, "expanded scalar run");
            if (!re.ok || !oe.ok) continue;
            if (!re.where.empty() || !oe.where.empty()) fail(kTarget, "names in an expanded answer", g.input);
            entry = re.gradient[i].formula.text;
            one = oe;
        }
        if (one.result.text != entry)
            fail(kTarget, "gradient entry d/d" + r.gradient[i].var + " = \"" +
                              leibniz_fuzz::escaped(entry) + "\" but the scalar run gives \"" +
                              leibniz_fuzz::escaped(one.result.text) + "\"", g.input);
    }
}

void one_input(const std::uint8_t *data, std::size_t size) {
    if (size == 0) return;
    const std::uint8_t opts = data[0];
    api::Request req;
    req.input.assign(reinterpret_cast<const char *>(data + 1), size - 1);
    req.limits = small_limits();
    if (((opts >> 4) & 3) != 3 || leibniz_fuzz::known("slow")) req.limits.max_number_digits = 1000;
    req.order = 1 + (opts & 3) % 3;
    const bool gradient = opts & 4;
    const bool at_point = opts & 8;

    // Find the variables (and the plain derivative).
    api::Response first = run_checked(req, "first run");
    std::vector<std::string> vars = first.variables; // also filled on "several variables" errors
    if (first.ok) check_ok(req, first);

    if (gradient && !vars.empty() && vars.size() <= req.limits.max_gradient_vars) {
        api::Request g = req;
        g.order = 1;
        g.gradient = vars;
        if (at_point) {
            Point p;
            double v = 0.7;
            for (const auto &name : vars) p[name] = (v += 0.31);
            g.at.push_back(p);
        }
        api::Response r = run_checked(g, "gradient run");
        if (r.ok) {
            check_ok(g, r);
            check_gradient_matches_scalar(g, r);
        }
    } else if (at_point && first.ok) {
        api::Request e = req;
        Point p;
        double v = 0.7;
        for (const auto &name : vars) p[name] = (v += 0.31);
        if (!first.wrt.empty()) p[first.wrt.back()] = 1.3; // the variable may not occur in the input
        e.at.push_back(p);
        api::Response r = run_checked(e, "run with a point");
        if (r.ok) check_ok(e, r);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    std::size_t before = live_nodes();
    one_input(data, size);
    std::size_t after = live_nodes();
    if (after > before) {
        one_input(data, size);
        if (live_nodes() > after)
            fail(kTarget, "expression nodes retained after api::run: " + std::to_string(after) + " -> " +
                              std::to_string(live_nodes()),
                 std::string(reinterpret_cast<const char *>(data), size));
    }
    return 0;
}
