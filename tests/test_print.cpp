#include "core/parser.hpp"
#include "core/print.hpp"
#include "numeric_check.hpp"

#include <doctest/doctest.h>

using namespace leibniz;

namespace {
std::string tex(const std::string &s) { return to_latex(parse_expr(s)); }
std::string txt(const std::string &s) { return to_text(parse_expr(s)); }
} // namespace

TEST_CASE("print: textbook LaTeX") {
    CHECK(tex("18x(3x^2+8)^2") == "18 x (3 x^{2} + 8)^{2}");
    CHECK(tex("sin(x)^2") == "\\sin^{2} x");
    CHECK(tex("1/(2sqrt(x))") == "\\frac{1}{2 \\sqrt{x}}");
    CHECK(tex("x^(1/3)") == "\\sqrt[3]{x}");
    CHECK(tex("x^(3/2)") == "x^{3/2}");
    CHECK(tex("-2x/(x^2+1)^2") == "-\\frac{2 x}{(x^{2} + 1)^{2}}");
    CHECK(tex("theta_1^2") == "\\theta_{1}^{2}");
    CHECK(tex("abs(x)") == "\\left|x\\right|");
    CHECK(tex("e^(2x) cos x") == "e^{2 x} \\cos x");
    CHECK(tex("2*3^x") == "2 \\cdot 3^{x}");
    CHECK(tex("sin(x/2)") == "\\sin\\left(\\frac{x}{2}\\right)");
    CHECK(tex("1 - x") == "1 - x");
    CHECK(tex("sigmoid(x)") == "\\sigma(x)");
    CHECK(tex("pi x") == "\\pi x");
}

TEST_CASE("print: text is explicit and re-parseable") {
    CHECK(txt("2x sin x") == "2*x*sin(x)");
    CHECK(txt("x^-1") == "1/x");
    CHECK(txt("(-2)^x") == "(-2)^x");
    CHECK(txt("x^(y+1)") == "x^(y + 1)");
    CHECK(txt("3x/(2y)") == "3*x/(2*y)");
    const char *inputs[] = {"x^2 - 3x + 1/2", "sin(x)^2/(1 + cos x)", "-(x+1)^-2", "2^(x/3)",
                            "(1/2)^x", "sqrt(x^2+1)/x", "x_1 y2 theta", "-x - y", "e^(-x^2/2)",
                            "|x - 1|^3", "log(x)^2", "asin(x)/acos(x)", "x^(2/3) - x^(-1/2)"};
    auto pts = testing::sample_points({"x", "y", "theta", "x_1", "y2"});
    for (const char *in : inputs) {
        INFO(in);
        Expr e = parse_expr(in);
        Expr back = parse_expr(to_text(e));
        CHECK(testing::check_equal(e, back, pts) == "");
        CHECK(back == e); // canonical forms agree exactly
    }
}

TEST_CASE("print: result size limit") {
    std::string s = "x";
    for (int i = 0; i < 200; ++i) s += "+x^" + std::to_string(i + 2);
    CHECK_THROWS_AS(to_text(parse_expr(s), 100), LimitError);
}
