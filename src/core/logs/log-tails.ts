import { randomUUID } from 'node:crypto';
import { highlightTerms, lineMatches, parseLogQuery, type LogQuery } from '../../shared/logs/log-query';
import type { LogLine, LogTailBatch, LogTailStarted } from '../../shared/types/logs';
import { ZervigoError } from '../../shared/errors';

export interface TailOptions {
  /** Lines held per tail while its client has not asked for more; the oldest go first. */
  maxBuffer?: number;
  maxBatch?: number;
  /** A tail whose client neither acknowledges nor keeps it alive this long is ended. */
  expireMs?: number;
  maxTails?: number;
}

interface Tail {
  id: string;
  query: LogQuery;
  buffer: LogLine[];
  dropped: number;
  inFlight: boolean;
  lastSeen: number;
  /** Collecting, not sending, until its backlog is in (see `release`). */
  holding: boolean;
}

/**
 * Live tails with flow control: each tail has one batch in flight at a time; the next is sent
 * when the client acknowledges (logs.tailAck). Lines arriving meanwhile wait in a bounded
 * buffer; when a slow client lets it fill, the oldest lines are dropped and the next batch says
 * how many. Events go to every subscriber of logs.lines: clients keep the batches of their tailId.
 */
export class LogTails {
  private readonly tails = new Map<string, Tail>();
  private readonly maxBuffer: number;
  private readonly maxBatch: number;
  private readonly expireMs: number;
  private readonly maxTails: number;

  constructor(
    private readonly emit: (batch: LogTailBatch) => void,
    private readonly now: () => number,
    options: TailOptions = {},
  ) {
    this.maxBuffer = options.maxBuffer ?? 5_000;
    this.maxBatch = options.maxBatch ?? 1_000;
    this.expireMs = options.expireMs ?? 60_000;
    this.maxTails = options.maxTails ?? 32;
  }

  /**
   * A new tail. With `hold`, it collects lines but sends nothing until `release` hands it the
   * stored lines it missed: registered first, so no line falls between the backlog and the live ones.
   */
  start(queryText: string, backlog: LogLine[] = [], hold = false): LogTailStarted {
    if (this.tails.size >= this.maxTails) {
      const oldest = [...this.tails.values()].sort((a, b) => a.lastSeen - b.lastSeen)[0] as Tail;
      this.tails.delete(oldest.id);
    }
    const query = parseLogQuery(queryText);
    const tail: Tail = { id: randomUUID(), query, buffer: [], dropped: 0, inFlight: false, lastSeen: this.now(), holding: hold };
    this.tails.set(tail.id, tail);
    this.push(tail, backlog);
    return { tailId: tail.id, terms: highlightTerms(query) };
  }

  /** Puts the stored lines before the ones collected meanwhile (each line once) and starts sending. */
  release(tailId: string, backlog: readonly LogLine[]): void {
    const tail = this.tails.get(tailId);
    if (tail === undefined) return;
    const seen = new Set(tail.buffer.map((line) => line.id));
    const merged = [...backlog.filter((line) => !seen.has(line.id)), ...tail.buffer].sort((a, b) => a.id - b.id);
    tail.buffer = [];
    tail.holding = false;
    this.push(tail, merged);
  }

  ack(tailId: string): boolean {
    const tail = this.tails.get(tailId);
    if (tail === undefined) return false;
    tail.inFlight = false;
    tail.lastSeen = this.now();
    this.pump(tail);
    return true;
  }

  stop(tailId: string): boolean {
    return this.tails.delete(tailId);
  }

  get size(): number {
    return this.tails.size;
  }

  /** True when some tail wants lines (the pipeline builds LogLines only then). */
  get active(): boolean {
    return this.tails.size > 0;
  }

  offer(lines: readonly (LogLine & { sourceKind?: string })[]): void {
    for (const tail of this.tails.values())
      this.push(
        tail,
        lines.filter((line) => lineMatches(tail.query, line)),
      );
  }

  expire(): number {
    const now = this.now();
    let ended = 0;
    for (const tail of [...this.tails.values()]) {
      if (now - tail.lastSeen > this.expireMs) {
        this.tails.delete(tail.id);
        ended++;
      }
    }
    return ended;
  }

  buffered(tailId: string): number {
    const tail = this.tails.get(tailId);
    if (tail === undefined) throw new ZervigoError('not_found', `no live tail ${tailId}`);
    return tail.buffer.length;
  }

  private push(tail: Tail, lines: readonly LogLine[]): void {
    if (lines.length === 0) return;
    for (const line of lines) tail.buffer.push(line);
    const excess = tail.buffer.length - this.maxBuffer;
    if (excess > 0) {
      tail.buffer.splice(0, excess);
      tail.dropped += excess;
    }
    this.pump(tail);
  }

  private pump(tail: Tail): void {
    if (tail.holding || tail.inFlight || (tail.buffer.length === 0 && tail.dropped === 0)) return;
    const lines = tail.buffer.splice(0, this.maxBatch);
    const dropped = tail.dropped;
    tail.dropped = 0;
    tail.inFlight = true;
    this.emit({ tailId: tail.id, lines, dropped });
  }
}
