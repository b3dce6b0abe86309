// The page's controller: reads the controls into a state object (state.js, mirrored in the
// URL fragment), asks the engine Worker (engine.js) for the derivative, shows it, and hands
// the result to the panels that depend on it: value at a point, graph, answer check.
// User text reaches the page only through textContent and input values; formulas are
// typeset by KaTeX from the engine's LaTeX (math.js). Never innerHTML.

import { CheckPanel } from './check-panel.js';
import { copyText, flashButton } from './clipboard.js';
import { EmbedPanel } from './embed-panel.js';
import { appendHidden, fillSelect, keepScrollablesFocusable, underlineInput } from './dom.js';
import { engine } from './boot.js';
import { engineMessage, language, preferredLanguage, setLanguage, speakable, t, translatePage } from './i18n.js';
import { derivativeOperator, functionName, inputPrefix, renderMath, symbol, truncate, typesetterReady } from './math.js';
import { PlotPanel } from './plot-panel.js';
import { PointPanel } from './point-panel.js';
import { StepsPanel } from './steps.js';
import { applyTheme, loadPref, nextTheme, onSystemThemeChange, savePref, storedTheme } from './prefs.js';
import { MAX_MIXED, clampOrder, decodeState, defaultState, encodeState } from './state.js';

const DEBOUNCE_MS = 120;
const BUSY_AFTER_MS = 250;
const ANNOUNCE_AFTER_MS = 900;

const $ = (id) => document.getElementById(id);
const ui = {
  main: document.querySelector('main'),
  form: $('calc'), expr: $('expr'),
  error: $('error'), errorMessage: $('error-message'), errorEcho: $('error-echo'),
  modeSet: $('mode'), single: $('single'), variable: $('var'), order: $('order'),
  mixed: $('mixed'), mixedList: $('mixed-list'), mixedAdd: $('mixed-add'), mixedRemove: $('mixed-remove'),
  gradientNote: $('gradient-note'),
  status: $('status'), announce: $('announce'),
  result: $('result'), inputMath: $('input-math'), resultMath: $('result-math'), notes: $('notes'),
  where: $('where'), whereMath: $('where-math'), formSwitch: $('form-switch'), expandToggle: $('expand-toggle'),
  formNote: $('form-note'), expandError: $('expand-error'),
  resultText: $('result-text'), pointFields: $('point-fields'),
  copyLatex: $('copy-latex'), copyText: $('copy-text'), share: $('share'),
  stepsCard: $('steps-card'),
  plotCard: $('plot-card'), checkCard: $('check-card'), answer: $('answer'),
  examples: $('examples'), lang: $('lang'), theme: $('theme'),
};

// ---------------------------------------------------------------- preferences

setLanguage(loadPref('lang') || preferredLanguage());
let theme = storedTheme();
applyTheme(theme);
translatePage();

// ---------------------------------------------------------------- state and URL

let state = decodeState(location.hash) || { ...defaultState(), expr: ui.expr.value };
let seq = 0; // id of the newest main request; older answers are dropped
let shown = null; // what the output shows: {kind: 'ok'|'error'|'failure', r, intent, err}
let lastGood = null; // the last successful response (stays visible, dimmed, under an error)
let pushNext = false; // the next URL update starts a new history entry
let urlTouched = Boolean(location.hash); // a fresh visit keeps a clean address until a change

function writeForm() {
  ui.expr.value = state.expr;
  ui.order.value = String(state.order);
  for (const radio of ui.modeSet.querySelectorAll('input[name=mode]')) radio.checked = radio.value === state.mode;
  ui.answer.value = state.answer;
  ui.expandToggle.setAttribute('aria-pressed', String(state.expanded));
}

// Typing replaces the current history entry; a discrete action (an example, a control,
// Enter, leaving the field) makes the next change a new entry, so Back undoes it.
function syncUrl({ push = false } = {}) {
  if (!urlTouched && !push) return;
  urlTouched = true;
  const hash = encodeState(state);
  if (hash === location.hash) return;
  if (push || pushNext) history.pushState(null, '', hash);
  else history.replaceState(null, '', hash);
  pushNext = false;
}

function commit() {
  pushNext = true;
}

// ---------------------------------------------------------------- engine and panels

// Only failures outside any call land here (a call's own failure is shown by its caller).
engine.onRestart = (reason, message) => showFailure({ reason, message });

const point = new PointPanel(engine, { fields: ui.pointFields, values: $('point-values'), error: $('point-error') }, {
  at: () => state.at,
  onChange: (p) => plot.setPoint(p),
});

const plot = new PlotPanel(engine, {
  card: ui.plotCard, canvas: $('plot-canvas'), legend: $('legend'), message: $('plot-message'),
  hint: $('plot-hint'), tangent: $('tangent-math'), zoomIn: $('zoom-in'), zoomOut: $('zoom-out'),
  zoomReset: $('zoom-reset'),
}, {
  onPick: (name, text) => {
    state.at = { [name]: text };
    commit();
    syncUrl();
    point.update();
  },
});

const check = new CheckPanel(engine, {
  answer: ui.answer, echo: $('answer-echo'), math: $('answer-math'), verdict: $('check-verdict'),
}, { answer: () => state.answer });

const steps = new StepsPanel(engine, {
  card: ui.stepsCard, toggle: $('steps-toggle'), body: $('steps-body'), status: $('steps-status'),
  groups: $('steps-groups'),
});

const embedPanel = new EmbedPanel({
  button: $('embed'), dialog: $('embed-dialog'), element: $('embed-element'), iframe: $('embed-iframe'),
  steps: $('embed-steps'), copyElement: $('embed-copy-element'), copyIframe: $('embed-copy-iframe'), close: $('embed-close'),
}, { state: () => state, announce: (text) => announceNow(text) });

globalThis.__leibniz = { engine, plot, steps, embedPanel }; // for the browser tests

// ---------------------------------------------------------------- the main request

let debounce = 0;
function schedule() {
  clearTimeout(debounce);
  debounce = setTimeout(compute, DEBOUNCE_MS);
}

async function compute() {
  clearTimeout(debounce);
  const id = ++seq;
  const intent = { input: state.expr, mode: state.mode, wrt: state.wrt.slice(), order: state.order, expanded: state.expanded };
  if (intent.input.trim() === '') {
    showEmpty();
    return;
  }
  const busy = setTimeout(() => id === seq && setState('busy', t('working')), BUSY_AFTER_MS);
  try {
    const r = await engine.call('derive', intent, { key: 'main', first: true });
    await typesetterReady;
    if (id !== seq) return;
    if (r.ok) showResult(r, intent);
    else showError(r, intent);
  } catch (err) {
    if (id === seq && err.reason !== 'superseded') showFailure(err, intent);
  } finally {
    clearTimeout(busy);
  }
}

// data-state / data-for / data-order on <main> say what the page shows (used by the tests).
function setState(s, statusText = '', intent = null) {
  ui.main.dataset.state = s;
  if (intent) {
    ui.main.dataset.for = intent.input;
    ui.main.dataset.order = String(state.order);
  }
  ui.status.textContent = statusText;
}

// ---------------------------------------------------------------- result

function showResult(r, intent) {
  lastGood = r;
  shown = { kind: 'ok', r, intent };
  if (!performance.getEntriesByName('leibniz-first-result').length) performance.mark('leibniz-first-result');
  // Keep the state in step with what was computed (a chosen variable may have disappeared).
  if (r.resolved.mode !== 'gradient') state.wrt = r.resolved.wrt.slice();
  renderResult();
  setState('ok', '', intent);
  ui.result.dataset.ms = (r.ms || 0).toFixed(1);
  syncUrl();
  const said = r.gradient
    ? t('announceGradient', { text: r.gradient.map((g) => speakable(truncate(g.text))).join('; ') })
    : t('announceResult', { text: speakable(truncate(r.result.text)) });
  announceLater(r.expandedError ? `${said} ${ui.expandError.textContent}` : said);
  ui.checkCard.hidden = Boolean(r.gradient); // an answer is checked against one derivative
  steps.show(r, intent); // a follow-up request, queued before the graph's
  plot.show(r); // before the point: the point's values arrive for the new graph
  point.show(r);
  check.show(r);
}

function renderResult() {
  const r = lastGood;
  ui.error.hidden = true;
  ui.expr.removeAttribute('aria-invalid');
  ui.result.hidden = false;
  setStale(false);
  const more = (text) => t('charactersInAll', { n: text.length.toLocaleString(language()) });
  const opts = (text) => ({ tooLarge: t('tooLargeToTypeset'), more: more(text) });
  renderMath(ui.inputMath, `${inputPrefix(r)} = ${r.input.latex}`, r.input.text, opts(r.input.text));
  if (r.gradient) {
    const rows = r.gradient.map((g) => `${derivativeOperator(r, [g.var]) || '?'} &= ${g.latex}`);
    const text = r.gradient.map((g) => `${g.var}: ${g.text}`).join('\n');
    renderMath(ui.resultMath, `\\begin{aligned}${rows.join(' \\\\[0.9em] ')}\\end{aligned}`, text, opts(text));
  } else {
    const op = derivativeOperator(r);
    renderMath(ui.resultMath, op ? `${op} = ${r.result.latex}` : r.result.latex, r.result.text, opts(r.result.text));
  }
  renderWhere(r, opts);
  const text = plainText(r);
  ui.resultText.textContent = truncate(text, more(text));
  ui.notes.replaceChildren(...r.notes.map((note) => {
    const li = document.createElement('li');
    li.textContent = engineMessage(note);
    return li;
  }));
  ui.notes.hidden = r.notes.length === 0;
  renderControls(r.variables, r.resolved, r.wrt);
  updateScrollBoxes();
}

// Named subexpressions ("where u_1 = sin(x)", each definition may use earlier names) under
// the result, and the switch between that form and the fully expanded one. `r.named`: the
// expanded form is shown and a named one exists; `r.expandedError`: the expanded form was
// asked for but exceeds a limit, so the named form is shown with the reason.
function renderWhere(r, opts) {
  const where = r.where || [];
  ui.where.hidden = where.length === 0;
  ui.result.dataset.where = String(where.length);
  ui.result.dataset.form = where.length ? 'named' : r.named ? 'expanded' : 'plain';
  if (where.length) {
    const text = where.map((d) => `${d.name} = ${d.text}`).join('\n'); // (under the label "where")
    const latex = whereLatex(where);
    if (latex) {
      renderMath(ui.whereMath, latex, text, opts(text));
    } else { // a name KaTeX should not see: the text only
      const code = document.createElement('code');
      code.className = 'math-fallback';
      code.textContent = truncate(text, opts(text).more);
      ui.whereMath.replaceChildren(code);
    }
  } else {
    ui.whereMath.replaceChildren();
  }
  ui.formSwitch.hidden = !(where.length || r.named);
  ui.expandToggle.setAttribute('aria-pressed', String(state.expanded));
  ui.formNote.textContent = r.named ? t('expandedNote', { n: plainText(r).length.toLocaleString(language()) })
    : where.length ? t('whereNote') : '';
  ui.expandError.hidden = !r.expandedError;
  ui.expandError.textContent = r.expandedError ? t('expandedFailed', { message: engineMessage(r.expandedError.message) }) : '';
}

// A box that scrolls takes keyboard focus, so keyboard users can scroll it too. dom.js's
// keepScrollablesFocusable covers the sideways .scroll-x rows; these scroll downwards too:
// the definitions, the plain text (several lines with definitions) and a large result shown
// as text.
function focusableIfScrolls(el) {
  if (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1) el.tabIndex = 0;
  else el.removeAttribute('tabindex');
}

function scrollBoxes() {
  return [ui.whereMath, ui.resultText, ...ui.result.querySelectorAll('.math-fallback')];
}

let scrollFrame = 0;
function updateScrollBoxes() {
  if (scrollFrame) return;
  scrollFrame = requestAnimationFrame(() => {
    scrollFrame = 0;
    for (const el of scrollBoxes()) focusableIfScrolls(el);
  });
}

// The definitions as the CLI prints them: "where u_1 = sin(x)", then aligned lines.
function whereText(where) {
  return where.map((d, i) => `${i ? '      ' : 'where '}${d.name} = ${d.text}`).join('\n');
}

function whereLatex(where) {
  const names = where.map((d) => symbol(d.name));
  if (!names.every(Boolean)) return '';
  const rows = where.map((d, i) => `${names[i]} &= ${d.latex}`);
  return `\\begin{aligned}${rows.join(' \\\\ ')}\\end{aligned}`;
}

function plainText(r) {
  const text = r.gradient ? `(${r.gradient.map((g) => g.text).join(', ')})` : r.result.text;
  return r.where ? `${text}\n${whereText(r.where)}` : text;
}

function latexText(r) {
  const latex = r.gradient
    ? `\\nabla ${functionName(r)} = \\begin{pmatrix} ${r.gradient.map((g) => g.latex).join(' \\\\ ')} \\end{pmatrix}`
    : r.result.latex;
  const where = r.where ? whereLatex(r.where) : '';
  return where ? `${latex},\\quad\\text{where}\\quad ${where}` : latex;
}

function setStale(stale) {
  for (const el of [ui.result, ui.stepsCard, ui.plotCard, ui.checkCard]) el.classList.toggle('stale', stale);
}

// The mode, variable and order controls, for the variables the input has. `resolved` is
// what the Worker computed (null when the engine asks which variable to use).
function renderControls(variables, resolved, wrt) {
  const mode = resolved ? resolved.mode : 'derivative';
  ui.modeSet.hidden = variables.length < 2;
  for (const radio of ui.modeSet.querySelectorAll('input[name=mode]')) radio.checked = radio.value === mode;
  ui.single.hidden = mode !== 'derivative';
  ui.mixed.hidden = mode !== 'mixed';
  ui.gradientNote.hidden = mode !== 'gradient';
  if (mode === 'derivative') {
    const names = variables.length ? variables : wrt.slice(0, 1);
    fillSelect(ui.variable, names, wrt[wrt.length - 1], resolved ? '' : t('chooseVariable'));
    ui.variable.disabled = names.length < 2;
  } else if (mode === 'mixed') {
    const existing = [...ui.mixedList.querySelectorAll('select')];
    const selects = resolved.wrt.map((v, i) => {
      const select = existing[i] || document.createElement('select');
      select.setAttribute('aria-label', t('mixedStep', { n: i + 1 }));
      select.dataset.index = String(i);
      fillSelect(select, variables, v);
      return select;
    });
    // x → y → …: the order in which the partial derivatives are taken.
    ui.mixedList.replaceChildren(...selects.flatMap((select, i) => {
      if (i === 0) return [select];
      const arrow = document.createElement('span');
      arrow.className = 'arrow';
      arrow.setAttribute('aria-hidden', 'true');
      arrow.textContent = '→';
      return [arrow, select];
    }));
    ui.mixedAdd.disabled = resolved.wrt.length >= MAX_MIXED;
    ui.mixedRemove.disabled = resolved.wrt.length <= 2;
  } else {
    ui.gradientNote.textContent = t('gradientOver', { vars: variables.join(', ') });
  }
}

// ---------------------------------------------------------------- errors

function showError(r, intent) {
  shown = { kind: 'error', r, intent };
  renderError();
  setState('error', '', intent);
  syncUrl();
  announceLater(t('announceError', { message: ui.errorMessage.textContent }));
}

function renderError() {
  const { r, intent } = shown;
  const { error } = r;
  const ambiguous = error.kind === 'usage' && Array.isArray(r.variables) && r.variables.length > 1;
  if (ambiguous) {
    ui.errorMessage.textContent = t('ambiguous', { vars: r.variables.join(', ') });
    renderControls(r.variables, null, []);
  } else {
    ui.errorMessage.textContent = engineMessage(error.message);
  }
  const underline = error.kind === 'input' && intent.input.length > 0;
  if (underline) appendHidden(ui.errorMessage, underlineInput(ui.errorEcho, intent.input, error.position, error.length));
  else ui.errorEcho.replaceChildren();
  ui.errorEcho.hidden = !underline;
  ui.error.hidden = false;
  ui.expr.setAttribute('aria-invalid', 'true');
  setStale(lastGood !== null);
}

function showFailure(err, intent = null) {
  shown = { kind: 'failure', err, intent };
  renderFailure();
  setState(err.reason === 'timeout' ? 'timeout' : 'failed', '', intent);
  announceNow(ui.errorMessage.textContent);
}

function renderFailure() {
  const { err } = shown;
  const key = { timeout: 'timeout', unavailable: 'unavailable' }[err.reason] || 'crashed';
  ui.errorMessage.textContent = t(key, { message: err.message });
  ui.errorEcho.replaceChildren();
  ui.errorEcho.hidden = true;
  ui.error.hidden = false;
  setStale(lastGood !== null);
}

function showEmpty() {
  shown = null;
  lastGood = null;
  ui.error.hidden = true;
  ui.expr.removeAttribute('aria-invalid');
  for (const el of [ui.result, ui.plotCard, ui.checkCard]) el.hidden = true;
  steps.clear();
  setState('empty', '', { input: '' });
  syncUrl();
}

// ---------------------------------------------------------------- announcements

// Results are announced once typing pauses, not on every keystroke (Enter: at once).
let announceTimer = 0;
let pendingAnnouncement = '';

function announceLater(text) {
  clearTimeout(announceTimer);
  pendingAnnouncement = text;
  announceTimer = setTimeout(() => announceNow(text), ANNOUNCE_AFTER_MS);
}

function announceNow(text) {
  clearTimeout(announceTimer);
  pendingAnnouncement = '';
  ui.announce.textContent = text;
}

async function copy(text, button, message) {
  if (await copyText(text)) {
    flashButton(button, t('copied'));
    announceNow(message);
  } else {
    window.getSelection().selectAllChildren(ui.resultText);
    announceNow(t('copyFailed'));
  }
}

// ---------------------------------------------------------------- language and theme

function rerender() {
  translatePage();
  updateThemeButton();
  if (lastGood) {
    renderResult();
    steps.languageChanged();
    point.render();
    plot.render();
    check.render();
  }
  if (shown && shown.kind === 'error') renderError();
  if (shown && shown.kind === 'failure') renderFailure();
  if (ui.main.dataset.state === 'loading') ui.status.textContent = t('loading');
}

function updateThemeButton() {
  const label = t({ auto: 'themeAuto', light: 'themeLight', dark: 'themeDark' }[theme]);
  ui.theme.setAttribute('aria-label', label);
  ui.theme.title = label;
}

// ---------------------------------------------------------------- events

ui.form.addEventListener('submit', (event) => {
  event.preventDefault();
  commit();
  compute().then(() => pendingAnnouncement && announceNow(pendingAnnouncement));
});
ui.expr.addEventListener('input', () => {
  state.expr = ui.expr.value;
  schedule();
});
ui.expr.addEventListener('change', commit);

ui.order.addEventListener('input', () => {
  if (ui.order.value === '') return;
  state.order = clampOrder(ui.order.value);
  schedule();
});
ui.order.addEventListener('change', () => {
  state.order = clampOrder(ui.order.value);
  ui.order.value = String(state.order);
  commit();
  compute();
});
ui.variable.addEventListener('change', () => {
  if (!ui.variable.value) return;
  state.wrt = [ui.variable.value];
  commit();
  compute();
});
ui.modeSet.addEventListener('change', (event) => {
  if (event.target.name !== 'mode') return;
  state.mode = event.target.value;
  const vars = lastGood ? lastGood.variables : [];
  state.wrt = state.mode === 'mixed' ? vars.slice(0, 2) : [];
  commit();
  compute();
});
ui.mixedList.addEventListener('change', (event) => {
  state.wrt[Number(event.target.dataset.index)] = event.target.value;
  commit();
  compute();
});
ui.mixedAdd.addEventListener('click', () => {
  if (!lastGood || state.wrt.length >= MAX_MIXED) return;
  const last = state.wrt[state.wrt.length - 1];
  state.wrt.push(lastGood.variables.find((v) => v !== last) || last);
  commit();
  compute();
});
ui.mixedRemove.addEventListener('click', () => {
  if (state.wrt.length <= 2) return;
  state.wrt.pop();
  commit();
  compute();
});

let pointTimer = 0;
ui.pointFields.addEventListener('input', (event) => {
  state.at[event.target.dataset.name] = event.target.value;
  syncUrl();
  clearTimeout(pointTimer);
  pointTimer = setTimeout(() => point.update(), DEBOUNCE_MS);
});
ui.pointFields.addEventListener('change', commit);
ui.pointFields.addEventListener('keydown', (event) => {
  if (event.key !== 'Enter') return;
  event.preventDefault();
  clearTimeout(pointTimer);
  point.update();
});

let checkTimer = 0;
ui.answer.addEventListener('input', () => {
  state.answer = ui.answer.value;
  syncUrl();
  clearTimeout(checkTimer);
  checkTimer = setTimeout(() => check.update(), 300);
});
ui.answer.addEventListener('change', commit);
ui.answer.addEventListener('keydown', (event) => {
  if (event.key !== 'Enter') return;
  clearTimeout(checkTimer);
  check.update();
});

ui.examples.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-expr]');
  if (!button) return;
  const { expr, mode = 'derivative', wrt = '', order = '1' } = button.dataset;
  state = { ...defaultState(), expr, mode, wrt: wrt ? wrt.split(',') : [], order: clampOrder(order) };
  writeForm();
  commit();
  compute();
});

// Named subexpressions ⇄ the fully expanded form: a view of the same derivative, kept in
// the URL (full=1), computed again through the same request path.
ui.expandToggle.addEventListener('click', () => {
  state.expanded = !state.expanded;
  ui.expandToggle.setAttribute('aria-pressed', String(state.expanded));
  commit();
  compute();
});

ui.copyLatex.addEventListener('click', () => lastGood && copy(latexText(lastGood), ui.copyLatex, t('copiedLatex')));
ui.copyText.addEventListener('click', () => lastGood && copy(plainText(lastGood), ui.copyText, t('copiedText')));
ui.share.addEventListener('click', () => {
  syncUrl({ push: true });
  copy(location.href, ui.share, t('copiedLink'));
});

ui.lang.addEventListener('click', () => {
  setLanguage(language() === 'ko' ? 'en' : 'ko');
  savePref('lang', language());
  rerender();
});
ui.theme.addEventListener('click', () => {
  theme = nextTheme(theme);
  savePref('theme', theme);
  applyTheme(theme);
  updateThemeButton();
  plot.plot?.redraw();
});
onSystemThemeChange(() => plot.plot?.redraw());

window.addEventListener('resize', updateScrollBoxes);

window.addEventListener('popstate', () => {
  state = decodeState(location.hash) || { ...defaultState(), expr: ui.expr.defaultValue };
  writeForm();
  compute();
});

// ---------------------------------------------------------------- start

updateThemeButton();
writeForm();
keepScrollablesFocusable(ui.main);
setState('loading', t('loading'));
engine.ready.then(() => {
  if (ui.main.dataset.state === 'loading') setState('idle', '');
});
compute();
