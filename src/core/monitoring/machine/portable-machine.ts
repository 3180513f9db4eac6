import os from 'node:os';
import type { DiskSample, NetworkSample } from '../../../shared/types/monitoring';
import {
  busyPercent,
  clampPercent,
  ratePerSecond,
  sumTimes,
  type CpuTimes,
  type MachineReader,
  type MachineReading,
  type MachineSelection,
} from './machine-reader';

/** Loaded only where it is used (not on Linux): it takes tens of ms to require. */
const systemInformation = async () => (await import('systeminformation')).default;

/**
 * Machine numbers where there is no /proc (macOS, Windows): CPU, load and memory from Node's
 * `os`; disks, network and swap from systeminformation. Best effort: slower than /proc, and
 * a part that fails is left out rather than failing the whole collection.
 */
export class PortableMachineReader implements MachineReader {
  private cpuBefore: CpuTimes[] = [];
  private networkBefore = new Map<string, { rx: number; tx: number; errors: number; at: number }>();

  constructor(private readonly selection: MachineSelection = {}) {}

  async read(): Promise<MachineReading> {
    const cores = os.cpus().map((cpu): CpuTimes => {
      const { user, nice, sys, idle, irq } = cpu.times;
      return { total: user + nice + sys + idle + irq, idle, user: user + nice, system: sys + irq, iowait: 0, steal: 0 };
    });
    const all = sumTimes(cores);
    const before = this.cpuBefore;
    const previous = before.length === cores.length ? sumTimes(before) : undefined;
    this.cpuBefore = cores;
    const span = previous === undefined ? 0 : all.total - previous.total;
    const [memory, disks, network] = await Promise.all([this.readMemory(), this.readDisks(), this.readNetwork()]);
    const load = os.loadavg();
    return {
      cpuPercent: busyPercent(previous, all),
      cpuCores: cores.map((core, i) => busyPercent(before[i], core) ?? 0),
      cpuModes:
        previous === undefined || span <= 0
          ? {}
          : { user: clampPercent((100 * (all.user - previous.user)) / span), system: clampPercent((100 * (all.system - previous.system)) / span) },
      load: [load[0] ?? 0, load[1] ?? 0, load[2] ?? 0],
      memory,
      disks,
      network,
    };
  }

  private async readMemory(): Promise<MachineReading['memory']> {
    const totalBytes = os.totalmem();
    const swap = await (await systemInformation()).mem().catch(() => null);
    const availableBytes = swap?.available ?? os.freemem();
    return { usedBytes: totalBytes - availableBytes, availableBytes, totalBytes, swapUsedBytes: swap?.swapused ?? 0, swapTotalBytes: swap?.swaptotal ?? 0 };
  }

  private async readDisks(): Promise<DiskSample[]> {
    const filesystems = await (await systemInformation()).fsSize().catch(() => []);
    return filesystems
      .filter((fs) => (this.selection.mounts === undefined ? fs.size > 0 : this.selection.mounts.includes(fs.mount)))
      .map((fs) => ({ mountpoint: fs.mount, usedPercent: clampPercent(fs.use), freeBytes: fs.available, totalBytes: fs.size, inodesUsedPercent: null }));
  }

  private async readNetwork(): Promise<NetworkSample[]> {
    const now = Date.now();
    const interfaces = await (await systemInformation()).networkStats('*').catch(() => []);
    const out: NetworkSample[] = [];
    const next = new Map<string, { rx: number; tx: number; errors: number; at: number }>();
    for (const stats of interfaces) {
      const loopback = /^(lo|lo0|Loopback.*)$/i.test(stats.iface);
      if (this.selection.interfaces !== undefined ? !this.selection.interfaces.includes(stats.iface) : loopback) continue;
      const current = { rx: stats.rx_bytes, tx: stats.tx_bytes, errors: stats.rx_errors + stats.tx_errors, at: now };
      next.set(stats.iface, current);
      const before = this.networkBefore.get(stats.iface);
      // A rate needs two readings: the first collection reports none rather than zero.
      if (before === undefined) continue;
      const seconds = (now - before.at) / 1000;
      out.push({
        interface: stats.iface,
        receiveBytesPerSecond: ratePerSecond(before.rx, current.rx, seconds),
        transmitBytesPerSecond: ratePerSecond(before.tx, current.tx, seconds),
        errorsPerSecond: ratePerSecond(before.errors, current.errors, seconds),
      });
    }
    this.networkBefore = next;
    return out;
  }
}
