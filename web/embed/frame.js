// embed.html: shows the state in the URL fragment (the share link's format, state.js) with
// the <leibniz-derivative> element, and tells the embedding page how tall it is, so the
// page can size the iframe (embed/resize.js does that; without it the iframe keeps the
// height written in the snippet). The message carries only a number, so it goes to any
// parent origin.
//
//   embed.html#f=y%3D(3x%5E2%2B8)%5E3&steps=1&lang=ko

import { decodeState } from '../state.js';
import './leibniz.js';

const element = document.getElementById('embedded');

function apply() {
  const hash = location.hash.replace(/^#/, '');
  const state = decodeState(hash) || decodeState('#f=');
  const extra = new URLSearchParams(hash);
  const set = (name, value) => {
    if (value === null) element.removeAttribute(name);
    else element.setAttribute(name, value);
  };
  set('expr', state.expr);
  set('mode', state.mode === 'derivative' ? null : state.mode);
  set('wrt', state.wrt.length ? state.wrt.join(',') : null);
  set('order', state.order === 1 ? null : String(state.order));
  set('steps', extra.get('steps') === '1' ? '' : null);
  set('editable', extra.get('edit') === '1' ? '' : null);
  set('theme', ['dark', 'auto'].includes(extra.get('theme')) ? extra.get('theme') : null);
  const lang = extra.get('lang') === 'ko' ? 'ko' : 'en';
  document.documentElement.lang = lang;
  set('lang', lang);
}

let last = -1;
function report() {
  const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
  if (height === last) return;
  last = height;
  document.body.dataset.height = String(height);
  if (window.parent !== window) window.parent.postMessage({ type: 'leibniz-embed-height', height }, '*');
}

apply();
window.addEventListener('hashchange', apply);
new ResizeObserver(report).observe(document.documentElement);
element.addEventListener('leibniz-render', report);
