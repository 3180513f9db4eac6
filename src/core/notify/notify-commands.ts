import { randomUUID } from 'node:crypto';
import type { alertCommands } from '../../shared/contract/notify';
import { parseDuration } from '../../shared/duration';
import { ZervigoError } from '../../shared/errors';
import type { AlertEventView, AlertView, ChannelKind, ChannelKindView, ChannelView, NotificationView, SilenceView } from '../../shared/types/alerts';
import type { CallContext, HandlersOf } from '../../shared/contract/define';
import type { AlertRecord } from '../store/alert-record';
import { requireChannel } from './deliverer';
import { createNotification, firingAlert, notificationTitle, type AlertNotification } from './notification';
import type { Silence } from './silences';
import { channelSchemaFor, type ChannelConfig, type ChannelKindSchema } from '../config/schema';
import { substitute, type Lookup } from '../config/substitute';
import { formatZodError, friendlyIssueMessage } from '../../shared/zod-message';

/** What the notify commands use (the notify module provides it). */
export interface NotifyService {
  alertViews(): AlertView[];
  history(fingerprint: string | null, limit: number): AlertEventView[];
  setAck(fingerprint: string, ack: AlertRecord['ack']): void;
  personOf(context: CallContext): string;
  now(): number;
  consoleUrl(): string | null;
  variable(name: string): string | undefined;
  silenceViews(): SilenceView[];
  createSilence(input: Omit<Silence, 'id' | 'createdAt'>): SilenceView;
  expireSilence(id: string): SilenceView | undefined;
  channels(): Readonly<Record<string, ChannelConfig>>;
  /** The channel kinds there are (a draft channel is validated against them). */
  channelKinds(): readonly ChannelKindSchema[];
  channelViews(): ChannelView[];
  /** Every channel kind with the JSON Schema of its options (the channel editor's forms). */
  channelKindViews(): ChannelKindView[];
  notificationViews(limit: number, channel: string | null): NotificationView[];
  sendNow(notification: AlertNotification, kind: ChannelKind, summary: string): Promise<NotificationView>;
  sendDirect(channel: ChannelConfig, notification: AlertNotification): Promise<string>;
}

/** The notify commands of the contract: alerts as notified, acknowledgements, silences, channels, notifications. */
export function notifyHandlers(notify: NotifyService): HandlersOf<typeof alertCommands> {
  const findAlert = (fingerprint: string): AlertView => {
    const view = notify.alertViews().find((alert) => alert.fingerprint === fingerprint);
    if (view === undefined) throw new ZervigoError('not_found', `no alert ${fingerprint}; GET /api/v1/alerts lists them`);
    return view;
  };
  return {
    'alerts.list': async ({ state, service }) => {
      const views = notify.alertViews().filter((view) => service === undefined || view.labels.service === service);
      if (state === 'all') return views;
      if (state === 'silenced') return views.filter((view) => view.state !== 'resolved' && (view.silencedBy.length > 0 || view.inhibitedBy.length > 0));
      return views.filter((view) => view.state === state);
    },
    'alerts.history': async ({ fingerprint, limit }) => notify.history(fingerprint ?? null, limit),
    'alerts.acknowledge': async ({ fingerprint, comment }, context) => {
      const view = findAlert(fingerprint);
      if (view.state === 'resolved') throw new ZervigoError('conflict', `${view.alertname} is resolved; there is nothing to acknowledge`);
      notify.setAck(fingerprint, { by: notify.personOf(context), at: notify.now(), comment });
      return findAlert(fingerprint);
    },
    'alerts.unacknowledge': async ({ fingerprint }) => {
      findAlert(fingerprint);
      notify.setAck(fingerprint, null);
      return findAlert(fingerprint);
    },
    'silences.list': async () => notify.silenceViews(),
    'silences.create': async (input, context) => {
      const now = notify.now();
      const startsAt = input.startsAt ?? now;
      const endsAt = input.endsAt ?? startsAt + (parseDuration(input.duration ?? '') ?? 0);
      if (endsAt <= startsAt) throw new ZervigoError('invalid_input', 'the silence ends before it starts');
      if (endsAt <= now) throw new ZervigoError('invalid_input', 'the silence would already be over');
      for (const matcher of input.matchers) {
        if (!matcher.isRegex) continue;
        try {
          new RegExp(`^(?:${matcher.value})$`);
        } catch (error) {
          throw new ZervigoError('invalid_input', `matcher ${matcher.name}: ${(error as Error).message}`);
        }
      }
      return notify.createSilence({
        matchers: input.matchers,
        startsAt,
        endsAt,
        createdBy: input.createdBy ?? notify.personOf(context),
        comment: input.comment,
      });
    },
    'silences.expire': async ({ id }) => {
      const view: SilenceView | undefined = notify.expireSilence(id);
      if (view === undefined) throw new ZervigoError('not_found', `no silence ${id}`);
      return view;
    },
    'channels.list': async () => notify.channelViews(),
    'channels.kinds': async () => notify.channelKindViews(),
    'channels.test': async ({ name }) => {
      const channel = requireChannel(notify.channels(), name);
      const notification = testNotification(name, notify.now(), notify.consoleUrl());
      return notify.sendNow(notification, channel.kind, notificationTitle(notification));
    },
    'channels.testDraft': async ({ name, channel }) => {
      const substituted = substituteValues(channel, (variable) => notify.variable(variable));
      const parsed = channelSchemaFor(notify.channelKinds()).safeParse(substituted, { error: friendlyIssueMessage });
      if (!parsed.success) throw new ZervigoError('invalid_input', `channel ${name}: ${formatZodError(parsed.error)}`);
      const at = notify.now();
      const started = performance.now();
      try {
        const detail = await notify.sendDirect(parsed.data, testNotification(name, at, notify.consoleUrl()));
        return { at, ok: true, detail, durationMs: performance.now() - started };
      } catch (error) {
        return { at, ok: false, detail: error instanceof Error ? error.message : String(error), durationMs: performance.now() - started };
      }
    },
    'notifications.list': async ({ channel, limit }) => notify.notificationViews(limit, channel ?? null),
  };
}

/** The notification "Send test" sends: one info alert, ZervigoTest. */
function testNotification(channel: string, now: number, consoleUrl: string | null): AlertNotification {
  const summary = { summary: 'A test notification from Zervigo' };
  return createNotification({
    key: `test-${randomUUID()}`,
    channel,
    groupKey: 'test',
    commonLabels: { alertname: 'ZervigoTest' },
    commonAnnotations: summary,
    alerts: [firingAlert('0000000000000000', { alertname: 'ZervigoTest', severity: 'info' }, summary, now)],
    test: true,
    createdAt: now,
    consoleUrl,
  });
}

/** ${VAR} in every string of a channel as written in a form, as the workspace file would have them replaced. */
function substituteValues(value: unknown, lookup: Lookup): unknown {
  if (typeof value === 'string') {
    const result = substitute(value, lookup);
    if (!result.ok) throw new ZervigoError('invalid_input', result.message);
    return result.value;
  }
  if (Array.isArray(value)) return value.map((item) => substituteValues(item, lookup));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substituteValues(item, lookup)]));
  return value;
}
