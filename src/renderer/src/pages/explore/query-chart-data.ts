import type uPlot from 'uplot';
import type { MatrixResult } from '../../../../shared/types/monitoring';
import { alignSeries, gapThreshold, type TimedValues } from '../../format/chart-data';

/** About this many points per line: enough for a 1,366 px chart, few enough to stay quick. */
export const CHART_POINTS = 600;

/** The step (whole seconds) for a range: about `points` points (CHART_POINTS by default). */
export function stepSecondsFor(start: number, end: number, points: number = CHART_POINTS): number {
  return Math.max(1, Math.ceil((end - start) / 1000 / points));
}

/** A matrix result (seconds, strings) as uPlot data; a missing step is a gap, never a line across it. */
export function chartDataOf(result: MatrixResult, stepMs: number, threshold: number | null = null): uPlot.AlignedData {
  const series: TimedValues[] = result.result.map((one) => ({
    ts: one.values.map(([seconds]) => seconds * 1000),
    values: one.values.map(([, value]) => Number(value)),
  }));
  if (threshold !== null && series.length > 0) {
    // At every time any line has a point, so the threshold is drawn wherever there is data.
    const times = [...new Set(series.flatMap((one) => one.ts))].sort((a, b) => a - b);
    series.push({ ts: times, values: times.map(() => threshold) });
  }
  if (series.length === 0) return [[], []] as unknown as uPlot.AlignedData;
  return alignSeries(series, gapThreshold(stepMs, stepMs));
}
