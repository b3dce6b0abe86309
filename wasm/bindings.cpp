// Embind bindings: only conversions between JS values and the facade's structs.
// Results are plain JS objects with the same fields as the CLI's JSON output, so the
// caller never holds a C++ handle that needs .delete().
#include "api.hpp"

#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <stdexcept>

using emscripten::val;

namespace {

std::vector<std::string> string_list(const val &v) {
    std::vector<std::string> out;
    if (v.isUndefined() || v.isNull()) return out;
    if (v.isString()) {
        out.push_back(v.as<std::string>());
        return out;
    }
    const unsigned n = v["length"].as<unsigned>();
    for (unsigned i = 0; i < n; ++i) out.push_back(v[i].as<std::string>());
    return out;
}

val formula(const leibniz::api::Formula &f) {
    val o = val::object();
    o.set("text", f.text);
    o.set("latex", f.latex);
    return o;
}

val strings(const std::vector<std::string> &v) {
    val a = val::array();
    for (std::size_t i = 0; i < v.size(); ++i) a.set(i, v[i]);
    return a;
}

val number_or_null(const std::optional<double> &v) { return v ? val(*v) : val::null(); }

val to_js(const leibniz::api::Response &r) {
    val o = val::object();
    o.set("ok", r.ok);
    if (!r.ok) {
        val e = val::object();
        e.set("kind", r.error.kind);
        e.set("message", r.error.message);
        e.set("position", static_cast<double>(r.error.position));
        e.set("length", static_cast<double>(r.error.length));
        o.set("error", e);
        if (!r.variables.empty()) o.set("variables", strings(r.variables));
        return o;
    }
    o.set("input", formula(r.input));
    if (!r.lhs.empty()) o.set("lhs", r.lhs);
    o.set("variables", strings(r.variables));
    o.set("wrt", strings(r.wrt));
    // [{<key>: label, text, latex}, ...] from entries with a label and a .formula
    auto labelled = [](const auto &entries, const char *key, auto label) {
        val a = val::array();
        for (std::size_t i = 0; i < entries.size(); ++i) {
            val item = formula(entries[i].formula);
            item.set(key, label(entries[i]));
            a.set(i, item);
        }
        return a;
    };
    if (r.is_gradient)
        o.set("gradient", labelled(r.gradient, "var", [](const auto &g) { return g.var; }));
    else
        o.set("result", formula(r.result));
    if (!r.where.empty()) o.set("where", labelled(r.where, "name", [](const auto &d) { return d.name; }));
    o.set("notes", strings(r.notes));
    if (!r.values.empty()) {
        val vals = val::array();
        for (std::size_t i = 0; i < r.values.size(); ++i) {
            if (r.is_gradient) {
                val row = val::array();
                for (std::size_t j = 0; j < r.values[i].size(); ++j) row.set(j, number_or_null(r.values[i][j]));
                vals.set(i, row);
            } else {
                vals.set(i, number_or_null(r.values[i][0]));
            }
        }
        o.set("values", vals);
    }
    if (!r.steps.empty()) {
        auto item = [](const leibniz::RenderedStep &st) {
            val o = val::object();
            o.set("id", static_cast<double>(st.id));
            o.set("rule", st.rule);
            o.set("title", st.title);
            o.set("latex", st.latex);
            o.set("text", st.text);
            o.set("rule_latex", st.rule_latex);
            val c = val::array();
            for (std::size_t i = 0; i < st.children.size(); ++i) c.set(i, static_cast<double>(st.children[i]));
            o.set("children", c);
            if (st.collapsed) {
                o.set("collapsed", true);
                o.set("count", static_cast<double>(st.count));
            }
            return o;
        };
        val groups = val::array();
        for (std::size_t g = 0; g < r.steps.size(); ++g) {
            const auto &sg = r.steps[g];
            val group = val::object();
            group.set("wrt", sg.wrt);
            group.set("order", sg.order);
            val items = val::array();
            for (std::size_t i = 0; i < sg.explanation.steps.size(); ++i) items.set(i, item(sg.explanation.steps[i]));
            group.set("items", items);
            group.set("omitted", static_cast<double>(sg.explanation.omitted));
            if (sg.explanation.has_simplify) group.set("simplify", item(sg.explanation.simplify));
            groups.set(g, group);
        }
        o.set("steps", groups);
    }
    if (r.timing) {
        val t = val::object();
        t.set("median", static_cast<double>(r.timing->median_ns));
        t.set("min", static_cast<double>(r.timing->min_ns));
        t.set("repeat", r.timing->repeat);
        o.set("timing_ns", t);
    }
    return o;
}

std::vector<leibniz::Point> points(const val &at) {
    std::vector<leibniz::Point> out;
    if (at.isUndefined() || at.isNull()) return out;
    const unsigned n = at["length"].as<unsigned>();
    for (unsigned i = 0; i < n; ++i) {
        leibniz::Point p;
        val keys = val::global("Object").call<val>("keys", at[i]);
        const unsigned k = keys["length"].as<unsigned>();
        for (unsigned j = 0; j < k; ++j) {
            std::string name = keys[j].as<std::string>();
            p[name] = at[i][name].as<double>();
        }
        out.push_back(p);
    }
    return out;
}

// where: [{name, text}, ...] as a response's `where` (named subexpressions), or absent.
leibniz::api::NamedTexts named_texts(const val &where) {
    leibniz::api::NamedTexts out;
    if (where.isUndefined() || where.isNull()) return out;
    const unsigned n = where["length"].as<unsigned>();
    for (unsigned i = 0; i < n; ++i) {
        val name = where[i]["name"], text = where[i]["text"];
        if (!name.isString() || !text.isString()) throw std::invalid_argument("where");
        out.emplace_back(name.as<std::string>(), text.as<std::string>());
    }
    return out;
}

// evaluate({input, at: [{x: 1}, ...], where?}) -> {ok, input, variables, values: [number|null, ...]}
val evaluate(val request) {
    leibniz::api::Response res;
    try {
        res = leibniz::api::evaluate(request["input"].as<std::string>(), points(request["at"]), leibniz::Limits(),
                                     named_texts(request["where"]));
    } catch (...) {
        res = leibniz::api::Response();
        res.error = {"usage", "the request is malformed", 0, 0};
    }
    if (!res.ok) return to_js(res);
    val o = val::object();
    o.set("ok", true);
    o.set("input", formula(res.input));
    o.set("variables", strings(res.variables));
    val vals = val::array();
    for (std::size_t i = 0; i < res.values.size(); ++i) vals.set(i, number_or_null(res.values[i][0]));
    o.set("values", vals);
    return o;
}

// evaluateGrid({input, variable, values: number[] | Float64Array, at?: {y: 1}, where?})
//   -> {ok, variables, values: Float64Array (NaN where undefined)}: plot samples in one call.
val evaluate_grid(val request) {
    leibniz::api::Grid g;
    try {
        std::vector<double> xs = emscripten::convertJSArrayToNumberVector<double>(request["values"]);
        std::vector<leibniz::Point> base = points(request["at"].isUndefined() ? val::array() : val::array().call<val>("concat", request["at"]));
        g = leibniz::api::evaluate_grid(request["input"].as<std::string>(), request["variable"].as<std::string>(), xs,
                                        base.empty() ? leibniz::Point() : base[0], leibniz::Limits(),
                                        named_texts(request["where"]));
    } catch (...) {
        g.meta = leibniz::api::Response();
        g.meta.error = {"usage", "the request is malformed", 0, 0};
    }
    if (!g.meta.ok) return to_js(g.meta);
    val o = val::object();
    o.set("ok", true);
    o.set("variables", strings(g.meta.variables));
    // Copy out of wasm memory: the view would be invalidated when memory grows.
    o.set("values", val(emscripten::typed_memory_view(g.values.size(), g.values.data())).call<val>("slice"));
    return o;
}

// differentiate({input, wrt?, order?, gradient?, at?: [{x: 1}], repeat?, steps?, lang?, steps_root?, expanded?})
val differentiate(val request) {
    leibniz::api::Response res;
    try {
        leibniz::api::Request req;
        req.input = request["input"].as<std::string>();
        req.wrt = string_list(request["wrt"]);
        req.gradient = string_list(request["gradient"]);
        if (!request["order"].isUndefined()) req.order = request["order"].as<int>();
        if (!request["repeat"].isUndefined()) req.repeat = request["repeat"].as<int>();
        if (!request["steps"].isUndefined()) req.steps = request["steps"].as<bool>();
        req.expanded = request["expanded"].isTrue(); // the fully expanded form, no "where" names
        if (!request["steps_root"].isUndefined() && !request["steps_root"].isNull()) {
            double root = request["steps_root"].as<double>();
            if (!(root >= 0 && root < 1e15 && root == static_cast<double>(static_cast<long long>(root)))) {
                leibniz::api::Response bad;
                bad.error = {"usage", "steps_root must be a step id (a whole number of 0 or more)", 0, 0};
                return to_js(bad);
            }
            req.steps_root = static_cast<long long>(root);
        }
        if (!request["lang"].isUndefined() && !leibniz::parse_lang(request["lang"].as<std::string>(), req.lang)) {
            leibniz::api::Response bad;
            bad.error = {"usage", "lang must be \"en\" or \"ko\"", 0, 0};
            return to_js(bad);
        }
        req.at = points(request["at"]);
        res = leibniz::api::run(req);
    } catch (...) {
        res = leibniz::api::Response();
        res.error = {"usage", "the request is malformed", 0, 0};
    }
    return to_js(res);
}

} // namespace

EMSCRIPTEN_BINDINGS(leibniz) {
    emscripten::function("differentiate", &differentiate);
    emscripten::function("evaluate", &evaluate);
    emscripten::function("evaluateGrid", &evaluate_grid);
}
