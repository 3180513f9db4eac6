import { compareLogLines, type LogContextResult, type LogLine } from '../../../shared/types/logs';
import type { LogStore } from './log-store';
import type { Partition } from './partition';
import { StatementCache } from './statement-cache';
import { ROW_COLUMNS, safely, toLogLine, type StoredRow } from './stored-row';

/** The line to open the context of: one stored line, or a service's line nearest a moment (any service's without one). */
export type ContextAnchor = { id: number } | { at: number; service?: string };

export interface ContextRequest {
  anchor: ContextAnchor;
  before: number;
  after: number;
  /** Only these services' lines around the anchor; all services when absent. */
  services?: readonly string[];
}

/** A place in time order: by time, then by id (the order lines arrived in). */
interface Key {
  ts: number;
  id: number;
}

interface Found extends Key {
  partition: Partition;
}

type Side = 'before' | 'after';

/**
 * The lines around one line, across services, in time order (equal times in the order they
 * arrived). Every partition keeps each service's rows in a (service, ts) index, so the lines
 * before a moment are, per partition and service, an index seek and a few steps; the services'
 * runs are merged here, and partitions that cannot hold a nearer line are not read at all.
 */
export class LogContext {
  private readonly statements: StatementCache;
  private readonly servicesOfClosed = new Map<number, number[]>();

  constructor(private readonly store: LogStore) {
    this.statements = new StatementCache(store.db);
  }

  context(request: ContextRequest): LogContextResult {
    const scope = request.services === undefined ? null : request.services.flatMap((name) => this.store.findServiceIds(name));
    const anchor = this.anchorOf(request.anchor);
    if (anchor === null) return { anchor: null, lines: [], moreBefore: false, moreAfter: false };
    const before = this.side('before', anchor, request.before + 1, scope);
    const after = this.side('after', anchor, request.after + 1, scope);
    const moreBefore = before.length > request.before;
    const moreAfter = after.length > request.after;
    const keys = [...before.slice(0, request.before).reverse(), ...after.slice(0, request.after)];
    const lines = this.read(keys);
    lines.splice(Math.min(request.before, before.length), 0, anchor);
    return { anchor, lines, moreBefore, moreAfter };
  }

  private anchorOf(anchor: ContextAnchor): LogLine | null {
    if ('id' in anchor) {
      const partition = this.partitionOf(anchor.id);
      if (partition === undefined) return null;
      const row = safely(() => [
        this.statements.get(`SELECT ${ROW_COLUMNS} FROM ${partition.rowsTable} r WHERE r.id = ?`).get(anchor.id) as StoredRow | undefined,
      ])[0];
      return row === undefined ? null : toLogLine(this.store, row);
    }
    let scope: number[] | null = null;
    if (anchor.service !== undefined) {
      const id = this.store.findServiceId(anchor.service);
      if (id === undefined) return null;
      scope = [id];
    }
    // The nearest line to the moment, on either side (a later one when both are as near).
    const later = this.side('after', { ts: anchor.at, id: 0 }, 1, scope)[0];
    const earlier = this.side('before', { ts: anchor.at, id: 0 }, 1, scope)[0];
    const nearest = later === undefined || (earlier !== undefined && anchor.at - earlier.ts < later.ts - anchor.at) ? earlier : later;
    return nearest === undefined ? null : (this.read([nearest])[0] ?? null);
  }

  /**
   * The `limit` places nearest the anchor on one side, nearest first. Per partition, each
   * service's index is read in small steps (about twice its share of `limit`), and a service is
   * read further only while its last row read is nearer than the farthest kept: about 2 × limit
   * rows are read in all, not limit per service.
   */
  private side(side: Side, anchor: Key, limit: number, scope: number[] | null): Found[] {
    const candidates = this.store.partitions.filter(
      (partition) =>
        partition.rows > 0 &&
        partition.minTs !== null &&
        partition.maxTs !== null &&
        (side === 'before' ? partition.minTs <= anchor.ts : partition.maxTs >= anchor.ts),
    );
    // Nearest partitions first, so the rest can be skipped once they cannot hold anything nearer.
    candidates.sort((a, b) => (side === 'before' ? (b.maxTs as number) - (a.maxTs as number) : (a.minTs as number) - (b.minTs as number)));
    const nearer = side === 'before' ? (a: Key, b: Key) => compareLogLines(b, a) : compareLogLines;
    let found: Found[] = [];
    const farthest = (): Found | null => (found.length >= limit ? (found[limit - 1] as Found) : null);
    for (const partition of candidates) {
      const far = farthest();
      if (far !== null && (side === 'before' ? (partition.maxTs as number) < far.ts : (partition.minTs as number) > far.ts)) break;
      const sql =
        side === 'before'
          ? `SELECT r.id, r.ts FROM ${partition.rowsTable} r WHERE r.service = ? AND (r.ts, r.id) < (?, ?) ORDER BY r.ts DESC, r.id DESC LIMIT ?`
          : `SELECT r.id, r.ts FROM ${partition.rowsTable} r WHERE r.service = ? AND (r.ts, r.id) > (?, ?) ORDER BY r.ts ASC, r.id ASC LIMIT ?`;
      const services = scope ?? this.servicesOf(partition);
      const step = services.length <= 1 ? limit : Math.max(8, Math.ceil((2 * limit) / services.length));
      let open = services.map((service) => ({ service, from: anchor }));
      while (open.length > 0) {
        const next: typeof open = [];
        for (const cursor of open) {
          const rows = safely(() => this.statements.get(sql).all(cursor.service, cursor.from.ts, cursor.from.id, step) as Key[]);
          for (const row of rows) found.push({ ...row, partition });
          const last = rows.at(-1);
          if (last !== undefined && rows.length === step) next.push({ service: cursor.service, from: last });
        }
        found.sort(nearer);
        if (found.length > limit) found = found.slice(0, limit);
        // A service may hold nearer rows only while the last one read is nearer than the farthest kept.
        const bound = farthest();
        open = bound === null ? next : next.filter((cursor) => nearer(cursor.from, bound) < 0);
      }
    }
    return found;
  }

  /** The service ids with rows in a partition: a skip through its index, one seek per service. */
  private servicesOf(partition: Partition): number[] {
    const known = this.servicesOfClosed.get(partition.id);
    if (known !== undefined) return known;
    const sql = `WITH RECURSIVE s(v) AS (SELECT min(service) FROM ${partition.rowsTable} UNION ALL SELECT (SELECT min(service) FROM ${partition.rowsTable} WHERE service > v) FROM s WHERE v IS NOT NULL) SELECT v FROM s WHERE v IS NOT NULL`;
    const ids = safely(() => (this.statements.get(sql).all() as { v: number }[]).map((row) => row.v));
    if (partition.closed) {
      if (this.servicesOfClosed.size > 1_000) this.servicesOfClosed.clear();
      this.servicesOfClosed.set(partition.id, ids);
    }
    return ids;
  }

  /** Full rows for places found, in the order given. */
  private read(keys: readonly Found[]): LogLine[] {
    const byPartition = new Map<Partition, number[]>();
    for (const key of keys) byPartition.set(key.partition, [...(byPartition.get(key.partition) ?? []), key.id]);
    const rows = new Map<number, StoredRow>();
    for (const [partition, ids] of byPartition) {
      const sql = `SELECT ${ROW_COLUMNS} FROM ${partition.rowsTable} r WHERE r.id IN (SELECT value FROM json_each(?))`;
      for (const row of safely(() => this.statements.get(sql).all(JSON.stringify(ids)) as StoredRow[])) rows.set(row.id, row);
    }
    return keys.flatMap((key) => {
      const row = rows.get(key.id);
      return row === undefined ? [] : [toLogLine(this.store, row)];
    });
  }

  private partitionOf(id: number): Partition | undefined {
    return this.store.partitions.find((partition) => id >= partition.firstRow && id <= partition.lastRow);
  }
}
