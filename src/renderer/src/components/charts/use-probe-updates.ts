import { useEffect, useEffectEvent } from 'react';
import type { ProbeState } from '../../../../shared/types/monitoring';
import { useProbesStore } from '../../stores/probes-store';

/**
 * Calls `onCheck` for each finished check of the given probes, outside React: for charts that
 * append points and numbers that update their own text. Never re-renders the caller.
 */
export function useProbeUpdates(ids: readonly string[], onCheck: (probe: ProbeState) => void): void {
  const callback = useEffectEvent(onCheck);
  const key = ids.join('\u0000');
  useEffect(() => {
    const wanted = key === '' ? [] : key.split('\u0000');
    return useProbesStore.subscribe((state, previous) => {
      for (const id of wanted) {
        const probe = state.byId[id];
        if (probe !== undefined && probe !== previous.byId[id] && probe.lastCheckAt !== previous.byId[id]?.lastCheckAt) callback(probe);
      }
    });
  }, [key]);
}
