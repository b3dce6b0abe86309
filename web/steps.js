// "Steps" / "풀이 과정": the engine's step-by-step explanation under the result. Asked of the
// Worker as a follow-up to a shown result, and only while the section is open, so typing
// never waits for it. Each group (one per differentiation) is a tree of collapsible steps;
// steps form a DAG, so a sub-step shared by two parents is shown in full once and as a
// reference ("see step 3") afterwards. Formulas are typeset when they scroll into view.
// A very large explanation arrives as its top levels; a deeper step is a collapsed
// placeholder whose "expand" button asks the engine for the sub-tree under it (the engine
// reruns the same deterministic computation and renders only that sub-tree).

import { engineMessage, language, t } from './i18n.js';
import { renderMath, symbol, typesetterReady } from './math.js';
import { resolveIntent } from './request.js';
import { loadPref, savePref } from './prefs.js';

const OPEN_LEVELS = 5; // deeper levels start collapsed
const FLAT_LEVEL = 8; // deeper levels are not indented further
const TYPESET_MAX = 5000; // longer step formulas are shown as the start of their LaTeX
const INLINE_MAX = 1500;
const BUSY_AFTER_MS = 250;
const CACHE_SIZE = 6;
const STEP_BUDGET = 200; // steps the engine renders per request (ExplainOptions::max_steps)

function el(tag, className = '', text = '') {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

function ordinal(n) {
  if (language() !== 'en') return String(n);
  const suffix = { one: 'st', two: 'nd', few: 'rd', other: 'th' }[new Intl.PluralRules('en', { type: 'ordinal' }).select(n)];
  return `${n}${suffix}`;
}

// The sentence without a leading "Chain rule:" that repeats the title shown above it, or
// '' when all it says is the step's equation again ("Derivative of sin: $...$.").
function explanation(item) {
  const prefix = `${item.title}:`;
  const rest = item.text.startsWith(prefix) ? item.text.slice(prefix.length).trim() : '';
  if (rest.replace(/(입니다)?\.$/, '') === `$${item.latex}$`) return '';
  return rest ? rest[0].toUpperCase() + rest.slice(1) : item.text;
}

// Text with $...$ math: plain segments as text, math segments typeset one by one.
function sentence(p, text) {
  text.split('$').forEach((part, i) => {
    if (i % 2 === 0) {
      if (part) p.append(part);
    } else if (part.length > INLINE_MAX) {
      p.append(el('code', 'math-fallback', `${part.slice(0, 120)}…`));
    } else {
      const span = el('span', 'inline-math');
      renderMath(span, part, part, { display: false });
      p.append(span);
    }
  });
}

function formula(box, item) {
  if (!item.cut && item.latex.length <= TYPESET_MAX) {
    renderMath(box, item.latex, item.latex);
    return;
  }
  box.replaceChildren(el('code', 'math-fallback', `${item.latex.slice(0, 300)}…`),
    el('p', 'meta', t('stepsTooLarge', { n: (item.size || item.latex.length).toLocaleString(language()) })));
}

export class StepsPanel {
  // els: {card, toggle, body, status, groups}
  constructor(engine, els) {
    this.engine = engine;
    this.els = els;
    this.open = loadPref('steps') === 'open';
    this.r = null; // the result the steps are for
    this.data = null; // what is rendered: {key, mode, groups, request, lang}
    this.contexts = []; // per group: the items by id and the step numbers shown
    this.seq = 0;
    this.cache = new Map();
    this.pending = new WeakMap(); // step body -> item, until typeset
    this.observer = new IntersectionObserver((entries) => {
      for (const e of entries) if (e.isIntersecting) this.fill(e.target);
    }, { rootMargin: '600px 0px' });
    els.toggle.addEventListener('click', () => this.setOpen(!this.open));
    this.listen(els.groups);
    this.setOpen(this.open, false);
  }

  // ---------------------------------------------------------------- requests

  // r: the shown result; intent.input: the text as typed (its left side names y or f).
  show(r, intent) {
    this.r = r;
    this.input = intent.input;
    this.els.card.hidden = false;
    if (this.open) this.load();
  }

  clear() {
    this.seq += 1;
    this.r = null;
    this.els.card.hidden = true;
  }

  languageChanged() {
    if (this.data) this.render(); // labels at once; the engine's sentences follow
    if (this.open && this.r) this.load();
  }

  setOpen(open, remember = true) {
    this.open = open;
    if (remember) savePref('steps', open ? 'open' : 'closed');
    this.els.toggle.setAttribute('aria-expanded', String(open));
    this.els.body.hidden = !open;
    if (!open) this.els.card.dataset.state = 'closed';
    else if (this.r) this.load();
  }

  async load() {
    const r = this.r;
    const lang = language();
    const { mode, wrt, order } = r.resolved;
    const { request } = resolveIntent({ input: this.input, mode, wrt, order }, r.variables);
    const key = JSON.stringify([lang, request]);
    const id = ++this.seq;
    if (this.data && this.data.key === key) {
      this.settle(id, key, null);
      return;
    }
    const busy = setTimeout(() => id === this.seq && this.setBusy(true), BUSY_AFTER_MS);
    try {
      let v = this.cache.get(key);
      if (!v) {
        v = await this.engine.call('steps', { request, lang }, { key: 'steps' });
        if (v.ok) this.remember(key, v);
      }
      await typesetterReady;
      this.settle(id, key, v, mode, request, lang);
    } catch (err) {
      if (id === this.seq && err.reason !== 'superseded') this.settle(id, key, { ok: false, failure: err });
    } finally {
      clearTimeout(busy);
    }
  }

  remember(key, v) {
    this.cache.delete(key);
    this.cache.set(key, v);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value);
  }

  settle(id, key, v, mode, request, lang) {
    if (id !== this.seq) return; // a newer request (or a new result) came since
    this.setBusy(false);
    const { card, status } = this.els;
    if (v) {
      if (v.ok) {
        this.data = { key, mode, groups: v.steps, request, lang };
        this.render();
        status.hidden = true;
      } else {
        this.data = null;
        this.els.groups.replaceChildren();
        status.textContent = v.failure
          ? t(v.failure.reason === 'timeout' ? 'stepsTimeout' : 'stepsFailed', { message: v.failure.message })
          : t('stepsFailed', { message: engineMessage(v.error.message) });
        status.hidden = false;
      }
    }
    card.dataset.state = this.data ? 'ready' : 'error';
    card.dataset.for = this.input;
    card.dataset.lang = language();
  }

  setBusy(busy) {
    this.els.card.classList.toggle('loading', busy);
    this.els.card.setAttribute('aria-busy', String(busy));
    if (busy) {
      this.els.status.textContent = t('stepsLoading');
      this.els.status.hidden = false;
      this.els.card.dataset.state = 'loading';
    }
  }

  // ---------------------------------------------------------------- rendering

  render() {
    this.observer.disconnect();
    const { groups, mode } = this.data;
    this.contexts = [];
    this.els.groups.replaceChildren(...groups.map((group, g) => this.group(group, g, mode, groups.length > 1)));
  }

  group(group, g, mode, labelled) {
    const section = el('section', 'steps-group');
    if (labelled) section.append(this.groupLabel(group, mode));
    const ctx = { g, prefix: `steps-${g}`, byId: new Map(group.items.map((it) => [it.id, it])), numbers: new Map() };
    this.contexts[g] = ctx;
    const list = el('ol', 'steps-tree');
    if (group.items.length) list.append(this.step(group.items[0], 0, ctx));
    if (group.simplify) list.append(this.step(group.simplify, 0, ctx));
    section.append(list);
    ctx.omitted = el('p', 'meta steps-omitted');
    section.append(ctx.omitted);
    this.showOmitted(group, ctx);
    return section;
  }

  // "N more steps not shown": the steps still behind collapsed placeholders.
  showOmitted(group, ctx) {
    ctx.omitted.hidden = !(group.omitted > 0);
    if (ctx.omitted.hidden) return;
    const key = new Intl.PluralRules('en').select(group.omitted) === 'one' ? 'stepsOmittedOne' : 'stepsOmitted';
    ctx.omitted.textContent = t(key, { n: group.omitted.toLocaleString(language()) });
  }

  groupLabel(group, mode) {
    const key = { gradient: 'stepsWrt', mixed: 'stepsOrderWrt' }[mode] || 'stepsOrder';
    const h = el('h3', 'steps-label');
    const [before, after = ''] = t(key, { nth: ordinal(group.order), v: '\u0000' }).split('\u0000');
    h.append(before);
    if (key !== 'stepsOrder') {
      const v = el('span', 'steps-var');
      renderMath(v, symbol(group.wrt) || '?', group.wrt, { display: false });
      h.append(v, after);
    }
    return h;
  }

  // One step: its head (collapse button, number, rule name with the rule as a tooltip),
  // its formula and sentence (typeset when visible), and its sub-steps.
  step(item, level, ctx) {
    const seen = ctx.numbers.get(item.id);
    if (seen) return this.reference(item, seen, ctx);
    const n = ctx.numbers.size + 1;
    ctx.numbers.set(item.id, n);
    return item.collapsed ? this.placeholder(item, n, level, ctx) : this.fullStep(item, n, level, ctx);
  }

  // A step past the engine's budget: its number, its rule, and a button that loads it.
  placeholder(item, n, level, ctx) {
    const li = el('li', 'step step-collapsed');
    li.dataset.level = String(level);
    const head = el('div', 'step-head');
    head.id = `${ctx.prefix}-${n}`;
    head.tabIndex = -1;
    const no = el('span', 'step-no', String(n));
    no.setAttribute('aria-hidden', 'true');
    const button = el('button', 'ref expand', this.expandLabel(item));
    button.type = 'button';
    button.dataset.group = String(ctx.g);
    button.dataset.step = String(item.id);
    head.append(el('span', 'twisty-space'), no, el('span', 'visually-hidden', `${t('stepsStep', { n })}: `),
      this.title(item, head.id), button);
    li.append(head);
    return li;
  }

  expandLabel(item) {
    if (item.count === 1) return t('stepsExpandOne');
    return t('stepsExpand', { n: item.count > STEP_BUDGET ? `${STEP_BUDGET}+` : item.count });
  }

  fullStep(item, n, level, ctx) {
    const li = el('li', 'step');
    const head = el('div', 'step-head');
    head.id = `${ctx.prefix}-${n}`;
    head.tabIndex = -1;
    const children = (item.children || []).map((id) => ctx.byId.get(id)).filter(Boolean);
    let sub = null;
    if (children.length) {
      sub = el('ol', level + 1 >= FLAT_LEVEL ? 'substeps flat' : 'substeps');
      sub.id = `${head.id}-sub`;
      sub.hidden = level + 1 >= OPEN_LEVELS;
      const twisty = el('button', 'twisty');
      twisty.type = 'button';
      twisty.setAttribute('aria-expanded', String(!sub.hidden));
      twisty.setAttribute('aria-controls', sub.id);
      twisty.setAttribute('aria-label', t('stepsSubsteps', { n }));
      head.append(twisty);
    } else {
      head.append(el('span', 'twisty-space'));
    }
    const no = el('span', 'step-no', String(n));
    no.setAttribute('aria-hidden', 'true');
    head.append(no, el('span', 'visually-hidden', `${t('stepsStep', { n })}: `), this.title(item, head.id));
    const body = el('div', 'step-body');
    this.pending.set(body, item);
    this.observer.observe(body);
    li.append(head, body);
    if (sub) {
      sub.append(...children.map((c) => this.step(c, level + 1, ctx)));
      li.append(sub);
    }
    return li;
  }

  title(item, id) {
    if (!item.rule_latex) return el('span', 'rule-name', item.title);
    const wrap = el('span', 'rule-wrap');
    const button = el('button', 'rule', item.title);
    button.type = 'button';
    const tip = el('span', 'tip');
    tip.id = `${id}-tip`;
    tip.setAttribute('role', 'tooltip');
    button.setAttribute('aria-describedby', tip.id);
    const math = el('span', 'tip-math');
    renderMath(math, item.rule_latex, item.rule_latex, { display: false });
    tip.append(el('span', 'tip-label', `${t('stepsInGeneral')}:`), ' ', math);
    wrap.append(button, tip);
    return wrap;
  }

  reference(item, n, ctx) {
    const li = el('li', 'step step-ref');
    const head = el('div', 'step-head');
    const ref = el('button', 'ref', t('stepsSee', { n }));
    ref.type = 'button';
    ref.dataset.target = `${ctx.prefix}-${n}`;
    head.append(el('span', 'twisty-space'), el('span', 'rule-name', item.title), ref);
    li.append(head);
    return li;
  }

  fill(body) {
    const item = this.pending.get(body);
    this.observer.unobserve(body);
    if (!item) return;
    this.pending.delete(body);
    const box = el('div', 'math step-math scroll-x');
    formula(box, item);
    body.replaceChildren(box);
    const words = explanation(item);
    if (words) {
      const text = el('p', 'step-text');
      sentence(text, words);
      body.append(text);
    }
  }

  // ---------------------------------------------------------------- interaction

  listen(root) {
    root.addEventListener('click', (event) => {
      const expand = event.target.closest('.expand');
      if (expand) {
        this.expandStep(expand);
        return;
      }
      const twisty = event.target.closest('.twisty');
      if (twisty) this.expand(twisty, twisty.getAttribute('aria-expanded') !== 'true');
      const ref = event.target.closest('.ref');
      if (ref) this.goTo(ref.dataset.target);
      const rule = event.target.closest('.rule');
      if (rule) rule.parentElement.classList.toggle('pinned'); // touch: a tap shows the rule
    });
    root.addEventListener('focusin', (event) => {
      const wrap = event.target.closest('.rule-wrap');
      if (wrap) wrap.classList.add('open');
    });
    root.addEventListener('focusout', (event) => {
      const wrap = event.target.closest('.rule-wrap');
      if (wrap) wrap.classList.remove('open', 'pinned', 'dismissed');
    });
    root.addEventListener('keydown', (event) => {
      const wrap = event.key === 'Escape' && event.target.closest('.rule-wrap');
      if (!wrap) return;
      wrap.classList.add('dismissed');
      wrap.classList.remove('pinned');
      event.stopPropagation();
    });
    document.addEventListener('pointerdown', (event) => {
      for (const wrap of root.querySelectorAll('.rule-wrap.pinned')) {
        if (!wrap.contains(event.target)) wrap.classList.remove('pinned');
      }
    });
  }

  expand(twisty, open) {
    twisty.setAttribute('aria-expanded', String(open));
    document.getElementById(twisty.getAttribute('aria-controls')).hidden = !open;
  }

  // Loads the sub-tree under a collapsed step and puts it in the placeholder's place, with
  // the same step number. What arrives is merged into the group, so a re-render (e.g. of
  // the labels) keeps it; a step already shown elsewhere becomes a reference to it.
  async expandStep(button) {
    const data = this.data;
    const ctx = this.contexts[Number(button.dataset.group)];
    const li = button.closest('.step-collapsed');
    if (!data || !ctx || !li || button.disabled) return;
    const id = Number(button.dataset.step);
    const group = data.groups[ctx.g];
    button.disabled = true;
    button.textContent = t('stepsExpanding');
    this.els.card.setAttribute('aria-busy', 'true');
    let v;
    try {
      v = await this.engine.call('steps', { request: data.request, lang: data.lang, root: id });
    } catch (err) {
      v = { ok: false, error: { message: err.message } };
    }
    this.els.card.setAttribute('aria-busy', 'false');
    if (this.data !== data || !li.isConnected) return; // replaced while loading
    const sub = v.ok && v.steps && v.steps[0];
    if (!sub || !sub.items.length || sub.items[0].id !== id) {
      button.disabled = false;
      button.textContent = this.expandLabel(ctx.byId.get(id) || { count: 0 });
      this.els.status.textContent = t('stepsExpandFailed', { message: engineMessage((v.error && v.error.message) || '') });
      this.els.status.hidden = false;
      return;
    }
    this.els.status.hidden = true;
    let shown = 0;
    for (const it of sub.items) {
      const old = ctx.byId.get(it.id);
      if (old && !old.collapsed) continue;
      if (!it.collapsed) shown += 1;
      ctx.byId.set(it.id, it); // a placeholder keeps its place in the order (the root stays first)
    }
    group.items = [...ctx.byId.values()];
    group.omitted = Math.max(0, (group.omitted || 0) - shown);
    this.showOmitted(group, ctx);
    const n = ctx.numbers.get(id);
    const fresh = this.fullStep(ctx.byId.get(id), n, Number(li.dataset.level), ctx);
    li.replaceWith(fresh);
    const head = fresh.querySelector('.step-head');
    this.fill(head.nextElementSibling);
    head.focus({ preventScroll: true });
  }

  // Shows step `id` (opening the levels above it) and moves the focus there.
  goTo(id) {
    const head = document.getElementById(id);
    if (!head) return;
    for (let list = head.closest('.substeps'); list; list = list.parentElement.closest('.substeps')) {
      if (list.hidden) this.expand(this.els.groups.querySelector(`[aria-controls="${list.id}"]`), true);
    }
    if (head.nextElementSibling) this.fill(head.nextElementSibling);
    head.focus({ preventScroll: true });
    const smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    head.scrollIntoView({ block: 'center', behavior: smooth ? 'smooth' : 'auto' });
    head.classList.add('flash');
    clearTimeout(this.flashTimer);
    this.flashTimer = setTimeout(() => head.classList.remove('flash'), 1200);
  }
}
