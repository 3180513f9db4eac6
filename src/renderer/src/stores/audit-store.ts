import { create } from 'zustand';
import type { AuditEntry } from '../../../shared/types/operate';
import { loading, type LoadState } from './load-state';

/** The newest audit entries, newest first; older pages are fetched by the Audit page itself. */
const KEEP = 1_000;

interface AuditState {
  entries: AuditEntry[];
  load: LoadState;
}

export const useAuditStore = create<AuditState>()(() => ({ entries: [], load: loading }));

function merged(current: readonly AuditEntry[], incoming: readonly AuditEntry[]): AuditEntry[] {
  const byId = new Map(current.map((entry) => [entry.id, entry]));
  for (const entry of incoming) {
    // A page fetched before an entry finished must not undo the event that finished it.
    const known = byId.get(entry.id);
    if (known !== undefined && known.outcome !== 'running' && entry.outcome === 'running') continue;
    byId.set(entry.id, entry);
  }
  return [...byId.values()].sort((a, b) => b.id - a.id).slice(0, KEEP);
}

/** A fetched page: merged, so entries that arrived as events meanwhile are kept. */
export function mergeAuditEntries(entries: AuditEntry[]): void {
  useAuditStore.setState((state) => ({ entries: merged(state.entries, entries), load: { status: 'ready' } }));
}

/** A new entry, or one that got its outcome. */
export function upsertAuditEntry(entry: AuditEntry): void {
  useAuditStore.setState((state) => ({ entries: merged(state.entries, [entry]) }));
}
