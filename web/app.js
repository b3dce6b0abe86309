// Main thread: reads the form, sends requests to the engine Worker and shows the answers.
// User text only ever reaches the page through textContent; formulas are typeset by
// katex.render, which builds DOM nodes (styles through the CSSOM, allowed by the CSP).

const TIME_LIMIT_MS = 3000; // a request running longer than this restarts the Worker
const DEBOUNCE_MS = 120;
const BUSY_AFTER_MS = 250; // say "Working…" only when an answer takes a noticeable time
const TYPESET_LIMIT = 10000; // longer LaTeX is shown as text (KaTeX: ~0.4 s at 10k chars)
const TEXT_PREVIEW = 2000; // characters of plain text shown for huge results
const GREEK = new Set(['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta',
  'iota', 'kappa', 'lambda', 'mu', 'nu', 'xi', 'rho', 'sigma', 'tau', 'upsilon', 'phi', 'chi',
  'psi', 'omega', 'Gamma', 'Delta', 'Theta', 'Lambda', 'Xi', 'Sigma', 'Upsilon', 'Phi', 'Psi',
  'Omega']);

const $ = (id) => document.getElementById(id);
const ui = {
  main: document.querySelector('main'),
  form: $('calc'),
  expr: $('expr'),
  variable: $('var'),
  order: $('order'),
  error: $('error'),
  errorMessage: $('error-message'),
  errorEcho: $('error-echo'),
  status: $('status'),
  result: $('result'),
  inputMath: $('input-math'),
  resultMath: $('result-math'),
  notes: $('notes'),
  resultText: $('result-text'),
  copy: $('copy'),
  examples: $('examples'),
};

// KaTeX is loaded by a deferred classic script that runs before this module.
const katex = globalThis.katex;

// ---------------------------------------------------------------- the engine Worker

let worker = null;
let ready = false;
let inflight = null; // {req, timer, busyTimer}: at most one request in the Worker at a time
let pending = null; // the newest request not yet sent
let nextId = 1;
let latestId = 0; // answers to older requests are stale and discarded

function startWorker() {
  ready = false;
  worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  worker.onmessage = (event) => onWorkerMessage(event.data);
  worker.onerror = (event) => {
    event.preventDefault();
    stopInflight();
    showFailure('The calculation engine could not be started. Reload the page to try again.');
  };
}

function stopInflight() {
  if (!inflight) return null;
  clearTimeout(inflight.timer);
  clearTimeout(inflight.busyTimer);
  const { req } = inflight;
  inflight = null;
  return req;
}

function restartWorker() {
  worker.terminate();
  stopInflight();
  startWorker();
}

function pump() {
  if (!ready || inflight || !pending) return;
  const req = pending;
  pending = null;
  inflight = {
    req,
    timer: setTimeout(onTimeLimit, TIME_LIMIT_MS),
    busyTimer: setTimeout(() => req.id === latestId && setState('busy', 'Working…'), BUSY_AFTER_MS),
  };
  worker.postMessage(req);
}

function onTimeLimit() {
  const req = inflight && inflight.req;
  restartWorker();
  if (req && req.id === latestId) {
    showFailure('This calculation took longer than 3 seconds, so it was stopped and the ' +
      'engine was restarted. Try a simpler expression or a lower order.', 'timeout', req);
  }
}

function onWorkerMessage(msg) {
  if (msg.type === 'ready') {
    ready = true;
    if (ui.main.dataset.state === 'loading') setState('idle', '');
    pump();
  } else if (msg.type === 'fatal') {
    showFailure(`The calculation engine could not be loaded (${msg.message}).`);
  } else if (msg.type === 'result') {
    if (!inflight || msg.id !== inflight.req.id) return;
    const req = stopInflight();
    if (msg.restart) restartWorker();
    if (req.id === latestId) show(req, msg.response, msg.ms);
    pump();
  }
}

// ---------------------------------------------------------------- requests

let debounce = 0;
let chosenVar = null; // null: let the engine choose the variable
let lastGood = null;

function orderValue() {
  const n = Number.parseInt(ui.order.value, 10);
  return Number.isFinite(n) ? Math.min(20, Math.max(1, n)) : 1;
}

function schedule(delay) {
  clearTimeout(debounce);
  debounce = setTimeout(submit, delay);
}

function submit() {
  clearTimeout(debounce);
  const input = ui.expr.value;
  latestId = nextId++;
  if (input.trim() === '') {
    pending = null;
    showEmpty();
    return;
  }
  pending = { id: latestId, input, wrt: chosenVar, order: orderValue() };
  pump();
}

// ---------------------------------------------------------------- display

// data-state / data-for / data-order on <main> say what the page shows (used by the tests).
function setState(state, statusText, req) {
  ui.main.dataset.state = state;
  if (req) {
    ui.main.dataset.for = req.input;
    ui.main.dataset.order = String(req.order);
  }
  ui.status.textContent = statusText;
}

function symbol(name) {
  // The engine's variable names: ASCII letters or a Greek name, optionally a subscript.
  const m = /^([A-Za-z]+)(?:_([A-Za-z0-9]+))?$/.exec(name || '');
  if (!m) return null;
  let base = m[1];
  if (GREEK.has(base)) base = `\\${base} `;
  else if (base.length > 1) base = `\\mathrm{${base}}`;
  return m[2] ? `{${base}}_{${m[2]}}` : base;
}

function inputPrefix(r) {
  if (r.lhs) return symbol(r.lhs);
  const names = (r.variables.length ? r.variables : r.wrt.slice(0, 1)).map(symbol);
  return names.every(Boolean) ? `f(${names.join(', ')})` : 'f';
}

function derivativePrefix(r) {
  const f = r.lhs ? symbol(r.lhs) : 'f';
  const vars = r.wrt.map(symbol);
  if (!f || !vars.every(Boolean)) return null;
  const d = r.variables.length > 1 ? '\\partial ' : 'd ';
  const n = vars.length;
  if (vars.every((v) => v === vars[0])) {
    return n === 1 ? `\\frac{${d}${f}}{${d}${vars[0]}}` : `\\frac{${d}^{${n}} ${f}}{${d}${vars[0]}^{${n}}}`;
  }
  const below = vars.slice().reverse().map((v) => `${d}${v}`).join('\\,');
  return `\\frac{${d}^{${n}} ${f}}{${below}}`;
}

function truncate(text) {
  if (text.length <= TEXT_PREVIEW) return text;
  return `${text.slice(0, TEXT_PREVIEW)}… (${text.length.toLocaleString('en')} characters in all)`;
}

// Typesets `latex` into `el`; falls back to plain text when it is too large or KaTeX refuses.
function renderMath(el, prefix, latex, text) {
  el.replaceChildren();
  if (katex && latex.length <= TYPESET_LIMIT) {
    try {
      katex.render(prefix ? `${prefix} = ${latex}` : latex, el, {
        displayMode: true, fleqn: true, throwOnError: true, trust: false, strict: 'ignore',
      });
      return;
    } catch {
      el.replaceChildren();
    }
  }
  const code = document.createElement('code');
  code.className = 'math-fallback';
  code.textContent = truncate(text);
  el.append(code);
  if (latex.length > TYPESET_LIMIT) {
    const note = document.createElement('p');
    note.className = 'meta';
    note.textContent = 'This formula is too large to typeset, so it is shown as text.';
    el.append(note);
  }
}

function fillVariables(r) {
  const names = r.variables.length ? r.variables : r.wrt.slice(0, 1);
  const current = r.wrt[r.wrt.length - 1];
  const same = names.length === ui.variable.options.length &&
    names.every((n, i) => ui.variable.options[i].value === n);
  if (!same) {
    ui.variable.replaceChildren(...names.map((n) => {
      const option = document.createElement('option');
      option.value = n;
      option.textContent = n;
      return option;
    }));
  }
  ui.variable.value = current;
  ui.variable.disabled = names.length < 2;
}

function show(req, r, ms) {
  if (!r.ok) {
    showError(req, r.error);
    return;
  }
  lastGood = r;
  ui.error.hidden = true;
  ui.expr.removeAttribute('aria-invalid');
  ui.result.hidden = false;
  ui.result.classList.remove('stale');

  renderMath(ui.inputMath, inputPrefix(r), r.input.latex, r.input.text);
  renderMath(ui.resultMath, derivativePrefix(r), r.result.latex, r.result.text);

  ui.notes.replaceChildren(...r.notes.map((note) => {
    const li = document.createElement('li');
    li.textContent = note;
    return li;
  }));
  ui.resultText.textContent = truncate(r.result.text);
  ui.copy.textContent = 'Copy';
  fillVariables(r);
  setState('ok', '', req);
  ui.result.dataset.ms = ms.toFixed(1);
}

function showError(req, error) {
  const { input } = req;
  ui.errorMessage.textContent = capitalize(error.message);
  ui.errorEcho.replaceChildren();
  const chars = Array.from(input); // the engine counts code points, not UTF-16 units
  if (error.kind === 'input' && chars.length > 0) {
    const pos = Math.min(Math.max(0, error.position | 0), chars.length);
    const len = Math.min(Math.max(0, error.length | 0), chars.length - pos);
    const bad = document.createElement('span');
    bad.className = len > 0 ? 'bad' : 'bad caret';
    bad.textContent = len > 0 ? chars.slice(pos, pos + len).join('') : '\u00a0';
    ui.errorEcho.append(chars.slice(0, pos).join(''), bad, chars.slice(pos + len).join(''));
  }
  ui.errorEcho.hidden = ui.errorEcho.childNodes.length === 0;
  ui.error.hidden = false;
  ui.expr.setAttribute('aria-invalid', 'true');
  ui.result.classList.toggle('stale', lastGood !== null);
  setState('error', '', req);
}

function showFailure(message, state = 'failed', req = undefined) {
  ui.errorMessage.textContent = message;
  ui.errorEcho.replaceChildren();
  ui.errorEcho.hidden = true;
  ui.error.hidden = false;
  ui.result.classList.toggle('stale', lastGood !== null);
  setState(state, '', req);
}

function showEmpty() {
  ui.error.hidden = true;
  ui.expr.removeAttribute('aria-invalid');
  ui.result.hidden = true;
  lastGood = null;
  setState('empty', '', { input: '', order: orderValue() });
}

function capitalize(s) {
  return s ? s[0].toUpperCase() + s.slice(1) + (/[.?!]$/.test(s) ? '' : '.') : s;
}

// ---------------------------------------------------------------- events

ui.form.addEventListener('submit', (event) => {
  event.preventDefault();
  submit();
});
ui.expr.addEventListener('input', () => schedule(DEBOUNCE_MS));
ui.order.addEventListener('input', () => schedule(DEBOUNCE_MS));
ui.order.addEventListener('change', () => {
  ui.order.value = String(orderValue());
  submit();
});
ui.variable.addEventListener('change', () => {
  chosenVar = ui.variable.value;
  submit();
});
ui.examples.addEventListener('click', (event) => {
  const button = event.target.closest('button');
  if (!button) return;
  ui.expr.value = button.textContent;
  chosenVar = null;
  submit();
});
ui.copy.addEventListener('click', async () => {
  if (!lastGood) return;
  try {
    await navigator.clipboard.writeText(lastGood.result.text);
    ui.copy.textContent = 'Copied';
  } catch {
    window.getSelection().selectAllChildren(ui.resultText);
  }
});

setState('loading', 'Loading the engine…');
startWorker();
submit();
