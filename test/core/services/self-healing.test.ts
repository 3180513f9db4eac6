import { describe, expect, it } from 'vitest';
import { harness, workspace } from './harness';

/**
 * The self-healing logic on fake time with a hand-driven probe-health source: what triggers a
 * restart, the back-off, the budget, min_uptime, give-up and escalation, and the audit entries.
 */
/** The wait a "restarting now" / "restarting in 2s" status line announced, in ms. */
function announcedDelay(line: string | undefined): number {
  const match = /restarting (now|in (\d+)(ms|s))/.exec(line ?? '');
  if (match === null) throw new Error(`no restart announced in "${line}"`);
  return match[1] === 'now' ? 0 : Number(match[2]) * (match[3] === 's' ? 1_000 : 1);
}

const yaml = (restart: string, extra = '') => `version: 1
services:
  api:
    start: ./api
    restart: ${restart}
${extra}`;

describe('self-healing', () => {
  it('a replica that gives up escalates as its service\'s replica (service="api", replica="2"), the other replica untouched', async () => {
    const h = await harness(`version: 1
services:
  api:
    start: ./api
    port: 9000
    env: { PORT: "\${PORT}" }
    replicas: 2
    restart: { policy: on-failure, backoff: 1s..30s, factor: 2, budget: 1 within 10m, min_uptime: 30s }
`);
    const started = h.manager.run('start', ['api'], 'test');
    await h.advance(1_000);
    expect((await started).ok).toBe(true);
    h.runner.current('api#2')?.exit(1);
    await h.advance(0);
    // Its one restart within the budget (at once, the first of a crash loop), then it fails again.
    await h.advance(2_000);
    expect(h.runner.startsOf('api#2')).toBe(2);
    h.runner.current('api#2')?.exit(1);
    await h.advance(0);
    expect(h.raised.map((alert) => [alert.alertname, alert.labels])).toEqual([['ServiceGivenUp', { service: 'api', replica: '2', severity: 'critical' }]]);
    expect(h.runner.startsOf('api#1')).toBe(1);
  });

  it('restarts a crash loop at once, then after 1s, 2s; gives up when the budget is spent, and escalates', async () => {
    const h = await harness(yaml('{ policy: on-failure, backoff: 1s..30s, factor: 2, budget: 3 within 10m, min_uptime: 30s }'));
    const started = h.manager.run('start', ['api'], 'test');
    await h.advance(1_000);
    expect((await started).ok).toBe(true);
    expect(h.status('api')?.status).toBe('running');

    // Each run ends after 1 s, within min_uptime (30 s): failures in a row, a crash loop.
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      h.runner.current('api')?.exit(1);
      await h.advance(0);
      const line = h.lastMatching('api', /^restarting: /);
      delays.push(announcedDelay(line));
      expect(h.status('api')?.runtime?.failures).toBe(attempt);
      expect(line).toMatch(new RegExp(`^restarting: exited with code 1; restarting (now|in \\d+s) \\(restart ${attempt} of 3 within 10m\\)$`));
      await h.advance(delays.at(-1) as number);
      expect(h.runner.startsOf('api')).toBe(attempt + 1);
      await h.advance(1_000);
      expect(h.status('api')?.status).toBe('running');
    }
    expect(delays).toEqual([0, 1_000, 2_000]);

    // The fourth failure in a row within 10 minutes: no more restarts, a person is needed.
    h.runner.current('api')?.exit(1);
    await h.advance(0);
    expect(h.status('api')?.status).toBe('given_up');
    expect(h.status('api')?.runtime).toMatchObject({ phase: 'given_up', nextRestartAt: null });
    // Nothing is scheduled any more: no restart can come, however long we wait.
    expect(h.clock.pendingTimers).toBe(0);
    expect(h.runner.startsOf('api')).toBe(4);
    expect(h.status('api')?.reason).toBe('gave up: 3 restarts within 10m did not keep it running for 30s (a crash loop); last: exited with code 1');
    expect(h.raised).toEqual([
      {
        alertname: 'ServiceGivenUp',
        labels: { service: 'api', severity: 'critical' },
        annotations: { summary: 'api gave up restarting', description: h.status('api')?.reason },
      },
    ]);

    const entries = h.audit.list({ target: 'api', limit: 50 }).reverse();
    expect(entries.map((entry) => `${entry.actor} ${entry.action} ${entry.outcome}`)).toEqual([
      'test start ok',
      'supervisor restart ok',
      'supervisor restart ok',
      'supervisor restart ok',
      'supervisor give_up failed',
    ]);

    // A reset forgets the failures, resolves the escalation and starts it again.
    const reset = h.manager.reset(['api'], 'operator');
    await h.advance(1_000);
    expect((await reset).ok).toBe(true);
    expect(h.resolved).toEqual([{ alertname: 'ServiceGivenUp', labels: { service: 'api', severity: 'critical' } }]);
    expect(h.status('api')?.status).toBe('running');
    expect(h.status('api')?.runtime?.failures).toBe(0);
  });

  it('gives a given-up service a fresh budget when a person starts it again, even from a start that waited for dependencies', async () => {
    const h = await harness(`version: 1
services:
  db: { start: ./db }
  api: { start: ./api, depends_on: [db], restart: { backoff: 1s..1s, budget: 1 within 10m, min_uptime: 1m } }
`);
    const first = h.manager.run('start', [], 'test');
    await h.advance(2_000);
    await first;
    h.runner.current('api')?.exit(1);
    await h.advance(2_000);
    h.runner.current('api')?.exit(1);
    await h.advance(100);
    expect(h.status('api')?.status).toBe('given_up');
    // "Start all": api waits for db (already up), then starts with its failures forgotten.
    const again = h.manager.run('start', [], 'operator');
    await h.advance(1_000);
    expect((await again).ok).toBe(true);
    h.runner.current('api')?.exit(1);
    await h.advance(0);
    expect(h.lastMatching('api', /^restarting/)).toBe('restarting: exited with code 1; restarting now (restart 1 of 1 within 10m)');
    expect(h.resolved).toHaveLength(1);
  });

  it('stops and forgets a service removed from the workspace', async () => {
    const h = await harness('version: 1\nservices:\n  api: { start: ./api }\n  db: { start: ./db }\n');
    const started = h.manager.run('start', [], 'test');
    await h.advance(1_000);
    await started;
    const api = h.runner.current('api');
    await h.manager.apply(workspace('version: 1\nservices:\n  db: { start: ./db }\n'));
    expect(api?.stopped).toBe(true);
    expect(h.manager.managedNames()).toEqual(['db']);
    expect(h.runner.current('db')?.running).toBe(true);
  });

  it('counts failures in a row until a run lasts min_uptime; then the next failure is a first one, restarted at once and not counted', async () => {
    const h = await harness(yaml('{ backoff: 1s..1m, budget: 100 within 1h, min_uptime: 30s }'));
    const started = h.manager.run('start', ['api'], 'test');
    await h.advance(1_000);
    await started;
    /** Lets the current process run `ms`, then ends it; returns the wait before its restart. */
    const failAfter = async (ms: number): Promise<number> => {
      await h.advance(ms);
      h.runner.current('api')?.exit(2);
      await h.advance(0);
      const delay = announcedDelay(h.lastMatching('api', /^restarting/));
      await h.advance(delay);
      return delay;
    };
    // Runs of 0, 20 and 29 s: each within 30 s of its start, so the streak grows.
    expect(await failAfter(0)).toBe(0);
    expect(await failAfter(20_000)).toBe(1_000);
    expect(await failAfter(29_000)).toBe(2_000);
    expect(h.status('api')?.runtime?.failures).toBe(3);
    expect(h.lastMatching('api', /^restarting/)).toBe('restarting: exited with code 2; restarting in 2s (restart 3 of 100 within 1h)');
    // 30 s since its start, ready and healthy: a clean run, the streak is over.
    await h.advance(30_000);
    expect(h.status('api')?.runtime?.failures).toBe(0);
    expect(await failAfter(0)).toBe(0);
    expect(h.lastMatching('api', /^restarting/)).toBe('restarting: exited with code 2; restarting now');
    expect(h.status('api')).toMatchObject({ status: 'starting', runtime: { failures: 1 } });
  });

  it('heals a service that dies now and then every time, at once, with the defaults; a crash loop is still given up', async () => {
    const h = await harness(
      'version: 1\nservices:\n  api: { start: ./api, restart: { policy: on-failure } }\n  loop: { start: ./loop, restart: { policy: on-failure } }\n',
    );
    const started = h.manager.run('start', ['api'], 'test');
    await h.advance(1_000);
    await started;
    // Killed 10 times, 2 to 5 s apart: each after a clean run, each restarted with no delay.
    // (It has no probes: back to 'running' — its process runs — which is all anyone can know.)
    const gaps = [2_000, 4_500, 3_000, 2_200, 5_000, 2_600, 3_900, 2_000, 4_100, 3_300];
    for (const [kill, gap] of gaps.entries()) {
      await h.advance(gap);
      expect(h.status('api')?.status).toBe('running');
      h.runner.current('api')?.exit(null, 'SIGKILL');
      await h.advance(0);
      // Started again without time passing, and not counted against the budget.
      expect(h.runner.startsOf('api')).toBe(kill + 2);
      expect(h.lastMatching('api', /^restarting/)).toBe('restarting: killed by SIGKILL; restarting now');
    }
    await h.advance(1_000);
    expect(h.runner.startsOf('api')).toBe(11);
    expect(h.status('api')?.status).toBe('running');
    expect(h.raised).toEqual([]);

    // Exits within a second of every start: 1 + 3 starts, then given up and escalated.
    const loopStarted = h.manager.run('start', ['loop'], 'test');
    for (let run = 0; run < 10 && h.status('loop')?.status !== 'given_up'; run++) {
      await h.advance(300);
      h.runner.current('loop')?.exit(1);
      await h.advance(0);
      if (h.status('loop')?.status !== 'given_up') await h.advance(announcedDelay(h.lastMatching('loop', /^restarting/)));
    }
    expect(h.runner.startsOf('loop')).toBe(4);
    expect(h.status('loop')).toMatchObject({
      status: 'given_up',
      reason: 'gave up: 3 restarts within 10m did not keep it running for 1.5s (a crash loop); last: exited with code 1',
    });
    expect(h.raised.map((alert) => alert.labels)).toEqual([{ service: 'loop', severity: 'critical' }]);
    expect((await loopStarted).services[0]).toMatchObject({ service: 'loop', outcome: 'failed' });
  });

  it('restarts on failing probes, not only on exit; not when on_probe_failure is off', async () => {
    const h = await harness(`version: 1
services:
  api:
    start: ./api
    probes: [{ tcp: "127.0.0.1:9" }]
    restart: { backoff: 500ms..5s }
  quiet:
    start: ./quiet
    probes: [{ tcp: "127.0.0.1:9" }]
    restart: { on_probe_failure: false }
`);
    const started = h.manager.run('start', [], 'test');
    await h.advance(100);
    expect(h.status('api')?.status).toBe('starting');
    h.health.set('api', 'up');
    h.health.set('quiet', 'up');
    await h.advance(100);
    expect((await started).ok).toBe(true);

    h.health.set('api', 'down', 'connection refused');
    h.health.set('quiet', 'down', 'connection refused');
    await h.advance(0);
    const first = h.runner.handles.find((handle) => handle.service === 'api');
    expect(first?.stopped).toBe(true);
    expect(h.lastMatching('api', /^restarting/)).toBe('restarting: probes failing: connection refused; restarting now (restart 1 of 3 within 10m)');
    await h.advance(0);
    expect(h.runner.startsOf('api')).toBe(2);
    // Re-activated probes start over: not ready on a stale "up".
    expect(h.status('api')?.status).toBe('starting');
    expect(h.health.active.get('api')).toBe(true);

    expect(h.runner.startsOf('quiet')).toBe(1);
    expect(h.status('quiet')).toMatchObject({ status: 'down', reason: 'connection refused' });
  });

  it('leaves a clean exit alone under on-failure, restarts it under always, and never restarts under never', async () => {
    const h = await harness(`version: 1
services:
  batch: { start: ./batch }
  loop: { start: ./loop, restart: { policy: always, backoff: 1s..1s } }
  once: { start: ./once, restart: { policy: never } }
`);
    const started = h.manager.run('start', [], 'test');
    await h.advance(1_000);
    await started;
    h.runner.current('batch')?.exit(0);
    h.runner.current('loop')?.exit(0);
    h.runner.current('once')?.exit(3);
    await h.advance(5_000);
    expect(h.status('batch')).toMatchObject({ status: 'stopped', reason: 'exited with code 0' });
    expect(h.runner.startsOf('batch')).toBe(1);
    expect(h.runner.startsOf('loop')).toBe(2);
    expect(h.status('once')).toMatchObject({ status: 'down', reason: 'exited with code 3; restart policy is never' });
    expect(h.runner.startsOf('once')).toBe(1);
  });

  it('does not retry a command that cannot run, and says why', async () => {
    const h = await harness(yaml('{ policy: always }'));
    h.runner.failWith.set('api', 'start command not found: ./api (not on PATH, or no such file)');
    const result = await h.manager.run('start', ['api'], 'test');
    await h.advance(60_000);
    expect(result.services).toEqual([
      expect.objectContaining({ service: 'api', outcome: 'failed', message: 'start command not found: ./api (not on PATH, or no such file)' }),
    ]);
    expect(h.status('api')).toMatchObject({ status: 'down', reason: 'start command not found: ./api (not on PATH, or no such file)' });
    expect(h.audit.list({ target: 'api', limit: 10 }).map((entry) => entry.outcome)).toEqual(['failed']);
  });

  it('restarts a service whose probes never pass within ready_timeout, counting it as a failure', async () => {
    const h = await harness(`version: 1
services:
  api:
    start: ./api
    ready_timeout: 10s
    probes: [{ tcp: "127.0.0.1:9" }]
    restart: { backoff: 1s..1s, budget: 1 within 10m }
`);
    const started = h.manager.run('start', ['api'], 'test');
    await h.advance(10_000);
    const result = await started;
    expect(result.services[0]).toMatchObject({ outcome: 'failed' });
    expect(result.services[0]?.message).toBe('not ready after 10s: its probes have not passed (first check pending)');
    await h.advance(0);
    expect(h.runner.startsOf('api')).toBe(2);
    await h.advance(10_000);
    expect(h.status('api')).toMatchObject({ status: 'given_up' });
    expect(h.status('api')?.reason).toBe(
      'gave up: 1 restart within 10m did not keep it running for 1.5s (a crash loop); last: not ready after 10s: its probes have not passed (first check pending)',
    );
  });

  it('stops trying when stopped: a scheduled restart is cancelled', async () => {
    const h = await harness(yaml('{ backoff: 5s..5s, min_uptime: 1m }'));
    const started = h.manager.run('start', ['api'], 'test');
    await h.advance(1_000);
    await started;
    h.runner.current('api')?.exit(1);
    await h.advance(0);
    expect(h.runner.startsOf('api')).toBe(2);
    // The second failure in a row waits 5 s; a stop within it cancels the restart.
    h.runner.current('api')?.exit(1);
    await h.advance(1_000);
    expect(h.status('api')?.runtime?.nextRestartAt).toBe(h.clock.now() + 4_000);
    const stopped = await h.manager.run('stop', ['api'], 'operator');
    expect(stopped.services[0]).toMatchObject({ outcome: 'stopped' });
    expect(h.clock.pendingTimers).toBe(0);
    await h.advance(10_000);
    expect(h.runner.startsOf('api')).toBe(2);
    expect(h.status('api')).toMatchObject({ status: 'stopped', reason: 'stopped by operator' });
  });

  it("counts a rule's restart against the budget", async () => {
    const h = await harness(yaml('{ backoff: 1s..1s, budget: 1 within 10m }'));
    const started = h.manager.run('start', ['api'], 'test');
    await h.advance(1_000);
    await started;
    const first = h.manager.get('api')?.restartForRule('ApiSlow');
    await h.advance(2_000);
    expect((await first)?.ok).toBe(true);
    expect(h.runner.startsOf('api')).toBe(2);
    expect(h.audit.list({ target: 'api', limit: 10 })[0]).toMatchObject({ actor: 'rule:ApiSlow', action: 'restart', outcome: 'ok' });
    const second = h.manager.get('api')?.restartForRule('ApiSlow');
    await h.advance(2_000);
    expect(await second).toMatchObject({ ok: false });
    expect(h.status('api')?.status).toBe('given_up');
  });
});
