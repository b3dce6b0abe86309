// Small JSON writers shared by the facades (output only; the inputs are our own structs).
#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace leibniz::api::json {

inline void string(std::string &o, const std::string &s) {
    o += '"';
    for (unsigned char c : s) {
        switch (c) {
        case '"': o += "\\\""; break;
        case '\\': o += "\\\\"; break;
        case '\n': o += "\\n"; break;
        case '\r': o += "\\r"; break;
        case '\t': o += "\\t"; break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                o += buf;
            } else {
                o += static_cast<char>(c);
            }
        }
    }
    o += '"';
}

inline void formula(std::string &o, const std::string &text, const std::string &latex) {
    o += "{\"text\":";
    string(o, text);
    o += ",\"latex\":";
    string(o, latex);
    o += "}";
}

// [[{"text":..,"latex":..}, ...], ...]: rows of anything with .text and .latex.
template <class Rows> void formula_rows(std::string &o, const Rows &rows) {
    o += "[";
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (i) o += ",";
        o += "[";
        for (std::size_t j = 0; j < rows[i].size(); ++j) {
            if (j) o += ",";
            formula(o, rows[i][j].text, rows[i][j].latex);
        }
        o += "]";
    }
    o += "]";
}

inline void strings(std::string &o, const std::vector<std::string> &v) {
    o += "[";
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (i) o += ",";
        string(o, v[i]);
    }
    o += "]";
}

inline void number(std::string &o, const std::optional<double> &v) {
    if (!v) {
        o += "null";
        return;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", *v);
    o += buf;
}

// {"ok":false,"error":{"kind":..,"message":..,"position":..,"length":..}}
inline std::string error_response(const std::string &kind, const std::string &message, std::size_t position,
                                  std::size_t length) {
    std::string o = "{\"ok\":false,\"error\":{\"kind\":";
    string(o, kind);
    o += ",\"message\":";
    string(o, message);
    o += ",\"position\":" + std::to_string(position) + ",\"length\":" + std::to_string(length) + "}}";
    return o;
}

} // namespace leibniz::api::json
