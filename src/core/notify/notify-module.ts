import { randomUUID } from 'node:crypto';
import type { alertCommands } from '../../shared/contract/notify';
import { ZervigoError } from '../../shared/errors';
import type { CallContext, HandlersOf } from '../../shared/contract/define';
import type { EscalationPage } from '../../shared/types/oncall';
import type { AlertEventView, AlertView, ChannelKind, ChannelKindView, ChannelView, NotificationView, SilenceView } from '../../shared/types/alerts';
import type { Clock, TimerHandle } from '../clock';
import { every } from '../clock';
import type { ActiveWorkspace } from '../config/active-workspace';
import { kindOptionsJsonSchema } from '../config/json-schema';
import { ONCALL_CHANNEL_PREFIX, type ChannelConfig, type WorkspaceConfig } from '../config/schema';
import type { EventBus } from '../event-bus';
import type { Logger } from '../logger';
import { ALERT_NAME, fingerprintOf } from '../store/alert-identity';
import type { AlertRecord } from '../store/alert-record';
import { AlertStore } from '../store/alert-store';
import type { Database } from '../store/database';
import type { Labels } from '../store/labels';
import { alertView, silenceView, sortAlerts } from './alert-views';
import type { ChannelKind as ChannelKindEntry } from './channel-kind';
import { createChannelKindRegistry, type ChannelKindRegistry } from './channel-kinds';
import { Deliverer, sendTo } from './deliverer';
import { GroupStore } from './group-store';
import { Inhibitor } from './inhibitor';
import { createNotification, firingAlert, isCriticalSeverity, type AlertNotification } from './notification';
import { notifyHandlers } from './notify-commands';
import { Outbox, OUTBOX_RETENTION_MS } from './outbox';
import { Router } from './router';
import { SilenceStore, type Silence } from './silences';

/** The alerts notify routes, as the engine wires them to rules (where their state lives). */
export interface AlertSource {
  list(): readonly AlertRecord[];
  /** Records an acknowledgement on the alert (or clears it). */
  setAck(fingerprint: string, ack: AlertRecord['ack']): void;
  /** Raises an alert from code (Alertmanager's POST /alerts): firing at once. */
  raise(input: { alertname: string; labels?: Labels; annotations?: Record<string, string> }): AlertRecord;
  /** Resolves an alert raised from code; false when there is no such firing alert. */
  resolve(input: { alertname: string; labels?: Labels }): boolean;
}

/** What notify hears of each round of rules: the transitions, a flapping change, a new rule set. */
export interface AlertChanges {
  transitions: readonly unknown[];
  flapChanged: boolean;
  applied: boolean;
}

export interface NotifyDeps {
  db: Database;
  /** The channel kinds (default: the built-ins); the engine passes the registry plugins add to. */
  channelKinds?: ChannelKindRegistry;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  alerts: AlertSource;
  /** Firing counts changed: the engine republishes health (tray, favicon, header). */
  onFiringChanged: () => void;
  /** The value of ${NAME}: the active environment's vars, then the process environment. */
  variable: (name: string) => string | undefined;
  /** Who acknowledges or silences: the person behind a call, not the shell it came through. */
  personOf: (context: CallContext) => string;
  /** On-call escalation (the oncall channel kind hands notifications to it; acknowledgements stop it). */
  escalations?: EscalationPort;
  /** Silences kept elsewhere (an Alertmanager's), listed beside Zervigo's own; read-only here. */
  externalSilences?: () => SilenceView[];
}

/** What notify needs of on-call: where oncall:<policy> notifications go, and word of acknowledgements. */
export interface EscalationPort {
  /** Starts, updates or ends the group's escalation; says whom it paged; throws a DeliveryError when it cannot. */
  escalate(policy: string, notification: AlertNotification): Promise<string>;
  acknowledged(fingerprint: string): void;
}

const UPKEEP_EVERY_MS = 10 * 60_000;

/**
 * Notify, wired (Alertmanager's part): alerts routed to notification groups with silences,
 * inhibition, acknowledgement and mute windows, and delivered exactly once per idempotency key
 * through the SQLite outbox by the channel kinds.
 */
export class NotifyModule {
  readonly handlers: HandlersOf<typeof alertCommands>;
  private readonly alertStore: AlertStore;
  private readonly silences: SilenceStore;
  private readonly inhibitor = new Inhibitor();
  private readonly outbox: Outbox;
  private readonly deliverer: Deliverer;
  private readonly channelKindRegistry: ChannelKindRegistry;
  private readonly router: Router;
  private readonly timers: TimerHandle[] = [];
  private config: WorkspaceConfig | null = null;
  private consoleAddress: string | null = null;
  private lastFiring = '';

  constructor(private readonly deps: NotifyDeps) {
    this.channelKindRegistry = deps.channelKinds ?? createChannelKindRegistry();
    this.alertStore = new AlertStore(deps.db);
    this.silences = new SilenceStore(deps.db);
    this.outbox = new Outbox(deps.db);
    this.deliverer = new Deliverer({
      outbox: this.outbox,
      clock: deps.clock,
      logger: deps.logger,
      channels: () => this.channels(),
      channelKinds: this.channelKindRegistry,
      showDesktop: (notice) => deps.bus.emit('notification.desktop', notice),
      escalate: deps.escalations === undefined ? undefined : (policy, notification) => (deps.escalations as EscalationPort).escalate(policy, notification),
      onDelivery: (view) => deps.bus.emit('notifications.changed', view),
      consoleUrl: () => this.consoleAddress,
    });
    this.router = new Router({
      db: deps.db,
      clock: deps.clock,
      logger: deps.logger,
      alerts: () => deps.alerts.list(),
      silences: this.silences,
      inhibitor: this.inhibitor,
      outbox: this.outbox,
      alertStore: this.alertStore,
      groups: new GroupStore(deps.db),
      channels: () => this.channels(),
      consoleUrl: () => this.consoleAddress,
      onQueued: () => this.deliverer.kick(),
    });
    this.handlers = notifyHandlers(this);
    this.timers.push(every(deps.clock, UPKEEP_EVERY_MS, () => this.upkeep()));
  }

  /** A new workspace version: routes, inhibition, mute windows and channels; before rules hand out their first round. */
  applyWorkspace(active: ActiveWorkspace): void {
    const { config } = active;
    this.config = config;
    this.inhibitor.setRules(config.inhibit);
    this.router.setConfig(config.routes, config.time_windows);
  }

  /** A round of rules: route what changed; a new rule set may have changed every alert. */
  receive(changes: AlertChanges): void {
    this.router.sync();
    // Once the channels are known: whatever was pending when Zervigo stopped is delivered now.
    if (changes.applied) this.deliverer.kick();
    if (changes.applied || changes.transitions.length > 0 || changes.flapChanged) this.publishAlerts();
  }

  /** Where links in notifications point (the headless console's URL), once it is known. */
  setConsoleUrl(url: string | null): void {
    this.consoleAddress = url;
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) timer.cancel();
    this.router.stop();
    this.deliverer.stop();
    await this.deliverer.idle();
  }

  /** Resolves once no notification is being sent (after a clock step made some due, say). */
  deliveriesIdle(): Promise<void> {
    return this.deliverer.idle();
  }

  /** Raises an alert from code, routed and notified like a rule's (Alertmanager's POST /alerts). */
  raiseExternal(input: { alertname: string; labels?: Labels; annotations?: Record<string, string> }): AlertView {
    const record = this.deps.alerts.raise(input);
    return alertView(record, this.router.routingOf(record.fingerprint));
  }

  resolveExternal(input: { alertname: string; labels?: Labels }): boolean {
    return this.deps.alerts.resolve(input);
  }

  /** Firing alerts that need a person (not silenced or inhibited), by severity: the tray and header. */
  firingCounts(): { critical: number; warning: number } {
    let critical = 0;
    let warning = 0;
    for (const record of this.deps.alerts.list()) {
      if (record.state !== 'firing') continue;
      const routing = this.router.routingOf(record.fingerprint);
      if (routing.silencedBy.length > 0 || routing.inhibitedBy.length > 0) continue;
      if (isCriticalSeverity(record.labels.severity)) critical++;
      else warning++;
    }
    return { critical, warning };
  }

  readonly variable = (name: string): string | undefined => this.deps.variable(name);

  /** One attempt through a channel that need not be in the workspace (a form's "Send test"); not queued, not retried. */
  sendDirect(channel: ChannelConfig, notification: AlertNotification): Promise<string> {
    return sendTo(this.channelKindRegistry, channel, notification, {
      showNotice: (notice) => this.deps.bus.emit('notification.desktop', notice),
      escalate: this.deps.escalations === undefined ? undefined : (policy, sent) => (this.deps.escalations as EscalationPort).escalate(policy, sent),
    });
  }

  personOf(context: CallContext): string {
    return this.deps.personOf(context);
  }

  now(): number {
    return this.deps.clock.now();
  }

  consoleUrl(): string | null {
    return this.consoleAddress;
  }

  /** The workspace's channels, and oncall:<policy> for each escalation policy (routes name it without declaring it). */
  channels(): Readonly<Record<string, ChannelConfig>> {
    if (this.config === null) return {};
    return { ...this.config.channels, ...oncallChannels(this.config) };
  }

  /**
   * Queues one page of an escalation: the notification the escalation holds, to one of the
   * person's channels, saying who is paged at which level (commonAnnotations oncall_*), through the
   * outbox like every notification (retried, in the delivery log, exactly once per key).
   */
  page(page: EscalationPage, notification: AlertNotification): void {
    const channel = this.channels()[page.channel];
    const onCall = { oncall_person: page.person, oncall_level: String(page.level), oncall_policy: page.policy };
    const paged = createNotification({
      ...notification,
      key: page.key,
      channel: page.channel,
      status: page.resolved ? 'resolved' : notification.status,
      commonAnnotations: { ...notification.commonAnnotations, ...onCall },
      consoleUrl: notification.consoleUrl ?? this.consoleAddress,
    });
    const summary = `${page.resolved ? 'resolved, to' : 'page'} ${page.person} (level ${page.level} of ${page.policy})`;
    this.outbox.enqueue(paged, channel?.kind ?? 'unknown', summary);
    this.deliverer.kick();
  }

  channelKinds(): readonly ChannelKindEntry[] {
    return this.channelKindRegistry.all();
  }

  channelKindViews(): ChannelKindView[] {
    return this.channelKindRegistry
      .all()
      .map((kind) => ({ kind: kind.kind, summary: kind.summary, plugin: kind.plugin?.() ?? null, options: kindOptionsJsonSchema(kind) }));
  }

  alertViews(): AlertView[] {
    return sortAlerts(this.deps.alerts.list().map((record) => alertView(record, this.router.routingOf(record.fingerprint))));
  }

  history(fingerprint: string | null, limit: number): AlertEventView[] {
    return this.alertStore.history(fingerprint, limit).map((row) => ({
      id: row.id,
      fingerprint: row.fingerprint,
      alertname: row.alertname,
      at: row.at,
      kind: row.kind,
      from: row.from_state,
      to: row.to_state,
      value: row.value,
      detail: row.detail,
    }));
  }

  setAck(fingerprint: string, ack: AlertRecord['ack']): void {
    this.deps.alerts.setAck(fingerprint, ack);
    this.router.sync();
    if (ack !== null) this.deps.escalations?.acknowledged(fingerprint);
    this.publishAlerts();
  }

  silenceViews(): SilenceView[] {
    const at = this.now();
    const alerts = this.alertViews();
    return this.silences
      .list()
      .map((silence) => silenceView(silence, at, alerts.filter((alert) => alert.silencedBy.includes(silence.id)).length))
      .concat(this.deps.externalSilences?.() ?? [])
      .sort((a, b) => stateOrder(a) - stateOrder(b) || b.createdAt - a.createdAt);
  }

  /** External silences changed (an Alertmanager's were read): the Silences list shows them. */
  publishSilences(): void {
    this.deps.bus.emit('silences.changed', this.silenceViews());
  }

  createSilence(input: Omit<Silence, 'id' | 'createdAt'>): SilenceView {
    const at = this.now();
    const silence = this.silences.create(input, at);
    this.afterSilencesChanged(silence, 'silenced');
    return this.silenceViews().find((view) => view.id === silence.id) as SilenceView;
  }

  expireSilence(id: string): SilenceView | undefined {
    const silence = this.silences.expire(id, this.now());
    if (silence === undefined) return undefined;
    this.afterSilencesChanged(silence, null);
    return this.silenceViews().find((view) => view.id === id);
  }

  channelViews(): ChannelView[] {
    const pending = this.outbox.pendingByChannel();
    const last = this.outbox.lastDeliveryByChannel();
    return Object.entries(this.channels()).map(([name, channel]) => ({
      name,
      kind: channel.kind,
      target: channel.target,
      sendResolved: channel.send_resolved,
      pending: pending.get(name) ?? 0,
      lastDelivery: last.get(name) ?? null,
    }));
  }

  notificationViews(limit: number, channel: string | null): NotificationView[] {
    return this.outbox.list(limit, channel);
  }

  /**
   * A rule action's `notify:`: one notification per channel, outside any group, through the outbox
   * (retried, in the delivery log). Resolves once queued; an unknown channel refuses all of them.
   */
  notifyChannels(channels: readonly string[], message: { title: string; body: string; labels: Labels }): void {
    const known = this.channels();
    const unknown = channels.filter((name) => known[name] === undefined);
    if (unknown.length > 0)
      throw new ZervigoError(
        'not_found',
        `no channel ${unknown.map((name) => `"${name}"`).join(', ')} in the workspace${Object.keys(known).length > 0 ? ` (channels: ${Object.keys(known).join(', ')})` : ''}`,
      );
    const now = this.now();
    const labels = { [ALERT_NAME]: 'ZervigoAction', ...message.labels };
    const annotations = { summary: message.title, description: message.body };
    for (const name of channels) {
      const notification = createNotification({
        key: `action-${randomUUID()}`,
        channel: name,
        groupKey: 'action',
        alerts: [firingAlert(fingerprintOf(labels), labels, annotations, now)],
        createdAt: now,
        consoleUrl: this.consoleAddress,
      });
      this.outbox.enqueue(notification, (known[name] as ChannelConfig).kind, message.title);
    }
    this.deliverer.kick();
  }

  /** Queues a notification outside any group (Send test) and waits for its first attempt. */
  async sendNow(notification: AlertNotification, kind: ChannelKind, summary: string): Promise<NotificationView> {
    const id = this.outbox.enqueue(notification, kind, summary) as number;
    const attempted = this.deliverer.afterNextAttempt(id);
    this.deliverer.kick();
    return attempted;
  }

  private afterSilencesChanged(silence: Silence, eventKind: 'silenced' | null): void {
    const at = this.now();
    if (eventKind !== null) {
      const matched = this.deps.alerts
        .list()
        .filter((record) => record.state !== 'resolved' && this.silences.silencing(record.labels, at).includes(silence.id));
      for (const record of matched) {
        this.alertStore.addEvent({
          fingerprint: record.fingerprint,
          alertname: record.labels[ALERT_NAME] ?? '',
          at,
          kind: 'silenced',
          detail: `by ${silence.createdBy} until ${new Date(silence.endsAt).toISOString()}: ${silence.comment}`,
        });
      }
    }
    this.router.sync();
    this.deps.bus.emit('silences.changed', this.silenceViews());
    this.publishAlerts();
  }

  private publishAlerts(): void {
    this.deps.bus.emit('alerts.changed', this.alertViews());
    const counts = this.firingCounts();
    const key = `${counts.critical}/${counts.warning}`;
    if (key !== this.lastFiring) {
      this.lastFiring = key;
      this.deps.onFiringChanged();
    }
  }

  private upkeep(): void {
    const at = this.now();
    try {
      this.outbox.prune(at - OUTBOX_RETENTION_MS);
      this.silences.pruneExpired(at);
    } catch (error) {
      this.deps.logger.error({ err: error }, 'notify upkeep failed');
    }
  }
}

function oncallChannels(config: WorkspaceConfig): Record<string, ChannelConfig> {
  return Object.fromEntries(
    Object.keys(config.on_call.escalations).map((policy) => [
      `${ONCALL_CHANNEL_PREFIX}${policy}`,
      { kind: 'oncall', oncall: policy, target: `escalation policy ${policy}`, send_resolved: true },
    ]),
  );
}

const stateOrder = (view: SilenceView): number => (view.state === 'active' ? 0 : view.state === 'pending' ? 1 : 2);
