// Every explicit limit (core/limits.hpp), exceeded on purpose: each gives its own message
// naming the limit and its value, as an error value (never a crash or a hang), and the next
// computation works normally.
#include "wasm/api.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace leibniz;

namespace {

api::Response run_with(const std::string &input, const Limits &lim, int order = 1, std::vector<std::string> gradient = {}) {
    api::Request r;
    r.input = input;
    r.limits = lim;
    r.order = order;
    r.gradient = std::move(gradient);
    return api::run(r);
}

bool contains(const std::string &s, const std::string &part) { return s.find(part) != std::string::npos; }

void still_works() {
    api::Request r;
    r.input = "x^2 sin x";
    api::Response ok = api::run(r);
    REQUIRE(ok.ok);
    CHECK(ok.result.text == "x^2*cos(x) + 2*x*sin(x)");
}

} // namespace

TEST_CASE("limits: each one exceeded gives its own message") {
    Limits lim;
    SUBCASE("input length") {
        lim.max_input_chars = 50;
        api::Response r = run_with(std::string(60, 'x'), lim);
        CHECK(r.error.kind == "input");
        CHECK(contains(r.error.message, "the input has 60 characters, more than the limit of 50"));
        CHECK(r.error.position == 50);
    }
    SUBCASE("nesting depth") {
        lim.max_depth = 40;
        std::string s = "x";
        for (int i = 0; i < 41; ++i) s = "(" + s + ")";
        api::Response r = run_with(s, lim);
        CHECK_FALSE(r.ok);
        CHECK(contains(r.error.message, "nested deeper than the limit of 40 levels"));
        CHECK(r.error.length > 0); // it points at the group that is one too deep
    }
    SUBCASE("nodes") {
        lim.max_nodes = 300;
        api::Response r = run_with("x^x^x^x", lim, 4);
        CHECK(r.error.kind == "limit");
        CHECK(contains(r.error.message, "the computation needs more than the limit of 300"));
    }
    SUBCASE("order") {
        api::Response r = run_with("x^2", lim, 101);
        CHECK(r.error.kind == "limit");
        CHECK(contains(r.error.message, "exceeds the limit of 100"));
    }
    SUBCASE("printed result") {
        lim.max_result_chars = 1000;
        api::Response r = run_with("(x+1)^1 (x+2)^2 (x+3)^3 (x+4)^4 (x+5)^5 (x+6)^6 sin(x) cos(x) exp(x)", lim, 3);
        CHECK(r.error.kind == "limit");
        CHECK(r.error.message == "the printed result is longer than the limit of 1000 characters");
    }
    SUBCASE("exact numbers") {
        lim.max_number_digits = 100;
        api::Response r = run_with("x * 7^200", lim);
        CHECK(r.error.kind == "limit");
        CHECK(contains(r.error.message, "limit of 100 digits"));
        api::Response typed = run_with("x * 1" + std::string(150, '0'), lim);
        CHECK(typed.error.kind == "input"); // a typed number: the error points at it
        CHECK(typed.error.position == 4);
        CHECK(contains(typed.error.message, "limit of 100 digits"));
    }
    SUBCASE("gradient variables") {
        lim.max_gradient_vars = 3;
        api::Response r = run_with("a+b+c+d", lim, 1, {"a", "b", "c", "d"});
        CHECK(r.error.kind == "limit");
        CHECK(contains(r.error.message, "more than 3 variables"));
    }
    SUBCASE("time") {
        lim.max_time_ms = 50;
        api::Response r = run_with("x^x^x^x^x^x", lim, 8);
        CHECK(r.error.kind == "limit");
        CHECK(r.error.message == "the computation took longer than the limit of 50 ms");
    }
    SUBCASE("time, while reading a long number") {
        // A limit of the whole computation, not an input error at the literal.
        lim.max_number_digits = 2'000'000;
        lim.max_time_ms = 1;
        api::Response r = run_with("x + " + std::string(900'000, '7'), lim, 1);
        CHECK(r.error.kind == "limit");
        CHECK(r.error.message == "the computation took longer than the limit of 1 ms");
    }
    still_works();
}

TEST_CASE("limits: the defaults") {
    Limits lim;
    CHECK(lim.max_input_chars == 1u << 20);
    CHECK(lim.max_depth == 2000);
    CHECK(lim.max_nodes == 2'000'000);
    CHECK(lim.max_order == 100);
    CHECK(lim.max_result_chars == 32u << 20);
    CHECK(lim.max_number_digits == 10'000);
    CHECK(lim.max_gradient_vars == 64);
    CHECK(lim.max_time_ms == 10'000);
}
