import { fitTrimmedPolynomial, median } from './robust-polynomial';

/**
 * How far a line's rate over the last `span` seconds can be off by wander alone, measured from
 * the series' own samples there. A fill whose writes vary (each a little more or less than the
 * rate) has a level that wanders as a random walk around its line; a line fitted to a stretch of a
 * random walk has a slope off by about WALK_SLOPE_FACTOR × (its residuals' spread) / span
 * (simulated, least squares on 8 to 300 steps of a Gaussian random walk: 4.4–4.6). For noise that
 * does not wander the same residuals give a smaller error (√12 / √n), so the bound holds for both.
 *
 * The fits' own standard errors allow for residuals that follow each other only as far as an
 * AR(1) with ρ ≤ 0.9: over the last second of a real steady tmpfs fill (8–16 reads) a break
 * stood out by their measure, and the writes' wander was followed as a new rate 25–35 % off.
 */
const WALK_SLOPE_FACTOR = 4.4;
const WALK_CURVATURE_FACTOR = 9.5;
/**
 * The slope error of a line over the last `span` of a random walk, from the residuals' spread around
 * one parabola over the whole history `H` instead: about WALK_HISTORY_SLOPE_FACTOR × spread ×
 * √(span / H) / span (simulated, least squares on 64 to 512 steps, spans H to H/16: 5.4–5.9). A
 * walk's spread grows as √span, so the whole history's, with many more reads than a short span
 * holds, says what that span's own few residuals can miss; the parabola keeps a steady bend out of it.
 */
const WALK_HISTORY_SLOPE_FACTOR = 5.6;
/** A whole-history parabola trims its gross errors (spikes) at this many robust standard deviations, as the candidate fits do. */
const HISTORY_TRIM_SDS = 4;
const MIN_POINTS = 3;

/**
 * @param xs seconds relative to now (≤ 0)
 * @returns the bound for the line `level + rate·x` over the points within `span` of now, or undefined with fewer than MIN_POINTS
 */
export function wanderRateError(xs: readonly number[], ys: readonly number[], span: number, level: number, rate: number): number | undefined {
  const spread = residualSpread(xs, ys, span, [level, rate]);
  return spread === undefined ? undefined : (WALK_SLOPE_FACTOR * spread) / span;
}

/**
 * The same bound for a line over the last `span` seconds, with the wander measured over the whole
 * history (WALK_HISTORY_SLOPE_FACTOR). Over real steady tmpfs fills, the last 2–5 s (20–50 reads)
 * lay close to their own line, so their own spread (wanderRateError) said a rate 5–14 % off the
 * long run's was a change: the reads of the whole history show wander that size is the fill's usual.
 */
export function wanderRateErrorFromHistory(xs: readonly number[], ys: readonly number[], span: number): number | undefined {
  const history = -(xs[0] ?? 0);
  if (!(span > 0) || !(history >= span)) return undefined;
  const parabola = fitTrimmedPolynomial(xs, ys, 2, undefined, HISTORY_TRIM_SDS);
  const spread = parabola === undefined ? undefined : residualSpread(xs, ys, history, parabola.coef);
  return spread === undefined ? undefined : (WALK_HISTORY_SLOPE_FACTOR * spread * Math.sqrt(span / history)) / span;
}

/**
 * The same for a parabola's curvature (its coefficient of x², per second²): least squares on a
 * random walk gives a coefficient of (x / span)² off by about WALK_CURVATURE_FACTOR × the
 * residuals' spread (simulated, 12 to 300 steps: 9.1–10.0).
 */
export function wanderCurvatureError(xs: readonly number[], ys: readonly number[], span: number, coef: readonly [number, number, number]): number | undefined {
  const spread = residualSpread(xs, ys, span, coef);
  return spread === undefined ? undefined : (WALK_CURVATURE_FACTOR * spread) / (span * span);
}

/** 1.4826 × the median absolute deviation of the residuals from the polynomial `coef` (of x, seconds before now) over the last `span` seconds. */
function residualSpread(xs: readonly number[], ys: readonly number[], span: number, coef: readonly number[]): number | undefined {
  if (!(span > 0)) return undefined;
  const residuals: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] as number;
    if (x < -span) continue;
    let fitted = 0;
    for (let j = coef.length - 1; j >= 0; j--) fitted = fitted * x + (coef[j] as number);
    residuals.push((ys[i] as number) - fitted);
  }
  if (residuals.length < MIN_POINTS) return undefined;
  const centre = median(residuals);
  return 1.4826 * median(residuals.map((r) => Math.abs(r - centre)));
}
