import { afterEach, describe, expect, it } from 'vitest';
import { probeIntervalAdvice } from '../../../../src/core/analysis/advice/probe-interval-advice';
import { applyWorkspaceEdits } from '../../../../src/core/config/workspace-edit';
import { AdviceBench, HOUR } from './advice-bench';

const benches: AdviceBench[] = [];
afterEach(() => benches.splice(0).forEach((bench) => bench.close()));

const workspace = (every: string): string => `version: 1
machine: false
services:
  db:
    probes:
      - { tcp: "127.0.0.1:6390", every: ${every} }
`;

/** Eight hours of a probe's checks; `changes` status changes spread over them. */
async function checks(yaml: string, stepMs: number, changes: number): Promise<AdviceBench> {
  const b = new AdviceBench(yaml);
  benches.push(b);
  const id = b.id('probe_success', { service: 'db', probe: 'tcp#0', instance: '127.0.0.1:6390' });
  const duration = 8 * HOUR;
  const changeEvery = changes === 0 ? Number.POSITIVE_INFINITY : duration / changes;
  let nextChange = b.clock.now() + changeEvery / 2;
  let up = true;
  await b.run(duration, stepMs, (t) => {
    if (t >= nextChange) {
      up = !up;
      b.transitions.record('db/tcp#0', t, up ? 'up' : 'down', up ? null : 'connection refused');
      nextChange += changeEvery;
    }
    b.series.writer.append(id, t, up ? 1 : 0);
  });
  return b;
}

describe('advice: probes far more frequent than the service changes', () => {
  it('appears for a 5 s probe whose service did not change in 8 hours, suggesting every: 30s; applied, it goes', async () => {
    const yaml = workspace('5s');
    const b = await checks(yaml, 5_000, 0);
    const [advice, ...rest] = probeIntervalAdvice(b.context());
    expect(rest).toEqual([]);
    expect(advice).toMatchObject({ id: 'probe-interval:db/tcp#0', service: 'db' });
    expect(advice?.facts.find((fact) => fact.name === 'checks')?.value).toBe(5_760);
    expect(advice?.facts.find((fact) => fact.name === 'changes')?.value).toBe(0);
    expect(advice?.apply?.change).toBe('every: 5s → 30s');
    const edited = applyWorkspaceEdits(yaml, advice?.apply?.edits ?? []);
    b.setWorkspace(edited);
    expect(probeIntervalAdvice(b.context())).toEqual([]);
  });

  it('does not appear for a 5 s probe whose service changes every hour or so, nor for a probe already at 30 s', async () => {
    expect(probeIntervalAdvice((await checks(workspace('5s'), 5_000, 8)).context())).toEqual([]);
    expect(probeIntervalAdvice((await checks(workspace('30s'), 30_000, 0)).context())).toEqual([]);
  });

  it('counts actions on the service as changes: a service restarted a few times an hour keeps its fast probe', async () => {
    const b = await checks(workspace('5s'), 5_000, 0);
    for (let i = 0; i < 5; i++) b.audit.record({ actor: 'alice', action: 'restart', target: 'db', outcome: 'ok' });
    expect(probeIntervalAdvice(b.context())).toEqual([]);
  });
});
