import path from 'node:path';
import { commands, type CommandHandlers } from '../shared/contract';
import type { AppInfo } from '../shared/types/app';
import { DEFAULT_WORKSPACE } from '../shared/auth/principal';
import type { WorkspaceQuotas } from '../shared/types/hosted-workspaces';
import { AnalysisModule } from './analysis/analysis-module';
import { IncidentsModule } from './incidents/incidents-module';
import { incidentsPorts } from './incidents-ports';
import { automationPorts } from './automation-ports';
import { createKindRegistries } from './builtin-kinds';
import { commandTable } from './command-table';
import { abandonInOrder, applyAlerting, applyWorkspaceInOrder, maintainInOrder, stopInOrder, tickInOrder } from './engine-order';
import { PluginKindRegistration } from './plugin-kind-registration';
import { PluginsModule } from './plugins/plugins-module';
import { AuthModule } from './auth/auth-module';
import { AuthStore } from './auth/auth-store';
import { actionQuotaOf } from './auth/action-quota';
import { auditedAdmission } from './auth/dispatch-hooks';
import { every, systemClock, type Clock, type TimerHandle } from './clock';
import { resolveMaxWorkspaceBytes } from './config/input-limits';
import { WorkspaceManager } from './config/workspace-manager';
import { DATABASE_FILE_NAME, ensureDataDir } from './data-dir';
import { DeployModule } from './deploy/deploy-module';
import { createDispatcher, type Dispatcher } from './dispatch';
import { EventBus } from './event-bus';
import { fleetAlerting } from './fleet/fleet-alerting';
import { FleetModule, type FleetDeps } from './fleet/fleet-module';
import { InstanceLock } from './instance-lock';
import { HealthWatch, summarizeHealth } from './health';
import { createLogger, type Logger } from './logger';
import { AutomationLocks } from './automation/automation-lock';
import { AutomationPause } from './automation/automation-pause';
import { AutomationModule } from './automation/automation-module';
import { personOf } from './person';
import { appInfo } from './app-commands';
import { releaseRoot } from './lifecycle/release-root';
import { Autoscaler } from './lifecycle/autoscaler';
import { MonitoringModule } from './monitoring/monitoring-module';
import { LogsModule } from './logs/logs-module';
import { NotifyModule } from './notify/notify-module';
import { OnCallModule } from './oncall/oncall-module';
import { escalationPort, pageThrough } from './oncall-ports';
import { RulesModule } from './rules/rules-module';
import { insightAlertPort } from './insight-alert-port';
import { ServicesModule } from './services/services-module';
import { autoscalerPorts, servicesPorts } from './services-ports';
import { serviceLogDir } from './process/log-file';
import { ServiceCatalog } from './lifecycle/service-catalog';
import { probeId } from './lifecycle/probe-summary';
import { ConfigHistory } from './store/config-history';
import { openDatabase, type Database } from './store/database';
import { housekeeping } from './store/housekeeping';
import { SeriesStore } from './store/series-store';
import { SettingsStore } from './store/settings-store';
import { StatusPageModule } from './status-page/status-page-module';
import { statusPagePorts } from './status-page-ports';
import { ZERVIGO_VERSION } from './version';
import type { EngineOptions } from './engine-options';

export type { EngineOptions };

/**
 * One workspace's engine: makes the parts in order and hands each the ports it needs from the
 * others (docs/architecture.md, "How engine.ts reads"), and holds what runs them: the timers, the
 * stop, the data folder's lock. The orders it goes over its parts in (a workspace applied, a tick,
 * maintenance, a stop) are engine-order.ts; every part's commands are merged in command-table.ts.
 * The shells (Electron main, HTTP server, CLI) only create an Engine and carry its commands and
 * events; they hold no logic of their own.
 */
export class Engine {
  readonly bus: EventBus;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly db: Database;
  readonly series: SeriesStore;
  readonly history: ConfigHistory;
  readonly settings: SettingsStore;
  readonly workspace: WorkspaceManager;
  readonly services: ServiceCatalog;
  readonly monitoring: MonitoringModule;
  readonly logs: LogsModule;
  readonly rules: RulesModule;
  readonly notify: NotifyModule;
  readonly analysis: AnalysisModule;
  /** Incidents with ranked causes (the assistant's root-cause part). */
  readonly incidents: IncidentsModule;
  readonly operate: ServicesModule;
  readonly fleet: FleetModule;
  readonly automationPause: AutomationPause;
  /** scale: of replicated services, evaluated from their rules. */
  readonly autoscaler: Autoscaler;
  readonly jobs: AutomationModule;
  readonly deploys: DeployModule;
  /** The public status page (/status/<slug>) and its incident notes. */
  readonly statusPage: StatusPageModule;
  /** On-call schedules and escalation policies: who is paged, and the escalations under way. */
  readonly oncall: OnCallModule;
  private readonly locks: AutomationLocks;
  /** People, tokens and sessions: who a caller is (the dispatcher decides what they may do). */
  readonly auth: AuthModule;
  /** Installed plugins, each enabled one in a process of its own. */
  readonly plugins: PluginsModule;
  readonly handlers: CommandHandlers;
  readonly dispatch: Dispatcher;
  readonly info: AppInfo;
  /** This workspace's name on its server. */
  readonly name: string;
  private readonly quotas: WorkspaceQuotas | undefined;
  /** Holds the data folder for this engine alone while it runs. */
  private readonly instance: InstanceLock;

  /** What the tray, favicon and header show: services and firing alerts summed up. */
  private readonly health: HealthWatch;
  private readonly timers: TimerHandle[] = [];
  private maintaining = false;
  private stopped = false;

  private constructor(options: EngineOptions) {
    this.clock = options.clock ?? systemClock;
    this.name = options.name ?? DEFAULT_WORKSPACE;
    this.quotas = options.quotas;
    this.logger = options.logger ?? createLogger('zervigo');
    this.bus = new EventBus((error, name) => this.logger.error({ err: error, event: name }, 'an event listener failed'));
    const dataDir = ensureDataDir(options.dataDir);
    const databaseFile = path.join(dataDir, DATABASE_FILE_NAME);
    // Before the database is touched: a second engine on the folder is refused, naming the first.
    this.instance = InstanceLock.acquire(dataDir, { pid: process.pid, shell: options.shell, startedAt: this.clock.now(), version: ZERVIGO_VERSION });
    this.db = this.instance.holding(() => openDatabase(databaseFile));
    this.series = new SeriesStore(this.db, () => this.clock.now());
    this.history = new ConfigHistory(this.db);
    this.settings = new SettingsStore(this.db);
    this.health = new HealthWatch(
      () => summarizeHealth(this.services.list(), this.notify.firingCounts(), this.clock.now()),
      (health) => this.bus.emit('health.changed', health),
    );
    this.services = new ServiceCatalog(() => {
      this.bus.emit('services.changed', this.services.list());
      this.health.publish();
    });
    // What every part may be handed: the store, the clock, the event bus and the log.
    const base = { db: this.db, series: this.series, bus: this.bus, clock: this.clock, logger: this.logger };
    const env = (name: string): string | undefined => this.workspace.current().vars[name] ?? (options.processEnv ?? process.env)[name];
    // Parts made further down are reached through closures; the services part may be asked before it is made (a probe's replica count).
    const operate = (): ServicesModule | undefined => this.operate;

    // One registry per family of kinds: the built-ins, and what plugins add; the workspace schema is assembled from them.
    const kinds = createKindRegistries();
    this.plugins = new PluginsModule({
      ...base,
      dataDir,
      engineVersion: ZERVIGO_VERSION,
      builtinKinds: kinds.builtinNames(),
      launcher: options.pluginLauncher,
      audit: (entry) => void this.operate.audit.record(entry),
      onChanged: (views) => {
        this.bus.emit('plugins.changed', views);
        pluginKinds.sync(this.plugins.kindLookup());
        // A workspace refused for a disabled plugin's kind loads once that plugin is enabled.
        (this.workspace as WorkspaceManager | undefined)?.reloadFromFile();
      },
    });
    // Plugins' channel and action kinds are entries of the registries like built-ins, each call going to the plugin's process.
    const pluginKinds = new PluginKindRegistration(kinds, (...call) => this.plugins.callKind(...call));
    pluginKinds.sync(this.plugins.kindLookup());
    this.plugins.startEnabled();

    this.monitoring = new MonitoringModule({
      ...base,
      processEnv: options.processEnv,
      spreadMs: options.probeSpreadMs,
      probeKinds: kinds.probes,
      pluginProbe: (kind, probeOptions, timeoutMs, graceMs) => this.plugins.checkProbe(kind, probeOptions, timeoutMs, graceMs),
      replicaCount: (service) => operate()?.manager.scaledCount(service),
      servicePid: (service) => this.operate.pidOf(service),
      remoteProbe: (agent, input, timeoutMs) => this.fleet.runProbe(agent, input, timeoutMs),
    });
    this.logs = new LogsModule({
      ...base,
      dataDir,
      capturedOutputDir: serviceLogDir(dataDir),
      // A batch of a source's lines is one call into its parser's plugin process.
      parseLines: (kind, options, input, timeoutMs) => this.plugins.callKind('logParsers', kind, options, input, timeoutMs),
    });
    this.rules = new RulesModule(base);
    this.notify = new NotifyModule({
      ...base,
      channelKinds: kinds.channels,
      alerts: this.rules.alertSource(),
      onFiringChanged: () => this.health.publish(),
      personOf: (context) => personOf(context, this.settings.get().operatorName),
      variable: env,
      externalSilences: () => this.fleet.externalSilences(),
      escalations: escalationPort(() => this.oncall),
    });
    // Rules hand each round to notify (Prometheus' NotifyFunc); automation subscribes through operate's ports.
    this.rules.onRound((round) => this.notify.receive(round));
    // Its own view of the people: pending notifications may be delivered while the workspace opens, before Auth exists.
    const people = options.sharedAuth?.store ?? new AuthStore(this.db);
    this.oncall = new OnCallModule({
      ...base,
      config: () => this.workspace.current().config.on_call,
      userExists: (name) => people.userByName(name) !== undefined,
      alertAck: (fingerprint) => this.rules.ackOf(fingerprint),
      acknowledgeAlert: (fingerprint, ack) => this.notify.setAck(fingerprint, ack),
      page: pageThrough(this.notify),
      audit: (entry) => void this.operate.audit.record(entry),
      onChanged: () => this.bus.emit('oncall.changed', this.oncall.escalator.pendingViews()),
    });
    this.fleet = new FleetModule({
      ...base,
      dataDir,
      alerting: fleetAlerting(this.rules, this.notify),
      version: ZERVIGO_VERSION,
      localServices: () => this.services.list(),
      localLogs: (input, context) => this.dispatch('logs.search', input, context) as ReturnType<FleetDeps['localLogs']>,
      reapplyAlerting: () => applyAlerting(this, this.workspace.current()),
      probeId,
    });
    this.analysis = new AnalysisModule({
      ...base,
      alerts: insightAlertPort(this.rules),
      // Only what this console runs: its pid is the service's (an adopted or tmux process included).
      listeningPorts: (service) => operate()?.listeningPorts(service) ?? null,
      // An analyser's round is one call into its plugin's process, as a probe's check is.
      analyse: (kind, options, input, timeoutMs) => this.plugins.callKind('analysers', kind, options, input, timeoutMs),
    });
    this.incidents = new IncidentsModule({ ...base, ...incidentsPorts(this) });
    this.workspace = new WorkspaceManager({
      ...base,
      history: this.history,
      processEnv: options.processEnv,
      maxBytes: options.maxWorkspaceBytes ?? resolveMaxWorkspaceBytes(),
      kinds: kinds.workspaceKinds,
      quotas: options.quotas,
      // Read at each load: the registries follow what is installed, even when the CLI changed the data folder directly.
      pluginKinds: () => pluginKinds.sync(this.plugins.kindLookup()),
      agents: () => this.fleet.agents.names(),
    });
    this.automationPause = new AutomationPause(this.db, () => this.clock.now());
    this.automationPause.onChange((state) => this.bus.emit('automation.changed', state));
    const pausedBy = (): { by: string | null } | undefined => this.automationPause.pausedBy();
    this.operate = new ServicesModule(
      {
        ...base,
        catalog: this.services,
        dataDir,
        workspace: () => this.workspace.current(),
        saveWorkspace: (content) => void this.workspace.save(content, 'app'),
        ports: servicesPorts({ monitoring: this.monitoring, rules: this.rules, notify: this.notify, logs: this.logs }),
        actionKinds: kinds.actions,
        automationPausedBy: pausedBy,
        onReplicaCount: () => this.monitoring.applyWorkspace(this.workspace.current()),
      },
      options.operate,
    );
    this.autoscaler = new Autoscaler({ ...base, ...autoscalerPorts({ ...base, operate: this.operate, pausedBy }) });

    // Jobs and deploys reach services, alerts, notify and the audit log through the same ports, and share one lock table.
    this.locks = new AutomationLocks(this.db, () => this.clock.now());
    const ports = automationPorts({ bus: this.bus, operate: this.operate, rules: this.rules, notify: this.notify });
    const automation = { ...base, ...ports, locks: this.locks, pause: this.automationPause, env, onError: this.logFailure };
    this.jobs = new AutomationModule({
      ...automation,
      housekeeping: async (options) => housekeeping(this.db, (keep) => this.deploys.store.prune(keep), options),
      emitRun: (summary) => this.bus.emit('jobs.changed', summary),
      emitOutput: (chunk) => this.bus.emit('jobs.output', chunk),
    });
    this.deploys = new DeployModule({
      ...automation,
      releaseRoot: (service) => releaseRoot(dataDir, service),
      cacheDir: path.join(dataDir, 'repositories'),
      emit: (view) => this.bus.emit('deploys.changed', view),
    });
    this.statusPage = new StatusPageModule({
      ...base,
      audit: this.operate.audit,
      ports: statusPagePorts({ workspace: this.workspace, catalog: this.services, monitoring: this.monitoring }),
    });

    this.workspace.onApplied((active) => applyWorkspaceInOrder(this, active, this.quotas));
    try {
      this.workspace.open(options.workspacePath, options.environment ?? null);
    } catch (error) {
      // Nothing ran yet: each part is told to stop without waiting, and the folder is given back.
      abandonInOrder(this, this.locks);
      this.instance.release();
      throw error;
    }
    this.info = appInfo(options.shell, dataDir, databaseFile, this.clock.now());
    this.auth =
      options.sharedAuth ??
      new AuthModule(this.db, this.clock, this.operate.audit, { oidcProviders: () => this.workspace.current().config.sso.providers, ...options.auth });
    this.handlers = commandTable(this, {
      health: this.health.current,
      hosted: options.hostedWorkspaces ?? (() => [{ name: this.name, quotas: this.quotas ?? null }]),
    });
    this.dispatch = createDispatcher(commands, this.handlers, auditedAdmission(this.operate.audit, actionQuotaOf(this.quotas, this.name, this.clock)));
    // Escalations that came due while Zervigo was stopped are paged now that people and the workspace are known.
    this.oncall.escalator.start();
    this.timers.push(every(this.clock, options.tickMs ?? 1_000, () => this.tick()));
    this.timers.push(every(this.clock, options.maintenanceEveryMs ?? 60_000, () => void this.maintain()));
  }

  /** Opens the store and the workspace and starts the background work. */
  static start(options: EngineOptions): Engine {
    return new Engine(options);
  }

  /** Writes what is pending and releases everything; safe to call twice. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const timer of this.timers) timer.cancel();
    try {
      await stopInOrder(this, this.locks, () => this.tick());
    } finally {
      // Last: the folder is free only once everything in it is written and closed.
      this.instance.release();
    }
  }

  /** Where the console answers (zervigo serve): links in notifications, and the refusal a second instance prints. */
  setConsoleUrl(url: string): void {
    this.notify.setConsoleUrl(url);
    this.instance.setUrl(url);
  }

  /** Writes the samples collected since the last tick in one transaction (engine-order.ts). */
  tick(): void {
    tickInOrder(this, this.stopped);
  }

  /** Rollups and retention, one round at a time. */
  async maintain(): Promise<void> {
    if (this.maintaining || this.stopped) return;
    this.maintaining = true;
    await maintainInOrder(this).finally(() => (this.maintaining = false));
  }

  private readonly logFailure = (error: unknown, what: string): void => this.logger.error({ err: error }, `${what} failed`);
}
