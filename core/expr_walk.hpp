// Iterative tree walks. Deep expressions (sin(sin(...)) a thousand levels down) must not
// consume native stack frames, especially in the browser where the stack is small, so every
// walk over an expression goes through these explicit-stack helpers.
#pragma once

#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace leibniz {

// Node -> value, scanning linearly while small (most expressions have a few dozen nodes)
// and hashing past that: cheaper than a hash map for the common case.
template <class R> class NodeMap {
  public:
    R *find(const Node *k) {
        if (!big_.empty()) {
            auto it = big_.find(k);
            return it == big_.end() ? nullptr : &it->second;
        }
        for (auto &e : small_)
            if (e.first == k) return &e.second;
        return nullptr;
    }
    bool contains(const Node *k) { return find(k) != nullptr; }
    void insert(const Node *k, R v) {
        if (big_.empty() && small_.size() < 32) {
            small_.emplace_back(k, std::move(v));
            return;
        }
        if (big_.empty())
            for (auto &e : small_) big_.emplace(e.first, std::move(e.second));
        big_.emplace(k, std::move(v));
    }
    R &at(const Node *k) { return *find(k); }

  private:
    std::vector<std::pair<const Node *, R>> small_;
    std::unordered_map<const Node *, R> big_;
};

template <class F> void for_each_postorder(const Expr &root, F &&visit) {
    NodeMap<bool> done;
    std::vector<std::pair<const Node *, std::size_t>> stack;
    stack.emplace_back(root.get(), 0);
    while (!stack.empty()) {
        auto &top = stack.back();
        const Node *n = top.first;
        if (top.second == 0 && done.contains(n)) {
            stack.pop_back();
            continue;
        }
        if (top.second < n->children.size()) {
            const Node *c = n->children[top.second++].get();
            if (!done.contains(c)) stack.emplace_back(c, 0);
            continue;
        }
        stack.pop_back();
        if (!done.contains(n)) {
            done.insert(n, true);
            visit(*n);
        }
    }
}

// Bottom-up transform: result(n) = combine(n, results of n's children), memoized per node.
// `combine(const Node&, const std::vector<R>& child_results) -> R`.
template <class R, class F> R fold_postorder(const Expr &root, F &&combine) {
    NodeMap<R> memo;
    std::vector<std::pair<const Node *, std::size_t>> stack;
    std::vector<R> args;
    stack.emplace_back(root.get(), 0);
    while (!stack.empty()) {
        auto &top = stack.back();
        const Node *n = top.first;
        if (top.second < n->children.size()) {
            const Node *c = n->children[top.second++].get();
            if (!memo.contains(c)) stack.emplace_back(c, 0);
            continue;
        }
        stack.pop_back();
        if (memo.contains(n)) continue;
        args.clear();
        for (const Expr &c : n->children) args.push_back(memo.at(c.get()));
        R r = combine(*n, args);
        memo.insert(n, std::move(r));
    }
    return memo.at(root.get());
}

} // namespace leibniz
