import type { LogRetentionNotice, LogSourceKind, LogStoreView } from '../../../shared/types/logs';
import type { Database } from '../../store/database';
import type { PatternRecord } from '../mining/pattern-miner';
import type { LineFields } from '../parse/parse-line';
import { Partition, type Block } from './partition';
import { WriteWorker } from './write-worker';
import { emptyPlan, executeWritePlan, type WriteDb, type WritePlan, type WriteStatement } from './write-plan';
import { isServiceOrReplica } from '../../../shared/replica-id';

/** What the pipeline hands the store: one entry, already parsed and mined. */
export interface NewEntry {
  ts: number;
  level: number;
  serviceId: number;
  sourceId: number;
  patternId: number;
  text: string;
  /** What a plugin's log parser read from the line, if anything. */
  fields?: LineFields | null;
}

export interface StoreLimits {
  maxBytes: number;
  maxAgeMs: number;
}

export interface SourceRecord {
  id: number;
  key: string;
  kind: LogSourceKind;
  name: string;
  service: string;
  position: string | null;
}

const DAY = 86_400_000;
/** Until a partition has been measured, disk bytes are taken as this many times the text. */
const DEFAULT_DISK_RATIO = 1.4;

/**
 * The log store: partitions of rows with an FTS5 index each, a catalog of services, sources
 * and patterns, and retention by age and by a size budget that drops the oldest partition first.
 * Writes come in batches (one transaction each); reads are in log-search.ts.
 */
export class LogStore {
  partitions: Partition[] = [];
  readonly services = new Map<number, string>();
  readonly sources = new Map<number, SourceRecord>();
  private readonly serviceIds = new Map<string, number>();
  private readonly sourceIds = new Map<string, number>();
  private readonly writeStatements = new Map<string, WriteStatement>();
  private diskRatio = DEFAULT_DISK_RATIO;
  private lastDropView: LogRetentionNotice | null = null;
  private readonly runPlan: (plan: WritePlan) => [number, number][];
  private worker: WriteWorker | null = null;
  private lastPartitionId = 0;
  /** The highest row id handed out in this run: ids never go back, even when every partition is dropped. */
  private rowsGiven = 0;

  constructor(
    readonly db: Database,
    public limits: StoreLimits,
  ) {
    this.reload();
    this.runPlan = db.transaction((plan: WritePlan) => executeWritePlan(db as unknown as WriteDb, plan, this.writeStatements));
  }

  /** Reads the catalog again (the CLI, reading while a console writes). */
  reload(): void {
    this.writeStatements.clear();
    this.lastPartitionId = Math.max(
      this.lastPartitionId,
      (this.db.prepare('SELECT coalesce(max(id), 0) AS id FROM log_partitions').get() as { id: number }).id,
    );
    for (const row of this.db.prepare('SELECT id, name FROM log_services').all() as { id: number; name: string }[]) {
      this.services.set(row.id, row.name);
      this.serviceIds.set(row.name, row.id);
    }
    for (const row of this.db.prepare('SELECT id, key, kind, name, service, position FROM log_sources').all() as SourceRecord[]) {
      this.sources.set(row.id, row);
      this.sourceIds.set(row.key, row.id);
    }
    type Row = {
      id: number;
      first_row: number;
      last_row: number;
      rows: number;
      text_bytes: number;
      disk_bytes: number | null;
      min_ts: number | null;
      max_ts: number | null;
      first_received: number;
      last_received: number;
      closed: number;
    };
    const rows = this.db.prepare('SELECT * FROM log_partitions ORDER BY id').all() as Row[];
    this.partitions = rows.map(
      (row) =>
        new Partition(
          row.id,
          row.first_row,
          row.last_row,
          row.rows,
          row.text_bytes,
          row.disk_bytes,
          row.min_ts,
          row.max_ts,
          row.first_received,
          row.last_received,
          row.closed === 1,
        ),
    );
    const blocks = this.db.prepare(
      'SELECT first_row AS first, last_row AS last, min_ts AS minTs, max_ts AS maxTs FROM log_blocks WHERE partition_id = ? ORDER BY first_row',
    );
    const indexes = new Set(
      (this.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND name LIKE 'log_rows_%'").all() as { name: string }[]).map((row) => row.name),
    );
    for (const partition of this.partitions) {
      partition.indexed = indexes.has(partition.timeIndex);
      partition.blocks = blocks.all(partition.id) as Block[];
      const covered = partition.blocks.at(-1)?.last ?? partition.firstRow - 1;
      if (covered < partition.lastRow) {
        const tail = this.db
          .prepare(`SELECT min(id) AS first, max(id) AS last, min(ts) AS minTs, max(ts) AS maxTs FROM ${partition.rowsTable} WHERE id > ?`)
          .get(covered) as { first: number | null; last: number; minTs: number; maxTs: number };
        if (tail.first !== null) partition.restoreTail({ first: tail.first, last: tail.last, minTs: tail.minTs, maxTs: tail.maxTs });
      }
    }
    const measured = this.partitions.filter((partition) => partition.diskBytes !== null && partition.textBytes > 0).at(-1);
    if (measured !== undefined) this.diskRatio = (measured.diskBytes as number) / measured.textBytes;
    const drop = this.db.prepare('SELECT at, reason, lines, bytes, oldest_kept_at AS oldestKeptAt FROM log_drops ORDER BY id DESC LIMIT 1').get() as
      LogRetentionNotice | undefined;
    this.lastDropView = drop ?? null;
  }

  serviceId(name: string): number {
    const known = this.serviceIds.get(name);
    if (known !== undefined) return known;
    const id = (this.db.prepare('INSERT INTO log_services (name) VALUES (?) RETURNING id').get(name) as { id: number }).id;
    this.services.set(id, name);
    this.serviceIds.set(name, id);
    return id;
  }

  findServiceId(name: string): number | undefined {
    return this.serviceIds.get(name);
  }

  /** The ids of a service's lines: its own and its replicas' (web, web#1, web#2…). */
  findServiceIds(name: string): number[] {
    const ids: number[] = [];
    for (const [known, id] of this.serviceIds) if (isServiceOrReplica(known, name)) ids.push(id);
    return ids;
  }

  /** The source's id, created or updated (its name or service may change with the workspace). */
  source(key: string, kind: LogSourceKind, name: string, service: string): SourceRecord {
    const id = this.sourceIds.get(key);
    if (id !== undefined) {
      const record = this.sources.get(id) as SourceRecord;
      if (record.name !== name || record.service !== service || record.kind !== kind) {
        this.db.prepare('UPDATE log_sources SET kind = ?, name = ?, service = ? WHERE id = ?').run(kind, name, service, id);
        Object.assign(record, { kind, name, service });
      }
      return record;
    }
    const row = this.db.prepare('INSERT INTO log_sources (key, kind, name, service) VALUES (?, ?, ?, ?) RETURNING id').get(key, kind, name, service) as {
      id: number;
    };
    const record: SourceRecord = { id: row.id, key, kind, name, service, position: null };
    this.sources.set(row.id, record);
    this.sourceIds.set(key, row.id);
    return record;
  }

  savePositions(positions: Map<number, string>): void {
    if (positions.size === 0) return;
    const update = this.db.prepare('UPDATE log_sources SET position = ? WHERE id = ?');
    this.db.transaction(() => {
      for (const [id, position] of positions) {
        update.run(position, id);
        const record = this.sources.get(id);
        if (record !== undefined) record.position = position;
      }
    })();
  }

  /** Source ids whose name, file name, key or kind is `value` (the `source:` field of a query). */
  sourceIdsMatching(value: string): number[] {
    const out: number[] = [];
    for (const record of this.sources.values()) {
      if (record.name === value || record.key === value || record.kind === value || record.name.endsWith(`/${value}`)) out.push(record.id);
    }
    return out;
  }

  loadPatterns(): PatternRecord[] {
    return this.db
      .prepare('SELECT id, service, template, level, count, first_seen AS firstSeen, last_seen AS lastSeen FROM log_patterns')
      .all() as PatternRecord[];
  }

  maxPatternId(): number {
    return (this.db.prepare('SELECT coalesce(max(id), 0) AS id FROM log_patterns').get() as { id: number }).id;
  }

  /** Writes a batch (in one transaction, on the writer thread when there is one); returns the id of its first entry. */
  append(entries: NewEntry[], received: number, patterns: readonly PatternRecord[] = []): number {
    if (entries.length === 0 && patterns.length === 0) return 0;
    const plan = emptyPlan(0);
    plan.patterns = patterns.map((r) => [r.id, r.service, r.template, r.level, r.count, r.firstSeen, r.lastSeen]);
    const first = entries.length === 0 ? 0 : this.planEntries(plan, entries, received);
    this.execute(plan);
    return first;
  }

  /** Runs later writes on a worker thread with its own connection (the engine does; tests may not). */
  useWriterThread(onError: (error: Error) => void): void {
    if (this.worker !== null) return;
    this.worker = new WriteWorker(this.db.name, (measured) => this.applyMeasured(measured), onError);
  }

  /** Resolves once every write handed over so far is committed (and visible to searches). */
  settled(): Promise<void> {
    return this.worker?.settled() ?? Promise.resolve();
  }

  /** Writes waiting on the writer thread: the pipeline pauses sources while this is high. */
  get writesInFlight(): number {
    return this.worker?.pending ?? 0;
  }

  async close(): Promise<void> {
    this.checkpoint();
    const worker = this.worker;
    this.worker = null;
    await worker?.close();
  }

  get lastRowId(): number {
    return Math.max(this.rowsGiven, this.partitions.at(-1)?.lastRow ?? 0);
  }

  /** Bytes the store takes: measured for closed partitions, estimated for the open one. */
  totalBytes(): number {
    return this.partitions.reduce((sum, partition) => sum + this.bytesOf(partition), 0);
  }

  view(): LogStoreView {
    const withRows = this.partitions.filter((partition) => partition.rows > 0);
    const oldest = withRows.map((partition) => partition.minTs ?? Infinity);
    const newest = withRows.map((partition) => partition.maxTs ?? -Infinity);
    return {
      lines: this.partitions.reduce((sum, partition) => sum + partition.rows, 0),
      bytes: this.totalBytes(),
      maxBytes: this.limits.maxBytes,
      maxAgeMs: this.limits.maxAgeMs,
      oldestAt: oldest.length === 0 ? null : Math.min(...oldest),
      newestAt: newest.length === 0 ? null : Math.max(...newest),
      partitions: this.partitions.length,
      lastDrop: this.lastDropView,
    };
  }

  /**
   * Keeps the store within its budget and age: closes an open partition that is too big or too
   * old, then drops the oldest partitions while the total is over max_size or a partition's
   * newest line is older than max_age. Returns what was dropped, or null.
   */
  enforce(now: number): LogRetentionNotice | null {
    const plan = emptyPlan(this.partitions.at(-1)?.id ?? 0);
    const open = this.partitions.at(-1);
    if (open !== undefined && !open.closed && (this.shouldClose(open, now) || now - open.lastReceived > this.limits.maxAgeMs)) this.planClose(plan, open);
    let lines = 0;
    let bytes = 0;
    let reason: 'size' | 'age' | null = null;
    let total = this.totalBytes();
    for (;;) {
      const oldest = this.partitions[0];
      if (oldest === undefined || !oldest.closed) break;
      const tooOld = now - oldest.lastReceived > this.limits.maxAgeMs;
      const tooBig = total > this.limits.maxBytes;
      if (!tooOld && !tooBig) break;
      reason ??= tooBig ? 'size' : 'age';
      lines += oldest.rows;
      bytes += this.bytesOf(oldest);
      total -= this.bytesOf(oldest);
      plan.drop.push(oldest.id);
      this.partitions.shift();
    }
    // Partitions written before the time index get it, one per round, on the writer thread.
    const unindexed = this.partitions.find((partition) => !partition.indexed);
    if (unindexed !== undefined) {
      unindexed.indexed = true;
      plan.index.push([unindexed.id, unindexed.closed ? 1 : 0]);
    }
    this.execute(plan);
    if (reason === null) return null;
    const remaining = this.partitions.filter((partition) => partition.rows > 0 && partition.minTs !== null);
    const notice: LogRetentionNotice = {
      at: now,
      reason,
      lines,
      bytes,
      oldestKeptAt: remaining.length === 0 ? null : Math.min(...remaining.map((partition) => partition.minTs as number)),
    };
    this.db
      .prepare('INSERT INTO log_drops (at, reason, lines, bytes, oldest_kept_at) VALUES (?, ?, ?, ?, ?)')
      .run(notice.at, notice.reason, notice.lines, notice.bytes, notice.oldestKeptAt);
    this.db.prepare('DELETE FROM log_drops WHERE id < (SELECT max(id) - 100 FROM log_drops)').run();
    this.lastDropView = notice;
    return notice;
  }

  /** Writes the newest block's summary (at shutdown; a crash loses only that, rebuilt at start). */
  checkpoint(): void {
    const open = this.partitions.at(-1);
    const block = open?.takeOpenBlock();
    if (open === undefined || block === undefined || block === null) return;
    const plan = emptyPlan(open.id);
    plan.blocks.push([open.id, block.first, block.last, block.minTs, block.maxTs]);
    this.execute(plan);
    open.restoreTail(null);
  }

  private bytesOf(partition: Partition): number {
    return partition.diskBytes ?? Math.round(partition.textBytes * this.diskRatio);
  }

  /** A partition is closed at an eighth of the budget or a quarter of max_age (at most a day). */
  private shouldClose(partition: Partition, now: number): boolean {
    return this.bytesOf(partition) >= Math.max(64 * 1024, this.limits.maxBytes / 8) || now - partition.firstReceived >= Math.min(DAY, this.limits.maxAgeMs / 4);
  }

  private execute(plan: WritePlan): void {
    if (
      plan.drop.length === 0 &&
      plan.index.length === 0 &&
      plan.close === null &&
      plan.open === null &&
      plan.rows.length === 0 &&
      plan.blocks.length === 0 &&
      plan.patterns.length === 0
    )
      return;
    if (plan.drop.length > 0 || plan.close !== null) this.writeStatements.clear();
    if (this.worker !== null && this.worker.broken === null) {
      this.worker.submit(plan);
      return;
    }
    this.applyMeasured(this.runPlan(plan));
  }

  private applyMeasured(measured: [number, number][]): void {
    for (const [id, bytes] of measured) {
      const partition = this.partitions.find((candidate) => candidate.id === id);
      if (partition !== undefined) {
        partition.diskBytes = bytes;
        if (partition.textBytes > 0 && bytes > 0) this.diskRatio = bytes / partition.textBytes;
      }
    }
  }

  private planEntries(plan: WritePlan, entries: NewEntry[], received: number): number {
    let partition = this.partitions.at(-1);
    if (partition === undefined || partition.closed || this.shouldClose(partition, received)) {
      if (partition !== undefined && !partition.closed) this.planClose(plan, partition);
      partition = this.planOpen(plan, received);
    }
    plan.partition = partition.id;
    const first = partition.lastRow + 1;
    let id = first;
    let minTs = Infinity;
    let maxTs = -Infinity;
    let textBytes = 0;
    const rows = plan.rows;
    for (const entry of entries) {
      const fields = entry.fields === undefined || entry.fields === null ? null : JSON.stringify(entry.fields);
      rows.push(id, entry.ts, entry.level, entry.serviceId, entry.sourceId, entry.patternId, entry.text, fields);
      if (entry.ts < minTs) minTs = entry.ts;
      if (entry.ts > maxTs) maxTs = entry.ts;
      textBytes += entry.text.length + 24 + (fields?.length ?? 0);
      id++;
    }
    const last = id - 1;
    partition.lastRow = last;
    this.rowsGiven = last;
    partition.rows += entries.length;
    partition.textBytes += textBytes;
    partition.minTs = partition.minTs === null ? minTs : Math.min(partition.minTs, minTs);
    partition.maxTs = partition.maxTs === null ? maxTs : Math.max(partition.maxTs, maxTs);
    partition.lastReceived = received;
    plan.stats = [partition.lastRow, partition.rows, partition.textBytes, partition.minTs, partition.maxTs, partition.lastReceived];
    const full = partition.extend(first, last, minTs, maxTs);
    if (full !== null) plan.blocks.push([partition.id, full.first, full.last, full.minTs, full.maxTs]);
    return first;
  }

  private planOpen(plan: WritePlan, now: number): Partition {
    const id = ++this.lastPartitionId;
    const firstRow = this.lastRowId + 1;
    plan.open = { id, firstRow, received: now };
    const partition = new Partition(id, firstRow, firstRow - 1, 0, 0, null, null, null, now, now, false);
    this.partitions.push(partition);
    return partition;
  }

  private planClose(plan: WritePlan, partition: Partition): void {
    const block = partition.takeOpenBlock();
    if (block !== null) plan.blocks.push([partition.id, block.first, block.last, block.minTs, block.maxTs]);
    partition.closed = true;
    plan.close = partition.id;
  }
}
