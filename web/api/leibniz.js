// Leibniz as a JavaScript library, for the browser and for node:
//
//   import { differentiate } from './leibniz.js';      // build/site/api/leibniz.js
//   const r = await differentiate('y = (3x^2 + 8)^3');
//   r.result.text   // '18*x*(3*x^2 + 8)^2'
//
// The results are the same objects the CLI prints with --json (see README, "Native CLI"):
// {ok: true, input, lhs?, variables, wrt, result | gradient, where?, notes, values?, steps?} or
// {ok: false, error: {kind, message, position, length}}. Types: leibniz.d.ts.
//
// A derivative whose printed form would be huge but repeats large subexpressions names them:
// `where: [{name: 'u_1', text: 'sin(x)', latex: '\\sin x'}, ...]` (each definition may use
// earlier names), and `result.text` (or each gradient entry) uses the names. Option
// `expanded: true` prints the fully expanded form instead (no `where`). To evaluate a named
// result, pass its definitions along: evaluate(r.result.text, {x: 1}, {where: r.where}).
//
// In the browser this runs the wasm module (../leibniz.mjs, the page's own build) on the
// calling thread; a page that differentiates large input should call it from a Worker (as
// the Leibniz page does). In node it loads leibniz_node.cjs (the wasm inlined, CommonJS),
// which sits next to this file.

let modulePromise = null;

async function instantiate() {
  if (typeof process === 'object' && process.versions && process.versions.node) {
    const { createRequire } = await import('node:module');
    const require = createRequire(import.meta.url);
    return require('./leibniz_node.cjs')();
  }
  const { default: createLeibniz } = await import('../leibniz.mjs');
  return createLeibniz();
}

function list(v) {
  if (v === undefined || v === null) return undefined;
  return (Array.isArray(v) ? v : String(v).split(',')).map((s) => String(s).trim()).filter(Boolean);
}

// options -> the module's request object (the CLI's flags by another name).
function request(input, options = {}) {
  if (typeof input !== 'string') throw new TypeError('differentiate: the input must be a string');
  const { wrt, order, gradient, at, steps, lang, repeat, expanded } = options;
  const r = { input };
  if (wrt !== undefined) r.wrt = list(wrt);
  if (gradient !== undefined) r.gradient = list(gradient);
  if (order !== undefined) r.order = Number(order);
  if (at !== undefined) r.at = Array.isArray(at) ? at : [at];
  if (steps) r.steps = true;
  if (lang !== undefined) r.lang = lang === 'ko' ? 'ko' : 'en';
  if (repeat !== undefined) r.repeat = Number(repeat);
  if (expanded) r.expanded = true;
  return r;
}

// [{name, text}, ...] (a response's `where`; latex may stay) for the evaluators, or undefined.
function definitions(where) {
  if (where === undefined || where === null) return undefined;
  if (!Array.isArray(where)) throw new TypeError('where must be a list of {name, text}');
  return where.map((d) => ({ name: String(d.name), text: String(d.text) }));
}

function points(at) {
  return Array.isArray(at) ? at : [at];
}

// Loads the wasm module once; resolves to synchronous functions (for many calls in a row).
export function load() {
  if (!modulePromise) {
    modulePromise = instantiate().then((m) => ({
      differentiate: (input, options) => m.differentiate(request(input, options)),
      evaluate: (input, at = [], { where } = {}) => {
        const req = { input: String(input), at: points(at) };
        const defs = definitions(where);
        if (defs) req.where = defs;
        return m.evaluate(req);
      },
      evaluateGrid: (input, variable, values, { at, where } = {}) => {
        const req = { input: String(input), variable: String(variable), values };
        if (at !== undefined) req.at = at;
        const defs = definitions(where);
        if (defs) req.where = defs;
        return m.evaluateGrid(req);
      },
    }));
  }
  return modulePromise;
}

// The derivative of `input`. options: {wrt: 'x' | ['x', 'y'] (mixed partial, in order),
// order, gradient: ['x', 'y'], at: {x: 1} | [{x: 1}, ...], steps, lang: 'en' | 'ko', repeat,
// expanded: true (the fully expanded form, no `where`)}.
export async function differentiate(input, options = {}) {
  return (await load()).differentiate(input, options);
}

// The input's own values at points: {ok, input, variables, values}. options.where: named
// subexpressions the input uses (a response's `where`), substituted before evaluating.
export async function evaluate(input, at = [], options = {}) {
  return (await load()).evaluate(input, at, options);
}

// Values of `input` along one variable (plot samples in one call): {ok, variables, values:
// Float64Array, NaN where undefined}. options: {at: {y: 1} (the other variables), where}.
export async function evaluateGrid(input, variable, values, options = {}) {
  return (await load()).evaluateGrid(input, variable, values, options);
}
