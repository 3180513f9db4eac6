import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/core/engine';
import { silentLogger } from '../../../src/core/logger';
import type { AuditEntry } from '../../../src/shared/types/operate';
import type { ServiceView } from '../../../src/shared/types/service';
import { engineCall } from '../../helpers/engine-call';
import { freePortRange } from '../../helpers/free-port-range';
import { contextAs } from '../../helpers/principals';
import { tempDir, writeFile } from '../../helpers/temp-dir';
import { waitFor } from '../../helpers/wait-for';

const SERVER = path.resolve(__dirname, '../../fixtures/replicas/versioned-server.mjs');
const viewer = contextAs('viewer');

const running: Engine[] = [];
afterEach(async () => {
  for (const engine of running.splice(0).reverse()) await engine.stop();
});

function start(dataDir: string, workspacePath: string): Engine {
  const engine = Engine.start({ dataDir, workspacePath, shell: 'server', logger: silentLogger, processEnv: {} });
  running.push(engine);
  return engine;
}

/** Stops an engine the way Zervigo quits: its replicas stop with it, its database closes. */
async function stop(engine: Engine): Promise<void> {
  running.splice(running.indexOf(engine), 1);
  await engine.stop();
}

async function web(engine: Engine): Promise<ServiceView | undefined> {
  return (await engineCall(engine, 'services.list', undefined, viewer)).find((service) => service.name === 'web');
}

async function scaleAudit(engine: Engine): Promise<AuditEntry[]> {
  return engineCall(engine, 'audit.list', { target: 'web', action: 'scale', limit: 20 }, viewer);
}

/** web with `fields` (replicas:, scale:) on real processes; no probes unless `port`. */
function workspace(fields: string, port?: number): string {
  const served =
    port === undefined
      ? `    start: [sleep, "600"]\n`
      : `    start: [node, ${JSON.stringify(SERVER)}]
    port: ${port}
    env: { PORT: "\${PORT}" }
    probes: [{ http: "http://127.0.0.1:\${PORT}/", every: 1s, timeout: 1s }]
`;
  return `version: 1\nmachine: false\nservices:\n  web:\n${served}    ready_timeout: 15s\n${fields}`;
}

async function countUp(engine: Engine, count: number): Promise<ServiceView> {
  let last: ServiceView | undefined;
  try {
    return await waitFor(
      async () => {
        last = await web(engine);
        return last?.reason === `${count}/${count} up` ? last : undefined;
      },
      { timeoutMs: 25_000, what: `web at ${count}/${count} up` },
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; web last read ${last?.status} "${last?.reason}"`, { cause: error });
  }
}

describe('a scaled replica count survives a restart of Zervigo (real engine, real SQLite file)', () => {
  it('restores the count on the next start, with probes for every replica, and audits it', async () => {
    const port = await freePortRange(3);
    const dir = tempDir();
    const dataDir = tempDir();
    const file = writeFile(dir, 'zervigo.yaml', workspace('    replicas: 2\n', port));
    const first = start(dataDir, file);
    await countUp(first, 2);
    const scaled = await first.operate.manager.scale('web', 3, 'alice', 'more traffic expected');
    expect(scaled.ok, scaled.summary).toBe(true);
    await countUp(first, 3);
    await stop(first);

    const second = start(dataDir, file);
    const view = await countUp(second, 3);
    // Each replica's own probe passes: monitoring built probes for the restored count, not the file's 2.
    expect(view.runtime?.replicas?.map((replica) => [replica.replica, replica.port, replica.status])).toEqual([
      [1, port, 'up'],
      [2, port + 1, 'up'],
      [3, port + 2, 'up'],
    ]);
    const [restored] = await scaleAudit(second);
    expect(restored).toMatchObject({ actor: 'zervigo', outcome: 'ok', details: { count: 3, configured: 2, scaledBy: 'alice', restored: 3 } });
    expect(restored?.message).toMatch(/^restored 3 replicas \(scaled to 3 by alice at \S+: more traffic expected\)$/);
  }, 90_000);

  it("keeps a restored count within scale's min..max when the workspace narrowed it while Zervigo was stopped", async () => {
    const dir = tempDir();
    const dataDir = tempDir();
    const rule = (max: number) => `    scale: { min: 1, max: ${max}, up: 'vector(0) > 1', every: 1h }\n`;
    const file = writeFile(dir, 'zervigo.yaml', workspace(rule(4)));
    const first = start(dataDir, file);
    await countUp(first, 1);
    expect((await first.operate.manager.scale('web', 4, 'bob', 'load test')).ok).toBe(true);
    await countUp(first, 4);
    await stop(first);

    fs.writeFileSync(file, workspace(rule(2)));
    const second = start(dataDir, file);
    await countUp(second, 2);
    expect(second.operate.manager.replicaCount('web')).toBe(2);
    const [restored] = await scaleAudit(second);
    expect(restored?.message).toMatch(/^restored 2 replicas, within scale's 1\.\.2 \(scaled to 4 by bob at \S+: load test\)$/);
    await stop(second);

    // What was restored is what is kept: the next start restores 2 again.
    const third = start(dataDir, file);
    await countUp(third, 2);
  }, 90_000);

  it('does not restore a count when the file gives another replicas: since (the newer word), and says so', async () => {
    const dir = tempDir();
    const dataDir = tempDir();
    const file = writeFile(dir, 'zervigo.yaml', workspace('    replicas: 2\n'));
    const first = start(dataDir, file);
    await countUp(first, 2);
    expect((await first.operate.manager.scale('web', 3, 'carol', 'for the demo')).ok).toBe(true);
    await stop(first);

    fs.writeFileSync(file, workspace('    replicas: 4\n'));
    const second = start(dataDir, file);
    await countUp(second, 4);
    const [skipped] = await scaleAudit(second);
    expect(skipped).toMatchObject({ actor: 'zervigo', outcome: 'skipped' });
    expect(skipped?.message).toMatch(
      /^not restored \(scaled to 3 by carol at \S+: for the demo\): the workspace now gives replicas: 4 \(it gave 2 when it was scaled\)$/,
    );
  }, 90_000);
});
