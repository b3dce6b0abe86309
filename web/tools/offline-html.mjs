// Builds leibniz-offline.html: the whole page in one file that works when opened from disk
// (file://) with no network. Called by web/build-site.mjs.
//
// - The page's ES modules are bundled with esbuild into one inline module script; boot.js
//   is replaced by a version that starts the engine Worker from a blob: URL, because a
//   file:// page can neither load module files nor start a Worker from a file.
// - The Worker (worker.js + the Emscripten glue) is bundled as a classic script, with the wasm
//   binary inlined as base64 and handed to the module as `wasmBinary` (nothing is fetched).
//   Its source travels in a non-executed <script type="text/plain"> block.
// - KaTeX's script and stylesheet and the page's stylesheet are inlined; every KaTeX font
//   becomes a data: URL.
// - The CSP is a meta tag with the hashes of the two inline scripts and the inline style
//   (no 'unsafe-inline'), default-src 'none' (no network at all), worker-src blob:.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';

const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

// Text that goes inside a <script> or <style> element must not close it early.
function inlineSafe(text, what) {
  const safe = text.replace(/<\/(script|style)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
  if (/<\/(script|style)|<!--/i.test(safe)) throw new Error(`offline-html: ${what} cannot be inlined safely`);
  return safe;
}

// An esbuild plugin that replaces one import path (as written) with generated source.
function replaceImport(specifier, contents, resolveDir) {
  const filter = new RegExp(`^${specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`);
  return {
    name: `replace ${specifier}`,
    setup(build) {
      build.onResolve({ filter }, () => ({ path: specifier, namespace: 'generated' }));
      build.onLoad({ filter: /.*/, namespace: 'generated' }, () => ({ contents, resolveDir, loader: 'js' }));
    },
  };
}

async function bundle(entry, plugins, format = 'esm') {
  const r = await esbuild.build({
    entryPoints: [entry], bundle: true, format, minify: true, write: false, target: 'es2020',
    legalComments: 'none', plugins, logLevel: 'error',
  });
  return r.outputFiles[0].text;
}

export async function buildOfflineHtml({ webDir, wasmDir, katexDir }) {
  const wasm = readFileSync(join(wasmDir, 'leibniz.wasm')).toString('base64');
  const workerShim = `
    import create from ${JSON.stringify(join(wasmDir, 'leibniz.mjs'))};
    const BINARY = ${JSON.stringify(wasm)};
    function bytes() {
      const s = atob(BINARY);
      const a = new Uint8Array(s.length);
      for (let i = 0; i < s.length; i += 1) a[i] = s.charCodeAt(i);
      return a;
    }
    export default (options = {}) => create({ ...options, wasmBinary: bytes(), locateFile: (p) => p });`;
  // A classic Worker (iife): Chromium does not start module Workers from blob: URLs made by
  // a file:// page. The glue's import.meta.url becomes undefined, which is fine: it is only
  // used to locate the wasm file, and the binary is passed in.
  const worker = await bundle(join(webDir, 'worker.js'), [replaceImport('./leibniz.mjs', workerShim, webDir)], 'iife');

  const bootShim = `
    import { Engine } from './engine.js';
    const source = document.getElementById('leibniz-worker-source').textContent;
    const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    export const engine = new Engine(url, { type: 'classic' });`;
  const app = await bundle(join(webDir, 'app.js'), [replaceImport('./boot.js', bootShim, webDir)]);

  // KaTeX's stylesheet with every font as a data: URL (woff2 only, as on the site).
  const fonts = new Map(readdirSync(join(katexDir, 'fonts')).filter((f) => f.endsWith('.woff2'))
    .map((f) => [f, readFileSync(join(katexDir, 'fonts', f)).toString('base64')]));
  const katexCss = readFileSync(join(katexDir, 'katex.min.css'), 'utf8')
    .replace(/,url\(fonts\/[^)]+\.(?:woff|ttf)\) format\("(?:woff|truetype)"\)/g, '')
    .replace(/url\(fonts\/([^)]+\.woff2)\)/g, (m, f) => {
      if (!fonts.has(f)) throw new Error(`offline-html: font ${f} missing`);
      return `url(data:font/woff2;base64,${fonts.get(f)})`;
    });
  const style = inlineSafe(`${katexCss}\n${readFileSync(join(webDir, 'style.css'), 'utf8')}`, 'the stylesheet');
  const katexJs = inlineSafe(readFileSync(join(katexDir, 'katex.min.js'), 'utf8'), 'KaTeX');
  const appJs = inlineSafe(app, 'the page bundle');
  const workerJs = inlineSafe(worker, 'the Worker bundle');
  const favicon = `data:image/svg+xml;base64,${readFileSync(join(webDir, 'favicon.svg')).toString('base64')}`;

  const csp = [
    "default-src 'none'",
    `script-src ${sha256(katexJs)} ${sha256(appJs)} 'wasm-unsafe-eval'`,
    `style-src ${sha256(style)}`,
    'font-src data:', 'img-src data:', 'worker-src blob:', "connect-src 'none'", "base-uri 'none'", "form-action 'none'",
  ].join('; ');

  // (Every replacement is a function: the inlined code contains `$&` and `$'`.)
  let html = readFileSync(join(webDir, 'index.html'), 'utf8');
  const before = html;
  html = html
    .replace(/<meta http-equiv="Content-Security-Policy" content="[^"]*">/, () => `<meta http-equiv="Content-Security-Policy" content="${csp}">`)
    .replace(/\s*<!--[\s\S]*?-->/g, '')
    // The single file is the derivative calculator alone: no link to the other pages.
    .replace(/\s*<nav class="page-nav">[\s\S]*?<\/nav>/, '')
    .replace(/\s*<link rel="(?:stylesheet|modulepreload|manifest|apple-touch-icon)"[^>]*>/g, '')
    .replace(/\s*<script [^>]*><\/script>/g, '')
    .replace(/<link rel="icon" href="favicon\.svg"/, () => `<link rel="icon" href="${favicon}"`)
    .replace(/<img src="favicon\.svg"/g, () => `<img src="${favicon}"`)
    .replace('</head>', () => `  <style>${style}</style>\n` +
      `  <script>${katexJs}</script>\n` +
      `  <script type="text/plain" id="leibniz-worker-source">${workerJs}</script>\n` +
      `  <script type="module">${appJs}</script>\n</head>`);
  const markup = html.replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/g, '');
  const leftover = markup.match(/(?:src|href)="(?!data:|#)[^"]+"/);
  if (html === before || !html.includes(csp) || leftover) {
    throw new Error(`offline-html: index.html did not have the expected shape (${leftover ? `left: ${leftover[0]}` : 'no CSP'})`);
  }
  return html;
}
