#include "diff.hpp"

#include "functions.hpp"

#include <algorithm>

namespace leibniz {

namespace {

constexpr std::size_t kNoStep = static_cast<std::size_t>(-1);

struct ValueAndDerivative {
    Expr value;      // canonical form of the node
    Expr derivative; // canonical
    std::size_t step = kNoStep; // the recorded step for this node, when recording
};

void note(DiffContext &ctx, FuncId f, const Expr &u) {
    for (const auto &n : ctx.notes)
        if (n.function == f && n.argument == u) return;
    ctx.notes.push_back({f, u});
}

// Product rule for n factors: sum over i of f_i' * prod_{j != i} f_j. `value` is the
// canonical product; when each factor kept its own place in it (nothing merged), each term's
// factors are listed in that order, so mul() finds them sorted instead of sorting n factors
// n times (the result is the same: mul() does not depend on the order it is given).
Expr product_rule(const std::vector<ValueAndDerivative> &k, const Expr &value) {
    // n equal factors (x x ... x typed 20,000 times): f^m contributes m f^(m-1) f' once
    // instead of m equal terms of n factors each, which is quadratic in n.
    if (k.size() > 8) {
        std::vector<std::pair<std::size_t, std::size_t>> groups; // first index, multiplicity
        NodeMap<std::size_t> at;
        for (std::size_t j = 0; j < k.size(); ++j) {
            std::size_t *g = at.find(k[j].value.get());
            if (g && k[groups[*g].first].derivative == k[j].derivative) {
                ++groups[*g].second;
            } else if (!g) {
                at.insert(k[j].value.get(), groups.size());
                groups.emplace_back(j, 1);
            } else {
                groups.clear(); // equal values, different derivatives: the general rule
                break;
            }
        }
        if (!groups.empty() && groups.size() * 2 <= k.size()) {
            auto power = [](const Expr &v, std::size_t m) { return m == 1 ? v : pow(v, num(static_cast<long long>(m))); };
            std::vector<Expr> terms;
            for (std::size_t g = 0; g < groups.size(); ++g) {
                const ValueAndDerivative &f = k[groups[g].first];
                if (f.derivative.is_zero()) continue;
                std::vector<Expr> fs;
                for (std::size_t h = 0; h < groups.size(); ++h) {
                    const auto &[j, m] = groups[h];
                    if (h != g) {
                        fs.push_back(power(k[j].value, m));
                        continue;
                    }
                    fs.push_back(num(static_cast<long long>(m)));
                    if (m > 1) fs.push_back(power(f.value, m - 1));
                    fs.push_back(f.derivative);
                }
                terms.push_back(mul(std::move(fs)));
            }
            return add(std::move(terms));
        }
    }
    std::vector<std::size_t> order(k.size());
    for (std::size_t j = 0; j < k.size(); ++j) order[j] = j;
    if (k.size() > 8 && value.kind() == Kind::Mul && value->children.size() == k.size()) {
        NodeMap<std::size_t> place;
        for (std::size_t p = 0; p < k.size(); ++p) place.insert(value->children[p].get(), p);
        constexpr std::size_t unset = static_cast<std::size_t>(-1);
        std::vector<std::size_t> by_place(k.size(), unset);
        bool ok = true;
        for (std::size_t j = 0; j < k.size() && ok; ++j) {
            std::size_t *p = place.find(k[j].value.get());
            ok = p && by_place[*p] == unset;
            if (ok) by_place[*p] = j;
        }
        if (ok) order = std::move(by_place);
    }
    std::vector<Expr> terms;
    terms.reserve(k.size());
    for (std::size_t i = 0; i < k.size(); ++i) {
        if (k[i].derivative.is_zero()) continue;
        std::vector<Expr> f;
        f.reserve(k.size());
        for (std::size_t j : order) f.push_back(j == i ? k[i].derivative : k[j].value);
        terms.push_back(mul(std::move(f)));
    }
    return add(std::move(terms));
}

// d(u^v) with u' and v': constant exponent -> power rule; constant base -> exponential
// rule; both varying -> general power rule u^v (v' ln u + v u'/u).
Expr power_rule(const ValueAndDerivative &b, const ValueAndDerivative &e, const Expr &value) {
    if (e.derivative.is_zero()) {
        if (b.derivative.is_zero()) return num(0);
        return mul({e.value, pow(b.value, add({e.value, num(-1)})), b.derivative});
    }
    // 0^v is 0 wherever it is defined (v > 0): its derivative is 0, not 0^v ln 0.
    if (b.value.is_zero()) return num(0);
    Expr ln_b = func(FuncId::Log, b.value);
    if (b.derivative.is_zero()) return mul({value, ln_b, e.derivative});
    return mul({value, add({mul({e.derivative, ln_b}),
                            mul({e.value, b.derivative, pow(b.value, num(-1))})})});
}

} // namespace

namespace {

// b^e as a formula shows it: x rather than x^1, 1 rather than x^0.
Expr power_of(const Expr &b, const Expr &e) {
    if (e.is_one()) return b;
    if (e.is_zero()) return num(1);
    return raw_pow(b, e);
}

// Records the rule applications of one differentiation pass (see Step in diff.hpp).
class StepRecorder {
  public:
    StepRecorder(DiffContext &ctx, const Expr &var) : ctx_(ctx), var_(var) {}

    std::size_t record(const Node &n, const std::vector<ValueAndDerivative> &k, const ValueAndDerivative &r) {
        Expr self(const_cast<Node *>(&n));
        Step s{Rule::Constant, self, num(0), r.derivative, {}, FuncId::Count, {}, {}, {}, {}, {}};
        switch (n.kind) {
        case Kind::Number:
        case Kind::Constant:
            break;
        case Kind::Symbol:
            s.rule = &n == var_.get() ? Rule::Variable : Rule::OtherVariable;
            s.formula = r.derivative;
            break;
        case Kind::Add: {
            s.rule = Rule::Sum;
            std::vector<Expr> d;
            for (const auto &c : k) d.push_back(c.derivative), s.children.push_back(c.step);
            s.formula = raw_add(std::move(d));
            break;
        }
        case Kind::Mul:
            product(n, k, s);
            break;
        case Kind::Pow:
            power(n, k, r, s);
            break;
        case Kind::Func:
            function(n, k, s);
            break;
        }
        ctx_.steps->push_back(std::move(s));
        return ctx_.steps->size() - 1;
    }

  private:
    DiffContext &ctx_;
    Expr var_;

    void product(const Node &n, const std::vector<ValueAndDerivative> &k, Step &s) {
        std::vector<std::size_t> varying;
        for (std::size_t i = 0; i < k.size(); ++i)
            if (!k[i].derivative.is_zero()) varying.push_back(i);
        if (varying.empty()) return; // a product of constants
        for (const auto &c : k) s.factors.push_back(c.value);
        // f / g as typed (raw f * g^-1) with f varying: the quotient rule. So is 1 / g, unless
        // g is the variable itself (1/x is x^-1, the power rule).
        const Expr &last = n.children.back();
        const bool reciprocal = n.children.size() == 2 && varying.size() == 1 && varying[0] == 1 &&
                                k[0].value.is_one() && !(*ctx_.steps)[k[1].step].children.empty();
        if (n.children.size() == 2 && last.kind() == Kind::Pow && last->exponent().is_minus_one() &&
            (varying.size() == 2 || reciprocal)) {
            const Step &g_step = (*ctx_.steps)[k[1].step];
            // The step of g^-1 is a chain or power step whose child (if any) is g's step.
            Expr g = canonicalize(last->base());
            Expr dg = g_step.children.empty() ? (g == var_ ? num(1) : num(0))
                                              : (*ctx_.steps)[g_step.children[0]].result;
            s.rule = Rule::Quotient;
            s.factors = {k[0].value, g, k[0].derivative, dg};
            s.formula = raw_mul({raw_add({raw_mul({k[0].derivative, g}), raw_negate(raw_mul({k[0].value, dg}))}),
                                 raw_pow(raw_pow(g, num(2)), num(-1))});
            s.children = {k[0].step};
            if (!g_step.children.empty()) s.children.push_back(g_step.children[0]);
            return;
        }
        if (varying.size() == 1 && k.size() == 2 && k[0].value.is_one()) {
            // 1 * h as typed (1/x is 1 * x^-1): no constant to speak of; explain h's rule.
            Step h = (*ctx_.steps)[k[1].step];
            h.expr = s.expr;
            h.result = s.result;
            s = std::move(h);
            return;
        }
        if (varying.size() == 1) {
            s.rule = Rule::ConstantMultiple;
            std::vector<Expr> f;
            for (std::size_t i = 0; i < k.size(); ++i) f.push_back(i == varying[0] ? k[i].derivative : k[i].value);
            s.formula = raw_mul(std::move(f));
            s.children = {k[varying[0]].step};
            return;
        }
        s.rule = Rule::Product;
        std::vector<Expr> terms;
        for (std::size_t i : varying) {
            std::vector<Expr> f;
            for (std::size_t j = 0; j < k.size(); ++j) f.push_back(j == i ? k[j].derivative : k[j].value);
            terms.push_back(raw_mul(std::move(f)));
            s.children.push_back(k[i].step);
        }
        s.formula = raw_add(std::move(terms));
    }

    void power(const Node &n, const std::vector<ValueAndDerivative> &k, const ValueAndDerivative &r, Step &s) {
        const ValueAndDerivative &b = k[0], &e = k[1];
        const Expr &u = ctx_.substitution;
        if (e.derivative.is_zero()) {
            if (b.derivative.is_zero()) return;
            s.exponent = e.value;
            Expr n_minus_1 = add({e.value, num(-1)});
            if (n.children[0] == var_ || b.value == var_) {
                s.rule = Rule::Power;
                s.formula = raw_mul({e.value, power_of(var_, n_minus_1)});
                return;
            }
            s.rule = Rule::Chain;
            s.inner = b.value;
            s.outer = raw_pow(u, e.value);
            s.outer_derivative = raw_mul({e.value, power_of(u, n_minus_1)});
            s.formula = raw_mul({raw_mul({e.value, power_of(b.value, n_minus_1)}), b.derivative});
            s.children = {b.step};
            return;
        }
        Expr ln_b = raw_func(FuncId::Log, {b.value});
        if (b.derivative.is_zero()) {
            // a^v: e^v is the exponential function itself; other bases bring ln a.
            bool natural = b.value.kind() == Kind::Constant && b.value->constant() == ConstId::E;
            Expr outer_d = natural ? raw_pow(b.value, u) : raw_mul({raw_pow(b.value, u), ln_b});
            Expr at_inner = natural ? r.value : raw_mul({r.value, ln_b});
            if (e.value == var_) {
                s.rule = natural ? Rule::Function : Rule::Exponential;
                s.func = FuncId::Exp;
                s.formula = at_inner;
                return;
            }
            s.rule = Rule::Chain;
            s.func = natural ? FuncId::Exp : FuncId::Count;
            s.inner = e.value;
            s.outer = raw_pow(b.value, u);
            s.outer_derivative = outer_d;
            s.formula = raw_mul({at_inner, e.derivative});
            s.children = {e.step};
            return;
        }
        s.rule = Rule::GeneralPower;
        s.factors = {b.value, e.value, b.derivative, e.derivative};
        s.formula = raw_mul({r.value, raw_add({raw_mul({e.derivative, ln_b}),
                                               raw_mul({e.value, b.derivative, raw_pow(b.value, num(-1))})})});
        s.children = {b.step};
        if (e.step != b.step) s.children.push_back(e.step); // x^x: one child, explained once
    }

    void function(const Node &n, const std::vector<ValueAndDerivative> &k, Step &s) {
        const ValueAndDerivative &a = k[0];
        if (a.derivative.is_zero()) return;
        const FunctionInfo &fi = function_info(n.func());
        s.func = n.func();
        if (a.value == var_) {
            s.rule = Rule::Function;
            s.formula = fi.derivative(var_);
            return;
        }
        const Expr &u = ctx_.substitution;
        s.rule = Rule::Chain;
        s.inner = a.value;
        s.outer = raw_func(n.func(), {u});
        s.outer_derivative = fi.derivative(u);
        s.formula = raw_mul({fi.derivative(a.value), a.derivative});
        s.children = {a.step};
    }
};

} // namespace

Expr differentiate(const Expr &expr, const Expr &var, DiffContext &ctx) {
    if (ctx.steps && !ctx.substitution) ctx.substitution = sym("u");
    StepRecorder recorder(ctx, var);
    auto step = [&](const Node &node, const std::vector<ValueAndDerivative> &kids) {
        const Node *n = &node;
        Expr self(const_cast<Node *>(n));
        // The node's canonical form: itself, or a sum or product (build) of its children's.
        auto canonical_value = [&](Expr (*build)(std::vector<Expr>)) {
            if (n->canonical) return self;
            std::vector<Expr> v;
            v.reserve(kids.size());
            for (auto &k : kids) v.push_back(k.value);
            return build(std::move(v));
        };
        ValueAndDerivative r;
        switch (n->kind) {
        case Kind::Number:
        case Kind::Constant:
            r = {self, num(0)};
            break;
        case Kind::Symbol:
            r = {self, num(n == var.get() ? 1 : 0)};
            break;
        case Kind::Add: {
            std::vector<Expr> d;
            d.reserve(kids.size());
            for (auto &k : kids) d.push_back(k.derivative);
            r.value = canonical_value(add);
            r.derivative = add(std::move(d));
            break;
        }
        case Kind::Mul: {
            r.value = canonical_value(mul);
            r.derivative = product_rule(kids, r.value);
            break;
        }
        case Kind::Pow:
            r.value = n->canonical ? self : pow(kids[0].value, kids[1].value);
            r.derivative = power_rule(kids[0], kids[1], r.value);
            break;
        case Kind::Func: {
            const FunctionInfo &fi = function_info(n->func());
            const Expr &u = kids[0].value;
            r.value = n->canonical ? self : func(n->func(), u);
            if (kids[0].derivative.is_zero()) {
                r.derivative = num(0);
            } else {
                if (!fi.differentiable_at_0) {
                    // |-x - 1| is |x + 1|: report the argument the canonical form kept.
                    bool same = r.value.kind() == Kind::Func && r.value->func() == n->func();
                    note(ctx, n->func(), same ? r.value->arg() : u);
                }
                r.derivative = mul({fi.derivative(u), kids[0].derivative}); // the chain rule
            }
            break;
        }
        }
        if (ctx.steps) r.step = recorder.record(node, kids, r);
        return r;
    };
    return fold_postorder<ValueAndDerivative>(expr, step).derivative;
}

Expr differentiate(const Expr &expr, const std::string &var) {
    DiffContext ctx;
    return differentiate(expr, sym(var), ctx);
}

} // namespace leibniz
