// Naming repeated subexpressions, so that a result whose tree view is huge but whose DAG is
// small prints in size proportional to the DAG.
//
// The derivative of a 1000-deep nest sin(sin(...sin x)) is cos(s999)·cos(s998)·…·cos x where
// every s_k = sin(s_{k-1}) is shared: 1000 distinct nodes, but half a million in the printed
// tree (2.5 MB of text). Named, it reads
//     cos(sin u_1)·… · cos x,  where u_1 = sin(sin(sin(sin(sin x)))), u_2 = …
// and prints in O(n). This is display-level common-subexpression elimination over the
// hash-consed DAG: no algebra, the named form means exactly the same expression.
#pragma once

#include "expr.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace leibniz {

struct SharedDefinition {
    std::string name; // u_1, u_2, ...: a symbol free in none of the inputs
    Expr value;       // in terms of earlier names only
};

struct SharedForm {
    std::vector<SharedDefinition> definitions; // each before any definition that uses it
    std::vector<Expr> roots;                   // the inputs in terms of the names
    std::size_t expanded_nodes = 0;            // tree-view nodes of the inputs (saturating)
    std::size_t compact_nodes = 0;             // tree-view nodes of definitions + roots
};

struct ShareOptions {
    // A subexpression is named when it occurs at least twice in the printed form and has at
    // least this many tree-view nodes once its own named parts count as one.
    std::size_t min_nodes = 6;
    // > 0: name nothing unless the distinct nodes are fewer than the tree-view nodes divided
    // by this (the named form prints every distinct node at least once, so it cannot be that
    // much shorter otherwise). Saves the analysis on large results without sharing (a sum of
    // 100,000 terms: 1 s of 3).
    std::size_t only_if_shrinks_by = 0;
};

// Names the subexpressions of `roots` (printed together, e.g. a gradient's components) that
// are shared and large enough. Names avoid `taken` (the variables) and every symbol of the
// roots. Linear in the number of distinct nodes; never recurses on the native stack.
SharedForm share_subexpressions(const std::vector<Expr> &roots, const std::vector<std::string> &taken,
                                const ShareOptions &options = ShareOptions());

// Whether the named form is worth showing instead of the expanded one: the tree view is
// large (at least `min_expanded` nodes) and naming shrinks it at least `factor` times.
bool compact_pays(const SharedForm &form, std::size_t min_expanded = 2000, std::size_t factor = 3);

// The inverse: substitutes the definitions back (for tests and the fuzzers).
std::vector<Expr> expand_shared(const SharedForm &form);

} // namespace leibniz
