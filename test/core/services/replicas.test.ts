import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { signalGroup } from '../../../src/core/process/process-group';
import type { AuditEntry, OperationResult } from '../../../src/shared/types/operate';
import { freePortRange } from '../../helpers/free-port-range';
import { serveEngine as serve } from '../../helpers/serve-engine';
import { waitFor } from '../../helpers/wait-for';

const SERVER = path.resolve(__dirname, '../../fixtures/replicas/versioned-server.mjs');

/** "v0 2 1234": the version, replica and pid a replica answers with; null when it does not answer. */
async function ask(port: number): Promise<{ version: string; replica: number; pid: number } | null> {
  try {
    const [version, replica, pid] = (await (await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2_000) })).text()).trim().split(' ');
    return { version: version as string, replica: Number(replica), pid: Number(pid) };
  } catch {
    return null;
  }
}

function workspace(port: number, replicas: number, extra = ''): string {
  return `version: 1
machine: false
services:
  web:
    start: [node, ${JSON.stringify(SERVER)}]
    port: ${port}
    replicas: ${replicas}
    ready_timeout: 10s
    env: { PORT: "\${PORT}" }
    probes: [{ http: "http://127.0.0.1:\${PORT}/", every: 1s, timeout: 1s }]
${extra}`;
}

/** web with 3 replicas, served, once all three are up: their runtimes then. */
async function threeUp() {
  const port = await freePortRange(3);
  const served = await serve(workspace(port, 3));
  const before = await waitFor(
    async () => {
      const view = await served.service('web');
      return view.reason === '3/3 up' ? view.runtime?.replicas : undefined;
    },
    { timeoutMs: 20_000, what: 'web 3/3 up' },
  );
  return { ...served, port, before };
}

describe('replicas: N instances of one service, on real processes and real HTTP', () => {
  it('runs N replicas, each on port + REPLICA - 1 with its own probes, and shows "3/3 up"', async () => {
    const port = await freePortRange(3);
    const { service } = await serve(workspace(port, 3));
    const web = await waitFor(
      async () => {
        const view = await service('web');
        return view.status === 'up' && view.runtime?.replicas?.every((replica) => replica.status === 'up') ? view : undefined;
      },
      { timeoutMs: 20_000, what: 'web to be up with 3 replicas up' },
    );
    expect(web.reason).toBe('3/3 up');
    expect(web.runtime?.replicas?.map((replica) => [replica.replica, replica.port, replica.phase])).toEqual([
      [1, port, 'running'],
      [2, port + 1, 'running'],
      [3, port + 2, 'running'],
    ]);
    for (const replica of [1, 2, 3]) {
      const answer = await ask(port + replica - 1);
      expect(answer).toMatchObject({ replica, pid: web.runtime?.replicas?.[replica - 1]?.pid });
    }
  }, 30_000);

  it('a killed replica is restarted alone: the others keep their processes', async () => {
    const { port, service, call, before } = await threeUp();
    const pids = before.map((replica) => replica.pid as number);
    signalGroup(pids[1] as number, 'SIGKILL');
    const after = await waitFor(
      async () => {
        const view = await service('web');
        const second = view.runtime?.replicas?.[1];
        return view.reason === '3/3 up' && second?.pid !== pids[1] && second?.restarts === 1 ? view.runtime?.replicas : undefined;
      },
      { timeoutMs: 20_000, what: 'replica 2 restarted and web 3/3 up again' },
    );
    expect(after.map((replica) => replica.pid)).toEqual([pids[0], after[1]?.pid, pids[2]]);
    expect(after.map((replica) => replica.restarts)).toEqual([0, 1, 0]);
    expect((await ask(port + 1))?.pid).toBe(after[1]?.pid);
    const audit = await call<AuditEntry[]>('GET', '/audit?target=web%232');
    expect(audit.body.find((entry) => entry.action === 'restart')).toMatchObject({ actor: 'supervisor', target: 'web#2', outcome: 'ok' });
  }, 40_000);

  it('a restart rolls one replica at a time: a poller sees at least N-1 answering at every moment', async () => {
    const { port, service, call, before } = await threeUp();
    // Polls every replica, round after round, until the restart is done: the fewest answering in any round.
    let polling = true;
    let rounds = 0;
    let fewest = 3;
    const lowRounds: string[] = [];
    const poller = (async () => {
      while (polling) {
        const answers = await Promise.all([0, 1, 2].map((i) => ask(port + i)));
        const answering = answers.filter((answer) => answer !== null).length;
        rounds += 1;
        fewest = Math.min(fewest, answering);
        if (answering < 2) lowRounds.push(answers.map((answer, i) => `${i + 1}:${answer === null ? 'down' : 'up'}`).join(' '));
      }
    })();
    const restarted = await call<OperationResult>('POST', '/services/restart', { services: ['web'] });
    polling = false;
    await poller;
    expect(restarted.body.services.map((step) => `${step.service} ${step.outcome}`)).toEqual(['web ready']);
    expect(restarted.body.services[0]?.message).toBe('restarted 3 replicas one at a time, each ready before the next');
    expect(lowRounds, `rounds with fewer than 2 replicas answering (of ${rounds})`).toEqual([]);
    expect(fewest).toBe(2);
    expect(rounds).toBeGreaterThan(3);
    const after = (await service('web')).runtime?.replicas ?? [];
    for (const [i, replica] of after.entries()) expect(replica.pid).not.toBe(before[i]?.pid);
  }, 60_000);
});

describe('scale: replicas added and removed by a rule, on real processes', () => {
  it('scales up while the up rule returns a sample and down while the down rule does, each change audited with its reason', async () => {
    const port = await freePortRange(2);
    const { service, call, dir } = await serve(
      workspace(
        port,
        1,
        `    scale: { min: 1, max: 2, up: 'probe_success{service="load"} == 1', down: 'probe_success{service="load"} == 0', every: 200ms, cooldown: 1s }
  load:
    probes: [{ command: [test, -f, HIGH], every: 1s }]
`,
      ),
    );
    await waitFor(async () => (await service('web')).reason === '1/1 up', { timeoutMs: 20_000, what: 'web 1/1 up' });
    fs.writeFileSync(path.join(dir, 'HIGH'), '');
    const up = await waitFor(
      async () => {
        const view = await service('web');
        return view.reason === '2/2 up' ? view : undefined;
      },
      { timeoutMs: 20_000, what: 'web scaled to 2 replicas, both up' },
    );
    expect((await ask(port + 1))?.replica).toBe(2);
    expect(up.runtime?.replicas?.map((replica) => replica.port)).toEqual([port, port + 1]);
    fs.rmSync(path.join(dir, 'HIGH'));
    await waitFor(async () => (await service('web')).reason === '1/1 up', { timeoutMs: 20_000, what: 'web scaled back to 1 replica' });
    await waitFor(async () => (await ask(port + 1)) === null, { what: 'replica 2 stopped' });
    const audit = await waitFor(
      async () => {
        const entries = await call<AuditEntry[]>('GET', '/audit?target=web&action=scale');
        return entries.body.length === 2 && entries.body.every((entry) => entry.outcome !== 'running') ? entries : undefined;
      },
      { what: 'both scale changes audited' },
    );
    expect(audit.body.map((entry) => `${entry.actor} ${entry.outcome} ${entry.message}`)).toEqual([
      `scale:web ok 2 → 1 replicas (scale down: probe_success{service="load"} == 0 returned a sample): removed web#2, stopped`,
      `scale:web ok 1 → 2 replicas (scale up: probe_success{service="load"} == 1 returned a sample): added web#2, ready`,
    ]);
  }, 60_000);
});
