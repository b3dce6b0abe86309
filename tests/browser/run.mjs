#!/usr/bin/env node
// End-to-end test of the page in build/site with Debian's Chromium (headless) through
// playwright-core. Run from the repository root after the wasm build and
// `node web/build-site.mjs`:   node tests/browser/run.mjs
// Prints one line per check and ends with `browser: N passed, M failed` (exit status 1 on
// any failure). Screenshots of the main states go to build/screenshots/ (not compared).
//
// Accessibility: axe-core (npm devDependency) runs in the real page, under its CSP: the
// script is served from the page's own origin through a Playwright route, because
// page.addScriptTag({path}) injects an inline script, which the CSP blocks.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const site = join(root, 'build/site');
const shots = join(root, 'build/screenshots');
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const started = Date.now();

let passed = 0;
let failed = 0;
function report(ok, name, detail = '') {
  if (ok) passed += 1;
  else failed += 1;
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
}

// Runs one check; an exception (e.g. a wait that timed out) is a failure, not a crash.
let diagnose = async () => '';
async function check(name, fn) {
  try {
    const result = await fn();
    const [ok, detail] = Array.isArray(result) ? result : [result !== false, ''];
    report(ok, name, detail);
  } catch (err) {
    const first = String(err && err.message ? err.message : err).split('\n')[0];
    report(false, name, `${first} ${await diagnose().catch(() => '')}`);
  }
}

const squash = (s) => (s || '').replace(/\s+/g, '');
// KaTeX's annotation holds the LaTeX source: drop braces so `x^{2}` reads `x^2`.
const fromLatex = (s) => squash(s).replace(/[{}]/g, '').replace(/\\,/g, '');
const fromText = (s) => squash(s).replace(/\*/g, '');

if (!existsSync(join(site, 'index.html')) || !existsSync(join(site, 'leibniz.wasm'))) {
  console.log('FAIL build/site is incomplete — run the wasm build and `node web/build-site.mjs` first');
  console.log('browser: 0 passed, 1 failed');
  process.exit(1);
}
mkdirSync(shots, { recursive: true });

let server;
let browser;
const cspViolations = [];
const consoleErrors = [];

// Every page records CSP violations (event and console) and errors.
async function watch(page, label) {
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) cspViolations.push(`${label}: ${msg.text()}`);
    else if (msg.type() === 'error') consoleErrors.push(`${label}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => consoleErrors.push(`${label}: pageerror: ${err.message}`));
  await page.exposeFunction('__reportCsp', (text) => cspViolations.push(`${label}: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__reportCsp(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} ${e.sourceFile || ''}:${e.lineNumber || ''}`);
    });
  });
  await page.route('**/__test__/axe.min.js', (route) => route.fulfill({ path: axePath, contentType: 'text/javascript' }));
}

// Helpers bound to one page.
function helpers(page) {
  const expr = page.locator('#expr');
  const main = () => page.evaluate(() => ({ ...document.querySelector('main').dataset }));
  // Waits until the page shows the outcome (ok, error, timeout, failed) for exactly `input`
  // and the order in the order field.
  const settled = (input, timeout = 10000, states = ['ok', 'error', 'timeout', 'failed']) =>
    page.waitForFunction(([text, wanted]) => {
      const m = document.querySelector('main').dataset;
      return wanted.includes(m.state) && m.for === text &&
        m.order === String(Number(document.querySelector('#order').value));
    }, [input, states], { timeout });
  const state = async () => (await main()).state;
  const annotation = () => page.locator('#result-math annotation').first().textContent();
  const resultText = () => page.locator('#result-text').textContent();
  async function typeInto(input) {
    await expr.fill('');
    await expr.pressSequentially(input); // one input event per key: exercises debounce + stale ids
    await settled(input);
  }
  async function enter(input) {
    await expr.fill(input);
    await expr.press('Enter');
    await settled(input);
  }
  const setOrder = async (n, states) => {
    await page.locator('#order').fill(String(n));
    await settled(await expr.inputValue(), 10000, states);
  };
  const example = async (text) => {
    await page.locator(`#examples button[data-expr="${text}"]`).click();
    await settled(text);
  };
  const plotReady = (f) => page.waitForFunction((text) => {
    const d = document.querySelector('#plot-card').dataset;
    return d.state === 'ready' && d.for === text;
  }, f, { timeout: 5000 });
  const verdict = (kind) => page.waitForFunction((k) => document.querySelector('#check-verdict').dataset.verdict === k,
    kind, { timeout: 5000 });
  async function axe() {
    if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
      await page.addScriptTag({ url: '/__test__/axe.min.js' });
    }
    return page.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ['violations'] });
      return r.violations.map((v) => `${v.id} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
    });
  }
  const shot = (name) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  // Waits until the steps section shows the steps of `input` in language `lang`.
  const stepsReady = (input, lang = 'en', timeout = 10000) => page.waitForFunction(([text, l]) => {
    const d = document.querySelector('#steps-card').dataset;
    return d.state === 'ready' && d.for === text && d.lang === l;
  }, [input, lang], { timeout });
  return { expr, main, settled, state, annotation, resultText, typeInto, enter, setOrder, example, plotReady,
    verdict, axe, shot, stepsReady };
}

const launchArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

try {
  server = await startServer(site, 0, '127.0.0.1');
  const url = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: launchArgs });
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 }, locale: 'en-US' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url.replace(/\/$/, '') });
  const page = await context.newPage();
  await watch(page, 'desktop');
  const h = helpers(page);
  const { expr, settled, state, annotation, resultText, typeInto, enter, setOrder, example } = h;
  diagnose = async () => JSON.stringify({ ...(await h.main()),
    error: await page.locator('#error-message').textContent() });

  // ------------------------------------------------------------ basics

  const firstLoad = new Set(); // paths fetched by the first visit (page and Worker)
  const record = (response) => firstLoad.add(new URL(response.url()).pathname);
  page.on('response', record);

  await check('page loads and the engine answers the preset input', async () => {
    await page.goto(url);
    await settled(await expr.inputValue(), 15000);
    const ms = await page.evaluate(() => performance.getEntriesByName('leibniz-first-result')[0].startTime);
    return [await state() === 'ok', `first result rendered ${ms.toFixed(0)} ms after navigation start`];
  });

  await check('first load (HTML, JS, CSS, wasm, fonts of the first result and graph) under 400 KiB gzip', async () => {
    await h.plotReady('x^2*sin(x)');
    await page.evaluate(() => document.fonts.ready);
    page.off('response', record);
    firstLoad.add('/leibniz.wasm'); // fetched by the Worker, which some versions do not report
    const files = [...firstLoad].map((p) => (p.endsWith('/') ? `${p}index.html` : p));
    const gz = files.reduce((sum, p) => sum + gzipSync(readFileSync(join(site, decodeURIComponent(p))), { level: 9 }).length, 0);
    const fonts = files.filter((p) => p.endsWith('.woff2')).map((p) => p.replace(/.*\/KaTeX_|\.woff2$/g, ''));
    return [gz < 400 * 1024, `${(gz / 1024).toFixed(1)} KiB gzip in ${files.length} files; fonts: ${fonts.join(', ')}`];
  });

  await h.shot('light');
  await check('axe: no accessibility violations (result, light)', async () => {
    const v = await h.axe();
    return [v.length === 0, v.join('; ')];
  });

  await check('(3x^2+8)^3: KaTeX shows 18x(3x^2+8)^2', async () => {
    await typeInto('(3x^2+8)^3');
    const katexText = await page.locator('#result-math .katex').first().textContent();
    const tex = fromLatex(await annotation());
    const text = fromText(await resultText());
    const ok = katexText.includes('18') && tex.endsWith('=18x(3x^2+8)^2') && text === '18x(3x^2+8)^2';
    return [ok, `annotation ${JSON.stringify(tex)}, text ${JSON.stringify(text)}`];
  });

  await check('live update while typing, and Enter works too', async () => {
    await typeInto('x^3');
    const live = fromText(await resultText()) === '3x^2';
    await enter('x^4');
    const entered = fromText(await resultText()) === '4x^3';
    const echo = fromLatex(await page.locator('#input-math annotation').textContent());
    return [live && entered && echo === 'f(x)=x^4', `live ${live}, Enter ${entered}, echo ${echo}`];
  });

  await check('sinn(x): error mentions sin and underlines 4 characters', async () => {
    await typeInto('sinn(x)');
    const message = await page.locator('#error-message').textContent();
    const bad = page.locator('#error-echo .bad');
    const underlined = await bad.count() === 1 && await bad.textContent() === 'sinn';
    const deco = underlined ? await bad.evaluate((el) => getComputedStyle(el).textDecorationLine) : '';
    const ok = await page.locator('#error').isVisible() && /\bsin\b/.test(message) &&
      underlined && deco.includes('underline') && await expr.getAttribute('aria-invalid') === 'true';
    return [ok, `${JSON.stringify(message)}, underlined ${JSON.stringify(underlined ? 'sinn' : '')}`];
  });

  await check('the last good result stays visible, dimmed', async () => {
    const result = page.locator('#result');
    const stale = await result.evaluate((el) => el.classList.contains('stale'));
    const colors = await page.evaluate(() => {
      const r = document.querySelector('#result-math');
      const c = getComputedStyle(r).color;
      document.querySelector('#result').classList.remove('stale');
      const fresh = getComputedStyle(r).color;
      document.querySelector('#result').classList.add('stale');
      return [c, fresh];
    });
    const stillThere = fromText(await resultText()) === '4x^3';
    return [await result.isVisible() && stale && colors[0] !== colors[1] && stillThere,
      `stale ${stale}, colour ${colors[0]} (fresh ${colors[1]})`];
  });

  await h.shot('error');
  await check('axe: no accessibility violations (error state)', async () => {
    const v = await h.axe();
    return [v.length === 0, v.join('; ')];
  });

  await check('error underlines land on the right characters (code points, not UTF-16)', async () => {
    const cases = [['x^2 +', '+'], ['θ² + sinn(θ)', 'sinn'], ['(x+1', '('], ['𝑥 + 1', '𝑥'], ['sin x)', ')'],
      ['x ## 2', '#']];
    const wrong = [];
    for (const [input, want] of cases) {
      await expr.fill(input);
      await settled(input);
      const got = await page.locator('#error-echo .bad').textContent();
      const before = await page.locator('#error-echo').evaluate((el) => el.firstChild.textContent);
      const expected = Array.from(input).slice(0, Array.from(input).indexOf(Array.from(want)[0])).join('');
      if (got !== want || before !== expected) wrong.push(`${input}: ${JSON.stringify(got)} after ${JSON.stringify(before)}`);
    }
    return [wrong.length === 0, wrong.join('; ') || `${cases.length} inputs`];
  });

  await check('order 2 updates the result', async () => {
    await typeInto('(3x^2+8)^3');
    await setOrder(2);
    const text = await resultText();
    const second = fromLatex(await annotation()).startsWith('\\fracd^2fdx^2=');
    // Compare values, not strings: f''(x) = 18(3x^2+8)^2 + 216x^2(3x^2+8).
    const value = await page.evaluate((tx) => window.__leibniz.engine.call('evaluate', { input: tx, at: [{ x: 0.5 }] }), text);
    const expected = 18 * (3 * 0.25 + 8) ** 2 + 216 * 0.25 * (3 * 0.25 + 8);
    await setOrder(1);
    return [second && Math.abs(value.values[0] - expected) < 1e-9, `${JSON.stringify(text)} at x=0.5: ${value.values[0]}`];
  });

  await check('1000-deep sin(sin(...sin(x)...)) differentiates in the Worker', async () => {
    const deep = `${'sin('.repeat(1000)}x${')'.repeat(1000)}`;
    const t0 = Date.now();
    await expr.fill(deep);
    await settled(deep, 20000);
    const ms = Date.now() - t0;
    if (await state() !== 'ok') return [false, `error: ${await page.locator('#error-message').textContent()}`];
    const engineMs = await page.locator('#result').getAttribute('data-ms');
    const len = (await resultText()).length;
    const where = await page.locator('#result').getAttribute('data-where');
    return [Number(where) > 900, `engine ${engineMs} ms, ${ms} ms until shown (text preview ${len} chars, ${where} definitions)`];
  });

  await check('1000-deep nest: its derivative is plotted, and plotted samples equal values at points', async () => {
    const deep = `${'sin('.repeat(1000)}x${')'.repeat(1000)}`;
    await h.plotReady(deep);
    const d = await page.locator('#plot-card').evaluate((el) => ({ ...el.dataset }));
    const message = await page.locator('#plot-message').isHidden();
    // Five samples of the derivative's curve (evaluateGrid) against evaluate() point by point.
    const cmp = await page.evaluate(async () => {
      const { plot, engine } = window.__leibniz;
      const pts = plot.plot.curves[1].lines.flatMap((l) => Array.from({ length: l.length / 2 }, (_, i) => [l[2 * i], l[2 * i + 1]]));
      const picks = [0.1, 0.3, 0.5, 0.7, 0.9].map((q) => pts[Math.floor(q * (pts.length - 1))]);
      const { df, where } = plot.shown;
      const r = await engine.call('evaluate', { input: df, where, at: picks.map(([x]) => ({ x })) });
      return { n: pts.length, picks, values: r.values };
    });
    const close = cmp.picks.every(([, y], i) => Math.abs(y - cmp.values[i]) <= 1e-12 * Math.max(1, Math.abs(y)));
    return [d.curves === '2' && message && cmp.n > 100 && close,
      `curves ${d.curves}, message hidden ${message}, ${cmp.n} samples; ${cmp.picks.map(([x, y], i) => `${x.toFixed(3)}: ${y} vs ${cmp.values[i]}`).join('; ')}`];
  });

  // ------------------------------------------------------------ named subexpressions

  const nest100 = `${'sin('.repeat(100)}x${')'.repeat(100)}`;
  const form = () => page.locator('#result').getAttribute('data-form');
  const formIs = (f, timeout = 10000) => page.waitForFunction((want) => document.querySelector('main').dataset.state === 'ok' &&
    document.querySelector('#result').dataset.form === want, f, { timeout });
  // The derivative of the 100-deep nest in full (no names) and its value at x = 0.5, from the
  // engine itself: what the named form must agree with.
  const expandedAt = (x) => page.evaluate(async ([input, x0]) => {
    const { engine } = window.__leibniz;
    const r = await engine.call('derive', { input, mode: 'derivative', wrt: ['x'], order: 1, expanded: true });
    const v = await engine.call('evaluate', { input: r.result.text, at: [{ x: x0 }] });
    return { text: r.result.text, value: v.values[0], where: 'where' in r };
  }, [nest100, x]);
  const pointValues = async (x) => {
    await page.locator('#point-fields input[data-name="x"]').fill(String(x));
    await page.waitForFunction(() => document.querySelector('#point-values').dataset.values, null, { timeout: 10000 });
    return JSON.parse(await page.locator('#point-values').getAttribute('data-values'));
  };

  await check('named subexpressions: a 100-deep nest shows "where u_1 = sin x, ..." typeset under the result', async () => {
    await expr.fill(nest100);
    await settled(nest100, 20000);
    await formIs('named');
    const r = await page.evaluate(() => ({
      visible: !document.querySelector('#where').hidden,
      label: document.querySelector('#where .where-label').textContent,
      rows: Number(document.querySelector('#result').dataset.where),
      katex: document.querySelectorAll('#where-math .katex').length,
      errors: document.querySelectorAll('#result .katex-error').length,
      fallback: document.querySelectorAll('#where-math .math-fallback, #result-math .math-fallback').length,
      tex: document.querySelector('#where-math annotation')?.textContent || '',
      toggle: [!document.querySelector('#form-switch').hidden, document.querySelector('#expand-toggle').getAttribute('aria-pressed')],
    }));
    const tex = fromLatex(r.tex);
    const text = await resultText();
    const ok = r.visible && r.label === 'where' && r.rows > 10 && r.katex === 1 && r.errors === 0 && r.fallback === 0 &&
      tex.startsWith('\\begin{aligned}'.replace(/[{}]/g, '')) && tex.includes('u_1&=\\sinx') &&
      r.toggle.join() === 'true,false' && /\nwhere u_1 = sin\(x\)\n {6}u_2 = sin\(u_1\)/.test(text);
    return [ok, `${r.rows} definitions, ${tex.slice(0, 60)}…; text ${JSON.stringify(text.slice(text.indexOf('where'), text.indexOf('where') + 40))}`];
  });

  await check('named subexpressions: the graph of the derivative is drawn (not "too large")', async () => {
    await h.plotReady(nest100);
    const d = await page.locator('#plot-card').evaluate((el) => ({ ...el.dataset }));
    const message = await page.locator('#plot-message').isHidden();
    const points = await page.evaluate(() => window.__leibniz.plot.plot.curves.map((c) => c.lines.reduce((n, l) => n + l.length / 2, 0)));
    return [d.curves === '2' && message && points[1] > 100, `curves ${d.curves}, samples ${points.join(', ')}, message hidden ${message}`];
  });

  await check('named subexpressions: the value at a point is finite and equals the expanded form\'s value', async () => {
    const [f, d] = await pointValues(0.5);
    const full = await expandedAt(0.5);
    const close = Math.abs(d - full.value) <= 1e-12 * Math.max(1, Math.abs(d));
    return [Number.isFinite(f) && Number.isFinite(d) && close && !full.where && !/u_\d/.test(full.text),
      `f′(0.5) = ${d} named, ${full.value} expanded (${full.text.length} chars)`];
  });

  await check('named subexpressions: "check my answer" compares with the named result', async () => {
    const full = await expandedAt(0.5);
    await page.locator('#answer').fill(full.text); // the expanded form is the same derivative
    await h.verdict('equivalent');
    const same = await page.locator('#check-verdict').textContent();
    await page.locator('#answer').fill('cos(x)');
    await h.verdict('different');
    const other = await page.locator('#check-verdict').textContent();
    await page.locator('#answer').fill('');
    return [true, `${same} / ${other}`];
  });

  await check('named subexpressions: the toggle shows the expanded form, the link keeps it, and back', async () => {
    await page.locator('#expand-toggle').click();
    await formIs('expanded');
    const shown = await page.evaluate(() => ({
      pressed: document.querySelector('#expand-toggle').getAttribute('aria-pressed'),
      where: document.querySelector('#where').hidden,
      note: document.querySelector('#form-note').textContent,
      text: document.querySelector('#result-text').textContent,
      focus: document.activeElement.id,
    }));
    await page.locator('#share').click(); // the shared link carries the view
    await page.waitForFunction(() => document.querySelector('#share').classList.contains('done'), null, { timeout: 3000 });
    const url = await page.evaluate(() => navigator.clipboard.readText());
    const values = await pointValues(0.5); // still from the named form, the same numbers
    const full = await expandedAt(0.5);
    const tab = await context.newPage();
    await watch(tab, 'shared-expanded');
    await tab.goto(url);
    const t = helpers(tab);
    await t.settled(nest100, 20000);
    const restored = await tab.evaluate(() => [document.querySelector('#result').dataset.form,
      document.querySelector('#expand-toggle').getAttribute('aria-pressed')]);
    await tab.close();
    await page.locator('#expand-toggle').click();
    await formIs('named');
    const back = [page.url().includes('full=1'), await page.locator('#expand-toggle').getAttribute('aria-pressed')];
    const ok = shown.pressed === 'true' && shown.where && /characters/.test(shown.note) && !/u_\d/.test(shown.text) &&
      shown.text.startsWith(full.text.slice(0, 200)) && shown.focus === 'expand-toggle' && /[#&]full=1(&|$)/.test(url) &&
      Math.abs(values[1] - full.value) < 1e-12 && restored.join() === 'expanded,true' && back.join() === 'false,false';
    return [ok, `note "${shown.note}", link …${url.slice(-30)} → ${restored.join()}; back: full=1 in URL ${back[0]}, pressed ${back[1]}`];
  });

  await h.shot('named');
  await check('axe: no accessibility violations (named subexpressions, and the expanded form)', async () => {
    const v = await h.axe();
    await page.locator('#expand-toggle').click();
    await formIs('expanded');
    const w = await h.axe();
    await page.locator('#expand-toggle').click();
    await formIs('named');
    return [v.length === 0 && w.length === 0, [...v, ...w].join('; ') || 'clean'];
  });

  await check('named subexpressions: Korean label (단,) and note', async () => {
    await page.locator('#lang').click();
    const ko = await page.evaluate(() => ({
      label: document.querySelector('#where .where-label').textContent,
      toggle: document.querySelector('#expand-toggle').textContent,
      note: document.querySelector('#form-note').textContent,
      katex: document.querySelectorAll('#where-math .katex').length,
    }));
    const v = await h.axe();
    await page.locator('#lang').click();
    const en = await page.locator('#where .where-label').textContent();
    const ok = ko.label === '단,' && ko.toggle === '모두 펼친 식' && /이름/.test(ko.note) && ko.katex === 1 && en === 'where' &&
      v.length === 0;
    return [ok, `${JSON.stringify(ko)}; back: ${en}; axe ${v.join('; ') || 'clean'}`];
  });

  await check('named subexpressions: an expanded form over the size limit keeps the named one, with the reason', async () => {
    const big = `${'sin('.repeat(500)}x${')'.repeat(500)}`;
    await expr.fill(big);
    await settled(big, 20000);
    await page.locator('#order').fill('2');
    await settled(big, 20000);
    await page.locator('#expand-toggle').click();
    await page.waitForFunction(() => !document.querySelector('#expand-error').hidden ||
      ['error', 'timeout', 'failed'].includes(document.querySelector('main').dataset.state), null, { timeout: 20000 });
    const r = await page.evaluate(() => ({
      state: document.querySelector('main').dataset.state,
      form: document.querySelector('#result').dataset.form,
      message: document.querySelector('#expand-error').textContent,
      errorShown: !document.querySelector('#error').hidden,
      pressed: document.querySelector('#expand-toggle').getAttribute('aria-pressed'),
    }));
    await page.locator('#expand-toggle').click();
    await page.waitForFunction(() => document.querySelector('#expand-error').hidden, null, { timeout: 20000 });
    await setOrder(1);
    const ok = r.state === 'ok' && r.form === 'named' && r.pressed === 'true' && !r.errorShown &&
      /^The fully expanded form cannot be shown: The printed result is longer than the limit of \d+ characters\.$/.test(r.message);
    return [ok, JSON.stringify(r)];
  });

  await check('a calculation over 3 s is stopped and the Worker restarted', async () => {
    const slow = 'sin(x)^cos(x)^tan(x)';
    await typeInto(slow);
    const t0 = Date.now();
    await setOrder(15, ['timeout']); // order 14 runs into the engine's own 10 s limit under node
    const after = Date.now() - t0;
    const message = await page.locator('#error-message').textContent();
    await setOrder(1);
    await typeInto('x^2');
    const recovered = await state() === 'ok' && fromText(await resultText()) === '2x';
    return [/3 seconds/.test(message) && recovered, `stopped after ${after} ms; next input ${recovered ? 'works' : 'fails'}`];
  });

  await check('the issue\'s pathological inputs finish or stop with a limit message, and the page stays usable', async () => {
    const cases = [
      // [label, input, order, what must happen]
      ['x^x^x^x^x^x to order 10', 'x^x^x^x^x^x', 10, 'any'],
      ['a number of a million digits', `x + 1${'0'.repeat(1000000)}`, 1, 'error'],
      ['a sum of 100,000 terms', Array.from({ length: 100000 }, (_, i) => `x^${i + 1}`).join('+'), 1, 'any'],
      ['20,000 letters', 'x'.repeat(20000), 1, 'ok'],
      ['ln(0) + x (undefined everywhere)', 'ln(0) + x', 1, 'ok'],
    ];
    const seen = [];
    let good = true;
    for (const [label, input, order, want] of cases) {
      const t0 = Date.now();
      await expr.fill(input);
      if (order !== 1) await setOrder(order, ['ok', 'error', 'timeout']);
      await settled(input, 30000).catch(() => {});
      const st = await state();
      const message = st === 'ok' ? '' : (await page.locator('#error-message').textContent()) || '';
      const notes = await page.locator('#notes li').allTextContents();
      const ms = Date.now() - t0;
      if (order !== 1) await setOrder(1);
      const clear = st === 'ok' || /limit|too long|3 seconds|longer than/.test(message);
      const fine = clear && (want === 'any' || st === want || (want === 'error' && st !== 'ok'))
        && (label.startsWith('ln(0)') ? notes.some((n) => /undefined for every value of x/.test(n)) : true);
      good = good && fine;
      seen.push(`${label}: ${st}${message ? ` (${message.slice(0, 80)})` : ''} in ${ms} ms${fine ? '' : ' <- WRONG'}`);
    }
    await typeInto('x^3');
    const recovered = await state() === 'ok' && fromText(await resultText()) === '3x^2';
    return [good && recovered, `${seen.join('; ')}; afterwards ${recovered ? 'works' : 'fails'}`];
  });

  await check('a crashed Worker is replaced and the page says so', async () => {
    await page.waitForFunction(() => !window.__leibniz.engine.inflight && window.__leibniz.engine.queue.length === 0,
      null, { timeout: 5000 });
    await page.evaluate(() => window.__leibniz.engine.worker.dispatchEvent(new ErrorEvent('error', { message: 'test crash' })));
    await page.waitForFunction(() => document.querySelector('main').dataset.state === 'failed', null, { timeout: 3000 });
    const message = await page.locator('#error-message').textContent();
    await typeInto('x^5');
    const recovered = await state() === 'ok' && fromText(await resultText()) === '5x^4';
    return [/stopped unexpectedly/.test(message) && recovered, `${JSON.stringify(message)}; afterwards ${recovered ? 'works' : 'fails'}`];
  });

  // ------------------------------------------------------------ examples, variables

  await check('every example computes and renders with KaTeX', async () => {
    const examples = await page.locator('#examples button[data-expr]').evaluateAll((bs) => bs.map((b) => b.dataset.expr));
    const bad = [];
    for (const text of examples) {
      await example(text);
      const ok = await state() === 'ok' && await page.locator('#result-math .katex').count() > 0 &&
        await page.locator('#result-math .math-fallback').count() === 0 && await expr.inputValue() === text;
      if (!ok) bad.push(`${text}: ${await state()} ${await page.locator('#error-message').textContent()}`);
    }
    await example('y = (3x^2 + 8)^3');
    const chain = fromText(await resultText()) === '18x(3x^2+8)^2' &&
      fromLatex(await annotation()).startsWith('\\fracdydx=');
    return [bad.length === 0 && examples.length >= 20 && chain,
      bad.join('; ') || `${examples.length} examples; seed chain rule gives dy/dx = ${await resultText()}`];
  });

  await check('notes are shown under the result (|x|)', async () => {
    await example('|x|');
    const notes = await page.locator('#notes li').allTextContents();
    return [notes.length > 0, JSON.stringify(notes)];
  });

  await check('several variables: the selector lists them and switching works', async () => {
    await typeInto('x y^2');
    const options = await page.locator('#var option').allTextContents();
    await page.locator('#var').selectOption('y');
    await page.waitForFunction(() => /2\*?x\*?y/.test(document.querySelector('#result-text').textContent),
      null, { timeout: 5000 });
    return [options.join(',') === 'x,y', `options ${options.join(',')}, d/dy: ${await resultText()}`];
  });

  await check('ambiguous variables: the page asks, and the choice is used', async () => {
    await typeInto('a b^2');
    const asked = [await state(), await page.locator('#var').isDisabled(), await page.locator('#var').inputValue()];
    const asks = asked.join() === 'error,false,';
    const message = await page.locator('#error-message').textContent();
    await page.locator('#var').selectOption('b');
    await settled('a b^2', 10000, ['ok']); // the question itself was already a settled state
    return [asks && fromText(await resultText()) === '2ab', `${asked.join()}: ${JSON.stringify(message)} → ${await resultText()}`];
  });

  await check('mixed partial ∂²f/∂y∂x, then a third variable', async () => {
    await typeInto('x^2 y^3');
    await page.locator('label[for=mode-mixed]').click();
    await page.waitForFunction(() => /6\*x\*y\^2/.test(document.querySelector('#result-text').textContent), null, { timeout: 5000 });
    const tex = fromLatex(await annotation());
    const selects = await page.locator('#mixed-list select').evaluateAll((s) => s.map((e) => e.value));
    await page.locator('#mixed-add').click();
    await page.waitForFunction(() => document.querySelectorAll('#mixed-list select').length === 3, null, { timeout: 5000 });
    await page.waitForFunction(() => /^6\*y\^2$/.test(document.querySelector('#result-text').textContent), null, { timeout: 5000 });
    await h.shot('mixed');
    const ok = tex.startsWith('\\frac\\partial^2f\\partialy\\partialx=6xy^2') && selects.join(',') === 'x,y';
    return [ok, `${tex}; order ${selects.join(',')}; then x,y,x: ${await resultText()}`];
  });

  await check('gradient of x^2 y + y^3', async () => {
    await example('x^2 y + y^3');
    const text = fromText(await resultText());
    const rows = await page.locator('#result-math .katex-html .mtable .col-align-r > .vlist-t > .vlist-r > .vlist > span').count();
    const tex = fromLatex(await annotation());
    const mode = await page.locator('#mode-gradient').isChecked();
    return [text === '(2xy,x^2+3y^2)' && mode && tex.includes('\\partialx') && tex.includes('\\partialy'),
      `${text}, ${rows} rows, ${tex}`];
  });

  await h.shot('gradient');
  await check('axe: no accessibility violations (gradient)', async () => {
    const v = await h.axe();
    return [v.length === 0, v.join('; ')];
  });

  await check('value at a point: f and the derivative (numbers and pi/2)', async () => {
    await example('y = (3x^2 + 8)^3');
    const field = page.locator('#point-fields input[data-name="x"]');
    await field.fill('1');
    await page.waitForFunction(() => document.querySelector('#point-values').dataset.values === '[1331,2178]', null, { timeout: 5000 });
    await typeInto('sin x');
    await field.fill('pi/2');
    await page.waitForFunction(() => {
      const v = document.querySelector('#point-values').dataset.values;
      return v && Math.abs(JSON.parse(v)[0] - 1) < 1e-12 && Math.abs(JSON.parse(v)[1]) < 1e-12;
    }, null, { timeout: 5000 });
    const shown = await page.locator('#point-values annotation').textContent();
    await field.fill('t + 1');
    await page.waitForFunction(() => !document.querySelector('#point-error').hidden, null, { timeout: 5000 });
    const error = await page.locator('#point-error').textContent();
    await field.fill('');
    return [true, `${fromLatex(shown)}; "t + 1": ${error}`];
  });

  // ------------------------------------------------------------ graph

  await check('graph: f and f′ drawn, pixels in both colours', async () => {
    await example('x^2 sin x');
    await h.plotReady('x^2*sin(x)');
    const d = await page.locator('#plot-card').evaluate((el) => ({ ...el.dataset }));
    await page.waitForTimeout(50);
    const colours = await page.evaluate(() => {
      const c = document.querySelector('#plot-canvas');
      const ctx = c.getContext('2d');
      const px = ctx.getImageData(0, 0, c.width, c.height).data;
      const style = getComputedStyle(c);
      const hex = (v) => { const m = /#(..)(..)(..)/.exec(style.getPropertyValue(v).trim()); return m ? m.slice(1).map((x) => parseInt(x, 16)) : null; };
      const count = (rgb) => { let n = 0; for (let i = 0; i < px.length; i += 4) if (Math.abs(px[i] - rgb[0]) + Math.abs(px[i + 1] - rgb[1]) + Math.abs(px[i + 2] - rgb[2]) < 30) n += 1; return n; };
      return [count(hex('--plot-f')), count(hex('--plot-df'))];
    });
    return [d.curves === '2' && colours[0] > 200 && colours[1] > 200, `curves ${d.curves}; pixels f ${colours[0]}, f′ ${colours[1]}`];
  });

  await check('graph: no line across the poles of tan x and 1/x', async () => {
    const crossings = async (poles) => page.evaluate((ps) => {
      const bad = [];
      window.__leibniz.plot.plot.curves.forEach((curve, k) => {
        for (const line of curve.lines) {
          for (let i = 2; i < line.length; i += 2) {
            for (const p of ps) if ((line[i - 2] - p) * (line[i] - p) < 0) bad.push(`curve ${k} crosses ${p.toFixed(3)}`);
          }
        }
      });
      return bad;
    }, poles);
    await example('tan x');
    await h.plotReady('tan(x)');
    const tanPoles = [-3, -2, -1, 0, 1, 2, 3].map((k) => Math.PI / 2 + k * Math.PI);
    const a = await crossings(tanPoles);
    const pieces = await page.evaluate(() => window.__leibniz.plot.plot.curves[0].lines.length);
    await typeInto('1/x');
    await h.plotReady('1/x');
    const b = await crossings([0]);
    await h.shot('graph-tan');
    return [a.length === 0 && b.length === 0 && pieces >= 6, [...a, ...b].slice(0, 4).join('; ') || `tan x in ${pieces} pieces`];
  });

  await check('graph: click draws the tangent; drag pans, wheel zooms, arrow keys move', async () => {
    await example('x^2 sin x');
    await h.plotReady('x^2*sin(x)');
    const canvas = page.locator('#plot-canvas');
    await canvas.scrollIntoViewIfNeeded();
    const box = await canvas.boundingBox();
    const view = () => page.evaluate(() => ({ ...window.__leibniz.plot.plot.view }));
    const v0 = await view();
    // Click at x = 2 (the view is -5..5 before any pan).
    await page.mouse.click(box.x + box.width * 0.7, box.y + box.height / 2);
    await page.waitForFunction(() => document.querySelector('#tangent-math').textContent.length > 0, null, { timeout: 5000 });
    const at = await page.locator('#point-fields input').inputValue();
    const legend = await page.locator('#legend li').count();
    const tangent = await page.locator('#tangent-math annotation').textContent();
    await page.mouse.move(box.x + 300, box.y + 100);
    await page.mouse.down();
    await page.mouse.move(box.x + 200, box.y + 150, { steps: 5 });
    await page.mouse.up();
    const v1 = await view();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -300);
    const v2 = await view();
    await canvas.focus();
    await page.keyboard.press('ArrowRight');
    const v3 = await view();
    await page.keyboard.press('0');
    const panned = v1.x0 > v0.x0 && v1.y0 > v0.y0;
    const zoomed = v2.x1 - v2.x0 < v1.x1 - v1.x0;
    const keyed = v3.x0 > v2.x0;
    return [Math.abs(Number(at) - 2) < 0.05 && legend === 3 && panned && zoomed && keyed,
      `x = ${at}, ${tangent}; panned ${panned}, zoomed ${zoomed}, keys ${keyed}`];
  });

  await h.shot('tangent');

  // ------------------------------------------------------------ check my answer

  await check('check my answer: equivalent form accepted', async () => {
    await example('y = (3x^2 + 8)^3');
    await page.locator('#answer').fill("dy/dx = 6x·3(3x^2+8)^2");
    await h.verdict('equivalent');
    return [true, await page.locator('#check-verdict').textContent()];
  });

  await check("check my answer: the seed's wrong 36x^3 + 96x gets a counterexample", async () => {
    await page.locator('#answer').fill('36x^3 + 96x');
    await h.verdict('different');
    const text = await page.locator('#check-verdict').textContent();
    return [/x = 1\b/.test(text) && text.includes('132') && text.includes('2178'), text];
  });

  await check('check my answer: a typo is underlined in the answer', async () => {
    await page.locator('#answer').fill('18x(3x^2 + 8');
    await h.verdict('error');
    const bad = await page.locator('#answer-echo .bad').textContent();
    return [bad === '(', `${await page.locator('#check-verdict').textContent()} — underlined ${JSON.stringify(bad)}`];
  });

  // ------------------------------------------------------------ copy, share, history

  await check('copy LaTeX and copy text put the result on the clipboard', async () => {
    await page.locator('#answer').fill('');
    await example('e^(2x) cos x');
    await page.locator('#copy-latex').click();
    await page.waitForFunction(() => document.querySelector('#copy-latex').classList.contains('done'), null, { timeout: 3000 });
    const latex = await page.evaluate(() => navigator.clipboard.readText());
    await page.locator('#copy-text').click();
    await page.waitForFunction(() => document.querySelector('#copy-text').classList.contains('done'), null, { timeout: 3000 });
    const text = await page.evaluate(() => navigator.clipboard.readText());
    const tex = await annotation();
    return [tex.endsWith(latex) && text === await resultText(), `${JSON.stringify(latex)} / ${JSON.stringify(text)}`];
  });

  await check('a shared link restores the whole state in a fresh tab', async () => {
    await example('x^2 y^3');
    await page.locator('label[for=mode-mixed]').click();
    await page.waitForFunction(() => /6\*x\*y\^2/.test(document.querySelector('#result-text').textContent), null, { timeout: 5000 });
    await page.locator('#point-fields input[data-name="x"]').fill('2');
    await page.locator('#point-fields input[data-name="y"]').fill('1/2');
    await page.locator('#answer').fill('6x y^2');
    await h.verdict('equivalent');
    await page.locator('#share').click();
    await page.waitForFunction(() => document.querySelector('#share').classList.contains('done'), null, { timeout: 3000 });
    const link = await page.evaluate(() => navigator.clipboard.readText());
    const tab = await context.newPage();
    await watch(tab, 'shared');
    await tab.goto(link);
    const t = helpers(tab);
    await t.settled('x^2 y^3');
    await t.verdict('equivalent');
    await tab.waitForFunction(() => document.querySelector('#point-values').dataset.values, null, { timeout: 5000 });
    const restored = await tab.evaluate(() => ({
      mixed: document.querySelector('#mode-mixed').checked,
      order: [...document.querySelectorAll('#mixed-list select')].map((s) => s.value).join(','),
      x: document.querySelector('#point-fields input[data-name="x"]').value,
      answer: document.querySelector('#answer').value,
      values: document.querySelector('#point-values').dataset.values,
    }));
    await tab.close();
    const ok = link.includes('#f=') && restored.mixed && restored.order === 'x,y' && restored.x === '2' &&
      restored.answer === '6x y^2' && restored.values === '[0.5,3]';
    return [ok, `${link.slice(link.indexOf('#'))} → ${JSON.stringify(restored)}`];
  });

  await check('the back button returns to the previous expression', async () => {
    await example('x^5');
    await example('tan x');
    await page.goBack();
    await settled('x^5');
    const back = fromText(await resultText());
    await page.goForward();
    await settled('tan x');
    return [back === '5x^4' && await expr.inputValue() === 'tan x', `back: ${back}`];
  });

  // ------------------------------------------------------------ keyboard

  await check('keyboard: every control is reachable with Tab, examples work with Enter', async () => {
    await example('x^2 sin x');
    await page.locator('#plot-card').waitFor();
    await page.evaluate(() => document.activeElement && document.activeElement.blur());
    const seen = [];
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      seen.push(await page.evaluate(() => {
        const el = document.activeElement;
        return el.id || (el.dataset && el.dataset.expr) || (el.dataset && el.dataset.name && `at.${el.dataset.name}`) || el.tagName;
      }));
    }
    const needed = ['lang', 'theme', 'expr', 'order', 'at.x', 'copy-latex', 'copy-text', 'share', 'zoom-in', 'zoom-out',
      'zoom-reset', 'plot-canvas', 'answer', 'x^5', 'y = (3x^2 + 8)^3'];
    const missing = needed.filter((id) => !seen.includes(id));
    await page.locator('#examples button[data-expr="x^5"]').focus();
    await page.keyboard.press('Enter');
    await settled('x^5');
    return [missing.length === 0, missing.length ? `not reached: ${missing.join(', ')}` : `${new Set(seen).size} stops`];
  });

  // ------------------------------------------------------------ language

  await check('language: switch to Korean, remembered after reload, switch back', async () => {
    await page.locator('#lang').click();
    await typeInto('sinn(x)');
    const ko = await page.evaluate(() => ({
      lang: document.documentElement.lang,
      label: document.querySelector('label[for=expr]').textContent,
      error: document.querySelector('#error-message').textContent,
    }));
    await page.reload();
    await settled(await expr.inputValue(), 15000);
    const remembered = await page.evaluate(() => document.documentElement.lang);
    await example('y = (3x^2 + 8)^3');
    await h.shot('korean');
    const v = await h.axe();
    await page.locator('#lang').click();
    const en = await page.evaluate(() => document.documentElement.lang);
    const ok = ko.lang === 'ko' && ko.label === '함수' && /함수는 없습니다/.test(ko.error) && remembered === 'ko' &&
      en === 'en' && v.length === 0;
    return [ok, `${JSON.stringify(ko)}; after reload ${remembered}; axe ${v.join('; ') || 'clean'}`];
  });

  await check('language: Korean browsers get the Korean page', async () => {
    const ctx = await browser.newContext({ locale: 'ko-KR', viewport: { width: 1000, height: 800 } });
    const p = await ctx.newPage();
    await watch(p, 'ko-KR');
    await p.goto(url);
    await helpers(p).settled('x^2 sin x', 15000);
    const lang = await p.evaluate(() => document.documentElement.lang);
    const title = await p.title();
    await ctx.close();
    return [lang === 'ko' && title.includes('미분'), `${lang}: ${title}`];
  });

  // ------------------------------------------------------------ steps

  const stepsCard = page.locator('#steps-card');
  const rootStep = stepsCard.locator('.steps-tree > .step').first();
  const stepCalls = () => page.evaluate(() => window.__leibniz.engine.stepCalls);
  const seed = 'y = (3x^2 + 8)^3';
  // The annotations (LaTeX sources) typeset in the first step's formula and sentence.
  const rootTex = async () => (await rootStep.locator(':scope > .step-body annotation').allTextContents()).map(squash).join(' ');

  await check('steps: closed by default, and typing asks the engine for no steps while closed', async () => {
    await example(seed);
    const closed = await page.locator('#steps-toggle').getAttribute('aria-expanded') === 'false' &&
      await page.locator('#steps-body').isHidden() && await stepsCard.isVisible();
    await page.evaluate(() => {
      const e = window.__leibniz.engine;
      const call = e.call.bind(e);
      e.stepCalls = 0;
      e.call = (fn, ...rest) => {
        if (fn === 'steps') e.stepCalls += 1;
        return call(fn, ...rest);
      };
    });
    await typeInto('x^3 + 2x');
    const calls = await stepCalls();
    return [closed && calls === 0, `closed ${closed}; steps requests while typing: ${calls}`];
  });

  await check('steps: the seed example explains the chain rule with the 3u^{2} factor (English)', async () => {
    await example(seed);
    const t0 = Date.now();
    await page.locator('#steps-toggle').click();
    await h.stepsReady(seed);
    const ms = Date.now() - t0;
    await stepsCard.scrollIntoViewIfNeeded();
    await rootStep.locator(':scope > .step-body .step-text .katex').first().waitFor({ timeout: 5000 });
    const title = await rootStep.locator('.rule').first().textContent();
    const tex = await rootTex();
    const titles = await stepsCard.locator('.step-head .rule, .step-head .rule-name').allTextContents();
    const ok = title === 'Chain rule' && tex.includes('3u^{2}') && titles.includes('Sum rule') &&
      titles.includes('Power rule') && titles[titles.length - 1] === 'Simplify' && await stepCalls() === 1;
    return [ok, `${ms} ms; ${titles.join(', ')}; 3u^{2} ${tex.includes('3u^{2}')}`];
  });

  await stepsCard.screenshot({ path: join(shots, 'steps-en.png') });
  await check('axe: no accessibility violations (steps open, light)', async () => {
    const v = await h.axe();
    return [v.length === 0, v.join('; ')];
  });

  await check('steps: typing with the section open shows the steps of the last input only', async () => {
    await typeInto('sin(x^2)');
    await h.stepsReady('sin(x^2)');
    await page.waitForTimeout(300); // a stale answer would arrive now
    const d = await stepsCard.evaluate((el) => ({ ...el.dataset }));
    const title = await rootStep.locator('.rule').first().textContent();
    return [d.for === 'sin(x^2)' && d.state === 'ready' && title === 'Chain rule',
      `${JSON.stringify(d)}, ${title}; ${await stepCalls()} steps requests for 8 keystrokes`];
  });

  await check('steps: Korean titles and sentences; switching the language re-renders them', async () => {
    await example(seed);
    await h.stepsReady(seed);
    await page.locator('#lang').click();
    await h.stepsReady(seed, 'ko');
    await rootStep.locator(':scope > .step-body .step-text .katex').first().waitFor({ timeout: 5000 });
    const ko = {
      heading: await page.locator('#steps-toggle').textContent(),
      title: await rootStep.locator('.rule').first().textContent(),
      text: await rootStep.locator(':scope > .step-body .step-text').textContent(),
      tex: await rootTex(),
    };
    await stepsCard.screenshot({ path: join(shots, 'steps-ko.png') });
    const v = await h.axe();
    await page.locator('#lang').click();
    await h.stepsReady(seed, 'en');
    const en = await rootStep.locator('.rule').first().textContent();
    const ok = ko.heading === '풀이 과정' && ko.title === '연쇄 법칙' && ko.text.includes('로 두면') &&
      ko.tex.includes('3u^{2}') && en === 'Chain rule' && v.length === 0;
    return [ok, `${ko.heading}: ${ko.title} / ${ko.text.includes('로 두면') ? '…로 두면…' : ko.text.slice(0, 80)}; back: ${en}; axe ${v.join('; ') || 'clean'}`];
  });

  await check('steps: a level collapses and expands (mouse and keyboard)', async () => {
    const twisty = rootStep.locator('.twisty').first();
    const sum = stepsCard.locator('.rule', { hasText: 'Sum rule' });
    await twisty.click();
    const collapsed = [await twisty.getAttribute('aria-expanded'), await sum.isVisible()];
    await twisty.focus();
    await page.keyboard.press('Enter');
    const expanded = [await twisty.getAttribute('aria-expanded'), await sum.isVisible()];
    return [collapsed.join() === 'false,false' && expanded.join() === 'true,true',
      `collapsed ${collapsed.join()}, expanded ${expanded.join()}`];
  });

  await check('steps: the rule name shows the rule in general form on focus and hover', async () => {
    const rule = rootStep.locator('.rule').first();
    const tip = rootStep.locator('.tip').first();
    const hiddenBefore = await tip.isHidden();
    await rule.focus();
    const described = await rule.getAttribute('aria-describedby') === await tip.getAttribute('id');
    const shown = await tip.isVisible() && await tip.getAttribute('role') === 'tooltip';
    const formula = squash(await tip.locator('annotation').textContent());
    await page.keyboard.press('Escape');
    const dismissed = await tip.isHidden();
    await rule.blur();
    const other = stepsCard.locator('.rule-wrap', { hasText: 'Power rule' });
    await other.locator('.rule').hover();
    const hovered = await other.locator('.tip').isVisible();
    await page.mouse.move(0, 0);
    const ok = hiddenBefore && described && shown && formula === '\\frac{dy}{dx}=\\frac{dy}{du}\\cdot\\frac{du}{dx}' &&
      dismissed && hovered;
    return [ok, `${formula}; hidden before ${hiddenBefore}, on focus ${shown}, Escape hides ${dismissed}, hover ${hovered}`];
  });

  await check('steps: a repeated sub-step appears as a reference that leads to it', async () => {
    const input = 'sin(x)^2 + sin(x)^2 cos(x)';
    await typeInto(input);
    await h.stepsReady(input);
    const ref = stepsCard.locator('.ref').first();
    const label = await ref.textContent();
    const target = await ref.getAttribute('data-target');
    const chains = await stepsCard.locator('.rule', { hasText: 'Chain rule' }).count();
    await ref.click();
    const focused = await page.evaluate(() => document.activeElement.id);
    const targetTitle = await page.locator(`#${target} .rule`).textContent();
    return [label === 'see step 2' && focused === target && targetTitle === 'Chain rule' && chains === 1,
      `"${label}" → #${focused} (${targetTitle}); chain rule shown in full ${chains}×`];
  });

  await check('steps: one group per derivative (order 3) and per variable (gradient)', async () => {
    await typeInto('sin x');
    await setOrder(3);
    await h.stepsReady('sin x');
    const orders = await stepsCard.locator('.steps-label').allTextContents();
    await setOrder(1);
    await example('x^2 y + y^3');
    await h.stepsReady('x^2 y + y^3');
    const vars = await stepsCard.locator('.steps-label').count();
    const partial = (await stepsCard.locator('.step-math annotation').first().textContent()).includes('\\partial');
    return [orders.join() === '1st derivative,2nd derivative,3rd derivative' && vars === 2 && partial,
      `${orders.join(', ')}; gradient: ${vars} groups, ∂ ${partial}`];
  });

  await check('steps: a 300-deep sin(sin(...)) shows its top levels and a collapsed step that loads the rest', async () => {
    const deep = `${'sin('.repeat(300)}x${')'.repeat(300)}`;
    const t0 = Date.now();
    await expr.fill(deep);
    await settled(deep, 20000);
    await h.stepsReady(deep, 'en', 20000);
    const ms = Date.now() - t0;
    const omitted = await stepsCard.locator('.steps-omitted').textContent();
    const before = await stepsCard.locator('.step').count();
    const placeholder = stepsCard.locator('.step-collapsed');
    const placeholders = await placeholder.count();
    const label = await placeholder.locator('.expand').textContent();
    const rule = await placeholder.locator('.rule').textContent();
    // It sits 200 levels down, under collapsed levels: press its button without opening
    // (and typesetting) the levels above it.
    const t1 = Date.now();
    await placeholder.locator('.expand').evaluate((b) => b.click());
    await page.waitForFunction(() => !document.querySelector('#steps-card .step-collapsed'), null, { timeout: 20000 });
    const expandMs = Date.now() - t1;
    const after = await stepsCard.locator('.step').count();
    const omittedAfter = await stepsCard.locator('.steps-omitted').isHidden();
    const ok = /^100 more steps not shown\.$/.test(omitted) && before > 200 && placeholders === 1 &&
      label === 'Expand (100 steps)' && rule === 'Chain rule' && after === before - 1 + 100 && omittedAfter;
    return [ok, `${ms} ms until shown; ${before} steps, "${omitted}", ${placeholders} placeholder "${label}" (${rule}); ` +
      `expanded in ${expandMs} ms: ${after} steps, message hidden ${omittedAfter}`];
  });

  await check('steps: a wide input: "Expand" on a collapsed step inserts it and its sub-steps', async () => {
    const wide = Array.from({ length: 120 }, (_, k) => `sin(cos(x^${k + 2}))`).join(' + ');
    await expr.fill(wide);
    await settled(wide, 20000);
    await h.stepsReady(wide, 'en', 20000);
    const omitted = await stepsCard.locator('.steps-omitted').textContent();
    const first = stepsCard.locator('.step-collapsed', { has: page.locator('.rule', { hasText: 'Chain rule' }) }).first();
    const label = await first.locator('.expand').textContent();
    const head = await first.locator('.step-head').getAttribute('id');
    const number = await first.locator('.step-no').textContent();
    await first.locator('.expand').click();
    const step = stepsCard.locator(`#${head}`).locator('xpath=..');
    await step.locator(':scope > .substeps').waitFor({ state: 'attached', timeout: 10000 });
    const collapsed = await step.evaluate((li) => li.classList.contains('step-collapsed'));
    const subRules = await step.locator(':scope > .substeps > .step .rule').allTextContents();
    await step.locator(':scope > .step-body .katex').first().waitFor({ timeout: 5000 });
    const tex = squash(await step.locator(':scope > .step-body annotation').first().textContent());
    const focused = await page.evaluate(() => document.activeElement.id);
    const numberAfter = await step.locator(':scope > .step-head .step-no').textContent();
    const omittedAfter = await stepsCard.locator('.steps-omitted').textContent();
    const n = (text) => Number(text.replace(/\D/g, ''));
    const ok = label === 'Expand (2 steps)' && !collapsed && subRules.join() === 'Power rule' && tex.includes('\\cdot') &&
      focused === head && numberAfter === number && n(omittedAfter) === n(omitted) - 2;
    return [ok, `"${label}" → step ${numberAfter} (was ${number}), sub-steps ${subRules.join()}, ${tex.slice(0, 60)}…; ` +
      `focus #${focused}; "${omitted}" → "${omittedAfter}"`];
  });

  await check('steps: kept, dimmed, under an error; then replaced', async () => {
    await example(seed);
    await h.stepsReady(seed);
    await enter('sinn(x)'); // straight from the seed to the error: no empty input in between
    const kept = await stepsCard.isVisible() && await stepsCard.evaluate((el) => el.classList.contains('stale')) &&
      await rootStep.locator('.rule').first().textContent() === 'Chain rule';
    const colors = await stepsCard.evaluate((el) => {
      const math = el.querySelector('.step-math');
      const c = getComputedStyle(math).color;
      el.classList.remove('stale');
      const fresh = getComputedStyle(math).color;
      el.classList.add('stale');
      return [c, fresh];
    });
    await h.shot('steps-error');
    await typeInto('x^5');
    await h.stepsReady('x^5');
    const fresh = !(await stepsCard.evaluate((el) => el.classList.contains('stale'))) &&
      await rootStep.locator('.rule').first().textContent() === 'Power rule';
    return [kept && colors[0] !== colors[1] && fresh, `kept ${kept}, colour ${colors[0]} (fresh ${colors[1]}); next result ${fresh}`];
  });

  await check('steps: the open section is remembered after a reload', async () => {
    await page.reload();
    const input = await expr.inputValue();
    await settled(input, 15000);
    await h.stepsReady(input);
    return [await page.locator('#steps-toggle').getAttribute('aria-expanded') === 'true', input];
  });

  // ------------------------------------------------------------ theme, phone

  await check('dark theme follows the system; the toggle overrides it', async () => {
    const ctx = await browser.newContext({ colorScheme: 'dark', viewport: { width: 1000, height: 800 }, locale: 'en-US' });
    const p = await ctx.newPage();
    await watch(p, 'dark');
    const d = helpers(p);
    await p.goto(`${url}#f=y+%3D+(3x%5E2+%2B+8)%5E3&at.x=1`);
    await d.settled('y = (3x^2 + 8)^3', 15000);
    await d.plotReady('(3*x^2 + 8)^3');
    const bg = () => p.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const dark = await bg();
    await d.shot('dark');
    await p.locator('#steps-toggle').click();
    await d.stepsReady('y = (3x^2 + 8)^3');
    await p.locator('#steps-card').scrollIntoViewIfNeeded();
    await p.locator('#steps-card .step-text .katex').first().waitFor({ timeout: 5000 });
    await p.locator('#steps-card').screenshot({ path: join(shots, 'steps-dark.png') });
    const v = await d.axe(); // with the steps open
    await p.locator('#theme').click(); // auto -> light
    const light = await bg();
    await ctx.close();
    const lum = (s) => s.match(/\d+/g).slice(0, 3).reduce((a, b) => a + Number(b), 0);
    return [lum(dark) < 120 && lum(light) > 600 && v.length === 0, `dark ${dark}, toggled ${light}; axe (steps open) ${v.join('; ') || 'clean'}`];
  });

  await check('phone (390 px): no horizontal scrolling, a tap shows a rule, axe clean', async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true,
      hasTouch: true, locale: 'en-US' });
    const p = await ctx.newPage();
    await watch(p, 'phone');
    const ph = helpers(p);
    await p.goto(`${url}#f=x%5Ex&n=3&at.x=1&ans=x%5Ex`);
    await ph.settled('x^x', 15000);
    await ph.plotReady('x^x');
    const widths = await p.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    await ph.shot('phone-390');
    await p.locator('#steps-toggle').tap();
    await ph.stepsReady('x^x');
    const rule = p.locator('#steps-card .rule').first();
    await rule.scrollIntoViewIfNeeded();
    await rule.tap();
    const tapped = await p.locator('#steps-card .tip').first().isVisible();
    const stepWidths = await p.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    await p.screenshot({ path: join(shots, 'phone-390-steps.png') }); // the viewport, with the tooltip
    const v = await ph.axe();
    await p.locator('#expr').fill('sinn(x) + 1');
    await ph.settled('sinn(x) + 1');
    await ph.shot('phone-390-error');
    await ctx.close();
    return [widths[0] <= widths[1] && stepWidths[0] <= stepWidths[1] && tapped && v.length === 0,
      `scrollWidth ${widths[0]} / ${widths[1]}, with steps and a tooltip ${stepWidths[0]}; tap shows the rule ${tapped}; axe ${v.join('; ') || 'clean'}`];
  });

  await check('no Content-Security-Policy violations (all pages, axe included)', () =>
    [cspViolations.length === 0, cspViolations.slice(0, 5).join(' | ')]);
  await check('no console errors or page errors', () => [consoleErrors.length === 0, consoleErrors.slice(0, 5).join(' | ')]);
} catch (err) {
  report(false, 'test harness', String(err && err.stack ? err.stack : err));
} finally {
  if (browser) await browser.close().catch(() => {});
  if (server) await new Promise((done) => server.close(done));
}

console.log(`(took ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in build/screenshots/)`);
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
