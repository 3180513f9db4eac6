import { afterEach, describe, expect, it } from 'vitest';
import { restartBudgetAdvice } from '../../../../src/core/analysis/advice/restart-budget-advice';
import { AdviceBench, HOUR } from './advice-bench';

const benches: AdviceBench[] = [];
afterEach(() => benches.splice(0).forEach((bench) => bench.close()));

const WORKSPACE = `version: 1
machine: false
services:
  api:
    start: node server.js
    restart: { policy: on-failure, budget: 3 within 10m }
  web: { start: node web.js }
`;

/** The supervisor's audit entries, as it writes them when a budget is spent, at these hours ago. */
function bench(giveUps: Record<string, number[]>): AdviceBench {
  const b = new AdviceBench(WORKSPACE);
  benches.push(b);
  b.clock.advance(48 * HOUR);
  const now = b.clock.now();
  for (const [service, hoursAgo] of Object.entries(giveUps)) {
    for (const hours of hoursAgo) {
      b.clock.set(now - hours * HOUR);
      b.audit.record({
        actor: 'supervisor',
        action: 'give_up',
        target: service,
        outcome: 'failed',
        message: 'gave up: 3 restarts within 10m did not keep it running for 5s (a crash loop); last: exited with code 1',
      });
    }
  }
  b.clock.set(now);
  // Restarts and starts are actions too, but not give-ups.
  b.audit.record({ actor: 'supervisor', action: 'restart', target: 'web', outcome: 'ok' });
  return b;
}

describe('advice: a restart budget exhausted repeatedly', () => {
  it('appears for a service that gave up twice within a day, with both times and its budget', () => {
    const [advice, ...rest] = restartBudgetAdvice(bench({ api: [10, 2] }).context());
    expect(rest).toEqual([]);
    expect(advice).toMatchObject({ id: 'restart-budget:api', advice: 'restart-budget', service: 'api', apply: null });
    expect(advice?.facts.find((fact) => fact.name === 'give_ups')?.value).toBe(2);
    expect(advice?.facts.find((fact) => fact.name === 'budget_restarts')?.value).toBe(3);
    expect(advice?.facts.filter((fact) => fact.unit === 'epoch_ms')).toHaveLength(2);
    expect(advice?.summary).toContain('a crash loop');
  });

  it('does not appear for one give-up in the last day (the other was two days ago), nor for a service no longer in the workspace', () => {
    expect(restartBudgetAdvice(bench({ api: [30, 3] }).context())).toEqual([]);
    expect(restartBudgetAdvice(bench({ gone: [5, 3, 1] }).context())).toEqual([]);
  });
});
