import type { AgentView } from '../../../shared/types/fleet';
import { ZervigoError } from '../../../shared/errors';
import type { Clock } from '../../clock';
import type { Logger } from '../../logger';
import type { SampleWriter } from '../../store/sample-writer';
import { AgentConnection, type OpenTransport } from './agent-connection';
import type { AgentRecord, AgentRegistry } from './agent-registry';

export interface FleetAgentsDeps {
  registry: AgentRegistry;
  clock: Clock;
  logger: Logger;
  openTransport: OpenTransport;
  localCommands: readonly string[];
  /** The list, a state or a health changed (agents.changed). */
  onAgentsChanged: (agents: AgentView[]) => void;
  onData: (agent: string, what: 'services' | 'alerts') => void;
  onEvent: (agent: string, name: string, payload: unknown) => void;
  /** Agents were added or removed (the built-in AgentDown rule comes and goes with them). */
  onMembershipChanged: () => void;
  /** How often each agent's health is checked (the workspace's fleet.health_every). */
  healthEveryMs?: () => number;
}

/** How long agents.follow keeps an event relayed. */
export const FOLLOW_LEASE_MS = 60_000;

/** The agents of this console, each kept connected; agent_up{agent} written every tick. */
export class FleetAgents {
  private readonly connections = new Map<string, AgentConnection>();
  private changeQueued = false;

  constructor(private readonly deps: FleetAgentsDeps) {}

  start(): void {
    for (const record of this.deps.registry.list()) this.open(record);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.connections.values()].map((connection) => connection.stop()));
    this.connections.clear();
  }

  get size(): number {
    return this.connections.size;
  }

  views(): AgentView[] {
    return [...this.connections.values()].map((connection) => connection.view()).sort((a, b) => a.name.localeCompare(b.name));
  }

  names(): string[] {
    return [...this.connections.keys()];
  }

  connectionsList(): AgentConnection[] {
    return [...this.connections.values()];
  }

  get(name: string): AgentConnection {
    const connection = this.connections.get(name);
    if (connection === undefined)
      throw new ZervigoError(
        'not_found',
        `no agent "${name}"${this.connections.size === 0 ? ' (none added: zervigo agents add NAME URL)' : ` (agents: ${[...this.connections.keys()].join(', ')})`}`,
      );
    return connection;
  }

  async add(record: AgentRecord, replace: boolean): Promise<AgentView> {
    const existing = this.connections.get(record.name);
    if (existing !== undefined && !replace)
      throw new ZervigoError('conflict', `an agent "${record.name}" is already added (${existing.record.url}); remove it first, or pass replace`);
    await existing?.stop();
    this.deps.registry.put(record);
    this.open(record);
    this.deps.onMembershipChanged();
    this.changed();
    return this.get(record.name).view();
  }

  async remove(name: string): Promise<boolean> {
    const connection = this.connections.get(name);
    const removed = this.deps.registry.remove(name);
    if (connection !== undefined) {
      this.connections.delete(name);
      await connection.stop();
    }
    if (removed || connection !== undefined) {
      this.deps.onMembershipChanged();
      this.changed();
    }
    return removed || connection !== undefined;
  }

  /** agent_up{agent} for every agent whose first attempt has ended: 1 up, 0 not. */
  writeUp(writer: SampleWriter, now: number): void {
    for (const connection of this.connections.values()) {
      const up = connection.upValue();
      if (up !== null) writer.appendNamed('agent_up', { agent: connection.record.name }, now, up);
    }
  }

  private open(record: AgentRecord): void {
    const name = record.name;
    const connection = new AgentConnection(record, {
      clock: this.deps.clock,
      logger: this.deps.logger,
      openTransport: this.deps.openTransport,
      localCommands: this.deps.localCommands,
      onChange: () => this.changed(),
      onData: (what) => this.deps.onData(name, what),
      onEvent: (eventName, payload) => this.deps.onEvent(name, eventName, payload),
      healthEveryMs: this.deps.healthEveryMs,
    });
    this.connections.set(name, connection);
    connection.start();
  }

  /** Coalesced: many agents changing in one turn of the event loop publish once. */
  private changed(): void {
    if (this.changeQueued) return;
    this.changeQueued = true;
    queueMicrotask(() => {
      this.changeQueued = false;
      this.deps.onAgentsChanged(this.views());
    });
  }
}
