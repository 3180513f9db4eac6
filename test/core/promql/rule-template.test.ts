import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileTemplate, TemplateError } from '../../../src/core/promql/rule-template';
import { requirePrometheus, startPrometheus } from '../../helpers/prometheus';
import { tempDir } from '../../helpers/temp-dir';
import { waitFor } from '../../helpers/wait-for';

const templates = {
  value: '{{ $value }}',
  humanize: '{{ $value | humanize }}',
  percentage: '{{ $value | humanizePercentage }}',
  duration: '{{ humanizeDuration $value }}',
  fixed: '{{ printf "%.2f" $value }}',
  labels: '{{ $labels.instance }} on {{ .Labels.job }}: [{{ $labels.missing }}]',
  trimmed: 'a  {{- $labels.job -}}  b',
  upper: '{{ $labels.job | toUpper }} {{ title "disk almost full" }}',
};

const values = [1234567, 123456, 2.5e15, 0.00001234, 0.0001234, 100, 1.5, -2.25e-7, 123456789012, 0, 59.99999];

describe('rule templates', () => {
  it('render as Prometheus renders them (checked against a running Prometheus)', async () => {
    requirePrometheus();
    const work = tempDir('zervigo-templates-');
    const rules = values.map((value) => ({
      alert: 'T',
      expr: `label_replace(vector(${value}), "instance", "host-${String(value)}", "", "")`,
      labels: { job: 'node' },
      annotations: templates,
    }));
    const ruleFile = path.join(work, 'rules.json');
    // JSON is YAML: the rule file Prometheus reads.
    fs.writeFileSync(ruleFile, JSON.stringify({ groups: [{ name: 't', interval: '1s', rules }] }));
    const prometheus = await startPrometheus(path.join(work, 'tsdb'), work, { ruleFile });
    try {
      const alerts = await waitFor(
        async () => {
          const body = (await (await fetch(`${prometheus.url}/api/v1/alerts`)).json()) as {
            data: { alerts: { labels: Record<string, string>; annotations: Record<string, string>; value: string }[] };
          };
          return body.data.alerts.length === values.length ? body.data.alerts : undefined;
        },
        { timeoutMs: 15_000, intervalMs: 200, what: 'Prometheus to evaluate the rules' },
      );
      const compiled = Object.fromEntries(Object.entries(templates).map(([name, source]) => [name, compileTemplate(source)]));
      for (const alert of alerts) {
        const value = Number(alert.value);
        // Templates see the expression's labels, not the rule's own (job) or alertname.
        const { job: _job, alertname: _alertname, ...sampleLabels } = alert.labels;
        for (const [name, template] of Object.entries(compiled)) {
          expect({ value, name, text: template.render({ labels: sampleLabels, value }) }).toEqual({ value, name, text: alert.annotations[name] });
        }
      }
    } finally {
      await prometheus.stop();
    }
  }, 60_000);

  it('rejects what Prometheus would reject, at the offset of the problem', () => {
    const cases: [string, RegExp, number][] = [
      ['{{ $valeu }}', /undefined variable "\$valeu"/, 3],
      ['CPU {{ $value | humanise }}', /function "humanise" is not defined/, 16],
      ['{{ if $value }}x{{ end }}', /blocks are not supported/, 3],
      ['x {{ $labels.a', /unclosed action/, 2],
      ['{{ printf }}', /printf takes 1 to 10 arguments, got 0/, 3],
      ['{{ }}', /empty action/, 2],
    ];
    for (const [source, message, offset] of cases) {
      let caught: unknown = null;
      try {
        compileTemplate(source);
      } catch (error) {
        caught = error;
      }
      expect(caught, source).toBeInstanceOf(TemplateError);
      expect((caught as TemplateError).message).toMatch(message);
      expect((caught as TemplateError).offset, source).toBe(offset);
    }
  });
});
