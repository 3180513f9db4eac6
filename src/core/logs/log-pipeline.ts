import { isNewPattern, type LogSourceKind } from '../../shared/types/logs';
import type { Clock } from '../clock';
import { CopyFilter, type LineOrigin } from './copy-filter';
import type { PatternMiner, PatternRecord } from './mining/pattern-miner';
import { cleanLine } from './parse/clean-text';
import { LEVEL } from './parse/level';
import { EntryJoiner, type JoinedEntry, type MultilineMode } from './parse/entry-joiner';
import { truncationMarker } from './parse/line-splitter';
import { parseLine, type LineFields, type LogFormat } from './parse/parse-line';
import { PluginLineQueue } from './parse/plugin-line-queue';
import type { PluginLineParser } from './parse/plugin-parsers';
import type { LogStore, NewEntry, SourceRecord } from './store/log-store';

export interface SourceSpec {
  key: string;
  kind: LogSourceKind;
  name: string;
  service: string;
  format: LogFormat;
  multiline: MultilineMode;
  /** Its captured output, a file it writes, or elsewhere: a line from both output and file is stored once. */
  origin: LineOrigin;
}

/** An entry that needs no parsing (the journal's records are structured already). */
export interface StructuredEntry {
  ts: number;
  level: number;
  text: string;
  message: string;
}

/** What the pipeline reports after each write, for tails, counters and pattern events. */
export interface StoredBatch {
  firstId: number;
  entries: (NewEntry & { service: string; source: SourceRecord })[];
  discovered: { pattern: PatternRecord; error: boolean }[];
  /** Patterns whose count or template changed. */
  patterns: PatternRecord[];
}

/** Entries waiting to be written; past this, sources are asked to pause (files stop reading). */
export const MAX_QUEUED = 50_000;
/** Batches handed to the writer thread and not yet committed. */
export const MAX_WRITES_IN_FLIGHT = 4;

/**
 * Read → clean → parse → join multi-line entries → mine the pattern → queue; `flush` writes
 * the queue in one transaction. Sources hold a SourceHandle and push lines into it.
 */
export class LogPipeline {
  private queue: StoredBatch['entries'] = [];
  private discovered: StoredBatch['discovered'] = [];
  private readonly handles = new Set<SourceHandle>();
  private readonly drainListeners = new Set<() => void>();
  private readonly copies = new CopyFilter();
  /** Open sources per service and origin: lines are compared only for services read from both output and a file. */
  private readonly origins = new Map<string, { output: number; file: number }>();
  /** Which plugin parser reads a source's lines (logs.parsers), or null: the built-in one. */
  private parserOf: (spec: SourceSpec) => PluginLineParser | null = () => null;
  private parsers = new WeakMap<SourceSpec, PluginLineParser | null>();
  /** Lines waiting for a plugin's parser, all sources together (counted as queued). */
  private pluginPending = 0;

  constructor(
    readonly store: LogStore,
    readonly miner: PatternMiner,
    private readonly clock: Clock,
    private readonly onStored: (batch: StoredBatch) => void,
    /** A plugin's parser failed a batch (its lines were read by the built-in parser), or answered again (error null). */
    readonly onParserProblem: (parser: PluginLineParser, error: Error | null) => void = () => {},
  ) {}

  /** Which plugin parser reads each source from now on (the workspace's logs.parsers). */
  setParsers(parserOf: (spec: SourceSpec) => PluginLineParser | null): void {
    this.parserOf = parserOf;
    this.parsers = new WeakMap();
  }

  /** @internal called by SourceHandle: the plugin parser of a source, looked up once per workspace. */
  parserFor(spec: SourceSpec): PluginLineParser | null {
    let parser = this.parsers.get(spec);
    if (parser === undefined) {
      parser = this.parserOf(spec);
      this.parsers.set(spec, parser);
    }
    return parser;
  }

  /** @internal called by a source's plugin line queue */
  pluginPendingChanged(delta: number): void {
    this.pluginPending += delta;
  }

  open(spec: SourceSpec): SourceHandle {
    const handle = new SourceHandle(this, spec, this.store.source(spec.key, spec.kind, spec.name, spec.service), this.store.serviceId(spec.service));
    this.handles.add(handle);
    this.countOrigin(spec, 1);
    return handle;
  }

  close(handle: SourceHandle): void {
    handle.idle();
    if (this.handles.delete(handle)) this.countOrigin(handle.spec, -1);
  }

  /** Full queue, or the writer thread is behind: sources stop reading until it catches up. */
  get busy(): boolean {
    return this.queue.length + this.pluginPending >= MAX_QUEUED || this.store.writesInFlight >= MAX_WRITES_IN_FLIGHT;
  }

  get queued(): number {
    return this.queue.length + this.pluginPending;
  }

  onDrain(listener: () => void): () => void {
    this.drainListeners.add(listener);
    return () => this.drainListeners.delete(listener);
  }

  /**
   * Multi-line entries held by quiet sources are finished; then everything queued is written,
   * in time order: sources are read one after another, so a batch holds each source's lines in a
   * run, and ids (the order of equal times, and of search pages) should follow the lines' times.
   */
  flush(idleSources = true): number {
    if (idleSources) for (const handle of this.handles) handle.idle();
    const entries = inTimeOrder(this.queue);
    if (entries.length === 0) return 0;
    const discovered = this.discovered;
    this.queue = [];
    this.discovered = [];
    const now = this.clock.now();
    const patterns = this.miner.takeDirty();
    const firstId = this.store.append(entries, now, patterns);
    this.onStored({ firstId, entries, discovered, patterns });
    for (const listener of [...this.drainListeners]) listener();
    return entries.length;
  }

  /** @internal called by SourceHandle */
  enqueue(handle: SourceHandle, ts: number, level: number, text: string, message: string, fields: LineFields | null = null): void {
    const now = this.clock.now();
    const { origin, service } = handle.spec;
    if (origin !== 'other') {
      const open = this.origins.get(service);
      if (open !== undefined && open.output > 0 && open.file > 0 && this.copies.isCopy(service, origin, text, now)) {
        handle.copies += 1;
        return;
      }
    }
    // A pattern's times are its lines' own times (never ahead of the clock), so an old file read
    // from its start does not announce last week's messages as new.
    const match = this.miner.match(handle.spec.service, message, level, Math.min(ts, now));
    if (match.created && isNewPattern(match.pattern.firstSeen, now)) this.discovered.push({ pattern: match.pattern, error: level >= LEVEL.error });
    this.queue.push({
      ts,
      level,
      serviceId: handle.serviceId,
      sourceId: handle.record.id,
      patternId: match.pattern.id,
      text,
      fields,
      service: handle.spec.service,
      source: handle.record,
    });
    handle.lines += 1;
    handle.lastLineAt = now;
  }

  now(): number {
    return this.clock.now();
  }

  private countOrigin(spec: SourceSpec, delta: number): void {
    if (spec.origin === 'other') return;
    const open = this.origins.get(spec.service) ?? { output: 0, file: 0 };
    open[spec.origin] += delta;
    if (open.output === 0 && open.file === 0) this.origins.delete(spec.service);
    else this.origins.set(spec.service, open);
  }
}

/** One source's way into the pipeline; it keeps the source's multi-line state. */
export class SourceHandle {
  lines = 0;
  bytes = 0;
  /** Lines not stored because the service's other origin (output or file) delivered them already. */
  copies = 0;
  lastLineAt: number | null = null;
  private readonly joiner: EntryJoiner;
  private quietSince = 0;
  private pluginLines: PluginLineQueue | null = null;

  constructor(
    private readonly pipeline: LogPipeline,
    readonly spec: SourceSpec,
    readonly record: SourceRecord,
    readonly serviceId: number,
  ) {
    this.joiner = new EntryJoiner(spec.multiline, (entry) => this.finish(entry));
  }

  /** One raw line (without its newline). */
  line(raw: string, truncatedBytes = 0): void {
    this.bytes += raw.length + 1 + truncatedBytes;
    const text = cleanLine(raw) + (truncatedBytes > 0 ? truncationMarker(truncatedBytes) : '');
    if (text.trim() === '') return;
    const now = this.pipeline.now();
    this.quietSince = 0;
    const parser = this.pipeline.parserFor(this.spec);
    if (parser !== null) {
      this.pluginLines ??= new PluginLineQueue(
        this.spec.format,
        (line, parsed, receivedAt) => this.joiner.push(line, parsed, receivedAt),
        this.pipeline.onParserProblem,
        (delta) => this.pipeline.pluginPendingChanged(delta),
      );
      return this.pluginLines.push(parser, text, now);
    }
    this.joiner.push(text, parseLine(text, this.spec.format, now), now);
  }

  /** A structured entry, stored as is. */
  entry(entry: StructuredEntry): void {
    this.bytes += entry.text.length;
    this.pipeline.enqueue(this, entry.ts, entry.level, cleanMultiline(entry.text), entry.message);
  }

  /** The source has been quiet since the last flush: a held entry is finished. */
  idle(): void {
    if (!this.joiner.holding || (this.pluginLines?.pending ?? 0) > 0) return;
    // One flush interval of quiet first: the rest of a stack trace may be on its way.
    if (this.quietSince === 0) {
      this.quietSince = 1;
      return;
    }
    this.joiner.flush();
  }

  /** The source ended (file rotated away, stream closed): finish what is held now. */
  end(): void {
    this.joiner.flush();
  }

  private finish(entry: JoinedEntry): void {
    this.pipeline.enqueue(this, entry.first.ts ?? entry.receivedAt, entry.first.level, entry.text, entry.first.message, entry.first.fields ?? null);
  }
}

function cleanMultiline(text: string): string {
  return text.includes('\n') ? text.split('\n').map(cleanLine).join('\n') : cleanLine(text);
}

/** Sorted by time, equal times in arrival order (a stable sort); most batches are in order already. */
function inTimeOrder<T extends { ts: number }>(entries: T[]): T[] {
  for (let i = 1; i < entries.length; i++) {
    if ((entries[i] as T).ts < (entries[i - 1] as T).ts) return entries.sort((a, b) => a.ts - b.ts);
  }
  return entries;
}
