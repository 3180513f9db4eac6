import { z } from 'zod';
import type { ChannelKind } from '../channel-kind';
import { postJson } from '../http-post';
import type { AlertNotification } from '../notification';

/** Alertmanager's webhook payload (version 4), so receivers written for Alertmanager work unchanged. */
export interface AlertmanagerWebhookPayload {
  version: '4';
  groupKey: string;
  truncatedAlerts: number;
  status: 'firing' | 'resolved';
  receiver: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
  alerts: {
    status: 'firing' | 'resolved';
    labels: Record<string, string>;
    annotations: Record<string, string>;
    startsAt: string;
    endsAt: string;
    generatorURL: string;
    fingerprint: string;
  }[];
}

/** Go's zero time, which Alertmanager sends as endsAt of a firing alert. */
const ZERO_TIME = '0001-01-01T00:00:00Z';

/** A report is not an alert: receivers get it in a shape of its own, the file's text included. */
export interface ReportWebhookPayload {
  kind: 'zervigo.report';
  title: string;
  summary: string[];
  filename: string;
  contentType: string;
  content: string;
}

export function reportWebhookPayload(notification: AlertNotification): ReportWebhookPayload | null {
  const report = notification.report;
  return report === undefined
    ? null
    : {
        kind: 'zervigo.report',
        title: report.title,
        summary: report.lines,
        filename: report.filename,
        contentType: report.contentType,
        content: report.content,
      };
}

export function webhookPayload(notification: AlertNotification): AlertmanagerWebhookPayload {
  const consoleUrl = notification.consoleUrl ?? '';
  return {
    version: '4',
    groupKey: notification.groupKey,
    truncatedAlerts: 0,
    status: notification.status,
    receiver: notification.channel,
    groupLabels: { ...notification.groupLabels },
    commonLabels: { ...notification.commonLabels },
    commonAnnotations: { ...notification.commonAnnotations },
    externalURL: consoleUrl,
    alerts: notification.alerts.map((alert) => ({
      status: alert.status,
      labels: { ...alert.labels },
      annotations: { ...alert.annotations },
      startsAt: new Date(alert.startsAt).toISOString(),
      endsAt: alert.endsAt === null ? ZERO_TIME : new Date(alert.endsAt).toISOString(),
      generatorURL: consoleUrl === '' ? '' : `${consoleUrl}/#/alerts`,
      fingerprint: alert.fingerprint,
    })),
  };
}

const webhookOptions = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).describe('Where the JSON is POSTed.'),
  headers: z.record(z.string(), z.string()).default({}).describe('Extra request headers (e.g. Authorization).'),
});

/** An HTTP POST of Alertmanager's webhook JSON: `webhook: { url, headers }`. */
export const webhookChannel: ChannelKind<z.output<typeof webhookOptions>> = {
  kind: 'webhook',
  summary: "An HTTP POST of Alertmanager's webhook JSON (version 4): { url, headers }.",
  schema: webhookOptions,
  // A query string may carry a token: left out.
  describe: (options) => {
    const url = new URL(options.url);
    return `${url.protocol}//${url.host}${url.pathname}`;
  },
  send: (options, notification) =>
    postJson(options.url, reportWebhookPayload(notification) ?? webhookPayload(notification), { ...options.headers, 'Idempotency-Key': notification.key }),
};
