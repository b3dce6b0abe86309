// Static formulas: typesets LaTeX already written in a page (like KaTeX's auto-render),
// with the same self-hosted KaTeX the element uses, so a blog can drop an online
// equation-image service. Opt-in:
//
//   <article data-leibniz-math> … $$\frac{d}{dx}x^n = nx^{n-1}$$ … \(f'(x)\) … </article>
//   <script type="module" src="https://HOST/embed/auto-render.js"></script>
//
// renders every element with the data-leibniz-math attribute (data-leibniz-math="dollars"
// also accepts single $…$, as the seed posts write). Or call it yourself:
//
//   import { renderMathInElement } from 'https://HOST/embed/auto-render.js';
//   await renderMathInElement(document.querySelector('article'), { dollars: true });
//
// Only text nodes are read and only new nodes are inserted (KaTeX output, or the original
// text when KaTeX refuses a formula); nothing is parsed as HTML.

import { loadDocumentStyles, loadKatex, typeset } from './katex-loader.js';

const SKIP = new Set(['SCRIPT', 'STYLE', 'TEXTAREA', 'PRE', 'CODE', 'OPTION', 'NOSCRIPT', 'LEIBNIZ-DERIVATIVE', 'SVG', 'MATH']);

function delimiters(dollars) {
  const list = [
    { left: '$$', right: '$$', display: true },
    { left: '\\[', right: '\\]', display: true },
    { left: '\\(', right: '\\)', display: false },
  ];
  if (dollars) list.push({ left: '$', right: '$', display: false });
  return list;
}

// Splits text into [{text} | {math, display, raw}] pieces.
export function splitMath(text, dollars = false) {
  const list = delimiters(dollars);
  const out = [];
  let rest = text;
  let plain = '';
  while (rest.length) {
    let best = null;
    for (const d of list) {
      const at = findUnescaped(rest, d.left, 0);
      if (at >= 0 && (!best || at < best.at || (at === best.at && d.left.length > best.d.left.length))) best = { at, d };
    }
    if (!best) break;
    const { at, d } = best;
    const end = findUnescaped(rest, d.right, at + d.left.length);
    if (end < 0) break;
    const math = rest.slice(at + d.left.length, end);
    if (math.trim() === '') {
      plain += rest.slice(0, end + d.right.length);
      rest = rest.slice(end + d.right.length);
      continue;
    }
    plain += rest.slice(0, at);
    if (plain) out.push({ text: plain });
    plain = '';
    out.push({ math, display: d.display, raw: rest.slice(at, end + d.right.length) });
    rest = rest.slice(end + d.right.length);
  }
  plain += rest;
  if (plain) out.push({ text: plain });
  // An escaped dollar sign (\$) is a literal dollar sign in the text.
  return dollars ? out.map((p) => (p.text !== undefined ? { text: p.text.replace(/\\\$/g, '$') } : p)) : out;
}

// The index of `needle` in `s` from `from`, skipping ones preceded by a backslash (\$).
function findUnescaped(s, needle, from) {
  let i = s.indexOf(needle, from);
  while (i > 0 && s[i - 1] === '\\' && needle[0] === '$') i = s.indexOf(needle, i + 1);
  return i;
}

function textNodes(root) {
  const found = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode(node) {
      for (let p = node.parentElement; p && p !== root.parentElement; p = p.parentElement) {
        if (SKIP.has(p.tagName.toUpperCase()) || p.classList.contains('katex')) return NodeFilter.FILTER_REJECT;
      }
      return /\$|\\\(|\\\[/.test(node.data) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
    },
  });
  for (let n = walker.nextNode(); n; n = walker.nextNode()) found.push(n);
  return found;
}

// Typesets the formulas under `root`; resolves to the number of formulas rendered.
export async function renderMathInElement(root, { dollars = false } = {}) {
  loadDocumentStyles();
  const katex = await loadKatex();
  let count = 0;
  for (const node of textNodes(root)) {
    const pieces = splitMath(node.data, dollars);
    if (!pieces.some((p) => p.math !== undefined)) {
      if (pieces.length === 1 && pieces[0].text !== node.data) node.data = pieces[0].text; // only \$ in it
      continue;
    }
    const frag = document.createDocumentFragment();
    for (const p of pieces) {
      if (p.math === undefined) {
        frag.append(p.text);
        continue;
      }
      const span = document.createElement(p.display ? 'div' : 'span');
      span.className = p.display ? 'leibniz-math leibniz-math-display' : 'leibniz-math';
      if (typeset(katex, span, p.math.trim(), p.raw, { display: p.display })) count += 1;
      frag.append(span);
    }
    node.replaceWith(frag);
  }
  return count;
}

// Opt-in by attribute: every [data-leibniz-math] element on the page, once it is parsed.
function auto() {
  const roots = [...document.querySelectorAll('[data-leibniz-math]')];
  return Promise.all(roots.map((r) => renderMathInElement(r, { dollars: r.dataset.leibnizMath === 'dollars' })
    .then((n) => {
      r.dataset.leibnizMathRendered = String(n);
      return n;
    })));
}

export const rendered = document.readyState === 'loading'
  ? new Promise((resolve) => document.addEventListener('DOMContentLoaded', () => resolve(auto()), { once: true }))
  : auto();
