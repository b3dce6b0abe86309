"""SymPy side of the peer benchmark (run with Debian's /usr/bin/python3 and python3-sympy).

  sympy_worker.py peer CASES.json START TARGET_MS CAP_MS
      Times SymPy as a peer: parse_expr(text) -> diff -> str(), in-process, after warm-up;
      same protocol as js_worker.cjs ("START i", "DONE i {json}", "FAIL i {json}").
  sympy_worker.py ref CASES.json START
      The reference: builds each case's expression from its AST (not from text, so depth-1000
      nesting does not meet Python's parser limit of 200 parentheses), differentiates it with
      SymPy and evaluates the derivative at the case's points with 30-digit Floats.
      Prints "DONE i {"values": [...]}" (null where not real and finite).

Both run in a thread with a large stack and a raised recursion limit, so SymPy's recursive
algorithms get a fair chance at deep expressions.
"""
import json
import os
import sys
import threading
import time

import sympy
from sympy.parsing.sympy_parser import parse_expr

X, Y = sympy.Symbol('x'), sympy.Symbol('y')
SYMS = {'x': X, 'y': Y}


def emit(line):
    sys.stdout.write(line + '\n')
    sys.stdout.flush()


def median(a):
    s = sorted(a)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def from_ast(ast):
    """AST (nested lists, see syntax.mjs) -> SymPy expression, iteratively; + and * chains are
    flattened into one Add / Mul (building a 1e5-term sum pairwise would be quadratic)."""
    def operands(node, op):
        out, stack = [], [node]
        while stack:
            n = stack.pop()
            if n[0] == op:
                stack.extend(reversed(n[1:]))
            else:
                out.append(n)
        return out

    done = {}
    stack = [(ast, False)]
    while stack:
        node, expanded = stack.pop()
        key = id(node)
        if key in done:
            continue
        op = node[0]
        if op == 'num':
            done[key] = sympy.Integer(node[1]) if '.' not in node[1] else sympy.Rational(node[1])
            continue
        if op == 'sym':
            done[key] = SYMS[node[1]]
            continue
        kids = operands(node, op) if op in ('+', '*') else ([node[2]] if op == 'fn' else node[1:])
        if not expanded:
            stack.append((node, True))
            for k in kids:
                if id(k) not in done:
                    stack.append((k, False))
            continue
        v = [done[id(k)] for k in kids]
        if op == '+':
            r = sympy.Add(*v)
        elif op == '*':
            r = sympy.Mul(*v)
        elif op == '-':
            r = v[0] - v[1]
        elif op == '/':
            r = v[0] / v[1]
        elif op == '^':
            r = v[0] ** v[1]
        elif op == 'neg':
            r = -v[0]
        elif op == 'fn':
            r = getattr(sympy, node[1])(v[0])
        else:
            raise ValueError('bad node ' + op)
        done[key] = r
    return done[id(ast)]


def peer(cases, start, target, cap):
    from sympy.core.cache import clear_cache

    def run_once(c):
        # Every run starts from an empty SymPy cache (outside the timed region), as a fresh
        # request would: otherwise repeated runs are answered from @cacheit memo tables.
        e = parse_expr(c['expr'], local_dict=SYMS)
        d = sympy.diff(e, *[SYMS[v] for v in c['vars']])
        return str(d)

    for i in range(start, len(cases)):
        c = cases[i]
        emit('START %d' % i)
        try:
            clear_cache()
            t0 = time.perf_counter_ns()
            out = run_once(c)
            first = time.perf_counter_ns() - t0
            med, runs = first, 1
            if first <= cap:
                warm = min(20, int(target / 4 / max(first, 1)))
                for _ in range(warm):
                    clear_cache()
                    run_once(c)
                runs = 1 if first > 3e8 else max(int(os.environ.get('PEERS_MIN_RUNS', '3')), min(2000, round(target / max(first, 1))))
                ts = []
                for _ in range(runs):
                    clear_cache()
                    t0 = time.perf_counter_ns()
                    run_once(c)
                    ts.append(time.perf_counter_ns() - t0)
                med = median(ts)
            # For information: the same runs with SymPy's cache kept warm (the identical
            # computation is then largely memoized).
            cached = None
            if first <= 3e8:
                ts = []
                for _ in range(runs):
                    t0 = time.perf_counter_ns()
                    run_once(c)
                    ts.append(time.perf_counter_ns() - t0)
                cached = median(ts)
            with open(c['out'], 'w') as f:
                f.write(out)
            emit('DONE %d %s' % (i, json.dumps({'median_ns': med, 'first_ns': first, 'runs': runs,
                                                'median_cached_ns': cached})))
        except BaseException as e:  # RecursionError, SyntaxError, MemoryError ...
            emit('FAIL %d %s' % (i, json.dumps({'error': (type(e).__name__ + ': ' + str(e))[:300]})))


def eval_ast_mp(ast, point):
    """The input expression's value in mpmath at the working precision, iteratively."""
    import mpmath
    fns = {'cbrt': mpmath.cbrt, 'log': mpmath.log, 'exp': mpmath.exp, 'sqrt': mpmath.sqrt}
    done = {}
    stack = [(ast, False)]
    while stack:
        node, expanded = stack.pop()
        op = node[0]
        if op == 'num':
            done[id(node)] = mpmath.mpf(node[1])
            continue
        if op == 'sym':
            done[id(node)] = point[node[1]]
            continue
        kids = [node[2]] if op == 'fn' else node[1:]
        if not expanded:
            stack.append((node, True))
            stack.extend((k, False) for k in kids)
            continue
        v = [done[id(k)] for k in kids]
        if op == '+':
            r = mpmath.fsum(v)
        elif op == '*':
            r = mpmath.fprod(v)
        elif op == '-':
            r = v[0] - v[1]
        elif op == '/':
            r = v[0] / v[1]
        elif op == '^':
            r = v[0] ** v[1]
        elif op == 'neg':
            r = -v[0]
        else:
            r = fns.get(node[1]) and fns[node[1]](v[0]) or getattr(mpmath, node[1])(v[0])
        done[id(node)] = r
    return done[id(ast)]


def ref_numeric(c):
    """For the largest family members (where SymPy's symbolic derivative, expanded and
    evaluated at 30 digits, would take minutes): mpmath's numerical differentiation of the input
    expression at 50 digits (single variable only)."""
    import mpmath
    mpmath.mp.dps = 50
    (v,) = set(c['vars'])
    vals = []
    for p in c['points']:
        pt = {k: mpmath.mpf(repr(val)) for k, val in p.items()}
        def f(t):
            q = dict(pt)
            q[v] = t
            return eval_ast_mp(c['ast'], q)
        vals.append(float(mpmath.diff(f, pt[v], len(c['vars']))))
    return vals


def ref(cases, start):
    for i in range(start, len(cases)):
        c = cases[i]
        emit('START %d' % i)
        try:
            t0 = time.perf_counter()
            if c.get('numeric'):
                emit('DONE %d %s' % (i, json.dumps({'values': ref_numeric(c), 'method': 'mpmath.diff of the input, 50 digits',
                                                    'seconds': time.perf_counter() - t0})))
                continue
            e = from_ast(c['ast'])
            d = sympy.diff(e, *[SYMS[v] for v in c['vars']])
            vals = []
            for p in c['points']:
                v = d.xreplace({SYMS[k]: sympy.Float(repr(val), 30) for k, val in p.items()}).evalf(20)
                try:
                    f = complex(v)
                    vals.append(f.real if abs(f.imag) <= 1e-12 * max(1.0, abs(f.real)) else None)
                except (TypeError, ValueError):
                    vals.append(None)
            emit('DONE %d %s' % (i, json.dumps({'values': vals, 'method': 'SymPy diff, evaluated with 30-digit Floats',
                                                'seconds': time.perf_counter() - t0})))
        except BaseException as e:
            emit('FAIL %d %s' % (i, json.dumps({'error': (type(e).__name__ + ': ' + str(e))[:300]})))


def main():
    mode, path, start = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(path) as f:
        cases = json.load(f)
    if mode == 'peer':
        peer(cases, start, float(sys.argv[4]) * 1e6, float(sys.argv[5]) * 1e6)
    else:
        ref(cases, start)


if __name__ == '__main__':
    sys.setrecursionlimit(200000)
    threading.stack_size(512 * 1024 * 1024)
    t = threading.Thread(target=main)
    t.start()
    t.join()
