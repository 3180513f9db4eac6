import { Box, Group, Text, Tooltip } from '@mantine/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import type uPlot from 'uplot';
import type { ServiceView } from '../../../../shared/types/service';
import { LiveText } from '../../components/charts/LiveText';
import { TimeChart, type TimeChartHandle } from '../../components/charts/TimeChart';
import { useProbeUpdates } from '../../components/charts/use-probe-updates';
import { formatAvailability, formatLatency } from '../../format/metric-units';
import { LiveSeries } from '../../format/live-series';
import { toneColor } from '../../format/service-status';
import { useMonitoringStore } from '../../stores/monitoring-store';
import { useProbesStore } from '../../stores/probes-store';
import { useInsightsStore } from '../../stores/insights-store';
import { anomalyMarkers } from '../service/use-anomaly-markers';

const SPARK_MS = 3_600_000;
const sparkColor = '#5c7cfa';
const emptyData: uPlot.AlignedData = [[], []];

/**
 * The card's numbers: the primary probe's last latency and its last hour as a sparkline
 * (streamed in place), and availability over 24 h from the rollups.
 */
export function ServiceVitals({ service }: { service: ServiceView }) {
  const primary = service.probes[0]?.id ?? null;
  const monitoring = useMonitoringStore((state) => state.byService[service.name]);
  // Read once: later checks update the text in place (LiveText), not through a render.
  const [initialLatency] = useState(() => (primary === null ? null : (useProbesStore.getState().byId[primary]?.latencyMs ?? null)));
  const chart = useRef<TimeChartHandle>(null);
  const [initialRange] = useState(() => ({ start: Date.now() - SPARK_MS, end: Date.now() }));
  const live = useMemo(() => new LiveSeries(1), []);
  const latencyListeners = useRef(new Set<(text: string) => void>());
  // The primary probe's anomalous latency from the insights already loaded for the badges: no request per card.
  const anomalies = useInsightsStore((state) => state.view?.anomalies);
  const markers = useMemo(
    () =>
      anomalyMarkers(
        (anomalies ?? [])
          .filter((anomaly) => anomaly.series.metric === 'probe_duration_seconds' && `${service.name}/${anomaly.series.labels.probe ?? ''}` === primary)
          .map((anomaly) => ({ start: anomaly.startedAt, end: anomaly.endedAt })),
      ),
    [anomalies, primary, service.name],
  );

  // The stored last hour (refreshed every minute), then each check as it arrives.
  useEffect(() => {
    const now = Date.now();
    live.reset([{ ts: monitoring?.latency.ts ?? [], values: monitoring?.latency.values ?? [] }]);
    chart.current?.setData(live.aligned(SPARK_MS / 10), { start: now - SPARK_MS, end: now });
  }, [live, monitoring]);

  useProbeUpdates(primary === null ? [] : [primary], (probe) => {
    for (const set of latencyListeners.current) set(formatLatency(probe.latencyMs));
    if (probe.lastCheckAt === null || probe.status === 'paused') return;
    const now = Date.now();
    live.append(0, probe.lastCheckAt, probe.latencyMs);
    live.trimBefore(now - SPARK_MS);
    chart.current?.setData(live.aligned(SPARK_MS / 10), { start: now - SPARK_MS, end: now });
  });

  if (primary === null) return null;
  const availability = monitoring?.availability['24h'] ?? null;
  const availabilityTone = availability === null ? 'neutral' : availability >= 0.999 ? 'ok' : availability >= 0.99 ? 'warning' : 'critical';
  return (
    <Group gap="xs" wrap="nowrap" align="center" data-testid={`service-vitals-${service.name}`}>
      <Tooltip label="Latency of the last check of its first probe">
        <Box miw={58}>
          <LiveText
            initial={formatLatency(initialLatency)}
            subscribe={(set) => {
              latencyListeners.current.add(set);
              return () => latencyListeners.current.delete(set);
            }}
            size="xs"
            ff="monospace"
            fw={600}
            data-testid={`service-latency-${service.name}`}
          />
        </Box>
      </Tooltip>
      <Box style={{ flex: 1, minWidth: 0 }} aria-label="latency over the last hour" data-anomalous={markers.length > 0}>
        <TimeChart
          ref={chart}
          compact
          height={26}
          series={[{ label: 'latency', color: sparkColor, fill: true }]}
          initialData={emptyData}
          range={initialRange}
          formatValue={(ms) => formatLatency(ms)}
          markers={markers}
        />
      </Box>
      <Tooltip label="Share of checks that passed over the last 24 hours">
        <Text
          size="xs"
          ff="monospace"
          c={availabilityTone === 'neutral' ? 'dimmed' : `${toneColor[availabilityTone]}.8`}
          style={{ whiteSpace: 'nowrap' }}
          data-testid={`service-uptime-${service.name}`}
        >
          {formatAvailability(availability)}
          <Text span size="xs" c="dimmed">
            {' '}
            24h
          </Text>
        </Text>
      </Tooltip>
    </Group>
  );
}
