import type { BucketPoint } from './log-time-buckets';
import { wanderCurvatureError, wanderRateError, wanderRateErrorFromHistory } from './rate-wander';
import { latestRateRegime, someStepFitsBetter, stepExplainsBend, type RateRegime } from './rate-regime';
import { autocorrelationInflation, evaluatePolynomial, fitRobustPolynomial, fitTrimmedPolynomial, median, type PolynomialFit } from './robust-polynomial';

/**
 * The trend of a series near now, chosen among local robust fits by how well they predicted.
 *
 * Each window — the last 1, 1/2, 1/4 and 1/8 of the history — gets two lines (least squares with gross errors trimmed; one
 * weighing every sample alike, one weighing each bucket alike, so recent samples more); the whole
 * history also gets such a parabola when its curvature stands out (3 standard errors, after
 * allowing for autocorrelated residuals), it predicted twice as well as the lines (curvature seen
 * in a short window is mostly noise, and it would be projected far), and the curvature lasted: fitted
 * on the older half of the history it predicts the newer half better than a line, and it bends more
 * than the writes' wander alone would bend it (rate-wander.ts), now and 1/32 of the history earlier
 * (else the backtests' choice of it gives way to the long run's line). Each candidate is
 * backtested from four origins (the last four sixteenths of the history): fitted on the window
 * before the origin, scored on the points after it; the score is the root mean square of those
 * errors. Candidates run from the longest window (parabola first, where kept) to the shortest,
 * and the first whose score is within three times the best is taken: on a steady series the
 * long windows are the precise ones, and only a clear change of rate lets a short window win.
 * The candidates that scored about as well are kept as alternatives: their spread widens the
 * forecast's band, so disagreement between windows shows as uncertainty. Where the rate changed
 * in a step (rate-regime.ts: a change of slope that stands out, by more than a fifth of the long
 * run's rate and by more than the wander of the reads since the step explains), the line after
 * the step replaces the backtests' choice of line, and of parabola where the step fits the
 * history better than the parabola does. Where the whole
 * history's line is taken, its level is the recent samples' (RECENT_LEVEL_SHARE).
 *
 * Curvature is projected no further ahead than twice its window, and a slowing rate is never
 * projected past zero (a parabola would turn round and "drain" a disk that is merely filling slower).
 */
export interface TrendComponent {
  level: number;
  rate: number;
  acceleration: number;
  accelerationHorizon: number;
  /** Covariance of [level, rate, acceleration/2], inflated for autocorrelation (3×3, row-major). */
  cov: number[];
  weight: number;
  windowSeconds: number;
  degree: 1 | 2;
}

export interface TrendMixture {
  components: TrendComponent[];
  level: number;
  rate: number;
  acceleration: number;
  /** Standard error of the chosen fit's rate. */
  rateError: number;
  /** The same, including the disagreement of the candidates that predicted about as well. */
  rateSpread: number;
  /** The chosen candidate's window (ms). */
  windowMs: number;
  /** A line over the whole history, when it was a candidate: the long-run rate. */
  longRun?: TrendComponent;
  /** Rate wander: variance of the rate grows by this much per second ahead. */
  rateDiffusion: number;
  /**
   * Whether a slowing fit's slowing is the data's own: false for a slowing parabola whose curvature
   * does not stand out over the newer half of the history too, or which a single change of rate
   * (a broken line) fits worse than. Such a parabola was bent round a step down of the rate, and
   * its plateau ("levels off") is the bend projected, not something the recent rates show.
   */
  slowingSupported: boolean;
  /** One sample's noise (σ). */
  noise: number;
  historySeconds: number;
}

const MIN_POINTS = 6;
const WINDOWS = 4;
const HOLDOUT_SHARE = 1 / 16;
const ORIGINS = 4;
const CURVATURE_SIGNIFICANCE = 3;
/** A longer window (or a parabola) is preferred while its error is within this factor of the best. */
const TIE = 3;
const ACCELERATION_REACH = 2;
/**
 * A latest rate regime replaces the backtests' choice only where its rate differs from the
 * whole history's by more than this share: a smaller change moves the time until the threshold
 * by less than the precision a fit over a part of the history gives up.
 */
const MATERIAL = 0.2;
/**
 * The same for a regime whose break stood out only over the newer half of the history (less
 * evidence, so it must move the rate more): a real tmpfs fill whose writer ran 20 % faster for its
 * last second was followed, 15.8 % early where `predict_linear` was 1.5 % off (recorded steady
 * runs replayed: p90 7.2 → 10.9 % with 0.2, 7.2 % with 0.3).
 */
const NEWER_HALF_MATERIAL = 0.3;
/**
 * The whole history's line is moved to the mean level of the samples of the last 1/64 of the
 * history (at least RECENT_LEVEL_SAMPLES of them): a level that wanders as a random walk (each
 * write a little more or less than the rate) is where it is now, not where the line through all
 * of it passes. On the generated steady fills (seeds 1–20) the time-until-threshold p90 error
 * went 4.9 → 4.4 %; 1/16 and 1/32 gave 4.5 %.
 */
const RECENT_LEVEL_SHARE = 1 / 64;
const RECENT_LEVEL_SAMPLES = 8;
/** Candidate fits drop points beyond this many robust standard deviations of the residuals (then least squares again). */
const TRIM_SDS = 4;
/**
 * Standard errors by which a slowing parabola's curvature must stand out over the newer half of
 * the history before its plateau is answered ("levels off"). Generated rate steps, seeds 1–20 /
 * 21–80: "levels off" for a disk that did fill at 9 / 26 moments before, 4 / 11 with 2, 5 / 12
 * with 1; with the broken-line test alone 5 / 16. 1 keeps one more true plateau (a fill slowing
 * as 1 − e^(−t/2 h), asked at 24 min), 2 answers it "fills".
 */
const SLOWING_SIGNIFICANCE = 2;
/**
 * Wander bounds (rate-wander.ts) by which a regime's rate, or a shorter window's, must differ from
 * the long run's before it is followed. Generated rate steps p50, seeds 1–20 / unseen 21–80: for the
 * regime 15.5 / 15.8 % without the test, 16.1 / 15.9 with 2, 17.0 / 16.8 with 3 (the real steady
 * runs gain the same at 2 and 3); then for the window 15.8 / 15.6 without, 16.4 / 15.6 with 2,
 * 16.9 with 3 (real steady p90 5.2 / 5.5 % at 2, 5.0 / 4.6 at 3).
 */
const WANDER_SIGNIFICANCE = 2;
/**
 * Wander bounds (rate-wander.ts) by which a parabola's curvature must stand out. At 3 the
 * accelerating fills asked at 20 % of the way lose theirs (p50 7.2 → 56.7 %, seeds 1–20) and the
 * decelerating median passes 10 % (10.2); at 1 nothing changes.
 */
const CURVATURE_WANDER_SIGNIFICANCE = 2;
/**
 * How far back (a share of the history) the bend must already have stood out. Recorded real steady
 * tmpfs fills replayed (11 runs, 341 moments): 3 parabolas bent round a dip of the writes dropped
 * (15.7 / 21.1 / 15.9 % → 2.5 / 6.6 / 3.9 %) at 1/32, 2 at 1/64; at 1/16 the real accelerating
 * fills' p90 went 26.0 → 40.8 % and the decelerating median 19.9 → 21.4 %.
 */
const CURVATURE_PERSISTENCE = 1 / 32;
/** A parabola replaces the lines of its window only where it predicted at least twice as well. */
const PARABOLA_GAIN = 0.5;
/**
 * Per window: a line weighing each bucket by its samples (least squares on every sample: the
 * precise one while the rate holds), a line weighing each bucket once (recent samples, finely
 * bucketed, count more: it follows a rate that changed), and a parabola.
 */
const FITS: ReadonlyArray<{ degree: 1 | 2; bySamples: boolean }> = [
  { degree: 1, bySamples: true },
  { degree: 1, bySamples: false },
  { degree: 2, bySamples: false },
];

/** @param linesOnly no parabolas: for a sawtooth, whose long run the jumps' envelope describes */
export function fitTrendMixture(points: readonly BucketPoint[], now: number, history: number, noise: number, linesOnly = false): TrendMixture | string {
  const xs = points.map((p) => (p.t - now) / 1000);
  const ys = points.map((p) => p.v);
  const ns = points.map((p) => p.n);
  const holdout = history * HOLDOUT_SHARE;
  const scored: Array<{ component: TrendComponent; score: number }> = [];
  let fallback: TrendComponent | undefined;
  for (let i = 0; i < WINDOWS; i++) {
    const window = (history - holdout) / 2 ** i + holdout;
    const whole = indicesFrom(xs, -window);
    if (whole.length < MIN_POINTS) break;
    const ofWindow: Array<{ component: TrendComponent; score: number }> = [];
    for (const { degree, bySamples } of FITS) {
      if (degree === 2 && (linesOnly || i > 0 || whole.length < 2 * MIN_POINTS)) continue;
      // Least squares, gross errors trimmed: spikes were dropped on the way in (level-shifts.ts), and a
      // biweight would downweight the tops of a staircase's steps, which say where the level is now.
      const fit = fitTrimmedPolynomial(pick(xs, whole), pick(ys, whole), degree, bySamples ? pick(ns, whole) : undefined, TRIM_SDS);
      if (fit === undefined || (degree === 2 && !curvatureStandsOut(fit))) continue;
      const score = backtest(xs, ys, bySamples ? ns : undefined, window - holdout, holdout, degree);
      // A window too short to hold points back cannot be judged against the others; it is kept
      // only while there is nothing else (a young series: one line over everything).
      if (score === undefined) {
        if (i === 0 && degree === 1) fallback ??= component(fit, degree, window);
        continue;
      }
      ofWindow.push({ component: component(fit, degree, window), score });
    }
    // A parabola replaces its window's lines only where it also predicted clearly better: curvature
    // that merely stands out of autocorrelated noise would be projected far beyond the data. The
    // window's lines stay in order (the one weighing every sample first): each is judged by its backtest.
    const lines = ofWindow.filter((c) => c.component.degree === 1);
    const parabola = ofWindow.find((c) => c.component.degree === 2);
    const line = lines.length === 0 ? undefined : lines.reduce((a, b) => (b.score < a.score ? b : a));
    if (
      parabola !== undefined &&
      line !== undefined &&
      parabola.score < PARABOLA_GAIN * line.score &&
      curvatureHoldsAhead(xs, ys, ns, history) &&
      curvatureBeyondWander(xs, ys, parabola.component, history)
    )
      scored.push(parabola, ...lines);
    else scored.push(...lines);
  }
  if (scored.length === 0 && fallback !== undefined) scored.push({ component: fallback, score: 0 });
  if (scored.length === 0) return `not enough data: ${points.length} points over ${Math.round(history)} s`;
  // Candidates run from the most preferred (longest window, parabola before line) to the least:
  // the first that predicted about as well as the best is taken, the others that did too are
  // kept as alternatives whose disagreement widens the band.
  const best = Math.min(...scored.map((s) => s.score));
  const tied = scored.filter((s) => s.score <= TIE * best + 1e-300);
  const longRun = scored.find((s) => s.component.degree === 1 && s.component.windowSeconds >= history)?.component;
  const backtested = (tied[0] as { component: TrendComponent }).component;
  // A rate that changed in a step is followed from the step on: the backtests' fixed windows
  // either straddle it or are too short to measure the new rate. A parabola that passed its own
  // tests is kept unless the step explains the bend better (a step up looks like an acceleration
  // to those tests); a regime whose rate is within MATERIAL of the long run's is not worth a shorter fit.
  const regime = latestRateRegime(xs, ys, ns);
  const followRegime =
    regime !== undefined &&
    (backtested.degree === 1 || stepExplainsBend(xs, ys, ns, regime)) &&
    (longRun === undefined ||
      (Math.abs(regime.rate - longRun.rate) > (regime.newerHalfOnly ? NEWER_HALF_MATERIAL : MATERIAL) * Math.abs(longRun.rate) &&
        beyondWander(xs, ys, regime.sinceSeconds, regime, longRun.rate)));
  // The line over the whole history has the long run's rate, but its level at now averages the
  // whole history: where the level wandered (writes that vary, bursts), what is there now is
  // the recent samples' level.
  const recentLongRun = longRun === undefined ? undefined : atRecentLevel(longRun, xs, ys, ns, history * RECENT_LEVEL_SHARE);
  // A shorter window's line the backtests chose is held to the same bar: over a steady real fill
  // the last quarter's wander won the backtests (10–14 % off where `predict_linear` was 0–1 %).
  // The window's reads (a few seconds of them) can lie close to their own line where the fill's usual wander is wider,
  // so its bound is also taken from the whole history's reads (rate-wander.ts), the larger counting.
  const withinWander =
    longRun !== undefined &&
    backtested.degree === 1 &&
    (!beyondWander(xs, ys, backtested.windowSeconds, backtested, longRun.rate) || !windowBeyondHistoryWander(xs, ys, backtested, longRun.rate));
  // A bend the backtests chose is held to the same bar in time: it must have been there a little
  // earlier too, or it is the writes' latest wander (a real steady fill's dip of a second or two).
  const transientBend = longRun !== undefined && backtested.degree === 2 && !curvatureStoodOutEarlier(xs, ys, ns, history, backtested);
  const chosen = followRegime
    ? regimeComponent(regime)
    : backtested === longRun || withinWander || transientBend
      ? (recentLongRun as TrendComponent)
      : backtested;
  chosen.weight = 1;
  const alternatives = followRegime ? [] : tied.slice(1).map((s) => s.component);
  return {
    components: [chosen, ...alternatives],
    level: chosen.level,
    rate: chosen.rate,
    acceleration: chosen.acceleration,
    rateError: Math.sqrt(Math.max(0, chosen.cov[4] as number)),
    rateSpread: Math.sqrt(Math.max(0, (chosen.cov[4] as number) + spreadOf(alternatives, chosen, (c) => c.rate))),
    windowMs: chosen.windowSeconds * 1000,
    ...(longRun === undefined || recentLongRun === chosen ? {} : { longRun }),
    rateDiffusion: rateDiffusion(points, now),
    slowingSupported: !slowing(chosen) || (slowingSeenInNewerHalf(xs, ys, history, chosen) && !someStepFitsBetter(xs, ys, ns)),
    noise,
    historySeconds: history,
  };
}

/**
 * How well a window of this length and degree predicted what came next, from several origins
 * (the last four sixteenths of the history): a series that fills in bursts makes a short window
 * look right at one origin and badly wrong at the next, which one origin alone would not show.
 */
function backtest(
  xs: readonly number[],
  ys: readonly number[],
  ns: readonly number[] | undefined,
  length: number,
  step: number,
  degree: 1 | 2,
): number | undefined {
  const errors: number[] = [];
  for (let origin = 1; origin <= ORIGINS; origin++) {
    const end = -(origin - 1) * step;
    const start = -origin * step;
    const train = indicesBetween(xs, start - length, start);
    const test = indicesBetween(xs, start, end + 1e-9);
    if (test.length === 0 || train.length < (degree + 1) * 3) continue;
    // Plain least squares: the samples were cleaned of spikes on the way in, and backtests are many.
    const fit = fitRobustPolynomial(pick(xs, train), pick(ys, train), degree, ns === undefined ? undefined : pick(ns, train), 1);
    if (fit === undefined) continue;
    errors.push(median(test.map((j) => Math.abs((ys[j] as number) - evaluatePolynomial(fit.coef, xs[j] as number)))));
  }
  if (errors.length === 0) return undefined;
  let sum = 0;
  for (const e of errors) sum += e * e;
  return Math.sqrt(sum / errors.length);
}

/**
 * Whether curvature seen in the older half of the history carried on into the newer half: a
 * parabola fitted on the older half predicts the newer half better than a line fitted there.
 * The backtests above look 1/16 of the history ahead, but a forecast projects the curvature up to
 * twice the history ahead. On a steady fill whose level wanders (a random walk: writes that vary
 * from one step to the next), a parabola bends to the latest wander, and that bend passes both the
 * curvature test and the short backtests; it does not persist half a history ahead, while a real
 * acceleration does.
 */
function curvatureHoldsAhead(xs: readonly number[], ys: readonly number[], ns: readonly number[], history: number): boolean {
  const split = -history / 2;
  const older = indicesBetween(xs, Number.NEGATIVE_INFINITY, split);
  const newer = indicesBetween(xs, split, Number.POSITIVE_INFINITY);
  // The older half is coarsely bucketed (a few points): a parabola needs one more than its three coefficients.
  if (older.length < 4 || newer.length === 0) return false;
  const errorOf = (degree: 1 | 2): number => {
    const fit = fitRobustPolynomial(pick(xs, older), pick(ys, older), degree, pick(ns, older), 1);
    return fit === undefined ? Number.POSITIVE_INFINITY : median(newer.map((j) => Math.abs((ys[j] as number) - evaluatePolynomial(fit.coef, xs[j] as number))));
  };
  return errorOf(2) < errorOf(1);
}

function slowing(c: TrendComponent): boolean {
  return c.rate * c.acceleration < 0;
}

/** The slowing goes on over the newer half of the history: a parabola fitted there bends the same way, by SLOWING_SIGNIFICANCE standard errors. */
function slowingSeenInNewerHalf(xs: readonly number[], ys: readonly number[], history: number, parabola: TrendComponent): boolean {
  const newer = indicesBetween(xs, -history / 2, Number.POSITIVE_INFINITY);
  const fit = fitTrimmedPolynomial(pick(xs, newer), pick(ys, newer), 2, undefined, TRIM_SDS);
  if (fit === undefined) return false;
  const curvature = fit.coef[2] as number;
  const se = Math.sqrt(Math.max(0, (fit.cov[8] as number) * autocorrelationInflation(fit.lag1)));
  return Math.sign(curvature) === Math.sign(parabola.acceleration) && Math.abs(curvature) > SLOWING_SIGNIFICANCE * se;
}

function indicesBetween(xs: readonly number[], from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < xs.length; i++) if ((xs[i] as number) >= from && (xs[i] as number) < to) out.push(i);
  return out;
}

function spreadOf(alternatives: readonly TrendComponent[], chosen: TrendComponent, value: (c: TrendComponent) => number): number {
  if (alternatives.length === 0) return 0;
  let sum = 0;
  for (const c of alternatives) sum += (value(c) - value(chosen)) ** 2;
  return sum / (alternatives.length + 1);
}

/**
 * The same trend seen at its long-run rate: the whole-history line first, the chosen fit as the
 * alternative whose disagreement widens the band. For a series filled in bursts and flat just now.
 */
export function atLongRunRate(mixture: TrendMixture): TrendMixture | undefined {
  const longRun = mixture.longRun;
  if (longRun === undefined) return undefined;
  const chosen = mixture.components[0] as TrendComponent;
  return {
    ...mixture,
    components: [longRun, chosen],
    level: longRun.level,
    rate: longRun.rate,
    acceleration: 0,
    rateError: Math.sqrt(Math.max(0, longRun.cov[4] as number)),
    rateSpread: Math.sqrt(Math.max(0, (longRun.cov[4] as number) + spreadOf([chosen], longRun, (c) => c.rate))),
    windowMs: longRun.windowSeconds * 1000,
  };
}

/** Expected change from now to h seconds ahead. */
export function mixtureDelta(mixture: TrendMixture, h: number): number {
  return componentDelta(mixture.components[0] as TrendComponent, h);
}

/** Variance of the value h seconds ahead: the fit's own, the alternatives' disagreement, noise and rate wander. */
export function mixtureVariance(mixture: TrendMixture, h: number): number {
  const [chosen, ...alternatives] = mixture.components as [TrendComponent, ...TrendComponent[]];
  const own = componentVariance(chosen, h) + spreadOf(alternatives, chosen, (c) => componentDelta(c, h));
  return own + mixture.noise * mixture.noise + (mixture.rateDiffusion * h * h * h) / 3;
}

/** The same line through the mean of the latest points (those within `span` seconds of now, and at least RECENT_LEVEL_SAMPLES samples). */
function atRecentLevel(line: TrendComponent, xs: readonly number[], ys: readonly number[], ns: readonly number[], span: number): TrendComponent {
  let samples = 0;
  let sum = 0;
  for (let i = xs.length - 1; i >= 0 && ((xs[i] as number) >= -span || samples < RECENT_LEVEL_SAMPLES); i--) {
    const n = ns[i] as number;
    samples += n;
    sum += n * ((ys[i] as number) - line.level - line.rate * (xs[i] as number));
  }
  return samples > 0 ? { ...line, level: line.level + sum / samples } : line;
}

/**
 * Whether a line's rate over its last `span` seconds (a regime since its break, or a window the
 * backtests chose) differs from the long run's by more than the writes' wander over that span
 * explains (rate-wander.ts): a break chosen as the best of many is otherwise found in the last
 * second of any fill whose writes vary. Recorded real steady tmpfs fills replayed, p90, for the
 * regime: 12.6 → 7.8 % (3 runs of 2026-12-06 07:05–07:09; `predict_linear` 3.4 %) and 7.2 → 7.2 %
 * (5 of 01:48–02:00; one run 10.8 → 6.0; `predict_linear` 3.6 %); then for the window: 7.1 → 5.5 %
 * and 7.0 → 5.2 %.
 */
function beyondWander(xs: readonly number[], ys: readonly number[], span: number, line: { level: number; rate: number }, longRunRate: number): boolean {
  const error = wanderRateError(xs, ys, span, line.level, line.rate);
  return error === undefined || Math.abs(line.rate - longRunRate) > WANDER_SIGNIFICANCE * error;
}

/**
 * Whether a shorter window's rate differs from the long run's by more than the wander of the whole
 * history, scaled to the window (rate-wander.ts). Recorded real steady tmpfs fills replayed (8
 * runs), p90 5.5 → 4.6 % (`predict_linear` 3.6 %); cleanups (8 runs) p50 8.2 → 7.2 %. Not for a
 * regime: a step in the rate bends the whole history's parabola, its residuals widen the bound,
 * and generated rate steps lost (p50 16.4 → 19.0 %, seeds 1–20) where the windows alone lose 0.5.
 */
function windowBeyondHistoryWander(xs: readonly number[], ys: readonly number[], window: TrendComponent, longRunRate: number): boolean {
  const error = wanderRateErrorFromHistory(xs, ys, window.windowSeconds);
  return error === undefined || Math.abs(window.rate - longRunRate) > WANDER_SIGNIFICANCE * error;
}

/**
 * Whether the parabola's curvature is more than the writes' wander over the history explains
 * (rate-wander.ts): a random walk bends a parabola as much as its residuals' spread allows, and
 * the curvature's own standard error (its residuals followed each other as at most an AR(1) with
 * ρ ≤ 0.9) does not see that. Recorded real steady tmpfs fills replayed, p90: 7.8 → 7.1 % (3 runs
 * of 07:05–07:09) and 7.2 → 7.0 % (5 of 01:48–02:00); generated rate steps p50 16.1 → 15.8 %
 * (seeds 1–20) and 15.9 → 15.6 % (21–80), decelerating 9.6 → 9.7 and 9.5 → 9.7 %.
 */
function curvatureBeyondWander(xs: readonly number[], ys: readonly number[], parabola: TrendComponent, history: number): boolean {
  const curvature = parabola.acceleration / 2;
  const error = wanderCurvatureError(xs, ys, history, [parabola.level, parabola.rate, curvature]);
  return error === undefined || Math.abs(curvature) > CURVATURE_WANDER_SIGNIFICANCE * error;
}

/**
 * Whether the bend was already there a little earlier: the whole history up to CURVATURE_PERSISTENCE
 * of it ago bent the same way by more than the writes' wander then (curvatureBeyondWander). A fill
 * that really slows or speeds up carries its curvature on; a steady fill's level wanders as a random
 * walk (its writes are independent), and a parabola bent round its latest dip is a departure of the
 * last second or two, not there before it. Least squares on every sample (each bucket weighed by its
 * samples), not bucket by bucket: the finely bucketed end, just before the cut, would otherwise lean
 * the earlier bend towards the dip under test.
 */
function curvatureStoodOutEarlier(xs: readonly number[], ys: readonly number[], ns: readonly number[], history: number, parabola: TrendComponent): boolean {
  const back = history * CURVATURE_PERSISTENCE;
  const earlier = indicesBetween(xs, Number.NEGATIVE_INFINITY, -back + 1e-9);
  if (earlier.length < 2 * MIN_POINTS) return false;
  const then = earlier.map((i) => (xs[i] as number) + back);
  const values = pick(ys, earlier);
  const fit = fitTrimmedPolynomial(then, values, 2, pick(ns, earlier), TRIM_SDS);
  if (fit === undefined) return false;
  const bend = component(fit, 2, history - back);
  return Math.sign(bend.acceleration) === Math.sign(parabola.acceleration) && curvatureBeyondWander(then, values, bend, history - back);
}

function regimeComponent(regime: RateRegime): TrendComponent {
  const [levelVariance, covariance, , rateVariance] = regime.cov;
  return {
    level: regime.level,
    rate: regime.rate,
    acceleration: 0,
    accelerationHorizon: 0,
    cov: [levelVariance, covariance, 0, covariance, rateVariance, 0, 0, 0, 0],
    weight: 0,
    windowSeconds: regime.sinceSeconds,
    degree: 1,
  };
}

function component(fit: PolynomialFit, degree: 1 | 2, window: number): TrendComponent {
  const inflation = autocorrelationInflation(fit.lag1);
  const k = degree + 1;
  const cov = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  for (let r = 0; r < k; r++) for (let c = 0; c < k; c++) cov[r * 3 + c] = (fit.cov[r * k + c] as number) * inflation;
  return {
    level: fit.coef[0] as number,
    rate: fit.coef[1] as number,
    acceleration: degree === 2 ? 2 * (fit.coef[2] as number) : 0,
    accelerationHorizon: ACCELERATION_REACH * window,
    cov,
    weight: 0,
    windowSeconds: window,
    degree,
  };
}

/** How far the acceleration acts: its reach, or until a slowing rate reaches zero. */
function accelerated(c: TrendComponent, h: number): number {
  const toZero = c.acceleration !== 0 && c.rate * c.acceleration < 0 ? -c.rate / c.acceleration : Number.POSITIVE_INFINITY;
  return Math.min(h, c.accelerationHorizon, toZero);
}

function componentDelta(c: TrendComponent, h: number): number {
  const h1 = accelerated(c, h);
  return c.rate * h1 + 0.5 * c.acceleration * h1 * h1 + (c.rate + c.acceleration * h1) * (h - h1);
}

function componentVariance(c: TrendComponent, h: number): number {
  const h1 = accelerated(c, h);
  const g = [1, h, h1 * h1];
  let sum = 0;
  for (let r = 0; r < 3; r++) for (let col = 0; col < 3; col++) sum += (g[r] as number) * (g[col] as number) * (c.cov[r * 3 + col] as number);
  return Math.max(0, sum);
}

function curvatureStandsOut(fit: PolynomialFit): boolean {
  const se = Math.sqrt(Math.max(0, (fit.cov[8] as number) * autocorrelationInflation(fit.lag1)));
  return Math.abs(fit.coef[2] as number) > CURVATURE_SIGNIFICANCE * se;
}

/**
 * How much the rate has wandered: slopes of consecutive groups of buckets over the whole history,
 * their changes per √second beyond what each slope's own uncertainty explains.
 */
function rateDiffusion(points: readonly BucketPoint[], now: number): number {
  const GROUP = 8;
  const slopes: Array<{ slope: number; variance: number; mid: number }> = [];
  for (let end = points.length; end - GROUP >= 0; end -= GROUP) {
    const group = points.slice(end - GROUP, end);
    const fit = fitRobustPolynomial(
      group.map((p) => (p.t - now) / 1000),
      group.map((p) => p.v),
      1,
      undefined,
      1,
    );
    if (fit === undefined) continue;
    slopes.push({
      slope: fit.coef[1] as number,
      variance: (fit.cov[3] as number) * autocorrelationInflation(fit.lag1),
      mid: ((group[0] as BucketPoint).t + (group[GROUP - 1] as BucketPoint).t) / 2000,
    });
  }
  if (slopes.length < 3) return 0;
  const excess: number[] = [];
  for (let i = 1; i < slopes.length; i++) {
    const a = slopes[i - 1] as { slope: number; variance: number; mid: number };
    const b = slopes[i] as { slope: number; variance: number; mid: number };
    const dt = Math.abs(a.mid - b.mid);
    if (dt > 0) excess.push(((a.slope - b.slope) ** 2 - a.variance - b.variance) / dt);
  }
  // The median of a squared normal is 0.455 of its variance.
  return Math.max(0, median(excess) / 0.455);
}

function indicesFrom(xs: readonly number[], from: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < xs.length; i++) if ((xs[i] as number) >= from) out.push(i);
  return out;
}

function pick(values: readonly number[], indices: readonly number[]): number[] {
  return indices.map((i) => values[i] as number);
}
