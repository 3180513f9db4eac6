import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { printFigures } from './report';
import { signalChild } from '../src/core/process/signal-child';

const root = path.resolve(__dirname, '..');
const bin = path.join(root, 'bin', 'zervigo.js');
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 60);
const CLOCK_TICKS = 100; // USER_HZ on Linux

function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? 0) / 1024;
}

/**
 * `zervigo serve` with the built-in workspace: time from spawn to the first 200 on
 * /api/v1/services, then idle CPU and RSS over a minute.
 */
export async function run(): Promise<void> {
  if (!fs.existsSync(path.join(root, 'out', 'cli', 'zervigo.cjs'))) throw new Error('run `npm run build` first');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zervigo-bench-startup-'));
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'zervigo-bench-cwd-'));
  const token = spawnSync(process.execPath, [bin, 'token', '--data-dir', dataDir], { encoding: 'utf8' }).stdout.trim();
  const port = 7390 + Math.floor(Math.random() * 100);
  const started = performance.now();
  const child = spawn(process.execPath, [bin, 'serve', '--port', String(port), '--data-dir', dataDir], {
    cwd,
    stdio: 'ignore',
    env: { ...process.env, ZERVIGO_LOG_LEVEL: 'warn' },
  });
  try {
    let firstOk = Number.NaN;
    while (performance.now() - started < 15_000) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/api/v1/services`, { headers: { authorization: `Bearer ${token}` } });
        if (response.status === 200) {
          firstOk = performance.now() - started;
          break;
        }
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const pid = child.pid as number;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const cpuBefore = cpuSeconds(pid);
    await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
    const idlePercent = ((cpuSeconds(pid) - cpuBefore) / IDLE_SECONDS) * 100;
    printFigures(`Start-up: zervigo serve with the built-in workspace (idle measured over ${IDLE_SECONDS} s)`, [
      { name: 'spawn to first 200 on /api/v1/services', value: firstOk, unit: 'ms', target: { op: '<=', value: 1000 } },
      { name: 'idle CPU', value: idlePercent, unit: '% of a core', target: { op: '<=', value: 1 } },
      { name: 'RSS', value: rssMb(pid), unit: 'MB', target: { op: '<=', value: 150 } },
    ]);
  } finally {
    signalChild(child, 'SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(cwd, { recursive: true, force: true });
  }
}
