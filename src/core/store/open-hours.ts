/**
 * 1-minute buckets (min, max, sum, count) of every series for the hours not closed yet, in
 * memory. Compaction adds each sample once; when an hour closes, its buckets are written as
 * one minute block and one 1h row per series. Rebuilt from raw chunks after a restart.
 */
export const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const MINUTES = 60;

export interface Buckets {
  ts: number[];
  min: number[];
  max: number[];
  sum: number[];
  count: number[];
}

export class HourBuckets {
  readonly min = new Float64Array(MINUTES).fill(Number.POSITIVE_INFINITY);
  readonly max = new Float64Array(MINUTES).fill(Number.NEGATIVE_INFINITY);
  readonly sum = new Float64Array(MINUTES);
  readonly count = new Float64Array(MINUTES);

  constructor(readonly hourStart: number) {}

  add(ts: number, min: number, max: number, sum: number, count: number): void {
    const i = Math.floor((ts - this.hourStart) / MINUTE_MS);
    if (min < (this.min[i] as number)) this.min[i] = min;
    if (max > (this.max[i] as number)) this.max[i] = max;
    this.sum[i] = (this.sum[i] as number) + sum;
    this.count[i] = (this.count[i] as number) + count;
  }

  /** The minutes that have samples. */
  minutes(): Buckets {
    const out: Buckets = { ts: [], min: [], max: [], sum: [], count: [] };
    for (let i = 0; i < MINUTES; i++) {
      if (this.count[i] === 0) continue;
      out.ts.push(this.hourStart + i * MINUTE_MS);
      out.min.push(this.min[i] as number);
      out.max.push(this.max[i] as number);
      out.sum.push(this.sum[i] as number);
      out.count.push(this.count[i] as number);
    }
    return out;
  }

  /** The whole hour as one bucket. */
  total(): { min: number; max: number; sum: number; count: number } {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    let sum = 0;
    let count = 0;
    for (let i = 0; i < MINUTES; i++) {
      if (this.count[i] === 0) continue;
      min = Math.min(min, this.min[i] as number);
      max = Math.max(max, this.max[i] as number);
      sum += this.sum[i] as number;
      count += this.count[i] as number;
    }
    return { min, max, sum, count };
  }

  static fromMinutes(hourStart: number, buckets: Buckets): HourBuckets {
    const hour = new HourBuckets(hourStart);
    buckets.ts.forEach((ts, i) => hour.add(ts, buckets.min[i] as number, buckets.max[i] as number, buckets.sum[i] as number, buckets.count[i] as number));
    return hour;
  }
}

export function hourOf(ts: number): number {
  return ts - (((ts % HOUR_MS) + HOUR_MS) % HOUR_MS);
}

export class OpenHours {
  private readonly bySeries = new Map<number, Map<number, HourBuckets>>();

  add(seriesId: number, ts: number, value: number): void {
    let hours = this.bySeries.get(seriesId);
    if (hours === undefined) {
      hours = new Map();
      this.bySeries.set(seriesId, hours);
    }
    const start = hourOf(ts);
    let hour = hours.get(start);
    if (hour === undefined) {
      hour = new HourBuckets(start);
      hours.set(start, hour);
    }
    hour.add(ts, value, value, value, 1);
  }

  /** Hours that ended at or before `before`, without removing them (the caller writes them first). */
  closed(before: number): { seriesId: number; hour: HourBuckets }[] {
    const out: { seriesId: number; hour: HourBuckets }[] = [];
    for (const [seriesId, hours] of this.bySeries) for (const hour of hours.values()) if (hour.hourStart + HOUR_MS <= before) out.push({ seriesId, hour });
    return out;
  }

  remove(seriesId: number, hourStart: number): void {
    const hours = this.bySeries.get(seriesId);
    hours?.delete(hourStart);
    if (hours?.size === 0) this.bySeries.delete(seriesId);
  }

  /** Open hours of one series overlapping [start, end]. */
  overlapping(seriesId: number, start: number, end: number): HourBuckets[] {
    const hours = this.bySeries.get(seriesId);
    if (hours === undefined) return [];
    return [...hours.values()].filter((hour) => hour.hourStart <= end && hour.hourStart + HOUR_MS > start);
  }
}
