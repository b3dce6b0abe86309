#include "parser.hpp"

#include "functions.hpp"

#include <algorithm>
#include <cstring>

namespace leibniz {

namespace {

// A limit hit while reading a part of the input (a literal past the digits limit, nesting past
// the depth limit) becomes an input error pointing at that part. Running out of time is the
// whole computation's limit, not the part's: it stays a LimitError (error kind "limit").
[[noreturn]] void at_input(const LimitError &e, std::size_t pos, std::size_t len) {
    if (e.limit() == "max_time_ms") throw e;
    throw ParseError(e.what(), pos, len);
}

const char *const kGreek[] = {
    "alpha", "beta",  "gamma",   "delta", "epsilon", "zeta",  "eta",   "theta", "iota",
    "kappa", "lambda", "mu",     "nu",    "xi",      "omicron", "rho", "sigma", "tau",
    "upsilon", "phi", "chi",     "psi",   "omega",   "Gamma", "Delta", "Theta", "Lambda",
    "Xi",    "Sigma", "Upsilon", "Phi",   "Psi",     "Omega"};

// Greek letters by code point (U+0391..U+03C9); "" where the letter is not a variable name.
std::string greek_name(char32_t c) {
    static const char *const lower[] = {"alpha", "beta",  "gamma", "delta",   "epsilon", "zeta",
                                        "eta",   "theta", "iota",  "kappa",   "lambda",  "mu",
                                        "nu",    "xi",    "omicron", "",      "rho",     "sigma",
                                        "sigma", "tau",   "upsilon", "phi",   "chi",     "psi",
                                        "omega"};
    if (c >= 0x03B1 && c <= 0x03C9) return lower[c - 0x03B1]; // pi (U+03C0) is "" here
    switch (c) {
    case 0x0393: return "Gamma";
    case 0x0394: return "Delta";
    case 0x0398: return "Theta";
    case 0x039B: return "Lambda";
    case 0x039E: return "Xi";
    case 0x03A3: return "Sigma";
    case 0x03A5: return "Upsilon";
    case 0x03A6: return "Phi";
    case 0x03A8: return "Psi";
    case 0x03A9: return "Omega";
    case 0x03D1: return "theta";
    case 0x03D5: return "phi";
    case 0x03F5: return "epsilon";
    default: return "";
    }
}

enum class Tok {
    Number, Ident, Const, Func, LParen, RParen, Comma, Bar, Plus, Minus, Star, Slash, Caret,
    Sup, Equals, End
};

struct Token {
    Tok kind;
    std::size_t pos, len; // code points
    std::string text;     // as typed (for messages) or the identifier name
    Number value;         // Number, Sup
    ConstId constant = ConstId::Pi;
    const InputFunction *fn = nullptr;
};

struct CodePoint {
    char32_t c;
    std::size_t byte;
};

std::vector<CodePoint> decode_utf8(const std::string &s) {
    std::vector<CodePoint> out;
    std::size_t i = 0;
    while (i < s.size()) {
        unsigned char b = static_cast<unsigned char>(s[i]);
        char32_t c;
        std::size_t n;
        if (b < 0x80) c = b, n = 1;
        else if ((b >> 5) == 6) c = b & 0x1F, n = 2;
        else if ((b >> 4) == 14) c = b & 0x0F, n = 3;
        else if ((b >> 3) == 30) c = b & 0x07, n = 4;
        else throw ParseError("the input is not valid UTF-8 text", out.size(), 1);
        if (i + n > s.size()) throw ParseError("the input is not valid UTF-8 text", out.size(), 1);
        for (std::size_t k = 1; k < n; ++k) {
            unsigned char cb = static_cast<unsigned char>(s[i + k]);
            if ((cb >> 6) != 2) throw ParseError("the input is not valid UTF-8 text", out.size(), 1);
            c = (c << 6) | (cb & 0x3F);
        }
        static const char32_t min_for_length[] = {0, 0, 0x80, 0x800, 0x10000};
        if (c < min_for_length[n] || c > 0x10FFFF)
            throw ParseError("the input is not valid UTF-8 text", out.size(), 1);
        if (c >= 0xD800 && c <= 0xDFFF)
            throw ParseError("the input contains an invalid character (a lone surrogate)", out.size(), 1);
        out.push_back({c, i});
        i += n;
    }
    return out;
}

std::string encode_utf8(char32_t c) {
    std::string s;
    if (c < 0x80) s += static_cast<char>(c);
    else if (c < 0x800) s += static_cast<char>(0xC0 | (c >> 6)), s += static_cast<char>(0x80 | (c & 0x3F));
    else if (c < 0x10000)
        s += static_cast<char>(0xE0 | (c >> 12)), s += static_cast<char>(0x80 | ((c >> 6) & 0x3F)),
            s += static_cast<char>(0x80 | (c & 0x3F));
    else
        s += static_cast<char>(0xF0 | (c >> 18)), s += static_cast<char>(0x80 | ((c >> 12) & 0x3F)),
            s += static_cast<char>(0x80 | ((c >> 6) & 0x3F)), s += static_cast<char>(0x80 | (c & 0x3F));
    return s;
}

bool is_space(char32_t c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x00A0 || c == 0x2009 ||
           c == 0x200A || c == 0x2002 || c == 0x2003 || c == 0x202F || c == 0x3000;
}
bool is_invisible(char32_t c) {
    return (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2060 && c <= 0x2069) || c == 0xFEFF || c == 0x00AD;
}
bool is_ascii_letter(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char32_t c) { return c >= '0' && c <= '9'; }

int superscript_digit(char32_t c) {
    switch (c) {
    case 0x2070: return 0;
    case 0x00B9: return 1;
    case 0x00B2: return 2;
    case 0x00B3: return 3;
    default: return (c >= 0x2074 && c <= 0x2079) ? static_cast<int>(c - 0x2074 + 4) : -1;
    }
}

std::string char_description(char32_t c) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
    if (c < 0x20 || c == 0x7F || is_invisible(c)) return std::string("invisible character ") + buf;
    return "character '" + encode_utf8(c) + "' (" + buf + ")";
}

// Names the lexer recognizes inside a run of letters, indexed by first letter.
struct KnownName {
    const char *name;
    std::size_t len;
    Tok kind; // Func, Ident (Greek) or Const (pi)
    const InputFunction *fn;
};

const std::vector<std::vector<KnownName>> &known_names() {
    static const std::vector<std::vector<KnownName>> index = [] {
        std::vector<std::vector<KnownName>> v(128);
        for (const InputFunction &f : input_functions())
            v[static_cast<unsigned char>(f.name[0])].push_back({f.name, std::strlen(f.name), Tok::Func, &f});
        for (const char *g : kGreek) v[static_cast<unsigned char>(g[0])].push_back({g, std::strlen(g), Tok::Ident, nullptr});
        v['p'].push_back({"pi", 2, Tok::Const, nullptr});
        return v;
    }();
    return index;
}

class Lexer {
  public:
    explicit Lexer(const std::vector<CodePoint> &cps) : cp_(cps) {}

    std::vector<Token> run() {
        std::vector<Token> out;
        while (i_ < cp_.size()) {
            char32_t c = cp_[i_].c;
            if (is_space(c)) {
                ++i_;
                continue;
            }
            std::size_t start = i_;
            if (is_digit(c) || (c == '.' && i_ + 1 < cp_.size() && is_digit(cp_[i_ + 1].c))) {
                out.push_back(number());
                continue;
            }
            if (is_ascii_letter(c)) {
                letters(out);
                continue;
            }
            std::string g = greek_name(c);
            if (!g.empty()) {
                ++i_;
                out.push_back(ident(g, start));
                continue;
            }
            int sd = superscript_digit(c);
            if (sd >= 0 || c == 0x207B) {
                out.push_back(superscript());
                continue;
            }
            Token t{Tok::End, start, 1, encode_utf8(c)};
            switch (c) {
            case '(': case '[': t.kind = Tok::LParen; break;
            case ')': case ']': t.kind = Tok::RParen; break;
            case ',': t.kind = Tok::Comma; break;
            case '|': t.kind = Tok::Bar; break;
            case '+': t.kind = Tok::Plus; break;
            case '-': case 0x2212: case 0x2013: t.kind = Tok::Minus; break;
            case '*':
                t.kind = Tok::Star;
                if (i_ + 1 < cp_.size() && cp_[i_ + 1].c == '*') t.kind = Tok::Caret, t.len = 2, t.text = "**";
                break;
            case 0x00B7: case 0x00D7: case 0x22C5: case 0x2217: case 0x2219: t.kind = Tok::Star; break;
            case '/': case 0x00F7: case 0x2215: t.kind = Tok::Slash; break;
            case '^': t.kind = Tok::Caret; break;
            case '=': t.kind = Tok::Equals; break;
            case 0x03C0: t.kind = Tok::Const, t.constant = ConstId::Pi; break;
            case 0x221A: t.kind = Tok::Func, t.fn = find_input_function("sqrt"); break;
            case 0x221B: t.kind = Tok::Func, t.fn = find_input_function("cbrt"); break;
            default:
                throw ParseError("unexpected " + char_description(c), start, 1);
            }
            i_ += t.len;
            out.push_back(t);
        }
        out.push_back(Token{Tok::End, cp_.size(), 0, "end of input"});
        return out;
    }

  private:
    const std::vector<CodePoint> &cp_;
    std::size_t i_ = 0;

    Token number() {
        std::size_t start = i_;
        std::string s;
        while (i_ < cp_.size() && is_digit(cp_[i_].c)) s += static_cast<char>(cp_[i_++].c);
        if (i_ < cp_.size() && cp_[i_].c == '.') {
            s += '.';
            ++i_;
            while (i_ < cp_.size() && is_digit(cp_[i_].c)) s += static_cast<char>(cp_[i_++].c);
        }
        // Scientific notation only when digits follow: 2e5, 1.5E-3 (but 2e x is 2*e*x).
        if (i_ < cp_.size() && (cp_[i_].c == 'e' || cp_[i_].c == 'E')) {
            std::size_t j = i_ + 1;
            if (j < cp_.size() && (cp_[j].c == '+' || cp_[j].c == '-')) ++j;
            if (j < cp_.size() && is_digit(cp_[j].c)) {
                for (std::size_t k = i_; k < j; ++k) s += static_cast<char>(cp_[k].c);
                i_ = j;
                while (i_ < cp_.size() && is_digit(cp_[i_].c)) s += static_cast<char>(cp_[i_++].c);
            }
        }
        if (i_ < cp_.size() && cp_[i_].c == '.')
            throw ParseError("a number has a second decimal point", i_, 1);
        Token t{Tok::Number, start, i_ - start, s};
        try {
            auto v = Number::from_decimal(s);
            if (!v) throw ParseError("'" + s + "' is not a number", start, i_ - start);
            t.value = *v;
        } catch (const LimitError &e) {
            at_input(e, start, i_ - start);
        }
        return t;
    }

    Token superscript() {
        std::size_t start = i_;
        bool negative = false;
        if (cp_[i_].c == 0x207B) negative = true, ++i_;
        long long v = 0;
        std::size_t digits = 0;
        while (i_ < cp_.size() && superscript_digit(cp_[i_].c) >= 0) {
            v = v * 10 + superscript_digit(cp_[i_].c);
            ++i_;
            if (++digits > 6) throw ParseError("a superscript exponent is too long", start, i_ - start);
        }
        if (digits == 0) throw ParseError("a superscript minus needs digits after it", start, 1);
        Token t{Tok::Sup, start, i_ - start, "superscript"};
        t.value = Number(negative ? -v : v);
        return t;
    }

    Token ident(const std::string &name, std::size_t start) {
        // Optional digits (y2) and subscript (x_1, x_12, x_i).
        std::string n = name;
        while (i_ < cp_.size() && is_digit(cp_[i_].c)) n += static_cast<char>(cp_[i_++].c);
        // Subscript: digits (x_12) or one letter (x_i).
        if (i_ + 1 < cp_.size() && cp_[i_].c == '_') {
            if (is_digit(cp_[i_ + 1].c)) {
                n += '_';
                ++i_;
                while (i_ < cp_.size() && is_digit(cp_[i_].c)) n += static_cast<char>(cp_[i_++].c);
            } else if (is_ascii_letter(cp_[i_ + 1].c) &&
                       (i_ + 2 >= cp_.size() || !is_ascii_letter(cp_[i_ + 2].c))) {
                n += '_';
                n += static_cast<char>(cp_[i_ + 1].c);
                i_ += 2;
            }
        }
        return Token{Tok::Ident, start, i_ - start, n};
    }

    // A run of ASCII letters: known names (functions, Greek letters, pi) matched longest
    // first, anything else one letter at a time (textbook `xy` = x*y).
    void letters(std::vector<Token> &out) {
        std::size_t start = i_, end = i_;
        while (end < cp_.size() && is_ascii_letter(cp_[end].c)) ++end;
        std::string run;
        for (std::size_t k = start; k < end; ++k) run += static_cast<char>(cp_[k].c);
        // Function names with digits (log10, log2) continue past the letters.
        std::size_t dend = end;
        std::string with_digits = run;
        while (dend < cp_.size() && is_digit(cp_[dend].c)) with_digits += static_cast<char>(cp_[dend++].c);
        if (dend > end && find_input_function(with_digits)) {
            Token t{Tok::Func, start, dend - start, with_digits};
            t.fn = find_input_function(with_digits);
            out.push_back(t);
            i_ = dend;
            return;
        }
        bool call = end < cp_.size() && cp_[end].c == '(';
        if (call && run.size() >= 2 && !find_input_function(run) && !ends_with_function(run)) {
            std::string s = suggest_function(run);
            if (!s.empty())
                throw ParseError("unknown function '" + run + "'; did you mean '" + s + "'?", start,
                                 run.size());
        }
        std::size_t j = 0;
        while (j < run.size()) {
            std::size_t len = 0;
            Token t{Tok::Ident, start + j, 0, ""};
            for (const KnownName &k : known_names()[static_cast<unsigned char>(run[j])]) {
                if (k.len > len && run.compare(j, k.len, k.name) == 0) {
                    len = k.len;
                    t.kind = k.kind;
                    t.fn = k.fn;
                }
            }
            if (len == 0) {
                len = 1;
                t.kind = run[j] == 'e' ? Tok::Const : Tok::Ident;
                if (run[j] == 'e') t.constant = ConstId::E;
            }
            if (t.kind == Tok::Const && len == 2) t.constant = ConstId::Pi;
            std::string name = run.substr(j, len);
            std::size_t tok_start = start + j;
            j += len;
            if (t.kind == Tok::Ident) {
                i_ = start + j;
                out.push_back(ident(name, tok_start));
                if (i_ > start + j) return; // digits or a subscript ended the run
                continue;
            }
            t.pos = tok_start;
            t.len = len;
            t.text = name;
            out.push_back(t);
        }
        i_ = end;
    }

    static bool ends_with_function(const std::string &run) {
        for (const InputFunction &f : input_functions()) {
            std::size_t n = std::strlen(f.name);
            if (run.size() > n && run.compare(run.size() - n, n, f.name) == 0) return true;
        }
        return false;
    }
};

// ---------------------------------------------------------------------------------------
// Shunting-yard parser
// ---------------------------------------------------------------------------------------
enum class Op { Add, Sub, Mul, Div, ImplMul, LooseMul, Pow, Neg, Pos, FuncApply, LParen, FuncParen, Abs };

struct OpItem {
    Op op;
    std::size_t pos, len;
    const InputFunction *fn = nullptr;
    FuncId table_id = FuncId::Count; // after `sin^-1` becomes asin
    Expr power;                      // `sin^2 x`: applied after the function
    int argc = 1;
    std::string text;
};

struct Operand {
    Expr e;
    std::vector<Expr> terms; // pending flat sum (a + b + c) or product (a b c)
    char pending = 0;        // '+', '*' or 0
    std::size_t pos, end;

    // Append to the flat sum ('+') or product ('*') this operand is building.
    void append(char kind, Expr e) {
        if (pending != kind) {
            Expr first = get();
            terms = {first};
            pending = kind;
        }
        terms.push_back(std::move(e));
    }

    Expr get() {
        if (pending) {
            e = pending == '+' ? raw_add(std::move(terms)) : raw_mul(std::move(terms));
            terms.clear();
            pending = 0;
        }
        return e;
    }
};

int precedence(Op op) {
    switch (op) {
    case Op::Add: case Op::Sub: return 10;
    case Op::Mul: case Op::Div: case Op::ImplMul: case Op::LooseMul: return 20;
    case Op::FuncApply: return 25;
    case Op::Neg: case Op::Pos: return 30;
    case Op::Pow: return 40;
    default: return 0;
    }
}

bool is_group(Op op) { return op == Op::LParen || op == Op::FuncParen || op == Op::Abs; }

class Parser {
  public:
    Parser(std::vector<Token> toks, const Limits &limits) : t_(std::move(toks)), limits_(limits) {}

    Expr run(std::size_t begin) {
        std::size_t i = begin;
        bool want_operand = true;
        while (true) {
            const Token &tk = t_[i];
            if (want_operand) {
                switch (tk.kind) {
                case Tok::Number:
                    push_operand(num(tk.value), tk);
                    want_operand = false;
                    break;
                case Tok::Ident:
                    push_operand(sym(tk.text), tk);
                    want_operand = false;
                    break;
                case Tok::Const:
                    push_operand(constant(tk.constant), tk);
                    want_operand = false;
                    break;
                case Tok::Func:
                    i = function_head(i);
                    continue;
                case Tok::LParen:
                    open_group({Op::LParen, tk.pos, tk.len});
                    break;
                case Tok::Bar:
                    open_group({Op::Abs, tk.pos, tk.len});
                    break;
                case Tok::Minus:
                    ops_.push_back({Op::Neg, tk.pos, tk.len, nullptr, FuncId::Count, Expr(), 1, tk.text});
                    break;
                case Tok::Plus:
                    ops_.push_back({Op::Pos, tk.pos, tk.len, nullptr, FuncId::Count, Expr(), 1, tk.text});
                    break;
                case Tok::End:
                    if (ops_.empty() && out_.empty()) throw ParseError("the input is empty", tk.pos, 0);
                    missing_operand(tk);
                    break;
                case Tok::RParen:
                    if (!ops_.empty() && ops_.back().op == Op::FuncParen && ops_.back().argc == 1)
                        throw ParseError("'" + std::string(ops_.back().fn->name) + "' needs an argument",
                                         ops_.back().pos, tk.pos + 1 - ops_.back().pos);
                    if (!ops_.empty() && ops_.back().op == Op::LParen)
                        throw ParseError("empty parentheses", ops_.back().pos, tk.pos + 1 - ops_.back().pos);
                    missing_operand(tk);
                    break;
                default:
                    missing_operand(tk);
                }
                ++i;
                continue;
            }
            // An operand was just read: expect an operator.
            switch (tk.kind) {
            case Tok::Plus: binary(Op::Add, tk); want_operand = true; break;
            case Tok::Minus: binary(Op::Sub, tk); want_operand = true; break;
            case Tok::Star: binary(Op::Mul, tk); want_operand = true; break;
            case Tok::Slash: binary(Op::Div, tk); want_operand = true; break;
            case Tok::Caret: binary(Op::Pow, tk); want_operand = true; break;
            case Tok::Sup: {
                Operand &o = out_.back();
                o.e = raw_pow(o.get(), num(tk.value));
                o.end = tk.pos + tk.len;
                break;
            }
            case Tok::RParen: close_paren(tk); break;
            case Tok::Comma: comma(tk); want_operand = true; break;
            case Tok::Bar:
                if (abs_open()) {
                    close_abs(tk);
                } else {
                    binary(Op::LooseMul, tk);
                    open_group({Op::Abs, tk.pos, tk.len});
                    want_operand = true;
                }
                break;
            case Tok::Number:
                throw ParseError("missing operator before the number " + tk.text, tk.pos, tk.len);
            case Tok::Ident:
            case Tok::Const:
                binary(Op::ImplMul, tk);
                want_operand = true;
                continue; // read the token again as an operand
            case Tok::Func:
            case Tok::LParen:
                binary(Op::LooseMul, tk);
                want_operand = true;
                continue;
            case Tok::Equals:
                throw ParseError("unexpected '='; only one left side such as 'y =' is allowed",
                                 tk.pos, tk.len);
            case Tok::End:
                return finish(tk);
            }
            ++i;
        }
    }

  private:
    std::vector<Token> t_;
    const Limits &limits_;
    std::vector<OpItem> ops_;
    std::vector<Operand> out_;
    std::size_t open_groups_ = 0;

    [[noreturn]] void missing_operand(const Token &tk) {
        if (!ops_.empty() && !is_group(ops_.back().op)) {
            const OpItem &op = ops_.back();
            std::string what = op.op == Op::FuncApply ? "an argument for '" + op.text + "'"
                                                      : "an operand after '" + op.text + "'";
            throw ParseError("missing " + what, op.pos, op.len);
        }
        if (tk.kind == Tok::End) {
            const OpItem &op = ops_.back();
            throw ParseError("missing expression after '" + t_text(op) + "'", op.pos, op.len);
        }
        throw ParseError("missing operand before '" + tk.text + "'", tk.pos, tk.len);
    }

    static std::string t_text(const OpItem &op) {
        if (op.op == Op::Abs) return "|";
        if (op.op == Op::FuncParen) return std::string(op.fn->name) + "(";
        return "(";
    }

    void push_operand(Expr e, const Token &tk) {
        Operand o;
        o.e = std::move(e);
        o.pos = tk.pos;
        o.end = tk.pos + tk.len;
        out_.push_back(std::move(o));
    }

    void open_group(OpItem item) {
        if (++open_groups_ > limits_.max_depth)
            throw ParseError("the expression is nested deeper than the limit of " +
                                 std::to_string(limits_.max_depth) + " levels",
                             item.pos, item.len);
        ops_.push_back(std::move(item));
    }

    // `sin x`, `sin(x)`, `sin^2 x`, `sin^-1 x`, `sin² x`, `log(x, 2)`
    std::size_t function_head(std::size_t i) {
        const Token &tk = t_[i];
        OpItem item{Op::FuncApply, tk.pos, tk.len, tk.fn};
        item.text = tk.fn->name;
        item.table_id = tk.fn->table_id;
        ++i;
        Number p(1);
        bool has_power = false;
        if (t_[i].kind == Tok::Sup) {
            p = t_[i].value, has_power = true, ++i;
        } else if (t_[i].kind == Tok::Caret) {
            std::size_t j = i + 1;
            bool negative = false;
            if (t_[j].kind == Tok::Minus) negative = true, ++j;
            if (t_[j].kind != Tok::Number)
                throw ParseError("after '" + item.text + "^' write a number, as in sin^2 x",
                                 t_[i].pos, t_[i].len);
            p = negative ? -t_[j].value : t_[j].value;
            has_power = true;
            i = j + 1;
        }
        if (has_power) {
            FuncId inv;
            if (p.is_minus_one() && tk.fn->kind == InputFn::Table && inverse_function(tk.fn->table_id, inv)) {
                item.table_id = inv;
                item.fn = find_input_function(function_info(inv).name);
            } else if (p.is_minus_one()) {
                throw ParseError("'" + item.text + "^-1' has no inverse function here; write (" +
                                     item.text + " x)^-1 for a reciprocal",
                                 tk.pos, t_[i - 1].pos + t_[i - 1].len - tk.pos);
            } else {
                item.power = num(p);
            }
        }
        if (t_[i].kind == Tok::LParen) {
            item.op = Op::FuncParen;
            item.len = t_[i].pos + 1 - tk.pos;
            open_group(std::move(item));
            return i + 1;
        }
        if (item.fn->min_args > 1)
            throw ParseError("'" + item.text + "' takes " + std::to_string(item.fn->min_args) +
                                 " arguments in parentheses, as in " + item.text + "(x, 3)",
                             tk.pos, tk.len);
        if (++open_groups_ > limits_.max_depth)
            throw ParseError("the expression is nested deeper than the limit of " +
                                 std::to_string(limits_.max_depth) + " levels",
                             tk.pos, tk.len);
        ops_.push_back(std::move(item));
        return i;
    }

    bool pops(const OpItem &top, Op incoming) const {
        if (is_group(top.op)) return false;
        if (top.op == Op::FuncApply) return incoming != Op::Pow && incoming != Op::ImplMul;
        if (top.op == Op::Neg || top.op == Op::Pos) return incoming != Op::Pow;
        int pt = precedence(top.op), pi = precedence(incoming);
        if (incoming == Op::Pow) return pt > pi; // right-associative
        return pt >= pi;
    }

    void binary(Op op, const Token &tk) {
        while (!ops_.empty() && pops(ops_.back(), op)) apply_top();
        // x^x^x^... nests to the right like parentheses do, and counts against the same limit.
        if (op == Op::Pow && ++open_groups_ > limits_.max_depth)
            throw ParseError("the expression is nested deeper than the limit of " +
                                 std::to_string(limits_.max_depth) + " levels",
                             tk.pos, tk.len);
        OpItem item{op, tk.pos, tk.len};
        item.text = tk.text;
        ops_.push_back(std::move(item));
    }

    void apply_top() {
        OpItem item = std::move(ops_.back());
        ops_.pop_back();
        try {
            apply(item);
        } catch (const LimitError &e) {
            at_input(e, item.pos, item.len);
        }
    }

    void apply(OpItem &item) {
        switch (item.op) {
        case Op::Neg: {
            Operand &o = out_.back();
            o.e = raw_negate(o.get());
            o.pos = item.pos;
            return;
        }
        case Op::Pos:
            out_.back().pos = item.pos;
            return;
        case Op::FuncApply: {
            --open_groups_;
            Operand &o = out_.back();
            Expr r = apply_input_function(*item.fn, {o.get()});
            if (item.power) r = raw_pow(r, item.power);
            o.e = r;
            o.pos = item.pos;
            return;
        }
        default:
            break;
        }
        Operand right = std::move(out_.back());
        out_.pop_back();
        Operand &left = out_.back();
        left.end = right.end;
        switch (item.op) {
        case Op::Add:
        case Op::Sub: {
            Expr r = right.get();
            left.append('+', item.op == Op::Sub ? raw_negate(r) : r);
            return;
        }
        case Op::Mul:
        case Op::ImplMul:
        case Op::LooseMul:
        case Op::Div: {
            Expr r = right.get();
            if (item.op == Op::Div) {
                if (r.is_zero()) throw ParseError("division by zero", right.pos, right.end - right.pos);
                r = raw_pow(r, num(-1));
            }
            left.append('*', r);
            return;
        }
        case Op::Pow:
            --open_groups_;
            left.e = raw_pow(left.get(), right.get());
            return;
        default:
            return;
        }
    }

    bool abs_open() const {
        for (auto it = ops_.rbegin(); it != ops_.rend(); ++it) {
            if (it->op == Op::Abs) return true;
            if (it->op == Op::LParen || it->op == Op::FuncParen) return false;
        }
        return false;
    }

    void close_abs(const Token &tk) {
        while (ops_.back().op != Op::Abs) apply_top();
        std::size_t pos = ops_.back().pos;
        ops_.pop_back();
        --open_groups_;
        Operand &o = out_.back();
        o.e = raw_func(FuncId::Abs, {o.get()});
        o.pos = pos;
        o.end = tk.pos + 1;
    }

    void close_paren(const Token &tk) {
        while (!ops_.empty() && !is_group(ops_.back().op)) apply_top();
        if (ops_.empty()) throw ParseError("unmatched ')'", tk.pos, tk.len);
        OpItem item = std::move(ops_.back());
        if (item.op == Op::Abs)
            throw ParseError("'|' is not closed before ')'", item.pos, item.len);
        ops_.pop_back();
        --open_groups_;
        if (item.op == Op::LParen) {
            Operand &o = out_.back();
            o.get();
            o.pos = item.pos;
            o.end = tk.pos + 1;
            return;
        }
        // Function call with argc arguments.
        int argc = item.argc;
        if (argc < item.fn->min_args || argc > item.fn->max_args) {
            std::string want = item.fn->min_args == item.fn->max_args
                                   ? std::to_string(item.fn->min_args)
                                   : std::to_string(item.fn->min_args) + " or " +
                                         std::to_string(item.fn->max_args);
            throw ParseError("'" + std::string(item.fn->name) + "' takes " + want +
                                 (want == "1" ? " argument" : " arguments") + ", not " +
                                 std::to_string(argc),
                             item.pos, tk.pos + 1 - item.pos);
        }
        std::vector<Expr> args;
        for (int k = 0; k < argc; ++k) args.push_back(out_[out_.size() - argc + k].get());
        out_.resize(out_.size() - argc + 1);
        Operand &o = out_.back();
        try {
            const InputFunction *fn = item.fn;
            Expr r = apply_input_function(*fn, std::move(args));
            if (item.power) r = raw_pow(r, item.power);
            o.e = r;
        } catch (const LimitError &e) {
            at_input(e, item.pos, tk.pos + 1 - item.pos);
        }
        o.pos = item.pos;
        o.end = tk.pos + 1;
    }

    void comma(const Token &tk) {
        while (!ops_.empty() && !is_group(ops_.back().op)) apply_top();
        if (ops_.empty() || ops_.back().op != Op::FuncParen)
            throw ParseError("unexpected ','; commas separate function arguments, as in log(x, 2)",
                             tk.pos, tk.len);
        out_.back().get();
        ++ops_.back().argc;
    }

    Expr finish(const Token &end) {
        while (!ops_.empty()) {
            const OpItem &top = ops_.back();
            if (top.op == Op::LParen || top.op == Op::FuncParen)
                throw ParseError("missing ')' for this '('", top.op == Op::FuncParen ? top.pos + top.len - 1 : top.pos, 1);
            if (top.op == Op::Abs) throw ParseError("missing closing '|' for this '|'", top.pos, 1);
            apply_top();
        }
        (void)end;
        return out_.back().get();
    }
};

} // namespace

ParsedInput parse(const std::string &input, const Limits &limits) {
    std::vector<CodePoint> cps = decode_utf8(input);
    if (cps.size() > limits.max_input_chars)
        throw ParseError("the input has " + std::to_string(cps.size()) +
                             " characters, more than the limit of " +
                             std::to_string(limits.max_input_chars),
                         limits.max_input_chars, cps.size() - limits.max_input_chars);
    for (std::size_t k = 0; k < cps.size(); ++k)
        if (is_invisible(cps[k].c) || (cps[k].c < 0x20 && !is_space(cps[k].c)))
            throw ParseError("unexpected " + char_description(cps[k].c), k, 1);
    std::vector<Token> toks = Lexer(cps).run();
    ParsedInput result;
    // Optional left side: `y =` or `f(x) =` or `f(x, y) =`.
    std::size_t begin = 0;
    // Leibniz notation in front: `d/dx x^2`, `d/dθ (θ^2)`.
    if (toks.size() > 4 && toks[0].kind == Tok::Ident && toks[0].text == "d" && toks[1].kind == Tok::Slash &&
        toks[2].kind == Tok::Ident && toks[2].text == "d" && toks[3].kind == Tok::Ident &&
        toks[2].pos + 1 == toks[3].pos) {
        result.wrt_hint = toks[3].text;
        begin = 4;
        if (toks[4].kind == Tok::End)
            throw ParseError("missing expression after d/d" + toks[3].text, toks[3].pos, toks[3].len);
    }
    auto eq = std::find_if(toks.begin() + begin, toks.end(), [](const Token &t) { return t.kind == Tok::Equals; });
    if (begin == 0 && eq != toks.end()) {
        std::size_t k = static_cast<std::size_t>(eq - toks.begin());
        bool ok = k >= 1 && toks[0].kind == Tok::Ident;
        if (ok && k > 1) {
            ok = toks[1].kind == Tok::LParen && toks[k - 1].kind == Tok::RParen && k >= 4;
            for (std::size_t j = 2; ok && j + 1 < k; ++j)
                ok = (j % 2 == 0) ? toks[j].kind == Tok::Ident : toks[j].kind == Tok::Comma;
            if (ok)
                for (std::size_t j = 2; j + 1 < k; j += 2) result.lhs_vars.push_back(toks[j].text);
        }
        if (!ok)
            throw ParseError("the left side of '=' must be a name such as y or f(x)", 0,
                             toks[k].pos);
        result.lhs = toks[0].text;
        begin = k + 1;
        if (toks[begin].kind == Tok::End)
            throw ParseError("missing expression after '='", toks[k].pos, 1);
    }
    try {
        result.expr = Parser(std::move(toks), limits).run(begin);
    } catch (const LimitError &e) {
        at_input(e, 0, cps.size());
    }
    return result;
}

Expr parse_expr(const std::string &input) { return canonicalize(parse(input).expr); }

std::u32string utf8_code_points(const std::string &input) {
    std::u32string out;
    for (const CodePoint &cp : decode_utf8(input)) out.push_back(cp.c);
    return out;
}

std::string normalize_variable(const std::string &name) {
    std::vector<CodePoint> cps;
    try {
        cps = decode_utf8(name);
    } catch (const ParseError &) {
        return "";
    }
    std::vector<Token> toks;
    try {
        toks = Lexer(cps).run();
    } catch (const ParseError &) {
        return "";
    }
    if (toks.size() != 2 || toks[0].kind != Tok::Ident) return "";
    return toks[0].text;
}

} // namespace leibniz
