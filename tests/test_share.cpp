// Named repeated subexpressions (core/share.hpp) and their use in api::run: the named form
// must mean exactly the expanded one, print in size linear in the DAG, and only appear when
// it pays.
#include "core/diff.hpp"
#include "core/eval.hpp"
#include "core/parser.hpp"
#include "core/print.hpp"
#include "core/share.hpp"
#include "core/simplify.hpp"
#include "wasm/api.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <string>

using namespace leibniz;

namespace {

std::string nest(int n, const std::string &f = "sin", const std::string &inner = "x") {
    std::string s = inner;
    for (int i = 0; i < n; ++i) s = f + "(" + s + ")";
    return s;
}

api::Response run(const std::string &in, bool expanded = false, std::vector<std::string> gradient = {}) {
    api::Request r;
    r.input = in;
    r.expanded = expanded;
    r.gradient = std::move(gradient);
    return api::run(r);
}

// The printed named form, read back: each definition is parsed and evaluated at `p` in order
// (its name then joins the point), then the body. This checks the text a user sees.
double value_of_printed(const std::string &body, const std::vector<api::Definition> &where, Point p) {
    for (const api::Definition &d : where) p[d.name] = evaluate(parse_expr(d.formula.text), p);
    return evaluate(parse_expr(body), p);
}

double central_difference(const std::string &input, const std::string &var, Point p) {
    Expr f = parse_expr(input);
    double x = p[var], h = 1e-6 * std::max(1.0, std::fabs(x));
    p[var] = x + h;
    double up = evaluate(f, p);
    p[var] = x - h;
    double down = evaluate(f, p);
    return (up - down) / (2 * h);
}

} // namespace

TEST_CASE("share: the named form expands back to the very same nodes") {
    for (const char *in : {"x^x^x^x", "sin(x)^x*exp(sin(x)^x)", "tan(tan(tan(x^2+1)))", "x/(1+x^2)"}) {
        CAPTURE(in);
        Expr f = parse_expr(in);
        Expr d = f;
        for (int k = 0; k < 4; ++k) d = simplify(differentiate(d, "x"));
        ShareOptions opt;
        for (std::size_t min : {2u, 6u, 20u}) {
            opt.min_nodes = min;
            SharedForm form = share_subexpressions({d, f}, {"x"}, opt);
            std::vector<Expr> back = expand_shared(form);
            REQUIRE(back.size() == 2);
            // Hash-consing: equal structure is the same node; the named form only reorders
            // a product's factors, which canonicalization undoes.
            CHECK(canonicalize(back[0]) == canonicalize(d));
            CHECK(canonicalize(back[1]) == canonicalize(f));
            CHECK(form.compact_nodes <= form.expanded_nodes);
            for (const SharedDefinition &def : form.definitions) CHECK(def.name.rfind("u_", 0) == 0);
        }
    }
}

TEST_CASE("share: names avoid the variables") {
    Expr f = parse_expr(nest(40, "sin", "u + u_1 + v_2"));
    Expr d = simplify(differentiate(f, "u"));
    SharedForm form = share_subexpressions({d}, {"u", "u_1", "v_2"});
    REQUIRE_FALSE(form.definitions.empty());
    for (const SharedDefinition &def : form.definitions) {
        CHECK(def.name.rfind("w_", 0) == 0); // u and v are taken (u itself and v_2)
    }
    CHECK(canonicalize(expand_shared(form)[0]) == canonicalize(d));
}

TEST_CASE("share: a 1000-deep nest prints in linear size, names every link of the chain") {
    api::Response small = run(nest(500)), big = run(nest(1000));
    REQUIRE(big.ok);
    REQUIRE(small.ok);
    REQUIRE(big.where.size() >= 900);
    CHECK(big.where[0].formula.text == "sin(x)");
    CHECK(big.where[1].formula.text == "sin(" + big.where[0].name + ")");
    // The chain rule's factors appear outermost first, x's own factor last.
    CHECK(big.result.text.rfind("*cos(x)") == big.result.text.size() - 7);
    auto chars = [](const api::Response &r) {
        std::size_t n = r.result.text.size();
        for (const auto &d : r.where) n += d.name.size() + d.formula.text.size();
        return n;
    };
    double ratio = static_cast<double>(chars(big)) / static_cast<double>(chars(small));
    CHECK(ratio > 1.8);
    CHECK(ratio < 2.3); // linear; the expanded text grows 4x (2.5 MB at 1000)
    CHECK(chars(big) < 60000);
    for (double x : {0.3, -1.1, 2.0}) {
        Point p{{"x", x}};
        double want = central_difference(nest(1000), "x", p);
        double got = value_of_printed(big.result.text, big.where, p);
        CHECK(got == doctest::Approx(want).epsilon(1e-5));
    }
    // LaTeX uses the same names.
    CHECK(big.where[0].formula.latex == "\\sin x");
    CHECK(big.result.latex.find(big.where[1].name.substr(0, 1) + "_{2}") != std::string::npos);
    // JSON carries them.
    std::string json = api::to_json(big);
    CHECK(json.find("\"where\":[{\"name\":\"u_1\",\"text\":\"sin(x)\"") != std::string::npos);
}

TEST_CASE("share: the expanded form on request, and nothing named where it does not pay") {
    api::Response e = run(nest(100), true);
    REQUIRE(e.ok);
    CHECK(e.where.empty());
    CHECK(e.result.text.find("u_") == std::string::npos);
    CHECK(api::to_json(e).find("\"where\"") == std::string::npos);
    // Typical results are untouched.
    for (const std::string &in : {std::string("x^2 sin x"), std::string("tan(tan(tan(x)))"), nest(12),
                                  std::string("x^x^x^x")}) {
        api::Response r = run(in);
        CAPTURE(in);
        REQUIRE(r.ok);
        CHECK(r.where.empty());
    }
}

TEST_CASE("share: gradients share one set of names") {
    std::string in = nest(200, "sin", "x*y");
    api::Response r = run(in, false, {"x", "y"});
    REQUIRE(r.ok);
    REQUIRE(r.gradient.size() == 2);
    REQUIRE_FALSE(r.where.empty());
    Point p{{"x", 0.7}, {"y", 0.4}};
    for (std::size_t i = 0; i < 2; ++i) {
        double want = central_difference(in, r.gradient[i].var, p);
        CHECK(value_of_printed(r.gradient[i].formula.text, r.where, p) == doctest::Approx(want).epsilon(1e-5));
    }
}
