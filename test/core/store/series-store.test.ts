import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../src/core/store/database';
import { HEAD_KEEP_MS, SeriesStore } from '../../../src/core/store/series-store';
import { tempDir } from '../../helpers/temp-dir';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 10, 1, 0, 0, 0);

const opened: Database[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) if (db.open) db.close();
});

/** A store whose clock is a variable the test moves. */
function open(file = path.join(tempDir(), 'zervigo.db')) {
  const db = openDatabase(file);
  opened.push(db);
  const clock = { now: T0 };
  const store = new SeriesStore(db, () => clock.now);
  return { db, store, clock, file };
}

const count = (database: Database, table: string): number => (database.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

/** Writes one sample every `stepMs` in [from, to), one flush per sample time, the clock following. */
function fill(env: ReturnType<typeof open>, id: number, from: number, to: number, stepMs: number, f: (ts: number) => number): void {
  for (let ts = from; ts < to; ts += stepMs) {
    env.store.writer.append(id, ts, f(ts));
    env.clock.now = ts;
    env.store.writer.flush();
  }
}

describe('SeriesStore', () => {
  it('identifies a series by name and label set, in any label order', () => {
    const { store } = open();
    const a = store.index.idOf('probe_success', { service: 'api', probe: 'http' });
    expect(store.index.idOf('probe_success', { probe: 'http', service: 'api' })).toBe(a);
    expect(store.index.idOf('probe_success', { service: 'db', probe: 'http' })).not.toBe(a);
    expect(store.index.select('probe_success', [{ name: 'service', type: '=~', value: 'a.*' }]).map((s) => s.id)).toEqual([a]);
    expect(
      store.index.select(null, [
        { name: '__name__', type: '=', value: 'probe_success' },
        { name: 'service', type: '!=', value: 'api' },
      ]),
    ).toHaveLength(1);
  });

  it('holds samples until the tick and writes them in one transaction', () => {
    const { db, store } = open();
    const id = store.index.idOf('x', {});
    for (let i = 0; i < 1000; i++) store.writer.append(id, T0 + i * 1000, i);
    expect(count(db, 'head_samples')).toBe(0);
    expect(store.writer.flush()).toBe(1000);
    expect(count(db, 'head_samples')).toBe(1000);
    expect(store.reader.readRaw(id, T0, T0 + DAY).ts).toHaveLength(1000);

    // All or nothing: a failure on the 500th sample leaves none of the batch, on disk or in memory.
    db.exec("CREATE TEMP TRIGGER refuse AFTER INSERT ON head_samples WHEN NEW.value = -500 BEGIN SELECT RAISE(ABORT, 'refused'); END");
    for (let i = 0; i < 1000; i++) store.writer.append(id, T0 + DAY + i * 1000, -i);
    expect(() => store.writer.flush()).toThrow('refused');
    expect(count(db, 'head_samples')).toBe(1000);
    expect(store.reader.readRaw(id, T0, T0 + 2 * DAY).ts).toHaveLength(1000);
    expect(db.inTransaction).toBe(false);
  });

  it('skips values SQLite cannot hold (NaN, infinities)', () => {
    const { store } = open();
    const id = store.index.idOf('x', {});
    store.writer.append(id, T0, Number.NaN);
    store.writer.append(id, T0 + 1, Number.POSITIVE_INFINITY);
    store.writer.append(id, T0 + 2, 1);
    expect(store.writer.flush()).toBe(1);
  });

  it("compacts the head into chunks and the open hour's buckets, each sample exactly once", () => {
    const env = open();
    const { db, store } = env;
    const id = store.index.idOf('cpu', {});
    fill(env, id, T0, T0 + 10 * MINUTE, 10_000, (ts) => (ts - T0) / 10_000);
    expect(store.compactor.compact(T0 + 5 * MINUTE)).toBe(31);
    expect(store.compactor.compact(T0 + 5 * MINUTE)).toBe(0);
    expect(count(db, 'head_samples')).toBe(60 - 31);
    expect(store.head.size).toBe(60 - 31);
    expect(store.compactor.compact(T0 + 10 * MINUTE)).toBe(29);
    expect(count(db, 'head_samples')).toBe(0);
    expect(store.reader.readRaw(id, T0, T0 + 10 * MINUTE).values).toEqual(Array.from({ length: 60 }, (_, i) => i));

    // The 5:00 minute was split across two compactions; its bucket still counts six samples.
    const [hour] = store.openHours.overlapping(id, T0, T0 + HOUR);
    const minutes = hour?.minutes();
    expect(minutes?.ts).toHaveLength(10);
    expect(minutes?.count.every((n) => n === 6)).toBe(true);
    expect(minutes?.sum[5]).toBe(30 + 31 + 32 + 33 + 34 + 35);
    expect(count(db, 'minute_blocks')).toBe(0);
  });

  it('writes a closed hour as one minute block and one 1h row per series', () => {
    const env = open();
    const { db, store } = env;
    const id = store.index.idOf('cpu', {});
    fill(env, id, T0, T0 + 2 * HOUR, 10_000, (ts) => (ts - T0) / 10_000);
    store.compactor.compact(T0 + HOUR + 30 * MINUTE);
    store.compactor.compact(T0 + 2 * HOUR);
    expect(store.compactor.closeHours(T0 + HOUR + 2 * MINUTE)).toBe(0);
    expect(store.compactor.closeHours(T0 + HOUR + 3 * MINUTE)).toBe(1);
    expect(store.compactor.closeHours(T0 + 2 * HOUR + 3 * MINUTE)).toBe(1);
    expect(count(db, 'minute_blocks')).toBe(2);
    expect(db.prepare('SELECT min, max, count, sum FROM samples_1h WHERE series_id = ? AND ts = ?').get(id, T0 + HOUR)).toEqual({
      min: 360,
      max: 719,
      count: 360,
      sum: ((360 + 719) * 360) / 2,
    });
    expect(store.openHours.overlapping(id, T0, T0 + 2 * HOUR)).toEqual([]);
    const minutes = store.reader.readDownsampled(id, T0, T0 + 2 * HOUR - 1, 120, T0 + 2 * HOUR);
    expect(minutes.tier).toBe('1m');
    expect(minutes.count).toEqual(Array(120).fill(6));
  });

  it('folds a late sample into the hour it belongs to, even after that hour was written', () => {
    const env = open();
    const { db, store } = env;
    const id = store.index.idOf('cpu', {});
    fill(env, id, T0, T0 + HOUR, MINUTE, () => 1);
    store.compactor.compact(T0 + HOUR);
    store.compactor.closeHours(T0 + 2 * HOUR);
    store.writer.append(id, T0 + 30 * MINUTE + 1, 100);
    env.clock.now = T0 + 2 * HOUR;
    store.writer.flush();
    store.compactor.compact(T0 + 2 * HOUR);
    expect(db.prepare('SELECT max, count FROM samples_1h WHERE ts = ?').get(T0)).toEqual({ max: 100, count: 61 });
    const minutes = store.reader.readDownsampled(id, T0, T0 + HOUR - 1, 60, T0 + 2 * HOUR);
    expect(minutes.count[30]).toBe(2);
    expect(minutes.max[30]).toBe(100);
  });

  it('keeps uncompacted samples and the open hour across a restart', () => {
    const first = open();
    const id = first.store.index.idOf('cpu', { host: 'a' });
    fill(first, id, T0, T0 + 4 * MINUTE, 1000, () => 7);
    first.store.compactor.compact(T0 + 2 * MINUTE - 1);
    first.db.close();

    const second = open(first.file);
    expect(second.store.head.size).toBe(120);
    expect(second.store.reader.readRaw(id, T0, T0 + DAY).ts).toHaveLength(240);
    // The compacted half is back in the open hour's buckets, counted once beside the head.
    const minutes = second.store.reader.readDownsampled(id, T0, T0 + 4 * MINUTE - 1, 4, T0 + 4 * MINUTE);
    expect(minutes.tier).toBe('1m');
    expect(minutes.count).toEqual([60, 60, 60, 60]);
    second.clock.now = T0 + HOUR;
    expect(second.store.compactor.compact(T0 + HOUR)).toBe(120);
    expect(second.store.reader.readRaw(id, T0, T0 + DAY).values.every((value) => value === 7)).toBe(true);
  });

  it('merges the small chunks of a closed hour into one per series', () => {
    const env = open();
    const { db, store } = env;
    const id = store.index.idOf('latency', {});
    for (let minute = 0; minute < 70; minute++) {
      fill(env, id, T0 + minute * MINUTE, T0 + (minute + 1) * MINUTE, 5_000, (ts) => ((ts / 5_000) % 13) / 1000);
      store.compactor.compact(env.clock.now);
    }
    const before = store.reader.readRaw(id, T0, T0 + 2 * HOUR);
    expect(count(db, 'sample_chunks')).toBe(70);
    store.compactor.mergeClosedHours(T0 + HOUR + 30 * MINUTE);
    expect(count(db, 'sample_chunks')).toBe(1 + 10);
    expect(store.reader.readRaw(id, T0, T0 + 2 * HOUR)).toEqual(before);
    store.compactor.mergeClosedHours(T0 + 2 * HOUR);
    expect(count(db, 'sample_chunks')).toBe(2);
    expect(store.reader.readRaw(id, T0, T0 + 2 * HOUR)).toEqual(before);
  });

  it('prunes each tier after its retention, in the background job', async () => {
    const env = open();
    const { db, store } = env;
    store.setRetention({ rawMs: 2 * HOUR, oneMinuteMs: DAY, oneHourMs: 3 * DAY });
    const id = store.index.idOf('cpu', {});
    for (let hour = 0; hour < 4 * 24; hour++) {
      fill(env, id, T0 + hour * HOUR, T0 + (hour + 1) * HOUR, MINUTE, () => 1);
      await store.maintain(env.clock.now + MINUTE);
    }
    const now = T0 + 4 * DAY;
    await store.maintain(now);
    const oldest = (table: string, column = 'ts') => (db.prepare(`SELECT min(${column}) AS ts FROM ${table}`).get() as { ts: number }).ts;
    // Raw chunks go by whole hours, kept until every sample in them is past retention.
    expect(oldest('sample_chunks', 'end_ts')).toBeGreaterThanOrEqual(now - 2 * HOUR - 2 * HOUR);
    expect(oldest('sample_chunks', 'hour_ts')).toBeLessThanOrEqual(now - 2 * HOUR - HOUR);
    expect(oldest('minute_blocks', 'hour_ts')).toBeGreaterThanOrEqual(now - DAY - HOUR);
    expect(oldest('samples_1h')).toBeGreaterThanOrEqual(now - 3 * DAY);
    // Three days of hours are kept; the newest hour is still open (it closes 3 min after its end).
    expect(count(db, 'samples_1h')).toBe(3 * 24 - 1);
  });

  it('reads a long range downsampled from the right tier, counting every sample once', () => {
    const env = open();
    const { store } = env;
    const id = store.index.idOf('latency', {});
    const now = T0 + 30 * DAY;
    // Write directly with few flushes: a month at 10 s is 259,200 samples.
    for (let day = 0; day < 30; day++) {
      for (let ts = T0 + day * DAY; ts < T0 + (day + 1) * DAY; ts += 10_000) store.writer.append(id, ts, (ts % HOUR) / HOUR);
      env.clock.now = T0 + (day + 1) * DAY - 1;
      store.writer.flush();
      store.compactor.compact(env.clock.now - HOUR);
      store.compactor.closeHours(env.clock.now);
    }
    store.compactor.mergeClosedHours(now);

    const month = store.reader.readDownsampled(id, T0, now, 2_000, now);
    expect(month.tier).toBe('1m');
    expect(month.ts.length).toBeLessThanOrEqual(2_001);
    expect(Math.min(...month.min)).toBe(0);
    expect(Math.max(...month.max)).toBeCloseTo(1 - 10_000 / HOUR);

    const hour = store.reader.readDownsampled(id, now - HOUR, now, 500, now);
    expect(hour.tier).toBe('raw');
    expect(hour.ts).toHaveLength(360);

    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    expect(sum(month.count)).toBe(259_200);

    store.setRetention({ rawMs: 2 * DAY, oneMinuteMs: 7 * DAY, oneHourMs: 400 * DAY });
    const coarse = store.reader.readDownsampled(id, T0, now, 2_000, now);
    expect(coarse.tier).toBe('1h');
    // 1h rows, open hours and the head: every sample of the month counted once.
    expect(sum(coarse.count)).toBe(259_200);
    expect(sum(store.reader.readDownsampled(id, T0, now, 1, now).count)).toBe(259_200);
  });

  it('keeps at least a minute of samples in the head before compacting', () => {
    expect(HEAD_KEEP_MS).toBeGreaterThanOrEqual(MINUTE);
  });
});
