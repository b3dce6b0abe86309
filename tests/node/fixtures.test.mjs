// Node tests of the wasm module over the shared fixture file (tests/fixtures/cases.json).
//   node --test tests/node/
// Environment: LEIBNIZ_NODE_MODULE (default build/wasm/wasm/leibniz_node.cjs),
//              LEIBNIZ_CLI (default build/native/leibniz; the agreement tests skip without it).
//
// For every fixture case:
//   - the fixture's expectations: exact text, LaTeX, notes, error position/length/message;
//   - every derivative step against central differences of the step before it (the first
//     step against the input itself: the case's `equivalent` form when it has one, else the
//     module's input.text), evaluated with the independent evaluator in evaluate.mjs;
//   - the module's `values` against evaluate.mjs on result.text;
//   - result.text re-parses, and the re-parsed input has the same values;
//   - every LaTeX string renders with KaTeX (throwOnError);
//   - the native CLI prints the same text, LaTeX, notes and errors.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import katex from 'katex';
import { evaluate, numericDerivative } from './evaluate.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const modulePath = path.resolve(root, process.env.LEIBNIZ_NODE_MODULE ?? 'build/wasm/wasm/leibniz_node.cjs');
const cliPath = path.resolve(root, process.env.LEIBNIZ_CLI ?? 'build/native/leibniz');
const cases = JSON.parse(readFileSync(path.join(root, 'tests/fixtures/cases.json'), 'utf8')).cases;

const createLeibniz = require(modulePath);
const m = await createLeibniz();

// Default sample points, as in tests/sympy_oracle.py: point i takes value i of each list.
const DEFAULTS = {
  x: [0.7, 1.3, 2.1], y: [0.4, 1.7, 1.1], z: [0.3, 0.9, 1.6], t: [0.6, 1.4, 2.3],
  u: [0.45, 1.25, 1.9], v: [0.35, 1.05, 2.2], w: [0.8, 1.5, 0.25],
  a: [1.6, 2.5, 0.6], b: [0.9, 1.9, 2.7], c: [1.2, 0.5, 2.4], k: [0.75, 1.65, 2.35],
  n: [2.5, 3.5, 1.5], s: [0.65, 1.35, 2.05], r: [1.1, 2.2, 0.55],
  theta: [0.5, 1.2, 2.0], alpha: [0.3, 1.1, 1.8], phi: [0.45, 0.95, 1.75],
};
function defaultValue(name, i) {
  if (name in DEFAULTS) return DEFAULTS[name][i % 3];
  let h = 0;
  for (let j = 0; j < name.length; j++) h += (j + 1) * name.charCodeAt(j);
  return Math.round((0.35 + ((h * 37 + i * 53) % 180) / 100) * 100) / 100;
}
const defaultPoints = (names) => [0, 1, 2].map((i) => Object.fromEntries(names.map((n) => [n, defaultValue(n, i)])));

const REL = 1e-6;
const close = (a, b, rel = REL, abs = 1e-8) => Math.abs(a - b) <= abs + rel * Math.max(Math.abs(a), Math.abs(b));

function request(c, extra = {}) {
  const r = { input: c.input };
  if (c.wrt) r.wrt = c.wrt;
  if (c.gradient) r.gradient = c.gradient;
  if (c.order) r.order = c.order;
  return { ...r, ...extra };
}

function renders(latex, what) {
  assert.equal(typeof latex, 'string', `${what}: no LaTeX`);
  try {
    katex.renderToString(latex, { throwOnError: true, strict: 'ignore' });
  } catch (e) {
    assert.fail(`${what}: KaTeX cannot render ${JSON.stringify(latex)}: ${e.message}`);
  }
}

const fmt = (p) => Object.entries(p).map(([k, v]) => `${k}=${v}`).join(',');

// The differentiation sequences of a response: one per result (gradient: one per component).
const sequences = (res) => (res.gradient ? res.wrt.map((v) => [v]) : [res.wrt]);
const texts = (res) => (res.gradient ? res.gradient.map((g) => g.text) : [res.result.text]);
// A printed result's value at p, reading its named subexpressions (res.where: u_1 = ..., each
// may use the ones before) first, as a user would.
function valueOf(text, where, p) {
  const q = { ...p };
  for (const w of where ?? []) q[w.name] = evaluate(w.text, q);
  return evaluate(text, q);
}

describe('fixtures (wasm module)', () => {
  for (const c of cases) {
    test(c.id, () => {
      if (c.error) {
        const res = m.differentiate(request(c));
        assert.equal(res.ok, false, `expected an error for ${JSON.stringify(c.input)}, got ${JSON.stringify(res.result ?? res.gradient)}`);
        if ('position' in c.error) assert.equal(res.error.position, c.error.position, `position; message: ${res.error.message}`);
        if ('length' in c.error) assert.equal(res.error.length, c.error.length, `length; message: ${res.error.message}`);
        if (c.error.contains) assert.ok(res.error.message.includes(c.error.contains), `message ${JSON.stringify(res.error.message)} lacks ${JSON.stringify(c.error.contains)}`);
        assert.ok(res.error.message.length > 0);
        return;
      }
      const first = m.differentiate(request(c));
      assert.equal(first.ok, true, `error: ${JSON.stringify(first.error)}`);
      const points = c.points ?? defaultPoints(first.variables);
      const res = m.differentiate(request(c, { at: points }));
      assert.equal(res.ok, true, `error with points: ${JSON.stringify(res.error)}`);

      // Fixture expectations.
      if ('exact' in c) assert.equal(res.result.text, c.exact, 'exact text');
      if ('latex' in c) assert.equal(res.result.latex, c.latex, 'LaTeX');
      if ('notes' in c) assert.deepEqual(res.notes, c.notes, 'notes');
      if (c.wrt && !c.gradient) {
        const want = [...c.wrt, ...Array((c.order ?? 1) - 1).fill(c.wrt[c.wrt.length - 1])];
        assert.deepEqual(res.wrt, want, 'differentiation sequence');
      }

      // Every LaTeX string renders.
      renders(res.input.latex, 'input.latex');
      if (res.gradient) res.gradient.forEach((g) => renders(g.latex, `gradient[${g.var}].latex`));
      else renders(res.result.latex, 'result.latex');
      (res.where ?? []).forEach((w) => renders(w.latex, `where[${w.name}].latex`));

      // The input as the module understood it agrees with the case's explicit form.
      const f = c.equivalent ?? res.input.text;
      let compared = 0;
      for (const p of points) {
        const want = evaluate(f, p), got = evaluate(res.input.text, p);
        if (Number.isFinite(want) && Number.isFinite(got))
          assert.ok(close(got, want, 1e-9), `input.text ${JSON.stringify(res.input.text)} is ${got} at ${fmt(p)}, the case's input ${JSON.stringify(f)} is ${want}`);
      }

      const seqs = sequences(res), outs = texts(res);
      seqs.forEach((seq, k) => {
        const label = res.gradient ? `gradient[${seq[0]}]` : 'result';
        // The module's values agree with an independent evaluation of the printed result.
        for (let i = 0; i < points.length; i++) {
          const v = res.gradient ? res.values[i][k] : res.values[i];
          const mine = valueOf(outs[k], res.where, points[i]);
          if (v === null) {
            assert.ok(!Number.isFinite(mine), `${label}: values[${i}] is undefined but ${JSON.stringify(outs[k])} evaluates to ${mine} at ${fmt(points[i])}`);
            continue;
          }
          if (Number.isFinite(mine))
            assert.ok(close(v, mine, 1e-9), `${label}: values[${i}] = ${v} but ${JSON.stringify(outs[k])} evaluates to ${mine} at ${fmt(points[i])}`);
        }
        // Each step against the numeric derivative of the step before it.
        let prev = f;
        for (let s = 1; s <= seq.length; s++) {
          const partial = s === seq.length ? null : m.differentiate({ input: c.input, wrt: seq.slice(0, s), expanded: true });
          const step = partial ? partial.result.text : outs[k], stepWhere = partial ? partial.where : res.where;
          for (const p0 of points) {
            // A variable the input lacks (d/dx of a constant) still needs a value to vary.
            const p = { ...p0 };
            seq.forEach((v, i) => { if (!(v in p)) p[v] = defaultValue(v, i); });
            const fv = evaluate(f, p);
            if (!Number.isFinite(fv)) continue; // outside the input's domain
            const want = numericDerivative(prev, seq[s - 1], p);
            const got = valueOf(step, stepWhere, p);
            if (!Number.isFinite(want) || !Number.isFinite(got)) continue;
            compared++;
            assert.ok(close(got, want, 2e-6, 1e-7),
              `${label}: step ${s} (d/d${seq[s - 1]} of ${JSON.stringify(prev)}) is ${JSON.stringify(step)} = ${got} at ${fmt(p)}, central differences give ${want}`);
          }
          prev = step;
        }
      });
      assert.ok(compared > 0, 'no sample point could be compared numerically (choose points inside the domain)');

      // The printed results re-parse, with the same values.
      for (const t of outs) {
        const again = m.differentiate({ input: t, wrt: [seqs[0][0]] });
        assert.equal(again.ok, true, `result ${JSON.stringify(t)} does not re-parse: ${JSON.stringify(again.error)}`);
        for (const p of points) {
          const a = valueOf(t, res.where, p), b = valueOf(again.input.text, res.where, p);
          if (Number.isFinite(a) && Number.isFinite(b))
            assert.ok(close(a, b, 1e-9), `re-parsed ${JSON.stringify(t)} reads back as ${JSON.stringify(again.input.text)}: ${a} vs ${b} at ${fmt(p)}`);
        }
      }
    });
  }
});

// ---------------------------------------------------------------------------------------
// The wasm module and the native CLI print the same thing.
// ---------------------------------------------------------------------------------------

function runCli(c) {
  const args = ['--json'];
  if (c.wrt) args.push('--wrt', c.wrt.join(','));
  if (c.gradient) args.push('--gradient', c.gradient.join(','));
  if (c.order) args.push('--order', String(c.order));
  args.push('-'); // the expression on standard input
  return new Promise((resolve, reject) => {
    const child = execFile(cliPath, args, { encoding: 'utf8', timeout: 30000 }, (err, stdout) => {
      if (stdout) {
        try {
          resolve(JSON.parse(stdout));
          return;
        } catch (e) {
          reject(new Error(`bad JSON from the CLI: ${stdout.slice(0, 200)}`));
          return;
        }
      }
      reject(err ?? new Error('no output from the CLI'));
    });
    child.stdin.end(c.input);
  });
}

// Steps (--steps): every step's equation and every $...$ formula inside its sentence render
// in KaTeX, in both languages, and the explanation ends at the answer.
function inlineMath(text) {
  const parts = text.split('$');
  assert.equal(parts.length % 2, 1, `unbalanced $ in ${JSON.stringify(text)}`);
  return parts.filter((_, i) => i % 2 === 1);
}

describe('steps render in KaTeX (wasm module)', () => {
  for (const c of cases) {
    if (c.error) continue;
    test(c.id, () => {
      for (const lang of ['en', 'ko']) {
        // The steps end at the expanded answer (names are a way of printing the result).
        const res = m.differentiate(request(c, { steps: true, lang, expanded: true }));
        assert.ok(res.ok, `${lang}: ${res.error && res.error.message}`);
        assert.ok(Array.isArray(res.steps) && res.steps.length > 0, `${lang}: no steps`);
        for (const group of res.steps) {
          const all = group.simplify ? [...group.items, group.simplify] : group.items;
          assert.ok(group.items.length > 0);
          const ids = new Set(group.items.map((st) => st.id));
          assert.equal(ids.size, group.items.length, `${lang}: step ids repeat`);
          for (const st of all) {
            assert.ok(st.title, `${lang}: step ${st.id} lacks a title`);
            if (st.rule_latex) renders(st.rule_latex, `${lang} step ${st.id} (${st.rule}) rule formula`);
            else assert.equal(st.rule, 'simplify', `step ${st.id} (${st.rule}) has no rule formula`);
            if (st.collapsed) { // a placeholder past the size budget: expanded on demand
              assert.ok(st.count >= 1 && st.children.length === 0 && !st.latex && !st.text);
              continue;
            }
            assert.ok(st.text, `${lang}: step ${st.id} lacks a text`);
            renders(st.latex, `${lang} step ${st.id} (${st.rule}) equation`);
            for (const f of inlineMath(st.text)) renders(f, `${lang} step ${st.id} (${st.rule}) text`);
            for (const child of st.children) assert.ok(ids.has(child), `${lang}: step ${st.id}: child ${child} is not an item`);
          }
        }
        if (!res.gradient && res.result.latex.length <= 5000) { // longer formulas are elided in steps
          const last = res.steps[res.steps.length - 1];
          const end = last.simplify ? last.simplify.latex : last.items[0].latex;
          assert.ok(end.endsWith(res.result.latex), `${lang}: steps end at ${end}, answer ${res.result.latex}`);
        }
      }
    });
  }
});

// Expand on demand: a large explanation ends in collapsed placeholders; asking for the
// sub-tree of one (steps_root) gives it in full, rendered in KaTeX like every other step.
describe('steps of a large input expand on demand (wasm module)', () => {
  const input = `${'sin('.repeat(260)}x${')'.repeat(260)}`;
  for (const lang of ['en', 'ko']) {
    test(lang, () => {
      const top = m.differentiate({ input, steps: true, lang });
      assert.ok(top.ok);
      const group = top.steps[0];
      const placeholders = group.items.filter((st) => st.collapsed);
      assert.equal(placeholders.length, 1);
      assert.equal(group.items.length - placeholders.length, 200);
      assert.equal(group.omitted, 260 - 200);
      const sub = m.differentiate({ input, lang, steps_root: placeholders[0].id });
      assert.ok(sub.ok, sub.error && sub.error.message);
      assert.equal(sub.steps.length, 1);
      const items = sub.steps[0].items;
      assert.equal(items[0].id, placeholders[0].id);
      assert.equal(items.length, 60);
      assert.ok(items.every((st) => !st.collapsed));
      for (const st of items) {
        if (st.latex.length < 20000) renders(st.latex, `${lang} expanded step ${st.id}`);
      }
      const bad = m.differentiate({ input, lang, steps_root: 1e6 });
      assert.equal(bad.ok, false);
      assert.equal(bad.error.kind, 'usage');
      const malformed = m.differentiate({ input, lang, steps_root: -2 });
      assert.equal(malformed.ok, false);
    });
  }
});

const haveCli = existsSync(cliPath);
describe('wasm module agrees with the native CLI', { concurrency: 4, skip: haveCli ? false : `no CLI at ${cliPath}` }, () => {
  for (const c of cases) {
    test(c.id, async () => {
      const native = await runCli(c);
      const wasm = m.differentiate(request(c));
      assert.equal(wasm.ok, native.ok, `ok: wasm ${wasm.ok}, CLI ${native.ok}`);
      if (!native.ok) {
        assert.deepEqual(
          { kind: wasm.error.kind, message: wasm.error.message, position: wasm.error.position, length: wasm.error.length },
          native.error);
        return;
      }
      assert.deepEqual(wasm.input, native.input, 'input');
      assert.deepEqual(wasm.variables, native.variables, 'variables');
      assert.deepEqual(wasm.wrt, native.wrt, 'wrt');
      assert.deepEqual(wasm.notes, native.notes, 'notes');
      assert.equal(wasm.lhs, native.lhs, 'lhs');
      if (native.gradient) {
        assert.deepEqual(wasm.gradient.map(({ var: v, text, latex }) => ({ var: v, text, latex })), native.gradient);
      } else {
        assert.deepEqual(wasm.result, native.result);
      }
      assert.deepEqual(wasm.where, native.where, 'where');
    });
  }
});

