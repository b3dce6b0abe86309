// Jacobian, Hessian and directional derivative: every entry checked against central
// differences of the input at random points.
#include "wasm/multi_api.hpp"
#include "core/eval.hpp"
#include "core/parser.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <random>

using namespace leibniz;
using namespace leibniz::api;

namespace {

double value(const std::string &input, const Point &p) { return leibniz::evaluate(parse_expr(input), p); }

double partial(const std::string &f, Point p, const std::string &v) {
    const double h = 1e-5;
    double x = p[v];
    p[v] = x + h;
    double a = value(f, p);
    p[v] = x - h;
    double b = value(f, p);
    return (a - b) / (2 * h);
}

double second(const std::string &f, Point p, const std::string &u, const std::string &v) {
    const double h = 1e-4;
    double x = p[u];
    p[u] = x + h;
    double a = partial(f, p, v);
    p[u] = x - h;
    double b = partial(f, p, v);
    return (a - b) / (2 * h);
}

Point random_point(std::mt19937 &rng, const std::vector<std::string> &vars) {
    std::uniform_real_distribution<double> u(0.3, 1.7);
    Point p;
    for (const auto &v : vars) p[v] = u(rng);
    return p;
}

} // namespace

TEST_CASE("multi: Jacobian entries agree with central differences") {
    std::mt19937 rng(3);
    const char *cases[] = {"[x^2 y, sin(x y), exp(x - y)]", "F = [x y z, x + y^2, log(z) / x]", "[sqrt(x^2 + y^2), atan(y / x)]"};
    for (const char *c : cases) {
        MultiRequest q;
        q.input = c;
        q.kind = "jacobian";
        MultiResponse r = run_multi(q);
        REQUIRE_MESSAGE(r.ok, r.error.message);
        auto parts = split_list(std::string(c).substr(std::string(c).find('[')));
        REQUIRE(r.matrix.size() == parts.size());
        for (int trial = 0; trial < 3; ++trial) {
            Point p = random_point(rng, r.vars);
            for (std::size_t i = 0; i < parts.size(); ++i)
                for (std::size_t j = 0; j < r.vars.size(); ++j)
                    CHECK(value(r.matrix[i][j].text, p) ==
                          doctest::Approx(partial(parts[i].first, p, r.vars[j])).epsilon(1e-6));
        }
    }
}

TEST_CASE("multi: Hessian entries agree with central differences and are symmetric") {
    std::mt19937 rng(5);
    for (const char *f : {"x^3 y^2 + exp(x y)", "sin(x) cos(y) z + z^2 x", "log(x^2 + y^2 + 1)"}) {
        MultiRequest q;
        q.input = f;
        q.kind = "hessian";
        MultiResponse r = run_multi(q);
        REQUIRE_MESSAGE(r.ok, r.error.message);
        std::size_t n = r.vars.size();
        REQUIRE(r.matrix.size() == n);
        Point p = random_point(rng, r.vars);
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < n; ++j) {
                double h = value(r.matrix[i][j].text, p);
                CHECK(h == doctest::Approx(second(f, p, r.vars[i], r.vars[j])).epsilon(1e-4));
                CHECK(h == doctest::Approx(value(r.matrix[j][i].text, p)).epsilon(1e-12));
            }
    }
}

TEST_CASE("multi: directional derivative along u/|u|") {
    MultiRequest q;
    q.input = "x^2 y + y^3";
    q.kind = "directional";
    q.vars = {"x", "y"};
    q.direction = {"1", "2"};
    q.at = {Point{{"x", 0.5}, {"y", 1.5}}};
    MultiResponse r = run_multi(q);
    REQUIRE_MESSAGE(r.ok, r.error.message);
    Point p{{"x", 0.5}, {"y", 1.5}};
    double want = (partial("x^2 y + y^3", p, "x") * 1 + partial("x^2 y + y^3", p, "y") * 2) / std::sqrt(5.0);
    REQUIRE(r.values.size() == 1);
    CHECK(*r.values[0][0][0] == doctest::Approx(want).epsilon(1e-6));
    q.direction = {"0", "0"};
    CHECK(run_multi(q).error.kind == "usage");
    q.direction = {"1"};
    CHECK(run_multi(q).error.kind == "usage");
}

TEST_CASE("multi: errors carry positions into the list") {
    MultiRequest q;
    q.input = "[x, sinn(y)]";
    MultiResponse r = run_multi(q);
    CHECK_FALSE(r.ok);
    CHECK(r.error.position == 4);
    CHECK(r.error.length == 4);
    q.input = "[x, y]";
    q.kind = "hessian";
    CHECK(run_multi(q).error.kind == "usage");
    q.kind = "laplacian";
    CHECK(run_multi(q).error.kind == "usage");
    CHECK(split_list("[x, log(x, 2)]").size() == 2);
    CHECK(split_list("[x] (y)").size() == 1);
    CHECK(split_list("x + 1").size() == 1);
}
