import { createHash } from 'node:crypto';
import type { ChannelConfig, TimeWindowConfig } from '../config/schema';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { Database } from '../store/database';
import { WakeUp } from '../wake-up';
import type { Outbox } from './outbox';
import { createNotification, notificationTitle, type AlertNotification, type NotifiedAlert } from './notification';
import { ALERT_NAME } from '../store/alert-identity';
import type { AlertRecord } from '../store/alert-record';
import type { AlertStore, NewAlertEvent } from '../store/alert-store';
import type { GroupState, GroupStore } from './group-store';
import type { Inhibitor } from './inhibitor';
import { compileRoutes, groupKeyOf, groupLabelsOf, repeatIntervalOf, routesFor, type CompiledRoute } from './routes';
import type { SilenceStore } from './silences';
import { inAnyWindow } from './time-windows';

/** Why an alert is (not) being notified, as the Alerts page shows it. */
export interface AlertRouting {
  silencedBy: string[];
  inhibitedBy: string[];
  muted: boolean;
  channels: string[];
}

export interface RouterDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  alerts: () => readonly AlertRecord[];
  silences: SilenceStore;
  inhibitor: Inhibitor;
  outbox: Outbox;
  alertStore: AlertStore;
  groups: GroupStore;
  channels: () => Readonly<Record<string, ChannelConfig>>;
  consoleUrl: () => string | null;
  /** Called after notifications were queued (the deliverer sends them). */
  onQueued: () => void;
}

interface Members {
  route: CompiledRoute;
  labels: Record<string, string>;
  records: AlertRecord[];
}

/** While a route has mute windows, time itself can unmute it: look again at least this often. */
const MUTE_RECHECK_MS = 60_000;

/**
 * Alertmanager's dispatcher for one process: routes alerts to notification groups (group_by),
 * waits group_wait before a group's first notification and group_interval between the next,
 * reminds after repeat (backing off), and leaves out what is silenced, inhibited, flapping or
 * acknowledged (no reminders) and what falls in a mute window. Each decision and the outbox
 * items it makes are written in one transaction.
 */
export class Router {
  private routes: CompiledRoute[] = [];
  private timeWindows: Record<string, TimeWindowConfig[]> = {};
  private readonly groups = new Map<string, GroupState>();
  private routing = new Map<string, AlertRouting>();
  private readonly wakeUp: WakeUp;
  private stopped = false;

  constructor(private readonly deps: RouterDeps) {
    for (const state of deps.groups.load()) this.groups.set(state.groupKey, state);
    this.wakeUp = new WakeUp(deps.clock, () => this.sync());
  }

  setConfig(routes: Parameters<typeof compileRoutes>[0], timeWindows: Record<string, TimeWindowConfig[]>): void {
    this.routes = compileRoutes(routes);
    this.timeWindows = timeWindows;
  }

  stop(): void {
    this.stopped = true;
    this.wakeUp.cancel();
  }

  /** How each current alert is routed (silences, inhibition, mute windows, channels). */
  routingOf(fingerprint: string): AlertRouting {
    return this.routing.get(fingerprint) ?? { silencedBy: [], inhibitedBy: [], muted: false, channels: [] };
  }

  /** Looks at every alert now: flushes the groups that are due, schedules the next look. */
  sync(): void {
    if (this.stopped) return;
    const at = this.deps.clock.now();
    const records = this.deps.alerts();
    const active = records.filter((record) => record.state !== 'resolved');
    const firing = records.filter((record) => record.state === 'firing');
    const inhibitions = this.deps.inhibitor.inhibitions(firing, active);
    const routing = new Map<string, AlertRouting>();
    const members = new Map<string, Members>();
    for (const record of records) {
      const routes = routesFor(this.routes, record.labels);
      routing.set(record.fingerprint, {
        silencedBy: record.state === 'resolved' ? [] : this.deps.silences.silencing(record.labels, at),
        inhibitedBy: inhibitions.get(record.fingerprint) ?? [],
        muted: routes.some((route) => this.muted(route, at)),
        channels: [...new Set(routes.flatMap((route) => route.channels))],
      });
      if (record.state === 'pending') continue;
      for (const route of routes) {
        const labels = groupLabelsOf(route, record.labels);
        const key = groupKeyOf(route, labels);
        const entry = members.get(key) ?? { route, labels, records: [] };
        entry.records.push(record);
        members.set(key, entry);
      }
    }
    this.routing = routing;

    const written: GroupState[] = [];
    const deleted: GroupState[] = [];
    const notifications: { notification: AlertNotification; summary: string; kind: string }[] = [];
    const events: NewAlertEvent[] = [];
    const routeKeys = new Set(this.routes.map((route) => route.key));
    for (const [key, state] of this.groups) {
      if (!routeKeys.has(state.routeKey)) {
        this.groups.delete(key);
        deleted.push(state);
      }
    }
    for (const [key, entry] of members) {
      let state = this.groups.get(key);
      const notifiable = entry.records.filter((record) => this.notifiable(record));
      if (state === undefined) {
        if (notifiable.length === 0) continue;
        // The sequence starts at the creation time: a group that ends and starts again never reuses a key.
        state = {
          routeKey: entry.route.key,
          groupKey: key,
          labels: entry.labels,
          nextFlushAt: at + entry.route.groupWaitMs,
          lastNotifiedAt: null,
          notified: [],
          reminders: 0,
          sequence: at,
        };
        this.groups.set(key, state);
        written.push(state);
      }
      if (state.nextFlushAt !== null && state.nextFlushAt <= at) {
        this.flush(state, entry, at, notifications, events);
        if (!written.includes(state)) written.push(state);
      }
    }
    for (const [key, state] of this.groups) {
      const entry = members.get(key);
      const stillFiring = entry?.records.some((record) => record.state === 'firing') ?? false;
      if (!stillFiring && state.notified.length === 0) {
        this.groups.delete(key);
        deleted.push(state);
      } else if (entry === undefined && state.nextFlushAt !== null && state.nextFlushAt <= at) {
        // Its alerts are gone altogether (a rule removed): nothing left to say.
        this.groups.delete(key);
        deleted.push(state);
      }
    }
    if (written.length > 0 || deleted.length > 0 || notifications.length > 0) {
      let queued = 0;
      this.deps.db.transaction(() => {
        for (const state of deleted) this.deps.groups.delete(state);
        for (const state of written) if (this.groups.has(state.groupKey)) this.deps.groups.write(state);
        for (const { notification, summary, kind } of notifications) if (this.deps.outbox.enqueue(notification, kind, summary) !== null) queued++;
        for (const event of events) this.deps.alertStore.addEvent(event);
      })();
      if (queued > 0) this.deps.onQueued();
    }
    this.schedule(at);
  }

  private notifiable(record: AlertRecord): boolean {
    if (record.state !== 'firing' || record.flapping) return false;
    const routing = this.routing.get(record.fingerprint);
    return routing === undefined || (routing.silencedBy.length === 0 && routing.inhibitedBy.length === 0);
  }

  private muted(route: CompiledRoute, at: number): boolean {
    return route.muteWhen.some((name) => inAnyWindow(this.timeWindows[name] ?? [], at));
  }

  private flush(
    state: GroupState,
    entry: Members,
    at: number,
    out: { notification: AlertNotification; summary: string; kind: string }[],
    events: NewAlertEvent[],
  ): void {
    const { route } = entry;
    state.nextFlushAt = at + route.groupIntervalMs;
    const notifiable = entry.records.filter((record) => this.notifiable(record));
    const notified = new Set(state.notified);
    // A silence covers the resolution too (as in Alertmanager): a silenced alert ends quietly.
    const resolved = entry.records.filter(
      (record) => record.state === 'resolved' && wasNotified(notified, record, false) && this.deps.silences.silencing(record.labels, at).length === 0,
    );
    // An alert that resolved and fired again between two flushes is news, not a reminder of the old firing.
    const news = notifiable.filter((record) => !wasNotified(notified, record, true));
    const unacknowledged = notifiable.filter((record) => record.ack === null);
    const reminderDue = unacknowledged.length > 0 && state.lastNotifiedAt !== null && at - state.lastNotifiedAt >= repeatIntervalOf(route, state.reminders);
    if (this.muted(route, at)) return;
    if (news.length === 0 && resolved.length === 0 && !reminderDue) {
      // Alerts silenced or inhibited since are news again once they are not.
      state.notified = state.notified.filter((key) => notifiable.some((record) => firingKeyOf(record) === key));
      return;
    }
    const reminder = news.length === 0 && resolved.length === 0;
    const sequence = state.sequence + 1;
    const alerts: NotifiedAlert[] = [...notifiable, ...resolved].map((record) => ({
      fingerprint: record.fingerprint,
      status: record.state === 'resolved' ? 'resolved' : 'firing',
      labels: record.labels,
      annotations: record.annotations,
      startsAt: record.firedAt ?? record.activeAt,
      endsAt: record.resolvedAt,
      value: record.value,
      ack: record.ack,
    }));
    const status = notifiable.length > 0 ? 'firing' : 'resolved';
    const channels = this.deps.channels();
    const sentTo: string[] = [];
    for (const name of route.channels) {
      const channel = channels[name];
      if (channel === undefined || (status === 'resolved' && !channel.send_resolved)) continue;
      const notification = createNotification({
        key: createHash('sha256').update(`${state.groupKey}\u0000${sequence}\u0000${name}`).digest('hex').slice(0, 32),
        channel: name,
        groupKey: state.groupKey,
        groupLabels: state.labels,
        status,
        alerts,
        reminder,
        createdAt: at,
        consoleUrl: this.deps.consoleUrl(),
      });
      out.push({ notification, summary: notificationTitle(notification), kind: channel.kind });
      sentTo.push(name);
    }
    state.sequence = sequence;
    state.reminders = reminder ? state.reminders + 1 : 0;
    state.notified = notifiable.map(firingKeyOf);
    state.lastNotifiedAt = at;
    if (sentTo.length > 0) {
      for (const alert of alerts) {
        events.push({
          fingerprint: alert.fingerprint,
          alertname: alert.labels[ALERT_NAME] ?? '',
          at,
          kind: 'notified',
          detail: `${reminder ? 'reminder' : alert.status} to ${sentTo.join(', ')}`,
        });
      }
    }
  }

  private schedule(at: number): void {
    let next: number | null = null;
    const consider = (time: number | null): void => {
      if (time !== null && time > at && (next === null || time < next)) next = time;
    };
    for (const state of this.groups.values()) consider(state.nextFlushAt);
    consider(this.deps.silences.nextChangeAfter(at));
    if (this.routes.some((route) => route.muteWhen.length > 0) && this.groups.size > 0) consider(at + MUTE_RECHECK_MS);
    if (next !== null) this.wakeUp.at(next);
  }
}

/** One firing of one alert: its fingerprint and when it fired, so a later firing of the same alert is told apart. */
function firingKeyOf(record: AlertRecord): string {
  return `${record.fingerprint}@${record.firedAt ?? record.activeAt}`;
}

/**
 * Whether a notification carried this alert: this very firing (for news), or any firing (for
 * its resolution). Groups stored before firings were told apart hold bare fingerprints.
 */
function wasNotified(notified: ReadonlySet<string>, record: AlertRecord, thisFiring: boolean): boolean {
  if (notified.has(record.fingerprint)) return true;
  if (thisFiring) return notified.has(firingKeyOf(record));
  for (const key of notified) if (key.startsWith(`${record.fingerprint}@`)) return true;
  return false;
}
