// @vitest-environment jsdom
// The console's providers and jsdom's missing browser parts first: uPlot reads matchMedia when it loads.
import { recordingBridge, renderInConsole } from './render';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { InsightsPage } from '../../../src/renderer/src/pages/InsightsPage';
import { setInsights } from '../../../src/renderer/src/stores/insights-store';
import type { FindingInsight } from '../../../src/shared/types/insights';
import { emptyEngineAnswers } from './answers';
import { installCanvasShim } from './canvas-shim';

beforeAll(installCanvasShim);

const T = Date.parse('2026-11-22T14:00:00Z');

const finding: FindingInsight = {
  kind: 'finding',
  id: 'finding:api-slo:service=api',
  analyser: 'api-slo',
  analyserKind: 'slo-burn-rate',
  plugin: 'slo-burn-rate',
  severity: 'critical',
  service: 'api',
  target: 'api (SLO 99.9%)',
  summary: 'api burns its 99.9% error budget 28× faster than sustainable',
  evidence: ['probe_success{service="api"}'],
  startedAt: T,
  lastAt: T + 60_000,
  endedAt: null,
};

describe('findings of analyser plugins on the Insights page', () => {
  it('shows each under All with its severity, target, sentence, analyser and evidence chart; a kind filter hides them', async () => {
    setInsights({
      at: T + 60_000,
      anomalies: [],
      incidents: [],
      forecasts: [],
      notices: [],
      advice: [],
      findings: [finding],
      scoredSeries: 0,
      forecastSeries: 0,
    });
    const bridge = recordingBridge(emptyEngineAnswers({}));
    renderInConsole(<InsightsPage />, { bridge });
    const card = await screen.findByTestId('finding-card');
    expect(within(card).getByText('critical')).toBeTruthy();
    expect(within(card).getByText('api (SLO 99.9%)')).toBeTruthy();
    expect(within(card).getByText(finding.summary)).toBeTruthy();
    expect(within(card).getByText('analyser api-slo (slo-burn-rate, plugin slo-burn-rate)')).toBeTruthy();
    await waitFor(() =>
      expect(bridge.calls.some((call) => call.name === 'metrics.chart' && (call.input as { query: string }).query === 'probe_success{service="api"}')).toBe(
        true,
      ),
    );
    expect(screen.getByText('Findings of analysers (1)')).toBeTruthy();
    // The selector is printed once, above its chart; the chart's legend names the metric.
    expect(within(card).getAllByText('probe_success{service="api"}')).toHaveLength(1);
    expect(card.querySelector('.u-legend')?.textContent).toContain('probe_success');
    await userEvent.click(screen.getByText('Anomalies'));
    expect(screen.getByText('Anomalies (0)')).toBeTruthy();
    expect(screen.queryByText('Findings of analysers (1)')).toBeNull();
  });
});
