// @vitest-environment jsdom
// The console's providers and jsdom's missing browser parts first: uPlot reads matchMedia when it loads.
import { recordingBridge, renderInConsole } from './render';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HeartbeatBar } from '../../../src/renderer/src/components/HeartbeatBar';
import { buildTimeline } from '../../../src/renderer/src/format/service-timeline';
import { ConfirmServiceAction } from '../../../src/renderer/src/pages/services/ConfirmServiceAction';
import { ServiceTimeline } from '../../../src/renderer/src/pages/service/ServiceTimeline';
import { ServicePage } from '../../../src/renderer/src/pages/ServicePage';
import { appendBeats, loadHeartbeats, useHeartbeatsStore } from '../../../src/renderer/src/stores/heartbeats-store';
import { applyProbeChanges, setProbes } from '../../../src/renderer/src/stores/probes-store';
import { setServices } from '../../../src/renderer/src/stores/services-store';
import { setWorkspaceView } from '../../../src/renderer/src/stores/workspace-store';
import type { ProbeState, ProbeTransition } from '../../../src/shared/types/monitoring';
import type { AuditEntry, OperationResult } from '../../../src/shared/types/operate';
import type { WorkspaceView } from '../../../src/shared/types/workspace';
import { emptyEngineAnswers } from './answers';
import { installCanvasShim } from './canvas-shim';
import { runtime, serviceView } from '../../fixtures/views';

beforeAll(installCanvasShim);
beforeEach(() => useHeartbeatsStore.setState({ byService: {}, loaded: false }));

const T = Date.parse('2026-11-22T14:00:00Z');
const probe = 'api/http#0';
const change = (offsetMs: number, status: ProbeTransition['status'], reason: string | null = null): ProbeTransition => ({
  probeId: probe,
  at: T + offsetMs,
  status,
  reason,
});
const audit = (id: number, offsetMs: number, entry: Partial<AuditEntry>): AuditEntry => ({
  id,
  at: T + offsetMs,
  actor: 'browser',
  action: 'start',
  target: 'api',
  outcome: 'ok',
  message: null,
  durationMs: 500,
  operation: null,
  details: null,
  ...entry,
});

function workspace(confirmDestructive: boolean): WorkspaceView {
  return {
    name: 'shop',
    path: '/shop/zervigo.yaml',
    builtIn: false,
    environment: 'prod',
    environments: [{ name: 'prod', confirmDestructive, vars: {} }],
    content: '',
    versionId: 1,
    loadedAt: T,
    counts: { services: 1, probes: 1, rules: 0, routes: 0, channels: 0 },
    error: null,
  };
}

function probeState(overrides: Partial<ProbeState>): ProbeState {
  return {
    id: probe,
    service: 'api',
    kind: 'http',
    target: 'http://127.0.0.1:8080/health',
    role: 'liveness',
    status: 'up',
    reason: null,
    lastCheckAt: T,
    latencyMs: 12,
    since: T,
    nextCheckAt: null,
    everyMs: 10_000,
    retryEveryMs: 2_500,
    retries: 1,
    failures: 0,
    ...overrides,
  };
}

describe('the service page', () => {
  it('folds one restart into one entry (not paused → unknown → pending → up), and makes an outage stand out', () => {
    const transitions = [
      change(0, 'up'),
      // An outage nobody caused: failing, then down, then back.
      change(60_000, 'pending', 'connection refused by 127.0.0.1:8080 (is it listening?)'),
      change(62_500, 'down', 'connection refused by 127.0.0.1:8080 (is it listening?)'),
      change(180_000, 'up'),
      // Killed: the supervisor pauses the probe, restarts after the back-off; the probe comes back.
      change(300_000, 'paused', 'the service is not running; checked again as soon as it starts'),
      change(301_000, 'unknown'),
      change(301_050, 'pending', 'connection refused by 127.0.0.1:8080 (is it listening?)'),
      change(301_400, 'up'),
    ];
    const entries = buildTimeline({
      probes: [probe],
      transitions,
      audit: [audit(7, 301_000, { actor: 'supervisor', action: 'restart', message: 'exited with signal SIGKILL → started (pid 4243)', durationMs: 400 })],
    });
    renderInConsole(<ServiceTimeline entries={entries} />);
    const rows = screen.getAllByTestId('timeline-entry');
    expect(rows.map((row) => row.getAttribute('data-kind'))).toEqual(['restart', 'outage']);
    expect(rows[0]?.textContent).toContain('Restarted automatically');
    expect(rows[0]?.textContent).toContain('exited with signal SIGKILL — down 1.4 s');
    expect(rows[1]?.textContent).toContain('Down for 2 min');
    expect(rows[1]?.textContent).toContain('connection refused by 127.0.0.1:8080 (is it listening?)');
  });

  it('tells a manual restart (a stop and a start of one operation) as one entry, and a stop as lasting until the next start', () => {
    const entries = buildTimeline({
      probes: [probe],
      transitions: [
        change(0, 'up'),
        change(10_000, 'paused', 'the service is not running; checked again as soon as it starts'),
        change(11_000, 'unknown'),
        change(11_900, 'up'),
        change(600_000, 'paused', 'the service is not running; checked again as soon as it starts'),
        change(900_000, 'unknown'),
        change(901_000, 'up'),
      ],
      audit: [
        audit(1, 10_000, { action: 'stop', operation: 'op-r', durationMs: 900 }),
        audit(2, 10_950, { action: 'start', operation: 'op-r', durationMs: 900 }),
        audit(3, 600_000, { action: 'stop', operation: 'op-s', durationMs: 50 }),
        audit(4, 900_000, { action: 'start', operation: 'op-t', actor: 'api', durationMs: 1_000 }),
      ],
    });
    expect(entries.map((entry) => `${entry.kind}: ${entry.title}${entry.detail === null ? '' : ` (${entry.detail})`}`)).toEqual([
      'start: Started by an API client (up after 1 s)',
      'stop: Stopped by the web console (stopped for 5 min)',
      'restart: Restarted by the web console (back up after 1.9 s)',
    ]);
  });

  it('draws the last checks as ticks, oldest first, and says what each was on hover', async () => {
    act(() =>
      appendBeats([
        { service: 'api', beat: { at: T, probe, status: 'up', latencyMs: 12, reason: null } },
        { service: 'api', beat: { at: T + 10_000, probe, status: 'pending', latencyMs: 2_000, reason: 'no answer within 2 s (timeout)' } },
        { service: 'api', beat: { at: T + 12_500, probe, status: 'down', latencyMs: 2_000, reason: 'no answer within 2 s (timeout)' } },
      ]),
    );
    renderInConsole(<HeartbeatBar service="api" count={5} />);
    const bar = screen.getByTestId('heartbeat-api');
    const ticks = [...bar.querySelectorAll('[data-status]')].map((tick) => tick.getAttribute('data-status'));
    expect(ticks).toEqual(['none', 'none', 'up', 'pending', 'down']);
    expect(bar.getAttribute('aria-label')).toBe('api: last 3 checks: 1 passed, 2 failed; the latest failed (down)');
    await userEvent.hover(bar.querySelectorAll('[data-status="pending"]')[0] as Element);
    expect(await screen.findByText('no answer within 2 s (timeout)')).toBeTruthy();
    expect(screen.getByText('failed (retrying) · 2.00 s')).toBeTruthy();
  });

  it('adds a tick for each new check as the probe reports it, with no request', async () => {
    const bridge = recordingBridge(emptyEngineAnswers());
    setProbes([probeState({ lastCheckAt: T })]);
    renderInConsole(<HeartbeatBar service="api" count={10} />, { bridge });
    await act(() => loadHeartbeats(bridge));
    act(() => applyProbeChanges([probeState({ lastCheckAt: T + 10_000, status: 'pending', reason: 'status 503 (expected 2xx)', latencyMs: 5 })]));
    act(() => applyProbeChanges([probeState({ lastCheckAt: T + 12_500, status: 'down', reason: 'status 503 (expected 2xx)', latencyMs: 5 })]));
    // A change that is not a check (paused) adds nothing.
    act(() => applyProbeChanges([probeState({ lastCheckAt: T + 12_500, status: 'paused', reason: 'paused by an operator' })]));
    const ticks = [...screen.getByTestId('heartbeat-api').querySelectorAll('[data-status]')]
      .map((tick) => tick.getAttribute('data-status'))
      .filter((status) => status !== 'none');
    expect(ticks).toEqual(['pending', 'down']);
    expect(bridge.calls.filter((call) => call.name === 'monitoring.heartbeats')).toHaveLength(1);
  });

  it('starts the focus of a confirmation on Cancel', async () => {
    renderInConsole(
      <ConfirmServiceAction pending={{ action: 'restart', services: ['api'], environment: 'prod' }} onConfirm={() => undefined} onCancel={() => undefined} />,
    );
    const cancel = await screen.findByTestId('confirm-cancel');
    await waitFor(() => expect(document.activeElement).toBe(cancel));
    expect(screen.getByRole('dialog').textContent).toContain('prod');
  });

  it('says once what a waiting service waits for, with a link to it', async () => {
    setWorkspaceView(workspace(false));
    setServices([
      serviceView({
        name: 'api',
        status: 'waiting',
        reason: 'waiting for db: db is down (tcp#0: connection refused)',
        waitingFor: ['db'],
        dependsOn: ['db'],
        probes: [{ id: probe, kind: 'http', target: 'http://127.0.0.1:8080/health', everyMs: 10_000, role: 'liveness' }],
        runtime: runtime(),
      }),
    ]);
    renderInConsole(<ServicePage name="api" />);
    const waiting = await screen.findAllByTestId('service-waiting-for');
    expect(waiting).toHaveLength(1);
    expect(
      within(waiting[0] as HTMLElement)
        .getByRole('link', { name: 'db' })
        .getAttribute('href'),
    ).toBe('#/services/db');
  });

  it('restarts from the page with the confirmation a confirm_destructive environment asks for, and says what was restarted', async () => {
    const restarted: OperationResult = {
      id: 'op9',
      action: 'restart',
      targets: ['api'],
      summary: 'Restarted api; db was already running (waited for, not restarted)',
      services: [],
      ok: true,
      startedAt: T,
      durationMs: 1_200,
    };
    const bridge = recordingBridge(emptyEngineAnswers({ 'services.restart': () => restarted }));
    setWorkspaceView(workspace(true));
    setServices([
      serviceView({
        name: 'api',
        status: 'up',
        dependsOn: ['db'],
        probes: [{ id: probe, kind: 'http', target: 'http://127.0.0.1:8080/health', everyMs: 10_000, role: 'liveness' }],
        runtime: runtime(),
      }),
    ]);
    renderInConsole(<ServicePage name="api" />, { bridge });
    const { Notifications } = await import('@mantine/notifications');
    renderInConsole(<Notifications />);
    await userEvent.click(await screen.findByTestId('service-restart'));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('Restart in prod?');
    expect(within(dialog).getByText('api')).toBeTruthy();
    expect(bridge.calls.some((call) => call.name === 'services.restart')).toBe(false);
    await userEvent.click(within(dialog).getByTestId('confirm-action'));
    await waitFor(() => expect(bridge.calls.find((call) => call.name === 'services.restart')?.input).toEqual({ services: ['api'], confirm: true }));
    expect((await screen.findByTestId('operation-summary')).textContent).toContain('Restarted api; db was already running (waited for, not restarted)');
  });
});
