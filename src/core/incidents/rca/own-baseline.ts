import { MATERIAL_SHARE, materiality } from './series-role';
import { SortedWindow } from './sorted-window';
import {
  DEVIATION_THRESHOLD,
  MIN_BASELINE_SAMPLES,
  robustDeviation,
  robustScale,
  robustScaleOfSorted,
  type Deviation,
  type RobustScale,
  type Samples,
} from './robust-deviation';

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
/** The level a process settled at: the samples just after its start-up stretch (at least MIN_SETTLED_SAMPLES of them). */
const SETTLED_SAMPLES = 5;
const MIN_SETTLED_SAMPLES = 3;

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
  const steady = withoutStartUp(run, metric, readStart);
  const split = ownChangePoint(steady, metric, onset - CHANGE_SEARCH_MS);
  if (split === null) return fallback(steady);
  return robustDeviation(slice(steady, 0, split), slice(steady, split, steady.values.length), { openedAt: onset, metric });
}

/**
 * Drops a process's start-up when the series began after `readStart` (it was not running before):
 * the samples of its first START_UP_MS that lie off the level it settled at (the SETTLED_SAMPLES
 * after that stretch), up to the last such one. A process steady from its first sample keeps
 * them: on a young process (seconds of history at a sample every few seconds) they are most of
 * its baseline, and without them a CPU hog starting 15 s after its start had none and went unseen.
 */
export function withoutStartUp(run: Samples, metric: string, readStart: number, startUpMs = START_UP_MS): Samples {
  const first = run.ts[0];
  if (first === undefined || first <= readStart + 1_000) return run;
  let settledFrom = 0;
  while (settledFrom < run.ts.length && (run.ts[settledFrom] as number) < first + startUpMs) settledFrom++;
  const settled = run.values.slice(settledFrom, settledFrom + SETTLED_SAMPLES);
  // Nothing (or too little) after the start-up yet to tell its level by: all of it is left out.
  if (settled.length < MIN_SETTLED_SAMPLES) return slice(run, settledFrom, run.ts.length);
  const level = robustScale(settled);
  let from = 0;
  for (let i = 0; i < settledFrom; i++) if (beyond(metric, run.values[i] as number, level)) from = i + 1;
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
    const before = window?.endingAt(i);
    const level = before === undefined ? robustScale(run.values.slice(Math.max(0, i - BASELINE_SAMPLES), i)) : robustScaleOfSorted(before);
    if (beyond(metric, run.values[i] as number, level) && beyond(metric, run.values[i + 1] as number, level)) return i;
  }
  return null;
}

/** Beyond DEVIATION_THRESHOLD spreads of `level`, and by a material amount: a wobble of a tight baseline (2 % → 2.5 % CPU) is no change. */
function beyond(metric: string, value: number, level: RobustScale): boolean {
  return (
    Math.abs(value - level.median) / level.spread > DEVIATION_THRESHOLD && materiality(metric, { peak: value, baselineMedian: level.median }) >= MATERIAL_SHARE
  );
}

function slice(run: Samples, from: number, to: number): Samples {
  return { ts: run.ts.slice(from, to), values: run.values.slice(from, to) };
}
