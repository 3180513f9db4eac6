import { Badge, Group, Text } from '@mantine/core';
import type { IncidentView } from '../../../../shared/types/incidents';
import { RelativeTime } from '../../components/RelativeTime';
import { formatSpan } from '../../format/duration';

/** Open (red) or resolved (green), in a word. */
export function IncidentStateBadge({ incident }: { incident: IncidentView }) {
  return (
    <Badge color={incident.status === 'open' ? 'red' : 'green'} variant="light" size="sm" miw={72} data-testid="incident-state">
      {incident.status}
    </Badge>
  );
}

/** When it began, and how long it lasted (or "ongoing"). */
export function IncidentSpan({ incident }: { incident: IncidentView }) {
  return (
    <Group gap={6} wrap="wrap">
      <RelativeTime at={incident.start} size="sm" />
      <Text size="xs" c="dimmed">
        {incident.end === null ? 'ongoing' : `lasted ${formatSpan(Math.max(incident.end - incident.start, 1_000))}`}
      </Text>
    </Group>
  );
}

/** "2 alerts · 1 outage · 3 anomalies": what the incident holds. */
export function symptomCounts(incident: IncidentView): string {
  const parts: string[] = [];
  const count = (n: number, word: string): void => {
    if (n > 0) parts.push(`${n} ${word}${n === 1 ? '' : 's'}`);
  };
  count(incident.alerts.length, 'alert');
  count(incident.outages.length, 'outage');
  if (incident.anomalies.length > 0) parts.push(`${incident.anomalies.length} ${incident.anomalies.length === 1 ? 'anomaly' : 'anomalies'}`);
  return parts.join(' · ') || 'no symptoms recorded';
}
