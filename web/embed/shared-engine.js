// One engine Worker for every Leibniz element on a page, started when the first element
// needs it (becomes visible), not when the page loads.
import { Engine } from '../engine.js';
import { siteUrl } from './katex-loader.js';

let engine = null;

// A Worker must be same-origin with the page. When the element is served from another
// origin (a blog embedding it from a static host), a same-origin blob: module imports the
// Worker script instead (that host must then send CORS headers, and the page's CSP must
// allow worker-src blob: HOST and connect-src HOST: a blob: Worker inherits the page's CSP).
function workerUrl() {
  const url = siteUrl('worker.js');
  if (new URL(url).origin === location.origin) return url;
  const source = `import ${JSON.stringify(url)};`;
  return URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
}

export function sharedEngine() {
  if (!engine) engine = new Engine(workerUrl());
  return engine;
}

export function engineStarted() {
  return engine !== null;
}
