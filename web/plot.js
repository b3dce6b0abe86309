// A small canvas plot of y = f(x) curves: grid, axes, tick labels, polylines (already cut at
// discontinuities by sampling.js), a tangent line and marked points. Pan by dragging or
// with the arrow keys; zoom with the wheel, a pinch, or + and −. Our own code rather than a
// library: the curves come pre-sampled from the engine (sampling.js, in the Worker), so
// what is left is drawing and input handling. The obvious library, function-plot 1.25, is
// 60 KB gzipped (d3 inside) and compiles formulas with `new Function`, which our CSP blocks.
//
//   const plot = new Plot(canvas, {onViewChange(view) {...}, onPick(x) {...}});
//   plot.setCurves([{lines, color: '--plot-f'}, ...]); plot.setView({x0, x1, y0, y1});

const MIN_SPAN = 1e-9;
const MAX_SPAN = 1e9;

export class Plot {
  constructor(canvas, { onViewChange = () => {}, onPick = null } = {}) {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d');
    this.onViewChange = onViewChange;
    this.onPick = onPick;
    this.curves = [];
    this.tangent = null; // {x, y, slope}
    this.markers = []; // [{x, y, color}]
    this.view = { x0: -5, x1: 5, y0: -5, y1: 5 };
    this.pointers = new Map();
    this.frame = 0;
    this.listen();
    new ResizeObserver(() => this.resize()).observe(canvas);
    this.resize();
  }

  setCurves(curves) {
    this.curves = curves;
    this.redraw();
  }

  setTangent(tangent) {
    this.tangent = tangent;
    this.redraw();
  }

  setMarkers(markers) {
    this.markers = markers;
    this.redraw();
  }

  setView(view, { notify = true } = {}) {
    const x0 = view.x0;
    const x1 = view.x1;
    const y0 = view.y0;
    const y1 = view.y1;
    if (![x0, x1, y0, y1].every(Number.isFinite)) return;
    if (x1 - x0 < MIN_SPAN || x1 - x0 > MAX_SPAN || y1 - y0 < MIN_SPAN || y1 - y0 > MAX_SPAN) return;
    this.view = { x0, x1, y0, y1 };
    this.redraw();
    if (notify) this.onViewChange(this.view);
  }

  // y range that shows most of the curves' points with x inside [x0, x1].
  fitY(x0, x1) {
    const ys = [];
    for (const curve of this.curves) {
      for (const line of curve.lines || []) {
        for (let i = 0; i < line.length; i += 2) {
          if (line[i] >= x0 && line[i] <= x1 && Number.isFinite(line[i + 1])) ys.push(line[i + 1]);
        }
      }
    }
    if (ys.length === 0) return { y0: -5, y1: 5 };
    ys.sort((a, b) => a - b);
    const q = (p) => ys[Math.min(ys.length - 1, Math.floor(p * (ys.length - 1)))];
    // The middle 80% of the values, widened by half on each side but not past the extreme
    // 2%: near a pole the few huge values do not flatten everything else.
    const span80 = q(0.9) - q(0.1);
    let lo = Math.max(q(0.02), q(0.1) - span80 / 2);
    let hi = Math.min(q(0.98), q(0.9) + span80 / 2);
    if (hi - lo < 1e-6 * Math.max(1, Math.abs(hi))) {
      const c = (hi + lo) / 2;
      const r = Math.max(1, Math.abs(c) * 0.5);
      return { y0: c - r, y1: c + r };
    }
    // Keep the x axis in view when it is close.
    const span = hi - lo;
    if (lo > 0 && lo < span * 0.6) lo = 0;
    if (hi < 0 && -hi < span * 0.6) hi = 0;
    const pad = (hi - lo) * 0.12;
    return { y0: lo - pad, y1: hi + pad };
  }

  // ------------------------------------------------------------ coordinates

  resize() {
    const rect = this.canvas.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    this.width = Math.max(1, rect.width);
    this.height = Math.max(1, rect.height);
    const w = Math.round(this.width * dpr);
    const h = Math.round(this.height * dpr);
    if (this.canvas.width !== w || this.canvas.height !== h) {
      this.canvas.width = w;
      this.canvas.height = h;
    }
    this.dpr = dpr;
    this.draw();
  }

  px(x) {
    const { x0, x1 } = this.view;
    return ((x - x0) / (x1 - x0)) * this.width;
  }

  py(y) {
    const { y0, y1 } = this.view;
    const v = this.height - ((y - y0) / (y1 - y0)) * this.height;
    return Math.max(-1e5, Math.min(1e5, v)); // keep the canvas happy far off screen
  }

  dataX(px) {
    const { x0, x1 } = this.view;
    return x0 + (px / this.width) * (x1 - x0);
  }

  dataY(py) {
    const { y0, y1 } = this.view;
    return y0 + ((this.height - py) / this.height) * (y1 - y0);
  }

  // ------------------------------------------------------------ interaction

  pan(dxPx, dyPx) {
    const { x0, x1, y0, y1 } = this.view;
    const dx = (dxPx / this.width) * (x1 - x0);
    const dy = (dyPx / this.height) * (y1 - y0);
    this.setView({ x0: x0 - dx, x1: x1 - dx, y0: y0 + dy, y1: y1 + dy });
  }

  zoom(factor, px = this.width / 2, py = this.height / 2) {
    const cx = this.dataX(px);
    const cy = this.dataY(py);
    const { x0, x1, y0, y1 } = this.view;
    this.setView({
      x0: cx - (cx - x0) * factor, x1: cx + (x1 - cx) * factor,
      y0: cy - (cy - y0) * factor, y1: cy + (y1 - cy) * factor,
    });
  }

  listen() {
    const c = this.canvas;
    c.addEventListener('wheel', (e) => {
      e.preventDefault();
      const { x, y } = this.local(e);
      this.zoom(Math.exp(Math.max(-1, Math.min(1, e.deltaY * (e.deltaMode ? 0.05 : 0.002)))), x, y);
    }, { passive: false });

    c.addEventListener('pointerdown', (e) => {
      c.setPointerCapture(e.pointerId);
      const p = this.local(e);
      this.pointers.set(e.pointerId, { ...p, startX: p.x, startY: p.y });
      this.moved = this.pointers.size > 1;
    });
    c.addEventListener('pointermove', (e) => {
      const prev = this.pointers.get(e.pointerId);
      if (!prev) return;
      const p = this.local(e);
      if (this.pointers.size === 1) {
        if (Math.hypot(p.x - prev.startX, p.y - prev.startY) > 4) this.moved = true;
        if (this.moved) this.pan(p.x - prev.x, p.y - prev.y);
      } else if (this.pointers.size === 2) {
        const [a, b] = [...this.pointers.values()];
        const before = Math.hypot(a.x - b.x, a.y - b.y);
        Object.assign(prev, p);
        const [a2, b2] = [...this.pointers.values()];
        const after = Math.hypot(a2.x - b2.x, a2.y - b2.y);
        if (before > 0 && after > 0) this.zoom(before / after, (a2.x + b2.x) / 2, (a2.y + b2.y) / 2);
        return;
      }
      prev.x = p.x;
      prev.y = p.y;
    });
    const end = (e) => {
      const prev = this.pointers.get(e.pointerId);
      if (!prev) return;
      this.pointers.delete(e.pointerId);
      if (e.type === 'pointerup' && !this.moved && this.pointers.size === 0 && this.onPick) {
        this.onPick(this.dataX(prev.x));
      }
    };
    c.addEventListener('pointerup', end);
    c.addEventListener('pointercancel', end);

    c.addEventListener('keydown', (e) => {
      const step = 0.1;
      const keys = {
        ArrowLeft: () => this.pan(this.width * step, 0),
        ArrowRight: () => this.pan(-this.width * step, 0),
        ArrowUp: () => this.pan(0, this.height * step),
        ArrowDown: () => this.pan(0, -this.height * step),
        '+': () => this.zoom(0.8),
        '=': () => this.zoom(0.8),
        '-': () => this.zoom(1.25),
        '_': () => this.zoom(1.25),
      };
      if (keys[e.key] && !e.altKey && !e.ctrlKey && !e.metaKey) {
        e.preventDefault();
        keys[e.key]();
      }
    });
  }

  local(e) {
    const rect = this.canvas.getBoundingClientRect();
    return { x: e.clientX - rect.left, y: e.clientY - rect.top };
  }

  // ------------------------------------------------------------ drawing

  redraw() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  draw() {
    const { ctx, width: w, height: h } = this;
    if (!w || !h) return;
    const style = getComputedStyle(this.canvas);
    const color = (name) => style.getPropertyValue(name).trim() || '#888';
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    ctx.fillStyle = color('--plot-bg');
    ctx.fillRect(0, 0, w, h);

    const { x0, x1, y0, y1 } = this.view;
    const xs = ticks(x0, x1, Math.max(3, Math.round(w / 90)));
    const ys = ticks(y0, y1, Math.max(3, Math.round(h / 60)));

    // Grid
    ctx.lineWidth = 1;
    ctx.strokeStyle = color('--plot-grid');
    ctx.beginPath();
    for (const x of xs.values) vline(ctx, Math.round(this.px(x)) + 0.5, h);
    for (const y of ys.values) hline(ctx, Math.round(this.py(y)) + 0.5, w);
    ctx.stroke();

    // Axes
    ctx.strokeStyle = color('--plot-axis');
    ctx.beginPath();
    const ax = Math.round(this.py(0)) + 0.5;
    const ay = Math.round(this.px(0)) + 0.5;
    if (ax > 0 && ax < h) hline(ctx, ax, w);
    if (ay > 0 && ay < w) vline(ctx, ay, h);
    ctx.stroke();

    // Tick labels, next to the axes when they are in view, else along the edges.
    ctx.fillStyle = color('--plot-text');
    ctx.font = `12px ${style.fontFamily}`;
    const labelY = Math.min(h - 4, Math.max(14, ax + 14));
    ctx.textAlign = 'center';
    ctx.textBaseline = 'alphabetic';
    for (const x of xs.values) {
      if (Math.abs(x) < xs.step / 2) continue;
      const p = this.px(x);
      if (p < 12 || p > w - 12) continue;
      ctx.fillText(tickLabel(x, xs.step), p, labelY);
    }
    const leftSide = ay + 6 < w - 40;
    ctx.textAlign = leftSide ? 'left' : 'right';
    ctx.textBaseline = 'middle';
    const labelX = leftSide ? Math.max(4, ay + 5) : w - 4;
    for (const y of ys.values) {
      if (Math.abs(y) < ys.step / 2) continue;
      const p = this.py(y);
      if (p < 10 || p > h - 10) continue;
      ctx.fillText(tickLabel(y, ys.step), labelX, p);
    }

    // Tangent under the curves
    if (this.tangent) {
      const { x, y, slope } = this.tangent;
      ctx.save();
      ctx.strokeStyle = color('--plot-tangent');
      ctx.lineWidth = 1.5;
      ctx.setLineDash([6, 5]);
      ctx.beginPath();
      ctx.moveTo(this.px(x0), this.py(y + slope * (x0 - x)));
      ctx.lineTo(this.px(x1), this.py(y + slope * (x1 - x)));
      ctx.stroke();
      ctx.restore();
    }

    // Curves
    ctx.lineJoin = 'round';
    ctx.lineCap = 'round';
    for (const curve of this.curves) {
      ctx.strokeStyle = color(curve.color);
      ctx.fillStyle = ctx.strokeStyle;
      ctx.lineWidth = curve.width || 2.25;
      for (const line of curve.lines || []) {
        if (line.length === 2) {
          ctx.beginPath();
          ctx.arc(this.px(line[0]), this.py(line[1]), 2.5, 0, 2 * Math.PI);
          ctx.fill();
          continue;
        }
        ctx.beginPath();
        ctx.moveTo(this.px(line[0]), this.py(line[1]));
        for (let i = 2; i < line.length; i += 2) ctx.lineTo(this.px(line[i]), this.py(line[i + 1]));
        ctx.stroke();
      }
    }

    // Marked points
    for (const m of this.markers) {
      if (!Number.isFinite(m.y)) continue;
      ctx.beginPath();
      ctx.arc(this.px(m.x), this.py(m.y), 4.5, 0, 2 * Math.PI);
      ctx.fillStyle = color('--plot-bg');
      ctx.fill();
      ctx.lineWidth = 2.25;
      ctx.strokeStyle = color(m.color);
      ctx.stroke();
    }
  }
}

function vline(ctx, x, h) {
  ctx.moveTo(x, 0);
  ctx.lineTo(x, h);
}

function hline(ctx, y, w) {
  ctx.moveTo(0, y);
  ctx.lineTo(w, y);
}

// Round tick positions (1, 2 or 5 times a power of ten) between a and b.
export function ticks(a, b, target) {
  const raw = (b - a) / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => k * mag).find((s) => s >= raw) || 10 * mag;
  const values = [];
  for (let v = Math.ceil(a / step) * step; v <= b + step * 1e-9; v += step) {
    values.push(Math.abs(v) < step * 1e-9 ? 0 : v);
    if (values.length > 200) break;
  }
  return { step, values };
}

function tickLabel(v, step) {
  const digits = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  if (Math.abs(v) >= 1e6 || (Math.abs(v) < 1e-4 && v !== 0)) return v.toExponential(1).replace('-', '−');
  return v.toFixed(Math.min(digits, 10)).replace('-', '−');
}
