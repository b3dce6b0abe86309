// Numeric evaluation in double precision, with real (not complex) semantics: odd roots of
// negative numbers are real, logs of non-positive numbers and even roots of negative
// numbers are undefined (NaN).
#pragma once

#include "expr.hpp"

#include <map>
#include <string>

namespace leibniz {

using Point = std::map<std::string, double>;

// NaN where the expression is undefined at the point; throws std::invalid_argument when a
// symbol has no value.
double evaluate(const Expr &e, const Point &at);

} // namespace leibniz
