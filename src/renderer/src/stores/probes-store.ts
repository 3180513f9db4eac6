import { create } from 'zustand';
import type { ProbeState } from '../../../shared/types/monitoring';
import { loading, type LoadState } from './load-state';

interface ProbesState {
  byId: Record<string, ProbeState>;
  load: LoadState;
}

/**
 * Every probe's state, by id. Events carry only the probes that changed in a tick; they are
 * merged here. Charts that stream read new checks through `useProbesStore.subscribe`, outside
 * React, so a tick never re-renders a page.
 */
export const useProbesStore = create<ProbesState>()(() => ({ byId: {}, load: loading }));

export function setProbes(probes: ProbeState[]): void {
  useProbesStore.setState({ byId: Object.fromEntries(probes.map((probe) => [probe.id, probe])), load: { status: 'ready' } });
}

export function applyProbeChanges(changes: ProbeState[]): void {
  useProbesStore.setState((state) => {
    const byId = { ...state.byId };
    for (const probe of changes) byId[probe.id] = probe;
    return { byId, load: { status: 'ready' } };
  });
}

/** The probes of one service, in declaration order of their ids. */
export function probesOf(byId: Record<string, ProbeState>, service: string, ids: readonly string[]): ProbeState[] {
  return ids.map((id) => byId[id]).filter((probe): probe is ProbeState => probe !== undefined && probe.service === service);
}
