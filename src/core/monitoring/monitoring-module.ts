import path from 'node:path';
import type { Availability, MachineSample, ProbeState, ProbeStatus, ServiceHeartbeats } from '../../shared/types/monitoring';
import { availabilityOf } from './availability';
import type { Clock, TimerHandle } from '../clock';
import { every } from '../clock';
import type { ActiveWorkspace } from '../config/active-workspace';
import type { EventBus } from '../event-bus';
import type { Logger } from '../logger';
import type { Database } from '../store/database';
import type { SeriesStore } from '../store/series-store';
import { failed, type CheckResult } from './check-result';
import { formatSpan } from './format-span';
import { HeartbeatLog, HEARTBEATS_KEPT, mergeBeats } from './heartbeat-log';
import { HttpAgents } from './http-agents';
import { createProbeKindRegistry, type ProbeKindRegistry } from './probe-kinds';
import { LatestValues } from './latest-values';
import { loadUndici } from './lazy-undici';
import type { PluginProbeCall } from './kinds/plugin-probe';
import { buildProbes, probeContext, type MonitoredProbe, type RemoteProbeCall } from './probe-factory';
import { probeSchemaFor, type ProbeConfig } from '../config/schema';
import { ZervigoError } from '../../shared/errors';
import { formatIssuePath } from '../../shared/zod-message';
import { ProbeHealth } from './probe-health';
import { ProbeScheduler, type ProbeRunState } from './scheduler';
import { roundLatency, storedHeartbeats } from './stored-heartbeats';
import { TRANSITIONS_KEPT_MS, TransitionLog } from './transition-log';

export interface MonitoringDeps {
  clock: Clock;
  bus: EventBus;
  db: Database;
  series: SeriesStore;
  logger: Logger;
  processEnv?: NodeJS.ProcessEnv;
  /** New probes start within min(every, spreadMs) of being loaded. */
  spreadMs?: number;
  random?: () => number;
  /** Checks of plugin probe kinds, in the plugin's process (see PluginProbeCall). */
  pluginProbe?: PluginProbeCall;
  /** The probe kinds (default: the built-ins); the engine passes the registry plugins add to. */
  probeKinds?: ProbeKindRegistry;
  /** The count a replicated service was scaled to (its replicas' probes follow it); undefined: its workspace's count. */
  replicaCount?: (service: string) => number | undefined;
  /** Checks of probes with `from: [agent]`, run on that agent (the engine wires the fleet's). */
  remoteProbe?: RemoteProbeCall;
  /** The pid a workspace service runs as (null: not running), for `process: self` probes (the engine wires the services part's). */
  servicePid?: (service: string) => number | null;
}

/**
 * Monitoring, wired: the workspace's probes run on one scheduler; each result is written as
 * series (probe_success, probe_duration_seconds, the kind's own), updates the probe's state
 * and its service's probe health, and is published once per engine tick as `probes.changed`.
 */
export class MonitoringModule {
  readonly scheduler: ProbeScheduler<CheckResult>;
  readonly health = new ProbeHealth();
  readonly latest = new LatestValues();
  readonly transitions: TransitionLog;
  /** The last checks of each probe, for heartbeat bars. */
  readonly beats = new HeartbeatLog();
  private readonly agents = new HttpAgents();
  private readonly probeKinds: ProbeKindRegistry;
  private probes = new Map<string, MonitoredProbe>();
  private readonly states = new Map<string, ProbeState>();
  private readonly changed = new Set<string>();
  /** The duration each probe's last check measured itself (the scheduler's clock may be coarser). */
  private readonly latencies = new Map<string, number>();
  private services: string[] = [];
  /** Where relative paths of a probe run once on request resolve: the workspace's folder. */
  private workspaceDir = process.cwd();
  /** The probe ids of each service, so one service's health is recomputed without scanning all probes. */
  private probeIdsOf = new Map<string, string[]>();
  private machine: MachineSample | null = null;
  private readonly pids = new Map<string, () => number | null>();
  /** Services whose CPU and memory a `process` probe already writes. */
  private measuredByProbe = new Set<string>();
  private readonly usageIds = new Map<string, { cpu: number; memory: number }>();
  /** Probes of a service that was just started, not yet passed: their failures are readiness checks. */
  private readonly warming = new Set<string>();
  private readonly pruneTimer: TimerHandle;

  constructor(private readonly deps: MonitoringDeps) {
    this.probeKinds = deps.probeKinds ?? createProbeKindRegistry();
    this.transitions = new TransitionLog(deps.db);
    this.scheduler = new ProbeScheduler<CheckResult>({
      clock: deps.clock,
      concurrency: 64,
      spreadMs: deps.spreadMs,
      random: deps.random,
      timedOut: (_probe, timeoutMs) => failed(`no result within ${formatSpan(timeoutMs)} (timeout)`, timeoutMs),
      crashed: (_probe, error) => failed(`the check failed: ${error instanceof Error ? error.message : String(error)}`, 0),
    });
    this.scheduler.onResult((probe, result, state, previous) => this.record(probe as MonitoredProbe, result, state, previous));
    this.pruneTimer = every(deps.clock, 3_600_000, () => this.transitions.pruneBefore(deps.clock.now() - TRANSITIONS_KEPT_MS));
  }

  /** Runs the probes of a newly applied workspace version; unchanged probes keep their state. */
  applyWorkspace(active: ActiveWorkspace): void {
    const config = active.config;
    this.workspaceDir = active.path === null ? process.cwd() : path.dirname(active.path);
    const probes = buildProbes(config, {
      index: this.deps.series.index,
      agents: this.agents,
      workspaceDir: this.workspaceDir,
      processEnv: this.deps.processEnv ?? process.env,
      pidOf: (service) => this.pids.get(service)?.() ?? null,
      onMachineSample: (sample) => this.publishMachine(sample),
      pluginProbe: this.deps.pluginProbe,
      probeKinds: this.probeKinds,
      replicaCount: (service) => this.deps.replicaCount?.(service),
      remoteProbe: this.deps.remoteProbe,
    });
    // Load the HTTP client now rather than inside the first check's timeout.
    if (probes.some((probe) => probe.kind === 'http' || probe.kind === 'prometheus')) void loadUndici();
    this.scheduler.setConcurrency(config.monitoring.concurrency);
    this.scheduler.set(probes);
    this.probes = new Map(probes.map((probe) => [probe.id, probe]));
    this.measuredByProbe = new Set(probes.filter((probe) => probe.kind === 'process' && probe.service !== null).map((probe) => probe.service as string));
    this.probeIdsOf = new Map();
    for (const probe of probes) {
      if (probe.service === null) continue;
      const ids = this.probeIdsOf.get(probe.service);
      if (ids === undefined) this.probeIdsOf.set(probe.service, [probe.id]);
      else ids.push(probe.id);
    }
    this.beats.retain(new Set(this.probes.keys()));
    for (const id of [...this.warming]) if (!this.probes.has(id)) this.warming.delete(id);
    for (const id of [...this.states.keys()]) {
      if (this.probes.has(id)) continue;
      this.states.delete(id);
      this.latencies.delete(id);
    }
    for (const probe of probes) if (probe.service !== null) this.refreshState(probe);
    const previousServices = this.services;
    // A replicated service's probes belong to its replicas (web#2): each has a health of its own.
    this.services = [...new Set([...Object.keys(config.services), ...probes.flatMap((probe) => (probe.service === null ? [] : [probe.service]))])];
    for (const service of previousServices) if (!this.services.includes(service)) this.health.forget(service);
    for (const service of this.services) this.health.update(service, this.statesOf(service));
    if (!probes.some((probe) => probe.service === null)) this.machine = null;
    // `process: self` probes look at the pid of the process the lifecycle runs.
    const servicePid = this.deps.servicePid;
    if (servicePid !== undefined) for (const service of Object.keys(config.services)) this.setPidSource(service, () => servicePid(service));
  }

  /** Publishes what changed since the last tick: one small event per tick, whatever the check rate. */
  tick(): void {
    if (this.changed.size === 0) return;
    const payload: ProbeState[] = [];
    for (const id of this.changed) {
      const state = this.states.get(id);
      if (state !== undefined) payload.push(state);
    }
    this.changed.clear();
    if (payload.length > 0) this.deps.bus.emit('probes.changed', payload);
  }

  /** Lets the service lifecycle tell `process: self` probes which pid a service it started has. */
  setPidSource(service: string, pidOf: (() => number | null) | null): void {
    if (pidOf === null) this.pids.delete(service);
    else this.pids.set(service, pidOf);
  }

  /**
   * CPU and memory of a service's process group as its supervisor measures them, written as
   * process_cpu_usage_percent{service} and process_resident_memory_bytes{service} — unless a
   * `process` probe of that service already writes those series (then they would be twice).
   */
  recordServiceUsage(service: string, at: number, cpuPercent: number | null, rssBytes: number): void {
    if (this.measuredByProbe.has(service)) return;
    let ids = this.usageIds.get(service);
    if (ids === undefined) {
      const index = this.deps.series.index;
      ids = { cpu: index.idOf('process_cpu_usage_percent', { service }), memory: index.idOf('process_resident_memory_bytes', { service }) };
      this.usageIds.set(service, ids);
    }
    const write = (id: number, value: number): void => {
      this.deps.series.writer.append(id, at, value);
      this.latest.set(id, at, value);
    };
    if (cpuPercent !== null) write(ids.cpu, cpuPercent);
    write(ids.memory, rssBytes);
  }

  /** The last `limit` checks of each service's probes (of every service when none are named), oldest first. */
  heartbeats(services: readonly string[], limit: number): ServiceHeartbeats[] {
    const names = services.length === 0 ? this.services : services;
    return names.map((service) => ({
      service,
      beats: mergeBeats(
        (this.probeIdsOf.get(service) ?? []).map((id) => this.beats.recent(id, limit, (before) => this.storedBeats(id, before))),
        limit,
      ),
    }));
  }

  /** Checks from before this process (or before the first one it holds), read once per probe. */
  private storedBeats(id: string, before: number | null): ReturnType<typeof storedHeartbeats> {
    const probe = this.probes.get(id);
    if (probe === undefined || probe.service === null) return [];
    const end = before === null ? this.deps.clock.now() : before - 1;
    // Enough time for the kept number of checks at the probe's pace (failures come faster, not slower).
    const start = end - HEARTBEATS_KEPT * probe.everyMs * 2;
    try {
      const beats = storedHeartbeats({
        reader: this.deps.series.reader,
        probe: id,
        successSeries: probe.series.id('probe_success'),
        durationSeries: probe.series.id('probe_duration_seconds'),
        retries: probe.retries,
        transitions: this.transitions.recent(id, HEARTBEATS_KEPT),
        start,
        end,
      });
      return beats.slice(Math.max(0, beats.length - HEARTBEATS_KEPT));
    } catch (error) {
      this.deps.logger.warn({ err: error, probe: id }, 'reading stored checks for the heartbeat bar failed');
      return [];
    }
  }

  list(): ProbeState[] {
    return [...this.states.values()];
  }

  get(id: string): ProbeState | undefined {
    return this.states.get(id);
  }

  statesOf(service: string): ProbeState[] {
    const states: ProbeState[] = [];
    for (const id of this.probeIdsOf.get(service) ?? []) {
      const state = this.states.get(id);
      if (state !== undefined) states.push(state);
    }
    return states;
  }

  probe(id: string): MonitoredProbe | undefined {
    return this.probes.get(id);
  }

  /** A service's availability over 24 h, 7 d and 30 d: its probes' passed checks (the public status page). */
  availability(service: string): Availability {
    const success = this.statesOf(service)
      .map((state) => this.probe(state.id)?.series.id('probe_success'))
      .filter((id): id is number => id !== undefined);
    return availabilityOf(this.deps.series, success, this.deps.clock.now());
  }

  latestMachine(): MachineSample | null {
    return this.machine;
  }

  pause(id: string, reason: string | null = null): boolean {
    this.warming.delete(id);
    return this.control(id, () => this.scheduler.pause(id, reason));
  }

  /**
   * Its service was just started: until the probe first passes (or its retries are spent), a
   * failed check is a readiness check — shown (status, heartbeat bar) but not written to
   * probe_success, so a service's availability and alerts count from the moment it is up, not
   * from the first check of a process still booting.
   */
  startWarming(id: string): void {
    if (this.probes.has(id)) this.warming.add(id);
  }

  resume(id: string): boolean {
    return this.control(id, () => this.scheduler.resume(id));
  }

  checkNow(id: string): boolean {
    return this.control(id, () => this.scheduler.checkNow(id));
  }

  /** The service behind the probe (re)started: a fresh verdict, looked for quickly, not down within `graceMs` (see ProbeScheduler.restart). */
  restartChecks(id: string, graceMs = 0): boolean {
    return this.control(id, () => this.scheduler.restart(id, graceMs));
  }

  /**
   * Checks a service's active probes now and resolves once each has reported (or its timeout
   * and a second more have passed): a verdict from now, not from the last interval.
   */
  checkService(service: string): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const id of this.probeIdsOf.get(service) ?? []) {
      const probe = this.probes.get(id);
      if (probe === undefined || this.scheduler.state(id)?.status === 'paused') continue;
      waits.push(
        new Promise<void>((resolve) => {
          const done = (): void => {
            off();
            timer.cancel();
            resolve();
          };
          const off = this.scheduler.onResult((checked) => {
            if (checked.id === id) done();
          });
          const timer = this.deps.clock.setTimeout(done, probe.timeoutMs + 1_000);
          this.checkNow(id);
        }),
      );
    }
    return Promise.all(waits).then(() => undefined);
  }

  /** A probe as written, validated as the workspace would be. */
  parseProbe(written: Record<string, unknown>): ProbeConfig {
    const parsed = probeSchemaFor(this.probeKinds.all()).safeParse(written);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ZervigoError('invalid_input', `the probe is not valid: ${issue === undefined ? '' : `${formatIssuePath(issue.path)}: ${issue.message}`}`);
    }
    return parsed.data;
  }

  /**
   * One check of a probe here, on request (a console's probe `from: [this agent]`): built as the
   * workspace's are, in the workspace's folder and this engine's environment, and given its timeout.
   */
  async runOnce(service: string, probe: ProbeConfig): Promise<CheckResult> {
    const kind = this.probeKinds.require(probe.kind);
    const context = probeContext(
      probe,
      { name: service, dir: this.workspaceDir, env: { ...(this.deps.processEnv ?? process.env) }, pidFile: undefined, pid: () => null },
      {
        agents: this.agents,
        pluginProbe: this.deps.pluginProbe,
      },
    );
    const check = kind.createCheck(probe[probe.kind], context);
    const controller = new AbortController();
    const started = performance.now();
    let timer: TimerHandle | null = null;
    // The check gets a moment after the abort to settle with its own reason, as the scheduler gives it.
    const timedOut = new Promise<CheckResult>((resolve) => {
      timer = this.deps.clock.setTimeout(() => {
        controller.abort();
        timer = this.deps.clock.setTimeout(() => resolve(failed(`no result within ${formatSpan(probe.timeout)} (timeout)`, performance.now() - started)), 250);
      }, probe.timeout);
    });
    try {
      return await Promise.race([check(controller.signal), timedOut]);
    } catch (error) {
      return failed(`the check failed: ${error instanceof Error ? error.message : String(error)}`, performance.now() - started);
    } finally {
      (timer as TimerHandle | null)?.cancel();
    }
  }

  async stop(): Promise<void> {
    this.pruneTimer.cancel();
    this.scheduler.stop();
    await this.agents.close();
  }

  private control(id: string, action: () => boolean): boolean {
    const probe = this.probes.get(id);
    if (probe === undefined || probe.service === null || !action()) return false;
    const before = this.states.get(id)?.status;
    const state = this.refreshState(probe);
    if (state !== null && before !== undefined && state.status !== before) this.noteTransition(state);
    this.health.update(probe.service, this.statesOf(probe.service));
    return true;
  }

  private record(probe: MonitoredProbe, result: CheckResult, run: Readonly<ProbeRunState>, previous: ProbeStatus): void {
    const writer = this.deps.series.writer;
    const ts = run.lastCheckAt ?? this.deps.clock.now();
    const write = (id: number, value: number): void => {
      writer.append(id, ts, value);
      this.latest.set(id, ts, value);
    };
    // A failed readiness check within its retries is no outage: it is not written (see startWarming).
    const readiness = this.warming.has(probe.id) && !result.ok && run.status === 'pending';
    if (result.ok || run.status === 'down') this.warming.delete(probe.id);
    if (probe.service !== null && !readiness) {
      write(probe.series.id('probe_success'), result.ok ? 1 : 0);
      write(probe.series.id('probe_duration_seconds'), result.durationMs / 1000);
    }
    for (const sample of result.samples) write(probe.series.id(sample.name, sample.labels), sample.value);
    if (probe.service === null) {
      if (!result.ok) this.deps.logger.warn({ reason: result.reason }, 'collecting machine metrics failed');
      return;
    }
    this.latencies.set(probe.id, result.durationMs);
    const state = this.refreshState(probe);
    if (state === null) return;
    if (state.status === 'up' || state.status === 'pending' || state.status === 'down') {
      this.beats.record({ at: ts, probe: probe.id, status: state.status, latencyMs: roundLatency(result.durationMs), reason: result.ok ? null : state.reason });
    }
    if (state.status !== previous) {
      this.noteTransition(state);
      // A change of status is news at once; routine checks wait for the tick.
      this.changed.delete(probe.id);
      this.deps.bus.emit('probes.changed', [state]);
      this.health.update(probe.service, this.statesOf(probe.service));
    } else if (state.status === 'pending' || state.status === 'down') {
      // The reason can change while the status does not ("refused" becomes "timed out").
      this.health.update(probe.service, this.statesOf(probe.service));
    }
  }

  private noteTransition(state: ProbeState): void {
    const at = state.since ?? this.deps.clock.now();
    try {
      this.transitions.record(state.id, at, state.status, state.reason);
    } catch (error) {
      this.deps.logger.error({ err: error }, 'recording a probe status change failed');
    }
    const log = state.status === 'down' ? this.deps.logger.warn.bind(this.deps.logger) : this.deps.logger.info.bind(this.deps.logger);
    log({ probe: state.id, status: state.status, reason: state.reason }, `probe ${state.id} is ${state.status}`);
  }

  private refreshState(probe: MonitoredProbe): ProbeState | null {
    const run = this.scheduler.state(probe.id);
    if (run === undefined || probe.service === null) return null;
    const state: ProbeState = {
      id: probe.id,
      service: probe.service,
      kind: probe.kind,
      target: probe.target,
      role: probe.role,
      status: run.status,
      reason: run.reason,
      lastCheckAt: run.lastCheckAt,
      latencyMs: this.latencies.get(probe.id) ?? run.lastDurationMs,
      since: run.since,
      nextCheckAt: run.nextCheckAt,
      everyMs: probe.everyMs,
      retryEveryMs: probe.retryEveryMs,
      retries: probe.retries,
      failures: run.failures,
    };
    this.states.set(probe.id, state);
    this.changed.add(probe.id);
    return state;
  }

  private publishMachine(sample: MachineSample): void {
    this.machine = sample;
    this.deps.bus.emit('machine.sample', sample);
  }
}
