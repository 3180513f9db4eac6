import { describe, expect, it } from 'vitest';
import { backoffDelay, budgetSpent, shouldRestart, type RestartSettings } from '../../../src/core/lifecycle/restart-policy';
import { dependencyOutage, type DependencyState } from '../../../src/core/lifecycle/dependency-outage';
import { serviceStatus } from '../../../src/core/lifecycle/service-status';
import { serviceSchemaFor } from '../../../src/core/config/schema';

const serviceSchema = serviceSchemaFor([]);

/** The workspace's defaults (1s..30s, factor 2, 3 within 10m, min_uptime 1.5s), with changes. */
const settings = (patch: Partial<RestartSettings> = {}): RestartSettings => ({ ...serviceSchema.parse({}).restart, ...patch });

describe('the restart policy', () => {
  it('has defaults that heal at once and stop a crash loop: on-failure, 1s..30s, factor 2, 3 within 10m, min_uptime 1.5s', () => {
    expect(settings()).toEqual({
      policy: 'on-failure',
      backoff: { initialMs: 1_000, maxMs: 30_000 },
      factor: 2,
      budget: { restarts: 3, windowMs: 600_000 },
      min_uptime: 1_500,
      on_probe_failure: true,
    });
    // Only the policy written: the rest are the same defaults.
    expect(serviceSchema.parse({ restart: { policy: 'on-failure' } }).restart).toEqual(settings());
  });

  it('restarts the first failure of a streak at once, then backs off exponentially from the initial delay to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelay(settings(), n))).toEqual([0, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    expect([1, 2, 3, 4].map((n) => backoffDelay(settings({ factor: 1.5, backoff: { initialMs: 100, maxMs: 200 } }), n))).toEqual([0, 100, 150, 200]);
  });

  it('restarts on failure, on every exit with always, never with never; probe failures only when asked', () => {
    const exit = (code: number | null, signal: string | null = null) => ({ kind: 'exit' as const, code, signal });
    expect(shouldRestart(settings(), exit(1))).toBe(true);
    expect(shouldRestart(settings(), exit(null, 'SIGKILL'))).toBe(true);
    expect(shouldRestart(settings(), exit(0))).toBe(false);
    expect(shouldRestart(settings({ policy: 'always' }), exit(0))).toBe(true);
    expect(shouldRestart(settings({ policy: 'never' }), exit(1))).toBe(false);
    expect(shouldRestart(settings(), { kind: 'probe', reason: null })).toBe(true);
    expect(shouldRestart(settings({ on_probe_failure: false }), { kind: 'probe', reason: null })).toBe(false);
  });

  it('counts the budget over a sliding window', () => {
    const now = 1_000_000;
    const at = (...times: number[]) => times.map((time) => ({ at: time }));
    expect(budgetSpent(settings(), at(now - 700_000, now - 100, now - 50), now)).toBe(false);
    expect(budgetSpent(settings(), at(now - 500_000, now - 100, now - 50), now)).toBe(true);
  });
});

describe('the status shown', () => {
  const base = { lifecycleReason: null, hasProbes: true, probeHealth: 'unknown' as const, probeReason: null };

  it('follows the lifecycle while Zervigo acts, and the probes once the service runs', () => {
    // A process that is gone is not "pending" (a failing check within its retries): it is restarting.
    expect(serviceStatus({ ...base, runtime: { phase: 'backoff' }, lifecycleReason: 'exited with code 1; restarting in 2s' })).toEqual({
      status: 'restarting',
      reason: 'exited with code 1; restarting in 2s',
      waitingFor: [],
    });
    expect(serviceStatus({ ...base, runtime: { phase: 'given_up' }, lifecycleReason: 'gave up' }).status).toBe('given_up');
    expect(serviceStatus({ ...base, runtime: { phase: 'failed' } }).status).toBe('down');
    expect(serviceStatus({ ...base, runtime: { phase: 'waiting' }, lifecycleReason: 'waiting for db to be ready' })).toEqual({
      status: 'waiting',
      reason: 'waiting for db to be ready',
      waitingFor: [],
    });
    expect(serviceStatus({ ...base, runtime: { phase: 'running' }, probeHealth: 'down', probeReason: 'connection refused' })).toEqual({
      status: 'down',
      reason: 'connection refused',
      waitingFor: [],
    });
    // Without probes nothing says it works: it runs, and it is never called "up".
    expect(serviceStatus({ ...base, runtime: { phase: 'running' }, hasProbes: false }).status).toBe('running');
    expect(serviceStatus({ ...base, runtime: null, probeHealth: 'pending' }).status).toBe('pending');
    expect(serviceStatus({ ...base, runtime: null, hasProbes: false })).toEqual({
      status: 'unknown',
      reason: 'no probes, and Zervigo does not run it: nothing tells whether it is up',
      waitingFor: [],
    });
  });

  it('says "waiting for db" instead of down or pending when a dependency that is down explains it, and only then', () => {
    const outage = { roots: ['db'], reason: 'waiting for db: db is down (db/tcp#0: connection refused)' };
    const running = { ...base, runtime: { phase: 'running' as const }, probeReason: 'http#0: HTTP 503' };
    expect(serviceStatus({ ...running, probeHealth: 'down', outage })).toEqual({ status: 'waiting', reason: outage.reason, waitingFor: ['db'] });
    expect(serviceStatus({ ...running, probeHealth: 'pending', outage }).status).toBe('waiting');
    // Its own probes pass: it is up, whatever its dependencies do.
    expect(serviceStatus({ ...running, probeHealth: 'up', outage, held: outage }).status).toBe('up');
    // Stopped on purpose stays stopped; a person's state wins over the explanation.
    expect(serviceStatus({ ...base, runtime: { phase: 'stopped' }, outage }).status).toBe('stopped');
    // Held (not restarted) while starting: waiting too.
    expect(serviceStatus({ ...base, runtime: { phase: 'starting' }, held: outage }).status).toBe('waiting');
  });
});

describe('dependency outages', () => {
  const graph = { db: [], cache: [], api: ['db', 'cache'], web: ['api'], docs: ['external'], external: [] };
  const states =
    (entries: Record<string, Partial<DependencyState>>) =>
    (name: string): DependencyState => ({ status: 'up', reason: null, waitingFor: [], unobservable: false, ...entries[name] });

  it('names the dependencies that are not up, followed to the root through dependents that wait themselves', () => {
    const stateOf = states({ db: { status: 'down', reason: 'db/tcp#0: connection refused' }, api: { status: 'waiting', waitingFor: ['db'] } });
    expect(dependencyOutage('api', graph, stateOf)).toEqual({ roots: ['db'], reason: 'waiting for db: db is down (db/tcp#0: connection refused)' });
    expect(dependencyOutage('web', graph, stateOf)).toEqual({ roots: ['db'], reason: 'waiting for db (via api): db is down (db/tcp#0: connection refused)' });
    expect(dependencyOutage('db', graph, stateOf)).toBeNull();
  });

  it('is nothing while the dependencies are up, or cannot be seen (observed only, without probes)', () => {
    expect(dependencyOutage('api', graph, states({}))).toBeNull();
    expect(dependencyOutage('docs', graph, states({ external: { status: 'unknown', unobservable: true } }))).toBeNull();
    expect(
      dependencyOutage(
        'api',
        graph,
        states({ db: { status: 'given_up', reason: 'gave up: …' }, cache: { status: 'stopped', reason: 'stopped by an API client' } }),
      ),
    ).toEqual({
      roots: ['db', 'cache'],
      reason: 'waiting for db, cache: db is given up (gave up: …); cache is stopped (stopped by an API client)',
    });
  });
});
