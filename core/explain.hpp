// Step-by-step explanations, rendered from the steps differentiation recorded (diff.hpp).
// One renderer for every language: the rule data decides what is said, the language only
// how. Formulas are LaTeX; inside `text`, math is delimited by `$...$`.
#pragma once

#include "diff.hpp"

#include <string>
#include <vector>

namespace leibniz {

enum class Lang { En, Ko };
bool parse_lang(const std::string &s, Lang &out);

struct RenderedStep {
    std::size_t id;
    std::string rule;  // machine name: "chain", "product", "sin", ...
    std::string title; // "Chain rule" / "연쇄 법칙"
    std::string latex; // the equation: \frac{d}{dx}(...) = formula [= result]
    std::string text;  // one sentence, math in $...$
    std::string rule_latex; // the rule in general form, for a tooltip: (fg)' = f'g + fg'.
    std::vector<std::size_t> children;
};

struct Explanation {
    std::string var;
    std::vector<RenderedStep> steps; // steps[0] is the root; children refer to ids
    std::size_t omitted = 0;         // steps left out beyond the size limit (all of them)
    bool has_simplify = false;
    RenderedStep simplify; // the formula of the root, simplified to the answer
};

struct ExplainOptions {
    Lang lang = Lang::En;
    bool partial = false;   // write \partial
    std::string lhs;        // "y" for `y = ...`: the chain rule then speaks of dy/dx
    std::string substitution = "u"; // the chain rule's new variable (DiffContext::substitution)
    std::size_t max_steps = 200;
    std::size_t max_chars = 5000; // per formula; longer ones are elided (\dots)
};

// `steps` as recorded by one differentiate() call (root last); `answer` is the final,
// simplified result shown to the user.
Explanation explain(const std::vector<Step> &steps, const Expr &var, const Expr &answer,
                    const ExplainOptions &opt);

// Name of a rule in a language (for legends and tooltips).
std::string rule_title(const std::string &rule, Lang lang);
// The rule in general form (LaTeX), e.g. "(fg)' = f'g + fg'"; "" for unknown ids.
std::string rule_formula(const std::string &rule);

} // namespace leibniz
