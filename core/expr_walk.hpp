// Iterative tree walks. Deep expressions (sin(sin(...)) a thousand levels down) must not
// consume native stack frames, especially in the browser where the stack is small, so every
// walk over an expression goes through these explicit-stack helpers.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace leibniz {

// Node -> value, scanning linearly while small (most expressions have a few dozen nodes)
// and through an open-addressing index past that: entries live in one vector in insertion
// order, so inserting allocates nothing per entry (a std::unordered_map allocated a node
// for each, which dominated large sums). Pointers from find() last until the next insert.
template <class R> class NodeMap {
  public:
    R *find(const Node *k) {
        if (index_.empty()) {
            for (auto &e : entries_)
                if (e.first == k) return &e.second;
            return nullptr;
        }
        std::size_t mask = index_.size() - 1;
        for (std::size_t i = slot(k) & mask;; i = (i + 1) & mask) {
            std::uint32_t at = index_[i];
            if (at == 0) return nullptr;
            if (entries_[at - 1].first == k) return &entries_[at - 1].second;
        }
    }
    bool contains(const Node *k) { return find(k) != nullptr; }
    // `k` must not be present yet.
    void insert(const Node *k, R v) {
        entries_.emplace_back(k, std::move(v));
        if (!index_.empty()) {
            if (entries_.size() * 2 > index_.size())
                rehash(index_.size() * 2);
            else
                place(entries_.size() - 1);
        } else if (entries_.size() > kLinear) {
            rehash(128);
        }
    }
    R &at(const Node *k) { return *find(k); }

  private:
    static constexpr std::size_t kLinear = 32;
    std::vector<std::pair<const Node *, R>> entries_;
    std::vector<std::uint32_t> index_; // entry position + 1; 0 = empty; size a power of two

    static std::size_t slot(const Node *k) {
        auto v = static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(k));
        return static_cast<std::size_t>((v * 0x9E3779B97F4A7C15ull) >> 32);
    }
    void place(std::size_t pos) {
        std::size_t mask = index_.size() - 1;
        std::size_t i = slot(entries_[pos].first) & mask;
        while (index_[i] != 0) i = (i + 1) & mask;
        index_[i] = static_cast<std::uint32_t>(pos + 1);
    }
    void rehash(std::size_t n) {
        index_.assign(n, 0);
        for (std::size_t p = 0; p < entries_.size(); ++p) place(p);
    }
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
