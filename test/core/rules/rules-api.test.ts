import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { promtoolCheckRules, requirePrometheus } from '../../helpers/prometheus';
import { tempDir } from '../../helpers/temp-dir';
import { AlertingHarness } from './alerting-harness';

const workspace = `version: 1
evaluation_interval: 15s
rules:
  - alert: HighCpu
    expr: avg by (host) (cpu_usage_percent) > 90
    for: 5m
    keep_firing_for: 1m
    labels: { severity: warning, team: "{{ $labels.host }}-owners" }
    annotations: { summary: "CPU {{ $value | humanize }}% on {{ $labels.host }}" }
    then: [{ restart: "{{ $labels.service }}" }]
  - alert: Ambiguous
    expr: cpu_usage_percent + ignoring(mode) cpu_usage_percent
rule_groups:
  - name: disks
    interval: 1m
    rules:
      - alert: DiskFillsIn4h
        expr: predict_linear(disk_free_bytes[1h], 4 * 3600) < 0
        labels: { severity: critical }
`;

describe('rules API', () => {
  it('shows each rule with its state, last evaluation, value and error; one broken rule does not stop the others', async () => {
    const h = AlertingHarness.open(workspace);
    h.run(20, () => {
      for (const mode of ['user', 'system']) h.sample('cpu_usage_percent', { host: 'a', mode }, 95);
    });
    const rules = await h.call('rules.list');
    expect(rules.map((rule) => [rule.id, rule.group, rule.intervalMs, rule.health, rule.state])).toEqual([
      ['default/HighCpu', 'default', 15_000, 'ok', 'pending'],
      ['default/Ambiguous', 'default', 15_000, 'error', 'inactive'],
      ['disks/DiskFillsIn4h', 'disks', 60_000, 'ok', 'inactive'],
    ]);
    expect(rules[0]).toMatchObject({
      samples: 1,
      value: 95,
      forMs: 300_000,
      keepFiringForMs: 60_000,
      pending: 1,
      firing: 0,
      actions: ['restart {{ $labels.service }}'],
      lastEvalAt: expect.any(Number) as number,
    });
    expect(rules[1]?.lastError).toMatch(/many-to-many matching is not allowed/);
    const [alert] = await h.call('alerts.list');
    expect(alert?.labels).toEqual({ alertname: 'HighCpu', host: 'a', severity: 'warning', team: 'a-owners' });
    expect(alert?.annotations).toEqual({ summary: 'CPU 95% on a' });

    // Automation (issue 5) listens to transitions, with the rule's actions.
    const seen: string[] = [];
    h.engine.rules.onTransition((event) => seen.push(`${event.alertname} ${event.from}->${event.to} ${event.actions.length}`));
    h.run(300, () => {
      for (const mode of ['user', 'system']) h.sample('cpu_usage_percent', { host: 'a', mode }, 95);
    });
    expect(seen).toEqual(['HighCpu pending->firing 1']);
  });

  it('exports the rules as a Prometheus rule file that promtool accepts', async () => {
    requirePrometheus();
    const h = AlertingHarness.open(workspace);
    const exported = await h.call('rules.export');
    expect(exported).toContain('keep_firing_for: 1m');
    expect(exported).not.toContain('then:');
    const file = path.join(tempDir(), 'rules.yml');
    fs.writeFileSync(file, exported);
    const check = promtoolCheckRules(file);
    expect(check.output).toContain('SUCCESS: 3 rules found');
    expect(check.status).toBe(0);
  });
});
