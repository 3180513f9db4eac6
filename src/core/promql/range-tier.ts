import { retentionOf, tierStepMs, type RetentionPolicy, type Tier } from '../store/tiers';
import type { Expr } from './ast';

/**
 * Minute buckets are read as one compressed block per hour, which only beats raw samples once a
 * step spans several of them: Thanos' auto-downsampling likewise wants step / 5 of resolution.
 * Hourly rows are cheaper than raw at any step of an hour or more.
 */
const STEPS_PER_BUCKET: Record<Tier, number> = { raw: 1, '1m': 5, '1h': 1 };

/**
 * The tier a range query reads, as Thanos picks a downsampling resolution: the coarsest whose
 * buckets are no longer than the step (a step never averages more than its own span; minutes
 * from a 5-minute step, see above) and fit at least twice in every range selector (so
 * `rate(x[5m])` still has two points to work with); a coarser one where the finer tier no
 * longer holds the start of the range.
 */
export function rangeTier(expr: Expr, start: number, stepMs: number, now: number, policy: RetentionPolicy): Tier {
  const shortest = shortestRange(expr);
  const fits = (tier: Tier): boolean => STEPS_PER_BUCKET[tier] * tierStepMs[tier] <= stepMs && 2 * tierStepMs[tier] <= shortest;
  const order: Tier[] = ['raw', '1m', '1h'];
  let index = fits('1h') ? 2 : fits('1m') ? 1 : 0;
  while (index < order.length - 1 && start < now - retentionOf(policy, order[index] as Tier)) index++;
  return order[index] as Tier;
}

/** The shortest range selector's range (ms), or Infinity. */
function shortestRange(expr: Expr): number {
  switch (expr.kind) {
    case 'number':
    case 'vector':
      return Number.POSITIVE_INFINITY;
    case 'matrix':
      return expr.rangeMs;
    case 'unary':
    case 'aggregate':
      return shortestRange(expr.expr);
    case 'binary':
      return Math.min(shortestRange(expr.lhs), shortestRange(expr.rhs));
    case 'call':
      return Math.min(Number.POSITIVE_INFINITY, ...expr.args.map(shortestRange));
  }
}
