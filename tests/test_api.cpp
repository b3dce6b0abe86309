#include "wasm/api.hpp"
#include "wasm/matrix_api.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace leibniz;

namespace {
api::Response run(const std::string &in, std::vector<std::string> wrt = {}, int order = 1) {
    api::Request r;
    r.input = in;
    r.wrt = std::move(wrt);
    r.order = order;
    return api::run(r);
}
} // namespace

TEST_CASE("api: default variable") {
    CHECK(run("x^2 + y").wrt == std::vector<std::string>{"x"});
    CHECK(run("t^2").wrt == std::vector<std::string>{"t"});
    CHECK(run("f(t) = t^2 + a t").wrt == std::vector<std::string>{"t"});
    CHECK(run("7").result.text == "0");
    api::Response r = run("a b");
    CHECK_FALSE(r.ok);
    CHECK(r.error.kind == "usage");
    CHECK(r.error.message.find("choose the one") != std::string::npos);
    CHECK(r.variables == std::vector<std::string>{"a", "b"});
    CHECK(api::to_json(r).find("\"variables\":[\"a\",\"b\"]") != std::string::npos);
    CHECK(run("d/dt t^3 + x").wrt == std::vector<std::string>{"t"});
    CHECK(run("d/dt t^3 + x").result.text == "3*t^2");
}

TEST_CASE("api: order, mixed partials and gradient") {
    CHECK(run("x^3", {"x"}, 2).result.text == "6*x");
    api::Response m = run("x^2 y^3", {"x", "y"});
    CHECK(m.result.text == "6*x*y^2");
    CHECK(m.wrt == std::vector<std::string>{"x", "y"});
    api::Request g;
    g.input = "x^2 y + sin(y)";
    g.gradient = {"x", "y"};
    g.at = {{{"x", 1.0}, {"y", 0.0}}};
    api::Response gr = api::run(g);
    REQUIRE(gr.ok);
    REQUIRE(gr.gradient.size() == 2);
    CHECK(gr.gradient[0].formula.text == "2*x*y");
    CHECK(gr.gradient[1].formula.text == "x^2 + cos(y)");
    REQUIRE(gr.values.size() == 1);
    CHECK(*gr.values[0][0] == doctest::Approx(0));
    CHECK(*gr.values[0][1] == doctest::Approx(2));
}

TEST_CASE("api: values, undefined points and notes") {
    api::Request r;
    r.input = "log(x)";
    r.at = {{{"x", 2.0}}, {{"x", 0.0}}};
    api::Response res = api::run(r);
    REQUIRE(res.ok);
    CHECK(*res.values[0][0] == doctest::Approx(0.5));
    CHECK_FALSE(res.values[1][0].has_value());
    CHECK(api::to_json(res).find("\"values\":[0.5,null]") != std::string::npos);
    api::Response a = run("|x|");
    CHECK(a.notes == std::vector<std::string>{"not differentiable at x = 0"});
    CHECK(run("relu(2x - 1)").notes == std::vector<std::string>{"not differentiable where 2*x - 1 = 0"});
}

TEST_CASE("api: errors never escape, limits are named") {
    api::Response e = run("sinn(x)");
    CHECK_FALSE(e.ok);
    CHECK(e.error.kind == "input");
    CHECK(e.error.position == 0);
    CHECK(e.error.length == 4);
    CHECK(api::to_json(e) ==
          "{\"ok\":false,\"error\":{\"kind\":\"input\",\"message\":\"unknown function 'sinn'; did you "
          "mean 'sin'?\",\"position\":0,\"length\":4}}");
    api::Response o = run("x", {"x"}, 1000);
    CHECK(o.error.kind == "limit");
    CHECK(o.error.message.find("limit of 100") != std::string::npos);
    api::Request big;
    big.input = "x^(10^100000)";
    api::Response b = api::run(big);
    CHECK_FALSE(b.ok);
    CHECK(b.error.message.find("digits") != std::string::npos);
    api::Request deep;
    deep.input = std::string(5000, '(') + "x" + std::string(5000, ')');
    CHECK(api::run(deep).error.message.find("nested deeper") != std::string::npos);
    CHECK(run("x", {"2x"}).error.kind == "usage");
    CHECK(run("").error.message.find("empty") != std::string::npos);
}

TEST_CASE("api: repeat reports timing") {
    api::Request r;
    r.input = "sin(x)^2";
    r.repeat = 5;
    api::Response res = api::run(r);
    REQUIRE(res.timing);
    CHECK(res.timing->repeat == 5);
    CHECK(res.timing->min_ns <= res.timing->median_ns);
    CHECK(api::to_json(res).find("\"timing_ns\":{\"median\":") != std::string::npos);
}

TEST_CASE("api: JSON escapes") {
    api::Response r = run("theta^2", {"theta"});
    CHECK(api::to_json(r).find("\"latex\":\"2 \\\\theta \"") == std::string::npos);
    CHECK(api::to_json(r).find("\\\\theta") != std::string::npos);
}

TEST_CASE("api: evaluate the input itself") {
    api::Response r = api::evaluate("x^2 + y", {{{"x", 3.0}, {"y", 1.0}}, {{"x", -1.0}, {"y", 0.5}}});
    REQUIRE(r.ok);
    CHECK(*r.values[0][0] == doctest::Approx(10));
    CHECK(*r.values[1][0] == doctest::Approx(1.5));
    api::Response u = api::evaluate("log(x)", {{{"x", -1.0}}});
    REQUIRE(u.ok);
    CHECK_FALSE(u.values[0][0].has_value());
    api::Response m = api::evaluate("x + y", {{{"x", 1.0}}});
    CHECK_FALSE(m.ok);
    CHECK(m.error.kind == "usage");
    api::Response e = api::evaluate("sinn(x)", {});
    CHECK(e.error.position == 0);
    CHECK(e.error.length == 4);
}

TEST_CASE("api: notes are stated only where they hold") {
    CHECK(run("|x|").notes == std::vector<std::string>{"not differentiable at x = 0"});
    CHECK(run("sqrt(x^2)").notes == std::vector<std::string>{"not differentiable at x = 0"}); // |x| in disguise
    CHECK(run("|x|^3").notes.empty());   // 3x|x| is continuous: differentiable at 0
    CHECK(run("x |x|").notes.empty());
    CHECK(run("relu(x)^2").notes.empty());
    CHECK(run("sign(x)").notes == std::vector<std::string>{"not differentiable at x = 0"}); // a jump
    CHECK(run("|x|", {"x"}, 3).notes == std::vector<std::string>{"not differentiable at x = 0"});
    CHECK(run("x/|x|").result.text == "0");
    CHECK(run("0^x").result.text == "0");
}

TEST_CASE("api: an input undefined for every value says so") {
    CHECK(run("ln(0) + x").result.text == "1");
    CHECK(run("ln(0) + x").notes ==
          std::vector<std::string>{"the input is undefined for every value of x: log(0) is not a real number"});
    CHECK(run("log(-3)").notes == std::vector<std::string>{"the input is undefined: log(-3) is not a real number"});
    CHECK(run("sqrt(-1)^2 * x").notes ==
          std::vector<std::string>{"the input is undefined for every value of x: sqrt(-1) is not a real number"});
    // Found in the canonical form when the typed one does not show it: e - e is 0.
    CHECK(run("log(e - e) + x").notes ==
          std::vector<std::string>{"the input is undefined for every value of x: log(0) is not a real number"});
    // A long constant is shortened.
    std::string lng = "log(-" + std::string(80, '9') + ") + x";
    std::vector<std::string> n = run(lng).notes;
    REQUIRE(n.size() == 1);
    CHECK(n[0].find("log(-999") != std::string::npos);
    CHECK(n[0].find("... is not a real number") != std::string::npos);
    CHECK(run("(-8)^(1/3) x + |x|").notes == std::vector<std::string>{"not differentiable at x = 0"});
    api::Request g;
    g.input = "asin(2) x + y";
    g.gradient = {"x", "y"};
    CHECK(api::run(g).notes ==
          std::vector<std::string>{"the input is undefined for every value of x, y: asin(2) is not a real number"});
}

TEST_CASE("api: an input undefined everywhere has no values anywhere") {
    api::Request r;
    r.input = "ln(0) + x";
    r.at = {Point{{"x", 2.0}}};
    api::Response d = api::run(r);
    REQUIRE(d.ok);
    REQUIRE(d.values.size() == 1);
    CHECK_FALSE(d.values[0][0].has_value()); // the formula 1 would say 1
    CHECK(d.notes.at(0) == "the input is undefined for every value of x: log(0) is not a real number");
    for (const char *in : {"sqrt(-1)^2*x", "0*ln(0) + x", "asin(2) x"}) {
        CAPTURE(in);
        api::Response e = api::evaluate(in, {Point{{"x", 2.0}}});
        REQUIRE(e.ok);
        CHECK_FALSE(e.values[0][0].has_value());
        api::Grid g = api::evaluate_grid(in, "x", {0.5, 1.0}, Point());
        REQUIRE(g.meta.ok);
        REQUIRE(g.values.size() == 2);
        CHECK(std::isnan(g.values[0]));
        CHECK(std::isnan(g.values[1]));
    }
    api::Response fine = api::evaluate("ln(2) + asin(1/2) + sqrt(3) + x", {Point{{"x", 2.0}}});
    REQUIRE(fine.ok);
    CHECK(fine.values[0][0].value_or(-1) == doctest::Approx(2.0 + std::log(2.0) + std::asin(0.5) + std::sqrt(3.0)));
}

TEST_CASE("api: a matrix input undefined everywhere says so") {
    api::MatrixRequest req;
    req.input = "f = log(0) * x W + sqrt(-2) * sum(x)";
    req.shapes = {{"x", "1x2"}, {"W", "2x2"}};
    req.wrt = "W";
    api::MatrixResponse r = api::run_matrix(req);
    REQUIRE(r.ok);
    REQUIRE(r.notes.size() == 2);
    CHECK(r.notes[0] == "the input is undefined for every value of W, x: log(0) is not a real number");
    CHECK(r.notes[1] == "the input is undefined for every value of W, x: sqrt(-2) is not a real number");
    CHECK(api::to_json(r).find("\"notes\":[\"the input is undefined") != std::string::npos);
    req.input = "f = log(2) * x W";
    api::MatrixResponse fine = api::run_matrix(req);
    REQUIRE(fine.ok);
    CHECK(fine.notes.empty());
    CHECK(api::to_json(fine).find("\"notes\":[]") != std::string::npos);
}
