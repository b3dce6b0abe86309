// Formulas on the page: LaTeX for the notation around the engine's results (d/dx, ∂, ∇,
// evaluation bars) and typesetting with KaTeX into elements. KaTeX builds DOM nodes and
// sets styles through the CSSOM, which the page's CSP allows; throwOnError stays true
// because KaTeX's error rendering writes a style attribute.

// KaTeX is loaded by a deferred classic script placed after app.js, so the engine Worker
// starts loading while KaTeX is parsed. Deferred scripts have all run by DOMContentLoaded:
// the page waits for `typesetterReady` before its first formula.
export const typesetterReady = new Promise((resolve) => {
  if (document.readyState !== 'loading') resolve();
  else document.addEventListener('DOMContentLoaded', () => resolve(), { once: true });
});

export const TYPESET_LIMIT = 10000; // longer LaTeX is shown as text (KaTeX: ~0.4 s at 10k chars)

const GREEK = new Set(['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta',
  'iota', 'kappa', 'lambda', 'mu', 'nu', 'xi', 'rho', 'sigma', 'tau', 'upsilon', 'phi', 'chi',
  'psi', 'omega', 'Gamma', 'Delta', 'Theta', 'Lambda', 'Xi', 'Sigma', 'Upsilon', 'Phi', 'Psi',
  'Omega']);

// LaTeX for one of the engine's variable names (letters or a Greek name, optional
// subscript), or null for anything else, so user text never reaches KaTeX unchecked.
export function symbol(name) {
  const m = /^([A-Za-z]+)(?:_([A-Za-z0-9]+))?$/.exec(name || '');
  if (!m) return null;
  let base = m[1];
  if (GREEK.has(base)) base = `\\${base} `;
  else if (base.length > 1) base = `\\mathrm{${base}}`;
  return m[2] ? `{${base}}_{${m[2]}}` : base;
}

// The function's name: the left side the user wrote (y, f) or f.
export function functionName(r) {
  return (r.lhs && symbol(r.lhs)) || 'f';
}

// `f(x, y)` or `y`, for the echo of the input.
export function inputPrefix(r) {
  const names = r.variables.map(symbol);
  if (r.lhs && symbol(r.lhs)) {
    const lhs = symbol(r.lhs);
    // `y = ...` stays y, as textbooks write it; `f(x) = ...` shows its arguments.
    if (/^[u-z]$/.test(r.lhs)) return lhs;
    return names.length && names.every(Boolean) ? `${lhs}(${names.join(', ')})` : lhs;
  }
  if (!names.length) return 'f';
  return names.every(Boolean) ? `f(${names.join(', ')})` : 'f';
}

function usesPartials(r) {
  return r.variables.length > 1;
}

// d^n f / dx^n, or ∂^n f / ∂y ∂x for a sequence of variables (applied first to last).
export function derivativeOperator(r, wrt = r.wrt) {
  const f = functionName(r);
  const vars = wrt.map(symbol);
  if (!vars.every(Boolean) || vars.length === 0) return null;
  const d = usesPartials(r) ? '\\partial ' : 'd';
  const sep = usesPartials(r) ? '' : ' ';
  const n = vars.length;
  if (vars.every((v) => v === vars[0])) {
    return n === 1 ? `\\frac{${d}${sep}${f}}{${d}${sep}${vars[0]}}`
      : `\\frac{${d}^{${n}}${sep}${f}}{${d}${sep}${vars[0]}^{${n}}}`;
  }
  // Group repeated neighbours: x, x, y -> ∂y ∂x^2.
  const groups = [];
  for (const v of vars) {
    if (groups.length && groups[groups.length - 1].v === v) groups[groups.length - 1].k += 1;
    else groups.push({ v, k: 1 });
  }
  const below = groups.reverse().map(({ v, k }) => `${d}${sep}${v}${k > 1 ? `^{${k}}` : ''}`).join('\\,');
  return `\\frac{${d}^{${n}}${sep}${f}}{${below}}`;
}

// "x = 1" or "(x, y) = (1, 2)" style labels for a point.
export function pointLatex(names, values) {
  const syms = names.map(symbol);
  const nums = values.map(numberLatex);
  if (names.length === 1) return `${syms[0]} = ${nums[0]}`;
  return `(${syms.join(', ')}) = (${nums.join(', ')})`;
}

// A number as people write it: up to 10 significant digits, no float noise.
export function formatNumber(v) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-4 && a < 1e10) {
    const s = Number(v.toPrecision(10)).toString();
    return s.includes('e') ? v.toExponential(6).replace(/\.?0+e/, 'e') : s.replace('-', '−');
  }
  return v.toExponential(6).replace(/\.?0+e/, 'e').replace('-', '−').replace('e+', 'e').replace('e-', 'e−');
}

export function numberLatex(v) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '\\text{undefined}';
  const s = formatNumber(v).replace(/−/g, '-');
  const m = /^(-?[\d.]+)e(-?\d+)$/.exec(s.replace('e−', 'e-'));
  if (m) return `${m[1]} \\times 10^{${m[2]}}`;
  return s;
}

// Typesets `latex` into `el`. Falls back to `text` in a <code> when the formula is too large
// or KaTeX refuses it; returns true when KaTeX rendered it.
export function renderMath(el, latex, text, { display = true, tooLarge = '', more = '' } = {}) {
  el.replaceChildren();
  const { katex } = globalThis;
  if (katex && latex.length <= TYPESET_LIMIT) {
    try {
      katex.render(latex, el, {
        displayMode: display, fleqn: display, throwOnError: true, trust: false, strict: 'ignore',
      });
      return true;
    } catch {
      el.replaceChildren();
    }
  }
  const code = document.createElement('code');
  code.className = 'math-fallback';
  code.textContent = truncate(text, more);
  el.append(code);
  if (latex.length > TYPESET_LIMIT && tooLarge) {
    const note = document.createElement('p');
    note.className = 'meta';
    note.textContent = tooLarge;
    el.append(note);
  }
  return false;
}

export const TEXT_PREVIEW = 2000; // characters of plain text shown for huge results

export function truncate(text, more = '') {
  if (text.length <= TEXT_PREVIEW) return text;
  return `${text.slice(0, TEXT_PREVIEW)}${more}`;
}
