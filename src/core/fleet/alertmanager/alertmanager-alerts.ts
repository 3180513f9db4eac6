import type { AlertView } from '../../../shared/types/alerts';

/** Resolved alerts are sent again for this long, as Prometheus does (so a lost POST does not leave them firing). */
export const RESOLVED_RESEND_MS = 15 * 60_000;

/** One alert as Alertmanager's API v2 takes it (POST /api/v2/alerts, a list of these). */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL?: string;
}

/**
 * What Prometheus' notifier would post for these alerts at `now`: firing alerts valid until
 * now + 4 × max(evaluation interval, resend delay) (so an Alertmanager resolves them by itself if
 * Zervigo goes away), resolved ones ending at their resolution, for 15 minutes after it. Pending
 * alerts are not sent.
 */
export function postableAlerts(
  alerts: readonly AlertView[],
  now: number,
  validForMs: (alert: AlertView) => number,
  generatorUrl: (alert: AlertView) => string | undefined,
): PostableAlert[] {
  const out: PostableAlert[] = [];
  for (const alert of alerts) {
    if (alert.state === 'pending') continue;
    if (alert.state === 'resolved' && (alert.resolvedAt === null || now - alert.resolvedAt > RESOLVED_RESEND_MS)) continue;
    const startsAt = alert.firedAt ?? alert.activeAt;
    const endsAt = alert.state === 'resolved' ? (alert.resolvedAt as number) : now + validForMs(alert);
    const url = generatorUrl(alert);
    out.push({
      labels: alert.labels,
      annotations: alert.annotations,
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(endsAt).toISOString(),
      ...(url === undefined ? {} : { generatorURL: url }),
    });
  }
  return out;
}
