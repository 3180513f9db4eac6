import type { Database } from './database';
import { Retention } from './retention';
import { Rollup } from './rollup';
import { SampleWriter } from './sample-writer';
import { SeriesIndex } from './series-index';
import { SeriesReader } from './series-reader';
import { defaultRetention, type RetentionPolicy } from './tiers';

/** The time-series part of the store: one entry point for writing, reading and upkeep. */
export class SeriesStore {
  readonly index: SeriesIndex;
  readonly writer: SampleWriter;
  readonly rollup: Rollup;
  readonly reader: SeriesReader;
  readonly retention: Retention;
  private policy: RetentionPolicy = defaultRetention;

  constructor(db: Database) {
    this.index = new SeriesIndex(db);
    this.writer = new SampleWriter(db, this.index);
    this.rollup = new Rollup(db);
    this.reader = new SeriesReader(db, this.rollup, () => this.policy);
    this.retention = new Retention(db, () => this.policy);
  }

  setRetention(policy: RetentionPolicy): void {
    this.policy = policy;
  }

  get retentionPolicy(): RetentionPolicy {
    return this.policy;
  }

  /** Folds closed buckets, then prunes; safe to run at any interval. */
  async maintain(now: number, yieldBetweenSlices?: () => Promise<void>): Promise<{ deleted: number }> {
    const folded = this.rollup.run(now);
    const deleted = await this.retention.run(now, { oneMinute: folded.oneMinuteUntil, oneHour: folded.oneHourUntil }, yieldBetweenSlices);
    return { deleted };
  }
}
