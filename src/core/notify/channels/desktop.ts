import { z } from 'zod';
import type { DesktopNotice } from '../../../shared/types/alerts';
import type { ChannelKind } from '../channel-kind';
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

/** The tray and a native notification in the desktop app; a toast in the web console: `desktop: true`. */
export const desktopChannel: ChannelKind<true | Record<string, never>> = {
  kind: 'desktop',
  summary: 'The tray and a native notification in the desktop app; a toast in the web console.',
  schema: z.union([z.literal(true), z.strictObject({})]),
  describe: () => 'desktop notification and console toast',
  send: async (_options, notification, context) => {
    context.showNotice(desktopNotice(notification));
    return 'shown on the desktop and in open consoles';
  },
};
