import { Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import type { AdviceChart } from '../../../../shared/types/insights';
import type { ChartData } from '../../../../shared/types/monitoring';
import { useBridge } from '../../bridge/use-bridge';
import { TimeChart, type TimeChartHandle } from '../../components/charts/TimeChart';
import { formatBytes } from '../../format/bytes';
import { alignSeries, gapThreshold, type TimedValues } from '../../format/chart-data';
import { messageOf } from '../../format/error-message';
import { formatLatency } from '../../format/metric-units';
import { ChartWarnings } from '../../components/charts/ChartWarnings';
import { warningsOf } from '../../format/chart-warnings';

const MAX_POINTS = 240;
const emptyData = [[], []] as unknown as [number[], number[]];

function formatterOf(unit: AdviceChart['unit']): (value: number) => string {
  if (unit === 'seconds') return (value) => formatLatency(value * 1000);
  if (unit === 'bytes') return formatBytes;
  if (unit === 'ratio') return (value) => `${Math.round(value * 100)} %`;
  return (value) => String(Math.round(value * 100) / 100);
}

/** The series a piece of advice rests on, over the stretch its evidence covers, with its threshold (a timeout) as a line. */
export function EvidenceChart({ chart, from, to }: { chart: AdviceChart; from: number; to: number }) {
  const bridge = useBridge();
  const handle = useRef<TimeChartHandle>(null);
  const [error, setError] = useState<string | null>(null);
  const [warnings, setWarnings] = useState<string[]>([]);
  // A point-in-time advice (a port) still gets an hour of context.
  const start = Math.min(from, to - 3_600_000);
  useEffect(() => {
    let stopped = false;
    const draw = (data: ChartData, from: number): void => {
      setWarnings(warningsOf(data));
      const lines: TimedValues[] = data.series.slice(0, 1).map((series) => ({ ts: series.ts, values: series.avg }));
      const first = lines[0];
      if (first === undefined || first.ts.length === 0) return;
      // The threshold at each sample's time: one line along the data, never dots at the ends.
      if (chart.threshold !== undefined) lines.push({ ts: first.ts, values: first.ts.map(() => chart.threshold as number) });
      // Gaps are stretches several sample intervals long, whatever the series' own interval is.
      const spacing = first.ts
        .slice(1)
        .map((ts, i) => ts - (first.ts[i] as number))
        .sort((a, b) => a - b);
      const interval = spacing[spacing.length >> 1] ?? data.stepMs;
      handle.current?.setData(alignSeries(lines, gapThreshold(data.stepMs, interval)), { start: from, end: to });
    };
    const load = async (): Promise<void> => {
      const data = await bridge.invoke('metrics.chart', { query: chart.query, start, end: to, maxPoints: MAX_POINTS });
      const firstTs = data.series[0]?.ts[0];
      // Evidence younger than its window (a probe added lately) is fetched again over its own span, in finer buckets.
      if (firstTs !== undefined && to - firstTs < (to - start) / 4) {
        const from = Math.max(start, firstTs - 0.05 * (to - firstTs));
        const finer = await bridge.invoke('metrics.chart', { query: chart.query, start: from, end: to, maxPoints: MAX_POINTS });
        if (!stopped) draw(finer, from);
      } else if (!stopped) draw(data, start);
    };
    load().catch((failure: unknown) => {
      if (!stopped) setError(messageOf(failure));
    });
    return () => {
      stopped = true;
    };
  }, [bridge, chart.query, chart.threshold, start, to]);
  if (error !== null)
    return (
      <Text size="xs" c="red">
        {error}
      </Text>
    );
  return (
    <>
      <ChartWarnings warnings={warnings} variant="row" />
      <TimeChart
        ref={handle}
        height={120}
        series={[{ label: chart.title, color: '#228be6' }, ...(chart.threshold === undefined ? [] : [{ label: 'threshold', color: '#fa5252' }])]}
        initialData={chart.threshold === undefined ? emptyData : ([[], [], []] as unknown as [number[], number[], number[]])}
        range={{ start, end: to }}
        formatValue={formatterOf(chart.unit)}
        data-testid="advice-chart"
      />
    </>
  );
}
