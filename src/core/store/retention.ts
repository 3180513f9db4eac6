import type { Statement } from 'better-sqlite3';
import type { Database } from './database';
import type { RetentionPolicy } from './tiers';

/** Series pruned per slice; each slice is its own short transaction. */
const SERIES_PER_SLICE = 500;

/**
 * Deletes what is older than each tier's retention: raw chunks, minute blocks and 1h rows. Deleting
 * per series seeks the primary key instead of scanning, and the work is cut into slices so a
 * large prune never holds the event loop (or the write lock) for long.
 */
export class Retention {
  private readonly deleteChunks: Statement<[number]>;
  private readonly deleteMinutes: Statement<[number]>;
  private readonly deleteHours: Statement<[number, number]>;
  private readonly seriesIds: Statement<[], { id: number }>;

  constructor(
    private readonly db: Database,
    private readonly policy: () => RetentionPolicy,
  ) {
    // Keyed by hour first: pruning them is one range delete at the front of the table.
    this.deleteChunks = db.prepare('DELETE FROM sample_chunks WHERE hour_ts < ?');
    this.deleteMinutes = db.prepare('DELETE FROM minute_blocks WHERE hour_ts < ?');
    this.deleteHours = db.prepare('DELETE FROM samples_1h WHERE series_id = ? AND ts < ?');
    this.seriesIds = db.prepare('SELECT id FROM series ORDER BY id');
  }

  /**
   * Prunes what the policy no longer keeps at `now`. Samples are rolled up before their hour
   * closes, long before raw retention ends. `yieldBetweenSlices` gives the event loop back.
   */
  async run(now: number, yieldBetweenSlices: () => Promise<void> = async () => {}): Promise<number> {
    const policy = this.policy();
    // Whole hours go, once their last sample (a chunk may reach an hour further) is past retention.
    const rawCutoff = now - policy.rawMs - 2 * 3_600_000;
    const minuteCutoff = now - policy.oneMinuteMs - 3_600_000;
    const hourCutoff = now - policy.oneHourMs;
    let deleted = this.db.transaction(() => this.deleteChunks.run(rawCutoff).changes + this.deleteMinutes.run(minuteCutoff).changes)();
    const ids = this.seriesIds.all().map((row) => row.id);
    for (let offset = 0; offset < ids.length; offset += SERIES_PER_SLICE) {
      const slice = ids.slice(offset, offset + SERIES_PER_SLICE);
      deleted += this.db.transaction(() => {
        let count = 0;
        for (const id of slice) count += this.deleteHours.run(id, hourCutoff).changes;
        return count;
      })();
      await yieldBetweenSlices();
    }
    return deleted;
  }
}
