import { createTransport } from 'nodemailer';
import { z } from 'zod';
import type { ChannelKind } from '../channel-kind';
import { DeliveryError } from '../delivery-error';
import { notificationTitle, severityOf, type AlertNotification } from '../notification';
import { slackColors } from './slack';

export interface EmailConfig {
  smtp: string;
  from: string;
  to: string[];
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The text and HTML bodies of a notification email. */
export function emailBodies(notification: AlertNotification): { subject: string; text: string; html: string } {
  const subject = notificationTitle(notification);
  const color = slackColors[severityOf(notification)];
  if (notification.report !== undefined) {
    const report = notification.report;
    const text = [...report.lines, '', `The full report is attached (${report.filename}).`].join('\n');
    return {
      subject,
      text,
      html: `<!doctype html><html><body style="font-family:system-ui,sans-serif"><h2>${escapeHtml(report.title)}</h2>${report.lines
        .slice(1)
        .map((line) => `<p>${escapeHtml(line)}</p>`)
        .join('')}<p>The full report is attached (${escapeHtml(report.filename)}).</p></body></html>`,
    };
  }
  if (notification.test) {
    const text = 'This is a test notification from Zervigo: this channel works.';
    return { subject, text, html: `<p>${text}</p>` };
  }
  const textLines: string[] = [subject, ''];
  const rows: string[] = [];
  for (const alert of notification.alerts) {
    const labels = Object.entries(alert.labels)
      .map(([key, value]) => `${key}=${value}`)
      .join(', ');
    const annotations = Object.entries(alert.annotations);
    textLines.push(
      `${alert.status.toUpperCase()} ${alert.labels.alertname ?? ''}`,
      `  labels: ${labels}`,
      ...annotations.map(([key, value]) => `  ${key}: ${value}`),
      `  since: ${new Date(alert.startsAt).toISOString()}`,
      '',
    );
    rows.push(
      `<tr><td style="padding:6px 10px;border-bottom:1px solid #ddd"><b style="color:${alert.status === 'resolved' ? slackColors.resolved : color}">${alert.status.toUpperCase()}</b></td>` +
        `<td style="padding:6px 10px;border-bottom:1px solid #ddd"><b>${escapeHtml(alert.labels.alertname ?? '')}</b><br><code>${escapeHtml(labels)}</code>` +
        annotations.map(([key, value]) => `<br>${escapeHtml(key)}: ${escapeHtml(value)}`).join('') +
        `</td><td style="padding:6px 10px;border-bottom:1px solid #ddd">${escapeHtml(new Date(alert.startsAt).toISOString())}</td></tr>`,
    );
  }
  if (notification.consoleUrl !== null) textLines.push(`Open in Zervigo: ${notification.consoleUrl}/#/alerts`);
  const link = notification.consoleUrl === null ? '' : `<p><a href="${escapeHtml(notification.consoleUrl)}/#/alerts">Open in Zervigo</a></p>`;
  const html =
    `<!doctype html><html><body style="font-family:system-ui,sans-serif">` +
    `<h2 style="border-left:6px solid ${color};padding-left:8px">${escapeHtml(subject)}</h2>` +
    `<table style="border-collapse:collapse">${rows.join('')}</table>${link}</body></html>`;
  return { subject, text: textLines.join('\n'), html };
}

/** Sends over SMTP with nodemailer; the idempotency key becomes the Message-ID, so mail systems drop duplicates. */
export async function sendEmail(notification: AlertNotification, config: EmailConfig): Promise<string> {
  const transport = createTransport({ url: config.smtp, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
  const { subject, text, html } = emailBodies(notification);
  try {
    const info = await transport.sendMail({
      from: config.from,
      to: config.to,
      subject,
      text,
      html,
      messageId: `<${notification.key}@zervigo>`,
      ...(notification.report === undefined
        ? {}
        : { attachments: [{ filename: notification.report.filename, content: notification.report.content, contentType: notification.report.contentType }] }),
      headers: { 'Idempotency-Key': notification.key },
    });
    return `accepted by ${new URL(config.smtp).host} for ${info.accepted.length} recipient${info.accepted.length === 1 ? '' : 's'}`;
  } catch (error) {
    const smtpError = error as { code?: string; responseCode?: number; message: string };
    // 5xx from the server (a refused recipient or sender) will not change by retrying.
    const permanent = smtpError.responseCode !== undefined && smtpError.responseCode >= 500;
    throw new DeliveryError(
      `${smtpError.code === 'ECONNECTION' || smtpError.code === 'ESOCKET' ? 'cannot reach the SMTP server: ' : ''}${smtpError.message}`,
      permanent,
    );
  } finally {
    transport.close();
  }
}

const emailOptions = z.strictObject({
  smtp: z
    .url({ protocol: /^smtps?$/, error: 'expected smtp://host:port or smtps://host:port' })
    .describe('The SMTP server: smtp://host:port (STARTTLS when offered) or smtps://; user:password@ in the URL signs in.'),
  from: z.string().default('zervigo@localhost').describe('The sender address.'),
  to: z.array(z.email()).min(1, 'at least one recipient').describe('The recipients.'),
});

/** Email through an SMTP server: `email: { smtp, from, to }`. */
export const emailChannel: ChannelKind<z.output<typeof emailOptions>> = {
  kind: 'email',
  summary: 'Email through an SMTP server: { smtp: smtp://user:pass@host:port, from, to: [addresses] }.',
  schema: emailOptions,
  // The SMTP URL may hold a password: only the host is shown.
  describe: (options) => `${options.to.join(', ')} via ${new URL(options.smtp).host}`,
  send: (options, notification) => sendEmail(notification, options),
};
