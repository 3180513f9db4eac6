import type { Labels } from '../store/labels';

/** One alert as a notification carries it. */
export interface NotifiedAlert {
  fingerprint: string;
  status: 'firing' | 'resolved';
  labels: Labels;
  annotations: Record<string, string>;
  startsAt: number;
  endsAt: number | null;
  value: number | null;
  ack: { by: string; at: number; comment: string } | null;
}

/** A report carried by a notification (zervigo report --send): a summary, and the file itself. */
export interface ReportAttachment {
  title: string;
  /** The summary, a line each. */
  lines: string[];
  filename: string;
  contentType: string;
  content: string;
}

/**
 * What the router decided to send to one channel, independent of the channel's format (the
 * webhook, Slack and email payloads are made from it at delivery). Stored in the outbox.
 */
export interface AlertNotification {
  /** The idempotency key: the same for every attempt, across restarts. */
  key: string;
  channel: string;
  groupKey: string;
  groupLabels: Labels;
  commonLabels: Labels;
  commonAnnotations: Record<string, string>;
  status: 'firing' | 'resolved';
  alerts: NotifiedAlert[];
  /** A reminder of alerts already notified (repeat interval), not news. */
  reminder: boolean;
  /** "Send test" from Settings. */
  test: boolean;
  createdAt: number;
  /** Where the console is, for links in messages; null when unknown. */
  consoleUrl: string | null;
  /** Set when this carries a report rather than alerts. */
  report?: ReportAttachment;
}

/** What makes a notification: where it goes and under which key; the rest has the defaults of a one-off message. */
export interface NotificationInput {
  key: string;
  channel: string;
  groupKey: string;
  createdAt: number;
  consoleUrl: string | null;
  alerts?: NotifiedAlert[];
  groupLabels?: Labels;
  /** Default: the labels every alert shares. */
  commonLabels?: Labels;
  /** Default: the annotations every alert shares. */
  commonAnnotations?: Record<string, string>;
  status?: AlertNotification['status'];
  reminder?: boolean;
  test?: boolean;
  report?: ReportAttachment;
}

/**
 * The one factory of notifications: a route's group, a page of an escalation, a rule action's
 * message, "Send test" and a report are all made here, so every channel (and a plugin's) receives
 * the same shape whoever sent it.
 */
export function createNotification(input: NotificationInput): AlertNotification {
  const alerts = input.alerts ?? [];
  return {
    key: input.key,
    channel: input.channel,
    groupKey: input.groupKey,
    groupLabels: input.groupLabels ?? {},
    commonLabels: input.commonLabels ?? common(alerts.map((alert) => alert.labels)),
    commonAnnotations: input.commonAnnotations ?? common(alerts.map((alert) => alert.annotations)),
    status: input.status ?? 'firing',
    alerts,
    reminder: input.reminder ?? false,
    test: input.test ?? false,
    createdAt: input.createdAt,
    consoleUrl: input.consoleUrl,
    ...(input.report === undefined ? {} : { report: input.report }),
  };
}

/** One firing alert made of labels and annotations (a rule action's message, a test): nothing acknowledged, no value. */
export function firingAlert(fingerprint: string, labels: Labels, annotations: Record<string, string>, at: number): NotifiedAlert {
  return { fingerprint, status: 'firing', labels, annotations, startsAt: at, endsAt: null, value: null, ack: null };
}

/** Labels (or annotations) every alert shares. */
export function common(maps: readonly Readonly<Record<string, string>>[]): Record<string, string> {
  const [first, ...rest] = maps;
  if (first === undefined) return {};
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(first)) if (rest.every((map) => map[key] === value)) out[key] = value;
  return out;
}

/** "[FIRING:2] HighCpu (host=a)" — Alertmanager's subject style, used by every channel. */
export function notificationTitle(notification: AlertNotification): string {
  if (notification.report !== undefined) return notification.report.title;
  if (notification.test) return 'Zervigo test notification';
  const firing = notification.alerts.filter((alert) => alert.status === 'firing').length;
  const status = notification.status === 'firing' ? `FIRING:${firing}` : 'RESOLVED';
  const name = notification.commonLabels.alertname ?? notification.groupLabels.alertname ?? 'alerts';
  const extra = Object.entries(notification.groupLabels)
    .filter(([key]) => key !== 'alertname')
    .map(([key, value]) => `${key}=${value}`);
  return `[${status}] ${name}${extra.length > 0 ? ` (${extra.join(', ')})` : ''}${notification.reminder ? ' — reminder' : ''}`;
}

/** The worst severity among the alerts: colours and urgency follow it. */
export function severityOf(notification: AlertNotification): 'critical' | 'warning' | 'info' | 'resolved' {
  if (notification.report !== undefined) return 'info';
  if (notification.status === 'resolved') return 'resolved';
  const severities = notification.alerts.filter((alert) => alert.status === 'firing').map((alert) => alert.labels.severity ?? '');
  if (severities.some((severity) => isCriticalSeverity(severity))) return 'critical';
  if (severities.some((severity) => severity === 'info' || severity === 'none'))
    return severities.every((severity) => severity === 'info' || severity === 'none') ? 'info' : 'warning';
  return 'warning';
}

export function isCriticalSeverity(severity: string | undefined): boolean {
  return severity === 'critical' || severity === 'page' || severity === 'error';
}

/** What a line about one alert says, in any channel's markup: its name, its other labels ("service=api, host=a") and its summary. */
export function alertParts(alert: NotifiedAlert): { name: string; labels: string; summary: string } {
  const labels = Object.entries(alert.labels)
    .filter(([key]) => key !== 'alertname' && key !== 'severity')
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
  return { name: alert.labels.alertname ?? 'alert', labels, summary: alert.annotations.summary ?? alert.annotations.description ?? '' };
}
