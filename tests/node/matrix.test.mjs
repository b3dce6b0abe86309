// Matrix calculus through the wasm module: every LaTeX string it emits renders in KaTeX, in
// both languages and all three layouts; the seed's example has the seed's shapes; errors
// carry positions; and the wasm module agrees with the native CLI (--shape/--layout --json).
// The numeric checks of every closed form against central differences are in
// tests/test_matrix.cpp.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import katex from 'katex';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const modulePath = path.resolve(root, process.env.LEIBNIZ_NODE_MODULE || 'build/wasm/wasm/leibniz_node.cjs');
const cliPath = path.resolve(root, process.env.LEIBNIZ_CLI ?? 'build/native/leibniz');
const m = await require(modulePath)();

const presets = [
  { input: 'y = x W', shapes: { x: '1x2', W: '2x2' }, wrt: 'W' },
  { input: 'x W + b', shapes: { x: '1x3', W: '3x2', b: '1x2' }, wrt: 'W' },
  { input: 'x W + b', shapes: { x: '1x3', W: '3x2', b: '1x2' }, wrt: 'b' },
  { input: 'x W + b', shapes: { x: '1x3', W: '3x2', b: '1x2' }, wrt: 'x' },
  { input: 'X W + b', shapes: { X: 'mxn', W: 'nxk', b: '1xk' }, wrt: 'W' },
  { input: 'L = ‖x W − t‖²', shapes: { x: '1x3', W: '3x2', t: '1x2' }, wrt: 'W' },
  { input: '-(t log(sigmoid(x w)) + (1 - t) log(1 - sigmoid(x w)))', shapes: { x: '1x3', w: '3x1' }, wrt: 'w' },
  { input: 'sum((sigmoid(x W1) W2 - t).^2)', shapes: { x: '1x3', W1: '3x4', W2: '4x2', t: '1x2' }, wrt: 'W1' },
  { input: '-sum(t .* log(softmax(z)))', shapes: { z: '1x4', t: '1x4' }, wrt: 'z' },
  { input: "x A x'", shapes: { x: '1x3', A: '3x3' }, wrt: 'x' },
  { input: 'tr(X A X^T)', shapes: { X: 'mxn', A: 'nxn' }, wrt: 'X' },
  { input: 'log(det(X))', shapes: { X: 'nxn' }, wrt: 'X' },
  { input: 'tr(A X B)', shapes: { A: '2x3', X: '3x4', B: '4x2' }, wrt: 'X' },
  { input: 'inv(X)', shapes: { X: '2x2' }, wrt: 'X' },
  { input: 'sigmoid(X W + b)', shapes: { X: '2x3', W: '3x2', b: '1x2' }, wrt: 'W' },
  { input: 'a X', shapes: { X: '2x2' }, wrt: 'a' },
  { input: 'L = norm(x A + x B - t)^2', shapes: { x: '1x2', A: '2x3', B: '2x3', t: '1x3' }, wrt: 'x' },
];
const layouts = ['seed', 'numerator', 'denominator'];

function render(latex, what) {
  // A C++ string with a single backslash (\left, \right) loses it or becomes a control character.
  assert.doesNotMatch(latex, /[\x00-\x1f]/, `${what}: control character in ${JSON.stringify(latex)}`);
  assert.doesNotMatch(latex, /(^|[^\\a-z])(left|right|frac|otimes|odot|operatorname)\b/, `${what}: lost backslash in ${latex}`);
  assert.doesNotThrow(() => katex.renderToString(latex, { throwOnError: true, strict: 'ignore' }), what + ': ' + latex);
}

function latexOf(r) {
  const out = [r.input.latex, r.result.latex, r.symbol.latex, r.differential.latex];
  for (const s of r.steps) out.push(s.latex);
  for (const row of r.matrix ?? []) for (const e of row) out.push(e.latex);
  return out;
}

test('the seed example: y = xW by W has the seed\'s shapes in each layout', () => {
  const seed = m.differentiateMatrix({ input: 'y = xW', shapes: { x: '1x2', W: '2x2' }, wrt: 'W', layout: 'seed' });
  assert.equal(seed.ok, true, JSON.stringify(seed.error));
  assert.deepEqual(seed.shape, [4, 2]);
  assert.equal(seed.result.latex, 'x^{T} \\otimes I_{2}');
  assert.deepEqual(seed.matrix.map((row) => row.map((e) => e.text)), [['x_1', '0'], ['0', 'x_1'], ['x_2', '0'], ['0', 'x_2']]);
  const num = m.differentiateMatrix({ input: 'y = xW', shapes: 'x=1x2;W=2x2', wrt: 'W', layout: 'numerator' });
  assert.deepEqual(num.shape, [2, 4]);
  assert.equal(num.result.latex, 'I_{2} \\otimes x');
});

test('every LaTeX string of every preset renders in KaTeX (both languages, all layouts)', () => {
  for (const p of presets) {
    for (const layout of layouts) {
      for (const lang of ['en', 'ko']) {
        const r = m.differentiateMatrix({ ...p, layout, lang });
        assert.equal(r.ok, true, `${p.input} ${layout}: ${JSON.stringify(r.error)}`);
        assert.ok(r.layout_note.length > 20);
        assert.ok(r.steps.length >= 2);
        for (const l of latexOf(r)) render(l, `${p.input} by ${p.wrt} (${layout}, ${lang})`);
      }
    }
  }
});

test('the seed\'s vector chain rule is shown with shapes', () => {
  const r = m.differentiateMatrix({ input: 'L = norm(x W - t)^2', shapes: { x: '1x3', W: '3x2', t: '1x2' }, wrt: 'x' });
  const chain = r.steps.find((st) => st.title === 'Vector chain rule');
  assert.ok(chain, JSON.stringify(r.steps.map((st) => st.title)));
  assert.match(chain.latex, /u = x W - t/);
  assert.match(chain.latex, /\\underbrace\{W\}_\{3 \\times 2\}/);
  assert.match(chain.latex, /\\underbrace\{2 u\^\{T\}\}_\{2 \\times 1\}/);
  assert.equal(r.result.latex, '2 W \\left(x W - t\\right)^{T}');
});

test('symbolic shapes give symbolic result shapes and no element-wise form', () => {
  const r = m.differentiateMatrix({ input: 'tr(X A X^T)', shapes: { X: 'mxn', A: 'nxn' }, wrt: 'X', layout: 'denominator' });
  assert.deepEqual(r.shape, ['m', 'n']);
  assert.equal(r.matrix, undefined);
  assert.match(r.matrix_note, /concrete/);
});

test('errors: dimension mismatch names both shapes at the operator; usage errors', () => {
  const e = m.differentiateMatrix({ input: 'x*W', shapes: { x: '1x2', W: '3x2' }, wrt: 'W' });
  assert.equal(e.ok, false);
  assert.equal(e.error.kind, 'input');
  assert.equal(e.error.position, 1);
  assert.match(e.error.message, /1x2/);
  assert.match(e.error.message, /3x2/);
  const undeclared = m.differentiateMatrix({ input: 'x A', shapes: { x: '1x2' }, wrt: 'x' });
  assert.equal(undeclared.error.kind, 'usage');
  assert.match(undeclared.error.message, /declare the shape of A/);
  const layout = m.differentiateMatrix({ input: 'x W', shapes: { x: '1x2', W: '2x2' }, layout: 'sideways' });
  assert.equal(layout.error.kind, 'usage');
  const badShape = m.differentiateMatrix({ input: 'x W', shapes: { x: '1x2', W: '2by2' } });
  assert.equal(badShape.error.kind, 'usage');
  const malformed = m.differentiateMatrix({});
  assert.equal(malformed.ok, false);
});

test('the wasm module agrees with the native CLI', { skip: !existsSync(cliPath) && 'no native CLI' }, () => {
  for (const p of presets) {
    for (const layout of layouts) {
      const args = ['--json', '--layout', layout, '--wrt', p.wrt];
      for (const [k, v] of Object.entries(p.shapes)) args.push('--shape', `${k}=${v}`);
      args.push('--', p.input);
      const cli = JSON.parse(execFileSync(cliPath, args, { encoding: 'utf8' }));
      const wasm = m.differentiateMatrix({ ...p, layout });
      assert.deepEqual(wasm, cli, `${p.input} (${layout})`);
    }
  }
});

const multiCases = [
  { input: '[x^2 y, sin(x y), exp(x - y)]', kind: 'jacobian' },
  { input: 'F = [x y z, x + y^2, log(z) / x]', kind: 'jacobian', vars: ['x', 'y', 'z'] },
  { input: 'x^3 y^2 + exp(x y)', kind: 'hessian' },
  { input: 'x^2 y + y^3', kind: 'directional', vars: ['x', 'y'], direction: [1, 2], at: [{ x: 0.5, y: 1.5 }] },
];

test('Jacobian, Hessian, directional: LaTeX renders, shapes, agreement with the CLI', () => {
  for (const c of multiCases) {
    const r = m.differentiateMulti(c);
    assert.equal(r.ok, true, `${c.input}: ${JSON.stringify(r.error)}`);
    assert.equal(r.mode, c.kind);
    assert.equal(r.matrix.length, r.shape[0]);
    for (const f of r.inputs) render(f.latex, c.input);
    for (const row of r.matrix) for (const e of row) render(e.latex, c.input);
    if (r.direction) render(r.direction.latex, c.input);
    if (!existsSync(cliPath)) continue;
    const args = ['--json', `--${c.kind}`, (c.vars ?? r.wrt).join(',')];
    if (c.direction) args.push('--direction', c.direction.join(','));
    for (const p of c.at ?? []) args.push('--at', Object.entries(p).map(([k, v]) => `${k}=${v}`).join(','));
    args.push('--', c.input);
    assert.deepEqual(r, JSON.parse(execFileSync(cliPath, args, { encoding: 'utf8' })), c.input);
  }
  assert.deepEqual(m.differentiateMulti({ input: '[x y, x + y]', kind: 'jacobian' }).shape, [2, 2]);
  const e = m.differentiateMulti({ input: '[x, sinn(y)]', kind: 'jacobian' });
  assert.equal(e.error.position, 4);
  assert.equal(m.differentiateMulti({ input: 'x', kind: 'jacobian', vars: 'x' }).error.kind, 'usage');
});
