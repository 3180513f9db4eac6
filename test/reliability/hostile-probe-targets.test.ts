import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine';
import { silentLogger } from '../../src/core/logger';
import { loadUndici } from '../../src/core/monitoring/lazy-undici';
import type { CheckResult } from '../../src/core/monitoring/check-result';
import { createHttpCheck, httpOptionsOf } from '../../src/core/monitoring/kinds/http-probe';
import { createPrometheusCheck } from '../../src/core/monitoring/kinds/prometheus-probe';
import { createTcpCheck, tcpOptionsOf } from '../../src/core/monitoring/kinds/tcp-probe';
import { probeConfig, runCheck, testAgents } from '../helpers/run-check';
import { tempDir, writeFile } from '../helpers/temp-dir';
import { selfSignedCertificate } from '../helpers/tls-certs';
import { waitFor } from '../helpers/wait-for';
import { head, hostileTarget, type Behaviour } from './hostile-targets';

beforeAll(async () => {
  await loadUndici();
});

const DAY = 86_400_000;
const context = { actor: 'test', transport: 'internal' } as const;

/** Runs an HTTP check twice: with no body expectation (the body must still be read whole) and with one. */
async function httpBoth(url: string, input: Record<string, unknown> = {}, timeoutMs = 2_000): Promise<[CheckResult, CheckResult]> {
  const agents = testAgents();
  const run = (expect: Record<string, unknown>) => {
    const probe = probeConfig({ timeout: `${timeoutMs}ms`, ...input, http: { url, ...(input.http as object | undefined) }, expect });
    return runCheck(createHttpCheck(httpOptionsOf(probe), agents), probe.timeout);
  };
  return [await run({}), await run({ body_contains: 'abc' })];
}

const sevenOf =
  (declared: number): Behaviour =>
  (socket) => {
    socket.write(`${head(200, { 'content-length': declared })}abcdefg`);
  };

describe('hostile HTTP targets: an answer cut short is never up', () => {
  it('a reset in the middle of a body with a Content-Length', async () => {
    const target = await hostileTarget('http', (socket, request) => {
      sevenOf(100_000)(socket, request);
      socket.later(30, () => socket.reset());
    });
    for (const result of await httpBoth(target.url)) expect(result).toMatchObject({ ok: false, reason: 'the connection was reset after 7 of 100,000 bytes' });
  });

  it('a close (FIN) in the middle of a body with a Content-Length', async () => {
    const target = await hostileTarget('http', (socket, request) => {
      sevenOf(100_000)(socket, request);
      socket.later(30, () => socket.end());
    });
    for (const result of await httpBoth(target.url)) expect(result).toMatchObject({ ok: false, reason: 'the connection closed after 7 of 100,000 bytes' });
  });

  it('a Content-Length larger than what is sent, the connection held open: a timeout that says how much came', async () => {
    const target = await hostileTarget('http', sevenOf(1_000));
    for (const result of await httpBoth(target.url, {}, 300))
      expect(result).toMatchObject({ ok: false, reason: 'the body did not arrive within 300 ms (timeout): 7 of 1,000 bytes received' });
  });

  it('a chunked body that closes before its last chunk', async () => {
    const target = await hostileTarget('http', (socket) => {
      socket.write(`${head(200, { 'transfer-encoding': 'chunked' })}3\r\nabc\r\n4\r\ndefg\r\n`);
      socket.later(30, () => socket.end());
    });
    for (const result of await httpBoth(target.url))
      expect(result).toMatchObject({ ok: false, reason: 'the connection closed after 7 bytes, before the last chunk of its chunked body' });
  });

  it('invalid chunked encoding', async () => {
    const target = await hostileTarget('http', (socket) =>
      socket.write(`${head(200, { 'transfer-encoding': 'chunked' })}7\r\nabcdefg\r\nzz\r\nmore\r\n0\r\n\r\n`),
    );
    for (const result of await httpBoth(target.url)) {
      expect(result.ok).toBe(false);
      expect(result.reason).toMatch(/^the chunked body is malformed after 7 bytes \(invalid character in chunk size\)$/);
    }
  });

  it('a status line that is not HTTP', async () => {
    const target = await hostileTarget('http', (socket) => socket.write('SSH-2.0-OpenSSH_9.2\r\n\r\n'));
    for (const result of await httpBoth(target.url)) {
      expect(result.ok).toBe(false);
      expect(result.reason).toMatch(/^the answer is not valid HTTP \(.+\)$/);
    }
  });

  it('framing that contradicts itself: two Content-Lengths, or one beside chunked', async () => {
    const twice = await hostileTarget('http', (socket) => socket.write('HTTP/1.1 200 OK\r\ncontent-length: 3\r\ncontent-length: 7\r\n\r\nabcdefg'));
    const both = await hostileTarget('http', (socket) =>
      socket.write('HTTP/1.1 200 OK\r\ncontent-length: 3\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n'),
    );
    for (const target of [twice, both]) {
      for (const result of await httpBoth(target.url))
        expect(result).toMatchObject({ ok: false, reason: 'the response does not match its Content-Length (cut short, or framed in conflicting ways)' });
    }
  });

  it('an endless body stops at max_body, and the target could send only a bounded amount', async () => {
    const target = await hostileTarget('http', (socket) => {
      socket.write(head(200, { 'content-type': 'application/octet-stream' }));
      socket.endless(Buffer.alloc(64 * 1024, 120));
    });
    for (const result of await httpBoth(target.url, { http: { max_body: '256KiB' } }))
      expect(result).toMatchObject({ ok: false, reason: 'the response body is over max_body 256 KiB; reading stopped' });
    // Two checks of 256 KiB each, plus what the socket buffers held when reading stopped.
    expect(target.written()).toBeLessThan(32 * 1024 * 1024);
  });

  it('endless headers stop at the header limit', async () => {
    const target = await hostileTarget('http', (socket) => {
      socket.write('HTTP/1.1 200 OK\r\n');
      socket.endless(Buffer.from(`x-filler: ${'y'.repeat(1_000)}\r\n`));
    });
    for (const result of await httpBoth(target.url)) expect(result).toMatchObject({ ok: false, reason: 'the response headers are too large; reading stopped' });
    expect(target.written()).toBeLessThan(32 * 1024 * 1024);
  });

  it('a body trickling at one byte per interval ends at the timeout, saying how much came', async () => {
    const target = await hostileTarget('http', (socket) => {
      socket.write(head(200, { 'content-length': 50 }));
      socket.trickle('x'.repeat(50), 100);
    });
    for (const result of await httpBoth(target.url, {}, 350)) {
      expect(result.ok).toBe(false);
      expect(result.reason).toMatch(/^the body did not arrive within 350 ms \(timeout\): [1-5] of 50 bytes received$/);
    }
  });

  it('headers that never come (or come one byte at a time and never end)', async () => {
    const silent = await hostileTarget('http', () => undefined);
    for (const result of await httpBoth(silent.url, {}, 300)) expect(result).toMatchObject({ ok: false, reason: 'no answer within 300 ms (timeout)' });
    const trickling = await hostileTarget('http', (socket) => socket.trickle('HTTP/1.1 200 OK\r\nx-slow: ' + 'y'.repeat(100), 50));
    for (const result of await httpBoth(trickling.url, {}, 300)) expect(result).toMatchObject({ ok: false, reason: 'no answer within 300 ms (timeout)' });
  });

  it('a TLS connection closed in the middle of the body, with or without close_notify', async () => {
    const pair = selfSignedCertificate(new Date(Date.now() - DAY), new Date(Date.now() + 90 * DAY));
    const graceful = await hostileTarget(
      'http',
      (socket, request) => {
        sevenOf(100_000)(socket, request);
        socket.later(30, () => socket.end());
      },
      pair,
    );
    for (const result of await httpBoth(graceful.url, { http: { insecure: true } }))
      expect(result).toMatchObject({ ok: false, reason: 'the connection closed after 7 of 100,000 bytes' });
    const abrupt = await hostileTarget(
      'http',
      (socket, request) => {
        sevenOf(100_000)(socket, request);
        socket.later(30, () => socket.raw.destroy());
      },
      pair,
    );
    for (const result of await httpBoth(abrupt.url, { http: { insecure: true } })) {
      expect(result.ok).toBe(false);
      expect(result.reason).toMatch(/^the connection (closed|was reset) after 7 of 100,000 bytes$/);
    }
  });

  it('still passes what is whole: a body ended by the close when nothing promised a length, or a Content-Length kept', async () => {
    const closeDelimited = await hostileTarget('http', (socket) => {
      socket.write(`${head(200, { connection: 'close' })}abcdefg`);
      socket.later(10, () => socket.end());
    });
    for (const result of await httpBoth(closeDelimited.url)) expect(result).toMatchObject({ ok: true });
    const exact = await hostileTarget('http', (socket) => socket.write(`${head(200, { 'content-length': 7 })}abcdefg`));
    for (const result of await httpBoth(exact.url)) expect(result).toMatchObject({ ok: true });
  });
});

describe('hostile TCP targets: a connection that closes before the expected text is a failure', () => {
  const tcp = (port: number, input: Record<string, unknown>, timeoutMs = 1_000) => {
    const probe = probeConfig({ timeout: `${timeoutMs}ms`, ...input, tcp: { address: `127.0.0.1:${port}`, ...(input.tcp as object | undefined) } });
    return runCheck(createTcpCheck(tcpOptionsOf(probe)), probe.timeout);
  };

  it('closed after part of the answer, saying how many bytes came', async () => {
    const target = await hostileTarget('raw', (socket) => {
      socket.write('+PO');
      socket.later(20, () => socket.end());
    });
    expect(await tcp(target.port, { tcp: { send: 'PING\r\n' }, expect: { contains: '+PONG' } })).toMatchObject({
      ok: false,
      reason: 'the connection closed after 3 bytes, before an answer containing "+PONG" (got "+PO")',
    });
  });

  it('closed at once, and reset after a few bytes', async () => {
    const closed = await hostileTarget('raw', (socket) => socket.end());
    expect(await tcp(closed.port, { expect: { contains: 'SSH-2.0' } })).toMatchObject({
      ok: false,
      reason: 'the connection closed after 0 bytes, before an answer containing "SSH-2.0"',
    });
    const reset = await hostileTarget('raw', (socket) => {
      socket.write('SSH-1');
      socket.later(20, () => socket.reset());
    });
    expect(await tcp(reset.port, { expect: { contains: 'SSH-2.0' } })).toMatchObject({
      ok: false,
      reason: 'the connection was reset after 5 bytes, before an answer containing "SSH-2.0" (got "SSH-1")',
    });
  });

  it('an endless stream without the text stops after 64 KiB; a trickle ends at the timeout', async () => {
    const endless = await hostileTarget('raw', (socket) => socket.endless(Buffer.alloc(16 * 1024, 97)));
    expect(await tcp(endless.port, { expect: { contains: 'ready' } })).toMatchObject({
      ok: false,
      reason: 'the answer does not contain "ready" in its first 64 KiB',
    });
    expect(endless.written()).toBeLessThan(32 * 1024 * 1024);
    const trickle = await hostileTarget('raw', (socket) => socket.trickle('not what you want', 50));
    const result = await tcp(trickle.port, { expect: { contains: 'ready' } }, 300);
    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(/^connected, but no answer containing "ready" within 300 ms \(got "no/);
  });
});

describe('hostile metrics endpoints: a truncated exposition is a failed scrape, with no samples', () => {
  const exposition = '# TYPE requests_total counter\nrequests_total{code="200"} 1027\nrequests_total{code="500"} 3\nqueue_depth 12\n';
  const scrape = (url: string, timeoutMs = 2_000) => runCheck(createPrometheusCheck(`${url}/metrics`, timeoutMs, testAgents()), timeoutMs);

  it('cut short against its Content-Length', async () => {
    const target = await hostileTarget('http', (socket) => {
      socket.write(`${head(200, { 'content-length': exposition.length })}${exposition.slice(0, 40)}`);
      socket.later(20, () => socket.end());
    });
    expect(await scrape(target.url)).toMatchObject({
      ok: false,
      reason: `the scrape was cut short: the connection closed after 40 of ${exposition.length} bytes`,
      samples: [],
    });
  });

  it('cut short in a chunked body, and ended mid-line by a close', async () => {
    const chunked = await hostileTarget('http', (socket) => {
      socket.write(`${head(200, { 'transfer-encoding': 'chunked' })}${(40).toString(16)}\r\n${exposition.slice(0, 40)}\r\n`);
      socket.later(20, () => socket.reset());
    });
    const cut = await scrape(chunked.url);
    expect(cut).toMatchObject({
      ok: false,
      reason: 'the scrape was cut short: the connection was reset after 40 bytes, before the last chunk of its chunked body',
      samples: [],
    });
    const midLine = await hostileTarget('http', (socket) => {
      socket.write(`${head(200, { connection: 'close' })}${exposition.slice(0, 50)}`);
      socket.later(20, () => socket.end());
    });
    expect(await scrape(midLine.url)).toMatchObject({
      ok: false,
      reason: 'the scrape was cut short: its last line has no newline ("requests_total{code="); the text format ends every line with one',
      samples: [],
    });
  });

  it('the whole exposition, for comparison, is scraped', async () => {
    const whole = await hostileTarget('http', (socket) => socket.write(`${head(200, { 'content-length': exposition.length })}${exposition}`));
    const result = await scrape(whole.url);
    expect(result.ok).toBe(true);
    expect(result.samples).toContainEqual({ name: 'requests_total', value: 3, labels: { code: '500' } });
    await waitFor(() => whole.connections() === 1, { what: 'one connection' });
  });
});

describe('hostile targets in a running engine: pending, then down, with the sentence; never up, no partial samples', () => {
  const engines: Engine[] = [];
  afterEach(async () => {
    for (const engine of engines.splice(0)) await engine.stop();
  });

  it('follows each probe to down and keeps nothing a cut scrape carried', async () => {
    const exposition = '# TYPE requests_total counter\nrequests_total{code="200"} 1027\nrequests_total{code="500"} 3\nqueue_depth 12\n';
    const cutHttp = await hostileTarget('http', (socket) => {
      socket.write(`${head(200, { 'content-length': 100_000 })}abcdefg`);
      socket.later(10, () => socket.reset());
    });
    const brokenChunks = await hostileTarget('http', (socket) => socket.write(`${head(200, { 'transfer-encoding': 'chunked' })}7\r\nabcdefg\r\nzz\r\n`));
    const shortBanner = await hostileTarget('raw', (socket) => {
      socket.write('+PO');
      socket.later(10, () => socket.end());
    });
    // Two whole lines, then the connection closes well before the promised length.
    const cutScrape = await hostileTarget('http', (socket) => {
      socket.write(`${head(200, { 'content-length': exposition.length })}${exposition.slice(0, 64)}`);
      socket.later(10, () => socket.end());
    });
    const timing = 'every: 300ms\n        timeout: 250ms\n        retries: 1\n        retry_every: 100ms';
    const file = writeFile(
      tempDir(),
      'zervigo.yaml',
      `version: 1
machine: false
services:
  web:
    probes:
      - http: ${cutHttp.url}/health
        ${timing}
  api:
    probes:
      - http: ${brokenChunks.url}/health
        ${timing}
  cache:
    probes:
      - tcp: { address: "127.0.0.1:${shortBanner.port}", send: "PING\\r\\n" }
        expect: { contains: "+PONG" }
        ${timing}
  exporter:
    probes:
      - prometheus: ${cutScrape.url}/metrics
        ${timing}
`,
    );
    const engine = Engine.start({
      dataDir: tempDir(),
      workspacePath: file,
      shell: 'server',
      logger: silentLogger,
      processEnv: {},
      tickMs: 100,
      probeSpreadMs: 0,
    });
    engines.push(engine);
    const seen = new Map<string, Set<string>>();
    engine.bus.on('probes.changed', (states) => {
      for (const state of states) seen.set(state.id, (seen.get(state.id) ?? new Set()).add(state.status));
    });
    const expected: Record<string, RegExp> = {
      'web/http#0': /^the connection was reset after 7 of 100,000 bytes$/,
      'api/http#0': /^the chunked body is malformed after 7 bytes \(invalid character in chunk size\)$/,
      'cache/tcp#0': /^the connection closed after 3 bytes, before an answer containing "\+PONG" \(got "\+PO"\)$/,
      'exporter/prometheus#0': new RegExp(`^the scrape was cut short: the connection closed after 64 of ${exposition.length} bytes$`),
    };
    for (const [id, reason] of Object.entries(expected)) {
      await waitFor(() => engine.monitoring.get(id)?.status === 'down', { what: `${id} to be down` });
      const history = (await engine.dispatch('probes.history', { id }, context)) as { status: string; reason: string | null }[];
      expect(history.map((entry) => entry.status).reverse(), id).toEqual(['pending', 'down']);
      expect(history[0]?.reason, id).toMatch(reason);
      expect([...(seen.get(id) ?? [])], id).not.toContain('up');
    }
    const service = engine.services.list().find((entry) => entry.name === 'web');
    expect(service).toMatchObject({ status: 'down', reason: 'http#0: the connection was reset after 7 of 100,000 bytes' });
    // The failed scrapes were recorded as failures, and none of the lines they carried were kept.
    await waitFor(
      async () =>
        ((await engine.dispatch('metrics.query', { query: 'probe_success{service="exporter"}' }, context)) as { result: unknown[] }).result.length === 1,
      { what: 'the scrape failures in the store' },
    );
    expect(engine.series.index.select('requests_total')).toEqual([]);
    expect(engine.series.index.select('scrape_samples_scraped')).toEqual([]);
  });
});
