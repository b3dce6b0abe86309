// Benchmark: parse -> differentiate -> simplify -> print (text and LaTeX), timed in-process
// (the CLI's and the wasm module's own --repeat/median), natively and in wasm under node.
//
//   node bench/bench.mjs [--quick] [--json build/bench.json]
//
// Prints a table of typical expressions and growing families (sums, nesting, products,
// k-th derivatives) with medians, the wasm/native ratio, the printed size, the growth
// exponent of each family, and the download size of the wasm module and its glue.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { dirname } from 'node:path';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : 'build/bench.json';
const CLI = process.env.LEIBNIZ_CLI || 'build/native/leibniz';
const NODE_MODULE = process.env.LEIBNIZ_NODE_MODULE || 'build/wasm/wasm/leibniz_node.cjs';
const WEB_WASM = 'build/wasm/wasm/leibniz.wasm';
const WEB_GLUE = 'build/wasm/wasm/leibniz.mjs';

for (const f of [CLI, NODE_MODULE, WEB_WASM, WEB_GLUE]) {
  if (!existsSync(f)) {
    console.error(`bench: ${f} is missing; run bash scripts/build.sh first`);
    process.exit(2);
  }
}

const typical = [
  'x^2 sin x', '(3x^2 + 8)^3', 'sin(x)/x', 'e^(2x) cos x', 'sigmoid(x)', 'x/(1+x^2)',
  'ln(x^2 + 1)', 'sqrt(1 - x^2)', 'tan(3x)^2', 'x^x', 'asin(x)/x', 'exp(-x^2/2)',
  'sinh(x) cosh(x)', 'log(x, 10)', '|x - 1|', 'atan(1/x)', '(x^2 - 1)/(x^2 + 1)',
  'x^3 - 3x^2 + 2x - 7', 'cos(x)^3 sin(x)', 'softplus(2x)',
];

function nest(n) {
  let s = 'x';
  for (let i = 0; i < n; i++) s = `sin(${s})`;
  return s;
}
function sum(n) {
  const t = [];
  for (let i = 1; i <= n; i++) t.push(`${i}*x^${i % 17}*sin(${i % 5 + 1}x)`);
  return t.join(' + ');
}
function product(n) {
  const t = [];
  for (let i = 1; i <= n; i++) t.push(`(x + ${i})`);
  return t.join('*');
}

const families = {
  'sum of n terms': (quick ? [10, 100, 1000] : [10, 100, 1000, 10000]).map((n) => ({ n, input: sum(n) })),
  'nesting depth n': (quick ? [10, 100] : [10, 100, 300, 1000]).map((n) => ({ n, input: nest(n) })),
  'product of n factors': (quick ? [10, 30] : [10, 30, 100, 300]).map((n) => ({ n, input: product(n) })),
  'k-th derivative of e^(3x) cos(2x)': [1, 5, 10, 20].map((n) => ({ n, input: 'exp(3x) cos(2x)', order: n })),
  'k-th derivative of x/(1+x^2)': [1, 4, 8, 12].map((n) => ({ n, input: 'x/(1+x^2)', order: n })),
};

function repeatsFor(ns) {
  // About 0.3 s of work per measurement, at least 3 runs.
  return Math.max(3, Math.min(5000, Math.round(3e8 / Math.max(ns, 1))));
}

function native(input, order = 1) {
  const run = (repeat) => {
    const a = ['--json', '--repeat', String(repeat), '--order', String(order), '-'];
    const p = spawnSync(CLI, a, { input, encoding: 'utf8', maxBuffer: 1 << 30 });
    const r = JSON.parse(p.stdout);
    if (!r.ok) throw new Error(`native: ${r.error.message} for ${input.slice(0, 60)}`);
    return r;
  };
  const first = run(1);
  const r = run(repeatsFor(first.timing_ns.median));
  return { median: r.timing_ns.median, size: printedSize(r), latexSize: r.result.latex.length };
}

// Characters of the answer as shown: the result and its named subexpressions ("u_1 = ...").
function printedSize(r) {
  return r.result.text.length + (r.where || []).reduce((n, w) => n + w.name.length + 3 + w.text.length, 0);
}

const m = await require(require('node:path').resolve(NODE_MODULE))();
function wasm(input, order = 1) {
  const run = (repeat) => {
    const r = m.differentiate({ input, order, repeat });
    if (!r.ok) throw new Error(`wasm: ${r.error.message}`);
    return r;
  };
  const first = run(1);
  const r = run(repeatsFor(first.timing_ns.median));
  return { median: r.timing_ns.median, size: printedSize(r) };
}

// Warm up the wasm module (tier-up, memory growth) before measuring; the CLI repeats in-process.
for (let i = 0; i < 3; i++) for (const input of typical) m.differentiate({ input, repeat: 20 });

const fmt = (ns) => (ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : `${(ns / 1e3).toFixed(1)} us`);
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

const report = { date: new Date().toISOString(), machine: `${require('node:os').cpus()[0].model}, ${require('node:os').cpus().length} cores`, node: process.version, typical: [], families: {}, sizes: {} };

console.log('Typical expressions (median of parse -> differentiate -> simplify -> print text + LaTeX)');
console.log(`${pad('expression', 24)} ${lpad('native', 10)} ${lpad('wasm', 10)} ${lpad('wasm/nat', 9)} ${lpad('chars', 6)}`);
for (const input of typical) {
  const n = native(input), w = wasm(input);
  report.typical.push({ input, native_ns: n.median, wasm_ns: w.median, chars: n.size });
  console.log(`${pad(input, 24)} ${lpad(fmt(n.median), 10)} ${lpad(fmt(w.median), 10)} ${lpad((w.median / n.median).toFixed(2), 9)} ${lpad(n.size, 6)}`);
}
const med = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
const tn = med(report.typical.map((t) => t.native_ns)), tw = med(report.typical.map((t) => t.wasm_ns));
report.typical_median = { native_ns: tn, wasm_ns: tw };
console.log(`${pad('median', 24)} ${lpad(fmt(tn), 10)} ${lpad(fmt(tw), 10)} ${lpad((tw / tn).toFixed(2), 9)}`);

function slope(points) {
  // Least-squares slope of log(y) against log(n): the growth exponent.
  const xs = points.map((p) => Math.log(p.n)), ys = points.map((p) => Math.log(p.y));
  const mx = xs.reduce((a, b) => a + b) / xs.length, my = ys.reduce((a, b) => a + b) / ys.length;
  let num = 0, den = 0;
  for (let i = 0; i < xs.length; i++) { num += (xs[i] - mx) * (ys[i] - my); den += (xs[i] - mx) ** 2; }
  return num / den;
}

for (const [name, cases] of Object.entries(families)) {
  console.log(`\n${name}`);
  console.log(`${pad('n', 8)} ${lpad('native', 10)} ${lpad('wasm', 10)} ${lpad('input chars', 12)} ${lpad('result chars', 13)}`);
  const rows = [];
  for (const c of cases) {
    const n = native(c.input, c.order), w = wasm(c.input, c.order);
    rows.push({ n: c.n, native_ns: n.median, wasm_ns: w.median, input_chars: c.input.length, result_chars: n.size });
    console.log(`${pad(c.n, 8)} ${lpad(fmt(n.median), 10)} ${lpad(fmt(w.median), 10)} ${lpad(c.input.length, 12)} ${lpad(n.size, 13)}`);
  }
  const tExp = slope(rows.map((r) => ({ n: r.n, y: r.native_ns })));
  const sExp = slope(rows.map((r) => ({ n: r.n, y: r.result_chars })));
  console.log(`growth exponent: time ${tExp.toFixed(2)}, result size ${sExp.toFixed(2)}`);
  report.families[name] = { rows, time_exponent: tExp, size_exponent: sExp };
}

const wasmBytes = readFileSync(WEB_WASM), glueBytes = readFileSync(WEB_GLUE);
report.sizes = {
  wasm: wasmBytes.length, wasm_gzip: gzipSync(wasmBytes, { level: 9 }).length,
  glue: glueBytes.length, glue_gzip: gzipSync(glueBytes, { level: 9 }).length,
};
const s = report.sizes;
console.log(`\nDownload: wasm ${(s.wasm / 1024).toFixed(1)} KiB (gzip ${(s.wasm_gzip / 1024).toFixed(1)} KiB), glue ${(s.glue / 1024).toFixed(1)} KiB (gzip ${(s.glue_gzip / 1024).toFixed(1)} KiB), total gzip ${((s.wasm_gzip + s.glue_gzip) / 1024).toFixed(1)} KiB`);
mkdirSync(dirname(jsonOut), { recursive: true });
writeFileSync(jsonOut, JSON.stringify(report, null, 2));
console.log(`wrote ${jsonOut}`);
