// Printers. One layout engine serves both formats; LaTeX differs only in its hooks
// (\frac, \sqrt, \sin^{2} x, Greek letters, juxtaposition). Both walk with an explicit
// stack, so printing depth is not bounded by the native stack.
#pragma once

#include "expr.hpp"

#include <limits>
#include <string>

namespace leibniz {

enum class Format { Text, Latex };

// Text: re-parseable by our parser, `^` and explicit `*` only.
std::string to_text(const Expr &e, std::size_t max_chars = std::numeric_limits<std::size_t>::max());
// LaTeX for KaTeX (primitive macros only, to stay within KaTeX's maxExpand on large results).
std::string to_latex(const Expr &e, std::size_t max_chars = std::numeric_limits<std::size_t>::max());
std::string print(const Expr &e, Format f, std::size_t max_chars);
// A cap on every print of this process (default none), so that no caller can print more
// than the request's result limit; printing also checks the expression deadline.
void set_print_limit(std::size_t max_chars);

// Symbols whose name starts with '#' stand for something printed elsewhere (the matrix
// module's scalar atoms, such as tr(A X)); when a hook is set it prints them.
using AtomPrinter = std::string (*)(const std::string &name, Format f);
void set_atom_printer(AtomPrinter hook);

// LaTeX for a variable name: theta -> \theta, x_1 -> x_{1}, y2 -> y_{2}.
std::string latex_symbol(const std::string &name);

} // namespace leibniz
