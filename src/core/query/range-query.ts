import { ZervigoError } from '../../shared/errors';
import type { ChartData, MatrixResult } from '../../shared/types/monitoring';
import type { SeriesInfo } from '../store/series-index';
import type { SeriesStore } from '../store/series-store';
import { parseSelector } from '../promql/selector';

/** Prometheus' limits: at most this many points per series, and we cap the series too. */
export const MAX_POINTS_PER_SERIES = 11_000;
export const MAX_SERIES = 1_000;
const HOUR_MS = 3_600_000;

export interface RangeParams {
  start?: number;
  end?: number;
  stepMs?: number;
}

/**
 * `query_range` for selectors: every matching series, one value per step from `start`. A value
 * is the average of the samples in [t, t + step), read from the coarsest rollup tier fine
 * enough for the step (raw, 1m, 1h), so a 30-day range never reads raw samples. Steps without
 * samples are left out (gaps), as Prometheus leaves out steps without a value.
 */
export function queryRange(store: SeriesStore, query: string, params: RangeParams, now: number): MatrixResult {
  const { start, stepMs, points } = rangeOf(params, now);
  const result = selectSeries(store, query).map((series) => {
    // end chosen so the reader's buckets are exactly `step` wide and start at `start`.
    const data = store.reader.readDownsampled(series.id, start, start + points * stepMs - 1, points, now);
    return {
      metric: { __name__: series.name, ...series.labels },
      values: data.ts.map((ts, i): [number, string] => [ts / 1000, formatValue(data.avg[i] as number)]),
    };
  });
  return { resultType: 'matrix', result: result.filter((series) => series.values.length > 0) };
}

/** The range a query_range covers, with Prometheus' defaults: the last hour, about 1,000 steps. */
export function rangeOf(params: RangeParams, now: number): { start: number; end: number; stepMs: number; points: number } {
  const end = params.end ?? now;
  const start = params.start ?? end - HOUR_MS;
  if (end < start) throw new ZervigoError('invalid_input', 'end is before start');
  const stepMs = params.stepMs ?? Math.max(1_000, Math.ceil((end - start) / 1_000 / 1_000) * 1_000);
  const points = Math.floor((end - start) / stepMs) + 1;
  if (points > MAX_POINTS_PER_SERIES) {
    const smallest = Math.ceil((end - start) / (MAX_POINTS_PER_SERIES - 1) / 1_000);
    throw new ZervigoError(
      'invalid_input',
      `that is ${points.toLocaleString('en-US')} points per series, over the limit of 11,000; use a larger step (at least ${smallest}s)`,
    );
  }
  return { start, end, stepMs, points };
}

/** Matching series downsampled to at most `maxPoints` buckets each, with avg, min and max. */
export function chartRange(store: SeriesStore, query: string, start: number, end: number, maxPoints: number, now: number): ChartData {
  if (end <= start) throw new ZervigoError('invalid_input', 'end must be after start');
  const series = selectSeries(store, query);
  let stepMs = Math.ceil((end - start) / maxPoints);
  let tier: ChartData['tier'] = 'raw';
  const out = series.map((info) => {
    const data = store.reader.readDownsampled(info.id, start, end, maxPoints, now);
    stepMs = data.stepMs;
    tier = data.tier;
    return { labels: { __name__: info.name, ...info.labels }, ts: data.ts, avg: data.avg, min: data.min, max: data.max };
  });
  return { start, end, stepMs, tier, series: out };
}

export function selectSeries(store: SeriesStore, query: string): SeriesInfo[] {
  const selector = parseSelector(query);
  const series = store.index.select(selector.name, selector.matchers);
  if (series.length > MAX_SERIES) {
    throw new ZervigoError('invalid_input', `${query} matches ${series.length} series, over the limit of ${MAX_SERIES}; add label matchers to narrow it`);
  }
  return series;
}

/** As Prometheus writes sample values: shortest round-trip decimal, NaN, +Inf, -Inf. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}
