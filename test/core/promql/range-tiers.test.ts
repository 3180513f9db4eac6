import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parsePromql } from '../../../src/core/promql/parse-promql';
import { evaluateRange, type RangeQueryResult } from '../../../src/core/promql/query';
import { rangeTier } from '../../../src/core/promql/range-tier';
import { openDatabase, type Database } from '../../../src/core/store/database';
import { SeriesStore } from '../../../src/core/store/series-store';
import { defaultRetention } from '../../../src/core/store/tiers';
import { tempDir } from '../../helpers/temp-dir';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** A minute boundary, 20 min into an hour: the range ends inside an open hour. */
const NOW = Date.UTC(2026, 10, 1, 12, 20);
const HOURS = 6;

const dbs: Database[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});

/**
 * Six hours of samples at seconds 5, 20, 35 and 50 of every minute, maintained hourly as a
 * running console does: the older hours closed (minute blocks, 1h rows), the current one open
 * (in memory), the newest samples still in the head. `level` is constant within a minute,
 * `noise` is not, `requests` is a counter.
 */
function seededStore(): { store: SeriesStore; setClock: (at: number) => void } {
  const db = openDatabase(path.join(tempDir(), 'zervigo.db'));
  dbs.push(db);
  let clock = NOW - HOURS * HOUR;
  const store = new SeriesStore(db, () => clock);
  let requests = 0;
  let pseudo = 7;
  for (let minute = NOW - HOURS * HOUR; minute < NOW; minute += MINUTE) {
    for (const second of [5, 20, 35, 50]) {
      const at = minute + second * 1000;
      clock = at;
      pseudo = (pseudo * 48_271) % 2_147_483_647;
      for (const service of ['a', 'b']) {
        const offset = service === 'a' ? 0 : 100;
        store.writer.appendNamed('level', { service }, at, offset + ((minute / MINUTE) % 17));
        store.writer.appendNamed('noise', { service }, at, offset + (pseudo % 1000) / 10);
        requests += service === 'a' ? 3 : 1;
        store.writer.appendNamed('requests_total', { service }, at, requests);
      }
    }
    store.writer.flush();
    // Hourly upkeep 5 minutes into each hour, and once 2 minutes before the end: the last
    // minutes stay in the head.
    if (minute % HOUR === 5 * MINUTE || minute === NOW - 2 * MINUTE) void store.maintain(minute);
  }
  clock = NOW;
  return { store, setClock: (at) => (clock = at) };
}

/** Series by their labels, values as numbers, for comparing two results. */
function bySeries(result: RangeQueryResult): Map<string, [number, number][]> {
  return new Map(result.result.map((series) => [JSON.stringify(series.metric), series.values.map(([t, v]): [number, number] => [t, Number(v)])]));
}

function expectSame(tiered: RangeQueryResult, raw: RangeQueryResult, closeTo?: number): void {
  const a = bySeries(tiered);
  const b = bySeries(raw);
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  for (const [key, points] of b) {
    const other = a.get(key) ?? [];
    expect(
      other.map(([t]) => t),
      key,
    ).toEqual(points.map(([t]) => t));
    points.forEach(([t, value], i) => {
      const got = (other[i] as [number, number])[1];
      if (closeTo === undefined) expect(got, `${key} at ${new Date(t * 1000).toISOString()}`).toBeCloseTo(value, 9);
      else expect(Math.abs(got - value) / Math.abs(value), `${key} at ${new Date(t * 1000).toISOString()}: ${got} vs ${value}`).toBeLessThan(closeTo);
    });
  }
}

describe('range queries from the rollup tiers', () => {
  it('chooses the coarsest tier that fits the step and the shortest range, coarser where finer data is gone', () => {
    const tier = (expr: string, start: number, stepMs: number) => rangeTier(parsePromql(expr).expr, start, stepMs, NOW, defaultRetention);
    expect(tier('avg(level)', NOW - HOUR, 15_000)).toBe('raw');
    expect(tier('avg(level)', NOW - 24 * HOUR, 5 * MINUTE)).toBe('1m');
    // Minutes pay off from a 5-minute step; below it, raw samples while they are kept.
    expect(tier('avg(level)', NOW - 24 * HOUR, 4 * MINUTE)).toBe('raw');
    expect(tier('avg(level)', NOW - 24 * HOUR, HOUR)).toBe('1h');
    expect(tier('avg(level)', NOW - 30 * 24 * HOUR, 2 * HOUR)).toBe('1h');
    // rate over 5 minutes at an hourly step: minutes, so that the window holds several buckets.
    expect(tier('rate(requests_total[5m])', NOW - 7 * 24 * HOUR, HOUR)).toBe('1m');
    expect(tier('rate(requests_total[1m])', NOW - HOUR, 5 * MINUTE)).toBe('raw');
    // A 30 s step over last week: raw samples are kept 48 h, so minutes.
    expect(tier('avg(level)', NOW - 7 * 24 * HOUR, 30_000)).toBe('1m');
    expect(tier('avg(level)', NOW - 60 * 24 * HOUR, MINUTE)).toBe('1h');
  });

  it('instant selectors, aggregations and arithmetic over closed hours, the open hour and the head agree with raw samples', () => {
    const { store } = seededStore();
    const start = NOW - HOURS * HOUR + 10 * MINUTE;
    for (const expr of ['level', 'avg(level)', 'sum by (service) (level) * 2', 'max(level) - min(level)', 'level > 110']) {
      for (const stepMs of [5 * MINUTE, 7 * MINUTE, 10 * MINUTE]) {
        const tiered = evaluateRange(store, expr, start, NOW, stepMs, undefined, NOW);
        const raw = evaluateRange(store, expr, start, NOW, stepMs);
        expect(tiered.result.length, expr).toBeGreaterThan(0);
        expectSame(tiered, raw);
      }
    }
  });

  it('*_over_time over whole buckets are exact from the minute and hour aggregates', () => {
    const { store } = seededStore();
    for (const fn of ['max_over_time', 'min_over_time', 'sum_over_time', 'count_over_time', 'avg_over_time']) {
      // Minutes: a 10-minute window at a 5-minute step, ending in the head.
      const start = NOW - HOURS * HOUR + 30 * MINUTE;
      const expr = `${fn}(noise[10m])`;
      expectSame(evaluateRange(store, expr, start, NOW, 5 * MINUTE, undefined, NOW), evaluateRange(store, expr, start, NOW, 5 * MINUTE));
      // Hours: a 2-hour window at an hourly step over the closed hours.
      const hourly = `${fn}(noise[2h])`;
      const hourStart = NOW - 20 * MINUTE - 2 * HOUR;
      const hourEnd = NOW - 20 * MINUTE;
      expect(rangeTier(parsePromql(hourly).expr, hourStart, HOUR, NOW, defaultRetention)).toBe('1h');
      expectSame(evaluateRange(store, hourly, hourStart, hourEnd, HOUR, undefined, NOW), evaluateRange(store, hourly, hourStart, hourEnd, HOUR));
    }
  });

  it('rate and increase of a counter from minute buckets stay within 2 % of raw samples', () => {
    const { store } = seededStore();
    const start = NOW - HOURS * HOUR + 30 * MINUTE;
    for (const expr of ['rate(requests_total[10m])', 'sum(increase(requests_total[15m]))']) {
      expectSame(evaluateRange(store, expr, start, NOW, 5 * MINUTE, undefined, NOW), evaluateRange(store, expr, start, NOW, 5 * MINUTE), 0.02);
    }
  });

  it('a long range still has values where raw samples have been pruned', async () => {
    const { store, setClock } = seededStore();
    store.setRetention({ ...defaultRetention, rawMs: HOUR });
    setClock(NOW);
    await store.maintain(NOW);
    const start = NOW - HOURS * HOUR + 10 * MINUTE;
    const raw = evaluateRange(store, 'avg(level)', start, NOW, 5 * MINUTE);
    const tiered = evaluateRange(store, 'avg(level)', start, NOW, 5 * MINUTE, undefined, NOW);
    const first = (result: RangeQueryResult) => result.result[0]?.values[0]?.[0];
    // Raw samples now begin some 3 hours ago (whole hours go, an hour late); the minutes cover the whole range.
    expect(first(raw)).toBeGreaterThan((NOW - 4 * HOUR) / 1000);
    expect(first(tiered)).toBe(start / 1000);
    expect(tiered.result[0]?.values).toHaveLength((NOW - start) / (5 * MINUTE) + 1);
  });
});
