// A small, independent evaluator of Leibniz's printed text language (the `text` fields:
// explicit `*`, `^` powers, canonical function names, pi and e), with the same real-number
// semantics as core/eval.cpp:
//   - b^(p/q) for b < 0 and a literal rational exponent is the real root when q is odd
//     (cbrt(-8) = -2, (-8)^(2/3) = 4) and undefined when q is even;
//   - log(u) is undefined for u <= 0, 0^(negative) and division by zero are undefined;
//   - acot(u) = atan(1/u), asec(u) = acos(1/u), acsc(u) = asin(1/u);
//   - heaviside(0) = 1/2, sign(0) = 0 (and NaN for an undefined argument).
// It also accepts the few input-language extras used by the fixtures' `equivalent` forms:
// ln, log(a, b), log10, log2, root(a, n), sgn, step, arc* aliases.
// evaluate(text, point) returns a finite number or NaN (undefined).

const TOKEN = /\s*(?:(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z][A-Za-z0-9_]*)|(\S))/y;

function tokenize(text) {
  const toks = [];
  TOKEN.lastIndex = 0;
  let m;
  while (TOKEN.lastIndex < text.length && (m = TOKEN.exec(text))) {
    if (m[1] !== undefined) toks.push({ kind: 'num', text: m[1] });
    else if (m[2] !== undefined) toks.push({ kind: 'name', text: m[2] });
    else if (m[3] !== undefined) toks.push({ kind: 'op', text: m[3] });
  }
  if (/\S/.test(text.slice(TOKEN.lastIndex))) throw new SyntaxError(`cannot tokenize ${JSON.stringify(text)}`);
  toks.push({ kind: 'end', text: '' });
  return toks;
}

const sigmoid = (u) => (u >= 0 ? 1 / (1 + Math.exp(-u)) : Math.exp(u) / (1 + Math.exp(u)));
const ln = (u) => (u > 0 ? Math.log(u) : NaN);

export const FUNCTIONS = {
  sin: Math.sin, cos: Math.cos, tan: Math.tan,
  cot: (u) => 1 / Math.tan(u), sec: (u) => 1 / Math.cos(u), csc: (u) => 1 / Math.sin(u),
  asin: Math.asin, acos: Math.acos, atan: Math.atan,
  acot: (u) => Math.atan(1 / u), asec: (u) => Math.acos(1 / u), acsc: (u) => Math.asin(1 / u),
  sinh: Math.sinh, cosh: Math.cosh, tanh: Math.tanh,
  coth: (u) => 1 / Math.tanh(u), sech: (u) => 1 / Math.cosh(u), csch: (u) => 1 / Math.sinh(u),
  asinh: Math.asinh, acosh: Math.acosh, atanh: Math.atanh,
  exp: Math.exp, log: (u, b) => (b === undefined ? ln(u) : ln(u) / ln(b)), ln,
  log10: (u) => ln(u) / Math.LN10, log2: (u) => ln(u) / Math.LN2,
  // NaN stays NaN: sign and heaviside of an undefined argument are undefined.
  abs: Math.abs, sign: (u) => (Number.isNaN(u) ? NaN : (u > 0) - (u < 0)),
  sgn: (u) => (Number.isNaN(u) ? NaN : (u > 0) - (u < 0)),
  heaviside: (u) => (Number.isNaN(u) ? NaN : u > 0 ? 1 : u < 0 ? 0 : 0.5),
  step: (u) => (Number.isNaN(u) ? NaN : u > 0 ? 1 : u < 0 ? 0 : 0.5),
  sigmoid,
  softplus: (u) => Math.log1p(Math.exp(-Math.abs(u))) + Math.max(u, 0),
  relu: (u) => Math.max(u, 0), ReLU: (u) => Math.max(u, 0), // Math.max(NaN, 0) is NaN
  sqrt: (u) => (u < 0 ? NaN : Math.sqrt(u)), cbrt: Math.cbrt,
  arcsin: Math.asin, arccos: Math.acos, arctan: Math.atan,
  arccot: (u) => Math.atan(1 / u), arcsec: (u) => Math.acos(1 / u), arccsc: (u) => Math.asin(1 / u),
  arsinh: Math.asinh, arcosh: Math.acosh, artanh: Math.atanh,
  arcsinh: Math.asinh, arccosh: Math.acosh, arctanh: Math.atanh,
};
const ARITY = { log: [1, 2], root: [2, 2] };

// AST nodes: {t:'num', v, p, q} | {t:'var', name} | {t:'const', v} | {t:'neg', a}
//            {t:'add'|'sub'|'mul'|'div'|'pow', a, b} | {t:'call', name, args}
class Parser {
  constructor(text) {
    this.text = text;
    this.toks = tokenize(text);
    this.i = 0;
  }
  peek() { return this.toks[this.i]; }
  isOp(s) { const t = this.peek(); return t.kind === 'op' && t.text === s; }
  expect(s) {
    if (!this.isOp(s)) throw new SyntaxError(`expected '${s}' in ${JSON.stringify(this.text)} at token ${this.i}`);
    this.i++;
  }
  parse() {
    const e = this.expr();
    if (this.peek().kind !== 'end') throw new SyntaxError(`trailing input in ${JSON.stringify(this.text)}`);
    return e;
  }
  expr() {
    let e = this.term();
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.toks[this.i++].text;
      e = { t: op === '+' ? 'add' : 'sub', a: e, b: this.term() };
    }
    return e;
  }
  term() {
    let e = this.unary();
    while (this.isOp('*') || this.isOp('/')) {
      const op = this.toks[this.i++].text;
      e = { t: op === '*' ? 'mul' : 'div', a: e, b: this.unary() };
    }
    return e;
  }
  unary() {
    if (this.isOp('-')) { this.i++; return { t: 'neg', a: this.unary() }; }
    if (this.isOp('+')) { this.i++; return this.unary(); }
    return this.power();
  }
  power() {
    const b = this.atom();
    if (this.isOp('^')) { this.i++; return { t: 'pow', a: b, b: this.unary() }; }
    return b;
  }
  atom() {
    const tk = this.toks[this.i++];
    if (tk.kind === 'num') return numberNode(tk.text);
    if (tk.kind === 'op' && tk.text === '(') {
      const e = this.expr();
      this.expect(')');
      return e;
    }
    if (tk.kind === 'name') {
      if (this.isOp('(') && (tk.text in FUNCTIONS || tk.text === 'root')) {
        this.i++;
        const args = [this.expr()];
        while (this.isOp(',')) { this.i++; args.push(this.expr()); }
        this.expect(')');
        const [lo, hi] = ARITY[tk.text] ?? [1, 1];
        if (args.length < lo || args.length > hi) throw new SyntaxError(`${tk.text} takes ${lo}..${hi} arguments`);
        return { t: 'call', name: tk.text, args };
      }
      if (tk.text === 'pi') return { t: 'const', v: Math.PI };
      if (tk.text === 'e') return { t: 'const', v: Math.E };
      return { t: 'var', name: tk.text };
    }
    throw new SyntaxError(`unexpected ${JSON.stringify(tk.text)} in ${JSON.stringify(this.text)}`);
  }
}

function gcd(a, b) {
  while (b) [a, b] = [b, a % b];
  return a;
}

// Exact p/q (BigInt) for integer and decimal literals: 2.5e-1 -> 1/4.
function numberNode(text) {
  const m = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  let p = BigInt((m[1] || '0') + (m[2] || ''));
  let q = 10n ** BigInt((m[2] || '').length);
  const ex = Number(m[3] || 0);
  if (ex > 0) p *= 10n ** BigInt(ex);
  if (ex < 0) q *= 10n ** BigInt(-ex);
  const g = gcd(p, q) || 1n;
  return { t: 'num', v: Number(text), p: p / g, q: q / g };
}

// The exponent as an exact rational {p, q} when it is a literal (3, 2/3, -1/2, 0.5), else null.
function literalRational(e) {
  if (e.t === 'num') return { p: e.p, q: e.q };
  if (e.t === 'neg') {
    const r = literalRational(e.a);
    return r && { p: -r.p, q: r.q };
  }
  if (e.t === 'div') {
    const a = literalRational(e.a), b = literalRational(e.b);
    if (!a || !b || b.p === 0n) return null;
    let p = a.p * b.q, q = a.q * b.p;
    if (q < 0n) { p = -p; q = -q; }
    const g = gcd(p < 0n ? -p : p, q) || 1n;
    return { p: p / g, q: q / g };
  }
  return null;
}

function realPow(b, e, exponentNode) {
  if (b === 0 && e < 0) return NaN;
  if (b < 0 && !Number.isInteger(e)) {
    const r = literalRational(exponentNode);
    if (r && r.q !== 1n) {
      if (r.q % 2n === 0n) return NaN;
      const v = Math.pow(-b, e);
      return (r.p % 2n !== 0n) ? -v : v;
    }
  }
  return Math.pow(b, e);
}

function evalNode(n, point) {
  switch (n.t) {
    case 'num': return n.v;
    case 'const': return n.v;
    case 'var': {
      if (!(n.name in point)) throw new Error(`no value given for ${n.name}`);
      return Number(point[n.name]);
    }
    case 'neg': return -evalNode(n.a, point);
    case 'add': return evalNode(n.a, point) + evalNode(n.b, point);
    case 'sub': return evalNode(n.a, point) - evalNode(n.b, point);
    case 'mul': return evalNode(n.a, point) * evalNode(n.b, point);
    case 'div': {
      const d = evalNode(n.b, point);
      return d === 0 ? NaN : evalNode(n.a, point) / d;
    }
    case 'pow': return realPow(evalNode(n.a, point), evalNode(n.b, point), n.b);
    case 'call': {
      const args = n.args.map((a) => evalNode(a, point));
      if (n.name === 'root') {
        const k = n.args[1];
        const inv = k.t === 'num' ? { t: 'div', a: numberNode('1'), b: k } : { t: 'var', name: '?' };
        return realPow(args[0], 1 / args[1], inv);
      }
      return FUNCTIONS[n.name](...args);
    }
    default: throw new Error(`bad node ${n.t}`);
  }
}

const cache = new Map();

export function parse(text) {
  let ast = cache.get(text);
  if (!ast) {
    ast = new Parser(text).parse();
    if (cache.size > 5000) cache.clear();
    cache.set(text, ast);
  }
  return ast;
}

// The value of `text` at `point` ({x: 0.7, ...}); NaN where undefined.
export function evaluate(text, point) {
  const v = evalNode(parse(text), point);
  return Number.isFinite(v) ? v : NaN;
}

// Names of the free variables of `text`.
export function variables(text) {
  const out = new Set();
  const walk = (n) => {
    if (n.t === 'var') out.add(n.name);
    for (const k of ['a', 'b']) if (n[k]) walk(n[k]);
    if (n.args) n.args.forEach(walk);
  };
  walk(parse(text));
  return [...out];
}

// d/d(name) of `text` at `point` by central differences with Richardson extrapolation
// (error O(h^6)); NaN when the function is undefined anywhere on the stencil.
export function numericDerivative(text, name, point, h0 = 2e-3) {
  const x0 = Number(point[name]);
  const f = (x) => evaluate(text, { ...point, [name]: x });
  if (!Number.isFinite(f(x0))) return NaN;
  const scale = Math.max(1, Math.abs(x0));
  const D = (h) => (f(x0 + h) - f(x0 - h)) / (2 * h);
  const hs = [h0 * scale, (h0 * scale) / 2, (h0 * scale) / 4, (h0 * scale) / 8];
  let row = hs.map(D);
  if (row.some((v) => !Number.isFinite(v))) return NaN;
  for (let k = 1; k < row.length; k++) {
    const f4 = 4 ** k;
    row = row.slice(1).map((v, i) => (f4 * v - row[i]) / (f4 - 1));
  }
  return row[0];
}
