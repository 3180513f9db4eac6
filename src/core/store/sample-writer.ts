import type { Statement } from 'better-sqlite3';
import type { Database } from './database';
import type { Head } from './head';
import type { Labels } from './labels';
import type { SeriesIndex } from './series-index';

/** Rows per INSERT statement: multi-row statements amortise SQLite's per-statement cost. */
const ROWS_PER_STATEMENT = 100;

/**
 * Collects samples in memory and writes them once per tick, in one transaction, appended to
 * head_samples: an append never touches more than the last pages of one table, so a tick of
 * a thousand series costs about what a bare insert loop does. Written samples join the
 * in-memory head, where readers and the compactor find them.
 */
export class SampleWriter {
  /** Flat triples (seriesId, ts, value): no object per sample on the hot path. */
  private pending: number[] = [];
  /** (highest rowid, time written) per flush, for the compactor to find what is old enough. */
  private readonly flushes: { maxRowid: number; at: number }[] = [];
  private readonly insertOne: Statement;
  private readonly insertMany: Statement;
  private readonly writeBatch: (rows: number[]) => { offset: number; count: number; firstRowid: number }[];
  private watcher: ((seriesId: number, value: number) => void) | null = null;
  private readonly committedListeners = new Set<(rows: readonly number[]) => void>();
  private readonly observers = new Set<(seriesId: number, ts: number, value: number) => void>();
  private readonly refusedObservers = new Set<(seriesId: number, ts: number, value: number) => void>();

  constructor(
    db: Database,
    private readonly index: SeriesIndex,
    private readonly head: Head,
    private readonly now: () => number,
  ) {
    this.insertOne = db.prepare('INSERT INTO head_samples (series_id, ts, value) VALUES (?, ?, ?)');
    this.insertMany = db.prepare(
      `INSERT INTO head_samples (series_id, ts, value) VALUES ${Array.from({ length: ROWS_PER_STATEMENT }, () => '(?, ?, ?)').join(', ')}`,
    );
    this.writeBatch = db.transaction((rows: number[]) => {
      const chunk = ROWS_PER_STATEMENT * 3;
      const written: { offset: number; count: number; firstRowid: number }[] = [];
      let offset = 0;
      // Rows of one INSERT into a rowid table get consecutive rowids ending at lastInsertRowid.
      for (; offset + chunk <= rows.length; offset += chunk) {
        const last = Number(this.insertMany.run(rows.slice(offset, offset + chunk)).lastInsertRowid);
        written.push({ offset, count: ROWS_PER_STATEMENT, firstRowid: last - ROWS_PER_STATEMENT + 1 });
      }
      for (; offset < rows.length; offset += 3) {
        const rowid = Number(this.insertOne.run(rows[offset], rows[offset + 1], rows[offset + 2]).lastInsertRowid);
        written.push({ offset, count: 1, firstRowid: rowid });
      }
      return written;
    });
    const loaded = db
      .prepare<[], { rowid: number; series_id: number; ts: number; value: number }>('SELECT rowid, series_id, ts, value FROM head_samples ORDER BY rowid')
      .all();
    for (const row of loaded) head.add(row.rowid, row.series_id, row.ts, row.value);
    // Rows from an earlier run are old enough to compact at once.
    if (loaded.length > 0) this.flushes.push({ maxRowid: (loaded.at(-1) as { rowid: number }).rowid, at: 0 });
  }

  /** NaN and infinities cannot be stored as numbers in SQLite; they are skipped (`observeRefused` sees them, to say so). */
  append(seriesId: number, ts: number, value: number): void {
    if (!Number.isFinite(value)) {
      for (const observer of this.refusedObservers) observer(seriesId, ts, value);
      return;
    }
    this.pending.push(seriesId, ts, value);
    this.watcher?.(seriesId, value);
    for (const observer of this.observers) observer(seriesId, ts, value);
  }

  /** Sees every sample with its time as it is appended (analysis scores them online); returns the way to stop. */
  observe(observer: (seriesId: number, ts: number, value: number) => void): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  /** Sees every NaN or infinite sample the store skipped, so that someone tells the operator; returns the way to stop. */
  observeRefused(observer: (seriesId: number, ts: number, value: number) => void): () => void {
    this.refusedObservers.add(observer);
    return () => this.refusedObservers.delete(observer);
  }

  /** Sees every sample as it is appended: the rule evaluator re-evaluates at once when a value it reads changes. */
  onAppend(watcher: ((seriesId: number, value: number) => void) | null): void {
    this.watcher = watcher;
  }

  /**
   * Sees each tick's batch once it is committed, as flat (seriesId, ts, value) triples: remote_write
   * sends what the store holds. (Issue 11 turns the append path into a multi-subscriber port;
   * this is that port's shape, so the merge swaps it.) Returns the function that stops listening.
   */
  onCommitted(listener: (rows: readonly number[]) => void): () => void {
    this.committedListeners.add(listener);
    return () => this.committedListeners.delete(listener);
  }

  appendNamed(name: string, labels: Labels, ts: number, value: number): void {
    this.append(this.index.idOf(name, labels), ts, value);
  }

  get pendingCount(): number {
    return this.pending.length / 3;
  }

  /** Writes everything collected so far in one transaction; returns how many samples. */
  flush(): number {
    const rows = this.pending;
    if (rows.length === 0) return 0;
    this.pending = [];
    // Only after the commit do the samples join the head: a rolled-back batch leaves no trace.
    for (const { offset, count, firstRowid } of this.writeBatch(rows)) this.remember(rows, offset, count, firstRowid);
    for (const listener of this.committedListeners) listener(rows);
    return rows.length / 3;
  }

  /** The highest rowid written at or before `time`, or 0. */
  lastRowidWrittenBy(time: number): number {
    let rowid = 0;
    for (const flush of this.flushes) if (flush.at <= time) rowid = flush.maxRowid;
    return rowid;
  }

  /** Flushes at or below `rowid` are compacted; their records are no longer needed. */
  forgetUpTo(rowid: number): void {
    while (this.flushes.length > 0 && (this.flushes[0] as { maxRowid: number }).maxRowid <= rowid) this.flushes.shift();
  }

  private remember(rows: number[], offset: number, count: number, firstRowid: number): void {
    for (let i = 0; i < count; i++) {
      const at = offset + i * 3;
      this.head.add(firstRowid + i, rows[at] as number, rows[at + 1] as number, rows[at + 2] as number);
    }
    const last = this.flushes.at(-1);
    const maxRowid = firstRowid + count - 1;
    const now = this.now();
    if (last !== undefined && last.at === now) last.maxRowid = maxRowid;
    else this.flushes.push({ maxRowid, at: now });
  }
}
