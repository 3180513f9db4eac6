import { useEffect } from 'react';
import { useBridge } from '../bridge/use-bridge';
import { loadHeartbeats } from '../stores/heartbeats-store';
import { useWorkspaceStore } from '../stores/workspace-store';

/** A page that shows heartbeat bars loads the last checks when it opens (and when the workspace changes); new ones stream in. */
export function useHeartbeatFeed(): void {
  const bridge = useBridge();
  const versionId = useWorkspaceStore((state) => state.view?.versionId ?? 0);
  useEffect(() => {
    loadHeartbeats(bridge).catch(() => undefined);
  }, [bridge, versionId]);
}
