// Types of the Leibniz JavaScript API (leibniz.js). The result objects are the CLI's --json
// output (README, "Native CLI").

export interface Formula {
  /** The input language: parses back to the same expression. */
  text: string;
  /** LaTeX for KaTeX. */
  latex: string;
}

export interface GradientComponent extends Formula {
  var: string;
}

/** A named subexpression of a result: `u_1 = sin(x)`. */
export interface Definition extends Formula {
  /** The name the result (and later definitions) use, e.g. "u_1". */
  name: string;
}

/** Definitions as the evaluators take them (a response's `where`; `latex` is ignored). */
export type Definitions = Array<{ name: string; text: string; latex?: string }>;

export interface StepItem {
  id: number;
  /** Rule id, e.g. "chain", "power", "product". */
  rule: string;
  /** The rule's name in the requested language, e.g. "Chain rule" or "연쇄 법칙". */
  title: string;
  /** The step's equation in LaTeX. */
  latex: string;
  /** The explanation, with math between $…$. */
  text: string;
  /** The rule in general (LaTeX), when it has one. */
  rule_latex?: string;
  /** Ids of the sub-steps (items of the same group). */
  children: number[];
}

export interface StepGroup {
  wrt: string;
  order: number;
  /** items[0] is the root. */
  items: StepItem[];
  omitted: number;
  simplify?: StepItem;
}

export interface Success {
  ok: true;
  input: Formula;
  /** The left side, when the input has one (`y = …`, `f(x) = …`). */
  lhs?: string;
  /** Free variables of the input. */
  variables: string[];
  /** The differentiation sequence (the gradient's variables with `gradient`). */
  wrt: string[];
  /** The derivative (absent with `gradient`). */
  result?: Formula;
  /** The partial derivatives (with `gradient`). */
  gradient?: GradientComponent[];
  /**
   * Named subexpressions, when the printed result would be huge but repeats large parts
   * (e.g. the derivative of sin(sin(…sin(x)…))). `result` / `gradient` then use the names,
   * and each definition may use earlier ones. Absent when nothing is named (the usual case)
   * and with `expanded: true`. Evaluate such a result with `{where}`.
   */
  where?: Definition[];
  /** E.g. "not differentiable at x = 0". */
  notes: string[];
  /** One per point of `at` (a list per point for a gradient); null where undefined. */
  values?: Array<number | null | Array<number | null>>;
  steps?: StepGroup[];
  timing_ns?: { median: number; min: number; repeat: number };
}

export interface Failure {
  ok: false;
  error: {
    kind: 'input' | 'usage' | 'limit' | 'internal';
    message: string;
    /** 0-based, in Unicode code points of the input. */
    position: number;
    length: number;
  };
  variables?: string[];
}

export type Result = Success | Failure;

export type Point = Record<string, number>;

export interface Options {
  /** Variable, or a sequence of variables (mixed partial, first to last): 'x', 'x,y', ['x', 'y']. */
  wrt?: string | string[];
  /** Repeats the last differentiation (1–100). */
  order?: number;
  /** The vector of partial derivatives by these variables. */
  gradient?: string | string[];
  /** Evaluate the result at these points (double precision). */
  at?: Point | Point[];
  /** Explain every rule application. */
  steps?: boolean;
  lang?: 'en' | 'ko';
  /** Run the pipeline this many times and report timing_ns. */
  repeat?: number;
  /** Print the fully expanded result, never naming subexpressions (no `where`; may hit the size limit). */
  expanded?: boolean;
}

export interface EvaluateOptions {
  /** Named subexpressions the input uses (a response's `where`), substituted before evaluating. */
  where?: Definitions;
}

export interface GridOptions extends EvaluateOptions {
  /** Values of the other variables. */
  at?: Point;
}

export interface GridResult {
  ok: boolean;
  variables?: string[];
  /** One per value, NaN where undefined. */
  values?: Float64Array;
  error?: Failure['error'];
}

export interface EvaluateResult {
  ok: boolean;
  input?: Formula;
  variables?: string[];
  values?: Array<number | null>;
  error?: Failure['error'];
}

export interface Leibniz {
  differentiate(input: string, options?: Options): Result;
  evaluate(input: string, at?: Point | Point[], options?: EvaluateOptions): EvaluateResult;
  evaluateGrid(input: string, variable: string, values: ArrayLike<number>, options?: GridOptions): GridResult;
}

/** Loads the wasm module once; the functions it resolves to are synchronous. */
export function load(): Promise<Leibniz>;
export function differentiate(input: string, options?: Options): Promise<Result>;
export function evaluate(input: string, at?: Point | Point[], options?: EvaluateOptions): Promise<EvaluateResult>;
/** Values of `input` along `variable` (plot samples in one call). */
export function evaluateGrid(input: string, variable: string, values: ArrayLike<number>, options?: GridOptions): Promise<GridResult>;
