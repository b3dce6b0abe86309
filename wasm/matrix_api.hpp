// The matrix calculus facade: a request with declared shapes in, a response out, errors as
// values. Used by the CLI (--shape, --layout), the wasm bindings and the tests.
#pragma once

#include "api.hpp"

#include <string>
#include <utility>
#include <vector>

namespace leibniz::api {

struct MatrixRequest {
    std::string input;
    std::vector<std::pair<std::string, std::string>> shapes; // name, "2x3" / "n x m"
    std::string wrt;                                          // "" : the only non-scalar variable
    std::string layout = "seed";                              // seed | numerator | denominator
    Lang lang = Lang::En;
    bool elementwise = true; // the entry-by-entry form, for concrete shapes
    Limits limits;           // time, nodes, digits, result size (README "Limits")
};

struct MatrixVariable {
    std::string name;
    std::string shape; // "1x2", "nxm"; "1x1" for scalars
};

struct MatrixStep {
    std::string title;
    std::string latex;
    std::string text; // one sentence, plain
};

struct MatrixResponse {
    bool ok = false;
    Formula input;
    std::string lhs;
    std::vector<MatrixVariable> variables;
    std::string wrt;
    std::string layout;
    std::string layout_note;
    std::string kind;           // "scalar-by-vector", "matrix-by-matrix", ...
    Formula symbol;             // the derivative's notation in this layout (LaTeX; text = a name)
    Formula result;             // closed form
    std::string rows, cols;     // shape of the result ("4", "n")
    Formula differential;       // df in terms of dX
    std::vector<std::vector<Formula>> matrix; // element-wise, concrete shapes
    std::string matrix_note;    // why the element-wise form is missing, if it is
    std::vector<std::string> notes; // e.g. a constant with no real value (api::undefined_notes)
    std::vector<MatrixStep> steps;
    Error error;
};

MatrixResponse run_matrix(const MatrixRequest &req);
std::string to_json(const MatrixResponse &r);

// "x=1x2;W=2x2" or "x=1x2,W=2x2" into pairs; returns an error message or "".
std::string parse_shapes(const std::string &spec, std::vector<std::pair<std::string, std::string>> &out);

} // namespace leibniz::api
