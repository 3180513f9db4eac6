import type { LabelMatcher } from '../store/labels';

/**
 * The PromQL subset Zervigo evaluates, as a typed tree. Positions (`from`, `to`) are offsets
 * into the expression text, so an error found after parsing still points at its source.
 */
export type ValueType = 'scalar' | 'vector' | 'matrix';

interface Span {
  from: number;
  to: number;
}

export interface NumberLiteral extends Span {
  kind: 'number';
  value: number;
}

export interface VectorSelector extends Span {
  kind: 'vector';
  /** The metric name when the selector names one (`up`, or `{__name__="up"}`), else null. */
  name: string | null;
  /** Every matcher except the one that gave `name`. */
  matchers: LabelMatcher[];
  /** All matchers as written, `__name__` included: what absent() derives its labels from. */
  written: LabelMatcher[];
  offsetMs: number;
}

export interface MatrixSelector extends Span {
  kind: 'matrix';
  selector: VectorSelector;
  rangeMs: number;
}

export interface UnaryExpr extends Span {
  kind: 'unary';
  op: '-' | '+';
  expr: Expr;
}

export const arithmeticOps = ['+', '-', '*', '/', '%', '^'] as const;
export const comparisonOps = ['==', '!=', '>', '<', '>=', '<='] as const;
export const setOps = ['and', 'or', 'unless'] as const;
export type ArithmeticOp = (typeof arithmeticOps)[number];
export type ComparisonOp = (typeof comparisonOps)[number];
export type SetOp = (typeof setOps)[number];
export type BinaryOp = ArithmeticOp | ComparisonOp | SetOp;

/** `on(a, b)` or `ignoring(a, b)`; absent means "all labels but the name". */
export interface VectorMatching {
  on: boolean;
  labels: string[];
}

export interface BinaryExpr extends Span {
  kind: 'binary';
  op: BinaryOp;
  bool: boolean;
  matching: VectorMatching | null;
  lhs: Expr;
  rhs: Expr;
}

export const aggregateOps = ['sum', 'avg', 'min', 'max', 'count'] as const;
export type AggregateOp = (typeof aggregateOps)[number];

export interface AggregateExpr extends Span {
  kind: 'aggregate';
  op: AggregateOp;
  /** `by (...)` keeps only these labels; `without (...)` drops them; neither is `by ()`. */
  grouping: { without: boolean; labels: string[] };
  expr: Expr;
}

export interface FunctionCall extends Span {
  kind: 'call';
  name: string;
  args: Expr[];
}

export type Expr = NumberLiteral | VectorSelector | MatrixSelector | UnaryExpr | BinaryExpr | AggregateExpr | FunctionCall;

export function isComparison(op: BinaryOp): op is ComparisonOp {
  return (comparisonOps as readonly string[]).includes(op);
}

export function isSetOp(op: BinaryOp): op is SetOp {
  return (setOps as readonly string[]).includes(op);
}

/** Every selector of an expression, for finding the series a rule reads. */
export function selectorsOf(expr: Expr): VectorSelector[] {
  switch (expr.kind) {
    case 'number':
      return [];
    case 'vector':
      return [expr];
    case 'matrix':
      return [expr.selector];
    case 'unary':
      return selectorsOf(expr.expr);
    case 'binary':
      return [...selectorsOf(expr.lhs), ...selectorsOf(expr.rhs)];
    case 'aggregate':
      return selectorsOf(expr.expr);
    case 'call':
      return expr.args.flatMap(selectorsOf);
  }
}

/** How far back (ms) an expression reads from its evaluation time: ranges, offsets, the lookback. */
export function lookbehindOf(expr: Expr, lookbackMs: number): number {
  switch (expr.kind) {
    case 'number':
      return 0;
    case 'vector':
      return lookbackMs + Math.max(0, expr.offsetMs);
    case 'matrix':
      return expr.rangeMs + Math.max(0, expr.selector.offsetMs);
    case 'unary':
      return lookbehindOf(expr.expr, lookbackMs);
    case 'binary':
      return Math.max(lookbehindOf(expr.lhs, lookbackMs), lookbehindOf(expr.rhs, lookbackMs));
    case 'aggregate':
      return lookbehindOf(expr.expr, lookbackMs);
    case 'call':
      return Math.max(0, ...expr.args.map((arg) => lookbehindOf(arg, lookbackMs)));
  }
}
