// Side-by-side benchmark of Leibniz against mathjs, nerdamer, Algebrite, GiNaC, SymPy, Maxima.
//
//   bash bench/peers/run.sh [--quick] [--only sys1,sys2] [--timeout SECONDS] [--json FILE]
//
// (run.sh installs what is missing, builds the GiNaC driver, then runs this file.)
// See bench/peers/README.md for what is measured and how.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync, existsSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { typical, families, POINTS } from './cases.mjs';
import { parseNeutral, printFor, evaluateOutput } from './syntax.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const quick = args.includes('--quick');
const TIMEOUT_S = Number(opt('--timeout', quick ? 2 : 15));
const REF_TIMEOUT_S = quick ? 30 : 120;
// Family members with a longer input get a numerical reference (mpmath.diff of the input at
// 50 digits) instead of SymPy's symbolic derivative, whose evaluation would take minutes.
const NUMERIC_REF_CHARS = Number(opt('--numeric-ref-chars', 1000));
const VERBOSE = args.includes('--verbose');
const TARGET_MS = quick ? 20 : 150; // timed work per case and system
// At least this many timed runs after the warm-up (quick: 1, so slow peers finish sooner).
const MIN_RUNS = quick ? 1 : 3;
process.env.PEERS_MIN_RUNS = String(MIN_RUNS);
const CAP_MS = (TIMEOUT_S * 1000) / 3; // slower first runs are reported alone
const jsonOut = resolve(root, opt('--json', quick ? 'build/bench-peers-quick.json' : 'build/bench-peers.json'));
const CLI = resolve(root, process.env.LEIBNIZ_CLI || 'build/native/leibniz');
const NODE_MODULE = resolve(root, process.env.LEIBNIZ_NODE_MODULE || 'build/wasm/wasm/leibniz_node.cjs');
const GINAC = resolve(root, 'build/peers-ginac/ginac_driver');
const PY = '/usr/bin/python3';
const work = resolve(root, quick ? 'build/peers-work-quick' : 'build/peers-work');
const ALL = ['ginac', 'leibniz-native', 'leibniz-wasm', 'sympy', 'maxima', 'mathjs', 'nerdamer', 'algebrite'];
const systems = opt('--only', null) ? opt('--only').split(',') : ALL;
if (!systems.includes('ginac')) console.log('note: ginac not selected: no ratios to GiNaC');

for (const f of [CLI, NODE_MODULE, GINAC]) {
  if (!existsSync(f)) {
    console.error(`bench/peers: ${f} is missing (run bash bench/peers/run.sh, which builds the GiNaC driver; build/native and build/wasm come from scripts/build.sh)`);
    process.exit(2);
  }
}
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const t0Run = Date.now();

// ------------------------------------------------------------------ cases
const cases = [];
for (const t of typical) cases.push({ kind: 'typical', group: t.group, expr: t.expr, vars: t.vars });
for (const [family, f] of Object.entries(families(quick))) {
  for (const n of f.ns) cases.push({ kind: 'family', family, n, ...f.make(n) });
}
cases.forEach((c, i) => { c.idx = i; c.ast = parseNeutral(c.expr); });
const label = (c) => (c.kind === 'typical'
  ? `${c.expr}${c.vars.length > 1 || c.vars[0] !== 'x' ? `  d/${c.vars.map((v) => `d${v}`).join(' ')}` : ''}`
  : `${c.family} n=${c.n}`);
console.log(`${cases.length} cases (${typical.length} typical, ${cases.length - typical.length} in families); timeout ${TIMEOUT_S} s per case and system; ${quick ? 'quick' : 'full'} mode`);

// ------------------------------------------------------------------ watchdog
// Runs a worker that prints "START i" / "DONE i {json}" / "FAIL i {json}" over the cases from a
// start index; a case that exceeds the timeout is recorded as such, the worker is killed and
// restarted after it (the rest of that family is skipped); a crash is recorded and the worker
// restarted after the case.
function runWorker(name, spawnArgs, timeoutS, results) {
  return new Promise((resolveAll) => {
    const n = cases.length;
    const nextStart = (i) => { while (i < n && results[i]) i++; return i; };
    const launch = (start) => {
      start = nextStart(start);
      if (start >= n) { resolveAll(); return; }
      const [cmd, argv] = spawnArgs(start);
      const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      let current = null, timer = null, buf = '', stderr = '', finished = false;
      const kill = () => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } };
      const arm = (s) => { clearTimeout(timer); timer = setTimeout(onTimeout, s * 1000); };
      const onTimeout = () => {
        if (finished) return;
        finished = true;
        kill();
        if (current === null) {
          // Hung before its first case: give up on the remaining cases.
          for (let i = start; i < n; i++) if (!results[i]) results[i] = { status: 'error', error: 'worker did not start' };
          resolveAll();
          return;
        }
        const c = cases[current];
        results[current] = { status: 'timeout' };
        process.stdout.write(`  ${name}: timeout (${timeoutS} s) on ${label(c).slice(0, 70)}\n`);
        if (c.kind === 'family') {
          for (const d of cases) if (d.kind === 'family' && d.family === c.family && d.n > c.n && !results[d.idx]) results[d.idx] = { status: 'skipped', error: `timed out at n=${c.n}` };
        }
        setTimeout(() => launch(current + 1), 200);
      };
      arm(60); // start-up
      child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-2000); });
      child.stdout.on('data', (d) => {
        buf += d;
        let k;
        while ((k = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, k).trim();
          buf = buf.slice(k + 1);
          const m = /^(START|DONE|FAIL) (\d+)(?: (.*))?$/.exec(line);
          if (!m) continue;
          const i = Number(m[2]);
          if (m[1] === 'START') { current = i; arm(timeoutS); continue; }
          const data = JSON.parse(m[3]);
          results[i] = m[1] === 'DONE' ? { status: 'done', ...data } : { status: 'error', error: data.error };
          if (VERBOSE) process.stdout.write(`    ${name} ${i} ${label(cases[i]).slice(0, 50)}: ${m[3].slice(0, 120)}\n`);
          current = null;
          arm(timeoutS);
        }
      });
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        if (finished) return;
        finished = true;
        if (current !== null && !results[current]) {
          results[current] = { status: 'crash', error: `exit ${signal || code}: ${stderr.trim().split('\n').slice(-3).join(' | ').slice(0, 300)}` };
          process.stdout.write(`  ${name}: crash on ${label(cases[current]).slice(0, 70)} (${signal || code})\n`);
          launch(current + 1);
        } else if (nextStart(start) < n && code !== 0) {
          const i = nextStart(start);
          results[i] = { status: 'crash', error: `worker exited ${signal || code}: ${stderr.slice(-300)}` };
          launch(i + 1);
        } else resolveAll();
      });
    };
    launch(0);
  });
}

// Consecutive equal variables: ['x','x','y'] -> [['x',2],['y',1]].
function groups(vars) {
  const g = [];
  for (const v of vars) {
    if (g.length && g[g.length - 1][0] === v) g[g.length - 1][1]++;
    else g.push([v, 1]);
  }
  return g;
}

const outDir = (sys) => { const d = join(work, sys); mkdirSync(d, { recursive: true }); return d; };
const writeJsonCases = (sys, syntax) => {
  const d = outDir(sys);
  const file = join(d, 'cases.json');
  writeFileSync(file, JSON.stringify(cases.map((c) => ({ expr: printFor(syntax, c.ast), vars: c.vars, out: join(d, `${c.idx}.txt`) }))));
  return file;
};

// ------------------------------------------------------------------ systems
// Leibniz's answer as the checker reads it: its named subexpressions first, one per line.
const leibnizOutput = (r) => [...(r.where || []).map((w) => `${w.name} = ${w.text}`), r.result.text].join('\n');

async function runSystem(sys) {
  const results = new Array(cases.length).fill(null);
  const t = Date.now();
  if (sys === 'leibniz-native') {
    const d = outDir(sys);
    for (const c of cases) {
      if (results[c.idx]) continue;
      const g = groups(c.vars);
      const base = ['--json', '--wrt', g.map(([v]) => v).join(','), '--order', String(g[g.length - 1][1])];
      const deadline = Date.now() + TIMEOUT_S * 1000;
      const call = (repeat) => {
        const p = spawnSync(CLI, [...base, '--repeat', String(repeat), '-'], {
          input: printFor('leibniz', c.ast), encoding: 'utf8', maxBuffer: 1 << 30,
          timeout: Math.max(1, deadline - Date.now()), killSignal: 'SIGKILL',
        });
        if (p.error && p.error.code === 'ETIMEDOUT') return { timeout: true };
        if (p.signal) return { crash: `signal ${p.signal}` };
        try { return JSON.parse(p.stdout); } catch { return { crash: `exit ${p.status}: ${(p.stderr || '').slice(-200)}` }; }
      };
      let r = call(1);
      if (r.ok) {
        const first = r.timing_ns.median;
        const out = leibnizOutput(r);
        let med = first, runs = 1;
        if (first <= CAP_MS * 1e6) {
          runs = first > 3e8 ? 2 : Math.max(MIN_RUNS, Math.min(2000, Math.round((TARGET_MS * 1e6) / Math.max(first, 1))));
          const r2 = call(runs);
          if (r2.ok) med = r2.timing_ns.median; else runs = 1;
        }
        writeFileSync(join(d, `${c.idx}.txt`), out);
        results[c.idx] = { status: 'done', median_ns: med, first_ns: first, runs };
      } else if (r.timeout) {
        results[c.idx] = { status: 'timeout' };
        if (c.kind === 'family') for (const e of cases) if (e.kind === 'family' && e.family === c.family && e.n > c.n) results[e.idx] = { status: 'skipped', error: `timed out at n=${c.n}` };
      } else if (r.crash) results[c.idx] = { status: 'crash', error: r.crash };
      else results[c.idx] = { status: 'error', error: `${r.error.kind}: ${r.error.message}` };
    }
  } else if (['mathjs', 'nerdamer', 'algebrite', 'leibniz-wasm'].includes(sys)) {
    const file = writeJsonCases(sys, sys === 'leibniz-wasm' ? 'leibniz' : sys);
    await runWorker(sys, (s) => [process.execPath, ['--no-experimental-fetch', join(here, 'js_worker.cjs'), sys, file, String(s), String(TARGET_MS), String(CAP_MS)]], TIMEOUT_S, results);
  } else if (sys === 'ginac') {
    const d = outDir(sys);
    const file = join(d, 'cases.tsv');
    writeFileSync(file, cases.map((c) => `${c.idx}\t${c.vars.join(',')}\t${join(d, `${c.idx}.txt`)}\t${printFor('ginac', c.ast)}\n`).join(''));
    await runWorker(sys, (s) => [GINAC, [file, String(s), String(TARGET_MS), String(CAP_MS)]], TIMEOUT_S, results);
  } else if (sys === 'sympy') {
    const file = writeJsonCases(sys, 'sympy');
    await runWorker(sys, (s) => [PY, [join(here, 'sympy_worker.py'), 'peer', file, String(s), String(TARGET_MS), String(CAP_MS)]], TIMEOUT_S, results);
  } else if (sys === 'maxima') {
    const d = outDir(sys);
    await runWorker(sys, (s) => {
      const file = join(d, `batch-${s}.mac`);
      writeFileSync(file, maximaBatch(d, s));
      return ['maxima', ['--very-quiet', '--init-mac=/dev/null', '-r', `batchload("${file}")$`]];
    }, TIMEOUT_S, results);
  }
  console.log(`  ${sys}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return results;
}

// One Maxima (GCL) process times every case: elapsed_real_time() ticks in 10 ms steps, so
// runs are timed in batches (calibrated to about MAXIMA_BATCH_S each, after warm-up runs that
// take at least 20 ms); 3 batches, the median batch mean is reported.
const MAXIMA_BATCH_S = quick ? 0.03 : 0.08;
function maximaBatch(d, start) {
  const L = [
    'display2d:false$', 'linel:1000000$',
    'bench_run():=string(apply(diff, cons(parse_string(bench_s), bench_v)))$',
    `bench_case(i, out) := block([r, t0, t1st, n, dt, ms],
  printf(true, "START ~d~%", i),
  t0: elapsed_real_time(), r: errcatch(bench_run()), t1st: elapsed_real_time() - t0,
  if r = [] then (printf(true, "FAIL ~d {\\"error\\":\\"maxima error\\"}~%", i), return(false)),
  r: first(r),
  with_stdout(out, printf(true, "~a", r)),
  if t1st > ${CAP_MS / 1000} then (printf(true, "DONE ~d {\\"median_ns\\":~f,\\"first_ns\\":~f,\\"runs\\":1}~%", i, t1st*1e9, t1st*1e9), return(true)),
  if t1st > 0.3 then (t0: elapsed_real_time(), bench_run(), dt: elapsed_real_time() - t0,
     printf(true, "DONE ~d {\\"median_ns\\":~f,\\"first_ns\\":~f,\\"runs\\":1}~%", i, dt*1e9, t1st*1e9), return(true)),
  n: 1,
  do (t0: elapsed_real_time(), for k thru n do bench_run(), dt: elapsed_real_time() - t0,
      if dt >= 0.02 then return(true), n: n*4),
  n: max(1, ceiling(n * ${MAXIMA_BATCH_S} / dt)),
  /* 3 batches; a pause during calibration can leave them too short for the 10 ms clock: then again, longer */
  for attempt thru 4 do (
    ms: [],
    for b thru 3 do (t0: elapsed_real_time(), for k thru n do bench_run(), ms: cons(elapsed_real_time() - t0, ms)),
    ms: sort(ms),
    if second(ms) >= ${MAXIMA_BATCH_S / 2} then return(true),
    n: n * (if second(ms) < 0.01 then 8 else max(2, ceiling(${MAXIMA_BATCH_S} / second(ms))))),
  ms: ms / n,
  printf(true, "DONE ~d {\\"median_ns\\":~f,\\"first_ns\\":~f,\\"runs\\":~d}~%", i, second(ms)*1e9, t1st*1e9, 3*n),
  true)$`,
  ];
  for (const c of cases) {
    if (c.idx < start) continue;
    const v = groups(c.vars).flatMap(([x, k]) => [x, k]).join(',');
    L.push(`bench_s: "${printFor('maxima', c.ast)}"$`, `bench_v: [${v}]$`, `bench_case(${c.idx}, "${join(d, `${c.idx}.txt`)}")$`);
  }
  L.push('quit()$');
  return L.join('\n') + '\n';
}

// ------------------------------------------------------------------ reference
async function reference() {
  const file = join(work, 'ref.json');
  writeFileSync(file, JSON.stringify(cases.map((c) => ({ ast: c.ast, vars: c.vars, points: POINTS, numeric: c.kind === 'family' && c.expr.length > NUMERIC_REF_CHARS }))));
  const results = new Array(cases.length).fill(null);
  const t = Date.now();
  await runWorker('sympy-reference', (s) => [PY, [join(here, 'sympy_worker.py'), 'ref', file, String(s)]], REF_TIMEOUT_S, results);
  console.log(`  reference (SymPy diff, 30-digit evaluation): ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return results;
}

// ------------------------------------------------------------------ correctness
const REL_TOL = 1e-6;
function check(sys, c, r, ref) {
  if (r.status !== 'done') return r;
  const text = readFileSync(join(work, sys, `${c.idx}.txt`), 'utf8');
  r.chars = text.replace(/\s+/g, '').length;
  if (!ref || ref.status !== 'done') { r.correct = null; r.check = 'no reference'; return r; }
  const got = [];
  try {
    for (const p of POINTS) got.push(evaluateOutput(text, p));
  } catch (e) {
    r.correct = null; r.check = `not evaluable: ${e.message}`; return r;
  }
  let bad = null, compared = 0;
  ref.values.forEach((want, k) => {
    if (want === null) return;
    compared++;
    const g = got[k];
    const tol = REL_TOL * Math.max(Math.abs(want), 1e-9);
    if (!(Math.abs(g - want) <= tol) && !bad) bad = { point: POINTS[k], got: g, want };
  });
  r.correct = compared > 0 ? !bad : null;
  if (bad) r.check = `at ${JSON.stringify(bad.point)}: got ${bad.got}, SymPy ${bad.want}`;
  else if (!compared) r.check = 'no real reference value';
  return r;
}

// ------------------------------------------------------------------ download sizes
function gz(file) {
  return Number(execFileSync('sh', ['-c', `gzip -9 -c "${file}" | wc -c`]).toString().trim());
}
function minified(entries, name) {
  const esb = join(here, 'node_modules/.bin/esbuild');
  if (!existsSync(esb)) return null;
  const outf = join(work, `${name}.min.js`);
  const entry = join(work, `${name}.entry.cjs`);
  writeFileSync(entry, entries.map((e) => `require(${JSON.stringify(e)});`).join('\n'));
  execFileSync(esb, [entry, '--bundle', '--minify', '--format=iife', '--platform=browser', `--outfile=${outf}`, '--log-level=error']);
  return outf;
}
function downloads() {
  const nm = (p) => join(here, 'node_modules', p);
  const rows = [];
  const add = (system, what, file) => {
    if (!file || !existsSync(file)) return;
    rows.push({ system, what, file: file.replace(root + '/', ''), bytes: statSync(file).size, gzip9: gz(file) });
  };
  add('leibniz', 'leibniz.wasm', resolve(root, 'build/wasm/wasm/leibniz.wasm'));
  add('leibniz', 'leibniz.mjs (browser glue)', resolve(root, 'build/wasm/wasm/leibniz.mjs'));
  add('leibniz', 'leibniz_node.cjs (node glue, not shipped to browsers)', resolve(root, 'build/wasm/wasm/leibniz_node.cjs'));
  add('mathjs', 'lib/browser/math.js (shipped minified bundle, whole library)', nm('mathjs/lib/browser/math.js'));
  add('nerdamer', 'all.min.js (shipped minified: core + Algebra + Calculus + Solve + Extra)', nm('nerdamer/all.min.js'));
  try { add('nerdamer', 'core + Calculus, minified here with esbuild (what diff needs)', minified([nm('nerdamer/nerdamer.core.js'), nm('nerdamer/Algebra.js'), nm('nerdamer/Calculus.js')], 'nerdamer-calculus')); } catch (e) { console.log(`  esbuild nerdamer: ${e.message}`); }
  add('algebrite', 'dist/algebrite.bundle-for-browser.js (shipped browser bundle, NOT minified)', nm('algebrite/dist/algebrite.bundle-for-browser.js'));
  try { add('algebrite', 'browser bundle minified here with esbuild (no minified build is shipped)', minified([nm('algebrite/dist/algebrite.bundle-for-browser.js')], 'algebrite')); } catch (e) { console.log(`  esbuild algebrite: ${e.message}`); }
  return rows;
}

// ------------------------------------------------------------------ versions
function versions() {
  const v = {};
  const pkg = (p) => JSON.parse(readFileSync(join(here, 'node_modules', p, 'package.json'), 'utf8')).version;
  const sh = (cmd) => { try { return execFileSync('sh', ['-c', cmd]).toString().trim(); } catch { return '?'; } };
  v.leibniz = 'build/native/leibniz + build/wasm/wasm (this checkout)';
  v.mathjs = pkg('mathjs'); v.nerdamer = pkg('nerdamer'); v.algebrite = pkg('algebrite');
  v.ginac = sh("dpkg-query -W -f='${Version}' libginac-dev");
  v.cln = sh("dpkg-query -W -f='${Version}' libcln-dev");
  v.sympy = sh(`${PY} -c 'import sympy,sys;print(sympy.__version__, "python", sys.version.split()[0])'`);
  v.maxima = sh("maxima --version") + ' (' + sh("maxima --list-avail | grep -o 'lisp [a-z]*' | head -1") + ')';
  v.node = process.version;
  v.gxx = sh('g++ --version | head -1');
  return v;
}

// ------------------------------------------------------------------ statistics and output
const median = (a) => { if (!a.length) return null; const s = [...a].sort((x, y) => x - y); const n = s.length; return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2; };
function slope(points) {
  if (points.length < 2) return null;
  const xs = points.map((p) => Math.log(p[0])), ys = points.map((p) => Math.log(p[1]));
  const mx = xs.reduce((a, b) => a + b) / xs.length, my = ys.reduce((a, b) => a + b) / ys.length;
  let num = 0, den = 0;
  for (let i = 0; i < xs.length; i++) { num += (xs[i] - mx) * (ys[i] - my); den += (xs[i] - mx) ** 2; }
  return num / den;
}
const fmtT = (ns) => (ns == null ? '-' : ns >= 1e9 ? `${(ns / 1e9).toFixed(2)}s` : ns >= 1e6 ? `${(ns / 1e6).toFixed(ns >= 1e8 ? 0 : 1)}ms` : `${(ns / 1e3).toFixed(ns >= 1e5 ? 0 : 1)}us`);
const pad = (s, n) => String(s).padEnd(n), lpad = (s, n) => String(s).padStart(n);
const SHORT = { 'leibniz-native': 'leibniz', 'leibniz-wasm': 'lz-wasm', ginac: 'ginac', sympy: 'sympy', maxima: 'maxima', mathjs: 'mathjs', nerdamer: 'nerdamer', algebrite: 'algebrite' };
function cell(r) {
  if (!r) return '-';
  if (r.status === 'done') return `${fmtT(r.median_ns)}${r.correct === false ? '!' : r.correct === null ? '?' : ''}`;
  return { timeout: 'timeout', error: 'error', crash: 'crash', skipped: 'skip' }[r.status] || r.status;
}

// ------------------------------------------------------------------ main
console.log('reference values');
const ref = await reference();
const all = {};
for (const sys of systems) {
  console.log(`running ${sys}`);
  all[sys] = (await runSystem(sys)).map((r, i) => check(sys, cases[i], r || { status: 'error', error: 'not run' }, ref[i]));
}

const W = 11;
const header = (first, w) => `${pad(first, w)}${systems.map((s) => lpad(SHORT[s], W)).join('')}`;
console.log('\nTypical expressions: median time of parse -> differentiate -> print (! wrong, ? unchecked)');
console.log(header('expression', 36));
for (const c of cases.filter((c) => c.kind === 'typical')) {
  console.log(`${pad(label(c).slice(0, 35), 36)}${systems.map((s) => lpad(cell(all[s][c.idx]), W)).join('')}`);
}
console.log('\nTypical expressions: printed size in characters (whitespace removed)');
console.log(header('expression', 36));
for (const c of cases.filter((c) => c.kind === 'typical')) {
  console.log(`${pad(label(c).slice(0, 35), 36)}${systems.map((s) => lpad(all[s][c.idx].chars ?? cell(all[s][c.idx]), W)).join('')}`);
}

// Headline over the typical set.
const typ = cases.filter((c) => c.kind === 'typical');
const summary = {};
for (const s of systems) {
  const ratios = [], sizeRatios = [], times = [];
  let correct = 0, wrong = 0, unchecked = 0, failed = 0;
  for (const c of typ) {
    const r = all[s][c.idx];
    if (r.status !== 'done') { failed++; continue; }
    times.push(r.median_ns);
    if (r.correct === true) correct++; else if (r.correct === false) wrong++; else unchecked++;
    const g = all.ginac && all.ginac[c.idx];
    if (g && g.status === 'done') ratios.push(r.median_ns / g.median_ns);
    const compact = ['maxima', 'ginac'].map((p) => all[p] && all[p][c.idx]).filter((x) => x && x.status === 'done' && x.correct !== false).map((x) => x.chars);
    if (compact.length) sizeRatios.push(r.chars / Math.min(...compact));
  }
  summary[s] = {
    typical_cases: typ.length, succeeded: times.length, correct, wrong, unchecked, failed,
    median_time_ns: median(times), median_time_ratio_to_ginac: median(ratios), ratio_cases: ratios.length,
    median_size_ratio_to_most_compact_of_maxima_ginac: median(sizeRatios),
  };
  if (s === 'sympy') {
    const cr = typ.map((c) => [all[s][c.idx], all.ginac && all.ginac[c.idx]]).filter(([r, g]) => r.median_cached_ns && g && g.status === 'done');
    summary[s].with_warm_cache = { median_time_ns: median(cr.map(([r]) => r.median_cached_ns)), median_time_ratio_to_ginac: median(cr.map(([r, g]) => r.median_cached_ns / g.median_ns)) };
  }
}

// Families.
const famOut = {};
for (const [family, f] of Object.entries(families(quick))) {
  const fc = cases.filter((c) => c.family === family);
  console.log(`\n${family}: ${f.description}: median time`);
  console.log(header('n', 8));
  for (const c of fc) console.log(`${pad(c.n, 8)}${systems.map((s) => lpad(cell(all[s][c.idx]), W)).join('')}`);
  console.log(`${pad('chars', 8)}${systems.map((s) => lpad(all[s][fc[fc.length - 1].idx].chars ?? '-', W)).join('')}   (at the largest n)`);
  famOut[family] = { description: f.description, ns: f.ns, systems: {} };
  const te = [], se = [];
  for (const s of systems) {
    const ok = fc.filter((c) => all[s][c.idx].status === 'done');
    const tExp = slope(ok.map((c) => [c.n, all[s][c.idx].median_ns]));
    const sExp = slope(ok.map((c) => [c.n, all[s][c.idx].chars]));
    te.push(tExp); se.push(sExp);
    famOut[family].systems[s] = {
      time_exponent: tExp, size_exponent: sExp, largest_n_done: ok.length ? ok[ok.length - 1].n : null,
      rows: fc.map((c) => ({ n: c.n, ...all[s][c.idx] })),
    };
  }
  const fe = (x) => (x == null ? '-' : x.toFixed(2));
  console.log(`${pad('t-exp', 8)}${te.map((x) => lpad(fe(x), W)).join('')}`);
  console.log(`${pad('size-exp', 8)}${se.map((x) => lpad(fe(x), W)).join('')}`);
}

// Downloads.
const dl = downloads();
console.log('\nBrowser download (gzip -9)');
for (const d of dl) console.log(`${pad(d.system, 10)} ${lpad((d.bytes / 1024).toFixed(1) + ' KiB', 12)} ${lpad((d.gzip9 / 1024).toFixed(1) + ' KiB gz', 14)}  ${d.what}`);

console.log('\nSummary over the typical set (time: median over expressions of the ratio to GiNaC in this run; size: median ratio to the shorter of Maxima/GiNaC)');
console.log(`${pad('system', 16)}${lpad('median time', 12)}${lpad('x GiNaC', 9)}${lpad('size ratio', 11)}${lpad('correct', 9)}${lpad('wrong', 7)}${lpad('unchk', 7)}${lpad('failed', 8)}`);
for (const s of systems) {
  const m = summary[s];
  console.log(`${pad(s, 16)}${lpad(fmtT(m.median_time_ns), 12)}${lpad(m.median_time_ratio_to_ginac == null ? '-' : m.median_time_ratio_to_ginac.toFixed(2), 9)}${lpad(m.median_size_ratio_to_most_compact_of_maxima_ginac == null ? '-' : m.median_size_ratio_to_most_compact_of_maxima_ginac.toFixed(2), 11)}${lpad(m.correct, 9)}${lpad(m.wrong, 7)}${lpad(m.unchecked, 7)}${lpad(m.failed, 8)}`);
  if (m.with_warm_cache) console.log(`${pad('sympy (cached)', 16)}${lpad(fmtT(m.with_warm_cache.median_time_ns), 12)}${lpad(m.with_warm_cache.median_time_ratio_to_ginac == null ? '-' : m.with_warm_cache.median_time_ratio_to_ginac.toFixed(2), 9)}   (same runs without clearing SymPy's cache)`);
}

// Every failure, with the expression.
console.log('\nWrong results, errors, crashes, timeouts, unchecked results:');
const problems = [];
for (const s of systems) {
  for (const c of cases) {
    const r = all[s][c.idx];
    if (r.status === 'done' && r.correct !== false && r.correct !== null) continue;
    if (r.status === 'skipped') continue;
    const what = r.status === 'done' ? (r.correct === false ? 'WRONG' : 'unchecked') : r.status;
    const detail = r.check || r.error || '';
    problems.push({ system: s, case: label(c), status: what, detail });
    console.log(`  ${pad(s, 15)} ${pad(what, 9)} ${label(c).slice(0, 60)}${detail ? `: ${detail.slice(0, 160)}` : ''}`);
  }
}
const refFail = cases.filter((c) => ref[c.idx].status !== 'done');
for (const c of refFail) console.log(`  reference (SymPy) ${ref[c.idx].status} on ${label(c)}${ref[c.idx].error ? `: ${ref[c.idx].error.slice(0, 120)}` : ''}`);

const report = {
  date: new Date().toISOString(), mode: quick ? 'quick' : 'full',
  machine: `${os.cpus()[0].model}, ${os.cpus().length} cores (shared VM)`,
  versions: versions(), timeout_s: TIMEOUT_S, target_ms: TARGET_MS, points: POINTS, rel_tol: REL_TOL,
  summary, families: famOut, downloads: dl, problems,
  reference_failures: refFail.map((c) => ({ case: label(c), ...ref[c.idx] })),
  cases: cases.map((c) => ({
    kind: c.kind, group: c.group, family: c.family, n: c.n, vars: c.vars,
    expr: c.expr.length > 300 ? `${c.expr.slice(0, 300)}... (${c.expr.length} chars)` : c.expr,
    reference: ref[c.idx].status === 'done' ? ref[c.idx].values : null,
    results: Object.fromEntries(systems.map((s) => [s, all[s][c.idx]])),
  })),
  wall_seconds: (Date.now() - t0Run) / 1000,
};
mkdirSync(dirname(jsonOut), { recursive: true });
writeFileSync(jsonOut, JSON.stringify(report, null, 1));
console.log(`\nwrote ${jsonOut.replace(root + '/', '')} (${report.wall_seconds.toFixed(0)} s)`);
