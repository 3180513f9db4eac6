import * as grpc from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';
import http from 'node:http';
import http2 from 'node:http2';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/free-port';
import { LoopbackServers } from '../helpers/loopback-servers';
import { ShippedProbePlugin } from '../helpers/shipped-probe-plugin';
import { selfSignedCertificate } from '../helpers/tls-certs';

const servers = new LoopbackServers();
const grpcServers: grpc.Server[] = [];
afterEach(async () => {
  for (const server of grpcServers.splice(0)) server.forceShutdown();
  await servers.closeAll();
});

/** A real grpc-js server on a free port of 127.0.0.1, with grpc-node's own health service when given. */
async function startGrpcServer(
  health: HealthImplementation | null,
  credentials = grpc.ServerCredentials.createInsecure(),
): Promise<{ server: grpc.Server; address: string }> {
  const server = new grpc.Server();
  grpcServers.push(server);
  health?.addToServer(server);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', credentials, (error, bound) => (error === null ? resolve(bound) : reject(error))),
  );
  return { server, address: `127.0.0.1:${port}` };
}

describe('the grpc probe plugin (plugins/grpc) against a real grpc-js server with the standard health service', () => {
  it('asks grpc.health.v1.Health/Check, passes on SERVING, and names NOT_SERVING, UNKNOWN, NOT_FOUND, UNIMPLEMENTED, refused, silent and non-gRPC ports', async () => {
    const health = new HealthImplementation({ '': 'SERVING', 'shop.Orders': 'SERVING', 'shop.Payments': 'NOT_SERVING', 'shop.Legacy': 'UNKNOWN' });
    const { server, address } = await startGrpcServer(health);
    const bare = await startGrpcServer(null);
    const certificate = selfSignedCertificate(new Date(Date.now() - 3_600_000), new Date(Date.now() + 86_400_000));
    const secure = await startGrpcServer(
      new HealthImplementation({ '': 'SERVING' }),
      grpc.ServerCredentials.createSsl(null, [{ private_key: Buffer.from(certificate.key), cert_chain: Buffer.from(certificate.cert) }]),
    );
    const httpPort = await servers.listen(http.createServer((_request, response) => response.end('hello')));
    const silentPort = await servers.silent();
    // Plain HTTP/2 that is not gRPC: it shows what the probe sent, and answers 404.
    const seen: http2.IncomingHttpHeaders[] = [];
    const h2Port = await servers.listen(
      http2.createServer((request, response) => {
        seen.push(request.headers);
        response.writeHead(404, { 'content-type': 'text/plain' });
        response.end('not here');
      }),
    );
    const refusedPort = await freePort();
    const plugin = await ShippedProbePlugin.start('grpc');
    plugin.load({
      server: { options: { address } },
      orders: { options: { address, service: 'shop.Orders' } },
      payments: { options: { address, service: 'shop.Payments' } },
      legacy: { options: { address, service: 'shop.Legacy' } },
      missing: { options: { address, service: 'shop.Missing' } },
      nohealth: { options: { address: bare.address } },
      tls: { options: { address: secure.address, tls: true, insecure: true } },
      selfsigned: { options: { address: secure.address, tls: true } },
      tlsonplain: { options: { address, tls: true } },
      web: { options: { address: `127.0.0.1:${httpPort}` } },
      h2: { options: { address: `127.0.0.1:${h2Port}`, service: 'shop.Orders', authority: 'orders.internal', metadata: { authorization: 'Bearer t0ken' } } },
      refused: { options: { address: `127.0.0.1:${refusedPort}` } },
      silent: { options: { address: `127.0.0.1:${silentPort}` } },
    });

    for (const service of ['server', 'orders', 'tls']) expect((await plugin.until(service, 'up')).reason).toBeNull();
    expect(plugin.probe('server')).toMatchObject({ kind: 'grpc', target: address });
    await plugin.until('payments', 'down', 'service "shop.Payments" is NOT_SERVING');
    await plugin.until('legacy', 'down', 'service "shop.Legacy" is UNKNOWN');
    await plugin.until('missing', 'down', 'the server does not know service "shop.Missing" (NOT_FOUND: Health status unknown for service shop.Missing)');
    await plugin.until(
      'nohealth',
      'down',
      'the server does not implement grpc.health.v1.Health (UNIMPLEMENTED: The server does not implement the method /grpc.health.v1.Health/Check)',
    );
    await plugin.until('selfsigned', 'down', 'the TLS certificate is self-signed, so it is not trusted (set insecure: true to accept it)');
    await plugin.until('tlsonplain', 'down', `TLS handshake with ${address} failed: it does not answer with TLS (should tls be off?)`);
    await plugin.until('web', 'down', `127.0.0.1:${httpPort} does not speak HTTP/2 as gRPC needs (Protocol error): is this a gRPC port?`);
    await plugin.until('h2', 'down', 'the answer is not gRPC (HTTP 404, text/plain): is this a gRPC port?');
    expect(seen[0]).toMatchObject({
      ':method': 'POST',
      ':path': '/grpc.health.v1.Health/Check',
      ':authority': 'orders.internal',
      'content-type': 'application/grpc',
      te: 'trailers',
      authorization: 'Bearer t0ken',
    });
    expect(seen[0]!['grpc-timeout']).toMatch(/^\d+m$/);
    await plugin.until('refused', 'down', `connection refused by 127.0.0.1:${refusedPort} (is it listening?)`);
    await plugin.until(
      'silent',
      'down',
      new RegExp(`^no answer from 127\\.0\\.0\\.1:${silentPort} within \\d+ ms while waiting for the Health/Check answer \\(timeout\\)$`),
    );

    const exposition = await plugin.exposition();
    expect(exposition).toMatch(/probe_success\{[^}]*probe="grpc#0"[^}]*service="server"[^}]*\} 1/);
    expect(exposition).toMatch(/grpc_health_serving\{[^}]*service="server"[^}]*\} 1/);
    expect(exposition).toMatch(/grpc_health_serving\{[^}]*service="payments"[^}]*\} 0/);
    expect(exposition).toMatch(/grpc_health_check_seconds\{[^}]*service="server"[^}]*\} /);

    // The server reporting itself NOT_SERVING, then gone.
    health.setStatus('', 'NOT_SERVING');
    await plugin.until('server', 'down', 'the server is NOT_SERVING');
    server.forceShutdown();
    await plugin.until('server', 'down', `connection refused by ${address} (is it listening?)`);
  });

  it("checks the options against the plugin's schema at load, at file:line:col", async () => {
    const plugin = await ShippedProbePlugin.start('grpc');
    expect(plugin.problems({ api: { options: { address: 'http://api:50051', tls: 'yes', metadata: { Authorization: 'x' } } } })).toEqual([
      expect.stringMatching(/^7:26 services\.api\.probes\[0\]\.grpc\.address: plugin grpc: must match pattern/),
      '7:51 services.api.probes[0].grpc.tls: plugin grpc: must be boolean',
      '7:68 services.api.probes[0].grpc.metadata: plugin grpc: must NOT have additional properties ("Authorization")',
    ]);
    expect(plugin.problems({ api: { options: { address: '127.0.0.1:50051', metadata: { 'grpc-timeout': '1S' } } } })).toEqual([
      '7:55 services.api.probes[0].grpc.metadata: plugin grpc: must NOT have additional properties ("grpc-timeout")',
    ]);
    expect(
      plugin.problems({ api: { options: { address: 'api.internal:50051', service: 'shop.Orders', tls: true, metadata: { authorization: 'Bearer x' } } } }),
    ).toEqual([]);
  });
});
