import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir, writeFile } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';

/**
 * scripts/start.js run for real, in a copy of the project layout where the CLI and the Electron
 * runtime are small Node scripts that record how they were started.
 */
const repo = path.resolve(__dirname, '..', '..');

interface Project {
  root: string;
  record: string;
  installs: string;
  attemptFile: string;
}

type Recorded = { who: string; pid?: number; args?: string[]; signal?: string };
const started: Project[] = [];

function project(options: { runtime?: boolean; install?: 'fails' | 'provides-runtime' } = {}): Project {
  const root = tempDir('zervigo-start-');
  const record = path.join(root, 'record.jsonl');
  const installs = path.join(root, 'installs.log');
  fs.mkdirSync(path.join(root, 'scripts'));
  fs.copyFileSync(path.join(repo, 'scripts', 'start.js'), path.join(root, 'scripts', 'start.js'));
  const recorder = (who: string): string => `#!/usr/bin/env node
const fs = require('fs');
// The handler is in place before the start is recorded: the test signals as soon as it sees it.
if (process.env.FAKE_WAIT === '1') process.on('SIGTERM', () => { fs.appendFileSync(${JSON.stringify(record)}, JSON.stringify({ who: ${JSON.stringify(who)}, signal: 'SIGTERM' }) + '\\n'); process.exit(5); });
fs.appendFileSync(${JSON.stringify(record)}, JSON.stringify({ who: ${JSON.stringify(who)}, pid: process.pid, args: process.argv.slice(2) }) + '\\n');
if (process.env.FAKE_WAIT === '1') {
  console.log('waiting');
  setInterval(() => {}, 1000);
} else {
  console.log('${who} ran');
  process.exit(Number(process.env.FAKE_EXIT ?? 0));
}
`;
  writeFile(root, 'bin/zervigo.js', recorder('cli'));
  // The real electron/index.js: it reads path.txt and points into dist/.
  writeFile(root, 'node_modules/electron/package.json', JSON.stringify({ name: 'electron', version: '41.7.1', main: 'index.js' }));
  fs.copyFileSync(path.join(repo, 'node_modules', 'electron', 'index.js'), path.join(root, 'node_modules', 'electron', 'index.js'));
  const runtime = path.join(root, 'node_modules', 'electron', 'dist', 'electron');
  const provideRuntime = (): void => {
    writeFile(root, 'node_modules/electron/dist/electron', recorder('electron'));
    fs.chmodSync(runtime, 0o755);
    writeFile(root, 'node_modules/electron/path.txt', 'electron');
  };
  if (options.runtime === true) provideRuntime();
  const install = options.install ?? 'fails';
  writeFile(
    root,
    'node_modules/electron/install.js',
    install === 'fails'
      ? `require('fs').appendFileSync(${JSON.stringify(installs)}, 'x');
console.error('RequestError: getaddrinfo ENOTFOUND github.com\\n    at ClientRequest.<anonymous> (got/index.js:970:111)');
process.exit(1);`
      : `const fs = require('fs'); const path = require('path');
fs.appendFileSync(${JSON.stringify(installs)}, 'x');
fs.mkdirSync(path.join(__dirname, 'dist'), { recursive: true });
fs.writeFileSync(path.join(__dirname, 'dist', 'electron'), ${JSON.stringify(recorder('electron'))}, { mode: 0o755 });
fs.writeFileSync(path.join(__dirname, 'path.txt'), 'electron');`,
  );
  const made = { root, record, installs, attemptFile: path.join(root, 'node_modules', '.cache', 'zervigo', 'electron-download.json') };
  started.push(made);
  return made;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function start(p: Project, args: string[], env: Record<string, string> = {}, whileRunning?: (pid: number) => Promise<void>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(p.root, 'scripts', 'start.js'), ...args], {
      cwd: p.root,
      env: { PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`, HOME: p.root, DISPLAY: ':99', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    // No pid means the spawn failed ('error' follows); never signal pid 0, which is our own group.
    if (whileRunning !== undefined && child.pid !== undefined) whileRunning(child.pid).catch(reject);
  });
}

const records = (p: Project): Recorded[] =>
  fs.existsSync(p.record)
    ? fs
        .readFileSync(p.record, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Recorded)
    : [];
/** What each fake was started with, without the pids. */
const calls = (p: Project): Array<Omit<Recorded, 'pid'>> => records(p).map(({ pid: _pid, ...rest }) => rest);

// A fake that outlived a failed test is stopped here.
afterEach(() => {
  for (const p of started.splice(0)) {
    for (const { pid } of records(p)) {
      try {
        if (pid !== undefined) process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
});
const installCount = (p: Project): number => (fs.existsSync(p.installs) ? fs.readFileSync(p.installs, 'utf8').length : 0);

describe('scripts/start.js', () => {
  it('ZERVIGO_HEADLESS=1 starts `zervigo serve` with the same args, says so in one line, and exits with its code', async () => {
    const p = project({ runtime: true });
    const run = await start(p, ['--workspace', 'x.yaml', '--env', 'dev'], { ZERVIGO_HEADLESS: '1', FAKE_EXIT: '3' });
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('ZERVIGO_HEADLESS=1: starting the headless console instead of the desktop app.\ncli ran\n');
    expect(calls(p)).toEqual([{ who: 'cli', args: ['serve', '--workspace', 'x.yaml', '--env', 'dev'] }]);
    expect(installCount(p)).toBe(0);
  });

  it('runs the Electron runtime on the project folder when it is present', async () => {
    const p = project({ runtime: true });
    const run = await start(p, ['--data-dir', '/tmp/somewhere'], { FAKE_EXIT: '7' });
    expect(run.code).toBe(7);
    expect(run.stdout).toBe('electron ran\n');
    expect(calls(p)).toEqual([{ who: 'electron', args: [p.root, '--data-dir', '/tmp/somewhere'] }]);
  });

  it('tries the download once, then falls back to the headless console with the reason', async () => {
    const p = project();
    const first = await start(p, ['--workspace', 'x.yaml']);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(
      'Electron runtime not available here (download failed: getaddrinfo ENOTFOUND github.com); starting the headless console instead.\ncli ran\n',
    );
    expect(first.stderr).toBe('');
    expect(installCount(p)).toBe(1);
    expect(calls(p)).toEqual([{ who: 'cli', args: ['serve', '--workspace', 'x.yaml'] }]);

    // Within the hour: no second try, and the line says when it failed.
    const second = await start(p, []);
    expect(installCount(p)).toBe(1);
    expect(second.stdout.split('\n')[0]).toBe(
      'Electron runtime not available here (download failed just now: getaddrinfo ENOTFOUND github.com; next try in an hour); starting the headless console instead.',
    );

    // An hour later it tries again.
    const attempt = JSON.parse(fs.readFileSync(p.attemptFile, 'utf8')) as { at: number; reason: string };
    fs.writeFileSync(p.attemptFile, JSON.stringify({ ...attempt, at: attempt.at - 61 * 60 * 1000 }));
    await start(p, []);
    expect(installCount(p)).toBe(2);
  });

  it('runs Electron right away when the download provides it, and forgets old failures', async () => {
    const p = project({ install: 'provides-runtime' });
    writeFile(p.root, 'node_modules/.cache/zervigo/electron-download.json', JSON.stringify({ at: Date.now() - 2 * 60 * 60 * 1000, reason: 'offline' }));
    const run = await start(p, ['--env', 'prod']);
    expect(run.stdout).toBe('electron ran\n');
    expect(installCount(p)).toBe(1);
    expect(calls(p)).toEqual([{ who: 'electron', args: [p.root, '--env', 'prod'] }]);
    expect(fs.existsSync(p.attemptFile)).toBe(false);
  });

  it.runIf(process.platform === 'linux')('does not try Electron without a display', async () => {
    const p = project({ runtime: true });
    const run = await start(p, [], { DISPLAY: '' });
    expect(run.stdout.split('\n')[0]).toBe(
      'Electron runtime not available here (no display: DISPLAY and WAYLAND_DISPLAY are not set); starting the headless console instead.',
    );
    expect(records(p).map((record) => record.who)).toEqual(['cli']);
    expect(installCount(p)).toBe(0);
  });

  it('passes a termination signal on to the child and exits with its code', async () => {
    const p = project();
    const run = await start(p, [], { ZERVIGO_HEADLESS: '1', FAKE_WAIT: '1' }, async (pid) => {
      await waitFor(() => records(p).length > 0, { what: 'the child to start' });
      process.kill(pid, 'SIGTERM');
    });
    expect(calls(p)).toEqual([
      { who: 'cli', args: ['serve'] },
      { who: 'cli', signal: 'SIGTERM' },
    ]);
    expect(run.code).toBe(5);
  });
});
