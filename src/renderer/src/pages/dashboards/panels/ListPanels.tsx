import { Group, ScrollArea, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import type { LogSearchResult } from '../../../../../shared/types/logs';
import { StateBadge } from '../../../components/AlertStateBadge';
import { CenteredLoader } from '../../../components/CenteredLoader';
import { RelativeTime } from '../../../components/RelativeTime';
import { StatusBadge } from '../../../components/StatusBadge';
import { useBridge } from '../../../bridge/use-bridge';
import { alertLook, inFilter } from '../../../format/alert-look';
import { messageOf } from '../../../format/error-message';
import { levelColor } from '../../../format/log-level';
import { formatAbsoluteTime } from '../../../format/time';
import { useAlertsStore } from '../../../stores/alerts-store';
import { useServicesStore } from '../../../stores/services-store';
import { PanelMessage } from './PanelMessage';

/** Words of a list panel's query: an item is shown when its text has every one (case-insensitive). */
function matchesWords(query: string, texts: readonly string[]): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const haystack = texts.join(' ').toLowerCase();
  return words.every((word) => haystack.includes(word));
}

/** The newest log lines in the range that match the panel's search (logs.search's syntax). */
export function LogStreamPanel({ query, range }: { query: string; range: { start: number; end: number } }) {
  const bridge = useBridge();
  const key = `${query}\n${range.start}\n${range.end}`;
  const [answer, setAnswer] = useState<{ key: string; result: LogSearchResult | null; error: string | null } | null>(null);
  useEffect(() => {
    let stopped = false;
    bridge.invoke('logs.search', { query, start: range.start, end: range.end, limit: 100, context: 0 }).then(
      (result) => !stopped && setAnswer({ key, result, error: null }),
      (error: unknown) => !stopped && setAnswer({ key, result: null, error: messageOf(error) }),
    );
    return () => {
      stopped = true;
    };
  }, [bridge, key, query, range.start, range.end]);
  if (answer?.key !== key) return <CenteredLoader />;
  if (answer.error !== null || answer.result === null) return <PanelMessage error>{answer.error ?? 'no answer'}</PanelMessage>;
  if (answer.result.lines.length === 0) return <PanelMessage>No log lines match in this range</PanelMessage>;
  return (
    <ScrollArea h="100%" data-testid="panel-logs">
      <Stack gap={0} ff="monospace" fz="xs">
        {answer.result.lines.map((line) => (
          <Group
            key={line.id}
            gap={6}
            wrap="nowrap"
            align="flex-start"
            style={{ borderLeft: `3px solid var(--mantine-color-${levelColor[line.level]}-6)`, paddingLeft: 6 }}
          >
            <Text fz="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }} title={formatAbsoluteTime(line.ts)}>
              {new Date(line.ts).toLocaleTimeString()}
            </Text>
            <Text fz="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
              {line.service}
            </Text>
            <Text fz="xs" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} lineClamp={3}>
              {line.text}
            </Text>
          </Group>
        ))}
      </Stack>
    </ScrollArea>
  );
}

/** Firing and pending alerts (the query's words filter them: a name, a label value). */
export function AlertListPanel({ query }: { query: string }) {
  const alerts = useAlertsStore((state) => state.alerts).filter(
    (alert) => (inFilter(alert, 'firing') || inFilter(alert, 'pending')) && matchesWords(query, [alert.alertname, ...Object.values(alert.labels)]),
  );
  if (alerts.length === 0) return <PanelMessage>No alert is firing or pending</PanelMessage>;
  return (
    <ScrollArea h="100%" data-testid="panel-alerts">
      <Stack gap={4}>
        {alerts.map((alert) => (
          <Group key={alert.fingerprint} gap="xs" wrap="nowrap">
            <StateBadge look={alertLook(alert)} />
            <Text size="sm" fw={600} truncate miw={0}>
              <Link href="/alerts">{alert.alertname}</Link>
            </Text>
            <Text size="xs" c="dimmed" truncate miw={0}>
              {alert.labels.service ?? alert.annotations.summary ?? ''}
            </Text>
            <RelativeTime at={alert.firedAt ?? alert.activeAt} size="xs" c="dimmed" ml="auto" style={{ whiteSpace: 'nowrap' }} />
          </Group>
        ))}
      </Stack>
    </ScrollArea>
  );
}

/** Services with their status (the query's words pick services by name). */
export function ServiceStatusPanel({ query }: { query: string }) {
  const services = useServicesStore((state) => state.services).filter((service) => matchesWords(query, [service.name]));
  if (services.length === 0) return <PanelMessage>{query.trim() === '' ? 'No services in this workspace' : `No service matches "${query}"`}</PanelMessage>;
  return (
    <ScrollArea h="100%" data-testid="panel-services">
      <Stack gap={4}>
        {services.map((service) => (
          <Group key={service.name} gap="xs" wrap="nowrap">
            <StatusBadge status={service.status} waitingFor={service.waitingFor} size="xs" />
            <Text size="sm" truncate miw={0}>
              <Link href={`/services/${encodeURIComponent(service.name)}`}>{service.name}</Link>
            </Text>
            {service.reason !== null && (
              <Text size="xs" c="dimmed" truncate miw={0} ml="auto">
                {service.reason}
              </Text>
            )}
          </Group>
        ))}
      </Stack>
    </ScrollArea>
  );
}
