import { Alert, Button, Group, Loader, Modal, ScrollArea, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconRefresh, IconShieldCheck } from '@tabler/icons-react';
import { restartToApplyText } from '../../../shared/restart-to-apply';
import { useEffect, useState } from 'react';
import type { WorkspacePreview, WorkspaceView } from '../../../shared/types/workspace';
import { useBridge } from '../bridge/use-bridge';
import { messageOf } from '../format/error-message';
import { outcomeOfSaveError } from '../format/save-outcome';
import { setWorkspaceView } from '../stores/workspace-store';
import { ConfigIssueList } from './ConfigIssueList';
import { useLastPresent } from './use-last-shown';
import { UnifiedDiff } from './UnifiedDiff';

export interface WorkspaceSaveRequest {
  /** The whole new text of the workspace file. */
  content: string;
  /** The version the edit started from: a save over a newer one is refused, not merged. */
  baseVersionId: number;
  /** What is being saved, for the title: "zervigo.yaml", "channel ops". */
  what: string;
}

/**
 * Mount one per request (keyed by it): its preview state starts empty each time.
 *
 * Every save of the workspace from the console goes through here: the diff against the running
 * version first, the engine's verdict, and in an environment that confirms destructive actions
 * a confirmation naming it, as a restart asks. Esc closes without saving.
 */
export function WorkspaceSaveDialog({
  request,
  onClose,
  onSaved,
}: {
  request: WorkspaceSaveRequest | null;
  onClose: () => void;
  onSaved: (view: WorkspaceView) => void;
}) {
  const bridge = useBridge();
  const [preview, setPreview] = useState<WorkspacePreview | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (request === null) return;
    let cancelled = false;
    bridge
      .invoke('workspace.preview', { content: request.content })
      .then((result) => !cancelled && setPreview(result))
      .catch((error: unknown) => !cancelled && setFailure(messageOf(error)));
    return () => {
      cancelled = true;
    };
  }, [bridge, request]);

  const save = async (): Promise<void> => {
    if (request === null || preview === null) return;
    setSaving(true);
    setFailure(null);
    try {
      const saved = await bridge.invoke('workspace.save', {
        content: request.content,
        baseVersionId: request.baseVersionId,
        confirm: preview.confirmEnvironment !== null,
      });
      setWorkspaceView(saved);
      onSaved(saved);
    } catch (error) {
      const outcome = outcomeOfSaveError(error);
      if (outcome.kind === 'issues') setPreview({ ...preview, issues: outcome.issues });
      else setFailure(outcome.kind === 'conflict' || outcome.kind === 'failed' ? outcome.message : messageOf(error));
    } finally {
      setSaving(false);
    }
  };

  const shownWhat = useLastPresent(request?.what ?? null);
  const environment = preview?.confirmEnvironment ?? null;
  const unchanged = preview !== null && preview.diff === '';
  const blocked = preview === null || preview.issues.length > 0 || unchanged;
  return (
    <Modal opened={request !== null} onClose={onClose} size="xl" title={<Text fw={600}>Save {shownWhat ?? ''}?</Text>} data-testid="save-dialog">
      <Stack gap="sm">
        {preview === null && failure === null && (
          <Group gap="xs">
            <Loader size="xs" />
            <Text size="sm">Checking the new text…</Text>
          </Group>
        )}
        {preview !== null && (
          <>
            <Text size="sm">
              {unchanged
                ? `The text is the same as the running version ${preview.versionId}: nothing to save.`
                : `What changes against the running version ${preview.versionId}:`}
            </Text>
            {!unchanged && (
              <ScrollArea.Autosize mah="50vh" type="auto">
                <UnifiedDiff diff={preview.diff} />
              </ScrollArea.Autosize>
            )}
            {preview.issues.length > 0 && (
              <Alert
                color="red"
                variant="light"
                icon={<IconAlertTriangle size={18} />}
                title={`Not saved: ${preview.issues.length} problem${preview.issues.length === 1 ? '' : 's'}`}
                py={8}
              >
                <ConfigIssueList issues={preview.issues} testId="save-dialog-issues" />
              </Alert>
            )}
            {preview.restartToApply.length > 0 && preview.issues.length === 0 && (
              <Alert
                color="yellow"
                variant="light"
                icon={<IconRefresh size={18} />}
                py={8}
                title="Takes effect at the next start"
                data-testid="save-dialog-restart-to-apply"
              >
                {preview.restartToApply.map((entry) => (
                  <Text size="sm" ff="monospace" key={entry.service}>
                    {entry.service}: {restartToApplyText(entry.fields)}
                  </Text>
                ))}
              </Alert>
            )}
            {environment !== null && preview.issues.length === 0 && !unchanged && (
              <Alert color="red" variant="light" icon={<IconShieldCheck size={18} />} py={8} data-testid="save-dialog-confirm">
                <Text size="sm">
                  <b>{environment}</b> asks for confirmation before changes: saving applies this to every service, probe, rule and channel of {environment} at
                  once.
                </Text>
              </Alert>
            )}
          </>
        )}
        {failure !== null && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} py={8} title="Not saved">
            <Text size="sm">{failure}</Text>
          </Alert>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" size="sm" onClick={onClose} disabled={saving} data-autofocus>
            Cancel
          </Button>
          <Button
            size="sm"
            color={environment !== null ? 'red' : undefined}
            onClick={() => void save()}
            loading={saving}
            disabled={blocked}
            data-testid="save-dialog-save"
          >
            {environment !== null ? `Save and apply to ${environment}` : 'Save and apply'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
