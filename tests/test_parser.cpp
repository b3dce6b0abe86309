#include "core/parser.hpp"
#include "core/print.hpp"
#include "numeric_check.hpp"

#include <doctest/doctest.h>

using namespace leibniz;
using leibniz::testing::check_equal;
using leibniz::testing::sample_points;

namespace {
// Parses both and compares numerically.
void same(const std::string &a, const std::string &b) {
    INFO(a << "  vs  " << b);
    Expr x = parse(a).expr, y = parse(b).expr;
    CHECK(check_equal(x, y, sample_points({"x", "y", "theta", "x_1"})) == "");
}
ParseError error_of(const std::string &s) {
    try {
        parse(s);
    } catch (const ParseError &e) {
        return e;
    }
    FAIL("no error for " << s);
    return ParseError("", 0, 0);
}
} // namespace

TEST_CASE("parser: precedence and associativity") {
    same("-x^2", "-(x^2)");
    same("2^3^2", "2^(3^2)");
    same("x**2", "x^2");
    same("1/2x", "(1/2)*x");
    same("2^-x", "2^(-x)");
    same("x - y - theta", "(x - y) - theta");
    same("x/y/2", "(x/y)/2");
    CHECK(to_text(parse("-x^2").expr) == "-x^2");
}

TEST_CASE("parser: implicit multiplication as textbooks write it") {
    same("2x", "2*x");
    same("3(x+1)", "3*(x+1)");
    same("(x+1)(x-1)", "(x+1)*(x-1)");
    same("2sin(x)", "2*sin(x)");
    same("x sin(x)", "x*sin(x)");
    same("xy", "x*y");
    same("2x y", "2*x*y");
    same("|x|y", "abs(x)*y");
}

TEST_CASE("parser: textbook function notation") {
    same("sin x", "sin(x)");
    same("sin^2 x", "sin(x)^2");
    same("sin 2x", "sin(2*x)");
    same("sin x cos x", "sin(x)*cos(x)");
    same("sin x^2", "sin(x^2)");
    same("ln x + 1", "log(x) + 1");
    same("sin^-1 x", "asin(x)");
    same("arcsin(x)", "asin(x)");
    same("log(x, 2)", "log(x)/log(2)");
    same("log10(x)", "log(x)/log(10)");
    same("root(x, 3)", "x^(1/3)");
    same("sqrt x", "x^(1/2)");
}

TEST_CASE("parser: Unicode input") {
    same("2·x", "2*x");
    same("2×x", "2*x");
    same("x−1", "x-1");
    same("x²", "x^2");
    same("x³+x²", "x^3+x^2");
    same("√x", "sqrt(x)");
    same("θ^2", "theta^2");
    same("2π", "2*pi");
    same("x⁻¹", "1/x");
}

TEST_CASE("parser: numbers, constants and variables") {
    same("0.5x", "x/2");
    same("1.5e2", "150");
    same("2e", "2*e");
    same("e^x", "exp(x)");
    CHECK(parse("x_1 + y2").expr->kind == Kind::Add);
    CHECK(free_symbols(parse("x_1 + y2 + theta").expr) == std::vector<std::string>{"x_1", "y2", "theta"});
}

TEST_CASE("parser: left sides") {
    ParsedInput a = parse("y = (3x^2 + 8)^3");
    CHECK(a.lhs == "y");
    ParsedInput b = parse("f(t) = t^2");
    CHECK(b.lhs == "f");
    CHECK(b.lhs_vars == std::vector<std::string>{"t"});
    CHECK(std::string(error_of("2 = x").what()).find("left side") != std::string::npos);
}

TEST_CASE("parser: errors carry a position and a length") {
    struct Case {
        const char *input;
        std::size_t pos, len;
        const char *contains;
    };
    const Case cases[] = {
        {"", 0, 0, "empty"},
        {"   ", 3, 0, "empty"},
        {"sinn(x)", 0, 4, "did you mean 'sin'"},
        {"x +", 2, 1, "after '+'"},
        {"(x + 1", 0, 1, "missing ')'"},
        {"x + 1)", 5, 1, "unmatched ')'"},
        {"2 * * x", 2, 1, "after '*'"},
        {"x $ 2", 2, 1, "'$'"},
        {"sin()", 0, 5, "needs an argument"},
        {"()", 0, 2, "empty parentheses"},
        {"|x", 0, 1, "closing '|'"},
        {"x/0", 2, 1, "division by zero"},
        {"1.2.3", 3, 1, "decimal point"},
        {"2 3", 2, 1, "missing operator"},
        {"log(x, 2, 3)", 0, 12, "1 or 2 arguments"},
        {"root(x)", 0, 7, "2 arguments"},
        {"x = = 1", 4, 1, "'='"},
        {"y =", 2, 1, "after '='"},
        {"x​y", 1, 1, "invisible"},
        {"θ +", 2, 1, "after '+'"},
        {"cos(x", 3, 1, "missing ')'"},
        {"sin", 0, 3, "argument for 'sin'"},
        {"x,y", 1, 1, "','"},
        {"(x|)", 3, 1, "before ')'"},
    };
    for (const Case &c : cases) {
        INFO("input: " << std::string(c.input));
        ParseError e = error_of(c.input);
        CHECK(e.position == c.pos);
        CHECK(e.length == c.len);
        CHECK(std::string(e.what()).find(c.contains) != std::string::npos);
    }
}

TEST_CASE("parser: depth 1000 works, deeper input gets a clear error") {
    std::string s = "x";
    for (int i = 0; i < 1000; ++i) s = "sin(" + s + ")";
    Expr e = parse(s).expr;
    CHECK(e->depth == 1001);
    Limits lim;
    lim.max_depth = 500;
    std::string msg;
    try {
        parse(s, lim);
    } catch (const ParseError &err) {
        msg = err.what();
    }
    CHECK(msg.find("limit of 500 levels") != std::string::npos);
    std::string tower;
    for (int i = 0; i < 2500; ++i) tower += "x^";
    try {
        parse(tower + "x");
        FAIL("a 2500-high power tower parsed");
    } catch (const ParseError &err) {
        CHECK(std::string(err.what()).find("limit of 2000 levels") != std::string::npos);
        CHECK(err.position == 4001); // the 2001st '^'
    }
    std::string parens(3000, '(');
    CHECK_THROWS_AS(parse(parens + "x" + std::string(3000, ')')), ParseError);
}

TEST_CASE("parser: long sums stay flat") {
    std::string s = "x";
    for (int i = 1; i < 20000; ++i) s += " + x^" + std::to_string(i % 7 + 2);
    Expr e = parse(s).expr;
    CHECK(e->depth <= 4);
}

TEST_CASE("parser: input size limit") {
    Limits lim;
    lim.max_input_chars = 10;
    CHECK_THROWS_AS(parse("x + x + x + x", lim), ParseError);
}
