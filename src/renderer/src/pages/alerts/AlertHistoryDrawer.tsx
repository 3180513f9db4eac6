import { useLogsHref } from '../../components/use-logs-href';
import { usePageHref } from '../../components/use-page-href';
import { Alert, Anchor, Badge, Drawer, Group, Loader, Stack, Text, Timeline } from '@mantine/core';
import { IconBellOff, IconCheck, IconFlame, IconSend, IconWaveSine } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { AlertEventView, AlertView } from '../../../../shared/types/alerts';
import { useBridge } from '../../bridge/use-bridge';
import { RelativeTime } from '../../components/RelativeTime';
import { useLastPresent } from '../../components/use-last-shown';
import { formatValue, extraLabels } from '../../format/alert-look';
import { messageOf } from '../../format/error-message';
import { toneColor } from '../../format/service-status';

const stateColor: Record<string, string> = { firing: toneColor.critical, pending: toneColor.warning, resolved: toneColor.ok, inactive: toneColor.neutral };

function describe(event: AlertEventView): { title: string; color: string; icon: typeof IconFlame } {
  switch (event.kind) {
    case 'state':
      return { title: `${event.from ?? ''} → ${event.to ?? ''}`, color: stateColor[event.to ?? ''] ?? 'gray', icon: IconFlame };
    case 'ack':
      return { title: 'acknowledged', color: 'blue', icon: IconCheck };
    case 'unack':
      return { title: 'acknowledgement taken back', color: 'gray', icon: IconCheck };
    case 'silenced':
      return { title: 'silenced', color: 'gray', icon: IconBellOff };
    case 'notified':
      return { title: 'notified', color: 'indigo', icon: IconSend };
    case 'flapping':
      return { title: event.detail ?? 'flapping', color: 'orange', icon: IconWaveSine };
  }
}

function AlertTimeline({ fingerprint }: { fingerprint: string }) {
  const bridge = useBridge();
  const [events, setEvents] = useState<AlertEventView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    bridge
      .invoke('alerts.history', { fingerprint, limit: 200 })
      .then((list) => !cancelled && setEvents(list))
      .catch((caught: unknown) => !cancelled && setError(messageOf(caught)));
    return () => {
      cancelled = true;
    };
  }, [bridge, fingerprint]);

  if (error !== null) {
    return (
      <Alert color="red" title="Could not load the history">
        {error}
      </Alert>
    );
  }
  if (events === null) return <Loader size="sm" />;
  if (events.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        Nothing recorded yet.
      </Text>
    );
  }
  return (
    <Timeline bulletSize={22} lineWidth={2} data-testid="alert-timeline">
      {events.map((event) => {
        const look = describe(event);
        const EventIcon = look.icon;
        return (
          <Timeline.Item
            key={event.id}
            bullet={<EventIcon size={12} />}
            color={look.color}
            title={
              <Text size="sm" fw={600}>
                {look.title}
              </Text>
            }
          >
            <Text size="xs" c="dimmed">
              <RelativeTime at={event.at} size="xs" />
              {event.value !== null && event.kind === 'state' && ` · value ${formatValue(event.value)}`}
            </Text>
            {event.detail !== null && event.kind !== 'flapping' && <Text size="xs">{event.detail}</Text>}
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}

/** Where to look next: the service's page, and its logs from the moment the alert became active. */
function ServiceLinks({ service, at }: { service: string; at: number }) {
  const href = usePageHref();
  const logsOf = useLogsHref();
  return (
    <Group gap="md">
      <Anchor href={href(`/services/${encodeURIComponent(service)}`)} size="sm" data-tap>
        Service {service}
      </Anchor>
      <Anchor href={logsOf(service, at)} size="sm" data-tap data-testid="alert-logs-link">
        Logs around this alert
      </Anchor>
    </Group>
  );
}

/** The timeline of one alert: its state changes, acknowledgements, silences and notifications. */
export function AlertHistoryDrawer({ alert: current, onClose }: { alert: AlertView | null; onClose: () => void }) {
  const alert = useLastPresent(current);
  return (
    <Drawer opened={current !== null} onClose={onClose} position="right" size="md" title={<Text fw={600}>History of {alert?.alertname}</Text>}>
      {alert !== null && (
        <Stack gap="sm">
          <Group gap={4}>
            {extraLabels(alert).map(([key, value]) => (
              <Badge key={key} size="xs" variant="default" tt="none" fw={500}>
                {key}={value}
              </Badge>
            ))}
          </Group>
          {alert.labels.service !== undefined && <ServiceLinks service={alert.labels.service} at={alert.activeAt} />}
          <AlertTimeline key={alert.fingerprint} fingerprint={alert.fingerprint} />
        </Stack>
      )}
    </Drawer>
  );
}
