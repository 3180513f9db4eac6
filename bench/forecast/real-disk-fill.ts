import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LinuxMachineReader } from '../../src/core/monitoring/machine/linux-machine';
import { signalChild } from '../../src/core/process/signal-child';
import type { FillRun } from './fill-scenarios';

/**
 * A real disk filled by a real process: a 64 MiB tmpfs mounted for the run, a child process
 * appending to files in it at a changing rate (bench/forecast/disk-writer.mjs), and the engine's
 * own machine probe (LinuxMachineReader, statfs) reading it every 100 ms. The recorded used bytes
 * are the series; the moment they actually passed 90 % is the truth. Needs root (mount); where
 * mounting is refused, the run is skipped with the reason.
 */
const CAPACITY = 64 * 1024 * 1024;
const PROBE_MS = 100;

export function canMount(): string | undefined {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'not root (mounting a tmpfs needs it)';
  return undefined;
}

export async function fillRealDisk(
  scenario: 'steady' | 'accelerating' | 'decelerating' | 'cleanups',
  seconds: number,
  seed: number,
): Promise<FillRun | string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zervigo-bench-disk-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${CAPACITY}`, 'tmpfs', dir], { encoding: 'utf8' });
  if (mounted.status !== 0) {
    fs.rmdirSync(dir);
    return `mount refused: ${(mounted.stderr || mounted.error?.message || '').trim()}`;
  }
  const reader = new LinuxMachineReader({ mounts: [dir] });
  const ts: number[] = [];
  const used: number[] = [];
  let total = CAPACITY;
  const readMs: number[] = [];
  // Stamped at the middle of the probe's read (CPU, memory, statfs, network), not after it: on a
  // loaded machine the read itself can wait for a core, and the timer's schedule says even less.
  const probe = (): void => {
    const before = Date.now();
    const disk = reader.readNow().disks[0];
    const after = Date.now();
    if (disk === undefined) return;
    total = disk.totalBytes;
    readMs.push(after - before);
    ts.push((before + after) / 2);
    used.push(disk.totalBytes - disk.freeBytes);
  };
  try {
    probe();
    const writer = spawn(process.execPath, [path.join(__dirname, 'disk-writer.mjs'), dir, String(CAPACITY), scenario, String(seconds), String(seed)], {
      stdio: 'ignore',
    });
    const timer = setInterval(probe, PROBE_MS);
    await new Promise<void>((resolve) => {
      const stopAt = setTimeout(() => signalChild(writer), 3 * seconds * 1000);
      writer.once('exit', () => {
        clearTimeout(stopAt);
        resolve();
      });
    });
    clearInterval(timer);
    probe();
  } finally {
    spawnSync('umount', [dir]);
    fs.rmdirSync(dir);
  }
  const threshold = 0.9 * total;
  const crossIndex = used.findIndex((v) => v >= threshold);
  if (crossIndex < 0) return `the writer stopped before 90 % (${((100 * Math.max(...used)) / total).toFixed(0)} %)`;
  readMs.sort((a, b) => a - b);
  return {
    name: `real-${scenario}`,
    ts,
    observed: used,
    truth: used,
    start: used[0] as number,
    threshold,
    crossIndex,
    readMs: { p50: readMs[Math.floor(readMs.length / 2)] as number, max: readMs[readMs.length - 1] as number },
  };
}
