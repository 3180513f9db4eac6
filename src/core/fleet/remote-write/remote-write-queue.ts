import type { Statement } from 'better-sqlite3';
import type { FleetDatabase } from '../fleet-database';

/** Rows read first for a batch (more only when they hold fewer samples than a request takes). */
const FIRST_ROWS = 16;

export interface QueuedBatch {
  /** The last row it covers: remove(upTo) once it is delivered or given up. */
  upTo: number;
  samples: number;
  oldestTs: number;
  /** The rows' payloads in order (each a snappy-compressed WriteRequest fragment, as appended). */
  parts: Buffer[];
}

/**
 * One receiver's samples waiting to be sent, on disk (fleet.db), so a restart or a receiver
 * that is down for a while loses nothing. Bounded twice: by bytes (the oldest rows go first
 * once over) and by age (rows whose newest sample is older than the receiver will accept).
 */
export class RemoteWriteQueue {
  private readonly insert: Statement<[string, number, number, number, Buffer]>;
  private readonly head: Statement<[string, number], { id: number; samples: number; oldest_ts: number }>;
  private readonly payloadsUpTo: Statement<[string, number], { payload: Buffer }>;
  private readonly deleteUpTo: Statement<[string, number]>;
  private readonly oldestRows: Statement<[{ endpoint: string; after: number; limit: number }], { id: number; samples: number; bytes: number }>;
  private readonly deleteRange: Statement<[string, number, number]>;
  private readonly staleRows: Statement<[{ endpoint: string; cutoff: number }], { upTo: number | null; samples: number | null; bytes: number | null }>;
  private readonly deleteStale: Statement<[{ endpoint: string; cutoff: number }]>;
  private readonly firstRow: Statement<[string], { oldest_ts: number } | undefined>;
  private readonly minNewest: Statement<[string], { ts: number | null } | undefined>;
  private readonly totals: Statement<[string], { bytes: number | null; samples: number | null }>;
  /** The last row of the batch being sent: trimming leaves it alone (it is about to be delivered or retried). */
  private inFlightUpTo = 0;
  private bytesQueued: number;
  private samplesQueued: number;
  /** The head row's oldest sample, read from disk only after the head changed (undefined: not known). */
  private headOldestTs: number | null | undefined = undefined;
  /**
   * No row's newest sample is older than this (a lower bound: appends lower it, a scan sets it
   * exactly): while the age limit's cutoff is below it, no row can be stale and nothing is read.
   */
  private newestAtLeast = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly db: FleetDatabase,
    private readonly endpoint: string,
  ) {
    this.insert = db.prepare('INSERT INTO remote_write_queue (endpoint, samples, oldest_ts, newest_ts, payload) VALUES (?, ?, ?, ?, ?)');
    // Sizes first, payloads only of the rows chosen: a long backlog is not read to send its head.
    this.head = db.prepare('SELECT id, samples, oldest_ts FROM remote_write_queue WHERE endpoint = ? ORDER BY id LIMIT ?');
    this.payloadsUpTo = db.prepare('SELECT payload FROM remote_write_queue WHERE endpoint = ? AND id <= ? ORDER BY id');
    this.deleteUpTo = db.prepare('DELETE FROM remote_write_queue WHERE endpoint = ? AND id <= ?');
    this.oldestRows = db.prepare(
      'SELECT id, samples, length(payload) AS bytes FROM remote_write_queue WHERE endpoint = @endpoint AND id > @after ORDER BY id LIMIT @limit',
    );
    this.deleteRange = db.prepare('DELETE FROM remote_write_queue WHERE endpoint = ? AND id > ? AND id <= ?');
    this.staleRows = db.prepare(
      'SELECT max(id) AS upTo, sum(samples) AS samples, sum(length(payload)) AS bytes FROM remote_write_queue WHERE endpoint = @endpoint AND newest_ts < @cutoff',
    );
    this.deleteStale = db.prepare('DELETE FROM remote_write_queue WHERE endpoint = @endpoint AND newest_ts < @cutoff');
    this.firstRow = db.prepare('SELECT oldest_ts FROM remote_write_queue WHERE endpoint = ? ORDER BY id LIMIT 1');
    this.minNewest = db.prepare('SELECT min(newest_ts) AS ts FROM remote_write_queue WHERE endpoint = ?');
    this.totals = db.prepare('SELECT sum(length(payload)) AS bytes, sum(samples) AS samples FROM remote_write_queue WHERE endpoint = ?');
    const totals = this.totals.get(endpoint);
    this.bytesQueued = totals?.bytes ?? 0;
    this.samplesQueued = totals?.samples ?? 0;
  }

  get bytes(): number {
    return this.bytesQueued;
  }

  get samples(): number {
    return this.samplesQueued;
  }

  /** The time of the oldest sample waiting, or null when empty. */
  oldestTs(): number | null {
    if (this.headOldestTs === undefined) this.headOldestTs = this.firstRow.get(this.endpoint)?.oldest_ts ?? null;
    return this.headOldestTs;
  }

  /** Adds one fragment; returns how many samples were dropped to stay within `maxBytes` (plus the batch in flight). */
  append(payload: Buffer, samples: number, oldestTs: number, newestTs: number, maxBytes: number): number {
    this.insert.run(this.endpoint, samples, oldestTs, newestTs, payload);
    if (this.headOldestTs === null) this.headOldestTs = oldestTs;
    if (this.samplesQueued === 0) this.newestAtLeast = newestTs;
    else this.newestAtLeast = Math.min(this.newestAtLeast, newestTs);
    this.bytesQueued += payload.length;
    this.samplesQueued += samples;
    return this.trimTo(maxBytes);
  }

  /** Rows from the oldest, joined until `maxSamples` is reached (at least one row), or null when empty. */
  next(maxSamples: number, maxRows = 512): QueuedBatch | null {
    // A few rows first: one tick's fragment usually fills a request, and a long backlog's head is not read 512 rows at a time.
    let rows = this.head.all(this.endpoint, Math.min(FIRST_ROWS, maxRows));
    if (rows.length === FIRST_ROWS && maxRows > FIRST_ROWS && rows.reduce((sum, row) => sum + row.samples, 0) < maxSamples)
      rows = this.head.all(this.endpoint, maxRows);
    this.headOldestTs = rows[0]?.oldest_ts ?? null;
    if (rows.length === 0) return null;
    let samples = 0;
    let upTo = 0;
    for (const row of rows) {
      if (upTo !== 0 && samples + row.samples > maxSamples) break;
      samples += row.samples;
      upTo = row.id;
    }
    const parts = this.payloadsUpTo.all(this.endpoint, upTo).map((row) => row.payload);
    this.inFlightUpTo = upTo;
    return { upTo, samples, oldestTs: (rows[0] as { oldest_ts: number }).oldest_ts, parts };
  }

  /** A batch that will be tried again: trimming may take it now; returns the samples dropped to get back within `maxBytes`. */
  release(maxBytes: number): number {
    this.inFlightUpTo = 0;
    return this.trimTo(maxBytes);
  }

  /** Removes a batch that was delivered or given up. */
  remove(batch: QueuedBatch): void {
    this.inFlightUpTo = 0;
    this.headOldestTs = undefined;
    // The batch's rows were left alone while it was out (trimming skips them): its sizes are what it read, no sum is needed.
    const { changes } = this.deleteUpTo.run(this.endpoint, batch.upTo);
    if (changes === batch.parts.length) {
      this.bytesQueued -= batch.parts.reduce((sum, part) => sum + part.length, 0);
      this.samplesQueued -= batch.samples;
    } else this.recount();
  }

  /**
   * Drops the rows whose newest sample is before `cutoffTs` (the receiver would refuse them);
   * returns the samples dropped. Only those: a fresh row queued before an old back-filled one is
   * still sent, and per series the order of what is left is unchanged.
   */
  dropOlderThan(cutoffTs: number): number {
    if (this.samplesQueued === 0 || cutoffTs <= this.newestAtLeast) return 0;
    const stale = this.staleRows.get({ endpoint: this.endpoint, cutoff: cutoffTs });
    if (stale === undefined || stale.upTo === null) {
      // Nothing is stale: the bound moves up to the oldest newest sample, so the next sends read nothing until the cutoff passes it.
      this.newestAtLeast = this.minNewest.get(this.endpoint)?.ts ?? Number.NEGATIVE_INFINITY;
      return 0;
    }
    this.headOldestTs = undefined;
    this.deleteStale.run({ endpoint: this.endpoint, cutoff: cutoffTs });
    // Every row left has its newest sample at or after the cutoff.
    this.newestAtLeast = cutoffTs;
    this.bytesQueued -= stale.bytes ?? 0;
    this.samplesQueued -= stale.samples ?? 0;
    return stale.samples ?? 0;
  }

  /** Everything of this endpoint goes (it was removed from the workspace). */
  clear(): void {
    this.db.prepare('DELETE FROM remote_write_queue WHERE endpoint = ?').run(this.endpoint);
    this.bytesQueued = 0;
    this.samplesQueued = 0;
    this.headOldestTs = null;
  }

  /** Sizes read again from disk (rows of the batch went another way: a queue that replaced this one trimmed them). */
  private recount(): void {
    const totals = this.totals.get(this.endpoint);
    this.bytesQueued = totals?.bytes ?? 0;
    this.samplesQueued = totals?.samples ?? 0;
  }

  private trimTo(maxBytes: number): number {
    let dropped = 0;
    while (this.bytesQueued > maxBytes) {
      const rows = this.oldestRows.all({ endpoint: this.endpoint, after: this.inFlightUpTo, limit: 64 });
      if (rows.length === 0) break;
      let upTo = 0;
      for (const row of rows) {
        upTo = row.id;
        this.bytesQueued -= row.bytes;
        this.samplesQueued -= row.samples;
        dropped += row.samples;
        if (this.bytesQueued <= maxBytes) break;
      }
      this.deleteRange.run(this.endpoint, this.inFlightUpTo, upTo);
      this.headOldestTs = undefined;
    }
    return dropped;
  }
}
