#!/usr/bin/env python3
"""SymPy oracle for the Leibniz CLI.

Usage (Debian's python, which has python3-sympy):

    /usr/bin/python3 tests/sympy_oracle.py build/native/leibniz            # fixtures + 300 random
    /usr/bin/python3 tests/sympy_oracle.py build/native/leibniz --random 50 --seed 7
    /usr/bin/python3 tests/sympy_oracle.py build/native/leibniz --no-fixtures --random 1000
    /usr/bin/python3 tests/sympy_oracle.py build/native/leibniz --only power-basic -v

For every fixture case (tests/fixtures/cases.json) that is not an error case, the CLI is run
once with --json and one --at per sample point (the case's "points", else default values per
variable: x = 0.7, 1.3, 2.1; y = 0.4, 1.7, 1.1; ...). The case's "equivalent" (an explicit form
of the input written with the case), else the CLI's `input.text`, is parsed here into SymPy
(the printed text language: ^ powers, explicit *, canonical function names, pi and e),
differentiated by SymPy in the same order and variables, evaluated at the same points with 30
significant digits and compared with the CLI's "values" (relative 1e-7, absolute 1e-9). The
printed result text is parsed and compared as well, and so is input.text against the
equivalent form. Points where the input is not real (anywhere inside it), or where a
derivative is undefined or complex, are skipped; every fixture case must compare at least one
point. Error cases are checked for ok=false and the fixture's position/length/message.

The random mode builds expressions from the same grammar with a fixed seed, differentiates
the generated text itself (independently of the CLI's parser) and compares the same way.
Expressions that are undefined at every sample point, or that the CLI rejects as a division by
zero (x - x)^-1, are reported as not counted.

The summary line is `sympy oracle: N passed, M failed`; the exit status is 1 on any failure.
"""

import argparse
import concurrent.futures
import json
import math
import multiprocessing
import os
import random
import re
import subprocess
import sys
import time

import sympy as sp

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "fixtures", "cases.json")

REL_TOL = 1e-7
ABS_TOL = 1e-9
DIGITS = 30
CASE_TIMEOUT = 60  # seconds of SymPy work for one case

# ---------------------------------------------------------------------------------------
# The text language -> SymPy
# ---------------------------------------------------------------------------------------


def _sigmoid(u):
    return 1 / (1 + sp.exp(-u))


def _softplus(u):
    return sp.log(1 + sp.exp(u))


def _relu(u):
    try:
        return sp.Max(0, u)
    except ValueError:
        # SymPy's Max refuses a constant it cannot order (relu(asin(5/3)^5) is complex):
        # (u + |u|)/2 is the same function for real u and simply evaluates to non-real here.
        return (u + sp.Abs(u)) / 2


def _cbrt(u):
    # The real cube root (the CLI evaluates x^(1/3) as the real root for x < 0).
    # sp.real_root(u, 3) differentiates into Piecewise forms; sign(u)*|u|^(1/3) is the same
    # function for real u and differentiates cleanly (the DiracDelta term vanishes off 0).
    return sp.sign(u) * sp.Abs(u) ** sp.Rational(1, 3)


def _log(*a):
    if len(a) == 1:
        return sp.log(a[0])
    return sp.log(a[0]) / sp.log(a[1])


FUNCTIONS = {
    "sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "cot": sp.cot, "sec": sp.sec, "csc": sp.csc,
    "asin": sp.asin, "acos": sp.acos, "atan": sp.atan,
    # SymPy's acot is odd (acot(-x) = -acot(x)), the same branch as the CLI's atan(1/u).
    "acot": sp.acot,
    "asec": sp.asec, "acsc": sp.acsc,
    "sinh": sp.sinh, "cosh": sp.cosh, "tanh": sp.tanh, "coth": sp.coth, "sech": sp.sech,
    "csch": sp.csch, "asinh": sp.asinh, "acosh": sp.acosh, "atanh": sp.atanh,
    "exp": sp.exp, "log": _log, "ln": sp.log,
    "log10": lambda u: sp.log(u) / sp.log(10), "log2": lambda u: sp.log(u) / sp.log(2),
    "abs": sp.Abs, "sign": sp.sign, "sgn": sp.sign, "heaviside": sp.Heaviside,
    "sigmoid": _sigmoid, "softplus": _softplus, "relu": _relu,
    "sqrt": sp.sqrt, "cbrt": _cbrt, "root": lambda u, n: u ** (1 / n),
    "arcsin": sp.asin, "arccos": sp.acos, "arctan": sp.atan,
}

_TOKEN = re.compile(r"\s*(?:(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z][A-Za-z0-9_]*)|(.))")


class TextParser:
    """Recursive descent over the printed text language.

    expr := term (('+' | '-') term)*      term := unary (('*' | '/') unary)*
    unary := ('-' | '+') unary | power     power := atom ('^' unary)?
    atom := number | name '(' expr (',' expr)* ')' | name | '(' expr ')'
    """

    def __init__(self, text, symbols):
        self.toks = []
        pos = 0
        text = text.strip()
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            if not m:
                break
            pos = m.end()
            if m.group(1):
                self.toks.append(("num", m.group(1)))
            elif m.group(2):
                self.toks.append(("name", m.group(2)))
            elif m.group(3).strip():
                self.toks.append(("op", m.group(3)))
        self.toks.append(("end", ""))
        self.i = 0
        self.symbols = symbols

    def peek(self):
        return self.toks[self.i]

    def take(self, op=None):
        t = self.toks[self.i]
        if op is not None and t != ("op", op):
            raise ValueError("expected %r at token %d, got %r" % (op, self.i, t))
        self.i += 1
        return t

    def parse(self):
        e = self.expr()
        if self.peek()[0] != "end":
            raise ValueError("trailing input at token %d: %r" % (self.i, self.peek()))
        return e

    def expr(self):
        e = self.term()
        while self.peek() in (("op", "+"), ("op", "-")):
            op = self.take()[1]
            r = self.term()
            e = e + r if op == "+" else e - r
        return e

    def term(self):
        e = self.unary()
        while self.peek() in (("op", "*"), ("op", "/")):
            op = self.take()[1]
            r = self.unary()
            e = e * r if op == "*" else e / r
        return e

    def unary(self):
        if self.peek() == ("op", "-"):
            self.take()
            return -self.unary()
        if self.peek() == ("op", "+"):
            self.take()
            return self.unary()
        return self.power()

    def power(self):
        b = self.atom()
        if self.peek() == ("op", "^"):
            self.take()
            return b ** self.unary()
        return b

    def atom(self):
        kind, text = self.take()
        if kind == "num":
            return sp.Rational(text) if ("." in text or "e" in text or "E" in text) else sp.Integer(text)
        if kind == "op" and text == "(":
            e = self.expr()
            self.take(")")
            return e
        if kind == "name":
            if self.peek() == ("op", "(") and text in FUNCTIONS:
                self.take()
                args = [self.expr()]
                while self.peek() == ("op", ","):
                    self.take()
                    args.append(self.expr())
                self.take(")")
                return FUNCTIONS[text](*args)
            if text == "pi":
                return sp.pi
            if text == "e":
                return sp.E
            if text not in self.symbols:
                self.symbols[text] = sp.Symbol(text, real=True)
            return self.symbols[text]
        raise ValueError("unexpected token %r" % ((kind, text),))


def to_sympy(text, symbols):
    return TextParser(text, symbols).parse()


# ---------------------------------------------------------------------------------------
# Sample points
# ---------------------------------------------------------------------------------------

# Three values per variable; point i takes value i of each list.
DEFAULTS = {
    "x": [0.7, 1.3, 2.1], "y": [0.4, 1.7, 1.1], "z": [0.3, 0.9, 1.6], "t": [0.6, 1.4, 2.3],
    "u": [0.45, 1.25, 1.9], "v": [0.35, 1.05, 2.2], "w": [0.8, 1.5, 0.25],
    "a": [1.6, 2.5, 0.6], "b": [0.9, 1.9, 2.7], "c": [1.2, 0.5, 2.4], "k": [0.75, 1.65, 2.35],
    "n": [2.5, 3.5, 1.5], "s": [0.65, 1.35, 2.05], "r": [1.1, 2.2, 0.55],
    "theta": [0.5, 1.2, 2.0], "alpha": [0.3, 1.1, 1.8], "phi": [0.45, 0.95, 1.75],
}


def default_value(name, i):
    if name in DEFAULTS:
        return DEFAULTS[name][i % 3]
    h = sum((j + 1) * ord(ch) for j, ch in enumerate(name))
    return round(0.35 + ((h * 37 + i * 53) % 180) / 100.0, 2)


def generic_points(names, count=3):
    return [{n: default_value(n, i) for n in names} for i in range(count)]


ALL_DEFAULT_NAMES = sorted(set(DEFAULTS) | set("abcdfghijklmnopqrstuvwxyz") | {
    "x_1", "x_2", "x_3", "y_1", "y_2", "y1", "y2", "x1", "x2", "x_i", "x_j", "beta", "gamma",
    "delta", "lambda", "mu", "omega", "sigma", "tau", "psi", "rho", "epsilon"})


def fmt_point(p):
    return ",".join("%s=%r" % (k, float(v)) for k, v in p.items())


# ---------------------------------------------------------------------------------------
# Running the CLI
# ---------------------------------------------------------------------------------------


def cli_args(cli, case, points=()):
    args = [cli, "--json"]
    if case.get("wrt"):
        args += ["--wrt", ",".join(case["wrt"])]
    if case.get("gradient"):
        args += ["--gradient", ",".join(case["gradient"])]
    if case.get("order", 1) != 1:
        args += ["--order", str(case["order"])]
    for p in points:
        args += ["--at", fmt_point(p)]
    args.append("-")  # the expression on standard input: no quoting or leading-'-' issues
    return args


def run_cli(cli, case, points=()):
    args = cli_args(cli, case, points)
    proc = subprocess.run(args, input=case["input"].encode("utf-8"), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=60)
    out = proc.stdout.decode("utf-8")
    try:
        return json.loads(out), args
    except ValueError:
        return {"ok": False, "error": {"kind": "crash", "message": "exit %d, output %r, stderr %r" % (
            proc.returncode, out[:200], proc.stderr[:200])}}, args


def command_line(args, text):
    q = lambda s: "'" + s.replace("'", "'\\''") + "'"
    return "printf %%s %s | %s" % (q(text), " ".join(q(a) if (" " in a or "(" in a) else a for a in args))


# ---------------------------------------------------------------------------------------
# Numeric comparison
# ---------------------------------------------------------------------------------------


def numeric(expr, symbols, point):
    """Value of expr at point as a Python float, or None if undefined or not real."""
    try:
        sub = {}
        for name, sym in symbols.items():
            if name in point:
                v = point[name]
                sub[sym] = v if isinstance(v, sp.Float) else sp.Float(repr(float(v)), DIGITS)
        v = expr.xreplace(sub).evalf(DIGITS)
        if v.free_symbols or v.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
            return None
        c = complex(v)
    except (TypeError, ValueError, ZeroDivisionError, OverflowError, AttributeError, RecursionError):
        return None
    if not (math.isfinite(c.real) and math.isfinite(c.imag)):
        return None
    if abs(c.imag) > 1e-20 + 1e-15 * abs(c.real):
        return None
    return c.real


def real_everywhere(expr, symbols, point):
    """True when every subexpression of expr is real at point. SymPy happily gives a real
    value for abs(log(x)) at x < 0 (the modulus of a complex number), but in the real
    analysis the CLI does the function is undefined there."""
    for node in sp.preorder_traversal(expr):
        if node.is_Atom or not node.free_symbols:
            continue
        if numeric(node, symbols, point) is None:
            return False
    return True


def close(a, b):
    return abs(a - b) <= ABS_TOL + REL_TOL * max(abs(a), abs(b))


def well_conditioned(d, symbols, p, value):
    """False when moving the point by a few units in the last place of a double changes the
    exact derivative by more than the tolerance (cos(10^13 x) and the like): a double
    evaluation cannot be expected to agree there."""
    for scale in (1 + 4e-16, 1 - 4e-16):
        q = {k: sp.Float(repr(float(v)), DIGITS) * sp.Float(scale, DIGITS) for k, v in p.items()}
        w = numeric(d, symbols, q)
        if w is None or not close(w, value):
            return False
    return True


def derivative(expr, sequence, symbols):
    d = expr
    for v in sequence:
        if v not in symbols:
            symbols[v] = sp.Symbol(v, real=True)
        d = sp.diff(d, symbols[v])
    return d


def sympy_misdifferentiates(f):
    """Forms whose SymPy derivative is known to be wrong (checked with SymPy 1.11, Debian 12).

    0**x (from a generated (x - x)^x): sp.diff(cot(cosh(x)) - 0**x, x, 2) returns 0 for the
    whole expression, dropping cot(cosh(x))'' (42.37 at x = 2.056); 0**x has derivative
    0**x*log(0), which SymPy's simplification turns into a zero of the entire sum. Leibniz gives
    csc(cosh x)^2 (2 cot(cosh x) sinh(x)^2 - cosh x), checked against central differences in
    tests/test_diff.cpp ("SymPy is wrong: ...").
    """
    return any(p.base == 0 and not p.exp.is_number for p in f.atoms(sp.Pow))


def compare(job):
    """Runs in a worker: SymPy side of one case. Returns (ok, compared_points, message)."""
    text, f_text, sequences, points, values, result_texts, where = job
    symbols = {}
    try:
        f = to_sympy(text, symbols)
        g = to_sympy(f_text, symbols) if f_text is not None else None
    except Exception as e:  # noqa: BLE001 - report any parse failure as a failed case
        return False, 0, "cannot parse %r: %s" % (text, e)
    if sympy_misdifferentiates(f):
        return True, 0, ""  # not a reference here: counted with the expressions not compared
    printed = []
    for t in result_texts:
        try:
            printed.append(to_sympy(t, symbols))
        except Exception as e:  # noqa: BLE001
            return False, 0, "cannot parse the printed result %r: %s" % (t, e)
    # Named subexpressions ("where": u_1 = ..., each may use the ones before): substituted
    # last to first, so the printed named form is checked as the user reads it.
    for name, t in reversed(where):
        try:
            value = to_sympy(t, symbols)
        except Exception as e:  # noqa: BLE001
            return False, 0, "cannot parse the definition %s = %r: %s" % (name, t, e)
        printed = [p.subs(symbols[name], value) if name in symbols else p for p in printed]
    derivs = [derivative(f, seq, symbols) for seq in sequences]
    compared, problems = 0, []
    for pi, p in enumerate(points):
        fv = numeric(f, symbols, p)
        if fv is None or not real_everywhere(f, symbols, p):
            continue  # the function itself is undefined here
        if g is not None:
            gv = numeric(g, symbols, p)
            if gv is not None and not close(fv, gv):
                problems.append("the CLI's input.text %r differs from the expected input at %s: %r vs %r" % (
                    f_text, fmt_point(p), gv, fv))
        row = values[pi] if pi < len(values) else None
        if not isinstance(row, list):
            row = [row]
        for k, d in enumerate(derivs):
            want = numeric(d, symbols, p)
            got = row[k] if k < len(row) else None
            if want is None or got is None:
                continue
            compared += 1
            if not close(want, got) and well_conditioned(d, symbols, p, want):
                problems.append("d/%s at %s: CLI %r, SymPy %r (SymPy derivative %s)" % (
                    "".join(sequences[k]), fmt_point(p), got, want, _short(d)))
            # The printed result text must denote the same function as the CLI's tree.
            pv = numeric(printed[k], symbols, p) if k < len(printed) else None
            if pv is not None and not close(pv, want) and well_conditioned(d, symbols, p, want):
                problems.append("d/%s at %s: the printed result %r is %r, SymPy %r" % (
                    "".join(sequences[k]), fmt_point(p), _short(result_texts[k]), pv, want))
    if problems:
        return False, compared, "; ".join(problems)
    return True, compared, ""


def _short(e, n=160):
    s = str(e)
    return s if len(s) <= n else s[:n] + "..."


# ---------------------------------------------------------------------------------------
# Random expressions
# ---------------------------------------------------------------------------------------

RANDOM_FUNCS = ["sin", "cos", "tan", "cot", "sec", "csc", "asin", "acos", "atan", "acot", "asec",
                "acsc", "sinh", "cosh", "tanh", "coth", "sech", "csch", "asinh", "acosh", "atanh",
                "exp", "log", "abs", "sign", "heaviside", "sigmoid", "softplus", "relu", "sqrt",
                "cbrt", "ln", "log10", "log2", "arcsin", "arctan"]


def random_expr(rng, vars_, depth):
    """A random expression in the text language (fully parenthesised where it matters)."""
    if depth <= 0 or rng.random() < 0.18:
        r = rng.random()
        if r < 0.6:
            return rng.choice(vars_)
        if r < 0.85:
            return str(rng.randint(1, 6))
        return rng.choice(["pi", "e", "1/2", "3/4", "0.5", "2.5"])
    r = rng.random()
    if r < 0.36:
        f = rng.choice(RANDOM_FUNCS)
        arg = random_expr(rng, vars_, depth - 1)
        if f in ("asin", "acos", "atanh", "arcsin"):
            # Keep the argument in (-1, 1) often enough to compare points.
            arg = "%s/%d" % (_paren(arg), rng.randint(3, 6))
        if f in ("acosh", "asec", "acsc"):
            arg = "%s + %d" % (arg, rng.randint(1, 3))
        return "%s(%s)" % (f, arg)
    if r < 0.42:
        return "log(%s, %d)" % (random_expr(rng, vars_, depth - 1), rng.randint(2, 10))
    if r < 0.45:
        return "root(%s, %d)" % (random_expr(rng, vars_, depth - 1), rng.randint(2, 5))
    if r < 0.74:
        op = rng.choice(["+", "-", "*", "*", "/"])
        return "%s %s %s" % (_paren(random_expr(rng, vars_, depth - 1)), op,
                             _paren(random_expr(rng, vars_, depth - 1)))
    if r < 0.79:
        return "-" + _paren(random_expr(rng, vars_, depth - 1))
    base = _paren(random_expr(rng, vars_, depth - 1))
    r = rng.random()
    if r < 0.55:
        ex = str(rng.choice([2, 3, 4, 5, -1, -2, 0]))
    elif r < 0.75:
        ex = rng.choice(["(1/2)", "(1/3)", "(2/3)", "(-1/2)", "(3/2)", "0.5"])
    else:
        ex = _paren(random_expr(rng, vars_, depth - 2))  # general power u^v
    if ex.startswith("-"):
        ex = "(" + ex + ")"
    return "%s^%s" % (base, ex)


def _paren(s):
    return s if re.fullmatch(r"[A-Za-z0-9_.]+|[a-z0-9]+\(.*\)", s) and _balanced_call(s) else "(" + s + ")"


def _balanced_call(s):
    # "f(a) + g(b)" matches the call pattern but is not one call.
    if "(" not in s:
        return True
    depth = 0
    for i, ch in enumerate(s):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0 and ch == ")" and i != len(s) - 1:
            return False
    return True


def random_cases(n, seed):
    rng = random.Random(seed)
    cases = []
    for k in range(n):
        r = rng.random()
        if r < 0.7:
            vars_, case = ["x"], {"wrt": ["x"]}
            if rng.random() < 0.15:
                case["order"] = rng.randint(2, 3)
        elif r < 0.85:
            vars_, case = ["x", "y"], {"wrt": ["x", "y"]}
        else:
            vars_, case = ["x", "y"], {"gradient": ["x", "y"]}
        text = random_expr(rng, vars_, rng.randint(2, 4))
        sign = [1 if rng.random() < 0.75 else -1 for _ in vars_]
        pts = []
        for i in range(4):
            pts.append({v: round(sign[j] * (0.3 + rng.random() * 1.8), 3) for j, v in enumerate(vars_)})
        case.update({"id": "random-%d-%d" % (seed, k), "input": text, "points": pts, "random": True})
        cases.append(case)
    return cases


# ---------------------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------------------


def sequences_for(case, resp):
    if case.get("gradient"):
        return [[v] for v in resp.get("wrt", case["gradient"])]
    seq = list(resp.get("wrt", []))
    return [seq]


def prepare(cli, case):
    """CLI side of one case: returns (job or None, failure message or None, info)."""
    text = case["input"]
    if "error" in case:
        resp, args = run_cli(cli, case)
        e = case["error"]
        if resp.get("ok"):
            return None, "expected an error, got %s (%s)" % (resp.get("result"), command_line(args, text)), None
        got = resp["error"]
        for key in ("position", "length"):
            if key in e and got.get(key) != e[key]:
                return None, "error %s %r, expected %r: %s (%s)" % (key, got.get(key), e[key], got.get("message"),
                                                                   command_line(args, text)), None
        if "contains" in e and e["contains"] not in got.get("message", ""):
            return None, "error message %r lacks %r (%s)" % (got.get("message"), e["contains"],
                                                            command_line(args, text)), None
        return None, None, None
    points = case.get("points")
    if points is None:
        # One call with a value for every usual variable name; the points are then cut down
        # to the input's variables (for the SymPy side and for readable messages).
        resp, args = run_cli(cli, case, generic_points(ALL_DEFAULT_NAMES))
        if not resp.get("ok") and "no value given" in resp.get("error", {}).get("message", ""):
            first, _ = run_cli(cli, case)
            names = first.get("variables", [])
            resp, args = run_cli(cli, case, generic_points(names))
        if resp.get("ok"):
            names = list(resp["variables"])
            names += [v for v in resp.get("wrt", []) if v not in names]
            points = generic_points(names)
            args = cli_args(cli, case, points)
        else:
            args = cli_args(cli, case)
    else:
        resp, args = run_cli(cli, case, points)
    if not resp.get("ok"):
        if case.get("random") and "division by zero" in resp.get("error", {}).get("message", ""):
            return "skip", None, None  # a generated (x - x)^-1: rejected as it should be
        return None, "CLI error %s (%s)" % (resp.get("error"), command_line(args, text)), None
    # The differentiation sequence the CLI used must be the one the case asks for.
    if case.get("wrt") and not case.get("gradient"):
        want = list(case["wrt"]) + [case["wrt"][-1]] * (case.get("order", 1) - 1)
        if resp["wrt"] != want:
            return None, "CLI differentiated along %s, expected %s" % (resp["wrt"], want), None
    values = resp.get("values", [])
    if case.get("random") and any(n.startswith("the input is undefined") for n in resp.get("notes", [])):
        # A constant with no real value (asin(6/5)): SymPy cannot even read it as real. The
        # CLI must say so and give no value anywhere; nothing to compare.
        if any(v is not None for row in values for v in (row if isinstance(row, list) else [row])):
            return None, "undefined everywhere but values %r (%s)" % (values, command_line(args, text)), None
        return "skip", None, None
    f_text = None
    if case.get("random"):
        text_for_sympy, f_text = case["input"], resp["input"]["text"]
    elif case.get("equivalent"):
        # An explicit form written for the case: catches a misparse of the input as well.
        text_for_sympy, f_text = case["equivalent"], resp["input"]["text"]
    else:
        text_for_sympy = resp["input"]["text"]
    result_texts = [g["text"] for g in resp["gradient"]] if "gradient" in resp else [resp["result"]["text"]]
    where = [(w["name"], w["text"]) for w in resp.get("where", [])]
    job = (text_for_sympy, f_text, sequences_for(case, resp), points, values, result_texts, where)
    return job, None, command_line(args, text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("cli", help="path to the leibniz executable")
    ap.add_argument("--random", type=int, default=None, help="number of random expressions (default 300)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-fixtures", action="store_true")
    ap.add_argument("--fixtures", default=FIXTURES)
    ap.add_argument("--only", help="run only the case with this id (or id prefix)")
    ap.add_argument("--jobs", type=int, default=max(1, min(4, os.cpu_count() or 2)))
    ap.add_argument("--skip-functions", default="",
                    help="comma-separated function names the random generator leaves out")
    ap.add_argument("-v", "--verbose", action="store_true")
    opts = ap.parse_args()

    cases = []
    if not opts.no_fixtures:
        with open(opts.fixtures, encoding="utf-8") as fh:
            cases += json.load(fh)["cases"]
    n_random = 300 if opts.random is None else opts.random
    skip = {f for f in opts.skip_functions.split(",") if f}
    RANDOM_FUNCS[:] = [f for f in RANDOM_FUNCS if f not in skip]
    cases += random_cases(n_random, opts.seed)
    if opts.only:
        cases = [c for c in cases if c["id"] == opts.only or c["id"].startswith(opts.only)]

    start = time.time()
    passed, failed = 0, 0
    failures = []

    def fail(case, msg):
        failures.append("FAIL %s: %s" % (case["id"], msg))

    # CLI calls in threads (they are separate processes), SymPy work in worker processes.
    with concurrent.futures.ThreadPoolExecutor(max_workers=opts.jobs * 2) as tp:
        prepared = list(tp.map(lambda c: prepare(opts.cli, c), cases))
    jobs = []
    no_points = 0
    for case, (job, msg, cmd) in zip(cases, prepared):
        if msg:
            failed += 1
            fail(case, msg)
        elif job == "skip":
            no_points += 1
        elif job is None:
            passed += 1
        else:
            jobs.append((case, job, cmd))

    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(opts.jobs, maxtasksperchild=50) as pool:
        pending = [(case, cmd, pool.apply_async(compare, (job,))) for case, job, cmd in jobs]
        for case, cmd, res in pending:
            try:
                ok, compared, msg = res.get(CASE_TIMEOUT)
            except multiprocessing.TimeoutError:
                ok, compared, msg = False, 0, "SymPy took more than %d s" % CASE_TIMEOUT
            except Exception as e:  # noqa: BLE001
                ok, compared, msg = False, 0, "SymPy raised %s: %s" % (type(e).__name__, e)
            if ok and compared == 0:
                if case.get("random"):
                    # Every point is outside the domain: not a comparison, not a failure.
                    no_points += 1
                    continue
                ok, msg = False, "no sample point could be compared (choose points inside the domain)"
            if ok:
                passed += 1
                if opts.verbose:
                    print("ok   %s (%d values)" % (case["id"], compared))
            else:
                failed += 1
                fail(case, "%s\n     input %r\n     %s" % (msg, case["input"], cmd))
    for f in failures:
        print(f)
    if no_points:
        print("(%d random expressions had no point inside their domain and were not counted)" % no_points)
    print("(%.1f s)" % (time.time() - start))
    print("sympy oracle: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
