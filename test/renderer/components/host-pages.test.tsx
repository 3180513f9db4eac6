// @vitest-environment jsdom
// The console's providers and jsdom's missing browser parts first: uPlot reads matchMedia when it loads.
import { recordingBridge, renderInConsole } from './render';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Route } from 'wouter';
import { FleetPage } from '../../../src/renderer/src/pages/FleetPage';
import { HostPages } from '../../../src/renderer/src/pages/HostPages';
import { feedHost, hostShown } from '../../../src/renderer/src/stores/host-feeds';
import { useMeStore } from '../../../src/renderer/src/stores/me-store';
import { useServicesStore } from '../../../src/renderer/src/stores/services-store';
import type { CommandName } from '../../../src/shared/contract';
import { LOCAL_HOST } from '../../../src/shared/fleet-hosts';
import type { ServiceView } from '../../../src/shared/types/service';
import { emptyEngineAnswers } from './answers';
import { installCanvasShim } from './canvas-shim';
import { agentView, serviceView } from '../../fixtures/views';

beforeAll(installCanvasShim);
afterEach(() => {
  useMeStore.setState({ me: null });
});

/**
 * A console with the agents alpha (up) and beta (down): its own commands answer from `local`, an
 * agent's (agents.call) from `onAgent`; `emit` delivers the console's events (agents.event).
 */
function consoleBridge(onAgent: (agent: string, command: CommandName, input: unknown) => unknown) {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const local = emptyEngineAnswers({
    'agents.list': () => [agentView({ name: 'alpha', state: 'up' }), agentView({ name: 'beta', state: 'down' })],
    'services.list': () => [serviceView({ name: 'console-own', status: 'up' })],
    // A console without users: nothing is denied.
    'auth.me': () => null,
    'agents.follow': (input) => ({ following: (input as { events: string[] }).events }),
    'alerts.list': () => [],
  });
  const bridge = recordingBridge((name, input) => {
    if (name === 'agents.call') {
      const call = input as { agent: string; command: CommandName; input?: unknown };
      return onAgent(call.agent, call.command, call.input);
    }
    return local(name, input);
  });
  // The link to the console stays up: the feeds read its state.
  (bridge as { connection: unknown }).connection = {
    current: () => ({ socket: 'open', signedOut: false }),
    onChange: () => () => undefined,
    onResync: () => () => undefined,
  };
  bridge.subscribe = ((name: string, listener: (payload: unknown) => void) => {
    const set = listeners.get(name) ?? new Set();
    set.add(listener);
    listeners.set(name, set);
    return () => set.delete(listener);
  }) as typeof bridge.subscribe;
  const emit = (name: string, payload: unknown) => act(() => listeners.get(name)?.forEach((listener) => listener(payload)));
  return { bridge, emit };
}

const onAlpha = (services: ServiceView[]) => {
  const answers = emptyEngineAnswers({ 'services.list': () => services, 'alerts.list': () => [] });
  return (agentName: string, command: CommandName, input: unknown) => {
    if (agentName !== 'alpha') throw new Error(`asked ${agentName}`);
    return answers(command, input);
  };
};

function renderHost(bridge: ReturnType<typeof consoleBridge>['bridge'], path: string) {
  // The stores start on this console, as main.tsx feeds them.
  feedHost(bridge, LOCAL_HOST);
  return renderInConsole(
    <Route path="/hosts/:name" nest>
      {(params: { name: string }) => <HostPages name={decodeURIComponent(params.name)} />}
    </Route>,
    { bridge, path },
  );
}

describe("an agent's pages in the console (#/hosts/<name>)", () => {
  it("shows the agent's services through agents.call, follows its events, and gives the stores back to the console on leaving", async () => {
    const { bridge, emit } = consoleBridge(onAlpha([serviceView({ name: 'api-on-alpha', status: 'up' })]));
    const { unmount } = renderHost(bridge, '/hosts/alpha/services');

    expect((await screen.findByTestId('service-link-api-on-alpha')).getAttribute('href')).toBe('#/hosts/alpha/services/api-on-alpha');
    expect(screen.queryByTestId('service-link-console-own')).toBeNull();
    expect(screen.getByTestId('host-banner').getAttribute('data-state')).toBe('up');
    expect(hostShown()).toBe('alpha');
    expect(bridge.calls).toContainEqual({ name: 'agents.call', input: { agent: 'alpha', command: 'services.list' } });
    // Who is signed in stays the console's: it decides what may be forwarded.
    expect(bridge.calls.filter((call) => call.name === 'agents.call').map((call) => (call.input as { command: string }).command)).not.toContain('auth.me');
    expect(bridge.calls).toContainEqual({ name: 'agents.follow', input: { agent: 'alpha', events: ['services.changed'] } });

    // The agent's event, relayed by the console, changes its page; another agent's does not.
    emit('agents.event', { agent: 'alpha', name: 'services.changed', payload: [serviceView({ name: 'api-on-alpha', status: 'down' })] });
    await waitFor(() => expect(useServicesStore.getState().services[0]?.status).toBe('down'));
    emit('agents.event', { agent: 'beta', name: 'services.changed', payload: [serviceView({ name: 'from-beta', status: 'up' })] });
    expect(useServicesStore.getState().services.map((service) => service.name)).toEqual(['api-on-alpha']);

    // The sections are links within the host's pages, the current one marked.
    expect(screen.getByTestId('host-section-services').getAttribute('aria-current')).toBe('page');
    expect(screen.getByTestId('host-section-alerts').getAttribute('href')).toBe('#/hosts/alpha/alerts');

    unmount();
    expect(hostShown()).toBe(LOCAL_HOST);
    await waitFor(() => expect(useServicesStore.getState().services.map((service) => service.name)).toEqual(['console-own']));
  });

  it("operates the agent's service on the agent: services.stop goes through agents.call to alpha", async () => {
    const { bridge } = consoleBridge(
      onAlpha([
        serviceView({
          name: 'worker',
          status: 'running',
          runner: 'process',
          runtime: { pid: 42, startedAt: Date.now() - 60_000, restarts: 0, phase: 'running', cpuPercent: 1, memoryBytes: 1e6 } as ServiceView['runtime'],
        }),
      ]),
    );
    renderHost(bridge, '/hosts/alpha/services');
    const row = (await screen.findByTestId('service-link-worker')).closest('tr') as HTMLElement;
    // No confirm_destructive environment: the stop goes at once.
    await userEvent.click(within(row).getByRole('button', { name: /stop/i }));
    await waitFor(() =>
      expect(bridge.calls.find((call) => call.name === 'agents.call' && (call.input as { command: string }).command === 'services.stop')?.input).toMatchObject({
        agent: 'alpha',
        command: 'services.stop',
        input: { services: ['worker'] },
      }),
    );
    expect(bridge.calls.map((call) => call.name)).not.toContain('services.stop');
  });

  it('says so when the agent is down, and when there is no such agent', async () => {
    const down = consoleBridge(() => {
      throw new Error('agent beta is down');
    });
    const first = renderHost(down.bridge, '/hosts/beta/alerts');
    expect((await screen.findByTestId('host-not-up')).textContent).toContain('beta is down');
    expect(screen.getByTestId('host-not-up').textContent).toContain('ECONNREFUSED');
    first.unmount();

    renderHost(down.bridge, '/hosts/gamma/services');
    expect((await screen.findByTestId('host-unknown')).textContent).toContain('No agent "gamma"');
    expect(hostShown()).toBe(LOCAL_HOST);
  });

  it("links each agent on the Fleet page to its pages, and an agent's service to its page there", async () => {
    const { bridge } = consoleBridge(() => undefined);
    bridge.invoke = ((name: CommandName, input?: unknown) => {
      bridge.calls.push({ name, input });
      if (name === 'agents.list') return Promise.resolve([agentView({ name: 'alpha', state: 'up' })]);
      if (name === 'fleet.services') return Promise.resolve({ services: [{ ...serviceView({ name: 'api', status: 'up' }), host: 'alpha' }], missing: [] });
      if (name === 'fleet.alerts') return Promise.resolve({ alerts: [], missing: [] });
      return Promise.resolve(undefined);
    }) as typeof bridge.invoke;
    renderInConsole(<FleetPage />, { bridge });
    expect((await screen.findByTestId('agent-link-alpha')).getAttribute('href')).toBe('#/hosts/alpha');
    expect((await screen.findByRole('link', { name: 'api' })).getAttribute('href')).toBe('#/hosts/alpha/services/api');
  });
});
