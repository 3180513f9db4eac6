import type { MatrixResult } from '../../../../shared/types/monitoring';
import { TimeChart, type ChartSeriesSpec } from '../../components/charts/TimeChart';
import type { MetricUnit } from '../../format/metric-unit';
import { chartDataOf } from './query-chart-data';
import { seriesColor, seriesName } from './series-name';

/**
 * A query's series as lines (one per series, named in the legend), with an optional dashed
 * threshold. Created afresh for each result: a query is run, not streamed.
 */
export function QueryChart({
  matrix,
  stepMs,
  range,
  unit,
  threshold = null,
  height,
  syncKey,
  onZoom,
  'data-testid': testId,
}: {
  matrix: MatrixResult;
  stepMs: number;
  range: { start: number; end: number };
  unit: MetricUnit;
  threshold?: number | null;
  height?: number;
  syncKey?: string;
  onZoom?: (range: { start: number; end: number }) => void;
  'data-testid'?: string;
}) {
  const series: ChartSeriesSpec[] = matrix.result.map((one, i) => ({ label: seriesName(one.metric), color: seriesColor(i) }));
  if (threshold !== null && series.length > 0) series.push({ label: `threshold ${unit.format(threshold)}`, color: '#fa5252', dash: [6, 4] });
  return (
    <TimeChart
      key={`${range.start}-${range.end}-${series.length}-${JSON.stringify(matrix.result.map((one) => one.values.length))}`}
      series={series}
      initialData={chartDataOf(matrix, stepMs, series.length > matrix.result.length ? threshold : null)}
      range={range}
      formatValue={unit.format}
      height={height}
      syncKey={syncKey}
      onZoom={onZoom}
      data-testid={testId}
    />
  );
}
