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
