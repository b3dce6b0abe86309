#include "api.hpp"
#include "json_out.hpp"

#include "../core/diff.hpp"
#include "../core/domain.hpp"
#include "../core/functions.hpp"
#include "../core/parser.hpp"
#include "../core/print.hpp"
#include "../core/share.hpp"
#include "../core/simplify.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <new>

namespace leibniz::api {

namespace {

struct UsageError {
    std::string message;
    std::vector<std::string> variables; // offered to the user when the variable is ambiguous
};

std::size_t code_points(const std::string &s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

std::string note_text(const NonDifferentiable &n, std::size_t max_chars) {
    if (n.argument.is_symbol()) return "not differentiable at " + n.argument->name + " = 0";
    return "not differentiable where " + to_text(n.argument, max_chars) + " = 0";
}

std::vector<std::string> resolve_sequence(const Request &req, const ParsedInput &in,
                                          const std::vector<std::string> &vars) {
    std::vector<std::string> wrt;
    for (const std::string &v : req.wrt) {
        std::string n = normalize_variable(v);
        if (n.empty()) throw UsageError{"'" + v + "' is not a variable name"};
        wrt.push_back(n);
    }
    if (wrt.empty() && !in.wrt_hint.empty()) wrt.push_back(in.wrt_hint);
    if (wrt.empty()) {
        if (std::find(vars.begin(), vars.end(), "x") != vars.end())
            wrt.push_back("x");
        else if (!in.lhs_vars.empty())
            wrt.push_back(in.lhs_vars[0]);
        else if (vars.size() == 1)
            wrt.push_back(vars[0]);
        else if (vars.empty())
            wrt.push_back("x");
        else
        {
            std::string list;
            for (const auto &v : vars) list += (list.empty() ? "" : ", ") + v;
            throw UsageError{"the input has several variables (" + list +
                                 "); choose the one to differentiate by",
                             vars};
        }
    }
    if (req.order < 1) throw UsageError{"the order must be 1 or more"};
    if (static_cast<std::size_t>(req.order) > req.limits.max_order)
        throw LimitError("max_order", "the order " + std::to_string(req.order) +
                                          " exceeds the limit of " + std::to_string(req.limits.max_order));
    for (int k = 1; k < req.order; ++k) wrt.push_back(wrt.back());
    if (wrt.size() > req.limits.max_order)
        throw LimitError("max_order", "the total order " + std::to_string(wrt.size()) +
                                          " exceeds the limit of " + std::to_string(req.limits.max_order));
    return wrt;
}

// A value for the JSON: nullopt where undefined, never "-0".
std::optional<double> value_at(const Expr &e, const Point &p) {
    double v;
    try {
        v = leibniz::evaluate(e, p);
    } catch (const std::invalid_argument &err) {
        throw UsageError{std::string(err.what()) + " in the evaluation point", {}};
    }
    if (v == 0) v = 0;
    return std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
}

// |x|^3 and x|x| are differentiable at 0 although |x| is not: when the kink u = 0 is a point
// we can locate (u linear in one variable) and every result has equal finite limits on
// both sides of it, the "not differentiable" note would be false, so it is dropped.
bool smooth_at_kink(const Expr &u, const std::vector<Expr> &results, const std::vector<std::string> &vars) {
    std::vector<std::string> in_u = free_symbols(u);
    if (in_u.size() != 1) return false;
    const std::string &v = in_u[0];
    Point p;
    for (const std::string &w : vars) p[w] = 0.7;
    auto u_at = [&](double t) {
        p[v] = t;
        return leibniz::evaluate(u, p);
    };
    double b = u_at(0), a = u_at(1) - b;
    if (!std::isfinite(a) || !std::isfinite(b) || a == 0 || std::fabs(u_at(2) - (2 * a + b)) > 1e-9 * (1 + std::fabs(b)))
        return false; // not linear: keep the note
    double root = -b / a, h = 1e-6 * std::max(1.0, std::fabs(root));
    for (const Expr &d : results) {
        p[v] = root - h;
        double left = leibniz::evaluate(d, p);
        p[v] = root + h;
        double right = leibniz::evaluate(d, p);
        if (!std::isfinite(left) || !std::isfinite(right) ||
            std::fabs(left - right) > 1e-4 * std::max(1.0, std::fabs(left)))
            return false;
    }
    return true;
}

// Prints the results into `res.result` or the gradient's entries, naming repeated
// subexpressions when that makes the answer much shorter (unless the request asks for the
// expanded form). Every printed string counts against the result limit on its own.
void print_results(const Request &req, const std::vector<Expr> &results, Response &res) {
    const std::size_t cap = req.limits.max_result_chars;
    auto formula = [&](const Expr &e) { return Formula{to_text(e, cap), to_latex(e, cap)}; };
    std::vector<Expr> shown = results;
    res.where.clear();
    // Naming pays only past 2000 tree nodes (compact_pays): below, skip the analysis.
    std::size_t nodes = 0;
    for (const Expr &r : results) nodes += tree_size(r, 2000);
    if (!req.expanded && nodes >= 2000) {
        ShareOptions opt;
        opt.only_if_shrinks_by = 3; // as compact_pays asks
        SharedForm form = share_subexpressions(results, res.variables, opt);
        if (compact_pays(form)) {
            shown = form.roots;
            for (const SharedDefinition &d : form.definitions) res.where.push_back({d.name, formula(d.value)});
        }
    }
    if (res.is_gradient) {
        for (std::size_t i = 0; i < shown.size(); ++i) res.gradient[i].formula = formula(shown[i]);
    } else {
        res.result = formula(shown[0]);
    }
}

// One pass of the pipeline; fills everything but timing.
void compute(const Request &req, Response &res) {
    const Limits &lim = req.limits;
    // The parser bounds nesting by counting groups (with a position for the error); the
    // node depth limit is a backstop with room for the chain rule's extra levels.
    set_expr_limits(lim.max_depth * 2 + 16, lim.max_nodes);
    set_expr_deadline(lim.max_time_ms);
    set_print_limit(lim.max_result_chars);
    Number::set_max_digits(lim.max_number_digits);
    ParsedInput in = parse(req.input, lim);
    res.lhs = in.lhs;
    res.variables = free_symbols(in.expr);
    res.input = {to_text(in.expr, lim.max_result_chars), to_latex(in.expr, lim.max_result_chars)};
    DiffContext ctx;
    res.steps.clear();
    // The chain rule's new variable must not clash with the input's.
    std::string u = "u";
    for (const char *c : {"u", "v", "w", "t", "s"})
        if (std::find(res.variables.begin(), res.variables.end(), c) == res.variables.end()) {
            u = c;
            break;
        }
    bool partial = res.variables.size() > 1;
    const bool want_steps = req.steps || req.steps_root >= 0;
    // Step ids run on across the groups (each group: its steps, then its simplify step), so
    // one number names a step of the whole answer and a rerun finds it again.
    std::size_t next_id = 0;
    // Each order differentiates the simplified result of the one before, so the steps of
    // order k start from the expression shown as the answer of order k - 1.
    auto diff_sequence = [&](const std::vector<std::string> &seq) {
        Expr d = in.expr;
        for (std::size_t i = 0; i < seq.size(); ++i) {
            std::vector<Step> steps;
            ctx.steps = want_steps ? &steps : nullptr;
            ctx.substitution = sym(u);
            Expr var = sym(seq[i]);
            d = simplify(differentiate(d, var, ctx));
            if (want_steps) {
                ExplainOptions opt;
                opt.lang = req.lang;
                opt.partial = partial;
                opt.lhs = i == 0 ? in.lhs : "";
                opt.substitution = u;
                opt.id_base = next_id;
                next_id += steps.size() + 1;
                std::size_t root = static_cast<std::size_t>(req.steps_root);
                if (req.steps_root >= 0) {
                    if (root < opt.id_base || root >= opt.id_base + steps.size()) continue;
                    opt.root = root;
                }
                res.steps.push_back({seq[i], static_cast<int>(i + 1), explain(steps, var, d, opt)});
            }
        }
        ctx.steps = nullptr;
        return d;
    };
    std::vector<Expr> results;
    if (!req.gradient.empty()) {
        if (req.gradient.size() > lim.max_gradient_vars)
            throw LimitError("max_gradient_vars", "a gradient over more than " +
                                                      std::to_string(lim.max_gradient_vars) +
                                                      " variables exceeds the limit");
        res.is_gradient = true;
        for (const std::string &v : req.gradient) {
            std::string n = normalize_variable(v);
            if (n.empty()) throw UsageError{"'" + v + "' is not a variable name"};
            res.wrt.push_back(n);
            results.push_back(diff_sequence({n}));
            res.gradient.push_back({n, {}});
        }
    } else {
        res.wrt = resolve_sequence(req, in, res.variables);
        results.push_back(diff_sequence(res.wrt));
    }
    print_results(req, results, res);
    if (req.steps_root >= 0 && res.steps.empty())
        throw UsageError{"steps_root " + std::to_string(req.steps_root) + " is not a step of this derivative"};
    // Points where the input is not differentiable, read from its canonical form too:
    // sqrt(x^2) is |x| there even though no |.| was typed.
    Expr canonical_input = canonicalize(in.expr);
    for_each_postorder(canonical_input, [&](const Node &n) {
        if (n.kind != Kind::Func || function_info(n.func()).differentiable_at_0) return;
        for (const std::string &v : res.wrt)
            if (depends_on(n.children[0], sym(v))) {
                ctx.notes.push_back({n.func(), n.children[0]});
                return;
            }
    });
    res.notes.clear();
    for (const auto &n : ctx.notes) {
        // Only a kink (|u|, relu) can be smoothed by the rest of the product, and only the
        // first derivative is checked; jumps (sign, heaviside) and higher orders keep the note.
        bool kink = n.function == FuncId::Abs || n.function == FuncId::Relu;
        bool first_order = res.is_gradient || res.wrt.size() == 1;
        if (kink && first_order && smooth_at_kink(n.argument, results, res.variables)) continue;
        std::string t = note_text(n, lim.max_result_chars);
        if (std::find(res.notes.begin(), res.notes.end(), t) == res.notes.end()) res.notes.push_back(t);
    }
    // A constant with no real value (ln 0, sqrt(-1), asin 2) makes the input undefined for
    // every value of its variables, whatever the derivative's formula says (d/dx(ln 0 + x)
    // would be 1). Found in the input as typed: the canonical form can hide it (sqrt(-1)^2).
    std::vector<std::string> undefined = undefined_notes({in.expr}, res.variables);
    if (undefined.empty()) undefined = undefined_notes({canonical_input}, res.variables); // ln(e - e) is ln 0
    res.notes.insert(res.notes.begin(), undefined.begin(), undefined.end());
    const bool nowhere_defined = !undefined.empty();
    res.values.clear();
    for (const Point &p : req.at) {
        std::vector<std::optional<double>> vals;
        // An input with no real value anywhere has no derivative anywhere either, whatever
        // the formula (d/dx (ln 0 + x) = 1) would evaluate to.
        for (const Expr &d : results) vals.push_back(nowhere_defined ? std::nullopt : value_at(d, p));
        res.values.push_back(std::move(vals));
    }
}

// The response for the exception in flight (call only inside a catch block): every failure
// becomes an error value, nothing escapes the facade.
Response failure(const std::string &input) {
    set_expr_deadline(0);
    Response r;
    try {
        throw;
    } catch (const ParseError &e) {
        r.error = {"input", e.what(), e.position, e.length};
    } catch (const UsageError &e) {
        r.error = {"usage", e.message, 0, 0};
        r.variables = e.variables;
    } catch (const LimitError &e) {
        r.error = {"limit", e.what(), 0, 0};
    } catch (const std::domain_error &e) {
        r.error = {"input", std::string(e.what()) + " in the input", 0, code_points(input)};
    } catch (const std::bad_alloc &) {
        r.error = {"limit", "the computation ran out of memory", 0, 0};
    } catch (const std::exception &e) {
        r.error = {"internal", std::string("internal error: ") + e.what(), 0, 0};
    } catch (...) {
        r.error = {"internal", "internal error", 0, 0};
    }
    return r;
}

} // namespace

std::vector<std::string> undefined_notes(const std::vector<Expr> &parts, const std::vector<std::string> &variables) {
    auto short_text = [](const Expr &c) -> std::string {
        for (std::size_t cap : {std::size_t(60), std::size_t(4096)}) {
            try {
                std::string t = to_text(c, cap);
                return t.size() <= 60 ? t : t.substr(0, 57) + "...";
            } catch (const LimitError &e) {
                if (e.limit() != "max_result_chars") throw;
            }
        }
        return "...";
    };
    std::string vars;
    for (const std::string &v : variables) vars += (vars.empty() ? "" : ", ") + v;
    std::vector<std::string> out;
    for (const Expr &part : parts) {
        if (out.size() >= 3) break;
        for (const Expr &c : undefined_constants(part, 3 - out.size())) {
            std::string t = "the input is undefined" + (vars.empty() ? "" : " for every value of " + vars) + ": " +
                            short_text(c) + " is not a real number";
            if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
        }
    }
    return out;
}

Response run(const Request &req) {
    Response res;
    try {
        int n = std::max(1, req.repeat);
        std::vector<std::int64_t> times;
        for (int i = 0; i < n; ++i) {
            auto t0 = std::chrono::steady_clock::now();
            compute(req, res);
            auto t1 = std::chrono::steady_clock::now();
            times.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count());
        }
        set_expr_deadline(0);
        if (req.repeat > 0) {
            std::sort(times.begin(), times.end());
            res.timing = Timing{times[times.size() / 2], times.front(), req.repeat};
        }
        res.ok = true;
        return res;
    } catch (...) {
        return failure(req.input);
    }
}

namespace {

// `body` with the named subexpressions substituted (as a DAG: shared, never copied).
Expr substitute_names(const Expr &body, const NamedTexts &where, const Limits &lim) {
    if (where.empty()) return body;
    SharedForm form;
    for (const auto &[name, text] : where) {
        std::string n = normalize_variable(name);
        if (n.empty()) throw UsageError{"'" + name + "' is not a name of a subexpression", {}};
        form.definitions.push_back({n, parse(text, lim).expr});
    }
    form.roots = {body};
    return expand_shared(form)[0];
}

} // namespace

namespace {
// What evaluate and evaluate_grid both need: the input parsed once, its names substituted,
// canonicalized, and whether it holds a constant with no real value (read from the input as
// typed: simplifying can hide it, sqrt(-1)^2 x is -x). Sets the limits and the deadline;
// the caller clears the deadline.
struct Prepared {
    ParsedInput in;
    Expr body; // names substituted, not simplified
    Expr e;    // canonical
    bool nowhere_defined = false;
};

Prepared prepare(const std::string &input, const Limits &lim, const NamedTexts &where, Response &res) {
    set_expr_limits(lim.max_depth * 2 + 16, lim.max_nodes);
    set_expr_deadline(lim.max_time_ms);
    Number::set_max_digits(lim.max_number_digits);
    Prepared p{parse(input, lim), {}, {}, false};
    res.lhs = p.in.lhs;
    p.body = substitute_names(p.in.expr, where, lim);
    res.variables = free_symbols(p.body);
    p.e = canonicalize(p.body);
    p.nowhere_defined = !undefined_constants(p.body, 1).empty();
    return p;
}
} // namespace

Response evaluate(const std::string &input, const std::vector<Point> &at, const Limits &lim, const NamedTexts &where) {
    Response res;
    try {
        Prepared p = prepare(input, lim, where, res);
        // With names, the echo keeps them: the expanded text of a named result can be
        // megabytes (a 1000-deep nest: 2.5 MB), printed for nothing on every call.
        Expr shown = where.empty() ? p.e : canonicalize(p.in.expr);
        res.input = {to_text(shown, lim.max_result_chars), to_latex(shown, lim.max_result_chars)};
        for (const Point &pt : at) res.values.push_back({p.nowhere_defined ? std::nullopt : value_at(p.e, pt)});
        set_expr_deadline(0);
        res.ok = true;
        return res;
    } catch (...) {
        return failure(input);
    }
}

// Parses, substitutes and canonicalizes once and prints nothing: a plot asks for samples many
// times while the user pans, and only `variables` of the metadata is used.
Grid evaluate_grid(const std::string &input, const std::string &variable, const std::vector<double> &xs,
                   const Point &base, const Limits &lim, const NamedTexts &where) {
    Grid g;
    try {
        Prepared p = prepare(input, lim, where, g.meta);
        if (p.nowhere_defined) { // no real value anywhere: nothing to plot
            g.values.assign(xs.size(), NAN);
        } else {
            std::vector<std::string> names{variable};
            std::vector<double> point{0};
            for (const auto &[name, value] : base)
                if (name != variable) names.push_back(name), point.push_back(value);
            std::unique_ptr<CompiledExpr> compiled;
            try {
                compiled = std::make_unique<CompiledExpr>(p.e, names);
            } catch (const std::invalid_argument &err) {
                throw UsageError{std::string(err.what()) + " in the evaluation point", {}};
            }
            const CompiledExpr &f = *compiled;
            g.values.reserve(xs.size());
            for (double x : xs) {
                point[0] = x;
                double v = f(point.data());
                g.values.push_back(std::isfinite(v) ? v : NAN);
            }
        }
        set_expr_deadline(0);
        g.meta.ok = true;
    } catch (...) {
        g.meta = failure(input);
        g.values.clear();
    }
    return g;
}

std::string parse_point(const std::string &spec, Point &out) {
    std::size_t i = 0;
    while (i <= spec.size()) {
        std::size_t comma = spec.find(',', i);
        if (comma == std::string::npos) comma = spec.size();
        std::string item = spec.substr(i, comma - i);
        std::size_t eq = item.find('=');
        if (eq == std::string::npos) return "expected VAR=NUMBER in '" + item + "'";
        std::string name = normalize_variable(item.substr(0, eq));
        if (name.empty()) return "'" + item.substr(0, eq) + "' is not a variable name";
        std::string value = item.substr(eq + 1);
        char *end = nullptr;
        double v = std::strtod(value.c_str(), &end);
        if (value.empty() || *end != '\0' || !std::isfinite(v)) return "'" + value + "' is not a number";
        out[name] = v;
        i = comma + 1;
    }
    return "";
}

namespace {
// The shared writers (json_out.hpp) under the names this file uses.
void json_string(std::string &o, const std::string &s) { json::string(o, s); }
void json_formula(std::string &o, const Formula &f) { json::formula(o, f.text, f.latex); }
void json_strings(std::string &o, const std::vector<std::string> &v) { json::strings(o, v); }
void json_number(std::string &o, const std::optional<double> &v) { json::number(o, v); }
} // namespace

std::string to_json(const Response &r) {
    std::string o;
    if (!r.ok) {
        o += "{\"ok\":false,\"error\":{\"kind\":";
        json_string(o, r.error.kind);
        o += ",\"message\":";
        json_string(o, r.error.message);
        o += ",\"position\":" + std::to_string(r.error.position) +
             ",\"length\":" + std::to_string(r.error.length) + "}";
        if (!r.variables.empty()) {
            o += ",\"variables\":";
            json_strings(o, r.variables);
        }
        o += "}";
        return o;
    }
    o += "{\"ok\":true,\"input\":";
    json_formula(o, r.input);
    if (!r.lhs.empty()) {
        o += ",\"lhs\":";
        json_string(o, r.lhs);
    }
    o += ",\"variables\":";
    json_strings(o, r.variables);
    o += ",\"wrt\":";
    json_strings(o, r.wrt);
    // [{"<key>": label, "text": .., "latex": ..}, ...]
    auto labelled = [&](const char *key, std::size_t n, auto &&label, auto &&formula) {
        o += "[";
        for (std::size_t i = 0; i < n; ++i) {
            if (i) o += ",";
            o += std::string("{\"") + key + "\":";
            json_string(o, label(i));
            o += ",\"text\":";
            json_string(o, formula(i).text);
            o += ",\"latex\":";
            json_string(o, formula(i).latex);
            o += "}";
        }
        o += "]";
    };
    if (r.is_gradient) {
        o += ",\"gradient\":";
        labelled("var", r.gradient.size(), [&](std::size_t i) -> const std::string & { return r.gradient[i].var; },
                 [&](std::size_t i) -> const Formula & { return r.gradient[i].formula; });
    } else {
        o += ",\"result\":";
        json_formula(o, r.result);
    }
    if (!r.where.empty()) {
        o += ",\"where\":";
        labelled("name", r.where.size(), [&](std::size_t i) -> const std::string & { return r.where[i].name; },
                 [&](std::size_t i) -> const Formula & { return r.where[i].formula; });
    }
    o += ",\"notes\":";
    json_strings(o, r.notes);
    if (!r.values.empty()) {
        o += ",\"values\":[";
        for (std::size_t i = 0; i < r.values.size(); ++i) {
            if (i) o += ",";
            if (r.is_gradient) {
                o += "[";
                for (std::size_t j = 0; j < r.values[i].size(); ++j) {
                    if (j) o += ",";
                    json_number(o, r.values[i][j]);
                }
                o += "]";
            } else {
                json_number(o, r.values[i][0]);
            }
        }
        o += "]";
    }
    if (!r.steps.empty()) {
        o += ",\"steps\":[";
        for (std::size_t g = 0; g < r.steps.size(); ++g) {
            const StepGroup &sg = r.steps[g];
            if (g) o += ",";
            o += "{\"wrt\":";
            json_string(o, sg.wrt);
            o += ",\"order\":" + std::to_string(sg.order) + ",\"items\":[";
            const Explanation &ex = sg.explanation;
            auto item = [&](const RenderedStep &st) {
                o += "{\"id\":" + std::to_string(st.id) + ",\"rule\":";
                json_string(o, st.rule);
                o += ",\"title\":";
                json_string(o, st.title);
                o += ",\"latex\":";
                json_string(o, st.latex);
                o += ",\"text\":";
                json_string(o, st.text);
                o += ",\"rule_latex\":";
                json_string(o, st.rule_latex);
                o += ",\"children\":[";
                for (std::size_t c = 0; c < st.children.size(); ++c) {
                    if (c) o += ",";
                    o += std::to_string(st.children[c]);
                }
                o += "]";
                if (st.collapsed) o += ",\"collapsed\":true,\"count\":" + std::to_string(st.count);
                o += "}";
            };
            for (std::size_t i = 0; i < ex.steps.size(); ++i) {
                if (i) o += ",";
                item(ex.steps[i]);
            }
            o += "],\"omitted\":" + std::to_string(ex.omitted);
            if (ex.has_simplify) {
                o += ",\"simplify\":";
                item(ex.simplify);
            }
            o += "}";
        }
        o += "]";
    }
    if (r.timing) {
        o += ",\"timing_ns\":{\"median\":" + std::to_string(r.timing->median_ns) +
             ",\"min\":" + std::to_string(r.timing->min_ns) +
             ",\"repeat\":" + std::to_string(r.timing->repeat) + "}";
    }
    o += "}";
    return o;
}

} // namespace leibniz::api
