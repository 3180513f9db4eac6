import { describe, expect, it } from 'vitest';
import { formatIssue, parseWorkspace } from '../../../src/core/config/parse-workspace';
import { DEFAULT_ANOMALY_SELECT, DEFAULT_FORECASTS } from '../../../src/core/config/schema/analysis';
import { builtinKinds } from '../../../src/core/builtin-kinds';

function parse(text: string) {
  return parseWorkspace(text, { kinds: builtinKinds, file: 'zervigo.yaml', processEnv: {}, environment: null });
}

function issuesOf(text: string): string[] {
  const result = parse(text);
  if (result.ok) throw new Error('expected the workspace to be rejected');
  return result.issues.map(formatIssue);
}

describe('the analysis section of the workspace', () => {
  it('has defaults: probes, machine, processes and log errors scored at normal sensitivity, fill gauges forecast', () => {
    const result = parse('version: 1\n');
    if (!result.ok) throw new Error(result.issues.map(formatIssue).join('\n'));
    expect(result.workspace.config.analysis).toEqual({
      anomalies: { enabled: true, select: DEFAULT_ANOMALY_SELECT, sensitivity: 'normal', max_series: 10_000 },
      incidents: { window: 300_000, resolve_after: 120_000 },
      forecasts: DEFAULT_FORECASTS,
      forecast_every: 60_000,
      notify: { enabled: false, anomalies: true, anomalies_for: 120_000, forecasts_within: 21_600_000, advice: true, findings: true },
      analysers: [],
      advice_every: 300_000,
    });
    const off = parse('version: 1\nanalysis: { anomalies: { enabled: false }, forecasts: [] }\n');
    expect(off.ok && off.workspace.config.analysis.anomalies.enabled).toBe(false);
  });

  it('names the file, line and column of a bad selector, sensitivity or limit', () => {
    const selector = 'version: 1\nanalysis:\n  anomalies:\n    select: [\'probe_success{service="api"\', up]\n';
    expect(issuesOf(selector)[0]).toMatch(/^zervigo\.yaml:4:\d+: analysis\.anomalies\.select\[0\]: /);
    expect(issuesOf('version: 1\nanalysis:\n  anomalies:\n    select: ["rate(x[5m])"]\n')).toEqual([
      'zervigo.yaml:4:15: analysis.anomalies.select[0]: write a series selector like probe_duration_seconds{service="api"}, not an expression',
    ]);
    expect(issuesOf('version: 1\nanalysis:\n  anomalies:\n    sensitivity: extreme\n')[0]).toMatch(
      /^zervigo\.yaml:4:18: analysis\.anomalies\.sensitivity: .*low.*normal.*high/,
    );
    // 100,000 series blocked the engine 12 s as they arrived and ~30 s at each state save.
    expect(issuesOf('version: 1\nanalysis:\n  anomalies:\n    max_series: 100000\n')).toEqual([
      'zervigo.yaml:4:17: analysis.anomalies.max_series: at most 20,000 series (more stall the engine when they start and at each state save); narrow select instead',
    ]);
    expect(parse('version: 1\nanalysis:\n  anomalies:\n    max_series: 20000\n').ok).toBe(true);
    expect(issuesOf('version: 1\nanalysis:\n  forecasts: [{ select: disk }]\n')[0]).toMatch(/^zervigo\.yaml:3:\d+: analysis\.forecasts\[0\]/);
  });
});
