import path from 'node:path';
import type { Readable } from 'node:stream';
import type { HandlersOf } from '../../shared/contract/define';
import type { logCommands } from '../../shared/contract/logs';
import type { LogLine, LogSourceView } from '../../shared/types/logs';
import { every, type Clock, type TimerHandle } from '../clock';
import type { ActiveWorkspace } from '../config/active-workspace';
import type { EventBus } from '../event-bus';
import type { Logger } from '../logger';
import type { Database } from '../store/database';
import type { SeriesStore } from '../store/series-store';
import { logsHandlers } from './logs-commands';
import { LogMetrics } from './log-metrics';
import { LogPipeline, type StoredBatch } from './log-pipeline';
import { LogTails } from './log-tails';
import { patternView } from './log-stats';
import { PatternMiner } from './mining/pattern-miner';
import { globTest, parserResolver, type LogParserCall, type PluginLineParser } from './parse/plugin-parsers';
import { levelName } from './parse/level';
import { LogContext } from './store/log-context';
import { LogSearch } from './store/log-search';
import { LogStore } from './store/log-store';
import { FileSource } from './sources/file-source';
import type { LogSource } from './sources/log-source';
import { StreamSource, type OutputStream } from './sources/stream-source';
import { capturedOutputOf } from './sources/captured-output';
import { sourcesOf } from './sources/workspace-sources';

/** How the service manager (and anything else running processes) hands over their output. */
export interface LogIngest {
  /** Reads a service's stdout or stderr until it ends; returns the function that stops reading. */
  fromStream(service: string, stream: OutputStream, readable: Readable): () => void;
  /** One chunk of a service's output (any split; lines are joined across chunks). */
  write(service: string, stream: OutputStream, chunk: Buffer | string): void;
  /** Follows a file a service's output goes to (a tmux pane's pipe), from where reading last stopped. */
  followFile(service: string, file: string): void;
}

export interface LogsModuleDeps {
  db: Database;
  series: SeriesStore;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  dataDir: string;
  /**
   * The folder the service manager writes services' captured output to (<data>/services). Its
   * files are read through the capture itself: a `logs:` glob that matches them is not read again.
   */
  capturedOutputDir?: string;
  /** How often queued lines are written (one transaction each). */
  flushEveryMs?: number;
  /** How often retention runs and read positions are saved. */
  upkeepEveryMs?: number;
  /** Write on a worker thread (the default); off, writes run on the caller's thread. */
  writerThread?: boolean;
  /** Calls a plugin's log parser kind (logs.parsers); none: those lines are read by the built-in parser. */
  parseLines?: LogParserCall;
}

/**
 * The logs part of the engine: sources from the workspace, the pipeline, the store with its
 * retention, pattern mining, live tails and the counters. The engine creates one and calls
 * applyWorkspace, tick, maintain and stop; everything else happens here.
 */
export class LogsModule {
  readonly handlers: HandlersOf<typeof logCommands>;
  /** How the service manager (and anything else running processes) hands over their output. */
  readonly ingest: LogIngest;
  readonly store: LogStore;
  readonly search: LogSearch;
  readonly pipeline: LogPipeline;
  readonly tails: LogTails;
  readonly metrics: LogMetrics;
  private readonly miner: PatternMiner;
  private readonly running = new Map<string, LogSource>();
  private readonly streams = new Map<string, StreamSource>();
  // Output files of the services Zervigo runs: kept across workspace changes, unlike `running`.
  private readonly outputs = new Map<string, LogSource>();
  private readonly timers: TimerHandle[] = [];
  private maxLineBytes = 64 * 1024;
  private sourcesChanged = false;
  /** The plugin parser of a source (logs.parsers), and the last problem of each parser entry. */
  private parserOf: (source: { service: string; name: string; kind: string }) => PluginLineParser | null = () => null;
  private readonly parserProblems = new Map<string, string>();
  private stopped = false;
  private again: NodeJS.Immediate | NodeJS.Timeout | null = null;
  private readonly changed = (): void => {
    this.sourcesChanged = true;
  };

  constructor(private readonly deps: LogsModuleDeps) {
    const { clock, bus, logger } = deps;
    const store = new LogStore(deps.db, { maxBytes: 1024 ** 3, maxAgeMs: 14 * 86_400_000 });
    if (deps.writerThread !== false) store.useWriterThread((error) => logger.error({ err: error }, 'writing log lines failed'));
    this.store = store;
    this.search = new LogSearch(store);
    this.miner = new PatternMiner({}, store.maxPatternId() + 1);
    this.miner.load(store.loadPatterns());
    this.metrics = new LogMetrics(deps.series);
    for (const record of this.miner.all()) this.metrics.setPattern(record.id, record.service, record.count);
    this.tails = new LogTails(
      (batch) => bus.emit('logs.lines', batch),
      () => clock.now(),
    );
    this.pipeline = new LogPipeline(
      store,
      this.miner,
      clock,
      (batch) => this.onStored(batch),
      (parser, error) => this.parserAnswered(parser, error),
    );
    this.handlers = logsHandlers({
      store,
      search: this.search,
      context: new LogContext(store),
      miner: this.miner,
      tails: this.tails,
      clock,
      sources: () => this.sources(),
      settle: (maxWaitMs) => this.settled(maxWaitMs),
    });
    this.ingest = {
      fromStream: (service, stream, readable) => this.streamFor(service, stream).attach(readable),
      write: (service, stream, chunk) => this.streamFor(service, stream).write(chunk),
      followFile: (service, file) => this.followFile(service, file),
    };
    this.timers.push(every(clock, deps.flushEveryMs ?? 250, () => this.safely('reading logs', () => this.pump())));
    this.timers.push(every(clock, deps.upkeepEveryMs ?? 5_000, () => this.upkeep()));
  }

  applyWorkspace(active: ActiveWorkspace): void {
    const storage = active.config.storage.logs;
    this.store.limits = { maxBytes: storage.max_size, maxAgeMs: storage.max_age };
    this.maxLineBytes = active.config.logs.max_line;
    const baseDir = active.path === null ? process.cwd() : path.dirname(active.path);
    const wanted = sourcesOf(active.config, {
      baseDir,
      maxLineBytes: this.maxLineBytes,
      pipesDir: path.join(this.deps.dataDir, 'pipes'),
      skipFile: (file) => capturedOutputOf(file, this.deps.capturedOutputDir),
    });
    const parsers = active.config.logs.parsers.map((parser) => ({ ...parser, fileTests: parser.files.map((file) => globTest(path.resolve(baseDir, file))) }));
    this.parserOf = parserResolver(parsers, this.deps.parseLines, () => this.deps.clock.now());
    this.parserProblems.clear();
    this.pipeline.setParsers((spec) => this.parserOf(spec));
    for (const [key, source] of this.running) {
      if (!wanted.has(key)) {
        source.stop();
        this.running.delete(key);
      }
    }
    for (const [key, create] of wanted) {
      if (!this.running.has(key)) this.safely(`starting log source ${key}`, () => this.running.set(key, create(this.pipeline, this.changed)));
    }
    this.changed();
  }

  /**
   * Polls sources and writes what they read (every flushEveryMs; tests may call it). One round:
   * each source reads at most a slice (1 MiB a file), then the batch is written. A backlog is
   * worked off in rounds with the event loop free between them, never in one block.
   */
  pump(): number {
    let more = false;
    const busy = this.pipeline.busy;
    if (!busy) for (const source of this.polled()) if (source.poll?.() === true) more = true;
    const written = this.pipeline.flush();
    if (this.sourcesChanged) {
      this.sourcesChanged = false;
      this.deps.bus.emit('logs.sourcesChanged', this.sources());
    }
    if ((more || busy) && this.again === null && !this.stopped) {
      const next = (): void => {
        this.again = null;
        if (!this.stopped) this.safely('reading logs', () => this.pump());
      };
      // Behind the writer: look again shortly; more to read: right after other work.
      this.again = busy ? setTimeout(next, 5) : setImmediate(next);
    }
    return written;
  }

  /** Once per engine tick: counters become samples (the engine's writer flushes them). */
  tick(): void {
    if (this.stopped) return;
    this.safely('sampling log counters', () => this.metrics.sample(this.deps.clock.now()));
    this.tails.expire();
  }

  maintain(): void {
    if (!this.stopped) this.upkeep();
  }

  sources(): LogSourceView[] {
    return [...this.polled(), ...this.streams.values()].flatMap((source) =>
      source.views().map((view) => {
        const parser = this.parserOf(view);
        if (parser === null) return view;
        return { ...view, parser: parser.name, message: this.parserProblems.get(parser.key) ?? view.message };
      }),
    );
  }

  /** A plugin parser failed a batch (read by the built-in parser instead; said on its sources and in the log), or answered again. */
  private parserAnswered(parser: PluginLineParser, error: Error | null): void {
    const before = this.parserProblems.get(parser.key);
    const now = error === null ? undefined : `${error.message}; its lines are read by the built-in parser meanwhile`;
    if (before === now) return;
    if (now === undefined) this.parserProblems.delete(parser.key);
    else {
      this.parserProblems.set(parser.key, now);
      this.deps.logger.warn({ parser: parser.name, err: error?.message }, 'logs: a plugin log parser failed; its lines are read by the built-in parser');
    }
    this.changed();
  }

  /** Resolves once every line read so far is committed (searches see it), or after `maxWaitMs`. */
  async settled(maxWaitMs?: number): Promise<void> {
    this.pipeline.flush();
    if (maxWaitMs === undefined) return this.store.settled();
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([this.store.settled(), new Promise<void>((resolve) => (timer = setTimeout(resolve, maxWaitMs)))]);
    clearTimeout(timer);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const timer of this.timers) timer.cancel();
    if (this.again !== null) {
      clearTimeout(this.again as NodeJS.Timeout);
      clearImmediate(this.again as NodeJS.Immediate);
    }
    this.safely('writing the last log lines', () => this.pump());
    this.upkeep();
    for (const source of [...this.polled(), ...this.streams.values()]) this.safely('stopping a log source', () => source.stop());
    this.running.clear();
    this.outputs.clear();
    this.streams.clear();
    this.safely('writing the last log lines', () => this.pipeline.flush(false));
    await this.store.close().catch((error: unknown) => this.deps.logger.error({ err: error }, 'closing the log writer failed'));
  }

  private polled(): LogSource[] {
    return [...this.running.values(), ...this.outputs.values()];
  }

  private onStored(batch: StoredBatch): void {
    this.metrics.record(batch);
    for (const record of batch.patterns) this.metrics.setPattern(record.id, record.service, record.count);
    if (this.tails.active) {
      const lines: (LogLine & { sourceKind: string })[] = batch.entries.map((entry, i) => ({
        id: batch.firstId + i,
        ts: entry.ts,
        level: levelName(entry.level),
        service: entry.service,
        source: entry.source.name,
        sourceKind: entry.source.kind,
        patternId: entry.patternId,
        text: entry.text,
        ...(entry.fields === undefined || entry.fields === null ? {} : { fields: { ...entry.fields } }),
      }));
      this.tails.offer(lines);
    }
    if (batch.discovered.length > 0) {
      const seen = new Set<number>();
      const patterns = batch.discovered
        .filter(({ pattern }) => !seen.has(pattern.id) && seen.add(pattern.id))
        .map(({ pattern, error }) => ({ ...patternView(pattern, this.deps.clock.now()), error }));
      // A file read from its start can yield thousands at once: the event carries the first 200.
      this.deps.bus.emit('logs.patternsDiscovered', { patterns: patterns.slice(0, 200) });
    }
  }

  private streamFor(service: string, stream: OutputStream): StreamSource {
    const key = `service:${service}:${stream}`;
    let source = this.streams.get(key);
    if (source === undefined) {
      source = new StreamSource(service, stream, this.pipeline, this.maxLineBytes, this.changed);
      this.streams.set(key, source);
      this.changed();
    }
    return source;
  }

  private followFile(service: string, file: string): void {
    const key = `output:${service}:${file}`;
    if (this.outputs.has(key) || this.stopped) return;
    const spec = {
      pattern: file,
      service,
      from: 'start' as const,
      format: 'auto' as const,
      multiline: { kind: 'auto' as const },
      maxLineBytes: this.maxLineBytes,
      origin: 'output' as const,
    };
    this.safely(`following ${file}`, () => this.outputs.set(key, new FileSource(spec, this.pipeline, this.changed)));
    this.changed();
  }

  private safely(what: string, task: () => void): void {
    try {
      task();
    } catch (error) {
      this.deps.logger.error({ err: error }, what);
    }
  }

  /** Retention and saved positions: often enough that a fast writer cannot overshoot the budget by much. */
  private upkeep(): void {
    const { clock, logger, bus } = this.deps;
    this.safely('log retention', () => {
      const notice = this.store.enforce(clock.now());
      if (notice !== null) {
        logger.warn({ reason: notice.reason, lines: notice.lines, bytes: notice.bytes }, 'old log lines removed to stay within storage.logs');
        bus.emit('logs.retention', notice);
      }
    });
    this.safely('saving log positions', () => {
      const positions = new Map<number, string>();
      for (const source of this.polled()) for (const [id, position] of source.positions?.() ?? []) positions.set(id, position);
      this.store.savePositions(positions);
    });
  }
}
