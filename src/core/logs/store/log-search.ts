import type { Statement } from 'better-sqlite3';
import { parseLogQuery, highlightTerms, type LogQuery } from '../../../shared/logs/log-query';
import { compareLogLines, type LogHit, type LogLine, type LogMatchCount, type LogSearchResult, type LogServiceStats } from '../../../shared/types/logs';
import { LEVEL } from '../parse/level';
import type { LogStore } from './log-store';
import type { Partition } from './partition';
import { compileQuery, type CompiledQuery } from './query-sql';
import { StatementCache } from './statement-cache';
import { ROW_COLUMNS, safely, toLogLine, type StoredRow } from './stored-row';

export interface SearchOptions {
  query: string | LogQuery;
  start?: number;
  end?: number;
  limit: number;
  /** 'older': ids below the cursor, newest first; 'newer': ids above it, oldest first. */
  direction?: 'older' | 'newer';
  cursor?: number;
  context?: number;
  /** Stop after this long and say where to go on (the result is then incomplete). */
  budgetMs?: number;
  /** Also count the matches in the whole range (within COUNT_BUDGET_MS). */
  count?: boolean;
}

type Row = StoredRow;

/** Row ids read per statement: the time budget is checked between chunks. */
const CHUNK_ROWS = 20_000;
const CONTEXT_WINDOW = 5_000;
const MAX_PREFIX_WORDS = 50;
/** A search answers within about this long; what it has not reached, a cursor continues. */
export const SEARCH_BUDGET_MS = 80;
/** Counting the matches of a search stops after this long and says "at least". */
export const COUNT_BUDGET_MS = 100;
/** Rows per counting statement over the index, so the budget is looked at between them. */
const COUNT_CHUNK_ROWS = 250_000;
const COLUMNS = ROW_COLUMNS;

/**
 * Searches the store partition by partition (newest first, or oldest first for "newer"),
 * within each through the row ranges of the time range, in chunks: FTS5 finds the candidates
 * in row-id order and SQLite stops at the limit, so a search reads about as many rows as it
 * returns. A search that runs out of its time budget returns what it found and a cursor.
 */
export class LogSearch {
  private readonly statements: StatementCache;
  /** Words of a closed partition starting with a prefix; null when there are too many. */
  private readonly vocabulary = new Map<string, string[] | null>();

  constructor(private readonly store: LogStore) {
    this.statements = new StatementCache(store.db);
  }

  compile(query: LogQuery): CompiledQuery {
    return compileQuery(query, {
      services: (name) => this.store.findServiceIds(name),
      sources: (value) => this.store.sourceIdsMatching(value),
    });
  }

  search(options: SearchOptions): LogSearchResult {
    // With a count, page and count read one snapshot: a line committed in between (the writer
    // thread does not wait) would be counted here and delivered again by the live tail.
    return options.count === true ? this.store.db.transaction(() => this.searchNow(options))() : this.searchNow(options);
  }

  private searchNow(options: SearchOptions): LogSearchResult {
    const started = performance.now();
    const query = typeof options.query === 'string' ? parseLogQuery(options.query) : options.query;
    const terms = highlightTerms(query);
    const compiled = this.compile(query);
    const direction = options.direction ?? 'older';
    const start = options.start ?? -Infinity;
    const end = options.end ?? Infinity;
    const deadline = started + (options.budgetMs ?? SEARCH_BUDGET_MS);
    const lines: LogHit[] = [];
    let nextCursor: number | null = null;
    let complete = true;
    if (!compiled.impossible) {
      const partitions = direction === 'older' ? [...this.store.partitions].reverse() : this.store.partitions;
      outer: for (const partition of partitions) {
        const ranges = partition.ranges(start, end);
        if (direction === 'older') ranges.reverse();
        for (const [low, high] of ranges) {
          // Checks on the text (phrases) can read many rows per match: those go in chunks, so the
          // time budget is looked at often. Index-only queries stop at the limit by themselves.
          const chunkRows = compiled.where.length > 0 ? CHUNK_ROWS : Number.MAX_SAFE_INTEGER;
          for (const [from, to] of chunks(low, high, direction, options.cursor, chunkRows)) {
            if (performance.now() > deadline) {
              complete = false;
              nextCursor = direction === 'older' ? to + 1 : from - 1;
              break outer;
            }
            const rows = this.read(partition, compiled, from, to, start, end, options.limit - lines.length, direction);
            for (const row of rows) lines.push(this.toLine(row));
            if (lines.length >= options.limit) {
              nextCursor = (lines.at(-1) as LogLine).id;
              break outer;
            }
          }
        }
      }
    }
    // Pages are read in id (arrival) order; shown in time order: a source read late (a file
    // polled after another service's output) has older lines with higher ids.
    lines.sort(direction === 'older' ? (a, b) => compareLogLines(b, a) : compareLogLines);
    if ((options.context ?? 0) > 0) for (const hit of lines) this.addContext(hit, options.context as number);
    const total = options.count === true ? this.count(compiled, start, end, performance.now() + COUNT_BUDGET_MS) : undefined;
    return {
      lines,
      nextCursor: nextCursor === null ? null : String(nextCursor),
      complete,
      terms,
      tookMs: Math.round((performance.now() - started) * 10) / 10,
      ...(total === undefined ? {} : { total }),
    };
  }

  /**
   * How many lines match in [start, end]. Blocks wholly inside the range are counted from the
   * index alone (or from their ids, with no words to match), blocks at its edges with their
   * rows' times; past the deadline the count so far is a lower bound.
   */
  count(compiled: CompiledQuery, start: number, end: number, deadline: number): LogMatchCount {
    if (compiled.impossible) return { count: 0, exact: true };
    let count = 0;
    for (const partition of this.store.partitions) {
      for (const { low, high, inside } of spans(partition, start, end)) {
        for (let from = low; from <= high; from += COUNT_CHUNK_ROWS) {
          if (performance.now() > deadline) return { count, exact: false };
          const to = Math.min(high, from + COUNT_CHUNK_ROWS - 1);
          count += this.countRange(partition, compiled, from, to, inside ? null : [start, end]);
        }
      }
    }
    return { count, exact: true };
  }

  private countRange(partition: Partition, compiled: CompiledQuery, from: number, to: number, times: [number, number] | null): number {
    const conditions = [...compiled.where];
    const params: unknown[] = [];
    if (times !== null) conditions.push('r.ts BETWEEN ? AND ?');
    const tail = conditions.map((condition) => ` AND ${condition}`).join('');
    let sql: string;
    if (compiled.match === null) {
      if (conditions.length === 0) return to - from + 1;
      sql = `SELECT count(*) AS n FROM ${partition.rowsTable} r NOT INDEXED WHERE r.id BETWEEN ? AND ?${tail}`;
      params.push(from, to);
    } else if (conditions.length === 0) {
      sql = `SELECT count(*) AS n FROM ${partition.ftsTable} f WHERE f.${partition.ftsTable} MATCH ? AND f.rowid BETWEEN ? AND ?`;
      params.push(this.expandPrefixes(partition, compiled), from, to);
    } else {
      sql = `SELECT count(*) AS n FROM ${partition.ftsTable} f CROSS JOIN ${partition.rowsTable} r ON r.id = f.rowid WHERE f.${partition.ftsTable} MATCH ? AND f.rowid BETWEEN ? AND ?${tail}`;
      params.push(this.expandPrefixes(partition, compiled), from, to);
    }
    params.push(...compiled.params);
    if (times !== null) params.push(Number.isFinite(times[0]) ? times[0] : -8.64e15, Number.isFinite(times[1]) ? times[1] : 8.64e15);
    return safely(() => [this.statements.get<{ n: number }>(sql).get(...params) as { n: number }])[0]?.n ?? 0;
  }

  /** Lines matching the query around one line (by id, included) or one moment, oldest first. */
  around(query: string, anchor: { id?: number; at?: number }, before: number, after: number): { lines: LogLine[]; anchorId: number | null; terms: string[] } {
    const parsed = parseLogQuery(query);
    const byId = anchor.id !== undefined;
    const anchorId = anchor.id ?? (anchor.at === undefined ? this.store.lastRowId + 1 : this.firstIdAt(anchor.at));
    const older =
      before === 0 ? [] : this.search({ query: parsed, limit: before, direction: 'older', cursor: byId ? anchorId + 1 : anchorId, budgetMs: 1_000 }).lines;
    const newer =
      after === 0 ? [] : this.search({ query: parsed, limit: after, direction: 'newer', cursor: byId ? anchorId : anchorId - 1, budgetMs: 1_000 }).lines;
    return { lines: [...older.reverse(), ...newer], anchorId: anchorId > this.store.lastRowId ? null : anchorId, terms: highlightTerms(parsed) };
  }

  /** Counts per service and level since `since`, and the patterns seen most in that window. */
  stats(since: number, top: number): { services: LogServiceStats[]; patterns: { id: number; recent: number }[] } {
    const perService = new Map<number, { lines: number; errors: number; warnings: number; firstAt: number; lastAt: number }>();
    const perPattern = new Map<number, number>();
    for (const partition of this.store.partitions) {
      for (const [low, high] of partition.ranges(since, Infinity)) {
        const sql = `SELECT service, level, pattern, count(*) AS n, min(ts) AS first, max(ts) AS last FROM ${partition.rowsTable} r WHERE r.id BETWEEN ? AND ? AND r.ts >= ? GROUP BY service, level, pattern`;
        for (const row of safely(
          () =>
            this.prepare(sql).all(low, high, since) as unknown as { service: number; level: number; pattern: number; n: number; first: number; last: number }[],
        )) {
          const entry = perService.get(row.service) ?? { lines: 0, errors: 0, warnings: 0, firstAt: row.first, lastAt: row.last };
          entry.lines += row.n;
          if (row.level >= LEVEL.error) entry.errors += row.n;
          else if (row.level === LEVEL.warn) entry.warnings += row.n;
          entry.firstAt = Math.min(entry.firstAt, row.first);
          entry.lastAt = Math.max(entry.lastAt, row.last);
          perService.set(row.service, entry);
          perPattern.set(row.pattern, (perPattern.get(row.pattern) ?? 0) + row.n);
        }
      }
    }
    const services = [...perService].map(([id, entry]) => {
      // Per minute over the span that had lines (at least a minute), not the whole window asked
      // for: 60 errors in the last 2 minutes of an hour are 30 a minute, not 1.
      const minutes = Math.max(1, (entry.lastAt - entry.firstAt) / 60_000);
      const perMinute = (count: number): number => Math.round((count / minutes) * 100) / 100;
      return { service: this.store.services.get(id) ?? `#${id}`, ...entry, linesPerMinute: perMinute(entry.lines), errorsPerMinute: perMinute(entry.errors) };
    });
    services.sort((a, b) => b.errors - a.errors || b.lines - a.lines || a.service.localeCompare(b.service));
    const patterns = [...perPattern]
      .map(([id, recent]) => ({ id, recent }))
      .sort((a, b) => b.recent - a.recent)
      .slice(0, top);
    return { services, patterns };
  }

  private firstIdAt(at: number): number {
    for (const partition of this.store.partitions) {
      for (const block of partition.blocks) {
        if (block.maxTs < at) continue;
        const row = safely(() => [
          this.prepare(`SELECT min(id) AS id FROM ${partition.rowsTable} r WHERE r.id BETWEEN ? AND ? AND r.ts >= ?`).get(
            block.first,
            block.last,
            at,
          ) as unknown as { id: number | null },
        ])[0];
        if (row?.id !== null && row?.id !== undefined) return row.id;
      }
    }
    return this.store.lastRowId + 1;
  }

  private read(
    partition: Partition,
    compiled: CompiledQuery,
    from: number,
    to: number,
    start: number,
    end: number,
    limit: number,
    direction: 'older' | 'newer',
  ): Row[] {
    const conditions = [...compiled.where];
    const params: unknown[] = [];
    const timed = Number.isFinite(start) || Number.isFinite(end);
    if (timed) conditions.push('r.ts BETWEEN ? AND ?');
    const order = direction === 'older' ? 'DESC' : 'ASC';
    let sql: string;
    if (compiled.match === null) {
      sql = `SELECT ${COLUMNS} FROM ${partition.rowsTable} r WHERE r.id BETWEEN ? AND ?${conditions.map((c) => ` AND ${c}`).join('')} ORDER BY r.id ${order} LIMIT ?`;
      params.push(from, to);
    } else {
      sql = `SELECT ${COLUMNS} FROM ${partition.ftsTable} f CROSS JOIN ${partition.rowsTable} r ON r.id = f.rowid WHERE f.${partition.ftsTable} MATCH ? AND f.rowid BETWEEN ? AND ?${conditions.map((c) => ` AND ${c}`).join('')} ORDER BY f.rowid ${order} LIMIT ?`;
      params.push(this.expandPrefixes(partition, compiled), from, to);
    }
    params.push(...compiled.params);
    if (timed) params.push(Number.isFinite(start) ? start : -8.64e15, Number.isFinite(end) ? end : 8.64e15);
    params.push(limit);
    return safely(() => this.prepare(sql).all(...params));
  }

  /**
   * FTS5 answers `"time"*` by merging the whole index of every word starting with "time" before it
   * can stop at the limit; the words themselves (from the partition's vocabulary) OR-ed together
   * seek like plain words. Too many words: the prefix stays as written.
   */
  private expandPrefixes(partition: Partition, compiled: CompiledQuery): string {
    let match = compiled.match as string;
    for (const prefix of compiled.prefixes) {
      let words = partition.closed ? this.vocabulary.get(`${partition.id}:${prefix}`) : undefined;
      if (words === undefined) {
        try {
          this.store.db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.log_vocab_${partition.id} USING fts5vocab(main, '${partition.ftsTable}', 'row')`);
          const rows = this.store.db
            .prepare(`SELECT term FROM temp.log_vocab_${partition.id} WHERE term >= ? AND term < ? LIMIT ${MAX_PREFIX_WORDS + 1}`)
            .all(prefix, `${prefix}\u{10FFFF}`) as { term: string }[];
          words = rows.length > MAX_PREFIX_WORDS ? null : rows.map((row) => row.term);
        } catch {
          words = null;
        }
        if (partition.closed) this.vocabulary.set(`${partition.id}:${prefix}`, words);
      }
      if (words === null) continue;
      // No word at all: a word no line has, so AND fails and NOT removes nothing.
      const replacement = words.length === 0 ? '"zvnone"' : `(${words.map((word) => `"${word}"`).join(' OR ')})`;
      match = match.split(`"${prefix}"*`).join(replacement);
    }
    return match;
  }

  private addContext(hit: LogHit, count: number): void {
    const partition = this.store.partitions.find((candidate) => hit.id >= candidate.firstRow && hit.id <= candidate.lastRow);
    if (partition === undefined) return;
    const source = [...this.store.sources.values()].find((record) => record.name === hit.source)?.id;
    if (source === undefined) return;
    const before = `SELECT ${COLUMNS} FROM ${partition.rowsTable} r WHERE r.id < ? AND r.id >= ? AND r.source = ? ORDER BY r.id DESC LIMIT ?`;
    const after = `SELECT ${COLUMNS} FROM ${partition.rowsTable} r WHERE r.id > ? AND r.id <= ? AND r.source = ? ORDER BY r.id ASC LIMIT ?`;
    hit.before = safely(() => this.prepare(before).all(hit.id, hit.id - CONTEXT_WINDOW, source, count))
      .reverse()
      .map((row) => this.toLine(row));
    hit.after = safely(() => this.prepare(after).all(hit.id, hit.id + CONTEXT_WINDOW, source, count)).map((row) => this.toLine(row));
  }

  toLine(row: Row): LogLine {
    return toLogLine(this.store, row);
  }

  private prepare(sql: string): Statement<unknown[], Row> {
    return this.statements.get<Row>(sql);
  }
}

/** Row-id spans of a partition's blocks that touch [start, end]; `inside` when every row's time is in it. */
function spans(partition: Partition, start: number, end: number): { low: number; high: number; inside: boolean }[] {
  const out: { low: number; high: number; inside: boolean }[] = [];
  if (partition.rows === 0) return out;
  for (const block of partition.blocks) {
    if (block.maxTs < start || block.minTs > end) continue;
    const inside = block.minTs >= start && block.maxTs <= end;
    const previous = out.at(-1);
    if (previous !== undefined && previous.inside === inside && previous.high === block.first - 1) previous.high = block.last;
    else out.push({ low: block.first, high: block.last, inside });
  }
  return out;
}

/** [from, to] slices of a range, in reading order, clipped to the cursor. */
function chunks(low: number, high: number, direction: 'older' | 'newer', cursor: number | undefined, size: number): [number, number][] {
  let from = low;
  let to = high;
  if (cursor !== undefined) {
    if (direction === 'older') to = Math.min(to, cursor - 1);
    else from = Math.max(from, cursor + 1);
  }
  const out: [number, number][] = [];
  if (from > to) return out;
  if (direction === 'older') for (let top = to; top >= from; top -= size) out.push([Math.max(from, top - size + 1), top]);
  else for (let bottom = from; bottom <= to; bottom += size) out.push([bottom, Math.min(to, bottom + size - 1)]);
  return out;
}
