import type { AlertView, SilenceView } from '../../shared/types/alerts';
import { ALERT_NAME } from '../store/alert-identity';
import type { AlertRecord } from '../store/alert-record';
import type { AlertRouting } from './router';
import { silenceState, type Silence } from './silences';

export function alertView(record: AlertRecord, routing: AlertRouting): AlertView {
  return {
    fingerprint: record.fingerprint,
    ruleId: record.ruleId,
    alertname: record.labels[ALERT_NAME] ?? '',
    labels: { ...record.labels },
    annotations: { ...record.annotations },
    state: record.state,
    severity: record.labels.severity ?? null,
    value: record.value !== null && Number.isFinite(record.value) ? record.value : null,
    activeAt: record.activeAt,
    firedAt: record.firedAt,
    resolvedAt: record.resolvedAt,
    keepFiringSince: record.keepFiringSince,
    silencedBy: routing.silencedBy,
    inhibitedBy: routing.inhibitedBy,
    muted: routing.muted,
    flapping: record.flapping,
    ack: record.ack,
    channels: routing.channels,
  };
}

const stateRank: Record<AlertView['state'], number> = { firing: 0, pending: 1, resolved: 2 };
const severityRank = (severity: string | null): number => (severity === 'critical' ? 0 : severity === 'warning' ? 1 : 2);

/** Worst first: firing before pending before resolved, critical before warning, newest first. */
export function sortAlerts(views: AlertView[]): AlertView[] {
  return views.sort(
    (a, b) =>
      stateRank[a.state] - stateRank[b.state] ||
      severityRank(a.severity) - severityRank(b.severity) ||
      (b.resolvedAt ?? b.activeAt) - (a.resolvedAt ?? a.activeAt) ||
      a.fingerprint.localeCompare(b.fingerprint),
  );
}

export function silenceView(silence: Silence, at: number, silencing: number): SilenceView {
  return {
    id: silence.id,
    matchers: silence.matchers,
    startsAt: silence.startsAt,
    endsAt: silence.endsAt,
    createdBy: silence.createdBy,
    comment: silence.comment,
    createdAt: silence.createdAt,
    state: silenceState(silence, at),
    silencing,
  };
}
