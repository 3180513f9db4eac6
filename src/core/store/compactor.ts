import type { Statement } from 'better-sqlite3';
import { decodeChunk, decodeColumns, encodeChunk, encodeColumns } from './chunk-codec';
import type { Database } from './database';
import { sortedRun, type Head, type SampleRun } from './head';
import { HOUR_MS, HourBuckets, hourOf, type OpenHours } from './open-hours';
import type { SampleWriter } from './sample-writer';

/** An hour closes this long after its end: every sample of it has been compacted by then. */
export const HOUR_CLOSE_DELAY_MS = 3 * 60_000;

/**
 * Moves raw samples out of the head into compressed per-series chunks, adding each sample once
 * to the in-memory buckets of its hour. Closing an hour writes one block of minute buckets and
 * one 1h row per series — two writes per series per hour, which is what keeps rollups cheap.
 * Samples that arrive for an hour already closed update its block and row directly. Later,
 * the small chunks of a closed hour are merged into one per series, so raw samples cost a
 * fraction of a byte to two bytes each.
 */
export class Compactor {
  private readonly insertChunk: Statement<[number, number, number, number, number, Buffer]>;
  private readonly insertChunkUnlessTaken: Statement<[number, number, number, number, number, Buffer]>;
  private readonly existingChunk: Statement<[number, number, number], { data: Buffer }>;
  private readonly replaceChunk: Statement<[number, number, number, number, number, Buffer]>;
  private readonly deleteHead: Statement<[number]>;
  private readonly writeBlock: Statement<[number, number, Buffer]>;
  private readonly readBlock: Statement<[number, number], { data: Buffer }>;
  private readonly writeHour: Statement<[number, number, number, number, number, number]>;
  private readonly seriesWithSplitHour: Statement<[number], { series_id: number }>;
  private readonly chunksOfHour: Statement<[number, number], { data: Buffer }>;
  private readonly deleteChunksOfHour: Statement<[number, number]>;
  private readonly chunksSince: Statement<[number, number], { series_id: number; data: Buffer }>;
  private readonly readProgress: Statement<[string], { done_until: number }>;
  private readonly writeProgress: Statement<[string, number]>;

  constructor(
    private readonly db: Database,
    private readonly head: Head,
    private readonly writer: SampleWriter,
    private readonly openHours: OpenHours,
  ) {
    const chunkColumns = '(hour_ts, series_id, start_ts, end_ts, count, data) VALUES (?, ?, ?, ?, ?, ?)';
    this.insertChunk = db.prepare(`INSERT INTO sample_chunks ${chunkColumns}`);
    this.insertChunkUnlessTaken = db.prepare(`INSERT OR IGNORE INTO sample_chunks ${chunkColumns}`);
    this.existingChunk = db.prepare('SELECT data FROM sample_chunks WHERE hour_ts = ? AND series_id = ? AND start_ts = ?');
    this.replaceChunk = db.prepare(`INSERT OR REPLACE INTO sample_chunks ${chunkColumns}`);
    this.deleteHead = db.prepare('DELETE FROM head_samples WHERE rowid <= ?');
    this.writeBlock = db.prepare('INSERT OR REPLACE INTO minute_blocks (hour_ts, series_id, data) VALUES (?, ?, ?)');
    this.readBlock = db.prepare('SELECT data FROM minute_blocks WHERE hour_ts = ? AND series_id = ?');
    this.writeHour = db.prepare('INSERT OR REPLACE INTO samples_1h (series_id, ts, min, max, sum, count) VALUES (?, ?, ?, ?, ?, ?)');
    this.seriesWithSplitHour = db.prepare('SELECT series_id FROM sample_chunks WHERE hour_ts = ? GROUP BY series_id HAVING count(*) > 1');
    this.chunksOfHour = db.prepare('SELECT data FROM sample_chunks WHERE hour_ts = ? AND series_id = ? ORDER BY start_ts');
    this.deleteChunksOfHour = db.prepare('DELETE FROM sample_chunks WHERE hour_ts = ? AND series_id = ?');
    // Chunks are filed under the hour they start in; one may reach into the next hour.
    this.chunksSince = db.prepare('SELECT series_id, data FROM sample_chunks WHERE hour_ts >= ? - 3600000 AND end_ts >= ?');
    this.readProgress = db.prepare('SELECT done_until FROM store_progress WHERE job = ?');
    this.writeProgress = db.prepare('INSERT OR REPLACE INTO store_progress (job, done_until) VALUES (?, ?)');
  }

  /** The end of the newest closed hour: earlier hours are on disk, later ones in memory. */
  closedUntil(): number {
    return this.readProgress.get('hours_closed')?.done_until ?? 0;
  }

  /** After a restart: the open hours' buckets, from the raw chunks compacted before it. */
  rebuildOpenHours(): void {
    const closedUntil = this.closedUntil();
    for (const row of this.chunksSince.iterate(closedUntil, closedUntil)) {
      const chunk = decodeChunk(row.data);
      chunk.ts.forEach((ts, i) => {
        if (ts >= closedUntil) this.openHours.add(row.series_id, ts, chunk.values[i] as number);
      });
    }
  }

  /** Compacts every sample written at or before `writtenBy`; returns how many. */
  compact(writtenBy: number): number {
    const maxRowid = this.writer.lastRowidWrittenBy(writtenBy);
    if (maxRowid === 0) return 0;
    const runs = this.head.peekUpTo(maxRowid);
    const closedUntil = this.closedUntil();
    let samples = 0;
    this.db.transaction(() => {
      for (const [seriesId, run] of runs) {
        this.storeChunk(seriesId, run);
        if ((run.ts[0] as number) < closedUntil) this.addToClosedHours(seriesId, run, closedUntil);
        samples += run.ts.length;
      }
      this.deleteHead.run(maxRowid);
    })();
    // Only once committed do the samples count in the open hours.
    for (const [seriesId, run] of runs) {
      for (let i = 0; i < run.ts.length; i++)
        if ((run.ts[i] as number) >= closedUntil) this.openHours.add(seriesId, run.ts[i] as number, run.values[i] as number);
    }
    this.head.dropUpTo(maxRowid);
    this.writer.forgetUpTo(maxRowid);
    return samples;
  }

  /** Writes every hour that ended HOUR_CLOSE_DELAY_MS before `now`; returns how many series-hours. */
  closeHours(now: number): number {
    const before = hourOf(now - HOUR_CLOSE_DELAY_MS);
    if (before <= this.closedUntil()) return 0;
    const closing = this.openHours.closed(before);
    this.db.transaction(() => {
      for (const { seriesId, hour } of closing) this.writeHourBuckets(seriesId, hour);
      this.writeProgress.run('hours_closed', before);
    })();
    for (const { seriesId, hour } of closing) this.openHours.remove(seriesId, hour.hourStart);
    return closing.length;
  }

  /** Merges the chunks of every closed hour before `closedBefore` into one per series. */
  mergeClosedHours(closedBefore: number): number {
    const until = hourOf(closedBefore);
    let merged = 0;
    for (let from = this.readProgress.get('chunks_merged')?.done_until ?? until - 2 * HOUR_MS; from < until; from += HOUR_MS) {
      const hourStart = from;
      this.db.transaction(() => {
        for (const { series_id: seriesId } of this.seriesWithSplitHour.all(hourStart)) {
          const parts = this.chunksOfHour.all(hourStart, seriesId).map((row) => decodeChunk(row.data));
          const run = sortedRun(
            parts.flatMap((part) => part.ts),
            parts.flatMap((part) => part.values),
          );
          this.deleteChunksOfHour.run(hourStart, seriesId);
          this.insertChunk.run(hourStart, seriesId, run.ts[0] as number, run.ts.at(-1) as number, run.ts.length, encodeChunk(run.ts, run.values));
          merged++;
        }
        this.writeProgress.run('chunks_merged', hourStart + HOUR_MS);
      })();
    }
    return merged;
  }

  private writeHourBuckets(seriesId: number, hour: HourBuckets): void {
    const minutes = hour.minutes();
    if (minutes.ts.length === 0) return;
    this.writeBlock.run(
      hour.hourStart,
      seriesId,
      encodeColumns(minutes.ts, [minutes.min, minutes.max, minutes.sum, minutes.count], { relativeTolerance: 1e-12 }),
    );
    const total = hour.total();
    this.writeHour.run(seriesId, hour.hourStart, total.min, total.max, total.sum, total.count);
  }

  /** Late samples for hours already written: merge them into the stored block and row. */
  private addToClosedHours(seriesId: number, run: SampleRun, closedUntil: number): void {
    const hours = new Map<number, HourBuckets>();
    for (let i = 0; i < run.ts.length; i++) {
      const ts = run.ts[i] as number;
      if (ts >= closedUntil) break;
      const start = hourOf(ts);
      let hour = hours.get(start);
      if (hour === undefined) {
        const stored = this.readBlock.get(start, seriesId);
        hour = stored === undefined ? new HourBuckets(start) : HourBuckets.fromMinutes(start, blockBuckets(stored.data));
        hours.set(start, hour);
      }
      hour.add(ts, run.values[i] as number, run.values[i] as number, run.values[i] as number, 1);
    }
    for (const hour of hours.values()) this.writeHourBuckets(seriesId, hour);
  }

  private storeChunk(seriesId: number, run: SampleRun): void {
    const start = run.ts[0] as number;
    const hour = hourOf(start);
    if (this.insertChunkUnlessTaken.run(hour, seriesId, start, run.ts.at(-1) as number, run.ts.length, encodeChunk(run.ts, run.values)).changes === 1) return;
    const existing = this.existingChunk.get(hour, seriesId, start);
    if (existing === undefined) throw new Error(`chunk ${seriesId}@${start} is neither insertable nor present`);
    // A late sample can start a chunk where one already starts: merge the two.
    const old = decodeChunk(existing.data);
    const merged = sortedRun([...old.ts, ...run.ts], [...old.values, ...run.values]);
    this.replaceChunk.run(hour, seriesId, start, merged.ts.at(-1) as number, merged.ts.length, encodeChunk(merged.ts, merged.values));
  }
}

/** A stored minute block back into buckets. */
export function blockBuckets(data: Buffer): { ts: number[]; min: number[]; max: number[]; sum: number[]; count: number[] } {
  const { ts, columns } = decodeColumns(data);
  return { ts, min: columns[0] ?? [], max: columns[1] ?? [], sum: columns[2] ?? [], count: columns[3] ?? [] };
}
