import { Alert, Box, Text } from '@mantine/core';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ChartData } from '../../../../shared/types/monitoring';
import { useBridge } from '../../bridge/use-bridge';
import { ChartPanel } from '../../components/charts/ChartPanel';
import type { ChartMarker } from '../../components/charts/marker-plugin';
import { TimeChart, type TimeChartHandle } from '../../components/charts/TimeChart';
import { formatBytes } from '../../format/bytes';
import { alignSeries, gapThreshold } from '../../format/chart-data';
import { messageOf } from '../../format/error-message';
import { formatPercent } from '../../format/metric-units';
import type { ResolvedRange } from '../../format/time-range';
import { useAnomalyMarkers } from './use-anomaly-markers';
import { sameWarnings, warningsOf } from '../../format/chart-warnings';

const MAX_POINTS = 600;
/** While the range ends now, the charts re-read the store this often (the supervisor samples every 2 s). */
const LIVE_REFRESH_MS = 5_000;
/** How often the supervisor samples a running service. */
const SAMPLE_MS = 2_000;
const cpuColor = '#4c6ef5';
const memoryColor = '#12b886';
const empty = [[], []] as unknown as [number[], number[]];

/** One series per label set, named by where it comes from: the supervisor's process group, or a process probe. */
function seriesOf(data: ChartData, scale = 1): { label: string; ts: number[]; values: number[] }[] {
  return data.series.map((series) => ({ label: series.labels.probe ?? 'process group', ts: series.ts, values: series.avg.map((value) => value * scale) }));
}

/**
 * CPU and memory of the service over the page's range: the process_* series its supervisor
 * writes for a service Zervigo runs (or a `process` probe writes). Live ranges re-read the
 * store every few seconds rather than streaming: the samples come every 2 s anyway.
 */
export function ProcessCharts({
  service,
  range,
  markers,
  syncKey,
  onZoom,
  onReset,
}: {
  service: string;
  range: ResolvedRange;
  markers: readonly ChartMarker[];
  syncKey: string;
  onZoom: (range: { start: number; end: number }) => void;
  onReset: () => void;
}) {
  const bridge = useBridge();
  const cpu = useRef<TimeChartHandle>(null);
  const memory = useRef<TimeChartHandle>(null);
  const [error, setError] = useState<string | null>(null);
  const [labels, setLabels] = useState<{ cpu: string[]; memory: string[] } | null>(null);
  const [warnings, setWarnings] = useState<{ cpu: string[]; memory: string[] }>({ cpu: [], memory: [] });
  const windowRef = useRef(range);
  useLayoutEffect(() => {
    windowRef.current = range;
  }, [range]);
  const span = range.end - range.start;
  const key = range.live ? `live:${span}` : `${range.start}-${range.end}`;

  useEffect(() => {
    let stopped = false;
    const selector = `{service=${JSON.stringify(service)}}`;
    const load = (): void => {
      const current = windowRef.current;
      const end = current.live ? Date.now() : current.end;
      const start = current.live ? end - span : current.start;
      Promise.all([
        bridge.invoke('metrics.chart', { query: `process_cpu_usage_percent${selector}`, start, end, maxPoints: MAX_POINTS }),
        bridge.invoke('metrics.chart', { query: `process_resident_memory_bytes${selector}`, start, end, maxPoints: MAX_POINTS }),
      ])
        .then(([cpuData, memoryData]) => {
          if (stopped) return;
          const cpuSeries = seriesOf(cpuData);
          const memorySeries = seriesOf(memoryData);
          setLabels((known) => {
            const next = { cpu: cpuSeries.map((one) => one.label), memory: memorySeries.map((one) => one.label) };
            return known !== null && known.cpu.join() === next.cpu.join() && known.memory.join() === next.memory.join() ? known : next;
          });
          // Gaps longer than a few samples (stopped, restarting) stay gaps.
          cpu.current?.setData(cpuSeries.length === 0 ? padded(empty, 1) : alignSeries(cpuSeries, gapThreshold(cpuData.stepMs, SAMPLE_MS)), { start, end });
          memory.current?.setData(memorySeries.length === 0 ? padded(empty, 1) : alignSeries(memorySeries, gapThreshold(memoryData.stepMs, SAMPLE_MS)), {
            start,
            end,
          });
          // Refreshed every few seconds: a re-render only when what is missing changes.
          const nextWarnings = { cpu: warningsOf(cpuData), memory: warningsOf(memoryData) };
          setWarnings((known) => (sameWarnings(known.cpu, nextWarnings.cpu) && sameWarnings(known.memory, nextWarnings.memory) ? known : nextWarnings));
          setError(null);
        })
        .catch((failure: unknown) => {
          if (!stopped) setError(messageOf(failure));
        });
    };
    load();
    const timer = windowRef.current.live ? setInterval(load, LIVE_REFRESH_MS) : null;
    return () => {
      stopped = true;
      if (timer !== null) clearInterval(timer);
    };
  }, [bridge, service, key, span, labels?.cpu.length, labels?.memory.length]);

  const serviceLabels = useMemo(() => ({ service }), [service]);
  const cpuAnomalies = useAnomalyMarkers('process_cpu_usage_percent', serviceLabels, range, SAMPLE_MS);
  const memoryAnomalies = useAnomalyMarkers('process_resident_memory_bytes', serviceLabels, range, SAMPLE_MS);
  const cpuMarkers = useMemo(() => [...markers, ...cpuAnomalies], [markers, cpuAnomalies]);
  const memoryMarkers = useMemo(() => [...markers, ...memoryAnomalies], [markers, memoryAnomalies]);
  const palette = (names: string[], base: string) =>
    names.length === 0
      ? [{ label: 'process group', color: base }]
      : names.map((label, i) => ({ label, color: i === 0 ? base : (['#fd7e14', '#be4bdb', '#15aabf'][i % 3] as string) }));
  const cpuSeries = palette(labels?.cpu ?? [], cpuColor);
  const memorySeries = palette(labels?.memory ?? [], memoryColor);
  const emptyText = 'No samples in this range: they are taken while its process runs.';
  return (
    <>
      {error !== null && (
        <Alert color="red" title="Could not load CPU and memory">
          {error}
        </Alert>
      )}
      <ChartPanel title="CPU" hint="% of one core, children included" anomalous={cpuAnomalies.length > 0} warnings={warnings.cpu}>
        <Box pos="relative">
          <TimeChart
            ref={cpu}
            series={cpuSeries}
            initialData={padded(empty, cpuSeries.length)}
            range={range}
            formatValue={cpuPercent}
            syncKey={syncKey}
            onZoom={onZoom}
            onReset={onReset}
            markers={cpuMarkers}
            data-testid="chart-cpu"
          />
          {labels !== null && labels.cpu.length === 0 && <EmptyOverlay text={emptyText} />}
        </Box>
      </ChartPanel>
      <ChartPanel title="Memory" hint="resident (RSS)" anomalous={memoryAnomalies.length > 0} warnings={warnings.memory}>
        <Box pos="relative">
          <TimeChart
            ref={memory}
            series={memorySeries}
            initialData={padded(empty, memorySeries.length)}
            range={range}
            formatValue={(value) => formatBytes(value)}
            syncKey={syncKey}
            onZoom={onZoom}
            onReset={onReset}
            markers={memoryMarkers}
            data-testid="chart-memory"
          />
          {labels !== null && labels.memory.length === 0 && <EmptyOverlay text={emptyText} />}
        </Box>
      </ChartPanel>
    </>
  );
}

/** Enough digits that axis ticks of an idle process (0.05 %, 0.1 %) stay apart. */
const cpuPercent = (value: number): string => formatPercent(value, value !== 0 && Math.abs(value) < 1 ? 2 : value < 10 ? 1 : 0);

/** Says why a chart is empty, over the empty plot (whose axes would otherwise read "0 B … 1 B"). */
function EmptyOverlay({ text }: { text: string }) {
  return (
    <Box
      pos="absolute"
      inset={0}
      style={{ display: 'flex', alignItems: 'center', justifyContent: 'center', pointerEvents: 'none', background: 'var(--mantine-color-body)', opacity: 0.92 }}
    >
      <Text size="sm" c="dimmed" ta="center" px="md">
        {text}
      </Text>
    </Box>
  );
}

function padded(base: [number[], number[]], count: number): [number[], ...number[][]] {
  return [base[0], ...Array.from({ length: count }, () => [] as number[])];
}
