// leibniz: the command-line front end over the same facade as the web page.
// Usage: see usage() and README.md ("Native CLI").
#include "../wasm/api.hpp"
#include "../wasm/matrix_api.hpp"
#include "../wasm/multi_api.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <iterator>
#include <string>

namespace {

const char *kUsage =
    "usage: leibniz [--wrt V[,V...]] [--order N] [--gradient V1,V2,...]\n"
    "               [--at V=NUM[,V=NUM...]]... [--repeat N] [--steps] [--steps-root ID]\n"
    "               [--lang en|ko] [--expanded] [--json] EXPR\n"
    "  EXPR        the expression, or - to read it from standard input\n"
    "              (after --, an argument is the expression even if it starts with -)\n"
    "  --wrt       variable(s): x, or x,y for the mixed partial (first x, then y)\n"
    "  --order N   repeat the last differentiation N times (default 1)\n"
    "  --gradient  the vector of partial derivatives over these variables\n"
    "  --at        also evaluate the result at this point (repeatable)\n"
    "  --repeat N  time the whole pipeline N times in-process (median and minimum)\n"
    "  --steps     explain every rule application (in the JSON: \"steps\")\n"
    "  --steps-root ID  explain only the sub-tree under step ID (a collapsed step of a\n"
    "              large explanation, same EXPR and options); implies --steps\n"
    "  --lang L    language of the explanations: en (default) or ko\n"
    "  --expanded  print the result fully expanded even where naming its repeated\n"
    "              subexpressions (\"where u_1 = ...\") is much shorter\n"
    "  --json      print one JSON object (see README.md)\n"
    "matrix calculus (README \"Matrix calculus\"):\n"
    "  --shape NAME=RxC  declare a matrix or vector variable (repeatable; R, C integers or\n"
    "              one-letter symbols: --shape x=1x2 --shape W=2x2, --shape X=nxm)\n"
    "  --layout L  seed (default), numerator or denominator\n"
    "several variables (README \"Jacobian, Hessian, directional derivative\"):\n"
    "  --jacobian V1,V2,...  the Jacobian of EXPR = [f1, f2, ...] (rows: functions)\n"
    "  --hessian V1,V2,...   the Hessian of a scalar EXPR\n"
    "  --directional V1,V2,... --direction U1,U2,...  the derivative along the unit vector u/|u|\n";

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

// Matrix mode (--shape / --layout): one derivative by one variable, in a layout.
int run_matrix_cli(const leibniz::api::Request &req, leibniz::api::MatrixRequest &mreq, bool json) {
    if (!req.gradient.empty() || req.order != 1 || !req.at.empty() || req.repeat > 0)
        return usage_error("--gradient, --order, --at and --repeat are not available with --shape/--layout", json);
    if (req.wrt.size() > 1) return usage_error("matrix mode differentiates by one variable", json);
    mreq.input = req.input;
    mreq.wrt = req.wrt.empty() ? "" : req.wrt[0];
    mreq.lang = req.lang;
    leibniz::api::MatrixResponse r = leibniz::api::run_matrix(mreq);
    if (json) {
        std::cout << leibniz::api::to_json(r) << "\n";
    } else if (!r.ok) {
        print_input_error(req.input, r.error);
    } else {
        std::cout << r.result.text << "\n";
        std::cerr << "shape: " << r.rows << "x" << r.cols << " (" << r.kind << ", " << r.layout << " layout)\n";
        for (const auto &n : r.notes) std::cerr << "note: " << n << "\n";
        if (req.steps)
            for (const auto &st : r.steps) std::cout << "  " << st.title << ": " << st.latex << "\n";
    }
    if (r.ok) return 0;
    return r.error.kind == "usage" ? 2 : 1;
}

// --jacobian / --hessian / --directional: a matrix of derivatives of scalar variables.
int run_multi_cli(const leibniz::api::Request &req, leibniz::api::MultiRequest &multi, bool json) {
    if (!req.gradient.empty() || !req.wrt.empty() || req.order != 1 || req.repeat > 0 || req.steps)
        return usage_error("--wrt, --gradient, --order, --repeat and --steps do not combine with --" + multi.kind, json);
    multi.input = req.input;
    multi.at = req.at;
    leibniz::api::MultiResponse r = leibniz::api::run_multi(multi);
    if (json) {
        std::cout << leibniz::api::to_json(r) << "\n";
    } else if (!r.ok) {
        print_input_error(req.input, r.error);
    } else {
        for (const auto &row : r.matrix) {
            std::string line;
            for (const auto &e : row) line += (line.empty() ? "" : "  |  ") + e.text;
            std::cout << line << "\n";
        }
        for (const auto &n : r.notes) std::cerr << "note: " << n << "\n";
    }
    if (r.ok) return 0;
    return r.error.kind == "usage" ? 2 : 1;
}

} // namespace

int main(int argc, char **argv) {
    leibniz::api::Request req;
    leibniz::api::MatrixRequest mreq;
    leibniz::api::MultiRequest multi;
    bool matrix_mode = false, multi_mode = false;
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
        if (a == "--expanded") {
            req.expanded = true;
            continue;
        }
        if (a == "-h" || a == "--help") {
            std::cout << kUsage;
            return 0;
        }
        if (a == "--jacobian" || a == "--hessian" || a == "--directional" || a == "--direction") {
            const char *v = value(a.c_str());
            if (!v) return usage_error(a + " needs a value", json);
            if (a == "--direction") {
                multi.direction = split_commas(v);
            } else {
                if (multi_mode) return usage_error("choose one of --jacobian, --hessian and --directional", json);
                multi_mode = true;
                multi.kind = a.substr(2);
                multi.vars = split_commas(v);
            }
            continue;
        }
        if (a == "--shape" || a == "--layout") {
            const char *v = value(a.c_str());
            if (!v) return usage_error(a + " needs a value", json);
            matrix_mode = true;
            if (a == "--layout") {
                mreq.layout = v;
            } else {
                std::string err = leibniz::api::parse_shapes(v, mreq.shapes);
                if (!err.empty()) return usage_error("--shape: " + err, json);
            }
            continue;
        }
        if (a == "--wrt" || a == "--gradient" || a == "--order" || a == "--at" || a == "--repeat" ||
            a == "--lang" || a == "--steps-root") {
            const char *v = value(a.c_str());
            if (!v) return usage_error(a + " needs a value", json);
            if (a == "--wrt") {
                req.wrt = split_commas(v);
            } else if (a == "--gradient") {
                req.gradient = split_commas(v);
            } else if (a == "--order") {
                if (!parse_int(v, 1, 1000000, req.order))
                    return usage_error("--order takes a whole number of 1 or more", json);
            } else if (a == "--steps-root") {
                int root = 0;
                if (!parse_int(v, 0, 2147483647, root))
                    return usage_error("--steps-root takes a step id (a whole number of 0 or more)", json);
                req.steps_root = root;
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
    if (matrix_mode) return run_matrix_cli(req, mreq, json);
    if (!multi.direction.empty() && multi.kind != "directional")
        return usage_error("--direction goes with --directional", json);
    if (multi_mode) return run_multi_cli(req, multi, json);

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
        for (std::size_t i = 0; i < r.where.size(); ++i)
            std::cout << (i ? "      " : "where ") << r.where[i].name << " = " << r.where[i].formula.text << "\n";
        for (const auto &n : r.notes) std::cerr << "note: " << n << "\n";
        for (const auto &g : r.steps) {
            std::cout << "steps (d/d" << g.wrt << ", " << g.order << "):\n";
            for (const auto &st : g.explanation.steps) {
                if (st.collapsed)
                    std::cout << "  [" << st.id << "] " << st.title << " (" << st.count
                              << (st.count > 200 ? "+" : "") << " steps, not shown: --steps-root " << st.id << ")\n";
                else
                    std::cout << "  [" << st.id << "] " << st.text << "\n";
            }
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
