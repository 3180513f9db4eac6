// @vitest-environment jsdom
import { recordingBridge, renderInConsole } from './render';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DashboardView } from '../../../src/renderer/src/pages/dashboards/DashboardView';
import { useWorkspaceStore } from '../../../src/renderer/src/stores/workspace-store';
import type { Dashboard } from '../../../src/shared/dashboards/dashboard';
import { ALL_VALUE, valuesAllowedBy } from '../../../src/shared/dashboards/variables';
import type { WorkspaceView } from '../../../src/shared/types/workspace';
import { installCanvasShim } from './canvas-shim';

beforeAll(installCanvasShim);
afterEach(() => useWorkspaceStore.setState({ view: null }));

const dashboard: Dashboard = { title: 'Shop', time: '1h', variables: [{ name: 'service', include_all: false, multi: false }], panels: [] };

function bridgeWithServices() {
  return recordingBridge((name, input) => {
    if (name === 'metrics.series') return { series: [], labelValues: { service: ['api', 'web'] }, truncated: false };
    if (name === 'workspace.edit') return { content: (input as { content: string }).content };
    // The save dialog's preview, as the engine answers one (the test ends at the edit; the dialog still renders).
    if (name === 'workspace.preview') return { issues: [], diff: '@@ -1 +1 @@\n', versionId: 1, confirmEnvironment: null, restartToApply: [] };
    return undefined;
  });
}

describe('Dashboard editor: a variable picker taking several values, and All', () => {
  it('switches $service to several values (the picker follows at once) and to offering All; the save writes multi and include_all', async () => {
    useWorkspaceStore.setState({ view: { content: 'version: 1\n', versionId: 'v1' } as unknown as WorkspaceView });
    const bridge = bridgeWithServices();
    // A new dashboard (not saved yet, no panels) opens in editing.
    renderInConsole(<DashboardView id={null} initial={dashboard} takenIds={[]} />, { bridge });
    await waitFor(() => expect(screen.getByTestId<HTMLInputElement>('variable-service').value).toBe('api'));
    expect(document.querySelector('.mantine-MultiSelect-pill')).toBeNull();

    fireEvent.click(screen.getByTestId('variable-multi-service'));
    // The same pick, now as one of several.
    await waitFor(() => expect(document.querySelector('.mantine-MultiSelect-pill')?.textContent).toBe('api'));

    fireEvent.click(screen.getByTestId('variable-all-service'));
    await waitFor(() => expect(screen.getByTestId<HTMLInputElement>('variable-all-service').checked).toBe(true));

    fireEvent.click(screen.getByTestId('dashboard-save'));
    await waitFor(() => expect(bridge.calls.some((call) => call.name === 'workspace.edit')).toBe(true));
    const edit = bridge.calls.find((call) => call.name === 'workspace.edit')?.input as { edits: { value: { variables: unknown[] } }[] };
    expect(edit.edits[0]?.value.variables).toEqual([{ name: 'service', include_all: true, multi: true }]);
  });

  it('keeps the picks the variables now allow: the first when several are no longer taken, none of "All" once it is not offered', () => {
    const service = { name: 'service', include_all: false, multi: false };
    expect(valuesAllowedBy([service], { service: ['api', 'web'] })).toEqual({ service: 'api' });
    expect(valuesAllowedBy([{ ...service, multi: true }], { service: 'api' })).toEqual({ service: ['api'] });
    // "All" no longer offered: dropped, and an emptied variable is left to its picker to pick afresh.
    expect(valuesAllowedBy([{ ...service, multi: true }], { service: [ALL_VALUE, 'web'] })).toEqual({ service: ['web'] });
    expect(valuesAllowedBy([service], { service: ALL_VALUE })).toEqual({});
    expect(valuesAllowedBy([{ ...service, include_all: true }], { service: ALL_VALUE })).toEqual({ service: ALL_VALUE });
    // A variable removed from the dashboard loses its pick.
    expect(valuesAllowedBy([], { service: 'api' })).toEqual({});
  });
});
