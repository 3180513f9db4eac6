// @vitest-environment jsdom
// The console's providers and jsdom's missing browser parts first: uPlot reads matchMedia when it loads.
import { recordingBridge, renderInConsole } from './render';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ServicesTable } from '../../../src/renderer/src/pages/services/ServicesTable';
import { ServicePage } from '../../../src/renderer/src/pages/ServicePage';
import { useMeStore } from '../../../src/renderer/src/stores/me-store';
import { setServices } from '../../../src/renderer/src/stores/services-store';
import { useWorkspaceStore } from '../../../src/renderer/src/stores/workspace-store';
import type { OperationResult, ReplicaRuntime } from '../../../src/shared/types/operate';
import type { WorkspaceView } from '../../../src/shared/types/workspace';
import { emptyEngineAnswers } from './answers';
import { installCanvasShim } from './canvas-shim';
import { runtime, serviceView } from '../../fixtures/views';

beforeAll(installCanvasShim);
afterEach(() => {
  useMeStore.setState({ me: null });
  useWorkspaceStore.setState({ view: null });
});

const noop = (): void => undefined;

const replica = (n: number, overrides: Partial<ReplicaRuntime> = {}): ReplicaRuntime => ({
  replica: n,
  port: 8079 + n,
  phase: 'running',
  status: 'up',
  reason: null,
  pid: 5000 + n,
  restarts: 0,
  ...overrides,
});

const web = serviceView({
  name: 'web',
  status: 'up',
  reason: '2/3 up; web#2 restarting now',
  runtime: runtime({
    replicas: [
      replica(1),
      replica(2, { phase: 'backoff', status: 'restarting', pid: null, restarts: 2, reason: 'exited with code 1; restarting in 1s' }),
      replica(3, { restarts: 1 }),
    ],
  }),
});

const restarted: OperationResult = {
  id: 'op1',
  action: 'restart',
  targets: ['web#2'],
  summary: 'Restarted web#2',
  services: [],
  ok: true,
  startedAt: Date.now(),
  durationMs: 800,
};

function renderTable(bridge = recordingBridge(emptyEngineAnswers({ 'services.restartReplica': () => restarted }))) {
  renderInConsole(<ServicesTable services={[web]} highlighted={null} busy={new Set()} onAction={noop} onTerminal={noop} onOutput={noop} />, { bridge });
  return bridge;
}

/** As the engine gives a replicated service: no pid of its own, its replicas' figures summed, the oldest start, which replica exited. */
const summed = serviceView({
  name: 'web',
  status: 'up',
  reason: '2/3 up; web#2 restarting now',
  runtime: runtime({
    pid: null,
    startedAt: Date.now() - 3_600_000,
    cpuPercent: 3.5,
    memoryBytes: 96 * 1024 * 1024,
    replicasUp: 2,
    lastExit: { code: null, signal: 'SIGKILL', at: Date.now() - 30_000, replica: 'web#2' },
    replicas: web.runtime?.replicas,
  }),
});

describe('replicas of a replicated service', () => {
  it("its own row reads its replicas' figures: how many are up, the oldest uptime, CPU and memory together", () => {
    renderInConsole(<ServicesTable services={[summed]} highlighted={null} busy={new Set()} onAction={noop} onTerminal={noop} onOutput={noop} />);
    const row = screen.getByTestId('service-row-web');
    expect(screen.getByTestId('pid-web').textContent).toBe('2/3 up');
    expect(screen.getByTestId('uptime-web').textContent).toBe('1 h');
    expect(row.textContent).toContain('3.5 %');
    expect(row.textContent).toContain('96 MB');
  });

  it('its page shows the replicas up, the summed figures, and which replica last exited', async () => {
    setServices([summed]);
    renderInConsole(<ServicePage name="web" />, { bridge: recordingBridge(emptyEngineAnswers({})) });
    expect((await screen.findByTestId('vital-pid')).textContent).toBe('2/3 up');
    expect(screen.getByTestId('vital-memory').textContent).toContain('96 MB');
    expect(screen.getByTestId('vital-exit').textContent).toContain('web#2: SIGKILL');
  });

  it('shows one row per replica when its row is expanded, from the keyboard, with state, pid, port, restarts and why', async () => {
    renderTable();
    const toggle = screen.getByTestId('replicas-toggle-web');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByTestId('replicas-web')).toBeNull();
    toggle.focus();
    await userEvent.keyboard('{Enter}');
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const list = screen.getByTestId('replicas-web');
    expect(toggle.getAttribute('aria-controls')).toBe(list.id);
    expect(within(list).getAllByRole('listitem')).toHaveLength(3);
    const second = screen.getByTestId('replica-web#2');
    expect(within(second).getByText('web#2')).toBeTruthy();
    expect(within(second).getByText('restarting')).toBeTruthy();
    expect(second.textContent).toContain('no process · port 8081 · 2 restarts');
    expect(second.textContent).toContain('exited with code 1; restarting in 1s');
    const first = screen.getByTestId('replica-web#1');
    expect(within(first).getByText('up')).toBeTruthy();
    expect(first.textContent).toContain('pid 5001 · port 8080 · 0 restarts');
    await userEvent.click(toggle);
    expect(screen.queryByTestId('replicas-web')).toBeNull();
  });

  it('has no toggle for a service that is not replicated', () => {
    renderInConsole(
      <ServicesTable
        services={[serviceView({ name: 'api', status: 'up', runtime: runtime() })]}
        highlighted={null}
        busy={new Set()}
        onAction={noop}
        onTerminal={noop}
        onOutput={noop}
      />,
    );
    expect(screen.queryByTestId('replicas-toggle-api')).toBeNull();
  });

  it('restarts that replica alone with services.restartReplica', async () => {
    const bridge = renderTable();
    await userEvent.click(screen.getByTestId('replicas-toggle-web'));
    await userEvent.click(screen.getByTestId('restart-replica-web#2'));
    await waitFor(() =>
      expect(bridge.calls.find((call) => call.name === 'services.restartReplica')?.input).toEqual({ service: 'web', replica: 2, confirm: false }),
    );
    expect(bridge.calls.filter((call) => call.name === 'services.restart')).toHaveLength(0);
  });

  it('asks first in a confirm_destructive environment, then sends confirm', async () => {
    useWorkspaceStore.setState({
      view: { environment: 'prod', environments: [{ name: 'prod', confirmDestructive: true, vars: {} }] } as unknown as WorkspaceView,
    });
    const bridge = renderTable();
    await userEvent.click(screen.getByTestId('replicas-toggle-web'));
    await userEvent.click(screen.getByTestId('restart-replica-web#3'));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('Restart web#3 in prod?');
    expect(bridge.calls.some((call) => call.name === 'services.restartReplica')).toBe(false);
    await userEvent.click(within(dialog).getByTestId('confirm-action'));
    await waitFor(() =>
      expect(bridge.calls.find((call) => call.name === 'services.restartReplica')?.input).toEqual({ service: 'web', replica: 3, confirm: true }),
    );
  });

  it('a viewer sees Restart disabled with why, and clicking it calls nothing', async () => {
    useMeStore.setState({
      me: { name: 'vi', role: 'viewer', denied: { 'services.restartReplica': 'operate', 'services.restart': 'operate' }, token: null } as never,
    });
    const bridge = renderTable();
    await userEvent.click(screen.getByTestId('replicas-toggle-web'));
    const button = screen.getByTestId('restart-replica-web#1');
    expect(button.getAttribute('data-denied')).toBe('needs operator');
    expect(button.getAttribute('aria-disabled')).toBe('true');
    await userEvent.click(button);
    expect(bridge.calls.some((call) => call.name === 'services.restartReplica')).toBe(false);
  });

  it('lists the replicas on the service page, each with its own Restart', async () => {
    setServices([web]);
    const bridge = recordingBridge(emptyEngineAnswers({ 'services.restartReplica': () => restarted }));
    renderInConsole(<ServicePage name="web" />, { bridge });
    const section = await screen.findByTestId('service-replicas');
    expect(within(section).getAllByRole('listitem')).toHaveLength(3);
    expect(screen.getByTestId('replica-web#2').textContent).toContain('exited with code 1; restarting in 1s');
    await userEvent.click(screen.getByTestId('restart-replica-web#1'));
    await waitFor(() =>
      expect(bridge.calls.find((call) => call.name === 'services.restartReplica')?.input).toEqual({ service: 'web', replica: 1, confirm: false }),
    );
  });
});
