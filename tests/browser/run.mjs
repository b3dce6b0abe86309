#!/usr/bin/env node
// End-to-end test of the page in build/site with Debian's Chromium (headless) through
// playwright-core. Run from the repository root after the wasm build and
// `node web/build-site.mjs`:   node tests/browser/run.mjs [--screenshot FILE]
// Prints one line per check and ends with `browser: N passed, M failed`.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const site = join(root, 'build/site');
const screenshotArg = process.argv.indexOf('--screenshot');
const screenshot = screenshotArg > 0 ? process.argv[screenshotArg + 1] : null;
const started = Date.now();

let passed = 0;
let failed = 0;
function report(ok, name, detail = '') {
  if (ok) passed += 1;
  else failed += 1;
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
}

// Runs one check; an exception (e.g. a wait that timed out) is a failure, not a crash.
async function check(name, fn) {
  try {
    const result = await fn();
    const [ok, detail] = Array.isArray(result) ? result : [result !== false, ''];
    report(ok, name, detail);
  } catch (err) {
    report(false, name, String(err && err.message ? err.message : err).split('\n')[0]);
  }
}

const squash = (s) => (s || '').replace(/\s+/g, '');
// KaTeX's annotation holds the LaTeX source: drop braces so `x^{2}` reads `x^2`.
const fromLatex = (s) => squash(s).replace(/[{}]/g, '');
const fromText = (s) => squash(s).replace(/\*/g, '');

if (!existsSync(join(site, 'index.html')) || !existsSync(join(site, 'leibniz.wasm'))) {
  console.log(`FAIL build/site is incomplete — run the wasm build and \`node web/build-site.mjs\` first`);
  console.log('browser: 0 passed, 1 failed');
  process.exit(1);
}

let server;
let browser;
try {
  server = await startServer(site, 0, '127.0.0.1');
  const url = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  const page = await context.newPage();

  const consoleErrors = [];
  const cspMessages = [];
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) cspMessages.push(msg.text());
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => consoleErrors.push(`pageerror: ${err.message}`));
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} ` +
        `${e.sourceFile || ''}:${e.lineNumber || ''}`);
    });
  });

  const expr = page.locator('#expr');
  // Waits until the page shows the outcome (ok, error, timeout) for exactly `input` and the
  // order in the order field.
  const settled = (input, timeout = 10000, states = ['ok', 'error', 'timeout', 'failed']) =>
    page.waitForFunction(([text, wanted]) => {
      const m = document.querySelector('main').dataset;
      return wanted.includes(m.state) && m.for === text &&
        m.order === String(Number(document.querySelector('#order').value));
    }, [input, states], { timeout });
  const setOrder = async (n, states) => {
    await page.locator('#order').fill(String(n));
    await settled(await expr.inputValue(), 10000, states);
  };
  const state = () => page.evaluate(() => document.querySelector('main').dataset.state);
  const annotation = () => page.locator('#result-math annotation').first().textContent();
  const resultText = () => page.locator('#result-text').textContent();
  async function typeInto(input) {
    await expr.fill('');
    await expr.pressSequentially(input); // one input event per key: exercises debounce + stale ids
    await settled(input);
  }

  await check('page loads and the engine answers the preset input', async () => {
    await page.goto(url);
    await settled(await expr.inputValue(), 15000);
    return [await state() === 'ok', `state ${await state()}`];
  });

  await check('(3x^2+8)^3: KaTeX shows 18x(3x^2+8)^2', async () => {
    await typeInto('(3x^2+8)^3');
    const katexText = await page.locator('#result-math .katex').first().textContent();
    const tex = fromLatex(await annotation());
    const text = fromText(await resultText());
    const ok = katexText.includes('18') && tex.endsWith('=18x(3x^2+8)^2') && text === '18x(3x^2+8)^2';
    return [ok, `annotation ${JSON.stringify(tex)}, text ${JSON.stringify(text)}`];
  });

  await check('sinn(x): error mentions sin and underlines 4 characters', async () => {
    await typeInto('sinn(x)');
    const message = await page.locator('#error-message').textContent();
    const bad = page.locator('#error-echo .bad');
    const underlined = await bad.count() === 1 && await bad.textContent() === 'sinn';
    const deco = underlined ? await bad.evaluate((el) => getComputedStyle(el).textDecorationLine) : '';
    const ok = await page.locator('#error').isVisible() && /\bsin\b/.test(message) &&
      underlined && deco.includes('underline');
    return [ok, `${JSON.stringify(message)}, underlined ${JSON.stringify(underlined ? 'sinn' : '')}`];
  });

  await check('the last good result stays visible, dimmed', async () => {
    const result = page.locator('#result');
    await page.waitForFunction(() => Number(getComputedStyle(document.querySelector('#result')).opacity) < 0.8,
      null, { timeout: 2000 }).catch(() => {}); // the dimming is a short transition
    const opacity = Number(await result.evaluate((el) => getComputedStyle(el).opacity));
    const stillThere = fromText(await resultText()) === '18x(3x^2+8)^2';
    return [await result.isVisible() && opacity < 0.8 && stillThere, `opacity ${opacity}`];
  });

  await check('order 2 updates the result', async () => {
    await typeInto('(3x^2+8)^3');
    await setOrder(2);
    const text = await resultText();
    const second = fromLatex(await annotation()).startsWith('\\fracd^2fdx^2=');
    // Compare values, not strings: f''(x) = 18(3x^2+8)^2 + 216x^2(3x^2+8).
    const js = text.replace(/\^/g, '**');
    const value = /^[-+*/().\sx\d]+$/.test(js) ? Function('x', `return ${js};`)(0.5) : NaN;
    const expected = 18 * (3 * 0.25 + 8) ** 2 + 216 * 0.25 * (3 * 0.25 + 8);
    await setOrder(1);
    return [second && Math.abs(value - expected) < 1e-9, `${JSON.stringify(text)} at x=0.5: ${value}`];
  });

  await check('1000-deep sin(sin(...sin(x)...)) differentiates in the Worker', async () => {
    await setOrder(1);
    const deep = `${'sin('.repeat(1000)}x${')'.repeat(1000)}`;
    const t0 = Date.now();
    await expr.fill(deep);
    await settled(deep, 20000);
    const ms = Date.now() - t0;
    if (await state() !== 'ok') {
      return [false, `error: ${await page.locator('#error-message').textContent()}`];
    }
    const engineMs = await page.locator('#result').getAttribute('data-ms');
    const len = (await resultText()).length;
    return [true, `engine ${engineMs} ms, ${ms} ms until shown (text preview ${len} chars)`];
  });

  await check('a calculation over 3 s is stopped and the Worker restarted', async () => {
    const slow = 'sin(x)^cos(x)^tan(x)';
    await setOrder(1);
    await typeInto(slow);
    const t0 = Date.now();
    await setOrder(12, ['timeout']); // order 11 takes about 8 s under node
    const after = Date.now() - t0;
    const message = await page.locator('#error-message').textContent();
    await setOrder(1);
    await typeInto('x^2');
    const recovered = await state() === 'ok' && fromText(await resultText()) === '2x';
    return [/3 seconds/.test(message) && recovered, `stopped after ${after} ms; next input ${recovered ? 'works' : 'fails'}`];
  });

  await check('clicking an example computes it', async () => {
    await setOrder(1);
    await page.getByRole('button', { name: 'e^(2x) cos x' }).click();
    await settled('e^(2x) cos x');
    const tex = fromLatex(await annotation());
    return [await expr.inputValue() === 'e^(2x) cos x' && tex.includes('\\cosx') && tex.includes('\\sinx'),
      JSON.stringify(tex)];
  });

  await check('notes are shown under the result (|x|)', async () => {
    await page.getByRole('button', { name: '|x|' }).click();
    await settled('|x|');
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

  if (screenshot) {
    await page.getByRole('button', { name: 'y = (3x^2 + 8)^3' }).click();
    await settled('y = (3x^2 + 8)^3');
    await page.screenshot({ path: screenshot, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: screenshot.replace(/(\.png)?$/, '-390.png'), fullPage: true });
    await typeInto('sinn(x)');
    await page.screenshot({ path: screenshot.replace(/(\.png)?$/, '-390-error.png'), fullPage: true });
  }

  const violations = await page.evaluate(() => window.__csp);
  await check('no Content-Security-Policy violations', () =>
    [violations.length === 0 && cspMessages.length === 0, [...violations, ...cspMessages].join(' | ')]);
  await check('no console errors or page errors', () =>
    [consoleErrors.length === 0, consoleErrors.join(' | ')]);
} catch (err) {
  report(false, 'test harness', String(err && err.stack ? err.stack : err));
} finally {
  if (browser) await browser.close().catch(() => {});
  if (server) await new Promise((done) => server.close(done));
}

console.log(`(took ${((Date.now() - started) / 1000).toFixed(1)} s)`);
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
