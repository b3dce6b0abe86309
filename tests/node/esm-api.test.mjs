// The JavaScript API (build/site/api/leibniz.js, from web/api/) under node: every fixture
// case (tests/fixtures/cases.json) gives the same object as the native CLI's --json output
// (build/native/leibniz), with the case's flags; numbers within 1e-12 relative. Also the
// option forms (string or list for wrt, one point or several for at) and the types file.
//   node --test tests/node/esm-api.test.mjs      (after scripts/build.sh)
// Environment: LEIBNIZ_API (default build/site/api/leibniz.js), LEIBNIZ_CLI.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const apiPath = path.resolve(root, process.env.LEIBNIZ_API ?? 'build/site/api/leibniz.js');
const cliPath = path.resolve(root, process.env.LEIBNIZ_CLI ?? 'build/native/leibniz');
const cases = JSON.parse(readFileSync(path.join(root, 'tests/fixtures/cases.json'), 'utf8')).cases;
const run = promisify(execFile);

assert.ok(existsSync(apiPath), `${apiPath} is missing: run scripts/build.sh (node web/build-site.mjs)`);
assert.ok(existsSync(cliPath), `${cliPath} is missing: build the native CLI (cmake --build --preset native)`);
const api = await import(pathToFileURL(apiPath).href);

// The case's CLI flags and the same request as API options.
function flags(c) {
  const args = ['--json'];
  const options = {};
  if (c.wrt) { args.push('--wrt', c.wrt.join(',')); options.wrt = c.wrt; }
  if (c.gradient) { args.push('--gradient', c.gradient.join(',')); options.gradient = c.gradient; }
  if (c.order) { args.push('--order', String(c.order)); options.order = c.order; }
  if (c.points && !c.error) {
    for (const p of c.points) args.push('--at', Object.entries(p).map(([k, v]) => `${k}=${v}`).join(','));
    options.at = c.points;
  }
  args.push('--', c.input);
  return { args, options };
}

async function cli(args) {
  try {
    const { stdout } = await run(cliPath, args, { maxBuffer: 64 << 20 });
    return JSON.parse(stdout);
  } catch (err) {
    if (err.stdout) return JSON.parse(err.stdout); // exit status 1 or 2 with a JSON error
    throw err;
  }
}

// Deep equality, numbers compared with a relative tolerance (the CLI prints doubles with
// 17 significant digits, JavaScript with the shortest round-trip form).
function same(a, b, where = '') {
  if (typeof a === 'number' && typeof b === 'number') {
    assert.ok(a === b || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b)), `${where}: ${a} != ${b}`);
    return;
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    assert.deepEqual(a, b, where);
    return;
  }
  assert.equal(Array.isArray(a), Array.isArray(b), `${where}: array vs object`);
  assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort(), `${where}: keys`);
  for (const k of Object.keys(a)) same(a[k], b[k], `${where}.${k}`);
}

describe('the ES module API agrees with the CLI on every fixture case', () => {
  for (const c of cases) {
    test(c.id, async () => {
      const { args, options } = flags(c);
      const [mine, theirs] = await Promise.all([api.differentiate(c.input, options), cli(args)]);
      same(mine, theirs, c.id);
      if (c.exact && mine.ok && mine.result) assert.equal(mine.result.text, c.exact);
    });
  }
});

test('steps in Korean: the same as the CLI with --steps --lang ko', async () => {
  const input = 'y = (3x^2 + 8)^3';
  const mine = await api.differentiate(input, { steps: true, lang: 'ko' });
  same(mine, await cli(['--json', '--steps', '--lang', 'ko', '--', input]), 'steps');
  assert.equal(mine.steps[0].items[0].title, '연쇄 법칙');
});

test('option forms: wrt as a string or a list, one point or several', async () => {
  const a = await api.differentiate('x^2 y^3', { wrt: 'x,y' });
  const b = await api.differentiate('x^2 y^3', { wrt: ['x', 'y'] });
  assert.deepEqual(a, b);
  assert.equal(a.result.text, '6*x*y^2');
  const one = await api.differentiate('x^3', { at: { x: 2 } });
  assert.deepEqual(one.values, [12]);
  const m = await api.load();
  assert.deepEqual(m.differentiate('x^3', { at: [{ x: 1 }, { x: 2 }] }).values, [3, 12]);
  assert.deepEqual(m.evaluate('x^2', { x: 3 }).values, [9]);
  const bad = await api.differentiate('sinn(x)');
  assert.equal(bad.ok, false);
  assert.deepEqual([bad.error.kind, bad.error.position, bad.error.length], ['input', 0, 4]);
  await assert.rejects(api.differentiate(42), TypeError);
});

test('the types file declares what the module exports', async () => {
  const dts = readFileSync(path.join(path.dirname(apiPath), 'leibniz.d.ts'), 'utf8');
  for (const name of Object.keys(api)) assert.match(dts, new RegExp(`export function ${name}\\(`), name);
});
