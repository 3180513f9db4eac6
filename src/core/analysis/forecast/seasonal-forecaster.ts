import { directionFor, fillSentence, humanDuration, type PathPoint, type ThresholdForecast, type ThresholdQuestion } from './forecast-result';
import { RobustHoltWinters, type HoltWintersState } from './robust-holt-winters';
import { SampleGate, type GateState, type RejectReason } from './sample-gate';
import { DAY_MS, detectSeason } from './season-detector';
import { StepBuffer, type StepBufferState } from './step-buffer';
import { firstCrossing } from './threshold-crossing';

/**
 * A series forecast with its season: "memory peaks above 90 % in 2 d (1.5–3 d), at tomorrow's
 * afternoon peak". One small object per series, fed sample by sample, with bounded state: the
 * sample gate, a step buffer of the recent history (≤ 512 step means), and — once a daily or
 * weekly season has been found in that history — a robust Holt–Winters model of it.
 *
 * The season is looked for every six hours of data, never assumed; it is dropped again when
 * its strength falls clearly away (below 0.2), and a weekly one replaces a daily one when it
 * explains clearly more. Without a season, `forecast` says so and why (the trend forecaster
 * answers for such series).
 */
export interface SeasonalForecasterState {
  version: 1;
  gate: GateState;
  buffer: StepBufferState;
  model?: HoltWintersState;
  /** Model time (ms) when the season was last looked for. */
  checkedAt: number;
  strength?: number;
  reason: string;
}

const CHECK_EVERY_MS = 6 * 3_600_000;
const DROP_BELOW = 0.2;
/** At most this many steps per season: a day of 5 minutes, a week of hours. */
const MAX_SLOTS = 288;
/** The model's finest step (the buffer's is 15 minutes): a daily season of 5-minute samples keeps its shape. */
const MODEL_MIN_STEP_MS = 5 * 60_000;
const Z = 1.2816;
const HORIZON_PER_HISTORY = 20;
const MAX_HORIZON_S = 365 * 86400;

export class SeasonalForecaster {
  private readonly gate: SampleGate;
  private readonly buffer: StepBuffer;
  private model: RobustHoltWinters | undefined;
  private checkedAt: number;
  private strength: number | undefined;
  private reason: string;
  private firstTime = Number.NaN;

  constructor(state?: SeasonalForecasterState) {
    this.gate = new SampleGate(state?.gate);
    this.buffer = new StepBuffer(state?.buffer);
    this.model = state?.model === undefined ? undefined : new RobustHoltWinters(structuredClone(state.model));
    this.checkedAt = state?.checkedAt ?? Number.NaN;
    this.strength = state?.strength;
    this.reason = state?.reason ?? 'no season yet: not enough history';
    const closed = this.buffer.closed();
    if (closed.values.length > 0) this.firstTime = closed.firstIndex * this.buffer.stepMs;
  }

  update(timeMs: number, value: number): RejectReason | undefined {
    const admitted = this.gate.admit(timeMs, value);
    if ('rejected' in admitted) return admitted.rejected;
    const t = admitted.time;
    if (Number.isNaN(this.firstTime)) this.firstTime = t;
    this.buffer.add(t, value);
    this.model?.add(t, value);
    if (Number.isNaN(this.checkedAt)) this.checkedAt = t;
    if (t - this.checkedAt >= CHECK_EVERY_MS) {
      this.checkedAt = t;
      this.lookForSeason();
    }
    return undefined;
  }

  /** The season in use, or why there is none. */
  season(): { periodMs: number; strength: number } | { none: string } {
    if (this.model === undefined) return { none: this.reason };
    return { periodMs: this.model.state.periodMs, strength: this.strength ?? Number.NaN };
  }

  /** Expected values (and band) at the given wall times after the latest sample; undefined without a season. */
  predict(timesMs: readonly number[]): PathPoint[] | undefined {
    const model = this.model;
    if (model === undefined) return undefined;
    return timesMs.map((wall) => this.pointAt(model, this.gate.toModelTime(wall), wall));
  }

  /** The path and its band from now to `untilMs`, for charts. */
  path(nowMs: number, untilMs: number, points: number): PathPoint[] | undefined {
    if (!(untilMs > nowMs) || points < 2) return undefined;
    const times: number[] = [];
    for (let i = 0; i < points; i++) times.push(nowMs + ((untilMs - nowMs) * i) / (points - 1));
    return this.predict(times);
  }

  /** When the series, season included, first reaches the threshold. */
  forecast(nowMs: number, question: ThresholdQuestion): ThresholdForecast {
    const model = this.model;
    if (model === undefined) return { status: 'insufficient', direction: question.direction ?? 'up', threshold: question.threshold, reason: this.reason };
    const now = this.gate.toModelTime(nowMs);
    const level = this.pointAt(model, now, nowMs).value;
    const direction = directionFor(question, level);
    const sign = direction === 'up' ? 1 : -1;
    const target = sign * question.threshold;
    const base = { direction, threshold: question.threshold, level, ratePerSecond: (model.state.slope / model.state.stepMs) * 1000 };
    if (sign * level >= target)
      return { ...base, status: 'crossed', reason: `already ${direction === 'up' ? 'at or above' : 'at or below'} ${question.threshold}` };
    const history = (now - this.firstTime) / 1000;
    const horizon = Math.min(MAX_HORIZON_S, Math.max(HORIZON_PER_HISTORY * history, model.state.periodMs / 1000));
    // Check every step ahead within the first season (peaks are narrow), the grid beyond it.
    const stepS = model.state.stepMs / 1000;
    const fine: number[] = [];
    for (let h = stepS / 2; h <= Math.min(horizon, model.state.periodMs / 1000); h += stepS / 2) fine.push(h);
    const at = (h: number): { value: number; spread: number } => {
      const p = this.pointAt(model, now + h * 1000, nowMs + h * 1000);
      return { value: sign * p.value, spread: p.high - p.value };
    };
    const expected = firstCrossing((h) => at(h).value >= target, horizon, fine);
    const season = model.state.periodMs === DAY_MS ? 'daily' : 'weekly';
    if (Number.isFinite(expected)) {
      const early = firstCrossing((h) => at(h).value + at(h).spread >= target, horizon, fine);
      const late = firstCrossing((h) => at(h).value - at(h).spread >= target, horizon, fine);
      const interval: [number, number] = [Math.min(early, expected), Math.max(late, expected)];
      return { ...base, status: 'fills', secondsUntil: expected, interval, reason: fillSentence(direction, expected, interval, `with its ${season} season`) };
    }
    // A trend counts only where it has moved the level by more than the noise over the history seen.
    const moved = Math.abs(model.state.slope) * (history / stepS);
    const towards = sign * model.state.slope > 0 && moved > 2 * model.state.scale;
    return towards
      ? { ...base, status: 'beyond-horizon', reason: `not within ${humanDuration(horizon)}: the ${season} peaks stay short of ${question.threshold}` }
      : {
          ...base,
          status: 'not-filling',
          reason: `not ${direction === 'up' ? 'filling' : 'draining'}: the ${season} peaks stay short of ${question.threshold} and there is no trend towards it`,
        };
  }

  get rejected(): Readonly<Record<RejectReason, number>> {
    return this.gate.rejected;
  }

  snapshot(): SeasonalForecasterState {
    const state: SeasonalForecasterState = {
      version: 1,
      gate: this.gate.snapshot(),
      buffer: this.buffer.snapshot(),
      checkedAt: this.checkedAt,
      reason: this.reason,
    };
    if (this.model !== undefined) state.model = structuredClone(this.model.state);
    if (this.strength !== undefined) state.strength = this.strength;
    return state;
  }

  get bytes(): number {
    return this.buffer.bytes + (this.model?.bytes ?? 0) + 8 * 8;
  }

  private pointAt(model: RobustHoltWinters, time: number, wall: number): PathPoint {
    // Step means sit at the middle of their step: interpolate between the two nearest.
    const x = time / model.state.stepMs - 0.5;
    const j = Math.floor(x);
    const frac = x - j;
    const first = Math.max(j, model.state.lastIndex + 1);
    const second = Math.max(j + 1, model.state.lastIndex + 1);
    const value = (1 - frac) * model.expected(first) + frac * model.expected(second);
    const ahead = Math.max(1, Math.floor(time / model.state.stepMs) - model.state.lastIndex);
    const spread = Z * Math.sqrt(model.variance(ahead));
    return { t: wall, value, low: value - spread, high: value + spread };
  }

  /**
   * The model's step: as fine as the samples allow (no step left mostly empty), never finer than
   * 15 minutes nor than a season of MAX_SLOTS steps, and dividing the buffer's step.
   */
  private modelStep(periodMs: number): number {
    let step = this.buffer.stepMs;
    const interval = this.gate.typicalIntervalMs;
    for (const finer of [step / 2, step / 3]) {
      while (
        step > MODEL_MIN_STEP_MS &&
        Number.isInteger(step / finer) &&
        finer >= MODEL_MIN_STEP_MS &&
        finer >= interval * 0.99 &&
        periodMs / finer <= MAX_SLOTS
      ) {
        step = finer;
        break;
      }
    }
    while (step / 2 >= MODEL_MIN_STEP_MS && step / 2 >= interval * 0.99 && periodMs / (step / 2) <= MAX_SLOTS) step /= 2;
    return step;
  }

  private lookForSeason(): void {
    const closed = this.buffer.closed();
    const answer = detectSeason(closed.values, closed.firstIndex, this.buffer.stepMs, this.model?.state.periodMs);
    if ('none' in answer) {
      this.reason = answer.none;
      this.strength = answer.strength;
      // Hysteresis: a season in use is dropped only when it has clearly gone.
      if (this.model !== undefined && (answer.strength ?? 0) < DROP_BELOW) this.model = undefined;
      return;
    }
    this.strength = answer.season.strength;
    this.reason = `${answer.season.periodMs === DAY_MS ? 'daily' : 'weekly'} season, strength ${answer.season.strength.toFixed(2)}`;
    if (this.model === undefined || this.model.state.periodMs !== answer.season.periodMs) {
      this.model = RobustHoltWinters.fromSeason(
        answer.season,
        this.buffer.stepMs,
        closed.firstIndex + closed.values.length - 1,
        this.modelStep(answer.season.periodMs),
      );
    }
  }
}
