import { median } from './robust-polynomial';

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
