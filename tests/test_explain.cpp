// Steps: recorded by the differentiation itself, so they must agree with the answer. For
// every fixture case each step's formula equals its result, each result is the derivative
// of its expression (difference quotient), and the root's result is the answer.
//
// Golden texts: the explanations of the seed's examples and of representative cases, in
// English and Korean, are compared with tests/golden/steps/<name>.<lang>.txt, where the
// wording can be read (and reviewed) as a whole. After an intended change of wording,
// regenerate them and read the diff:
//     LEIBNIZ_UPDATE_GOLDEN=1 build/native/tests/leibniz_tests -tc="steps: golden*"
#include "core/diff.hpp"
#include "core/explain.hpp"
#include "core/parser.hpp"
#include "core/print.hpp"
#include "core/simplify.hpp"
#include "numeric_check.hpp"
#include "wasm/api.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

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
          "연쇄 법칙: $u = 3 x^{2} + 8$로 두면 $y = u^{3}$입니다. $\\frac{dy}{du} = 3 u^{2}$, $\\frac{du}{dx} = 6 x$이므로 "
          "$\\frac{dy}{dx} = \\frac{dy}{du} \\cdot \\frac{du}{dx} = 3 u^{2} \\cdot 6 x$입니다.");
    // The rule's product with \cdot between its factors, then the answer.
    CHECK(ex.steps[0].latex ==
          "\\frac{d}{dx} (3 x^{2} + 8)^{3} = 3 (3 x^{2} + 8)^{2} \\cdot 6 x = 18 x (3 x^{2} + 8)^{2}");
    REQUIRE(ex.has_simplify);
    CHECK(ex.simplify.latex.find("= 18 x (3 x^{2} + 8)^{2}") != std::string::npos);
    api::Response en = explain_input("y = (3x^2 + 8)^3", Lang::En);
    CHECK(en.steps[0].explanation.steps[0].text ==
          "Chain rule: let $u = 3 x^{2} + 8$, so $y = u^{3}$. Then $\\frac{dy}{du} = 3 u^{2}$ and $\\frac{du}{dx} = 6 x$, "
          "so $\\frac{dy}{dx} = \\frac{dy}{du} \\cdot \\frac{du}{dx} = 3 u^{2} \\cdot 6 x$.");
}

TEST_CASE("steps: the product-shaped rules write \\cdot between the rule's factors") {
    auto latex = [](const std::string &in) { return explain_input(in, Lang::En).steps[0].explanation.steps[0].latex; };
    CHECK(latex("x^3 x^4") == "\\frac{d}{dx}\\left(x^{3} x^{4}\\right) = 3 x^{2} \\cdot x^{4} + x^{3} \\cdot 4 x^{3} = 7 x^{6}");
    CHECK(latex("x^3/x^2") ==
          "\\frac{d}{dx}\\left(\\frac{x^{3}}{x^{2}}\\right) = \\frac{3 x^{2} \\cdot x^{2} - x^{3} \\cdot 2 x}{(x^{2})^{2}} = 1");
    CHECK(latex("3x^2") == "\\frac{d}{dx}\\left(3 x^{2}\\right) = 3 \\cdot 2 x = 6 x");
    CHECK(latex("sin(x) cos(x)") ==
          "\\frac{d}{dx}\\left(\\sin x \\cos x\\right) = \\cos x \\cdot \\cos x + \\sin x \\cdot (-\\sin x) = "
          "\\cos^{2} x - \\sin^{2} x");
    CHECK(latex("sigmoid(3x)").find("= \\sigma(3 x) (1 - \\sigma(3 x)) \\cdot 3 =") != std::string::npos);
    CHECK(latex("x/(x+1)").find("\\frac{1 \\cdot (x + 1) - x \\cdot 1}{(x + 1)^{2}}") != std::string::npos);
    CHECK(latex("cos(x^2 + 1)").find("= -\\sin(x^{2} + 1) \\cdot 2 x =") != std::string::npos);
    CHECK(latex("x^x").find("x^{x} \\cdot \\left(1 \\cdot \\ln x + \\frac{x \\cdot 1}{x}\\right)") != std::string::npos);
    // No bracketed product of factors such as (3 (3 x^{2} + 8)^{2}) (6 x) anywhere.
    for (const char *in : {"y = (3x^2 + 8)^3", "x^2 sin(x)", "e^(x^2)", "sin(x)/x", "2^(x^2)"}) {
        INFO(in);
        const auto response = explain_input(in, Lang::En); // keep it alive through the loop
        for (const auto &st : response.steps[0].explanation.steps)
            CHECK(st.latex.find(") (") == std::string::npos);
    }
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
    // \frac{1}{2} is read "2분의 1": the particle follows the numerator.
    CHECK(all_text(explain_input("sqrt x", Lang::Ko)).find("$n = \\frac{1}{2}$을 대입") != std::string::npos);
    CHECK(all_text(explain_input("x^(2/3)", Lang::Ko)).find("$n = \\frac{2}{3}$를 대입") != std::string::npos);
    CHECK(all_text(explain_input("x^4", Lang::Ko)).find("$n = 4$를 대입") != std::string::npos);
    CHECK(all_text(explain_input("x^3", Lang::Ko)).find("$n = 3$을 대입") != std::string::npos);
    CHECK(all_text(explain_input("2x^3", Lang::Ko)).find("상수 $2$는") != std::string::npos);
    CHECK(all_text(explain_input("x y", Lang::Ko, {"x"})).find("$y$는 $x$와 관계없으므로 상수로 보고") != std::string::npos);
    CHECK(all_text(explain_input("x m", Lang::Ko, {"x"})).find("$m$은 $x$와 관계없으므로") != std::string::npos);
    CHECK(all_text(explain_input("x y", Lang::En, {"x"})).find("$y$ does not depend on $x$, so it is held constant") !=
          std::string::npos);
    CHECK(all_text(explain_input("x + y", Lang::Ko, {"x"})).find("$y$는 $x$와 관계없으므로") != std::string::npos);
}

TEST_CASE("steps: functions, general power, partials, non-differentiable points, orders") {
    CHECK(all_text(explain_input("x^x", Lang::En)).find("General power rule") != std::string::npos);
    CHECK(all_text(explain_input("|x|", Lang::En)).find("The derivative does not exist at $x = 0$.") != std::string::npos);
    CHECK(all_text(explain_input("relu(2x)", Lang::Ko)).find("미분할 수 없습니다") != std::string::npos);
    std::string partial = all_text(explain_input("x^2 y", Lang::En, {"y"}));
    CHECK(partial.find("$y$ does not depend on $y$") == std::string::npos);
    CHECK(partial.find("$x^{2}$ does not depend on $y$, so it is held constant") != std::string::npos);
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

TEST_CASE("steps: repeated work is explained once") {
    api::Response r = explain_input("sin(x^2) + cos(x^2)^2 + (x^2)", Lang::En);
    int power_steps = 0;
    for (const auto &st : r.steps[0].explanation.steps) power_steps += st.rule == "power";
    CHECK(power_steps == 1); // d/dx x^2, shared
}

namespace {
api::Response expand(const std::string &in, std::size_t id, Lang lang = Lang::En, int order = 1) {
    api::Request r;
    r.input = in;
    r.steps_root = static_cast<long long>(id);
    r.lang = lang;
    r.order = order;
    return api::run(r);
}

// Every child of every item is an item of the same list; placeholders are bare.
void check_closed(const Explanation &ex) {
    std::set<std::size_t> ids;
    for (const auto &st : ex.steps) CHECK(ids.insert(st.id).second);
    for (const auto &st : ex.steps) {
        for (std::size_t c : st.children) CHECK(ids.count(c) == 1);
        if (st.collapsed) {
            CHECK(st.children.empty());
            CHECK(st.latex.empty());
            CHECK(st.text.empty());
            CHECK(!st.title.empty());
            CHECK(st.count >= 1);
        } else {
            CHECK(!st.latex.empty());
        }
    }
}
} // namespace

TEST_CASE("steps: a huge explanation gives its top levels and expands on demand") {
    std::string s = "x";
    for (int i = 0; i < 1000; ++i) s = "sin(" + s + ")";
    api::Response big = explain_input(s, Lang::En);
    REQUIRE(big.ok);
    const Explanation &bx = big.steps[0].explanation;
    check_closed(bx);
    // 1000 steps (999 chain steps and d/dx sin x): 200 in full, the next one collapsed.
    std::size_t full = 0, collapsed = 0;
    for (const auto &st : bx.steps) (st.collapsed ? collapsed : full) += 1;
    CHECK(full == 200);
    CHECK(collapsed == 1);
    CHECK(bx.omitted == 1000 - 200);
    const RenderedStep &ph = bx.steps.back();
    REQUIRE(ph.collapsed);
    CHECK(ph.rule == "chain");
    CHECK(ph.count == 201); // counted up to the budget + 1
    std::size_t chars = 0;
    for (const auto &st : bx.steps) chars += st.latex.size() + st.text.size();
    CHECK(chars < 200 * 4 * 5000); // formulas past 5000 characters are elided
    CHECK(bx.steps[0].latex.find("\\dots") != std::string::npos);

    // The same computation, recorded and explained at once without a budget: the reference
    // each expanded item must equal.
    std::vector<Step> steps;
    DiffContext ctx;
    ctx.steps = &steps;
    ctx.substitution = sym("u");
    Expr var = sym("x");
    Expr answer = simplify(differentiate(parse(s).expr, var, ctx));
    ExplainOptions all;
    all.max_steps = 100000;
    std::map<std::size_t, RenderedStep> want;
    for (const auto &st : explain(steps, var, answer, all).steps) want[st.id] = st;
    REQUIRE(want.size() == 1000);

    // Expanding placeholder after placeholder reaches every step, each exactly as the whole
    // explanation renders it.
    std::map<std::size_t, RenderedStep> seen;
    for (const auto &st : bx.steps)
        if (!st.collapsed) seen[st.id] = st;
    std::vector<std::size_t> todo{ph.id};
    int requests = 0;
    while (!todo.empty()) {
        std::size_t id = todo.back();
        todo.pop_back();
        api::Response sub = expand(s, id);
        ++requests;
        REQUIRE(sub.ok);
        REQUIRE(sub.steps.size() == 1);
        const Explanation &ex = sub.steps[0].explanation;
        check_closed(ex);
        CHECK(!ex.has_simplify);
        REQUIRE(!ex.steps.empty());
        CHECK(ex.steps[0].id == id);
        CHECK(!ex.steps[0].collapsed);
        for (const auto &st : ex.steps) {
            if (st.collapsed) {
                todo.push_back(st.id);
                continue;
            }
            seen[st.id] = st;
            REQUIRE(want.count(st.id));
            CHECK(st.latex == want[st.id].latex);
            CHECK(st.text == want[st.id].text);
            CHECK(st.children == want[st.id].children);
        }
        REQUIRE(requests < 10);
    }
    CHECK(seen.size() == 1000);
    CHECK(requests == 4); // 200 + 200 + 200 + 200 + 200
}

TEST_CASE("steps: placeholders in a wide sum; ids name steps across the groups of an answer") {
    std::string s = "x";
    for (int i = 2; i <= 300; ++i) s += " + x^" + std::to_string(i);
    api::Response wide = explain_input(s, Lang::Ko);
    REQUIRE(wide.ok);
    const Explanation &wx = wide.steps[0].explanation;
    check_closed(wx);
    std::size_t collapsed = 0;
    for (const auto &st : wx.steps) collapsed += st.collapsed;
    CHECK(collapsed == 300 - 199); // the root and 199 terms in full
    CHECK(wx.steps[0].children.size() == 300);
    CHECK(wx.steps.back().title == "제곱의 법칙");
    api::Response one = expand(s, wx.steps.back().id, Lang::Ko);
    REQUIRE(one.ok);
    CHECK(one.steps[0].explanation.steps.size() == 1);
    CHECK(one.steps[0].explanation.steps[0].text.find("$n = 300$을 대입합니다") != std::string::npos);

    // Order 2: the second group's ids continue after the first group's (and its simplify
    // step), so one number finds a step of either group.
    api::Response o2 = explain_input("sin(x^2)", Lang::En, {"x"}, 2);
    REQUIRE(o2.steps.size() == 2);
    const Explanation &g1 = o2.steps[0].explanation, &g2 = o2.steps[1].explanation;
    std::size_t g1_max = 0;
    for (const auto &st : g1.steps) g1_max = std::max(g1_max, st.id);
    REQUIRE(g1.has_simplify);
    CHECK(g1.simplify.id > g1_max);
    for (const auto &st : g2.steps) CHECK(st.id > g1.simplify.id);
    api::Response sub = expand("sin(x^2)", g2.steps[1].id, Lang::En, 2);
    REQUIRE(sub.ok);
    REQUIRE(sub.steps.size() == 1);
    CHECK(sub.steps[0].order == 2);
    CHECK(sub.steps[0].explanation.steps[0].text == g2.steps[1].text);
    api::Response first = expand("sin(x^2)", g1.steps[0].id, Lang::En, 2);
    REQUIRE(first.ok);
    CHECK(first.steps[0].order == 1);
    CHECK(first.steps[0].explanation.steps.size() == g1.steps.size());

    // Not a step: the simplify step, or past the end.
    for (std::size_t bad : {g1.simplify.id, std::size_t{100000}}) {
        api::Response r = expand("sin(x^2)", bad, Lang::En, 2);
        CHECK(!r.ok);
        CHECK(r.error.kind == "usage");
        CHECK(r.error.message.find("is not a step") != std::string::npos);
    }
    // The JSON marks placeholders.
    std::string json = api::to_json(wide);
    CHECK(json.find("\"collapsed\":true,\"count\":1}") != std::string::npos);
    CHECK(api::to_json(one).find("\"collapsed\"") == std::string::npos);
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
        req.expanded = true; // compared with the replayed derivative's text below
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

// ------------------------------------------------------------------ golden texts

namespace {

struct GoldenCase {
    const char *name, *input;
    std::vector<std::string> wrt;
    int order;
};

// The seed's worked examples (002: constant, power, constant multiple, sum, product,
// quotient, chain) and a representative case of every other kind of step.
const std::vector<GoldenCase> &golden_cases() {
    static const std::vector<GoldenCase> cases = {
        {"seed-constant", "5", {}, 1},
        {"seed-power", "x^5", {}, 1},
        {"seed-constant-multiple", "3x^2", {}, 1},
        {"seed-sum", "3x^2 + 2x^4", {}, 1},
        {"seed-product", "x^3 x^4", {}, 1},
        {"seed-quotient", "x^3/x^2", {}, 1},
        {"seed-chain", "y = (3x^2 + 8)^3", {}, 1},
        {"power-negative", "x^(-2)", {}, 1},
        {"power-sqrt", "sqrt(x)", {}, 1},
        {"constant-multiple-negative", "-5x^3", {}, 1},
        {"sum-polynomial", "x^3 - 2x + 7", {}, 1},
        {"product", "x^2 sin(x)", {}, 1},
        {"quotient", "sin(x)/x", {}, 1},
        {"quotient-reciprocal", "1/(x^2 + 1)", {}, 1},
        {"power-reciprocal", "1/x", {}, 1},
        {"chain-sqrt", "sqrt(1 + x^2)", {}, 1},
        {"chain-function", "f(x) = cos(3x^2 + 1)", {}, 1},
        {"exp", "e^(2x)", {}, 1},
        {"exp-base", "2^x", {}, 1},
        {"log-base", "log(x^2 + 1, 2)", {}, 1},
        {"general-power", "x^x", {}, 1},
        {"abs", "|x|", {}, 1},
        {"abs-chain", "|x^2 - 1|", {}, 1},
        {"asin", "asin(2x)", {}, 1},
        {"sinh-tanh", "sinh(x) tanh(x)", {}, 1},
        {"sigmoid", "sigmoid(3x)", {}, 1},
        {"relu", "relu(x - 1)", {}, 1},
        {"partial", "x^2 y + sin(x y)", {"x"}, 1},
        {"second-order", "x^3 e^x", {"x"}, 2},
    };
    return cases;
}

std::string ordinal_en(int n) {
    const char *suffix = n % 10 == 1 && n % 100 != 11 ? "st" : n % 10 == 2 && n % 100 != 12 ? "nd"
                             : n % 10 == 3 && n % 100 != 13                               ? "rd"
                                                                                           : "th";
    return std::to_string(n) + suffix;
}

// The explanation as a reader meets it: each step numbered by its place in the tree
// (1, 1.1, 1.2, ...), its rule, its equation and its sentence; a step met again is a
// reference to its number.
std::string golden_text(const GoldenCase &c, const api::Response &r, Lang lang) {
    std::ostringstream o;
    o << "input: " << c.input << "\n";
    if (!r.ok) return o.str() + "error: " + r.error.message + "\n";
    o << "answer: " << r.result.text << "\n";
    o << "answer (LaTeX): " << r.result.latex << "\n";
    for (const auto &n : r.notes) o << "note: " << n << "\n";
    for (const auto &g : r.steps) {
        const Explanation &ex = g.explanation;
        o << "\n## " << (lang == Lang::Ko ? g.wrt + "에 대한 " + std::to_string(g.order) + "계 도함수"
                                          : ordinal_en(g.order) + " derivative, with respect to " + g.wrt)
          << "\n";
        std::map<std::size_t, const RenderedStep *> by_id;
        for (const auto &st : ex.steps) by_id[st.id] = &st;
        std::map<std::size_t, std::string> numbered;
        std::function<void(const RenderedStep &, const std::string &, int)> put =
            [&](const RenderedStep &st, const std::string &number, int depth) {
                std::string indent(2 * depth, ' ');
                auto seen = numbered.find(st.id);
                if (seen != numbered.end()) {
                    o << indent << number << " " << st.title << " (" << (lang == Lang::Ko ? "" : "see ")
                      << seen->second << (lang == Lang::Ko ? " 참고" : "") << ")\n";
                    return;
                }
                numbered[st.id] = number;
                o << indent << number << " " << st.title << "\n";
                if (st.collapsed) {
                    o << indent << "   [collapsed: " << st.count << " steps]\n";
                    return;
                }
                o << indent << "   $$ " << st.latex << " $$\n";
                o << indent << "   " << st.text << "\n";
                for (std::size_t i = 0; i < st.children.size(); ++i)
                    put(*by_id.at(st.children[i]), number + std::to_string(i + 1) + ".", depth + 1);
            };
        if (!ex.steps.empty()) put(ex.steps[0], "1.", 0);
        if (ex.has_simplify) {
            o << "2. " << ex.simplify.title << "\n";
            o << "   $$ " << ex.simplify.latex << " $$\n";
            o << "   " << ex.simplify.text << "\n";
        }
    }
    return o.str();
}

bool updating_golden() {
    const char *v = std::getenv("LEIBNIZ_UPDATE_GOLDEN");
    return v && *v && std::string(v) != "0";
}

} // namespace

TEST_CASE("steps: golden texts of the seed's examples and representative cases (en, ko)") {
    namespace fs = std::filesystem;
    const fs::path dir = LEIBNIZ_GOLDEN_DIR;
    const bool update = updating_golden();
    if (update) fs::create_directories(dir);
    std::set<std::string> expected_files;
    for (const GoldenCase &c : golden_cases()) {
        for (Lang lang : {Lang::En, Lang::Ko}) {
            const std::string file = std::string(c.name) + (lang == Lang::Ko ? ".ko.txt" : ".en.txt");
            expected_files.insert(file);
            INFO("golden file tests/golden/steps/" << file << " (" << c.input << ")");
            api::Response r = explain_input(c.input, lang, c.wrt, c.order);
            CHECK(r.ok);
            const std::string got = golden_text(c, r, lang);
            if (update) {
                std::ofstream(dir / file, std::ios::binary) << got;
                continue;
            }
            std::ifstream in(dir / file, std::ios::binary);
            REQUIRE_MESSAGE(in.good(), "missing; run with LEIBNIZ_UPDATE_GOLDEN=1 to create it");
            std::stringstream want;
            want << in.rdbuf();
            CHECK_MESSAGE(got == want.str(), "differs from the golden text; if the change is intended, "
                                             "rerun with LEIBNIZ_UPDATE_GOLDEN=1 and review the diff\n--- got:\n"
                                                 << got);
        }
    }
    // Every golden file belongs to a case (a renamed case leaves no stale file behind).
    for (const auto &entry : fs::directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        INFO("stale golden file " << name);
        if (update && !expected_files.count(name)) fs::remove(entry.path());
        else CHECK(expected_files.count(name) == 1);
    }
}

TEST_CASE("steps: the golden texts keep the seed's facts") {
    // What a reader of the seed checks first, independent of the golden files.
    for (Lang lang : {Lang::En, Lang::Ko}) {
        const GoldenCase &chain = golden_cases()[6];
        REQUIRE(std::string(chain.name) == "seed-chain");
        std::string t = golden_text(chain, explain_input(chain.input, lang), lang);
        CHECK(t.find("$\\frac{dy}{du} = 3 u^{2}$") != std::string::npos);
        CHECK(t.find("= 18 x (3 x^{2} + 8)^{2} $$") != std::string::npos);
        CHECK(t.find("answer: 18*x*(3*x^2 + 8)^2") != std::string::npos);
    }
    const char *ko_names[] = {"상수의 미분 법칙", "제곱의 법칙", "상수 곱 법칙", "합의 법칙", "곱의 법칙", "몫의 법칙", "연쇄 법칙"};
    for (std::size_t i = 0; i < 7; ++i) {
        const GoldenCase &c = golden_cases()[i];
        std::string t = golden_text(c, explain_input(c.input, Lang::Ko), Lang::Ko);
        INFO(c.name);
        CHECK(t.find(std::string("1. ") + ko_names[i] + "\n") != std::string::npos);
    }
    std::string product = golden_text(golden_cases()[4], explain_input("x^3 x^4", Lang::En), Lang::En);
    CHECK(product.find("answer: 7*x^6") != std::string::npos);
    std::string quotient = golden_text(golden_cases()[5], explain_input("x^3/x^2", Lang::En), Lang::En);
    CHECK(quotient.find("answer: 1\n") != std::string::npos);
}
