import type { Statement } from 'better-sqlite3';
import { decodeChunk } from './chunk-codec';
import type { Database } from './database';
import { blockBuckets } from './compactor';
import { sortedRun, type Head, type SampleRun } from './head';
import { HOUR_MS, hourOf, type OpenHours } from './open-hours';
import { tierStepMs, type RetentionPolicy, type Tier } from './tiers';

/** A downsampled stretch of one series: parallel arrays, ready for uPlot's setData. */
export interface SeriesPoints {
  tier: Tier;
  stepMs: number;
  ts: number[];
  avg: number[];
  min: number[];
  max: number[];
  /** Samples per bucket: buckets without samples are absent, which charts draw as gaps. */
  count: number[];
}

/** A stretch of one tier as stored: bucket starts (aligned to `stepMs`) with their aggregates. */
export interface TierBuckets {
  stepMs: number;
  ts: number[];
  min: number[];
  max: number[];
  sum: number[];
  count: number[];
}

/**
 * Reads one series over a time range. Every sample is counted in exactly one place of each
 * tier: the head (not yet compacted), the open hours in memory (compacted, hour not closed),
 * or the stored chunks, minute blocks and 1h rows (hour closed). Long ranges come from the
 * coarsest tier fine enough for the requested number of points.
 */
export class SeriesReader {
  private readonly chunks: Statement<[number, number], { data: Buffer }>;
  private readonly block: Statement<[number, number], { data: Buffer }>;
  private readonly chunkHours: Statement<[], { first: number | null; last: number | null }>;
  private readonly blockHours: Statement<[], { first: number | null; last: number | null }>;
  private readonly hours: Statement<[number, number, number], [number, number, number, number, number]>;

  constructor(
    db: Database,
    private readonly head: Head,
    private readonly openHours: OpenHours,
    private readonly policy: () => RetentionPolicy,
  ) {
    // Both tables are keyed by hour first (cheap writes); a read seeks once per hour of its range.
    this.chunks = db.prepare('SELECT data FROM sample_chunks WHERE hour_ts = ? AND series_id = ?');
    this.block = db.prepare('SELECT data FROM minute_blocks WHERE hour_ts = ? AND series_id = ?');
    // The hour is the first key column: min and max are one seek each — in separate subqueries,
    // since SQLite scans the whole table when one SELECT asks for both.
    this.chunkHours = db.prepare('SELECT (SELECT min(hour_ts) FROM sample_chunks) AS first, (SELECT max(hour_ts) FROM sample_chunks) AS last');
    this.blockHours = db.prepare('SELECT (SELECT min(hour_ts) FROM minute_blocks) AS first, (SELECT max(hour_ts) FROM minute_blocks) AS last');
    this.hours = db
      .prepare<[number, number, number], [number, number, number, number, number]>(
        'SELECT ts, min, max, sum, count FROM samples_1h WHERE series_id = ? AND ts >= ? AND ts <= ?',
      )
      .raw(true);
  }

  /** Raw samples within [start, end], sorted by time: for expressions over short windows. */
  readRaw(seriesId: number, start: number, end: number): SampleRun {
    const ts: number[] = [];
    const values: number[] = [];
    // A chunk is filed under the hour it starts in and may reach into the next one.
    for (const hour of hoursBetween(hourOf(start) - HOUR_MS, end, this.chunkHours.get())) {
      for (const row of this.chunks.iterate(hour, seriesId)) {
        const chunk = decodeChunk(row.data);
        for (let i = 0; i < chunk.ts.length; i++) {
          const time = chunk.ts[i] as number;
          if (time >= start && time <= end) {
            ts.push(time);
            values.push(chunk.values[i] as number);
          }
        }
      }
    }
    const recent = this.head.read(seriesId, start, end);
    return sortedRun(ts.concat(recent.ts), values.concat(recent.values));
  }

  /** At most about `maxPoints` buckets between start and end (inclusive), each with avg, min and max. */
  readDownsampled(seriesId: number, start: number, end: number, maxPoints: number, now: number): SeriesPoints {
    const stepMs = Math.max(1, Math.ceil(Math.max(1, end - start) / Math.max(1, maxPoints)));
    const tier = this.chooseTier(stepMs, start, now);
    const buckets = new DenseBuckets(start, end, stepMs);
    if (tier === 'raw') {
      const raw = this.readRaw(seriesId, start, end);
      for (let i = 0; i < raw.ts.length; i++) buckets.add(raw.ts[i] as number, raw.values[i] as number, raw.values[i] as number, raw.values[i] as number, 1);
    } else this.fillFromTier(buckets, tier, seriesId, start, end);
    const { sum: _sum, ...points } = buckets.result();
    return { tier, stepMs, ...points };
  }

  /**
   * One rolled-up tier as it is stored: a bucket per minute or hour (aligned to the clock, as the
   * tier keeps them) over [start, end], each with min, max, sum and count. What range queries
   * with long steps read instead of raw samples.
   */
  readTier(seriesId: number, tier: Exclude<Tier, 'raw'>, start: number, end: number): TierBuckets {
    const stepMs = tierStepMs[tier];
    // Whole buckets only: the first one starts at or before `start`.
    const alignedStart = Math.floor(start / stepMs) * stepMs;
    const buckets = new DenseBuckets(alignedStart, end, stepMs);
    this.fillFromTier(buckets, tier, seriesId, alignedStart, end);
    const { ts, min, max, sum, count } = buckets.result();
    return { stepMs, ts, min, max, sum, count };
  }

  /** Every sample in [start, end] once, from the tier's stored rows, the open hours and the head. */
  private fillFromTier(buckets: DenseBuckets, tier: Exclude<Tier, 'raw'>, seriesId: number, start: number, end: number): void {
    if (tier === '1m') {
      for (const hour of hoursBetween(hourOf(start), end, this.blockHours.get())) {
        const row = this.block.get(hour, seriesId);
        if (row !== undefined) addBuckets(buckets, blockBuckets(row.data), start, end);
      }
      for (const hour of this.openHours.overlapping(seriesId, start, end)) addBuckets(buckets, hour.minutes(), start, end);
    } else {
      for (const [ts, min, max, sum, count] of this.hours.iterate(seriesId, hourOf(start), end)) buckets.add(Math.max(ts, start), min, max, sum, count);
      for (const hour of this.openHours.overlapping(seriesId, start, end)) {
        const total = hour.total();
        if (total.count > 0) buckets.add(Math.max(hour.hourStart, start), total.min, total.max, total.sum, total.count);
      }
    }
    const recent = this.head.read(seriesId, start, end);
    for (let i = 0; i < recent.ts.length; i++)
      buckets.add(recent.ts[i] as number, recent.values[i] as number, recent.values[i] as number, recent.values[i] as number, 1);
  }

  /** The coarsest tier whose resolution fits the step, or a coarser one where finer data has been pruned. */
  private chooseTier(stepMs: number, start: number, now: number): Tier {
    const policy = this.policy();
    if (stepMs < tierStepMs['1m'] && start >= now - policy.rawMs) return 'raw';
    if (stepMs < tierStepMs['1h'] && start >= now - policy.oneMinuteMs) return '1m';
    return '1h';
  }
}

/** The hours from `from` to `to`, clamped to those a table holds (a wide query range costs nothing). */
function* hoursBetween(from: number, to: number, held: { first: number | null; last: number | null } | undefined): Generator<number> {
  if (held?.first === null || held?.first === undefined || held.last === null) return;
  const last = Math.min(to, held.last);
  for (let hour = Math.max(from, held.first); hour <= last; hour += HOUR_MS) yield hour;
}

function addBuckets(
  target: DenseBuckets,
  source: { ts: number[]; min: number[]; max: number[]; sum: number[]; count: number[] },
  start: number,
  end: number,
): void {
  for (let i = 0; i < source.ts.length; i++) {
    const ts = source.ts[i] as number;
    if (ts < start || ts > end) continue;
    target.add(ts, source.min[i] as number, source.max[i] as number, source.sum[i] as number, source.count[i] as number);
  }
}

/** Fixed-width output buckets over [start, end], in typed arrays: any input order, no map. */
class DenseBuckets {
  private readonly min: Float64Array;
  private readonly max: Float64Array;
  private readonly sum: Float64Array;
  private readonly count: Float64Array;

  constructor(
    private readonly start: number,
    end: number,
    private readonly stepMs: number,
  ) {
    const size = Math.floor((end - start) / stepMs) + 1;
    this.min = new Float64Array(size).fill(Number.POSITIVE_INFINITY);
    this.max = new Float64Array(size).fill(Number.NEGATIVE_INFINITY);
    this.sum = new Float64Array(size);
    this.count = new Float64Array(size);
  }

  add(ts: number, min: number, max: number, sum: number, count: number): void {
    this.addIndex(Math.floor((ts - this.start) / this.stepMs), min, max, sum, count);
  }

  addIndex(index: number, min: number, max: number, sum: number, count: number): void {
    if (index < 0 || index >= this.count.length) return;
    if (min < (this.min[index] as number)) this.min[index] = min;
    if (max > (this.max[index] as number)) this.max[index] = max;
    this.sum[index] = (this.sum[index] as number) + sum;
    this.count[index] = (this.count[index] as number) + count;
  }

  result(): { ts: number[]; avg: number[]; min: number[]; max: number[]; sum: number[]; count: number[] } {
    const out = { ts: [] as number[], avg: [] as number[], min: [] as number[], max: [] as number[], sum: [] as number[], count: [] as number[] };
    for (let i = 0; i < this.count.length; i++) {
      const count = this.count[i] as number;
      if (count === 0) continue;
      out.ts.push(this.start + i * this.stepMs);
      out.avg.push((this.sum[i] as number) / count);
      out.min.push(this.min[i] as number);
      out.max.push(this.max[i] as number);
      out.sum.push(this.sum[i] as number);
      out.count.push(count);
    }
    return out;
  }
}
