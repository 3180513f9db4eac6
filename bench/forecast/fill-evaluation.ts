import { TrendForecaster } from '../../src/core/analysis/forecast/trend-forecaster';
import { linearRegression, rangeFunctions } from '../../src/core/promql/range-functions';
import type { FillRun } from './fill-scenarios';

/**
 * Time-until-threshold errors on one run: the forecaster is fed the observed samples one by one
 * and asked at the moment the true usage has covered 20 % of the way from its start to the
 * threshold, and then at evenly spaced later times until 95 % of the time to the crossing has
 * passed (so that bursts and cleanups are met at every phase, not only when a fraction is passed).
 * Beside it, Prometheus' predict_linear (Zervigo's conformance-tested
 * implementation) over the same samples: the whole history, and the window ours chose.
 * Errors are |predicted − true| / true remaining time; "never" counts as an infinite error.
 */
const LATER_POINTS = 30;

export interface FillErrors {
  /** Per evaluation: whether it is the 20 % moment, and the three relative errors. */
  points: Array<{ first: boolean; ours: number; linearAll: number; linearSameWindow: number; covered: boolean }>;
}

export function evaluateFillRun(run: FillRun): FillErrors {
  const forecaster = new TrendForecaster();
  const points: FillErrors['points'] = [];
  const crossAt = run.ts[run.crossIndex] as number;
  let fed = 0;
  const start = run.truth.findIndex((v) => v >= run.start + 0.2 * (run.threshold - run.start));
  if (start < 0 || start >= run.crossIndex) return { points };
  const moments = [start];
  const last = Math.floor(start + 0.95 * (run.crossIndex - start));
  for (let k = 1; k <= LATER_POINTS; k++) moments.push(Math.round(start + ((last - start) * k) / LATER_POINTS));
  for (const at of moments) {
    if (at >= run.crossIndex) continue;
    for (; fed <= at; fed++) forecaster.update(run.ts[fed] as number, run.observed[fed] as number);
    const now = run.ts[at] as number;
    const truth = (crossAt - now) / 1000;
    const forecast = forecaster.forecast(now, { threshold: run.threshold, direction: 'up' });
    const ours = forecast.status === 'fills' ? (forecast.secondsUntil as number) : forecast.status === 'crossed' ? 0 : Number.POSITIVE_INFINITY;
    const covered = forecast.status === 'fills' && (forecast.interval as [number, number])[0] <= truth && truth <= (forecast.interval as [number, number])[1];
    const trend = forecaster.trend(now);
    const windowMs = typeof trend === 'string' ? now - (run.ts[0] as number) : trend.windowMs;
    points.push({
      first: at === start,
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
  if (check === undefined || Math.abs(check - threshold) > 1e-6 * Math.abs(threshold))
    throw new Error(`predict_linear disagrees with its regression: ${check} vs ${threshold}`);
  return seconds;
}
