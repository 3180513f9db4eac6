import { describe, expect, it } from 'vitest';
import { harness, workspace } from './harness';

/**
 * The self-healing logic on fake time with a hand-driven probe-health source: what triggers a
 * restart, the back-off, the budget, min_uptime, give-up and escalation, and the audit entries.
 */
const yaml = (restart: string, extra = '') => `version: 1
services:
  api:
    start: ./api
    restart: ${restart}
${extra}`;

describe('self-healing', () => {
  it('restarts a process that exits, backing off 1s, 2s, 4s; gives up when the budget is spent, and escalates', async () => {
    const h = await harness(yaml('{ policy: on-failure, backoff: 1s..30s, factor: 2, budget: 3 within 10m, min_uptime: 30s }'));
    const started = h.manager.run('start', ['api'], 'test');
    await h.advance(1_000);
    expect((await started).ok).toBe(true);
    expect(h.status('api')?.status).toBe('running');

    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      h.runner.current('api')?.exit(1);
      await h.advance(0);
      // Its process is gone: restarting (shown red), never "pending".
      expect(h.status('api')?.status).toBe('restarting');
      const runtime = h.status('api')?.runtime;
      delays.push((runtime?.nextRestartAt ?? 0) - h.clock.now());
      expect(h.status('api')?.reason).toMatch(new RegExp(`exited with code 1; restarting in \\d+s \\(restart ${attempt} of 3 within 10m\\)`));
      await h.advance(delays.at(-1) as number);
      expect(h.runner.startsOf('api')).toBe(attempt + 1);
      await h.advance(1_000);
      expect(h.status('api')?.status).toBe('running');
    }
    expect(delays).toEqual([1_000, 2_000, 4_000]);

    // The fourth failure within 10 minutes: no more restarts, a person is needed.
    h.runner.current('api')?.exit(1);
    await h.advance(60_000);
    expect(h.runner.startsOf('api')).toBe(4);
    expect(h.status('api')?.status).toBe('given_up');
    expect(h.status('api')?.reason).toBe('gave up: 3 restarts within 10m did not keep it running; last: exited with code 1');
    expect(h.raised).toEqual([
      { alertname: 'ServiceGivenUp', labels: { service: 'api', severity: 'critical' }, annotations: { summary: 'api gave up restarting', description: h.status('api')?.reason } },
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
  api: { start: ./api, depends_on: [db], restart: { backoff: 1s..1s, budget: 1 within 10m } }
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
    await h.advance(100);
    expect(h.status('api')).toMatchObject({ status: 'restarting', reason: 'exited with code 1; restarting in 1s (restart 1 of 1 within 10m)' });
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

  it('resets the failures in a row only after min_uptime of health, so a slow starter does not loop', async () => {
    const h = await harness(yaml('{ backoff: 1s..1m, budget: 100 within 1h, min_uptime: 30s }'));
    const started = h.manager.run('start', ['api'], 'test');
    await h.advance(1_000);
    await started;
    const nextDelay = async (): Promise<number> => {
      h.runner.current('api')?.exit(2);
      await h.advance(0);
      const delay = (h.status('api')?.runtime?.nextRestartAt ?? 0) - h.clock.now();
      await h.advance(delay + 1_000);
      return delay;
    };
    expect(await nextDelay()).toBe(1_000);
    // Up for 20 s only: not long enough to be forgiven.
    await h.advance(20_000);
    expect(await nextDelay()).toBe(2_000);
    await h.advance(29_000);
    expect(await nextDelay()).toBe(4_000);
    // Up for 30 s in one stretch: the next failure starts the back-off over.
    await h.advance(30_000);
    expect(h.status('api')?.runtime?.failures).toBe(0);
    expect(await nextDelay()).toBe(1_000);
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
    await h.advance(100);
    const first = h.runner.handles.find((handle) => handle.service === 'api');
    expect(first?.stopped).toBe(true);
    expect(h.status('api')).toMatchObject({ status: 'restarting', reason: 'probes failing: connection refused; restarting in 500ms (restart 1 of 3 within 10m)' });
    await h.advance(500);
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
    expect(result.services).toEqual([expect.objectContaining({ service: 'api', outcome: 'failed', message: 'start command not found: ./api (not on PATH, or no such file)' })]);
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
    await h.advance(1_000);
    expect(h.runner.startsOf('api')).toBe(2);
    await h.advance(10_000);
    expect(h.status('api')).toMatchObject({ status: 'given_up' });
    expect(h.status('api')?.reason).toBe('gave up: 1 restart within 10m did not keep it running; last: not ready after 10s: its probes have not passed (first check pending)');
  });

  it('stops trying when stopped: a scheduled restart is cancelled', async () => {
    const h = await harness(yaml('{ backoff: 5s..5s }'));
    const started = h.manager.run('start', ['api'], 'test');
    await h.advance(1_000);
    await started;
    h.runner.current('api')?.exit(1);
    await h.advance(1_000);
    const stopped = await h.manager.run('stop', ['api'], 'operator');
    expect(stopped.services[0]).toMatchObject({ outcome: 'stopped' });
    await h.advance(10_000);
    expect(h.runner.startsOf('api')).toBe(1);
    expect(h.status('api')).toMatchObject({ status: 'stopped', reason: 'stopped by operator' });
  });

  it('counts a rule\'s restart against the budget', async () => {
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
