import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAlive } from '../../../src/core/process/process-group';
import type { AuditEntry, OperationResult } from '../../../src/shared/types/operate';
import type { ServiceView } from '../../../src/shared/types/service';
import { serveEngine as serve } from '../../helpers/serve-engine';
import { waitFor } from '../../helpers/wait-for';

describe('service control through the REST API, on real processes', () => {
  it('starts, restarts and stops with the routes the issue asks for, and audits each action', async () => {
    const { call, service, dir } = await serve(`version: 1
services:
  db:
    start: [sh, -c, "echo $$ >> starts-db; exec sleep 60"]
    autostart: false
  api:
    start: [sh, -c, "echo $$ >> starts-api; exec sleep 60"]
    depends_on: [db]
    autostart: false
`);
    const started = await call<OperationResult>('POST', '/services/start', { services: [] });
    expect(started.status).toBe(200);
    expect(started.body.services.map((step) => [step.service, step.outcome])).toEqual([
      ['db', 'ready'],
      ['api', 'ready'],
    ]);
    const api = await service('api');
    // No probes: its process runs, and that is all anyone knows.
    expect(api.status).toBe('running');
    expect(api.runtime).toMatchObject({ phase: 'running', restarts: 0, adopted: false });
    expect(api.runtime?.pid).toBe(Number(fs.readFileSync(path.join(dir, 'starts-api'), 'utf8')));
    expect(isAlive(api.runtime?.pid as number)).toBe(true);

    const restarted = await call<OperationResult>('POST', '/services/restart', { services: ['api'] });
    expect(restarted.body.services.map((step) => `${step.service} ${step.outcome}`)).toEqual(['api stopped', 'db already_running', 'api ready']);
    expect(isAlive(api.runtime?.pid as number)).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'starts-api'), 'utf8').trim().split('\n')).toHaveLength(2);

    const stopped = await call<OperationResult>('POST', '/services/stop', {});
    expect(stopped.body.services.map((step) => `${step.service} ${step.outcome}`)).toEqual(['api stopped', 'db stopped']);
    // Who stopped it, in words: the person behind the token (the data folder's API token is the owner's), not "api", the service's own name here.
    expect(await service('db')).toMatchObject({ status: 'stopped', reason: 'stopped by owner with token api-token' });

    const audit = await call<AuditEntry[]>('GET', '/audit?target=api');
    expect(audit.body.map((entry) => `${entry.actor} ${entry.action} ${entry.outcome}`)).toEqual(
      ['stop', 'start', 'stop', 'start'].map((action) => `owner (token api-token) ${action} ok`),
    );
    expect(audit.body[0]?.durationMs).toBeGreaterThanOrEqual(0);
    const one = await call<AuditEntry>('GET', `/audit/${audit.body[0]?.id}`);
    expect(one.body).toEqual(audit.body[0]);
  });

  it('asks for confirmation before a stop or restart in a confirm_destructive environment', async () => {
    const { call, engine } = await serve(`version: 1
environments:
  prod: { confirm_destructive: true }
services:
  api: { start: [sleep, "60"] }
`);
    await waitFor(async () => engine.services.list()[0]?.status === 'running', { what: 'autostart' });
    const refused = await call<{ error: { code: string; message: string; details: unknown } }>('POST', '/services/stop', { services: ['api'] });
    expect(refused.status).toBe(428);
    expect(refused.body.error).toMatchObject({
      code: 'confirmation_required',
      message: 'prod asks for confirmation before stopping api: send "confirm": true (the console asks)',
      details: { environment: 'prod', action: 'stop', services: ['api'] },
    });
    expect(engine.services.list()[0]?.status).toBe('running');
    const confirmed = await call<OperationResult>('POST', '/services/stop', { services: ['api'], confirm: true });
    expect(confirmed.body.ok).toBe(true);
    const audit = await call<AuditEntry[]>('GET', '/audit?limit=5');
    expect(audit.body.map((entry) => `${entry.action} ${entry.outcome}`)).toEqual(['stop ok', 'stop refused', 'start ok']);
    // Starting is never destructive.
    expect((await call<OperationResult>('POST', '/services/start', { services: ['api'] })).status).toBe(200);
  });

  it('stops a crash loop: restarts within the budget, then gives up with the reason, and no process is left', async () => {
    const { engine, dir, call } = await serve(`version: 1
services:
  flaky:
    start: [sh, -c, "echo $$ >> starts; exit 3"]
    restart: { backoff: 50ms..200ms, budget: 2 within 1m }
`);
    await waitFor(() => engine.services.list()[0]?.status === 'given_up', { timeoutMs: 10_000, what: 'the service to give up' });
    const view = engine.services.list()[0] as ServiceView;
    expect(view.reason).toBe('gave up: 2 restarts within 1m did not keep it running for 1.5s (a crash loop); last: exited with code 3');
    // Given up means nothing is scheduled: no next restart, no process.
    expect(view.runtime).toMatchObject({ phase: 'given_up', nextRestartAt: null, pid: null, restarts: 2 });
    const starts = () => fs.readFileSync(path.join(dir, 'starts'), 'utf8').trim().split('\n');
    expect(starts()).toHaveLength(3);
    expect(
      starts()
        .map(Number)
        .filter((pid) => isAlive(pid)),
    ).toEqual([]);
    const audit = (await call<AuditEntry[]>('GET', '/audit?target=flaky')).body;
    expect(audit.map((entry) => `${entry.actor} ${entry.action} ${entry.outcome}`)).toEqual([
      'supervisor give_up failed',
      'supervisor restart ok',
      'supervisor restart ok',
      'autostart start failed',
    ]);
    expect(audit[3]?.message).toBe('gave up: 2 restarts within 1m did not keep it running for 1.5s (a crash loop); last: exited with code 3');

    // Reset: the budget starts over (and it crashes again, which is what it does).
    const reset = await call<OperationResult>('POST', '/services/reset', { services: ['flaky'] });
    expect(reset.body.services[0]).toMatchObject({ service: 'flaky', outcome: 'failed' });
    expect(starts()).toHaveLength(6);
  });

  it('gives a missing command, a service that dies at once and a bad name a clear state and message', async () => {
    const { call, service } = await serve(`version: 1
services:
  ghost: { start: zervigo-no-such-command-4711, autostart: false }
  brief: { start: [sh, -c, "exit 7"], restart: { policy: never }, autostart: false }
`);
    const result = await call<OperationResult>('POST', '/services/start', { services: [] });
    expect(result.body.services).toEqual([
      expect.objectContaining({
        service: 'ghost',
        outcome: 'failed',
        message: 'start command not found: zervigo-no-such-command-4711 (not on PATH, or no such file)',
      }),
      expect.objectContaining({ service: 'brief', outcome: 'failed', message: 'exited with code 7; restart policy is never' }),
    ]);
    expect(await service('ghost')).toMatchObject({
      status: 'down',
      reason: 'start command not found: zervigo-no-such-command-4711 (not on PATH, or no such file)',
    });
    expect(await service('brief')).toMatchObject({ status: 'down', reason: 'exited with code 7; restart policy is never' });
    const unknown = await call<{ error: { message: string } }>('POST', '/services/start', { services: ['ghots'] });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('no service "ghots" in the workspace; did you mean "ghost"?');
    const bad = await call<{ error: { message: string } }>('POST', '/services/start', { services: [42] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/services/);
  });

  it('shows the start order, and the last lines a service wrote', async () => {
    const { call } = await serve(`version: 1
services:
  db: { start: [sh, -c, "echo ready to serve; exec sleep 60"], autostart: false }
  api: { start: [sleep, "60"], depends_on: [db], autostart: false }
  web: { depends_on: [api] }
`);
    expect((await call('GET', '/services/plan')).body).toEqual({ levels: [['db'], ['api'], ['web']], problems: [] });
    expect((await call('GET', '/services/plan?services=api')).body).toEqual({ levels: [['db'], ['api']], problems: [] });
    await call('POST', '/services/start', { services: ['db'] });
    await waitFor(async () => (await call<{ lines: string[] }>('GET', '/services/db/output')).body.lines.includes('ready to serve'), { what: 'the output' });
  });
});
