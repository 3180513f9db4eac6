import type { CallMethod, Contributions, EngineMessage, PluginMessage } from '../../plugin-sdk/protocol';
import { ZervigoError } from '../../shared/errors';
import type { Clock, TimerHandle } from '../clock';
import type { Logger } from '../logger';
import type { PluginManifest } from './manifest';
import { nodeForkLauncher } from './node-fork-launcher';
import { OutputTail } from './output-tail';
import { permissionFlags } from './permission-flags';
import type { PluginLauncher, PluginProcess } from './plugin-process';
import type { RuntimeEntry } from './runtime-entry';
import { TurnBudget } from './turn-budget';

/**
 * Calls failed at a crash, or released when a restart is ready, in one turn of the engine's event
 * loop; the rest wait for the next turn. Answers themselves settle as they come: spreading them too
 * deferred a quarter of all answers under load (turns of more than 8 are common then) and measured
 * no better (bench plugins, 2026-12-05).
 */
const SETTLED_PER_TURN = 8;

export type HostState = 'starting' | 'ready' | 'down' | 'stopped';

export interface HostView {
  state: HostState;
  /** Why it is down (or last went down): a person can act on it. */
  reason: string | null;
  restarts: number;
  pid: number | null;
  /** When the next start is due (ms since epoch), while down. */
  restartAt: number | null;
}

export interface PluginHostOptions {
  manifest: PluginManifest;
  pluginDir: string;
  runtime: RuntimeEntry;
  clock: Clock;
  logger: Logger;
  memoryMb?: number;
  heartbeatMs?: number;
  /** Missing pongs this long marks the process hung: it is killed and restarted. */
  heartbeatTimeoutMs?: number;
  backoffMs?: { first: number; max: number };
  /** The process must say what it contributes within this. */
  startTimeoutMs?: number;
  onChange?: (view: HostView) => void;
  /** How its process is started: a forked Node process (default), or the desktop app's Electron utility process. */
  launcher?: PluginLauncher;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: TimerHandle;
}

/**
 * One plugin in a process of its own (a forked Node process, or an Electron utility process in the
 * desktop app: see PluginLauncher), with the memory cap and permission flags its
 * manifest allows. Calls carry their own timeout; a heartbeat finds a blocked event loop; a crash,
 * hang or failed load restarts it with doubling back-off, and the reason stays visible. Nothing it
 * does can throw into, or block, the engine.
 */
export class PluginHost {
  private child: PluginProcess | null = null;
  private state: HostState = 'stopped';
  private reason: string | null = null;
  private restarts = 0;
  private failuresInARow = 0;
  private restartAt: number | null = null;
  private restartTimer: TimerHandle | null = null;
  private heartbeat: TimerHandle | null = null;
  private startTimer: TimerHandle | null = null;
  private lastPong = 0;
  private seq = 0;
  private nextId = 1;
  private readyAt = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly output: OutputTail;
  private contributes: Contributions | null = null;
  private readyWaiters: Array<() => void> = [];
  /** A burst (a crash failing every pending call, a restart releasing every waiting check) is settled a few per turn. */
  private readonly settling = new TurnBudget(SETTLED_PER_TURN);

  constructor(private readonly options: PluginHostOptions) {
    this.output = new OutputTail(options.manifest.id, options.logger, () => options.clock.now());
  }

  get id(): string {
    return this.options.manifest.id;
  }

  /** The manifest this process was started from. */
  get manifest(): PluginManifest {
    return this.options.manifest;
  }

  view(): HostView {
    return { state: this.state, reason: this.reason, restarts: this.restarts, pid: this.child?.pid ?? null, restartAt: this.restartAt };
  }

  start(): void {
    if (this.state !== 'stopped' && this.state !== 'down') return;
    this.restartTimer?.cancel();
    this.restartTimer = null;
    this.restartAt = null;
    this.spawn();
  }

  /** Resolves once the plugin is ready (or at once if it is); for tests and the CLI's wait. */
  whenReady(): Promise<void> {
    if (this.state === 'ready') return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  async stop(): Promise<void> {
    this.setState('stopped', this.reason);
    this.restartTimer?.cancel();
    this.restartAt = null;
    const child = this.child;
    this.cleanupProcess(new ZervigoError('unavailable', `plugin ${this.id} was stopped`));
    if (child === null || !child.running) return;
    const exited = child.exited();
    if (child.kill()) await exited;
  }

  /**
   * Asks the plugin to do one thing; rejects with a message naming the plugin on timeout, crash or refusal.
   * The plugin is told `timeoutMs`; the host waits `graceMs` longer, so a plugin that times out on a busy
   * machine still gets its own reason ("no answer from db:5432 …") through before the host gives up.
   */
  call(method: CallMethod, kind: string, options: unknown, input: unknown, timeoutMs: number, graceMs = 0): Promise<unknown> {
    const child = this.child;
    if (this.state !== 'ready' || child === null)
      return Promise.reject(
        new ZervigoError('unavailable', `plugin ${this.id} is ${this.state === 'down' ? `down: ${this.reason ?? 'not running'}` : this.state}`),
      );
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = this.options.clock.setTimeout(() => {
        this.pending.delete(id);
        this.send({ t: 'cancel', id });
        reject(new ZervigoError('unavailable', `plugin ${this.id} did not answer ${method} ${kind} within ${timeoutMs} ms`));
      }, timeoutMs + graceMs);
      this.pending.set(id, { resolve, reject, timer });
      this.send({ t: 'call', id, method, kind, options, input, timeoutMs });
    });
  }

  private spawn(): void {
    const { manifest, runtime } = this.options;
    this.setState('starting', this.reason);
    this.output.clear();
    const execArgv = [`--max-old-space-size=${this.options.memoryMb ?? 128}`, ...permissionFlags(manifest.capabilities, this.options.pluginDir, [runtime.dir])];
    let child: PluginProcess;
    try {
      child = (this.options.launcher ?? nodeForkLauncher)({
        file: runtime.file,
        args: [manifest.main],
        cwd: this.options.pluginDir,
        execArgv,
        env: { NODE_ENV: 'production', PATH: process.env.PATH ?? '' },
        serviceName: `Zervigo plugin ${manifest.id}`,
      });
    } catch (error) {
      return this.failed(`could not start: ${(error as Error).message}`);
    }
    this.child = child;
    child.onOutput((stream, chunk) => this.output.add(stream, chunk));
    child.onMessage((message) => this.onMessage(child, message));
    child.onError((error) => this.failed(`its process failed: ${error.message}`, child));
    // Heard once its output is read to the end, so the reason can quote it.
    child.onExit((code, signal) => this.onExit(child, code, signal));
    this.startTimer = this.options.clock.setTimeout(
      () => this.failed(`did not load within ${this.options.startTimeoutMs ?? 10_000} ms`, child),
      this.options.startTimeoutMs ?? 10_000,
    );
  }

  private onMessage(child: PluginProcess, raw: unknown): void {
    if (child !== this.child) return;
    const message = raw as Partial<PluginMessage> | null;
    if (typeof message !== 'object' || message === null || typeof message.t !== 'string')
      return this.garbage(`a message that is not one of the protocol's (${describeValue(raw)})`);
    switch (message.t) {
      case 'pong':
        this.lastPong = this.options.clock.now();
        return;
      case 'ready':
        return this.onReady(message as Extract<PluginMessage, { t: 'ready' }>);
      case 'load_failed':
        return this.failed(`failed to load: ${String((message as { message?: unknown }).message)}`, child);
      case 'result': {
        const result = message as Partial<Extract<PluginMessage, { t: 'result' }>>;
        const pending = typeof result.id === 'number' ? this.pending.get(result.id) : undefined;
        if (pending === undefined) return; // answered after its timeout: dropped
        this.pending.delete(result.id!);
        pending.timer.cancel();
        if (result.ok === true) return pending.resolve(result.value);
        const error = new ZervigoError(
          'unavailable',
          `plugin ${this.id}: ${typeof (result as { message?: unknown }).message === 'string' ? (result as { message: string }).message : 'failed without a message'}`,
          // A channel's receiver refusing the message for good is not retried.
          (result as { permanent?: unknown }).permanent === true ? { permanent: true } : undefined,
        );
        return pending.reject(error);
      }
      default:
        return this.garbage(`an unknown message "${String(message.t).slice(0, 40)}"`);
    }
  }

  private onReady(message: Extract<PluginMessage, { t: 'ready' }>): void {
    this.startTimer?.cancel();
    const declared = this.options.manifest.contributes;
    const missing = (['probes', 'channels', 'actions', 'analysers', 'logParsers'] as const).flatMap((section) =>
      Object.keys(declared[section])
        .filter((kind) => !(message.contributes?.[section] ?? []).includes(kind))
        .map((kind) => `${section.slice(0, -1)} ${kind}`),
    );
    if (missing.length > 0)
      return this.failed(
        `its manifest declares ${missing.join(', ')} but its main module does not implement ${missing.length === 1 ? 'it' : 'them'}`,
        this.child ?? undefined,
      );
    this.contributes = message.contributes;
    this.readyAt = this.options.clock.now();
    this.lastPong = this.readyAt;
    this.setState('ready', this.reason);
    this.startHeartbeat();
    for (const waiter of this.readyWaiters.splice(0)) this.settling.run(waiter);
  }

  private startHeartbeat(): void {
    const every = this.options.heartbeatMs ?? 2_000;
    const limit = this.options.heartbeatTimeoutMs ?? every * 3;
    const beat = (): void => {
      if (this.state !== 'ready') return;
      if (this.options.clock.now() - this.lastPong > limit)
        return this.failed(`stopped answering (no heartbeat for ${limit} ms: a blocked event loop?)`, this.child ?? undefined);
      this.send({ t: 'ping', seq: ++this.seq });
      this.heartbeat = this.options.clock.setTimeout(beat, every);
    };
    this.heartbeat = this.options.clock.setTimeout(beat, every);
  }

  private garbage(what: string): void {
    this.failed(`answered garbage: ${what}`, this.child ?? undefined);
  }

  private onExit(child: PluginProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (child !== this.child) return;
    if (this.state === 'stopped') return;
    const oom = this.output.mentions('heap out of memory') || this.output.mentions('Allocation failed');
    const how = oom ? `ran out of its ${this.options.memoryMb ?? 128} MB memory cap` : signal !== null ? `was killed by ${signal}` : `exited with code ${code}`;
    const denied = this.output.lastMatching(/ERR_ACCESS_DENIED|Access to this API has been restricted/);
    const detail =
      denied !== null
        ? ` (it used a capability it did not declare: ${denied.slice(0, 200)})`
        : this.output.lastLine() !== null && !oom
          ? `: ${this.output.lastLine()!.slice(0, 200)}`
          : '';
    this.failed(`${how}${detail}`, child);
  }

  /** Ends the process, fails what is waiting, and schedules the next start with back-off. */
  private failed(reason: string, child?: PluginProcess): void {
    if (child !== undefined && child !== this.child) return;
    if (this.state === 'stopped' || this.state === 'down') return;
    this.options.logger.warn({ plugin: this.id, reason }, 'a plugin went down');
    const stableFor = this.readyAt > 0 ? this.options.clock.now() - this.readyAt : 0;
    if (stableFor > 60_000) this.failuresInARow = 0;
    this.failuresInARow++;
    this.cleanupProcess(new ZervigoError('unavailable', `plugin ${this.id} went down: ${reason}`));
    const backoff = this.options.backoffMs ?? { first: 1_000, max: 30_000 };
    const delay = Math.min(backoff.max, backoff.first * 2 ** (this.failuresInARow - 1));
    this.restartAt = this.options.clock.now() + delay;
    this.reason = reason;
    this.setState('down', reason);
    this.restartTimer = this.options.clock.setTimeout(() => {
      this.restartTimer = null;
      this.restartAt = null;
      this.restarts++;
      this.spawn();
    }, delay);
  }

  private cleanupProcess(error: Error): void {
    this.startTimer?.cancel();
    this.heartbeat?.cancel();
    for (const pending of this.pending.values()) {
      pending.timer.cancel();
      this.settling.run(() => pending.reject(error));
    }
    this.pending.clear();
    this.contributes = null;
    this.readyAt = 0;
    this.child?.kill();
    this.child = null;
  }

  private send(message: EngineMessage): void {
    this.child?.send(message, (error) => this.options.logger.debug({ plugin: this.id, err: error }, 'a message to a plugin was not delivered'));
  }

  private setState(state: HostState, reason: string | null): void {
    this.state = state;
    this.reason = reason;
    this.options.onChange?.(this.view());
  }

  /** The kinds the running process implements (null until ready). */
  implemented(): Contributions | null {
    return this.contributes;
  }
}

function describeValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
