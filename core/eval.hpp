// Numeric evaluation in double precision, with real (not complex) semantics: odd roots of
// negative numbers are real, logs of non-positive numbers and even roots of negative
// numbers are undefined (NaN).
#pragma once

#include "expr.hpp"

#include <map>
#include <vector>
#include <string>

namespace leibniz {

using Point = std::map<std::string, double>;

// NaN where the expression is undefined at the point; throws std::invalid_argument when a
// symbol has no value.
double evaluate(const Expr &e, const Point &at);

// The same evaluation compiled once into a flat program over the distinct nodes, for many
// points (plots): a few nanoseconds per node instead of a tree walk per point.
class CompiledExpr {
  public:
    // `vars`: the order in which values are passed; a symbol not listed throws
    // std::invalid_argument.
    CompiledExpr(const Expr &e, const std::vector<std::string> &vars);
    double operator()(const double *values) const;

  private:
    struct Op {
        Kind kind;
        std::uint8_t id;
        double constant;          // Number, Constant; Mul: the product of its out-of-range
                                  // coefficients' mantissas; Pow: the mantissa of an
                                  // out-of-range number base (scale != 0)
        std::uint32_t first, count; // children: indices into `args_`, or the variable index
        const Node *exponent;     // Pow: for real odd roots of negative bases
        long long scale;          // Mul, Pow: the binary exponent that goes with `constant`
    };
    std::vector<Op> ops_;
    std::vector<std::uint32_t> args_;
    mutable std::vector<double> regs_;
    Expr keep_; // keeps the nodes that `exponent` points into alive
};

} // namespace leibniz
