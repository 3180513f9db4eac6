import { notifications } from '@mantine/notifications';
import { useState, type ReactNode } from 'react';
import type { WorkspaceEdit } from '../../../shared/types/workspace';
import { useCan } from '../auth/use-can';
import { useBridge } from '../bridge/use-bridge';
import { messageOf } from '../format/error-message';
import { useWorkspaceStore } from '../stores/workspace-store';
import { WorkspaceSaveDialog, type WorkspaceSaveRequest } from './WorkspaceSaveDialog';

/**
 * For forms that change part of the workspace file: the engine applies their edits to the
 * running text in place (comments and formatting kept), then the usual save dialog shows the
 * diff and saves. `dialog` goes into the form's tree.
 */
export function useWorkspaceEdit(): {
  propose: (edits: WorkspaceEdit[], what: string, onSaved?: () => void) => Promise<void>;
  dialog: ReactNode;
  editable: boolean;
  whyNot: string | null;
  content: string;
} {
  const bridge = useBridge();
  const view = useWorkspaceStore((state) => state.view);
  const mayEdit = useCan('workspace.save');
  const [request, setRequest] = useState<(WorkspaceSaveRequest & { onSaved?: () => void }) | null>(null);
  const propose = async (edits: WorkspaceEdit[], what: string, onSaved?: () => void): Promise<void> => {
    if (view === null) return;
    try {
      const { content } = await bridge.invoke('workspace.edit', { content: view.content, edits });
      setRequest({ content, baseVersionId: view.versionId, what, onSaved });
    } catch (error) {
      notifications.show({ color: 'red', title: `Could not change ${what}`, message: messageOf(error), autoClose: false });
    }
  };
  // Mounted when asked for: it then stacks above the form that asked.
  const dialog = request !== null && (
    <WorkspaceSaveDialog
      request={request}
      onClose={() => setRequest(null)}
      onSaved={(saved) => {
        request?.onSaved?.();
        setRequest(null);
        notifications.show({ color: 'green', title: 'Workspace saved', message: `Version ${saved.versionId} is running.` });
      }}
    />
  );
  // Why the forms are read-only, for their tooltips: the built-in workspace, or a person who is not an admin.
  const whyNot =
    view?.builtIn === true
      ? 'The built-in workspace cannot be edited; run `zervigo init`'
      : mayEdit.allowed
        ? null
        : `Editing the workspace ${mayEdit.reason ?? ''}`;
  return { propose, dialog, editable: view !== null && whyNot === null, whyNot, content: view?.content ?? '' };
}
