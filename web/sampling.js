// Samples y = f(x) on [x0, x1] for drawing, as polylines that stop at discontinuities and
// where f is undefined, so a plot never draws a vertical line across a pole or a jump.
//
// Uniform samples first. Segments whose rise is much larger than typical (and their
// neighbours: a pole can sit between two samples of nearly equal height), and segments at
// the edge of an undefined region, are then sampled again more finely. Inside a segment,
// a pole shows as values far beyond the ends and the function's usual size, a jump as one
// step that carries most of the rise; a continuous function shows neither.
//
// evaluate(xs) must return one value per x: a number, or null/NaN where f is undefined.
// Returns an array of Float64Array polylines [x0, y0, x1, y1, ...] (a lone point: length 2).

export function sampleCurve(evaluate, x0, x1, n, { refine = 10, maxSuspects = 64 } = {}) {
  const xs = new Array(n + 1);
  for (let i = 0; i <= n; i++) xs[i] = x0 + ((x1 - x0) * i) / n;
  const ys = evaluate(xs).map(clean);

  const rises = [];
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(ys[i]) && Number.isFinite(ys[i + 1])) rises.push(Math.abs(ys[i + 1] - ys[i]));
  }
  const defined = ys.filter(Number.isFinite);
  const scale = Math.max(quantile(defined, 0.9) - quantile(defined, 0.1), 1e-12);
  const threshold = Math.max(8 * quantile(rises, 0.5), 1e-3 * scale, 1e-12);

  // Segments worth a closer look: the steepest, their neighbours, and domain edges.
  const steep = [];
  const edges = [];
  for (let i = 0; i < n; i++) {
    const a = Number.isFinite(ys[i]);
    const b = Number.isFinite(ys[i + 1]);
    if (a && b) {
      const rise = Math.abs(ys[i + 1] - ys[i]);
      if (rise > threshold) steep.push({ i, rise });
    } else if (a !== b) {
      edges.push(i);
    }
  }
  steep.sort((p, q) => q.rise - p.rise);
  const chosen = new Set(edges.slice(0, maxSuspects));
  for (const { i } of steep.slice(0, maxSuspects)) {
    for (const j of [i - 1, i, i + 1]) {
      if (j >= 0 && j < n && Number.isFinite(ys[j]) && Number.isFinite(ys[j + 1])) chosen.add(j);
    }
  }
  const suspects = [...chosen].sort((a, b) => a - b);

  const fine = new Map(); // segment index -> {xs, ys} of the interior samples
  if (suspects.length) {
    const h = (x1 - x0) / n;
    const more = [];
    for (const i of suspects) {
      for (let k = 1; k <= refine; k++) more.push(xs[i] + (h * k) / (refine + 1));
    }
    const values = evaluate(more).map(clean);
    suspects.forEach((i, s) => {
      fine.set(i, { xs: more.slice(s * refine, (s + 1) * refine), ys: values.slice(s * refine, (s + 1) * refine) });
    });
  }

  // Walk the samples in order; `cut` ends the current polyline.
  const lines = [];
  let line = [];
  const cut = () => {
    if (line.length >= 2) lines.push(Float64Array.from(line));
    line = [];
  };
  const add = (x, y) => {
    if (Number.isFinite(y)) line.push(x, y);
    else cut();
  };
  for (let i = 0; i <= n; i++) {
    add(xs[i], ys[i]);
    if (i === n) break;
    const f = fine.get(i);
    if (!f) continue;
    const seqX = [xs[i], ...f.xs, xs[i + 1]];
    const seqY = [ys[i], ...f.ys, ys[i + 1]];
    const at = discontinuity(seqY, scale, threshold);
    for (let k = 1; k < seqX.length - 1; k++) {
      if (k === at) cut();
      add(seqX[k], seqY[k]);
    }
    if (at === seqX.length - 1) cut();
  }
  cut();
  return lines;
}

// Index k such that the polyline must be cut between seq[k-1] and seq[k], or -1.
// seq holds a segment's two end values and the fine samples between them.
export function discontinuity(seq, scale, threshold) {
  if (seq.some((y) => !Number.isFinite(y))) return -1; // undefined regions cut anyway
  const last = seq.length - 1;
  const ends = Math.max(Math.abs(seq[0]), Math.abs(seq[last]));
  // A pole: some value far beyond both ends and the function's usual size. It sits next to
  // the largest value, on the side of its larger neighbour.
  let peak = 1;
  for (let k = 2; k < last; k++) if (Math.abs(seq[k]) > Math.abs(seq[peak])) peak = k;
  const top = Math.abs(seq[peak]);
  if (top > 8 * ends && top > 8 * scale) {
    return Math.abs(seq[peak - 1]) > Math.abs(seq[peak + 1]) ? peak : peak + 1;
  }
  // A jump: one step carries most of a large rise.
  const rise = Math.abs(seq[last] - seq[0]);
  if (rise <= threshold) return -1;
  let best = -1;
  let bestRise = 0;
  for (let k = 1; k <= last; k++) {
    const r = Math.abs(seq[k] - seq[k - 1]);
    if (r > bestRise) {
      bestRise = r;
      best = k;
    }
  }
  return bestRise > 0.5 * rise ? best : -1;
}

function clean(v) {
  return typeof v === 'number' && Number.isFinite(v) ? v : NaN;
}

export function quantile(values, q) {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return 0;
  finite.sort((a, b) => a - b);
  return finite[Math.min(finite.length - 1, Math.max(0, Math.floor(q * (finite.length - 1))))];
}
