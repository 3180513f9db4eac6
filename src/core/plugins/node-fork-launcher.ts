import { fork } from 'node:child_process';
import { signalChild } from '../process/signal-child';
import type { PluginLauncher } from './plugin-process';

/** A plugin in a forked Node process, talking over its IPC channel (JSON): the headless shells' launcher. */
export const nodeForkLauncher: PluginLauncher = (launch) => {
  const child = fork(launch.file, launch.args, {
    cwd: launch.cwd,
    execArgv: launch.execArgv,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'json',
    env: launch.env,
  });
  return {
    get pid() {
      return child.pid ?? null;
    },
    get running() {
      return child.exitCode === null && child.signalCode === null;
    },
    send(message, onUndelivered) {
      if (!child.connected) return;
      child.send(message, (error) => {
        if (error !== null && error !== undefined) onUndelivered?.(error);
      });
    },
    onMessage: (listener) => void child.on('message', listener),
    onOutput(listener) {
      child.stdout?.on('data', (chunk: Buffer) => listener('stdout', chunk));
      child.stderr?.on('data', (chunk: Buffer) => listener('stderr', chunk));
    },
    onError: (listener) => void child.on('error', listener),
    // 'close', not 'exit': its output is read to the end by then.
    onExit: (listener) => void child.once('close', listener),
    // 'exit': a killed child whose message listeners were removed may never emit 'close'.
    exited: () => (child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()))),
    kill() {
      child.removeAllListeners('message');
      const signalled = signalChild(child, 'SIGKILL');
      // Not from inside its own 'message' event (garbage is noticed there): Node's channel code
      // still reads the channel after the listener returns, and a disconnect under it throws.
      setImmediate(() => {
        if (child.connected) child.disconnect();
      });
      return signalled;
    },
  };
};
