import { describe, expect, it } from 'vitest';
import { dependenciesInLogs, dependenciesInTiming } from '../../../../src/core/incidents/rca/inferred-dependencies';

describe('dependencies not declared in depends_on', () => {
  it('are seen in error lines naming a service or one of its ports', () => {
    const edges = dependenciesInLogs(
      new Map([
        ['api', ['connect ECONNREFUSED 127.0.0.1:6390', 'GET /x 500']],
        ['web', ['upstream auth timed out']],
        ['cron', ['port 63901 busy', 'dbx failed']],
      ]),
      [
        { name: 'db', ports: [6390] },
        { name: 'auth', ports: [] },
        { name: 'api', ports: [8080] },
        { name: 'web', ports: [] },
        { name: 'cron', ports: [] },
      ],
    );
    expect(edges.map((edge) => `${edge.from}->${edge.to}`).sort()).toEqual(['api->db', 'web->auth']);
  });

  it('are seen in timing: resources moving no later than a symptom with no anomalous declared dependency', () => {
    const views = [
      { name: 'api', symptomOnset: 10_000, resourceOnset: null, intrinsic: 0, anomaly: 1 },
      { name: 'worker', symptomOnset: null, resourceOnset: 8_000, intrinsic: 0.9, anomaly: 0.9 },
      { name: 'late', symptomOnset: null, resourceOnset: 90_000, intrinsic: 0.9, anomaly: 0.9 },
      { name: 'quiet', symptomOnset: null, resourceOnset: 5_000, intrinsic: 0.2, anomaly: 0.2 },
    ];
    expect(dependenciesInTiming(views, new Map()).map((edge) => `${edge.from}->${edge.to}`)).toEqual(['api->worker']);
    // A victim whose declared dependency is itself anomalous is explained by it; no timing edge.
    const declared = new Map([['api', ['db']]]);
    const withDb = [...views, { name: 'db', symptomOnset: 9_000, resourceOnset: null, intrinsic: 0, anomaly: 1 }];
    expect(dependenciesInTiming(withDb, declared).filter((edge) => edge.from === 'api')).toEqual([]);
  });
});

describe('timing edges that would be odd', () => {
  it('does not link a victim whose own resources rose first to a neighbour that moved after them', () => {
    const views = [
      // auth leaks: its memory rose at 0, its probe suffered at 7 s.
      { name: 'auth', symptomOnset: 7_000, resourceOnset: 0, intrinsic: 0.9, anomaly: 1 },
      // store's CPU wobbled at 5 s (noise, or the same traffic): not auth's noisy neighbour.
      { name: 'store', symptomOnset: null, resourceOnset: 5_000, intrinsic: 0.6, anomaly: 0.6 },
      // hog moved 20 s before auth's own resources: it still may be.
      { name: 'hog', symptomOnset: null, resourceOnset: -20_000, intrinsic: 0.9, anomaly: 0.9 },
      // gate's symptoms began after auth's memory rose: it did not fail first.
      { name: 'gate', symptomOnset: 3_000, resourceOnset: null, intrinsic: 0, anomaly: 0.9 },
    ];
    expect(
      dependenciesInTiming(views, new Map())
        .filter((edge) => edge.from === 'auth')
        .map((edge) => edge.to),
    ).toEqual(['hog']);
  });

  it('never links a service that went down to one that failed before its outage was recorded', () => {
    // cache crashed; its outage is recorded once it is given up on, after web's probe already failed.
    const views = [
      { name: 'cache', symptomOnset: 25_000, resourceOnset: null, intrinsic: 0, anomaly: 1, down: true },
      { name: 'web', symptomOnset: 3_000, resourceOnset: null, intrinsic: 0, anomaly: 1 },
    ];
    expect(dependenciesInTiming(views, new Map()).filter((edge) => edge.from === 'cache')).toEqual([]);
  });
});

describe('which service failed first', () => {
  it('links a victim with no anomalous declared dependency to a service whose symptoms began strictly earlier', () => {
    const views = [
      { name: 'worker', symptomOnset: 5_000, resourceOnset: null, intrinsic: 0, anomaly: 1 },
      { name: 'store', symptomOnset: 3_000, resourceOnset: null, intrinsic: 0, anomaly: 1 },
      { name: 'mail', symptomOnset: 9_000, resourceOnset: null, intrinsic: 0, anomaly: 1 },
    ];
    const edges = dependenciesInTiming(views, new Map()).map((edge) => `${edge.from}->${edge.to}:${edge.weight}`);
    expect(edges).toEqual(['worker->store:0.4', 'mail->worker:0.4', 'mail->store:0.4']);
  });
});
