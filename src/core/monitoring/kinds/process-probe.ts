import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { regex } from '../../config/schema';
import type { ProbeKind } from '../probe-kind';
import { failed, passed, since, type ProbeCheck, type ProbeSample } from '../check-result';
import { CLOCK_TICKS_PER_SECOND, bootTimeMs, countOpenFds, hasProc, listPids, readCommandLine, readProcessStat, readProcessStatus } from '../proc-files';

const execFileAsync = promisify(execFile);

/** How a process probe finds its process(es). */
export type ProcessTarget =
  | { kind: 'pid_file'; file: string }
  | { kind: 'match'; pattern: RegExp }
  /** The service's own process: from whoever started it, else from its pid_file. */
  | { kind: 'self'; service: string; pidFile: string | null };

export interface ProcessProbeDeps {
  /** The pid of a service Zervigo started, if it knows one (the service lifecycle fills this in). */
  pidOf(service: string): number | null;
}

interface Found {
  pids: number[];
  /** Set when nothing was found: why, in words. */
  problem?: string;
}

interface Usage {
  cpuPercent: number | null;
  rssBytes: number;
  threads: number | null;
  openFds: number | null;
  startedAt: number;
}

/**
 * Is the process alive, and what does it use: CPU %, resident memory, threads, open files,
 * uptime. On Linux from /proc; elsewhere from pidusage (CPU, memory, uptime) and `ps`.
 * A zombie (exited, not yet reaped) counts as not running.
 */
export function createProcessCheck(target: ProcessTarget, deps: ProcessProbeDeps): ProbeCheck {
  const previous = new Map<number, { cpuTicks: number; startTicks: number; at: number }>();
  return async () => {
    const started = performance.now();
    const found = await findPids(target, deps);
    if (found.problem !== undefined) return failed(found.problem, since(started));
    const usages: Usage[] = [];
    let zombie: number | null = null;
    for (const pid of found.pids) {
      const usage = hasProc ? linuxUsage(pid, previous) : await portableUsage(pid);
      if (usage === 'zombie') zombie = pid;
      else if (usage !== null) usages.push(usage);
    }
    const durationMs = since(started);
    if (usages.length === 0) {
      if (zombie !== null) return failed(`process ${zombie} has exited (a zombie not yet reaped by its parent)`, durationMs);
      return failed(notRunning(target, found.pids), durationMs);
    }
    return passed(durationMs, samplesOf(usages));
  };
}

const processTarget = z.union([
  z.literal('self', { error: 'expected "self" (the service\'s own process) or { pid_file } or { match }' }),
  z.strictObject({ pid_file: z.string().min(1).describe('A file holding the pid of the process to watch.') }),
  z.strictObject({ match: regex.pipe(z.string().min(1)).describe('A regular expression over command lines; every match is watched (never Zervigo itself).') }),
]);
type ProcessOptionsConfig = z.output<typeof processTarget>;

/** A running process: `process: self`, `{ pid_file }` or `{ match }`. */
export const processProbe: ProbeKind<ProcessOptionsConfig> = {
  kind: 'process',
  summary: "A running process: `self` (the service's own), { pid_file } or { match: regex over command lines }; adds CPU and memory series.",
  schema: processTarget,
  expects: [],
  dependsOn: ['pid_file'],
  describe: (options) => (options === 'self' ? 'own process' : 'pid_file' in options ? `pid file ${options.pid_file}` : `process matching ${options.match}`),
  createCheck: (options, context) =>
    createProcessCheck(processTargetOf(options, context.service.name, context.service.dir, context.service.pidFile), {
      pidOf: () => context.service.pid(),
    }),
};

export function processTargetOf(
  process: 'self' | { pid_file: string } | { match: string },
  service: string,
  serviceDir: string,
  servicePidFile: string | undefined,
): ProcessTarget {
  if (process === 'self') return { kind: 'self', service, pidFile: servicePidFile === undefined ? null : path.resolve(serviceDir, servicePidFile) };
  if ('pid_file' in process) return { kind: 'pid_file', file: path.resolve(serviceDir, process.pid_file) };
  return { kind: 'match', pattern: new RegExp(process.match) };
}

async function findPids(target: ProcessTarget, deps: ProcessProbeDeps): Promise<Found> {
  switch (target.kind) {
    case 'pid_file':
      return readPidFile(target.file);
    case 'self': {
      const pid = deps.pidOf(target.service);
      if (pid !== null) return { pids: [pid] };
      if (target.pidFile !== null) return readPidFile(target.pidFile);
      return { pids: [], problem: `the pid of ${target.service} is not known: Zervigo did not start it and it has no pid_file` };
    }
    case 'match': {
      const pids = await matchingPids(target.pattern);
      return pids.length > 0 ? { pids } : { pids, problem: `no process matches /${target.pattern.source}/` };
    }
  }
}

function readPidFile(file: string): Found {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { pids: [], problem: code === 'ENOENT' ? `pid file ${file} does not exist (not running?)` : `cannot read pid file ${file} (${code ?? 'error'})` };
  }
  const pid = Number(text.trim());
  if (!Number.isInteger(pid) || pid <= 0) return { pids: [], problem: `pid file ${file} does not hold a pid (${JSON.stringify(text.trim().slice(0, 20))})` };
  return { pids: [pid] };
}

/** Processes whose command line matches, never Zervigo itself. */
async function matchingPids(pattern: RegExp): Promise<number[]> {
  if (hasProc) {
    return listPids().filter((pid) => {
      if (pid === process.pid) return false;
      const commandLine = readCommandLine(pid);
      return commandLine !== null && commandLine !== '' && pattern.test(commandLine);
    });
  }
  const { stdout } = await execFileAsync('ps', ['-axo', 'pid=,command='], { maxBuffer: 16 * 1024 * 1024 });
  const pids: number[] = [];
  for (const line of stdout.split('\n')) {
    const match = /^\s*(\d+)\s+(.*)$/.exec(line);
    if (match !== null && Number(match[1]) !== process.pid && pattern.test(match[2] as string)) pids.push(Number(match[1]));
  }
  return pids;
}

function linuxUsage(pid: number, previous: Map<number, { cpuTicks: number; startTicks: number; at: number }>): Usage | 'zombie' | null {
  const stat = readProcessStat(pid);
  if (stat === null) return null;
  if (stat.state === 'Z' || stat.state === 'X') return 'zombie';
  const status = readProcessStatus(pid);
  const now = Date.now();
  const before = previous.get(pid);
  previous.set(pid, { cpuTicks: stat.cpuTicks, startTicks: stat.startTicks, at: now });
  // A pid reused by a new process starts its CPU count afresh.
  const cpuPercent =
    before !== undefined && before.startTicks === stat.startTicks && now > before.at
      ? (((stat.cpuTicks - before.cpuTicks) / CLOCK_TICKS_PER_SECOND) * 1000 * 100) / (now - before.at)
      : null;
  return {
    cpuPercent,
    rssBytes: status?.rssBytes ?? 0,
    threads: status?.threads ?? null,
    openFds: countOpenFds(pid),
    startedAt: bootTimeMs() + (stat.startTicks / CLOCK_TICKS_PER_SECOND) * 1000,
  };
}

async function portableUsage(pid: number): Promise<Usage | null> {
  try {
    // Signal 0 is delivered to no one: it only asks whether the pid exists.
    // eslint-disable-next-line no-restricted-properties
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return null;
  }
  try {
    // Loaded only where there is no /proc.
    const { default: pidusage } = await import('pidusage');
    const stats = await pidusage(pid);
    return { cpuPercent: stats.cpu, rssBytes: stats.memory, threads: null, openFds: null, startedAt: Date.now() - stats.elapsed };
  } catch {
    return null;
  }
}

/** Summed over every matching process; uptime is the oldest one's. */
function samplesOf(usages: Usage[]): ProbeSample[] {
  const sum = (values: (number | null)[]): number | null =>
    values.some((value) => value === null) ? null : values.reduce<number>((total, value) => total + (value as number), 0);
  const samples: ProbeSample[] = [{ name: 'process_count', value: usages.length }];
  const add = (name: string, value: number | null): void => {
    if (value !== null) samples.push({ name, value });
  };
  add('process_cpu_usage_percent', sum(usages.map((usage) => usage.cpuPercent)));
  add('process_resident_memory_bytes', sum(usages.map((usage) => usage.rssBytes)));
  add('process_threads', sum(usages.map((usage) => usage.threads)));
  add('process_open_fds', sum(usages.map((usage) => usage.openFds)));
  add('process_uptime_seconds', (Date.now() - Math.min(...usages.map((usage) => usage.startedAt))) / 1000);
  return samples;
}

function notRunning(target: ProcessTarget, pids: number[]): string {
  const list = pids.join(', ');
  if (target.kind === 'match') return `no process matching /${target.pattern.source}/ is running`;
  if (target.kind === 'pid_file') return `process ${list} (from ${target.file}) is not running`;
  return `process ${list} of ${target.service} is not running`;
}
