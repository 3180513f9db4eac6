import { useEffect } from 'react';
import { useBridge } from '../bridge/use-bridge';
import { loadHeartbeats } from '../stores/heartbeats-store';
import { useWorkspaceStore } from '../stores/workspace-store';

/**
 * A page that shows heartbeat bars loads as many last checks as its bars show, of the services it
 * shows (all when none are named), when it opens and when the workspace changes; new ones stream in.
 */
export function useHeartbeatFeed(limit: number, service?: string): void {
  const bridge = useBridge();
  const versionId = useWorkspaceStore((state) => state.view?.versionId ?? 0);
  useEffect(() => {
    loadHeartbeats(bridge, { limit, services: service === undefined ? [] : [service] }).catch(() => undefined);
  }, [bridge, versionId, limit, service]);
}
