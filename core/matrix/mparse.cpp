// The matrix expression parser: recursive descent over code points (matrix inputs are short;
// nesting is limited to kMaxDepth). Shapes are checked as the expression is built, so a
// mismatch is reported at its operator with both operands' shapes.
#include "matrix.hpp"

#include "../functions.hpp"
#include "../parser.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace leibniz::mx {

namespace {

constexpr std::size_t kMaxInput = 10000;
constexpr int kMaxDepth = 200;

const char *const kGreek[] = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta",
                              "iota", "kappa", "lambda", "mu", "nu", "xi", "rho", "sigma", "tau",
                              "upsilon", "phi", "chi", "psi", "omega"};

std::string greek_letter(char32_t c) {
    static const char *const lower[] = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta",
                                        "theta", "iota", "kappa", "lambda", "mu", "nu", "xi",
                                        "omicron", "", "rho", "sigma", "sigma", "tau", "upsilon",
                                        "phi", "chi", "psi", "omega"};
    if (c >= 0x03B1 && c <= 0x03C9) return lower[c - 0x03B1];
    return "";
}

struct Operand {
    M value;
    std::size_t pos, end;
};

class MParser {
  public:
    MParser(std::u32string s, const Shapes &shapes) : s_(std::move(s)), shapes_(shapes) {}

    MatrixInput run() {
        MatrixInput out;
        skip();
        std::size_t save = i_;
        if (i_ < s_.size() && is_letter(s_[i_])) {
            std::string name = read_word();
            skip();
            if (peek() == '=') {
                ++i_;
                out.lhs = name;
            } else {
                i_ = save;
            }
        }
        skip();
        if (at_end()) fail("the expression is empty", i_, 1);
        Operand e = expr(0);
        skip();
        if (!at_end()) fail(unexpected(), i_, 1);
        out.expr = e.value;
        return out;
    }

  private:
    std::u32string s_;
    const Shapes &shapes_;
    std::size_t i_ = 0;

    [[noreturn]] void fail(const std::string &msg, std::size_t pos, std::size_t len) {
        throw ParseError(msg, pos, std::max<std::size_t>(len, 1));
    }

    bool at_end() const { return i_ >= s_.size(); }
    char32_t peek(std::size_t k = 0) const { return i_ + k < s_.size() ? s_[i_ + k] : 0; }
    static bool is_letter(char32_t c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || !greek_letter(c).empty();
    }
    static bool is_digit(char32_t c) { return c >= '0' && c <= '9'; }
    void skip() {
        while (i_ < s_.size()) {
            char32_t c = s_[i_];
            bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x00A0 || c == 0x2009 ||
                         c == 0x202F || c == 0x3000 || (c >= 0x200B && c <= 0x200F) ||
                         (c >= 0x2060 && c <= 0x2064) || c == 0xFEFF;
            if (!space) break;
            ++i_;
        }
    }

    std::string unexpected() {
        char32_t c = peek();
        if (c == ')' || c == ']') return "unmatched closing parenthesis";
        if (c < 128 && c >= 32) return std::string("unexpected '") + static_cast<char>(c) + "'";
        return "unexpected character";
    }

    std::string source(const Operand &o) const {
        std::string out;
        for (std::size_t k = o.pos; k < o.end && k < s_.size(); ++k) {
            char32_t c = s_[k];
            if (c < 128) out += static_cast<char>(c);
            else out += "?";
        }
        while (!out.empty() && out.back() == ' ') out.pop_back();
        if (out.size() > 40) out = out.substr(0, 37) + "...";
        return out;
    }

    // Applies a builder; a shape error is reported at the operator with both operands.
    template <class F>
    Operand apply(const Operand &a, const Operand *b, std::size_t pos, std::size_t len, F &&build) {
        try {
            return {build(), a.pos, b ? b->end : a.end};
        } catch (const std::domain_error &e) { // 1/0, 0^-1 in exact arithmetic
            fail(std::string(e.what()), pos, len);
        } catch (const ShapeError &e) {
            std::string what = e.what();
            std::string detail = " ('" + source(a) + "' is " + a.value->shape.text();
            if (b) detail += ", '" + source(*b) + "' is " + b->value->shape.text();
            fail("dimension mismatch: " + what + detail + ")", pos, len);
        }
    }

    // ------------------------------------------------------------------ grammar

    Operand expr(int depth) {
        if (depth > kMaxDepth)
            fail("the expression is nested more than " + std::to_string(kMaxDepth) + " levels deep", i_, 1);
        Operand a = term(depth);
        for (;;) {
            skip();
            char32_t c = peek();
            if (c != '+' && c != '-' && c != 0x2212) break;
            std::size_t pos = i_++;
            Operand b = term(depth);
            Operand l = a;
            bool minus = c != '+';
            a = apply(l, &b, pos, 1, [&] { return add_broadcast(l.value, minus ? neg(b.value) : b.value); });
        }
        return a;
    }

    // x W + b: a row (column) vector added to a matrix is repeated down its rows (columns);
    // a scalar added to a matrix is added to every entry.
    static M add_broadcast(const M &a, const M &b) {
        const Shape &sa = a->shape, &sb = b->shape;
        if (sa == sb) return add({a, b});
        auto spread = [](const M &small, const Shape &to) -> M {
            const Shape &s = small->shape;
            if (s.scalar()) return scale(small, ones(to));
            if (s.rows.is_one() && s.cols == to.cols) return matmul(ones(Shape{to.rows, 1}), small);
            if (s.cols.is_one() && s.rows == to.rows) return matmul(small, ones(Shape{1, to.cols}));
            return nullptr;
        };
        if (M s = spread(b, sa)) return add({a, s});
        if (M s = spread(a, sb)) return add({s, b});
        return add({a, b}); // throws the shape error
    }

    enum class Mul { Mat, Had, Div, EDiv, Kron };

    bool starts_primary(char32_t c) const {
        return is_letter(c) || is_digit(c) || c == '(' || c == '[' || c == '.';
    }

    Operand term(int depth) {
        Operand a = unary(depth);
        for (;;) {
            skip();
            char32_t c = peek();
            Mul kind;
            std::size_t pos = i_, len = 1;
            if ((c == '*' && peek(1) != '*') || c == 0x00B7 || c == 0x00D7 || c == 0x22C5) {
                kind = Mul::Mat;
                ++i_;
            } else if (c == '.' && peek(1) == '*') {
                kind = Mul::Had;
                i_ += 2, len = 2;
            } else if (c == '.' && peek(1) == '/') {
                kind = Mul::EDiv;
                i_ += 2, len = 2;
            } else if (c == 0x2299 || c == 0x2218) {
                kind = Mul::Had;
                ++i_;
            } else if (c == '/' || c == 0x00F7) {
                kind = Mul::Div;
                ++i_;
            } else if (c == 0x2297) {
                kind = Mul::Kron;
                ++i_;
            } else if (starts_primary(c) && !(c == '.' && !is_digit(peek(1)))) {
                kind = Mul::Mat; // juxtaposition: x W, 2x, (A + B) x
            } else {
                break;
            }
            Operand b = unary(depth);
            Operand l = a;
            a = apply(l, &b, pos, len, [&]() -> M {
                switch (kind) {
                case Mul::Mat: return matmul(l.value, b.value);
                case Mul::Had: return hadamard({l.value, b.value});
                case Mul::Kron: return kron(l.value, b.value);
                case Mul::EDiv: return hadamard({l.value, epow(b.value, Number(-1))});
                case Mul::Div:
                    if (!b.value->shape.scalar())
                        throw ShapeError("division by a matrix; write inv(B) for the inverse or ./ for "
                                         "element-wise division");
                    return scale(pow(as_scalar(b.value), num(-1)), l.value);
                }
                return l.value;
            });
        }
        return a;
    }

    Operand unary(int depth) {
        skip();
        char32_t c = peek();
        if (c == '-' || c == 0x2212 || c == '+') {
            std::size_t pos = i_++;
            Operand a = unary(depth);
            if (c != '+') a.value = neg(a.value);
            a.pos = pos;
            return a;
        }
        return power(depth);
    }

    Operand power(int depth) {
        Operand base = postfix(depth);
        skip();
        bool elementwise = false;
        std::size_t pos = i_, len = 1;
        if (peek() == '^') {
            ++i_;
        } else if (peek() == '*' && peek(1) == '*') {
            i_ += 2, len = 2;
        } else if (peek() == '.' && peek(1) == '^') {
            i_ += 2, len = 2, elementwise = true;
        } else {
            return base;
        }
        skip();
        // ^T, ^{T}, ^(T), ^-T, ^{-1}
        bool braces = peek() == '{';
        if (braces) ++i_;
        skip();
        std::size_t exp_start = i_;
        bool minus = false;
        if (peek() == '-' || peek() == 0x2212) {
            minus = true;
            ++i_;
            skip();
        }
        if (!elementwise && peek() == 'T' && !is_letter(peek(1)) && !is_digit(peek(1))) {
            ++i_;
            skip();
            if (braces) expect('}');
            Operand l = base;
            return apply(l, nullptr, pos, len, [&] {
                return minus ? transpose(inverse(l.value)) : transpose(l.value);
            });
        }
        i_ = exp_start;
        Operand e = braces ? expr(depth + 1) : unary(depth + 1);
        if (braces) {
            skip();
            expect('}');
        }
        if (!e.value->shape.scalar()) fail("an exponent must be a scalar", e.pos, e.end - e.pos);
        Operand l = base;
        Operand out = apply(l, &e, pos, len, [&]() -> M {
            Expr p = as_scalar(e.value);
            if (l.value->shape.scalar()) return scalar(pow(as_scalar(l.value), p));
            if (!p.is_number())
                throw ShapeError("a matrix power needs a constant exponent");
            if (elementwise) return epow(l.value, p->num);
            if (!p->num.is_integer())
                throw ShapeError("a matrix power needs an integer exponent; use .^ for element-wise powers");
            if (!l.value->shape.square())
                throw ShapeError("a power of a non-square matrix; use .^ for element-wise powers");
            Number n = p->num;
            M b = n.is_negative() ? inverse(l.value) : l.value;
            long long k = n.abs().fits_small() ? n.abs().small_num() : 1000;
            if (k > 16) throw ShapeError("a matrix power above 16 (write the product if you mean it)");
            M r = identity(l.value->shape.rows);
            for (long long j = 0; j < k; ++j) r = matmul(r, b);
            return r;
        });
        out.pos = base.pos;
        return out;
    }

    void expect(char32_t c) {
        skip();
        if (peek() != c) {
            std::string what = c == ')' ? "a closing parenthesis ')'" : std::string("'") + static_cast<char>(c) + "'";
            fail("expected " + what, i_, 1);
        }
        ++i_;
    }

    Operand postfix(int depth) {
        Operand a = primary(depth);
        for (;;) {
            char32_t c = peek();
            std::size_t pos = i_;
            if (c == '\'' || c == 0x1D40 || c == 0x2032) {
                ++i_;
                Operand l = a;
                a = apply(l, nullptr, pos, 1, [&] { return transpose(l.value); });
                a.end = i_;
            } else if (c == 0x207B && peek(1) == 0x00B9) { // superscript -1
                i_ += 2;
                Operand l = a;
                a = apply(l, nullptr, pos, 2, [&] { return inverse(l.value); });
                a.end = i_;
            } else if (c == 0x00B2 || c == 0x00B3) {
                ++i_;
                Operand l = a;
                long long k = c == 0x00B2 ? 2 : 3;
                a = apply(l, nullptr, pos, 1, [&] {
                    if (l.value->shape.scalar()) return scalar(pow(as_scalar(l.value), num(k)));
                    if (!l.value->shape.square()) throw ShapeError("a power of a non-square matrix");
                    M r = l.value;
                    for (long long j = 1; j < k; ++j) r = matmul(r, l.value);
                    return r;
                });
                a.end = i_;
            } else {
                break;
            }
        }
        return a;
    }

    Operand primary(int depth) {
        skip();
        std::size_t start = i_;
        char32_t c = peek();
        if (at_end()) fail("the expression ends too early", i_, 1);
        if (is_digit(c) || (c == '.' && is_digit(peek(1)))) return number();
        if (c == '(' || c == '[') {
            ++i_;
            Operand e = expr(depth + 1);
            expect(c == '(' ? ')' : ']');
            return {e.value, start, i_};
        }
        if (c == 0x2016) { // ‖x‖
            ++i_;
            Operand e = expr(depth + 1);
            expect(0x2016);
            return {norm(e.value), start, i_};
        }
        if (c == '|') {
            ++i_;
            Operand e = expr(depth + 1);
            expect('|');
            return {efunc(FuncId::Abs, e.value), start, i_};
        }
        if (is_letter(c)) return identifier(depth);
        fail(unexpected(), i_, 1);
    }

    Operand number() {
        std::size_t start = i_;
        std::string text;
        while (is_digit(peek()) || peek() == '.') text += static_cast<char>(s_[i_++]);
        if ((peek() == 'e' || peek() == 'E') &&
            (is_digit(peek(1)) || ((peek(1) == '-' || peek(1) == '+') && is_digit(peek(2))))) {
            text += static_cast<char>(s_[i_++]);
            if (peek() == '-' || peek() == '+') text += static_cast<char>(s_[i_++]);
            while (is_digit(peek())) text += static_cast<char>(s_[i_++]);
        }
        auto n = Number::from_decimal(text);
        if (!n) fail("'" + text + "' is not a number", start, i_ - start);
        return {scalar(leibniz::num(*n)), start, i_};
    }

    // Letters, digits and underscores (Greek letters by name). `word_at_[k]` is the input
    // position (code points) of the word's k-th character: θ is one code point but "theta".
    std::vector<std::size_t> word_at_;
    std::string read_word() {
        std::string w;
        word_at_.clear();
        while (!at_end()) {
            char32_t c = peek();
            std::string g = greek_letter(c);
            if (!g.empty()) {
                w += g;
                word_at_.insert(word_at_.end(), g.size(), i_);
                ++i_;
            } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_') {
                w += static_cast<char>(c);
                word_at_.push_back(i_);
                ++i_;
            } else {
                break;
            }
        }
        return w;
    }

    bool declared(const std::string &name) const { return shapes_.count(name) > 0; }

    // Splits `xW` into declared names, Greek names and single letters (with their digits).
    std::vector<std::string> split(const std::string &w) const {
        std::vector<std::string> parts;
        std::size_t p = 0;
        while (p < w.size()) {
            std::size_t best = 0;
            for (const auto &kv : shapes_)
                if (kv.first.size() > best && w.compare(p, kv.first.size(), kv.first) == 0) best = kv.first.size();
            if (best == 0)
                for (const char *g : kGreek) {
                    std::size_t n = std::char_traits<char>::length(g);
                    if (n > best && w.compare(p, n, g) == 0) best = n;
                }
            if (best == 0) best = 1;
            std::size_t q = p + best;
            if (!declared(w.substr(p, best))) {
                // x1, x_1, x_i: a subscript belongs to its letter
                if (q < w.size() && w[q] == '_') {
                    ++q;
                    while (q < w.size() && std::isalnum(static_cast<unsigned char>(w[q]))) ++q;
                } else {
                    while (q < w.size() && std::isdigit(static_cast<unsigned char>(w[q]))) ++q;
                }
            }
            parts.push_back(w.substr(p, q - p));
            p = q;
        }
        return parts;
    }

    M name_value(const std::string &n) const {
        auto it = shapes_.find(n);
        if (it != shapes_.end()) return var(n, it->second);
        if (n == "pi") return scalar(leibniz::constant(ConstId::Pi));
        if (n == "e") return scalar(leibniz::constant(ConstId::E));
        return scalar(sym(n));
    }

    Operand identifier(int depth) {
        std::size_t start = i_;
        std::string w = read_word();
        std::size_t end = i_;
        std::string lower = w;
        for (auto &ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        if (!declared(w) && is_function(lower)) {
            skip();
            std::vector<Operand> args;
            std::size_t open = i_;
            if (peek() == '(') {
                ++i_;
                args.push_back(expr(depth + 1));
                skip();
                while (peek() == ',') {
                    ++i_;
                    args.push_back(expr(depth + 1));
                    skip();
                }
                expect(')');
            } else if (!at_end() && starts_primary(peek())) {
                args.push_back(power(depth + 1)); // tr X, log det X
            } else {
                fail("'" + w + "' needs an argument, as in " + w + "(X)", start, end - start);
            }
            Operand fn{nullptr, start, i_};
            return call(lower, args, fn, open);
        }
        std::vector<std::string> parts = declared(w) ? std::vector<std::string>{w} : split(w);
        const std::vector<std::size_t> at = word_at_; // input positions of the word's characters
        std::size_t k = 0;                           // index into the word
        Operand acc{nullptr, start, start};
        for (const auto &part : parts) {
            std::size_t from = at[k], to = at[k + part.size() - 1] + 1;
            Operand o{name_value(part), from, to};
            if (!acc.value) {
                acc = o;
            } else {
                Operand l = acc;
                acc = apply(l, &o, o.pos, to - from, [&] { return matmul(l.value, o.value); });
            }
            k += part.size();
        }
        acc.end = end;
        return acc;
    }

    static bool is_function(const std::string &n) {
        static const char *const own[] = {"tr", "trace", "det", "inv", "sum", "norm", "norm2", "softmax"};
        for (const char *o : own)
            if (n == o) return true;
        return find_input_function(n) != nullptr;
    }

    Operand call(const std::string &name, std::vector<Operand> &args, const Operand &fn, std::size_t open) {
        auto one = [&]() -> const Operand & {
            if (args.size() != 1) fail("'" + name + "' takes one argument", fn.pos, fn.end - fn.pos);
            return args[0];
        };
        auto build = [&](auto &&f) {
            const Operand &a = one();
            Operand r = apply(a, nullptr, fn.pos, open > fn.pos ? open - fn.pos : name.size(), [&] { return f(a.value); });
            r.pos = fn.pos;
            r.end = fn.end;
            return r;
        };
        if (name == "tr" || name == "trace") return build([](const M &x) { return trace(x); });
        if (name == "det") return build([](const M &x) { return det(x); });
        if (name == "inv") return build([](const M &x) { return inverse(x); });
        if (name == "sum") return build([](const M &x) { return sum_all(x); });
        if (name == "norm" || name == "norm2") return build([](const M &x) { return norm(x); });
        if (name == "softmax") return build([](const M &x) { return softmax(x); });
        const InputFunction *f = find_input_function(name);
        bool all_scalar = true;
        for (const auto &a : args) all_scalar = all_scalar && a.value->shape.scalar();
        if (all_scalar) {
            if (static_cast<int>(args.size()) < f->min_args || static_cast<int>(args.size()) > f->max_args)
                fail("'" + name + "' takes " + std::to_string(f->min_args) +
                         (f->max_args != f->min_args ? " or " + std::to_string(f->max_args) : std::string()) +
                         " argument" + (f->max_args > 1 ? "s" : ""),
                     fn.pos, fn.end - fn.pos);
            std::vector<Expr> es;
            for (const auto &a : args) es.push_back(as_scalar(a.value));
            return {scalar(apply_input_function(*f, es)), fn.pos, fn.end};
        }
        const Operand &a = one();
        switch (f->kind) {
        case InputFn::Table:
            return build([&](const M &x) { return efunc(f->table_id, x); });
        case InputFn::Log:
            return build([](const M &x) { return efunc(FuncId::Log, x); });
        case InputFn::Sqrt:
            return build([](const M &x) { return epow(x, Number::fraction(1, 2)); });
        default:
            fail("'" + name + "' is not available element-wise on a " + a.value->shape.text() + " matrix", fn.pos,
                 fn.end - fn.pos);
        }
    }
};

} // namespace

MatrixInput parse_matrix(const std::string &input, const Shapes &shapes) {
    std::u32string cps = utf8_code_points(input);
    if (cps.size() > kMaxInput)
        throw LimitError("max_input_chars", "a matrix expression is limited to " + std::to_string(kMaxInput) +
                                                " characters");
    reset_atoms();
    return MParser(std::move(cps), shapes).run();
}

Shape parse_shape(const std::string &spec) {
    std::string s;
    for (std::size_t i = 0; i < spec.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(spec[i]);
        if (c == 0xC3 && i + 1 < spec.size() && static_cast<unsigned char>(spec[i + 1]) == 0x97) { // ×
            s += 'x';
            ++i;
        } else if (c != ' ') {
            s += static_cast<char>(c);
        }
    }
    auto dim = [&](const std::string &d) -> Dim {
        if (d.empty()) throw std::invalid_argument("a shape is rows x columns, as in 2x3 or n x m");
        if (std::all_of(d.begin(), d.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
            if (d.size() > 4 || std::stoi(d) == 0 || std::stoi(d) > 1000)
                throw std::invalid_argument("a concrete dimension is an integer from 1 to 1000");
            return Dim(std::stoll(d));
        }
        if (d.size() == 1 && std::isalpha(static_cast<unsigned char>(d[0])) && d != "x")
            return Dim::symbol(d);
        throw std::invalid_argument("'" + d + "' is not a dimension: use an integer or one letter (n, m, k)");
    };
    // Split at the 'x' that separates rows from columns (n x m, nxm, 2x3).
    std::size_t cut = std::string::npos;
    for (std::size_t i = 1; i + 1 < s.size() + 1; ++i)
        if (s[i] == 'x' && i + 1 < s.size()) {
            cut = i;
            break;
        }
    if (cut == std::string::npos) throw std::invalid_argument("a shape is rows x columns, as in 2x3 or n x m");
    return Shape{dim(s.substr(0, cut)), dim(s.substr(cut + 1))};
}

} // namespace leibniz::mx
