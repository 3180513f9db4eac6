import type { LogLine, LogTailBatch } from '../../../../shared/types/logs';
import type { Bridge } from '../../../../shared/bridge';
import { messageOf } from '../../format/error-message';

export interface LogFeedState {
  /** Oldest first. Mutated in place (a million lines are not copied per batch); `version` tells. */
  lines: LogLine[];
  version: number;
  terms: string[];
  status: 'idle' | 'loading' | 'ready' | 'failed';
  error: string | null;
  /** Older lines exist (pass to loadOlder); null at the start of the store or the range. */
  olderCursor: string | null;
  /** The last search stopped at its time budget: there may be more to find further back. */
  partial: boolean;
  tookMs: number | null;
  live: boolean;
  /** Lines the server dropped because this page read too slowly. */
  dropped: number;
  /** The line a jump ("logs at that time") landed on. */
  anchorId: number | null;
}

export interface LoadRequest {
  query: string;
  /** Look back this far (ms); null for everything stored. */
  rangeMs: number | null;
  /** Jump: the lines around this time instead of the newest. */
  at?: number;
  live: boolean;
}

const PAGE = 500;
const KEEPALIVE_MS = 20_000;

/**
 * The lines on the Logs page: a search, pages of older lines as the user scrolls up, and a live
 * tail appended at the bottom (acknowledged batch by batch, so a slow page makes the server hold
 * and then drop lines instead of flooding it). Holds at most `maxLines`; the oldest go first.
 */
export class LogFeed {
  private state: LogFeedState = { lines: [], version: 0, terms: [], status: 'idle', error: null, olderCursor: null, partial: false, tookMs: null, live: false, dropped: 0, anchorId: null };
  private readonly listeners = new Set<() => void>();
  private request: LoadRequest | null = null;
  private generation = 0;
  private tailId: string | null = null;
  private keepalive: ReturnType<typeof setInterval> | null = null;
  private readonly stopEvents: () => void;
  private loadingOlder = false;
  /** Batches that arrived before the answer to logs.tail told this page its tail id. */
  private early: LogTailBatch[] = [];
  private startingTail = false;

  constructor(
    private readonly bridge: Bridge,
    private readonly maxLines = 1_000_000,
  ) {
    this.stopEvents = bridge.subscribe('logs.lines', (batch) => this.receive(batch));
  }

  getState = (): LogFeedState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  async load(request: LoadRequest): Promise<void> {
    const generation = ++this.generation;
    this.request = request;
    await this.stopTail();
    this.update({ status: 'loading', error: null, live: request.live && request.at === undefined, dropped: 0 });
    try {
      const range = request.rangeMs === null ? {} : { start: Date.now() - request.rangeMs };
      if (request.at !== undefined) {
        const around = await this.bridge.invoke('logs.around', { query: request.query, at: request.at, before: PAGE, after: PAGE });
        if (generation !== this.generation) return;
        const oldest = around.lines[0];
        this.update({ lines: around.lines, terms: around.terms, status: 'ready', olderCursor: oldest === undefined ? null : String(oldest.id), partial: false, tookMs: null, anchorId: around.anchorId });
        return;
      }
      let result = await this.bridge.invoke('logs.search', { query: request.query, limit: PAGE, ...range });
      // A search stops at its time budget; a page with little to show goes on by itself a few times.
      for (let more = 0; !result.complete && result.nextCursor !== null && result.lines.length < PAGE / 10 && more < 10 && generation === this.generation; more++) {
        const next = await this.bridge.invoke('logs.search', { query: request.query, limit: PAGE - result.lines.length, cursor: result.nextCursor, ...range });
        result = { ...next, lines: [...result.lines, ...next.lines], tookMs: result.tookMs + next.tookMs };
      }
      if (generation !== this.generation) return;
      const lines = result.lines.reverse();
      this.update({ lines, terms: result.terms, status: 'ready', olderCursor: result.nextCursor, partial: !result.complete, tookMs: result.tookMs, anchorId: null });
      if (this.state.live) await this.startTail(generation);
    } catch (error) {
      if (generation === this.generation) this.update({ status: 'failed', error: messageOf(error) });
    }
  }

  /** The next page back (the user scrolled to the top); returns how many lines were added. */
  async loadOlder(): Promise<number> {
    const request = this.request;
    const cursor = this.state.olderCursor;
    if (request === null || cursor === null || this.loadingOlder) return 0;
    this.loadingOlder = true;
    const generation = this.generation;
    try {
      const range = request.rangeMs === null ? {} : { start: Date.now() - request.rangeMs };
      const result = await this.bridge.invoke('logs.search', { query: request.query, limit: PAGE, cursor, ...range });
      if (generation !== this.generation) return 0;
      const older = result.lines.reverse();
      this.state.lines.unshift(...older);
      const excess = this.state.lines.length - this.maxLines;
      if (excess > 0) this.state.lines.splice(this.state.lines.length - excess, excess);
      this.update({ olderCursor: result.nextCursor, partial: !result.complete, tookMs: result.tookMs });
      return older.length;
    } catch (error) {
      this.update({ error: messageOf(error) });
      return 0;
    } finally {
      this.loadingOlder = false;
    }
  }

  async setLive(live: boolean): Promise<void> {
    if (live === this.state.live) return;
    if (!live) {
      await this.stopTail();
      this.update({ live: false });
      return;
    }
    if (this.request === null) return;
    // Jumped to a moment: going live means the newest lines again.
    await this.load({ ...this.request, at: undefined, live: true });
  }

  dispose(): void {
    this.generation++;
    this.stopEvents();
    void this.stopTail();
  }

  private async startTail(generation: number): Promise<void> {
    const request = this.request as LoadRequest;
    const newest = this.state.lines.at(-1);
    this.startingTail = true;
    let started;
    try {
      started = await this.bridge.invoke('logs.tail', { query: request.query, ...(newest === undefined ? {} : { afterId: newest.id }) });
    } finally {
      this.startingTail = false;
    }
    const early = this.early;
    this.early = [];
    if (generation !== this.generation) {
      void this.bridge.invoke('logs.untail', { tailId: started.tailId }).catch(() => undefined);
      return;
    }
    this.tailId = started.tailId;
    // The events socket can overtake the command's answer: apply what came first.
    for (const batch of early) if (batch.tailId === started.tailId) this.receive(batch);
    this.keepalive = setInterval(() => {
      if (this.tailId !== null) void this.bridge.invoke('logs.tailAck', { tailId: this.tailId }).catch(() => undefined);
    }, KEEPALIVE_MS);
  }

  private async stopTail(): Promise<void> {
    if (this.keepalive !== null) clearInterval(this.keepalive);
    this.keepalive = null;
    const tailId = this.tailId;
    this.tailId = null;
    if (tailId !== null) await this.bridge.invoke('logs.untail', { tailId }).catch(() => undefined);
  }

  private receive(batch: LogTailBatch): void {
    if (this.startingTail && this.tailId === null) {
      if (this.early.length < 100) this.early.push(batch);
      return;
    }
    if (batch.tailId !== this.tailId) return;
    const lines = this.state.lines;
    const newest = lines.at(-1)?.id ?? 0;
    for (const line of batch.lines) if (line.id > newest) lines.push(line);
    const excess = lines.length - this.maxLines;
    if (excess > 0) lines.splice(0, excess);
    this.update({ dropped: this.state.dropped + batch.dropped, olderCursor: excess > 0 ? String(lines[0]?.id ?? '') : this.state.olderCursor });
    // Asking for the next batch only after this one is applied is the flow control.
    void this.bridge.invoke('logs.tailAck', { tailId: batch.tailId }).catch(() => undefined);
  }

  private update(patch: Partial<LogFeedState>): void {
    this.state = { ...this.state, ...patch, version: this.state.version + 1 };
    for (const listener of [...this.listeners]) listener();
  }
}
