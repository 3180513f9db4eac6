import { Box, Code, Group, Paper, Progress, SimpleGrid, Stack, Text, Tooltip } from '@mantine/core';
import { useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import type uPlot from 'uplot';
import type { MachineSample } from '../../../../shared/types/monitoring';
import { useBridge } from '../../bridge/use-bridge';
import { ChartWarnings } from '../../components/charts/ChartWarnings';
import { LiveText } from '../../components/charts/LiveText';
import { TimeChart, type TimeChartHandle } from '../../components/charts/TimeChart';
import { formatBytes } from '../../format/bytes';
import { warningsOf } from '../../format/chart-warnings';
import { formatPercent, formatRate } from '../../format/metric-units';
import { LiveSeries } from '../../format/live-series';
import { machineFeed } from '../../stores/machine-feed';
import { MachineForecast } from './MachineForecast';

const WINDOW_MS = 15 * 60_000;
const emptyData: uPlot.AlignedData = [[], []];
const colors = { cpu: '#4c6ef5', memory: '#12b886', receive: '#228be6', transmit: '#fd7e14' };

type Read = (sample: MachineSample) => string;

/** The busy share needs two readings of the counters: until there are, say so rather than "—". */
export const cpuText: Read = (sample) => (sample.cpuPercent === null ? 'measuring…' : formatPercent(sample.cpuPercent));

/** Text bound to the machine feed: updated in place on every sample. */
function MachineText({
  read,
  fallback = '—',
  ...props
}: {
  read: Read;
  fallback?: string;
  size?: string;
  fw?: number;
  c?: string;
  ff?: string;
  'data-testid'?: string;
}) {
  const latest = machineFeed.latest();
  return <LiveText initial={latest === null ? fallback : read(latest)} subscribe={(set) => machineFeed.subscribe((sample) => set(read(sample)))} {...props} />;
}

/** Re-renders only when the selected text changes (e.g. which mounts exist), not per sample. */
function useMachineShape(select: (sample: MachineSample | null) => string): string {
  return useSyncExternalStore(subscribeToFeed, () => select(machineFeed.latest()));
}

const subscribeToFeed = (onChange: () => void): (() => void) => machineFeed.subscribe(onChange);

function totalRate(sample: MachineSample, key: 'receiveBytesPerSecond' | 'transmitBytesPerSecond'): number {
  return sample.network.reduce((sum, link) => sum + link[key], 0);
}

/**
 * A live chart of machine values over the last 15 minutes: filled from the store once, then
 * fed by `machine.sample` events through setData.
 */
function MachineChart({
  queries,
  read,
  colors: lineColors,
  labels,
  format,
  percent,
}: {
  queries: string[];
  read: (sample: MachineSample) => (number | null)[];
  colors: string[];
  labels: string[];
  format: (value: number) => string;
  percent?: boolean;
}) {
  const bridge = useBridge();
  const chart = useRef<TimeChartHandle>(null);
  const live = useMemo(() => new LiveSeries(queries.length), [queries.length]);
  const queryKey = queries.join('\n');
  const [warnings, setWarnings] = useState<string[]>([]);
  useEffect(() => {
    let stopped = false;
    const now = Date.now();
    const redraw = (): void => {
      const end = Date.now();
      live.trimBefore(end - WINDOW_MS);
      chart.current?.setData(live.aligned(60_000), { start: end - WINDOW_MS, end });
    };
    void Promise.all(queryKey.split('\n').map((query) => bridge.invoke('metrics.chart', { query, start: now - WINDOW_MS, end: now, maxPoints: 300 })))
      .then((charts) => {
        if (stopped) return;
        setWarnings(warningsOf(...charts));
        // Several series of one query (e.g. one per interface) add up bucket by bucket.
        live.reset(
          charts.map((data) => {
            const sums = new Map<number, number>();
            for (const series of data.series) series.ts.forEach((ts, i) => sums.set(ts, (sums.get(ts) ?? 0) + (series.avg[i] as number)));
            const ts = [...sums.keys()].sort((a, b) => a - b);
            return { ts, values: ts.map((t) => sums.get(t) as number) };
          }),
        );
        for (const sample of machineFeed.history()) read(sample).forEach((value, i) => live.append(i, sample.at, value));
        redraw();
      })
      .catch(() => undefined);
    const stop = machineFeed.subscribe((sample) => {
      read(sample).forEach((value, i) => live.append(i, sample.at, value));
      redraw();
    });
    return () => {
      stopped = true;
      stop();
    };
    // `read` is a pure function of the sample; the queries decide what is drawn.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [bridge, live, queryKey]);
  const [initialRange] = useState(() => ({ start: Date.now() - WINDOW_MS, end: Date.now() }));
  return (
    <Box pos="relative">
      <Box pos="absolute" top={0} right={0} style={{ zIndex: 2 }}>
        <ChartWarnings warnings={warnings} />
      </Box>
      <TimeChart
        ref={chart}
        compact
        height={36}
        series={labels.map((label, i) => ({ label, color: lineColors[i] as string, fill: queries.length === 1 }))}
        initialData={queries.length === 1 ? emptyData : [[], ...queries.map(() => [])]}
        range={initialRange}
        formatValue={format}
        yRange={percent === true ? [0, 100] : undefined}
      />
    </Box>
  );
}

function Cell({ title, hint, children }: { title: string; hint: string; children: ReactNode }) {
  return (
    <Paper withBorder p="xs" radius="sm">
      <Stack gap={2}>
        <Tooltip label={hint}>
          <Text size="xs" c="dimmed" fw={600} tt="uppercase" w="fit-content">
            {title}
          </Text>
        </Tooltip>
        {children}
      </Stack>
    </Paper>
  );
}

function DiskList() {
  const mounts = useMachineShape((sample) => (sample?.disks ?? []).map((disk) => disk.mountpoint).join('\n'));
  const list = mounts === '' ? [] : mounts.split('\n');
  if (list.length === 0) {
    return (
      <Text size="xs" c="dimmed">
        no filesystems watched
      </Text>
    );
  }
  return (
    <Stack gap={4}>
      {list.slice(0, 3).map((mountpoint) => (
        <DiskRow key={mountpoint} mountpoint={mountpoint} />
      ))}
      {list.length > 3 && (
        <Text size="xs" c="dimmed">
          and {list.length - 3} more
        </Text>
      )}
    </Stack>
  );
}

function DiskRow({ mountpoint }: { mountpoint: string }) {
  // A disk fills slowly: this row re-renders when its whole-percent figure changes, not per sample.
  const used = Number(useMachineShape((sample) => String(Math.round(sample?.disks.find((disk) => disk.mountpoint === mountpoint)?.usedPercent ?? 0))));
  const disk = (sample: MachineSample) => sample.disks.find((one) => one.mountpoint === mountpoint);
  return (
    <Box>
      <Group justify="space-between" gap={4} wrap="nowrap">
        <Text size="xs" ff="monospace" truncate="end">
          {mountpoint}
        </Text>
        <MachineText
          size="xs"
          ff="monospace"
          read={(sample) => `${formatPercent(disk(sample)?.usedPercent ?? null, 0)} · ${formatBytes(disk(sample)?.freeBytes ?? 0)} free`}
        />
      </Group>
      <Progress value={used} size="xs" color={used >= 90 ? 'red' : used >= 80 ? 'yellow' : 'teal'} aria-label={`${mountpoint} ${used}% used`} />
      <MachineForecast metric="system_disk_used_percent" labels={{ mountpoint }} />
    </Box>
  );
}

/** The machine at a glance: CPU, memory, disks and network, live. */
export function MachinePanel() {
  const hasSamples = useMachineShape((sample) => (sample === null ? '' : 'yes')) !== '';
  if (!hasSamples) {
    return (
      <Paper withBorder p="sm" radius="sm" mb="md" data-testid="machine-panel-empty">
        <Text size="sm" c="dimmed">
          Waiting for the first machine sample. Machine metrics are collected every <Code>machine.every</Code> (5 s by default); <Code>machine: false</Code> in
          the workspace turns them off.
        </Text>
      </Paper>
    );
  }
  return (
    <SimpleGrid cols={{ base: 2, lg: 4 }} spacing="sm" mb="md" data-testid="machine-panel">
      <Cell title="CPU" hint="Busy share of all cores since the previous sample">
        <MachineText size="lg" fw={600} ff="monospace" read={cpuText} data-testid="machine-cpu" />
        <MachineText
          size="xs"
          c="dimmed"
          read={(sample) => `load ${sample.load.map((value) => value.toFixed(2)).join(' ')} · ${sample.cpuCores.length} cores`}
        />
        <MachineChart
          queries={['system_cpu_usage_percent']}
          read={(sample) => [sample.cpuPercent]}
          colors={[colors.cpu]}
          labels={['CPU']}
          format={(value) => formatPercent(value)}
          percent
        />
      </Cell>
      <Cell title="Memory" hint="Used memory (total minus what is available to new programs)">
        <MachineText size="lg" fw={600} ff="monospace" read={(sample) => formatPercent(sample.memory.percent)} data-testid="machine-memory" />
        <MachineText
          size="xs"
          c="dimmed"
          read={(sample) =>
            `${formatBytes(sample.memory.usedBytes)} of ${formatBytes(sample.memory.totalBytes)}${sample.memory.swapTotalBytes > 0 ? ` · swap ${formatBytes(sample.memory.swapUsedBytes)}` : ' · no swap'}`
          }
        />
        <MachineChart
          queries={['system_memory_usage_percent']}
          read={(sample) => [sample.memory.percent]}
          colors={[colors.memory]}
          labels={['memory']}
          format={(value) => formatPercent(value)}
          percent
        />
        <MachineForecast metric="system_memory_usage_percent" />
      </Cell>
      <Cell title="Disks" hint="Used share and free space per filesystem">
        <DiskList />
      </Cell>
      <Cell title="Network" hint="Bytes received and sent per second, all watched interfaces">
        <MachineText
          size="lg"
          fw={600}
          ff="monospace"
          read={(sample) => `↓ ${formatRate(totalRate(sample, 'receiveBytesPerSecond'))}`}
          data-testid="machine-network"
        />
        <MachineText
          size="xs"
          c="dimmed"
          read={(sample) =>
            `↑ ${formatRate(totalRate(sample, 'transmitBytesPerSecond'))} · ${sample.network.map((link) => link.interface).join(', ') || 'no interfaces'}`
          }
        />
        <MachineChart
          queries={['system_network_receive_bytes_per_second', 'system_network_transmit_bytes_per_second']}
          read={(sample) =>
            sample.network.length === 0 ? [null, null] : [totalRate(sample, 'receiveBytesPerSecond'), totalRate(sample, 'transmitBytesPerSecond')]
          }
          colors={[colors.receive, colors.transmit]}
          labels={['received', 'sent']}
          format={(value) => formatRate(value)}
        />
      </Cell>
    </SimpleGrid>
  );
}
