import { describe, expect, it } from 'vitest';
import { formatIssue, parseWorkspace } from '../../../src/core/config/parse-workspace';
import { builtinKinds } from '../../../src/core/builtin-kinds';

function issuesOf(text: string): string[] {
  const result = parseWorkspace(text, { kinds: builtinKinds, file: 'zervigo.yaml', processEnv: {}, environment: null });
  if (result.ok) throw new Error('expected the workspace to be rejected');
  return result.issues.map(formatIssue);
}

/** line:col of the first occurrence of `needle` on line `line` (1-based) of the text. */
function where(text: string, line: number, needle: string): string {
  const col = (text.split('\n')[line - 1] as string).indexOf(needle) + 1;
  if (col === 0) throw new Error(`"${needle}" is not on line ${line}`);
  return `${line}:${col}`;
}

describe('the alerting section of the workspace', () => {
  it('points at the problem inside an expression, however the YAML string is written', () => {
    const plain = 'version: 1\nrules:\n  - alert: A\n    expr: up == 0 and foo(up)\n';
    expect(issuesOf(plain)).toEqual([`zervigo.yaml:${where(plain, 4, 'foo')}: rules[0].expr: unknown function "foo"`]);

    const quoted = 'version: 1\nrules:\n  - alert: A\n    expr: "up{job=\\"a\\"} > topk(1, up)"\n';
    expect(issuesOf(quoted)).toEqual([
      `zervigo.yaml:${where(quoted, 4, 'topk')}: rules[0].expr: the aggregation topk() is not supported (supported: sum, avg, min, max, count)`,
    ]);

    const block = 'version: 1\nrules:\n  - alert: A\n    expr: |\n      sum by (job) (\n        rate(x[5m:1m])\n      )\n';
    expect(issuesOf(block)).toEqual([`zervigo.yaml:${where(block, 6, 'x[')}: rules[0].expr: subqueries ("x[5m:1m]") are not supported`]);

    const folded = 'version: 1\nrule_groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up\n          and on(job) group_left up\n';
    expect(issuesOf(folded)).toEqual([
      `zervigo.yaml:${where(folded, 7, 'group_left')}: rule_groups[0].rules[0].expr: group_left (many-to-one matching) is not supported; only one-to-one matching with on/ignoring`,
    ]);
  });

  it('points at a template error inside an annotation or label, and at a bad regex', () => {
    const text = [
      'version: 1',
      'rules:',
      '  - alert: HighCpu',
      '    expr: cpu > 90',
      '    labels: { severity: "{{ $labels.sev }}", team: "{{ $team }}" }',
      '    annotations: { summary: "CPU {{ $value | humanise }}" }',
      'routes:',
      '  - match_re: { service: "api(" }',
      '',
    ].join('\n');
    expect(issuesOf(text)).toEqual([
      `zervigo.yaml:${where(text, 5, '$team')}: rules[0].labels.team: template: undefined variable "$team" (rule templates know $labels and $value)`,
      `zervigo.yaml:${where(text, 6, 'humanise')}: rules[0].annotations.summary: template: function "humanise" is not defined (known: humanize, humanize1024, humanizePercentage, humanizeDuration, printf, toUpper, toLower, title)`,
      `zervigo.yaml:${where(text, 8, '"api(')}: routes[0].match_re.service: not a regular expression: Invalid regular expression: /^(?:api()$/: Unterminated group`,
    ]);
  });

  it('refuses a range vector as a rule and accepts the default rules and flapping settings', () => {
    expect(issuesOf('version: 1\nrules:\n  - alert: A\n    expr: x[5m]\n')).toEqual([
      'zervigo.yaml:4:11: rules[0].expr: an alerting rule must give an instant vector, not a range vector: wrap it in a function like rate(...) or max_over_time(...)',
    ]);
    const result = parseWorkspace('version: 1\nrules:\n  - alert: A\n    expr: up == 0\n    flapping: false\n  - alert: B\n    expr: vector(1)\n', {
      kinds: builtinKinds,
      file: 'zervigo.yaml',
      processEnv: {},
    });
    expect(result.ok && result.workspace.config.rules.map((rule) => rule.flapping)).toEqual([false, { changes: 4, within: 600_000 }]);
  });

  it('refuses two rule groups of one name', () => {
    const text =
      'version: 1\nrules:\n  - alert: A\n    expr: up == 0\nrule_groups:\n  - name: default\n    rules: [{ alert: B, expr: up == 0 }]\n  - name: disks\n    rules: [{ alert: C, expr: up == 0 }]\n  - name: disks\n    rules: [{ alert: D, expr: up == 0 }]\n';
    expect(issuesOf(text)).toEqual([
      'zervigo.yaml:6:11: rule_groups[0].name: "default" is the group of the top-level rules; choose another name',
      'zervigo.yaml:10:11: rule_groups[2].name: rule group "disks" is defined twice',
    ]);
  });
});
