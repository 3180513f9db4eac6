import { median } from './robust-polynomial';

/**
 * Whether a daily or weekly season is present, measured rather than assumed: a classical
 * decomposition of the step means (trend by a centred moving average one season long, season by
 * the median of each phase, remainder the rest) and the strength of seasonality of Wang, Smith &
 * Hyndman (2006): 1 − var(remainder) / var(season + remainder). Steps whose remainder is far
 * outside the others' (6 robust scales) are anomalies, not season, and are left out of both
 * variances so that one incident does not decide it; a sharp daily peak stays in. Phase medians of pure noise over k cycles already explain about
 * π/(2k) of the variance, so the bar rises when few cycles have been seen: at least 3 cycles,
 * and a strength above 0.3 + π/(2k).
 */
export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;
const MIN_CYCLES = 3;
const MAX_SLOTS = 168;
const MIN_SLOTS = 6;
/** Remainder scales compared: a season must leave under 0.85 of the other's to replace it. */
const CLEARLY_LESS = 0.85;

export interface SeasonFound {
  periodMs: number;
  /** Steps per season. */
  slots: number;
  strength: number;
  /** Phase profile (mean 0), indexed by absolute step index mod slots. */
  profile: number[];
  /** The trend (centred moving average) at the newest step it reaches, and its slope per step. */
  level: number;
  slope: number;
  /** Scale (σ) of the remainder. */
  scale: number;
}

export type SeasonAnswer = { season: SeasonFound; alternatives: SeasonFound[] } | { none: string; strength?: number };

/** @param current the period in use: kept while it is still found and within 0.1 of the best (no flapping) */
export function detectSeason(values: readonly number[], firstIndex: number, stepMs: number, current?: number): SeasonAnswer {
  let best: SeasonFound | undefined;
  const found: SeasonFound[] = [];
  let bestReason = `no daily or weekly season: fewer than ${MIN_CYCLES} days of history`;
  let bestStrength: number | undefined;
  for (const periodMs of [DAY_MS, WEEK_MS]) {
    if (periodMs % stepMs !== 0) continue;
    const slots = periodMs / stepMs;
    if (slots > MAX_SLOTS || slots < MIN_SLOTS) continue;
    const present = values.filter((v) => !Number.isNaN(v)).length;
    const cycles = present / slots;
    if (cycles < MIN_CYCLES) continue;
    const parts = decompose(values, firstIndex, slots);
    if (parts === undefined) continue;
    const bar = 0.3 + Math.PI / (2 * cycles);
    const name = periodMs === DAY_MS ? 'daily' : 'weekly';
    if (parts.strength < bar) {
      if (bestStrength === undefined || parts.strength > bestStrength) {
        bestStrength = parts.strength;
        bestReason = `no ${name} season: strength ${parts.strength.toFixed(2)} below ${bar.toFixed(2)} over ${cycles.toFixed(1)} cycles`;
      }
      continue;
    }
    const candidate = { periodMs, slots, ...parts };
    found.push(candidate);
    // A weekly season also holds the daily one (and a daily decomposition hides a weekly
    // pattern in its trend): the weekly one is preferred when it leaves clearly less unexplained.
    if (best === undefined || candidate.scale < CLEARLY_LESS * best.scale) best = candidate;
  }
  // The season in use stays while it is found and leaves not clearly more unexplained (no flapping).
  const kept = found.find((f) => f.periodMs === current);
  if (kept !== undefined && best !== undefined && !(best.scale < CLEARLY_LESS * kept.scale)) best = kept;
  if (best !== undefined) return { season: best, alternatives: found };
  return bestStrength === undefined ? { none: bestReason } : { none: bestReason, strength: bestStrength };
}

function decompose(values: readonly number[], firstIndex: number, slots: number): Omit<SeasonFound, 'periodMs' | 'slots'> | undefined {
  const n = values.length;
  const trend = centredAverage(values, slots);
  const byPhase: number[][] = Array.from({ length: slots }, () => []);
  const detrended: Array<{ phase: number; d: number }> = [];
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    const t = trend[i] as number;
    if (Number.isNaN(v) || Number.isNaN(t)) continue;
    const phase = mod(firstIndex + i, slots);
    (byPhase[phase] as number[]).push(v - t);
    detrended.push({ phase, d: v - t });
  }
  if (detrended.length < 2 * slots) return undefined;
  const raw = byPhase.map((list) => (list.length === 0 ? Number.NaN : median(list)));
  const known = raw.filter((x) => !Number.isNaN(x));
  if (known.length < slots / 2) return undefined;
  const centre = known.reduce((a, b) => a + b, 0) / known.length;
  // A phase never seen takes its neighbours' value (sparse samples on a fine step).
  const profile = raw.map((x, k) => (Number.isNaN(x) ? neighbour(raw, k) : x) - centre);
  const allR = detrended.map((p) => p.d - (profile[p.phase] as number));
  const cut = 6 * robustScale(allR);
  const kept = detrended.filter((_, i) => !(Math.abs(allR[i] as number) > cut));
  const d = kept.map((p) => p.d);
  const r = kept.map((p) => p.d - (profile[p.phase] as number));
  const varD = variance(d);
  const varR = variance(r);
  const strength = varD > 0 ? Math.max(0, 1 - varR / varD) : 0;
  let last = -1;
  for (let i = n - 1; i >= 0; i--) {
    if (!Number.isNaN(trend[i])) {
      last = i;
      break;
    }
  }
  let earlier = -1;
  for (let i = last - slots; i >= 0; i--) {
    if (!Number.isNaN(trend[i])) {
      earlier = i;
      break;
    }
  }
  const slope = earlier >= 0 ? ((trend[last] as number) - (trend[earlier] as number)) / (last - earlier) : 0;
  // The centred average lags half a season behind the newest step: carry it forward.
  const level = (trend[last] as number) + slope * (n - 1 - last);
  return { strength, profile, level, slope, scale: Math.sqrt(varR) };
}

/** A centred moving average one season long (2×m for even m), NaN where under half the window is known. */
function centredAverage(values: readonly number[], slots: number): number[] {
  const n = values.length;
  const out = new Array<number>(n).fill(Number.NaN);
  const half = Math.floor(slots / 2);
  const even = slots % 2 === 0;
  for (let i = half; i < n - half; i++) {
    let sum = 0;
    let weight = 0;
    for (let j = -half; j <= half; j++) {
      const v = values[i + j] as number;
      if (Number.isNaN(v)) continue;
      const w = even && Math.abs(j) === half ? 0.5 : 1;
      sum += w * v;
      weight += w;
    }
    if (weight >= slots / 2) out[i] = sum / weight;
  }
  return out;
}

function neighbour(raw: readonly number[], k: number): number {
  for (let step = 1; step < raw.length; step++) {
    const before = raw[mod(k - step, raw.length)] as number;
    const after = raw[mod(k + step, raw.length)] as number;
    if (!Number.isNaN(before) && !Number.isNaN(after)) return (before + after) / 2;
    if (!Number.isNaN(before)) return before;
    if (!Number.isNaN(after)) return after;
  }
  return 0;
}

function robustScale(values: readonly number[]): number {
  const m = median(values);
  return 1.4826 * median(values.map((v) => Math.abs(v - m)));
}

function variance(values: readonly number[]): number {
  if (values.length < 2) return 0;
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let sum = 0;
  for (const v of values) sum += (v - mean) ** 2;
  return sum / (values.length - 1);
}

export function mod(a: number, m: number): number {
  return ((a % m) + m) % m;
}
