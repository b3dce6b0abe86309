// <leibniz-derivative>: a derivative typeset with KaTeX, for blog posts and other pages.
//
//   <script type="module" src="https://HOST/embed/leibniz.js"></script>
//   <leibniz-derivative expr="(3x^2+8)^3" wrt="x" order="1" steps lang="ko"></leibniz-derivative>
//
// Attributes: expr (the input), wrt ("x", or "x,y" with mode="mixed"), order (1–20),
// mode (derivative | mixed | gradient), steps (show the steps), lang (en | ko; else the
// nearest lang attribute), editable (a small live calculator), expanded (a large result in
// full, without naming its repeated subexpressions "where u_1 = ..."; if the full form
// exceeds a limit, the named one is shown with a note saying why), theme (light by default,
// dark, or auto: the reader's system setting; not observed, CSS reads it). Changing an attribute
// re-renders. Everything renders inside a shadow root: the host page's CSS does not reach
// in, and the element's CSS does not reach out. All elements on a page share one engine
// Worker, started when the first element scrolls into view.
//
// Attribute values are untrusted: they reach the page only as text (textContent, input
// values) or as the engine's own LaTeX, typeset by KaTeX with trust: false.

import { appendHidden, fillSelect, underlineInput } from '../dom.js';
import { engineMessage, language, setLanguage, t } from '../i18n.js';
import { derivativeOperator, inputPrefix, symbol } from '../math.js';
import { resolveIntent } from '../request.js';
import { MAX_MIXED, MODES, clampOrder } from '../state.js';
import { loadFontFaces, loadKatex, siteUrl, typeset } from './katex-loader.js';
import { sharedEngine } from './shared-engine.js';

const DEBOUNCE_MS = 150;
const MAX_INPUT = 100000; // as for a share link (state.js)
const NAME = /^[A-Za-z\u0370-\u03ff][A-Za-z0-9_\u0370-\u03ff]*$/;
const STEP_TYPESET_MAX = 5000;

// Runs `fn` with the page strings in `lang` (i18n.js keeps one current language; the
// elements on a page may each use another).
function inLanguage(lang, fn) {
  const before = language();
  setLanguage(lang);
  try {
    return fn();
  } finally {
    setLanguage(before);
  }
}

function el(tag, className = '', text = '') {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

// One IntersectionObserver for all elements: each computes once it is (nearly) visible.
const visibility = typeof IntersectionObserver === 'function'
  ? new IntersectionObserver((entries) => {
    for (const e of entries) {
      if (!e.isIntersecting) continue;
      visibility.unobserve(e.target);
      e.target.becameVisible();
    }
  }, { rootMargin: '200px 0px' })
  : null;

let nextKey = 1;

export class LeibnizDerivative extends HTMLElement {
  static get observedAttributes() {
    return ['expr', 'wrt', 'order', 'mode', 'steps', 'lang', 'editable', 'expanded'];
  }

  constructor() {
    super();
    this.key = `leibniz-${nextKey++}`;
    this.seq = 0;
    this.visible = false;
    this.typed = null; // the expression typed into an editable element (until expr changes)
    this.typedOrder = null;
    this.typedWrt = null; // the variable chosen in an editable element
    const root = this.attachShadow({ mode: 'open' });
    const katexCss = el('link');
    katexCss.rel = 'stylesheet';
    katexCss.href = siteUrl('vendor/katex/katex.min.css');
    const ownCss = el('link');
    ownCss.rel = 'stylesheet';
    ownCss.href = siteUrl('embed/leibniz.css');
    this.box = el('div', 'box');
    this.box.setAttribute('part', 'box');
    this.form = el('form', 'edit');
    this.form.hidden = true;
    this.form.setAttribute('autocomplete', 'off');
    this.exprLabel = el('label', 'field');
    this.exprCaption = el('span', 'caption');
    this.exprInput = el('input');
    Object.assign(this.exprInput, { type: 'text', spellcheck: false, name: 'expr' });
    this.exprInput.setAttribute('autocapitalize', 'off');
    this.exprInput.setAttribute('autocorrect', 'off');
    this.exprLabel.append(this.exprCaption, this.exprInput);
    this.orderLabel = el('label', 'field order');
    this.orderCaption = el('span', 'caption');
    this.orderInput = el('input');
    Object.assign(this.orderInput, { type: 'number', min: 1, max: 20, step: 1, name: 'order' });
    this.orderLabel.append(this.orderCaption, this.orderInput);
    this.varLabel = el('label', 'field order');
    this.varCaption = el('span', 'caption');
    this.varSelect = el('select');
    this.varSelect.name = 'wrt';
    this.varLabel.append(this.varCaption, this.varSelect);
    this.varLabel.hidden = true;
    this.form.append(this.exprLabel, this.varLabel, this.orderLabel);
    this.inputMath = el('div', 'math input');
    this.resultMath = el('div', 'math result');
    this.resultMath.setAttribute('aria-live', 'polite');
    // A result that names repeated subexpressions: "where u_1 = ..." under it.
    this.whereBox = el('div', 'where');
    this.whereLabel = el('p', 'where-label');
    this.whereMath = el('div', 'math where-math');
    this.whereBox.append(this.whereLabel, this.whereMath);
    this.whereBox.hidden = true;
    this.notes = el('ul', 'notes');
    this.error = el('div', 'error');
    this.error.hidden = true;
    this.errorMessage = el('p', 'error-message');
    this.errorEcho = el('p', 'error-echo');
    this.errorEcho.setAttribute('aria-hidden', 'true');
    this.error.append(this.errorMessage, this.errorEcho);
    this.stepsBox = el('details', 'steps');
    this.stepsBox.open = true;
    this.stepsSummary = el('summary');
    this.stepsList = el('ol', 'steps-tree');
    this.stepsBox.append(this.stepsSummary, this.stepsList);
    this.stepsBox.hidden = true;
    this.status = el('p', 'status');
    this.box.append(this.form, this.inputMath, this.resultMath, this.whereBox, this.notes, this.error, this.stepsBox, this.status);
    root.append(katexCss, ownCss, this.box);

    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.compute();
    });
    this.exprInput.addEventListener('input', () => {
      this.typed = this.exprInput.value.slice(0, MAX_INPUT);
      this.schedule();
    });
    this.varSelect.addEventListener('change', () => {
      if (!this.varSelect.value) return;
      this.typedWrt = this.varSelect.value;
      this.compute();
    });
    this.orderInput.addEventListener('input', () => {
      if (this.orderInput.value === '') return;
      this.typedOrder = clampOrder(this.orderInput.value);
      this.schedule();
    });
  }

  connectedCallback() {
    loadFontFaces();
    this.setState('waiting');
    this.update();
    if (this.visible) return;
    if (visibility) visibility.observe(this);
    else this.becameVisible();
  }

  disconnectedCallback() {
    if (visibility) visibility.unobserve(this);
    this.seq += 1; // answers still on their way are dropped
  }

  attributeChangedCallback(name, before, after) {
    if (before === after) return;
    if (name === 'expr') this.typed = null;
    if (name === 'order') this.typedOrder = null;
    if (name === 'wrt' || name === 'mode') this.typedWrt = null;
    // Several attributes set in a row cause one computation.
    if (this.pendingUpdate) return;
    this.pendingUpdate = true;
    queueMicrotask(() => {
      this.pendingUpdate = false;
      if (this.isConnected) this.update();
    });
  }

  becameVisible() {
    this.visible = true;
    this.compute();
  }

  // ---------------------------------------------------------------- attributes

  get chosenLanguage() {
    const own = (this.getAttribute('lang') || '').toLowerCase();
    const near = own || (this.parentElement && this.parentElement.closest('[lang]')?.getAttribute('lang')) || '';
    return near.toLowerCase().split('-')[0] === 'ko' ? 'ko' : 'en';
  }

  intent() {
    const mode = MODES.includes(this.getAttribute('mode')) ? this.getAttribute('mode') : 'derivative';
    const names = (this.getAttribute('wrt') || '').split(',').map((s) => s.trim()).filter((v) => NAME.test(v));
    let wrt = mode === 'mixed' ? names.slice(0, MAX_MIXED) : names.slice(0, 1);
    if (mode === 'derivative' && this.typedWrt) wrt = [this.typedWrt];
    if (mode === 'gradient') wrt = [];
    const input = (this.typed ?? this.getAttribute('expr') ?? '').slice(0, MAX_INPUT);
    const order = this.typedOrder ?? clampOrder(this.getAttribute('order') || 1);
    return { input, mode, wrt, order, ...(this.hasAttribute('expanded') ? { expanded: true } : {}) };
  }

  // Labels, the editable form, then (if visible) a new computation.
  update() {
    const lang = this.chosenLanguage;
    this.box.lang = lang;
    const editable = this.hasAttribute('editable');
    this.form.hidden = !editable;
    const intent = this.intent();
    inLanguage(lang, () => {
      this.exprCaption.textContent = t('exprLabel');
      this.orderCaption.textContent = t('order');
      this.varCaption.textContent = t('variable');
      this.stepsSummary.textContent = t('stepsTitle');
    });
    if (editable) {
      if (this.exprInput.value !== intent.input) this.exprInput.value = intent.input;
      if (this.orderInput.value !== String(intent.order)) this.orderInput.value = String(intent.order);
      this.orderLabel.hidden = intent.mode !== 'derivative';
    }
    if (this.visible) this.compute();
    else this.showPlain();
  }

  // Until the engine has answered: the input as plain text.
  showPlain() {
    const { input } = this.intent();
    const code = el('code', 'math-fallback', input.length > 300 ? `${input.slice(0, 300)}…` : input);
    this.inputMath.replaceChildren(code);
  }

  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.compute(), DEBOUNCE_MS);
  }

  setState(state, intent = null) {
    this.dataset.state = state;
    if (intent) this.dataset.for = intent.input;
  }

  // ---------------------------------------------------------------- computing

  async compute() {
    clearTimeout(this.timer);
    const id = ++this.seq;
    const intent = this.intent();
    const lang = this.chosenLanguage;
    const wantSteps = this.hasAttribute('steps');
    if (intent.input.trim() === '') {
      this.clear();
      this.setState('empty', intent);
      return;
    }
    const engine = sharedEngine();
    const katexReady = loadKatex();
    this.box.setAttribute('aria-busy', 'true');
    if (this.dataset.state === 'waiting') this.status.textContent = inLanguage(lang, () => t('loading'));
    let r;
    let steps = null;
    try {
      r = await engine.call('derive', intent, { key: this.key });
      if (r.ok && wantSteps) {
        const { request } = resolveIntent({ input: intent.input, ...r.resolved }, r.variables);
        steps = await engine.call('steps', { request, lang }, { key: `${this.key}-steps` })
          .catch((err) => ({ ok: false, failure: err }));
      }
    } catch (err) {
      if (id !== this.seq || err.reason === 'superseded') return;
      this.box.removeAttribute('aria-busy');
      this.showFailure(err, lang, intent);
      return;
    }
    let katex = null;
    try {
      katex = await katexReady;
    } catch {
      katex = null; // formulas fall back to their text form
    }
    if (id !== this.seq) return;
    this.box.removeAttribute('aria-busy');
    this.status.textContent = '';
    inLanguage(lang, () => {
      if (r.ok) this.showResult(katex, r, steps);
      else this.showError(r, intent);
      this.showVariables(r, intent);
    });
    this.setState(r.ok ? 'ok' : 'error', intent);
    this.dataset.lang = lang;
    this.dataset.steps = steps ? (steps.ok ? 'ready' : 'error') : 'none';
    this.dispatchEvent(new CustomEvent('leibniz-render', { detail: { ok: r.ok } }));
  }

  // An editable element with several variables gets a variable picker (derivative mode).
  showVariables(r, intent) {
    const names = Array.isArray(r.variables) ? r.variables : [];
    const show = this.hasAttribute('editable') && intent.mode === 'derivative' && names.length > 1;
    this.varLabel.hidden = !show;
    if (!show) return;
    const chosen = r.ok ? r.wrt[r.wrt.length - 1] : '';
    fillSelect(this.varSelect, names, chosen, r.ok ? '' : t('chooseVariable'));
  }

  clear() {
    this.seq += 1;
    for (const node of [this.inputMath, this.resultMath, this.whereMath, this.notes, this.stepsList]) node.replaceChildren();
    this.whereBox.hidden = true;
    this.error.hidden = true;
    this.stepsBox.hidden = true;
    this.status.textContent = '';
  }

  showResult(katex, r, steps) {
    this.error.hidden = true;
    this.exprInput.removeAttribute('aria-invalid');
    typeset(katex, this.inputMath, `${inputPrefix(r)} = ${r.input.latex}`, r.input.text, { display: true });
    if (r.gradient) {
      const rows = r.gradient.map((g) => `${derivativeOperator(r, [g.var]) || '?'} &= ${g.latex}`);
      const text = r.gradient.map((g) => `${g.var}: ${g.text}`).join('\n');
      typeset(katex, this.resultMath, `\\begin{aligned}${rows.join(' \\\\[0.6em] ')}\\end{aligned}`, text, { display: true });
    } else {
      const op = derivativeOperator(r);
      typeset(katex, this.resultMath, op ? `${op} = ${r.result.latex}` : r.result.latex, r.result.text, { display: true });
    }
    this.showWhere(katex, r.where || []);
    const notes = r.notes.map((note) => engineMessage(note));
    if (r.expandedError) notes.push(t('expandedFailed', { message: engineMessage(r.expandedError.message) }));
    this.notes.replaceChildren(...notes.map((note) => el('li', '', note)));
    this.notes.hidden = notes.length === 0;
    this.dataset.form = r.where && r.where.length ? 'named' : r.named ? 'expanded' : 'plain';
    this.stepsBox.hidden = !steps;
    if (steps) this.renderSteps(katex, steps);
  }

  // The definitions of the names the result uses, as one aligned block (text if too large).
  showWhere(katex, where) {
    this.whereBox.hidden = where.length === 0;
    this.dataset.where = String(where.length);
    if (!where.length) {
      this.whereMath.replaceChildren();
      return;
    }
    this.whereLabel.textContent = t('whereLabel');
    const text = where.map((d) => `${d.name} = ${d.text}`).join('\n'); // (under the label "where")
    const names = where.map((d) => symbol(d.name));
    const latex = names.every(Boolean)
      ? `\\begin{aligned}${where.map((d, i) => `${names[i]} &= ${d.latex}`).join(' \\\\ ')}\\end{aligned}` : '';
    if (latex) typeset(katex, this.whereMath, latex, text, { display: true });
    else this.whereMath.replaceChildren(el('code', 'math-fallback', text.length > 2000 ? `${text.slice(0, 2000)}…` : text));
  }

  showError(r, intent) {
    const { error } = r;
    this.inputMath.replaceChildren();
    this.resultMath.replaceChildren();
    this.showWhere(null, []);
    this.notes.replaceChildren();
    this.stepsBox.hidden = true;
    const ambiguous = error.kind === 'usage' && Array.isArray(r.variables) && r.variables.length > 1;
    this.errorMessage.textContent = ambiguous ? t('ambiguous', { vars: r.variables.join(', ') }) : engineMessage(error.message);
    const underline = error.kind === 'input' && intent.input.length > 0;
    if (underline) appendHidden(this.errorMessage, underlineInput(this.errorEcho, intent.input, error.position, error.length));
    else this.errorEcho.replaceChildren();
    this.errorEcho.hidden = !underline;
    this.error.hidden = false;
    this.exprInput.setAttribute('aria-invalid', 'true');
  }

  showFailure(err, lang, intent) {
    const key = { timeout: 'timeout', unavailable: 'unavailable' }[err.reason] || 'crashed';
    this.clear();
    this.errorMessage.textContent = inLanguage(lang, () => t(key, { message: err.message }));
    this.errorEcho.replaceChildren();
    this.errorEcho.hidden = true;
    this.error.hidden = false;
    this.setState(err.reason === 'timeout' ? 'timeout' : 'failed', intent);
  }

  // ---------------------------------------------------------------- steps

  renderSteps(katex, steps) {
    if (!steps.ok) {
      const message = steps.failure ? steps.failure.message : engineMessage(steps.error.message);
      this.stepsList.replaceChildren(el('li', 'meta', t('stepsFailed', { message })));
      return;
    }
    const items = [];
    for (const group of steps.steps) {
      const byId = new Map(group.items.map((it) => [it.id, it]));
      const numbers = new Map();
      if (steps.steps.length > 1) {
        const label = el('li', 'steps-label');
        const nth = String(group.order);
        label.textContent = t(group.wrt && steps.steps.some((g) => g.wrt !== group.wrt) ? 'stepsOrderWrt' : 'stepsOrder',
          { nth, v: group.wrt });
        items.push(label);
      }
      if (group.items.length) items.push(this.step(katex, group.items[0], byId, numbers));
      if (group.simplify) items.push(this.step(katex, group.simplify, byId, numbers));
    }
    this.stepsList.replaceChildren(...items);
  }

  // A step and its sub-steps; a sub-step shared by two parents is shown once and referred
  // to afterwards (steps form a DAG). Iterative over the tree would matter only for very
  // deep explanations, which the engine already caps (`omitted`).
  step(katex, item, byId, numbers, depth = 0) {
    const li = el('li', 'step');
    const seen = numbers.get(item.id);
    if (seen) {
      li.append(el('span', 'rule-name', item.title), ' ', el('span', 'meta', t('stepsSee', { n: seen })));
      return li;
    }
    const n = numbers.size + 1;
    numbers.set(item.id, n);
    const head = el('div', 'step-head');
    head.append(el('span', 'step-no', String(n)), el('span', 'rule-name', item.title));
    const math = el('div', 'math step-math');
    if (!item.cut && item.latex.length <= STEP_TYPESET_MAX) typeset(katex, math, item.latex, item.latex, { display: true });
    else math.append(el('code', 'math-fallback', `${item.latex.slice(0, 300)}…`));
    li.append(head, math);
    const words = explanation(item);
    if (words) {
      const p = el('p', 'step-text');
      words.split('$').forEach((part, i) => {
        if (i % 2 === 0) {
          if (part) p.append(part);
        } else {
          const span = el('span', 'inline-math');
          typeset(katex, span, part, part, { limit: 1500 });
          p.append(span);
        }
      });
      li.append(p);
    }
    const children = (item.children || []).map((id) => byId.get(id)).filter(Boolean);
    if (children.length && depth < 40) {
      const sub = el('ol', 'substeps');
      sub.append(...children.map((c) => this.step(katex, c, byId, numbers, depth + 1)));
      li.append(sub);
    }
    return li;
  }
}

// The sentence without a leading "Chain rule:" that repeats the title, or '' when it only
// restates the step's formula (as the page's steps panel does).
function explanation(item) {
  const prefix = `${item.title}:`;
  const rest = item.text.startsWith(prefix) ? item.text.slice(prefix.length).trim() : '';
  if (rest.replace(/\.$/, '') === `$${item.latex}$`) return '';
  return rest ? rest[0].toUpperCase() + rest.slice(1) : item.text;
}

if (!customElements.get('leibniz-derivative')) customElements.define('leibniz-derivative', LeibnizDerivative);
