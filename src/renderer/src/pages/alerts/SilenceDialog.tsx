import { ActionIcon, Alert, Button, Group, Modal, SegmentedControl, Select, Stack, Text, TextInput, Textarea, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { AlertView } from '../../../../shared/types/alerts';
import { useBridge } from '../../bridge/use-bridge';
import { messageOf } from '../../format/error-message';
import { formatAbsoluteTime } from '../../format/time';
import { useNow } from '../../stores/clock-store';
import { useActingAs } from './acting-as';
import { matcherOperators, matcherProblem, silenceLength, toMatcher, type MatcherRow } from './silence-form';
import { usePhone } from '../../components/use-phone';

const presets = ['30m', '1h', '2h', '4h', '1d', '1w'];

/**
 * A silence as Alertmanager makes one: matchers prefilled from the alert's labels (edit, add,
 * remove; =, !=, =~, !~), how long (a preset or any duration), and why. Recorded under the
 * person's name.
 */
export function SilenceDialog({ alert, onClose }: { alert: AlertView | null; onClose: () => void }) {
  const bridge = useBridge();
  const phone = usePhone();
  const now = useNow();
  const actingAs = useActingAs();
  const [rows, setRows] = useState<MatcherRow[]>(() => Object.entries(alert?.labels ?? {}).map(([name, value], id) => ({ id, name, operator: '=', value })));
  const [choice, setChoice] = useState('1h');
  const [custom, setCustom] = useState('');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (alert === null) return null;
  const length = silenceLength(choice, custom);
  const problems = rows.map(matcherProblem);
  const ready = rows.length > 0 && problems.every((problem) => problem === null) && length !== null && comment.trim() !== '';
  const update = (id: number, patch: Partial<MatcherRow>): void => setRows((current) => current.map((row) => (row.id === id ? { ...row, ...patch } : row)));

  const submit = async (): Promise<void> => {
    if (!ready || length === null) return;
    setBusy(true);
    setError(null);
    try {
      const silence = await bridge.invoke('silences.create', { matchers: rows.map(toMatcher), duration: length.text, comment: comment.trim() });
      notifications.show({
        color: 'gray',
        title: `Silenced for ${length.text}`,
        message: `Until ${formatAbsoluteTime(silence.endsAt)}; ${silence.silencing} alert${silence.silencing === 1 ? '' : 's'} silenced now.`,
      });
      onClose();
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={<Text fw={600}>Silence {alert.alertname}</Text>} size="lg" data-testid="silence-dialog">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <Stack gap="sm">
          <div>
            <Text size="sm" fw={500} mb={4}>
              Matchers
            </Text>
            <Text size="xs" c="dimmed" mb={6}>
              Alerts whose labels match all of these are silenced. Taken from this alert: widen them to silence more.
            </Text>
            <Stack gap={6}>
              {rows.map((row, index) => (
                <Group key={row.id} gap={6} wrap="nowrap" align="flex-start" data-testid="silence-matcher">
                  <TextInput
                    size="xs"
                    flex={1}
                    miw={0}
                    aria-label={`Label name ${index + 1}`}
                    value={row.name}
                    onChange={(event) => update(row.id, { name: event.currentTarget.value })}
                    error={problems[index]?.startsWith('a label') ? problems[index] : undefined}
                  />
                  <Select
                    size="xs"
                    w={70}
                    aria-label={`Operator ${index + 1}`}
                    data={[...matcherOperators]}
                    value={row.operator}
                    allowDeselect={false}
                    onChange={(value) => value !== null && update(row.id, { operator: value })}
                  />
                  <TextInput
                    size="xs"
                    // A phone's row is too narrow to favour the value: "alertname" keeps its whole word.
                    flex={phone ? 1 : 2}
                    miw={0}
                    ff="monospace"
                    aria-label={`Label value ${index + 1}`}
                    value={row.value}
                    onChange={(event) => update(row.id, { value: event.currentTarget.value })}
                    error={problems[index] !== null && !problems[index]?.startsWith('a label') ? problems[index] : undefined}
                  />
                  <Tooltip label="Remove this matcher">
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      size="md"
                      aria-label={`Remove matcher ${row.name}`}
                      onClick={() => setRows((current) => current.filter((entry) => entry.id !== row.id))}
                    >
                      <IconTrash size={14} />
                    </ActionIcon>
                  </Tooltip>
                </Group>
              ))}
              <Button
                variant="subtle"
                size="xs"
                w="fit-content"
                leftSection={<IconPlus size={12} />}
                onClick={() =>
                  setRows((current) => [...current, { id: Math.max(-1, ...current.map((row) => row.id)) + 1, name: '', operator: '=', value: '' }])
                }
              >
                Add a matcher
              </Button>
            </Stack>
          </div>
          <div>
            <Text size="sm" fw={500} mb={4}>
              For how long
            </Text>
            <Group gap="xs" align="flex-start" wrap="wrap">
              <SegmentedControl
                size="xs"
                data={[...presets, { value: 'custom', label: 'custom' }]}
                value={choice}
                onChange={setChoice}
                data-testid="silence-duration"
              />
              {choice === 'custom' && (
                <TextInput
                  size="xs"
                  w={130}
                  placeholder="e.g. 90m or 2d"
                  value={custom}
                  onChange={(event) => setCustom(event.currentTarget.value)}
                  aria-label="Custom duration"
                  error={custom.trim() !== '' && length === null ? 'e.g. 90m, 2h30m, 3d' : undefined}
                />
              )}
            </Group>
            <Text size="xs" c="dimmed" mt={4} data-testid="silence-ends">
              {length === null ? 'Write a duration like 90m, 2h30m or 3d.' : `Ends ${formatAbsoluteTime(now + length.ms)} (in ${length.text}).`}
            </Text>
          </div>
          <Textarea
            size="xs"
            label="Why"
            placeholder="maintenance of db1, ticket OPS-123"
            value={comment}
            onChange={(event) => setComment(event.currentTarget.value)}
            autosize
            minRows={2}
            required
            data-autofocus
          />
          {error !== null && (
            <Alert color="red" variant="light" py={6}>
              <Text size="xs">{error}</Text>
            </Alert>
          )}
          <Group justify="space-between" gap="xs" wrap="wrap">
            <Text size="xs" c="dimmed">
              {actingAs === null ? '' : `Recorded as ${actingAs}`}
            </Text>
            <Group gap="xs">
              <Button variant="default" onClick={onClose} disabled={busy}>
                Cancel
              </Button>
              <Button type="submit" loading={busy} disabled={!ready} data-testid="silence-submit">
                Silence{length === null ? '' : ` for ${length.text}`}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
