#include "domain.hpp"

#include "functions.hpp"
#include "limits.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>

namespace leibniz {

namespace {

// What is known about the value of one node.
struct Value {
    bool constant = false;       // no free symbols
    bool undefined = false;      // constant, and undefined here or below
    std::optional<Number> exact; // its exact rational value
    std::optional<Number> pi;    // value = *pi times pi, exactly
    double v = NAN;              // its value in double precision (NaN: not known)
    double err = INFINITY;       // estimated bound on |v - value| (infinite: not known)
};

// A little over double's unit roundoff, and the factor by which a numeric value must clear
// a domain's bound (beyond its estimated error) to count as outside: rounding and the
// first-order error estimate never make a defined constant look undefined.
constexpr double kEps = 2.3e-16;
constexpr double kSafety = 1e3;

// Exact arithmetic that gives up (returns nullopt) on numbers too large to be worth it,
// letting the wall-clock deadline through.
template <class F> std::optional<Number> try_exact(F &&f) {
    try {
        return f();
    } catch (const LimitError &e) {
        if (e.limit() == "max_time_ms") throw;
        return std::nullopt;
    } catch (const std::domain_error &) {
        return std::nullopt;
    }
}

// Sign of value - c: exactly when the value is exact, numerically only when clearly nonzero.
std::optional<int> compare_with(const Value &a, const Number &c) {
    if (a.exact) return a.exact->compare(c);
    if (std::isnan(a.v) || !std::isfinite(a.err)) return std::nullopt;
    double cd = c.to_double(), d = a.v - cd;
    if (std::fabs(d) <= kSafety * a.err + 4 * kEps * std::fabs(cd)) return std::nullopt;
    return d > 0 ? 1 : -1;
}

bool is_even(const Number &k) { return (k / Number(2)).is_integer(); }

// sin and cos of a constant that is 0 or a multiple of pi/2, exactly.
bool exact_trig(const Value &u, Number &s, Number &c) {
    if (u.exact && u.exact->is_zero()) {
        s = 0, c = 1;
        return true;
    }
    if (!u.pi) return false;
    const Number &q = *u.pi;
    Number twice = q * Number(2);
    if (!twice.is_integer()) return false;
    if (q.is_integer()) { // k pi
        s = 0;
        c = is_even(q) ? 1 : -1;
    } else { // (k + 1/2) pi: sin = (-1)^k
        Number k = (twice - Number(1)) / Number(2);
        s = is_even(k) ? 1 : -1;
        c = 0;
    }
    return true;
}

// Value and error estimate from the exact forms when there are any.
void settle(Value &r) {
    if (r.exact) {
        r.v = r.exact->to_double();
        // Integers below 2^53 convert exactly: (-2)^3 must not look like (-2)^(3 +- eps).
        r.err = r.exact->is_integer() && std::fabs(r.v) < 9e15 ? 0 : std::fabs(r.v) * kEps;
    } else if (r.pi) {
        r.v = r.pi->to_double() * M_PI;
        r.err = std::fabs(r.v) * 2 * kEps;
    }
}

// g at the corners of the inputs' error boxes: the spread is the error of g's value.
template <class G> double spread(G &&g, double v, std::initializer_list<std::pair<double, double>> in) {
    if (std::isnan(v)) return INFINITY;
    double worst = 0;
    std::vector<std::pair<double, double>> box(in);
    for (const auto &[x, e] : box)
        if (!std::isfinite(x) || !std::isfinite(e)) return INFINITY;
    std::size_t corners = std::size_t(1) << box.size();
    std::vector<double> at(box.size());
    for (std::size_t m = 0; m < corners; ++m) {
        for (std::size_t i = 0; i < box.size(); ++i) at[i] = box[i].first + ((m >> i) & 1 ? box[i].second : -box[i].second);
        double w = g(at);
        if (!std::isfinite(w)) return INFINITY;
        worst = std::max(worst, std::fabs(w - v));
    }
    return worst + 4 * kEps * std::fabs(v);
}

// A real power, with the real odd roots of negative bases when the exponent is an exact
// rational with an odd denominator (`odd_root`; `negative` then says whether its numerator
// is odd).
double real_pow(double b, double e, bool odd_root, bool negative) {
    if (b == 0 && e < 0) return NAN;
    if (b < 0 && odd_root) {
        double v = std::pow(-b, e);
        return negative ? -v : v;
    }
    return std::pow(b, e);
}

class Finder {
  public:
    explicit Finder(std::size_t max_count) : max_(max_count) {}
    std::vector<Expr> found;

    Value operator()(const Node &n, const std::vector<Value> &k) {
        Value r;
        switch (n.kind) {
        case Kind::Number:
            r.constant = true;
            r.exact = n.num;
            settle(r);
            return r;
        case Kind::Constant:
            r.constant = true;
            if (n.constant() == ConstId::Pi) {
                r.pi = Number(1);
                settle(r);
            } else {
                r.v = M_E;
                r.err = M_E * kEps;
            }
            return r;
        case Kind::Symbol:
            return r;
        default:
            break;
        }
        r.constant = true;
        for (const Value &c : k) {
            r.constant = r.constant && c.constant;
            r.undefined = r.undefined || c.undefined;
        }
        if (!r.constant || r.undefined) {
            r.undefined = r.constant && r.undefined; // reported further down already
            return r;
        }
        bool defined = true;
        try {
            switch (n.kind) {
            case Kind::Add:
                sum(k, r);
                break;
            case Kind::Mul:
                product(k, r);
                break;
            case Kind::Pow:
                defined = power(k[0], k[1], r);
                break;
            case Kind::Func:
                defined = function(n.func(), k[0], r);
                break;
            default:
                break;
            }
            settle(r);
        } catch (const std::exception &e) {
            // Exact values too large for the digit limit: nothing known, nothing claimed.
            auto *limit = dynamic_cast<const LimitError *>(&e);
            if (limit && limit->limit() == "max_time_ms") throw;
            r = Value{};
            r.constant = true;
        }
        if (!defined) {
            r = Value{};
            r.constant = r.undefined = true;
            if (found.size() < max_) found.push_back(Expr(const_cast<Node *>(&n)));
        }
        return r;
    }

  private:
    std::size_t max_;

    static void sum(const std::vector<Value> &k, Value &r) {
        r.v = 0;
        r.err = 0;
        double magnitude = 0;
        bool all_exact = true, all_pi = true;
        for (const Value &c : k) {
            r.v += c.v;
            r.err += c.err;
            magnitude += std::fabs(c.v);
            all_exact = all_exact && c.exact;
            all_pi = all_pi && (c.pi || (c.exact && c.exact->is_zero()));
        }
        r.err += magnitude * kEps * static_cast<double>(k.size()); // rounding of the partial sums
        if (all_exact) {
            r.exact = try_exact([&]() -> std::optional<Number> {
                Number s(0);
                for (const Value &c : k) s = s + *c.exact;
                return s;
            });
        } else if (all_pi) {
            r.pi = try_exact([&]() -> std::optional<Number> {
                Number s(0);
                for (const Value &c : k)
                    if (c.pi) s = s + *c.pi;
                return s;
            });
            if (r.pi && r.pi->is_zero()) r.exact = Number(0), r.pi.reset(); // pi - pi
        }
    }

    static void product(const std::vector<Value> &k, Value &r) {
        r.v = 1;
        bool all_exact = true, zero = false;
        int pis = 0;
        // err = sum over i of err_i times the product of the other |v_j| (first order), with
        // suffix products so that a numeric zero among the factors is no division by zero.
        std::vector<double> after(k.size() + 1, 1.0);
        for (std::size_t i = k.size(); i-- > 0;) after[i] = after[i + 1] * std::fabs(k[i].v);
        double before = 1;
        r.err = 0;
        for (std::size_t i = 0; i < k.size(); ++i) {
            const Value &c = k[i];
            r.v *= c.v;
            if (c.err > 0) r.err += c.err * before * after[i + 1];
            before *= std::fabs(c.v);
            all_exact = all_exact && c.exact;
            zero = zero || (c.exact && c.exact->is_zero());
            if (!c.exact) pis += c.pi ? 1 : 100;
        }
        r.err += std::fabs(r.v) * kEps * static_cast<double>(k.size());
        if (std::isnan(r.err)) r.err = INFINITY;
        if (zero) { // 0 times anything defined is 0
            r.exact = Number(0);
            return;
        }
        if (!all_exact && pis != 1) return;
        auto p = try_exact([&]() -> std::optional<Number> {
            Number s(1);
            for (const Value &c : k) s = s * (c.exact ? *c.exact : *c.pi);
            return s;
        });
        if (all_exact)
            r.exact = p;
        else
            r.pi = p;
    }

    // false: b^e has no real value.
    static bool power(const Value &b, const Value &e, Value &r) {
        std::optional<int> b_sign = compare_with(b, Number(0));
        std::optional<int> e_sign = compare_with(e, Number(0));
        if (b_sign == 0 && e_sign && *e_sign < 0) return false; // 1/0
        const bool rational_e = e.exact && !e.exact->is_integer();
        const bool odd_root = rational_e && !is_even(e.exact->denominator());
        if (b_sign && *b_sign < 0) {
            if (rational_e && !odd_root) return false; // (-8)^(1/4); (-8)^(1/3) is real
            if (!e.exact && !std::isnan(e.v) && std::isfinite(e.err) &&
                std::fabs(e.v - std::round(e.v)) > kSafety * e.err + 4 * kEps * std::fabs(e.v))
                return false; // (-2)^pi
        }
        const bool negative = odd_root && !is_even(e.exact->numerator());
        // A negative base: the exponent is an integer (or the answer is already unknown).
        const bool whole = b_sign && *b_sign < 0 && !rational_e;
        auto g = [&](const std::vector<double> &at) {
            return real_pow(at[0], whole ? std::round(at[1]) : at[1], odd_root, negative);
        };
        r.v = real_pow(b.v, e.v, odd_root, negative);
        r.err = spread(g, r.v, {{b.v, b.err}, {e.v, e.err}});
        if (e.exact && e.exact->is_zero()) r.exact = Number(1);           // u^0
        else if (b.exact && b.exact->is_one()) r.exact = Number(1);       // 1^u
        else if (b_sign == 0 && e_sign && *e_sign > 0) r.exact = Number(0); // 0^u, u > 0
        else if (b.exact && e.exact) {
            const Number &x = *b.exact, &p = *e.exact;
            r.exact = try_exact([&]() -> std::optional<Number> {
                if (!p.fits_small() || p.small_den() > 64) return std::nullopt;
                long long num_ = p.small_num(), den = p.small_den();
                if (num_ > 100000 || num_ < -100000) return std::nullopt;
                if (den == 1) return x.pow_int(num_);
                auto root = x.abs().exact_root(den);
                if (!root) return std::nullopt;
                Number v = root->pow_int(num_);
                return x.is_negative() && num_ % 2 != 0 ? -v : v;
            });
        }
        return true;
    }

    // false: f(u) has no real value.
    static bool function(FuncId f, const Value &u, Value &r) {
        auto cmp = [&](long long c) { return compare_with(u, Number(c)); };
        auto is = [](std::optional<int> c, bool (*test)(int)) { return c && test(*c); };
        auto lt = [](int c) { return c < 0; };
        auto le = [](int c) { return c <= 0; };
        auto gt = [](int c) { return c > 0; };
        auto ge = [](int c) { return c >= 0; };
        Number s, c;
        const bool trig = exact_trig(u, s, c);
        // u's exact value when it is -1, 0 or 1 (exact values of the inverse functions).
        std::optional<int> unit;
        if (u.exact && (u.exact->is_zero() || u.exact->is_one() || u.exact->is_minus_one()))
            unit = u.exact->sign();
        auto pi_times = [&](long long p, long long q) { r.pi = Number::fraction(p, q); };
        switch (f) {
        case FuncId::Log:
            if (is(cmp(0), le)) return false;
            if (unit == 1) r.exact = Number(0);
            break;
        case FuncId::Asin:
        case FuncId::Acos:
            if (is(cmp(1), gt) || is(cmp(-1), lt)) return false;
            if (unit && f == FuncId::Asin) pi_times(*unit, 2);           // 0, +-pi/2
            if (unit && f == FuncId::Acos) pi_times(1 - *unit, 2);       // pi, pi/2, 0
            break;
        case FuncId::Asec:
        case FuncId::Acsc:
            if (is(cmp(1), lt) && is(cmp(-1), gt)) return false;
            if (unit && *unit != 0) pi_times(f == FuncId::Asec ? (1 - *unit) / 2 : *unit, f == FuncId::Asec ? 1 : 2);
            break;
        case FuncId::Atan:
        case FuncId::Acot:
            if (unit && f == FuncId::Atan) pi_times(*unit, 4);
            if (unit && f == FuncId::Acot) pi_times(*unit == 0 ? 1 : *unit, *unit == 0 ? 2 : 4);
            break;
        case FuncId::Acosh:
            if (is(cmp(1), lt)) return false;
            if (unit == 1) r.exact = Number(0);
            break;
        case FuncId::Atanh:
            if (is(cmp(1), ge) || is(cmp(-1), le)) return false;
            if (unit == 0) r.exact = Number(0);
            break;
        case FuncId::Tan:
        case FuncId::Sec:
            if (trig && c.is_zero()) return false;
            if (trig) r.exact = f == FuncId::Tan ? s / c : Number(1) / c;
            break;
        case FuncId::Cot:
        case FuncId::Csc:
            if (trig && s.is_zero()) return false;
            if (trig) r.exact = f == FuncId::Cot ? c / s : Number(1) / s;
            break;
        case FuncId::Sin:
            if (trig) r.exact = s;
            break;
        case FuncId::Cos:
            if (trig) r.exact = c;
            break;
        case FuncId::Coth:
        case FuncId::Csch:
            if (unit == 0) return false;
            break;
        case FuncId::Abs:
            if (u.exact) r.exact = u.exact->abs();
            break;
        case FuncId::Sign:
        case FuncId::Heaviside:
        case FuncId::Relu:
            // Known from u's sign alone, even when u is known only numerically.
            if (auto sign = cmp(0)) {
                if (f == FuncId::Sign) r.exact = Number(*sign);
                if (f == FuncId::Heaviside) r.exact = *sign > 0 ? Number(1) : *sign < 0 ? Number(0) : Number::fraction(1, 2);
                if (f == FuncId::Relu && *sign <= 0) r.exact = Number(0);
                if (f == FuncId::Relu && *sign > 0 && u.exact) r.exact = u.exact;
            }
            break;
        case FuncId::Sinh: case FuncId::Tanh: case FuncId::Asinh:
            if (unit == 0) r.exact = Number(0);
            break;
        case FuncId::Cosh: case FuncId::Sech: case FuncId::Exp:
            if (unit == 0) r.exact = Number(1);
            break;
        case FuncId::Sigmoid:
            if (unit == 0) r.exact = Number::fraction(1, 2);
            break;
        default:
            break;
        }
        if (r.pi && r.pi->is_zero()) r.exact = Number(0), r.pi.reset();
        double (*eval)(double) = function_info(f).eval;
        r.v = std::isnan(u.v) ? NAN : eval(u.v);
        r.err = spread([&](const std::vector<double> &at) { return eval(at[0]); }, r.v, {{u.v, u.err}});
        return true;
    }
};

} // namespace

std::vector<Expr> undefined_constants(const Expr &e, std::size_t max_count) {
    if (!e || max_count == 0 || !e->has_constant_application) return {}; // most inputs: O(1)
    Finder finder(max_count);
    fold_postorder<Value>(e, [&](const Node &n, const std::vector<Value> &k) { return finder(n, k); });
    return std::move(finder.found);
}

} // namespace leibniz
