import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { AlertView } from '../../../../shared/types/alerts';
import { useBridge } from '../../bridge/use-bridge';
import { messageOf } from '../../format/error-message';
import { useActingAs } from './acting-as';

/** Acknowledge with an optional comment ("on it, OPS-12"): no more reminders until it resolves. */
export function AckDialog({ alert, onClose }: { alert: AlertView | null; onClose: () => void }) {
  const bridge = useBridge();
  const actingAs = useActingAs();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (alert === null) return null;
  const submit = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await bridge.invoke('alerts.acknowledge', { fingerprint: alert.fingerprint, comment: comment.trim() });
      notifications.show({ color: 'green', title: `${alert.alertname} acknowledged`, message: 'No more reminders until it resolves.' });
      onClose();
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={<Text fw={600}>Acknowledge {alert.alertname}</Text>} size="md" data-testid="ack-dialog">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack gap="sm">
          <Text size="sm">It stays firing and shown; its reminders stop until it resolves. Others see who took it.</Text>
          <Textarea
            size="xs"
            label="Comment (optional)"
            placeholder="on it, ticket OPS-123"
            value={comment}
            onChange={(event) => setComment(event.currentTarget.value)}
            autosize
            minRows={2}
            data-autofocus
          />
          {error !== null && (
            <Text size="xs" c="red">
              {error}
            </Text>
          )}
          <Group justify="space-between" gap="xs">
            <Text size="xs" c="dimmed">
              {actingAs === null ? '' : `Recorded as ${actingAs}`}
            </Text>
            <Group gap="xs">
              <Button variant="default" onClick={onClose} disabled={busy}>
                Cancel
              </Button>
              <Button type="submit" loading={busy} data-testid="ack-submit">
                Acknowledge
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
