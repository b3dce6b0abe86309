// Constant subexpressions that have no real value: ln 0, sqrt(-1), asin 2, tan(pi/2),
// (-8)^(1/4). An input holding one is undefined for every value of its variables, however
// harmless its derivative looks (the derivative of ln(0) + x would be 1).
#pragma once

#include "expr.hpp"

#include <cstddef>
#include <vector>

namespace leibniz {

// The innermost constant subexpressions of `e` (no free symbols) that are undefined over the
// reals, in the order a left-to-right reading finishes them, at most `max_count`.
//
// Pass the expression as parsed: canonical forms can hide the problem (sqrt(-1)^2 becomes
// -1, 0 ln 0 becomes 0). Exact rational values are checked exactly (including multiples of
// pi for tan, cot, sec, csc); anything else numerically, and then only when the value is
// clearly outside the domain, so rounding never makes a defined input look undefined.
std::vector<Expr> undefined_constants(const Expr &e, std::size_t max_count = 3);

} // namespace leibniz
