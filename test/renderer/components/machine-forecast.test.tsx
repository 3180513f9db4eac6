// @vitest-environment jsdom
// The console's providers and jsdom's missing browser parts first: uPlot reads matchMedia when it loads.
import { recordingBridge, renderInConsole } from './render';
import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MachinePanel } from '../../../src/renderer/src/pages/overview/MachinePanel';
import { setInsights } from '../../../src/renderer/src/stores/insights-store';
import { pushMachineSample } from '../../../src/renderer/src/stores/machine-feed';
import type { ForecastInsight, InsightsView } from '../../../src/shared/types/insights';
import type { ChartData, MachineSample } from '../../../src/shared/types/monitoring';
import { installCanvasShim } from './canvas-shim';

beforeAll(installCanvasShim);
afterEach(() => {
  act(() => {
    pushMachineSample(null);
    setInsights(view([]));
  });
});

const NOW = Date.parse('2026-11-22T14:00:00Z');
const HOUR = 3_600_000;

const sample: MachineSample = {
  at: NOW,
  host: 'box',
  cpuPercent: 12,
  cpuCores: [12, 12],
  load: [0.1, 0.1, 0.1],
  memory: { usedBytes: 6e9, totalBytes: 8e9, percent: 75, swapUsedBytes: 0, swapTotalBytes: 0 },
  disks: [
    { mountpoint: '/', usedPercent: 80, freeBytes: 2e10, totalBytes: 1e11, inodesUsedPercent: 10 },
    { mountpoint: '/data', usedPercent: 40, freeBytes: 6e10, totalBytes: 1e11, inodesUsedPercent: 10 },
  ],
  network: [],
};

function forecast(metric: string, labels: Record<string, string>, secondsUntil: number, interval: [number, number | null]): ForecastInsight {
  const matchers = Object.entries(labels).map(([name, value]) => `${name}="${value}"`);
  const selector = matchers.length === 0 ? metric : `${metric}{${matchers.join(',')}}`;
  return {
    kind: 'forecast',
    id: `forecast-${selector}-95`,
    series: { metric, labels, selector },
    service: null,
    threshold: 95,
    direction: 'up',
    status: 'fills',
    secondsUntil,
    interval,
    level: 80,
    at: NOW,
    summary: `${selector} fills in some hours`,
  };
}

function view(forecasts: ForecastInsight[]): InsightsView {
  return { at: NOW, anomalies: [], incidents: [], forecasts, notices: [], advice: [], findings: [], scoredSeries: 0, forecastSeries: forecasts.length };
}

const history = (query: string): ChartData => ({
  start: NOW - HOUR,
  end: NOW,
  stepMs: 60_000,
  tier: '1m',
  series: [{ labels: {}, ts: [NOW - 2 * 60_000, NOW - 60_000], avg: [79, 80], min: [79, 80], max: [79, 80] }].filter(() => query !== ''),
});

describe('forecast bands on the machine panel', () => {
  it('draws the forecast band under the disk that fills and under memory, with when it reaches the threshold; not under a disk without a forecast', async () => {
    const bridge = recordingBridge((name, input) => (name === 'metrics.chart' ? history((input as { query: string }).query) : undefined));
    act(() => {
      pushMachineSample(sample);
      setInsights(
        view([
          forecast('system_disk_used_percent', { mountpoint: '/' }, 6 * 3600, [4 * 3600, 9 * 3600]),
          forecast('system_memory_usage_percent', {}, 30 * 3600, [20 * 3600, null]),
        ]),
      );
    });
    renderInConsole(<MachinePanel />, { bridge });
    const shown = await screen.findAllByTestId('machine-forecast');
    expect(shown.map((one) => one.getAttribute('data-metric')).sort()).toEqual(['system_disk_used_percent', 'system_memory_usage_percent']);
    const disk = shown.find((one) => one.getAttribute('data-metric') === 'system_disk_used_percent') as HTMLElement;
    expect(disk.textContent).toContain('95 % in 6 h (4 h–9 h)');
    expect(within(disk).getByTestId('machine-forecast-chart')).toBeTruthy();
    const memory = shown.find((one) => one.getAttribute('data-metric') === 'system_memory_usage_percent') as HTMLElement;
    expect(memory.textContent).toContain('95 % in 1 d 6 h (20 h–never)');
    // The charts read each gauge's history up to the forecast's moment, then draw the band ahead of it.
    await waitFor(() =>
      expect(
        bridge.calls
          .filter((call) => call.name === 'metrics.chart')
          .map((call) => call.input as { query: string; end: number })
          .filter((input) => input.end === NOW)
          .map((input) => input.query)
          .sort(),
      ).toEqual(['system_disk_used_percent{mountpoint="/"}', 'system_memory_usage_percent']),
    );
  });

  it('shows nothing more when analysis forecasts nothing for the machine', async () => {
    act(() => {
      pushMachineSample(sample);
      setInsights(view([]));
    });
    renderInConsole(<MachinePanel />);
    await screen.findByTestId('machine-panel');
    expect(screen.queryAllByTestId('machine-forecast')).toEqual([]);
  });
});
