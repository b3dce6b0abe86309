#!/usr/bin/env node
// Browser tests of embedding and offline use, with Debian's Chromium through playwright-core:
// the demo blog post (custom element + static formulas), the iframe embed, the Embed
// button, the installable app offline (service worker), and the single-file HTML opened
// from file:// with the network blocked. Run from the repository root after the wasm build
// and `node web/build-site.mjs`:   node tests/browser/embed.mjs
// Prints one line per check and ends with `embed: N passed, M failed` (exit status 1 on
// any failure).
import { cpSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const site = join(root, 'build/site');
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let passed = 0;
let failed = 0;
function report(ok, name, detail = '') {
  if (ok) passed += 1;
  else failed += 1;
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
}
async function check(name, fn) {
  try {
    const result = await fn();
    const [ok, detail] = Array.isArray(result) ? result : [result !== false, ''];
    report(ok, name, detail);
  } catch (err) {
    report(false, name, String(err && err.message ? err.message : err).split('\n')[0]);
  }
}

const squash = (s) => (s || '').replace(/\s+/g, '').replace(/[{}]/g, '');

for (const f of ['index.html', 'leibniz.wasm', 'embed/leibniz.js', 'demo/index.html', 'embed.html', 'sw.js',
  'leibniz-offline.html']) {
  if (!existsSync(join(site, f))) {
    console.log(`FAIL build/site/${f} is missing — run the wasm build and \`node web/build-site.mjs\` first`);
    console.log('embed: 0 passed, 1 failed');
    process.exit(1);
  }
}

const launchArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

// Records CSP violations (event and console) and page errors of a page.
async function watch(page, label, sink) {
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) sink.csp.push(`${label}: ${msg.text()}`);
    else if (msg.type() === 'error' && !/^Failed to load resource/.test(msg.text())) sink.errors.push(`${label}: ${msg.text()}`);
  });
  // (A failed load is recorded with its address here rather than by the console message.)
  page.on('response', (r) => { if (r.status() >= 400) sink.errors.push(`${label}: ${r.status()} ${r.url()}`); });
  page.on('requestfailed', (r) => {
    const why = r.failure()?.errorText || '';
    if (why !== 'net::ERR_ABORTED') sink.errors.push(`${label}: failed ${r.url()} ${why}`); // (aborted: by a navigation)
  });
  page.on('pageerror', (err) => sink.errors.push(`${label}: pageerror: ${err.message}`));
  await page.exposeFunction('__reportCsp', (text) => sink.csp.push(`${label}: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__reportCsp(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} ${e.sourceFile || ''}:${e.lineNumber || ''}`);
    });
  });
}

// State of the <leibniz-derivative id=ID> element: its data-state, data-for and the LaTeX
// source of its result.
const elementInfo = (page, id) => page.evaluate((i) => {
  const el = document.getElementById(i);
  const ann = el.shadowRoot.querySelector('.result annotation');
  return { state: el.dataset.state, for: el.dataset.for, latex: ann ? ann.textContent : '',
    error: el.shadowRoot.querySelector('.error-message').textContent };
}, id);

// Waits until element `id` shows the outcome for `input` (any input when null).
const elementSettled = (page, id, input = null, timeout = 10000) => page.waitForFunction(([i, text]) => {
  const el = document.getElementById(i);
  return el && ['ok', 'error', 'failed', 'timeout'].includes(el.dataset.state) && (text === null || el.dataset.for === text);
}, [id, input], { timeout });

let server;
let browser;
try {
  server = await startServer(site, 0, '127.0.0.1');
  const origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: launchArgs });

  // ------------------------------------------------------------------ the demo post
  {
    const sink = { csp: [], errors: [] };
    const context = await browser.newContext({ viewport: { width: 1000, height: 800 }, locale: 'ko-KR', serviceWorkers: 'block' });
    const page = await context.newPage();
    await watch(page, 'demo', sink);
    let workersAtLoad = -1;
    await page.goto(`${origin}/demo/`);

    await check('demo: the first element renders its derivative (x^5 → 5x^4)', async () => {
      await elementSettled(page, 'power');
      const info = await elementInfo(page, 'power');
      return [info.state === 'ok' && squash(info.latex).endsWith('=5x^4'), JSON.stringify(info)];
    });

    await check('demo: elements below the fold wait until they scroll into view', async () => {
      workersAtLoad = page.workers().length;
      const before = await page.evaluate(() => document.getElementById('gradient').dataset.state);
      await page.locator('#gradient').scrollIntoViewIfNeeded();
      await elementSettled(page, 'gradient');
      const info = await elementInfo(page, 'gradient');
      const rows = squash(info.latex);
      return [before === 'waiting' && info.state === 'ok' && rows.includes('2x_1+3x_2') && rows.includes('3x_1'),
        `before scrolling: ${before}; after: ${info.state} ${info.latex}`];
    });

    await check('demo: the chain-rule example gives 18x(3x^2+8)^2, with Korean steps (연쇄 법칙)', async () => {
      await page.locator('#chain').scrollIntoViewIfNeeded();
      await elementSettled(page, 'chain');
      const info = await elementInfo(page, 'chain');
      const steps = await page.evaluate(() => {
        const root = document.getElementById('chain').shadowRoot;
        return { summary: root.querySelector('summary').textContent, rules: [...root.querySelectorAll('.rule-name')].map((e) => e.textContent),
          katex: root.querySelectorAll('.steps .katex').length };
      });
      const ok = info.state === 'ok' && squash(info.latex).includes('18x(3x^2+8)^2') && steps.summary === '풀이 과정' &&
        steps.rules[0] === '연쇄 법칙' && steps.katex > 3;
      return [ok, `${info.latex} | ${steps.summary} | ${steps.rules.join(', ')} | ${steps.katex} formulas`];
    });

    await check('demo: every element renders (product, quotient, editable)', async () => {
      const out = [];
      for (const [id, want] of [['product', '=7x^6'], ['quotient', '=1'], ['try', '=x^2\\cosx+2x\\sinx']]) {
        await page.locator(`#${id}`).scrollIntoViewIfNeeded();
        await elementSettled(page, id);
        const info = await elementInfo(page, id);
        out.push([id, info.state === 'ok' && squash(info.latex).replace(/\\left|\\right/g, '').endsWith(squash(want)), info.latex]);
      }
      return [out.every((o) => o[1]), out.map((o) => `${o[0]}: ${o[2]}`).join(' | ')];
    });

    await check('demo: the static formulas in the post are typeset, an escaped \\$ stays text', async () => {
      const r = await page.evaluate(() => {
        const article = document.querySelector('article');
        const text = [...article.querySelectorAll('p, h2')].map((p) => p.cloneNode(true))
          .map((p) => { p.querySelectorAll('.katex, leibniz-derivative').forEach((k) => k.remove()); return p.textContent; }).join(' ');
        return { rendered: Number(article.dataset.leibnizMathRendered), katex: article.querySelectorAll('.leibniz-math .katex').length,
          leftover: (text.match(/\$|\\\(|\\\[/g) || []).length, dollar: text.includes('$5') && !text.includes('\\$') };
      });
      return [r.rendered >= 12 && r.katex === r.rendered && r.leftover === 1 && r.dollar, JSON.stringify(r)];
    });

    await check('demo: the editable element updates as you type (x^3 → 3x^2) and with the order (→ 6x)', async () => {
      await page.locator('#try').scrollIntoViewIfNeeded();
      const input = page.locator('#try input[name=expr]');
      await input.fill('');
      await input.pressSequentially('x^3');
      await elementSettled(page, 'try', 'x^3');
      const first = await elementInfo(page, 'try');
      await page.locator('#try input[name=order]').fill('2');
      await page.waitForFunction(() => {
        const ann = document.getElementById('try').shadowRoot.querySelector('.result annotation');
        return ann && ann.textContent.includes('d^{2}');
      }, null, { timeout: 5000 });
      const second = await elementInfo(page, 'try');
      return [squash(first.latex).endsWith('=3x^2') && squash(second.latex).endsWith('=6x'), `${first.latex} | ${second.latex}`];
    });

    await check('demo: the editable element offers the variables when there are several and asks when it must', async () => {
      await page.locator('#try input[name=order]').fill('1');
      const input = page.locator('#try input[name=expr]');
      const select = page.locator('#try select[name=wrt]');
      await input.fill('x^2 y^3'); // x is the default variable
      await elementSettled(page, 'try', 'x^2 y^3');
      const byX = await elementInfo(page, 'try');
      const xChosen = await select.inputValue();
      await input.fill('u^2 v^3'); // no default: the engine asks
      await elementSettled(page, 'try', 'u^2 v^3');
      const asked = await elementInfo(page, 'try');
      const options = await select.locator('option').allTextContents();
      await select.selectOption('v');
      await page.waitForFunction(() => {
        const ann = document.getElementById('try').shadowRoot.querySelector('.result annotation');
        return ann && ann.textContent.includes('\\partial v');
      }, null, { timeout: 5000 });
      const chosen = await elementInfo(page, 'try');
      const ok = squash(byX.latex).endsWith('=2xy^3') && xChosen === 'x' && asked.state === 'error' &&
        /변수가 여러 개/.test(asked.error) && options.join(',') === '선택…,u,v' && squash(chosen.latex).endsWith('=3u^2v^2');
      return [ok, `${byX.latex} (${xChosen}) | ${asked.error} | ${options.join(',')} | ${chosen.latex}`];
    });

    await check('demo: the editable element shows an input error with its place underlined', async () => {
      const input = page.locator('#try input[name=expr]');
      await input.fill('sinn(x)');
      await elementSettled(page, 'try', 'sinn(x)');
      const r = await page.evaluate(() => {
        const root = document.getElementById('try').shadowRoot;
        return { state: document.getElementById('try').dataset.state, message: root.querySelector('.error-message').textContent,
          bad: root.querySelector('.error-echo .bad')?.textContent, invalid: root.querySelector('input[name=expr]').getAttribute('aria-invalid') };
      });
      return [r.state === 'error' && r.bad === 'sinn' && /sin/.test(r.message) && r.invalid === 'true', JSON.stringify(r)];
    });

    await check('demo: changing attributes re-renders (expr, order, lang, steps)', async () => {
      await page.locator('#power').scrollIntoViewIfNeeded();
      await page.evaluate(() => document.getElementById('power').setAttribute('expr', 'x^4'));
      await elementSettled(page, 'power', 'x^4');
      const a = await elementInfo(page, 'power');
      await page.evaluate(() => {
        const el = document.getElementById('power');
        el.setAttribute('order', '2');
        el.setAttribute('lang', 'en');
        el.setAttribute('steps', '');
      });
      await page.waitForFunction(() => {
        const el = document.getElementById('power');
        return el.dataset.lang === 'en' && el.dataset.steps === 'ready';
      }, null, { timeout: 5000 });
      const b = await elementInfo(page, 'power');
      const summary = await page.evaluate(() => document.getElementById('power').shadowRoot.querySelector('summary').textContent);
      const rule = await page.evaluate(() => document.getElementById('power').shadowRoot.querySelector('.rule-name').textContent);
      return [squash(a.latex).endsWith('=4x^3') && squash(b.latex).endsWith('=12x^2') && summary === 'Steps' && rule === 'Power rule',
        `${a.latex} | ${b.latex} | ${summary} | ${rule}`];
    });

    await check('demo: all elements share one engine Worker', async () => {
      const n = page.workers().length;
      const count = await page.evaluate(() => document.querySelectorAll('leibniz-derivative').length);
      return [n === 1 && count >= 5 && workersAtLoad === 1, `${count} elements, ${n} Worker(s) (${workersAtLoad} at load)`];
    });

    await check('demo: the blog\'s CSS does not reach into the element', async () => {
      const r = await page.evaluate(() => {
        const root = document.getElementById('try').shadowRoot;
        const input = getComputedStyle(root.querySelector('input[name=expr]'));
        const box = getComputedStyle(root.querySelector('.box'));
        const span = getComputedStyle(document.getElementById('product').shadowRoot.querySelector('.katex span'));
        const katexInPost = getComputedStyle(document.querySelector('article .leibniz-math .katex'));
        return { inputBorder: input.borderTopStyle, boxFont: box.fontFamily, spanSpacing: span.letterSpacing,
          postKatexSize: katexInPost.fontSize, postSpacing: getComputedStyle(document.querySelector('article .leibniz-math .katex span')).letterSpacing };
      });
      // The same rules do apply to the post's own formulas (so the test would notice if they stopped matching).
      const ok = r.inputBorder === 'solid' && !/Serif/.test(r.boxFont) && r.spanSpacing === 'normal' && r.postSpacing !== 'normal';
      return [ok, JSON.stringify(r)];
    });

    await check('demo: no CSP violations, no errors', async () => [sink.csp.length === 0 && sink.errors.length === 0,
      [...sink.csp, ...sink.errors].slice(0, 3).join(' | ')]);
    // (After the CSP check: axe itself sets inline styles while it measures contrast.)
    await check('demo: no accessibility violations in the post and its elements (axe, through shadow roots)', async () => {
      await page.route('**/__test__/axe.min.js', (route) => route.fulfill({ path: axePath, contentType: 'text/javascript' }));
      await page.addScriptTag({ url: '/__test__/axe.min.js' });
      const violations = await page.evaluate(async () => {
        const r = await window.axe.run(document, { resultTypes: ['violations'] });
        return r.violations.map((v) => `${v.id} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
      });
      return [violations.length === 0, violations.join('; ') || 'clean'];
    });
    await page.screenshot({ path: join(root, 'build/screenshots/embed-demo.png'), fullPage: true }).catch(() => {});
    await context.close();
  }

  // ------------------------------------------------------------------ a hostile host page
  {
    const sink = { csp: [], errors: [] };
    const context = await browser.newContext({ viewport: { width: 900, height: 700 }, serviceWorkers: 'block' });
    const page = await context.newPage();
    await watch(page, 'hostile', sink);
    const hostileCss = '* { color: rgb(255, 0, 0) !important; font-size: 31px !important; font-family: monospace !important; }\n' +
      '.katex, .katex * { display: none !important; }\n';
    const hostileHtml = `<!doctype html><html lang="en"><head><meta charset="utf-8">
      <meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; font-src 'self'; worker-src 'self'">
      <link rel="stylesheet" href="/__test__/hostile.css"><script type="module" src="/embed/leibniz.js"></script></head>
      <body><p class="error" id="their-error">their error</p><div class="box" id="their-box">their box</div>
      <leibniz-derivative id="a" expr="sin(x)^2"></leibniz-derivative></body></html>`;
    await page.route('**/__test__/hostile.css', (route) => route.fulfill({ body: hostileCss, contentType: 'text/css' }));
    await page.route('**/__test__/hostile.html', (route) => route.fulfill({ body: hostileHtml, contentType: 'text/html' }));
    await page.goto(`${origin}/__test__/hostile.html`);
    await check('host page CSS neither breaks the element nor is changed by it', async () => {
      await elementSettled(page, 'a');
      const r = await page.evaluate(() => {
        const root = document.getElementById('a').shadowRoot;
        const katex = root.querySelector('.result .katex');
        const cs = getComputedStyle(katex);
        const box = getComputedStyle(root.querySelector('.box'));
        const theirs = getComputedStyle(document.getElementById('their-box'));
        return { display: cs.display, color: cs.color, boxSize: box.fontSize, boxFont: box.fontFamily,
          theirBorder: theirs.borderTopStyle, theirPadding: theirs.paddingTop, theirColor: getComputedStyle(document.getElementById('their-error')).fontWeight,
          width: katex.getBoundingClientRect().width };
      });
      const ok = r.display !== 'none' && r.color !== 'rgb(255, 0, 0)' && r.boxSize === '16px' && !/monospace/.test(r.boxFont) &&
        r.theirBorder === 'none' && r.theirPadding === '0px' && r.theirColor === '400' && r.width > 20;
      return [ok, JSON.stringify(r)];
    });
    await check('hostile page: no CSP violations, no errors', async () => [sink.csp.length === 0 && sink.errors.length === 0,
      [...sink.csp, ...sink.errors].slice(0, 3).join(' | ')]);
    await context.close();
  }

  // ------------------------------------------------------------------ named subexpressions
  {
    const sink = { csp: [], errors: [] };
    const context = await browser.newContext({ viewport: { width: 900, height: 700 }, serviceWorkers: 'block' });
    const page = await context.newPage();
    await watch(page, 'named', sink);
    const nest = `${'sin('.repeat(100)}x${')'.repeat(100)}`;
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">
      <meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; font-src 'self'; worker-src 'self'">
      <script type="module" src="/embed/leibniz.js"></script></head>
      <body><leibniz-derivative id="deep" expr="${nest}"></leibniz-derivative>
      <leibniz-derivative id="deep-ko" expr="${nest}" lang="ko"></leibniz-derivative>
      <leibniz-derivative id="plain" expr="x^2 sin x"></leibniz-derivative>
      <leibniz-derivative id="deep-full" expr="${nest}" expanded></leibniz-derivative></body></html>`;
    await page.route('**/__test__/named.html', (route) => route.fulfill({ body: html, contentType: 'text/html' }));
    await page.goto(`${origin}/__test__/named.html`);
    await check('a deep nest shows its named subexpressions ("where u_1 = sin x, ...") under the result', async () => {
      const where = (id) => page.evaluate((i) => {
        const el = document.getElementById(i);
        const root = el.shadowRoot;
        return { state: el.dataset.state, count: el.dataset.where, hidden: root.querySelector('.where').hidden,
          label: root.querySelector('.where-label').textContent, katex: root.querySelectorAll('.where-math .katex').length,
          errors: root.querySelectorAll('.katex-error').length, tex: root.querySelector('.where-math annotation')?.textContent || '',
          result: root.querySelector('.result annotation')?.textContent || '' };
      }, id);
      for (const id of ['deep', 'deep-ko', 'plain']) await elementSettled(page, id, null, 20000);
      const [en, ko, plain] = [await where('deep'), await where('deep-ko'), await where('plain')];
      const ok = en.state === 'ok' && Number(en.count) > 10 && !en.hidden && en.label === 'where' && en.katex === 1 &&
        en.errors === 0 && squash(en.tex).includes('u_1&=\\sinx') && /u_\{?\d/.test(en.result) &&
        ko.label === '단,' && ko.katex === 1 && plain.state === 'ok' && plain.count === '0' && plain.hidden;
      return [ok, `en: ${en.count} definitions, ${squash(en.tex).slice(0, 50)}…; ko: "${ko.label}"; plain: where ${plain.count}, hidden ${plain.hidden}`];
    });
    // The full form (25,449 characters of text) is longer than the element typesets, so it
    // shows as the start of its text.
    await check('expanded: the same nest in full, without names, and no KaTeX error', async () => {
      await elementSettled(page, 'deep-full', null, 20000);
      const r = await page.evaluate(() => {
        const el = document.getElementById('deep-full');
        const root = el.shadowRoot;
        return { state: el.dataset.state, form: el.dataset.form, count: el.dataset.where, hidden: root.querySelector('.where').hidden,
          katex: root.querySelectorAll('.result .katex').length, errors: root.querySelectorAll('.katex-error').length,
          result: root.querySelector('.result annotation')?.textContent || root.querySelector('.result')?.textContent || '',
          named: document.getElementById('deep').dataset.form };
      });
      const ok = r.state === 'ok' && r.form === 'expanded' && r.count === '0' && r.hidden && r.errors === 0 &&
        !/u_/.test(r.result) && r.result.length > 1000 && r.named === 'named';
      return [ok, `form ${r.form} (without the attribute: ${r.named}), where ${r.count}, ${r.result.length} chars, katex ${r.katex}`];
    });
    await check('named-subexpressions page: no CSP violations, no errors', async () => [sink.csp.length === 0 && sink.errors.length === 0,
      [...sink.csp, ...sink.errors].slice(0, 3).join(' | ')]);
    await context.close();
  }

  // ------------------------------------------------------------------ from another origin
  {
    // The site on a second origin (localhost instead of 127.0.0.1) that sends CORS headers,
    // as a static host must for module scripts and fonts used by another origin.
    const types = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm',
      '.woff2': 'font/woff2', '.html': 'text/html' };
    let hostPage = '';
    const cors = createServer((req, res) => {
      const path = normalize(join(site, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
      if (req.url === '/__test__/cross.html') {
        res.writeHead(200, { 'Content-Type': 'text/html' });
        res.end(hostPage);
        return;
      }
      if (!path.startsWith(site) || !existsSync(path) || !statSync(path).isFile()) {
        res.writeHead(404);
        res.end();
        return;
      }
      res.writeHead(200, { 'Content-Type': types[extname(path)] || 'application/octet-stream', 'Access-Control-Allow-Origin': '*' });
      res.end(readFileSync(path));
    });
    await new Promise((ok) => cors.listen(0, '127.0.0.1', ok));
    // The host page on http://127.0.0.1:PORT, the site on http://localhost:PORT: two origins.
    const other = `http://localhost:${cors.address().port}`;
    const sink = { csp: [], errors: [] };
    const context = await browser.newContext({ viewport: { width: 900, height: 700 }, serviceWorkers: 'block' });
    const page = await context.newPage();
    await watch(page, 'cross-origin', sink);
    hostPage = `<!doctype html><html lang="ko"><head><meta charset="utf-8">
      <meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' ${other} 'wasm-unsafe-eval'; style-src 'self' ${other}; font-src ${other}; worker-src blob: ${other}; connect-src ${other}">
      <script type="module" src="${other}/embed/leibniz.js"></script></head>
      <body><leibniz-derivative id="x" expr="x^3/x^2" steps></leibniz-derivative></body></html>`;
    await page.goto(`http://127.0.0.1:${cors.address().port}/__test__/cross.html`);
    await check('element served from another origin: renders, with its Worker started from a blob: URL', async () => {
      await elementSettled(page, 'x');
      await page.waitForFunction(() => document.getElementById('x').dataset.steps === 'ready', null, { timeout: 8000 });
      const info = await elementInfo(page, 'x');
      const worker = page.workers().map((w) => w.url());
      const fonts = await page.evaluate(async () => {
        await document.fonts.ready;
        return [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family);
      });
      return [info.state === 'ok' && squash(info.latex).endsWith('=1') && worker.length === 1 && worker[0].startsWith('blob:') &&
        fonts.some((f) => /KaTeX_Main/.test(f)), `${info.latex}; workers ${worker.join(', ')}; fonts ${fonts.join(', ')}`];
    });
    await check('cross-origin page: no CSP violations, no errors', async () => [sink.csp.length === 0 && sink.errors.length === 0,
      [...sink.csp, ...sink.errors].slice(0, 3).join(' | ')]);
    await context.close();
    cors.close();
  }

  // ------------------------------------------------------------------ lazy start
  {
    const sink = { csp: [], errors: [] };
    const context = await browser.newContext({ viewport: { width: 900, height: 700 }, serviceWorkers: 'block' });
    const page = await context.newPage();
    await watch(page, 'lazy', sink);
    const css = '.spacer { height: 3000px; }\n';
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">
      <meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; font-src 'self'; worker-src 'self'">
      <link rel="stylesheet" href="/__test__/lazy.css"><script type="module" src="/embed/leibniz.js"></script></head>
      <body><div class="spacer"></div><leibniz-derivative id="a" expr="e^(2x)"></leibniz-derivative>
      <leibniz-derivative id="b" expr="ln x"></leibniz-derivative></body></html>`;
    await page.route('**/__test__/lazy.css', (route) => route.fulfill({ body: css, contentType: 'text/css' }));
    await page.route('**/__test__/lazy.html', (route) => route.fulfill({ body: html, contentType: 'text/html' }));
    await page.goto(`${origin}/__test__/lazy.html`);
    await check('no engine Worker (and no wasm download) until an element becomes visible', async () => {
      await page.waitForFunction(() => customElements.get('leibniz-derivative') && document.getElementById('a').dataset.state === 'waiting');
      await page.waitForTimeout(800);
      const before = page.workers().length;
      const wasmBefore = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => /leibniz\.wasm|worker\.js/.test(e.name)).length);
      await page.locator('#b').scrollIntoViewIfNeeded();
      await elementSettled(page, 'a');
      await elementSettled(page, 'b');
      const a = await elementInfo(page, 'a');
      const b = await elementInfo(page, 'b');
      return [before === 0 && wasmBefore === 0 && page.workers().length === 1 && squash(a.latex).endsWith('=2e^2x') &&
        squash(b.latex).endsWith('\\frac1x'), `before: ${before} Workers, ${wasmBefore} engine files; after: ${page.workers().length}; ${a.latex} | ${b.latex}`];
    });
    await check('lazy page: no CSP violations, no errors', async () => [sink.csp.length === 0 && sink.errors.length === 0,
      [...sink.csp, ...sink.errors].slice(0, 3).join(' | ')]);
    await context.close();
  }

  // ------------------------------------------------------------------ the JS API in a browser
  {
    const sink = { csp: [], errors: [] };
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    await watch(page, 'api', sink);
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">
      <meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'">
      <script type="module" src="/__test__/api-user.js"></script></head><body></body></html>`;
    const js = `import { differentiate, load } from '/api/leibniz.js';
      window.__results = [await differentiate('y = (3x^2 + 8)^3', { at: { x: 1 } }),
        await differentiate('x^2 y', { gradient: ['x', 'y'] }), (await load()).differentiate('sinn(x)')];`;
    await page.route('**/__test__/api.html', (route) => route.fulfill({ body: html, contentType: 'text/html' }));
    await page.route('**/__test__/api-user.js', (route) => route.fulfill({ body: js, contentType: 'text/javascript' }));
    await page.goto(`${origin}/__test__/api.html`);
    await check('JS API in the browser (ES module import, strict CSP): the CLI\'s JSON objects', async () => {
      await page.waitForFunction(() => window.__results, null, { timeout: 10000 });
      const [a, b, c] = await page.evaluate(() => window.__results);
      const ok = a.ok && a.lhs === 'y' && a.result.text === '18*x*(3*x^2 + 8)^2' && a.values[0] === 2178 &&
        b.gradient.map((g) => g.text).join(';') === '2*x*y;x^2' && !c.ok && c.error.kind === 'input' && c.error.length === 4;
      return [ok && sink.csp.length === 0 && sink.errors.length === 0,
        `${JSON.stringify(a.result)} ${JSON.stringify(b.gradient)} ${JSON.stringify(c.error)} ${[...sink.csp, ...sink.errors].join(' | ')}`];
    });
    await context.close();
  }

  // ------------------------------------------------------------------ the iframe embed
  {
    const sink = { csp: [], errors: [] };
    const context = await browser.newContext({ viewport: { width: 900, height: 900 }, serviceWorkers: 'block' });
    const page = await context.newPage();
    await watch(page, 'iframe host', sink);
    const hash = '#f=y+%3D+(3x%5E2+%2B+8)%5E3&steps=1&lang=ko';
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">
      <meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; frame-src 'self'">
      <script type="module" src="/__test__/host.js"></script><script type="module" src="/embed/resize.js"></script></head>
      <body><p>Host text.</p><iframe id="frame" src="/embed.html${hash}" title="derivative" width="100%" height="100"></iframe></body></html>`;
    // Records the messages the host receives (a test double of a host page's own script).
    const hostJs = `window.__heights = []; window.addEventListener('message', (e) => {
      if (e.data && e.data.type === 'leibniz-embed-height') window.__heights.push(e.data.height); });`;
    await page.route('**/__test__/host.html', (route) => route.fulfill({ body: html, contentType: 'text/html' }));
    await page.route('**/__test__/host.js', (route) => route.fulfill({ body: hostJs, contentType: 'text/javascript' }));
    await page.goto(`${origin}/__test__/host.html`);
    await check('iframe embed: renders the state in its URL (with steps, in Korean)', async () => {
      const frame = page.frame({ url: /embed\.html/ });
      await elementSettled(frame, 'embedded');
      await frame.waitForFunction(() => document.getElementById('embedded').dataset.steps === 'ready', null, { timeout: 8000 });
      const info = await elementInfo(frame, 'embedded');
      const summary = await frame.evaluate(() => document.getElementById('embedded').shadowRoot.querySelector('summary').textContent);
      return [info.state === 'ok' && squash(info.latex).includes('18x(3x^2+8)^2') && summary === '풀이 과정', `${info.latex} | ${summary}`];
    });
    await check('iframe embed: reports its height to the host, which sizes the iframe', async () => {
      // Settled: the last height reported equals the content's height and the iframe's inner height.
      const r = await page.waitForFunction(() => {
        const h = window.__heights;
        const frame = document.getElementById('frame');
        const content = Math.ceil(frame.contentDocument.documentElement.getBoundingClientRect().height);
        const last = h[h.length - 1];
        return h.length && last > 150 && last === content && frame.clientHeight === last &&
          { heights: h, content, inner: frame.clientHeight };
      }, null, { timeout: 8000 }).then((handle) => handle.jsonValue());
      return [true, `reported ${r.heights.join(', ')}; content ${r.content}; iframe inner height ${r.inner}`];
    });
    await check('iframe embed: a new fragment re-renders', async () => {
      const frame = page.frame({ url: /embed\.html/ });
      await frame.evaluate(() => { location.hash = '#f=x%5E2+y&m=gradient'; });
      await elementSettled(frame, 'embedded', 'x^2 y');
      const info = await elementInfo(frame, 'embedded');
      return [info.state === 'ok' && squash(info.latex).includes('2xy') && squash(info.latex).includes('x^2'), info.latex];
    });
    await check('iframe host and embed: no CSP violations, no errors', async () => [sink.csp.length === 0 && sink.errors.length === 0,
      [...sink.csp, ...sink.errors].slice(0, 3).join(' | ')]);
    await context.close();
  }

  // ------------------------------------------------------------------ the Embed button
  {
    const sink = { csp: [], errors: [] };
    const context = await browser.newContext({ viewport: { width: 1000, height: 900 }, locale: 'en-US', serviceWorkers: 'block' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    const page = await context.newPage();
    await watch(page, 'embed button', sink);
    await page.goto(`${origin}/#f=y+%3D+(3x%5E2+%2B+8)%5E3&n=2`);
    let snippets = {};
    await check('Embed button: snippets for the current state, copyable', async () => {
      await page.waitForFunction(() => document.querySelector('main').dataset.state === 'ok');
      await page.locator('#embed').click();
      await page.locator('#embed-dialog').waitFor({ state: 'visible' });
      await page.locator('#embed-steps').check();
      snippets = { element: await page.locator('#embed-element').inputValue(), iframe: await page.locator('#embed-iframe').inputValue() };
      await page.locator('#embed-copy-element').click();
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      const ok = snippets.element.includes(`src="${origin}/embed/leibniz.js"`) &&
        snippets.element.includes('<leibniz-derivative expr="y = (3x^2 + 8)^3" order="2" lang="en" steps></leibniz-derivative>') &&
        snippets.iframe.includes(`src="${origin}/embed.html#f=y+%3D+%283x%5E2+%2B+8%29%5E3&amp;n=2&amp;steps=1"`) && copied === snippets.element;
      return [ok, JSON.stringify(snippets)];
    });
    await check('Embed button: the open dialog has no accessibility violations (axe)', async () => {
      await page.route('**/__test__/axe.min.js', (route) => route.fulfill({ path: axePath, contentType: 'text/javascript' }));
      await page.addScriptTag({ url: '/__test__/axe.min.js' });
      const violations = await page.evaluate(async () => {
        const r = await window.axe.run(document.getElementById('embed-dialog'), { resultTypes: ['violations'] });
        return r.violations.map((v) => `${v.id} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
      });
      return [violations.length === 0, violations.join('; ') || 'clean'];
    });
    await check('Embed button: the element snippet, pasted into a page, renders the same derivative', async () => {
      const body = `<!doctype html><html><head><meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; font-src 'self'; worker-src 'self'">
        </head><body>${snippets.element}</body></html>`;
      await context.route('**/__test__/pasted.html', (route) => route.fulfill({ body, contentType: 'text/html' }));
      const p = await context.newPage();
      await watch(p, 'pasted', sink);
      await p.goto(`${origin}/__test__/pasted.html`);
      await p.evaluate(() => { document.querySelector('leibniz-derivative').id = 'pasted'; });
      await elementSettled(p, 'pasted');
      const info = await elementInfo(p, 'pasted');
      await p.close();
      return [info.state === 'ok' && info.latex.includes('\\frac{d^{2} y}{d x^{2}}'), info.latex];
    });
    await check('Embed button: escapes quotes and angle brackets in the expression', async () => {
      await page.locator('#embed-close').click();
      await page.locator('#expr').fill('x"><script>alert(1)</script>');
      await page.waitForFunction(() => document.querySelector('main').dataset.for === 'x"><script>alert(1)</script>');
      await page.locator('#embed').click();
      const text = await page.locator('#embed-element').inputValue();
      return [text.includes('expr="x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"') && !text.includes('<script>alert'), JSON.stringify(text)];
    });
    await check('Embed button page: no CSP violations, no errors', async () => [sink.csp.length === 0 && sink.errors.length === 0,
      [...sink.csp, ...sink.errors].slice(0, 3).join(' | ')]);
    await context.close();
  }

  // ------------------------------------------------------------------ offline: the web app
  {
    // A copy of the site, so the update check can publish a "new build" into it.
    const copyDir = join(root, 'build/tmp/site-offline-test');
    rmSync(copyDir, { recursive: true, force: true });
    cpSync(site, copyDir, { recursive: true });
    const copyServer = await startServer(copyDir, 0, '127.0.0.1');
    const copyOrigin = `http://127.0.0.1:${copyServer.address().port}`;
    const sink = { csp: [], errors: [] };
    const context = await browser.newContext({ viewport: { width: 1000, height: 800 }, locale: 'en-US' });
    const page = await context.newPage();
    await watch(page, 'offline app', sink);
    await check('web app: manifest with icons, service worker installed on the first visit', async () => {
      await page.goto(`${copyOrigin}/`);
      await page.waitForFunction(() => document.querySelector('main').dataset.state === 'ok');
      const r = await page.evaluate(async () => {
        const reg = await navigator.serviceWorker.ready;
        const manifest = await (await fetch(document.querySelector('link[rel=manifest]').href)).json();
        const keys = await caches.keys();
        const cached = keys.length ? (await (await caches.open(keys[0])).keys()).map((r) => new URL(r.url).pathname) : [];
        return { scope: reg.scope, manifest: manifest.icons.map((i) => i.sizes), display: manifest.display, keys, cached };
      });
      const needed = ['/index.html', '/app.js', '/worker.js', '/leibniz.mjs', '/leibniz.wasm', '/vendor/katex/katex.min.css',
        '/vendor/katex/katex.min.js', '/vendor/katex/fonts/KaTeX_Main-Regular.woff2', '/embed/leibniz.js'];
      const missing = needed.filter((f) => !r.cached.includes(f));
      return [r.keys.length === 1 && missing.length === 0 && r.manifest.includes('512x512') && r.display === 'standalone',
        `${r.keys.join(',')}: ${r.cached.length} files cached; missing ${missing.join(', ') || 'none'}; icons ${r.manifest.join(', ')}`];
    });
    await check('web app: offline (network off), reload, compute a derivative', async () => {
      await context.setOffline(true);
      await page.reload();
      await page.waitForFunction(() => document.querySelector('main').dataset.state === 'ok');
      await page.locator('#expr').fill('tan(x^2)');
      await page.waitForFunction(() => document.querySelector('main').dataset.for === 'tan(x^2)' &&
        document.querySelector('main').dataset.state === 'ok', null, { timeout: 8000 });
      const latex = await page.locator('#result-math annotation').first().textContent();
      const controlled = await page.evaluate(() => Boolean(navigator.serviceWorker.controller));
      await context.setOffline(false);
      return [controlled && squash(latex).includes('2x\\sec^2(x^2)'), `${latex}; controlled: ${controlled}`];
    });
    await check('web app: a new build is taken on the next visit, never mixed with the old one', async () => {
      // Publish a new build: app.js changed, so sw.js has another version.
      const marker = "\ndocument.documentElement.dataset.build = 'next';\n";
      writeFileSync(join(copyDir, 'app.js'), readFileSync(join(copyDir, 'app.js'), 'utf8') + marker);
      writeFileSync(join(copyDir, 'sw.js'), readFileSync(join(copyDir, 'sw.js'), 'utf8')
        .replace(/const VERSION = "[^"]*";/, 'const VERSION = "test-next";'));
      const waiting = await page.evaluate(async () => {
        const reg = await navigator.serviceWorker.getRegistration();
        await reg.update();
        const sw = reg.installing || reg.waiting;
        if (sw && sw.state === 'installing') {
          await new Promise((ok) => sw.addEventListener('statechange', () => sw.state !== 'installing' && ok()));
        }
        return Boolean(reg.waiting);
      });
      // The open page keeps getting the old version, also for files it fetches now.
      const oldPageSawNew = await page.evaluate(async () => (await (await fetch('app.js')).text()).includes("dataset.build = 'next'"));
      // The next visit (the old tab closed), with a state in the URL: all new files.
      await page.close();
      const next = await context.newPage();
      await watch(next, 'offline app, next visit', sink);
      await next.goto(`${copyOrigin}/#f=tan(x%5E2)`);
      let after = null;
      // (Polled: a page that starts while the new version still waits reloads itself.)
      for (const end = Date.now() + 15000; Date.now() < end; await next.waitForTimeout(200)) {
        after = await next.evaluate(async () => ({ build: document.documentElement.dataset.build,
          state: document.querySelector('main').dataset.state, for: document.querySelector('main').dataset.for,
          keys: await caches.keys() })).catch(() => null);
        if (after && after.build === 'next' && after.state === 'ok' && after.keys.length === 1) break;
      }
      const keys = after ? after.keys : [];
      const shown = after && after.build === 'next' ? after.for : `(still the old build: ${JSON.stringify(after)})`;
      return [waiting && !oldPageSawNew && keys.length === 1 && keys[0] === 'leibniz-test-next' && shown === 'tan(x^2)',
        `new worker waiting: ${waiting}; old page saw the new app.js: ${oldPageSawNew}; caches after the next visit: ${keys.join(', ')}; shows ${shown}`];
    });
    await check('web app: no CSP violations, no errors', async () => [sink.csp.length === 0 &&
      sink.errors.length === 0,
    [...sink.csp, ...sink.errors].slice(0, 3).join(' | ')]);
    await context.close();
    copyServer.close();
    rmSync(copyDir, { recursive: true, force: true });
  }

  // ------------------------------------------------------------------ offline: one file
  {
    const sink = { csp: [], errors: [] };
    const file = join(site, 'leibniz-offline.html');
    const context = await browser.newContext({ viewport: { width: 1000, height: 800 }, locale: 'en-US' });
    const requests = [];
    await context.route('**/*', (route) => {
      const u = route.request().url();
      if (u === pathToFileURL(file).href) return route.continue();
      requests.push(u);
      return route.abort();
    });
    const page = await context.newPage();
    await watch(page, 'single file', sink);
    page.on('request', (r) => { if (!/^(file|data|blob):/.test(r.url())) requests.push(r.url()); });
    await check(`single file (${(statSync(file).size / 1024).toFixed(0)} KiB): from file:// with the network blocked, compute a derivative`, async () => {
      await page.goto(pathToFileURL(file).href);
      await page.waitForFunction(() => document.querySelector('main').dataset.state === 'ok', null, { timeout: 15000 });
      await page.locator('#expr').fill('y = (3x^2 + 8)^3');
      await page.waitForFunction(() => document.querySelector('main').dataset.for === 'y = (3x^2 + 8)^3' &&
        document.querySelector('main').dataset.state === 'ok', null, { timeout: 8000 });
      const latex = await page.locator('#result-math annotation').first().textContent();
      const fonts = await page.evaluate(async () => {
        await document.fonts.ready;
        return [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family);
      });
      return [squash(latex).includes('18x(3x^2+8)^2') && fonts.some((f) => /KaTeX_Main/.test(f)) && requests.length === 0,
        `${latex}; fonts loaded: ${fonts.join(', ')}; other requests: ${requests.join(', ') || 'none'}`];
    });
    await check('single file: steps and graph work, the Embed button is hidden', async () => {
      await page.locator('#steps-toggle').click();
      await page.waitForFunction(() => document.querySelector('#steps-card').dataset.state === 'ready', null, { timeout: 8000 });
      await page.waitForFunction(() => document.querySelector('#plot-card').dataset.state === 'ready', null, { timeout: 8000 });
      const hidden = await page.locator('#embed').isHidden();
      return [hidden, `embed button hidden: ${hidden}`];
    });
    await check('single file: no CSP violations, no errors', async () => [sink.csp.length === 0 && sink.errors.length === 0,
      [...sink.csp, ...sink.errors].slice(0, 3).join(' | ')]);
    await context.close();
  }
} catch (err) {
  report(false, 'embed tests crashed', String(err && err.stack ? err.stack : err));
} finally {
  if (browser) await browser.close();
  if (server) server.close();
}

console.log(`embed: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
