import { Box } from '@mantine/core';
import type { Panel } from '../../../../../shared/dashboards/dashboard';
import { legendOf } from '../../../../../shared/dashboards/variables';
import { CenteredLoader } from '../../../components/CenteredLoader';
import { TimeChart, type ChartSeriesSpec } from '../../../components/charts/TimeChart';
import { chartDataOf } from '../../explore/query-chart-data';
import { seriesColor, seriesName } from '../../explore/series-name';
import { useRangeQuery } from '../../explore/use-range-query';
import { canvasColor } from '../panel-format';
import { unitOfPanel } from '../panel-format';
import { PanelMessage } from './PanelMessage';
import { ChartWarnings } from '../../../components/charts/ChartWarnings';

/**
 * Points per line on a dashboard, at most: a dozen panels share one engine, so half of Explore's.
 * Fewer on a narrower panel: a point per two pixels draws the same line, and the answer (and the
 * engine's work writing it) shrinks with it. Stepped, so a window resized by a pixel asks nothing again.
 */
const DASHBOARD_CHART_POINTS = 300;
const POINTS_STEP = 60;
/** Significant digits of each value: a chart a few hundred pixels high shows fewer. */
const CHART_DIGITS = 6;

function chartPointsFor(widthPx: number): number {
  return Math.max(POINTS_STEP, Math.min(DASHBOARD_CHART_POINTS, Math.floor(widthPx / 2 / POINTS_STEP) * POINTS_STEP));
}

/**
 * Lines over the dashboard's range; every time series panel of a dashboard shares one crosshair
 * (uPlot's cursor sync) and a drag zooms the whole dashboard. Thresholds are dashed lines.
 */
export function TimeSeriesPanel({
  panel,
  query,
  range,
  height,
  width,
  syncKey,
  onZoom,
  onReset,
}: {
  panel: Panel;
  query: string;
  range: { start: number; end: number };
  height: number;
  width: number;
  syncKey: string;
  onZoom: (range: { start: number; end: number }) => void;
  onReset: () => void;
}) {
  const state = useRangeQuery(query, range.start, range.end, { instant: false, points: chartPointsFor(width), digits: CHART_DIGITS });
  if (state.status === 'loading' || state.status === 'idle') return <CenteredLoader />;
  if (state.status === 'error') return <PanelMessage error>{state.error.message}</PanelMessage>;
  const { matrix, stepMs } = state;
  if (matrix.result.length === 0) return <PanelMessage>No series has values in this range</PanelMessage>;
  const unit = unitOfPanel({ ...panel, query });
  const series: ChartSeriesSpec[] = matrix.result.map((one, i) => ({
    label: legendOf(panel.legend, one.metric) ?? seriesName(one.metric),
    color: i === 0 && panel.color !== undefined ? canvasColor(panel.color) : seriesColor(i),
  }));
  const data = chartDataOf(matrix, stepMs);
  // Each threshold is a dashed line across the times the data has.
  const times = data[0] as ArrayLike<number>;
  const withThresholds = [...data] as (ArrayLike<number | null> | number[])[];
  for (const threshold of panel.thresholds) {
    series.push({ label: `≥ ${unit.format(threshold.value)}`, color: canvasColor(threshold.color), dash: [6, 4] });
    withThresholds.push(Array.from(times, () => threshold.value));
  }
  return (
    <Box pos="relative">
      {/* In the panel's corner, above the chart: what its answer lacks (a remote store that did not answer). */}
      <Box pos="absolute" top={0} right={0} style={{ zIndex: 2 }}>
        <ChartWarnings warnings={matrix.warnings} />
      </Box>
      <TimeChart
        key={`${range.start}-${range.end}-${series.length}-${matrix.result.map((one) => one.values.length).join(',')}`}
        series={series}
        initialData={withThresholds as unknown as typeof data}
        range={range}
        formatValue={unit.format}
        height={height}
        syncKey={syncKey}
        onZoom={onZoom}
        onReset={onReset}
        data-testid="panel-chart"
      />
    </Box>
  );
}
