#include "number.hpp"

#include "expr.hpp" // check_expr_deadline
#include "limits.hpp"

#include <boost/multiprecision/cpp_int.hpp>

#include <atomic>
#include <cmath>
#include <climits>
#include <cstdint>
#include <stdexcept>
#include <type_traits>

// ---------------------------------------------------------------------------------------
// A gcd for cpp_int that is linear when one operand is small.
//
// cpp_rational is boost::rational<cpp_int> (Boost 1.74), which normalizes with a gcd after
// every operation: a negation builds rational(-num, den) and reduces it, a sum of two
// integers takes gcd(n, 1). Boost's eval_gcd for cpp_int is a binary gcd; when one operand
// fits in a limb it subtracts that limb from the other and shifts out the trailing zeros, a
// few bits at a time, with no reduction modulo the small one first: O(bits * limbs) word
// operations for gcd(n, 1) instead of O(limbs), so every operation on a 10,000-digit number
// cost milliseconds. With two big operands it stays O(bits * limbs) even after one of them
// has become small.
//
// The overloads below are non-templates for exactly cpp_int's backend, declared in the
// backend's namespace before anything instantiates cpp_rational or gcd. Boost calls
// eval_gcd unqualified from its templates, so argument-dependent lookup finds these at
// instantiation, and a non-template beats a function template with the same parameter
// types. This file must stay the only translation unit that instantiates Boost's rational or
// gcd code for cpp_int: another one would instantiate the same templates with Boost's gcd
// (an ODR violation; the linker would keep one of the two copies).
namespace boost {
namespace multiprecision {
namespace backends {
void eval_gcd(cpp_int_backend<> &result, const cpp_int_backend<> &a, const cpp_int_backend<> &b);
void eval_gcd(cpp_int_backend<> &result, const cpp_int_backend<> &a, limb_type v);
} // namespace backends
} // namespace multiprecision
} // namespace boost

namespace leibniz {

namespace mp = boost::multiprecision;
using BigInt = mp::cpp_int;
using BigRat = mp::cpp_rational;

namespace {
using IntBackend = mp::cpp_int_backend<>;
static_assert(std::is_same<BigInt::backend_type, IntBackend>::value,
              "the eval_gcd overloads must be for cpp_int's backend");
static_assert(std::is_same<BigRat::backend_type, mp::backends::rational_adaptor<IntBackend>>::value,
              "cpp_rational is expected to be rational_adaptor<cpp_int_backend<>> (Boost 1.74)");
using Limb = mp::limb_type;
using DoubleLimb = mp::double_limb_type;
constexpr unsigned kLimbBits = sizeof(Limb) * CHAR_BIT;

std::atomic<std::uint64_t> g_gcd_calls{0}; // for a test that these overloads are the ones used

// |a| mod v for v != 0: one pass over the limbs, most significant first.
Limb mod_limb(const IntBackend &a, Limb v) {
    if (v == 1) return 0;
    DoubleLimb r = 0;
    const Limb *p = a.limbs();
    for (unsigned i = a.size(); i-- > 0;) r = ((r << kLimbBits) | p[i]) % v;
    return static_cast<Limb>(r);
}

Limb gcd_limb(Limb x, Limb y) {
    while (y) {
        Limb t = x % y;
        x = y;
        y = t;
    }
    return x;
}

// gcd(|a|, v), with gcd(0, v) = v and gcd(a, 0) = |a| like Boost's.
void gcd_with_limb(IntBackend &result, const IntBackend &a, Limb v) {
    if (v == 0) {
        result = a;
        if (result.isneg()) result.negate();
        return;
    }
    result = gcd_limb(v, mod_limb(a, v));
}

// Bits k .. k+63 of |v| (zeros above its top bit).
std::uint64_t bits_from(const IntBackend &v, unsigned long long k) {
    std::uint64_t r = 0;
    unsigned got = 0;
    unsigned long long idx = k / kLimbBits;
    unsigned off = static_cast<unsigned>(k % kLimbBits);
    while (got < 64 && idx < v.size()) {
        r |= static_cast<std::uint64_t>(v.limbs()[idx] >> off) << got;
        got += kLimbBits - off;
        off = 0;
        ++idx;
    }
    return r;
}

// dst = A x + B y in one pass over the limbs, for 0 <= y <= x and |A|, |B| < 2^62 (so no
// 128-bit sum below can overflow). Returns false, dst unspecified, when the result is negative.
bool combine(IntBackend &dst, const IntBackend &x, const IntBackend &y, __int128 A, __int128 B) {
    const unsigned n = x.size(), ny = y.size();
    if (dst.isneg()) dst.negate();
    dst.resize(n, n);
    Limb *d = dst.limbs();
    const Limb *px = x.limbs(), *py = y.limbs();
    __int128 carry = 0;
    for (unsigned i = 0; i < n; ++i) {
        __int128 acc = carry + A * static_cast<__int128>(px[i]);
        if (i < ny) acc += B * static_cast<__int128>(py[i]);
        d[i] = static_cast<Limb>(acc); // the low limb, modulo 2^kLimbBits
        carry = acc >> kLimbBits;      // floor(acc / 2^kLimbBits): an arithmetic shift
    }
    dst.normalize();
    return carry == 0;
}

// gcd(|a|, |b|) by Lehmer's algorithm (Knuth, TAOCP vol. 2, 4.5.2, Algorithm L): Euclid's
// quotients are found from the leading 62 bits of both numbers for as long as they are
// certain, then applied to the full numbers in one pass (about 30 bits of progress per pass
// instead of one or two); when no quotient is certain, one full division step, which also
// reduces a much larger number by a smaller one in a single O(n*m) step.
void gcd_big(IntBackend &result, const IntBackend &a, const IntBackend &b) {
    if (a.size() == 1) return gcd_with_limb(result, b, a.limbs()[0]);
    if (b.size() == 1) return gcd_with_limb(result, a, b.limbs()[0]);
    BigInt x(a), y(b), t, w;
    if (x.backend().isneg()) x.backend().negate();
    if (y.backend().isneg()) y.backend().negate();
    if (x < y) x.swap(y);
    // Invariant: x >= y >= 0 and gcd(x, y) = gcd(|a|, |b|).
    const __int128 lim = static_cast<__int128>(1) << 62;
    while (y.backend().size() > 1) {
        const unsigned long long top = mp::msb(x) + 1;
        const unsigned long long k = top > 62 ? top - 62 : 0;
        // x^ = floor(x / 2^k) < 2^62 and y^ = floor(y / 2^k) <= x^; Knuth's bounds keep the
        // cofactors below 2^62 in magnitude, and 128-bit arithmetic leaves room regardless.
        __int128 xh = static_cast<__int128>(bits_from(x.backend(), k));
        __int128 yh = static_cast<__int128>(bits_from(y.backend(), k));
        __int128 A = 1, B = 0, C = 0, D = 1;
        while (yh + C > 0 && yh + D > 0 && xh + A >= 0 && xh + B >= 0) {
            const __int128 q = (xh + A) / (yh + C);
            if (q != (xh + B) / (yh + D)) break;
            __int128 T = A - q * C;
            A = C;
            C = T;
            T = B - q * D;
            B = D;
            D = T;
            T = xh - q * yh;
            xh = yh;
            yh = T;
        }
        // (x, y) <- (A x + B y, C x + D y): the remainders that those Euclid steps give. The
        // matrix has determinant +-1, so gcd(t, w) = gcd(x, y) whatever happened; the
        // quotients were certain, so also y >= t > w >= 0, which is checked anyway (progress
        // and the invariant do not rest on the theory): on failure, a division step instead.
        if (B != 0 && A < lim && -A < lim && B < lim && -B < lim && C < lim && -C < lim &&
            D < lim && -D < lim && combine(t.backend(), x.backend(), y.backend(), A, B) &&
            combine(w.backend(), x.backend(), y.backend(), C, D) && t > w && t <= y) {
            x.swap(t);
            y.swap(w);
        } else {
            t = x % y;
            x.swap(y);
            y.swap(t);
        }
    }
    gcd_with_limb(result, x.backend(), y.backend().limbs()[0]);
}
} // namespace

namespace number_testing {
// Calls of the eval_gcd overloads below; declared in tests/test_number.cpp.
std::uint64_t fast_gcd_calls() { return g_gcd_calls.load(std::memory_order_relaxed); }
} // namespace number_testing
} // namespace leibniz

namespace boost {
namespace multiprecision {
namespace backends {
void eval_gcd(cpp_int_backend<> &result, const cpp_int_backend<> &a, const cpp_int_backend<> &b) {
    leibniz::g_gcd_calls.fetch_add(1, std::memory_order_relaxed);
    leibniz::gcd_big(result, a, b);
}
void eval_gcd(cpp_int_backend<> &result, const cpp_int_backend<> &a, limb_type v) {
    leibniz::g_gcd_calls.fetch_add(1, std::memory_order_relaxed);
    leibniz::gcd_with_limb(result, a, v);
}
} // namespace backends
} // namespace multiprecision
} // namespace boost

namespace leibniz {

struct Number::Big {
    BigRat v;
};

namespace {
std::size_t g_max_digits = 10'000;

long long gcd_ll(long long a, long long b) {
    if (a < 0) a = -a;
    if (b < 0) b = -b;
    while (b) {
        long long t = a % b;
        a = b;
        b = t;
    }
    return a;
}

// Decimal digits of a big integer, without Boost's str() (which drags iostreams and locales
// into the wasm module).
std::string big_to_string(BigInt v) {
    if (v == 0) return "0";
    bool negative = v < 0;
    if (negative) v = -v;
    const BigInt chunk(1000000000000000000ull); // 10^18
    std::vector<unsigned long long> parts;
    while (v > 0) {
        // Quadratic in the digits: a number of a million digits (a raised digit limit)
        // takes long enough to need the deadline.
        if (parts.size() % 256 == 255) check_expr_deadline();
        BigInt q, r;
        mp::divide_qr(v, chunk, q, r);
        parts.push_back(static_cast<unsigned long long>(r));
        v = q;
    }
    std::string out = negative ? "-" : "";
    out += std::to_string(parts.back());
    char buf[24];
    for (std::size_t i = parts.size() - 1; i-- > 0;) {
        std::snprintf(buf, sizeof buf, "%018llu", parts[i]);
        out += buf;
    }
    return out;
}

// |v| as mantissa * 2^exponent with the top 63 bits of v in the mantissa.
double top_bits(const BigInt &v, long long &exponent) {
    BigInt a = mp::abs(v);
    long long bits = static_cast<long long>(mp::msb(a)) + 1;
    exponent = bits > 63 ? bits - 63 : 0;
    return static_cast<double>(static_cast<unsigned long long>(a >> static_cast<unsigned>(exponent)));
}

// v = -v without Boost's unary minus, which builds rational(-num, den) and normalizes it: a
// full gcd of numerator and denominator. Negating the numerator in place keeps the value
// normalized (gcd(-n, d) = gcd(n, d) = 1, d > 0). numerator() returns a const reference to
// a member of v, which is not a const object, so writing through it is well defined.
void negate_in_place(BigRat &v) {
    auto &r = v.backend().data(); // boost::rational<BigInt>
    static_assert(std::is_same<decltype(r.numerator()), const BigInt &>::value,
                  "boost::rational::numerator() is expected to return a const reference");
    const_cast<BigInt &>(r.numerator()).backend().negate();
}

std::size_t digits_of(const BigInt &v) {
    // msb gives a cheap bound: digits ~= bits * log10(2).
    if (v == 0) return 1;
    BigInt a = mp::abs(v);
    return static_cast<std::size_t>(static_cast<double>(mp::msb(a) + 1) * 0.30102999566398120) + 1;
}
} // namespace

void Number::set_max_digits(std::size_t d) { g_max_digits = d; }
std::size_t Number::max_digits() { return g_max_digits; }

Number Number::fraction(long long num, long long den) {
    if (den == 0) throw std::domain_error("division by zero");
    if (num == LLONG_MIN || den == LLONG_MIN) {
        Big b{BigRat(BigInt(num), BigInt(den))};
        return from_big(std::move(b));
    }
    if (den < 0) num = -num, den = -den;
    long long g = gcd_ll(num, den);
    Number r;
    if (g > 1) num /= g, den /= g;
    r.n_ = num;
    r.d_ = den;
    return r;
}

Number Number::from_big(Big &&b) {
    // Every big operation ends here: a long run of them (a sum of many large fractions, whose
    // gcds dominate) stops at the wall-clock deadline like the expression builders do.
    check_expr_deadline();
    const BigInt num = mp::numerator(b.v), den = mp::denominator(b.v);
    const BigInt lo(std::numeric_limits<long long>::min() + 1);
    const BigInt hi(std::numeric_limits<long long>::max());
    if (num >= lo && num <= hi && den <= hi) {
        Number r;
        r.n_ = static_cast<long long>(num);
        r.d_ = static_cast<long long>(den);
        return r;
    }
    if (digits_of(num) > g_max_digits || digits_of(den) > g_max_digits)
        throw LimitError("max_number_digits",
                         "an exact number would exceed the limit of " +
                             std::to_string(g_max_digits) + " digits");
    Number r;
    r.big_ = std::make_shared<const Big>(std::move(b));
    return r;
}

Number::Big Number::to_big() const {
    if (big_) return *big_;
    return Big{BigRat(BigInt(n_), BigInt(d_))};
}

std::optional<Number> Number::from_decimal(const std::string &s) {
    if (!s.empty() && s.size() <= 18 &&
        s.find_first_not_of("0123456789") == std::string::npos)
        return Number(std::stoll(s)); // the common case: a short integer
    // Refuse over-long mantissas before building them: the conversion is quadratic.
    std::size_t significant = 0;
    bool leading = true;
    for (char c : s) {
        if (c == 'e' || c == 'E') break;
        if (c < '0' || c > '9') continue;
        if (c != '0') leading = false;
        if (!leading) ++significant;
    }
    if (significant > g_max_digits)
        throw LimitError("max_number_digits", "an exact number would exceed the limit of " +
                                                  std::to_string(g_max_digits) + " digits");
    std::size_t i = 0;
    BigInt mant = 0;
    long long scale = 0; // value = mant * 10^-scale * 10^exp
    bool any = false;
    // Digits go into the mantissa 18 at a time (one big multiply-add per chunk instead of
    // per digit); still quadratic, so a long mantissa checks the deadline as it goes.
    unsigned long long chunk = 0, chunk_scale = 1;
    std::size_t chunks = 0;
    auto flush = [&] {
        if (chunk_scale == 1) return;
        mant = mant * chunk_scale + chunk;
        chunk = 0;
        chunk_scale = 1;
        if (++chunks % 64 == 0) check_expr_deadline();
    };
    auto digit = [&](char c) {
        chunk = chunk * 10 + static_cast<unsigned long long>(c - '0');
        chunk_scale *= 10;
        if (chunk_scale == 1000000000000000000ull) flush();
        any = true;
    };
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) digit(s[i++]);
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
            digit(s[i++]);
            ++scale;
        }
    }
    flush();
    if (!any) return std::nullopt;
    long long ex = 0;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        bool neg = false;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
        if (i >= s.size()) return std::nullopt;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
            if (ex > 1'000'000) {
                throw LimitError("max_number_digits",
                                 "the exponent of a number exceeds the limit of " +
                                     std::to_string(g_max_digits) + " digits");
            }
            ex = ex * 10 + (s[i] - '0');
            ++i;
        }
        if (neg) ex = -ex;
    }
    if (i != s.size()) return std::nullopt;
    long long p = ex - scale;
    if (static_cast<std::size_t>(std::llabs(p)) > g_max_digits)
        throw LimitError("max_number_digits", "a number exceeds the limit of " +
                                                  std::to_string(g_max_digits) + " digits");
    BigInt ten = mp::pow(BigInt(10), static_cast<unsigned>(std::llabs(p)));
    Big b;
    if (p >= 0)
        b.v = BigRat(mant * ten);
    else
        b.v = BigRat(mant, ten);
    return from_big(std::move(b));
}

bool Number::is_integer() const { return big_ ? mp::denominator(big_->v) == 1 : d_ == 1; }

int Number::sign() const {
    if (big_) return big_->v.sign();
    return n_ > 0 ? 1 : (n_ < 0 ? -1 : 0);
}

Number Number::numerator() const {
    if (!big_) return Number(n_);
    return from_big(Big{BigRat(mp::numerator(big_->v))});
}

Number Number::denominator() const {
    if (!big_) return Number(d_);
    return from_big(Big{BigRat(mp::denominator(big_->v))});
}

Number Number::operator+(const Number &o) const {
    if (!big_ && !o.big_) {
        if (d_ == 1 && o.d_ == 1) {
            long long r;
            if (!__builtin_add_overflow(n_, o.n_, &r) && r != LLONG_MIN) return Number(r);
        } else {
            long long a, b, c, den;
            if (!__builtin_mul_overflow(n_, o.d_, &a) && !__builtin_mul_overflow(o.n_, d_, &b) &&
                !__builtin_add_overflow(a, b, &c) && !__builtin_mul_overflow(d_, o.d_, &den) &&
                c != LLONG_MIN)
                return fraction(c, den);
        }
    }
    Big b = to_big();
    b.v += o.to_big().v;
    return from_big(std::move(b));
}

Number Number::operator-() const {
    if (!big_ && n_ != LLONG_MIN) {
        Number r = *this;
        r.n_ = -n_;
        return r;
    }
    Big b = to_big();
    negate_in_place(b.v);
    return from_big(std::move(b));
}

Number Number::operator-(const Number &o) const { return *this + (-o); }

Number Number::operator*(const Number &o) const {
    if (!big_ && !o.big_) {
        long long a, den;
        if (d_ == 1 && o.d_ == 1) {
            if (!__builtin_mul_overflow(n_, o.n_, &a) && a != LLONG_MIN) return Number(a);
        } else if (!__builtin_mul_overflow(n_, o.n_, &a) &&
                   !__builtin_mul_overflow(d_, o.d_, &den) && a != LLONG_MIN) {
            return fraction(a, den);
        }
    }
    Big b = to_big();
    b.v *= o.to_big().v;
    return from_big(std::move(b));
}

Number Number::operator/(const Number &o) const {
    if (o.is_zero()) throw std::domain_error("division by zero");
    if (!big_ && !o.big_) {
        long long a, den;
        if (!__builtin_mul_overflow(n_, o.d_, &a) && !__builtin_mul_overflow(d_, o.n_, &den) &&
            a != LLONG_MIN && den != LLONG_MIN)
            return fraction(a, den);
    }
    Big b = to_big();
    b.v /= o.to_big().v;
    return from_big(std::move(b));
}

Number Number::pow_int(long long e) const {
    if (e == 0) return Number(1);
    if (is_zero()) {
        if (e < 0) throw std::domain_error("division by zero");
        return Number(0);
    }
    if (is_one()) return Number(1);
    if (is_minus_one()) return Number((e % 2 == 0) ? 1 : -1);
    unsigned long long ue = e < 0 ? 0ull - static_cast<unsigned long long>(e) : e;
    // Estimate the size first so that 2^(10^9) fails fast instead of computing.
    double est = static_cast<double>(std::max(digits(), std::size_t(1))) * static_cast<double>(ue);
    if (est > static_cast<double>(g_max_digits) * 1.05 + 2) {
        // digits() overestimates small numbers (e.g. 2 has 1 digit but log10(2) = 0.3).
        double lg = std::fabs(std::log10(std::fabs(to_double())));
        double den_lg = std::log10(std::fabs(denominator().to_double()));
        if (std::isinf(lg) || (std::max(lg, den_lg) * static_cast<double>(ue) > g_max_digits))
            throw LimitError("max_number_digits", "an exact power would exceed the limit of " +
                                                      std::to_string(g_max_digits) + " digits");
    }
    Number base = *this, r(1);
    while (ue) {
        if (ue & 1) r = r * base;
        ue >>= 1;
        if (ue) base = base * base;
    }
    return e < 0 ? Number(1) / r : r;
}

namespace {
// Integer q-th root of a non-negative big integer if exact.
std::optional<BigInt> int_root(const BigInt &v, long long q) {
    if (v < 0) return std::nullopt;
    if (v < 2) return v;
    if (q == 1) return v;
    // Newton iteration on integers.
    unsigned bits = static_cast<unsigned>(mp::msb(v)) / static_cast<unsigned>(q) + 1;
    BigInt x = BigInt(1) << bits; // >= root
    while (true) {
        check_expr_deadline(); // up to ~q iterations, each a power of a big number
        BigInt xq1 = mp::pow(x, static_cast<unsigned>(q - 1));
        BigInt y = ((q - 1) * x + v / xq1) / q;
        if (y >= x) break;
        x = y;
    }
    if (mp::pow(x, static_cast<unsigned>(q)) == v) return x;
    return std::nullopt;
}
} // namespace

std::optional<Number> Number::exact_root(long long q) const {
    if (q <= 0 || sign() < 0) return std::nullopt;
    if (q == 1) return *this;
    if (q > 64 && !is_zero() && !is_one()) {
        // A q-th root of a number below 2^64 that is exact must be 1; a bigger one is rare.
        if (digits() < 20) return std::nullopt;
    }
    Big b = to_big();
    auto nr = int_root(mp::numerator(b.v), q);
    if (!nr) return std::nullopt;
    auto dr = int_root(mp::denominator(b.v), q);
    if (!dr) return std::nullopt;
    return from_big(Big{BigRat(*nr, *dr)});
}

bool Number::operator==(const Number &o) const {
    // Both sides are normalized: a value is big only when it does not fit the small form,
    // so equality is a field comparison, never a cross-multiplication.
    if (!big_ && !o.big_) return n_ == o.n_ && d_ == o.d_;
    if (!big_ || !o.big_) return false;
    return big_ == o.big_ || (mp::numerator(big_->v) == mp::numerator(o.big_->v) &&
                              mp::denominator(big_->v) == mp::denominator(o.big_->v));
}

int Number::compare(const Number &o) const {
    if (!big_ && !o.big_) {
        if (d_ == o.d_) return n_ < o.n_ ? -1 : (n_ > o.n_ ? 1 : 0);
        __int128 a = static_cast<__int128>(n_) * o.d_, b = static_cast<__int128>(o.n_) * d_;
        return a < b ? -1 : (a > b ? 1 : 0);
    }
    BigRat a = to_big().v, b = o.to_big().v;
    return a < b ? -1 : (a > b ? 1 : 0);
}

double Number::to_double() const {
    if (!big_) return static_cast<double>(n_) / static_cast<double>(d_);
    // Each part to 63 significant bits with its own binary exponent, then one division and
    // one scaling: exact to double precision for any size, overflowing only to +-inf.
    const BigInt &n = mp::numerator(big_->v), &d = mp::denominator(big_->v);
    if (n == 0) return 0.0;
    long long en = 0, ed = 0;
    double a = top_bits(n, en), b = top_bits(d, ed);
    double r = std::ldexp(a / b, static_cast<int>(std::max<long long>(-100000, std::min<long long>(100000, en - ed))));
    return n < 0 ? -r : r;
}

double Number::to_double_scaled(long long &exponent) const {
    int e = 0;
    if (!big_) { // |n/d| >= 2^-63: a normal double
        double m = std::frexp(static_cast<double>(n_) / static_cast<double>(d_), &e);
        exponent = e;
        return m;
    }
    const BigInt &n = mp::numerator(big_->v), &d = mp::denominator(big_->v);
    long long en = 0, ed = 0;
    double a = top_bits(n, en), b = top_bits(d, ed);
    double m = std::frexp(a / b, &e);
    exponent = en - ed + e;
    return n < 0 ? -m : m;
}

std::string Number::to_string() const {
    if (!big_) {
        if (d_ == 1) return std::to_string(n_);
        return std::to_string(n_) + "/" + std::to_string(d_);
    }
    std::string num = big_to_string(mp::numerator(big_->v));
    const BigInt &den = mp::denominator(big_->v);
    if (den == 1) return num;
    return num + "/" + big_to_string(den);
}

std::uint64_t Number::hash() const {
    if (!big_) {
        std::uint64_t h = static_cast<std::uint64_t>(n_) * 0x9E3779B97F4A7C15ull;
        h ^= static_cast<std::uint64_t>(d_) + 0x7F4A7C159E3779B9ull + (h << 6) + (h >> 2);
        return h;
    }
    // FNV-1a over the magnitudes' 32-bit words, least significant first, and the signs: linear
    // in the digits (the decimal text made hashing quadratic), and the same on 64-bit hosts
    // and wasm32 whatever the limb size, so terms order alike in the CLI and in the page.
    std::uint64_t h = 1469598103934665603ull;
    auto mix = [&h](const BigInt &v) {
        const auto &b = v.backend();
        using Limb = std::decay_t<decltype(b.limbs()[0])>;
        constexpr std::size_t per = sizeof(Limb) / 4;
        static_assert(per >= 1 && sizeof(Limb) % 4 == 0, "limbs are whole 32-bit words");
        auto word = [&](std::size_t k) {
            return static_cast<std::uint32_t>(static_cast<std::uint64_t>(b.limbs()[k / per]) >> (32 * (k % per)));
        };
        std::size_t words = b.size() * per;
        while (words > 1 && word(words - 1) == 0) --words;
        for (std::size_t k = 0; k < words; ++k) h = (h ^ word(k)) * 1099511628211ull;
        h = (h ^ (b.sign() ? 1u : 2u)) * 1099511628211ull;
    };
    mix(mp::numerator(big_->v));
    mix(mp::denominator(big_->v));
    return h;
}

std::size_t Number::digits() const {
    if (!big_) {
        auto dl = [](long long v) {
            std::size_t d = 1;
            unsigned long long u = v < 0 ? 0ull - static_cast<unsigned long long>(v) : v;
            while (u >= 10) u /= 10, ++d;
            return d;
        };
        return std::max(dl(n_), dl(d_));
    }
    return std::max(digits_of(mp::numerator(big_->v)), digits_of(mp::denominator(big_->v)));
}

} // namespace leibniz
