import { afterEach, describe, expect, it } from 'vitest';
import { probeTimeoutAdvice } from '../../../../src/core/analysis/advice/probe-timeout-advice';
import { applyWorkspaceEdits } from '../../../../src/core/config/workspace-edit';
import { AdviceBench, HOUR, noise } from './advice-bench';

const benches: AdviceBench[] = [];
afterEach(() => benches.splice(0).forEach((bench) => bench.close()));

const workspace = (timeout: string, every: string): string => `version: 1
machine: false
services:
  api:
    probes:
      - { http: "http://127.0.0.1:9/health", every: ${every}, timeout: ${timeout} }
`;

async function latencies(yaml: string, seconds: (i: number) => number): Promise<AdviceBench> {
  const bench = new AdviceBench(yaml);
  benches.push(bench);
  const id = bench.id('probe_duration_seconds', { service: 'api', probe: 'http#0', instance: '127.0.0.1:9' });
  await bench.run(HOUR, 10_000, (t, i) => bench.series.writer.append(id, t, seconds(i)));
  return bench;
}

describe('advice: a probe whose latency sits near its timeout', () => {
  it('appears when 9 in 10 checks take 80 % of the timeout, with the percentiles, the chart and a timeout edit that parses', async () => {
    const yaml = workspace('2s', '10s');
    const bench = await latencies(yaml, (i) => 1.6 + 0.1 * noise(i));
    const [advice, ...rest] = probeTimeoutAdvice(bench.context());
    expect(rest).toEqual([]);
    expect(advice).toMatchObject({ id: 'probe-timeout:api/http#0', advice: 'probe-timeout', service: 'api' });
    const p90 = advice?.facts.find((fact) => fact.name === 'p90')?.value ?? 0;
    expect(p90).toBeGreaterThan(1_600);
    expect(p90).toBeLessThan(1_700);
    expect(advice?.charts[0]).toMatchObject({ unit: 'seconds', threshold: 2 });
    expect(advice?.charts[0]?.query).toContain('probe_duration_seconds{');
    expect(advice?.apply?.change).toBe('timeout: 2s → 5s');
    const edited = applyWorkspaceEdits(yaml, advice?.apply?.edits ?? []);
    expect(edited).toContain('timeout: 5s');
    // Applied, the same latencies are no longer near the timeout.
    bench.setWorkspace(edited);
    expect(probeTimeoutAdvice(bench.context())).toEqual([]);
  });

  it('raises every with the timeout where the timeout would pass it', async () => {
    const bench = await latencies(workspace('2s', '3s'), (i) => 1.8 + 0.1 * noise(i));
    expect(probeTimeoutAdvice(bench.context())[0]?.apply?.change).toBe('timeout: 2s → 5s, every: 3s → 5s');
  });

  it('does not appear for a high latency far from its timeout, nor for a few slow checks among fast ones', async () => {
    const slowButRoomy = await latencies(workspace('10s', '30s'), (i) => 1.6 + 0.1 * noise(i));
    expect(probeTimeoutAdvice(slowButRoomy.context())).toEqual([]);
    // One check in 20 near the timeout: a spike, not where the latency sits.
    const spiky = await latencies(workspace('2s', '10s'), (i) => (i % 20 === 0 ? 1.9 : 0.2 + 0.02 * noise(i)));
    expect(probeTimeoutAdvice(spiky.context())).toEqual([]);
  });
});
