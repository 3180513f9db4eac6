import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IncidentStore, type StoredIncident } from '../../../src/core/incidents/incident-store';
import { changedServices, changesBetween } from '../../../src/core/incidents/change-reader';
import { openDatabase } from '../../../src/core/store/database';
import { AuditLog } from '../../../src/core/store/audit-log';
import { ConfigHistory } from '../../../src/core/store/config-history';
import { tempDir } from '../../helpers/temp-dir';

function incident(services: string[], start: number): Omit<StoredIncident, 'id'> {
  return {
    title: services.join(', '),
    start,
    lastEventAt: start,
    resolvedAt: start + 60_000,
    services,
    alerts: [],
    anomalies: [],
    outages: [],
    causes: [{ kind: 'service', target: services[0] ?? '', service: services[0] ?? null, score: 0.5, evidence: [] }],
    note: null,
    rankedAt: start,
    rankings: 1,
    confirmed: null,
  };
}

describe('incidents in SQLite', () => {
  it('keep their ranking history and confirmed cause, and a later similar incident shows what the cause was last time', () => {
    const file = path.join(tempDir(), 'zervigo.db');
    const db = openDatabase(file);
    const store = new IncidentStore(db);
    const first = store.create(incident(['api', 'db'], 1_000));
    const unrelated = store.create(incident(['mail'], 2_000));
    store.confirm(unrelated, { kind: 'service', target: 'mail', by: 'bob', at: 2_500 });
    const stored = store.get(first) as StoredIncident;
    stored.causes = [{ kind: 'service', target: 'db', service: 'db', score: 0.7, evidence: [] }];
    store.save(stored, true);
    store.confirm(first, { kind: 'service', target: 'db', by: 'alice', at: 5_000 });
    const later = store.create(incident(['web', 'api', 'db'], 100_000));
    db.close();

    const reopened = new IncidentStore(openDatabase(file));
    expect(reopened.list(10).map((entry) => entry.id)).toEqual([later, unrelated, first]);
    expect(reopened.history(first).map((entry) => entry.causes[0]?.target)).toEqual(['db']);
    expect(reopened.get(first)?.confirmed).toEqual({ kind: 'service', target: 'db', by: 'alice', at: 5_000 });
    expect(reopened.previousConfirmed(reopened.get(later) as StoredIncident)).toEqual({
      incidentId: first,
      start: 1_000,
      cause: { kind: 'service', target: 'db', by: 'alice', at: 5_000 },
    });
    // Not similar (no shared service): nothing is claimed.
    const other = reopened.create(incident(['queue'], 200_000));
    expect(reopened.previousConfirmed(reopened.get(other) as StoredIncident)).toBeNull();
  });

  it('reads changes: workspace versions with the services they touched, and a person’s actions, not autostart or the supervisor', () => {
    const db = openDatabase(path.join(tempDir(), 'zervigo.db'));
    const history = new ConfigHistory(db);
    history.record('/w/zervigo.yaml', 'version: 1\nservices:\n  api: { start: a }\n  db: { start: b }\n', 'file', 1_000);
    history.record('/w/zervigo.yaml', 'version: 1\nservices:\n  api: { start: a, env: { RETRIES: "50" } }\n  db: { start: b }\n', 'app', 2_000);
    const audit = new AuditLog(db, () => 3_000);
    audit.record({ actor: 'alice', action: 'restart', target: 'db', outcome: 'ok' });
    audit.record({ actor: 'autostart', action: 'start', target: 'api', outcome: 'ok' });
    audit.record({ actor: 'supervisor', action: 'restart', target: 'api', outcome: 'ok' });
    const changes = changesBetween(db, 0, 10_000);
    expect(changes.map((change) => [change.target, change.services])).toEqual([
      ['restart db', ['db']],
      ['workspace version 2', ['api']],
    ]);
    expect(changedServices('services: { a: { x: 1 } }', 'services: { a: { x: 1 } }\nrules: []')).toEqual({ services: [], other: true });
  });

  it('reads each database’s own versions when their ids are the same (a pair is compared once per database)', () => {
    const versions = (second: string) => {
      const db = openDatabase(path.join(tempDir(), 'zervigo.db'));
      const history = new ConfigHistory(db);
      history.record('/w/zervigo.yaml', 'version: 1\nservices:\n  api: { start: a }\n  db: { start: b }\n', 'file', 1_000);
      history.record('/w/zervigo.yaml', second, 'app', 2_000);
      return db;
    };
    const touchesApi = versions('version: 1\nservices:\n  api: { start: a2 }\n  db: { start: b }\n');
    const touchesDb = versions('version: 1\nservices:\n  api: { start: a }\n  db: { start: b2 }\n');
    for (let ranking = 0; ranking < 2; ranking++) {
      expect(changesBetween(touchesApi, 0, 10_000).map((change) => change.services)).toEqual([['api']]);
      expect(changesBetween(touchesDb, 0, 10_000).map((change) => change.services)).toEqual([['db']]);
    }
  });
});
