import type { RemoteReadConfig } from '../config/schema/fleet';
import { HistoryReadBack } from './remote-read/history-read-back';
import { RemoteHistory } from './remote-read/remote-history';
import os from 'node:os';
import { commands, events } from '../../shared/contract';
import type { fleetCommands } from '../../shared/contract/fleet';
import type { Permission } from '../../shared/auth/permissions';
import { principalOf, type CallContext, type HandlersOf } from '../../shared/contract/define';
import { forbidden } from '../auth/authorize';
import { FLEET_PROTOCOL, type AgentView, type FleetAlerts, type FleetLogs, type FleetServices, type OnHost } from '../../shared/types/fleet';
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
import { FleetAgents, FOLLOW_LEASE_MS } from './agents/fleet-agents';
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
  /** ~/.ssh for tunnels (tests give their own). */
  sshDir?: string;
}

/** How long a fleet-wide log search waits for an agent. */
const FLEET_LOGS_TIMEOUT_MS = 5_000;
export const LOCAL_HOST = 'local';

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

  constructor(private readonly deps: FleetDeps) {
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
    this.handlers = this.createHandlers();
    this.timers.push(every(deps.clock, 1_000, () => this.agents.writeUp(deps.series.writer, deps.clock.now())));
    this.agents.start();
  }

  /** A new workspace version. */
  apply(active: ActiveWorkspace): void {
    const { config } = active;
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

  private createHandlers(): HandlersOf<typeof fleetCommands> {
    const deps = this.deps;
    return {
      'agent.hello': async () => ({
        protocol: FLEET_PROTOCOL,
        version: deps.version,
        host: os.hostname(),
        commands: Object.keys(commands),
        events: Object.keys(events),
        now: deps.clock.now(),
      }),
      'agents.add': async ({ name, url, token, ssh, replace }) =>
        this.agents.add({ name, url: url.replace(/\/+$/, ''), token: token ?? null, ssh: ssh ?? null, addedAt: deps.clock.now() }, replace),
      'agents.remove': async ({ name }) => ({ removed: await this.agents.remove(name) }),
      'agents.list': async () => this.agents.views(),
      'agents.call': async ({ agent, command, input }, context) => {
        // The agent runs it with the console's token: what the caller may do is decided here.
        mayForward(command, commandPermission(command), context);
        return this.agents.get(agent).call(command, input);
      },
      'agents.follow': async ({ agent, events: names }, context) => {
        for (const name of names) mayForward(name, eventPermission(name), context);
        return { following: this.agents.get(agent).follow(names, deps.clock.now() + FOLLOW_LEASE_MS) };
      },
      'fleet.services': async () => this.fleetServices(),
      'fleet.alerts': async () => this.fleetAlerts(),
      'fleet.logs': async (input, context) => this.fleetLogs(input, context),
      'fleet.status': async () => ({ remoteWrite: this.remoteWrite.statuses(), alertmanagers: this.alertmanagers.statuses(), ownRouting: this.ownRouting }),
    };
  }

  private fleetServices(): FleetServices {
    const services: OnHost<ServiceView>[] = this.deps.localServices().map((service) => ({ ...service, host: LOCAL_HOST }));
    const missing: FleetServices['missing'] = [];
    for (const connection of this.agents.connectionsList()) {
      const view = connection.view();
      if (view.state !== 'up' || connection.services === null) missing.push({ agent: view.name, reason: notUp(view) });
      else for (const service of connection.services) services.push({ ...service, host: view.name });
    }
    return { services, missing };
  }

  private fleetAlerts(): FleetAlerts {
    const alerts: OnHost<AlertView>[] = this.deps.alerting.alertViews().map((alert) => ({ ...alert, host: LOCAL_HOST }));
    const missing: FleetAlerts['missing'] = [];
    for (const connection of this.agents.connectionsList()) {
      const view = connection.view();
      if (view.state !== 'up' || connection.alerts === null) missing.push({ agent: view.name, reason: notUp(view) });
      else for (const alert of connection.alerts) alerts.push({ ...alert, host: view.name });
    }
    const rank = { firing: 0, pending: 1, resolved: 2 } as const;
    alerts.sort((a, b) => rank[a.state] - rank[b.state] || (b.resolvedAt ?? b.activeAt) - (a.resolvedAt ?? a.activeAt));
    return { alerts, missing };
  }

  private async fleetLogs(input: { limit: number } & Record<string, unknown>, context: CallContext): Promise<FleetLogs> {
    const missing: FleetLogs['missing'] = [];
    const asked = [
      { host: LOCAL_HOST, result: this.deps.localLogs(input, context) },
      ...this.agents.connectionsList().map((connection) => ({
        host: connection.record.name,
        result: connection.call('logs.search', input, FLEET_LOGS_TIMEOUT_MS) as Promise<LogSearchResult>,
      })),
    ];
    const lines: FleetLogs['lines'] = [];
    const terms = new Set<string>();
    for (const { host, result } of asked) {
      try {
        const found = await result;
        for (const line of found.lines) lines.push({ ...line, host });
        for (const term of found.terms) terms.add(term);
      } catch (error) {
        missing.push({ agent: host, reason: (error as Error).message });
      }
    }
    lines.sort((a, b) => b.ts - a.ts || b.id - a.id);
    return { lines: lines.slice(0, input.limit), terms: [...terms], missing };
  }
}

/** What a command needs, as this console's contract says; one it does not know (a newer agent's) needs configure. */
function commandPermission(name: string): Permission {
  return Object.hasOwn(commands, name) ? commands[name as keyof typeof commands].permission : 'configure';
}

function eventPermission(name: string): Permission {
  return Object.hasOwn(events, name) ? events[name as keyof typeof events].permission : 'configure';
}

function mayForward(name: string, permission: Permission, context: CallContext): void {
  const principal = principalOf(context);
  if (!principal.permissions.has(permission)) throw forbidden(name, permission, principal);
}

function notUp(view: AgentView): string {
  return `${view.state}${view.reason === null ? '' : `: ${view.reason}`}`;
}
