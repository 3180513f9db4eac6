import { BurstSteps, type BurstStepsState } from './burst-steps';
import { directionFor, fillSentence, humanDuration, type PathPoint, type ThresholdForecast, type ThresholdQuestion } from './forecast-result';
import { LevelShifts, type LevelShiftState } from './level-shifts';
import { LogTimeBuckets, type LogTimeBucketsState } from './log-time-buckets';
import { projectJumps, type JumpProjection } from './recurring-jumps';
import { SampleGate, type GateState, type RejectReason } from './sample-gate';
import { firstCrossing } from './threshold-crossing';
import { atLongRunRate, fitTrendMixture, mixtureDelta, mixtureVariance, type TrendMixture } from './trend-mixture';

/**
 * "disk / fills in 6 h (4–9 h) at the current rate" for a gauge that fills or drains.
 *
 * One small object per series, fed sample by sample (raw samples, or the store's 1m / 1h
 * averages), with bounded state: a sample gate (non-finite values, repeated times, clock jumps),
 * a level-shift detector (spikes dropped, cleanups and counter resets undone and remembered) and a
 * log-time bucket summary of the whole history (fine near now, coarse far back).
 *
 * A forecast is made when asked, from a weighted set of robust local fits (trend-mixture.ts):
 * a rate that changed recently is followed, a steady one is measured over everything, curvature
 * counts where it stands out. Regular jumps (a cleanup cron) are projected one by one, so a
 * sawtooth's peaks decide the crossing (recurring-jumps.ts).
 *
 * The interval combines the fit's parameter uncertainty (inflated for autocorrelated residuals),
 * the noise of one sample, and how much the rate has wandered over the whole history (a random
 * walk on the rate, as in a local linear trend model), so a series whose rate has changed before
 * gets a wider interval.
 */
export interface TrendForecasterState {
  version: 1;
  gate: GateState;
  shifts: LevelShiftState;
  buckets: LogTimeBucketsState;
  /** Absent in state saved before bursts were followed. */
  bursts?: BurstStepsState;
}

const MIN_SAMPLES = 6;
const RATE_SIGNIFICANCE = 2;
/** 80 % two-sided: the interval an operator reads as "probably between". */
const Z = 1.2816;
const MAX_HORIZON_S = 365 * 86400;
/**
 * How far ahead the history seen can vouch for a rate. Up to VOUCHED_PER_HISTORY times the
 * history, the interval is the fit's own: a fill seen from its first fifth is 4× ahead, and the
 * fit's band covered the truth there (bench/forecast). Beyond it, the rate has held for less than
 * a quarter of the time it is projected over, and nothing in the data says it will keep holding:
 * the interval widens by the ratio r = horizon / (4 × history), to at least [h / r, h × r] (a
 * rate that may halve or double over time never seen). Beyond HORIZON_PER_HISTORY times the
 * history there is no forecast at all: a minute of samples does not say "fills in a quarter of an hour".
 */
const VOUCHED_PER_HISTORY = 4;
const HORIZON_PER_HISTORY = 10;
/** Relative change over the history that arithmetic alone can make (a few hundred ulps). */
const ROUNDING = 256 * Number.EPSILON;

export class TrendForecaster {
  private readonly gate: SampleGate;
  private readonly shifts: LevelShifts;
  private readonly buckets: LogTimeBuckets;
  private readonly bursts: BurstSteps;
  private cached: { key: string; fit: { fit: TrendMixture; jumps: JumpProjection } | string } | undefined;

  constructor(state?: TrendForecasterState) {
    this.gate = new SampleGate(state?.gate);
    this.shifts = new LevelShifts(state?.shifts);
    this.buckets = new LogTimeBuckets(4, 16, state?.buckets);
    this.bursts = new BurstSteps(state?.bursts);
  }

  /** Feeds one sample; returns why it was turned away, if it was. */
  update(timeMs: number, value: number): RejectReason | undefined {
    const admitted = this.gate.admit(timeMs, value);
    if ('rejected' in admitted) return admitted.rejected;
    for (const sample of this.shifts.offer(admitted.time, value)) {
      this.buckets.add(sample.t, sample.y);
      this.bursts.add(sample.t / 1000, sample.y);
    }
    return undefined;
  }

  /** When (and how surely) the series reaches the threshold, seen from `nowMs`. */
  forecast(nowMs: number, question: ThresholdQuestion): ThresholdForecast {
    const now = this.gate.toModelTime(nowMs);
    const trend = this.fitWithJumps(now);
    if (typeof trend === 'string') return { status: 'insufficient', direction: question.direction ?? 'up', threshold: question.threshold, reason: trend };
    const current = this.unlessUnsupportedPlateau(
      now,
      trend.fit,
      question,
      this.inBursts(now, this.answer(trend.fit, trend.jumps, question, 'at the current rate')),
    );
    if ((current.status !== 'not-filling' && current.status !== 'beyond-horizon') || current.ratePerSecond === undefined) return current;
    // Flat (or noisy) just now, but filling over the whole history: a lull between bursts is not
    // a stop. Answer at the long-run rate, saying so; the band keeps the flat fit's disagreement.
    // A lull that still trickles (a rate that stands out but reaches the threshold only beyond the
    // horizon) is the same lull: it is answered the same way, not as "not within 10× the history".
    const lull =
      current.status === 'not-filling'
        ? `${current.direction === 'up' ? 'not filling' : 'not draining'}`
        : `${current.direction === 'up' ? 'filling' : 'draining'} slowly`;
    const longRun = atLongRunRate(trend.fit);
    if (longRun === undefined) return current;
    const slower = this.answer(longRun, trend.jumps, question, `at the rate of the last ${humanDuration(longRun.windowMs / 1000)} (${lull} just now)`);
    return slower.status === 'fills' ? this.inBursts(now, slower) : current;
  }

  /**
   * "Levels off" is the worst answer for a disk that does fill, so it is given only where the
   * recent rates show the slowing (trend-mixture.ts: `slowingSupported`). A parabola bent round a
   * step down of the rate projects the bend to a plateau; the lines' answer is given instead, when
   * they reach the threshold (generated rate steps, seeds 1–20: 9 such answers, 4 left).
   */
  private unlessUnsupportedPlateau(now: number, fit: TrendMixture, question: ThresholdQuestion, answer: ThresholdForecast): ThresholdForecast {
    if (answer.status !== 'levels-off' || fit.slowingSupported) return answer;
    const lines = this.computeFit(now, true);
    if (typeof lines === 'string') return answer;
    const straight = this.inBursts(now, this.answer(lines, this.jumps(now, lines.rate), question, 'at the current rate (slowed in a step, not levelling off)'));
    return straight.status === 'fills' ? straight : answer;
  }

  /**
   * A fill that comes in regular bursts crosses inside the burst that reaches the threshold, not
   * where a line through the steps' middles does: the time is taken from the bursts projected one
   * by one (burst-steps.ts), the band widened to hold it.
   */
  private inBursts(now: number, answer: ThresholdForecast): ThresholdForecast {
    if (answer.status !== 'fills' || answer.interval === undefined) return answer;
    const seconds = this.bursts.crossing(now / 1000, answer.threshold + this.shifts.offset, answer.direction === 'up' ? 1 : -1);
    if (seconds === undefined) return answer;
    return { ...answer, secondsUntil: seconds, interval: [Math.min(answer.interval[0], seconds), Math.max(answer.interval[1], seconds)] };
  }

  private answer(fit: TrendMixture, jumps: JumpProjection, question: ThresholdQuestion, rateWords: string): ThresholdForecast {
    const level = fit.level - this.shifts.offset;
    const direction = directionFor(question, level);
    const sign = direction === 'up' ? 1 : -1;
    const base = { direction, threshold: question.threshold, level, ratePerSecond: fit.rate };
    const target = sign * question.threshold;
    if (sign * level >= target)
      return { ...base, status: 'crossed', reason: `already ${direction === 'up' ? 'at or above' : 'at or below'} ${question.threshold}` };

    const horizon = Math.min(MAX_HORIZON_S, Math.max(HORIZON_PER_HISTORY * fit.historySeconds, 60));
    const peaks = jumps.peaks(horizon);
    const mean = (h: number): number => sign * (level + mixtureDelta(fit, h) + jumps.within(h));
    const spread = (h: number): number => Z * Math.sqrt(mixtureVariance(fit, h) + jumps.variance(h));
    const expected = firstCrossing((h) => mean(h) >= target, horizon, peaks);
    const rateTowards = sign * (fit.rate + jumpRate(jumps, horizon));
    // An exactly flat series leaves a rate of floating-point rounding, with no error to compare it to.
    const rateError = Math.max(fit.rateError, (ROUNDING * Math.abs(level)) / Math.max(fit.historySeconds, 1));

    if (Number.isFinite(expected) && (rateTowards > RATE_SIGNIFICANCE * rateError || sign * fit.acceleration > 0)) {
      const early = firstCrossing((h) => mean(h) + spread(h) >= target, horizon, peaks);
      const late = firstCrossing((h) => mean(h) - spread(h) >= target, horizon, peaks);
      const unvouched = expected / (VOUCHED_PER_HISTORY * fit.historySeconds);
      const interval: [number, number] =
        unvouched > 1 ? [Math.min(early, expected / unvouched), Math.max(late, expected * unvouched)] : [Math.min(early, expected), Math.max(late, expected)];
      const basis = basisWords(fit, sign, jumps, rateWords);
      return {
        ...base,
        status: 'fills',
        secondsUntil: expected,
        interval,
        reason: fillSentence(direction, expected, interval, unvouched > 1 ? `${basis}, from only ${humanDuration(fit.historySeconds)} of history` : basis),
      };
    }
    const perHour = `${formatRate(fit.rate * 3600)}/h`;
    if (!(rateTowards > RATE_SIGNIFICANCE * rateError)) {
      const away = rateTowards < -RATE_SIGNIFICANCE * rateError;
      return {
        ...base,
        status: 'not-filling',
        reason: away
          ? `not ${direction === 'up' ? 'filling' : 'draining'}: moving away from the threshold (${perHour})`
          : `not ${direction === 'up' ? 'filling' : 'draining'}: no trend beyond the noise (${perHour} ± ${formatRate(rateError * 3600)})`,
      };
    }
    if (sign * fit.acceleration < 0) {
      const plateau = level + mixtureDelta(fit, horizon) + jumps.within(horizon);
      return { ...base, status: 'levels-off', reason: `slowing down: levels off near ${formatRate(plateau)} before the threshold` };
    }
    return {
      ...base,
      status: 'beyond-horizon',
      reason: `not within ${humanDuration(horizon)} (${HORIZON_PER_HISTORY}× the ${humanDuration(fit.historySeconds)} of history seen) at ${perHour}`,
    };
  }

  /** The expected path and its band from now to `untilMs`, for charts; undefined while insufficient. */
  path(nowMs: number, untilMs: number, points: number): PathPoint[] | undefined {
    const now = this.gate.toModelTime(nowMs);
    const trend = this.fitWithJumps(now);
    if (typeof trend === 'string' || !(untilMs > nowMs) || points < 2) return undefined;
    const { fit, jumps } = trend;
    const level = fit.level - this.shifts.offset;
    const out: PathPoint[] = [];
    for (let i = 0; i < points; i++) {
      const t = nowMs + ((untilMs - nowMs) * i) / (points - 1);
      const h = (t - nowMs) / 1000;
      const value = level + mixtureDelta(fit, h) + jumps.within(h);
      // Beyond what the history vouches for, the band grows as the forecast's interval does.
      const unvouched = Math.max(1, h / (VOUCHED_PER_HISTORY * fit.historySeconds));
      const spread = Math.max(Z * Math.sqrt(mixtureVariance(fit, h) + jumps.variance(h)), Math.abs(value - level) * (unvouched - 1));
      out.push({ t, value, low: value - spread, high: value + spread });
    }
    return out;
  }

  /** The fitted trend at `nowMs` (the window chosen, rate, curvature), or why there is none. */
  trend(nowMs: number): TrendMixture | string {
    const trend = this.fitWithJumps(this.gate.toModelTime(nowMs));
    return typeof trend === 'string' ? trend : trend.fit;
  }

  get rejected(): Readonly<Record<RejectReason, number>> {
    return this.gate.rejected;
  }

  get outliers(): number {
    return this.shifts.outliers;
  }

  snapshot(): TrendForecasterState {
    return { version: 1, gate: this.gate.snapshot(), shifts: this.shifts.snapshot(), buckets: this.buckets.snapshot(), bursts: this.bursts.snapshot() };
  }

  /** Bytes of numbers the series holds (buckets, detector, gate). */
  get bytes(): number {
    return this.buckets.bytes + this.shifts.bytes + this.bursts.bytes + 6 * 8;
  }

  private jumps(now: number, rate: number): JumpProjection {
    return projectJumps(this.shifts.events, now, this.buckets.firstTime, this.shifts.keptAllEvents, rate);
  }

  /**
   * The trend and the jumps to project with it. Where jumps recur regularly (a sawtooth), the
   * long run is the jumps' envelope, and curvature between them is an artefact of jump sizes
   * measured a little off: the trend is refitted with lines only.
   */
  private fitWithJumps(now: number): { fit: TrendMixture; jumps: JumpProjection } | string {
    const key = `${now}:${this.buckets.samples}:${this.shifts.offset}`;
    if (this.cached?.key === key) return this.cached.fit;
    let fit = this.computeFit(now, false);
    let result: { fit: TrendMixture; jumps: JumpProjection } | string = typeof fit === 'string' ? fit : 'no trend';
    if (typeof fit !== 'string') {
      let jumps = this.jumps(now, fit.rate);
      if (jumps.regular && fit.acceleration !== 0) {
        const lines = this.computeFit(now, true);
        if (typeof lines !== 'string') {
          fit = lines;
          jumps = this.jumps(now, fit.rate);
        }
      }
      result = { fit, jumps };
    }
    this.cached = { key, fit: result };
    return result;
  }

  private computeFit(now: number, linesOnly: boolean): TrendMixture | string {
    const samples = this.buckets.samples;
    if (samples < MIN_SAMPLES) return `not enough data: ${samples} usable sample${samples === 1 ? '' : 's'}, ${MIN_SAMPLES} needed`;
    const history = (now - this.buckets.firstTime) / 1000;
    if (!(history > 0)) return 'not enough data: no time has passed since the first sample';
    return fitTrendMixture(this.buckets.pointsSince(Number.NEGATIVE_INFINITY), now, history, this.shifts.scale(), linesOnly);
  }
}

function jumpRate(jumps: JumpProjection, horizon: number): number {
  return jumps.within(horizon) / horizon;
}

function basisWords(fit: TrendMixture, sign: number, jumps: JumpProjection, rateWords: string): string {
  const relative = (Math.abs(fit.acceleration) * fit.historySeconds) / Math.max(Math.abs(fit.rate), 1e-300);
  const shape = relative < 0.1 ? rateWords : sign * fit.acceleration > 0 ? `${rateWords}, accelerating` : `${rateWords}, slowing`;
  return jumps.describe.length === 0 ? shape : `${shape}, counting ${jumps.describe.join(' and ')}`;
}

function formatRate(x: number): string {
  const abs = Math.abs(x);
  if (abs === 0) return '0';
  if (abs >= 1e4 || abs < 1e-2) return x.toExponential(2);
  return String(Math.round(x * 100) / 100);
}
