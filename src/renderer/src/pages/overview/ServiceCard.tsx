import { Badge, Card, Group, Stack, Text, Tooltip } from '@mantine/core';
import type { ServiceView } from '../../../../shared/types/service';
import { IconCertificate } from '@tabler/icons-react';
import { HeartbeatBar } from '../../components/HeartbeatBar';
import { AnomalyBadge } from '../../components/AnomalyBadge';
import { StatusBadge } from '../../components/StatusBadge';
import { probeName } from '../../format/probe-status';
import { useMonitoringStore } from '../../stores/monitoring-store';
import { formatSpan } from '../../format/duration';
import { statusLook, toneColor } from '../../format/service-status';
import { servicePath } from '../../shell/pages';
import { ServiceVitals } from './ServiceVitals';
import classes from './ServiceCard.module.css';

const runnerLabel: Record<ServiceView['runner'], string> = {
  tmux: 'runs in tmux',
  process: 'runs as a process',
  none: 'observed only',
};

function ProbeLine({ service }: { service: ServiceView }) {
  if (service.probes.length === 0) {
    return (
      <Text size="xs" c="dimmed">
        no probes — add one to know if it is up
      </Text>
    );
  }
  const kinds = [...new Set(service.probes.map((probe) => probe.kind))];
  const details = service.probes.map((probe) => `${probe.kind} ${probe.target} every ${formatSpan(probe.everyMs)}`).join('\n');
  return (
    <Tooltip
      label={
        <Text size="xs" style={{ whiteSpace: 'pre' }}>
          {details}
        </Text>
      }
    >
      <Group gap={4} wrap="wrap">
        <Text size="xs" c="dimmed">
          {service.probes.length} probe{service.probes.length === 1 ? '' : 's'}
        </Text>
        {kinds.map((kind) => (
          <Badge key={kind} size="xs" variant="default" tt="none">
            {kind}
          </Badge>
        ))}
      </Group>
    </Tooltip>
  );
}

/** Checks a card's bar shows. */
export const OVERVIEW_BEATS = 30;

/** Days left on the soonest-expiring certificate its HTTPS probes see: red within a week, yellow within four. */
function CertificateLine({ service }: { service: string }) {
  const certificate = useMonitoringStore((state) => state.byService[service]?.certificate ?? null);
  if (certificate === null) return null;
  const days = Math.floor(certificate.daysLeft);
  const tone = days < 7 ? 'critical' : days < 28 ? 'warning' : 'ok';
  return (
    <Tooltip
      label={`The TLS certificate ${probeName(certificate.probe, service)} sees ${days < 0 ? 'has expired' : `expires in ${days} day${days === 1 ? '' : 's'}`} (probe_ssl_cert_days_left)`}
    >
      <Group gap={4} wrap="nowrap" data-testid={`service-cert-${service}`}>
        <IconCertificate size={14} stroke={1.6} color={`var(--mantine-color-${toneColor[tone]}-7)`} />
        <Text size="xs" c={tone === 'ok' ? 'dimmed' : `${toneColor[tone]}.8`} fw={tone === 'ok' ? 400 : 600}>
          {days < 0 ? 'certificate expired' : `certificate: ${days} day${days === 1 ? '' : 's'} left`}
        </Text>
      </Group>
    </Tooltip>
  );
}

/** One service on the overview: its name, status in words, why, what it needs and how it is checked. */
export function ServiceCard({ service }: { service: ServiceView }) {
  const look = statusLook(service.status);
  return (
    <Card
      withBorder
      padding="sm"
      radius="sm"
      component="a"
      href={`#${servicePath(service.name)}`}
      className={classes.card}
      style={{ '--status-color': `var(--mantine-color-${toneColor[look.tone]}-6)` }}
      data-testid={`service-card-${service.name}`}
      data-status={service.status}
    >
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Text fw={600} size="sm" truncate="end" ff="monospace">
            {service.name}
          </Text>
          <Group gap={4} wrap="nowrap">
            <AnomalyBadge service={service.name} />
            <StatusBadge status={service.status} waitingFor={service.waitingFor} />
          </Group>
        </Group>
        {service.description !== null && (
          <Text size="xs" c="dimmed" lineClamp={2}>
            {service.description}
          </Text>
        )}
        <Text
          size="xs"
          c={service.reason === null ? 'dimmed' : look.tone === 'neutral' ? undefined : `${toneColor[look.tone]}.8`}
          lineClamp={2}
          className={classes.reason}
        >
          {service.reason ?? look.meaning}
        </Text>
        {service.probes.length > 0 && <HeartbeatBar service={service.name} count={OVERVIEW_BEATS} />}
        <ServiceVitals service={service} />
        <CertificateLine service={service.name} />
        <Group gap={4} wrap="wrap">
          <Text size="xs" c="dimmed">
            depends on
          </Text>
          {service.dependsOn.length === 0 ? (
            <Text size="xs" c="dimmed">
              nothing
            </Text>
          ) : (
            service.dependsOn.map((dependency) => (
              <Badge key={dependency} size="xs" variant="light" color="gray" tt="none" ff="monospace">
                {dependency}
              </Badge>
            ))
          )}
        </Group>
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <ProbeLine service={service} />
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            {runnerLabel[service.runner]}
          </Text>
        </Group>
      </Stack>
    </Card>
  );
}
