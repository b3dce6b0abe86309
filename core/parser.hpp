// The input language (documented in README.md): textbook notation with implicit
// multiplication, `sin x`, `sin^2 x`, |x|, Unicode operators and an optional left side.
//
// The parser is an operator-precedence (shunting-yard) parser with explicit stacks: nesting
// depth costs heap, not native stack, so a thousand nested parentheses are fine in a
// browser Worker. It builds raw expressions that keep the structure as typed.
#pragma once

#include "expr.hpp"
#include "limits.hpp"

#include <stdexcept>
#include <string>
#include <vector>

namespace leibniz {

// A diagnostic with a position into the input, in characters (Unicode code points), 0-based.
class ParseError : public std::runtime_error {
  public:
    ParseError(const std::string &message, std::size_t position, std::size_t length)
        : std::runtime_error(message), position(position), length(length) {}
    std::size_t position;
    std::size_t length;
};

struct ParsedInput {
    Expr expr;                         // raw: structure as typed
    std::string lhs;                   // "y" for `y = ...`, "f" for `f(x) = ...`, else ""
    std::vector<std::string> lhs_vars; // "x" for `f(x) = ...`
    std::string wrt_hint;              // "x" for `d/dx x^2`
};

ParsedInput parse(const std::string &input, const Limits &limits = Limits());

// Parse and canonicalize; throws ParseError. For tests and internal use.
Expr parse_expr(const std::string &input);

// Validate a variable name as the CLI and the API accept it (`x`, `x_1`, `theta`, `θ`) and
// return its normalized form ("θ" -> "theta"); "" if it is not a variable name.
std::string normalize_variable(const std::string &name);

// The input as Unicode code points (positions in messages count these); throws ParseError
// on invalid UTF-8 or a lone surrogate.
std::u32string utf8_code_points(const std::string &input);

} // namespace leibniz
