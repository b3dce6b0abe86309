// "Check my answer": two expressions are taken as equivalent when they agree (within
// rounding) at every test point where both are defined. The points start with simple
// values, so a counterexample is one a student can check by hand, then continue with
// pseudo-random ones seeded by the expression (the same input always gets the same points).

const NICE = [1, 2, 0.5, -1, 3, -0.5, 1.5, -2, 0.25, 2.5, -3, 0.1, 4, -1.5, 0.75];

export function testPoints(variables, seedText = '', count = 40) {
  const random = mulberry32(hash(seedText));
  const points = [];
  const vars = variables.length ? variables : ['x'];
  for (let k = 0; k < count; k++) {
    const p = {};
    vars.forEach((v, j) => {
      p[v] = k < NICE.length ? NICE[(k + 3 * j) % NICE.length]
        : Math.round((random() * 10 - 5) * 100) / 100 || 0.01;
    });
    points.push(p);
  }
  return points;
}

export function close(a, b) {
  return Math.abs(a - b) <= 1e-7 * Math.max(Math.abs(a), Math.abs(b)) + 1e-10;
}

// ours, theirs: values at `points` (number, or null where undefined).
// -> {verdict: 'equivalent' | 'different' | 'undecided', agree, counterexample?, onlyOne?}
export function compareValues(points, ours, theirs) {
  let agree = 0;
  let onlyOne = null; // a point where exactly one of them is defined
  for (let i = 0; i < points.length; i++) {
    const a = finite(ours[i]);
    const b = finite(theirs[i]);
    if (a === null && b === null) continue;
    if (a === null || b === null) {
      onlyOne ??= { point: points[i], which: a === null ? 'theirs' : 'ours' };
      continue;
    }
    if (!close(a, b)) {
      return { verdict: 'different', agree, counterexample: { point: points[i], ours: a, theirs: b } };
    }
    agree += 1;
  }
  if (agree < Math.min(5, points.length)) return { verdict: 'undecided', agree };
  return { verdict: 'equivalent', agree, onlyOne };
}

// The answer as typed, without a left side such as `y' =` or `dy/dx =`, and how many
// code points were removed (to map error positions back to what the user typed).
export function answerExpression(typed) {
  const chars = Array.from(typed);
  const eq = chars.lastIndexOf('=');
  if (eq < 0) return { text: typed, offset: 0 };
  return { text: chars.slice(eq + 1).join(''), offset: eq + 1 };
}

function finite(v) {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function hash(s) {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

function mulberry32(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
