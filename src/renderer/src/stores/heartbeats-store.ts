import { create } from 'zustand';
import type { Bridge } from '../../../shared/bridge';
import type { Heartbeat, ProbeState } from '../../../shared/types/monitoring';
import { useProbesStore } from './probes-store';

/** Checks kept per service on the client: the widest bar shows this many. */
export const HEARTBEATS_SHOWN_MAX = 60;

interface HeartbeatsState {
  /** The last checks of each service, oldest first. */
  byService: Record<string, Heartbeat[]>;
  loaded: boolean;
}

export const useHeartbeatsStore = create<HeartbeatsState>()(() => ({ byService: {}, loaded: false }));

/** A finished check as a tick, or null for states that are not a check (paused, not checked yet). */
export function beatOf(probe: ProbeState): Heartbeat | null {
  if (probe.lastCheckAt === null || (probe.status !== 'up' && probe.status !== 'pending' && probe.status !== 'down')) return null;
  return { at: probe.lastCheckAt, probe: probe.id, status: probe.status, latencyMs: probe.latencyMs, reason: probe.reason };
}

/** Adds checks to their services' bars, each once, keeping the newest HEARTBEATS_SHOWN_MAX. */
export function appendBeats(beats: readonly { service: string; beat: Heartbeat }[]): void {
  if (beats.length === 0) return;
  useHeartbeatsStore.setState((state) => {
    const byService = { ...state.byService };
    for (const { service, beat } of beats) {
      const list = byService[service] ?? [];
      if (list.some((seen) => seen.probe === beat.probe && seen.at === beat.at)) continue;
      const next = [...list, beat];
      // Probes of one service report in their own order; the bar is one time line.
      if (list.length > 0 && (list.at(-1) as Heartbeat).at > beat.at) next.sort((a, b) => a.at - b.at);
      byService[service] = next.slice(Math.max(0, next.length - HEARTBEATS_SHOWN_MAX));
    }
    return { byService };
  });
}

let following: (() => void) | null = null;

/** New checks arrive with probes.changed (already in the probes store): no polling. */
function followChecks(): void {
  if (following !== null) return;
  following = useProbesStore.subscribe((state, previous) => {
    if (state.byId === previous.byId) return;
    const fresh: { service: string; beat: Heartbeat }[] = [];
    for (const [id, probe] of Object.entries(state.byId)) {
      const before = previous.byId[id];
      if (probe === before || probe.lastCheckAt === before?.lastCheckAt) continue;
      const beat = beatOf(probe);
      if (beat !== null) fresh.push({ service: probe.service, beat });
    }
    appendBeats(fresh);
  });
}

/**
 * Loads the last checks of some services (all when none are named), as many as a page's bars
 * show (the engine keeps them in memory; the answer is what costs: 200 services × 30 checks is
 * about half a megabyte of JSON), and from then on follows new checks as they arrive.
 */
export async function loadHeartbeats(bridge: Bridge, wanted: { services?: string[]; limit?: number } = {}): Promise<void> {
  followChecks();
  const services = await bridge.invoke('monitoring.heartbeats', {
    services: wanted.services ?? [],
    limit: Math.min(wanted.limit ?? HEARTBEATS_SHOWN_MAX, HEARTBEATS_SHOWN_MAX),
  });
  useHeartbeatsStore.setState((state) => {
    const byService = { ...state.byService };
    for (const entry of services) {
      // Checks that arrived while the answer was on its way are kept.
      const newer = (state.byService[entry.service] ?? []).filter((beat) => beat.at > (entry.beats.at(-1)?.at ?? 0));
      const merged = [...entry.beats, ...newer];
      byService[entry.service] = merged.slice(Math.max(0, merged.length - HEARTBEATS_SHOWN_MAX));
    }
    return { byService, loaded: true };
  });
}
