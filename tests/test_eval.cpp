#include "core/eval.hpp"
#include "core/parser.hpp"
#include "numeric_check.hpp"

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
    // Unsimplified forms (as typed, before canonicalization): IEEE pow would give 1 for
    // 1^NaN and NaN^0, a value where the expression has none.
    for (const char *in : {"1^sqrt(x)", "sqrt(x)^0", "(x/x)^log(x)"}) {
        CAPTURE(in);
        Expr raw = parse(in).expr;
        CHECK(std::isnan(evaluate(raw, {{"x", -1}})));
        CompiledExpr f(raw, {"x"});
        double at = -1;
        CHECK(std::isnan(f(&at)));
    }
}

TEST_CASE("eval: number coefficients beyond the range of doubles (found by fuzzing)") {
    // 1e400 is inf as a double and 1.5e-320 is subnormal (a dozen bits); in a product they
    // join as mantissa and binary exponent, so the product is right whenever it fits.
    struct Case {
        const char *input;
        double x, want;
    };
    for (const Case &c : {Case{"1e400 * x", 1e-300, 1e100}, Case{"-1e400 * x^3", 1e-100, -1e100},
                          Case{"1.5e-320 * x", 1e300, 1.5e-20}, Case{"x * 1.5e-320 * 1e330", 2, 3e10},
                          Case{"(1e-400)^(1/4) * x", 3, 3e-100}, Case{"(1e-331)^(1/3) * x", 3, 3 * std::pow(10.0, -331.0 / 3)},
                          Case{"1e400 * x", 0, 0}}) {
        CAPTURE(c.input);
        for (bool raw : {true, false}) {
            CAPTURE(raw);
            Expr e = raw ? parse(c.input).expr : canonicalize(parse(c.input).expr);
            double tree = evaluate(e, {{"x", c.x}});
            CompiledExpr f(e, {"x"});
            double compiled = f(&c.x);
            CHECK(tree == doctest::Approx(c.want).epsilon(1e-14));
            CHECK(compiled == doctest::Approx(c.want).epsilon(1e-14));
        }
    }
    // A partial product may leave the range of doubles when the product does not (found by
    // fuzzing: a canonical order put cosh(...) ~ 1e28 and y^(...) ~ 1e291 before a sech ~ 1e-95).
    for (bool raw : {true, false}) {
        CAPTURE(raw);
        Expr e = raw ? parse("cosh(x) * y * sech(x) * y").expr : canonicalize(parse("cosh(x) * y * sech(x) * y").expr);
        Point at{{"x", 700}, {"y", 1e10}};
        double values[] = {700, 1e10};
        CompiledExpr f(e, {"x", "y"});
        CHECK(evaluate(e, at) == doctest::Approx(1e20).epsilon(1e-12));
        CHECK(f(values) == doctest::Approx(1e20).epsilon(1e-12));
    }
    // Past the range either way it is still inf or 0, as before.
    CHECK(std::isinf(evaluate(parse("1e400 * x").expr, {{"x", 2}})));
    CHECK(evaluate(parse("1e-400 * x").expr, {{"x", 2}}) == 0);
}

TEST_CASE("eval: the compiled program agrees with the tree walk on every fixture input") {
    int compared = 0;
    for (const auto &c : leibniz::testing::fixture_cases()) {
        if (c.has("error")) continue;
        Expr e = canonicalize(parse(c["input"].s).expr);
        std::vector<std::string> vars = free_symbols(e);
        CompiledExpr f(e, vars);
        for (const Point &p : leibniz::testing::sample_points(vars)) {
            std::vector<double> values;
            for (const auto &v : vars) values.push_back(p.at(v));
            double a = evaluate(e, p), b = f(values.data());
            INFO(c["input"].s);
            if (std::isnan(a)) {
                CHECK(std::isnan(b));
            } else {
                CHECK(b == doctest::Approx(a).epsilon(1e-12));
                ++compared;
            }
        }
    }
    CHECK(compared > 500);
    CHECK_THROWS_AS(CompiledExpr(parse_expr("x + y"), {"x"}), std::invalid_argument);
}
