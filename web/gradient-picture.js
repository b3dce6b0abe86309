// The seed's §11 ("why the gradient points the steepest way") as a picture for f(x, y):
// contours of f, its gradient field, a point w_k with ∇f(w_k), the first-order Taylor model
// f(w) ≃ f(w_k) + (w − w_k) ∂f/∂wᵀ there (its level lines are straight and parallel) and
// one gradient-descent step w_{k+1} = w_k − η ∂f/∂w. The engine Worker computes f on a
// grid, the gradient formulas and the values at the point (matrix-worker.js: `field`,
// `gradientStep`); this module draws them on a canvas with equal scales on both axes, so
// the gradient meets the contours at a right angle as it should.
//
//   const picture = new GradientPicture(engine, document.getElementById('gp'));
//   picture.setLanguage('ko'); picture.start();

import { EngineError } from './engine.js';
import { numberLatex, renderMath, symbol } from './math.js';
import { ticks } from './plot.js';

const STRINGS = {
  en: {
    title: 'Why the gradient is the steepest direction',
    intro: 'Near a point wₖ, f is almost its first-order Taylor model: a plane, whose level lines are straight and parallel. A step Δ changes f by about Δ ∂f/∂wᵀ, the dot product of the step and the gradient, so among steps of one length the change is largest along the gradient and most negative against it. Gradient descent therefore steps along −∇f.',
    exprLabel: 'Function f(x, y)',
    pointX: 'xₖ',
    pointY: 'yₖ',
    eta: 'Learning rate η',
    takeStep: 'Take the step',
    zoomIn: 'Zoom in around the point',
    zoomOut: 'Zoom out',
    zoomReset: 'Reset view',
    hint: 'Click or drag on the picture to choose the point; arrow keys move it, + and − zoom around it, Enter takes the step. Arrow lengths are scaled to fit.',
    legendContours: 'level lines of f',
    legendField: 'gradient field',
    legendGrad: '∇f(wₖ)',
    legendStep: 'step −η∇f',
    legendTaylor: 'Taylor model’s level lines',
    gradTitle: 'Gradient',
    taylorTitle: 'First-order Taylor model at wₖ',
    stepTitle: 'One gradient-descent step',
    canvasLabel: 'Contour plot of f(x, y) with its gradient field',
    variables: (names) => `f(x, y) may use only x and y (found ${names.join(', ')}).`,
    undefinedHere: 'f or its gradient is undefined at this point; choose another.',
    timeout: 'Computing the picture took too long and was stopped.',
    describe: (d) => `Contour plot of f(x, y) = ${d.f} with its gradient field. ` +
      `Point wₖ = (${d.x}, ${d.y}), f(wₖ) = ${d.fk}. Gradient (${d.gx}, ${d.gy}), length ${d.norm}. ` +
      (d.next ? `One step with η = ${d.eta} goes against the gradient to (${d.nx}, ${d.ny}), where f = ${d.fn}.` : ''),
    summary: (d) => `f(wₖ) = ${d.fk} → f(wₖ₊₁) = ${d.fn}: f changes by ${d.change}; the Taylor model predicts ${d.pred}.`,
    summaryNoNext: (d) => `f(wₖ) = ${d.fk}; the gradient is undefined here, so there is no step.`,
    flat: 'The gradient is zero here: wₖ is a stationary point and the step stays put.',
  },
  ko: {
    title: '왜 그라디언트는 가장 가파른 방향을 향할까',
    intro: '점 wₖ 근처에서 f는 1차 테일러 근사, 곧 평면과 거의 같고, 평면의 등고선은 곧고 평행합니다. 한 걸음 Δ만큼 움직이면 f는 대략 Δ ∂f/∂wᵀ, 즉 Δ와 그라디언트의 내적만큼 변합니다. 길이가 같은 걸음 가운데 이 변화는 그라디언트 방향일 때 가장 크고 반대 방향일 때 가장 많이 줄어듭니다. 그래서 경사 하강법은 −∇f 방향으로 움직입니다.',
    exprLabel: '함수 f(x, y)',
    pointX: 'xₖ',
    pointY: 'yₖ',
    eta: '학습률 η',
    takeStep: '한 걸음 이동',
    zoomIn: '점을 중심으로 확대',
    zoomOut: '축소',
    zoomReset: '처음 보기',
    hint: '그림을 클릭하거나 끌어서 점을 고르세요. 화살표 키로 점을 옮기고, + 와 − 로 점 중심 확대·축소, Enter로 한 걸음 이동합니다. 화살표 길이는 보기 좋게 줄였습니다.',
    legendContours: 'f의 등고선',
    legendField: '그라디언트 장',
    legendGrad: '∇f(wₖ)',
    legendStep: '걸음 −η∇f',
    legendTaylor: '테일러 근사의 등고선',
    gradTitle: '그라디언트',
    taylorTitle: 'wₖ에서의 1차 테일러 근사',
    stepTitle: '경사 하강법 한 걸음',
    canvasLabel: 'f(x, y)의 등고선과 그라디언트 장',
    variables: (names) => `f(x, y)에는 x와 y만 쓸 수 있습니다 (${names.join(', ')} 발견).`,
    undefinedHere: '이 점에서 f나 그라디언트가 정의되지 않습니다. 다른 점을 고르세요.',
    timeout: '그림 계산이 너무 오래 걸려 멈췄습니다.',
    describe: (d) => `f(x, y) = ${d.f}의 등고선과 그라디언트 장. ` +
      `점 wₖ = (${d.x}, ${d.y}), f(wₖ) = ${d.fk}. 그라디언트 (${d.gx}, ${d.gy}), 길이 ${d.norm}. ` +
      (d.next ? `η = ${d.eta}로 그라디언트 반대 방향으로 한 걸음 가면 (${d.nx}, ${d.ny}), 여기서 f = ${d.fn}.` : ''),
    summary: (d) => `f(wₖ) = ${d.fk} → f(wₖ₊₁) = ${d.fn}: f의 변화 ${d.change}, 테일러 근사의 예측 ${d.pred}.`,
    summaryNoNext: (d) => `f(wₖ) = ${d.fk}. 여기서는 그라디언트가 정의되지 않아 걸음이 없습니다.`,
    flat: '여기서 그라디언트가 0입니다: wₖ는 정류점이고 걸음은 제자리입니다.',
  },
};

const DEFAULT_VIEW = { cx: 0.3, cy: 0, span: 6.5 }; // span: the width in x
const DEFAULT_POINT = { x: -1.2, y: 1.2 };
const DEFAULT_ETA = 0.1;
const MAX_EXPR = 2000; // characters of f taken from a link
const GRID_COLUMNS = 81; // f samples across; rows follow the aspect ratio
const ARROW_SPACING = 40; // css px between gradient-field arrows

// Four significant digits, as a number (for display only).
const round4 = (v) => Number(v.toPrecision(4));

// A short number for text: four significant digits, a real minus sign.
function num(v) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const r = round4(v);
  const a = Math.abs(r);
  const s = a !== 0 && (a < 1e-4 || a >= 1e6) ? r.toExponential(3).replace(/\.?0+e/, 'e') : String(r);
  return s.replace('-', '−');
}

const tex = (v) => numberLatex(round4(v));

// "+ 3 s" or "- 3 s" after a previous term; `s` may be empty.
function signed(v, s) {
  const r = round4(v);
  return `${r < 0 ? '-' : '+'} ${numberLatex(Math.abs(r))}${s ? ` ${s}` : ''}`;
}

// (x - 2), (x + 1.5) or x.
function shifted(name, at) {
  const r = round4(at);
  if (r === 0) return name;
  return `(${name} ${r < 0 ? '+' : '-'} ${numberLatex(Math.abs(r))})`;
}

export class GradientPicture {
  constructor(engine, root) {
    this.engine = engine;
    this.root = root;
    const q = (id) => root.querySelector(`#${id}`);
    this.els = {
      expr: q('gp-expr'), error: q('gp-error'), x: q('gp-x'), y: q('gp-y'), eta: q('gp-eta'),
      step: q('gp-step'), zoomIn: q('gp-zoom-in'), zoomOut: q('gp-zoom-out'), zoomReset: q('gp-zoom-reset'),
      canvas: q('gp-canvas'), summary: q('gp-summary'), gradMath: q('gp-grad-math'),
      taylorMath: q('gp-taylor-math'), stepMath: q('gp-step-math'),
    };
    this.ctx = this.els.canvas.getContext('2d');
    this.lang = 'en';
    this.view = { ...DEFAULT_VIEW };
    this.point = { ...DEFAULT_POINT };
    this.eta = DEFAULT_ETA;
    this.field = null; // the last good `field` reply, plus levels, segments and its image
    this.step = null; // the last good `gradientStep` reply
    this.trail = []; // earlier points of taken steps
    this.fieldSeq = 0;
    this.stepSeq = 0;
    this.timer = 0;
    this.frame = 0;
    this.size = { w: 0, h: 0 };
    this.defaultExpr = this.els.expr.value;
    this.onChange = () => {}; // the picture's state (hashParams) changed
    this.listen();
    new ResizeObserver(() => this.resize()).observe(this.els.canvas);
  }

  // ------------------------------------------------------------ state in the page's link

  // The function, point, learning rate and view as link parameters (gf, gp = x,y, ge,
  // gv = cx,cy,span), each only when it differs from the default, so a plain link stays short.
  hashParams() {
    const out = [];
    const f = this.els.expr.value;
    if (f !== this.defaultExpr) out.push(['gf', f]);
    const { x, y } = this.point;
    if (x !== DEFAULT_POINT.x || y !== DEFAULT_POINT.y) out.push(['gp', `${x},${y}`]);
    if (this.eta !== DEFAULT_ETA) out.push(['ge', String(this.eta)]);
    const { cx, cy, span } = this.view;
    if (cx !== DEFAULT_VIEW.cx || cy !== DEFAULT_VIEW.cy || span !== DEFAULT_VIEW.span) {
      out.push(['gv', [cx, cy, span].map((v) => Number(v.toPrecision(10))).join(',')]);
    }
    return out;
  }

  // Reads what hashParams wrote (a URLSearchParams); anything malformed keeps its default.
  // Call before start().
  restore(params) {
    const numbers = (key, n) => {
      const v = (params.get(key) || '').split(',').map((t) => (t.trim() === '' ? NaN : Number(t)));
      return v.length === n && v.every(Number.isFinite) ? v : null;
    };
    const f = params.get('gf');
    if (f !== null) this.els.expr.value = f.slice(0, MAX_EXPR);
    const p = numbers('gp', 2);
    if (p && p.every((v) => Math.abs(v) < 1e6)) this.point = { x: p[0], y: p[1] };
    const e = numbers('ge', 1);
    if (e && e[0] >= 0 && e[0] < 1e6) this.eta = e[0];
    const v = numbers('gv', 3);
    if (v && Math.abs(v[0]) < 1e6 && Math.abs(v[1]) < 1e6 && v[2] > 1e-6 && v[2] < 1e6) {
      this.view = { cx: v[0], cy: v[1], span: v[2] };
    }
  }

  s() {
    return STRINGS[this.lang] || STRINGS.en;
  }

  setLanguage(lang) {
    this.lang = lang;
    for (const el of this.root.querySelectorAll('[data-gp]')) {
      const v = this.s()[el.dataset.gp];
      if (typeof v === 'string') el.textContent = v;
    }
    for (const el of this.root.querySelectorAll('[data-gp-label]')) {
      const v = this.s()[el.dataset.gpLabel];
      el.setAttribute('aria-label', v);
      el.title = v;
    }
    if (this.field && this.step) this.showStep();
    else this.els.canvas.setAttribute('aria-label', this.s().canvasLabel);
    if (this.lastError) this.showError(this.lastError);
  }

  start() {
    this.els.x.value = String(this.point.x);
    this.els.y.value = String(this.point.y);
    this.els.eta.value = String(this.eta);
    this.resize();
    this.requestField();
  }

  // ------------------------------------------------------------ coordinates

  // The data rectangle of the current view: equal scales on both axes.
  extents() {
    const { w, h } = this.size;
    const { cx, cy, span } = this.view;
    const half = span / 2;
    const halfY = (half * (h || 1)) / (w || 1);
    return { x0: cx - half, x1: cx + half, y0: cy - halfY, y1: cy + halfY };
  }

  px(x) {
    const { x0, x1 } = this.extents();
    return ((x - x0) / (x1 - x0)) * this.size.w;
  }

  py(y) {
    const { y0, y1 } = this.extents();
    return this.size.h - ((y - y0) / (y1 - y0)) * this.size.h;
  }

  // Point positions are rounded to about a thousandth of the view.
  roundToView(v) {
    const unit = 10 ** Math.floor(Math.log10(this.view.span / 400));
    return Number((Math.round(v / unit) * unit).toPrecision(12));
  }

  resize() {
    const rect = this.els.canvas.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    const w = Math.max(1, rect.width);
    const h = Math.max(1, rect.height);
    const changed = Math.abs(w - this.size.w) > 1 || Math.abs(h - this.size.h) > 1;
    this.size = { w, h };
    this.dpr = dpr;
    const cw = Math.round(w * dpr);
    const ch = Math.round(h * dpr);
    if (this.els.canvas.width !== cw || this.els.canvas.height !== ch) {
      this.els.canvas.width = cw;
      this.els.canvas.height = ch;
    }
    this.draw();
    if (changed && this.field) this.requestField(250);
  }

  // ------------------------------------------------------------ input

  listen() {
    const { els } = this;
    els.expr.addEventListener('input', () => {
      this.trail = [];
      this.requestField(200);
      this.onChange();
    });
    const pointTyped = () => {
      const x = Number(els.x.value);
      const y = Number(els.y.value);
      if (els.x.value.trim() === '' || els.y.value.trim() === '' || !Number.isFinite(x) || !Number.isFinite(y)) return;
      this.trail = [];
      this.point = { x, y };
      this.requestStep();
    };
    els.x.addEventListener('input', pointTyped);
    els.y.addEventListener('input', pointTyped);
    els.eta.addEventListener('input', () => {
      const eta = Number(els.eta.value);
      if (els.eta.value.trim() === '' || !Number.isFinite(eta) || eta < 0) return;
      this.eta = eta;
      this.requestStep();
    });
    els.step.addEventListener('click', () => this.takeStep());
    els.zoomIn.addEventListener('click', () => this.zoom(0.5));
    els.zoomOut.addEventListener('click', () => this.zoom(2));
    els.zoomReset.addEventListener('click', () => {
      this.view = { ...DEFAULT_VIEW };
      this.afterViewChange();
    });

    const c = els.canvas;
    const pick = (e) => {
      const rect = c.getBoundingClientRect();
      const { x0, x1, y0, y1 } = this.extents();
      const x = x0 + ((e.clientX - rect.left) / rect.width) * (x1 - x0);
      const y = y1 - ((e.clientY - rect.top) / rect.height) * (y1 - y0);
      this.movePoint(this.roundToView(x), this.roundToView(y));
    };
    c.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      c.setPointerCapture(e.pointerId);
      this.dragging = e.pointerId;
      this.trail = [];
      pick(e);
    });
    c.addEventListener('pointermove', (e) => {
      if (this.dragging === e.pointerId) pick(e);
    });
    const end = (e) => {
      if (this.dragging === e.pointerId) this.dragging = null;
    };
    c.addEventListener('pointerup', end);
    c.addEventListener('pointercancel', end);
    c.addEventListener('keydown', (e) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const d = this.roundToView(this.view.span / 50);
      const moves = { ArrowLeft: [-d, 0], ArrowRight: [d, 0], ArrowUp: [0, d], ArrowDown: [0, -d] };
      if (moves[e.key]) {
        e.preventDefault();
        this.trail = [];
        this.movePoint(this.roundToView(this.point.x + moves[e.key][0]), this.roundToView(this.point.y + moves[e.key][1]));
      } else if (e.key === '+' || e.key === '=') {
        e.preventDefault();
        this.zoom(0.5);
      } else if (e.key === '-' || e.key === '_') {
        e.preventDefault();
        this.zoom(2);
      } else if (e.key === 'Enter') {
        e.preventDefault();
        this.takeStep();
      }
    });
  }

  movePoint(x, y) {
    this.point = { x, y };
    this.els.x.value = String(x);
    this.els.y.value = String(y);
    this.draw();
    this.requestStep();
  }

  takeStep() {
    const st = this.step;
    const current = !this.stale && st && st.x === this.point.x && st.y === this.point.y && st.eta === this.eta;
    const next = current && st.next;
    if (!next || !Number.isFinite(next.x) || !Number.isFinite(next.y)) return;
    this.trail.push({ ...this.point });
    if (this.trail.length > 200) this.trail.shift();
    this.point = { x: next.x, y: next.y };
    this.els.x.value = String(Number(next.x.toPrecision(8)));
    this.els.y.value = String(Number(next.y.toPrecision(8)));
    this.requestStep();
  }

  // Zooming keeps the point in view: in, it centres on the point, where f looks more and more
  // like its Taylor model.
  zoom(factor) {
    const span = this.view.span * factor;
    if (!(span > 1e-6 && span < 1e6)) return;
    const { x, y } = this.point;
    const c = factor < 1 ? { cx: x, cy: y } : { cx: this.view.cx, cy: this.view.cy };
    this.view = { ...c, span };
    this.afterViewChange();
  }

  afterViewChange() {
    this.draw();
    this.requestField(0);
    this.onChange();
  }

  // ------------------------------------------------------------ engine

  requestField(delay = 0) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.computeField(), delay);
  }

  async computeField() {
    const seq = ++this.fieldSeq;
    const input = this.els.expr.value;
    const { w, h } = this.size;
    const ext = this.extents();
    const nx = GRID_COLUMNS;
    const ny = Math.max(20, Math.min(161, Math.round((GRID_COLUMNS * h) / w)));
    const ax = Math.max(6, Math.min(40, Math.round(w / ARROW_SPACING)));
    const ay = Math.max(4, Math.min(40, Math.round((ax * h) / w)));
    try {
      const r = await this.engine.call('field', { input, ...ext, nx, ny, ax, ay }, { key: 'gp-field' });
      if (seq !== this.fieldSeq) return;
      if (!r.ok) {
        this.showError(r.error);
        this.setStale(true);
        return;
      }
      this.lastError = null;
      this.setStale(false);
      this.els.error.hidden = true;
      this.els.expr.removeAttribute('aria-invalid');
      this.field = prepareField(r, input);
      this.root.dataset.gpField = input;
      this.root.dataset.gpGrid = `${r.grid.nx}x${r.grid.ny} ${Math.round(r.ms)} ms`;
      this.draw();
      this.requestStep();
    } catch (err) {
      if (err instanceof EngineError && err.reason === 'superseded') return;
      if (seq !== this.fieldSeq) return;
      this.showError({ message: err instanceof EngineError && err.reason === 'timeout' ? this.s().timeout : String(err.message || err) });
      this.setStale(true);
    }
  }

  // After an error the last good picture stays, dimmed, until the input works again (typing
  // passes through many incomplete inputs); it no longer answers to the point.
  setStale(stale) {
    this.stale = stale;
    this.els.canvas.parentElement.classList.toggle('gp-stale', stale);
  }

  async requestStep() {
    this.onChange();
    const field = this.field;
    if (!field || this.stale) return;
    const seq = ++this.stepSeq;
    const { x, y } = this.point;
    const eta = this.eta;
    try {
      const r = await this.engine.call('gradientStep', {
        input: field.source, gradient: field.gradient.map((g) => g.text), x, y, eta,
      }, { key: 'gp-step' });
      if (seq !== this.stepSeq || field !== this.field) return;
      if (!r.ok) {
        this.step = null;
        this.showError(r.error);
        this.draw();
        return;
      }
      this.step = r;
      this.showStep();
      this.draw();
    } catch (err) {
      if (err instanceof EngineError && err.reason === 'superseded') return;
      if (seq !== this.stepSeq) return;
      this.step = null;
      this.showError({ message: String(err.message || err) });
    }
  }

  showError(error) {
    this.lastError = error;
    const msg = error.kind === 'variables' ? this.s().variables(error.names) : error.message;
    this.els.error.hidden = false;
    this.els.error.textContent = msg;
    this.els.expr.setAttribute('aria-invalid', 'true');
    this.els.summary.textContent = '';
    for (const el of [this.els.gradMath, this.els.taylorMath, this.els.stepMath]) el.replaceChildren();
    this.els.canvas.setAttribute('aria-label', `${this.s().canvasLabel}: ${msg}`);
    this.root.dataset.gpState = 'error';
    this.root.dataset.gpFor = this.els.expr.value;
  }

  // The formulas, the summary and the canvas's description for the current step.
  showStep() {
    const st = this.step;
    const field = this.field;
    const s = this.s();
    const F = field.name;
    const [gxF, gyF] = field.gradient;
    const ok = st.f !== null && st.gx !== null && st.gy !== null;
    const dF = (v) => `\\frac{\\partial ${F}}{\\partial ${v}}`;
    const gradLines = [
      `${dF('w')} &= \\begin{bmatrix} ${dF('x')} & ${dF('y')} \\end{bmatrix} = \\begin{bmatrix} ${gxF.latex} & ${gyF.latex} \\end{bmatrix}`,
    ];
    if (ok) {
      gradLines.push(`\\left.${dF('w')}\\right|_{w_k} &= \\begin{bmatrix} ${tex(st.gx)} & ${tex(st.gy)} \\end{bmatrix}, \\quad w_k = (${tex(st.x)}, ${tex(st.y)})`);
    }
    renderMath(this.els.gradMath, `\\begin{aligned} ${gradLines.join(' \\\\ ')} \\end{aligned}`,
      `∂${field.lhs || 'f'}/∂w = [${gxF.text}, ${gyF.text}]`);
    const d = {
      f: field.inputText, x: num(st.x), y: num(st.y), fk: num(st.f), gx: num(st.gx), gy: num(st.gy),
      norm: num(Math.hypot(st.gx, st.gy)), eta: num(st.eta), next: Boolean(st.next),
      nx: st.next && num(st.next.x), ny: st.next && num(st.next.y), fn: st.next && num(st.next.f),
    };
    const main = this.root.dataset;
    main.gpFor = `${field.source}|${st.x},${st.y}|${st.eta}`;
    main.gpF = String(st.f);
    main.gpGrad = `${st.gx},${st.gy}`;
    main.gpNextF = st.next ? String(st.next.f) : '';
    if (!ok) {
      main.gpState = 'undefined';
      this.els.taylorMath.replaceChildren();
      this.els.stepMath.replaceChildren();
      this.els.summary.textContent = st.f === null ? s.undefinedHere : s.summaryNoNext(d);
      this.els.canvas.setAttribute('aria-label', `${s.canvasLabel}. ${s.undefinedHere}`);
      return;
    }
    main.gpState = 'ok';
    const fk = `${F}(w_k)`;
    const taylor = [
      `${F}(w) &\\simeq ${fk} + (w - w_k)\\left.\\frac{\\partial ${F}}{\\partial w^{T}}\\right|_{w = w_k}`,
      `&= ${tex(st.f)} + \\begin{bmatrix} ${shifted('x', st.x)} & ${shifted('y', st.y)} \\end{bmatrix} \\begin{bmatrix} ${tex(st.gx)} \\\\ ${tex(st.gy)} \\end{bmatrix}`,
      `&= ${tex(st.f)} ${signed(st.gx, shifted('x', st.x))} ${signed(st.gy, shifted('y', st.y))}`,
    ];
    renderMath(this.els.taylorMath, `\\begin{aligned} ${taylor.join(' \\\\ ')} \\end{aligned}`,
      `${field.lhs || 'f'}(w) ≈ ${d.fk} + ${d.gx} (x - ${d.x}) + ${d.gy} (y - ${d.y})`);
    const n = st.next;
    const g2 = st.gx * st.gx + st.gy * st.gy;
    const pred = -st.eta * g2;
    const stepLines = [
      `& w_{k+1} = w_k - \\eta \\left.${dF('w')}\\right|_{w_k} = (${tex(st.x)}, ${tex(st.y)}) - ${tex(st.eta)}\\,(${tex(st.gx)}, ${tex(st.gy)}) = (${tex(n.x)}, ${tex(n.y)})`,
      `& ${F}(w_{k+1}) - ${fk} \\simeq \\Delta \\left.\\frac{\\partial ${F}}{\\partial w^{T}}\\right|_{w_k} = -\\eta \\left\\lVert ${dF('w')} \\right\\rVert^{2} = ${tex(pred)}`,
    ];
    if (n.f !== null) {
      stepLines.push(`& ${F}(w_{k+1}) - ${fk} = ${tex(n.f)} - ${Number(round4(st.f)) < 0 ? `(${tex(st.f)})` : tex(st.f)} = ${tex(n.f - st.f)}`);
    }
    renderMath(this.els.stepMath, `\\begin{aligned} ${stepLines.join(' \\\\ ')} \\end{aligned}`,
      `w_{k+1} = (${d.nx}, ${d.ny})`);
    const summary = s.summary({ ...d, change: num(n.f === null ? NaN : n.f - st.f), pred: num(pred) });
    this.els.summary.textContent = g2 === 0 ? `${summary} ${s.flat}` : summary;
    this.els.canvas.setAttribute('aria-label', s.describe(d));
  }

  // ------------------------------------------------------------ drawing

  draw() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.paint();
    });
  }

  paint() {
    const { ctx } = this;
    const { w, h } = this.size;
    if (!w || !h) return;
    const style = getComputedStyle(this.els.canvas);
    const color = (name) => style.getPropertyValue(name).trim() || '#888';
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    ctx.fillStyle = color('--plot-bg');
    ctx.fillRect(0, 0, w, h);
    const ext = this.extents();
    this.root.dataset.gpView = [ext.x0, ext.x1, ext.y0, ext.y1].join(',');
    const field = this.field;
    if (field) {
      const key = ['--gp-low', '--gp-mid', '--gp-high', '--gp-undefined'].map(color).join(' ');
      if (!field.image || field.imageKey !== key) {
        field.image = bandImage(field, key.split(' '));
        field.imageKey = key;
      }
      const g = field.grid;
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(field.image, this.px(g.x0), this.py(g.y1), this.px(g.x1) - this.px(g.x0), this.py(g.y0) - this.py(g.y1));
    }
    this.paintAxes(color, style);
    if (!field) return;

    // Level lines of f.
    ctx.lineJoin = 'round';
    ctx.lineCap = 'round';
    ctx.strokeStyle = color('--gp-line');
    ctx.globalAlpha = 0.5;
    ctx.lineWidth = 1;
    this.strokeSegments(field.segments);
    ctx.globalAlpha = 1;

    this.paintArrowField(field, color('--gp-field'));

    // While the point is dragged the step may lag behind it by a reply; it is drawn where it
    // was computed.
    const here = this.step;
    if (here && here.f !== null && here.gx !== null && here.gy !== null) {
      // The level line through the point, then the Taylor model around it.
      ctx.strokeStyle = color('--gp-line');
      ctx.lineWidth = 2;
      this.strokeSegments(contour(field.grid, here.f, field.jump));
      this.paintTaylor(field, here, color('--gp-taylor'));
    }
    this.paintTrail(color('--gp-field'));
    if (here && here.next && here.gx !== null) {
      this.paintStep(here, color('--gp-step'));
      this.paintGradient(field, here, color('--gp-grad'), style);
    }
    this.paintPoint(this.point, color('--gp-point'), color('--plot-bg'), 5.5);
  }

  paintAxes(color, style) {
    const { ctx } = this;
    const { w, h } = this.size;
    const { x0, x1, y0, y1 } = this.extents();
    const xs = ticks(x0, x1, Math.max(3, Math.round(w / 90)));
    const ys = ticks(y0, y1, Math.max(3, Math.round(h / 70)));
    ctx.lineWidth = 1;
    ctx.strokeStyle = color('--plot-axis');
    ctx.globalAlpha = 0.18;
    ctx.beginPath();
    for (const x of xs.values) {
      const p = Math.round(this.px(x)) + 0.5;
      ctx.moveTo(p, 0);
      ctx.lineTo(p, h);
    }
    for (const y of ys.values) {
      const p = Math.round(this.py(y)) + 0.5;
      ctx.moveTo(0, p);
      ctx.lineTo(w, p);
    }
    ctx.stroke();
    ctx.globalAlpha = 0.7;
    ctx.beginPath();
    const ax = Math.round(this.py(0)) + 0.5;
    const ay = Math.round(this.px(0)) + 0.5;
    if (ax > 0 && ax < h) {
      ctx.moveTo(0, ax);
      ctx.lineTo(w, ax);
    }
    if (ay > 0 && ay < w) {
      ctx.moveTo(ay, 0);
      ctx.lineTo(ay, h);
    }
    ctx.stroke();
    ctx.globalAlpha = 1;
    // Tick labels along the bottom and left edges, on a halo so contours do not hide them.
    ctx.font = `11px ${style.fontFamily}`;
    ctx.lineWidth = 3;
    ctx.strokeStyle = color('--plot-bg');
    ctx.fillStyle = color('--plot-text');
    const label = (text, x, y) => {
      ctx.strokeText(text, x, y);
      ctx.fillText(text, x, y);
    };
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    for (const x of xs.values) {
      const p = this.px(x);
      if (p > 24 && p < w - 16) label(tickText(x, xs.step), p, h - 3);
    }
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    for (const y of ys.values) {
      const p = this.py(y);
      if (p > 10 && p < h - 20) label(tickText(y, ys.step), 4, p);
    }
  }

  // Segments in data coordinates: x0, y0, x1, y1, ...
  strokeSegments(seg) {
    const { ctx } = this;
    ctx.beginPath();
    for (let i = 0; i < seg.length; i += 4) {
      ctx.moveTo(this.px(seg[i]), this.py(seg[i + 1]));
      ctx.lineTo(this.px(seg[i + 2]), this.py(seg[i + 3]));
    }
    ctx.stroke();
  }

  // Pixels per unit of gradient for the field's arrows: the 90th percentile length fills
  // most of a cell, so a few huge values (near a pole) do not shrink all the others.
  arrowScale(field) {
    const a = field.arrows;
    const cell = Math.min(this.px(a.x0 + (a.x1 - a.x0) / Math.max(1, a.nx - 1)) - this.px(a.x0),
      this.py(a.y0) - this.py(a.y0 + (a.y1 - a.y0) / Math.max(1, a.ny - 1)));
    return field.gradRef > 0 ? (0.8 * cell) / field.gradRef : 0;
  }

  paintArrowField(field, stroke) {
    const { ctx } = this;
    const a = field.arrows;
    const k = this.arrowScale(field);
    if (!k) return;
    const cap = field.gradRef * k;
    ctx.strokeStyle = stroke;
    ctx.fillStyle = stroke;
    ctx.globalAlpha = 0.55;
    ctx.lineWidth = 1.2;
    for (let j = 0; j < a.ny; j++) {
      const y = a.ny === 1 ? a.y0 : a.y0 + ((a.y1 - a.y0) * j) / (a.ny - 1);
      for (let i = 0; i < a.nx; i++) {
        const gx = a.gx[j * a.nx + i];
        const gy = a.gy[j * a.nx + i];
        if (!Number.isFinite(gx) || !Number.isFinite(gy)) continue;
        const x = a.nx === 1 ? a.x0 : a.x0 + ((a.x1 - a.x0) * i) / (a.nx - 1);
        const len = Math.min(cap, Math.hypot(gx, gy) * k);
        if (len < 2) continue;
        const m = Math.hypot(gx, gy);
        const ux = gx / m;
        const uy = -gy / m;
        const cx = this.px(x);
        const cy = this.py(y);
        arrow(ctx, cx - (ux * len) / 2, cy - (uy * len) / 2, cx + (ux * len) / 2, cy + (uy * len) / 2, Math.min(5, len * 0.4));
      }
    }
    ctx.globalAlpha = 1;
  }

  // The Taylor model's level lines, at the contour levels, inside a disc around the point:
  // straight, parallel, and tangent to the real level lines near w_k.
  paintTaylor(field, st, stroke) {
    const { ctx } = this;
    const g = Math.hypot(st.gx, st.gy);
    const cx = this.px(st.x);
    const cy = this.py(st.y);
    const r = Math.min(this.size.w, this.size.h) * 0.3;
    ctx.save();
    ctx.beginPath();
    ctx.arc(cx, cy, r, 0, 2 * Math.PI);
    ctx.fillStyle = stroke;
    ctx.globalAlpha = 0.07;
    ctx.fill();
    ctx.globalAlpha = 0.35;
    ctx.strokeStyle = stroke;
    ctx.lineWidth = 1;
    ctx.stroke();
    ctx.clip();
    if (g > 0) {
      // Unit gradient in pixels (y flipped), and pixels per data unit.
      const ux = st.gx / g;
      const uy = -st.gy / g;
      const scale = this.px(1) - this.px(0);
      ctx.globalAlpha = 0.95;
      ctx.lineWidth = 1.4;
      ctx.setLineDash([5, 4]);
      ctx.beginPath();
      for (const level of [st.f, ...field.levels]) {
        const off = ((level - st.f) / g) * scale; // signed distance in px along ∇f
        if (Math.abs(off) > r) continue;
        const mx = cx + ux * off;
        const my = cy + uy * off;
        ctx.moveTo(mx - uy * r * 1.1, my + ux * r * 1.1);
        ctx.lineTo(mx + uy * r * 1.1, my - ux * r * 1.1);
      }
      ctx.stroke();
    }
    ctx.restore();
  }

  paintTrail(stroke) {
    if (!this.trail.length) return;
    const { ctx } = this;
    ctx.save();
    ctx.strokeStyle = stroke;
    ctx.fillStyle = stroke;
    ctx.globalAlpha = 0.8;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    const pts = [...this.trail, this.point];
    pts.forEach((p, i) => (i ? ctx.lineTo(this.px(p.x), this.py(p.y)) : ctx.moveTo(this.px(p.x), this.py(p.y))));
    ctx.stroke();
    for (const p of this.trail) {
      ctx.beginPath();
      ctx.arc(this.px(p.x), this.py(p.y), 2.5, 0, 2 * Math.PI);
      ctx.fill();
    }
    ctx.restore();
  }

  // The step: an arrow from w_k to w_{k+1} at true length, and the circle of all steps of the
  // same length (the step reaches the Taylor model's lowest level on it).
  paintStep(st, stroke) {
    const { ctx } = this;
    const x0 = this.px(st.x);
    const y0 = this.py(st.y);
    const x1 = this.px(st.next.x);
    const y1 = this.py(st.next.y);
    const len = Math.hypot(x1 - x0, y1 - y0);
    ctx.save();
    ctx.strokeStyle = stroke;
    ctx.fillStyle = stroke;
    if (len > 3 && len < 4 * Math.max(this.size.w, this.size.h)) {
      ctx.globalAlpha = 0.6;
      ctx.lineWidth = 1;
      ctx.setLineDash([2, 4]);
      ctx.beginPath();
      ctx.arc(x0, y0, len, 0, 2 * Math.PI);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.globalAlpha = 1;
      ctx.lineWidth = 2.75;
      arrow(ctx, x0, y0, x1, y1, Math.min(11, len * 0.45));
    }
    ctx.restore();
    if (Number.isFinite(x1) && Number.isFinite(y1)) this.paintPoint(st.next, stroke, getComputedStyle(this.els.canvas).getPropertyValue('--plot-bg').trim(), 4.5, true);
  }

  // ∇f(w_k), drawn prominently: on the field's scale but never too short to see.
  paintGradient(field, st, stroke, style) {
    const { ctx } = this;
    const g = Math.hypot(st.gx, st.gy);
    if (!(g > 0)) return;
    const k = this.arrowScale(field) || 1;
    const max = Math.min(this.size.w, this.size.h) * 0.3;
    const len = Math.max(52, Math.min(max, g * k * 2.5));
    const ux = st.gx / g;
    const uy = -st.gy / g;
    const x0 = this.px(st.x);
    const y0 = this.py(st.y);
    const x1 = x0 + ux * len;
    const y1 = y0 + uy * len;
    ctx.save();
    ctx.strokeStyle = stroke;
    ctx.fillStyle = stroke;
    ctx.lineWidth = 3.25;
    ctx.lineCap = 'round';
    arrow(ctx, x0, y0, x1, y1, 12);
    ctx.font = `italic 600 14px ${style.fontFamily}`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.lineWidth = 3.5;
    ctx.strokeStyle = style.getPropertyValue('--plot-bg').trim();
    const lx = x1 + ux * 14;
    const ly = y1 + uy * 14;
    ctx.strokeText('∇f', lx, ly);
    ctx.fillText('∇f', lx, ly);
    ctx.restore();
  }

  paintPoint(p, fill, ring, radius, hollow = false) {
    const { ctx } = this;
    ctx.beginPath();
    ctx.arc(this.px(p.x), this.py(p.y), radius, 0, 2 * Math.PI);
    ctx.lineWidth = 2.25;
    if (hollow) {
      ctx.fillStyle = ring;
      ctx.fill();
      ctx.strokeStyle = fill;
      ctx.stroke();
    } else {
      ctx.fillStyle = fill;
      ctx.fill();
      ctx.strokeStyle = ring;
      ctx.stroke();
    }
  }
}

// ------------------------------------------------------------------ the field's geometry

// Contour levels, contour segments and the arrows' reference length for a `field` reply.
function prepareField(r, source) {
  const g = r.grid;
  const finite = Array.from(g.values).filter(Number.isFinite).sort((a, b) => a - b);
  let levels = [];
  let lo = 0;
  let hi = 0;
  if (finite.length) {
    const q = (p) => finite[Math.min(finite.length - 1, Math.floor(p * (finite.length - 1)))];
    // Like plot.js's fitY: the middle 80 % widened by half on each side, not past the
    // extremes, so poles do not squeeze every level into one corner.
    const span80 = q(0.9) - q(0.1);
    lo = Math.max(q(0), q(0.1) - span80 / 2);
    hi = Math.min(q(1), q(0.9) + span80 / 2);
    if (hi - lo > 1e-12 * Math.max(1, Math.abs(hi))) {
      levels = niceLevels(lo, hi, 13);
    }
  }
  const segments = [];
  // Half the range of the levels within one cell is more than any slope we can draw.
  const jump = levels.length ? (hi - lo) / 2 : Infinity;
  for (const level of levels) segments.push(...contour(g, level, jump));
  const lengths = [];
  for (let i = 0; i < r.arrows.gx.length; i++) {
    const m = Math.hypot(r.arrows.gx[i], r.arrows.gy[i]);
    if (Number.isFinite(m)) lengths.push(m);
  }
  lengths.sort((a, b) => a - b);
  const gradRef = lengths.length ? lengths[Math.floor(0.9 * (lengths.length - 1))] : 0;
  return {
    ...r, source, levels, lo, hi, jump, segments, gradRef,
    name: (r.lhs && symbol(r.lhs)) || 'f',
    inputText: r.input.text,
  };
}

// About `target` round levels strictly between lo and hi (steps of 1, 2, 2.5 or 5 times a
// power of ten, whichever count comes closest).
function niceLevels(lo, hi, target) {
  const mag = 10 ** Math.floor(Math.log10((hi - lo) / target));
  let best = null;
  for (const k of [1, 2, 2.5, 5, 10, 20]) {
    const step = k * mag;
    const count = Math.floor(hi / step) - Math.ceil(lo / step) + 1;
    if (!best || Math.abs(count - target) < Math.abs(best.count - target)) best = { step, count };
  }
  const out = [];
  for (let i = Math.ceil(lo / best.step); i * best.step < hi && out.length < 60; i++) {
    const v = i * best.step;
    if (v > lo) out.push(Number(v.toPrecision(12)));
  }
  return out;
}

// Marching squares: the level-c line of the grid as segments x0, y0, x1, y1, ... in data
// coordinates. Cells with an undefined corner are skipped, and so are cells whose values
// differ by more than `jump` (a pole or a jump between samples, not a steep slope we could
// draw); a saddle is split by the value at the cell's centre.
export function contour(grid, c, jump = Infinity) {
  const { values: v, nx, ny, x0, x1, y0, y1 } = grid;
  const out = [];
  if (!Number.isFinite(c)) return out;
  const dx = (x1 - x0) / (nx - 1);
  const dy = (y1 - y0) / (ny - 1);
  const t = (p, q) => (c - p) / (q - p);
  for (let j = 0; j < ny - 1; j++) {
    for (let i = 0; i < nx - 1; i++) {
      const a = v[j * nx + i]; // bottom left
      const b = v[j * nx + i + 1]; // bottom right
      const e = v[(j + 1) * nx + i + 1]; // top right
      const d = v[(j + 1) * nx + i]; // top left
      if (!(Number.isFinite(a) && Number.isFinite(b) && Number.isFinite(e) && Number.isFinite(d))) continue;
      if (Math.max(a, b, e, d) - Math.min(a, b, e, d) > jump) continue;
      const idx = (a > c ? 1 : 0) | (b > c ? 2 : 0) | (e > c ? 4 : 0) | (d > c ? 8 : 0);
      if (idx === 0 || idx === 15) continue;
      const X = x0 + i * dx;
      const Y = y0 + j * dy;
      // Crossing points on the four edges: bottom, right, top, left.
      const edge = (k) => {
        switch (k) {
          case 0: return [X + t(a, b) * dx, Y];
          case 1: return [X + dx, Y + t(b, e) * dy];
          case 2: return [X + t(d, e) * dx, Y + dy];
          default: return [X, Y + t(a, d) * dy];
        }
      };
      const centreAbove = (a + b + e + d) / 4 > c;
      const pairs = {
        1: [[3, 0]], 2: [[0, 1]], 3: [[3, 1]], 4: [[1, 2]], 6: [[0, 2]], 7: [[3, 2]], 8: [[2, 3]],
        9: [[0, 2]], 11: [[1, 2]], 12: [[3, 1]], 13: [[0, 1]], 14: [[3, 0]],
        5: centreAbove ? [[0, 1], [2, 3]] : [[3, 0], [1, 2]],
        10: centreAbove ? [[3, 0], [1, 2]] : [[0, 1], [2, 3]],
      }[idx];
      for (const [p, q] of pairs) out.push(...edge(p), ...edge(q));
    }
  }
  return out;
}

// The filled bands between contour levels as an image the size of the grid's cells times
// four (smoothed when drawn): low values blue, high values warm, undefined grey.
function bandImage(field, [low, mid, high, undef]) {
  const g = field.grid;
  const scale = 4;
  const W = (g.nx - 1) * scale;
  const H = (g.ny - 1) * scale;
  const canvas = document.createElement('canvas');
  canvas.width = W;
  canvas.height = H;
  const ctx = canvas.getContext('2d');
  const img = ctx.createImageData(W, H);
  const [cl, cm, ch, cu] = [low, mid, high, undef].map(rgb);
  const levels = field.levels;
  const bands = levels.length + 1;
  const bandColor = [];
  for (let b = 0; b < bands; b++) {
    const u = bands === 1 ? 0.5 : b / (bands - 1);
    bandColor.push(u < 0.5 ? mix(cl, cm, u * 2) : mix(cm, ch, (u - 0.5) * 2));
  }
  const v = g.values;
  for (let py = 0; py < H; py++) {
    const fy = (g.ny - 1) * (1 - (py + 0.5) / H);
    const j = Math.min(g.ny - 2, Math.floor(fy));
    const ty = fy - j;
    for (let px = 0; px < W; px++) {
      const fx = ((px + 0.5) / W) * (g.nx - 1);
      const i = Math.min(g.nx - 2, Math.floor(fx));
      const tx = fx - i;
      const a = v[j * g.nx + i];
      const b = v[j * g.nx + i + 1];
      const d = v[(j + 1) * g.nx + i];
      const e = v[(j + 1) * g.nx + i + 1];
      // Across a jump, the nearest sample rather than a blend of both sides.
      const val = Math.max(a, b, d, e) - Math.min(a, b, d, e) > field.jump
        ? [[a, b], [d, e]][ty < 0.5 ? 0 : 1][tx < 0.5 ? 0 : 1]
        : (a * (1 - tx) + b * tx) * (1 - ty) + (d * (1 - tx) + e * tx) * ty;
      let col = cu;
      if (Number.isFinite(val)) {
        let band = 0;
        while (band < levels.length && val > levels[band]) band++;
        col = bandColor[band];
      }
      const o = (py * W + px) * 4;
      img.data[o] = col[0];
      img.data[o + 1] = col[1];
      img.data[o + 2] = col[2];
      img.data[o + 3] = 255;
    }
  }
  ctx.putImageData(img, 0, 0);
  return canvas;
}

function rgb(hex) {
  const m = /^#([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return [128, 128, 128];
  const n = parseInt(m[1], 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function mix(p, q, u) {
  return p.map((c, k) => Math.round(c + (q[k] - c) * u));
}

// A line with a filled head at (x1, y1).
function arrow(ctx, x0, y0, x1, y1, head) {
  const a = Math.atan2(y1 - y0, x1 - x0);
  const bx = x1 - Math.cos(a) * head * 0.8;
  const by = y1 - Math.sin(a) * head * 0.8;
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(bx, by);
  ctx.stroke();
  ctx.beginPath();
  ctx.moveTo(x1, y1);
  ctx.lineTo(x1 - Math.cos(a - 0.42) * head, y1 - Math.sin(a - 0.42) * head);
  ctx.lineTo(x1 - Math.cos(a + 0.42) * head, y1 - Math.sin(a + 0.42) * head);
  ctx.closePath();
  ctx.fill();
}

function tickText(v, step) {
  const digits = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  if (Math.abs(v) >= 1e6 || (Math.abs(v) < 1e-4 && v !== 0)) return v.toExponential(1).replace('-', '−');
  return v.toFixed(Math.min(digits, 10)).replace('-', '−');
}
