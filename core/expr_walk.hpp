// Iterative tree walks. Deep expressions (sin(sin(...)) a thousand levels down) must not
// consume native stack frames, especially in the browser where the stack is small, so every
// walk over an expression goes through these explicit-stack helpers.
#pragma once

#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace leibniz {

template <class F> void for_each_postorder(const Expr &root, F &&visit) {
    std::unordered_set<const Node *> done;
    std::vector<std::pair<const Node *, std::size_t>> stack;
    stack.emplace_back(root.get(), 0);
    while (!stack.empty()) {
        auto &top = stack.back();
        const Node *n = top.first;
        if (top.second == 0 && done.count(n)) {
            stack.pop_back();
            continue;
        }
        if (top.second < n->children.size()) {
            const Node *c = n->children[top.second++].get();
            if (!done.count(c)) stack.emplace_back(c, 0);
            continue;
        }
        stack.pop_back();
        if (done.insert(n).second) visit(*n);
    }
}

// Bottom-up transform: result(n) = combine(n, results of n's children), memoized per node.
// `combine(const Node&, const std::vector<R>& child_results) -> R`.
template <class R, class F> R fold_postorder(const Expr &root, F &&combine) {
    std::unordered_map<const Node *, R> memo;
    std::vector<std::pair<const Node *, std::size_t>> stack;
    std::vector<R> args;
    stack.emplace_back(root.get(), 0);
    while (!stack.empty()) {
        auto &top = stack.back();
        const Node *n = top.first;
        if (top.second < n->children.size()) {
            const Node *c = n->children[top.second++].get();
            if (!memo.count(c)) stack.emplace_back(c, 0);
            continue;
        }
        stack.pop_back();
        if (memo.count(n)) continue;
        args.clear();
        for (const Expr &c : n->children) args.push_back(memo.at(c.get()));
        memo.emplace(n, combine(*n, args));
    }
    return memo.at(root.get());
}

} // namespace leibniz
