import { listeningPorts } from '../process/listening-ports';
import { AuditLog } from '../store/audit-log';
import { RuleActions } from '../actions/rule-actions';
import type { Clock } from '../clock';
import type { ActiveWorkspace } from '../config/active-workspace';
import type { EventBus } from '../event-bus';
import type { Logger } from '../logger';
import { inProcessPtyBackend } from '../sessions/pty-host';
import type { PtyBackend } from '../sessions/pty-protocol';
import { SessionControl } from '../sessions/session-control';
import { TerminalManager } from '../sessions/terminal-manager';
import { TmuxClient } from '../sessions/tmux-client';
import { TmuxRunner } from '../sessions/tmux-runner';
import { TmuxWatcher, type TmuxSnapshot } from '../sessions/tmux-watcher';
import type { Database } from '../store/database';
import { findRunning } from '../process/adoption';
import { serviceLogDir } from '../process/log-file';
import type { ServicesPorts } from '../lifecycle/ports';
import { processGroupOf } from '../process/process-group';
import { ProcessRunner } from '../process/process-runner';
import { CpuMeter, sampleGroups } from '../process/process-stats';
import type { ServiceCatalog } from '../lifecycle/service-catalog';
import { ServiceManager } from '../lifecycle/service-manager';
import type { Supervised } from '../lifecycle/supervised';
import { ReplicaCountStore } from '../lifecycle/replica-count-store';
import { workspaceDir } from '../lifecycle/service-spec';
import { releaseRoot } from '../lifecycle/release-root';
import type { ActionKindRegistry } from '../actions/action-kinds';
import { servicesHandlers, type ServicesHandlers } from './services-commands';

export interface ServicesOptions {
  /** Replaces some of the doors to monitoring, alerting and logs (tests drive them by hand). */
  ports?: Partial<ServicesPorts>;
  /** Where terminals' ptys run: this process unless the shell provides another (desktop: a utility process). */
  ptyBackend?: PtyBackend;
  /** The tmux program (tests point it elsewhere to see a missing tmux handled). */
  tmuxBinary?: string;
  /** How often CPU and memory of running services are sampled. */
  statsEveryMs?: number;
}

export interface ServicesDeps {
  db: Database;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  catalog: ServiceCatalog;
  dataDir: string;
  workspace: () => ActiveWorkspace;
  saveWorkspace: (content: string) => void;
  /** Monitoring, alerting and logs, as the engine wires them. */
  ports: ServicesPorts;
  /** The action kinds rules' `then:` items run by (default: the built-ins). */
  actionKinds?: ActionKindRegistry;
  /** Who paused automation, while it is paused: rules' `then:` items are held back then. */
  automationPausedBy?: () => { by: string | null } | undefined;
  /** A replicated service was scaled: its replicas' probes follow (the engine re-applies monitoring). */
  onReplicaCount?: (service: string) => void;
}

/**
 * Service control, self-healing, rule actions, the audit log, tmux and terminals, wired together
 * and to the engine: the engine calls `apply` with each workspace, merges `handlers`, and `stop`s it.
 */
export class ServicesModule {
  readonly handlers: ServicesHandlers;
  readonly audit: AuditLog;
  readonly manager: ServiceManager;
  readonly terminals: TerminalManager;
  private readonly ports: ServicesPorts;
  private readonly logDir: string;
  private readonly processRunner: ProcessRunner;
  private readonly ruleActions: RuleActions;
  private readonly sessions: SessionControl;
  private readonly ptyBackend: PtyBackend;
  private readonly cpu = new CpuMeter();
  private readonly statsTimer: NodeJS.Timeout;
  // One tmux server per workspace (tmux.socket); a change of server swaps client, watcher and runner.
  private socket: string | null = null;
  private tmux: TmuxClient;
  private watcher: TmuxWatcher;
  private tmuxRunner: TmuxRunner;
  // The watcher lists tmux on every hook and reconcile pass; clients hear only of real changes.
  private lastSessions = '';

  constructor(
    private readonly deps: ServicesDeps,
    private readonly options: ServicesOptions = {},
  ) {
    const ports: ServicesPorts = { ...deps.ports, ...options.ports };
    this.ports = ports;
    const { bus, clock, logger } = deps;
    const audit = new AuditLog(
      deps.db,
      () => clock.now(),
      (entry) => bus.emit('audit.changed', entry),
    );
    this.audit = audit;
    audit.markInterrupted();
    this.logDir = serviceLogDir(deps.dataDir);
    this.processRunner = new ProcessRunner({ logDir: this.logDir, output: ports.output, now: () => clock.now() });
    this.tmux = new TmuxClient({ socket: this.socket, binary: options.tmuxBinary });
    this.watcher = new TmuxWatcher(this.tmux);
    this.tmuxRunner = this.newTmuxRunner();

    const manager = new ServiceManager({
      clock,
      logger,
      audit,
      catalog: deps.catalog,
      probeHealth: ports.probeHealth,
      escalation: ports.escalation,
      runnerFor: (spec) => (spec.tmux === null ? this.processRunner : this.tmuxRunner),
      findRunning: (spec) => findRunning(spec, () => clock.now()),
      emitProgress: (progress) => bus.emit('operations.progress', progress),
      emitFinished: (result) => bus.emit('operations.finished', result),
      releaseRoot: (service) => releaseRoot(deps.dataDir, service),
      counts: new ReplicaCountStore(deps.db),
      ...(deps.onReplicaCount === undefined ? {} : { onReplicaCount: deps.onReplicaCount }),
    });
    this.manager = manager;
    this.ruleActions = new RuleActions({
      transitions: ports.transitions,
      manager,
      audit,
      notifier: ports.notifier,
      cwd: () => workspaceDir(deps.workspace()),
      logger,
      ...(deps.actionKinds === undefined ? {} : { actionKinds: deps.actionKinds }),
      ...(deps.automationPausedBy === undefined ? {} : { pausedBy: deps.automationPausedBy }),
    });
    this.sessions = new SessionControl({
      tmux: () => this.tmux,
      watcher: () => this.watcher,
      manager,
      audit,
      workspace: deps.workspace,
      saveWorkspace: deps.saveWorkspace,
      logger,
    });
    this.watcher.onChange((snapshot) => this.sessionsChanged(snapshot));
    this.ptyBackend = options.ptyBackend ?? inProcessPtyBackend();
    this.terminals = new TerminalManager({
      backend: this.ptyBackend,
      tmux: () => this.tmux,
      cwd: () => workspaceDir(deps.workspace()),
      emitOutput: (output) => bus.emit('terminal.output', output),
      emitExited: (info) => bus.emit('terminal.exited', info),
    });
    this.statsTimer = setInterval(() => this.sampleUsage(), options.statsEveryMs ?? 2_000);
    this.statsTimer.unref();

    this.handlers = servicesHandlers({
      catalog: deps.catalog,
      manager,
      sessions: this.sessions,
      terminals: this.terminals,
      audit,
      workspace: deps.workspace,
      logDir: this.logDir,
    });
  }

  apply(active: ActiveWorkspace): void {
    this.useTmuxServer(active.config.tmux.socket ?? null);
    void this.manager.apply(active).catch((error: unknown) => this.deps.logger.error({ err: error }, 'applying the workspace to the services failed'));
  }

  /** The pid of the process a service runs as here (adopted and tmux ones included), or null when it is not running. */
  pidOf(service: string): number | null {
    return this.manager.get(service)?.view().pid ?? null;
  }

  /** The ports a service listens on, read from the process it runs as here; null when it is not running. */
  listeningPorts(service: string): ReturnType<typeof listeningPorts> | null {
    const pid = this.pidOf(service);
    return pid === null ? null : listeningPorts(pid);
  }

  async stop(): Promise<void> {
    clearInterval(this.statsTimer);
    this.ruleActions.stop();
    this.terminals.dispose();
    this.ptyBackend.dispose();
    await this.manager.dispose();
    this.watcher.stop();
  }

  private newTmuxRunner(): TmuxRunner {
    const clock = this.deps.clock;
    return new TmuxRunner({ client: this.tmux, watcher: this.watcher, logDir: this.logDir, output: this.ports.output, now: () => clock.now() });
  }

  private sessionsChanged(snapshot: TmuxSnapshot): void {
    const view = this.sessions.view(snapshot.sessions);
    const text = JSON.stringify(view);
    if (text === this.lastSessions) return;
    this.lastSessions = text;
    this.deps.bus.emit('sessions.changed', view);
  }

  private useTmuxServer(wanted: string | null): void {
    if (wanted === this.socket) return;
    // Services already running on the old server keep their handles until they end.
    this.watcher.stop();
    this.socket = wanted;
    this.tmux = new TmuxClient({ socket: wanted, binary: this.options.tmuxBinary });
    this.watcher = new TmuxWatcher(this.tmux);
    this.tmuxRunner = this.newTmuxRunner();
    this.watcher.onChange((snapshot) => this.sessionsChanged(snapshot));
  }

  private sampleUsage(): void {
    const manager = this.manager;
    // Each process measured (a replicated service's replicas each), by its process group.
    const groups = new Map<Supervised, number>();
    const measuredOf = new Map<string, readonly Supervised[]>();
    for (const name of manager.managedNames()) {
      const measured = manager.get(name)?.measured() ?? [];
      measuredOf.set(name, measured);
      for (const unit of measured) {
        const pgid = unit.pid === null ? null : (processGroupOf(unit.pid) ?? unit.pid);
        if (pgid !== null) groups.set(unit, pgid);
      }
    }
    if (groups.size === 0) return;
    const usage = sampleGroups(new Set(groups.values()));
    const now = this.deps.clock.now();
    for (const [name, measured] of measuredOf) {
      let cpu: number | null = null;
      let rss: number | null = null;
      for (const unit of measured) {
        const pgid = groups.get(unit);
        if (pgid === undefined) continue;
        const figures = usage.get(pgid);
        const percent = figures === undefined ? null : this.cpu.percent(pgid, now, figures.cpuSeconds);
        unit.setUsage(percent, figures?.rssBytes ?? null);
        if (percent !== null) cpu = (cpu ?? 0) + percent;
        if (figures !== undefined) rss = (rss ?? 0) + figures.rssBytes;
      }
      // The service's series: its process, or the sum of its replicas'.
      if (rss !== null) this.ports.usage.record(name, now, cpu, rss);
    }
    this.cpu.forget(new Set(groups.values()));
  }
}
