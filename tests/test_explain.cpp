// Steps: recorded by the differentiation itself, so they must agree with the answer. For
// every fixture case each step's formula equals its result, each result is the derivative
// of its expression (difference quotient), and the root's result is the answer.
#include "core/diff.hpp"
#include "core/explain.hpp"
#include "core/parser.hpp"
#include "core/print.hpp"
#include "core/simplify.hpp"
#include "numeric_check.hpp"
#include "wasm/api.hpp"

#include <doctest/doctest.h>

using namespace leibniz;
using leibniz::testing::Json;

namespace {
std::string all_text(const api::Response &r) {
    std::string s;
    for (const auto &g : r.steps) {
        for (const auto &st : g.explanation.steps) s += st.text + "\n";
        if (g.explanation.has_simplify) s += g.explanation.simplify.text + "\n";
    }
    return s;
}

api::Response explain_input(const std::string &in, Lang lang, std::vector<std::string> wrt = {}, int order = 1) {
    api::Request r;
    r.input = in;
    r.steps = true;
    r.lang = lang;
    r.wrt = std::move(wrt);
    r.order = order;
    return api::run(r);
}
} // namespace

TEST_CASE("steps: the seed's chain rule example, in Korean and English") {
    api::Response ko = explain_input("y = (3x^2 + 8)^3", Lang::Ko);
    REQUIRE(ko.ok);
    CHECK(ko.result.text == "18*x*(3*x^2 + 8)^2");
    REQUIRE(ko.steps.size() == 1);
    const Explanation &ex = ko.steps[0].explanation;
    CHECK(ex.steps[0].rule == "chain");
    CHECK(ex.steps[0].title == "연쇄 법칙");
    // dy/du = 3u^2 (the seed wrote u^2) and du/dx = 6x.
    CHECK(ex.steps[0].text ==
          "연쇄 법칙: $u = 3 x^{2} + 8$로 두면 $y = u^{3}$이므로 $\\frac{dy}{dx} = \\frac{dy}{du} \\cdot "
          "\\frac{du}{dx} = 3 u^{2} \\cdot 6 x$입니다.");
    REQUIRE(ex.has_simplify);
    CHECK(ex.simplify.latex.find("= 18 x (3 x^{2} + 8)^{2}") != std::string::npos);
    api::Response en = explain_input("y = (3x^2 + 8)^3", Lang::En);
    CHECK(en.steps[0].explanation.steps[0].text ==
          "Chain rule: let $u = 3 x^{2} + 8$, so $y = u^{3}$ and $\\frac{dy}{dx} = \\frac{dy}{du} \\cdot "
          "\\frac{du}{dx} = 3 u^{2} \\cdot 6 x$.");
}

TEST_CASE("steps: the seed's named rules") {
    CHECK(explain_input("7", Lang::Ko).steps[0].explanation.steps[0].title == "상수의 미분 법칙");
    CHECK(explain_input("x^5", Lang::Ko).steps[0].explanation.steps[0].title == "제곱의 법칙");
    CHECK(explain_input("4x^3", Lang::Ko).steps[0].explanation.steps[0].title == "상수 곱 법칙");
    CHECK(explain_input("x^2 + x", Lang::Ko).steps[0].explanation.steps[0].title == "합의 법칙");
    api::Response p = explain_input("x^3 x^4", Lang::Ko);
    CHECK(p.steps[0].explanation.steps[0].title == "곱의 법칙");
    CHECK(p.result.text == "7*x^6");
    api::Response q = explain_input("x^3/x^2", Lang::Ko);
    CHECK(q.steps[0].explanation.steps[0].title == "몫의 법칙");
    CHECK(q.result.text == "1");
    CHECK(explain_input("sin(x^2)", Lang::Ko).steps[0].explanation.steps[0].title == "연쇄 법칙");
}

TEST_CASE("steps: Korean particles follow the sound of the formula") {
    CHECK(all_text(explain_input("3x^2", Lang::Ko)).find("상수 $3$은") != std::string::npos);
    CHECK(all_text(explain_input("2x^3", Lang::Ko)).find("상수 $2$는") != std::string::npos);
    CHECK(all_text(explain_input("x y", Lang::Ko, {"x"})).find("상수 $y$는") != std::string::npos);
    CHECK(all_text(explain_input("x + y", Lang::Ko, {"x"})).find("$y$는 $x$와 관계없으므로") != std::string::npos);
}

TEST_CASE("steps: functions, general power, partials, non-differentiable points, orders") {
    CHECK(all_text(explain_input("x^x", Lang::En)).find("General power rule") != std::string::npos);
    CHECK(all_text(explain_input("|x|", Lang::En)).find("not differentiable where $x = 0$") != std::string::npos);
    CHECK(all_text(explain_input("relu(2x)", Lang::Ko)).find("미분할 수 없습니다") != std::string::npos);
    std::string partial = all_text(explain_input("x^2 y", Lang::En, {"y"}));
    CHECK(partial.find("does not depend on $y$") == std::string::npos);
    CHECK(explain_input("x^2 y", Lang::En, {"y"}).steps[0].explanation.steps[0].latex.find("\\partial") !=
          std::string::npos);
    api::Response o = explain_input("sin x", Lang::En, {"x"}, 3);
    REQUIRE(o.steps.size() == 3);
    CHECK(o.steps[2].order == 3);
    CHECK(o.result.text == "-cos(x)");
    const char *every_function[] = {"sin x", "cos x", "tan x", "cot x", "sec x", "csc x", "asin x", "acos x",
                                    "atan x", "acot x", "asec x", "acsc x", "sinh x", "cosh x", "tanh x", "coth x",
                                    "sech x", "csch x", "asinh x", "acosh x", "atanh x", "exp x", "ln x",
                                    "log(x, 2)", "sqrt x", "cbrt x", "|x|", "sign x", "sigmoid x", "softplus x",
                                    "relu x", "2^x", "e^x"};
    for (const char *f : every_function) {
        INFO(f);
        api::Response r = explain_input(f, Lang::Ko);
        REQUIRE(r.ok);
        REQUIRE(!r.steps.empty());
        CHECK(!r.steps[0].explanation.steps.empty());
        CHECK(r.steps[0].explanation.steps[0].text.size() > 10);
    }
}

TEST_CASE("steps: repeated work is explained once; huge inputs are summarized") {
    api::Response r = explain_input("sin(x^2) + cos(x^2)^2 + (x^2)", Lang::En);
    int power_steps = 0;
    for (const auto &st : r.steps[0].explanation.steps) power_steps += st.rule == "power";
    CHECK(power_steps == 1); // d/dx x^2, shared
    std::string s = "x";
    for (int i = 0; i < 1000; ++i) s = "sin(" + s + ")";
    api::Response big = explain_input(s, Lang::En);
    REQUIRE(big.ok);
    const Explanation &bx = big.steps[0].explanation;
    CHECK(bx.steps.size() == 200);
    CHECK(bx.omitted == 1000 - 200); // 999 chain steps and d/dx sin x, of which 200 are shown
    std::size_t chars = 0;
    for (const auto &st : bx.steps) chars += st.latex.size() + st.text.size();
    CHECK(chars < 200 * 4 * 5000); // formulas past 5000 characters are elided
    CHECK(bx.steps[0].latex.find("\\dots") != std::string::npos);
}

TEST_CASE("steps: every fixture case, numerically") {
    int checked = 0;
    for (const Json &c : testing::fixture_cases()) {
        if (c.has("error") || c.has("gradient")) continue;
        const std::string input = c["input"].s;
        INFO("case " << c["id"].s << ": " << input);
        api::Request req;
        req.input = input;
        if (c.has("wrt")) req.wrt = testing::strings(c["wrt"]);
        if (c.has("order")) req.order = static_cast<int>(c["order"].n);
        api::Response r = api::run(req);
        REQUIRE(r.ok);
        if (r.wrt.size() > 3) continue;
        std::vector<Point> pts = testing::case_points(c, r.variables);
        // Replay the same sequence, recording steps, and check each one.
        Expr d = parse(input).expr;
        for (const std::string &v : r.wrt) {
            std::vector<Step> steps;
            DiffContext ctx;
            ctx.steps = &steps;
            Expr var = sym(v);
            Expr raw = differentiate(d, var, ctx);
            REQUIRE(!steps.empty());
            CHECK(steps.back().result == raw); // the root step is the answer before simplifying
            for (const Step &s : steps) {
                INFO("step expr " << to_text(s.expr) << " formula " << to_text(s.formula));
                const std::string undefined = "no sample point where both are defined";
                std::string eq = testing::check_equal(s.formula, s.result, pts);
                CHECK((eq.empty() || eq == undefined));
                std::string dq = testing::check_derivative(s.expr, s.result, {v}, pts);
                CHECK((dq.empty() || dq == undefined));
            }
            d = simplify(raw);
        }
        CHECK(to_text(d) == (r.is_gradient ? r.gradient[0].formula.text : r.result.text));
        ++checked;
    }
    CHECK(checked > 150);
}
