import { describe, expect, it } from 'vitest';
import { harness } from './harness';

/**
 * Healing that does not cascade, on fake time with hand-driven probe health: a dependent whose
 * failure a dependency that is down explains waits ("waiting for db"), is not restarted, and
 * carries on when the dependency is back; only the dependency is healed.
 */
const chain = `version: 1
services:
  db:  { start: ./db, probes: [{ tcp: "127.0.0.1:5432" }] }
  api: { start: ./api, depends_on: [db], probes: [{ http: "http://127.0.0.1:8080/health" }] }
  web: { start: ./web, depends_on: [api], probes: [{ http: "http://127.0.0.1:3000/health" }] }
`;

async function running(yaml = chain) {
  const h = await harness(yaml);
  const started = h.manager.run('start', [], 'test');
  for (const name of ['db', 'api', 'web']) {
    await h.advance(100);
    h.health.set(name, 'up');
  }
  // Running fine for a while: a failure now is a first one, healed at once.
  await h.advance(2_000);
  expect((await started).ok).toBe(true);
  const restartsOf = (name: string) => h.audit.list({ target: name, action: 'restart', limit: 100 }).length;
  return { ...h, restartsOf };
}

describe('healing that does not cascade', () => {
  it('shows the dependents of a failed dependency as waiting for it, restarts only the dependency, and the dependents recover by themselves', async () => {
    const h = await running();
    // db dies; its dependents' checks fail because of it.
    h.runner.current('db')?.exit(null, 'SIGKILL');
    h.health.set('api', 'down', 'http#0: HTTP 503');
    h.health.set('web', 'down', 'http#0: HTTP 502');
    await h.advance(0);
    expect(h.status('api')).toMatchObject({ status: 'waiting', waitingFor: ['db'] });
    expect(h.status('api')?.reason).toMatch(/^waiting for db: db is (pending|starting|not checked yet)/);
    expect(h.status('web')).toMatchObject({ status: 'waiting', waitingFor: ['db'] });
    expect(h.status('web')?.reason).toMatch(/^waiting for db \(via api\): db is /);
    // The decision is on record: not restarted, and why.
    expect(h.audit.list({ target: 'api', action: 'wait', limit: 5 })[0]).toMatchObject({
      actor: 'supervisor',
      outcome: 'skipped',
      message: expect.stringMatching(/^not restarted: waiting for db/) as unknown,
    });
    expect(h.audit.list({ target: 'web', action: 'wait', limit: 5 })).toHaveLength(1);
    await h.advance(30_000);
    expect([h.restartsOf('db'), h.restartsOf('api'), h.restartsOf('web')]).toEqual([1, 0, 0]);
    expect([h.runner.startsOf('api'), h.runner.startsOf('web')]).toEqual([1, 1]);
    expect(h.status('api')?.status).toBe('waiting');

    // db is back: api gets a fresh look from its own probes; web waits for that verdict.
    const before = h.health.rechecked.length;
    h.health.set('db', 'up');
    await h.advance(0);
    expect(h.health.rechecked.slice(before)).toEqual(['api']);
    expect(h.status('web')).toMatchObject({
      status: 'waiting',
      waitingFor: ['api'],
      reason: 'waiting for api: api is not checked yet (running; no probe result yet)',
    });
    h.health.set('api', 'up');
    await h.advance(0);
    expect(h.health.rechecked.slice(before)).toEqual(['api', 'web']);
    h.health.set('web', 'up');
    await h.advance(0);
    expect([h.status('api')?.status, h.status('web')?.status]).toEqual(['up', 'up']);
    expect([h.restartsOf('api'), h.restartsOf('web')]).toEqual([0, 0]);
    expect(h.raised).toEqual([]);
  });

  it('restarts a dependent whose own probes still fail once the dependency is back', async () => {
    const h = await running();
    h.health.set('db', 'down', 'tcp#0: connection refused');
    h.health.set('api', 'down', 'http#0: HTTP 503');
    await h.advance(0);
    expect(h.status('api')?.status).toBe('waiting');
    expect(h.restartsOf('db')).toBe(1);
    h.health.set('db', 'up');
    await h.advance(0);
    // The fresh verdict: api is down on its own now.
    h.health.set('api', 'down', 'http#0: HTTP 500');
    await h.advance(0);
    expect(h.restartsOf('api')).toBe(1);
    expect(h.lastMatching('api', /^restarting/)).toBe('restarting: probes failing: http#0: HTTP 500; restarting now');
  });

  it('checks a dependency that still looks up before restarting a dependent, and waits when that check fails', async () => {
    const h = await running();
    // api's probe saw db fail before db's own probe did.
    h.health.onConfirm = (service) => {
      if (service === 'db') h.health.set('db', 'pending', 'tcp#0: no answer within 5s (timeout)');
    };
    h.health.set('api', 'down', 'http#0: HTTP 503');
    await h.advance(0);
    expect(h.health.confirmed).toEqual(['db']);
    expect(h.status('api')).toMatchObject({ status: 'waiting', reason: 'waiting for db: db is pending (tcp#0: no answer within 5s (timeout))' });
    expect(h.restartsOf('api')).toBe(0);
    // …and restarts it at once when the dependency passes that check.
    h.health.onConfirm = () => undefined;
    h.health.set('db', 'up');
    await h.advance(0);
    h.health.set('api', 'down', 'http#0: HTTP 503');
    await h.advance(0);
    expect(h.health.confirmed).toEqual(['db', 'db']);
    expect(h.restartsOf('api')).toBe(1);
  });

  it('starts a dependent that exited while its dependency was down once the dependency is back, without spending its budget', async () => {
    const h = await running();
    h.health.set('db', 'down', 'tcp#0: connection refused');
    await h.advance(0);
    h.runner.current('api')?.exit(1);
    await h.advance(10_000);
    expect(h.status('api')).toMatchObject({ status: 'waiting', waitingFor: ['db'] });
    expect(h.status('api')?.reason).toMatch(/; it exited with code 1: starts again once db is back$/);
    expect(h.health.pausedReasons.get('api')).toBe('waiting for db; checked as soon as api runs again');
    expect(h.runner.startsOf('api')).toBe(1);
    h.health.set('db', 'up');
    await h.advance(0);
    expect(h.runner.startsOf('api')).toBe(2);
    expect(h.audit.list({ target: 'api', limit: 1 })[0]).toMatchObject({
      actor: 'supervisor',
      action: 'start',
      outcome: 'ok',
      message: expect.stringMatching(/^db is back → started/) as unknown,
    });
    expect(h.restartsOf('api')).toBe(0);
    expect(h.status('api')?.runtime?.failures).toBe(0);
  });

  it("refuses a rule's restart of a service that waits for its dependency: the rule sees a symptom", async () => {
    const h = await running();
    h.health.set('db', 'down', 'tcp#0: connection refused');
    h.health.set('api', 'down', 'http#0: HTTP 503');
    await h.advance(0);
    const outcome = await h.manager.get('api')?.restartForRule('ServiceDown');
    expect(outcome).toMatchObject({ ok: false, unchanged: true, message: expect.stringMatching(/^not restarted: waiting for db: db is /) as unknown });
    expect(h.restartsOf('api')).toBe(0);
  });

  it('never restarts a service for a failing readiness probe; a liveness probe still does', async () => {
    const h = await running(`version: 1
services:
  api:
    start: ./api
    probes:
      - { http: "http://127.0.0.1:8080/ready", role: readiness }
      - { tcp: "127.0.0.1:8080" }
`);
    // Only the readiness probe fails: not ready (down, as the operator sees it), not restarted.
    h.health.set('api', 'down', 'http#0: HTTP 503', 'up');
    await h.advance(60_000);
    expect(h.status('api')).toMatchObject({ status: 'down', reason: 'http#0: HTTP 503' });
    expect(h.runner.startsOf('api')).toBe(1);
    // The liveness probe fails too: now it is restarted.
    h.health.set('api', 'down', 'http#0: HTTP 503', 'down');
    await h.advance(0);
    expect(h.runner.startsOf('api')).toBe(2);
  });
});
