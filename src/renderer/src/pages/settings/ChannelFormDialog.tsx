import { ActionIcon, Alert, Button, Checkbox, Group, Modal, PasswordInput, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconSend, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { ChannelKindView, DeliveryView } from '../../../../shared/types/alerts';
import { useBridge } from '../../bridge/use-bridge';
import { messageOf } from '../../format/error-message';
import { channelFormProblem, channelKinds, channelValueOf, hasOwnForm, withKind, type ChannelForm } from './channel-form';
import { SchemaFieldInputs } from './SchemaFieldInputs';

export interface ChannelFormResult {
  name: string;
  /** The channel's value, or null to remove it. */
  value: Record<string, unknown> | null;
}

const kindHint: Record<string, string> = {
  desktop: 'The tray and a native notification in the desktop app; a toast in the web console.',
  slack: 'A Slack incoming webhook. Write secrets as ${SLACK_WEBHOOK}: the value then comes from the environment, not the file.',
  email: 'Email through an SMTP server; smtp://user:password@host:587 signs in (STARTTLS when offered), smtps:// for TLS.',
  webhook: "An HTTP POST of Alertmanager's webhook JSON (version 4), so existing receivers work.",
};

/** More kinds than fit in a row are picked from a list. */
const SEGMENTS_AT_MOST = 5;

/**
 * Adds or edits one notification channel as a form, for every kind the engine knows: built-in
 * kinds with forms of their own, other kinds (oncall:, plugins') with fields drawn from their
 * options' JSON Schema; the result goes into the workspace file
 * through the usual save (diff first). Secrets (webhook URLs, SMTP URLs with passwords, header
 * values) are masked until shown. "Send test" sends what the form says, before it is saved.
 */
export function ChannelFormDialog({
  initial,
  existing,
  kinds,
  taken,
  onClose,
  onDone,
}: {
  initial: ChannelForm | null;
  existing: boolean;
  /** The channel kinds the engine knows (channels.kinds); empty until they are read. */
  kinds: readonly ChannelKindView[];
  taken: readonly string[];
  onClose: () => void;
  onDone: (result: ChannelFormResult) => void;
}) {
  const bridge = useBridge();
  const [form, setForm] = useState<ChannelForm | null>(initial);
  const [testing, setTesting] = useState(false);
  const [test, setTest] = useState<DeliveryView | { ok: false; detail: string } | null>(null);
  if (form === null) return null;
  const set = (patch: Partial<ChannelForm>): void => {
    setForm({ ...form, ...patch });
    setTest(null);
  };
  const problem = channelFormProblem(form, existing ? [] : taken);
  const kindNames = [...new Set([...channelKinds, ...kinds.map((view) => view.kind), form.kind])];
  const view = kinds.find((candidate) => candidate.kind === form.kind);
  const hint =
    kindHint[form.kind] ??
    (view === undefined
      ? `A kind this engine does not know; its options are kept as written.`
      : `${view.summary}${view.plugin === null ? '' : ` (plugin ${view.plugin})`}`);
  const chooseKind = (kind: string | null): void => {
    if (kind === null) return;
    set(withKind(form, kind, kinds, kind === initial?.kind ? initial.written : undefined));
  };

  const sendTest = async (): Promise<void> => {
    setTesting(true);
    setTest(null);
    try {
      setTest(await bridge.invoke('channels.testDraft', { name: form.name.trim() || 'draft', channel: channelValueOf(form) }));
    } catch (error) {
      setTest({ ok: false, detail: messageOf(error) });
    } finally {
      setTesting(false);
    }
  };

  return (
    <Modal
      opened
      onClose={onClose}
      size="lg"
      title={<Text fw={600}>{existing ? `Channel ${form.name}` : 'New notification channel'}</Text>}
      data-testid="channel-form"
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (problem === null) onDone({ name: form.name.trim(), value: channelValueOf(form) });
        }}
      >
        <Stack gap="sm">
          <TextInput
            size="xs"
            label="Name"
            description={
              existing ? 'Routes name it in notify:; rename it in the editor (Config) with its routes.' : 'Routes send to it by this name (notify: [name]).'
            }
            value={form.name}
            onChange={(event) => set({ name: event.currentTarget.value })}
            disabled={existing}
            data-autofocus={!existing}
            data-testid="channel-name"
          />
          <div>
            <Text size="sm" fw={500} mb={4}>
              Kind
            </Text>
            {kindNames.length <= SEGMENTS_AT_MOST ? (
              <SegmentedControl size="xs" data={kindNames} value={form.kind} onChange={chooseKind} data-testid="channel-kind" />
            ) : (
              <Select size="xs" data={kindNames} value={form.kind} onChange={chooseKind} allowDeselect={false} aria-label="Kind" data-testid="channel-kind" />
            )}
            <Text size="xs" c="dimmed" mt={4} data-testid="channel-kind-hint">
              {hint}
            </Text>
          </div>
          {!hasOwnForm(form.kind) && (
            <SchemaFieldInputs kind={form.kind} fields={form.fields} inputs={form.inputs} written={form.written} onChange={(inputs) => set({ inputs })} />
          )}
          {form.kind === 'slack' && (
            <>
              <PasswordInput
                size="xs"
                label="Webhook URL"
                placeholder="https://hooks.slack.com/services/… or ${SLACK_WEBHOOK}"
                value={form.slackWebhook}
                onChange={(event) => set({ slackWebhook: event.currentTarget.value })}
                data-testid="channel-slack-webhook"
              />
              <TextInput
                size="xs"
                label="Channel (optional)"
                placeholder="#ops"
                value={form.slackChannel}
                onChange={(event) => set({ slackChannel: event.currentTarget.value })}
              />
            </>
          )}
          {form.kind === 'email' && (
            <>
              <PasswordInput
                size="xs"
                label="SMTP server"
                description="smtp://host:port, with user:password@ when it signs in"
                placeholder="smtp://mail.example.com:587"
                value={form.smtp}
                onChange={(event) => set({ smtp: event.currentTarget.value })}
                data-testid="channel-smtp"
              />
              <TextInput
                size="xs"
                label="From (optional)"
                placeholder="zervigo@localhost"
                value={form.from}
                onChange={(event) => set({ from: event.currentTarget.value })}
              />
              <TextInput
                size="xs"
                label="To"
                placeholder="oncall@example.com, ops@example.com"
                value={form.to}
                onChange={(event) => set({ to: event.currentTarget.value })}
                data-testid="channel-to"
              />
            </>
          )}
          {form.kind === 'webhook' && (
            <>
              <PasswordInput
                size="xs"
                label="URL"
                placeholder="http://127.0.0.1:9000/alerts"
                value={form.webhookUrl}
                onChange={(event) => set({ webhookUrl: event.currentTarget.value })}
                data-testid="channel-webhook-url"
              />
              <div>
                <Text size="sm" fw={500} mb={4}>
                  Headers
                </Text>
                <Stack gap={6}>
                  {form.headers.map((header, index) => (
                    <Group key={index} gap={6} wrap="nowrap">
                      <TextInput
                        size="xs"
                        flex={1}
                        miw={0}
                        placeholder="Authorization"
                        aria-label={`Header name ${index + 1}`}
                        value={header.name}
                        onChange={(event) =>
                          set({ headers: form.headers.map((entry, i) => (i === index ? { ...entry, name: event.currentTarget.value } : entry)) })
                        }
                      />
                      <PasswordInput
                        size="xs"
                        flex={2}
                        miw={0}
                        placeholder="Bearer ${TOKEN}"
                        aria-label={`Header value ${index + 1}`}
                        value={header.value}
                        onChange={(event) =>
                          set({ headers: form.headers.map((entry, i) => (i === index ? { ...entry, value: event.currentTarget.value } : entry)) })
                        }
                      />
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={`Remove header ${header.name}`}
                        onClick={() => set({ headers: form.headers.filter((_, i) => i !== index) })}
                      >
                        <IconTrash size={14} />
                      </ActionIcon>
                    </Group>
                  ))}
                  <Button
                    variant="subtle"
                    size="xs"
                    w="fit-content"
                    leftSection={<IconPlus size={12} />}
                    onClick={() => set({ headers: [...form.headers, { name: '', value: '' }] })}
                  >
                    Add a header
                  </Button>
                </Stack>
              </div>
            </>
          )}
          <Checkbox
            size="xs"
            label="Also say when alerts resolve"
            checked={form.sendResolved}
            onChange={(event) => set({ sendResolved: event.currentTarget.checked })}
          />
          {test !== null && (
            <Alert color={test.ok ? 'green' : 'red'} variant="light" py={6} data-testid="channel-form-test">
              <Text size="xs">{test.ok ? `Test delivered: ${test.detail}` : `Test not delivered: ${test.detail}`}</Text>
            </Alert>
          )}
          {problem !== null && (
            <Text size="xs" c="dimmed">
              Needed: {problem}
            </Text>
          )}
          <Group justify="space-between" gap="xs" wrap="wrap">
            <Group gap="xs">
              <Button
                variant="default"
                leftSection={<IconSend size={14} />}
                loading={testing}
                disabled={problem !== null && !existing}
                onClick={() => void sendTest()}
                data-testid="channel-form-send-test"
              >
                Send test
              </Button>
              {existing && (
                <Button
                  variant="subtle"
                  color="red"
                  leftSection={<IconTrash size={14} />}
                  onClick={() => onDone({ name: form.name, value: null })}
                  data-testid="channel-form-delete"
                >
                  Remove…
                </Button>
              )}
            </Group>
            <Group gap="xs">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" disabled={problem !== null} data-testid="channel-form-save">
                Review and save…
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
