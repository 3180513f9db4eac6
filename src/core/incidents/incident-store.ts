import type { Database } from '../store/database';
import type { ConfirmedCause, IncidentAlert, IncidentAnomaly, IncidentCause, IncidentOutage, IncidentView } from '../../shared/types/incidents';

interface IncidentRow {
  id: number;
  title: string;
  start: number;
  last_event_at: number;
  resolved_at: number | null;
  signature: string;
  services: string;
  alerts: string;
  anomalies: string;
  outages: string;
  causes: string;
  note: string | null;
  ranked_at: number;
  rankings: number;
  confirmed_kind: string | null;
  confirmed_target: string | null;
  confirmed_by: string | null;
  confirmed_at: number | null;
}

/** An incident as the tracker holds it (the view without `previous`, which is looked up on read). */
export interface StoredIncident {
  id: number;
  title: string;
  start: number;
  lastEventAt: number;
  resolvedAt: number | null;
  services: string[];
  alerts: IncidentAlert[];
  anomalies: IncidentAnomaly[];
  outages: IncidentOutage[];
  causes: IncidentCause[];
  note: string | null;
  rankedAt: number;
  rankings: number;
  confirmed: ConfirmedCause | null;
}

/** How much two incidents' sets of services with symptoms must overlap (Jaccard) to be "similar". */
const SIMILAR = 0.5;

/** Incidents kept in SQLite (migration 12), with each change of their ranking. */
export class IncidentStore {
  constructor(private readonly db: Database) {}

  create(incident: Omit<StoredIncident, 'id'>): number {
    const row = this.db
      .prepare<unknown[], { id: number }>(
        `INSERT INTO incidents (title, start, last_event_at, resolved_at, signature, services, alerts, anomalies, outages, causes, note, ranked_at, rankings)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      )
      .get(
        incident.title,
        incident.start,
        incident.lastEventAt,
        incident.resolvedAt,
        signatureOf(incident.services),
        JSON.stringify(incident.services),
        JSON.stringify(incident.alerts),
        JSON.stringify(incident.anomalies),
        JSON.stringify(incident.outages),
        JSON.stringify(incident.causes),
        incident.note,
        incident.rankedAt,
        incident.rankings,
      ) as { id: number };
    return row.id;
  }

  /** Writes the incident's current state; its ranking is added to the history when the order changed. */
  save(incident: StoredIncident, rankingChanged: boolean): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `UPDATE incidents SET title = ?, start = ?, last_event_at = ?, resolved_at = ?, signature = ?, services = ?, alerts = ?, anomalies = ?,
           outages = ?, causes = ?, note = ?, ranked_at = ?, rankings = ? WHERE id = ?`,
        )
        .run(
          incident.title,
          incident.start,
          incident.lastEventAt,
          incident.resolvedAt,
          signatureOf(incident.services),
          JSON.stringify(incident.services),
          JSON.stringify(incident.alerts),
          JSON.stringify(incident.anomalies),
          JSON.stringify(incident.outages),
          JSON.stringify(incident.causes),
          incident.note,
          incident.rankedAt,
          incident.rankings,
          incident.id,
        );
      if (rankingChanged)
        this.db
          .prepare('INSERT INTO incident_rankings (incident_id, at, causes) VALUES (?, ?, ?)')
          .run(incident.id, incident.rankedAt, JSON.stringify(incident.causes));
    })();
  }

  confirm(id: number, cause: ConfirmedCause): void {
    this.db
      .prepare('UPDATE incidents SET confirmed_kind = ?, confirmed_target = ?, confirmed_by = ?, confirmed_at = ? WHERE id = ?')
      .run(cause.kind, cause.target, cause.by, cause.at, id);
  }

  get(id: number): StoredIncident | undefined {
    const row = this.db.prepare<[number], IncidentRow>('SELECT * FROM incidents WHERE id = ?').get(id);
    return row === undefined ? undefined : fromRow(row);
  }

  /** Newest first. */
  list(limit: number, since?: number, until?: number): StoredIncident[] {
    return this.db
      .prepare<[number, number, number, number], IncidentRow>(
        'SELECT * FROM incidents WHERE coalesce(resolved_at, ?) >= ? AND start <= ? ORDER BY start DESC, id DESC LIMIT ?',
      )
      .all(Number.MAX_SAFE_INTEGER, since ?? 0, until ?? Number.MAX_SAFE_INTEGER, limit)
      .map(fromRow);
  }

  open(): StoredIncident[] {
    return this.db.prepare<[], IncidentRow>('SELECT * FROM incidents WHERE resolved_at IS NULL ORDER BY start DESC').all().map(fromRow);
  }

  /** The ranking as it was each time it changed, oldest first. */
  history(id: number): { at: number; causes: IncidentCause[] }[] {
    return this.db
      .prepare<[number], { at: number; causes: string }>('SELECT at, causes FROM incident_rankings WHERE incident_id = ? ORDER BY at, rowid')
      .all(id)
      .map((row) => ({ at: row.at, causes: JSON.parse(row.causes) as IncidentCause[] }));
  }

  /** The latest earlier incident with a confirmed cause whose services with symptoms overlap this one's. */
  previousConfirmed(incident: StoredIncident): IncidentView['previous'] {
    const rows = this.db
      .prepare<[number, number], IncidentRow>(
        'SELECT * FROM incidents WHERE confirmed_kind IS NOT NULL AND id != ? AND start < ? ORDER BY start DESC LIMIT 200',
      )
      .all(incident.id, incident.start);
    const mine = new Set(incident.services);
    for (const row of rows) {
      const theirs = JSON.parse(row.services) as string[];
      const shared = theirs.filter((service) => mine.has(service)).length;
      const union = new Set([...theirs, ...mine]).size;
      if (union > 0 && shared / union >= SIMILAR) {
        const earlier = fromRow(row);
        if (earlier.confirmed !== null) return { incidentId: earlier.id, start: earlier.start, cause: earlier.confirmed };
      }
    }
    return null;
  }
}

function signatureOf(services: readonly string[]): string {
  return [...services].sort().join(',');
}

function fromRow(row: IncidentRow): StoredIncident {
  return {
    id: row.id,
    title: row.title,
    start: row.start,
    lastEventAt: row.last_event_at,
    resolvedAt: row.resolved_at,
    services: JSON.parse(row.services) as string[],
    alerts: JSON.parse(row.alerts) as IncidentAlert[],
    anomalies: JSON.parse(row.anomalies) as IncidentAnomaly[],
    outages: JSON.parse(row.outages) as IncidentOutage[],
    causes: JSON.parse(row.causes) as IncidentCause[],
    note: row.note,
    rankedAt: row.ranked_at,
    rankings: row.rankings,
    confirmed:
      row.confirmed_kind === null
        ? null
        : { kind: row.confirmed_kind as ConfirmedCause['kind'], target: row.confirmed_target ?? '', by: row.confirmed_by ?? '', at: row.confirmed_at ?? 0 },
  };
}
