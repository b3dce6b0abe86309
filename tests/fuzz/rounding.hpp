// A first-order rounding-error bound for the fuzz targets' value checks (fuzz_roundtrip,
// fuzz_pipeline): two evaluations of equal expressions in different forms may differ by the
// rounding error each one carries, which cancellation followed by a product can make large.
#pragma once

#include "core/eval.hpp"
#include "core/expr.hpp"
#include "core/functions.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace leibniz_fuzz {

// A first-order bound on the rounding error of evaluate(e, p), by running error analysis:
// each operation adds an ulp of its result, and carries its operands' errors through it.
// A sum that cancels keeps its terms' absolute errors, and a product then multiplies them by
// its other factors: (e^131 + 3 - e^131) e^122 has lost the 3 entirely, which the largest
// intermediate value (e^131) alone does not account for. Inf when no bound can be given.
inline double rounding_error(const leibniz::Expr &e, const leibniz::Point &p) {
    using namespace leibniz;
    const double u = 0x1p-52; // twice the unit roundoff: generous on purpose
    struct VE {
        double v, err;
    };
    auto value = [&](const Node &n) { return evaluate(Expr(const_cast<Node *>(&n)), p); };
    VE r = fold_postorder<VE>(e, [&](const Node &n, const std::vector<VE> &k) -> VE {
        const double v = value(n);
        switch (n.kind) {
        case Kind::Symbol:
            return {v, 0.0};
        case Kind::Number:
        case Kind::Constant:
            return {v, u * std::fabs(v)};
        case Kind::Add: {
            double err = 0, mag = 0;
            for (const VE &c : k) err += c.err, mag += std::fabs(c.v);
            return {v, err + u * static_cast<double>(k.size()) * mag};
        }
        case Kind::Mul: {
            // |v| * sum of relative errors; a number coefficient (maybe beyond the range of
            // doubles, which the evaluator scales) contributes its own relative error u.
            double rel = u * static_cast<double>(k.size()), err = 0;
            for (std::size_t i = 0; i < k.size(); ++i) {
                if (n.children[i].is_number()) {
                    rel += u;
                } else if (k[i].v != 0) {
                    rel += k[i].err / std::fabs(k[i].v);
                } else if (k[i].err != 0) { // a factor that is 0 up to rounding
                    double others = 1;
                    for (std::size_t j = 0; j < k.size(); ++j)
                        if (j != i) others *= std::fabs(k[j].v);
                    err += k[i].err * others;
                }
            }
            return {v, err + rel * std::fabs(v)};
        }
        case Kind::Pow: {
            const VE &b = k[0], &x = k[1];
            if (b.v == 0) return {v, b.err == 0 ? 0.0 : INFINITY};
            double rel = std::fabs(x.v) * b.err / std::fabs(b.v) + std::fabs(std::log(std::fabs(b.v))) * x.err;
            return {v, (rel + u) * std::fabs(v)};
        }
        case Kind::Func: {
            // The function over [a - err, a + err], plus a few ulps of its own.
            const auto &f = function_info(n.func());
            const double a = k[0].v, ea = k[0].err;
            double spread = 0;
            if (ea > 0) {
                double lo = f.eval(a - ea), hi = f.eval(a + ea);
                spread = std::max(std::fabs(lo - v), std::fabs(hi - v));
                if (std::isnan(spread)) spread = INFINITY;
            }
            return {v, spread + 4 * u * std::fabs(v)};
        }
        }
        return {v, INFINITY};
    });
    return r.err;
}

} // namespace leibniz_fuzz
