import type { DiskSample, NetworkSample } from '../../../shared/types/monitoring';

/** One collection of machine numbers; rates are over the time since the previous one. */
export interface MachineReading {
  cpuPercent: number | null;
  cpuCores: number[];
  /** Share of all CPU time per mode (user, system, iowait, steal), in %. */
  cpuModes: Record<string, number>;
  load: [number, number, number];
  memory: { usedBytes: number; availableBytes: number; totalBytes: number; swapUsedBytes: number; swapTotalBytes: number };
  disks: DiskSample[];
  network: NetworkSample[];
}

export interface MachineReader {
  read(): Promise<MachineReading>;
}

export interface MachineSelection {
  /** Mount points to watch; undefined: every real filesystem. */
  mounts?: string[];
  /** Network interfaces to watch; undefined: every one but loopback. */
  interfaces?: string[];
}

/** Busy share of a CPU between two readings of its counters (idle + iowait are not busy). */
export function busyPercent(before: CpuTimes | undefined, after: CpuTimes): number | null {
  if (before === undefined) return null;
  const total = after.total - before.total;
  if (total <= 0) return null;
  return clampPercent(100 * (1 - (after.idle - before.idle) / total));
}

export interface CpuTimes {
  total: number;
  idle: number;
  user: number;
  system: number;
  iowait: number;
  steal: number;
}

export function sumTimes(cores: readonly CpuTimes[]): CpuTimes {
  const sum: CpuTimes = { total: 0, idle: 0, user: 0, system: 0, iowait: 0, steal: 0 };
  for (const core of cores) for (const key of Object.keys(sum) as (keyof CpuTimes)[]) sum[key] += core[key];
  return sum;
}

export function clampPercent(value: number): number {
  return Math.min(100, Math.max(0, value));
}

/** A counter's rate per second; a counter that went backwards (reset, wrap) gives no rate. */
export function ratePerSecond(before: number, after: number, seconds: number): number {
  if (after < before || seconds <= 0) return 0;
  return (after - before) / seconds;
}
