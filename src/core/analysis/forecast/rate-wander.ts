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
const MIN_POINTS = 3;

/**
 * @param xs seconds relative to now (≤ 0)
 * @returns the bound for the line `level + rate·x` over the points within `span` of now, or undefined with fewer than MIN_POINTS
 */
export function wanderRateError(xs: readonly number[], ys: readonly number[], span: number, level: number, rate: number): number | undefined {
  if (!(span > 0)) return undefined;
  const residuals: number[] = [];
  for (let i = 0; i < xs.length; i++) if ((xs[i] as number) >= -span) residuals.push((ys[i] as number) - level - rate * (xs[i] as number));
  if (residuals.length < MIN_POINTS) return undefined;
  const centre = median(residuals);
  const spread = 1.4826 * median(residuals.map((r) => Math.abs(r - centre)));
  return (WALK_SLOPE_FACTOR * spread) / span;
}
