import { Compactor } from './compactor';
import type { Database } from './database';
import { Head } from './head';
import { OpenHours } from './open-hours';
import { Retention } from './retention';
import { SampleWriter } from './sample-writer';
import { SeriesIndex } from './series-index';
import { SeriesReader } from './series-reader';
import { defaultRetention, type RetentionPolicy } from './tiers';

/** Samples stay in the head at least this long before compaction, so chunks are not tiny. */
export const HEAD_KEEP_MS = 60_000;

/**
 * The time-series part of the store. Writes go to the head (one append transaction per tick);
 * `maintain` compacts the head into chunks and the open hours' buckets, writes closed hours
 * (minute blocks, 1h rows), merges their chunks and prunes by retention.
 */
export class SeriesStore {
  readonly index: SeriesIndex;
  readonly head = new Head();
  readonly openHours = new OpenHours();
  readonly writer: SampleWriter;
  readonly compactor: Compactor;
  readonly reader: SeriesReader;
  readonly retention: Retention;
  private policy: RetentionPolicy = defaultRetention;

  constructor(db: Database, now: () => number = Date.now) {
    this.index = new SeriesIndex(db);
    this.writer = new SampleWriter(db, this.index, this.head, now);
    this.compactor = new Compactor(db, this.head, this.writer, this.openHours);
    this.compactor.rebuildOpenHours();
    this.reader = new SeriesReader(db, this.head, this.openHours, () => this.policy);
    this.retention = new Retention(db, () => this.policy);
  }

  setRetention(policy: RetentionPolicy): void {
    this.policy = policy;
  }

  get retentionPolicy(): RetentionPolicy {
    return this.policy;
  }

  /** Background upkeep; safe to run at any interval. */
  async maintain(now: number, yieldBetweenSlices?: () => Promise<void>): Promise<{ compacted: number; deleted: number }> {
    const compacted = this.compactor.compact(now - HEAD_KEEP_MS);
    this.compactor.closeHours(now);
    this.compactor.mergeClosedHours(now - 2 * HEAD_KEEP_MS);
    const deleted = await this.retention.run(now, yieldBetweenSlices);
    return { compacted, deleted };
  }
}
