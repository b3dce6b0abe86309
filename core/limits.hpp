// Explicit limits. Every limit exceeded raises LimitError naming the limit, so the caller can
// report it as a clear message instead of crashing, hanging or exhausting memory.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace leibniz {

struct Limits {
    std::size_t max_input_chars = 1 << 20;     // characters of input text
    std::size_t max_depth = 2000;              // nesting depth of the expression tree
    std::size_t max_nodes = 2'000'000;         // distinct nodes created while computing
    std::size_t max_order = 100;               // derivative order
    std::size_t max_result_chars = 32u << 20;  // printed size of one result, text or LaTeX
                                               // (the product of 1000 factors: 11.9M text, 30.9M LaTeX)
    std::size_t max_number_digits = 10'000;    // digits of one exact number
    std::size_t max_gradient_vars = 64;        // variables in one gradient
    std::size_t max_time_ms = 10'000;          // wall-clock time of one computation
};

class LimitError : public std::runtime_error {
  public:
    LimitError(std::string limit, const std::string &message)
        : std::runtime_error(message), limit_(std::move(limit)) {}
    const std::string &limit() const { return limit_; }

  private:
    std::string limit_;
};

} // namespace leibniz
