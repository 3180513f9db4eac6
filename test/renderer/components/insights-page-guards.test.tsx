// @vitest-environment jsdom
import { recordingBridge, renderInConsole } from './render';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { InsightsPage } from '../../../src/renderer/src/pages/InsightsPage';
import { setInsights } from '../../../src/renderer/src/stores/insights-store';
import { setWorkspaceView } from '../../../src/renderer/src/stores/workspace-store';
import type { AdviceInsight } from '../../../src/shared/types/insights';
import type { WorkspaceView } from '../../../src/shared/types/workspace';
import { emptyEngineAnswers } from './answers';
import { installCanvasShim } from './canvas-shim';

beforeAll(installCanvasShim);

const T = Date.parse('2026-11-22T14:00:00Z');

const advice: AdviceInsight = {
  kind: 'advice',
  id: 'probe-timeout:api/http#0',
  advice: 'probe-timeout',
  service: 'api',
  at: T,
  title: 'api/http#0 runs close to its timeout',
  summary: 'p90 81 % of its 250ms timeout',
  facts: [],
  charts: [],
  from: T - 3_600_000,
  to: T,
  apply: { change: 'timeout: 250ms → 1s', edits: [] },
};

describe('Apply on advice while the workspace file holds an edit that did not load', () => {
  it('is disabled, saying why (saving would throw the edit away); enabled when the file is the running version', async () => {
    const workspace = { content: 'version: 1\n', builtIn: false, versionId: 2, error: null } as WorkspaceView;
    setInsights({ at: T, anomalies: [], incidents: [], forecasts: [], notices: [], advice: [advice], findings: [], scoredSeries: 0, forecastSeries: 0 });
    setWorkspaceView(workspace);
    const bridge = recordingBridge(emptyEngineAnswers({}));
    const { unmount } = renderInConsole(<InsightsPage />, { bridge });
    const enabled = await screen.findByRole('button', { name: 'Apply…' });
    expect(enabled.hasAttribute('disabled')).toBe(false);
    unmount();

    const issue = { file: 'zervigo.yaml', line: 3, col: 1, path: '', message: 'bad YAML' };
    setWorkspaceView({ ...workspace, error: { at: T, file: 'zervigo.yaml', issues: [issue] } });
    renderInConsole(<InsightsPage />, { bridge });
    const disabled = await screen.findByRole('button', { name: 'Apply…' });
    await waitFor(() => expect(disabled.hasAttribute('disabled')).toBe(true));
  });
});

describe('an empty section while text is in the filter', () => {
  it('says nothing matches the text, not that there is nothing to suggest', async () => {
    setInsights({ at: T, anomalies: [], incidents: [], forecasts: [], notices: [], advice: [advice], findings: [], scoredSeries: 0, forecastSeries: 0 });
    setWorkspaceView({ content: 'version: 1\n', builtIn: false, versionId: 2, error: null } as WorkspaceView);
    renderInConsole(<InsightsPage />, { bridge: recordingBridge(emptyEngineAnswers({})) });
    await screen.findByText(advice.title);
    await userEvent.type(screen.getByPlaceholderText('Filter series'), 'zzzz');
    await waitFor(() => expect(screen.queryByText(advice.title)).toBeNull());
    expect(screen.queryByText(/Nothing to suggest/)).toBeNull();
    expect(screen.getAllByText('None match “zzzz”.')).toHaveLength(3);
  });
});
