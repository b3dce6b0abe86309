#include "multi_api.hpp"

#include "json_out.hpp"

#include "../core/eval.hpp"
#include "../core/parser.hpp"
#include "../core/print.hpp"
#include "../core/simplify.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace leibniz::api {

namespace {

struct Failure {
    Error error;
};

std::size_t cp_count(const std::string &s, std::size_t bytes) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < bytes && i < s.size(); ++i) n += (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
    return n;
}

[[noreturn]] void fail_with(const Response &r, std::size_t offset) {
    Error e = r.error;
    if (e.kind == "input") e.position += offset;
    throw Failure{e};
}

[[noreturn]] void usage(const std::string &message) { throw Failure{Error{"usage", message, 0, 0}}; }

} // namespace

std::vector<std::pair<std::string, std::size_t>> split_list(const std::string &input) {
    std::size_t b = input.find_first_not_of(" \t\n\r");
    std::size_t e = input.find_last_not_of(" \t\n\r");
    if (b == std::string::npos || input[b] != '[' || input[e] != ']') return {{input, 0}};
    // The opening bracket must close at the end: [x, y] is a list, [x] (y) is not.
    int depth = 0;
    std::vector<std::size_t> commas;
    for (std::size_t i = b; i <= e; ++i) {
        char c = input[i];
        if (c == '(' || c == '[' || c == '{') ++depth;
        if (c == ')' || c == ']' || c == '}') {
            --depth;
            if (depth == 0 && i != e) return {{input, 0}};
        }
        if (c == ',' && depth == 1) commas.push_back(i);
    }
    if (commas.empty()) return {{input, 0}};
    std::vector<std::pair<std::string, std::size_t>> parts;
    std::size_t start = b + 1;
    commas.push_back(e);
    for (std::size_t c : commas) {
        parts.emplace_back(input.substr(start, c - start), cp_count(input, start));
        start = c + 1;
    }
    return parts;
}

MultiResponse run_multi(const MultiRequest &req) {
    MultiResponse r;
    try {
        if (req.kind != "jacobian" && req.kind != "hessian" && req.kind != "directional")
            usage("the kind is jacobian, hessian or directional, not '" + req.kind + "'");
        // An optional left side: F = [..], f(x, y) = [..]
        std::string body = req.input;
        std::size_t offset = 0;
        std::size_t eq = body.find('=');
        if (eq != std::string::npos && body.find('[') != std::string::npos && eq < body.find('[')) {
            std::string left = body.substr(0, eq);
            std::size_t paren = left.find('(');
            std::string name = left.substr(0, paren);
            name.erase(std::remove(name.begin(), name.end(), ' '), name.end());
            if (!normalize_variable(name).empty()) {
                r.lhs = name;
                offset = cp_count(body, eq + 1);
                body = body.substr(eq + 1);
            }
        }
        auto parts = split_list(body);
        if (req.kind != "jacobian" && parts.size() != 1)
            usage("the " + req.kind + " needs one scalar function, not a list of " + std::to_string(parts.size()));
        if (parts.size() > req.limits.max_gradient_vars)
            throw LimitError("max_gradient_vars", "a list of more than " + std::to_string(req.limits.max_gradient_vars) +
                                                      " functions");
        std::set<std::string> seen;
        for (const auto &p : parts) {
            Response e = evaluate(p.first, {}, req.limits);
            if (!e.ok) fail_with(e, offset + p.second);
            r.inputs.push_back(e.input);
            for (const auto &v : e.variables) seen.insert(v);
        }
        r.variables.assign(seen.begin(), seen.end());
        r.vars = req.vars.empty() ? r.variables : req.vars;
        if (r.vars.empty()) usage("the input has no variables; name them to differentiate by");
        if (r.vars.size() > req.limits.max_gradient_vars)
            throw LimitError("max_gradient_vars", "more than " + std::to_string(req.limits.max_gradient_vars) +
                                                      " variables");
        for (const auto &v : r.vars)
            if (normalize_variable(v) != v) usage("'" + v + "' is not a variable name");
        r.kind = req.kind;
        std::set<std::string> notes;
        auto entry = [&](const std::string &input, std::size_t at_offset, std::vector<std::string> wrt,
                         std::size_t i, std::size_t j) {
            Request q;
            q.input = input;
            q.wrt = std::move(wrt);
            q.at = req.at;
            q.limits = req.limits;
            q.expanded = true; // entries of one matrix: per-entry names would clash
            Response s = run(q);
            if (!s.ok) fail_with(s, at_offset);
            r.matrix[i][j] = s.result;
            for (const auto &n : s.notes) notes.insert(n);
            for (std::size_t p = 0; p < s.values.size(); ++p) r.values[p][i][j] = s.values[p].at(0);
        };
        auto sized = [&](std::size_t rows, std::size_t cols) {
            r.matrix.assign(rows, std::vector<Formula>(cols));
            r.values.assign(req.at.size(), std::vector<std::vector<std::optional<double>>>(
                                               rows, std::vector<std::optional<double>>(cols)));
        };
        if (req.kind == "jacobian") {
            sized(parts.size(), r.vars.size());
            for (std::size_t i = 0; i < parts.size(); ++i)
                for (std::size_t j = 0; j < r.vars.size(); ++j)
                    entry(parts[i].first, offset + parts[i].second, {r.vars[j]}, i, j);
        } else if (req.kind == "hessian") {
            sized(r.vars.size(), r.vars.size());
            for (std::size_t i = 0; i < r.vars.size(); ++i)
                for (std::size_t j = 0; j < r.vars.size(); ++j)
                    entry(parts[0].first, offset + parts[0].second, {r.vars[i], r.vars[j]}, i, j);
        } else {
            if (req.direction.size() != r.vars.size())
                usage("the direction needs " + std::to_string(r.vars.size()) + " components (one per variable: " +
                      [&] {
                          std::string s;
                          for (const auto &v : r.vars) s += (s.empty() ? "" : ", ") + v;
                          return s;
                      }() + ")");
            Request q;
            q.input = parts[0].first;
            q.gradient = r.vars;
            q.limits = req.limits;
            q.expanded = true; // the components are parsed again below
            Response g = run(q);
            if (!g.ok) fail_with(g, offset + parts[0].second);
            for (const auto &n : g.notes) notes.insert(n);
            std::vector<Expr> u, terms, squares;
            for (std::size_t i = 0; i < r.vars.size(); ++i) {
                Expr ui;
                try {
                    ui = parse_expr(req.direction[i]);
                } catch (const ParseError &) {
                    usage("the direction's component '" + req.direction[i] + "' is not a number");
                }
                if (!free_symbols(ui).empty()) usage("the direction's components must be numbers");
                u.push_back(ui);
                squares.push_back(pow(ui, num(2)));
            }
            Expr length = pow(add(squares), num(Number::fraction(1, 2)));
            double len = leibniz::evaluate(length, {});
            if (!(len > 0) || !std::isfinite(len)) usage("the direction must be a nonzero vector");
            std::string dir_text = "[", dir_latex = "\\begin{bmatrix}";
            for (std::size_t i = 0; i < u.size(); ++i) {
                Expr unit = simplify(u[i] / length);
                terms.push_back(unit * parse_expr(g.gradient[i].formula.text));
                dir_text += (i ? ", " : "") + to_text(unit);
                dir_latex += (i ? " \\\\ " : "") + to_latex(unit);
            }
            r.direction = {dir_text + "]", dir_latex + "\\end{bmatrix}"};
            Expr d = simplify(add(terms));
            sized(1, 1);
            r.matrix[0][0] = {to_text(d), to_latex(d)};
            for (std::size_t p = 0; p < req.at.size(); ++p) {
                double v = NAN;
                try {
                    v = leibniz::evaluate(d, req.at[p]);
                } catch (const std::invalid_argument &e) {
                    usage(std::string(e.what()) + " in the evaluation point");
                }
                if (v == 0) v = 0;
                r.values[p][0][0] = std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
            }
        }
        r.notes.assign(notes.begin(), notes.end());
        r.ok = true;
    } catch (const Failure &f) {
        r = MultiResponse{};
        r.error = f.error;
    } catch (const LimitError &e) {
        r = MultiResponse{};
        r.error = {"limit", e.what(), 0, 0};
    } catch (const std::exception &e) {
        r = MultiResponse{};
        r.error = {"internal", std::string("internal error: ") + e.what(), 0, 0};
    }
    return r;
}

std::string to_json(const MultiResponse &r) {
    std::string o;
    if (!r.ok) return json::error_response(r.error.kind, r.error.message, r.error.position, r.error.length);
    o += "{\"ok\":true,\"mode\":";
    json::string(o, r.kind);
    o += ",\"inputs\":[";
    for (std::size_t i = 0; i < r.inputs.size(); ++i) {
        if (i) o += ",";
        json::formula(o, r.inputs[i].text, r.inputs[i].latex);
    }
    o += "]";
    if (!r.lhs.empty()) {
        o += ",\"lhs\":";
        json::string(o, r.lhs);
    }
    o += ",\"variables\":";
    json::strings(o, r.variables);
    o += ",\"wrt\":";
    json::strings(o, r.vars);
    o += ",\"shape\":[" + std::to_string(r.matrix.size()) + "," +
         std::to_string(r.matrix.empty() ? 0 : r.matrix[0].size()) + "],\"matrix\":";
    json::formula_rows(o, r.matrix);
    if (!r.direction.text.empty()) {
        o += ",\"direction\":";
        json::formula(o, r.direction.text, r.direction.latex);
    }
    o += ",\"notes\":";
    json::strings(o, r.notes);
    if (!r.values.empty()) {
        o += ",\"values\":[";
        for (std::size_t p = 0; p < r.values.size(); ++p) {
            if (p) o += ",";
            o += "[";
            for (std::size_t i = 0; i < r.values[p].size(); ++i) {
                if (i) o += ",";
                o += "[";
                for (std::size_t j = 0; j < r.values[p][i].size(); ++j) {
                    if (j) o += ",";
                    json::number(o, r.values[p][i][j]);
                }
                o += "]";
            }
            o += "]";
        }
        o += "]";
    }
    o += "}";
    return o;
}

} // namespace leibniz::api
