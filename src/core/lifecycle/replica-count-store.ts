import type { Statement } from 'better-sqlite3';
import type { Database } from '../store/database';

/** A replicated service's count as it was scaled (by a person or a scale rule), kept across restarts. */
export interface ScaledCount {
  service: string;
  count: number;
  /** The count its workspace gave when it was scaled. */
  configured: number;
  actor: string;
  reason: string;
  updatedAt: number;
}

interface Row {
  service: string;
  count: number;
  configured: number;
  actor: string;
  reason: string;
  updated_at: number;
}

/** replica_counts: one row per service scaled away from its workspace count. */
export class ReplicaCountStore {
  private readonly all: Statement<[], Row>;
  private readonly upsert: Statement<[string, number, number, string, string, number]>;
  private readonly remove: Statement<[string]>;

  constructor(db: Database) {
    this.all = db.prepare('SELECT service, count, configured, actor, reason, updated_at FROM replica_counts ORDER BY service');
    this.upsert = db.prepare(
      `INSERT INTO replica_counts (service, count, configured, actor, reason, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (service) DO UPDATE SET count = excluded.count, configured = excluded.configured, actor = excluded.actor,
         reason = excluded.reason, updated_at = excluded.updated_at`,
    );
    this.remove = db.prepare('DELETE FROM replica_counts WHERE service = ?');
  }

  list(): ScaledCount[] {
    return this.all.all().map((row) => ({
      service: row.service,
      count: row.count,
      configured: row.configured,
      actor: row.actor,
      reason: row.reason,
      updatedAt: row.updated_at,
    }));
  }

  save(entry: ScaledCount): void {
    this.upsert.run(entry.service, entry.count, entry.configured, entry.actor, entry.reason, entry.updatedAt);
  }

  delete(service: string): void {
    this.remove.run(service);
  }
}
