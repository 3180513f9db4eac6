import type { EventName, EventPayload } from '../../../shared/contract';
import type { RendererBridge } from '../bridge/renderer-bridge';
import { codeOf } from '../format/error-message';
import { setAlerts, setRules, setSilences, useAlertsStore } from './alerts-store';
import { setAppInfo } from './app-info-store';
import { setMe } from './me-store';
import { mergeAuditEntries, upsertAuditEntry, useAuditStore } from './audit-store';
import { applyFinished, applyProgress } from './operations-store';
import { setSessions } from './sessions-store';
import { setConnection } from './connection-store';
import { setHealth } from './health-store';
import { setIncidents, useIncidentsStore } from './incidents-store';
import { setInsights, useInsightsStore } from './insights-store';
import { failed } from './load-state';
import { pushMachineSample } from './machine-feed';
import { applyProbeChanges, setProbes, useProbesStore } from './probes-store';
import { addDiscoveredPatterns, setLogRetention, setLogSources, setLogsStatus } from './logs-store';
import { setServices, useServicesStore } from './services-store';
import { setSettings, useSettingsStore } from './settings-store';
import { setWorkspaceError, setWorkspaceView, useWorkspaceStore } from './workspace-store';

/**
 * Keeps one piece of state in step with the engine: events apply as they come, and a fetch
 * (at start, after a reconnect, after signing in) is dropped if an event overtook it, or if the
 * feed was stopped meanwhile (the pages turned to another host: its answer is not that host's).
 */
class Feed {
  private generation = 0;
  private retired = false;

  constructor(
    private readonly fetch: () => Promise<void>,
    private readonly onFailure: (error: unknown) => void,
  ) {}

  /** Wraps an event listener so it marks any fetch in flight as stale. */
  listen<T>(apply: (payload: T) => void): (payload: T) => void {
    return (payload) => {
      this.generation += 1;
      apply(payload);
    };
  }

  /** Runs the fetch; `apply` is skipped when an event arrived meanwhile. */
  guard<T>(apply: (value: T) => void): (value: T) => void {
    const started = this.generation;
    return (value) => {
      if (!this.retired && this.generation === started) apply(value);
    };
  }

  refresh(): void {
    this.fetch().catch((error: unknown) => {
      if (!this.retired) this.onFailure(error);
    });
  }

  /** Stopped: answers still on their way are dropped. */
  retire(): void {
    this.retired = true;
  }
}

/** As many incidents as the engine's `incidents.changed` carries: a fetch and an event show the same list. */
const INCIDENTS_KEPT = 50;

/** Failures of background fetches nobody waits for; a signed-out browser is not worth a warning. */
function quietly(command: string, error: unknown): void {
  if (codeOf(error) !== 'unauthorized') console.warn(`${command} failed`, error);
}

/**
 * Feeds the stores from the Bridge: initial fetches plus live events. Returns the function
 * that unsubscribes everything. Components read the stores; they never subscribe themselves.
 * The header's health (and the tab's icon) is always this console's (`consoleBridge`), also
 * while the other stores show an agent: it says whether anything is wrong here, and leads here.
 */
export function feedStores(bridge: RendererBridge, consoleBridge: RendererBridge = bridge): { stop: () => void; refreshAll: () => void } {
  const stops: (() => void)[] = [];
  const on = <E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): void => {
    stops.push(bridge.subscribe(name, listener));
  };

  const workspace: Feed = new Feed(
    async () => bridge.invoke('workspace.get').then(workspace.guard(setWorkspaceView)),
    (error) => useWorkspaceStore.setState({ load: failed(error) }),
  );
  on('workspace.changed', workspace.listen(setWorkspaceView));
  on('workspace.invalid', workspace.listen(setWorkspaceError));

  const services: Feed = new Feed(
    async () => bridge.invoke('services.list').then(services.guard(setServices)),
    (error) => useServicesStore.setState({ load: failed(error) }),
  );
  on('services.changed', services.listen(setServices));

  const health: Feed = new Feed(
    async () => consoleBridge.invoke('health.get').then(health.guard(setHealth)),
    (error) => quietly('health.get', error),
  );
  stops.push(consoleBridge.subscribe('health.changed', health.listen(setHealth)));

  const settings: Feed = new Feed(
    async () => bridge.invoke('settings.get').then(settings.guard(setSettings)),
    (error) => useSettingsStore.setState({ load: failed(error) }),
  );
  on('settings.changed', settings.listen(setSettings));

  const info: Feed = new Feed(
    async () => bridge.invoke('app.info').then(info.guard(setAppInfo)),
    (error) => quietly('app.info', error),
  );

  // Who is signed in and what they may not do: the UI disables what would be refused, saying why.
  const me: Feed = new Feed(
    async () => bridge.invoke('auth.me').then(me.guard(setMe)),
    (error) => quietly('auth.me', error),
  );

  const probes: Feed = new Feed(
    async () => bridge.invoke('probes.list').then(probes.guard(setProbes)),
    (error) => useProbesStore.setState({ load: failed(error) }),
  );
  on('probes.changed', probes.listen(applyProbeChanges));
  on('machine.sample', pushMachineSample);
  const machine: Feed = new Feed(
    async () => bridge.invoke('machine.latest').then(machine.guard(pushMachineSample)),
    (error) => quietly('machine.latest', error),
  );

  const logs: Feed = new Feed(
    async () => bridge.invoke('logs.status').then(logs.guard(setLogsStatus)),
    (error) => quietly('logs.status', error),
  );
  // These patch the fetched status (and are ignored until it arrives), so they never void the fetch.
  on('logs.sourcesChanged', setLogSources);
  on('logs.retention', setLogRetention);
  on('logs.patternsDiscovered', addDiscoveredPatterns);

  const alerts: Feed = new Feed(
    async () => bridge.invoke('alerts.list').then(alerts.guard(setAlerts)),
    (error) => useAlertsStore.setState({ load: failed(error) }),
  );
  on('alerts.changed', alerts.listen(setAlerts));

  const silences: Feed = new Feed(
    async () => bridge.invoke('silences.list').then(silences.guard(setSilences)),
    (error) => useAlertsStore.setState({ silencesLoad: failed(error) }),
  );
  on('silences.changed', silences.listen(setSilences));

  const rules: Feed = new Feed(
    async () => bridge.invoke('rules.list').then(rules.guard(setRules)),
    (error) => useAlertsStore.setState({ rulesLoad: failed(error) }),
  );
  on('rules.changed', rules.listen(setRules));

  // Audit entries arrive one by one, so a fetch is merged with them rather than replacing them.
  const audit: Feed = new Feed(
    async () => bridge.invoke('audit.list', { limit: 200 }).then(audit.guard(mergeAuditEntries)),
    (error) => useAuditStore.setState({ load: failed(error) }),
  );
  on('audit.changed', upsertAuditEntry);
  on('operations.progress', applyProgress);
  on('operations.finished', applyFinished);
  const insights: Feed = new Feed(
    async () => bridge.invoke('insights.list').then(insights.guard(setInsights)),
    (error) => useInsightsStore.setState({ load: failed(error) }),
  );
  on('insights.changed', insights.listen(setInsights));
  const incidents: Feed = new Feed(
    async () => bridge.invoke('incidents.list', { limit: INCIDENTS_KEPT }).then(incidents.guard(setIncidents)),
    (error) => useIncidentsStore.setState({ load: failed(error) }),
  );
  on('incidents.changed', incidents.listen(setIncidents));
  // tmux is listed when the Terminals page opens; changes arrive as they happen.
  on('sessions.changed', setSessions);

  const feeds = [me, workspace, services, health, settings, info, probes, machine, logs, alerts, silences, rules, audit, insights, incidents];
  const refreshAll = (): void => {
    for (const feed of feeds) feed.refresh();
  };

  setConnection(bridge.kind, bridge.connection.current());
  let wasSignedOut = bridge.connection.current().signedOut;
  stops.push(
    bridge.connection.onChange((status) => {
      setConnection(bridge.kind, status);
      if (wasSignedOut && !status.signedOut) refreshAll();
      wasSignedOut = status.signedOut;
    }),
  );
  stops.push(bridge.connection.onResync(refreshAll));

  refreshAll();
  return {
    stop: () => {
      for (const stop of stops.splice(0)) stop();
      for (const feed of feeds) feed.retire();
    },
    refreshAll,
  };
}
