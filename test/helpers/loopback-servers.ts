import net from 'node:net';

/**
 * Servers a test starts on 127.0.0.1 (a silent TCP server, an HTTP server where a protocol is
 * expected): closing them ends their open connections too, since an engine may still be probing.
 */
export class LoopbackServers {
  private readonly open: Array<{ server: net.Server; sockets: Set<net.Socket> }> = [];

  /** Listens on a free port of 127.0.0.1 and returns it. */
  async listen(server: net.Server): Promise<number> {
    const sockets = new Set<net.Socket>();
    server.on('connection', (socket: net.Socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    this.open.push({ server, sockets });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as net.AddressInfo).port;
  }

  /** A TCP server that accepts and never says a word: a check of it must end at its timeout. */
  silent(): Promise<number> {
    return this.listen(net.createServer(() => undefined));
  }

  async closeAll(): Promise<void> {
    await Promise.all(
      this.open.splice(0).map(
        ({ server, sockets }) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            for (const socket of sockets) socket.destroy();
          }),
      ),
    );
  }
}
