import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine';
import { silentLogger } from '../../src/core/logger';
import { loadOrCreateToken } from '../../src/server/auth/api-token';
import { engineBackend } from '../../src/server/backend';
import { startServer } from '../../src/server/server';
import type { MatrixResult } from '../../src/shared/types/monitoring';
import { startTarget } from '../helpers/http-target';
import { tempDir, writeFile } from '../helpers/temp-dir';
import { waitFor } from '../helpers/wait-for';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A console over a workspace probing `url` (with a generous timeout: a loaded machine is slow), or probing nothing. */
async function serveProbing(url: string | null) {
  const dataDir = tempDir();
  const services = url === null ? '' : `services:\n  api:\n    probes: [{ http: "${url}", every: 500ms, timeout: 500ms }]\n`;
  const file = writeFile(tempDir(), 'zervigo.yaml', `version: 1\nmachine: false\n${services}`);
  const engine = Engine.start({ dataDir, workspacePath: file, shell: 'server', logger: silentLogger, processEnv: {}, tickMs: 100, probeSpreadMs: 0 });
  cleanups.push(() => engine.stop());
  const token = loadOrCreateToken(dataDir);
  const server = await startServer({ backend: engineBackend(engine), token, port: 0, rendererDir: null });
  cleanups.push(() => server.close());
  const get = (route: string, auth: string | null = token) =>
    fetch(`${server.url}${route}`, { headers: auth === null ? {} : { authorization: `Bearer ${auth}` } });
  return { engine, get };
}

describe('metrics over HTTP', () => {
  it('serves /metrics in Prometheus text format, with the token like every API route', async () => {
    const target = await startTarget({ '/health': (_request, response) => response.writeHead(200).end('ok') });
    const { get } = await serveProbing(`${target.url}/health`);
    expect((await get('/metrics', null)).status).toBe(401);
    const text = await waitFor(
      async () => {
        const response = await get('/metrics');
        const body = await response.text();
        return response.status === 200 && body.includes('probe_success{') ? { body, type: response.headers.get('content-type') } : undefined;
      },
      { what: 'probe_success on /metrics' },
    );
    expect(text.type).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(text.body).toContain('# TYPE probe_duration_seconds untyped');
  });

  it('answers GET /api/v1/metrics?query=&start=&end=&step= like Prometheus query_range', async () => {
    // Samples written straight into the store: this is about the API, not about a probe's timing.
    const { engine, get } = await serveProbing(null);
    const labels = { service: 'api', probe: 'http#0', instance: 'http://127.0.0.1:8080/health' };
    const now = Date.now();
    for (let at = now - 120_000; at <= now; at += 10_000) engine.series.writer.appendNamed('probe_success', labels, at, 1);
    engine.series.writer.flush();
    const end = now / 1000 + 60;
    const query = (selector: string, params = `&start=${end - 600}&end=${end}&step=15s`) =>
      get(`/api/v1/metrics?query=${encodeURIComponent(selector)}${params}`);
    const matrix = (await (await query('probe_success{service="api"}')).json()) as MatrixResult;
    expect(matrix.resultType).toBe('matrix');
    expect(matrix.result[0]?.metric).toEqual({ __name__: 'probe_success', ...labels });
    expect(matrix.result[0]?.values[0]?.[1]).toBe('1');
    // Any other expression is evaluated with Prometheus semantics.
    const summed = (await (await query('sum by (service) (probe_success) * 100')).json()) as MatrixResult;
    expect(summed.result[0]?.metric).toEqual({ service: 'api' });
    expect(summed.result[0]?.values.at(-1)?.[1]).toBe('100');
    // RFC 3339 times work too; mistakes get 400 with a sentence.
    expect((await query('probe_success', `&start=${new Date(Date.now() - 60_000).toISOString()}&step=10`)).status).toBe(200);
    const bad = await query('probe_success{service=api}');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/unexpected "api}"/);
    const badTime = await query('probe_success', '&start=yesterday');
    expect(((await badTime.json()) as { error: { message: string } }).error.message).toMatch(/"yesterday" is not a time/);
    const series = (await (await get('/api/v1/metrics/series?match=probe_success')).json()) as { names: string[] };
    expect(series.names).toEqual(['probe_success']);
  });
});
