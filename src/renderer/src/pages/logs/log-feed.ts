import { highlightTerms, parseLogQuery } from '../../../../shared/logs/log-query';
import type { LogLine, LogMatchCount, LogTailBatch } from '../../../../shared/types/logs';
import type { Bridge } from '../../../../shared/bridge';
import type { CommandInput, CommandOutput } from '../../../../shared/contract';
import { messageOf } from '../../format/error-message';
import type { ContextAnchor, ContextScope } from './logs-route';
import { ALL_HOSTS, LOCAL_HOST } from '../../../../shared/fleet-hosts';
import { HostTails } from './host-tails';
import { insertInTimeOrder, mergeInTimeOrder } from './time-order';

/** A line as the feed holds it: on the fleet-wide view, it names its host ("local" or an agent). */
export type FeedLine = LogLine & { host?: string };

/** Which hosts the feed searches: this console only, every host, or one agent. */

export interface LogFeedState {
  /** In time order, oldest first. Mutated in place (a million lines are not copied per batch); `version` tells. */
  lines: FeedLine[];
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
  /** How many lines match the search in its range, live lines since included (null in context, or before an answer). */
  total: LogMatchCount | null;
  /** Showing the lines around one line (the anchor) rather than a search. */
  mode: 'search' | 'context';
  /** The line the context is around, highlighted and scrolled into view. */
  anchorId: number | null;
  anchor: LogLine | null;
  /** In context: more lines exist above the first and below the last. */
  moreBefore: boolean;
  moreAfter: boolean;
  /** Hosts of a fleet-wide search that could not answer (or tail), with why: shown, never silence. */
  missing: { agent: string; reason: string }[];
}

export interface LoadRequest {
  query: string;
  /** Look back this far (ms); null for everything stored. */
  rangeMs: number | null;
  live: boolean;
  /** "local" (this console, the default), "all" (every host), or an agent's name. */
  host?: string;
}

export interface ContextRequest {
  /** Its words are highlighted in the context. */
  query: string;
  anchor: ContextAnchor;
  scope: ContextScope;
  /** Whose lines: an agent's name (its own logs.context, through agents.call); absent, "local" or "all": this console's. */
  host?: string;
}

const PAGE = 500;
/** Lines asked for on each side of a context, and each time more are asked for. */
export const CONTEXT_LINES = 100;
const KEEPALIVE_MS = 20_000;

const emptyState: LogFeedState = {
  lines: [],
  version: 0,
  terms: [],
  status: 'idle',
  error: null,
  olderCursor: null,
  partial: false,
  tookMs: null,
  live: false,
  dropped: 0,
  total: null,
  mode: 'search',
  anchorId: null,
  anchor: null,
  moreBefore: false,
  moreAfter: false,
  missing: [],
};

/**
 * The lines on the Logs page: a search, pages of older lines as the user scrolls up, and a live
 * tail merged in time order (acknowledged batch by batch, so a slow page makes the server hold
 * and then drop lines instead of flooding it); or the lines around one line, across services or
 * of its service, with more on either side on demand. Holds at most `maxLines`; the oldest go first.
 */
export class LogFeed {
  private state: LogFeedState = emptyState;
  private readonly listeners = new Set<() => void>();
  private request: LoadRequest | null = null;
  /** The range's start, fixed when the search is made: later pages and the count use the same one. */
  private rangeStart: number | undefined;
  private context: { services: string[] | undefined; host: string | undefined } | null = null;
  private generation = 0;
  private tailId: string | null = null;
  private keepalive: ReturnType<typeof setInterval> | null = null;
  private readonly stopEvents: () => void;
  private loadingOlder = false;
  private loadingContext = false;
  /** The highest id shown: tail lines at or below it are already here. */
  private newestId = 0;
  /** Batches that arrived before the answer to logs.tail told this page its tail id. */
  private early: LogTailBatch[] = [];
  private startingTail = false;
  /** Fleet-wide: where each host's older lines continue (null: none older). */
  private hostCursors: Record<string, string | null> = {};
  /** Fleet-wide: the highest id shown per host (ids are each host's own). */
  private newestByHost = new Map<string, number>();
  private hostTails: HostTails | null = null;

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
    this.context = null;
    this.rangeStart = request.rangeMs === null ? undefined : Date.now() - request.rangeMs;
    await this.stopTail();
    this.update({ ...emptyState, lines: this.state.lines, version: this.state.version, status: 'loading', live: request.live });
    if (isFleetWide(request)) return this.loadFleet(request, generation);
    try {
      const range = this.rangeStart === undefined ? {} : { start: this.rangeStart };
      let result = await this.bridge.invoke('logs.search', { query: request.query, limit: PAGE, ...range });
      const total = result.total ?? null;
      // A search stops at its time budget; a page with little to show goes on by itself a few times.
      for (
        let more = 0;
        !result.complete && result.nextCursor !== null && result.lines.length < PAGE / 10 && more < 10 && generation === this.generation;
        more++
      ) {
        const next = await this.bridge.invoke('logs.search', { query: request.query, limit: PAGE - result.lines.length, cursor: result.nextCursor, ...range });
        result = { ...next, lines: [...result.lines, ...next.lines], tookMs: result.tookMs + next.tookMs };
      }
      if (generation !== this.generation) return;
      const lines = mergeInTimeOrder([], result.lines);
      this.newestId = lines.reduce((max, line) => Math.max(max, line.id), 0);
      this.update({ lines, terms: result.terms, status: 'ready', olderCursor: result.nextCursor, partial: !result.complete, tookMs: result.tookMs, total });
      if (this.state.live) await this.startTail(generation);
    } catch (error) {
      if (generation === this.generation) this.update({ status: 'failed', error: messageOf(error) });
    }
  }

  /** A search on every host or one agent (fleet.logs, each host by its own logs.search), then a tail on each that answered. */
  private async loadFleet(request: LoadRequest, generation: number): Promise<void> {
    try {
      const range = this.rangeStart === undefined ? {} : { start: this.rangeStart };
      const hosts = request.host === ALL_HOSTS ? {} : { hosts: [request.host as string] };
      const result = await this.bridge.invoke('fleet.logs', { query: request.query, limit: PAGE, ...range, ...hosts });
      if (generation !== this.generation) return;
      this.hostCursors = result.cursors;
      this.newestByHost = new Map();
      const lines = mergeInTimeOrder([], result.lines.map(withoutContext)) as FeedLine[];
      for (const line of lines) this.newestByHost.set(line.host as string, Math.max(this.newestByHost.get(line.host as string) ?? 0, line.id));
      for (const host of Object.keys(result.cursors)) if (!this.newestByHost.has(host)) this.newestByHost.set(host, 0);
      this.update({
        lines,
        terms: result.terms,
        status: 'ready',
        olderCursor: this.fleetOlderCursor(),
        partial: !result.complete,
        tookMs: result.tookMs,
        total: result.total ?? null,
        missing: result.missing,
      });
      if (this.state.live) await this.startHostTails(request.query, generation);
    } catch (error) {
      if (generation === this.generation) this.update({ status: 'failed', error: messageOf(error) });
    }
  }

  /** The next page back on each host that has older lines, each from its own cursor. */
  private async loadOlderFleet(request: LoadRequest): Promise<number> {
    const cursors = Object.entries(this.hostCursors).flatMap(([host, cursor]) => (cursor === null ? [] : [`${host}:${cursor}`]));
    if (cursors.length === 0 || this.loadingOlder) return 0;
    this.loadingOlder = true;
    const generation = this.generation;
    try {
      const range = this.rangeStart === undefined ? {} : { start: this.rangeStart };
      const result = await this.bridge.invoke('fleet.logs', { query: request.query, limit: PAGE, ...range, cursors });
      if (generation !== this.generation) return 0;
      this.hostCursors = { ...this.hostCursors, ...result.cursors };
      for (const { agent } of result.missing) this.hostCursors[agent] = null;
      const lines = this.state.lines;
      const first = lines[0];
      const merged = mergeInTimeOrder(lines, result.lines.map(withoutContext));
      const above = first === undefined ? merged.length : merged.indexOf(first);
      lines.length = 0;
      for (const line of merged) lines.push(line);
      this.update({
        olderCursor: this.fleetOlderCursor(),
        partial: !result.complete,
        tookMs: result.tookMs,
        missing: mergeMissing(this.state.missing, result.missing),
      });
      return above;
    } catch (error) {
      this.update({ error: messageOf(error) });
      return 0;
    } finally {
      this.loadingOlder = false;
    }
  }

  private fleetOlderCursor(): string | null {
    return Object.values(this.hostCursors).some((cursor) => cursor !== null) ? 'hosts' : null;
  }

  private async startHostTails(query: string, generation: number): Promise<void> {
    const tails = new HostTails(this.bridge, {
      onBatch: (host, batch) => this.receiveFromHost(host, batch),
      onFailed: (host, reason) => this.update({ missing: mergeMissing(this.state.missing, [{ agent: host, reason: `no live lines: ${reason}` }]) }),
    });
    this.hostTails = tails;
    await tails.start(
      query,
      [...this.newestByHost].map(([host, afterId]) => ({ host, afterId })),
    );
    if (generation !== this.generation && this.hostTails === tails) await this.stopTail();
  }

  private receiveFromHost(host: string, batch: LogTailBatch): void {
    const lines = this.state.lines;
    let newest = this.newestByHost.get(host) ?? 0;
    let added = 0;
    for (const line of batch.lines) {
      if (line.id <= newest) continue;
      const onHost: FeedLine = { ...line, host };
      insertInTimeOrder(lines, onHost);
      newest = Math.max(newest, line.id);
      added++;
    }
    this.newestByHost.set(host, newest);
    const excess = lines.length - this.maxLines;
    if (excess > 0) lines.splice(0, excess);
    const total = this.state.total === null ? null : { ...this.state.total, count: this.state.total.count + added + batch.dropped };
    this.update({ dropped: this.state.dropped + batch.dropped, total });
  }

  /** The lines around one line (or a service's line nearest a moment), of all services or of the anchor's. */
  async loadContext(request: ContextRequest): Promise<void> {
    const generation = ++this.generation;
    this.request = { query: request.query, rangeMs: null, live: false };
    await this.stopTail();
    const terms = highlightTerms(parseLogQuery(request.query));
    this.update({ ...emptyState, lines: this.state.lines, version: this.state.version, status: 'loading', mode: 'context', terms });
    try {
      const anchor =
        'id' in request.anchor
          ? { id: request.anchor.id }
          : { at: request.anchor.at, ...(request.anchor.service === null ? {} : { service: request.anchor.service }) };
      let services: string[] | undefined;
      if (request.scope === 'service') {
        // "This service": the anchor's, which a moment's service names and a line id does not.
        const service = 'service' in anchor ? anchor.service : (await this.askContext(request.host, { ...anchor, before: 0, after: 0 })).anchor?.service;
        services = service === undefined ? undefined : [service];
      }
      if (generation !== this.generation) return;
      const result = await this.askContext(request.host, {
        ...anchor,
        before: CONTEXT_LINES,
        after: CONTEXT_LINES,
        ...(services === undefined ? {} : { services }),
      });
      if (generation !== this.generation) return;
      this.context = { services, host: request.host };
      this.update({
        lines: result.lines,
        status: 'ready',
        anchor: result.anchor,
        anchorId: result.anchor?.id ?? null,
        moreBefore: result.moreBefore,
        moreAfter: result.moreAfter,
      });
    } catch (error) {
      if (generation === this.generation) this.update({ status: 'failed', error: messageOf(error) });
    }
  }

  /** The next page back (the user scrolled to the top); returns how many lines were added above the first. */
  async loadOlder(): Promise<number> {
    if (this.state.mode === 'context') return this.moreContext('before');
    const request = this.request;
    if (request !== null && isFleetWide(request)) return this.loadOlderFleet(request);
    const cursor = this.state.olderCursor;
    if (request === null || cursor === null || this.loadingOlder) return 0;
    this.loadingOlder = true;
    const generation = this.generation;
    try {
      const range = this.rangeStart === undefined ? {} : { start: this.rangeStart };
      const result = await this.bridge.invoke('logs.search', { query: request.query, limit: PAGE, cursor, ...range });
      if (generation !== this.generation) return 0;
      const lines = this.state.lines;
      const first = lines[0];
      const merged = mergeInTimeOrder(lines, result.lines);
      // Pages are cut by arrival: a few older-page lines can belong among the shown ones.
      const above = first === undefined ? merged.length : merged.indexOf(first);
      // In place, and without spreading a million arguments.
      lines.length = 0;
      for (const line of merged) lines.push(line);
      const excess = lines.length - this.maxLines;
      if (excess > 0) lines.splice(lines.length - excess, excess);
      this.update({ olderCursor: result.nextCursor, partial: !result.complete, tookMs: result.tookMs });
      return above;
    } catch (error) {
      this.update({ error: messageOf(error) });
      return 0;
    } finally {
      this.loadingOlder = false;
    }
  }

  /** In context: more lines above the first or below the last; returns how many were added. */
  async moreContext(side: 'before' | 'after'): Promise<number> {
    const edge = side === 'before' ? this.state.lines[0] : this.state.lines.at(-1);
    const more = side === 'before' ? this.state.moreBefore : this.state.moreAfter;
    if (this.state.mode !== 'context' || this.context === null || edge === undefined || !more || this.loadingContext) return 0;
    this.loadingContext = true;
    const generation = this.generation;
    try {
      const { services, host } = this.context;
      const result = await this.askContext(host, {
        id: edge.id,
        before: side === 'before' ? CONTEXT_LINES : 0,
        after: side === 'after' ? CONTEXT_LINES : 0,
        ...(services === undefined ? {} : { services }),
      });
      if (generation !== this.generation) return 0;
      const added = result.lines.filter((line) => line.id !== edge.id);
      if (side === 'before') {
        this.state.lines.unshift(...added);
        this.update({ moreBefore: result.moreBefore });
      } else {
        this.state.lines.push(...added);
        this.update({ moreAfter: result.moreAfter });
      }
      return added.length;
    } catch (error) {
      this.update({ error: messageOf(error) });
      return 0;
    } finally {
      this.loadingContext = false;
    }
  }

  /** logs.context on the host the context is of: this console's own, or an agent's (ids are each host's own). */
  private async askContext(host: string | undefined, input: CommandInput<'logs.context'>): Promise<CommandOutput<'logs.context'>> {
    if (host === undefined || host === LOCAL_HOST || host === ALL_HOSTS) return this.bridge.invoke('logs.context', input);
    return (await this.bridge.invoke('agents.call', { agent: host, command: 'logs.context', input })) as CommandOutput<'logs.context'>;
  }

  async setLive(live: boolean): Promise<void> {
    if (live === this.state.live || this.state.mode === 'context') return;
    if (!live) {
      await this.stopTail();
      this.update({ live: false });
      return;
    }
    if (this.request === null) return;
    await this.load({ ...this.request, live: true });
  }

  dispose(): void {
    this.generation++;
    this.stopEvents();
    void this.stopTail();
  }

  private async startTail(generation: number): Promise<void> {
    const request = this.request as LoadRequest;
    this.startingTail = true;
    let started;
    try {
      started = await this.bridge.invoke('logs.tail', { query: request.query, ...(this.newestId === 0 ? {} : { afterId: this.newestId }) });
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
    const hostTails = this.hostTails;
    this.hostTails = null;
    if (hostTails !== null) await hostTails.stop();
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
    let added = 0;
    for (const line of batch.lines) {
      if (line.id <= this.newestId) continue;
      insertInTimeOrder(lines, line);
      this.newestId = Math.max(this.newestId, line.id);
      added++;
    }
    const excess = lines.length - this.maxLines;
    if (excess > 0) lines.splice(0, excess);
    const total = this.state.total === null ? null : { ...this.state.total, count: this.state.total.count + added + batch.dropped };
    this.update({ dropped: this.state.dropped + batch.dropped, total, olderCursor: excess > 0 ? String(lines[0]?.id ?? '') : this.state.olderCursor });
    // Asking for the next batch only after this one is applied is the flow control.
    void this.bridge.invoke('logs.tailAck', { tailId: batch.tailId }).catch(() => undefined);
  }

  private update(patch: Partial<LogFeedState>): void {
    this.state = { ...this.state, ...patch, version: this.state.version + 1 };
    for (const listener of [...this.listeners]) listener();
  }
}

/** Not this console alone: every host, or one agent. */
function isFleetWide(request: LoadRequest): boolean {
  return request.host !== undefined && request.host !== LOCAL_HOST;
}

/** A fleet search's hit as a feed line (the neighbouring lines of `context` are not shown here). */
function withoutContext(hit: FeedLine & { before?: unknown; after?: unknown }): FeedLine {
  const { before: _before, after: _after, ...line } = hit;
  return line;
}

function mergeMissing(current: LogFeedState['missing'], more: LogFeedState['missing']): LogFeedState['missing'] {
  const byAgent = new Map(current.map((entry) => [entry.agent, entry]));
  for (const entry of more) byAgent.set(entry.agent, entry);
  return [...byAgent.values()];
}
