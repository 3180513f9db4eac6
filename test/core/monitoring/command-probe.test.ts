import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toArgv } from '../../../src/core/config/schema';
import { createCommandCheck } from '../../../src/core/monitoring/kinds/command-probe';
import { runCheck, sampleValue } from '../../helpers/run-check';
import { tempDir } from '../../helpers/temp-dir';
import { waitFor } from '../../helpers/wait-for';

function check(
  command: string | string[],
  options: { shell?: boolean; exitCode?: number; stdoutContains?: string; stdoutRegex?: RegExp; timeoutMs?: number; cwd?: string } = {},
) {
  const argv = toArgv(command, options.shell ?? false);
  if (!argv.ok) throw new Error(argv.message);
  const timeoutMs = options.timeoutMs ?? 5_000;
  return runCheck(
    createCommandCheck({
      argv: argv.argv,
      cwd: options.cwd ?? process.cwd(),
      env: process.env,
      exitCode: options.exitCode ?? 0,
      stdoutContains: options.stdoutContains,
      stdoutRegex: options.stdoutRegex,
      timeoutMs,
    }),
    timeoutMs,
  );
}

/** A process that has exited (or is a zombie waiting for PID 1) no longer runs. */
function isRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) [ZX]/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('command probe (real processes)', () => {
  it('passes on the expected exit code and reports it as a series', async () => {
    const result = await check(['node', '-e', 'process.exit(0)']);
    expect(result).toMatchObject({ ok: true });
    expect(sampleValue(result, 'probe_command_exit_code')).toBe(0);
    expect(await check(['node', '-e', 'process.exit(3)'], { exitCode: 3 })).toMatchObject({ ok: true });
  });

  it('fails on another exit code with the last line the command printed', async () => {
    const result = await check(['node', '-e', 'console.error("starting"); console.error("database is read-only"); process.exit(2)']);
    expect(result).toMatchObject({ ok: false, reason: 'exited with 2 (expected 0): "database is read-only"' });
    expect(sampleValue(result, 'probe_command_exit_code')).toBe(2);
  });

  it('matches the output: contains and regex', async () => {
    expect(await check('echo "replication lag: 3s"', { stdoutContains: 'lag' })).toMatchObject({ ok: true });
    expect(await check('echo "replication lag: 3s"', { stdoutRegex: /lag: [0-5]s/ })).toMatchObject({ ok: true });
    expect(await check('echo "replication lag: 93s"', { stdoutRegex: /lag: [0-5]s/ })).toMatchObject({
      ok: false,
      reason: 'the output does not match /lag: [0-5]s/ (it begins "replication lag: 93s")',
    });
    expect(await check('true', { stdoutContains: 'ok' })).toMatchObject({ ok: false, reason: 'the output does not contain "ok" (it printed nothing)' });
  });

  it('runs argv without a shell: shell syntax reaches the program as text', async () => {
    expect(await check(['echo', '$HOME', '|', 'wc'], { stdoutContains: '$HOME | wc' })).toMatchObject({ ok: true });
  });

  it('runs a shell only when the file says shell: true', async () => {
    expect(await check('echo one two | wc -w', { shell: true, stdoutRegex: /^\s*2\s*$/ })).toMatchObject({ ok: true });
  });

  it('runs in the service folder', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'marker.txt'), 'here');
    expect(await check(['cat', 'marker.txt'], { cwd: dir, stdoutContains: 'here' })).toMatchObject({ ok: true });
  });

  it('says when the command does not exist', async () => {
    expect(await check(['zervigo-no-such-command'])).toMatchObject({ ok: false, reason: 'command not found: zervigo-no-such-command' });
  });

  it('kills the whole process group at the timeout', async () => {
    const dir = tempDir();
    const pidFile = path.join(dir, 'child.pid');
    const result = await check(`sleep 30 & echo $! > ${pidFile}; wait`, { shell: true, timeoutMs: 500 });
    expect(result).toMatchObject({ ok: false, reason: 'did not finish within 500 ms; its process group was killed' });
    const grandchild = Number(fs.readFileSync(pidFile, 'utf8'));
    await waitFor(() => !isRunning(grandchild), { what: `the background sleep (${grandchild}) to be killed` });
  });
});
