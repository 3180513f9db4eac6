import type { Statement } from 'better-sqlite3';
import type { ChannelKind, DeliveryView, NotificationStatus, NotificationView } from '../../shared/types/alerts';
import type { Database } from '../store/database';
import type { AlertNotification } from './notification';

interface OutboxRow {
  id: number;
  key: string;
  channel: string;
  kind: ChannelKind;
  payload: string;
  summary: string;
  status: NotificationStatus;
  attempts: number;
  created_at: number;
  next_attempt_at: number;
  delivered_at: number | null;
  last_error: string | null;
}

export interface OutboxItem {
  id: number;
  key: string;
  channel: string;
  kind: ChannelKind;
  notification: AlertNotification;
  attempts: number;
  createdAt: number;
}

/** Delivered notifications (and their delivery log) are kept this long. */
export const OUTBOX_RETENTION_MS = 7 * 86_400_000;

/**
 * The notification outbox in SQLite. The router inserts in the same transaction that records
 * its decision to notify, so a notification is never lost nor decided twice; the deliverer
 * takes due items from here and records every attempt in the delivery log.
 */
export class Outbox {
  private readonly insert: Statement;
  private readonly dueRows: Statement<[number, number], OutboxRow>;
  private readonly delivered: Statement<[number, number]>;
  private readonly retryAt: Statement<[number, string, number]>;
  private readonly failed: Statement<[string, number]>;
  private readonly logAttempt: Statement<[number, number, number, string, number]>;
  private readonly byId: Statement<[number], OutboxRow>;
  private readonly recent: Statement<[number], OutboxRow>;
  private readonly recentOf: Statement<[string, number], OutboxRow>;
  private readonly deliveriesOf: Statement<[number], { at: number; ok: number; detail: string; duration_ms: number }>;
  private readonly nextDue: Statement<[], { next: number | null }>;
  private readonly pendingCounts: Statement<[], { channel: string; n: number }>;
  private readonly lastDeliveries: Statement<[], { channel: string; outbox_id: number; at: number; ok: number; detail: string; duration_ms: number }>;
  private readonly pruneRows: Statement<[number]>;

  constructor(private readonly db: Database) {
    this.insert = db.prepare(`INSERT OR IGNORE INTO outbox (key, channel, kind, payload, summary, status, attempts, created_at, next_attempt_at)
      VALUES (@key, @channel, @kind, @payload, @summary, 'pending', 0, @createdAt, @createdAt)`);
    this.dueRows = db.prepare("SELECT * FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?");
    this.delivered = db.prepare("UPDATE outbox SET status = 'delivered', attempts = attempts + 1, delivered_at = ?, last_error = NULL WHERE id = ?");
    this.retryAt = db.prepare('UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?');
    this.failed = db.prepare("UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?");
    this.logAttempt = db.prepare('INSERT INTO deliveries (outbox_id, at, ok, detail, duration_ms) VALUES (?, ?, ?, ?, ?)');
    this.byId = db.prepare('SELECT * FROM outbox WHERE id = ?');
    this.recent = db.prepare('SELECT * FROM outbox ORDER BY id DESC LIMIT ?');
    this.recentOf = db.prepare('SELECT * FROM outbox WHERE channel = ? ORDER BY id DESC LIMIT ?');
    this.deliveriesOf = db.prepare('SELECT at, ok, detail, duration_ms FROM deliveries WHERE outbox_id = ? ORDER BY id');
    this.nextDue = db.prepare("SELECT min(next_attempt_at) AS next FROM outbox WHERE status = 'pending'");
    this.pendingCounts = db.prepare("SELECT channel, count(*) AS n FROM outbox WHERE status = 'pending' GROUP BY channel");
    this.lastDeliveries = db.prepare(`SELECT o.channel, d.outbox_id, d.at, d.ok, d.detail, d.duration_ms FROM deliveries d JOIN outbox o ON o.id = d.outbox_id
      WHERE d.id IN (SELECT max(d2.id) FROM deliveries d2 JOIN outbox o2 ON o2.id = d2.outbox_id GROUP BY o2.channel)`);
    this.pruneRows = db.prepare("DELETE FROM outbox WHERE status != 'pending' AND created_at < ?");
  }

  /** Inserts a notification; a key already present is ignored (the decision was made before). Returns the id, or null. */
  enqueue(notification: AlertNotification, kind: ChannelKind, summary: string): number | null {
    const result = this.insert.run({
      key: notification.key,
      channel: notification.channel,
      kind,
      payload: JSON.stringify(notification),
      summary,
      createdAt: notification.createdAt,
    });
    return result.changes === 0 ? null : Number(result.lastInsertRowid);
  }

  due(at: number, limit: number): OutboxItem[] {
    return this.dueRows.all(at, limit).map(toItem);
  }

  /** When the earliest pending item is due, or null when none is pending. */
  nextDueAt(): number | null {
    return this.nextDue.get()?.next ?? null;
  }

  markDelivered(id: number, at: number, detail: string, durationMs: number): void {
    this.db.transaction(() => {
      this.delivered.run(at, id);
      this.logAttempt.run(id, at, 1, detail, Math.round(durationMs));
    })();
  }

  /** A failed attempt: tried again at `retryAt`, or given up when null. */
  markFailed(id: number, at: number, error: string, durationMs: number, retryAt: number | null): void {
    this.db.transaction(() => {
      if (retryAt === null) this.failed.run(error, id);
      else this.retryAt.run(retryAt, error, id);
      this.logAttempt.run(id, at, 0, error, Math.round(durationMs));
    })();
  }

  view(id: number): NotificationView | undefined {
    const row = this.byId.get(id);
    return row === undefined ? undefined : this.toView(row);
  }

  list(limit: number, channel: string | null): NotificationView[] {
    const rows = channel === null ? this.recent.all(limit) : this.recentOf.all(channel, limit);
    return rows.map((row) => this.toView(row));
  }

  pendingByChannel(): Map<string, number> {
    return new Map(this.pendingCounts.all().map((row) => [row.channel, row.n]));
  }

  lastDeliveryByChannel(): Map<string, DeliveryView & { notificationId: number }> {
    return new Map(
      this.lastDeliveries
        .all()
        .map((row) => [row.channel, { notificationId: row.outbox_id, at: row.at, ok: row.ok === 1, detail: row.detail, durationMs: row.duration_ms }]),
    );
  }

  prune(before: number): number {
    return this.pruneRows.run(before).changes;
  }

  private toView(row: OutboxRow): NotificationView {
    return {
      id: row.id,
      key: row.key,
      channel: row.channel,
      kind: row.kind,
      summary: row.summary,
      status: row.status,
      attempts: row.attempts,
      createdAt: row.created_at,
      nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : null,
      deliveredAt: row.delivered_at,
      lastError: row.last_error,
      deliveries: this.deliveriesOf
        .all(row.id)
        .map((delivery) => ({ at: delivery.at, ok: delivery.ok === 1, detail: delivery.detail, durationMs: delivery.duration_ms })),
    };
  }
}

function toItem(row: OutboxRow): OutboxItem {
  return {
    id: row.id,
    key: row.key,
    channel: row.channel,
    kind: row.kind,
    notification: JSON.parse(row.payload) as AlertNotification,
    attempts: row.attempts,
    createdAt: row.created_at,
  };
}
