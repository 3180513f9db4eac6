import type { ReportIncident } from '../../shared/reports/report-schema';
import type { Database } from '../store/database';

interface EventRow {
  fingerprint: string;
  alertname: string;
  at: number;
  kind: string;
  to_state: string | null;
  detail: string | null;
}

/** How far before the period the alert history is read, to know what was already firing at its start. */
const LOOKBACK_MS = 30 * 86_400_000;

/**
 * The firing episodes of alerts that overlap [start, end], rebuilt from the alert history
 * (state changes and acknowledgements): when each fired, was acknowledged (by whom) and
 * resolved, and the firing time inside the period. Labels come from the alert while Zervigo
 * still keeps it (a day after it resolves); older ones carry their name alone.
 */
export function incidentsBetween(db: Database, start: number, end: number): ReportIncident[] {
  const rows = db
    .prepare<[number, number], EventRow>(
      "SELECT fingerprint, alertname, at, kind, to_state, detail FROM alert_events WHERE at >= ? AND at <= ? AND kind IN ('state', 'ack', 'unack') ORDER BY fingerprint, at, id",
    )
    .all(start - LOOKBACK_MS, end);
  const labelsOf = new Map<string, Record<string, string>>();
  for (const row of db.prepare<[], { fingerprint: string; labels: string }>('SELECT fingerprint, labels FROM alerts').all())
    labelsOf.set(row.fingerprint, JSON.parse(row.labels) as Record<string, string>);
  const incidents: ReportIncident[] = [];
  let open: ReportIncident | null = null;
  let current = '';
  const close = (at: number | null): void => {
    if (open === null) return;
    open.resolvedAt = at;
    open.timeToResolveMs = at === null ? null : at - open.firedAt;
    open.durationMs = Math.max(0, Math.min(at ?? end, end) - Math.max(open.firedAt, start));
    if ((at ?? end) >= start) incidents.push(open);
    open = null;
  };
  for (const row of rows) {
    if (row.fingerprint !== current) {
      close(null);
      current = row.fingerprint;
    }
    if (row.kind === 'state' && row.to_state === 'firing' && open === null) {
      const labels = labelsOf.get(row.fingerprint) ?? { alertname: row.alertname };
      open = {
        alertname: row.alertname,
        fingerprint: row.fingerprint,
        labels,
        severity: labels.severity ?? null,
        firedAt: row.at,
        resolvedAt: null,
        durationMs: 0,
        acknowledgedAt: null,
        acknowledgedBy: null,
        timeToAcknowledgeMs: null,
        timeToResolveMs: null,
      };
    } else if (row.kind === 'state' && row.to_state !== 'firing') {
      close(row.at);
    } else if (row.kind === 'ack' && open !== null && open.acknowledgedAt === null) {
      open.acknowledgedAt = row.at;
      open.acknowledgedBy = (row.detail ?? '').split(': ')[0] || null;
      open.timeToAcknowledgeMs = row.at - open.firedAt;
    } else if (row.kind === 'unack' && open !== null) {
      open.acknowledgedAt = null;
      open.acknowledgedBy = null;
      open.timeToAcknowledgeMs = null;
    }
  }
  close(null);
  return incidents.filter((incident) => incident.firedAt <= end).sort((a, b) => b.firedAt - a.firedAt);
}
