#include "explain.hpp"

#include "functions.hpp"
#include "limits.hpp"
#include "print.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <unordered_set>

namespace leibniz {

bool parse_lang(const std::string &s, Lang &out) {
    if (s == "en") return out = Lang::En, true;
    if (s == "ko") return out = Lang::Ko, true;
    return false;
}

namespace {

const char *rule_id(Rule r) {
    switch (r) {
    case Rule::Constant: return "constant";
    case Rule::Variable: return "variable";
    case Rule::OtherVariable: return "other_variable";
    case Rule::Sum: return "sum";
    case Rule::ConstantMultiple: return "constant_multiple";
    case Rule::Product: return "product";
    case Rule::Quotient: return "quotient";
    case Rule::Power: return "power";
    case Rule::Exponential: return "exponential";
    case Rule::GeneralPower: return "general_power";
    case Rule::Function: return "function";
    case Rule::Chain: return "chain";
    }
    return "";
}

struct Titles {
    const char *id, *en, *ko, *formula;
};
const Titles kTitles[] = {
    {"constant", "Constant rule", "상수의 미분 법칙", "\\frac{d}{dx} c = 0"},
    {"variable", "Derivative of the variable", "변수의 미분", "\\frac{d}{dx} x = 1"},
    {"other_variable", "Another variable is a constant", "다른 변수는 상수", "\\frac{\\partial}{\\partial x} y = 0"},
    {"sum", "Sum rule", "합의 법칙", "(f + g)' = f' + g'"},
    {"constant_multiple", "Constant multiple rule", "상수 곱 법칙", "(c f)' = c f'"},
    {"product", "Product rule", "곱의 법칙", "(f g)' = f' g + f g'"},
    {"quotient", "Quotient rule", "몫의 법칙", "\\left(\\frac{f}{g}\\right)' = \\frac{f' g - f g'}{g^{2}}"},
    {"power", "Power rule", "제곱의 법칙", "\\frac{d}{dx} x^{n} = n x^{n-1}"},
    {"exponential", "Exponential rule", "지수함수의 미분", "\\frac{d}{dx} a^{x} = a^{x} \\ln a"},
    {"general_power", "General power rule", "일반 거듭제곱의 미분",
     "(u^{v})' = u^{v}\\left(v' \\ln u + \\frac{v u'}{u}\\right)"},
    {"chain", "Chain rule", "연쇄 법칙", "\\frac{dy}{dx} = \\frac{dy}{du} \\cdot \\frac{du}{dx}"},
    {"simplify", "Simplify", "정리", ""},
};

// Korean particles depend on whether the word before them, as read aloud, ends in a
// consonant: "3은" (삼) but "2는" (이), "x를" (엑스), "x^2은" (엑스 제곱), "8로" (팔).
// Returns 0 for a vowel, 1 for a consonant, 2 for ㄹ (which takes 로, not 으로).
int final_consonant(const std::string &latex) {
    std::size_t i = latex.size();
    while (i > 0 && (latex[i - 1] == ' ' || latex[i - 1] == ')' || latex[i - 1] == '|')) --i;
    if (i > 0 && latex[i - 1] == '}') {
        // x^{2}: read "x 제곱" (ends in ㅂ); other groups: look inside.
        std::size_t depth = 0, j = i;
        while (j > 0) {
            char c = latex[--j];
            if (c == '}') ++depth;
            if (c == '{' && --depth == 0) break;
        }
        if (j > 0 && latex[j - 1] == '^') return 1;
        // \frac{a}{b} is read "b분의 a": it ends with the numerator.
        if (j > 0 && latex[j - 1] == '}') {
            std::size_t k = j - 1;
            depth = 0;
            while (k > 0) {
                char c = latex[--k];
                if (c == '}') ++depth;
                if (c == '{' && depth-- == 0) break;
            }
            if (k >= 5 && latex.compare(k - 5, 5, "\\frac") == 0) return final_consonant(latex.substr(k + 1, j - 2 - k));
        }
        return final_consonant(latex.substr(0, i - 1));
    }
    if (i >= 6 && latex.compare(i - 6, 6, "\\right") == 0) return final_consonant(latex.substr(0, i - 6));
    if (i == 0) return 0;
    char c = latex[i - 1];
    if (c >= '0' && c <= '9') return "1201001220"[c - '0'] - '0'; // 영 일 이 삼 사 오 육 칠 팔 구
    std::size_t k = i;
    while (k > 0 && std::isalpha(static_cast<unsigned char>(latex[k - 1]))) --k;
    if (k > 0 && latex[k - 1] == '\\') return 0; // Greek letters are read with a vowel at the end
    if (c == 'l' || c == 'r') return 2;           // 엘, 알
    if (c == 'm' || c == 'n') return 1;           // 엠, 엔
    return 0;
}

// 은/는, 이/가, 을/를, 과/와, 으로/로 after a formula.
std::string josa(const std::string &latex, const char *consonant, const char *vowel, bool ro = false) {
    int f = final_consonant(latex);
    if (ro) return f == 1 ? consonant : vowel;
    return f ? consonant : vowel;
}

class Renderer {
  public:
    Renderer(const std::vector<Step> &steps, const Expr &var, const ExplainOptions &opt)
        : steps_(steps), var_(var), opt_(opt), ko_(opt.lang == Lang::Ko) {}

    Explanation run(const Expr &answer) {
        Explanation ex;
        ex.var = var_->name;
        if (steps_.empty()) return ex;
        const bool subtree = opt_.root != ExplainOptions::kWholeTree;
        std::size_t top = steps_.size() - 1;
        if (subtree) {
            if (opt_.root < opt_.id_base || opt_.root - opt_.id_base >= steps_.size())
                throw std::out_of_range("no step with id " + std::to_string(opt_.root));
            top = opt_.root - opt_.id_base;
        }
        // Breadth first from the top, so the budget keeps the top levels; a child met after
        // the budget is spent becomes a placeholder that can be expanded later.
        enum : char { Unseen, Full, Placeholder };
        std::vector<char> state(steps_.size(), Unseen);
        std::vector<std::size_t> order{top}, placeholders;
        state[top] = Full;
        for (std::size_t q = 0; q < order.size(); ++q) {
            for (std::size_t c : steps_[order[q]].children) {
                if (c >= steps_.size() || state[c] != Unseen) continue;
                if (order.size() < std::max<std::size_t>(opt_.max_steps, 1)) {
                    state[c] = Full;
                    order.push_back(c);
                } else {
                    state[c] = Placeholder;
                    placeholders.push_back(c);
                }
            }
        }
        for (std::size_t i : order) {
            RenderedStep r = render(steps_[i], i == steps_.size() - 1);
            r.id = opt_.id_base + i;
            for (std::size_t c : steps_[i].children)
                if (c < steps_.size()) r.children.push_back(opt_.id_base + c);
            ex.steps.push_back(std::move(r));
        }
        for (std::size_t i : placeholders) ex.steps.push_back(placeholder(i));
        if (!placeholders.empty()) ex.omitted = count_under(top, static_cast<std::size_t>(-1)) - order.size();
        if (subtree) return ex;
        const Step &root = steps_.back();
        std::string f = formula_tex(root), a = tex(answer);
        if (f != a) {
            ex.has_simplify = true;
            ex.simplify.id = opt_.id_base + steps_.size();
            ex.simplify.rule = "simplify";
            ex.simplify.title = title("simplify");
            ex.simplify.latex = d_of(root.expr) + " = " + f + " = " + a;
            ex.simplify.text = ko_ ? "정리: 상수끼리 곱하고 동류항을 모아 정리하면 $" + a + "$입니다."
                                   : "Simplify: multiplying the constants and collecting like terms gives $" + a + "$.";
        }
        return ex;
    }

  private:
    const std::vector<Step> &steps_;
    Expr var_;
    const ExplainOptions &opt_;
    bool ko_;

    // A formula, or an ellipsis when it is longer than the limit: an explanation of a huge
    // input stays readable and small (the answer itself is printed in full elsewhere).
    std::string tex(const Expr &e) const {
        try {
            return to_latex(e, opt_.max_chars);
        } catch (const LimitError &) {
            return "\\dots";
        }
    }
    std::string title(const std::string &id) const { return rule_title(id, opt_.lang); }

    // Distinct steps under step i (itself included), counting no further than `cap`.
    std::size_t count_under(std::size_t i, std::size_t cap) const {
        std::unordered_set<std::size_t> seen;
        std::vector<std::size_t> stack{i};
        while (!stack.empty() && seen.size() < cap) {
            std::size_t j = stack.back();
            stack.pop_back();
            if (j >= steps_.size() || !seen.insert(j).second) continue;
            for (std::size_t c : steps_[j].children) stack.push_back(c);
        }
        return seen.size();
    }

    // A step past the budget: its name only, and how much is under it.
    RenderedStep placeholder(std::size_t i) const {
        RenderedStep r;
        r.id = opt_.id_base + i;
        name(steps_[i], r);
        r.collapsed = true;
        r.count = count_under(i, opt_.max_steps + 1);
        return r;
    }

    // rule, title and rule_latex of a step: what a placeholder shows too.
    void name(const Step &s, RenderedStep &r) const {
        if (s.rule == Rule::Function) {
            const FunctionInfo &fi = function_info(s.func);
            std::string fname = function_name(s.func);
            r.rule = fi.name;
            r.title = ko_ ? fname + "의 미분" : "Derivative of " + fname;
            r.rule_latex = d_op() + " " + tex(func(s.func, var_)) + " = " + tex(fi.derivative(var_));
            return;
        }
        r.rule = rule_id(s.rule);
        r.title = title(r.rule);
        r.rule_latex = rule_latex(r.rule);
    }

    std::string d_op() const {
        std::string v = latex_symbol(var_->name);
        return opt_.partial ? "\\frac{\\partial}{\\partial " + v + "}" : "\\frac{d}{d" + v + "}";
    }
    // Whether "\frac{d}{dx} e" reads without brackets around e.
    static bool bare(const Expr &e) {
        switch (e.kind()) {
        case Kind::Symbol:
        case Kind::Constant:
        case Kind::Func:
            return true;
        case Kind::Number:
            return !e->num.is_negative() && e->num.is_integer();
        case Kind::Pow:
            // x^{n}, \sqrt{x}, a^{x}; not \frac{1}{x^{2}}
            return !e->exponent().is_number() || !e->exponent()->num.is_negative();
        case Kind::Add:
        case Kind::Mul:
            return false;
        }
        return false;
    }
    std::string d_of(const Expr &e) const {
        return d_op() + (bare(e) ? " " + tex(e) : "\\left(" + tex(e) + "\\right)");
    }
    // dy/dx with the input's left side, for the chain rule at the root.
    std::string dy() const {
        std::string v = latex_symbol(var_->name), y = latex_symbol(opt_.lhs.empty() ? "y" : opt_.lhs);
        return opt_.partial ? "\\frac{\\partial " + y + "}{\\partial " + v + "}" : "\\frac{d" + y + "}{d" + v + "}";
    }

    // ---------------------------------------------------------------- formulas

    // A factor of a \cdot product that needs brackets: a sum or a negative term.
    static bool needs_parens(const Expr &e) {
        if (e.kind() == Kind::Add) return true;
        if (e.is_number()) return e->num.is_negative();
        return e.kind() == Kind::Mul && e->children[0].is_number() && e->children[0]->num.is_negative();
    }
    static std::string bracket(const std::string &t) {
        bool tall = t.find("\\frac") != std::string::npos;
        return tall ? "\\left(" + t + "\\right)" : "(" + t + ")";
    }

    // The factors of a rule's product joined by \cdot, as a teacher writes them: 3 (3x^2 + 8)^2
    // \cdot 6x, not (3 (3x^2 + 8)^2) (6x). A leading -1 becomes a minus sign; a sum, or a
    // negative factor after the first, is bracketed.
    std::string product_tex(const std::vector<Expr> &fs) const {
        if (fs.size() == 1) return tex(fs[0]);
        std::string out;
        std::size_t start = 0;
        if (fs[0].is_minus_one()) out = "-", start = 1;
        for (std::size_t i = start; i < fs.size(); ++i) {
            bool first = i == start;
            std::string t = tex(fs[i]);
            bool paren = fs[i].kind() == Kind::Add || ((!first || start == 1) && needs_parens(fs[i]));
            if (!first) out += " \\cdot ";
            out += paren ? bracket(t) : t;
        }
        return out;
    }
    // Terms joined by + (or -, for a term that starts with a minus sign).
    static std::string sum_tex(const std::vector<std::string> &terms) {
        std::string out;
        for (std::size_t i = 0; i < terms.size(); ++i) {
            const std::string &t = terms[i];
            if (i == 0) out = t;
            else if (!t.empty() && t[0] == '-') out += " - " + t.substr(1);
            else out += " + " + t;
        }
        return out;
    }
    static std::vector<Expr> factors_of(const Expr &e) {
        return e.kind() == Kind::Mul ? e->children : std::vector<Expr>{e};
    }
    static std::size_t count_factors(const Expr &e) {
        std::size_t n = 0;
        if (e.kind() == Kind::Add)
            for (const Expr &t : e->children) n += factors_of(t).size();
        else
            n = factors_of(e).size();
        return n;
    }

    // The step's formula (the rule applied, before simplifying). The product-shaped rules
    // are written with \cdot between the rule's factors; the rest by the LaTeX printer.
    std::string formula_tex(const Step &s) const {
        const std::size_t kMaxFactors = 400; // beyond that, the printer's own length limit
        std::string out;
        switch (s.rule) {
        case Rule::Chain:
        case Rule::ConstantMultiple:
            if (s.formula.kind() != Kind::Mul || s.formula->children.size() > kMaxFactors) return tex(s.formula);
            out = product_tex(s.formula->children);
            break;
        case Rule::Product: {
            if (s.formula.kind() != Kind::Add || count_factors(s.formula) > kMaxFactors) return tex(s.formula);
            std::vector<std::string> terms;
            for (const Expr &t : s.formula->children) terms.push_back(product_tex(factors_of(t)));
            out = sum_tex(terms);
            break;
        }
        case Rule::Quotient: {
            if (s.factors.size() != 4) return tex(s.formula);
            const Expr &f = s.factors[0], &g = s.factors[1], &df = s.factors[2], &dg = s.factors[3];
            std::string right = product_tex({f, dg});
            if (!right.empty() && right[0] == '-') right = bracket(right);
            // g^2 as a teacher writes it: (\sqrt{x})^{2}, not \sqrt{x}^{2}.
            bool root = g.kind() == Kind::Pow && g->exponent().is_number() && !g->exponent()->num.is_integer();
            std::string g2 = root ? bracket(tex(g)) + "^{2}" : tex(raw_pow(g, num(2)));
            out = "\\frac{" + product_tex({df, g}) + " - " + right + "}{" + g2 + "}";
            break;
        }
        case Rule::GeneralPower: {
            if (s.factors.size() != 4) return tex(s.formula);
            const Expr &u = s.factors[0], &v = s.factors[1], &du = s.factors[2], &dv = s.factors[3];
            out = tex(raw_pow(u, v)) + " \\cdot \\left(" + product_tex({dv, raw_func(FuncId::Log, {u})}) +
                  " + \\frac{" + product_tex({v, du}) + "}{" + tex(u) + "}\\right)";
            break;
        }
        default:
            return tex(s.formula);
        }
        return out.size() > opt_.max_chars ? "\\dots" : out;
    }

    // ---------------------------------------------------------------- sentences

    RenderedStep render(const Step &s, bool is_root) const {
        RenderedStep r;
        name(s, r);
        std::string formula = formula_tex(s), result = tex(s.result);
        r.latex = d_of(s.expr) + " = " + formula;
        if (result != formula) r.latex += " = " + result;
        const std::string x = latex_symbol(var_->name);
        switch (s.rule) {
        case Rule::Constant:
            r.text = ko_ ? "상수의 미분 법칙: 상수를 미분하면 0입니다."
                         : "Constant rule: the derivative of a constant is 0.";
            break;
        case Rule::Variable:
            r.text = ko_ ? "$" + x + "$" + josa(x, "을", "를") + " $" + x + "$" + josa(x, "으로", "로", true) +
                               " 미분하면 1입니다."
                         : "The derivative of $" + x + "$ with respect to $" + x + "$ is 1.";
            break;
        case Rule::OtherVariable: {
            std::string y = tex(s.expr);
            r.text = ko_ ? "편미분: $" + y + "$" + josa(y, "은", "는") + " $" + x + "$" + josa(x, "과", "와") +
                               " 관계없으므로 상수로 보고, 미분하면 0입니다."
                         : "Partial derivative: $" + y + "$ does not depend on $" + x +
                               "$, so it is treated as a constant and its derivative is 0.";
            break;
        }
        case Rule::Sum:
            r.text = ko_ ? "합의 법칙: 각 항을 따로 미분해서 더합니다."
                         : "Sum rule: differentiate each term and add the results.";
            break;
        case Rule::ConstantMultiple: {
            // The constant part: the factors that do not depend on the variable.
            std::vector<Expr> cs;
            for (const Expr &f : s.expr->children)
                if (!depends_on(f, var_)) cs.push_back(f);
            Expr constant = canonicalize(raw_mul(cs));
            std::string c = tex(constant);
            if (free_symbols(constant).empty())
                r.text = ko_ ? "상수 곱 법칙: 상수 $" + c + "$" + josa(c, "은", "는") + " 그대로 두고 나머지만 미분합니다."
                             : "Constant multiple rule: the constant factor $" + c + "$ stays; differentiate the rest.";
            else // a partial derivative: the other variables are held constant
                r.text = ko_ ? "상수 곱 법칙: $" + c + "$" + josa(c, "은", "는") + " $" + x + "$" + josa(x, "과", "와") +
                                   " 관계없으므로 상수로 보고, 그대로 둔 채 나머지만 미분합니다."
                             : "Constant multiple rule: $" + c + "$ does not depend on $" + x +
                                   "$, so it is held constant; it stays as a factor and the rest is differentiated.";
            break;
        }
        case Rule::Product:
            r.text = ko_ ? "곱의 법칙: $(fg)' = f'g + fg'$에 따라 인수를 하나씩 미분하고 나머지 인수는 그대로 곱한 "
                           "뒤 모두 더합니다."
                         : "Product rule: $(fg)' = f'g + fg'$ — differentiate one factor at a time, keep the others, "
                           "and add.";
            break;
        case Rule::Quotient: {
            std::string f = tex(s.factors[0]), g = tex(s.factors[1]);
            const std::string rule = "$\\left(\\frac{f}{g}\\right)' = \\frac{f'g - fg'}{g^{2}}$";
            r.text = ko_ ? "몫의 법칙: " + rule + "에 $f = " + f + "$, $g = " + g + "$" + josa(g, "을", "를") +
                               " 대입합니다."
                         : "Quotient rule: " + rule + " with $f = " + f + "$ and $g = " + g + "$.";
            break;
        }
        case Rule::Power: {
            std::string n = tex(s.exponent);
            const std::string rule = "$" + d_op() + " " + x + "^{n} = n " + x + "^{n-1}$";
            r.text = ko_ ? "제곱의 법칙: " + rule + "에 $n = " + n + "$" + josa(n, "을", "를") + " 대입합니다."
                         : "Power rule: " + rule + " with $n = " + n + "$.";
            break;
        }
        case Rule::Exponential: {
            std::string a = tex(s.expr->base());
            const std::string rule = "$" + d_op() + " a^{" + x + "} = a^{" + x + "} \\ln a$";
            r.text = ko_ ? "지수함수의 미분: " + rule + "에 $a = " + a + "$" + josa(a, "을", "를") + " 대입합니다."
                         : "Exponential rule: " + rule + " with $a = " + a + "$.";
            break;
        }
        case Rule::GeneralPower: {
            std::string u = tex(s.factors[0]), v = tex(s.factors[1]);
            const std::string rule = "$(u^{v})' = u^{v}\\left(v' \\ln u + \\frac{v u'}{u}\\right)$";
            r.text = ko_ ? "일반 거듭제곱의 미분: 밑과 지수가 모두 $" + x + "$에 따라 변하므로 $u^{v} = e^{v \\ln u}$로 "
                           "바꾸어 미분합니다(로그 미분법). 그러면 " + rule + "이고, 여기서 $u = " + u + "$, $v = " + v +
                           "$입니다."
                         : "General power rule: base and exponent both depend on $" + x +
                               "$, so write $u^{v} = e^{v \\ln u}$ and differentiate that (logarithmic "
                               "differentiation): " + rule + ", here with $u = " + u + "$ and $v = " + v + "$.";
            break;
        }
        case Rule::Function: {
            std::string fname = function_name(s.func);
            std::string eq = "$" + d_op() + " " + tex(s.expr) + " = " + formula + "$";
            r.text = ko_ ? fname + "의 미분: " + eq + "입니다." + nondiff_ko(s)
                         : "Derivative of " + fname + ": " + eq + "." + nondiff_en(s);
            break;
        }
        case Rule::Chain: {
            const std::string u = latex_symbol(opt_.substitution), inner = tex(s.inner), outer = tex(s.outer);
            const std::string douter = tex(s.outer_derivative);
            std::string dinner = "1";
            if (!s.children.empty()) dinner = tex(steps_[s.children[0]].result);
            // At the root of `y = ...` the chain rule speaks of y, as the seed does; elsewhere
            // of the expression itself.
            const bool named = is_root && !opt_.lhs.empty();
            const std::string du = opt_.partial ? "\\frac{\\partial " + u + "}{\\partial " + x + "}"
                                                : "\\frac{d" + u + "}{d" + x + "}";
            const std::string lhs = named ? latex_symbol(opt_.lhs) : tex(s.expr);
            const std::string dydu = named ? "\\frac{d" + latex_symbol(opt_.lhs) + "}{d" + u + "}"
                                           : "\\frac{d}{d" + u + "}" +
                                                 (bare(s.outer) ? " " + outer : "\\left(" + outer + "\\right)");
            const std::string dlhs = named ? dy() : d_of(s.expr);
            std::string douter_f = s.outer_derivative.kind() == Kind::Add ? bracket(douter) : douter;
            std::string dinner_f = dinner;
            if (!s.children.empty() && needs_parens(steps_[s.children[0]].result)) dinner_f = bracket(dinner);
            const std::string chain = dlhs + " = " + dydu + " \\cdot " + du + " = " + douter_f + " \\cdot " + dinner_f;
            r.text = ko_ ? "연쇄 법칙: $" + u + " = " + inner + "$" + josa(inner, "으로", "로", true) + " 두면 $" + lhs +
                               " = " + outer + "$입니다. $" + dydu + " = " + douter + "$, $" + du + " = " + dinner +
                               "$이므로 $" + chain + "$입니다." + nondiff_ko(s)
                         : "Chain rule: let $" + u + " = " + inner + "$, so $" + lhs + " = " + outer + "$. Then $" +
                               dydu + " = " + douter + "$ and $" + du + " = " + dinner + "$, so $" + chain + "$." +
                               nondiff_en(s);
            break;
        }
        }
        return r;
    }

    // The rule in general form, written for this variable (and with \partial for partials).
    std::string rule_latex(const std::string &rule) const {
        std::string x = latex_symbol(var_->name);
        std::string du = opt_.partial ? "\\frac{\\partial u}{\\partial " + x + "}" : "\\frac{du}{d" + x + "}";
        if (rule == "constant" || rule == "other_variable") return d_op() + " c = 0";
        if (rule == "variable") return d_op() + " " + x + " = 1";
        if (rule == "power") return d_op() + " " + x + "^{n} = n " + x + "^{n-1}";
        if (rule == "exponential") return d_op() + " a^{" + x + "} = a^{" + x + "} \\ln a";
        if (rule == "chain") return dy() + " = \\frac{dy}{du} \\cdot " + du;
        return rule_formula(rule); // prime notation: no variable in it
    }

    std::string function_name(FuncId f) const {
        switch (f) {
        case FuncId::Exp: return "e^x";
        case FuncId::Log: return "ln";
        case FuncId::Abs: return "|x|";
        default: return function_info(f).name;
        }
    }
    // Where |u|, sign, relu, ... have no derivative, as a sentence of its own.
    std::string nondiff_en(const Step &s) const {
        if (s.func == FuncId::Count || function_info(s.func).differentiable_at_0) return "";
        if (s.rule == Rule::Chain) return " The derivative does not exist where $" + tex(s.inner) + " = 0$.";
        return " The derivative does not exist at $" + latex_symbol(var_->name) + " = 0$.";
    }
    std::string nondiff_ko(const Step &s) const {
        if (s.func == FuncId::Count || function_info(s.func).differentiable_at_0) return "";
        std::string where = s.rule == Rule::Chain ? tex(s.inner) : latex_symbol(var_->name);
        return " 단, $" + where + " = 0$인 점에서는 미분할 수 없습니다.";
    }
};

} // namespace

std::string rule_formula(const std::string &rule) {
    for (const Titles &t : kTitles)
        if (rule == t.id) return t.formula;
    for (int i = 0; i < static_cast<int>(FuncId::Count); ++i) {
        const FunctionInfo &fi = function_info(static_cast<FuncId>(i));
        if (rule != fi.name) continue;
        Expr x = sym("x");
        return "\\frac{d}{dx} " + to_latex(func(fi.id, x)) + " = " + to_latex(fi.derivative(x));
    }
    return "";
}

std::string rule_title(const std::string &rule, Lang lang) {
    for (const Titles &t : kTitles)
        if (rule == t.id) return lang == Lang::Ko ? t.ko : t.en;
    return rule;
}

Explanation explain(const std::vector<Step> &steps, const Expr &var, const Expr &answer,
                    const ExplainOptions &opt) {
    return Renderer(steps, var, opt).run(answer);
}

} // namespace leibniz
