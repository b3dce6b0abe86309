// Embind entry points of the matrix calculus page, in their own module (leibniz_matrix):
// the derivative page does not download them. The results are the CLI's JSON objects
// (--shape/--layout, --jacobian/--hessian/--directional) parsed into JS values.
#include "bind_util.hpp"
#include "matrix_api.hpp"
#include "multi_api.hpp"

#include <emscripten/bind.h>

using emscripten::val;

namespace {

val parsed(const std::string &json) { return val::global("JSON").call<val>("parse", json); }

bool is_object(const val &v) { return !v.isNull() && !v.isUndefined() && v.typeOf().as<std::string>() == "object"; }

// {input, shapes: {W: "2x2", x: "1x2"} or "W=2x2;x=1x2", wrt, layout, lang, elementwise}
val differentiate_matrix(val request) {
    leibniz::api::MatrixResponse res;
    std::string err;
    leibniz::api::MatrixRequest req;
    if (!is_object(request)) err = "the request must be an object";
    if (err.empty() && !request["input"].isString()) err = "input must be a string";
    if (err.empty()) {
        req.input = leibniz::bind::text(request, "input", err);
        req.wrt = leibniz::bind::text(request, "wrt", err);
        std::string layout = leibniz::bind::text(request, "layout", err);
        if (!layout.empty()) req.layout = layout;
        std::string lang = leibniz::bind::text(request, "lang", err);
        if (!lang.empty() && !leibniz::parse_lang(lang, req.lang)) err = "lang must be \"en\" or \"ko\"";
        if (request["elementwise"].isFalse()) req.elementwise = false;
        val shapes = request["shapes"];
        if (shapes.isString()) {
            if (err.empty()) err = leibniz::api::parse_shapes(shapes.as<std::string>(), req.shapes);
        } else if (is_object(shapes)) {
            val keys = val::global("Object").call<val>("keys", shapes);
            const unsigned n = keys["length"].as<unsigned>();
            std::string spec;
            for (unsigned i = 0; i < n && err.empty(); ++i) {
                std::string k = keys[i].as<std::string>();
                if (!shapes[k].isString()) err = "the shape of " + k + " must be a string such as \"2x3\"";
                else spec += k + "=" + shapes[k].as<std::string>() + ";";
            }
            if (err.empty()) err = leibniz::api::parse_shapes(spec, req.shapes);
        } else if (!shapes.isUndefined() && !shapes.isNull()) {
            err = "shapes must be an object or a string";
        }
    }
    if (err.empty())
        res = leibniz::api::run_matrix(req);
    else
        res.error = {"usage", err, 0, 0};
    return parsed(leibniz::api::to_json(res));
}

// {input, kind: "jacobian" | "hessian" | "directional", vars?, direction?, at?}
val differentiate_multi(val request) {
    leibniz::api::MultiResponse res;
    std::string err;
    leibniz::api::MultiRequest req;
    if (!is_object(request)) err = "the request must be an object";
    if (err.empty() && !request["input"].isString()) err = "input must be a string";
    if (err.empty()) {
        req.input = leibniz::bind::text(request, "input", err);
        std::string kind = leibniz::bind::text(request, "kind", err);
        if (!kind.empty()) req.kind = kind;
        req.vars = leibniz::bind::list(request, "vars", err);
        req.direction = leibniz::bind::list(request, "direction", err);
        req.at = leibniz::bind::points(request["at"], err);
    }
    if (err.empty())
        res = leibniz::api::run_multi(req);
    else
        res.error = {"usage", err, 0, 0};
    return parsed(leibniz::api::to_json(res));
}

} // namespace

EMSCRIPTEN_BINDINGS(leibniz_matrix) {
    emscripten::function("differentiateMatrix", &differentiate_matrix);
    emscripten::function("differentiateMulti", &differentiate_multi);
}
