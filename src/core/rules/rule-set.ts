import type { RuleConfig, WorkspaceConfig } from '../config/schema';
import type { Expr } from '../promql/ast';
import { parsePromql } from '../promql/parse-promql';
import { compileTemplate, type CompiledTemplate } from '../promql/rule-template';

export interface CompiledRule {
  /** group/alert, with #n when a group has several rules of one name: alerts keep their state across reloads. */
  id: string;
  group: string;
  name: string;
  exprText: string;
  expr: Expr;
  forMs: number;
  keepFiringForMs: number;
  labels: Record<string, CompiledTemplate>;
  annotations: Record<string, CompiledTemplate>;
  flapping: { changes: number; withinMs: number } | null;
  then: RuleConfig['then'];
  config: RuleConfig;
}

export interface CompiledGroup {
  name: string;
  intervalMs: number;
  rules: CompiledRule[];
}

/** Rules outside any group form this one, evaluated every `evaluation_interval`. */
export const DEFAULT_GROUP = 'default';

function compileRule(group: string, rule: RuleConfig, id: string): CompiledRule {
  const templates = (map: Record<string, string>) => Object.fromEntries(Object.entries(map).map(([key, source]) => [key, compileTemplate(source)]));
  return {
    id,
    group,
    name: rule.alert,
    exprText: rule.expr,
    // The schema has checked it; this cannot fail for a loaded workspace.
    expr: parsePromql(rule.expr).expr,
    forMs: rule.for,
    keepFiringForMs: rule.keep_firing_for,
    labels: templates(rule.labels),
    annotations: templates(rule.annotations),
    flapping: rule.flapping === false ? null : { changes: rule.flapping.changes, withinMs: rule.flapping.within },
    then: rule.then,
    config: rule,
  };
}

function compileGroup(name: string, intervalMs: number, rules: RuleConfig[]): CompiledGroup {
  const seen = new Map<string, number>();
  return {
    name,
    intervalMs,
    rules: rules.map((rule) => {
      const n = seen.get(rule.alert) ?? 0;
      seen.set(rule.alert, n + 1);
      return compileRule(name, rule, `${name}/${rule.alert}${n === 0 ? '' : `#${n + 1}`}`);
    }),
  };
}

/** The rule groups of a workspace, ready to evaluate. */
export function compileRuleGroups(config: WorkspaceConfig): CompiledGroup[] {
  const groups: CompiledGroup[] = [];
  if (config.rules.length > 0) groups.push(compileGroup(DEFAULT_GROUP, config.evaluation_interval, config.rules));
  for (const group of config.rule_groups) groups.push(compileGroup(group.name, group.interval ?? config.evaluation_interval, group.rules));
  return groups;
}
