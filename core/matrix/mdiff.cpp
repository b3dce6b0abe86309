// Matrix derivatives, three ways from one expression DAG:
//  - the differential dF (forward), for explanations: d(XY) = dX Y + X dY;
//  - the gradient of a scalar (reverse mode): adjoints flow from f to X, giving the closed
//    form G with df = tr(G^T dX), as matrixcalculus.org prints it (x A + x A^T -> x (A + A^T));
//  - the Jacobian of vec F by vec X (forward mode with Kronecker products):
//    vec(A dX B) = (B^T (x) A) vec dX, column-major, or (A (x) B^T) for the seed's row-major vec.
// Scalar subexpressions are core expressions; their partial derivatives by atoms come from
// the core's differentiation.
#include "matrix.hpp"

#include "../diff.hpp"
#include "../functions.hpp"
#include "../simplify.hpp"

#include <functional>
#include <unordered_map>
#include <unordered_set>

namespace leibniz::mx {

namespace {

// Kids of a node in the DAG, counting the atoms a scalar refers to.
std::vector<M> children(const M &n) {
    if (n->op != Op::Scalar) return n->kids;
    std::vector<M> out;
    for (const auto &s : free_symbols(n->scalar))
        if (is_atom_symbol(s)) out.push_back(atom(s));
    return out;
}

// Which nodes depend on the variable.
class Dependence {
  public:
    explicit Dependence(std::string wrt) : wrt_(std::move(wrt)) {}
    bool operator()(const M &n) {
        auto it = memo_.find(n.get());
        if (it != memo_.end()) return it->second;
        bool d = false;
        if (n->op == Op::Var) d = n->name == wrt_;
        if (n->op == Op::Scalar)
            for (const auto &s : free_symbols(n->scalar)) d = d || s == wrt_;
        for (const auto &k : children(n)) d = (*this)(k) || d;
        memo_[n.get()] = d;
        keep_.push_back(n);
        return d;
    }

  private:
    std::string wrt_;
    std::unordered_map<const MNode *, bool> memo_;
    std::vector<M> keep_;
};

// Sum of A_ij B_ij in closed form: a b^T for rows, a^T b for columns, tr(A^T B) otherwise.
M inner(const M &a, const M &b) {
    if (a->shape.rows.is_one()) return matmul(a, transpose(b));
    if (a->shape.cols.is_one()) return matmul(transpose(a), b);
    return trace(matmul(transpose(a), b));
}

Expr partial(const Expr &e, const std::string &s) { return differentiate(e, s); }

[[noreturn]] void unsupported(const M &n) {
    throw std::invalid_argument("cannot differentiate " + to_text(n) + " (not part of the input language)");
}

M product_except(const std::vector<M> &fs, std::size_t from, std::size_t to) {
    std::vector<M> part(fs.begin() + static_cast<std::ptrdiff_t>(from), fs.begin() + static_cast<std::ptrdiff_t>(to));
    return matmul(part);
}

// ------------------------------------------------------------------------- forward: dF

class Forward {
  public:
    Forward(std::string wrt, M tangent) : wrt_(std::move(wrt)), v_(std::move(tangent)), dep_(wrt_) {}

    M d(const M &n) {
        if (!dep_(n)) return zero(n->shape);
        auto it = memo_.find(n.get());
        if (it != memo_.end()) return it->second;
        M r = rule(n);
        memo_[n.get()] = r;
        keep_.push_back(n);
        return r;
    }

  private:
    std::string wrt_;
    M v_;
    Dependence dep_;
    std::unordered_map<const MNode *, M> memo_;
    std::vector<M> keep_;

    M rule(const M &n) {
        const auto &k = n->kids;
        switch (n->op) {
        case Op::Var:
            return v_;
        case Op::Scalar: {
            std::vector<M> terms;
            for (const auto &s : free_symbols(n->scalar)) {
                if (is_atom_symbol(s)) {
                    M a = atom(s);
                    if (dep_(a)) terms.push_back(scale(partial(n->scalar, s), d(a)));
                } else if (s == wrt_) {
                    terms.push_back(scale(partial(n->scalar, s), v_));
                }
            }
            return terms.empty() ? scalar(num(0)) : add(terms);
        }
        case Op::Add: {
            std::vector<M> t;
            for (const auto &c : k) t.push_back(d(c));
            return add(t);
        }
        case Op::Scale:
            return add({scale(k[0], d(k[1])), scale(d(k[0]), k[1])});
        case Op::MatMul: {
            std::vector<M> t;
            for (std::size_t i = 0; i < k.size(); ++i) {
                if (!dep_(k[i])) continue;
                std::vector<M> f = k;
                f[i] = d(k[i]);
                t.push_back(matmul(f));
            }
            return add(t);
        }
        case Op::Hadamard: {
            std::vector<M> t;
            for (std::size_t i = 0; i < k.size(); ++i) {
                if (!dep_(k[i])) continue;
                std::vector<M> f = k;
                f[i] = d(k[i]);
                t.push_back(hadamard(f));
            }
            return add(t);
        }
        case Op::Kron:
            return add({kron(d(k[0]), k[1]), kron(k[0], d(k[1]))});
        case Op::Transpose:
            return transpose(d(k[0]));
        case Op::Inverse:
            return neg(matmul({n, d(k[0]), n}));
        case Op::EPow:
            return hadamard({scale(num(n->num), epow(k[0], n->num - Number(1))), d(k[0])});
        case Op::EFunc:
            if (n->deriv) unsupported(n);
            return hadamard({efunc(n->func, k[0], true), d(k[0])});
        case Op::Softmax: {
            M hz = hadamard({n, d(k[0])});
            return sub(hz, scale(sum_all(hz), n));
        }
        case Op::Trace:
            return trace(d(k[0]));
        case Op::Det:
            return scale(n, trace(matmul(inverse(k[0]), d(k[0]))));
        case Op::Sum:
            return sum_all(d(k[0]));
        case Op::Norm:
            return scale(pow(as_scalar(n), num(-1)), inner(k[0], d(k[0])));
        case Op::Vec:
            return vec(d(k[0]), n->rowmajor);
        case Op::DiagVec:
            return diagvec(d(k[0]), n->rowmajor);
        default:
            return zero(n->shape);
        }
    }
};

// ------------------------------------------------------------------------- reverse: gradient

M reverse(const M &f, const std::string &wrt, const Shape &wrt_shape) {
    Dependence dep(wrt);
    std::vector<M> order; // postorder
    std::unordered_set<const MNode *> seen;
    std::function<void(const M &)> visit = [&](const M &n) {
        if (!seen.insert(n.get()).second) return;
        for (const auto &c : children(n)) visit(c);
        order.push_back(n);
    };
    visit(f);
    std::unordered_map<const MNode *, M> adj;
    auto contribute = [&](const M &n, const M &c) {
        if (!dep(n)) return;
        auto it = adj.find(n.get());
        if (it == adj.end())
            adj.emplace(n.get(), c);
        else
            it->second = add({it->second, c});
    };
    std::vector<M> result;
    adj.emplace(f.get(), scalar(num(1)));
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
        const M &n = *it;
        auto found = adj.find(n.get());
        if (found == adj.end()) continue;
        const M a = found->second;
        const auto &k = n->kids;
        switch (n->op) {
        case Op::Var:
            if (n->name == wrt) result.push_back(a);
            break;
        case Op::Scalar:
            for (const auto &s : free_symbols(n->scalar)) {
                if (is_atom_symbol(s))
                    contribute(atom(s), scalar(as_scalar(a) * partial(n->scalar, s)));
                else if (s == wrt)
                    result.push_back(scalar(as_scalar(a) * partial(n->scalar, s)));
            }
            break;
        case Op::Add:
            for (const auto &c : k) contribute(c, a);
            break;
        case Op::Scale:
            contribute(k[1], scale(k[0], a));
            contribute(k[0], inner(a, k[1]));
            break;
        case Op::MatMul:
            for (std::size_t i = 0; i < k.size(); ++i) {
                if (!dep(k[i])) continue;
                M left = i ? transpose(product_except(k, 0, i)) : nullptr;
                M right = i + 1 < k.size() ? transpose(product_except(k, i + 1, k.size())) : nullptr;
                std::vector<M> f;
                if (left) f.push_back(left);
                f.push_back(a);
                if (right) f.push_back(right);
                contribute(k[i], matmul(f));
            }
            break;
        case Op::Hadamard:
            for (std::size_t i = 0; i < k.size(); ++i) {
                if (!dep(k[i])) continue;
                std::vector<M> f{a};
                for (std::size_t j = 0; j < k.size(); ++j)
                    if (j != i) f.push_back(k[j]);
                contribute(k[i], hadamard(f));
            }
            break;
        case Op::Transpose:
            contribute(k[0], transpose(a));
            break;
        case Op::Inverse:
            contribute(k[0], neg(matmul({transpose(n), a, transpose(n)})));
            break;
        case Op::EPow:
            contribute(k[0], hadamard({a, scale(num(n->num), epow(k[0], n->num - Number(1)))}));
            break;
        case Op::EFunc:
            if (n->deriv) unsupported(n);
            contribute(k[0], hadamard({a, efunc(n->func, k[0], true)}));
            break;
        case Op::Softmax: {
            // z-bar = s (.) a - (sum of a (.) s) s
            M as = hadamard({a, n});
            contribute(k[0], sub(as, scale(sum_all(as), n)));
            break;
        }
        case Op::Trace:
            contribute(k[0], scale(a, identity(k[0]->shape.rows)));
            break;
        case Op::Det:
            contribute(k[0], scale(as_scalar(a) * as_scalar(n), transpose(inverse(k[0]))));
            break;
        case Op::Sum:
            contribute(k[0], scale(a, ones(k[0]->shape)));
            break;
        case Op::Norm:
            contribute(k[0], scale(as_scalar(a) * pow(as_scalar(n), num(-1)), k[0]));
            break;
        case Op::Identity:
        case Op::Zero:
        case Op::Ones:
        case Op::Commutation:
            break;
        default:
            unsupported(n);
        }
    }
    if (result.empty()) return zero(wrt_shape);
    return add(result);
}

// ------------------------------------------------------------------------- forward: Jacobian

class Jacobian {
  public:
    Jacobian(std::string wrt, const Shape &s, bool rowmajor)
        : wrt_(std::move(wrt)), nx_(s.rows * s.cols), rm_(rowmajor), dep_(wrt_) {}

    M j(const M &n) {
        if (!dep_(n)) return zero(Shape{n->shape.rows * n->shape.cols, nx_});
        auto it = memo_.find(n.get());
        if (it != memo_.end()) return it->second;
        M r = rule(n);
        memo_[n.get()] = r;
        keep_.push_back(n);
        return r;
    }

  private:
    std::string wrt_;
    Dim nx_;
    bool rm_;
    Dependence dep_;
    std::unordered_map<const MNode *, M> memo_;
    std::vector<M> keep_;

    M vecT(const M &a) { return transpose(vec(a, rm_)); }

    // J(P Q) for the product of factors [from, end).
    M product(const std::vector<M> &fs, std::size_t from) {
        if (from + 1 == fs.size()) return j(fs[from]);
        const M &p = fs[from];
        M q = product_except(fs, from + 1, fs.size());
        std::vector<M> t;
        if (dep_(p)) {
            M lin = rm_ ? kron(identity(p->shape.rows), transpose(q)) : kron(transpose(q), identity(p->shape.rows));
            t.push_back(matmul(lin, j(p)));
        }
        bool rest = false;
        for (std::size_t i = from + 1; i < fs.size(); ++i) rest = rest || dep_(fs[i]);
        if (rest) {
            M lin = rm_ ? kron(p, identity(q->shape.cols)) : kron(identity(q->shape.cols), p);
            t.push_back(matmul(lin, product(fs, from + 1)));
        }
        return add(t);
    }

    M rule(const M &n) {
        const auto &k = n->kids;
        switch (n->op) {
        case Op::Var:
            return identity(nx_);
        case Op::Scalar: {
            std::vector<M> terms;
            for (const auto &s : free_symbols(n->scalar)) {
                if (is_atom_symbol(s)) {
                    M a = atom(s);
                    if (dep_(a)) terms.push_back(scale(partial(n->scalar, s), j(a)));
                } else if (s == wrt_) {
                    terms.push_back(scalar(partial(n->scalar, s)));
                }
            }
            return add(terms);
        }
        case Op::Add: {
            std::vector<M> t;
            for (const auto &c : k) t.push_back(j(c));
            return add(t);
        }
        case Op::Scale:
            return add({scale(k[0], j(k[1])), matmul(vec(k[1], rm_), j(k[0]))});
        case Op::MatMul:
            return product(k, 0);
        case Op::Hadamard: {
            std::vector<M> t;
            for (std::size_t i = 0; i < k.size(); ++i) {
                if (!dep_(k[i])) continue;
                std::vector<M> others;
                for (std::size_t q = 0; q < k.size(); ++q)
                    if (q != i) others.push_back(k[q]);
                t.push_back(matmul(diagvec(hadamard(others), rm_), j(k[i])));
            }
            return add(t);
        }
        case Op::Transpose: {
            const Shape &s = k[0]->shape;
            M c = rm_ ? commutation(s.cols, s.rows) : commutation(s.rows, s.cols);
            return matmul(c, j(k[0]));
        }
        case Op::Inverse: {
            M lin = rm_ ? kron(n, transpose(n)) : kron(transpose(n), n);
            return neg(matmul(lin, j(k[0])));
        }
        case Op::EPow:
            return matmul(diagvec(scale(num(n->num), epow(k[0], n->num - Number(1))), rm_), j(k[0]));
        case Op::EFunc:
            if (n->deriv) unsupported(n);
            return matmul(diagvec(efunc(n->func, k[0], true), rm_), j(k[0]));
        case Op::Softmax: {
            M s = vec(n, rm_);
            return matmul(sub(diagvec(n, rm_), matmul(s, transpose(s))), j(k[0]));
        }
        case Op::Trace:
            return matmul(vecT(identity(k[0]->shape.rows)), j(k[0]));
        case Op::Det:
            return scale(n, matmul(vecT(transpose(inverse(k[0]))), j(k[0])));
        case Op::Sum:
            return matmul(ones(Shape{1, k[0]->shape.rows * k[0]->shape.cols}), j(k[0]));
        case Op::Norm:
            return scale(pow(as_scalar(n), num(-1)), matmul(vecT(k[0]), j(k[0])));
        default:
            unsupported(n);
        }
    }
};

} // namespace

const char *layout_name(Layout l) {
    switch (l) {
    case Layout::Seed: return "seed";
    case Layout::Numerator: return "numerator";
    case Layout::Denominator: return "denominator";
    }
    return "seed";
}

bool parse_layout(const std::string &name, Layout &out) {
    if (name == "seed") out = Layout::Seed;
    else if (name == "numerator") out = Layout::Numerator;
    else if (name == "denominator") out = Layout::Denominator;
    else return false;
    return true;
}

M differential(const M &f, const std::string &wrt, const Shape &wrt_shape) {
    M v = var("d" + wrt, wrt_shape);
    return present(Forward(wrt, v).d(f));
}

M gradient(const M &f, const std::string &wrt, const Shape &wrt_shape) {
    if (!f->shape.scalar()) throw std::invalid_argument("the gradient is defined for a scalar function");
    return reverse(f, wrt, wrt_shape);
}

M jacobian(const M &f, const std::string &wrt, const Shape &wrt_shape, bool rowmajor) {
    return Jacobian(wrt, wrt_shape, rowmajor).j(f);
}

M derivative(const M &f, const std::string &wrt, const Shape &s, Layout layout) {
    M r;
    if (f->shape.scalar()) {
        M g = gradient(f, wrt, s);
        r = layout == Layout::Denominator ? g : transpose(g);
    } else if (s.scalar()) {
        M t = Forward(wrt, scalar(num(1))).d(f);
        r = layout == Layout::Denominator ? transpose(t) : t;
    } else if (layout == Layout::Seed) {
        r = transpose(jacobian(f, wrt, s, true));
    } else {
        M jc = jacobian(f, wrt, s, false);
        r = layout == Layout::Numerator ? jc : transpose(jc);
    }
    return present(r);
}

std::string derivative_kind(const Shape &f, const Shape &wrt) {
    auto kind = [](const Shape &s) { return s.scalar() ? "scalar" : (s.vector() ? "vector" : "matrix"); };
    return std::string(kind(f)) + "-by-" + kind(wrt);
}

} // namespace leibniz::mx
