import type { AddressInfo, Server, Socket } from 'node:net';

export interface LoopbackListener {
  port: number;
  /** Connections open now (TLS ones counted once). */
  openConnections: () => number;
  /** Destroys every open connection, then closes the server: a test never waits on a client's keep-alive. */
  close: () => Promise<void>;
}

/** Starts `server` on a free port of 127.0.0.1 and keeps track of its connections. */
export async function listenOnLoopback(server: Server): Promise<LoopbackListener> {
  const sockets = new Set<Socket>();
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  server.on('connection', track);
  server.on('secureConnection', track);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  let closed = false;
  return {
    port: (server.address() as AddressInfo).port,
    openConnections: () => sockets.size,
    close: async () => {
      if (closed) return;
      closed = true;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
