import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/core/engine';
import { silentLogger } from '../../../src/core/logger';
import type { InsightsView } from '../../../src/shared/types/insights';
import { FakeClock } from '../../helpers/fake-clock';
import { tempDir, writeFile } from '../../helpers/temp-dir';

/**
 * An operator looking at one service (GET /api/v1/insights?service=api, `zervigo insights
 * --service api`, the Insights page's filter) reads the notices about that service's series, told
 * with its own count and examples, and those about analysis as a whole; not another service's.
 * Real series in the engine's store (real SQLite), the engine as it is built.
 */
const engines: Engine[] = [];
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.stop();
});

const context = { actor: 'test', transport: 'internal' } as const;
const START = Date.UTC(2026, 10, 22, 0, 0, 0);

describe('notices filtered by service', () => {
  it("keeps a notice for each service whose series it counts, with that service's count and examples, and whole-engine notices for every service", async () => {
    const clock = new FakeClock(START);
    const file = writeFile(
      tempDir(),
      'zervigo.yaml',
      `version: 1\nmachine: false\nanalysis:\n  anomalies:\n    select: ['queue_depth', 'served_total']\n    max_series: 5\n  forecasts: []\n`,
    );
    const engine = Engine.start({ dataDir: tempDir(), workspacePath: file, shell: 'server', logger: silentLogger, processEnv: {}, clock, tickMs: 1_000 });
    engines.push(engine);
    const append = (name: string, labels: Record<string, string>, value: number, ts = clock.now()): void =>
      engine.series.writer.append(engine.series.index.idOf(name, labels), ts, value);

    // web's counter: its second sample is dated before its first (the clock went back).
    append('served_total', { service: 'web' }, 10);
    append('served_total', { service: 'web' }, 20, clock.now() - 5_000);
    // One sample each: still learning.
    append('queue_depth', { queue: 'jobs', service: 'api' }, 4);
    append('queue_depth', { queue: 'static', service: 'web' }, 2);
    // The machine's series (no service); the third is beyond max_series: 5.
    for (const queue of ['a', 'b', 'c']) append('queue_depth', { queue }, 1);
    // NaN and infinities: two api series (one twice), one web series, one without a service.
    append('queue_depth', { queue: 'mail', service: 'api' }, Number.NaN);
    append('temperature_celsius', { service: 'api' }, Number.POSITIVE_INFINITY);
    clock.advance(10_000);
    append('queue_depth', { queue: 'mail', service: 'api' }, Number.NaN);
    append('queue_depth', { queue: 'web', service: 'web' }, Number.NaN);
    append('disk_free_bytes', { mount: '/' }, Number.NaN);

    const notices = async (filter: { service?: string; kind?: 'notice' | 'anomaly' }): Promise<string[]> =>
      ((await engine.dispatch('insights.list', filter, context)) as InsightsView).notices.map((notice) => notice.summary);
    const maxSeries = '6 series match analysis.anomalies.select; the first 5 are scored, the others are not (narrow select or raise max_series)';
    const learning = (count: number, named: string): string =>
      `${count === 1 ? '1 selected series has' : `${count} selected series have`} no anomaly score yet: each is scored from its 100th sample on, once its usual behaviour is learned — ${named}`;

    // Everyone's: every series counted.
    const all = await notices({});
    expect(all).toContain(maxSeries);
    expect(all).toContainEqual(
      expect.stringMatching(/^4 series sent NaN or infinite values \(5 samples in the last 10s\), not stored and not scored — first /),
    );
    expect(all).toContainEqual(expect.stringMatching(/^4 selected series have no anomaly score yet: /));

    // api's: the whole-engine notice, and only api's series, counted and named.
    expect(await notices({ service: 'api' })).toEqual([
      maxSeries,
      learning(1, 'queue_depth{queue="jobs",service="api"} (1 of 100 samples)'),
      '2 series sent NaN or infinite values (3 samples in the last 10s), not stored and not scored — first queue_depth{queue="mail",service="api"}, temperature_celsius{service="api"}',
    ]);
    // web's: its own, the clock going back included.
    expect(await notices({ service: 'web' })).toEqual([
      maxSeries,
      learning(1, 'queue_depth{queue="static",service="web"} (1 of 100 samples)'),
      // In the order of the whole view (most series first).
      '1 series sent NaN or infinite values (1 sample just now), not stored and not scored — queue_depth{queue="web",service="web"}',
      '1 selected series got no anomaly score (1 sample in the last 10s): the clock went back (the sample is older than the one before it): scoring goes on from the next sample — served_total{service="web"}',
    ]);
    // A service none of them concerns: only what concerns every service.
    expect(await notices({ service: 'db' })).toEqual([maxSeries]);
    // The kind filter still applies.
    expect(await notices({ service: 'api', kind: 'anomaly' })).toEqual([]);
    expect(await notices({ service: 'api', kind: 'notice' })).toHaveLength(3);
  });
});
