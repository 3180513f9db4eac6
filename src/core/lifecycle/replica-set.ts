import type { LifecyclePhase, ServiceRuntime } from '../../shared/types/operate';
import { formatDuration } from '../../shared/duration';
import { parseReplicaId, replicaId } from '../../shared/replica-id';
import type { DependencyOutage } from './dependency-outage';
import type { LivenessHealth, ProbeHealth } from './ports';
import { replicaSpec } from './service-spec';
import type { StartSettings } from './start-settings';
import type { Supervised } from './supervised';
import { waitUntilRunning, type ReadyOutcome } from './ready-wait';
import { ServiceSupervisor, type RunFailure, type StepOutcome, type SupervisedConfig, type SupervisorDeps } from './supervisor';

/** The phase a set shows when its replicas differ and none runs: the most alive one first. */
const PHASE_ORDER: LifecyclePhase[] = ['starting', 'backoff', 'waiting', 'stopping', 'given_up', 'failed', 'stopped', 'unmanaged'];

export type ReplicaReady = ReadyOutcome;

/**
 * A service run as N replicas (services.<name>.replicas): one ServiceSupervisor per replica,
 * named web#1..web#N, each with its own ${REPLICA} and ${PORT}, process, restart policy, probes
 * and log stream — a killed replica is healed alone. The set reads as one service: running while
 * any replica answers ("2/3 up"), starting while a start waits for all. A restart rolls: one
 * replica stopped, started and ready before the next is touched, so N-1 answer throughout.
 */
export class ReplicaSet implements Supervised {
  private readonly replicas: ServiceSupervisor[] = [];
  private readonly listeners = new Set<() => void>();
  /** A start of the whole set is waiting for its replicas: the set reads "starting" until none is. */
  private startingAll = false;
  /** Failures of the replicas as the set has seen them (each replica's own mark when last looked at). */
  private readonly seenFailures = new Map<ServiceSupervisor, number>();
  private failures = 0;
  private lastFailure: RunFailure | null = null;
  private rolling: Promise<StepOutcome> | null = null;

  constructor(
    readonly name: string,
    private config: SupervisedConfig,
    count: number,
    private readonly deps: SupervisorDeps,
  ) {
    for (let replica = 1; replica <= count; replica += 1) this.replicas.push(this.make(replica));
  }

  get size(): number {
    return this.replicas.length;
  }

  get currentPhase(): LifecyclePhase {
    const phases = this.replicas.map((replica) => replica.currentPhase);
    const first = phases[0] ?? 'stopped';
    if (phases.every((phase) => phase === first)) return first;
    if (this.startingAll && phases.includes('starting')) return 'starting';
    if (phases.includes('running')) return 'running';
    return PHASE_ORDER.find((phase) => phases.includes(phase)) ?? first;
  }

  get currentReason(): string | null {
    const phase = this.currentPhase;
    const up = this.replicas.filter((replica) => replica.currentPhase === 'running').length;
    const others = this.replicas.filter((replica) => replica.currentPhase !== phase && replica.currentReason !== null);
    const same = this.replicas.find((replica) => replica.currentPhase === phase && replica.currentReason !== null);
    const tally = `${up}/${this.replicas.length} up`;
    if (phase === 'running' && up === this.replicas.length) return null;
    const detail = [...(same === undefined ? [] : [same]), ...others].map((replica) => `${replica.name} ${replica.currentReason ?? replica.currentPhase}`);
    return detail.length === 0 ? tally : `${tally}; ${detail.join('; ')}`;
  }

  get pid(): number | null {
    return null;
  }

  get hasProbes(): boolean {
    return this.config.hasProbes;
  }

  get readyTimeoutMs(): number {
    return this.config.readyTimeoutMs;
  }

  get startedWith(): StartSettings | null {
    return this.replicas.find((replica) => replica.startedWith !== null)?.startedWith ?? null;
  }

  get heldBy(): DependencyOutage | null {
    return this.replicas.find((replica) => replica.heldBy !== null)?.heldBy ?? null;
  }

  get failureMark(): number {
    this.countFailures();
    return this.failures;
  }

  failedSince(mark: number): RunFailure | null {
    this.countFailures();
    return this.failures > mark ? this.lastFailure : null;
  }

  /** Replica `replica` (1..N), or undefined. */
  replica(replica: number): ServiceSupervisor | undefined {
    return this.replicas[replica - 1];
  }

  /** Each replica's runtime, in order (the manager adds their statuses). */
  replicaViews(): { replica: number; id: string; port: number | null; runtime: ServiceRuntime; reason: string | null }[] {
    return this.replicas.map((supervisor, index) => ({
      replica: index + 1,
      id: supervisor.name,
      port: replicaSpec(this.config.spec, index + 1).port,
      runtime: supervisor.view(),
      reason: supervisor.currentReason,
    }));
  }

  view(): ServiceRuntime {
    const views = this.replicas.map((replica) => replica.view());
    const sum = (values: (number | null)[]): number | null =>
      values.some((value) => value !== null) ? values.reduce<number>((a, b) => a + (b ?? 0), 0) : null;
    const starts = views.flatMap((view) => (view.startedAt === null ? [] : [view.startedAt]));
    const restarts = views.flatMap((view) => (view.nextRestartAt === null ? [] : [view.nextRestartAt]));
    // The newest exit of a replica, naming which (one replica's exit is not the service's).
    const exits = views
      .flatMap((view, index) => (view.lastExit === null ? [] : [{ ...view.lastExit, replica: replicaId(this.name, index + 1) }]))
      .sort((a, b) => b.at - a.at);
    return {
      phase: this.currentPhase,
      pid: null,
      replicasUp: views.filter((view) => view.phase === 'running' && view.pid !== null).length,
      startedAt: starts.length === 0 ? null : Math.min(...starts),
      restarts: views.reduce((total, view) => total + view.restarts, 0),
      failures: Math.max(0, ...views.map((view) => view.failures)),
      nextRestartAt: restarts.length === 0 ? null : Math.min(...restarts),
      lastExit: exits[0] ?? null,
      adopted: false,
      cpuPercent: sum(views.map((view) => view.cpuPercent)),
      memoryBytes: sum(views.map((view) => view.memoryBytes)),
      tmuxTarget: null,
      logFile: null,
    };
  }

  update(config: SupervisedConfig): void {
    this.config = config;
    this.replicas.forEach((replica, index) => replica.update(this.replicaConfig(index + 1)));
  }

  measured(): readonly Supervised[] {
    return this.replicas;
  }

  setUsage(): void {
    // Measured per replica (their pids), not for the set: its view sums theirs.
  }

  markWaiting(reason: string): void {
    for (const replica of this.replicas) replica.markWaiting(reason);
  }

  markBlocked(reason: string): void {
    for (const replica of this.replicas) replica.markBlocked(reason);
  }

  dependencyChanged(outage: DependencyOutage | null): void {
    for (const replica of this.replicas) replica.dependencyChanged(outage);
  }

  async discover(): Promise<boolean> {
    const found = await Promise.all(this.replicas.map((replica) => replica.discover()));
    return found.every(Boolean);
  }

  async start(actor: string): Promise<StepOutcome> {
    this.startingAll = true;
    const outcomes = await Promise.all(this.replicas.map((replica) => replica.start(actor)));
    this.settleStart();
    return this.combine(this.replicas, outcomes, 'started');
  }

  async stop(actor: string): Promise<StepOutcome> {
    this.startingAll = false;
    const outcomes = await Promise.all(this.replicas.map((replica) => replica.stop(actor)));
    return this.combine(this.replicas, outcomes, 'stopped');
  }

  async reset(actor: string): Promise<void> {
    await Promise.all(this.replicas.map((replica) => replica.reset(actor)));
  }

  /** A rule's restart of a replicated service rolls, as any restart of it does. */
  restartForRule(rule: string): Promise<StepOutcome> {
    return this.roll(`rule:${rule}`, (supervisor) => this.waitReplicaReady(supervisor));
  }

  /**
   * One replica at a time: stopped, started, and ready (or failed) before the next is touched.
   * A replica that does not get ready ends the roll: the ones after it keep running what they
   * ran, and the message says which replica failed and why. One roll at a time per service.
   */
  roll(actor: string, ready: (supervisor: ServiceSupervisor) => Promise<ReplicaReady>): Promise<StepOutcome> {
    const previous = this.rolling ?? Promise.resolve();
    const run = previous.then(async (): Promise<StepOutcome> => {
      for (const supervisor of [...this.replicas]) {
        if (!this.replicas.includes(supervisor)) continue;
        await supervisor.stop(actor);
        const started = await supervisor.start(actor);
        if (!started.ok) return { ok: false, unchanged: false, message: `${supervisor.name}: ${started.message}; the replicas after it were not restarted` };
        const outcome = await ready(supervisor);
        if (!outcome.ok) return { ok: false, unchanged: false, message: `${supervisor.name}: ${outcome.message}; the replicas after it were not restarted` };
      }
      const n = this.replicas.length;
      return { ok: true, unchanged: false, message: `restarted ${n} replica${n === 1 ? '' : 's'} one at a time, each ready before the next` };
    });
    const settled = run.catch((error: unknown) => ({ ok: false, unchanged: false, message: (error as Error).message }));
    this.rolling = settled;
    void settled.then(() => {
      if (this.rolling === settled) this.rolling = null;
    });
    return settled;
  }

  /**
   * Ready: running (its probes pass, or it stayed up for the grace without probes). Not ready:
   * it ended, failed or was given up — a crash into a back-off is a failure here, not a wait,
   * so a broken version is seen at once — or `readyTimeoutMs` passed.
   */
  waitReplicaReady(supervisor: ServiceSupervisor, timeoutMs: number = this.config.readyTimeoutMs): Promise<ReplicaReady> {
    return waitUntilRunning(supervisor, this.deps.clock, timeoutMs, ['backoff', 'given_up', 'failed', 'stopped'], () => {
      const why = supervisor.currentReason;
      return `not ready after ${formatDuration(timeoutMs)}${why === null ? '' : `: ${why}`}`;
    });
  }

  /**
   * Scaled to `count` replicas: new ones are started (when the set is wanted running) and
   * waited for; removed ones (the highest numbers) stopped. Returns the replicas started or stopped.
   */
  async resize(count: number, actor: string, running: boolean): Promise<StepOutcome> {
    const before = this.replicas.length;
    if (count === before) return { ok: true, unchanged: true, message: `already ${count} replicas` };
    if (count > before) {
      const added: ServiceSupervisor[] = [];
      for (let replica = before + 1; replica <= count; replica += 1) added.push(this.make(replica));
      this.replicas.push(...added);
      this.changed();
      if (!running) return { ok: true, unchanged: false, message: `${count} replicas (not started: the service is stopped)` };
      const outcomes = await Promise.all(
        added.map(async (supervisor) => {
          const started = await supervisor.start(actor);
          if (!started.ok) return started;
          const ready = await this.waitReplicaReady(supervisor);
          return ready.ok ? started : { ok: false, unchanged: false, message: ready.message };
        }),
      );
      const combined = this.combine(added, outcomes, 'started');
      return combined.ok ? { ...combined, message: `added ${added.map((supervisor) => supervisor.name).join(', ')}, ready` } : combined;
    }
    const removed = this.replicas.splice(count);
    this.changed();
    const outcomes = await Promise.all(
      removed.map(async (supervisor) => {
        const stopped = await supervisor.stop(actor);
        await supervisor.dispose(true);
        return stopped;
      }),
    );
    const combined = this.combine(removed, outcomes, 'stopped');
    return combined.ok ? { ...combined, message: `removed ${removed.map((supervisor) => supervisor.name).join(', ')}, stopped` } : combined;
  }

  /** A probe verdict of one replica (its probes are web#2/...), from the manager's probe subscription. */
  onReplicaProbeHealth(id: string, health: ProbeHealth, probeReason: string | null, liveness?: LivenessHealth): boolean {
    const parsed = parseReplicaId(id);
    if (parsed === null || parsed.service !== this.name) return false;
    this.replica(parsed.replica)?.onProbeHealth(health, probeReason, liveness);
    return true;
  }

  onProbeHealth(): void {
    // The set has no probes of its own: each replica's are web#i/..., routed by onReplicaProbeHealth.
  }

  async dispose(stopChildren: boolean): Promise<void> {
    await Promise.all(this.replicas.map((replica) => replica.dispose(stopChildren)));
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private make(replica: number): ServiceSupervisor {
    const deps: SupervisorDeps = {
      ...this.deps,
      // A replica's dependencies are its service's.
      currentOutage: () => this.deps.currentOutage(this.name),
      confirmOutage: () => this.deps.confirmOutage(this.name),
    };
    const supervisor = new ServiceSupervisor(replicaId(this.name, replica), this.replicaConfig(replica), deps);
    this.seenFailures.set(supervisor, 0);
    supervisor.onChange(() => {
      this.settleStart();
      this.changed();
    });
    return supervisor;
  }

  private replicaConfig(replica: number): SupervisedConfig {
    // startSettings stay the service's (as written): a change waiting for a restart is read against them.
    return { ...this.config, spec: replicaSpec(this.config.spec, replica) };
  }

  private settleStart(): void {
    if (this.startingAll && !this.replicas.some((replica) => replica.currentPhase === 'starting')) this.startingAll = false;
  }

  private countFailures(): void {
    for (const supervisor of this.replicas) {
      const seen = this.seenFailures.get(supervisor) ?? 0;
      const mark = supervisor.failureMark;
      if (mark <= seen) continue;
      this.failures += mark - seen;
      this.seenFailures.set(supervisor, mark);
      const failure = supervisor.failedSince(seen);
      if (failure !== null) this.lastFailure = { ...failure, what: `${supervisor.name} ${failure.what}` };
    }
  }

  private combine(replicas: readonly ServiceSupervisor[], outcomes: StepOutcome[], verb: string): StepOutcome {
    const failed = outcomes.map((outcome, index) => ({ outcome, name: replicas[index]?.name ?? this.name })).filter(({ outcome }) => !outcome.ok);
    if (failed.length > 0) return { ok: false, unchanged: false, message: failed.map(({ name, outcome }) => `${name}: ${outcome.message}`).join('; ') };
    const unchanged = outcomes.every((outcome) => outcome.unchanged);
    const n = outcomes.length;
    return { ok: true, unchanged, message: unchanged && verb === 'started' ? `already running (${n} replicas)` : `${verb} ${n} replica${n === 1 ? '' : 's'}` };
  }

  private changed(): void {
    this.countFailures();
    for (const listener of [...this.listeners]) listener();
  }
}
