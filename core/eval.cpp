#include "eval.hpp"

#include "functions.hpp"

#include <cmath>
#include <stdexcept>

namespace leibniz {

namespace {
double real_pow(double b, double e, const Expr &exponent) {
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

} // namespace leibniz
