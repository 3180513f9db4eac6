import { describe, expect, it } from 'vitest';
import { rankCauses, type RankingInput, type SeriesEvidence, type ServiceEvidence } from '../../../../src/core/incidents/rca/cause-ranking';
import type { ChangeRecord } from '../../../../src/core/incidents/rca/change-timing';

/**
 * The ranking on constructed incidents: the simple propagating fault, and the hard cases where
 * "the alert that fired first", "the most downstream alerting service" or "the largest
 * deviation alone" are wrong.
 */
const ONSET = 10_000_000;

function series(service: string, metric: string, role: SeriesEvidence['role'], score: number, onset: number | null): SeriesEvidence {
  return {
    selector: `${metric}{service="${service}"}`,
    metric,
    role,
    deviation: { score, baselineMedian: 1, peak: 1 + score, peakAt: onset ?? ONSET, onset },
  };
}

function service(name: string, options: Partial<ServiceEvidence> = {}): ServiceEvidence {
  return { name, dependsOn: [], series: [], alerts: [], outage: null, heldBy: null, ...options };
}

function alert(name: string, firedAt: number) {
  return [{ alertname: `${name}Down`, fingerprint: `fp-${name}`, firedAt }];
}

function input(services: ServiceEvidence[], extra: Partial<RankingInput> = {}): RankingInput {
  return { onset: ONSET, now: ONSET + 60_000, chartStart: ONSET - 600_000, services, logEdges: [], changes: [], patterns: [], hadBaseline: true, ...extra };
}

const top = (input: RankingInput) => rankCauses(input).causes[0];

/** "The service whose alert fired first." */
function firstAlert(services: ServiceEvidence[]): string | undefined {
  return services.filter((entry) => entry.alerts.length > 0).sort((a, b) => (a.alerts[0]?.firedAt ?? 0) - (b.alerts[0]?.firedAt ?? 0))[0]?.name;
}

/** "Robust deviation alone": the service with the largest deviation. */
function largestDeviation(services: ServiceEvidence[]): string | undefined {
  return [...services].sort((a, b) => Math.max(0, ...b.series.map((s) => s.deviation.score)) - Math.max(0, ...a.series.map((s) => s.deviation.score)))[0]?.name;
}

describe('cause ranking', () => {
  it('names the most downstream failing service on a propagating fault', () => {
    const services = [
      service('web', { dependsOn: ['api'], alerts: alert('web', ONSET + 4_000), series: [series('web', 'probe_success', 'symptom', 20, ONSET + 4_000)] }),
      service('api', {
        dependsOn: ['db', 'cache'],
        alerts: alert('api', ONSET + 2_000),
        series: [series('api', 'probe_success', 'symptom', 20, ONSET + 2_000)],
      }),
      service('db', { alerts: alert('db', ONSET), series: [series('db', 'probe_success', 'symptom', 20, ONSET)] }),
      service('cache'),
    ];
    const ranking = rankCauses(input(services));
    expect(ranking.causes[0]).toMatchObject({ kind: 'service', target: 'db', service: 'db' });
    expect(ranking.causes[0]?.evidence.some((evidence) => evidence.kind === 'graph' && evidence.text.includes('api depends on db'))).toBe(true);
    expect(ranking.causes[0]?.evidence.some((evidence) => evidence.link?.kind === 'chart')).toBe(true);
    expect(ranking.causes.some((cause) => cause.target === 'cache')).toBe(false);
    expect(ranking.note).toBeNull();
  });

  it('blames a leaking caller, not the dependency whose load fell after it (its resources fell, later)', () => {
    const fell = (entry: SeriesEvidence): SeriesEvidence => ({ ...entry, deviation: { ...entry.deviation, peak: 0.2, baselineMedian: 1 } });
    const services = [
      service('worker', {
        dependsOn: ['db'],
        alerts: alert('worker', ONSET + 30_000),
        series: [series('worker', 'process_memory_rss_bytes', 'resource', 6, ONSET), series('worker', 'probe_duration_seconds', 'symptom', 10, ONSET + 25_000)],
      }),
      // db's CPU and memory fell as worker stopped calling it, well after worker began to leak.
      service('db', {
        series: [
          fell(series('db', 'process_cpu_usage_percent', 'resource', 30, ONSET + 45_000)),
          series('db', 'probe_duration_seconds', 'symptom', 3, ONSET + 50_000),
        ],
      }),
    ];
    expect(largestDeviation(services)).toBe('db');
    expect(top(input(services))).toMatchObject({ kind: 'service', target: 'worker' });
  });

  it('blames a crash-looping dependency whose outage is recorded well after its caller began to fail', () => {
    const services = [
      service('web', { dependsOn: ['api'], alerts: alert('web', ONSET + 3_000), series: [series('web', 'probe_success', 'symptom', 20, ONSET + 3_000)] }),
      service('api', {
        dependsOn: ['cache'],
        alerts: alert('api', ONSET + 2_000),
        series: [series('api', 'probe_success', 'symptom', 20, ONSET), series('api', 'probe_duration_seconds', 'symptom', 10, ONSET - 6_000)],
      }),
      // cache crashed at the onset; it restarted a few times and was given up on 25 s later.
      service('cache', { outage: { at: ONSET + 25_000, status: 'given_up' }, alerts: alert('cache', ONSET + 25_000) }),
    ];
    expect(top(input(services))).toMatchObject({ kind: 'service', target: 'cache' });
  });

  it('noisy neighbour: blames the CPU hog, not the victim that alerted first', () => {
    const services = [
      service('web', { dependsOn: ['api'] }),
      service('api', {
        dependsOn: ['db'],
        alerts: alert('api', ONSET),
        series: [series('api', 'probe_duration_seconds', 'symptom', 80, ONSET - 20_000), series('api', 'process_cpu_usage_percent', 'resource', 2, null)],
      }),
      service('db'),
      service('worker', { series: [series('worker', 'process_cpu_usage_percent', 'resource', 60, ONSET - 25_000)] }),
    ];
    expect(firstAlert(services)).toBe('api');
    expect(largestDeviation(services)).toBe('api');
    const best = top(input(services));
    expect(best).toMatchObject({ kind: 'service', target: 'worker' });
    expect(best?.evidence.some((evidence) => evidence.text.includes('seen in timing'))).toBe(true);
  });

  it('a CPU hog joining an incident that a loaded moment opened ranks above the alerting dependency whose own series did not move', () => {
    // db, its callers and queue alerted together on a busy moment (their series within their usual spread);
    // 22 s later queue's CPU rose 60 points. Its caller, worker, shows nothing: the walk alone favours db.
    const calm = (name: string) => series(name, 'probe_duration_seconds', 'symptom', 1, null);
    const services = [
      service('db', { alerts: alert('db', ONSET), series: [calm('db')] }),
      service('auth', { dependsOn: ['db'], alerts: alert('auth', ONSET + 1_000), series: [calm('auth')] }),
      service('api', { dependsOn: ['auth', 'db'], alerts: alert('api', ONSET + 1_000), series: [calm('api')] }),
      service('worker', { dependsOn: ['queue', 'db'] }),
      service('web', { dependsOn: ['api'], alerts: alert('web', ONSET + 2_000), series: [calm('web')] }),
      service('queue', {
        alerts: alert('queue', ONSET),
        series: [calm('queue'), series('queue', 'process_cpu_usage_percent', 'resource', 60, ONSET + 22_000)],
      }),
    ];
    const ranking = rankCauses(input(services));
    expect(ranking.causes[0], JSON.stringify(ranking.causes.slice(0, 3).map((cause) => [cause.target, cause.score]))).toMatchObject({
      kind: 'service',
      target: 'queue',
    });
  });

  /** A clear cause: queue down, with its alert and its probe failing. */
  const queueDown = (): ServiceEvidence =>
    service('queue', {
      alerts: alert('queue', ONSET),
      outage: { at: ONSET, status: 'down' },
      series: [series('queue', 'probe_success', 'symptom', 40, ONSET)],
    });

  it('lists no candidate with next to no evidence beside a clear cause (under a tenth of its score)', () => {
    const services = [
      queueDown(),
      service('worker', {
        dependsOn: ['queue'],
        alerts: alert('worker', ONSET + 1_000),
        series: [series('worker', 'probe_success', 'symptom', 20, ONSET + 1_000)],
      }),
      // A probe 4 spreads slower (a loaded machine's wobble), nothing else.
      service('cache', { series: [series('cache', 'probe_duration_seconds', 'symptom', 4, ONSET + 15_000)] }),
    ];
    const ranking = rankCauses(input(services));
    expect(ranking.causes[0]).toMatchObject({ target: 'queue' });
    expect(ranking.causes.map((cause) => cause.service)).not.toContain('cache');
    expect(ranking.causes.map((cause) => cause.service)).toContain('worker');
  });

  it('keeps a candidate it listed last time down to a twentieth of the top, and lists a new one only from a tenth', () => {
    const services = [
      queueDown(),
      // A probe 5 spreads slower, 0.4 s: about 9 % of the top cause's score, hovering about the cut.
      service('cache', {
        series: [
          {
            selector: 'probe_duration_seconds{service="cache"}',
            metric: 'probe_duration_seconds',
            role: 'symptom',
            deviation: { score: 5, baselineMedian: 0.01, peak: 0.4, peakAt: ONSET + 15_000, onset: ONSET + 15_000 },
          },
        ],
      }),
    ];
    const listedServices = (listed?: ReadonlySet<string>) =>
      rankCauses(input(services, { listed }))
        .causes.filter((cause) => cause.kind === 'service')
        .map((cause) => cause.target);
    expect(listedServices()).toEqual(['queue']);
    expect(listedServices(new Set(['service:queue']))).toEqual(['queue']);
    expect(listedServices(new Set(['service:queue', 'service:cache']))).toEqual(['queue', 'cache']);
  });

  it('retry storm: the upstream change ranks above the overloaded dependency that alerts', () => {
    const change: ChangeRecord = {
      target: 'workspace version 7',
      kind: 'workspace',
      at: ONSET - 40_000,
      services: ['api'],
      actor: 'app',
      detail: 'workspace version 7 changed api',
      link: { kind: 'workspace', versionId: 7, previousVersionId: 6 },
    };
    const services = [
      service('api', { dependsOn: ['db'], series: [series('api', 'process_cpu_usage_percent', 'resource', 6, ONSET - 30_000)] }),
      service('db', {
        alerts: alert('db', ONSET),
        series: [series('db', 'process_cpu_usage_percent', 'resource', 50, ONSET - 20_000), series('db', 'probe_duration_seconds', 'symptom', 40, ONSET)],
      }),
      service('web', { dependsOn: ['api'] }),
    ];
    expect(largestDeviation(services)).toBe('db');
    const ranking = rankCauses(input(services, { changes: [change] }));
    expect(ranking.causes[0]).toMatchObject({ kind: 'change', target: 'workspace version 7', service: 'api' });
    expect(ranking.causes[0]?.evidence[0]?.link).toEqual({ kind: 'workspace', versionId: 7, previousVersionId: 6 });
    expect(ranking.causes.slice(0, 3).some((cause) => cause.target === 'db')).toBe(true);
  });

  it('an unrelated alert already firing (another incident holds it) does not take the blame', () => {
    const services = [
      service('mail', { alerts: alert('mail', ONSET - 90_000), series: [series('mail', 'probe_success', 'symptom', 20, ONSET - 90_000)], heldBy: 3 }),
      service('api', { dependsOn: ['cache'], alerts: alert('api', ONSET + 3_000), series: [series('api', 'probe_success', 'symptom', 20, ONSET + 3_000)] }),
      service('cache', { alerts: alert('cache', ONSET), series: [series('cache', 'probe_success', 'symptom', 20, ONSET)] }),
    ];
    expect(firstAlert(services)).toBe('mail');
    const ranking = rankCauses(input(services));
    expect(ranking.causes[0]?.target).toBe('cache');
    const mail = ranking.causes.find((cause) => cause.target === 'mail');
    expect(mail?.evidence.some((evidence) => evidence.text.includes('already part of incident 3'))).toBe(true);
  });

  it('an unrelated leak already alerting in the same incident does not take the blame from the slow dependency its neighbours wait on', () => {
    // queue leaks (and alerts) from 20 s before db slows; queue answers as fast as ever, so worker,
    // which calls both, waits on db, as auth and api do. Everything is one incident (linked by depends_on).
    const slow = (name: string, at: number, dependsOn: string[] = []): ServiceEvidence =>
      service(name, { dependsOn, alerts: alert(name, at + 2_000), series: [series(name, 'probe_duration_seconds', 'symptom', 25, at)] });
    const services = [
      service('queue', {
        alerts: alert('queue', ONSET - 15_000),
        series: [series('queue', 'process_resident_memory_bytes', 'resource', 60, ONSET - 20_000)],
      }),
      slow('db', ONSET),
      slow('auth', ONSET + 2_000, ['db']),
      slow('api', ONSET + 2_000, ['auth', 'db']),
      slow('worker', ONSET + 2_000, ['queue', 'db']),
      slow('web', ONSET + 4_000, ['api']),
    ];
    expect(firstAlert(services)).toBe('queue');
    expect(largestDeviation(services)).toBe('queue');
    const ranking = rankCauses(input(services, { onset: ONSET - 20_000 }));
    expect(ranking.causes[0], JSON.stringify(ranking.causes.slice(0, 3))).toMatchObject({ kind: 'service', target: 'db' });
  });

  it("a leak's garbage collection (2 -> 5 % of a core) does not make the leaking service part of the others' trouble", () => {
    // The unrelated-alert run's evidence: queue leaks and alerts; its CPU went 2 -> 5 % (18.7
    // spreads, 3 points: too little to slow a neighbour); db slows and its callers wait on it.
    const slow = (name: string, at: number, dependsOn: string[] = []): ServiceEvidence =>
      service(name, { dependsOn, alerts: alert(name, at + 2_000), series: [series(name, 'probe_duration_seconds', 'symptom', 25, at)] });
    const gcCpu: SeriesEvidence = {
      selector: 'process_cpu_usage_percent{service="queue"}',
      metric: 'process_cpu_usage_percent',
      role: 'resource',
      deviation: { score: 18.7, baselineMedian: 2, peak: 5, peakAt: ONSET - 15_000, onset: ONSET - 18_000 },
    };
    const memory = series('queue', 'process_resident_memory_bytes', 'resource', 60, ONSET - 20_000);
    const scene = (queueSeries: SeriesEvidence[]): ServiceEvidence[] => [
      service('queue', { alerts: alert('queue', ONSET - 15_000), series: queueSeries }),
      slow('db', ONSET),
      slow('auth', ONSET + 2_000, ['db']),
      slow('api', ONSET + 2_000, ['auth', 'db']),
      slow('worker', ONSET + 2_000, ['queue', 'db']),
      slow('web', ONSET + 4_000, ['api']),
    ];
    const queueScore = (queueSeries: SeriesEvidence[]): number | undefined =>
      rankCauses(input(scene(queueSeries), { onset: ONSET - 20_000 })).causes.find((cause) => cause.kind === 'service' && cause.target === 'queue')?.score;
    expect(queueScore([memory, gcCpu])).toBe(queueScore([memory]));
    // A hog's CPU (2 -> 60 %) still is: what the machine's neighbours share.
    const hogCpu: SeriesEvidence = { ...gcCpu, deviation: { ...gcCpu.deviation, score: 200, peak: 60 } };
    expect(queueScore([memory, hogCpu]) as number).toBeGreaterThan(queueScore([memory]) as number);
  });

  it('a dependency whose incoming requests fell when its caller stopped calling it is not the cause; the caller that refuses is', () => {
    // auth refuses connections: api and gateway (its callers) fail, and db (what auth calls) receives
    // half the requests it did, its CPU falling with them. db answers as fast as ever.
    const fell = (entry: SeriesEvidence, to: number): SeriesEvidence => ({ ...entry, deviation: { ...entry.deviation, peak: to, baselineMedian: 1 } });
    const failing = (name: string, at: number, dependsOn: string[]): ServiceEvidence =>
      service(name, {
        dependsOn,
        alerts: alert(name, at + 2_000),
        series: [fell(series(name, 'probe_success', 'symptom', 20, at), 0), series(name, 'fault_service_failures_total', 'symptom', 1e6, at + 1_000)],
      });
    const services = [
      service('db', {
        series: [
          fell(series('db', 'fault_service_requests_total', 'symptom', 10.6, ONSET), 0.45),
          fell(series('db', 'process_cpu_usage_percent', 'resource', 3.5, ONSET + 3_000), 0.5),
        ],
      }),
      service('cache'),
      service('auth', {
        dependsOn: ['db'],
        alerts: alert('auth', ONSET + 1_000),
        outage: { at: ONSET + 1_000, status: 'down' },
        series: [
          fell(series('auth', 'probe_success', 'symptom', 20, ONSET - 1_000), 0),
          fell(series('auth', 'process_cpu_usage_percent', 'resource', 10.9, ONSET + 2_000), 0),
        ],
      }),
      failing('api', ONSET, ['auth', 'cache', 'db']),
      failing('web', ONSET + 1_000, ['api']),
      failing('gateway', ONSET + 1_000, ['web', 'auth']),
    ];
    const ranking = rankCauses(input(services));
    expect(ranking.causes[0], JSON.stringify(ranking.causes.slice(0, 3).map((cause) => [cause.target, cause.score]))).toMatchObject({
      kind: 'service',
      target: 'auth',
    });
    const db = ranking.causes.find((cause) => cause.kind === 'service' && cause.target === 'db');
    expect(db?.score ?? 0).toBeLessThan((ranking.causes[0]?.score ?? 0) / 2);
  });

  it("a leaking service's own alert and memory far off its baseline outweigh a timing link to a caller whose probe was slow before the incident", () => {
    // As on a busy machine: gateway's probe slowed 9 s before the incident began (and stayed slow),
    // db's and web's probes slowed a little; worker leaked (memory 57 -> 687 MB, 220 spreads) and alerted.
    const moved = (
      name: string,
      metric: string,
      role: SeriesEvidence['role'],
      score: number,
      usual: number,
      peak: number,
      onset: number | null,
    ): SeriesEvidence => ({
      ...series(name, metric, role, score, onset),
      deviation: { score, baselineMedian: usual, peak, peakAt: onset ?? ONSET, onset },
    });
    const services = [
      service('db', {
        series: [
          moved('db', 'probe_duration_seconds', 'symptom', 8.5, 0.02, 0.2, null),
          moved('db', 'scrape_duration_seconds', 'symptom', 9.5, 0.001, 0.08, null),
        ],
      }),
      service('cache'),
      service('queue'),
      service('store'),
      service('auth', { dependsOn: ['db'] }),
      service('api', { dependsOn: ['auth', 'cache', 'db'] }),
      service('worker', {
        dependsOn: ['queue', 'db'],
        alerts: [{ alertname: 'MemoryHigh', fingerprint: 'fp-worker', firedAt: ONSET + 2_000 }],
        series: [
          moved('worker', 'process_resident_memory_bytes', 'resource', 220, 57e6, 687e6, ONSET - 2_000),
          moved('worker', 'process_cpu_usage_percent', 'resource', 16, 2.5, 5, null),
          moved('worker', 'probe_duration_seconds', 'symptom', 4.6, 0.02, 0.08, null),
        ],
      }),
      service('web', { dependsOn: ['api'], series: [moved('web', 'probe_duration_seconds', 'symptom', 8.1, 0.06, 0.23, ONSET + 3_000)] }),
      service('gateway', { dependsOn: ['web', 'auth'], series: [moved('gateway', 'probe_duration_seconds', 'symptom', 15.9, 0.06, 0.46, ONSET - 9_000)] }),
    ];
    const ranking = rankCauses(input(services));
    expect(ranking.causes[0], JSON.stringify(ranking.causes.slice(0, 3).map((cause) => [cause.target, cause.score]))).toMatchObject({
      kind: 'service',
      target: 'worker',
    });
  });

  it('an alert whose service did not move from its baseline weighs less than a service that did', () => {
    const services = [
      // queue's memory alert fires first, but its memory was as high before: nothing new.
      service('queue', { alerts: alert('queue', ONSET - 5_000), series: [series('queue', 'process_resident_memory_bytes', 'resource', 1, null)] }),
      service('db', { alerts: alert('db', ONSET + 3_000), series: [series('db', 'probe_duration_seconds', 'symptom', 60, ONSET)] }),
    ];
    expect(firstAlert(services)).toBe('queue');
    expect(top(input(services))?.target).toBe('db');
  });

  it('an undeclared dependency seen in the logs carries the blame to where it belongs', () => {
    const services = [
      // api alerts first (its probe runs more often); auth, which api calls without declaring it, fails too.
      service('api', { alerts: alert('api', ONSET), series: [series('api', 'probe_success', 'symptom', 20, ONSET)] }),
      service('auth', { alerts: alert('auth', ONSET + 8_000), series: [series('auth', 'probe_success', 'symptom', 20, ONSET + 8_000)] }),
    ];
    expect(top(input(services))?.target).toBe('api');
    const best = top(input(services, { logEdges: [{ from: 'api', to: 'auth', weight: 0.7 }] }));
    expect(best?.target).toBe('auth');
    expect(best?.evidence.some((evidence) => evidence.text.includes('seen in its logs'))).toBe(true);
  });

  it("a victim's new error lines about its failed dependency rank below the dependency (a killed database, as it happens on real processes)", () => {
    // db is killed: its probe fails and it is down; api, which calls db on every check, logs "db unreachable" from the
    // first failed call — a moment before db's own probe notices — and alerts, and so does web in front of it.
    const services = [
      service('db', { outage: { at: ONSET, status: 'down' }, series: [series('db', 'probe_duration_seconds', 'symptom', 3.4, ONSET)] }),
      service('api', {
        dependsOn: ['db'],
        alerts: alert('api', ONSET - 500),
        series: [
          series('api', 'probe_http_status_code', 'symptom', 30, ONSET - 500),
          series('api', 'probe_success', 'symptom', 20, ONSET - 500),
          {
            ...series('api', 'process_cpu_usage_percent', 'resource', 3.8, ONSET - 6_000),
            deviation: { score: 3.8, baselineMedian: 0.5, peak: 0, peakAt: ONSET, onset: ONSET - 6_000 },
          },
        ],
      }),
      service('web', { dependsOn: ['api'], alerts: alert('web', ONSET), series: [series('web', 'probe_success', 'symptom', 20, ONSET + 500)] }),
    ];
    const pattern = (id: number, name: string, template: string, lines: number) => ({
      id,
      service: name,
      template,
      firstSeen: ONSET - 1_000,
      lastSeen: ONSET + 50_000,
      recentCount: lines,
      baselineCount: 0,
    });
    const ranking = rankCauses(
      input(services, { patterns: [pattern(1, 'api', 'ERROR db unreachable: <*>', 239), pattern(2, 'web', 'ERROR api answered <*>', 120)] }),
    );
    expect(ranking.causes[0]).toMatchObject({ kind: 'service', target: 'db' });
    const score = (target: string) => ranking.causes.find((cause) => cause.target === target)?.score ?? 0;
    // The lines stay candidates of their own (they are evidence), below the service they describe.
    expect(score('api: ERROR db unreachable: <*>')).toBeGreaterThan(0);
    expect(score('api: ERROR db unreachable: <*>')).toBeLessThanOrEqual(score('api'));
    expect(score('web: ERROR api answered <*>')).toBeLessThanOrEqual(score('web'));
  });

  it('an error burst in a service whose dependencies are fine stays a candidate of its own', () => {
    const services = [
      service('api', { dependsOn: ['db'], alerts: alert('api', ONSET), series: [series('api', 'probe_success', 'symptom', 20, ONSET)] }),
      service('db'),
    ];
    const ranking = rankCauses(
      input(services, {
        patterns: [
          {
            id: 1,
            service: 'api',
            template: 'ERROR payment provider refused <*>',
            firstSeen: ONSET - 1_000,
            lastSeen: ONSET,
            recentCount: 200,
            baselineCount: 0,
          },
        ],
      }),
    );
    expect(ranking.causes.slice(0, 2).map((cause) => cause.service)).toEqual(['api', 'api']);
  });

  it("an error burst stays its own service's, though another service's probe answered 60 ms slower a second before (a loaded machine's wobble)", () => {
    const burst = [{ alertname: 'ErrorBurst', fingerprint: 'fp-api', firedAt: ONSET + 2_000 }];
    const wobble: SeriesEvidence = {
      selector: 'probe_duration_seconds{service="queue"}',
      metric: 'probe_duration_seconds',
      role: 'symptom',
      deviation: { score: 13.75, baselineMedian: 0.03, peak: 0.09, peakAt: ONSET, onset: ONSET },
    };
    const services = [
      service('gateway', { dependsOn: ['api'] }),
      service('api', { dependsOn: ['db'], alerts: burst, series: [series('api', 'fault_service_errors_total', 'symptom', 8, ONSET + 1_000)] }),
      service('queue', { series: [wobble] }),
      service('db'),
    ];
    const pattern = {
      id: 1,
      service: 'api',
      template: 'ledger checksum mismatch in batch <*>',
      firstSeen: ONSET + 1_000,
      lastSeen: ONSET + 30_000,
      recentCount: 560,
      baselineCount: 0,
    };
    const ranking = rankCauses(input(services, { patterns: [pattern] }));
    expect(ranking.causes.find((cause) => cause.kind === 'service')?.target).toBe('api');
    expect(ranking.causes.flatMap((cause) => cause.evidence).some((line) => line.text.includes('seen in timing'))).toBe(false);
  });

  it('a service whose own new error lines burst is its own cause, though its dependency and the machine slowed in the same second', () => {
    const probe = (name: string, usual: number, peak: number, score: number, onset: number): SeriesEvidence => ({
      selector: `probe_duration_seconds{service="${name}"}`,
      metric: 'probe_duration_seconds',
      role: 'symptom',
      deviation: { score, baselineMedian: usual, peak, peakAt: onset, onset },
    });
    const services = [
      service('gateway', { dependsOn: ['api'], series: [probe('gateway', 0.05, 0.33, 12.8, ONSET - 1_000)] }),
      service('api', { dependsOn: ['cache'], alerts: [{ alertname: 'ErrorBurst', fingerprint: 'fp-api', firedAt: ONSET + 2_000 }] }),
      service('cache', {
        series: [
          probe('cache', 0.01, 0.08, 15.9, ONSET - 1_000),
          {
            ...series('cache', 'process_cpu_usage_percent', 'resource', 4.8, ONSET + 9_000),
            deviation: { score: 4.8, baselineMedian: 2, peak: 2.5, peakAt: ONSET + 9_000, onset: ONSET + 9_000 },
          },
        ],
      }),
      service('worker', { series: [probe('worker', 0.02, 0.18, 17.6, ONSET - 1_000)] }),
    ];
    const pattern = {
      id: 1,
      service: 'api',
      template: 'ledger checksum mismatch in batch <*> expected <*> got <*>',
      firstSeen: ONSET - 1_000,
      lastSeen: ONSET + 30_000,
      recentCount: 560,
      baselineCount: 0,
    };
    const ranking = rankCauses(input(services, { patterns: [pattern] }));
    expect(ranking.causes.find((cause) => cause.kind === 'service')?.target).toBe('api');
  });

  describe('a resource rise after its own answers moved', () => {
    // Sampled as on the bench: probes every second, process memory and CPU every 2 s.
    const GAP = 2_000;
    const moved = (name: string, metric: string, usual: number, peak: number, score: number, onset: number, onsetGapMs = GAP): SeriesEvidence => ({
      ...series(name, metric, metric.startsWith('process_') ? 'resource' : 'symptom', score, onset),
      deviation: { score, baselineMedian: usual, peak, peakAt: onset, onset, onsetGapMs },
    });
    const serviceScore = (services: ServiceEvidence[], name: string, onset: number): number =>
      rankCauses(input(services, { onset })).causes.find((cause) => cause.kind === 'service' && cause.target === name)?.score ?? 0;

    it("is the trouble's consequence: auth's memory rising 7 s after its probe slowed on a slow db does not pass the unrelated leak", () => {
      // The unrelated-alert run (2026-12-06 05:07): queue leaks and alerts; db slows (the fault) and
      // its callers wait on it; auth's memory rose 62.8 -> 92.6 MB (9.1 spreads) 7 s after its own
      // probe slowed, and auth passed queue for second place 33 s after the first alert.
      const T = ONSET;
      const slow = (name: string, dependsOn: string[], usual: number, score: number, onset: number, firedAt: number, extra: SeriesEvidence[] = []) =>
        service(name, {
          dependsOn,
          alerts: [{ alertname: 'ServiceSlow', fingerprint: `fp-${name}`, firedAt }],
          series: [moved(name, 'probe_duration_seconds', usual, 0.64, score, onset, 1_000), ...extra],
        });
      const scene = (authMemory: SeriesEvidence[]): ServiceEvidence[] => [
        slow('db', [], 0.01, 263, T + 1_600, T + 3_600),
        service('cache'),
        service('queue', {
          alerts: [{ alertname: 'MemoryHigh', fingerprint: 'fp-queue', firedAt: T - 200 }],
          series: [moved('queue', 'process_resident_memory_bytes', 56.6e6, 372e6, 111, T - 6_400)],
        }),
        service('store'),
        slow('auth', ['db'], 0.02, 274, T + 600, T + 3_100, authMemory),
        slow('api', ['auth', 'cache', 'db'], 0.03, 76.7, T + 600, T + 3_200),
        slow('worker', ['queue', 'db'], 0.01, 89.3, T + 600, T + 3_100),
        slow('web', ['api'], 0.03, 20, T + 1_600, T + 3_600),
        slow('gateway', ['web', 'auth'], 0.03, 20, T + 1_600, T + 3_700),
      ];
      const memory = moved('auth', 'process_resident_memory_bytes', 62.8e6, 92.6e6, 9.1, T + 7_600);
      const ranking = rankCauses(input(scene([memory]), { onset: T - 6_200 }));
      const services = ranking.causes.filter((cause) => cause.kind === 'service').map((cause) => cause.target);
      expect(services.slice(0, 3), JSON.stringify(ranking.causes.slice(0, 6).map((cause) => [cause.target, cause.score]))).toEqual(['db', 'queue', 'auth']);
      expect(serviceScore(scene([memory]), 'auth', T - 6_200)).toBe(serviceScore(scene([]), 'auth', T - 6_200));
      // Seen within two of its gaps of the probe (a 10 s sampling), it may have begun first: it counts.
      const coarse = moved('auth', 'process_resident_memory_bytes', 62.8e6, 92.6e6, 9.1, T + 7_600, 10_000);
      expect(serviceScore(scene([coarse]), 'auth', T - 6_200)).toBeGreaterThan(serviceScore(scene([]), 'auth', T - 6_200));
    });

    it('keeps the evidence of a cause whose resources rose first: a leak before its probe slowed, a hog whose CPU is seen a second after its probe', () => {
      // The memory-leak/auth and cpu-hog/api runs (04:47, 04:43): memory from T, probe slow from T + 3 s;
      // CPU 6 -> 91 % seen at T + 1 s (sampled every 2 s), the probe slow from T.
      const T = ONSET;
      const callers = [
        service('api', { dependsOn: ['auth'], series: [moved('api', 'probe_duration_seconds', 0.03, 0.3, 30, T + 3_000, 1_000)] }),
        service('web', { dependsOn: ['api'], series: [moved('web', 'probe_duration_seconds', 0.03, 0.3, 30, T + 3_000, 1_000)] }),
      ];
      const probe = moved('auth', 'probe_duration_seconds', 0.02, 0.3, 30, T + 3_000, 1_000);
      const leak = moved('auth', 'process_resident_memory_bytes', 57e6, 700e6, 224, T);
      const leaking = (resources: SeriesEvidence[]) => [
        service('auth', { alerts: [{ alertname: 'MemoryHigh', fingerprint: 'fp-auth', firedAt: T + 6_000 }], series: [probe, ...resources] }),
        ...callers,
      ];
      expect(serviceScore(leaking([leak]), 'auth', T)).toBeGreaterThan(serviceScore(leaking([]), 'auth', T));
      const hogProbe = moved('auth', 'probe_duration_seconds', 0.03, 0.31, 31, T, 1_000);
      const hog = moved('auth', 'process_cpu_usage_percent', 6, 91, 164, T + 1_000);
      const hogging = (resources: SeriesEvidence[]) => [service('auth', { series: [hogProbe, ...resources] }), ...callers];
      expect(serviceScore(hogging([hog]), 'auth', T)).toBeGreaterThan(serviceScore(hogging([]), 'auth', T));
    });
  });

  describe('the latency-in-api and memory-leak-in-cache runs (2026-12-06 05:26 full run)', () => {
    const T = ONSET;
    const measured = (name: string, metric: string, usual: number, peak: number, score: number, onset: number | null, onsetGapMs?: number): SeriesEvidence => ({
      ...series(name, metric, metric.startsWith('process_') ? 'resource' : 'symptom', score, onset),
      deviation: { score, baselineMedian: usual, peak, peakAt: onset ?? T + 5_000, onset, ...(onsetGapMs === undefined ? {} : { onsetGapMs }) },
    });
    const slowAlert = (name: string, firedAt: number) => [{ alertname: 'ServiceSlow', fingerprint: `fp-${name}`, firedAt }];
    const quiet = ['db', 'cache', 'queue', 'store', 'auth', 'api', 'worker', 'web', 'gateway'];
    const dependsOn: Record<string, string[]> = { auth: ['db'], api: ['auth', 'cache', 'db'], worker: ['queue', 'db'], web: ['api'], gateway: ['web', 'auth'] };
    /** The bench's nine services; those given are as the run saw them, the others quiet. */
    const scene = (seen: Record<string, Partial<ServiceEvidence>>): ServiceEvidence[] =>
      quiet.map((name) => service(name, { dependsOn: dependsOn[name] ?? [], ...seen[name] }));
    const serviceOrder = (ranking: ReturnType<typeof rankCauses>): string[] =>
      ranking.causes.filter((cause) => cause.kind === 'service').map((cause) => cause.target);

    it('a bystander whose probe stalled only now and then (220 ms, never two samples in a row) does not take first place from the service whose every answer slowed', () => {
      // api's probe at 860 ms from the onset (69 spreads), its callers web and gateway with it; db's
      // probe had isolated 220 ms samples (55 spreads, no onset). db took first place: 0.495 vs 0.383.
      const services = scene({
        db: { series: [measured('db', 'probe_duration_seconds', 0.004, 0.22, 55.45, null)] },
        api: { alerts: slowAlert('api', T + 3_100), series: [measured('api', 'probe_duration_seconds', 0.06, 0.86, 69.11, T)] },
        web: { alerts: slowAlert('web', T + 3_300), series: [measured('web', 'probe_duration_seconds', 0.04, 0.93, 45.73, T)] },
        gateway: { alerts: slowAlert('gateway', T + 3_600), series: [measured('gateway', 'probe_duration_seconds', 0.06, 1.14, 36.38, T)] },
      });
      const ranking = rankCauses(input(services, { logEdges: [{ from: 'web', to: 'api', weight: 0.5 }] }));
      const scores = JSON.stringify(ranking.causes.slice(0, 5).map((cause) => [cause.target, cause.score]));
      expect(serviceOrder(ranking)[0], scores).toBe('api');
      // The stalls are still evidence, listed below the cause.
      expect(serviceOrder(ranking), scores).toContain('db');
      // The same stalls, sustained (two or more in a row from the onset), are the slow dependency: db first.
      const sustained = scene({
        db: { series: [measured('db', 'probe_duration_seconds', 0.004, 0.22, 55.45, T)] },
        api: { alerts: slowAlert('api', T + 3_100), series: [measured('api', 'probe_duration_seconds', 0.06, 0.86, 69.11, T)] },
        web: { alerts: slowAlert('web', T + 3_300), series: [measured('web', 'probe_duration_seconds', 0.04, 0.93, 45.73, T)] },
      });
      expect(serviceOrder(rankCauses(input(sustained)))[0]).toBe('db');
    });

    it('a paged slow queue is not linked by timing to unpaged services whose probes slowed a second or two before it on a loaded machine (latency/queue, 07:24, load 8)', () => {
      // queue 10 -> 650 ms and its caller worker, both alerting; api, web and gateway (which neither call
      // queue nor are called by it) slowed to 220-390 ms, api and gateway 2 s before queue, none alerting.
      // queue was linked to api and gateway by timing: api 0.624 first, queue 0.376 fourth.
      const probe = (name: string, usual: number, peak: number, score: number, onset: number) =>
        measured(name, 'probe_duration_seconds', usual, peak, score, onset, 1_000);
      const loaded = (alerts: Record<string, number>) =>
        scene({
          queue: { alerts: slowAlert('queue', T + 2_800), series: [probe('queue', 0.01, 0.65, 77, T)] },
          worker: { alerts: slowAlert('worker', T + 3_200), series: [probe('worker', 0.02, 0.65, 125, T - 1_000)] },
          api: { alerts: alerts.api === undefined ? [] : slowAlert('api', alerts.api), series: [probe('api', 0.03, 0.22, 10.86, T - 2_000)] },
          web: { series: [probe('web', 0.03, 0.27, 24.99, T)] },
          gateway: { series: [probe('gateway', 0.04, 0.39, 25.12, T - 2_000)] },
        });
      const ranking = rankCauses(input(loaded({}), { onset: T - 2_000 }));
      const scores = JSON.stringify(ranking.causes.filter((cause) => cause.kind === 'service').map((cause) => [cause.target, cause.score]));
      expect(serviceOrder(ranking)[0], scores).toBe('queue');
      expect(
        ranking.causes[0]?.evidence.some((evidence) => evidence.text.includes('seen in timing')),
        scores,
      ).toBe(false);
      // Paged too, api is still what queue may be waiting on: the link stands.
      const paged = rankCauses(input(loaded({ api: T - 500 }), { onset: T - 2_000 }));
      const queue = paged.causes.find((cause) => cause.kind === 'service' && cause.target === 'queue');
      expect(queue?.evidence.map((evidence) => evidence.text)).toContainEqual(expect.stringMatching(/^queue depends on api \(seen in timing\)/));
    });

    describe('a leaking cache whose callers slowed 35 s after its memory rose', () => {
      const leak = {
        alerts: [{ alertname: 'MemoryHigh', fingerprint: 'fp-cache', firedAt: T + 5_700 }],
        series: [
          measured('cache', 'process_resident_memory_bytes', 56.7e6, 687e6, 222, T + 1_700, 2_000),
          measured('cache', 'process_cpu_usage_percent', 2.5, 5.99, 23.85, T + 3_700, 2_000),
        ],
      };
      const apiProbe = (onset: number) => measured('api', 'probe_duration_seconds', 0.03, 0.12, 42.6, onset, 1_000);
      const gatewayProbe = (onset: number) => measured('gateway', 'probe_duration_seconds', 0.04, 0.15, 13.86, onset, 1_000);

      it("lists them as the cache's consequences, in its evidence, not as candidates that joined 2nd and 3rd half a minute after the cause was clear", () => {
        // The run: cache 0.9 alone from 6 s, api joined 2nd at 33 s and gateway 3rd at 38 s (the first alert at 5.7 s).
        const ranking = rankCauses(input(scene({ cache: leak, api: { series: [apiProbe(T + 37_700)] }, gateway: { series: [gatewayProbe(T + 36_700)] } })));
        const scores = JSON.stringify(ranking.causes.map((cause) => [cause.target, cause.score]));
        expect(serviceOrder(ranking), scores).toEqual(['cache']);
        expect(
          ranking.causes.some((cause) => cause.service === 'api' || cause.service === 'gateway'),
          scores,
        ).toBe(false);
        const explained = ranking.causes[0]?.evidence.filter((evidence) => evidence.text.includes("cache's consequence")).map((evidence) => evidence.text);
        expect(explained).toEqual([
          expect.stringMatching(/^api depends on cache and began to suffer at .+, 36 s after cache moved/),
          expect.stringMatching(/^gateway depends on cache through the services it calls and began to suffer at .+, 35 s after cache moved/),
        ]);
      });

      it('names a service that does not call it, slowed 19 s after the leak began, with nothing of its own and no alert, in its evidence (the memory-leak/worker run, 07:14, load 5)', () => {
        // worker leaked from T + 1.7 s; api (which does not call worker) slowed to 140 ms (6 spreads)
        // 19 s later and joined second place at 23 s, gateway came and went at 34-39 s: never stable.
        const worker = { ...leak, series: [measured('worker', 'process_resident_memory_bytes', 57.4e6, 692e6, 221, T + 1_700, 2_000)] };
        const bystander = { series: [measured('api', 'probe_duration_seconds', 0.04, 0.14, 5.98, T + 20_700, 1_000)] };
        const ranking = rankCauses(input(scene({ worker, api: bystander })));
        const scores = JSON.stringify(ranking.causes.map((cause) => [cause.target, cause.score]));
        expect(serviceOrder(ranking), scores).toEqual(['worker']);
        expect(ranking.causes[0]?.evidence.map((evidence) => evidence.text)).toContainEqual(
          expect.stringMatching(/^api began to suffer at .+, 19 s after worker moved, with nothing of its own and no alert: later than worker/),
        );
        // Alerting, it is paged trouble of its own and stays a candidate.
        const paged = rankCauses(input(scene({ worker, api: { ...bystander, alerts: slowAlert('api', T + 22_000) } })));
        expect(serviceOrder(paged)).toEqual(['worker', 'api']);
      });

      it('names in its evidence, too, a service whose probe stalled only now and then, from 37 s after the leak began (memory-leak/worker, full run 07:43, load 5-9)', () => {
        // web and gateway (late, no alert) were named in worker's evidence; api's isolated 290 ms stalls
        // (9.5 spreads, no onset) kept it a candidate (0.131) and it joined second place 34 s after the first alert.
        const worker = { ...leak, series: [measured('worker', 'process_resident_memory_bytes', 57.4e6, 692e6, 221, T + 1_700, 2_000)] };
        const stalls = measured('api', 'probe_duration_seconds', 0.04, 0.29, 9.51, null);
        const late = scene({
          worker,
          api: { series: [{ ...stalls, deviation: { ...stalls.deviation, firstAwayAt: T + 38_000 } }] },
          web: { series: [measured('web', 'probe_duration_seconds', 0.03, 0.2, 12, T + 37_700, 1_000)] },
          gateway: { series: [measured('gateway', 'probe_duration_seconds', 0.04, 0.2, 10, T + 35_700, 1_000)] },
        });
        const ranking = rankCauses(input(late));
        const scores = JSON.stringify(ranking.causes.map((cause) => [cause.target, cause.score]));
        expect(serviceOrder(ranking), scores).toEqual(['worker']);
        expect(ranking.causes[0]?.evidence.map((evidence) => evidence.text)).toContainEqual(
          expect.stringMatching(/^api began to suffer at .+, 36 s after worker moved/),
        );
        // Stalls from within seconds of the leak are not later than it: api is not named as later trouble.
        const early = rankCauses(input(scene({ worker, api: { series: [{ ...stalls, deviation: { ...stalls.deviation, firstAwayAt: T + 5_000 } }] } })));
        expect(early.causes[0]?.evidence.some((evidence) => evidence.text.startsWith('api began'))).toBe(false);
      });

      it('keeps as candidates the callers that moved with it (within seconds) and a late one with a rise of its own', () => {
        const together = rankCauses(input(scene({ cache: leak, api: { series: [apiProbe(T + 2_700)] }, gateway: { series: [gatewayProbe(T + 3_700)] } })));
        expect(serviceOrder(together)).toEqual(expect.arrayContaining(['cache', 'api', 'gateway']));
        const ownRise = measured('api', 'process_cpu_usage_percent', 5, 95, 150, T + 36_000, 2_000);
        const late = rankCauses(
          input(scene({ cache: leak, api: { series: [apiProbe(T + 37_700), ownRise] }, gateway: { series: [gatewayProbe(T + 36_700)] } })),
        );
        expect(serviceOrder(late)).toContain('api');
        expect(serviceOrder(late)).not.toContain('gateway');
      });
    });
  });

  it('says so when nothing points at a cause, and invents none', () => {
    const services = [service('api', { series: [series('api', 'probe_success', 'symptom', 1, null)] }), service('db')];
    const ranking = rankCauses(input(services));
    expect(ranking.causes).toEqual([]);
    expect(ranking.note).toMatch(/no evidence/);
    expect(rankCauses(input(services, { hadBaseline: false })).note).toMatch(/too little history/);
  });
});
