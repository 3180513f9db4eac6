import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, writeFile } from '../../helpers/temp-dir';

const repo = path.resolve(__dirname, '..', '..', '..');

/**
 * Runs a script in a process group of its own, next to a sleeping sibling: what signals pid 0
 * (the caller's group) kills both, and only them — never this test run.
 */
async function inOwnGroup(body: string): Promise<{ code: number | null; signal: string | null; out: string }> {
  const dir = tempDir();
  const script = writeFile(dir, 'script.ts', body.replaceAll('@src', path.join(repo, 'src')));
  const child = spawn('sh', ['-c', 'sleep 5 & "$0" --require tsx/cjs "$1"; code=$?; kill $! 2>/dev/null; exit $code', process.execPath, script], {
    cwd: repo,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, out })));
}

describe('signalling a child that failed to start', () => {
  it('does nothing, where child.kill() would signal our own process group', async () => {
    const run = await inOwnGroup(`
import { spawn } from 'node:child_process';
import { signalChild } from '@src/core/process/signal-child';
const child = spawn('/nonexistent/command');
child.on('error', () => undefined);
console.log('signalled', signalChild(child));
setTimeout(() => console.log('still here'), 100);
`);
    expect(run).toMatchObject({ code: 0, signal: null });
    expect(run.out).toBe('signalled false\nstill here\n');
  });
});
