import path from 'node:path';
import { commands, type CommandHandlers } from '../shared/contract';
import type { AppInfo, HealthSummary, ShellKind } from '../shared/types/app';
import type { WorkspacePreview, WorkspaceView } from '../shared/types/workspace';
import { apiHandlers } from './api-commands';
import { reportHandlers } from './reports/reports-commands';
import { sendReport } from './reports/report-notification';
import { AnalysisModule } from './analysis/analysis-module';
import { analysisHandlers } from './analysis/analysis-commands';
import { appHandlers } from './app-commands';
import { assistantHandlers } from './assistant/assistant-commands';
import type { LogLine } from '../shared/types/logs';
import { incidentHandlers } from './incidents/incidents-commands';
import { IncidentsModule, QUIET_MS } from './incidents/incidents-module';
import { automationPorts } from './automation-ports';
import { authHandlers } from './auth/auth-commands';
import { createKindRegistries } from './builtin-kinds';
import { PluginKindRegistration } from './plugin-kind-registration';
import { PluginsModule } from './plugins/plugins-module';
import { AuthModule, type AuthOptions } from './auth/auth-module';
import { forbidden } from './auth/authorize';
import { principalOf } from '../shared/contract/define';
import { AuthStore } from './auth/auth-store';
import { ActionQuota, isAction } from './auth/action-quota';
import type { HostedWorkspace } from './auth/workspace-list';
import { withinLogQuota } from './config/workspace-quotas';
import { DEFAULT_WORKSPACE } from '../shared/auth/principal';
import type { WorkspaceQuotas } from '../shared/types/hosted-workspaces';
import { every, systemClock, type Clock, type TimerHandle } from './clock';
import type { ActiveWorkspace } from './config/active-workspace';
import { workspaceHandlers } from './config/workspace-commands';
import { resolveMaxWorkspaceBytes } from './config/input-limits';
import { WorkspaceManager } from './config/workspace-manager';
import { DATABASE_FILE_NAME, ensureDataDir } from './data-dir';
import { DeployModule } from './deploy/deploy-module';
import { deployHandlers } from './deploy/deploy-commands';
import { createDispatcher, type Dispatcher } from './dispatch';
import { EventBus } from './event-bus';
import { FleetModule, type FleetDeps } from './fleet/fleet-module';
import { InstanceLock } from './instance-lock';
import { sameHealth, summarizeHealth } from './health';
import { createLogger, type Logger } from './logger';
import { AutomationLocks } from './automation/automation-lock';
import { automationPauseHandlers } from './automation/automation-commands';
import { AutomationPause } from './automation/automation-pause';
import { AutomationModule } from './automation/automation-module';
import { osUser, personOf } from './person';
import { listeningPorts } from './process/listening-ports';
import { runArgv } from './process/run-argv';
import { releaseRoot } from './lifecycle/release-root';
import { workspaceDir } from './lifecycle/service-spec';
import { Autoscaler } from './lifecycle/autoscaler';
import { evaluateInstant } from './promql/query';
import { monitoringHandlers } from './monitoring/monitoring-commands';
import { MonitoringModule } from './monitoring/monitoring-module';
import { LogsModule } from './logs/logs-module';
import { NotifyModule } from './notify/notify-module';
import { DeliveryError } from './notify/delivery-error';
import { notificationTitle, type AlertNotification } from './notify/notification';
import { OnCallModule } from './oncall/oncall-module';
import { RulesModule } from './rules/rules-module';
import { insightAlertPort } from './insight-alert-port';
import { serviceHandlers } from './services/services-commands';
import { ServicesModule, type ServicesOptions } from './services/services-module';
import { servicesPorts } from './services-ports';
import { serviceLogDir } from './process/log-file';
import { ServiceCatalog } from './lifecycle/service-catalog';
import { ConfigHistory } from './store/config-history';
import { openDatabase, type Database } from './store/database';
import { SeriesStore } from './store/series-store';
import { SettingsStore } from './store/settings-store';
import { StatusPageModule } from './status-page/status-page-module';
import { availabilityOf } from './monitoring/availability';
import { ZERVIGO_VERSION } from './version';

export { DATABASE_FILE_NAME };

export interface EngineOptions {
  dataDir: string;
  /** Absolute path of zervigo.yaml, or null for the built-in workspace. */
  workspacePath: string | null;
  environment?: string | null;
  shell: ShellKind;
  clock?: Clock;
  logger?: Logger;
  processEnv?: NodeJS.ProcessEnv;
  /** How often collected samples are written (one transaction per tick). */
  tickMs?: number;
  /** How often rollups and retention run. */
  maintenanceEveryMs?: number;
  /** New probes start within min(every, this) of being loaded (default 10 s). */
  probeSpreadMs?: number;
  /** Service control, tmux and terminals: the ports to monitoring/alerting/logs, the pty host. */
  operate?: ServicesOptions;
  /** The workspace file and edits over this many bytes are refused (default: ZERVIGO_MAX_WORKSPACE_SIZE, else 4 MiB). */
  maxWorkspaceBytes?: number;
  /** Session lifetimes and account lockout (defaults: 12 h idle, 7 d absolute; 10 failures in 15 min lock for 15 min). */
  auth?: AuthOptions;
  /** This workspace's name on its server (default: the desktop's and a one-workspace server's, "default"). */
  name?: string;
  /**
   * People, tokens and sessions shared by every workspace of a server (`zervigo serve --workspace
   * A=… --workspace B=…`); without it the engine keeps its own in its database.
   */
  sharedAuth?: AuthModule;
  /** The workspaces of the server this engine is one of (workspaces.list); default: this one alone. */
  hostedWorkspaces?: () => readonly HostedWorkspace[];
  /** What the server's admin allows this workspace: probes, shortest interval, log storage, actions a minute. */
  quotas?: WorkspaceQuotas;
}

/**
 * Wires the parts of the engine together and implements every command of the contract.
 * The shells (Electron main, HTTP server, CLI) only create an Engine and carry its commands
 * and events; they hold no logic of their own.
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
  private incidentsChanged = false;
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

  private health: HealthSummary | null = null;
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
    try {
      this.db = openDatabase(databaseFile);
    } catch (error) {
      this.instance.release();
      throw error;
    }
    this.series = new SeriesStore(this.db, () => this.clock.now());
    this.history = new ConfigHistory(this.db);
    this.settings = new SettingsStore(this.db);
    this.services = new ServiceCatalog(() => this.publishServices());
    // One registry per family of kinds: the built-ins, and what plugins add; the workspace schema is assembled from them.
    const kindRegistries = createKindRegistries();
    const { probes: probeKinds, channels: channelKinds, actions: actionKinds } = kindRegistries;
    this.plugins = new PluginsModule({
      dataDir,
      engineVersion: ZERVIGO_VERSION,
      clock: this.clock,
      logger: this.logger,
      builtinKinds: kindRegistries.builtinNames(),
      // operate is made further down; by the time a command runs it is there.
      audit: (entry) => void this.operate.audit.record(entry),
      onChanged: (views) => {
        this.bus.emit('plugins.changed', views);
        pluginKindRegistration.sync(this.plugins.kindLookup());
        // A workspace refused for a disabled plugin's kind loads once that plugin is enabled.
        (this.workspace as WorkspaceManager | undefined)?.reloadFromFile();
      },
    });
    // Plugins' channel and action kinds are entries of the registries like built-ins, each call going to the plugin's process.
    const pluginKindRegistration = new PluginKindRegistration(
      { channels: channelKinds, actions: actionKinds },
      (section, kind, callOptions, input, timeoutMs) => this.plugins.callKind(section, kind, callOptions, input, timeoutMs),
    );
    pluginKindRegistration.sync(this.plugins.kindLookup());
    this.plugins.startEnabled();
    this.monitoring = new MonitoringModule({
      clock: this.clock,
      bus: this.bus,
      db: this.db,
      series: this.series,
      logger: this.logger,
      processEnv: options.processEnv,
      spreadMs: options.probeSpreadMs,
      pluginProbe: (kind, probeOptions, timeoutMs) => this.plugins.checkProbe(kind, probeOptions, timeoutMs),
      probeKinds,
      // Bound late: operate is built after monitoring, and asked only once a workspace applies.
      replicaCount: (service) => (this.operate as ServicesModule | undefined)?.manager.scaledCount(service),
      remoteProbe: (agent, input, timeoutMs) => this.fleet.runProbe(agent, input, timeoutMs),
    });
    this.logs = new LogsModule({
      db: this.db,
      series: this.series,
      bus: this.bus,
      clock: this.clock,
      logger: this.logger,
      dataDir,
      capturedOutputDir: serviceLogDir(dataDir),
    });
    this.rules = new RulesModule({ db: this.db, series: this.series, bus: this.bus, clock: this.clock, logger: this.logger });
    this.notify = new NotifyModule({
      db: this.db,
      channelKinds,
      bus: this.bus,
      clock: this.clock,
      logger: this.logger,
      alerts: {
        list: () => this.rules.alerts(),
        setAck: (fingerprint, ack) => this.rules.setAck(fingerprint, ack),
        raise: (alert) => this.rules.raiseExternal(alert),
        resolve: (alert) => this.rules.resolveExternal(alert),
      },
      onFiringChanged: () => this.publishHealth(),
      personOf: (context) => personOf(context, this.settings.get().operatorName),
      variable: (name) => this.workspace.current().vars[name] ?? (options.processEnv ?? process.env)[name],
      externalSilences: () => this.fleet.externalSilences(),
      escalations: {
        escalate: async (policy, notification) => {
          const outcome = this.oncall.escalator.escalate({
            policy,
            groupKey: notification.groupKey,
            title: notificationTitle({ ...notification, reminder: false }),
            status: notification.status,
            fingerprints: notification.alerts.filter((alert) => alert.status === 'firing').map((alert) => alert.fingerprint),
            notification,
          });
          if (!outcome.ok) throw new DeliveryError(outcome.message, true);
          return outcome.detail;
        },
        acknowledged: (fingerprint) => this.oncall.escalator.acknowledged(fingerprint),
      },
    });
    const people = options.sharedAuth?.store ?? new AuthStore(this.db);
    this.oncall = new OnCallModule({
      db: this.db,
      clock: this.clock,
      logger: this.logger,
      config: () => this.workspace.current().config.on_call,
      // Its own view of the people: pending notifications may be delivered while the workspace opens, before Auth exists.
      userExists: (name) => people.userByName(name) !== undefined,
      alertAck: (fingerprint) => {
        const record = this.rules.alerts().find((alert) => alert.fingerprint === fingerprint);
        if (record === undefined || record.state !== 'firing') return undefined;
        return record.ack === null ? null : { by: record.ack.by, at: record.ack.at };
      },
      page: (page, notification) => this.notify.page(page, notification as AlertNotification),
      audit: (entry) => void this.operate.audit.record(entry),
      onChanged: () => this.bus.emit('oncall.changed', this.oncall.escalator.pendingViews()),
    });
    this.fleet = new FleetModule({
      dataDir,
      series: this.series,
      alerting: {
        alertViews: () => this.notify.alertViews(),
        ruleViews: () => this.rules.ruleViews(),
        consoleUrl: () => this.notify.consoleUrl(),
        publishSilences: () => this.notify.publishSilences(),
        onTransition: (listener) => this.rules.onTransition(listener),
      },
      bus: this.bus,
      clock: this.clock,
      logger: this.logger,
      version: ZERVIGO_VERSION,
      localServices: () => this.services.list(),
      localLogs: (input, context) => this.dispatch('logs.search', input, context) as ReturnType<FleetDeps['localLogs']>,
      reapplyAlerting: () => {
        const alerting = this.fleet.alertingWorkspace(this.workspace.current());
        this.notify.applyWorkspace(alerting);
        this.rules.applyWorkspace(alerting);
      },
    });
    this.analysis = new AnalysisModule({
      db: this.db,
      series: this.series,
      clock: this.clock,
      logger: this.logger,
      alerts: insightAlertPort(this.rules),
      listeningPorts: (service) => {
        // Only what this console runs: its pid is the service's (an adopted or tmux process included).
        const pid = (this.operate as ServicesModule | undefined)?.manager.get(service)?.view().pid ?? null;
        return pid === null ? null : listeningPorts(pid);
      },
    });
    this.incidents = new IncidentsModule({
      db: this.db,
      series: this.series,
      clock: this.clock,
      logger: this.logger,
      services: () => this.services.list(),
      alerts: () => this.notify.alertViews(),
      anomalies: () => this.analysis.anomalyEpisodes(),
      logLines: async (service, start, end) => {
        const found = (await this.dispatch(
          'logs.search',
          { query: `service:${service}`, start, end, limit: 300 },
          { actor: 'assistant', transport: 'internal' },
        )) as {
          lines: LogLine[];
        };
        return found.lines;
      },
      onChanged: () => {
        this.incidentsChanged = true;
      },
      quietMs: () => (this.workspace as WorkspaceManager | undefined)?.current().config.analysis.incidents.resolve_after ?? QUIET_MS,
    });
    // Rules hand each round to notify (Prometheus' NotifyFunc); automation subscribes through operate's ports.
    this.rules.onRound((round) => this.notify.receive(round));
    this.workspace = new WorkspaceManager({
      history: this.history,
      bus: this.bus,
      clock: this.clock,
      logger: this.logger,
      processEnv: options.processEnv,
      maxBytes: options.maxWorkspaceBytes ?? resolveMaxWorkspaceBytes(),
      kinds: kindRegistries.workspaceKinds,
      quotas: options.quotas,
      // Read at each load: the registries follow what is installed, even when the CLI changed the data folder directly.
      pluginKinds: () => {
        const lookup = this.plugins.kindLookup();
        pluginKindRegistration.sync(lookup);
        return lookup;
      },
      agents: () => this.fleet.agents.names(),
    });
    this.automationPause = new AutomationPause(this.db, () => this.clock.now());
    this.automationPause.onChange((state) => this.bus.emit('automation.changed', state));
    const automationPause = this.automationPause;
    this.operate = new ServicesModule(
      {
        db: this.db,
        bus: this.bus,
        clock: this.clock,
        logger: this.logger,
        catalog: this.services,
        dataDir,
        workspace: () => this.workspace.current(),
        saveWorkspace: (content) => void this.workspace.save(content, 'app'),
        ports: servicesPorts({ monitoring: this.monitoring, rules: this.rules, notify: this.notify, logs: this.logs }),
        actionKinds,
        automationPausedBy: () => (automationPause.isPaused() ? { by: automationPause.get().by } : undefined),
        onReplicaCount: () => this.monitoring.applyWorkspace(this.workspace.current()),
      },
      options.operate,
    );
    this.autoscaler = new Autoscaler({
      clock: this.clock,
      logger: this.logger,
      fires: (expr) => {
        const result = evaluateInstant(this.series, expr, this.clock.now());
        return result.resultType === 'scalar' || result.result.length > 0;
      },
      replicaCount: (service) => this.operate.manager.replicaCount(service),
      lastScaledAt: (service) => this.operate.manager.lastScaledAt(service),
      scale: async (service, count, actor, reason) => {
        const result = await this.operate.manager.scale(service, count, actor, reason);
        return { ok: result.ok, summary: result.summary };
      },
      pausedBy: () => (automationPause.isPaused() ? { by: automationPause.get().by } : undefined),
    });
    this.locks = new AutomationLocks(this.db, () => this.clock.now());
    const ports = automationPorts({ bus: this.bus, operate: this.operate, rules: this.rules, notify: this.notify });
    const env = (name: string): string | undefined => this.workspace.current().vars[name] ?? (options.processEnv ?? process.env)[name];
    const onError = (error: unknown, what: string): void => this.logger.error({ err: error }, `${what} failed`);
    this.jobs = new AutomationModule({
      db: this.db,
      clock: this.clock,
      locks: this.locks,
      pause: this.automationPause,
      ...ports,
      runProcess: runArgv,
      housekeeping: (housekeeping) => this.housekeeping(housekeeping),
      env,
      emitRun: (summary) => this.bus.emit('jobs.changed', summary),
      emitOutput: (chunk) => this.bus.emit('jobs.output', chunk),
      onError,
    });
    this.deploys = new DeployModule({
      db: this.db,
      clock: this.clock,
      locks: this.locks,
      pause: this.automationPause,
      ...ports,
      runProcess: runArgv,
      releaseRoot: (service) => releaseRoot(dataDir, service),
      cacheDir: path.join(dataDir, 'repositories'),
      env,
      emit: (view) => this.bus.emit('deploys.changed', view),
      onError,
    });
    this.statusPage = new StatusPageModule({
      db: this.db,
      clock: this.clock,
      audit: this.operate.audit,
      ports: {
        config: () => this.workspace.current().config.status_page,
        serviceStatuses: () => new Map(this.services.list().map((service) => [service.name, service.status])),
        heartbeats: (services, limit) => this.monitoring.heartbeats(services, limit),
        availability: (service) =>
          availabilityOf(
            this.series,
            this.monitoring
              .statesOf(service)
              .map((state) => this.monitoring.probe(state.id)?.series.id('probe_success'))
              .filter((id): id is number => id !== undefined),
            this.clock.now(),
          ),
      },
    });
    this.workspace.onApplied((active) => this.applyWorkspace(active));
    try {
      this.workspace.open(options.workspacePath, options.environment ?? null);
    } catch (error) {
      this.workspace.close();
      void this.jobs.stop();
      void this.deploys.stop();
      this.locks.dispose();
      void this.operate.stop();
      void this.monitoring.stop();
      void this.logs.stop();
      this.rules.stop();
      void this.fleet.stop();
      void this.notify.stop();
      this.oncall.escalator.stop();
      this.analysis.stop();
      void this.plugins.stop();
      this.db.close();
      this.instance.release();
      throw error;
    }
    this.info = {
      name: 'Zervigo',
      version: ZERVIGO_VERSION,
      shell: options.shell,
      dataDir,
      databaseFile,
      startedAt: this.clock.now(),
      pid: process.pid,
      platform: `${process.platform}-${process.arch}`,
      node: process.versions.node,
      user: osUser(),
    };
    this.auth =
      options.sharedAuth ??
      new AuthModule(this.db, this.clock, this.operate.audit, {
        oidcProviders: () => this.workspace.current().config.sso.providers,
        ...options.auth,
      });
    const hosted = options.hostedWorkspaces ?? (() => [{ name: this.name, quotas: this.quotas ?? null }]);
    this.handlers = {
      ...appHandlers({
        info: () => this.info,
        health: () => this.currentHealth(),
        settings: this.settings,
        onSettingsChanged: (settings) => this.bus.emit('settings.changed', settings),
      }),
      ...workspaceHandlers(this.workspace, this.history, (candidate) => this.operate.manager.restartToApply(candidate)),
      ...serviceHandlers(this.services),
      ...monitoringHandlers(this.monitoring, this.series, this.clock, this.fleet.history, (what, permission, context) => {
        const principal = principalOf(context);
        if (!principal.permissions.has(permission)) throw forbidden(what, permission, principal);
      }),
      ...this.logs.handlers,
      ...this.rules.handlers,
      ...this.notify.handlers,
      ...this.operate.handlers,
      ...this.jobs.handlers,
      ...deployHandlers(this.deploys),
      ...automationPauseHandlers(this.automationPause, ports.audit),
      ...analysisHandlers({
        analysis: this.analysis,
        workspace: () => this.workspace.current(),
        preview: (content, context) => this.dispatch('workspace.preview', { content }, context) as Promise<WorkspacePreview>,
        save: (content, baseVersionId, confirm, context) =>
          this.dispatch('workspace.save', { content, baseVersionId, confirm }, context) as Promise<WorkspaceView>,
      }),
      ...incidentHandlers({
        tracker: this.incidents,
        db: this.db,
        clock: this.clock,
        services: () => this.services.list(),
        audit: (entry) => this.operate.audit.record({ ...entry, outcome: 'ok' }),
        onChanged: () => {
          this.incidentsChanged = true;
        },
      }),
      ...assistantHandlers({
        workspace: () => this.workspace.current(),
        alerts: () => this.notify.alertViews(),
        clock: this.clock,
        lookup: (command, input, context) => this.dispatch(command, input, context),
        onModelUnavailable: (reason) => this.logger.warn({ reason }, 'the assistant model did not answer; answered offline'),
      }),
      ...this.fleet.handlers,
      ...reportHandlers({
        db: this.db,
        series: this.series,
        clock: this.clock,
        workspace: () => this.workspace.current(),
        send: (channel, attachment) => sendReport(this.notify, channel, attachment),
      }),
      ...apiHandlers({ version: ZERVIGO_VERSION, consoleUrl: () => this.notify.consoleUrl() }),
      ...authHandlers(this.auth, hosted),
      ...this.plugins.handlers(),
      ...this.statusPage.handlers,
      ...this.oncall.handlers,
    } satisfies CommandHandlers;
    const actionQuota =
      options.quotas?.actionsPerMinute === undefined ? null : new ActionQuota(options.quotas.actionsPerMinute, this.name, () => this.clock.now());
    this.dispatch = createDispatcher(commands, this.handlers, {
      onForbidden: (name, context, error) =>
        this.operate.audit.record({ actor: context.actor, action: name, target: name, outcome: 'refused', message: error.message }),
      admit: (name, permission, context) => {
        // The engine's own calls (automation, look-ups) are not the people's actions the quota is about.
        if (actionQuota === null || context.transport === 'internal' || !isAction(permission)) return;
        try {
          actionQuota.admit(name);
        } catch (error) {
          this.operate.audit.record({ actor: context.actor, action: name, target: name, outcome: 'refused', message: (error as Error).message });
          throw error;
        }
      },
    });
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
      this.workspace.close();
      // Jobs and deploys first: their processes are stopped and their runs recorded as ended.
      await this.jobs.stop();
      await this.deploys.stop();
      this.autoscaler.stop();
      this.locks.dispose();
      // Operate first: its services' last output goes to logs, its give-ups to alerting.
      await this.operate.stop();
      await this.plugins.stop();
      await this.monitoring.stop();
      await this.incidents.stop();
      await this.logs.stop();
      this.tick();
      this.analysis.stop();
      this.rules.stop();
      await this.fleet.stop();
      this.oncall.escalator.stop();
      await this.notify.stop();
      this.db.close();
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

  /** Writes the samples collected since the last tick in one transaction. */
  tick(): void {
    this.monitoring.tick();
    try {
      this.logs.tick();
      this.series.writer.flush();
    } catch (error) {
      this.logger.error({ err: error }, 'writing samples failed');
    }
    // However many anomalies began or ended in this tick, subscribers hear once.
    if (this.analysis.takeChanged()) this.bus.emit('insights.changed', this.analysis.list());
    this.analysis.syncAlerts();
    this.trackIncidents();
  }

  /** Incidents open, join and resolve on what is wrong after this tick; open ones are ranked again in the background. */
  private trackIncidents(): void {
    if (this.stopped) return;
    try {
      this.incidents.observe();
      void this.incidents.rankDue();
    } catch (error) {
      this.logger.error({ err: error }, 'tracking incidents failed');
    }
    if (this.incidentsChanged) {
      this.incidentsChanged = false;
      this.bus.emit('incidents.changed', this.incidents.list(50));
    }
  }

  /** Rollups and retention; sliced so a large prune never blocks the event loop for long. */
  async maintain(): Promise<void> {
    if (this.maintaining || this.stopped) return;
    this.maintaining = true;
    try {
      // A shared Auth is pruned by its server.
      if (this.auth.store.db === this.db) this.auth.prune();
      this.oncall.escalator.prune();
      await this.series.maintain(this.clock.now(), () => new Promise((resolve) => setImmediate(resolve)));
      this.analysis.saveStates(this.clock.now());
    } catch (error) {
      this.logger.error({ err: error }, 'rollup or retention failed');
    } finally {
      this.maintaining = false;
    }
  }

  private applyWorkspace(active: ActiveWorkspace): void {
    const retention = active.config.storage.retention;
    this.series.setRetention({ rawMs: retention.raw, oneMinuteMs: retention['1m'], oneHourMs: retention['1h'] });
    this.services.setWorkspace(active);
    // Scaled counts (kept across restarts) first: monitoring builds each replica's probes from them.
    this.operate.manager.reconcileScaled(active.config);
    this.monitoring.applyWorkspace(active);
    // `process: self` probes look at the pid of the process the lifecycle runs.
    for (const service of Object.keys(active.config.services))
      this.monitoring.setPidSource(service, () => this.operate.manager.get(service)?.view().pid ?? null);
    this.logs.applyWorkspace({ ...active, config: withinLogQuota(active.config, this.quotas) });
    // Notify learns its routes before rules hand out the round of the new rule set; the fleet adds its own (AgentDown, own_routing).
    this.fleet.apply(active);
    const alerting = this.fleet.alertingWorkspace(active);
    this.notify.applyWorkspace(alerting);
    this.rules.applyWorkspace(alerting);
    this.analysis.applyWorkspace(active);
    this.operate.apply(active);
    this.autoscaler.apply(active.config.services);
    const dir = workspaceDir(active);
    this.jobs.apply({ config: active.config, environment: active.environment, dir });
    this.deploys.apply({ config: active.config, environment: active.environment, dir });
  }

  /** Zervigo's own upkeep (a housekeeping step): old deploy records pruned, the database checkpointed and optimised. */
  private async housekeeping(options: { vacuum: boolean; deploys: number; dryRun: boolean }): Promise<string> {
    if (options.dryRun)
      return `would keep the newest ${options.deploys} deploys per service, checkpoint the WAL and optimise the database${options.vacuum ? ', and vacuum it' : ''}`;
    const pruned = this.deploys.store.prune(options.deploys);
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.pragma('optimize');
    if (options.vacuum) this.db.exec('VACUUM');
    return `removed ${pruned} old deploy record${pruned === 1 ? '' : 's'}; WAL checkpointed, database optimised${options.vacuum ? ' and vacuumed' : ''}`;
  }

  private publishServices(): void {
    this.bus.emit('services.changed', this.services.list());
    this.publishHealth();
  }

  private publishHealth(): void {
    const health = this.currentHealth();
    if (!sameHealth(this.health, health)) {
      this.health = health;
      this.bus.emit('health.changed', health);
    }
  }

  private currentHealth(): HealthSummary {
    return summarizeHealth(this.services.list(), this.notify.firingCounts(), this.clock.now());
  }
}
