import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine';
import { silentLogger } from '../../src/core/logger';
import type { HealthSummary } from '../../src/shared/types/app';
import { FakeClock } from '../helpers/fake-clock';
import { tempDir, writeFile } from '../helpers/temp-dir';

const engines: Engine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop();
});

function start(options: Partial<Parameters<typeof Engine.start>[0]> = {}): Engine {
  const engine = Engine.start({ dataDir: tempDir(), workspacePath: null, shell: 'server', logger: silentLogger, processEnv: {}, ...options });
  engines.push(engine);
  return engine;
}

/** Lets the background job's slices (setImmediate) run between fake-clock steps. */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

const context = { actor: 'test', transport: 'internal' } as const;

describe('Engine', () => {
  it('writes collected samples once per tick and runs rollups and retention in the background, on its clock', async () => {
    const clock = new FakeClock(Date.UTC(2026, 10, 22, 0, 0, 0));
    // Without the machine probe: only the test's own samples are written.
    const workspacePath = writeFile(tempDir(), 'zervigo.yaml', 'version: 1\nmachine: false\n');
    const engine = start({ clock, tickMs: 1_000, maintenanceEveryMs: 60_000, workspacePath });
    const id = engine.series.index.idOf('demo', {});
    const rows = (table: string) => (engine.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const written = () => engine.series.reader.readRaw(id, 0, Number.MAX_SAFE_INTEGER).ts.length;

    for (let i = 0; i < 180; i++) {
      engine.series.writer.append(id, clock.now(), i);
      // Pending until the next tick: stored are exactly the samples of earlier ticks.
      expect(written()).toBe(i);
      clock.advance(1_000);
      await settle();
    }
    expect(written()).toBe(180);
    // The job at 3:00 compacted what was written by 2:00.
    expect(rows('head_samples')).toBe(60);
    expect(rows('sample_chunks')).toBeGreaterThan(0);

    // Four hours later: everything compacted, the hour written, raw chunks pruned (by whole
    // hours, once every sample in them is past the 1-minute raw retention).
    engine.series.setRetention({ rawMs: 60_000, oneMinuteMs: 86_400_000, oneHourMs: 86_400_000 });
    for (let minute = 0; minute < 240; minute++) {
      clock.advance(60_000);
      await settle();
    }
    expect(rows('head_samples')).toBe(0);
    expect(rows('sample_chunks')).toBe(0);
    expect(rows('minute_blocks')).toBe(1);
    expect(engine.db.prepare('SELECT count FROM samples_1h').get()).toEqual({ count: 180 });
  });

  it('lists the services of its workspace and publishes health', async () => {
    const file = writeFile(
      tempDir(),
      'zervigo.yaml',
      'version: 1\nservices:\n  db: {}\n  api:\n    depends_on: [db]\n    probes: [{ tcp: "127.0.0.1:9", every: 5s }]\n',
    );
    const engine = start({ workspacePath: file });
    const services = await engine.dispatch('services.list', undefined, context);
    expect(services).toEqual([
      // Nothing runs it and nothing checks it: unknown, saying why.
      {
        name: 'db',
        description: null,
        status: 'unknown',
        reason: 'no probes, and Zervigo does not run it: nothing tells whether it is up',
        dependsOn: [],
        waitingFor: [],
        runner: 'none',
        probes: [],
        runtime: null,
        pendingRestart: null,
      },
      {
        name: 'api',
        description: null,
        status: 'unknown',
        reason: null,
        dependsOn: ['db'],
        waitingFor: [],
        runner: 'none',
        probes: [{ id: 'api/tcp#0', kind: 'tcp', target: '127.0.0.1:9', everyMs: 5_000, role: 'liveness' }],
        runtime: null,
        pendingRestart: null,
      },
    ]);
    const health: HealthSummary[] = [];
    engine.bus.on('health.changed', (summary) => health.push(summary));
    engine.services.setState('api', { status: 'down', reason: 'connection refused' });
    expect(health.at(-1)).toMatchObject({ level: 'critical', down: 1, services: 2 });
  });

  it('says which data folder is unusable and how to choose another', () => {
    const blocker = writeFile(tempDir(), 'a-file', '');
    expect(() => start({ dataDir: path.join(blocker, 'data') })).toThrow(
      /cannot use data folder .*a-file\/data: a part of that path is a file, not a folder; choose a writable one with --data-dir DIR or ZERVIGO_DATA_DIR/,
    );
  });

  it('refuses a corrupt database without touching it', () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, 'zervigo.db');
    fs.writeFileSync(file, 'garbage');
    expect(() => start({ dataDir })).toThrow(/not a SQLite database/);
    expect(fs.readFileSync(file, 'utf8')).toBe('garbage');
  });
});
