// Runs every case of the shared fixture file (tests/fixtures/cases.json) through the facade
// and checks it: expected strings where given, and always the derivative against a
// difference quotient of the input, and that the printed result parses back to itself.
#include "core/parser.hpp"
#include "core/share.hpp"
#include "json.hpp"
#include "numeric_check.hpp"
#include "wasm/api.hpp"

#include <doctest/doctest.h>

using namespace leibniz;
using leibniz::testing::Json;
using leibniz::testing::strings;

TEST_CASE("fixtures: every case of tests/fixtures/cases.json") {
    const auto &cases = testing::fixture_cases();
    CHECK(cases.size() >= 150);
    int numeric_checked = 0;
    for (const Json &c : cases) {
        const std::string id = c["id"].s;
        INFO("case " << id << ": " << c["input"].s);
        api::Request req;
        req.input = c["input"].s;
        if (c.has("wrt")) req.wrt = strings(c["wrt"]);
        if (c.has("order")) req.order = static_cast<int>(c["order"].n);
        if (c.has("gradient")) req.gradient = strings(c["gradient"]);
        api::Response r = api::run(req);
        if (c.has("error")) {
            const Json &e = c["error"];
            CHECK_FALSE(r.ok);
            if (e.has("position")) CHECK(r.error.position == static_cast<std::size_t>(e["position"].n));
            if (e.has("length")) CHECK(r.error.length == static_cast<std::size_t>(e["length"].n));
            if (e.has("contains")) CHECK(r.error.message.find(e["contains"].s) != std::string::npos);
            continue;
        }
        REQUIRE(r.ok);
        if (c.has("exact")) CHECK(r.result.text == c["exact"].s);
        if (c.has("latex")) CHECK(r.result.latex == c["latex"].s);
        if (c.has("notes")) CHECK(r.notes == strings(c["notes"]));
        std::vector<Point> pts = testing::case_points(c, r.variables);
        Expr f = parse(req.input).expr;
        std::vector<std::pair<std::vector<std::string>, std::string>> checks;
        if (r.is_gradient)
            for (const auto &g : r.gradient) checks.push_back({{g.var}, g.formula.text});
        else
            checks.push_back({r.wrt, r.result.text});
        for (const auto &[seq, text] : checks) {
            Expr result = parse(text).expr; // the text form re-parses
            CHECK(canonicalize(result) == parse_expr(text));
            if (!r.where.empty()) { // named subexpressions: checked as printed, substituted
                SharedForm named;
                for (const auto &d : r.where) named.definitions.push_back({d.name, parse(d.formula.text).expr});
                named.roots = {result};
                result = expand_shared(named)[0];
            }
            if (seq.size() <= 3) {
                CHECK(testing::check_derivative(f, result, seq, pts) == "");
                ++numeric_checked;
            }
        }
    }
    MESSAGE("fixture cases: " << cases.size() << ", numerically checked: " << numeric_checked);
}
