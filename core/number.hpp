// Exact rational numbers: a 64-bit fast path with an arbitrary-precision fallback.
//
// Every arithmetic result is exact. Values that fit in int64 numerator/denominator stay in
// the fast path; anything larger moves to Boost.Multiprecision's cpp_rational and moves back
// when it fits again. A size limit (in decimal digits) turns runaway growth into an error
// instead of an out-of-memory crash.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>

namespace leibniz {

class Number {
  public:
    Number() = default;
    // NOLINTNEXTLINE: implicit on purpose, numbers mix with ints. The small form holds
    // -(2^63 - 1) .. 2^63 - 1 (so negation never overflows); -2^63 is stored big.
    Number(long long v) : n_(v) {
        if (v == std::numeric_limits<long long>::min()) *this = fraction(v, 1);
    }
    static Number fraction(long long num, long long den);

    // Exact value of a decimal literal such as "12", "0.25", "1.5e-3", "2E10".
    // Returns nullopt when the text is not such a literal.
    static std::optional<Number> from_decimal(const std::string &text);

    bool is_zero() const { return !big_ && n_ == 0; }
    bool is_one() const { return !big_ && n_ == 1 && d_ == 1; }
    bool is_minus_one() const { return !big_ && n_ == -1 && d_ == 1; }
    bool is_integer() const;
    bool is_negative() const { return sign() < 0; }
    int sign() const;
    bool fits_small() const { return !big_; }
    // Small-path accessors; only meaningful when fits_small().
    long long small_num() const { return n_; }
    long long small_den() const { return d_; }

    Number numerator() const;
    Number denominator() const;
    Number abs() const { return is_negative() ? -*this : *this; }

    Number operator+(const Number &o) const;
    Number operator-(const Number &o) const;
    Number operator*(const Number &o) const;
    Number operator/(const Number &o) const; // throws std::domain_error on division by zero
    Number operator-() const;

    // this^e for an integer exponent; throws std::domain_error for 0^negative.
    Number pow_int(long long e) const;
    // Exact q-th root of a non-negative number if it is a perfect power, else nullopt.
    std::optional<Number> exact_root(long long q) const;

    int compare(const Number &o) const;
    bool operator==(const Number &o) const; // cheap: values are normalized
    bool operator!=(const Number &o) const { return !(*this == o); }
    bool operator<(const Number &o) const { return compare(o) < 0; }

    double to_double() const;
    // The value as m * 2^exponent with 0.5 <= |m| < 1 (m = 0 for zero), for values beyond the
    // range of doubles (1e400) or below their full precision (1e-320 is subnormal).
    double to_double_scaled(long long &exponent) const;
    std::string to_string() const; // "3", "-2/7"
    std::uint64_t hash() const;
    // Number of decimal digits of the larger of numerator and denominator.
    std::size_t digits() const;

    // Limit on digits; exceeding it throws LimitError (see limits.hpp).
    static void set_max_digits(std::size_t d);
    static std::size_t max_digits();

    struct Big;

  private:
    long long n_ = 0, d_ = 1;
    std::shared_ptr<const Big> big_;
    static Number from_big(Big &&b);
    Big to_big() const;
};

} // namespace leibniz
