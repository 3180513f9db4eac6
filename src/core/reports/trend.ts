import type { ReportTrend } from '../../shared/reports/report-schema';
import type { DailyAverage } from './hourly-series';

/**
 * First and last value and the least-squares slope per day of daily averages, each placed at
 * the mean time of its samples (x in days): a period that starts or ends mid-day would
 * otherwise bend the slope by how far into the day it starts.
 */
export function trendOf(points: readonly DailyAverage[]): ReportTrend {
  if (points.length === 0) return { first: null, last: null, perDay: null };
  const first = (points[0] as { value: number }).value;
  const last = (points.at(-1) as { value: number }).value;
  if (points.length < 2) return { first, last, perDay: null };
  const xs = points.map((point) => (point.at - (points[0] as DailyAverage).at) / 86_400_000);
  const meanX = xs.reduce((sum, x) => sum + x, 0) / xs.length;
  const meanY = points.reduce((sum, point) => sum + point.value, 0) / points.length;
  let numerator = 0;
  let denominator = 0;
  points.forEach((point, i) => {
    const dx = (xs[i] as number) - meanX;
    numerator += dx * (point.value - meanY);
    denominator += dx * dx;
  });
  return { first, last, perDay: denominator === 0 ? null : numerator / denominator };
}
