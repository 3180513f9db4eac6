import { z } from 'zod';
import type { ChannelKind } from '../channel-kind';
import { postJson } from '../http-post';
import { alertParts, notificationTitle, severityOf, type AlertNotification, type NotifiedAlert } from '../notification';

/** Attachment colours by severity: red critical, amber warning, grey info, green resolved. */
export const slackColors = { critical: '#e03131', warning: '#f08c00', info: '#868e96', resolved: '#2f9e44' } as const;

const MAX_ALERTS = 10;

function alertLine(alert: NotifiedAlert): string {
  const { name, labels, summary } = alertParts(alert);
  const mark = alert.status === 'resolved' ? ':white_check_mark:' : ':red_circle:';
  const ack = alert.ack === null ? '' : ` _(acknowledged by ${alert.ack.by})_`;
  return `${mark} *${name}*${labels === '' ? '' : ` \`${labels}\``}${summary === '' ? '' : ` — ${summary}`}${ack}`;
}

/** A Slack incoming-webhook message in Block Kit, inside an attachment for the severity colour. */
export function slackPayload(notification: AlertNotification, channel: string | undefined): Record<string, unknown> {
  const title = notificationTitle(notification);
  const severity = severityOf(notification);
  // A report: its summary (an incoming webhook cannot carry a file).
  const lines =
    notification.report !== undefined
      ? [...notification.report.lines.slice(1), `_The full report: \`zervigo report\` (${notification.report.filename})_`]
      : notification.test
        ? ['This is a test notification from Zervigo: this channel works.']
        : notification.alerts.slice(0, MAX_ALERTS).map(alertLine);
  if (notification.alerts.length > MAX_ALERTS) lines.push(`…and ${notification.alerts.length - MAX_ALERTS} more`);
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: title.slice(0, 150), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n').slice(0, 3000) } },
  ];
  const context = [`severity: ${severity}`, notification.reminder ? 'reminder' : null].filter((part) => part !== null).join(' · ');
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: context }] });
  if (notification.consoleUrl !== null) {
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in Zervigo' }, url: `${notification.consoleUrl}/#/alerts` }],
    });
  }
  return {
    ...(channel === undefined ? {} : { channel }),
    text: title,
    attachments: [{ color: slackColors[severity], fallback: title, blocks }],
  };
}

const slackOptions = z.strictObject({
  webhook: z.url({ protocol: /^https?$/ }).describe('The incoming-webhook URL (a secret: write it as ${SLACK_WEBHOOK}).'),
  channel: z.string().optional().describe("Post to this channel instead of the webhook's own, e.g. #ops."),
});

/** A Slack incoming webhook: `slack: { webhook, channel }`. */
export const slackChannel: ChannelKind<z.output<typeof slackOptions>> = {
  kind: 'slack',
  summary: 'A Slack incoming webhook: { webhook: URL, channel }.',
  schema: slackOptions,
  // The webhook's path is its credential: only the host is shown.
  describe: (options) => `Slack ${options.channel ?? ''} via ${new URL(options.webhook).host}`.replace('  ', ' '),
  send: (options, notification) => postJson(options.webhook, slackPayload(notification, options.channel), { 'Idempotency-Key': notification.key }),
};
