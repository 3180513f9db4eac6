import type { Labels } from '../store/labels';
import { isComparison, type ArithmeticOp, type BinaryExpr, type BinaryOp, type ComparisonOp, type SetOp } from './ast';
import { EvaluationError } from './evaluation-error';
import { dropMetricName, matchingKey, METRIC_NAME, type Sample } from './values';

/** Go's math.Pow where it differs from JavaScript's **: 1 to any power, and (-1)^±Inf, are 1. */
function goPow(base: number, exponent: number): number {
  if (base === 1 || exponent === 0) return 1;
  if (base === -1 && !Number.isFinite(exponent) && !Number.isNaN(exponent)) return 1;
  return base ** exponent;
}

/** One operator on two numbers: the value, and for comparisons whether the pair is kept. */
export function applyOp(op: ArithmeticOp | ComparisonOp, lhs: number, rhs: number): [number, boolean] {
  switch (op) {
    case '+':
      return [lhs + rhs, true];
    case '-':
      return [lhs - rhs, true];
    case '*':
      return [lhs * rhs, true];
    case '/':
      return [lhs / rhs, true];
    case '%':
      return [lhs % rhs, true];
    case '^':
      return [goPow(lhs, rhs), true];
    case '==':
      return [lhs, lhs === rhs];
    case '!=':
      return [lhs, lhs !== rhs];
    case '>':
      return [lhs, lhs > rhs];
    case '<':
      return [lhs, lhs < rhs];
    case '>=':
      return [lhs, lhs >= rhs];
    case '<=':
      return [lhs, lhs <= rhs];
  }
}

const dropsName = (op: BinaryOp): boolean => !isComparison(op);

export function scalarBinary(expr: BinaryExpr, lhs: number, rhs: number): number {
  const [value, keep] = applyOp(expr.op as ArithmeticOp | ComparisonOp, lhs, rhs);
  return isComparison(expr.op) ? (keep ? 1 : 0) : value;
}

/** A vector against a scalar; `scalarOnLeft` when written `2 * x`. */
export function vectorScalarBinary(expr: BinaryExpr, vector: readonly Sample[], scalar: number, scalarOnLeft: boolean): Sample[] {
  const out: Sample[] = [];
  const op = expr.op as ArithmeticOp | ComparisonOp;
  for (const sample of vector) {
    const [lv, rv] = scalarOnLeft ? [scalar, sample.value] : [sample.value, scalar];
    let [value, keep] = applyOp(op, lv, rv);
    // A comparison keeps the vector's value, whichever side it is on.
    if (isComparison(op) && scalarOnLeft) value = rv;
    if (expr.bool) {
      value = keep ? 1 : 0;
      keep = true;
    }
    if (!keep) continue;
    out.push({ labels: dropsName(op) || expr.bool ? dropMetricName(sample.labels) : sample.labels, value });
  }
  return out;
}

/** Two vectors joined one-to-one on their labels (or the on/ignoring subset of them). */
export function vectorBinary(expr: BinaryExpr, lhs: readonly Sample[], rhs: readonly Sample[]): Sample[] {
  if (expr.op === 'and' || expr.op === 'or' || expr.op === 'unless') return setOperation(expr.op, expr, lhs, rhs);
  const on = expr.matching?.on ?? false;
  const names = expr.matching?.labels ?? [];
  const right = new Map<string, Sample>();
  for (const sample of rhs) {
    const key = matchingKey(sample.labels, on, names);
    if (right.has(key)) {
      throw new EvaluationError(
        `found duplicate series for the match group on the right-hand side of "${expr.op}": many-to-many matching is not allowed; make the labels unique with on(...)/ignoring(...) or aggregate first`,
      );
    }
    right.set(key, sample);
  }
  const matched = new Set<string>();
  const out: Sample[] = [];
  const op = expr.op;
  for (const left of lhs) {
    const key = matchingKey(left.labels, on, names);
    const match = right.get(key);
    if (match === undefined) continue;
    let [value, keep] = applyOp(op, left.value, match.value);
    if (expr.bool) {
      value = keep ? 1 : 0;
      keep = true;
    }
    if (!keep) continue;
    if (matched.has(key)) {
      throw new EvaluationError(
        `several series on the left of "${expr.op}" match one on the right: many-to-one matching (group_left) is not supported; aggregate the left side or match on more labels`,
      );
    }
    matched.add(key);
    out.push({ labels: resultLabels(left.labels, op, expr), value });
  }
  return out;
}

function resultLabels(labels: Labels, op: BinaryOp, expr: BinaryExpr): Labels {
  let out: Record<string, string> = { ...labels };
  if (dropsName(op) || expr.bool) delete out[METRIC_NAME];
  if (expr.matching !== null) {
    if (expr.matching.on) {
      const kept: Record<string, string> = {};
      for (const name of expr.matching.labels) if (name in out) kept[name] = out[name] as string;
      out = kept;
    } else {
      for (const name of expr.matching.labels) delete out[name];
    }
  }
  return out;
}

function setOperation(op: SetOp, expr: BinaryExpr, lhs: readonly Sample[], rhs: readonly Sample[]): Sample[] {
  const on = expr.matching?.on ?? false;
  const names = expr.matching?.labels ?? [];
  const keyOf = (sample: Sample): string => matchingKey(sample.labels, on, names);
  switch (op) {
    case 'and': {
      if (lhs.length === 0 || rhs.length === 0) return [];
      const right = new Set(rhs.map(keyOf));
      return lhs.filter((sample) => right.has(keyOf(sample)));
    }
    case 'or': {
      const left = new Set(lhs.map(keyOf));
      return [...lhs, ...rhs.filter((sample) => !left.has(keyOf(sample)))];
    }
    case 'unless': {
      const right = new Set(rhs.map(keyOf));
      return lhs.filter((sample) => !right.has(keyOf(sample)));
    }
  }
}
