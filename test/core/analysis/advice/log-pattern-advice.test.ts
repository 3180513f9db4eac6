import { afterEach, describe, expect, it } from 'vitest';
import { logPatternAdvice } from '../../../../src/core/analysis/advice/log-pattern-advice';
import { builtinKinds } from '../../../../src/core/builtin-kinds';
import { parseWorkspace } from '../../../../src/core/config/parse-workspace';
import { applyWorkspaceEdits } from '../../../../src/core/config/workspace-edit';
import { evaluateInstant } from '../../../../src/core/promql/query';
import { AdviceBench, HOUR, MINUTE } from './advice-bench';

const benches: AdviceBench[] = [];
afterEach(() => benches.splice(0).forEach((bench) => bench.close()));

const WORKSPACE = `version: 1
machine: false
services:
  api: {}
`;

/**
 * Six hours and a quarter of a service's log counters as the log pipeline writes them (totals,
 * sampled every 10 s while they move): `rates(recent)` gives lines per minute of each pattern.
 */
async function logs(rates: (recent: boolean) => Record<string, number>): Promise<AdviceBench> {
  const b = new AdviceBench(WORKSPACE);
  benches.push(b);
  b.db
    .prepare('INSERT INTO log_patterns (id, service, template, level, count, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(2, 'api', 'timeout talking to <*>', 50, 0, 0, 0);
  const lines = b.id('log_lines_total', { service: 'api', level: 'info' });
  const totals: Record<string, number> = {};
  let all = 0;
  const start = b.clock.now();
  const duration = 6 * HOUR + 15 * MINUTE;
  await b.run(duration, 10_000, (t) => {
    const perMinute = rates(t > start + duration - 15 * MINUTE);
    for (const [pattern, rate] of Object.entries(perMinute)) {
      const added = rate / 6;
      totals[pattern] = (totals[pattern] ?? 0) + added;
      all += added;
      b.series.writer.append(b.id('log_pattern_lines_total', { pattern, service: 'api' }), t, Math.round(totals[pattern]));
    }
    b.series.writer.append(lines, t, Math.round(all));
  });
  return b;
}

describe('advice: a log pattern that suddenly dominates', () => {
  it('appears when a rare pattern becomes most of the output, naming its template and shares', async () => {
    const b = await logs((recent) => ({ '1': 60, '2': recent ? 300 : 6 }));
    const [advice, ...rest] = logPatternAdvice(b.context());
    expect(rest).toEqual([]);
    expect(advice).toMatchObject({ id: 'log-pattern:api:2', advice: 'log-pattern', service: 'api' });
    expect(advice?.summary).toContain('"timeout talking to <*>"');
    const share = advice?.facts.find((fact) => fact.name === 'share_recent')?.value ?? 0;
    expect(share).toBeGreaterThan(0.8);
    expect(advice?.facts.find((fact) => fact.name === 'share_before')?.value).toBeLessThan(0.1);
    expect(advice?.charts[0]?.query).toBe('log_pattern_lines_total{pattern="2",service="api"}');
  });

  it('does not appear for a pattern that always dominated, nor for a busier service whose mix stays the same', async () => {
    expect(logPatternAdvice((await logs(() => ({ '1': 10, '2': 90 }))).context())).toEqual([]);
    expect(logPatternAdvice((await logs((recent) => ({ '1': recent ? 600 : 60, '2': recent ? 60 : 6 }))).context())).toEqual([]);
  });

  it('does not appear for a service that only just started logging (no before to compare with)', async () => {
    expect(logPatternAdvice((await logs((recent) => (recent ? { '2': 300 } : { '2': 0 }))).context())).toEqual([]);
  });

  it("applies as an alert rule on the pattern's rate that holds now and not at its earlier trickle; once such a rule exists the advice is gone", async () => {
    const b = await logs((recent) => ({ '1': 60, '2': recent ? 300 : 6 }));
    const [advice] = logPatternAdvice(b.context());
    // About 0.1 lines/s before: the flood line is 5x what the store holds of that (at least 100 lines in 15 min, 0.12/s); now it logs 5/s.
    const threshold = Number(/> ([\d.]+) for 5m$/.exec(advice?.apply?.change ?? '')?.[1]);
    expect(advice?.apply?.change).toBe(`add rule LogPatternFlood: rate(log_pattern_lines_total{pattern="2",service="api"}[5m]) > ${threshold} for 5m`);
    expect(threshold).toBeGreaterThan(0.3);
    expect(threshold).toBeLessThan(0.6);
    const text = applyWorkspaceEdits(WORKSPACE, advice?.apply?.edits ?? []);
    expect(text).toContain('rules:\n  - alert: LogPatternFlood');
    const parsed = parseWorkspace(text, { kinds: builtinKinds, file: 'zervigo.yaml', processEnv: {} });
    if (!parsed.ok) throw new Error(parsed.issues.map((issue) => issue.message).join('; '));
    const [rule] = parsed.workspace.config.rules;
    expect(rule).toMatchObject({ alert: 'LogPatternFlood', for: 300_000, labels: { severity: 'warning' } });
    expect(rule?.annotations.summary).toContain('"timeout talking to <*>"');
    const now = b.clock.now();
    expect(evaluateInstant(b.series, rule?.expr ?? '', now).result).toHaveLength(1);
    expect(evaluateInstant(b.series, rule?.expr ?? '', now - 60 * MINUTE).result).toEqual([]);

    b.setWorkspace(text);
    expect(logPatternAdvice(b.context())).toEqual([]);
  });
});
