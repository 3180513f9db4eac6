import type { Statement } from 'better-sqlite3';
import type { Database } from './database';
import { tierStepMs } from './tiers';

/**
 * Folds raw samples into 1-minute buckets and those into 1-hour buckets (min, max, sum, count),
 * the way Prometheus and Netdata tier their data. A bucket is folded once it is closed and a
 * grace period has passed, so samples written at the end of a tick still land in it.
 */
export class Rollup {
  private readonly readProgress: Statement<[string], { done_until: number }>;
  private readonly writeProgress: Statement<[string, number]>;
  private readonly oldest: { raw: Statement<[], { ts: number | null }>; '1m': Statement<[], { ts: number | null }> };
  private readonly fold: { '1m': Statement<[number, number]>; '1h': Statement<[number, number]> };

  constructor(
    private readonly db: Database,
    private readonly graceMs = 15_000,
  ) {
    this.readProgress = db.prepare('SELECT done_until FROM rollup_progress WHERE tier = ?');
    this.writeProgress = db.prepare('INSERT OR REPLACE INTO rollup_progress (tier, done_until) VALUES (?, ?)');
    this.oldest = {
      raw: db.prepare('SELECT min(ts) AS ts FROM samples'),
      '1m': db.prepare('SELECT min(ts) AS ts FROM samples_1m'),
    };
    // Driving the scan from `series` makes SQLite seek each series' range in the primary key
    // instead of scanning the whole table for a time window.
    this.fold = {
      '1m': db.prepare(`
        INSERT OR REPLACE INTO samples_1m (series_id, ts, min, max, sum, count)
        SELECT x.series_id, x.ts - x.ts % 60000, min(x.value), max(x.value), sum(x.value), count(*)
        FROM series s JOIN samples x ON x.series_id = s.id AND x.ts >= ? AND x.ts < ?
        GROUP BY x.series_id, x.ts - x.ts % 60000`),
      '1h': db.prepare(`
        INSERT OR REPLACE INTO samples_1h (series_id, ts, min, max, sum, count)
        SELECT x.series_id, x.ts - x.ts % 3600000, min(x.min), max(x.max), sum(x.sum), sum(x.count)
        FROM series s JOIN samples_1m x ON x.series_id = s.id AND x.ts >= ? AND x.ts < ?
        GROUP BY x.series_id, x.ts - x.ts % 3600000`),
    };
  }

  /** Folds every closed bucket up to `now`; returns the buckets' new ends. */
  run(now: number): { oneMinuteUntil: number; oneHourUntil: number } {
    const oneMinuteUntil = this.advance('1m', now - this.graceMs);
    const oneHourUntil = this.advance('1h', oneMinuteUntil);
    return { oneMinuteUntil, oneHourUntil };
  }

  /** Where each tier is folded up to; readers fill the rest from the finer tier. */
  doneUntil(tier: '1m' | '1h'): number {
    return this.readProgress.get(tier)?.done_until ?? 0;
  }

  private advance(tier: '1m' | '1h', sourceClosedUntil: number): number {
    const step = tierStepMs[tier];
    const end = Math.floor(sourceClosedUntil / step) * step;
    let start = this.readProgress.get(tier)?.done_until;
    if (start === undefined) {
      const oldest = this.oldest[tier === '1m' ? 'raw' : '1m'].get()?.ts;
      if (oldest === null || oldest === undefined) return 0;
      start = Math.floor(oldest / step) * step;
    }
    if (end <= start) return start;
    this.db.transaction(() => {
      this.fold[tier].run(start, end);
      this.writeProgress.run(tier, end);
    })();
    return end;
  }
}
