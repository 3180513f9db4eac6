import fs from 'node:fs';

/**
 * Signals and liveness for whole process groups. A service is started as the leader of its own
 * group (setsid), so SIGTERM reaches its children too, and "stopped" means no member is left.
 * Zombies do not count as alive: orphans are reaped late by PID 1 on some machines.
 */
const hasProc = process.platform === 'linux' && fs.existsSync('/proc/self/stat');

/**
 * Only a real group other than our own may be signalled: kill(-0) is kill(0), which signals the
 * caller's own group — Zervigo and whatever started it (a shell, a test runner, CI) — and group 1
 * is init's. A missing pid (null becomes -0) must never turn into that.
 */
export function isSignallableGroup(pgid: number | null | undefined): pgid is number {
  return typeof pgid === 'number' && Number.isInteger(pgid) && pgid > 1 && pgid !== ownGroup();
}

let ownGroupId: number | null = null;
const ownGroup = (): number | null => (ownGroupId ??= processGroupOf(process.pid));

export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  if (!isSignallableGroup(pgid)) return false;
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Signals one process that is not ours to spawn (an adopted service found by its port or pid file):
 * never pid 0 or a negative pid (a group), never init, never Zervigo itself. Returns false when
 * there was nothing to signal.
 */
export function signalPid(pid: number, signal: NodeJS.Signals): boolean {
  if (!Number.isInteger(pid) || pid <= 1 || pid === process.pid) return false;
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Fields of /proc/<pid>/stat after the command name: state is [0], ppid [1], pgrp [2]. */
export function readStat(pid: number | string): string[] | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** Whether any process (a zombie too) is in the group: one syscall, where listing members reads all of /proc. */
function groupExists(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Live (non-zombie) members of a process group. */
export function groupMembers(pgid: number): number[] {
  if (!isSignallableGroup(pgid)) return [];
  // The common case after a leader's exit — nobody left — costs no /proc scan (12 ms with 130 processes, on the heal path).
  if (!groupExists(pgid)) return [];
  if (!hasProc) return [pgid];
  const members: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = readStat(entry);
    if (fields !== null && Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') members.push(Number(entry));
  }
  return members;
}

/** True while the process exists and is not a zombie. */
export function isAlive(pid: number): boolean {
  if (hasProc) {
    const fields = readStat(pid);
    return fields !== null && fields[0] !== 'Z' && fields[0] !== 'X';
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function processGroupOf(pid: number): number | null {
  const fields = hasProc ? readStat(pid) : null;
  return fields === null ? null : Number(fields[2]);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until `gone()` holds or the time is up; true when it held. The one polling wait of the
 * engine, and why: a process that is not our child (an adopted one, a group's other members)
 * sends no exit event, so /proc is looked at every 50 ms.
 */
export async function waitUntilGone(gone: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (gone()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(Math.min(50, Math.max(1, deadline - Date.now())));
  }
}

/** Until no member of the group is left or the time is up; true when the group is gone. */
export function waitGroupGone(pgid: number, timeoutMs: number, leaderGone: () => boolean = () => true): Promise<boolean> {
  return waitUntilGone(() => leaderGone() && groupMembers(pgid).length === 0, timeoutMs);
}

/**
 * The stop sequence: `ask` (SIGTERM to the group, or the service's stop command), up to
 * `graceMs` for every member to leave, then SIGKILL to whoever is left. Resolves with how it
 * ended; never leaves a member of the group running.
 */
export async function terminateGroup(
  pgid: number,
  graceMs: number,
  options: { ask?: () => void; leaderGone?: () => boolean } = {},
): Promise<'terminated' | 'killed'> {
  if (options.ask) options.ask();
  else signalGroup(pgid, 'SIGTERM');
  if (await waitGroupGone(pgid, graceMs, options.leaderGone)) return 'terminated';
  signalGroup(pgid, 'SIGKILL');
  await waitGroupGone(pgid, 5_000, options.leaderGone);
  return 'killed';
}
