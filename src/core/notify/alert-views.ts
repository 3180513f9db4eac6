import type { ActionConfig } from '../config/schema';
import type { AlertView, RuleView, SilenceView } from '../../shared/types/alerts';
import { ALERT_NAME } from './alert-identity';
import type { AlertRecord } from './alert-record';
import type { RuleStatus } from './rule-manager';
import type { AlertRouting } from './router';
import type { CompiledRule } from './rule-set';
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
    (a, b) => stateRank[a.state] - stateRank[b.state] || severityRank(a.severity) - severityRank(b.severity) || (b.resolvedAt ?? b.activeAt) - (a.resolvedAt ?? a.activeAt) || a.fingerprint.localeCompare(b.fingerprint),
  );
}

/** "restart {{ $labels.service }}" — what a rule does when it fires, in words. */
export function describeAction(action: ActionConfig): string {
  if (action.restart !== undefined) return `restart ${action.restart}`;
  if (action.start !== undefined) return `start ${action.start}`;
  if (action.stop !== undefined) return `stop ${action.stop}`;
  if (action.exec !== undefined) return `exec ${Array.isArray(action.exec) ? action.exec.join(' ') : action.exec}`;
  if (action.notify !== undefined) return `notify ${Array.isArray(action.notify) ? action.notify.join(', ') : action.notify}`;
  return 'action';
}

export function ruleView(rule: CompiledRule, status: RuleStatus, alerts: readonly AlertRecord[], intervalMs: number): RuleView {
  const firing = alerts.filter((alert) => alert.state === 'firing').length;
  const pending = alerts.filter((alert) => alert.state === 'pending').length;
  return {
    id: rule.id,
    group: rule.group,
    name: rule.name,
    expr: rule.exprText,
    forMs: rule.forMs,
    keepFiringForMs: rule.keepFiringForMs,
    intervalMs,
    labels: { ...rule.config.labels },
    annotations: { ...rule.config.annotations },
    state: firing > 0 ? 'firing' : pending > 0 ? 'pending' : 'inactive',
    health: status.lastEvalAt === null ? 'unknown' : status.lastError === null ? 'ok' : 'error',
    lastEvalAt: status.lastEvalAt,
    lastDurationMs: status.lastDurationMs,
    lastError: status.lastError,
    samples: status.samples,
    value: status.value !== null && Number.isFinite(status.value) ? status.value : null,
    firing,
    pending,
    actions: rule.then.map(describeAction),
  };
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

