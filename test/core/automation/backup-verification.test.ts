import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/core/engine';
import { silentLogger } from '../../../src/core/logger';
import { engineCall } from '../../helpers/engine-call';
import { personPrincipal } from '../../helpers/principals';
import { tempDir, writeFile } from '../../helpers/temp-dir';

const engines: Engine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop();
});

const admin = { actor: 'ada', transport: 'http', principal: personPrincipal('admin', 'ada') } as const;

describe('a backup whose verification fails (real processes, real files)', () => {
  it('is not kept and the kept ones are untouched; a kept backup that changed on disk is refused at restore by its checksum, nothing restored', async () => {
    const dir = tempDir();
    const workspacePath = writeFile(
      dir,
      'zervigo.yaml',
      `version: 1
machine: false
jobs:
  dump:
    backup: { command: [sh, -c, "cat data.txt"], verify: [sh, -c, "grep -q GOOD"], restore: [sh, -c, "cat > restored.txt"], to: ./backups, keep: 3, gzip: false }
`,
    );
    const engine = Engine.start({ dataDir: path.join(dir, 'data'), workspacePath, shell: 'server', logger: silentLogger, processEnv: {} });
    engines.push(engine);
    const backups = path.join(dir, 'backups');

    fs.writeFileSync(path.join(dir, 'data.txt'), 'GOOD v1\n');
    const good = await engineCall(engine, 'jobs.run', { name: 'dump', wait: true }, admin);
    expect(good.outcome, good.message ?? '').toBe('succeeded');
    const kept = fs.readdirSync(backups).sort();
    expect(kept).toHaveLength(2); // the dump and its .sha256

    fs.writeFileSync(path.join(dir, 'data.txt'), 'broken v2\n');
    const bad = await engineCall(engine, 'jobs.run', { name: 'dump', wait: true }, admin);
    expect(bad.outcome).toBe('failed');
    expect(bad.steps[0]?.message).toContain('backup not kept: verification failed: the verify command says no');
    expect(fs.readdirSync(backups).sort()).toEqual(kept);
    const listed = await engineCall(engine, 'backups.list', { name: 'dump' }, admin);
    expect(listed).toHaveLength(1);
    const audit = await engineCall(engine, 'audit.list', { target: 'dump', limit: 10 }, admin);
    expect(audit.map((entry) => entry.outcome)).toEqual(['failed', 'ok']);

    // The kept backup is damaged on disk: a restore checks its SHA-256 first and refuses.
    const file = path.join(backups, kept.find((name) => !name.endsWith('.sha256')) as string);
    fs.writeFileSync(file, 'GOOD but tampered\n');
    await expect(engineCall(engine, 'backups.restore', { name: 'dump' }, admin)).rejects.toThrow(/fails its checksum.*nothing was restored/);
    expect(fs.existsSync(path.join(dir, 'restored.txt'))).toBe(false);
  }, 60_000);
});
