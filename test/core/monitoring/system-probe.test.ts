import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { LinuxMachineReader, realMounts } from '../../../src/core/monitoring/machine/linux-machine';
import { PortableMachineReader } from '../../../src/core/monitoring/machine/portable-machine';
import { createSystemCheck, machineSamples } from '../../../src/core/monitoring/kinds/system-probe';
import type { MachineSample } from '../../../src/shared/types/monitoring';
import { runCheck } from '../../helpers/run-check';

/** Burns a little CPU so the next reading of the kernel's tick counters has something to measure. */
function busy(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) Math.sqrt(Math.random());
}

const names = (samples: { name: string }[]): Set<string> => new Set(samples.map((sample) => sample.name));

describe('system probe (this machine)', () => {
  it('reads CPU, load, memory, disks and network from /proc; rates from the second reading on', async () => {
    const reader = new LinuxMachineReader();
    const first = reader.readNow();
    expect(first.cpuPercent).toBeNull();
    expect(first.network).toEqual([]);
    expect(first.memory.totalBytes).toBe(os.totalmem());
    expect(first.memory.usedBytes).toBeGreaterThan(0);
    expect(first.memory.usedBytes).toBeLessThan(first.memory.totalBytes);
    expect(first.load).toHaveLength(3);
    expect(first.disks.map((disk) => disk.mountpoint)).toContain('/');
    const root = first.disks.find((disk) => disk.mountpoint === '/');
    expect(root?.usedPercent).toBeGreaterThan(0);
    expect(root?.usedPercent).toBeLessThan(100);

    busy(30);
    const second = reader.readNow();
    expect(second.cpuPercent).toBeGreaterThan(0);
    expect(second.cpuPercent).toBeLessThanOrEqual(100);
    expect(second.cpuCores).toHaveLength(os.cpus().length);
    expect(Object.keys(second.cpuModes).sort()).toEqual(['iowait', 'steal', 'system', 'user']);
    expect(second.network.length).toBeGreaterThan(0);
    expect(second.network.every((link) => link.interface !== 'lo' && link.receiveBytesPerSecond >= 0)).toBe(true);
  });

  it('writes the gauges the built-in rules use, with mountpoint labels', async () => {
    const reader = new LinuxMachineReader();
    reader.readNow();
    busy(30);
    const samples = machineSamples(reader.readNow());
    for (const name of [
      'system_cpu_usage_percent',
      'system_memory_usage_percent',
      'system_disk_free_percent',
      'system_load1',
      'system_network_receive_bytes_per_second',
    ]) {
      expect(names(samples)).toContain(name);
    }
    expect(samples.find((sample) => sample.name === 'system_disk_free_percent')?.labels).toEqual({ mountpoint: '/' });
  });

  it('watches only the mounts and interfaces it is told to', () => {
    const reader = new LinuxMachineReader({ mounts: ['/'], interfaces: ['lo'] });
    reader.readNow();
    const reading = reader.readNow();
    expect(reading.disks.map((disk) => disk.mountpoint)).toEqual(['/']);
    expect(reading.network.map((link) => link.interface)).toEqual(['lo']);
  });

  it('skips kernel and memory filesystems when choosing mounts', () => {
    const mounts = realMounts();
    expect(mounts).toContain('/');
    expect(mounts.some((mount) => mount.startsWith('/proc') || mount.startsWith('/sys') || mount === '/dev/shm')).toBe(false);
  });

  it('publishes a machine sample per collection', async () => {
    const published: MachineSample[] = [];
    const check = createSystemCheck(
      new LinuxMachineReader(),
      (sample) => published.push(sample),
      () => 42,
    );
    await runCheck(check, 5_000);
    const result = await runCheck(check, 5_000);
    expect(result.ok).toBe(true);
    expect(published).toHaveLength(2);
    expect(published[1]).toMatchObject({ at: 42, host: os.hostname() });
    expect(published[1]?.memory.percent).toBeGreaterThan(0);
  });

  it('counts the root filesystem in a chroot, where /proc/self/mounts does not list it', () => {
    expect(realMounts('tmpfs /dev/shm tmpfs rw 0 0\nproc /proc proc rw 0 0\n')).toEqual(['/']);
    expect(realMounts('/dev/vda1 / ext4 rw 0 0\n/dev/vdb /data ext4 rw 0 0\n')).toEqual(['/', '/data']);
  });

  it('has a portable reader for machines without /proc (best effort, run here too)', async () => {
    const reader = new PortableMachineReader();
    await reader.read();
    const reading = await reader.read();
    expect(reading.memory.totalBytes).toBe(os.totalmem());
    expect(reading.cpuCores).toHaveLength(os.cpus().length);
    expect(reading.disks.length).toBeGreaterThan(0);
  });
});
