#!/usr/bin/env node
// Assembles the static site in build/site/ from the page sources (web/), the wasm build
// (build/wasm/wasm/) and KaTeX (node_modules/katex/dist/). No server logic, relative URLs only.
//
//   node web/build-site.mjs [--wasm-dir DIR] [--out DIR]
//
// --wasm-dir (or LEIBNIZ_WASM_DIR) takes leibniz.mjs + leibniz.wasm from another build folder.
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync,
  writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { buildOfflineHtml } from './tools/offline-html.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  if (i >= 0 && process.argv[i + 1]) return resolve(process.argv[i + 1]);
  return fallback;
}

const wasmDir = option('--wasm-dir', resolve(root, process.env.LEIBNIZ_WASM_DIR || 'build/wasm/wasm'));
const out = option('--out', join(root, 'build/site'));
const webDir = join(root, 'web');
const katexDir = join(root, 'node_modules/katex/dist');

function fail(message) {
  console.error(`build-site: ${message}`);
  process.exit(1);
}

// ---------------------------------------------------------------- check the inputs first

const wasmFiles = ['leibniz.mjs', 'leibniz.wasm', 'leibniz_matrix.mjs', 'leibniz_matrix.wasm'];
const missingWasm = wasmFiles.filter((f) => !existsSync(join(wasmDir, f)));
if (missingWasm.length) {
  fail(`missing ${missingWasm.join(' and ')} in ${relative(root, wasmDir) || wasmDir}/.\n` +
    '  Build the wasm module first:\n' +
    '    export NODE_PATH=/usr/share/nodejs && cmake --preset wasm && cmake --build --preset wasm\n' +
    '  or point at another build with --wasm-dir DIR.');
}
// Every module in web/ ships (plain ES modules, no bundler), except this script.
const required = ['index.html', 'app.js', 'worker.js', 'style.css', 'favicon.svg'];
const missingPage = required.filter((f) => !existsSync(join(webDir, f)));
if (missingPage.length) fail(`missing page sources in web/: ${missingPage.join(', ')}`);
const pageFiles = readdirSync(webDir)
  .filter((f) => /\.(html|js|css|svg)$/.test(f) && f !== 'build-site.mjs')
  .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
function rank(f) {
  const i = required.indexOf(f);
  return i < 0 ? required.length : i;
}
const katexFiles = ['katex.min.js', 'katex.min.css', 'fonts'];
if (katexFiles.some((f) => !existsSync(join(katexDir, f)))) {
  fail('KaTeX is not installed (node_modules/katex/dist/). Run `npm ci` in the repository root.');
}

// ---------------------------------------------------------------- assemble

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'vendor/katex/fonts'), { recursive: true });
const copied = []; // [path relative to out, group]

function copy(from, to, group = to) {
  copyFileSync(from, join(out, to));
  copied.push([to, group]);
}

for (const f of pageFiles) copy(join(webDir, f), f);
for (const f of wasmFiles) copy(join(wasmDir, f), f);

// KaTeX: the UMD build (the package ships no minified ES module; katex.mjs is twice the size),
// loaded by a classic deferred script. Only woff2 fonts are shipped, so the CSS is rewritten
// to reference only those.
copy(join(katexDir, 'katex.min.js'), 'vendor/katex/katex.min.js');
const css = readFileSync(join(katexDir, 'katex.min.css'), 'utf8')
  .replace(/,url\(fonts\/[^)]+\.(?:woff|ttf)\) format\("(?:woff|truetype)"\)/g, '');
writeFileSync(join(out, 'vendor/katex/katex.min.css'), css);
copied.push(['vendor/katex/katex.min.css', 'vendor/katex/katex.min.css']);
const fonts = readdirSync(join(katexDir, 'fonts')).filter((f) => f.endsWith('.woff2')).sort();
for (const f of fonts) copy(join(katexDir, 'fonts', f), `vendor/katex/fonts/${f}`, 'vendor/katex/fonts/*.woff2');
copy(join(root, 'node_modules/katex/LICENSE'), 'vendor/katex/LICENSE');

// The @font-face rules alone, for pages that embed the element: browsers ignore @font-face
// inside a shadow root, so the element adds these to the host document.
writeFileSync(join(out, 'vendor/katex/katex-fonts.css'), `${css.match(/@font-face\{[^}]*\}/g).join('\n')}\n`);
copied.push(['vendor/katex/katex-fonts.css', 'vendor/katex/katex-fonts.css']);

// Embedding (custom element, static formulas, iframe), the demo post, the web-app files.
for (const dir of ['embed', 'demo']) {
  mkdirSync(join(out, dir), { recursive: true });
  for (const f of readdirSync(join(webDir, dir)).filter((f) => /\.(html|js|css|svg|d\.ts)$/.test(f)).sort()) {
    copy(join(webDir, dir, f), `${dir}/${f}`, `${dir}/*`);
  }
}

// The JavaScript API (web/api/): the ES module, its types, and the node build of the wasm
// module it loads under node (in the browser it loads ../leibniz.mjs).
mkdirSync(join(out, 'api'), { recursive: true });
for (const f of ['leibniz.js', 'leibniz.d.ts']) copy(join(webDir, 'api', f), `api/${f}`, 'api/*');
if (existsSync(join(wasmDir, 'leibniz_node.cjs'))) copy(join(wasmDir, 'leibniz_node.cjs'), 'api/leibniz_node.cjs', 'api/*');
else console.warn('build-site: no leibniz_node.cjs in the wasm build; api/leibniz.js will not run under node');

const referenced = [...css.matchAll(/url\(([^)]+)\)/g)].map((m) => m[1].replace(/^["']|["']$/g, ''));
const dangling = referenced.filter((u) => !existsSync(join(out, 'vendor/katex', u)));
if (dangling.length) fail(`katex.min.css references files that were not copied: ${dangling.join(', ')}`);

// The installable web app: manifest, icons, and the service worker, whose precache list and
// version (a hash of every precached file) are written in here. Not precached: the demo
// post, the single-file page and the JS API (they are not part of the app).
copy(join(webDir, 'pwa/manifest.webmanifest'), 'manifest.webmanifest');
mkdirSync(join(out, 'icons'), { recursive: true });
for (const f of readdirSync(join(webDir, 'pwa')).filter((f) => /^(icon|apple).*\.(png|svg)$/.test(f)).sort()) {
  copy(join(webDir, 'pwa', f), `icons/${f}`, 'icons/*');
}
const precache = copied.map(([f]) => f).filter((f) => !/^(demo|api)\/|LICENSE$/.test(f)).sort();
const version = createHash('sha256');
for (const f of precache) version.update(f).update('\0').update(readFileSync(join(out, f)));
const sw = readFileSync(join(webDir, 'pwa/sw.js'), 'utf8')
  .replace("'__VERSION__'", () => JSON.stringify(version.digest('hex').slice(0, 16)))
  .replace('__FILES__', () => JSON.stringify(precache, null, 1));
writeFileSync(join(out, 'sw.js'), sw);
copied.push(['sw.js', 'sw.js']);

// The single-file page for file:// use (web/tools/offline-html.mjs).
writeFileSync(join(out, 'leibniz-offline.html'), await buildOfflineHtml({ webDir, wasmDir, katexDir }));
copied.push(['leibniz-offline.html', 'leibniz-offline.html']);

// ---------------------------------------------------------------- report sizes

const rows = new Map(); // group -> {files, raw, gz}
for (const [file, group] of copied) {
  const body = readFileSync(join(out, file));
  const row = rows.get(group) || { files: 0, raw: 0, gz: 0 };
  row.files += 1;
  row.raw += body.length;
  row.gz += gzipSync(body, { level: 9 }).length;
  rows.set(group, row);
}
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`.padStart(11);
const width = Math.max(...[...rows.keys()].map((k) => k.length)) + 12;
console.log(`build-site: ${relative(root, out) || out}/ (wasm from ${relative(root, wasmDir) || wasmDir}/)`);
console.log(`  ${'file'.padEnd(width)}${'raw'.padStart(11)}${'gzip -9'.padStart(11)}`);
const total = { raw: 0, gz: 0 };
const upFront = { raw: 0, gz: 0 }; // what every visit loads (fonts load as formulas need them)
for (const [group, row] of rows) {
  const label = row.files > 1 ? `${group} (${row.files} files)` : group;
  console.log(`  ${label.padEnd(width)}${kb(row.raw)}${kb(row.gz)}`);
  // Up front: what the derivative page (index.html) loads; the matrix page, the embed files
  // and the service worker's background precache are not part of it.
  const notUpFront = /fonts|LICENSE|^(embed|demo|api|icons)\/|webmanifest|sw\.js|offline|^matrix|leibniz_matrix|gradient-picture|embed\.html/;
  for (const t of [total, ...(notUpFront.test(group) ? [] : [upFront])]) {
    t.raw += row.raw;
    t.gz += row.gz;
  }
}
console.log(`  ${'total'.padEnd(width)}${kb(total.raw)}${kb(total.gz)}`);
console.log(`  ${'loaded up front (no fonts)'.padEnd(width)}${kb(upFront.raw)}${kb(upFront.gz)}`);
// The fonts a typical result and its graph legend use (tests/browser/run.mjs measures the
// real first visit and fails above 400 KiB).
const typicalFonts = ['KaTeX_Main-Regular.woff2', 'KaTeX_Math-Italic.woff2'];
const first = { ...upFront };
for (const f of typicalFonts) {
  const body = readFileSync(join(out, 'vendor/katex/fonts', f));
  first.raw += body.length;
  first.gz += gzipSync(body, { level: 9 }).length;
}
console.log(`  ${'first load (+ 2 typical fonts)'.padEnd(width)}${kb(first.raw)}${kb(first.gz)}`);
const mtime = (f) => statSync(join(wasmDir, f)).mtime.toISOString().replace('T', ' ').slice(0, 19);
console.log(`  (leibniz.wasm built ${mtime('leibniz.wasm')} UTC)`);
