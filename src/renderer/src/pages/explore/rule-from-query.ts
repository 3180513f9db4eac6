import type { WorkspaceEdit } from '../../../../shared/types/workspace';
import { rawWorkspace } from '../settings/raw-workspace';

export interface RuleForm {
  name: string;
  expr: string;
  /** A duration ("1m") or empty for none. */
  forText: string;
  severity: string;
  summary: string;
}

/** Prometheus' rule name rule (a metric name without colons), so the engine and promtool accept it. */
const ruleName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const durationText = /^(\d+(ms|s|m|h|d|w|y))+$/;

/** Every rule name in the workspace text, top-level and in groups. */
export function ruleNamesIn(content: string): Set<string> {
  const raw = rawWorkspace(content);
  const names = new Set<string>();
  const collect = (rules: unknown): void => {
    if (!Array.isArray(rules)) return;
    for (const rule of rules)
      if (typeof rule === 'object' && rule !== null && typeof (rule as { alert?: unknown }).alert === 'string') names.add((rule as { alert: string }).alert);
  };
  collect(raw.rules);
  if (Array.isArray(raw.rule_groups)) for (const group of raw.rule_groups) collect((group as { rules?: unknown } | null)?.rules);
  return names;
}

/** What is wrong with the form, per field; empty when it can be proposed. */
export function ruleFormProblems(form: RuleForm, content: string): Partial<Record<keyof RuleForm, string>> {
  const problems: Partial<Record<keyof RuleForm, string>> = {};
  if (!ruleName.test(form.name)) problems.name = 'Letters, digits and _ (not starting with a digit), e.g. HighErrorRate';
  else if (ruleNamesIn(content).has(form.name)) problems.name = `A rule named ${form.name} exists already`;
  if (form.forText.trim() !== '' && !durationText.test(form.forText.trim())) problems.forText = 'A duration such as 30s, 5m or 1h30m';
  if (form.expr.trim() === '') problems.expr = 'The query is empty';
  return problems;
}

/**
 * The edit that appends the rule to the top-level `rules:` list; the engine writes it into the
 * file through the YAML library (workspace.edit), so what a person typed is never pasted into YAML.
 */
export function ruleEditOf(form: RuleForm, content: string): WorkspaceEdit {
  const rules = rawWorkspace(content).rules;
  const index = Array.isArray(rules) ? rules.length : 0;
  const rule: Record<string, unknown> = { alert: form.name, expr: form.expr.trim() };
  if (form.forText.trim() !== '') rule.for = form.forText.trim();
  if (form.severity !== '') rule.labels = { severity: form.severity };
  if (form.summary.trim() !== '') rule.annotations = { summary: form.summary.trim() };
  return { path: ['rules', index], value: rule };
}
