import http from 'node:http';
import https from 'node:https';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { freePort } from '../helpers/free-port';
import { LoopbackServers } from '../helpers/loopback-servers';
import { ShippedProbePlugin } from '../helpers/shipped-probe-plugin';
import { selfSignedCertificate } from '../helpers/tls-certs';

const servers = new LoopbackServers();
const sockets: WebSocketServer[] = [];
afterEach(async () => {
  for (const server of sockets.splice(0)) for (const client of server.clients) client.terminate();
  await servers.closeAll();
});

const TOKEN = 'Bearer t0ken';
/** Every message the ws servers received. */
const messages: string[] = [];

/**
 * A real `ws` server on an HTTP(S) server of 127.0.0.1: /echo answers "echo:<message>", /greet
 * sends a greeting in two fragments and then a 70 kB message, /close closes with 1011, /private
 * wants a bearer token, and it agrees only to the subprotocol "v1".
 */
async function startWsServer(server: http.Server | https.Server): Promise<number> {
  const wss = new WebSocketServer({
    server,
    verifyClient: ({ req }: { req: http.IncomingMessage }) => req.url !== '/private' || req.headers.authorization === TOKEN,
    handleProtocols: (protocols: Set<string>) => (protocols.has('v1') ? 'v1' : false),
  });
  sockets.push(wss);
  wss.on('connection', (socket, request) => {
    if (request.url === '/close') return socket.close(1011, 'db down');
    if (request.url === '/greet') {
      socket.send('welcome, ', { fin: false });
      socket.send('you are connected', { fin: true });
      socket.send(`big ${'x'.repeat(70_000)} end`);
    }
    socket.on('message', (data: Buffer) => {
      messages.push(data.toString('utf8'));
      socket.send(`echo:${data.toString('utf8')}`);
    });
  });
  return servers.listen(server);
}

describe('the websocket probe plugin (plugins/websocket) against a real ws server', () => {
  it('connects, sends, expects a reply, and says clearly why not: refused, silent, not WebSocket, closed, 401, subprotocol, TLS', async () => {
    const port = await startWsServer(http.createServer());
    const certificate = selfSignedCertificate(new Date(Date.now() - 3_600_000), new Date(Date.now() + 86_400_000));
    const tlsPort = await startWsServer(https.createServer({ key: certificate.key, cert: certificate.cert }));
    const httpPort = await servers.listen(http.createServer((_request, response) => response.end('hello')));
    const silentPort = await servers.silent();
    const refusedPort = await freePort();
    const url = `ws://127.0.0.1:${port}`;
    const plugin = await ShippedProbePlugin.start('websocket');
    plugin.load({
      connect: { options: { url: `${url}/` } },
      echo: { options: { url: `${url}/echo`, send: 'ping', expect: 'echo:ping' } },
      sendonly: { options: { url: `${url}/echo`, send: 'fire and forget' } },
      greet: { options: { url: `${url}/greet`, expect: 'x end' } },
      fragments: { options: { url: `${url}/greet`, expect: 'welcome, you are' } },
      noreply: { options: { url: `${url}/echo`, send: 'ping', expect: 'pong' } },
      closes: { options: { url: `${url}/close`, expect: 'anything' } },
      private: { options: { url: `${url}/private` } },
      authorised: { options: { url: `${url}/private`, headers: { Authorization: TOKEN } } },
      v1: { options: { url: `${url}/`, protocol: 'v1' } },
      v2: { options: { url: `${url}/`, protocol: 'v2' } },
      web: { options: { url: `ws://127.0.0.1:${httpPort}/` } },
      refused: { options: { url: `ws://127.0.0.1:${refusedPort}/` } },
      silent: { options: { url: `ws://127.0.0.1:${silentPort}/` } },
      selfsigned: { options: { url: `wss://127.0.0.1:${tlsPort}/echo` } },
      insecure: { options: { url: `wss://127.0.0.1:${tlsPort}/echo`, insecure: true, send: 'over tls', expect: 'echo:over tls' } },
    });

    for (const service of ['connect', 'sendonly', 'echo', 'greet', 'fragments', 'authorised', 'v1', 'insecure'])
      expect((await plugin.until(service, 'up')).reason).toBeNull();
    expect(messages).toContain('fire and forget');
    expect(plugin.probe('echo')).toMatchObject({ kind: 'websocket', target: `${url}/echo` });
    await plugin.until(
      'noreply',
      'down',
      new RegExp(
        `^no answer from 127\\.0\\.0\\.1:${port} within \\d+ ms while waiting for a message containing "pong" \\(timeout\\) \\(got 1 message, the last "echo:ping"\\)$`,
      ),
    );
    await plugin.until(
      'closes',
      'down',
      'the server closed the connection (code 1011 server error: db down) before a message containing "anything" (no message arrived)',
    );
    await plugin.until('private', 'down', 'the server answered HTTP 401 Unauthorized instead of switching to WebSocket');
    await plugin.until('v2', 'down', 'the server did not agree to the subprotocol "v2"');
    await plugin.until('web', 'down', 'the server answered HTTP 200 OK instead of switching to WebSocket ("hello")');
    await plugin.until('refused', 'down', `connection refused by 127.0.0.1:${refusedPort} (is it listening?)`);
    await plugin.until(
      'silent',
      'down',
      new RegExp(`^no answer from 127\\.0\\.0\\.1:${silentPort} within \\d+ ms while waiting for the handshake \\(timeout\\)$`),
    );
    await plugin.until('selfsigned', 'down', 'the TLS certificate is self-signed, so it is not trusted (set insecure: true to accept it)');

    const exposition = await plugin.exposition();
    expect(exposition).toMatch(/probe_success\{[^}]*probe="websocket#0"[^}]*service="echo"[^}]*\} 1/);
    expect(exposition).toMatch(/websocket_handshake_seconds\{[^}]*service="echo"[^}]*\} /);
    expect(exposition).toMatch(/websocket_reply_seconds\{[^}]*service="echo"[^}]*\} /);
  });

  it("checks the options against the plugin's schema at load, at file:line:col", async () => {
    const plugin = await ShippedProbePlugin.start('websocket');
    expect(plugin.problems({ chat: { options: { url: 'http://127.0.0.1/', headers: { 'X-Count': 3 }, protocol: 'a b' } } })).toEqual([
      '7:27 services.chat.probes[0].websocket.url: plugin websocket: must match pattern "^wss?://[^\\s/?#]+"',
      '7:68 services.chat.probes[0].websocket.headers.X-Count: plugin websocket: must be string',
      expect.stringMatching(/^7:82 services\.chat\.probes\[0\]\.websocket\.protocol: plugin websocket: must match pattern/),
    ]);
    expect(plugin.problems({ chat: { options: { url: 'wss://chat.example.com/socket', send: '{"op":"ping"}', expect: 'pong' } } })).toEqual([]);
  });
});
