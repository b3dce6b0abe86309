// Expressions: immutable, hash-consed nodes behind a small intrusive handle.
//
// Every node is interned in one table, so two structurally equal expressions are the same
// node: equality is a pointer comparison and a node can key a hash map directly. Each node
// caches its hash and depth. Nodes are freed iteratively, so a chain a million levels deep
// does not overflow the stack when it dies.
//
// Two families of constructors:
//  - raw_*: keep the structure as typed (the parser uses them; `x^3*x^4` stays a product);
//  - add/mul/pow/func: canonicalizing builders that fold numbers, collect like terms and
//    factors, and sort children into display order (numbers first in products, terms by
//    descending degree in sums). Differentiation builds its results with these.
#pragma once

#include "number.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace leibniz {

enum class Kind : std::uint8_t { Number, Symbol, Constant, Add, Mul, Pow, Func };
enum class ConstId : std::uint8_t { Pi, E };

// One entry per function of the function table (functions.hpp).
enum class FuncId : std::uint8_t {
    Sin, Cos, Tan, Cot, Sec, Csc,
    Asin, Acos, Atan, Acot, Asec, Acsc,
    Sinh, Cosh, Tanh, Coth, Sech, Csch,
    Asinh, Acosh, Atanh,
    Exp, Log, Abs, Sign, Heaviside,
    Sigmoid, Softplus, Relu,
    Count
};

struct Node;

class Expr {
  public:
    Expr() = default;
    explicit Expr(Node *n); // takes a new reference
    Expr(const Expr &o);
    Expr(Expr &&o) noexcept : p_(o.p_) { o.p_ = nullptr; }
    Expr &operator=(const Expr &o);
    Expr &operator=(Expr &&o) noexcept;
    ~Expr();

    const Node *get() const { return p_; }
    const Node *operator->() const { return p_; }
    const Node &operator*() const { return *p_; }
    explicit operator bool() const { return p_ != nullptr; }
    bool operator==(const Expr &o) const { return p_ == o.p_; }
    bool operator!=(const Expr &o) const { return p_ != o.p_; }

    Kind kind() const;
    bool is_number() const { return p_ && kind() == Kind::Number; }
    bool is_symbol() const { return p_ && kind() == Kind::Symbol; }
    bool is_zero() const;
    bool is_one() const;
    bool is_minus_one() const;

  private:
    Node *p_ = nullptr;
};

struct Node {
    mutable std::uint32_t refs = 0;
    Kind kind;
    std::uint8_t id = 0; // ConstId or FuncId
    std::uint32_t depth = 1;
    mutable bool canonical = false; // produced by a canonicalizing builder
    bool has_fraction = false;      // a quotient somewhere inside (LaTeX sizes parentheses by it)
    bool has_symbol = false;        // a variable somewhere inside (else: a constant)
    std::uint32_t tree_nodes = 1;   // nodes of the tree view, shared subtrees counted each time (saturating)
    // A function or power of constants only somewhere inside (ln 2, sqrt(-1)): the only
    // places where a constant can lack a real value (domain.hpp).
    bool has_constant_application = false;
    std::uint64_t hash = 0;
    Number num;                 // Kind::Number
    std::string name;           // Kind::Symbol
    std::vector<Expr> children; // Add terms, Mul factors, Pow {base, exponent}, Func args

    // Nodes come from a free list (expr.cpp): they are made and freed by the million.
    static void *operator new(std::size_t size);
    static void operator delete(void *p, std::size_t size) noexcept;

    FuncId func() const { return static_cast<FuncId>(id); }
    ConstId constant() const { return static_cast<ConstId>(id); }
    const Expr &base() const { return children[0]; }
    const Expr &exponent() const { return children[1]; }
    const Expr &arg() const { return children[0]; }
};

inline Kind Expr::kind() const { return p_->kind; }

// ---- atoms ----
Expr num(const Number &n);
Expr num(long long n);
Expr sym(const std::string &name);
Expr constant(ConstId c);

// ---- raw constructors: structure as given (interned, not simplified) ----
Expr raw_add(std::vector<Expr> terms);
Expr raw_mul(std::vector<Expr> factors);
Expr raw_pow(const Expr &base, const Expr &exponent);
Expr raw_func(FuncId f, std::vector<Expr> args);
// -e keeping the structure: a number is negated, a leading coefficient flips sign
// (dropped when it becomes 1), anything else gets a factor -1.
Expr raw_negate(const Expr &e);

// ---- canonicalizing builders ----
Expr add(std::vector<Expr> terms);
Expr mul(std::vector<Expr> factors);
Expr pow(const Expr &base, const Expr &exponent);
Expr func(FuncId f, const Expr &arg);
Expr neg(const Expr &e);
Expr operator+(const Expr &a, const Expr &b);
Expr operator-(const Expr &a, const Expr &b);
Expr operator*(const Expr &a, const Expr &b);
Expr operator/(const Expr &a, const Expr &b);
Expr operator-(const Expr &a);

// Canonical form of an arbitrary (possibly raw) expression. Iterative; memoized per node.
Expr canonicalize(const Expr &e);
// Whether a builder produced this node (atoms always are).
bool is_canonical(const Expr &e);

// Split a term into numeric coefficient and the rest: 3*x*y -> (3, x*y); x -> (1, x).
std::pair<Number, Expr> split_coefficient(const Expr &term);

bool depends_on(const Expr &e, const Expr &symbol);
// Symbols of an expression, in order of first appearance.
std::vector<std::string> free_symbols(const Expr &e);

// Number of nodes in the tree view (shared subtrees counted each time), saturating at `cap`.
std::size_t tree_size(const Expr &e, std::size_t cap);

// Limits applied by the builders. max_depth: deeper nodes throw LimitError;
// max_nodes: live node count; both are process-wide (one computation at a time).
void set_expr_limits(std::size_t max_depth, std::size_t max_nodes);
// Wall-clock budget for the current computation (0: none); exceeded -> LimitError.
void set_expr_deadline(std::size_t max_time_ms);
// Throws LimitError("max_time_ms") once the deadline has passed (for modules that build
// their own nodes, such as the matrix expressions; the core's builders check by themselves).
void check_expr_deadline();
std::size_t live_nodes();

// Visit every distinct node once, children before parents, without recursion.
// `visit(const Node&)` is called once per distinct node.
template <class F> void for_each_postorder(const Expr &root, F &&visit);

} // namespace leibniz

#include "expr_walk.hpp"
