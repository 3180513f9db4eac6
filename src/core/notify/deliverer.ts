import type { ChannelConfig } from '../config/schema';
import { ZervigoError } from '../../shared/errors';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { WakeUp } from '../wake-up';
import type { DesktopNotice, NotificationView } from '../../shared/types/alerts';
import type { ChannelContext } from './channel-kind';
import type { ChannelKindRegistry } from './channel-kinds';
import { DeliveryError } from './delivery-error';
import type { AlertNotification } from './notification';
import type { Outbox, OutboxItem } from './outbox';
import { nextAttemptAt } from './retry-schedule';

export interface DelivererDeps {
  outbox: Outbox;
  clock: Clock;
  logger: Logger;
  /** The channels of the running workspace, looked up at delivery (a renamed channel's items fail clearly). */
  channels: () => Readonly<Record<string, ChannelConfig>>;
  /** The channel kinds, looked up by the key each channel is written under. */
  channelKinds: ChannelKindRegistry;
  showDesktop: (notice: DesktopNotice) => void;
  /** Hands a notification to an escalation policy (the oncall channel kind). */
  escalate?: ChannelContext['escalate'];
  onDelivery: (view: NotificationView) => void;
  /** The console's URL for links, for notifications decided before it was known (at start). */
  consoleUrl: () => string | null;
}

/** Items taken per pass, and delivered at the same time. */
const BATCH = 16;

/** A channel of the workspace by name, or an error that lists the ones there are. */
export function requireChannel(channels: Readonly<Record<string, ChannelConfig>>, name: string): ChannelConfig {
  const channel = channels[name];
  if (channel !== undefined) return channel;
  const known = Object.keys(channels);
  throw new ZervigoError(
    'not_found',
    `no channel "${name}" in the workspace${known.length > 0 ? ` (channels: ${known.join(', ')})` : '; add one under channels:'}`,
  );
}

/** Sends one notification through the channel's kind, in its own format; returns what the receiver said. */
export function sendTo(kinds: ChannelKindRegistry, channel: ChannelConfig, notification: AlertNotification, context: ChannelContext): Promise<string> {
  const kind = kinds.get(channel.kind);
  if (kind === undefined) return Promise.reject(new DeliveryError(`the channel's kind "${channel.kind}" is not registered (is its plugin enabled?)`, true));
  return kind.send(channel[channel.kind], notification, context);
}

/**
 * Delivers what the outbox holds: due items at once, failures again with exponential back-off,
 * and whatever was pending when Zervigo stopped after it starts again. Every attempt goes into
 * the delivery log; the same idempotency key travels with every attempt.
 */
export class Deliverer {
  private readonly inFlight = new Set<number>();
  private readonly waiters = new Map<number, ((view: NotificationView) => void)[]>();
  private readonly wakeUp: WakeUp;
  private running = false;
  private again = false;
  private stopped = false;
  /** Resolved when the deliverer next has nothing running and nothing in flight. */
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly deps: DelivererDeps) {
    this.wakeUp = new WakeUp(deps.clock, () => this.kick());
  }

  /** Looks for due items now (after an enqueue, at start). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.pass()
      .catch((error: unknown) => this.deps.logger.error({ err: error }, 'delivering notifications failed'))
      .finally(() => {
        this.running = false;
        if (this.again && !this.stopped) {
          this.again = false;
          this.kick();
        } else {
          this.schedule();
          this.notifyIdle();
        }
      });
  }

  /** Resolves after the next attempt at this item (for "Send test"). */
  afterNextAttempt(id: number): Promise<NotificationView> {
    return new Promise((resolve) => this.waiters.set(id, [...(this.waiters.get(id) ?? []), resolve]));
  }

  stop(): void {
    this.stopped = true;
    this.wakeUp.cancel();
  }

  /**
   * Resolves once nothing is being sent: no pass running, no attempt in flight (shutdown waits
   * for attempts in flight; tests wait for what a clock step made due). Gives up after
   * `timeoutMs` so a receiver that never answers cannot hold a shutdown.
   */
  idle(timeoutMs = 5_000): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      timer.unref();
      const waiters = this.idleWaiters;
      function done(): void {
        clearTimeout(timer);
        const index = waiters.indexOf(done);
        if (index >= 0) waiters.splice(index, 1);
        resolve();
      }
      waiters.push(done);
    });
  }

  private isIdle(): boolean {
    return !this.running && this.inFlight.size === 0;
  }

  private notifyIdle(): void {
    if (!this.isIdle()) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private async pass(): Promise<void> {
    for (;;) {
      const due = this.deps.outbox
        .due(this.deps.clock.now(), BATCH + this.inFlight.size)
        .filter((item) => !this.inFlight.has(item.id))
        .slice(0, BATCH);
      if (due.length === 0 || this.stopped) return;
      await Promise.all(due.map((item) => this.attempt(item)));
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    const next = this.deps.outbox.nextDueAt();
    if (next !== null) this.wakeUp.at(next);
  }

  private async attempt(item: OutboxItem): Promise<void> {
    this.inFlight.add(item.id);
    const started = performance.now();
    try {
      const channel = this.deps.channels()[item.channel];
      if (channel === undefined) throw new DeliveryError(`channel "${item.channel}" is no longer in the workspace`, true);
      const notification = item.notification.consoleUrl === null ? { ...item.notification, consoleUrl: this.deps.consoleUrl() } : item.notification;
      const detail = await sendTo(this.deps.channelKinds, channel, notification, { showNotice: this.deps.showDesktop, escalate: this.deps.escalate });
      this.deps.outbox.markDelivered(item.id, this.deps.clock.now(), detail, performance.now() - started);
    } catch (error) {
      const now = this.deps.clock.now();
      const permanent = error instanceof DeliveryError && error.permanent;
      const retryAt = permanent ? null : nextAttemptAt(item.attempts + 1, item.createdAt, now, item.key);
      const message = error instanceof Error ? error.message : String(error);
      this.deps.outbox.markFailed(item.id, now, message, performance.now() - started, retryAt);
      if (retryAt === null) this.deps.logger.warn({ channel: item.channel, key: item.key, error: message }, 'notification given up');
    } finally {
      this.inFlight.delete(item.id);
    }
    const view = this.deps.outbox.view(item.id);
    if (view === undefined) return;
    this.deps.onDelivery(view);
    for (const resolve of this.waiters.get(item.id) ?? []) resolve(view);
    this.waiters.delete(item.id);
  }
}
