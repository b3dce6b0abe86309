// Presentation simplification applied to final results: the forms a textbook prints.
//
// The canonical builders already fold numbers and collect like terms and factors. This
// pass adds what they deliberately do not do during computation:
//  - factor out what every term of a sum shares, when it is not a plain polynomial factor:
//    2 cos x e^{2x} - sin x e^{2x}  ->  e^{2x} (2 cos x - sin x)
//    cos x / x - sin x / x^2        ->  (x cos x - sin x) / x^2     (quotient-rule form)
//  - expand the polynomial cofactor left behind when that makes it smaller:
//    ((x^2 + 1) - 2x^2) / (x^2 + 1)^2  ->  (1 - x^2) / (x^2 + 1)^2
// Every rewrite is an identity wherever the original is defined.
#pragma once

#include "expr.hpp"

namespace leibniz {

Expr simplify(const Expr &e);

// Multiply out products and small integer powers of sums (polynomial expansion).
// Gives up (returns the input) when the expansion would exceed `max_terms` terms.
Expr expand(const Expr &e, std::size_t max_terms = 256);

} // namespace leibniz
