// @vitest-environment jsdom
import { giveViewerASize } from '../../helpers/jsdom-viewer-size';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { LogsPage } from '../../../src/renderer/src/pages/LogsPage';
import type { LogsRoute } from '../../../src/renderer/src/pages/logs/logs-route';
import type { FleetLogs } from '../../../src/shared/types/fleet';
import type { LogsStatus } from '../../../src/shared/types/logs';
import { agentView, serviceView } from '../../fixtures/views';
import { useServicesStore } from '../../../src/renderer/src/stores/services-store';
import { recordingBridge, renderInConsole } from './render';

function Harness({ initial }: { initial: LogsRoute }) {
  const [route, setRoute] = useState(initial);
  return <LogsPage route={route} go={setRoute} />;
}

const hit = (id: number, ts: number, host: string) => ({
  id,
  ts,
  level: 'error' as const,
  service: 'api',
  source: 'api.log',
  patternId: null,
  text: `timeout ${id}`,
  host,
});

/** A console with the agents alpha (up) and beta (down); `consoleLines`: what its own store holds (0: no sources of its own). */
function bridge(consoleLines = 1) {
  return recordingBridge((name, input) => {
    if (name === 'agents.list') return [agentView({ name: 'alpha', state: 'up' }), agentView({ name: 'beta', state: 'down' })];
    if (name === 'logs.search') return { lines: [], nextCursor: null, complete: true, terms: [], tookMs: 1, total: { count: 0, exact: true } };
    if (name === 'fleet.logs') {
      const hosts = (input as { hosts?: string[] }).hosts;
      const answer: FleetLogs = {
        lines: [hit(5, 2_000, 'alpha'), hit(9, 1_000, 'local')].filter((line) => hosts === undefined || hosts.includes(line.host)),
        terms: ['timeout'],
        cursors: {},
        complete: true,
        tookMs: 1,
        missing: hosts === undefined ? [{ agent: 'beta', reason: 'agent beta is down: connect ECONNREFUSED 127.0.0.1:7400' }] : [],
      };
      return answer;
    }
    if (name === 'logs.tail') return { tailId: 'local-tail', terms: [] };
    if (name === 'agents.follow') return { following: ['logs.lines'] };
    if (name === 'agents.call') {
      const call = input as { agent: string; command: string };
      // An agent's context: its own lines around its own line 5 (ids are each host's own).
      if (call.command === 'logs.context')
        return { anchor: hit(5, 2_000, call.agent), lines: [hit(4, 1_500, call.agent), hit(5, 2_000, call.agent)], moreBefore: false, moreAfter: false };
      // An agent's own store: 4,321 lines from its worker's output (this console's holds `consoleLines`, and no worker).
      if (call.command === 'logs.status') return agentStatus;
      return { tailId: `${call.agent}-tail`, terms: [] };
    }
    if (name === 'logs.patterns') return [];
    if (name === 'logs.status')
      return {
        store: { lines: consoleLines, bytes: 10, maxBytes: 1024 ** 3, maxAgeMs: 86_400_000, oldestAt: null, newestAt: null, partitions: 1, lastDrop: null },
        sources: [],
      };
    return undefined;
  });
}

const agentStatus: LogsStatus = {
  store: { lines: 4_321, bytes: 2_048, maxBytes: 1024 ** 3, maxAgeMs: 86_400_000, oldestAt: null, newestAt: null, partitions: 1, lastDrop: null },
  sources: [
    {
      key: 'service:worker',
      kind: 'service',
      name: 'worker output',
      service: 'worker',
      state: 'following',
      message: null,
      lines: 4_321,
      bytes: 2_048,
      copies: 0,
      lastLineAt: null,
    },
  ],
};

giveViewerASize();
afterEach(() => useServicesStore.setState(useServicesStore.getInitialState(), true));

describe('the Logs page over a fleet', () => {
  it("picks a host: every host's lines labelled with theirs, an agent that cannot answer said; one agent's alone", async () => {
    const recording = bridge();
    renderInConsole(<Harness initial={{ query: 'timeout', anchor: null, scope: 'all', range: null }} />, { bridge: recording });
    const picker = await screen.findByTestId('logs-host');
    expect(picker).toHaveProperty('value', 'local (this console)');
    expect(recording.calls.some((call) => call.name === 'fleet.logs')).toBe(false);

    await userEvent.click(picker);
    expect(await screen.findByText('beta (down)')).toBeTruthy();
    await userEvent.click(await screen.findByText('All hosts'));
    await waitFor(() => expect(recording.calls.find((call) => call.name === 'fleet.logs')?.input).toMatchObject({ query: 'timeout', limit: 500 }));
    await waitFor(() => expect(screen.getAllByTestId('log-row')).toHaveLength(2));
    // Oldest first, each naming its host; each line opens the lines around it on its own host.
    expect(screen.getAllByTestId('log-row-host').map((cell) => cell.textContent)).toEqual(['local', 'alpha']);
    const rows = screen.getAllByTestId('log-row');
    expect(
      within(rows[0] as HTMLElement)
        .getByTestId('log-line-context')
        .getAttribute('href'),
    ).toBe('#/logs?line=9&q=timeout');
    expect(
      within(rows[1] as HTMLElement)
        .getByTestId('log-line-context')
        .getAttribute('href'),
    ).toBe('#/logs?line=5&q=timeout&host=alpha');
    expect(screen.getByTestId('logs-hosts-missing').textContent).toContain('No lines from beta: agent beta is down: connect ECONNREFUSED');

    await userEvent.click(screen.getByTestId('logs-host'));
    await userEvent.click(await waitFor(() => screen.getAllByText('alpha').find((element) => element.closest('[role="option"]') !== null) as HTMLElement));
    await waitFor(() => expect(screen.getAllByTestId('log-row-host').map((cell) => cell.textContent)).toEqual(['alpha']));
    expect(recording.calls.filter((call) => call.name === 'fleet.logs').at(-1)?.input).toMatchObject({ hosts: ['alpha'] });
    expect(screen.queryByTestId('logs-hosts-missing')).toBeNull();
  });

  it("shows the lines around an agent's moment from that agent (a link from its pages: service, at, host), also on a console with no log sources of its own", async () => {
    const recording = bridge(0);
    renderInConsole(<Harness initial={{ query: '', anchor: { at: 2_000, service: 'api' }, scope: 'all', range: null, host: 'alpha' }} />, {
      bridge: recording,
    });
    await waitFor(() => expect(screen.getAllByTestId('log-row')).toHaveLength(2));
    expect(recording.calls.find((call) => call.name === 'agents.call')?.input).toEqual({
      agent: 'alpha',
      command: 'logs.context',
      input: { at: 2_000, service: 'api', before: 100, after: 100 },
    });
    expect(recording.calls.some((call) => call.name === 'logs.context')).toBe(false);
    // Its other line opens the context around it, on alpha still.
    expect(
      within(screen.getAllByTestId('log-row')[0] as HTMLElement)
        .getByTestId('log-line-context')
        .getAttribute('href'),
    ).toBe('#/logs?line=4&host=alpha');
  });

  it("describes one agent's store and sources in the header (read through the agent), not this console's", async () => {
    const recording = bridge(7);
    useServicesStore.setState({ services: [serviceView({ name: 'console-own', status: 'up' })] });
    renderInConsole(<Harness initial={{ query: '', anchor: null, scope: 'all', range: null, host: 'alpha' }} />, { bridge: recording });
    await waitFor(() => expect(screen.getByText(/lines stored/).textContent).toBe('4,321 lines stored on alpha · 2 KB of 1 GB'));
    expect(screen.getByTestId('log-sources-button').textContent).toBe('1 source');
    expect(recording.calls).toContainEqual({ name: 'agents.call', input: { agent: 'alpha', command: 'logs.status' } });
    // The service picker offers the agent's services, not this console's.
    await userEvent.click(screen.getByTestId('logs-service'));
    const offered = () => [...document.querySelectorAll('[role="listbox"][aria-label="Service"] [role="option"]')].map((option) => option.textContent);
    await waitFor(() => expect(offered()).toEqual(['worker']));
  });

  it("names this console as the store's owner when every host's lines are shown", async () => {
    renderInConsole(<Harness initial={{ query: '', anchor: null, scope: 'all', range: null, host: 'all' }} />, { bridge: bridge(7) });
    await waitFor(() => expect(screen.getByText(/lines stored/).textContent).toMatch(/^7 lines stored on this console · /));
  });
});
