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
}

export interface LogsModule {
  readonly handlers: HandlersOf<typeof logCommands>;
  readonly ingest: LogIngest;
  readonly store: LogStore;
  readonly search: LogSearch;
  readonly pipeline: LogPipeline;
  readonly tails: LogTails;
  readonly metrics: LogMetrics;
  applyWorkspace(active: ActiveWorkspace): void;
  /** Polls sources and writes what they read (every flushEveryMs; tests may call it). */
  pump(): number;
  /** Once per engine tick: counters become samples (the engine's writer flushes them). */
  tick(): void;
  maintain(): void;
  sources(): LogSourceView[];
  /** Resolves once every line read so far is committed (searches see it), or after `maxWaitMs`. */
  settled(maxWaitMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The logs part of the engine: sources from the workspace, the pipeline, the store with its
 * retention, pattern mining, live tails and the counters. The engine creates one and calls
 * applyWorkspace, tick, maintain and stop; everything else happens here.
 */
export function createLogsModule(deps: LogsModuleDeps): LogsModule {
  const { clock, bus, logger } = deps;
  const store = new LogStore(deps.db, { maxBytes: 1024 ** 3, maxAgeMs: 14 * 86_400_000 });
  if (deps.writerThread !== false) store.useWriterThread((error) => logger.error({ err: error }, 'writing log lines failed'));
  const search = new LogSearch(store);
  const miner = new PatternMiner({}, store.maxPatternId() + 1);
  miner.load(store.loadPatterns());
  const metrics = new LogMetrics(deps.series);
  for (const record of miner.all()) metrics.setPattern(record.id, record.service, record.count);
  const tails = new LogTails(
    (batch) => bus.emit('logs.lines', batch),
    () => clock.now(),
  );
  const pipeline = new LogPipeline(store, miner, clock, (batch) => onStored(batch));
  const running = new Map<string, LogSource>();
  const streams = new Map<string, StreamSource>();
  // Output files of the services Zervigo runs: kept across workspace changes, unlike `running`.
  const outputs = new Map<string, LogSource>();
  const polled = (): LogSource[] => [...running.values(), ...outputs.values()];
  const timers: TimerHandle[] = [];
  let maxLineBytes = 64 * 1024;
  let sourcesChanged = false;
  let stopped = false;

  const changed = (): void => {
    sourcesChanged = true;
  };

  function onStored(batch: StoredBatch): void {
    metrics.record(batch);
    for (const record of batch.patterns) metrics.setPattern(record.id, record.service, record.count);
    if (tails.active) {
      const lines: (LogLine & { sourceKind: string })[] = batch.entries.map((entry, i) => ({
        id: batch.firstId + i,
        ts: entry.ts,
        level: levelName(entry.level),
        service: entry.service,
        source: entry.source.name,
        sourceKind: entry.source.kind,
        patternId: entry.patternId,
        text: entry.text,
      }));
      tails.offer(lines);
    }
    if (batch.discovered.length > 0) {
      const seen = new Set<number>();
      const patterns = batch.discovered
        .filter(({ pattern }) => !seen.has(pattern.id) && seen.add(pattern.id))
        .map(({ pattern, error }) => ({ ...patternView(pattern, clock.now()), error }));
      // A file read from its start can yield thousands at once: the event carries the first 200.
      bus.emit('logs.patternsDiscovered', { patterns: patterns.slice(0, 200) });
    }
  }

  /**
   * One round: each source reads at most a slice (1 MiB a file), then the batch is written. A
   * backlog is worked off in rounds with the event loop free between them, never in one block.
   */
  let again: NodeJS.Immediate | NodeJS.Timeout | null = null;
  const pump = (): number => {
    let more = false;
    const busy = pipeline.busy;
    if (!busy) for (const source of polled()) if (source.poll?.() === true) more = true;
    const written = pipeline.flush();
    if (sourcesChanged) {
      sourcesChanged = false;
      bus.emit('logs.sourcesChanged', module.sources());
    }
    if ((more || busy) && again === null && !stopped) {
      const next = (): void => {
        again = null;
        if (!stopped) safely('reading logs', () => pump());
      };
      // Behind the writer: look again shortly; more to read: right after other work.
      again = busy ? setTimeout(next, 5) : setImmediate(next);
    }
    return written;
  };

  const streamFor = (service: string, stream: OutputStream): StreamSource => {
    const key = `service:${service}:${stream}`;
    let source = streams.get(key);
    if (source === undefined) {
      source = new StreamSource(service, stream, pipeline, maxLineBytes, changed);
      streams.set(key, source);
      changed();
    }
    return source;
  };

  const safely = (what: string, task: () => void): void => {
    try {
      task();
    } catch (error) {
      logger.error({ err: error }, what);
    }
  };

  /** Retention and saved positions: often enough that a fast writer cannot overshoot the budget by much. */
  const upkeep = (): void => {
    safely('log retention', () => {
      const notice = store.enforce(clock.now());
      if (notice !== null) {
        logger.warn({ reason: notice.reason, lines: notice.lines, bytes: notice.bytes }, 'old log lines removed to stay within storage.logs');
        bus.emit('logs.retention', notice);
      }
    });
    safely('saving log positions', () => {
      const positions = new Map<number, string>();
      for (const source of polled()) for (const [id, position] of source.positions?.() ?? []) positions.set(id, position);
      store.savePositions(positions);
    });
  };

  const module: LogsModule = {
    handlers: logsHandlers({
      store,
      search,
      context: new LogContext(store),
      miner,
      tails,
      clock,
      sources: () => module.sources(),
      settle: (maxWaitMs) => module.settled(maxWaitMs),
    }),
    ingest: {
      fromStream: (service, stream, readable) => streamFor(service, stream).attach(readable),
      write: (service, stream, chunk) => streamFor(service, stream).write(chunk),
      followFile: (service, file) => {
        const key = `output:${service}:${file}`;
        if (outputs.has(key) || stopped) return;
        const spec = {
          pattern: file,
          service,
          from: 'start' as const,
          format: 'auto' as const,
          multiline: { kind: 'auto' as const },
          maxLineBytes,
          origin: 'output' as const,
        };
        safely(`following ${file}`, () => outputs.set(key, new FileSource(spec, pipeline, changed)));
        changed();
      },
    },
    store,
    search,
    pipeline,
    tails,
    metrics,
    applyWorkspace(active) {
      const storage = active.config.storage.logs;
      store.limits = { maxBytes: storage.max_size, maxAgeMs: storage.max_age };
      maxLineBytes = active.config.logs.max_line;
      const baseDir = active.path === null ? process.cwd() : path.dirname(active.path);
      const wanted = sourcesOf(active.config, {
        baseDir,
        maxLineBytes,
        pipesDir: path.join(deps.dataDir, 'pipes'),
        skipFile: (file) => capturedOutputOf(file, deps.capturedOutputDir),
      });
      for (const [key, source] of running) {
        if (!wanted.has(key)) {
          source.stop();
          running.delete(key);
        }
      }
      for (const [key, create] of wanted) if (!running.has(key)) safely(`starting log source ${key}`, () => running.set(key, create(pipeline, changed)));
      changed();
    },
    pump,
    tick() {
      if (stopped) return;
      safely('sampling log counters', () => metrics.sample(clock.now()));
      tails.expire();
    },
    maintain() {
      if (!stopped) upkeep();
    },
    sources() {
      return [...polled(), ...streams.values()].flatMap((source) => source.views());
    },
    async settled(maxWaitMs) {
      pipeline.flush();
      if (maxWaitMs === undefined) return store.settled();
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([store.settled(), new Promise<void>((resolve) => (timer = setTimeout(resolve, maxWaitMs)))]);
      clearTimeout(timer);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const timer of timers) timer.cancel();
      if (again !== null) {
        clearTimeout(again as NodeJS.Timeout);
        clearImmediate(again as NodeJS.Immediate);
      }
      safely('writing the last log lines', () => pump());
      upkeep();
      for (const source of [...polled(), ...streams.values()]) safely('stopping a log source', () => source.stop());
      running.clear();
      outputs.clear();
      streams.clear();
      safely('writing the last log lines', () => pipeline.flush(false));
      await store.close().catch((error: unknown) => logger.error({ err: error }, 'closing the log writer failed'));
    },
  };
  timers.push(every(clock, deps.flushEveryMs ?? 250, () => safely('reading logs', () => pump())));
  timers.push(every(clock, deps.upkeepEveryMs ?? 5_000, upkeep));
  return module;
}
