#include "explain.hpp"

#include "functions.hpp"
#include "limits.hpp"
#include "print.hpp"

#include <deque>
#include <unordered_map>

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
        // Breadth first from the root, so a size limit keeps the top levels.
        std::unordered_map<std::size_t, std::size_t> ids;
        std::deque<std::size_t> queue{steps_.size() - 1};
        ids[steps_.size() - 1] = 0;
        std::vector<std::size_t> order;
        while (!queue.empty()) {
            std::size_t i = queue.front();
            queue.pop_front();
            order.push_back(i);
            for (std::size_t c : steps_[i].children) {
                if (c >= steps_.size() || ids.count(c)) continue;
                if (ids.size() >= opt_.max_steps) {
                    ++ex.omitted;
                    continue;
                }
                ids[c] = ids.size();
                queue.push_back(c);
            }
        }
        if (ex.omitted) ex.omitted = reachable() - order.size();
        for (std::size_t i : order) {
            RenderedStep r = render(steps_[i], i == steps_.size() - 1);
            r.id = ids.at(i);
            for (std::size_t c : steps_[i].children) {
                auto it = ids.find(c);
                if (it != ids.end()) r.children.push_back(it->second);
            }
            ex.steps.push_back(std::move(r));
        }
        const Step &root = steps_.back();
        std::string f = tex(root.formula), a = tex(answer);
        if (f != a) {
            ex.has_simplify = true;
            ex.simplify.id = ex.steps.size() + ex.omitted;
            ex.simplify.rule = "simplify";
            ex.simplify.title = title("simplify");
            ex.simplify.latex = d_of(root.expr) + " = " + f + " = " + a;
            ex.simplify.text = ko_ ? "정리: 같은 항과 같은 인수를 모으고 공통인수를 묶으면 $" + a + "$입니다."
                                   : "Simplify: collect like terms and common factors to get $" + a + "$.";
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

    // Distinct steps under the root (the DAG's size).
    std::size_t reachable() const {
        std::vector<char> seen(steps_.size(), 0);
        std::vector<std::size_t> stack{steps_.size() - 1};
        std::size_t n = 0;
        while (!stack.empty()) {
            std::size_t i = stack.back();
            stack.pop_back();
            if (i >= steps_.size() || seen[i]) continue;
            seen[i] = 1;
            ++n;
            for (std::size_t c : steps_[i].children) stack.push_back(c);
        }
        return n;
    }

    std::string d_op() const {
        std::string v = latex_symbol(var_->name);
        return opt_.partial ? "\\frac{\\partial}{\\partial " + v + "}" : "\\frac{d}{d" + v + "}";
    }
    std::string d_of(const Expr &e) const {
        Kind k = e.kind();
        bool bare = k == Kind::Symbol || k == Kind::Constant || k == Kind::Func ||
                    (k == Kind::Number && !e->num.is_negative() && e->num.is_integer()) ||
                    (k == Kind::Pow && !e->exponent().is_number()) ||
                    (k == Kind::Pow && e->exponent()->num.is_integer() && !e->exponent()->num.is_negative());
        return d_op() + (bare ? " " + tex(e) : "\\left(" + tex(e) + "\\right)");
    }
    // dy/dx or d/dx (...), for the chain rule's first sentence.
    std::string dy() const {
        std::string v = latex_symbol(var_->name), y = latex_symbol(opt_.lhs.empty() ? "y" : opt_.lhs);
        return opt_.partial ? "\\frac{\\partial " + y + "}{\\partial " + v + "}" : "\\frac{d" + y + "}{d" + v + "}";
    }

    RenderedStep render(const Step &s, bool is_root) {
        RenderedStep r;
        r.rule = rule_id(s.rule);
        std::string formula = tex(s.formula), result = tex(s.result);
        r.latex = d_of(s.expr) + " = " + formula;
        if (result != formula) r.latex += " = " + result;
        std::string x = latex_symbol(var_->name);
        const std::string m = "$";
        switch (s.rule) {
        case Rule::Constant:
            r.text = ko_ ? "상수의 미분 법칙: 상수를 미분하면 0입니다."
                         : "Constant rule: the derivative of a constant is 0.";
            break;
        case Rule::Variable:
            r.text = ko_ ? m + x + "$" + josa(x, "을", "를") + " $" + x + "$" + josa(x, "으로", "로", true) +
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
            std::string c = tex(canonicalize(raw_mul(cs)));
            r.text = ko_ ? "상수 곱 법칙: 상수 $" + c + "$" + josa(c, "은", "는") + " 그대로 두고 나머지만 미분합니다."
                         : "Constant multiple rule: the constant factor $" + c + "$ stays; differentiate the rest.";
            break;
        }
        case Rule::Product:
            r.text = ko_ ? "곱의 법칙: $(fg)' = f'g + fg'$ 에 따라 한 인수씩 미분하고 나머지는 그대로 곱해서 더합니다."
                         : "Product rule: $(fg)' = f'g + fg'$ — differentiate one factor at a time, keep the others, and add.";
            break;
        case Rule::Quotient: {
            std::string f = tex(s.factors[0]), g = tex(s.factors[1]);
            r.text = ko_ ? "몫의 법칙: $\\left(\\frac{f}{g}\\right)' = \\frac{f'g - fg'}{g^{2}}$에서 $f = " + f +
                               "$, $g = " + g + "$입니다."
                         : "Quotient rule: $\\left(\\frac{f}{g}\\right)' = \\frac{f'g - fg'}{g^{2}}$ with $f = " + f +
                               "$ and $g = " + g + "$.";
            break;
        }
        case Rule::Power: {
            std::string n = tex(s.exponent);
            r.text = ko_ ? "제곱의 법칙: $" + d_op() + " " + x + "^{n} = n" + x + "^{n-1}$에서 $n = " + n + "$입니다."
                         : "Power rule: $" + d_op() + " " + x + "^{n} = n" + x + "^{n-1}$ with $n = " + n + "$.";
            break;
        }
        case Rule::Exponential:
            r.text = ko_ ? "지수함수의 미분: $" + d_op() + " a^{" + x + "} = a^{" + x + "} \\ln a$입니다."
                         : "Exponential rule: $" + d_op() + " a^{" + x + "} = a^{" + x + "} \\ln a$.";
            break;
        case Rule::GeneralPower:
            r.text = ko_ ? "일반 거듭제곱의 미분: 밑과 지수가 모두 $" + x + "$에 따라 변하므로 $u^{v} = e^{v \\ln u}$로 바꾸어 미분합니다(로그 미분법): $(u^{v})' = u^{v}\\left(v' \\ln u + \\frac{v u'}{u}\\right)$."
                         : "General power rule: base and exponent both vary, so write $u^{v} = e^{v \\ln u}$ (logarithmic differentiation): $(u^{v})' = u^{v}\\left(v' \\ln u + \\frac{v u'}{u}\\right)$.";
            break;
        case Rule::Function: {
            std::string name = function_name(s.func);
            std::string fx = tex(s.expr), dfx = formula;
            r.rule = function_info(s.func).name;
            r.title = ko_ ? name + "의 미분" : "Derivative of " + name;
            r.text = ko_ ? name + "의 미분: $" + d_op() + " " + fx + " = " + dfx + "$" + nondiff_ko(s) + "."
                         : "Derivative of " + name + ": $" + d_op() + " " + fx + " = " + dfx + "$" + nondiff_en(s) + ".";
            r.rule_latex = d_op() + " " + tex(func(s.func, var_)) + " = " + tex(function_info(s.func).derivative(var_));
            return r;
        }
        case Rule::Chain: {
            std::string u = latex_symbol(opt_.substitution), inner = tex(s.inner), outer = tex(s.outer),
                        douter = tex(s.outer_derivative);
            std::string dinner = "1";
            if (!s.children.empty()) {
                const Expr &d = steps_[s.children[0]].result;
                dinner = needs_parens(d) ? "\\left(" + tex(d) + "\\right)" : tex(d);
            }
            std::string du = "\\frac{d" + u + "}{d" + x + "}";
            std::string dydu = is_root ? "\\frac{d" + latex_symbol(opt_.lhs.empty() ? "y" : opt_.lhs) + "}{d" + u + "}"
                                       : "\\frac{d}{d" + u + "}" + "\\left(" + outer + "\\right)";
            std::string lhs = is_root ? latex_symbol(opt_.lhs.empty() ? "y" : opt_.lhs) : tex(s.expr);
            std::string dlhs = is_root ? dy() : d_of(s.expr);
            std::string chain = dlhs + " = " + dydu + " \\cdot " + du + " = " + douter + " \\cdot " + dinner;
            r.text = ko_ ? "연쇄 법칙: $" + u + " = " + inner + "$" + josa(inner, "으로", "로", true) + " 두면 $" + lhs +
                               " = " + outer + "$이므로 $" + chain + "$입니다" + nondiff_ko(s) + "."
                         : "Chain rule: let $" + u + " = " + inner + "$, so $" + lhs + " = " + outer + "$ and $" + chain + "$" +
                               nondiff_en(s) + ".";
            break;
        }
        }
        r.title = title(r.rule);
        r.rule_latex = rule_latex(r.rule);
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

    // A factor of a \cdot product that needs brackets: a sum or a negative term.
    static bool needs_parens(const Expr &e) {
        if (e.kind() == Kind::Add) return true;
        if (e.is_number()) return e->num.is_negative();
        return e.kind() == Kind::Mul && e->children[0].is_number() && e->children[0]->num.is_negative();
    }

    std::string function_name(FuncId f) const {
        switch (f) {
        case FuncId::Exp: return "e^x";
        case FuncId::Log: return "ln";
        case FuncId::Abs: return "|x|";
        default: return function_info(f).name;
        }
    }
    std::string nondiff_en(const Step &s) const {
        if (s.func == FuncId::Count || function_info(s.func).differentiable_at_0) return "";
        std::string where = s.rule == Rule::Chain ? tex(s.inner) : latex_symbol(var_->name);
        return "; it is not differentiable where $" + where + " = 0$";
    }
    std::string nondiff_ko(const Step &s) const {
        if (s.func == FuncId::Count || function_info(s.func).differentiable_at_0) return "";
        std::string where = s.rule == Rule::Chain ? tex(s.inner) : latex_symbol(var_->name);
        return " (단, $" + where + " = 0$인 점에서는 미분할 수 없습니다)";
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
