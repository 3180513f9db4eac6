import http from 'node:http';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine';
import { silentLogger } from '../../src/core/logger';
import { loadOrCreateToken } from '../../src/server/auth/api-token';
import { engineBackend } from '../../src/server/backend';
import { startServer, type RunningServer } from '../../src/server/server';
import { locateRendererDir } from '../../src/cli/renderer-dir';
import { tempDir } from '../helpers/temp-dir';

/**
 * Hostile HTTP clients, unauthenticated: paths that try to leave the console's folder, floods
 * of bad requests, sign-ins with a foreign Host header, and token guessing. Answers are plain
 * 4xx; the log gets no error lines and no stack traces; guessing is slowed per client.
 */

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface LogLine {
  level: number;
  msg: string;
  err?: { stack?: string };
}

async function serve(): Promise<{ server: RunningServer; token: string; logLines: LogLine[] }> {
  const dataDir = tempDir();
  const engine = Engine.start({ dataDir, workspacePath: null, shell: 'server', logger: silentLogger, processEnv: {} });
  cleanups.push(() => engine.stop());
  const logLines: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line.trim() !== '') logLines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  const rendererDir = locateRendererDir();
  if (rendererDir === null) throw new Error('the web console is not built: run `npm run build` (npm test does it first)');
  const token = loadOrCreateToken(dataDir);
  const server = await startServer({ backend: engineBackend(engine), token, port: 0, rendererDir, logger: pino({ level: 'debug' }, sink) });
  cleanups.push(() => server.close());
  return { server, token, logLines };
}

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A request exactly as written (no URL normalisation), optionally from another loopback address. */
function raw(
  url: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; from?: string } = {},
): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: hostname, port, path, method: options.method ?? 'GET', headers: options.headers, localAddress: options.from, agent: false },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

const ESCAPES = [
  '/../../etc/passwd',
  '/..%2f..%2fetc%2fpasswd',
  '/%2e%2e/%2e%2e/etc/passwd',
  '/%2E%2E/%2E%2E/etc/passwd',
  '/%252e%252e/%252e%252e/etc/passwd',
  '/assets/..%5c..%5c..%5cpackage.json',
  '/..\\..\\package.json',
  '/index.html%00.js',
  '/%00',
  '/assets/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd',
  '/./index.html',
  '//etc/passwd',
  '/%',
  '/a%zz',
  `/${'a'.repeat(5_000)}`,
];

describe('static-file requests that try to leave the console folder', () => {
  it('get 404, never the file, and no error or stack trace in the log', async () => {
    const { server, logLines } = await serve();
    expect((await raw(server.url, '/index.html')).status).toBe(200);
    for (const path of ESCAPES) {
      const response = await raw(server.url, path);
      expect([path.slice(0, 60), response.status]).toEqual([path.slice(0, 60), 404]);
      expect(response.body).not.toMatch(/root:|"name": "zervigo"/);
    }
    expect(logLines.filter((line) => line.level >= 50)).toEqual([]);
    expect(logLines.filter((line) => line.err?.stack !== undefined)).toEqual([]);
  });
});

describe('a flood of bad unauthenticated requests', () => {
  it('writes no error-level log line, however many are sent', async () => {
    const { server, logLines } = await serve();
    const json = { 'content-type': 'application/json' };
    const bad: (() => Promise<RawResponse>)[] = [
      ...ESCAPES.map((path) => () => raw(server.url, path)),
      () => raw(server.url, '/api/v1/services'),
      () => raw(server.url, '/api/v1/%zz'),
      () => raw(server.url, '/api/v1/rpc/app.info', { method: 'POST', headers: json, body: '{oops' }),
      () => raw(server.url, '/api/v1/login', { method: 'POST', headers: json, body: '{"token": 7}' }),
      () => raw(server.url, '/api/v1/login', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'token' }),
      () => raw(server.url, '/api/v1/login', { method: 'POST', headers: json, body: `${'['.repeat(100_000)}${']'.repeat(100_000)}` }),
      () => raw(server.url, '/login?once=made-up'),
      () =>
        raw(server.url, '/api/v1/events', {
          headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'AAAAAAAAAAAAAAAAAAAAAA==' },
        }),
      () => raw(server.url, '/index.html', { headers: { host: 'evil.example' } }),
      () => raw(server.url, '/no/such/page', { method: 'DELETE' }),
    ];
    const statuses = new Set<number>();
    for (let round = 0; round < 15; round++) {
      for (const send of bad) statuses.add((await send()).status);
    }
    expect([...statuses].every((status) => status >= 400 && status < 500)).toBe(true);
    expect(logLines.filter((line) => line.level >= 50).map((line) => line.msg)).toEqual([]);
  });
});

describe('sign-in', () => {
  it('checks the Host header on the sign-in routes like every other route (DNS rebinding)', async () => {
    const { server, token } = await serve();
    const foreign = { host: 'evil.example', 'content-type': 'application/json' };
    const post = await raw(server.url, '/api/v1/login', { method: 'POST', headers: foreign, body: JSON.stringify({ token }) });
    expect(post.status).toBe(403);
    expect(post.headers['set-cookie']).toBeUndefined();
    const link = new URL(server.loginLink());
    const rebound = await raw(server.url, `${link.pathname}${link.search}`, { headers: { host: 'evil.example:7300' } });
    expect(rebound.status).toBe(403);
    // The refused request did not spend the one-time code: with our own name it still signs in.
    const own = await raw(server.url, `${link.pathname}${link.search}`, { headers: { host: link.host } });
    expect(own.status).toBe(302);
    expect(own.headers['set-cookie']?.[0]).toMatch(/^zervigo_session=/);
  });

  it('answers 429 with Retry-After after 5 failed sign-ins from one client, and only that client', async () => {
    const { server, token } = await serve();
    const json = { 'content-type': 'application/json' };
    const login = (body: unknown, from?: string): Promise<RawResponse> =>
      raw(server.url, '/api/v1/login', { method: 'POST', headers: json, body: JSON.stringify(body), from });
    // Wrong tokens by every way in: pasted, as a bearer, as a made-up link.
    expect((await login({ token: 'guess-1' })).status).toBe(401);
    expect((await login({ token: 'guess-2' })).status).toBe(401);
    expect((await raw(server.url, '/api/v1/services', { headers: { authorization: 'Bearer guess-3' } })).status).toBe(401);
    expect((await raw(server.url, '/login?once=guess-4')).status).toBe(401);
    expect((await login({ token: 'guess-5' })).status).toBe(401);
    const throttled = await login({ token: 'guess-6' });
    expect(throttled.status).toBe(429);
    const retryAfter = Number(throttled.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(JSON.parse(throttled.body)).toEqual({
      error: { code: 'too_many_requests', message: `too many failed sign-ins from this address; try again in ${retryAfter} s` },
    });
    // While it waits, even the right token is not tried, on any sign-in route.
    expect((await login({ token })).status).toBe(429);
    expect((await raw(server.url, '/api/v1/services', { headers: { authorization: `Bearer ${token}` } })).status).toBe(429);
    // Another client (another loopback address) is not held up.
    expect((await login({ token }, '127.0.0.2')).status).toBe(204);
  });
});
