// leibniz: the command-line front end over the same facade as the web page.
// Usage: see usage() and README.md ("Native CLI").
#include "../wasm/api.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <iterator>
#include <string>

namespace {

const char *kUsage =
    "usage: leibniz [--wrt V[,V...]] [--order N] [--gradient V1,V2,...]\n"
    "               [--at V=NUM[,V=NUM...]]... [--repeat N] [--steps] [--lang en|ko]\n"
    "               [--json] EXPR\n"
    "  EXPR        the expression, or - to read it from standard input\n"
    "              (after --, an argument is the expression even if it starts with -)\n"
    "  --wrt       variable(s): x, or x,y for the mixed partial (first x, then y)\n"
    "  --order N   repeat the last differentiation N times (default 1)\n"
    "  --gradient  the vector of partial derivatives over these variables\n"
    "  --at        also evaluate the result at this point (repeatable)\n"
    "  --repeat N  time the whole pipeline N times in-process (median and minimum)\n"
    "  --steps     explain every rule application (in the JSON: \"steps\")\n"
    "  --lang L    language of the explanations: en (default) or ko\n"
    "  --json      print one JSON object (see README.md)\n";

std::vector<std::string> split_commas(const std::string &s) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (true) {
        std::size_t c = s.find(',', i);
        out.push_back(s.substr(i, c == std::string::npos ? std::string::npos : c - i));
        if (c == std::string::npos) break;
        i = c + 1;
    }
    return out;
}

int usage_error(const std::string &message, bool json) {
    if (json) {
        leibniz::api::Response r;
        r.error = {"usage", message, 0, 0};
        std::cout << leibniz::api::to_json(r) << "\n";
    } else {
        std::cerr << "leibniz: " << message << "\n" << kUsage;
    }
    return 2;
}

bool parse_int(const char *s, int lo, int hi, int &out) {
    char *end = nullptr;
    long v = std::strtol(s, &end, 10);
    if (!*s || *end || v < lo || v > hi) return false;
    out = static_cast<int>(v);
    return true;
}

// Caret line under the offending characters, counted in code points.
void print_input_error(const std::string &input, const leibniz::api::Error &e) {
    std::cerr << "error: " << e.message << "\n";
    if (e.kind != "input" || input.size() > 200 || input.find('\n') != std::string::npos) return;
    std::cerr << "  " << input << "\n  ";
    for (std::size_t i = 0; i < e.position; ++i) std::cerr << ' ';
    for (std::size_t i = 0; i < std::max<std::size_t>(1, e.length); ++i) std::cerr << '^';
    std::cerr << "\n";
}

} // namespace

int main(int argc, char **argv) {
    leibniz::api::Request req;
    bool json = false, have_expr = false;
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "--json") == 0) json = true;
    bool options_done = false; // after "--" every argument is the expression (e.g. "--x")
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (!options_done && a == "--") {
            options_done = true;
            continue;
        }
        if (options_done) {
            if (have_expr) return usage_error("more than one expression given (quote the expression)", json);
            have_expr = true;
            req.input = a;
            continue;
        }
        auto value = [&](const char *flag) -> const char * {
            if (i + 1 >= argc) return nullptr;
            (void)flag;
            return argv[++i];
        };
        if (a == "--json") continue;
        if (a == "--steps") {
            req.steps = true;
            continue;
        }
        if (a == "-h" || a == "--help") {
            std::cout << kUsage;
            return 0;
        }
        if (a == "--wrt" || a == "--gradient" || a == "--order" || a == "--at" || a == "--repeat" ||
            a == "--lang") {
            const char *v = value(a.c_str());
            if (!v) return usage_error(a + " needs a value", json);
            if (a == "--wrt") {
                req.wrt = split_commas(v);
            } else if (a == "--gradient") {
                req.gradient = split_commas(v);
            } else if (a == "--order") {
                if (!parse_int(v, 1, 1000000, req.order))
                    return usage_error("--order takes a whole number of 1 or more", json);
            } else if (a == "--lang") {
                if (!leibniz::parse_lang(v, req.lang)) return usage_error("--lang takes en or ko", json);
            } else if (a == "--repeat") {
                if (!parse_int(v, 1, 10000000, req.repeat))
                    return usage_error("--repeat takes a whole number of 1 or more", json);
            } else {
                leibniz::Point p;
                std::string err = leibniz::api::parse_point(v, p);
                if (!err.empty()) return usage_error("--at: " + err, json);
                req.at.push_back(p);
            }
            continue;
        }
        if (a.size() > 1 && a[0] == '-' && a != "-" && !(a[1] >= '0' && a[1] <= '9') && a[1] == '-')
            return usage_error("unknown option " + a, json);
        if (have_expr) return usage_error("more than one expression given (quote the expression)", json);
        have_expr = true;
        if (a == "-") {
            req.input.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
            while (!req.input.empty() && (req.input.back() == '\n' || req.input.back() == '\r'))
                req.input.pop_back();
        } else {
            req.input = a;
        }
    }
    if (!have_expr) return usage_error("no expression given", json);
    if (!req.gradient.empty() && !req.wrt.empty())
        return usage_error("--gradient and --wrt cannot be combined", json);

    leibniz::api::Response r = leibniz::api::run(req);
    if (json) {
        std::cout << leibniz::api::to_json(r) << "\n";
    } else if (!r.ok) {
        print_input_error(req.input, r.error);
    } else {
        if (r.is_gradient)
            for (const auto &g : r.gradient) std::cout << g.var << ": " << g.formula.text << "\n";
        else
            std::cout << r.result.text << "\n";
        for (const auto &n : r.notes) std::cerr << "note: " << n << "\n";
        for (const auto &g : r.steps) {
            std::cout << "steps (d/d" << g.wrt << ", " << g.order << "):\n";
            for (const auto &st : g.explanation.steps) std::cout << "  [" << st.id << "] " << st.text << "\n";
            if (g.explanation.has_simplify) std::cout << "  " << g.explanation.simplify.text << "\n";
        }
        for (std::size_t i = 0; i < r.values.size(); ++i)
            for (const auto &v : r.values[i]) {
                if (v) std::printf("value: %.17g\n", *v);
                else std::printf("value: undefined\n");
            }
        if (r.timing)
            std::printf("timing: median %lld ns, min %lld ns over %d runs\n",
                        static_cast<long long>(r.timing->median_ns),
                        static_cast<long long>(r.timing->min_ns), r.timing->repeat);
    }
    if (r.ok) return 0;
    return r.error.kind == "usage" ? 2 : 1;
}
