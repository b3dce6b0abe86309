// Matrix calculus: parse a matrix expression over variables of declared shapes, differentiate
// it by a matrix, vector or scalar variable in a chosen layout, and check it numerically.
#pragma once

#include "mexpr.hpp"

#include <map>
#include <random>
#include <string>
#include <vector>

namespace leibniz::mx {

// --------------------------------------------------------------------------- parsing

using Shapes = std::map<std::string, Shape>;

struct MatrixInput {
    M expr;
    std::string lhs; // "y" for `y = x W`
};

// Grammar and conventions: README "Matrix calculus". Throws leibniz::ParseError with a
// position (shape mismatches underline the operator).
MatrixInput parse_matrix(const std::string &input, const Shapes &shapes);

// "2x3", "1×2", "n x m", "nxm" (symbols: one letter each). Throws std::invalid_argument.
Shape parse_shape(const std::string &spec);

// --------------------------------------------------------------------------- derivatives

enum class Layout { Seed, Numerator, Denominator };
const char *layout_name(Layout l);
bool parse_layout(const std::string &name, Layout &out);

// The forward differential dF in terms of d<wrt> (a variable named "d" + wrt).
M differential(const M &f, const std::string &wrt, const Shape &wrt_shape);

// The gradient of a scalar f: the matrix G of wrt's shape with df = tr(G^T dX).
M gradient(const M &f, const std::string &wrt, const Shape &wrt_shape);

// The Jacobian of vec F by vec X (numerator layout), column-major or row-major vec.
M jacobian(const M &f, const std::string &wrt, const Shape &wrt_shape, bool rowmajor);

// The derivative in a layout, in closed form (presented).
M derivative(const M &f, const std::string &wrt, const Shape &wrt_shape, Layout layout);

// What kind of derivative this is, for explanations: "scalar-by-matrix" and so on.
std::string derivative_kind(const Shape &f, const Shape &wrt);

// --------------------------------------------------------------------------- numbers

struct Mat {
    std::size_t rows = 0, cols = 0;
    std::vector<double> v; // row-major
    double &at(std::size_t i, std::size_t j) { return v[i * cols + j]; }
    double at(std::size_t i, std::size_t j) const { return v[i * cols + j]; }
};

struct NumericEnv {
    std::map<std::string, std::size_t> dims; // values of symbolic dimensions
    std::map<std::string, Mat> values;       // every variable, scalars as 1x1
};

std::size_t dim_value(const Dim &d, const NumericEnv &env);
Mat evaluate(const M &a, const NumericEnv &env);

// --------------------------------------------------------------------------- element-wise

// The name of entry (i, j) of a variable (0-based): x_1, x_2 for vectors, w_11 ... for
// matrices (lowercase, as the seed writes them), w_{1,12} when an index has two digits.
std::string entry_name(const std::string &var, const Shape &s, std::size_t i, std::size_t j);

// Every entry of a matrix expression as a scalar core expression in the entries of the
// variables (concrete shapes only; throws std::invalid_argument otherwise or when it would
// be too large).
std::vector<std::vector<Expr>> entries(const M &a);

// The element-wise derivative in a layout: rows and columns of scalar derivatives.
std::vector<std::vector<Expr>> elementwise_derivative(const M &f, const std::string &wrt, const Shape &wrt_shape,
                                                      Layout layout);

} // namespace leibniz::mx
