#include "core/eval.hpp"
#include "core/parser.hpp"

#include <cmath>
#include <doctest/doctest.h>

using namespace leibniz;

TEST_CASE("eval: real semantics") {
    CHECK(evaluate(parse_expr("x^(1/3)"), {{"x", -8}}) == doctest::Approx(-2));
    CHECK(evaluate(parse_expr("x^(2/3)"), {{"x", -8}}) == doctest::Approx(4));
    CHECK(std::isnan(evaluate(parse_expr("sqrt(x)"), {{"x", -1}})));
    CHECK(std::isnan(evaluate(parse_expr("log(x)"), {{"x", -1}})));
    CHECK(std::isnan(evaluate(parse_expr("1/x"), {{"x", 0}})));
    CHECK(evaluate(parse_expr("sigmoid(x)"), {{"x", -800}}) == doctest::Approx(0));
    CHECK(evaluate(parse_expr("softplus(x)"), {{"x", 800}}) == doctest::Approx(800));
    CHECK(evaluate(parse_expr("relu(x)"), {{"x", -2}}) == 0);
    CHECK(evaluate(parse_expr("pi + e"), {}) == doctest::Approx(M_PI + M_E));
    CHECK_THROWS_AS(evaluate(parse_expr("x + y"), {{"x", 1}}), std::invalid_argument);
}
