import { kendallTau, quantile, sortedQuantile } from '../../analysis/advice/robust-stats';
import { MATERIAL_SHARE, materiality } from './series-role';

/**
 * BARO's robust score: how far a series moved from its own baseline, in units of the baseline's
 * spread (|x - median| / IQR), the baseline fitted on samples before the incident's onset. One
 * odd sample does not count (the second-largest deviation is taken), and a flat baseline (IQR 0,
 * a 0/1 probe) is given a spread of a twentieth of its level so a step still reads as large. A
 * series already drifting steadily through its baseline scores less (it did not start now).
 * A departure that was over, the series back at its baseline, when the incident opened is not
 * part of it (a probe slowed for a few seconds by a busy machine before the fault).
 */
export interface Samples {
  ts: readonly number[];
  values: readonly number[];
}

export interface Deviation {
  /** Scaled deviation (0 when the series did not move). */
  score: number;
  baselineMedian: number;
  /** The value furthest from the baseline, and when. */
  peak: number;
  peakAt: number;
  /** The first time the series went away from its baseline (and stayed for the next sample), null if never. */
  onset: number | null;
  /**
   * How long before `onset` the move may have begun unseen: the gap since the series' previous
   * sample, at least its usual sampling interval (a memory sampled every 2 s shows a rise up to
   * 2 s late). Absent when the samples do not tell (no onset, or fewer than two samples).
   */
  onsetGapMs?: number;
  /** The first sample away from the baseline, lasting or not (absent when none was): when a series that never stayed away first moved. */
  firstAwayAt?: number;
}

/** Fewer baseline samples than this say nothing about what is normal. */
export const MIN_BASELINE_SAMPLES = 5;
/** A deviation above this many spreads is a move, below it noise (BARO ranks, we also gate). */
export const DEVIATION_THRESHOLD = 3;

/** A baseline's level and spread: median and IQR, the spread never under 5 % of the level (a flat 0/1 probe still has one). */
export interface RobustScale {
  median: number;
  spread: number;
}

export function robustScale(baseline: readonly number[]): RobustScale {
  return robustScaleOfSorted([...baseline].sort((a, b) => a - b));
}

/** robustScale() of values already in ascending order (a window kept sorted need not be sorted again). */
export function robustScaleOfSorted(sorted: readonly number[]): RobustScale {
  const median = sortedQuantile(sorted, 0.5);
  const iqr = sortedQuantile(sorted, 0.75) - sortedQuantile(sorted, 0.25);
  return { median, spread: Math.max(iqr, Math.abs(median) * 0.05, 1e-6) };
}

/** Consecutive samples back at the baseline that make a departure over (as two away from it make one begin). */
export const RECOVERED_SAMPLES = 2;

export interface DeviationContext {
  /**
   * When the incident opened. Window samples before it count only from the series' last return
   * to its baseline before it (RECOVERED_SAMPLES back, up to the incident's opening): an earlier
   * blip that recovered is neither its onset nor its size.
   */
  openedAt?: number;
  /**
   * The series' metric: a sample is away from the baseline only when it is also a material move
   * in the metric's own unit (series-role), so a probe's millisecond wobble on a busy machine
   * neither begins a departure nor keeps one from being over.
   */
  metric?: string;
}

export function robustDeviation(baseline: Samples, allWindow: Samples, context: DeviationContext = {}): Deviation | null {
  if (baseline.values.length < MIN_BASELINE_SAMPLES || allWindow.values.length === 0) return null;
  const { median, spread } = robustScale(baseline.values);
  const metric = context.metric;
  const away = (value: number): boolean =>
    Math.abs(value - median) / spread > DEVIATION_THRESHOLD &&
    (metric === undefined || materiality(metric, { peak: value, baselineMedian: median }) >= MATERIAL_SHARE);
  const window = sinceLastRecovery(allWindow, away, context.openedAt);
  const deviations = window.values.map((value) => Math.abs(value - median) / spread);
  let peakIndex = 0;
  for (let i = 1; i < deviations.length; i++) if ((deviations[i] as number) > (deviations[peakIndex] as number)) peakIndex = i;
  const sorted = [...deviations].sort((a, b) => b - a);
  // A drift already under way in the baseline (a slow leak, an unrelated alert building up) did
  // not begin with this incident: its score shrinks by how steadily the baseline itself moved —
  // unless the window went far past where that drift leads (a young process's heap creeping by
  // a few MB, then a leak of hundreds: the creep is steady, the leak is not its continuation).
  const drift = Math.abs(kendallTau(baseline.values));
  const continuesDrift = drift > 0.5 && !pastTrend(baseline, window.values[peakIndex] as number, window.ts[peakIndex] as number, spread);
  const score = (sorted.length >= 3 ? (sorted[1] as number) : (sorted.at(-1) as number)) * (continuesDrift ? 1 - drift : 1);
  let onset: number | null = null;
  for (let i = 0; i < window.values.length; i++) {
    const next = window.values[i + 1];
    if (away(window.values[i] as number) && (next === undefined || away(next))) {
      onset = window.ts[i] as number;
      break;
    }
  }
  const deviation: Deviation = { score, baselineMedian: median, peak: window.values[peakIndex] as number, peakAt: window.ts[peakIndex] as number, onset };
  const gap = onset === null ? null : gapBefore([...baseline.ts, ...allWindow.ts], onset);
  if (gap !== null) deviation.onsetGapMs = gap;
  const firstAway = window.values.findIndex((value) => away(value));
  if (firstAway >= 0) deviation.firstAwayAt = window.ts[firstAway];
  return deviation;
}

/** The gap from the sample before `at` to it, at least the median gap between samples; null with fewer than two samples. */
function gapBefore(ts: readonly number[], at: number): number | null {
  if (ts.length < 2) return null;
  const gaps: number[] = [];
  for (let i = 1; i < ts.length; i++) gaps.push((ts[i] as number) - (ts[i - 1] as number));
  const index = ts.indexOf(at);
  const own = index > 0 ? (ts[index] as number) - (ts[index - 1] as number) : 0;
  return Math.max(own, quantile(gaps, 0.5));
}

/**
 * Whether `value` at `at` went more than DEVIATION_THRESHOLD spreads further, in the trend's own
 * direction, than the baseline's trend leads: the level of its later half, moved on at the rate
 * from its earlier half's median to its later half's (medians: one odd sample does not set the
 * rate). Short of it (a leak that stopped at its cap), or the other way, the drift explains it.
 */
function pastTrend(baseline: Samples, value: number, at: number, spread: number): boolean {
  const half = Math.floor(baseline.values.length / 2);
  const median = (values: readonly number[]): number => quantile(values, 0.5);
  const earlyLevel = median(baseline.values.slice(0, half));
  const lateLevel = median(baseline.values.slice(half));
  const earlyAt = median(baseline.ts.slice(0, half));
  const lateAt = median(baseline.ts.slice(half));
  const rate = lateAt > earlyAt ? (lateLevel - earlyLevel) / (lateAt - earlyAt) : 0;
  const expected = lateLevel + rate * (at - lateAt);
  return (value - expected) * Math.sign(rate) > DEVIATION_THRESHOLD * spread;
}

/**
 * The window from the start of the last run of at least RECOVERED_SAMPLES samples back at the
 * baseline that lasts up to `openedAt` (the series back at its baseline as the incident opened);
 * the whole window when there is none (it was still away, or nothing came before `openedAt`).
 */
function sinceLastRecovery(window: Samples, away: (value: number) => boolean, openedAt: number | undefined): Samples {
  if (openedAt === undefined) return window;
  let end = 0;
  while (end < window.ts.length && (window.ts[end] as number) < openedAt) end++;
  let from = end;
  while (from > 0 && !away(window.values[from - 1] as number)) from--;
  // Nothing away before the quiet run, or the run too short to say the series recovered: kept as it is.
  if (from === 0 || end - from < RECOVERED_SAMPLES) return window;
  return { ts: window.ts.slice(from), values: window.values.slice(from) };
}

/** A deviation as 0..1: 3 spreads is about a quarter, 10 two thirds, 30 nearly certain. */
export function deviationStrength(score: number): number {
  return score <= DEVIATION_THRESHOLD ? 0 : 1 - Math.exp(-(score - DEVIATION_THRESHOLD) / 8);
}

/** A counter as its increase per sample (resets count from zero), so a burst shows as a step. */
export function counterIncreases(samples: Samples): Samples {
  const ts: number[] = [];
  const values: number[] = [];
  for (let i = 1; i < samples.values.length; i++) {
    const previous = samples.values[i - 1] as number;
    const current = samples.values[i] as number;
    ts.push(samples.ts[i] as number);
    values.push(current >= previous ? current - previous : current);
  }
  return { ts, values };
}
