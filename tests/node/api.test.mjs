// The wasm module's smaller entry points: evaluate (values of the input) and evaluateGrid
// (plot samples in one call); results that name repeated subexpressions (`where`, and
// `expanded: true` to turn that off), evaluated with their definitions, also through the
// JavaScript API (build/site/api/leibniz.js; skipped without it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const require = createRequire(import.meta.url);
const modulePath = resolve(process.env.LEIBNIZ_NODE_MODULE || 'build/wasm/wasm/leibniz_node.cjs');
const m = await require(modulePath)();

test('evaluate gives the input\'s values, null where undefined', () => {
  const r = m.evaluate({ input: 'log(x) + y', at: [{ x: Math.E, y: 1 }, { x: -1, y: 0 }] });
  assert.equal(r.ok, true);
  assert.deepEqual(r.variables, ['x', 'y']);
  assert.ok(Math.abs(r.values[0] - 2) < 1e-12);
  assert.equal(r.values[1], null);
});

test('evaluateGrid samples one variable, NaN where undefined, others fixed', () => {
  const xs = [-1, 0, 1, 4];
  const r = m.evaluateGrid({ input: 'sqrt(x) + y', variable: 'x', values: xs, at: { y: 2 } });
  assert.equal(r.ok, true);
  assert.ok(r.values instanceof Float64Array);
  assert.ok(Number.isNaN(r.values[0]));
  assert.deepEqual(Array.from(r.values.slice(1)), [2, 3, 4]);
  const big = m.evaluateGrid({ input: 'tan x', variable: 'x', values: new Float64Array(5000).map((_, i) => i / 1000) });
  assert.equal(big.values.length, 5000);
});

test('evaluateGrid reports errors like differentiate', () => {
  const e = m.evaluateGrid({ input: 'sinn(x)', variable: 'x', values: [1] });
  assert.equal(e.ok, false);
  assert.equal(e.error.position, 0);
  assert.equal(e.error.length, 4);
  const u = m.evaluateGrid({ input: 'x + y', variable: 'x', values: [1] });
  assert.equal(u.error.kind, 'usage');
});

// ---------------------------------------------------------------- named subexpressions

const nest = (n, inner = 'x') => `${'sin('.repeat(n)}${inner}${')'.repeat(n)}`;
const closeTo = (a, b) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));
const katexOptions = { throwOnError: true, strict: 'ignore' };

test('a deep nest names its repeated subexpressions; typical inputs do not', () => {
  const r = m.differentiate({ input: nest(100) });
  assert.equal(r.ok, true);
  assert.ok(Array.isArray(r.where) && r.where.length > 10, 'where');
  const names = new Set();
  for (const d of r.where) {
    assert.match(d.name, /^[A-Za-z]+_\d+$/);
    assert.equal(typeof d.text, 'string');
    assert.equal(typeof d.latex, 'string');
    // A definition uses only the variable and earlier names.
    for (const used of d.text.match(/[A-Za-z]+_\d+/g) || []) assert.ok(names.has(used), `${d.name} uses ${used} before it is defined`);
    names.add(d.name);
  }
  for (const used of r.result.text.match(/[A-Za-z]+_\d+/g) || []) assert.ok(names.has(used), `result uses undefined ${used}`);
  for (const input of ['x^2 sin x', 'y = (3x^2 + 8)^3', 'e^(2x) cos x', 'ln(x^2 + 1)', nest(5), 'x^x']) {
    const t = m.differentiate({ input });
    assert.equal(t.ok, true, input);
    assert.equal('where' in t, false, input);
  }
  const g = m.differentiate({ input: 'x^2 y + y^3', gradient: ['x', 'y'] });
  assert.equal('where' in g, false);
});

test('a named gradient: every component uses the same definitions', () => {
  const r = m.differentiate({ input: nest(60, 'x*y'), gradient: ['x', 'y'] });
  assert.equal(r.ok, true);
  assert.ok(r.where && r.where.length > 0);
  const full = m.differentiate({ input: nest(60, 'x*y'), gradient: ['x', 'y'], expanded: true });
  const at = [{ x: 0.3, y: 0.7 }, { x: -1.2, y: 0.4 }];
  r.gradient.forEach((g, i) => {
    const named = m.evaluate({ input: g.text, at, where: r.where });
    const expanded = m.evaluate({ input: full.gradient[i].text, at });
    assert.equal(named.ok, true);
    named.values.forEach((v, k) => assert.ok(closeTo(v, expanded.values[k]), `${g.var} at ${k}: ${v} vs ${expanded.values[k]}`));
  });
});

test('expanded: true gives the fully expanded form, without where', () => {
  const named = m.differentiate({ input: nest(100) });
  const full = m.differentiate({ input: nest(100), expanded: true });
  assert.equal(full.ok, true);
  assert.equal('where' in full, false);
  assert.ok(full.result.text.length > 10 * named.result.text.length);
  assert.doesNotMatch(full.result.text, /u_\d/);
  // The same for an input that names nothing.
  assert.deepEqual(m.differentiate({ input: 'x^2 sin x', expanded: true }), m.differentiate({ input: 'x^2 sin x' }));
});

test('evaluate and evaluateGrid with where give the values of the expanded text', () => {
  for (const depth of [100, 300]) {
    const r = m.differentiate({ input: nest(depth) });
    const full = m.differentiate({ input: nest(depth), expanded: true });
    const at = [-2.5, -0.3, 0, 0.5, 1.3, 3].map((x) => ({ x }));
    const named = m.evaluate({ input: r.result.text, at, where: r.where });
    const expanded = m.evaluate({ input: full.result.text, at });
    assert.equal(named.ok, true);
    assert.deepEqual(named.variables, ['x']);
    named.values.forEach((v, i) => {
      assert.ok(Number.isFinite(v) && closeTo(v, expanded.values[i]), `depth ${depth}, x = ${at[i].x}: ${v} vs ${expanded.values[i]}`);
    });
    const xs = new Float64Array(201).map((_, i) => -5 + i / 20);
    const grid = m.evaluateGrid({ input: r.result.text, variable: 'x', values: xs, where: r.where });
    const gridFull = m.evaluateGrid({ input: full.result.text, variable: 'x', values: xs });
    assert.equal(grid.ok, true);
    grid.values.forEach((v, i) => assert.ok(closeTo(v, gridFull.values[i]), `grid depth ${depth} at ${xs[i]}`));
  }
  // Without the definitions the names are unknown variables.
  const r = m.differentiate({ input: nest(100) });
  const bare = m.evaluate({ input: r.result.text, at: [{ x: 1 }] });
  assert.equal(bare.ok, false);
});

test('the 1000-deep nest: named, evaluable, and every where formula renders in KaTeX', async () => {
  const { default: katex } = await import('katex');
  const r = m.differentiate({ input: nest(1000) });
  assert.equal(r.ok, true);
  assert.ok(r.where.length > 900);
  const size = r.result.text.length + r.where.reduce((n, d) => n + d.text.length, 0);
  assert.ok(size < 100000, `named size ${size}`);
  const v = m.evaluate({ input: r.result.text, at: [{ x: 0.5 }], where: r.where });
  assert.equal(v.ok, true);
  assert.ok(Number.isFinite(v.values[0]));
  for (const d of r.where) katex.renderToString(d.latex, katexOptions);
  katex.renderToString(r.result.latex, katexOptions);
  // As the page shows them: one aligned block (names typeset as the page's symbol() does).
  const sym = (name) => name.replace(/^([A-Za-z]+)_(\w+)$/, '{$1}_{$2}');
  const block = (defs) => `\\begin{aligned}${defs.map((d) => `${sym(d.name)} &= ${d.latex}`).join(' \\\\ ')}\\end{aligned}`;
  katex.renderToString(block(m.differentiate({ input: nest(100) }).where), { ...katexOptions, displayMode: true });
  katex.renderToString(block(r.where), { ...katexOptions, displayMode: true });
});

test('where must be a list of {name, text}; a bad definition is reported', () => {
  const bad = m.evaluate({ input: 'u_1 + 1', at: [{ x: 1 }], where: [{ name: 'u_1', text: 'x +' }] });
  assert.equal(bad.ok, false);
  assert.equal(bad.error.kind, 'input');
  const malformed = m.evaluate({ input: 'u_1', at: [{ x: 1 }], where: [{ name: 'u_1' }] });
  assert.equal(malformed.ok, false);
  const ok = m.evaluate({ input: 'u_1 + 1', at: [{ x: 0 }], where: [{ name: 'u_1', text: 'sin(x)', latex: '\\sin x' }] });
  assert.deepEqual(ok.values, [1]);
});

test('the JavaScript API passes expanded and where through', async (t) => {
  const apiPath = resolve(process.env.LEIBNIZ_API || 'build/site/api/leibniz.js');
  const { existsSync } = await import('node:fs');
  if (!existsSync(apiPath)) {
    t.skip(`${apiPath} is missing (node web/build-site.mjs)`);
    return;
  }
  const { pathToFileURL } = await import('node:url');
  const api = await import(pathToFileURL(apiPath).href);
  const r = await api.differentiate(nest(100));
  assert.ok(r.where.length > 10);
  const full = await api.differentiate(nest(100), { expanded: true });
  assert.equal('where' in full, false);
  const named = await api.evaluate(r.result.text, [{ x: 0.5 }, { x: 2 }], { where: r.where });
  const expanded = await api.evaluate(full.result.text, [{ x: 0.5 }, { x: 2 }]);
  named.values.forEach((v, i) => assert.ok(closeTo(v, expanded.values[i])));
  const grid = await api.evaluateGrid(r.result.text, 'x', [0.5, 2], { where: r.where });
  assert.ok(closeTo(grid.values[0], expanded.values[0]) && closeTo(grid.values[1], expanded.values[1]));
});

test('the engine\'s "undefined everywhere" notes read in Korean on the page', async () => {
  const { engineMessage, setLanguage } = await import('../../web/i18n.js');
  const cases = [
    ['log(0)*x', 'x', '입력은 x의 모든 값에서 정의되지 않습니다: log(0)은(는) 실수가 아닙니다.'],
    ['log(0)*x*y', 'x', '입력은 x, y의 모든 값에서 정의되지 않습니다: log(0)은(는) 실수가 아닙니다.'],
    ['log(0)', 'x', '입력이 정의되지 않습니다: log(0)은(는) 실수가 아닙니다.'],
  ];
  try {
    for (const [input, wrt, ko] of cases) {
      const r = m.differentiate({ input, wrt: [wrt] });
      assert.equal(r.notes.length, 1, input);
      setLanguage('ko');
      assert.equal(engineMessage(r.notes[0]), ko);
      setLanguage('en');
      assert.match(engineMessage(r.notes[0]), /^The input is undefined/);
    }
  } finally {
    setLanguage('en');
  }
});
