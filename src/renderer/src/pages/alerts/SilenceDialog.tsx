import { Button, Checkbox, Group, Modal, SegmentedControl, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { AlertView } from '../../../../shared/types/alerts';
import { useBridge } from '../../bridge/use-bridge';
import { messageOf } from '../../format/error-message';

const durations = ['30m', '1h', '4h', '1d', '1w'];

/** A silence built from an alert's labels: untick labels to silence more alerts, say why, choose how long. */
export function SilenceDialog({ alert, onClose }: { alert: AlertView | null; onClose: () => void }) {
  const bridge = useBridge();
  const [excluded, setExcluded] = useState<Set<string>>(new Set());
  const [duration, setDuration] = useState('1h');
  const [custom, setCustom] = useState('');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (alert === null) return null;
  const labels = Object.entries(alert.labels);
  const chosen = labels.filter(([name]) => !excluded.has(name));
  const length = duration === 'custom' ? custom.trim() : duration;

  const close = (): void => {
    setExcluded(new Set());
    setComment('');
    setError(null);
    onClose();
  };
  const submit = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await bridge.invoke('silences.create', { matchers: chosen.map(([name, value]) => ({ name, value, isRegex: false, isEqual: true })), duration: length, comment });
      notifications.show({ color: 'gray', title: `Silenced for ${length}`, message: `Alerts matching ${chosen.map(([name, value]) => `${name}=${value}`).join(', ')} are not notified.` });
      close();
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={close} title={<Text fw={600}>Silence {alert.alertname}</Text>} size="lg">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack gap="sm">
          <Text size="sm">Alerts with all the ticked labels are silenced:</Text>
          <Group gap="md">
            {labels.map(([name, value]) => (
              <Checkbox
                key={name}
                size="xs"
                label={`${name}=${value}`}
                checked={!excluded.has(name)}
                onChange={(event) => {
                  const next = new Set(excluded);
                  if (event.currentTarget.checked) next.delete(name);
                  else next.add(name);
                  setExcluded(next);
                }}
              />
            ))}
          </Group>
          <Group gap="xs" align="flex-end">
            <SegmentedControl size="xs" data={[...durations, { value: 'custom', label: 'custom' }]} value={duration} onChange={setDuration} />
            {duration === 'custom' && <TextInput size="xs" placeholder="e.g. 90m or 2d" value={custom} onChange={(event) => setCustom(event.currentTarget.value)} aria-label="Custom duration" />}
          </Group>
          <Textarea size="xs" label="Why" placeholder="maintenance of db1, ticket OPS-123" value={comment} onChange={(event) => setComment(event.currentTarget.value)} autosize minRows={2} data-autofocus />
          {error !== null && (
            <Text size="xs" c="red">
              {error}
            </Text>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={close} disabled={busy}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} disabled={chosen.length === 0 || comment.trim() === '' || length === ''}>
              Silence
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
