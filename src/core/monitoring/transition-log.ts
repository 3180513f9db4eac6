import type { Statement } from 'better-sqlite3';
import type { ProbeStatus, ProbeTransition } from '../../shared/types/monitoring';
import type { Database } from '../store/database';

/** How long status changes are kept: as long as the 1-minute rollups by default. */
export const TRANSITIONS_KEPT_MS = 30 * 86_400_000;

/**
 * Every change of a probe's status with its reason ("down: connection refused"): the history
 * on the service page. A row per change, not per check, so it stays small.
 */
export class TransitionLog {
  private readonly insert: Statement<[string, number, string, string | null]>;
  private readonly recentOf: Statement<[string, number], { at: number; status: string; reason: string | null }>;
  private readonly prune: Statement<[number]>;

  constructor(db: Database) {
    this.insert = db.prepare('INSERT INTO probe_transitions (probe_id, at, status, reason) VALUES (?, ?, ?, ?)');
    this.recentOf = db.prepare('SELECT at, status, reason FROM probe_transitions WHERE probe_id = ? ORDER BY at DESC, id DESC LIMIT ?');
    this.prune = db.prepare('DELETE FROM probe_transitions WHERE at < ?');
  }

  record(probeId: string, at: number, status: ProbeStatus, reason: string | null): void {
    this.insert.run(probeId, at, status, reason);
  }

  recent(probeId: string, limit: number): ProbeTransition[] {
    return this.recentOf.all(probeId, limit).map((row) => ({ probeId, at: row.at, status: row.status as ProbeStatus, reason: row.reason }));
  }

  pruneBefore(time: number): number {
    return this.prune.run(time).changes;
  }
}
