import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock';
import { remoteWriteSchema, type RemoteWriteConfig } from '../../../src/core/config/schema/fleet';
import { openFleetDatabase, type FleetDatabase } from '../../../src/core/fleet/fleet-database';
import { RemoteWrite } from '../../../src/core/fleet/remote-write/remote-write-module';
import { silentLogger } from '../../../src/core/logger';
import { openDatabase, type Database } from '../../../src/core/store/database';
import { SeriesStore } from '../../../src/core/store/series-store';
import { requirePrometheus, startPrometheus, type RunningPrometheus } from '../../helpers/prometheus';
import { tempDir } from '../../helpers/temp-dir';
import { startVictoriaMetrics, type RunningVictoriaMetrics } from '../../helpers/victoria-metrics';
import { waitFor } from '../../helpers/wait-for';

/**
 * remote_write against the real receivers from Debian: Prometheus 2.42 with
 * --web.enable-remote-write-receiver and VictoriaMetrics 1.79. What Zervigo's store commits is
 * read back from each, sample for sample, labels and all.
 */
describe('remote_write to real receivers', () => {
  let prometheus: RunningPrometheus | null = null;
  let victoria: RunningVictoriaMetrics | null = null;
  let db: Database;
  let fleetDb: FleetDatabase;
  let remote: RemoteWrite | null = null;

  beforeAll(() => requirePrometheus());

  afterEach(async () => {
    await remote?.stop();
    remote = null;
    fleetDb?.close();
    db?.close();
    await prometheus?.stop();
    await victoria?.stop();
    prometheus = null;
    victoria = null;
  });

  function open(dataDir: string): SeriesStore {
    fs.mkdirSync(dataDir, { recursive: true });
    db = openDatabase(path.join(dataDir, 'zervigo.db'));
    fleetDb = openFleetDatabase(dataDir);
    return new SeriesStore(db, () => Date.now());
  }

  function config(input: Record<string, unknown>): RemoteWriteConfig {
    return remoteWriteSchema.parse(input);
  }

  it('sends every committed sample, labels sorted and series in time order, and both receivers hold them exactly', async () => {
    const work = tempDir();
    prometheus = await startPrometheus(path.join(work, 'tsdb'), work, { remoteWriteReceiver: true });
    victoria = await startVictoriaMetrics(path.join(work, 'vm'));
    const store = open(path.join(work, 'data'));
    remote = new RemoteWrite({ db: fleetDb, series: store, clock: systemClock, logger: silentLogger });
    remote.apply([
      config({
        url: `${prometheus.url}/api/v1/write`,
        name: 'prom',
        match: ['zervigo_rw_test', '{service="db"}'],
        queue: { batch_send_deadline: '50ms', max_samples_per_send: 7 },
      }),
      config({ url: `${victoria.url}/api/v1/write`, name: 'vm', queue: { batch_send_deadline: '50ms' } }),
    ]);
    const end = Math.floor(Date.now() / 1000) * 1000;
    const expected = new Map<number, number>();
    // Two ticks; within the first, one series' samples arrive out of order (the sender sorts them).
    const first = [] as [number, number][];
    for (let i = 0; i < 30; i++) first.push([end - (40 - i) * 1000, i * 1.5]);
    first.reverse();
    for (const [ts, value] of first) {
      store.writer.appendNamed('zervigo_rw_test', { service: 'api', Zone: 'eu', probe: 'http#0' }, ts, value);
      expected.set(ts, value);
    }
    store.writer.flush();
    for (let i = 30; i < 40; i++) {
      const ts = end - (40 - i) * 1000;
      store.writer.appendNamed('zervigo_rw_test', { service: 'api', Zone: 'eu', probe: 'http#0' }, ts, i * 1.5);
      store.writer.appendNamed('zervigo_rw_other', { service: 'db' }, ts, -i);
      expected.set(ts, i * 1.5);
    }
    store.writer.flush();

    await waitFor(() => remote?.statuses().every((status) => status.backlogSamples === 0 && status.sent >= 50), {
      timeoutMs: 20_000,
      what: 'both queues to drain',
    }).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}: ${JSON.stringify(remote?.statuses())}`);
    });
    // prom takes only what `match` selects; vm (no match) also gets the remote_write_* counters.
    const [prom, vm] = remote.statuses();
    expect([prom?.sent, prom?.lastError, vm?.lastError]).toEqual([50, null, null]);
    expect(vm?.sent).toBeGreaterThanOrEqual(50);

    const fromPrometheus = (await prometheus.query('zervigo_rw_test[2m]', end + 1000)) as {
      result: { metric: Record<string, string>; values: [number, string][] }[];
    };
    expect(fromPrometheus.result).toHaveLength(1);
    expect(fromPrometheus.result[0]?.metric).toEqual({ __name__: 'zervigo_rw_test', service: 'api', Zone: 'eu', probe: 'http#0' });
    expect(fromPrometheus.result[0]?.values.map(([t, v]) => [Math.round(t * 1000), Number(v)])).toEqual([...expected].sort((a, b) => a[0] - b[0]));

    await victoria.flush();
    const fromVictoria = await waitFor(
      async () => {
        await victoria?.flush();
        const series = await victoria?.exportSeries('{__name__=~"zervigo_rw_.*"}');
        return series !== undefined && series.length === 2 && series.every((entry) => entry.values.length >= 10) ? series : undefined;
      },
      { timeoutMs: 15_000, what: 'VictoriaMetrics to hold both series' },
    );
    const test = fromVictoria.find((entry) => entry.metric.__name__ === 'zervigo_rw_test');
    expect(test?.metric).toEqual({ __name__: 'zervigo_rw_test', service: 'api', Zone: 'eu', probe: 'http#0' });
    expect(test?.timestamps.map((ts, i) => [ts, test.values[i]])).toEqual([...expected].sort((a, b) => a[0] - b[0]));
    const other = fromVictoria.find((entry) => entry.metric.__name__ === 'zervigo_rw_other');
    expect(other?.values).toEqual(Array.from({ length: 10 }, (_, i) => -(30 + i)));
  }, 60_000);
});
