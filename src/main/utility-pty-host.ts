import type { PtyBackend } from '../core/sessions/pty-protocol';
import { remotePtyBackend } from '../core/sessions/remote-pty-backend';

/** The part of Electron's UtilityProcess used here, so tests can pass a fake. */
export interface UtilityProcessLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

/**
 * Starts the pty host in a utility process (src/main/pty-host-entry.ts) and gives the engine its
 * side of the channel. If the host dies, its terminals end (each says so) and the next terminal
 * gets a fresh host.
 */
export function utilityPtyBackend(fork: () => UtilityProcessLike, onExit: (code: number) => void = () => undefined): PtyBackend {
  let current: PtyBackend | null = null;
  const listeners = new Set<Parameters<PtyBackend['onMessage']>[0]>();
  const start = (): PtyBackend => {
    const child = fork();
    const backend = remotePtyBackend({
      postMessage: (message) => child.postMessage(message),
      onMessage: (listener) => void child.on('message', listener),
      onExit: (listener) =>
        void child.on('exit', (code) => {
          if (current === backend) current = null;
          onExit(code);
          listener();
        }),
      kill: () => void child.kill(),
    });
    backend.onMessage((message) => {
      for (const listener of [...listeners]) listener(message);
    });
    return backend;
  };
  return {
    send(message) {
      current ??= start();
      current.send(message);
    },
    onMessage(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      current?.dispose();
      current = null;
    },
  };
}
