#include "mexpr.hpp"

#include "../functions.hpp"
#include "../simplify.hpp"

#include <algorithm>
#include <set>

namespace leibniz::mx {

// ---------------------------------------------------------------------------------------
// Dimensions and shapes

Dim Dim::symbol(const std::string &s) {
    Dim d;
    d.syms.push_back(s);
    return d;
}

Dim Dim::operator*(const Dim &o) const {
    Dim d;
    d.coef = coef * o.coef;
    d.syms = syms;
    d.syms.insert(d.syms.end(), o.syms.begin(), o.syms.end());
    std::sort(d.syms.begin(), d.syms.end());
    return d;
}

std::string Dim::text() const {
    std::string s;
    if (coef != 1 || syms.empty()) s = std::to_string(coef);
    for (const auto &v : syms) s += v;
    return s;
}

std::string Dim::latex() const {
    std::string s;
    if (coef != 1 || syms.empty()) s = std::to_string(coef);
    for (const auto &v : syms) s += v;
    return s;
}

std::string Shape::text() const { return rows.text() + "x" + cols.text(); }
std::string Shape::latex() const { return rows.latex() + " \\times " + cols.latex(); }

namespace {

std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
    h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    return h;
}

std::uint64_t hash_string(const std::string &s) {
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
    return h;
}

std::uint64_t hash_dim(const Dim &d) {
    std::uint64_t h = static_cast<std::uint64_t>(d.coef);
    for (const auto &s : d.syms) h = mix(h, hash_string(s));
    return h;
}

M make(MNode n) {
    static unsigned made = 0;
    if ((++made & 255) == 0) check_expr_deadline(); // matrix work can be long without core nodes
    std::uint64_t h = static_cast<std::uint64_t>(n.op) + 1;
    h = mix(h, hash_dim(n.shape.rows));
    h = mix(h, hash_dim(n.shape.cols));
    h = mix(h, hash_string(n.name));
    if (n.scalar) h = mix(h, n.scalar->hash);
    h = mix(h, n.num.hash());
    h = mix(h, static_cast<std::uint64_t>(n.func) * 2 + n.deriv);
    h = mix(h, n.rowmajor);
    for (const auto &k : n.kids) h = mix(h, k->hash);
    n.hash = h;
    return std::make_shared<const MNode>(std::move(n));
}

MNode node(Op op, const Shape &s, std::vector<M> kids = {}) {
    MNode n;
    n.op = op;
    n.shape = s;
    n.kids = std::move(kids);
    return n;
}

Expr dim_expr(const Dim &d) {
    std::vector<Expr> f{num(d.coef)};
    for (const auto &s : d.syms) f.push_back(sym(s));
    return mul(f);
}

std::vector<M> &atom_table() {
    static std::vector<M> table;
    return table;
}

// A 1x1 node that is not a Scalar becomes an atom.
M wrap(MNode n) { return scalar(as_scalar(make(std::move(n)))); }

[[noreturn]] void shape_error(const std::string &what) { throw ShapeError(what); }

} // namespace

// ---------------------------------------------------------------------------------------
// Identity and order

bool same(const M &a, const M &b) {
    if (a == b) return true;
    if (a->hash != b->hash || a->op != b->op || a->kids.size() != b->kids.size()) return false;
    if (a->shape != b->shape || a->name != b->name || a->scalar != b->scalar || a->num != b->num ||
        a->func != b->func || a->deriv != b->deriv || a->rowmajor != b->rowmajor)
        return false;
    for (std::size_t i = 0; i < a->kids.size(); ++i)
        if (!same(a->kids[i], b->kids[i])) return false;
    return true;
}

// Size for ordering sums, not counting transposes and coefficients: x W + b, A + A^T.
static std::size_t weight(const M &m) {
    if (m->op == Op::Transpose) return weight(m->kids[0]);
    if (m->op == Op::Scale) return weight(m->kids[1]);
    std::size_t w = 1;
    for (const auto &k : m->kids) w += weight(k);
    return w;
}

int compare(const M &a, const M &b) {
    if (same(a, b)) return 0;
    // Larger terms first, as textbooks write x W + b.
    std::size_t wa = weight(a), wb = weight(b);
    if (wa != wb) return wa > wb ? -1 : 1;
    // Sort by the variables first, so A + A^T and x W + b read in a natural order.
    auto key = [](const M &m) {
        const MNode *n = m.get();
        while (!n->kids.empty() && n->op != Op::Scale) n = n->kids[0].get();
        if (n->op == Op::Scale) n = n->kids[1].get();
        return n->op == Op::Var ? n->name : std::string("~");
    };
    std::string ka = key(a), kb = key(b);
    if (ka != kb) return ka < kb ? -1 : 1;
    if (a->op != b->op) return a->op < b->op ? -1 : 1;
    if (a->name != b->name) return a->name < b->name ? -1 : 1;
    std::size_t n = std::min(a->kids.size(), b->kids.size());
    for (std::size_t i = 0; i < n; ++i)
        if (int c = compare(a->kids[i], b->kids[i])) return c;
    if (a->kids.size() != b->kids.size()) return a->kids.size() < b->kids.size() ? -1 : 1;
    return a->hash < b->hash ? -1 : (a->hash > b->hash ? 1 : 0);
}

// ---------------------------------------------------------------------------------------
// Atoms

bool is_atom_symbol(const std::string &name) { return !name.empty() && name[0] == '#'; }

M atom(const std::string &symbol) {
    std::size_t k = std::stoul(symbol.substr(1));
    return atom_table().at(k);
}

void reset_atoms() { atom_table().clear(); }

Expr as_scalar(const M &a) {
    if (a->op == Op::Scalar) return a->scalar;
    if (!a->shape.scalar()) shape_error("internal: a " + a->shape.text() + " matrix used as a scalar");
    auto &table = atom_table();
    for (std::size_t k = 0; k < table.size(); ++k)
        if (same(table[k], a)) return sym("#" + std::to_string(k));
    table.push_back(a);
    return sym("#" + std::to_string(table.size() - 1));
}

// ---------------------------------------------------------------------------------------
// Builders

M var(const std::string &name, const Shape &s) {
    if (s.scalar()) return scalar(sym(name));
    MNode n = node(Op::Var, s);
    n.name = name;
    return make(std::move(n));
}

M scalar(const Expr &e) {
    MNode n = node(Op::Scalar, Shape{});
    n.scalar = e;
    return make(std::move(n));
}

M identity(const Dim &d) {
    if (d.is_one()) return scalar(num(1));
    return make(node(Op::Identity, Shape{d, d}));
}

M zero(const Shape &s) {
    if (s.scalar()) return scalar(num(0));
    return make(node(Op::Zero, s));
}

M ones(const Shape &s) {
    if (s.scalar()) return scalar(num(1));
    return make(node(Op::Ones, s));
}

M commutation(const Dim &m, const Dim &n) {
    if (m.is_one() || n.is_one()) return identity(m * n);
    MNode k = node(Op::Commutation, Shape{m * n, m * n});
    k.kids = {};
    k.name = m.text() + "," + n.text();
    // Keep the two factors: K_{m,n} differs from K_{n,m}.
    k.kids.push_back(make(node(Op::Zero, Shape{m, n})));
    return make(std::move(k));
}

M scale(const Expr &c, const M &a) {
    if (c.is_zero()) return zero(a->shape);
    if (a->op == Op::Scalar) return scalar(c * a->scalar);
    if (c.is_one() || a->op == Op::Zero) return a;
    if (a->op == Op::Scale) return scale(c * a->kids[0]->scalar, a->kids[1]);
    return make(node(Op::Scale, a->shape, {scalar(c), a}));
}

M scale(const M &c, const M &a) { return scale(as_scalar(c), a); }

M neg(const M &a) { return scale(num(-1), a); }

static void split_scale(const M &t, Expr &coef, M &base) {
    if (t->op == Op::Scale) {
        coef = t->kids[0]->scalar;
        base = t->kids[1];
    } else {
        coef = num(1);
        base = t;
    }
}

M add(std::vector<M> terms) {
    std::vector<M> flat;
    for (const auto &t : terms) {
        if (t->op == Op::Add)
            flat.insert(flat.end(), t->kids.begin(), t->kids.end());
        else
            flat.push_back(t);
    }
    if (flat.empty()) shape_error("internal: empty sum");
    Shape s = flat[0]->shape;
    for (const auto &t : flat)
        if (t->shape != s)
            shape_error("cannot add a " + s.text() + " matrix and a " + t->shape.text() + " matrix");
    if (s.scalar()) {
        std::vector<Expr> es;
        for (const auto &t : flat) es.push_back(as_scalar(t));
        return scalar(leibniz::add(es));
    }
    std::vector<std::pair<Expr, M>> collected;
    for (const auto &t : flat) {
        if (t->op == Op::Zero) continue;
        Expr c;
        M b;
        split_scale(t, c, b);
        bool merged = false;
        for (auto &p : collected)
            if (same(p.second, b)) {
                p.first = p.first + c;
                merged = true;
                break;
            }
        if (!merged) collected.emplace_back(c, b);
    }
    std::vector<M> out;
    for (auto &p : collected)
        if (!p.first.is_zero()) out.push_back(scale(p.first, p.second));
    if (out.empty()) return zero(s);
    if (out.size() == 1) return out[0];
    std::sort(out.begin(), out.end(), [](const M &a, const M &b) { return compare(a, b) < 0; });
    return make(node(Op::Add, s, out));
}

M sub(const M &a, const M &b) { return add({a, neg(b)}); }

static bool is_inverse_of(const M &a, const M &b) {
    if (a->op == Op::Inverse && same(a->kids[0], b)) return true;
    if (a->op == Op::Transpose && a->kids[0]->op == Op::Inverse && b->op == Op::Transpose &&
        same(a->kids[0]->kids[0], b->kids[0]))
        return true;
    return false;
}

M matmul(const M &a, const M &b) {
    if (a->shape.scalar()) return scale(a, b);
    if (b->shape.scalar()) return scale(b, a);
    if (a->shape.cols != b->shape.rows)
        shape_error("cannot multiply a " + a->shape.text() + " matrix by a " + b->shape.text() +
                    " matrix: " + a->shape.cols.text() + " columns against " + b->shape.rows.text() +
                    " rows");
    Shape s{a->shape.rows, b->shape.cols};
    Expr coef = num(1);
    std::vector<M> fs;
    for (const M &x : {a, b}) {
        Expr c;
        M base;
        split_scale(x, c, base);
        coef = coef * c;
        if (base->op == Op::MatMul)
            fs.insert(fs.end(), base->kids.begin(), base->kids.end());
        else
            fs.push_back(base);
    }
    std::vector<M> out;
    for (const auto &f : fs) {
        if (f->op == Op::Zero) return zero(s);
        if (f->op == Op::Identity) continue;
        if (!out.empty()) {
            const M &prev = out.back();
            if (is_inverse_of(prev, f) || is_inverse_of(f, prev)) {
                out.pop_back();
                continue;
            }
            // Mixed product: (A (x) B)(C (x) D) = AC (x) BD when the shapes conform.
            if (prev->op == Op::Kron && f->op == Op::Kron &&
                prev->kids[0]->shape.cols == f->kids[0]->shape.rows &&
                prev->kids[1]->shape.cols == f->kids[1]->shape.rows) {
                M k = kron(matmul(prev->kids[0], f->kids[0]), matmul(prev->kids[1], f->kids[1]));
                out.pop_back();
                Expr c;
                M base;
                split_scale(k, c, base);
                coef = coef * c;
                if (base->op != Op::Identity) out.push_back(base);
                continue;
            }
        }
        out.push_back(f);
    }
    if (out.empty()) return scale(coef, identity(s.rows));
    if (out.size() == 1) return scale(coef, out[0]);
    MNode n = node(Op::MatMul, s, out);
    if (s.scalar()) return scalar(coef * as_scalar(make(std::move(n))));
    return scale(coef, make(std::move(n)));
}

M matmul(std::vector<M> factors) {
    M r = factors.at(0);
    for (std::size_t i = 1; i < factors.size(); ++i) r = matmul(r, factors[i]);
    return r;
}

M hadamard(std::vector<M> factors) {
    M first = factors.at(0);
    if (factors.size() == 1) return first;
    // Scalars scale; every other factor has one shape.
    Expr coef = num(1);
    std::vector<M> fs;
    Shape s;
    bool have_shape = false;
    for (const auto &f : factors) {
        if (f->shape.scalar()) {
            coef = coef * as_scalar(f);
            continue;
        }
        if (have_shape && f->shape != s)
            shape_error("cannot multiply element-wise a " + s.text() + " matrix and a " +
                        f->shape.text() + " matrix");
        s = f->shape;
        have_shape = true;
        Expr c;
        M base;
        split_scale(f, c, base);
        coef = coef * c;
        if (base->op == Op::Hadamard)
            fs.insert(fs.end(), base->kids.begin(), base->kids.end());
        else
            fs.push_back(base);
    }
    if (!have_shape) return scalar(coef);
    // Collect equal bases into element-wise powers.
    std::vector<std::pair<M, Number>> pw;
    for (const auto &f : fs) {
        if (f->op == Op::Zero) return zero(s);
        if (f->op == Op::Ones) continue;
        M base = f->op == Op::EPow ? f->kids[0] : f;
        Number p = f->op == Op::EPow ? f->num : Number(1);
        bool merged = false;
        for (auto &q : pw)
            if (same(q.first, base)) {
                q.second = q.second + p;
                merged = true;
                break;
            }
        if (!merged) pw.emplace_back(base, p);
    }
    std::vector<M> out;
    for (auto &q : pw)
        if (!q.second.is_zero()) out.push_back(epow(q.first, q.second));
    if (out.empty()) return scale(coef, ones(s));
    if (out.size() == 1) return scale(coef, out[0]);
    std::sort(out.begin(), out.end(), [](const M &a, const M &b) { return compare(a, b) < 0; });
    return scale(coef, make(node(Op::Hadamard, s, out)));
}

M kron(const M &a, const M &b) {
    if (a->shape.scalar()) return scale(a, b);
    if (b->shape.scalar()) return scale(b, a);
    Shape s{a->shape.rows * b->shape.rows, a->shape.cols * b->shape.cols};
    if (a->op == Op::Zero || b->op == Op::Zero) return zero(s);
    if (a->op == Op::Identity && b->op == Op::Identity) return identity(s.rows);
    Expr ca, cb;
    M ba, bb;
    split_scale(a, ca, ba);
    split_scale(b, cb, bb);
    return scale(ca * cb, make(node(Op::Kron, s, {ba, bb})));
}

M transpose(const M &a) {
    switch (a->op) {
    case Op::Scalar:
    case Op::Identity:
    case Op::DiagVec:
        return a;
    case Op::Zero:
        return zero(a->shape.t());
    case Op::Ones:
        return ones(a->shape.t());
    case Op::Commutation: {
        const Shape &mn = a->kids[0]->shape;
        return commutation(mn.cols, mn.rows);
    }
    case Op::Transpose:
        return a->kids[0];
    case Op::Add: {
        std::vector<M> t;
        for (const auto &k : a->kids) t.push_back(transpose(k));
        return add(t);
    }
    case Op::Scale:
        return scale(a->kids[0]->scalar, transpose(a->kids[1]));
    case Op::MatMul: {
        std::vector<M> t;
        for (auto it = a->kids.rbegin(); it != a->kids.rend(); ++it) t.push_back(transpose(*it));
        return matmul(t);
    }
    case Op::Hadamard: {
        std::vector<M> t;
        for (const auto &k : a->kids) t.push_back(transpose(k));
        return hadamard(t);
    }
    case Op::Kron:
        return kron(transpose(a->kids[0]), transpose(a->kids[1]));
    case Op::EPow:
        return epow(transpose(a->kids[0]), a->num);
    case Op::EFunc:
        return efunc(a->func, transpose(a->kids[0]), a->deriv);
    case Op::Softmax:
        return softmax(transpose(a->kids[0]));
    default:
        return make(node(Op::Transpose, a->shape.t(), {a}));
    }
}

M inverse(const M &a) {
    if (!a->shape.square())
        shape_error("the inverse needs a square matrix, not a " + a->shape.text() + " matrix");
    switch (a->op) {
    case Op::Scalar:
        return scalar(pow(a->scalar, num(-1)));
    case Op::Identity:
        return a;
    case Op::Inverse:
        return a->kids[0];
    case Op::Scale:
        return scale(pow(a->kids[0]->scalar, num(-1)), inverse(a->kids[1]));
    case Op::Transpose:
        return transpose(inverse(a->kids[0]));
    case Op::Commutation:
        return transpose(a);
    case Op::Zero:
        shape_error("the zero matrix has no inverse");
    default:
        return make(node(Op::Inverse, a->shape, {a}));
    }
}

M epow(const M &a, const Number &p) {
    if (a->op == Op::Scalar) return scalar(pow(a->scalar, num(p)));
    if (p.is_one()) return a;
    if (p.is_zero() || a->op == Op::Ones) return ones(a->shape);
    if (a->op == Op::EPow) return epow(a->kids[0], a->num * p);
    if (a->op == Op::Scale) return scale(pow(a->kids[0]->scalar, num(p)), epow(a->kids[1], p));
    if (a->op == Op::Zero && !p.is_negative()) return a;
    MNode n = node(Op::EPow, a->shape, {a});
    n.num = p;
    return make(std::move(n));
}

M efunc(FuncId f, const M &a, bool deriv) {
    if (a->op == Op::Scalar) {
        const FunctionInfo &info = function_info(f);
        return scalar(deriv ? info.derivative(a->scalar) : func(f, a->scalar));
    }
    if (deriv) {
        switch (f) {
        case FuncId::Exp: return efunc(FuncId::Exp, a);
        case FuncId::Log: return epow(a, Number(-1));
        case FuncId::Sin: return efunc(FuncId::Cos, a);
        case FuncId::Cos: return neg(efunc(FuncId::Sin, a));
        case FuncId::Sinh: return efunc(FuncId::Cosh, a);
        case FuncId::Cosh: return efunc(FuncId::Sinh, a);
        case FuncId::Softplus: return efunc(FuncId::Sigmoid, a);
        case FuncId::Relu: return efunc(FuncId::Heaviside, a);
        default: break;
        }
    }
    MNode n = node(Op::EFunc, a->shape, {a});
    n.func = f;
    n.deriv = deriv;
    return make(std::move(n));
}

M trace(const M &a) {
    if (!a->shape.square())
        shape_error("the trace needs a square matrix, not a " + a->shape.text() + " matrix");
    switch (a->op) {
    case Op::Scalar:
        return a;
    case Op::Identity:
        return scalar(dim_expr(a->shape.rows));
    case Op::Zero:
        return scalar(num(0));
    case Op::Add: {
        std::vector<M> t;
        for (const auto &k : a->kids) t.push_back(trace(k));
        return add(t);
    }
    case Op::Scale:
        return scale(a->kids[0]->scalar, trace(a->kids[1]));
    case Op::Transpose:
        return trace(a->kids[0]);
    case Op::Kron:
        return scalar(as_scalar(trace(a->kids[0])) * as_scalar(trace(a->kids[1])));
    default:
        return wrap(node(Op::Trace, Shape{}, {a}));
    }
}

M det(const M &a) {
    if (!a->shape.square())
        shape_error("the determinant needs a square matrix, not a " + a->shape.text() + " matrix");
    switch (a->op) {
    case Op::Scalar:
        return a;
    case Op::Identity:
        return scalar(num(1));
    case Op::Zero:
        return scalar(num(0));
    case Op::Transpose:
        return det(a->kids[0]);
    case Op::Inverse:
        return scalar(pow(as_scalar(det(a->kids[0])), num(-1)));
    case Op::Scale:
        return scalar(pow(a->kids[0]->scalar, dim_expr(a->shape.rows)) * as_scalar(det(a->kids[1])));
    case Op::MatMul: {
        bool all_square = true;
        for (const auto &k : a->kids) all_square = all_square && k->shape.square();
        if (all_square) {
            std::vector<Expr> f;
            for (const auto &k : a->kids) f.push_back(as_scalar(det(k)));
            return scalar(mul(f));
        }
        return wrap(node(Op::Det, Shape{}, {a}));
    }
    default:
        return wrap(node(Op::Det, Shape{}, {a}));
    }
}

M sum_all(const M &a) {
    switch (a->op) {
    case Op::Scalar:
        return a;
    case Op::Zero:
        return scalar(num(0));
    case Op::Ones:
        return scalar(dim_expr(a->shape.rows * a->shape.cols));
    case Op::Add: {
        std::vector<M> t;
        for (const auto &k : a->kids) t.push_back(sum_all(k));
        return add(t);
    }
    case Op::Scale:
        return scale(a->kids[0]->scalar, sum_all(a->kids[1]));
    case Op::Transpose:
        return sum_all(a->kids[0]);
    default:
        return wrap(node(Op::Sum, Shape{}, {a}));
    }
}

M norm(const M &a) {
    switch (a->op) {
    case Op::Scalar:
        return scalar(func(FuncId::Abs, a->scalar));
    case Op::Zero:
        return scalar(num(0));
    case Op::Transpose:
        return norm(a->kids[0]);
    case Op::Scale:
        return scalar(func(FuncId::Abs, a->kids[0]->scalar) * as_scalar(norm(a->kids[1])));
    default:
        return wrap(node(Op::Norm, Shape{}, {a}));
    }
}

M softmax(const M &a) {
    if (!a->shape.vector())
        shape_error("softmax needs a vector, not a " + a->shape.text() + " matrix");
    if (a->shape.scalar()) return scalar(num(1));
    return make(node(Op::Softmax, a->shape, {a}));
}

M vec(const M &a, bool rowmajor) {
    if (a->shape.cols.is_one()) return a;
    if (a->shape.rows.is_one()) return transpose(a);
    MNode n = node(Op::Vec, Shape{a->shape.rows * a->shape.cols, 1}, {a});
    n.rowmajor = rowmajor;
    return make(std::move(n));
}

M diagvec(const M &a, bool rowmajor) {
    if (a->op == Op::Scalar) return a;
    Dim n = a->shape.rows * a->shape.cols;
    if (a->op == Op::Ones) return identity(n);
    if (a->op == Op::Zero) return zero(Shape{n, n});
    if (a->shape.vector()) rowmajor = false; // the same for vectors
    if (a->op == Op::Scale) return scale(a->kids[0]->scalar, diagvec(a->kids[1], rowmajor));
    MNode d = node(Op::DiagVec, Shape{n, n}, {a});
    d.rowmajor = rowmajor;
    return make(std::move(d));
}

// ---------------------------------------------------------------------------------------
// Variables

static void collect_vars(const M &a, std::set<std::string> &out) {
    if (a->op == Op::Var) out.insert(a->name);
    if (a->op == Op::Scalar) {
        for (const auto &s : free_symbols(a->scalar)) {
            if (is_atom_symbol(s))
                collect_vars(atom(s), out);
            else
                out.insert(s);
        }
    }
    for (const auto &k : a->kids) collect_vars(k, out);
}

std::vector<std::string> variables(const M &a) {
    std::set<std::string> s;
    collect_vars(a, s);
    return {s.begin(), s.end()};
}

bool depends_on(const M &a, const std::string &name) {
    auto v = variables(a);
    return std::find(v.begin(), v.end(), name) != v.end();
}

// ---------------------------------------------------------------------------------------
// Presentation

static M rebuild(const M &a, std::vector<M> kids) {
    switch (a->op) {
    case Op::Add: return add(kids);
    case Op::Scale: return scale(kids[0], kids[1]);
    case Op::MatMul: return matmul(kids);
    case Op::Hadamard: return hadamard(kids);
    case Op::Kron: return kron(kids[0], kids[1]);
    case Op::Transpose: return transpose(kids[0]);
    case Op::Inverse: return inverse(kids[0]);
    case Op::EPow: return epow(kids[0], a->num);
    case Op::EFunc: return efunc(a->func, kids[0], a->deriv);
    case Op::Softmax: return softmax(kids[0]);
    case Op::Vec: return vec(kids[0], a->rowmajor);
    case Op::DiagVec: return diagvec(kids[0], a->rowmajor);
    case Op::Trace: return trace(kids[0]);
    case Op::Det: return det(kids[0]);
    case Op::Sum: return sum_all(kids[0]);
    case Op::Norm: return norm(kids[0]);
    default: return a;
    }
}

// Splits a term into coefficient and factor list.
static void factors_of(const M &t, Expr &coef, std::vector<M> &fs) {
    M base;
    split_scale(t, coef, base);
    if (base->op == Op::MatMul)
        fs = base->kids;
    else
        fs = {base};
}

static M factor_sum(const M &sum) {
    const auto &terms = sum->kids;
    std::vector<Expr> coefs(terms.size());
    std::vector<std::vector<M>> fs(terms.size());
    for (std::size_t i = 0; i < terms.size(); ++i) factors_of(terms[i], coefs[i], fs[i]);
    for (int side = 0; side < 2; ++side) {
        bool common = true;
        for (std::size_t i = 0; i < terms.size() && common; ++i)
            common = fs[i].size() >= 2 && same(side ? fs[i].back() : fs[i].front(),
                                               side ? fs[0].back() : fs[0].front());
        if (!common) continue;
        M f = side ? fs[0].back() : fs[0].front();
        std::vector<M> rest;
        for (std::size_t i = 0; i < terms.size(); ++i) {
            std::vector<M> r = fs[i];
            if (side)
                r.pop_back();
            else
                r.erase(r.begin());
            rest.push_back(scale(coefs[i], matmul(r)));
        }
        M inner = add(rest);
        if (inner->op == Op::Add) inner = factor_sum(inner);
        return side ? matmul(inner, f) : matmul(f, inner);
    }
    return sum;
}

Expr substitute(const Expr &e, const std::vector<std::pair<std::string, Expr>> &values) {
    switch (e.kind()) {
    case Kind::Symbol:
        for (const auto &v : values)
            if (v.first == e->name) return v.second;
        return e;
    case Kind::Number:
    case Kind::Constant:
        return e;
    case Kind::Add:
    case Kind::Mul: {
        std::vector<Expr> c;
        for (const auto &x : e->children) c.push_back(substitute(x, values));
        return e.kind() == Kind::Add ? leibniz::add(c) : leibniz::mul(c);
    }
    case Kind::Pow:
        return pow(substitute(e->base(), values), substitute(e->exponent(), values));
    case Kind::Func:
        return func(e->func(), substitute(e->arg(), values));
    }
    return e;
}

M replace(const M &a, const M &target, const M &by) {
    if (same(a, target)) return by;
    if (a->op == Op::Scalar) {
        std::vector<std::pair<std::string, Expr>> values;
        for (const auto &s : free_symbols(a->scalar))
            if (is_atom_symbol(s)) {
                M r = replace(atom(s), target, by);
                values.emplace_back(s, as_scalar(r));
            }
        return values.empty() ? a : scalar(substitute(a->scalar, values));
    }
    if (a->kids.empty()) return a;
    std::vector<M> kids;
    for (const auto &k : a->kids) kids.push_back(replace(k, target, by));
    return rebuild(a, kids);
}

static int transposes(const M &a) {
    int n = a->op == Op::Transpose ? 1 : 0;
    if (a->op == Op::Transpose && a->kids[0]->op == Op::Inverse) return 1 + transposes(a->kids[0]->kids[0]);
    for (const auto &k : a->kids) n += transposes(k);
    return n;
}

M present(const M &a) {
    if (a->op == Op::Scalar) {
        // The shorter of the simplified and the expanded form: (1 - t) s - t (1 - s) -> s - t.
        Expr s = simplify(a->scalar), e = simplify(expand(a->scalar));
        return scalar(tree_size(e, 1000) < tree_size(s, 1000) ? e : s);
    }
    if (a->kids.empty()) return a;
    std::vector<M> kids;
    for (const auto &k : a->kids) kids.push_back(present(k));
    M r = rebuild(a, kids);
    if (r->op == Op::Add) r = factor_sum(r);
    // Pull a transpose outward when that saves transposes: W^T x^T - t^T -> (x W - t)^T,
    // sigmoid'(W^T x^T) -> sigmoid'(x W)^T. (Products keep A^T B^T, as textbooks print them.)
    if (r->op == Op::Add || r->op == Op::EFunc || r->op == Op::Hadamard || r->op == Op::EPow) {
        M alt = transpose(r);
        if (transposes(alt) + 1 < transposes(r)) r = make(node(Op::Transpose, r->shape, {alt}));
    }
    return r;
}

} // namespace leibniz::mx
