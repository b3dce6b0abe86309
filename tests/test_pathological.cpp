// Pathological inputs through the facade with its default limits (issue "Reliability"):
// each one either gives a correct answer or stops with a clear error, and none hangs.
// Derivatives are checked by value where the answer is ok. Times are printed as figures; only
// the stops at a deadline are bounded (loosely, so a busy machine does not fail them).
#include "core/parser.hpp"
#include "numeric_check.hpp"
#include "wasm/api.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <string>

using namespace leibniz;

namespace {

// Debug and sanitizer builds run several times slower: they get smaller inputs where the
// answer must come within the default time limit, and looser time bounds.
#if defined(__SANITIZE_ADDRESS__) || !defined(NDEBUG)
constexpr bool kSlowBuild = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSlowBuild = true;
#else
constexpr bool kSlowBuild = false;
#endif
#else
constexpr bool kSlowBuild = false;
#endif
constexpr double kSlack = kSlowBuild ? 10 : 1;

struct Timed {
    api::Response r;
    double seconds;
};

Timed run(const std::string &input, int order = 1, std::vector<Point> at = {}, Limits limits = Limits()) {
    api::Request req;
    req.input = input;
    req.order = order;
    req.at = std::move(at);
    req.limits = limits;
    auto t0 = std::chrono::steady_clock::now();
    api::Response r = api::run(req);
    auto t1 = std::chrono::steady_clock::now();
    return {std::move(r), std::chrono::duration<double>(t1 - t0).count()};
}

bool contains(const std::string &s, const std::string &part) { return s.find(part) != std::string::npos; }

std::string repeat(const std::string &s, std::size_t n) {
    std::string out;
    out.reserve(s.size() * n);
    for (std::size_t i = 0; i < n; ++i) out += s;
    return out;
}

// The note for an input undefined everywhere, or "" when there is none.
std::string undefined_note(const api::Response &r) {
    for (const std::string &n : r.notes)
        if (n.rfind("the input is undefined", 0) == 0) return n;
    return "";
}

} // namespace

TEST_CASE("pathological: x^x^x^x^x^x differentiated 10 times finishes or stops at the time limit") {
    // With its own short limit: the default (10 s) would make this file slow. Either way the
    // answer comes within the limit (plus the deadline's checking interval).
    Limits lim;
    lim.max_time_ms = 500;
    Timed t = run("x^x^x^x^x^x", 10, {{{"x", 1.1}}}, lim);
    CHECK(t.seconds < 0.5 + 3 * kSlack); // the deadline works (a loose bound: the machine may be busy)
    if (t.r.ok) {
        REQUIRE(t.r.values.size() == 1);
        CHECK(t.r.values[0][0].has_value());
    } else {
        CHECK(t.r.error.kind == "limit");
        CHECK(t.r.error.message == "the computation took longer than the limit of 500 ms");
    }
    // The first derivative, by value.
    Timed d = run("x^x^x^x^x^x", 1, {{{"x", 1.1}}});
    REQUIRE(d.r.ok);
    Expr f = parse("x^x^x^x^x^x").expr;
    double expect = testing::numeric_derivative(f, {{"x", 1.1}}, {"x"});
    REQUIRE(d.r.values[0][0].has_value());
    CHECK(testing::close(*d.r.values[0][0], expect, 1e-7));
}

TEST_CASE("pathological: numbers of a million digits stop at the digit limit, fast") {
    const std::string ten = "1" + std::string(1'000'000, '0');
    const std::string fraction = "0." + std::string(1'000'000, '3');
    for (const std::string &in : {ten, fraction, ten + "*x", "x^" + fraction}) {
        Timed t = run(in);
        CHECK_FALSE(t.r.ok);
        CHECK(t.r.error.kind == "input");
        CHECK(t.r.error.message == "an exact number would exceed the limit of 10000 digits");
        MESSAGE(t.seconds << " s"); // a figure: speed is benchmarked, not asserted
    }
    Timed e = run("1e1000000 x");
    CHECK_FALSE(e.r.ok);
    CHECK(contains(e.r.error.message, "limit of 10000 digits"));
    for (std::string in : {"9999999^9999999", "(3/7)^123456789", "x^(9999999^9999999)", "2^(2^40) + x"}) {
        CAPTURE(in);
        Timed t = run(in);
        CHECK_FALSE(t.r.ok);
        CHECK(t.r.error.kind == "limit");
        CHECK(t.r.error.message == "an exact power would exceed the limit of 10000 digits");
        MESSAGE(t.seconds << " s"); // a figure: speed is benchmarked, not asserted
    }
}

TEST_CASE("pathological: a raised digit limit still stops at the deadline") {
    // Reading a million-digit literal is quadratic (tens of seconds): the conversion checks
    // the deadline as it goes.
    Limits lim;
    lim.max_number_digits = 2'000'000;
    lim.max_time_ms = 300;
    Timed t = run(std::string(1'000'000, '7') + " x", 1, {}, lim);
    CHECK_FALSE(t.r.ok);
    CHECK(t.r.error.message == "the computation took longer than the limit of 300 ms");
    CHECK(t.seconds < 0.3 + 3 * kSlack); // the deadline works (a loose bound: the machine may be busy)
    // Big exact arithmetic (powers of 100,000 digits and more) checks it too.
    Timed p = run("3^300000 * 7^200000 + 5^250000 * x", 1, {}, lim);
    if (!p.r.ok) CHECK(p.r.error.message == "the computation took longer than the limit of 300 ms");
    CHECK(p.seconds < 0.3 + 3 * kSlack);
}

TEST_CASE("pathological: sin(sin(...x)) nested 1000 deep") {
    std::string s = repeat("sin(", 1000) + "x" + std::string(1000, ')');
    Timed t = run(s, 1, {{{"x", 0.3}}});
    REQUIRE(t.r.ok);
    REQUIRE(t.r.values.size() == 1);
    REQUIRE(t.r.values[0][0].has_value());
    // Central difference of the input itself.
    auto f = [](double x) {
        for (int i = 0; i < 1000; ++i) x = std::sin(x);
        return x;
    };
    const double h = 1e-5;
    double central = (f(0.3 + h) - f(0.3 - h)) / (2 * h);
    CHECK(testing::close(*t.r.values[0][0], central, 1e-6));
    MESSAGE(t.seconds << " s"); // a figure: speed is benchmarked, not asserted
}

TEST_CASE("pathological: a sum of 100,000 terms") {
    const int n = kSlowBuild ? 20'000 : 100'000;
    std::string s;
    s.reserve(n * 9);
    for (int k = 1; k <= n; ++k) s += (k > 1 ? "+x^" : "x^") + std::to_string(k);
    Timed t = run(s, 1, {{{"x", 0.3}}});
    REQUIRE(t.r.ok);
    CHECK(t.r.result.text.rfind(std::to_string(n) + "*x^" + std::to_string(n - 1) + " + ", 0) == 0);
    double expect = 0, p = 1; // sum of k 0.3^(k-1)
    for (int k = 1; k <= n; ++k, p *= 0.3) expect += k * p;
    REQUIRE(t.r.values[0][0].has_value());
    CHECK(testing::close(*t.r.values[0][0], expect, 1e-12));
    MESSAGE(t.seconds << " s"); // a figure: speed is benchmarked, not asserted
}

TEST_CASE("pathological: parentheses nested 2000 and 3000 deep") {
    Timed ok = run(std::string(2000, '(') + "x" + std::string(2000, ')'));
    REQUIRE(ok.r.ok);
    CHECK(ok.r.result.text == "1");
    for (std::size_t depth : {2001u, 3000u}) {
        Timed t = run(std::string(depth, '(') + "x" + std::string(depth, ')'));
        CHECK_FALSE(t.r.ok);
        CHECK(t.r.error.kind == "input");
        CHECK(t.r.error.message == "the expression is nested deeper than the limit of 2000 levels");
        CHECK(t.r.error.position == 2000); // the first parenthesis too many
        MESSAGE(t.seconds << " s"); // a figure: speed is benchmarked, not asserted
    }
}

TEST_CASE("pathological: a product of 20,000 equal factors") {
    // x x x ... x: one run of equal factors, collected to a single power. (The product rule
    // still makes n terms of n factors each: seconds for n = 20,000, so `*` is tried smaller.)
    for (int n : {kSlowBuild ? 4000 : 20'000, -2000}) {
        const bool star = n < 0;
        n = std::abs(n);
        const std::string in = star ? "x" + repeat("*x", n - 1) : std::string(n, 'x');
        const std::string expect = std::to_string(n) + "*x^" + std::to_string(n - 1);
        CAPTURE(star);
        Timed t = run(in, 1, {{{"x", 1.0}}});
        REQUIRE(t.r.ok);
        CHECK(t.r.result.text == expect);
        REQUIRE(t.r.values[0][0].has_value());
        CHECK(*t.r.values[0][0] == doctest::Approx(n));
        MESSAGE(t.seconds << " s"); // a figure: speed is benchmarked, not asserted
    }
    Timed sum = run("x" + repeat("+x", 19'999));
    REQUIRE(sum.r.ok);
    CHECK(sum.r.result.text == "20000");
}

TEST_CASE("pathological: inputs undefined for every value of the variables carry a note") {
    struct Case {
        std::string input, note;
    };
    const Case cases[] = {
        {"ln(0) + x", "the input is undefined for every value of x: log(0) is not a real number"},
        {"sqrt(-1) + x", "the input is undefined for every value of x: sqrt(-1) is not a real number"},
        {"asin(2)*x", "the input is undefined for every value of x: asin(2) is not a real number"},
        {"log(-3)", "the input is undefined: log(-3) is not a real number"},
        {"acos(-5)", "the input is undefined: acos(-5) is not a real number"},
        {"(-8)^(1/4)", "the input is undefined: (-8)^(1/4) is not a real number"},
        {"atanh(1)", "the input is undefined: atanh(1) is not a real number"},
        {"sqrt(-1)^2 x", "the input is undefined for every value of x: sqrt(-1) is not a real number"},
        {"0 ln(0) + x", "the input is undefined for every value of x: log(0) is not a real number"},
        {"x y + tan(pi/2)", "the input is undefined for every value of x, y: tan(pi/2) is not a real number"},
        {"cot(0) x", "the input is undefined for every value of x: cot(0) is not a real number"},
        {"log(sin(pi)) + x", "the input is undefined for every value of x: log(sin(pi)) is not a real number"},
        {"(-2)^pi x", "the input is undefined for every value of x: (-2)^pi is not a real number"},
        {"asin(pi/3) x", "the input is undefined for every value of x: asin(pi/3) is not a real number"},
        {"log(x, -2)", "the input is undefined for every value of x: log(-2) is not a real number"},
        {"acosh(1/2) + x^2", "the input is undefined for every value of x: acosh(1/2) is not a real number"},
        {"asec(1/2) + x", "the input is undefined for every value of x: asec(1/2) is not a real number"},
        {"coth(0) + x", "the input is undefined for every value of x: coth(0) is not a real number"},
    };
    for (const Case &c : cases) {
        CAPTURE(c.input);
        Timed t = run(c.input, 1, {{{"x", 0.5}, {"y", 0.5}}});
        REQUIRE(t.r.ok);
        CHECK(undefined_note(t.r) == c.note);
    }
    // Several: one note each (at most three), before the other notes.
    Timed many = run("log(0) + asin(2) + |x| + sqrt(-3) + acos(9)");
    REQUIRE(many.r.ok);
    REQUIRE(many.r.notes.size() == 4);
    CHECK(many.r.notes[0] == "the input is undefined for every value of x: log(0) is not a real number");
    CHECK(many.r.notes[2] == "the input is undefined for every value of x: sqrt(-3) is not a real number");
    CHECK(many.r.notes[3] == "not differentiable at x = 0");
    // Defined everywhere it matters: no such note (odd roots of negatives are real; values on
    // a domain's boundary count; rounding never makes an input look undefined).
    for (std::string in : {"(-8)^(1/3) x", "(-8)^(2/3) x", "tan(pi/4) x", "sqrt(-cos(pi/2)) + x",
                           "asin(1) x", "acos(-1) x", "log(1) + x", "acosh(1) x", "asec(1) x",
                           "sqrt(0) x", "(-1)^2 x", "atanh(1/2) x", "log(pi - 3) x", "acot(0) x",
                           "sqrt(2 - sqrt(2)^2) + x", "asin(sin(1)^2 + cos(1)^2) x", "exp(exp(exp(9))) x",
                           "log(x)", "sqrt(-x)", "asin(x + 2)", "heaviside(0) x", "sign(0) + x"}) {
        CAPTURE(in);
        Timed t = run(in);
        REQUIRE(t.r.ok);
        CHECK(undefined_note(t.r) == "");
    }
}

TEST_CASE("pathological: evaluation never prints an undefined value as a number") {
    for (std::string in : {"ln(0) + x", "asin(2) x", "sqrt(-1) + x", "(-8)^(1/4) + x", "log(x - 1)", "1/(x - 1)"}) {
        CAPTURE(in);
        api::Response r = api::evaluate(in, {{{"x", 1.0}}});
        REQUIRE(r.ok);
        REQUIRE(r.values.size() == 1);
        CHECK_FALSE(r.values[0][0].has_value());
        std::string json = api::to_json(r);
        CHECK(contains(json, "\"values\":[null]"));
        CHECK_FALSE(contains(json, "nan"));
        CHECK_FALSE(contains(json, "inf"));
    }
    // A derivative undefined at the point is null too.
    Timed d = run("sqrt(x)", 1, {{{"x", 0.0}}, {{"x", -1.0}}});
    REQUIRE(d.r.ok);
    CHECK_FALSE(d.r.values[0][0].has_value());
    CHECK_FALSE(d.r.values[1][0].has_value());
}
