#include "eval.hpp"

#include "functions.hpp"

#include <algorithm>
#include <cfloat>
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
// A number coefficient that a double cannot hold to full precision (1e400 is inf, 1e-320 is
// subnormal with a dozen bits left) as m * 2^e. A product multiplies the mantissas and scales
// once at the end, so 1e400 * 10^-390 x or 1.5e-320 * 10^300 x come out right.
bool out_of_range(const Expr &c, double &m, long long &e) {
    if (!c.is_number() || c->num.is_zero()) return false;
    double v = c->num.to_double();
    if (std::isfinite(v) && std::fabs(v) >= DBL_MIN) return false;
    m = c->num.to_double_scaled(e);
    return true;
}

double scaled(double p, long long e) {
    return e == 0 ? p : std::ldexp(p, static_cast<int>(std::max<long long>(-100000, std::min<long long>(100000, e))));
}

// A product that cannot overflow or underflow on the way: a factor or partial product
// outside [2^-500, 2^500] hands its binary exponent to `scale`, applied once at the end. So
// cosh(u) * 10^291 * sech(v) * ... comes out right whenever the product itself fits, in any
// order of the factors; products that stay in range are computed exactly as plain doubles.
struct Product {
    double p = 1;
    long long scale = 0;
    double tame(double v) {
        const double a = std::fabs(v);
        if ((a > 0x1p500 || (a < 0x1p-500 && a != 0)) && std::isfinite(a)) {
            int e = 0;
            v = std::frexp(v, &e);
            scale += e;
        }
        return v;
    }
    void times(double v) { p = tame(p * tame(v)); }
    double value() const { return scaled(p, scale); }
};

// (m * 2^e)^x for an out-of-range number base: m^x * 2^(e x), the power of two split into an
// integer part (ldexp) and a fraction, so (10^-400)^(1/4) is 10^-100 rather than 0.
double scaled_pow(double m, long long e, double x, const Expr &exponent) {
    double t = static_cast<double>(e) * x;
    if (!std::isfinite(t)) return real_pow(m, x, exponent) * std::exp2(t);
    double whole = std::floor(t);
    return scaled(real_pow(m, x, exponent) * std::exp2(t - whole), static_cast<long long>(std::max(-1e6, std::min(1e6, whole))));
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
            Product prod;
            double m = 0;
            long long ex = 0;
            for (std::size_t i = 0; i < k.size(); ++i) {
                if (out_of_range(n.children[i], m, ex)) {
                    prod.times(m);
                    prod.scale += ex;
                } else {
                    prod.times(k[i]);
                }
            }
            return prod.value();
        }
        case Kind::Pow: {
            if (k[0] == 0 && k[1] < 0) return NAN; // division by zero
            double m = 0;
            long long ex = 0;
            if (out_of_range(n.children[0], m, ex)) return scaled_pow(m, ex, k[1], n.exponent());
            return real_pow(k[0], k[1], n.exponent());
        }
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
        Op op{n.kind, n.id, 0, static_cast<std::uint32_t>(args_.size()), static_cast<std::uint32_t>(n.children.size()), nullptr, 0};
        if (n.kind == Kind::Mul) {
            // Coefficients out of the range of doubles join as mantissa (`constant`) and scale.
            op.constant = 1;
            op.count = 0;
            for (const Expr &c : n.children) {
                double m = 0;
                long long ex = 0;
                if (out_of_range(c, m, ex)) {
                    op.constant *= m;
                    op.scale += ex;
                } else {
                    args_.push_back(slot.at(c.get()));
                    ++op.count;
                }
            }
        } else {
            for (const Expr &c : n.children) args_.push_back(slot.at(c.get()));
        }
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
        case Kind::Pow: {
            op.exponent = n.children[1].get();
            double m = 0;
            long long ex = 0;
            if (out_of_range(n.children[0], m, ex)) op.constant = m, op.scale = ex; // base m * 2^ex
            break;
        }
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
        case Kind::Mul: {
            Product prod{op.constant, op.scale};
            for (std::uint32_t k = 0; k < op.count; ++k) prod.times(regs_[a[k]]);
            r = prod.value();
            break;
        }
        case Kind::Pow: {
            double b = regs_[a[0]], x = regs_[a[1]];
            Expr exponent(const_cast<Node *>(op.exponent));
            if (op.scale) r = scaled_pow(op.constant, op.scale, x, exponent);
            else r = (b == 0 && x < 0) ? NAN : real_pow(b, x, exponent);
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
