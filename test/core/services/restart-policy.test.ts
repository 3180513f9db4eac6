import { describe, expect, it } from 'vitest';
import { backoffDelay, budgetSpent, shouldRestart, type RestartSettings } from '../../../src/core/services/restart-policy';
import { serviceStatus } from '../../../src/core/services/service-status';
import { serviceSchema } from '../../../src/core/config/schema';

/** The workspace's defaults (1s..30s, factor 2, 3 within 10m, min_uptime 30s), with changes. */
const settings = (patch: Partial<RestartSettings> = {}): RestartSettings => ({ ...serviceSchema.parse({}).restart, ...patch });

describe('the restart policy', () => {
  it('backs off exponentially from the initial delay to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(settings(), n))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    expect([1, 2, 3].map((n) => backoffDelay(settings({ factor: 1.5, backoff: { initialMs: 100, maxMs: 200 } }), n))).toEqual([100, 150, 200]);
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
    expect(budgetSpent(settings(), [now - 700_000, now - 100, now - 50], now)).toBe(false);
    expect(budgetSpent(settings(), [now - 500_000, now - 100, now - 50], now)).toBe(true);
  });
});

describe('the status shown', () => {
  const base = { lifecycleReason: null, hasProbes: true, probeHealth: 'unknown' as const, probeReason: null };

  it('follows the lifecycle while Zervigo acts, and the probes once the service runs', () => {
    // A process that is gone is not "pending" (a failing check within its retries): it is restarting.
    expect(serviceStatus({ ...base, runtime: { phase: 'backoff' }, lifecycleReason: 'exited with code 1; restarting in 2s' })).toEqual({ status: 'restarting', reason: 'exited with code 1; restarting in 2s' });
    expect(serviceStatus({ ...base, runtime: { phase: 'given_up' }, lifecycleReason: 'gave up' }).status).toBe('given_up');
    expect(serviceStatus({ ...base, runtime: { phase: 'failed' } }).status).toBe('down');
    expect(serviceStatus({ ...base, runtime: { phase: 'waiting' } }).status).toBe('starting');
    expect(serviceStatus({ ...base, runtime: { phase: 'running' }, probeHealth: 'down', probeReason: 'connection refused' })).toEqual({ status: 'down', reason: 'connection refused' });
    // Without probes nothing says it works: it runs, and it is never called "up".
    expect(serviceStatus({ ...base, runtime: { phase: 'running' }, hasProbes: false }).status).toBe('running');
    expect(serviceStatus({ ...base, runtime: null, probeHealth: 'pending' }).status).toBe('pending');
    expect(serviceStatus({ ...base, runtime: null, hasProbes: false })).toEqual({ status: 'unknown', reason: 'no probes, and Zervigo does not run it: nothing tells whether it is up' });
  });
});
