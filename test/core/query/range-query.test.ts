import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatExposition } from '../../../src/core/query/exposition';
import { chartRange, queryRange } from '../../../src/core/query/range-query';
import { listSeries } from '../../../src/core/query/series-listing';
import { openDatabase, type Database } from '../../../src/core/store/database';
import { HEAD_KEEP_MS, SeriesStore } from '../../../src/core/store/series-store';
import { tempDir } from '../../helpers/temp-dir';

const T0 = Date.UTC(2026, 10, 1);
const DAY = 86_400_000;
const dbs: Database[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});

function store(now: { value: number }): SeriesStore {
  const db = openDatabase(path.join(tempDir(), 'zervigo.db'));
  dbs.push(db);
  return new SeriesStore(db, () => now.value);
}

describe('queryRange (Prometheus query_range shape over the store)', () => {
  it('returns one value per step, the average of the samples in [t, t + step), in seconds and strings', () => {
    const now = { value: T0 + 120_000 };
    const s = store(now);
    const api = s.index.idOf('probe_duration_seconds', { service: 'api', probe: 'http#0' });
    const db = s.index.idOf('probe_duration_seconds', { service: 'db', probe: 'tcp#0' });
    for (let i = 0; i < 12; i++) {
      s.writer.append(api, T0 + i * 10_000, i);
      s.writer.append(db, T0 + i * 10_000, 0.5);
    }
    s.writer.flush();
    const result = queryRange(s, 'probe_duration_seconds{service="api"}', { start: T0, end: T0 + 60_000, stepMs: 30_000 }, now.value);
    expect(result).toEqual({
      resultType: 'matrix',
      result: [
        {
          metric: { __name__: 'probe_duration_seconds', service: 'api', probe: 'http#0' },
          values: [
            [T0 / 1000, '1'],
            [T0 / 1000 + 30, '4'],
            [T0 / 1000 + 60, '7'],
          ],
        },
      ],
    });
    expect(queryRange(s, 'probe_duration_seconds', { start: T0, end: T0 + 60_000, stepMs: 30_000 }, now.value).result).toHaveLength(2);
  });

  it('leaves out steps without samples (gaps) and series without any', () => {
    const now = { value: T0 + 600_000 };
    const s = store(now);
    const id = s.index.idOf('up', { job: 'a' });
    s.index.idOf('up', { job: 'silent' });
    s.writer.append(id, T0, 1);
    s.writer.append(id, T0 + 300_000, 1);
    s.writer.flush();
    const result = queryRange(s, 'up', { start: T0, end: T0 + 300_000, stepMs: 60_000 }, now.value);
    expect(result.result).toHaveLength(1);
    expect(result.result[0]?.values.map(([ts]) => ts - T0 / 1000)).toEqual([0, 300]);
  });

  it('refuses more than 11,000 points per series and says which step would do', () => {
    const s = store({ value: T0 });
    expect(() => queryRange(s, 'up', { start: T0, end: T0 + DAY, stepMs: 1_000 }, T0)).toThrow(
      /86,401 points per series, over the limit of 11,000; use a larger step \(at least 8s\)/,
    );
    expect(() => queryRange(s, 'up', { start: T0 + 1, end: T0 }, T0)).toThrow(/end is before start/);
  });

  it('answers a 30-day chart from the rollups, at most the points asked for', () => {
    const now = { value: T0 };
    const s = store(now);
    const id = s.index.idOf('probe_duration_seconds', { service: 'api' });
    for (let day = 0; day < 30; day++) {
      for (let ts = T0 + day * DAY; ts < T0 + (day + 1) * DAY; ts += 10_000) s.writer.append(id, ts, 0.25);
      now.value = T0 + (day + 1) * DAY;
      s.writer.flush();
      s.compactor.compact(now.value - HEAD_KEEP_MS);
      s.compactor.closeHours(now.value);
    }
    const chart = chartRange(s, 'probe_duration_seconds{service="api"}', T0, T0 + 30 * DAY, 2_000, now.value);
    // 30 days in 2,000 points is a 21.6-minute step: minute rollups, never the 259,200 raw samples.
    expect(chart.tier).toBe('1m');
    expect(chart.stepMs).toBe(1_296_000);
    expect(chart.series).toHaveLength(1);
    expect(chart.series[0]?.ts.length).toBeLessThanOrEqual(2_000);
    expect(chart.series[0]?.ts.length).toBeGreaterThan(1_990);
    expect(new Set(chart.series[0]?.avg)).toEqual(new Set([0.25]));
    const matrix = queryRange(s, 'probe_duration_seconds', { start: T0, end: T0 + 30 * DAY, stepMs: 3_600_000 }, now.value);
    expect(matrix.result[0]?.values).toHaveLength(720);
  });
});

describe('listSeries and formatExposition', () => {
  it('lists names, series and label values for pickers', () => {
    const s = store({ value: T0 });
    s.index.idOf('probe_success', { service: 'api', probe: 'http#0' });
    s.index.idOf('probe_success', { service: 'db', probe: 'tcp#0' });
    s.index.idOf('system_load1', { host: 'box' });
    expect(listSeries(s, undefined, 10).names).toEqual(['probe_success', 'system_load1']);
    const listing = listSeries(s, 'probe_success', 1);
    expect(listing).toEqual({
      names: ['probe_success'],
      series: [{ __name__: 'probe_success', probe: 'http#0', service: 'api' }],
      labelValues: { probe: ['http#0', 'tcp#0'], service: ['api', 'db'] },
      truncated: true,
    });
  });

  it('writes Prometheus text format with escaped label values', () => {
    expect(
      formatExposition([
        { name: 'probe_success', labels: { service: 'api', probe: 'http#0' }, value: 1 },
        { name: 'probe_success', labels: { service: 'db', reason: 'say "hi"\n\\' }, value: 0 },
        { name: 'system_load1', labels: {}, value: 0.25 },
        { name: 'odd', labels: {}, value: Number.POSITIVE_INFINITY },
      ]),
    ).toBe(
      [
        '# TYPE odd untyped',
        'odd +Inf',
        '# TYPE probe_success untyped',
        'probe_success{service="api",probe="http#0"} 1',
        'probe_success{service="db",reason="say \\"hi\\"\\n\\\\"} 0',
        '# TYPE system_load1 untyped',
        'system_load1 0.25',
        '',
      ].join('\n'),
    );
  });
});
