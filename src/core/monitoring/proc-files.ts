import fs from 'node:fs';

/**
 * Reads Linux /proc: cheap synchronous reads of small virtual files (tens of microseconds
 * each), which is how node-exporter and ps do it. Every reader returns null when the
 * process or file is gone, never throws for that.
 */
export const CLOCK_TICKS_PER_SECOND = 100;

export const hasProc = process.platform === 'linux' && fs.existsSync('/proc/self/stat');

export interface ProcessStat {
  /** R running, S sleeping, D disk wait, Z zombie, T stopped, ... */
  state: string;
  cpuTicks: number;
  /** Clock ticks after boot. */
  startTicks: number;
}

function read(file: string): string | null {
  try {
    return fs.readFileSync(file, 'latin1');
  } catch {
    return null;
  }
}

export function readProcessStat(pid: number): ProcessStat | null {
  const text = read(`/proc/${pid}/stat`);
  if (text === null) return null;
  // The command name (field 2) is in parentheses and may itself contain spaces and ")".
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '?', cpuTicks: Number(fields[11]) + Number(fields[12]), startTicks: Number(fields[19]) };
}

export function readProcessStatus(pid: number): { rssBytes: number; threads: number } | null {
  const text = read(`/proc/${pid}/status`);
  if (text === null) return null;
  return { rssBytes: Number(/VmRSS:\s+(\d+)/.exec(text)?.[1] ?? 0) * 1024, threads: Number(/Threads:\s+(\d+)/.exec(text)?.[1] ?? 0) };
}

/** Open file descriptors; null when not allowed to look (another user's process). */
export function countOpenFds(pid: number): number | null {
  try {
    return fs.readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return null;
  }
}

export function readCommandLine(pid: number): string | null {
  const text = read(`/proc/${pid}/cmdline`);
  return text === null ? null : text.replace(/\0+$/, '').replaceAll('\0', ' ');
}

export function listPids(): number[] {
  return fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

let bootTime: number | null = null;

/** When the machine booted, in ms since the epoch (the btime line of /proc/stat). */
export function bootTimeMs(): number {
  if (bootTime === null) bootTime = Number(/^btime (\d+)$/m.exec(read('/proc/stat') ?? '')?.[1] ?? 0) * 1000;
  return bootTime;
}

export function readProcFile(file: string): string | null {
  return read(file);
}
