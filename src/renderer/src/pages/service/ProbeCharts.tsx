import { Alert } from '@mantine/core';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ChartData } from '../../../../shared/types/monitoring';
import type { ServiceView } from '../../../../shared/types/service';
import { useBridge } from '../../bridge/use-bridge';
import { ChartPanel } from '../../components/charts/ChartPanel';
import type { ChartMarker } from '../../components/charts/marker-plugin';
import { TimeChart, type TimeChartHandle } from '../../components/charts/TimeChart';
import { useProbeUpdates } from '../../components/charts/use-probe-updates';
import { gapThreshold } from '../../format/chart-data';
import { messageOf } from '../../format/error-message';
import { LiveSeries } from '../../format/live-series';
import { formatLatency, formatPercent } from '../../format/metric-units';
import { probeName } from '../../format/probe-status';
import type { ResolvedRange } from '../../format/time-range';
import { useAnomalyMarkers } from './use-anomaly-markers';
import { warningsOf } from '../../format/chart-warnings';

/** One colour per probe, the same in both charts. */
const palette = ['#4c6ef5', '#fd7e14', '#12b886', '#be4bdb', '#fab005', '#15aabf', '#e64980', '#82c91e'];
const MAX_POINTS = 720;

/** Label value -> index in the service's probe list. */
function splitByProbe(data: ChartData, names: string[], scale: number): { ts: number[]; values: number[] }[] {
  const out = names.map(() => ({ ts: [] as number[], values: [] as number[] }));
  for (const series of data.series) {
    const index = names.indexOf(series.labels.probe ?? '');
    if (index < 0) continue;
    out[index] = { ts: series.ts, values: series.avg.map((value) => value * scale) };
  }
  return out;
}

/**
 * Latency and share of passed checks per probe over the page's range, from the store's
 * fitting rollup tier; while the range ends at "now", each check is appended through setData.
 * Drag across a chart to zoom, double-click to go back; both charts share the crosshair.
 */
export function ProbeCharts({
  service,
  range,
  markers,
  syncKey,
  onZoom,
  onReset,
}: {
  service: ServiceView;
  range: ResolvedRange;
  markers: readonly ChartMarker[];
  syncKey: string;
  onZoom: (range: { start: number; end: number }) => void;
  onReset: () => void;
}) {
  const bridge = useBridge();
  const ids = service.probes.map((probe) => probe.id);
  const names = ids.map((id) => probeName(id, service.name));
  const slowest = Math.max(...service.probes.map((probe) => probe.everyMs), 1_000);
  const latency = useRef<TimeChartHandle>(null);
  const success = useRef<TimeChartHandle>(null);
  const live = useMemo(() => ({ latency: new LiveSeries(ids.length), success: new LiveSeries(ids.length), stepMs: 1_000 }), [ids.length]);
  const [error, setError] = useState<string | null>(null);
  const [warnings, setWarnings] = useState<{ latency: string[]; success: string[] }>({ latency: [], success: [] });
  const windowRef = useRef(range);
  useLayoutEffect(() => {
    windowRef.current = range;
  }, [range]);
  const span = range.end - range.start;
  const key = `${ids.join(',')}|${range.live ? `live:${span}` : `${range.start}-${range.end}`}`;

  const redraw = (start: number, end: number): void => {
    const gap = gapThreshold(live.stepMs, slowest);
    latency.current?.setData(live.latency.aligned(gap), { start, end });
    success.current?.setData(live.success.aligned(gap), { start, end });
  };

  useEffect(() => {
    let stopped = false;
    const { start, end } = windowRef.current;
    const selector = `{service=${JSON.stringify(service.name)}}`;
    Promise.all([
      bridge.invoke('metrics.chart', { query: `probe_duration_seconds${selector}`, start, end, maxPoints: MAX_POINTS }),
      bridge.invoke('metrics.chart', { query: `probe_success${selector}`, start, end, maxPoints: MAX_POINTS }),
    ])
      .then(([durations, successes]) => {
        if (stopped) return;
        live.stepMs = durations.stepMs;
        live.latency.reset(splitByProbe(durations, names, 1000));
        live.success.reset(splitByProbe(successes, names, 100));
        setWarnings({ latency: warningsOf(durations), success: warningsOf(successes) });
        setError(null);
        redraw(start, end);
      })
      .catch((failure: unknown) => {
        if (!stopped) setError(messageOf(failure));
      });
    return () => {
      stopped = true;
    };
    // `key` captures the probes and the range; the rest is derived from them.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [bridge, key]);

  useProbeUpdates(ids, (probe) => {
    const current = windowRef.current;
    if (!current.live || probe.lastCheckAt === null || probe.status === 'paused') return;
    const index = ids.indexOf(probe.id);
    live.latency.append(index, probe.lastCheckAt, probe.latencyMs);
    live.success.append(index, probe.lastCheckAt, probe.status === 'up' ? 100 : 0);
    const end = Date.now();
    live.latency.trimBefore(end - span);
    live.success.trimBefore(end - span);
    redraw(end - span, end);
  });

  const serviceLabels = useMemo(() => ({ service: service.name }), [service.name]);
  const latencyAnomalies = useAnomalyMarkers('probe_duration_seconds', serviceLabels, range, slowest);
  const successAnomalies = useAnomalyMarkers('probe_success', serviceLabels, range, slowest);
  const latencyMarkers = useMemo(() => [...markers, ...latencyAnomalies], [markers, latencyAnomalies]);
  const successMarkers = useMemo(() => [...markers, ...successAnomalies], [markers, successAnomalies]);
  const series = names.map((name, i) => ({ label: name, color: palette[i % palette.length] as string }));
  const emptyData = [[], ...names.map(() => [])] as unknown as [number[], ...number[][]];
  return (
    <>
      {error !== null && (
        <Alert color="red" mb="sm" title="Could not load the charts">
          {error}
        </Alert>
      )}
      <ChartPanel
        title="Latency"
        hint="average per bucket · drag to zoom, double-click to reset"
        anomalous={latencyAnomalies.length > 0}
        warnings={warnings.latency}
      >
        <TimeChart
          ref={latency}
          series={series}
          initialData={emptyData}
          range={range}
          formatValue={formatLatency}
          syncKey={syncKey}
          onZoom={onZoom}
          onReset={onReset}
          markers={latencyMarkers}
          data-testid="chart-latency"
        />
      </ChartPanel>
      <ChartPanel title="Checks passed" hint="share of checks that passed per bucket" anomalous={successAnomalies.length > 0} warnings={warnings.success}>
        <TimeChart
          ref={success}
          series={series}
          initialData={emptyData}
          range={range}
          formatValue={(value) => formatPercent(value, 0)}
          yRange={[0, 105]}
          syncKey={syncKey}
          onZoom={onZoom}
          onReset={onReset}
          markers={successMarkers}
          data-testid="chart-success"
        />
      </ChartPanel>
    </>
  );
}
