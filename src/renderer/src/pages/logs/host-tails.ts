import type { Bridge } from '../../../../shared/bridge';
import { LOCAL_HOST } from '../../../../shared/fleet-hosts';
import type { LogTailBatch } from '../../../../shared/types/logs';
import { messageOf } from '../../format/error-message';

/** "this console" in fleet-wide views. */
/** Renewed well within the agent's 60 s for an unacknowledged tail and the console's 60 s follow lease. */
const KEEPALIVE_MS = 20_000;

export interface HostTailsListener {
  /** A batch of a host's tail, in its own ids; acknowledged once this returns (flow control, per host). */
  onBatch: (host: string, batch: LogTailBatch) => void;
  /** A host whose tail could not start, with why. */
  onFailed: (host: string, reason: string) => void;
}

interface HostTail {
  host: string;
  tailId: string | null;
}

/**
 * Live tails on several hosts at once, each through that host's own logs.tail: this console's
 * directly, an agent's through agents.call, its logs.lines relayed as agents.event (agents.follow,
 * renewed with the tail). Each host's batches are acknowledged to that host, so a slow page makes
 * each host hold and then drop its own lines instead of flooding the console.
 */
export class HostTails {
  private readonly tails = new Map<string, HostTail>();
  private readonly early: { host: string; batch: LogTailBatch }[] = [];
  private readonly stops: (() => void)[] = [];
  private keepalive: ReturnType<typeof setInterval> | null = null;
  private stopped = false;

  constructor(
    private readonly bridge: Bridge,
    private readonly listener: HostTailsListener,
  ) {}

  /** Starts a tail on each host, each from the newest line of it already shown (its own id). */
  async start(query: string, hosts: { host: string; afterId: number }[]): Promise<void> {
    this.stops.push(
      this.bridge.subscribe('logs.lines', (batch) => this.receive(LOCAL_HOST, batch)),
      this.bridge.subscribe('agents.event', (event) => {
        if (event.name === 'logs.lines') this.receive(event.agent, event.payload as LogTailBatch);
      }),
    );
    for (const { host } of hosts) this.tails.set(host, { host, tailId: null });
    await Promise.all(
      hosts.map(async ({ host, afterId }) => {
        const input = { query, ...(afterId === 0 ? {} : { afterId }) };
        try {
          if (host !== LOCAL_HOST) await this.bridge.invoke('agents.follow', { agent: host, events: ['logs.lines'] });
          const started = host === LOCAL_HOST ? await this.bridge.invoke('logs.tail', input) : await this.call(host, 'logs.tail', input);
          const tailId = (started as { tailId: string }).tailId;
          const tail = this.tails.get(host);
          if (this.stopped || tail === undefined) {
            void this.untail(host, tailId);
            return;
          }
          tail.tailId = tailId;
        } catch (error) {
          this.tails.delete(host);
          this.listener.onFailed(host, messageOf(error));
        }
      }),
    );
    // Batches can overtake the answer to logs.tail: apply those of the tails now known.
    for (const { host, batch } of this.early.splice(0)) this.receive(host, batch);
    if (!this.stopped) this.keepalive = setInterval(() => this.renew(), KEEPALIVE_MS);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.keepalive !== null) clearInterval(this.keepalive);
    for (const stop of this.stops.splice(0)) stop();
    const tails = [...this.tails.values()];
    this.tails.clear();
    await Promise.all(tails.flatMap((tail) => (tail.tailId === null ? [] : [this.untail(tail.host, tail.tailId)])));
  }

  private receive(host: string, batch: LogTailBatch): void {
    const tail = this.tails.get(host);
    if (tail === undefined || this.stopped) return;
    if (tail.tailId === null) {
      if (this.early.length < 100) this.early.push({ host, batch });
      return;
    }
    if (batch.tailId !== tail.tailId) return;
    this.listener.onBatch(host, batch);
    void this.ack(host, tail.tailId);
  }

  private renew(): void {
    for (const tail of this.tails.values()) {
      if (tail.tailId === null) continue;
      void this.ack(tail.host, tail.tailId);
      if (tail.host !== LOCAL_HOST) void this.bridge.invoke('agents.follow', { agent: tail.host, events: ['logs.lines'] }).catch(() => undefined);
    }
  }

  private ack(host: string, tailId: string): Promise<unknown> {
    return (host === LOCAL_HOST ? this.bridge.invoke('logs.tailAck', { tailId }) : this.call(host, 'logs.tailAck', { tailId })).catch(() => undefined);
  }

  private untail(host: string, tailId: string): Promise<unknown> {
    return (host === LOCAL_HOST ? this.bridge.invoke('logs.untail', { tailId }) : this.call(host, 'logs.untail', { tailId })).catch(() => undefined);
  }

  private call(agent: string, command: string, input: unknown): Promise<unknown> {
    return this.bridge.invoke('agents.call', { agent, command, input });
  }
}
