// The wasm module's smaller entry points: evaluate (values of the input) and evaluateGrid
// (plot samples in one call).
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
