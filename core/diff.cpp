#include "diff.hpp"

#include "functions.hpp"

#include <algorithm>
#include <unordered_map>

namespace leibniz {

namespace {

struct ValueAndDerivative {
    Expr value;      // canonical form of the node
    Expr derivative; // canonical
};

void note(DiffContext &ctx, FuncId f, const Expr &u) {
    for (const auto &n : ctx.notes)
        if (n.function == f && n.argument == u) return;
    ctx.notes.push_back({f, u});
}

// Product rule for n factors: sum over i of f_i' * prod_{j != i} f_j.
Expr product_rule(const std::vector<ValueAndDerivative> &k) {
    std::vector<Expr> terms;
    for (std::size_t i = 0; i < k.size(); ++i) {
        if (k[i].derivative.is_zero()) continue;
        std::vector<Expr> f;
        f.reserve(k.size());
        for (std::size_t j = 0; j < k.size(); ++j) f.push_back(j == i ? k[i].derivative : k[j].value);
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
    Expr ln_b = func(FuncId::Log, b.value);
    if (b.derivative.is_zero()) return mul({value, ln_b, e.derivative});
    return mul({value, add({mul({e.derivative, ln_b}),
                            mul({e.value, b.derivative, pow(b.value, num(-1))})})});
}

} // namespace

Expr differentiate(const Expr &expr, const Expr &var, DiffContext &ctx) {
    auto step = [&](const Node &node, const std::vector<ValueAndDerivative> &kids) {
        const Node *n = &node;
        Expr self(const_cast<Node *>(n));
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
            std::vector<Expr> v, d;
            for (auto &k : kids) v.push_back(k.value), d.push_back(k.derivative);
            r = {n->canonical ? self : add(std::move(v)), add(std::move(d))};
            break;
        }
        case Kind::Mul: {
            if (n->canonical) {
                r.value = self;
            } else {
                std::vector<Expr> v;
                for (auto &k : kids) v.push_back(k.value);
                r.value = mul(std::move(v));
            }
            r.derivative = product_rule(kids);
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
        return r;
    };
    return fold_postorder<ValueAndDerivative>(expr, step).derivative;
}

Expr differentiate(const Expr &expr, const std::string &var) {
    DiffContext ctx;
    return differentiate(expr, sym(var), ctx);
}

} // namespace leibniz
