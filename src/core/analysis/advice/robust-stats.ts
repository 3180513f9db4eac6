/** Small order statistics for advice: evidence must not move with one odd sample. */

export function quantile(values: readonly number[], q: number): number {
  return sortedQuantile(
    [...values].sort((a, b) => a - b),
    q,
  );
}

/** quantile() of values already in ascending order (a window kept sorted need not be sorted again). */
export function sortedQuantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const low = Math.floor(position);
  const high = Math.ceil(position);
  const lowValue = sorted[low] as number;
  return lowValue + ((sorted[high] as number) - lowValue) * (position - low);
}

/** Theil–Sen slope: the median of the slopes between every pair of points (per unit of x). */
export function theilSenSlope(xs: readonly number[], ys: readonly number[]): number {
  const slopes: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    for (let j = i + 1; j < xs.length; j++) {
      const dx = (xs[j] as number) - (xs[i] as number);
      if (dx !== 0) slopes.push(((ys[j] as number) - (ys[i] as number)) / dx);
    }
  }
  return quantile(slopes, 0.5);
}

/** Kendall's tau of a sequence against its order: 1 always rising, 0 no order, -1 always falling. */
export function kendallTau(values: readonly number[]): number {
  let concordant = 0;
  let discordant = 0;
  for (let i = 0; i < values.length; i++) {
    for (let j = i + 1; j < values.length; j++) {
      const d = (values[j] as number) - (values[i] as number);
      if (d > 0) concordant++;
      else if (d < 0) discordant++;
    }
  }
  const pairs = (values.length * (values.length - 1)) / 2;
  return pairs === 0 ? 0 : (concordant - discordant) / pairs;
}

/** A duration rounded up to one an operator would write: 1s, 2s, 5s, 10s, 15s, 30s, 1m, 2m, 5m, 10m, 15m, 30m, 1h. */
export function niceDurationAtLeast(ms: number): number {
  const steps = [1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000];
  return steps.find((step) => step >= ms) ?? Math.ceil(ms / 3_600_000) * 3_600_000;
}
