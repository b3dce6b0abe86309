// The facade every front end uses: the CLI, the wasm bindings and the tests.
// Plain C++: a request struct in, a response struct out. Nothing throws out of `run`.
#pragma once

#include "../core/eval.hpp"
#include "../core/explain.hpp"
#include "../core/limits.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace leibniz::api {

struct Request {
    std::string input;
    std::vector<std::string> wrt;      // empty: the default variable
    int order = 1;                     // repeats the last variable of `wrt`
    std::vector<std::string> gradient; // non-empty: gradient over these variables
    std::vector<Point> at;             // evaluate the result at these points
    int repeat = 0;                    // > 0: time the whole pipeline this many times
    bool steps = false;                // explain every rule application
    // >= 0: explain only the sub-tree under the step with this id (a collapsed placeholder
    // of an earlier answer to the same request); implies `steps`. The response then has
    // one step group, whose items[0] is that step.
    long long steps_root = -1;
    Lang lang = Lang::En;              // language of the explanations
    // A result whose printed tree is huge but which repeats large subexpressions is shown
    // with those named (Response::where); true asks for the fully expanded form instead.
    bool expanded = false;
    Limits limits;
};

struct Formula {
    std::string text, latex;
};

// One named subexpression of a result: `name` stands for `formula` (which may use earlier names).
struct Definition {
    std::string name;
    Formula formula;
};

struct GradientEntry {
    std::string var;
    Formula formula;
};

struct Timing {
    std::int64_t median_ns = 0, min_ns = 0;
    int repeat = 0;
};

// The explanation of one differentiation (one order, one variable).
struct StepGroup {
    std::string wrt;
    int order = 1; // 1 for the first differentiation, 2 for the second, ...
    Explanation explanation;
};

struct Error {
    std::string kind; // "input", "usage", "limit", "internal"
    std::string message;
    std::size_t position = 0, length = 0;
};

struct Response {
    bool ok = false;
    Formula input;
    std::string lhs;                    // "y" for `y = ...`
    std::vector<std::string> variables; // free variables of the input, in order of appearance
    std::vector<std::string> wrt;       // the differentiation sequence actually used
    bool is_gradient = false;
    Formula result;                     // when !is_gradient
    std::vector<GradientEntry> gradient;
    // Names used by `result` / `gradient`, each defined before its first use; empty unless
    // naming repeated subexpressions made the answer at least 3 times shorter.
    std::vector<Definition> where;
    std::vector<std::string> notes;
    // One entry per point; each holds one value (scalar) or one per gradient component.
    // nullopt where the result is undefined at that point.
    std::vector<std::vector<std::optional<double>>> values;
    std::vector<StepGroup> steps; // with Request::steps
    std::optional<Timing> timing;
    Error error;
};

Response run(const Request &req);

// Named subexpressions as a result's `where` lists them: (name, text) pairs, each text may
// use the names before it. The evaluators below substitute them into their input, so a
// named result evaluates (and plots) as it reads.
using NamedTexts = std::vector<std::pair<std::string, std::string>>;

// Values of the input itself (not its derivative) at points: for plots and for checking a
// typed answer. Uses `ok`, `input`, `variables`, `values` (one per point) and `error`.
Response evaluate(const std::string &input, const std::vector<Point> &at, const Limits &limits = Limits(),
                  const NamedTexts &where = {});

// The input at many values of one variable (the others fixed at `base`), NaN where it is
// undefined: a plot's samples in one call. `meta` carries ok, error, lhs and variables
// (not `input`: nothing is printed).
struct Grid {
    Response meta;
    std::vector<double> values;
};
Grid evaluate_grid(const std::string &input, const std::string &variable, const std::vector<double> &xs,
                   const Point &base, const Limits &limits = Limits(), const NamedTexts &where = {});

std::string to_json(const Response &r);

// Notes for the constants with no real value in `parts` (ln 0, sqrt(-1), asin 2), at most
// three: "the input is undefined for every value of x, y: log(0) is not a real number".
// A constant like that makes an input undefined for every value of its variables, whatever
// its derivative's formula says (d/dx(ln 0 + x) would be 1).
std::vector<std::string> undefined_notes(const std::vector<Expr> &parts, const std::vector<std::string> &variables);

// Parse "x=0.7,y=1.1" into a point; returns an error message or "".
std::string parse_point(const std::string &spec, Point &out);

} // namespace leibniz::api
