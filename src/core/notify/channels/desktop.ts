import type { DesktopNotice } from '../../../shared/types/alerts';
import { notificationTitle, severityOf, type AlertNotification } from '../notification';

/** What the desktop shows: a title and one line per alert (at most three, then a count). */
export function desktopNotice(notification: AlertNotification): DesktopNotice {
  const lines =
    notification.report !== undefined
      ? notification.report.lines.slice(1)
      : notification.test
        ? ['Desktop notifications work.']
        : notification.alerts
            .slice(0, 3)
            .map((alert) => `${alert.status === 'resolved' ? 'resolved: ' : ''}${alert.annotations.summary ?? alert.labels.alertname ?? 'alert'}`);
  if (notification.alerts.length > 3) lines.push(`and ${notification.alerts.length - 3} more`);
  return {
    key: notification.key,
    title: notificationTitle(notification),
    body: lines.join('\n'),
    severity: severityOf(notification),
    fingerprints: notification.alerts.map((alert) => alert.fingerprint),
  };
}
