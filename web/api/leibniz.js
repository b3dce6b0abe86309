// Leibniz as a JavaScript library, for the browser and for node:
//
//   import { differentiate } from './leibniz.js';      // build/site/api/leibniz.js
//   const r = await differentiate('y = (3x^2 + 8)^3');
//   r.result.text   // '18*x*(3*x^2 + 8)^2'
//
// The results are the same objects the CLI prints with --json (see README, "Native CLI"):
// {ok: true, input, lhs?, variables, wrt, result | gradient, notes, values?, steps?} or
// {ok: false, error: {kind, message, position, length}}. Types: leibniz.d.ts.
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
  const { wrt, order, gradient, at, steps, lang, repeat } = options;
  const r = { input };
  if (wrt !== undefined) r.wrt = list(wrt);
  if (gradient !== undefined) r.gradient = list(gradient);
  if (order !== undefined) r.order = Number(order);
  if (at !== undefined) r.at = Array.isArray(at) ? at : [at];
  if (steps) r.steps = true;
  if (lang !== undefined) r.lang = lang === 'ko' ? 'ko' : 'en';
  if (repeat !== undefined) r.repeat = Number(repeat);
  return r;
}

// Loads the wasm module once; resolves to synchronous functions (for many calls in a row).
export function load() {
  if (!modulePromise) {
    modulePromise = instantiate().then((m) => ({
      differentiate: (input, options) => m.differentiate(request(input, options)),
      evaluate: (input, at = []) => m.evaluate({ input: String(input), at: Array.isArray(at) ? at : [at] }),
    }));
  }
  return modulePromise;
}

// The derivative of `input`. options: {wrt: 'x' | ['x', 'y'] (mixed partial, in order),
// order, gradient: ['x', 'y'], at: {x: 1} | [{x: 1}, ...], steps, lang: 'en' | 'ko', repeat}.
export async function differentiate(input, options = {}) {
  return (await load()).differentiate(input, options);
}

// The input's own values at points: {ok, input, variables, values}.
export async function evaluate(input, at = []) {
  return (await load()).evaluate(input, at);
}
