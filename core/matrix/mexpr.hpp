// Matrix expressions: the language of the deep-learning seed (x W + b, x A x^T, tr(X A X^T),
// log det X, sigmoid, softmax, norms) over variables of declared shapes, concrete (2x3) or
// symbolic (n x m).
//
// Nodes are immutable and shared; builders check shapes and simplify as they build (I A = A,
// (A B)^T = B^T A^T, like terms collected), so results come out in closed matrix form.
//
// Scalars live in the core: every 1x1 value is an `Op::Scalar` node holding a core `Expr`
// over the user's scalar variables and *atoms*, symbols named "#k" that stand for scalar
// matrix subexpressions (tr(A X), det X, x A x^T). Scalar algebra (cancelling det X / det X,
// folding coefficients, sigmoid' and log' by the function table) is then the core's job.
#pragma once

#include "../expr.hpp"

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace leibniz::mx {

// A dimension: coef times a product of symbols ("2", "n", "mn").
struct Dim {
    long long coef = 1;
    std::vector<std::string> syms; // sorted

    Dim() = default;
    Dim(long long n) : coef(n) {} // NOLINT: implicit, dims mix with ints
    static Dim symbol(const std::string &s);
    bool concrete() const { return syms.empty(); }
    bool is_one() const { return concrete() && coef == 1; }
    bool operator==(const Dim &o) const { return coef == o.coef && syms == o.syms; }
    bool operator!=(const Dim &o) const { return !(*this == o); }
    Dim operator*(const Dim &o) const;
    std::string text() const;
    std::string latex() const;
};

struct Shape {
    Dim rows = 1, cols = 1;
    bool scalar() const { return rows.is_one() && cols.is_one(); }
    bool vector() const { return rows.is_one() || cols.is_one(); }
    bool square() const { return rows == cols; }
    bool operator==(const Shape &o) const { return rows == o.rows && cols == o.cols; }
    bool operator!=(const Shape &o) const { return !(*this == o); }
    Shape t() const { return {cols, rows}; }
    std::string text() const;  // "2x3"
    std::string latex() const; // "2 \times 3"
};

// Shape errors; the parser adds the operator's position.
class ShapeError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

enum class Op : std::uint8_t {
    Var,         // a matrix variable (scalar variables are Scalar nodes)
    Scalar,      // 1x1: core expression over scalar variables and atoms
    Identity,    // I_n
    Zero,        // 0 (of a shape)
    Ones,        // the all-ones matrix J (1 for a column)
    Commutation, // K_{m,n}: K vec(A) = vec(A^T) for A m x n
    Add,
    Scale,       // kids {Scalar coefficient, matrix}
    MatMul,
    Hadamard,
    Kron,
    Transpose,
    Inverse,
    EPow,        // element-wise power A^{o p}, p in `num`
    EFunc,       // element-wise function of the table (`func`); `deriv`: its derivative f'
    Trace,       // 1x1 atoms: Trace, Det, Sum, Norm, and MatMul of shape 1x1
    Det,
    Sum,
    Norm,        // Frobenius (2-norm of a vector)
    Softmax,     // of a vector
    Vec,         // vec(A): column; `rowmajor` for the seed's vec
    DiagVec,     // diag(vec(A)); `rowmajor` likewise
};

struct MNode;
using M = std::shared_ptr<const MNode>;

struct MNode {
    Op op;
    Shape shape;
    std::string name; // Var
    Expr scalar;      // Scalar
    Number num;       // EPow exponent
    FuncId func = FuncId::Count;
    bool deriv = false;    // EFunc: f' instead of f
    bool rowmajor = false; // Vec, DiagVec
    std::vector<M> kids;
    std::uint64_t hash = 0;
};

bool same(const M &a, const M &b);
int compare(const M &a, const M &b); // a total order, for canonical sums

// Builders. They check shapes (throwing ShapeError) and simplify.
M var(const std::string &name, const Shape &s);
M scalar(const Expr &e);
M identity(const Dim &n);
M zero(const Shape &s);
M ones(const Shape &s);
M commutation(const Dim &m, const Dim &n);
M add(std::vector<M> terms);
M sub(const M &a, const M &b);
M scale(const Expr &c, const M &a);
M scale(const M &c, const M &a); // c is 1x1
M neg(const M &a);
M matmul(std::vector<M> factors);
M matmul(const M &a, const M &b);
M hadamard(std::vector<M> factors);
M kron(const M &a, const M &b);
M transpose(const M &a);
M inverse(const M &a);
M epow(const M &a, const Number &p);
M efunc(FuncId f, const M &a, bool deriv = false);
M trace(const M &a);
M det(const M &a);
M sum_all(const M &a);
M norm(const M &a);
M softmax(const M &a);
M vec(const M &a, bool rowmajor);
M diagvec(const M &a, bool rowmajor);

// The core expression of a 1x1 node (its atom symbol when it is not a Scalar node).
Expr as_scalar(const M &a);
// Atoms: "#k" symbols in scalar expressions stand for atom(k).
bool is_atom_symbol(const std::string &name);
M atom(const std::string &symbol);
// Atoms are kept in one table per computation; `reset_atoms` starts a new one.
void reset_atoms();

// Free matrix and scalar variable names, sorted.
std::vector<std::string> variables(const M &a);
bool depends_on(const M &a, const std::string &name);

// Replaces every occurrence of `target` (compared with same()) by `by`, rebuilding with the
// simplifying builders; scalar atoms are rewritten too.
M replace(const M &a, const M &target, const M &by);

// Core expression with symbols replaced (rebuilt with the canonicalizing builders).
Expr substitute(const Expr &e, const std::vector<std::pair<std::string, Expr>> &values);

// Presentation: factor common left/right factors out of sums (x A + x A^T -> x (A + A^T)).
M present(const M &a);

// Printing.
std::string to_text(const M &a);
std::string to_latex(const M &a);

} // namespace leibniz::mx
