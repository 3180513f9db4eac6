import type { AlertView } from './alerts';
import type { HealthSummary } from './app';
import type { LogHit, LogMatchCount } from './logs';
import type { ServiceView } from './service';

/**
 * The fleet protocol's version: how commands and events travel between a console and an agent
 * (POST /api/v1/rpc/<command>, the events WebSocket, ErrorBody). Features are negotiated by
 * command name, not by this number; it changes only when the wire itself does.
 */
export const FLEET_PROTOCOL = 1;

/** What an agent says about itself at connect (`agent.hello`). */
export interface AgentHello {
  protocol: number;
  version: string;
  /** The agent machine's host name. */
  host: string;
  commands: string[];
  events: string[];
  /** Its clock (ms since the epoch) when it answered: the console works out the offset. */
  now: number;
}

/**
 * up: connected; connecting: first try or trying again (reason says why); down: unreachable
 * (an alert: agent_up == 0); refused: it answered but refused us (token, TLS or SSH host key);
 * incompatible: another protocol version.
 */
export type AgentState = 'connecting' | 'up' | 'down' | 'refused' | 'incompatible';

export interface AgentView {
  name: string;
  url: string;
  /** The SSH host it is reached through (a Host of ~/.ssh/config), or null for a direct connection. */
  ssh: string | null;
  state: AgentState;
  /** Why it is not up, in words; also what it lacks, when it is up but older. */
  reason: string | null;
  version: string | null;
  protocol: number | null;
  host: string | null;
  /** Round trip of the last health check. */
  latencyMs: number | null;
  /** The agent's clock minus this console's (ms), from the hello; null until known. */
  clockOffsetMs: number | null;
  /** Commands this console knows that the agent does not (it is older): they are refused for it. */
  missing: string[];
  health: HealthSummary | null;
  lastSeenAt: number | null;
  /** The next connection attempt, while not up. */
  retryAt: number | null;
}

/** A row of a fleet-wide view names its host: "local" (this console's engine) or an agent's name. */
export type OnHost<T> = T & { host: string };

export interface FleetServices {
  services: OnHost<ServiceView>[];
  /** Agents whose services are not in the list (not up), with why. */
  missing: { agent: string; reason: string }[];
}

export interface FleetAlerts {
  alerts: OnHost<AlertView>[];
  missing: { agent: string; reason: string }[];
}

export interface FleetLogs {
  /** Newest first, across hosts: each host's newest `limit` lines. */
  lines: OnHost<LogHit>[];
  terms: string[];
  /** Per host that answered: where its older lines continue (pass back as `cursors`), null when it has none older. */
  cursors: Record<string, string | null>;
  /** False when a host's search stopped at its time budget. */
  complete: boolean;
  /** Matches in the range over the hosts that answered, when every one counted (first pages only). */
  total?: LogMatchCount;
  tookMs: number;
  /** Hosts asked that could not answer (down, refused, too slow), with why. */
  missing: { agent: string; reason: string }[];
}

/** An agent's event relayed by the console (for the agent's own pages); only followed ones come. */
export interface AgentEvent {
  agent: string;
  name: string;
  payload: unknown;
}

export interface RemoteWriteStatus {
  name: string;
  url: string;
  state: 'idle' | 'sending' | 'retrying' | 'failing';
  lastError: string | null;
  lastErrorAt: number | null;
  lastSentAt: number | null;
  backlogSamples: number;
  backlogBytes: number;
  sent: number;
  retried: number;
  dropped: Record<'too_old' | 'backlog_full' | 'http_4xx' | 'http_429' | 'out_of_order', number>;
}

export interface AlertmanagerStatus {
  url: string;
  state: 'up' | 'down' | 'unknown';
  lastError: string | null;
  lastErrorAt: number | null;
  lastSentAt: number | null;
  alertsSent: number;
  postsFailed: number;
  silences: number;
}

export interface FleetStatus {
  remoteWrite: RemoteWriteStatus[];
  alertmanagers: AlertmanagerStatus[];
  /** Alerts go through Zervigo's own routes and channels too (alerting.own_routing). */
  ownRouting: boolean;
}

/** agents.remove's answer: whether it was there, and the probes whose `from:` still name it (with force). */
export interface AgentRemoval {
  removed: boolean;
  stillNamedBy: { probe: string; at: string }[];
}
