// libFuzzer target: the parser on arbitrary bytes (invalid UTF-8 included).
// Invariants: no crash, hang, leak or UB; the only exception is ParseError, and its
// position + length lie within the input's code-point length and its message is valid
// UTF-8; only strictly valid UTF-8 parses (no overlong forms); a successful parse gives an
// expression that prints (text and LaTeX) non-empty; no expression nodes are retained.
#include "common.hpp"

#include "core/expr.hpp"
#include "core/limits.hpp"
#include "core/number.hpp"
#include "core/parser.hpp"
#include "core/print.hpp"

#include <cstdint>
#include <exception>
#include <string>

using namespace leibniz;
using leibniz_fuzz::fail;

namespace {

const char *kTarget = "fuzz_parse";

void parse_once(const std::string &input) {
    Limits lim;
    lim.max_depth = 300;
    lim.max_nodes = 200000;
    lim.max_time_ms = 2000;
    set_expr_limits(lim.max_depth * 2 + 16, lim.max_nodes);
    set_expr_deadline(lim.max_time_ms);
    Number::set_max_digits(lim.max_number_digits);
    std::size_t cps = leibniz_fuzz::code_points(input);
    try {
        ParsedInput in = parse(input, lim);
        if (!in.expr) fail(kTarget, "parse returned a null expression", input);
        if (!leibniz_fuzz::known("utf8") && !leibniz_fuzz::valid_utf8(input)) fail(kTarget, "input that is not valid UTF-8 parsed", input);
        std::string text = to_text(in.expr, 1u << 20);
        std::string latex = to_latex(in.expr, 1u << 20);
        if (text.empty() || latex.empty()) fail(kTarget, "empty text or LaTeX for a parsed input", input);
        (void)free_symbols(in.expr);
    } catch (const ParseError &e) {
        if (e.position > cps || e.length > cps || e.position + e.length > cps)
            fail(kTarget,
                 "error span out of range: position " + std::to_string(e.position) + " length " +
                     std::to_string(e.length) + " for " + std::to_string(cps) + " code points (" + e.what() + ")",
                 input);
        if (std::string(e.what()).empty()) fail(kTarget, "empty error message", input);
        // Messages go to JSON and JavaScript strings: they must be valid UTF-8 whatever the input.
        if (!leibniz_fuzz::known("utf8") && !leibniz_fuzz::valid_utf8(e.what()))
            fail(kTarget, std::string("error message is not valid UTF-8: ") + e.what(), input);
    } catch (const LimitError &e) {
        // Printing a huge raw expression may legitimately hit max_result_chars / the deadline.
        if (e.limit() != "max_result_chars" && e.limit() != "max_time_ms")
            fail(kTarget, std::string("LimitError escaped parse: ") + e.limit() + ": " + e.what(), input);
    } catch (const std::exception &e) {
        fail(kTarget, std::string("unexpected exception from parse: ") + e.what(), input);
    } catch (...) {
        fail(kTarget, "unexpected non-std exception from parse", input);
    }
    set_expr_deadline(0);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    std::string input(reinterpret_cast<const char *>(data), size);
    std::size_t before = live_nodes();
    parse_once(input);
    std::size_t after = live_nodes();
    if (after > before) {
        // Static caches fill on first use; a second identical run must not grow the table.
        parse_once(input);
        if (live_nodes() > after)
            fail(kTarget, "expression nodes retained after parse: " + std::to_string(after) + " -> " +
                              std::to_string(live_nodes()), input);
    }
    return 0;
}
