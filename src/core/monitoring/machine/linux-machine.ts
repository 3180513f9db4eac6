import fs from 'node:fs';
import type { DiskSample, NetworkSample } from '../../../shared/types/monitoring';
import { readProcFile } from '../proc-files';
import { busyPercent, clampPercent, ratePerSecond, type CpuTimes, type MachineReader, type MachineReading, type MachineSelection } from './machine-reader';

/** Filesystems that hold no files of the operator's (kernel interfaces, memory, containers' layers). */
const pseudoFilesystems = new Set([
  'proc',
  'sysfs',
  'devtmpfs',
  'devpts',
  'tmpfs',
  'ramfs',
  'cgroup',
  'cgroup2',
  'pstore',
  'bpf',
  'tracefs',
  'debugfs',
  'securityfs',
  'mqueue',
  'hugetlbfs',
  'fusectl',
  'configfs',
  'autofs',
  'binfmt_misc',
  'nsfs',
  'rpc_pipefs',
  'selinuxfs',
  'squashfs',
  'efivarfs',
  'fuse.lxcfs',
  'nfsd',
  'overlay',
]);
const systemMountPrefixes = ['/proc', '/sys', '/dev', '/run', '/var/lib/docker', '/var/lib/containers', '/snap', '/mnt/sandboxing'];
const MOUNTS_REFRESH_MS = 60_000;

/**
 * Machine numbers from /proc and statfs, the way node-exporter reads them: a handful of small
 * virtual files per collection, parsed without regular expressions on the hot lines.
 */
export class LinuxMachineReader implements MachineReader {
  private cpuBefore: CpuTimes[] = [];
  private networkBefore = new Map<string, { rx: number; tx: number; errors: number; at: number }>();
  private mounts: string[] = [];
  private mountsReadAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly selection: MachineSelection = {}) {}

  async read(): Promise<MachineReading> {
    return this.readNow();
  }

  readNow(): MachineReading {
    const cpu = this.readCpu();
    return { ...cpu, load: readLoad(), memory: readMemory(), disks: this.readDisks(), network: this.readNetwork() };
  }

  private readCpu(): Pick<MachineReading, 'cpuPercent' | 'cpuCores' | 'cpuModes'> {
    const lines = (readProcFile('/proc/stat') ?? '').split('\n');
    const times: CpuTimes[] = [];
    for (const line of lines) {
      if (!line.startsWith('cpu')) break;
      const fields = line.split(/\s+/).slice(1).map(Number);
      const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
      // guest time is already counted in user; the first 8 fields add up to the total.
      times.push({
        total: user + nice + system + idle + iowait + irq + softirq + steal,
        idle: idle + iowait,
        user: user + nice,
        system: system + irq + softirq,
        iowait,
        steal,
      });
    }
    const before = this.cpuBefore;
    this.cpuBefore = times;
    const all = times[0];
    if (all === undefined) return { cpuPercent: null, cpuCores: [], cpuModes: {} };
    const previous = before[0];
    const span = previous === undefined ? 0 : all.total - previous.total;
    const share = (key: keyof CpuTimes): number => (previous === undefined || span <= 0 ? 0 : clampPercent((100 * (all[key] - previous[key])) / span));
    return {
      cpuPercent: busyPercent(previous, all),
      cpuCores: times.slice(1).map((core, i) => busyPercent(before[i + 1], core) ?? 0),
      cpuModes: previous === undefined ? {} : { user: share('user'), system: share('system'), iowait: share('iowait'), steal: share('steal') },
    };
  }

  private readDisks(): DiskSample[] {
    const now = Date.now();
    if (now - this.mountsReadAt > MOUNTS_REFRESH_MS) {
      this.mounts = this.selection.mounts ?? realMounts();
      this.mountsReadAt = now;
    }
    const disks: DiskSample[] = [];
    for (const mountpoint of this.mounts) {
      let stats: fs.StatsFs;
      try {
        stats = fs.statfsSync(mountpoint);
      } catch {
        continue;
      }
      const totalBytes = stats.blocks * stats.bsize;
      if (totalBytes === 0) continue;
      const freeBytes = stats.bavail * stats.bsize;
      // As df computes it: used against what non-root users can have (used + available).
      const usedBytes = (stats.blocks - stats.bfree) * stats.bsize;
      const usedPercent = clampPercent((100 * usedBytes) / (usedBytes + freeBytes || 1));
      disks.push({
        mountpoint,
        usedPercent,
        freeBytes,
        totalBytes,
        inodesUsedPercent: stats.files > 0 ? clampPercent((100 * (stats.files - stats.ffree)) / stats.files) : null,
      });
    }
    return disks;
  }

  private readNetwork(): NetworkSample[] {
    const now = Date.now();
    const out: NetworkSample[] = [];
    const lines = (readProcFile('/proc/net/dev') ?? '').split('\n').slice(2);
    const next = new Map<string, { rx: number; tx: number; errors: number; at: number }>();
    for (const line of lines) {
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      const name = line.slice(0, colon).trim();
      if (this.selection.interfaces !== undefined ? !this.selection.interfaces.includes(name) : name === 'lo') continue;
      const fields = line
        .slice(colon + 1)
        .trim()
        .split(/\s+/)
        .map(Number);
      const current = { rx: fields[0] ?? 0, tx: fields[8] ?? 0, errors: (fields[2] ?? 0) + (fields[10] ?? 0), at: now };
      next.set(name, current);
      const before = this.networkBefore.get(name);
      // A rate needs two readings: the first collection reports none rather than zero.
      if (before === undefined) continue;
      const seconds = (now - before.at) / 1000;
      out.push({
        interface: name,
        receiveBytesPerSecond: ratePerSecond(before.rx, current.rx, seconds),
        transmitBytesPerSecond: ratePerSecond(before.tx, current.tx, seconds),
        errorsPerSecond: ratePerSecond(before.errors, current.errors, seconds),
      });
    }
    this.networkBefore = next;
    return out;
  }
}

function readLoad(): [number, number, number] {
  const fields = (readProcFile('/proc/loadavg') ?? '0 0 0').split(' ');
  return [Number(fields[0]), Number(fields[1]), Number(fields[2])];
}

function readMemory(): MachineReading['memory'] {
  const values = new Map<string, number>();
  for (const line of (readProcFile('/proc/meminfo') ?? '').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) values.set(line.slice(0, colon), Number.parseInt(line.slice(colon + 1), 10) * 1024);
  }
  const totalBytes = values.get('MemTotal') ?? 0;
  const availableBytes = values.get('MemAvailable') ?? values.get('MemFree') ?? 0;
  const swapTotalBytes = values.get('SwapTotal') ?? 0;
  return { usedBytes: totalBytes - availableBytes, availableBytes, totalBytes, swapUsedBytes: swapTotalBytes - (values.get('SwapFree') ?? 0), swapTotalBytes };
}

/** Mount points of real filesystems, one per device (bind mounts of the same device are skipped). */
export function realMounts(mountsTable: string = readProcFile('/proc/self/mounts') ?? ''): string[] {
  const seenDevices = new Set<string>();
  const out: string[] = [];
  for (const line of mountsTable.split('\n')) {
    const [device, rawMountpoint, fstype] = line.split(' ');
    if (device === undefined || rawMountpoint === undefined || fstype === undefined) continue;
    const mountpoint = rawMountpoint.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
    const rootOverlay = fstype === 'overlay' && mountpoint === '/';
    if (pseudoFilesystems.has(fstype) && !rootOverlay) continue;
    if (systemMountPrefixes.some((prefix) => mountpoint === prefix || mountpoint.startsWith(`${prefix}/`))) continue;
    if (seenDevices.has(device)) continue;
    seenDevices.add(device);
    out.push(mountpoint);
  }
  // In a chroot the root is not a mount the process can see, yet it is a disk that fills up.
  if (!out.includes('/')) out.unshift('/');
  return out;
}
