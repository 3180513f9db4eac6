import { mod, type SeasonFound } from './season-detector';

/**
 * Additive Holt–Winters (level, trend, one value per phase of the season) with the robust updates
 * of Gelper, Fried & Croux (2010): each step's value is first pulled to within K = 2 scales of
 * its forecast (a Huber ψ), so a spike moves nothing far, and the scale itself is a clipped
 * running estimate. A level that really moved (K scales or more, the same way, for half a season
 * running) is taken at once instead of being fought off step after step; a shorter run is a
 * stretch of the profile to learn, not a shift.
 *
 * Smoothing constants are set by time, not per step, so the same parameters hold whatever the
 * step: the level forgets with a time constant of a day, the trend of 30 days, and each phase of
 * the season over 3 visits (chosen on NAB's shared half and the generated series, against
 * seasonal-naive; see bench/forecast). The prediction band is the ETS(A,A,A) variance
 * (Hyndman et al. 2008), with the spread of samples within a step added, since charts and
 * thresholds see samples, not step means.
 */
export interface HoltWintersState {
  stepMs: number;
  periodMs: number;
  level: number;
  slope: number;
  season: number[];
  /** One-step error scale (σ) of step means. */
  scale: number;
  /** Variance of samples around their step's mean. */
  withinVariance: number;
  /** Absolute index (time / stepMs) of the last step folded in. */
  lastIndex: number;
  openIndex: number;
  openSum: number;
  openSquares: number;
  openCount: number;
  /** Errors of the consecutive steps that fell K scales or more the same way. */
  runErrors: number[];
}

const LEVEL_HOURS = 24;
const TREND_DAYS = 30;
const SEASON_CYCLES = 3;
const SCALE_DAYS = 1;
const K = 2;
const SHIFT_RUN = 3;
/** …and for at least this share of a season, so that a wrong stretch of the profile is learnt, not taken for a shift. */
const SHIFT_SHARE = 2;
/** Steps beyond this many seasons of gap are not replayed one by one. */
const MAX_REPLAY_SEASONS = 4;

export class RobustHoltWinters {
  readonly state: HoltWintersState;
  private readonly alpha: number;
  private readonly beta: number;
  private readonly gamma: number;
  private readonly lambda: number;

  constructor(state: HoltWintersState) {
    this.state = state;
    this.alpha = 1 - Math.exp(-state.stepMs / (LEVEL_HOURS * 3_600_000));
    this.beta = 1 - Math.exp(-state.stepMs / (TREND_DAYS * 86_400_000));
    this.gamma = 1 - Math.exp(-1 / SEASON_CYCLES);
    this.lambda = 1 - Math.exp(-state.stepMs / (SCALE_DAYS * 86_400_000));
  }

  /**
   * Starts from a decomposition made on steps of `foundStepMs`, the newest being `lastIndex`, at
   * a step of `stepMs` (equal or finer, dividing it): the profile is interpolated around the
   * season, so a weekly season found on hourly means can run on half-hours where samples allow.
   */
  static fromSeason(found: SeasonFound, foundStepMs: number, lastIndex: number, stepMs = foundStepMs): RobustHoltWinters {
    const ratio = foundStepMs / stepMs;
    const slots = Math.round(found.periodMs / stepMs);
    const season: number[] = [];
    for (let k = 0; k < slots; k++) {
      // Centre of fine step k, in coarse steps, less half a step (coarse means sit at their centres).
      const x = (k + 0.5) / ratio - 0.5;
      const j = Math.floor(x);
      const frac = x - j;
      season.push((1 - frac) * (found.profile[mod(j, found.slots)] as number) + frac * (found.profile[mod(j + 1, found.slots)] as number));
    }
    const last = (lastIndex + 1) * ratio - 1;
    return new RobustHoltWinters({
      stepMs,
      periodMs: found.periodMs,
      level: found.level,
      slope: found.slope / ratio,
      season,
      scale: Math.max(found.scale, 1e-12),
      withinVariance: 0,
      lastIndex: last,
      openIndex: last + 1,
      openSum: 0,
      openSquares: 0,
      openCount: 0,
      runErrors: [],
    });
  }

  add(time: number, value: number): void {
    const s = this.state;
    const index = Math.floor(time / s.stepMs);
    if (index < s.openIndex) return;
    if (index > s.openIndex) this.closeUntil(index);
    s.openSum += value;
    s.openSquares += value * value;
    s.openCount += 1;
  }

  /** The expected value at absolute step index j (after the last folded step). */
  expected(j: number): number {
    const s = this.state;
    return s.level + this.trendOver(j - s.lastIndex) + (s.season[mod(j, s.season.length)] as number);
  }

  /** The trend's contribution h steps ahead (undamped: capacity questions need the growth to go on). */
  private trendOver(h: number): number {
    return h * this.state.slope;
  }

  /** Variance of a sample h steps after the last folded step (h ≥ 1). */
  variance(h: number): number {
    const s = this.state;
    const a = this.alpha;
    const b = this.beta;
    const g = this.gamma;
    const m = s.season.length;
    const n = Math.max(0, h - 1);
    // Σ_{q=1}^{h-1} c_q², c_q = α(1 + qβ) + γ·[q mod m = 0], in closed form.
    let sum = a * a * (n + b * n * (n + 1) + (b * b * n * (n + 1) * (2 * n + 1)) / 6);
    const cycles = Math.floor(n / m);
    sum += cycles * (2 * a * g + g * g) + a * g * b * m * cycles * (cycles + 1);
    return s.scale * s.scale * (1 + sum) + s.withinVariance;
  }

  get bytes(): number {
    return 8 * (this.state.season.length + 14 + this.state.runErrors.length);
  }

  private closeUntil(index: number): void {
    const s = this.state;
    if (s.openCount > 0) {
      const mean = s.openSum / s.openCount;
      if (s.openCount > 1) {
        const within = Math.max(0, s.openSquares / s.openCount - mean * mean);
        s.withinVariance += this.lambda * (within - s.withinVariance);
      }
      this.step(s.openIndex, mean);
    } else {
      this.step(s.openIndex, Number.NaN);
    }
    const missing = index - s.openIndex - 1;
    const replay = Math.min(missing, MAX_REPLAY_SEASONS * s.season.length);
    for (let j = 1; j <= replay; j++) this.step(s.openIndex + j, Number.NaN);
    if (missing > replay) {
      // A long gap: carry the level along the trend without replaying every step.
      s.level += this.trendOver(missing - replay);
      s.lastIndex = index - 1;
    }
    s.openIndex = index;
    s.openSum = 0;
    s.openSquares = 0;
    s.openCount = 0;
  }

  /** Folds step j in (NaN: no samples in it). */
  private step(j: number, y: number): void {
    const s = this.state;
    const phase = mod(j, s.season.length);
    const projectedLevel = s.level + this.trendOver(j - s.lastIndex);
    const forecast = projectedLevel + (s.season[phase] as number);
    s.lastIndex = j;
    if (Number.isNaN(y)) {
      s.level = projectedLevel;
      return;
    }
    const error = y - forecast;
    if (Math.abs(error) > K * s.scale) {
      // Same side as the run so far? A lasting move, once it has gone on for SHIFT_RUN steps.
      const sameSide = s.runErrors.length === 0 || Math.sign(s.runErrors[0] as number) === Math.sign(error);
      s.runErrors = sameSide ? [...s.runErrors, error] : [error];
      if (s.runErrors.length >= Math.max(SHIFT_RUN, Math.ceil(s.season.length / SHIFT_SHARE))) {
        const shift = s.runErrors.slice().sort((a, b) => a - b)[Math.floor(s.runErrors.length / 2)] as number;
        s.level = projectedLevel + shift;
        s.runErrors = [];
        return;
      }
    } else {
      s.runErrors = [];
    }
    const clipped = Math.max(-K * s.scale, Math.min(K * s.scale, error));
    const cleaned = forecast + clipped;
    const level = this.alpha * (cleaned - (s.season[phase] as number)) + (1 - this.alpha) * projectedLevel;
    s.slope = this.beta * (level - s.level) + (1 - this.beta) * s.slope;
    s.season[phase] = this.gamma * (cleaned - level) + (1 - this.gamma) * (s.season[phase] as number);
    s.level = level;
    // The scale follows |error| clipped at 3σ (a biweight-like bound), as √(E e²) of Gaussian errors.
    const bounded = Math.min(error * error, 9 * s.scale * s.scale);
    s.scale = Math.sqrt(Math.max(1e-24, s.scale * s.scale + this.lambda * (bounded / 0.9707 - s.scale * s.scale)));
  }
}
