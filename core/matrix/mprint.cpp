// Printing matrix expressions: LaTeX in the notation of the deep-learning seed (x^T, X^{-1},
// X^{-T}, \operatorname{tr}, \odot, \otimes, I_n) and a plain text form in the input language.
#include "mexpr.hpp"

#include "../functions.hpp"
#include "../print.hpp"

#include <algorithm>

namespace leibniz::mx {

namespace {

enum Prec : int { SUM = 1, PROD = 2, NEG = 3, POST = 4, ATOM = 5 };

struct P {
    std::string s;
    int prec;
};

P pr(const M &a, bool latex);

std::string wrap(const P &p, int min, bool latex) {
    if (p.prec >= min) return p.s;
    return latex ? "\\left(" + p.s + "\\right)" : "(" + p.s + ")";
}

std::string atom_hook(const std::string &name, Format f) {
    const bool latex = f == Format::Latex;
    P p = pr(atom(name), latex);
    // Inside a scalar expression a product of vectors needs parentheses: 2 (x A x^T).
    return wrap(p, ATOM, latex);
}

struct HookGuard {
    HookGuard() { set_atom_printer(atom_hook); }
    ~HookGuard() { set_atom_printer(nullptr); }
};

int scalar_prec(const Expr &e) {
    switch (e.kind()) {
    case Kind::Add:
        return SUM;
    case Kind::Number:
        return e->num.is_negative() ? NEG : (e->num.is_integer() ? ATOM : PROD);
    case Kind::Mul:
        return e->children[0].is_number() && e->children[0]->num.is_negative() ? NEG : PROD;
    case Kind::Pow:
        return POST;
    default:
        return ATOM;
    }
}

P print_scalar(const Expr &e, bool latex) {
    if (e.is_symbol() && is_atom_symbol(e->name)) return pr(atom(e->name), latex);
    // c (x A x^T) needs no parentheses: 2 x A x^T.
    if (e.kind() == Kind::Mul && e->children.size() == 2 && e->children[0].is_number() &&
        e->children[0]->num.is_integer() && e->children[1].is_symbol() && is_atom_symbol(e->children[1]->name)) {
        const Number &c = e->children[0]->num;
        P body = pr(atom(e->children[1]->name), latex);
        std::string b = wrap(body, PROD, latex);
        if (c.is_minus_one()) return {"-" + wrap(body, POST, latex), NEG};
        return {c.to_string() + (latex ? " " : "*") + b, c.is_negative() ? NEG : PROD};
    }
    return {latex ? leibniz::to_latex(e) : leibniz::to_text(e), scalar_prec(e)};
}

std::string dims(const Shape &s, bool latex) {
    if (s.cols.is_one()) return s.rows.text();
    return latex ? s.rows.latex() + " \\times " + s.cols.latex() : s.rows.text() + "," + s.cols.text();
}

std::string call(const char *latex_name, const char *text_name, const P &arg, bool latex) {
    if (latex) return std::string(latex_name) + "\\left(" + arg.s + "\\right)";
    return std::string(text_name) + "(" + arg.s + ")";
}

P pr(const M &a, bool latex) {
    switch (a->op) {
    case Op::Var:
        return {latex ? latex_symbol(a->name) : a->name, ATOM};
    case Op::Scalar:
        return print_scalar(a->scalar, latex);
    case Op::Identity:
        return {latex ? "I_{" + a->shape.rows.latex() + "}" : "eye(" + a->shape.rows.text() + ")", ATOM};
    case Op::Zero:
        return {latex ? "\\mathbf{0}_{" + dims(a->shape, true) + "}" : "zeros(" + dims(a->shape, false) + ")",
                ATOM};
    case Op::Ones:
        return {latex ? "\\mathbf{1}_{" + dims(a->shape, true) + "}" : "ones(" + dims(a->shape, false) + ")",
                ATOM};
    case Op::Commutation: {
        const Shape &mn = a->kids[0]->shape;
        return {latex ? "K_{" + mn.rows.latex() + "," + mn.cols.latex() + "}"
                      : "K(" + mn.rows.text() + "," + mn.cols.text() + ")",
                ATOM};
    }
    case Op::Add: {
        // Start with a positive term when there is one: x W - t rather than -t + x W.
        auto negative = [](const M &t) {
            if (t->op != Op::Scale) return false;
            const Expr &c = t->kids[0]->scalar;
            return c.is_number() && c->num.is_negative();
        };
        std::vector<M> terms = a->kids;
        auto first = std::find_if(terms.begin(), terms.end(), [&](const M &t) { return !negative(t); });
        if (first != terms.end()) std::rotate(terms.begin(), first, terms.end());
        std::string s;
        for (std::size_t i = 0; i < terms.size(); ++i) {
            const M &t = terms[i];
            // A negative coefficient prints as subtraction.
            if (i > 0 && t->op == Op::Scale) {
                const Expr &c = t->kids[0]->scalar;
                if (c.is_number() && c->num.is_negative()) {
                    s += " - " + wrap(pr(scale(num(-c->num), t->kids[1]), latex), PROD, latex);
                    continue;
                }
            }
            if (i > 0) s += " + ";
            s += wrap(pr(t, latex), SUM, latex);
        }
        return {s, SUM};
    }
    case Op::Scale: {
        const Expr &c = a->kids[0]->scalar;
        P body = pr(a->kids[1], latex);
        if (c.is_minus_one()) return {"-" + wrap(body, POST, latex), NEG};
        P cp = print_scalar(c, latex);
        bool negative = cp.prec == NEG;
        std::string cs = wrap(cp, negative ? NEG : PROD, latex);
        return {cs + (latex ? " " : "*") + wrap(body, PROD, latex), negative ? NEG : PROD};
    }
    case Op::MatMul: {
        std::string s;
        for (std::size_t i = 0; i < a->kids.size(); ++i) {
            if (i) s += latex ? " " : "*";
            s += wrap(pr(a->kids[i], latex), POST, latex);
        }
        return {s, PROD};
    }
    case Op::Hadamard: {
        std::string s;
        for (std::size_t i = 0; i < a->kids.size(); ++i) {
            if (i) s += latex ? " \\odot " : " .* ";
            s += wrap(pr(a->kids[i], latex), POST, latex);
        }
        return {s, PROD};
    }
    case Op::Kron: {
        P l = pr(a->kids[0], latex), r = pr(a->kids[1], latex);
        if (!latex) return {"kron(" + l.s + ", " + r.s + ")", ATOM};
        return {wrap(l, POST, true) + " \\otimes " + wrap(r, POST, true), PROD};
    }
    case Op::Transpose: {
        const M &k = a->kids[0];
        if (k->op == Op::Inverse) {
            P b = pr(k->kids[0], latex);
            return {latex ? wrap(b, ATOM, true) + "^{-T}" : "inv(" + b.s + ")'", POST};
        }
        P b = pr(k, latex);
        return {wrap(b, ATOM, latex) + (latex ? "^{T}" : "'"), POST};
    }
    case Op::Inverse: {
        P b = pr(a->kids[0], latex);
        if (!latex) return {"inv(" + b.s + ")", ATOM};
        return {wrap(b, ATOM, true) + "^{-1}", POST};
    }
    case Op::EPow: {
        P b = pr(a->kids[0], latex);
        std::string p = a->num.to_string();
        if (latex) return {wrap(b, ATOM, true) + "^{\\circ " + p + "}", POST};
        if (!a->num.is_integer() || a->num.is_negative()) p = "(" + p + ")";
        return {wrap(b, ATOM, false) + ".^" + p, POST};
    }
    case Op::EFunc: {
        const FunctionInfo &info = function_info(a->func);
        P b = pr(a->kids[0], latex);
        std::string prime = a->deriv ? "'" : "";
        if (latex) {
            if (a->func == FuncId::Abs) return {"\\left|" + b.s + "\\right|" + prime, ATOM};
            return {std::string(info.latex) + prime + "\\left(" + b.s + "\\right)", ATOM};
        }
        return {std::string(info.name) + prime + "(" + b.s + ")", ATOM};
    }
    case Op::Trace:
        return {call("\\operatorname{tr}", "tr", pr(a->kids[0], latex), latex), ATOM};
    case Op::Det:
        return {call("\\det", "det", pr(a->kids[0], latex), latex), ATOM};
    case Op::Sum:
        return {call("\\operatorname{sum}", "sum", pr(a->kids[0], latex), latex), ATOM};
    case Op::Norm: {
        P b = pr(a->kids[0], latex);
        return {latex ? "\\left\\lVert " + b.s + "\\right\\rVert" : "norm(" + b.s + ")", ATOM};
    }
    case Op::Softmax:
        return {call("\\operatorname{softmax}", "softmax", pr(a->kids[0], latex), latex), ATOM};
    case Op::Vec:
        return {call("\\operatorname{vec}", "vec", pr(a->kids[0], latex), latex), ATOM};
    case Op::DiagVec: {
        const M &k = a->kids[0];
        P b = pr(k, latex);
        if (k->shape.vector()) return {call("\\operatorname{diag}", "diag", b, latex), ATOM};
        if (latex) return {"\\operatorname{diag}\\left(\\operatorname{vec}\\left(" + b.s + "\\right)\\right)", ATOM};
        return {"diag(vec(" + b.s + "))", ATOM};
    }
    }
    return {"?", ATOM};
}

} // namespace

std::string to_text(const M &a) {
    HookGuard g;
    return pr(a, false).s;
}

std::string to_latex(const M &a) {
    HookGuard g;
    return pr(a, true).s;
}

} // namespace leibniz::mx
