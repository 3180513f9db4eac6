import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createTcpCheck, tcpOptionsOf } from '../../../src/core/monitoring/kinds/tcp-probe';
import { probeConfig, runCheck } from '../../helpers/run-check';

const servers: net.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

/** A real TCP server on 127.0.0.1; `onConnection` decides how it behaves. */
async function listen(onConnection: (socket: net.Socket) => void): Promise<number> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  server.on('close', () => sockets.forEach((socket) => socket.destroy()));
  const close = server.close.bind(server);
  server.close = (callback?: (error?: Error) => void) => {
    sockets.forEach((socket) => socket.destroy());
    return close(callback);
  };
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

const check = async (input: Record<string, unknown>, timeoutMs = 1_000) => {
  const probe = probeConfig({ timeout: `${timeoutMs}ms`, ...input });
  return runCheck(createTcpCheck(tcpOptionsOf(probe)), probe.timeout);
};

describe('tcp probe (against real sockets on 127.0.0.1)', () => {
  it('passes when the port accepts a connection', async () => {
    const port = await listen(() => undefined);
    expect(await check({ tcp: `127.0.0.1:${port}` })).toMatchObject({ ok: true, reason: null });
  });

  it('is down with a reason when nothing listens', async () => {
    const port = await listen(() => undefined);
    await new Promise((resolve) => servers.pop()?.close(resolve));
    expect(await check({ tcp: `127.0.0.1:${port}` })).toMatchObject({ ok: false, reason: `connection refused by 127.0.0.1:${port} (is it listening?)` });
  });

  it('sends a line and expects an answer containing a text', async () => {
    const port = await listen((socket) => socket.on('data', (data) => socket.write(data.toString().startsWith('PING') ? '+PONG\r\n' : '-ERR unknown\r\n')));
    expect(await check({ tcp: { address: `127.0.0.1:${port}`, send: 'PING\r\n' }, expect: { contains: '+PONG' } })).toMatchObject({ ok: true });
    expect(await check({ tcp: { address: `127.0.0.1:${port}`, send: 'HELLO\r\n' }, expect: { contains: '+PONG' } }, 300)).toMatchObject({
      ok: false,
      reason: 'connected, but no answer containing "+PONG" within 300 ms (got "-ERR unknown")',
    });
  });

  it('reads a banner without sending anything', async () => {
    const port = await listen((socket) => socket.write('SSH-2.0-test\r\n'));
    expect(await check({ tcp: `127.0.0.1:${port}`, expect: { contains: 'SSH-2.0' } })).toMatchObject({ ok: true });
  });

  it('says so when the server closes without the expected answer', async () => {
    const port = await listen((socket) => socket.end('bye\n'));
    expect(await check({ tcp: `127.0.0.1:${port}`, expect: { contains: 'welcome' } })).toMatchObject({
      ok: false,
      reason: 'the connection closed after 4 bytes, before an answer containing "welcome" (got "bye")',
    });
  });
});
