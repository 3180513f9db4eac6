import type { Database } from '../../store/database';

export interface AlertStateChange {
  alertname: string;
  fingerprint: string;
  at: number;
  to: string;
}

/**
 * What advice reads from the timelines other parts keep in the store: alert state changes,
 * the supervisor's give-ups and other actions on a service, probe status changes, mined log
 * patterns. Read-only, by index, a few times an advice round.
 */
export class AdviceHistory {
  private readonly alertChanges;
  private readonly giveUpsSince;
  private readonly actionsOn;
  private readonly probeChanges;
  private readonly template;

  constructor(db: Database) {
    this.alertChanges = db.prepare<[number], { alertname: string; fingerprint: string; at: number; to_state: string }>(
      "SELECT alertname, fingerprint, at, to_state FROM alert_events WHERE at >= ? AND kind = 'state' AND to_state IS NOT NULL ORDER BY at, id",
    );
    this.giveUpsSince = db.prepare<[number], { target: string; at: number; message: string | null }>(
      "SELECT target, at, message FROM audit_log WHERE action = 'give_up' AND at >= ? ORDER BY at",
    );
    this.actionsOn = db.prepare<[string, number], { n: number }>("SELECT count(*) AS n FROM audit_log WHERE target = ? AND at >= ? AND outcome != 'refused'");
    this.probeChanges = db.prepare<[string, number], { n: number }>('SELECT count(*) AS n FROM probe_transitions WHERE probe_id = ? AND at >= ?');
    this.template = db.prepare<[number], { template: string }>('SELECT template FROM log_patterns WHERE id = ?');
  }

  /** Alert state changes since `since`, oldest first. */
  alertStateChanges(since: number): AlertStateChange[] {
    return this.alertChanges.all(since).map((row) => ({ alertname: row.alertname, fingerprint: row.fingerprint, at: row.at, to: row.to_state }));
  }

  /** Every time a service's supervisor gave up restarting it since `since`, per service. */
  giveUps(since: number): Map<string, { at: number; message: string | null }[]> {
    const out = new Map<string, { at: number; message: string | null }[]>();
    for (const row of this.giveUpsSince.all(since)) {
      const list = out.get(row.target) ?? [];
      list.push({ at: row.at, message: row.message });
      out.set(row.target, list);
    }
    return out;
  }

  /** Actions (start, stop, restart, deploy, give-up…) on a service since `since`. */
  serviceActions(service: string, since: number): number {
    return this.actionsOn.get(service, since)?.n ?? 0;
  }

  /** Status changes of one probe ("api/http#0") since `since`. */
  probeTransitions(probeId: string, since: number): number {
    return this.probeChanges.get(probeId, since)?.n ?? 0;
  }

  logPatternTemplate(id: number): string | null {
    return this.template.get(id)?.template ?? null;
  }
}
