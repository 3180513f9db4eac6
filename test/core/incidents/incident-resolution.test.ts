import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IncidentsModule, SUSTAINED_MS } from '../../../src/core/incidents/incidents-module';
import { silentLogger } from '../../../src/core/logger';
import { openDatabase } from '../../../src/core/store/database';
import { SeriesStore } from '../../../src/core/store/series-store';
import type { AlertView } from '../../../src/shared/types/alerts';
import type { AnomalyInsight } from '../../../src/shared/types/insights';
import { alertView, serviceView } from '../../fixtures/views';
import { FakeClock } from '../../helpers/fake-clock';
import { tempDir } from '../../helpers/temp-dir';

/**
 * When an incident resolves, on a real SQLite store and an injected clock: once its alert has
 * resolved, a restarted process settling raises brief anomaly episodes one after another; they are
 * kept as evidence, but only a symptom that holds keeps the incident open.
 */
const QUIET = 2 * 60_000;

/** The alert of the incident: ApiSlow on api, fired at `firedAt`. */
function alertOf(state: 'firing' | 'resolved', firedAt: number, resolvedAt: number | null): AlertView {
  return alertView({
    alertname: 'ApiSlow',
    fingerprint: 'fp-api',
    ruleId: 'g/ApiSlow',
    labels: { service: 'api' },
    state,
    value: 1,
    activeAt: firedAt,
    firedAt,
    resolvedAt,
  });
}

function anomalyOf(metric: string, startedAt: number, endedAt: number | null): AnomalyInsight {
  const selector = `${metric}{service="api"}`;
  return {
    kind: 'anomaly',
    id: `${selector}@${startedAt}`,
    series: { metric, labels: { service: 'api' }, selector },
    service: 'api',
    startedAt,
    endedAt,
    lastAt: endedAt ?? startedAt,
    peakScore: 0.995,
    value: 2,
    typical: 1,
    summary: `${metric} unusual`,
  };
}

function setup(): { clock: FakeClock; module: IncidentsModule; state: { alerts: AlertView[]; anomalies: AnomalyInsight[] } } {
  const db = openDatabase(path.join(tempDir(), 'zervigo.db'));
  const clock = new FakeClock();
  const state = { alerts: [] as AlertView[], anomalies: [] as AnomalyInsight[] };
  const module = new IncidentsModule({
    db,
    series: new SeriesStore(db, () => clock.now()),
    clock,
    logger: silentLogger,
    services: () => [serviceView({ name: 'api', status: 'running' })],
    alerts: () => state.alerts,
    anomalies: () => state.anomalies,
    logLines: () => Promise.resolve([]),
    quietMs: () => QUIET,
  });
  return { clock, module, state };
}

/** Observes every 5 s for `ms`, with `at(t)` setting what is wrong at each moment. */
function run(setupResult: ReturnType<typeof setup>, ms: number, at: (t: number) => void): void {
  const { clock, module } = setupResult;
  for (let elapsed = 0; elapsed < ms; elapsed += 5_000) {
    at(clock.now());
    module.observe();
    clock.advance(5_000);
  }
}

describe('incident resolution', () => {
  it('resolves once its alert has been quiet for the window, whatever brief anomalies a restart raises after it', () => {
    const s = setup();
    const start = s.clock.now();
    s.state.alerts = [alertOf('firing', start, null)];
    s.module.observe();
    const resolvedAt = start + 60_000;
    const metrics = ['process_cpu_usage_percent', 'process_memory_rss_bytes', 'probe_duration_seconds'];
    // After the alert resolves: a 10 s anomaly every 40 s, on one series after another, for 6 minutes.
    run(s, 7 * 60_000, (t) => {
      if (t >= resolvedAt) s.state.alerts = [alertOf('resolved', start, resolvedAt)];
      const since = t - resolvedAt;
      if (since < 0 || since > 6 * 60_000) {
        s.state.anomalies = [];
        return;
      }
      const episode = Math.floor(since / 40_000);
      const began = resolvedAt + episode * 40_000;
      s.state.anomalies = since % 40_000 < 10_000 ? [anomalyOf(metrics[episode % 3] as string, began, null)] : [];
    });
    const incidents = s.module.store.list(5);
    // Blips after it resolved open nothing of their own.
    expect(incidents.map((entry) => entry.id)).toHaveLength(1);
    const [incident] = incidents;
    expect(incident?.anomalies.length, 'the brief anomalies while it was open are kept as evidence').toBeGreaterThan(1);
    expect(incident?.resolvedAt, `still open: ${JSON.stringify(incident)}`).not.toBeNull();
    // Resolved as of the alert's end: the jitter after it did not count as the incident still being wrong.
    expect(incident?.resolvedAt).toBeLessThanOrEqual(resolvedAt + 5_000);
  });

  it(`stays open while an anomaly holds for ${SUSTAINED_MS / 1000} s or more`, () => {
    const s = setup();
    const start = s.clock.now();
    s.state.alerts = [alertOf('firing', start, null)];
    s.module.observe();
    const resolvedAt = start + 60_000;
    // A latency anomaly that begins as the alert ends and lasts 4 minutes: the incident is not over.
    run(s, 4 * 60_000, (t) => {
      if (t >= resolvedAt) s.state.alerts = [alertOf('resolved', start, resolvedAt)];
      s.state.anomalies = t >= resolvedAt ? [anomalyOf('probe_duration_seconds', resolvedAt, null)] : [];
    });
    const [incident] = s.module.store.list(5);
    expect(incident?.resolvedAt, `resolved while its anomaly held: ${JSON.stringify(incident)}`).toBeNull();
  });
});
