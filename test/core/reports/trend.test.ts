import { describe, expect, it } from 'vitest';
import { dailyAverages, type Hourly } from '../../../src/core/reports/hourly-series';
import { trendOf } from '../../../src/core/reports/trend';

const HOUR = 3_600_000;

/** Hourly buckets of a value that rises by 1 a day, one sample an hour, from `start` for `hours`. */
function risingByOnePerDay(start: number, hours: number): Hourly {
  const out: Hourly = { ts: [], sum: [], count: [], min: [], max: [] };
  for (let i = 0; i < hours; i++) {
    const value = 40 + i / 24;
    out.ts.push(start + i * HOUR);
    out.sum.push(value);
    out.count.push(1);
    out.min.push(value);
    out.max.push(value);
  }
  return out;
}

describe('a resource trend over daily averages', () => {
  it('finds the slope per day whatever hour the period starts and ends at (partial first and last days)', () => {
    const midnight = Date.UTC(2026, 10, 1);
    for (const startHour of [0, 1, 6, 13, 22, 23]) {
      const daily = dailyAverages(risingByOnePerDay(midnight + startHour * HOUR, 3 * 24 - 1), 0);
      expect(daily.length).toBeGreaterThanOrEqual(3);
      expect(trendOf(daily).perDay).toBeCloseTo(1, 6);
    }
  });
});
