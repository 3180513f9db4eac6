import type { AgentView, FleetAlerts, FleetServices, OnHost } from '../../shared/types/fleet';
import type { AlertView } from '../../shared/types/alerts';
import type { ServiceView } from '../../shared/types/service';
import type { AgentConnection } from './agents/agent-connection';
import { LOCAL_HOST } from '../../shared/fleet-hosts';

/** This console's rows and each up agent's, each naming its host; agents without theirs named with why. */
function onEveryHost<T>(local: T[], connections: AgentConnection[], of: (connection: AgentConnection) => T[] | null) {
  const rows: OnHost<T>[] = local.map((row) => ({ ...row, host: LOCAL_HOST }));
  const missing: { agent: string; reason: string }[] = [];
  for (const connection of connections) {
    const view = connection.view();
    const theirs = of(connection);
    if (view.state !== 'up' || theirs === null) missing.push({ agent: view.name, reason: notUp(view) });
    else for (const row of theirs) rows.push({ ...row, host: view.name });
  }
  return { rows, missing };
}

/** Every host's services: this console's and each agent's that is up. */
export function fleetServices(local: ServiceView[], connections: AgentConnection[]): FleetServices {
  const { rows, missing } = onEveryHost(local, connections, (connection) => connection.services);
  return { services: rows, missing };
}

/** Every host's alerts, firing first, then the most recent. */
export function fleetAlerts(local: AlertView[], connections: AgentConnection[]): FleetAlerts {
  const { rows: alerts, missing } = onEveryHost(local, connections, (connection) => connection.alerts);
  const rank = { firing: 0, pending: 1, resolved: 2 } as const;
  alerts.sort((a, b) => rank[a.state] - rank[b.state] || (b.resolvedAt ?? b.activeAt) - (a.resolvedAt ?? a.activeAt));
  return { alerts, missing };
}

/** Why an agent is not up, in words. */
export function notUp(view: AgentView): string {
  return `${view.state}${view.reason === null ? '' : `: ${view.reason}`}`;
}
