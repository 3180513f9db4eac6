import type { ForecastInsight } from '../../../shared/types/insights';

/**
 * What a chart draws ahead of now for a forecast: the expected path to the threshold and, around
 * it, the band between the fast and the slow end of the forecast's 80 % interval. Each path runs
 * in a straight line from the level at the forecast's moment to the threshold at its crossing time
 * (the forecast is "time until threshold at the current rate"), and on at the same slope to the
 * chart's end. A slow end that never reaches the threshold (an open interval) stays at the level.
 */
export interface ForecastBand {
  /** Times (ms) of the points: the forecast's moment, the three crossings that fall inside, the end. */
  ts: number[];
  expected: number[];
  /** The edge nearer the threshold (the fast end) and the farther one: the band lies between them. */
  near: number[];
  far: number[];
}

/** How far ahead a forecast chart looks: past the slow crossing, but never more than 30 days. */
export function forecastHorizonMs(forecast: ForecastInsight): number {
  const slow = forecast.interval?.[1] ?? null;
  const seconds = slow === null ? forecast.secondsUntil * 1.5 : Math.max(slow, forecast.secondsUntil) * 1.1;
  return Math.min(30 * 86_400_000, Math.max(60_000, seconds * 1000));
}

/** The band of a forecast still heading for its threshold, up to `end`; null for one already crossed or without a level. */
export function forecastBand(forecast: ForecastInsight, end: number): ForecastBand | null {
  const level = forecast.level;
  if (forecast.status === 'crossed' || level === null || !(forecast.secondsUntil > 0) || end <= forecast.at) return null;
  const rise = forecast.threshold - level;
  // Value per millisecond for a crossing `seconds` from now; an open end (null) is flat.
  const slope = (seconds: number | null): number => (seconds === null || !(seconds > 0) ? 0 : rise / (seconds * 1000));
  const fast = slope(forecast.interval?.[0] ?? forecast.secondsUntil);
  const expectedSlope = slope(forecast.secondsUntil);
  const slow = forecast.interval === null ? expectedSlope : slope(forecast.interval[1]);
  const crossings = [forecast.interval?.[0], forecast.secondsUntil, forecast.interval?.[1]]
    .filter((seconds): seconds is number => typeof seconds === 'number' && seconds > 0)
    .map((seconds) => forecast.at + seconds * 1000)
    .filter((ts) => ts < end);
  const ts = [...new Set([forecast.at, ...crossings, end])].sort((a, b) => a - b);
  const at = (perMs: number): number[] => ts.map((t) => level + perMs * (t - forecast.at));
  return { ts, expected: at(expectedSlope), near: at(fast), far: at(slow) };
}
