#include "expr.hpp"

#include "functions.hpp"
#include "limits.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

namespace leibniz {

// ---------------------------------------------------------------------------------------
// Interning and lifetime
// ---------------------------------------------------------------------------------------
namespace {

bool fraction_here(const Node &n);

std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
    h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
    return h * 0xBF58476D1CE4E5B9ull;
}

std::uint64_t hash_string(const std::string &s) {
    std::uint64_t h = 1469598103934665603ull;
    for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    return h;
}

bool shallow_equal(const Node *a, const Node *b) {
    if (a == b) return true;
    if (a->hash != b->hash || a->kind != b->kind || a->id != b->id) return false;
    switch (a->kind) {
    case Kind::Number:
        return a->num == b->num;
    case Kind::Symbol:
        return a->name == b->name;
    case Kind::Constant:
        return true;
    case Kind::Add:
    case Kind::Mul:
    case Kind::Pow:
    case Kind::Func:
        return a->children == b->children; // children are interned: pointer equality
    }
    return false;
}

// The set of live nodes: open addressing with linear probing and backward-shift deletion.
// Every node is created and destroyed through it, so it allocates nothing per node (a
// std::unordered_set allocated a list node per entry) and probes one flat array. Slots keep
// the hash next to the pointer, so a probe touches a node only when the hashes agree.
class InternTable {
  public:
    std::size_t size() const { return count_; }

    Node *find(const Node &key) const {
        if (slots_.empty()) return nullptr;
        std::size_t mask = slots_.size() - 1;
        for (std::size_t i = home(key.hash);; i = (i + 1) & mask) {
            const Slot &s = slots_[i];
            if (!s.node) return nullptr;
            if (s.hash == key.hash && shallow_equal(s.node, &key)) return s.node;
        }
    }
    void insert(Node *n) {
        if ((count_ + 1) * 4 > slots_.size() * 3) grow();
        place({n->hash, n});
        ++count_;
    }
    void erase(Node *n) {
        if (slots_.empty()) return;
        std::size_t mask = slots_.size() - 1;
        std::size_t i = home(n->hash);
        while (slots_[i].node != n) {
            if (!slots_[i].node) return; // not a member
            i = (i + 1) & mask;
        }
        // Shift later members of the probe run back into the gap.
        for (std::size_t j = (i + 1) & mask; slots_[j].node; j = (j + 1) & mask) {
            std::size_t h = home(slots_[j].hash);
            bool movable = i <= j ? (h <= i || h > j) : (h <= i && h > j);
            if (movable) {
                slots_[i] = slots_[j];
                i = j;
            }
        }
        slots_[i] = Slot{};
        --count_;
    }

  private:
    struct Slot {
        std::uint64_t hash = 0;
        Node *node = nullptr;
    };
    std::vector<Slot> slots_; // size a power of two, at most 3/4 full
    std::size_t count_ = 0;

    std::size_t home(std::uint64_t h) const { return static_cast<std::size_t>(h ^ (h >> 31)) & (slots_.size() - 1); }
    void place(Slot s) {
        std::size_t mask = slots_.size() - 1;
        std::size_t i = home(s.hash);
        while (slots_[i].node) i = (i + 1) & mask;
        slots_[i] = s;
    }
    void grow() {
        std::vector<Slot> old = std::move(slots_);
        slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
        for (const Slot &s : old)
            if (s.node) place(s);
    }
};

// Leaked on purpose: expressions in static storage may die after a static table would.
auto &table = *new InternTable();
auto &dying = *new std::vector<Node *>();
bool destroying = false;
std::size_t g_max_depth = 2000;
std::chrono::steady_clock::time_point g_deadline;
std::size_t g_budget_ms = 0;
std::uint32_t g_interns = 0;
std::size_t g_max_nodes = 4'000'000;


// Free list of node-sized blocks, carved from chunks that are kept for reuse: cheaper than
// a malloc and a free per node. Single-threaded, like the intern table.
union FreeBlock {
    FreeBlock *next;
    alignas(Node) unsigned char storage[sizeof(Node)];
};
FreeBlock *g_free_nodes = nullptr;

FreeBlock *refill_nodes() {
    constexpr std::size_t kChunk = 256;
    auto *chunk = static_cast<FreeBlock *>(::operator new(sizeof(FreeBlock) * kChunk));
    for (std::size_t i = 0; i + 1 < kChunk; ++i) chunk[i].next = &chunk[i + 1];
    chunk[kChunk - 1].next = nullptr;
    return chunk;
}

void destroy(Node *n) {
    dying.push_back(n);
    if (destroying) return;
    destroying = true;
    while (!dying.empty()) {
        Node *x = dying.back();
        dying.pop_back();
        table.erase(x);
        std::vector<Expr> kids = std::move(x->children);
        delete x;
        kids.clear(); // may push more nodes onto `dying`
    }
    destroying = false;
}

std::uint64_t compute_hash(const Node &n) {
    std::uint64_t h = mix(static_cast<std::uint64_t>(n.kind) + 1, n.id);
    switch (n.kind) {
    case Kind::Number:
        return mix(h, n.num.hash());
    case Kind::Symbol:
        return mix(h, hash_string(n.name));
    case Kind::Constant:
        return h;
    case Kind::Add:
    case Kind::Mul:
    case Kind::Pow:
    case Kind::Func:
        for (const Expr &c : n.children) h = mix(h, c->hash);
        return h;
    }
    return h;
}

void check_deadline() {
    if (g_budget_ms && std::chrono::steady_clock::now() > g_deadline)
        throw LimitError("max_time_ms", "the computation took longer than the limit of " +
                                            (g_budget_ms % 1000 == 0
                                                 ? std::to_string(g_budget_ms / 1000) + " s"
                                                 : std::to_string(g_budget_ms) + " ms"));
}

Expr intern(Node &&tmp) {
    if ((++g_interns & 1023) == 0) check_deadline();
    std::uint32_t depth = 1;
    for (const Expr &c : tmp.children) depth = std::max(depth, c->depth + 1);
    tmp.depth = depth;
    tmp.hash = compute_hash(tmp);
    if (Node *found = table.find(tmp)) return Expr(found);
    if (depth > g_max_depth)
        throw LimitError("max_depth", "the expression is nested deeper than the limit of " +
                                          std::to_string(g_max_depth) + " levels");
    if (table.size() >= g_max_nodes)
        throw LimitError("max_nodes", "the computation needs more than the limit of " +
                                          std::to_string(g_max_nodes) + " expression nodes");
    Node *n = new Node(std::move(tmp));
    n->refs = 0;
    n->has_fraction = fraction_here(*n);
    n->has_symbol = n->kind == Kind::Symbol;
    std::uint64_t tree = 1;
    for (const Expr &c : n->children) tree += c->tree_nodes;
    n->tree_nodes = static_cast<std::uint32_t>(std::min<std::uint64_t>(tree, UINT32_MAX));
    for (const Expr &c : n->children) {
        n->has_fraction = n->has_fraction || c->has_fraction;
        n->has_symbol = n->has_symbol || c->has_symbol;
        n->has_constant_application = n->has_constant_application || c->has_constant_application;
    }
    if (!n->has_symbol && (n->kind == Kind::Func || n->kind == Kind::Pow)) n->has_constant_application = true;
    table.insert(n);
    return Expr(n);
}

Expr make(Kind k, std::vector<Expr> children, std::uint8_t id = 0) {
    Node tmp;
    tmp.kind = k;
    tmp.id = id;
    tmp.children = std::move(children);
    return intern(std::move(tmp));
}

Expr mark_canonical(Expr e) {
    e->canonical = true;
    return e;
}

bool negative_number(const Expr &e) { return e.is_number() && e->num.is_negative(); }

// Whether a node prints as a quotient: a rational number, a negative power, or a product
// with either.
bool fraction_here(const Node &n) {
    switch (n.kind) {
    case Kind::Number:
        return !n.num.is_integer();
    case Kind::Pow:
        return negative_number(n.children[1]) ||
               (n.children[1].kind() == Kind::Mul && negative_number(n.children[1]->children[0]));
    case Kind::Mul:
        for (const Expr &f : n.children)
            if ((f.is_number() && !f->num.is_integer()) || (f.kind() == Kind::Pow && fraction_here(*f)))
                return true;
        return false;
    default:
        return false;
    }
}

} // namespace

void *Node::operator new(std::size_t size) {
    if (size != sizeof(Node)) return ::operator new(size);
    if (!g_free_nodes) g_free_nodes = refill_nodes();
    FreeBlock *b = g_free_nodes;
    g_free_nodes = b->next;
    return b;
}
void Node::operator delete(void *p, std::size_t size) noexcept {
    if (!p) return;
    if (size != sizeof(Node)) {
        ::operator delete(p);
        return;
    }
    auto *b = static_cast<FreeBlock *>(p);
    b->next = g_free_nodes;
    g_free_nodes = b;
}

bool is_canonical(const Expr &e) {
    Kind k = e.kind();
    return k == Kind::Number || k == Kind::Symbol || k == Kind::Constant || e->canonical;
}

Expr::Expr(Node *n) : p_(n) {
    if (p_) ++p_->refs;
}
Expr::Expr(const Expr &o) : p_(o.p_) {
    if (p_) ++p_->refs;
}
Expr &Expr::operator=(const Expr &o) {
    if (o.p_) ++o.p_->refs;
    Node *old = p_;
    p_ = o.p_;
    if (old && --old->refs == 0) destroy(old);
    return *this;
}
Expr &Expr::operator=(Expr &&o) noexcept {
    if (this != &o) {
        Node *old = p_;
        p_ = o.p_;
        o.p_ = nullptr;
        if (old && --old->refs == 0) destroy(old);
    }
    return *this;
}
Expr::~Expr() {
    if (p_ && --p_->refs == 0) destroy(p_);
}

bool Expr::is_zero() const { return p_ && p_->kind == Kind::Number && p_->num.is_zero(); }
bool Expr::is_one() const { return p_ && p_->kind == Kind::Number && p_->num.is_one(); }
bool Expr::is_minus_one() const {
    return p_ && p_->kind == Kind::Number && p_->num.is_minus_one();
}

void set_expr_limits(std::size_t max_depth, std::size_t max_nodes) {
    g_max_depth = max_depth;
    g_max_nodes = max_nodes;
}
std::size_t live_nodes() { return table.size(); }

void check_expr_deadline() { check_deadline(); }

void set_expr_deadline(std::size_t max_time_ms) {
    g_budget_ms = max_time_ms;
    g_deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(max_time_ms);
}

// ---------------------------------------------------------------------------------------
// Atoms and raw constructors
// ---------------------------------------------------------------------------------------
Expr num(const Number &n) {
    // Small integers are made once and kept: they are most of the numbers built.
    static auto &small = *new std::vector<Expr>();
    constexpr long long kLo = -64, kHi = 64;
    bool cacheable = n.fits_small() && n.small_den() == 1 && n.small_num() >= kLo && n.small_num() <= kHi;
    if (cacheable && !small.empty()) return small[static_cast<std::size_t>(n.small_num() - kLo)];
    if (cacheable) {
        for (long long v = kLo; v <= kHi; ++v) {
            Node t;
            t.kind = Kind::Number;
            t.num = Number(v);
            small.push_back(intern(std::move(t)));
        }
        return small[static_cast<std::size_t>(n.small_num() - kLo)];
    }
    Node tmp;
    tmp.kind = Kind::Number;
    tmp.num = n;
    return intern(std::move(tmp));
}
Expr num(long long n) { return num(Number(n)); }

Expr sym(const std::string &name) {
    Node tmp;
    tmp.kind = Kind::Symbol;
    tmp.name = name;
    return intern(std::move(tmp));
}

Expr constant(ConstId c) {
    Node tmp;
    tmp.kind = Kind::Constant;
    tmp.id = static_cast<std::uint8_t>(c);
    return intern(std::move(tmp));
}

Expr raw_add(std::vector<Expr> terms) {
    if (terms.size() == 1) return terms[0];
    return make(Kind::Add, std::move(terms));
}
Expr raw_mul(std::vector<Expr> factors) {
    if (factors.size() == 1) return factors[0];
    return make(Kind::Mul, std::move(factors));
}
Expr raw_pow(const Expr &base, const Expr &exponent) {
    return make(Kind::Pow, {base, exponent});
}
Expr raw_func(FuncId f, std::vector<Expr> args) {
    return make(Kind::Func, std::move(args), static_cast<std::uint8_t>(f));
}

Expr raw_negate(const Expr &e) {
    if (e.is_number()) return num(-e->num);
    if (e.kind() == Kind::Mul && e->children[0].is_number()) {
        std::vector<Expr> f = e->children;
        Number c = -f[0]->num;
        if (c.is_one())
            f.erase(f.begin());
        else
            f[0] = num(c);
        return raw_mul(std::move(f));
    }
    return raw_mul({num(-1), e});
}

// ---------------------------------------------------------------------------------------
// Display order (also the canonical order of children)
// ---------------------------------------------------------------------------------------
namespace {

// Shallow, deterministic comparison of two distinct nodes: kind, payload, then hash.
int compare_struct(const Expr &a, const Expr &b) {
    if (a == b) return 0;
    if (a->kind != b->kind) return a->kind < b->kind ? -1 : 1;
    switch (a->kind) {
    case Kind::Number:
        return a->num.compare(b->num);
    case Kind::Symbol:
        return a->name < b->name ? -1 : 1;
    case Kind::Constant:
        return a->id < b->id ? -1 : 1;
    case Kind::Func:
        if (a->id != b->id) return a->id < b->id ? -1 : 1;
        break;
    case Kind::Add:
    case Kind::Mul:
    case Kind::Pow:
        break;
    }
    // Compare the first differing child shallowly, so x^2 < x^3 and sin(x) < sin(y).
    std::size_t n = std::min(a->children.size(), b->children.size());
    for (std::size_t i = 0; i < n; ++i) {
        const Expr &ca = a->children[i], &cb = b->children[i];
        if (ca == cb) continue;
        if (ca->kind != cb->kind) return ca->kind < cb->kind ? -1 : 1;
        if (ca->kind == Kind::Number) return ca->num.compare(cb->num);
        if (ca->kind == Kind::Symbol) return ca->name < cb->name ? -1 : 1;
        if (ca->kind == Kind::Constant || ca->kind == Kind::Func)
            if (ca->id != cb->id) return ca->id < cb->id ? -1 : 1;
        if (ca->hash != cb->hash) return ca->hash < cb->hash ? -1 : 1;
        return ca.get() < cb.get() ? -1 : 1; // 64-bit hash collision: practically never
    }
    if (a->children.size() != b->children.size())
        return a->children.size() < b->children.size() ? -1 : 1;
    if (a->hash != b->hash) return a->hash < b->hash ? -1 : 1;
    return a.get() < b.get() ? -1 : 1;
}

// Rank of a factor in a product: numbers, constants, symbols, powers of numbers, groups,
// functions. Gives 18 x (3x^2 + 8)^2 and 2^x ln 2.
bool contains_function(const Expr &sum) {
    for (const Expr &t : sum->children) {
        auto check = [](const Expr &f) {
            const Expr &b = f.kind() == Kind::Pow ? f->base() : f;
            return b.kind() == Kind::Func;
        };
        if (check(t)) return true;
        if (t.kind() == Kind::Mul)
            for (const Expr &f : t->children)
                if (check(f)) return true;
    }
    return false;
}

int factor_rank(const Expr &f) {
    const Expr &b = f.kind() == Kind::Pow ? f->base() : f;
    switch (b.kind()) {
    case Kind::Number:
        return f.kind() == Kind::Pow && !f->exponent().is_number() ? 3 : 1;
    case Kind::Constant:
        return 1;
    case Kind::Symbol:
        return 2;
    case Kind::Add:
        // Polynomial groups follow the variables (18x(3x^2+8)^2); groups holding functions
        // follow the functions (sigma(x)(1 - sigma(x))).
        return contains_function(b) ? 7 : 4;
    case Kind::Mul:
    case Kind::Pow:
        return 4;
    case Kind::Func:
        if (b->func() == FuncId::Exp) return 3; // e^x cos x
        if (b->func() == FuncId::Abs) return 3; // |x| sqrt(x^2 - 1)
        return 5;
    }
    return 6;
}

// Order within one rank (factor_rank computed once per factor by sort_factors).
// Textbooks write sec x tan x and csc x cot x: reciprocal functions before their partners.
int function_display_order(FuncId f) {
    switch (f) {
    case FuncId::Sec: return static_cast<int>(FuncId::Tan) * 2 - 1;
    case FuncId::Csc: return static_cast<int>(FuncId::Cot) * 2 - 1;
    case FuncId::Sech: return static_cast<int>(FuncId::Tanh) * 2 - 1;
    case FuncId::Csch: return static_cast<int>(FuncId::Coth) * 2 - 1;
    default: return static_cast<int>(f) * 2;
    }
}

bool same_rank_less(const Expr &a, const Expr &b, int ra) {
    const Expr &ba = a.kind() == Kind::Pow ? a->base() : a;
    const Expr &bb = b.kind() == Kind::Pow ? b->base() : b;
    if (ra == 2 && ba != bb) return ba->name < bb->name;
    if (ra == 5 && ba->func() != bb->func())
        return function_display_order(ba->func()) < function_display_order(bb->func());
    if (ba != bb) return compare_struct(ba, bb) < 0;
    return compare_struct(a, b) < 0;
}

void sort_factors(std::vector<Expr> &fs) {
    std::vector<std::pair<int, Expr>> keyed;
    keyed.reserve(fs.size());
    for (Expr &f : fs) keyed.emplace_back(f.is_number() ? 0 : factor_rank(f), std::move(f));
    auto less = [](const auto &a, const auto &b) {
        if (a.first != b.first) return a.first < b.first;
        return same_rank_less(a.second, b.second, a.first);
    };
    // Distinct factors never tie: a product already in order needs only the linear check.
    if (!std::is_sorted(keyed.begin(), keyed.end(), less)) std::sort(keyed.begin(), keyed.end(), less);
    for (std::size_t i = 0; i < fs.size(); ++i) fs[i] = std::move(keyed[i].second);
}

// Sort key of a term in a sum: total degree, then the monomial, numbers last. The monomials
// of all terms share one vector (`TermKeys::mono`), so a key costs no allocation.
struct TermKey {
    bool is_number = false;
    double degree = 0;
    std::uint32_t mono_at = 0, mono_len = 0; // range in TermKeys::mono, sorted by name
    Expr rest;                               // the term without its numeric coefficient
    Expr term;
};

struct TermKeys {
    std::vector<std::pair<const std::string *, double>> mono;

    TermKey make(Expr t) {
        TermKey k;
        k.mono_at = static_cast<std::uint32_t>(mono.size());
        if (t.is_number()) {
            k.is_number = true;
            k.rest = num(1);
            k.term = std::move(t);
            return k;
        }
        auto visit = [&](const Expr &f) {
            if (f.is_symbol()) {
                mono.emplace_back(&f->name, 1.0);
                k.degree += 1;
            } else if (f.kind() == Kind::Pow && f->base().is_symbol() && f->exponent().is_number()) {
                double e = f->exponent()->num.to_double();
                mono.emplace_back(&f->base()->name, e);
                k.degree += e;
            }
        };
        if (t.kind() == Kind::Mul)
            for (const Expr &f : t->children) visit(f);
        else
            visit(t);
        k.mono_len = static_cast<std::uint32_t>(mono.size() - k.mono_at);
        if (k.mono_len > 1)
            std::sort(mono.begin() + k.mono_at, mono.end(), [](const auto &x, const auto &y) {
                return x.first != y.first && *x.first < *y.first;
            });
        k.rest = split_coefficient(t).second;
        k.term = std::move(t);
        return k;
    }

    int compare(const TermKey &a, const TermKey &b) const {
        if (a.is_number != b.is_number) return a.is_number ? 1 : -1;
        if (a.degree != b.degree) return a.degree > b.degree ? -1 : 1;
        std::size_t n = std::min(a.mono_len, b.mono_len);
        for (std::size_t i = 0; i < n; ++i) {
            const auto &x = mono[a.mono_at + i], &y = mono[b.mono_at + i];
            // Names are interned in their symbol nodes: equal pointers, equal names.
            if (x.first != y.first && *x.first != *y.first) return *x.first < *y.first ? -1 : 1;
            if (x.second != y.second) return x.second > y.second ? -1 : 1;
        }
        if (a.mono_len != b.mono_len) return a.mono_len > b.mono_len ? -1 : 1;
        return 0;
    }

    bool less(const TermKey &a, const TermKey &b) const {
        int c = compare(a, b);
        if (c != 0) return c < 0;
        if (a.rest != b.rest) return compare_struct(a.rest, b.rest) < 0;
        return compare_struct(a.term, b.term) < 0;
    }
};

void sort_terms(std::vector<Expr> &terms) {
    TermKeys keys;
    std::vector<TermKey> keyed;
    keyed.reserve(terms.size());
    for (Expr &t : terms) keyed.push_back(keys.make(std::move(t)));
    // Sort positions, not keys: swapping an index is cheaper than moving a key.
    std::vector<std::uint32_t> order(keyed.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<std::uint32_t>(i);
    auto less = [&](std::uint32_t a, std::uint32_t b) { return keys.less(keyed[a], keyed[b]); };
    // The order is total (distinct terms never tie), so a sum already in order (simplify
    // rebuilding a canonical sum) needs one linear check instead of a sort.
    if (!std::is_sorted(order.begin(), order.end(), less)) std::sort(order.begin(), order.end(), less);
    for (std::size_t i = 0; i < terms.size(); ++i) terms[i] = std::move(keyed[order[i]].term);
}

} // namespace

// ---------------------------------------------------------------------------------------
// Canonicalizing builders
// ---------------------------------------------------------------------------------------
std::pair<Number, Expr> split_coefficient(const Expr &t) {
    if (t.is_number()) return {t->num, num(1)};
    if (t.kind() == Kind::Mul && t->children[0].is_number()) {
        const auto &ch = t->children;
        if (ch.size() == 2) return {ch[0]->num, ch[1]};
        Expr rest = make(Kind::Mul, std::vector<Expr>(ch.begin() + 1, ch.end()));
        if (is_canonical(t)) mark_canonical(rest);
        return {ch[0]->num, rest};
    }
    return {Number(1), t};
}

namespace {
// Position of a key among collected items (`items[i].first`): a linear scan while there are
// few (no allocation), a hash index past that.
class ItemIndex {
  public:
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);
    template <class Items> std::size_t find(const Items &items, const Node *k) {
        if (!hashed_) {
            for (std::size_t i = 0; i < items.size(); ++i)
                if (items[i].first.get() == k) return i;
            if (items.size() < kLinear) return npos;
            hashed_ = true;
            for (std::size_t i = 0; i < items.size(); ++i) map_.insert(items[i].first.get(), i);
        }
        std::size_t *at = map_.find(k);
        return at ? *at : npos;
    }
    // Call after find() returned npos for `k`, before appending it at `pos`.
    void added(std::size_t pos, const Node *k) {
        if (hashed_) map_.insert(k, pos);
    }

  private:
    static constexpr std::size_t kLinear = 16;
    bool hashed_ = false;
    NodeMap<std::size_t> map_;
};

// c * rest where rest is canonical and not a number.
Expr scale(const Number &c, const Expr &rest) {
    if (c.is_zero()) return num(0);
    if (c.is_one()) return rest;
    std::vector<Expr> f;
    f.push_back(num(c));
    if (rest.kind() == Kind::Mul) {
        if (rest->children[0].is_number()) return mul({num(c), rest});
        f.insert(f.end(), rest->children.begin(), rest->children.end());
    } else {
        f.push_back(rest);
    }
    return mark_canonical(make(Kind::Mul, std::move(f)));
}
} // namespace

Expr add(std::vector<Expr> terms) {
    Number constant_term(0);
    std::vector<std::pair<Expr, Number>> items;
    items.reserve(terms.size());
    ItemIndex index;
    auto take = [&](const Expr &t) {
        if (t.is_number()) {
            constant_term = constant_term + t->num;
            return;
        }
        auto [c, rest] = split_coefficient(t);
        std::size_t at = index.find(items, rest.get());
        if (at != ItemIndex::npos) {
            items[at].second = items[at].second + c;
        } else {
            index.added(items.size(), rest.get());
            items.emplace_back(std::move(rest), c);
        }
    };
    for (const Expr &t : terms) {
        if (t.kind() == Kind::Add) {
            for (const Expr &u : t->children) take(u);
        } else if (t.kind() == Kind::Mul && t->children.size() == 2 && t->children[0].is_number() &&
                   t->children[1].kind() == Kind::Add) {
            // c (a + b) inside a sum is c a + c b, so y - (y - 1) collects to 1.
            const Number &c = t->children[0]->num;
            for (const Expr &u : t->children[1]->children) {
                auto [k, rest] = split_coefficient(u);
                take(u.is_number() ? num(c * u->num) : scale(c * k, rest));
            }
        } else {
            take(t);
        }
    }
    std::vector<Expr> out;
    out.reserve(items.size() + 1);
    for (auto &[rest, c] : items)
        if (!c.is_zero()) out.push_back(scale(c, rest));
    if (!constant_term.is_zero()) out.push_back(num(constant_term));
    if (out.empty()) return num(0);
    if (out.size() == 1) return out[0];
    sort_terms(out);
    return mark_canonical(make(Kind::Add, std::move(out)));
}

namespace {
const Expr &base_of(const Expr &f) { return f.kind() == Kind::Pow ? f->base() : f; }

// (canonical product) * f where f shares no base with it: insert f in order. O(k) instead
// of the general collect-and-sort, which matters for chain-rule products a thousand long.
Expr insert_factor(const Expr &m, const Expr &f) {
    const auto &ch = m->children;
    const Node *fb = base_of(f).get();
    for (const Expr &g : ch)
        if (base_of(g).get() == fb) return Expr();
    int rf = factor_rank(f);
    std::size_t lo = ch[0].is_number() ? 1 : 0, hi = ch.size();
    while (lo < hi) { // first position whose factor sorts after f
        std::size_t mid = (lo + hi) / 2;
        int rm = factor_rank(ch[mid]);
        bool after = rm != rf ? rf < rm : same_rank_less(f, ch[mid], rf);
        if (after)
            hi = mid;
        else
            lo = mid + 1;
    }
    std::vector<Expr> out;
    out.reserve(ch.size() + 1);
    out.insert(out.end(), ch.begin(), ch.begin() + static_cast<std::ptrdiff_t>(lo));
    out.push_back(f);
    out.insert(out.end(), ch.begin() + static_cast<std::ptrdiff_t>(lo), ch.end());
    return mark_canonical(make(Kind::Mul, std::move(out)));
}
} // namespace

Expr mul(std::vector<Expr> factors) {
    if (factors.size() == 2) {
        for (int i = 0; i < 2; ++i) {
            const Expr &m = factors[i], &f = factors[1 - i];
            if (m.kind() != Kind::Mul || !m->canonical || f.kind() == Kind::Mul || f.kind() == Kind::Add ||
                f.is_number() || (f.kind() == Kind::Func && f->func() == FuncId::Exp) ||
                (f.kind() == Kind::Pow && !is_canonical(f)) || !is_canonical(f))
                continue;
            if (f.kind() == Kind::Constant && f->constant() == ConstId::E) continue;
            Expr r = insert_factor(m, f);
            if (r) return r;
        }
    }
    Number coeff(1);
    // base -> exponents to add (the first one inline: most bases occur once)
    struct Item {
        Expr first; // the base
        Expr exponent;
        std::vector<Expr> more;
    };
    std::vector<Item> items;
    items.reserve(factors.size());
    ItemIndex index;
    std::vector<Expr> exp_args; // exp(a) exp(b) = exp(a + b)
    auto take = [&](const Expr &f) {
        if (f.is_number()) {
            coeff = coeff * f->num;
            return;
        }
        if (f.kind() == Kind::Func && f->func() == FuncId::Exp) {
            exp_args.push_back(f->arg());
            return;
        }
        const bool is_pow = f.kind() == Kind::Pow;
        const Expr &base = is_pow ? f->base() : f;
        std::size_t at = index.find(items, base.get());
        if (at != ItemIndex::npos) {
            items[at].more.push_back(is_pow ? f->exponent() : num(1));
        } else {
            index.added(items.size(), base.get());
            items.push_back({base, is_pow ? f->exponent() : num(1), {}});
        }
    };
    // A run of n equal factors with a numeric exponent (x x ... x typed 20,000 times, and
    // every term the product rule makes of it) is taken once as the exponent n e: one pointer
    // comparison per factor instead of n exponents collected and added one by one.
    auto take_run = [&](const Expr &f, std::size_t n) {
        const bool is_pow = f.kind() == Kind::Pow;
        if (f.is_number() || f.kind() == Kind::Mul || (is_pow && !f->exponent().is_number()) ||
            (f.kind() == Kind::Func && f->func() == FuncId::Exp))
            return false;
        const Expr &base = is_pow ? f->base() : f;
        Number count(static_cast<long long>(n));
        Expr e = num(is_pow ? f->exponent()->num * count : count);
        std::size_t at = index.find(items, base.get());
        if (at != ItemIndex::npos) {
            items[at].more.push_back(std::move(e));
        } else {
            index.added(items.size(), base.get());
            items.push_back({base, std::move(e), {}});
        }
        return true;
    };
    for (std::size_t i = 0; i < factors.size();) {
        const Expr &f = factors[i];
        std::size_t j = i + 1;
        while (j < factors.size() && factors[j] == f) ++j;
        const std::size_t n = j - i;
        i = j;
        if (n > 1 && take_run(f, n)) continue;
        for (std::size_t r = 0; r < n; ++r) {
            if (f.kind() == Kind::Mul)
                for (const Expr &g : f->children) take(g);
            else
                take(f);
        }
    }
    if (coeff.is_zero()) return num(0);
    std::vector<Expr> out, again;
    out.reserve(items.size() + 2);
    for (auto &item : items) {
        const Expr &base = item.first;
        Expr e = item.exponent;
        if (!item.more.empty()) {
            item.more.insert(item.more.begin(), item.exponent);
            e = add(std::move(item.more));
        }
        Expr p = e.is_one() ? base : pow(base, e);
        if (p.is_number())
            coeff = coeff * p->num;
        else if (p.kind() == Kind::Mul || (p.kind() == Kind::Func && p->func() == FuncId::Exp) ||
                 base_of(p) != base) // |x|^2 became x^2: collect it with the other powers of x
            again.push_back(p);
        else
            out.push_back(p);
    }
    if (!again.empty()) {
        // A power became a product or an exponential ((x y)^(1/2) squared, e^u): collect again.
        again.insert(again.end(), out.begin(), out.end());
        for (const Expr &a : exp_args) again.push_back(func(FuncId::Exp, a));
        again.push_back(num(coeff));
        return mul(std::move(again));
    }
    if (!exp_args.empty()) {
        Expr p = func(FuncId::Exp, exp_args.size() == 1 ? exp_args[0] : add(exp_args));
        if (p.kind() == Kind::Func && p->func() == FuncId::Exp) {
            out.push_back(p);
        } else { // exp(log(u)) = u: collect u with the other factors
            out.push_back(num(coeff));
            out.push_back(p);
            return mul(std::move(out));
        }
    }
    if (coeff.is_zero()) return num(0);
    if (out.empty()) return num(coeff);
    sort_factors(out);
    if (!coeff.is_one()) out.insert(out.begin(), num(coeff));
    if (out.size() == 1) return out[0];
    return mark_canonical(make(Kind::Mul, std::move(out)));
}

namespace {

Expr number_pow(const Number &b, const Number &e) {
    if (e.is_integer()) {
        if (b.is_zero() && e.is_negative()) throw std::domain_error("division by zero");
        if (!e.fits_small()) {
            if (b.is_zero() || b.is_one()) return num(b);
            if (b.is_minus_one()) return num(e.numerator().to_string().back() % 2 ? -1 : 1);
            throw LimitError("max_number_digits", "an exact power would exceed the limit of " +
                                                      std::to_string(Number::max_digits()) +
                                                      " digits");
        }
        return num(b.pow_int(e.small_num()));
    }
    if (b.is_zero()) {
        if (e.is_negative()) throw std::domain_error("division by zero");
        return num(0);
    }
    if (b.is_one()) return num(1);
    if (e.fits_small() && e.small_den() <= 64) {
        long long p = e.small_num(), q = e.small_den();
        Number a = b.abs();
        auto r = a.exact_root(q);
        if (r && (!b.is_negative() || q % 2 == 1)) {
            Number v = r->pow_int(p);
            if (b.is_negative() && (p % 2 != 0)) v = -v;
            return num(v);
        }
    }
    return mark_canonical(raw_pow(num(b), num(e)));
}

bool is_even_integer(const Expr &e) {
    if (!e.is_number() || !e->num.is_integer()) return false;
    Number half = e->num / Number(2);
    return half.is_integer();
}

bool odd_num_and_den(const Number &n) {
    Number two(2);
    return !(n.numerator() / two).is_integer() && !(n.denominator() / two).is_integer();
}

} // namespace

Expr pow(const Expr &base, const Expr &e) {
    if (e.is_zero()) return num(1);
    if (e.is_one()) return base;
    if (base.is_one()) return num(1);
    if (base.is_number() && e.is_number()) return number_pow(base->num, e->num);
    if (base.is_zero() && e.is_number() && !e->num.is_negative()) return num(0);
    if (base.kind() == Kind::Constant && base->constant() == ConstId::E) return func(FuncId::Exp, e);
    if (base.kind() == Kind::Pow && e.is_number()) {
        const Expr &b = base->base(), &e1 = base->exponent();
        if (e->num.is_integer()) return pow(b, mul({e1, e}));
        if (e1.is_number()) {
            Number r = e1->num * e->num;
            // (b^(2k/q))^s = |b|^(2k s/q): the even power made the base's sign vanish.
            if ((e1->num.numerator() / Number(2)).is_integer())
                return pow(func(FuncId::Abs, b), num(r));
            if (odd_num_and_den(e1->num) && !(e->num.denominator() / Number(2)).is_integer())
                return pow(b, num(r));
        }
    }
    if (base.kind() == Kind::Mul && e.is_number()) {
        if (e->num.is_integer()) {
            std::vector<Expr> f;
            for (const Expr &c : base->children) f.push_back(pow(c, e));
            return mul(std::move(f));
        }
        auto [c, rest] = split_coefficient(base);
        if (!c.is_one() && !c.is_negative()) {
            Expr cp = number_pow(c, e->num);
            if (cp.is_number()) return mul({cp, pow(rest, e)});
        }
    }
    if (base.kind() == Kind::Func && base->func() == FuncId::Exp)
        return func(FuncId::Exp, mul({base->arg(), e}));
    if (base.kind() == Kind::Func && base->func() == FuncId::Abs && is_even_integer(e))
        return pow(base->arg(), e);
    return mark_canonical(raw_pow(base, e));
}

namespace {
bool has_negative_coefficient(const Expr &u) {
    if (u.is_number()) return u->num.is_negative();
    if (u.kind() == Kind::Mul && u->children[0].is_number()) return u->children[0]->num.is_negative();
    if (u.kind() == Kind::Add) {
        // -x - 1 counts as negative: every term negative.
        for (const Expr &t : u->children)
            if (!has_negative_coefficient(t)) return false;
        return true;
    }
    return false;
}

bool is_const(const Expr &u, ConstId c) { return u.kind() == Kind::Constant && u->constant() == c; }
} // namespace

Expr func(FuncId f, const Expr &u) {
    const FunctionInfo &info = function_info(f);
    if (info.parity != Parity::None && has_negative_coefficient(u) && !u.is_zero()) {
        // -u with the sign pushed into every term of a sum, so the recursion sees it positive.
        Expr minus_u = neg(u);
        if (u.kind() == Kind::Add) {
            std::vector<Expr> t;
            for (const Expr &term : u->children) t.push_back(neg(term));
            minus_u = add(std::move(t));
        }
        Expr inner = func(f, minus_u);
        return info.parity == Parity::Odd ? neg(inner) : inner;
    }
    if (u.is_zero()) {
        switch (f) {
        case FuncId::Sin: case FuncId::Tan: case FuncId::Asin: case FuncId::Atan:
        case FuncId::Sinh: case FuncId::Tanh: case FuncId::Asinh: case FuncId::Atanh:
        case FuncId::Abs: case FuncId::Sign: case FuncId::Relu:
            return num(0);
        case FuncId::Cos: case FuncId::Sec: case FuncId::Cosh: case FuncId::Sech: case FuncId::Exp:
            return num(1);
        case FuncId::Sigmoid:
            return num(Number::fraction(1, 2));
        default:
            break;
        }
    }
    switch (f) {
    case FuncId::Exp:
        if (u.kind() == Kind::Func && u->func() == FuncId::Log) return u->arg();
        if (u.is_one()) return mark_canonical(raw_func(f, {u}));
        break;
    case FuncId::Log:
        if (u.is_one()) return num(0);
        if (is_const(u, ConstId::E)) return num(1);
        if (u.kind() == Kind::Func && u->func() == FuncId::Exp) return u->arg();
        break;
    case FuncId::Sin:
    case FuncId::Tan:
        if (is_const(u, ConstId::Pi)) return num(0);
        break;
    case FuncId::Cos:
        if (is_const(u, ConstId::Pi)) return num(-1);
        break;
    case FuncId::Acos:
        if (u.is_one()) return num(0);
        break;
    case FuncId::Abs:
        if (u.is_number()) return num(u->num.abs());
        if (u.kind() == Kind::Func &&
            (u->func() == FuncId::Abs || u->func() == FuncId::Exp || u->func() == FuncId::Sigmoid ||
             u->func() == FuncId::Softplus || u->func() == FuncId::Relu ||
             u->func() == FuncId::Cosh || u->func() == FuncId::Heaviside))
            return u;
        if (u.kind() == Kind::Pow && is_even_integer(u->exponent())) return u;
        if (u.kind() == Kind::Constant) return u;
        if (u.kind() == Kind::Mul && u->children[0].is_number()) {
            auto [c, rest] = split_coefficient(u);
            return mul({num(c.abs()), func(FuncId::Abs, rest)});
        }
        break;
    case FuncId::Sign:
        if (u.is_number()) return num(u->num.sign());
        break;
    default:
        break;
    }
    return mark_canonical(raw_func(f, {u}));
}

Expr neg(const Expr &e) { return mul({num(-1), e}); }
Expr operator+(const Expr &a, const Expr &b) { return add({a, b}); }
Expr operator-(const Expr &a, const Expr &b) { return add({a, neg(b)}); }
Expr operator*(const Expr &a, const Expr &b) { return mul({a, b}); }
Expr operator/(const Expr &a, const Expr &b) { return mul({a, pow(b, num(-1))}); }
Expr operator-(const Expr &a) { return neg(a); }

Expr canonicalize(const Expr &root) {
    if (is_canonical(root)) return root;
    std::unordered_map<const Node *, Expr> memo;
    std::vector<std::pair<const Node *, std::size_t>> stack;
    auto lookup = [&](const Expr &c) -> Expr {
        if (is_canonical(c)) return c;
        return memo.at(c.get());
    };
    stack.emplace_back(root.get(), 0);
    while (!stack.empty()) {
        auto &top = stack.back();
        const Node *n = top.first;
        if (top.second < n->children.size()) {
            const Expr &c = n->children[top.second++];
            if (!is_canonical(c) && !memo.count(c.get())) stack.emplace_back(c.get(), 0);
            continue;
        }
        stack.pop_back();
        if (memo.count(n)) continue;
        std::vector<Expr> kids;
        kids.reserve(n->children.size());
        for (const Expr &c : n->children) kids.push_back(lookup(c));
        Expr r;
        switch (n->kind) {
        case Kind::Number:
        case Kind::Symbol:
        case Kind::Constant:
            r = Expr(const_cast<Node *>(n));
            break;
        case Kind::Add:
            r = add(std::move(kids));
            break;
        case Kind::Mul:
            r = mul(std::move(kids));
            break;
        case Kind::Pow:
            r = pow(kids[0], kids[1]);
            break;
        case Kind::Func:
            r = func(n->func(), kids[0]);
            break;
        }
        memo.emplace(n, r);
    }
    return memo.at(root.get());
}

bool depends_on(const Expr &e, const Expr &symbol) {
    if (e == symbol) return true;
    bool found = false;
    for_each_postorder(e, [&](const Node &n) {
        if (&n == symbol.get()) found = true;
    });
    return found;
}

std::vector<std::string> free_symbols(const Expr &e) {
    // Pre-order, left to right, so the first symbol typed comes first.
    std::vector<std::string> out;
    NodeMap<bool> seen;
    std::vector<const Node *> stack{e.get()};
    while (!stack.empty()) {
        const Node *n = stack.back();
        stack.pop_back();
        if (seen.contains(n)) continue;
        seen.insert(n, true);
        if (n->kind == Kind::Symbol) out.push_back(n->name);
        for (auto it = n->children.rbegin(); it != n->children.rend(); ++it) stack.push_back(it->get());
    }
    return out;
}

std::size_t tree_size(const Expr &e, std::size_t cap) {
    if (e->tree_nodes < UINT32_MAX) return std::min<std::size_t>(cap, e->tree_nodes); // cached by intern
    return fold_postorder<std::size_t>(e, [&](const Node &, const std::vector<std::size_t> &k) {
        std::size_t s = 1;
        for (std::size_t v : k) s = std::min(cap, s + v);
        return s;
    });
}

} // namespace leibniz
