import { describe, expect, it } from 'vitest';
import { nextDue, ProbeScheduler, type CheckOutcome, type ScheduledProbe } from '../../../src/core/monitoring/scheduler';
import { FakeClock } from '../../helpers/fake-clock';

const T0 = Date.UTC(2026, 10, 22, 12, 0, 0);

/** A check the test finishes by hand: each run is recorded with its start time. */
interface Run {
  id: string;
  startedAt: number;
  signal: AbortSignal;
  finish: (outcome: CheckOutcome) => void;
}

function harness(options: { concurrency?: number; spreadMs?: number; random?: () => number } = {}) {
  const clock = new FakeClock(T0);
  const runs: Run[] = [];
  const results: { id: string; outcome: CheckOutcome; status: string; at: number }[] = [];
  const scheduler = new ProbeScheduler<CheckOutcome>({
    clock,
    concurrency: options.concurrency ?? 10,
    spreadMs: options.spreadMs ?? 0,
    random: options.random ?? (() => 0),
    timeoutGraceMs: 100,
    timedOut: (_probe, ms) => ({ ok: false, reason: `timed out after ${ms} ms` }),
    crashed: (_probe, error) => ({ ok: false, reason: `crashed: ${String(error)}` }),
  });
  scheduler.onResult((probe, outcome, state) => results.push({ id: probe.id, outcome, status: state.status, at: clock.now() }));
  const probe = (id: string, overrides: Partial<ScheduledProbe<CheckOutcome>> = {}): ScheduledProbe<CheckOutcome> => ({
    id,
    group: id.split('/')[0] ?? id,
    key: id,
    everyMs: 10_000,
    retryEveryMs: 2_000,
    timeoutMs: 5_000,
    retries: 0,
    paused: false,
    run: (signal) =>
      new Promise<CheckOutcome>((resolve) => {
        runs.push({ id, startedAt: clock.now(), signal, finish: resolve });
      }),
    ...overrides,
  });
  /** Advances time and lets promise callbacks run between steps. */
  const advance = async (ms: number, stepMs = 100): Promise<void> => {
    let done = 0;
    do {
      const step = Math.min(stepMs, ms - done);
      clock.advance(step);
      done += step;
      for (let i = 0; i < 3; i++) await Promise.resolve();
    } while (done < ms);
  };
  const finishAll = async (outcome: CheckOutcome): Promise<void> => {
    for (const run of runs.splice(0)) run.finish(outcome);
    await Promise.resolve();
    await Promise.resolve();
  };
  return { clock, scheduler, runs, results, probe, advance, finishAll };
}

const ok: CheckOutcome = { ok: true, reason: null };
const refused: CheckOutcome = { ok: false, reason: 'connection refused' };

describe('ProbeScheduler', () => {
  it('runs checks start-to-start: a slow check does not push the next one later', async () => {
    const h = harness();
    h.scheduler.set([h.probe('api/http')]);
    const starts: number[] = [];
    for (let i = 0; i < 5; i++) {
      await h.advance(3_000); // each check takes 3 s
      const run = h.runs.shift();
      expect(run).toBeDefined();
      starts.push((run as Run).startedAt - T0);
      run?.finish(ok);
      await h.advance(7_000);
    }
    expect(starts).toEqual([0, 10_000, 20_000, 30_000, 40_000]);
  });

  it('uses one timer for all probes, not one each', () => {
    const h = harness({ spreadMs: 10_000, random: Math.random });
    h.scheduler.set(Array.from({ length: 500 }, (_, i) => h.probe(`s${i}/http`)));
    expect(h.clock.pendingTimers).toBe(1);
  });

  it('spreads new probes over min(every, spread) so they do not all fire at once', async () => {
    let seed = 1;
    const random = (): number => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const h = harness({ spreadMs: 4_000, random, concurrency: 1_000 });
    h.scheduler.set(Array.from({ length: 200 }, (_, i) => h.probe(`s${i}/http`, { everyMs: 10_000 })));
    const perSecond: number[] = [];
    for (let second = 0; second < 5; second++) {
      await h.advance(1_000);
      perSecond.push(h.runs.length);
      await h.finishAll(ok);
    }
    // All 200 started within the 4 s spread, roughly a quarter per second, none in the 5th.
    expect(perSecond.slice(0, 4).reduce((a, b) => a + b, 0)).toBe(200);
    for (const count of perSecond.slice(0, 4)) expect(count).toBeGreaterThan(25);
    expect(perSecond[4]).toBe(0);
  });

  it('caps the checks running at once and takes turns between services', async () => {
    const h = harness({ concurrency: 2 });
    const busy = Array.from({ length: 10 }, (_, i) => h.probe(`busy/p${i}`));
    h.scheduler.set([...busy, h.probe('quiet/p0')]);
    await h.advance(0, 1);
    expect(h.runs.map((run) => run.id)).toEqual(['busy/p0', 'quiet/p0']);
    expect(h.scheduler.runningCount).toBe(2);
    expect(h.scheduler.queuedCount).toBe(9);
    await h.finishAll(ok);
    expect(h.runs.map((run) => run.id)).toEqual(['busy/p1', 'busy/p2']);
    expect(h.scheduler.runningCount).toBe(2);
  });

  it('keeps a failing probe pending through its retries, at the retry interval, then calls it down', async () => {
    const h = harness();
    h.scheduler.set([h.probe('db/tcp', { retries: 2, retryEveryMs: 1_000, everyMs: 10_000 })]);
    const statuses: string[] = [];
    const starts: number[] = [];
    for (let i = 0; i < 4; i++) {
      while (h.runs.length === 0) await h.advance(100);
      const run = h.runs.shift() as Run;
      starts.push(run.startedAt - T0);
      run.finish(refused);
      await h.advance(0, 1);
      statuses.push(h.scheduler.state('db/tcp')?.status ?? '');
    }
    expect(statuses).toEqual(['pending', 'pending', 'down', 'down']);
    // Re-checked at the retry interval, also once down (recovery is noticed sooner).
    expect(starts).toEqual([0, 1_000, 2_000, 3_000]);
    expect(h.scheduler.state('db/tcp')).toMatchObject({ reason: 'connection refused', failures: 4 });

    while (h.runs.length === 0) await h.advance(100);
    (h.runs.shift() as Run).finish(ok);
    await h.advance(0, 1);
    expect(h.scheduler.state('db/tcp')).toMatchObject({ status: 'up', failures: 0, reason: null, nextCheckAt: T0 + 4_000 + 10_000 });
  });

  it('aborts a check at its timeout and reports it when the check does not settle', async () => {
    const h = harness();
    h.scheduler.set([h.probe('api/http', { timeoutMs: 5_000 })]);
    await h.advance(0, 1);
    const run = h.runs.shift() as Run;
    await h.advance(4_900);
    expect(run.signal.aborted).toBe(false);
    await h.advance(100);
    expect(run.signal.aborted).toBe(true);
    expect(h.scheduler.runningCount).toBe(1);
    await h.advance(100); // the grace period
    expect(h.scheduler.runningCount).toBe(0);
    expect(h.results).toEqual([{ id: 'api/http', outcome: { ok: false, reason: 'timed out after 5000 ms' }, status: 'down', at: T0 + 5_100 }]);
    // A late result of the abandoned check changes nothing.
    run.finish(ok);
    await h.advance(0, 1);
    expect(h.results).toHaveLength(1);
    expect(h.scheduler.state('api/http')?.status).toBe('down');
  });

  it('takes the reason a check gives when it settles within the grace period', async () => {
    const h = harness();
    h.scheduler.set([
      h.probe('api/http', {
        timeoutMs: 5_000,
        run: (signal) => new Promise((resolve) => signal.addEventListener('abort', () => resolve({ ok: false, reason: 'no response headers within 5 s' }))),
      }),
    ]);
    await h.advance(5_000);
    expect(h.results.at(-1)?.outcome.reason).toBe('no response headers within 5 s');
  });

  it('counts a check that ignored its timeout and passed late as failed', async () => {
    const h = harness();
    h.scheduler.set([h.probe('api/http', { timeoutMs: 5_000 })]);
    await h.advance(5_050);
    (h.runs.shift() as Run).finish(ok);
    await h.advance(0, 1);
    expect(h.results.at(-1)).toMatchObject({ outcome: { ok: false }, status: 'down' });
  });

  it('reports a check that throws as failed and keeps scheduling', async () => {
    const h = harness();
    h.scheduler.set([h.probe('api/http', { run: () => Promise.reject(new Error('boom')) })]);
    await h.advance(0, 1);
    await h.advance(0, 1);
    expect(h.results.at(-1)).toMatchObject({ outcome: { ok: false, reason: 'crashed: Error: boom' } });
    expect(h.scheduler.state('api/http')?.nextCheckAt).toBe(T0 + 2_000);
  });

  it('pauses and resumes a probe', async () => {
    const h = harness();
    h.scheduler.set([h.probe('api/http')]);
    await h.advance(0, 1);
    await h.finishAll(ok);
    expect(h.scheduler.pause('api/http')).toBe(true);
    expect(h.scheduler.state('api/http')?.status).toBe('paused');
    await h.advance(60_000, 1_000);
    expect(h.runs).toHaveLength(0);
    h.scheduler.resume('api/http');
    expect(h.scheduler.state('api/http')?.status).toBe('unknown');
    await h.advance(0, 1);
    expect(h.runs).toHaveLength(1);
    expect(h.runs[0]?.startedAt).toBe(T0 + 60_000);
  });

  it('aborts and ignores a running check when its probe is paused', async () => {
    const h = harness();
    h.scheduler.set([h.probe('api/http')]);
    await h.advance(0, 1);
    const run = h.runs.shift() as Run;
    h.scheduler.pause('api/http');
    expect(run.signal.aborted).toBe(true);
    run.finish(refused);
    await h.advance(0, 1);
    expect(h.results).toHaveLength(0);
    expect(h.scheduler.runningCount).toBe(0);
  });

  it('keeps the state and schedule of unchanged probes on reload, restarts changed ones, drops removed ones', async () => {
    const h = harness();
    h.scheduler.set([h.probe('a/http'), h.probe('b/http'), h.probe('c/http')]);
    await h.advance(0, 1);
    await h.finishAll(ok);
    await h.advance(3_000);
    h.scheduler.set([h.probe('a/http'), h.probe('b/http', { key: 'b changed' }), h.probe('d/http')]);
    expect(h.scheduler.state('a/http')).toMatchObject({ status: 'up', nextCheckAt: T0 + 10_000 });
    expect(h.scheduler.state('b/http')).toMatchObject({ status: 'unknown' });
    expect(h.scheduler.state('c/http')).toBeUndefined();
    await h.advance(0, 1);
    expect(h.runs.map((run) => run.id).sort()).toEqual(['b/http', 'd/http']);
  });

  it('skips slots it missed instead of running them in a burst', () => {
    expect(nextDue(0, 1_000, 500)).toBe(1_000);
    expect(nextDue(0, 1_000, 1_000)).toBe(1_000);
    expect(nextDue(0, 1_000, 3_500)).toBe(4_000);
    expect(nextDue(0, 1_000, 4_000)).toBe(4_000);
  });

  it('runs a check now on request, at most one at a time', async () => {
    const h = harness();
    h.scheduler.set([h.probe('api/http')]);
    await h.advance(0, 1);
    await h.finishAll(ok);
    await h.advance(2_000);
    h.scheduler.checkNow('api/http');
    h.scheduler.checkNow('api/http');
    await h.advance(0, 1);
    expect(h.runs).toHaveLength(1);
    h.scheduler.checkNow('api/http');
    await h.advance(0, 1);
    expect(h.runs).toHaveLength(1);
  });

  it('reports how late each check started against its due time, and whose check it was', async () => {
    const h = harness({ concurrency: 1 });
    const lateness: [number, string][] = [];
    h.scheduler.onLateness((ms, probe) => lateness.push([ms, probe.id]));
    h.scheduler.set([h.probe('a/http'), h.probe('b/http')]);
    await h.advance(0, 1);
    await h.advance(250);
    await h.finishAll(ok);
    expect(lateness).toEqual([
      [0, 'a/http'],
      [250, 'b/http'],
    ]);
  });

  it('looks again quickly at a probe whose service just (re)started, without calling it down, until it passes or the window ends', async () => {
    const h = harness();
    h.scheduler.set([h.probe('api/tcp', { retries: 1, retryEveryMs: 1_000 })]);
    await h.advance(0);
    await h.finishAll(ok);
    expect(h.scheduler.state('api/tcp')?.status).toBe('up');

    // The process was restarted: a fresh verdict, looked for at 0, 50, 100, 200, 400 ms…
    h.scheduler.restart('api/tcp');
    expect(h.scheduler.state('api/tcp')).toMatchObject({ status: 'unknown', failures: 0 });
    const restartedAt = h.clock.now();
    /** Moves time until the next check starts, and answers it at once; returns when it started. */
    const nextCheck = async (outcome: CheckOutcome): Promise<number> => {
      await h.advance(0);
      while (h.runs.length === 0) await h.advance(1, 1);
      const startedAt = h.runs[0]?.startedAt as number;
      await h.finishAll(outcome);
      return startedAt - restartedAt;
    };
    const starts: number[] = [];
    for (let check = 0; check < 4; check++) {
      starts.push(await nextCheck(refused));
      // Failures while starting never spend the retries: pending, not down.
      expect(h.scheduler.state('api/tcp')?.status).toBe('pending');
    }
    expect(starts).toEqual([0, 50, 150, 350]);
    // It listens now: the next quick look passes.
    expect(await nextCheck(ok)).toBe(750);
    expect(h.scheduler.state('api/tcp')?.status).toBe('up');

    // Still failing when the quick looks have grown to retry_every: the window ends, and with it the grace.
    h.scheduler.restart('api/tcp');
    const statuses: string[] = [];
    for (let check = 0; check < 7; check++) {
      await nextCheck(refused);
      statuses.push(h.scheduler.state('api/tcp')?.status as string);
    }
    // Quick looks at 0, 50, 150, 350 and 750 ms; at the sixth, 1.55 s in, the next wait would be 1.6 s
    // ≥ retry_every: the window is over, that failure counts in full, and the probe is down.
    expect(statuses).toEqual(['pending', 'pending', 'pending', 'pending', 'pending', 'down', 'down']);

    // A grace (the service's ready_timeout): re-checked every retry_every once the ramp is done, pending, until it ends.
    h.scheduler.restart('api/tcp', 5_000);
    const graceStart = h.clock.now();
    const during: string[] = [];
    for (;;) {
      const at = (await nextCheck(refused)) + restartedAt - graceStart;
      if (at >= 5_000) break;
      during.push(h.scheduler.state('api/tcp')?.status as string);
    }
    expect(during.length).toBeGreaterThan(5);
    expect(new Set(during)).toEqual(new Set(['pending']));
    expect(h.scheduler.state('api/tcp')?.status).toBe('down');
  });
});
