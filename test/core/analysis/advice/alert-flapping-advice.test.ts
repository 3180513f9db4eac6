import { afterEach, describe, expect, it } from 'vitest';
import { alertFlappingAdvice } from '../../../../src/core/analysis/advice/alert-flapping-advice';
import { applyWorkspaceEdits } from '../../../../src/core/config/workspace-edit';
import type { NewAlertEvent } from '../../../../src/core/store/alert-store';
import { AdviceBench, HOUR, MINUTE } from './advice-bench';

const benches: AdviceBench[] = [];
afterEach(() => benches.splice(0).forEach((bench) => bench.close()));

const workspace = (extra = ''): string => `version: 1
machine: false
services:
  api: {}
rules:
  - alert: HighLatency
    expr: latency_seconds{service="api"} > 1${extra}
`;

/**
 * Stores the timeline the rule manager writes for stretches where the condition held: pending
 * (and firing at once, or after `forMs`), then resolved — or inactive when it ended before `forMs`.
 */
function bench(yaml: string, stretches: { start: number; length: number }[], forMs = 0): AdviceBench {
  const b = new AdviceBench(yaml);
  benches.push(b);
  b.clock.advance(6 * HOUR);
  const base = b.clock.now() - 6 * HOUR;
  const events: NewAlertEvent[] = [];
  const event = (at: number, from: string, to: string): NewAlertEvent => ({
    fingerprint: 'f1',
    alertname: 'HighLatency',
    at: base + at,
    kind: 'state',
    from,
    to,
  });
  for (const { start, length } of stretches) {
    events.push(event(start, 'inactive', 'pending'));
    if (length >= forMs) {
      events.push(event(start + forMs, 'pending', 'firing'));
      events.push(event(start + length, 'firing', 'resolved'));
    } else {
      events.push(event(start + length, 'pending', 'inactive'));
    }
  }
  b.alerts.save([], [], events, b.clock.now());
  return b;
}

const every = (count: number, startEveryMs: number, length: number, offset = 5 * MINUTE) =>
  Array.from({ length: count }, (_, i) => ({ start: offset + i * startEveryMs, length }));

describe('advice: an alert that flaps', () => {
  it('appears for six one-minute firings in six hours, suggesting a for: that would have held them back; applied, it goes', () => {
    const yaml = workspace();
    const b = bench(yaml, every(6, 50 * MINUTE, MINUTE));
    const [advice, ...rest] = alertFlappingAdvice(b.context());
    expect(rest).toEqual([]);
    expect(advice).toMatchObject({ id: 'alert-flapping:HighLatency', advice: 'alert-flapping', title: 'HighLatency flaps' });
    expect(advice?.facts.find((fact) => fact.name === 'firings')?.value).toBe(6);
    expect(advice?.facts.find((fact) => fact.name === 'median_firing')?.value).toBe(60);
    expect(advice?.apply?.change).toBe('for: 0s → 2m');
    expect(advice?.charts[0]?.query).toBe('latency_seconds{service="api"}');
    const edited = applyWorkspaceEdits(yaml, advice?.apply?.edits ?? []);
    expect(edited).toContain('for: 2m');
    b.setWorkspace(edited);
    expect(alertFlappingAdvice(b.context())).toEqual([]);
  });

  it('suggests keep_firing_for (hysteresis) for long firings with short gaps between them', () => {
    const yaml = workspace();
    const b = bench(yaml, every(6, 23 * MINUTE, 20 * MINUTE));
    const [advice] = alertFlappingAdvice(b.context());
    expect(advice?.apply?.change).toBe('keep_firing_for: 0s → 5m');
    expect(advice?.facts.find((fact) => fact.name === 'median_gap')?.value).toBe(180);
    b.setWorkspace(applyWorkspaceEdits(yaml, advice?.apply?.edits ?? []));
    expect(alertFlappingAdvice(b.context())).toEqual([]);
  });

  it('does not appear for an alert that fires often but for long, with long gaps (a real recurring problem)', () => {
    const b = bench(workspace(), every(5, 70 * MINUTE, 40 * MINUTE));
    expect(alertFlappingAdvice(b.context())).toEqual([]);
  });

  it('does not appear when the rule already has a for: that held the short stretches back, nor for three firings', () => {
    const held = bench(workspace('\n    for: 5m'), every(8, 40 * MINUTE, MINUTE), 5 * MINUTE);
    expect(alertFlappingAdvice(held.context())).toEqual([]);
    const few = bench(workspace(), every(3, 60 * MINUTE, MINUTE));
    expect(alertFlappingAdvice(few.context())).toEqual([]);
  });
});
