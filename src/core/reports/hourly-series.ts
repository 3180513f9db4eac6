import type { SeriesStore } from '../store/series-store';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Hourly buckets of some series summed together (sum, count, min, max), read from the rollups. */
export interface Hourly {
  ts: number[];
  sum: number[];
  count: number[];
  min: number[];
  max: number[];
}

/**
 * Reads series over [start, end] one hour a bucket, which the store answers from its 1h rollups
 * (the open hour and the newest samples from memory): a month of a series is ~720 rows.
 */
export function readHourly(store: SeriesStore, ids: readonly number[], start: number, end: number, now: number): Hourly {
  const from = Math.floor(start / HOUR_MS) * HOUR_MS;
  const buckets = Math.max(1, Math.ceil((end - from) / HOUR_MS));
  const byHour = new Map<number, { sum: number; count: number; min: number; max: number }>();
  for (const id of ids) {
    const points = store.reader.readDownsampled(id, from, from + buckets * HOUR_MS - 1, buckets, now);
    for (let i = 0; i < points.ts.length; i++) {
      const ts = points.ts[i] as number;
      const count = points.count[i] as number;
      const bucket = byHour.get(ts);
      const sum = (points.avg[i] as number) * count;
      if (bucket === undefined) byHour.set(ts, { sum, count, min: points.min[i] as number, max: points.max[i] as number });
      else {
        bucket.sum += sum;
        bucket.count += count;
        bucket.min = Math.min(bucket.min, points.min[i] as number);
        bucket.max = Math.max(bucket.max, points.max[i] as number);
      }
    }
  }
  const hours = [...byHour.keys()].sort((a, b) => a - b);
  const out: Hourly = { ts: [], sum: [], count: [], min: [], max: [] };
  for (const hour of hours) {
    const bucket = byHour.get(hour) as { sum: number; count: number; min: number; max: number };
    out.ts.push(hour);
    out.sum.push(bucket.sum);
    out.count.push(bucket.count);
    out.min.push(bucket.min);
    out.max.push(bucket.max);
  }
  return out;
}

/** Sum / count over all hours; null without samples. */
export function averageOf(hourly: Hourly): number | null {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < hourly.ts.length; i++) {
    sum += hourly.sum[i] as number;
    count += hourly.count[i] as number;
  }
  return count === 0 ? null : sum / count;
}

export function maxOf(hourly: Hourly): number | null {
  return hourly.max.length === 0 ? null : Math.max(...hourly.max);
}

/** One day's average; `at` is when its samples were, on average (a partial first or last day is not centred on its midday). */
export interface DailyAverage {
  day: number;
  value: number;
  at: number;
}

/** Averages per day, days starting at midnight in the given UTC offset. */
export function dailyAverages(hourly: Hourly, utcOffsetMinutes: number): DailyAverage[] {
  const offset = utcOffsetMinutes * 60_000;
  const days = new Map<number, { sum: number; count: number; time: number }>();
  for (let i = 0; i < hourly.ts.length; i++) {
    const day = Math.floor(((hourly.ts[i] as number) + offset) / DAY_MS) * DAY_MS - offset;
    const entry = days.get(day) ?? { sum: 0, count: 0, time: 0 };
    const count = hourly.count[i] as number;
    entry.sum += hourly.sum[i] as number;
    entry.count += count;
    // Each hour's samples are taken at its middle.
    entry.time += ((hourly.ts[i] as number) + HOUR_MS / 2) * count;
    days.set(day, entry);
  }
  return [...days]
    .filter(([, entry]) => entry.count > 0)
    .sort(([a], [b]) => a - b)
    .map(([day, entry]) => ({ day, value: entry.sum / entry.count, at: entry.time / entry.count }));
}
