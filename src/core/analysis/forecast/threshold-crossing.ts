/**
 * The first time a projected path reaches a threshold. Paths here may jump (a projected cleanup)
 * and bend (acceleration, a season), so the search scans a geometric grid of horizons plus the
 * moments just before each projected jump (where a sawtooth peaks), then narrows the first bracket
 * by bisection. Cost is bounded by the grid, never by how far away the crossing is.
 */
const GRID = 160;
const BISECTIONS = 40;

/**
 * @param reached whether the path has reached the threshold at horizon h (s)
 * @param horizon the furthest horizon to search (s)
 * @param extra horizons to check besides the grid (peaks before jumps), any order
 * @returns the first horizon (s) at which `reached` holds, or Infinity
 */
export function firstCrossing(reached: (h: number) => boolean, horizon: number, extra: readonly number[] = []): number {
  if (!(horizon > 0)) return Number.POSITIVE_INFINITY;
  const start = horizon * 1e-6;
  const ratio = (horizon / start) ** (1 / (GRID - 1));
  const checks: number[] = [];
  for (let i = 0, h = start; i < GRID; i++, h *= ratio) checks.push(Math.min(h, horizon));
  for (const h of extra) if (h > 0 && h <= horizon) checks.push(h);
  checks.sort((a, b) => a - b);
  let previous = 0;
  for (const h of checks) {
    if (reached(h)) {
      let low = previous;
      let high = h;
      for (let i = 0; i < BISECTIONS && high - low > 1e-9 * high; i++) {
        const mid = (low + high) / 2;
        if (reached(mid)) high = mid;
        else low = mid;
      }
      return high;
    }
    previous = h;
  }
  return Number.POSITIVE_INFINITY;
}
