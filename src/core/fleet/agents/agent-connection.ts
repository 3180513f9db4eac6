import type WebSocket from 'ws';
import type { AlertView } from '../../../shared/types/alerts';
import type { HealthSummary } from '../../../shared/types/app';
import { FLEET_PROTOCOL, type AgentHello, type AgentState, type AgentView } from '../../../shared/types/fleet';
import type { ServiceView } from '../../../shared/types/service';
import { ZervigoError } from '../../../shared/errors';
import type { Clock, TimerHandle } from '../../clock';
import type { Logger } from '../../logger';
import { AgentClient, RefusedError } from './agent-client';
import type { AgentRecord } from './agent-registry';
import { reconnectDelayMs } from './backoff';

/** How the console reaches an agent: its URL, or a local end of an SSH tunnel to it. */
export interface AgentTransport {
  baseUrl: string;
  close(): Promise<void>;
}

export type OpenTransport = (record: AgentRecord) => Promise<AgentTransport>;

export interface AgentConnectionDeps {
  clock: Clock;
  logger: Logger;
  openTransport: OpenTransport;
  /** The commands this console knows: those the agent lacks are listed and refused. */
  localCommands: readonly string[];
  /** State, health or latency changed. */
  onChange: () => void;
  /** Its services or alerts changed. */
  onData: (what: 'services' | 'alerts') => void;
  /** An event of the agent that is followed. */
  onEvent: (name: string, payload: unknown) => void;
  healthEveryMs?: () => number;
  callTimeoutMs?: number;
}

/** The events the console always follows: the fleet-wide views are made of them. */
const BASE_EVENTS = ['services.changed', 'alerts.changed', 'health.changed'];
const HEALTH_EVERY_MS = 5_000;
const CALL_TIMEOUT_MS = 10_000;
/** Clocks further apart than this (beyond what the hello's round trip leaves unknown) are said: times the agent reports are off by it. */
const CLOCK_SKEW_SAID_MS = 2_000;

/**
 * An agent's clock out of step with this console's, in words (null when within tolerance or not
 * known). Its times (alerts' since, log lines, services' uptime) are its own clock's: said, not
 * corrected, so nothing it reports is changed.
 */
export function clockSkewWords(offsetMs: number | null, roundTripMs: number | null): string | null {
  if (offsetMs === null || Math.abs(offsetMs) <= CLOCK_SKEW_SAID_MS + (roundTripMs ?? 0) / 2) return null;
  const seconds = Math.round(Math.abs(offsetMs) / 1000);
  return `its clock is ${seconds} s ${offsetMs > 0 ? 'ahead of' : 'behind'} this console's: the times it reports are ${seconds} s off here; run NTP (chrony, systemd-timesyncd) on both hosts`;
}

/** A socket that has not answered a ping in this long is hung: dropped, and reconnected. */
const PONG_TIMEOUT_MS = 10_000;

/**
 * One agent, kept connected: hello (protocol and what it knows), its events over one WebSocket,
 * a health check every few seconds (latency, and a hung agent is noticed by its silence), and
 * reconnection with back-off. Its services and alerts are kept for the fleet-wide views.
 */
export class AgentConnection {
  services: ServiceView[] | null = null;
  alerts: AlertView[] | null = null;
  private state: AgentState = 'connecting';
  private reason: string | null = null;
  private hello: AgentHello | null = null;
  private missing: string[] = [];
  private latencyMs: number | null = null;
  private clockOffsetMs: number | null = null;
  private health: HealthSummary | null = null;
  private lastSeenAt: number | null = null;
  private retryAt: number | null = null;
  private attempt = 0;
  private client: AgentClient | null = null;
  private transport: AgentTransport | null = null;
  private socket: WebSocket | null = null;
  private timer: TimerHandle | null = null;
  private healthTimer: TimerHandle | null = null;
  private awaitingPong = false;
  private followed = new Map<string, number>();
  private stopped = false;
  /** Set once the first attempt has ended: before that the agent is neither up nor down. */
  private settled = false;
  private generation = 0;

  constructor(
    readonly record: AgentRecord,
    private readonly deps: AgentConnectionDeps,
  ) {}

  start(): void {
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    await this.teardown();
  }

  /** 1 when up, 0 when not, null before the first attempt ended (the agent_up series). */
  upValue(): 0 | 1 | null {
    if (this.state === 'up') return 1;
    return this.settled ? 0 : null;
  }

  view(): AgentView {
    return {
      name: this.record.name,
      url: this.record.url,
      ssh: this.record.ssh,
      state: this.state,
      reason: this.reason,
      version: this.hello?.version ?? null,
      protocol: this.hello?.protocol ?? null,
      host: this.hello?.host ?? null,
      latencyMs: this.latencyMs,
      clockOffsetMs: this.clockOffsetMs,
      missing: this.missing,
      health: this.health,
      lastSeenAt: this.lastSeenAt,
      retryAt: this.state === 'up' ? null : this.retryAt,
    };
  }

  /** A command of the contract on the agent, as its own; refused here when the agent does not know it. */
  async call(command: string, input: unknown, timeoutMs = this.deps.callTimeoutMs ?? CALL_TIMEOUT_MS): Promise<unknown> {
    const client = this.client;
    if (this.state !== 'up' || client === null)
      throw new ZervigoError('unavailable', `agent ${this.record.name} is ${this.state}${this.reason === null ? '' : `: ${this.reason}`}`);
    if (this.hello !== null && !this.hello.commands.includes(command)) {
      throw new ZervigoError(
        'not_found',
        `agent ${this.record.name} (Zervigo ${this.hello.version}) does not know "${command}": it is older than this console; upgrade it to use this`,
      );
    }
    return client.call(command, input, timeoutMs);
  }

  /** Relays these events for the next `leaseMs` (the agent's pages follow what they show). */
  follow(names: readonly string[], until: number): string[] {
    const known = this.hello?.events;
    const accepted = names.filter((name) => known === undefined || known.includes(name));
    const fresh = accepted.filter((name) => !this.followed.has(name) && !BASE_EVENTS.includes(name));
    for (const name of accepted) this.followed.set(name, until);
    if (fresh.length > 0) this.send({ type: 'subscribe', names: fresh });
    return accepted;
  }

  isFollowed(name: string, now: number): boolean {
    const until = this.followed.get(name);
    if (until === undefined) return false;
    if (until >= now) return true;
    this.followed.delete(name);
    if (!BASE_EVENTS.includes(name)) this.send({ type: 'unsubscribe', names: [name] });
    return false;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const generation = ++this.generation;
    this.timer = null;
    try {
      this.transport = await this.deps.openTransport(this.record);
      const client = new AgentClient(this.transport.baseUrl, this.record.token, this.record.name);
      this.client = client;
      const started = this.deps.clock.now();
      const hello = await this.sayHello(client);
      const ended = this.deps.clock.now();
      if (generation !== this.generation || this.stopped) return;
      this.hello = hello;
      this.clockOffsetMs = hello.now > 0 ? Math.round(hello.now - (started + ended) / 2) : null;
      this.latencyMs = ended - started;
      if (hello.protocol !== FLEET_PROTOCOL) {
        this.fail(
          'incompatible',
          `agent ${this.record.name} speaks fleet protocol ${hello.protocol}, this console ${FLEET_PROTOCOL} (Zervigo ${hello.version}); upgrade the older of the two`,
        );
        return;
      }
      this.missing = this.deps.localCommands.filter((name) => !hello.commands.includes(name));
      this.socket = await client.openEvents((message) => this.receive(message));
      this.socket.on('pong', () => (this.awaitingPong = false));
      this.socket.on('close', () => {
        if (generation === this.generation && !this.stopped) this.lost('its event stream closed');
      });
      this.send({ type: 'subscribe', names: [...new Set([...BASE_EVENTS, ...this.followed.keys()])] });
      const [services, alerts, health] = await Promise.all([
        client.call('services.list', {}, CALL_TIMEOUT_MS),
        client.call('alerts.list', { state: 'all' }, CALL_TIMEOUT_MS),
        client.call('health.get', {}, CALL_TIMEOUT_MS),
      ]);
      if (generation !== this.generation || this.stopped) return;
      this.services = services as ServiceView[];
      this.alerts = alerts as AlertView[];
      this.health = health as HealthSummary;
      this.state = 'up';
      this.settled = true;
      this.attempt = 0;
      this.lastSeenAt = this.deps.clock.now();
      const notes = [
        this.missing.length === 0 ? null : `older than this console (Zervigo ${hello.version}): lacks ${this.missing.join(', ')}`,
        clockSkewWords(this.clockOffsetMs, this.latencyMs),
      ].filter((note) => note !== null);
      this.reason = notes.length === 0 ? null : notes.join('; ');
      this.deps.onChange();
      this.deps.onData('services');
      this.deps.onData('alerts');
      this.scheduleHealth(generation);
    } catch (error) {
      if (generation !== this.generation || this.stopped) return;
      if (error instanceof RefusedError) this.fail('refused', error.message);
      else this.fail('down', (error as Error).message);
    }
  }

  /** agent.hello, or for an agent that predates it, what app.info tells (its commands are then unknown: tried as used). */
  private async sayHello(client: AgentClient): Promise<AgentHello> {
    try {
      return (await client.call('agent.hello', {}, CALL_TIMEOUT_MS)) as AgentHello;
    } catch (error) {
      if (!(error instanceof ZervigoError) || error.code !== 'not_found') throw error;
      const info = (await client.call('app.info', {}, CALL_TIMEOUT_MS)) as { version: string };
      return {
        protocol: FLEET_PROTOCOL,
        version: info.version,
        host: '',
        commands: [...this.deps.localCommands].filter((name) => !name.startsWith('agent')),
        events: [],
        now: 0,
      };
    }
  }

  private receive(message: { type: string; name?: string; payload?: unknown }): void {
    if (message.type !== 'event' || message.name === undefined) return;
    this.lastSeenAt = this.deps.clock.now();
    switch (message.name) {
      case 'services.changed':
        this.services = message.payload as ServiceView[];
        this.deps.onData('services');
        break;
      case 'alerts.changed':
        this.alerts = message.payload as AlertView[];
        this.deps.onData('alerts');
        break;
      case 'health.changed':
        this.health = message.payload as HealthSummary;
        this.deps.onChange();
        break;
    }
    if (this.isFollowed(message.name, this.deps.clock.now())) this.deps.onEvent(message.name, message.payload);
  }

  /** Every few seconds: health.get (latency, health) and a WebSocket ping; a silent agent is hung. */
  private scheduleHealth(generation: number): void {
    this.healthTimer = this.deps.clock.setTimeout(() => void this.checkHealth(generation), this.deps.healthEveryMs?.() ?? HEALTH_EVERY_MS);
  }

  private async checkHealth(generation: number): Promise<void> {
    if (generation !== this.generation || this.stopped || this.client === null) return;
    if (this.awaitingPong) {
      this.lost(`it stopped answering (no pong within ${PONG_TIMEOUT_MS / 1000} s): hung or cut off`);
      return;
    }
    this.awaitingPong = true;
    try {
      this.socket?.ping();
    } catch {
      // A closing socket: its close handler reports it.
    }
    const started = this.deps.clock.now();
    try {
      this.health = (await this.client.call('health.get', {}, PONG_TIMEOUT_MS)) as HealthSummary;
      if (generation !== this.generation || this.stopped) return;
      this.latencyMs = this.deps.clock.now() - started;
      this.lastSeenAt = this.deps.clock.now();
      this.deps.onChange();
      this.scheduleHealth(generation);
    } catch (error) {
      if (generation !== this.generation || this.stopped) return;
      if (error instanceof RefusedError) this.fail('refused', error.message);
      else this.lost((error as Error).message);
    }
  }

  private lost(reason: string): void {
    this.fail('down', `agent ${this.record.name} dropped: ${reason}`);
  }

  private fail(state: AgentState, reason: string): void {
    const wasUp = this.state === 'up';
    this.generation++;
    this.state = state;
    this.reason = reason;
    this.settled = true;
    if (wasUp || this.attempt === 0) this.deps.logger.warn({ agent: this.record.name }, reason);
    void this.teardown();
    // Refusals and version mismatches need a person: tried again, but slowly.
    const delay = state === 'down' ? reconnectDelayMs(this.attempt) : 30_000;
    this.attempt++;
    this.retryAt = this.deps.clock.now() + delay;
    this.deps.onChange();
    if (wasUp) {
      this.deps.onData('services');
      this.deps.onData('alerts');
    }
    if (!this.stopped) this.timer = this.deps.clock.setTimeout(() => void this.connect(), delay);
  }

  private async teardown(): Promise<void> {
    this.healthTimer?.cancel();
    this.healthTimer = null;
    this.awaitingPong = false;
    const socket = this.socket;
    this.socket = null;
    if (socket !== null) {
      socket.removeAllListeners('close');
      socket.terminate();
    }
    this.client = null;
    const transport = this.transport;
    this.transport = null;
    await transport?.close().catch(() => undefined);
  }

  private send(message: { type: 'subscribe' | 'unsubscribe'; names: string[] }): void {
    if (this.socket !== null && this.socket.readyState === this.socket.OPEN && message.names.length > 0) this.socket.send(JSON.stringify(message));
  }
}
