import type http from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHttpCheck, httpOptionsOf } from '../../../src/core/monitoring/kinds/http-probe';
import { loadUndici } from '../../../src/core/monitoring/lazy-undici';
import { startTarget } from '../../helpers/http-target';
import { probeConfig, runCheck, sampleValue, testAgents } from '../../helpers/run-check';
import { selfSignedCertificate } from '../../helpers/tls-certs';
import { waitFor } from '../../helpers/wait-for';

const DAY = 86_400_000;

const send =
  (status: number, body: string, headers: Record<string, string> = {}) =>
  (_request: http.IncomingMessage, response: http.ServerResponse) => {
    response.writeHead(status, { 'content-type': 'text/plain', ...headers }).end(body);
  };

/** A server with every behaviour an HTTP probe meets: good, slow, hanging, huge, broken. */
async function target() {
  return startTarget({
    '/ok': send(200, 'all good'),
    '/json': send(
      200,
      JSON.stringify({
        status: 'UP',
        version: 3,
        checks: [
          { name: 'db', ok: true },
          { name: 'cache', ok: true },
        ],
      }),
      { 'content-type': 'application/json' },
    ),
    '/degraded': send(
      200,
      JSON.stringify({
        status: 'DEGRADED',
        checks: [
          { name: 'db', ok: true },
          { name: 'cache', ok: false },
        ],
      }),
    ),
    '/teapot': send(418, 'short and stout'),
    '/unavailable': send(503, 'maintenance'),
    '/created': send(201, ''),
    '/echo': (request, response, body) => {
      response.writeHead(200).end(`${request.method} ${String(request.headers['x-token'] ?? '-')} ${body}`);
    },
    '/slow': (_request, response) => {
      setTimeout(() => response.writeHead(200).end('finally'), 150);
    },
    '/hang': () => {
      // never answers
    },
    '/stall': (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('the beginning and then nothing');
    },
    '/huge': (_request, response) => {
      // A 1 GB body, streamed for as long as the client reads.
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024, 120);
      let sent = 0;
      const pump = (): void => {
        while (sent < 1024 ** 3 && !response.destroyed) {
          sent += chunk.length;
          if (!response.write(chunk)) {
            response.once('drain', pump);
            return;
          }
        }
        response.end();
      };
      pump();
    },
    '/huge-declared': (_request, response) => {
      response.writeHead(200, { 'content-length': String(1024 ** 3) });
      response.write('x'.repeat(1024));
    },
    '/cut': (request, response) => {
      response.writeHead(200, { 'content-length': '1000' });
      response.write('only part of it');
      setTimeout(() => request.socket.destroy(), 20);
    },
    '/redirect/*': (request, response) => {
      const left = Number((request.url ?? '').split('/').pop());
      response.writeHead(302, { location: left > 0 ? `/redirect/${left - 1}` : '/ok' }).end();
    },
  });
}

async function check(input: Record<string, unknown>, timeoutMs = 2_000) {
  const probe = probeConfig({ timeout: `${timeoutMs}ms`, ...input });
  return runCheck(createHttpCheck(httpOptionsOf(probe), testAgents()), probe.timeout);
}

describe('http probe (against a real server on 127.0.0.1)', () => {
  // The engine loads the HTTP client when a workspace with HTTP probes is applied, before the first
  // check (monitoring-module.ts); these checks are made directly, so they load it here, not inside
  // the first one's timeout (on a busy machine the import alone took over 1.5 s).
  beforeAll(async () => {
    await loadUndici();
  });
  it('passes on a 2xx and reports the status code as a series', async () => {
    const server = await target();
    const result = await check({ http: `${server.url}/ok` });
    expect(result).toMatchObject({ ok: true, reason: null });
    expect(sampleValue(result, 'probe_http_status_code')).toBe(200);
    expect(result.durationMs).toBeGreaterThan(0);
  });

  it('checks accepted status codes: single, ranges, lists', async () => {
    const server = await target();
    expect(await check({ http: `${server.url}/teapot` })).toMatchObject({ ok: false, reason: 'status 418 (expected 2xx)' });
    expect(await check({ http: `${server.url}/teapot`, expect: { status: 418 } })).toMatchObject({ ok: true });
    expect(await check({ http: `${server.url}/unavailable`, expect: { status: ['2xx', '500-502'] } })).toMatchObject({
      ok: false,
      reason: 'status 503 (expected 2xx or 500-502)',
    });
    expect(await check({ http: `${server.url}/unavailable`, expect: { status: '500-599' } })).toMatchObject({ ok: true });
  });

  it('sends the method, headers and body it is given', async () => {
    const server = await target();
    const result = await check({
      http: { url: `${server.url}/echo`, method: 'POST', headers: { 'x-token': 'secret' }, body: '{"ping":1}' },
      expect: { body_contains: 'POST secret {"ping":1}' },
    });
    expect(result).toMatchObject({ ok: true });
    expect(server.requests[0]).toMatchObject({ method: 'POST', path: '/echo' });
  });

  it('matches the body: contains, regex, JSON paths', async () => {
    const server = await target();
    expect(await check({ http: `${server.url}/ok`, expect: { body_contains: 'good' } })).toMatchObject({ ok: true });
    expect(await check({ http: `${server.url}/ok`, expect: { body_contains: 'great' } })).toMatchObject({
      ok: false,
      reason: 'the body does not contain "great" (it begins "all good")',
    });
    expect(await check({ http: `${server.url}/ok`, expect: { body_regex: '^all\\s+go+d$' } })).toMatchObject({ ok: true });
    expect(
      await check({ http: `${server.url}/json`, expect: { body_json: { status: 'UP', '$.version': 3, 'checks[*].ok': true, '$.checks[0].name': 'db' } } }),
    ).toMatchObject({ ok: true });
    expect(await check({ http: `${server.url}/degraded`, expect: { body_json: { status: 'UP' } } })).toMatchObject({
      ok: false,
      reason: 'body_json: status is "DEGRADED", expected "UP"',
    });
    expect(await check({ http: `${server.url}/degraded`, expect: { body_json: { '$.checks[*].ok': true } } })).toMatchObject({
      ok: false,
      reason: 'body_json: $.checks[*].ok is false, expected true',
    });
    expect(await check({ http: `${server.url}/json`, expect: { body_json: { '$.uptime': 1 } } })).toMatchObject({
      ok: false,
      reason: 'body_json: $.uptime is missing',
    });
    expect(await check({ http: `${server.url}/ok`, expect: { body_json: { status: 'UP' } } })).toMatchObject({
      ok: false,
      reason: 'the body is not JSON (it begins "all good")',
    });
  });

  it('fails an answer slower than max_ms', async () => {
    const server = await target();
    const result = await check({ http: `${server.url}/slow`, expect: { max_ms: 50 } });
    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(/^answered in \d+ ms, slower than max_ms 50 ms$/);
  });

  it('follows redirects up to the limit, and treats them as answers when told not to follow', async () => {
    const server = await target();
    expect(await check({ http: { url: `${server.url}/redirect/3`, follow_redirects: 5 } })).toMatchObject({ ok: true });
    expect(await check({ http: { url: `${server.url}/redirect/3`, follow_redirects: 2 } })).toMatchObject({
      ok: false,
      reason: 'status 302 (expected 2xx) redirecting to /redirect/0',
    });
    expect(await check({ http: { url: `${server.url}/redirect/0`, follow_redirects: 0 }, expect: { status: 302 } })).toMatchObject({ ok: true });
  });

  it('is down with a reason when nothing listens', async () => {
    const server = await target();
    const url = `${server.url}/ok`;
    await server.close();
    expect(await check({ http: url })).toMatchObject({ ok: false, reason: `connection refused by ${url} (is it listening?)` });
  });

  it('gives up on a target that never answers at the timeout', async () => {
    const server = await target();
    expect(await check({ http: `${server.url}/hang` }, 300)).toMatchObject({ ok: false, reason: 'no answer within 300 ms (timeout)' });
  });

  it('gives up on a body that stalls at the timeout', async () => {
    const server = await target();
    expect(await check({ http: `${server.url}/stall`, expect: { body_contains: 'end' } }, 300)).toMatchObject({
      ok: false,
      reason: 'the body did not arrive within 300 ms (timeout): 30 bytes received',
    });
    // Without a body expectation the body is still read to its end: a stalled one is not an answer.
    expect(await check({ http: `${server.url}/stall` }, 300)).toMatchObject({
      ok: false,
      reason: 'the body did not arrive within 300 ms (timeout): 30 bytes received',
    });
  });

  it('stops reading a 1 GB body at max_body', async () => {
    const server = await target();
    const streamed = await check({ http: `${server.url}/huge` });
    expect(streamed).toMatchObject({ ok: false, reason: 'the response body is over max_body 1 MiB; reading stopped' });
    const declared = await check({ http: { url: `${server.url}/huge-declared`, max_body: '64KiB' } });
    expect(declared).toMatchObject({ ok: false, reason: 'the response body is 1 GiB, over max_body 64 KiB' });
  });

  it('leaves no connection open after timeouts and oversized bodies', async () => {
    const server = await target();
    const agents = testAgents();
    const hang = createHttpCheck(httpOptionsOf(probeConfig({ http: `${server.url}/hang`, timeout: '100ms' })), agents);
    const huge = createHttpCheck(httpOptionsOf(probeConfig({ http: `${server.url}/huge`, timeout: '2s' })), agents);
    const results = await Promise.all([...Array.from({ length: 20 }, () => runCheck(hang, 100)), ...Array.from({ length: 5 }, () => runCheck(huge, 2_000))]);
    expect(results.every((result) => !result.ok)).toBe(true);
    await waitFor(() => server.openConnections() === 0, { what: 'every connection to be closed' });
  });

  it('is down with a reason when the connection closes mid-response', async () => {
    const server = await target();
    for (const expect_ of [{ body_contains: 'x' }, {}]) {
      // With no body expectation too: the promised 1,000 bytes never came, so this is no answer.
      const result = await check({ http: `${server.url}/cut`, expect: expect_ });
      expect(result.ok).toBe(false);
      expect(result.reason).toMatch(/^the connection (closed|was reset) after 15 of 1,000 bytes$/);
    }
  });

  it('reports days left on a TLS certificate, and fails below cert_days_min', async () => {
    const pair = selfSignedCertificate(new Date(Date.now() - DAY), new Date(Date.now() + 20 * DAY));
    const server = await startTarget({ '/ok': send(200, 'secure') }, pair);
    const result = await check({ http: { url: `${server.url}/ok`, insecure: true } });
    expect(result).toMatchObject({ ok: true });
    expect(sampleValue(result, 'probe_ssl_earliest_cert_expiry')).toBe(pair.notAfter / 1000);
    expect(Math.round(sampleValue(result, 'probe_ssl_cert_days_left') ?? 0)).toBe(20);
    expect(await check({ http: { url: `${server.url}/ok`, insecure: true }, expect: { cert_days_min: 30 } })).toMatchObject({
      ok: false,
      reason: 'the TLS certificate expires in 19 days (cert_days_min 30)',
    });
  });

  it('refuses a self-signed certificate unless insecure, saying why', async () => {
    const pair = selfSignedCertificate(new Date(Date.now() - DAY), new Date(Date.now() + 90 * DAY));
    const server = await startTarget({ '/ok': send(200, 'secure') }, pair);
    expect(await check({ http: `${server.url}/ok` })).toMatchObject({
      ok: false,
      reason: 'the TLS certificate is self-signed, so it is not trusted (set insecure: true to accept it)',
    });
  });

  it('refuses an expired certificate, saying so', async () => {
    const pair = selfSignedCertificate(new Date('2020-01-01T00:00:00Z'), new Date('2020-02-01T00:00:00Z'));
    const server = await startTarget({ '/ok': send(200, 'secure') }, pair);
    expect(await check({ http: `${server.url}/ok` })).toMatchObject({ ok: false, reason: 'the TLS certificate has expired' });
    // Accepted with insecure: true, the expiry still shows, long past.
    const insecure = await check({ http: { url: `${server.url}/ok`, insecure: true } });
    expect(insecure.ok).toBe(true);
    expect(sampleValue(insecure, 'probe_ssl_cert_days_left')).toBeLessThan(-1000);
  });
});
