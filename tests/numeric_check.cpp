#include "numeric_check.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <cmath>
#include <sstream>

namespace leibniz::testing {

namespace {
double nested(const Expr &f, Point p, const std::vector<std::string> &seq, std::size_t k, double h_scale) {
    if (k == 0) return evaluate(f, p);
    const std::string &v = seq[k - 1];
    double x = p[v];
    double h = h_scale * std::max(1.0, std::fabs(x));
    p[v] = x + h;
    double a = nested(f, p, seq, k - 1, h_scale);
    p[v] = x - h;
    double b = nested(f, p, seq, k - 1, h_scale);
    return (a - b) / (2 * h);
}
} // namespace

double numeric_derivative(const Expr &f, const Point &at, const std::vector<std::string> &seq) {
    // Step sizes grow with the order: rounding error is amplified by h^-n.
    double h = seq.size() == 1 ? 1e-3 : (seq.size() == 2 ? 5e-3 : 2e-2);
    double d1 = nested(f, at, seq, seq.size(), h);
    double d2 = nested(f, at, seq, seq.size(), h / 2);
    return (4 * d2 - d1) / 3; // Richardson: cancels the h^2 term
}

bool close(double a, double b, double tol) {
    return std::fabs(a - b) <= tol * std::max({1.0, std::fabs(a), std::fabs(b)});
}

std::vector<Point> sample_points(const std::vector<std::string> &vars) {
    const double xs[] = {0.7, 1.3, 2.1, 0.35};
    const double shift[] = {0.0, 0.23, 0.41, 0.57, 0.61};
    std::vector<Point> pts;
    for (int i = 0; i < 4; ++i) {
        Point p;
        for (std::size_t j = 0; j < vars.size(); ++j) p[vars[j]] = xs[i] + shift[j % 5] * (j + 1) * 0.5;
        pts.push_back(p);
    }
    return pts;
}

std::string check_derivative(const Expr &expr, const Expr &derivative,
                             const std::vector<std::string> &seq, const std::vector<Point> &points) {
    int compared = 0;
    double tol = seq.size() == 1 ? 1e-6 : (seq.size() == 2 ? 1e-4 : 2e-3);
    for (const Point &p : points) {
        double num = numeric_derivative(expr, p, seq);
        double sym = evaluate(derivative, p);
        if (!std::isfinite(num) || !std::isfinite(sym) || std::fabs(num) > 1e8) continue;
        ++compared;
        if (!close(num, sym, tol)) {
            std::ostringstream o;
            o.precision(17);
            o << "at";
            for (auto &[k, v] : p) o << " " << k << "=" << v;
            o << ": difference quotient " << num << " but derivative " << sym;
            return o.str();
        }
    }
    if (compared == 0) return "no sample point where both are defined";
    return "";
}

std::string check_equal(const Expr &a, const Expr &b, const std::vector<Point> &points) {
    int compared = 0;
    for (const Point &p : points) {
        double x = evaluate(a, p), y = evaluate(b, p);
        if (std::isnan(x) && std::isnan(y)) continue;
        ++compared;
        if (!close(x, y, 1e-9)) {
            std::ostringstream o;
            o.precision(17);
            o << "at";
            for (auto &[k, v] : p) o << " " << k << "=" << v;
            o << ": " << x << " != " << y;
            return o.str();
        }
    }
    if (compared == 0) return "no sample point where both are defined";
    return "";
}

const std::vector<Json> &fixture_cases() {
    static const Json root = [] {
        std::ifstream in(LEIBNIZ_FIXTURES);
        if (!in.good()) throw std::runtime_error("cannot read " LEIBNIZ_FIXTURES);
        std::stringstream ss;
        ss << in.rdbuf();
        return Json::parse(ss.str());
    }();
    return root["cases"].a;
}

std::vector<Point> case_points(const Json &c, const std::vector<std::string> &vars) {
    if (!c.has("points")) return sample_points(vars);
    std::vector<Point> pts;
    for (const Json &p : c["points"].a) {
        Point pt;
        for (const auto &[k, v] : p.o) pt[k] = v.n;
        pts.push_back(pt);
    }
    return pts;
}

std::vector<std::string> strings(const Json &j) {
    std::vector<std::string> v;
    for (const Json &x : j.a) v.push_back(x.s);
    return v;
}

} // namespace leibniz::testing
