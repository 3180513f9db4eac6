import { SeasonalForecaster } from '../../src/core/analysis/forecast/seasonal-forecaster';
import type { NamedSeries } from './nab-series';

/**
 * Forecast accuracy against a seasonal-naive forecast, on the same origins and horizons. The
 * series is streamed into the forecaster; from the moment it has found a season (and a season's
 * history exists for the naive forecast), every six hours it forecasts the next season's samples
 * and so does seasonal-naive (each sample's value one season earlier, seen at the origin). The
 * ratio of their mean absolute errors is the MASE against seasonal-naive (below 1: better).
 */
export interface SeasonalScore {
  name: string;
  /** The season found at the end, or why none. */
  season: string;
  origins: number;
  /** MAE(ours) / MAE(seasonal-naive); NaN when no origin was evaluated. */
  mase: number;
  oursMae: number;
  naiveMae: number;
  /** Share of the actual samples inside our 80 % band. */
  coverage: number;
}

const ORIGIN_EVERY_MS = 6 * 3_600_000;

export function evaluateSeasonal(series: NamedSeries): SeasonalScore {
  const { ts, values } = series;
  const forecaster = new SeasonalForecaster();
  let oursError = 0;
  let naiveError = 0;
  let inside = 0;
  let count = 0;
  let origins = 0;
  let nextOrigin = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < ts.length; i++) {
    forecaster.update(ts[i] as number, values[i] as number);
    const now = ts[i] as number;
    if (now < nextOrigin) continue;
    const season = forecaster.season();
    if ('none' in season) continue;
    const period = season.periodMs;
    if (now - (ts[0] as number) < period) continue;
    nextOrigin = now + ORIGIN_EVERY_MS;
    const ahead: number[] = [];
    for (let j = i + 1; j < ts.length && (ts[j] as number) <= now + period; j++) ahead.push(j);
    if (ahead.length === 0) continue;
    const predicted = forecaster.predict(ahead.map((j) => ts[j] as number));
    if (predicted === undefined) continue;
    origins++;
    ahead.forEach((j, k) => {
      const actual = values[j] as number;
      const naive = valueBefore(ts, values, (ts[j] as number) - period * Math.ceil(((ts[j] as number) - now) / period), i);
      if (naive === undefined || !Number.isFinite(actual)) return;
      const p = predicted[k] as { value: number; low: number; high: number };
      oursError += Math.abs(p.value - actual);
      naiveError += Math.abs(naive - actual);
      if (actual >= p.low && actual <= p.high) inside++;
      count++;
    });
  }
  const season = forecaster.season();
  return {
    name: series.name,
    season: 'none' in season ? season.none : `${season.periodMs === 86_400_000 ? 'daily' : 'weekly'} (strength ${season.strength.toFixed(2)})`,
    origins,
    mase: count === 0 ? Number.NaN : oursError / naiveError,
    oursMae: count === 0 ? Number.NaN : oursError / count,
    naiveMae: count === 0 ? Number.NaN : naiveError / count,
    coverage: count === 0 ? Number.NaN : inside / count,
  };
}

/** The latest sample at or before `time`, among samples up to index `upTo` (known at the origin). */
function valueBefore(ts: readonly number[], values: readonly number[], time: number, upTo: number): number | undefined {
  let low = 0;
  let high = upTo;
  if ((ts[0] as number) > time) return undefined;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((ts[mid] as number) <= time) low = mid;
    else high = mid - 1;
  }
  return values[low];
}
