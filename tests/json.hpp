// A small JSON reader for the fixture file (tests only).
#pragma once

#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace leibniz::testing {

struct Json {
    enum Type { Null, Bool, Number, String, Array, Object } type = Null;
    bool b = false;
    double n = 0;
    std::string s;
    std::vector<Json> a;
    std::map<std::string, Json> o;

    bool has(const std::string &k) const { return type == Object && o.count(k); }
    const Json &operator[](const std::string &k) const { return o.at(k); }

    static Json parse(const std::string &text) {
        std::size_t i = 0;
        Json j = value(text, i);
        ws(text, i);
        if (i != text.size()) throw std::runtime_error("trailing characters in JSON");
        return j;
    }

  private:
    static void ws(const std::string &t, std::size_t &i) {
        while (i < t.size() && (t[i] == ' ' || t[i] == '\n' || t[i] == '\r' || t[i] == '\t')) ++i;
    }
    static void utf8(std::string &out, unsigned cp) {
        if (cp < 0x80) out += char(cp);
        else if (cp < 0x800) out += char(0xC0 | (cp >> 6)), out += char(0x80 | (cp & 0x3F));
        else if (cp < 0x10000)
            out += char(0xE0 | (cp >> 12)), out += char(0x80 | ((cp >> 6) & 0x3F)), out += char(0x80 | (cp & 0x3F));
        else
            out += char(0xF0 | (cp >> 18)), out += char(0x80 | ((cp >> 12) & 0x3F)),
                out += char(0x80 | ((cp >> 6) & 0x3F)), out += char(0x80 | (cp & 0x3F));
    }
    static std::string str(const std::string &t, std::size_t &i) {
        std::string out;
        ++i; // opening quote
        while (i < t.size() && t[i] != '"') {
            if (t[i] == '\\') {
                char c = t[++i];
                switch (c) {
                case 'n': out += '\n'; break;
                case 't': out += '\t'; break;
                case 'r': out += '\r'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'u': {
                    unsigned cp = std::stoul(t.substr(i + 1, 4), nullptr, 16);
                    i += 4;
                    if (cp >= 0xD800 && cp < 0xDC00 && t.compare(i + 1, 2, "\\u") == 0) {
                        unsigned lo = std::stoul(t.substr(i + 3, 4), nullptr, 16);
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                        i += 6;
                    }
                    utf8(out, cp);
                    break;
                }
                default: out += c;
                }
                ++i;
            } else {
                out += t[i++];
            }
        }
        ++i; // closing quote
        return out;
    }
    static Json value(const std::string &t, std::size_t &i) {
        ws(t, i);
        Json j;
        if (i >= t.size()) throw std::runtime_error("unexpected end of JSON");
        char c = t[i];
        if (c == '{') {
            j.type = Object;
            ++i;
            ws(t, i);
            if (t[i] == '}') return ++i, j;
            while (true) {
                ws(t, i);
                std::string k = str(t, i);
                ws(t, i);
                ++i; // colon
                j.o[k] = value(t, i);
                ws(t, i);
                if (t[i] == ',') { ++i; continue; }
                ++i; // }
                return j;
            }
        }
        if (c == '[') {
            j.type = Array;
            ++i;
            ws(t, i);
            if (t[i] == ']') return ++i, j;
            while (true) {
                j.a.push_back(value(t, i));
                ws(t, i);
                if (t[i] == ',') { ++i; continue; }
                ++i; // ]
                return j;
            }
        }
        if (c == '"') {
            j.type = String;
            j.s = str(t, i);
            return j;
        }
        if (t.compare(i, 4, "true") == 0) return i += 4, j.type = Bool, j.b = true, j;
        if (t.compare(i, 5, "false") == 0) return i += 5, j.type = Bool, j;
        if (t.compare(i, 4, "null") == 0) return i += 4, j;
        std::size_t used = 0;
        j.type = Number;
        j.n = std::stod(t.substr(i, 40), &used);
        i += used;
        return j;
    }
};

} // namespace leibniz::testing
