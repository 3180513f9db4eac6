import net from 'node:net';
import { listenOnLoopback, type LoopbackListener } from './loopback-listener';

export interface SilentServer extends LoopbackListener {
  /** Connections accepted so far. */
  accepted(): number;
}

/**
 * A server on 127.0.0.1 that accepts connections, reads and drops what clients send, and never
 * answers: a database that hangs. Reading keeps a client's close visible (an unread socket never
 * sees the other side end), so `openConnections()` shows whether clients close what they opened.
 */
export async function startSilentServer(): Promise<SilentServer> {
  let accepted = 0;
  const listener = await listenOnLoopback(
    net.createServer((socket) => {
      accepted++;
      socket.resume();
    }),
  );
  return { ...listener, accepted: () => accepted };
}
