import { Alert, Badge, Button, Code, Group, Paper, Text, Textarea, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp, IconChecks, IconDeviceFloppy, IconLock, IconRefreshAlert } from '@tabler/icons-react';
import { useState, type KeyboardEvent } from 'react';
import type { WorkspaceView } from '../../../../shared/types/workspace';
import { useBridge } from '../../bridge/use-bridge';
import { messageOf } from '../../format/error-message';
import { isMac } from '../../shell/shortcuts';
import { setWorkspaceView, useWorkspaceStore } from '../../stores/workspace-store';
import { useCan } from '../../auth/use-can';
import { EditOutcomeNotice } from './EditOutcomeNotice';
import { outcomeOfSaveError, type EditOutcome } from './edit-outcome';
import classes from './WorkspaceEditor.module.css';

interface Base {
  versionId: number;
  content: string;
}

function rowsFor(text: string): number {
  const lines = text.split('\n').length;
  return Math.min(Math.max(lines + 1, 16), 36);
}

/**
 * The workspace YAML, editable. An edit is based on the version it started from; Save sends
 * that version id, so an edit made while the file changed elsewhere is refused, not merged.
 */
export function WorkspaceEditor({ view }: { view: WorkspaceView }) {
  const bridge = useBridge();
  const [base, setBase] = useState<Base>({ versionId: view.versionId, content: view.content });
  const [draft, setDraft] = useState(view.content);
  const [outcome, setOutcome] = useState<EditOutcome>({ kind: 'none' });
  const [busy, setBusy] = useState<'validate' | 'save' | null>(null);

  // A new version is running: follow it unless the operator has unsaved edits on an older one.
  if (view.versionId !== base.versionId && (draft === base.content || draft === view.content)) {
    setBase({ versionId: view.versionId, content: view.content });
    setDraft(view.content);
  }
  const dirty = draft !== base.content;
  const stale = view.versionId !== base.versionId;
  const editable = useCan('workspace.save');
  const readOnly = view.builtIn || !editable.allowed;

  const validate = async (): Promise<void> => {
    setBusy('validate');
    try {
      const result = await bridge.invoke('workspace.validate', { content: draft });
      setOutcome(result.ok ? { kind: 'valid', restartToApply: result.restartToApply } : { kind: 'issues', issues: result.issues, saving: false });
    } catch (error) {
      setOutcome({ kind: 'failed', message: messageOf(error) });
    } finally {
      setBusy(null);
    }
  };

  const save = async (): Promise<void> => {
    if (readOnly || !dirty || busy !== null) return;
    setBusy('save');
    try {
      const saved = await bridge.invoke('workspace.save', { content: draft, baseVersionId: base.versionId });
      setBase({ versionId: saved.versionId, content: saved.content });
      setDraft(saved.content);
      const running = useWorkspaceStore.getState().view;
      if (running === null || running.versionId <= saved.versionId) setWorkspaceView(saved);
      setOutcome({ kind: 'saved', versionId: saved.versionId });
      notifications.show({ color: 'green', title: 'Workspace saved', message: `Version ${saved.versionId} is running.` });
    } catch (error) {
      setOutcome(outcomeOfSaveError(error));
    } finally {
      setBusy(null);
    }
  };

  const discard = (): void => {
    setBase({ versionId: view.versionId, content: view.content });
    setDraft(view.content);
    setOutcome({ kind: 'none' });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
      event.preventDefault();
      void save();
    }
  };

  return (
    <Paper withBorder p="md" radius="sm">
      <Group justify="space-between" mb="xs" wrap="nowrap">
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
            {dirty && (
              <Button variant="subtle" color="gray" leftSection={<IconArrowBackUp size={14} />} onClick={discard} disabled={busy !== null}>
                Discard
              </Button>
            )}
            <Button variant="default" leftSection={<IconChecks size={14} />} onClick={() => void validate()} loading={busy === 'validate'} disabled={busy === 'save'} data-testid="config-validate">
              Validate
            </Button>
            <Tooltip label={isMac ? '⌘S' : 'Ctrl+S'}>
              <Button leftSection={<IconDeviceFloppy size={14} />} onClick={() => void save()} loading={busy === 'save'} disabled={!dirty || busy === 'validate'} data-testid="config-save">
                Save
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
            The built-in workspace cannot be edited here. Run <Code>zervigo init</Code> to write it to <Code>./zervigo.yaml</Code>, then start Zervigo
            in that folder; edits there reload live.
          </Text>
        </Alert>
      )}
      {stale && dirty && (
        <Alert color="yellow" variant="light" icon={<IconRefreshAlert size={18} />} mb="sm" py={8} data-testid="config-stale">
          <Group justify="space-between" wrap="nowrap">
            <Text size="sm">
              Version {view.versionId} is now running; your edit is based on version {base.versionId}, so Save will be refused. Copy what you need,
              then discard to load the running text.
            </Text>
            <Button size="xs" variant="light" color="yellow" onClick={discard} style={{ flexShrink: 0 }}>
              Load version {view.versionId}
            </Button>
          </Group>
        </Alert>
      )}
      <Textarea
        value={draft}
        onChange={(event) => {
          setDraft(event.currentTarget.value);
          if (outcome.kind === 'valid' || outcome.kind === 'saved') setOutcome({ kind: 'none' });
        }}
        onKeyDown={onKeyDown}
        readOnly={readOnly}
        rows={rowsFor(draft)}
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        wrap="off"
        aria-label="Workspace file content (YAML)"
        classNames={{ input: classes.code }}
        data-testid="config-editor"
        mb="sm"
      />
      <EditOutcomeNotice outcome={outcome} />
    </Paper>
  );
}
