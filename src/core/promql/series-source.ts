import type { Labels, LabelMatcher } from '../store/labels';
import type { SampleRun } from '../store/head';
import type { SeriesIndex } from '../store/series-index';
import { METRIC_NAME, type RollupColumns } from './values';

/** A run read from a rollup tier: one point per bucket, with the bucket's aggregates. */
export interface RollupRun extends SampleRun {
  rollup?: RollupColumns;
}

export interface SelectedSeries {
  id: number;
  /** The series' labels with its name as `__name__`. */
  labels: Labels;
}

/**
 * Where the evaluator reads series from. Runs are sorted by time and include both ends;
 * the evaluator never writes.
 */
export interface SeriesSource {
  select(name: string | null, matchers: readonly LabelMatcher[]): SelectedSeries[];
  range(seriesId: number, start: number, end: number): RollupRun;
  /** The value of the newest sample in [start, end], or undefined. */
  latest(seriesId: number, start: number, end: number): number | undefined;
}

/** Selected series with their name as `__name__`, memoised by selector in `cache`. */
export function selectSeries(
  index: SeriesIndex,
  cache: Map<string, SelectedSeries[]>,
  name: string | null,
  matchers: readonly LabelMatcher[],
): SelectedSeries[] {
  const key = `${name ?? ''}\u0000${matchers.map((matcher) => `${matcher.name}${matcher.type}${matcher.value}`).join('\u0001')}`;
  let selected = cache.get(key);
  if (selected === undefined) {
    selected = index.select(name, matchers).map((series) => ({ id: series.id, labels: { ...series.labels, [METRIC_NAME]: series.name } }));
    cache.set(key, selected);
  }
  return selected;
}

/** Binary search over a sorted run: the first index whose time is > t, or >= t when `inclusive`. */
function bound(ts: readonly number[], t: number, inclusive: boolean): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const time = ts[mid] as number;
    if (time < t || (!inclusive && time === t)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index whose time is >= t. */
export const lowerBound = (ts: readonly number[], t: number): number => bound(ts, t, true);

/** The first index whose time is > t. */
export const upperBound = (ts: readonly number[], t: number): number => bound(ts, t, false);

export function sliceRun<Run extends RollupRun>(run: Run, start: number, end: number): Run {
  const from = lowerBound(run.ts, start);
  const to = upperBound(run.ts, end);
  if (from === 0 && to === run.ts.length) return run;
  const sliced: RollupRun = { ts: run.ts.slice(from, to), values: run.values.slice(from, to) };
  if (run.rollup !== undefined) {
    const { min, max, sum, count } = run.rollup;
    sliced.rollup = { min: min.slice(from, to), max: max.slice(from, to), sum: sum.slice(from, to), count: count.slice(from, to) };
  }
  return sliced as Run;
}

export function latestIn(run: SampleRun, start: number, end: number): number | undefined {
  const to = upperBound(run.ts, end);
  if (to === 0) return undefined;
  return (run.ts[to - 1] as number) >= start ? run.values[to - 1] : undefined;
}
