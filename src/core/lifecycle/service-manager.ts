import crypto from 'node:crypto';
import type {
  LifecyclePhase,
  OperationAction,
  OperationProgress,
  OperationResult,
  PendingRestart,
  ServiceRuntime,
  ProgressStep,
  ServiceStepResult,
  StartPlan,
} from '../../shared/types/operate';
import { formatDuration } from '../../shared/duration';
import { ZervigoError } from '../../shared/errors';
import type { AuditLog } from '../store/audit-log';
import type { Clock, TimerHandle } from '../clock';
import type { ActiveWorkspace } from '../config/active-workspace';
import { didYouMean } from '../config/did-you-mean';
import type { Logger } from '../logger';
import { dependencyProblems, dependentsWithin, startLevels, withDependencies, type DependencyMap } from '../config/dependency-graph';
import { dependencyOutage, type DependencyOutage, type DependencyState } from './dependency-outage';
import type { ProbeHealth, ServiceProbeHealth } from './ports';
import type { ServiceCatalog } from './service-catalog';
import { humanDuration } from './human-duration';
import { summarizeOperation } from './operation-summary';
import { buildSpec, workspaceDir } from './service-spec';
import { ReplicaSet } from './replica-set';
import type { Supervised } from './supervised';
import { initialReplicas, isReplicated } from '../config/replica-variables';
import type { WorkspaceConfig } from '../config/schema';
import type { ReplicaCountStore, ScaledCount } from './replica-count-store';
import { parseReplicaId } from '../../shared/replica-id';
import { changedStartSettings, startSettingsOf } from './start-settings';
import { serviceStatus, type ShownStatus } from './service-status';
import { waitUntilRunning } from './ready-wait';
import { ServiceSupervisor, type RunFailure, type SupervisorDeps } from './supervisor';

export interface ServiceManagerDeps extends Omit<SupervisorDeps, 'audit' | 'currentOutage' | 'confirmOutage'> {
  audit: AuditLog;
  catalog: ServiceCatalog;
  probeHealth: ServiceProbeHealth;
  clock: Clock;
  logger: Logger;
  emitProgress(progress: OperationProgress): void;
  emitFinished(result: OperationResult): void;
  /** Where a deployed service's releases are (its cwd is under their `current`). */
  releaseRoot?: (service: string) => string;
  /** A replicated service's count changed (scaled): its replicas' probes are rebuilt (called before new replicas start, after old ones stop). */
  onReplicaCount?: (service: string) => void;
  /** Where scaled counts are kept across restarts (absent: they last as long as the manager). */
  counts?: ReplicaCountStore;
}

type Ready = { ok: true; message: string } | { ok: false; message: string };
type Task = (name: string) => Promise<ServiceStepResult>;
type Progress = (service: string, step: ProgressStep, message: string) => void;

/** Phases in which the supervisor holds a process (its probes are active). */
const hasProcess = (phase: LifecyclePhase): boolean => phase === 'starting' || phase === 'running' || phase === 'stopping';

/** An unmanaged dependency without ready_timeout of its own is waited on this long. */
const DEFAULT_READY_TIMEOUT_MS = 60_000;

/**
 * All services of the workspace under one roof: a supervisor per service that has a start
 * command, starts in dependency order behind readiness gates, stops in reverse, and the status
 * the console shows (lifecycle + probe health + dependencies, see service-status.ts). A change
 * of a service's status is passed on to its dependents: a failure that a dependency which is down
 * explains is waited out, not healed (dependency-outage.ts).
 */
export class ServiceManager {
  private readonly supervisors = new Map<string, Supervised>();
  /** Replicated services scaled away from their configured count: the count they run now, who scaled them and why. */
  private readonly scaled = new Map<string, ScaledCount>();
  /** When each replicated service was last scaled (by a person or a rule): a rule's cooldown runs from it. */
  private readonly scaledAt = new Map<string, number>();
  /** The counts kept by the last run were read (at the first workspace). */
  private countsRestored = false;
  private readonly probeReasons = new Map<string, string | null>();
  /** The status last shown of each service: what its dependents' outages are read from. */
  private readonly shown = new Map<string, ShownStatus>();
  private graph: DependencyMap = {};
  private dependents = new Map<string, string[]>();
  private workspace: ActiveWorkspace | null = null;
  private readonly stopProbes: () => void;
  private readonly supervisorDeps: SupervisorDeps;
  private firstApply = true;

  constructor(private readonly deps: ServiceManagerDeps) {
    this.supervisorDeps = { ...deps, currentOutage: (name) => this.outageOf(name), confirmOutage: (name) => this.confirmOutage(name) };
    this.stopProbes = deps.probeHealth.subscribe((service, health, reason, liveness) => {
      this.probeReasons.set(service, reason);
      // A replica's probes are its own (web#2/...): routed to it, and its service shown again.
      const replica = parseReplicaId(service);
      const set = replica === null ? undefined : this.supervisors.get(replica.service);
      if (replica !== null && set instanceof ReplicaSet) {
        set.onReplicaProbeHealth(service, health, reason, liveness);
        this.publish(replica.service);
        return;
      }
      this.supervisors.get(service)?.onProbeHealth(health, reason, liveness);
      this.publish(service);
    });
  }

  get(name: string): Supervised | undefined {
    return this.supervisors.get(name);
  }

  /** How many replicas a service runs now (1 for a plain service): its configured count unless scaled since. */
  replicaCount(name: string): number {
    const service = this.workspace?.config.services[name];
    if (service === undefined || !isReplicated(service)) return 1;
    return this.scaled.get(name)?.count ?? initialReplicas(service);
  }

  /** When a service was last scaled while this manager ran, if it was. */
  lastScaledAt(name: string): number | undefined {
    return this.scaledAt.get(name);
  }

  /** The count a replicated service was scaled to, if it was (else its workspace's count applies). */
  scaledCount(name: string): number | undefined {
    return this.scaled.get(name)?.count;
  }

  /**
   * The scaled counts against a workspace, before anything reads them (monitoring builds each
   * replica's probes from them, so the engine calls this ahead of the parts): at the first one,
   * the counts kept by the last run are restored, each audited. A count outside scale's min..max
   * is brought within it; a service no longer replicated forgets its count, and so does one
   * without scale: whose replicas: was edited since it was scaled (the file is the newer word).
   */
  reconcileScaled(config: Pick<WorkspaceConfig, 'services'>): void {
    if (!this.countsRestored) {
      this.countsRestored = true;
      for (const kept of this.deps.counts?.list() ?? []) this.restoreCount(kept, config);
    }
    for (const [name, entry] of [...this.scaled]) {
      const service = config.services[name];
      if (service === undefined || service.start === undefined || !isReplicated(service)) this.forgetCount(name);
      else if (service.scale === undefined) {
        if (initialReplicas(service) !== entry.configured) this.forgetCount(name);
      } else {
        const count = Math.min(service.scale.max, Math.max(service.scale.min, entry.count));
        if (count !== entry.count) this.rememberCount({ ...entry, count, reason: `kept within scale's ${service.scale.min}..${service.scale.max}` });
      }
    }
  }

  private restoreCount(kept: ScaledCount, config: Pick<WorkspaceConfig, 'services'>): void {
    const service = config.services[kept.service];
    const scaledBy = `scaled to ${kept.count} by ${kept.actor} at ${new Date(kept.updatedAt).toISOString()}: ${kept.reason}`;
    const details = { count: kept.count, configured: kept.configured, scaledBy: kept.actor, reason: kept.reason, scaledAt: kept.updatedAt };
    const skip = (why: string): void => {
      this.deps.counts?.delete(kept.service);
      this.deps.audit.record({
        actor: 'zervigo',
        action: 'scale',
        target: kept.service,
        outcome: 'skipped',
        message: `not restored (${scaledBy}): ${why}`,
        details,
      });
    };
    if (service === undefined) return skip('the service is no longer in the workspace');
    if (service.start === undefined || !isReplicated(service)) return skip('the service is no longer replicated');
    const configured = initialReplicas(service);
    if (service.scale === undefined && configured !== kept.configured)
      return skip(`the workspace now gives replicas: ${configured} (it gave ${kept.configured} when it was scaled)`);
    const bounds = service.scale;
    const count = bounds === undefined ? kept.count : Math.min(bounds.max, Math.max(bounds.min, kept.count));
    const within = count === kept.count ? '' : `, within scale's ${bounds?.min}..${bounds?.max}`;
    if (count === configured) this.forgetCount(kept.service);
    else this.rememberCount({ ...kept, count, configured });
    this.deps.audit.record({
      actor: 'zervigo',
      action: 'scale',
      target: kept.service,
      outcome: 'ok',
      message: `restored ${count} replica${count === 1 ? '' : 's'}${within} (${scaledBy})`,
      details: { ...details, restored: count },
    });
  }

  private rememberCount(entry: ScaledCount): void {
    this.scaled.set(entry.service, entry);
    this.deps.counts?.save(entry);
  }

  private forgetCount(name: string): void {
    this.scaled.delete(name);
    this.deps.counts?.delete(name);
  }

  names(): string[] {
    return Object.keys(this.graph);
  }

  managedNames(): string[] {
    return [...this.supervisors.keys()];
  }

  dependencies(): DependencyMap {
    return this.graph;
  }

  /** A new version of the workspace: supervisors are added, updated or stopped and removed. */
  async apply(active: ActiveWorkspace): Promise<void> {
    this.workspace = active;
    const { config } = active;
    this.graph = Object.fromEntries(Object.entries(config.services).map(([name, service]) => [name, service.depends_on]));
    this.dependents = new Map();
    for (const [name, dependencies] of Object.entries(this.graph))
      for (const dependency of dependencies) this.dependents.set(dependency, [...(this.dependents.get(dependency) ?? []), name]);
    for (const name of [...this.shown.keys()]) if (!(name in this.graph)) this.shown.delete(name);
    const dir = workspaceDir(active);
    const removed: Supervised[] = [];
    for (const [name, supervisor] of this.supervisors) {
      const service = config.services[name];
      // A service that becomes replicated (or plain again) is a new kind of thing to supervise: replaced.
      if (service === undefined || service.start === undefined || isReplicated(service) !== supervisor instanceof ReplicaSet) {
        this.supervisors.delete(name);
        removed.push(supervisor);
      }
    }
    this.reconcileScaled(config);
    const added: Supervised[] = [];
    /** Replicated services whose replicas: the edit changed. */
    const resized: string[] = [];
    for (const [name, service] of Object.entries(config.services)) {
      const spec = buildSpec(name, service, config, dir, this.deps.releaseRoot);
      if (spec === null) continue;
      const supervised = {
        spec,
        startSettings: startSettingsOf(service, spec),
        restart: service.restart,
        readyTimeoutMs: service.ready_timeout,
        hasProbes: service.probes.length > 0,
      };
      const existing = this.supervisors.get(name);
      if (existing !== undefined) {
        existing.update(supervised);
        if (existing instanceof ReplicaSet && existing.size !== this.replicaCount(name)) resized.push(name);
        continue;
      }
      const supervisor: Supervised = isReplicated(service)
        ? new ReplicaSet(name, supervised, this.replicaCount(name), this.supervisorDeps)
        : new ServiceSupervisor(name, supervised, this.supervisorDeps);
      supervisor.onChange(() => this.publish(name));
      this.supervisors.set(name, supervisor);
      added.push(supervisor);
    }
    const autostart = added.filter((supervisor) => config.services[supervisor.name]?.autostart === true).map((supervisor) => supervisor.name);
    const starting = autostart.length > 0 && dependencyProblems(this.graph).length === 0;
    // Waiting from the moment the workspace is applied: its probes wait too, saying for what,
    // rather than run into "down" (or first say only that it is not running).
    if (starting)
      for (const name of autostart)
        if ((this.graph[name] ?? []).length > 0) this.supervisors.get(name)?.markWaiting(`waiting for ${(this.graph[name] ?? []).join(', ')} to be ready`);
    // Probes of any other service that is not running wait for it (paused, saying why): checks
    // from before its first start would only count as failures against its availability. A
    // waiting service's probes already say what it waits for; those words stay.
    for (const supervisor of this.supervisors.values())
      if (!hasProcess(supervisor.currentPhase) && supervisor.currentPhase !== 'waiting') this.pauseProbes(supervisor);
    for (const supervisor of removed) {
      await supervisor.stop('workspace (service removed)').catch(() => undefined);
      await supervisor.dispose(false);
    }
    for (const name of this.names()) this.publish(name);
    // Running services are taken over before anything is started, so nothing starts twice.
    await Promise.all(added.map((supervisor) => supervisor.discover().catch(() => false)));
    for (const name of resized)
      void this.resize(name, this.replicaCount(name), 'workspace', 'replicas: changed in the workspace').catch((error: unknown) =>
        this.deps.logger.warn({ err: error, service: name }, 'resizing failed'),
      );
    const first = this.firstApply;
    this.firstApply = false;
    if (starting) {
      void this.run('start', autostart, first ? 'autostart' : 'workspace (service added)').catch((error: unknown) =>
        this.deps.logger.warn({ err: error }, 'autostart failed'),
      );
    }
  }

  /**
   * The running services whose start settings (command, cwd, env, shell, stop, tmux) differ in
   * `candidate` from what their process was started with: applying it, they need a restart to
   * take the change. Against the running workspace, that is what waits for a restart now.
   */
  restartToApply(candidate: Pick<ActiveWorkspace, 'config' | 'path'>): PendingRestart[] {
    return [...this.supervisors].flatMap(([name, supervisor]) => {
      const fields = this.changesWaiting(name, supervisor, candidate);
      return fields.length === 0 ? [] : [{ service: name, fields }];
    });
  }

  /** Probes of a service that is not running wait for it: a replicated one's are its replicas'. */
  private pauseProbes(supervisor: Supervised): void {
    if (!(supervisor instanceof ReplicaSet)) return this.deps.probeHealth.pause(supervisor.name);
    for (const view of supervisor.replicaViews()) if (!hasProcess(view.runtime.phase)) this.deps.probeHealth.pause(view.id);
  }

  private changesWaiting(name: string, supervisor: Supervised, candidate: Pick<ActiveWorkspace, 'config' | 'path'>): string[] {
    const running = supervisor.startedWith;
    const service = candidate.config.services[name];
    // A service the candidate removes (or stops running) is stopped when it applies: nothing waits.
    if (running === null || service === undefined) return [];
    const spec = buildSpec(name, service, candidate.config, workspaceDir(candidate), this.deps.releaseRoot);
    return spec === null ? [] : changedStartSettings(running, startSettingsOf(service, spec));
  }

  plan(names: string[]): StartPlan {
    const problems = dependencyProblems(this.graph);
    if (problems.length > 0) return { levels: [], problems };
    this.checkNames(names);
    const targets = names.length === 0 ? this.names() : names;
    return { levels: startLevels(this.graph, withDependencies(this.graph, targets)), problems: [] };
  }

  /** Start, stop or restart a set of services (empty: all that Zervigo runs) as one operation. */
  async run(action: OperationAction, names: string[], actor: string, operationId?: string): Promise<OperationResult> {
    const problems = dependencyProblems(this.graph);
    if (problems.length > 0) throw new ZervigoError('conflict', `cannot order the services: ${problems.join('; ')}`, { problems });
    this.checkNames(names);
    const operation = operationId ?? crypto.randomUUID().slice(0, 8);
    const startedAt = this.deps.clock.now();
    const targets = names.length === 0 ? this.managedNames() : names;
    const results: ServiceStepResult[] = [];
    /** Each service found ready (or running): its failure mark at that moment. */
    const readyMarks = new Map<string, number>();
    // A replicated service that answers is restarted a replica at a time, never stopped as a whole.
    const rolled = action === 'restart' ? targets.filter((name) => this.rollable(name)) : [];
    const rest = targets.filter((name) => !rolled.includes(name));
    if (rest.length > 0 || rolled.length === 0) {
      if (action === 'stop' || action === 'restart') results.push(...(await this.stopAll(operation, action, rest, actor)));
      if (action === 'start' || action === 'restart') results.push(...(await this.startAll(operation, action, rest, actor, readyMarks)));
    }
    for (const name of rolled) results.push(await this.rollOne(operation, name, actor, readyMarks));
    if (action !== 'stop') this.rejudgeStarts(operation, action, results, readyMarks);
    const result: OperationResult = {
      id: operation,
      action,
      targets,
      summary: summarizeOperation(action, targets, results),
      services: results,
      ok: results.every((step) => step.outcome !== 'failed' && step.outcome !== 'blocked'),
      startedAt,
      durationMs: this.deps.clock.now() - startedAt,
    };
    this.deps.emitFinished(result);
    return result;
  }

  /**
   * A service that was ready and has since failed (crashed, failed its probes, gave up) while the
   * rest of the operation went on is not reported as started: its last step becomes "failed",
   * saying why — also when it was restarted at once and runs again, since the start did not last.
   */
  private rejudgeStarts(operation: string, action: OperationAction, results: ServiceStepResult[], readyMarks: ReadonlyMap<string, number>): void {
    for (const [index, step] of results.entries()) {
      if (step.outcome !== 'ready' && step.outcome !== 'already_running') continue;
      const supervisor = this.supervisors.get(step.service);
      const mark = readyMarks.get(step.service);
      const failure = supervisor === undefined || mark === undefined ? null : supervisor.failedSince(mark);
      if (supervisor === undefined || failure === null) continue;
      const message = `${step.outcome === 'ready' ? 'was ready' : 'was running'}, then ${failedAndSince(supervisor, failure)}`;
      results[index] = { ...step, outcome: 'failed', message };
      this.deps.emitProgress({ operation, action, service: step.service, step: 'failed', message, at: this.deps.clock.now(), level: step.level });
    }
  }

  private rollable(name: string): boolean {
    const supervisor = this.supervisors.get(name);
    return supervisor instanceof ReplicaSet && supervisor.currentPhase === 'running';
  }

  /** A rolling restart of a replicated service: each replica stopped, started and ready before the next (ReplicaSet.roll). */
  private async rollOne(operation: string, name: string, actor: string, readyMarks: Map<string, number>): Promise<ServiceStepResult> {
    const set = this.supervisors.get(name) as ReplicaSet;
    const emit = (step: ProgressStep, message: string): void =>
      this.deps.emitProgress({ operation, action: 'restart', service: name, step, message, at: this.deps.clock.now(), level: 0 });
    emit('starting', `rolling restart of ${set.size} replicas, one at a time`);
    const began = this.deps.clock.now();
    const auditId = this.deps.audit.begin({ actor, action: 'restart', target: name, operation, message: `rolling restart of ${set.size} replicas` });
    const outcome = await set.roll(actor, (replica) => {
      emit('starting', `${replica.name} restarting; the others answer`);
      return set.waitReplicaReady(replica);
    });
    if (outcome.ok) readyMarks.set(name, set.failureMark);
    this.deps.audit.finish(auditId, outcome.ok ? 'ok' : 'failed', outcome.message);
    emit(outcome.ok ? 'ready' : 'failed', outcome.message);
    return { service: name, outcome: outcome.ok ? 'ready' : 'failed', message: outcome.message, durationMs: this.deps.clock.now() - began, auditId, level: 0 };
  }

  /**
   * Scales a replicated service to `count` replicas (kept within scale's min..max when it has
   * one): new replicas start and are waited for, removed ones (the highest numbers) stop. Audited
   * with `reason` (a person, or the scale rule that fired).
   */
  async scale(name: string, count: number, actor: string, reason: string): Promise<OperationResult> {
    this.checkNames([name]);
    const service = this.workspace?.config.services[name];
    const set = this.supervisors.get(name);
    if (service === undefined || !(set instanceof ReplicaSet))
      throw new ZervigoError('invalid_input', `${name} is not replicated: give it replicas: N (or scale:) in the workspace first`);
    const bounds = service.scale === undefined ? null : { min: service.scale.min, max: service.scale.max };
    if (bounds !== null && (count < bounds.min || count > bounds.max))
      throw new ZervigoError('invalid_input', `${name} scales within ${bounds.min}..${bounds.max}; ${count} is outside it`);
    return this.resize(name, count, actor, reason);
  }

  private async resize(name: string, count: number, actor: string, reason: string): Promise<OperationResult> {
    const set = this.supervisors.get(name) as ReplicaSet;
    const startedAt = this.deps.clock.now();
    const operation = crypto.randomUUID().slice(0, 8);
    const before = set.size;
    const service = this.workspace?.config.services[name];
    const configured = service === undefined ? before : initialReplicas(service);
    if (actor !== 'workspace') this.scaledAt.set(name, startedAt);
    if (count === configured) this.forgetCount(name);
    else this.rememberCount({ service: name, count, configured, actor, reason, updatedAt: startedAt });
    const growing = count > before;
    if (growing) this.deps.onReplicaCount?.(name);
    const auditId = this.deps.audit.begin({
      actor,
      action: 'scale',
      target: name,
      operation,
      message: `${before} → ${count} replicas: ${reason}`,
      details: { from: before, to: count, reason },
    });
    const running = set.currentPhase !== 'stopped' && set.currentPhase !== 'given_up' && set.currentPhase !== 'failed';
    const outcome = await set.resize(count, actor, running);
    if (!growing) this.deps.onReplicaCount?.(name);
    const message = `${before} → ${count} replicas (${reason}): ${outcome.message}`;
    this.deps.audit.finish(auditId, outcome.ok ? (outcome.unchanged ? 'skipped' : 'ok') : 'failed', message);
    this.publish(name);
    const step: ServiceStepResult = {
      service: name,
      outcome: outcome.ok ? (running ? 'ready' : 'skipped') : 'failed',
      message,
      durationMs: this.deps.clock.now() - startedAt,
      auditId,
      level: 0,
    };
    const result: OperationResult = {
      id: operation,
      action: 'start',
      targets: [name],
      summary: message,
      services: [step],
      ok: outcome.ok,
      startedAt,
      durationMs: step.durationMs,
    };
    this.deps.emitFinished(result);
    return result;
  }

  /**
   * One replica of a replicated service stopped and started again, and waited for (its probes
   * pass); the others keep answering. Audited on the replica (web#2), as its own restarts are.
   */
  async restartReplica(name: string, replica: number, actor: string): Promise<OperationResult> {
    this.checkNames([name]);
    const set = this.supervisors.get(name);
    if (!(set instanceof ReplicaSet))
      throw new ZervigoError('invalid_input', `${name} is not replicated: it has no replicas to restart one of (restart it instead)`);
    const supervisor = set.replica(replica);
    if (supervisor === undefined)
      throw new ZervigoError('not_found', `${name} has no replica ${replica}: it runs ${set.size} (${name}#1..${name}#${set.size})`);
    const operation = crypto.randomUUID().slice(0, 8);
    const startedAt = this.deps.clock.now();
    const emit = (step: ProgressStep, message: string): void =>
      this.deps.emitProgress({ operation, action: 'restart', service: supervisor.name, step, message, at: this.deps.clock.now(), level: 0 });
    emit('starting', `restarting ${supervisor.name}; the other replicas answer`);
    const auditId = this.deps.audit.begin({ actor, action: 'restart', target: supervisor.name, operation });
    await supervisor.stop(actor);
    const started = await supervisor.start(actor);
    const ready = started.ok ? await set.waitReplicaReady(supervisor) : started;
    const durationMs = this.deps.clock.now() - startedAt;
    const message = ready.ok ? `${started.message}; ready after ${humanDuration(durationMs)}` : ready.message;
    this.deps.audit.finish(auditId, ready.ok ? 'ok' : 'failed', message);
    emit(ready.ok ? 'ready' : 'failed', message);
    this.publish(name);
    const step: ServiceStepResult = { service: supervisor.name, outcome: ready.ok ? 'ready' : 'failed', message, durationMs, auditId, level: 0 };
    const result: OperationResult = {
      id: operation,
      action: 'restart',
      targets: [supervisor.name],
      summary: ready.ok ? `Restarted ${supervisor.name}` : `${supervisor.name} did not restart: ${message}`,
      services: [step],
      ok: ready.ok,
      startedAt,
      durationMs,
    };
    this.deps.emitFinished(result);
    return result;
  }

  /** Given-up (or failed) services forget their failures and start again. */
  async reset(names: string[], actor: string, operationId?: string): Promise<OperationResult> {
    this.checkNames(names);
    const targets = (names.length === 0 ? this.managedNames() : names).filter((name) => {
      const phase = this.supervisors.get(name)?.currentPhase;
      return names.length > 0 || phase === 'given_up' || phase === 'failed';
    });
    for (const name of targets) {
      const supervisor = this.supervisors.get(name);
      if (supervisor === undefined) continue;
      await supervisor.reset(actor);
      this.deps.audit.record({ actor, action: 'reset', target: name, outcome: 'ok', message: 'failures forgotten; the restart budget starts over' });
    }
    return this.run('start', targets, actor, operationId);
  }

  /** Engine shutdown. */
  async dispose(): Promise<void> {
    this.stopProbes();
    await Promise.all([...this.supervisors.values()].map((supervisor) => supervisor.dispose(true)));
  }

  /** Resolves when the service is ready; fails with why not (given up, failed, stopped, timed out). */
  waitReady(name: string, timeoutMs?: number): Promise<Ready> {
    const supervisor = this.supervisors.get(name);
    if (supervisor === undefined) return this.waitProbesUp(name, timeoutMs ?? this.readyTimeout(name));
    const limit = timeoutMs ?? supervisor.readyTimeoutMs;
    return waitUntilRunning(supervisor, this.deps.clock, limit, ['given_up', 'failed', 'stopped'], () => this.notReadyMessage(name, supervisor, limit)).then(
      (outcome): Ready => (outcome.ok ? { ok: true, message: 'ready' } : outcome),
    );
  }

  private notReadyMessage(name: string, supervisor: Supervised, limit: number): string {
    const reason = supervisor.currentReason;
    if (reason?.startsWith('not ready') === true) return reason;
    const why = supervisor.hasProbes ? `its probes have not passed${this.probeReason(name)}` : (reason ?? 'it did not stay up');
    return `not ready after ${formatDuration(limit)}: ${why}`;
  }

  private startAll(
    operation: string,
    action: OperationAction,
    targets: string[],
    actor: string,
    readyMarks: Map<string, number>,
  ): Promise<ServiceStepResult[]> {
    return this.inOrder(operation, action, withDependencies(this.graph, targets), false, (name, task, progress) =>
      this.startOne(name, task, progress, actor, operation, readyMarks),
    );
  }

  private stopAll(operation: string, action: OperationAction, targets: string[], actor: string): Promise<ServiceStepResult[]> {
    const set = new Set(targets.filter((name) => this.supervisors.has(name)));
    return this.inOrder(operation, action, set, true, (name, task, progress) => this.stopOne(name, set, task, progress, actor, operation));
  }

  /**
   * Runs one step per service, all at once; each step awaits the tasks it must follow (its
   * dependencies to start, its dependents to stop). Results come back in dependency order.
   */
  private async inOrder(
    operation: string,
    action: OperationAction,
    names: Set<string>,
    reverse: boolean,
    step: (name: string, task: Task, progress: Progress) => Promise<ServiceStepResult>,
  ): Promise<ServiceStepResult[]> {
    const levels = startLevels(this.graph, names);
    const levelOf = new Map(levels.flatMap((entries, level) => entries.map((name) => [name, level] as const)));
    const progress: Progress = (service, stepName, message) =>
      this.deps.emitProgress({ operation, action, service, step: stepName, message, at: this.deps.clock.now(), level: levelOf.get(service) ?? 0 });
    const tasks = new Map<string, Promise<ServiceStepResult>>();
    const task: Task = (name) => {
      let existing = tasks.get(name);
      if (existing === undefined) {
        existing = step(name, task, progress);
        tasks.set(name, existing);
      }
      return existing;
    };
    for (const name of names) progress(name, 'queued', 'queued');
    const results = await Promise.all([...names].map(task));
    const order = reverse ? levels.flat().reverse() : levels.flat();
    return results
      .sort((a, b) => order.indexOf(a.service) - order.indexOf(b.service))
      .map((result) => ({ ...result, level: levelOf.get(result.service) ?? 0 }));
  }

  private async startOne(
    name: string,
    task: Task,
    progress: Progress,
    actor: string,
    operation: string,
    readyMarks: Map<string, number>,
  ): Promise<ServiceStepResult> {
    const dependencies = this.graph[name] ?? [];
    const supervisor = this.supervisors.get(name);
    if (dependencies.length > 0) {
      progress(name, 'waiting', `waiting for ${dependencies.join(', ')}`);
      supervisor?.markWaiting(`waiting for ${dependencies.join(', ')} to be ready`);
    }
    const blockers = (await Promise.all(dependencies.map(task))).filter((step) => step.outcome !== 'ready' && step.outcome !== 'already_running');
    const began = this.deps.clock.now();
    if (blockers.length > 0) {
      // A dependency that was itself not started is named, not re-explained: its own entry says why.
      const message = `not started: ${blockers.map((step) => (step.outcome === 'blocked' ? `${step.service} was not started` : `${step.service}: ${step.message}`)).join('; ')}`;
      supervisor?.markBlocked(message);
      progress(name, 'blocked', message);
      const auditId =
        supervisor === undefined ? null : this.deps.audit.record({ actor, action: 'start', target: name, outcome: 'skipped', message, operation });
      return { service: name, outcome: 'blocked', message, durationMs: 0, auditId, level: 0 };
    }
    if (supervisor === undefined) {
      // Only observed: nothing to start, but dependents still wait for its probes.
      progress(name, 'waiting', 'not started by Zervigo; waiting for its probes');
      const ready = await this.waitReady(name);
      progress(name, ready.ok ? 'ready' : 'failed', ready.message);
      return {
        service: name,
        outcome: ready.ok ? 'already_running' : 'failed',
        message: ready.ok ? 'observed; its probes pass' : ready.message,
        durationMs: this.deps.clock.now() - began,
        auditId: null,
        level: 0,
      };
    }
    progress(name, 'starting', 'starting');
    const auditId = this.deps.audit.begin({ actor, action: 'start', target: name, operation });
    const started = await supervisor.start(actor);
    if (!started.ok) {
      this.deps.audit.finish(auditId, 'failed', started.message);
      progress(name, 'failed', started.message);
      return { service: name, outcome: 'failed', message: started.message, durationMs: this.deps.clock.now() - began, auditId, level: 0 };
    }
    const ready = await this.waitReady(name);
    if (ready.ok) readyMarks.set(name, supervisor.failureMark);
    const durationMs = this.deps.clock.now() - began;
    const message = ready.ok ? (started.unchanged ? started.message : `${started.message}; ready after ${humanDuration(durationMs)}`) : ready.message;
    this.deps.audit.finish(auditId, ready.ok ? (started.unchanged ? 'skipped' : 'ok') : 'failed', message);
    progress(name, ready.ok ? 'ready' : 'failed', message);
    return { service: name, outcome: ready.ok ? (started.unchanged ? 'already_running' : 'ready') : 'failed', message, durationMs, auditId, level: 0 };
  }

  private async stopOne(name: string, set: ReadonlySet<string>, task: Task, progress: Progress, actor: string, operation: string): Promise<ServiceStepResult> {
    // Dependents go first: nothing is left running on top of a stopped dependency.
    await Promise.all(dependentsWithin(this.graph, name, set).map(task));
    const supervisor = this.supervisors.get(name) as ServiceSupervisor;
    progress(name, 'stopping', 'stopping');
    const began = this.deps.clock.now();
    const auditId = this.deps.audit.begin({ actor, action: 'stop', target: name, operation });
    const stopped = await supervisor.stop(actor);
    this.deps.audit.finish(auditId, stopped.ok ? (stopped.unchanged ? 'skipped' : 'ok') : 'failed', stopped.message);
    progress(name, stopped.ok ? 'stopped' : 'failed', stopped.message);
    const outcome = stopped.ok ? (stopped.unchanged ? 'already_stopped' : 'stopped') : 'failed';
    return { service: name, outcome, message: stopped.message, durationMs: this.deps.clock.now() - began, auditId, level: 0 };
  }

  private waitProbesUp(name: string, timeoutMs: number): Promise<Ready> {
    const service = this.workspace?.config.services[name];
    if (service === undefined || service.probes.length === 0) return Promise.resolve({ ok: true, message: 'no probes to wait for' });
    return new Promise((resolve) => {
      let off: () => void = () => undefined;
      let timer: TimerHandle | null = null;
      const done = (result: Ready): void => {
        off();
        timer?.cancel();
        resolve(result);
      };
      if (this.deps.probeHealth.get(name) === 'up') return done({ ok: true, message: 'its probes pass' });
      off = this.deps.probeHealth.subscribe((service, health) => {
        if (service === name && health === 'up') done({ ok: true, message: 'its probes pass' });
      });
      timer = this.deps.clock.setTimeout(
        () => done({ ok: false, message: `not ready after ${formatDuration(timeoutMs)}: its probes have not passed${this.probeReason(name)}` }),
        timeoutMs,
      );
    });
  }

  private readyTimeout(name: string): number {
    return this.workspace?.config.services[name]?.ready_timeout ?? DEFAULT_READY_TIMEOUT_MS;
  }

  private probeReason(name: string): string {
    const reason = this.probeReasons.get(name);
    return reason ? ` (${reason})` : '';
  }

  private checkNames(names: string[]): void {
    const known = this.names();
    for (const name of names) {
      if (known.includes(name)) continue;
      const hint = didYouMean(name, known);
      throw new ZervigoError(
        'not_found',
        `no service "${name}" in the workspace${hint ? `; did you mean "${hint}"?` : known.length > 0 ? ` (services: ${known.join(', ')})` : ''}`,
      );
    }
  }

  /**
   * Lifecycle + probe health + dependencies → the catalog the console reads. When the status
   * changes, the dependents are looked at again: their outage may have begun, changed or ended.
   */
  publish(name: string, seen: Set<string> = new Set()): void {
    const service = this.workspace?.config.services[name];
    if (service === undefined) return;
    const supervisor = this.supervisors.get(name);
    const probeHealth: ProbeHealth = this.deps.probeHealth.get(name);
    let runtime = supervisor?.view() ?? null;
    let state = serviceStatus({
      runtime,
      lifecycleReason: supervisor?.currentReason ?? null,
      hasProbes: service.probes.length > 0,
      probeHealth,
      probeReason: this.probeReasons.get(name) ?? null,
      held: supervisor?.heldBy ?? null,
      outage: this.outageOf(name),
    });
    if (supervisor instanceof ReplicaSet && runtime !== null) ({ runtime, state } = this.replicatedStatus(supervisor, runtime, service.probes.length > 0));
    const previous = this.shown.get(name);
    this.shown.set(name, state);
    const waiting = this.workspace === null || supervisor === undefined ? [] : this.changesWaiting(name, supervisor, this.workspace);
    this.deps.catalog.report(name, state, runtime, waiting.length === 0 ? null : { fields: waiting });
    if (
      previous !== undefined &&
      previous.status === state.status &&
      previous.reason === state.reason &&
      previous.waitingFor.join() === state.waitingFor.join()
    )
      return;
    seen.add(name);
    for (const dependent of this.dependents.get(name) ?? []) {
      if (seen.has(dependent)) continue;
      this.supervisors.get(dependent)?.dependencyChanged(this.outageOf(dependent));
      this.publish(dependent, seen);
    }
  }

  /**
   * A replicated service: each replica's status from its own lifecycle and probes; the service
   * is up (or running) while any replica is, its reason the tally ("2/3 up") and what the others do.
   */
  private replicatedStatus(set: ReplicaSet, runtime: ServiceRuntime, hasProbes: boolean): { runtime: ServiceRuntime; state: ShownStatus } {
    const outage = this.outageOf(set.name);
    const replicas = set.replicaViews().map((view) => {
      const shown = serviceStatus({
        runtime: view.runtime,
        lifecycleReason: view.reason,
        hasProbes,
        probeHealth: this.deps.probeHealth.get(view.id),
        probeReason: this.probeReasons.get(view.id) ?? null,
        outage,
      });
      return {
        replica: view.replica,
        port: view.port,
        phase: view.runtime.phase,
        status: shown.status,
        reason: shown.reason,
        pid: view.runtime.pid,
        restarts: view.runtime.restarts,
        shown,
      };
    });
    const answering = replicas.filter((replica) => replica.status === 'up' || replica.status === 'running');
    const tally = `${answering.length}/${replicas.length} up`;
    const others = replicas
      .filter((replica) => !answering.includes(replica))
      .map((replica) => `${set.name}#${replica.replica} ${replica.reason ?? replica.status}`);
    const lead = answering[0] ?? replicas.find((replica) => replica.status !== 'stopped') ?? replicas[0];
    const base = lead?.shown ?? { status: 'stopped' as const, reason: null, waitingFor: [] };
    const allStopped = replicas.every((replica) => replica.status === 'stopped');
    const state: ShownStatus = {
      ...base,
      reason: allStopped ? base.reason : others.length === 0 ? tally : `${tally}; ${others.join('; ')}`,
    };
    return { runtime: { ...runtime, replicas: replicas.map(({ shown: _shown, ...replica }) => replica) }, state };
  }

  /** The dependencies that are down and explain a failure of this service, from the statuses shown now. */
  private outageOf(name: string): DependencyOutage | null {
    return dependencyOutage(name, this.graph, (dependency) => this.dependencyState(dependency));
  }

  private dependencyState(name: string): DependencyState | undefined {
    const shown = this.shown.get(name);
    const service = this.workspace?.config.services[name];
    if (shown === undefined || service === undefined) return undefined;
    return { ...shown, unobservable: service.start === undefined && service.probes.length === 0 };
  }

  /**
   * The outage, after checking afresh the dependencies that look up: probes run on their own
   * clocks, so a dependent's probe can see a dependency fail before the dependency's own does.
   */
  private async confirmOutage(name: string): Promise<DependencyOutage | null> {
    const now = this.outageOf(name);
    if (now !== null) return now;
    const looksUp = (this.graph[name] ?? []).filter(
      (dependency) => this.shown.get(dependency)?.status === 'up' && (this.workspace?.config.services[dependency]?.probes.length ?? 0) > 0,
    );
    if (looksUp.length === 0) return null;
    await Promise.all(looksUp.map((dependency) => this.deps.probeHealth.confirm(dependency)));
    return this.outageOf(name);
  }
}

/**
 * A failure during an operation and where it left the service: its current words while it is
 * still down for it (restarting in 30s, given up, waiting for db), else what ended the run and
 * that it was restarted ("exited with code 1; restarted at once, running again").
 */
function failedAndSince(supervisor: Supervised, failure: RunFailure): string {
  const phase = supervisor.currentPhase;
  if (phase === 'backoff' || phase === 'given_up' || phase === 'failed' || phase === 'waiting') return supervisor.currentReason ?? failure.what;
  const restarted =
    failure.restartDelayMs === null
      ? 'started again'
      : failure.restartDelayMs === 0
        ? 'restarted at once'
        : `restarted after ${formatDuration(failure.restartDelayMs)}`;
  const now = phase === 'running' ? 'running again' : phase === 'starting' ? 'starting again' : 'stopped since';
  return `${failure.what}; ${restarted}, ${now}`;
}
