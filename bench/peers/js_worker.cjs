// One node process that times one JS system over a list of cases:
//   node --no-experimental-fetch js_worker.cjs SYSTEM CASES.json START TARGET_MS CAP_MS
// SYSTEM: mathjs | nerdamer | algebrite | leibniz-wasm.
// For each case from index START: prints "START i", runs parse -> differentiate -> print once
// (warm-up, also the first timing), a few more warm-up runs for small cases, then enough timed
// runs for about TARGET_MS (at least 3), and prints "DONE i {json}" with the median, or
// "FAIL i {json}" with the error. The printed result goes to the case's `out` file.
// Runs: a first run slower than CAP_MS is reported alone ("cold"); one slower than 300 ms is
// followed by one timed run; otherwise max(3, TARGET_MS / first) timed runs, median.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const [system, casesFile, startArg, targetArg, capArg] = process.argv.slice(2);
const cases = JSON.parse(fs.readFileSync(casesFile, 'utf8'));
const TARGET = Number(targetArg) * 1e6; // ns
const CAP = Number(capArg) * 1e6;
const MIN_RUNS = Number(process.env.PEERS_MIN_RUNS || 3);
const here = __dirname;
const nm = (p) => path.join(here, 'node_modules', p);

// Group consecutive equal variables: ['x','x','y'] -> [['x',2],['y',1]].
function groups(vars) {
  const g = [];
  for (const v of vars) {
    if (g.length && g[g.length - 1][0] === v) g[g.length - 1][1]++;
    else g.push([v, 1]);
  }
  return g;
}

let runOnce; // (case) -> printed string
let wasm = null;
if (system === 'mathjs') {
  const math = require(nm('mathjs'));
  runOnce = (c) => {
    let node = math.parse(c.expr);
    for (const v of c.vars) node = math.derivative(node, v);
    return node.toString();
  };
} else if (system === 'nerdamer') {
  const nerdamer = require(nm('nerdamer/all.js'));
  runOnce = (c) => {
    let e = c.expr;
    for (const [v, k] of groups(c.vars)) e = nerdamer.diff(e, v, k);
    return e.toString();
  };
} else if (system === 'algebrite') {
  const Algebrite = require(nm('algebrite'));
  runOnce = (c) => {
    const args = groups(c.vars).map(([v, k]) => (k === 1 ? v : `${v},${k}`)).join(',');
    const r = Algebrite.run(`d(${c.expr},${args})`);
    if (/^Stop|error/i.test(r)) throw new Error(r);
    return r;
  };
} else if (system === 'leibniz-wasm') {
  wasm = true;
} else {
  console.error(`js_worker: unknown system ${system}`);
  process.exit(2);
}

const median = (a) => { const s = [...a].sort((x, y) => x - y); const n = s.length; return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2; };

async function main() {
  let m = null;
  if (wasm) {
    const mod = process.env.LEIBNIZ_NODE_MODULE || path.resolve(here, '../../build/wasm/wasm/leibniz_node.cjs');
    m = await require(mod)();
  }
  const leibnizRequest = (c, repeat) => {
    const g = groups(c.vars);
    // --wrt a,b,...,v with --order k repeats the last variable k times.
    const wrt = g.map(([v]) => v);
    const order = g[g.length - 1][1];
    if (g.slice(0, -1).some(([, k]) => k !== 1)) throw new Error('unsupported variable sequence');
    const r = m.differentiate({ input: c.expr, wrt, order, repeat });
    if (!r.ok) throw new Error(`${r.error.kind}: ${r.error.message}`);
    return r;
  };
  // Warm-up of the engine (JIT) before the first case, on small common expressions.
  const warmups = ['x^2*sin(x)', 'exp(2*x)*cos(x)/(1+x^2)', 'sqrt(1-x^2)*log(x)'].map((expr) => ({ expr, vars: ['x'] }));
  const tw = performance.now();
  for (let k = 0; k < 50 && performance.now() - tw < 1000; k++) {
    for (const c of warmups) { if (wasm) leibnizRequest(c, 1); else runOnce(c); }
  }
  for (let i = Number(startArg); i < cases.length; i++) {
    const c = cases[i];
    process.stdout.write(`START ${i}\n`);
    try {
      let out, first, med, runs;
      if (wasm) {
        const r1 = leibnizRequest(c, 1);
        first = r1.timing_ns.median;
        // Named subexpressions first, one per line (syntax.mjs evaluateOutput reads them).
        out = [...(r1.where || []).map((w) => `${w.name} = ${w.text}`), r1.result.text].join('\n');
        if (first > CAP) { med = first; runs = 1; }
        else {
          const warm = Math.min(20, Math.floor(TARGET / 4 / Math.max(first, 1)));
          if (warm > 0) leibnizRequest(c, warm);
          runs = first > 3e8 ? 1 : Math.max(MIN_RUNS, Math.min(2000, Math.round(TARGET / Math.max(first, 1))));
          med = leibnizRequest(c, runs).timing_ns.median;
        }
      } else {
        let t0 = performance.now();
        out = runOnce(c);
        first = (performance.now() - t0) * 1e6;
        if (first > CAP) { med = first; runs = 1; }
        else {
          const warm = Math.min(20, Math.floor(TARGET / 4 / Math.max(first, 1)));
          for (let k = 0; k < warm; k++) runOnce(c);
          runs = first > 3e8 ? 1 : Math.max(MIN_RUNS, Math.min(2000, Math.round(TARGET / Math.max(first, 1))));
          const ts = [];
          for (let k = 0; k < runs; k++) {
            t0 = performance.now();
            runOnce(c);
            ts.push((performance.now() - t0) * 1e6);
          }
          med = median(ts);
        }
      }
      fs.writeFileSync(c.out, out);
      process.stdout.write(`DONE ${i} ${JSON.stringify({ median_ns: med, first_ns: first, runs })}\n`);
    } catch (e) {
      const msg = (e && e.message ? e.message : String(e)).slice(0, 300);
      process.stdout.write(`FAIL ${i} ${JSON.stringify({ error: msg })}\n`);
    }
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
