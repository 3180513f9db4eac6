import { INSIGHT_ALERT, type InsightAlertPort } from './analysis/insight-alerts';
import type { RulesModule } from './rules/rules-module';
import { ALERT_NAME } from './store/alert-identity';
import { EXTERNAL_RULE_ID } from './store/alert-record';

/** Analysis' door to alerts: insights are raised from code like a supervisor's escalation, and routed by notify. */
export function insightAlertPort(rules: RulesModule): InsightAlertPort {
  return {
    firing: () =>
      rules
        .alerts()
        .filter((record) => record.ruleId === EXTERNAL_RULE_ID && record.state === 'firing' && record.labels[ALERT_NAME] === INSIGHT_ALERT)
        .map((record) => ({ labels: record.labels, annotations: record.annotations })),
    raise: (alert) => void rules.raiseExternal(alert),
    resolve: (alert) => void rules.resolveExternal(alert),
  };
}
