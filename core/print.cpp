#include "print.hpp"

#include "functions.hpp"
#include "limits.hpp"

#include <algorithm>
#include <cstring>
#include <unordered_map>

namespace leibniz {

namespace {
// Every print stops here whatever its caller asks (set per request from Limits): a module
// that prints without a cap (the matrix module's atoms) cannot print gigabytes.
std::size_t g_print_limit = std::numeric_limits<std::size_t>::max();
} // namespace


namespace {

AtomPrinter g_atom_printer = nullptr;

// Precedence of what a node prints as (its outermost operator).
enum Prec : int { SUM = 1, PRODUCT = 2, NEGATIVE = 3, POWER = 4, ATOM = 5 };

bool negative_exponent(const Expr &e) {
    if (e.is_number()) return e->num.is_negative();
    return e.kind() == Kind::Mul && e->children[0].is_number() && e->children[0]->num.is_negative();
}

bool negative_term(const Expr &t) {
    if (t.is_number()) return t->num.is_negative();
    return t.kind() == Kind::Mul && t->children[0].is_number() && t->children[0]->num.is_negative();
}



// p/q in lowest terms, q > 0 (numbers are kept normalized).
bool is_rational_exponent(const Expr &e, long long p, long long q) {
    return e.is_number() && e->num.fits_small() && e->num.small_num() == p && e->num.small_den() == q;
}

const char *const kGreekNames[] = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta",
                                   "theta", "iota", "kappa", "lambda", "mu", "nu", "xi",
                                   "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega",
                                   "Gamma", "Delta", "Theta", "Lambda", "Xi", "Sigma", "Upsilon",
                                   "Phi", "Psi", "Omega"};

// One unit of pending output: a node to lay out, or text. Plain data (no ownership), so
// pushing and popping is cheap: nodes stay alive through the printed tree or `held_`, and
// text made on the fly lives in `text_`.
struct Piece {
    const Node *node = nullptr;
    int min_prec = 0;
    bool exponent = false;
    bool end_mark = false;     // `node` has just been printed: remember where
    const char *lit = nullptr; // static text, or
    std::uint32_t text_at = 0, text_len = 0; // text in text_
};

class Printer {
  public:
    Printer(Format f, std::size_t max_chars) : fmt_(f), max_(std::min(max_chars, g_print_limit)) {}

    std::string run(const Expr &root) {
        out_.reserve(128);
        stack_.reserve(64);
        pieces_.reserve(16);
        held_.reserve(32);
        stack_.push_back({root.get(), 0, false, false, nullptr, 0, 0});
        std::size_t steps = 0;
        while (!stack_.empty()) {
            if ((++steps & 4095) == 0) check_expr_deadline();
            Piece p = stack_.back();
            stack_.pop_back();
            if (p.end_mark) {
                Printed &m = printed_[p.exponent].at(p.node);
                m.length = out_.size() - m.start;
                continue;
            }
            if (!p.node) {
                emit_text(p);
                if (out_.size() > max_)
                    throw LimitError("max_result_chars", "the printed result is longer than the limit of " +
                                                             std::to_string(max_) + " characters");
                continue;
            }
            layout(p);
        }
        return std::move(out_);
    }

  private:
    Format fmt_;
    std::size_t max_;
    std::string out_;
    std::vector<Piece> stack_;
    std::vector<Piece> pieces_;
    std::string text_;         // text made while laying out (names, numbers)
    std::vector<Expr> held_;   // nodes made while laying out (negated terms, denominators)
    std::vector<const Node *> numer_, denom_; // scratch of product() (not reentrant)

    void emit_text(const Piece &p) {
        if (p.lit)
            out_ += p.lit;
        else
            out_.append(text_, p.text_at, p.text_len);
    }
    const Expr &hold(Expr e) {
        held_.push_back(std::move(e));
        return held_.back();
    }
    // Where a subtree was printed before (start, length): a repeated subexpression is copied,
    // not walked again, so printing costs the size of the output, not of the tree view.
    // The Expr keeps the node alive: a freed temporary's address could be reused by another.
    struct Printed {
        Expr node;
        std::size_t start, length;
    };
    NodeMap<Printed> printed_[2]; // [exponent]

    bool latex() const { return fmt_ == Format::Latex; }

    static bool tall(const Expr &e) { return e->has_fraction; }

    // ---- piece builders (collected in order, pushed reversed) ----
    void lit(const char *s) { pieces_.push_back({nullptr, 0, false, false, s, 0, 0}); }
    void lit(const std::string &s) {
        pieces_.push_back({nullptr, 0, false, false, nullptr, static_cast<std::uint32_t>(text_.size()),
                           static_cast<std::uint32_t>(s.size())});
        text_ += s;
    }
    void sub(const Expr &e, int min_prec, bool exponent = false) {
        if (prec(e, exponent) < min_prec) {
            open_paren(e);
            pieces_.push_back({e.get(), 0, exponent, false, nullptr, 0, 0});
            close_paren(e);
        } else {
            pieces_.push_back({e.get(), min_prec, exponent, false, nullptr, 0, 0});
        }
    }
    void open_paren(const Expr &e) { lit(latex() && tall(e) ? "\\left(" : "("); }
    void close_paren(const Expr &e) { lit(latex() && tall(e) ? "\\right)" : ")"); }

    int prec(const Expr &e, bool exponent) const {
        switch (e.kind()) {
        case Kind::Number:
            if (e->num.is_negative()) return NEGATIVE;
            if (!e->num.is_integer()) return (latex() && exponent) ? PRODUCT : PRODUCT;
            return ATOM;
        case Kind::Symbol:
        case Kind::Constant:
            return ATOM;
        case Kind::Add:
            return SUM;
        case Kind::Mul:
            if (negative_term(e)) return NEGATIVE;
            return PRODUCT;
        case Kind::Pow:
            if (negative_exponent(e->exponent())) return PRODUCT;
            if (is_rational_exponent(e->exponent(), 1, 2) || is_rational_exponent(e->exponent(), 1, 3))
                return ATOM;
            return POWER;
        case Kind::Func:
            if (latex() && e->func() == FuncId::Exp) return POWER;
            return ATOM;
        }
        return ATOM;
    }

    void layout(const Piece &p) {
        pieces_.clear();
        const Expr e(const_cast<Node *>(p.node));
        // Only subtrees that can repeat pay for the lookup: deep ones, and shared ones (a node
        // referenced once is printed again only inside a repeat of its parent). A factor
        // common to many terms, (1 + x/7) in the derivative of a long product, is then laid
        // out once and copied.
        if (e->depth >= 8 || (e->depth >= 2 && e->refs > 2)) {
            NodeMap<Printed> &printed = printed_[p.exponent];
            Printed *seen = printed.find(e.get());
            if (seen && seen->length != std::string::npos) {
                std::size_t start = seen->start, len = seen->length;
                out_.append(out_, start, len);
                if (out_.size() > max_)
                    throw LimitError("max_result_chars", "the printed result is longer than the limit of " +
                                                             std::to_string(max_) + " characters");
                return;
            }
            if (!seen) {
                printed.insert(e.get(), Printed{e, out_.size(), std::string::npos});
                stack_.push_back({e.get(), 0, p.exponent, true, nullptr, 0, 0});
            }
        }
        switch (e.kind()) {
        case Kind::Number:
            number(e->num, p.exponent);
            break;
        case Kind::Symbol:
            if (g_atom_printer && !e->name.empty() && e->name[0] == '#')
                lit(g_atom_printer(e->name, fmt_));
            else if (latex())
                lit(latex_symbol(e->name));
            else
                lit(e->name);
            break;
        case Kind::Constant:
            lit(e->constant() == ConstId::Pi ? (latex() ? "\\pi" : "pi") : "e");
            break;
        case Kind::Add:
            sum(e);
            break;
        case Kind::Mul:
            product(e->children.data(), e->children.size());
            break;
        case Kind::Pow:
            power(e);
            break;
        case Kind::Func:
            function(e);
            break;
        }
        // Literal text before the first child goes out now; the rest waits on the stack.
        std::size_t first = 0;
        for (; first < pieces_.size() && !pieces_[first].node; ++first) emit_text(pieces_[first]);
        for (std::size_t i = pieces_.size(); i-- > first;) stack_.push_back(pieces_[i]);
    }

    void number(const Number &n, bool exponent) {
        if (n.is_integer() || !latex() || exponent) {
            lit(n.to_string());
            return;
        }
        Number a = n.abs();
        lit(std::string(n.is_negative() ? "-" : "") + "\\frac{" + a.numerator().to_string() + "}{" +
            a.denominator().to_string() + "}");
    }

    void sum(const Expr &e) {
        const std::vector<Expr> &terms = e->children;
        // Start with a positive term when there is one: 1 - x rather than -x + 1. The order
        // printed is terms[first], then the others in order.
        std::size_t first = 0;
        if (negative_term(terms[0])) {
            auto pos = std::find_if(terms.begin(), terms.end(), [](const Expr &t) { return !negative_term(t); });
            if (pos != terms.end()) first = static_cast<std::size_t>(pos - terms.begin());
        }
        for (std::size_t i = 0; i < terms.size(); ++i) {
            const Expr &t = terms[i == 0 ? first : (i <= first ? i - 1 : i)];
            if (i == 0) {
                sub(t, 0);
            } else if (negative_term(t)) {
                lit(" - ");
                sub(hold(raw_negate(t)), PRODUCT);
            } else {
                lit(" + ");
                sub(t, 0);
            }
        }
    }

    static bool starts_with_digit(const Expr &f) {
        if (f.is_number()) return true;
        return f.kind() == Kind::Pow && f->base().is_number() && f->base()->num.is_integer() &&
               !f->base()->num.is_negative() && !is_rational_exponent(f->exponent(), 1, 2) &&
               !is_rational_exponent(f->exponent(), 1, 3);
    }

    // A factor printed as `\sin x` or `\sin^{2} x`, whose argument has no brackets.
    bool bare_function(const Expr &f) const {
        if (f.kind() == Kind::Pow)
            return f->base().kind() == Kind::Func && bare_argument(f->base()) && f->exponent().is_number() &&
                   f->exponent()->num.is_integer() && !f->exponent()->num.is_negative();
        return f.kind() == Kind::Func && bare_argument(f);
    }
    bool bare_argument(const Expr &fn) const {
        FuncId id = fn->func();
        if (id == FuncId::Abs || id == FuncId::Exp || id == FuncId::Sigmoid) return false;
        const Expr &a = fn->arg();
        return a.is_symbol() || (a.is_number() && a->num.is_integer() && !a->num.is_negative());
    }

    // `alone`: the list fills a \\frac slot by itself, so a single sum needs no parentheses.
    // `fs` are alive through the printed tree or `held_`.
    void factor_list(const std::vector<const Node *> &fs, bool alone = false) {
        if (fs.empty()) {
            lit("1");
            return;
        }
        for (std::size_t i = 0; i < fs.size(); ++i) {
            const Expr f(const_cast<Node *>(fs[i]));
            if (i > 0) {
                const Expr prev(const_cast<Node *>(fs[i - 1]));
                if (!latex())
                    lit("*");
                else if (starts_with_digit(f) ||
                         (bare_function(prev) && !bare_function(f) &&
                          !(f.kind() == Kind::Func && f->func() != FuncId::Exp)))
                    lit(" \\cdot ");
                else
                    lit(" ");
            }
            sub(f, fs.size() == 1 && alone ? 0 : POWER);
        }
    }

    // A product (or a lone power with a negative exponent) as numerator / denominator.
    void product(const Expr *factors, std::size_t count) {
        std::vector<const Node *> &numer = numer_, &denom = denom_;
        numer.clear();
        denom.clear();
        bool negative = false;
        std::size_t start = 0;
        if (factors[0].is_number()) {
            Number c = factors[0]->num;
            if (c.is_negative()) negative = true, c = -c;
            // A positive integer coefficient is printed as the node it is.
            if (!c.numerator().is_one() || count == 1)
                numer.push_back(!negative && c.is_integer() ? factors[0].get() : hold(num(c.numerator())).get());
            if (!c.denominator().is_one()) denom.push_back(hold(num(c.denominator())).get());
            start = 1;
        }
        for (std::size_t i = start; i < count; ++i) {
            const Expr &f = factors[i];
            if (f.kind() == Kind::Pow && negative_exponent(f->exponent())) {
                Expr e = raw_negate(f->exponent());
                denom.push_back(e.is_one() ? f->base().get() : hold(raw_pow(f->base(), e)).get());
            } else {
                numer.push_back(f.get());
            }
        }
        if (negative) lit("-");
        if (denom.empty()) {
            factor_list(numer);
            return;
        }
        if (latex()) {
            lit("\\frac{");
            factor_list(numer, true);
            lit("}{");
            factor_list(denom, true);
            lit("}");
            return;
        }
        factor_list(numer);
        lit("/");
        if (denom.size() == 1) {
            sub(Expr(const_cast<Node *>(denom[0])), POWER);
        } else {
            lit("(");
            factor_list(denom);
            lit(")");
        }
    }

    void power(const Expr &e) {
        const Expr &b = e->base(), &x = e->exponent();
        if (negative_exponent(x)) {
            const Expr one_over[2] = {num(1), e};
            product(one_over, 2);
            return;
        }
        if (is_rational_exponent(x, 1, 2)) {
            lit(latex() ? "\\sqrt{" : "sqrt(");
            sub(b, 0);
            lit(latex() ? "}" : ")");
            return;
        }
        if (is_rational_exponent(x, 1, 3)) {
            lit(latex() ? "\\sqrt[3]{" : "cbrt(");
            sub(b, 0);
            lit(latex() ? "}" : ")");
            return;
        }
        if (latex() && b.kind() == Kind::Func && x.is_number() && x->num.is_integer() &&
            b->func() != FuncId::Abs && b->func() != FuncId::Exp && b->func() != FuncId::Sigmoid) {
            // \sin^{2} x
            lit(std::string(function_info(b->func()).latex) + "^{" + x->num.to_string() + "}");
            function_argument(b);
            return;
        }
        if (latex() && b.kind() == Kind::Func && b->func() != FuncId::Exp && b->func() != FuncId::Abs &&
            b->func() != FuncId::Sigmoid) {
            // (\sin x)^{x}: a bare \sin x^{x} would read as sin(x^x).
            open_paren(b);
            sub(b, 0);
            close_paren(b);
        } else {
            sub(b, ATOM);
        }
        if (latex()) {
            lit("^{");
            sub(x, 0, true);
            lit("}");
        } else if (x.is_symbol() || x.kind() == Kind::Constant ||
                   (x.is_number() && x->num.is_integer() && !x->num.is_negative())) {
            lit("^");
            sub(x, ATOM);
        } else {
            lit("^(");
            sub(x, 0);
            lit(")");
        }
    }

    void function_argument(const Expr &fn) {
        const Expr &a = fn->arg();
        if (bare_argument(fn)) {
            lit(" ");
            sub(a, 0);
            return;
        }
        open_paren(a);
        sub(a, 0);
        close_paren(a);
    }

    void function(const Expr &e) {
        const FunctionInfo &fi = function_info(e->func());
        if (!latex()) {
            lit(fi.name);
            lit("(");
            sub(e->arg(), 0);
            lit(")");
            return;
        }
        switch (e->func()) {
        case FuncId::Abs:
            lit("\\left|");
            sub(e->arg(), 0);
            lit("\\right|");
            return;
        case FuncId::Exp:
            lit("e^{");
            sub(e->arg(), 0, true);
            lit("}");
            return;
        default:
            lit(fi.latex);
            function_argument(e);
        }
    }
};

} // namespace

std::string latex_symbol(const std::string &name) {
    if (name.size() == 1) return name;
    std::size_t i = 0;
    while (i < name.size() && std::isalpha(static_cast<unsigned char>(name[i]))) ++i;
    std::string base = name.substr(0, i), rest = name.substr(i);
    for (const char *g : kGreekNames)
        if (base == g) base = std::string("\\") + g + " ";
    if (!rest.empty() && rest[0] == '_') rest = rest.substr(1);
    if (base.size() > 1 && base.back() == ' ' && !rest.empty()) base.pop_back();
    if (!base.empty() && base.back() == ' ') base.pop_back();
    if (rest.empty()) return base;
    return base + "_{" + rest + "}";
}

void set_atom_printer(AtomPrinter hook) { g_atom_printer = hook; }

void set_print_limit(std::size_t max_chars) { g_print_limit = max_chars; }

std::string print(const Expr &e, Format f, std::size_t max_chars) { return Printer(f, max_chars).run(e); }
std::string to_text(const Expr &e, std::size_t max_chars) { return print(e, Format::Text, max_chars); }
std::string to_latex(const Expr &e, std::size_t max_chars) { return print(e, Format::Latex, max_chars); }

} // namespace leibniz
