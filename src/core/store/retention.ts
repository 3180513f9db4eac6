import type { Statement } from 'better-sqlite3';
import type { Database } from './database';
import { retentionOf, tierTable, type RetentionPolicy, type Tier } from './tiers';

/** Series deleted from per slice; each slice is its own short transaction. */
const SERIES_PER_SLICE = 500;

/**
 * Deletes samples older than each tier's retention. Deleting per series seeks the primary
 * key instead of scanning, and the work is cut into slices so a large prune never holds the
 * event loop (or the write lock) for long. Raw samples are only dropped once rolled up.
 */
export class Retention {
  private readonly deletes: Record<Tier, Statement<[number, number]>>;
  private readonly seriesIds: Statement<[], { id: number }>;

  constructor(
    private readonly db: Database,
    private readonly policy: () => RetentionPolicy,
  ) {
    this.deletes = {
      raw: db.prepare(`DELETE FROM ${tierTable.raw} WHERE series_id = ? AND ts < ?`),
      '1m': db.prepare(`DELETE FROM ${tierTable['1m']} WHERE series_id = ? AND ts < ?`),
      '1h': db.prepare(`DELETE FROM ${tierTable['1h']} WHERE series_id = ? AND ts < ?`),
    };
    this.seriesIds = db.prepare('SELECT id FROM series ORDER BY id');
  }

  /**
   * Prunes everything older than the policy allows at `now`. `rolledUpUntil` bounds what raw
   * and 1m samples may go, so data is never lost before its coarser tier holds it.
   * `yieldBetweenSlices` lets a caller give the event loop back between slices.
   */
  async run(now: number, rolledUpUntil: { oneMinute: number; oneHour: number }, yieldBetweenSlices: () => Promise<void> = async () => {}): Promise<number> {
    const policy = this.policy();
    const cutoffs: Record<Tier, number> = {
      raw: Math.min(now - retentionOf(policy, 'raw'), rolledUpUntil.oneMinute),
      '1m': Math.min(now - retentionOf(policy, '1m'), rolledUpUntil.oneHour),
      '1h': now - retentionOf(policy, '1h'),
    };
    const ids = this.seriesIds.all().map((row) => row.id);
    let deleted = 0;
    for (let offset = 0; offset < ids.length; offset += SERIES_PER_SLICE) {
      const slice = ids.slice(offset, offset + SERIES_PER_SLICE);
      deleted += this.db.transaction(() => {
        let count = 0;
        for (const id of slice) {
          for (const tier of ['raw', '1m', '1h'] as const) count += this.deletes[tier].run(id, cutoffs[tier]).changes;
        }
        return count;
      })();
      await yieldBetweenSlices();
    }
    return deleted;
  }
}
