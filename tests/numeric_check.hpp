// Numeric checks shared by the tests: derivatives against difference quotients (GiNaC's
// check_diff idea) and expressions compared by value at sample points.
#pragma once

#include "core/eval.hpp"
#include "core/expr.hpp"
#include "json.hpp"

#include <string>
#include <vector>

namespace leibniz::testing {

// d^n f / d v1 ... d vn at `at`, by nested central differences with Richardson
// extrapolation. NaN where f is undefined nearby.
double numeric_derivative(const Expr &f, const Point &at, const std::vector<std::string> &seq);

// |a - b| <= tol * max(1, |a|, |b|)
bool close(double a, double b, double tol);

// Default sample points for the given variables (inside most functions' domains).
std::vector<Point> sample_points(const std::vector<std::string> &vars);

// Checks d(expr)/d(seq) == derivative at the points where both are defined; returns ""
// on success or a description of the first mismatch. Requires at least one defined point.
std::string check_derivative(const Expr &expr, const Expr &derivative,
                             const std::vector<std::string> &seq, const std::vector<Point> &points);

// Checks a == b numerically at the points; "" on success.
std::string check_equal(const Expr &a, const Expr &b, const std::vector<Point> &points);

// The shared fixture file (tests/fixtures/cases.json), read once: its "cases" array.
const std::vector<Json> &fixture_cases();
// A fixture case's sample points ("points"), or the default ones for these variables.
std::vector<Point> case_points(const Json &c, const std::vector<std::string> &vars);
std::vector<std::string> strings(const Json &array);

} // namespace leibniz::testing
