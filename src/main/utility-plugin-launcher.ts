import type { PluginLauncher } from '../core/plugins/plugin-process';
import { signalPid } from '../core/process/process-group';

/** The part of Electron's UtilityProcess a plugin's process needs (its documented API), so tests can pass a stand-in. */
export interface PluginUtilityProcess {
  /** Undefined until it has spawned, and again once it has exited. */
  readonly pid: number | undefined;
  /** With `stdio: 'pipe'`: its output. */
  readonly stdout: NodeJS.ReadableStream | null;
  readonly stderr: NodeJS.ReadableStream | null;
  postMessage(message: unknown): void;
  on(event: 'spawn', listener: () => void): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  on(event: 'error', listener: (type: string, location: string, report: string) => void): unknown;
  kill(): boolean;
}

/** utilityProcess.fork as this launcher calls it. */
export type UtilityFork = (
  modulePath: string,
  args: string[],
  options: { cwd: string; env: Record<string, string>; execArgv: string[]; stdio: 'pipe'; serviceName: string },
) => PluginUtilityProcess;

/**
 * Third-party plugins in Electron utility processes (the desktop app): the same runtime entry and
 * messages as a forked Node process, over the utility process's port (process.parentPort inside).
 * Electron reports an exit code only (no signal); a message sent after the process ended is
 * dropped, as on a closed IPC channel. Not run against a real Electron here (no Electron binary on
 * the test machines): tested with a stand-in that behaves as Electron documents utilityProcess.
 */
export function utilityPluginLauncher(fork: UtilityFork): PluginLauncher {
  return (launch) => {
    const child = fork(launch.file, launch.args, {
      cwd: launch.cwd,
      env: launch.env,
      execArgv: launch.execArgv,
      stdio: 'pipe',
      serviceName: launch.serviceName,
    });
    let exited = false;
    let killed = false;
    const exitListeners: ((code: number | null, signal: NodeJS.Signals | null) => void)[] = [];
    // The exit is told once both output streams have ended, so a reason can quote the last line.
    const streams = [child.stdout, child.stderr].filter((stream): stream is NodeJS.ReadableStream => stream !== null);
    let open = streams.length;
    let exitCode: number | null = null;
    const tell = (): void => {
      if (!exited || open > 0) return;
      for (const listener of exitListeners.splice(0)) listener(exitCode, null);
    };
    for (const stream of streams) {
      let ended = false;
      const end = (): void => {
        if (ended) return;
        ended = true;
        open -= 1;
        tell();
      };
      stream.once('end', end);
      stream.once('close', end);
    }
    const exitWaiters: (() => void)[] = [];
    child.on('exit', (code) => {
      exited = true;
      exitCode = code;
      for (const waiter of exitWaiters.splice(0)) waiter();
      tell();
    });
    return {
      get pid() {
        return child.pid ?? null;
      },
      get running() {
        return !exited;
      },
      send(message, onUndelivered) {
        if (exited || killed) return;
        try {
          child.postMessage(message);
        } catch (error) {
          onUndelivered?.(error as Error);
        }
      },
      onMessage: (listener) =>
        void child.on('message', (message) => {
          if (!killed) listener(message);
        }),
      onOutput(listener) {
        child.stdout?.on('data', (chunk: Buffer) => listener('stdout', chunk));
        child.stderr?.on('data', (chunk: Buffer) => listener('stderr', chunk));
      },
      onError: (listener) => void child.on('error', (type, location) => listener(new Error(`${type} at ${location}`))),
      onExit: (listener) => void exitListeners.push(listener),
      exited: () => (exited ? Promise.resolve() : new Promise((resolve) => exitWaiters.push(resolve))),
      kill() {
        killed = true;
        if (exited) return false;
        // Electron's kill() is SIGTERM on POSIX, which a plugin may catch or, with its event loop
        // blocked, never act on: a hung plugin is ended as a forked one is, by SIGKILL.
        const pid = child.pid;
        if (pid !== undefined && signalPid(pid, 'SIGKILL')) return true;
        return child.kill();
      },
    };
  };
}
