// @vitest-environment jsdom
// The console's providers and jsdom's missing browser parts first: uPlot reads matchMedia when it loads.
import { recordingBridge, renderInConsole } from './render';
import { act, cleanup, screen, waitFor } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { ProbeCharts } from '../../../src/renderer/src/pages/service/ProbeCharts';
import { InsightsPage } from '../../../src/renderer/src/pages/InsightsPage';
import { AppRoutes } from '../../../src/renderer/src/shell/AppRoutes';
import { setInsights } from '../../../src/renderer/src/stores/insights-store';
import { setServices } from '../../../src/renderer/src/stores/services-store';
import type { AnomalyInsight, InsightsView } from '../../../src/shared/types/insights';
import type { ChartData } from '../../../src/shared/types/monitoring';
import { emptyEngineAnswers } from './answers';
import { installCanvasShim } from './canvas-shim';
import { serviceView } from '../../fixtures/views';

beforeAll(installCanvasShim);

const T = Date.parse('2026-11-22T14:00:00Z');
const STEP = 10_000;
const range = { start: T, end: T + 60 * STEP, live: false };
const ts = Array.from({ length: 60 }, (_, i) => T + i * STEP);
/** Samples 20..29 (14:03:20 to 14:04:50) at the alarm level, the rest quiet; back below at 14:05:00. */
const scores = ts.map((_, i) => (i >= 20 && i < 30 ? 0.995 : 0.2));

function chartOf(values: number[] | null): ChartData {
  const series =
    values === null ? [] : [{ labels: { service: 'api', probe: 'http#0', metric: 'probe_duration_seconds' }, ts, avg: values, min: values, max: values }];
  return { start: range.start, end: range.end, stepMs: STEP, tier: 'raw', series };
}

/** The engine's answers: latency for every service, anomaly scores only for `scored`'s latency. */
function bridgeScoring(scored: string | null) {
  const answers = emptyEngineAnswers({
    'metrics.chart': (input) => {
      const query = (input as { query: string }).query;
      if (!query.startsWith('anomaly_score')) return chartOf(ts.map(() => 0.012));
      const isScored = scored !== null && query.includes(`service=${JSON.stringify(scored)}`) && query.includes('metric="probe_duration_seconds"');
      return chartOf(isScored ? scores : null);
    },
  });
  return recordingBridge(answers);
}

const probe = (service: string) => ({
  id: `${service}/http#0`,
  service,
  kind: 'http' as const,
  target: 'http://127.0.0.1:8080/health',
  role: 'liveness' as const,
  status: 'up' as const,
  reason: null,
  lastCheckAt: T,
  latencyMs: 12,
  since: T,
  nextCheckAt: null,
  everyMs: STEP,
  retryEveryMs: 2_500,
  retries: 1,
  failures: 0,
});

/** An episode of api's latency, as the engine lists it. */
const shiftedAnomaly: AnomalyInsight = {
  kind: 'anomaly',
  id: 'shift',
  series: { metric: 'probe_duration_seconds', labels: { service: 'api', probe: 'http#0' }, selector: 'probe_duration_seconds{service="api",probe="http#0"}' },
  service: 'api',
  startedAt: T + 20 * STEP,
  endedAt: T + 30 * STEP,
  lastAt: T + 30 * STEP,
  peakScore: 0.995,
  value: 0.4,
  typical: 0.012,
  summary: 'latency 400 ms, typically 12 ms',
};

function insightsWith(anomalies: AnomalyInsight[]): InsightsView {
  return { at: T + 40 * STEP, anomalies, incidents: [], forecasts: [], notices: [], advice: [], findings: [], scoredSeries: 1, forecastSeries: 0 };
}

function renderCharts(service: string, scored: string | null) {
  const bridge = bridgeScoring(scored);
  renderInConsole(
    <ProbeCharts
      service={serviceView({ name: service, probes: [probe(service)] as never })}
      range={range}
      markers={[]}
      syncKey="t"
      onZoom={() => {}}
      onReset={() => {}}
    />,
    { bridge },
  );
  return bridge;
}

describe('anomaly shading on a service chart', () => {
  it('shades the stretch where the series’ anomaly score was at the alarm level, and says when', async () => {
    const bridge = renderCharts('api', 'api');
    const latency = screen.getByTestId('chart-latency');
    await waitFor(() => expect(latency.querySelectorAll('[aria-label^="anomalous from"]')).toHaveLength(1));
    const flag = latency.querySelector('[aria-label^="anomalous from"]') as HTMLElement;
    const local = (at: number) => new Date(at).toTimeString().slice(0, 8);
    expect(flag.getAttribute('aria-label')).toMatch(new RegExp(`anomalous from \\S+ ${local(T + 20 * STEP)} to \\S+ ${local(T + 30 * STEP)}`));
    expect(screen.getAllByText('anomalous')).toHaveLength(1);
    // The success chart's series has no scores: no band there.
    expect(screen.getByTestId('chart-success').querySelector('[aria-label^="anomalous from"]')).toBeNull();
    // One request for the scores per chart, over the chart's range.
    const scoreCalls = bridge.calls.filter((call) => call.name === 'metrics.chart' && (call.input as { query: string }).query.startsWith('anomaly_score'));
    expect(scoreCalls.map((call) => call.input)).toEqual([
      expect.objectContaining({ query: 'anomaly_score{service="api",metric="probe_duration_seconds"}', start: range.start, end: range.end }),
      expect.objectContaining({ query: 'anomaly_score{service="api",metric="probe_success"}', start: range.start, end: range.end }),
    ]);
  });

  it('starts the band where the anomaly list says the episode began, before its score reached the alarm', async () => {
    // A run of far samples (or a departure the alarm hold kept down) is dated at its first sample,
    // two samples before its score reached 0.99: the band and the list must say the same.
    const episode = { ...shiftedAnomaly, startedAt: T + 18 * STEP, endedAt: T + 30 * STEP };
    setInsights(insightsWith([episode, { ...episode, id: 'other', series: { ...episode.series, labels: { service: 'db', probe: 'http#0' } }, startedAt: T }]));
    try {
      renderCharts('api', 'api');
      const latency = screen.getByTestId('chart-latency');
      await waitFor(() => expect(latency.querySelectorAll('[aria-label^="anomalous from"]')).toHaveLength(1));
      const flag = latency.querySelector('[aria-label^="anomalous from"]') as HTMLElement;
      const local = (at: number) => new Date(at).toTimeString().slice(0, 8);
      expect(flag.getAttribute('aria-label')).toMatch(new RegExp(`anomalous from \\S+ ${local(T + 18 * STEP)} to \\S+ ${local(T + 30 * STEP)}`));
      expect(screen.getByTestId('chart-success').querySelector('[aria-label^="anomalous from"]')).toBeNull();
    } finally {
      setInsights(insightsWith([]));
    }
  });

  it('draws nothing extra for a series without anomaly scores', async () => {
    const bridge = renderCharts('web', null);
    await waitFor(() => expect(bridge.calls.filter((call) => call.name === 'metrics.chart')).toHaveLength(4));
    // Let the answers land and the charts draw.
    await act(() => Promise.resolve());
    await waitFor(() => expect(screen.getByTestId('chart-latency').querySelector('.zervigo-markers')).not.toBeNull());
    expect(document.querySelector('[aria-label^="anomalous"]')).toBeNull();
    expect(screen.queryByText('anomalous')).toBeNull();
  });
});

describe('from an insight to the chart at that moment', () => {
  const anomaly = shiftedAnomaly;

  it('links the charts to half an hour either side of the anomaly, and the service page opens on that range', async () => {
    setInsights(insightsWith([anomaly]));
    renderInConsole(<InsightsPage />, { bridge: bridgeScoring('api') });
    const from = T + 20 * STEP - 30 * 60_000;
    const to = T + 30 * STEP + 30 * 60_000;
    const link = (await screen.findAllByRole('link', { name: 'charts' }))[0] as HTMLAnchorElement;
    expect(link.getAttribute('href')).toBe(`#/services/api?from=${from}&to=${to}`);
    cleanup();

    setServices([
      serviceView({ name: 'api', probes: [{ id: 'api/http#0', kind: 'http', target: 'http://127.0.0.1:8080/health', everyMs: STEP, role: 'liveness' }] }),
    ]);
    const bridge = bridgeScoring('api');
    renderInConsole(<AppRoutes />, { bridge, path: `/services/api?from=${from}&to=${to}` });
    await waitFor(() =>
      expect(
        bridge.calls.filter(
          (call) => call.name === 'metrics.chart' && (call.input as { query: string }).query === 'anomaly_score{service="api",metric="probe_duration_seconds"}',
        ),
      ).not.toHaveLength(0),
    );
    const latencyCalls = bridge.calls.filter(
      (call) => call.name === 'metrics.chart' && (call.input as { query: string }).query.startsWith('probe_duration_seconds'),
    );
    expect(latencyCalls.map((call) => call.input)).toEqual([expect.objectContaining({ start: from, end: to })]);
  });
});
