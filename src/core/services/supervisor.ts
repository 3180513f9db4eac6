import type { LifecyclePhase, ServiceRuntime } from '../../shared/types/operate';
import { formatDuration } from '../../shared/duration';
import type { AuditLog } from '../actions/audit-log';
import type { Clock, TimerHandle } from '../clock';
import type { Logger } from '../logger';
import type { AlertEscalation, ProbeHealth, ServiceProbeHealth } from './ports';
import { backoffDelay, describeCause, restartsInWindow, shouldRestart, type FailureCause, type RestartSettings } from './restart-policy';
import { StartError, type ExitInfo, type ProcessHandle, type ServiceRunner, type ServiceSpec } from './runner';
import { actorWords } from './actor-words';
import type { StartSettings } from './start-settings';

/** A service without probes is ready once its process has run this long (supervisord's startsecs). */
export const READY_GRACE_MS = 1_000;

export const GIVEN_UP_ALERT = 'ServiceGivenUp';

export interface SupervisedConfig {
  spec: ServiceSpec;
  /** What the process takes in at start (edits of these wait for the next start). */
  startSettings: StartSettings;
  restart: RestartSettings;
  readyTimeoutMs: number;
  hasProbes: boolean;
}

export interface SupervisorDeps {
  clock: Clock;
  probeHealth: ServiceProbeHealth;
  escalation: AlertEscalation;
  audit: Pick<AuditLog, 'begin' | 'finish' | 'record'>;
  runnerFor(spec: ServiceSpec): ServiceRunner;
  /** Adoption of a process started outside Zervigo (pid file, port). */
  findRunning(spec: ServiceSpec): Promise<ProcessHandle | null>;
  logger: Logger;
}

export interface StepOutcome {
  ok: boolean;
  /** Nothing had to be done (already running / already stopped). */
  unchanged: boolean;
  message: string;
}

/**
 * One service's life as Zervigo runs it: start (or adopt), readiness, stop, and self-healing.
 * A failure (exit, probes down, not ready in time, a rule) is restarted after an exponential
 * back-off; the failures in a row reset only after min_uptime of health, and when the budget's
 * window holds too many restarts the supervisor gives up and escalates. Actions are serialized;
 * events (exit, probe health) are handled as they come.
 */
export class ServiceSupervisor {
  private phase: LifecyclePhase = 'stopped';
  private reason: string | null = null;
  private desired = false;
  private handle: ProcessHandle | null = null;
  /** The start settings the running process was started (or adopted) with. */
  private runningWith: StartSettings | null = null;
  /** The handle being stopped on purpose: its exit is not a failure. */
  private stopping: ProcessHandle | null = null;
  private failures = 0;
  private restartTimes: number[] = [];
  private restarts = 0;
  /** An alert was raised for giving up and not yet resolved. */
  private escalated = false;
  private lastExit: ServiceRuntime['lastExit'] = null;
  private nextRestartAt: number | null = null;
  private probeReason: string | null = null;
  private usage: { cpuPercent: number | null; memoryBytes: number | null } = { cpuPercent: null, memoryBytes: null };
  private readonly timers = new Map<'restart' | 'ready' | 'grace' | 'uptime', TimerHandle>();
  private chain: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<() => void>();
  private disposed = false;

  constructor(
    readonly name: string,
    private config: SupervisedConfig,
    private readonly deps: SupervisorDeps,
  ) {}

  /** Called on every change of phase, reason or figures. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get currentPhase(): LifecyclePhase {
    return this.phase;
  }

  get currentReason(): string | null {
    return this.reason;
  }

  get pid(): number | null {
    return this.handle?.pid ?? null;
  }

  get hasProbes(): boolean {
    return this.config.hasProbes;
  }

  get readyTimeoutMs(): number {
    return this.config.readyTimeoutMs;
  }

  /** The start settings its running process has (null when none runs); the workspace may have newer ones. */
  get startedWith(): StartSettings | null {
    return this.handle === null ? null : this.runningWith;
  }

  view(): ServiceRuntime {
    const running = this.handle !== null;
    return {
      phase: this.phase,
      pid: this.handle?.pid ?? null,
      startedAt: this.handle?.startedAt ?? null,
      restarts: this.restarts,
      failures: this.failures,
      nextRestartAt: this.nextRestartAt,
      lastExit: this.lastExit,
      adopted: this.handle?.adopted ?? false,
      cpuPercent: running ? this.usage.cpuPercent : null,
      memoryBytes: running ? this.usage.memoryBytes : null,
      tmuxTarget: this.handle?.tmuxTarget ?? (this.config.spec.tmux ? `${this.config.spec.tmux.session}:${this.config.spec.tmux.window}` : null),
      logFile: this.handle?.logFile ?? null,
    };
  }

  /** A new version of the workspace: used from the next start on. */
  update(config: SupervisedConfig): void {
    this.config = config;
  }

  setUsage(cpuPercent: number | null, memoryBytes: number | null): void {
    if (cpuPercent === this.usage.cpuPercent && memoryBytes === this.usage.memoryBytes) return;
    this.usage = { cpuPercent, memoryBytes };
    this.changed();
  }

  /** Shown while a start waits for this service's dependencies. */
  markWaiting(reason: string): void {
    if (this.handle !== null || this.phase === 'stopping') return;
    this.setPhase('waiting', reason);
  }

  /** A start that was waiting will not happen (a dependency failed): say why, without changing what runs. */
  markBlocked(reason: string): void {
    if (this.phase === 'waiting') this.setPhase(this.desired ? 'failed' : 'stopped', reason);
  }

  /** At startup: take over a process that is already running (tmux window, pid file, port), start nothing. */
  discover(): Promise<boolean> {
    return this.enqueue(async () => {
      if (this.handle !== null) return true;
      const handle = await this.findExisting().catch(() => null);
      if (handle === null) return false;
      this.desired = true;
      this.attach(handle);
      return true;
    });
  }

  start(actor: string): Promise<StepOutcome> {
    return this.enqueue(async () => {
      if (this.handle !== null) {
        this.desired = true;
        return { ok: true, unchanged: true, message: `already running (pid ${this.handle.pid ?? 'unknown'})` };
      }
      // A start from a person (or a batch, or autostart) is a fresh start: the budget starts over.
      this.forgetFailures(`${actor} started it`);
      this.desired = true;
      this.cancel('restart');
      return this.spawn();
    });
  }

  stop(actor: string): Promise<StepOutcome> {
    return this.enqueue(async () => {
      this.desired = false;
      this.cancelAll();
      this.resolveEscalation();
      const handle = this.handle;
      if (handle === null) {
        const wasIdle = this.phase === 'stopped';
        this.setPhase('stopped', wasIdle ? this.reason : `stopped by ${actorWords(actor)}`);
        return { ok: true, unchanged: wasIdle, message: 'not running' };
      }
      this.setPhase('stopping', `stopping (by ${actorWords(actor)})`);
      try {
        await this.stopHandle(handle);
      } catch (error) {
        this.setPhase('running', `could not stop: ${(error as Error).message}`);
        return { ok: false, unchanged: false, message: (error as Error).message };
      }
      this.setPhase('stopped', `stopped by ${actorWords(actor)}`);
      return { ok: true, unchanged: false, message: 'stopped' };
    });
  }

  /** Forget a given-up or failed state: the budget starts over. Does not start anything. */
  reset(actor: string): Promise<void> {
    return this.enqueue(async () => {
      this.forgetFailures(`reset by ${actorWords(actor)}`);
      if (this.handle === null && (this.phase === 'given_up' || this.phase === 'failed' || this.phase === 'backoff')) {
        this.cancel('restart');
        this.setPhase('stopped', `reset by ${actorWords(actor)}`);
      }
    });
  }

  /** A rule's `then: restart`: counts against the budget like any other failure. */
  restartForRule(rule: string): Promise<StepOutcome> {
    return this.enqueue(async () => {
      if (!this.desired) return { ok: false, unchanged: true, message: 'not restarted: it is stopped on purpose' };
      if (this.phase === 'given_up') return { ok: false, unchanged: true, message: 'not restarted: it has given up; reset it first' };
      if (this.phase === 'backoff') return { ok: true, unchanged: true, message: 'a restart is already scheduled' };
      const handle = this.handle;
      if (handle !== null) await this.stopHandle(handle);
      this.fail({ kind: 'rule', rule });
      const phase = this.phase as LifecyclePhase;
      return { ok: phase === 'backoff', unchanged: false, message: this.reason ?? phase };
    });
  }

  onProbeHealth(health: ProbeHealth, probeReason: string | null): void {
    if (this.disposed) return;
    this.probeReason = probeReason;
    if (this.phase === 'starting' && health === 'up') this.markReady();
    else if (this.phase === 'running') {
      if (health === 'up') this.armUptime();
      else this.cancel('uptime');
      const settings = this.config.restart;
      if (health === 'down' && settings.on_probe_failure && settings.policy !== 'never') {
        const handle = this.handle;
        void this.enqueue(async () => {
          if (this.handle !== handle || handle === null || this.phase !== 'running') return;
          this.setPhase('stopping', `probes failing${probeReason ? `: ${probeReason}` : ''}; restarting`);
          await this.stopHandle(handle).catch(() => undefined);
          this.fail({ kind: 'probe', reason: probeReason });
        });
      }
    }
    this.changed();
  }

  /** Engine shutdown: timers off, child processes stopped (tmux windows keep running). */
  async dispose(stopChildren: boolean): Promise<void> {
    this.disposed = true;
    this.cancelAll();
    const handle = this.handle;
    if (stopChildren && handle !== null && handle.tmuxTarget === null && !handle.adopted) {
      await this.stopHandle(handle).catch(() => undefined);
    }
  }

  private async spawn(): Promise<StepOutcome> {
    this.setPhase('starting', null);
    let handle: ProcessHandle;
    try {
      handle = (await this.findExisting()) ?? (await this.deps.runnerFor(this.config.spec).start(this.config.spec));
    } catch (error) {
      const message = (error as Error).message;
      // A command that cannot run as written is not retried: that would only loop.
      this.desired = false;
      this.setPhase('failed', error instanceof StartError ? message : `cannot start: ${message}`);
      return { ok: false, unchanged: false, message: this.reason as string };
    }
    this.attach(handle);
    return { ok: true, unchanged: false, message: handle.adopted ? `adopted the running process${handle.pid ? ` (pid ${handle.pid})` : ''}` : `started (pid ${handle.pid ?? 'unknown'})` };
  }

  private async findExisting(): Promise<ProcessHandle | null> {
    const spec = this.config.spec;
    return (await this.deps.runnerFor(spec).find(spec)) ?? (await this.deps.findRunning(spec));
  }

  private attach(handle: ProcessHandle): void {
    this.handle = handle;
    this.runningWith = this.config.startSettings;
    this.nextRestartAt = null;
    this.deps.probeHealth.setActive(this.name, true);
    void handle.exited.then((info) => this.onExit(handle, info));
    this.setPhase('starting', handle.adopted ? 'adopted; waiting for it to be ready' : null);
    this.timers.set('ready', this.deps.clock.setTimeout(() => this.onNotReady(), this.config.readyTimeoutMs));
    if (!this.config.hasProbes) this.timers.set('grace', this.deps.clock.setTimeout(() => this.markReady(), handle.adopted ? 0 : READY_GRACE_MS));
    else if (this.deps.probeHealth.get(this.name) === 'up') this.markReady();
  }

  private markReady(): void {
    if (this.phase !== 'starting' || this.handle === null) return;
    this.cancel('ready');
    this.cancel('grace');
    this.setPhase('running', null);
    if (!this.config.hasProbes || this.deps.probeHealth.get(this.name) === 'up') this.armUptime();
  }

  /** Healthy for min_uptime in one stretch: the failures in a row are forgiven. */
  private armUptime(): void {
    if (this.timers.has('uptime') || this.failures === 0) return;
    this.timers.set(
      'uptime',
      this.deps.clock.setTimeout(() => {
        this.timers.delete('uptime');
        if (this.phase !== 'running') return;
        this.failures = 0;
        this.changed();
      }, this.config.restart.min_uptime),
    );
  }

  private onNotReady(): void {
    this.timers.delete('ready');
    if (this.phase !== 'starting' || this.handle === null) return;
    const settings = this.config.restart;
    const waited = formatDuration(this.config.readyTimeoutMs);
    const why = this.config.hasProbes ? `its probes have not passed${this.probeReason ? ` (${this.probeReason})` : ''}` : 'it did not stay up';
    if (!settings.on_probe_failure || settings.policy === 'never') {
      this.setPhase('starting', `not ready after ${waited}: ${why}`);
      return;
    }
    const handle = this.handle;
    void this.enqueue(async () => {
      if (this.handle !== handle || this.phase !== 'starting') return;
      await this.stopHandle(handle).catch(() => undefined);
      this.fail({ kind: 'not_ready', reason: `not ready after ${waited}: ${why}` });
    });
  }

  private onExit(handle: ProcessHandle, info: ExitInfo): void {
    if (this.handle !== handle) return;
    this.handle = null;
    this.lastExit = { code: info.code, signal: info.signal, at: this.deps.clock.now() };
    if (this.stopping === handle || this.disposed) return;
    this.cancel('ready');
    this.cancel('grace');
    this.cancel('uptime');
    this.deps.probeHealth.setActive(this.name, false);
    if (!this.desired) {
      this.setPhase('stopped', info.reason ?? describeCause({ kind: 'exit', code: info.code, signal: info.signal }));
      return;
    }
    this.fail({ kind: 'exit', code: info.code, signal: info.signal }, info.reason);
  }

  /** The self-healing decision: restart after back-off, stop trying, or give up and escalate. */
  private fail(cause: FailureCause, detail?: string): void {
    const what = detail ?? describeCause(cause);
    const settings = this.config.restart;
    if (!this.desired) return;
    if (!shouldRestart(settings, cause)) {
      const clean = cause.kind === 'exit' && cause.code === 0 && cause.signal === null;
      this.desired = false;
      this.setPhase(clean ? 'stopped' : 'failed', clean ? what : `${what}; restart policy is ${settings.policy}`);
      return;
    }
    const now = this.deps.clock.now();
    this.restartTimes = restartsInWindow(settings, this.restartTimes, now);
    const window = formatDuration(settings.budget.windowMs);
    if (this.restartTimes.length >= settings.budget.restarts) {
      const message = `gave up: ${this.restartTimes.length} restart${this.restartTimes.length === 1 ? '' : 's'} within ${window} did not keep it running; last: ${what}`;
      this.setPhase('given_up', message);
      this.deps.audit.record({ actor: 'supervisor', action: 'give_up', target: this.name, outcome: 'failed', message, details: { budget: settings.budget, cause } });
      this.escalated = true;
      this.deps.escalation.raise({
        alertname: GIVEN_UP_ALERT,
        labels: { service: this.name, severity: 'critical' },
        annotations: { summary: `${this.name} gave up restarting`, description: message },
      });
      return;
    }
    this.failures += 1;
    const delay = backoffDelay(settings, this.failures);
    this.nextRestartAt = now + delay;
    this.setPhase('backoff', `${what}; restarting in ${formatDuration(delay)} (restart ${this.restartTimes.length + 1} of ${settings.budget.restarts} within ${window})`);
    const actor = cause.kind === 'rule' ? `rule:${cause.rule}` : 'supervisor';
    this.timers.set(
      'restart',
      this.deps.clock.setTimeout(() => {
        this.timers.delete('restart');
        void this.enqueue(() => this.autoRestart(actor, what));
      }, delay),
    );
  }

  private async autoRestart(actor: string, why: string): Promise<void> {
    if (!this.desired || this.phase !== 'backoff' || this.handle !== null) return;
    this.restartTimes.push(this.deps.clock.now());
    this.restarts += 1;
    const id = this.deps.audit.begin({ actor, action: 'restart', target: this.name, message: why, details: { attempt: this.failures } });
    const outcome = await this.spawn();
    this.deps.audit.finish(id, outcome.ok ? 'ok' : 'failed', `${why} → ${outcome.message}`);
  }

  private async stopHandle(handle: ProcessHandle): Promise<void> {
    this.stopping = handle;
    try {
      const info = await handle.stop(this.config.spec.stopGraceMs);
      this.lastExit = { code: info.code, signal: info.signal, at: this.deps.clock.now() };
    } finally {
      this.stopping = null;
    }
    if (this.handle === handle) this.handle = null;
    this.deps.probeHealth.setActive(this.name, false);
  }

  private forgetFailures(why: string): void {
    this.failures = 0;
    this.restartTimes = [];
    this.nextRestartAt = null;
    this.resolveEscalation();
    this.deps.logger.debug({ service: this.name, why }, 'failures forgotten');
  }

  private resolveEscalation(): void {
    if (!this.escalated) return;
    this.escalated = false;
    this.deps.escalation.resolve({ alertname: GIVEN_UP_ALERT, labels: { service: this.name, severity: 'critical' } });
  }

  private setPhase(phase: LifecyclePhase, reason: string | null): void {
    if (phase !== 'backoff') this.nextRestartAt = null;
    this.phase = phase;
    this.reason = reason;
    this.changed();
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private cancel(name: 'restart' | 'ready' | 'grace' | 'uptime'): void {
    this.timers.get(name)?.cancel();
    this.timers.delete(name);
  }

  private cancelAll(): void {
    for (const timer of this.timers.values()) timer.cancel();
    this.timers.clear();
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.chain.then(task, task);
    this.chain = run.catch(() => undefined);
    return run;
  }
}
