import { describe, expect, it } from 'vitest';
import { changeTimingScore, scoreChanges, type ChangeRecord } from '../../../../src/core/incidents/rca/change-timing';
import { scorePatterns } from '../../../../src/core/incidents/rca/log-pattern-evidence';
import { onsetOrder } from '../../../../src/core/incidents/rca/onset-order';

const change = (target: string, kind: ChangeRecord['kind'], at: number, services: string[]): ChangeRecord => ({
  target,
  kind,
  at,
  services,
  actor: 'alice',
  detail: target,
  link: { kind: 'audit', auditId: 1 },
});

describe('onset order', () => {
  it('gives the first mover 1, later ones less, and near-simultaneous ones the same place', () => {
    const order = onsetOrder(
      new Map([
        ['db', 1_000],
        ['api', 1_500],
        ['web', 10_000],
      ]),
    );
    expect(order.get('db')).toBe(1);
    expect(order.get('api')).toBe(1);
    expect(order.get('web')).toBe(0.5);
  });
});

describe('change-to-symptom timing', () => {
  it('counts a change fully just before the onset, less with time, and not at all after it', () => {
    expect(changeTimingScore(30_000)).toBe(1);
    expect(changeTimingScore(12 * 60_000)).toBeCloseTo(0.5);
    expect(changeTimingScore(-1_000)).toBe(0);
    expect(changeTimingScore(2 * 3_600_000)).toBe(0);
  });

  it('prefers a change that touched the trouble (or a neighbour of it) over one elsewhere, and discounts restarts', () => {
    const onset = 1_000_000;
    const scored = scoreChanges(
      [
        change('workspace version 3', 'workspace', onset - 60_000, ['api']),
        change('workspace version 2', 'workspace', onset - 50_000, ['billing']),
        change('restart cache', 'restart', onset - 40_000, ['cache']),
        change('deploy web', 'deploy', onset + 10_000, ['web']),
      ],
      onset,
      new Set(['db']),
      new Set(['api']),
    );
    expect(scored.map((entry) => entry.change.target)).toHaveLength(3);
    expect(scored[0]?.change.target).toBe('workspace version 3');
    expect(scored[0]?.score).toBeGreaterThan(0.9);
    for (const other of scored.slice(1)) expect(other.score).toBeLessThan(0.3);
  });
});

describe('log patterns', () => {
  const base = { id: 1, service: 'api', template: 'db <*> refused', lastSeen: 0, baselineCount: 0 };
  it('scores a new error pattern and a burst, not a steady old one', () => {
    const onset = 10_000_000;
    const scored = scorePatterns(
      [
        { ...base, firstSeen: onset + 1_000, recentCount: 20 },
        { ...base, id: 2, template: 'slow <*>', firstSeen: 0, recentCount: 60, baselineCount: 5 },
        { ...base, id: 3, template: 'steady', firstSeen: 0, recentCount: 5, baselineCount: 5 },
      ],
      onset,
      new Set(['api']),
    );
    expect(scored.map((entry) => entry.pattern.id)).toEqual([1, 2]);
  });
});
