// Multivariable derivatives of scalar variables, as matrices: the Jacobian of a vector
// function written as a list [f1, f2, ...], the Hessian of a scalar function, and the
// directional derivative along a vector. Every entry goes through the scalar facade
// (`run`), so limits, notes and simplification are the same as for one derivative.
#pragma once

#include "api.hpp"

#include <string>
#include <vector>

namespace leibniz::api {

struct MultiRequest {
    std::string input;              // "f" or "[f1, f2, ...]" (Jacobian)
    std::string kind = "jacobian";  // jacobian | hessian | directional
    std::vector<std::string> vars;  // empty: the input's variables, sorted
    std::vector<std::string> direction; // directional: one number or expression per variable
    std::vector<Point> at;          // evaluate the entries at these points
    Limits limits;
};

struct MultiResponse {
    bool ok = false;
    std::string kind;
    std::vector<Formula> inputs; // the component functions
    std::string lhs;
    std::vector<std::string> variables; // free variables of the input
    std::vector<std::string> vars;      // the variables differentiated by
    std::vector<std::vector<Formula>> matrix; // rows x cols (directional: 1x1)
    Formula direction;                  // directional: the unit vector used, as a column
    std::vector<std::string> notes;
    // Per point: the matrix of values, null where undefined.
    std::vector<std::vector<std::vector<std::optional<double>>>> values;
    Error error;
};

MultiResponse run_multi(const MultiRequest &req);
std::string to_json(const MultiResponse &r);

// Splits "[f1, f2]" at its top-level commas; returns the parts and their offsets in code
// points. A plain expression is one part.
std::vector<std::pair<std::string, std::size_t>> split_list(const std::string &input);

} // namespace leibniz::api
