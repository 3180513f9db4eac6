import os from 'node:os';
import { commands, events } from '../../shared/contract';
import type { fleetCommands } from '../../shared/contract/fleet';
import type { Permission } from '../../shared/auth/permissions';
import { principalOf, type CallContext, type HandlersOf } from '../../shared/contract/define';
import { FLEET_PROTOCOL, type FleetStatus } from '../../shared/types/fleet';
import type { AlertView } from '../../shared/types/alerts';
import type { LogSearchResult } from '../../shared/types/logs';
import type { ServiceView } from '../../shared/types/service';
import { forbidden } from '../auth/authorize';
import type { Clock } from '../clock';
import { FOLLOW_LEASE_MS, type FleetAgents } from './agents/fleet-agents';
import type { ProbeFromAgent } from './agents/probes-from-agent';
import { ZervigoError } from '../../shared/errors';
import { FLEET_LOGS_TIMEOUT_MS, localLogHost, searchFleetLogs, type LogHost } from './fleet-log-search';
import { fleetAlerts, fleetServices } from './fleet-views';

export interface FleetCommandDeps {
  agents: FleetAgents;
  clock: Clock;
  version: string;
  status: () => FleetStatus;
  localServices: () => ServiceView[];
  localAlerts: () => AlertView[];
  localLogs: (input: unknown, context: CallContext) => Promise<LogSearchResult>;
  /** The workspace's probes whose from: names this agent, with file:line:col. */
  probesFrom: (agent: string) => ProbeFromAgent[];
}

/** The fleet's commands: agents, commands forwarded to them, and the fleet-wide views. */
export function fleetHandlers(deps: FleetCommandDeps): HandlersOf<typeof fleetCommands> {
  const { agents, clock } = deps;
  return {
    'agent.hello': async () => ({
      protocol: FLEET_PROTOCOL,
      version: deps.version,
      host: os.hostname(),
      commands: Object.keys(commands),
      events: Object.keys(events),
      now: clock.now(),
    }),
    'agents.add': async ({ name, url, token, ssh, replace }) =>
      agents.add({ name, url: url.replace(/\/+$/, ''), token: token ?? null, ssh: ssh ?? null, addedAt: clock.now() }, replace),
    'agents.remove': async ({ name, force }) => {
      // A probe that runs from the agent would check from nowhere: said before, not found later.
      const stillNamedBy = deps.probesFrom(name);
      if (stillNamedBy.length > 0 && !force)
        throw new ZervigoError(
          'conflict',
          `agent ${name} is named in the from: of ${stillNamedBy.length === 1 ? 'a probe' : `${stillNamedBy.length} probes`}; take it out there first, or remove it anyway (force; --force) and they fail with "no agent ${name}":\n${stillNamedBy.map((entry) => `  ${entry.at}  ${entry.probe}`).join('\n')}`,
          { probes: stillNamedBy },
        );
      return { removed: await agents.remove(name), stillNamedBy };
    },
    'agents.list': async () => agents.views(),
    'agents.call': async ({ agent, command, input }, context) => {
      // The agent runs it with the console's token: what the caller may do is decided here.
      mayForward(command, commandPermission(command), context);
      return agents.get(agent).call(command, input);
    },
    'agents.follow': async ({ agent, events: names }, context) => {
      for (const name of names) mayForward(name, eventPermission(name), context);
      return { following: agents.get(agent).follow(names, clock.now() + FOLLOW_LEASE_MS) };
    },
    'fleet.services': async () => fleetServices(deps.localServices(), agents.connectionsList()),
    'fleet.alerts': async () => fleetAlerts(deps.localAlerts(), agents.connectionsList()),
    'fleet.logs': async (input, context) => {
      const hosts: LogHost[] = [
        localLogHost((search) => deps.localLogs(search, context)),
        ...agents.connectionsList().map((connection) => ({
          name: connection.record.name,
          search: (search: Record<string, unknown>) => connection.call('logs.search', search, FLEET_LOGS_TIMEOUT_MS) as Promise<LogSearchResult>,
        })),
      ];
      return searchFleetLogs(input, hosts);
    },
    'fleet.status': async () => deps.status(),
  };
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
