// Conversions from JS request objects shared by the Embind modules (bindings.cpp,
// matrix_bindings.cpp). A value of the wrong type is checked before `as<>`: a failed
// conversion throws a JS BindingError that C++ `catch (...)` does not see.
#pragma once

#include "../core/eval.hpp"

#include <emscripten/val.h>

#include <string>
#include <vector>

namespace leibniz::bind {

using emscripten::val;

// [{x: 1, y: 2}, ...] -> points; `err` says what was wrong.
inline std::vector<Point> points(const val &at, std::string &err) {
    std::vector<Point> out;
    if (at.isUndefined() || at.isNull()) return out;
    if (!at.isArray()) {
        err = "at must be an array of points";
        return out;
    }
    const unsigned n = at["length"].as<unsigned>();
    for (unsigned i = 0; i < n; ++i) {
        Point p;
        val keys = val::global("Object").call<val>("keys", at[i]);
        const unsigned k = keys["length"].as<unsigned>();
        for (unsigned j = 0; j < k; ++j) {
            std::string name = keys[j].as<std::string>();
            val v = at[i][name];
            if (!v.isNumber()) {
                err = "the value of " + name + " must be a number";
                return {};
            }
            p[name] = v.as<double>();
        }
        out.push_back(p);
    }
    return out;
}

// A string field, or "" when absent; `err` when it is not a string.
inline std::string text(const val &request, const char *field, std::string &err) {
    val v = request[field];
    if (v.isUndefined() || v.isNull()) return "";
    if (v.isString()) return v.as<std::string>();
    err = std::string(field) + " must be a string";
    return "";
}

// An array of strings or numbers (numbers as JS prints them).
inline std::vector<std::string> list(const val &request, const char *field, std::string &err) {
    std::vector<std::string> out;
    val v = request[field];
    if (v.isUndefined() || v.isNull()) return out;
    if (!v.isArray()) {
        err = std::string(field) + " must be an array";
        return out;
    }
    const unsigned n = v["length"].as<unsigned>();
    for (unsigned i = 0; i < n; ++i) {
        val e = v[i];
        if (e.isString() || e.isNumber())
            out.push_back(val::global("String")(e).as<std::string>());
        else
            err = std::string(field) + " must hold strings or numbers";
    }
    return out;
}

} // namespace leibniz::bind
