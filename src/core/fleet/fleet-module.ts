import type { ProbeConfig } from '../config/schema';
import type { RemoteReadConfig } from '../config/schema/fleet';
import { HistoryReadBack } from './remote-read/history-read-back';
import { RemoteHistory } from './remote-read/remote-history';
import { commands } from '../../shared/contract';
import type { fleetCommands } from '../../shared/contract/fleet';
import type { CallContext, HandlersOf } from '../../shared/contract/define';
import type { LogSearchResult } from '../../shared/types/logs';
import type { ProbeRunResult } from '../../shared/types/monitoring';
import type { ServiceView } from '../../shared/types/service';
import { every, type Clock, type TimerHandle } from '../clock';
import type { ActiveWorkspace } from '../config/active-workspace';
import type { EventBus } from '../event-bus';
import type { Logger } from '../logger';
import type { AlertTransitionEvent } from '../rules/rules-module';
import type { AlertView, RuleView } from '../../shared/types/alerts';
import type { SeriesStore } from '../store/series-store';
import { AlertmanagerNotifier } from './alertmanager/alertmanager-notifier';
import { openTransport } from './agents/agent-transport';
import { AgentRegistry } from './agents/agent-registry';
import { FleetAgents } from './agents/fleet-agents';
import { probesFromAgent } from './agents/probes-from-agent';
import { fleetHandlers } from './fleet-commands';
import { openFleetDatabase, type FleetDatabase } from './fleet-database';
import { alertingWorkspace } from './fleet-rules';
import { RemoteWrite } from './remote-write/remote-write-module';

export interface FleetDeps {
  dataDir: string;
  series: SeriesStore;
  alerting: FleetAlerting;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  version: string;
  /** This console's own views, for the fleet-wide ones (host "local"). */
  localServices: () => ServiceView[];
  localLogs: (input: unknown, context: CallContext) => Promise<LogSearchResult>;
  /** Agents came or went: alerting is given the workspace again (the AgentDown rule follows them). */
  reapplyAlerting: () => void;
  /** A probe's id as the probes part names it ("api/http#0"): removing an agent names the probes that run from it. */
  probeId: (service: string, probe: ProbeConfig, index: number) => string;
  /** ~/.ssh for tunnels (tests give their own). */
  sshDir?: string;
}

/** What the fleet reads of rules and notify: their views, the console's address, transitions, silences. */
export interface FleetAlerting {
  alertViews(): AlertView[];
  ruleViews(): RuleView[];
  consoleUrl(): string | null;
  publishSilences(): void;
  onTransition(listener: (event: AlertTransitionEvent) => void): () => void;
}

/**
 * Zervigo beyond one machine: agents (other `zervigo serve` engines) watched and operated from
 * here, remote_write to Prometheus-compatible stores, alerts to Alertmanagers. Its ports into
 * the engine are the store's committed batches, alerting's transitions and views, and the bus.
 */
export class FleetModule {
  readonly handlers: HandlersOf<typeof fleetCommands>;
  readonly remoteWrite: RemoteWrite;
  /** History read back from the stores of `remote_read:`, where the local store's ends. */
  readonly history: HistoryReadBack;
  private remoteReads: RemoteReadConfig[] = [];
  readonly alertmanagers: AlertmanagerNotifier;
  readonly agents: FleetAgents;
  private readonly db: FleetDatabase;
  private readonly timers: TimerHandle[] = [];
  private readonly stopTransitions: () => void;
  private ownRouting = true;
  private healthEveryMs = 5_000;
  private active: ActiveWorkspace | null = null;

  constructor(deps: FleetDeps) {
    this.db = openFleetDatabase(deps.dataDir);
    this.remoteWrite = new RemoteWrite({ db: this.db, series: deps.series, clock: deps.clock, logger: deps.logger });
    this.history = new HistoryReadBack(new RemoteHistory(() => this.remoteReads));
    this.alertmanagers = new AlertmanagerNotifier(
      {
        alerts: () => deps.alerting.alertViews(),
        evaluationIntervals: () => new Map(deps.alerting.ruleViews().map((rule) => [rule.id, rule.intervalMs])),
        consoleUrl: () => deps.alerting.consoleUrl(),
      },
      deps.clock,
      deps.logger,
      () => deps.alerting.publishSilences(),
    );
    this.stopTransitions = deps.alerting.onTransition(() => this.alertmanagers.alertsChanged());
    this.agents = new FleetAgents({
      registry: new AgentRegistry(this.db),
      clock: deps.clock,
      logger: deps.logger,
      openTransport: (record) => openTransport(record, { sshDir: deps.sshDir }),
      localCommands: Object.keys(commands),
      onAgentsChanged: (views) => deps.bus.emit('agents.changed', views),
      onData: (agent, what) => deps.bus.emit('fleet.changed', { agent, what }),
      onEvent: (agent, name, payload) => deps.bus.emit('agents.event', { agent, name, payload }),
      onMembershipChanged: () => deps.reapplyAlerting(),
      healthEveryMs: () => this.healthEveryMs,
    });
    this.handlers = fleetHandlers({
      agents: this.agents,
      clock: deps.clock,
      version: deps.version,
      status: () => ({ remoteWrite: this.remoteWrite.statuses(), alertmanagers: this.alertmanagers.statuses(), ownRouting: this.ownRouting }),
      localServices: deps.localServices,
      localAlerts: () => deps.alerting.alertViews(),
      localLogs: deps.localLogs,
      probesFrom: (agent) => probesFromAgent(this.active, agent, deps.probeId),
    });
    this.timers.push(every(deps.clock, 1_000, () => this.agents.writeUp(deps.series.writer, deps.clock.now())));
    this.agents.start();
  }

  /** A new workspace version. */
  apply(active: ActiveWorkspace): void {
    const { config } = active;
    this.active = active;
    this.ownRouting = config.alerting.own_routing;
    this.healthEveryMs = config.fleet.health_every;
    this.remoteWrite.apply(config.remote_write);
    this.remoteReads = config.remote_read;
    this.alertmanagers.apply(config.alerting);
  }

  /** What alerting is given for a workspace: the AgentDown rule while there are agents; no own routes when the Alertmanagers notify. */
  alertingWorkspace(active: ActiveWorkspace): ActiveWorkspace {
    return alertingWorkspace(active, this.agents.size > 0, active.config.fleet.agent_down_for);
  }

  /** One check of a probe on an agent (a probe's `from`): the agent runs it as its own, with the console's token. */
  async runProbe(agent: string, input: { service: string; probe: Record<string, unknown> }, timeoutMs: number): Promise<ProbeRunResult> {
    return (await this.agents.get(agent).call('probes.run_once', input, timeoutMs)) as ProbeRunResult;
  }

  /** Silences read from the Alertmanagers, for the Silences list. */
  externalSilences(): ReturnType<AlertmanagerNotifier['silences']> {
    return this.alertmanagers.silences();
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) timer.cancel();
    this.stopTransitions();
    await this.agents.stop();
    await this.alertmanagers.stop();
    await this.remoteWrite.stop();
    this.db.close();
  }
}
