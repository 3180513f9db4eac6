import { Alert, Group, Loader } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { PageHeader } from '../components/PageHeader';
import { useWorkspaceStore } from '../stores/workspace-store';
import { HistoryPanel } from './config/HistoryPanel';
import { WorkspaceEditor } from './config/WorkspaceEditor';
import { WorkspaceErrorPanel } from './config/WorkspaceErrorPanel';
import { WorkspaceSummary } from './config/WorkspaceSummary';

/** The running workspace: which file, which environment, its text, its errors and its history. */
export function ConfigPage() {
  const view = useWorkspaceStore((state) => state.view);
  const load = useWorkspaceStore((state) => state.load);
  if (view === null) {
    return load.status === 'failed' ? (
      <Alert color="red" icon={<IconAlertTriangle />} title="Could not load the workspace">
        {load.message}
      </Alert>
    ) : (
      <Group justify="center" mt="xl">
        <Loader size="sm" />
      </Group>
    );
  }
  return (
    <>
      <PageHeader title="Config" description="The workspace file declares services, probes, rules, routes and channels. Edits are validated before they run." />
      {view.error !== null && <WorkspaceErrorPanel error={view.error} runningVersion={view.versionId} />}
      <WorkspaceSummary view={view} />
      <WorkspaceEditor view={view} aside={<HistoryPanel view={view} />} />
    </>
  );
}
