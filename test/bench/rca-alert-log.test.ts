import { describe, expect, it } from 'vitest';
import { AlertLog } from '../../bench/rca/alert-log';
import { downstreamBaseline, firstAlertBaseline } from '../../bench/rca/baselines';
import type { AlertView } from '../../src/shared/types/alerts';
import { defaultTopology } from '../fixtures/rca/rca-workspace';
import { alertView } from '../fixtures/views';

/** The root-cause bench keeps every alert episode it saw: the console lists an alert by fingerprint, its latest episode only. */
const onsetMs = 1_000_000;
const highCpu = (overrides: Partial<AlertView>): AlertView =>
  alertView({ alertname: 'HighCpu', fingerprint: 'queue-cpu', labels: { alertname: 'HighCpu', service: 'queue' }, activeAt: onsetMs + 2_000, ...overrides });

describe('the alert log', () => {
  it('keeps an alert that fired, resolved and went pending again, then vanished; the baselines still see it', () => {
    const log = new AlertLog();
    log.record([highCpu({ state: 'firing', firedAt: onsetMs + 7_000 })]);
    log.record([highCpu({ state: 'resolved', firedAt: onsetMs + 7_000, resolvedAt: onsetMs + 20_000 })]);
    log.record([highCpu({ state: 'pending', activeAt: onsetMs + 30_000, firedAt: null })]);
    const last: AlertView[] = [];
    const seen = log.record(last);
    const decisionMs = onsetMs + 45_000;
    expect(firstAlertBaseline(seen, onsetMs, decisionMs)).toEqual(['queue']);
    expect(downstreamBaseline(seen, defaultTopology, onsetMs, decisionMs)).toEqual(['queue']);
    // What the console lists at the end has lost it.
    expect(firstAlertBaseline(last, onsetMs, decisionMs)).toEqual([]);
  });

  it("keeps each fired episode once, as last seen, and this poll's unfired alerts", () => {
    const log = new AlertLog();
    log.record([highCpu({ state: 'firing', firedAt: onsetMs + 7_000 })]);
    const seen = log.record([
      highCpu({ state: 'resolved', firedAt: onsetMs + 7_000, resolvedAt: onsetMs + 20_000 }),
      alertView({ alertname: 'ServiceSlow', fingerprint: 'worker-slow', state: 'pending', firedAt: null }),
    ]);
    expect(seen.map((alert) => [alert.fingerprint, alert.state])).toEqual([
      ['queue-cpu', 'resolved'],
      ['worker-slow', 'pending'],
    ]);
  });
});
