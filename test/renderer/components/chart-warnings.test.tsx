// @vitest-environment jsdom
// The console's providers and jsdom's missing browser parts first: uPlot reads matchMedia when it loads.
import { recordingBridge, renderInConsole } from './render';
import { screen, waitFor, within } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { ChartWarnings } from '../../../src/renderer/src/components/charts/ChartWarnings';
import { warningsOf } from '../../../src/renderer/src/format/chart-warnings';
import { ExplorePage } from '../../../src/renderer/src/pages/ExplorePage';
import { ServicePage } from '../../../src/renderer/src/pages/ServicePage';
import { setServices } from '../../../src/renderer/src/stores/services-store';
import { emptyEngineAnswers } from './answers';
import { installCanvasShim } from './canvas-shim';
import { runtime, serviceView } from '../../fixtures/views';

beforeAll(installCanvasShim);

const DOWN = 'remote_read vm: connect ECONNREFUSED 127.0.0.1:8428 (history before 12:00 may be missing)';
const SLOW = 'remote_read prom: no answer within 5 s';

describe('a chart says what its answer lacks (a remote_read store down or slow)', () => {
  it('is a small sign with the text as its label and tooltip, or the text itself; nothing when the answer is whole', () => {
    expect(warningsOf({ warnings: [DOWN] }, { warnings: [DOWN, SLOW] }, {}, null)).toEqual([DOWN, SLOW]);
    const { unmount } = renderInConsole(<ChartWarnings warnings={[DOWN, SLOW]} />);
    const sign = screen.getByTestId('chart-warnings');
    expect(sign.getAttribute('role')).toBe('img');
    expect(sign.getAttribute('aria-label')).toBe(`This chart may be incomplete: ${DOWN}; ${SLOW}`);
    expect(sign.tabIndex).toBe(0);
    unmount();
    renderInConsole(<ChartWarnings warnings={[DOWN]} variant="text" />);
    expect(screen.getByTestId('chart-warnings-text').textContent).toContain(DOWN);
    renderInConsole(
      <>
        <ChartWarnings warnings={[]} />
        <ChartWarnings warnings={undefined} />
      </>,
    );
    expect(screen.queryByTestId('chart-warnings')).toBeNull();
  });

  it("on Explore: the warning's text above the chart and the sign on it", async () => {
    const bridge = recordingBridge((name) => {
      if (name === 'metrics.instant') return { resultType: 'vector', result: [] };
      if (name === 'metrics.query')
        return {
          resultType: 'matrix',
          result: [{ metric: { __name__: 'probe_success', service: 'api' }, values: [[1_700_000_000, '1']] }],
          warnings: [DOWN],
        };
      return undefined;
    });
    renderInConsole(<ExplorePage />, { bridge, path: '/explore?q=probe_success&range=30d' });
    expect((await screen.findByTestId('chart-warnings-text')).textContent).toContain(DOWN);
    expect(screen.getByTestId('chart-warnings').getAttribute('aria-label')).toContain(DOWN);
  });

  it("on a service's page: the sign on the chart whose answer lacks something, and only there", async () => {
    const bridge = recordingBridge(
      emptyEngineAnswers({
        'metrics.chart': (input) => ({
          start: 0,
          end: 0,
          stepMs: 1_000,
          tier: 'raw',
          series: [],
          ...((input as { query: string }).query.startsWith('probe_duration_seconds') ? { warnings: [SLOW] } : {}),
        }),
      }),
    );
    setServices([
      serviceView({
        name: 'api',
        status: 'up',
        probes: [{ id: 'api/http#0', kind: 'http', target: 'http://127.0.0.1:8080/health', everyMs: 10_000, role: 'liveness' }],
        runtime: runtime(),
      }),
    ]);
    renderInConsole(<ServicePage name="api" />, { bridge });
    const latency = (await screen.findByTestId('chart-latency')).closest('[data-chart]') as HTMLElement;
    await waitFor(() => expect(within(latency).getByTestId('chart-warnings').getAttribute('aria-label')).toContain(SLOW));
    const success = screen.getByTestId('chart-success').closest('[data-chart]') as HTMLElement;
    expect(within(success).queryByTestId('chart-warnings')).toBeNull();
  });
});
