#include "eval.hpp"

#include "functions.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <stdexcept>

namespace leibniz {

namespace {
double real_pow(double b, double e, const Expr &exponent) {
    // IEEE pow gives 1^NaN = NaN^0 = 1; an undefined base or exponent is undefined here.
    if (std::isnan(b) || std::isnan(e)) return NAN;
    if (b < 0 && exponent.is_number() && !exponent->num.is_integer()) {
        // b^(p/q) with q odd: the real root, signed by p.
        const Number &r = exponent->num;
        Number two(2);
        bool q_odd = !(r.denominator() / two).is_integer();
        if (!q_odd) return NAN;
        bool p_odd = !(r.numerator() / two).is_integer();
        double v = std::pow(-b, e);
        return p_odd ? -v : v;
    }
    return std::pow(b, e);
}
} // namespace

double evaluate(const Expr &e, const Point &at) {
    return fold_postorder<double>(e, [&](const Node &n, const std::vector<double> &k) -> double {
        switch (n.kind) {
        case Kind::Number:
            return n.num.to_double();
        case Kind::Symbol: {
            auto it = at.find(n.name);
            if (it == at.end()) throw std::invalid_argument("no value given for " + n.name);
            return it->second;
        }
        case Kind::Constant:
            return n.constant() == ConstId::Pi ? M_PI : M_E;
        case Kind::Add: {
            double s = 0;
            for (double v : k) s += v;
            return s;
        }
        case Kind::Mul: {
            double p = 1;
            for (double v : k) p *= v;
            return p;
        }
        case Kind::Pow:
            if (k[0] == 0 && k[1] < 0) return NAN; // division by zero
            return real_pow(k[0], k[1], n.exponent());
        case Kind::Func:
            if (std::isnan(k[0])) return NAN; // sign(undefined) is undefined, not 0
            return function_info(n.func()).eval(k[0]);
        }
        return NAN;
    });
}

CompiledExpr::CompiledExpr(const Expr &e, const std::vector<std::string> &vars) : keep_(e) {
    std::unordered_map<const Node *, std::uint32_t> slot;
    for_each_postorder(e, [&](const Node &n) {
        Op op{n.kind, n.id, 0, static_cast<std::uint32_t>(args_.size()), static_cast<std::uint32_t>(n.children.size()), nullptr};
        for (const Expr &c : n.children) args_.push_back(slot.at(c.get()));
        switch (n.kind) {
        case Kind::Number:
            op.constant = n.num.to_double();
            break;
        case Kind::Constant:
            op.constant = n.constant() == ConstId::Pi ? M_PI : M_E;
            break;
        case Kind::Symbol: {
            auto it = std::find(vars.begin(), vars.end(), n.name);
            if (it == vars.end()) throw std::invalid_argument("no value given for " + n.name);
            op.first = static_cast<std::uint32_t>(it - vars.begin());
            break;
        }
        case Kind::Pow:
            op.exponent = n.children[1].get();
            break;
        case Kind::Add:
        case Kind::Mul:
        case Kind::Func:
            break;
        }
        slot.emplace(&n, static_cast<std::uint32_t>(ops_.size()));
        ops_.push_back(op);
    });
    regs_.resize(ops_.size());
}

double CompiledExpr::operator()(const double *values) const {
    for (std::size_t i = 0; i < ops_.size(); ++i) {
        const Op &op = ops_[i];
        const std::uint32_t *a = args_.data() + op.first;
        double r = 0;
        switch (op.kind) {
        case Kind::Number:
        case Kind::Constant:
            r = op.constant;
            break;
        case Kind::Symbol:
            r = values[op.first];
            break;
        case Kind::Add:
            for (std::uint32_t k = 0; k < op.count; ++k) r += regs_[a[k]];
            break;
        case Kind::Mul:
            r = 1;
            for (std::uint32_t k = 0; k < op.count; ++k) r *= regs_[a[k]];
            break;
        case Kind::Pow: {
            double b = regs_[a[0]], x = regs_[a[1]];
            r = (b == 0 && x < 0) ? NAN : real_pow(b, x, Expr(const_cast<Node *>(op.exponent)));
            break;
        }
        case Kind::Func:
            r = std::isnan(regs_[a[0]]) ? NAN : function_info(static_cast<FuncId>(op.id)).eval(regs_[a[0]]);
            break;
        }
        regs_[i] = r;
    }
    return regs_.empty() ? NAN : regs_.back();
}

} // namespace leibniz
