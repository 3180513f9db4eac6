import { describe, expect, it } from 'vitest';
import { RuleAlerts, type RuleSpec } from '../../../src/core/rules/alert-state';
import { compileTemplate } from '../../../src/core/promql/rule-template';

const T0 = Date.UTC(2026, 10, 22, 12, 0, 0);
const S = 1_000;

function rule(overrides: Partial<RuleSpec> = {}): RuleAlerts {
  return new RuleAlerts({
    id: 'default/HighCpu',
    name: 'HighCpu',
    forMs: 0,
    keepFiringForMs: 0,
    labels: { severity: compileTemplate('critical') },
    annotations: { summary: compileTemplate('CPU {{ $value }}% on {{ $labels.host }}') },
    flapping: null,
    ...overrides,
  });
}

const high = (value = 95) => [{ labels: { __name__: 'cpu', host: 'a' }, value }];
const states = (result: ReturnType<RuleAlerts['apply']>) => result.transitions.map((t) => `${t.from}->${t.to}`);

describe('RuleAlerts (the alert lifecycle)', () => {
  it('goes pending, fires after `for`, and resolves when the condition stops', () => {
    const alerts = rule({ forMs: 30 * S });
    expect(states(alerts.apply(high(), T0))).toEqual(['inactive->pending']);
    const [record] = alerts.list();
    expect(record).toMatchObject({
      labels: { alertname: 'HighCpu', host: 'a', severity: 'critical' },
      annotations: { summary: 'CPU 95% on a' },
      state: 'pending',
      activeAt: T0,
    });
    expect(states(alerts.apply(high(96), T0 + 15 * S))).toEqual([]);
    expect(states(alerts.apply(high(97), T0 + 30 * S))).toEqual(['pending->firing']);
    expect(alerts.list()[0]).toMatchObject({ state: 'firing', firedAt: T0 + 30 * S, activeAt: T0, annotations: { summary: 'CPU 97% on a' } });
    expect(states(alerts.apply([], T0 + 45 * S))).toEqual(['firing->resolved']);
    expect(alerts.list()[0]).toMatchObject({ state: 'resolved', resolvedAt: T0 + 45 * S });
    // Active again: a new episode, pending from now.
    expect(states(alerts.apply(high(), T0 + 60 * S))).toEqual(['resolved->pending']);
  });

  it('fires at once without `for`, and forgets a pending alert whose condition stopped', () => {
    const now = rule();
    expect(states(now.apply(high(), T0))).toEqual(['inactive->pending', 'pending->firing']);
    const later = rule({ forMs: 60 * S });
    later.apply(high(), T0);
    expect(states(later.apply([], T0 + 10 * S))).toEqual(['pending->inactive']);
    expect(later.list()).toEqual([]);
  });

  it('keeps firing for keep_firing_for after the condition stopped', () => {
    const alerts = rule({ keepFiringForMs: 60 * S });
    alerts.apply(high(), T0);
    expect(states(alerts.apply([], T0 + 10 * S))).toEqual([]);
    expect(alerts.list()[0]).toMatchObject({ state: 'firing', keepFiringSince: T0 + 10 * S });
    // Back within the window: the hold is cleared.
    alerts.apply(high(), T0 + 20 * S);
    expect(alerts.list()[0]?.keepFiringSince).toBeNull();
    alerts.apply([], T0 + 30 * S);
    expect(states(alerts.apply([], T0 + 89 * S))).toEqual([]);
    expect(states(alerts.apply([], T0 + 90 * S))).toEqual(['firing->resolved']);
  });

  it('detects flapping (more than N changes within M) and lets it go with hysteresis', () => {
    const alerts = rule({ flapping: { changes: 4, withinMs: 10 * 60 * S } });
    const flapped: boolean[] = [];
    let t = T0;
    for (let i = 0; i < 3; i++) {
      flapped.push(...alerts.apply(high(), (t += 30 * S)).flapChanged.map((record) => record.flapping));
      flapped.push(...alerts.apply([], (t += 30 * S)).flapChanged.map((record) => record.flapping));
    }
    // Six changes in three minutes: flapping from the fifth.
    expect(flapped).toEqual([true]);
    expect(alerts.list()[0]?.flapping).toBe(true);
    // Ten quiet minutes later the changes have left the window.
    expect(alerts.apply([], t + 11 * 60 * S).flapChanged.map((record) => record.flapping)).toEqual([false]);
  });
});
