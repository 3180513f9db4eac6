import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import snappy from 'snappy';
import { systemClock } from '../src/core/clock';
import { remoteWriteSchema } from '../src/core/config/schema/fleet';
import { openFleetDatabase } from '../src/core/fleet/fleet-database';
import { RemoteWrite } from '../src/core/fleet/remote-write/remote-write-module';
import { encodeLabels, encodeWriteRequest, wireLabels, type SeriesSamples } from '../src/core/fleet/remote-write/write-request';
import { silentLogger } from '../src/core/logger';
import { openDatabase } from '../src/core/store/database';
import { SeriesStore } from '../src/core/store/series-store';
import { until } from './bench-engine';
import { consoleOverAgents } from './fleet-console';
import { cpuMs } from './process-cpu';
import { printFigures } from './report';

/**
 * `npm run bench fleet [-- --only console|remote_write]`: one console over 20 agents
 * (fleet-console.ts), then remote_write's cost and its bounded backlog.
 *
 * 1. Samples sent per core: the store's ticks through remote_write to a receiver on 127.0.0.1
 *    (queue on disk, snappy, HTTP), CPU of this process, minus the same ticks stored without
 *    remote_write; beside the raw protobuf + snappy encode rate measured in the same run.
 * 2. A receiver down for 5 minutes of samples (2,000 series at 1 s): the backlog on disk and this
 *    process' memory while it grows, then every sample delivered once it is back (0 lost).
 */
const SERIES = 2_000;

/** A receiver that takes every request and counts nothing but bytes (the bench measures the sender). */
async function sink(): Promise<{ url: string; close: () => Promise<void>; setDown: (down: boolean) => void }> {
  let down = false;
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(down ? 503 : 204).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/write`,
    setDown: (value) => void (down = value),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function open(remote: boolean, url: string, queue: Record<string, unknown> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zervigo-bench-fleet-'));
  const db = openDatabase(path.join(dir, 'zervigo.db'));
  const store = new SeriesStore(db, () => Date.now());
  const fleetDb = openFleetDatabase(dir);
  const rw = new RemoteWrite({ db: fleetDb, series: store, clock: systemClock, logger: silentLogger });
  if (remote)
    rw.apply([
      remoteWriteSchema.parse({
        url,
        name: 'bench',
        match: ['bench_value'],
        queue: { batch_send_deadline: '50ms', min_backoff: '50ms', max_backoff: '1s', ...queue },
      }),
    ]);
  const tick = (ts: number): void => {
    for (let s = 0; s < SERIES; s++)
      store.writer.appendNamed('bench_value', { instance: `host-${s % 50}`, job: 'bench', series: String(s) }, ts, s + ts / 1000);
    store.writer.flush();
  };
  const close = async (): Promise<void> => {
    await rw.stop();
    fleetDb.close();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return { tick, rw, close, dir };
}

/** Raw WriteRequest encode + snappy for ticks of SERIES series, one sample each: samples per CPU second. */
function encodeRate(ticks: number): number {
  const labels = Array.from({ length: SERIES }, (_, s) =>
    encodeLabels(wireLabels('bench_value', { instance: `host-${s % 50}`, job: 'bench', series: String(s) })),
  );
  const started = cpuMs();
  let bytes = 0;
  for (let t = 0; t < ticks; t++) {
    const series: SeriesSamples[] = labels.map((encoded, s) => ({ labels: encoded, points: [1_700_000_000_000 + t * 1000, s + t] }));
    bytes += snappy.compressSync(encodeWriteRequest(series)).length;
  }
  if (bytes === 0) throw new Error('nothing encoded');
  return (ticks * SERIES) / ((cpuMs() - started) / 1000);
}

async function throughput(ticks: number, url: string): Promise<{ withRemote: number; storeOnly: number }> {
  const from = Date.now() - ticks * 1000;
  const baseline = open(false, url);
  let started = cpuMs();
  for (let t = 0; t < ticks; t++) baseline.tick(from + t * 1000);
  const storeOnly = cpuMs() - started;
  await baseline.close();

  const remote = open(true, url);
  started = cpuMs();
  for (let t = 0; t < ticks; t++) remote.tick(from + t * 1000);
  await until(() => remote.rw.statuses()[0]?.sent === ticks * SERIES, 120_000);
  const withRemote = cpuMs() - started;
  await remote.close();
  return { withRemote, storeOnly };
}

async function backlog(receiver: Awaited<ReturnType<typeof sink>>): Promise<{ peakBytes: number; rssGrowthMb: number; lost: number; drainSeconds: number }> {
  const ticks = 300;
  const run = open(true, receiver.url, { max_backlog_bytes: '256MiB', max_age: '2h' });
  receiver.setDown(true);
  const from = Date.now() - ticks * 1000;
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  let peakBytes = 0;
  for (let t = 0; t < ticks; t++) {
    run.tick(from + t * 1000);
    if (t % 10 === 0) {
      await new Promise((resolve) => setImmediate(resolve));
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      peakBytes = Math.max(peakBytes, run.rw.statuses()[0]?.backlogBytes ?? 0);
    }
  }
  peakBytes = Math.max(peakBytes, run.rw.statuses()[0]?.backlogBytes ?? 0);
  rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  receiver.setDown(false);
  const drainStart = Date.now();
  await until(() => run.rw.statuses()[0]?.backlogSamples === 0, 300_000, 20);
  const drainSeconds = (Date.now() - drainStart) / 1000;
  const status = run.rw.statuses()[0];
  const lost = ticks * SERIES - (status?.sent ?? 0);
  await run.close();
  return { peakBytes, rssGrowthMb: (rssPeak - rssBefore) / 1024 / 1024, lost, drainSeconds };
}

export async function run(args: string[]): Promise<void> {
  const only = args[args.indexOf('--only') + 1];
  if (args.includes('--only') && only !== 'console' && only !== 'remote_write') throw new Error('--only console or --only remote_write');
  if (only !== 'remote_write') await consoleOverAgents();
  if (only !== 'console') await remoteWriteFigures();
}

async function remoteWriteFigures(): Promise<void> {
  const receiver = await sink();
  try {
    const ticks = 200;
    const encode = encodeRate(ticks);
    const { withRemote, storeOnly } = await throughput(ticks, receiver.url);
    const samples = ticks * SERIES;
    const remoteCost = Math.max(1, withRemote - storeOnly);
    printFigures(`remote_write throughput (${SERIES} series × ${ticks} ticks = ${samples.toLocaleString('en-US')} samples, receiver on 127.0.0.1)`, [
      { name: 'raw protobuf + snappy encode (baseline, same run)', value: encode, unit: 'samples/s per core' },
      {
        name: 'remote_write sent (queue on disk + snappy + HTTP)',
        value: samples / (remoteCost / 1000),
        unit: 'samples/s per core',
        target: { op: '>=', value: 500_000 },
      },
      { name: 'ratio sent / raw encode', value: samples / (remoteCost / 1000) / encode, unit: '' },
      { name: 'store alone, same ticks (CPU)', value: storeOnly, unit: 'ms' },
      { name: 'store + remote_write (CPU)', value: withRemote, unit: 'ms' },
    ]);
    const down = await backlog(receiver);
    printFigures(
      `receiver down for 5 minutes of samples (${SERIES} series at 1 s = ${(300 * SERIES).toLocaleString('en-US')} samples; max_backlog_bytes 256 MiB)`,
      [
        { name: 'backlog on disk at its peak', value: down.peakBytes / 1024 / 1024, unit: 'MiB', target: { op: '<=', value: 256 } },
        { name: 'process RSS growth meanwhile', value: down.rssGrowthMb, unit: 'MiB' },
        { name: 'samples lost once the receiver is back', value: down.lost, unit: '', target: { op: '<=', value: 0 } },
        { name: 'time to drain the backlog', value: down.drainSeconds, unit: 's' },
      ],
    );
  } finally {
    await receiver.close();
  }
}
