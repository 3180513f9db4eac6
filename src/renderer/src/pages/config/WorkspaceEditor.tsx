import { Alert, Badge, Button, Code, Grid, Group, Kbd, Loader, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp, IconDeviceFloppy, IconLock, IconRefreshAlert } from '@tabler/icons-react';
import { lazy, Suspense, useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { ConfigIssue, WorkspaceView } from '../../../../shared/types/workspace';
import type { RendererBridge } from '../../bridge/renderer-bridge';
import { useBridge } from '../../bridge/use-bridge';
import { WorkspaceSaveDialog, type WorkspaceSaveRequest } from '../../components/WorkspaceSaveDialog';
import { isMac } from '../../shell/shortcuts';
import { useCan } from '../../auth/use-can';
import { ProblemsPanel } from './ProblemsPanel';
import type { JsonSchema } from './editor/schema-lookup';
import type { YamlEditorHandle } from './editor/YamlEditor';

// CodeMirror is loaded with the Config page, not with the console's first screen.
const YamlEditor = lazy(async () => ({ default: (await import('./editor/YamlEditor')).YamlEditor }));

interface Base {
  versionId: number;
  content: string;
}

/**
 * The schema is the same for the life of an engine: fetched once per page load from each (this
 * console's, or an agent's through its pages' Bridge: its plugins' kinds may differ).
 */
const schemaRequests = new WeakMap<RendererBridge, Promise<JsonSchema>>();

/**
 * The workspace YAML in a code editor, checked by the engine as it is typed, its problems in a
 * panel beside it. An edit is based on the version it started from; Save shows the diff against
 * the running version and sends that version id, so an edit made while the file changed
 * elsewhere is refused, not merged.
 */
export function WorkspaceEditor({ view, aside }: { view: WorkspaceView; aside?: ReactNode }) {
  const bridge = useBridge();
  const editor = useRef<YamlEditorHandle>(null);
  const [base, setBase] = useState<Base>({ versionId: view.versionId, content: view.content });
  const [draft, setDraft] = useState(view.content);
  const [issues, setIssues] = useState<ConfigIssue[]>([]);
  const [checked, setChecked] = useState(false);
  const [schema, setSchema] = useState<JsonSchema | null>(null);
  const [saving, setSaving] = useState<WorkspaceSaveRequest | null>(null);

  useEffect(() => {
    const request = schemaRequests.get(bridge) ?? bridge.invoke('workspace.schema');
    schemaRequests.set(bridge, request);
    let cancelled = false;
    request.then((loaded) => !cancelled && setSchema(loaded)).catch(() => schemaRequests.delete(bridge));
    return () => {
      cancelled = true;
    };
  }, [bridge]);

  // A new version is running: follow it unless the operator has unsaved edits on an older one.
  if (view.versionId !== base.versionId && (draft === base.content || draft === view.content)) {
    setBase({ versionId: view.versionId, content: view.content });
    setDraft(view.content);
  }
  const dirty = draft !== base.content;
  const stale = view.versionId !== base.versionId;
  const editable = useCan('workspace.save');
  const readOnly = view.builtIn || !editable.allowed;

  // Checking a text is part of editing it (workspace.validate needs the same permission): a reader gets no checks to be refused.
  const mayCheck = editable.allowed;
  const validate = useCallback(
    async (text: string) => (mayCheck ? (await bridge.invoke('workspace.validate', { content: text })).issues : []),
    [bridge, mayCheck],
  );
  const onIssues = useCallback((found: ConfigIssue[]) => {
    setIssues(found);
    setChecked(true);
  }, []);

  const save = (): void => {
    if (readOnly || !dirty) return;
    setSaving({ content: draft, baseVersionId: base.versionId, what: view.path === null ? 'the workspace' : 'zervigo.yaml' });
  };

  const discard = (): void => {
    setBase({ versionId: view.versionId, content: view.content });
    setDraft(view.content);
  };

  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, lg: 7 }}>
        <Paper withBorder p="md" radius="sm">
          <Group justify="space-between" mb="xs" wrap="wrap" gap="xs">
            <Group gap="xs">
              <Text fw={600} size="sm">
                {view.path === null ? 'Built-in workspace' : 'zervigo.yaml'}
              </Text>
              {readOnly ? (
                <Badge size="sm" variant="outline" color="gray" leftSection={<IconLock size={10} />} tt="none" data-testid="config-read-only">
                  read-only{editable.allowed ? '' : ` (${editable.reason ?? ''})`}
                </Badge>
              ) : dirty ? (
                <Badge size="sm" variant="light" color="yellow" tt="none" data-testid="config-dirty">
                  unsaved changes
                </Badge>
              ) : (
                <Badge size="sm" variant="light" color="gray" tt="none">
                  version {base.versionId}
                </Badge>
              )}
            </Group>
            {!readOnly && (
              <Group gap="xs">
                <Button variant="subtle" color="gray" leftSection={<IconArrowBackUp size={14} />} onClick={discard} disabled={!dirty}>
                  Discard
                </Button>
                <Tooltip label={<>Shows the diff first · {isMac ? '⌘S' : 'Ctrl+S'}</>}>
                  <Button leftSection={<IconDeviceFloppy size={14} />} onClick={save} disabled={!dirty} data-testid="config-save">
                    Save…
                  </Button>
                </Tooltip>
              </Group>
            )}
          </Group>
          {!editable.allowed && !view.builtIn && (
            <Alert color="gray" variant="light" icon={<IconLock size={18} />} mb="sm" py={8}>
              <Text size="sm">Editing the workspace {editable.reason ?? ''}: you can read it, with its secrets masked.</Text>
            </Alert>
          )}
          {view.builtIn && (
            <Alert color="gray" variant="light" icon={<IconLock size={18} />} mb="sm" py={8}>
              <Text size="sm">
                The built-in workspace cannot be edited here. Run <Code>zervigo init</Code> to write it to <Code>./zervigo.yaml</Code>, then start Zervigo in
                that folder; edits there reload live.
              </Text>
            </Alert>
          )}
          {stale && dirty && (
            <Alert color="yellow" variant="light" icon={<IconRefreshAlert size={18} />} mb="sm" py={8} data-testid="config-stale">
              <Group justify="space-between" wrap="nowrap">
                <Text size="sm">
                  Version {view.versionId} is now running; your edit is based on version {base.versionId}, so Save will be refused. Copy what you need, then
                  discard to load the running text.
                </Text>
                <Button size="xs" variant="light" color="yellow" onClick={discard} style={{ flexShrink: 0 }}>
                  Load version {view.versionId}
                </Button>
              </Group>
            </Alert>
          )}
          <Suspense fallback={<Loader size="sm" m="md" />}>
            <YamlEditor
              ref={editor}
              value={draft}
              onChange={setDraft}
              validate={validate}
              onIssues={onIssues}
              schema={schema}
              readOnly={readOnly}
              onSave={save}
              label="Workspace file content (YAML)"
            />
          </Suspense>
          <Text size="xs" c="dimmed" mt={6}>
            <Kbd size="xs">{isMac ? '⌘' : 'Ctrl'}</Kbd>+<Kbd size="xs">Space</Kbd> completes keys and values from the schema; hover a key for what it means.
          </Text>
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 5 }}>
        <Stack gap="md">
          <ProblemsPanel issues={issues} checked={checked} onPick={(issue) => editor.current?.goTo(issue.line, issue.col)} />
          {aside}
        </Stack>
      </Grid.Col>
      {saving !== null && (
        <WorkspaceSaveDialog
          request={saving}
          onClose={() => setSaving(null)}
          onSaved={(saved) => {
            setSaving(null);
            setBase({ versionId: saved.versionId, content: saved.content });
            setDraft(saved.content);
            notifications.show({ color: 'green', title: 'Workspace saved', message: `Version ${saved.versionId} is running.` });
          }}
        />
      )}
    </Grid>
  );
}
