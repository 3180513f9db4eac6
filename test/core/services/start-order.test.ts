import { describe, expect, it } from 'vitest';
import { ZervigoError } from '../../../src/shared/errors';
import { harness, workspace } from './harness';

const shop = `version: 1
services:
  db:    { start: ./db, probes: [{ tcp: "127.0.0.1:5432" }] }
  cache: { start: ./cache, probes: [{ tcp: "127.0.0.1:6379" }] }
  api:   { start: ./api, depends_on: [db, cache], probes: [{ http: "http://127.0.0.1:8080/health" }] }
  web:   { start: ./web, depends_on: [api] }
  docs:  { start: ./docs }
`;

describe('starting in dependency order', () => {
  it('starts independent services together and each dependent only once all of its dependencies are ready', async () => {
    const h = await harness(shop);
    const op = h.manager.run('start', [], 'operator');
    await h.advance(100);
    // db, cache and docs at once; api waits for both probes.
    expect(h.runner.starts.map((start) => start.service)).toEqual(['db', 'cache', 'docs']);
    expect(h.status('api')).toMatchObject({ status: 'waiting', reason: 'waiting for db, cache to be ready', waitingFor: ['db', 'cache'] });
    // Its probes are not run into `down` while it cannot answer: they wait too, and say so.
    expect(h.health.pausedReasons.get('api')).toBe('waiting for db, cache to be ready; checked as soon as api starts');
    // A new version of the workspace meanwhile keeps those words (not a bare "not running").
    await h.manager.apply(workspace(shop));
    expect(h.health.pausedReasons.get('api')).toBe('waiting for db, cache to be ready; checked as soon as api starts');
    h.health.set('db', 'up');
    await h.advance(500);
    expect(h.runner.startsOf('api')).toBe(0);
    h.health.set('cache', 'up');
    await h.advance(100);
    expect(h.runner.startsOf('api')).toBe(1);
    const apiReady = h.clock.now();
    h.health.set('api', 'up');
    await h.advance(1_500);
    const result = await op;
    expect(result.ok).toBe(true);
    // web has no probes: ready once it has run for a second.
    expect(h.runner.starts.find((start) => start.service === 'web')?.at).toBe(apiReady);
    expect(result.services.map((step) => [step.service, step.outcome])).toEqual([
      ['db', 'ready'],
      ['cache', 'ready'],
      ['docs', 'ready'],
      ['api', 'ready'],
      ['web', 'ready'],
    ]);
    // Progress went out per service, in order, with its level.
    const api = h.progress.filter((step) => step.service === 'api').map((step) => `${step.step}@${step.level}`);
    expect(api).toEqual(['queued@1', 'waiting@1', 'starting@1', 'ready@1']);
  });

  it('starts the dependencies of the services asked for, and nothing else', async () => {
    const h = await harness(shop);
    const op = h.manager.run('start', ['api'], 'operator');
    await h.advance(100);
    h.health.set('db', 'up');
    h.health.set('cache', 'up');
    await h.advance(100);
    h.health.set('api', 'up');
    await h.advance(100);
    expect((await op).services.map((step) => step.service)).toEqual(['db', 'cache', 'api']);
    expect(h.runner.startsOf('docs')).toBe(0);
  });

  it('names the blocker when a dependency is not ready in time, and does not start what depends on it', async () => {
    const h = await harness(shop.replace('db:    { start: ./db,', 'db:    { start: ./db, ready_timeout: 20s, restart: { on_probe_failure: false },'));
    const op = h.manager.run('start', ['web'], 'operator');
    await h.advance(100);
    h.health.set('cache', 'up');
    h.health.set('db', 'down', 'connection refused');
    await h.advance(20_000);
    const result = await op;
    expect(result.ok).toBe(false);
    const byName = Object.fromEntries(result.services.map((step) => [step.service, step]));
    expect(byName.db).toMatchObject({ outcome: 'failed', message: 'not ready after 20s: its probes have not passed (connection refused)' });
    expect(byName.api).toMatchObject({ outcome: 'blocked', message: 'not started: db: not ready after 20s: its probes have not passed (connection refused)' });
    expect(byName.web).toMatchObject({ outcome: 'blocked', message: 'not started: api was not started' });
    expect(h.runner.startsOf('api')).toBe(0);
    expect(h.status('api')).toMatchObject({ status: 'stopped', reason: byName.api?.message });
    expect(h.audit.list({ target: 'api', limit: 5 })[0]).toMatchObject({ action: 'start', outcome: 'skipped' });
  });

  it('stops in reverse order: dependents first', async () => {
    const h = await harness(shop.replaceAll(/, probes: \[[^\]]*\]/g, ''));
    const op = h.manager.run('start', [], 'operator');
    await h.advance(3_000);
    await op;
    const order: string[] = [];
    for (const handle of h.runner.handles) {
      const stop = handle.stop.bind(handle);
      handle.stop = async () => {
        order.push(handle.service);
        return stop();
      };
    }
    const stopped = await h.manager.run('stop', [], 'operator');
    expect(stopped.services.every((step) => step.outcome === 'stopped')).toBe(true);
    expect(order.indexOf('web')).toBeLessThan(order.indexOf('api'));
    expect(order.indexOf('api')).toBeLessThan(order.indexOf('db'));
    expect(order.indexOf('api')).toBeLessThan(order.indexOf('cache'));
    expect(stopped.services.map((step) => step.service).slice(0, 2)).toEqual(['web', 'api']);
  });

  it('refuses to order a cycle, naming it', async () => {
    const h = await harness(shop);
    const active = workspace(shop);
    (active.config.services.db as { depends_on: string[] }).depends_on = ['web'];
    await h.manager.apply(active);
    await expect(h.manager.run('start', [], 'operator')).rejects.toThrow('cannot order the services: dependency cycle: db → web → api → db');
    expect(h.manager.plan([])).toEqual({ levels: [], problems: ['dependency cycle: db → web → api → db'] });
    await expect(h.manager.run('start', ['wbe'], 'operator')).rejects.toBeInstanceOf(ZervigoError);
  });

  it('says which service does not exist, with a did-you-mean', async () => {
    const h = await harness(shop);
    await expect(h.manager.run('start', ['webb'], 'operator')).rejects.toThrow('no service "webb" in the workspace; did you mean "web"?');
  });

  it('starts services marked autostart when the workspace is loaded', async () => {
    const h = await harness(shop.replaceAll(/, probes: \[[^\]]*\]/g, '').replace('docs:  { start: ./docs }', 'docs:  { start: ./docs, autostart: false }'), {
      autostart: true,
    });
    await h.advance(3_000);
    expect(h.runner.starts.map((start) => start.service).sort()).toEqual(['api', 'cache', 'db', 'web']);
    expect(h.audit.list({ limit: 10 }).every((entry) => entry.actor === 'autostart')).toBe(true);
  });
});
