import { randomUUID } from 'node:crypto';
import type { alertCommands } from '../../shared/contract/alerts';
import type { HandlersOf } from '../../shared/contract/define';
import { parseDuration } from '../../shared/duration';
import { ZervigoError } from '../../shared/errors';
import type { AlertView, SilenceView } from '../../shared/types/alerts';
import type { Alerting } from './alerting-module';
import { channelKindOf, requireChannel } from '../notify/deliverer';
import { notificationTitle, type AlertNotification } from '../notify/notification';
import { channelSchema } from '../config/schema';
import { substitute, type Lookup } from '../config/substitute';
import { formatZodError, friendlyIssueMessage } from '../../shared/zod-message';

/** The alerting commands of the contract, over the running Alerting. */
export function alertingHandlers(alerting: Alerting): HandlersOf<typeof alertCommands> {
  const findAlert = (fingerprint: string): AlertView => {
    const view = alerting.alertViews().find((alert) => alert.fingerprint === fingerprint);
    if (view === undefined) throw new ZervigoError('not_found', `no alert ${fingerprint}; GET /api/v1/alerts lists them`);
    return view;
  };
  return {
    'alerts.list': async ({ state }) => {
      const views = alerting.alertViews();
      if (state === 'all') return views;
      if (state === 'silenced') return views.filter((view) => view.state !== 'resolved' && (view.silencedBy.length > 0 || view.inhibitedBy.length > 0));
      return views.filter((view) => view.state === state);
    },
    'alerts.history': async ({ fingerprint, limit }) => alerting.history(fingerprint ?? null, limit),
    'alerts.acknowledge': async ({ fingerprint, comment }, context) => {
      const view = findAlert(fingerprint);
      if (view.state === 'resolved') throw new ZervigoError('conflict', `${view.alertname} is resolved; there is nothing to acknowledge`);
      alerting.setAck(fingerprint, { by: alerting.personOf(context), at: alerting.now(), comment });
      return findAlert(fingerprint);
    },
    'alerts.unacknowledge': async ({ fingerprint }) => {
      findAlert(fingerprint);
      alerting.setAck(fingerprint, null);
      return findAlert(fingerprint);
    },
    'silences.list': async () => alerting.silenceViews(),
    'silences.create': async (input, context) => {
      const now = alerting.now();
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
      return alerting.createSilence({ matchers: input.matchers, startsAt, endsAt, createdBy: input.createdBy ?? alerting.personOf(context), comment: input.comment });
    },
    'silences.expire': async ({ id }) => {
      const view: SilenceView | undefined = alerting.expireSilence(id);
      if (view === undefined) throw new ZervigoError('not_found', `no silence ${id}`);
      return view;
    },
    'rules.list': async () => alerting.ruleViews(),
    'rules.export': async () => alerting.exportRules(),
    'channels.list': async () => alerting.channelViews(),
    'channels.test': async ({ name }) => {
      const channel = requireChannel(alerting.channels(), name);
      const notification = testNotification(name, alerting.now(), alerting.consoleUrl());
      return alerting.sendNow(notification, channelKindOf(channel), notificationTitle(notification));
    },
    'channels.testDraft': async ({ name, channel }) => {
      const substituted = substituteValues(channel, alerting.variable);
      const parsed = channelSchema.safeParse(substituted, { error: friendlyIssueMessage });
      if (!parsed.success) throw new ZervigoError('invalid_input', `channel ${name}: ${formatZodError(parsed.error)}`);
      const at = alerting.now();
      const started = performance.now();
      try {
        const detail = await alerting.sendDirect(parsed.data, testNotification(name, at, alerting.consoleUrl()));
        return { at, ok: true, detail, durationMs: performance.now() - started };
      } catch (error) {
        return { at, ok: false, detail: error instanceof Error ? error.message : String(error), durationMs: performance.now() - started };
      }
    },
    'notifications.list': async ({ channel, limit }) => alerting.notificationViews(limit, channel ?? null),
  };
}

/** The notification "Send test" sends: one info alert, ZervigoTest. */
function testNotification(channel: string, now: number, consoleUrl: string | null): AlertNotification {
  return {
    key: `test-${randomUUID()}`,
    channel,
    groupKey: 'test',
    groupLabels: {},
    commonLabels: { alertname: 'ZervigoTest' },
    commonAnnotations: { summary: 'A test notification from Zervigo' },
    status: 'firing',
    alerts: [{ fingerprint: '0000000000000000', status: 'firing', labels: { alertname: 'ZervigoTest', severity: 'info' }, annotations: { summary: 'A test notification from Zervigo' }, startsAt: now, endsAt: null, value: null, ack: null }],
    reminder: false,
    test: true,
    createdAt: now,
    consoleUrl,
  };
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
