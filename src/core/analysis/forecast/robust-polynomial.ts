/**
 * A straight line or a parabola through points, fitted robustly: iteratively reweighted least
 * squares with Tukey's biweight (c = 4.685, 95 % efficient on Gaussian noise), started from
 * ordinary least squares and scaled by the median absolute residual. An outlier far from the
 * others gets weight 0, so a spike or a stuck reading does not tilt the line as it tilts
 * predict_linear's least squares; on clean data the answer is least squares'.
 */
export interface PolynomialFit {
  /** Coefficients of 1, x, x² (x in the caller's units); a line has two. */
  coef: number[];
  /** Covariance of the coefficients, row-major, scaled by the robust residual variance. */
  cov: number[];
  /** Robust residual scale (1.4826 · median |residual|). */
  scale: number;
  /** Lag-1 autocorrelation of the weighted residuals: structure the polynomial does not explain. */
  lag1: number;
  /** Sum of the robustness weights: points that counted. */
  effectiveN: number;
}

const TUKEY_C = 4.685;
const ITERATIONS = 8;

/**
 * @param prior weights of the points before robustness (a bucket of n samples may count n times)
 * @param iterations reweighting rounds; 1 is plain (weighted) least squares, for data already cleaned
 */
export function fitRobustPolynomial(
  xs: readonly number[],
  ys: readonly number[],
  degree: 1 | 2,
  prior?: readonly number[],
  iterations = ITERATIONS,
): PolynomialFit | undefined {
  const n = xs.length;
  const k = degree + 1;
  if (n < k + 1) return undefined;
  // Conditioning: fit on x / span so that x² stays near 1 whatever the time unit.
  let span = 0;
  for (const x of xs) span = Math.max(span, Math.abs(x));
  if (!(span > 0)) return undefined;
  const weights = new Array<number>(n).fill(1);
  // Residuals are compared on one footing: a point of prior weight p is a mean of p samples,
  // so its residual times √p is what one sample's would be.
  const root = prior === undefined ? undefined : prior.map(Math.sqrt);
  const residuals = new Array<number>(n).fill(0);
  let solution: { coef: number[]; inverse: number[] } | undefined;
  let scale = 0;
  for (let iteration = 0; iteration < iterations; iteration++) {
    solution = weightedLeastSquares(xs, ys, prior === undefined ? weights : weights.map((w, i) => w * (prior[i] as number)), k, span);
    if (solution === undefined) return undefined;
    for (let i = 0; i < n; i++)
      residuals[i] = ((ys[i] as number) - evaluatePolynomial(solution.coef, (xs[i] as number) / span)) * (root === undefined ? 1 : (root[i] as number));
    scale = 1.4826 * median(residuals.map(Math.abs));
    if (!(scale > 0) || iteration === iterations - 1) break; // an exact fit, or the last round
    let changed = 0;
    for (let i = 0; i < n; i++) {
      const u = (residuals[i] as number) / (TUKEY_C * scale);
      const w = Math.abs(u) >= 1 ? 0 : (1 - u * u) ** 2;
      changed = Math.max(changed, Math.abs(w - (weights[i] as number)));
      weights[i] = w;
    }
    if (changed < 1e-3) break;
  }
  if (solution === undefined) return undefined;
  const effectiveN = weights.reduce((a, b) => a + b, 0);
  // Back to the caller's units: coefficient j was for (x/span)^j.
  const coef = solution.coef.map((c, j) => c / span ** j);
  const variance = scale * scale;
  const cov: number[] = [];
  for (let r = 0; r < k; r++) for (let c = 0; c < k; c++) cov.push(((solution.inverse[r * k + c] as number) * variance) / (span ** r * span ** c));
  return { coef, cov, scale, lag1: lagOneCorrelation(residuals, weights), effectiveN };
}

/** Residuals that follow each other carry less information than their count says: the variance factor for a lag-1 correlation. */
export function autocorrelationInflation(lag1: number): number {
  const rho = Math.min(0.9, Math.max(0, lag1));
  return (1 + rho) / (1 - rho);
}

/** c0 + c1·x + c2·x² … by Horner's rule. */
export function evaluatePolynomial(coef: readonly number[], x: number): number {
  let y = 0;
  for (let j = coef.length - 1; j >= 0; j--) y = y * x + (coef[j] as number);
  return y;
}

function weightedLeastSquares(
  xs: readonly number[],
  ys: readonly number[],
  weights: readonly number[],
  k: number,
  span: number,
): { coef: number[]; inverse: number[] } | undefined {
  const a = new Array<number>(k * k).fill(0);
  const b = new Array<number>(k).fill(0);
  for (let i = 0; i < xs.length; i++) {
    const w = weights[i] as number;
    if (w === 0) continue;
    const x = (xs[i] as number) / span;
    const powers = [1, x, x * x];
    for (let r = 0; r < k; r++) {
      b[r] = (b[r] as number) + w * (powers[r] as number) * (ys[i] as number);
      for (let c = 0; c < k; c++) a[r * k + c] = (a[r * k + c] as number) + w * (powers[r] as number) * (powers[c] as number);
    }
  }
  const inverse = invertSmall(a, k);
  if (inverse === undefined) return undefined;
  const coef: number[] = [];
  for (let r = 0; r < k; r++) {
    let sum = 0;
    for (let c = 0; c < k; c++) sum += (inverse[r * k + c] as number) * (b[c] as number);
    coef.push(sum);
  }
  return { coef, inverse };
}

/** Gauss–Jordan inverse of a small symmetric matrix; undefined when singular. */
export function invertSmall(matrix: readonly number[], k: number): number[] | undefined {
  const m = matrix.slice();
  const inv = new Array<number>(k * k).fill(0);
  for (let i = 0; i < k; i++) inv[i * k + i] = 1;
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let r = col + 1; r < k; r++) if (Math.abs(m[r * k + col] as number) > Math.abs(m[pivot * k + col] as number)) pivot = r;
    const p = m[pivot * k + col] as number;
    if (!(Math.abs(p) > 1e-12)) return undefined;
    if (pivot !== col) {
      for (let c = 0; c < k; c++) {
        [m[col * k + c], m[pivot * k + c]] = [m[pivot * k + c] as number, m[col * k + c] as number];
        [inv[col * k + c], inv[pivot * k + c]] = [inv[pivot * k + c] as number, inv[col * k + c] as number];
      }
    }
    for (let c = 0; c < k; c++) {
      m[col * k + c] = (m[col * k + c] as number) / p;
      inv[col * k + c] = (inv[col * k + c] as number) / p;
    }
    for (let r = 0; r < k; r++) {
      if (r === col) continue;
      const f = m[r * k + col] as number;
      if (f === 0) continue;
      for (let c = 0; c < k; c++) {
        m[r * k + c] = (m[r * k + c] as number) - f * (m[col * k + c] as number);
        inv[r * k + c] = (inv[r * k + c] as number) - f * (inv[col * k + c] as number);
      }
    }
  }
  return inv;
}

function lagOneCorrelation(residuals: readonly number[], weights: readonly number[]): number {
  let num = 0;
  let den = 0;
  let previous: number | undefined;
  for (let i = 0; i < residuals.length; i++) {
    if ((weights[i] as number) === 0) continue;
    const r = residuals[i] as number;
    den += r * r;
    if (previous !== undefined) num += r * previous;
    previous = r;
  }
  return den > 0 ? num / den : 0;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Least squares with gross errors trimmed: a least-squares fit, then again without the points
 * whose residual (scaled to one sample's) lies beyond `k` robust standard deviations. Fully
 * efficient on clean data, where Tukey's biweight gives up some precision and, on a level that
 * moves in lasting steps (bursts, a wandering level), downweights the very points that say where
 * the level is now.
 */
export function fitTrimmedPolynomial(
  xs: readonly number[],
  ys: readonly number[],
  degree: 1 | 2,
  prior: readonly number[] | undefined,
  k: number,
): PolynomialFit | undefined {
  const first = fitRobustPolynomial(xs, ys, degree, prior, 1);
  if (first === undefined || !(first.scale > 0)) return first;
  const kept: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    const residual = ((ys[i] as number) - evaluatePolynomial(first.coef, xs[i] as number)) * Math.sqrt(prior === undefined ? 1 : (prior[i] as number));
    if (Math.abs(residual) <= k * first.scale) kept.push(i);
  }
  if (kept.length === xs.length) return first;
  const pick = (values: readonly number[]): number[] => kept.map((i) => values[i] as number);
  return fitRobustPolynomial(pick(xs), pick(ys), degree, prior === undefined ? undefined : pick(prior), 1) ?? first;
}
