import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from '../src/core/store/database';
import { HEAD_KEEP_MS, SeriesStore } from '../src/core/store/series-store';
import { chartRange, queryRange } from '../src/core/query/range-query';
import { printFigures } from './report';

/**
 * The store's write path beside a bare better-sqlite3 insert loop into a plain table (same
 * rows, same batch per tick, same run); then a day of 1,000 series at 10 s with compaction as
 * in production (which is where 1m and 1h rollups are made), bytes on disk per sample,
 * and a 30-day chart of one 10 s series.
 */
const SERIES = 1_000;
const T0 = Date.UTC(2026, 10, 1);
const DAY = 86_400_000;

/** A seeded generator: the same data every run. */
let seed = 42;
function random(): number {
  seed = (seed * 48271) % 2147483647;
  return seed / 2147483647;
}

function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

function insertRates(dir: string): { store: number; bare: number } {
  const ticks = 300;
  const bare = new BetterSqlite3(path.join(dir, 'bare.db'));
  bare.pragma('journal_mode = WAL');
  bare.pragma('synchronous = NORMAL');
  bare.exec('CREATE TABLE plain (series_id INTEGER, ts INTEGER, value REAL)');
  const insert = bare.prepare('INSERT INTO plain VALUES (?, ?, ?)');
  const bareTick = bare.transaction((tick: number) => {
    for (let s = 1; s <= SERIES; s++) insert.run(s, T0 + tick * 10_000, Math.random());
  });
  let started = process.hrtime.bigint();
  for (let tick = 0; tick < ticks; tick++) bareTick(tick);
  const bareRate = (SERIES * ticks) / seconds(started);
  bare.close();

  const db = openDatabase(path.join(dir, 'store.db'));
  const store = new SeriesStore(db, () => T0);
  const ids = Array.from({ length: SERIES }, (_, i) => store.index.idOf('bench_metric', { instance: `i${i}` }));
  started = process.hrtime.bigint();
  for (let tick = 0; tick < ticks; tick++) {
    const ts = T0 + tick * 10_000;
    for (const id of ids) store.writer.append(id, ts, Math.random());
    store.writer.flush();
  }
  const storeRate = (SERIES * ticks) / seconds(started);
  db.close();
  return { store: storeRate, bare: bareRate };
}

export async function run(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zervigo-bench-store-'));
  try {
    const rates = insertRates(dir);
    printFigures(`Store writes: 300 ticks of ${SERIES} samples, one transaction per tick`, [
      { name: 'SeriesStore batched insert', value: rates.store, unit: 'samples/s', target: { op: '>=', value: 500_000 } },
      { name: 'bare better-sqlite3 loop, plain table', value: rates.bare, unit: 'samples/s' },
      { name: 'ratio store / bare', value: rates.store / rates.bare, unit: '', target: { op: '>=', value: 0.8 } },
    ]);

    // One day of 1,000 series at 10 s, compacted every minute as the engine does.
    const file = path.join(dir, 'day.db');
    const db = openDatabase(file);
    const clock = { now: T0 };
    const store = new SeriesStore(db, () => clock.now);
    const ids = Array.from({ length: SERIES }, (_, i) => store.index.idOf('probe_duration_seconds', { service: `s${i}`, probe: 'http' }));
    let writeSeconds = 0;
    let compactSeconds = 0;
    let closeSeconds = 0;
    let mergeSeconds = 0;
    let compacted = 0;
    const upkeep = (now: number): void => {
      let started = process.hrtime.bigint();
      compacted += store.compactor.compact(now - HEAD_KEEP_MS);
      compactSeconds += seconds(started);
      started = process.hrtime.bigint();
      store.compactor.closeHours(now);
      closeSeconds += seconds(started);
      started = process.hrtime.bigint();
      store.compactor.mergeClosedHours(now - 2 * HEAD_KEEP_MS);
      mergeSeconds += seconds(started);
    };
    for (let tick = 0; tick < 8_640; tick++) {
      const ts = T0 + tick * 10_000;
      clock.now = ts;
      // Latencies in µs with random jitter and rare spikes, as probes produce them.
      for (const id of ids) store.writer.append(id, ts, Math.round(800 + random() * 400 + (random() < 0.01 ? 5_000 : 0)) / 1e6);
      const started = process.hrtime.bigint();
      store.writer.flush();
      writeSeconds += seconds(started);
      if (tick % 6 === 5) upkeep(ts);
    }
    const end = T0 + DAY;
    clock.now = end + 10 * 60_000;
    upkeep(end + 10 * 60_000);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.exec('VACUUM');
    const chunkBytes = (db.prepare('SELECT sum(length(data)) AS n FROM sample_chunks').get() as { n: number }).n;
    const fileBytes = fs.statSync(file).size;
    const samples = SERIES * 8_640;
    printFigures('A day of 1,000 series at 10 s (8.64 M samples), compacted every minute', [
      { name: 'writes (per-tick transactions)', value: samples / writeSeconds, unit: 'samples/s' },
      { name: 'rollup pass: 24 closed hours written (minute blocks + 1h rows)', value: closeSeconds * 1000, unit: 'ms', target: { op: '<=', value: 1000 } },
      { name: 'compaction every minute (chunks + open-hour buckets)', value: compactSeconds * 1000, unit: 'ms' },
      { name: 'hourly chunk merges', value: mergeSeconds * 1000, unit: 'ms' },
      { name: 'background upkeep per sample', value: ((compactSeconds + closeSeconds + mergeSeconds) / samples) * 1e9, unit: 'ns' },
      { name: 'samples compacted', value: compacted, unit: '' },
      { name: 'raw chunk bytes per sample', value: chunkBytes / samples, unit: 'B' },
      { name: 'database file per sample (all tiers)', value: fileBytes / samples, unit: 'B' },
    ]);
    db.close();

    // A 30-day chart of one 10 s series: 259,200 raw points, at most 2,000 returned.
    const monthFile = path.join(dir, 'month.db');
    const monthDb = openDatabase(monthFile);
    const monthClock = { now: T0 };
    const month = new SeriesStore(monthDb, () => monthClock.now);
    const id = month.index.idOf('probe_duration_seconds', { service: 'api' });
    for (let day = 0; day < 30; day++) {
      for (let ts = T0 + day * DAY; ts < T0 + (day + 1) * DAY; ts += 10_000) month.writer.append(id, ts, ((ts / 10_000) % 97) / 1e4);
      monthClock.now = T0 + (day + 1) * DAY;
      month.writer.flush();
      month.compactor.compact(monthClock.now - HEAD_KEEP_MS);
      month.compactor.closeHours(monthClock.now);
      month.compactor.mergeClosedHours(monthClock.now);
    }
    const timings: number[] = [];
    let points = 0;
    for (let i = 0; i < 20; i++) {
      const started = process.hrtime.bigint();
      points = month.reader.readDownsampled(id, T0, T0 + 30 * DAY, 2_000, T0 + 30 * DAY).ts.length;
      timings.push(seconds(started) * 1000);
    }
    timings.sort((a, b) => a - b);
    // The same chart through the API's paths: selector parsing, series lookup, the response shape.
    const timed = (query: () => unknown): number => {
      const runs: number[] = [];
      for (let i = 0; i < 20; i++) {
        const started = process.hrtime.bigint();
        query();
        runs.push(seconds(started) * 1000);
      }
      return runs.sort((a, b) => a - b)[10] as number;
    };
    const monthEnd = T0 + 30 * DAY;
    const chartMs = timed(() => chartRange(month, 'probe_duration_seconds{service="api"}', T0, monthEnd, 2_000, monthEnd));
    const matrixMs = timed(() =>
      queryRange(month, 'probe_duration_seconds{service="api"}', { start: T0, end: monthEnd, stepMs: Math.ceil((30 * DAY) / 2_000) }, monthEnd),
    );
    printFigures('Query: 30-day chart of a 10 s series (259,200 raw points)', [
      { name: 'points returned', value: points, unit: '', target: { op: '<=', value: 2000 } },
      { name: 'median of 20 queries (store read)', value: timings[10] as number, unit: 'ms', target: { op: '<=', value: 30 } },
      { name: 'metrics.chart (selector + read), median', value: chartMs, unit: 'ms', target: { op: '<=', value: 30 } },
      { name: 'metrics.query, query_range shape, median', value: matrixMs, unit: 'ms', target: { op: '<=', value: 30 } },
    ]);
    monthDb.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
