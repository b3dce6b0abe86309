// Differentiation: forward mode over the expression DAG, one iterative pass per variable.
//
// For every node the pass computes its canonical value and its derivative from those of its
// children, so shared subexpressions are differentiated once. The chain rule is written
// once (for Func nodes, using the function table's outer derivative); sums, products and
// powers have their own rules. Results are built with the canonicalizing builders.
#pragma once

#include "expr.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace leibniz {

// A point where a derivative does not exist although the function does (|u| at u = 0).
struct NonDifferentiable {
    FuncId function;
    Expr argument; // canonical; the derivative is undefined where argument = 0
};

// One rule application, recorded by the same pass that computes the derivative, so an
// explanation can never disagree with the answer. Steps form a DAG: a subexpression that
// occurs twice is differentiated (and explained) once and referred to.
enum class Rule : std::uint8_t {
    Constant,         // d/dx c = 0
    Variable,         // d/dx x = 1
    OtherVariable,    // partial derivative: another variable is a constant
    Sum,              // (f + g)' = f' + g'
    ConstantMultiple, // (c f)' = c f'
    Product,          // (f g)' = f' g + f g'
    Quotient,         // (f / g)' = (f' g - f g') / g^2
    Power,            // (x^n)' = n x^(n-1)
    Exponential,      // (a^x)' = a^x ln a
    GeneralPower,     // (u^v)' = u^v (v' ln u + v u' / u), from u^v = e^(v ln u)
    Function,         // (sin x)' = cos x, from the function table
    Chain,            // (f(u))' = f'(u) u'
};

struct Step {
    Rule rule;
    Expr expr;    // what is differentiated, as typed
    Expr formula; // the rule applied, before simplification
    Expr result;  // the derivative, canonical
    std::vector<std::size_t> children;
    FuncId func = FuncId::Count; // Function, or Chain through a function
    // Chain rule: expr = outer with u = inner; d outer/du = outer_derivative.
    Expr inner, outer, outer_derivative;
    // Product, ConstantMultiple: the factors. Quotient: f, g, f', g' for f / g.
    // GeneralPower: u, v, u', v' for u^v.
    std::vector<Expr> factors;
    Expr exponent; // Power and Chain through a power: n
};

struct DiffContext {
    std::vector<NonDifferentiable> notes; // deduplicated
    // When set, every rule application is appended here; the root is the last step.
    std::vector<Step> *steps = nullptr;
    Expr substitution; // the symbol the chain rule calls u (chosen not to clash)
};

// d expr / d var. `expr` may be raw (as parsed) or canonical; the result is canonical.
Expr differentiate(const Expr &expr, const Expr &var, DiffContext &ctx);
Expr differentiate(const Expr &expr, const std::string &var);

} // namespace leibniz
