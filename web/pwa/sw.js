// The service worker that makes the page work offline. web/build-site.mjs writes it to
// build/site/sw.js with VERSION (a hash of every precached file) and FILES filled in, so
// any change to the site gives a new sw.js, which the browser then installs.
//
// - install: every file of the app shell (HTML, modules, Worker, wasm, KaTeX CSS, script
//   and fonts, icons) into a cache named after VERSION, fetched past the HTTP cache.
// - fetch: those files from that one cache (falling back to the network), so a page and
//   everything it loads later (fonts, the Worker after a restart) come from one version.
//   Everything else goes to the network untouched.
// - update: the new worker waits while a page of the old version is open (no stale mix);
//   the next visit after those pages are closed runs on it, and activation deletes the
//   older caches. A page that starts while it waits asks it to take over ('skipWaiting')
//   and reloads once it has (web/pwa.js), so a reload also gets the new version as soon as
//   the browser lets the old worker go.

const VERSION = '__VERSION__';
const FILES = __FILES__;
const CACHE = `leibniz-${VERSION}`;
const scope = new URL(self.registration.scope);
const PRECACHED = new Set(FILES.map((f) => new URL(f, scope).href));

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) =>
    cache.addAll(FILES.map((f) => new Request(new URL(f, scope).href, { cache: 'reload' })))));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys().then((keys) =>
    Promise.all(keys.filter((k) => k.startsWith('leibniz-') && k !== CACHE).map((k) => caches.delete(k)))));
});

self.addEventListener('message', (event) => {
  if (event.data === 'skipWaiting') event.waitUntil(self.skipWaiting());
});

function cacheKey(request) {
  const url = new URL(request.url);
  if (url.origin !== scope.origin) return null;
  url.search = '';
  url.hash = '';
  if (request.mode === 'navigate' && url.href === scope.href) return new URL('index.html', scope).href;
  return PRECACHED.has(url.href) ? url.href : null;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const key = cacheKey(request);
  if (!key) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(key);
    return hit || fetch(request);
  })());
});
