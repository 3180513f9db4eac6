import { Alert, Anchor, Code, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { PageHeader } from '../components/PageHeader';
import { PendingRestartBadge } from '../components/PendingRestartBadge';
import { StatusBadge } from '../components/StatusBadge';
import { TimeRangePicker } from '../components/TimeRangePicker';
import { statusLook, toneColor } from '../format/service-status';
import { resolveRange, type RelativeRangeKey, type TimeRange } from '../format/time-range';
import { useServicesStore } from '../stores/services-store';
import { ProbeCharts } from './service/ProbeCharts';
import { ProbeHistory } from './service/ProbeHistory';
import { ProbesTable } from './service/ProbesTable';

/**
 * One service: its probes with their state and controls, charts of latency and passed checks
 * over a chosen range (live when it ends now), and the history of status changes.
 */
export function ServicePage({ name }: { name: string }) {
  const service = useServicesStore((state) => state.services.find((candidate) => candidate.name === name));
  const load = useServicesStore((state) => state.load);
  const [range, setRange] = useState<TimeRange>({ kind: 'relative', key: '1h' });
  const [lastRelative, setLastRelative] = useState<RelativeRangeKey>('1h');
  // A relative range is resolved when chosen; live charts then slide forward on their own.
  const [resolved, setResolved] = useState(() => resolveRange(range, Date.now()));
  const choose = (next: TimeRange): void => {
    if (next.kind === 'relative') setLastRelative(next.key);
    setRange(next);
    setResolved(resolveRange(next, Date.now()));
  };

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
          The running workspace has no such service. See all of them on <Anchor href="#/services">Services</Anchor>, or declare it under <Code>services:</Code> on the{' '}
          <Anchor href="#/config">Config</Anchor> page.
        </Text>
      </Paper>
    );
  }
  const look = statusLook(service.status, service.waitingFor);
  return (
    <Stack gap="md" data-testid={`service-page-${service.name}`}>
      <PageHeader title={service.name} description={service.description ?? `${service.probes.length} probe${service.probes.length === 1 ? '' : 's'}${service.dependsOn.length > 0 ? ` · depends on ${service.dependsOn.join(', ')}` : ''}`}>
        <Group gap="xs">
          <PendingRestartBadge service={service} size="md" />
          <StatusBadge status={service.status} waitingFor={service.waitingFor} size="md" />
        </Group>
      </PageHeader>
      {service.reason !== null && (
        <Alert color={toneColor[look.tone]} variant="light" icon={<IconAlertTriangle size={18} />} py={8} data-testid="service-reason">
          <Text size="sm">{service.reason}</Text>
          {service.status === 'waiting' && service.waitingFor.length > 0 && (
            <Text size="xs" c="dimmed" mt={4} data-testid="service-waiting-for">
              Not restarted while it waits; the one to look at:{' '}
              {service.waitingFor.map((name, index) => (
                <span key={name}>
                  {index > 0 && ', '}
                  <Anchor href={`#/services/${encodeURIComponent(name)}`} size="xs">
                    {name}
                  </Anchor>
                </span>
              ))}
            </Text>
          )}
        </Alert>
      )}
      {service.probes.length === 0 ? (
        <Paper withBorder p="lg" radius="sm">
          <Text size="sm" mb="xs">
            {service.name} has no probes, so its status stays unknown. Add one in the workspace file, e.g.:
          </Text>
          <Code block fz="xs">{`services:\n  ${service.name}:\n    probes:\n      - http: http://127.0.0.1:8080/health\n        every: 10s\n      - tcp: 127.0.0.1:5432`}</Code>
        </Paper>
      ) : (
        <>
          <ProbesTable service={service} />
          <Group justify="space-between" align="flex-end">
            <Title order={3} fz="h5">
              History
            </Title>
            <TimeRangePicker value={range} onChange={choose} />
          </Group>
          <ProbeCharts service={service} range={resolved} onZoom={(zoomed) => choose({ kind: 'absolute', ...zoomed })} onReset={() => choose({ kind: 'relative', key: lastRelative })} />
          <Title order={3} fz="h5">
            Status changes
          </Title>
          <ProbeHistory service={service} />
        </>
      )}
    </Stack>
  );
}
