import fs from 'node:fs';
import { readStat } from './process-group';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on every Linux port we run on). */
const TICKS_PER_SECOND = 100;
const PAGE_BYTES = 4096;

export interface GroupUsage {
  /** CPU seconds used so far by the group's live members. */
  cpuSeconds: number;
  rssBytes: number;
}

/**
 * CPU and memory of process groups, from one pass over /proc: a service's figure includes the
 * children it started (a shell's command, a server's workers). Empty where there is no /proc.
 */
export function sampleGroups(pgids: ReadonlySet<number>): Map<number, GroupUsage> {
  const usage = new Map<number, GroupUsage>();
  if (pgids.size === 0) return usage;
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return usage;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = readStat(entry);
    if (fields === null) continue;
    const pgid = Number(fields[2]);
    if (!pgids.has(pgid) || fields[0] === 'Z') continue;
    // utime [11], stime [12], rss pages [21] (counted from the state field).
    const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
    const rssBytes = Number(fields[21]) * PAGE_BYTES;
    const total = usage.get(pgid) ?? { cpuSeconds: 0, rssBytes: 0 };
    total.cpuSeconds += cpuSeconds;
    total.rssBytes += rssBytes;
    usage.set(pgid, total);
  }
  return usage;
}

/** Turns two samples of cumulative CPU seconds into a percentage of one core. */
export class CpuMeter {
  private readonly previous = new Map<number, { at: number; cpuSeconds: number }>();

  percent(pgid: number, at: number, cpuSeconds: number): number | null {
    const last = this.previous.get(pgid);
    this.previous.set(pgid, { at, cpuSeconds });
    if (last === undefined || at <= last.at) return null;
    return Math.max(0, ((cpuSeconds - last.cpuSeconds) / ((at - last.at) / 1000)) * 100);
  }

  forget(keep: ReadonlySet<number>): void {
    for (const pgid of this.previous.keys()) if (!keep.has(pgid)) this.previous.delete(pgid);
  }
}
