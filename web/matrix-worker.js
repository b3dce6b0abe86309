// The matrix calculus page's engine Worker: the same protocol as worker.js (see engine.js),
// over the leibniz_matrix module, which adds matrix calculus and Jacobians/Hessians to the
// derivative page's entry points.
import createLeibniz from './leibniz_matrix.mjs';
import { serveEngine } from './worker-host.js';

const calls = {
  // {input, shapes, wrt, layout, lang} -> the CLI's --shape JSON as an object.
  matrix: (m, request) => m.differentiateMatrix(request),
  // {input, kind, vars, direction, at} -> the CLI's --jacobian/--hessian/--directional JSON.
  multi: (m, request) => m.differentiateMulti(request),
  // {input, at} -> values of the input (for pictures).
  evaluate: (m, request) => m.evaluate(request),
  // The gradient picture (gradient-picture.js): f(x, y) on a grid, its gradient formulas and
  // the gradient on a coarser grid of arrows, in one message.
  field: (m, request) => field(m, request),
  // f and the gradient at a point and f after one gradient-descent step from it.
  gradientStep: (m, request) => gradientStep(m, request),
};

const FIELD_BUDGET_MS = 1200; // of the engine's 3 s limit, for the grid of f values
const isXY = (v) => v === 'x' || v === 'y';

// Values of `input` at the nx × ny grid points spanning [x0, x1] × [y0, y1], row by row
// (rows go up in y), NaN where undefined.
function gridValues(m, input, x0, x1, y0, y1, nx, ny) {
  const xs = new Float64Array(nx);
  for (let i = 0; i < nx; i++) xs[i] = nx === 1 ? x0 : x0 + ((x1 - x0) * i) / (nx - 1);
  const out = new Float64Array(nx * ny);
  for (let j = 0; j < ny; j++) {
    const y = ny === 1 ? y0 : y0 + ((y1 - y0) * j) / (ny - 1);
    const r = m.evaluateGrid({ input, variable: 'x', values: xs, at: { y } });
    if (!r.ok) return r;
    out.set(r.values, j * nx);
  }
  return { ok: true, values: out };
}

// {input, x0, x1, y0, y1, nx, ny, ax, ay} -> {ok, input, lhs, gradient: [{var, text, latex}],
//   grid: {x0, x1, y0, y1, nx, ny, values}, arrows: {x0, x1, y0, y1, nx, ny, gx, gy}}.
// The arrow grid's points are the centres of ax × ay cells. A slow function gets a coarser
// grid (the reply says which), so the call stays well inside the time limit.
function field(m, { input, x0, x1, y0, y1, nx = 81, ny = 81, ax = 20, ay = 20 }) {
  const d = m.differentiate({ input, gradient: ['x', 'y'], expanded: true }); // its texts are evaluated below
  if (!d.ok) return d;
  const others = d.variables.filter((v) => !isXY(v));
  if (others.length) {
    return { ok: false, error: { kind: 'variables', names: others, position: 0, length: 0,
      message: `f(x, y) may use only x and y, not ${others.join(', ')}` } };
  }
  const clamp = (n, lo, hi) => Math.max(lo, Math.min(hi, Math.round(Number(n) || lo)));
  nx = clamp(nx, 8, 161);
  ny = clamp(ny, 8, 161);
  ax = clamp(ax, 2, 40);
  ay = clamp(ay, 2, 40);
  // Time one row (the second time: the first also pays for warming up), then shrink the
  // grid if all rows would take too long.
  const start = performance.now();
  const probe = gridValues(m, input, x0, x1, y0, y0, nx, 1);
  if (!probe.ok) return probe;
  const again = performance.now();
  gridValues(m, input, x0, x1, y1, y1, nx, 1);
  const perPoint = Math.max(1e-4, (performance.now() - again) / nx);
  const affordable = FIELD_BUDGET_MS / perPoint;
  if (nx * ny > affordable) {
    const k = Math.sqrt(affordable / (nx * ny));
    nx = Math.max(8, Math.floor(nx * k));
    ny = Math.max(8, Math.floor(ny * k));
  }
  const f = gridValues(m, input, x0, x1, y0, y1, nx, ny);
  if (!f.ok) return f;
  const hx = (x1 - x0) / ax;
  const hy = (y1 - y0) / ay;
  const gx = gridValues(m, d.gradient[0].text, x0 + hx / 2, x1 - hx / 2, y0 + hy / 2, y1 - hy / 2, ax, ay);
  const gy = gridValues(m, d.gradient[1].text, x0 + hx / 2, x1 - hx / 2, y0 + hy / 2, y1 - hy / 2, ax, ay);
  if (!gx.ok) return gx;
  if (!gy.ok) return gy;
  return {
    ok: true, input: d.input, lhs: d.lhs || '', gradient: d.gradient, notes: d.notes,
    grid: { x0, x1, y0, y1, nx, ny, values: f.values },
    arrows: { x0: x0 + hx / 2, x1: x1 - hx / 2, y0: y0 + hy / 2, y1: y1 - hy / 2, nx: ax, ny: ay, gx: gx.values, gy: gy.values },
    ms: performance.now() - start,
  };
}

// {input, gradient: [text of ∂f/∂x, text of ∂f/∂y], x, y, eta} -> {ok, x, y, f, gx, gy,
//   next: {x, y, f}}: numbers or null where undefined; next is w − η ∇f(w).
function gradientStep(m, { input, gradient, x, y, eta }) {
  const at = [{ x, y }];
  const values = [input, gradient[0], gradient[1]].map((e) => m.evaluate({ input: e, at }));
  const bad = values.find((r) => !r.ok);
  if (bad) return bad;
  const [f, gx, gy] = values.map((r) => r.values[0]);
  let next = null;
  if (gx !== null && gy !== null) {
    const nx = x - eta * gx;
    const ny = y - eta * gy;
    const r = m.evaluate({ input, at: [{ x: nx, y: ny }] });
    if (!r.ok) return r;
    next = { x: nx, y: ny, f: r.values[0] };
  }
  return { ok: true, x, y, eta, f, gx, gy, next };
}

serveEngine(createLeibniz, calls);
