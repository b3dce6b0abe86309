#include "simplify.hpp"

#include <numeric>

namespace leibniz {

namespace {

// A term as base -> numeric exponent (x^2 sin(x)^3 -> {x: 2, sin(x): 3}); `bases` lists
// the bases in order.
void decompose(const Expr &term, NodeMap<Number> &out, std::vector<Expr> *bases) {
    auto one = [&](const Expr &f) {
        if (f.is_number()) return;
        Expr b = f;
        Number e(1);
        if (f.kind() == Kind::Pow && f->exponent().is_number()) b = f->base(), e = f->exponent()->num;
        if (Number *have = out.find(b.get())) {
            *have = *have + e;
        } else {
            out.insert(b.get(), e);
            if (bases) bases->push_back(b);
        }
    };
    if (term.kind() == Kind::Mul)
        for (const Expr &f : term->children) one(f);
    else
        one(term);
}

// How many terms expanding would produce at most (saturating at `cap`): the product, over
// a term's factors, of each sum's length (to its power), summed over the terms.
std::size_t expanded_terms_bound(const Expr &sum, std::size_t cap) {
    std::size_t total = 0;
    for (const Expr &t : sum->children) {
        std::size_t n = 1;
        auto factor = [&](const Expr &f) {
            if (f.kind() == Kind::Add) n = std::min(cap, n * f->children.size());
            if (f.kind() == Kind::Pow && f->base().kind() == Kind::Add && f->exponent().is_number() &&
                f->exponent()->num.fits_small() && f->exponent()->num.is_integer())
                for (long long k = 0; k < f->exponent()->num.small_num() && n < cap; ++k)
                    n = std::min(cap, n * f->base()->children.size());
        };
        if (t.kind() == Kind::Mul)
            for (const Expr &f : t->children) factor(f);
        else
            factor(t);
        total = std::min(cap, total + n);
    }
    return total;
}

// Whether expanding can change anything: some term multiplies or powers a sum.
bool has_product_of_sum(const Expr &sum) {
    auto sum_factor = [](const Expr &f) {
        return f.kind() == Kind::Add || (f.kind() == Kind::Pow && f->base().kind() == Kind::Add);
    };
    for (const Expr &t : sum->children) {
        if (t.kind() == Kind::Pow && sum_factor(t)) return true;
        if (t.kind() == Kind::Mul)
            for (const Expr &f : t->children)
                if (sum_factor(f)) return true;
    }
    return false;
}

// A factor worth pulling out of a sum: not a positive power of a variable (3x^2 + 2x stays
// as it is) and not a bare number.
bool factorable(const Expr &base, const Number &min_exp) {
    if (base.is_number()) return false;
    if (base.is_symbol() || base.kind() == Kind::Constant) return min_exp.is_negative();
    return true;
}

// 270x^2 + 144 -> 18 (15x^2 + 8): the integer content of a sum left as a factor.
Expr pull_content(const Expr &sum) {
    if (sum.kind() != Kind::Add) return sum;
    long long g = 0;
    for (const Expr &t : sum->children) {
        Number c = split_coefficient(t).first;
        if (!c.fits_small() || !c.is_integer()) return sum;
        g = std::gcd(g, c.small_num() < 0 ? -c.small_num() : c.small_num());
    }
    if (g <= 1) return sum;
    std::vector<Expr> t;
    for (const Expr &term : sum->children) t.push_back(mul({num(Number::fraction(1, g)), term}));
    return mul({num(g), add(std::move(t))});
}

Expr factor_common(const Expr &sum) {
    const auto &terms = sum->children;
    std::vector<NodeMap<Number>> maps(terms.size());
    std::vector<Expr> first_bases;
    for (std::size_t i = 0; i < terms.size(); ++i) decompose(terms[i], maps[i], i == 0 ? &first_bases : nullptr);
    std::vector<Expr> common;
    for (const Expr &b : first_bases) {
        Number m = maps[0].at(b.get());
        bool everywhere = true;
        for (std::size_t i = 1; i < terms.size() && everywhere; ++i) {
            const Number *e = maps[i].find(b.get());
            if (!e)
                everywhere = false;
            else if (*e < m)
                m = *e;
        }
        if (!everywhere || !factorable(b, m)) continue;
        // Pull out only whole powers, or the smallest fractional power when all agree in kind.
        common.push_back(pow(b, num(m)));
    }
    if (common.empty()) return sum;
    Expr g = mul(common);
    Expr g_inv = pow(g, num(-1));
    std::vector<Expr> cof;
    cof.reserve(terms.size());
    for (const Expr &t : terms) cof.push_back(mul({t, g_inv}));
    Expr rest = add(std::move(cof));
    if (rest.kind() == Kind::Add && has_product_of_sum(rest) && expanded_terms_bound(rest, 1024) < 1024) {
        Expr expanded = expand(rest);
        if (tree_size(expanded, 1 << 20) < tree_size(rest, 1 << 20)) rest = expanded;
    }
    return mul({g, pull_content(rest)});
}

// Multiply two expanded sums (given as term lists).
bool multiply_terms(std::vector<Expr> &acc, const std::vector<Expr> &f, std::size_t max_terms) {
    if (acc.size() * f.size() > max_terms * 4) return false;
    std::vector<Expr> out;
    out.reserve(acc.size() * f.size());
    for (const Expr &a : acc)
        for (const Expr &b : f) out.push_back(mul({a, b}));
    Expr s = add(std::move(out));
    acc = s.kind() == Kind::Add ? s->children : std::vector<Expr>{s};
    return acc.size() <= max_terms;
}

std::vector<Expr> terms_of(const Expr &e) {
    return e.kind() == Kind::Add ? e->children : std::vector<Expr>{e};
}

bool is_polynomial(const Expr &e) {
    bool ok = true;
    for_each_postorder(e, [&](const Node &n) {
        if (n.kind == Kind::Func || n.kind == Kind::Constant) ok = false;
        if (n.kind == Kind::Pow) {
            const Expr &x = n.children[1];
            if (!x.is_number() || !x->num.is_integer() || x->num.is_negative()) ok = false;
        }
    });
    return ok;
}

// sign(u) u^k = |u|^k for odd k, u^(k-1)|u| for even k > 0 (equal wherever sign(u) u^k
// is defined): x sign(x) -> |x|, sign(x)/x -> 1/|x|, x^2 sign(x) -> x|x|.
Expr sign_times_power(const Expr &m) {
    if (m.kind() != Kind::Mul) return m;
    const auto &f = m->children;
    for (std::size_t i = 0; i < f.size(); ++i) {
        if (f[i].kind() != Kind::Func || f[i]->func() != FuncId::Sign) continue;
        const Expr &u = f[i]->arg();
        for (std::size_t j = 0; j < f.size(); ++j) {
            Expr base = f[j].kind() == Kind::Pow ? f[j]->base() : f[j];
            Expr k = f[j].kind() == Kind::Pow ? f[j]->exponent() : num(1);
            if (base != u || !k.is_number() || !k->num.is_integer()) continue;
            std::vector<Expr> rest;
            for (std::size_t t = 0; t < f.size(); ++t)
                if (t != i && t != j) rest.push_back(f[t]);
            if ((k->num / Number(2)).is_integer()) {
                // even k: sign(u) u^k = u^(k-1) |u|  (3x^2 sign(x) -> 3x|x|)
                if (k->num.is_negative()) continue;
                rest.push_back(pow(u, num(k->num - Number(1))));
                rest.push_back(func(FuncId::Abs, u));
            } else {
                rest.push_back(pow(func(FuncId::Abs, u), k));
            }
            return mul(std::move(rest));
        }
    }
    return m;
}

} // namespace

Expr expand(const Expr &e, std::size_t max_terms) {
    std::vector<Expr> result;
    for (const Expr &t : terms_of(e)) {
        std::vector<Expr> acc{num(1)};
        std::vector<Expr> factors = t.kind() == Kind::Mul ? t->children : std::vector<Expr>{t};
        for (const Expr &f : factors) {
            if (f.kind() == Kind::Add) {
                if (!multiply_terms(acc, terms_of(f), max_terms)) return e;
            } else if (f.kind() == Kind::Pow && f->base().kind() == Kind::Add && f->exponent().is_number() &&
                       f->exponent()->num.is_integer() && !f->exponent()->num.is_negative() &&
                       f->exponent()->num.fits_small() && f->exponent()->num.small_num() <= 8) {
                for (long long k = 0; k < f->exponent()->num.small_num(); ++k)
                    if (!multiply_terms(acc, terms_of(f->base()), max_terms)) return e;
            } else {
                for (Expr &a : acc) a = mul({a, f});
            }
        }
        result.insert(result.end(), acc.begin(), acc.end());
        if (result.size() > max_terms * 4) return e;
    }
    return add(std::move(result));
}

Expr simplify(const Expr &e) {
    return fold_postorder<Expr>(e, [](const Node &n, const std::vector<Expr> &k) -> Expr {
        bool unchanged = n.canonical && n.kind != Kind::Add;
        for (std::size_t i = 0; unchanged && i < k.size(); ++i) unchanged = k[i] == n.children[i];
        if (unchanged) {
            Expr self(const_cast<Node *>(&n));
            return n.kind == Kind::Mul ? sign_times_power(self) : self;
        }
        switch (n.kind) {
        case Kind::Number:
        case Kind::Symbol:
        case Kind::Constant:
            return Expr(const_cast<Node *>(&n));
        case Kind::Add: {
            Expr s = add(k);
            if (s.kind() != Kind::Add) return s;
            // A polynomial made of products of sums reads better multiplied out:
            // 540x(3x^2 + 8) + 108x(15x^2 + 8) -> 3240x^3 + 5184x.
            if (has_product_of_sum(s) && expanded_terms_bound(s, 1024) < 1024 && is_polynomial(s)) {
                Expr e = expand(s);
                if (tree_size(e, 1 << 20) < tree_size(s, 1 << 20)) s = e;
                if (s.kind() != Kind::Add) return s;
            }
            return factor_common(s);
        }
        case Kind::Mul:
            return sign_times_power(mul(k));
        case Kind::Pow:
            return pow(k[0], k[1]);
        case Kind::Func:
            return func(n.func(), k[0]);
        }
        return Expr(const_cast<Node *>(&n));
    });
}

} // namespace leibniz
