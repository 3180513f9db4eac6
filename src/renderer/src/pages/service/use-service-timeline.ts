import { useEffect, useState } from 'react';
import type { ServiceView } from '../../../../shared/types/service';
import { useBridge } from '../../bridge/use-bridge';
import { buildTimeline, type TimelineEntry } from '../../format/service-timeline';
import { useAuditStore } from '../../stores/audit-store';
import { useProbesStore } from '../../stores/probes-store';
import { useWorkspaceStore } from '../../stores/workspace-store';

const PER_PROBE = 200;
const AUDIT_ENTRIES = 200;
const VERSIONS = 50;

/**
 * The service's collapsed history (service-timeline.ts), fetched when the page opens and again
 * when something it tells changes: a probe's status, an audit entry about the service, a new
 * workspace version. Not on every check.
 */
export function useServiceTimeline(service: ServiceView): { entries: TimelineEntry[] | null; error: string | null } {
  const bridge = useBridge();
  const ids = service.probes.map((probe) => probe.id);
  const key = ids.join(',');
  const statuses = useProbesStore((state) => ids.map((id) => state.byId[id]?.status ?? '').join(','));
  const newestAudit = useAuditStore((state) => state.entries.find((entry) => entry.target === service.name)?.id ?? 0);
  const newestAuditOutcome = useAuditStore((state) => state.entries.find((entry) => entry.target === service.name)?.outcome ?? '');
  const versionId = useWorkspaceStore((state) => state.view?.versionId ?? 0);
  const [entries, setEntries] = useState<TimelineEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stopped = false;
    const probes = key === '' ? [] : key.split(',');
    Promise.all([
      Promise.all(probes.map((id) => bridge.invoke('probes.history', { id, limit: PER_PROBE }))),
      bridge.invoke('audit.list', { target: service.name, limit: AUDIT_ENTRIES }),
      bridge.invoke('workspace.history', { limit: VERSIONS }),
    ])
      .then(([histories, audit, versions]) => {
        if (stopped) return;
        setEntries(buildTimeline({ probes, transitions: histories.flat(), audit, versions }));
        setError(null);
      })
      .catch((failure: unknown) => {
        if (!stopped) setError(failure instanceof Error ? failure.message : String(failure));
      });
    return () => {
      stopped = true;
    };
  }, [bridge, key, service.name, statuses, newestAudit, newestAuditOutcome, versionId]);

  return { entries, error };
}
