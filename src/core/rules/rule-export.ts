import { stringify } from 'yaml';
import type { RuleConfig, WorkspaceConfig } from '../config/schema';
import { formatDuration } from '../../shared/duration';
import { DEFAULT_GROUP } from './rule-set';

function exportRule(rule: RuleConfig): Record<string, unknown> {
  return {
    alert: rule.alert,
    expr: rule.expr,
    ...(rule.for > 0 ? { for: formatDuration(rule.for) } : {}),
    ...(rule.keep_firing_for > 0 ? { keep_firing_for: formatDuration(rule.keep_firing_for) } : {}),
    ...(Object.keys(rule.labels).length > 0 ? { labels: rule.labels } : {}),
    ...(Object.keys(rule.annotations).length > 0 ? { annotations: rule.annotations } : {}),
  };
}

/**
 * The workspace's rules as a Prometheus rule file: the same expressions and templates, so they
 * can move to a Prometheus as they are. Zervigo's own keys (then, flapping) stay behind.
 */
export function exportPrometheusRules(config: WorkspaceConfig): string {
  const groups: Record<string, unknown>[] = [];
  if (config.rules.length > 0) groups.push({ name: DEFAULT_GROUP, interval: formatDuration(config.evaluation_interval), rules: config.rules.map(exportRule) });
  for (const group of config.rule_groups) {
    groups.push({ name: group.name, interval: formatDuration(group.interval ?? config.evaluation_interval), rules: group.rules.map(exportRule) });
  }
  return `# Exported by Zervigo from the workspace's rules; check with: promtool check rules <file>\n${stringify({ groups }, { lineWidth: 0 })}`;
}
