// THE function table: one row per elementary function. Adding a function is one row here
// (plus its FuncId). The derivative of the outer function is given per row; the chain rule
// is applied once, generically, in diff.cpp.
#pragma once

#include "expr.hpp"

#include <string>
#include <vector>

namespace leibniz {

enum class Parity : std::uint8_t { None, Odd, Even };

struct FunctionInfo {
    FuncId id;
    const char *name;      // text form, re-parseable
    const char *latex;     // LaTeX operator (primitive macros only: KaTeX maxExpand)
    double (*eval)(double);
    Expr (*derivative)(const Expr &u); // f'(u)
    Parity parity;
    const char *rule;          // rule id for explanations
    bool differentiable_at_0;  // false: not differentiable where the argument is 0
    const char *domain;        // short domain note for documentation
};

const FunctionInfo &function_info(FuncId f);

// Names the parser accepts for functions. Besides the table's own names this covers aliases
// (arcsin, ln, arsinh, ...) and input-only forms that build other expressions (sqrt, cbrt,
// root, log10, log2, log with a base).
enum class InputFn : std::uint8_t { Table, Sqrt, Cbrt, Root, Log10, Log2, Log };
struct InputFunction {
    const char *name;
    InputFn kind;
    FuncId table_id; // for InputFn::Table
    int min_args, max_args;
};
const std::vector<InputFunction> &input_functions();
const InputFunction *find_input_function(const std::string &name);
// Build the (raw) expression for an input function applied to arguments.
Expr apply_input_function(const InputFunction &fn, std::vector<Expr> args);
// The inverse of a trig/hyperbolic function, for textbook `sin^-1 x`; false if none.
bool inverse_function(FuncId f, FuncId &inverse);

// The closest known function name within edit distance 2 (for "did you mean"), or "".
std::string suggest_function(const std::string &name);

} // namespace leibniz
