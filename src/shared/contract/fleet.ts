import { z } from 'zod';
import type { AgentEvent, AgentHello, AgentRemoval, AgentView, FleetAlerts, FleetLogs, FleetServices, FleetStatus } from '../types/fleet';
import { NoInput } from './app';
import { command, event, returns } from './define';
import { LogSearchFields } from './logs';
import { queryFlag } from './query-flag';
import { queryList } from './query-list';
import { RESERVED_AGENT_NAMES } from '../fleet-hosts';

const AgentName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, 'agent names use letters, digits, "-", "_" and "." (at most 63)');

export const AddAgentInput = z.strictObject({
  name: AgentName.refine((name) => !RESERVED_AGENT_NAMES.includes(name.toLowerCase()), {
    error: (issue) =>
      `"${String(issue.input)}" is kept for ${String(issue.input).toLowerCase() === 'local' ? 'this console itself' : 'every host at once'}: pick another agent name`,
  }),
  url: z.url({ protocol: /^https?$/, error: "expected the agent's http:// or https:// URL, e.g. http://127.0.0.1:7300" }),
  token: z.string().min(1).max(512).optional(),
  /** A Host of ~/.ssh/config (or user@host[:port]): the URL is then reached through an SSH tunnel to it. */
  ssh: z
    .string()
    .min(1)
    .max(255)
    .regex(/^[^\s]+$/, 'an SSH host has no spaces')
    .optional(),
  /** Replace an agent of that name. */
  replace: z.boolean().default(false),
});

const HostName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, 'a host is "local" or an agent\'s name');

/**
 * A search on several hosts. Each host answers its own newest `limit` lines (none are cut in the
 * merge, so each host's cursor is exact); older pages continue each host from its own cursor.
 */
export const FleetLogsInput = LogSearchFields.omit({ cursor: true })
  .extend({
    /** "local" and agents' names; every host when absent. */
    hosts: queryList(HostName, 200, 'hosts').optional(),
    /** The `cursors` of an earlier answer as host:cursor: only those hosts are asked, each for its older lines. */
    cursors: queryList(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}:\d+$/, 'a cursor is host:<nextCursor>'), 200, 'cursors').optional(),
  })
  .optional()
  .default({ query: '', limit: 200, context: 0 });

export const fleetCommands = {
  'agent.hello': command({
    permission: 'view',
    input: NoInput,
    output: returns<AgentHello>(),
    rest: 'GET /agent/hello',
    summary: 'This engine as an agent: fleet protocol version, Zervigo version, the commands and events it knows',
  }),
  'agents.add': command({
    permission: 'configure',
    input: AddAgentInput,
    output: returns<AgentView>(),
    rest: 'POST /agents',
    summary: 'Add an agent (name, URL, token; optionally through an SSH tunnel) and connect to it',
  }),
  'agents.remove': command({
    permission: 'configure',
    input: z.strictObject({
      name: AgentName,
      force: queryFlag(
        'force',
        'Remove it although probes\' from: name it (they then fail with "no agent NAME"); over HTTP: DELETE /api/v1/agents/NAME?force=true',
      ),
    }),
    output: returns<AgentRemoval>(),
    rest: 'DELETE /agents/:name',
    summary: "Remove an agent and disconnect; refused (409 conflict) while probes' from: name it (each probe with file:line:col), unless force (?force=true)",
  }),
  'agents.list': command({
    permission: 'view',
    input: NoInput,
    output: returns<AgentView[]>(),
    rest: 'GET /agents',
    summary: 'The agents with their state, version, latency and what they lack',
  }),
  'agents.call': command({
    permission: 'view',
    input: z.strictObject({ agent: AgentName, command: z.string().min(1).max(128), input: z.unknown().optional() }),
    output: returns<unknown>(),
    rest: 'POST /agents/:agent/call',
    summary: "Run a command of the contract on an agent (the caller needs that command's permission here; the agent checks it as its own)",
  }),
  'agents.follow': command({
    permission: 'view',
    input: z.strictObject({ agent: AgentName, events: z.array(z.string().min(1).max(128)).max(64) }),
    output: returns<{ following: string[] }>(),
    summary: 'Relay these events of an agent as agents.event for the next 60 s (call again to keep them)',
  }),
  'fleet.services': command({
    permission: 'view',
    input: NoInput,
    output: returns<FleetServices>(),
    rest: 'GET /fleet/services',
    summary: 'Every service of this console and its agents, each naming its host',
  }),
  'fleet.alerts': command({
    permission: 'view',
    input: NoInput,
    output: returns<FleetAlerts>(),
    rest: 'GET /fleet/alerts',
    summary: 'Every alert of this console and its agents, each naming its host',
  }),
  'fleet.logs': command({
    permission: 'view',
    input: FleetLogsInput,
    output: returns<FleetLogs>(),
    rest: 'GET /fleet/logs',
    summary:
      "Search logs on this console and its agents (hosts=…) at once, each host's newest lines merged newest first, each line naming its host; an agent that cannot answer is listed in missing",
  }),
  'fleet.status': command({
    permission: 'view',
    input: NoInput,
    output: returns<FleetStatus>(),
    rest: 'GET /fleet/status',
    summary: 'remote_write queues and Alertmanagers: state, counters, last errors',
  }),
};

export const fleetEvents = {
  'agents.changed': event<AgentView[]>('An agent connected, dropped, was added or removed, or its health changed', 'view'),
  'agents.event': event<AgentEvent>('An event of an agent that someone follows (agents.follow)', 'view'),
  'fleet.changed': event<{ agent: string; what: 'services' | 'alerts' }>("An agent's services or alerts changed: fleet-wide views fetch again", 'view'),
};
