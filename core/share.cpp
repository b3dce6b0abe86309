#include "share.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <unordered_set>

namespace leibniz {

namespace {

constexpr std::size_t kSaturate = std::numeric_limits<std::size_t>::max() / 4;

std::size_t sat_add(std::size_t a, std::size_t b) { return std::min(kSaturate, a + b); }
std::size_t sat_mul(std::size_t a, std::size_t b) {
    if (a == 0 || b == 0) return 0;
    return a > kSaturate / b ? kSaturate : a * b;
}

// The same node with other children (structure kept: the printer shows what it was given).
Expr rebuild(const Node &n, std::vector<Expr> children) {
    switch (n.kind) {
    case Kind::Add: return raw_add(std::move(children));
    case Kind::Mul: return raw_mul(std::move(children));
    case Kind::Pow: return raw_pow(children[0], children[1]);
    case Kind::Func: return raw_func(n.func(), std::move(children));
    default: break;
    }
    return Expr(const_cast<Node *>(&n));
}

bool is_leaf(const Node &n) { return n.children.empty(); }

// Every distinct node of all roots, children before parents (a subtree shared by several
// roots is walked once per root but listed once).
std::vector<const Node *> postorder(const std::vector<Expr> &roots, NodeMap<std::uint32_t> &index) {
    std::vector<const Node *> order;
    for (const Expr &r : roots) {
        if (index.contains(r.get())) continue;
        for_each_postorder(r, [&](const Node &n) {
            if (index.contains(&n)) return;
            index.insert(&n, static_cast<std::uint32_t>(order.size()));
            order.push_back(&n);
        });
    }
    return order;
}

std::string pick_prefix(const std::vector<Expr> &roots, const std::vector<std::string> &taken) {
    std::unordered_set<std::string> names(taken.begin(), taken.end());
    for (const Expr &r : roots)
        for (const std::string &s : free_symbols(r)) names.insert(s);
    auto clashes = [&](const std::string &p) {
        for (const std::string &n : names)
            if (n == p || n.rfind(p + "_", 0) == 0) return true;
        return false;
    };
    for (const char *p : {"u", "v", "w", "q", "r", "s", "t", "z"})
        if (!clashes(p)) return p;
    for (int k = 0;; ++k) {
        std::string p = "u" + std::to_string(k);
        if (!clashes(p)) return p;
    }
}

} // namespace

SharedForm share_subexpressions(const std::vector<Expr> &roots, const std::vector<std::string> &taken,
                                const ShareOptions &options) {
    SharedForm form;
    NodeMap<std::uint32_t> index;
    std::vector<const Node *> order = postorder(roots, index);
    const std::size_t n = order.size();
    auto at = [&](const Expr &e) { return index.at(e.get()); };

    // Tree-view sizes and occurrence counts in the fully expanded form.
    std::vector<std::size_t> size(n, 1), occurs(n, 0);
    for (std::size_t i = 0; i < n; ++i)
        for (const Expr &c : order[i]->children) size[i] = sat_add(size[i], size[at(c)]);
    std::vector<bool> is_root(n, false);
    for (const Expr &r : roots) {
        std::uint32_t i = at(r);
        occurs[i] = sat_add(occurs[i], 1);
        is_root[i] = true;
        form.expanded_nodes = sat_add(form.expanded_nodes, size[i]);
    }
    if (options.only_if_shrinks_by > 0 && sat_mul(n, options.only_if_shrinks_by) > form.expanded_nodes) {
        form.roots = roots;
        form.compact_nodes = form.expanded_nodes;
        return form;
    }
    for (std::size_t i = n; i-- > 0;)
        for (const Expr &c : order[i]->children) occurs[at(c)] = sat_add(occurs[at(c)], occurs[i]);

    // Bottom-up: name a shared node when it is big once its named parts count as one.
    std::vector<bool> named(n, false);
    std::vector<std::size_t> compact(n, 1);
    for (std::size_t i = 0; i < n; ++i) {
        for (const Expr &c : order[i]->children) {
            std::uint32_t k = at(c);
            compact[i] = sat_add(compact[i], named[k] ? 1 : compact[k]);
        }
        // A function of a variable or of a name is a link of a chain (u_2 = sin u_1): naming
        // every link reads better than cutting a nest every few levels.
        const Node &node = *order[i];
        bool link = node.kind == Kind::Func && node.children.size() == 1 &&
                    (is_leaf(*node.children[0]) || named[at(node.children[0])]);
        named[i] = !is_leaf(node) && !is_root[i] && occurs[i] >= 2 && (link || compact[i] >= options.min_nodes);
    }
    // Top-down: count occurrences in the named form; a name used once is inlined again (the
    // nodes below it keep their counts: it still contributes exactly one occurrence).
    std::vector<std::size_t> uses(n, 0);
    for (const Expr &r : roots) uses[at(r)] = sat_add(uses[at(r)], 1);
    for (std::size_t i = n; i-- > 0;) {
        if (named[i] && uses[i] < 2) named[i] = false;
        std::size_t each = named[i] ? (uses[i] > 0 ? 1 : 0) : uses[i];
        for (const Expr &c : order[i]->children) uses[at(c)] = sat_add(uses[at(c)], each);
    }

    // Rebuild bottom-up; names are numbered in definition order.
    std::string prefix = pick_prefix(roots, taken);
    std::vector<Expr> shown(n); // what a parent prints for node i: its name or its rebuilt self
    std::size_t total = 0;
    std::vector<std::size_t> printed(n, 1); // tree-view nodes of i in the named form
    std::vector<std::size_t> newest(n, 0);  // highest name number i shows (0: none)
    std::vector<std::pair<std::size_t, Expr>> keyed;
    for (std::size_t i = 0; i < n; ++i) {
        const Node &node = *order[i];
        Expr self;
        if (is_leaf(node)) {
            self = Expr(const_cast<Node *>(&node));
        } else {
            std::vector<Expr> kids;
            kids.reserve(node.children.size());
            bool same = true;
            for (const Expr &c : node.children) {
                std::uint32_t k = at(c);
                kids.push_back(shown[k]);
                same = same && shown[k] == c;
                printed[i] = sat_add(printed[i], named[k] ? 1 : printed[k]);
                newest[i] = std::max(newest[i], newest[k]);
            }
            if (!same && node.kind == Kind::Mul) {
                // A chain rule's factors in the order of their names, outermost first:
                // cos(u_999)·cos(u_998)·…·cos x rather than the hash order of the builders.
                // Numbers stay in front (the printer reads a leading -1 as a sign).
                keyed.clear();
                for (std::size_t j = 0; j < kids.size(); ++j)
                    keyed.emplace_back(kids[j].is_number() ? SIZE_MAX : newest[at(node.children[j])], kids[j]);
                std::stable_sort(keyed.begin(), keyed.end(),
                                 [](const auto &a, const auto &b) { return a.first > b.first; });
                for (std::size_t j = 0; j < kids.size(); ++j) kids[j] = keyed[j].second;
            }
            self = same ? Expr(const_cast<Node *>(&node)) : rebuild(node, std::move(kids));
        }
        if (named[i]) {
            std::string name = prefix + "_" + std::to_string(form.definitions.size() + 1);
            newest[i] = form.definitions.size() + 1;
            form.definitions.push_back({name, self});
            total = sat_add(total, printed[i]);
            shown[i] = sym(name);
        } else {
            shown[i] = self;
        }
        if (i % 256 == 255) check_expr_deadline();
    }
    for (const Expr &r : roots) {
        std::uint32_t i = at(r);
        form.roots.push_back(shown[i]);
        total = sat_add(total, named[i] ? 1 : printed[i]);
    }
    form.compact_nodes = total;
    return form;
}

bool compact_pays(const SharedForm &form, std::size_t min_expanded, std::size_t factor) {
    return !form.definitions.empty() && form.expanded_nodes >= min_expanded &&
           sat_mul(form.compact_nodes, factor) <= form.expanded_nodes;
}

std::vector<Expr> expand_shared(const SharedForm &form) {
    NodeMap<Expr> value;    // symbol node of a name -> its expanded value
    std::vector<Expr> keep; // holds the name symbols the map is keyed by
    auto expand = [&](const Expr &e) {
        return fold_postorder<Expr>(e, [&](const Node &node, const std::vector<Expr> &kids) {
            if (node.kind == Kind::Symbol) {
                if (Expr *v = value.find(&node)) return *v;
            }
            if (node.children.empty()) return Expr(const_cast<Node *>(&node));
            return rebuild(node, kids);
        });
    };
    for (const SharedDefinition &d : form.definitions) {
        Expr v = expand(d.value);
        keep.push_back(sym(d.name));
        value.insert(keep.back().get(), v);
    }
    std::vector<Expr> out;
    for (const Expr &r : form.roots) out.push_back(expand(r));
    return out;
}

} // namespace leibniz
