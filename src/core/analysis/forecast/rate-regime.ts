import { autocorrelationInflation, fitRobustPolynomial, invertSmall } from './robust-polynomial';

/**
 * The latest rate regime of a fill whose rate changes in steps (a new job writing logs, a backup
 * that doubles its output): where the slope last changed, found as a change point in the trend
 * rather than by trying fixed windows.
 *
 * For every candidate break c among the points, a continuous broken line ("hinge":
 * y = a + b·x + d·min(0, x − c), x ≤ 0 being now) is fitted by least squares, each point weighed by
 * its samples. The break with the smallest residual wins, and it counts only where the change of
 * slope d stands out of its standard error by BREAK_SIGNIFICANCE — the error inflated for
 * residuals that follow each other (a level that wanders like a random walk makes any line's
 * residuals do so), the bar set high because the best of some thirty breaks was picked. The
 * search repeats after the break (binary segmentation), and once more from the newer half of the
 * history (where older changes of rate do not spoil the broken line's fit), so the regime returned
 * is the latest one; its line is then fitted on the points after the break only (the point at the
 * break averages samples from both sides).
 */
export interface RateRegime {
  /** Seconds before now that the regime started (the break). */
  sinceSeconds: number;
  /** The break stood out only over the newer half of the history, not over all of it. */
  newerHalfOnly: boolean;
  level: number;
  rate: number;
  /** Covariance of [level, rate], inflated for autocorrelation (2×2, row-major). */
  cov: [number, number, number, number];
}

/** Standard errors by which a change of slope must stand out (the best of ~30 breaks is taken). */
const BREAK_SIGNIFICANCE = 4;
/**
 * The bar for a break found only over the newer half of the history: a second search finds more
 * chance breaks (on steady wandering fills, 103 of 480 searches at 4, 57 at 6; generated fills,
 * seeds 1–20, time-until p50 / p90 from 4 to 6: flat then filling 2.2 / 6.0 → 2.0 / 5.9 %, rate
 * steps 15.7 / 104.5 → 15.5 / 102.9 %).
 */
const NEWER_HALF_SIGNIFICANCE = 6;
/** Points on each side of a break: a slope needs several to be a slope. */
const MIN_SIDE = 4;
/**
 * A break found only over the newer half of the history (below) counts when the regime after it
 * has lasted this share of the history: over fewer points, a staircase's latest burst stands out
 * too (generated staircases asked at 20 % of the fill, seeds 1–20: median error 87.9 % counting
 * any such break; a staircase asked just after its third burst: mean 0.74 with 1/16, 0.18 with
 * 1/12; 1/8 gave up most of the gain on rate steps: 17.3 % against 16.8 % with 1/12; measured
 * with the bar at 4, and 1/16 and 0 still fail the staircase at 6).
 */
const NEWER_HALF_MIN_REGIME = 1 / 12;

/**
 * @param xs seconds relative to now (≤ 0), oldest first
 * @param ns samples per point (a bucket's mean counts as many samples as it holds)
 */
export function latestRateRegime(xs: readonly number[], ys: readonly number[], ns: readonly number[]): RateRegime | undefined {
  const history = -(xs[0] ?? 0);
  // One broken line over a history whose rate changed several times fits none of the changes:
  // the misfit (large residuals that follow each other) hides even a large latest change, which
  // stands out over the newer half alone, where the older changes are left out.
  const newerHalf = xs.findIndex((x) => x >= -history / 2);
  let latest: number | undefined;
  let newerHalfOnly = false;
  for (const origin of newerHalf > 0 ? [0, newerHalf] : [0]) {
    for (let from = origin; ;) {
      const found = significantBreak(xs, ys, ns, from, origin === 0 ? BREAK_SIGNIFICANCE : NEWER_HALF_SIGNIFICANCE);
      if (found === undefined) break;
      const counts = origin === 0 || -(xs[found] as number) >= NEWER_HALF_MIN_REGIME * history;
      if (counts && (latest === undefined || found > latest)) {
        latest = found;
        newerHalfOnly = origin > 0;
      }
      from = found;
    }
  }
  if (latest === undefined) return undefined;
  const after = latest + 1;
  const fit = fitRobustPolynomial(xs.slice(after), ys.slice(after), 1, ns.slice(after));
  if (fit === undefined) return undefined;
  const inflation = autocorrelationInflation(fit.lag1);
  const [levelVariance, covariance, , rateVariance] = fit.cov.map((c) => c * inflation) as [number, number, number, number];
  return {
    sinceSeconds: -(xs[latest] as number),
    newerHalfOnly,
    level: fit.coef[0] as number,
    rate: fit.coef[1] as number,
    cov: [levelVariance, covariance, covariance, rateVariance],
  };
}

interface HingeFit {
  coef: number[];
  inverse: number[];
  rss: number;
  lag1: number;
  dof: number;
}

/** The best break among the points from `from`, if its change of slope stands out. */
function significantBreak(xs: readonly number[], ys: readonly number[], ns: readonly number[], from: number, bar: number): number | undefined {
  if (xs.length - from < 2 * MIN_SIDE) return undefined;
  let span = 0;
  for (let i = from; i < xs.length; i++) span = Math.max(span, Math.abs(xs[i] as number));
  if (!(span > 0)) return undefined;
  let best: { fit: HingeFit; index: number } | undefined;
  for (let at = from + MIN_SIDE - 1; at < xs.length - MIN_SIDE; at++) {
    const c = (xs[at] as number) / span;
    const fit = fitRows(xs, ys, ns, from, (x) => hingeRow(x, c, span));
    if (fit !== undefined && (best === undefined || fit.rss < best.fit.rss)) best = { fit, index: at };
  }
  if (best === undefined || best.fit.dof <= 0) return undefined;
  const { coef, inverse, rss, lag1, dof } = best.fit;
  const changeVariance = (inverse[8] as number) * (rss / dof) * autocorrelationInflation(lag1);
  if (!(Math.abs(coef[2] as number) > bar * Math.sqrt(changeVariance))) return undefined;
  return best.index;
}

/** The break's term, min(0, u − c), is zero from the break on: a and b are the regime's own level and slope. */
function hingeRow(x: number, c: number, span: number): [number, number, number] {
  const u = x / span;
  return [1, u, Math.min(0, u - c)];
}

/**
 * Whether the bend of a history is the regime's change of rate rather than a steady acceleration:
 * the broken line with its break where the regime starts fits all the points better than a
 * parabola does (both have three coefficients). A step up passes the parabola's own tests (its
 * curvature stands out, it predicts the newer half better than a line) and is then projected as
 * an ever faster fill.
 */
export function stepExplainsBend(xs: readonly number[], ys: readonly number[], ns: readonly number[], regime: RateRegime): boolean {
  const span = -(xs[0] ?? 0);
  if (!(span > 0)) return false;
  const broken = fitRows(xs, ys, ns, 0, (x) => hingeRow(x, -regime.sinceSeconds / span, span));
  const parabola = fitRows(xs, ys, ns, 0, (x) => [1, x / span, (x / span) ** 2]);
  return broken !== undefined && parabola !== undefined && broken.rss < parabola.rss;
}

/** Whether a broken line with its break at some point fits the points better than a parabola does. */
export function someStepFitsBetter(xs: readonly number[], ys: readonly number[], ns: readonly number[]): boolean {
  const span = -(xs[0] ?? 0);
  if (!(span > 0) || xs.length < 2 * MIN_SIDE) return false;
  const parabola = fitRows(xs, ys, ns, 0, (x) => [1, x / span, (x / span) ** 2]);
  if (parabola === undefined) return false;
  for (let at = MIN_SIDE - 1; at < xs.length - MIN_SIDE; at++) {
    const broken = fitRows(xs, ys, ns, 0, (x) => hingeRow(x, (xs[at] as number) / span, span));
    if (broken !== undefined && broken.rss < parabola.rss) return true;
  }
  return false;
}

/** Weighted least squares on three columns (`row` of each x), over the points from `from`. */
function fitRows(
  xs: readonly number[],
  ys: readonly number[],
  ns: readonly number[],
  from: number,
  row: (x: number) => [number, number, number],
): HingeFit | undefined {
  const a = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  const b = [0, 0, 0];
  for (let i = from; i < xs.length; i++) {
    const w = ns[i] as number;
    const r = row(xs[i] as number);
    for (let p = 0; p < 3; p++) {
      b[p] = (b[p] as number) + w * (r[p] as number) * (ys[i] as number);
      for (let q = 0; q < 3; q++) a[p * 3 + q] = (a[p * 3 + q] as number) + w * (r[p] as number) * (r[q] as number);
    }
  }
  const inverse = invertSmall(a, 3);
  if (inverse === undefined) return undefined;
  const [b0, b1, b2] = b as [number, number, number];
  const coef = [0, 1, 2].map((p) => (inverse[p * 3] as number) * b0 + (inverse[p * 3 + 1] as number) * b1 + (inverse[p * 3 + 2] as number) * b2);
  let rss = 0;
  let lag = 0;
  let previous: number | undefined;
  for (let i = from; i < xs.length; i++) {
    const r = row(xs[i] as number);
    // A point of n samples is a mean of n: its residual times √n is what one sample's would be.
    const e = ((ys[i] as number) - (coef[0] as number) - (coef[1] as number) * r[1] - (coef[2] as number) * r[2]) * Math.sqrt(ns[i] as number);
    rss += e * e;
    if (previous !== undefined) lag += e * previous;
    previous = e;
  }
  return { coef, inverse, rss, lag1: rss > 0 ? lag / rss : 0, dof: xs.length - from - 3 };
}
