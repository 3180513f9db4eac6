import type { Statement } from 'better-sqlite3';
import type { Database } from './database';
import type { Rollup } from './rollup';
import { tierStepMs, type RetentionPolicy, type Tier } from './tiers';

/** A downsampled stretch of one series: parallel arrays, ready for uPlot's setData. */
export interface SeriesPoints {
  tier: Tier;
  stepMs: number;
  ts: number[];
  avg: number[];
  min: number[];
  max: number[];
}

interface BucketRow {
  ts: number;
  min: number;
  max: number;
  sum: number;
  count: number;
}

/**
 * Reads one series over a time range at a bounded number of points, from the coarsest tier
 * fine enough for the requested step. The stretch after a tier's last fold is read from the
 * finer tier, so the most recent minutes are never missing from a long-range chart.
 */
export class SeriesReader {
  private readonly raw: Statement<[number, number, number], { ts: number; value: number }>;
  private readonly buckets: Record<'1m' | '1h', Statement<[number, number, number], BucketRow>>;

  constructor(
    db: Database,
    private readonly rollup: Rollup,
    private readonly policy: () => RetentionPolicy,
  ) {
    this.raw = db.prepare('SELECT ts, value FROM samples WHERE series_id = ? AND ts >= ? AND ts <= ? ORDER BY ts');
    this.buckets = {
      '1m': db.prepare('SELECT ts, min, max, sum, count FROM samples_1m WHERE series_id = ? AND ts >= ? AND ts <= ? ORDER BY ts'),
      '1h': db.prepare('SELECT ts, min, max, sum, count FROM samples_1h WHERE series_id = ? AND ts >= ? AND ts <= ? ORDER BY ts'),
    };
  }

  /** Raw samples, unaggregated: for evaluating expressions over short windows. */
  readRaw(seriesId: number, start: number, end: number): { ts: number[]; values: number[] } {
    const ts: number[] = [];
    const values: number[] = [];
    for (const row of this.raw.iterate(seriesId, start, end)) {
      ts.push(row.ts);
      values.push(row.value);
    }
    return { ts, values };
  }

  /** At most `maxPoints` buckets between start and end (inclusive), each with avg, min and max. */
  readDownsampled(seriesId: number, start: number, end: number, maxPoints: number, now: number): SeriesPoints {
    const span = Math.max(1, end - start);
    const stepMs = Math.max(1, Math.ceil(span / Math.max(1, maxPoints)));
    const tier = this.chooseTier(stepMs, start, now);
    const acc = new BucketAccumulator(start, stepMs);
    let rawFrom = start;
    if (tier !== 'raw') {
      const foldedUntil = this.rollup.doneUntil(tier);
      for (const row of this.buckets[tier].iterate(seriesId, start, Math.min(end, foldedUntil - 1))) acc.addBucket(row);
      if (tier === '1h') {
        const minuteUntil = this.rollup.doneUntil('1m');
        for (const row of this.buckets['1m'].iterate(seriesId, Math.max(start, foldedUntil), Math.min(end, minuteUntil - 1))) acc.addBucket(row);
        rawFrom = Math.max(start, minuteUntil, foldedUntil);
      } else {
        rawFrom = Math.max(start, foldedUntil);
      }
    }
    if (rawFrom <= end) for (const row of this.raw.iterate(seriesId, rawFrom, end)) acc.addValue(row.ts, row.value);
    return { tier, stepMs, ...acc.result() };
  }

  /** The coarsest tier whose resolution fits the step, or a coarser one where finer data has been pruned. */
  private chooseTier(stepMs: number, start: number, now: number): Tier {
    const policy = this.policy();
    if (stepMs < tierStepMs['1m'] && start >= now - policy.rawMs) return 'raw';
    if (stepMs < tierStepMs['1h'] && start >= now - policy.oneMinuteMs) return '1m';
    return '1h';
  }
}

/** Merges samples and pre-aggregated buckets into fixed-width output buckets. */
class BucketAccumulator {
  private readonly ts: number[] = [];
  private readonly min: number[] = [];
  private readonly max: number[] = [];
  private readonly sum: number[] = [];
  private readonly count: number[] = [];

  constructor(
    private readonly start: number,
    private readonly stepMs: number,
  ) {}

  addValue(ts: number, value: number): void {
    this.add(ts, value, value, value, 1);
  }

  addBucket(row: BucketRow): void {
    this.add(row.ts, row.min, row.max, row.sum, row.count);
  }

  result(): { ts: number[]; avg: number[]; min: number[]; max: number[] } {
    return { ts: this.ts, avg: this.sum.map((sum, i) => sum / (this.count[i] as number)), min: this.min, max: this.max };
  }

  private add(ts: number, min: number, max: number, sum: number, count: number): void {
    const bucket = this.start + Math.floor((Math.max(ts, this.start) - this.start) / this.stepMs) * this.stepMs;
    const last = this.ts.length - 1;
    if (last >= 0 && this.ts[last] === bucket) {
      if (min < (this.min[last] as number)) this.min[last] = min;
      if (max > (this.max[last] as number)) this.max[last] = max;
      this.sum[last] = (this.sum[last] as number) + sum;
      this.count[last] = (this.count[last] as number) + count;
      return;
    }
    this.ts.push(bucket);
    this.min.push(min);
    this.max.push(max);
    this.sum.push(sum);
    this.count.push(count);
  }
}
