import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/core/engine';
import { silentLogger } from '../../../src/core/logger';
import type { CallContext } from '../../../src/shared/contract';
import type { ChartData, MatrixResult } from '../../../src/shared/types/monitoring';
import { freePort } from '../../helpers/free-port';
import { tempDir, writeFile } from '../../helpers/temp-dir';
import { startVictoriaMetrics, type RunningVictoriaMetrics } from '../../helpers/victoria-metrics';
import { waitFor } from '../../helpers/wait-for';

/** metrics.query takes times and steps as Prometheus' API does: seconds. */
const context: CallContext = { actor: 'remote-read-test', transport: 'internal' };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let victoria: RunningVictoriaMetrics | null = null;
const engines: Engine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop();
  await victoria?.stop();
  victoria = null;
});

/** Writes samples into VictoriaMetrics with their own (old) timestamps, as another Prometheus once did. */
async function importOld(url: string, lines: string[]): Promise<void> {
  const response = await fetch(`${url}/api/v1/import/prometheus`, { method: 'POST', body: `${lines.join('\n')}\n` });
  if (response.status !== 204) throw new Error(`import answered ${response.status}: ${await response.text()}`);
}

describe('remote_read: history read back where the local store ends (real VictoriaMetrics)', () => {
  it('extends metrics.query and charts past the local history, series by series, and says so when a store is down', async () => {
    const now = Date.now();
    victoria = await startVictoriaMetrics(path.join(tempDir(), 'vm'));
    // Three days ago to two days ago, every 5 minutes: history this console never held.
    const old: string[] = [];
    for (let t = now - 3 * DAY; t <= now - 2 * DAY; t += 5 * 60_000) {
      old.push(`probe_duration_seconds{service="api",probe="http#0"} 0.25 ${t}`);
      old.push(`probe_duration_seconds{service="legacy",probe="http#0"} 0.5 ${t}`);
    }
    await importOld(victoria.url, old);
    await victoria.flush();

    const downStore = `http://127.0.0.1:${await freePort()}`;
    const file = writeFile(
      tempDir(),
      'zervigo.yaml',
      `version: 1\nmachine: false\nremote_read:\n  - url: ${victoria.url}\n  - url: ${downStore}\n    timeout: 2s\n`,
    );
    const engine = Engine.start({ dataDir: tempDir(), workspacePath: file, shell: 'server', logger: silentLogger, processEnv: {}, tickMs: 100 });
    engines.push(engine);
    // The local store holds the last hour of api's latency, at 0.1 s.
    const id = engine.series.index.idOf('probe_duration_seconds', { service: 'api', probe: 'http#0' });
    for (let t = now - HOUR; t <= now; t += 60_000) engine.series.writer.append(id, t, 0.1);
    await waitFor(() => engine.series.reader.readRaw(id, 0, Number.MAX_SAFE_INTEGER).ts.length === 61, { what: 'the local samples written' });

    const query = 'probe_duration_seconds';
    const matrix = (await engine.dispatch('metrics.query', { query, start: (now - 4 * DAY) / 1000, end: now / 1000, step: 3_600 }, context)) as MatrixResult;
    const api = matrix.result.find((series) => series.metric.service === 'api');
    const legacy = matrix.result.find((series) => series.metric.service === 'legacy');
    const ages = (values: [number, string][] | undefined, value: string) =>
      (values ?? []).filter(([, v]) => v === value).map(([seconds]) => Math.round((now - seconds * 1000) / HOUR));
    // api: the remote's 0.25 three to two days ago, then the local 0.1 of the last hour; nothing in between.
    expect(ages(api?.values, '0.25').length).toBeGreaterThanOrEqual(20);
    expect(Math.max(...ages(api?.values, '0.25'))).toBeLessThanOrEqual(72);
    expect(Math.min(...ages(api?.values, '0.25'))).toBeGreaterThanOrEqual(47);
    expect(ages(api?.values, '0.1').every((age) => age <= 1)).toBe(true);
    expect(ages(api?.values, '0.1').length).toBeGreaterThan(0);
    // legacy is known only to the remote store: it is there all the same.
    expect(legacy?.values.every(([, value]) => value === '0.5')).toBe(true);
    expect(matrix.warnings).toEqual([expect.stringMatching(new RegExp(`^${downStore.replace(/\./g, '\\.')} could not be read \\(ECONNREFUSED\\)$`)) as string]);

    const chart = (await engine.dispatch(
      'metrics.chart',
      { query: 'probe_duration_seconds{service="api"}', start: now - 4 * DAY, end: now, maxPoints: 500 },
      context,
    )) as ChartData;
    const line = chart.series[0];
    expect(chart.series).toHaveLength(1);
    expect(line?.ts.every((ts, i) => i === 0 || ts > (line.ts[i - 1] ?? 0))).toBe(true);
    expect(line?.avg.filter((value) => value === 0.25).length).toBeGreaterThanOrEqual(20);
    expect(line?.avg.at(-1)).toBeCloseTo(0.1);

    // A range the local store covers: the remote stores are not asked (the one that is down says nothing).
    const recent = (await engine.dispatch(
      'metrics.query',
      { query: 'probe_duration_seconds{service="api"}', start: (now - 30 * 60_000) / 1000, end: now / 1000, step: 60 },
      context,
    )) as MatrixResult;
    expect(recent.warnings).toBeUndefined();
    expect(recent.result[0]?.values.every(([, value]) => value === '0.1')).toBe(true);
  }, 60_000);
});
