import type { Statement } from 'better-sqlite3';
import type { Database } from '../store/database';

/** What one notification group last sent; persisted so a restart continues where it stopped. */
export interface GroupState {
  routeKey: string;
  groupKey: string;
  labels: Record<string, string>;
  nextFlushAt: number | null;
  lastNotifiedAt: number | null;
  /** The firings (fingerprint@firedAt) the last notification carried. */
  notified: string[];
  /** Reminders sent since the last news: the notification back-off counts them. */
  reminders: number;
  /** Counts this group's notifications from its creation time: part of each idempotency key. */
  sequence: number;
}

interface GroupRow {
  route_key: string;
  group_key: string;
  labels: string;
  next_flush_at: number | null;
  last_notified_at: number | null;
  notified: string;
  reminders: number;
  sequence: number;
}

export class GroupStore {
  private readonly upsert: Statement;
  private readonly remove: Statement<[string, string]>;

  constructor(private readonly db: Database) {
    this.upsert = db.prepare(`INSERT OR REPLACE INTO alert_groups (route_key, group_key, labels, next_flush_at, last_notified_at, notified, reminders, sequence)
      VALUES (@routeKey, @groupKey, @labels, @nextFlushAt, @lastNotifiedAt, @notified, @reminders, @sequence)`);
    this.remove = db.prepare('DELETE FROM alert_groups WHERE route_key = ? AND group_key = ?');
  }

  load(): GroupState[] {
    return this.db
      .prepare<[], GroupRow>('SELECT * FROM alert_groups')
      .all()
      .map((row) => ({
        routeKey: row.route_key,
        groupKey: row.group_key,
        labels: JSON.parse(row.labels) as Record<string, string>,
        nextFlushAt: row.next_flush_at,
        lastNotifiedAt: row.last_notified_at,
        notified: JSON.parse(row.notified) as string[],
        reminders: row.reminders,
        sequence: row.sequence,
      }));
  }

  /** Call inside the transaction that also writes the outbox. */
  write(state: GroupState): void {
    this.upsert.run({ ...state, labels: JSON.stringify(state.labels), notified: JSON.stringify(state.notified) });
  }

  delete(state: GroupState): void {
    this.remove.run(state.routeKey, state.groupKey);
  }
}
