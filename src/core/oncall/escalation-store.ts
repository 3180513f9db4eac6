import type { EscalationPageView, EscalationState } from '../../shared/types/oncall';
import type { Database } from '../store/database';

export interface EscalationRow {
  id: number;
  policy: string;
  group_key: string;
  title: string;
  notification: string;
  fingerprints: string;
  state: EscalationState;
  level: number;
  round: number;
  started_at: number;
  next_at: number | null;
  acked_by: string | null;
  acked_at: number | null;
  ended_at: number | null;
}

interface PageRow {
  at: number;
  level: number;
  round: number;
  person: string | null;
  channels: string;
  outcome: 'paged' | 'skipped';
  message: string;
}

/** Escalations and their pages in SQLite (migration 13): a pending one's next_at is its timer, so it survives a restart. */
export class EscalationStore {
  constructor(private readonly db: Database) {}

  pending(policy: string, groupKey: string): EscalationRow | undefined {
    return this.db.prepare("SELECT * FROM oncall_escalations WHERE policy = ? AND group_key = ? AND state = 'pending'").get(policy, groupKey) as
      EscalationRow | undefined;
  }

  /** The newest escalation of a group that has paged someone and not yet heard it resolved. */
  openOrAcknowledged(policy: string, groupKey: string): EscalationRow | undefined {
    return this.db
      .prepare("SELECT * FROM oncall_escalations WHERE policy = ? AND group_key = ? AND state IN ('pending', 'acknowledged') ORDER BY id DESC LIMIT 1")
      .get(policy, groupKey) as EscalationRow | undefined;
  }

  allPending(): EscalationRow[] {
    return this.db.prepare("SELECT * FROM oncall_escalations WHERE state = 'pending' ORDER BY id").all() as EscalationRow[];
  }

  due(now: number): EscalationRow[] {
    return this.db.prepare("SELECT * FROM oncall_escalations WHERE state = 'pending' AND next_at <= ? ORDER BY next_at, id").all(now) as EscalationRow[];
  }

  nextDueAt(): number | null {
    return (this.db.prepare("SELECT min(next_at) AS next FROM oncall_escalations WHERE state = 'pending'").get() as { next: number | null }).next;
  }

  get(id: number): EscalationRow | undefined {
    return this.db.prepare('SELECT * FROM oncall_escalations WHERE id = ?').get(id) as EscalationRow | undefined;
  }

  /** Pending ones first, then the most recent that ended. */
  recent(limit: number): EscalationRow[] {
    return this.db
      .prepare("SELECT * FROM oncall_escalations ORDER BY CASE state WHEN 'pending' THEN 0 ELSE 1 END, id DESC LIMIT ?")
      .all(limit) as EscalationRow[];
  }

  create(input: { policy: string; groupKey: string; title: string; notification: string; fingerprints: string[]; at: number }): EscalationRow {
    const row = this.db
      .prepare(
        `INSERT INTO oncall_escalations (policy, group_key, title, notification, fingerprints, state, level, round, started_at, next_at)
         VALUES (?, ?, ?, ?, ?, 'pending', -1, 0, ?, ?) RETURNING *`,
      )
      .get(input.policy, input.groupKey, input.title, input.notification, JSON.stringify(input.fingerprints), input.at, input.at) as EscalationRow;
    return row;
  }

  /** A newer notification of the same group (more alerts, a reminder): what later levels are paged with. */
  refresh(id: number, input: { title: string; notification: string; fingerprints: string[] }): void {
    this.db
      .prepare('UPDATE oncall_escalations SET title = ?, notification = ?, fingerprints = ? WHERE id = ?')
      .run(input.title, input.notification, JSON.stringify(input.fingerprints), id);
  }

  /** Where it has got to: the level and round paged, and when the next is due (null: it has ended). */
  setProgress(id: number, level: number, round: number, nextAt: number | null): void {
    this.db.prepare('UPDATE oncall_escalations SET level = ?, round = ?, next_at = ? WHERE id = ?').run(level, round, nextAt, id);
  }

  end(id: number, state: Exclude<EscalationState, 'pending'>, at: number, ack?: { by: string; at: number }): void {
    if (ack !== undefined)
      this.db
        .prepare('UPDATE oncall_escalations SET state = ?, next_at = NULL, ended_at = ?, acked_by = ?, acked_at = ? WHERE id = ?')
        .run(state, at, ack.by, ack.at, id);
    else this.db.prepare('UPDATE oncall_escalations SET state = ?, next_at = NULL, ended_at = ? WHERE id = ?').run(state, at, id);
  }

  /** An acknowledgement after the escalation ran out of levels: its state stays (nobody answered in time). */
  acknowledgeLate(id: number, ack: { by: string; at: number }): void {
    this.db.prepare('UPDATE oncall_escalations SET acked_by = ?, acked_at = ? WHERE id = ?').run(ack.by, ack.at, id);
  }

  addPage(id: number, page: Omit<EscalationPageView, 'level'> & { level: number }): void {
    this.db
      .prepare('INSERT INTO oncall_pages (escalation_id, at, level, round, person, channels, outcome, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, page.at, page.level, page.round, page.person, JSON.stringify(page.channels), page.outcome, page.message);
  }

  pages(id: number): EscalationPageView[] {
    return (
      this.db.prepare('SELECT at, level, round, person, channels, outcome, message FROM oncall_pages WHERE escalation_id = ? ORDER BY id').all(id) as PageRow[]
    ).map((row) => ({ ...row, channels: JSON.parse(row.channels) as string[] }));
  }

  prune(before: number): void {
    this.db.prepare("DELETE FROM oncall_escalations WHERE state != 'pending' AND ended_at < ?").run(before);
  }
}
