// Differentiation: forward mode over the expression DAG, one iterative pass per variable.
//
// For every node the pass computes its canonical value and its derivative from those of its
// children, so shared subexpressions are differentiated once. The chain rule is written
// once (for Func nodes, using the function table's outer derivative); sums, products and
// powers have their own rules. Results are built with the canonicalizing builders.
#pragma once

#include "expr.hpp"

#include <string>
#include <vector>

namespace leibniz {

// A point where a derivative does not exist although the function does (|u| at u = 0).
struct NonDifferentiable {
    FuncId function;
    Expr argument; // canonical; the derivative is undefined where argument = 0
};

struct DiffContext {
    std::vector<NonDifferentiable> notes; // deduplicated
};

// d expr / d var. `expr` may be raw (as parsed) or canonical; the result is canonical.
Expr differentiate(const Expr &expr, const Expr &var, DiffContext &ctx);
Expr differentiate(const Expr &expr, const std::string &var);

} // namespace leibniz
