import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine';
import { INSTANCE_FILE_NAME } from '../../src/core/instance-lock';
import { silentLogger } from '../../src/core/logger';
import { cliBin, repoRoot, runCli, startServe, stopProcess } from '../helpers/cli';
import { tempDir } from '../helpers/temp-dir';

/**
 * One engine per data folder: a second `zervigo serve` (or engine) on a folder in use is refused
 * in one line naming the running one; a folder left by a process killed with SIGKILL is taken
 * at once; a clean stop frees it.
 */

const engines: Engine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop();
});

function start(dataDir: string): Engine {
  const engine = Engine.start({ dataDir, workspacePath: null, shell: 'server', logger: silentLogger, processEnv: {} });
  engines.push(engine);
  return engine;
}

const instanceOf = (dataDir: string): { pid: number; url: string | null } =>
  JSON.parse(fs.readFileSync(path.join(dataDir, INSTANCE_FILE_NAME), 'utf8')) as { pid: number; url: string | null };

describe('a second zervigo serve on a data folder in use', () => {
  it('is refused with one line naming the running instance (pid, URL), exit 1; the first keeps serving', async () => {
    const dataDir = tempDir();
    const first = await startServe(['--data-dir', dataDir, '--port', '0']);
    const second = runCli(['serve', '--data-dir', dataDir, '--port', '0']);
    expect(second.status).toBe(1);
    expect(second.stdout).toBe('');
    expect(second.stderr.split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(
          `^zervigo: data folder ${dataDir} is in use by another Zervigo \\(pid ${first.child.pid}, ${first.url.replace(/[.]/g, '\\.')}, since \\S+\\); stop it first, or give this one another folder with --data-dir$`,
        ),
      ) as string,
      '',
    ]);
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    expect(instanceOf(dataDir)).toMatchObject({ pid: first.child.pid, url: first.url });
  });

  it('takes over at once a folder whose holder was killed with SIGKILL, and a clean stop frees it', async () => {
    const dataDir = tempDir();
    const first = await startServe(['--data-dir', dataDir, '--port', '0']);
    await stopProcess(first.child, 'SIGKILL');
    // Its description is left behind, naming a dead process; the lock went with the process.
    expect(instanceOf(dataDir).pid).toBe(first.child.pid);
    const second = await startServe(['--data-dir', dataDir, '--port', '0']);
    expect(instanceOf(dataDir)).toMatchObject({ pid: second.child.pid, url: second.url });
    expect(await stopProcess(second.child)).toBe(0);
    expect(fs.existsSync(path.join(dataDir, INSTANCE_FILE_NAME))).toBe(false);
    const third = await startServe(['--data-dir', dataDir, '--port', '0']);
    expect(instanceOf(dataDir).pid).toBe(third.child.pid);
  });

  it('lets exactly one of several started at the same moment have the folder', async () => {
    const dataDir = tempDir();
    const children = Array.from({ length: 4 }, () =>
      spawn(process.execPath, [cliBin, 'serve', '--data-dir', dataDir, '--port', '0'], {
        cwd: repoRoot,
        env: { ...process.env, ZERVIGO_LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    const outcomes = await Promise.all(
      children.map(
        (child) =>
          new Promise<{ child: typeof child; running: boolean; stderr: string }>((resolve) => {
            let stdout = '';
            let stderr = '';
            child.stdout.on('data', (chunk: Buffer) => {
              stdout += chunk.toString();
              if (stdout.includes('sign in')) resolve({ child, running: true, stderr });
            });
            child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
            child.on('close', () => resolve({ child, running: false, stderr }));
          }),
      ),
    );
    try {
      expect(outcomes.filter((outcome) => outcome.running)).toHaveLength(1);
      for (const refused of outcomes.filter((outcome) => !outcome.running)) {
        expect(refused.child.exitCode).toBe(1);
        expect(refused.stderr).toMatch(/^zervigo: data folder .* is in use by another Zervigo/);
      }
    } finally {
      for (const child of children) await stopProcess(child);
    }
  });
});

describe('the engine lock', () => {
  it('refuses a second engine in the same process too, and frees the folder on stop', async () => {
    const dataDir = tempDir();
    const first = start(dataDir);
    expect(() => start(dataDir)).toThrow(
      expect.objectContaining({
        code: 'conflict',
        message: expect.stringContaining(`is in use by another Zervigo (pid ${process.pid}, zervigo serve, since `) as string,
      }),
    );
    await first.stop();
    expect(fs.existsSync(path.join(dataDir, INSTANCE_FILE_NAME))).toBe(false);
    expect(start(dataDir).info.pid).toBe(process.pid);
  });

  it('is not fooled by a description naming a live process that does not hold the lock (pid reuse)', () => {
    const dataDir = tempDir();
    // PID 1 is always alive: a stale description whose pid was reused by another program.
    fs.writeFileSync(
      path.join(dataDir, INSTANCE_FILE_NAME),
      JSON.stringify({ pid: 1, shell: 'server', url: 'http://127.0.0.1:7300', startedAt: 0, version: '0.0.1' }),
    );
    const engine = start(dataDir);
    expect(instanceOf(dataDir)).toMatchObject({ pid: process.pid, url: null });
    engine.setConsoleUrl('http://127.0.0.1:7399');
    expect(instanceOf(dataDir)).toMatchObject({ pid: process.pid, url: 'http://127.0.0.1:7399' });
  });

  it('says so when the lock file is not one Zervigo wrote', () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, 'instance.lock'), 'something else entirely, a few bytes long');
    expect(() => start(dataDir)).toThrow(
      /cannot lock data folder .*: .*instance\.lock is not a lock file Zervigo wrote \(file is not a database\); if no Zervigo uses this folder, delete it/,
    );
  });
});
