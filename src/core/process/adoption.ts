import fs from 'node:fs';
import { isAlive, processGroupOf, signalPid, terminateGroup, waitUntilGone } from './process-group';
import { listeningPid, portAnswers } from './listening-pid';
import type { ExitInfo, ProcessHandle, ServiceSpec } from './runner';

/** How often an adopted process (not our child, so no exit event) is looked at. */
export const ADOPTED_POLL_MS = 500;

/**
 * A service already running when Zervigo comes to start it, found by its pid file or its port,
 * is adopted rather than started twice. Not being our child, its end is noticed by polling.
 */
export async function findRunning(spec: ServiceSpec, now: () => number): Promise<ProcessHandle | null> {
  if (spec.pidFile !== null) {
    const pid = readPidFile(spec.pidFile);
    if (pid !== null && pid !== process.pid && isAlive(pid)) return new AdoptedHandle(pid, null, now(), `pid file ${spec.pidFile}`);
  }
  if (spec.port !== null && (await portAnswers(spec.port))) {
    const pid = listeningPid(spec.port);
    // Zervigo is never its own service (a stale pid file whose pid was reused, a service on the
    // console's port): adopting it would let a stop signal Zervigo itself.
    if (pid !== process.pid) return new AdoptedHandle(pid, spec.port, now(), `port ${spec.port}`);
  }
  return null;
}

export function readPidFile(file: string): number | null {
  try {
    const pid = Number.parseInt(fs.readFileSync(file, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 1 ? pid : null;
  } catch {
    return null;
  }
}

class AdoptedHandle implements ProcessHandle {
  readonly adopted = true;
  readonly tmuxTarget = null;
  readonly logFile = null;
  readonly exited: Promise<ExitInfo>;

  constructor(
    readonly pid: number | null,
    private readonly port: number | null,
    readonly startedAt: number,
    readonly foundBy: string,
  ) {
    this.exited = new Promise((resolve) => {
      let misses = 0;
      const check = async (): Promise<void> => {
        const alive = this.pid !== null ? isAlive(this.pid) : await portAnswers(this.port as number);
        misses = alive ? 0 : misses + 1;
        // A port can miss one connection under load; a pid cannot come back.
        if (misses >= (this.pid !== null ? 1 : 2)) {
          resolve({ code: null, signal: null, reason: this.pid !== null ? `adopted process ${this.pid} ended` : `port ${this.port} stopped answering` });
          return;
        }
        setTimeout(() => void check(), ADOPTED_POLL_MS).unref();
      };
      setTimeout(() => void check(), ADOPTED_POLL_MS).unref();
    });
  }

  async stop(graceMs: number): Promise<ExitInfo> {
    if (this.pid === null) {
      throw new Error(`cannot stop it: it was found by ${this.foundBy} and its process id is not visible to Zervigo`);
    }
    const pid = this.pid;
    if (processGroupOf(pid) === pid) {
      await terminateGroup(pid, graceMs, { leaderGone: () => !isAlive(pid) });
    } else {
      signalPid(pid, 'SIGTERM');
      if (!(await waitUntilGone(() => !isAlive(pid), graceMs))) signalPid(pid, 'SIGKILL');
    }
    return this.exited;
  }
}
