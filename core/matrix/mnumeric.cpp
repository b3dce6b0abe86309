// Matrix expressions in numbers (for checking closed forms against central differences and
// for evaluating at a point) and entry by entry as scalar core expressions (the seed's
// hand-written 4x2 matrix of dy_j/dw_ik).
#include "matrix.hpp"

#include "../diff.hpp"
#include "../eval.hpp"
#include "../functions.hpp"
#include "../simplify.hpp"

#include <cctype>
#include <cmath>
#include <unordered_map>

namespace leibniz::mx {

// ------------------------------------------------------------------------- numbers

std::size_t dim_value(const Dim &d, const NumericEnv &env) {
    std::size_t n = static_cast<std::size_t>(d.coef);
    for (const auto &s : d.syms) {
        auto it = env.dims.find(s);
        if (it == env.dims.end()) throw std::invalid_argument("no value for the dimension " + s);
        n *= it->second;
    }
    return n;
}

namespace {

Mat make_mat(std::size_t r, std::size_t c, double fill = 0) { return Mat{r, c, std::vector<double>(r * c, fill)}; }

Mat identity_mat(std::size_t n) {
    Mat m = make_mat(n, n);
    for (std::size_t i = 0; i < n; ++i) m.at(i, i) = 1;
    return m;
}

Mat mul(const Mat &a, const Mat &b) {
    Mat m = make_mat(a.rows, b.cols);
    for (std::size_t i = 0; i < a.rows; ++i)
        for (std::size_t k = 0; k < a.cols; ++k) {
            double x = a.at(i, k);
            for (std::size_t j = 0; j < b.cols; ++j) m.at(i, j) += x * b.at(k, j);
        }
    return m;
}

// Gauss-Jordan with partial pivoting; NaN entries for a singular matrix. Also the determinant.
Mat invert(const Mat &a, double *det_out) {
    std::size_t n = a.rows;
    Mat m = a, inv = identity_mat(n);
    double det = 1;
    for (std::size_t c = 0; c < n; ++c) {
        std::size_t p = c;
        for (std::size_t r = c + 1; r < n; ++r)
            if (std::fabs(m.at(r, c)) > std::fabs(m.at(p, c))) p = r;
        if (m.at(p, c) == 0) {
            if (det_out) *det_out = 0;
            return make_mat(n, n, NAN);
        }
        if (p != c) {
            for (std::size_t j = 0; j < n; ++j) {
                std::swap(m.at(p, j), m.at(c, j));
                std::swap(inv.at(p, j), inv.at(c, j));
            }
            det = -det;
        }
        double piv = m.at(c, c);
        det *= piv;
        for (std::size_t j = 0; j < n; ++j) {
            m.at(c, j) /= piv;
            inv.at(c, j) /= piv;
        }
        for (std::size_t r = 0; r < n; ++r) {
            if (r == c) continue;
            double f = m.at(r, c);
            if (f == 0) continue;
            for (std::size_t j = 0; j < n; ++j) {
                m.at(r, j) -= f * m.at(c, j);
                inv.at(r, j) -= f * inv.at(c, j);
            }
        }
    }
    if (det_out) *det_out = det;
    return inv;
}

double fderiv(FuncId f, double u) {
    static std::unordered_map<int, Expr> cache;
    auto it = cache.find(static_cast<int>(f));
    if (it == cache.end())
        it = cache.emplace(static_cast<int>(f), function_info(f).derivative(sym("u"))).first;
    return leibniz::evaluate(it->second, Point{{"u", u}});
}

// vec: column-major unless rowmajor.
std::vector<double> vec_of(const Mat &a, bool rowmajor) {
    if (rowmajor) return a.v;
    std::vector<double> v;
    for (std::size_t j = 0; j < a.cols; ++j)
        for (std::size_t i = 0; i < a.rows; ++i) v.push_back(a.at(i, j));
    return v;
}

class Evaluator {
  public:
    explicit Evaluator(const NumericEnv &env) : env_(env) {}

    Mat run(const M &a) {
        auto it = memo_.find(a.get());
        if (it != memo_.end()) return it->second;
        Mat r = rule(a);
        memo_.emplace(a.get(), r);
        keep_.push_back(a);
        return r;
    }

  private:
    const NumericEnv &env_;
    std::unordered_map<const MNode *, Mat> memo_;
    std::vector<M> keep_;

    std::size_t dv(const Dim &d) { return dim_value(d, env_); }

    Mat rule(const M &a) {
        const auto &k = a->kids;
        std::size_t r = dv(a->shape.rows), c = dv(a->shape.cols);
        switch (a->op) {
        case Op::Var: {
            auto it = env_.values.find(a->name);
            if (it == env_.values.end()) throw std::invalid_argument("no value for " + a->name);
            if (it->second.rows != r || it->second.cols != c)
                throw std::invalid_argument("the value of " + a->name + " has the wrong shape");
            return it->second;
        }
        case Op::Scalar: {
            Point p;
            for (const auto &s : free_symbols(a->scalar)) {
                auto it = env_.values.find(s);
                if (is_atom_symbol(s))
                    p[s] = run(atom(s)).v[0];
                else if (it != env_.values.end())
                    p[s] = it->second.v.at(0);
                else if (env_.dims.count(s)) // tr(I_n) = n
                    p[s] = static_cast<double>(env_.dims.at(s));
                else
                    throw std::invalid_argument("no value for " + s);
            }
            return make_mat(1, 1, leibniz::evaluate(a->scalar, p));
        }
        case Op::Identity:
            return identity_mat(r);
        case Op::Zero:
            return make_mat(r, c);
        case Op::Ones:
            return make_mat(r, c, 1);
        case Op::Commutation: {
            std::size_t m = dv(k[0]->shape.rows), n = dv(k[0]->shape.cols);
            Mat out = make_mat(m * n, m * n);
            for (std::size_t i = 0; i < m; ++i)
                for (std::size_t j = 0; j < n; ++j) out.at(i * n + j, j * m + i) = 1;
            return out;
        }
        case Op::Add: {
            Mat out = make_mat(r, c);
            for (const auto &t : k) {
                Mat x = run(t);
                for (std::size_t i = 0; i < out.v.size(); ++i) out.v[i] += x.v[i];
            }
            return out;
        }
        case Op::Scale: {
            double s = run(k[0]).v[0];
            Mat x = run(k[1]);
            for (auto &v : x.v) v *= s;
            return x;
        }
        case Op::MatMul: {
            Mat out = run(k[0]);
            for (std::size_t i = 1; i < k.size(); ++i) out = mul(out, run(k[i]));
            return out;
        }
        case Op::Hadamard: {
            Mat out = make_mat(r, c, 1);
            for (const auto &t : k) {
                Mat x = run(t);
                for (std::size_t i = 0; i < out.v.size(); ++i) out.v[i] *= x.v[i];
            }
            return out;
        }
        case Op::Kron: {
            Mat x = run(k[0]), y = run(k[1]);
            Mat out = make_mat(x.rows * y.rows, x.cols * y.cols);
            for (std::size_t i = 0; i < x.rows; ++i)
                for (std::size_t j = 0; j < x.cols; ++j)
                    for (std::size_t p = 0; p < y.rows; ++p)
                        for (std::size_t q = 0; q < y.cols; ++q)
                            out.at(i * y.rows + p, j * y.cols + q) = x.at(i, j) * y.at(p, q);
            return out;
        }
        case Op::Transpose: {
            Mat x = run(k[0]);
            Mat out = make_mat(x.cols, x.rows);
            for (std::size_t i = 0; i < x.rows; ++i)
                for (std::size_t j = 0; j < x.cols; ++j) out.at(j, i) = x.at(i, j);
            return out;
        }
        case Op::Inverse:
            return invert(run(k[0]), nullptr);
        case Op::EPow: {
            Mat x = run(k[0]);
            double p = a->num.to_double();
            for (auto &v : x.v) v = std::pow(v, p);
            return x;
        }
        case Op::EFunc: {
            Mat x = run(k[0]);
            const FunctionInfo &info = function_info(a->func);
            for (auto &v : x.v) v = a->deriv ? fderiv(a->func, v) : info.eval(v);
            return x;
        }
        case Op::Trace: {
            Mat x = run(k[0]);
            double t = 0;
            for (std::size_t i = 0; i < x.rows; ++i) t += x.at(i, i);
            return make_mat(1, 1, t);
        }
        case Op::Det: {
            double d = 0;
            invert(run(k[0]), &d);
            return make_mat(1, 1, d);
        }
        case Op::Sum: {
            double s = 0;
            for (double v : run(k[0]).v) s += v;
            return make_mat(1, 1, s);
        }
        case Op::Norm: {
            double s = 0;
            for (double v : run(k[0]).v) s += v * v;
            return make_mat(1, 1, std::sqrt(s));
        }
        case Op::Softmax: {
            Mat x = run(k[0]);
            double mx = -INFINITY, s = 0;
            for (double v : x.v) mx = std::max(mx, v);
            for (auto &v : x.v) s += (v = std::exp(v - mx));
            for (auto &v : x.v) v /= s;
            return x;
        }
        case Op::Vec: {
            Mat x = run(k[0]);
            return Mat{x.rows * x.cols, 1, vec_of(x, a->rowmajor)};
        }
        case Op::DiagVec: {
            std::vector<double> v = vec_of(run(k[0]), a->rowmajor);
            Mat out = make_mat(v.size(), v.size());
            for (std::size_t i = 0; i < v.size(); ++i) out.at(i, i) = v[i];
            return out;
        }
        }
        throw std::invalid_argument("cannot evaluate");
    }
};

// ------------------------------------------------------------------------- entries

constexpr std::size_t kMaxEntries = 4096;
using Grid = std::vector<std::vector<Expr>>;

Grid grid(std::size_t r, std::size_t c, const Expr &fill) { return Grid(r, std::vector<Expr>(c, fill)); }

std::size_t concrete(const Dim &d) {
    if (!d.concrete())
        throw std::invalid_argument("the element-wise form needs concrete shapes (such as 2x2), not " + d.text());
    return static_cast<std::size_t>(d.coef);
}

Expr det_expr(const Grid &m) {
    std::size_t n = m.size();
    if (n == 1) return m[0][0];
    std::vector<Expr> terms;
    for (std::size_t j = 0; j < n; ++j) {
        Grid minor;
        for (std::size_t i = 1; i < n; ++i) {
            std::vector<Expr> row;
            for (std::size_t q = 0; q < n; ++q)
                if (q != j) row.push_back(m[i][q]);
            minor.push_back(row);
        }
        Expr t = m[0][j] * det_expr(minor);
        terms.push_back(j % 2 ? -t : t);
    }
    return leibniz::add(terms);
}

std::vector<Expr> vec_entries(const Grid &g, bool rowmajor) {
    std::vector<Expr> v;
    std::size_t r = g.size(), c = r ? g[0].size() : 0;
    if (rowmajor) {
        for (const auto &row : g) v.insert(v.end(), row.begin(), row.end());
    } else {
        for (std::size_t j = 0; j < c; ++j)
            for (std::size_t i = 0; i < r; ++i) v.push_back(g[i][j]);
    }
    return v;
}

class Expander {
  public:
    Grid run(const M &a) {
        auto it = memo_.find(a.get());
        if (it != memo_.end()) return it->second;
        Grid g = rule(a);
        memo_.emplace(a.get(), g);
        keep_.push_back(a);
        return g;
    }

  private:
    std::unordered_map<const MNode *, Grid> memo_;
    std::vector<M> keep_;

    Grid rule(const M &a) {
        const auto &k = a->kids;
        std::size_t r = concrete(a->shape.rows), c = concrete(a->shape.cols);
        if (r * c > kMaxEntries)
            throw std::invalid_argument("the element-wise form is limited to " + std::to_string(kMaxEntries) +
                                        " entries per matrix");
        switch (a->op) {
        case Op::Var: {
            Grid g = grid(r, c, num(0));
            for (std::size_t i = 0; i < r; ++i)
                for (std::size_t j = 0; j < c; ++j) g[i][j] = sym(entry_name(a->name, a->shape, i, j));
            return g;
        }
        case Op::Scalar: {
            std::vector<std::pair<std::string, Expr>> values;
            for (const auto &s : free_symbols(a->scalar))
                if (is_atom_symbol(s)) values.emplace_back(s, run(atom(s))[0][0]);
            return grid(1, 1, substitute(a->scalar, values));
        }
        case Op::Identity: {
            Grid g = grid(r, c, num(0));
            for (std::size_t i = 0; i < r; ++i) g[i][i] = num(1);
            return g;
        }
        case Op::Zero:
            return grid(r, c, num(0));
        case Op::Ones:
            return grid(r, c, num(1));
        case Op::Commutation: {
            std::size_t m = concrete(k[0]->shape.rows), n = concrete(k[0]->shape.cols);
            Grid g = grid(r, c, num(0));
            for (std::size_t i = 0; i < m; ++i)
                for (std::size_t j = 0; j < n; ++j) g[i * n + j][j * m + i] = num(1);
            return g;
        }
        case Op::Add:
        case Op::Hadamard: {
            std::vector<Grid> parts;
            for (const auto &t : k) parts.push_back(run(t));
            Grid g = grid(r, c, num(0));
            for (std::size_t i = 0; i < r; ++i)
                for (std::size_t j = 0; j < c; ++j) {
                    std::vector<Expr> xs;
                    for (const auto &p : parts) xs.push_back(p[i][j]);
                    g[i][j] = a->op == Op::Add ? leibniz::add(xs) : leibniz::mul(xs);
                }
            return g;
        }
        case Op::Scale: {
            Expr s = run(k[0])[0][0];
            Grid g = run(k[1]);
            for (auto &row : g)
                for (auto &x : row) x = s * x;
            return g;
        }
        case Op::MatMul: {
            Grid g = run(k[0]);
            for (std::size_t q = 1; q < k.size(); ++q) {
                Grid b = run(k[q]);
                std::size_t n = b.size(), m = b[0].size();
                Grid out = grid(g.size(), m, num(0));
                for (std::size_t i = 0; i < g.size(); ++i)
                    for (std::size_t j = 0; j < m; ++j) {
                        std::vector<Expr> t;
                        for (std::size_t p = 0; p < n; ++p) t.push_back(g[i][p] * b[p][j]);
                        out[i][j] = leibniz::add(t);
                    }
                g = out;
            }
            return g;
        }
        case Op::Kron: {
            Grid x = run(k[0]), y = run(k[1]);
            Grid g = grid(r, c, num(0));
            for (std::size_t i = 0; i < x.size(); ++i)
                for (std::size_t j = 0; j < x[0].size(); ++j)
                    for (std::size_t p = 0; p < y.size(); ++p)
                        for (std::size_t q = 0; q < y[0].size(); ++q)
                            g[i * y.size() + p][j * y[0].size() + q] = x[i][j] * y[p][q];
            return g;
        }
        case Op::Transpose: {
            Grid x = run(k[0]);
            Grid g = grid(r, c, num(0));
            for (std::size_t i = 0; i < r; ++i)
                for (std::size_t j = 0; j < c; ++j) g[i][j] = x[j][i];
            return g;
        }
        case Op::Inverse: {
            if (r > 3) throw std::invalid_argument("the element-wise form of an inverse is limited to 3x3 matrices");
            Grid x = run(k[0]);
            Expr d = det_expr(x);
            Grid g = grid(r, c, num(0));
            for (std::size_t i = 0; i < r; ++i)
                for (std::size_t j = 0; j < r; ++j) {
                    // adjugate: cofactor of (j, i)
                    Grid minor;
                    for (std::size_t p = 0; p < r; ++p) {
                        if (p == j) continue;
                        std::vector<Expr> row;
                        for (std::size_t q = 0; q < r; ++q)
                            if (q != i) row.push_back(x[p][q]);
                        minor.push_back(row);
                    }
                    Expr cof = r == 1 ? num(1) : det_expr(minor);
                    if ((i + j) % 2) cof = -cof;
                    g[i][j] = cof / d;
                }
            return g;
        }
        case Op::EPow:
        case Op::EFunc: {
            Grid g = run(k[0]);
            for (auto &row : g)
                for (auto &x : row) {
                    if (a->op == Op::EPow)
                        x = pow(x, num(a->num));
                    else
                        x = a->deriv ? function_info(a->func).derivative(x) : func(a->func, x);
                }
            return g;
        }
        case Op::Trace: {
            Grid x = run(k[0]);
            std::vector<Expr> t;
            for (std::size_t i = 0; i < x.size(); ++i) t.push_back(x[i][i]);
            return grid(1, 1, leibniz::add(t));
        }
        case Op::Det: {
            if (k[0]->shape.rows.coef > 4)
                throw std::invalid_argument("the element-wise form of a determinant is limited to 4x4 matrices");
            return grid(1, 1, det_expr(run(k[0])));
        }
        case Op::Sum:
        case Op::Norm: {
            std::vector<Expr> t;
            for (const auto &row : run(k[0]))
                for (const auto &x : row) t.push_back(a->op == Op::Sum ? x : pow(x, num(2)));
            Expr s = leibniz::add(t);
            return grid(1, 1, a->op == Op::Sum ? s : pow(s, num(Number::fraction(1, 2))));
        }
        case Op::Softmax: {
            Grid x = run(k[0]);
            std::vector<Expr> t;
            for (const auto &row : x)
                for (const auto &v : row) t.push_back(func(FuncId::Exp, v));
            Expr s = leibniz::add(t);
            for (auto &row : x)
                for (auto &v : row) v = func(FuncId::Exp, v) / s;
            return x;
        }
        case Op::Vec: {
            std::vector<Expr> v = vec_entries(run(k[0]), a->rowmajor);
            Grid g;
            for (const auto &x : v) g.push_back({x});
            return g;
        }
        case Op::DiagVec: {
            std::vector<Expr> v = vec_entries(run(k[0]), a->rowmajor);
            Grid g = grid(v.size(), v.size(), num(0));
            for (std::size_t i = 0; i < v.size(); ++i) g[i][i] = v[i];
            return g;
        }
        }
        throw std::invalid_argument("cannot expand");
    }
};

} // namespace

Mat evaluate(const M &a, const NumericEnv &env) { return Evaluator(env).run(a); }

std::string entry_name(const std::string &var, const Shape &s, std::size_t i, std::size_t j) {
    std::string base = var;
    if (base.size() == 1) base[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(base[0])));
    if (s.rows.is_one()) return base + "_" + std::to_string(j + 1);
    if (s.cols.is_one()) return base + "_" + std::to_string(i + 1);
    if (i < 9 && j < 9) return base + "_" + std::to_string(i + 1) + std::to_string(j + 1);
    return base + "_" + std::to_string(i + 1) + "," + std::to_string(j + 1);
}

std::vector<std::vector<Expr>> entries(const M &a) { return Expander().run(a); }

std::vector<std::vector<Expr>> elementwise_derivative(const M &f, const std::string &wrt, const Shape &s,
                                                      Layout layout) {
    std::size_t p = concrete(s.rows), q = concrete(s.cols);
    Grid F = entries(f);
    std::size_t r = F.size(), c = F[0].size();
    if (r * c * p * q > kMaxEntries)
        throw std::invalid_argument("the element-wise derivative is limited to " + std::to_string(kMaxEntries) +
                                    " entries");
    auto d = [&](std::size_t fi, std::size_t fj, std::size_t xi, std::size_t xj) {
        return simplify(differentiate(F[fi][fj], entry_name(wrt, s, xi, xj)));
    };
    Grid out;
    if (r * c == 1 || p * q == 1) {
        // Same shape as X (scalar by matrix, denominator) or as F (matrix by scalar, numerator).
        bool by_x = r * c == 1;
        std::size_t R = by_x ? p : r, C = by_x ? q : c;
        Grid g = grid(R, C, num(0));
        for (std::size_t i = 0; i < R; ++i)
            for (std::size_t j = 0; j < C; ++j) g[i][j] = by_x ? d(0, 0, i, j) : d(i, j, 0, 0);
        bool transposed = by_x ? layout != Layout::Denominator : layout == Layout::Denominator;
        if (!transposed) return g;
        out = grid(C, R, num(0));
        for (std::size_t i = 0; i < R; ++i)
            for (std::size_t j = 0; j < C; ++j) out[j][i] = g[i][j];
        return out;
    }
    bool rm = layout == Layout::Seed;
    // Jacobian of vec F by vec X: row a = index of F, column b = index of X.
    auto index = [&](std::size_t k, std::size_t rows, std::size_t cols, std::size_t &i, std::size_t &j) {
        if (rm) i = k / cols, j = k % cols;
        else j = k / rows, i = k % rows;
    };
    Grid jac = grid(r * c, p * q, num(0));
    for (std::size_t a = 0; a < r * c; ++a)
        for (std::size_t b = 0; b < p * q; ++b) {
            std::size_t fi, fj, xi, xj;
            index(a, r, c, fi, fj);
            index(b, p, q, xi, xj);
            jac[a][b] = d(fi, fj, xi, xj);
        }
    if (layout == Layout::Numerator) return jac;
    out = grid(p * q, r * c, num(0));
    for (std::size_t a = 0; a < r * c; ++a)
        for (std::size_t b = 0; b < p * q; ++b) out[b][a] = jac[a][b];
    return out;
}

} // namespace leibniz::mx
