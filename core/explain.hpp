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
    // Stable for one input and request: ExplainOptions::id_base + the step's index in the
    // recording, so a later request can ask for the sub-tree under it (ExplainOptions::root).
    std::size_t id;
    std::string rule;  // machine name: "chain", "product", "sin", ...
    std::string title; // "Chain rule" / "연쇄 법칙"
    std::string latex; // the equation: \frac{d}{dx}(...) = formula [= result]
    std::string text;  // one sentence, math in $...$
    std::string rule_latex; // the rule in general form, for a tooltip: (fg)' = f'g + fg'.
    std::vector<std::size_t> children;
    // A step beyond the size budget: only id, rule, title and rule_latex are filled in, and
    // `count` is the number of distinct steps under it (itself included), up to max_steps + 1.
    // Explaining it again with ExplainOptions::root = id gives its sub-tree.
    bool collapsed = false;
    std::size_t count = 0;
};

struct Explanation {
    std::string var;
    // steps[0] is the root, then breadth first; children refer to ids. Every child of a
    // step is in the list, in full or as a collapsed placeholder.
    std::vector<RenderedStep> steps;
    std::size_t omitted = 0;         // distinct steps not rendered in full (behind placeholders)
    bool has_simplify = false;
    RenderedStep simplify; // the formula of the root, simplified to the answer
};

struct ExplainOptions {
    Lang lang = Lang::En;
    bool partial = false;   // write \partial
    std::string lhs;        // "y" for `y = ...`: the chain rule then speaks of dy/dx
    std::string substitution = "u"; // the chain rule's new variable (DiffContext::substitution)
    std::size_t max_steps = 200;  // steps rendered in full; the rest become placeholders
    std::size_t max_chars = 5000; // per formula; longer ones are elided (\dots)
    std::size_t id_base = 0;      // ids are id_base + the step's index in the recording
    std::size_t root = kWholeTree; // else: explain only the sub-tree of the step with this id
    static constexpr std::size_t kWholeTree = static_cast<std::size_t>(-1);
};

// `steps` as recorded by one differentiate() call (root last); `answer` is the final,
// simplified result shown to the user. A sub-tree (opt.root) has no simplify step.
// Throws std::out_of_range when opt.root is not the id of one of `steps`.
Explanation explain(const std::vector<Step> &steps, const Expr &var, const Expr &answer,
                    const ExplainOptions &opt);

// Name of a rule in a language (for legends and tooltips).
std::string rule_title(const std::string &rule, Lang lang);
// The rule in general form (LaTeX), e.g. "(fg)' = f'g + fg'"; "" for unknown ids.
std::string rule_formula(const std::string &rule);

} // namespace leibniz
