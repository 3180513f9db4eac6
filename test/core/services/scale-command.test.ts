import { describe, expect, it } from 'vitest';
import type { CallContext } from '../../../src/shared/contract/define';
import type { AuditEntry } from '../../../src/shared/types/operate';
import { ZervigoError } from '../../../src/shared/errors';
import { engineCall } from '../../helpers/engine-call';
import { contextAs } from '../../helpers/principals';
import { serveEngine } from '../../helpers/serve-engine';
import { waitFor } from '../../helpers/wait-for';

/** web: replicated within 1..4 (a rule that never fires); solo: a plain service; pinned: replicas: 2 without scale:. */
const WORKSPACE = `version: 1
machine: false
environment: dev
environments:
  dev: {}
  prod: { confirm_destructive: true }
services:
  web:
    start: [sleep, "600"]
    replicas: 2
    scale: { min: 1, max: 4, up: 'vector(0) > 1', every: 1h }
  pinned:
    start: [sleep, "600"]
    replicas: 2
  solo:
    start: [sleep, "600"]
`;

async function refusal(run: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await run.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ZervigoError)) throw new Error(`expected a refusal, got ${error === undefined ? 'success' : (error as Error).message}`);
  return { code: error.code, message: error.message };
}

describe('services.scale and services.restartReplica through the dispatcher', () => {
  it('scales a replicated service as an operator, audited with who and why; a viewer may not', async () => {
    const { engine, service } = await serveEngine(WORKSPACE);
    await waitFor(async () => (await service('web')).reason === '2/2 up', { timeoutMs: 20_000, what: 'web 2/2 up' });
    const alice = contextAs('operator', 'alice');
    const result = await engineCall(engine, 'services.scale', { service: 'web', replicas: 3, reason: 'launch day' }, alice);
    expect(result).toMatchObject({ ok: true, summary: '2 → 3 replicas (launch day): added web#3, ready' });
    expect((await service('web')).reason).toBe('3/3 up');
    const down = await engineCall(engine, 'services.scale', { service: 'pinned', replicas: 1 }, alice);
    expect(down.summary).toBe('2 → 1 replicas (scaled by alice): removed pinned#2, stopped');
    const audit = await engineCall(engine, 'audit.list', { action: 'scale' }, alice);
    expect(audit.map((entry: AuditEntry) => `${entry.actor} ${entry.target} ${entry.outcome}`)).toEqual(['alice pinned ok', 'alice web ok']);

    const viewer = contextAs('viewer', 'vic');
    expect(await refusal(engineCall(engine, 'services.scale', { service: 'web', replicas: 2 }, viewer))).toMatchObject({ code: 'forbidden' });
  }, 60_000);

  it('refuses with a message a person can act on, each refusal audited, the running count untouched', async () => {
    const { engine, service } = await serveEngine(WORKSPACE);
    await waitFor(async () => (await service('web')).reason === '2/2 up', { timeoutMs: 20_000, what: 'web 2/2 up' });
    const bob = contextAs('operator', 'bob');
    const scale = (input: Record<string, unknown>, context: CallContext = bob) => engine.dispatch('services.scale', input, context);
    expect(await refusal(scale({ service: 'web', replicas: 5 }))).toEqual({ code: 'invalid_input', message: 'web scales within 1..4; 5 is outside it' });
    expect(await refusal(scale({ service: 'solo', replicas: 2 }))).toEqual({
      code: 'invalid_input',
      message: 'solo is not replicated: give it replicas: N (or scale:) in the workspace first',
    });
    const unknown = await refusal(scale({ service: 'nope', replicas: 2 }));
    expect(unknown.code).toBe('not_found');
    expect(unknown.message).toContain('no service "nope"');
    expect((await refusal(scale({ service: 'web', replicas: 2.5 }))).message).toContain('replicas is a whole number of replicas, e.g. 3');
    expect((await refusal(scale({ service: 'web', replicas: 'three' }))).message).toContain('replicas is a whole number of replicas, e.g. 3');
    expect((await refusal(scale({ service: 'web', replicas: 0 }))).message).toContain('a replicated service runs at least 1 replica');
    const audit = await engineCall(engine, 'audit.list', { action: 'scale', actor: 'bob' }, bob);
    expect(audit[0]?.message).toMatch(/^no service "nope" in the workspace/);
    expect(audit.slice(1).map((entry) => `${entry.target} ${entry.outcome}: ${entry.message}`)).toEqual([
      'solo refused: solo is not replicated: give it replicas: N (or scale:) in the workspace first',
      'web refused: web scales within 1..4; 5 is outside it',
    ]);
    expect(engine.operate.manager.replicaCount('web')).toBe(2);
  }, 60_000);

  it('asks for confirmation before scaling down in a confirm_destructive environment (not up)', async () => {
    const { engine, service } = await serveEngine(WORKSPACE.replace('environment: dev', 'environment: prod'));
    await waitFor(async () => (await service('web')).reason === '2/2 up', { timeoutMs: 20_000, what: 'web 2/2 up' });
    const carol = contextAs('operator', 'carol');
    expect(await refusal(engine.dispatch('services.scale', { service: 'web', replicas: 1 }, carol))).toEqual({
      code: 'confirmation_required',
      message: 'prod asks for confirmation before scaling down web: send "confirm": true (the console asks)',
    });
    expect((await engineCall(engine, 'services.scale', { service: 'web', replicas: 1, confirm: true }, carol)).ok).toBe(true);
    expect((await engineCall(engine, 'services.scale', { service: 'web', replicas: 2 }, carol)).ok).toBe(true);
  }, 60_000);

  it('restarts one replica: a new process for it, the others keep theirs', async () => {
    const { engine, service } = await serveEngine(WORKSPACE);
    const before = await waitFor(async () => ((await service('web')).reason === '2/2 up' ? (await service('web')).runtime?.replicas : undefined), {
      timeoutMs: 20_000,
      what: 'web 2/2 up',
    });
    const dave = contextAs('operator', 'dave');
    const result = await engineCall(engine, 'services.restartReplica', { service: 'web', replica: 2 }, dave);
    expect(result).toMatchObject({ ok: true, summary: 'Restarted web#2', targets: ['web#2'] });
    const after = (await service('web')).runtime?.replicas ?? [];
    expect(after[0]?.pid).toBe(before[0]?.pid);
    expect(after[1]?.pid).not.toBe(before[1]?.pid);
    const [entry] = await engineCall(engine, 'audit.list', { target: 'web#2', action: 'restart' }, dave);
    expect(entry).toMatchObject({ actor: 'dave', outcome: 'ok' });
    expect(await refusal(engine.dispatch('services.restartReplica', { service: 'web', replica: 3 }, dave))).toEqual({
      code: 'not_found',
      message: 'web has no replica 3: it runs 2 (web#1..web#2)',
    });
  }, 60_000);
});
