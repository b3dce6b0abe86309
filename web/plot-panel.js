// The graph card: f and its derivative for single-variable input, sampled by the engine
// Worker (sampling.js) and drawn by plot.js, plus the tangent at the chosen point.
// Samples cover the view and half a view on each side; panning or zooming past them asks
// for new ones.

import { labelledMath } from './dom.js';
import { engineMessage, t } from './i18n.js';
import { formatNumber, functionName, numberLatex, renderMath, symbol } from './math.js';
import { Plot } from './plot.js';
import { derivativeForm } from './point-panel.js';

// Larger derivatives are not plotted (sampling would be slow). A result that names its
// repeated subexpressions counts with its definitions. Sampling ~2600 points of a
// 175,000-character derivative takes about 0.5 s in the Worker (evaluateGrid).
const TEXT_LIMIT = 200000;
const X_RANGE = [-5, 5];
const COLORS = ['--plot-f', '--plot-df'];

export class PlotPanel {
  // els: {card, canvas, legend, message, hint, tangent, zoomIn, zoomOut, zoomReset}
  // onPick(name, x): the user clicked the graph at x.
  constructor(engine, els, { onPick }) {
    this.engine = engine;
    this.els = els;
    this.onPickPoint = onPick;
    this.plot = null;
    this.shown = null; // {r, f, df, variable, order}
    this.sampled = null; // {x0, x1} of the last samples
    this.point = null;
    this.fitPending = false;
    this.timer = 0;
    els.zoomIn.addEventListener('click', () => this.plot && this.plot.zoom(0.7));
    els.zoomOut.addEventListener('click', () => this.plot && this.plot.zoom(1 / 0.7));
    els.zoomReset.addEventListener('click', () => this.reset());
    els.canvas.addEventListener('keydown', (event) => {
      if (event.key === '0' || event.key === 'Home') {
        event.preventDefault();
        this.reset();
      }
    });
  }

  static applies(r) {
    return Boolean(r && r.result && r.resolved.mode === 'derivative' && r.variables.length <= 1);
  }

  // A new result; its point (setPoint) follows once evaluated.
  show(r) {
    const { card, message } = this.els;
    if (!PlotPanel.applies(r)) {
      card.hidden = true;
      this.shown = null;
      return;
    }
    card.hidden = false;
    this.ensurePlot();
    const variable = r.variables[0] || r.wrt[0] || 'x';
    const { texts: [text], where } = derivativeForm(r);
    const size = text.length + (where || []).reduce((n, d) => n + d.text.length, 0);
    const tooLarge = size > TEXT_LIMIT;
    const df = tooLarge ? null : text;
    // The derivative's identity: its text, and the definitions of the names it uses.
    const dfKey = df && where ? [df, ...where.map((d) => `${d.name}=${d.text}`)].join('\n') : df;
    const next = { r, f: r.input.text, df, where: df ? where : undefined, dfKey, variable, order: r.wrt.length };
    const prev = this.shown;
    const newFunction = !prev || prev.f !== next.f || prev.variable !== next.variable;
    this.shown = next;
    this.point = null;
    this.centerOnPoint = newFunction;
    message.hidden = !tooLarge;
    message.textContent = tooLarge ? t('plotTooLarge') : '';
    if (newFunction) {
      this.plot.setView({ x0: X_RANGE[0], x1: X_RANGE[1], y0: -5, y1: 5 }, { notify: false });
    }
    if (newFunction || prev.dfKey !== next.dfKey) {
      this.fitPending = true;
      card.dataset.state = 'loading';
      this.requestSamples();
    }
    this.render();
  }

  setPoint(point) {
    this.point = point;
    if (!this.shown) return;
    // A new graph whose point lies outside the default view (e.g. from a shared link): go there.
    const a = point && point.d ? point.values[0] : NaN;
    const { x0, x1 } = this.plot.view;
    if (this.centerOnPoint && Number.isFinite(a) && (a < x0 || a > x1)) {
      const half = (x1 - x0) / 2;
      this.fitPending = true;
      this.plot.setView({ x0: a - half, x1: a + half, y0: -5, y1: 5 }, { notify: false });
      this.requestSamples();
    }
    this.centerOnPoint = false;
    this.render();
  }

  reset() {
    if (!this.plot || !this.shown) return;
    const [x0, x1] = X_RANGE;
    this.fitPending = true;
    this.plot.setView({ x0, x1, ...this.plot.fitY(x0, x1) });
    this.requestSamples();
  }

  ensurePlot() {
    if (this.plot) return;
    this.plot = new Plot(this.els.canvas, {
      onViewChange: () => {
        this.renderLabel();
        if (this.needsSamples()) {
          clearTimeout(this.timer);
          this.timer = setTimeout(() => this.requestSamples(), 60);
        }
      },
      onPick: (x) => {
        if (this.shown) this.onPickPoint(this.shown.variable, this.pickText(x));
      },
    });
  }

  // A clicked x, rounded to what the view can resolve.
  pickText(x) {
    const span = this.plot.view.x1 - this.plot.view.x0;
    const digits = Math.max(0, Math.min(10, 2 - Math.floor(Math.log10(span))));
    return String(Number(x.toFixed(digits)));
  }

  needsSamples() {
    if (!this.shown || !this.sampled) return false;
    const { x0, x1 } = this.plot.view;
    const sampledSpan = this.sampled.x1 - this.sampled.x0;
    return x0 < this.sampled.x0 || x1 > this.sampled.x1 || x1 - x0 < sampledSpan / 4;
  }

  async requestSamples() {
    const target = this.shown;
    if (!target) return;
    const { card, message } = this.els;
    const { x0, x1 } = this.plot.view;
    const span = x1 - x0;
    const range = { x0: x0 - span / 2, x1: x1 + span / 2 };
    const n = Math.max(200, Math.min(2000, Math.round(this.plot.width * 2)));
    const derivative = target.where ? { input: target.df, where: target.where } : target.df;
    const inputs = [target.f, ...(target.df ? [derivative] : [])];
    try {
      const res = await this.engine.call('plot', { inputs, variable: target.variable, ...range, n }, { key: 'plot' });
      if (target !== this.shown) return;
      this.sampled = range;
      this.plot.setCurves(res.curves.map((c, i) => ({ lines: c.lines || [], color: COLORS[i] })));
      const failed = res.curves.find((c) => c.error);
      if (failed) {
        message.hidden = false;
        message.textContent = t('plotFailed', { message: engineMessage(failed.error.message) });
      }
      if (this.fitPending) {
        this.fitPending = false;
        const v = this.plot.view;
        this.plot.setView({ x0: v.x0, x1: v.x1, ...this.plot.fitY(v.x0, v.x1) }, { notify: false });
        this.renderLabel();
      }
      card.dataset.state = 'ready';
      card.dataset.for = target.f;
      card.dataset.curves = String(res.curves.filter((c) => c.lines && c.lines.length).length);
    } catch (err) {
      if (err.reason === 'superseded' || target !== this.shown) return;
      message.hidden = false;
      message.textContent = t('plotFailed', {
        message: t(err.reason === 'timeout' ? 'timeout' : 'crashed', { message: err.message }),
      });
      card.dataset.state = 'failed';
    }
  }

  // ------------------------------------------------------------ legend, tangent, label

  tangentShown() {
    const p = this.point;
    return Boolean(this.shown && this.shown.order === 1 && p && p.d && Number.isFinite(p.f) && Number.isFinite(p.d[0]));
  }

  render() {
    if (!this.shown) return;
    this.renderLegend();
    this.renderTangent();
    this.renderLabel();
    this.els.hint.textContent = t(this.shown.order === 1 ? 'plotHint' : 'plotHintNoTangent');
  }

  derivativeLatex() {
    const { r, order, variable } = this.shown;
    const primes = order <= 3 ? "'".repeat(order) : `^{(${order})}`;
    return `${functionName(r)}${primes}(${symbol(variable) || 'x'})`;
  }

  renderLegend() {
    const { r, df, variable } = this.shown;
    const items = [
      ['f', `${functionName(r)}(${symbol(variable) || 'x'})`],
      ...(df ? [['df', this.derivativeLatex()]] : []),
      ...(this.tangentShown() ? [['tangent', null]] : []),
    ];
    this.els.legend.replaceChildren(...items.map(([kind, latex]) => {
      const li = document.createElement('li');
      li.className = `legend-${kind}`;
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.setAttribute('aria-hidden', 'true');
      const label = document.createElement('span');
      if (latex) renderMath(label, latex, latex, { display: false });
      else label.textContent = t('plotTangent');
      li.append(swatch, label);
      return li;
    }));
  }

  renderTangent() {
    const { plot, point, els } = this;
    const p = point && point.d && Number.isFinite(point.f) ? point : null;
    const markers = [];
    if (p) {
      const a = p.values[0];
      markers.push({ x: a, y: p.f, color: '--plot-f' });
      if (this.shown.df && Number.isFinite(p.d[0])) markers.push({ x: a, y: p.d[0], color: '--plot-df' });
    }
    plot.setMarkers(markers);
    if (!this.tangentShown()) {
      plot.setTangent(null);
      els.tangent.replaceChildren();
      return;
    }
    const a = p.values[0];
    const m = p.d[0];
    plot.setTangent({ x: a, y: p.f, slope: m });
    // y = m x + b, written the way people write it.
    const b = p.f - m * a;
    const v = symbol(this.shown.variable) || 'x';
    const y = this.shown.variable === 'y' ? 'z' : 'y';
    let rhs = '';
    if (m !== 0) rhs = `${m === 1 ? '' : m === -1 ? '-' : numberLatex(m)}${v}`;
    if (!rhs) rhs = numberLatex(b);
    else if (b !== 0) rhs += ` ${b < 0 ? '-' : '+'} ${numberLatex(Math.abs(b))}`;
    labelledMath(els.tangent, t('tangentAt', { point: `${this.shown.variable} = ${formatNumber(a)}` }), `${y} = ${rhs}`);
  }

  renderLabel() {
    if (!this.plot || !this.shown) return;
    const { r, variable: v, order } = this.shown;
    const { x0, x1 } = this.plot.view;
    const short = (x) => formatNumber(Number(x.toPrecision(3)));
    const fn = r.lhs && /^[A-Za-z]$/.test(r.lhs) ? r.lhs : 'f';
    const primes = order <= 3 ? "'".repeat(order) : `^(${order})`;
    this.els.canvas.setAttribute('aria-label', t('plotLabel', {
      f: `${fn}(${v})`, df: `${fn}${primes}(${v})`, v, x0: short(x0), x1: short(x1),
      tangent: this.tangentShown() ? t('plotLabelTangent', { v, a: formatNumber(this.point.values[0]) }) : '',
    }));
  }
}
