import type { Statement } from 'better-sqlite3';
import type { AuditEntry, AuditOutcome } from '../../shared/types/operate';
import type { Database } from './database';

/** A row of audit_log: the entry with SQL's column names and its details as JSON text. */
type AuditRow = Omit<AuditEntry, 'durationMs' | 'details'> & { duration_ms: number | null; details: string | null };

export interface AuditQuery {
  target?: string;
  actor?: string;
  action?: string;
  outcome?: AuditOutcome;
  operation?: string;
  since?: number;
  before?: number;
  limit: number;
}

export interface NewAuditEntry {
  actor: string;
  action: string;
  target: string;
  outcome?: AuditOutcome;
  message?: string | null;
  operation?: string | null;
  details?: Record<string, unknown> | null;
}

/** How many entries are kept; older ones are pruned a thousand inserts at a time. */
export const AUDIT_KEEP = 200_000;

/**
 * Every action on a service, session or terminal, automatic or manual: who or which rule, what,
 * on what, the outcome and how long it took. An entry is written when the action starts and
 * completed when it ends, so nothing is lost if Zervigo stops halfway.
 */
export class AuditLog {
  private readonly insert: Statement<[number, string, string, string, string, string | null, string | null, string | null], { id: number }>;
  private readonly complete: Statement<[string, string | null, number, string | null, number]>;
  private readonly one: Statement<[number], AuditRow>;
  private readonly prune: Statement<[number]>;
  private inserts = 0;

  constructor(
    private readonly db: Database,
    private readonly now: () => number,
    private readonly onChange: (entry: AuditEntry) => void = () => {},
  ) {
    this.insert = db.prepare(
      'INSERT INTO audit_log (at, actor, action, target, outcome, message, operation, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id',
    );
    this.complete = db.prepare('UPDATE audit_log SET outcome = ?, message = ?, duration_ms = ?, details = coalesce(?, details) WHERE id = ?');
    this.one = db.prepare('SELECT * FROM audit_log WHERE id = ?');
    this.prune = db.prepare('DELETE FROM audit_log WHERE id <= ?');
  }

  /** Entries left 'running' by a previous run were cut short by its end. */
  markInterrupted(): number {
    return this.db
      .prepare("UPDATE audit_log SET outcome = 'interrupted', message = coalesce(message, 'Zervigo stopped before this finished') WHERE outcome = 'running'")
      .run().changes;
  }

  /** Writes an entry (outcome 'running' unless given) and returns its id. */
  begin(entry: NewAuditEntry): number {
    const row = this.insert.get(
      this.now(),
      entry.actor,
      entry.action,
      entry.target,
      entry.outcome ?? 'running',
      entry.message ?? null,
      entry.operation ?? null,
      entry.details ? JSON.stringify(entry.details) : null,
    ) as { id: number };
    if (++this.inserts % 1000 === 0) this.prune.run(row.id - AUDIT_KEEP);
    this.publish(row.id);
    return row.id;
  }

  /** Sets the outcome of an entry begun earlier; the duration is measured from its start. */
  finish(id: number, outcome: AuditOutcome, message: string | null, details?: Record<string, unknown>): AuditEntry | undefined {
    const row = this.one.get(id);
    if (row === undefined) return undefined;
    this.complete.run(outcome, message, Math.max(0, this.now() - row.at), details ? JSON.stringify(details) : null, id);
    return this.publish(id);
  }

  /** An action that is over as soon as it is recorded (a refusal, a dry run, a give-up). */
  record(entry: NewAuditEntry & { outcome: AuditOutcome }): number {
    const id = this.begin(entry);
    this.complete.run(entry.outcome, entry.message ?? null, 0, null, id);
    this.publish(id);
    return id;
  }

  get(id: number): AuditEntry | undefined {
    const row = this.one.get(id);
    return row === undefined ? undefined : toEntry(row);
  }

  list(query: AuditQuery): AuditEntry[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    const add = (clause: string, value: string | number | undefined): void => {
      if (value === undefined) return;
      where.push(clause);
      params.push(value);
    };
    add('target = ?', query.target);
    add('actor = ?', query.actor);
    add('action = ?', query.action);
    add('outcome = ?', query.outcome);
    add('operation = ?', query.operation);
    add('at >= ?', query.since);
    add('id < ?', query.before);
    const sql = `SELECT * FROM audit_log ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...params, query.limit) as AuditRow[]).map(toEntry);
  }

  private publish(id: number): AuditEntry | undefined {
    const entry = this.get(id);
    if (entry !== undefined) this.onChange(entry);
    return entry;
  }
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    target: row.target,
    outcome: row.outcome,
    message: row.message,
    durationMs: row.duration_ms,
    operation: row.operation,
    details: row.details === null ? null : (JSON.parse(row.details) as Record<string, unknown>),
  };
}
