import { describe, expect, it } from 'vitest';
import { dependenciesInLogs, dependenciesInTiming, type TimingView } from '../../../../src/core/incidents/rca/inferred-dependencies';

function view(fields: Partial<TimingView> & { name: string }): TimingView {
  return { symptomOnset: null, resourceOnset: null, intrinsic: 0, cpuOnset: null, cpu: 0, answering: 0, anomaly: 0, ...fields };
}

/** Its CPU rose at `at` (as its resources did), this strongly. */
function cpuRose(at: number, strength: number): Partial<TimingView> {
  return { resourceOnset: at, intrinsic: strength, cpuOnset: at, cpu: strength, anomaly: strength };
}

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
      view({ name: 'api', symptomOnset: 10_000, answering: 1, anomaly: 1 }),
      view({ name: 'worker', ...cpuRose(8_000, 0.9) }),
      view({ name: 'late', ...cpuRose(90_000, 0.9) }),
      view({ name: 'quiet', ...cpuRose(5_000, 0.2) }),
      // Its memory rose as strongly, and earlier: a leak takes nothing from the service beside it.
      view({ name: 'leaky', resourceOnset: 2_000, intrinsic: 0.9, anomaly: 0.9 }),
    ];
    expect(dependenciesInTiming(views, new Map()).map((edge) => `${edge.from}->${edge.to}:${edge.through ?? 'answers'}`)).toEqual(['api->worker:machine']);
    // A victim whose declared dependency is itself anomalous is explained by it; no timing edge.
    const declared = new Map([['api', ['db']]]);
    const withDb = [...views, view({ name: 'db', symptomOnset: 9_000, answering: 1, anomaly: 1 })];
    expect(dependenciesInTiming(withDb, declared).filter((edge) => edge.from === 'api')).toEqual([]);
  });
});

describe('timing edges that would be odd', () => {
  it('does not link a victim whose own resources rose first to a neighbour that moved after them', () => {
    const views = [
      // auth leaks: its memory rose at 0, its probe suffered at 7 s.
      view({ name: 'auth', symptomOnset: 7_000, resourceOnset: 0, intrinsic: 0.9, answering: 1, anomaly: 1 }),
      // store's CPU wobbled at 5 s (noise, or the same traffic): not auth's noisy neighbour.
      view({ name: 'store', ...cpuRose(5_000, 0.6) }),
      // hog moved 20 s before auth's own resources: it still may be.
      view({ name: 'hog', ...cpuRose(-20_000, 0.9) }),
      // gate's symptoms began after auth's memory rose: it did not fail first.
      view({ name: 'gate', symptomOnset: 3_000, answering: 0.9, anomaly: 0.9 }),
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
      view({ name: 'cache', symptomOnset: 25_000, answering: 1, anomaly: 1, down: true }),
      view({ name: 'web', symptomOnset: 3_000, answering: 1, anomaly: 1 }),
    ];
    expect(dependenciesInTiming(views, new Map()).filter((edge) => edge.from === 'cache')).toEqual([]);
  });
});

describe('a neighbour on the machine', () => {
  it('is linked by a strong CPU rise, not by a leak whose garbage collection took a few percent more', () => {
    const views = [
      view({ name: 'db', symptomOnset: 7_000, answering: 1, anomaly: 1 }),
      // 2 -> 5.5 % of a core, 22 spreads of a quiet baseline: strength 0.64 once its size is counted.
      view({ name: 'queue', resourceOnset: 0, intrinsic: 1, cpuOnset: 2_000, cpu: 0.64, anomaly: 1 }),
      view({ name: 'hog', ...cpuRose(1_000, 0.95) }),
    ];
    expect(
      dependenciesInTiming(views, new Map())
        .filter((edge) => edge.from === 'db')
        .map((edge) => edge.to),
    ).toEqual(['hog']);
  });
});

describe('which service failed first', () => {
  it('links a victim with no anomalous declared dependency to a service whose symptoms began strictly earlier', () => {
    const views = [
      view({ name: 'worker', symptomOnset: 5_000, answering: 1, anomaly: 1 }),
      view({ name: 'store', symptomOnset: 3_000, answering: 1, anomaly: 1 }),
      view({ name: 'mail', symptomOnset: 9_000, answering: 1, anomaly: 1 }),
      // An alert about its memory, strictly earlier, while it answers as ever: nobody waits on that.
      view({ name: 'queue', symptomOnset: 1_000, resourceOnset: 0, intrinsic: 1, answering: 0, anomaly: 1 }),
    ];
    const edges = dependenciesInTiming(views, new Map()).map((edge) => `${edge.from}->${edge.to}:${edge.weight}`);
    expect(edges).toEqual(['worker->store:0.4', 'mail->worker:0.4', 'mail->store:0.4']);
  });

  it('does not link a victim with its own alert and a large resource rise to a service that merely slowed before it (only a CPU neighbour still links it)', () => {
    const views = [
      // gate's probe slowed 7 s before worker's memory rose 220 spreads, and worker alerted on it.
      view({ name: 'gate', symptomOnset: -7_000, answering: 0.8, anomaly: 0.8 }),
      view({ name: 'hog', ...cpuRose(-20_000, 0.9) }),
      view({ name: 'worker', symptomOnset: 4_000, resourceOnset: 0, intrinsic: 1, answering: 0.1, anomaly: 1, alerted: true }),
      // The same without an alert of its own (a rise nobody was paged about) is still linked.
      view({ name: 'cron', symptomOnset: 4_000, resourceOnset: 0, intrinsic: 1, answering: 0.1, anomaly: 1 }),
    ];
    const from = (name: string): string[] =>
      dependenciesInTiming(views, new Map())
        .filter((edge) => edge.from === name)
        .map((edge) => edge.to);
    expect(from('worker')).toEqual(['hog']);
    expect(from('cron')).toEqual(['gate', 'hog']);
  });
});
