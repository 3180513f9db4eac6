import type { RollupColumns } from './values';

/**
 * Functions over the samples of one series in a range, computed as Prometheus 2.x computes
 * them (promql/functions.go), so that results agree with a real Prometheus to float precision.
 */
export interface RangeInput {
  ts: readonly number[];
  values: readonly number[];
  /**
   * Read from a rollup tier: each point is a bucket (its value the average) with these
   * aggregates, which the *_over_time functions use so that they stay exact, and rate and
   * increase use (a counter's bucket maximum is its last value unless it was reset).
   */
  rollup?: RollupColumns | undefined;
  /** The range's bounds (ms), after the offset is applied. */
  rangeStart: number;
  rangeEnd: number;
  rangeMs: number;
  /** The evaluation time (ms): predict_linear's intercept. */
  at: number;
}

export type RangeFunction = (input: RangeInput, scalarArg: number) => number | undefined;

/** rate, increase (counters) and their extrapolation to the range's edges. */
function extrapolatedRate(input: RangeInput, isRate: boolean): number | undefined {
  const ts = input.ts;
  const values = input.rollup?.max ?? input.values;
  const n = ts.length;
  if (n < 2) return undefined;
  const firstT = ts[0] as number;
  const lastT = ts[n - 1] as number;
  const firstV = values[0] as number;
  let result = (values[n - 1] as number) - firstV;
  // A counter that went down was reset: add what it had reached before the reset.
  let last = 0;
  for (const value of values) {
    if (value < last) result += last;
    last = value;
  }
  let durationToStart = (firstT - input.rangeStart) / 1000;
  const durationToEnd = (input.rangeEnd - lastT) / 1000;
  const sampledInterval = (lastT - firstT) / 1000;
  const averageBetween = sampledInterval / (n - 1);
  // Counters start at zero: never extrapolate below it.
  if (result > 0 && firstV >= 0) {
    const durationToZero = sampledInterval * (firstV / result);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  const threshold = averageBetween * 1.1;
  let extrapolateTo = sampledInterval;
  extrapolateTo += durationToStart < threshold ? durationToStart : averageBetween / 2;
  extrapolateTo += durationToEnd < threshold ? durationToEnd : averageBetween / 2;
  let factor = extrapolateTo / sampledInterval;
  if (isRate) factor /= input.rangeMs / 1000;
  return result * factor;
}

/** Kahan-compensated running sum, as Prometheus uses for regressions and averages. */
function kahanInc(increment: number, sum: number, compensation: number): [number, number] {
  const t = sum + increment;
  let c = compensation;
  if (Math.abs(sum) >= Math.abs(increment)) c += sum - t + increment;
  else c += increment - t + sum;
  return [t, c];
}

/** Least-squares slope and intercept (at `interceptTime`) of the samples. */
export function linearRegression(ts: readonly number[], values: readonly number[], interceptTime: number): { slope: number; intercept: number } {
  let n = 0;
  let sumX = 0,
    cX = 0,
    sumY = 0,
    cY = 0,
    sumXY = 0,
    cXY = 0,
    sumX2 = 0,
    cX2 = 0;
  const initY = values[0] as number;
  let constY = true;
  for (let i = 0; i < ts.length; i++) {
    const y = values[i] as number;
    if (constY && i > 0 && y !== initY) constY = false;
    n += 1;
    const x = ((ts[i] as number) - interceptTime) / 1000;
    [sumX, cX] = kahanInc(x, sumX, cX);
    [sumY, cY] = kahanInc(y, sumY, cY);
    [sumXY, cXY] = kahanInc(x * y, sumXY, cXY);
    [sumX2, cX2] = kahanInc(x * x, sumX2, cX2);
  }
  if (constY) {
    if (!Number.isFinite(initY) && !Number.isNaN(initY)) return { slope: Number.NaN, intercept: Number.NaN };
    return { slope: 0, intercept: initY };
  }
  sumX += cX;
  sumY += cY;
  sumXY += cXY;
  sumX2 += cX2;
  const covXY = sumXY - (sumX * sumY) / n;
  const varX = sumX2 - (sumX * sumX) / n;
  const slope = covXY / varX;
  return { slope, intercept: sumY / n - (slope * sumX) / n };
}

function average(values: readonly number[]): number {
  let mean = 0;
  let c = 0;
  let count = 0;
  for (const value of values) {
    count += 1;
    if (!Number.isFinite(mean) && !Number.isNaN(mean)) {
      if (Number.isFinite(value)) continue;
      if (Math.sign(mean) !== Math.sign(value) || Number.isNaN(value)) return Number.NaN;
      continue;
    }
    [mean, c] = kahanInc(value / count - mean / count, mean, c);
  }
  return Number.isFinite(mean) ? mean + c : mean;
}

function sum(values: readonly number[]): number {
  let total = 0;
  let c = 0;
  for (const value of values) [total, c] = kahanInc(value, total, c);
  return Number.isFinite(total + c) ? total + c : total;
}

function extreme(values: readonly number[], pick: (a: number, b: number) => boolean): number {
  let result = values[0] as number;
  for (const value of values) if (pick(value, result) || Number.isNaN(result)) result = value;
  return result;
}

const nonEmpty =
  (fn: (values: readonly number[]) => number, fromRollup?: (rollup: RollupColumns) => number): RangeFunction =>
  (input) => {
    if (input.values.length === 0) return undefined;
    return input.rollup !== undefined && fromRollup !== undefined ? fromRollup(input.rollup) : fn(input.values);
  };

const isLess = (a: number, b: number): boolean => a < b;
const isGreater = (a: number, b: number): boolean => a > b;

export const rangeFunctions: Record<string, RangeFunction> = {
  rate: (input) => extrapolatedRate(input, true),
  increase: (input) => extrapolatedRate(input, false),
  deriv: (input) => (input.ts.length < 2 ? undefined : linearRegression(input.ts, input.values, input.ts[0] as number).slope),
  predict_linear: (input, seconds) => {
    if (input.ts.length < 2) return undefined;
    const { slope, intercept } = linearRegression(input.ts, input.values, input.at);
    return slope * seconds + intercept;
  },
  avg_over_time: nonEmpty(average, (rollup) => sum(rollup.sum) / sum(rollup.count)),
  sum_over_time: nonEmpty(sum, (rollup) => sum(rollup.sum)),
  count_over_time: nonEmpty(
    (values) => values.length,
    (rollup) => sum(rollup.count),
  ),
  min_over_time: nonEmpty(
    (values) => extreme(values, isLess),
    (rollup) => extreme(rollup.min, isLess),
  ),
  max_over_time: nonEmpty(
    (values) => extreme(values, isGreater),
    (rollup) => extreme(rollup.max, isGreater),
  ),
  last_over_time: nonEmpty((values) => values.at(-1) as number),
};
