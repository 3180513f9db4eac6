import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stopProcess } from '../helpers/cli';
import { freePort } from '../helpers/free-port';
import { LoopbackServers } from '../helpers/loopback-servers';
import { ShippedProbePlugin } from '../helpers/shipped-probe-plugin';
import { tempDir } from '../helpers/temp-dir';
import { selfSignedCertificate } from '../helpers/tls-certs';
import { spawnRedisServer } from '../helpers/redis-server';

const PASSWORD = 's3cret-pass';
const children: ChildProcess[] = [];
const servers = new LoopbackServers();
afterEach(async () => {
  await Promise.all(children.splice(0).map((child) => stopProcess(child)));
  await servers.closeAll();
});

/**
 * A real redis-server on a free port of 127.0.0.1, with a password, nothing written to disk; with
 * `tls`, that port is a TLS port (a self-signed certificate) and there is no plaintext one.
 */
async function startRedis(options: { tls?: boolean } = {}): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort();
  const dir = tempDir();
  let listen = ['--port', String(port)];
  if (options.tls === true) {
    const certificate = selfSignedCertificate(new Date(Date.now() - 3_600_000), new Date(Date.now() + 86_400_000));
    fs.writeFileSync(path.join(dir, 'key.pem'), certificate.key);
    fs.writeFileSync(path.join(dir, 'cert.pem'), certificate.cert);
    const files = ['--tls-cert-file', path.join(dir, 'cert.pem'), '--tls-key-file', path.join(dir, 'key.pem'), '--tls-auth-clients', 'no'];
    listen = ['--port', '0', '--tls-port', String(port), ...files];
  }
  const args = [
    ...listen,
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
    '--requirepass',
    PASSWORD,
    // An ACL user with only what the probe needs, and only the worker:* keys.
    '--user',
    'probe',
    'on',
    '>probe-pw',
    '~worker:*',
    '+ping',
    '+info',
    '+select',
    '+exists',
  ];
  const child = await spawnRedisServer(args, children);
  return { port, child };
}

/** Sends commands to Redis in its protocol (AUTH first); resolves with the answers, each a one-line reply. */
function redisCommands(port: number, commands: string[][]): Promise<string[]> {
  const encode = (parts: string[]): string => `*${parts.length}\r\n${parts.map((part) => `$${Buffer.byteLength(part)}\r\n${part}\r\n`).join('')}`;
  const all = [['AUTH', PASSWORD], ...commands];
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => socket.write(all.map(encode).join('')));
    let answer = '';
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString();
      const lines = answer.split('\r\n').slice(0, -1);
      if (lines.length >= all.length) {
        socket.destroy();
        resolve(lines);
      }
    });
    socket.once('error', reject);
  });
}

describe('the redis probe plugin (plugins/redis) against a real redis-server', () => {
  it('PINGs after AUTH, reports INFO as series, checks role and key, and says clearly why not', async () => {
    const { port, child } = await startRedis();
    const tlsPort = (await startRedis({ tls: true })).port;
    const refusedPort = await freePort();
    const silentPort = await servers.silent();
    const httpPort = await servers.listen(http.createServer((_request, response) => response.end('hello')));
    const address = `127.0.0.1:${port}`;
    const plugin = await ShippedProbePlugin.start('redis');
    plugin.load({
      cache: { options: { address, password: PASSWORD, role: 'master' } },
      wrongpass: { options: { address, password: 'not-it' } },
      nopass: { options: { address } },
      replica: { options: { address, password: PASSWORD, role: 'replica' } },
      heartbeat: { options: { address, password: PASSWORD, db: 2, key: 'worker:heartbeat' } },
      acl: { options: { address, username: 'probe', password: 'probe-pw', db: 2, key: 'worker:heartbeat' } },
      notpermitted: { options: { address, username: 'probe', password: 'probe-pw', key: 'session:1' } },
      tls: { options: { address: `127.0.0.1:${tlsPort}`, tls: true, insecure: true, password: PASSWORD } },
      selfsigned: { options: { address: `127.0.0.1:${tlsPort}`, tls: true, password: PASSWORD } },
      plainontls: { options: { address: `127.0.0.1:${tlsPort}`, password: PASSWORD } },
      tlsonplain: { options: { address, tls: true, password: PASSWORD } },
      refused: { options: { address: `127.0.0.1:${refusedPort}` } },
      silent: { options: { address: `127.0.0.1:${silentPort}` } },
      web: { options: { address: `127.0.0.1:${httpPort}` } },
    });

    const up = await plugin.until('cache', 'up');
    expect(up).toMatchObject({ kind: 'redis', target: address, reason: null });
    await plugin.until('wrongpass', 'down', 'authentication failed: WRONGPASS invalid username-password pair or user is disabled.');
    await plugin.until('nopass', 'down', 'the server needs a password (NOAUTH Authentication required.): set password');
    await plugin.until('replica', 'down', 'the server is a master, not a replica');
    await plugin.until('heartbeat', 'down', 'the key "worker:heartbeat" does not exist in db 2');
    await plugin.until('acl', 'down', 'the key "worker:heartbeat" does not exist in db 2');
    await plugin.until('notpermitted', 'down', 'EXISTS: NOPERM this user has no permissions to access one of the keys used as arguments');
    await plugin.until('tls', 'up');
    await plugin.until(
      'selfsigned',
      'down',
      'the TLS certificate is self-signed, so it is not trusted (set tls.ca to the certificate that signed it, or insecure: true)',
    );
    // Whether Redis resets or closes depends on timing; either way the reason says what to set.
    await plugin.until('plainontls', 'down', new RegExp(`^127\\.0\\.0\\.1:${tlsPort} (reset|closed) the connection.* \\(a TLS port\\? then set tls: true\\)$`));
    await plugin.until(
      'tlsonplain',
      'down',
      /^connected to 127\.0\.0\.1:\d+, but the TLS handshake did not finish within 900 ms \(timeout\): is it a TLS port\?$/,
    );
    await plugin.until('refused', 'down', `connection refused by 127.0.0.1:${refusedPort} (is it listening?)`);
    await plugin.until('silent', 'down', /^no answer from 127\.0\.0\.1:\d+ within \d+ ms \(timeout\)$/);
    await plugin.until('web', 'down', /^the answer is not the Redis protocol \(got "HTTP\/1\.1 400 Bad Request.*"\): is this a Redis port\?$/);

    // The key written into db 2 makes that probe pass.
    expect(
      await redisCommands(port, [
        ['SELECT', '2'],
        ['SET', 'worker:heartbeat', '1'],
      ]),
    ).toEqual(['+OK', '+OK', '+OK']);
    await plugin.until('heartbeat', 'up');
    await plugin.until('acl', 'up');

    // Its series are the built-ins' (probe_success, probe_duration_seconds) and INFO's figures.
    const exposition = await plugin.exposition();
    expect(exposition).toMatch(/probe_success\{[^}]*probe="redis#0"[^}]*service="cache"[^}]*\} 1/);
    expect(exposition).toMatch(/probe_duration_seconds\{[^}]*service="cache"[^}]*\}/);
    expect(exposition).toMatch(/redis_connected_clients\{[^}]*service="cache"[^}]*\} [1-9]/);
    expect(exposition).toMatch(/redis_used_memory_bytes\{[^}]*service="cache"[^}]*\} [1-9]\d+/);
    expect(exposition).toMatch(/redis_ping_seconds\{[^}]*service="cache"[^}]*\} /);

    // Redis going away: the probe that passed goes down, saying so.
    await stopProcess(child);
    await plugin.until('cache', 'down', `connection refused by ${address} (is it listening?)`);
  });

  it("checks the options against the plugin's schema at load, at file:line:col", async () => {
    const plugin = await ShippedProbePlugin.start('redis');
    expect(plugin.problems({ cache: { options: { address: 'localhost', db: 'one', role: 'leader' } } })).toEqual([
      '7:27 services.cache.probes[0].redis.address: plugin redis: must match pattern "^(\\[[0-9A-Fa-f:.]+\\]|[^\\s:\\[\\]]+):[0-9]{1,5}$"',
      '7:44 services.cache.probes[0].redis.db: plugin redis: must be integer',
      '7:57 services.cache.probes[0].redis.role: plugin redis: must be equal to one of the allowed values: "master", "replica"',
    ]);
    expect(plugin.problems({ cache: { options: { address: '127.0.0.1:6379', password: 'x' } } })).toEqual([]);
  });
});
