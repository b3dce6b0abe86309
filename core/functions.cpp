#include "functions.hpp"

#include <algorithm>
#include <cmath>

namespace leibniz {

namespace {

Expr half_power(const Expr &base, long long num_, long long den) {
    return pow(base, num(Number::fraction(num_, den)));
}
Expr sq(const Expr &u) { return pow(u, num(2)); }
Expr f(FuncId id, const Expr &u) { return func(id, u); }

// 1 - u^2, 1 + u^2, u^2 - 1, u^2 + 1
Expr one_minus_sq(const Expr &u) { return add({num(1), neg(sq(u))}); }
Expr one_plus_sq(const Expr &u) { return add({num(1), sq(u)}); }
Expr sq_minus_one(const Expr &u) { return add({sq(u), num(-1)}); }

double sigmoid_eval(double u) {
    return u >= 0 ? 1.0 / (1.0 + std::exp(-u)) : std::exp(u) / (1.0 + std::exp(u));
}

const FunctionInfo kTable[] = {
    {FuncId::Sin, "sin", "\\sin", [](double u) { return std::sin(u); },
     [](const Expr &u) { return f(FuncId::Cos, u); }, Parity::Odd, "sin", true, "all reals"},
    {FuncId::Cos, "cos", "\\cos", [](double u) { return std::cos(u); },
     [](const Expr &u) { return neg(f(FuncId::Sin, u)); }, Parity::Even, "cos", true, "all reals"},
    {FuncId::Tan, "tan", "\\tan", [](double u) { return std::tan(u); },
     [](const Expr &u) { return sq(f(FuncId::Sec, u)); }, Parity::Odd, "tan", true,
     "u != pi/2 + k pi"},
    {FuncId::Cot, "cot", "\\cot", [](double u) { return 1.0 / std::tan(u); },
     [](const Expr &u) { return neg(sq(f(FuncId::Csc, u))); }, Parity::Odd, "cot", true,
     "u != k pi"},
    {FuncId::Sec, "sec", "\\sec", [](double u) { return 1.0 / std::cos(u); },
     [](const Expr &u) { return mul({f(FuncId::Sec, u), f(FuncId::Tan, u)}); }, Parity::Even,
     "sec", true, "u != pi/2 + k pi"},
    {FuncId::Csc, "csc", "\\csc", [](double u) { return 1.0 / std::sin(u); },
     [](const Expr &u) { return neg(mul({f(FuncId::Csc, u), f(FuncId::Cot, u)})); }, Parity::Odd,
     "csc", true, "u != k pi"},
    {FuncId::Asin, "asin", "\\arcsin", [](double u) { return std::asin(u); },
     [](const Expr &u) { return half_power(one_minus_sq(u), -1, 2); }, Parity::Odd, "asin", true,
     "-1 <= u <= 1"},
    {FuncId::Acos, "acos", "\\arccos", [](double u) { return std::acos(u); },
     [](const Expr &u) { return neg(half_power(one_minus_sq(u), -1, 2)); }, Parity::None, "acos",
     true, "-1 <= u <= 1"},
    {FuncId::Atan, "atan", "\\arctan", [](double u) { return std::atan(u); },
     [](const Expr &u) { return pow(one_plus_sq(u), num(-1)); }, Parity::Odd, "atan", true,
     "all reals"},
    {FuncId::Acot, "acot", "\\mathop{\\mathrm{arccot}}",
     [](double u) { return std::atan(1.0 / u); },
     [](const Expr &u) { return neg(pow(one_plus_sq(u), num(-1))); }, Parity::Odd, "acot", true,
     "u != 0"},
    {FuncId::Asec, "asec", "\\mathop{\\mathrm{arcsec}}",
     [](double u) { return std::acos(1.0 / u); },
     [](const Expr &u) {
         return pow(mul({f(FuncId::Abs, u), half_power(sq_minus_one(u), 1, 2)}), num(-1));
     },
     Parity::None, "asec", true, "|u| >= 1"},
    {FuncId::Acsc, "acsc", "\\mathop{\\mathrm{arccsc}}",
     [](double u) { return std::asin(1.0 / u); },
     [](const Expr &u) {
         return neg(pow(mul({f(FuncId::Abs, u), half_power(sq_minus_one(u), 1, 2)}), num(-1)));
     },
     Parity::Odd, "acsc", true, "|u| >= 1"},
    {FuncId::Sinh, "sinh", "\\sinh", [](double u) { return std::sinh(u); },
     [](const Expr &u) { return f(FuncId::Cosh, u); }, Parity::Odd, "sinh", true, "all reals"},
    {FuncId::Cosh, "cosh", "\\cosh", [](double u) { return std::cosh(u); },
     [](const Expr &u) { return f(FuncId::Sinh, u); }, Parity::Even, "cosh", true, "all reals"},
    {FuncId::Tanh, "tanh", "\\tanh", [](double u) { return std::tanh(u); },
     [](const Expr &u) { return sq(f(FuncId::Sech, u)); }, Parity::Odd, "tanh", true, "all reals"},
    {FuncId::Coth, "coth", "\\coth", [](double u) { return 1.0 / std::tanh(u); },
     [](const Expr &u) { return neg(sq(f(FuncId::Csch, u))); }, Parity::Odd, "coth", true,
     "u != 0"},
    {FuncId::Sech, "sech", "\\mathop{\\mathrm{sech}}", [](double u) { return 1.0 / std::cosh(u); },
     [](const Expr &u) { return neg(mul({f(FuncId::Sech, u), f(FuncId::Tanh, u)})); },
     Parity::Even, "sech", true, "all reals"},
    {FuncId::Csch, "csch", "\\mathop{\\mathrm{csch}}", [](double u) { return 1.0 / std::sinh(u); },
     [](const Expr &u) { return neg(mul({f(FuncId::Csch, u), f(FuncId::Coth, u)})); },
     Parity::Odd, "csch", true, "u != 0"},
    {FuncId::Asinh, "asinh", "\\mathop{\\mathrm{arsinh}}", [](double u) { return std::asinh(u); },
     [](const Expr &u) { return half_power(add({sq(u), num(1)}), -1, 2); }, Parity::Odd, "asinh",
     true, "all reals"},
    {FuncId::Acosh, "acosh", "\\mathop{\\mathrm{arcosh}}", [](double u) { return std::acosh(u); },
     [](const Expr &u) { return half_power(sq_minus_one(u), -1, 2); }, Parity::None, "acosh",
     true, "u >= 1"},
    {FuncId::Atanh, "atanh", "\\mathop{\\mathrm{artanh}}", [](double u) { return std::atanh(u); },
     [](const Expr &u) { return pow(one_minus_sq(u), num(-1)); }, Parity::Odd, "atanh", true,
     "-1 < u < 1"},
    {FuncId::Exp, "exp", "\\exp", [](double u) { return std::exp(u); },
     [](const Expr &u) { return f(FuncId::Exp, u); }, Parity::None, "exp", true, "all reals"},
    {FuncId::Log, "log", "\\ln", [](double u) { return u > 0 ? std::log(u) : NAN; },
     [](const Expr &u) { return pow(u, num(-1)); }, Parity::None, "log", true, "u > 0"},
    {FuncId::Abs, "abs", "", [](double u) { return std::fabs(u); },
     [](const Expr &u) { return f(FuncId::Sign, u); }, Parity::Even, "abs", false, "all reals"},
    {FuncId::Sign, "sign", "\\mathop{\\mathrm{sgn}}",
     [](double u) { return static_cast<double>((u > 0) - (u < 0)); },
     [](const Expr &) { return num(0); }, Parity::Odd, "sign", false, "all reals"},
    {FuncId::Heaviside, "heaviside", "\\mathop{\\mathrm{H}}",
     [](double u) { return u > 0 ? 1.0 : (u < 0 ? 0.0 : 0.5); },
     [](const Expr &) { return num(0); }, Parity::None, "heaviside", false, "all reals"},
    {FuncId::Sigmoid, "sigmoid", "\\sigma", sigmoid_eval,
     [](const Expr &u) {
         Expr s = f(FuncId::Sigmoid, u);
         return mul({s, add({num(1), neg(s)})});
     },
     Parity::None, "sigmoid", true, "all reals"},
    {FuncId::Softplus, "softplus", "\\mathop{\\mathrm{softplus}}",
     [](double u) { return std::log1p(std::exp(-std::fabs(u))) + std::max(u, 0.0); },
     [](const Expr &u) { return f(FuncId::Sigmoid, u); }, Parity::None, "softplus", true,
     "all reals"},
    {FuncId::Relu, "relu", "\\mathop{\\mathrm{ReLU}}", [](double u) { return std::max(u, 0.0); },
     [](const Expr &u) { return f(FuncId::Heaviside, u); }, Parity::None, "relu", false,
     "all reals"},
};

static_assert(sizeof(kTable) / sizeof(kTable[0]) == static_cast<std::size_t>(FuncId::Count),
              "one table row per FuncId");

std::vector<InputFunction> make_input_functions() {
    std::vector<InputFunction> v;
    for (const FunctionInfo &fi : kTable) v.push_back({fi.name, InputFn::Table, fi.id, 1, 1});
    auto alias = [&](const char *name, FuncId id) { v.push_back({name, InputFn::Table, id, 1, 1}); };
    alias("arcsin", FuncId::Asin);
    alias("arccos", FuncId::Acos);
    alias("arctan", FuncId::Atan);
    alias("arccot", FuncId::Acot);
    alias("arcsec", FuncId::Asec);
    alias("arccsc", FuncId::Acsc);
    alias("arsinh", FuncId::Asinh);
    alias("arcosh", FuncId::Acosh);
    alias("artanh", FuncId::Atanh);
    alias("arcsinh", FuncId::Asinh);
    alias("arccosh", FuncId::Acosh);
    alias("arctanh", FuncId::Atanh);
    alias("ln", FuncId::Log);
    alias("sgn", FuncId::Sign);
    alias("step", FuncId::Heaviside);
    alias("ReLU", FuncId::Relu);
    // log is in the table with one argument; log(a, b) takes a base, so it is listed again.
    for (auto &e : v)
        if (std::string(e.name) == "log") e = {"log", InputFn::Log, FuncId::Log, 1, 2};
    v.push_back({"sqrt", InputFn::Sqrt, FuncId::Count, 1, 1});
    v.push_back({"cbrt", InputFn::Cbrt, FuncId::Count, 1, 1});
    v.push_back({"root", InputFn::Root, FuncId::Count, 2, 2});
    v.push_back({"log10", InputFn::Log10, FuncId::Count, 1, 1});
    v.push_back({"log2", InputFn::Log2, FuncId::Count, 1, 1});
    return v;
}

std::size_t edit_distance(const std::string &a, const std::string &b) {
    std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

} // namespace

const FunctionInfo &function_info(FuncId f) { return kTable[static_cast<std::size_t>(f)]; }

const std::vector<InputFunction> &input_functions() {
    static const std::vector<InputFunction> v = make_input_functions();
    return v;
}

const InputFunction *find_input_function(const std::string &name) {
    for (const InputFunction &f : input_functions())
        if (name == f.name) return &f;
    return nullptr;
}

Expr apply_input_function(const InputFunction &fn, std::vector<Expr> a) {
    auto ln = [](const Expr &u) { return raw_func(FuncId::Log, {u}); };
    auto over = [](const Expr &n, const Expr &d) { return raw_mul({n, raw_pow(d, num(-1))}); };
    switch (fn.kind) {
    case InputFn::Table:
        return raw_func(fn.table_id, {a[0]});
    case InputFn::Sqrt:
        return raw_pow(a[0], num(Number::fraction(1, 2)));
    case InputFn::Cbrt:
        return raw_pow(a[0], num(Number::fraction(1, 3)));
    case InputFn::Root:
        if (a[1].is_number() && !a[1].is_zero()) return raw_pow(a[0], num(Number(1) / a[1]->num));
        return raw_pow(a[0], raw_pow(a[1], num(-1)));
    case InputFn::Log10:
        return over(ln(a[0]), ln(num(10)));
    case InputFn::Log2:
        return over(ln(a[0]), ln(num(2)));
    case InputFn::Log:
        if (a.size() == 1) return ln(a[0]);
        return over(ln(a[0]), ln(a[1]));
    }
    return a[0];
}

bool inverse_function(FuncId f, FuncId &inv) {
    switch (f) {
    case FuncId::Sin: inv = FuncId::Asin; return true;
    case FuncId::Cos: inv = FuncId::Acos; return true;
    case FuncId::Tan: inv = FuncId::Atan; return true;
    case FuncId::Cot: inv = FuncId::Acot; return true;
    case FuncId::Sec: inv = FuncId::Asec; return true;
    case FuncId::Csc: inv = FuncId::Acsc; return true;
    case FuncId::Sinh: inv = FuncId::Asinh; return true;
    case FuncId::Cosh: inv = FuncId::Acosh; return true;
    case FuncId::Tanh: inv = FuncId::Atanh; return true;
    default: return false;
    }
}

std::string suggest_function(const std::string &name) {
    std::string best;
    std::size_t best_d = 3;
    for (const InputFunction &f : input_functions()) {
        std::size_t d = edit_distance(name, f.name);
        std::size_t allowed = std::string(f.name).size() <= 3 ? 1 : 2;
        if (d <= allowed && d < best_d) best_d = d, best = f.name;
    }
    return best;
}

} // namespace leibniz
