// GiNaC driver for the peer benchmark (bench/peers/run.mjs builds it into build/peers-ginac/).
//
//   ginac_driver CASES.tsv START TARGET_MS CAP_MS
//
// CASES.tsv: one case per line, "index \t vars (comma-separated) \t output file \t expression".
// For each case from START: prints "START i"; runs parse (GiNaC::parser) -> differentiate
// (ex::diff, once per variable) -> print (operator<< in GiNaC's default format) once as
// warm-up and first timing, a few more warm-up runs for small cases, then timed runs for about
// TARGET_MS (at least 3; one if the first run took over 300 ms; none beyond the first if that
// took over CAP_MS); prints "DONE i {json}" with the median (steady_clock) or
// "FAIL i {json}". The printed derivative is written to the output file.
#include <ginac/ginac.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using namespace GiNaC;

struct Case {
    long index;
    std::vector<std::string> vars;
    std::string out, expr;
};

static std::vector<std::string> split(const std::string &s, char sep) {
    std::vector<std::string> r;
    std::string cur;
    for (char c : s) {
        if (c == sep) { r.push_back(cur); cur.clear(); }
        else cur += c;
    }
    r.push_back(cur);
    return r;
}

static std::string json_escape(const std::string &s) {
    std::string r;
    for (char c : s) {
        if (c == '"' || c == '\\') { r += '\\'; r += c; }
        else if (static_cast<unsigned char>(c) < 0x20) r += ' ';
        else r += c;
    }
    return r;
}

int main(int argc, char **argv) {
    if (argc != 5) {
        std::cerr << "usage: ginac_driver CASES.tsv START TARGET_MS CAP_MS\n";
        return 2;
    }
    std::ifstream in(argv[1]);
    const long start = std::stol(argv[2]);
    const double target = std::stod(argv[3]) * 1e6, cap = std::stod(argv[4]) * 1e6;
    const long min_runs = std::getenv("PEERS_MIN_RUNS") ? std::atol(std::getenv("PEERS_MIN_RUNS")) : 3;
    std::vector<Case> cases;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        auto f = split(line, '\t');
        if (f.size() != 4) continue;
        cases.push_back({std::stol(f[0]), split(f[1], ','), f[2], f[3]});
    }
    symbol x("x"), y("y");
    symtab table;
    table["x"] = x;
    table["y"] = y;

    auto run_once = [&](const Case &c) {
        parser reader(table);
        ex e = reader(c.expr);
        for (const auto &v : c.vars) e = e.diff(ex_to<symbol>(table[v]));
        std::ostringstream os;
        os << e;
        return os.str();
    };
    using clock = std::chrono::steady_clock;
    auto ns = [](clock::time_point a, clock::time_point b) {
        return static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(b - a).count());
    };
    for (const auto &c : cases) {
        if (c.index < start) continue;
        std::cout << "START " << c.index << std::endl;
        try {
            auto t0 = clock::now();
            std::string out = run_once(c);
            const double first = ns(t0, clock::now());
            double med = first;
            long runs = 1;
            if (first <= cap) {
                const long warm = std::min<long>(20, static_cast<long>(target / 4 / std::max(first, 1.0)));
                for (long k = 0; k < warm; ++k) run_once(c);
                runs = first > 3e8 ? 1 : std::max<long>(min_runs, std::min<long>(2000, static_cast<long>(target / std::max(first, 1.0) + 0.5)));
                std::vector<double> ts;
                for (long k = 0; k < runs; ++k) {
                    t0 = clock::now();
                    run_once(c);
                    ts.push_back(ns(t0, clock::now()));
                }
                std::sort(ts.begin(), ts.end());
                const size_t n = ts.size();
                med = n % 2 ? ts[n / 2] : (ts[n / 2 - 1] + ts[n / 2]) / 2;
            }
            std::ofstream(c.out) << out;
            std::cout << "DONE " << c.index << " {\"median_ns\":" << med << ",\"first_ns\":" << first
                      << ",\"runs\":" << runs << "}" << std::endl;
        } catch (const std::exception &e) {
            std::cout << "FAIL " << c.index << " {\"error\":\"" << json_escape(std::string(e.what()).substr(0, 300))
                      << "\"}" << std::endl;
        }
    }
    return 0;
}
