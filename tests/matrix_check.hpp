// Central differences of a matrix expression, arranged as a layout prescribes: the oracle
// for matrix derivatives in tests/test_matrix.cpp and tests/fuzz/fuzz_matrix.cpp.
#pragma once

#include "core/matrix/matrix.hpp"

#include <string>
#include <vector>

namespace leibniz::mx {

// The derivative by central differences, arranged as the layout prescribes.
inline Mat numeric_derivative(const M &f, const std::string &wrt, const Shape &ws, NumericEnv env, Layout layout,
                              double h = 1e-5) {
    Mat x0 = env.values.at(wrt);
    Mat f0 = evaluate(f, env);
    std::size_t r = f0.rows, c = f0.cols, p = x0.rows, q = x0.cols;
    // d[a][b]: entry a of F (row-major index) by entry b of X (row-major index)
    std::vector<std::vector<double>> d(r * c, std::vector<double>(p * q));
    for (std::size_t b = 0; b < p * q; ++b) {
        Mat xp = x0, xm = x0;
        xp.v[b] += h;
        xm.v[b] -= h;
        env.values[wrt] = xp;
        Mat fp = evaluate(f, env);
        env.values[wrt] = xm;
        Mat fm = evaluate(f, env);
        for (std::size_t a = 0; a < r * c; ++a) d[a][b] = (fp.v[a] - fm.v[a]) / (2 * h);
    }
    env.values[wrt] = x0;
    (void)ws;
    auto cm = [](std::size_t k, std::size_t rows, std::size_t cols) { // column-major index -> row-major
        std::size_t j = k / rows, i = k % rows;
        return i * cols + j;
    };
    Mat out;
    if (r * c == 1 || p * q == 1) {
        bool by_x = r * c == 1;
        std::size_t R = by_x ? p : r, C = by_x ? q : c;
        bool transposed = by_x ? layout != Layout::Denominator : layout == Layout::Denominator;
        out = Mat{transposed ? C : R, transposed ? R : C, std::vector<double>(R * C)};
        for (std::size_t i = 0; i < R; ++i)
            for (std::size_t j = 0; j < C; ++j) {
                double v = by_x ? d[0][i * C + j] : d[i * C + j][0];
                if (transposed)
                    out.at(j, i) = v;
                else
                    out.at(i, j) = v;
            }
        return out;
    }
    if (layout == Layout::Seed) { // (pq x rc), row-major vecs
        out = Mat{p * q, r * c, std::vector<double>(p * q * r * c)};
        for (std::size_t a = 0; a < r * c; ++a)
            for (std::size_t b = 0; b < p * q; ++b) out.at(b, a) = d[a][b];
        return out;
    }
    Mat jac{r * c, p * q, std::vector<double>(r * c * p * q)};
    for (std::size_t a = 0; a < r * c; ++a)
        for (std::size_t b = 0; b < p * q; ++b) jac.at(a, b) = d[cm(a, r, c)][cm(b, p, q)];
    if (layout == Layout::Numerator) return jac;
    out = Mat{p * q, r * c, std::vector<double>(p * q * r * c)};
    for (std::size_t a = 0; a < r * c; ++a)
        for (std::size_t b = 0; b < p * q; ++b) out.at(b, a) = jac.at(a, b);
    return out;
}

} // namespace leibniz::mx
