import { median } from './robust-polynomial';

/**
 * A series filled in bursts (a batch job writing a chunk every hour, a log rotated and compressed
 * on a schedule) rises in steps: flat, a short steep climb, flat again. A line through the history
 * runs through the steps' middles, but the threshold is crossed inside a burst, so a line is off
 * by up to half a period. This follows the bursts online and, where they recur at a steady cadence,
 * projects them one by one: the crossing is placed in the burst that reaches the threshold.
 *
 * A burst is a stretch where the slope over the last few samples stands out from the noise (3
 * standard errors) and is several times the series' long-run rate; it ends when the slope falls
 * back, and counts only if it climbed more than 3 σ of one sample (else it was noise, and the quiet
 * stretch goes on: counted, noise bursts halved the measured period and gain). Each burst keeps its
 * start, its length, the quiet level before it and the level after it; the gain of one cycle is
 * measured between consecutive quiet levels (whole steps, not the climb the detector saw, which it
 * sees late). The pattern is used only where 3 or more bursts came at a steady cadence (intervals
 * within 25 % of their median) and their climbs make at least 80 % of each cycle's gain: a steady
 * fill with a few steep stretches of noise is not a staircase. Bounded state: a window of samples
 * and the last 12 bursts.
 */
export interface BurstStepsState {
  windowT: number[];
  windowY: number[];
  firstT: number;
  firstY: number;
  /** Mean absolute second difference of consecutive samples (noise scale). */
  roughness: number;
  samples: number;
  quietSum: number;
  quietCount: number;
  /** Σt and Σt·y of the quiet samples (t from the stretch's first), for how much the stretch itself rose. */
  quietSumT?: number;
  quietSumTT?: number;
  quietSumTY?: number;
  quietFirstT?: number;
  /** The burst in progress: its start, the quiet level before it; undefined while quiet. */
  current?: { start: number; before: number; quietRise: number };
  bursts: Array<{ start: number; end: number; before: number; after: number; quietRise?: number }>;
}

/** A regular burst pattern, seen from now. */
export interface BurstPattern {
  period: number; // s
  duration: number; // s
  gain: number; // per burst, signed
}

const WINDOW = 8;
const KEPT = 12;
const SIGNIFICANCE = 3;
/** A burst climbs at least this many times the long-run rate; it ends below half of it. */
const STEEPER = 3;
const REGULAR_BURSTS = 3;
const REGULAR_SPREAD = 0.25;
const STOPPED_PERIODS = 2;
const CLIMB_SHARE = 0.8;
const ROUGHNESS_ALPHA = 0.05;
/** E|x − 2y + z| for independent normal samples of σ = 1: √6 · √(2/π). */
const SECOND_DIFFERENCE_MEAN = Math.sqrt(6) * Math.sqrt(2 / Math.PI);

export class BurstSteps {
  private readonly s: BurstStepsState;

  constructor(state?: BurstStepsState) {
    this.s = state ?? { windowT: [], windowY: [], firstT: Number.NaN, firstY: Number.NaN, roughness: 0, samples: 0, quietSum: 0, quietCount: 0, bursts: [] };
  }

  /** One admitted sample (seconds, the level-shift-corrected value). */
  add(t: number, y: number): void {
    const s = this.s;
    if (s.samples === 0) {
      s.firstT = t;
      s.firstY = y;
    }
    s.samples++;
    const n = s.windowY.length;
    if (n >= 2) {
      const second = Math.abs(y - 2 * (s.windowY[n - 1] as number) + (s.windowY[n - 2] as number));
      s.roughness = s.samples <= 3 ? second : s.roughness + ROUGHNESS_ALPHA * (second - s.roughness);
    }
    s.windowT.push(t);
    s.windowY.push(y);
    if (s.windowT.length > WINDOW) {
      const leftT = s.windowT.shift() as number;
      const left = s.windowY.shift() as number;
      if (s.current === undefined) this.addQuiet(leftT, left);
    }
    if (s.windowT.length < WINDOW || !(t > s.firstT)) return;
    const longRate = (y - s.firstY) / (t - s.firstT);
    const sigma = s.roughness / SECOND_DIFFERENCE_MEAN;
    const { slope, error } = windowSlope(s.windowT, s.windowY, sigma);
    const sign = longRate >= 0 ? 1 : -1;
    const steep = sign * slope > SIGNIFICANCE * error && sign * slope > STEEPER * Math.abs(longRate);
    if (s.current === undefined && steep && s.quietCount > 0) {
      // The climb began about half a window ago: the window's oldest samples were still flat.
      s.current = {
        start: (s.windowT[0] as number) + ((s.windowT[WINDOW - 1] as number) - (s.windowT[0] as number)) / 2,
        before: s.quietSum / s.quietCount,
        quietRise: this.quietRise(),
      };
    } else if (s.current !== undefined && sign * slope < (STEEPER / 2) * Math.abs(longRate)) {
      const start = s.current.start;
      const after = mean(s.windowY);
      const { before, quietRise } = s.current;
      s.current = undefined;
      // A climb within a few samples' noise was the noise itself: the quiet stretch goes on.
      if (sign * (after - before) <= SIGNIFICANCE * sigma) return;
      s.bursts.push({ start, end: s.windowT[0] as number, before, after, quietRise });
      if (s.bursts.length > KEPT) s.bursts.shift();
      s.quietSum = 0;
      s.quietCount = 0;
      s.quietSumT = 0;
      s.quietSumTT = 0;
      s.quietSumTY = 0;
      s.quietFirstT = undefined;
    }
  }

  /** The recurring pattern, when the last bursts came at a steady cadence and it has not stopped. */
  pattern(now: number): BurstPattern | undefined {
    const bursts = this.s.bursts;
    if (bursts.length < REGULAR_BURSTS) return undefined;
    const intervals: number[] = [];
    const gains: number[] = [];
    for (let i = 1; i < bursts.length; i++) {
      const a = bursts[i - 1] as BurstStepsState['bursts'][number];
      const b = bursts[i] as BurstStepsState['bursts'][number];
      intervals.push(b.start - a.start);
      gains.push(b.before - a.before);
    }
    const period = median(intervals);
    if (!(period > 0)) return undefined;
    const spread = median(intervals.map((x) => Math.abs(x - period))) / period;
    const last = bursts[bursts.length - 1] as BurstStepsState['bursts'][number];
    const latest = this.s.current?.start ?? last.start;
    if (spread > REGULAR_SPREAD || now - latest > STOPPED_PERIODS * period) return undefined;
    const gain = median(gains);
    // Steps, not a steady fill with steep stretches of noise: the climbs make most of each cycle's gain.
    const climb = median(bursts.map((b) => b.after - b.before));
    if (!(climb / gain >= CLIMB_SHARE)) return undefined;
    // ... and the stretches between them are flat: a steady fill read between rare steep stretches
    // rises between them too (its "climbs" were measured from the mean of a rising stretch).
    const quietRise = median(bursts.map((b) => b.quietRise ?? 0));
    if (!(Math.abs(quietRise) <= (1 - CLIMB_SHARE) * Math.abs(gain))) return undefined;
    const duration = median(bursts.map((b) => b.end - b.start));
    if (gain === 0 || !(duration > 0) || duration >= period) return undefined;
    return { period, duration, gain };
  }

  /**
   * Seconds from `now` until the projected bursts take the level (corrected units) past `target`
   * in `sign`'s direction, or undefined without a regular pattern of bursts that way.
   */
  crossing(now: number, target: number, sign: 1 | -1): number | undefined {
    const p = this.pattern(now);
    if (p === undefined || Math.sign(p.gain) !== sign) return undefined;
    const s = this.s;
    const last = s.bursts[s.bursts.length - 1] as BurstStepsState['bursts'][number];
    let level: number;
    let start: number;
    if (s.current !== undefined) {
      // Inside a burst: it climbs from the level before it by one gain over one duration.
      const inBurst = (target - s.current.before) / p.gain;
      if (inBurst <= 1) return Math.max(0, s.current.start + p.duration * Math.max(0, inBurst) - now);
      level = s.current.before + p.gain;
      start = s.current.start + p.period;
    } else {
      level = s.quietCount >= 3 ? s.quietSum / s.quietCount : last.before + p.gain;
      start = last.start + p.period;
      if (start < now) start += Math.ceil((now - start) / p.period) * p.period;
    }
    if (sign * (target - level) <= 0) return 0;
    const needed = (target - level) / p.gain; // bursts, fractional
    const whole = Math.ceil(needed) - 1;
    return start + whole * p.period + p.duration * (needed - whole) - now;
  }

  private addQuiet(t: number, y: number): void {
    const s = this.s;
    s.quietFirstT ??= t;
    const x = t - s.quietFirstT;
    s.quietSum += y;
    s.quietCount++;
    s.quietSumT = (s.quietSumT ?? 0) + x;
    s.quietSumTT = (s.quietSumTT ?? 0) + x * x;
    s.quietSumTY = (s.quietSumTY ?? 0) + x * y;
  }

  /** How much the quiet stretch rose from its first sample to its last (least-squares slope × span). */
  private quietRise(): number {
    const s = this.s;
    const n = s.quietCount;
    if (n < 2 || s.quietFirstT === undefined) return 0;
    const meanT = (s.quietSumT ?? 0) / n;
    const sxx = (s.quietSumTT ?? 0) - n * meanT * meanT;
    const sxy = (s.quietSumTY ?? 0) - meanT * s.quietSum;
    if (!(sxx > 0)) return 0;
    // The stretch spans about twice its mean offset from its first sample.
    return (sxy / sxx) * 2 * meanT;
  }

  snapshot(): BurstStepsState {
    return structuredClone(this.s);
  }

  /** Bytes of numbers held. */
  get bytes(): number {
    return (2 * WINDOW + 3 * KEPT + 10) * 8;
  }
}

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Least-squares slope over the window and its standard error for independent noise of σ. */
function windowSlope(ts: readonly number[], ys: readonly number[], sigma: number): { slope: number; error: number } {
  let mt = 0;
  let my = 0;
  for (let i = 0; i < ts.length; i++) {
    mt += ts[i] as number;
    my += ys[i] as number;
  }
  mt /= ts.length;
  my /= ts.length;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < ts.length; i++) {
    const dt = (ts[i] as number) - mt;
    sxx += dt * dt;
    sxy += dt * ((ys[i] as number) - my);
  }
  return sxx > 0 ? { slope: sxy / sxx, error: sigma / Math.sqrt(sxx) } : { slope: 0, error: Number.POSITIVE_INFINITY };
}
