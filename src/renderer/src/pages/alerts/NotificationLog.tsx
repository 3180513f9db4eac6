import { Alert, Badge, Loader, Table, Text, Tooltip } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { NotificationView } from '../../../../shared/types/alerts';
import { useBridge } from '../../bridge/use-bridge';
import { ColumnHeader } from '../../components/ColumnHeader';
import { RelativeTime } from '../../components/RelativeTime';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { formatSpan } from '../../format/duration';
import { messageOf } from '../../format/error-message';
import { toneColor } from '../../format/service-status';

const statusColor: Record<NotificationView['status'], string> = { delivered: toneColor.ok, pending: toneColor.warning, failed: toneColor.critical };

/** Every notification and each attempt to deliver it, newest first; follows deliveries live. */
export function NotificationLog() {
  const bridge = useBridge();
  const [items, setItems] = useState<NotificationView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    const load = (): void => {
      bridge
        .invoke('notifications.list', { limit: 200 })
        .then((list) => !cancelled && setItems(list))
        .catch((caught: unknown) => !cancelled && setError(messageOf(caught)));
    };
    load();
    const stop = bridge.subscribe('notifications.changed', (view) =>
      setItems((current) =>
        current === null
          ? current
          : current.some((item) => item.id === view.id)
            ? current.map((item) => (item.id === view.id ? view : item))
            : [view, ...current],
      ),
    );
    return () => {
      cancelled = true;
      stop();
    };
  }, [bridge]);

  if (error !== null)
    return (
      <Alert color="red" title="Could not load the notifications">
        {error}
      </Alert>
    );
  if (items === null) return <Loader size="sm" />;
  if (items.length === 0) {
    return (
      <Text size="sm" c="dimmed" mt="md">
        No notifications yet. They appear here once a route sends one; Settings → Notification channels sends a test.
      </Text>
    );
  }
  return (
    <ResponsiveTable phone="cards" withTableBorder highlightOnHover data-testid="notification-log">
      <Table.Thead>
        <Table.Tr>
          <ColumnHeader width={120}>Status</ColumnHeader>
          <ColumnHeader>Notification</ColumnHeader>
          <ColumnHeader width={130}>Channel</ColumnHeader>
          <ColumnHeader width={140}>Queued</ColumnHeader>
          <ColumnHeader>Last attempt</ColumnHeader>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((item) => {
          const last = item.deliveries.at(-1);
          return (
            <Table.Tr key={item.id}>
              <Table.Td>
                <Badge size="sm" color={statusColor[item.status]} variant="light">
                  {item.status}
                </Badge>
              </Table.Td>
              <Table.Td data-card="full">
                <Text size="sm">{item.summary}</Text>
                <Tooltip label="Idempotency key: the same on every attempt, so a receiver can drop duplicates">
                  <Text size="xs" c="dimmed" ff="monospace" span>
                    {item.key}
                  </Text>
                </Tooltip>
              </Table.Td>
              <Table.Td data-label="Channel">
                <Text size="sm">{item.channel}</Text>
              </Table.Td>
              <Table.Td data-label="Queued">
                <RelativeTime at={item.createdAt} size="xs" />
              </Table.Td>
              <Table.Td data-card="full" data-label="Last attempt">
                {last === undefined ? (
                  <Text size="xs" c="dimmed">
                    not tried yet
                  </Text>
                ) : (
                  <>
                    <Text size="xs" c={last.ok ? undefined : 'red'} lineClamp={2}>
                      {last.ok ? '✓ ' : '✗ '}
                      {last.detail} ({formatSpan(last.durationMs)})
                    </Text>
                    <Text size="xs" c="dimmed">
                      {item.attempts} attempt{item.attempts === 1 ? '' : 's'}
                      {item.nextAttemptAt !== null && (
                        <>
                          , next <RelativeTime at={item.nextAttemptAt} future size="xs" />
                        </>
                      )}
                    </Text>
                  </>
                )}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </ResponsiveTable>
  );
}
