import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { availabilityOf } from '../../../src/core/monitoring/availability';
import { openDatabase, type Database } from '../../../src/core/store/database';
import { HEAD_KEEP_MS, SeriesStore } from '../../../src/core/store/series-store';
import { tempDir } from '../../helpers/temp-dir';

const T0 = Date.UTC(2026, 10, 1);
const HOUR = 3_600_000;
const dbs: Database[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});

describe('availability from the rollups', () => {
  it('is the share of passed checks over 24 h / 7 d / 30 d, read from hourly rollups and the open hour', () => {
    const now = { value: T0 };
    const db = openDatabase(path.join(tempDir(), 'zervigo.db'));
    dbs.push(db);
    const store = new SeriesStore(db, () => now.value);
    const a = store.index.idOf('probe_success', { service: 'api', probe: 'http#0' });
    const b = store.index.idOf('probe_success', { service: 'api', probe: 'tcp#1' });
    // 48 hours at 1 minute: probe a fails during hours 40-41, probe b never.
    for (let minute = 0; minute < 48 * 60; minute++) {
      const ts = T0 + minute * 60_000;
      store.writer.append(a, ts, minute >= 40 * 60 && minute < 42 * 60 ? 0 : 1);
      store.writer.append(b, ts, 1);
      if (minute % 60 === 59) {
        now.value = ts + 60_000;
        store.writer.flush();
        store.compactor.compact(now.value - HEAD_KEEP_MS);
        store.compactor.closeHours(now.value);
      }
    }
    now.value = T0 + 48 * HOUR;
    // Most of it is in the hourly rollups; the last hour is still open (in memory).
    expect((db.prepare('SELECT count(*) AS n FROM samples_1h').get() as { n: number }).n).toBeGreaterThan(80);
    const availability = availabilityOf(store, [a, b], now.value);
    // Hours 24-47: 2 failed probe-hours of 48.
    expect(availability['24h']).toBeCloseTo(1 - 120 / (2 * 24 * 60), 9);
    expect(availability['7d']).toBeCloseTo(1 - 120 / (2 * 48 * 60), 9);
    expect(availability['30d']).toBe(availability['7d']);
    expect(availabilityOf(store, [], now.value)).toEqual({ '24h': null, '7d': null, '30d': null });
  });
});
