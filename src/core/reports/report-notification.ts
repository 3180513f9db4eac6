import type { NotificationView } from '../../shared/types/alerts';
import { requireChannel } from '../notify/deliverer';
import { createNotification, type ReportAttachment } from '../notify/notification';
import type { NotifyModule } from '../notify/notify-module';
import { reportKey } from './reports-commands';

/**
 * A report handed to a channel through the notification outbox, like an alert: retried with
 * back-off and logged. Email attaches the file, Slack posts the summary (an incoming webhook
 * takes no file), a webhook receives the file's text, the desktop shows the summary.
 */
export async function sendReport(notify: NotifyModule, channel: string, report: ReportAttachment): Promise<NotificationView> {
  const config = requireChannel(notify.channels(), channel);
  const now = notify.now();
  const notification = createNotification({
    key: reportKey(),
    channel,
    groupKey: 'report',
    commonAnnotations: { summary: report.title },
    createdAt: now,
    consoleUrl: notify.consoleUrl(),
    report,
  });
  return notify.sendNow(notification, config.kind, report.title);
}
