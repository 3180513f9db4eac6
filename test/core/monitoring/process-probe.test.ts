import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readProcessStatus } from '../../../src/core/monitoring/proc-files';
import { createProcessCheck, type ProcessProbeDeps, type ProcessTarget } from '../../../src/core/monitoring/kinds/process-probe';
import { stopProcess } from '../../helpers/cli';
import { runCheck, sampleValue } from '../../helpers/run-check';
import { tempDir } from '../../helpers/temp-dir';
import { waitFor } from '../../helpers/wait-for';

const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) await stopProcess(child, 'SIGKILL');
});

/** A real long-running process, with a marker on its command line to find it by; resolves once Node runs in it. */
async function startWorker(marker: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', marker], { stdio: 'ignore' });
  children.push(child);
  await waitFor(() => (readProcessStatus(child.pid ?? 0)?.threads ?? 0) >= 2, { what: 'the worker to start' });
  return child;
}

const noPids: ProcessProbeDeps = { pidOf: () => null };
const check = (target: ProcessTarget, deps: ProcessProbeDeps = noPids) => runCheck(createProcessCheck(target, deps), 2_000);

describe('process probe (real processes, /proc)', () => {
  it('finds a process by pid file and reports RSS, threads, open files and uptime', async () => {
    const child = await startWorker('zervigo-test-pidfile');
    const file = path.join(tempDir(), 'worker.pid');
    fs.writeFileSync(file, `${child.pid}\n`);
    const result = await check({ kind: 'pid_file', file });
    expect(result).toMatchObject({ ok: true, reason: null });
    expect(sampleValue(result, 'process_count')).toBe(1);
    expect(sampleValue(result, 'process_resident_memory_bytes')).toBeGreaterThan(1024 * 1024);
    expect(sampleValue(result, 'process_threads')).toBeGreaterThanOrEqual(1);
    expect(sampleValue(result, 'process_open_fds')).toBeGreaterThanOrEqual(3);
    expect(sampleValue(result, 'process_uptime_seconds')).toBeGreaterThanOrEqual(0);
    // CPU % needs two readings of the same process.
    expect(sampleValue(result, 'process_cpu_usage_percent')).toBeUndefined();
  });

  it('reports CPU % from the second check on', async () => {
    const child = await startWorker('zervigo-test-cpu');
    const probe = createProcessCheck({ kind: 'self', service: 'worker', pidFile: null }, { pidOf: () => child.pid ?? null });
    const first = await runCheck(probe, 2_000);
    expect(sampleValue(first, 'process_cpu_usage_percent')).toBeUndefined();
    // The next check that sees the clock tick on (its CPU time is read in clock ticks) has a share.
    const share = await waitFor(async () => sampleValue(await runCheck(probe, 2_000), 'process_cpu_usage_percent'), { what: 'a CPU share' });
    expect(share).toBeGreaterThanOrEqual(0);
    expect(share).toBeLessThanOrEqual(100 * os.availableParallelism());
  });

  it('finds processes by command-line pattern, never Zervigo itself', async () => {
    const marker = `zervigo-test-match-${process.pid}`;
    await startWorker(marker);
    await startWorker(marker);
    const result = await check({ kind: 'match', pattern: new RegExp(marker) });
    expect(result).toMatchObject({ ok: true });
    expect(sampleValue(result, 'process_count')).toBe(2);
    expect(await check({ kind: 'match', pattern: /zervigo-no-such-process-\d{9}/ })).toMatchObject({
      ok: false,
      reason: 'no process matches /zervigo-no-such-process-\\d{9}/',
    });
  });

  it('uses the pid the service lifecycle knows, else the service pid_file', async () => {
    const child = await startWorker('zervigo-test-self');
    expect(
      await check({ kind: 'self', service: 'api', pidFile: null }, { pidOf: (service) => (service === 'api' ? (child.pid ?? null) : null) }),
    ).toMatchObject({ ok: true });
    expect(await check({ kind: 'self', service: 'api', pidFile: null })).toMatchObject({
      ok: false,
      reason: 'the pid of api is not known: Zervigo did not start it and it has no pid_file',
    });
  });

  it('is down when the process has exited', async () => {
    const child = await startWorker('zervigo-test-exit');
    const file = path.join(tempDir(), 'worker.pid');
    fs.writeFileSync(file, String(child.pid));
    await stopProcess(child, 'SIGKILL');
    const result = await check({ kind: 'pid_file', file });
    expect(result).toMatchObject({ ok: false });
    expect(result.reason).toMatch(new RegExp(`^process ${child.pid} (\\(from .*\\) is not running|has exited)`));
  });

  it('counts a zombie (exited, not reaped) as not running', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'zombie.pid');
    // The background sleep exits after its shell became `sleep 30`, which never reaps it.
    const parent = spawn('/bin/sh', ['-c', `sleep 0.3 & echo $! > ${file}; exec sleep 30`], { stdio: 'ignore' });
    children.push(parent);
    const pid = await waitFor(
      () => {
        const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : '';
        return text !== '' && / Z /.test(fs.readFileSync(`/proc/${text}/stat`, 'utf8')) ? Number(text) : undefined;
      },
      { what: 'the zombie' },
    );
    expect(await check({ kind: 'pid_file', file })).toMatchObject({ ok: false, reason: `process ${pid} has exited (a zombie not yet reaped by its parent)` });
  });

  it('explains a missing or broken pid file', async () => {
    const dir = tempDir();
    expect(await check({ kind: 'pid_file', file: path.join(dir, 'none.pid') })).toMatchObject({
      ok: false,
      reason: `pid file ${path.join(dir, 'none.pid')} does not exist (not running?)`,
    });
    fs.writeFileSync(path.join(dir, 'bad.pid'), 'hello');
    expect(await check({ kind: 'pid_file', file: path.join(dir, 'bad.pid') })).toMatchObject({
      ok: false,
      reason: `pid file ${path.join(dir, 'bad.pid')} does not hold a pid ("hello")`,
    });
  });
});
