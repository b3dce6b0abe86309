// Expression syntax for the peer benchmark.
//
// 1. A neutral input syntax (explicit `*`, `^`, unary minus, integer literals, function calls
//    with one argument, variables x and y) is parsed into a small AST:
//      ['num', '3'] | ['sym', 'x'] | ['neg', a] | ['+', a, b, ...] | ['-', a, b] | ['*', a, b, ...]
//      | ['/', a, b] | ['^', a, b] | ['fn', name, a]
//    and printed in each system's own syntax (function names, `**`, missing functions
//    rewritten into ones the system has).
// 2. `evaluateOutput` evaluates any system's printed result at a point in doubles with an
//    extended exponent range:
//    one tolerant infix evaluator (shunting-yard, no recursion, so depth-1000 output is fine)
//    that understands every dialect the peers print (`^` and `**`, `%e`/`%pi`/`E`/`Pi`,
//    `arcsin`/`asin`, `log(a, b)` with base b, ...).

// ---------------------------------------------------------------- neutral parser
export function parseNeutral(src) {
  const toks = [];
  const re = /\s*(?:(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z_0-9]*)|(\*\*|[-+*/^(),]))/y;
  let m;
  re.lastIndex = 0;
  while (re.lastIndex < src.length) {
    const at = re.lastIndex;
    m = re.exec(src);
    if (!m) {
      if (/^\s*$/.test(src.slice(at))) break;
      throw new Error(`neutral syntax: bad character at ${at} in ${src.slice(0, 80)}`);
    }
    if (m[1] !== undefined) toks.push({ t: 'num', v: m[1] });
    else if (m[2] !== undefined) toks.push({ t: 'id', v: m[2] });
    else toks.push({ t: 'op', v: m[3] === '**' ? '^' : m[3] });
  }
  // Shunting-yard to an AST (no recursion).
  const out = [], ops = [];
  const prec = { '+': 1, '-': 1, '*': 2, '/': 2, neg: 3, '^': 4 };
  const right = { '^': true, neg: true };
  const reduce = () => {
    const op = ops.pop();
    if (op.k === 'neg') { out.push(['neg', out.pop()]); return; }
    const b = out.pop(), a = out.pop();
    // + and * chains become one n-ary node (a 1e5-term sum must not be 1e5 levels deep).
    if ((op.k === '+' || op.k === '*') && a[0] === op.k) { a.push(b); out.push(a); return; }
    out.push([op.k, a, b]);
  };
  let expectOperand = true;
  for (const tk of toks) {
    if (expectOperand) {
      if (tk.t === 'num') { out.push(['num', tk.v]); expectOperand = false; }
      else if (tk.t === 'id') {
        ops.push({ k: 'pending-id', v: tk.v }); // decided on the next token
        expectOperand = false;
      } else if (tk.v === '(') ops.push({ k: '(' });
      else if (tk.v === '-') ops.push({ k: 'neg' });
      else if (tk.v === '+') { /* unary plus */ }
      else throw new Error(`neutral syntax: unexpected ${tk.v}`);
      continue;
    }
    const top = ops[ops.length - 1];
    if (top && top.k === 'pending-id') {
      ops.pop();
      if (tk.t === 'op' && tk.v === '(') { ops.push({ k: 'fn', v: top.v }); expectOperand = true; continue; }
      out.push(['sym', top.v]);
    }
    if (tk.t !== 'op') throw new Error(`neutral syntax: missing operator before ${tk.v}`);
    if (tk.v === ')') {
      while (ops.length && ops[ops.length - 1].k !== '(' && ops[ops.length - 1].k !== 'fn') reduce();
      const o = ops.pop();
      if (!o) throw new Error('neutral syntax: unbalanced )');
      if (o.k === 'fn') out.push(['fn', o.v, out.pop()]);
      continue;
    }
    const k = tk.v;
    while (ops.length) {
      const t = ops[ops.length - 1];
      if (t.k === '(' || t.k === 'fn') break;
      const pt = prec[t.k], pk = k === '^' ? prec['^'] : prec[k];
      if (pt > pk || (pt === pk && !right[k])) reduce(); else break;
    }
    ops.push({ k });
    expectOperand = true;
  }
  const top = ops[ops.length - 1];
  if (top && top.k === 'pending-id') { ops.pop(); out.push(['sym', top.v]); }
  while (ops.length) reduce();
  if (out.length !== 1) throw new Error(`neutral syntax: malformed ${src.slice(0, 80)}`);
  return out[0];
}

// ---------------------------------------------------------------- printers
// Functions every system is given natively; others are rewritten per system.
const REWRITE = {
  sec: (a) => ['/', ['num', '1'], ['fn', 'cos', a]],
  csc: (a) => ['/', ['num', '1'], ['fn', 'sin', a]],
  cot: (a) => ['/', ['fn', 'cos', a], ['fn', 'sin', a]],
  acot: (a) => ['fn', 'atan', ['/', ['num', '1'], a]],
  sech: (a) => ['/', ['num', '1'], ['fn', 'cosh', a]],
  csch: (a) => ['/', ['num', '1'], ['fn', 'sinh', a]],
  coth: (a) => ['/', ['fn', 'cosh', a], ['fn', 'sinh', a]],
  cbrt: (a) => ['^', a, ['/', ['num', '1'], ['num', '3']]],
};

export const SYSTEMS = {
  // name map: neutral -> system; has: functions the system knows natively
  leibniz: { pow: '^', names: {}, has: 'all' },
  mathjs: { pow: '^', names: {}, has: 'all' },
  nerdamer: { pow: '^', names: {}, has: ['sec', 'csc', 'cot', 'acot', 'sech', 'csch', 'coth', 'cbrt'] },
  algebrite: { pow: '^', names: { asin: 'arcsin', acos: 'arccos', atan: 'arctan', asinh: 'arcsinh', acosh: 'arccosh', atanh: 'arctanh' }, has: [] },
  ginac: { pow: '^', names: {}, has: [] },
  sympy: { pow: '**', names: {}, has: ['sec', 'csc', 'cot', 'acot', 'sech', 'csch', 'coth', 'cbrt'] },
  maxima: { pow: '^', names: {}, has: ['sec', 'csc', 'cot', 'acot', 'sech', 'csch', 'coth'] },
};

// Iterative printer with minimal parentheses.
export function printFor(system, ast) {
  const S = SYSTEMS[system];
  const P = { '+': 1, '-': 1, '*': 2, '/': 2, neg: 3, '^': 4, atom: 9 };
  // Returns [string, precedence]. Post-order with an explicit stack.
  const stack = [[ast, false]];
  const res = [];
  while (stack.length) {
    const [n, done] = stack.pop();
    if (!done) {
      let node = n;
      if (node[0] === 'fn' && REWRITE[node[1]] && S.has !== 'all' && !S.has.includes(node[1])) node = REWRITE[node[1]](node[2]);
      if (node[0] === 'num' || node[0] === 'sym') { res.push([node[1], P.atom]); continue; }
      stack.push([node, true]);
      for (let i = node.length - 1; i >= 1; i--) if (typeof node[i] !== 'string') stack.push([node[i], false]);
      continue;
    }
    let node = n;
    if (node[0] === 'fn' && REWRITE[node[1]] && S.has !== 'all' && !S.has.includes(node[1])) node = REWRITE[node[1]](node[2]);
    const op = node[0];
    if (op === 'fn') {
      const [a] = res.splice(res.length - 1, 1);
      res.push([`${S.names[node[1]] || node[1]}(${a[0]})`, P.atom]);
    } else if (op === 'neg') {
      const [a] = res.splice(res.length - 1, 1);
      res.push([`-${a[1] <= P.neg ? `(${a[0]})` : a[0]}`, P.neg]);
    } else if (op === '+' || op === '*') {
      const k = node.length - 1;
      const parts = res.splice(res.length - k, k);
      const p = P[op];
      const s = parts.map((a, i) => ((a[1] < p || (i > 0 && a[1] === P.neg)) ? `(${a[0]})` : a[0]));
      res.push([s.join(op), p]);
    } else {
      const [a, b] = res.splice(res.length - 2, 2);
      const p = P[op];
      let sa, sb;
      if (op === '^') {
        sa = a[1] <= p ? `(${a[0]})` : a[0];
        sb = b[1] < P.atom ? `(${b[0]})` : b[0];
        res.push([`${sa}${S.pow}${sb}`, p]);
      } else {
        sa = a[1] < p ? `(${a[0]})` : a[0];
        sb = (b[1] < p || (b[1] === p && (op === '-' || op === '/'))) || b[1] === P.neg ? `(${b[0]})` : b[0];
        res.push([`${sa}${op}${sb}`, p]);
      }
    }
  }
  return res[0][0];
}

// ---------------------------------------------------------------- output evaluator
const FN = {
  sin: Math.sin, cos: Math.cos, tan: Math.tan,
  sec: (a) => 1 / Math.cos(a), csc: (a) => 1 / Math.sin(a), cot: (a) => 1 / Math.tan(a),
  asin: Math.asin, acos: Math.acos, atan: Math.atan,
  arcsin: Math.asin, arccos: Math.acos, arctan: Math.atan,
  acot: (a) => Math.atan(1 / a), asec: (a) => Math.acos(1 / a), acsc: (a) => Math.asin(1 / a),
  arccot: (a) => Math.atan(1 / a), arcsec: (a) => Math.acos(1 / a), arccsc: (a) => Math.asin(1 / a),
  sinh: Math.sinh, cosh: Math.cosh, tanh: Math.tanh,
  sech: (a) => 1 / Math.cosh(a), csch: (a) => 1 / Math.sinh(a), coth: (a) => 1 / Math.tanh(a),
  asinh: Math.asinh, acosh: Math.acosh, atanh: Math.atanh,
  arcsinh: Math.asinh, arccosh: Math.acosh, arctanh: Math.atanh,
  arsinh: Math.asinh, arcosh: Math.acosh, artanh: Math.atanh,
  exp: Math.exp, log: Math.log, ln: Math.log, log10: Math.log10, log2: Math.log2,
  sqrt: Math.sqrt, cbrt: Math.cbrt, abs: Math.abs, sign: Math.sign, sgn: Math.sign, signum: Math.sign,
  csgn: Math.sign,
};
const FN2 = {
  log: (a, b) => Math.log(a) / Math.log(b), // log(a, base b): Leibniz, mathjs, SymPy
  pow: (a, b) => rpow(a, b), power: (a, b) => rpow(a, b), atan2: (a, b) => Math.atan2(a, b),
  root: (a, n) => rpow(a, 1 / n), nthRoot: (a, n) => rpow(a, 1 / n),
};
const CONST = { e: Math.E, E: Math.E, '%e': Math.E, pi: Math.PI, Pi: Math.PI, PI: Math.PI, '%pi': Math.PI };

// Extended-range doubles {m, e} (value m * 2^e, 0.5 <= |m| < 1): a printed result may hold
// 1/300! times a product of 300 factors (GiNaC pulls constants out), whose parts over- and
// underflow doubles while the whole is of moderate size. About 15 significant digits.
const P2 = (k) => (k > 1000 ? 2 ** 1000 * 2 ** (k - 1000) : k < -1000 ? 2 ** -1000 * 2 ** (k + 1000) : 2 ** k);
function X(m, e = 0) {
  if (m === 0 || !Number.isFinite(m)) return { m, e: 0 };
  let k = Math.floor(Math.log2(Math.abs(m))) + 1;
  let f = m / P2(k);
  if (Math.abs(f) >= 1) { f /= 2; k++; } else if (Math.abs(f) < 0.5) { f *= 2; k--; }
  return { m: f, e: e + k };
}
const toD = (a) => (a.m === 0 || !Number.isFinite(a.m) ? a.m : a.m * P2(a.e));
function xadd(a, b) {
  if (a.m === 0 || !Number.isFinite(b.m)) return b;
  if (b.m === 0 || !Number.isFinite(a.m)) return a;
  const E = Math.max(a.e, b.e);
  if (E - Math.min(a.e, b.e) > 80) return a.e > b.e ? a : b;
  return X(a.m * P2(a.e - E) + b.m * P2(b.e - E), E);
}
const xneg = (a) => ({ m: -a.m, e: a.e });
const xmul = (a, b) => (Number.isFinite(a.m) && Number.isFinite(b.m) ? X(a.m * b.m, a.e + b.e) : X(a.m * b.m));
const xdiv = (a, b) => (Number.isFinite(a.m) && Number.isFinite(b.m) && b.m !== 0 ? X(a.m / b.m, a.e - b.e) : X(toD(a) / toD(b)));
function xpowAbs(a, b) { // |a|^b for a != 0
  const z = b * (Math.log2(Math.abs(a.m)) + a.e);
  if (!Number.isFinite(z)) return X(Math.pow(Math.abs(toD(a)), b));
  const E = Math.floor(z);
  return X(2 ** (z - E), E);
}
// Real power: negative base with an integer exponent or an odd-denominator rational one.
function xpow(a, bx) {
  const b = toD(bx);
  if (!Number.isFinite(a.m) || !Number.isFinite(b)) return X(rpow(toD(a), b));
  if (a.m === 0) return X(Math.pow(0, b));
  if (Number.isInteger(b) && Math.abs(b) <= 64) { // exact repeated squaring
    let r = X(1), base = a, n = Math.abs(b);
    while (n) { if (n & 1) r = xmul(r, base); base = xmul(base, base); n >>= 1; }
    return b < 0 ? xdiv(X(1), r) : r;
  }
  if (a.m > 0) return xpowAbs(a, b);
  const sgn = rpow(-1, b) * 1; // NaN unless b is an integer or an odd-denominator rational
  if (Number.isNaN(sgn)) return X(NaN);
  const r = xpowAbs(a, b);
  return { m: sgn * r.m, e: r.e };
}
function rpow(a, b) {
  if (a >= 0 || Number.isInteger(b)) return Math.pow(a, b);
  for (const d of [3, 5, 7, 9]) {
    const n = Math.round(b * d);
    if (Math.abs(n / d - b) < 1e-12) return (n % 2 === 0 ? 1 : -1) * Math.pow(-a, b);
  }
  return NaN;
}
// A decimal literal of any length (GiNaC prints 1/300! exactly).
function xnum(text) {
  const v = parseFloat(text);
  if (Number.isFinite(v) && (v !== 0 || !/[1-9]/.test(text.split(/[eE]/)[0]))) return X(v);
  const [mant, ex = '0'] = text.split(/[eE]/);
  const [ip, fp = ''] = mant.split('.');
  const digits = (ip + fp).replace(/^0+/, '');
  const lead = digits.slice(0, 17);
  const dexp = Number(ex) - fp.length + (digits.length - lead.length);
  const z = Math.log2(parseFloat(lead)) + dexp * Math.log2(10);
  const E = Math.floor(z);
  return X(2 ** (z - E), E);
}

// A printed result, possibly preceded by lines `name = expression` that define names it uses
// (Leibniz's named repeated subexpressions, each line may use the names before it).
export function evaluateOutput(text, point) {
  const lines = text.split('\n');
  const at = { ...point };
  while (lines.length > 1) {
    const def = /^\s*([A-Za-z_][A-Za-z_0-9]*)\s*=(.*)$/.exec(lines[0]);
    if (!def) break;
    at[def[1]] = evaluateExpression(def[2], at);
    lines.shift();
  }
  return evaluateExpression(lines.join('\n'), at);
}

function evaluateExpression(text, point) {
  const re = /\s*(?:(\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)|(%?[A-Za-z_][A-Za-z_0-9]*)|(\*\*|[-+*/^(),\[\]]))/y;
  const vals = [], ops = [];
  const prec = { '+': 1, '-': 1, '*': 2, '/': 2, neg: 3, '^': 4 };
  const apply = () => {
    const op = ops.pop();
    if (op.k === 'neg') { vals.push(xneg(vals.pop())); return; }
    const b = vals.pop(), a = vals.pop();
    switch (op.k) {
      case '+': vals.push(xadd(a, b)); break;
      case '-': vals.push(xadd(a, xneg(b))); break;
      case '*': vals.push(xmul(a, b)); break;
      case '/': vals.push(xdiv(a, b)); break;
      case '^': vals.push(xpow(a, b)); break;
      default: throw new Error(`eval: bad op ${op.k}`);
    }
  };
  let expectOperand = true, pendingId = null;
  const flushId = () => {
    if (pendingId === null) return;
    const id = pendingId; pendingId = null;
    if (id in point) vals.push(X(point[id]));
    else if (id in CONST) vals.push(X(CONST[id]));
    else throw new Error(`eval: unknown symbol ${id}`);
  };
  re.lastIndex = 0;
  while (re.lastIndex < text.length) {
    const at = re.lastIndex;
    const m = re.exec(text);
    if (!m) {
      if (/^\s*$/.test(text.slice(at))) break;
      throw new Error(`eval: bad character '${text[at]}' at ${at}`);
    }
    if (expectOperand) {
      if (m[1] !== undefined) { vals.push(xnum(m[1])); expectOperand = false; }
      else if (m[2] !== undefined) { pendingId = m[2]; expectOperand = false; }
      else if (m[3] === '(' || m[3] === '[') ops.push({ k: '(', n: vals.length });
      else if (m[3] === '-') ops.push({ k: 'neg' });
      else if (m[3] === '+') { /* unary plus */ }
      else throw new Error(`eval: unexpected '${m[3]}' at ${at}`);
      continue;
    }
    if (pendingId !== null && m[3] === '(') {
      ops.push({ k: 'fn', v: pendingId, n: vals.length }); pendingId = null; expectOperand = true; continue;
    }
    flushId();
    if (m[3] === undefined) throw new Error(`eval: missing operator at ${at}`);
    const t = m[3] === '**' ? '^' : m[3];
    if (t === ')' || t === ']' || t === ',') {
      while (ops.length && ops[ops.length - 1].k !== '(' && ops[ops.length - 1].k !== 'fn') apply();
      if (t === ',') { expectOperand = true; continue; }
      const o = ops.pop();
      if (!o) throw new Error('eval: unbalanced )');
      if (o.k === 'fn') {
        const args = vals.splice(o.n);
        let v;
        if (args.length === 1 && (o.v === 'sqrt' || o.v === 'cbrt')) v = xpow(args[0], X(o.v === 'sqrt' ? 0.5 : 1 / 3));
        else if (args.length === 1 && o.v === 'abs') v = { m: Math.abs(args[0].m), e: args[0].e };
        else if (args.length === 1 && o.v === 'exp') { const z = toD(args[0]) / Math.LN2, E = Math.floor(z); v = Number.isFinite(z) ? X(2 ** (z - E), E) : X(Math.exp(toD(args[0]))); }
        else if (args.length === 1 && (o.v === 'log' || o.v === 'ln') && args[0].m > 0) v = X((Math.log2(args[0].m) + args[0].e) * Math.LN2);
        else if (args.length === 1 && FN[o.v]) v = X(FN[o.v](toD(args[0])));
        else if (args.length === 2 && o.v === 'log' && args[0].m > 0 && args[1].m > 0) v = X((Math.log2(args[0].m) + args[0].e) / (Math.log2(args[1].m) + args[1].e));
        else if (args.length === 2 && FN2[o.v]) v = X(FN2[o.v](toD(args[0]), toD(args[1])));
        else throw new Error(`eval: unknown function ${o.v}/${args.length}`);
        vals.push(v);
      }
      continue;
    }
    while (ops.length) {
      const top = ops[ops.length - 1];
      if (top.k === '(' || top.k === 'fn') break;
      const pt = prec[top.k], pk = prec[t];
      // ^ is right-associative and binds tighter than a unary minus on its left (-x^2 = -(x^2)).
      if (pt > pk || (pt === pk && t !== '^')) apply(); else break;
    }
    ops.push({ k: t });
    expectOperand = true;
  }
  flushId();
  while (ops.length) {
    if (ops[ops.length - 1].k === '(' || ops[ops.length - 1].k === 'fn') throw new Error('eval: unbalanced (');
    apply();
  }
  if (vals.length !== 1) throw new Error('eval: malformed');
  return toD(vals[0]);
}
