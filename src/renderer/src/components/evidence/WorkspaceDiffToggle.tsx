import { Anchor, Loader, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useBridge } from '../../bridge/use-bridge';
import { messageOf } from '../../format/error-message';
import { UnifiedDiff } from '../UnifiedDiff';

type Fetched = { status: 'shown'; text: string } | { status: 'failed'; message: string };

/**
 * "diff of version 7": the change a workspace version made, unfolded in place (fetched when first
 * opened). `initiallyOpen`: a change that is itself the candidate shows what it changed at once.
 */
export function WorkspaceDiffToggle({
  versionId,
  previousVersionId,
  initiallyOpen = false,
}: {
  versionId: number;
  previousVersionId: number | null;
  initiallyOpen?: boolean;
}) {
  const bridge = useBridge();
  const [opened, setOpened] = useState(initiallyOpen);
  const [fetched, setFetched] = useState<Fetched | null>(null);
  const wanted = opened && fetched === null && previousVersionId !== null;
  useEffect(() => {
    if (!wanted || previousVersionId === null) return;
    let stale = false;
    bridge.invoke('workspace.diff', { from: previousVersionId, to: versionId }).then(
      (text) => {
        if (!stale) setFetched({ status: 'shown', text });
      },
      (error: unknown) => {
        if (!stale) setFetched({ status: 'failed', message: messageOf(error) });
      },
    );
    return () => {
      stale = true;
    };
  }, [bridge, wanted, previousVersionId, versionId]);
  const toggle = (): void => {
    if (fetched?.status === 'failed') setFetched(null);
    setOpened((value) => !value || fetched?.status === 'failed');
  };
  return (
    <>
      <Anchor component="button" type="button" size="sm" onClick={toggle} data-testid="workspace-diff-toggle" data-tap>
        {opened && fetched?.status === 'shown' ? `hide the diff of version ${versionId}` : `diff of version ${versionId}`}
      </Anchor>
      {opened && previousVersionId === null && (
        <Text size="xs" c="dimmed">
          Version {versionId} is the first of its file: there is nothing to compare it with.
        </Text>
      )}
      {wanted && <Loader size="xs" ml="xs" />}
      {opened && fetched?.status === 'failed' && (
        <Text size="xs" c="red">
          {fetched.message}
        </Text>
      )}
      {opened && fetched?.status === 'shown' && <UnifiedDiff diff={fetched.text} />}
    </>
  );
}
