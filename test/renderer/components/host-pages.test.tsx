// @vitest-environment jsdom
// The console's providers and jsdom's missing browser parts first: uPlot reads matchMedia when it loads.
import { recordingBridge, renderInConsole } from './render';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Route } from 'wouter';
import { FleetPage } from '../../../src/renderer/src/pages/FleetPage';
import { HostPages } from '../../../src/renderer/src/pages/HostPages';
import { HealthSummary } from '../../../src/renderer/src/shell/HealthSummary';
import { CommandPalette } from '../../../src/renderer/src/shell/CommandPalette';
import { spotlight } from '@mantine/spotlight';
import { feedHost, hostShown } from '../../../src/renderer/src/stores/host-feeds';
import { useMeStore } from '../../../src/renderer/src/stores/me-store';
import { useServicesStore } from '../../../src/renderer/src/stores/services-store';
import type { CommandName } from '../../../src/shared/contract';
import { LOCAL_HOST } from '../../../src/shared/fleet-hosts';
import type { ServiceView } from '../../../src/shared/types/service';
import type { HealthSummary as Health } from '../../../src/shared/types/app';
import type { AnomalyInsight, InsightsView } from '../../../src/shared/types/insights';
import type { IncidentView } from '../../../src/shared/types/incidents';
import type { AuditEntry } from '../../../src/shared/types/operate';
import { emptyEngineAnswers } from './answers';
import { installCanvasShim } from './canvas-shim';
import { agentView, alertView, serviceView } from '../../fixtures/views';

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
    'health.get': (): Health => ({ level: 'ok', services: 1, down: 0, pending: 0, firing: 0, at: 0 }),
    // The palette reads sentences with it; these tests type names.
    'assistant.parse': () => Promise.reject(new Error('no assistant in this test')),
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

/** What alpha's Insights page lists: nothing, unless a test says. */
const noInsights = (): InsightsView => ({
  at: 0,
  anomalies: [],
  incidents: [],
  forecasts: [],
  notices: [],
  advice: [],
  findings: [],
  scoredSeries: 0,
  forecastSeries: 0,
});

/** A CPU anomaly still going on (90 %, typically 5 %): a service's, or the machine's (null). */
const cpuAnomaly = (id: string, service: string | null): AnomalyInsight => {
  const metric = service === null ? 'machine_cpu_percent' : 'service_cpu_percent';
  const labels: Record<string, string> = service === null ? {} : { service };
  return {
    kind: 'anomaly',
    id,
    series: { metric, labels, selector: service === null ? metric : `${metric}{service="${service}"}` },
    service,
    startedAt: 1_000,
    endedAt: null,
    lastAt: 2_000,
    peakScore: 0.99,
    value: 90,
    typical: 5,
    summary: `CPU of ${service ?? 'the machine'} at 90 %, typically 5 %`,
  };
};

const onAlpha = (services: ServiceView[]) => {
  const answers = emptyEngineAnswers({ 'services.list': () => services, 'alerts.list': () => [], 'insights.list': noInsights });
  return (agentName: string, command: CommandName, input: unknown) => {
    if (agentName !== 'alpha') throw new Error(`asked ${agentName}`);
    return answers(command, input);
  };
};

/** The command palette's action of this label (its text is split by the query's highlight). */
function paletteAction(label: string): HTMLElement {
  const action = [...document.querySelectorAll<HTMLElement>('.mantine-Spotlight-action')].find(
    (element) => element.querySelector('.mantine-Spotlight-actionLabel')?.textContent === label,
  );
  if (action === undefined) throw new Error(`no palette action "${label}"`);
  return action;
}

function renderHost(bridge: ReturnType<typeof consoleBridge>['bridge'], path: string) {
  // The stores start on this console, as main.tsx feeds them.
  feedHost(bridge, LOCAL_HOST);
  // The console's header beside the host's pages, as the shell has it.
  return renderInConsole(
    <>
      <HealthSummary onOpen={() => undefined} />
      <Route path="/hosts/:name" nest>
        {(params: { name: string }) => <HostPages name={decodeURIComponent(params.name)} />}
      </Route>
    </>,
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

  it("keeps the header's health this console's, puts the agent's firing alerts and insights in its banner, and sends its Logs links to its lines", async () => {
    const insights: InsightsView = {
      ...noInsights(),
      anomalies: [cpuAnomaly('a1', 'api-on-alpha')],
      scoredSeries: 1,
    };
    const answers = emptyEngineAnswers({
      'services.list': () => [serviceView({ name: 'api-on-alpha', status: 'up' })],
      'alerts.list': () => [alertView({ alertname: 'Hot' }), alertView({ alertname: 'Slow' }), alertView({ alertname: 'Gone', state: 'resolved' })],
      // alpha's own health: were it shown in the header, it would say 2 firing there.
      'health.get': (): Health => ({ level: 'critical', services: 1, down: 1, pending: 0, firing: 2, at: 0 }),
      'insights.list': () => insights,
    });
    const { bridge } = consoleBridge((agentName, command, input) => {
      if (agentName !== 'alpha') throw new Error(`asked ${agentName}`);
      return answers(command, input);
    });
    renderHost(bridge, '/hosts/alpha/services/api-on-alpha');

    // alpha's figures in alpha's banner, each opening alpha's page of them.
    const firing = await screen.findByTestId('host-firing');
    expect([firing.textContent, firing.getAttribute('href')]).toEqual(['2 firing', '#/hosts/alpha/alerts']);
    const insightsBadge = await screen.findByTestId('host-insights');
    expect([insightsBadge.textContent, insightsBadge.getAttribute('href')]).toEqual(['1 insight', '#/hosts/alpha/insights']);
    // The header is this console's: healthy, nothing firing here.
    await waitFor(() => expect(screen.getByTestId('health-summary').getAttribute('data-level')).toBe('ok'));
    expect(screen.getByTestId('health-summary').textContent).toContain('0 firing');
    expect(bridge.calls.some((call) => call.name === 'agents.call' && (call.input as { command: string }).command === 'health.get')).toBe(false);

    // The service's Logs button and its anomaly badge lead to alpha's lines and alpha's insights.
    expect((await screen.findByTestId('service-logs')).getAttribute('href')).toBe('#/logs?service=api-on-alpha&range=1h&host=alpha');
    expect((await screen.findByTestId('anomaly-badge-api-on-alpha')).getAttribute('href')).toBe('#/hosts/alpha/insights');
  });

  it("keeps the links of an agent's incidents, audit, alerts and service pages on the agent", async () => {
    const at = Date.now() - 600_000;
    const incident: IncidentView = {
      id: 3,
      title: 'api-on-alpha down',
      status: 'resolved',
      start: at,
      end: at + 60_000,
      services: ['api-on-alpha'],
      alerts: [],
      anomalies: [],
      outages: [{ service: 'api-on-alpha', status: 'down', at, reason: null }],
      causes: [
        {
          kind: 'change',
          target: 'restart api-on-alpha',
          service: 'api-on-alpha',
          score: 0.9,
          evidence: [
            { kind: 'change', text: 'restarted just before', link: { kind: 'audit', auditId: 11 } },
            { kind: 'pattern', text: 'a new error', link: { kind: 'logs', service: 'api-on-alpha', query: 'refused', start: at, end: at + 60_000 } },
            { kind: 'deviation', text: 'its latency rose', link: { kind: 'chart', query: 'probe_duration_seconds', start: at, end: at + 60_000 } },
          ],
        },
      ],
      note: null,
      rankedAt: at,
      rankings: 1,
      confirmed: null,
      previous: { incidentId: 2, start: at - 86_400_000, cause: { kind: 'change', target: 'restart api-on-alpha', by: 'ana', at: at - 86_000_000 } },
    };
    const audit: AuditEntry = {
      id: 11,
      at,
      actor: 'browser',
      action: 'restart',
      target: 'api-on-alpha',
      outcome: 'ok',
      message: 'restarted',
      durationMs: 5,
      operation: 'op-1',
      details: null,
    };
    const answers = emptyEngineAnswers({
      'services.list': () => [],
      'alerts.list': () => [],
      'rules.list': () => [],
      'silences.list': () => [],
      'insights.list': noInsights,
      'incidents.list': () => [incident],
      'incidents.get': () => incident,
      'audit.list': () => [audit],
      'logs.search': () => ({
        lines: [{ id: 42, ts: at, level: 'error', service: 'api-on-alpha', source: 'api.log', patternId: null, text: 'connection refused' }],
        nextCursor: null,
        complete: true,
        terms: [],
        tookMs: 0,
      }),
    });
    const { bridge } = consoleBridge((agentName, command, input) => {
      if (agentName !== 'alpha') throw new Error(`asked ${agentName}`);
      return answers(command, input);
    });
    const hrefOf = async (element: Promise<HTMLElement>) => (await element).getAttribute('href');

    // Its sections include its incidents, rules, audit and config.
    const incidents = renderHost(bridge, '/hosts/alpha/incidents');
    expect(await hrefOf(screen.findByRole('link', { name: '#3' }))).toBe('#/hosts/alpha/incidents/3');
    expect(screen.getByTestId('host-section-incidents').getAttribute('aria-current')).toBe('page');
    for (const section of ['rules', 'audit', 'config'])
      expect(screen.getByTestId(`host-section-${section}`).getAttribute('href')).toBe(`#/hosts/alpha/${section}`);
    incidents.unmount();

    // An incident of alpha: its service, the similar incident, the list, the audit log, and its evidence stay on alpha.
    const detail = renderHost(bridge, '/hosts/alpha/incidents/3');
    expect(await hrefOf(screen.findByRole('link', { name: 'api-on-alpha' }))).toMatch(/^#\/hosts\/alpha\/services\/api-on-alpha\?from=/);
    expect(screen.getByRole('link', { name: 'incident 2' }).getAttribute('href')).toBe('#/hosts/alpha/incidents/2');
    expect(screen.getByRole('link', { name: 'All incidents' }).getAttribute('href')).toBe('#/hosts/alpha/incidents');
    expect(screen.getByRole('link', { name: 'audit entry 11' }).getAttribute('href')).toBe('#/hosts/alpha/audit/11');
    expect(screen.getByRole('link', { name: 'api-on-alpha logs' }).getAttribute('href')).toMatch(
      /^#\/logs\?q=service%3Aapi-on-alpha\+refused&range=\w+&host=alpha$/,
    );
    // Explore shows this console's series: no chart link on alpha's pages.
    expect(document.querySelector('[data-evidence-link="chart"]')).toBeNull();
    // alpha's log lines open their context on alpha (their ids are alpha's).
    expect(await hrefOf(screen.findByTitle('The lines around it'))).toBe('#/logs?line=42&host=alpha');
    detail.unmount();

    const auditPage = renderHost(bridge, '/hosts/alpha/audit');
    expect(await hrefOf(screen.findByRole('link', { name: '(operation)' }))).toBe('#/hosts/alpha/audit/operation/op-1');
    auditPage.unmount();

    // No rules on alpha: its Alerts page sends to its Config; a missing service's page too.
    const alerts = renderHost(bridge, '/hosts/alpha/alerts');
    expect(await hrefOf(screen.findByRole('link', { name: 'Open Config' }))).toBe('#/hosts/alpha/config');
    alerts.unmount();
    renderHost(bridge, '/hosts/alpha/services/gone');
    expect(await hrefOf(screen.findByRole('link', { name: 'Config' }))).toBe('#/hosts/alpha/config');
    // The pages read alpha's incidents and audit log, through the console.
    const onAlphaCalls = bridge.calls.flatMap((call) => (call.name === 'agents.call' ? [(call.input as { command: string }).command] : []));
    expect(onAlphaCalls).toEqual(expect.arrayContaining(['incidents.list', 'audit.list', 'logs.search']));
  });

  it("offers no terminal for an agent's service (its tmux is on the agent), and the palette acts on the agent's pages", async () => {
    const worker = serviceView({
      name: 'worker',
      status: 'running',
      runner: 'tmux',
      runtime: {
        pid: 42,
        startedAt: Date.now() - 60_000,
        restarts: 0,
        phase: 'running',
        cpuPercent: 1,
        memoryBytes: 1e6,
        tmuxTarget: 'shop:worker',
      } as ServiceView['runtime'],
    });
    const { bridge } = consoleBridge(onAlpha([worker]));
    const went: string[] = [];
    feedHost(bridge, LOCAL_HOST);
    renderInConsole(
      <>
        <CommandPalette navigate={(path) => went.push(path)} openShortcuts={() => undefined} />
        <Route path="/hosts/:name" nest>
          {(params: { name: string }) => <HostPages name={decodeURIComponent(params.name)} />}
        </Route>
      </>,
      { bridge, path: '/hosts/alpha/services' },
    );
    await userEvent.click(await screen.findByTestId('more-worker'));
    const item = (await screen.findByText(/^Terminal \(/)).closest('[role="menuitem"]') as HTMLElement;
    expect(item.textContent).toBe("Terminal (runs on alpha: open it from alpha's own console)");
    expect(item.hasAttribute('data-disabled')).toBe(true);
    await userEvent.keyboard('{Escape}');

    act(() => spotlight.open());
    await userEvent.type(await screen.findByPlaceholderText(/Go to a page or a service/), 'worker');
    await userEvent.click(await waitFor(() => paletteAction('Open service worker')));
    expect(went).toEqual(['/hosts/alpha/services/worker']);
    act(() => spotlight.open());
    await userEvent.clear(await screen.findByPlaceholderText(/Go to a page or a service/));
    await userEvent.type(await screen.findByPlaceholderText(/Go to a page or a service/), 'worker');
    const restart = await waitFor(() => paletteAction('Restart worker'));
    expect(() => paletteAction('Open terminal worker')).toThrow();
    await userEvent.click(restart);
    expect(went.at(-1)).toBe('/hosts/alpha/services');
  });

  it("reads a sentence typed on an agent's pages with the agent's names and runs it there, never on this console", async () => {
    const worker = serviceView({ name: 'worker', status: 'running' });
    const answers = emptyEngineAnswers({
      'services.list': () => [worker],
      'alerts.list': () => [],
      'insights.list': noInsights,
      'assistant.parse': (input) => {
        const text = (input as { text: string }).text;
        if (text === 'restart worker') return { commands: [{ command: 'services.restart', input: { services: ['worker'] } }] };
        if (text === 'why is worker down') return { explain: { question: 'why', service: 'worker', symptom: 'down' } };
        return { commands: [{ command: 'metrics.query', input: { query: 'service_cpu_percent{service="worker"}' } }] };
      },
      'assistant.explain': () => ({
        question: 'why is worker down?',
        lines: [{ text: 'worker exited with code 1.', links: [{ kind: 'audit', auditId: 7 }] }],
        incidentIds: [3],
      }),
      'services.restart': () => ({ ok: true, summary: 'restarted worker', results: [] }),
    });
    const { bridge } = consoleBridge((agentName, command, input) => {
      if (agentName !== 'alpha') throw new Error(`asked ${agentName}`);
      return answers(command, input);
    });
    feedHost(bridge, LOCAL_HOST);
    renderInConsole(
      <>
        <CommandPalette navigate={() => undefined} openShortcuts={() => undefined} />
        <Route path="/hosts/:name" nest>
          {(params: { name: string }) => <HostPages name={decodeURIComponent(params.name)} />}
        </Route>
      </>,
      { bridge, path: '/hosts/alpha/services' },
    );
    await screen.findByTestId('more-worker');
    act(() => spotlight.open());
    await userEvent.type(await screen.findByPlaceholderText(/Go to a page or a service/), 'restart worker');
    const action = await screen.findByTestId('assistant-action', {}, { timeout: 3_000 });
    expect(action.textContent).toContain('on alpha');
    await userEvent.click(action);
    await screen.findByText('Run this on alpha?');
    await userEvent.click(screen.getByTestId('assistant-run'));
    const onAlpha = (name: string) =>
      bridge.calls.filter((call) => call.name === 'agents.call' && (call.input as { command: string }).command === name).map((call) => call.input);
    await waitFor(() =>
      expect(onAlpha('services.restart')).toEqual([{ agent: 'alpha', command: 'services.restart', input: { services: ['worker'], confirm: true } }]),
    );
    expect(onAlpha('assistant.parse')).not.toEqual([]);
    // Nothing of it reached this console's own engine.
    expect(bridge.calls.map((call) => call.name)).not.toContain('services.restart');
    expect(bridge.calls.map((call) => call.name)).not.toContain('assistant.parse');

    // A chart is this console's series: from alpha's pages the sentence is offered, greyed, with why.
    act(() => spotlight.open());
    await userEvent.clear(await screen.findByPlaceholderText(/Go to a page or a service/));
    await userEvent.type(await screen.findByPlaceholderText(/Go to a page or a service/), 'show cpu of worker');
    const chart = await screen.findByTestId('assistant-action', {}, { timeout: 3_000 });
    await waitFor(() => expect(chart.textContent).toContain("Not from alpha's pages"));
    expect(chart.hasAttribute('disabled') || chart.getAttribute('data-disabled') === 'true').toBe(true);

    // "Why is worker down?" is alpha's to answer, and its links stay on alpha's pages.
    await userEvent.clear(await screen.findByPlaceholderText(/Go to a page or a service/));
    await userEvent.type(await screen.findByPlaceholderText(/Go to a page or a service/), 'why is worker down');
    await userEvent.click(await screen.findByTestId('assistant-explain', {}, { timeout: 3_000 }));
    expect((await screen.findByTestId('explain-line')).textContent).toContain('worker exited with code 1.');
    expect(onAlpha('assistant.explain')).toHaveLength(1);
    expect(screen.getByTestId('explain-incident-link').getAttribute('href')).toBe('#/hosts/alpha/incidents/3');
    expect(document.querySelector('[data-evidence-link="audit"]')?.getAttribute('href')).toMatch(/^#\/hosts\/alpha\/audit/);
  });

  it("does not send an agent's machine anomaly to this console's Overview", async () => {
    const machine: InsightsView = {
      ...noInsights(),
      anomalies: [cpuAnomaly('m1', null)],
      scoredSeries: 1,
    };
    const answers = emptyEngineAnswers({ 'services.list': () => [], 'alerts.list': () => [], 'insights.list': () => machine });
    const { bridge } = consoleBridge((_agent, command, input) => answers(command, input));
    renderHost(bridge, '/hosts/alpha/insights');
    expect((await screen.findByTestId('insight-no-charts')).textContent).toBe("alpha's machine");
    expect(screen.queryByRole('link', { name: 'Overview' })).toBeNull();
  });
});
