import type { Heartbeat } from '../../shared/types/monitoring';

/** Checks kept per probe: more than any bar shows (the widest asks for 100). */
export const HEARTBEATS_KEPT = 100;

/**
 * The last checks of every probe, in memory: a heartbeat bar of 200 services is a few array
 * slices, never a query. A probe's checks from before this process started are read once from
 * the store (`seed`) the first time they are asked for; after that every check is recorded here
 * as it finishes.
 */
export class HeartbeatLog {
  private readonly rings = new Map<string, Heartbeat[]>();
  private readonly seeded = new Set<string>();

  constructor(private readonly capacity = HEARTBEATS_KEPT) {}

  record(beat: Heartbeat): void {
    const ring = this.rings.get(beat.probe);
    if (ring === undefined) {
      this.rings.set(beat.probe, [beat]);
      return;
    }
    ring.push(beat);
    if (ring.length > this.capacity) ring.splice(0, ring.length - this.capacity);
  }

  /**
   * The newest `limit` checks of one probe, oldest first. `seed(before)` supplies the stored
   * checks older than `before` (the first one held in memory, or null for all) on the first ask.
   */
  recent(probe: string, limit: number, seed: (before: number | null) => Heartbeat[]): Heartbeat[] {
    if (!this.seeded.has(probe)) {
      this.seeded.add(probe);
      const held = this.rings.get(probe) ?? [];
      const stored = seed(held[0]?.at ?? null);
      if (stored.length > 0) {
        const merged = [...stored, ...held];
        this.rings.set(probe, merged.slice(Math.max(0, merged.length - this.capacity)));
      }
    }
    const ring = this.rings.get(probe) ?? [];
    return ring.slice(Math.max(0, ring.length - limit));
  }

  /** Drops the checks of probes that are gone from the workspace. */
  retain(probes: ReadonlySet<string>): void {
    for (const id of [...this.rings.keys()]) if (!probes.has(id)) this.rings.delete(id);
    for (const id of [...this.seeded]) if (!probes.has(id)) this.seeded.delete(id);
  }
}

/** Several probes' checks in one time line, the newest `limit`, oldest first. */
export function mergeBeats(lists: readonly Heartbeat[][], limit: number): Heartbeat[] {
  const all = lists.length === 1 ? [...(lists[0] as Heartbeat[])] : lists.flat().sort((a, b) => a.at - b.at);
  return all.slice(Math.max(0, all.length - limit));
}
