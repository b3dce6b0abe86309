#!/usr/bin/env node
// Hostile input through every door of the page (issue 8): the input field, the share URL,
// the matrix page's URL, the iframe embed's URL and the custom element's attributes. For
// each payload of an XSS corpus (script tags, event handlers, javascript: URLs, KaTeX's
// \href/\url/\htmlClass, CSS injection, very long tokens, bidi controls, zero-width
// characters, homoglyphs, invalid UTF-16) it checks: nothing executes (no dialog, no
// window.__pwned), no element with an on* attribute, a javascript: link or a foreign
// image appears, the strict CSP reports zero violations, and the user sees a clear error
// or an inert rendering (never a blank page).
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const site = join(root, 'build/site');
if (!existsSync(join(site, 'embed/leibniz.js'))) {
  console.log('FAIL build/site is incomplete — run `node web/build-site.mjs` first');
  process.exit(1);
}

const PWN = 'window.__pwned=1';
const corpus = [
  `<script>${PWN}</script>`,
  `"><img src=x onerror="${PWN}">`,
  `<svg onload=${PWN}>`,
  `javascript:${PWN}`,
  `x' onmouseover='${PWN}`,
  `\\href{javascript:${PWN}}{x}`,
  '\\url{javascript:alert(1)}',
  '\\htmlClass{pwn}{x} + \\htmlStyle{color:red}{x}',
  '\\includegraphics{http://example.com/x.png}',
  '</style><style>body{display:none}</style>',
  '\\def\\a{\\a}\\a',
  `{{constructor.constructor("${PWN}")()}}`,
  `\${${PWN}}`,
  'x^2 <!--',
  'x\u202E + 1',                // right-to-left override
  'x\u200B^2 + \u2066y\u2069',  // zero-width space, bidi isolates
  '\u0445^2',                   // Cyrillic x, a homoglyph
  'sin(x)\u0000',
  'x'.repeat(20000),            // a very long token
  `${'('.repeat(3000)}x${')'.repeat(3000)}`,
];

let passed = 0;
let failed = 0;
function report(ok, name, detail = '') {
  if (ok) passed += 1;
  else failed += 1;
  if (!ok || process.env.VERBOSE) console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
}

// The test host page for the custom element: a strict CSP, payloads from the URL fragment set
// as attributes by a same-origin script (no inline code).
const hostHtml = `<!doctype html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; font-src 'self'; worker-src 'self'; connect-src 'self'">
<title>host</title><script type="module" src="/embed/leibniz.js"></script><script type="module" src="/__test__/host.js"></script></head>
<body><main id="host"></main></body></html>`;
const hostJs = `const p = new URLSearchParams(location.hash.slice(1));
const el = document.createElement('leibniz-derivative');
for (const a of ['expr', 'wrt', 'order', 'lang', 'mode']) if (p.has(a)) el.setAttribute(a, p.get(a));
el.setAttribute('steps', '');
document.getElementById('host').append(el);`;

const server = await startServer(site, 0, '127.0.0.1');
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const started = Date.now();
try {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  await context.route('**/__test__/host.html', (r) => r.fulfill({ body: hostHtml, contentType: 'text/html' }));
  await context.route('**/__test__/host.js', (r) => r.fulfill({ body: hostJs, contentType: 'text/javascript' }));
  const page = await context.newPage();
  const events = [];
  page.on('dialog', (d) => {
    events.push(`dialog: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) events.push(`csp: ${msg.text()}`);
  });
  page.on('pageerror', (err) => events.push(`pageerror: ${err.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp = (window.__csp || 0) + 1;
      console.error(`Content Security Policy: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });

  // Everything that could have executed or been injected, in the document and in every
  // open shadow root.
  const inspect = () => page.evaluate(() => {
    const bad = [];
    const scan = (rootNode) => {
      for (const el of rootNode.querySelectorAll('*')) {
        for (const a of el.getAttributeNames()) {
          if (/^on/i.test(a)) bad.push(`${el.tagName} ${a}`);
          const v = el.getAttribute(a) || '';
          if ((a === 'href' || a === 'src' || a === 'action') && /^\s*javascript:/i.test(v)) bad.push(`${el.tagName} ${a}=${v}`);
        }
        if (el.tagName === 'IMG' && !/^(data:|blob:|http:\/\/127\.0\.0\.1)/.test(el.src)) bad.push(`IMG ${el.src}`);
        if (el.tagName === 'SCRIPT' && !el.src) bad.push('inline SCRIPT');
        if (el.classList.contains('pwn')) bad.push('class pwn');
        if (el.shadowRoot) scan(el.shadowRoot);
      }
    };
    scan(document);
    // Shown to the user: text in the document, or a rendered custom element (shadow DOM).
    let visible = document.body.innerText.trim().length;
    for (const host of document.querySelectorAll('leibniz-derivative')) {
      if (host.shadowRoot && host.getBoundingClientRect().height > 20) visible += host.shadowRoot.textContent.trim().length;
    }
    return { pwned: window.__pwned === 1, csp: window.__csp || 0, bad, visible };
  });

  async function verdict(door, payload, settle) {
    events.length = 0;
    let settled = true;
    try {
      await settle();
    } catch {
      settled = false;
    }
    const r = await inspect();
    const short = JSON.stringify(payload.length > 40 ? `${payload.slice(0, 40)}…` : payload);
    const ok = settled && !r.pwned && r.csp === 0 && r.bad.length === 0 && r.visible > 0 && events.length === 0;
    report(ok, `${door}: ${short}`, ok ? '' : JSON.stringify({ settled, ...r, events }));
  }

  const shown = (sel, attr, payload) => page.waitForFunction(([s, a, p]) => {
    const el = document.querySelector(s);
    // ok, an error, or the engine's time limit: each shows the user a clear outcome.
    return el && ['ok', 'error', 'timeout'].includes(el.dataset.state) && (a === null || el.dataset[a] === p);
  }, [sel, attr, payload], { timeout: 15000 });

  for (const payload of corpus) {
    // 1. The share URL of the derivative page.
    await page.goto(`${base}/index.html#${new URLSearchParams({ f: payload })}`);
    await verdict('share URL', payload, () => shown('main', 'for', payload));
    // 2. Typed into the input field.
    await page.locator('#expr').fill(payload);
    await verdict('input field', payload, () => shown('main', 'for', payload));
    // 3. The matrix page's URL (expression and a shape list; the gradient picture's function,
    //    point, learning rate and view).
    await page.goto(`${base}/matrix.html#${new URLSearchParams({ e: payload, s: `x:1x2;${payload}:2x2`, w: payload, l: payload,
      gf: payload, gp: payload, ge: payload, gv: payload })}`);
    await verdict('matrix URL', payload, () => page.waitForFunction(() => ['ok', 'error'].includes(document.querySelector('main').dataset.mstate) &&
      ['ok', 'error', 'undefined'].includes(document.querySelector('#gp').dataset.gpState), null, { timeout: 15000 }));
    // 4. The iframe embed's URL.
    await page.goto(`${base}/embed.html#${new URLSearchParams({ f: payload, v: payload })}`);
    await verdict('embed URL', payload, () => shown('leibniz-derivative', 'for', payload));
    // 5. The custom element's attributes.
    await page.goto(`${base}/__test__/host.html#${new URLSearchParams({ expr: payload, wrt: payload, order: payload, lang: payload, mode: payload })}`);
    await verdict('element attributes', payload, () => shown('leibniz-derivative', null, null));
  }
  // A lone surrogate cannot be put in a URL by URLSearchParams; it can be typed (pasted).
  await page.goto(`${base}/index.html`);
  await page.waitForFunction(() => ['ok', 'error'].includes(document.querySelector('main').dataset.state), null, { timeout: 15000 });
  await page.evaluate(() => {
    const input = document.querySelector('#expr');
    input.value = 'x\uD800 + 1';
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await verdict('input field', 'x\uD800 + 1 (lone surrogate)', () => page.waitForFunction(() => document.querySelector('main').dataset.state === 'error', null, { timeout: 15000 }));
} finally {
  await browser.close();
  server.close();
}
console.log(`(took ${((Date.now() - started) / 1000).toFixed(1)} s)`);
console.log(`xss: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
