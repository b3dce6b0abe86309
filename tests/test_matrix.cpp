// Matrix calculus: every closed form is checked against central differences of the function,
// entry by entry, in every layout, at random values (symbolic dimensions get concrete values);
// the element-wise form is checked against the closed form.
#include "core/matrix/matrix.hpp"
#include "core/eval.hpp"
#include "core/parser.hpp"
#include "core/print.hpp"
#include "matrix_check.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <random>

using namespace leibniz;
using namespace leibniz::mx;

namespace {

struct Case {
    const char *input;
    std::vector<std::pair<const char *, const char *>> shapes;
    const char *wrt;
    bool positive_definite = false; // log det X needs det X > 0: use X = B B^T + n I
};

Shapes shapes_of(const Case &c) {
    Shapes s;
    for (const auto &p : c.shapes) s[p.first] = parse_shape(p.second);
    return s;
}

// Symbolic dimensions get different concrete values from trial to trial (1 included: a
// symbolic n x m matrix may well be a vector).
NumericEnv random_env(const Shapes &shapes, const M &f, std::mt19937 &rng, bool pd, int trial = 0) {
    NumericEnv env;
    static const std::size_t dims[3][4] = {{3, 2, 4, 2}, {2, 3, 1, 3}, {4, 1, 2, 3}};
    const auto &d = dims[trial % 3];
    env.dims = {{"n", d[0]}, {"m", d[1]}, {"k", d[2]}, {"p", d[3]}};
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    for (const auto &name : variables(f)) {
        auto it = shapes.find(name);
        Shape s = it == shapes.end() ? Shape{} : it->second;
        std::size_t r = dim_value(s.rows, env), c = dim_value(s.cols, env);
        Mat m{r, c, std::vector<double>(r * c)};
        for (auto &v : m.v) v = u(rng);
        if (pd && r == c && r > 1) { // B B^T + r I
            Mat p{r, c, std::vector<double>(r * c, 0)};
            for (std::size_t i = 0; i < r; ++i)
                for (std::size_t j = 0; j < c; ++j) {
                    for (std::size_t q = 0; q < c; ++q) p.at(i, j) += m.at(i, q) * m.at(j, q);
                    if (i == j) p.at(i, j) += static_cast<double>(r);
                }
            m = p;
        }
        env.values[name] = m;
    }
    return env;
}

void check_close(const Mat &got, const Mat &want, const std::string &what) {
    INFO(what);
    REQUIRE(got.rows == want.rows);
    REQUIRE(got.cols == want.cols);
    for (std::size_t i = 0; i < got.v.size(); ++i) {
        double g = got.v[i], w = want.v[i];
        CHECK_MESSAGE(std::fabs(g - w) <= 1e-5 * (1 + std::fabs(w)),
                      what << " entry " << i << ": closed form " << g << ", central differences " << w);
    }
}

const Layout kLayouts[] = {Layout::Seed, Layout::Numerator, Layout::Denominator};

// Checks a case in every layout at a few random points; returns the seed-layout derivative.
M check_case(const Case &c) {
    Shapes shapes = shapes_of(c);
    MatrixInput in = parse_matrix(c.input, shapes);
    Shape ws = shapes.count(c.wrt) ? shapes.at(c.wrt) : Shape{};
    std::mt19937 rng(12345);
    M seed;
    for (Layout l : kLayouts) {
        M d = derivative(in.expr, c.wrt, ws, l);
        if (l == Layout::Seed) seed = d;
        std::string what = std::string(c.input) + " by " + c.wrt + ", " + layout_name(l) + ": " + to_text(d);
        for (int trial = 0; trial < 3; ++trial) {
            NumericEnv env = random_env(shapes, in.expr, rng, c.positive_definite, trial);
            for (const auto &v : variables(d))
                if (!env.values.count(v)) env.values[v] = Mat{1, 1, {0.3}};
            check_close(evaluate(d, env), numeric_derivative(in.expr, c.wrt, ws, env, l), what);
        }
    }
    return seed;
}

std::string latex_of(const char *input, const Shapes &s, const char *wrt, Layout l) {
    MatrixInput in = parse_matrix(input, s);
    return to_latex(derivative(in.expr, wrt, s.count(wrt) ? s.at(wrt) : Shape{}, l));
}

} // namespace

TEST_CASE("matrix: shapes parse") {
    CHECK(parse_shape("2x3").text() == "2x3");
    CHECK(parse_shape("1×2").text() == "1x2");
    CHECK(parse_shape("n x m").text() == "nxm");
    CHECK(parse_shape("nxm").text() == "nxm");
    CHECK_THROWS_AS(parse_shape("2"), std::invalid_argument);
    CHECK_THROWS_AS(parse_shape("0x2"), std::invalid_argument);
    CHECK_THROWS_AS(parse_shape("ab x 2"), std::invalid_argument);
}

TEST_CASE("matrix: the seed's y = xW in each layout") {
    Shapes s{{"x", parse_shape("1x2")}, {"W", parse_shape("2x2")}};
    CHECK(latex_of("y = xW", s, "W", Layout::Seed) == "x^{T} \\otimes I_{2}");
    CHECK(latex_of("y = xW", s, "W", Layout::Numerator) == "I_{2} \\otimes x");
    CHECK(latex_of("y = xW", s, "W", Layout::Denominator) == "I_{2} \\otimes x^{T}");
    MatrixInput in = parse_matrix("y = xW", s);
    CHECK(in.lhs == "y");
    // The seed's hand-written 4x2 matrix of dy_j / dw_ik.
    auto g = elementwise_derivative(in.expr, "W", s.at("W"), Layout::Seed);
    REQUIRE(g.size() == 4);
    REQUIRE(g[0].size() == 2);
    const char *want[4][2] = {{"x_1", "0"}, {"0", "x_1"}, {"x_2", "0"}, {"0", "x_2"}};
    for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 2; ++j) CHECK(leibniz::to_text(g[i][j]) == want[i][j]);
    check_case({"x W", {{"x", "1x2"}, {"W", "2x2"}}, "W"});
    check_case({"x W", {{"x", "1x2"}, {"W", "2x2"}}, "x"});
}

TEST_CASE("matrix: closed forms the issue names") {
    Shapes s{{"x", parse_shape("1x3")}, {"A", parse_shape("3x3")}};
    CHECK(latex_of("x A x'", s, "x", Layout::Seed) == "\\left(A + A^{T}\\right) x^{T}");
    Shapes sx{{"X", parse_shape("nxn")}};
    CHECK(latex_of("log(det(X))", sx, "X", Layout::Denominator) == "X^{-T}");
    Shapes st{{"A", parse_shape("mxn")}, {"X", parse_shape("nxk")}, {"B", parse_shape("kxm")}};
    CHECK(latex_of("tr(A X B)", st, "X", Layout::Denominator) == "A^{T} B^{T}");
}

TEST_CASE("matrix: derivatives agree with central differences") {
    const Case cases[] = {
        {"x A x'", {{"x", "1x3"}, {"A", "3x3"}}, "x"},
        {"x A x^T", {{"x", "1xn"}, {"A", "nxn"}}, "x"},
        {"x' A x", {{"x", "nx1"}, {"A", "nxn"}}, "x"},
        {"tr(X A X')", {{"X", "mxn"}, {"A", "nxn"}}, "X"},
        {"tr(A X B)", {{"A", "mxn"}, {"X", "nxk"}, {"B", "kxm"}}, "X"},
        {"log(det(X))", {{"X", "3x3"}}, "X", true},
        {"det(X)", {{"X", "nxn"}}, "X", true},
        {"tr(inv(X))", {{"X", "3x3"}}, "X", true},
        {"x W + b", {{"x", "1x3"}, {"W", "3x2"}, {"b", "1x2"}}, "W"},
        {"x W + b", {{"x", "1x3"}, {"W", "3x2"}, {"b", "1x2"}}, "b"},
        {"x W + b", {{"x", "1x3"}, {"W", "3x2"}, {"b", "1x2"}}, "x"},
        {"X W + b", {{"X", "4x3"}, {"W", "3x2"}, {"b", "1x2"}}, "W"},
        {"X W + b", {{"X", "4x3"}, {"W", "3x2"}, {"b", "1x2"}}, "b"},
        {"norm(x W - t)^2", {{"x", "1x3"}, {"W", "3x2"}, {"t", "1x2"}}, "W"},
        {"‖x W − t‖²", {{"x", "1x3"}, {"W", "3x2"}, {"t", "1x2"}}, "x"},
        {"-(t*log(sigmoid(x*w)) + (1-t)*log(1-sigmoid(x*w)))", {{"x", "1x3"}, {"w", "3x1"}}, "w"},
        {"sum((sigmoid(x W1) W2 - t).^2)", {{"x", "1x3"}, {"W1", "3x4"}, {"W2", "4x2"}, {"t", "1x2"}}, "W1"},
        {"sum((tanh(x W1 + b1) W2 + b2 - t).^2)",
         {{"x", "1x3"}, {"W1", "3x4"}, {"b1", "1x4"}, {"W2", "4x2"}, {"b2", "1x2"}, {"t", "1x2"}},
         "W1"},
        {"-sum(t .* log(softmax(z)))", {{"z", "1x4"}, {"t", "1x4"}}, "z"},
        {"-t * log(softmax(z))'", {{"z", "1x3"}, {"t", "1x3"}}, "z"},
        {"softmax(z)", {{"z", "3x1"}}, "z"},
        {"sigmoid(x W)", {{"x", "1x3"}, {"W", "3x2"}}, "W"},
        {"relu(x W + b)", {{"x", "1x3"}, {"W", "3x2"}, {"b", "1x2"}}, "x"},
        {"A X B", {{"A", "2x3"}, {"X", "3x2"}, {"B", "2x2"}}, "X"},
        {"X'", {{"X", "2x3"}}, "X"},
        {"inv(X)", {{"X", "2x2"}}, "X", true},
        {"X^2", {{"X", "2x2"}}, "X"},
        {"X .* X", {{"X", "2x3"}}, "X"},
        {"exp(X) ./ (1 + X.^2)", {{"X", "2x2"}}, "X"},
        {"a * X", {{"X", "2x2"}}, "a"},
        {"sin(a) * x * A", {{"x", "1x2"}, {"A", "2x2"}}, "a"},
        {"x * x'", {{"x", "3x1"}}, "x"},
        {"norm(x)", {{"x", "1x3"}}, "x"},
        {"sum(X)", {{"X", "2x3"}}, "X"},
        {"tr(X)^2 + 3 tr(X' X)", {{"X", "3x3"}}, "X"},
        {"tr(X ⊗ X)", {{"X", "2x2"}}, "X"},
    };
    for (const auto &c : cases) {
        INFO(std::string(c.input) << " by " << c.wrt);
        check_case(c);
    }
}

TEST_CASE("matrix: element-wise form agrees with the closed form") {
    Shapes s{{"x", parse_shape("1x2")}, {"W", parse_shape("2x3")}, {"b", parse_shape("1x3")}};
    for (const char *input : {"sigmoid(x W + b)", "x W", "sum(tanh(x W).^2)"}) {
        MatrixInput in = parse_matrix(input, s);
        for (Layout l : kLayouts) {
            M d = derivative(in.expr, "W", s.at("W"), l);
            auto g = elementwise_derivative(in.expr, "W", s.at("W"), l);
            std::mt19937 rng(7);
            NumericEnv env = random_env(s, in.expr, rng, false);
            Mat closed = evaluate(d, env);
            REQUIRE(g.size() == closed.rows);
            REQUIRE(g[0].size() == closed.cols);
            Point p;
            for (const auto &kv : env.values)
                for (std::size_t i = 0; i < kv.second.rows; ++i)
                    for (std::size_t j = 0; j < kv.second.cols; ++j)
                        p[entry_name(kv.first, s.at(kv.first), i, j)] = kv.second.at(i, j);
            for (std::size_t i = 0; i < closed.rows; ++i)
                for (std::size_t j = 0; j < closed.cols; ++j)
                    CHECK(leibniz::evaluate(g[i][j], p) == doctest::Approx(closed.at(i, j)).epsilon(1e-9));
        }
    }
}

TEST_CASE("matrix: errors name shapes and positions") {
    Shapes s{{"x", parse_shape("1x2")}, {"W", parse_shape("3x2")}};
    try {
        parse_matrix("x*W", s);
        FAIL("no error");
    } catch (const ParseError &e) {
        CHECK(e.position == 1);
        std::string m = e.what();
        CHECK(m.find("1x2") != std::string::npos);
        CHECK(m.find("3x2") != std::string::npos);
    }
    try {
        parse_matrix("x W", s);
        FAIL("no error");
    } catch (const ParseError &e) {
        CHECK(e.position == 2);
    }
    CHECK_THROWS_AS(parse_matrix("det(W)", s), ParseError);
    CHECK_THROWS_AS(parse_matrix("inv(x)", s), ParseError);
    CHECK_THROWS_AS(parse_matrix("W + W'", s), ParseError);
    CHECK_THROWS_AS(parse_matrix("W / x", s), ParseError);
    CHECK_THROWS_AS(parse_matrix("(x", s), ParseError);
    CHECK_THROWS_AS(parse_matrix("", s), ParseError);
    CHECK_THROWS_AS(parse_matrix("W^2", s), ParseError);
    std::string deep(300, '(');
    CHECK_THROWS_AS(parse_matrix(deep + "x" + std::string(300, ')'), s), ParseError);
}
