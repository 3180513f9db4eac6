import type { LifecyclePhase, ServiceRuntime } from '../../shared/types/operate';
import { formatDuration } from '../../shared/duration';
import type { AuditLog } from '../store/audit-log';
import type { Clock, TimerHandle } from '../clock';
import type { Logger } from '../logger';
import type { DependencyOutage } from './dependency-outage';
import type { AlertEscalation, LivenessHealth, ProbeHealth, ServiceProbeHealth } from './ports';
import { backoffDelay, describeCause, restartsInWindow, shouldRestart, type CountedRestart, type FailureCause, type RestartSettings } from './restart-policy';
import { StartError, type ExitInfo, type ProcessHandle, type ServiceRunner, type ServiceSpec } from '../process/runner';
import { actorWords } from './actor-words';
import type { StartSettings } from './start-settings';
import type { Supervised } from './supervised';
import { parseReplicaId } from '../../shared/replica-id';

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
  /** A dependency that is down and explains a failure of the service, as the services stand now. */
  currentOutage(service: string): DependencyOutage | null;
  /** The same, after checking afresh the dependencies that look up (their last verdict may predate the failure). */
  confirmOutage(service: string): Promise<DependencyOutage | null>;
}

/** A run that ended without being asked to: what ended it, and how long its restart was to wait (null: not restarted). */
export interface RunFailure {
  what: string;
  restartDelayMs: number | null;
}

export interface StepOutcome {
  ok: boolean;
  /** Nothing had to be done (already running / already stopped). */
  unchanged: boolean;
  message: string;
}

/**
 * One service's life as Zervigo runs it: start (or adopt), readiness, stop, and self-healing.
 * A failure (exit, liveness probes down, not ready in time, a rule) after a clean run — ready,
 * and up for min_uptime — is restarted at once; failures in a row back off exponentially and
 * count against the budget, and when its window holds too many the supervisor gives up and
 * escalates. A failure explained by a dependency that is down is not restarted: the service
 * waits for it ("held") and carries on when it is back. Actions are serialized; events (exit,
 * probe health) are handled as they come.
 */
export class ServiceSupervisor implements Supervised {
  private phase: LifecyclePhase = 'stopped';
  private reason: string | null = null;
  private desired = false;
  private handle: ProcessHandle | null = null;
  /** The start settings the running process was started (or adopted) with. */
  private runningWith: StartSettings | null = null;
  /** The handle being stopped on purpose: its exit is not a failure. */
  private stopping: ProcessHandle | null = null;
  /** Failures in a row: reset by a clean run. */
  private streak = 0;
  /** The current process was ready and lived min_uptime: its failure starts a new streak. */
  private ranFine = false;
  /** Restarts the budget counts (crash-loop and rule restarts), within its window. */
  private counted: CountedRestart[] = [];
  /** How the scheduled restart counts against the budget, if at all. */
  private scheduledCount: CountedRestart['why'] | null = null;
  private restarts = 0;
  /** Failures met so far (each end of a run Zervigo did not ask for), and the last one's words and wait. */
  private failures = 0;
  private lastFailure: RunFailure | null = null;
  /** Not restarted because a dependency is down: what it waits for. */
  private held: DependencyOutage | null = null;
  /** How its process ended while held ("exited with code 1"), if it did. */
  private heldExit: string | undefined;
  private liveness: LivenessHealth = { status: 'unknown', reason: null };
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

  /** The dependency outage it waits out instead of being restarted, or null. */
  get heldBy(): DependencyOutage | null {
    return this.held;
  }

  /** How many of its runs have failed so far: a mark to ask `failedSince` about later. */
  get failureMark(): number {
    return this.failures;
  }

  /**
   * The last failure since `mark` (an exit, failing liveness probes, not ready in time, a rule's
   * restart), or null: a run that was ready and has ended since was not a lasting start, even if
   * it was restarted at once.
   */
  failedSince(mark: number): RunFailure | null {
    return this.failures > mark ? this.lastFailure : null;
  }

  view(): ServiceRuntime {
    const running = this.handle !== null;
    return {
      phase: this.phase,
      pid: this.handle?.pid ?? null,
      startedAt: this.handle?.startedAt ?? null,
      restarts: this.restarts,
      failures: this.streak,
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

  measured(): readonly Supervised[] {
    return [this];
  }

  setUsage(cpuPercent: number | null, memoryBytes: number | null): void {
    if (cpuPercent === this.usage.cpuPercent && memoryBytes === this.usage.memoryBytes) return;
    this.usage = { cpuPercent, memoryBytes };
    this.changed();
  }

  /** Shown while a start waits for this service's dependencies; its probes wait too, saying so. */
  markWaiting(reason: string): void {
    if (this.handle !== null || this.phase === 'stopping') return;
    this.deps.probeHealth.pause(this.name, `${reason}; checked as soon as ${this.name} starts`);
    this.setPhase('waiting', reason);
  }

  /** A start that was waiting will not happen (a dependency failed): say why, without changing what runs. */
  markBlocked(reason: string): void {
    if (this.phase !== 'waiting') return;
    this.deps.probeHealth.pause(this.name);
    this.setPhase(this.desired ? 'failed' : 'stopped', reason);
  }

  /**
   * The manager's news for a held service: the outage goes on (perhaps in other words), or it
   * is over. Then a running service gets a fresh verdict from its own probes (the failures seen
   * during the outage are not its own), and one whose process ended while waiting is started.
   */
  dependencyChanged(outage: DependencyOutage | null): void {
    const held = this.held;
    if (held === null || this.disposed) return;
    if (outage !== null) {
      if (outage.reason === held.reason) return;
      this.held = outage;
      if (this.phase === 'waiting') this.setPhase('waiting', this.waitingWords(outage, this.heldExit));
      else this.changed();
      return;
    }
    this.held = null;
    const back = `${held.roots.join(', ')} ${held.roots.length === 1 ? 'is' : 'are'} back`;
    if (this.handle !== null) {
      this.deps.probeHealth.recheck(this.name);
      if (this.phase === 'starting' && !this.timers.has('ready'))
        this.timers.set(
          'ready',
          this.deps.clock.setTimeout(() => this.onNotReady(), this.config.readyTimeoutMs),
        );
      this.deps.logger.info({ service: this.name }, `${back}; checking ${this.name} afresh`);
      this.changed();
      return;
    }
    if (!this.desired || this.phase !== 'waiting') return;
    void this.enqueue(async () => {
      if (this.handle !== null || !this.desired || this.held !== null || this.phase !== 'waiting') return;
      const id = this.deps.audit.begin({ actor: 'supervisor', action: 'start', target: this.name, message: `${back}; starting it again` });
      const outcome = await this.spawn();
      this.deps.audit.finish(id, outcome.ok ? 'ok' : 'failed', `${back} → ${outcome.message}`);
    });
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
      this.held = null;
      this.desired = true;
      this.cancel('restart');
      return this.spawn();
    });
  }

  stop(actor: string): Promise<StepOutcome> {
    return this.enqueue(async () => {
      this.desired = false;
      this.held = null;
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
      // A rule sees the symptom too (probe_success == 0 of every dependent): the cause is healed, not this.
      const outage = this.held ?? this.deps.currentOutage(this.name);
      if (outage !== null) return { ok: false, unchanged: true, message: `not restarted: ${outage.reason}` };
      const handle = this.handle;
      if (handle !== null) await this.stopHandle(handle);
      this.fail({ kind: 'rule', rule });
      const phase = this.phase as LifecyclePhase;
      return { ok: phase === 'backoff', unchanged: false, message: this.reason ?? phase };
    });
  }

  /**
   * Probe health: `health` over every probe gates readiness; `liveness` over the liveness probes
   * alone may restart it — unless a dependency that is down explains the failure.
   */
  onProbeHealth(health: ProbeHealth, probeReason: string | null, liveness: LivenessHealth = { status: health, reason: probeReason }): void {
    if (this.disposed) return;
    this.probeReason = probeReason;
    this.liveness = liveness;
    if (health === 'up') this.held = null;
    if (this.phase === 'starting' && health === 'up') this.markReady();
    else if (this.phase === 'running') {
      if (health === 'up') this.armUptime();
      else this.cancel('uptime');
      const settings = this.config.restart;
      if (liveness.status === 'down' && this.held === null && settings.on_probe_failure && settings.policy !== 'never') {
        const handle = this.handle;
        void this.enqueue(async () => {
          if (this.handle !== handle || handle === null || this.phase !== 'running' || this.held !== null) return;
          const outage = await this.deps.confirmOutage(this.name);
          if (this.handle !== handle || this.phase !== 'running') return;
          if (outage !== null) return this.hold(outage);
          // Recovered while its dependencies were being checked.
          if (this.liveness.status !== 'down') return;
          const why = this.liveness.reason;
          this.setPhase('stopping', `probes failing${why ? `: ${why}` : ''}; restarting`);
          await this.stopHandle(handle).catch(() => undefined);
          this.fail({ kind: 'probe', reason: why });
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
    return {
      ok: true,
      unchanged: false,
      message: handle.adopted ? `adopted the running process${handle.pid ? ` (pid ${handle.pid})` : ''}` : `started (pid ${handle.pid ?? 'unknown'})`,
    };
  }

  private async findExisting(): Promise<ProcessHandle | null> {
    const spec = this.config.spec;
    return (await this.deps.runnerFor(spec).find(spec)) ?? (await this.deps.findRunning(spec));
  }

  private attach(handle: ProcessHandle): void {
    this.handle = handle;
    this.runningWith = this.config.startSettings;
    this.ranFine = false;
    this.nextRestartAt = null;
    this.deps.probeHealth.recheck(this.name, this.config.readyTimeoutMs);
    void handle.exited.then((info) => this.onExit(handle, info));
    this.setPhase('starting', handle.adopted ? 'adopted; waiting for it to be ready' : null);
    this.timers.set(
      'ready',
      this.deps.clock.setTimeout(() => this.onNotReady(), this.config.readyTimeoutMs),
    );
    if (!this.config.hasProbes)
      this.timers.set(
        'grace',
        this.deps.clock.setTimeout(() => this.markReady(), handle.adopted ? 0 : READY_GRACE_MS),
      );
    else if (this.deps.probeHealth.get(this.name) === 'up') this.markReady();
  }

  private markReady(): void {
    if (this.phase !== 'starting' || this.handle === null) return;
    this.cancel('ready');
    this.cancel('grace');
    this.setPhase('running', null);
    if (!this.config.hasProbes || this.deps.probeHealth.get(this.name) === 'up') this.armUptime();
  }

  /**
   * Ready, healthy, and min_uptime since its start (supervisord's startsecs): a clean run. The
   * failures in a row are over and crash-loop restarts leave the budget; its next failure is a
   * first one, restarted at once.
   */
  private armUptime(): void {
    const handle = this.handle;
    if (this.timers.has('uptime') || this.ranFine || handle === null) return;
    const left = Math.max(0, handle.startedAt + this.config.restart.min_uptime - this.deps.clock.now());
    this.timers.set(
      'uptime',
      this.deps.clock.setTimeout(() => {
        this.timers.delete('uptime');
        if (this.phase !== 'running' || this.handle !== handle) return;
        this.ranFine = true;
        this.streak = 0;
        this.counted = this.counted.filter((restart) => restart.why === 'rule');
        this.changed();
      }, left),
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
      // Not ready because a dependency went down meanwhile: wait for it (the timer starts again when it is back).
      const outage = await this.deps.confirmOutage(this.name);
      if (this.handle !== handle || this.phase !== 'starting') return;
      if (outage !== null) return this.hold(outage);
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
    const what = info.reason ?? describeCause({ kind: 'exit', code: info.code, signal: info.signal });
    if (!this.desired) {
      this.deps.probeHealth.pause(this.name);
      this.setPhase('stopped', what);
      return;
    }
    // Ended while a dependency is down: started again once it is back, not restarted into the outage.
    const outage = this.held ?? this.deps.currentOutage(this.name);
    if (outage !== null) {
      this.deps.probeHealth.pause(this.name, `waiting for ${outage.roots.join(', ')}; checked as soon as ${this.name} runs again`);
      this.hold(outage, what);
      return;
    }
    this.deps.probeHealth.pause(this.name);
    this.fail({ kind: 'exit', code: info.code, signal: info.signal }, info.reason);
  }

  /** Not restarted: a dependency that is down explains the failure. Audited once per outage. */
  private hold(outage: DependencyOutage, exited?: string): void {
    const first = this.held === null;
    this.held = outage;
    if (first || exited !== undefined) this.heldExit = exited;
    this.cancel('uptime');
    if (first)
      this.deps.audit.record({
        actor: 'supervisor',
        action: 'wait',
        target: this.name,
        outcome: 'skipped',
        message: `not restarted: ${outage.reason}${exited === undefined ? '' : ` (it ${exited})`}`,
        details: { waitingFor: outage.roots },
      });
    if (exited !== undefined) this.noteFailure(exited, null);
    if (exited !== undefined) this.setPhase('waiting', this.waitingWords(outage, exited));
    else this.changed();
  }

  private waitingWords(outage: DependencyOutage, exited?: string): string {
    const roots = outage.roots.join(', ');
    return `${outage.reason}; ${exited === undefined ? 'it' : `it ${exited}:`} starts again once ${roots} ${outage.roots.length === 1 ? 'is' : 'are'} back`;
  }

  /**
   * The self-healing decision. A failure after a clean run starts a new streak and is restarted
   * at once; one within min_uptime of the start (or before it was ready) continues the streak:
   * backed off, and counted against the budget, as are rule restarts. A spent budget gives up
   * and escalates.
   */
  private fail(cause: FailureCause, detail?: string): void {
    const what = detail ?? describeCause(cause);
    const settings = this.config.restart;
    if (!this.desired) return;
    if (!shouldRestart(settings, cause)) {
      const clean = cause.kind === 'exit' && cause.code === 0 && cause.signal === null;
      if (!clean) this.noteFailure(what, null);
      this.desired = false;
      this.setPhase(clean ? 'stopped' : 'failed', clean ? what : `${what}; restart policy is ${settings.policy}`);
      return;
    }
    const now = this.deps.clock.now();
    const crashLoop = !this.ranFine;
    if (!crashLoop) {
      this.streak = 0;
      this.counted = this.counted.filter((restart) => restart.why === 'rule');
    }
    this.ranFine = false;
    this.counted = restartsInWindow(settings, this.counted, now);
    const counts: CountedRestart['why'] | null = cause.kind === 'rule' ? 'rule' : crashLoop ? 'crash_loop' : null;
    const window = formatDuration(settings.budget.windowMs);
    if (counts !== null && this.counted.length >= settings.budget.restarts) {
      this.noteFailure(what, null);
      const n = this.counted.length;
      const restarts = `${n} restart${n === 1 ? '' : 's'} within ${window}`;
      const message = this.counted.some((restart) => restart.why === 'crash_loop')
        ? `gave up: ${restarts} did not keep it running for ${seconds(settings.min_uptime)} (a crash loop); last: ${what}`
        : `gave up: ${restarts} asked for by rules did not fix it; last: ${what}`;
      this.setPhase('given_up', message);
      this.deps.audit.record({
        actor: 'supervisor',
        action: 'give_up',
        target: this.name,
        outcome: 'failed',
        message,
        details: { budget: settings.budget, cause },
      });
      this.escalated = true;
      this.deps.escalation.raise({
        alertname: GIVEN_UP_ALERT,
        labels: this.givenUpLabels(),
        annotations: { summary: `${this.name} gave up restarting`, description: message },
      });
      return;
    }
    this.streak += 1;
    const delay = backoffDelay(settings, this.streak);
    this.noteFailure(what, delay);
    this.nextRestartAt = now + delay;
    this.scheduledCount = counts;
    const when = delay === 0 ? 'restarting now' : `restarting in ${formatDuration(delay)}`;
    const tally = counts === null ? '' : ` (restart ${this.counted.length + 1} of ${settings.budget.restarts} within ${window})`;
    this.setPhase('backoff', `${what}; ${when}${tally}`);
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
    if (this.scheduledCount !== null) this.counted.push({ at: this.deps.clock.now(), why: this.scheduledCount });
    this.scheduledCount = null;
    this.restarts += 1;
    const id = this.deps.audit.begin({ actor, action: 'restart', target: this.name, message: why, details: { attempt: this.streak } });
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
    this.deps.probeHealth.pause(this.name);
  }

  private noteFailure(what: string, restartDelayMs: number | null): void {
    this.failures += 1;
    this.lastFailure = { what, restartDelayMs };
  }

  private forgetFailures(why: string): void {
    this.streak = 0;
    this.counted = [];
    this.scheduledCount = null;
    this.nextRestartAt = null;
    this.resolveEscalation();
    this.deps.logger.debug({ service: this.name, why }, 'failures forgotten');
  }

  private resolveEscalation(): void {
    if (!this.escalated) return;
    this.escalated = false;
    this.deps.escalation.resolve({ alertname: GIVEN_UP_ALERT, labels: this.givenUpLabels() });
  }

  /** A replica's escalation names its service and which replica (service="web", replica="2"), as its probe series do. */
  private givenUpLabels(): Record<string, string> {
    const replica = parseReplicaId(this.name);
    return replica === null
      ? { service: this.name, severity: 'critical' }
      : { service: replica.service, replica: String(replica.replica), severity: 'critical' };
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

/** "1.5s", "30s": a configured span under a minute as seconds (formatDuration would say 1s500ms). */
function seconds(ms: number): string {
  return ms >= 1_000 && ms < 60_000 ? `${ms / 1_000}s` : formatDuration(ms);
}
