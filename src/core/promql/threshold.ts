import type { RuleThreshold } from '../../shared/types/explore';
import { isComparison, type ComparisonOp, type Expr } from './ast';
import { parsePromql } from './parse-promql';

/** `a > b` read from b's side: `80 < cpu` graphs cpu against 80 with `>`. */
const mirrored: Record<ComparisonOp, ComparisonOp> = { '==': '==', '!=': '!=', '>': '<', '<': '>', '>=': '<=', '<=': '>=' };

/**
 * What to graph for a rule: the side of its top-level comparison that is not a constant, and the
 * constant as the threshold. `probe_success == 0` graphs probe_success with a line at 0;
 * `sum(rate(x[5m])) > 10` graphs the sum with a line at 10. An expression without such a
 * comparison (`absent(up)`, `a > b`) is graphed as it is, without a line. Null when it does not parse.
 */
export function thresholdOf(text: string): RuleThreshold | null {
  let expr: Expr;
  try {
    expr = parsePromql(text).expr;
  } catch {
    return null;
  }
  if (expr.kind === 'binary' && isComparison(expr.op) && !expr.bool) {
    const op = expr.op;
    const right = constantOf(expr.rhs);
    if (right !== null && constantOf(expr.lhs) === null) return { query: text.slice(expr.lhs.from, expr.lhs.to), value: right, op };
    const left = constantOf(expr.lhs);
    if (left !== null && constantOf(expr.rhs) === null) return { query: text.slice(expr.rhs.from, expr.rhs.to), value: left, op: mirrored[op] };
  }
  return { query: text, value: null, op: null };
}

function constantOf(expr: Expr): number | null {
  if (expr.kind === 'number') return expr.value;
  if (expr.kind === 'unary') {
    const inner = constantOf(expr.expr);
    return inner === null ? null : expr.op === '-' ? -inner : inner;
  }
  return null;
}
