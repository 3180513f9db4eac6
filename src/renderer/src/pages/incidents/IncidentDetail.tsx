import { Alert, Anchor, Badge, Code, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconHistory } from '@tabler/icons-react';
import { useState } from 'react';
import type { IncidentCause, IncidentView } from '../../../../shared/types/incidents';
import { useBridge } from '../../bridge/use-bridge';
import { ExplainButton } from '../../components/evidence/ExplainButton';
import { EvidenceLinks } from '../../components/evidence/EvidenceLinks';
import { RelativeTime } from '../../components/RelativeTime';
import { usePageHref } from '../../components/use-page-href';
import { messageOf } from '../../format/error-message';
import { formatAbsoluteTime } from '../../format/time';
import { useNow } from '../../stores/clock-store';
import { upsertIncident } from '../../stores/incidents-store';
import { servicePath } from '../../shell/pages';
import { CauseCard } from './CauseCard';
import { describeCause } from './cause-words';
import { IncidentSpan, IncidentStateBadge } from './IncidentState';

/** Charts show at least this much before the onset (the baseline the ranking compared against), at most the ranking's 15 min. */
const MIN_BEFORE_ONSET_MS = 2 * 60_000;
const BEFORE_ONSET_MS = 15 * 60_000;
const AFTER_END_MS = 2 * 60_000;

/**
 * The window every chart of an incident shares, so the onset lines up across them: as long
 * before the onset as the incident has lasted since (between 2 and 15 minutes), to its end (or
 * the last ranking while it is open) and a little after.
 */
export function incidentWindow(incident: IncidentView): { start: number; end: number } {
  const end = incident.end === null ? Math.max(incident.rankedAt, incident.start + 60_000) : incident.end + AFTER_END_MS;
  const before = Math.min(BEFORE_ONSET_MS, Math.max(MIN_BEFORE_ONSET_MS, end - incident.start));
  return { start: incident.start - before, end };
}

function Symptoms({ incident }: { incident: IncidentView }) {
  const now = useNow();
  const href = usePageHref();
  return (
    <Stack gap={4} data-testid="incident-symptoms">
      {incident.outages.map((outage) => (
        <Text key={`outage-${outage.service}-${outage.at}`} size="sm">
          <Anchor href={href(servicePath(outage.service, { start: outage.at - BEFORE_ONSET_MS, end: incident.end ?? now }))}>{outage.service}</Anchor> went{' '}
          {outage.status.replace('_', ' ')} at {formatAbsoluteTime(outage.at)}
          {outage.reason === null ? '' : `: ${outage.reason}`}
        </Text>
      ))}
      {incident.alerts.map((alert) => (
        <Text key={alert.fingerprint} size="sm">
          alert <b>{alert.alertname}</b>
          {alert.service === null ? '' : ` on ${alert.service}`} fired at {formatAbsoluteTime(alert.firedAt)}
          {alert.resolvedAt === null ? ', still firing' : `, resolved at ${formatAbsoluteTime(alert.resolvedAt)}`}
          <EvidenceLinks links={[{ kind: 'alert', fingerprint: alert.fingerprint }]} />
        </Text>
      ))}
      {incident.anomalies.map((anomaly) => (
        <Text key={`${anomaly.series}-${anomaly.startedAt}`} size="sm">
          anomaly in <Code fz="xs">{anomaly.series}</Code> from {formatAbsoluteTime(anomaly.startedAt)}
          {anomaly.endedAt === null ? ', ongoing' : ` to ${formatAbsoluteTime(anomaly.endedAt)}`}
          <EvidenceLinks links={[{ kind: 'chart', query: anomaly.series, start: anomaly.startedAt - BEFORE_ONSET_MS, end: anomaly.endedAt ?? now }]} />
        </Text>
      ))}
    </Stack>
  );
}

/**
 * One incident: what went wrong and when, the ranked candidate causes with their evidence, what
 * an operator confirmed, and the cause confirmed on an earlier, similar incident. It follows the
 * store, so a new ranking, a resolution or a confirmation shows as it happens.
 */
export function IncidentDetail({ incident }: { incident: IncidentView }) {
  const bridge = useBridge();
  const href = usePageHref();
  const [confirming, setConfirming] = useState<string | null>(null);
  const chartWindow = incidentWindow(incident);
  const confirm = (cause: IncidentCause): void => {
    const key = `${cause.kind}:${cause.target}`;
    setConfirming(key);
    bridge
      .invoke('incidents.confirmCause', { id: incident.id, kind: cause.kind, target: cause.target })
      .then((updated) => {
        upsertIncident(updated);
        notifications.show({
          color: 'green',
          title: `Incident ${incident.id}: cause confirmed`,
          message: (
            <>
              {describeCause(cause)} is recorded as the cause; similar incidents will show it. <Anchor href={href('/audit')}>Audit log</Anchor>
            </>
          ),
        });
      })
      .catch((error: unknown) => notifications.show({ color: 'red', title: 'Could not confirm the cause', message: messageOf(error) }))
      .finally(() => setConfirming(null));
  };
  return (
    <Stack gap="md" data-testid="incident-detail" data-incident-id={incident.id} data-status={incident.status}>
      <Anchor href={href('/incidents')} size="sm" w="fit-content" data-tap>
        <Group gap={4}>
          <IconArrowLeft size={14} /> All incidents
        </Group>
      </Anchor>
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <Stack gap={4} miw={0}>
          <Group gap="xs" wrap="wrap">
            <Title order={2} fz="h3" style={{ overflowWrap: 'anywhere' }}>
              Incident {incident.id}: {incident.title}
            </Title>
            <IncidentStateBadge incident={incident} />
          </Group>
          <IncidentSpan incident={incident} />
          <Text size="xs" c="dimmed">
            Ranked {incident.rankings} time{incident.rankings === 1 ? '' : 's'} as evidence arrived, last <RelativeTime at={incident.rankedAt} size="xs" />
          </Text>
        </Stack>
        <ExplainButton question={{ question: 'why', incident: incident.id }} />
      </Group>
      {incident.confirmed !== null && (
        <Alert color="green" title="Confirmed cause" data-testid="incident-confirmed">
          {incident.confirmed.by} confirmed {describeCause(incident.confirmed)} as the cause, <RelativeTime at={incident.confirmed.at} size="sm" />.
        </Alert>
      )}
      {incident.previous !== null && (
        <Alert color="blue" icon={<IconHistory />} title="Seen before" data-testid="incident-previous">
          On a similar incident (<Anchor href={href(`/incidents/${incident.previous.incidentId}`)}>incident {incident.previous.incidentId}</Anchor>,{' '}
          {formatAbsoluteTime(incident.previous.start)}), {incident.previous.cause.by} confirmed the cause as {describeCause(incident.previous.cause)}.
        </Alert>
      )}
      <Paper withBorder radius="md" p="sm">
        <Text size="xs" fw={600} c="dimmed" tt="uppercase" mb={4}>
          What went wrong
        </Text>
        <Symptoms incident={incident} />
      </Paper>
      <Stack gap="sm">
        <Group gap="xs">
          <Title order={3} fz="h5">
            Likely causes
          </Title>
          <Badge variant="outline" color="gray" size="sm">
            {incident.causes.length}
          </Badge>
        </Group>
        {incident.note !== null && (
          <Text size="sm" c="dimmed" data-testid="incident-note">
            {capitalise(incident.note)}.
          </Text>
        )}
        {incident.causes.length === 0 && incident.note === null && (
          <Text size="sm" c="dimmed">
            No evidence points at a cause yet.
          </Text>
        )}
        {incident.causes.map((cause, index) => (
          <CauseCard
            key={`${cause.kind}:${cause.target}`}
            incident={incident}
            cause={cause}
            rank={index + 1}
            chartWindow={chartWindow}
            confirming={confirming === `${cause.kind}:${cause.target}`}
            onConfirm={confirm}
          />
        ))}
      </Stack>
    </Stack>
  );
}

function capitalise(text: string): string {
  return text.length === 0 ? text : `${text[0]?.toUpperCase() ?? ''}${text.slice(1)}`;
}
