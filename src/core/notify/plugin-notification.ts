import type { Notification } from '../../plugin-sdk';
import { alertParts, notificationTitle, severityOf, type AlertNotification, type NotifiedAlert } from './notification';

/**
 * A notification as a plugin's channel kind receives it (the SDK's `Notification`): plain JSON,
 * times as ISO strings, with the title, summary and severity the built-in channels use, so a
 * plugin formats the same message a built-in would.
 */
export type PluginNotification = Notification;

function alertLine(alert: NotifiedAlert): string {
  const { name, labels, summary } = alertParts(alert);
  return `${alert.status === 'resolved' ? 'RESOLVED' : 'FIRING'} ${name}${labels === '' ? '' : ` (${labels})`}${summary === '' ? '' : ` — ${summary}`}`;
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

export function pluginNotification(notification: AlertNotification): PluginNotification {
  const summary =
    notification.report !== undefined
      ? notification.report.lines.join('\n')
      : notification.test
        ? 'This is a test notification from Zervigo: this channel works.'
        : notification.alerts.map(alertLine).join('\n');
  const starts = notification.alerts.map((alert) => alert.startsAt);
  const ends = notification.alerts.map((alert) => alert.endsAt);
  return {
    key: notification.key,
    groupKey: notification.groupKey,
    channel: notification.channel,
    status: notification.status,
    title: notificationTitle(notification),
    summary,
    severity: severityOf(notification),
    labels: { ...notification.commonLabels },
    annotations: { ...notification.commonAnnotations },
    startsAt: new Date(starts.length > 0 ? Math.min(...starts) : notification.createdAt).toISOString(),
    endsAt: notification.status === 'resolved' && ends.every((end) => end !== null) && ends.length > 0 ? iso(Math.max(...ends)) : null,
    url: notification.consoleUrl === null ? null : `${notification.consoleUrl}/#/alerts`,
    alerts: notification.alerts.map((alert) => ({
      status: alert.status,
      labels: { ...alert.labels },
      annotations: { ...alert.annotations },
      startsAt: new Date(alert.startsAt).toISOString(),
      endsAt: iso(alert.endsAt),
      fingerprint: alert.fingerprint,
      value: alert.value,
    })),
    reminder: notification.reminder,
    test: notification.test,
  };
}
