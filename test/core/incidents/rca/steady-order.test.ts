import { describe, expect, it } from 'vitest';
import { steadyOrder } from '../../../../src/core/incidents/rca/steady-order';
import type { IncidentCause } from '../../../../src/shared/types/incidents';

const cause = (target: string, score: number): IncidentCause => ({ kind: 'service', target, service: target, score, evidence: [] });
const targets = (causes: IncidentCause[]): string[] => causes.map((entry) => entry.target);

describe('steady order between rankings', () => {
  it('keeps the previous order of causes whose scores are close (a victim wobbling by a few hundredths)', () => {
    const previous = [cause('queue', 0.9), cause('worker', 0.17), cause('web', 0.15)];
    expect(targets(steadyOrder(previous, [cause('queue', 0.89), cause('web', 0.18), cause('worker', 0.16)]))).toEqual(['queue', 'worker', 'web']);
    // A new candidate close to those already listed stays behind them.
    expect(targets(steadyOrder(previous, [cause('queue', 0.9), cause('gateway', 0.19), cause('worker', 0.17), cause('web', 0.15)]))).toEqual([
      'queue',
      'worker',
      'web',
      'gateway',
    ]);
  });

  it('moves a cause up when it leads by more than the margin, the top place included', () => {
    const previous = [cause('db', 0.6), cause('queue', 0.55), cause('cache', 0.2)];
    expect(targets(steadyOrder(previous, [cause('queue', 0.8), cause('db', 0.6), cause('cache', 0.2)]))).toEqual(['queue', 'db', 'cache']);
    expect(targets(steadyOrder(previous, [cause('queue', 0.64), cause('db', 0.6), cause('cache', 0.2)]))).toEqual(['db', 'queue', 'cache']);
    expect(targets(steadyOrder([], [cause('queue', 0.64), cause('db', 0.6)]))).toEqual(['queue', 'db']);
  });
});
