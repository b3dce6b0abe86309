// What the page shows, as a plain object, and its encoding in the URL fragment. The
// fragment never reaches a server, so a shared link carries the expression privately.
//
//   #f=x%5E2+y&m=mixed&v=x,y&n=1&at.x=1&at.y=pi%2F2&ans=2*x
//
// f: the expression; m: derivative | mixed | gradient; v: the chosen variable (derivative)
// or the variables in order (mixed); n: the order; at.NAME: the point, as typed;
// ans: the answer typed into "Check my answer"; full=1: the fully expanded form of a result
// that names its repeated subexpressions ("where u_1 = ...").

export const MODES = ['derivative', 'mixed', 'gradient'];
export const MAX_ORDER = 20;
export const MAX_MIXED = 4;
const NAME = /^[A-Za-z\u0370-\u03ff][A-Za-z0-9_\u0370-\u03ff]*$/;

export function defaultState() {
  return { expr: '', mode: 'derivative', wrt: [], order: 1, at: {}, answer: '', expanded: false };
}

export function clampOrder(n) {
  const v = Number.parseInt(n, 10);
  return Number.isFinite(v) ? Math.min(MAX_ORDER, Math.max(1, v)) : 1;
}

export function encodeState(s) {
  const p = new URLSearchParams();
  p.set('f', s.expr);
  if (s.mode !== 'derivative') p.set('m', s.mode);
  if (s.wrt.length && s.mode !== 'gradient') p.set('v', s.wrt.join(','));
  if (s.mode === 'derivative' && s.order !== 1) p.set('n', String(s.order));
  for (const [name, value] of Object.entries(s.at)) if (value.trim()) p.set(`at.${name}`, value);
  if (s.answer.trim()) p.set('ans', s.answer);
  if (s.expanded) p.set('full', '1');
  return `#${p.toString()}`;
}

// Reads a fragment; anything malformed falls back to the default for that field.
export function decodeState(hash) {
  const s = defaultState();
  const p = new URLSearchParams(String(hash || '').replace(/^#/, ''));
  if (!p.has('f')) return null;
  s.expr = p.get('f').slice(0, 100000);
  if (MODES.includes(p.get('m'))) s.mode = p.get('m');
  const names = (p.get('v') || '').split(',').filter((v) => NAME.test(v));
  s.wrt = s.mode === 'mixed' ? names.slice(0, MAX_MIXED) : names.slice(0, 1);
  if (s.mode === 'gradient') s.wrt = [];
  s.order = clampOrder(p.get('n') || 1);
  for (const [key, value] of p) {
    const name = key.startsWith('at.') ? key.slice(3) : '';
    if (NAME.test(name)) s.at[name] = value.slice(0, 200);
  }
  s.answer = (p.get('ans') || '').slice(0, 100000);
  s.expanded = p.get('full') === '1';
  return s;
}

export function sameState(a, b) {
  return encodeState(a) === encodeState(b);
}
