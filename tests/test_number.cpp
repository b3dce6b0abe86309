#include "core/limits.hpp"
#include "core/number.hpp"

#include <climits>
#include <cmath>
#include <doctest/doctest.h>

using leibniz::Number;

TEST_CASE("number: small arithmetic is exact and reduced") {
    CHECK((Number::fraction(2, 4)).to_string() == "1/2");
    CHECK((Number::fraction(1, 3) + Number::fraction(1, 6)).to_string() == "1/2");
    CHECK((Number::fraction(-3, -9)).to_string() == "1/3");
    CHECK((Number(7) / Number(-14)).to_string() == "-1/2");
    CHECK(Number::fraction(1, 2).pow_int(-3).to_string() == "8");
}

TEST_CASE("number: overflow moves to arbitrary precision and back") {
    Number big = Number(LLONG_MAX) * Number(LLONG_MAX);
    CHECK_FALSE(big.fits_small());
    CHECK(big.to_string() == "85070591730234615847396907784232501249");
    Number back = big / Number(LLONG_MAX);
    CHECK(back.fits_small());
    CHECK(back == Number(LLONG_MAX));
    CHECK(Number(2).pow_int(100).to_string() == "1267650600228229401496703205376");
    CHECK((Number(LLONG_MAX) + Number(1)).to_string() == "9223372036854775808");
    CHECK((Number(LLONG_MIN + 1) - Number(5)).to_string() == "-9223372036854775812");
}

TEST_CASE("number: decimals are exact") {
    CHECK(Number::from_decimal("0.1")->to_string() == "1/10");
    CHECK(Number::from_decimal("2.50")->to_string() == "5/2");
    CHECK(Number::from_decimal("1.5e-3")->to_string() == "3/2000");
    CHECK(Number::from_decimal("2E10")->to_string() == "20000000000");
    CHECK(Number::from_decimal(".5")->to_string() == "1/2");
    CHECK_FALSE(Number::from_decimal("1.2.3"));
    CHECK_FALSE(Number::from_decimal("e5"));
}

TEST_CASE("number: exact roots") {
    CHECK(Number(8).exact_root(3)->to_string() == "2");
    CHECK(Number::fraction(4, 9).exact_root(2)->to_string() == "2/3");
    CHECK_FALSE(Number(2).exact_root(2));
    CHECK(Number(2).pow_int(200).exact_root(100)->to_string() == "4");
}

TEST_CASE("number: size limit gives a named error, not a hang") {
    Number::set_max_digits(1000);
    CHECK_THROWS_AS(Number(10).pow_int(5000), leibniz::LimitError);
    CHECK_THROWS_AS(Number(3).pow_int(1000000000), leibniz::LimitError);
    CHECK_THROWS_AS(Number::from_decimal("1e999999"), leibniz::LimitError);
    Number::set_max_digits(10000);
}

TEST_CASE("number: compare and sign") {
    CHECK(Number::fraction(1, 3) < Number::fraction(1, 2));
    CHECK(Number(-2).sign() == -1);
    CHECK(Number(0).is_zero());
    CHECK(Number::fraction(6, 3).is_integer());
    CHECK(Number::fraction(1, 3).to_double() == doctest::Approx(1.0 / 3));
}

TEST_CASE("number: conversion to double of huge and tiny rationals (found by fuzzing)") {
    using leibniz::Number;
    Number two990 = Number(2).pow_int(990) / Number(3);
    CHECK(two990.to_double() == doctest::Approx(std::ldexp(1.0, 990) / 3).epsilon(1e-15));
    Number big = Number(500).pow_int(120) / Number(3).pow_int(120); // 1/(3/500)^120
    CHECK(big.to_double() == doctest::Approx(std::pow(500.0 / 3.0, 120)).epsilon(1e-12));
    Number tiny = -(Number(1) + Number(1) / Number(10).pow_int(300)); // -1e-300 - 1
    CHECK(tiny.to_double() == -1.0);
    CHECK((Number(10).pow_int(400)).to_double() == HUGE_VAL);
    CHECK((Number(1) / Number(10).pow_int(400)).to_double() == 0.0);
}

#include <chrono>

// ---------------------------------------------------------------------------------------
// Boost 1.74's gcd for cpp_int is quadratic when one operand is a single limb, and
// boost::rational normalizes (a gcd) after every operation, even a negation or a sum of
// integers (gcd(n, 1)). Timing only, never asserted: the figures are for comparison.
TEST_CASE("number: timing of additions and negations of 10,000-digit numbers") {
    using clock = std::chrono::steady_clock;
    auto ms_since = [](clock::time_point t0) {
        return std::chrono::duration<double, std::milli>(clock::now() - t0).count();
    };
    Number::set_max_digits(20000);
    const Number a = Number(10).pow_int(9999) + Number(7);              // 10,000 digits
    const Number b = Number(10).pow_int(9999) * Number(3) + Number(11); // 10,000 digits
    auto t0 = clock::now();
    Number s = a;
    for (int i = 0; i < 1000; ++i) s = -(s + b); // 1000 additions, 1000 negations
    double int_ms = ms_since(t0);
    CHECK(s == a); // s, -(a+b), a, ...
    const Number small_over_big = Number(59269053255926290LL) / Number(10).pow_int(9999);
    t0 = clock::now();
    Number q = small_over_big;
    for (int i = 0; i < 1000; ++i) q = -q;
    double neg_ms = ms_since(t0);
    CHECK(q == small_over_big);
    const Number big_over_big =
        (Number(10).pow_int(5000) + Number(1)) / (Number(10).pow_int(5000) * Number(7) + Number(3));
    t0 = clock::now();
    Number r = big_over_big;
    for (int i = 0; i < 100; ++i) r = -r;
    double bigneg_ms = ms_since(t0);
    CHECK(r == big_over_big);
    Number::set_max_digits(10000);
    MESSAGE("1000 x (add + negate) of 10,000-digit integers: " << int_ms << " ms");
    MESSAGE("1000 x negate of 17-digit/10,000-digit rational: " << neg_ms << " ms");
    MESSAGE("100 x negate of 5,000-digit/5,000-digit rational: " << bigneg_ms << " ms");
}

// ---------------------------------------------------------------------------------------
// core/number.cpp replaces Boost's eval_gcd for cpp_int (see the comment there). These
// tests compare every result with Boost's own rational arithmetic on checked_cpp_int: a
// different backend type, so this translation unit shares no gcd-calling template with
// core/number.cpp and keeps Boost's original binary gcd as an independent reference.
#if defined(__GNUC__) && !defined(__clang__)
// GCC 12 reports a false "may be used uninitialized" inside boost::rational::normalize.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <boost/multiprecision/cpp_int.hpp>

#include <cstdint>
#include <numeric>
#include <random>
#include <string>
#include <vector>

namespace leibniz::number_testing {
std::uint64_t fast_gcd_calls(); // defined in core/number.cpp
} // namespace leibniz::number_testing

namespace {
namespace bmp = boost::multiprecision;
using RefInt = bmp::checked_cpp_int;
using RefRat = bmp::checked_cpp_rational;

Number to_number(const RefInt &v) {
    if (v < 0) return -*Number::from_decimal(RefInt(-v).str());
    return *Number::from_decimal(v.str());
}

Number to_number(const RefRat &v) {
    return to_number(bmp::numerator(v)) / to_number(bmp::denominator(v));
}

std::string ref_str(const RefRat &v) {
    std::string s = bmp::numerator(v).str();
    if (bmp::denominator(v) != 1) s += "/" + bmp::denominator(v).str();
    return s;
}

// Random integers shaped to reach every branch of a gcd: zero, one limb, two limbs, many
// limbs, powers of two and their neighbours, trailing zero bits, all-ones limbs.
RefInt random_int(std::mt19937_64 &rng, unsigned max_limbs) {
    auto limbs = [&] {
        switch (rng() % 4) {
        case 0: return 1u;
        case 1: return 2u;
        default: return 1u + static_cast<unsigned>(rng() % max_limbs);
        }
    };
    RefInt v = 0;
    switch (rng() % 10) {
    case 0: return RefInt(rng() % 4);
    case 1: return RefInt(1) << static_cast<unsigned>(rng() % (64 * max_limbs));
    case 2: return (RefInt(1) << static_cast<unsigned>(1 + rng() % (64 * max_limbs))) - 1;
    case 3: return (RefInt(1) << static_cast<unsigned>(rng() % (64 * max_limbs))) + 1;
    case 4: {
        for (unsigned i = limbs(); i-- > 0;) v = (v << 64) | RefInt(rng());
        return v << static_cast<unsigned>(rng() % 200);
    }
    case 5: {
        for (unsigned i = limbs(); i-- > 0;) v = (v << 64) | RefInt(~0ull);
        return v;
    }
    default:
        for (unsigned i = limbs(); i-- > 0;) v = (v << 64) | RefInt(rng());
        return v;
    }
}

RefInt random_signed(std::mt19937_64 &rng, unsigned max_limbs) {
    RefInt v = random_int(rng, max_limbs);
    return rng() % 3 == 0 ? RefInt(-v) : v;
}

// The gcd of a and b as core/number.cpp computes it: a / numerator(a / b) (a != 0, b != 0).
RefInt number_gcd(const RefInt &a, const RefInt &b) {
    Number na = to_number(a), q = na / to_number(b);
    return bmp::abs(RefInt((na / q.numerator()).to_string().c_str()));
}

void check_gcd(const RefInt &a, const RefInt &b) {
    if (a == 0 || b == 0) return;
    RefInt expect = bmp::gcd(a, b); // Boost's binary gcd on the checked backend
    CHECK_MESSAGE(number_gcd(a, b) == expect, "gcd(" << a << ", " << b << ")");
}

void check_ops(const RefRat &x, const RefRat &y) {
    const Number nx = to_number(x), ny = to_number(y);
    REQUIRE(nx.to_string() == ref_str(x));
    REQUIRE(ny.to_string() == ref_str(y));
    CHECK((nx + ny).to_string() == ref_str(x + y));
    CHECK((nx - ny).to_string() == ref_str(x - y));
    CHECK((nx * ny).to_string() == ref_str(x * y));
    CHECK((-nx).to_string() == ref_str(-x));
    CHECK((-(-nx)) == nx);
    CHECK(nx.abs().to_string() == ref_str(bmp::abs(x)));
    CHECK(nx.pow_int(2).to_string() == ref_str(x * x));
    CHECK(nx.pow_int(3).to_string() == ref_str(x * x * x));
    CHECK(nx.compare(ny) == (x < y ? -1 : (x > y ? 1 : 0)));
    CHECK(((nx + ny) - ny) == nx);
    if (y != 0) {
        CHECK((nx / ny).to_string() == ref_str(x / y));
        CHECK(((nx * ny) / ny) == nx);
        CHECK(((nx / ny) * ny) == nx);
    }
    if (x != 0) CHECK(nx.pow_int(-2).to_string() == ref_str(RefRat(1) / (x * x)));
}
} // namespace

TEST_CASE("number: hashes of big values are equal for equal values, and the same on every host") {
    const Number a = Number(10).pow_int(40);
    const Number b = -(Number(7).pow_int(30) / Number(3).pow_int(45));
    CHECK(a.hash() == (a * b / b).hash());
    CHECK(b.hash() == ((b + a) - a).hash());
    CHECK(a.hash() != (a + Number(1)).hash());
    CHECK(b.hash() != (-b).hash());
    // Fixed values: this test also runs compiled to wasm32 (ctest --preset wasm), whose limbs
    // are another size; term order breaks ties by hash, so the CLI and the page agree only if
    // these match.
    CHECK(a.hash() == 12913464906767743961ull);
    CHECK(b.hash() == 16979761234438550146ull);
}

TEST_CASE("number: big gcds go through core/number.cpp's overload; negation needs none") {
    auto calls = leibniz::number_testing::fast_gcd_calls;
    const Number big = Number(10).pow_int(40);
    auto c0 = calls();
    Number s = big + Number(1) + big; // gcd(n, 1) in boost::rational's +=
    CHECK(s.to_string() == "2" + std::string(39, '0') + "1");
    CHECK(calls() > c0);
    const Number q = (big + Number(1)) / (big * Number(3) + Number(7));
    auto c1 = calls();
    Number nq = -q;
    CHECK(calls() == c1); // negating the numerator keeps the value normalized
    CHECK(nq.to_string() == "-" + q.to_string());
    CHECK(-nq == q);
    CHECK((nq + q).is_zero());
    CHECK((-Number(LLONG_MIN)).to_string() == "9223372036854775808");
    // -2^63 has one representation (big), however it is made, so == agrees with compare.
    CHECK((-(-Number(LLONG_MIN))).compare(Number(LLONG_MIN)) == 0);
    CHECK(-(-Number(LLONG_MIN)) == Number(LLONG_MIN));
    CHECK(Number(LLONG_MIN) == Number(LLONG_MIN + 1) - Number(1));
    CHECK(Number(LLONG_MIN) == Number::fraction(LLONG_MIN, 1));
    CHECK_FALSE(Number(LLONG_MIN).fits_small());
    CHECK(Number(LLONG_MIN).hash() == (Number(LLONG_MIN + 1) - Number(1)).hash());
    CHECK(Number(LLONG_MIN).to_string() == "-9223372036854775808");
    CHECK((Number(LLONG_MIN) + Number(1)).fits_small());
    CHECK((-(big - big * Number(2))) == big);
}

TEST_CASE("number: big gcds agree with Boost's on random and adversarial operands") {
    std::mt19937_64 rng(20240611);
    for (int i = 0; i < 1500; ++i) {
        RefInt g = random_int(rng, 6) + 1;
        RefInt a = random_signed(rng, 24), b = random_signed(rng, 24);
        check_gcd(a, b);
        check_gcd(a * g, b * g);
        check_gcd(a * g, g);
        check_gcd(g, a);
    }
    // One huge operand and a small one, both ways round, with common factors.
    for (int i = 0; i < 60; ++i) {
        RefInt huge = random_int(rng, 300) + 1, small = random_int(rng, 2) + 1;
        check_gcd(huge, small);
        check_gcd(small, huge);
        check_gcd(huge * small, small);
        check_gcd(huge * small, small * 3);
        check_gcd(huge, huge + 1);
        check_gcd(huge, huge * 2);
        check_gcd(huge, huge);
    }
    // Consecutive Fibonacci numbers: every Euclid quotient is 1 (the longest sequence).
    RefInt f0 = 0, f1 = 1;
    for (int n = 1; n <= 3000; ++n) {
        RefInt f2 = f0 + f1;
        f0 = f1;
        f1 = f2;
        if (n % 97 == 0 || n > 2990) {
            check_gcd(f1, f0);
            check_gcd(f1 * 12345678901234567ull, f0 * 12345678901234567ull);
            check_gcd((f1 << 130) * 7, f0 << 70);
        }
    }
    // gcd(2^a - 1, 2^b - 1) = 2^gcd(a, b) - 1, and large quotients (x * q + r, y).
    const unsigned exps[] = {64, 65, 127, 128, 129, 192, 255, 256, 384, 600, 1000, 1024, 2000};
    for (unsigned ea : exps)
        for (unsigned eb : exps) {
            RefInt ma = (RefInt(1) << ea) - 1, mb = (RefInt(1) << eb) - 1;
            CHECK(number_gcd(ma, mb) == (RefInt(1) << static_cast<unsigned>(std::gcd(ea, eb))) - 1);
            check_gcd(ma * (mb + 2) + 5, mb + 2);
        }
}

TEST_CASE("number: arithmetic on random big rationals agrees with Boost's") {
    std::mt19937_64 rng(777);
    auto random_rat = [&](unsigned limbs) {
        RefInt g = random_int(rng, 3) + 1;
        RefInt n = random_signed(rng, limbs) * g, d = (random_int(rng, limbs) + 1) * g;
        if (rng() % 4 == 0) d = 1;
        return RefRat(n, d);
    };
    for (int i = 0; i < 300; ++i) {
        RefRat x = random_rat(12), y = random_rat(12);
        check_ops(x, y);
        check_ops(x, x);
        check_ops(x, -x);
        check_ops(x, y * x);
        check_ops(x, RefRat(bmp::numerator(y), bmp::denominator(x))); // shared denominator
    }
}
