#include "matrix_api.hpp"

#include "json_out.hpp"

#include "../core/matrix/matrix.hpp"
#include "../core/parser.hpp"
#include "../core/print.hpp"

#include <algorithm>
#include <set>

namespace leibniz::api {

namespace {

using namespace leibniz::mx;

// Calls fn on every scalar part (Op::Scalar) of a matrix expression.
template <class Fn> void for_each_scalar(const M &m, Fn &&fn) {
    if (m->op == Op::Scalar) fn(m->scalar);
    for (const M &k : m->kids) for_each_scalar(k, fn);
}

struct UsageProblem {
    std::string message;
};

bool ko(const MatrixRequest &r) { return r.lang == Lang::Ko; }

std::string layout_note(Layout l, bool korean) {
    switch (l) {
    case Layout::Seed:
        return korean ? "시드 글의 표기: 행벡터를 쓰고 df = dx ∂f/∂xᵀ, 행렬이면 df = tr(dX ∂f/∂Xᵀ), 행렬을 행렬로 "
                        "미분할 때는 dvec F = dvec X · ∂vec F/∂vecᵀX 이며 vec는 행 단위로 펼칩니다."
                      : "The seed's convention: row vectors with df = dx ∂f/∂xᵀ, df = tr(dX ∂f/∂Xᵀ) for a "
                        "matrix, and dvec F = dvec X · ∂vec F/∂vecᵀX with vec taken row by row.";
    case Layout::Numerator:
        return korean ? "분자 레이아웃: 결과의 행은 출력(분자)의 성분, 열은 변수의 성분입니다(야코비 행렬). vec는 열 "
                        "단위로 쌓습니다."
                      : "Numerator layout: the output's entries run down the rows and the variable's across the "
                        "columns (the Jacobian); vec stacks columns.";
    case Layout::Denominator:
        return korean ? "분모 레이아웃: 분자 레이아웃의 전치로, 스칼라의 그래디언트는 변수와 같은 모양입니다. vec는 열 "
                        "단위로 쌓습니다."
                      : "Denominator layout: the transpose of numerator layout, so a scalar's gradient has the "
                        "variable's shape; vec stacks columns.";
    }
    return "";
}

std::string sym_latex(const std::string &name) { return latex_symbol(name); }

// The derivative's notation, e.g. \frac{\partial f}{\partial X^{T}}.
std::string notation(const std::string &f, const std::string &x, const Shape &fs, const Shape &xs, Layout l) {
    std::string F = sym_latex(f), X = sym_latex(x);
    auto frac = [](const std::string &a, const std::string &b) { return "\\frac{\\partial " + a + "}{\\partial " + b + "}"; };
    if (fs.scalar()) return l == Layout::Denominator ? frac(F, X) : frac(F, X + "^{T}");
    if (xs.scalar()) return l == Layout::Denominator ? frac(F + "^{T}", X) : frac(F, X);
    if (fs.vector() && xs.vector()) {
        if (l == Layout::Seed) return frac(F, X + "^{T}");
        return l == Layout::Numerator ? frac(F, X) : frac(F + "^{T}", X);
    }
    std::string vf = "\\operatorname{vec}(" + F + ")", vx = "\\operatorname{vec}(" + X + ")";
    if (l == Layout::Seed) return frac(vf, "\\operatorname{vec}^{T}(" + X + ")");
    return l == Layout::Numerator ? frac(vf, vx + "^{T}") : frac(vf + "^{T}", vx);
}

// Rules of the matrix differential used by this expression, in order of first use.
void collect_rules(const M &n, const std::string &wrt, std::set<Op> &seen, std::vector<Op> &order) {
    if (!depends_on(n, wrt)) return;
    if (!seen.count(n->op)) {
        seen.insert(n->op);
        order.push_back(n->op);
    }
    if (n->op == Op::Scalar) {
        for (const auto &s : free_symbols(n->scalar))
            if (is_atom_symbol(s)) collect_rules(atom(s), wrt, seen, order);
        return;
    }
    for (const auto &k : n->kids) collect_rules(k, wrt, seen, order);
}

bool rule_of(Op op, bool korean, MatrixStep &s) {
    switch (op) {
    case Op::MatMul:
        s = {korean ? "곱의 법칙(미분형)" : "Product rule for differentials", "d(XY) = dX\\,Y + X\\,dY", ""};
        return true;
    case Op::Hadamard:
        s = {korean ? "아다마르 곱의 미분" : "Hadamard product", "d(X \\odot Y) = dX \\odot Y + X \\odot dY", ""};
        return true;
    case Op::Transpose:
        s = {korean ? "전치의 미분" : "Transpose", "d(X^{T}) = (dX)^{T}", ""};
        return true;
    case Op::Inverse:
        s = {korean ? "역행렬의 미분" : "Inverse", "d(X^{-1}) = -X^{-1}\\,dX\\,X^{-1}", ""};
        return true;
    case Op::Trace:
        s = {korean ? "대각합의 미분" : "Trace", "d\\operatorname{tr}(X) = \\operatorname{tr}(dX)", ""};
        return true;
    case Op::Det:
        s = {korean ? "행렬식의 미분" : "Determinant",
             "d\\det(X) = \\det(X)\\operatorname{tr}\\left(X^{-1}\\,dX\\right)", ""};
        return true;
    case Op::EFunc:
        s = {korean ? "원소별 함수의 미분" : "Element-wise function", "d f(X) = f'(X) \\odot dX", ""};
        return true;
    case Op::EPow:
        s = {korean ? "원소별 거듭제곱의 미분" : "Element-wise power",
             "d\\left(X^{\\circ p}\\right) = p\\,X^{\\circ (p-1)} \\odot dX", ""};
        return true;
    case Op::Sum:
        s = {korean ? "성분 합의 미분" : "Sum of entries", "d\\operatorname{sum}(X) = \\operatorname{sum}(dX)", ""};
        return true;
    case Op::Norm:
        s = {korean ? "노름의 미분" : "Norm",
             "d\\lVert X\\rVert = \\frac{\\operatorname{tr}\\left(X^{T} dX\\right)}{\\lVert X\\rVert}", ""};
        return true;
    case Op::Softmax:
        s = {korean ? "소프트맥스의 미분" : "Softmax",
             "ds = s \\odot dz - (s\\,dz^{T})\\,s,\\quad s = \\operatorname{softmax}(z)", ""};
        return true;
    case Op::Scalar:
        s = {korean ? "스칼라 함수의 연쇄 법칙" : "Chain rule through scalars", "d\\,g(u) = g'(u)\\,du", ""};
        return true;
    default:
        return false;
    }
}

// An intermediate vector u the function goes through, as the seed's chain rule uses it: the
// first (largest) affine part (a sum or product, such as x W - t) that depends on the variable.
M intermediate(const M &n, const M &f, const std::string &wrt) {
    if (!depends_on(n, wrt)) return nullptr;
    if (n != f && !n->shape.scalar() && n->shape.vector() && (n->op == Op::Add || n->op == Op::MatMul))
        return n;
    if (n->op == Op::Scalar) {
        for (const auto &s : free_symbols(n->scalar))
            if (is_atom_symbol(s))
                if (M u = intermediate(atom(s), f, wrt)) return u;
        return nullptr;
    }
    for (const auto &k : n->kids)
        if (M u = intermediate(k, f, wrt)) return u;
    return nullptr;
}

std::string fresh_name(const M &f) {
    for (const char *c : {"u", "v", "z", "h"})
        if (!depends_on(f, c)) return c;
    return "u_1";
}

// The vector chain rule of the seed, with shapes: df/dx^T = du/dx^T . df/du^T.
bool chain_step(const M &f, const std::string &fname, const std::string &wrt, const Shape &ws, Layout layout,
                bool korean, MatrixStep &out) {
    if (ws.scalar() || !ws.vector() || !(f->shape.vector() || f->shape.scalar())) return false;
    M n = intermediate(f, f, wrt);
    if (!n) return false;
    std::string un = fresh_name(f);
    M u = var(un, n->shape);
    M g = replace(f, n, u);
    if (depends_on(g, wrt)) return false; // the variable also appears outside u
    M dfu = derivative(g, un, n->shape, layout), dux = derivative(n, wrt, ws, layout);
    bool outer_first = layout == Layout::Numerator;
    const M &a = outer_first ? dfu : dux, &b = outer_first ? dux : dfu;
    std::string na = outer_first ? notation(fname, un, f->shape, n->shape, layout) : notation(un, wrt, n->shape, ws, layout);
    std::string nb = outer_first ? notation(un, wrt, n->shape, ws, layout) : notation(fname, un, f->shape, n->shape, layout);
    auto braced = [](const M &m) {
        std::string l = to_latex(m);
        if (m->op == Op::Add) l = "\\left(" + l + "\\right)";
        return "\\underbrace{" + l + "}_{" + m->shape.latex() + "}";
    };
    out.title = korean ? "벡터 연쇄 법칙" : "Vector chain rule";
    out.latex = latex_symbol(un) + " = " + to_latex(n) + ",\\quad " + notation(fname, wrt, f->shape, ws, layout) + " = " +
                na + nb + " = " + braced(a) + "\\," + braced(b);
    out.text = korean ? "중간 변수 " + un + " = " + to_text(n) + " (" + n->shape.text() + ")를 거쳐 미분합니다."
                      : "Differentiate through the intermediate vector " + un + " = " + to_text(n) + " (" +
                            n->shape.text() + ").";
    return true;
}

std::vector<MatrixStep> make_steps(const M &f, const std::string &fname, const std::string &wrt, const Shape &ws,
                                   const M &df, const M &d, Layout layout, bool korean) {
    std::vector<MatrixStep> steps;
    std::string F = sym_latex(fname), X = sym_latex(wrt), dX = "d" + X;
    steps.push_back({korean ? "미분(differential) 구하기" : "Take the differential",
                     "d" + F + " = " + to_latex(df),
                     korean ? "아래 규칙을 적용해 d" + fname + "를 d" + wrt + "로 나타냅니다."
                            : "Apply the rules below to write d" + fname + " in terms of d" + wrt + "."});
    std::set<Op> seen;
    std::vector<Op> order;
    collect_rules(f, wrt, seen, order);
    for (Op op : order) {
        MatrixStep s;
        if (rule_of(op, korean, s)) steps.push_back(s);
    }
    MatrixStep chain;
    if (chain_step(f, fname, wrt, ws, layout, korean, chain)) steps.push_back(chain);
    std::string D = to_latex(d);
    std::string read = korean ? "읽어 내기" : "Read off the derivative";
    const Shape &fs = f->shape;
    if (fs.scalar()) {
        std::string form;
        if (ws.scalar())
            form = "d" + F + " = " + D + "\\,d" + X;
        else if (layout == Layout::Denominator)
            form = "d" + F + " = \\operatorname{tr}\\left(\\left(" + D + "\\right)^{T} " + dX + "\\right)";
        else if (ws.rows.is_one())
            form = "d" + F + " = " + dX + "\\, " + (d->op == Op::Add ? "\\left(" + D + "\\right)" : D);
        else
            form = "d" + F + " = \\operatorname{tr}\\left(" + dX + "\\, " + (d->op == Op::Add ? "\\left(" + D + "\\right)" : D) + "\\right)";
        steps.push_back({korean ? "대각합 꼴로 쓰기" : "Write it in trace form", form,
                         korean ? "df = tr(dX ∂f/∂Xᵀ) 꼴과 비교합니다." : "Compare with df = tr(dX ∂f/∂Xᵀ)."});
    } else if (!ws.scalar()) {
        bool rm = layout == Layout::Seed;
        std::string rule = rm ? "\\operatorname{vec}(A\\,dX\\,B) = (A \\otimes B^{T})\\operatorname{vec}(dX)"
                              : "\\operatorname{vec}(A\\,dX\\,B) = (B^{T} \\otimes A)\\operatorname{vec}(dX)";
        steps.push_back({korean ? "vec와 크로네커 곱" : "vec and the Kronecker product", rule,
                         rm ? (korean ? "vec는 행 단위로 펼칩니다(시드의 표기)." : "Here vec takes the entries row by row (the seed's vec).")
                            : (korean ? "vec는 열 단위로 쌓습니다." : "Here vec stacks the columns.")});
    }
    std::string sym = notation(fname, wrt, fs, ws, layout);
    steps.push_back({read, sym + " = " + D,
                     korean ? "결과의 모양: " + d->shape.text() : "Shape of the result: " + d->shape.text()});
    return steps;
}

} // namespace

std::string parse_shapes(const std::string &spec, std::vector<std::pair<std::string, std::string>> &out) {
    std::size_t i = 0;
    while (i < spec.size()) {
        std::size_t end = spec.find_first_of(";", i);
        // a comma separates declarations too, but not inside "n x m"
        std::size_t comma = spec.find(',', i);
        if (comma != std::string::npos && (end == std::string::npos || comma < end)) end = comma;
        std::string item = spec.substr(i, end == std::string::npos ? std::string::npos : end - i);
        i = end == std::string::npos ? spec.size() : end + 1;
        auto trim = [](std::string s) {
            while (!s.empty() && s.front() == ' ') s.erase(s.begin());
            while (!s.empty() && s.back() == ' ') s.pop_back();
            return s;
        };
        item = trim(item);
        if (item.empty()) continue;
        std::size_t eq = item.find('=');
        if (eq == std::string::npos) return "expected NAME=ROWSxCOLS, as in W=2x3, not '" + item + "'";
        std::string name = trim(item.substr(0, eq));
        std::string norm = normalize_variable(name);
        if (norm.empty()) return "'" + name + "' is not a variable name";
        out.emplace_back(norm, trim(item.substr(eq + 1)));
    }
    return "";
}

MatrixResponse run_matrix(const MatrixRequest &req) {
    MatrixResponse r;
    const Limits &lim = req.limits;
    try {
        set_expr_limits(lim.max_depth * 2 + 16, lim.max_nodes);
        set_expr_deadline(lim.max_time_ms);
        set_print_limit(lim.max_result_chars);
        Number::set_max_digits(lim.max_number_digits);
        Layout layout = Layout::Seed;
        if (!parse_layout(req.layout, layout))
            throw UsageProblem{"the layout is seed, numerator or denominator, not '" + req.layout + "'"};
        Shapes shapes;
        for (const auto &p : req.shapes) {
            try {
                shapes[p.first] = parse_shape(p.second);
            } catch (const std::invalid_argument &e) {
                throw UsageProblem{"the shape of " + p.first + ": " + e.what()};
            }
        }
        MatrixInput in = parse_matrix(req.input, shapes);
        const M &f = in.expr;
        r.lhs = in.lhs;
        r.input = {to_text(f), to_latex(f)};
        std::vector<std::string> vars = variables(f);
        for (const auto &v : vars) {
            auto it = shapes.find(v);
            r.variables.push_back({v, it == shapes.end() ? "1x1" : it->second.text()});
        }
        // A scalar part with no real value (log(0) x W) makes the input undefined everywhere;
        // the closed form would not show it.
        std::vector<Expr> scalars;
        for_each_scalar(f, [&](const Expr &e) { scalars.push_back(e); });
        r.notes = undefined_notes(scalars, vars);
        // An undeclared capital letter is almost always a matrix the user forgot to declare.
        for (const auto &v : vars)
            if (!shapes.count(v) && v.size() == 1 && v[0] >= 'A' && v[0] <= 'Z')
                throw UsageProblem{"declare the shape of " + v + " (for example " + v + "=2x2); undeclared names are scalars"};
        std::string wrt = req.wrt;
        if (wrt.empty()) {
            std::vector<std::string> candidates;
            for (const auto &v : vars)
                if (shapes.count(v) && !shapes.at(v).scalar()) candidates.push_back(v);
            if (candidates.size() == 1)
                wrt = candidates[0];
            else if (candidates.empty() && vars.size() == 1)
                wrt = vars[0];
            else {
                std::string list;
                for (const auto &c : candidates.empty() ? vars : candidates) list += (list.empty() ? "" : ", ") + c;
                throw UsageProblem{"choose the variable to differentiate by (" + list + ")"};
            }
        }
        if (std::find(vars.begin(), vars.end(), wrt) == vars.end() && !shapes.count(wrt))
            throw UsageProblem{"'" + wrt + "' does not occur in the expression"};
        Shape ws = shapes.count(wrt) ? shapes.at(wrt) : Shape{};
        r.wrt = wrt;
        r.layout = layout_name(layout);
        r.layout_note = layout_note(layout, ko(req));
        r.kind = derivative_kind(f->shape, ws);
        std::string fname = in.lhs.empty() ? "f" : in.lhs;
        r.symbol = {fname, notation(fname, wrt, f->shape, ws, layout)};
        M d = derivative(f, wrt, ws, layout);
        r.result = {to_text(d), to_latex(d)};
        r.rows = d->shape.rows.text();
        r.cols = d->shape.cols.text();
        M df = differential(f, wrt, ws);
        r.differential = {"d" + fname + " = " + to_text(df), "d" + sym_latex(fname) + " = " + to_latex(df)};
        r.steps = make_steps(f, fname, wrt, ws, df, d, layout, ko(req));
        if (req.elementwise) {
            try {
                auto g = elementwise_derivative(f, wrt, ws, layout);
                for (const auto &row : g) {
                    std::vector<Formula> out;
                    for (const auto &e : row) out.push_back({leibniz::to_text(e), leibniz::to_latex(e)});
                    r.matrix.push_back(std::move(out));
                }
            } catch (const std::invalid_argument &e) {
                r.matrix_note = e.what();
            }
        }
        r.ok = true;
    } catch (const UsageProblem &e) {
        r = MatrixResponse{};
        r.error = {"usage", e.message, 0, 0};
    } catch (const ParseError &e) {
        r = MatrixResponse{};
        r.error = {"input", e.what(), e.position, e.length};
    } catch (const LimitError &e) {
        r = MatrixResponse{};
        r.error = {"limit", e.what(), 0, 0};
    } catch (const std::domain_error &e) {
        r = MatrixResponse{};
        std::size_t n = 0;
        for (unsigned char c : req.input) n += (c & 0xC0) != 0x80;
        r.error = {"input", std::string(e.what()) + " in the input", 0, n};
    } catch (const std::bad_alloc &) {
        r = MatrixResponse{};
        r.error = {"limit", "the computation ran out of memory", 0, 0};
    } catch (const std::exception &e) {
        r = MatrixResponse{};
        r.error = {"internal", std::string("internal error: ") + e.what(), 0, 0};
    }
    set_expr_deadline(0);
    reset_atoms();
    if (r.ok && (r.result.latex.size() > lim.max_result_chars || r.differential.latex.size() > lim.max_result_chars)) {
        r = MatrixResponse{};
        r.error = {"limit", "the printed result is longer than the limit of " + std::to_string(lim.max_result_chars) +
                                " characters", 0, 0};
    }
    return r;
}

std::string to_json(const MatrixResponse &r) {
    std::string o;
    if (!r.ok) return json::error_response(r.error.kind, r.error.message, r.error.position, r.error.length);
    auto dim = [&](const std::string &d) {
        if (!d.empty() && std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; }))
            o += d;
        else
            json::string(o, d);
    };
    o += "{\"ok\":true,\"mode\":\"matrix\",\"input\":";
    json::formula(o, r.input.text, r.input.latex);
    if (!r.lhs.empty()) {
        o += ",\"lhs\":";
        json::string(o, r.lhs);
    }
    o += ",\"variables\":[";
    for (std::size_t i = 0; i < r.variables.size(); ++i) {
        if (i) o += ",";
        o += "{\"name\":";
        json::string(o, r.variables[i].name);
        o += ",\"shape\":";
        json::string(o, r.variables[i].shape);
        o += "}";
    }
    o += "],\"wrt\":[";
    json::string(o, r.wrt);
    o += "],\"layout\":";
    json::string(o, r.layout);
    o += ",\"layout_note\":";
    json::string(o, r.layout_note);
    o += ",\"kind\":";
    json::string(o, r.kind);
    o += ",\"symbol\":";
    json::formula(o, r.symbol.text, r.symbol.latex);
    o += ",\"result\":";
    json::formula(o, r.result.text, r.result.latex);
    o += ",\"shape\":[";
    dim(r.rows);
    o += ",";
    dim(r.cols);
    o += "],\"differential\":";
    json::formula(o, r.differential.text, r.differential.latex);
    if (!r.matrix.empty()) {
        o += ",\"matrix\":";
        json::formula_rows(o, r.matrix);
    }
    if (!r.matrix_note.empty()) {
        o += ",\"matrix_note\":";
        json::string(o, r.matrix_note);
    }
    o += ",\"notes\":";
    json::strings(o, r.notes);
    o += ",\"steps\":[";
    for (std::size_t i = 0; i < r.steps.size(); ++i) {
        if (i) o += ",";
        o += "{\"title\":";
        json::string(o, r.steps[i].title);
        o += ",\"latex\":";
        json::string(o, r.steps[i].latex);
        o += ",\"text\":";
        json::string(o, r.steps[i].text);
        o += "}";
    }
    o += "]}";
    return o;
}

} // namespace leibniz::api
