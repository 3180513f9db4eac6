import type { MatrixResult } from '../../shared/types/monitoring';
import { parsePromql, PromqlError } from '../promql/parse-promql';
import { DEFAULT_LOOKBACK_MS } from '../promql/evaluator';
import { evaluateRange } from '../promql/query';
import type { SeriesStore } from '../store/series-store';
import { queryRange, rangeOf, type RangeParams } from './range-query';

/**
 * metrics.query. A bare selector is read from the coarsest rollup tier fine enough for the step
 * (each value the average of its step), so a 30-day chart never reads raw samples; any other
 * expression (`rate(...)`, `sum by (service) (...)`) is evaluated as Prometheus evaluates it,
 * over the samples the store keeps raw.
 */
export function queryMetrics(store: SeriesStore, query: string, params: RangeParams, now: number): MatrixResult {
  if (isBareSelector(query)) return queryRange(store, query, params, now);
  const { start, end, stepMs } = rangeOf(params, now);
  return evaluateRange(store, query, start, end, stepMs, DEFAULT_LOOKBACK_MS, now);
}

function isBareSelector(query: string): boolean {
  try {
    const { expr } = parsePromql(query);
    return expr.kind === 'vector' && expr.offsetMs === 0;
  } catch (error) {
    // A selector's own error messages are the clearer ones for input that is not PromQL at all.
    if (error instanceof PromqlError) return true;
    throw error;
  }
}
