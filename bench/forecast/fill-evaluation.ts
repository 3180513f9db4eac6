import { TrendForecaster } from '../../src/core/analysis/forecast/trend-forecaster';
import { linearRegression, rangeFunctions } from '../../src/core/rules/promql/range-functions';
import type { FillRun } from './fill-scenarios';

/**
 * Time-until-threshold errors on one run: the forecaster is fed the observed samples one by one
 * and asked at the moments the true usage has covered 20 %, 30 % … 90 % of the way from its start
 * to the threshold. Beside it, Prometheus' predict_linear (Zervigo's conformance-tested
 * implementation) over the same samples: the whole history, and the window ours chose.
 * Errors are |predicted − true| / true remaining time; "never" counts as an infinite error.
 */
export const FRACTIONS = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

export interface FillErrors {
  /** Per evaluation: fraction of the fill done, and the three relative errors. */
  points: Array<{ fraction: number; ours: number; linearAll: number; linearSameWindow: number; covered: boolean }>;
}

export function evaluateFillRun(run: FillRun): FillErrors {
  const forecaster = new TrendForecaster();
  const points: FillErrors['points'] = [];
  const crossAt = run.ts[run.crossIndex] as number;
  let fed = 0;
  for (const fraction of FRACTIONS) {
    const target = run.start + fraction * (run.threshold - run.start);
    const at = run.truth.findIndex((v) => v >= target);
    if (at < 0 || at >= run.crossIndex) continue;
    for (; fed <= at; fed++) forecaster.update(run.ts[fed] as number, run.observed[fed] as number);
    const now = run.ts[at] as number;
    const truth = (crossAt - now) / 1000;
    const forecast = forecaster.forecast(now, { threshold: run.threshold, direction: 'up' });
    const ours = forecast.status === 'fills' ? (forecast.secondsUntil as number) : forecast.status === 'crossed' ? 0 : Number.POSITIVE_INFINITY;
    const covered = forecast.status === 'fills' && (forecast.interval as [number, number])[0] <= truth && truth <= (forecast.interval as [number, number])[1];
    const trend = forecaster.trend(now);
    const windowMs = typeof trend === 'string' ? now - (run.ts[0] as number) : trend.windowMs;
    points.push({
      fraction,
      ours: relativeError(ours, truth),
      linearAll: relativeError(predictLinearSeconds(run.ts, run.observed, 0, at, run.threshold), truth),
      linearSameWindow: relativeError(predictLinearSeconds(run.ts, run.observed, firstIndexAtOrAfter(run.ts, now - windowMs), at, run.threshold), truth),
      covered,
    });
  }
  return { points };
}

function relativeError(predicted: number, truth: number): number {
  return Math.abs(predicted - truth) / truth;
}

function firstIndexAtOrAfter(ts: readonly number[], time: number): number {
  const i = ts.findIndex((t) => t >= time);
  return i < 0 ? ts.length - 1 : i;
}

/**
 * The time at which `predict_linear(series[window], s)` reaches the threshold, as an operator's
 * `predict_linear(x[w], s) > threshold` rule implies: the same regression, solved for s.
 */
export function predictLinearSeconds(ts: readonly number[], values: readonly number[], from: number, to: number, threshold: number): number {
  const windowTs = ts.slice(from, to + 1);
  const windowValues = values.slice(from, to + 1);
  if (windowTs.length < 2) return Number.POSITIVE_INFINITY;
  const at = windowTs[windowTs.length - 1] as number;
  const { slope, intercept } = linearRegression(windowTs, windowValues, at);
  if (intercept >= threshold) return 0;
  if (!(slope > 0)) return Number.POSITIVE_INFINITY;
  const seconds = (threshold - intercept) / slope;
  // The same number through the function itself, so the baseline is exactly predict_linear.
  const input = { ts: windowTs, values: windowValues, rangeStart: windowTs[0] as number, rangeEnd: at, rangeMs: at - (windowTs[0] as number), at };
  const check = rangeFunctions.predict_linear?.(input, seconds);
  if (check === undefined || Math.abs(check - threshold) > 1e-6 * Math.abs(threshold)) throw new Error(`predict_linear disagrees with its regression: ${check} vs ${threshold}`);
  return seconds;
}
