// The engine runs here, off the main thread, so typing never blocks on a long computation.
// The protocol (engine.js, worker-host.js) is shared with matrix-worker.js; these are the calls.
import createLeibniz from './leibniz.mjs';
import { resolveIntent } from './request.js';
import { sampleCurve } from './sampling.js';
import { serveEngine } from './worker-host.js';

const calls = {
  // {input, mode, wrt, order, expanded?} -> the engine's response plus `resolved` and `ms`.
  // A result that names its repeated subexpressions has `where`. With `expanded`, such a
  // result is printed again in full and keeps its named form in `named` ({result |
  // gradient, where}: the evaluators use it, it is much shorter); if the full form exceeds
  // a limit, the named form is returned with `expandedError`. A result without names is
  // the same either way, so it is computed once.
  derive(m, intent) {
    const start = performance.now();
    const probe = m.evaluate({ input: intent.input, at: [] });
    if (!probe.ok) return { ...probe, ms: performance.now() - start };
    const { request, resolved } = resolveIntent(intent, probe.variables);
    let response = m.differentiate(request);
    if (intent.expanded && response.ok && response.where) {
      const named = { result: response.result, gradient: response.gradient, where: response.where };
      const full = m.differentiate({ ...request, expanded: true });
      response = full.ok ? { ...full, named } : { ...response, expandedError: full.error };
    }
    return { ...response, resolved, ms: performance.now() - start };
  },

  // {request, lang, root?} -> {ok, steps} | {ok: false, error}: the step-by-step explanation
  // of a derivative the page already shows (request: as built by resolveIntent); with
  // `root`, only the sub-tree under that step id (a collapsed step of a large explanation).
  steps(m, { request, lang, root }) {
    const r = m.differentiate({ ...request, steps: true, lang: lang === 'ko' ? 'ko' : 'en',
      ...(root === undefined ? {} : { steps_root: root }) });
    return r.ok ? { ok: true, steps: (r.steps || []).map(trimGroup) } : { ok: false, error: r.error };
  },

  // {input, at: [{x: 1}, ...], where?} -> the engine's evaluate response.
  evaluate(m, args) {
    return m.evaluate(args);
  },

  // [{input, at, where?}, ...] -> [response, ...]. With `where`, the response's `input` (the
  // text with every name substituted: megabytes for a deep nest) is left out.
  evaluateAll(m, list) {
    return list.map((args) => {
      const r = m.evaluate(args);
      if (!args.where || !r.ok) return r;
      const { input, ...rest } = r;
      return rest;
    });
  },

  // {inputs: [text | {input, where}, ...], variable, x0, x1, n} -> {curves: [{lines} | {error}]}
  // (where: a result's named subexpressions, which its text uses). Samples come from
  // evaluateGrid, which compiles the expression once per batch: 5-10 times faster than
  // evaluating point by point (a 1000-deep nest's derivative: 134 ms vs 1.2 s for 2001 x).
  plot(m, { inputs, variable, x0, x1, n }) {
    const curves = inputs.map((item) => {
      const { input, where } = typeof item === 'string' ? { input: item } : item;
      let error = null;
      const evaluate = (xs) => {
        if (error) return xs.map(() => null);
        const r = m.evaluateGrid({ input, variable, values: xs, ...(where ? { where } : {}) });
        if (!r.ok) {
          error = r.error;
          return xs.map(() => null);
        }
        return Array.from(r.values);
      };
      const lines = sampleCurve(evaluate, x0, x1, n);
      return error ? { error } : { lines };
    });
    return { curves, x0, x1 };
  },
};

// Step formulas of deeply nested input grow quadratically (a 300-deep sin(sin(...)) gives
// ~90 MB of LaTeX); the page typesets only short ones, so longer ones travel as a prefix
// and their size, and long math inside a sentence becomes an ellipsis.
const STEP_LATEX_MAX = 20000;

function trimItem(item) {
  if (!item) return item;
  const text = item.text.split('$').map((s, i) => (i % 2 && s.length > STEP_LATEX_MAX ? '\\dots' : s)).join('$');
  const big = item.latex.length > STEP_LATEX_MAX;
  return { ...item, text, latex: big ? item.latex.slice(0, 300) : item.latex, size: item.latex.length, cut: big };
}

function trimGroup(group) {
  return { ...group, items: group.items.map(trimItem), simplify: trimItem(group.simplify) };
}

serveEngine(createLeibniz, calls, {
  check(m) {
    if (typeof m.evaluateGrid !== 'function') {
      throw new Error('leibniz.wasm is older than the page (no evaluateGrid); rebuild the wasm module');
    }
  },
});
