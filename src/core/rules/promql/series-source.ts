import type { Labels, LabelMatcher } from '../../store/labels';
import type { SampleRun } from '../../store/head';

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
  range(seriesId: number, start: number, end: number): SampleRun;
  /** The value of the newest sample in [start, end], or undefined. */
  latest(seriesId: number, start: number, end: number): number | undefined;
}

/** The first index whose time is >= t (binary search over a sorted run). */
export function lowerBound(ts: readonly number[], t: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ts[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index whose time is > t. */
export function upperBound(ts: readonly number[], t: number): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ts[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function sliceRun(run: SampleRun, start: number, end: number): SampleRun {
  const from = lowerBound(run.ts, start);
  const to = upperBound(run.ts, end);
  if (from === 0 && to === run.ts.length) return run;
  return { ts: run.ts.slice(from, to), values: run.values.slice(from, to) };
}

export function latestIn(run: SampleRun, start: number, end: number): number | undefined {
  const to = upperBound(run.ts, end);
  if (to === 0) return undefined;
  return (run.ts[to - 1] as number) >= start ? run.values[to - 1] : undefined;
}
