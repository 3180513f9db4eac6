import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findRunning } from '../../../src/core/process/adoption';
import { groupMembers, isAlive } from '../../../src/core/process/process-group';
import { ProcessRunner } from '../../../src/core/process/process-runner';
import { StartError, type ProcessHandle, type ServiceSpec } from '../../../src/core/process/runner';
import { freePort } from '../../helpers/free-port';
import { tempDir } from '../../helpers/temp-dir';
import { waitFor } from '../../helpers/wait-for';
import { signalChild } from '../../../src/core/process/signal-child';

const handles: ProcessHandle[] = [];
afterEach(async () => {
  for (const handle of handles.splice(0)) await handle.stop(500).catch(() => undefined);
});

const streams: { chunks: string[] }[] = [];
const runner = (logDir = tempDir()) =>
  new ProcessRunner({
    logDir,
    output: {
      attach: (_service, _stream, readable) => {
        const sink = { chunks: [] as string[] };
        streams.push(sink);
        readable.on('data', (chunk: Buffer) => sink.chunks.push(chunk.toString()));
      },
      followFile: () => undefined,
    },
  });

const spec = (argv: string[], patch: Partial<ServiceSpec> = {}): ServiceSpec => ({
  name: 'svc',
  argv,
  stopArgv: null,
  cwd: tempDir(),
  env: {},
  tmux: null,
  pidFile: null,
  port: null,
  stopGraceMs: 2_000,
  ...patch,
});

async function start(argv: string[], patch: Partial<ServiceSpec> = {}, logDir?: string): Promise<ProcessHandle> {
  const handle = await runner(logDir).start(spec(argv, patch));
  handles.push(handle);
  return handle;
}

describe('services as child processes', () => {
  it('starts argv without a shell, in its own process group, with env and cwd; output goes to its log file and the logs part', async () => {
    const logDir = tempDir();
    const cwd = tempDir();
    const handle = await start(
      ['sh', '-c', 'echo "cwd=$(pwd) greeting=$GREETING" ; echo oops >&2; exec sleep 30', 'ignored;$(x)'],
      { cwd, env: { GREETING: 'hello world' } },
      logDir,
    );
    expect(handle.pid).toBeGreaterThan(0);
    expect(groupMembers(handle.pid as number)).toContain(handle.pid);
    const log = path.join(logDir, 'svc.log');
    await waitFor(() => fs.existsSync(log) && fs.readFileSync(log, 'utf8').includes('oops'), { what: 'the output in the log file' });
    expect(fs.readFileSync(log, 'utf8')).toContain(`cwd=${cwd} greeting=hello world`);
    await waitFor(() => streams.some((sink) => sink.chunks.join('').includes('greeting=hello world')), { what: 'the output handed to the logs part' });
  });

  it('stops the whole group with SIGTERM: children and grandchildren go too', async () => {
    const dir = tempDir();
    const handle = await start(['sh', '-c', `sleep 60 & echo $! > ${dir}/child; (sleep 61 & echo $! > ${dir}/grandchild; wait) & wait`]);
    await waitFor(() => fs.existsSync(`${dir}/grandchild`) && fs.readFileSync(`${dir}/grandchild`, 'utf8').trim() !== '', { what: 'the grandchild' });
    const child = Number(fs.readFileSync(`${dir}/child`, 'utf8'));
    const grandchild = Number(fs.readFileSync(`${dir}/grandchild`, 'utf8'));
    expect(isAlive(grandchild)).toBe(true);
    const exit = await handle.stop(5_000);
    expect(exit.signal).toBe('SIGTERM');
    expect(isAlive(child)).toBe(false);
    expect(isAlive(grandchild)).toBe(false);
    expect(groupMembers(handle.pid as number)).toEqual([]);
  });

  it('kills a group that ignores SIGTERM once the grace period is over', async () => {
    const dir = tempDir();
    const handle = await start(['sh', '-c', `trap '' TERM; sleep 60 & echo $! > ${dir}/child; while :; do wait; done`]);
    await waitFor(() => fs.existsSync(`${dir}/child`) && fs.readFileSync(`${dir}/child`, 'utf8').trim() !== '', { what: 'the child' });
    const child = Number(fs.readFileSync(`${dir}/child`, 'utf8'));
    const exit = await handle.stop(300);
    expect(exit.signal).toBe('SIGKILL');
    expect(isAlive(child)).toBe(false);
    expect(groupMembers(handle.pid as number)).toEqual([]);
  });

  it("runs the service's own stop command instead of SIGTERM when it has one", async () => {
    const dir = tempDir();
    const handle = await start(['sh', '-c', `trap 'echo stopped-by-command > ${dir}/how; exit 0' USR1; while :; do sleep 0.05; done`], {
      stopArgv: ['sh', '-c', `kill -USR1 $(cat ${dir}/pid)`],
    });
    fs.writeFileSync(`${dir}/pid`, String(handle.pid));
    const exit = await handle.stop(5_000);
    expect(exit.code).toBe(0);
    expect(fs.readFileSync(`${dir}/how`, 'utf8').trim()).toBe('stopped-by-command');
  });

  it('knows a crash at once, and cleans up what the crashed leader left behind', async () => {
    const dir = tempDir();
    const handle = await start(['sh', '-c', `sleep 60 & echo $! > ${dir}/orphan; sleep 0.2; kill -9 $$`]);
    const exit = await handle.exited;
    expect(exit).toEqual({ code: null, signal: 'SIGKILL' });
    const orphan = Number(fs.readFileSync(`${dir}/orphan`, 'utf8'));
    await waitFor(() => !isAlive(orphan), { what: 'the left-behind child to be cleaned up' });
  });

  it('refuses what cannot run: a missing command, a missing working directory', async () => {
    await expect(runner().start(spec(['zervigo-no-such-command-4711']))).rejects.toThrow(
      new StartError('start command not found: zervigo-no-such-command-4711 (not on PATH, or no such file)'),
    );
    await expect(runner().start(spec(['true'], { cwd: '/nonexistent/zervigo' }))).rejects.toThrow('working directory /nonexistent/zervigo does not exist');
  });
});

describe('adopting services already running', () => {
  it('finds a service by its port, with the pid of the listener, and stops it', async () => {
    const port = await freePort();
    const outsider = spawn(process.execPath, ['-e', `require('net').createServer().listen(${port}, '127.0.0.1')`], { stdio: 'ignore', detached: true });
    try {
      const { portAnswers } = await import('../../../src/core/process/listening-pid');
      await waitFor(() => portAnswers(port), { what: 'the outsider to listen' });
      const handle = await findRunning(spec(['node', 'server.js'], { port }), Date.now);
      expect(handle).toMatchObject({ adopted: true, pid: outsider.pid });
      await handle?.stop(2_000);
      expect(isAlive(outsider.pid as number)).toBe(false);
      expect(await handle?.exited).toMatchObject({ reason: `adopted process ${outsider.pid} ended` });
    } finally {
      signalChild(outsider, 'SIGKILL');
    }
  });

  it('finds a service by its pid file, and notices when it ends', async () => {
    const outsider = spawn('sleep', ['30'], { stdio: 'ignore' });
    const pidFile = path.join(tempDir(), 'svc.pid');
    fs.writeFileSync(pidFile, `${outsider.pid}\n`);
    try {
      const handle = await findRunning(spec(['sleep', '30'], { pidFile }), Date.now);
      expect(handle).toMatchObject({ adopted: true, pid: outsider.pid });
      signalChild(outsider, 'SIGTERM');
      expect(await handle?.exited).toMatchObject({ reason: `adopted process ${outsider.pid} ended` });
      // A pid file naming a process that is gone adopts nothing.
      expect(await findRunning(spec(['sleep', '30'], { pidFile }), Date.now)).toBeNull();
      // Nor one naming Zervigo itself (a reused pid), nor a port Zervigo answers on: stopping either would stop us.
      fs.writeFileSync(pidFile, `${process.pid}\n`);
      const own = net.createServer();
      await new Promise<void>((resolve) => own.listen(0, '127.0.0.1', resolve));
      try {
        expect(await findRunning(spec(['sleep', '30'], { pidFile, port: (own.address() as AddressInfo).port }), Date.now)).toBeNull();
      } finally {
        own.close();
      }
    } finally {
      signalChild(outsider, 'SIGKILL');
    }
  });
});
