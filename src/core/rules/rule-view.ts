import type { RuleView } from '../../shared/types/alerts';
import type { ActionConfig } from '../config/schema';
import { thresholdOf } from '../promql/threshold';
import type { AlertRecord } from '../store/alert-record';
import type { RuleStatus } from './rule-manager';
import type { CompiledRule } from './rule-set';

/** "restart {{ $labels.service }}" — what a rule does when it fires, in words. */
export function describeAction(action: ActionConfig): string {
  return `${action.kind} ${action.target}`;
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
    graph: thresholdOf(rule.exprText),
  };
}
