import { Anchor, Badge, Button, Code, Group, Paper, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconExternalLink } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import {
  STATUS_NOTE_IMPACTS,
  STATUS_NOTE_STATES,
  type StatusNote,
  type StatusNoteImpact,
  type StatusNoteState,
  type StatusPageInfo,
} from '../../../../shared/types/status-page';
import { useCan } from '../../auth/use-can';
import { useBridge } from '../../bridge/use-bridge';
import { RelativeTime } from '../../components/RelativeTime';
import { messageOf } from '../../format/error-message';

type OpenState = Exclude<StatusNoteState, 'resolved'>;
const OPEN_STATES = STATUS_NOTE_STATES.filter((state): state is OpenState => state !== 'resolved');
const IMPACT_COLORS: Record<StatusNoteImpact, string> = { none: 'blue', minor: 'yellow', major: 'red', maintenance: 'violet' };

/** The public page's address: on the web console the server's own origin; in the desktop app only the path (zervigo serve serves it). */
function publicUrlOf(path: string): string | null {
  return window.location.protocol === 'http:' || window.location.protocol === 'https:' ? `${window.location.origin}${path}` : null;
}

/**
 * The public status page (status_page: in the workspace file): a link to it, and the incident
 * notes shown on it, which operators post, update and resolve here.
 */
export function StatusPageSetting() {
  const bridge = useBridge();
  const mayWrite = useCan('statusPage.notes.create');
  const [info, setInfo] = useState<StatusPageInfo | null | undefined>(undefined);
  const [notes, setNotes] = useState<StatusNote[]>([]);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    (): Promise<void> =>
      Promise.all([bridge.invoke('statusPage.get'), bridge.invoke('statusPage.notes', { limit: 50 })]).then(
        ([page, list]) => {
          setInfo(page);
          setNotes(list);
          setError(null);
        },
        (caught: unknown) => setError(messageOf(caught)),
      ),
    [bridge],
  );

  useEffect(() => {
    void load();
    return bridge.subscribe('workspace.changed', () => void load());
  }, [bridge, load]);

  const run = async (what: string, action: () => Promise<unknown>): Promise<boolean> => {
    try {
      await action();
      notifications.show({ color: 'green', title: what, message: 'The public page shows it within a few seconds.' });
      await load();
      return true;
    } catch (caught) {
      notifications.show({ color: 'red', title: `${what}: refused`, message: messageOf(caught) });
      return false;
    }
  };

  const url = info ? publicUrlOf(info.path) : null;
  return (
    <Paper withBorder p="md" radius="sm" data-testid="status-page-setting">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text fw={600} size="sm">
            Public status page
          </Text>
          {info && info.enabled && (
            <Anchor href={url ?? info.path} target="_blank" rel="noreferrer" size="sm" data-testid="status-page-link">
              <Group gap={4} wrap="nowrap">
                {url ?? info.path}
                <IconExternalLink size={14} />
              </Group>
            </Anchor>
          )}
        </Group>
        {error !== null && (
          <Text size="sm" c="red">
            {error}
          </Text>
        )}
        {info === null && (
          <Text size="xs" c="dimmed" data-testid="status-page-none">
            No status page. Add <Code>status_page: {'{ slug: shop, title: Shop status, services: [api, db] }'}</Code> to the workspace file (Config) to serve a
            read-only page at <Code>/status/shop</Code> without sign-in: the chosen services, their heartbeat bars, availability and the notes written here.
          </Text>
        )}
        {info && (
          <Text size="xs" c="dimmed">
            {info.enabled ? `“${info.title}” shows ${info.services.join(', ')}` : 'The page is switched off (enabled: false): it answers 404.'}. Visitors see
            each service's state, heartbeat bar and availability, and the notes below (open ones, and resolved ones for 7 days), nothing else.
            {url === null && ' `zervigo serve` serves it.'}
          </Text>
        )}
        {mayWrite.allowed ? (
          <NewNoteForm onPost={(input) => run('Incident note posted', () => bridge.invoke('statusPage.notes.create', input))} />
        ) : (
          <Text size="xs" c="dimmed">
            Posting incident notes {mayWrite.reason}.
          </Text>
        )}
        {notes.length === 0 ? (
          <Text size="xs" c="dimmed">
            No incident notes yet.
          </Text>
        ) : (
          notes.map((note) => (
            <NoteCard
              key={note.id}
              note={note}
              mayWrite={mayWrite.allowed}
              onUpdate={(body, state) => run('Update posted', () => bridge.invoke('statusPage.notes.update', { id: note.id, body, state }))}
              onResolve={(body) =>
                run('Incident resolved', () => bridge.invoke('statusPage.notes.resolve', { id: note.id, body: body.trim() === '' ? undefined : body }))
              }
            />
          ))
        )}
      </Stack>
    </Paper>
  );
}

function NewNoteForm({ onPost }: { onPost: (input: { title: string; body: string; impact: StatusNoteImpact; state: OpenState }) => Promise<boolean> }) {
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [impact, setImpact] = useState<StatusNoteImpact>('minor');
  const [state, setState] = useState<OpenState>('investigating');
  const [busy, setBusy] = useState(false);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        setBusy(true);
        void onPost({ title: title.trim(), body: body.trim(), impact, state }).then((ok) => {
          setBusy(false);
          if (ok) {
            setTitle('');
            setBody('');
          }
        });
      }}
    >
      <Stack gap={6}>
        <Group gap="xs" wrap="wrap" align="flex-end">
          <TextInput
            size="xs"
            flex="1 1 220px"
            label="New incident"
            placeholder="Slow checkout"
            value={title}
            onChange={(event) => setTitle(event.currentTarget.value)}
            data-testid="status-note-title"
          />
          <Select
            size="xs"
            w={130}
            label="Impact"
            data={[...STATUS_NOTE_IMPACTS]}
            value={impact}
            onChange={(value) => value && setImpact(value)}
            allowDeselect={false}
            data-testid="status-note-impact"
          />
          <Select size="xs" w={140} label="State" data={OPEN_STATES} value={state} onChange={(value) => value && setState(value)} allowDeselect={false} />
        </Group>
        <Textarea
          size="xs"
          autosize
          minRows={2}
          placeholder="What visitors should know"
          aria-label="What visitors should know"
          value={body}
          onChange={(event) => setBody(event.currentTarget.value)}
          data-testid="status-note-body"
        />
        <Group justify="flex-end">
          <Button type="submit" size="xs" loading={busy} disabled={title.trim() === '' || body.trim() === ''} data-testid="status-note-post">
            Post on the status page
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function NoteCard(props: {
  note: StatusNote;
  mayWrite: boolean;
  onUpdate: (body: string, state: OpenState) => Promise<boolean>;
  onResolve: (body: string) => Promise<boolean>;
}) {
  const { note } = props;
  const [body, setBody] = useState('');
  const [state, setState] = useState<OpenState>(note.state === 'resolved' ? 'monitoring' : note.state);
  const open = note.state !== 'resolved';
  const after = (ok: boolean): void => {
    if (ok) setBody('');
  };
  return (
    <Paper withBorder p="sm" radius="sm" data-testid="status-note">
      <Stack gap={6}>
        <Group gap="xs" wrap="wrap">
          <Text fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
            {note.title}
          </Text>
          <Badge size="sm" color={open ? IMPACT_COLORS[note.impact] : 'green'}>
            {open ? note.impact : 'resolved'}
          </Badge>
          <Badge size="sm" variant="light" color="gray">
            {note.state}
          </Badge>
        </Group>
        {note.updates.map((update, index) => (
          <div key={`${update.at}-${index}`}>
            <Group gap={6} wrap="wrap">
              <Text size="xs" fw={600}>
                {update.state}
              </Text>
              <RelativeTime at={update.at} size="xs" c="dimmed" />
              <Text size="xs" c="dimmed">
                by {update.by}
              </Text>
            </Group>
            <Text size="sm" style={{ whiteSpace: 'pre-line', overflowWrap: 'anywhere' }}>
              {update.body}
            </Text>
          </div>
        ))}
        {open && props.mayWrite && (
          <Stack gap={6}>
            <Textarea
              size="xs"
              autosize
              minRows={1}
              placeholder="An update for visitors"
              aria-label={`Update for ${note.title}`}
              value={body}
              onChange={(event) => setBody(event.currentTarget.value)}
            />
            <Group gap="xs" justify="flex-end" wrap="wrap">
              <Select
                size="xs"
                w={140}
                aria-label="State"
                data={OPEN_STATES}
                value={state}
                onChange={(value) => value && setState(value)}
                allowDeselect={false}
              />
              <Button size="xs" variant="light" disabled={body.trim() === ''} onClick={() => void props.onUpdate(body.trim(), state).then(after)}>
                Post update
              </Button>
              <Button size="xs" color="green" variant="light" onClick={() => void props.onResolve(body).then(after)} data-testid="status-note-resolve">
                Resolve
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
