import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LogMetrics } from '../../../src/core/logs/log-metrics';
import { openDatabase, type Database } from '../../../src/core/store/database';
import { SeriesStore } from '../../../src/core/store/series-store';
import { tempDir } from '../../helpers/temp-dir';

const databases: Database[] = [];
afterEach(() => {
  for (const db of databases.splice(0)) db.close();
});

describe('log counters as series', () => {
  it('samples a counter when it moves, once a minute while it is active, and not at all once it has been still for an hour', () => {
    const db = openDatabase(path.join(tempDir(), 'zervigo.db'));
    databases.push(db);
    const series = new SeriesStore(db);
    const metrics = new LogMetrics(series);
    const t0 = Date.UTC(2026, 10, 22);
    metrics.setPattern(7, 'api', 10);
    const samplesAt = (times: number[]): number[] =>
      times.map((now) => {
        const written = metrics.sample(now);
        series.writer.flush();
        return written;
      });
    expect(samplesAt([t0, t0 + 1_000, t0 + 30_000])).toEqual([1, 0, 0]);
    metrics.setPattern(7, 'api', 12);
    expect(samplesAt([t0 + 31_000, t0 + 60_000, t0 + 92_000])).toEqual([1, 0, 1]);
    expect(samplesAt([t0 + 2 * 3_600_000, t0 + 3 * 3_600_000])).toEqual([0, 0]);
    const id = series.index.select('log_pattern_lines_total', [{ name: 'pattern', type: '=', value: '7' }])[0]?.id as number;
    expect(series.reader.readRaw(id, 0, Number.MAX_SAFE_INTEGER).values).toEqual([10, 12, 12]);
  });
});
