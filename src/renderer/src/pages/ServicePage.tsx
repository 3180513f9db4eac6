import { useLogsHref } from '../components/use-logs-href';
import { usePageHref } from '../components/use-page-href';
import { Alert, Anchor, Badge, Code, Group, Loader, Paper, SimpleGrid, Stack, Tabs, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useSearch } from 'wouter';
import type { ServiceView } from '../../../shared/types/service';
import { HeartbeatBar } from '../components/HeartbeatBar';
import { AnomalyBadge } from '../components/AnomalyBadge';
import { PendingRestartBadge } from '../components/PendingRestartBadge';
import { ScrollRow } from '../components/ScrollRow';
import { StatusBadge } from '../components/StatusBadge';
import { TimeRangePicker } from '../components/TimeRangePicker';
import { useHeartbeatFeed } from '../components/use-heartbeat-feed';
import { statusLook, toneColor } from '../format/service-status';
import { rangeFromSearch, resolveRange, type RelativeRangeKey, type ResolvedRange, type TimeRange } from '../format/time-range';
import { servicePath } from '../shell/pages';
import { HEARTBEATS_SHOWN_MAX } from '../stores/heartbeats-store';
import { useServicesStore } from '../stores/services-store';
import { EnvironmentPanel } from './service/EnvironmentPanel';
import { markerColor, markersOf } from './service/marker-colors';
import { ProbeCharts } from './service/ProbeCharts';
import { ProbesTable } from './service/ProbesTable';
import { ProcessCharts } from './service/ProcessCharts';
import { ProcessVitals } from './service/ProcessVitals';
import { ServiceActions } from './service/ServiceActions';
import { ExplainButton } from '../components/evidence/ExplainButton';
import { isRed } from '../format/service-status';
import { ServiceTimeline } from './service/ServiceTimeline';
import { useServiceTimeline } from './service/use-service-timeline';
import { OutputContent } from './services/OutputDrawer';
import { ExampleCode } from '../components/ExampleCode';
import { ReplicaList } from './services/ReplicaList';

/** The Logs page's ranges: a longer one opens all, an absolute one opens around its end. */
const logsRanges = new Set(['15m', '1h', '6h', '24h', '7d']);

function logsHrefOf(logsOf: ReturnType<typeof useLogsHref>, service: string, range: TimeRange, resolved: ResolvedRange): string {
  if (range.kind === 'relative') return logsOf(service, undefined, logsRanges.has(range.key) ? range.key : 'all');
  return logsOf(service, resolved.end);
}

const legend: { label: string; entry: Parameters<typeof markerColor>[0] }[] = [
  { label: 'down, crashed, restarted automatically', entry: { tone: 'critical', kind: 'outage' } },
  { label: 'checks failing within retries', entry: { tone: 'warning', kind: 'outage' } },
  { label: 'started or restarted on request', entry: { tone: 'neutral', kind: 'restart' } },
  { label: 'stopped or paused', entry: { tone: 'neutral', kind: 'stop' } },
  { label: 'workspace version applied', entry: { tone: 'neutral', kind: 'config' } },
];

function MarkerLegend() {
  return (
    <Group gap="md" wrap="wrap" data-testid="marker-legend">
      {legend.map((item) => (
        <Group key={item.label} gap={4} wrap="nowrap">
          <span aria-hidden style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 2, background: markerColor(item.entry) }} />
          <Text size="xs" c="dimmed">
            {item.label}
          </Text>
        </Group>
      ))}
    </Group>
  );
}

function Header({ service, logsHref }: { service: ServiceView; logsHref: string }) {
  const href = usePageHref();
  return (
    <Stack gap={6}>
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap="sm" wrap="nowrap">
            <Title order={2} fz="h3" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
              {service.name}
            </Title>
            <StatusBadge status={service.status} waitingFor={service.waitingFor} size="md" />
            <PendingRestartBadge service={service} size="md" />
            <AnomalyBadge service={service.name} size="md" />
          </Group>
          <Text size="sm" c="dimmed">
            {service.description ?? `${service.probes.length} probe${service.probes.length === 1 ? '' : 's'}`}
            {service.dependsOn.length > 0 && (
              <>
                {' · depends on '}
                {service.dependsOn.map((dependency, i) => (
                  <span key={dependency}>
                    {i > 0 && ', '}
                    <Anchor href={href(servicePath(dependency))} size="sm" ff="monospace">
                      {dependency}
                    </Anchor>
                  </span>
                ))}
              </>
            )}
          </Text>
        </Stack>
        <Group gap="xs" wrap="wrap" justify="flex-end">
          {isRed(service.status) && (
            <ExplainButton question={{ question: 'why', service: service.name, ...(service.status === 'down' ? { symptom: 'down' } : {}) }} />
          )}
          <ServiceActions service={service} logsHref={logsHref} />
        </Group>
      </Group>
    </Stack>
  );
}

/**
 * A service's home (as Lens and Portainer have it): actions at the top, its process's vitals,
 * CPU, memory, latency and passed checks over one time range with its events drawn on them,
 * the events themselves (one line per restart or outage), and tabs for its probes, output and
 * environment.
 */
export function ServicePage({ name }: { name: string }) {
  const service = useServicesStore((state) => state.services.find((candidate) => candidate.name === name));
  const load = useServicesStore((state) => state.load);
  // A link may open the charts on a moment (Insights: where an anomaly began).
  const search = useSearch();
  const [range, setRange] = useState<TimeRange>(() => rangeFromSearch(search) ?? { kind: 'relative', key: '1h' });
  const [lastRelative, setLastRelative] = useState<RelativeRangeKey>('1h');
  // A relative range is resolved when chosen; live charts then slide forward on their own.
  const [resolved, setResolved] = useState(() => resolveRange(range, Date.now()));
  const choose = (next: TimeRange): void => {
    if (next.kind === 'relative') setLastRelative(next.key);
    setRange(next);
    setResolved(resolveRange(next, Date.now()));
  };
  useHeartbeatFeed(HEARTBEATS_SHOWN_MAX, name);
  const href = usePageHref();

  if (load.status === 'loading') {
    return (
      <Group justify="center" mt="xl">
        <Loader size="sm" />
      </Group>
    );
  }
  if (service === undefined) {
    return (
      <Paper withBorder p="xl" maw={640} mx="auto" mt="xl" data-testid="service-missing">
        <Title order={3} fz="h4" mb="xs">
          No service named “{name}”
        </Title>
        <Text size="sm">
          The running workspace has no such service. See all of them on <Anchor href={href('/services')}>Services</Anchor>, or declare it under{' '}
          <Code>services:</Code> on the <Anchor href={href('/config')}>Config</Anchor> page.
        </Text>
      </Paper>
    );
  }
  return <ServiceHome service={service} range={range} resolved={resolved} choose={choose} resetRange={() => choose({ kind: 'relative', key: lastRelative })} />;
}

function ServiceHome({
  service,
  range,
  resolved,
  choose,
  resetRange,
}: {
  service: ServiceView;
  range: TimeRange;
  resolved: ResolvedRange;
  choose: (range: TimeRange) => void;
  resetRange: () => void;
}) {
  const look = statusLook(service.status, service.waitingFor);
  const href = usePageHref();
  const logsOf = useLogsHref();
  const logsHref = logsHrefOf(logsOf, service.name, range, resolved);
  const timeline = useServiceTimeline(service);
  const markers = useMemo(() => markersOf(timeline.entries ?? []), [timeline.entries]);
  const syncKey = `service:${service.name}`;
  const zoom = (zoomed: { start: number; end: number }): void => choose({ kind: 'absolute', ...zoomed });
  const hasProcess = service.runtime !== null || service.probes.some((probe) => probe.kind === 'process');
  return (
    <Stack gap="md" data-testid={`service-page-${service.name}`}>
      <Header service={service} logsHref={logsHref} />
      {service.reason !== null && (
        <Alert color={toneColor[look.tone]} variant="light" icon={<IconAlertTriangle size={18} />} py={8} data-testid="service-reason">
          <Text size="sm">{service.reason}</Text>
          {service.status === 'waiting' && service.waitingFor.length > 0 && (
            <Text size="xs" c="dimmed" mt={4} data-testid="service-waiting-for">
              Not restarted while it waits; the one to look at:{' '}
              {service.waitingFor.map((name, index) => (
                <span key={name}>
                  {index > 0 && ', '}
                  <Anchor href={href(servicePath(name))} size="xs">
                    {name}
                  </Anchor>
                </span>
              ))}
            </Text>
          )}
        </Alert>
      )}
      <ProcessVitals service={service} />
      {(service.runtime?.replicas ?? []).length > 0 && (
        <Paper withBorder p="sm" radius="sm" data-testid="service-replicas">
          <Title order={3} fz="h5" mb={4}>
            Replicas
          </Title>
          <ReplicaList service={service.name} replicas={service.runtime?.replicas ?? []} />
        </Paper>
      )}
      {service.probes.length > 0 && (
        <Group gap="sm" wrap="nowrap" align="center">
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            Last checks
          </Text>
          <div style={{ flex: 1, minWidth: 0 }}>
            <HeartbeatBar service={service.name} count={HEARTBEATS_SHOWN_MAX} height={20} />
          </div>
        </Group>
      )}
      <Tabs defaultValue="activity" keepMounted={false}>
        {/* Wrapped, not scrolled, on a narrow screen: a tab out of view is a tab nobody finds. */}
        <Tabs.List>
          {/* Shorter words on a phone, so the four tabs stay on one line. */}
          <Tabs.Tab value="activity" aria-label="Charts and events">
            <Text span inherit visibleFrom="sm">
              Charts and events
            </Text>
            <Text span inherit hiddenFrom="sm">
              Charts
            </Text>
          </Tabs.Tab>
          <Tabs.Tab
            value="probes"
            rightSection={
              <Badge size="xs" variant="default" circle>
                {service.probes.length}
              </Badge>
            }
          >
            Probes
          </Tabs.Tab>
          <Tabs.Tab value="output">Output</Tabs.Tab>
          <Tabs.Tab value="environment" aria-label="Environment">
            <Text span inherit visibleFrom="sm">
              Environment
            </Text>
            <Text span inherit hiddenFrom="sm">
              Env
            </Text>
          </Tabs.Tab>
        </Tabs.List>

        <Tabs.Panel value="activity" pt="sm">
          <Stack gap="sm">
            <Group justify="space-between" align="center" wrap="wrap" gap="xs">
              <MarkerLegend />
              <ScrollRow>
                <TimeRangePicker value={range} onChange={choose} />
              </ScrollRow>
            </Group>
            <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="sm">
              {hasProcess && <ProcessCharts service={service.name} range={resolved} markers={markers} syncKey={syncKey} onZoom={zoom} onReset={resetRange} />}
              {service.probes.length > 0 && (
                <ProbeCharts service={service} range={resolved} markers={markers} syncKey={syncKey} onZoom={zoom} onReset={resetRange} />
              )}
            </SimpleGrid>
            {service.probes.length === 0 && (
              <Paper withBorder p="sm" radius="sm">
                <Text size="sm" mb="xs">
                  {service.name} has no probes, so nothing checks that it works{service.runtime === null ? '' : ': its process running is all that is known'}.
                  Add one in the workspace file, e.g.:
                </Text>
                <ExampleCode>{`services:\n  ${service.name}:\n    probes:\n      - http: http://127.0.0.1:8080/health\n        every: 10s\n      - tcp: 127.0.0.1:5432`}</ExampleCode>
              </Paper>
            )}
            <Title order={3} fz="h5">
              Events
            </Title>
            {timeline.error !== null ? (
              <Alert color="red" title="Could not load its history">
                {timeline.error}
              </Alert>
            ) : timeline.entries === null ? (
              <Loader size="sm" />
            ) : (
              <ServiceTimeline entries={timeline.entries} />
            )}
          </Stack>
        </Tabs.Panel>

        <Tabs.Panel value="probes" pt="sm">
          {service.probes.length === 0 ? (
            <Text size="sm" c="dimmed">
              No probes. Declare them under <Code>{`services.${service.name}.probes`}</Code> in the workspace file.
            </Text>
          ) : (
            <ProbesTable service={service} />
          )}
        </Tabs.Panel>

        <Tabs.Panel value="output" pt="sm">
          {service.runtime === null ? (
            <Text size="sm" c="dimmed">
              Zervigo does not start it, so it has no output here; its <Anchor href={logsHref}>logs</Anchor> may.
            </Text>
          ) : (
            <OutputContent service={service.name} logsHref={logsHref} height="60vh" />
          )}
        </Tabs.Panel>

        <Tabs.Panel value="environment" pt="sm">
          <EnvironmentPanel service={service.name} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
