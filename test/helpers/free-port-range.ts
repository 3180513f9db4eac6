import net from 'node:net';

function listenable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** `count` consecutive TCP ports on 127.0.0.1 that nothing listens on right now (a replicated service's port..port+count-1). */
export async function freePortRange(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    // Below Linux's ephemeral range (32768-60999): ports there are what freePort() and every outgoing
    // connection of the tests running beside this one are given, so base + 1 could be taken next.
    const base = 20_000 + Math.floor(Math.random() * (32_000 - 20_000 - count));
    const free = await Promise.all(Array.from({ length: count }, (_, i) => listenable(base + i)));
    if (free.every(Boolean)) return base;
  }
  throw new Error(`no ${count} consecutive free ports found on 127.0.0.1`);
}
