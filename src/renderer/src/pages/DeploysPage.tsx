import { Alert, Stack, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { DeployView } from '../../../shared/types/deploys';
import { CenteredLoader } from '../components/CenteredLoader';
import { PageFilter } from '../components/PageFilter';
import { PageHeader } from '../components/PageHeader';
import { matchesQuery } from '../format/sort';
import { DeployDetail } from './deploys/DeployDetail';
import { DeployHistory } from './deploys/DeployHistory';
import { DeploysEmptyState } from './deploys/DeploysEmptyState';
import { DeployTargets } from './deploys/DeployTargets';
import { useDeploys } from './deploys/use-deploys';

/**
 * Deploys across services, newest first: commit, author, who started it, outcome and stage
 * timings; the one opened (by default the running one, else the newest) shows its stages
 * advancing live and its log. Each service with deploy: has Deploy and Roll back.
 */
export function DeploysPage() {
  const { deploys, targets, loaded, error, setError, show } = useDeploys();
  const [picked, setPicked] = useState<number | null>(null);
  const [filter, setFilter] = useState('');

  const visible = useMemo(
    () =>
      deploys.filter((deploy) =>
        matchesQuery([deploy.service, deploy.sha ?? '', deploy.ref, deploy.author ?? '', deploy.subject ?? '', deploy.startedBy, deploy.outcome], filter),
      ),
    [deploys, filter],
  );
  const opened: DeployView | undefined = deploys.find((deploy) => deploy.id === picked) ?? deploys.find((deploy) => deploy.outcome === 'running') ?? deploys[0];
  const started = (view: DeployView): void => {
    show([view]);
    setPicked(view.id);
  };

  if (!loaded && error === null) return <CenteredLoader />;
  return (
    <>
      <PageHeader title="Deploys" description="Every deploy and rollback across services, newest first">
        {deploys.length > 0 && (
          <PageFilter value={filter} onChange={setFilter} placeholder="Filter: service, commit, author…" label="Filter deploys" testId="deploys-filter" />
        )}
      </PageHeader>
      {error !== null && (
        <Alert color="red" mb="sm" withCloseButton onClose={() => setError(null)}>
          {error}
        </Alert>
      )}
      {loaded && targets.length === 0 && deploys.length === 0 ? (
        <DeploysEmptyState />
      ) : (
        <Stack gap="md">
          {targets.length > 0 && <DeployTargets targets={targets} onStarted={started} onError={setError} />}
          {opened !== undefined && <DeployDetail deploy={opened} />}
          <Title order={3} fz="h4">
            History
          </Title>
          {deploys.length === 0 ? (
            <Text size="sm" c="dimmed">
              No deploys yet: press Deploy above, run <code>zervigo deploy SERVICE</code>, or push to a branch a service polls.
            </Text>
          ) : (
            <DeployHistory deploys={visible} selected={opened?.id ?? null} onSelect={setPicked} />
          )}
        </Stack>
      )}
    </>
  );
}
