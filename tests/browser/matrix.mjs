#!/usr/bin/env node
// Browser test of the matrix calculus page (web/matrix.html): the seed's example in each
// layout, the variables panel, presets, a shape error, the several-variables panel, the
// gradient picture (contours, point, Taylor model, descent step), the language switch, axe,
// and zero CSP violations. Needs build/site (node web/build-site.mjs).
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const site = join(root, 'build/site');
const shots = join(root, 'build/screenshots');
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
mkdirSync(shots, { recursive: true });

let passed = 0;
let failed = 0;
async function check(name, fn) {
  try {
    const r = await fn();
    const [ok, detail] = Array.isArray(r) ? r : [r !== false, ''];
    if (ok) passed += 1;
    else failed += 1;
    console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
  } catch (err) {
    failed += 1;
    console.log(`FAIL ${name} — ${String(err.message || err).split('\n')[0]}`);
  }
}

if (!existsSync(join(site, 'matrix.html'))) {
  console.log('FAIL build/site/matrix.html is missing — run `node web/build-site.mjs` first');
  process.exit(1);
}

const server = await startServer(site, 0, '127.0.0.1');
const url = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const csp = [];
const errors = [];
try {
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 }, locale: 'en-US' });
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) csp.push(msg.text());
    else if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  await page.route('**/__test__/axe.min.js', (route) => route.fulfill({ path: axePath, contentType: 'text/javascript' }));
  const settled = (input, wrt, layout, shapes = null) => page.waitForFunction(([want, sh]) => {
    const d = document.querySelector('main').dataset;
    return d.mfor === want && (sh === null || d.mshapes === sh);
  }, [`${input}|${wrt}|${layout}`, shapes], { timeout: 10000 });
  const state = () => page.evaluate(() => document.querySelector('main').dataset.mstate);
  const annotation = (sel) => page.locator(`${sel} annotation`).first().textContent();

  await page.goto(`${url}matrix.html`);
  await check('the seed example y = xW by W: x^T ⊗ I_2, 4 × 2, in the seed layout', async () => {
    await settled('y = x W', 'W', 'seed');
    const a = await annotation('#mresult-math');
    const kind = await page.locator('#mkind').textContent();
    return [(await state()) === 'ok' && a.includes('x^{T} \\otimes I_{2}') && kind.includes('4 × 2'), `${a} | ${kind}`];
  });
  await check('the entry-by-entry matrix is shown beside the closed form', async () => {
    const a = await annotation('#melementwise');
    return [a.includes('x_{1} & 0') && a.includes('0 & x_{2}'), a];
  });
  await check('steps through differentials are listed', async () => {
    const n = await page.locator('#msteps li').count();
    return [n >= 3, `${n} steps`];
  });
  await check('switching to numerator layout gives I_2 ⊗ x, 2 × 4', async () => {
    await page.locator('label[for="layout-numerator"]').click();
    await settled('y = x W', 'W', 'numerator');
    const a = await annotation('#mresult-math');
    const note = await page.locator('#layout-note').textContent();
    return [a.includes('I_{2} \\otimes x') && /Numerator layout/.test(note), a];
  });
  await check('the share URL keeps expression, shapes, variable and layout', async () => {
    const hash = decodeURIComponent(await page.evaluate(() => location.hash));
    return [hash.includes('W:2x2') && hash.includes('l=numerator') && hash.includes('w=W'), hash];
  });
  await check('a preset (log det X) in denominator layout gives X^{-T}', async () => {
    await page.locator('label[for="layout-denominator"]').click();
    await page.locator('#preset').selectOption({ label: 'log det X by X' });
    await settled('f = log(det(X))', 'X', 'denominator');
    const a = await annotation('#mresult-math');
    return [a.includes('X^{-T}'), a];
  });
  await check('the variables panel: a wrong shape gives an error naming both shapes at the operator', async () => {
    await page.locator('#preset').selectOption({ label: 'Seed: y = xW by W' });
    await settled('y = x W', 'W', 'denominator');
    await page.locator('.var-row').nth(1).locator('.var-shape').fill('3x2');
    await settled('y = x W', 'W', 'denominator', 'x:1x2;W:3x2');
    const msg = await page.locator('#merror-message').textContent();
    const bad = await page.locator('#merror-echo .bad').textContent();
    return [(await state()) === 'error' && /1x2/.test(msg) && /3x2/.test(msg) && bad === 'W', `${msg} [${bad}]`];
  });
  await check('adding a variable row and using it', async () => {
    await page.locator('.var-row').nth(1).locator('.var-shape').fill('2x2');
    await page.locator('#var-add').click();
    const row = page.locator('.var-row').nth(2);
    await row.locator('.var-name').fill('b');
    await row.locator('.var-shape').fill('1x2');
    await page.locator('#mexpr').fill('y = x W + b');
    await page.locator('#mwrt').selectOption('b').catch(() => {});
    await page.waitForFunction(() => document.querySelector('main').dataset.mfor.startsWith('y = x W + b|'), null, { timeout: 10000 });
    await page.locator('#mwrt').selectOption('b');
    await settled('y = x W + b', 'b', 'denominator');
    const a = await annotation('#mresult-math');
    return [(await state()) === 'ok' && a.includes('I_{2}'), a];
  });
  await check('an input with a constant that has no real value (log 0) carries a note; a fine one does not', async () => {
    await page.locator('#mexpr').fill('y = log(0) x W + b');
    await settled('y = log(0) x W + b', 'b', 'denominator');
    const note = await page.locator('#mnotes').evaluate((el) => (el.hidden ? '' : el.textContent));
    await page.locator('#mexpr').fill('y = x W + b');
    await settled('y = x W + b', 'b', 'denominator');
    const hidden = await page.locator('#mnotes').isHidden();
    return [(await state()) === 'ok' && /undefined for every value of .*log\(0\) is not a real number/.test(note) && hidden, note];
  });
  await check('several variables: the Jacobian of [x^2 y, sin(x y)] is 2 × 2', async () => {
    await page.waitForFunction(() => (document.querySelector('main').dataset.multi || '').startsWith('ok|[x^2 y, sin(x y)]|jacobian'), null, { timeout: 10000 });
    const a = await annotation('#multi-math');
    return [a.includes('2 x y') && a.includes('\\cos'), a];
  });
  await check('several variables: the Hessian', async () => {
    await page.locator('#multi-expr').fill('x^3 y^2');
    await page.locator('#multi-kind').selectOption('hessian');
    await page.waitForFunction(() => (document.querySelector('main').dataset.multi || '') === 'ok|x^3 y^2|hessian', null, { timeout: 10000 });
    const a = await annotation('#multi-math');
    return [a.includes('6 x y^{2}') && a.includes('2 x^{3}'), a];
  });
  // The seed's §11 picture: contours, gradient field, the point, its Taylor model and one
  // gradient-descent step (web/gradient-picture.js).
  const gp = () => page.evaluate(() => ({ ...document.querySelector('#gp').dataset }));
  const gpSettled = (prefix) => page.waitForFunction((want) => {
    const d = document.querySelector('#gp').dataset;
    return (d.gpFor || '').startsWith(want) && (d.gpState === 'ok' || d.gpState === 'undefined' || d.gpState === 'error');
  }, prefix, { timeout: 15000 });
  // What the canvas shows: the share of pixels that are not the background, how many colours,
  // and a hash of all pixels (to see that a picture changed).
  const canvasStats = () => page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => {
    const c = document.getElementById('gp-canvas');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const colours = new Set();
    let inked = 0;
    let hash = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i] < 245 || d[i + 1] < 245 || d[i + 2] < 245) inked++;
      colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      hash = (hash * 31 + d[i] + 7 * d[i + 1] + 13 * d[i + 2]) >>> 0;
    }
    done({ inked: inked / (d.length / 4), colours: colours.size, hash, w: c.width, h: c.height });
  }))));
  const near = (a, b, tol = 1e-9) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
  const grad = (d) => d.gpGrad.split(',').map(Number);
  let before;
  await check('gradient picture: the default function is drawn (contours, field, point) with ∇f(−1.2, 1.2) = (−3.8, 6.2)', async () => {
    await gpSettled('(x - 1)^2 + 2 (y + 0.5)^2 + 0.5 x y|-1.2,1.2|0.1');
    const d = await gp();
    before = await canvasStats();
    const [gx, gy] = grad(d);
    return [d.gpState === 'ok' && near(gx, -3.8) && near(gy, 6.2) && near(Number(d.gpF), 9.9)
      && before.w > 300 && before.inked > 0.4 && before.colours > 40,
    `${JSON.stringify(d)} ${JSON.stringify(before)}`];
  });
  await check('gradient picture: the Taylor model is typeset with the numbers filled in', async () => {
    const a = await annotation('#gp-taylor-math');
    const g = await annotation('#gp-grad-math');
    return [a.includes('9.9 - 3.8 (x + 1.2) + 6.2 (y - 1.2)') && a.includes('w^{T}') && g.includes('2 x + \\frac{y}{2} - 2'), `${a} | ${g}`];
  });
  await check('gradient picture: the canvas has a text alternative with the point, gradient and step', async () => {
    const label = await page.locator('#gp-canvas').getAttribute('aria-label');
    return [/\(−1\.2, 1\.2\)/.test(label) && /\(−3\.8, 6\.2\)/.test(label) && /\(−0\.82, 0\.58\)/.test(label), label];
  });
  await check('gradient picture: typing a function redraws the picture and the gradient', async () => {
    await page.locator('#gp-expr').fill('x^2 + 3 y^2');
    await gpSettled('x^2 + 3 y^2|');
    const d = await gp();
    const after = await canvasStats();
    const [gx, gy] = grad(d);
    return [near(gx, -2.4) && near(gy, 7.2) && near(Number(d.gpF), 5.76) && after.hash !== before.hash && after.inked > 0.4,
      `${JSON.stringify(d)} ${JSON.stringify(after)}`];
  });
  await check('gradient picture: clicking the canvas moves the point and updates the gradient and the Taylor model', async () => {
    const [x0, x1, y0, y1] = (await gp()).gpView.split(',').map(Number);
    const box = await page.locator('#gp-canvas').boundingBox();
    const at = { x: ((1 - x0) / (x1 - x0)) * box.width, y: ((y1 - -0.5) / (y1 - y0)) * box.height };
    await page.locator('#gp-canvas').click({ position: at });
    await page.waitForFunction(() => !(document.querySelector('#gp').dataset.gpFor || '').includes('|-1.2,1.2|'), null, { timeout: 10000 });
    await gpSettled('x^2 + 3 y^2|');
    const d = await gp();
    const [px, py] = d.gpFor.split('|')[1].split(',').map(Number);
    const [gx, gy] = grad(d);
    const typed = [await page.locator('#gp-x').inputValue(), await page.locator('#gp-y').inputValue()].map(Number);
    const a = await annotation('#gp-taylor-math');
    return [Math.abs(px - 1) < 0.05 && Math.abs(py + 0.5) < 0.05 && near(gx, 2 * px) && near(gy, 6 * py)
      && typed[0] === px && typed[1] === py && a.includes(`(x - ${px})`), `${d.gpFor} ∇ ${d.gpGrad} | ${a}`];
  });
  await check('gradient picture: dragging carries the point along', async () => {
    const canvas = page.locator('#gp-canvas');
    await canvas.scrollIntoViewIfNeeded();
    const box = await canvas.boundingBox();
    const [x0, x1, y0, y1] = (await gp()).gpView.split(',').map(Number);
    const toPx = (x, y) => [box.x + ((x - x0) / (x1 - x0)) * box.width, box.y + ((y1 - y) / (y1 - y0)) * box.height];
    await page.mouse.move(...toPx(-2, 1));
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(...toPx(-2 + (0.5 * i) / 10, 1 - (1.5 * i) / 10));
    await page.mouse.up();
    await page.waitForFunction(() => {
      const p = (document.querySelector('#gp').dataset.gpFor || '').split('|')[1] || '';
      const [x, y] = p.split(',').map(Number);
      return Math.abs(x + 1.5) < 0.05 && Math.abs(y + 0.5) < 0.05;
    }, null, { timeout: 10000 });
    const d = await gp();
    const [gx, gy] = grad(d);
    const [px, py] = d.gpFor.split('|')[1].split(',').map(Number);
    return [near(gx, 2 * px) && near(gy, 6 * py), `${d.gpFor} ∇ ${d.gpGrad}`];
  });
  await check('gradient picture: the arrow keys move the point from the keyboard', async () => {
    const [px, py] = (await gp()).gpFor.split('|')[1].split(',').map(Number);
    await page.locator('#gp-canvas').focus();
    await page.keyboard.press('ArrowUp');
    await page.waitForFunction((was) => !(document.querySelector('#gp').dataset.gpFor || '').includes(was), `|${px},${py}|`, { timeout: 10000 });
    const [qx, qy] = (await gp()).gpFor.split('|')[1].split(',').map(Number);
    return [qx === px && qy > py && qy - py < 0.5, `(${px}, ${py}) -> (${qx}, ${qy})`];
  });
  await check('gradient picture: a small step against the gradient lowers a convex f, as the Taylor model predicts', async () => {
    await page.locator('#gp-x').fill('1.5');
    await page.locator('#gp-y').fill('1');
    await page.locator('#gp-eta').fill('0.05');
    await gpSettled('x^2 + 3 y^2|1.5,1|0.05');
    const d = await gp();
    const f = Number(d.gpF);
    const next = Number(d.gpNextF);
    // w - η∇f = (1.5 (1 - 0.1), 1 (1 - 0.3)) = (1.35, 0.7): f = 1.8225 + 1.47.
    const summary = await page.locator('#gp-summary').textContent();
    return [near(f, 5.25) && near(next, 3.2925) && next < f && /−1\.958/.test(summary) && /predicts −2\.25\./.test(summary),
      `${f} -> ${next}: ${summary}`];
  });
  await check('gradient picture: "Take the step" moves to w_{k+1}, and f keeps falling', async () => {
    await page.locator('#gp-step').click();
    await gpSettled('x^2 + 3 y^2|1.35,0.7|0.05');
    const d = await gp();
    return [near(Number(d.gpF), 3.2925) && Number(d.gpNextF) < Number(d.gpF), JSON.stringify(d)];
  });
  await check('gradient picture: its function, point, learning rate and view are in the link; a new tab restores them', async () => {
    await page.locator('#gp-zoom-in').click(); // centres on the point and halves the span
    await page.waitForFunction(() => new URLSearchParams(location.hash.slice(1)).get('gv') === '1.35,0.7,3.25', null, { timeout: 5000 });
    await gpSettled('x^2 + 3 y^2|1.35,0.7|0.05');
    const link = page.url();
    const p = new URLSearchParams(new URL(link).hash.slice(1));
    const view = (await gp()).gpView;
    const other = await context.newPage();
    other.on('pageerror', (err) => errors.push(err.message));
    await other.goto(link);
    await other.waitForFunction(() => {
      const d = document.querySelector('#gp').dataset;
      return d.gpFor === 'x^2 + 3 y^2|1.35,0.7|0.05' && d.gpState === 'ok';
    }, null, { timeout: 15000 });
    const d = await other.evaluate(() => ({ ...document.querySelector('#gp').dataset, eta: document.querySelector('#gp-eta').value,
      expr: document.querySelector('#mexpr').value }));
    await other.close();
    await page.locator('#gp-zoom-reset').click();
    await page.waitForFunction(() => !new URLSearchParams(location.hash.slice(1)).has('gv'), null, { timeout: 5000 });
    const ok = p.get('gf') === 'x^2 + 3 y^2' && p.get('gp') === '1.35,0.7' && p.get('ge') === '0.05' && p.has('e') &&
      d.gpView === view && d.eta === '0.05' && d.expr === p.get('e') && near(Number(d.gpF), 3.2925);
    return [ok, `${new URL(link).hash} -> ${d.gpFor}, view ${d.gpView} (was ${view})`];
  });
  await check('gradient picture: too large a learning rate overshoots (f rises)', async () => {
    await page.locator('#gp-eta').fill('0.5');
    await gpSettled('x^2 + 3 y^2|1.35,0.7|0.5');
    const d = await gp();
    // y: 0.7 - 0.5 · 4.2 = -1.4, x: 0; f = 5.88 > 3.2925.
    return [near(Number(d.gpNextF), 5.88) && Number(d.gpNextF) > Number(d.gpF), JSON.stringify(d)];
  });
  await check('gradient picture: undefined regions are drawn, and a point where f is undefined is reported', async () => {
    await page.locator('#gp-eta').fill('0.1');
    await page.locator('#gp-x').fill('-1');
    await page.locator('#gp-y').fill('0.5');
    await page.locator('#gp-expr').fill('sqrt(x) + y^2');
    await gpSettled('sqrt(x) + y^2|-1,0.5|');
    const d = await gp();
    const summary = await page.locator('#gp-summary').textContent();
    const stats = await canvasStats();
    return [d.gpState === 'undefined' && /undefined/.test(summary) && stats.inked > 0.3, `${JSON.stringify(d)} ${summary}`];
  });
  await check('gradient picture: another variable is an input error naming it', async () => {
    await page.locator('#gp-expr').fill('x^2 + a y');
    await page.waitForFunction(() => document.querySelector('#gp').dataset.gpState === 'error', null, { timeout: 10000 });
    const msg = await page.locator('#gp-error').textContent();
    const invalid = await page.locator('#gp-expr').getAttribute('aria-invalid');
    const dimmed = await page.locator('#gp-canvas').evaluate((c) => c.parentElement.classList.contains('gp-stale'));
    return [/only x and y/.test(msg) && /\ba\b/.test(msg) && invalid === 'true' && dimmed, `${msg} dimmed: ${dimmed}`];
  });
  await check('gradient picture: back to the default function; the screenshot is saved', async () => {
    await page.locator('#gp-expr').fill('(x - 1)^2 + 2 (y + 0.5)^2 + 0.5 x y');
    await page.locator('#gp-x').fill('-1.2');
    await page.locator('#gp-y').fill('1.2');
    await gpSettled('(x - 1)^2 + 2 (y + 0.5)^2 + 0.5 x y|-1.2,1.2|0.1');
    const hidden = await page.locator('#gp-error').isHidden()
      && !(await page.locator('#gp-canvas').evaluate((c) => c.parentElement.classList.contains('gp-stale')));
    await page.evaluate(() => document.activeElement && document.activeElement.blur());
    await page.locator('#gp').screenshot({ path: join(shots, 'gradient-picture.png') });
    return [hidden && (await gp()).gpState === 'ok', `error hidden: ${hidden}`];
  });
  await check('axe finds no violations', async () => {
    await page.addScriptTag({ url: '/__test__/axe.min.js' });
    const v = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations.map((x) => x.id));
    return [v.length === 0, v.join(', ')];
  });
  await check('Korean: the page and the layout note switch language', async () => {
    await page.locator('#lang').click();
    await page.waitForFunction(() => /레이아웃/.test(document.querySelector('#layout-note').textContent), null, { timeout: 10000 });
    const title = await page.locator('#mresult-title').textContent();
    return [title === '미분 결과', title];
  });
  await check('Korean: the gradient picture switches too', async () => {
    const title = await page.locator('#gp-title').textContent();
    const summary = await page.locator('#gp-summary').textContent();
    const label = await page.locator('#gp-canvas').getAttribute('aria-label');
    return [title === '왜 그라디언트는 가장 가파른 방향을 향할까' && /테일러 근사의 예측/.test(summary) && /등고선/.test(label), `${title} | ${summary}`];
  });
  await page.screenshot({ path: join(shots, 'matrix.png'), fullPage: true });
  await check('no CSP violations and no console errors', () => [csp.length === 0 && errors.length === 0, [...csp, ...errors].join(' | ')]);
} finally {
  await browser.close();
  server.close();
}
console.log(`matrix page: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
