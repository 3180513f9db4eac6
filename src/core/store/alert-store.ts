import BetterSqlite3, { type Statement } from 'better-sqlite3';
import type { Database } from './database';
import type { AlertRecord, AlertState } from './alert-record';

interface AlertRow {
  rule_id: string;
  fingerprint: string;
  labels: string;
  annotations: string;
  state: AlertState;
  value: number | null;
  active_at: number;
  fired_at: number | null;
  resolved_at: number | null;
  last_seen_at: number | null;
  keep_firing_since: number | null;
  flapping: number;
  changes: string;
  acked_by: string | null;
  acked_at: number | null;
  ack_comment: string | null;
}

export type AlertEventKind = 'state' | 'flapping' | 'ack' | 'unack' | 'silenced' | 'notified';

export interface AlertEventRow {
  id: number;
  fingerprint: string;
  alertname: string;
  at: number;
  kind: AlertEventKind;
  from_state: string | null;
  to_state: string | null;
  value: number | null;
  detail: string | null;
}

export interface NewAlertEvent {
  fingerprint: string;
  alertname: string;
  at: number;
  kind: AlertEventKind;
  from?: string | null;
  to?: string | null;
  value?: number | null;
  detail?: string | null;
}

function fromRow(row: AlertRow): AlertRecord {
  return {
    ruleId: row.rule_id,
    fingerprint: row.fingerprint,
    labels: JSON.parse(row.labels) as Record<string, string>,
    annotations: JSON.parse(row.annotations) as Record<string, string>,
    state: row.state,
    value: row.value,
    activeAt: row.active_at,
    firedAt: row.fired_at,
    resolvedAt: row.resolved_at,
    lastSeenAt: row.last_seen_at ?? row.active_at,
    keepFiringSince: row.keep_firing_since,
    flapping: row.flapping === 1,
    changes: JSON.parse(row.changes) as number[],
    ack: row.acked_by === null || row.acked_at === null ? null : { by: row.acked_by, at: row.acked_at, comment: row.ack_comment ?? '' },
  };
}

/**
 * The alerts a store file holds, read without writing to it or taking a lock that a running
 * console would notice (the CLI's dry runs name alerts by what the console last stored).
 */
export function readStoredAlerts(file: string): AlertRecord[] {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare<[], AlertRow>('SELECT * FROM alerts').all().map(fromRow);
  } finally {
    db.close();
  }
}

/**
 * Alerts and their timeline in SQLite. Written once per evaluation round in one transaction,
 * so after a restart (or a crash) every alert is back in the state of the last round.
 */
export class AlertStore {
  private readonly upsert: Statement;
  private readonly remove: Statement<[string, string]>;
  private readonly all: Statement<[], AlertRow>;
  private readonly insertEvent: Statement;
  private readonly eventsOf: Statement<[string, number], AlertEventRow>;
  private readonly recentEvents: Statement<[number], AlertEventRow>;
  private readonly pruneEvents: Statement<[number]>;
  private readonly pruneResolved: Statement<[number]>;

  constructor(private readonly db: Database) {
    this.upsert =
      db.prepare(`INSERT OR REPLACE INTO alerts (rule_id, fingerprint, labels, annotations, state, value, active_at, fired_at, resolved_at, last_seen_at,
      keep_firing_since, flapping, changes, acked_by, acked_at, ack_comment, updated_at)
      VALUES (@ruleId, @fingerprint, @labels, @annotations, @state, @value, @activeAt, @firedAt, @resolvedAt, @lastSeenAt, @keepFiringSince, @flapping, @changes, @ackedBy, @ackedAt, @ackComment, @updatedAt)`);
    this.remove = db.prepare('DELETE FROM alerts WHERE rule_id = ? AND fingerprint = ?');
    this.all = db.prepare('SELECT * FROM alerts');
    this.insertEvent = db.prepare(
      'INSERT INTO alert_events (fingerprint, alertname, at, kind, from_state, to_state, value, detail) VALUES (@fingerprint, @alertname, @at, @kind, @from, @to, @value, @detail)',
    );
    this.eventsOf = db.prepare('SELECT * FROM alert_events WHERE fingerprint = ? ORDER BY at DESC, id DESC LIMIT ?');
    this.recentEvents = db.prepare('SELECT * FROM alert_events ORDER BY at DESC, id DESC LIMIT ?');
    this.pruneEvents = db.prepare('DELETE FROM alert_events WHERE at < ?');
    this.pruneResolved = db.prepare("DELETE FROM alerts WHERE state = 'resolved' AND resolved_at < ?");
  }

  load(): AlertRecord[] {
    return this.all.all().map(fromRow);
  }

  /** One transaction: the alerts that changed, the ones gone, the timeline entries. */
  save(changed: readonly AlertRecord[], removed: readonly { ruleId: string; fingerprint: string }[], events: readonly NewAlertEvent[], at: number): void {
    if (changed.length === 0 && removed.length === 0 && events.length === 0) return;
    this.db.transaction(() => {
      for (const record of changed) this.write(record, at);
      for (const gone of removed) this.remove.run(gone.ruleId, gone.fingerprint);
      for (const event of events) this.addEvent(event);
    })();
  }

  write(record: AlertRecord, at: number): void {
    this.upsert.run({
      ruleId: record.ruleId,
      fingerprint: record.fingerprint,
      labels: JSON.stringify(record.labels),
      annotations: JSON.stringify(record.annotations),
      state: record.state,
      value: record.value !== null && Number.isFinite(record.value) ? record.value : null,
      activeAt: record.activeAt,
      firedAt: record.firedAt,
      resolvedAt: record.resolvedAt,
      lastSeenAt: record.lastSeenAt,
      keepFiringSince: record.keepFiringSince,
      flapping: record.flapping ? 1 : 0,
      changes: JSON.stringify(record.changes),
      ackedBy: record.ack?.by ?? null,
      ackedAt: record.ack?.at ?? null,
      ackComment: record.ack?.comment ?? null,
      updatedAt: at,
    });
  }

  addEvent(event: NewAlertEvent): void {
    this.insertEvent.run({
      fingerprint: event.fingerprint,
      alertname: event.alertname,
      at: event.at,
      kind: event.kind,
      from: event.from ?? null,
      to: event.to ?? null,
      value: event.value !== undefined && event.value !== null && Number.isFinite(event.value) ? event.value : null,
      detail: event.detail ?? null,
    });
  }

  history(fingerprint: string | null, limit: number): AlertEventRow[] {
    return fingerprint === null ? this.recentEvents.all(limit) : this.eventsOf.all(fingerprint, limit);
  }

  /** Drops timeline entries before `eventsBefore` and alerts resolved before `resolvedBefore`. */
  prune(eventsBefore: number, resolvedBefore: number): number {
    return this.pruneEvents.run(eventsBefore).changes + this.pruneResolved.run(resolvedBefore).changes;
  }
}
