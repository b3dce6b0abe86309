// Shared helpers for the libFuzzer targets (tests/fuzz/fuzz_*.cpp).
#pragma once

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace leibniz_fuzz {

// Length of the input in characters: a valid UTF-8 sequence is one character, and so is
// each byte that does not start one (as a text field shows U+FFFD per invalid byte). For
// valid UTF-8 this is the number of code points the parser counts positions in.
inline std::size_t code_points(const std::string &s) {
    std::size_t n = 0, i = 0;
    while (i < s.size()) {
        unsigned char b = static_cast<unsigned char>(s[i]);
        std::size_t len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
        bool valid = len > 0 && i + len <= s.size();
        for (std::size_t k = 1; valid && k < len; ++k) valid = (static_cast<unsigned char>(s[i + k]) >> 6) == 2;
        i += valid ? len : 1;
        ++n;
    }
    return n;
}

// Strictly valid UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
inline bool valid_utf8(const std::string &s) {
    std::size_t i = 0;
    while (i < s.size()) {
        unsigned char b = static_cast<unsigned char>(s[i]);
        std::size_t len;
        char32_t c;
        if (b < 0x80) len = 1, c = b;
        else if (b >= 0xC2 && b <= 0xDF) len = 2, c = b & 0x1F;
        else if (b >= 0xE0 && b <= 0xEF) len = 3, c = b & 0x0F;
        else if (b >= 0xF0 && b <= 0xF4) len = 4, c = b & 0x07;
        else return false;
        if (i + len > s.size()) return false;
        for (std::size_t k = 1; k < len; ++k) {
            unsigned char cb = static_cast<unsigned char>(s[i + k]);
            if ((cb >> 6) != 2) return false;
            c = (c << 6) | (cb & 0x3F);
        }
        if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10FFFF)) || (c >= 0xD800 && c <= 0xDFFF))
            return false;
        i += len;
    }
    return true;
}

inline std::string num_text(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

inline std::string escaped(const std::string &s, std::size_t max = 400) {
    std::string o;
    for (std::size_t i = 0; i < s.size() && i < max; ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == '"' || c == '\\') {
            o += '\\';
            o += static_cast<char>(c);
        } else if (c >= 0x20 && c < 0x7F) {
            o += static_cast<char>(c);
        } else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            o += buf;
        }
    }
    if (s.size() > max) o += "...";
    return o;
}

// Known, already reported findings can be silenced while a campaign looks for new ones:
// LEIBNIZ_FUZZ_KNOWN=utf8,slow skips the checks tagged "utf8" and "slow". Unset (run.sh,
// regressions) every check is on.
inline bool known(const char *tag) {
    static const std::string list = [] {
        const char *v = std::getenv("LEIBNIZ_FUZZ_KNOWN");
        return "," + std::string(v ? v : "") + ",";
    }();
    return list.find("," + std::string(tag) + ",") != std::string::npos;
}

// An invariant failed: say which, on what, and stop with a crash libFuzzer records.
[[noreturn]] inline void fail(const char *target, const std::string &what, const std::string &input) {
    std::fprintf(stderr, "\n==FUZZ INVARIANT FAILURE== [%s] %s\n  input: \"%s\"\n", target, what.c_str(),
                 escaped(input).c_str());
    std::fflush(stderr);
    __builtin_trap();
}

} // namespace leibniz_fuzz
