// Loads the site's own KaTeX for pages that embed Leibniz (the custom element, the static
// formula helper, the iframe embed). Everything comes from the folder this module was
// served from, so a host page needs only one script tag, and the host's CSP needs only to
// allow that origin (script-src, style-src, font-src).
//
// KaTeX ships as a UMD script (a classic script that sets globalThis.katex); it is loaded
// with a <script src> element, never eval. If the host page had its own `katex` global,
// it is put back afterwards and ours is kept here, so neither page breaks the other.

const base = new URL('../', import.meta.url); // the site root (embed/ is one level down)

export const siteUrl = (path) => new URL(path, base).href;

let katexPromise = null;

function addToHead(tag, attrs) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  (document.head || document.documentElement).append(el);
  return el;
}

// Fonts: @font-face rules inside a shadow root are ignored by browsers, so the face rules
// (only those, nothing that styles elements) are added to the document once.
export function loadFontFaces() {
  if (document.querySelector('link[data-leibniz-fonts]')) return;
  addToHead('link', { rel: 'stylesheet', href: siteUrl('vendor/katex/katex-fonts.css'), 'data-leibniz-fonts': '' });
}

// KaTeX's full stylesheet for the document (the static formula helper renders into the
// host page itself).
export function loadDocumentStyles() {
  loadFontFaces();
  if (document.querySelector('link[data-leibniz-katex-css]')) return;
  addToHead('link', { rel: 'stylesheet', href: siteUrl('vendor/katex/katex.min.css'), 'data-leibniz-katex-css': '' });
}

// Resolves to the KaTeX object.
export function loadKatex() {
  if (katexPromise) return katexPromise;
  katexPromise = new Promise((resolve, reject) => {
    const theirs = Object.getOwnPropertyDescriptor(globalThis, 'katex');
    const script = addToHead('script', { src: siteUrl('vendor/katex/katex.min.js'), 'data-leibniz-katex': '' });
    script.addEventListener('load', () => {
      const ours = globalThis.katex;
      if (theirs) Object.defineProperty(globalThis, 'katex', theirs);
      if (ours && typeof ours.render === 'function') resolve(ours);
      else reject(new Error('KaTeX did not load'));
    }, { once: true });
    script.addEventListener('error', () => reject(new Error('KaTeX could not be loaded')), { once: true });
  });
  return katexPromise;
}

// Typesets `latex` into `el` with KaTeX (trust: false: no \href, \includegraphics, raw
// HTML or style commands), or shows `fallback` as text when KaTeX refuses it.
export function typeset(katex, el, latex, fallback = latex, { display = false, limit = 10000 } = {}) {
  el.replaceChildren();
  if (katex && latex.length <= limit) {
    try {
      katex.render(latex, el, { displayMode: display, throwOnError: true, trust: false, strict: 'ignore', maxExpand: 1000 });
      return true;
    } catch {
      el.replaceChildren();
    }
  }
  const code = document.createElement('code');
  code.className = 'math-fallback';
  code.textContent = fallback.length > 2000 ? `${fallback.slice(0, 2000)}…` : fallback;
  el.append(code);
  return false;
}
