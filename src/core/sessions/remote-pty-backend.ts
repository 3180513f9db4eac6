import type { FromPtyHost, PtyBackend, ToPtyHost } from './pty-protocol';
import { PtyHost } from './pty-host';

/** A message port to another process: Electron's UtilityProcess and Node's ChildProcess both fit. */
export interface MessagePortLike {
  postMessage(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called when the other process is gone. */
  onExit(listener: () => void): void;
  kill(): void;
}

/** The engine side of a pty host in another process. */
export function remotePtyBackend(port: MessagePortLike): PtyBackend {
  const listeners = new Set<(message: FromPtyHost) => void>();
  const live = new Set<string>();
  let gone = false;
  port.onMessage((message) => {
    const typed = message as FromPtyHost;
    if (typed.type === 'exit') live.delete(typed.id);
    for (const listener of [...listeners]) listener(typed);
  });
  port.onExit(() => {
    gone = true;
    // The host took its terminals with it: say so for each, so none waits forever.
    for (const id of live) for (const listener of [...listeners]) listener({ type: 'exit', id, code: null, signal: 9 });
    live.clear();
  });
  return {
    send(message: ToPtyHost) {
      if (gone) {
        if (message.type === 'spawn')
          for (const listener of [...listeners]) listener({ type: 'error', id: message.spawn.id, message: 'the terminal host process has ended' });
        return;
      }
      if (message.type === 'spawn') live.add(message.spawn.id);
      port.postMessage(message);
    },
    onMessage(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      gone = true;
      port.kill();
    },
  };
}

/** The host side, in the other process: answers the engine's messages with a PtyHost. */
export function servePtyHost(channel: { send(message: FromPtyHost): void; onMessage(listener: (message: ToPtyHost) => void): void }): PtyHost {
  const host = new PtyHost((message) => channel.send(message));
  channel.onMessage((message) => host.handle(message));
  return host;
}
