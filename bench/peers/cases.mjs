// The expression set of the peer benchmark, in the neutral syntax of syntax.mjs
// (explicit `*`, `^`, one-argument functions, variables x and y).
//
// Every expression is real and differentiable at the check points (x in (0, 1), y in (0, 1)),
// so every system's printed derivative can be evaluated there in double precision.
// `vars` is the sequence of differentiation variables: ['x', 'x', 'x'] is d^3/dx^3,
// ['x', 'y'] is d^2/(dy dx) (first x, then y).

export const POINTS = [{ x: 0.37, y: 0.45 }, { x: 0.61, y: 0.72 }, { x: 0.83, y: 0.29 }];

const T = (group, expr, vars = ['x']) => ({ group, expr, vars });

export const typical = [
  // polynomials
  T('polynomial', 'x^3-3*x^2+2*x-7'),
  T('polynomial', '(3*x^2+8)^3'),
  T('polynomial', '(x^2+1)^10'),
  T('polynomial', 'x^7*(x-1)^5'),
  T('polynomial', '5*x^4-x^3/3+x/2'),
  // rational
  T('rational', 'x/(1+x^2)'),
  T('rational', '(x^2-1)/(x^2+1)'),
  T('rational', '1/(x^3+2*x+1)'),
  T('rational', '(2*x+3)/(x-4)^2'),
  T('rational', '1/x^4'),
  // trigonometric
  T('trig', 'sin(x)^2*cos(x)'),
  T('trig', 'tan(3*x)^2'),
  T('trig', 'sin(x)/x'),
  T('trig', 'x^2*sin(x)'),
  T('trig', 'cos(x)^3*sin(x)'),
  T('trig', 'sec(x)*tan(x)'),
  T('trig', 'cot(2*x)'),
  T('trig', 'csc(x)^2'),
  T('trig', 'sin(cos(x))'),
  T('trig', 'tan(x)/(1+tan(x)^2)'),
  // inverse trigonometric
  T('inverse trig', 'asin(x)/x'),
  T('inverse trig', 'acos(2*x-1)'),
  T('inverse trig', 'atan(1/x)'),
  T('inverse trig', 'x*atan(x)'),
  T('inverse trig', 'asin(x)^2'),
  T('inverse trig', 'atan(x^2+1)'),
  T('inverse trig', 'acos(x)*sqrt(1-x^2)'),
  // hyperbolic
  T('hyperbolic', 'sinh(x)*cosh(x)'),
  T('hyperbolic', 'tanh(2*x)'),
  T('hyperbolic', 'x*cosh(x)^2'),
  T('hyperbolic', 'asinh(x^2)'),
  T('hyperbolic', 'acosh(x+2)'),
  T('hyperbolic', 'atanh(x/2)'),
  T('hyperbolic', 'sech(x)^2'),
  // exponential and logarithm
  T('exp/log', 'exp(-x^2/2)'),
  T('exp/log', 'exp(2*x)*cos(x)'),
  T('exp/log', 'log(x^2+1)'),
  T('exp/log', 'x^2*log(x)'),
  T('exp/log', 'log(log(x+2))'),
  T('exp/log', 'exp(x)/(1+exp(x))'),
  T('exp/log', 'log(1+exp(2*x))'),
  T('exp/log', 'exp(sin(x))'),
  T('exp/log', 'log(x)/x'),
  T('exp/log', '2^x'),
  T('exp/log', 'x*exp(-x)'),
  // roots
  T('roots', 'sqrt(1-x^2)'),
  T('roots', 'sqrt(x)*(x+1)'),
  T('roots', '(x^2+1)^(1/3)'),
  T('roots', '1/sqrt(x^2+4)'),
  T('roots', 'sqrt(x+sqrt(x))'),
  T('roots', 'x^(3/2)-x^(2/3)'),
  // compositions
  T('composition', 'sin(exp(x^2))'),
  T('composition', 'exp(tan(x))*log(cos(x))'),
  T('composition', 'cos(log(x^2+1))'),
  T('composition', 'sqrt(sin(x)^2+1)'),
  T('composition', 'atan(exp(x))'),
  // products and quotients
  T('product/quotient', 'x^2*exp(x)*sin(x)'),
  T('product/quotient', '(x+1)*(x+2)*(x+3)'),
  T('product/quotient', 'sin(x)*cos(x)/(1+x^2)'),
  T('product/quotient', 'exp(x)*sqrt(x)/log(x+1)'),
  T('product/quotient', '(x^2+3*x)/sqrt(x+1)'),
  // general powers
  T('x^x', 'x^x'),
  T('x^x', 'x^sin(x)'),
  T('x^x', 'sin(x)^x'),
  T('x^x', 'x^(1/x)'),
  // higher orders
  T('higher order', 'x^5*exp(x)', ['x', 'x', 'x']),
  T('higher order', 'sin(2*x)*cos(x)', ['x', 'x', 'x', 'x']),
  T('higher order', 'log(1+x^2)', ['x', 'x']),
  T('higher order', '1/(1+x)', ['x', 'x', 'x', 'x', 'x']),
  T('higher order', 'atan(x)', ['x', 'x', 'x']),
  // partial derivatives
  T('partial', 'x^2*y^3*sin(x*y)', ['x', 'y']),
  T('partial', 'exp(x*y)*cos(x+y)', ['x']),
  T('partial', 'log(x^2+y^2)', ['x', 'y']),
  T('partial', 'x*y/(x+y)', ['y']),
  T('partial', 'sqrt(x^2+y^2)', ['x', 'y']),
  T('partial', 'atan(y/x)', ['x']),
];

// Growing families. Terms are chosen so that nothing collapses (no like terms), the input stays
// under Leibniz's 1 MiB input limit at n = 1e5, and the values stay in double range at the
// check points (products of (1 + x/i) instead of (x + i), whose value overflows at n ~ 170).
function sum(n) {
  const t = [];
  for (let i = 1; i <= n; i++) t.push(i % 2 ? `sin(${i}*x)` : `x^${i}`);
  return t.join('+');
}
function nest(n) {
  let s = 'x';
  for (let i = 0; i < n; i++) s = `sin(${s})`;
  return s;
}
function product(n) {
  const t = [];
  for (let i = 1; i <= n; i++) t.push(`(1+x/${i})`);
  return t.join('*');
}

export function families(quick) {
  return {
    'sum of n terms': {
      description: 'sin(1*x)+x^2+sin(3*x)+x^4+... (n terms)',
      ns: quick ? [10, 100, 1000] : [10, 100, 1000, 10000, 100000],
      make: (n) => ({ expr: sum(n), vars: ['x'] }),
    },
    'nesting depth n': {
      description: 'sin(sin(...sin(x)...)), n levels',
      ns: quick ? [10, 30, 100] : [10, 30, 100, 300, 1000],
      make: (n) => ({ expr: nest(n), vars: ['x'] }),
    },
    'product of n factors': {
      description: '(1+x/1)*(1+x/2)*...*(1+x/n)',
      ns: quick ? [10, 30, 100] : [10, 30, 100, 300, 1000],
      make: (n) => ({ expr: product(n), vars: ['x'] }),
    },
    'k-th derivative': {
      description: 'd^k/dx^k of exp(3*x)*cos(2*x)',
      ns: quick ? [1, 5, 20] : [1, 2, 5, 10, 20],
      make: (n) => ({ expr: 'exp(3*x)*cos(2*x)', vars: Array(n).fill('x') }),
    },
  };
}
