// @vitest-environment jsdom
// The console's providers and jsdom's missing browser parts first: uPlot reads matchMedia when it loads.
import { recordingBridge, renderInConsole } from './render';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StatusBadge } from '../../../src/renderer/src/components/StatusBadge';
import { OperationPanel } from '../../../src/renderer/src/pages/services/OperationPanel';
import { ServicesTable } from '../../../src/renderer/src/pages/services/ServicesTable';
import { ServiceCard } from '../../../src/renderer/src/pages/overview/ServiceCard';
import { ServicePage } from '../../../src/renderer/src/pages/ServicePage';
import { applyFinished, applyProgress, useOperationsStore } from '../../../src/renderer/src/stores/operations-store';
import { setServices } from '../../../src/renderer/src/stores/services-store';
import type { OperationResult } from '../../../src/shared/types/operate';
import { emptyEngineAnswers } from './answers';
import { installCanvasShim } from './canvas-shim';
import { runtime, serviceView } from '../../fixtures/views';

beforeAll(installCanvasShim);
afterEach(() => useOperationsStore.setState({ operations: {}, shown: null }));

const noop = (): void => undefined;

describe('states and messages that are true', () => {
  it('shows a running service without probes as "running", never "up" with "its checks pass"', async () => {
    const service = serviceView({ name: 'worker', status: 'running', runtime: runtime() });
    renderInConsole(<ServiceCard service={service} />);
    const card = screen.getByTestId('service-card-worker');
    expect(within(card).getByText('running')).toBeTruthy();
    expect(within(card).queryByText('up')).toBeNull();
    expect(card.textContent).not.toMatch(/checks pass/i);
    expect(card.textContent).toContain('It has no probes, so nothing checks that it works.');
    expect(card.textContent).toContain('no probes — add one to know if it is up');
  });

  it('says why a service nobody runs or checks is unknown', () => {
    const service = serviceView({
      name: 'legacy',
      status: 'unknown',
      runner: 'none',
      reason: 'no probes, and Zervigo does not run it: nothing tells whether it is up',
    });
    renderInConsole(<ServiceCard service={service} />);
    const card = screen.getByTestId('service-card-legacy');
    expect(card.textContent).toContain('nothing tells whether it is up');
    expect(card.textContent).not.toContain('No check has run yet');
  });

  it('shows a killed process as restarting, in red with the reason, not pending', async () => {
    const service = serviceView({
      name: 'api',
      status: 'restarting',
      reason: 'exited with signal SIGKILL; restarting in 1s (restart 1 of 3 within 10m)',
      runtime: runtime({ phase: 'backoff', pid: null, lastExit: { code: null, signal: 'SIGKILL', at: Date.now() } }),
    });
    renderInConsole(<ServicesTable services={[service]} highlighted={null} busy={new Set()} onAction={noop} onTerminal={noop} onOutput={noop} />);
    const row = screen.getByTestId('service-row-api');
    expect(within(row).getByText('restarting')).toBeTruthy();
    expect(within(row).queryByText('pending')).toBeNull();
    expect(screen.getByTestId('reason-api').textContent).toBe('exited with signal SIGKILL; restarting in 1s (restart 1 of 3 within 10m)');
    // Red, like down: the badge's colour is the critical one.
    expect(within(row).getByText('restarting').closest('.mantine-Badge-root')?.getAttribute('style') ?? '').toMatch(/red/);
    await userEvent.hover(within(row).getByText('restarting'));
    expect(await screen.findByText('Its process ended; Zervigo starts it again after a back-off.')).toBeTruthy();
  });

  it('ticks the uptime every second', async () => {
    const startedAt = Date.now() - 5_000;
    const service = serviceView({ name: 'api', status: 'running', runtime: runtime({ startedAt }) });
    renderInConsole(<ServicesTable services={[service]} highlighted={null} busy={new Set()} onAction={noop} onTerminal={noop} onOutput={noop} />);
    const uptime = screen.getByTestId('uptime-api');
    const first = uptime.textContent;
    await screen.findByText((_content, element) => element === uptime && element.textContent !== first, undefined, { timeout: 2_500 });
  });

  it("reports an operation with the engine's own sentence, not a count of steps", () => {
    const result: OperationResult = {
      id: 'op1',
      action: 'restart',
      targets: ['api'],
      summary: 'Restarted api; db was already running (waited for, not restarted)',
      services: [
        { service: 'api', outcome: 'stopped', message: 'stopped', durationMs: 10, auditId: 1, level: 1 },
        { service: 'db', outcome: 'already_running', message: 'already running (pid 7)', durationMs: 0, auditId: 2, level: 0 },
        { service: 'api', outcome: 'ready', message: 'started (pid 9); ready after 1.0 s', durationMs: 1_000, auditId: 3, level: 1 },
      ],
      ok: true,
      startedAt: Date.now(),
      durationMs: 1_100,
    };
    act(() => {
      applyProgress({ operation: 'op1', action: 'restart', service: 'api', step: 'stopping', message: 'stopping', at: Date.now(), level: 1 });
      applyFinished(result);
    });
    renderInConsole(<OperationPanel />);
    expect(screen.getByTestId('operation-panel-summary').textContent).toBe('Restarted api; db was already running (waited for, not restarted)');
    expect(screen.getByTestId('operation-panel').textContent).not.toMatch(/2 of 2/);
  });

  it('does not claim "6 of 6" when one of them failed after being ready', () => {
    const names = ['db', 'cache', 'api', 'web', 'jobs', 'flaky'];
    const result: OperationResult = {
      id: 'op2',
      action: 'start',
      targets: names,
      summary: 'Started 5 of 6 services; flaky failed: was ready, then exited with code 1; restarting in 2s (restart 1 of 3 within 10m)',
      services: names.map((service, level) => ({
        service,
        outcome: service === 'flaky' ? 'failed' : 'ready',
        message: service === 'flaky' ? 'was ready, then exited with code 1' : 'ready',
        durationMs: 5,
        auditId: level + 1,
        level: 0,
      })),
      ok: false,
      startedAt: Date.now(),
      durationMs: 3_000,
    };
    act(() => {
      // The progress said "ready" before it crashed; the result corrects it.
      for (const service of names) applyProgress({ operation: 'op2', action: 'start', service, step: 'ready', message: 'ready', at: Date.now(), level: 0 });
      applyFinished(result);
    });
    renderInConsole(<OperationPanel />);
    expect(screen.getByTestId('operation-panel-summary').textContent).toMatch(/^Started 5 of 6 services; flaky failed/);
    expect(screen.getByTestId('progress-flaky').getAttribute('data-step')).toBe('failed');
    expect(screen.getByTestId('operation-panel').textContent).not.toContain('6 of 6');
  });

  it('keeps the words of every state on its badge', () => {
    renderInConsole(
      <>
        <StatusBadge status="running" />
        <StatusBadge status="restarting" />
      </>,
    );
    expect(screen.getByText('running')).toBeTruthy();
    expect(screen.getByText('restarting')).toBeTruthy();
  });

  it('shows a service without probes on its page as running, and says nothing checks it', async () => {
    setServices([serviceView({ name: 'worker', status: 'running', runtime: runtime() })]);
    renderInConsole(<ServicePage name="worker" />, { bridge: recordingBridge(emptyEngineAnswers()) });
    const page = await screen.findByTestId('service-page-worker');
    expect(within(page).getAllByText('running').length).toBeGreaterThan(0);
    expect(page.textContent).toContain('has no probes, so nothing checks that it works');
    expect(page.textContent).not.toMatch(/checks pass/i);
  });
});
