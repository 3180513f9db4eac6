import { Code, Group, Stack, Text } from '@mantine/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import type uPlot from 'uplot';
import { useBridge } from '../../bridge/use-bridge';
import { ChartWarnings } from '../../components/charts/ChartWarnings';
import type { ChartMarker } from '../../components/charts/marker-plugin';
import { TimeChart, type TimeChartHandle } from '../../components/charts/TimeChart';
import { alignSeries, gapThreshold, type TimedValues } from '../../format/chart-data';
import { sameWarnings, warningsOf } from '../../format/chart-warnings';
import { messageOf } from '../../format/error-message';
import { unitOfQuery } from '../../format/metric-unit';
import { formatAbsoluteTime } from '../../format/time';
import { resolveCssColor } from '../service/marker-colors';

const MAX_POINTS = 300;
/** A live incident's charts are read again this often, so the stretch since the onset grows. */
const LIVE_REFRESH_MS = 10_000;

/**
 * One series of a cause's evidence (a selector names exactly one), over the incident's window: every chart of an incident has the
 * same time axis and a red line at the onset, so what moved first reads across them.
 */
export function OnsetChart({
  query,
  start,
  end,
  onset,
  live,
  syncKey,
}: {
  query: string;
  start: number;
  end: number;
  onset: number;
  live: boolean;
  syncKey: string;
}) {
  const bridge = useBridge();
  const handle = useRef<TimeChartHandle>(null);
  const [error, setError] = useState<string | null>(null);
  const [empty, setEmpty] = useState(false);
  const [warnings, setWarnings] = useState<string[]>([]);
  const unit = useMemo(() => unitOfQuery(query), [query]);
  const markers = useMemo<ChartMarker[]>(
    () => [{ at: onset, color: resolveCssColor('var(--mantine-color-red-6)'), label: `onset ${formatAbsoluteTime(onset)}` }],
    [onset],
  );
  useEffect(() => {
    let stopped = false;
    const load = (): void => {
      const to = live ? Math.max(end, Date.now()) : end;
      bridge
        .invoke('metrics.chart', { query, start, end: to, maxPoints: MAX_POINTS })
        .then((data) => {
          if (stopped) return;
          const lines: TimedValues[] = data.series.slice(0, 1).map((series) => ({ ts: series.ts, values: series.avg }));
          setEmpty(lines.every((line) => line.ts.length === 0));
          const next = warningsOf(data);
          setWarnings((known) => (sameWarnings(known, next) ? known : next));
          const spacing = lines[0]?.ts.slice(1).map((ts, i) => ts - (lines[0]?.ts[i] as number)) ?? [];
          const interval = spacing.sort((a, b) => a - b)[spacing.length >> 1] ?? data.stepMs;
          handle.current?.setData(alignSeries(lines, gapThreshold(data.stepMs, interval)), { start, end: to });
        })
        .catch((failure: unknown) => {
          if (!stopped) setError(messageOf(failure));
        });
    };
    load();
    const timer = live ? setInterval(load, LIVE_REFRESH_MS) : null;
    return () => {
      stopped = true;
      if (timer !== null) clearInterval(timer);
    };
  }, [bridge, query, start, end, live]);

  return (
    <Stack gap={2} miw={0} data-testid="onset-chart" data-query={query}>
      <Group gap={6} wrap="nowrap" align="flex-start">
        <Code fz="xs" style={{ overflowWrap: 'anywhere', whiteSpace: 'normal' }}>
          {query}
        </Code>
        <ChartWarnings warnings={warnings} />
      </Group>
      {error !== null ? (
        <Text size="xs" c="red">
          {error}
        </Text>
      ) : (
        <>
          <TimeChart
            ref={handle}
            height={110}
            series={[{ label: unit.name === '' ? 'value' : unit.name, color: '#228be6' }]}
            initialData={[[], []] as unknown as uPlot.AlignedData}
            range={{ start, end }}
            formatValue={unit.format}
            syncKey={syncKey}
            markers={markers}
          />
          {empty && (
            <Text size="xs" c="dimmed">
              No samples of this series in the incident&apos;s window.
            </Text>
          )}
        </>
      )}
    </Stack>
  );
}
