import { sortedQuantile } from '../../analysis/advice/robust-stats';
import { materiality } from './series-role';
import { SortedWindow } from './sorted-window';
import { DEVIATION_THRESHOLD, MIN_BASELINE_SAMPLES, robustDeviation, type Deviation, type Samples } from './robust-deviation';

/**
 * Where one series' baseline ends: before its own change, not at the incident's start (BARO fits
 * the baseline before the anomaly). An incident may have opened before the fault (something
 * already slow under load) or well after it; splitting every series at that one moment leaves a
 * series either too little history or a baseline holding its own rise. And a process's first
 * seconds (loading, warming caches: CPU and memory far off their usual) are no baseline at all.
 */

/** A series that began inside the read stretch began with its process: its first seconds are start-up. */
export const START_UP_MS = 10_000;
/** The change point is looked for from this long before the incident's start (a rule's `for:`, a slow rise). */
export const CHANGE_SEARCH_MS = 120_000;
/** The baseline of each candidate split: at most this many samples before it (bounds the work per series). */
const BASELINE_SAMPLES = 120;
/** How material (series-role's materiality) a move must be to end the baseline. */
const MATERIAL_SHARE = 0.5;

/**
 * The deviation of a series read from `readStart` to now, its baseline ending at its own change
 * point at or after `onset - CHANGE_SEARCH_MS`; null when it has too little steady history.
 * `fallback` is asked when the series shows no change point of its own (it did not move: any split reads so).
 */
export function deviationBeforeOwnChange(
  run: Samples,
  metric: string,
  readStart: number,
  onset: number,
  fallback: (steady: Samples) => Deviation | null,
): Deviation | null {
  const steady = withoutStartUp(run, readStart);
  const split = ownChangePoint(steady, metric, onset - CHANGE_SEARCH_MS);
  if (split === null) return fallback(steady);
  return robustDeviation(slice(steady, 0, split), slice(steady, split, steady.values.length));
}

/** Drops a process's first START_UP_MS when the series began after `readStart` (it was not running before). */
export function withoutStartUp(run: Samples, readStart: number, startUpMs = START_UP_MS): Samples {
  const first = run.ts[0];
  if (first === undefined || first <= readStart + 1_000) return run;
  let from = 0;
  while (from < run.ts.length && (run.ts[from] as number) < first + startUpMs) from++;
  return slice(run, from, run.ts.length);
}

/**
 * The first sample, at or after `earliest`, that with the next one lies beyond DEVIATION_THRESHOLD
 * spreads of the samples before it, by a material amount; null when none does or too few samples come before.
 */
export function ownChangePoint(run: Samples, metric: string, earliest: number): number | null {
  // The baseline before each candidate, kept sorted as the walk moves on (NaN has no order: sorted afresh each time, as before).
  const window = run.values.some(Number.isNaN) ? null : new SortedWindow(run.values, BASELINE_SAMPLES);
  for (let i = MIN_BASELINE_SAMPLES; i < run.values.length - 1; i++) {
    if ((run.ts[i] as number) < earliest) continue;
    const before = window?.endingAt(i) ?? run.values.slice(Math.max(0, i - BASELINE_SAMPLES), i).sort((a, b) => a - b);
    const median = sortedQuantile(before, 0.5);
    const spread = Math.max(sortedQuantile(before, 0.75) - sortedQuantile(before, 0.25), Math.abs(median) * 0.05, 1e-6);
    // A wobble of a tight baseline (2 % → 2.5 % CPU) is no change of its own: the change must be material too.
    const beyond = (value: number): boolean =>
      Math.abs(value - median) / spread > DEVIATION_THRESHOLD && materiality(metric, { peak: value, baselineMedian: median }) >= MATERIAL_SHARE;
    if (beyond(run.values[i] as number) && beyond(run.values[i + 1] as number)) return i;
  }
  return null;
}

function slice(run: Samples, from: number, to: number): Samples {
  return { ts: run.ts.slice(from, to), values: run.values.slice(from, to) };
}
